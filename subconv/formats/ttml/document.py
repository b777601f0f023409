"""TTML documents as XML: the namespaces, and an element tree built by expat that refuses DOCTYPE and
entity declarations (so no entity is ever expanded and nothing external fetched)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from xml.parsers import expat

from ...errors import ParseError

STEP = "ttml"
NS = "http://www.w3.org/ns/ttml"
NS_TTP = "http://www.w3.org/ns/ttml#parameter"
NS_TTS = "http://www.w3.org/ns/ttml#styling"
NS_TTM = "http://www.w3.org/ns/ttml#metadata"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_SPACE = f"{{{XML_NS}}}space"  # (the xml:space attribute, as expat names it)
IMSC_TEXT_PROFILE = "http://www.w3.org/ns/ttml/profile/imsc1.1/text"


#: characters of the text given to expat at a time (the text is never encoded whole)
CHUNK = 1 << 16

Hook = Callable[[ET.Element, int], None]


class Tree:
    """An element tree built from expat events, refusing DOCTYPE and entity declarations.

    ``on_start(el, line)`` is called as each element starts (its attributes known, its content
    not yet) and ``on_end(el, line)`` as it ends: a reader may take an element's content at its
    end and detach it from its parent, so that the tree never holds the whole document."""

    def __init__(self, on_start: Hook | None = None, on_end: Hook | None = None) -> None:
        self.builder = ET.TreeBuilder()
        self.lines: dict[int, int] = {}  # id(element) -> line of its start tag
        self.on_start, self.on_end = on_start, on_end
        self.parser = expat.ParserCreate(encoding="utf-8", namespace_separator="}")
        p = self.parser
        p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        p.StartElementHandler = self._start
        p.EndElementHandler = self._end
        p.CharacterDataHandler = self.builder.data
        p.StartDoctypeDeclHandler = self._refuse_doctype
        p.EntityDeclHandler = self._refuse_entity
        p.buffer_text = True

    @staticmethod
    def _name(name: str) -> str:
        return "{" + name if "}" in name else name

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        el = self.builder.start(self._name(name), {self._name(k): v for k, v in attrs.items()})
        line = self.lines[id(el)] = self.parser.CurrentLineNumber
        if self.on_start is not None:
            self.on_start(el, line)

    def _end(self, name: str) -> None:
        el = self.builder.end(self._name(name))
        if self.on_end is not None:
            self.on_end(el, self.parser.CurrentLineNumber)

    def _refuse_doctype(self, *args: object) -> None:
        raise ParseError(
            STEP, "a DOCTYPE is not allowed (entities are never expanded)", line=self.parser.CurrentLineNumber
        )

    def _refuse_entity(self, *args: object) -> None:
        raise ParseError(STEP, "an entity declaration is not allowed", line=self.parser.CurrentLineNumber)

    def parse(self, text: str) -> ET.Element:
        return self.parse_pieces(text[at : at + CHUNK] for at in range(0, len(text), CHUNK))

    def parse_pieces(self, pieces: Iterable[str]) -> ET.Element:
        """The document the text ``pieces`` make (cut anywhere), given to expat a piece at a time."""
        try:
            for piece in pieces:
                self.parser.Parse(piece.encode("utf-8", "surrogatepass"), False)
            self.parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise ParseError(
                STEP, f"not well-formed XML: {expat.ErrorString(exc.code)}", line=exc.lineno, column=exc.offset + 1
            ) from None
        finally:  # (the parser's handlers refer to this tree, which refers to the parser: a cycle)
            p = self.parser
            p.StartElementHandler = p.EndElementHandler = p.CharacterDataHandler = None
            p.StartDoctypeDeclHandler = p.EntityDeclHandler = None
        root: ET.Element = self.builder.close()
        return root


def local_name(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def attribute(el: ET.Element, local: str) -> str | None:
    """The value of the attribute named ``local`` in any namespace (or none)."""
    value = el.get(local)
    if value is not None:
        return value
    for key, v in el.attrib.items():
        if key.endswith("}" + local):
            return v
    return None


#: a run of XML white space (what the default white-space handling collapses to one space)
XML_SPACES = re.compile(r"[ \t\r\n]+")

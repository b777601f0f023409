"""TTML (``.ttml``, ``.dfxp``): written as an IMSC 1.1 Text Profile document; read from
what subconv writes and from the TTML/DFXP files met in the wild.

**Writing**: ``<tt xml:lang ttp:timeBase="media" ttp:contentProfiles=…imsc1.1/text>``,
a ``head`` with the title (``ttm:title``) and one ``region`` per placement used (``bottom``:
the default; ``top`` for a cue whose ``align`` extra is 7-9, …), and a ``body`` with one
``div`` of ``<p begin end region>`` elements, times as ``HH:MM:SS.mmm``.  Line breaks are
``<br/>``; italic, bold and underline spans are ``<span tts:fontStyle="italic">`` (…
``tts:fontWeight="bold"``, ``tts:textDecoration="underline"``), one flat span per run of
text with the same styles.  A ``p`` whose text has spaces that XML's default white-space
handling would collapse (at a line's ends, runs, tabs) gets ``xml:space="preserve"``.
Characters XML 1.0 cannot hold at all (C0 controls other than tab, CR, LF; U+FFFE/FFFF)
are dropped (reported).  Speakers are written as ``NAME: `` where a turn starts, as in SRT.

**Reading** uses the standard library's expat parser; a document with a ``<!DOCTYPE``
or an entity declaration is refused (``ParseError``), so no entity is ever expanded and
nothing external is fetched.  Accepted: any namespace for ``tt`` (TTML, the old DFXP
``ttaf1`` ones, none); times on ``body``, ``div``, ``p`` and nested ``span`` (``begin``/
``end``/``dur``, relative to the parent, ``par`` and ``seq`` containers); clock times
(``00:00:01.5``, ``00:00:01:12`` frames, ``.sub-frames``) and offsets with ``h m s ms f t``
metrics, using ``ttp:frameRate``, ``ttp:frameRateMultiplier``, ``ttp:subFrameRate`` and
``ttp:tickRate``; styles from attributes, ``style`` references (chained) and ancestors;
``xml:space``; ``region`` placement (``displayAlign``/``textAlign``, or a region's origin in
the upper part of the picture) as the ``align`` extra.  Times are computed exactly (as
fractions) and rounded to the millisecond once.

>>> from subconv.report import Report
>>> doc = ('<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling">'
...        '<body><div><p begin="1.5s" end="00:00:03.250">Hello<br/>'
...        '<span tts:fontStyle="italic">world</span></p></div></body></tt>')
>>> c = read(doc, Report()).cues[0]
>>> c.start, c.end, c.lines, c.spans
(1500, 3250, ('Hello', 'world'), (Span(start=6, end=11, kind='i'),))
"""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from fractions import Fraction
from typing import NamedTuple
from xml.parsers import expat

from ..errors import ParseError, WriteError
from ..model import Cue, FrozenMap, Span, Track
from ..report import Report
from ..timefmt import VTT_CLOCK, clock_formatter
from . import Format, WriteOptions, finish_output, shown_cues
from .escapes import xml_attribute, xml_text
from .placement import explicit_align

STEP = "ttml"
NS = "http://www.w3.org/ns/ttml"
NS_TTP = "http://www.w3.org/ns/ttml#parameter"
NS_TTS = "http://www.w3.org/ns/ttml#styling"
NS_TTM = "http://www.w3.org/ns/ttml#metadata"
XML_NS = "http://www.w3.org/XML/1998/namespace"
IMSC_TEXT_PROFILE = "http://www.w3.org/ns/ttml/profile/imsc1.1/text"

# --------------------------------------------------------------------- sniffing

# (a DOCTYPE may hold an internal subset in brackets: the reader refuses it, with its reason)
_PROLOG = re.compile(
    r"(?:\s+|<\?[^>]{0,2000}\?>|<!--.{0,4000}?-->|<!DOCTYPE[^>\[]{0,2000}(?:\[[^\]]{0,20000}\]\s*)?>)*", re.DOTALL
)
_ROOT = re.compile(r"<(?:[A-Za-z_][\w.-]{0,40}:)?tt[\s>/]")


def sniff(text: str) -> bool:
    """True when the document's root element is ``tt`` (TTML, DFXP, IMSC).

    >>> sniff('<?xml version="1.0"?>\\n<tt xmlns="http://www.w3.org/ns/ttml"><body/></tt>'), sniff("<transcript/>")
    (True, False)
    """
    head = text[:8192].lstrip("\ufeff")
    m = _PROLOG.match(head)
    return _ROOT.match(head, m.end() if m else 0) is not None


# --------------------------------------------------------------------- XML parsing


class _Tree:
    """An element tree built from expat events, refusing DOCTYPE and entity declarations."""

    def __init__(self) -> None:
        self.builder = ET.TreeBuilder()
        self.lines: dict[int, int] = {}  # id(element) -> line of its start tag
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
        self.lines[id(el)] = self.parser.CurrentLineNumber

    def _end(self, name: str) -> None:
        self.builder.end(self._name(name))

    def _refuse_doctype(self, *args: object) -> None:
        raise ParseError(
            STEP, "a DOCTYPE is not allowed (entities are never expanded)", line=self.parser.CurrentLineNumber
        )

    def _refuse_entity(self, *args: object) -> None:
        raise ParseError(STEP, "an entity declaration is not allowed", line=self.parser.CurrentLineNumber)

    def parse(self, text: str) -> ET.Element:
        try:
            self.parser.Parse(text.encode("utf-8", "surrogatepass"), True)
        except expat.ExpatError as exc:
            raise ParseError(
                STEP, f"not well-formed XML: {expat.ErrorString(exc.code)}", line=exc.lineno, column=exc.offset + 1
            ) from None
        root: ET.Element = self.builder.close()
        return root


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _attr(el: ET.Element, local: str) -> str | None:
    """The value of the attribute named ``local`` in any namespace (or none)."""
    value = el.get(local)
    if value is not None:
        return value
    for key, v in el.attrib.items():
        if key.endswith("}" + local):
            return v
    return None


# --------------------------------------------------------------------- times

Time = int | Fraction  # milliseconds, exactly


class _Timing:
    """The document's time parameters."""

    def __init__(self, root: ET.Element, report: Report, line: int) -> None:
        def number(name: str, default: Fraction | None) -> Fraction | None:
            raw = _attr(root, name)
            if raw is None:
                return default
            if not re.fullmatch(r"\d{1,9}(?:\.\d{1,9})?", raw.strip()):
                raise ParseError(STEP, f"bad ttp:{name}", line=line, snippet=raw)
            value = Fraction(raw.strip())
            if value <= 0:
                raise ParseError(STEP, f"ttp:{name} must be positive", line=line, snippet=raw)
            return value

        rate = number("frameRate", None)
        multiplier = Fraction(1)
        raw_mult = _attr(root, "frameRateMultiplier")
        if raw_mult is not None:
            m = re.fullmatch(r"\s*(\d{1,9})\s+(\d{1,9})\s*", raw_mult)
            if m is None or int(m.group(2)) == 0 or int(m.group(1)) == 0:
                raise ParseError(
                    STEP, "bad ttp:frameRateMultiplier (expected two integers)", line=line, snippet=raw_mult
                )
            multiplier = Fraction(int(m.group(1)), int(m.group(2)))
        self.frame_rate = (rate or Fraction(30)) * multiplier
        self.sub_frame_rate = number("subFrameRate", Fraction(1)) or Fraction(1)
        self.tick_rate = number("tickRate", None) or (rate * self.sub_frame_rate if rate else Fraction(1))
        base = _attr(root, "timeBase")
        if base not in (None, "media"):
            report.add(STEP, "warning", f"ttp:timeBase={base!r} read as media time", line)

    _CLOCK = re.compile(r"(\d{2,6}):(\d{2}):(\d{2})(?:(\.\d{1,12})|:(\d{1,6})(?:\.(\d{1,6}))?)?")
    _OFFSET = re.compile(r"(\d{1,15})(\.\d{1,12})?(h|ms|m|s|f|t)")

    _MS_CLOCK = re.compile(r"(\d{2,6}):([0-5]\d):([0-6]\d)\.(\d{3})")

    def ms(self, raw: str, line: int | None) -> Time:
        """A TTML time expression in milliseconds, exactly: an ``int`` when it is a whole number
        of milliseconds written as such (the common ``00:00:01.500``), else a ``Fraction``."""
        fast = self._MS_CLOCK.fullmatch(raw)
        if fast is not None:
            h, mi, s, f = fast.groups()
            return ((int(h) * 60 + int(mi)) * 60 + int(s)) * 1000 + int(f)
        return self.seconds(raw, line) * 1000

    def seconds(self, raw: str, line: int | None) -> Fraction:
        """A TTML time expression in seconds (exactly)."""
        value = raw.strip()
        m = self._CLOCK.fullmatch(value)
        if m is not None:
            h, mi, s, frac, frames, sub = m.groups()
            total = Fraction(int(h) * 3600 + int(mi) * 60 + int(s))
            if frac:
                total += Fraction(frac)
            if frames:
                total += Fraction(int(frames)) / self.frame_rate
                if sub:
                    total += Fraction(int(sub)) / (self.frame_rate * self.sub_frame_rate)
            return total
        m = self._OFFSET.fullmatch(value)
        if m is not None:
            count = Fraction(m.group(1) + (m.group(2) or ""))
            unit = m.group(3)
            scale = {"h": Fraction(3600), "m": Fraction(60), "s": Fraction(1), "ms": Fraction(1, 1000)}.get(unit)
            if scale is not None:
                return count * scale
            if unit == "f":
                return count / self.frame_rate
            return count / self.tick_rate
        raise ParseError(
            STEP,
            "bad time expression (expected like 00:00:01.500, 1.5s, 1500ms, 36f or 15000t)",
            line=line,
            snippet=raw[:60],
        )


def _ms(value: Time) -> int:
    """Exact milliseconds to integer milliseconds, halves rounded up (the only rounding on reading).

    >>> _ms(1500), _ms(Fraction(2001, 2)), _ms(Fraction(-1, 2))
    (1500, 1001, 0)
    """
    if isinstance(value, int):
        return value
    return int((value + Fraction(1, 2)) // 1)


# --------------------------------------------------------------------- styles and regions

_KINDS = ("i", "b", "u")


def _style_kinds(attrs: dict[str, str], inherited: frozenset[str]) -> frozenset[str]:
    """``inherited`` changed by the styling attributes in ``attrs`` (local names)."""
    kinds = set(inherited)
    font_style = attrs.get("fontStyle")
    if font_style is not None:
        (kinds.add if font_style in ("italic", "oblique") else kinds.discard)("i")
    weight = attrs.get("fontWeight")
    if weight is not None:
        (kinds.add if weight == "bold" else kinds.discard)("b")
    decoration = attrs.get("textDecoration")
    if decoration is not None:
        words = decoration.split()
        if "underline" in words:
            kinds.add("u")
        elif "noUnderline" in words or "none" in words:
            kinds.discard("u")
    return frozenset(kinds)


_STYLE_ATTRS = ("fontStyle", "fontWeight", "textDecoration", "displayAlign", "textAlign", "origin", "extent")


class _Styles:
    """Named styles from ``head/styling``, with ``style`` references followed (cycles cut)."""

    def __init__(self, root: ET.Element) -> None:
        self.raw: dict[str, ET.Element] = {}
        for el in root.iter():
            if _local(el.tag) == "style":
                sid = _attr(el, "id")
                if sid:
                    self.raw[sid] = el
        self.cache: dict[str, dict[str, str]] = {}

    def resolve(self, sid: str, seen: frozenset[str] = frozenset()) -> dict[str, str]:
        if sid in self.cache:
            return self.cache[sid]
        el = self.raw.get(sid)
        out: dict[str, str] = {}
        if el is not None and sid not in seen:
            for ref in (_attr(el, "style") or "").split():
                out.update(self.resolve(ref, seen | {sid}))
            out.update(_own_style(el))
        self.cache[sid] = out
        return out

    def of(self, el: ET.Element) -> dict[str, str]:
        """The styling attributes that apply to ``el`` itself: referenced styles, then its own."""
        out: dict[str, str] = {}
        for ref in (el.get("style") or "").split():
            out.update(self.resolve(ref))
        out.update(_own_style(el))
        return out


def _own_style(el: ET.Element) -> dict[str, str]:
    """``el``'s styling attributes (``tts:`` in the TTML namespace or an old DFXP one), by local name."""
    out: dict[str, str] = {}
    for key, v in el.attrib.items():
        if key.startswith("{") and "styl" in key[1 : key.find("}")]:
            name = _local(key)
            if name in _STYLE_ATTRS:
                out[name] = v.strip()
    return out


def _percent_y(value: str | None) -> float | None:
    if not value:
        return None
    parts = value.split()
    if len(parts) == 2 and parts[1].endswith("%"):
        try:
            return float(parts[1][:-1])
        except ValueError:
            return None
    return None


def _align_digit(attrs: dict[str, str]) -> str:
    """The numpad digit (as in ASS ``\\an``) of a region's or paragraph's placement."""
    display = attrs.get("displayAlign")
    if display == "before":
        row = 7
    elif display == "center":
        row = 4
    elif display == "after":
        row = 1
    else:
        y = _percent_y(attrs.get("origin"))
        height = _percent_y("0 " + attrs["extent"].split()[-1]) if len(attrs.get("extent", "").split()) == 2 else None
        row = 7 if y is not None and y < 40 and (height is None or y + height <= 60) else 1
    text_align = attrs.get("textAlign", "center")
    col = {"left": 0, "start": 0, "right": 2, "end": 2}.get(text_align, 1)
    return str(row + col)


def _digit_attrs(digit: str) -> dict[str, str]:
    """The ``displayAlign``/``textAlign`` of a numpad digit (the inverse of :func:`_align_digit`).

    >>> _digit_attrs("8"), _align_digit(_digit_attrs("8"))
    ({'displayAlign': 'before', 'textAlign': 'center'}, '8')
    """
    row, col = divmod(int(digit) - 1, 3)
    return {"displayAlign": ("after", "center", "before")[row], "textAlign": ("left", "center", "right")[col]}


# --------------------------------------------------------------------- reading

_XML_WS = " \t\r\n"


Piece = tuple[str, frozenset[str], bool]  # text, styles, white space preserved ("\n" + True: a <br/>)


def _paragraph_text(p: ET.Element, styles: _Styles, inherited: frozenset[str], preserve: bool) -> list[Piece]:
    """``p``'s content as pieces of text with their styles and ``xml:space``; a line break is
    ``("\n", styles, True)``.  ``metadata`` and animation (``set``) content is skipped."""
    out: list[Piece] = []

    def walk(el: ET.Element, kinds: frozenset[str], keep: bool) -> None:
        space = el.get(f"{{{XML_NS}}}space")
        if space is not None:
            keep = space == "preserve"
        if el.attrib:
            kinds = _style_kinds(styles.of(el), kinds)
        if el.text:
            out.append((el.text, kinds, keep))
        for child in el:
            name = _local(child.tag)
            if name == "br":
                out.append(("\n", kinds, True))
            elif name not in ("metadata", "set", "animate"):
                walk(child, kinds, keep)
            if child.tail:
                out.append((child.tail, kinds, keep))

    walk(p, inherited, preserve)
    return out


def _collapse(pieces: list[Piece]) -> tuple[str, tuple[Span, ...]]:
    """Apply XML default white-space handling to the pieces not preserved (runs of space, tab,
    CR, LF become one space; none at the start or end of a line), then make the text and its
    spans (one per run of a style; adjacent runs of one style are one span)."""
    parts: list[Piece] = []  # (text, styles, ends with a collapsible space)
    line_start = True
    for text, kinds, keep in pieces:
        if keep:
            if text == "\n" or "\n" in text:
                _trim_trailing(parts)
            parts.append((text, kinds, False))
            line_start = text.endswith("\n")
            continue
        t = _XML_SPACES.sub(" ", text)
        if t.startswith(" ") and (line_start or (parts and parts[-1][2])):
            t = t[1:]
        if not t:
            continue
        parts.append((t, kinds, t.endswith(" ")))
        line_start = False
    _trim_trailing(parts)
    texts: list[str] = []
    open_at: dict[str, int] = {}
    spans: list[Span] = []
    pos = 0
    for t, kinds, _ in parts:
        if not t:
            continue
        for kind in _KINDS:
            if kind in kinds:
                open_at.setdefault(kind, pos)
            elif kind in open_at:
                spans.append(Span(open_at.pop(kind), pos, kind))  # type: ignore[arg-type]
        texts.append(t)
        pos += len(t)
    for kind, at in open_at.items():
        spans.append(Span(at, pos, kind))  # type: ignore[arg-type]
    spans.sort(key=lambda sp: (sp.start, sp.end, sp.kind))
    return "".join(texts), tuple(spans)


def _trim_trailing(parts: list[Piece]) -> None:
    """Remove the collapsible space that ends the last part (a line's end)."""
    if parts and parts[-1][2]:
        text, kinds, _ = parts[-1]
        parts[-1] = (text[:-1], kinds, False)


class _Context(NamedTuple):
    """What an element inherits: its parent's begin and end, styles, region and ``xml:space``."""

    begin: Time
    end: Time | None
    kinds: frozenset[str]
    region: str | None
    preserve: bool


def read(text: str, report: Report) -> Track:
    """Read a TTML/DFXP/IMSC document into a :class:`Track` (see the module docstring)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    tree = _Tree()
    root = tree.parse(text)
    line_of = tree.lines
    if _local(root.tag) != "tt":
        raise ParseError(STEP, f"the root element is <{_local(root.tag)}>, not <tt>", line=line_of.get(id(root)))
    timing = _Timing(root, report, line_of.get(id(root), 1))
    styles = _Styles(root)
    regions: dict[str, str] = {}
    for el in root.iter():
        if _local(el.tag) == "region":
            rid = _attr(el, "id")
            if rid:
                attrs = styles.of(el)
                for child in el:  # <region><style tts:.../></region>
                    if _local(child.tag) == "style":
                        attrs.update(_own_style(child))
                regions[rid] = _align_digit(attrs)
    title = None
    for el in root.iter():
        if _local(el.tag) == "title" and el.text and el.text.strip():
            title = el.text.strip()
            break
    lang = root.get(f"{{{XML_NS}}}lang") or None
    body = next((el for el in root if _local(el.tag) == "body"), None)
    cues: list[tuple[int, int | None, Cue]] = []
    if body is None:
        report.add(STEP, "warning", "no <body>: no subtitle", line_of.get(id(root)))
        return Track((), language=lang, title=title)

    def time_of(el: ET.Element, name: str) -> Time | None:
        raw = _attr(el, name)
        return None if raw is None else timing.ms(raw, line_of.get(id(el)))

    def visit(el: ET.Element, outer: _Context, seq_begin: Time | None = None) -> Time | None:
        """Collect the cues of ``el``; returns its end (for a ``seq`` parent)."""
        parent_begin, parent_end, kinds, region, preserve = outer
        line = line_of.get(id(el))
        reference = seq_begin if seq_begin is not None else parent_begin
        begin_off = time_of(el, "begin")
        begin = reference + (begin_off or 0)
        end_off = time_of(el, "end")
        dur = time_of(el, "dur")
        end: Time | None
        if end_off is not None:
            end = reference + end_off
            if dur is not None:
                end = min(end, begin + dur)
        elif dur is not None:
            end = begin + dur
        else:
            end = parent_end
        if parent_end is not None and end is not None and end > parent_end:
            end = parent_end
        space = el.get(f"{{{XML_NS}}}space")
        if space is not None:
            preserve = space == "preserve"
        own = styles.of(el)
        region = _attr(el, "region") or region
        name = _local(el.tag)
        if name == "p":
            if parent_end is not None and begin >= parent_end and end_off is not None:
                report.add(STEP, "dropped", "<p> begins after its parent ends: never shown", line)
                return end
            cue_text, spans = _collapse(_paragraph_text(el, styles, _style_kinds(own, kinds), preserve))
            for span_el in el.iter():
                if (
                    span_el is not el
                    and _local(span_el.tag) == "span"
                    and (_attr(span_el, "begin") is not None or _attr(span_el, "end") is not None)
                ):
                    report.add(
                        STEP,
                        "warning",
                        "times on a <span> inside a <p>: the paragraph's times used",
                        line_of.get(id(span_el)),
                    )
                    break
            extras: dict[str, str | tuple[str, ...]] = {}
            digit = regions.get(region or "", "2")
            if "textAlign" in own or "displayAlign" in own:
                digit = _align_digit({**_digit_attrs(digit), **own})
            if digit != "2":
                extras["ttml.align"] = digit
            cue = Cue(
                _ms(begin),
                None if end is None else _ms(end),
                tuple(cue_text.split("\n")),
                spans,
                extras=FrozenMap(extras),
                source_line=line,
            )
            cues.append((_ms(begin), None if end is None else _ms(end), cue))
            return end
        if name not in ("body", "div"):
            return end
        is_seq = (_attr(el, "timeContainer") or "par") == "seq"
        child_kinds = _style_kinds(own, kinds)
        previous_end: Time | None = begin
        for child in el:
            if _local(child.tag) not in ("div", "p"):
                continue
            inner = _Context(begin, end, child_kinds, region, preserve)
            child_end = visit(child, inner, previous_end if is_seq else None)
            if is_seq:
                previous_end = child_end if child_end is not None else previous_end
        return end

    visit(body, _Context(0, None, frozenset(), None, False))
    out: list[Cue] = []
    for k, (start, end, cue) in enumerate(cues):
        if end is None:
            later = [s for s, _, _ in cues[k + 1 :] if s >= start]
            end = min(later) if later else start
            report.add(
                STEP, "repaired", "<p> without an end time: ends where the next one starts", cue.source_line, cue.text
            )
            cue = cue.replace(end=end)
        if end < start:
            report.add(STEP, "repaired", f"end {end} ms before start {start} ms: swapped", cue.source_line, cue.text)
            cue = cue.replace(start=end, end=start)
        out.append(cue)
    if not out:
        report.add(STEP, "warning", "no <p> element: no subtitle", line_of.get(id(body)))
    return Track(tuple(out), language=lang, title=title)


# --------------------------------------------------------------------- writing

_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SPAN_ATTRS = {"i": 'tts:fontStyle="italic"', "b": 'tts:fontWeight="bold"', "u": 'tts:textDecoration="underline"'}
_REGIONS = {
    "1": "bottomLeft",
    "2": "bottom",
    "3": "bottomRight",
    "4": "middleLeft",
    "5": "middle",
    "6": "middleRight",
    "7": "topLeft",
    "8": "top",
    "9": "topRight",
}


_XML_SPACES = re.compile(r"[ \t\r\n]+")


def _collapses(line: str) -> bool:
    """True when XML's default white-space handling would change ``line``.

    >>> _collapses("a b"), _collapses(" a"), _collapses("a  b"), _collapses("a\tb"), _collapses("a\u00a0")
    (False, True, True, True, False)
    """
    return _XML_SPACES.sub(" ", line).strip(" ") != line


def _content(text: str, spans: tuple[Span, ...]) -> str:
    """The inside of a ``<p>``: runs of equal styling as flat ``<span>``s, ``<br/>`` between lines."""
    bounds = {0, len(text)}
    for sp in spans:
        bounds.update((max(0, min(sp.start, len(text))), max(0, min(sp.end, len(text)))))
    cuts = sorted(bounds)
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        piece = "<br/>".join(xml_text(part) for part in text[a:b].split("\n"))
        kinds = [k for k in _KINDS if any(sp.kind == k and sp.start <= a and b <= sp.end for sp in spans)]
        if kinds:
            out.append(f"<span {' '.join(_SPAN_ATTRS[k] for k in kinds)}>{piece}</span>")
        else:
            out.append(piece)
    return "".join(out)


def _region_xml(digit: str) -> str:
    attrs = _digit_attrs(digit)
    return (
        f'      <region xml:id="{_REGIONS[digit]}" tts:origin="10% 10%" tts:extent="80% 80%" '
        f'tts:displayAlign="{attrs["displayAlign"]}" tts:textAlign="{attrs["textAlign"]}"/>'
    )


def write(track: Track, options: WriteOptions, report: Report) -> str:
    """Write ``track`` as an IMSC 1.1 Text Profile TTML document."""
    paragraphs: list[str] = []
    used: set[str] = {"2"}
    previous_speaker: str | None = None
    dropped = 0
    clock = clock_formatter(VTT_CLOCK)  # (TTML clock time: hours of two digits or more)
    for n, cue in enumerate(shown_cues(track, report, STEP), 1):
        if cue.start is None or cue.end is None:
            raise WriteError(f"cannot write TTML: cue {n} has no times")
        start, end = cue.start, cue.end
        if start < 0 or end < 0:
            report.add(STEP, "rewritten", "negative time written as 0", cue.source_line, cue.text)
            start, end = max(start, 0), max(end, 0)
        text, spans = cue.text, cue.spans
        if options.speaker_prefix and cue.speaker and cue.speaker != previous_speaker:
            prefix = f"{cue.speaker}: "
            text = prefix + text
            spans = tuple(Span(s.start + len(prefix), s.end + len(prefix), s.kind) for s in spans)
        previous_speaker = cue.speaker
        if _BAD_XML.search(text):
            text, spans = _drop_bad_chars(text, spans)
            dropped += 1
        digit = explicit_align(cue) or "2"
        used.add(digit)
        space = ' xml:space="preserve"' if any(_collapses(line) for line in text.split("\n")) else ""
        paragraphs.append(
            f'      <p begin="{clock(start)}" end="{clock(end)}" region="{_REGIONS[digit]}"{space}>'
            f"{_content(text, spans)}</p>"
        )
    if dropped:
        report.add(STEP, "dropped", f"characters XML cannot hold (control characters) in {dropped} cues")
    lang = xml_attribute(track.language or "")
    head = ["  <head>"]
    if track.title:
        head += [
            "    <metadata>",
            f"      <ttm:title>{xml_text(_BAD_XML.sub('', track.title))}</ttm:title>",
            "    </metadata>",
        ]
    head += ["    <layout>", *(_region_xml(d) for d in sorted(used)), "    </layout>", "  </head>"]
    doc = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<tt xmlns="{NS}" xmlns:ttp="{NS_TTP}" xmlns:tts="{NS_TTS}" xmlns:ttm="{NS_TTM}" '
        f'xml:lang="{lang}" ttp:timeBase="media" ttp:contentProfiles="{IMSC_TEXT_PROFILE}">',
        *head,
        "  <body>",
        "    <div>",
        *paragraphs,
        "    </div>",
        "  </body>",
        "</tt>",
        "",
    ]
    return finish_output("\n".join(doc), options)


def _drop_bad_chars(text: str, spans: tuple[Span, ...]) -> tuple[str, tuple[Span, ...]]:
    """``text`` without the characters XML 1.0 cannot hold, spans moved to match."""
    keep: list[int] = []  # new offset of each old offset
    out: list[str] = []
    for ch in text:
        keep.append(len(out))
        if not _BAD_XML.match(ch):
            out.append(ch)
    keep.append(len(out))
    moved = tuple(Span(keep[s.start], keep[s.end], s.kind) for s in spans if keep[s.end] > keep[s.start])
    return "".join(out), moved


FORMAT = Format(
    name="ttml",
    extensions=(".ttml", ".dfxp"),
    aliases=("dfxp", "imsc"),
    sniff=sniff,
    sniff_rank=40,
    read=read,
    write=write,
    resolution_ms=VTT_CLOCK.resolution,
    markup=True,
    placement=True,
)

"""A TTML paragraph's content as text: its pieces with the styles, ``xml:space`` and colour each
inherits, XML's default white-space handling, and the text, spans and colour runs they make."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ...model import Span
from .document import XML_SPACE, XML_SPACES, local_name
from .styles import KINDS, Styles, style_colour, style_kinds

#: text, styles, white space preserved ("\n" + True: a <br/>), colour (``rrggbb``; None: none)
Piece = tuple[str, frozenset[str], bool, str | None]
Runs = list[tuple[int, int, str]]  # (start, end, rrggbb): the runs of a text drawn in a colour


def paragraph_text(
    p: ET.Element, styles: Styles, inherited: tuple[frozenset[str], str | None], preserve: bool, odd: set[str]
) -> list[Piece]:
    """``p``'s content as pieces of text with their styles, ``xml:space`` and colour (``inherited``:
    the styles and colour around ``p``); a line break is ``("\n", styles, True, colour)``.
    ``metadata`` and animation (``set``) content is skipped; a ``tts:color`` not read (none of
    TTML's colours) or read without its transparency is added to ``odd``."""
    out: list[Piece] = []
    _walk_text(p, styles, inherited, preserve, out, odd=odd)
    return out


def _walk_text(
    el: ET.Element,
    styles: Styles,
    looks: tuple[frozenset[str], str | None],
    keep: bool,
    out: list[Piece],
    *,
    odd: set[str],
) -> None:
    """Add the text of ``el`` and its children to ``out`` (:func:`paragraph_text`; a function of
    its own, not a closure: a nested function that calls itself is a reference cycle, which the
    command line, running with the cyclic collector paused, would keep for every paragraph)."""
    space = el.get(XML_SPACE)
    if space is not None:
        keep = space == "preserve"
    kinds, colour = looks
    if el.attrib:
        attrs = styles.of(el)
        kinds = style_kinds(attrs, kinds)
        colour = style_colour(attrs, colour, odd)
        looks = kinds, colour
    if el.text:
        out.append((el.text, kinds, keep, colour))
    for child in el:
        name = local_name(child.tag)
        if name == "br":
            out.append(("\n", kinds, True, colour))
        elif name not in ("metadata", "set", "animate"):
            _walk_text(child, styles, looks, keep, out, odd=odd)
        if child.tail:
            out.append((child.tail, kinds, keep, colour))


def collapse(pieces: list[Piece]) -> tuple[str, tuple[Span, ...], Runs]:
    """Apply XML default white-space handling to the pieces not preserved (runs of space, tab,
    CR, LF become one space; none at the start or end of a line), then make the text, its
    spans (one per run of a style; adjacent runs of one style are one span) and its colour runs
    (adjacent pieces of one colour are one run)."""
    parts = _collapsed(pieces)
    texts: list[str] = []
    open_at: dict[str, int] = {}
    spans: list[Span] = []
    runs: Runs = []
    pos = 0
    for t, kinds, _, colour in parts:
        if not t:
            continue
        for kind in KINDS:
            if kind in kinds:
                open_at.setdefault(kind, pos)
            elif kind in open_at:
                spans.append(Span(open_at.pop(kind), pos, kind))  # type: ignore[arg-type]
        if colour is not None:
            if runs and runs[-1][1] == pos and runs[-1][2] == colour:
                runs[-1] = (runs[-1][0], pos + len(t), colour)
            else:
                runs.append((pos, pos + len(t), colour))
        texts.append(t)
        pos += len(t)
    for kind, at in open_at.items():
        spans.append(Span(at, pos, kind))  # type: ignore[arg-type]
    spans.sort(key=lambda sp: (sp.start, sp.end, sp.kind))
    return "".join(texts), tuple(spans), runs


def _collapsed(pieces: list[Piece]) -> list[Piece]:
    """The ``pieces`` with XML default white-space handling applied to those not preserved, each
    as (text, styles, ends with a collapsible space, colour) (:func:`collapse`)."""
    parts: list[Piece] = []  # (text, styles, ends with a collapsible space, colour)
    line_start = True
    for text, kinds, keep, colour in pieces:
        if keep:
            if text == "\n" or "\n" in text:
                _trim_trailing(parts)
            parts.append((text, kinds, False, colour))
            line_start = text.endswith("\n")
            continue
        t = XML_SPACES.sub(" ", text)
        if t.startswith(" ") and (line_start or (parts and parts[-1][2])):
            t = t[1:]
        if not t:
            continue
        parts.append((t, kinds, t.endswith(" "), colour))
        line_start = False
    _trim_trailing(parts)
    return parts


def _trim_trailing(parts: list[Piece]) -> None:
    """Remove the collapsible space that ends the last part (a line's end)."""
    if parts and parts[-1][2]:
        text, kinds, _, colour = parts[-1]
        parts[-1] = (text[:-1], kinds, False, colour)

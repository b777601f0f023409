"""The TTML reader: paragraphs with their inherited times, styles, colours, regions and
``xml:space`` (their text: :mod:`.text`), and open ends closed."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from ...errors import ParseError
from ...model import Cue, FrozenMap, Track
from ...report import Report
from ..base import text_pieces
from ..placement import TAGS_FROM, colour_blocks
from .document import STEP, XML_NS, XML_SPACE, Tree, attribute, local_name
from .styles import Styles, align_digit, digit_attrs, own_style, read_colour, style_colour, style_kinds
from .text import collapse, paragraph_text
from .times import Time, Timing, to_ms


class _Context(NamedTuple):
    """What an element inherits: its parent's begin and end, styles, region and ``xml:space``."""

    begin: Time
    end: Time | None
    kinds: frozenset[str]
    region: str | None
    preserve: bool
    colour: str | None = None  # (rrggbb)


def read(text: str, report: Report) -> Track:
    """Read a TTML/DFXP/IMSC document into a :class:`Track` (see the module docstring).

    The document is read as expat parses it: the ``head`` (styles, regions, the title) is
    whole when ``body`` starts, and each ``p`` becomes a cue when it ends and is then let go,
    so a large document is never whole in memory as a tree."""
    return read_pieces((text,), report)


def read_pieces(pieces: Iterable[str], report: Report) -> Track:
    """:func:`read` of the text ``pieces`` make, a piece at a time (cut anywhere): the text is
    never whole in memory either."""
    walk = _Walk(report)
    tree = Tree(walk.start, walk.end)
    walk.line_of = tree.lines
    root = tree.parse_pieces(piece for piece, _last in text_pieces(pieces))
    if walk.reader is None:
        report.add(STEP, "warning", "no <body>: no subtitle", tree.lines.get(id(root)))
        walk.titled(root)
        out: list[Cue] = []
    elif not (out := _ends_filled(walk.reader.cues, report)):
        report.add(STEP, "warning", "no <p> element: no subtitle", walk.body_line)
    return Track(tuple(out), language=walk.lang, title=walk.title, source_lines=FrozenMap(walk.at))


@dataclass(slots=True)
class _Frame:
    """An open ``body`` or ``div``: the element, what its children inherit, whether they run one
    after another (``seq``), and (for ``seq``) where the last of them ended."""

    el: ET.Element
    here: _Context
    is_seq: bool
    previous_end: Time


class _Walk:
    """The document's elements as they start and end: the ``tt`` root, then ``body`` (from which
    on the styles and regions of the ``head`` are known), the ``div`` and ``p`` elements in it
    with what each inherits, and each ``p``, read when it ends and then detached."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.line_of: dict[int, int] = {}
        self.open: list[ET.Element] = []  # the elements started and not ended, outermost first
        self.reader: _Reader | None = None  # (from the body's start)
        self.frames: list[_Frame] = []  # the open body and div elements
        self.paragraph: tuple[ET.Element, _Context, dict[str, str]] | None = None  # the open p, read at its end
        self.skipped = 0  # depth inside an element of the body that is neither a div nor a p
        self.body_done = False
        self.body_line: int | None = None
        self.lang: str | None = None
        self.title: str | None = None  # the head's title, else the first in the body
        self.at: dict[str, str | tuple[str, ...]] = {}  # (the title's and language's lines, for reports)

    def start(self, el: ET.Element, line: int) -> None:
        """``el`` starts (on ``line``)."""
        self.open.append(el)
        if self.paragraph is not None:
            return
        if self.skipped:
            self.skipped += 1
            return
        if len(self.open) == 1:  # the root
            if local_name(el.tag) != "tt":
                raise ParseError(STEP, f"the root element is <{local_name(el.tag)}>, not <tt>", line=line)
            self.lang, self.at["language"] = el.get(f"{{{XML_NS}}}lang") or None, str(line)  # (its line: cited if any)
        elif self.frames:
            self.child(el)
        elif len(self.open) == 2 and not self.body_done and local_name(el.tag) == "body":
            self.body(el, line)

    def body(self, el: ET.Element, line: int) -> None:
        """The ``body`` starts: the head is whole (the styles and regions it defines are known)."""
        root = self.open[0]
        styles = Styles(root)
        self.titled(root)
        region_styles = _region_styles(root, styles)
        self.reader = _Reader(
            Timing(root, self.report, line), styles, _regions(region_styles), self.line_of, self.report
        )
        self.reader.region_colours = _region_colours(region_styles)
        self.body_line, outer = line, _Context(0, None, frozenset(), None, root.get(XML_SPACE) == "preserve")
        begin, end, _has_end = self.reader.interval(el, outer, 0)
        here = self.reader.context(el, outer, begin, end)
        self.frames.append(_Frame(el, here, _is_seq(el), here.begin))

    def child(self, el: ET.Element) -> None:
        """A ``div``, a ``p`` or another element starts inside the body."""
        reader, parent = self.reader, self.frames[-1]
        assert reader is not None
        name = local_name(el.tag)
        if name not in ("div", "p"):
            self.skipped = 1
            return
        outer = parent.here
        reference = parent.previous_end if parent.is_seq else outer.begin
        begin, end, has_end = reader.interval(el, outer, reference)
        if parent.is_seq and end is not None:
            parent.previous_end = end
        here = reader.context(el, outer, begin, end)
        if name == "div":
            self.frames.append(_Frame(el, here, _is_seq(el), here.begin))
        elif outer.end is not None and begin >= outer.end and has_end:
            self.report.add(STEP, "dropped", "<p> begins after its parent ends: never shown", self.line_of.get(id(el)))
            self.skipped = 1
        else:
            self.paragraph = (el, here, reader.styles.of(el))

    def titled(self, root: ET.Element) -> None:
        """The title: the text of the first non-empty ``title`` element in ``root`` (itself too), at its line."""
        for el in root.iter():
            if local_name(el.tag) == "title" and el.text and el.text.strip():
                self.title, self.at["title"] = el.text.strip(), str(self.line_of.get(id(el), ""))
                return

    def end(self, el: ET.Element, line: int) -> None:
        """``el`` ends."""
        self.open.pop()
        if self.title is None and self.frames and local_name(el.tag) == "title" and el.text and el.text.strip():
            self.titled(el)  # (the head has none: the body's first)
        if self.paragraph is not None:
            if el is not self.paragraph[0]:
                return
            assert self.reader is not None
            self.reader.paragraph(*self.paragraph)
            self.paragraph = None
            self.let_go(el)
        elif self.skipped:
            self.skipped -= 1
            if not self.skipped and self.frames and local_name(el.tag) == "p":
                self.let_go(el)  # (a p never shown)
        elif self.frames and el is self.frames[-1].el:
            self.frames.pop()
            self.body_done = self.body_done or not self.frames

    def let_go(self, p: ET.Element) -> None:
        """Detach the ``p`` just read from its parent, and forget its elements' lines."""
        parent = self.open[-1]
        if len(parent) and parent[-1] is p:
            del parent[-1]
        for sub in p.iter():
            self.line_of.pop(id(sub), None)


def _is_seq(el: ET.Element) -> bool:
    """Whether ``el``'s children run one after another (``timeContainer="seq"``)."""
    return (attribute(el, "timeContainer") or "par") == "seq"


def _region_styles(root: ET.Element, styles: Styles) -> dict[str, dict[str, str]]:
    """The style attributes of each ``region`` by its id: its referenced and own styles, and
    those of the ``<style>`` elements inside it (``<region><style tts:.../></region>``)."""
    regions: dict[str, dict[str, str]] = {}
    for el in root.iter():
        if local_name(el.tag) == "region":
            rid = attribute(el, "id")
            if rid:
                attrs = styles.of(el)
                for child in el:
                    if local_name(child.tag) == "style":
                        attrs.update(own_style(child))
                regions[rid] = attrs
    return regions


def _regions(region_styles: dict[str, dict[str, str]]) -> dict[str, str]:
    """The placement (numpad digit) of each ``region`` by its id."""
    return {rid: align_digit(attrs) for rid, attrs in region_styles.items()}


def _region_colours(region_styles: dict[str, dict[str, str]]) -> dict[str, str]:
    """The ``tts:color`` (as written) of each ``region`` that sets one, by its id: the colour of
    the content flowed into it that sets none (a region is the outermost of what it inherits)."""
    return {rid: attrs["color"] for rid, attrs in region_styles.items() if "color" in attrs}


def _ends_filled(cues: list[tuple[int, int | None, Cue]], report: Report) -> list[Cue]:
    """The cues read, each without an end ending where the next one starts, each ending before
    it starts swapped (both reported)."""
    out: list[Cue] = []
    next_start = _next_starts(cues)
    for k, (start, end, cue) in enumerate(cues):
        if end is None:
            end = next_start[k]
            report.add(
                STEP, "repaired", "<p> without an end time: ends where the next one starts", cue.source_line, cue.text
            )
            cue = cue.replace(end=end)
        if end < start:
            report.add(STEP, "repaired", f"end {end} ms before start {start} ms: swapped", cue.source_line, cue.text)
            cue = cue.replace(start=end, end=start)
        out.append(cue)
    return out


def _next_starts(cues: list[tuple[int, int | None, Cue]]) -> list[int]:
    """For each cue, the earliest start at or after its own among the cues after it in the
    document (its own start when there is none), in O(n log n): the starts are sorted once, and
    the cues are taken in document order, each removed before it asks for the next start left
    (a "next left" pointer per sorted place, followed and shortened as it goes).

    >>> _next_starts([(0, None, None), (5, None, None), (3, None, None), (5, None, None)])  # type: ignore[list-item]
    [3, 5, 5, 5]
    """
    n = len(cues)
    order = sorted(range(n), key=lambda k: cues[k][0])
    starts = [cues[k][0] for k in order]
    place = [0] * n
    for p, k in enumerate(order):
        place[k] = p
    left = list(range(n + 1))  # left[p] == p: the cue at sorted place p is still there (n: none)
    out = [0] * n
    for k in range(n):
        left[place[k]] = place[k] + 1  # (this cue and every one before it are gone)
        p = root = bisect_left(starts, cues[k][0])
        while left[root] != root:
            root = left[root]
        while left[p] != root:  # (shorten the path followed)
            left[p], p = root, left[p]
        out[k] = starts[root] if root < n else cues[k][0]
    return out


class _Reader:
    """What the body's elements are read with: each ``p`` becomes a cue, with the times, styles,
    region and ``xml:space`` it inherits from the ``body`` and ``div`` elements around it."""

    def __init__(
        self,
        timing: Timing,
        styles: Styles,
        regions: dict[str, str],
        line_of: dict[int, int],
        report: Report,
    ) -> None:
        self.timing = timing
        self.styles = styles
        self.regions = regions
        self.line_of = line_of
        self.report = report
        self.region_colours: dict[str, str] = {}  # (a region's tts:color as written, by its id)
        self.cues: list[tuple[int, int | None, Cue]] = []  # (start, end or None, cue), in document order

    def time_of(self, el: ET.Element, name: str) -> Time | None:
        """``el``'s time attribute ``name`` (``begin``, ``end``, ``dur``), or None."""
        raw = attribute(el, name)
        return None if raw is None else self.timing.ms(raw, self.line_of.get(id(el)))

    def interval(self, el: ET.Element, outer: _Context, reference: Time) -> tuple[Time, Time | None, bool]:
        """``el``'s begin and end (None: open), from its ``begin``/``end``/``dur`` relative to
        ``reference``, cut at its parent's end; and whether it has an ``end`` of its own."""
        begin = reference + (self.time_of(el, "begin") or 0)
        end_off = self.time_of(el, "end")
        dur = self.time_of(el, "dur")
        end: Time | None
        if end_off is not None:
            end = reference + end_off
            if dur is not None:
                end = min(end, begin + dur)
        elif dur is not None:
            end = begin + dur
        else:
            end = outer.end
        if outer.end is not None and end is not None and end > outer.end:
            end = outer.end
        return begin, end, end_off is not None

    def context(self, el: ET.Element, outer: _Context, begin: Time, end: Time | None) -> _Context:
        """What ``el``'s content inherits: its times, styles, region and ``xml:space``."""
        space = el.get(XML_SPACE)
        preserve = outer.preserve if space is None else space == "preserve"
        attrs = self.styles.of(el)
        kinds = style_kinds(attrs, outer.kinds)
        odd: set[str] = set()
        colour = style_colour(attrs, outer.colour, odd)
        if local_name(el.tag) != "p":  # (a paragraph's own: reported as its content is read)
            self.say_colours(odd, self.line_of.get(id(el)))
        return _Context(begin, end, kinds, attribute(el, "region") or outer.region, preserve, colour)

    def say_colours(self, odd: Iterable[str], line: int | None) -> None:
        """Report each ``tts:color`` value of ``odd``, on the element at ``line``: one not read
        (``dropped``: the colour around it kept), one read without its transparency."""
        for value in sorted(odd):
            if read_colour(value) is None:
                reason = f"tts:color {value!r} not read (TTML's colours: #rrggbb, #rrggbbaa, rgb(), rgba(), named)"
                self.report.add(STEP, "dropped", reason, line)
            else:
                self.report.add(STEP, "rewritten", f"tts:color {value}: read without its transparency", line)

    def paragraph(self, el: ET.Element, here: _Context, own: dict[str, str]) -> None:
        """Add the cue of the ``p`` element ``el`` (``here``: its own times, styles, region)."""
        line = self.line_of.get(id(el))
        odd: set[str] = set()
        colour = here.colour
        if colour is None and here.region in self.region_colours:
            colour = style_colour({"color": self.region_colours[here.region]}, None, odd)
        pieces = paragraph_text(el, self.styles, (here.kinds, colour), here.preserve, odd)
        cue_text, spans, runs = collapse(pieces)
        self.say_colours(odd, line)
        self.warn_timed_spans(el)
        extras: dict[str, str | tuple[str, ...]] = {}
        digit = self.regions.get(here.region or "", "2")
        if "textAlign" in own or "displayAlign" in own:
            digit = align_digit({**digit_attrs(digit), **own})
        if digit != "2":
            extras["ttml.align"] = digit
        if runs:  # (kept as ASS colour blocks in their places, as the SRT reader keeps a font's colour)
            extras["ass.tags"], extras["ass.tags.at"] = colour_blocks(runs, len(cue_text))
            extras[TAGS_FROM] = STEP
        start = to_ms(here.begin)
        end = None if here.end is None else to_ms(here.end)
        cue = Cue(start, end, tuple(cue_text.split("\n")), spans, extras=FrozenMap(extras), source_line=line)
        self.cues.append((start, end, cue))

    def warn_timed_spans(self, p: ET.Element) -> None:
        """Warn (once) when a ``span`` inside ``p`` has times of its own: the paragraph's are used."""
        for span_el in p.iter():
            if (
                span_el is not p
                and local_name(span_el.tag) == "span"
                and (attribute(span_el, "begin") is not None or attribute(span_el, "end") is not None)
            ):
                self.report.add(
                    STEP,
                    "warning",
                    "times on a <span> inside a <p>: the paragraph's times used",
                    self.line_of.get(id(span_el)),
                )
                return

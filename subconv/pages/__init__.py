"""Reading scraped caption pages and transcripts of every shape into cues.

:func:`read_page` looks at the text, decides its *shape* (caption list, YouTube
"Show transcript" copy, stamped lines, speaker transcripts, HTML, timed-text
XML, plain lines) and returns one cue per caption or paragraph, faithfully: no
de-duplication or segmentation here (those are pipeline steps).  Stamps found on
the page become ``start`` anchors (``origin = "anchor"``).

Every non-blank input line gets a report entry (step ``"page"``): ``cue``,
``merged`` (a stamp or speaker header folded into the following caption) or
``dropped`` (chrome, headings, front matter), with its 1-based line number.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ParseError
from ..model import Cue, FrozenMap, Track
from ..report import Report

STEP = "page"
#: ``Track.meta`` keys: the media duration (ms) a transcript's front matter gives, and its line
PAGE_DURATION = "page.duration_ms"
PAGE_DURATION_LINE = "page.duration_line"
_NONE = FrozenMap()


@dataclass(slots=True)
class Unit:
    """One caption or paragraph found on a page, before it becomes a :class:`Cue`."""

    line: int
    lines: list[str]
    start: int | None = None
    end: int | None = None
    speaker: str | None = None


def units_to_track(units: list[Unit], shape: str, report: Report, title: str | None = None) -> Track:
    """Turn units into a :class:`Track`; raise ``ParseError`` when there are none.

    >>> t = units_to_track([Unit(3, ["Hi"], start=1000)], "plain", Report())
    >>> t.cues[0].start, t.cues[0].origin, t.cues[0].source_line
    (1000, 'anchor', 3)
    """
    report.info["page_shape"] = shape
    cues: list[Cue] = []
    append = cues.append
    for u in units:
        lines = tuple(filter(None, u.lines))  # the non-empty lines
        if not lines:
            continue
        start = u.start
        if start is not None:
            append(Cue(start, u.end, lines, (), u.speaker, source_line=u.line, origin="anchor"))
        else:
            append(Cue(None, None, lines, (), u.speaker, _NONE, source_line=u.line))
    if not cues:
        raise ParseError(STEP, f"no captions found (page shape: {shape})", line=1)
    return Track(tuple(cues), title=title)


def read_page(text: str, report: Report) -> Track:
    """Read a page or transcript of any supported shape into a :class:`Track`.

    >>> r = Report()
    >>> t = read_page("Menu\\n\\n  • Hello there.\\n\\n  • General Kenobi.\\n\\n  • Bold one.\\n", r)
    >>> [c.text for c in t], r.info["page_shape"]
    (['Hello there.', 'General Kenobi.', 'Bold one.'], 'caption-list')
    >>> [e.line for e in r.by_action("dropped")]
    [1]
    """
    from . import html as html_shape
    from . import text as text_shape

    if text.startswith("\ufeff"):
        text = text[1:]
    if html_shape.is_timedtext(text):
        return html_shape.read_timedtext(text, report)
    if html_shape.is_html(text):
        return html_shape.read_html(text, report)
    return text_shape.read_text(text, report)

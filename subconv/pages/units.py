"""What every page shape builds: :class:`Unit` s (one caption or paragraph each), and the
:class:`Track` they become (:func:`units_to_track`).

The shape readers (:mod:`.text`, :mod:`.html`) import this module; :func:`subconv.pages.read_page`
imports them, so they never import the package itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ParseError
from ..model import Cue, Track
from ..report import Report

STEP = "page"
#: ``Track.meta`` keys: the media duration (ms) a transcript's front matter gives, and its line
PAGE_DURATION = "page.duration_ms"
PAGE_DURATION_LINE = "page.duration_line"


@dataclass(slots=True)
class Unit:
    """One caption or paragraph found on a page, before it becomes a :class:`Cue`."""

    line: int
    lines: list[str]
    start: int | None = None
    end: int | None = None
    speaker: str | None = None


def unit_cue(u: Unit, lines: tuple[str, ...] | None = None) -> Cue | None:
    """The :class:`Cue` a unit becomes (its non-empty lines), or None when it has no text.
    ``lines``: those lines, when the caller holds them already (a tuple shared by the cues of
    equal captions).

    >>> c = unit_cue(Unit(3, ["Hi", ""], start=1000))
    >>> c.lines, c.start, c.origin, c.source_line, unit_cue(Unit(4, [""]))
    (('Hi',), 1000, 'anchor', 3, None)
    """
    if lines is None:
        lines = tuple(filter(None, u.lines))  # the non-empty lines
    if not lines:
        return None
    start = u.start
    if start is not None:
        return Cue(start, u.end, lines, (), u.speaker, source_line=u.line, origin="anchor")
    return Cue(None, None, lines, (), u.speaker, source_line=u.line)


def units_to_track(units: list[Unit], shape: str, report: Report, title: str | None = None) -> Track:
    """Turn units into a :class:`Track`; raise ``ParseError`` when there are none.

    >>> t = units_to_track([Unit(3, ["Hi"], start=1000)], "plain", Report())
    >>> t.cues[0].start, t.cues[0].origin, t.cues[0].source_line
    (1000, 'anchor', 3)
    """
    return cues_to_track([c for u in units if (c := unit_cue(u)) is not None], shape, report, title)


def cues_to_track(cues: list[Cue], shape: str, report: Report, title: str | None = None) -> Track:
    """The :class:`Track` of a page's cues (built from its units); ``ParseError`` when there are none."""
    report.info["page_shape"] = shape
    if not cues:
        raise ParseError(STEP, f"no captions found (page shape: {shape})", line=1)
    return Track(tuple(cues), title=title)

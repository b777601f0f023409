"""Conversions between subconv's model and pysubs2 / webvtt-py objects: an adapter at the edge.

The pysubs2 conversions belong to the format layer (:mod:`subconv.formats.generic` reads other
formats through them); this module offers them beside the webvtt-py ones.  It imports the
format layer, never the reverse.

>>> import pysubs2
>>> subs = pysubs2.SSAFile.from_string("1\\n00:00:01,000 --> 00:00:02,000\\n<i>Hi</i>\\n", format_="srt")
>>> t = track_from_pysubs2(subs)
>>> t.cues[0].text, t.cues[0].spans
('Hi', (Span(start=0, end=2, kind='i'),))
>>> track_to_pysubs2(t)[0].text
'{\\\\i1}Hi{\\\\i0}'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import formats
from .formats.base import noted_cues, report_unheld
from .formats.generic import track_from_pysubs2
from .formats.generic import track_to_pysubs2 as _rendered
from .model import Cue, FrozenMap, Track
from .report import Report

if TYPE_CHECKING:
    import pysubs2
    import webvtt

#: the step of the report entries of what an exchange object cannot hold
STEP = "interop"

__all__ = ["track_from_pysubs2", "track_from_webvtt", "track_to_pysubs2", "track_to_webvtt"]


def track_to_pysubs2(track: Track, report: Report | None = None) -> pysubs2.SSAFile:
    """A ``pysubs2.SSAFile`` holding ``track``: its events, styles, script info and other
    sections exactly as :func:`subconv.dumps` writes them as ASS, with their times in milliseconds.
    What it cannot hold is reported in ``report`` (the writer's entries, as ``dumps`` gives them):
    a cue without times (dropped: an event has times), one with no visible text (dropped), a
    speaker's comma, the file-level data no script holds (its language, a WebVTT header: one
    ``dropped`` entry each, step ``header``), a WebVTT NOTE before a cue.  Before, nothing was
    said of them."""
    if report is not None and not isinstance(report, Report):
        raise TypeError(f"to_pysubs2() report= takes a subconv.Report, not {type(report).__name__}")
    rep = report if report is not None else Report()
    ass = formats.get("ass")
    report_unheld(track, ass.header, rep, "a pysubs2.SSAFile")
    for _ in noted_cues(track.cues, ass.header, rep, "a pysubs2.SSAFile"):  # (reported as they pass)
        pass
    for cue in track.cues:
        if cue.start is None or cue.end is None:
            rep.add(STEP, "dropped", "cue without times not in the pysubs2.SSAFile", cue.source_line, cue.text)
    from .formats.ass import about_times

    rendering = Report()
    subs = _rendered(track, rendering)
    for entry in rendering.entries:  # (not the rounding to centiseconds: the events have milliseconds)
        if not (entry.action == "rewritten" and about_times(entry.reason)):
            rep.entries.append(entry)
    return subs


def track_from_webvtt(vtt: Any) -> Track:
    """A :class:`Track` from a ``webvtt.WebVTT``: times to ms, tags removed (``Caption.text``).
    Anything else (``None``, a file's name) is a ``TypeError`` naming what it takes."""
    if not hasattr(vtt, "captions"):  # (duck-typed: webvtt-py is not imported here)
        raise TypeError(
            f"Track.from_webvtt() takes a webvtt.WebVTT, not {type(vtt).__name__}: "
            "load a file with webvtt.read(path), or read it with subconv.read(path)"
        )
    cues: list[Cue] = []
    for cap in vtt.captions:
        extras: dict[str, str | tuple[str, ...]] = {}
        ident = getattr(cap, "identifier", None)
        if ident:
            extras["vtt.id"] = str(ident)
        cues.append(Cue(_vtt_ms(cap.start), _vtt_ms(cap.end), tuple(cap.text.split("\n")), (), None, FrozenMap(extras)))
    return Track(tuple(cues))


def _vtt_ms(stamp: str) -> int:
    from .timefmt import parse_clock

    ms = parse_clock(stamp)
    if ms is None:
        raise ValueError(f"bad WebVTT timestamp {stamp!r}")
    return ms


def track_to_webvtt(track: Track) -> webvtt.WebVTT:
    """A ``webvtt.WebVTT`` holding ``track``'s timed cues (plain text lines)."""
    import webvtt

    from .timefmt import VTT_CLOCK, clock_formatter

    stamp = clock_formatter(VTT_CLOCK)
    out = webvtt.WebVTT()
    for cue in track.cues:
        if cue.start is None or cue.end is None:
            continue
        out.captions.append(webvtt.Caption(stamp(cue.start), stamp(cue.end), list(cue.lines)))
    return out

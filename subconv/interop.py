"""Conversions between subconv's model and pysubs2 / webvtt-py objects.

>>> import pysubs2
>>> subs = pysubs2.SSAFile.from_string("1\\n00:00:01,000 --> 00:00:02,000\\n<i>Hi</i>\\n", format_="srt")
>>> t = track_from_pysubs2(subs)
>>> t.cues[0].text, t.cues[0].spans
('Hi', (Span(start=0, end=2, kind='i'),))
>>> track_to_pysubs2(t)[0].text
'{\\\\i1}Hi{\\\\i0}'
"""

from __future__ import annotations

from typing import Any

from .model import Cue, FrozenMap, Track
from .report import Report


def track_from_pysubs2(subs: Any, report: Report | None = None) -> Track:
    """A :class:`Track` from a ``pysubs2.SSAFile``: every event, its styles, script info and
    other sections, exactly as subconv's own ASS reader reads pysubs2's ASS rendering of it."""
    from .formats.ass import read_ass

    track = read_ass(subs.to_string("ass"), report if report is not None else Report())
    events = list(subs)
    if len(events) != len(track.cues):  # cannot happen with pysubs2's own output; keep ASS times then
        return track
    # ASS text holds centiseconds; the events hold milliseconds: keep those
    return track.with_cues(
        c.replace(start=int(ev.start), end=int(ev.end)) for c, ev in zip(track.cues, events, strict=True)
    )


def track_to_pysubs2(track: Track, report: Report | None = None) -> Any:
    """A ``pysubs2.SSAFile`` holding ``track`` (timed cues), parsed from subconv's ASS output,
    so styles, script info, spans and escapes are exactly what :func:`subconv.dumps` writes."""
    import pysubs2

    from .api import dumps

    timed = track.with_cues(c for c in track.cues if c.start is not None and c.end is not None)
    subs = pysubs2.SSAFile.from_string(dumps(timed, "ass", report=report), format_="ass")
    for ev, cue in zip(subs, timed.cues, strict=True):  # milliseconds, not ASS's centiseconds
        if cue.start is not None and cue.end is not None:
            ev.start, ev.end = cue.start, cue.end
    return subs


def track_from_webvtt(vtt: Any) -> Track:
    """A :class:`Track` from a ``webvtt.WebVTT``: times to ms, tags removed (``Caption.text``)."""
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


def track_to_webvtt(track: Track) -> Any:
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

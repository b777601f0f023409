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

from .formats.generic import track_from_pysubs2, track_to_pysubs2
from .model import Cue, FrozenMap, Track

if TYPE_CHECKING:
    import webvtt

__all__ = ["track_from_pysubs2", "track_from_webvtt", "track_to_pysubs2", "track_to_webvtt"]


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

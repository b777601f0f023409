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

_STYLE_FIELDS = ("marginl", "marginr", "marginv")


def track_from_pysubs2(subs: Any, report: Report | None = None, step: str = "pysubs2") -> Track:
    """A :class:`Track` from a ``pysubs2.SSAFile``: override tags become spans/extras, Name the speaker."""
    from .formats.ass import parse_ass_text

    rep = report if report is not None else Report()
    cues: list[Cue] = []
    for ev in subs:
        lines, spans, tags, align = parse_ass_text(ev.text, None, rep, step)
        extras: dict[str, str | tuple[str, ...]] = {}
        if tags:
            extras["ass.tags"] = tags
        if align:
            extras["align"] = align
        if ev.style and ev.style != "Default":
            extras["ass.style"] = ev.style
        if ev.layer:
            extras["ass.layer"] = str(ev.layer)
        if ev.effect:
            extras["ass.effect"] = ev.effect
        for attr, key in zip(_STYLE_FIELDS, ("ass.margin_l", "ass.margin_r", "ass.margin_v"), strict=True):
            v = getattr(ev, attr, 0)
            if v:
                extras[key] = str(v)
        if ev.is_comment:
            extras["ass.comment"] = "1"
        cues.append(Cue(int(ev.start), int(ev.end), lines, spans, ev.name or None, FrozenMap(extras)))
    return Track(tuple(cues))


def track_to_pysubs2(track: Track) -> Any:
    """A ``pysubs2.SSAFile`` holding ``track``'s timed cues (spans as ``{\\i1}`` tags, escaped text)."""
    import pysubs2

    from .formats.ass import escape_ass_text

    subs = pysubs2.SSAFile()
    for cue in track.cues:
        if cue.start is None or cue.end is None:
            continue
        ex = cue.extras
        prefix = ""
        align = ex.get("align")
        if isinstance(align, str) and len(align) == 1 and align in "123456789":
            prefix += f"{{\\an{align}}}"
        tags = ex.get("ass.tags")
        if isinstance(tags, str):
            prefix += tags
        ev = pysubs2.SSAEvent(start=cue.start, end=cue.end, text=prefix + escape_ass_text(cue.text, cue.spans))
        ev.name = cue.speaker or ""
        style = ex.get("ass.style")
        if isinstance(style, str):
            ev.style = style
        layer = ex.get("ass.layer")
        if isinstance(layer, str) and layer.isdigit():
            ev.layer = int(layer)
        effect = ex.get("ass.effect")
        if isinstance(effect, str):
            ev.effect = effect
        for attr, key in zip(_STYLE_FIELDS, ("ass.margin_l", "ass.margin_r", "ass.margin_v"), strict=True):
            v = ex.get(key)
            if isinstance(v, str) and v.isdigit():
                setattr(ev, attr, int(v))
        if ex.get("ass.comment") == "1":
            ev.type = "Comment"
        subs.append(ev)
    return subs


def track_from_webvtt(vtt: Any) -> Track:
    """A :class:`Track` from a ``webvtt.WebVTT``: times to ms, tags removed (``Caption.text``)."""
    cues: list[Cue] = []
    for cap in vtt.captions:
        extras: dict[str, str | tuple[str, ...]] = {}
        ident = getattr(cap, "identifier", None)
        if ident:
            extras["vtt.id"] = str(ident)
        cues.append(Cue(_vtt_ms(cap.start), _vtt_ms(cap.end), tuple(cap.text.split("\n")), (), None,
                        FrozenMap(extras)))
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

    from .timefmt import split_ms

    def stamp(ms: int) -> str:
        h, m, s, f = split_ms(ms)
        return f"{h:02d}:{m:02d}:{s:02d}.{f:03d}"

    out = webvtt.WebVTT()
    for cue in track.cues:
        if cue.start is None or cue.end is None:
            continue
        out.captions.append(webvtt.Caption(stamp(cue.start), stamp(cue.end), list(cue.lines)))
    return out

"""Conversions between subconv's model and pysubs2 / webvtt-py objects: an adapter at the edge,
through the text subconv's own ASS and WebVTT readers and writers read and write (what an object
cannot hold reported as `dumps` reports it).

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
from .formats.base import HEADER_STEP, noted_cues, report_unheld
from .formats.generic import track_from_pysubs2
from .formats.generic import track_to_pysubs2 as _rendered
from .model import EMPTY, Cue, FrozenMap, Track
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
    ``dropped`` entry each, step ``header``), a section pysubs2 keeps no place for (all but
    ``[Fonts]``, ``[Graphics]`` and ``[Aegisub Project Garbage]``), a WebVTT NOTE before a cue.
    Before, nothing was said of them."""
    rep = _report(report, "to_pysubs2()")
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
    _report_sections(track, subs, rep)
    return subs


#: the sections other than script info, styles and events a ``pysubs2.SSAFile`` keeps, by the
#: attribute that holds each
_PYSUBS2_SECTIONS = {
    "fonts": "fonts_opaque",
    "graphics": "graphics_opaque",
    "aegisub project garbage": "aegisub_project",
}


def _report_sections(track: Track, subs: Any, report: Report) -> None:
    """A ``dropped`` entry (step ``header``) for each section of ``track``'s ``ass.sections`` the
    ``pysubs2.SSAFile`` ``subs`` has no place for (it keeps :data:`_PYSUBS2_SECTIONS` only), at
    its line."""
    sections = track.meta.get("ass.sections")
    if not isinstance(sections, tuple):
        return
    at = track.source_lines.get("ass.sections")
    lines = at if isinstance(at, tuple) and len(at) == len(sections) else ("",) * len(sections)
    kept = ", ".join(f"[{name.title()}]" for name, attr in _PYSUBS2_SECTIONS.items() if hasattr(subs, attr))
    for line, where in zip(sections, lines, strict=True):
        name = line[1:-1].strip().lower() if line.startswith("[") and line.endswith("]") else None
        if name is not None and not hasattr(subs, _PYSUBS2_SECTIONS.get(name, " ")):
            report.add(
                HEADER_STEP,
                "dropped",
                f"the section {line} not in the pysubs2.SSAFile: it keeps {kept or 'no other section'}",
                int(where) if where.isdigit() else None,
                line,
            )


def track_from_webvtt(vtt: Any, report: Report | None = None) -> Track:
    """A :class:`Track` from a ``webvtt.WebVTT``: every caption, its identifier, settings, voice
    and tags (spans), and the file's header blocks (``STYLE``, ``REGION``), exactly as subconv's
    own WebVTT reader reads webvtt-py's rendering of it (``vtt.content``); what that reader
    repairs, in ``report``.  Anything else (``None``, a file's name) is a ``TypeError`` naming
    what it takes.  (Before, each caption's text without its tags: its voice, spans,
    settings and the header blocks were lost, and ``&amp;`` stayed so.)"""
    if not hasattr(vtt, "captions"):  # (duck-typed: webvtt-py is not imported here)
        raise TypeError(
            f"Track.from_webvtt() takes a webvtt.WebVTT, not {type(vtt).__name__}: "
            "load a file with webvtt.read(path), or read it with subconv.read(path)"
        )
    rep = _report(report, "from_webvtt()")
    try:
        content = getattr(vtt, "content", None)
    except ValueError as exc:  # (a caption no WebVTT holds, which webvtt-py will not render)
        said = f"webvtt-py cannot write the WebVTT of these captions ({exc}): their text read without tags"
        rep.add(STEP, "warning", said)
        return _captions_track(vtt)
    if not isinstance(content, str):  # (a webvtt-py without its rendering: the captions' text)
        return _captions_track(vtt)
    track = formats.get("vtt").read(content, rep)
    return track.replace(source_lines=EMPTY) if track.source_lines else track  # (lines of the rendering)


def _captions_track(vtt: Any) -> Track:
    """A :class:`Track` of the captions' times, identifiers and text without tags."""
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


def track_to_webvtt(track: Track, report: Report | None = None) -> webvtt.WebVTT:
    """A ``webvtt.WebVTT`` holding ``track``: its cues, identifiers, settings, voices, spans
    and header blocks, read by webvtt-py from the WebVTT :func:`subconv.dumps` writes.  What it
    cannot hold is reported in ``report`` (the writer's entries, as ``dumps`` gives them): a
    cue without times (dropped), one with no visible text, the file-level data WebVTT has no
    place for (an ASS script's styles...).  (Before, the cues' plain text only, nothing said.)"""
    import io

    import webvtt

    rep = _report(report, "to_webvtt()")
    for cue in track.cues:
        if cue.start is None or cue.end is None:
            rep.add(STEP, "dropped", "cue without times not in the webvtt.WebVTT", cue.source_line, cue.text)
    timed = track.with_cues(c for c in track.cues if c.start is not None and c.end is not None)
    text = "".join(formats.get("vtt").pieces(timed, formats.WriteOptions(), rep))
    parse = getattr(webvtt, "from_string", None)
    return parse(text) if parse is not None else webvtt.read_buffer(io.StringIO(text))


def _report(report: object, call: str) -> Report:
    """``report=`` given to ``call``: a :class:`Report`, or a new one for None; else a TypeError."""
    if report is None:
        return Report()
    if not isinstance(report, Report):
        raise TypeError(f"{call} report= takes a subconv.Report, not {type(report).__name__}")
    return report

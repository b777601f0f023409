"""Pipeline step ``align``: place cues where they are spoken in ``--media``'s audio.

Two cases, both needing ``ctx.options.media``:

* **place** (``options.align``): cues whose times were estimated from text
  (extras ``timing="estimated"``) or are missing are aligned to detected speech;
  page stamps (``timing="anchor"``) are hard anchors and keep their start.
* **sync** (``options.retime`` on a timed file, as ``subconv sync`` does): the
  existing start-to-start spacings are the expected lengths, so offsets,
  frame-rate drift and cuts are all corrected piecewise.

Every cue gets extras ``timing="aligned"`` and ``confidence``, and a report
entry; a cue for which no speech was found keeps its text estimate (placed
between its aligned neighbours), flagged with ``timing="estimated"`` and
``confidence="0.00"``, and the report says so per stretch.  Without media the
track is returned unchanged.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from ..model import Cue, Track
from ..pipeline import Context
from ..report import Report

if TYPE_CHECKING:
    from ..align.aligner import Placement

STEP = "align"


def _mode(track: Track, ctx: Context) -> str | None:
    opts = ctx.options
    if not opts.media or not track.cues:
        return None
    estimated = any(c.extras.get("timing") == "estimated" or not c.timed for c in track.cues)
    if estimated and opts.align:
        return "place"
    if opts.retime and track.timed:
        return "sync"
    return None


def _lengths(track: Track, ctx: Context, mode: str) -> list[int]:
    cues = track.cues
    if mode == "place":
        from ..timing import expected_ms

        return [expected_ms(c.text, wpm=ctx.options.wpm, cps=ctx.options.cps) for c in cues]
    out: list[int] = []
    for i, c in enumerate(cues):
        assert c.start is not None and c.end is not None
        nxt = cues[i + 1].start if i + 1 < len(cues) else None
        if nxt is not None and nxt >= c.start:
            out.append(max(1, nxt - c.start))
        else:
            out.append(max(1, c.end - c.start))
    return out


def align(track: Track, ctx: Context, report: Report) -> Track:
    """Align ``track`` to ``ctx.options.media``'s audio (see the module docstring)."""
    mode = _mode(track, ctx)
    if mode is None:
        return track
    assert ctx.options.media is not None
    # imported here: every conversion loads this step, few have media to align to
    from ..align.aligner import align_cues
    from ..align.audio import decode_features
    from ..align.vad import detect_speech

    t0 = time.perf_counter()
    feats = decode_features(ctx.options.media)
    sm = detect_speech(feats)
    cues = list(track.cues)
    lengths = _lengths(track, ctx, mode)
    anchors: dict[int, int] = {}
    if mode == "place":
        for i, c in enumerate(cues):
            if c.extras.get("timing") == "anchor" and c.start is not None:
                anchors[i] = c.start
    durations = [max(1, (c.end or 0) - (c.start or 0)) for c in cues] if mode == "sync" else None
    placed = align_cues(lengths, sm, mode="place" if mode == "place" else "sync", anchors=anchors,
                        durations=durations)
    times = [(p.start, p.end) for p in placed]
    if mode == "sync":
        times = _keep_offsets(cues, placed, times)
    out: list[Cue] = []
    for i, (c, p) in enumerate(zip(cues, placed, strict=True)):
        start, end = times[i]
        if i in anchors:
            start = anchors[i]
        if mode == "sync" and p.found and c.start is not None and c.end is not None:
            end = start + (c.end - c.start)
        nxt = times[i + 1][0] if i + 1 < len(cues) else None
        if nxt is not None and end > nxt >= start + 1 and not (mode == "sync" and _overlapped(cues, i)):
            end = nxt
        end = max(end, start + 1)
        if i in anchors:
            extras = c.extras.set("confidence", "1.00")
            report.add(STEP, "kept", "page timestamp kept as an anchor", c.source_line, c.text, start=start)
        elif p.found:
            extras = c.extras.set("timing", "aligned").set("confidence", f"{p.confidence:.2f}")
            report.add(STEP, "rewritten", f"aligned to speech (confidence {p.confidence:.2f})", c.source_line, c.text,
                       start=start, end=end, before_start=c.start, before_end=c.end)
        else:
            extras = c.extras.set("timing", "estimated").set("confidence", "0.00")
        out.append(c.replace(start=start, end=end, extras=extras))
    # one warning per stretch without speech
    i = 0
    while i < len(placed):
        if placed[i].found or i in anchors:
            i += 1
            continue
        j = i
        while j < len(placed) and not placed[j].found and j not in anchors:
            j += 1
        first = cues[i]
        where = f"{times[i][0] / 1000:.1f}s-{times[j - 1][1] / 1000:.1f}s"
        report.add(STEP, "warning", f"no detectable speech for cues {i + 1}-{j} ({where}): kept the text estimate",
                   first.source_line, first.text, cues=j - i)
        i = j
    report.info["align"] = (
        f"{mode}: {sum(p.found for p in placed)}/{len(placed)} cues aligned, "
        f"{sm.speech_ms / 1000:.1f}s speech in {sm.duration_ms / 1000:.1f}s audio, "
        f"{time.perf_counter() - t0:.2f}s"
    )
    return track.with_cues(out)


def _keep_offsets(cues: list[Cue], placed: list[Placement], times: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sync: a cue without speech moves with its last aligned predecessor (kept inside its neighbours)."""
    out = list(times)
    offset = None
    for i, (c, p) in enumerate(zip(cues, placed, strict=True)):
        assert c.start is not None and c.end is not None
        if p.found:
            offset = p.start - c.start
            continue
        if offset is None:
            continue
        lo = out[i - 1][0] if i > 0 else 0
        hi = next((out[j][0] for j in range(i + 1, len(cues)) if placed[j].found), None)
        start = max(lo, c.start + offset)
        if hi is not None:
            start = min(start, hi)
        out[i] = (start, start + max(1, c.end - c.start))
    return out


def _overlapped(cues: list[Cue], i: int) -> bool:
    """True when cue ``i`` overlapped the next one in the input (kept as is on sync)."""
    c, n = cues[i], cues[i + 1]
    return c.end is not None and n.start is not None and c.end > n.start

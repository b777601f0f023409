"""Pipeline step ``frames``: snap every time to a frame boundary (``--fps``).

Runs last.  With a frame rate (``ctx.options.fps`` or the editor preset's),
each start and end moves to the nearest frame start (frame ``k`` at
``round(k * 1000 * den / num)`` ms, exact rational rates), and then:

* every cue lasts at least one frame;
* two cues that did not overlap in the input are separated by at least the
  minimum gap (2 frames by default): the earlier cue's end is cut, unless
  that would leave it shorter than its minimum (``MIN_DURATION_MS`` or its
  own length, if shorter), in which case the later cue moves later;
* cues that overlapped in the input (``--overlaps keep``) are snapped
  without being separated, and no new overlap is created.

Plain rounding (under one frame) is summarised in one ``info`` entry; every
cue whose times were forced further (gap, minimum length, moved) gets a
``rewritten`` entry with its source line, and a ``warning`` says how many.

>>> from subconv.model import Cue, Track
>>> from subconv.options import Options
>>> from subconv.pipeline import Context
>>> from subconv.report import Report
>>> t = Track((Cue(1010, 2000, ("a",)), Cue(2000, 3000, ("b",))))
>>> [(c.start, c.end) for c in snap_to_frames(t, Context("srt", Options(fps=25)), Report())]
[(1000, 1920), (2000, 3000)]
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

from ..editors import MIN_DURATION_MS, frame_to_ms, frames_at_least, ms_to_frame, profile
from ..model import Track
from ..pipeline import Context
from ..report import Report

if TYPE_CHECKING:
    from fractions import Fraction

STEP = "frames"


def _describe(rate: Fraction) -> str:
    if rate.denominator == 1:
        return f"{rate.numerator} fps"
    return f"{float(rate):.3f} fps ({rate.numerator}/{rate.denominator})"


def snap_to_frames(track: Track, ctx: Context, report: Report) -> Track:
    """Snap times to frames at ``ctx.options.fps`` (or the editor preset's rate); else pass through."""
    prof = profile(ctx.options)
    rate = prof.rate
    if rate is None or not track.cues:
        return track
    gap = prof.min_gap_frames
    cues = list(track.cues)
    order = sorted(
        (i for i, c in enumerate(cues) if c.start is not None and c.end is not None),
        key=lambda i: (cues[i].start, cues[i].end, i),
    )
    sf: dict[int, int] = {}
    ef: dict[int, int] = {}
    minf: dict[int, int] = {}
    forced: dict[int, list[str]] = {}
    # earlier cues by input end (not yet known to end before the current start)
    pending: list[tuple[int, int]] = []
    # cues that ended (in the input) before the current cue's start, and may still be within the gap
    before: list[int] = []

    for i in order:
        c = cues[i]
        assert c.start is not None and c.end is not None
        start, end = max(0, c.start), max(0, c.end, c.start)
        s = ms_to_frame(start, rate)
        e = ms_to_frame(end, rate)
        own = max(1, e - s)
        minf[i] = max(1, min(own, frames_at_least(MIN_DURATION_MS, rate)))
        if e - s < 1:
            e = s + 1
            forced.setdefault(i, []).append("lengthened to one frame")
        while pending and pending[0][0] <= start:
            before.append(heapq.heappop(pending)[1])
        before = [p for p in before if ef[p] + gap > s]
        if before:
            stuck = [p for p in before if s - gap - sf[p] < minf[p]]
            if stuck:
                new_s = max(ef[p] for p in before) + gap
                forced.setdefault(i, []).append(f"moved {new_s - s} frame(s) later to keep a {gap}-frame gap")
                if e - new_s < minf[i]:
                    e = new_s + minf[i]
                s = new_s
            else:
                for p in before:
                    forced.setdefault(p, []).append(f"end cut {ef[p] - (s - gap)} frame(s) to keep a {gap}-frame gap")
                    ef[p] = s - gap
        sf[i], ef[i] = s, e
        heapq.heappush(pending, (end, i))

    rounded = 0
    max_shift = 0
    out = list(cues)
    for i in order:
        c = cues[i]
        assert c.start is not None and c.end is not None
        ns, ne = frame_to_ms(sf[i], rate), frame_to_ms(ef[i], rate)
        if (ns, ne) == (c.start, c.end):
            continue
        out[i] = c.replace(start=ns, end=ne)
        shift = max(abs(ns - c.start), abs(ne - c.end))
        max_shift = max(max_shift, shift)
        if i in forced:
            report.add(
                STEP, "rewritten", f"{c.start}-{c.end} ms -> {ns}-{ne} ms: " + "; ".join(forced[i]),
                c.source_line, c.text, old_start=c.start, old_end=c.end, new_start=ns, new_end=ne,
            )
        else:
            rounded += 1
    report.info["fps"] = f"{rate.numerator}/{rate.denominator}"
    report.add(
        STEP, "info",
        f"snapped to {_describe(rate)}: {rounded} cue(s) rounded to the nearest frame, "
        f"{len(forced)} changed further; largest change {max_shift} ms",
    )
    if forced:
        report.add(
            STEP, "warning",
            f"{len(forced)} cue(s) re-timed beyond rounding to keep {gap} frames between cues "
            "or a minimum length (see the rewritten entries)",
        )
    return track.with_cues(out)

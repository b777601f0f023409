"""Pipeline step ``frames``: snap every time to a frame boundary (``--fps``).

Runs last.  With a frame rate (``ctx.options.fps`` or the editor preset's),
each start and end moves to the nearest frame start (frame ``k`` at
``round(k * 1000 * den / num)`` ms, exact rational rates), and then, in one
pass over the cues in order of start:

* every cue lasts at least one frame;
* two cues that did not overlap in the input are separated by the minimum gap
  (2 frames by default) where that is possible without moving a time more than
  the gap beyond its rounded frame: the earlier cue's end is cut first (not
  below its minimum: ``MIN_DURATION_MS`` or its own length, if shorter), then
  the later cue moves later, by at most the gap; what is left of the gap is kept
  (reported) rather than pushing every following cue later;
* cues that overlapped in the input (``--overlaps keep``) are snapped
  without being separated.

So no time moves more than one frame plus the minimum gap from its input, and
the step is linear after the sort (each cue looks only at the cue before it).
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
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ..editors import MIN_DURATION_MS, frame_to_ms, frames_at_least, ms_to_frame, profile
from ..model import Cue, Track
from ..report import Report
from . import Context

if TYPE_CHECKING:
    from fractions import Fraction

STEP = "frames"


def _describe(rate: Fraction) -> str:
    if rate.denominator == 1:
        return f"{rate.numerator} fps"
    return f"{float(rate):.3f} fps ({rate.numerator}/{rate.denominator})"


def frames_stream(track: Track, ctx: Context, report: Report) -> Callable[[Iterable[Cue]], Iterable[Cue]] | None:
    """:func:`snap_to_frames` for the pipeline's streamed steps
    (:func:`subconv.pipeline.run_streamed`): with no frame rate, the cues as they are (what
    :func:`snap_to_frames` gives); with one, None."""
    return _as_they_are if profile(ctx.options).rate is None else None


def _as_they_are(cues: Iterable[Cue]) -> Iterable[Cue]:
    return cues


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
    sf, ef, forced = _plan(cues, order, rate, gap)
    out, rounded, max_shift = _snapped(cues, order, (sf, ef, forced), rate, report)
    report.info["fps"] = f"{rate.numerator}/{rate.denominator}"
    report.add(
        STEP,
        "info",
        f"snapped to {_describe(rate)}: {rounded} cue(s) rounded to the nearest frame, "
        f"{len(forced)} changed further; largest change {max_shift} ms",
    )
    if forced:
        report.add(
            STEP,
            "warning",
            f"{len(forced)} cue(s) re-timed beyond rounding to keep {gap} frames between cues "
            "or a minimum length (see the rewritten entries)",
        )
    return track.with_cues(out)


def _plan(
    cues: list[Cue], order: list[int], rate: Fraction, gap: int
) -> tuple[dict[int, int], dict[int, int], dict[int, list[str]]]:
    """Start and end frames per timed cue (in ``order``), and why each forced one moved further than rounding."""
    sf: dict[int, int] = {}
    ef: dict[int, int] = {}
    minf: dict[int, int] = {}
    forced: dict[int, list[str]] = {}
    shortest = frames_at_least(MIN_DURATION_MS, rate)
    reach = (1 + gap) * 1000 * rate.denominator // rate.numerator  # the most a time may move, in ms

    def last_frame_within(ms: int) -> int:
        k = ms_to_frame(ms, rate)
        while frame_to_ms(k, rate) > ms:
            k -= 1
        return k

    # earlier cues by input end (those not yet ended, in the input, at the current start)
    pending: list[tuple[int, int]] = []
    # earlier cues that ended (in the input) before the current start and end within its gap
    near: list[int] = []
    for i in order:
        c = cues[i]
        assert c.start is not None and c.end is not None
        start, end = max(0, c.start), max(0, c.end, c.start)
        rs = ms_to_frame(start, rate)
        re_ = ms_to_frame(end, rate)
        minf[i] = max(1, min(re_ - rs, shortest))
        latest_end = last_frame_within(end + reach)
        s = rs
        while pending and pending[0][0] <= start:
            near.append(heapq.heappop(pending)[1])
        near = [p for p in near if ef[p] + gap > rs]
        if near:
            # the cues before end within the gap: cut them (not below their minimum) ...
            for p in near:
                cut_to = max(rs - gap, sf[p] + minf[p])
                if cut_to < ef[p]:
                    forced.setdefault(p, []).append(f"end cut {ef[p] - cut_to} frame(s) to keep a {gap}-frame gap")
                    ef[p] = cut_to
            # ... then move this one later, no further than one frame plus the gap from its input
            before = max(ef[p] for p in near)
            s = max(rs, min(before + gap, last_frame_within(start + reach), latest_end - 1))
            if s > rs:
                forced.setdefault(i, []).append(f"moved {s - rs} frame(s) later to keep a gap")
            if s < before + gap:
                _touch(near, s, gap, (sf, ef), forced)
                left = s - max(ef[p] for p in near)
                forced.setdefault(i, []).append(
                    f"{left}-frame gap before it: a {gap}-frame gap would move a time more than {gap + 1} frame(s)"
                    if left >= 0
                    else "overlaps the cue before: more cues than frames here"
                )
        e = max(re_, s + minf[i])
        e = max(s + 1, min(e, latest_end))
        if re_ - rs < 1:
            forced.setdefault(i, []).append("lengthened to one frame")
        sf[i], ef[i] = s, e
        heapq.heappush(pending, (end, i))
    return sf, ef, forced


def _touch(
    near: list[int], s: int, gap: int, frames: tuple[dict[int, int], dict[int, int]], forced: dict[int, list[str]]
) -> None:
    """The cues in ``near`` ending after frame ``s`` cut to end there (touching at least, each keeping one frame)."""
    sf, ef = frames
    for p in near:
        if ef[p] > s:
            ef[p] = max(sf[p] + 1, s)
            forced.setdefault(p, []).append("end cut to the next cue's start")


def _snapped(
    cues: list[Cue],
    order: list[int],
    plan: tuple[dict[int, int], dict[int, int], dict[int, list[str]]],
    rate: Fraction,
    report: Report,
) -> tuple[list[Cue], int, int]:
    """The cues at their planned frames (a ``rewritten`` entry for each forced one); the cues,
    how many were only rounded, and the largest change in ms."""
    sf, ef, forced = plan
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
        max_shift = max(max_shift, abs(ns - c.start), abs(ne - c.end))
        if i in forced:
            report.add(
                STEP,
                "rewritten",
                f"{c.start}-{c.end} ms -> {ns}-{ne} ms: " + "; ".join(forced[i]),
                c.source_line,
                c.text,
                old_start=c.start,
                old_end=c.end,
                new_start=ns,
                new_end=ne,
            )
        else:
            rounded += 1
    return out, rounded, max_shift

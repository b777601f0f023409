"""Frame snapping (``--fps``): frame boundaries, gaps, minimum lengths, no new overlaps, reported."""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv.editors import MIN_DURATION_MS, frame_rate, frame_to_ms, frames_at_least, ms_to_frame, preset
from subconv.errors import UsageError
from subconv.model import Cue, Track
from subconv.options import Options
from subconv.pipeline import Context
from subconv.report import Report
from subconv.steps.frames import snap_to_frames
from subconv.steps.overlaps import resolve_overlaps

RATES = (23.976, 24, 25, 29.97, 30, 50, 59.94, 60)


def boundaries(rate: Fraction, upto_ms: int) -> set[int]:
    return {frame_to_ms(k, rate) for k in range(ms_to_frame(upto_ms, rate) + 3)}


@st.composite
def timed_tracks(draw: st.DrawFn, overlapping: bool = True) -> Track:
    """Tracks with arbitrary (possibly overlapping, zero-length, unsorted) times."""
    n = draw(st.integers(0, 25))
    cues = []
    t = 0
    for k in range(n):
        start = draw(st.integers(0, 120000)) if overlapping else t + draw(st.integers(0, 3000))
        dur = draw(st.integers(0, 8000))
        cues.append(Cue(start, start + dur, (f"cue {k}",), source_line=k * 4 + 1))
        t = start + dur
    if overlapping:
        cues = draw(st.permutations(cues))
    return Track(tuple(cues))


def snap(track: Track, **opts: object) -> tuple[Track, Report]:
    rep = Report()
    return snap_to_frames(track, Context("srt", Options().replace(**opts)), rep), rep


def no_overlap_pairs(track: Track) -> set[tuple[int, int]]:
    """Index pairs (i, j) of cues that do not overlap in time, i ending before j starts."""
    out = set()
    for i, a in enumerate(track.cues):
        for j, b in enumerate(track.cues):
            assert a.end is not None and b.start is not None
            if i != j and a.end <= b.start and (a.start, i) < (b.start, j):
                out.add((i, j))
    return out


@pytest.mark.parametrize("fps", RATES)
def test_exact_rational_rates(fps: float) -> None:
    rate = frame_rate(fps)
    # one hour of frames lands exactly where the rational rate says, no float drift
    frames_per_hour = rate * 3600
    if frames_per_hour.denominator == 1:
        assert frame_to_ms(int(frames_per_hour), rate) == 3_600_000
    assert frame_to_ms(1, rate) in (16, 17, 33, 34, 40, 41, 42, 20)


def test_ntsc_rates_are_1000_over_1001() -> None:
    assert frame_rate(23.976) == Fraction(24000, 1001)
    assert frame_rate(29.97) == Fraction(30000, 1001)
    assert frame_rate(59.94) == Fraction(60000, 1001)
    assert frame_rate(25) == 25
    with pytest.raises(UsageError):
        frame_rate(0)


@pytest.mark.parametrize("fps", [1e-7, 0.009, 1000.5])
def test_a_rate_out_of_range_is_a_usage_error(fps: float) -> None:
    """(1e-7 fps was taken, then snapping divided by a rate of 0: an internal error)"""
    with pytest.raises(UsageError, match=r"from 1 to 1000"):
        frame_rate(fps)


def reported_lines(rep: Report) -> set[int | None]:
    return {e.line for e in rep.by_action("rewritten")}


def bound_ms(rate: Fraction, gap: int = 2) -> int:
    """One frame plus the minimum gap, in milliseconds (rounded up)."""
    return -(-(1 + gap) * 1000 * rate.denominator // rate.numerator)


@settings(max_examples=150, deadline=None)
@given(timed_tracks(), st.sampled_from(RATES))
def test_snapped_times_are_frame_boundaries_and_valid(track: Track, fps: float) -> None:
    rate = frame_rate(fps)
    out, rep = snap(track, fps=fps)
    assert len(out.cues) == len(track.cues)
    grid = boundaries(rate, 200_000)
    moved = reported_lines(rep)
    for before, after in zip(track.cues, out.cues, strict=True):
        assert after.start in grid and after.end in grid
        assert after.start is not None and after.end is not None and before.end is not None
        assert before.start is not None
        assert after.end - after.start >= frame_to_ms(1, rate) - 1  # at least one frame
        assert after.lines == before.lines
        # no time moves more than one frame plus the minimum gap
        assert abs(after.start - before.start) <= bound_ms(rate) and abs(after.end - before.end) <= bound_ms(rate)
        # never shorter than its minimum (MIN_DURATION_MS or its own rounded length) unless reported
        own = max(1, ms_to_frame(before.end, rate) - ms_to_frame(before.start or 0, rate))
        minimum = min(own, frames_at_least(MIN_DURATION_MS, rate))
        if ms_to_frame(after.end, rate) - ms_to_frame(after.start, rate) < minimum:
            assert before.source_line in moved
    # cues that did not overlap are 2 frames apart, or the change is reported
    for i, j in no_overlap_pairs(track):
        a, b = out.cues[i], out.cues[j]
        assert a.end is not None and b.start is not None
        if ms_to_frame(b.start, rate) - ms_to_frame(a.end, rate) < 2:
            assert track.cues[j].source_line in moved or track.cues[i].source_line in moved, (a, b)
    # every change beyond rounding is reported with its source line
    for e in rep.by_action("rewritten"):
        assert e.line is not None and e.step == "frames"


@settings(max_examples=150, deadline=None)
@given(timed_tracks(overlapping=False), st.sampled_from(RATES))
def test_clean_input_stays_ordered_without_overlaps(track: Track, fps: float) -> None:
    rate = frame_rate(fps)
    out, rep = snap(track, fps=fps)
    starts = [c.start for c in out.cues]
    assert starts == sorted(starts)  # type: ignore[type-var]
    for (a, b), second in zip(itertools.pairwise(out.cues), track.cues[1:], strict=True):
        assert a.end is not None and b.start is not None
        if ms_to_frame(b.start, rate) - ms_to_frame(a.end, rate) < 2:  # (overlap: more cues than frames)
            assert second.source_line in reported_lines(rep)


@st.composite
def back_to_back(draw: st.DrawFn, shortest: int = 0) -> Track:
    """Word-level cues: many short cues, each starting where the last ended (or just after)."""
    n = draw(st.integers(1, 60))
    t = draw(st.integers(0, 5000))
    cues = []
    for k in range(n):
        dur = draw(st.integers(shortest, 400))
        cues.append(Cue(t, t + dur, (f"w{k}",), source_line=k + 1))
        t += dur + draw(st.sampled_from((0, 0, 0, 10, 40, 90)))
    return Track(tuple(cues))


@settings(max_examples=200, deadline=None)
@given(back_to_back(), st.sampled_from(RATES))
def test_no_cue_moves_more_than_one_frame_plus_the_gap(track: Track, fps: float) -> None:
    rate = frame_rate(fps)
    out, _ = snap(track, fps=fps)
    for before, after in zip(track.cues, out.cues, strict=True):
        assert before.start is not None and before.end is not None
        assert after.start is not None and after.end is not None
        assert abs(after.start - before.start) <= bound_ms(rate), (before, after)
        assert abs(after.end - before.end) <= bound_ms(rate), (before, after)
        assert after.end > after.start


@settings(max_examples=100, deadline=None)
@given(back_to_back(shortest=42), st.sampled_from(RATES))
def test_back_to_back_cues_of_a_frame_or_more_never_overlap(track: Track, fps: float) -> None:
    out, _ = snap(track, fps=fps)
    for a, b in itertools.pairwise(out.cues):
        assert a.end is not None and b.start is not None and b.start >= a.end


def test_ten_thousand_back_to_back_cues_do_not_drift() -> None:
    # was: each 100 ms cue pushed the next one later, the last one 13 minutes late
    track = Track(tuple(Cue(k * 100, k * 100 + 100, (f"w{k}",), source_line=k + 1) for k in range(10_000)))
    out, _ = snap(track, fps=25)
    last = out.cues[-1]
    assert last.start is not None and abs(last.start - 999_900) <= bound_ms(frame_rate(25))
    assert max(abs((a.start or 0) - (b.start or 0)) for a, b in zip(out.cues, track.cues, strict=True)) <= 120


@settings(max_examples=100, deadline=None)
@given(timed_tracks(), st.sampled_from(RATES), st.sampled_from(["merge", "stagger"]))
def test_resolved_then_snapped_has_no_overlaps(track: Track, fps: float, policy: str) -> None:
    rate = frame_rate(fps)
    rep = Report()
    ctx = Context("srt", Options(fps=fps, overlaps=policy))  # type: ignore[arg-type]
    out = snap_to_frames(resolve_overlaps(track, ctx, rep), ctx, rep)
    cues = sorted(out.cues, key=lambda c: (c.start, c.end))
    for a, b in itertools.pairwise(cues):
        assert a.end is not None and b.start is not None
        if ms_to_frame(b.start, rate) - ms_to_frame(a.end, rate) < 2:
            assert "gap" in " ".join(e.reason for e in rep.by_action("rewritten") if e.step == "frames")
    joined = "\n".join(c.text for c in out.cues)
    for c in track.cues:
        assert c.text in joined


def test_contiguous_cues_get_a_two_frame_gap_and_are_reported() -> None:
    track = Track((Cue(1000, 2000, ("a",), source_line=1), Cue(2000, 3000, ("b",), source_line=5)))
    out, rep = snap(track, fps=25)
    assert [(c.start, c.end) for c in out.cues] == [(1000, 1920), (2000, 3000)]
    [entry] = rep.by_action("rewritten")
    assert entry.line == 1 and "gap" in entry.reason
    assert rep.by_action("warning")
    assert rep.info["fps"] == "25/1"


def test_short_cue_is_not_cut_the_next_one_moves() -> None:
    # a 120 ms cue right before another: cutting it would leave 1 frame, so the next one moves
    track = Track((Cue(1000, 1120, ("short",), source_line=1), Cue(1120, 3000, ("next",), source_line=4)))
    out, rep = snap(track, fps=25)
    a, b = out.cues
    assert (a.start, a.end) == (1000, 1120)
    assert b.start == 1200 and b.end == 3000
    assert [e.line for e in rep.by_action("rewritten")] == [4]


def test_zero_length_cue_lasts_one_frame() -> None:
    out, rep = snap(Track((Cue(1000, 1000, ("x",), source_line=3),)), fps=24)
    [c] = out.cues
    assert (c.start, c.end) == (1000, 1042)
    assert rep.by_action("rewritten")[0].line == 3


def test_no_fps_is_a_no_op() -> None:
    track = Track((Cue(1, 2, ("x",)),))
    out, rep = snap(track)
    assert out is track and len(rep) == 0


def test_editor_preset_and_unknown_editor() -> None:
    assert preset("generic").overlaps == "keep"
    with pytest.raises(UsageError, match="valid editors: fcp, generic"):
        snap(Track((Cue(1, 2, ("x",)),)), fps=25, editor="avid-x")


def test_untimed_cues_pass_through() -> None:
    track = Track((Cue(None, None, ("x",)), Cue(1000, 2000, ("y",))))
    out, _ = snap(track, fps=25)
    assert out.cues[0] == track.cues[0]
    assert out.cues[1].start == 1000

"""The ``time`` step: guarantees (hypothesis), anchors, duration, reports."""

from __future__ import annotations

import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv.model import Cue, Track
from subconv.options import Options
from subconv.pipeline import Context
from subconv.report import Report, clock
from subconv.steps.time import estimate
from subconv.timing import DEFAULT

MIN, GAP = DEFAULT.min_ms, DEFAULT.gap_ms

TEXT = st.lists(
    st.sampled_from(["So", "what", "is", "a", "ledger?", "比特币", "それは、", "مرحبا بكم،", "3.14", "Done.", "—"]),
    min_size=1,
    max_size=10,
).map(" ".join)


@st.composite
def page_tracks(draw: st.DrawFn, max_cues: int = 30) -> tuple[Track, dict[int, int], int | None]:
    """An untimed track with some anchors (each leaving >= 2 ms per cue before it) and maybe a duration."""
    texts = draw(st.lists(TEXT, min_size=1, max_size=max_cues))
    n = len(texts)
    anchored = draw(st.sets(st.integers(0, n - 1), max_size=n))
    t = 0
    pending = 0
    anchors: dict[int, int] = {}
    cues = []
    for i, text in enumerate(texts):
        if i in anchored:
            t += 2 * pending + draw(st.sampled_from([0, 1, 500, 3000, 20_000]) | st.integers(0, 60_000))
            anchors[i] = t
            if draw(st.booleans()):  # a page stamp: start only
                pending = 1
                cues.append(Cue(t, None, (text,), origin="anchor", source_line=i + 1))
            else:  # a cue that already has both times
                end = t + draw(st.integers(1, 9000))
                cues.append(Cue(t, end, (text,), source_line=i + 1))
                t, pending = end, 0
        else:
            pending += 1
            cues.append(Cue(None, None, (text,), source_line=i + 1))
    duration = None
    if draw(st.booleans()):
        duration = t + 2 * pending + draw(st.sampled_from([0, 1, 100, 10_000]) | st.integers(0, 600_000))
    return Track(tuple(cues)), anchors, duration


def run(track: Track, **opts: object) -> tuple[Track, Report]:
    report = Report()
    out = estimate(track, Context("page", Options().replace(**opts)), report)
    return out, report


def check_guarantees(out: Track, report: Report, given: Track | None = None) -> None:
    starts = [c.start or 0 for c in out.cues]
    assert all(c.start is not None and c.end is not None for c in out.cues)
    warned_lines = {e.line for e in report.by_action("warning")}
    for a, b in zip(out.cues, out.cues[1:], strict=False):
        assert a.start is not None and a.end is not None and b.start is not None
        assert a.start < b.start, "starts strictly increase"
        assert a.end <= b.start, "no overlap"
    for i, c in enumerate(out.cues):
        assert c.start is not None and c.end is not None
        if given is not None and (given.cues[i].start, given.cues[i].end) == (c.start, c.end):
            continue  # times from the input are not ours to judge
        assert c.end > c.start, "positive duration"
        if c.end - c.start < MIN:
            assert c.source_line in warned_lines or any("squeezed" in e.reason for e in report.by_action("warning")), (
                f"short cue not reported: {c}"
            )
    assert starts == sorted(starts)


@settings(max_examples=150)
@given(page_tracks())
def test_guarantees_hold(case: tuple[Track, dict[int, int], int | None]) -> None:
    track, anchors, duration = case
    out, report = run(track, duration_ms=duration)
    if track.timed:
        assert out is track
        return
    check_guarantees(out, report, track)
    assert len(out.cues) == len(track.cues)
    assert [c.text for c in out.cues] == [c.text for c in track.cues]
    for i, t in anchors.items():
        assert out.cues[i].start == t, "anchors are kept exactly"
        if track.cues[i].end is None:
            assert out.cues[i].origin == "anchor"
        else:
            assert out.cues[i] == track.cues[i], "timed cues keep their times"
    for i, c in enumerate(out.cues):
        if i not in anchors:
            assert c.origin == "estimated"
    if duration is not None:
        assert out.cues[-1].end is not None and out.cues[-1].end <= duration
    info = report.info["timing"]
    assert info["anchors"] == sum(1 for c in track.cues if c.origin == "anchor")
    assert info["estimated"] == len(track.cues) - len(anchors)


@settings(max_examples=100)
@given(page_tracks(max_cues=15), st.integers(0, 3))
def test_degenerate_anchors_never_break_the_guarantees(
    case: tuple[Track, dict[int, int], int | None], shift: int
) -> None:
    # squash every anchor towards zero: anchors may now go backwards or leave no room
    track, _, duration = case
    cues = [
        c.replace(start=(c.start // 1000) * shift) if c.start is not None and c.end is None else c for c in track.cues
    ]
    given = track.with_cues(cues)
    out, report = run(given, duration_ms=duration and duration // 1000)
    check_guarantees(out, report, given)


@settings(max_examples=100)
@given(st.lists(st.tuples(st.integers(0, 5000), st.integers(1, 8000), TEXT), min_size=1, max_size=20))
def test_fully_timed_tracks_pass_through_untouched(spec: list[tuple[int, int, str]]) -> None:
    t = 0
    cues = []
    for gap, dur, text in spec:
        cues.append(Cue(t + gap, t + gap + dur, (text,)))
        t += gap + dur
    track = Track(tuple(cues))
    out, report = run(track)
    assert out is track
    assert len(report) == 0


def test_timed_cues_keep_their_times_and_gaps_are_filled() -> None:
    track = Track(
        (
            Cue(1000, 3000, ("Hello there.",)),
            Cue(None, None, ("This line has no time,",)),
            Cue(None, None, ("and neither does this one.",)),
            Cue(20_000, 22_000, ("Timed again.",)),
        )
    )
    out, report = run(track)
    assert out.cues[0] == track.cues[0] and out.cues[3] == track.cues[3]
    assert out.cues[0].origin == "given"
    mid = out.cues[1:3]
    assert all(c.origin == "estimated" for c in mid)
    assert 3000 < (mid[0].start or 0) < (mid[1].start or 0) < 20_000
    # scaled between the bounds: the second (longer) cue starts well after the middle
    assert (mid[1].start or 0) > 10_000
    infos = [e for e in report.by_action("info") if e.step == "time"]
    assert len(infos) == 1 and "2 cues estimated between" in infos[0].reason


def test_retime_reestimates_but_keeps_page_anchors() -> None:
    track = Track(
        (
            Cue(0, 500, ("first",)),
            Cue(9000, 9500, ("anchored",), origin="anchor"),
            Cue(12_000, 12_500, ("last",)),
        )
    )
    out, _ = run(track, retime=True)
    assert out.cues[1].start == 9000
    assert out.cues[0].origin == "estimated"
    assert out.cues[2].start != 12_000


def test_duration_fits_the_whole_track() -> None:
    track = Track(tuple(Cue(None, None, ("A sentence, said here.",)) for i in range(20)))
    free, _ = run(track)
    fitted, report = run(track, duration_ms=600_000)
    assert (free.cues[-1].end or 0) < 200_000
    # equal texts: equal slots of 30 s, the last one ending at the media's end
    assert [c.start for c in fitted.cues] == [30_000 * i for i in range(20)]
    assert fitted.cues[-1].end == 570_000 + DEFAULT.max_ms
    assert report.info["timing"]["duration_source"] == "option"
    assert "the media's end at 10:00" in report.by_action("info")[0].reason


def test_no_room_between_anchors_is_reported() -> None:
    cues = [Cue(10_000, None, ("anchor one",), origin="anchor", source_line=1)]
    cues += [Cue(None, None, (f"line {i}",), source_line=i + 2) for i in range(10)]
    cues += [Cue(12_000, None, ("anchor two",), origin="anchor", source_line=20)]
    out, report = run(Track(tuple(cues)))
    check_guarantees(out, report)
    assert out.cues[0].start == 10_000 and out.cues[-1].start == 12_000
    assert any("squeezed" in e.reason for e in report.by_action("warning"))


def test_anchor_going_backwards_is_reported_and_reestimated() -> None:
    cues = (
        Cue(10_000, None, ("a",), origin="anchor", source_line=1),
        Cue(None, None, ("b",), source_line=2),
        Cue(5_000, None, ("c",), origin="anchor", source_line=3),
    )
    out, report = run(Track(cues))
    check_guarantees(out, report)
    assert [e.line for e in report.by_action("warning") if "ignored" in e.reason] == [3]
    assert out.cues[2].origin == "estimated"


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.none() | st.integers(0, 40) | st.just(-1), TEXT),
        min_size=1,
        max_size=20,
    )
)
def test_an_ignored_time_or_a_squeezed_stretch_says_why(rows: list[tuple[int | None, str]]) -> None:
    """A page's stamps in any order, some repeated (``-1``: the stamp before again). An ignored
    time that goes back before the time kept before it says so, naming it (it said "it leaves no
    room for the cues before it", which is not why); and "less than 833 ms per cue" is said only
    where the room is that small (a stretch squeezed by the pace of a long cue said it too)."""
    cues, last = [], 0
    for i, (sec, text) in enumerate(rows):
        start = None if sec is None else (last if sec == -1 else sec * 1000)
        last = start if start is not None else last
        cues.append(Cue(start, None, (text,), origin="anchor" if start is not None else "given", source_line=i + 1))
    out, report = run(Track(tuple(cues)))
    check_guarantees(out, report)
    warnings = {e.line: e.reason for e in report.by_action("warning") if "ignored" in e.reason}
    kept: int | None = None
    for c, o in zip(cues, out, strict=True):
        if c.start is None:
            continue
        if o.origin == "anchor":
            kept = c.start
            continue
        reason = warnings[c.source_line or 0]
        goes_back = kept is not None and c.start < kept
        assert ("goes back before" in reason) == goes_back, reason
        if goes_back:
            assert f"before {clock(kept or 0)}," in reason
    for e in report.by_action("warning"):
        if "per cue" in e.reason:
            n, room = (int(x) for x in re.findall(r"(\d+) cues? squeezed into (\d+) ms", e.reason)[0])
            assert room < n * (MIN + GAP), e.reason


def test_fast_reading_speed_is_flagged() -> None:
    long = "x" * 300
    cues = (
        Cue(0, None, (long,), origin="anchor", source_line=4),
        Cue(2000, None, ("end",), origin="anchor", source_line=5),
    )
    _, report = run(Track(cues))
    assert [e.line for e in report.by_action("warning") if "reading speed" in e.reason] == [4]


def test_linear_in_the_number_of_cues() -> None:
    def cost(n: int) -> float:
        cues = [Cue(None, None, ("Some words here, and more.",)) for _ in range(n)]
        cues[n // 2] = Cue(n * 1000, None, ("anchor",), origin="anchor")
        t0 = time.perf_counter()
        run(Track(tuple(cues)), duration_ms=n * 4000)
        return time.perf_counter() - t0

    small, big = cost(2000), cost(20_000)
    assert big < 25 * small + 0.5


def test_media_duration_is_probed(monkeypatch: pytest.MonkeyPatch) -> None:
    import subconv.media

    monkeypatch.setattr(subconv.media, "probe_duration", lambda path: 120_000)
    track = Track(tuple(Cue(None, None, (f"Line {i}.",)) for i in range(5)))
    out, report = run(track, media="film.mp4")
    assert report.info["timing"]["duration_source"] == "media"
    assert (out.cues[-1].end or 0) <= 120_000 and (out.cues[-1].start or 0) > 60_000

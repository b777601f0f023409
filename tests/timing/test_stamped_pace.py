"""Stamped transcripts: each stamped span's time is shared so that no cue is much faster than its span.

Issue 18, item 4: no cue faster than 1.5 x the pace of its stamped span (and over 20
characters/s) unless the span itself leaves no room, and then it is reported; a transcript's
front-matter ``duration_seconds:``/``duration:`` is the media's length (the end anchor).
"""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from subconv.model import Cue, FrozenMap, Track
from subconv.options import Options
from subconv.pages import read_page
from subconv.pipeline import Context, load_step
from subconv.report import Report
from subconv.steps.time import estimate

WORDS = st.sampled_from(["Yes.", "It is.", "we", "really", "focus", "on", "that,", "enough", "OK.", "extraordinary"])
TEXT = st.lists(WORDS, min_size=1, max_size=14).map(" ".join)


def _chars(text: str) -> int:
    return len(text) - text.count("\n")


def violations(before: Track, after: Track, report: Report) -> tuple[list[int], list[int]]:
    """Indices of cues faster than 1.5 x their stamped span (and 20 cps): (unreported, reported)."""
    warned = {e.line for e in report.by_action("warning") if e.step == "time"}
    anchors = [i for i, c in enumerate(before.cues) if c.start is not None]
    bad: list[int] = []
    ok: list[int] = []
    for a, b in itertools.pairwise(anchors):
        span = (before.cues[b].start or 0) - (before.cues[a].start or 0)
        chars = sum(_chars(c.text) for c in before.cues[a:b])
        for k in range(a, b):
            c = after.cues[k]
            cps = _chars(c.text) * 1000 / max(1, (c.end or 0) - (c.start or 0))
            if cps <= 20 or (span > 0 and cps <= 1.5 * chars * 1000 / span):
                continue
            (ok if c.source_line in warned else bad).append(k)
    return bad, ok


@st.composite
def stamped(draw: st.DrawFn) -> Track:
    """A transcript: turns of 1-6 cues, each turn stamped (to the second, sometimes equal stamps)."""
    cues: list[Cue] = []
    t = 0
    line = 1
    for _ in range(draw(st.integers(2, 8))):
        t += draw(st.sampled_from([0, 1000, 2000, 5000]) | st.integers(0, 30).map(lambda s: s * 1000))
        for j in range(draw(st.integers(1, 6))):
            text = draw(TEXT)
            cues.append(
                Cue(t if j == 0 else None, None, (text,), origin="anchor" if j == 0 else "given", source_line=line)
            )
            line += 1
    return Track(tuple(cues))


@settings(max_examples=150, deadline=None)
@given(stamped())
def test_no_cue_much_faster_than_its_span_unless_reported(track: Track) -> None:
    report = Report()
    out = estimate(track, Context("page", Options()), report)
    bad, _ = violations(track, out, report)
    assert not bad, [(out.cues[k].text, out.cues[k].start, out.cues[k].end) for k in bad]


def test_short_turn_does_not_squeeze_the_long_one() -> None:
    # "It is. It is." and a 41-character answer in the same 2-second span: the short turn gets
    # less than its 833 ms minimum rather than squeezing the long one past 1.5 x the span's pace
    track = Track(
        (
            Cue(0, None, ("Some words before that, to start with.",), origin="anchor", source_line=1),
            Cue(10_000, None, ("It is. It is.",), origin="anchor", source_line=2),
            Cue(10_000, None, ("And I don't think we focus on that enough.",), origin="anchor", source_line=3),
            Cue(12_000, None, ("Yeah.",), origin="anchor", source_line=4),
        )
    )
    report = Report()
    out = estimate(track, Context("page", Options()), report)
    long = out.cues[2]
    cps = _chars(long.text) * 1000 / ((long.end or 0) - (long.start or 0))
    assert cps <= 1.5 * (_chars(long.text) + _chars(out.cues[1].text)) * 1000 / 2000
    assert any("ignored" in e.reason for e in report.by_action("warning") if e.line == 3)  # the equal stamp


def test_front_matter_duration_is_the_end_anchor() -> None:
    page = (
        "---\ntitle: x\nduration_seconds: 60.0\nduration: '1:00'\n---\n\nAda (00:00:00):\nHello there.\n\n"
        "Bo (00:00:10):\nAnd then we talked for a while about many things.\n"
    )
    report = Report()
    track = read_page(page, report)
    assert track.meta["page.duration_ms"] == "60000"
    ctx = Context("page", Options())
    out = load_step("time")(track, ctx, report)
    # the last cue's slot runs to 60 s (its display stops at the 7 s maximum)
    assert out.cues[-1].end is not None and out.cues[-1].end <= 60_000
    free = estimate(dataclasses.replace(track, meta=FrozenMap()), Context("page", Options()), Report())
    assert free.cues[-1].end is not None and free.cues[-1].end < out.cues[-1].end
    assert report.info["timing"]["duration_source"] == "page"
    assert any(e.line == 3 and "front matter" in e.reason for e in report.by_action("info"))


def test_option_duration_wins_over_front_matter() -> None:
    page = "---\nduration: 3:50\n---\n\nAda (00:00:00):\nHello there.\n\nBo (00:00:10):\nBye now.\n"
    report = Report()
    track = read_page(page, report)
    out = load_step("time")(track, Context("page", Options(duration_ms=20_000)), report)
    assert out.cues[-1].end is not None and out.cues[-1].end <= 20_000
    assert report.info["timing"]["duration_source"] == "option"


def test_rev_transcript_every_fast_cue_is_reported(shared: Path) -> None:
    path = shared / "corpus/pages/rev-style-lennys-podcast/ada-chen-rekhi.transcript.md"
    report = Report()
    track = read_page(path.read_text(encoding="utf-8"), report)
    ctx = Context("page", Options())
    for name in ("normalise", "dedupe", "segment"):
        track = load_step(name)(track, ctx, report)
    out = load_step("time")(track, ctx, report)
    bad, reported = violations(track, out, report)
    assert not bad
    assert len(reported) <= 15  # where two turns share one stamp (12 on 2026-12-03)
    # the clip's 230 s in the front matter is shorter than the transcript: ignored, and said so
    assert any("duration 3:50 ignored" in e.reason for e in report.by_action("warning"))

"""Overlapping cues: kept, merged or staggered, with nothing lost and everything reported."""

from __future__ import annotations

import itertools
from typing import cast

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv.model import Cue, FrozenMap, Span, Track
from subconv.options import Options
from subconv.pipeline import Context
from subconv.report import Report
from subconv.steps.overlaps import count_overlaps, resolve_overlaps

words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12)


@st.composite
def tracks(draw: st.DrawFn) -> Track:
    n = draw(st.integers(0, 20))
    cues = []
    for k in range(n):
        start = draw(st.integers(0, 60_000))
        dur = draw(st.integers(1, 6000))
        lines = tuple(draw(st.lists(words, min_size=1, max_size=2)))
        speaker = draw(st.sampled_from([None, None, "ANA", "BEN"]))
        cues.append(Cue(start, start + dur, lines, speaker=speaker, source_line=k * 4 + 1))
    return Track(tuple(draw(st.permutations(cues))))


def run(track: Track, **opts: object) -> tuple[Track, Report]:
    rep = Report()
    return resolve_overlaps(track, Context("srt", Options().replace(**opts)), rep), rep


def overlapping_pairs(track: Track) -> int:
    cues = sorted(track.cues, key=lambda c: (c.start, c.end))
    return sum(1 for a, b in itertools.pairwise(cues) if b.start is not None and a.end is not None and b.start < a.end)


@settings(max_examples=150, deadline=None)
@given(tracks(), st.sampled_from(["merge", "stagger"]))
def test_resolved_tracks_have_no_overlaps_and_lose_no_text(track: Track, policy: str) -> None:
    out, rep = run(track, overlaps=policy)
    assert count_overlaps(out.cues) == 0
    assert overlapping_pairs(out) == 0
    starts = [c.start for c in out.cues]
    assert starts == sorted(starts)  # type: ignore[type-var]  # (also with no overlap to resolve)
    if not count_overlaps(track.cues) and [c.start for c in track.cues] == starts:
        assert out is track  # nothing to resolve, already in time order: untouched
    for c in out.cues:
        assert c.start is not None and c.end is not None and c.end > c.start
    joined = "\n".join(c.text for c in out.cues)
    for c in track.cues:
        for line in c.lines:
            assert line in joined
        if c.speaker and policy == "merge" and c not in out.cues:
            # a speaker is kept on the cue or written into the merged text
            assert any(o.speaker == c.speaker or f"{c.speaker}: " in o.text for o in out.cues)
    if count_overlaps(track.cues):
        assert rep.by_action("info")
    # every cue that changed is reported with its source line
    changed = {c.source_line for c in track.cues} - {c.source_line for c in out.cues if c in track.cues}
    reported = {e.line for e in rep.entries if e.action in ("merged", "rewritten")}
    assert changed <= reported
    if policy == "stagger":
        assert len(out.cues) == len(track.cues)
        # staggering never makes a cue shorter than 500 ms or its own length
        for o in out.cues:
            [src] = [c for c in track.cues if c.source_line == o.source_line]
            assert o.duration is not None and src.duration is not None
            assert o.duration >= min(src.duration, 500)


def test_keep_is_the_default_and_reports_the_count() -> None:
    track = Track((Cue(0, 3000, ("a",)), Cue(1000, 2000, ("b",))))
    out, rep = run(track)
    assert out is track
    assert "1 overlapping" in rep.entries[0].reason


def test_merge_two_speakers_uses_dialogue_dashes_and_names() -> None:
    track = Track(
        (
            Cue(0, 3000, ("Where were you?",), spans=(Span(0, 5, "i"),), speaker="ANA", source_line=1),
            Cue(2000, 4000, ("Out.",), speaker="BEN", source_line=5),
        )
    )
    out, rep = run(track, overlaps="merge")
    [c] = out.cues
    assert c.lines == ("- ANA: Where were you?", "- BEN: Out.")
    assert (c.start, c.end) == (0, 4000)
    assert c.speaker is None
    assert c.text[c.spans[0].start : c.spans[0].end] == "Where"
    [m] = rep.by_action("merged")
    assert m.line == 5 and m.detail is not None and m.detail["into_line"] == 1


def test_merge_keeps_an_existing_dash() -> None:
    track = Track((Cue(0, 3000, ("- Hi",)), Cue(2000, 4000, ("Yo",))))
    out, _ = run(track, overlaps="merge")
    assert out.cues[0].lines == ("- Hi", "- Yo")


def test_stagger_cuts_the_earlier_cue() -> None:
    track = Track((Cue(0, 3000, ("a",), source_line=1), Cue(2000, 4000, ("b",), source_line=5)))
    out, rep = run(track, overlaps="stagger", fps=25)
    assert [(c.start, c.end) for c in out.cues] == [(0, 1920), (2000, 4000)]
    assert rep.by_action("rewritten")[0].line == 1


def test_stagger_moves_the_later_cue_when_the_earlier_is_too_short() -> None:
    track = Track((Cue(0, 600, ("a",), source_line=1), Cue(100, 1500, ("b",), source_line=5)))
    out, rep = run(track, overlaps="stagger")
    assert [(c.start, c.end) for c in out.cues] == [(0, 600), (600, 1500)]
    assert rep.by_action("rewritten")[0].line == 5


def test_editor_preset_defaults_to_stagger() -> None:
    track = Track((Cue(0, 3000, ("a",)), Cue(2000, 4000, ("b",))))
    out, _ = run(track, editor="resolve")
    assert count_overlaps(out.cues) == 0
    out, _ = run(track, editor="generic")
    assert count_overlaps(out.cues) == 1


@pytest.mark.parametrize("policy", ["merge", "stagger"])
def test_untimed_cues_pass_through(policy: str) -> None:
    track = Track((Cue(None, None, ("x",)), Cue(0, 3000, ("a",)), Cue(2000, 4000, ("b",))))
    out, _ = run(track, overlaps=policy)
    assert Cue(None, None, ("x",)) in out.cues


@settings(max_examples=300)
@given(
    st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 50)), st.one_of(st.none(), st.integers(0, 50))), max_size=30)
)
def test_count_overlaps_counts_cues_starting_inside_an_earlier_one(times: list[tuple[int | None, int | None]]) -> None:
    """In (start, end) order, a cue counts when some cue before it ends after it starts (zero-length
    cues and ties included; untimed cues ignored)."""
    cues = tuple(Cue(s, e, ("x",)) for s, e in times)
    timed = sorted((s, e) for s, e in times if s is not None and e is not None)
    expected = sum(1 for i, (s, _) in enumerate(timed) if any(e0 > s for _, e0 in timed[:i]))
    assert count_overlaps(cues) == expected


def _glyph_credit() -> Track:
    """13 separately positioned glyphs of one credit, plus two overlapping lines of dialogue."""
    glyphs = tuple(
        Cue(
            1000 + 10 * k,
            33000,
            (ch,),
            extras=cast(FrozenMap, {"ass.tags": f"{{\\pos({100 + 40 * k},50)}}"}),
            source_line=10 + k,
        )
        for k, ch in enumerate("DIRECTED BY X")
    )
    talk = (Cue(2000, 5000, ("Hi.",), source_line=40), Cue(4000, 6000, ("Hello.",), source_line=41))
    return Track(glyphs + talk)


@pytest.mark.parametrize(("policy", "editor"), [("merge", None), ("stagger", None), (None, "resolve")])
def test_positioned_ass_events_are_left_alone(policy: str | None, editor: str | None) -> None:
    track = _glyph_credit()
    rep = Report()
    ctx = Context("ass", Options(overlaps=policy, editor=editor))  # type: ignore[arg-type]
    out = resolve_overlaps(track, ctx, rep)
    glyphs = [c for c in out.cues if "ass.tags" in c.extras]
    assert glyphs == list(track.cues[:13])  # same times, same order, not merged or staggered
    talk = [c for c in out.cues if "ass.tags" not in c.extras]
    assert count_overlaps(tuple(talk)) == 0  # dialogue still resolved
    assert any("typesetting" in e.reason for e in rep.by_action("warning"))

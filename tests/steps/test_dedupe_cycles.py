"""De-duplication of pages captured round after round (issue 18, item 1): a page cycled whole,
each round a copy that may differ from the others by a line the scraper listed twice."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from hypothesis import given, settings
from hypothesis import strategies as st

from subconv.model import Track
from subconv.report import Report
from subconv.steps.dedupe.copies import _LONG_BLOCK

from ._helpers import ctx, dedupe, page, shared_file
from .test_dedupe import SAID, said_pages

ROOT = Path(__file__).resolve().parents[2]


def texts(track: Track) -> list[str]:
    return [c.text for c in track.cues]


def cycled(said: list[str], rounds: int, tail: int, doubled: list[set[int]]) -> list[str]:
    """``said`` listed ``rounds`` times and then its first ``tail`` lines; in round ``r`` the lines
    at the positions ``doubled[r]`` are listed twice in a row (a scraper's slip)."""
    out: list[str] = []
    for r in range(rounds + 1):
        for i, line in enumerate(said if r < rounds else said[:tail]):
            out += [line, line] if r < len(doubled) and i in doubled[r] else [line]
    return out


def run(captured: list[str]) -> tuple[list[str], Report]:
    r = Report()
    return texts(dedupe(page(*captured), ctx(), r)), r


@st.composite
def cycles(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """(the page said, the page cycled 2-4 times with a partial round at the end, a few lines
    listed twice in each round; at every position at least one full round lists it once).  A
    page of ``_LONG_BLOCK`` lines at least: a shorter block repeated is as well a few lines
    said again (``test_a_chorus_sung_three_times_is_kept``)."""
    said = draw(said_pages().filter(lambda s: len(s) >= _LONG_BLOCK))
    n = len(said)
    rounds = draw(st.integers(2, 4))
    tail = draw(st.integers(0, n - 1))
    doubled: list[set[int]] = []
    for r in range(rounds + 1):
        picks = draw(st.sets(st.integers(0, n - 1), max_size=max(1, n // 8)))
        if r == 1:  # round 2 lists once what round 1 lists twice
            slips = {said[p] for p in doubled[0]}
            picks = {p for p in picks if said[p] not in slips}
        doubled.append(picks)
    return said, cycled(said, rounds, tail, doubled)


@settings(max_examples=80, deadline=None)
@given(cycles())
def test_a_page_cycled_round_after_round_comes_back(case: tuple[list[str], list[str]]) -> None:
    """Every later round is a copy, a doubled line that another round lists once is a slip, and the
    page's own repeats (a line said 2-3 times, an echo) are kept; every drop reported with its line."""
    said, captured = case
    got, r = run(captured)
    assert got == said
    dropped = r.by_action("dropped")
    assert len(dropped) == len(captured) - len(said)
    assert all(e.line is not None and "repeats line" in e.reason for e in dropped)


def test_a_line_said_twice_is_kept_in_every_round_that_lists_it_twice() -> None:
    said = [*SAID[:30], SAID[30], SAID[30], *SAID[31:60]]
    got, r = run(said * 3)
    assert got == said
    assert len(r.by_action("dropped")) == 2 * len(said)


def test_a_doubled_line_that_the_next_round_lists_once_is_dropped_and_reported() -> None:
    said = SAID[:60]
    captured = cycled(said, 2, 0, [{10, 40}, {20}])
    got, r = run(captured)
    assert got == said
    first_round = [e for e in r.by_action("dropped") if e.line is not None and e.line <= 62]
    # one cue per line from line 1: round 1 lists SAID[10] on lines 11 and 12, SAID[40] on 42 and 43
    assert [e.line for e in first_round] == [12, 43]
    assert all("listed once" in e.reason for e in first_round)


def test_a_chorus_sung_three_times_is_kept() -> None:
    chorus = SAID[60:64]
    said = [*SAID[:20], *chorus, *chorus, *chorus, *SAID[20:40]]
    got, r = run(said)
    assert got == said
    assert not r.by_action("dropped")
    assert len(r.by_action("kept")) == 8  # each line sung again listed, with the line it repeats


def test_a_partial_round_in_the_middle_of_a_page_is_not_a_copy() -> None:
    # a block copy, then the block's first two lines said again and new lines: not a copy
    said = [*SAID[:20], *SAID[20:26], *SAID[20:22], *SAID[26:40]]
    got, _ = run(said)
    assert got == said


def _bench_page(lines: list[str], bullets: int, every: int) -> list[str]:
    """``benchmarks/bench_convert.py``'s caption page: the lines cycled, every ``every``-th bullet
    the line before again."""
    out: list[str] = []
    k = 0
    while len(out) < bullets:
        if len(out) % every == every - 1:
            out.append(lines[(k - 1) % len(lines)])
        else:
            out.append(lines[k % len(lines)])
            k += 1
    return out


def test_the_benchmark_page_cycled_three_times_and_a_bit_is_its_first_round() -> None:
    captured = _bench_page(SAID[:75], 250, 11)
    got, r = run(captured)
    assert got == SAID[:75]
    assert len(r.by_action("dropped")) == 250 - 75


def test_the_benchmark_page_on_corpus_lines() -> None:
    """bench_convert's own page generator on the corpus' first lines (films, talks, translations:
    lines really said twice in a row among them) comes back as its first round, less only the
    bullets it doubled itself."""
    corpus = shared_file(ROOT / ".." / "shared" / "corpus" / "timed")
    assert corpus.is_dir()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    if TYPE_CHECKING:
        from benchmarks.bench_convert import corpus_lines, write_page
    else:
        from bench_convert import corpus_lines, write_page

    from subconv.pages import read_page
    from subconv.steps.normalise import normalise

    lines = corpus_lines()[:1500]
    path = ROOT / "benchmarks" / "_work" / "test_cycled_page.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_page(path, lines, 10_000)
    r = Report()
    track = normalise(read_page(path.read_text(encoding="utf-8"), r), ctx(), r)
    once = Report()
    single = normalise(read_page("Menu\n\n" + "".join(f"  \u2022 {x}\n\n" for x in lines), once), ctx(), once)
    want = texts(dedupe(single, ctx(), Report()))
    got = texts(dedupe(track, ctx(), Report()))
    assert got == want

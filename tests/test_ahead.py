"""Work done ahead in a forked child (``subconv/ahead.py``) gives the caller exactly what working
it out in order in one process gives, however the arguments and the results are interleaved,
whichever process works each batch out, and when the child fails, dies or cannot be had; a large
page segmented ahead (the command line's path on a large input) is written and reported as in
one process."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from typing import TypedDict, Unpack

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import ahead as ahead_mod
from subconv import runner
from subconv.ahead import Ahead
from subconv.align import _parallel
from subconv.formats import WriteOptions
from subconv.options import Options
from subconv.report import Report
from subconv.steps import segment

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def _work(n: int) -> tuple[int, str]:
    return n * n, "x" * (n % 7)


def _pid_and(n: int) -> tuple[int, int]:
    return os.getpid(), n


class _AheadOptions(TypedDict, total=False):
    fork: bool
    batch: int | None
    depth: int | None


def _run(fn: Callable[[int], object], plan: list[int | None], **kw: Unpack[_AheadOptions]) -> list[object]:
    """Submit the numbers of ``plan`` in order, taking one result at each None (and the rest at the end)."""
    got: list[object] = []
    owed = 0
    with Ahead(fn, **kw) as ahead:
        for step in plan:
            if step is None:
                if owed:
                    got.append(ahead.result())
                    owed -= 1
            else:
                ahead.submit(step)
                owed += 1
        got.extend(ahead.result() for _ in range(owed))
        with pytest.raises(IndexError):
            ahead.result()
    return got


@needs_fork
@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.one_of(st.integers(0, 50), st.none()), max_size=300),
    st.integers(1, 9),
    st.integers(1, 4),
    st.booleans(),
)
def test_results_come_in_order_whoever_works_them_out(
    plan: list[int | None], batch: int, depth: int, fork: bool
) -> None:
    numbers = [n for n in plan if n is not None]
    assert _run(_work, plan, batch=batch, depth=depth, fork=fork) == [_work(n) for n in numbers]


@needs_fork
def test_a_child_works_ahead_and_the_caller_shares_the_work(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_parallel, "cores", lambda: 2)
    with Ahead(_pid_and, batch=4, depth=2) as ahead:
        assert not ahead.forked  # (not before it is asked for anything)
        for n in range(400):
            ahead.submit(n)
        assert ahead.forked
        got = [ahead.result() for _ in range(400)]
    assert [n for _, n in got] == list(range(400))
    assert {pid for pid, _ in got} - {os.getpid()}, "the child worked some out"


def test_without_a_second_core_everything_is_worked_out_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_parallel, "cores", lambda: 1)
    with Ahead(_pid_and) as ahead:
        ahead.submit(3)
        assert not ahead.forked
        assert ahead.result() == (os.getpid(), 3)


@needs_fork
def test_a_child_that_fails_leaves_the_work_to_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_parallel, "cores", lambda: 2)
    parent = os.getpid()

    def fails_in_the_child(n: int) -> int:
        if os.getpid() != parent and n == 30:
            raise RuntimeError("the child's own trouble")
        return n + 1

    assert _run(fails_in_the_child, list(range(100)), batch=8, depth=3) == list(range(1, 101))


@needs_fork
def test_a_child_that_dies_leaves_the_work_to_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_parallel, "cores", lambda: 2)
    with Ahead(_work, batch=8, depth=3) as ahead:
        for n in range(100):
            ahead.submit(n)
        assert ahead.forked
        first = ahead.result()
        assert ahead._pid is not None
        os.kill(ahead._pid, signal.SIGKILL)
        rest = [ahead.result() for _ in range(99)]
    assert [first, *rest] == [_work(n) for n in range(100)]


def test_an_error_of_the_function_is_raised_to_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    def bad(n: int) -> int:
        return 10 // n

    for cores in (1, 2):
        monkeypatch.setattr(_parallel, "cores", lambda cores=cores: cores)
        with Ahead(bad, batch=2) as ahead:
            ahead.submit(5)
            ahead.submit(0)
            assert ahead.result() == 2
            with pytest.raises(ZeroDivisionError):
                ahead.result()


@needs_fork
def test_no_child_is_forked_where_nothing_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_parallel, "cores", lambda: 2)
    with Ahead(_work) as ahead:
        assert not ahead.forked
        with pytest.raises(IndexError):
            ahead.result()
        assert not ahead.forked


@needs_fork
def test_closing_early_leaves_no_child(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_parallel, "cores", lambda: 2)
    ahead = Ahead(_work, batch=4)
    for n in range(50):
        ahead.submit(n)
    pid = ahead._pid
    assert pid is not None
    ahead.close()
    assert not ahead.forked
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def _convert(data: bytes, to: str, options: Options, workers: int) -> tuple[str, str]:
    report = Report()
    job = runner.Job("page.txt", None, None, to, None, options, WriteOptions())
    pieces = runner.convert_pieces(lambda: data, job, report, workers=workers)
    return "".join(pieces or ()), report.to_json()


@needs_fork
@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(
                [
                    "the",
                    "ledger",
                    "Bitcoin,",
                    "trust.",
                    "why?",
                    "—",
                    "- Yes.",
                    "Ann:",
                    "long" * 6,
                    "é",
                    "你好。",
                    "3.14",
                ]
            ),
            min_size=1,
            max_size=60,
        ).map(" ".join),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from(
        [Options(), Options(max_chars=20), Options(max_chars=60, max_lines=1), Options(max_chars=30, wpm=200)]
    ),
    st.sampled_from(["srt", "vtt"]),
    st.integers(1, 5),
)
def test_a_page_segmented_ahead_is_written_and_reported_as_in_one_process(
    paragraphs: list[str], options: Options, to: str, batch: int
) -> None:
    data = ("\n".join(f"Part {i}: {p}" for i, p in enumerate(paragraphs)) + "\n").encode()
    forked: list[bool] = []
    start = Ahead._start

    def spied(self: Ahead[object, object]) -> None:
        start(self)
        forked.append(self.forked)

    with pytest.MonkeyPatch.context() as m:
        m.setattr(Ahead, "_start", spied)
        m.setattr(_parallel, "cores", lambda: 2)
        m.setattr(segment, "AHEAD_FROM", 0)
        m.setattr(segment, "AHEAD_UNITS", 3)
        m.setattr(ahead_mod, "BATCH", batch)
        one = _convert(data, to, options, workers=1)
        two = _convert(data, to, options, workers=2)
    # (the second conversion segmented the units that do not fit ahead in a child, if any does not;
    # a line longer than a cue can hold never fits: "Part 0: " is 8 characters, "Part 10: " 9)
    too_long = any(len(f"Part {i}: {p}") > options.max_chars * options.max_lines for i, p in enumerate(paragraphs))
    assert forked == [True] if too_long else forked in ([], [True])
    assert two == one

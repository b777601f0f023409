"""The alignment's work spread over two cores gives what it gives in one process.

``subconv/align/_parallel.py`` hands work to a forked child: eSpeak NG's speech while the
caller works on the recording, half of the tts pass's fine windows, and (in the acoustic
backend's worker processes) the stretches between anchors of a short recording.  None of it
may change a result.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from subconv.align import _dtw, _parallel
from subconv.align._parallel import Pending, Spare

np = pytest.importorskip("numpy", reason="numpy (the 'align' extra) is not installed")

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def _pid_and(x: int) -> tuple[int, int]:
    return os.getpid(), x * 2


@needs_fork
def test_pending_work_runs_in_a_child_and_gives_its_result(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_parallel, "cores", lambda: 2)
    big = np.arange(10)
    pending = Pending(lambda: (_pid_and(21), big * 3))  # a closure: nothing of it is pickled
    assert pending.forked
    (pid, value), arr = pending.result()
    assert pid != os.getpid() and value == 42
    assert arr.tolist() == (big * 3).tolist()


def test_without_a_second_core_the_work_runs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_parallel, "cores", lambda: 1)
    pending = Pending(_pid_and, 5)
    assert not pending.forked
    assert pending.result() == (os.getpid(), 10)


def test_beside_another_thread_the_work_runs_here(monkeypatch: pytest.MonkeyPatch) -> None:
    """A forked child gets only the forking thread: a lock another thread holds would never be
    released there, so with other threads running nothing is forked."""
    import threading

    monkeypatch.setattr(_parallel, "cores", lambda: 2)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        pending = Pending(_pid_and, 5)
        assert not pending.forked
        assert pending.result() == (os.getpid(), 10)
    finally:
        stop.set()
        other.join()


@needs_fork
def test_an_error_in_the_child_is_raised_in_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_parallel, "cores", lambda: 2)

    def fails() -> None:
        raise ValueError("no voice")

    pending = Pending(fails)
    assert pending.forked
    with pytest.raises(ValueError, match="no voice"):
        pending.result()


@needs_fork
def test_a_dropped_child_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setattr(_parallel, "cores", lambda: 2)
    pending = Pending(time.sleep, 30)
    pid = pending._pid
    assert pid is not None
    pending.close()
    with pytest.raises(ChildProcessError):  # stopped and reaped: no such child any more
        os.waitpid(pid, os.WNOHANG)


@needs_fork
def test_a_childs_arrays_are_handed_over_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """Arrays in the result come through the pipe as they are (protocol 5's out-of-band buffers):
    every dtype and layout, empty ones too, and writable in the caller as ever."""
    monkeypatch.setattr(_parallel, "cores", lambda: 2)
    rng = np.random.default_rng(5)
    made = {
        "power": rng.random((700, 40), dtype=np.float32),
        "fortran": np.asfortranarray(rng.random((30, 7))),
        "strided": np.arange(100, dtype=np.int64)[::3],  # not contiguous: pickled with the rest
        "empty": np.zeros((0, 13), dtype=np.float32),
        "bool": rng.random(50) < 0.5,
        "text": "voilà",
    }
    pending = Pending(lambda: made)
    assert pending.forked
    got = pending.result()
    assert got.keys() == made.keys() and got["text"] == "voilà"
    for key in ("power", "fortran", "strided", "empty", "bool"):
        assert got[key].dtype == made[key].dtype and np.array_equal(got[key], made[key]), key
    assert got["fortran"].flags.f_contiguous
    got["power"][0, 0] = -1.0  # the caller owns it


@needs_fork
def test_a_childs_large_result_is_held_once_by_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    """Receiving 24 MB of mel power takes about 24 MB, not the pickle's bytes and then the array
    made from them (48 MB before)."""
    import tracemalloc

    monkeypatch.setattr(_parallel, "cores", lambda: 2)
    power = np.ones((150_000, 40), dtype=np.float32)
    pending = Pending(lambda: power)
    assert pending.forked
    tracemalloc.start()
    try:
        got = pending.result()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert np.array_equal(got, power)
    assert peak < 1.3 * power.nbytes, (peak, power.nbytes)


@needs_fork
def test_a_child_that_dies_while_handing_over_costs_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """A child that stops half way through writing its result (killed, out of memory) leaves the
    caller to work it out itself, with the same result."""
    monkeypatch.setattr(_parallel, "cores", lambda: 2)

    def dies_half_way(fd: int, obj: object) -> None:
        import pickle

        with os.fdopen(fd, "wb") as pipe:
            pipe.write((2).to_bytes(8, "little") + (10).to_bytes(8, "little") + (1 << 20).to_bytes(8, "little"))
            pipe.write(pickle.dumps(obj)[:10])
        os._exit(0)  # as if all was well: only the length of what came tells

    monkeypatch.setattr(_parallel, "_send", dies_half_way)
    pending = Pending(lambda: np.arange(5) * 2)
    assert pending.forked
    assert pending.result().tolist() == [0, 2, 4, 6, 8]


def _gives_then_waits(give: Callable[[object], None], done: str) -> None:
    """Hand over the child's niceness and pid, say so in the file ``done``, then work on for ever."""
    import time

    give((os.nice(0), os.getpid()))
    Path(done).write_text("given")
    time.sleep(60)
    give("never taken")


@needs_fork
def test_spare_work_runs_on_idle_time_and_is_taken_without_waiting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Work started on spare time (the acoustic pass's first blocks while the tts pass runs) runs
    in a child at the lowest priority; what it has handed over is taken at once, and the child,
    still working, is stopped rather than waited for."""
    import time

    monkeypatch.setattr(_parallel, "cores", lambda: 2)
    done = tmp_path / "done"
    spare: Spare[tuple[int, int]] = Spare(_gives_then_waits, str(done))
    assert spare.forked
    for _ in range(400):  # the child hands over its first item (at most 20 s)
        if done.exists():
            break
        time.sleep(0.05)
    began = time.monotonic()
    got = spare.taken()
    assert time.monotonic() - began < 5  # not the child's 60 s
    assert len(got) == 1
    nice, pid = got[0]
    assert nice == min(19, os.nice(0) + _parallel.SPARE_NICE) and pid != os.getpid()
    with pytest.raises(ChildProcessError):  # stopped and reaped
        os.waitpid(pid, os.WNOHANG)
    assert spare.taken() == []  # taken once


def test_without_a_second_core_no_spare_work_is_done(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Spare work is only ever an advance on what the caller does itself: with one core there is
    no spare time, and nothing runs."""
    monkeypatch.setattr(_parallel, "cores", lambda: 1)
    spare: Spare[object] = Spare(_gives_then_waits, str(tmp_path / "done"))
    assert not spare.forked
    assert spare.taken() == [] and spare.next() == []
    assert not (tmp_path / "done").exists()


def _key(t: int) -> Any:
    """The key of a block from frame ``t`` (:data:`subconv.align._blocks._BlockKey`)."""
    return (False, t, t + 3000, ("word",), ())


def _blocks_slowly(give: Callable[[object], None], starts: list[int]) -> None:
    """Hand over a block's key and answer for each of ``starts``, each after a while (a block being decoded)."""
    import time

    for t in starts:
        time.sleep(0.3)
        give((_key(t), ([(0, 5, 20)], t + 3000)))


@needs_fork
def test_a_block_worked_out_ahead_is_waited_for_where_the_first_pass_needs_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The first pass, run in the process that started the blocks ahead, waits for a block the
    child is still working on rather than working it out again; a worker forked from it takes
    none (it would wait on a child that is not its own); the first block that is not the one
    asked for ends the child."""
    from subconv.align._blocks import _Advance

    monkeypatch.setattr(_parallel, "cores", lambda: 2)
    advance = _Advance(Spare(_blocks_slowly, [0, 2700, 5400]))
    in_a_worker = Pending(advance.take, _key(0))
    assert in_a_worker.forked and in_a_worker.result() is None
    assert advance.take(_key(0)) == ([(0, 5, 20)], 3000)
    assert advance.take(_key(2700)) == ([(0, 5, 20)], 5700)
    assert advance.take(_key(2600)) is None  # the text went elsewhere
    assert advance.spare is None  # the child is stopped
    assert advance.take(_key(5400)) is None


@needs_fork
def test_pieces_take_the_blocks_ahead_done_when_they_start(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A first pass cut into pieces runs in the workers: they get the blocks handed over so far,
    and the child is stopped rather than waited for."""
    import time

    from subconv.align._blocks import _Advance

    monkeypatch.setattr(_parallel, "cores", lambda: 2)
    done = tmp_path / "done"
    advance = _Advance(Spare(_gives_then_waits, str(done)))
    for _ in range(400):
        if done.exists():
            break
        time.sleep(0.05)
    began = time.monotonic()
    advance.settle()
    assert time.monotonic() - began < 5 and advance.spare is None
    assert len(advance.done) == 1


def test_stretches_between_anchors_go_to_the_workers_longest_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stretches the first pass has settled are handed to the workers longest first (each
    starts from a new front end, so the answers do not depend on the order), so that the last
    ones, short, end the workers' work together; each answer is still taken for its own stretch."""
    from concurrent.futures import Future

    from subconv.align import acoustic

    plan = acoustic._plan(["one", "two", "three", "four", "five"])  # a word a cue
    stretches: list[tuple[list[int], Any]] = [
        ([1], ("closed", ["two"], 100, 200, (), (0,))),
        ([2], ("closed", ["three"], 300, 700, (), (0,))),
        ([3], ("run", ["four"], 800, 1000, [8000], 4000, True, (), (0,))),
    ]
    monkeypatch.setattr(acoustic, "_gap_tasks", lambda *_: stretches)
    submitted: list[Any] = []

    class Jobs:
        def submit(self, task: Any) -> Future[Any]:
            submitted.append(task)
            future: Future[Any] = Future()
            future.set_result([(task[2], task[3])])
            return future

    early = acoustic._Early(plan, [0, 1000, 2000, 3000, 4000], 2000, 4000, Jobs())  # type: ignore[arg-type]
    early.offer([None] * 5, 5)
    assert [t[2] for t in submitted] == [300, 800, 100]  # 400, 200 and 100 frames
    for idx, task in stretches:
        assert early.take(idx, task) == [(task[2], task[3])]


def test_the_stretch_after_the_last_anchor_goes_to_the_workers_once_all_is_settled(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The stretch from the last anchor to the end of the audio can be handed out only when the
    first pass is done (no anchor after it settles it); it then goes to the workers with the
    others, longest first, rather than being worked out alone after they are done, both when the
    first pass ran in pieces (its last offer) and in one (the workers already forked)."""
    from concurrent.futures import Future

    from subconv.align import acoustic

    plan = acoustic._plan(["one", "two", "three"])  # a word a cue
    stretches: list[tuple[list[int], Any]] = [
        ([1], ("closed", ["two"], 100, 200, (), (0,))),
        ([2], ("run", ["three"], 300, 900, [3000], 4000, True, (), (0,))),  # to the end of the audio
    ]
    monkeypatch.setattr(acoustic, "_gap_tasks", lambda *_: stretches)
    submitted: list[Any] = []
    mapped: list[Any] = []

    class Jobs:
        span, pool, forkable = None, object(), True

        def submit(self, task: Any) -> Future[Any]:
            submitted.append(task)
            future: Future[Any] = Future()
            future.set_result([(task[2], task[3])])
            return future

        def map(self, tasks: list[Any]) -> list[Any]:
            mapped.extend(tasks)
            return [[(t[2], t[3])] for t in tasks]

    early = acoustic._Early(plan, [0, 1000, 2000], 1000, 4000, Jobs())  # type: ignore[arg-type]
    early.offer([None] * 3, 2)  # the last cue not settled: neither stretch before it nor after
    assert submitted == []
    early.offer([None] * 3, 3)
    assert [t[2] for t in submitted] == [300, 100]
    submitted.clear()
    monkeypatch.setattr(acoustic, "_do", lambda *_a, **_k: [(0, 50), (100, 200), (300, 900)])
    found = acoustic._passes(plan, [("run",)], [0, 1000, 2000], 1000, Jobs(), guided=True, lag=4000)  # type: ignore[arg-type]
    assert [t[2] for t in submitted] == [300, 100] and mapped == []
    assert found == [(0, 50), (100, 200), (300, 900)]


@needs_fork
def test_windows_split_over_two_processes_give_the_same_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The tts pass's fine windows, half of them in a child, match every real frame to the
    same synthetic frame at the same cost as all of them in one process."""
    rng = np.random.default_rng(3)
    synth = rng.standard_normal((3000, 13)).astype(np.float32)
    real = synth[np.sort(rng.integers(0, 3000, 2800))] + 0.3 * rng.standard_normal((2800, 13)).astype(np.float32)
    centre = np.linspace(0, 2999, 2800)
    nonspeech = rng.random(2800) < 0.05
    kw = {"core": 50, "margin": 25, "edge": 0.2, "nonspeech": nonspeech, "skip_pay": np.ones(3000)}
    monkeypatch.setattr(_parallel, "cores", lambda: 1)
    one = _dtw.windows(real, synth, centre, 40, **kw)
    monkeypatch.setattr(_parallel, "cores", lambda: 2)
    monkeypatch.setattr(_dtw, "SPLIT_WINDOWS", 4)
    calls: list[int] = []
    real_pending = Pending

    def counted(*a: Any) -> Pending[Any]:
        calls.append(1)
        return real_pending(*a)

    monkeypatch.setattr(_dtw, "Pending", counted)
    two = _dtw.windows(real, synth, centre, 40, **kw)
    assert calls == [1]
    assert np.array_equal(one[0], two[0]) and np.array_equal(one[1], two[1])


def _en_a_clean(monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any, Any]:
    """en-a clean (real speech, tests/align/realspeech.py): the set, its 16-bit samples and the
    request of its cues, with eSpeak NG's speech of them made once for every run (its output
    varies a little from run to run); skips where the set or pocketsphinx is missing."""
    if importlib.util.find_spec("scipy") is None or importlib.util.find_spec("pocketsphinx") is None:
        pytest.skip("scipy (the real-speech set's references) and pocketsphinx are needed")
    from subconv.align import tts
    from subconv.align.base import Request

    from . import realspeech as rs

    if not rs.available():
        pytest.skip("needs ../shared/corpus/speech and ffmpeg")
    es = rs.build("en-a", "clean")
    pcm = (np.clip(es.audio, -1, 1) * 32767).astype("<i2")
    request = Request(tuple(c.text for c in es.cues), "en")
    spoken = tts._spoken(request.texts, "en")
    monkeypatch.setattr(tts, "_spoken", lambda texts, language: spoken)  # the child runs this one too
    return es, pcm, request


@needs_fork
@pytest.mark.parametrize("long_from_ms", [240_000, 60_000])
def test_a_recording_aligns_the_same_on_one_core_and_on_two(
    long_from_ms: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """en-a (real speech, 2.4 minutes, tests/align/realspeech.py), ``auto``: with two cores
    eSpeak NG speaks in a child, the tts pass's windows and the acoustic pass's stretches
    between anchors are spread over two processes; every cue and word lands where it lands
    in one process.  The first pass's first blocks are worked out in a child while the tts pass
    runs, and the first pass takes them (waiting for one still being worked out; pieces take
    those done when the workers start, here all); without pieces, it hands the workers each
    stretch between anchors as soon as it has settled it.  With the long-audio
    threshold lowered to this set, the acoustic pass's first pass is cut into pieces instead, as
    many on one core as on two (in two processes), the first piece takes the blocks worked out
    ahead, and a worker done with its piece takes the stretches between anchors of the pieces
    done so far.  eSpeak NG's output varies a little from run to run,
    so both runs get the same synthetic speech."""
    es, pcm, request = _en_a_clean(monkeypatch)
    from subconv.align import _blocks, acoustic
    from subconv.align.base import Audio
    from subconv.align.run import align_audio

    monkeypatch.setattr(acoustic, "PARALLEL_MIN_MS", long_from_ms)
    monkeypatch.setattr(acoustic, "PIECE_MS", 60_000)
    # a block is offered fewer words than this set's first 70 s hold, as a real piece (2 minutes
    # or more) holds more than 30 s of speech: the first piece's first block is the one worked out ahead
    monkeypatch.setattr(_blocks, "WORDS_PER_S", 4.0)
    ran = tmp_path / "pids"  # where each task ran: the workers are other processes

    def do(
        span: _blocks._Span,
        task: acoustic._Task,
        settled: Callable[[acoustic._Found, int], None] | None = None,
    ) -> acoustic._Found:
        with ran.open("a") as f:
            f.write(f"{os.getpid()}\n")
        return real_do(span, task, settled)

    def work_ahead(
        self: _blocks._Ahead, give: Callable[[object], None], words: list[str], nframes: int, entries: Any = ()
    ) -> None:
        with ran.open("a") as f:
            f.write(f"ahead:{os.getpid()}\n")
        real_ahead(self, give, words, nframes, entries)

    def take(self: _blocks._Advance, key: Any) -> object:
        answer = real_advance(self, key)
        if answer is not None:
            with ran.open("a") as f:
                f.write("taken\n")
        return answer

    def early(self: acoustic._Early, idx: list[int], task: acoustic._Task) -> object:
        answer = real_early(self, idx, task)
        if answer is not None:
            with ran.open("a") as f:
                f.write("early\n")
        return answer

    real_do, real_ahead, real_advance = acoustic._do, _blocks._Ahead.work, _blocks._Advance.take
    real_early = acoustic._Early.take
    monkeypatch.setattr(acoustic, "_do", do)
    monkeypatch.setattr(acoustic._Early, "take", early)
    monkeypatch.setattr(_blocks._Ahead, "work", work_ahead)
    monkeypatch.setattr(_blocks._Advance, "take", take)

    def all_of(self: Spare[Any]) -> list[Any]:
        items: list[Any] = []
        while got := self.next():
            items += got
        return items

    # pieces take the blocks ahead done when the workers start; here they wait for them all
    monkeypatch.setattr(Spare, "taken", all_of)
    got = {}
    for n in (1, 2):
        monkeypatch.setattr(acoustic, "_cores", lambda n=n: n)
        monkeypatch.setattr(_parallel, "cores", lambda n=n: n)
        monkeypatch.setattr(_dtw, "SPLIT_WINDOWS", 8)  # this short set's windows are split too
        got[n] = align_audio(Audio(pcm), request, "auto")[0]
        lines = ran.read_text().split()
        ran.unlink()
        pids = {p for p in lines if p.isdigit()}
        assert (pids == {str(os.getpid())}) == (n == 1)  # with two cores, tasks ran in the workers
        ahead = n == 2  # blocks ahead in a child, taken (with pieces, the first piece's first)
        ahead_pids = {p.split(":")[1] for p in lines if p.startswith("ahead:")}
        assert ahead_pids == (ahead_pids - {str(os.getpid())} if ahead else set()) and bool(ahead_pids) == ahead
        assert ("taken" in lines) == ahead
        # stretches handed to the workers during the first pass: by the first pass run here,
        # or, cut into pieces, as soon as the pieces before them are done
        assert ("early" in lines) == (n == 2)
    assert got[1] == got[2]
    assert sum(t.found for t in got[2]) >= 0.9 * len(es.cues)


@needs_fork
def test_blocks_started_ahead_are_stopped_when_the_alignment_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """The acoustic backend starts on its first blocks in a child before the global pass; when
    the global pass fails, the child is stopped and nothing is left for a later alignment."""
    if importlib.util.find_spec("pocketsphinx") is None:
        pytest.skip("pocketsphinx is needed")
    from subconv.align import acoustic, tts
    from subconv.align.backends import get_backend
    from subconv.align.base import Audio, Request
    from subconv.align.run import align_audio

    monkeypatch.setattr(_parallel, "cores", lambda: 2)
    closed: list[bool] = []

    class Watched(Spare[object]):
        def close(self) -> None:
            closed.append(self.forked)
            super().close()

    monkeypatch.setattr(acoustic, "Spare", Watched)

    def fails(*_: object) -> None:
        raise RuntimeError("the global pass failed")

    monkeypatch.setattr(tts.GUIDE, "align", fails)
    monkeypatch.setattr(get_backend("vad"), "align", fails)
    pcm = (np.random.default_rng(1).standard_normal(16000 * 20) * 300).astype("<i2")
    with pytest.raises(RuntimeError, match="global pass failed"):
        align_audio(Audio(pcm), Request(("hello there", "how are you"), "en"), "auto")
    assert closed == [True]  # the child was started, then stopped
    assert getattr(acoustic._AHEAD, "work", None) is None


@needs_fork
@pytest.mark.parametrize("piece", [0, 1])
def test_a_worker_lost_during_the_first_pass_costs_no_cue(piece: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """en-a (real speech), ``auto``, the first pass cut into pieces for two workers: the worker
    given the first (or the second) piece dies.  The pieces and stretches no worker answered
    are worked out in this process, and every cue lands where it lands on one core."""
    es, pcm, request = _en_a_clean(monkeypatch)
    from subconv.align import acoustic
    from subconv.align.base import Audio
    from subconv.align.run import align_audio

    monkeypatch.setattr(acoustic, "PARALLEL_MIN_MS", 60_000)
    monkeypatch.setattr(acoustic, "PIECE_MS", 60_000)
    monkeypatch.setattr(acoustic, "_work", _dies_on_a_piece)
    monkeypatch.setenv("SUBCONV_TEST_DIE_ON_PIECE", str(piece))
    got = {}
    for n in (1, 2):
        monkeypatch.setattr(acoustic, "_cores", lambda n=n: n)
        monkeypatch.setattr(_parallel, "cores", lambda n=n: n)
        got[n] = align_audio(Audio(pcm), request, "auto")[0]
    assert got[1] == got[2]
    assert sum(t.found for t in got[2]) >= 0.9 * len(es.cues)


def _dies_on_a_piece(task: Any) -> Any:
    """A worker's task (``acoustic._work``, by name: the pool pickles it) that kills its worker when
    given the first (``SUBCONV_TEST_DIE_ON_PIECE`` 0) or a later (1) piece of the first pass."""
    from subconv.align import acoustic

    if task[0] == "run" and not task[6] and (task[2] > 0) == (os.environ["SUBCONV_TEST_DIE_ON_PIECE"] == "1"):
        os._exit(1)
    assert acoustic._WORKER is not None
    return acoustic._do(acoustic._WORKER, task)

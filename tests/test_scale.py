"""Scaling out: engines, fsspec URLs, input lists, the results manifest, resume, retries, Dask.

One ``LocalCluster(n_workers=2, processes=True)`` serves the whole module (starting one
takes seconds); the test that kills a worker waits for the nanny to bring it back.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import subconv
import subconv.cli
from subconv import storage
from subconv.batch import convert_many
from subconv.engines import LocalEngine, make_engine
from subconv.errors import UsageError
from subconv.options import Options
from subconv.runner import loud_warnings
from subconv.scale import MANIFEST, FileResult, map_captions, read_input_list, read_manifest

distributed = pytest.importorskip("distributed")
fsspec = pytest.importorskip("fsspec")

from subconv.engines import DaskEngine  # noqa: E402


def _srt(n: int, word: str = "line") -> str:
    def clock(i: int) -> str:
        return f"{i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d}"

    return "".join(f"{i}\n{clock(i)},000 --> {clock(i)},900\n{word} {i}\n\n" for i in range(1, n + 1))


def _tree(root: Path, n: int = 24, cues: int = 5, bad: bool = True) -> dict[str, int]:
    """``n`` SRT files in three sub-folders (plus one broken VTT); relative output name -> cue count."""
    want = {}
    for i in range(n):
        d = root / f"d{i % 3}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"f{i:03d}.srt").write_text(_srt(cues + i % 4, f"w{i}"), encoding="utf-8")
        want[f"d{i % 3}/f{i:03d}.vtt"] = cues + i % 4
    if bad:
        (root / "broken.vtt").write_text("not webvtt\n", encoding="utf-8")
    return want


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _manifest(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40
    )
    c = distributed.Client(cluster)
    try:
        yield c
    finally:
        c.close()
        cluster.close()


@pytest.fixture
def dask_engine(client: Any) -> DaskEngine:
    client.wait_for_workers(2, timeout=60)
    return DaskEngine(client=client)


def test_each_files_warnings_come_back_from_every_engine(
    tmp_path: Path, dask_engine: DaskEngine, capsys: pytest.CaptureFixture[str]
) -> None:
    """A result carries its input's warnings that stderr always shows (only those: no report
    asked for), from the process pool and from Dask workers alike, as a single-file run prints them."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "timed.srt").write_text(_srt(2), encoding="utf-8")  # --merge-fragments on a timed file
    (src / "late.vtt").write_text("WEBVTT\n\n120:00:00.000 --> 120:00:01.000\nlate\n", encoding="utf-8")
    want = {}
    for p in sorted(src.iterdir()):
        subconv.cli.main(["convert", str(p), "-o", str(tmp_path / f"{p.name}.srt"), "--merge-fragments"])
        want[str(p)] = capsys.readouterr().err.splitlines()
    assert all(want.values())
    for name, engine in (("local", make_engine("local", jobs=2)), ("dask", dask_engine)):
        try:
            results = list(convert_many(src, tmp_path / name, Options(merge_fragments=True), engine=engine))
        finally:
            engine.close()
        assert {r.source: loud_warnings(r.warnings, r.source) for r in results} == want, name
        assert all(r.report is None for r in results)


def test_dask_and_local_engines_write_byte_identical_outputs(tmp_path: Path, dask_engine: DaskEngine) -> None:
    want = _tree(tmp_path / "in")
    results = {}
    for name, engine in (("local", make_engine("local", jobs=2)), ("dask", dask_engine)):
        out = tmp_path / name
        try:
            results[name] = list(convert_many(tmp_path / "in", out, to="vtt", engine=engine))
        finally:
            engine.close()
        assert len(results[name]) == len(want) + 1
        assert sum(r.status == "ok" for r in results[name]) == len(want)
        for rel, n in want.items():
            assert len(subconv.read(out / rel)) == n
    local, dask = _files(tmp_path / "local"), _files(tmp_path / "dask")
    assert sorted(local) == sorted(dask) == sorted([*want, MANIFEST])
    for rel in want:
        assert local[rel] == dask[rel], rel
    # the manifests agree on everything but where the output went and how long it took
    strip = ("output", "seconds")
    lm = [{k: v for k, v in r.items() if k not in strip} for r in _manifest(tmp_path / "local" / MANIFEST)]
    dm = [{k: v for k, v in r.items() if k not in strip} for r in _manifest(tmp_path / "dask" / MANIFEST)]
    assert lm == dm
    broken = next(r for r in lm if r["source"].endswith("broken.vtt"))
    assert broken["status"] == "failed" and broken["line"] == 1
    assert broken["error"].startswith(f"subconv: error: {tmp_path / 'in' / 'broken.vtt'}:1: vtt:")


def test_memory_urls_on_the_dask_cluster(dask_engine: DaskEngine) -> None:
    fs = fsspec.filesystem("memory")
    base = f"memory://t17-{uuid.uuid4().hex[:8]}"
    for i in range(10):
        fs.pipe_file(f"{base}/in/sub{i % 2}/c{i}.srt", _srt(3 + i).encode())
    fs.pipe_file(f"{base}/in/.hidden/x.srt", _srt(2).encode())
    fs.pipe_file(f"{base}/in/notes.json", b"{}")
    results = list(convert_many(f"{base}/in", f"{base}/out", to="vtt", engine=dask_engine))
    assert sorted(r.status for r in results) == ["ok"] * 10
    for i in range(10):
        text = fs.cat_file(f"{base}/out/sub{i % 2}/c{i}.vtt").decode()
        assert len(subconv.loads(text, "vtt")) == 3 + i
    lines = fs.cat_file(f"{base}/out/{MANIFEST}").decode().splitlines()
    assert len(lines) == 10
    assert {json.loads(line)["source"] for line in lines} == {f"{base}/in/sub{i % 2}/c{i}.srt" for i in range(10)}
    assert not [p for p in fs.find(f"{base}/out") if p.endswith(".tmp")]


def test_cli_dask_engine_on_a_scheduler_address(tmp_path: Path, client: Any) -> None:
    client.wait_for_workers(2, timeout=60)
    want = _tree(tmp_path / "in", n=6, bad=False)
    out = tmp_path / "out"
    args = ["convert", str(tmp_path / "in"), "-o", str(out), "--to", "vtt", "--engine", "dask"]
    assert subconv.cli.main([*args, "--scheduler", client.scheduler.address]) == 0
    assert sorted(_files(out)) == sorted([*want, MANIFEST])


def test_killing_a_worker_mid_run_loses_nothing_and_leaves_nothing_partial(
    tmp_path: Path, client: Any, dask_engine: DaskEngine
) -> None:
    want = _tree(tmp_path / "in", n=64, cues=400, bad=False)
    out = tmp_path / "out"
    pids = client.run(os.getpid)
    results: list[FileResult] = []
    busy: tuple[str, ...] = ()
    victim = None
    for result in convert_many(tmp_path / "in", out, to="vtt", engine=dask_engine):
        results.append(result)
        if victim is None:  # kill the first worker seen with work in hand (on a loaded machine, not always at once)
            for address, tasks in sorted(client.processing().items()):
                if tasks and address in pids:
                    busy, victim = tuple(tasks), pids[address]
                    os.kill(victim, signal.SIGKILL)
                    break
    assert busy, "the killed worker had work in hand"
    assert victim not in client.run(os.getpid).values() or len(client.run(os.getpid)) < 2
    assert sorted(r.source for r in results) == sorted(str(tmp_path / "in" / k.replace(".vtt", ".srt")) for k in want)
    assert all(r.status == "ok" for r in results), [r.error for r in results if r.error]
    # every output present exactly once, complete; no temporary file left; one manifest line each
    assert sorted(_files(out)) == sorted([*want, MANIFEST])
    for rel, n in want.items():
        assert len(subconv.read(out / rel)) == n
    lines = _manifest(out / MANIFEST)
    assert len(lines) == len(want) and len({r["source"] for r in lines}) == len(want)
    assert all(
        r["status"] == "ok" and r["cues_out"] == want[Path(r["output"]).relative_to(out).as_posix()] for r in lines
    )


def test_resume_converts_only_what_is_missing_or_changed(tmp_path: Path) -> None:
    src = tmp_path / "in"
    want = _tree(src, n=12)
    out = tmp_path / "out"
    engine = LocalEngine(1)
    first = []
    for r in convert_many(src, out, to="vtt", engine=engine):
        first.append(r)
        if len(first) == 5:
            break  # an interrupted run: the manifest holds what finished
    recorded = read_manifest(str(out / MANIFEST))
    assert len(recorded) == 5
    done = {s for s, r in recorded.items() if r["status"] == "ok"}
    # a stale temporary file from a writer killed mid-write
    (out / "d0").mkdir(parents=True, exist_ok=True)
    stale = out / "d0" / ".f000.vtt.k1ll3d.tmp"
    stale.write_text("partial", encoding="utf-8")
    second = list(convert_many(src, out, to="vtt", engine=engine, resume=True))
    converted = {r.source for r in second if r.status != "skipped"}
    assert {r.source for r in second if r.status == "skipped"} == done
    assert converted == {str(p) for p in src.rglob("*") if p.is_file()} - done
    assert not stale.exists()
    assert sorted(_files(out)) == sorted([*want, MANIFEST])
    # nothing changed: a third run converts nothing but the failed file
    third = list(convert_many(src, out, to="vtt", engine=engine, resume=True))
    assert sorted(r.source for r in third if r.status != "skipped") == [str(src / "broken.vtt")]
    # a changed source, a deleted output and a truncated output are converted again
    changed = src / "d1" / "f001.srt"
    changed.write_text(_srt(9, "new"), encoding="utf-8")
    (out / "d2" / "f002.vtt").unlink()
    (out / "d0" / "f003.vtt").write_text("WEBVTT\n", encoding="utf-8")
    fourth = list(convert_many(src, out, to="vtt", engine=engine, resume=True))
    again = sorted(Path(r.source).name for r in fourth if r.status != "skipped")
    assert again == ["broken.vtt", "f001.srt", "f002.srt", "f003.srt"]
    assert len(subconv.read(out / "d1" / "f001.vtt")) == 9
    lines = _manifest(out / MANIFEST)
    assert len(lines) == len(want) + 1  # one line per input, however many runs


def test_resume_by_content_hash_where_the_filesystem_has_no_times(tmp_path: Path, monkeypatch: Any) -> None:
    src = tmp_path / "in"
    _tree(src, n=4, bad=False)
    out = tmp_path / "out"
    list(convert_many(src, out, to="vtt", engine=LocalEngine(1)))
    real_stat = storage.stat

    def stat_without_times(url: str) -> tuple[int, str | None] | None:
        st = real_stat(url)
        return None if st is None else (st[0], None)

    monkeypatch.setattr(storage, "stat", stat_without_times)
    lines = _manifest(out / MANIFEST)
    for line in lines:
        line["source_mtime"] = None
    (out / MANIFEST).write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    planned = [str(p) for p in sorted(src.rglob("*.srt"))]
    again = list(convert_many(planned, out, to="vtt", engine=LocalEngine(1), resume=True))
    assert [r.status for r in again] == ["skipped"] * 4


def test_cli_resume_and_manifest(tmp_path: Path, capsys: Any) -> None:
    src = tmp_path / "in"
    want = _tree(src, n=6)
    out = tmp_path / "out"
    assert subconv.cli.main(["convert", str(src), "-o", str(out), "--to", "vtt", "--jobs", "1"]) == 1
    assert "converted 6 of 7 files" in capsys.readouterr().err
    (out / "d0" / "f000.vtt").unlink()
    assert subconv.cli.main(["convert", str(src), "-o", str(out), "--to", "vtt", "--resume"]) == 1
    err = capsys.readouterr().err
    assert "converted 1 of 2 files" in err and "1 failed" in err and "5 unchanged since the last run" in err
    assert sorted(_files(out)) == sorted([*want, MANIFEST])


def test_resume_converts_again_under_other_settings(tmp_path: Path, capsys: Any) -> None:
    """``--resume`` with another option (or format, or encoding) converts every input again, as
    the outputs were made with the old ones; with the same ones it skips them.  Before, it said
    "unchanged since the last run" and kept the old outputs."""
    src = tmp_path / "in"
    src.mkdir()
    long = "1\n00:00:01,000 --> 00:00:04,000\nA caption line long enough to be broken at twenty\n"
    (src / "a.srt").write_text(long, encoding="utf-8")
    out = tmp_path / "out"
    base = ["convert", str(src), "-o", str(out), "--to", "vtt"]
    assert subconv.cli.main(base) == 0
    capsys.readouterr()
    assert subconv.cli.main([*base, "--max-chars", "20", "--resume"]) == 0
    assert "converted 1 of 1 files" in capsys.readouterr().err
    assert all(len(line) <= 20 for line in (out / "a.vtt").read_text(encoding="utf-8").splitlines()[3:])
    assert subconv.cli.main([*base, "--max-chars", "20", "--resume"]) == 0
    assert "1 unchanged since the last run" in capsys.readouterr().err
    assert subconv.cli.main([*base, "--max-chars", "20", "--bom", "--resume"]) == 0
    assert "converted 1 of 1 files" in capsys.readouterr().err
    assert (out / "a.vtt").read_bytes().startswith(b"\xef\xbb\xbf")
    lines = _manifest(out / MANIFEST)
    assert len(lines) == 1 and len(lines[0]["spec"]) == 16


class _FlakyEngine(LocalEngine):
    """An in-process engine whose first call is 'lost with its worker'."""

    def __init__(self) -> None:
        super().__init__(1)
        self.lost = 0

    def result(self, handle: Any) -> Any:
        if not self.lost:
            self.lost += 1
            raise RuntimeError("worker lost")
        return super().result(handle)


def test_a_lost_chunk_is_retried_one_file_at_a_time(tmp_path: Path) -> None:
    want = _tree(tmp_path / "in", n=5, bad=False)
    engine = _FlakyEngine()
    results = list(convert_many(tmp_path / "in", tmp_path / "out", to="vtt", engine=engine))
    assert engine.lost == 1
    assert sorted(r.status for r in results) == ["ok"] * len(want)
    assert max(r.attempts for r in results) == 2


def test_retries_are_bounded_and_failures_isolated(tmp_path: Path, monkeypatch: Any) -> None:
    _tree(tmp_path / "in", n=3, bad=False)
    real = storage.commit_text
    calls: dict[str, int] = {}

    def flaky(url: str, text: str, encoding: str = "utf-8") -> int:
        calls[url] = calls.get(url, 0) + 1
        if url.endswith("f000.vtt"):
            raise OSError(5, "Input/output error")
        if url.endswith("f001.vtt") and calls[url] == 1:
            raise OSError(5, "Input/output error")
        return real(url, text, encoding)

    monkeypatch.setattr(storage, "commit_text", flaky)
    results = {
        Path(r.source).name: r
        for r in convert_many(tmp_path / "in", tmp_path / "out", to="vtt", engine=LocalEngine(1), retries=2)
    }
    assert results["f000.srt"].status == "failed" and results["f000.srt"].attempts == 3
    assert "cannot write" in (results["f000.srt"].error or "") and "Input/output error" in (
        results["f000.srt"].error or ""
    )
    assert results["f001.srt"].status == "ok" and results["f001.srt"].attempts == 2
    assert results["f002.srt"].status == "ok" and results["f002.srt"].attempts == 1
    assert not list((tmp_path / "out").rglob(".*.tmp"))


def _lists(tmp_path: Path, sources: list[Path]) -> dict[str, str]:
    rel = [p.relative_to(tmp_path).as_posix() for p in sources]
    return {
        "list.txt": "# inputs\n\n" + "\n".join(rel) + "\n",
        "list.csv": "source,output\n" + "".join(f"{r},\n" for r in rel),
        "list.jsonl": "".join(json.dumps({"source": str(tmp_path / r)}) + "\n" for r in rel),
    }


@pytest.mark.parametrize("name", ["list.txt", "list.csv", "list.jsonl"])
def test_a_list_of_local_inputs_writes_every_output_and_the_manifest(tmp_path: Path, name: str) -> None:
    want = _tree(tmp_path / "in", n=6, bad=False)
    sources = sorted((tmp_path / "in").rglob("*.srt"))
    (tmp_path / name).write_text(_lists(tmp_path, sources)[name], encoding="utf-8")
    out = tmp_path / "out"
    code = subconv.cli.main(
        ["convert", "--input-list", str(tmp_path / name), "-o", str(out), "--to", "vtt", "--jobs", "2"]
    )
    assert code == 0
    assert sorted(_files(out)) == sorted([*want, MANIFEST])  # relative to the inputs' common folder
    assert len(_manifest(out / MANIFEST)) == len(want)


def test_a_list_of_memory_urls_with_explicit_outputs(tmp_path: Path) -> None:
    fs = fsspec.filesystem("memory")
    base = f"memory://t17-{uuid.uuid4().hex[:8]}"
    for i in range(4):
        fs.pipe_file(f"{base}/a/c{i}.srt", _srt(2 + i).encode())
    rows = [json.dumps({"url": f"{base}/a/c{i}.srt", "output": f"named/{i}.srt"}) for i in range(4)]
    fs.pipe_file(f"{base}/inputs.jsonl", ("\n".join(rows) + "\n").encode())
    code = subconv.cli.main(["convert", "--input-list", f"{base}/inputs.jsonl", "-o", f"{base}/out", "--jobs", "2"])
    assert code == 0
    for i in range(4):
        assert len(subconv.loads(fs.cat_file(f"{base}/out/named/{i}.srt").decode(), "srt")) == 2 + i
    assert len(fs.cat_file(f"{base}/out/{MANIFEST}").decode().splitlines()) == 4


def test_bad_input_lists_name_the_file_and_line(tmp_path: Path, capsys: Any) -> None:
    bad = tmp_path / "l.jsonl"
    bad.write_text('{"source": "a.srt"}\n{"source": \n', encoding="utf-8")
    with pytest.raises(UsageError, match=r"l\.jsonl:2: not JSON"):
        read_input_list(str(bad))
    bad.write_text('{"source": "a.srt"}\n{"file": "b.srt"}\n', encoding="utf-8")
    assert subconv.cli.main(["convert", "--input-list", str(bad), "-o", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert f"subconv: error: {bad}:2: no 'source'" in err and "Traceback" not in err


def test_usage_errors(tmp_path: Path, capsys: Any) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.srt").write_text(_srt(2), encoding="utf-8")
    assert (
        subconv.cli.main(["convert", str(tmp_path / "in"), "-o", str(tmp_path / "o"), "--scheduler", "tcp://x:1"]) == 2
    )
    assert "--scheduler needs --engine dask" in capsys.readouterr().err
    assert subconv.cli.main(["convert", "memory://nothing-here-17", "-o", "memory://o17"]) == 2
    assert "no subtitle or page files under memory://nothing-here-17" in capsys.readouterr().err
    # two inputs that would become one output even by the naming rule (a.srt + a.vtt -> a.srt.srt, a.vtt.srt)
    (tmp_path / "in" / "a.vtt").write_text("WEBVTT\n\n00:01.000 --> 00:02.000\nx\n", encoding="utf-8")
    (tmp_path / "in" / "a.srt.srt").write_text(_srt(1), encoding="utf-8")
    assert subconv.cli.main(["convert", str(tmp_path / "in"), "-o", str(tmp_path / "o"), "--to", "srt"]) == 2
    assert "would both be written to" in capsys.readouterr().err


def test_progress_is_drawn_only_on_a_terminal(tmp_path: Path) -> None:
    _tree(tmp_path / "in", n=3, bad=False)
    stream = io.StringIO()
    list(convert_many(tmp_path / "in", tmp_path / "out", engine=LocalEngine(1), progress=stream))
    assert stream.getvalue() == ""


def test_map_captions_over_a_dask_bag() -> None:
    import dask.bag as db

    texts = [_srt(3), _srt(5).encode("utf-8"), None]
    bag = db.from_sequence(texts, npartitions=2)  # type: ignore[no-untyped-call]
    out = map_captions(bag, to="vtt").compute(scheduler="sync")
    assert out[0].startswith("WEBVTT") and len(subconv.loads(out[0], "vtt")) == 3
    assert len(subconv.loads(out[1], "vtt")) == 5
    assert out[2] is None
    bad = db.from_sequence(["not webvtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nhi\n"])  # type: ignore[no-untyped-call]
    assert map_captions(bad, to="srt", from_format="vtt").compute(scheduler="sync")[0] is None
    with pytest.raises(subconv.SubconvError, match="missing WEBVTT signature"):
        map_captions(bad, to="srt", from_format="vtt", errors="raise").compute(scheduler="sync")
    srt = map_captions(db.from_sequence([_srt(2)]), to="srt").compute(scheduler="sync")  # type: ignore[no-untyped-call]
    assert len(subconv.loads(srt[0], "srt")) == 2
    with pytest.raises(TypeError):
        map_captions(42)


def test_map_captions_over_a_dataframe_column() -> None:
    pd = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    frame = dd.from_pandas(pd.DataFrame({"captions": [_srt(2), _srt(4)]}), npartitions=1)
    out = map_captions(frame["captions"], to="vtt").compute(scheduler="sync")
    assert [len(subconv.loads(t, "vtt")) for t in out] == [2, 4]


def test_engine_names() -> None:
    with pytest.raises(UsageError, match="unknown engine"):
        make_engine("ray")
    assert make_engine("local", jobs=3).workers() == 3
    e = LocalEngine(2)
    assert e.slots() == 4
    e.close()
    time.sleep(0)


def test_a_file_that_kills_its_local_worker_fails_alone(tmp_path: Path, monkeypatch: Any) -> None:
    import multiprocessing

    from subconv import scale

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("the pool's workers inherit the patched converter only when forked")
    want = _tree(tmp_path / "in", n=12, bad=False)
    (tmp_path / "in" / "d1" / "poison.srt").write_text(_srt(3), encoding="utf-8")
    real = scale._convert

    def deadly(task: Any, *args: Any, **kwargs: Any) -> FileResult:
        if task.planned.source.endswith("poison.srt"):
            os._exit(3)  # the worker process dies mid-file
        return real(task, *args, **kwargs)

    monkeypatch.setattr(scale, "_convert", deadly)
    engine = LocalEngine(2)
    try:
        results = {Path(r.source).name: r for r in convert_many(tmp_path / "in", tmp_path / "out", engine=engine)}
    finally:
        engine.close()
    poison = results.pop("poison.srt")
    assert poison.status == "failed" and poison.attempts == 3 and "worker lost" in (poison.error or "")
    assert sorted(r.status for r in results.values()) == ["ok"] * len(want)
    lines = _manifest(tmp_path / "out" / MANIFEST)
    assert len(lines) == len(want) + 1


def test_engine_and_resume_need_many_inputs(tmp_path: Path, capsys: Any) -> None:
    one = tmp_path / "a.srt"
    one.write_text(_srt(2), encoding="utf-8")
    assert subconv.cli.main(["convert", str(one), "-o", str(tmp_path / "b.srt"), "--resume"]) == 2
    assert "INPUT is one file" in capsys.readouterr().err


def test_filesystems_without_an_atomic_put_write_a_temporary_name_then_move(monkeypatch: Any) -> None:
    fs = fsspec.filesystem("memory")
    base = f"memory://t17-{uuid.uuid4().hex[:8]}"
    monkeypatch.setattr(storage, "ATOMIC_PUT", frozenset())
    moves: list[tuple[str, str]] = []
    real_mv = type(fs).mv

    def mv(self: Any, a: str, b: str, **kw: Any) -> None:
        moves.append((a, b))
        real_mv(self, a, b, **kw)

    monkeypatch.setattr(type(fs), "mv", mv)
    assert storage.commit_text(f"{base}/out/a.vtt", "WEBVTT\n") == 7
    assert fs.cat_file(f"{base}/out/a.vtt") == b"WEBVTT\n"
    assert len(moves) == 1 and moves[0][0].endswith(".tmp") and "/.a.vtt." in moves[0][0]
    fs.pipe_file(f"{base}/out/.b.vtt.dead0001.tmp", b"partial")  # a writer killed mid-write
    fs.pipe_file(f"{base}/out/.keep.tmp", b"not ours")
    assert storage.sweep_temps([f"{base}/out/a.vtt", f"{base}/out/b.vtt"]) == 1
    assert sorted(p.rsplit("/", 1)[1] for p in fs.find(f"{base}/out")) == [".keep.tmp", "a.vtt"]


# --------------------------------------------------------------------------- nothing outlives a run

ROOT = Path(__file__).resolve().parents[1]
_API = (
    "import sys\n"
    "from subconv.batch import convert_many\n"
    "results = list(convert_many(sys.argv[1], sys.argv[2], to='vtt', engine='dask', jobs=2))\n"
    "sys.exit(sum(r.status == 'failed' for r in results))\n"
)


def _session(sid: int) -> list[str]:
    """Every process of session ``sid``, zombies included: ``pid state command``."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue  # gone meanwhile
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == sid:
            found.append(f"{pid} {fields[0]} {cmd.strip()}")
    return found


@contextlib.contextmanager
def _interrupts_as_from_a_terminal() -> Iterator[None]:
    """Children started in the block get Ctrl-C at its default, as from a terminal, even when
    these tests run with SIGINT ignored (a shell without job control starts a background
    command so, and its children inherit it): a handler set here is reset to the default by
    ``exec``. A Python started with SIGINT ignored rightly never raises KeyboardInterrupt, so
    the interrupted run would wait for its stuck worker."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous if previous is not None else signal.SIG_DFL)


def _run_in_session(
    args: list[str], until: Any = None, sig: int | None = None, group: bool = True
) -> tuple[int, str, list[str]]:
    """Run ``python args`` in a new session (as a harness or a terminal does); when ``until()``
    becomes true, send ``sig`` to the whole group (a Ctrl-C reaches every process of the
    terminal's group), or with ``group`` false to subconv's process alone (``kill PID``,
    ``timeout``). The exit status, standard error, and what is left of the session."""
    with _interrupts_as_from_a_terminal():
        proc = subprocess.Popen(
            [sys.executable, *args], cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
    try:
        if until is not None and sig is not None:
            deadline = time.monotonic() + 240
            while proc.poll() is None and not until() and time.monotonic() < deadline:
                time.sleep(0.05)
            if proc.poll() is None:
                (os.killpg if group else os.kill)(proc.pid, sig)
        _, err = proc.communicate(timeout=240)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return proc.returncode, err.decode(errors="replace"), _session(proc.pid)


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="lists processes through /proc (Linux)")


@needs_proc
@pytest.mark.parametrize("how", ["cli", "api"])
def test_a_dask_run_leaves_no_process_behind(tmp_path: Path, how: str) -> None:
    want = _tree(tmp_path / "in", n=8)
    out = tmp_path / "out"
    if how == "cli":
        args = ["-m", "subconv", "convert", str(tmp_path / "in"), "-o", str(out), "--to", "vtt"]
        args += ["--engine", "dask", "--jobs", "2"]
    else:
        args = ["-c", _API, str(tmp_path / "in"), str(out)]
    status, err, left = _run_in_session(args)
    assert status == 1, err  # the broken file
    assert sorted(_files(out)) == sorted([*want, MANIFEST])
    assert left == [], f"still running after subconv exited: {left}"
    assert "Traceback" not in err, err


@needs_proc
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_dask_run_stops_its_cluster(tmp_path: Path, sig: int) -> None:
    """Ctrl-C (or SIGTERM) to the group while a worker is stuck reading: the run stops, says so,
    records what finished, and leaves no worker, nanny or helper process behind."""
    src = tmp_path / "in"
    src.mkdir()
    for i in range(4):
        (src / f"f{i}.srt").write_text(_srt(3), encoding="utf-8")
    os.mkfifo(src / "stuck.srt")  # nobody writes it: reading it waits forever
    listed = tmp_path / "inputs.txt"
    listed.write_text("".join(f"{src / n}\n" for n in ("f0.srt", "f1.srt", "stuck.srt", "f2.srt", "f3.srt")))
    out = tmp_path / "out"
    args = ["-m", "subconv", "convert", str(listed), "--input-list", "-o", str(out), "--to", "vtt"]
    args += ["--engine", "dask", "--jobs", "2"]

    def four_done() -> bool:  # recorded in the manifest, which grows line by line
        manifest = out / MANIFEST
        return manifest.exists() and manifest.read_bytes().count(b"\n") == 4

    status, err, left = _run_in_session(args, until=four_done, sig=sig)
    assert status == (130 if sig == signal.SIGINT else 128 + signal.SIGTERM), err
    assert err.strip().endswith("interrupted" if sig == signal.SIGINT else "terminated"), err
    assert "Traceback" not in err, err
    assert left == [], f"still running after subconv exited: {left}"
    assert sorted(r["source"] for r in _manifest(out / MANIFEST)) == [str(src / f"f{i}.srt") for i in range(4)]


@needs_proc
@pytest.mark.parametrize(
    ("sig", "group"),
    [(signal.SIGINT, True), (signal.SIGTERM, True), (signal.SIGTERM, False)],
    ids=["int", "term", "kill"],
)
def test_an_interrupted_local_pool_run_says_so_once(tmp_path: Path, sig: int, group: bool) -> None:
    """Ctrl-C (or SIGTERM) to the group while one pool worker is idle and the other stuck reading,
    or SIGTERM to subconv alone: the run's one last line, no worker's traceback, no worker left
    waiting, what finished in the manifest, no temporary file."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "f0.srt").write_text(_srt(3), encoding="utf-8")
    os.mkfifo(src / "stuck.srt")  # named in the list, it is read: nobody writes it, reading it waits forever
    listed = tmp_path / "inputs.txt"
    listed.write_text(f"{src / 'f0.srt'}\n{src / 'stuck.srt'}\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ["-m", "subconv", "convert", str(listed), "--input-list", "-o", str(out), "--to", "vtt", "--jobs", "2"]

    def one_done() -> bool:  # f0 recorded: its worker is idle, the other one reads the pipe
        manifest = out / MANIFEST
        return manifest.exists() and manifest.read_bytes().count(b"\n") == 1

    status, err, left = _run_in_session(args, until=one_done, sig=sig, group=group)
    assert status == (130 if sig == signal.SIGINT else 128 + signal.SIGTERM), err
    assert err == ("subconv: interrupted\n" if sig == signal.SIGINT else "subconv: terminated\n")
    assert left == [], f"still running after subconv exited: {left}"
    assert [r["source"] for r in _manifest(out / MANIFEST)] == [str(src / "f0.srt")]
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "f0.vtt"]


#: A run stopped by a signal while an asyncio future holds an exception nobody asked for, as
#: the connections a SIGTERM cuts leave in a Dask client: it is collected as the interpreter exits.
_CUT_CONNECTION = """
import asyncio, sys
import subconv.cli as cli
kept = []
def run(ns):
    future = asyncio.new_event_loop().create_future()
    future.set_exception(TimeoutError())
    kept.append(future)
    raise {stop}()
cli._main = run
raise SystemExit(cli.main(["convert", "in.srt"]))
"""


@pytest.mark.parametrize("stop", ["cli.Terminated", "KeyboardInterrupt"])
def test_a_run_stopped_by_a_signal_ends_with_its_message_not_with_asyncio_s(tmp_path: Path, stop: str) -> None:
    """What a stopped run's cut connections leave is not logged after ``subconv: terminated``
    (it once was, now and then, in the test above: ``Future exception was never retrieved``)."""
    script = tmp_path / "stop.py"
    script.write_text(_CUT_CONNECTION.format(stop=stop), encoding="utf-8")
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, str(script)], capture_output=True, env=env, timeout=60, check=False)
    err = run.stderr.decode(errors="replace")
    assert run.returncode == (128 + signal.SIGTERM if stop == "cli.Terminated" else 130), err
    assert err == ("subconv: terminated\n" if stop == "cli.Terminated" else "subconv: interrupted\n")

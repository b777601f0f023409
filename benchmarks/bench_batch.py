"""Batch benchmark: files per second converting folders of real small caption files.

Usage::

    python benchmarks/bench_batch.py                    # 800 and 5,000 files, 2 workers
    python benchmarks/bench_batch.py --sizes 800 --ffmpeg-sample 100 --no-cli

The inputs are the real subtitle files of ``../shared/corpus`` (``timed``, ``youtube-auto``,
``pages`` and ``odd``: SRT, WebVTT, ASS/SSA, good and malformed), copied round-robin under
numbered names into ten sub-folders of a temporary directory at every run; nothing is
committed. Every row converts the same folder to WebVTT, in the same run:

* **serial** -- ``convert_many(engine=LocalEngine(1))``: one process, no pool; the per-file
  cost every other row is compared with;
* **local pool** -- ``convert_many(engine=LocalEngine(W))`` (``--engine local``, the default);
* **dask** -- ``convert_many`` on a ``LocalCluster`` of W single-threaded worker processes,
  started before the clock starts (a real cluster is up before the run); its start-up time is
  printed apart;
* **CLI local / CLI dask** -- the whole ``python -m subconv convert DIR -o OUT --to vtt``
  process (``--engine dask`` included starting and stopping its LocalCluster);
* **pysubs2 loop** -- ``pysubs2.load`` + ``save`` as VTT, one file after another;
* **ffmpeg loop** -- ``ffmpeg -v error -y -i IN OUT.vtt`` per file, on the first
  ``--ffmpeg-sample`` files (one process per file: the whole folder would take minutes).

The goal of issue 17 is printed at the end: Dask on W local workers at ≥ 0.8 × the local
pool's files/s, and byte-identical outputs from the pool, Dask and both CLI runs.

Per-file overhead = W × wall / files − serial wall / files: what running in a pool or on Dask
adds to each file's own cost. CPU ms/file counts every process of the run (this one and its
threads, the pool's or the CLI's processes, the Dask workers), so it holds when other jobs
load the machine, where wall times do not; on a quiet machine with W free cores, files/s is
about W / CPU-per-file. Figures taken on a loaded machine vary; run it twice.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
PY = sys.executable
SUFFIXES = (".srt", ".vtt", ".ass", ".ssa")

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def corpus_files() -> list[Path]:
    """The real subtitle files the inputs are copied from, in a stable order."""
    base = SHARED / "corpus"
    if not base.is_dir():
        raise SystemExit(f"the corpus is missing: {base} (this benchmark copies its inputs from it)")
    out = []
    for sub in ("timed", "youtube-auto", "pages", "odd"):
        out += sorted(p for p in (base / sub).rglob("*") if p.is_file() and p.name.lower().endswith(SUFFIXES))
    return out


def build(folder: Path, n: int, files: list[Path]) -> int:
    """``n`` inputs under ``folder`` (round-robin over ``files``); return their total size."""
    total = 0
    for i in range(n):
        src = files[i % len(files)]
        d = folder / f"d{i % 10}"
        d.mkdir(parents=True, exist_ok=True)
        target = d / f"{i:05d}_{src.name}"
        shutil.copyfile(src, target)
        total += target.stat().st_size
    return total


def _cpu(who: int) -> float:
    r = resource.getrusage(who)
    return r.ru_utime + r.ru_stime


def cpu_self() -> float:
    """CPU seconds of this process (every thread: a LocalCluster's scheduler runs in one)."""
    return _cpu(resource.RUSAGE_SELF)


def measure(fn: Callable[..., tuple[int, int]], *args: object, client: object = None) -> tuple[float, float, int, int]:
    """Wall time and CPU time of ``fn(*args)``, and its (ok, failed) counts.

    CPU time is this process's, plus that of the child processes it waited for (a pool's
    workers, a CLI process and its pool, ffmpeg), plus, given a Dask ``client``, its workers'.
    """

    def cpu() -> float:
        total = cpu_self() + _cpu(resource.RUSAGE_CHILDREN)
        if client is not None:
            total += sum(client.run(cpu_self).values())  # type: ignore[attr-defined]
        return total

    c0, t0 = cpu(), time.perf_counter()
    ok, failed = fn(*args)
    wall = time.perf_counter() - t0
    return wall, cpu() - c0, ok, failed


def outputs(folder: Path) -> dict[str, bytes]:
    """The converted files under ``folder`` (not the results manifest), by relative name."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "_subconv.jsonl"
    }


def same_outputs(a: Path, b: Path) -> bool:
    """Whether two runs wrote the same files with the same bytes; the first difference is printed."""
    x, y = outputs(a), outputs(b)
    if sorted(x) != sorted(y):
        print(f"<!-- {a.name} and {b.name} wrote different files: {sorted(set(x) ^ set(y))[:3]} -->")
        return False
    diff = [k for k in x if x[k] != y[k]]
    if diff:
        print(f"<!-- {a.name} and {b.name} differ in {len(diff)} files, e.g. {diff[0]} -->")
    return not diff


def run_many(src: Path, out: Path, engine: object) -> tuple[int, int]:
    from subconv.batch import convert_many

    ok = failed = 0
    for r in convert_many(src, out, to="vtt", engine=engine):  # type: ignore[arg-type]
        ok += r.status == "ok"
        failed += r.status == "failed"
    return ok, failed


def run_pool(src: Path, out: Path, workers: int) -> tuple[int, int]:
    """The local pool, started and stopped inside the measurement (as the CLI does)."""
    from subconv.engines import LocalEngine

    engine = LocalEngine(workers)
    try:
        return run_many(src, out, engine)
    finally:
        engine.close()


def run_cli(src: Path, out: Path, extra: list[str]) -> tuple[int, int]:
    r = subprocess.run(
        [PY, "-m", "subconv", "convert", str(src), "-o", str(out), "--to", "vtt", *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    last = r.stderr.strip().splitlines()[-1] if r.stderr.strip() else ""
    # "subconv: converted OK of N files into OUT[; F failed]"
    try:
        words = last.split()
        ok, n = int(words[2]), int(words[4])
    except (IndexError, ValueError):
        raise SystemExit(f"unexpected CLI output: {r.stderr[-500:]}") from None
    return ok, n - ok


def run_pysubs2(src: Path, out: Path) -> tuple[int, int]:
    import warnings

    import pysubs2

    warnings.simplefilter("ignore")  # pysubs2 warns on every odd style field
    ok = failed = 0
    for path in sorted(src.rglob("*")):
        if not path.is_file():
            continue
        target = out / path.relative_to(src).with_suffix(".vtt")
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            pysubs2.load(str(path)).save(str(target), format_="vtt")
            ok += 1
        except Exception:
            failed += 1
    return ok, failed


def run_ffmpeg(src: Path, out: Path, sample: int) -> tuple[int, int]:
    ok = failed = 0
    for path in sorted(p for p in src.rglob("*") if p.is_file())[:sample]:
        target = out / path.relative_to(src).with_suffix(".vtt")
        target.parent.mkdir(parents=True, exist_ok=True)
        r = subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-i", str(path), str(target)], capture_output=True, check=False
        )
        if r.returncode == 0:
            ok += 1
        else:
            failed += 1
    return ok, failed


class _Rows:
    """Prints a table row and keeps its per-file wall and CPU times."""

    def __init__(self, rows: dict[str, tuple[float, float]], workers: int) -> None:
        self.rows = rows
        self.workers = workers

    def __call__(self, name: str, key: str, count: int, m: tuple[float, float, int, int], pooled: bool) -> None:
        wall, cpu, ok, failed = m
        self.rows[key] = (wall / count, cpu / count)
        over = f"{(self.workers * wall / count - self.rows['serial'][0]) * 1000:.2f}" if pooled else "-"
        print(
            f"| {name} | {count} | {ok} | {failed} | {wall:.2f} | {count / wall:.0f} "
            f"| {cpu / count * 1000:.2f} | {over} |",
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="800,5000", help="folder sizes (default 800,5000)")
    ap.add_argument("--workers", type=int, default=2, help="pool / Dask workers (default 2)")
    ap.add_argument("--ffmpeg-sample", type=int, default=200, help="files the ffmpeg loop converts (default 200)")
    ap.add_argument("--no-cli", action="store_true", help="skip the whole-process CLI rows")
    ap.add_argument("--no-others", action="store_true", help="skip the pysubs2 and ffmpeg rows")
    args = ap.parse_args(argv)

    import distributed

    from subconv.engines import DaskEngine, LocalEngine

    files = corpus_files()
    w = args.workers
    t0 = time.perf_counter()
    cluster = distributed.LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=w, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40
    )
    client = distributed.Client(cluster)  # type: ignore[no-untyped-call]
    startup = time.perf_counter() - t0
    load = os.getloadavg()
    print(f"# subconv batch benchmark ({os.cpu_count()} CPUs, load average {load[0]:.2f} at start)\n")
    print(f"Corpus: {len(files)} real files; Dask LocalCluster of {w} workers started in {startup:.2f} s.\n")
    ratios = []
    identical: list[tuple[int, bool, int]] = []
    try:
        for n in (int(s) for s in args.sizes.split(",")):
            with tempfile.TemporaryDirectory(prefix="subconv-bench-") as tmp:
                work = Path(tmp)
                src = work / "in"
                size = build(src, n, files)
                # warm up: import every reader, writer and step in this process before the clock starts
                run_many(src / "d0", work / "warm", LocalEngine(1))
                print(f"## {n} files ({size / 1e6:.1f} MB)\n")
                print("| run | files | ok | failed | wall (s) | files/s | CPU ms/file | per-file overhead (ms) |")
                print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
                rows: dict[str, tuple[float, float]] = {}
                row = _Rows(rows, w)

                row("serial (in-process)", "serial", n, measure(run_many, src, work / "serial", LocalEngine(1)), False)
                row(f"local pool, {w} processes", "local", n, measure(run_pool, src, work / "local", w), True)
                dask = DaskEngine(client=client)
                m = measure(run_many, src, work / "dask", dask, client=client)
                row(f"dask, {w} local workers (cluster up)", "dask", n, m, True)
                if not args.no_cli:
                    m = measure(run_cli, src, work / "cli", ["--jobs", str(w)])
                    row(f"CLI --jobs {w}", "cli", n, m, True)
                    m = measure(run_cli, src, work / "clid", ["--engine", "dask", "--jobs", str(w)])
                    row(f"CLI --engine dask --jobs {w} (cluster start included)", "clid", n, m, True)
                if not args.no_others:
                    row("pysubs2 loop", "pysubs2", n, measure(run_pysubs2, src, work / "pysubs2"), False)
                    k = min(n, args.ffmpeg_sample)
                    if shutil.which("ffmpeg"):
                        row(f"ffmpeg loop (first {k})", "ffmpeg", k, measure(run_ffmpeg, src, work / "ff", k), False)
                ratios.append((n, rows["local"][0] / rows["dask"][0], rows["local"][1] / rows["dask"][1]))
                sames = [
                    same_outputs(work / "local", work / other)
                    for other in ("dask", "cli", "clid")
                    if (work / other).is_dir()
                ]
                identical.append((n, all(sames), len(outputs(work / "local"))))
                print()
        print("## Goal\n")
        for n, ratio, cpu_ratio in ratios:
            verdict = "met" if ratio >= 0.8 else "NOT met"
            print(
                f"- {n} files: dask on {w} local workers = {ratio:.2f} × the local pool's files/s "
                f"(goal ≥ 0.8: {verdict}); CPU per file: the pool's = {cpu_ratio:.2f} × Dask's"
            )
        for n, same, count in identical:
            print(
                f"- {n} files: the {count} outputs of the local pool, Dask and the CLI runs are "
                + ("byte-identical" if same else "NOT byte-identical")
            )
        print(f"\nLoad average at the end: {os.getloadavg()[0]:.2f}")
    finally:
        client.close()  # type: ignore[no-untyped-call]
        cluster.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

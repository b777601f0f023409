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

Per-file overhead = W × wall / files − serial wall / files: what running in a pool or on Dask
adds to each file's own cost. Figures taken on a loaded machine vary; run it twice.
"""

from __future__ import annotations

import argparse
import os
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


def timed(fn: Callable[..., tuple[int, int]], *args: object) -> tuple[float, int, int]:
    """Wall time of ``fn(*args)`` and its (ok, failed) counts."""
    t0 = time.perf_counter()
    ok, failed = fn(*args)
    return time.perf_counter() - t0, ok, failed


def run_many(src: Path, out: Path, engine: object) -> tuple[int, int]:
    from subconv.batch import convert_many

    ok = failed = 0
    for r in convert_many(src, out, to="vtt", engine=engine):  # type: ignore[arg-type]
        ok += r.status == "ok"
        failed += r.status == "failed"
    return ok, failed


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
    cluster = distributed.LocalCluster(
        n_workers=w, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
    )
    client = distributed.Client(cluster)
    startup = time.perf_counter() - t0
    load = os.getloadavg()
    print(f"# subconv batch benchmark ({os.cpu_count()} CPUs, load average {load[0]:.2f} at start)\n")
    print(f"Corpus: {len(files)} real files; Dask LocalCluster of {w} workers started in {startup:.2f} s.\n")
    ratios = []
    try:
        for n in (int(s) for s in args.sizes.split(",")):
            with tempfile.TemporaryDirectory(prefix="subconv-bench-") as tmp:
                work = Path(tmp)
                src = work / "in"
                size = build(src, n, files)
                print(f"## {n} files ({size / 1e6:.1f} MB)\n")
                print("| run | files | ok | failed | wall (s) | files/s | per-file overhead (ms) |")
                print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
                rows: list[tuple[str, int, float, int, int, int]] = []
                serial, pool, dask = LocalEngine(1), LocalEngine(w), DaskEngine(client=client)
                rows.append(("serial (in-process)", 1, *timed(run_many, src, work / "serial", serial), n))
                try:
                    rows.append((f"local pool, {w} processes", w, *timed(run_many, src, work / "local", pool), n))
                finally:
                    pool.close()
                rows.append((f"dask, {w} local workers", w, *timed(run_many, src, work / "dask", dask), n))
                if not args.no_cli:
                    cli = timed(run_cli, src, work / "cli", ["--jobs", str(w)])
                    rows.append((f"CLI --jobs {w}", w, *cli, n))
                    clid = timed(run_cli, src, work / "clid", ["--engine", "dask", "--jobs", str(w)])
                    rows.append((f"CLI --engine dask --jobs {w} (cluster start included)", w, *clid, n))
                if not args.no_others:
                    rows.append(("pysubs2 loop", 1, *timed(run_pysubs2, src, work / "pysubs2"), n))
                    k = min(n, args.ffmpeg_sample)
                    if shutil.which("ffmpeg"):
                        rows.append((f"ffmpeg loop (first {k})", 1, *timed(run_ffmpeg, src, work / "ff", k), k))
                base = rows[0][2] / n
                for name, workers, wall, ok, failed, count in rows:
                    over = (workers * wall / count - base) * 1000
                    over_s = f"{over:.2f}" if name.startswith(("local", "dask", "CLI")) else "-"
                    print(f"| {name} | {count} | {ok} | {failed} | {wall:.2f} | {count / wall:.0f} | {over_s} |")
                local_fps = n / rows[1][2]
                dask_fps = n / rows[2][2]
                ratios.append((n, dask_fps / local_fps))
                print()
        print("## Goal\n")
        for n, ratio in ratios:
            verdict = "met" if ratio >= 0.8 else "NOT met"
            print(
                f"- {n} files: dask on {w} local workers = {ratio:.2f} × the local pool's files/s "
                f"(goal ≥ 0.8: {verdict})"
            )
        print(f"\nLoad average at the end: {os.getloadavg()[0]:.2f}")
    finally:
        client.close()
        cluster.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

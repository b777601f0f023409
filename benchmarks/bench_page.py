"""Page pipeline benchmark: 100,000-line caption pages, whole process and per stage.

Usage::

    python benchmarks/bench_page.py                  # both pages, 5 runs each
    python benchmarks/bench_page.py --runs 9 --lines 200000
    python benchmarks/bench_page.py --trees ../main .   # the same inputs through two checkouts, runs interleaved

Two pages are generated at run time into ``benchmarks/_work/`` (git-ignored) from real caption
text in ``../shared/corpus`` (nothing large is committed):

* **caption list** -- the shape of ``../shared/seed/`` (site chrome, then one ``  • caption``
  bullet per line with blank lines between, every 97th caption repeated next to itself), from
  every subtitle line of ``../shared/corpus/timed`` (as ``bench_convert.py``'s page);
* **film** -- the same shape holding the lines of the films in ``../shared/corpus/timed/films``
  (every language): first in film order, then round after round in other orders, so every
  line, and the films' own short lines ("Yeah.", "What?") the more, recurs far from its last
  showing, while no run of lines is ever copied: many non-adjacent repeats, no block copy.

Printed (Markdown): per page and tree, the median (and lowest) wall and CPU (user + system)
time of ``python -m subconv convert PAGE -o OUT.srt`` (``os.wait4``), against the goal of
3 s; then, in this process, the time of each stage (reading, every pipeline step, writing)
with the cyclic collector paused as the command line pauses it, so a slow step shows.
"""

from __future__ import annotations

import argparse
import compileall
import gc
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "benchmarks" / "_work"
FILMS = ROOT / ".." / "shared" / "corpus" / "timed" / "films"
GOAL_S = 3.0

sys.path.insert(0, str(ROOT / "benchmarks"))
if TYPE_CHECKING:
    from benchmarks.bench_convert import corpus_lines, write_page
else:
    from bench_convert import corpus_lines, write_page


def film_lines() -> list[str]:
    """The text lines of the films' subtitle files (every language), in file order, tags removed."""
    import re

    tag = re.compile(r"<[^>\n]*>|\{[^}\n]*\}")
    out: list[str] = []
    for path in sorted(FILMS.iterdir()):
        raw = path.read_bytes()
        text = raw.decode("cp1252" if "windows-1252" in path.name else "utf-8", errors="replace").replace("\r", "")
        for line in text.split("\n"):
            if path.suffix in (".ass", ".ssa"):
                if not line.startswith("Dialogue:"):
                    continue
                line = line.split(",", 9)[-1].replace("\\N", " ")
            s = tag.sub("", line).strip()
            if not s or s.isdigit() or "-->" in s:
                continue
            out.append(s)
    return [ln for ln in out if "\ufffd" not in ln]


def film_page(path: Path, lines: list[str], file_lines: int) -> int:
    """A caption list page of the films' lines: first in film order, then each further round in
    another order (a stride through the list), so that lines recur far apart but no run of
    lines is ever copied (no block copy for de-duplication to find); returns the bullets."""
    head = ["Placeholder Image", "", "Subtitles section Play video", ""]
    tail = ["", "Subtitles and vocabulary", "", "Click the word to look it up"]
    budget = file_lines - len(head) - len(tail)
    n = len(lines)
    strides = [s for s in range(1, n) if math.gcd(s, n) == 1 and s > 100]
    bullets = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(head) + "\n")
        while 2 * (bullets + 1) <= budget:
            rnd, k = divmod(bullets, n)
            stride = 1 if rnd == 0 else strides[(rnd * 7919) % len(strides)]
            fh.write(f"  \u2022 {lines[k * stride % n]}\n\n")
            bullets += 1
        fh.write("\n".join(tail) + "\n")
    return bullets


def whole_process(tree: Path, page: Path, out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one ``python -m subconv convert`` run from ``tree``."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "subconv", "convert", str(page), "-o", str(out)],
        env=env,
        cwd=str(tree),
        stderr=subprocess.DEVNULL,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    if status != 0:
        raise SystemExit(f"subconv failed on {page} in {tree} (status {status})")
    return wall, usage.ru_utime + usage.ru_stime


def stages(page: Path) -> list[tuple[str, float]]:
    """Seconds per stage, in this process (this checkout), collector paused."""
    sys.path.insert(0, str(ROOT))
    from subconv import formats
    from subconv.formats import WriteOptions
    from subconv.options import Options
    from subconv.pipeline import STEPS, Context, load
    from subconv.report import Report

    report = Report()
    ctx = Context("page", Options())
    text = page.read_text(encoding="utf-8")
    out: list[tuple[str, float]] = []
    gc.disable()
    try:
        t0 = time.perf_counter()
        track = formats.get("page").read(text, report)
        out.append(("read", time.perf_counter() - t0))
        for step in STEPS:
            if not step.applies(ctx):
                continue
            fn = load(step)
            t0 = time.perf_counter()
            track = fn(track, ctx, report)
            out.append((step.name, time.perf_counter() - t0))
        writer = formats.get("srt").write
        assert writer is not None
        t0 = time.perf_counter()
        writer(track, WriteOptions(), report)
        out.append(("write", time.perf_counter() - t0))
    finally:
        gc.enable()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="whole-process runs per page and tree (default 5)")
    ap.add_argument("--lines", type=int, default=100_000, help="file lines per page (default 100000)")
    ap.add_argument("--trees", nargs="*", default=[str(ROOT)], help="checkouts to run (default: this one)")
    ap.add_argument("--no-stages", action="store_true", help="skip the per-stage table")
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    trees = [Path(t).resolve() for t in args.trees]
    for tree in trees:
        compileall.compile_dir(tree / "subconv", quiet=1)
    caption = WORK / f"page_caption_{args.lines}.txt"
    film = WORK / f"page_film_{args.lines}.txt"
    pages = {
        "caption list": (caption, write_page(caption, corpus_lines(), args.lines)),
        "film": (film, film_page(film, film_lines(), args.lines)),
    }
    print("# Page pipeline benchmark\n")
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; {args.runs} runs, interleaved over the trees.\n")
    print("| page | bullets | tree | wall median (s) | wall min (s) | CPU median (s) | goal <= 3 s |")
    print("| --- | ---: | --- | ---: | ---: | ---: | --- |")
    for name, (page, bullets) in pages.items():
        walls: dict[Path, list[float]] = {t: [] for t in trees}
        cpus: dict[Path, list[float]] = {t: [] for t in trees}
        for _ in range(args.runs):
            for i, tree in enumerate(trees):
                wall, cpu = whole_process(tree, page, WORK / f"page_out_{i}.srt")
                walls[tree].append(wall)
                cpus[tree].append(cpu)
        for tree in trees:
            w = statistics.median(walls[tree])
            verdict = "PASS" if w <= GOAL_S else "FAIL"
            print(
                f"| {name} | {bullets:,} | {tree.name} | {w:.3f} | {min(walls[tree]):.3f} | "
                f"{statistics.median(cpus[tree]):.3f} | {verdict} |"
            )
    if not args.no_stages:
        print("\n## Stages (this checkout, in-process)\n")
        print("| page | " + " | ".join(("stage", "seconds", "share")) + " |")
        print("| --- | --- | ---: | ---: |")
        for name, (page, _) in pages.items():
            rows = stages(page)
            total = sum(s for _, s in rows)
            for stage, s in rows:
                print(f"| {name} | {stage} | {s:.3f} | {100 * s / total:.0f} % |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

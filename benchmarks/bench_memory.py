"""Peak memory and time of ``subconv convert`` on large inputs of every kind (issue 14, item 18).

Usage::

    python benchmarks/bench_memory.py                 # 50 MB inputs, every kind
    python benchmarks/bench_memory.py --mb 5          # a quick run
    python benchmarks/bench_memory.py --only srt,page # some kinds

Inputs are generated at run time from ``../shared/corpus`` into ``benchmarks/_work/``
(git-ignored; nothing large is committed):

* ``transcript`` -- a plain-text transcript: the 3Blue1Brown ``en.transcript.txt`` files, one
  paragraph a line, repeated (the page pipeline: read, normalise, dedupe, segment, time);
* ``transcript-distinct`` -- the same paragraphs, each prefixed ``Part N:`` so that none repeats
  (every step after ``dedupe`` sees the whole input; written as WebVTT, whose clock has no last
  hour: a 50 MB transcript runs for hundreds of hours);
* ``page`` -- a caption-list page shaped like ``../shared/seed`` (bullets between page chrome);
* ``srt-en`` / ``vtt-en`` -- English captions (ASCII text: one byte a character in memory);
* ``srt-mixed`` -- captions of every language of the corpus, emoji included (Python then holds
  the text at four bytes a character: the worst case for memory);
* ``ass`` -- ASS dialogue events of English captions;
* ``ttml``, ``sbv``, ``subviewer``, ``textgrid`` -- English captions written by subconv's own
  writer of that format; ``cuelist`` -- a JSON cue list; ``microdvd`` -- MicroDVD at 25 fps
  (read through pysubs2).

Each is converted by ``python -m subconv convert IN -o OUT`` under ``/usr/bin/time -v`` (or
``os.wait4`` where it is missing); printed: the input size, the peak resident memory, the goal
(4x the input + 100 MB), the wall time (goal for 50 MB: 30 s on the reference machine) and the
CPU time (user + system: steadier than the wall time on a shared machine).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
WORK = ROOT / "benchmarks" / "_work"
MB = 1 << 20

sys.path.insert(0, str(ROOT / "benchmarks"))


def _repeat_to(path: Path, unit: str, size: int) -> None:
    """Write ``unit`` repeated until ``size`` bytes (cut at a line end)."""
    data = unit.encode("utf-8")
    with path.open("wb") as fh:
        written = 0
        while written < size:
            chunk = data[: size - written]
            if len(chunk) < len(data):
                chunk = chunk[: chunk.rfind(b"\n") + 1] or chunk
            fh.write(chunk)
            written += len(chunk)
            if len(chunk) < len(data):
                break


def make_transcript(path: Path, size: int) -> None:
    files = sorted((SHARED / "corpus" / "timed").rglob("en.transcript.txt"))
    _repeat_to(path, "\n".join(f.read_text(encoding="utf-8") for f in files) + "\n", size)


def make_distinct_transcript(path: Path, size: int) -> None:
    """The transcripts' paragraphs over and over, each prefixed ``Part N:`` so that no two are the
    same (nothing for ``dedupe`` to drop: every later step sees the whole input)."""
    files = sorted((SHARED / "corpus" / "timed").rglob("en.transcript.txt"))
    paragraphs = [ln for f in files for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()]
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        written = n = 0
        while written < size:
            line = f"Part {n + 1}: {paragraphs[n % len(paragraphs)].strip()}\n"
            fh.write(line)
            written += len(line.encode("utf-8"))
            n += 1


def _scaled(make_n: Callable[[Path, int], object], path: Path, size: int, first: int) -> None:
    """Call ``make_n(path, n)`` with the ``n`` that makes the file about ``size`` bytes."""
    make_n(path, first)
    n = max(10, int(first * size / max(1, path.stat().st_size)))
    make_n(path, n)


def make_srt(english: bool) -> Callable[[Path, int], None]:
    def make(path: Path, size: int) -> None:
        if TYPE_CHECKING:
            from benchmarks import bench_convert as bc
        else:
            import bench_convert as bc

        lines = bc.corpus_lines()
        if english:
            lines = bc.english_lines(lines)
        _scaled(lambda p, n: bc.write_srt(p, lines, n, bc.SRT_LIMIT_MS), path, size, 20_000)

    return make


def make_vtt(path: Path, size: int) -> None:
    if TYPE_CHECKING:
        from benchmarks import bench_convert as bc
    else:
        import bench_convert as bc

    lines = bc.english_lines(bc.corpus_lines())
    _scaled(lambda p, n: bc.write_vtt(p, lines, n, bc.SRT_LIMIT_MS), path, size, 20_000)


def make_ass(path: Path, size: int) -> None:
    if TYPE_CHECKING:
        from benchmarks import bench_convert as bc
    else:
        import bench_convert as bc

    lines = bc.english_lines(bc.corpus_lines())
    head = (
        "[Script Info]\nScriptType: v4.00+\n\n[Events]\n"
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    )

    def ts(ms: int) -> str:
        h, rest = divmod(ms, 3_600_000)
        m, rest = divmod(rest, 60_000)
        s, f = divmod(rest, 1000)
        return f"{h}:{m:02d}:{s:02d}.{f // 10:02d}"

    def write(p: Path, n: int) -> None:
        with p.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write(head)
            for s, e, text in bc._timed_cues(lines, n, bc.ASS_LIMIT_MS):
                fh.write(f"Dialogue: 0,{ts(s)},{ts(e)},Default,,0,0,0,,{text.replace(chr(10), chr(92) + 'N')}\n")

    _scaled(write, path, size, 20_000)


def _english_cues() -> tuple[Callable[[int], Iterator[tuple[int, int, str]]], int]:
    if TYPE_CHECKING:
        from benchmarks import bench_convert as bc
    else:
        import bench_convert as bc

    lines = bc.english_lines(bc.corpus_lines())
    return (lambda n: bc._timed_cues(lines, n, bc.SRT_LIMIT_MS)), bc.SRT_LIMIT_MS


def make_written(fmt: str) -> Callable[[Path, int], None]:
    """English captions written by subconv's own ``fmt`` writer (a format subconv writes)."""

    def make(path: Path, size: int) -> None:
        import subconv
        from subconv.model import Cue, Track

        cues_of, _ = _english_cues()

        def write(p: Path, n: int) -> None:
            track = Track(tuple(Cue(s, e, tuple(text.split("\n"))) for s, e, text in cues_of(n)))
            p.write_text(subconv.dumps(track, fmt), encoding="utf-8")

        _scaled(write, path, size, 20_000)

    return make


def make_cuelist(path: Path, size: int) -> None:
    """A JSON cue list (``[{"start": 1.5, "end": 3.2, "text": "..."}, ...]``) of English captions."""
    import json

    cues_of, _ = _english_cues()

    def write(p: Path, n: int) -> None:
        with p.open("w", encoding="utf-8") as fh:
            fh.write("[\n")
            fh.write(
                ",\n".join(
                    json.dumps({"start": s / 1000, "end": e / 1000, "text": text}, ensure_ascii=False)
                    for s, e, text in cues_of(n)
                )
            )
            fh.write("\n]\n")

    _scaled(write, path, size, 20_000)


def make_microdvd(path: Path, size: int) -> None:
    """A MicroDVD file at 25 fps (``{1}{1}25`` first: the rate) of English captions (read through pysubs2)."""
    cues_of, _ = _english_cues()

    def write(p: Path, n: int) -> None:
        with p.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write("{1}{1}25\n")
            for s, e, text in cues_of(n):
                fh.write(f"{{{s * 25 // 1000}}}{{{e * 25 // 1000}}}{text.replace(chr(10), '|')}\n")

    _scaled(write, path, size, 20_000)


def make_mpl2(path: Path, size: int) -> None:
    """An MPL2 file (``[start][end]`` in deciseconds, ``|`` between lines) of English captions."""
    cues_of, _ = _english_cues()

    def write(p: Path, n: int) -> None:
        with p.open("w", encoding="utf-8", newline="\n") as fh:
            for s, e, text in cues_of(n):
                fh.write(f"[{s // 100}][{e // 100}]{text.replace(chr(10), '|')}\n")

    _scaled(write, path, size, 20_000)


def make_sami(path: Path, size: int) -> None:
    """A SAMI file of English captions, each followed by a blank ``&nbsp;`` sync at its end."""
    import html

    cues_of, _ = _english_cues()

    def write(p: Path, n: int) -> None:
        with p.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write("<SAMI>\n<HEAD><TITLE>bench</TITLE></HEAD>\n<BODY>\n")
            for s, e, text in cues_of(n):
                body = html.escape(text).replace("\n", "<br>")
                fh.write(f"<SYNC Start={s}><P Class=ENCC>{body}\n<SYNC Start={e}><P Class=ENCC>&nbsp;\n")
            fh.write("</BODY>\n</SAMI>\n")

    _scaled(write, path, size, 20_000)


def make_whisper_jax(path: Path, size: int) -> None:
    """Whisper-JAX's output (``[00:01.000 -> 00:02.500]  text``, hours once past the first) of
    English captions, one a line (past 99 hours the times go round)."""
    cues_of, _ = _english_cues()

    def ts(ms: int) -> str:
        h, rest = divmod(ms, 3_600_000)
        m, rest = divmod(rest, 60_000)
        return (f"{h:02d}:" if h else "") + f"{m:02d}:{rest // 1000:02d}.{rest % 1000:03d}"

    def write(p: Path, n: int) -> None:
        with p.open("w", encoding="utf-8", newline="\n") as fh:
            for s, e, text in cues_of(n):
                if e >= 100 * 3_600_000:  # (two digits of hours: the times go round)
                    s, e = s % (100 * 3_600_000), e % (100 * 3_600_000)
                fh.write(f"[{ts(s)} -> {ts(e)}]  {text.replace(chr(10), ' ')}\n")

    _scaled(write, path, size, 20_000)


def make_page(path: Path, size: int) -> None:
    if TYPE_CHECKING:
        from benchmarks import bench_convert as bc
    else:
        import bench_convert as bc

    lines = bc.english_lines(bc.corpus_lines())
    _scaled(lambda p, n: bc.write_page(p, lines, n), path, size, 20_000)


KINDS: dict[str, tuple[str, str, Callable[[Path, int], None]]] = {
    "transcript": (".txt", "srt", make_transcript),
    "transcript-distinct": (".txt", "vtt", make_distinct_transcript),
    "page": (".txt", "srt", make_page),
    "srt-en": (".srt", "vtt", make_srt(english=True)),
    "srt-mixed": (".srt", "vtt", make_srt(english=False)),
    "vtt-en": (".vtt", "srt", make_vtt),
    "ass": (".ass", "srt", make_ass),
    "ttml": (".ttml", "srt", make_written("ttml")),
    "sbv": (".sbv", "srt", make_written("sbv")),
    "subviewer": (".sub", "srt", make_written("subviewer")),
    "textgrid": (".TextGrid", "srt", make_written("textgrid")),
    "cuelist": (".json", "srt", make_cuelist),
    "microdvd": (".sub", "srt", make_microdvd),
    "mpl2": (".mpl", "srt", make_mpl2),
    "tmp": (".tmp", "srt", make_written("tmp")),
    "sami": (".smi", "srt", make_sami),
    "pysubs2-json": (".json", "srt", make_written("json")),
    "whisper-jax": ("", "srt", make_whisper_jax),
}

_LAUNCHER = (
    "import os, subprocess, sys\n"
    "p = subprocess.Popen(sys.argv[1:])\n"
    "_, status, usage = os.wait4(p.pid, 0)\n"
    "print(usage.ru_maxrss, os.waitstatus_to_exitcode(status))\n"
)


def measure(src: Path, to: str) -> tuple[float, int, int, float | None]:
    """(wall seconds, peak RSS in KiB, exit status, CPU seconds or None) of one conversion."""
    out = WORK / f"{src.stem}.out.{to}"
    argv = [sys.executable, "-m", "subconv", "convert", str(src), "-o", str(out), "--to", to]
    start = time.perf_counter()
    if shutil.which("/usr/bin/time"):
        proc = subprocess.run(["/usr/bin/time", "-v", *argv], capture_output=True, text=True, cwd=ROOT, check=False)
        wall = time.perf_counter() - start
        found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr)
        rss = int(found.group(1)) if found else 0
        cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", proc.stderr))
        return wall, rss, proc.returncode, cpu
    launcher = [sys.executable, "-c", _LAUNCHER, *argv]
    proc = subprocess.run(launcher, capture_output=True, text=True, cwd=ROOT, check=False)
    wall = time.perf_counter() - start
    rss_s, code_s = proc.stdout.split()[-2:]
    return wall, int(rss_s), int(code_s), None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=50.0, help="input size in MB (default 50)")
    ap.add_argument("--only", help="comma-separated kinds: " + ", ".join(KINDS))
    ap.add_argument("--keep", action="store_true", help="keep the generated inputs")
    args = ap.parse_args()
    if not (SHARED / "corpus").is_dir():
        raise SystemExit(f"the corpus is missing: {SHARED / 'corpus'} (the inputs are generated from it)")
    WORK.mkdir(parents=True, exist_ok=True)
    kinds = args.only.split(",") if args.only else list(KINDS)
    size = int(args.mb * MB)
    print("| input | size | peak RSS | goal (4x + 100 MB) | RSS / input | wall time | CPU time | exit |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for kind in kinds:
        suffix, to, make = KINDS[kind]
        src = WORK / f"mem-{kind}{suffix}"
        make(src, size)
        actual = src.stat().st_size
        wall, rss_kb, code, cpu = measure(src, to)
        rss = rss_kb * 1024
        goal = 4 * actual + 100 * MB
        verdict = "ok" if rss <= goal else "over"
        print(
            f"| {kind} -> {to} | {actual / MB:.1f} MB | {rss / MB:.0f} MB | {goal / MB:.0f} MB ({verdict}) "
            f"| {rss / actual:.1f}x | {wall:.1f} s | {'-' if cpu is None else f'{cpu:.1f} s'} | {code} |",
            flush=True,
        )
        if not args.keep:
            src.unlink()
            for out in WORK.glob(f"{src.stem}.out.*"):
                out.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

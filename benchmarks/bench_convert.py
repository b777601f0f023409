"""Conversion benchmark: subconv against pysubs2, srt, webvtt-py and ffmpeg.

Usage::

    python benchmarks/bench_convert.py            # full run (5 runs, 10k/100k/1M scaling)
    python benchmarks/bench_convert.py --quick    # smoke run (3 runs, small inputs)
    python benchmarks/bench_convert.py --runs 7 --sizes 10000,100000

Every input is generated at run time from the real caption text in
``../shared/corpus`` (subtitle lines of the ``timed`` folder) into
``benchmarks/_work/`` (git-ignored).  Nothing large is committed.

Printed (Markdown):

* **Conversions** -- per task and tool: the median wall time of the whole process
  (``python -m subconv convert ...``, a ``python -c`` script for the libraries,
  ``ffmpeg -v error -y -i IN OUT``), the median in-process time (the library call
  alone, after import), and the peak resident memory of the process (``ru_maxrss``
  from ``os.wait4``).  A tool that cannot do a task, or fails, gets its error in
  the row instead of figures.
* **Scaling** -- in-process time of each subconv stage (reader, every pipeline
  step, writer) at each size, and the ratio time(10x)/time(1x); the goal is <= 11.
* **Import** -- ``import subconv`` time and the heaviest imports
  (``python -X importtime``).
* **Goals** -- the targets of issue 7, checked against the figures above.  The tools of a task
  take turns, run by run, and the speed goals compare subconv with ffmpeg and pysubs2 pair by
  pair (the median of the runs' ratios), so that a change in the machine's load between two
  tools' runs does not decide them.
"""

from __future__ import annotations

import argparse
import compileall
import gc
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
WORK = ROOT / "benchmarks" / "_work"
PY = sys.executable
ASS_LIMIT_MS = 36_000_000 - 60_000  # the SRT -> ASS input ends before 9:59:00 (ASS's clock stops at 9:59:59.99)
# scaling inputs end before 99:00:00 (SRT's clock stops at 99:59:59,999; a million real-paced cues
# would last 900 hours, and every time past the limit is a clamp and a report entry, not a cue written)
SRT_LIMIT_MS = 99 * 3_600_000
_START = attrgetter("start")
_START_END_LINES = attrgetter("start", "end", "lines")

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# --------------------------------------------------------------------------- real text

_TAG = re.compile(r"<[^>\n]*>|\{[^}\n]*\}")
_TIMING = re.compile(r"-->")


def corpus_lines() -> list[str]:
    """Every subtitle text line of ``../shared/corpus/timed`` (SRT, WebVTT, ASS), tags removed, in file order."""
    base = SHARED / "corpus" / "timed"
    if not base.is_dir():
        raise SystemExit(f"the corpus is missing: {base} (this benchmark generates its inputs from it)")
    out: list[str] = []
    for path in sorted(base.rglob("*")):
        name = path.name
        if not path.is_file() or not (name.endswith((".srt", ".vtt", ".ass", ".ssa")) or ".vtt." in name):
            continue
        text = path.read_bytes().decode("utf-8", errors="replace").replace("\r", "")
        if name.endswith((".ass", ".ssa")):
            for line in text.split("\n"):
                if line.startswith("Dialogue:"):
                    parts = line.split(",", 9)
                    if len(parts) == 10:
                        out.extend(_TAG.sub("", p).strip() for p in parts[9].split("\\N"))
            continue
        for line in text.split("\n"):
            s = line.strip()
            if not s or s.isdigit() or _TIMING.search(s) or s.startswith(("WEBVTT", "NOTE", "Kind:", "Language:")):
                continue
            out.append(_TAG.sub("", s).strip())
    return [ln for ln in out if ln and "\ufffd" not in ln]


def english_lines(lines: list[str]) -> list[str]:
    """The lines that are plain ASCII text (for the English auto-caption file)."""
    return [ln for ln in lines if ln.isascii() and any(c.isalpha() for c in ln)]


# --------------------------------------------------------------------------- generators


def _ts(ms: int, sep: str) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, f = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{f:03d}"


def _timed_cues(lines: list[str], n: int, span_ms: int | None = None) -> Iterator[tuple[int, int, str]]:
    """``n`` cues (start, end, text): one or two real lines each, real-ish durations, small gaps.

    With ``span_ms``, every time is scaled so that the last cue ends before ``span_ms`` (ASS
    cannot write times past 9:59:59.99; 100,000 real-paced cues last about 90 hours).
    """
    cues: list[tuple[int, int, str]] = []
    t = 1000
    k = 0
    size = len(lines)
    for i in range(n):
        text = lines[k % size]
        k += 1
        if i % 3 == 0:
            text += "\n" + lines[k % size]
            k += 1
        dur = min(7000, 700 + 55 * len(text))
        cues.append((t, t + dur, text))
        t += dur + 80 + (i * 37) % 400
    if span_ms is not None and t > span_ms:
        cues = [(s * span_ms // t, e * span_ms // t, text) for s, e, text in cues]
    yield from cues


def write_srt(path: Path, lines: list[str], n: int, span_ms: int | None = None) -> None:
    """An SRT file of ``n`` cues (lasting at most ``span_ms`` when given)."""
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for i, (s, e, text) in enumerate(_timed_cues(lines, n, span_ms), 1):
            fh.write(f"{i}\n{_ts(s, ',')} --> {_ts(e, ',')}\n{text}\n\n")


def write_vtt(path: Path, lines: list[str], n: int, span_ms: int | None = None) -> None:
    """A WebVTT file of ``n`` cues (lasting at most ``span_ms`` when given)."""
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("WEBVTT\n\n")
        for s, e, text in _timed_cues(lines, n, span_ms):
            fh.write(f"{_ts(s, '.')} --> {_ts(e, '.')}\n{text}\n\n")


#: the film whose SRT file the film input repeats (its own text: ``<i>`` markup, dialogue dashes,
#: music notes, two-line cues; UTF-8)
FILM = SHARED / "corpus" / "timed" / "films" / "LaLaLand.en.srt"
_FILM_TIMING = re.compile(r"^\s*(\d+):(\d\d):(\d\d)[,.](\d{1,3})\s*-->\s*(\d+):(\d\d):(\d\d)[,.](\d{1,3})(.*)$")


def _film_ms(h: str, m: str, s: str, f: str) -> int:
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(f.ljust(3, "0"))


def write_film_srt(path: Path, n: int, source: Path = FILM, span_ms: int | None = SRT_LIMIT_MS) -> None:
    """An SRT file of ``n`` cues made of a real film's SRT file ``source``: its cues in order, again
    and again (each time after the last one's end), renumbered, until there are ``n``.

    The cue text is the film's own, line for line (its markup, dashes, music notes, line lengths);
    so are its line ends (LF or CRLF), its byte-order mark and its encoding (UTF-8, else cp1252),
    and whatever follows the times on a timing line.  A film of 1,300 cues repeated to 100,000
    lasts about 150 hours: with ``span_ms`` every time is scaled so that the last cue ends by
    it (by default by 99 hours, where SRT's clock stops, as the generated inputs do); None
    keeps the film's own times.
    """
    raw = source.read_bytes()
    try:
        text, encoding = raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        text, encoding = raw.decode("cp1252"), "cp1252"
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    newline = "\r\n" if "\r\n" in text else "\n"
    cues: list[tuple[int, int, str, list[str]]] = []
    for block in re.split(r"\n[ \t]*\n", text.lstrip("\ufeff").replace("\r\n", "\n").strip("\n")):
        lines = block.split("\n")
        for k, line in enumerate(lines):
            m = _FILM_TIMING.match(line)
            if m is not None:
                g = m.groups()
                cues.append((_film_ms(*g[:4]), _film_ms(*g[4:8]), g[8], lines[k + 1 :]))
                break
    if not cues:
        raise SystemExit(f"no cue in {source}")
    period = cues[-1][1] + 2000  # each repeat starts 2 s after the film's last cue ends
    last = (n - 1) // len(cues) * period + cues[(n - 1) % len(cues)][1]
    scale = span_ms is not None and last > span_ms
    parts = [bom]
    for i in range(n):
        rep, k = divmod(i, len(cues))
        start, end, tail, body = cues[k]
        start, end = start + rep * period, end + rep * period
        if scale:
            assert span_ms is not None
            start, end = start * span_ms // last, end * span_ms // last
        parts.append(f"{i + 1}\n{_ts(start, ',')} --> {_ts(end, ',')}{tail}\n" + "\n".join(body) + "\n\n")
    path.write_bytes("".join(parts).replace("\n", newline).encode(encoding))


def write_youtube(path: Path, lines: list[str], seconds: int | None = None, cues: int | None = None) -> int:
    """A rolling YouTube auto-caption WebVTT (the structure of YouTube's ``.vtt`` downloads).

    Each spoken line is a cue showing the previous line above the new one (word-timed with
    ``<00:00:01.520><c> word</c>``), followed by a 10 ms "bridge" cue holding the new line
    alone.  Lines are lower-cased words of real captions, 4-9 words each.  Stops after
    ``seconds`` of media or ``cues`` cues; returns the number of cues written.
    """
    words = [w.strip(".,!?\"'-").lower() for ln in english_lines(lines) for w in ln.split()]
    words = [w for w in words if w]
    pos = 0
    t = 40
    prev = ""
    written = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("WEBVTT\nKind: captions\nLanguage: en\n\n")
        i = 0
        while True:
            if seconds is not None and t >= seconds * 1000:
                break
            if cues is not None and written >= cues:
                break
            count = 4 + (i * 7) % 6
            line_words = [words[(pos + j) % len(words)] for j in range(count)]
            pos += count
            step = 180 + (i * 53) % 160  # per word
            end = t + step * count
            parts = [line_words[0]]
            wt = t
            for w in line_words[1:]:
                wt += step
                parts.append(f"<{_ts(wt, '.')}><c> {w}</c>")
            fh.write(f"{_ts(t, '.')} --> {_ts(end, '.')} align:start position:0%\n{prev or ' '}\n{''.join(parts)}\n\n")
            cur = " ".join(line_words)
            fh.write(f"{_ts(end, '.')} --> {_ts(end + 10, '.')} align:start position:0%\n{cur}\n \n\n")
            written += 2
            prev = cur
            t = end + 10
            i += 1
    return written


def write_page(path: Path, lines: list[str], file_lines: int) -> int:
    """A scraped caption page shaped like ``../shared/seed``: chrome, then one bullet per caption line.

    Bullets are separated by blank lines; every 97th caption is repeated (an adjacent
    duplicate, as scrapers produce).  Stops at ``file_lines`` lines; returns the number of
    bullet lines.
    """
    head = ["Placeholder Image", "", "Subtitles section Play video", ""]
    tail = ["", "Subtitles and vocabulary", "", "Click the word to look it up"]
    budget = file_lines - len(head) - len(tail)
    bullets = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write("\n".join(head) + "\n")
        k = 0
        used = 0
        while used + 2 <= budget:
            text = lines[k % len(lines)]
            if bullets % 97 == 96:
                text = lines[(k - 1) % len(lines)]
            else:
                k += 1
            fh.write(f"  \u2022 {text}\n\n")
            used += 2
            bullets += 1
        fh.write("\n".join(tail) + "\n")
    return bullets


# --------------------------------------------------------------------------- measuring


@dataclass
class Row:
    """One line of the conversion table."""

    task: str
    tool: str
    wall: list[float] = field(default_factory=list)
    inproc: list[float] = field(default_factory=list)
    rss_kb: list[int] = field(default_factory=list)
    error: str | None = None
    note: str = ""


# Linux keeps a process's peak RSS across exec, so a child forked from this (large) process
# would report our size.  A small launcher starts each command, times it and reports its
# ru_maxrss; the launcher's own ~10 MB is the floor of the memory column.
LAUNCHER = (
    "import os, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
    "_, status, usage = os.wait4(p.pid, 0)\n"
    "wall = time.perf_counter() - t\n"
    "print(wall, usage.ru_maxrss, os.waitstatus_to_exitcode(status))\n"
)


def run_process(argv: list[str]) -> tuple[float, int]:
    """Run ``argv`` through the launcher; (wall seconds, peak RSS in KiB).  RuntimeError on failure."""
    proc = subprocess.run([PY, "-c", LAUNCHER, *argv], capture_output=True, text=True, check=False)
    try:
        wall_s, rss_s, code_s = proc.stdout.split()
    except ValueError:
        raise RuntimeError(f"launcher failed: {proc.stderr.strip()[-200:]}") from None
    if int(code_s) != 0:
        msg = proc.stderr.strip().splitlines()
        raise RuntimeError(f"exit {code_s}: {msg[-1] if msg else ''}")
    return float(wall_s), int(rss_s)


def median(xs: list[float]) -> float:
    """The median (0.0 for no data)."""
    return statistics.median(xs) if xs else 0.0


def time_call(fn: Callable[[], object], runs: int) -> list[float]:
    """Wall times of ``runs`` calls of ``fn`` (garbage collected before each)."""
    out: list[float] = []
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def _short(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}".replace("\n", " ").replace("|", "/")
    return text[:110]


# --------------------------------------------------------------------------- tools


def _subconv_inproc(src: Path, dst: Path, to: str, fmt: str | None = None) -> Callable[[], object]:
    def go() -> object:
        import subconv

        text = subconv.convert(src, to, format=fmt)
        dst.write_text(text, encoding="utf-8")
        return None

    return go


def _pysubs2_inproc(src: Path, dst: Path) -> Callable[[], object]:
    def go() -> object:
        import pysubs2

        pysubs2.load(str(src)).save(str(dst))
        return None

    return go


def _srt_inproc(src: Path, dst: Path) -> Callable[[], object]:
    def go() -> object:
        import srt

        dst.write_text(srt.compose(srt.parse(src.read_text(encoding="utf-8"))), encoding="utf-8")
        return None

    return go


def _webvtt_inproc(src: Path, dst: Path) -> Callable[[], object]:
    def go() -> object:
        import webvtt

        if str(src).endswith(".srt"):
            webvtt.from_srt(str(src)).save(str(dst))
        else:
            webvtt.read(str(src)).save_as_srt(str(dst))
        return None

    return go


PYSUBS2_CLI = "import pysubs2,sys; pysubs2.load(sys.argv[1]).save(sys.argv[2])"
SRT_CLI = (
    "import srt,sys; t=open(sys.argv[1],encoding='utf-8').read(); "
    "open(sys.argv[2],'w',encoding='utf-8').write(srt.compose(srt.parse(t)))"
)
WEBVTT_SRT2VTT = "import webvtt,sys; webvtt.from_srt(sys.argv[1]).save(sys.argv[2])"
WEBVTT_VTT2SRT = "import webvtt,sys; webvtt.read(sys.argv[1]).save_as_srt(sys.argv[2])"


@dataclass
class Tool:
    """How one tool does one task: a command line and (for libraries) an in-process call."""

    name: str
    argv: list[str] | None
    inproc: Callable[[], object] | None
    note: str = ""


def tools_for(task: str, src: Path, out_dir: Path, ext: str, page: bool = False) -> list[Tool]:
    """The tools that attempt ``task`` (``src`` -> a file with extension ``ext``)."""
    out = {name: out_dir / f"{task}.{name}.{ext}" for name in ("subconv", "pysubs2", "srt", "webvtt", "ffmpeg")}
    src_fmt = "page" if page else None
    argv = [PY, "-m", "subconv", "convert", str(src), "-o", str(out["subconv"])]
    if page:
        argv += ["--from", "page"]
    tools = [Tool("subconv", argv, _subconv_inproc(src, out["subconv"], ext, src_fmt))]
    if page:
        return tools
    ps_out = out["pysubs2"]
    tools.append(Tool("pysubs2", [PY, "-c", PYSUBS2_CLI, str(src), str(ps_out)], _pysubs2_inproc(src, ps_out)))
    if src.suffix == ".srt" and ext == "vtt":
        dst = out_dir / f"{task}.srt.srt"
        tools.append(Tool("srt (SRT->SRT)", [PY, "-c", SRT_CLI, str(src), str(dst)], _srt_inproc(src, dst)))
    if (src.suffix, ext) in ((".srt", "vtt"), (".vtt", "srt")):
        code = WEBVTT_SRT2VTT if ext == "vtt" else WEBVTT_VTT2SRT
        wv_out = out["webvtt"]
        tools.append(Tool("webvtt-py", [PY, "-c", code, str(src), str(wv_out)], _webvtt_inproc(src, wv_out)))
    ff = shutil.which("ffmpeg")
    if ff is not None:
        tools.append(Tool("ffmpeg", [ff, "-v", "error", "-y", "-i", str(src), str(out["ffmpeg"])], None))
    else:
        tools.append(Tool("ffmpeg", None, None, "not installed"))
    return tools


def measure(task: str, tools: list[Tool], runs: int, note: str = "") -> list[Row]:
    """Run every tool ``runs`` times, whole process and in-process.

    The whole-process runs take turns (each tool once, then each again, ...), so that the k-th
    runs of two tools are a pair measured under the same load: :func:`paired_ratio` compares them
    pair by pair."""
    rows = [Row(task, tool.name, note=tool.note or (note if tool.name != "subconv" else "")) for tool in tools]
    for tool, row in zip(tools, rows, strict=True):
        if tool.argv is None:
            row.error = tool.note or "n/a"
    for _ in range(runs):
        for tool, row in zip(tools, rows, strict=True):
            if tool.argv is None or row.error is not None:
                continue
            try:
                wall, rss = run_process(tool.argv)
            except Exception as exc:
                row.error = _short(exc)
                continue
            row.wall.append(wall)
            row.rss_kb.append(rss)
    for tool, row in zip(tools, rows, strict=True):
        if tool.inproc is not None and row.error is None:
            try:
                tool.inproc()  # warm-up: imports, caches
                row.inproc = time_call(tool.inproc, runs)
            except Exception as exc:
                row.error = _short(exc)
        print(f"  {task:<24} {tool.name:<16} " + (row.error or f"{median(row.wall):.3f} s"), file=sys.stderr)
    return rows


def paired_ratio(a: Row, b: Row) -> float:
    """The median of ``a``'s whole-process times over ``b``'s, run by run (see :func:`measure`)."""
    return median([x / y for x, y in zip(a.wall, b.wall, strict=False) if y > 0])


def conversion_table(rows: list[Row]) -> str:
    """The Markdown table of conversion rows."""
    out = [
        "| task | tool | whole process (s) | in-process (s) | peak RSS (MB) | vs ffmpeg | note |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    ff = {r.task: median(r.wall) for r in rows if r.tool == "ffmpeg" and r.wall and r.error is None}
    for r in rows:
        if r.error is not None:
            out.append(f"| {r.task} | {r.tool} | - | - | - | - | {r.error} |")
            continue
        w = median(r.wall)
        ip = f"{median(r.inproc):.3f}" if r.inproc else "-"
        rss = max(r.rss_kb) / 1024 if r.rss_kb else 0.0
        rel = f"{w / ff[r.task]:.2f}x" if r.task in ff and ff[r.task] > 0 else "-"
        out.append(f"| {r.task} | {r.tool} | {w:.3f} | {ip} | {rss:.0f} | {rel} | {r.note} |")
    return "\n".join(out)


# --------------------------------------------------------------------------- scaling


def scaling(lines: list[str], sizes: list[int], runs: int) -> str:
    """In-process time of each subconv stage at each size, and the growth ratios."""
    from subconv import formats
    from subconv.formats import WriteOptions
    from subconv.options import Options
    from subconv.pipeline import Context, load_step, step_names
    from subconv.report import Report

    stages: dict[str, list[float | str]] = {}

    def record(name: str, fn: Callable[[], object]) -> object:
        """Median of ``runs`` calls of ``fn``; returns the first call's value (the next stage's input).

        The cyclic collector is paused around the calls, as the command line pauses it for a
        conversion (``subconv.runner.capture``): the table shows how each stage's own work grows,
        not how the collector's passes over the objects alive grow (the library leaves the
        collector alone; a program converting huge files in-process may pause it likewise)."""
        gc.disable()
        try:
            gc.collect()
            t0 = time.perf_counter()
            value = fn()
            times = [time.perf_counter() - t0, *time_call(fn, runs - 1)]
            stages.setdefault(name, []).append(median(times))
            return value
        except Exception as exc:
            stages.setdefault(name, []).append(_short(exc))
            return None
        finally:
            gc.enable()

    for n in sizes:
        print(f"  scaling: {n} cues", file=sys.stderr)
        srt_path, vtt_path, yt_path, page_path = (WORK / f"scale_{n}.{x}" for x in ("srt", "vtt", "yt.vtt", "page.txt"))
        write_srt(srt_path, lines, n, span_ms=SRT_LIMIT_MS)
        write_vtt(vtt_path, lines, n, span_ms=SRT_LIMIT_MS)
        write_youtube(yt_path, lines, cues=n)
        write_page(page_path, lines, 2 * n + 8)

        def reader(fmt: str, path: Path) -> Callable[[], object]:
            """Reading ``path`` (its text is read first, and is freed with the call when the stage ends)."""
            text = path.read_text(encoding="utf-8")
            return lambda: formats.get(fmt).read(text, Report())

        # each stage runs with as little else in memory as it can: a text only during its read
        record("read vtt", reader("vtt", vtt_path))
        track = record("read srt", reader("srt", srt_path))
        if track is not None:
            # the machine's own growth: touching each cue once (what every no-op step must do)
            # costs more per cue when a million of them no longer fit in the processor's caches
            cues = track.cues  # type: ignore[attr-defined]
            record("baseline: each cue's start, once", lambda c=cues: sum(map(_START, c)))  # type: ignore[misc]
            # ... and making one small object per cue (what every reader must do)
            record("baseline: a new tuple per cue", lambda c=cues: list(map(_START_END_LINES, c)))  # type: ignore[misc]
        for fmt in ("srt", "vtt"):
            if track is None:
                stages.setdefault(f"write {fmt}", []).append("no track")
                continue
            fmt_write = formats.get(fmt).write
            assert fmt_write is not None
            record(f"write {fmt}", lambda w=fmt_write, t=track: w(t, WriteOptions(), Report()))  # type: ignore[misc]
        # timed input through every step: each must be a no-op and fast
        ctx_timed = Context("srt", Options())
        for name in step_names():
            if track is None:
                break
            step = load_step(name)
            record(f"{name} (timed, no-op)", lambda s=step, t=track, c=ctx_timed: s(t, c, Report()))  # type: ignore[misc]
        # each later stage runs without the earlier stages' tracks in memory
        track = cues = None
        gc.collect()
        # ASS times stop at 9:59:59.99: a track that fits (as dense at every size: 10 hours at the largest)
        ass_path = WORK / f"scale_{n}_10h.srt"
        write_srt(ass_path, lines, n, span_ms=ASS_LIMIT_MS * n // max(sizes))
        try:
            source = formats.get("srt").read(ass_path.read_text(encoding="utf-8"), Report())
        except Exception:
            source = None
        ass_write = formats.get("ass").write
        if source is None or ass_write is None:
            stages.setdefault("write ass", []).append("no track")
        else:
            record("write ass", lambda w=ass_write, t=source: w(t, WriteOptions(), Report()))  # type: ignore[misc]
        source = None
        gc.collect()
        yt = record("read vtt (YouTube rolling)", reader("vtt", yt_path))
        if yt is not None:
            dd = load_step("dedupe", "rolling")
            record("dedupe (YouTube rolling)", lambda t=yt, d=dd: d(t, Context("vtt", Options()), Report()))  # type: ignore[misc]
        yt = None
        gc.collect()
        page = record("read page", reader("page", page_path))
        # the page's cues are timed into a duration proportional to the size, 99 hours at the
        # largest (a 2M-line page read at a speaking pace would last longer than SRT can write;
        # see SRT_LIMIT_MS): every size then has the same density of cues
        ctx_page = Context("page", Options(duration_ms=SRT_LIMIT_MS * n // max(sizes)))
        for name in step_names():
            if page is None:
                break
            step = load_step(name)
            page = record(f"{name} (page)", lambda s=step, t=page, c=ctx_page: s(t, c, Report()))  # type: ignore[misc]
        if page is not None:
            srt_write = formats.get("srt").write
            assert srt_write is not None
            record("write srt (page)", lambda t=page, w=srt_write: w(t, WriteOptions(), Report()))  # type: ignore[misc]
        del track, yt, page
        gc.collect()

    head = (
        "| stage | "
        + " | ".join(f"{n:,} (s)" for n in sizes)
        + " | "
        + " | ".join(f"x{sizes[i + 1] // sizes[i]} ratio" for i in range(len(sizes) - 1))
        + " |"
    )
    out = [head, "|" + " --- |" * (1 + 2 * len(sizes) - 1)]
    for name, vals in stages.items():
        cells = [f"{v:.4f}" if isinstance(v, float) else str(v) for v in vals]
        cells += [""] * (len(sizes) - len(cells))
        ratios = []
        for i in range(len(sizes) - 1):
            a, b = (vals[i], vals[i + 1]) if i + 1 < len(vals) else (None, None)
            if isinstance(a, float) and isinstance(b, float) and a > 0:
                flag = "" if b / a <= 11 or b < 0.05 else " (!)"
                ratios.append(f"{b / a:.1f}{flag}")
            else:
                ratios.append("-")
        out.append(f"| {name} | " + " | ".join(cells + ratios) + " |")
    return "\n".join(out)


# --------------------------------------------------------------------------- import time


def import_time(runs: int) -> tuple[float, float, str]:
    """(median ``python -c 'import subconv'`` wall s, same for ``pass``, the heaviest imports)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    walls = []
    base = []
    for _ in range(runs):
        base.append(run_process([PY, "-c", "pass"])[0])
        walls.append(run_process([PY, "-c", "import subconv"])[0])
    proc = subprocess.run(
        [PY, "-X", "importtime", "-c", "import subconv"], capture_output=True, text=True, env=env, cwd=ROOT, check=False
    )
    rows = []
    for line in proc.stderr.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)", line)
        if m:
            rows.append((int(m.group(2)), len(m.group(3)), m.group(4)))
    # -X importtime prints a module after its imports: subconv's own subtree is the run of
    # deeper-indented rows just before the "subconv" row.
    idx = next((i for i, r in enumerate(rows) if r[2] == "subconv"), None)
    total = rows[idx][0] if idx is not None else 0
    subtree = []
    if idx is not None:
        level = rows[idx][1]
        j = idx - 1
        while j >= 0 and rows[j][1] > level:
            subtree.append(rows[j])
            j -= 1
    top = sorted(subtree, reverse=True)[:8]
    lines = [f"`import subconv` (cumulative, -X importtime): {total / 1000:.1f} ms; heaviest imports under it:"]
    lines += [f"- {n}: {c / 1000:.1f} ms" for c, _, n in top]
    return median(walls), median(base), "\n".join(lines)


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    """Generate the inputs, run everything, print the Markdown report."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small inputs and 3 runs (a smoke run)")
    ap.add_argument("--runs", type=int, default=None, help="runs per measurement (default 5, --quick 3)")
    ap.add_argument("--scale-runs", type=int, default=None, help="runs per stage in the scaling table (default 3)")
    ap.add_argument("--sizes", default=None, help="comma-separated cue counts for the scaling table")
    ap.add_argument("--cues", type=int, default=None, help="cues in the conversion inputs (default 100000)")
    ap.add_argument("--page-lines", type=int, default=None, help="lines of the caption page (default 100000)")
    ap.add_argument("--no-scaling", action="store_true", help="skip the scaling table")
    ap.add_argument("--only", default=None, help="comma-separated task names to run (see the table)")
    ap.add_argument("--film", type=Path, default=FILM, help="the film SRT file the film input repeats")
    args = ap.parse_args(argv)
    runs = args.runs or (3 if args.quick else 5)
    cues = args.cues or (5_000 if args.quick else 100_000)
    page_lines = args.page_lines or (5_000 if args.quick else 100_000)
    default_sizes = [1_000, 10_000] if args.quick else [10_000, 100_000, 1_000_000]
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else default_sizes
    os.environ["PYTHONPATH"] = str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")
    # the runs import subconv from this tree: compile its bytecode first, as installing a package
    # does (with PYTHONDONTWRITEBYTECODE set, every run would otherwise compile every module)
    compileall.compile_dir(ROOT / "subconv", quiet=1)
    WORK.mkdir(parents=True, exist_ok=True)
    out_dir = WORK / "out"
    out_dir.mkdir(exist_ok=True)

    lines = corpus_lines()
    print(f"{len(lines)} real caption lines from {SHARED / 'corpus' / 'timed'}", file=sys.stderr)
    srt_in = WORK / f"in_{cues}.srt"
    vtt_in = WORK / f"in_{cues}.vtt"
    yt_in = WORK / "youtube_1h.vtt"
    page_in = WORK / f"page_{page_lines}.txt"
    write_srt(srt_in, lines, cues)
    srt_10h = WORK / f"in_{cues}_10h.srt"
    write_srt(srt_10h, lines, cues, span_ms=ASS_LIMIT_MS)
    write_vtt(vtt_in, lines, cues)
    yt_cues = write_youtube(yt_in, lines, seconds=3600 if not args.quick else 600)
    bullets = write_page(page_in, lines, page_lines)
    film_in = WORK / f"film_{cues}.srt"
    write_film_srt(film_in, cues, args.film)

    film_tools = tools_for("film2vtt", film_in, out_dir, "vtt")
    film_tools = [t for t in film_tools if t.name in ("subconv", "pysubs2", "ffmpeg")]
    tasks: list[tuple[str, list[Tool], str]] = [
        (f"{cues // 1000}k SRT -> VTT", tools_for("srt2vtt", srt_in, out_dir, "vtt"), ""),
        (f"{cues // 1000}k SRT -> ASS", tools_for("srt2ass", srt_10h, out_dir, "ass"), ""),
        (f"{cues // 1000}k VTT -> SRT", tools_for("vtt2srt", vtt_in, out_dir, "srt"), ""),
        ("YouTube auto-captions -> SRT", tools_for("yt2srt", yt_in, out_dir, "srt"), "no de-duplication"),
        (f"{page_lines // 1000}k-line page -> SRT", tools_for("page2srt", page_in, out_dir, "srt", page=True), ""),
        (f"{cues // 1000}k film SRT -> VTT", film_tools, ""),
    ]
    only = set(args.only.split(",")) if args.only else None
    rows: list[Row] = []
    for i, (name, tools, note) in enumerate(tasks):
        if only is not None and str(i) not in only and name not in only:
            continue
        rows += measure(name, tools, runs, note)

    print("# subconv conversion benchmark\n")
    print(
        f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; median of {runs} runs; "
        "inputs generated from real caption text."
    )
    print(
        f"Inputs: {cues:,}-cue SRT ({srt_in.stat().st_size / 1e6:.1f} MB) and VTT; YouTube rolling auto-captions "
        f"({yt_cues:,} cues, {yt_in.stat().st_size / 1e6:.1f} MB); caption page of {page_lines:,} lines "
        f"({bullets:,} bullets, {page_in.stat().st_size / 1e6:.1f} MB); film: {cues:,} cues of {args.film.name} "
        f"repeated ({film_in.stat().st_size / 1e6:.1f} MB).\n"
    )
    print("## Conversions\n")
    print(conversion_table(rows))
    print()
    if not args.no_scaling:
        print("## Scaling (in-process, subconv stages; median of the scale runs)\n")
        try:
            print(scaling(lines, sizes, args.scale_runs or (2 if args.quick else 3)))
        except Exception:
            print("scaling failed:\n```\n" + traceback.format_exc() + "```")
        print()
    print("## Import\n")
    imp, base, detail = import_time(runs)
    print(
        f"`python -c 'import subconv'`: {imp * 1000:.0f} ms (bare interpreter {base * 1000:.0f} ms, "
        f"so import costs {(imp - base) * 1000:.0f} ms)\n"
    )
    print(detail)
    print()
    print("## Goals (issue 7)\n")
    print(goals(rows, imp - base))
    return 0


def goals(rows: list[Row], import_s: float) -> str:
    """The issue's targets, checked."""

    def get(task: str, tool: str) -> Row | None:
        """The row of ``tool`` on the task named ``task`` after its size ("100k ")."""
        for r in rows:
            if r.task.partition(" ")[2] == task and r.tool == tool and r.error is None and r.wall:
                return r
        return None

    out = []
    sc, ff, ps = get("SRT -> VTT", "subconv"), get("SRT -> VTT", "ffmpeg"), get("SRT -> VTT", "pysubs2")
    # the verdicts rest on the ratios of the runs taken in turn (a busy machine slows both of a pair)
    if sc and ff:
        a, b, r = median(sc.wall), median(ff.wall), paired_ratio(sc, ff)
        verdict = "PASS" if r <= 1 else "FAIL"
        out.append(f"- SRT -> VTT <= ffmpeg: {a:.3f} s vs {b:.3f} s; run by run {r:.3f} x: {verdict}")
    if sc and ps:
        a, b, r = median(sc.wall), median(ps.wall), paired_ratio(sc, ps)
        verdict = "PASS" if r <= 0.25 else "FAIL"
        out.append(f"- SRT -> VTT <= 0.25 x pysubs2: {a:.3f} s vs {b:.3f} s; run by run {r:.3f} x: {verdict}")
        ma, mb = max(sc.rss_kb) / 1024, max(ps.rss_kb) / 1024
        verdict = "PASS" if ma <= mb else "FAIL"
        out.append(f"- peak memory <= pysubs2 (SRT -> VTT): {ma:.0f} MB vs {mb:.0f} MB: {verdict}")
    fs, ff_film = get("film SRT -> VTT", "subconv"), get("film SRT -> VTT", "ffmpeg")
    if fs and ff_film:
        a, b, r = median(fs.wall), median(ff_film.wall), paired_ratio(fs, ff_film)
        verdict = "PASS" if r <= 1 else "FAIL"
        out.append(f"- film SRT -> VTT <= ffmpeg: {a:.3f} s vs {b:.3f} s; run by run {r:.3f} x: {verdict}")
    pg = next((r for r in rows if r.task.endswith("page -> SRT") and r.error is None and r.wall), None)
    if pg:
        a = median(pg.wall)
        out.append(f"- {pg.task} <= 3 s: {a:.3f} s: {'PASS' if a <= 3 else 'FAIL'}")
    out.append(f"- import subconv <= 100 ms: {import_s * 1000:.0f} ms: {'PASS' if import_s <= 0.1 else 'FAIL'}")
    out.append("- every step linear: see the ratios in the scaling table (goal <= 11; (!) marks a miss)")
    return "\n".join(out)


if __name__ == "__main__":
    raise SystemExit(main())

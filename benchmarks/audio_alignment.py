"""Benchmark: cue-start accuracy of audio alignment on real speech, side by side with other tools.

For each real-speech set x condition of ``tests/align/realspeech.py`` (built at
run time from ../shared/corpus/speech), the cue texts are written as a plain
caption page (one cue per line) and timed by:

* ``subconv --aligner X`` for each X the checked-out CLI offers (``--aligner``
  in ``subconv convert --help``); where it offers none, plain ``--media``,
  labelled ``vad (today)``;
* ``text-only``: ``subconv convert --duration SECONDS`` (the length known, no audio);
* ``aeneas`` (``aeneas-ng``: TTS + DTW) through ``python -m aeneas.tools.execute_task``,
  as it comes and with its non-speech removal (``REMOVE``, begins at speech);
* ``naive-pocketsphinx``: :func:`naive_pocketsphinx`, a ~60-line windowed aligner:
  each cue force-aligned on its own in a window around a proportional prior;
* sync: the true SRT distorted (x 25/23.976 drift, +2.5 s, and from the middle
  on 4 s later, as if the audio had lost 4 s) and re-timed by ``subconv sync``
  and by ``ffsubsync``.

Reported per row: median, p90 and share within 0.3 s of the absolute cue-start
error, over all cues and over the cues whose reference is independent (see
realspeech.py), cues missing from the output, and wall seconds per hour of
audio (whole process: decode + align).  Wall times taken on a shared machine
are noisy.  ``--quick``: one set, one condition.  ``--memory``: also the most memory each
method's commands held at once (:class:`Peak`: PSS summed over the process tree, from /proc).
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import importlib
import itertools
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "align"))

import numpy as np  # noqa: E402

if TYPE_CHECKING:
    from tests.align import realspeech as rs
else:
    rs = importlib.import_module("realspeech")  # tests/align/realspeech.py: the evaluation sets

RATE = rs.RATE
WITHIN = 0.3
#: ``--credits``: lines nobody says, as real subtitle files carry them before the speech and after
#: it (a film's SRT in ../shared/corpus/timed opens and ends with the first); scored are the
#: spoken cues only
CREDITS = ("Downloaded From www.AllSubs.org", "Subtitles by the Example Captioning Team")


# --------------------------------------------------------------------------- SRT in and out


def srt_time(t: float) -> str:
    ms = max(0, round(t * 1000))
    h, r = divmod(ms, 3_600_000)
    m, r = divmod(r, 60_000)
    s, r = divmod(r, 1000)
    return f"{h:02}:{m:02}:{s:02},{r:03}"


def write_srt(path: Path, cues: list[tuple[float, float, str]]) -> None:
    blocks = [f"{i}\n{srt_time(a)} --> {srt_time(b)}\n{t}\n" for i, (a, b, t) in enumerate(cues, 1)]
    path.write_text("\n".join(blocks), encoding="utf-8")


_TS = re.compile(r"(\d+):(\d{2}):(\d{2})[,.](\d{3})")


def read_srt(path: Path) -> list[tuple[float, str]]:
    """(start s, text) of each cue: a small parser of its own."""
    out = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")):
        lines = block.strip("\n").split("\n")
        for i, line in enumerate(lines):
            m = _TS.search(line)
            if m and "-->" in line:
                h, mi, s, ms = map(int, m.groups())
                out.append((h * 3600 + mi * 60 + s + ms / 1000, " ".join(lines[i + 1 :])))
                break
    return out


def match_starts(truth: list[str], got: list[tuple[float, str]]) -> list[float | None]:
    """Each reference cue's start in the output, matched by text in order (None: missing)."""
    a = [" ".join(rs.tokens(t)) for t in truth]
    b = [" ".join(rs.tokens(t)) for _, t in got]
    out: list[float | None] = [None] * len(a)
    for blk in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        for k in range(blk.size):
            out[blk.a + k] = got[blk.b + k][0]
    if all(x is None for x in out) and len(got) == len(a):  # texts rewritten beyond matching: by order
        out = [g[0] for g in got]
    return out


# --------------------------------------------------------------------------- scores


@dataclass
class Row:
    set: str
    condition: str
    method: str
    truth: str
    errors: list[float] = field(default_factory=list)  # inf where missing
    independent: list[bool] = field(default_factory=list)
    wall: float | None = None
    duration: float = 0.0
    note: str = ""
    flagged: list[bool] | None = None  # per scored cue: reported as placed with low confidence (subconv)
    peak_mb: float | None = None  # --memory: the most memory the method's commands held (Peak)

    def stats(self, only_independent: bool = False) -> tuple[int, float, float, float] | None:
        e = [x for x, ind in zip(self.errors, self.independent, strict=True) if ind or not only_independent]
        if not e:
            return None
        p90 = float(np.percentile(np.minimum(e, 1e9), 90))  # a missing cue (inf) counts as the worst
        return len(e), statistics.median(e), math.inf if p90 >= 1e6 else p90, sum(x <= WITHIN for x in e) / len(e)

    @property
    def missing(self) -> int:
        return sum(math.isinf(x) for x in self.errors)

    @property
    def s_per_hour(self) -> float | None:
        return None if self.wall is None or not self.duration else self.wall * 3600 / self.duration


def _f(x: float) -> str:
    return "∞" if math.isinf(x) else f"{x:.2f}"


def fmt_stats(s: tuple[int, float, float, float] | None) -> str:
    return "–" if s is None else f"{_f(s[1])} / {_f(s[2])} / {s[3]:.0%}"


# --------------------------------------------------------------------------- the tools


class Peak:
    """``--memory``: the most memory any command run since :meth:`reset` held at once (MB: the
    proportional set size, PSS, summed over the process and every process under it, read from
    ``/proc`` every 0.1 s; forked children share their parent's pages, which PSS counts once)."""

    on = False
    mb: float | None = None

    @classmethod
    def reset(cls) -> None:
        cls.mb = None

    @classmethod
    def sample(cls, root: int) -> None:
        parent: dict[int, int] = {}
        for d in os.listdir("/proc"):
            if d.isdigit():
                with contextlib.suppress(OSError, ValueError, IndexError):
                    parent[int(d)] = int(Path(f"/proc/{d}/stat").read_text().rsplit(")", 1)[1].split()[1])
        tree, new = {root}, {root}
        while new:
            new = {p for p, pp in parent.items() if pp in new} - tree
            tree |= new
        kb = 0
        for pid in tree:
            with contextlib.suppress(OSError):
                m = re.search(r"^Pss:\s+(\d+)", Path(f"/proc/{pid}/smaps_rollup").read_text(), re.M)
                kb += int(m[1]) if m else 0
        cls.mb = max(cls.mb or 0.0, kb / 1024)


def run(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> tuple[float, str]:
    t0 = time.perf_counter()
    if Peak.on:
        with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
            proc = subprocess.Popen(cmd, stdout=out, stderr=err, text=True, cwd=cwd, env=env)
            while proc.poll() is None:
                Peak.sample(proc.pid)
                time.sleep(0.1)
            wall = time.perf_counter() - t0
            out.seek(0)
            err.seek(0)
            r = subprocess.CompletedProcess(cmd, proc.returncode, out.read(), err.read())
    else:
        r = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=env, check=False)
        wall = time.perf_counter() - t0
    if r.returncode != 0:
        raise RuntimeError((r.stderr.strip().splitlines() or ["exit " + str(r.returncode)])[-1][:120])
    return wall, r.stdout


class Subconv:
    """The CLI of a checkout (``python -m subconv`` from its root)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.env = {**os.environ, "PYTHONPATH": str(root)}
        help_convert = self._help("convert")
        help_sync = self._help("sync")
        self.aligners = self._choices(help_convert)
        self.sync_aligners = self._choices(help_sync)

    def _help(self, cmd: str) -> str:
        return run([sys.executable, "-m", "subconv", cmd, "--help"], cwd=self.root, env=self.env)[1]

    @staticmethod
    def _choices(text: str) -> list[str]:
        m = re.search(r"--aligner \{([^}]*)\}", text)
        return m.group(1).split(",") if m else []

    def cmd(self, *args: str) -> float:
        return run([sys.executable, "-m", "subconv", *args], cwd=self.root, env=self.env)[0]


def naive_pocketsphinx(
    wav: Path, texts: list[str], duration: float, before: float = 0.5, after: float = 3.0
) -> list[float]:
    """The naive baseline: each cue force-aligned in a window around a proportional prior.

    Each cue's span is its share of the duration by length in characters.  The
    window of cue i starts ``before`` seconds before where cue i-1 was placed
    (the first: at 0) and reaches 1.5 times the spans of cues i-1, i and i+1 plus
    ``after`` seconds; the three cues' words are force-aligned in it (so that the
    neighbours' speech is not forced onto cue i) and cue i starts at its first
    word.  A cue pocketsphinx cannot align gets the prior.  No global pass, no
    retry, no confidence: one bad placement carries on to the next cue.
    """
    import pocketsphinx

    audio = rs.read_wav(wav) if wav.suffix == ".wav" else rs.decode(wav)
    dec = pocketsphinx.Decoder(samprate=RATE, loglevel="FATAL")
    spans = [duration * max(1, len(t)) / sum(max(1, len(t)) for t in texts) for t in texts]
    words = [[w for x in rs.tokens(t) for w in spell(x).split() if dec.lookup_word(w)] for t in texts]
    starts: list[float] = []
    for i in range(len(texts)):
        prev = starts[-1] if starts else 0.0
        prior = prev + (spans[i - 1] if i else 0.0)
        lo = max(0.0, prev - before)
        hi = min(duration, prev + 1.5 * sum(spans[max(0, i - 1) : i + 2]) + after)
        ctx = words[max(0, i - 1) : i + 2]
        skip = sum(len(w) for w in ctx[: 1 if i else 0])  # cue i-1's words come first
        start = prior
        if words[i] and hi > lo:
            dec.set_align_text(" ".join(w for ws in ctx for w in ws))
            dec.start_utt()
            dec.process_raw(
                (np.clip(audio[int(lo * RATE) : int(hi * RATE)], -1, 1) * 32767).astype("<i2").tobytes(), full_utt=True
            )
            dec.end_utt()
            seg = [s for s in dec.seg() or [] if not s.word.startswith(("<", "["))]
            if len(seg) > skip:
                start = lo + seg[skip].start_frame / 100
        starts.append(start)
    return starts


_ONES = [
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"),
    *("thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"),
]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def spell(w: str) -> str:
    """A number spelt out (English, below 10,000); anything else as it is."""
    if not w.isdigit() or len(w) > 4:
        return w
    n = int(w)
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])
    if n < 1000:
        return _ONES[n // 100] + " hundred" + ("" if n % 100 == 0 else " " + spell(str(n % 100)))
    if 1100 < n < 2000 and n % 100:  # years: nineteen sixty-one
        return spell(str(n // 100)) + " " + spell(str(n % 100))
    return spell(str(n // 1000)) + " thousand" + ("" if n % 1000 == 0 else " " + spell(str(n % 1000)))


def aeneas_python(explicit: str | None) -> str | None:
    for cand in [explicit, os.environ.get("AENEAS_PYTHON"), "/tmp/benchvenv-aeneas/bin/python", sys.executable]:
        if cand and Path(cand).exists():
            r = subprocess.run([cand, "-c", "import aeneas.tools.execute_task"], capture_output=True, check=False)
            if r.returncode == 0:
                return cand
    return None


def run_aeneas(py: str, wav: Path, texts: list[str], lang: str, work: Path, remove: bool) -> tuple[float, list[float]]:
    txt, out = work / "aeneas.txt", work / "aeneas.json"
    txt.write_text("".join(t.replace("\n", " ") + "\n" for t in texts), encoding="utf-8")
    cfg = f"task_language={lang}|is_text_type=plain|os_task_file_format=json"
    if remove:
        cfg += "|task_adjust_boundary_nonspeech_min=0.500|task_adjust_boundary_nonspeech_string=REMOVE"
    wall, _ = run([py, "-m", "aeneas.tools.execute_task", str(wav), str(txt), cfg, str(out)])
    frags = json.loads(out.read_text())["fragments"]
    return wall, [float(f["begin"]) for f in frags if f.get("lines")]


def ffsubsync_exe(explicit: str | None) -> str | None:
    for cand in [explicit, os.environ.get("FFSUBSYNC"), shutil.which("ffsubsync"), "/tmp/benchvenv-ffs/bin/ffsubsync"]:
        if cand and Path(cand).exists():
            return cand
    return None


def distort(cues: list[rs.RefCue]) -> list[tuple[float, float, str]]:
    """x 25/23.976, +2.5 s, and from the middle on 4 s more (the audio lost 4 s there)."""
    half = len(cues) // 2
    k = 25 / 23.976
    return [
        (c.start * k + 2.5 + 4 * (i >= half), c.end * k + 2.5 + 4 * (i >= half), c.text) for i, c in enumerate(cues)
    ]


# --------------------------------------------------------------------------- one set


def truth_label(es: rs.EvalSet) -> str:
    n = sum(c.independent for c in es.cues)
    unscored = sum(not c.scored for c in es.cues)
    derived = len(es.cues) - n - unscored
    return f"{n} indep. / {derived} derived" + (f" / {unscored} unscored" if unscored else "")


def score(es: rs.EvalSet, method: str, starts: list[float | None], wall: float | None, note: str = "") -> Row:
    row = Row(es.name, es.condition, method, truth_label(es), wall=wall, duration=es.duration, note=note)
    for c, s in zip(es.cues, starts, strict=True):
        if not c.scored:  # its reference start cannot be trusted (tests/align/realspeech.py)
            continue
        row.errors.append(math.inf if s is None else abs(s - c.start))
        row.independent.append(c.independent)
    return row


def low_confidence(report: Path, n: int) -> list[bool] | None:
    """Per cue of a page of ``n`` lines (one cue a line): whether subconv's report warns that it
    was placed with low confidence; None when the report does not account for every cue."""
    entries = json.loads(report.read_text(encoding="utf-8"))["entries"]
    lines = [e["line"] for e in entries if e["step"] == "page" and e["action"] == "cue"]
    if len(lines) != n:
        return None
    at = {line: i for i, line in enumerate(lines)}
    out = [False] * n
    for e in entries:
        if e["step"] == "align" and e["action"] == "warning" and "low confidence" in e["reason"]:
            first = at[e["line"]]
            out[first : first + int(e["detail"]["cues"])] = [True] * int(e["detail"]["cues"])
    return out


def failed(es: rs.EvalSet, method: str, why: str) -> Row:
    return Row(es.name, es.condition, method, truth_label(es), note=why)


def evaluate(
    es: rs.EvalSet,
    tools: dict[str, object],
    work: Path,
    methods: set[str] | None,
    sync: bool = True,
    credits: str = "none",
) -> list[Row]:
    """Every method on one set; rows in a fixed order.  ``credits`` (none, before, after, both):
    :data:`CREDITS` on the page before the spoken text, after it, or both (every method that
    places a page gets them; ``sync`` is given the distorted SRT of the spoken cues as always)."""
    sc: Subconv = tools["subconv"]  # type: ignore[assignment]
    wav = es.wav()
    if tools.get("aac"):  # what real media holds: compressed audio
        m4a = work / (wav.stem + ".m4a")
        run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(wav), "-c:a", "aac", "-b:a", "96k", str(m4a)])
        wav = m4a
    page = work / "cues.txt"
    texts = [c.text for c in es.cues]
    lead = list(CREDITS) if credits in ("before", "both") else []
    tail = list(CREDITS[::-1]) if credits in ("after", "both") else []
    placed = [*lead, *texts, *tail]  # the page's lines; the scores are the spoken cues' (match_starts)
    page.write_text("".join(t + "\n" for t in placed), encoding="utf-8")
    rows: list[Row] = []

    def spoken(starts: list[float]) -> list[float | None]:
        """The starts of the spoken cues among the page's (one start per line of ``placed``)."""
        return list(starts[len(lead) : len(lead) + len(texts)]) if len(starts) == len(placed) else [None] * len(texts)

    def want(name: str) -> bool:
        return methods is None or any(name.startswith(m) for m in methods)

    def attempt(name: str, fn: Callable[[], Row]) -> None:
        if not want(name):
            return
        Peak.reset()
        try:
            rows.append(fn())
        except Exception as exc:  # a tool's failure is a row, not a crash
            rows.append(failed(es, name, f"failed: {exc}"))
        rows[-1].peak_mb = Peak.mb
        sph = rows[-1].s_per_hour
        wall = "" if sph is None else f" ({sph:.0f} s/h{'' if Peak.mb is None else f', {Peak.mb:.0f} MB'})"
        line = f"  {es.name} {es.condition} {name}: {fmt_stats(rows[-1].stats())}{wall} {rows[-1].note}"
        print(line, file=sys.stderr)

    def convert(label: str, *extra: str) -> Row:
        out, report = work / "out.srt", work / "report.json"
        out.unlink(missing_ok=True)
        # the page is the spoken text: the long set repeats its recordings, and so its lines, which
        # dedupe (on by default for pages) would take for a double capture
        wall = sc.cmd("convert", str(page), "--dedupe", "off", *extra, "-o", str(out), "--report", str(report))
        row = score(es, label, match_starts(texts, read_srt(out)), wall)
        flags = low_confidence(report, len(texts)) if not lead and not tail else None
        if flags is not None:
            row.flagged = [f for f, c in zip(flags, es.cues, strict=True) if c.scored]
        return row

    aligners: list[str | None] = [*sc.aligners] or [None]
    for a in aligners:
        label = f"subconv --aligner {a}" if a else "subconv vad (today)"

        def with_media(a: str | None = a, label: str = label) -> Row:
            return convert(label, "--media", str(wav), *(["--aligner", a] if a else []))

        attempt(label, with_media)
    attempt("text-only", lambda: convert("text-only", "--duration", f"{es.duration:.3f}"))

    def naive() -> Row:
        t0 = time.perf_counter()
        starts = naive_pocketsphinx(wav, placed, es.duration)
        return score(es, "naive-pocketsphinx", spoken(list(starts)), time.perf_counter() - t0)

    attempt("naive-pocketsphinx", naive)
    py = tools.get("aeneas")
    for remove in (False, True):
        label = "aeneas" + (" (non-speech removed)" if remove else "")
        if not py:
            if want(label):
                rows.append(failed(es, label, str(tools.get("aeneas_why"))))
            continue

        def aen(remove: bool = remove, label: str = label) -> Row:
            wall, starts = run_aeneas(str(py), wav, placed, "eng", work, remove)
            return score(es, label, spoken(list(starts)), wall)

        attempt(label, aen)
    if not sync:
        return rows
    dist = distort(es.cues)
    src = work / "distorted.srt"
    write_srt(src, dist)
    attempt("sync: distorted input", lambda: score(es, "sync: distorted input", [a for a, _, _ in dist], None))
    sync_aligners: list[str | None] = [*sc.sync_aligners] or [None]
    for a in sync_aligners:
        label = f"sync: subconv --aligner {a}" if a else "sync: subconv (today)"

        def sync_one(a: str | None = a, label: str = label) -> Row:
            out = work / "synced.srt"
            out.unlink(missing_ok=True)
            wall = sc.cmd("sync", str(src), "--media", str(wav), *(["--aligner", a] if a else []), "-o", str(out))
            return score(es, label, match_starts(texts, read_srt(out)), wall)

        attempt(label, sync_one)
    exe = tools.get("ffsubsync")
    if exe:

        def ffs() -> Row:
            out = work / "ffs.srt"
            out.unlink(missing_ok=True)
            wall, _ = run([str(exe), str(wav), "-i", str(src), "-o", str(out)])
            return score(es, "sync: ffsubsync", match_starts(texts, read_srt(out)), wall)

        attempt("sync: ffsubsync", ffs)
    elif want("sync: ffsubsync"):
        rows.append(failed(es, "sync: ffsubsync", "not installed (pip install ffsubsync)"))
    return rows


# --------------------------------------------------------------------------- other languages: no truth


def plausibility(es: rs.EvalSet, starts: list[float | None]) -> str:
    """Monotone?  Inside the audio?  Share of starts within 0.3 s of speech energy; the largest jump."""
    s = [x for x in starts if x is not None]
    if not s:
        return "no cue placed"
    missing = f"{len(starts) - len(s)} cues missing, " if len(s) < len(starts) else ""
    mono = all(b >= a - 1e-6 for a, b in itertools.pairwise(s))
    inside = all(0 <= x <= es.duration for x in s)
    mask = rs.active_runs(es.audio)
    near = [bool(mask[max(0, int((x - 0.3) / 0.005)) : int((x + 0.3) / 0.005) + 1].any()) for x in s]
    gaps = np.diff([0.0, *s, es.duration])
    return missing + (
        f"{'monotone' if mono else 'NOT monotone'}, {'inside' if inside else 'OUTSIDE the audio'}, "
        f"{sum(near) / len(near):.0%} at speech, largest gap {gaps.max():.1f} s"
    )


def other_languages(tools: dict[str, object], work: Path) -> list[tuple[str, str, str, str]]:
    sc: Subconv = tools["subconv"]  # type: ignore[assignment]
    out = []
    aligners: list[str | None] = [*sc.aligners] or [None]
    for es in rs.other_language_sets():
        page = work / "cues.txt"
        page.write_text(es.cue_page(), encoding="utf-8")
        texts = [c.text for c in es.cues]
        lang = str(es.extra["language"])
        for a in aligners:
            label = f"subconv --aligner {a}" if a else "subconv vad (today)"
            try:
                o = work / "out.srt"
                o.unlink(missing_ok=True)
                extra = ["--aligner", a, "--language", es.name] if a else []
                wall = sc.cmd("convert", str(page), "--dedupe", "off", "--media", str(es.wav()), *extra, "-o", str(o))
                res = plausibility(es, match_starts(texts, read_srt(o))) + f"; {wall * 3600 / es.duration:.0f} s/h"
            except Exception as exc:
                res = f"failed: {exc}"
            out.append((es.name, f"{len(texts)} cues, {es.duration:.0f} s", label, res))
        if tools.get("aeneas"):
            try:
                wall, starts = run_aeneas(str(tools["aeneas"]), es.wav(), texts, lang, work, True)
                res = plausibility(es, list(starts)) + f"; {wall * 3600 / es.duration:.0f} s/h"
            except Exception as exc:
                res = f"failed: {exc}"
            out.append((es.name, f"{len(texts)} cues, {es.duration:.0f} s", "aeneas (non-speech removed)", res))
    return out


# --------------------------------------------------------------------------- synthetic (eSpeak NG) extra


def synthetic_sets(work: Path) -> list[rs.EvalSet]:
    """The former benchmark's two short eSpeak NG sets: captions spoken at their true times over noise."""
    synth = importlib.import_module("synth")
    if not synth.TIMED.exists() or shutil.which("espeak-ng") is None:
        return []
    out = []
    for rel, minutes, voice, speed, noise, music in [
        ("3b1b/eigenvalues/en.captions.srt", 3, "en-us", 165, -45.0, (1500, 18500)),
        ("interviews-lectures/csfg-csfg_algorithms_race.en.vtt", 4, "en+f3", 180, -32.0, None),
    ]:
        truth = [t for t in synth.read_truth(synth.TIMED / rel, minutes * 60_000) if t.end > t.start]
        wav = work / (Path(rel).stem + ".synth.wav")
        synth.synthesise(truth, wav, voice=voice, speed=speed, noise_db=noise, music=music, seed=7)
        audio = rs.read_wav(wav)
        cues = [rs.RefCue(t.text, t.start / 1000, t.end / 1000, "synthetic", rel) for t in truth]
        es = rs.EvalSet(f"synth:{Path(rel).parent.name}", f"eSpeak {voice}, noise {noise:g} dB", audio, cues, [])
        es.path = wav
        out.append(es)
    return out


# --------------------------------------------------------------------------- output


def summary_table(rows: list[Row], conditions: list[str], only_independent: bool = False) -> list[str]:
    """Method x condition, all sets pooled: median / p90 / within 0.3 s (of the cues whose
    reference is independent of every method measured, with ``only_independent``)."""
    methods = list(dict.fromkeys(r.method for r in rows))
    head = "| method | " + " | ".join(conditions) + " |"
    lines = [head, "| --- " * (len(conditions) + 1) + "|"]
    for m in methods:
        cells = []
        for c in conditions:
            rs_ = [r for r in rows if r.method == m and r.condition == c]
            pooled = Row("", c, m, "", [e for r in rs_ for e in r.errors], [i for r in rs_ for i in r.independent])
            note = next((r.note for r in rs_ if r.note.startswith(("failed", "not"))), "")
            got = pooled.stats(only_independent) if pooled.errors else None
            cells.append(fmt_stats(got) if got is not None else (note[:40] or "–"))
        lines.append(f"| {m} | " + " | ".join(cells) + " |")
    return lines


def flagged_table(rows: list[Row], conditions: list[str]) -> list[str]:
    """subconv's methods x condition, all sets pooled: the cues it reported as placed with low
    confidence (share of the cues, and of those more than 0.3 s off), and the others' share
    within 0.3 s."""
    lines = ["| method | " + " | ".join(conditions) + " |", "| --- " * (len(conditions) + 1) + "|"]
    for m in dict.fromkeys(r.method for r in rows if r.flagged is not None):
        cells = []
        for c in conditions:
            pairs = [
                (e, f)
                for r in rows
                if r.method == m and r.condition == c and r.flagged
                for e, f in zip(r.errors, r.flagged, strict=True)
            ]
            off = [f for e, f in pairs if e > WITHIN]
            rest = [e for e, f in pairs if not f]
            if not pairs or not rest:
                cells.append("–")
                continue
            cells.append(
                f"{sum(f for _, f in pairs) / len(pairs):.0%} flagged, {sum(off)} of {len(off)} off; "
                f"rest {sum(e <= WITHIN for e in rest) / len(rest):.0%}"
            )
        lines.append(f"| {m} | " + " | ".join(cells) + " |")
    return lines


def detail_table(rows: list[Row]) -> list[str]:
    lines = [
        "| set | condition | method | all cues: median / p90 / ≤0.3 s | independent truth only | missing "
        "| s per hour | peak MB | truth | note |",
        "| --- " * 10 + "|",
    ]
    for r in rows:
        sph, mb = r.s_per_hour, r.peak_mb
        lines.append(
            f"| {r.set} | {r.condition} | {r.method} | {fmt_stats(r.stats())} | {fmt_stats(r.stats(True))} | "
            f"{r.missing if r.errors else '–'} | {'–' if sph is None else f'{sph:.0f}'} | "
            f"{'–' if mb is None else f'{mb:.0f}'} | {r.truth} | {r.note} |"
        )
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="one set (en-a), one condition (clean), no long set")
    ap.add_argument("--out", type=Path, help="also write the Markdown tables to this file")
    ap.add_argument("--sets", default=",".join(rs.SETS), help="comma-separated; none: only the scaling set")
    ap.add_argument("--conditions", default=",".join(rs.CONDITIONS))
    ap.add_argument("--methods", help="comma-separated prefixes of the method names to run (default: all)")
    ap.add_argument("--seeds", default="13", help="comma-separated: each set mixed with each seed (13: the first mix)")
    ap.add_argument("--level", choices=rs.LEVELS, default="power", help="how recordings and noise are levelled")
    ap.add_argument(
        "--music",
        type=Path,
        help="a recording to take noise10-music's music bed from (e.g. one of Debian's asc-music, "
        f"{rs.RECORDED_MUSIC}), rather than the synthesised one",
    )
    ap.add_argument("--long", type=float, default=20.0, help="minutes of the scaling set (0: none)")
    ap.add_argument("--no-other-languages", action="store_true")
    ap.add_argument("--aac", action="store_true", help="give every tool the audio as AAC 96 kb/s (.m4a)")
    ap.add_argument("--synthetic", action="store_true", help="also the eSpeak NG sets of the former benchmark")
    ap.add_argument("--subconv", type=Path, default=ROOT, help="the subconv checkout to run (default: this one)")
    ap.add_argument("--aeneas-python", help="a Python with aeneas-ng (default: $AENEAS_PYTHON, a venv, this one)")
    ap.add_argument("--ffsubsync", help="the ffsubsync executable (default: $FFSUBSYNC, PATH, a venv)")
    ap.add_argument("--memory", action="store_true", help="also each method's peak memory (Linux: /proc)")
    ap.add_argument(
        "--credits",
        choices=("none", "before", "after", "both"),
        default="none",
        help="lines nobody says on each page before the spoken text, after it, or both (scored: the spoken cues)",
    )
    args = ap.parse_args()
    Peak.on = args.memory
    if not rs.available():
        print(f"skipped: needs numpy, ffmpeg and {rs.SPEECH.resolve()}")
        return 0
    sets = ["en-a"] if args.quick else [s for s in args.sets.split(",") if s and s != "none"]
    conditions = ["clean"] if args.quick else args.conditions.split(",")
    methods = set(args.methods.split(",")) if args.methods else None
    tools: dict[str, object] = {"subconv": Subconv(args.subconv.resolve())}
    tools["aeneas"] = aeneas_python(args.aeneas_python)
    tools["aeneas_why"] = "not installed: pip install aeneas-ng (needs festival-dev libestools-dev to build)"
    tools["ffsubsync"] = ffsubsync_exe(args.ffsubsync)
    tools["aac"] = args.aac
    rows: list[Row] = []
    long_rows: list[Row] = []
    other: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as td:
        work = Path(td)
        for name, seed in itertools.product(sets, [int(x) for x in args.seeds.split(",")]):
            for cond in conditions:
                es = rs.build(name, cond, seed=seed, level=args.level, music_file=args.music)
                print(
                    f"{es.name} {cond}: {es.duration:.0f} s, {len(es.cues)} cues ({es.truth_sources()})",
                    file=sys.stderr,
                )
                rows += evaluate(es, tools, work, methods, credits=args.credits)
        if args.long and not args.quick:
            es = rs.long_set(args.long)
            print(f"{es.name}: {es.duration:.0f} s, {len(es.cues)} cues", file=sys.stderr)
            long_rows = evaluate(es, tools, work, methods)
        if args.synthetic:
            for es in synthetic_sets(work):
                rows += evaluate(es, tools, work, methods)
        if not args.quick and not args.no_other_languages:
            other = other_languages(tools, work)
    sc: Subconv = tools["subconv"]  # type: ignore[assignment]
    head = "?"
    with contextlib.suppress(Exception):
        git = ["git", "-C", str(sc.root), "log", "-1", "--format=%h %s"]
        rev = subprocess.run(git, capture_output=True, text=True, check=False)
        head = rev.stdout.strip()
        status = ["git", "-C", str(sc.root), "status", "--porcelain", "--untracked-files=no", "--", "subconv"]
        if subprocess.run(status, capture_output=True, text=True, check=False).stdout.strip():
            head += "` with uncommitted changes to `subconv/"  # the figures are not that commit's
    out = [
        "# Audio alignment benchmark",
        "",
        f"subconv checkout: `{head}`; aligners offered: {', '.join(sc.aligners) or 'none (plain --media)'}; "
        f"aeneas: {'yes' if tools['aeneas'] else 'no'}; ffsubsync: {'yes' if tools['ffsubsync'] else 'no'}.",
        "Cue-start error in seconds: median / p90 / share within 0.3 s. Sets and truth: tests/align/realspeech.py.",
        "",
    ]
    if rows:
        conds = list(dict.fromkeys(r.condition for r in rows))
        out += ["## All sets pooled, by condition", "", *summary_table(rows, conds)]
        out += [
            "",
            "## All sets pooled, by condition: cues with an independent reference only",
            "",
            "(the sonnet's aeneas map + energy onsets and the MFA TextGrid's utterance starts: not derived from a",
            "pocketsphinx alignment of the clean recording, as the other cues' references are; see",
            "tests/align/realspeech.py)",
            "",
            *summary_table(rows, conds, only_independent=True),
        ]
        if any(r.flagged is not None for r in rows):
            out += [
                "",
                "## Cues subconv reported as placed with low confidence (all sets pooled)",
                "",
                "(the share of the cues flagged; of the cues more than 0.3 s off, how many were flagged; the",
                "share of the cues not flagged within 0.3 s)",
                "",
                *flagged_table(rows, conds),
            ]
        out += ["", "## Per set", "", *detail_table(rows)]
    if long_rows:
        out += [
            "",
            f"## Scaling: {long_rows[0].set} ({long_rows[0].duration / 60:.1f} min)",
            "",
            *detail_table(long_rows),
        ]
    if other:
        out += ["", "## Other languages (no reference: plausibility only)", "", "| set | size | method | result |"]
        out += ["| --- | --- | --- | --- |", *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in other]]
    text = "\n".join(out) + "\n"
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

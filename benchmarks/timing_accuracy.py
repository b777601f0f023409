"""How close does the timing model put cues to where they really are?

Usage: ``python benchmarks/timing_accuracy.py DIR... [--csv FILE]``

For every timed subtitle file (``.srt``, ``.vtt``, ``.ass``/``.ssa``) under the
directories, the times are stripped and estimated again by subconv's ``time``
step, in four scenarios:

* ``dur``: the true duration is given (the last cue's end);
* ``rate``: nothing is given (speaking rate alone) -- reported as the
  estimated total length against the real one;
* ``anch1``: every cue's start is stamped to the second (floored), as a page
  with a stamp per caption; ``anch4``: every fourth cue stamped.

Next to it, two baselines computed in the same run: Subtitle Edit's
plain-text import (characters / 15 cps, each cue clamped to 1-8 s, 24 ms gaps,
from 0) and time proportional to characters (scaled to the true duration).

Errors are measured by words: every word gets a true start (interpolated by
characters within its true cue) and an estimated start (likewise within its
estimated cue); the error of a cue is that of its first word.  The per-file
figure is the median absolute error; the overall figure is the median of the
per-file medians, per group.
"""

from __future__ import annotations

import argparse
import difflib
import itertools
import re
import statistics
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from subconv.model import Cue, Track  # noqa: E402
from subconv.options import Options  # noqa: E402
from subconv.pipeline import Context  # noqa: E402
from subconv.report import Report  # noqa: E402
from subconv.steps.time import estimate_with  # noqa: E402
from subconv.timing import DEFAULT, Params  # noqa: E402

EXTS = (".srt", ".vtt", ".ass", ".ssa")
#: talks the parameters were fitted on; every other file is held out
TRAIN = ("3b1b/bitcoin/", "3b1b/eigenvalues/", "3b1b/neural-networks/")
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]|\w+")
_TAGS = re.compile(r"<[^<>]{0,200}>|\{[^{}]{0,500}\}")


def load(path: Path) -> Track:
    """Read a timed file with subconv (falling back to pysubs2 while readers are missing)."""
    track: Track | None = None
    try:
        import subconv

        t = subconv.read(path)
        if len(t.cues) and t.timed:
            track = t
    except Exception:
        track = None
    if track is None:
        import pysubs2

        subs = pysubs2.load(str(path), encoding=_encoding(path))
        cues = []
        for ev in subs.events:
            if ev.is_comment:
                continue
            text = _TAGS.sub("", ev.text.replace("\\N", "\n").replace("\\n", "\n").replace("\\h", " ")).strip()
            if not text:
                continue
            cues.append(Cue(ev.start, ev.end, tuple(x.strip() for x in text.split("\n") if x.strip())))
        track = Track(tuple(cues))
    cues = sorted((c for c in track.cues if c.text.strip() and c.start is not None), key=lambda c: c.start or 0)
    lang = path.name.split(".")[0]
    return Track(tuple(cues), language=lang if len(lang) == 2 else None)


def _encoding(path: Path) -> str:
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "cp1252"):
        try:
            raw.decode(enc)
            return enc
        except UnicodeDecodeError:
            continue
    return "latin-1"


def strip(track: Track, stamp_every: int = 0) -> Track:
    """The track without times; with ``stamp_every`` = k, every k-th cue keeps its start floored to the second."""
    out = []
    for i, c in enumerate(track.cues):
        if stamp_every and i % stamp_every == 0 and c.start is not None:
            out.append(c.replace(start=c.start // 1000 * 1000, end=None, extras=c.extras.set("timing", "anchor")))
        else:
            out.append(c.replace(start=None, end=None, extras=c.extras.without("timing")))
    return track.with_cues(out)


def word_starts(cues: Iterable[tuple[str, int, int]]) -> tuple[list[str], list[float], list[int]]:
    """Tokens, their interpolated start times, and the token index of each cue's first word."""
    toks: list[str] = []
    times: list[float] = []
    firsts: list[int] = []
    for text, start, end in cues:
        firsts.append(len(toks))
        n = max(1, len(text))
        for m in _TOKEN.finditer(text):
            toks.append(m.group().lower())
            times.append(start + (end - start) * m.start() / n)
    return toks, times, firsts


def start_errors(true: Track, est: list[tuple[str, int, int]]) -> list[float]:
    """Absolute start error (ms) at the first word of every estimated cue."""
    t_toks, t_times, _ = word_starts((c.text, c.start or 0, c.end or 0) for c in true.cues)
    e_toks, e_times, e_firsts = word_starts(est)
    if t_toks == e_toks:
        mapping = list(range(len(e_toks)))
    else:
        mapping = [-1] * len(e_toks)
        sm = difflib.SequenceMatcher(None, e_toks, t_toks, autojunk=False)
        for a, b, size in sm.get_matching_blocks():
            for k in range(size):
                mapping[a + k] = b + k
    errs = []
    nxt = [k for k in e_firsts if k < len(e_toks)]
    for k in nxt:
        j = mapping[k]
        if j >= 0:
            errs.append(abs(e_times[k] - t_times[j]))
    return errs


def subconv_times(track: Track, options: Options, params: Params = DEFAULT) -> list[tuple[str, int, int]]:
    """Run subconv's ``time`` step; (text, start, end) per cue."""
    out = estimate_with(track, Context("page", options), Report(), params)
    return [(c.text, c.start or 0, c.end or 0) for c in out.cues]


def se_import(track: Track, duration: int | None = None) -> list[tuple[str, int, int]]:
    """Subtitle Edit-style plain-text import: chars / 15 cps, clamped to 1-8 s, 24 ms gaps, from 0.

    With ``duration``, every time is then scaled so that the last cue ends there.
    """
    out = []
    t = 0
    for c in track.cues:
        dur = min(8000, max(1000, round(len(c.text.replace("\n", "")) * 1000 / 15)))
        out.append((c.text, t, t + dur))
        t += dur + 24
    if duration is not None and out:
        k = duration / out[-1][2]
        out = [(text, round(a * k), round(b * k)) for text, a, b in out]
    return out


def proportional(track: Track, duration: int) -> list[tuple[str, int, int]]:
    """Time proportional to characters, scaled to ``duration``."""
    lens = [max(1, len(c.text.replace("\n", ""))) for c in track.cues]
    total = sum(lens)
    out = []
    t = 0.0
    for c, n in zip(track.cues, lens, strict=True):
        d = duration * n / total
        out.append((c.text, round(t), round(t + d)))
        t += d
    return out


@dataclass
class Row:
    """One file's figures (ms, except the length ratio)."""

    name: str
    group: str
    held_out: bool
    cues: int
    dur: float
    se: float
    se0: float
    prop: float
    rate: float
    length_ratio: float
    anch1: float
    anch4: float


def _median(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def group_of(path: Path) -> str:
    """``en-talk``, ``translation`` (zh/ja/es/ar talks) or ``other``."""
    s = path.as_posix()
    if "/3b1b/" in s:
        return "en-talk" if path.name.startswith("en.") else "translation"
    return "other"


def measure(path: Path, params: Params = DEFAULT) -> Row | None:
    """All scenarios for one file."""
    true = load(path)
    if len(true.cues) < 5:
        return None

    def est(track: Track, options: Options) -> list[tuple[str, int, int]]:
        return subconv_times(track, options, params)

    duration = max(c.end or 0 for c in true.cues)
    bare = strip(true)
    e_dur = est(bare, Options(duration_ms=duration))
    e_rate = est(bare, Options())
    e_a1 = est(strip(true, 1), Options(duration_ms=duration))
    e_a4 = est(strip(true, 4), Options(duration_ms=duration))
    real_len = duration - (true.cues[0].start or 0)
    est_len = e_rate[-1][2] - e_rate[0][1]
    s = path.as_posix()
    return Row(
        name=s,
        group=group_of(path),
        held_out=not any(t in s for t in TRAIN),
        cues=len(true.cues),
        dur=_median(start_errors(true, e_dur)),
        se=_median(start_errors(true, se_import(bare, duration))),
        se0=_median(start_errors(true, se_import(bare))),
        prop=_median(start_errors(true, proportional(bare, duration))),
        rate=_median(start_errors(true, e_rate)),
        length_ratio=est_len / real_len if real_len > 0 else float("nan"),
        anch1=_median(start_errors(true, e_a1)),
        anch4=_median(start_errors(true, e_a4)),
    )


def files(dirs: Iterable[str]) -> list[Path]:
    """Timed subtitle files under ``dirs``, sorted."""
    out: list[Path] = []
    for d in dirs:
        p = Path(d)
        if p.is_file():
            out.append(p)
        else:
            out += [f for f in p.rglob("*") if f.suffix.lower() in EXTS and f.is_file()]
    return sorted(out)


def _fmt(ms: float) -> str:
    return f"{ms / 1000:6.2f}"


_RATE_OF: dict[str, tuple[str, ...]] = {
    "en": ("ms_per_syllable",),
    "es": ("ms_per_syllable_other",),
    "zh": ("ms_per_cjk",),
    "ja": ("ms_per_kana",),
    "ar": ("ms_per_abjad_letter", "ms_per_abjad_word"),
}


def fit(paths: list[Path], start: Params = DEFAULT) -> Params:
    """Fit the speaking rates on the training talks among ``paths`` and return the parameters.

    Each language's rate is scaled until the median estimated/real total length
    (nothing known) of its training files is 1; the pause parameters are kept
    from ``start`` (they were chosen by the grid study in docs/timing.md).  Also
    prints the objective that study minimised: the mean log ratio of subconv's
    start error to the Subtitle Edit-style baseline's (duration known), averaged
    per language.
    """
    import math

    data = []
    for f in paths:
        s = f.as_posix()
        if not any(t in s for t in TRAIN):
            continue
        true = load(f)
        lang = f.name.split(".")[0]
        duration = max(c.end or 0 for c in true.cues)
        bare = strip(true)
        se = _median(start_errors(true, se_import(bare, duration)))
        data.append((lang, true, bare, duration, se))
    langs = sorted({d[0] for d in data})

    def objective(p: Params) -> float:
        per: dict[str, list[float]] = {}
        for lang, true, bare, duration, se in data:
            e = _median(start_errors(true, subconv_times(bare, Options(duration_ms=duration), p)))
            per.setdefault(lang, []).append(math.log(e / se))
        return statistics.mean(statistics.mean(v) for v in per.values())

    def fit_rates(p: Params) -> Params:
        for _ in range(3):
            for lang in langs:
                names = _RATE_OF.get(lang, ())
                if not names:
                    continue
                ratios = []
                for lg, true, bare, duration, _se in data:
                    if lg != lang:
                        continue
                    e = subconv_times(bare, Options(), p)
                    ratios.append((e[-1][2] - e[0][1]) / (duration - (true.cues[0].start or 0)))
                p = p.replace(**{name: round(getattr(p, name) / _median(ratios), 1) for name in names})
        return p

    p = fit_rates(start)
    print(f"objective (mean log error ratio to the SE-style baseline, duration known): {objective(p):.4f}")
    for names in _RATE_OF.values():
        for name in names:
            print(f"{name} = {getattr(p, name)}")
    return p


#: transcripts the pace rule was checked on while it was written; the others are held out
PAGES_TRAIN = ("rev-style-lennys-podcast/", "talkpython/")


def stamped_pace(path: Path) -> tuple[int, int, int, float, str | None]:
    """Stamped transcript: (cues in stamped spans, cues faster than 1.5 x their span's pace and
    20 cps, of those the ones reported, worst cue/span pace ratio, the duration source).

    A span runs from a page stamp to the next one; its pace is its characters (speaker labels
    are not in the text) over its length.  Runs the page steps up to ``time`` as ``convert`` does.
    """
    from subconv.pages import read_page
    from subconv.pipeline import load_step

    report = Report()
    track = read_page(path.read_text(encoding="utf-8"), report)
    ctx = Context("page", Options())
    for name in ("normalise", "dedupe", "segment"):
        track = load_step(name)(track, ctx, report)
    out = load_step("time")(track, ctx, report)
    warned = {e.line for e in report.by_action("warning") if e.step == "time"}
    anchors = [i for i, c in enumerate(track.cues) if c.start is not None]
    total = fast = reported = 0
    worst = 0.0
    for a, b in itertools.pairwise(anchors):
        span = (track.cues[b].start or 0) - (track.cues[a].start or 0)
        chars = sum(len(c.text) - c.text.count("\n") for c in track.cues[a:b])
        for k in range(a, b):
            c = out.cues[k]
            total += 1
            cps = (len(c.text) - c.text.count("\n")) * 1000 / max(1, (c.end or 0) - (c.start or 0))
            pace = chars * 1000 / span if span > 0 else float("inf")
            if cps > 20 and span > 0:
                worst = max(worst, cps / pace)
            if cps > 20 and cps > 1.5 * pace:
                fast += 1
                reported += c.source_line in warned
    timing = report.info.get("timing", {})
    return total, fast, reported, worst, timing.get("duration_source") if isinstance(timing, dict) else None


def pages_main(dirs: list[str]) -> int:
    """Print the stamped-transcript figures (issue 18, item 4) for the pages under ``dirs``."""
    print("stamped transcripts: cues faster than 1.5 x their stamped span's pace and 20 cps (goal: 0 unreported)")
    print("worst: the highest cue/span pace ratio among cues over 20 cps; duration: where the media's length came from")
    print(f"{'file':58} {'set':5} {'cues':>5} {'fast':>5} {'reported':>8} {'worst':>6} duration")
    for d in dirs:
        for f in sorted(Path(d).rglob("*")):
            if f.suffix not in (".md", ".txt") or not f.is_file() or f.name.upper().startswith(("SOURCES", "README")):
                continue
            total, fast, rep, worst, dsrc = stamped_pace(f)
            if not total:
                continue
            split = "train" if any(t in f.as_posix() for t in PAGES_TRAIN) else "held"
            print(f"{f.as_posix()[-58:]:58} {split:5} {total:5d} {fast:5d} {rep:8d} {worst:6.2f} {dsrc}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Print the per-file table and the per-group summary (or, with ``--fit``, fit the parameters)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("dirs", nargs="+")
    ap.add_argument("--fit", action="store_true", help="fit the parameters on the training talks and print them")
    ap.add_argument(
        "--pages", action="store_true", help="the DIRs hold stamped transcripts: print the stamped-span pace figures"
    )
    ns = ap.parse_args(argv)
    if ns.pages:
        return pages_main(ns.dirs)
    if ns.fit:
        fit(files(ns.dirs))
        return 0
    rows = []
    for f in files(ns.dirs):
        try:
            r = measure(f)
        except Exception as exc:
            print(f"skipped {f}: {type(exc).__name__}: {exc}", file=sys.stderr)
            continue
        if r is not None:
            rows.append(r)
    print("median start error in seconds.  dur: subconv, duration known; SE: Subtitle Edit-style import scaled")
    print("to the duration; prop: proportional to characters; rate: subconv, nothing known; SE0: Subtitle Edit-style")
    print("import, unscaled; len: estimated/real total length (rate); anch1/anch4: every / every 4th cue stamped")
    cols = f"{'dur':>6} {'SE':>6} {'prop':>6} {'dur/SE':>6} {'rate':>7} {'SE0':>7} {'len':>5} {'anch1':>6} {'anch4':>6}"
    print(f"{'file':52} {'set':5} {'cues':>5} " + cols)
    for r in rows:
        print(
            f"{r.name[-52:]:52} {'held' if r.held_out else 'train':5} {r.cues:5d} {_fmt(r.dur)} {_fmt(r.se)} "
            f"{_fmt(r.prop)} {r.dur / r.se if r.se else float('nan'):6.2f} {_fmt(r.rate):>7} {_fmt(r.se0):>7} "
            f"{r.length_ratio:5.2f} {_fmt(r.anch1)} {_fmt(r.anch4)}"
        )
    print()
    print(f"{'group (median of medians)':52} {'':5} {'files':>5} " + cols)
    groups: list[tuple[str, list[Row]]] = []
    for g in ("en-talk", "translation", "other"):
        for held in (False, True):
            sel = [r for r in rows if r.group == g and r.held_out == held]
            if sel:
                groups.append((f"{g} ({'held out' if held else 'train'})", sel))
    groups.append(("all", rows))
    for label, sel in groups:
        d, se = _median([r.dur for r in sel]), _median([r.se for r in sel])
        lr = _median([abs(r.length_ratio - 1) for r in sel])
        print(
            f"{label:52} {'':5} {len(sel):5d} {_fmt(d)} {_fmt(se)} {_fmt(_median([r.prop for r in sel]))} "
            f"{d / se if se else float('nan'):6.2f} {_fmt(_median([r.rate for r in sel])):>7} "
            f"{_fmt(_median([r.se0 for r in sel])):>7} {lr:5.2f} "
            f"{_fmt(_median([r.anch1 for r in sel]))} {_fmt(_median([r.anch4 for r in sel]))}"
        )
    print("(len in the group rows: median |estimated/real - 1| of the total length)")
    for held in (False, True):
        sel = [r for r in rows if r.group == "translation" and r.held_out == held]
        en = [r for r in rows if r.group == "en-talk" and r.held_out == held]
        if sel and en:
            tr = _median([r.dur for r in sel]) / _median([r.se for r in sel])
            e = _median([r.dur for r in en]) / _median([r.se for r in en])
            print(
                f"translations ({'held out' if held else 'train'}): {tr:.2f} x the SE-style baseline (goal <= 0.85); "
                f"English: {e:.2f} x"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Time of three operations on one long cue at n, 2n, 4n and 8n words, to see whether each is
linear in its input (each doubling of the size should about double the time):

* ``find`` -- the writers' search for a cue's word times in its text
  (:func:`subconv.formats.words.timed_words`), where a fifth of the word times name words that
  are not in the text (an edited text, a transcript whose words differ);
* ``split`` -- the ``segment`` step splitting a timed cue whose ASS override blocks are anchored
  in its text (``ass.tags.at``: a block before every tenth word) into pieces of 42 characters;
* ``diff`` -- ``Cue.with_text`` of the cue's text with one word in 50 changed, its word times,
  spans (one every tenth word) and anchors moved with it (:func:`subconv.model.text_changes`).

Usage::

    python benchmarks/bench_linear_steps.py                       # n = 4,000 words, every case
    python benchmarks/bench_linear_steps.py --words 2000 --only find,diff
    farm-bench -n 5 --vs "env PYTHONPATH=OLD python benchmarks/bench_linear_steps.py --only find" \\
        -- env PYTHONPATH=NEW python benchmarks/bench_linear_steps.py --only find

The words are those of the 3Blue1Brown ``en.transcript.txt`` files of ``../shared/corpus`` (a
vocabulary of its own where they are absent).  Printed for each case and size: the characters of
the text, the seconds (best of ``--runs``) and what came out (word times found; anchors inside
their piece; spans, word times and anchors kept), so that a fast run that lost them shows it.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from subconv import Cue, Span, Track, Word
from subconv.formats.words import timed_words
from subconv.model import FrozenMap
from subconv.options import Options
from subconv.report import Report
from subconv.steps import Context
from subconv.steps.segment import segment

#: a case at a size: the characters of its text, and its run, which gives what describes its result
Case = tuple[int, Callable[[], Callable[[], str]]]

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "timed" / "3b1b"


def _vocabulary() -> list[str]:
    words = [w for p in sorted(SHARED.glob("*/en.transcript.txt")) for w in p.read_text("utf-8").split()]
    fallback = "so the idea is that we take this vector and look at what the matrix does to it"
    return words or fallback.split()


def _words(n: int) -> list[str]:
    vocab = _vocabulary()
    return [vocab[k % len(vocab)] for k in range(n)]


def _starts(words: list[str]) -> list[int]:
    out, at = [], 0
    for w in words:
        out.append(at)
        at += len(w) + 1
    return out


def _find(n: int) -> Case:
    words = _words(n)
    text = " ".join(words)
    times = [Word(300 * k, 300 * k + 300, f"{w}{k}" if k % 5 == 4 else w) for k, w in enumerate(words)]
    cue = Cue(0, 300 * n, (text,), words=tuple(times))

    def run() -> Callable[[], str]:
        found = timed_words(cue) or ()
        return lambda: f"{len(found)} word times found"

    return len(text), run


def _split(n: int) -> Case:
    words = _words(n)
    text = " ".join(words)
    at = [str(s) for k, s in enumerate(_starts(words)) if k % 10 == 0]
    extras = FrozenMap({"ass.tags": "{\\i1}{\\i0}" * ((len(at) + 1) // 2)}).set("ass.tags.at", tuple(at))
    track = Track((Cue(0, 300 * n, (text,), extras=extras),))
    context = Context("srt", Options().replace(retime=True, max_chars=42, max_lines=1))

    def run() -> Callable[[], str]:
        out = segment(track, context, Report()).cues

        def what() -> str:  # (not timed: it looks at every anchor of every piece)
            inside = sum(1 for c in out for a in c.extras["ass.tags.at"] if 0 < int(a) < len(c.text))
            return f"{len(out)} pieces, {inside} anchors inside their piece"

        return what

    return len(text), run


def _diff(n: int) -> Case:
    words = _words(n)
    text = " ".join(words)
    starts = _starts(words)
    spans = tuple(Span(s, s + len(w), "i") for k, (s, w) in enumerate(zip(starts, words, strict=True)) if k % 10 == 0)
    times = tuple(Word(300 * k, 300 * k + 300, w) for k, w in enumerate(words))
    extras = FrozenMap({"ass.tags": "{\\b1}" * len(spans)}).set("ass.tags.at", tuple(str(sp.start) for sp in spans))
    cue = Cue(0, 300 * n, (text,), spans=spans, extras=extras, words=times)
    new = " ".join(f"{w}!" if k % 50 == 25 else w for k, w in enumerate(words))

    def run() -> Callable[[], str]:
        edited = cue.with_text(new)

        def what() -> str:
            at = edited.extras["ass.tags.at"]
            kept = sum(1 for sp in edited.spans if sp.end > sp.start)
            return f"{kept} of {len(spans)} spans, {len(edited.words)} of {n} word times, {len(set(at))} anchor places"

        return what

    return len(text), run


CASES: dict[str, Callable[[int], Case]] = {"find": _find, "split": _split, "diff": _diff}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=4_000, help="n: words in the smallest cue (default 4000)")
    parser.add_argument("--only", default=",".join(CASES), help="cases to run, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="runs of each size, the best printed (default 3)")
    args = parser.parse_args()
    for name in args.only.split(","):
        times = []
        for size in (args.words * m for m in (1, 2, 4, 8)):
            chars, run = CASES[name](size)
            best, what = float("inf"), ""
            for _ in range(args.runs):
                start = time.perf_counter()
                described = run()
                best = min(best, time.perf_counter() - start)
                what = described()
            times.append(best)
            print(f"{name:5} {size:7} words {chars:9} chars {best:8.3f} s  {what}", flush=True)
        print(f"{name:5} 8n / n: {times[-1] / times[0]:.1f} x the time (linear: about 8)", flush=True)


if __name__ == "__main__":
    main()

"""Time of an edit of one long cue's text: a transcript read as one cue, with a time for every
word (``Cue.with_text``: :func:`subconv.model.text_changes`, then the word times and spans
moved with it by :func:`~subconv.model.moved_words` and :func:`~subconv.model.moved_spans`).

Usage::

    python benchmarks/bench_text_edit.py                  # 16,000 words, every edit
    python benchmarks/bench_text_edit.py --words 1000 --only words
    farm-bench -n 7 --vs "env PYTHONPATH=OLD python benchmarks/bench_text_edit.py" \\
        -- env PYTHONPATH=NEW python benchmarks/bench_text_edit.py

The words are those of the 3Blue1Brown ``en.transcript.txt`` files of ``../shared/corpus``
(a vocabulary of its own where they are absent), repeated to ``--words``; each has a time and
every tenth an italic span.  The edits, each made once and timed:

* ``upper`` -- a passage of 1,900 characters in the middle upper-cased (a change each letter);
* ``words`` -- every third word of such a passage replaced by another (a change each word);
* ``all`` -- every word's first letter upper-cased (past the limit of character pairs
  ``text_changes`` compares as ``difflib`` would: anchored on rare words first; before, one
  change, and every span lost).

Printed: the seconds of each edit, and how many word times and spans came out.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from subconv import Cue, Span, Word

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "timed" / "3b1b"


def _vocabulary() -> list[str]:
    words = [w for p in sorted(SHARED.glob("*/en.transcript.txt")) for w in p.read_text("utf-8").split()]
    fallback = "so the idea is that we take this vector and look at what the matrix does to it"
    return words or fallback.split()


def _cue(n: int) -> Cue:
    vocab = _vocabulary()
    words = [vocab[k % len(vocab)] for k in range(n)]
    text = " ".join(words)
    spans, times, at = [], [], 0
    for k, w in enumerate(words):
        times.append(Word(300 * k, 300 * k + 300, w))
        if k % 10 == 0:
            spans.append(Span(at, at + len(w), "i"))
        at += len(w) + 1
    return Cue(0, 300 * n, (text,), spans=tuple(spans), words=tuple(times))


def _middle(text: str, fn: Callable[[str], str]) -> str:
    i = text.rfind(" ", 0, len(text) // 2) + 1
    j = text.rfind(" ", 0, i + 1900)
    return text[:i] + fn(text[i:j]) + text[j:]


EDITS: dict[str, Callable[[str], str]] = {
    "upper": lambda text: _middle(text, str.upper),
    "words": lambda text: _middle(text, lambda s: " ".join(w if k % 3 else "edit" for k, w in enumerate(s.split(" ")))),
    "all": lambda text: " ".join(w[:1].upper() + w[1:] for w in text.split(" ")),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", type=int, default=16_000, help="words in the cue (default 16000)")
    parser.add_argument("--only", default=",".join(EDITS), help="edits to make, comma-separated")
    args = parser.parse_args()
    cue = _cue(args.words)
    for name in args.only.split(","):
        new = EDITS[name](cue.text)
        start = time.perf_counter()
        edited = cue.with_text(new)
        seconds = time.perf_counter() - start
        print(f"{name:6} {seconds:8.3f} s  {len(edited.words)} word times, {len(edited.spans)} spans")


if __name__ == "__main__":
    main()

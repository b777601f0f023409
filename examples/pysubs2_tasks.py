"""The everyday pysubs2 tasks, done in pysubs2 and in subconv, side by side.

Load a file, read a cue by index, edit its text, shift everything by 2.5 s, convert from
23.976 to 25 fps, delete a cue, save.  subconv's tracks are immutable, so each edit
returns a new track; the subconv version is no longer than the pysubs2 one, and the cues
the two save are the same (``tests/test_examples.py`` checks both on every SRT file of the
real-world corpus), with two differences the comparison accounts for:

- a cue with no text (an empty SRT block): pysubs2 reads it and saves it empty; subconv reads
  it too (reported ``kept``, so both delete the same cue by its index) but does not write a cue
  that shows nothing (reported ``dropped``).  The cues with text are compared; the empty ones
  are counted on each side.
- a cue that ends before it starts: pysubs2 keeps its times as read and saves them so;
  subconv's reader swaps them (reported ``repaired``).  The times are compared as a pair in
  order.

Usage::

    python examples/pysubs2_tasks.py SUBTITLES.srt [-o OUTDIR] [--encoding ENC]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pysubs2

HERE = Path(__file__).resolve().parent
try:
    import subconv
except ImportError:  # running from a source checkout without `pip install .`
    sys.path.insert(0, str(HERE.parent))
    import subconv


def with_pysubs2(src: Path, dst: Path, encoding: str = "utf-8") -> str:
    subs = pysubs2.load(str(src), encoding=encoding)
    first = subs[0].text
    subs[0].text = first + " (edited)"
    subs.shift(s=2.5)
    subs.transform_framerate(23.976, 25)
    del subs[1]
    subs.save(str(dst))
    return first


def with_subconv(src: Path, dst: Path, encoding: str = "utf-8") -> str:
    track = subconv.read(src, encoding=encoding)
    first = track[0].text
    track = track.set(0, track[0].with_text(first + " (edited)"))
    track = track.shift(s=2.5)
    track = track.transform_framerate(23.976, 25)
    track = track.remove(1)
    subconv.write(track, dst)
    return first


def saved(path: Path) -> list[tuple[int, int, str]]:
    """Each cue of a saved SRT as pysubs2 reads it: its two times as a pair in order (pysubs2
    saves a cue that ends before it starts as read, subconv's reader swaps its times), and the
    text as shown (runs of spaces as one, the invisible U+2060 subconv's SRT writer may add
    left out)."""
    out = []
    for e in pysubs2.load(str(path)):
        text = "\n".join(" ".join(ln.split()) for ln in e.plaintext.replace("\u2060", "").split("\n"))
        out.append((min(e.start, e.end), max(e.start, e.end), text))
    return out


def compare(a: list[tuple[int, int, str]], b: list[tuple[int, int, str]]) -> tuple[bool, str]:
    """Whether the cues with text of two saved files are the same, in the same order, and a
    line saying how many each saved, how many of them are empty, and how many match."""
    shown_a = [cue for cue in a if cue[2].strip()]
    shown_b = [cue for cue in b if cue[2].strip()]
    same = sum((Counter(shown_a) & Counter(shown_b)).values())  # (matched as cues, not by position)
    line = (
        f"pysubs2: {len(shown_a)} cues with text and {len(a) - len(shown_a)} empty, subconv: "
        f"{len(shown_b)} with text and {len(b) - len(shown_b)} empty, {same} identical (times and text)"
    )
    return shown_a == shown_b, line


def main(argv: list[str] | None = None) -> int:
    """Run both versions on SUBTITLES and compare the files they save: exit 0 when their cues
    with text are the same, 1 when not."""
    ap = argparse.ArgumentParser(description="The common pysubs2 tasks in pysubs2 and in subconv.")
    ap.add_argument("subtitles", help="an SRT file")
    ap.add_argument("-o", "--output", help="output folder (default: a new temporary folder)")
    ap.add_argument("--encoding", default="utf-8", help="the file's encoding (default: utf-8, as pysubs2's)")
    args = ap.parse_args(argv)
    out = Path(args.output) if args.output else Path(tempfile.mkdtemp(prefix="subconv-example-"))
    out.mkdir(parents=True, exist_ok=True)
    src = Path(args.subtitles)
    with_pysubs2(src, out / "pysubs2.srt", args.encoding)
    with_subconv(src, out / "subconv.srt", args.encoding)
    equal, line = compare(saved(out / "pysubs2.srt"), saved(out / "subconv.srt"))
    print(line)
    print(f"wrote {out / 'pysubs2.srt'} and {out / 'subconv.srt'}")
    return 0 if equal else 1


if __name__ == "__main__":
    sys.exit(main())

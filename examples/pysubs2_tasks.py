"""The everyday pysubs2 tasks, done in pysubs2 and in subconv, side by side.

Load a file, read a cue by index, edit its text, shift everything by 2.5 s, convert from
23.976 to 25 fps, delete a cue, save.  subconv's tracks are immutable, so each edit
returns a new track; the subconv version is no longer than the pysubs2 one, and its
results are the same (``tests/test_examples.py`` checks both on real subtitle files).

Usage::

    python examples/pysubs2_tasks.py SUBTITLES.srt [-o OUTDIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pysubs2

HERE = Path(__file__).resolve().parent
try:
    import subconv
except ImportError:  # running from a source checkout without `pip install .`
    sys.path.insert(0, str(HERE.parent))
    import subconv


def with_pysubs2(src: Path, dst: Path) -> str:
    subs = pysubs2.load(str(src))
    first = subs[0].text
    subs[0].text = first + " (edited)"
    subs.shift(s=2.5)
    subs.transform_framerate(23.976, 25)
    del subs[1]
    subs.save(str(dst))
    return first


def with_subconv(src: Path, dst: Path) -> str:
    track = subconv.read(src)
    first = track[0].text
    track = track.set(0, track[0].with_text(first + " (edited)"))
    track = track.shift(s=2.5)
    track = track.transform_framerate(23.976, 25)
    track = track.remove(1)
    subconv.write(track, dst)
    return first


def saved(path: Path) -> list[tuple[int, int, str]]:
    """Each cue of a saved SRT as pysubs2 reads it: its two times, and the text as shown (runs
    of spaces as one, the invisible U+2060 subconv's SRT writer may add left out).

    The times are compared as a pair in order: for a cue that ends before it starts (the
    corpus has one), pysubs2's writer swaps them and subconv's keeps them as read.
    """
    out = []
    for e in pysubs2.load(str(path)):
        text = "\n".join(" ".join(ln.split()) for ln in e.plaintext.replace("\u2060", "").split("\n"))
        out.append((min(e.start, e.end), max(e.start, e.end), text))
    return out


def main(argv: list[str] | None = None) -> int:
    """Run both versions on SUBTITLES and compare the files they save."""
    ap = argparse.ArgumentParser(description="The common pysubs2 tasks in pysubs2 and in subconv.")
    ap.add_argument("subtitles", help="an SRT file")
    ap.add_argument("-o", "--output", help="output folder (default: a new temporary folder)")
    args = ap.parse_args(argv)
    out = Path(args.output) if args.output else Path(tempfile.mkdtemp(prefix="subconv-example-"))
    out.mkdir(parents=True, exist_ok=True)
    src = Path(args.subtitles)
    with_pysubs2(src, out / "pysubs2.srt")
    with_subconv(src, out / "subconv.srt")
    a, b = saved(out / "pysubs2.srt"), saved(out / "subconv.srt")
    same = sum(x == y for x, y in zip(a, b, strict=False))
    print(f"pysubs2: {len(a)} cues, subconv: {len(b)} cues, {same} identical (times and text)")
    print(f"wrote {out / 'pysubs2.srt'} and {out / 'subconv.srt'}")
    return 0 if a == b else 1


if __name__ == "__main__":
    sys.exit(main())

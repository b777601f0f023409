"""Clean YouTube rolling auto-captions into one readable SRT cue per spoken phrase.

YouTube's automatic captions (``.vtt`` from the player or yt-dlp) "roll": each
phrase appears word by word (``<00:00:01.234><c> word</c>`` tags), then moves up
a line while the next phrase is typed under it, with 10 ms "bridge" cues in
between.  Played as an SRT, every phrase shows up two or three times.  subconv
recognises the pattern and keeps each phrase once, reporting every cue it drops.

Usage::

    python examples/clean_youtube_autocaptions.py [CAPTIONS.vtt] [-o OUT.srt]

``CAPTIONS.vtt`` defaults to ``autocaptions.vtt`` next to this script (a small
invented sample with YouTube's structure).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
try:
    import subconv
except ImportError:  # running from a source checkout without `pip install .`
    sys.path.insert(0, str(HERE.parent))
    import subconv


def main(argv: list[str] | None = None) -> int:
    """Read the auto-captions, clean them, write an SRT, print before/after."""
    ap = argparse.ArgumentParser(description="Clean YouTube rolling auto-captions into SRT.")
    ap.add_argument("captions", nargs="?", default=str(HERE / "autocaptions.vtt"), help="a YouTube auto-caption .vtt")
    ap.add_argument("-o", "--output", help="where to write the SRT (default: a new temporary folder)")
    args = ap.parse_args(argv)

    out = Path(args.output) if args.output else Path(tempfile.mkdtemp(prefix="subconv-example-")) / "captions.srt"
    report = subconv.Report()
    raw = subconv.read(Path(args.captions), report=report)  # faithful: every rolling cue
    # The default dedupe policy ("auto") recognises rolling auto-captions; Options(dedupe="off") keeps them as is.
    clean = subconv.process(raw, str(report.info["format"]), subconv.Options(), report)
    subconv.write(clean, out, report=report)

    print(f"read {len(raw.cues)} rolling cues from {args.captions}")
    print(f"wrote {len(clean.cues)} cues to {out}:")
    for cue in clean.cues:
        print(f"  {cue.start:>7} ms  {cue.end:>7} ms  {cue.text.replace(chr(10), ' / ')}")
    dropped = report.by_action("dropped")
    rewritten = report.by_action("rewritten")
    print(f"report: {len(dropped)} cues dropped, {len(rewritten)} rewritten (each with its source line), e.g.")
    for entry in (dropped + rewritten)[:2]:
        print("  " + entry.describe())
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Estimate cue timings for an untimed transcript, fitted to the media's known length.

A transcript without timestamps gets times from a speaking-rate model.  With no
other information subconv times it at the natural rate from 0:00; when the
media's duration is known (``Options(duration_ms=...)``, or ``--duration`` on
the command line) the cues are spread to end with the media.  Each cue carries
the extra ``timing = "estimated"`` and the report says how far the farthest cue
is from a known time.

Usage::

    python examples/estimate_timings.py [TRANSCRIPT] [--duration SECONDS] [-o OUT.srt]

``TRANSCRIPT`` defaults to a short built-in one; ``--duration`` to 60 seconds.
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

TRANSCRIPT = """\
Welcome back to the workshop.
Today we are going to sharpen a chisel by hand.
You need a flat stone, some water and a bit of patience.
Start with the back of the blade and keep it flat on the stone.
Work in small circles until the whole edge shines evenly.
Then turn the chisel over and find the bevel.
Lock your wrists and push forward with steady pressure.
A small burr will form on the back when the edge is done.
Take it off with a few light strokes on the finest stone.
Test the edge on the end grain of a soft pine offcut.
If it slices cleanly, you are ready to work.
"""


def estimate(text: str, duration_ms: int | None) -> tuple[subconv.Track, subconv.Report]:
    """Read ``text`` as an untimed page and time it (fitted to ``duration_ms`` when given)."""
    report = subconv.Report()
    track = subconv.loads(text, "page", report=report)
    track = subconv.process(track, "page", subconv.Options(duration_ms=duration_ms), report)
    return track, report


def main(argv: list[str] | None = None) -> int:
    """Time the transcript with and without the duration; write the fitted SRT."""
    ap = argparse.ArgumentParser(description="Estimate timings for an untimed transcript.")
    ap.add_argument("transcript", nargs="?", help="an untimed transcript (default: a built-in one)")
    ap.add_argument("--duration", type=float, default=60.0, help="the media's length in seconds (default 60)")
    ap.add_argument("-o", "--output", help="where to write the SRT (default: a new temporary folder)")
    args = ap.parse_args(argv)

    text = Path(args.transcript).read_text(encoding="utf-8") if args.transcript else TRANSCRIPT
    duration_ms = round(args.duration * 1000)
    natural, _ = estimate(text, None)
    fitted, report = estimate(text, duration_ms)

    out = Path(args.output) if args.output else Path(tempfile.mkdtemp(prefix="subconv-example-")) / "timed.srt"
    subconv.write(fitted, out, report=report)

    def end(track: subconv.Track) -> int:
        return max(c.end or 0 for c in track.cues)

    print(f"{len(fitted.cues)} cues")
    print(f"at the natural speaking rate, the last cue ends at {end(natural)} ms")
    print(f"fitted to a {duration_ms} ms media, the last cue ends at {end(fitted)} ms")
    timing = report.info.get("timing", {})
    print(f"timing report: {timing}")
    print(f"wrote {out}; first cues:")
    for cue in fitted.cues[:3]:
        print(f"  {cue.start} -> {cue.end} ({cue.extras.get('timing')}): {cue.text.replace(chr(10), ' / ')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

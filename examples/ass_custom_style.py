"""Write ASS subtitles with your own look: font, size, colours, outline, position.

``WriteOptions(ass_style=...)`` takes one ``Style:`` line in the V4+ field order
(the ``Format:`` line below); the ASS writer uses it as the ``Default`` style,
replacing the built-in one (or the input's own ``Default`` when converting ASS to ASS).
Colours are ``&HAABBGGRR`` (alpha, blue, green, red; alpha ``00`` is opaque).

Usage::

    python examples/ass_custom_style.py [SUBTITLES] [-o OUT.ass] [--font NAME] [--size N]

``SUBTITLES`` is any subtitle file or page (default: a short built-in SRT).
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

SRT = """\
1
00:00:01,000 --> 00:00:03,200
The tide comes in twice a day.

2
00:00:03,400 --> 00:00:06,000
<i>Twice a day,</i> the island
becomes a real island.
"""

STYLE_FORMAT = (
    "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, "
    "Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, "
    "Alignment, MarginL, MarginR, MarginV, Encoding"
)


def style_line(font: str, size: int) -> str:
    """A ``Style: Default`` line: yellow text, black 3 px outline, soft shadow, bottom centre.

    >>> style_line("Verdana", 60).split(",")[:3]
    ['Style: Default', 'Verdana', '60']
    """
    fields = [
        "Default",
        font,
        str(size),
        "&H0000FFFF",  # primary colour: yellow (BGR 00FFFF), opaque
        "&H000000FF",  # secondary colour (karaoke)
        "&H00000000",  # outline: black
        "&H80000000",  # shadow/back: half-transparent black
        "-1",
        "0",
        "0",
        "0",  # bold on (-1), italic, underline, strike-out off
        "100",
        "100",
        "0",
        "0",  # scale x/y, spacing, angle
        "1",
        "3",
        "1",  # border style 1 (outline + shadow), outline 3, shadow 1
        "2",  # alignment: numpad 2, bottom centre
        "80",
        "80",
        "50",  # margins left, right, vertical
        "1",  # encoding
    ]
    return "Style: " + ",".join(fields)


def main(argv: list[str] | None = None) -> int:
    """Convert the input to ASS with a custom Default style and print the header."""
    ap = argparse.ArgumentParser(description="Write ASS with a custom style.")
    ap.add_argument("subtitles", nargs="?", help="input subtitles or page (default: a built-in SRT)")
    ap.add_argument("-o", "--output", help="where to write the ASS (default: a new temporary folder)")
    ap.add_argument("--font", default="DejaVu Sans", help="font name (default DejaVu Sans)")
    ap.add_argument("--size", type=int, default=64, help="font size at PlayResY 1080 (default 64)")
    args = ap.parse_args(argv)

    report = subconv.Report()
    if args.subtitles:
        track = subconv.read(Path(args.subtitles), report=report)
        track = subconv.process(track, str(report.info["format"]), subconv.Options(), report)
    else:
        track = subconv.loads(SRT, "srt", report=report)
    options = subconv.WriteOptions(ass_style=style_line(args.font, args.size), play_res=(1920, 1080))
    text = subconv.dumps(track, "ass", options=options, report=report)

    out = Path(args.output) if args.output else Path(tempfile.mkdtemp(prefix="subconv-example-")) / "styled.ass"
    subconv.atomic_write_text(out, text)
    print(f"wrote {len(track.cues)} cues to {out}; the style, in the order of")
    print(f"  {STYLE_FORMAT}")
    for line in text.splitlines():
        if line.startswith(("Style:", "PlayRes", "Dialogue:")):
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())

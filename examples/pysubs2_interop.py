"""Round-trip a pysubs2 file through subconv's model, and check every cue survives.

``Track.from_pysubs2(ssafile)`` turns a ``pysubs2.SSAFile`` into a subconv
:class:`~subconv.Track` (override tags become spans and extras, ``Name`` the
speaker); ``track.to_pysubs2()`` turns it back.  In between you can use
subconv's pipeline and writers, e.g. to write an editor-safe SRT.

Usage::

    python examples/pysubs2_interop.py [SUBTITLES] [-o OUTDIR]

``SUBTITLES`` is any file pysubs2 reads (default: a small built-in ASS script).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

import pysubs2

HERE = Path(__file__).resolve().parent
try:
    import subconv
except ImportError:  # running from a source checkout without `pip install .`
    sys.path.insert(0, str(HERE.parent))
    import subconv

SCRIPT = r"""[Script Info]
ScriptType: v4.00+
PlayResX: 1920
PlayResY: 1080

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Arial,54,&H00FFFFFF,&H000000FF,&H00000000,&H80000000,0,0,0,0,100,100,0,0,1,2,1,2,60,60,40,1
Style: Sign,Arial,40,&H0000FFFF,&H000000FF,&H00000000,&H80000000,1,0,0,0,100,100,0,0,1,2,0,8,60,60,40,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:01.00,0:00:03.50,Default,Ines,0,0,0,,Is the ferry {\i1}still{\i0} running?
Dialogue: 0,0:00:03.60,0:00:06.20,Default,Tomas,0,0,0,,Only twice a day now,\Nand never on Sundays.
Dialogue: 1,0:00:04.00,0:00:06.00,Sign,,0,0,0,,{\an8\pos(960,80)}TICKETS
Comment: 0,0:00:06.30,0:00:07.00,Default,,0,0,0,,check this line with the translator
Dialogue: 0,0:00:07.10,0:00:09.90,Default,Ines,0,0,0,,{\b1}Then{\b0} we walk.
"""  # noqa: E501

FIELDS = ("start", "end", "text", "style", "name", "layer", "effect", "marginl", "marginr", "marginv", "type")


def event_fields(subs: Any) -> list[tuple[object, ...]]:
    """Every event as a tuple of the fields a round trip must keep.

    Adjacent override blocks render the same whether written ``{\\an8\\pos(1,2)}``
    or ``{\\an8}{\\pos(1,2)}`` (subconv writes the alignment as its own block), so
    they are merged before comparing; a speaker name is compared without its
    outer spaces (subconv strips them).
    """
    return [
        tuple(
            getattr(ev, f).replace("}{", "")
            if f == "text"
            else getattr(ev, f).strip()
            if f == "name"
            else getattr(ev, f)
            for f in FIELDS
        )
        for ev in subs
    ]


def main(argv: list[str] | None = None) -> int:
    """pysubs2 -> Track -> pysubs2; compare every event; also write an SRT via subconv."""
    ap = argparse.ArgumentParser(description="Round-trip a pysubs2 file through subconv.")
    ap.add_argument("subtitles", nargs="?", help="a subtitle file pysubs2 can read (default: a built-in ASS script)")
    ap.add_argument("-o", "--output", help="output folder (default: a new temporary folder)")
    args = ap.parse_args(argv)

    original = pysubs2.load(args.subtitles) if args.subtitles else pysubs2.SSAFile.from_string(SCRIPT)
    track = subconv.Track.from_pysubs2(original)
    back = track.to_pysubs2()

    print(f"{len(original)} pysubs2 events -> {len(track.cues)} subconv cues -> {len(back)} pysubs2 events")
    for cue in track.cues:
        extras = ", ".join(f"{k}={v}" for k, v in cue.extras.items())
        print(f"  {cue.start:>6}-{cue.end:<6} {cue.speaker or '-':<6} {cue.text!r} spans={len(cue.spans)} {extras}")
    before, after = event_fields(original), event_fields(back)
    lost = [i + 1 for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b]
    if len(before) != len(after) or lost:
        print(f"round trip changed events {lost or '(count differs)'}")
        return 1
    print("round trip kept every event: times, text and tags, style, speaker, layer, margins, comments")

    out = Path(args.output) if args.output else Path(tempfile.mkdtemp(prefix="subconv-example-"))
    out.mkdir(parents=True, exist_ok=True)
    back.save(str(out / "roundtrip.ass"))
    spoken = track.with_cues(c for c in track.cues if c.extras.get("ass.comment") != "1")
    subconv.write(spoken, out / "dialogue.srt")
    print(f"wrote {out / 'roundtrip.ass'} (pysubs2) and {out / 'dialogue.srt'} (subconv, comments left out)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

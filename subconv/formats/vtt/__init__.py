"""WebVTT: a reader that follows the W3C WebVTT parser algorithm, and a writer.

The reader implements the file parsing steps of https://www.w3.org/TR/webvtt1/
(signature, header, blocks, cue timings and settings, cue text) line by line,
in one linear pass.  Cue text is tokenised only when it holds ``<`` or ``&``.
See ``docs/formats-vtt.md`` for every rule, including the writer's escaping
of hostile text (``&amp; &lt; &gt;``, and U+2060 WORD JOINER for blank lines and
for what pysubs2/ffmpeg would take as structure) that the reader inverts.

The package, by responsibility: :mod:`.reader` (signature, header, blocks), :mod:`.timing`
(timing lines), :mod:`.settings` (cue settings and regions), :mod:`.payload` (cue text
markup), :mod:`.unsigned` (a text without the signature that is WebVTT) and :mod:`.writer`;
this module declares the format.
"""

from __future__ import annotations

from ...timefmt import VTT_CLOCK
from ..base import Format
from ..placement import styles_carried
from .cuetext import cue_markup, read_markup
from .payload import Payload, canonical_spans, parse_payload
from .reader import read, read_pieces, read_unsigned, sniff
from .settings import CueSettings, Region, parse_cue_settings, parse_region
from .unsigned import sniff_unsigned
from .writer import render_payload, stream, stream_feed, write

__all__ = [
    "FORMAT",
    "CueSettings",
    "Payload",
    "Region",
    "canonical_spans",
    "parse_cue_settings",
    "parse_payload",
    "parse_region",
    "read",
    "render_payload",
    "sniff",
    "write",
]

FORMAT = Format(
    name="vtt",
    extensions=(".vtt", ".webvtt"),
    aliases=("webvtt",),
    sniff=sniff,
    sniff_rank=10,
    read=read,
    read_pieces=read_pieces,
    write=write,
    stream=stream,
    feed=stream_feed,
    resolution_ms=VTT_CLOCK.resolution,
    markup=True,
    placement=True,
    words=True,
    sniff_unsigned=sniff_unsigned,
    read_unsigned=read_unsigned,
    cue_markup=cue_markup,
    read_markup=read_markup,
    # (the language as a "Language:" header line where the track has no header of its own)
    header=("language", "vtt.header", "vtt.blocks", "vtt.trailing_notes", "vtt.notes"),
    unheld_partly=styles_carried("vtt"),
)

"""Advanced SubStation Alpha (ASS) and SubStation Alpha (SSA): own reader and writer.

The reader keeps ``[Script Info]`` and the ``Style:`` lines raw in the track
meta, turns ``{\\i1}``/``{\\b1}``/``{\\u1}`` into spans, ``\\N``/``\\n`` into
line breaks and ``\\h`` into U+00A0, keeps other override tags in the
``ass.tags`` extra, and drops drawings (``\\p1`` .. ``\\p0``) with a report
entry.  Times have a 10 ms resolution.

>>> from subconv.report import Report
>>> t = read("[Events]\\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\\n"
...          "Dialogue: 0,0:00:01.50,0:00:03.00,Default,Ann,0,0,0,,{\\\\i1}Hi{\\\\i0}\\\\Nthere\\n", Report())
>>> c = t.cues[0]
>>> c.start, c.end, c.lines, c.spans, c.speaker
(1500, 3000, ('Hi', 'there'), (Span(start=0, end=2, kind='i'),), 'Ann')
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ...model import Track
from ...report import Report
from ...timefmt import ASS_CLOCK
from ..base import Format, WriteOptions
from .cuetext import cue_markup, read_markup
from .reader import read_ass, read_ass_pieces, sniff
from .text import parse_ass_text
from .writer import MAX_ASS_MS, about_times, default_style, format_time, karaoke_text, stream_ass, write_ass, writes

__all__ = [
    "FORMATS",
    "MAX_ASS_MS",
    "about_times",
    "default_style",
    "format_time",
    "karaoke_text",
    "parse_ass_text",
    "read",
    "read_ass",
    "sniff",
    "write",
    "write_ass",
    "writes",
]


def _read_ass(text: str, report: Report) -> Track:
    return read_ass(text, report, "ass")


def _read_ssa(text: str, report: Report) -> Track:
    return read_ass(text, report, "ssa")


def _read_ass_pieces(pieces: Iterable[str], report: Report) -> Track:
    return read_ass_pieces(pieces, report, "ass")


def _read_ssa_pieces(pieces: Iterable[str], report: Report) -> Track:
    return read_ass_pieces(pieces, report, "ssa")


def _write_ass(track: Track, options: WriteOptions, report: Report) -> str:
    return write_ass(track, options, report, False)


def _write_ssa(track: Track, options: WriteOptions, report: Report) -> str:
    return write_ass(track, options, report, True)


def _stream_ass(track: Track, options: WriteOptions, report: Report) -> Iterator[str]:
    return stream_ass(track, options, report, False)


def _stream_ssa(track: Track, options: WriteOptions, report: Report) -> Iterator[str]:
    return stream_ass(track, options, report, True)


read = _read_ass
write = _write_ass

#: the file-level data a script holds: its title is one of its [Script Info] lines
_HEADER = ("title", "ass.script_info", "ass.styles", "ass.sections")

FORMATS = (
    Format(
        name="ass",
        extensions=(".ass",),
        sniff=sniff,  # (an SSA file sniffs as "ass"; the reader tells them apart)
        sniff_rank=50,
        read=_read_ass,
        read_pieces=_read_ass_pieces,
        write=_write_ass,
        stream=_stream_ass,
        resolution_ms=ASS_CLOCK.resolution,
        markup=True,
        placement=True,
        words=True,
        cue_markup=cue_markup,
        read_markup=read_markup,
        header=_HEADER,
    ),
    Format(
        name="ssa",
        extensions=(".ssa",),
        sniff=sniff,
        read=_read_ssa,
        read_pieces=_read_ssa_pieces,
        write=_write_ssa,
        stream=_stream_ssa,
        resolution_ms=ASS_CLOCK.resolution,
        markup=True,
        placement=True,
        words=True,
        cue_markup=cue_markup,
        read_markup=read_markup,
        header=_HEADER,
    ),
)

"""SubViewer 2.0 (``.sub``): an ``[INFORMATION]`` header, then ``00:00:01.00,00:00:03.50``
timing lines with centiseconds, the text on one line with ``[br]`` between lines, a blank line.

Shares its reader and writer with :mod:`subconv.formats.sbv` (see there for the lenient
reading and the escaping); the differences: 10 ms resolution, two-digit hours, ``[br]``
line breaks, and the header (kept from the source in the meta key ``subviewer.header``,
else written with the track's title).  MicroDVD files share the ``.sub`` extension:
sniffing tells them apart by content (``{1}{25}text`` lines are MicroDVD).

>>> from subconv.report import Report
>>> t = read("[INFORMATION]\\n[TITLE]Demo\\n[END INFORMATION]\\n[SUBTITLE]\\n"
...          "00:02:17.40,00:02:20.40\\nSenator, we are making[br]our final approach.\\n", Report())
>>> t.title, [(c.start, c.end, c.lines) for c in t.cues]
('Demo', [(137400, 140400, ('Senator, we are making', 'our final approach.'))])
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Track
from ..report import Report
from ..timefmt import SUBVIEWER_CLOCK
from .base import Format, WriteOptions
from .sbv import Flavour, first_timing, read_line_pieces, read_lines, write_lines

SUBVIEWER = Flavour("subviewer", SUBVIEWER_CLOCK, True, True)


def sniff(text: str) -> bool:
    """True for SubViewer 2.0: an ``[INFORMATION]`` header, or a first timing line (after any
    ``[...]`` header lines) with centiseconds; SBV's milliseconds after a header are SBV.

    >>> sniff("[INFORMATION]\\n[END INFORMATION]\\n[SUBTITLE]\\n00:00:01.00,00:00:02.00\\nHi\\n")
    True
    >>> sniff("{1}{25}Hello\\n"), sniff("0:00:01.000,0:00:02.000\\nHi\\n")
    (False, False)
    """
    found = first_timing(text)
    if found is not None:
        return found[2] != 3
    head = text[:200].lstrip("\ufeff \t\r\n").upper()
    return head.startswith("[INFORMATION]")


def read(text: str, report: Report) -> Track:
    """Read SubViewer 2.0 ``text`` into a :class:`Track`."""
    return read_lines(text, report, SUBVIEWER)


def read_pieces(pieces: Iterable[str], report: Report) -> Track:
    """:func:`read` of the text ``pieces`` make, a piece at a time."""
    return read_line_pieces(pieces, report, SUBVIEWER)


def write(track: Track, options: WriteOptions, report: Report) -> str:
    """Write ``track`` as SubViewer 2.0 (times rounded to 10 ms, ``[br]`` line breaks)."""
    return write_lines(track, options, report, SUBVIEWER)


FORMAT = Format(
    name="subviewer",
    extensions=(".sub",),  # (shared with MicroDVD, which reads a .sub not told apart by content)
    aliases=("subviewer2",),
    sniff=sniff,
    sniff_rank=30,
    read=read,
    read_pieces=read_pieces,
    write=write,
    resolution_ms=SUBVIEWER.resolution,
    speaker_prefix=True,
    header=("title", "subviewer.header"),  # (an SBV header is not written: its title is)
)

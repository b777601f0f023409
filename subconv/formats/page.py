"""The ``page`` format: scraped caption pages and transcripts (read only).

Text pages, Markdown transcripts, HTML, YouTube timed-text XML and YouTube's json3 are all
read by :func:`subconv.pages.read_page`; see ``docs/pages.md`` for the shapes.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Track
from ..report import Report
from .base import Format


def sniff(text: str) -> bool:
    """True for what only a page shape has a signature for: YouTube timed-text XML and YouTube's
    json3, whatever the file's ending (a downloaded ``timedtext.json``).  Plain text and HTML are
    not claimed: a page is the registry's fallback, and an HTML error page saved as ``.srt`` is an
    error, not captions.

    >>> sniff('{"wireMagic": "pb3", "events": []}'), sniff("<transcript><text start='1'>x</text></transcript>")
    (True, True)
    >>> sniff("<!doctype html><html><body><p>x</p></body></html>"), sniff("just words"), sniff('{"events": []}')
    (False, False, False)
    """
    from ..pages.html import is_timedtext
    from ..pages.json3 import looks_json3

    t = text[1:] if text.startswith("\ufeff") else text
    return is_timedtext(t) or looks_json3(t)


def read(text: str, report: Report) -> Track:
    """Read a page or transcript into untimed (or anchor-timed) cues."""
    from ..pages import read_page  # (imported on first use: the registry imports every format module)

    return read_page(text, report)


def read_pieces(pieces: Iterable[str], report: Report) -> Track:
    """:func:`read` of the text ``pieces`` make: a line-based page is never whole in memory."""
    from ..pages import read_page_pieces

    return read_page_pieces(pieces, report)


FORMAT = Format(
    name="page",
    # .xml and .ytt: YouTube timed-text (srv1/srv3); .json3: YouTube's json3
    extensions=(".txt", ".md", ".markdown", ".html", ".htm", ".xml", ".ytt", ".json3"),
    aliases=("html", "htm", "md"),
    shared_extensions=(".md", ".markdown", ".xml"),
    sniff=sniff,  # (timed-text XML and json3 only: a page is otherwise the fallback for text no format claims)
    sniff_rank=64,  # before the JSON cue list and pysubs2's formats
    read=read,
    read_pieces=read_pieces,
    write=None,
)

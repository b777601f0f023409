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
    """True for HTML documents and YouTube timed-text XML (plain text is the registry's fallback).

    >>> sniff("<!doctype html><html><body><p>x</p></body></html>"), sniff("just words")
    (True, False)
    """
    from ..pages.html import is_html, is_timedtext

    t = text[1:] if text.startswith("\ufeff") else text
    return is_html(t) or is_timedtext(t)


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
    sniff=sniff,  # (never in content sniffing: a page is the fallback for text no format claims)
    read=read,
    read_pieces=read_pieces,
    write=None,
)

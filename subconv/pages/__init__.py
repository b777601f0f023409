"""Reading scraped caption pages and transcripts of every shape into cues.

:func:`read_page` looks at the text, decides its *shape* (caption list, YouTube
"Show transcript" copy, stamped lines, speaker transcripts, HTML, timed-text
XML, plain lines) and returns one cue per caption or paragraph, faithfully: no
de-duplication or segmentation here (those are pipeline steps).  Stamps found on
the page become ``start`` anchors (``origin = "anchor"``).  The shape readers build
:class:`~subconv.pages.units.Unit` s (:mod:`subconv.pages.units`); this module only dispatches to them.

Every non-blank input line gets a report entry (step ``"page"``): ``cue``,
``merged`` (a stamp or speaker header folded into the following caption) or
``dropped`` (chrome, headings, front matter), with its 1-based line number.
"""

from __future__ import annotations

from ..model import Track
from ..report import Report


def read_page(text: str, report: Report) -> Track:
    """Read a page or transcript of any supported shape into a :class:`Track`.

    >>> r = Report()
    >>> t = read_page("Menu\\n\\n  • Hello there.\\n\\n  • General Kenobi.\\n\\n  • Bold one.\\n", r)
    >>> [c.text for c in t], r.info["page_shape"]
    (['Hello there.', 'General Kenobi.', 'Bold one.'], 'caption-list')
    >>> [e.line for e in r.by_action("dropped")]
    [1]
    """
    from . import html as html_shape
    from . import text as text_shape

    if text.startswith("\ufeff"):
        text = text[1:]
    if html_shape.is_timedtext(text):
        return html_shape.read_timedtext(text, report)
    if html_shape.is_html(text):
        return html_shape.read_html(text, report)
    return text_shape.read_text(text, report)

"""Reading scraped caption pages and transcripts of every shape into cues.

:func:`read_page` looks at the text, decides its *shape* (caption list, YouTube
"Show transcript" copy, stamped lines, speaker transcripts, HTML, timed-text
XML and json3, plain lines) and returns one cue per caption or paragraph, faithfully: no
de-duplication or segmentation here (those are pipeline steps).  Stamps found on
the page become ``start`` anchors (``origin = "anchor"``).  The shape readers build
:class:`~subconv.pages.units.Unit` s (:mod:`subconv.pages.units`); this module only dispatches to them.

Every non-blank input line gets a report entry (step ``"page"``): ``cue``,
``merged`` (a stamp or speaker header folded into the following caption) or
``dropped`` (chrome, headings, front matter), with its 1-based line number.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator

from ..errors import ParseError
from ..model import Track
from ..report import Report

#: characters of a page's start that tell HTML and timed-text XML (see ``html.is_html``), and a
#: byte-order mark before them
_HEAD = 4096 + 1
#: how a JSON document starts (an object with a key, an array of arrays, objects or strings); a
#: page never does (``[00:01] text`` and ``[Music]`` are not JSON)
_JSON_HEAD = re.compile(r'\s*(?:\{\s*(?:"|\})|\[\s*(?:[\[{"]|\]))')


def _json_document(text: str) -> bool:
    """True for text that is one whole JSON object or array: data (an API's response, a player's
    settings), never a page or transcript, whose lines would otherwise be read as captions.

    >>> _json_document('{"captions": {"tracks": []}}'), _json_document("[Music]\\nhello"), _json_document("[1] x")
    (True, False, False)
    """
    if _JSON_HEAD.match(text) is None:
        return False
    import json

    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def _refuse_json(text: str) -> None:
    """Raise the page's ``no captions found`` for a JSON document, saying what subconv reads."""
    if _json_document(text):
        from ..formats.jsonshapes import JSON_SHAPES

        what = f"no captions found (a JSON document, not a page or transcript; subconv reads {JSON_SHAPES})"
        raise ParseError("page", what, line=1)


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
    if _JSON_HEAD.match(text):
        from . import json3

        data = json3.json3_document(text)
        if data is not None:
            return json3.read_json3(text, report, data)
        json3.refuse_broken(text)
    _refuse_json(text)
    return text_shape.read_text(text, report)


def read_page_pieces(pieces: Iterable[str], report: Report) -> Track:
    r""":func:`read_page` of the text ``pieces`` make, cut anywhere: a line-based page is split
    into its lines a piece at a time, so its whole text is never in memory beside them (a 50 MB
    caption page is 100 MB of text when one character needs two bytes); HTML and timed-text XML
    are read whole.

    >>> r = Report()
    >>> t = read_page_pieces(["\ufeffMenu\r", "\n\n  \u2022 Hi.\n\n  \u2022 Yo", ".\n\n  \u2022 Hey.\n"], r)
    >>> [(c.text, c.source_line) for c in t], r.info["page_shape"]
    ([('Hi.', 3), ('Yo.', 5), ('Hey.', 7)], 'caption-list')
    """
    from ..formats.base import text_lines
    from . import html as html_shape
    from . import text as text_shape

    it = iter(pieces)
    head: list[str] = []
    size = 0
    for piece in it:
        head.append(piece)
        size += len(piece)
        if size >= _HEAD:
            break
    start = "".join(head)
    unmarked = start[1:] if start.startswith("\ufeff") else start
    if html_shape.is_timedtext(unmarked) or html_shape.is_html(unmarked) or _JSON_HEAD.match(unmarked):
        return read_page(start + "".join(it), report)  # (JSON: read whole to tell a document from a page)
    del head, unmarked
    lines = _shared(text_lines(itertools.chain((start,), it)))
    del start
    return text_shape.read_lines(lines, report)


#: lines read before :func:`_shared` decides whether a page repeats its lines enough to share them
_SHARE_TEST = 1 << 17


def _shared(lines: Iterator[str]) -> list[str]:
    """``list(lines)``, equal lines as one string where the page repeats them: a caption page
    copied round after round holds each line once, not once per round (47 MB of such a page
    was 2.4 million line strings, 200 MB; with the bullet, each at two bytes a character).  A
    page whose lines mostly differ (a transcript) stops being looked up after its first lines.

    >>> a, b, c = _shared(iter(["x y", "z", "x y".replace("y", "y")]))
    >>> (a, b, c) == ("x y", "z", "x y"), a is c
    (True, True)
    """
    out: list[str] = []
    same: dict[str, str] | None = {}
    while batch := list(itertools.islice(lines, 4096)):
        if same is None:
            out.extend(batch)
            continue
        out.extend(map(same.setdefault, batch, batch))
        if len(out) >= _SHARE_TEST and 4 * len(same) > len(out):
            same = None  # (most lines differ: the dict would only hold them twice)
    return out

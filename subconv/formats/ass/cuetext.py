r"""One cue's event text both ways (``subconv.markup``, ``subconv.with_markup``): the text the
writer writes in a ``Dialogue:`` line's Text field, and a cue set from such a text as the
reader reads it.

>>> from subconv.model import Cue, Span
>>> cue = Cue(0, 2000, ("Hi", "there"), (Span(0, 2, "i"),), extras={"ass.align": "8"})
>>> cue_markup(cue, Report())
'{\\an8}{\\i1}Hi{\\i0}\\Nthere'
>>> new = read_markup(r"{\an8}{\i1}Hello{\i0}\Nthere", cue, Report())
>>> new.lines, new.spans, dict(new.extras)
(('Hello', 'there'), (Span(start=0, end=5, kind='i'),), {'ass.align': '8'})
"""

from __future__ import annotations

from ...errors import ParseError
from ...model import Cue, FrozenMap
from ...report import Report
from ..cuetext import marked_up, report_markup_uncarried, tidied
from ..escapes import ASS_BLANKS
from .text import STEP, karaoke_words, read_event_text
from .writer import cue_event_text, raw_event_text


def cue_markup(cue: Cue, report: Report) -> str:
    """The event text the writer writes for ``cue`` (its own text as read while the cue still
    reads the same from it (``ass.raw``), else the model written out); what its text's markup
    holds that ASS cannot, and what the writer tidies, reported."""
    if raw_event_text(cue) is None:
        cue = tidied(cue, report, STEP, ASS_BLANKS)
    report_markup_uncarried(cue, "ass", report, STEP)
    return cue_event_text(cue)


def read_markup(text: str, cue: Cue, report: Report) -> Cue:
    r"""``cue`` with the event text ``text`` as the reader reads an event's (its lines, spans,
    override blocks, placement, and the karaoke word times its ``\k`` tags give inside the cue's
    times); an event's text is one line: a line break (``\n``) in it is a :class:`ParseError`."""
    if "\n" in text:
        snippet = text.partition("\n")[2].partition("\n")[0]
        raise ParseError(STEP, r"an event's text is one line (a line break in it is written \N)", 2, snippet=snippet)
    extras: dict[str, str | tuple[str, ...]] = {}
    lines, spans = read_event_text(text, cue.source_line, report, extras)
    start, end = cue.start, cue.end
    words = karaoke_words(text, start, end) if start is not None and end is not None and start <= end else ()
    read = Cue(0, 0, lines, spans, extras=FrozenMap(extras), words=words)
    return marked_up(cue, read, report, STEP, placement=True)

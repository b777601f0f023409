"""One cue's payload both ways (``subconv.markup``, ``subconv.with_markup``): the payload the
writer writes after a cue's timing line, and a cue set from such a payload as the reader reads
it (its voice the cue's speaker).

>>> from subconv.model import Cue, Span
>>> cue = Cue(0, 2000, ("Hi & bye",), (Span(0, 2, "i"),), speaker="Ann")
>>> cue_markup(cue, Report())
'<v Ann><i>Hi</i> &amp; bye'
>>> new = read_markup("<v Bob>Hi <b>you</b>", cue, Report())
>>> new.text, new.spans, new.speaker
('Hi you', (Span(start=3, end=6, kind='b'),), 'Bob')
"""

from __future__ import annotations

from ...errors import ParseError
from ...model import Cue
from ...report import Report
from ...timefmt import LATEST_MS, VTT_CLOCK, format_clock
from ..cuetext import marked_up, report_markup_uncarried, tidied
from ..escapes import TEXT_BLANKS
from .reader import read
from .timing import NAME
from .writer import payload_lines, raw_lines


def cue_markup(cue: Cue, report: Report) -> str:
    """The payload the writer writes for ``cue``: its voice (speaker), spans as tags, escapes
    (its own payload as read while the cue still reads the same from it, ``vtt.raw``); what its
    text's markup holds that WebVTT cannot, and what the writer tidies, reported."""
    if raw_lines(cue) is None:
        cue = tidied(cue, report, NAME, TEXT_BLANKS)
    report_markup_uncarried(cue, "vtt", report, NAME)
    return "\n".join(payload_lines(cue, report, True))


def read_markup(text: str, cue: Cue, report: Report) -> Cue:
    """``cue`` with the payload ``text`` as the reader reads a cue's (the only cue of a file, at
    the cue's times, which its timestamp tags are read inside): its text, spans, speaker (the
    first voice: none without one) and what the model cannot hold kept as written (``vtt.raw``).
    WebVTT ends a cue's text at a blank line, or at a line holding ``-->``: a text that goes on
    after one is a :class:`ParseError` at that line, as the reader would drop or misread what follows."""
    start, end = cue.start, cue.end
    timed = start is not None and end is not None and 0 <= start <= end <= LATEST_MS
    times = (start, end) if timed else (0, 0)
    head = f"WEBVTT\n\n{format_clock(times[0] or 0, VTT_CLOCK)} --> {format_clock(times[1] or 0, VTT_CLOCK)}\n"
    got = Report()
    track = read(head + text + "\n", got)
    if len(track.cues) != 1 or track.meta or any(e.action == "dropped" for e in got.entries):
        at = _end_of_cue(text)
        raise ParseError(
            NAME,
            "the text goes on after a blank line or a line holding '-->', where a cue's text ends",
            at,
            snippet=text.split("\n")[at - 1],
        )
    for e in got.entries:
        report.add(e.step, e.action, e.reason, cue.source_line, e.text)
    return marked_up(cue, track.cues[0], report, NAME, speaker=True)


def _end_of_cue(text: str) -> int:
    """The first line of ``text`` (1-based) that ends a WebVTT cue's text before the text ends:
    a blank one after some text, or one holding ``-->``.

    >>> _end_of_cue("a\\n\\nb"), _end_of_cue("\\na\\nb --> c")
    (2, 3)
    """
    seen = False
    for k, line in enumerate(text.split("\n"), 1):
        if "-->" in line or (seen and not line):
            return k
        seen = seen or bool(line)
    return 1

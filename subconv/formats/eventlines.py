"""Where the events are in a text read through pysubs2 (:mod:`subconv.formats.generic`): the
line each event starts on, the lines pysubs2 skips (reported), and the MicroDVD and MPL2 event
lines subconv reads itself, as pysubs2 (and subconv's ASS reader after it) would read them:
ASCII times and text with no code, escape or control character.
"""

from __future__ import annotations

import re

from ..errors import ParseError
from ..model import Cue, plain_cue
from ..report import Report
from .parts import LINE_FORMATS

__all__ = [
    "PLAIN_LINE",
    "STRIPPED",
    "event_lines",
    "plain_event",
    "refuse_unsigned",
    "report_left_out",
    "signed",
    "stripped_blanks",
]

#: text pysubs2 and its ASS rendering carry as it is: no MicroDVD code or ASS override block
#: (``{}``), escape (``\\``), word joiner (subconv's escape), control or line-separating character
_PLAIN_TEXT = "[^{}\\\\\u2060\x00-\x1f\x7f-\x9f\u2028\u2029]*"
#: an event line whose reading through pysubs2 is known without it: ASCII times, plain text
PLAIN_LINE = {
    "microdvd": re.compile(r"\{([0-9]{1,15})\}\{([0-9]{1,15})\}(" + _PLAIN_TEXT + ")"),
    "mpl2": re.compile(r"\[([0-9]{1,15})\]\[([0-9]{1,15})\](" + _PLAIN_TEXT + ")"),
}


#: an event line's times, in the formats whose readers strip white space from its text (MicroDVD:
#: the text; MPL2: each line of it)
_EVENT_TIMES = {"microdvd": re.compile(r" *\{ *\d+ *\} *\{ *\d+ *\}"), "mpl2": re.compile(r"\[-?\d+\]\[-?\d+\]")}
#: what pysubs2 strips that is more than a space or a tab: white space a writer put there on
#: purpose (U+3000, U+00A0), which subconv reads as pysubs2 does, and reports
STRIPPED = "white space at line ends not read (U+3000, U+00A0 ...): the format's readers strip it"


def stripped_blanks(name: str, text: str) -> bool:
    """Whether the text of an event line of ``name`` (after its times) holds white space other
    than spaces and tabs where pysubs2 strips it: the ends of the text (MicroDVD), of each line
    (MPL2, after an italic ``/``).

    >>> stripped_blanks("mpl2", "a |/\u3000b"), stripped_blanks("mpl2", " a | b ")
    (True, False)
    >>> stripped_blanks("microdvd", "a\u3000|b"), stripped_blanks("microdvd", "a|b\u3000")
    (False, True)
    """
    parts = [text] if name == "microdvd" else [p.strip(" \t").removeprefix("/") for p in text.split("|")]
    return any(p.strip(" \t") != p.strip() for p in parts)


def _stripped_line(times: re.Pattern[str] | None, name: str, line: str) -> bool:
    """Whether ``line`` is an event line (``times``: its start) whose stripped white space is more
    than spaces and tabs."""
    if times is None or line.isascii() or (m := times.match(line)) is None:
        return False
    return stripped_blanks(name, line[m.end() :])


def plain_event(name: str, found: re.Match[str] | None, per_frame: float, line: int) -> Cue | None:
    """The cue of an event line that ``found`` matched (:data:`PLAIN_LINE`; ``per_frame``: the
    milliseconds of a MicroDVD frame) as pysubs2 reads it (its documented reading: MicroDVD frames
    rounded to milliseconds, the text stripped, ``|`` between lines; MPL2 deciseconds, each line
    stripped) and subconv's ASS reader then reads it from pysubs2's ASS rendering, with no report
    entry; None when the line is not plain (no match), its start is after its end, its text has
    no line, or (MPL2) a line is in italics (``/``): pysubs2 reads it.

    >>> c = plain_event("microdvd", PLAIN_LINE["microdvd"].fullmatch("{25}{50} a|b"), 40.0, 9)
    >>> c.start, c.end, c.lines, c.source_line
    (1000, 2000, ('a', 'b'), 9)
    >>> plain_event("mpl2", PLAIN_LINE["mpl2"].fullmatch("[10][20]/italic"), 0.0, 1) is None
    True
    """
    if found is None:
        return None
    a, b, text = found.groups()
    if not text.isascii() and stripped_blanks(name, text):
        return None  # (read by pysubs2, and reported: :func:`report_left_out`)
    if name == "microdvd":
        start, end = round(int(a) * per_frame), round(int(b) * per_frame)
        text = text.strip()
        if not text:
            return None
        lines = tuple(text.split("|")) if "|" in text else (text,)
    else:
        start, end = round(float(a) / 10 * 1000), round(float(b) / 10 * 1000)
        lines = tuple(s.strip() for s in text.split("|")) if "|" in text else (text.strip(),)
        if not any(lines) or any(s.startswith("/") for s in lines):
            return None
    if start > end:
        return None
    return plain_cue(start, end, lines, line)


#: where an event starts, for the formats whose events can be found in the text: a line of
#: its own (MicroDVD, MPL2, TMP) or a ``<SYNC>`` tag (SAMI)
_EVENT_START = {
    "microdvd": re.compile(r"^ *\{ *\d+ *\} *\{ *\d+ *\}.", re.M),  # (pysubs2's own tests of a line)
    "mpl2": re.compile(r"^\[-?\d+\]\[-?\d+\]", re.M),
    "tmp": re.compile(r"^[^\S\n]*\d{1,2}:\d{2}:\d{2}[:=]", re.M),
    "sami": re.compile(r"<sync\b|<!--(?P<c>.*?)-->", re.I | re.S),  # (not in a comment)
    "whisper_jax": re.compile(
        r"^[^\S\n]*\[(?:\d{1,2}:)?\d{2}:\d{2}\.\d{3} -> (?:\d{1,2}:)?\d{2}:\d{2}\.\d{3}\] [^\n]*\S", re.M
    ),
}


def event_lines(name: str, text: str, count: int, rate_line: bool = False) -> list[int | None]:
    """The input's line of each of the ``count`` events pysubs2 read, in order: where the events
    start (``rate_line``: the first is MicroDVD's ``{1}{1}25``, not an event), when there are as
    many; else None for each (unknown: not the line in pysubs2's ASS rendering, which the reader
    would report).

    >>> event_lines("microdvd", "{1}{1}25\\n{10}{20}a\\n\\n{30}{40}b\\n", 2, rate_line=True)
    [2, 4]
    >>> event_lines("json", "{}", 1)
    [None]
    >>> event_lines("sami", "<SAMI><BODY>\\n<SYNC Start=0><P>a\\n<Sync start=900><P>b", 2)
    [2, 3]
    """
    pattern = _EVENT_START.get(name)
    if pattern is None:
        return [None] * count
    starts = [m.start() for m in pattern.finditer(text) if name != "sami" or m.group("c") is None]
    del starts[: int(rate_line)]
    lines: list[int | None] = []
    line, counted = 1, 0
    for at in starts:
        line += text.count("\n", counted, at)
        counted = at
        lines.append(line)
    return lines if len(lines) == count else [None] * count


def report_left_out(
    name: str, text: str, lines: list[int | None], lines_before: int, report: Report, *, rate_line: bool
) -> None:
    """Report each line of ``text`` that is not blank and that no event (at ``lines``) starts at:
    pysubs2 skipped it.  (Events whose lines are unknown: one warning, as the lines cannot be
    told.)  And, in the same pass (the entries in the order of the lines), each event line whose
    white space pysubs2 strips is more than spaces and tabs (:func:`stripped_blanks`).

    >>> rep = Report()
    >>> report_left_out("mpl2", "[1][2]a\\nnoise\\n\\n[3][4]b\\n", [1, 4], 0, rep, rate_line=False)
    >>> [(e.action, e.line, e.text) for e in rep]
    [('dropped', 2, 'noise')]
    """
    if name not in LINE_FORMATS:  # (read a line at a time: pysubs2 skips a line it cannot read)
        return
    found = {line for line in lines if line is not None}
    known: set[int] | None = found if len(found) == len(lines) else None
    if known is None:
        report.add(name, "warning", "lines pysubs2 could not read may have been left out (which ones is not known)")
    elif rate_line:
        known.add(1)
    times = _EVENT_TIMES.get(name) if not text.isascii() else None
    for number, line in enumerate(text.split("\n"), 1):
        if known is not None and number not in known and line.strip():
            report.add(name, "dropped", f"not a {name} event line: left out", number + lines_before, line)
        elif _stripped_line(times, name, line):
            report.add(name, "dropped", STRIPPED, number + lines_before, line)


#: what a text of a format must hold to be one, for the formats whose reading through pysubs2
#: finds no event in any other text and leaves no line out (SAMI: a ``<SAMI>`` or ``<SYNC>``
#: tag, not in a comment), and what a text without it is not; the line formats' other lines are
#: reported left out instead
_SIGNATURE = {
    "sami": (
        re.compile(r"<(?:sami|sync)\b|<!--(?P<c>.*?)-->", re.I | re.S),
        "not a SAMI document (no <SAMI> or <SYNC> tag)",
    )
}


def signed(name: str, text: str) -> bool:
    """Whether ``text`` holds what a text of format ``name`` holds (:data:`_SIGNATURE`; a format
    without one: always).

    >>> signed("sami", "<SAMI><BODY></BODY></SAMI>"), signed("sami", "<!-- <SYNC> -->1\\n00:00:01,000 --> 00:00:02,000")
    (True, False)
    """
    if name not in _SIGNATURE:
        return True
    return any(m.group("c") is None for m in _SIGNATURE[name][0].finditer(text))


def refuse_unsigned(name: str, text: str) -> None:
    """A :class:`ParseError` at the first line of ``text`` that is not blank, a text given as
    format ``name`` that holds nothing of it (not :func:`signed`) and gave no event: before, an
    SRT file read as SAMI was an empty track, and an empty output with exit 0.  Nothing for a
    text of white space only (an empty file).

    >>> refuse_unsigned("sami", "\\n\\n1\\n00:00:01,000 --> 00:00:02,000\\n")
    Traceback (most recent call last):
    subconv.errors.ParseError: line 3: sami: not a SAMI document (no <SAMI> or <SYNC> tag): 1
    """
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip():
            raise ParseError(name, _SIGNATURE[name][1], number, snippet=line.strip())

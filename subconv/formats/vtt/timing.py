"""WebVTT timing lines (``00:01.000 --> 00:02.000 settings``): their times and the settings text
after them, and the one repair that weighs the whole file, short fractions read as players read
them."""

from __future__ import annotations

import re

from ...errors import ParseError
from ...report import Report
from ...timefmt import VTT_TIMESTAMP, srt_field_tables, vtt_ms

#: the format's name (report entries)
NAME = "vtt"

_TIMING_RE = re.compile(r"[ \t\f\r]*" + VTT_TIMESTAMP + r"[ \t\f\r]*-->[ \t\f\r]*" + VTT_TIMESTAMP + r"(.*)")

# the usual timing line ("hh:mm:ss.ttt --> hh:mm:ss.ttt"); any other goes through _TIMING_RE
_FAST_TIMING_RE = re.compile(
    r"([0-9]{2}:[0-5][0-9]):([0-5][0-9])\.([0-9]{3}) --> ([0-9]{2}:[0-5][0-9]):([0-5][0-9])\.([0-9]{3})(?![0-9])(.*)"
)


def timing_of(line: str) -> tuple[int, int, str] | None:
    """(start, end, settings text) of a timing line, or None where the spec fails."""
    m = _FAST_TIMING_RE.fullmatch(line)
    if m is not None:
        hours_minutes, seconds, fraction = srt_field_tables()
        hm0, s0, f0, hm1, s1, f1, rest = m.groups()
        return hours_minutes[hm0] + seconds[s0] + fraction[f0], hours_minutes[hm1] + seconds[s1] + fraction[f1], rest
    m = _TIMING_RE.fullmatch(line)
    if m is None:
        return None
    gr = m.groups()
    start = vtt_ms(gr[0], gr[1], gr[2], gr[3])
    end = vtt_ms(gr[4], gr[5], gr[6], gr[7])
    if start is None or end is None:
        return None
    return start, end, gr[8]


# a timestamp with one or two fraction digits ("00:02:04.08"), which the spec refuses (browsers
# drop the cue) and pysubs2, webvtt-py and ffmpeg read as hundredths
SHORT_FRACTION = re.compile(r"(?<![0-9.:])((?:[0-9]+:)?[0-9]{2}:[0-9]{2})\.([0-9]{1,2})(?![0-9.:])")
_ARROW_LINE = re.compile(r"(?m)^[^\n]*-->[^\n]*$")


def _padded(m: re.Match[str]) -> str:
    return f"{m.group(1)}.{m.group(2).ljust(3, '0')}"


def pad_short_fractions(text: str, report: Report) -> str:
    """``text`` with the short fractions of its timing lines padded (``.08`` -> ``.080``) when
    they are the file's convention (at least half of its ``-->`` lines have one), each repair
    reported; else ``text`` unchanged (the spec then drops those cues, and says so).

    >>> r = Report()
    >>> pad_short_fractions("WEBVTT\\n\\n00:02:04.08 --> 00:02:06.5\\nHi\\n", r).split("\\n")[2]
    '00:02:04.080 --> 00:02:06.500'
    >>> r.entries[0].line, r.entries[0].reason
    (3, 'timestamp with 1-2 fraction digits read as hundredths/tenths (00:02:04.08 = 00:02:04.080), as players do')
    """
    arrows = _ARROW_LINE.findall(text)
    short = sum(1 for ln in arrows if SHORT_FRACTION.search(ln))
    if not short or short * 2 < len(arrows):
        return text
    parts: list[str] = []
    done = 0
    line_no = 1
    for m in _ARROW_LINE.finditer(text):
        line = m.group()
        first = SHORT_FRACTION.search(line)
        if first is None:
            continue
        line_no += text.count("\n", done, m.start())
        parts += (text[done : m.start()], SHORT_FRACTION.sub(_padded, line))
        done = m.end()
        report.add(
            NAME,
            "repaired",
            "timestamp with 1-2 fraction digits read as hundredths/tenths "
            f"({first.group()} = {_padded(first)}), as players do",
            line_no,
            line,
        )
    parts.append(text[done:])
    return "".join(parts)


def timing_at(line: str, line_no: int) -> tuple[int, int, str] | None:
    """:func:`timing_of`, with a ParseError about the line (an absurd timestamp) placed at ``line_no``."""
    try:
        return timing_of(line)
    except ParseError as exc:
        raise ParseError(NAME, exc.reason, line_no, snippet=exc.snippet) from None

"""Clock stamps as pages print them (``0:03``, ``[01:02:03]``, ``(00:01:02)``, ``1:02:03.45``).

Every pattern here is anchored and uses bounded repetition only, so matching is
linear in the line's length.
"""

from __future__ import annotations

import itertools
import math
import re

from ..timefmt import STAMP, parse_stamp

#: ``[h:]m:ss[.frac]`` with 1-3 digit hours, 1-2 digit minutes, 2 digit seconds.
CLOCK = STAMP

#: A clock as a page prints it, with an ASCII or a full-width colon (``０：１２``, typed with a
#: Chinese or Japanese input method); :func:`clock_ms` reads both.
#: Also a video editor's timecode with frames (``00:00:05:12``, drop-frame ``00:00:05;12``: Adobe
#: Premiere's transcript export), read by :func:`clock_ms`.
_CLOCK = r"(?:" + CLOCK.replace("}:", "}[:\uff1a]") + r"|\d{1,3}[:\uff1a]\d{2}[:\uff1a]\d{2}[:;]\d{2})"
_FRAMES = re.compile(r"(\d{1,3}):(\d{2}):(\d{2})[:;](\d{2})")
#: Seconds as some transcript tools print them: ``[12s]``, ``(1m05s)``, ``[1h2m3.5s]``; bare
#: (``12s text``) only where a page's stamped lines are written so (``90s kids`` is speech).
_SECONDS = r"(?:\d{1,3}h)?(?:\d{1,4}m)?\d{1,6}(?:[.,]\d{1,3})?s"
_SECONDS_PARTS = re.compile(r"(?:(\d{1,3})h)?(?:(\d{1,4})m)?(\d{1,6})(?:[.,](\d{1,3}))?s")
#: The target of a Markdown link around a stamp (``[0:03](https://youtu.be/x?t=3)``): not spoken.
_LINK_TARGET = r"\([^()\s]{0,2000}\)"
#: Between the two stamps of a range (``[00:00:07 - 00:00:10]``, ``0:07 --> 0:10``).
_TO = r"[ \t]*(?:-->|->|[-\u2013\u2014~]|to)[ \t]*"

#: A line that is nothing but a stamp (or a range of two), optionally bracketed: ``0:03``,
#: ``[00:01:02]``, ``(1:02)``, ``00:00:00:00 - 00:00:05:12``.
STAMP_ONLY = re.compile(r"[\[(]?[ \t]?(" + _CLOCK + r")(?:" + _TO + r"(" + _CLOCK + r"))?[ \t]?[\])]?")

#: A stamp at the start of a line, then the text: ``0:03 text``, ``[00:01] text``, ``00:00:08 text``;
#: also a range (``[00:00:07 - 00:00:10] text``: both times), a bracketed stamp that is a Markdown
#: link (``[0:03](https://youtu.be/x?t=3) text``) and bracketed seconds (``[12s] text``).
_LEAD = (
    r"(?P<open>[\[(]?)[ \t]?(?P<start>" + _CLOCK + r"|" + _SECONDS + r")"
    r"{range}[ \t]?(?P<close>[\])]?)"
    r"(?P<link>" + _LINK_TARGET + r")?(?:[ \t]*[-\u2013\u2014:|][ \t]+|[ \t]+)(?P<rest>\S.*)"
)
STAMP_LEAD = re.compile(_LEAD.replace("{range}", r"(?:" + _TO + r"(?P<end>" + _CLOCK + r"|" + _SECONDS + r"))?"))
#: :data:`STAMP_LEAD` without the range (where the second stamp is before the first: text)
_ONE_LEAD = re.compile(_LEAD.replace("{range}", ""))


#: Bare seconds at a line's start, then the text: ``12s text``, ``1m05s - text`` (a stamp only on
#: a page whose stamped lines are all written so: ``pages.text`` decides; ``90s kids`` is speech).
_BARE_SECONDS = re.compile(r"(" + _SECONDS + r")(?:[ \t]*[-\u2013\u2014:|][ \t]+|[ \t]+)(\S.*)")


def bare_seconds_lead(line: str) -> tuple[int, str] | None:
    """``(ms, rest)`` for a line starting with bare seconds then text, else None.

    >>> bare_seconds_lead("12s so here we are"), bare_seconds_lead("1m05s - and then"), bare_seconds_lead("3 steps")
    ((12000, 'so here we are'), (65000, 'and then'), None)
    """
    m = _BARE_SECONDS.fullmatch(line.strip())
    if m is None:
        return None
    ms = seconds_ms(m.group(1))
    return None if ms is None else (ms, m.group(2).rstrip())


def clock_ms(text: str) -> int | None:
    """Milliseconds of a clock stamp (:func:`subconv.timefmt.parse_stamp`, a full-width colon
    too, or a timecode with frames), or None when it is not one.  A transcript does not say its
    frame rate: frames count at 30 a second (60 from frame 30 on), under a quarter of a second
    off at 24 or 25 frames a second.

    >>> clock_ms("1:02"), clock_ms("\uff10\uff1a\uff11\uff12"), clock_ms("1:75"), clock_ms("00:01:02:15")
    (62000, 12000, None, 62500)
    """
    text = text.replace("\uff1a", ":")
    m = _FRAMES.fullmatch(text.strip())
    if m is None:
        return parse_stamp(text)
    h, mi, se, ff = (int(g) for g in m.groups())
    if mi >= 60 or se >= 60 or ff >= 60:
        return None
    return (h * 3600 + mi * 60 + se) * 1000 + round(ff * 1000 / (30 if ff < 30 else 60))


def seconds_ms(text: str) -> int | None:
    """Milliseconds of a seconds stamp (``12s``, ``1m05s``, ``1h2m3.5s``), else None.

    >>> seconds_ms("12s"), seconds_ms("1m05s"), seconds_ms("1h2m3.5s"), seconds_ms("1m75s"), seconds_ms("12")
    (12000, 65000, 3723500, None, None)
    """
    m = _SECONDS_PARTS.fullmatch(text)
    if m is None:
        return None
    h, mi, se, frac = m.groups()
    if (mi is not None and int(se) >= 60) or (h is not None and mi is not None and int(mi) >= 60):
        return None
    return (int(h or 0) * 3600 + int(mi or 0) * 60 + int(se)) * 1000 + _fraction(frac)


def _fraction(digits: str | None) -> int:
    return round(int(digits) * 10 ** (3 - len(digits))) if digits else 0


def _time(text: str) -> int | None:
    return seconds_ms(text) if text.endswith("s") else clock_ms(text)


def stamp_only(line: str) -> int | None:
    """The time of a line that holds only a stamp, else None.

    >>> stamp_only("  [00:01:02] "), stamp_only("(1:05)"), stamp_only("1:05 hi")
    (62000, 65000, None)
    """
    got = stamp_span_only(line)
    return None if got is None else got[0]


def stamp_span_only(line: str) -> tuple[int, int | None] | None:
    """``(start, end)`` of a line that holds only a stamp or a range of two (``end`` None for
    one stamp, or where the second is not after the first), else None.

    >>> stamp_span_only("00:00:00:00 - 00:00:05:12"), stamp_span_only("[1:05]"), stamp_span_only("0:09 - 0:03")
    ((0, 5400), (65000, None), (9000, None))
    """
    line = line.strip()
    m = STAMP_ONLY.fullmatch(line)
    if m is None:
        return None
    opening = line[:1]
    closing = line[-1:]
    if {opening, closing} & {"[", "]", "(", ")"} and {opening, closing} not in ({"[", "]"}, {"(", ")"}):
        return None
    start = clock_ms(m.group(1))
    if start is None:
        return None
    end = None if m.group(2) is None else clock_ms(m.group(2))
    return start, end if end is not None and end > start else None


def stamp_lead(line: str) -> tuple[int, str] | None:
    """``(ms, rest)`` for a line starting with a stamp followed by text, else None
    (:func:`stamp_span_lead` without the end).

    >>> stamp_lead("0:03 so here we are")
    (3000, 'so here we are')
    >>> stamp_lead("[00:01:02] Hello")
    (62000, 'Hello')
    >>> stamp_lead("10:30am is early") is None
    True
    """
    got = stamp_span_lead(line)
    return None if got is None else (got[0], got[2])


def stamp_span_lead(line: str) -> tuple[int, int | None, str] | None:
    """``(start, end, rest)`` for a line starting with a stamp (or a range of two: ``end``, else
    None; None too where it is the start again) followed by text, else None.  A Markdown link's
    target after a bracketed stamp is left out (``[0:03](https://youtu.be/x?t=3) text``); seconds
    (``12s``) count only in brackets; a range whose end is before its start is no range.

    >>> stamp_span_lead("[00:00:07 - 00:00:10] hi everybody"), stamp_span_lead("0:07 --> 0:10 hi")
    ((7000, 10000, 'hi everybody'), (7000, 10000, 'hi'))
    >>> stamp_span_lead("[1:05](https://youtu.be/x?t=65) and so"), stamp_span_lead("(12s) we start")
    ((65000, None, 'and so'), (12000, None, 'we start'))
    >>> stamp_span_lead("90s kids know"), stamp_span_lead("0:03 - 10 apples"), stamp_span_lead("0:09 - 0:03 x")
    (None, (3000, None, '10 apples'), (9000, None, '0:03 x'))
    """
    line = line.strip()
    m = STAMP_LEAD.fullmatch(line)
    if m is None:
        return None
    got = _span_lead(m)
    if got is None and m.group("end") is not None and (m := _ONE_LEAD.fullmatch(line)) is not None:
        got = _span_lead(m)
    return got


def _span_lead(m: re.Match[str]) -> tuple[int, int | None, str] | None:
    opening, closing, start_text = m.group("open", "close", "start")
    end_text = m.groupdict().get("end")
    bracketed = {opening, closing} in ({"[", "]"}, {"(", ")"})
    if not bracketed and {opening, closing} != {""}:
        return None
    if m.group("link") is not None and opening != "[":
        return None
    if not bracketed and (start_text.endswith("s") or (end_text or "").endswith("s")):
        return None
    ms = _time(start_text)
    if ms is None:
        return None
    end = None if end_text is None else _time(end_text)
    if end_text is not None and (end is None or end < ms):
        return None
    if end == ms:
        end = None  # (a range of no length: under the page's resolution; the time step gives one)
    return ms, end, m.group("rest").rstrip()


def parse_time_value(raw: str) -> tuple[float, bool] | None:
    """Parse a time attribute value: ``(number, is_integer)`` in its own unit, clock form in seconds.

    The unit of integers (seconds or milliseconds) is decided per page by the caller.

    >>> parse_time_value("12.5"), parse_time_value("1500"), parse_time_value("00:01:02.5")
    ((12.5, False), (1500.0, True), (62.5, False))
    >>> parse_time_value("soon") is None
    True
    """
    t = raw.strip().rstrip("s").strip()
    if not t:
        return None
    if ":" in t:
        ms = clock_ms(t)
        return None if ms is None else (ms / 1000.0, False)
    try:
        value = float(t)
    except ValueError:
        return None
    if math.isnan(value) or value < 0 or value > 1e10:  # NaN, negative, absurd
        return None
    integer = "." not in t and "e" not in t.lower()
    return value, integer


def integers_are_ms(values: list[float]) -> bool:
    """Decide whether a page's integer time attributes are milliseconds (else seconds).

    Consecutive captions are a few seconds apart: a median positive step of 100
    or more means milliseconds.  A single value is milliseconds when it is over
    three hours as seconds.

    >>> integers_are_ms([0, 2500, 4100]), integers_are_ms([0, 3, 7, 12]), integers_are_ms([45000])
    (True, False, True)
    """
    steps = sorted(b - a for a, b in itertools.pairwise(values) if b > a)
    if steps:
        return steps[len(steps) // 2] >= 100
    return bool(values) and max(values) > 3 * 3600

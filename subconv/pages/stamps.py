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

#: A line that is nothing but a stamp, optionally bracketed: ``0:03``, ``[00:01:02]``, ``(1:02)``.
STAMP_ONLY = re.compile(r"[\[(]?[ \t]?(" + CLOCK + r")[ \t]?[\])]?")

#: A stamp at the start of a line, then the text: ``0:03 text``, ``[00:01] text``, ``00:00:08 text``.
STAMP_LEAD = re.compile(r"([\[(]?)[ \t]?(" + CLOCK + r")[ \t]?([\])]?)(?:[ \t]*[-–—:|][ \t]+|[ \t]+)(\S.*)")


#: Milliseconds of a clock stamp, or None when it is not one (:func:`subconv.timefmt.parse_stamp`).
clock_ms = parse_stamp


def stamp_only(line: str) -> int | None:
    """The time of a line that holds only a stamp, else None.

    >>> stamp_only("  [00:01:02] "), stamp_only("(1:05)"), stamp_only("1:05 hi")
    (62000, 65000, None)
    """
    line = line.strip()
    m = STAMP_ONLY.fullmatch(line)
    if m is None:
        return None
    opening = line[:1]
    closing = line[-1:]
    if {opening, closing} & {"[", "]", "(", ")"} and {opening, closing} not in ({"[", "]"}, {"(", ")"}):
        return None
    return clock_ms(m.group(1))


def stamp_lead(line: str) -> tuple[int, str] | None:
    """``(ms, rest)`` for a line starting with a stamp followed by text, else None.

    >>> stamp_lead("0:03 so here we are")
    (3000, 'so here we are')
    >>> stamp_lead("[00:01:02] Hello")
    (62000, 'Hello')
    >>> stamp_lead("10:30am is early") is None
    True
    """
    m = STAMP_LEAD.fullmatch(line.strip())
    if m is None:
        return None
    opening, closing = m.group(1), m.group(3)
    if {opening, closing} not in ({""}, {"[", "]"}, {"(", ")"}):
        return None
    ms = clock_ms(m.group(2))
    if ms is None:
        return None
    return ms, m.group(4).rstrip()


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

"""Timestamps: parsing and formatting, and the one place where times are rounded.

All times are integer milliseconds.
"""

from __future__ import annotations

import functools

MAX_MS = 100 * 3600 * 1000 - 1  # 99:59:59.999, the largest two-digit-hour time


def to_resolution(ms: int, resolution: int) -> int:
    """Round ``ms`` to the nearest multiple of ``resolution`` (halves round up).

    This is the only place where subconv rounds a time to a format's
    resolution (ASS: 10 ms).

    >>> to_resolution(1234, 10), to_resolution(1235, 10), to_resolution(999, 1)
    (1230, 1240, 999)
    """
    if resolution <= 1:
        return ms
    return ((ms + resolution // 2) // resolution) * resolution


def split_ms(ms: int) -> tuple[int, int, int, int]:
    """Split milliseconds into (hours, minutes, seconds, milliseconds).

    >>> split_ms(3723004)
    (1, 2, 3, 4)
    """
    ms = max(ms, 0)
    s, f = divmod(ms, 1000)
    m, s = divmod(s, 60)
    h, m = divmod(m, 60)
    return h, m, s, f


#: the most significant digits a timestamp field (or a number in markup) may have: 9 digits of
#: hours is 114,000 years.  A longer field is refused before ``int()`` sees it: Python raises
#: ``ValueError`` past 4,300 digits, and a huge integer is slow to make and to print.
MAX_FIELD_DIGITS = 9


def field_value(digits: str) -> int | None:
    """The value of a string of ASCII digits, or None when it has more than
    :data:`MAX_FIELD_DIGITS` significant digits (leading zeros do not count).

    >>> field_value("0042"), field_value("0" * 5000 + "7"), field_value("9" * 10)
    (42, 7, None)
    """
    significant = digits.lstrip("0")
    if len(significant) > MAX_FIELD_DIGITS:
        return None
    return int(significant) if significant else 0


def fraction_to_ms(digits: str) -> int:
    """A fraction-of-a-second digit string to milliseconds (``"5"`` is 500 ms).

    >>> fraction_to_ms("5"), fraction_to_ms("05"), fraction_to_ms("005"), fraction_to_ms("1234")
    (500, 50, 5, 123)
    """
    if not digits:
        return 0
    return int((digits + "00")[:3])


def parse_clock(text: str) -> int | None:
    """Parse ``[h:]mm:ss[.fff]`` or plain seconds (``"90.5"``) to ms; None if malformed.

    >>> parse_clock("1:02:03.5"), parse_clock("02:03"), parse_clock("90.25"), parse_clock("x")
    (3723500, 123000, 90250, None)
    """
    t = text.strip().replace(",", ".")
    if not t:
        return None
    main, _, frac = t.partition(".")
    if frac and not frac.isdigit():
        return None
    parts = main.split(":")
    if len(parts) > 3 or not all(p.isdigit() for p in parts):
        return None
    values = [field_value(p) for p in parts]
    if None in values:
        return None
    nums = [v for v in values if v is not None]
    if len(nums) > 1 and any(n >= 60 for n in nums[1:]):
        return None
    total = 0
    for n in nums:
        total = total * 60 + n
    return total * 1000 + fraction_to_ms(frac)


@functools.cache
def clock_tables(padded_hours: bool, separator: str, fraction_digits: int) -> tuple[list[str], list[str], list[str]]:
    """Lookup tables for fast timestamp writing: ``H:MM:`` (hours below 100), ``SS`` +
    ``separator``, and the fraction as ``fraction_digits`` digits; built once per shape.

    >>> hm, sec, frac = clock_tables(True, ",", 3)
    >>> hm[61] + sec[2] + frac[5]
    '01:01:02,005'
    """
    hour = "{h:02d}:{m:02d}:" if padded_hours else "{h}:{m:02d}:"
    return (
        [hour.format(h=h, m=m) for h in range(100) for m in range(60)],
        [f"{s:02d}{separator}" for s in range(60)],
        [f"{f:0{fraction_digits}d}" for f in range(10**fraction_digits)],
    )

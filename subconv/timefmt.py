"""Clocks: every timestamp subconv reads or writes is parsed and formatted here, and this is
the one place where times are rounded.

All times are integer milliseconds.  A format's clock is a :class:`ClockShape` (how the hours
are padded, the character before the fraction, how many fraction digits);
:func:`format_clock` writes any time in it and :func:`clock_formatter` gives the same function
built on lookup tables, for writers of many cues.  The parsers follow each format's rules:
:func:`parse_srt` (lenient, as real SRT files need), :func:`parse_vtt` (the WebVTT spec's),
:func:`parse_ass`, :func:`parse_stamp` (the stamps caption pages print) and
:func:`parse_clock` (``--duration`` and other user input).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import NamedTuple

from .errors import ParseError

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
    """Split milliseconds into (hours, minutes, seconds, milliseconds); a negative time is 0.

    >>> split_ms(3723004)
    (1, 2, 3, 4)
    """
    ms = max(ms, 0)
    s, f = divmod(ms, 1000)
    m, s = divmod(s, 60)
    h, m = divmod(m, 60)
    return h, m, s, f


# --------------------------------------------------------------------- writing


class ClockShape(NamedTuple):
    """How a format writes a time: ``01:02:03,004`` is ``ClockShape(True, ",", 3)``."""

    padded_hours: bool  # hours as two digits at least ("01:"), else as they come ("1:")
    separator: str  # between the seconds and the fraction
    fraction_digits: int  # 3: milliseconds, 2: centiseconds

    @property
    def resolution(self) -> int:
        """The time resolution in milliseconds (times are rounded to it when written)."""
        return int(10 ** (3 - self.fraction_digits))


SRT_CLOCK = ClockShape(True, ",", 3)
VTT_CLOCK = ClockShape(True, ".", 3)  # also TTML's clock time, and webvtt-py's
ASS_CLOCK = ClockShape(False, ".", 2)
SBV_CLOCK = ClockShape(False, ".", 3)
SUBVIEWER_CLOCK = ClockShape(True, ".", 2)


def format_clock(ms: int, shape: ClockShape) -> str:
    """``ms`` written in ``shape``, rounded to its resolution (any number of hours; negative is 0).

    >>> format_clock(3723004, SRT_CLOCK), format_clock(3723456, ASS_CLOCK), format_clock(360000000, VTT_CLOCK)
    ('01:02:03,004', '1:02:03.46', '100:00:00.000')
    """
    unit = shape.resolution
    h, m, s, f = split_ms(to_resolution(ms, unit))
    hours = f"{h:02d}" if shape.padded_hours else str(h)
    return f"{hours}:{m:02d}:{s:02d}{shape.separator}{f // unit:0{shape.fraction_digits}d}"


@functools.cache
def clock_tables(shape: ClockShape) -> tuple[list[str], list[str], list[str]]:
    """Lookup tables for fast timestamp writing: ``H:MM:`` (hours below 100), ``SS`` + the
    separator, and the fraction; built once per shape.

    >>> hm, sec, frac = clock_tables(SRT_CLOCK)
    >>> hm[61] + sec[2] + frac[5]
    '01:01:02,005'
    """
    hours = [f"{h:02d}:" if shape.padded_hours else f"{h}:" for h in range(100)]
    minutes = [f"{m:02d}:" for m in range(60)]
    digits = shape.fraction_digits
    return (
        [h + m for h in hours for m in minutes],  # (joined, not formatted: a conversion builds them at its start)
        [f"{s:02d}{shape.separator}" for s in range(60)],
        [f"{f:0{digits}d}" for f in range(10**digits)],
    )


def _clock_steps(shape: ClockShape) -> tuple[int, int, int, int]:
    """What the table-driven writers below divide by: the shape's unit (ms), half of it (for
    rounding), units per second and per minute."""
    unit = shape.resolution
    half = unit // 2
    per_second = 1000 // unit
    return unit, half, per_second, 60 * per_second


#: the minutes the ``H:MM:`` table holds (hours below 100); a later time's hours are written
#: as they are (``{h:02d}`` is ``str(h)`` from 100 on), its minutes from the table
_TABLE_MINUTES = 100 * 60


def _long_hours(hm: list[str], minutes: int) -> str:
    """``H:MM:`` of ``minutes`` of 100 hours or more: the hours' digits, then the table's minutes."""
    return f"{minutes // 60}:{hm[minutes % 60][-3:]}"


@functools.cache
def clock_formatter(shape: ClockShape) -> Callable[[int], str]:
    """:func:`format_clock` for one shape, from lookup tables (for writers of many cues).

    >>> srt = clock_formatter(SRT_CLOCK)
    >>> srt(3723004), srt(-5), srt(360000000), clock_formatter(ASS_CLOCK)(3723455)
    ('01:02:03,004', '00:00:00,000', '100:00:00,000', '1:02:03.46')
    """
    hm, sec, frac = clock_tables(shape)
    unit, half, per_second, per_minute = _clock_steps(shape)

    def clock(ms: int) -> str:
        if ms < 0:
            return format_clock(ms, shape)
        # (ms + half) // unit: to_resolution(ms, unit) // unit, inlined (a writer calls this twice a cue)
        minutes, rest = divmod((ms + half) // unit, per_minute)
        seconds, fraction = divmod(rest, per_second)
        return (hm[minutes] if minutes < _TABLE_MINUTES else _long_hours(hm, minutes)) + sec[seconds] + frac[fraction]

    def millisecond_clock(ms: int) -> str:
        if ms < 0:
            return format_clock(ms, shape)
        minutes, rest = divmod(ms, 60_000)
        seconds, fraction = divmod(rest, 1000)
        return (hm[minutes] if minutes < _TABLE_MINUTES else _long_hours(hm, minutes)) + sec[seconds] + frac[fraction]

    return millisecond_clock if unit == 1 else clock


@functools.cache
def timing_formatter(shape: ClockShape, between: str) -> Callable[[int, int], str]:
    """``start`` + ``between`` + ``end``, each written as :func:`clock_formatter` writes it, in
    one call (a writer's timing line: SRT's and WebVTT's ``" --> "``, ASS's ``","``).

    >>> timing_formatter(SRT_CLOCK, " --> ")(1000, 3723004), timing_formatter(ASS_CLOCK, ",")(5, 3723455)
    ('00:00:01,000 --> 01:02:03,004', '0:00:00.01,1:02:03.46')
    """
    hm, sec, frac = clock_tables(shape)
    unit, half, per_second, per_minute = _clock_steps(shape)

    def timing(start: int, end: int) -> str:
        if start < 0 or end < 0:
            return format_clock(start, shape) + between + format_clock(end, shape)
        if unit != 1:  # (ms + half) // unit is to_resolution(ms, unit) // unit, inlined: it runs for every cue
            start, end = (start + half) // unit, (end + half) // unit
        # (// and % rather than divmod: no call and no tuple, a quarter of this function's time)
        s_minutes = start // per_minute
        s_rest = start % per_minute
        e_minutes = end // per_minute
        e_rest = end % per_minute
        s_hm = hm[s_minutes] if s_minutes < _TABLE_MINUTES else _long_hours(hm, s_minutes)
        e_hm = hm[e_minutes] if e_minutes < _TABLE_MINUTES else _long_hours(hm, e_minutes)
        return (
            f"{s_hm}{sec[s_rest // per_second]}{frac[s_rest % per_second]}"
            f"{between}{e_hm}{sec[e_rest // per_second]}{frac[e_rest % per_second]}"
        )

    return timing


# --------------------------------------------------------------------- reading

#: the most significant digits a timestamp field (or a number in markup) may have: 9 digits of
#: hours is 114,000 years.  A longer field is refused before ``int()`` sees it: Python raises
#: ``ValueError`` past 4,300 digits, and a huge integer is slow to make and to print.
MAX_FIELD_DIGITS = 9

#: the latest time every reader takes, the last millisecond of 9-digit hours
#: (999999999:59:59.999): a later time in any input is a :class:`ParseError`
LATEST_MS: int = 10**MAX_FIELD_DIGITS * 3_600_000 - 1

#: where Amara (its ``babelsubs`` library) puts a cue that has its text but no times yet: starting
#: and ending at 99:59:59.000, or at 9:59:59.000 in a format written with one digit of hours
#: (SBV).  A cue at one of them that lasts 0 ms is read as untimed
#: (:func:`subconv.formats.untimed_marks`): before, such a file became cues stacked 100 hours in.
UNTIMED_MARKS_MS = frozenset((359_999_000, 35_999_000))

#: the latest time a writer writes (999999999:00:00.000): a later one is written at it,
#: reported (:func:`subconv.formats.base.within_reach`), so that what subconv writes it reads
#: back; the hour to spare keeps a frame-counting format's rounding within :data:`LATEST_MS`
LATEST_WRITTEN_MS: int = (10**MAX_FIELD_DIGITS - 1) * 3_600_000


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


def hms_ms(hours: int, minutes: int, seconds: int, fraction: str = "") -> int:
    """Milliseconds of hours, minutes, seconds and a fraction's digits (:func:`fraction_to_ms`).

    >>> hms_ms(1, 2, 3, "5")
    3723500
    """
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + fraction_to_ms(fraction)


def ascii_digits(text: str) -> bool:
    """Whether ``text`` is one or more ASCII digits ``0``-``9``: the only digits a time, an offset
    or a number in a subtitle file is written in.  ``str.isdigit`` also takes ``²`` (which
    ``int`` refuses) and ``int`` also takes ``١٢`` (Arabic-Indic): every digit test before an
    ``int``/``float`` goes through this one (regular expressions: ``[0-9]`` or ``re.ASCII``),
    but for a caption page's own stamps (:data:`STAMP`) and numbered bullets, which take any
    script's decimal digits (``\\d``: Unicode's Nd, all of which ``int`` reads).

    >>> ascii_digits("0042"), ascii_digits("²"), ascii_digits("١٢"), ascii_digits(""), ascii_digits("-1")
    (True, False, False, False, False)
    """
    return text.isascii() and text.isdigit()


def parse_clock(text: str) -> int | None:
    """Parse ``[h:]mm:ss[.fff]`` or plain seconds (``"90.5"``) to ms; None if malformed
    (``--duration`` and other times a user types).

    >>> parse_clock("1:02:03.5"), parse_clock("02:03"), parse_clock("90.25"), parse_clock("x")
    (3723500, 123000, 90250, None)
    """
    t = text.strip().replace(",", ".")
    if not t:
        return None
    main, _, frac = t.partition(".")
    if frac and not ascii_digits(frac):
        return None
    parts = main.split(":")
    if len(parts) > 3 or not all(ascii_digits(p) for p in parts):
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


def parse_srt(tok: str, fmt: str = "srt") -> int | None:
    """One SRT timestamp, leniently: ``[h:]m:s[,.:]f`` with 1-3 fraction digits; None if bad.
    Hours of more than :data:`MAX_FIELD_DIGITS` digits are a :class:`ParseError` of ``fmt``.

    >>> parse_srt("01:02:03,5"), parse_srt("02:03.250"), parse_srt("0:0:1:5"), parse_srt("1:x:2,000")
    (3723500, 123250, 1500, None)
    """
    frac = ""
    main = tok
    for sep in (",", "."):
        if sep in main:
            main, _, frac = main.partition(sep)
            break
    parts = main.split(":")
    if not frac and len(parts) == 4:
        frac = parts.pop()
    if len(parts) == 3:
        h, m, s = parts
    elif len(parts) == 2:
        h, (m, s) = "0", parts
    else:
        return None
    if not (ascii_digits(h) and ascii_digits(m) and ascii_digits(s)) or (frac and not ascii_digits(frac)):
        return None
    if len(m) > 2 or len(s) > 2:
        return None
    hours = field_value(h)
    if hours is None:
        raise ParseError(fmt, f"timestamp out of range: {len(h)}-digit hours", snippet=tok[:40])
    return hms_ms(hours, int(m), int(s), frac)


#: the common, well-formed SRT timing line; anything else goes through the lenient parser
_SRT_TIMING = re.compile(
    r"(\d{1,9}:[0-5]\d):([0-5]\d)[,.](\d{1,3}) +--> +(\d{1,9}:[0-5]\d):([0-5]\d)[,.](\d{1,3})(?![\d:.,])(.*)",
    re.ASCII,
)


def parse_srt_timing(line: str) -> tuple[int, int, str] | None:
    """An SRT timing line (stripped) to (start, end, trailing text), or None; leniently:
    ``-- >`` and ``->`` arrows, any :func:`parse_srt` timestamp.

    A time written with a minus (a file shifted too far by some tool) is negative: the cue keeps
    it, so a later shift can bring it back; writers clamp it to 0 and report it.

    >>> parse_srt_timing("00:00:01,000 -- > 00:00:02,5  X1:10 X2:20")
    (1000, 2500, 'X1:10 X2:20')
    >>> parse_srt_timing("a -> b") is None, parse_srt_timing("-00:00:01,000 --> 00:00:04,000")
    (True, (-1000, 4000, ''))
    """
    m = _SRT_TIMING.match(line)
    if m is not None:
        hours_minutes, seconds, fraction = srt_field_tables()
        hm0, s0, f0, hm1, s1, f1, rest = m.groups()
        start = hours_minutes[hm0] + seconds[s0] + fraction[f0]
        return start, hours_minutes[hm1] + seconds[s1] + fraction[f1], rest.strip()
    gt = line.find(">")
    if gt < 1:
        return None
    left = line[:gt].rstrip()
    if not left.endswith("-"):
        return None
    left = left.rstrip("- ").strip()
    if not left:
        return None
    tok, _, rest = line[gt + 1 :].strip().partition(" ")
    t0 = _signed_srt(left)
    t1 = _signed_srt(tok)
    if t0 is None or t1 is None:
        return None
    return t0, t1, rest.strip()


def _signed_srt(tok: str) -> int | None:
    """:func:`parse_srt` of ``tok``, negative after a minus sign."""
    if tok.startswith("-"):
        ms = parse_srt(tok[1:].lstrip())
        return None if ms is None else -ms
    return parse_srt(tok)


#: one SBV or SubViewer time: hours, minutes, seconds and a fraction of 1-3 digits (after "." or ",")
_SBV_TIME = r"([0-9]{1,3}):([0-5]?[0-9]):([0-5]?[0-9])(?:[.,]([0-9]{1,3}))?"
_SBV_TIMING = re.compile(r"[ \t]*" + _SBV_TIME + r"[ \t]*,[ \t]*" + _SBV_TIME + r"[ \t]*", re.ASCII)


def parse_sbv_timing(line: str) -> tuple[int, int, int] | None:
    """An SBV or SubViewer timing line to ``(start, end, fraction digits of the start)``, or None.

    >>> parse_sbv_timing("0:00:01.000,0:00:03.500"), parse_sbv_timing("00:02:17.40,00:02:20.40")
    ((1000, 3500, 3), (137400, 140400, 2))
    >>> parse_sbv_timing("Hello, world") is None
    True
    """
    m = _SBV_TIMING.fullmatch(line)
    if m is None:
        return None
    h0, m0, s0, f0, h1, m1, s1, f1 = m.groups()
    start = hms_ms(int(h0), int(m0), int(s0), f0 or "")
    return start, hms_ms(int(h1), int(m1), int(s1), f1 or ""), len(f0 or "")


class _HoursMinutes(dict[str, int]):
    """``"01:02"`` -> 3720000; strings not in the table (over 99 hours) are computed, not stored."""

    def __missing__(self, key: str) -> int:
        h, _, m = key.partition(":")
        return (int(h) * 60 + int(m)) * 60_000


@functools.cache
def srt_field_tables() -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    """Milliseconds of the fields of an ``[h]h:mm:ss[,.]f{1,3}`` timestamp, as the fast paths of
    the SRT and WebVTT readers match them: ``"h:mm"`` (any hours), ``"ss"`` (below 60) and the
    fraction of 1-3 digits (``"5"`` is 500 ms).  Built on first use.

    >>> hm, s, f = srt_field_tables()
    >>> hm["01:02"] + s["03"] + f["5"], hm["123:00"]
    (3723500, 442800000)
    """
    minutes = [f"{m:02d}" for m in range(60)]
    hours_minutes = _HoursMinutes()
    for h in range(100):
        ms = range(h * 3_600_000, (h + 1) * 3_600_000, 60_000)
        for prefix in {f"{h}:", f"{h:02d}:"}:
            hours_minutes.update(zip([prefix + m for m in minutes], ms, strict=True))
    seconds = {f"{v:02d}": v * 1000 for v in range(60)}
    fraction = {f"{v:0{w}d}": v * 10 ** (3 - w) for w in (1, 2, 3) for v in range(10**w)}
    return hours_minutes, seconds, fraction


#: a WebVTT timestamp as the spec collects one: ``[h+:]mm:ss.ttt`` (groups: hours or minutes,
#: minutes or seconds, seconds or None, milliseconds; see :func:`vtt_ms`)
VTT_TIMESTAMP = r"([0-9]+):([0-9]{2})(?![0-9])(?::([0-9]{2})(?![0-9]))?\.([0-9]{3})(?![0-9])"
_VTT_TIMESTAMP = re.compile(VTT_TIMESTAMP)


def vtt_ms(first: str, second: str, third: str | None, millis: str) -> int | None:
    """Milliseconds from the groups of :data:`VTT_TIMESTAMP`, or None where the spec fails
    (minutes or seconds over 59; two fields whose first is not two digits).  Hours of more
    than :data:`MAX_FIELD_DIGITS` digits are a :class:`ParseError`.

    >>> vtt_ms("01", "02", None, "003"), vtt_ms("1", "02", "03", "004"), vtt_ms("60", "00", None, "000")
    (62003, 3723004, None)
    """
    if third is None:  # two components: the first must be minutes (2 digits, <= 59)
        if len(first) != 2 or int(first) > 59:
            return None
        hours, minutes, seconds = 0, int(first), int(second)
    else:
        value = field_value(first)
        if value is None:  # the spec allows any number of digits; Python's int() does not
            raise ParseError(
                "vtt", f"timestamp out of range: {len(first)}-digit hours", snippet=f"{first[:20]}...:{second}:{third}"
            )
        hours, minutes, seconds = value, int(second), int(third)
    if minutes > 59 or seconds > 59:
        return None
    return hms_ms(hours, minutes, seconds, millis)


def parse_vtt(text: str) -> int | None:
    """Parse a WebVTT timestamp exactly as the spec collects one; None on failure.

    >>> parse_vtt("01:02.003"), parse_vtt("1:00:00.000"), parse_vtt("00:00:00.00")
    (62003, 3600000, None)
    >>> parse_vtt("60:00.000") is None, parse_vtt("60:00:00.000")
    (True, 216000000)
    """
    m = _VTT_TIMESTAMP.fullmatch(text)
    if m is None:
        return None
    return vtt_ms(*m.groups())


_ASS_TIME = re.compile(r"(\d{1,9}):(\d\d):(\d\d)\.(\d\d)", re.ASCII)


def parse_ass(text: str) -> int | None:
    """An ASS time ``H:MM:SS.cc`` (leniently: any fraction digits, ``,`` too) to ms; None if
    malformed.  A field of more than :data:`MAX_FIELD_DIGITS` digits is a :class:`ParseError`.

    >>> parse_ass("0:00:01.50"), parse_ass("1:02:03.4"), parse_ass("x")
    (1500, 3723400, None)
    """
    fast = _ASS_TIME.fullmatch(text)
    if fast is not None:
        h, mi, se, cs = fast.groups()
        return hms_ms(int(h), int(mi), int(se), cs)
    t = text.strip()
    main, _, frac = t.replace(",", ".").partition(".")
    parts = main.split(":")
    if len(parts) != 3 or not all(ascii_digits(p) for p in parts) or (frac and not ascii_digits(frac)):
        return None
    h, m, s = (field_value(p) for p in parts)
    if h is None or m is None or s is None:
        raise ParseError("ass", f"timestamp out of range: a field of {max(map(len, parts))} digits", snippet=t[:40])
    return hms_ms(h, m, s, frac)


#: a clock stamp as caption pages print it: ``[h:]m:ss[.frac]``, 1-3 digit hours, 1-2 digit
#: minutes, 2 digit seconds, 1-3 fraction digits after ``.`` or ``,``
STAMP = r"(?:\d{1,3}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_STAMP = re.compile(r"(?:(\d{1,3}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?")


def stamp_ms(hours: str | None, minutes: str, seconds: str, fraction: str | None) -> int | None:
    """Milliseconds of a page stamp's fields, or None when it is not a time: seconds must be
    below 60, and minutes too when an hour field is present.

    >>> stamp_ms(None, "75", "00", None), stamp_ms("1", "02", "03", "45"), stamp_ms("1", "75", "00", None)
    (4500000, 3723450, None)
    """
    mi, se = int(minutes), int(seconds)
    if se >= 60 or (hours is not None and mi >= 60):
        return None
    return hms_ms(int(hours or 0), mi, se, fraction or "")


def parse_stamp(text: str) -> int | None:
    """Milliseconds of a page's clock stamp :data:`STAMP`, or None when it is not one.

    >>> parse_stamp("0:03"), parse_stamp(" 01:02:03 "), parse_stamp("1:02:03.45"), parse_stamp("12:75")
    (3000, 3723000, 3723450, None)
    """
    m = _STAMP.fullmatch(text.strip())
    return None if m is None else stamp_ms(*m.groups())


_SECONDS = re.compile(r"([-+]?)(\d{0,30})(?:\.(\d{0,30}))?(?:[eE]([-+]?\d{1,2}))?", re.ASCII)


def seconds_ms(text: str) -> int | None:
    """Milliseconds of a decimal number of seconds (Praat's ``1.059222833923831``, ``2e-3``),
    the nearest (halves away from zero); None when ``text`` is not one (or has over 30 digits a
    part, or an exponent over 99: no time is that precise or that long).

    >>> seconds_ms("1.059222833923831"), seconds_ms("0"), seconds_ms("2.5e-3"), seconds_ms("-.0005")
    (1059, 0, 3, -1)
    >>> seconds_ms("1.2.3"), seconds_ms("."), seconds_ms("1" * 31)
    (None, None, None)
    """
    m = _SECONDS.fullmatch(text.strip())
    if m is None or not (m.group(2) or m.group(3)):
        return None
    sign, whole, fraction, exponent = m.group(1), m.group(2), m.group(3) or "", m.group(4)
    digits = int(whole + fraction or "0")
    scale = 3 + int(exponent or 0) - len(fraction)  # value in ms = digits * 10**scale
    power = int(10 ** abs(scale))
    ms = digits * power if scale >= 0 else (2 * digits + power) // (2 * power)  # the nearest, a half up
    return -ms if sign == "-" else ms


def format_seconds(ms: int) -> str:
    """``ms`` as decimal seconds with three decimals (Praat's TextGrid times; :func:`seconds_ms`
    reads it back exactly).

    >>> format_seconds(1059), format_seconds(0), format_seconds(-1)
    ('1.059', '0.000', '-0.001')
    """
    sign = "-" if ms < 0 else ""
    whole, frac = divmod(abs(ms), 1000)
    return f"{sign}{whole}.{frac:03d}"

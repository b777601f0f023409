"""The one time module: every clock written then parsed gives the time back, and each parser
accepts what its format's spec allows (hypothesis, with edge values: 0, 999, the maxima)."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from subconv.errors import ParseError
from subconv.formats.ass import MAX_ASS_MS, format_time
from subconv.formats.sbv import parse_timing as parse_sbv_timing
from subconv.timefmt import (
    ASS_CLOCK,
    MAX_MS,
    SBV_CLOCK,
    SRT_CLOCK,
    SUBVIEWER_CLOCK,
    VTT_CLOCK,
    ClockShape,
    clock_formatter,
    format_clock,
    parse_ass,
    parse_clock,
    parse_srt,
    parse_srt_timing,
    parse_stamp,
    parse_vtt,
    timing_formatter,
    to_resolution,
)

times = st.integers(0, MAX_MS)
shapes = st.sampled_from([SRT_CLOCK, VTT_CLOCK, ASS_CLOCK, SBV_CLOCK, SUBVIEWER_CLOCK])
minutes_seconds = st.integers(0, 59)


@given(times)
@example(0)
@example(999)
@example(MAX_MS)
def test_srt_clock_round_trip(ms: int) -> None:
    written = format_clock(ms, SRT_CLOCK)
    assert len(written) == 12 and written[8] == ","
    assert parse_srt(written) == ms
    assert parse_srt_timing(f"{written} --> {written}") == (ms, ms, "")


@given(times)
@example(0)
@example(999)
@example(MAX_MS)
def test_vtt_clock_round_trip(ms: int) -> None:
    written = format_clock(ms, VTT_CLOCK)
    assert parse_vtt(written) == parse_clock(written) == ms


@given(st.integers(0, MAX_ASS_MS + 20))
@example(0)
@example(5)
@example(MAX_ASS_MS)
def test_ass_clock_round_trip_at_ten_ms(ms: int) -> None:
    written = format_time(ms)
    assert parse_ass(written) == min(to_resolution(ms, 10), MAX_ASS_MS)
    assert written == format_clock(min(ms, MAX_ASS_MS), ASS_CLOCK)


@given(times, st.sampled_from([SBV_CLOCK, SUBVIEWER_CLOCK]))
@example(MAX_MS, SUBVIEWER_CLOCK)
def test_sbv_and_subviewer_clocks_round_trip(ms: int, shape: ClockShape) -> None:
    written = format_clock(to_resolution(ms, shape.resolution), shape)
    timing = parse_sbv_timing(f"{written},{written}")
    assert timing is not None
    assert timing[:2] == (to_resolution(ms, shape.resolution),) * 2


@given(st.integers(0, 999 * 3_600_000 + 3_599_999))
@example(0)
@example(999)
def test_page_stamps_round_trip(ms: int) -> None:
    assert parse_stamp(format_clock(ms, SBV_CLOCK)) == ms


@given(st.integers(-(10**6), 10**10), shapes)
@example(-1, SRT_CLOCK)
@example(MAX_MS, SRT_CLOCK)
@example(MAX_MS + 1, VTT_CLOCK)
@example(MAX_MS - 4, ASS_CLOCK)
@example(MAX_MS - 5, ASS_CLOCK)
@example(1015 * 3_600_000 + 30 * 60_000 + 50_462, VTT_CLOCK)  # (a transcript of hundreds of hours)
@example(123_456 * 3_600_000 + 59 * 60_000 + 59_999, ASS_CLOCK)
def test_the_table_formatter_writes_what_format_clock_writes(ms: int, shape: ClockShape) -> None:
    assert clock_formatter(shape)(ms) == format_clock(ms, shape)


@given(st.integers(0, 10**6), minutes_seconds, minutes_seconds, st.integers(0, 999), st.booleans())
@example(0, 0, 0, 0, False)
def test_vtt_parser_accepts_what_the_spec_allows(h: int, m: int, s: int, f: int, hours: bool) -> None:
    """``[h+:]mm:ss.ttt``: hours optional (any number of digits), two-digit minutes and
    seconds below 60, exactly three fraction digits."""
    value = ((h * 60 + m) * 60 + s) * 1000 + f
    if hours or h:
        assert parse_vtt(f"{h}:{m:02d}:{s:02d}.{f:03d}") == value
        assert parse_vtt(f"{h:05d}:{m:02d}:{s:02d}.{f:03d}") == value
    else:
        assert parse_vtt(f"{m:02d}:{s:02d}.{f:03d}") == value
    assert parse_vtt(f"{m:02d}:{s:02d}.{f:03d}"[:-1]) is None  # two fraction digits
    assert parse_vtt(f"{h}:{m:02d}:{s:02d},{f:03d}") is None  # a comma
    assert parse_vtt(f"{h}:{m + 60}:{s:02d}.{f:03d}") is None  # minutes over 59


@given(
    st.integers(0, 10**6),
    minutes_seconds,
    minutes_seconds,
    st.text("0123456789", min_size=1, max_size=3),
    st.sampled_from([",", "."]),
    st.booleans(),
)
def test_srt_parser_accepts_what_real_files_hold(h: int, m: int, s: int, frac: str, sep: str, hours: bool) -> None:
    """Hours optional, one or two digits for minutes and seconds, ``,`` or ``.`` and 1-3
    fraction digits (``,5`` is 500 ms)."""
    value = ((h * 60 + m) * 60 + s) * 1000 + int((frac + "00")[:3])
    if hours or h:
        assert parse_srt(f"{h}:{m}:{s:02d}{sep}{frac}") == value
    else:
        assert parse_srt(f"{m}:{s}{sep}{frac}") == value


@given(st.integers(0, 10**6), minutes_seconds, minutes_seconds, st.text("0123456789", min_size=1, max_size=4))
def test_ass_parser_accepts_any_fraction(h: int, m: int, s: int, frac: str) -> None:
    value = ((h * 60 + m) * 60 + s) * 1000 + int((frac + "00")[:3])
    assert parse_ass(f"{h}:{m:02d}:{s:02d}.{frac}") == value


@given(st.integers(0, 999), minutes_seconds, minutes_seconds, st.text("0123456789", max_size=3), st.booleans())
def test_page_stamp_parser_accepts_what_pages_print(h: int, m: int, s: int, frac: str, hours: bool) -> None:
    value = ((h * 60 + m) * 60 + s) * 1000 + int((frac + "000")[:3])
    tail = f".{frac}" if frac else ""
    if hours or h:
        assert parse_stamp(f"{h}:{m:02d}:{s:02d}{tail}") == value
        assert parse_stamp(f"{h}:{m + 60}:{s:02d}") is None
    else:
        assert parse_stamp(f"{m}:{s:02d}{tail}") == value
    assert parse_stamp(f"{m}:{s + 60}") is None


@pytest.mark.parametrize(
    ("parse", "text"),
    [(parse_srt, "1" * 40 + ":00:00,000"), (parse_vtt, "1" * 40 + ":00:00.000"), (parse_ass, "1" * 40 + ":00:00.00")],
)
def test_absurd_hours_are_a_parse_error_not_a_value_error(parse: object, text: str) -> None:
    with pytest.raises(ParseError, match="out of range"):
        parse(text)  # type: ignore[operator]


@pytest.mark.parametrize("text", ["", "x", "1:2:3:4", "01:02:03.x", "1:60:00", "99999999999:00"])
def test_parse_clock_refuses_what_is_not_a_time(text: str) -> None:
    assert parse_clock(text) is None


@given(st.integers(-(10**6), 10**10), st.integers(-(10**6), 10**10), shapes)
@example(MAX_MS - 5, MAX_MS - 4, ASS_CLOCK)
@example(0, MAX_MS, SRT_CLOCK)
@example(MAX_MS, 1015 * 3_600_000 + 30 * 60_000 + 53_570, VTT_CLOCK)  # (past 100 hours: the hours' digits as they are)
@example(360_000_000 - 6, 360_000_000 - 5, ASS_CLOCK)
def test_the_timing_formatter_writes_two_clocks(start: int, end: int, shape: ClockShape) -> None:
    expected = f"{format_clock(start, shape)} --> {format_clock(end, shape)}"
    assert timing_formatter(shape, " --> ")(start, end) == expected


@given(
    st.integers(0, 10**9),
    st.integers(0, 10**12),
    st.integers(0, 12),
    st.sampled_from(["", "e-3", "E2", "e+1", "e-10"]),
    st.sampled_from(["", "-", "+"]),
)
def test_seconds_ms_is_the_nearest_millisecond(whole: int, fraction: int, width: int, exponent: str, sign: str) -> None:
    from fractions import Fraction

    from subconv.timefmt import seconds_ms

    text = f"{sign}{whole}.{str(fraction).zfill(width)}{exponent}"
    value = abs(Fraction(text.lstrip("+-"))) * 1000
    nearest = int(value) + (value - int(value) >= Fraction(1, 2))
    assert seconds_ms(text) == (-nearest if sign == "-" else nearest)
    assert seconds_ms(text + "x") is None and seconds_ms("1" * 31) is None

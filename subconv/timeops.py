"""Time arithmetic for editing timed tracks: offsets, scaling, frame rates, sync points.

The one place where an edit computes new times.  Every function maps integer
milliseconds to integer milliseconds; exact fractions are used inside and the
result is rounded once, halves up (as :func:`subconv.timefmt.to_resolution`).
:class:`~subconv.model.Track`'s ``shift``, ``stretch``, ``transform_framerate`` and
``sync_points`` and the ``subconv shift``/``retime`` commands all go through here.

Frame rates are taken as written: ``23.976`` is 23976/1000 (as pysubs2 does), so
``23.976 -> 25`` scales by exactly 0.95904; pass a :class:`~fractions.Fraction` such as
``Fraction(24000, 1001)`` for an exact NTSC rate.  Every frame rate subconv takes (the API's
and the command line's) goes through :func:`frame_rate_value`: a number from :data:`MIN_FPS` to
:data:`MAX_FPS`, else :class:`~subconv.errors.UsageError` (as every other bad argument here, a
``nan`` or ``inf`` included).  A number is an ``int``, ``float`` or ``Fraction`` (numpy's too):
a ``str`` (``shift(s="2")``), a ``bool`` or ``None`` is a ``TypeError`` naming the argument
(:func:`exact`); only the command line's parsers, which read text, pass ``text=True``.

>>> to_ms(s=2.5), to_ms(m=1, ms=-500), to_ms(frames=50, fps=25)
(2500, 59500, 2000)
>>> scale(1001, Fraction(1, 2)), scale(-1001, Fraction(1, 2))
(501, -500)
>>> framerate_ratio(23.976, 25)
Fraction(2997, 3125)
>>> f = piecewise([(10_000, 12_000), (20_000, 24_000)])
>>> f(10_000), f(15_000), f(20_000), f(0), f(30_000)
(12000, 18000, 24000, 0, 36000)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from itertools import pairwise

from .errors import UsageError
from .timefmt import ascii_digits, parse_clock

TimeMap = Callable[[int], int]
#: A number the API takes (a time, a factor, a frame rate): a ``str`` is not one (:func:`exact`).
Number = int | float | Fraction

#: The frame rates subconv takes, in frames per second: from 1 (a slide show) to 1000 (a frame per
#: millisecond, the finest time subconv keeps).  Outside it a rate is a typo (``0.0001``, ``1e400``).
MIN_FPS, MAX_FPS = 1, 1000
#: What a frame rate must be, as error messages say it.
FPS_RANGE = f"use a rate from {MIN_FPS} to {MAX_FPS} fps, such as 23.976, 25 or 29.97"


def exact(value: Number | str, what: str = "number ", *, text: bool = False) -> Fraction:
    """``value`` as an exact fraction, a float taken as its shortest decimal (``0.1`` is 1/10).

    A value that is not a finite number raises :class:`~subconv.errors.UsageError` naming it as
    ``what`` (which ends with its separator: ``"frame rate "``, ``"s="``).  A value that is no
    number at all (a ``str``, a ``bool``, ``None``) is a ``TypeError`` naming it: strings are
    not numbers in the API (``shift(s="2")`` once shifted by 2 s); the command line's parsers,
    whose values are text, pass ``text=True``.

    >>> exact(0.1), exact("23.976", text=True), exact(Fraction(24000, 1001))
    (Fraction(1, 10), Fraction(2997, 125), Fraction(24000, 1001))
    >>> exact(float("nan"), "s=")
    Traceback (most recent call last):
    ...
    subconv.errors.UsageError: invalid s=nan: not a finite number
    >>> exact("2", "s=")
    Traceback (most recent call last):
    ...
    TypeError: s= takes a number (an int, float or Fraction), not str '2'
    """
    if isinstance(value, Fraction):
        return value
    try:
        if isinstance(value, bool) or (isinstance(value, str) and not text):
            raise TypeError
        if isinstance(value, float):
            return Fraction(repr(value))
        return Fraction(value)
    except TypeError:
        got = f"{type(value).__name__} {value!r:.40}"
        raise TypeError(f"{what.strip()} takes a number (an int, float or Fraction), not {got}") from None
    except (ValueError, ZeroDivisionError, OverflowError):
        raise UsageError(f"invalid {what}{value!r}: not a finite number") from None


def frame_rate_value(value: Number | str, what: str = "frame rate ", *, text: bool = False) -> Fraction:
    """``value`` as an exact frame rate, from :data:`MIN_FPS` to :data:`MAX_FPS` frames per second;
    else :class:`~subconv.errors.UsageError` naming it as ``what`` (see :func:`exact`, and its
    ``text``).

    >>> frame_rate_value("23.976", text=True), frame_rate_value(25)
    (Fraction(2997, 125), Fraction(25, 1))
    >>> frame_rate_value(0.0001)
    Traceback (most recent call last):
    ...
    subconv.errors.UsageError: invalid frame rate 0.0001: use a rate from 1 to 1000 fps, such as 23.976, 25 or 29.97
    """
    rate = exact(value, what, text=text)
    if not MIN_FPS <= rate <= MAX_FPS:
        raise UsageError(f"invalid {what}{value!r}: {FPS_RANGE}")
    return rate


def round_half_up(value: Fraction) -> int:
    """The nearest integer to ``value``, halves rounded up (towards +infinity).

    >>> round_half_up(Fraction(5, 2)), round_half_up(Fraction(-5, 2)), round_half_up(Fraction(7, 3))
    (3, -2, 2)
    """
    return (2 * value.numerator + value.denominator) // (2 * value.denominator)


def to_ms(
    *,
    h: Number = 0,
    m: Number = 0,
    s: Number = 0,
    ms: Number = 0,
    frames: int | None = None,
    fps: Number | None = None,
) -> int:
    """A duration given in hours/minutes/seconds/milliseconds, or in ``frames`` at ``fps``, as integer ms."""
    if (frames is None) != (fps is None):
        raise UsageError("give both frames= and fps=, or neither")
    total = exact(h, "h=") * 3_600_000 + exact(m, "m=") * 60_000 + exact(s, "s=") * 1000 + exact(ms, "ms=")
    if frames is not None and fps is not None:
        total += exact(frames, "frames=") * 1000 / frame_rate_value(fps, "fps=")
    return round_half_up(total)


def scale(ms: int, factor: Fraction) -> int:
    """``ms * factor``, rounded to whole milliseconds (halves up)."""
    return round_half_up(ms * factor)


def framerate_ratio(from_fps: Number, to_fps: Number) -> Fraction:
    """The factor that moves times made for ``from_fps`` video onto ``to_fps`` video (``from / to``)."""
    return frame_rate_value(from_fps, "from_fps=") / frame_rate_value(to_fps, "to_fps=")


def shifter(offset: int) -> TimeMap:
    """A map that adds ``offset`` ms.

    >>> shifter(-1200)(5000)
    3800
    """
    return lambda t: t + offset


def scaler(factor: Number) -> TimeMap:
    """A map that multiplies by ``factor`` (rounded, halves up).

    >>> scaler(1.5)(1001)
    1502
    """
    f = exact(factor, "stretch factor ")
    if f <= 0:
        raise UsageError(f"invalid stretch factor {factor!r}: must be positive")
    return lambda t: scale(t, f)


def piecewise(points: Sequence[tuple[int, int]]) -> TimeMap:
    """The piecewise-linear map through ``(old, new)`` points (at least one).

    One point is a plain shift.  Between two points times are interpolated; before the
    first and after the last they follow the nearest segment's line.  The ``old`` times
    must be distinct and the map must keep order (``new`` increasing with ``old``).
    """
    pts = sorted((int(a), int(b)) for a, b in points)
    if not pts:
        raise UsageError("sync points: give at least one OLD=NEW pair")
    for (a0, b0), (a1, b1) in pairwise(pts):
        if a0 == a1:
            raise UsageError(f"sync points: two points at the same time {a0} ms")
        if b1 <= b0:
            raise UsageError(f"sync points: {a0}={b0} and {a1}={b1} would reverse the order of cues")
    if len(pts) == 1:
        return shifter(pts[0][1] - pts[0][0])
    olds = [a for a, _ in pts]

    def apply(t: int) -> int:
        lo, hi = 0, len(olds) - 1
        while hi - lo > 1:  # binary search for the segment holding t (or the end segment)
            mid = (lo + hi) // 2
            if olds[mid] <= t:
                lo = mid
            else:
                hi = mid
        (x0, y0), (x1, y1) = pts[lo], pts[hi]
        return y0 + round_half_up(Fraction((t - x0) * (y1 - y0), x1 - x0))

    return apply


def parse_offset(text: str) -> int:
    """A signed offset for ``subconv shift``: ``+2.5s``, ``-1500ms``, ``-00:00:01.200``, ``2.5``.

    >>> parse_offset("+2.5s"), parse_offset("-00:00:01.200"), parse_offset("-1500ms"), parse_offset("90")
    (2500, -1200, -1500, 90000)
    """
    t = text.strip()
    sign = -1 if t.startswith("-") else 1
    body = t[1:] if t[:1] in "+-" else t
    if body.endswith("ms") and ascii_digits(body[:-2]):
        return sign * int(body[:-2])
    if body.endswith("s") and not body.endswith("ms"):
        body = body[:-1]
    ms = parse_clock(body) if len(body) < 40 else None
    if ms is None:
        raise UsageError(f"invalid offset {text!r}: use e.g. +2.5s, -1500ms or -00:00:01.200")
    return sign * ms


def parse_rates(text: str) -> tuple[Fraction, Fraction]:
    """``FROM:TO`` frame rates for ``subconv retime --fps``.

    >>> parse_rates("23.976:25")
    (Fraction(2997, 125), Fraction(25, 1))
    """
    a, sep, b = text.partition(":")
    if not sep:
        raise UsageError(f"invalid frame rates {text!r}: use FROM:TO, e.g. 23.976:25")
    return (
        frame_rate_value(a.strip(), "FROM frame rate ", text=True),
        frame_rate_value(b.strip(), "TO frame rate ", text=True),
    )


def parse_points(text: str) -> list[tuple[int, int]]:
    """``OLD=NEW,...`` sync points for ``subconv retime --points`` (times as ``[h:]mm:ss[.mmm]`` or seconds).

    >>> parse_points("0:00:10=0:00:12, 1:00:00=1:00:03.5")
    [(10000, 12000), (3600000, 3603500)]
    """
    out: list[tuple[int, int]] = []
    for item in text.split(","):
        old, sep, new = item.partition("=")
        a = parse_clock(old) if len(old) < 40 else None
        b = parse_clock(new) if len(new) < 40 else None
        if not sep or a is None or b is None:
            raise UsageError(f"invalid sync point {item.strip()!r}: use OLD=NEW, e.g. 0:00:10=0:00:12")
        out.append((a, b))
    return out

"""Placing cues in time: fixed points (anchors, timed cues) and weights in between.

:func:`place` takes one :class:`Slot` per cue (its fixed start/end if any,
its speaking time and the pause after it) and returns times for every cue.
Cues between two fixed points share the room between them in proportion to
their weights; with no right-hand bound they run at the natural rate.  It is
linear in the number of cues and guarantees: starts strictly increase, no
cue overlaps the next, every duration is positive, every kept fixed time is
kept exactly, and each estimated cue lasts at least ``min_ms`` whenever the
room allows (otherwise the stretch is marked ``squeezed``).

>>> p = place([Slot(None, None, 1000, 200), Slot(10_000, None, 1000, 200)], min_ms=833, gap_ms=83)
>>> p.times[1][0], p.times[0][0] < p.times[0][1] < p.times[1][0]
(10000, True)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Slot:
    """One cue as the placer sees it: fixed times (or ``None``) and weights in ms."""

    start: int | None
    end: int | None
    speech_ms: float
    pause_ms: float
    chars: int = 0  # characters shown (for the pace floor between two known times); 0: no floor
    share_ms: float = 0.0  # weight added between two known times only (an equal share per cue)


@dataclass(frozen=True, slots=True)
class Stretch:
    """A run of cues placed between two bounds (``right_ms`` is ``None`` when open-ended)."""

    first: int  # index of the first cue placed
    last: int  # index of the last cue placed (inclusive)
    left_ms: int
    right_ms: int | None
    left_fixed: int | None  # index of the fixed cue bounding it on the left, if any
    right_fixed: int | None  # index of the fixed cue bounding it on the right, if any
    scale: float  # room / natural length (1.0 when open-ended)
    squeezed: bool  # the room could not give every cue ``min_ms``


@dataclass
class Placement:
    """The result of :func:`place`."""

    times: list[tuple[int, int]]
    estimated: list[bool]  # True where the time was computed (not kept from input)
    stretches: list[Stretch] = field(default_factory=list)
    demoted: list[int] = field(default_factory=list)  # fixed cues that had to be ignored
    duration_ignored: bool = False  # the duration left no room after the last fixed cue


def _water_fill(weights: list[float], room: float, floor: float) -> list[float]:
    """Slots proportional to ``weights`` summing to ``room``, each at least ``floor`` (two passes).

    >>> [round(x) for x in _water_fill([1, 1, 8], 100, 20)]
    [20, 20, 60]
    """
    n = len(weights)
    total = sum(weights)
    if total <= 0:
        return [room / n] * n
    s = room / total
    raw = [max(floor, w * s) for w in weights]
    excess = sum(r - floor for r in raw)
    spare = room - n * floor
    if excess <= 0 or spare <= 0:
        return [room / n] * n
    k = spare / excess
    return [floor + (r - floor) * k for r in raw]


def _fill_with_floors(weights: list[float], floors: list[float], room: float) -> list[float]:
    """Slots ``max(floor_k, w_k * s)`` summing to ``room`` (exactly: one sort), or the floors scaled down.

    >>> [round(x) for x in _fill_with_floors([1, 1, 8], [0, 50, 0], 100)]
    [6, 50, 44]
    """
    total_floor = sum(floors)
    if total_floor >= room or not weights:
        k = room / total_floor if total_floor > 0 else 0.0
        return [f * k for f in floors] if total_floor > 0 else [room / len(weights)] * len(weights)
    order = sorted(range(len(weights)), key=lambda k: floors[k] / weights[k])
    fixed, free = total_floor, 0.0
    for k in order:
        if free > 0 and (room - fixed) / free <= floors[k] / weights[k]:
            break
        fixed -= floors[k]
        free += weights[k]
    s = (room - fixed) / free
    return [max(f, w * s) for f, w in zip(floors, weights, strict=True)]


#: between two known times, no cue is given less than its share of the room (by characters) / PACE_SLACK
#: when that would make it faster than ``PACE_CPS``: no cue much faster than the stretch itself
PACE_SLACK = 1.1
PACE_CPS = 18.5


def _pace_floors(slots: list[Slot], first: int, stop: int, room: float, gap_ms: int) -> list[float] | None:
    """Each cue's smallest slot so that it is not much faster than its stretch (None: no cue needs one).

    A cue needs at least ``min(share / PACE_SLACK, chars / PACE_CPS)`` of display time, ``share``
    being its part of the room by characters, plus the gap after it.
    """
    chars = [slots[k].chars for k in range(first, stop)]
    total = sum(chars)
    if total <= 0 or room <= 0:
        return None
    per_char = room / total
    return [min(c * per_char / PACE_SLACK, c * 1000 / PACE_CPS) + gap_ms if c else 0.0 for c in chars]


def place(
    slots: list[Slot],
    *,
    min_ms: int = 833,
    max_ms: int = 7000,
    gap_ms: int = 83,
    duration_ms: int | None = None,
    lead_ms: int = 0,
    pause_scale: float = 1.0,
) -> Placement:
    """Give every slot a (start, end); see the module docstring for the guarantees.

    ``pause_scale`` multiplies each pause weight inside a bounded stretch (the
    room left over by the speech goes more to the pauses when it is above 1).
    """
    fixed_start, fixed_end, demoted, bound, pending = _fixed_points(slots)
    duration_ignored = False
    right_end = duration_ms
    if right_end is not None and pending and right_end < bound + 2 * pending:
        duration_ignored = True
        right_end = None
    limits = _Limits(min_ms, max_ms, gap_ms, pause_scale)
    times, estimated, stretches = _fill_all(
        slots, fixed_start, fixed_end, right_end=right_end, lead_ms=lead_ms, limits=limits
    )
    return Placement(times, estimated, stretches, demoted, duration_ignored)


def _fixed_points(slots: list[Slot]) -> tuple[list[int | None], list[int | None], list[int], int, int]:
    """The starts and ends that stay fixed, the cues whose start was dropped (``demoted``: it
    leaves no room, >= 2 ms a cue, for the cues before it), and after the last fixed point: its
    bound and how many cues need room after it."""
    n = len(slots)
    fixed_start: list[int | None] = [s.start for s in slots]
    fixed_end: list[int | None] = [s.end if s.start is not None else None for s in slots]
    for i in range(n):
        fs, fe = fixed_start[i], fixed_end[i]
        if fs is not None and fe is not None and fe <= fs:
            fixed_end[i] = None  # an end before its start: estimate the end
    demoted: list[int] = []
    bound = 0
    pending = 0  # cues needing room since ``bound``
    for i in range(n):
        fs = fixed_start[i]
        if fs is None:
            pending += 1
            continue
        # a start-only cue must not begin inside the previous fixed cue; two fully timed
        # cues that overlap in the input are left as they are (the overlaps step handles them)
        if (pending and fs < bound + 2 * pending) or (not pending and fixed_end[i] is None and fs < bound):
            demoted.append(i)
            fixed_start[i] = fixed_end[i] = None
            pending += 1
            continue
        fe = fixed_end[i]
        if fe is not None:
            bound, pending = max(bound, fe), 0
        else:
            bound, pending = fs, 1
    return fixed_start, fixed_end, demoted, bound, pending


def _fill_all(
    slots: list[Slot],
    fixed_start: list[int | None],
    fixed_end: list[int | None],
    *,
    right_end: int | None,
    lead_ms: int,
    limits: _Limits,
) -> tuple[list[tuple[int, int]], list[bool], list[Stretch]]:
    """Times for every slot: fixed ones as they are, every stretch between them filled."""
    n = len(slots)
    times: list[tuple[int, int]] = [(0, 0)] * n
    estimated = [True] * n
    stretches: list[Stretch] = []
    i = 0
    prev_end: int | None = None  # end of the last fully fixed cue
    prev_fixed: int | None = None
    while i < n:
        fs, fe = fixed_start[i], fixed_end[i]
        if fs is not None and fe is not None:
            times[i] = (fs, fe)
            estimated[i] = False
            prev_end, prev_fixed = (fe if prev_end is None else max(prev_end, fe)), i
            i += 1
            continue
        # a stretch: [anchor with start only] + cues without a start
        first = i
        j = i + 1
        while j < n and fixed_start[j] is None:
            j += 1
        right: int | None = fixed_start[j] if j < n else right_end
        left_fixed: int | None
        if fs is not None:
            left, left_fixed = fs, i
        elif prev_end is not None:
            left, left_fixed = _after(prev_end, right, j - first, limits.gap_ms), prev_fixed
        else:
            left, left_fixed = lead_ms, None
            if right is not None and right - left < 2 * (j - first):
                left = 0
        stretches.append(_fill(slots, first, j, left, right, limits, times, left_fixed, j if j < n else None))
        for k in range(first, j):
            estimated[k] = k != first or fs is None
        if fs is not None:
            estimated[first] = False  # start kept; the end is estimated
        prev_end, prev_fixed = None, None
        i = j
    return times, estimated, stretches


def _after(prev_end: int, right: int | None, count: int, gap_ms: int) -> int:
    """Where a stretch of ``count`` cues after a timed cue ending at ``prev_end`` starts: a gap
    after it where there is room, 1 ms where there is less, else at its end."""
    if right is None or right - prev_end >= count * 2 + gap_ms:
        return prev_end + gap_ms
    if right - prev_end >= count * 2 + 1:
        return prev_end + 1
    return prev_end


@dataclass(frozen=True, slots=True)
class _Limits:
    min_ms: int
    max_ms: int
    gap_ms: int
    pause_scale: float


def _merge_floors(pace: list[float], floor: float, room: float) -> list[float]:
    """Per-cue floors: the pace floor and the minimum display floor, the pace one first when both do not fit.

    >>> _merge_floors([10, 50], 30, 100), _merge_floors([10, 50], 30, 70)
    ([30, 50], [20.0, 50.0])
    """
    both = [p if p > floor else floor for p in pace]
    if sum(both) <= room:
        return both
    base = sum(pace)
    extra = sum(b - p for b, p in zip(both, pace, strict=True))
    lam = max(0.0, (room - base) / extra) if extra > 0 else 0.0
    return [p + (b - p) * lam for b, p in zip(both, pace, strict=True)]


def _fill(  # noqa: PLR0917
    slots: list[Slot],
    first: int,
    stop: int,
    left: int,
    right: int | None,
    lim: _Limits,
    times: list[tuple[int, int]],
    left_fixed: int | None,
    right_fixed: int | None,
) -> Stretch:
    """Place ``slots[first:stop]`` between ``left`` and ``right`` (open-ended when ``None``)."""
    min_ms, max_ms, gap_ms, pause_scale = lim.min_ms, lim.max_ms, lim.gap_ms, lim.pause_scale
    count = stop - first
    floor = float(min_ms + gap_ms)
    squeezed = False
    if right is None:
        sizes = [natural_size(slots[k].speech_ms, slots[k].pause_ms, floor) for k in range(first, stop)]
        scale = 1.0
    else:
        room = float(right - left)
        weights = [
            max(1.0, slots[k].speech_ms) + pause_scale * max(0.0, slots[k].pause_ms) + slots[k].share_ms
            for k in range(first, stop)
        ]
        natural = sum(weights)
        scale = room / natural if natural > 0 else 1.0
        if room < count * floor:
            squeezed = True
            floor = room / count
        # between known times of the cues themselves (stamps, timed cues), not just the media's ends
        pace = (
            _pace_floors(slots, first, stop, room, gap_ms)
            if left_fixed is not None or right_fixed is not None
            else None
        )
        if pace is None or max(pace) <= floor:
            sizes = _water_fill(weights, room, floor)
        else:
            floors = _merge_floors(pace, floor, room)
            # a cue left under the display minimum to keep the pace of the others: squeezed
            squeezed = squeezed or any(f < floor - 1e-6 for f in floors)
            sizes = _fill_with_floors(weights, floors, room)
            if min(sizes) < 2.0:  # a slot too small for a strictly later start: share evenly instead
                sizes = _water_fill(weights, room, floor)
    # starts: floor of cumulative positions (each slot >= 2 ms, so starts strictly increase)
    starts: list[int] = []
    pos = float(left)
    for size in sizes:
        starts.append(math.floor(pos))
        pos += size
    limit = right if right is not None else math.floor(pos)
    starts.append(limit)  # the bound after the last slot
    for idx, k in enumerate(range(first, stop)):
        times[k] = cue_times(starts[idx], starts[idx + 1], min_ms, max_ms, gap_ms)
    return Stretch(first, stop - 1, left, right, left_fixed, right_fixed, scale, squeezed)


def natural_size(speech_ms: float, pause_ms: float, floor: float) -> float:
    """The room a cue takes at the natural rate (an open-ended stretch): its speaking time and
    pause (a :class:`Slot`'s), at least ``floor`` (the minimum duration and gap)."""
    return max(floor, speech_ms + pause_ms)


def cue_times(start: int, following: int, min_ms: int, max_ms: int, gap_ms: int) -> tuple[int, int]:
    """A placed cue's (start, end), given the start of the room after it (``following``): a gap
    before it (at most half the room), and its duration between ``min_ms`` and ``max_ms`` within
    the rest, at least 1 ms.

    >>> cue_times(0, 2000, 833, 7000, 83), cue_times(0, 10, 833, 7000, 83)
    ((0, 1917), (0, 5))
    """
    # (``b if b < a else a`` is ``min(a, b)`` and ``b if b > a else a`` is ``max(a, b)``, without the calls)
    room = following - start
    half = room // 2
    gap = half if half < gap_ms else gap_ms
    rest = room - gap
    dur = rest if rest < max_ms else max_ms
    dur = dur if dur > min_ms else min_ms
    dur = rest if rest < dur else dur
    return start, start + (dur if dur > 1 else 1)

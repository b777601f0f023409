"""``subconv sync``: where the audio is unsure, the file's own timing, mapped.

A file out of sync is usually out of sync by a few simple things: an offset, a frame-rate drift
(every time times 25/23.976), a cut or an insertion (the offset changes from one cue on). Its
times are otherwise right relative to each other. The cues the aligner placed surely (heard
word for word) show that map: their offsets from their own times (after the drift) are the same
from one to the next, except at a cut. A cue the aligner was unsure of (heard poorly, placed by
the global pass, or off the offset of the sure cues around it) is then placed where the map
puts its own time, when the two differ by more than the sure cues' own spread: in noise, a
speaker the acoustic model hears badly keeps the place the file gave it relative to its
neighbours instead of a guess seconds off.

Everything is integer milliseconds and linear in the number of cues.

>>> own = [1000, 3000, 5000, 7000, 9000, 11000, 13000]
>>> heard = [3500, 5500, 7500, 11000, 11500, 13500, 15500]  # cue 3 misheard, 2 s late
>>> sure = [True, True, True, False, True, True, True]
>>> follow_file(own, heard, sure)
[None, None, None, 9500, None, None, None]
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterator, Sequence

#: A cue the aligner placed (itself, not its global pass) with this confidence at least is sure.
SURE_CONFIDENCE = 0.8
#: Fewest sure cues for a map: with fewer, the aligner's places stand.
MIN_SURE = 4
#: A sure cue whose offset is this far (ms) from the offsets of the sure cues around it is not used.
CONSISTENT_MS = 300
#: Sure cues either side whose offsets a sure cue is checked against.
REACH = 3
#: Two neighbouring sure cues whose offsets differ more than this (ms) have a cut (or an
#: insertion) between them: each cue between follows one side, not a blend.
CUT_MS = 250
#: An unsure cue moves to the map when it is this far (ms) from it at least ...
MOVE_MS = 300
#: ... or this many times the sure cues' spread about the map (the file's own timing error).
MOVE_SPREAD = 4.0
#: A mapped cue may not be this much (ms) farther from its own place than the spread allows:
#: a capped cost per cue when choosing where a cut is.
CUT_COST_CAP = 1000
#: Frame-rate ratios a file's drift snaps to (the measured rate within :data:`SNAP`).
RATES = (1.0, 25 / 23.976, 23.976 / 25, 25 / 24, 24 / 25, 24 / 23.976, 23.976 / 24, 30 / 29.97, 29.97 / 30)
SNAP = 0.0015
#: A measured drift farther than this from every one of :data:`RATES` is no drift a file has but
#: its text stretched over media of other speech (:func:`odd_drift`).
DRIFT_SPAN = 0.05
#: Sure cues at least this far apart (ms, of the file's time) measure the rate.
RATE_SPAN_MS = 20_000


def follow_file(own: Sequence[int], heard: Sequence[int], sure: Sequence[bool]) -> list[int | None]:
    """Per cue, the start (ms) the file's own timing maps it to where the aligner was unsure of
    it and the map disagrees by more than the sure cues' spread; None where the aligner's
    ``heard`` start stands.  ``own``: the file's starts; ``sure``: placed surely by the aligner."""
    n = len(own)
    out: list[int | None] = [None] * n
    fitted = _fitted(own, heard, sure)
    if fitted is None:
        return out
    rate, off, anchors = fitted
    resid = [abs(off[i] - _local(anchors, off, k)) for k, i in enumerate(anchors)]
    spread = 1.4826 * statistics.median(resid)
    move = max(MOVE_MS, MOVE_SPREAD * spread)
    for i, d, held in _between_anchors(own, heard, rate, off, anchors):
        # a sure cue left out of the anchors (off the offsets around it) moves only where the
        # anchors either side agree: beside a cut, or past the last anchor, it stands (unless no
        # other sure cue there shares its offset: _lone)
        if sure[i] and held:
            continue
        mapped = round(rate * own[i] + d)
        if abs(heard[i] - mapped) > move:
            out[i] = max(0, mapped)
    return out


def file_map(own: Sequence[int], heard: Sequence[int], sure: Sequence[bool]) -> list[int] | None:
    """Per cue, where the file's own timing, mapped through the cues placed surely (drift, offsets
    and cuts, as :func:`follow_file` maps them), puts its start: the sure cues the map rests on
    where they were heard; None when too few cues were placed surely for a map.  ``sync`` places
    by it the cues that start past the media's end, where there is nothing to hear.

    >>> file_map([1000, 3000, 5000, 7000, 9000], [3500, 5500, 7500, 9500, 0], [True] * 4 + [False])
    [3500, 5500, 7500, 9500, 11500]
    """
    fitted = _fitted(own, heard, sure)
    if fitted is None:
        return None
    rate, off, anchors = fitted
    out = list(heard)
    for i, d, _held in _between_anchors(own, heard, rate, off, anchors):
        out[i] = max(0, round(rate * own[i] + d))
    return out


def agreeing(own: Sequence[int], heard: Sequence[int], sure: Sequence[bool]) -> int:
    """How many of the cues placed surely agree with the sure cues around them on the file's
    timing (the drift, and offsets that change only at cuts): the cues a map would rest on.  In
    media that follows the file nearly all of them do; in media of other speech the aligner's
    sure places fall where they may, and few do.

    >>> own = [1000, 3000, 5000, 7000, 9000, 11000]
    >>> agreeing(own, [3500, 5500, 7500, 9500, 11500, 13500], [True] * 6)
    6
    >>> agreeing(own, [4000, 3100, 9800, 7400, 15000, 12500], [True] * 6)
    2
    """
    return len(_sure_map(own, heard, sure)[2])


def _fitted(
    own: Sequence[int], heard: Sequence[int], sure: Sequence[bool]
) -> tuple[float, dict[int, float], list[int]] | None:
    """:func:`_sure_map`, or None with too few sure cues for a map (:data:`MIN_SURE`, before and
    after leaving out those off the offsets around them)."""
    if sum(sure) < MIN_SURE:
        return None
    fitted = _sure_map(own, heard, sure)
    return fitted if len(fitted[2]) >= MIN_SURE else None


def _sure_map(
    own: Sequence[int], heard: Sequence[int], sure: Sequence[bool]
) -> tuple[float, dict[int, float], list[int]]:
    """The map the sure cues show: the drift, each sure cue's offset, and the sure cues it rests
    on (those whose offsets agree with their neighbours')."""
    idx = [i for i in range(len(own)) if sure[i]]
    rate = _rate(own, heard, idx)
    off = {i: heard[i] - rate * own[i] for i in idx}
    return rate, off, _consistent(idx, off)


def _between_anchors(
    own: Sequence[int], heard: Sequence[int], rate: float, off: dict[int, float], anchors: list[int]
) -> Iterator[tuple[int, float, bool]]:
    """Each cue that is not an anchor, its offset (:func:`_offsets`), and whether it is held: the
    anchors either side of it do not agree (a cut between them), or it is past the first or last
    and not :func:`_lone` there."""
    n = len(own)
    bounds = [-1, *anchors, n]  # the stretches between anchors (and before the first, after the last)
    for left, right in itertools.pairwise(bounds):
        run = range(left + 1, right)
        if not run:
            continue
        dl = off[left] if left >= 0 else None
        dr = off[right] if right < n else None
        offs = _offsets(own, heard, rate, run, left=left, right=right, dl=dl, dr=dr)
        edge = dl is None or dr is None
        held = dl is None or dr is None or abs(dl - dr) > CUT_MS
        lone = _lone(run, off) if edge else set()
        for i, d in zip(run, offs, strict=True):
            yield i, d, held and i not in lone


def _lone(run: range, off: dict[int, float]) -> set[int]:
    """The sure cues of ``run`` (before the first anchor or after the last) whose offset no other
    sure cue there shares within :data:`CUT_MS`: one cue cannot show a cut of its own.  Under a
    recorded music intro the first cue was heard in the music, up to 8.3 s before where the
    file's timing put it, and stood there as if the media had lost that much just after it.

    >>> sorted(_lone(range(0, 4), {0: -9000.0, 2: 2500.0, 3: 2600.0}))
    [0]
    """
    sure = sorted((off[i], i) for i in run if i in off)
    out = set()
    for k, (o, i) in enumerate(sure):
        near = (k > 0 and o - sure[k - 1][0] <= CUT_MS) or (k + 1 < len(sure) and sure[k + 1][0] - o <= CUT_MS)
        if not near:
            out.add(i)
    return out


def odd_drift(own: Sequence[int], heard: Sequence[int], sure: Sequence[bool]) -> float | None:
    """The drift the cues placed surely show (the median slope between them, as :func:`_rate`
    measures it) when it is none a file has, farther than :data:`DRIFT_SPAN` from every
    frame-rate ratio; else (or with no pair of sure cues to measure) None.  The text of a file
    stretched over media of other speech keeps to such a slope: a German file's sure cues in a
    recording of English conversation kept to 0.85, pairs of cues agreeing on an offset one after
    another.  Files in their own media: within 1.3 % of the ratio (the benchmark's sync rows).

    >>> own = [1000, 3000, 5000, 7000, 9000]
    >>> odd_drift(own, [3500, 5585, 7670, 9755, 11840], [True] * 5) is None  # (x 25/23.976, +2.5 s)
    True
    >>> odd_drift(own, [500, 2200, 3900, 5600, 7300], [True] * 5)
    0.85
    """
    measured = _measured(own, heard, [i for i in range(len(own)) if sure[i]])[0]
    if measured is None or any(abs(measured / r - 1) <= DRIFT_SPAN for r in RATES):
        return None
    return measured


def _measured(own: Sequence[int], heard: Sequence[int], idx: list[int]) -> tuple[float | None, list[tuple[int, int]]]:
    """The median slope between the sure cues ``idx`` (each to the next, and to the first
    :data:`RATE_SPAN_MS` after it), and those pairs; None with no pair."""
    pairs = [(a, b) for a, b in itertools.pairwise(idx) if own[b] > own[a]]
    j = 0
    for a in idx:
        while j < len(idx) and own[idx[j]] - own[a] < RATE_SPAN_MS:
            j += 1
        if j == len(idx):
            break
        pairs.append((a, idx[j]))
    if not pairs:
        return None, pairs
    return statistics.median((heard[b] - heard[a]) / (own[b] - own[a]) for a, b in pairs), pairs


def _rate(own: Sequence[int], heard: Sequence[int], idx: list[int]) -> float:
    """The drift: of the frame-rate ratios and the median slope between sure cues
    (:func:`_measured`), the one that fits those pairs best (misfits capped: a cut spoils only
    the pairs across it); a ratio is preferred to a measured slope within :data:`SNAP` of it."""
    measured, pairs = _measured(own, heard, idx)
    if measured is None:
        return 1.0

    def misfit(rate: float) -> float:
        return sum(min(abs(heard[b] - heard[a] - rate * (own[b] - own[a])), CUT_MS) for a, b in pairs)

    best = min((*RATES, measured), key=misfit)
    if best == measured:
        near = min(RATES, key=lambda r: abs(measured / r - 1))
        if abs(measured / near - 1) <= SNAP:
            return near
    return best


def _local(anchors: list[int], off: dict[int, float], k: int) -> float:
    """The median offset of the anchors around anchor ``k`` (itself left out)."""
    lo, hi = max(0, k - REACH), min(len(anchors), k + REACH + 1)
    return statistics.median(off[anchors[m]] for m in range(lo, hi) if m != k)


def _consistent(idx: list[int], off: dict[int, float]) -> list[int]:
    """The sure cues whose offset agrees with the sure cues around them (a confident mistake,
    or a cue just past a cut with too few cues beside it, is left out)."""
    if len(idx) <= 2:
        return idx
    kept = []
    for k, i in enumerate(idx):
        if abs(off[i] - _local(idx, off, k)) <= CONSISTENT_MS:
            kept.append(i)
            continue
        # beside a cut the neighbours are split: agreeing with either side's nearest is enough
        near = [off[idx[m]] for m in (k - 1, k + 1) if 0 <= m < len(idx)]
        if any(abs(off[i] - o) <= CONSISTENT_MS for o in near):
            kept.append(i)
    return kept


def _offsets(
    own: Sequence[int],
    heard: Sequence[int],
    rate: float,
    run: range,
    *,
    left: int,
    right: int,
    dl: float | None,
    dr: float | None,
) -> list[float]:
    """The offset of each cue of ``run`` (between anchors ``left`` and ``right``): one side's
    where the other is missing, a blend in the file's time where they agree, and where they
    differ by a cut, the side each cue is on, the cut put where the cues' own places agree best."""
    if dl is None or dr is None:
        d = dr if dl is None else dl
        assert d is not None
        return [d] * len(run)
    if abs(dl - dr) <= CUT_MS:
        span = own[right] - own[left]
        return [dl + (dr - dl) * ((own[i] - own[left]) / span if span > 0 else 0.5) for i in run]
    # cost of a cut before cue ``c``: the left side's misfits before it, the right side's after it
    left_cost = [min(abs(heard[i] - (rate * own[i] + dl)), CUT_COST_CAP) for i in run]
    right_cost = [min(abs(heard[i] - (rate * own[i] + dr)), CUT_COST_CAP) for i in run]
    before, after = 0.0, sum(right_cost)
    best, best_cost = 0, after
    for k in range(len(run)):
        before += left_cost[k]
        after -= right_cost[k]
        if before + after < best_cost:
            best, best_cost = k + 1, before + after
    return [dl if k < best else dr for k in range(len(run))]

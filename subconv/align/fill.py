"""Cues the aligner did not find, placed between their neighbours by their text.

:class:`Placement` is where one cue went; :func:`fill_unfound` gives every cue without speech a
place between its found neighbours by expected length, and makes room for a stretch of them that
an unsure cue before it would squeeze to nothing (:data:`FILL_ROOM`).  The length programme
(:mod:`subconv.align.aligner`) and the ``align`` step use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .base import runs_without


@dataclass(frozen=True)
class Placement:
    """Where one cue went: times in ms, confidence 0-1, and whether speech was found for it."""

    start: int
    end: int
    confidence: float
    found: bool


def fill_unfound(
    placed: list[Placement],
    lengths: Sequence[int],
    anchors: dict[int, int],
    duration: int,
    *,
    loose: float = -1.0,
) -> list[Placement]:
    """Give cues without speech times spread between their aligned neighbours by expected length.

    Anchored cues keep their anchor.  The result is monotonic.  A run of such cues whose
    neighbours leave it less than :data:`FILL_ROOM` of its expected length takes in the cue
    before it when that was placed with confidence ``loose`` or less (:func:`_make_room`); such
    a cue comes back not found, placed by its text with the run.

    >>> p = [Placement(0, 1000, .9, True), Placement(0, 0, 0.0, False), Placement(5000, 6000, .9, True)]
    >>> [(x.start, x.end) for x in fill_unfound(p, [1000, 1000, 1000], {}, 9000)]
    [(0, 1000), (2500, 3500), (5000, 6000)]
    >>> squeezed = [Placement(0, 1000, .9, True), Placement(1000, 3000, .5, True), Placement(0, 0, 0.0, False),
    ...             Placement(3000, 4000, .9, True)]
    >>> [(x.start, x.end, x.found) for x in fill_unfound(squeezed, [1000] * 4, {}, 9000)][1:3]
    [(1000, 3000, True), (3000, 3001, False)]
    >>> [(x.start, x.end, x.found) for x in fill_unfound(squeezed, [1000] * 4, {}, 9000, loose=0.5)][1:3]
    [(1000, 2000, False), (2000, 3000, False)]
    """
    out = list(placed)
    n = len(out)
    ok = [p.found or i in anchors for i, p in enumerate(out)]
    for i, t in anchors.items():
        p = out[i]
        out[i] = Placement(t, max(t + 1, p.end if p.found and p.start == t else t + lengths[i]), p.confidence, p.found)
    if loose >= 0:
        _make_room(out, ok, lengths, anchors, duration=duration, loose=loose)
    for i, j in runs_without(ok):
        lo, hi = _between(out, i, j, duration, sum(lengths[i:j]))
        tot = sum(lengths[i:j]) or 1
        span = max(hi - lo, 0)
        scale = min(1.0, span / tot)
        t = lo + (span - tot) // 2 if scale >= 1.0 else lo
        for k in range(i, j):
            d = round(lengths[k] * scale)
            st = min(t, hi) if j < n else t
            out[k] = Placement(st, st + max(1, d), 0.0, False)
            t += d
    return out


def _between(out: list[Placement], i: int, j: int, duration: int, expected: int) -> tuple[int, int]:
    """The time (ms) the cues ``i .. j-1`` have between their neighbours: from the end of the cue
    before (after its start) to the start of the cue after, or to the end of the audio (at least
    ``expected`` on)."""
    lo = max(out[i - 1].end, out[i - 1].start + 1) if i > 0 else 0
    hi = out[j].start if j < len(out) else max(duration, lo + expected)
    return lo, hi


#: A run of cues without speech whose aligned neighbours leave it less than this share of its
#: expected length takes in the cue before it when that was placed with low confidence
#: (:func:`fill_unfound`): squeezed between them it would get a cue of a millisecond or two that no
#: viewer can read.  (0.5 took in cues placed right more often, on pages with lines left out:
#: docs/alignment.md, "Placing cues".)
FILL_ROOM = 0.15


def _make_room(
    out: list[Placement],
    ok: list[bool],
    lengths: Sequence[int],
    anchors: dict[int, int],
    *,
    duration: int,
    loose: float,
) -> None:
    """In place: every run of cues not ``ok`` that has less than :data:`FILL_ROOM` of its expected
    length between its neighbours takes in the cue before it when that was placed with
    confidence ``loose`` or less (an anchor never), then the run of cues not ``ok`` before that
    if any, and so on, until it has the room or the cue before it is placed surely.  The cue
    after it is never taken in: the squeeze comes from an unsure cue placed over the speech of
    the cues after it, and speech is heard again where the next cue starts.  Taken in: not found,
    not ok.  Each cue is taken in at most once, so the whole is linear in the cues."""
    for i, j in runs_without(ok):
        tot = sum(lengths[i:j])
        while True:
            lo, hi = _between(out, i, j, duration, tot)
            k = i - 1
            if hi - lo >= FILL_ROOM * tot or k < 0 or k in anchors or out[k].confidence > loose:
                break
            ok[k] = False
            out[k] = Placement(0, 0, 0.0, False)
            i = k
            tot += lengths[k]
            while i > 0 and not ok[i - 1]:
                i -= 1
                tot += lengths[i]

"""The verdicts on a page's repeated cues (:class:`_Plan`), and the share of repeated lines
around each line (:class:`_Shares`) that tells a double capture from a line said again."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from ...model import Cue
from ...report import clock

#: runs of lines either side looked at to tell a double capture from a line really said again
_WINDOW = 15
#: share of those nearby lines that are repeated from which repeats are a double capture
_SYSTEMATIC = 0.3


@dataclass(frozen=True, slots=True)
class _Verdict:
    drop: bool
    why: str
    of: int = -1  # for a block copy: the index of the cue it repeats


class _Plan:
    """The verdicts on the cues that repeat another (by index): a verdict object shared by the
    cues it is about (a block copy's, a run's) and each cue's ``of`` in an array beside it, so
    that a page of a million repeats holds no object per repeat.

    >>> plan = _Plan(3)
    >>> plan.put(2, _Verdict(True, "double"), 0)
    >>> plan.get(2), 1 in plan, 2 in plan
    (_Verdict(drop=True, why='double', of=0), False, True)
    """

    __slots__ = ("_of", "_verdicts")

    def __init__(self, n: int) -> None:
        self._verdicts: list[_Verdict | None] = [None] * n
        self._of = array("i" if n < 1 << 31 else "q", [-1]) * n  # (a cue's index: 4 bytes where it fits)

    def put(self, i: int, verdict: _Verdict, of: int) -> None:
        """Cue ``i`` repeats cue ``of`` (``-1``: the cue before it), with ``verdict``'s decision and reason."""
        self._verdicts[i] = verdict
        self._of[i] = of

    def __setitem__(self, i: int, verdict: _Verdict) -> None:
        self.put(i, verdict, verdict.of)

    def __contains__(self, i: int) -> bool:
        return self._verdicts[i] is not None

    def get(self, i: int) -> _Verdict | None:
        """The verdict on cue ``i`` (None: the plan has none)."""
        v = self._verdicts[i]
        if v is None or v.of == self._of[i]:
            return v
        return _Verdict(v.drop, v.why, self._of[i])


def _stamp_verdict(prev: Cue, cur: Cue) -> _Verdict | None:
    """What the stamps say about ``cur`` repeating ``prev`` (None: not both stamped).  Words
    with their own times (auto-captions' recogniser timed each, :mod:`subconv.pages.json3`)
    later than ``prev``'s were said again, even where the cues touch or overlap (a rolling
    window's lines do).

    >>> from subconv.model import Word
    >>> no = lambda t: Cue(t, t + 1000, ("No.",), words=(Word(t, t + 1000, "No."),))
    >>> _stamp_verdict(no(1000), no(2000)).drop  # (its words: said again)
    False
    >>> _stamp_verdict(Cue(1000, 2000, ("No.",)), Cue(2000, 3000, ("No.",))).drop  # (no words: the same, longer)
    True
    """
    if prev.start is None or cur.start is None:
        return None
    if prev.words and cur.words and cur.words[0].start > prev.words[-1].start:
        return _Verdict(False, f"said again: its words' own later times ({clock(cur.words[0].start)})")
    shown_until = prev.end if prev.end is not None else prev.start
    if cur.start > shown_until:
        return _Verdict(False, f"said again: its own later time ({clock(cur.start)})")
    return _Verdict(True, f"same caption captured twice: its time ({clock(cur.start)}) is not after the first's")


#: (the indexes, counts and lengths below are held in arrays of C ints, 4 bytes each: a page has
#: fewer than 2**31 lines)


class _Shares:
    """For each position, (how many of the ``_WINDOW`` positions either side are flagged, how many
    there are): worked out when asked from the running count of flags, held in an array (a
    million positions hold 8 MB, not a tuple each).

    >>> s = _Shares([True, False, True])
    >>> s[0], s[2], len(s)
    ((2, 3), (2, 3), 3)
    """

    __slots__ = ("_n", "_prefix")

    def __init__(self, flags: Sequence[int]) -> None:
        self._n = len(flags)
        self._prefix = array("i", accumulate(flags, initial=0))

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, b: int) -> tuple[int, int]:
        low = b - _WINDOW if b > _WINDOW else 0
        high = min(b + _WINDOW + 1, self._n)
        return self._prefix[high] - self._prefix[low], high - low

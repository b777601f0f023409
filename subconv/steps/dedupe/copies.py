"""Block copies: a stretch of a page captured twice, found by aligning the repeat with what it
repeats (:class:`_Aligner`), and their verdicts."""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Container
from dataclasses import dataclass
from typing import TypeAlias

from ...model import Cue
from .plan import _SYSTEMATIC, _WINDOW, _Plan, _Shares, _stamp_verdict, _Verdict

#: kept occurrences of a line looked back at for the original of a block copy starting with it
_BLOCK_CANDIDATES = 4


@dataclass(slots=True)
class _Copy:
    """A block copy: the cues ``start..end-1`` repeat the cues ``orig..start-1`` just before them
    (and, on a page captured round after round, each round the one before it)."""

    orig: int
    start: int
    end: int
    src: array[int]  # for each cue of the copy, the cue it repeats (in the original or an earlier round)
    extras: list[int]  # cues of the original listed twice in a row where the copy lists them once


#: cues of a block from which its copy may differ by a line listed twice in a row, and run on
#: round after round: so long a copy is no chance.  A shorter block's copy is exact and once:
#: ``A B | A A B`` may as well be ``A B A`` said and ``A B`` copied, ``A B A B A B A B`` a pair
#: said twice, captured twice.
_LONG_BLOCK = 2 * _WINDOW
#: what tells two cues' lines apart: the key, with the speaker where the cue has one
_Ident: TypeAlias = "str | tuple[str, str]"


class _Aligner:
    """Walks a stretch of cues against the stretch before it, line by line, where (in a block of
    ``_LONG_BLOCK`` cues or more) either may list a line twice in a row that the other lists once:
    a scraper's slip."""

    __slots__ = ("cues", "ident", "keys", "n", "timed")

    def __init__(self, cues: tuple[Cue, ...], keys: list[str]) -> None:
        self.cues = cues
        self.keys = keys
        # the key, or (key, speaker) for a cue with a speaker: equal exactly when both are (no
        # tuple per cue where no cue has a speaker)
        self.ident: list[_Ident] = [k if c.speaker is None else (k, c.speaker) for k, c in zip(keys, cues, strict=True)]
        self.n = len(cues)
        self.timed = any(c.start is not None for c in cues)  # (then stamps take part in every pair)

    def pair(self, a: int, b: int) -> bool:
        """Whether cue ``b`` repeats cue ``a`` (same line and speaker, and not at a later time of its own)."""
        if self.ident[a] != self.ident[b] or not self.keys[a]:
            return False
        sa, sb = self.cues[a], self.cues[b]
        return sa.start is None or sb.start is None or sb.start <= (sa.end if sa.end is not None else sa.start)

    def step(self, a: int, b: int, j: int, i: int) -> int:
        """One step of the walk of the copy starting at ``i`` of the original starting at ``j``:
        0 when ``b`` repeats ``a``, 1 when ``a`` is its original's line listed twice (the copy lists
        it once), 2 when ``b`` is listed twice in the copy, -1 when they differ (or ``b`` is past
        the page's end and ``a`` no slip)."""
        inside = b < self.n
        if inside and self.pair(a, b):
            return 0
        if i - j < _LONG_BLOCK:
            return -1
        if a > j and self.pair(a - 1, a):
            return 1
        if inside and b > i and self.pair(b - 1, b):
            return 2
        return -1

    def first_copy(self, j: int, i: int) -> tuple[bool, int]:
        """Whether the cues from ``i`` on repeat all of ``j..i-1`` (two different lines at least),
        and where not, the cue where they differ (-1: they did not)."""
        a, b = j, i
        if not self.timed:  # the common case, in a tight loop: as far as the copy is exact
            ident, keys, end = self.ident, self.keys, min(i, self.n - i + j)
            while a < end and ident[a] == ident[b] and keys[a]:
                a += 1
                b += 1
            if a < i and (
                i - j < _LONG_BLOCK or (ident[a] != ident[a - 1] and (b == self.n or ident[b] != ident[b - 1]))
            ):
                return False, b  # (no slip either side: they differ)
        while a < i:
            s = self.step(a, b, j, i)
            if s < 0:
                return False, b
            a += s != 2
            b += s != 1
        k = self.keys[j]
        return any(self.keys[x] != k for x in range(j, i)), -1

    def copy(self, j: int, i: int) -> _Copy:
        """The copy at ``i`` of ``j..i-1`` (:meth:`first_copy` said it is one); for a block of
        ``_LONG_BLOCK`` cues or more, with the rounds after it that repeat the round before them,
        and where the page ends inside a round, that partial round too (a scrape that stopped in
        mid-round)."""
        if i - j < _LONG_BLOCK:
            return _Copy(j, i, 2 * i - j, array("i", range(j, i)), [])
        a, b, goal, full = j, i, i, i
        src = array("i")  # (C integers: a page cycled round after round is one copy of most of its cues)
        extras: list[int] = []
        while b < self.n or a < i:
            if a == goal:  # one more round repeated whole
                full = goal = b
            s = self.step(a, b, j, i)
            if s < 0:
                return _Copy(j, i, full, src[: full - i], extras)
            if s == 1:
                if a < i:
                    extras.append(a)
                a += 1
                continue
            src.append(a if s == 0 else src[-1])
            a += s == 0
            b += 1
        return _Copy(j, i, self.n, src, extras)


def _block_copies(cues: tuple[Cue, ...], keys: list[str], repeated: Container[str] | None = None) -> list[_Copy]:
    """Block copies (:class:`_Copy`): each stretch of cues, holding two different lines, that
    repeats the stretch just before it (``A B C A B C``), found left to right.

    Cue by cue (not run by run), so that a block that ends with the line its copy starts with
    (``… A B | A B …``), or a line said twice across a block boundary, is still seen; a line
    listed twice in a row on one side and once on the other does not break a copy
    (:class:`_Aligner`).  A copy runs on over every round that repeats the one before it (a page
    cycled round after round is one copy), and to the page's end where the last round stops
    short.  The original starts at a line that stays (a copy is never where another copy's
    original starts), and where several earlier occurrences of the first line start a copy, the
    longest block wins: a line really said twice inside a block is kept in the original and
    dropped with the copy.  Where both cues of a pair carry a time, a later time is said again:
    not a copy.  Linear: each position looks back at the last few kept occurrences of its line
    followed by the same next different line, a distance already seen to differ at a position is
    not compared again up to there, and a copy is walked on once.
    """
    n = len(cues)
    aligner = _Aligner(cues, keys)
    ident = aligner.ident
    copies: list[_Copy] = []
    # an original and its copy start with the same line followed by the same next different
    # line (a slip repeats a line, it does not change which comes next): candidates by that pair
    after: list[_Ident | None] = [None] * n
    for x in range(n - 2, -1, -1):
        after[x] = ident[x + 1] if ident[x + 1] != ident[x] else after[x + 1]
    seen: dict[tuple[_Ident, _Ident | None], int | list[int]] = {}
    # a line the page holds once starts no copy and is no copy's original: only the others are looked up
    if repeated is None:  # (the keys more than one cue has)
        repeated = {key for key, count in Counter(keys).items() if count > 1}
    differs: dict[int, int] = {}  # distance -> a position where the cue differs from the one that far back
    i = 0
    while i < n:
        k = keys[i]
        if k and k in repeated:
            here = (ident[i], after[i])
            got = seen.get(here)
        else:
            k = ""  # (as an empty key: nothing to look up or remember)
        best = 0
        nxt = ident[i + 1] if i + 1 < n else None
        for j in () if not k or got is None else (got,) if isinstance(got, int) else reversed(got):
            p = i - j
            if p <= best or p < 2 or (p < _LONG_BLOCK and i + p > n) or i <= differs.get(p, -1) < i + p:
                continue
            slip = p >= _LONG_BLOCK and (nxt == ident[i] or ident[j + 1] == ident[j])
            if nxt is not None and ident[j + 1] != nxt and not slip:
                differs[p] = i + 1  # (decided here: the next lines differ, and no slip)
                continue
            found, where = aligner.first_copy(j, i)
            if found:
                best = p
            elif where >= 0:
                differs[p] = where
        if best:
            copy = aligner.copy(i - best, i)
            copies.append(copy)
            i = copy.end
            continue
        if k:
            _remember(seen, here, i)
        i += 1
    return copies


def _remember(
    seen: dict[tuple[_Ident, _Ident | None], int | list[int]], here: tuple[_Ident, _Ident | None], i: int
) -> None:
    """Add ``i`` to the last few occurrences of ``here`` (one is held as its index, more in a
    list: most lines of a page occur once, and a list each would be 88 bytes a line)."""
    occ = seen.get(here)
    if occ is None:
        seen[here] = i
    elif isinstance(occ, int):
        seen[here] = [occ, i]
    else:
        occ.append(i)
        if len(occ) > _BLOCK_CANDIDATES:
            del occ[0]


@dataclass(slots=True)
class _Blocks:
    """The block copies' verdicts and the evidence the rules after them need."""

    plan: _Plan
    dropped: bytearray  # (a byte a cue, here and below: not a list of bools)
    has_copy: bytearray  # a cue that a block copy repeats
    base_at: array[int]  # cue -> its place among the cues that are no copy (-1: a copy)
    share: _Shares  # per such place: (nearby lines with a block copy, nearby lines)


def _inside(copies: list[_Copy]) -> dict[int, int]:
    """Block copies inside the original of a longer one (``A B A B C`` captured as a block): start
    -> the start of that longer copy.  What was captured twice holds them, so they are said again."""
    inside: dict[int, int] = {}
    for x, c in enumerate(copies):
        y = x - 1
        while y >= 0 and copies[y].orig >= c.orig:
            inside.setdefault(copies[y].start, c.start)
            y -= 1
    return inside


def _block_plan(cues: tuple[Cue, ...], keys: list[str], repeated: Container[str] | None = None) -> _Blocks:
    """Verdicts on the block copies, on the evidence of the lines that stay: a copy is dropped where
    30 % or more of the lines nearby have a block copy, and with it each line its original lists
    twice in a row where the copy lists it once (the scraper's slip, not speech)."""
    n = len(cues)
    copies = _block_copies(cues, keys, repeated)
    copied = bytearray(n)
    has_copy = bytearray(n)
    root = array("i", range(n))  # the cue of the original each cue repeats (itself, if none)
    for c in copies:
        for m, s in enumerate(c.src, c.start):
            copied[m] = True
            root[m] = root[s]
            has_copy[root[m]] = True
    base_at = array("i", [-1]) * n
    flags = bytearray()  # per cue that is no copy: whether a block copy repeats it
    for i in range(n):
        if not copied[i]:
            base_at[i] = len(flags)
            flags.append(has_copy[i])
    blocks = _Blocks(_Plan(n), bytearray(n), has_copy, base_at, _Shares(flags))
    del flags
    inside = _inside(copies)
    for c in copies:
        if c.start in inside:
            why = f"said again: repeated the same way in the block copy at line {cues[inside[c.start]].source_line}"
            kept = _Verdict(False, why)
            for m in range(c.start, c.end):
                blocks.plan.put(m, kept, root[m])
            continue
        hits, near = blocks.share[base_at[c.orig]]
        _copy_verdicts(cues, c, root, blocks, (hits, near))
    return blocks


def _copy_verdicts(cues: tuple[Cue, ...], c: _Copy, root: array[int], blocks: _Blocks, share: tuple[int, int]) -> None:
    """The verdicts on one block copy and the lines its original lists twice (see :func:`_block_plan`)."""
    hits, near = share
    evidence = f"{hits} of {near} nearby lines repeated"
    systematic = hits >= _SYSTEMATIC * near
    unstamped = (  # (one reason for the whole copy, not a string per cue)
        _Verdict(True, f"a block captured twice ({evidence})")
        if systematic
        else _Verdict(False, f"a block said again, kept ({evidence}: a double capture repeats most)")
    )
    for m, s in enumerate(c.src, c.start):
        v = _stamp_verdict(cues[s], cues[m]) or unstamped
        blocks.plan.put(m, v, root[m])
        blocks.dropped[m] = v.drop
    if not systematic:
        return
    for a in c.extras:
        of = a - 1
        while blocks.dropped[of]:  # (a line listed three times: the first listing stays)
            of -= 1
        blocks.plan[a] = _Verdict(
            True, f"listed once in the block copy at line {cues[c.start].source_line}: captured twice ({evidence})", of
        )
        blocks.dropped[a] = True

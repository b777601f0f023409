"""Runs of repeated lines and the capture plan: which repeats of a page are double captures
(:func:`_capture_plan`, from block copies, one-line blocks and runs)."""

from __future__ import annotations

from array import array
from collections.abc import Container
from dataclasses import dataclass

from ...model import Cue
from ...text.compare import word_keys
from .copies import _block_plan, _Blocks
from .lines import _rolling_cut
from .plan import _SYSTEMATIC, _WINDOW, _Plan, _Shares, _stamp_verdict, _Verdict


@dataclass(slots=True)
class _Runs:
    """Runs of adjacent repeats (a line and its repeats: same key and speaker) among the cues that stay."""

    seq: array[int]  # the cues that stay after the block copies
    first: array[int]  # index in ``seq`` of each run's first cue
    length: array[int]
    rolls: list[bool]  # whether the run's first cue starts with the end of the one before
    of: array[int]  # cue -> its run

    def even_at(self, i: int, dropped: bytearray) -> bool:
        """Whether cue ``i`` starts a run of an even length, listed without a gap."""
        if dropped[i]:
            return False
        q = self.of[i]
        length = self.length[q]
        return (
            self.seq[self.first[q]] == i and length % 2 == 0 and self.seq[self.first[q] + length - 1] == i + length - 1
        )

    def said(self, r: int) -> int:
        """How many of run ``r``'s copies are lines really said, in an every-line capture: a run of
        ``L`` where most runs nearby have ``m`` is ``L / m`` (only where the capture's own
        multiplicity is clear: 3+ runs of it nearby, and ``L`` a multiple)."""
        length = self.length[r]
        lo, hi = max(0, r - 2 * _WINDOW), min(len(self.length), r + 2 * _WINDOW + 1)
        lengths = sorted(self.length[q] for q in range(lo, hi) if self.length[q] >= 2 and q != r)
        typical = lengths[len(lengths) // 2] if lengths else length
        return length // typical if length % typical == 0 and lengths.count(typical) >= 3 else 1


def _runs(cues: tuple[Cue, ...], keys: list[str], blocks: _Blocks) -> _Runs:
    dropped = blocks.dropped
    seq = array("i", (i for i in range(len(cues)) if not dropped[i]))
    runs = _Runs(seq, array("i"), array("i"), [], array("i", [0]) * len(cues))
    last: list[tuple[str, tuple[str, ...]]] = []  # the text compared last as ``cur`` and its word keys

    def rolls(prev: str, cur: str) -> bool:
        """Whether ``cur`` rolls on from ``prev`` (:func:`rolling_cut`): each text's word keys
        made once, as ``cur`` and then as ``prev`` of the next cue."""
        prev_keys = last[0][1] if last and last[0][0] == prev else word_keys(prev)
        cur_keys = word_keys(cur)
        last[:] = [(cur, cur_keys)]
        return _rolling_cut(prev, prev_keys, cur, cur_keys) is not None

    for s, i in enumerate(seq):
        prev = cues[seq[s - 1]] if s else None
        if prev is not None and keys[i] and keys[i] == keys[seq[s - 1]] and cues[i].speaker == prev.speaker:
            runs.length[-1] += 1
        else:
            runs.first.append(s)
            runs.length.append(1)
            runs.rolls.append(
                prev is not None
                and cues[i].speaker == prev.speaker
                and i not in blocks.plan  # (a kept block copy repeats its block, not the line before)
                and rolls(prev.text, cues[i].text)
            )
        runs.of[i] = len(runs.first) - 1
    return runs


def _one_line_block(cues: tuple[Cue, ...], blocks: _Blocks, runs: _Runs, r: int, after: int) -> bool:
    """A run of an even length between a block copy (ending at ``after`` or a dropped cue) and the
    next block (or the page's end), where the page is captured in blocks, is a block of one line
    (said once or more) captured twice: its second half is dropped.  Whether it is (and then the
    verdicts are in the plan)."""
    length, first = runs.length[r], runs.first[r]
    i0, i1 = runs.seq[first], runs.seq[first + length - 1]
    n = len(cues)
    if not (
        length % 2 == 0
        and i1 == i0 + length - 1
        and i0
        and (blocks.dropped[i0 - 1] or i0 - 1 == after)
        and (i1 + 1 == n or blocks.has_copy[i1 + 1] or runs.even_at(i1 + 1, blocks.dropped))
        and not any(blocks.has_copy[i0 : i1 + 1])
        and blocks.base_at[i0] >= 0
    ):
        return False
    hits, near = blocks.share[blocks.base_at[i0]]
    half = length // 2
    if hits < _SYSTEMATIC * near or any(
        _stamp_verdict(cues[i0 + m], cues[i0 + half + m]) is not None for m in range(half)
    ):
        return False
    for m in range(half):
        blocks.plan[i0 + half + m] = _Verdict(
            True, f"a block of one line captured twice ({hits} of {near} nearby lines repeated)"
        )
    for m in range(1, half):
        blocks.plan[i0 + m] = _Verdict(False, f"said again: {half} times in a block captured twice")
    return True


def _run_verdicts(cues: tuple[Cue, ...], runs: _Runs, r: int, share: tuple[int, int], plan: _Plan) -> None:
    """The verdicts on the repeats of run ``r``: dropped where 30 % or more of the runs nearby are
    repeated (``share``), less the lines really said (:meth:`_Runs.said`); stamps decide first."""
    hits, near = share
    systematic = hits >= _SYSTEMATIC * near
    first, length = runs.first[r], runs.length[r]
    said = runs.said(r) if systematic and length >= 3 else 1
    evidence = f"{hits} of {near} nearby lines repeated"
    copies = length // said if said > 1 else length
    seq = runs.seq
    for s in range(first + 1, first + length):
        v = _stamp_verdict(cues[seq[s - 1]], cues[seq[s]])
        if v is None:
            if not systematic:
                v = _Verdict(False, f"isolated repeat, kept as said again ({evidence}: a double capture repeats most)")
            elif said > 1 and (s - first) % copies == 0 and (s - first) // copies < said:
                v = _Verdict(
                    False, f"said again: {length} copies in a double capture of {copies} per line ({evidence})"
                )
            else:
                v = _Verdict(True, f"double capture ({evidence})")
        plan[seq[s]] = v  # (over a block copy's kept verdict: it is still a line listed twice)


def _capture_plan(
    cues: tuple[Cue, ...], keys: list[str], repeated: Container[str] | None = None
) -> tuple[_Plan, bytearray]:
    """Decide, from the page's own evidence, which repeats are double captures and which are speech.

    Each pattern of a double capture is weighed on its own evidence, among the ``_WINDOW`` lines
    (or runs) either side:

    * a *block copy* (:func:`_block_copies`: ``A B C A B C``, or a whole page cycled round after
      round) is dropped where 30 % or more of the lines nearby have a block copy (a scraper that
      captures blocks twice does it to most), and with it each line its original lists twice in
      a row where the copy lists it once (:func:`_block_plan`);
    * a *run* is a line and its adjacent repeats (same key and speaker): its copies are dropped
      where 30 % or more of the runs nearby are repeated (every line captured twice), a repeat
      being a run of 2+ or a rolling overlap.  Block copies do not count here: in a page captured
      in blocks, a line listed twice in a row inside a block is said twice;
    * a *rolling overlap* (a cue that starts with the end of the one before) is cut where 30 % or
      more of the runs nearby roll: a double capture makes exact copies, not overlaps, so in one a
      line that repeats the end of the one before is an echo really said (``If you're the
      someone ready to be found`` / ``The someone ready to be found``).

    A line said twice (or four times) is an isolated repeat: kept.  Where both cues carry a time
    (page stamps), the times decide: a later time is said again, the same (or an overlapping) time
    is the same caption captured twice.  Inside an every-line capture, a run of ``L`` copies where
    most runs have ``m`` is ``L / m`` lines really said (a line said twice, captured twice, is four
    copies: two are kept).

    Returns a verdict for each cue that repeats the cue before it (adjacent), or the line it copies
    (block copy), and per cue whether its neighbourhood is a rolling capture.  Linear.  The windows
    count the lines that stay (a block copy stands at its original's place), so that removing the
    copies never makes what is left look more repeated (idempotence).
    """
    blocks = _block_plan(cues, keys, repeated)
    runs = _runs(cues, keys, blocks)
    run_share = _Shares([length >= 2 or roll for length, roll in zip(runs.length, runs.rolls, strict=True)])
    after = -2  # the last cue of the last run taken for a block of one line captured twice
    for r, length in enumerate(runs.length):
        if length < 2:
            continue
        hits, near = run_share[r]
        if hits < _SYSTEMATIC * near and _one_line_block(cues, blocks, runs, r, after):
            after = runs.seq[runs.first[r] + length - 1]
            continue
        _run_verdicts(cues, runs, r, run_share[r], blocks.plan)
    roll_share = _Shares(runs.rolls)
    rolling = bytearray(len(cues))  # (a byte a cue, not a list of bools)
    for i in runs.seq:
        hits, near = roll_share[runs.of[i]]
        rolling[i] = hits >= _SYSTEMATIC * near
    return blocks.plan, rolling

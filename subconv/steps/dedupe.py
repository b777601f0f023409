"""Pipeline step ``dedupe``: remove repeated captions, never repeated speech.

Policies (``Options.dedupe``):

* ``auto`` (default) -- pages: adjacent exact and near duplicates (same :func:`dup_key`),
  block copies and rolling overlaps (a cue that starts with the tail of the previous one
  keeps only its new part) where the page's evidence says they were captured twice (stamps,
  or most nearby lines repeated: :func:`_capture_plan`); an isolated repeat is a line said
  again and is kept and listed as ``kept``, as are non-adjacent repeats.  Timed files are
  left alone, except recognised YouTube rolling auto-captions, which are rebuilt as one cue
  per spoken line.
* ``off`` -- nothing.
* ``adjacent`` -- every adjacent duplicate and rolling overlap, on pages and timed files.
* ``all`` -- as ``adjacent``, and non-adjacent repeats are removed too.

Every removal is reported with its source line.  Everything is one pass with hash
keys: linear in the number of cues (under ``auto`` on pages, repeated until nothing
changes, at most 4 passes).
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Container, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import TypeAlias

from ..model import Cue, Track
from ..report import Report, clock
from ..text.compare import dup_key, word_keys, word_spans
from ..text.width import is_wide
from . import Context

STEP = "dedupe"
YOUTUBE_MESSAGE = "recognised YouTube rolling auto-captions; de-duplicated (use --dedupe off to keep)"

_TIMESTAMP_TAG = re.compile(r"<(?:\d{1,3}:)?\d{2}:\d{2}[.,]\d{3}>")
_ROLL_CAP = 64  # longest rolling overlap looked for, in words
_BRIDGE_MS = 50


def _same_speaker(a: Cue, b: Cue) -> bool:
    return a.speaker == b.speaker


def _significant(key: str, text: str) -> bool:
    """Whether a non-adjacent repeat of ``text`` is worth listing (not "Yes." or "No.")."""
    if len(key) >= 12 or len(word_keys(text)) >= 3:
        return True
    return len(key) >= 6 and any(is_wide(c) for c in key)


def _clean_lines(text: str) -> tuple[str, ...]:
    return tuple(" ".join(ln.split()) for ln in text.split("\n") if ln.strip())


def _cue_lines(cue: Cue) -> tuple[str, ...]:
    """``_clean_lines(cue.text)``, without joining and splitting a one-line cue."""
    lines = cue.lines
    if len(lines) == 1 and "\n" not in lines[0]:
        return (" ".join(lines[0].split()),) if lines[0].strip() else ()
    return _clean_lines(cue.text)


_SOUND_LINE = re.compile(r"^(?:\[([^\[\]\n]{1,60})\]|\(([^()\n]{1,40})\)|[♪♫♬#\s]*[♪♫♬][♪♫♬#\s]*)$")


def is_sound_line(text: str) -> bool:
    """Whether a caption line is only a sound label -- ``[Music]``, ``[Applause]``, ``(laughter)``,
    ``♪ ♪`` -- not words someone said (see :func:`~subconv.steps.normalise.is_sound_tag`).

    >>> is_sound_line("[Music]"), is_sound_line(" ♪♪ "), is_sound_line("[Music] so today"), is_sound_line("(he said)")
    (True, True, False, False)
    """
    from .normalise import is_sound_tag

    m = _SOUND_LINE.match(text.strip())
    if m is None:
        return False
    if m.group(1) is not None:
        return is_sound_tag(m.group(1), True)
    if m.group(2) is not None:
        return is_sound_tag(m.group(2), False)
    return True


def rolling_cut(prev: str, cur: str) -> str | None:
    """What is left of ``cur`` after the part that repeats the end of ``prev``, or None if no overlap.

    An overlap counts when it is at least 3 words, or all of ``prev`` (2+ words), or a
    whole line of both texts (the rolling two-line pattern).

    >>> rolling_cut("the conquest of the cosmos", "of the cosmos has really")
    'has really'
    >>> rolling_cut("Hello there\\nhow are", "how are\\nyou today")
    'you today'
    >>> rolling_cut("I said no", "no way") is None
    True
    """
    return _rolling_cut(prev, word_keys(prev), cur, word_keys(cur))


def _rolling_cut(prev: str, pk_all: tuple[str, ...], cur: str, ck: tuple[str, ...]) -> str | None:
    """:func:`rolling_cut` with the word keys of both texts already computed."""
    if not pk_all or not ck:
        return None
    first = ck[0]
    whole = len(pk_all)
    pk = pk_all[max(0, whole - _ROLL_CAP) :]
    if first not in pk:  # no overlap can start anywhere: the common case, decided in C
        return None
    n = len(pk)
    best = 0
    line_keys: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    for i in range(n):  # candidate overlap = pk[i:]
        k = n - i
        if k > len(ck) or pk[i] != first or pk[i:] != ck[:k]:
            continue
        if k >= 3 or (k == whole and k >= 2):
            best = k
            break  # the first hit from the left is the longest
        if line_keys is None:
            line_keys = (word_keys(prev.rsplit("\n", 1)[-1]), word_keys(cur.split("\n", 1)[0]))
        if pk[i:] == line_keys[0] and pk[i:] == line_keys[1]:
            best = k
            break
    if not best:
        return None
    cut = word_spans(cur)[best - 1][1]
    rest = cur[cut:]
    return "\n".join(_clean_lines(rest))


# --------------------------------------------------------------------- YouTube rolling


def is_youtube_rolling(track: Track) -> bool:
    """Recognise YouTube-style rolling auto-captions.

    True when at least 30% of consecutive cue pairs roll (a cue of two or more lines whose
    first line repeats the previous cue's last line, or a ~10 ms bridge cue repeating it), and
    there are either
    word-timing tags (``vtt.raw`` holding ``<00:00:01.520>``) or at least 3 rolling pairs.
    """
    cues = track.cues
    if len(cues) < 2:
        return False
    need = 0.3 * (len(cues) - 1)
    # Only a cue of two or more lines, or a bridge cue, can roll: find those first (cheap), then
    # check them until 30% is out of reach.  An ordinary file is decided after a few of them.
    # (one comprehension: this runs on every subtitle file converted)
    # (indexes alone: a list of pairs would cost a large file's conversion a tenth of its memory)
    candidates = [
        i
        for i, c in enumerate(cues)
        if i
        and (
            len(c.lines) >= 2
            or (c.start is not None and c.end is not None and c.end - c.start <= _BRIDGE_MS)
            or (c.lines and "\n" in c.lines[0])
        )
    ]
    left = len(candidates)
    rolling = 0
    for i in candidates:
        if rolling + left < need:
            return False
        left -= 1
        cur_raw, prev_raw = cues[i].lines, cues[i - 1].lines
        first, last = (cur_raw[0], prev_raw[-1]) if cur_raw and prev_raw else ("", "")
        a, b = first[:1], last[:1]
        if (
            a != b
            and a.isalnum()
            and b.isalnum()
            and first.isascii()
            and last.isascii()
            and "\n" not in last
            and a.lower() != b.lower()
        ):
            continue  # (the two keys start with these letters or digits: they differ)
        lines = _cue_lines(cues[i])
        if lines and (len(lines) >= 2 or _is_bridge(cues[i])):
            prev_lines = _cue_lines(cues[i - 1])
            if prev_lines and dup_key(lines[0]) == dup_key(prev_lines[-1]):
                rolling += 1
    if rolling < need:
        return False
    if rolling >= 3:
        return True
    return any(_TIMESTAMP_TAG.search(str(c.extras.get("vtt.raw", ""))) for c in cues)


def _is_bridge(cue: Cue) -> bool:
    """A cue of at most ``_BRIDGE_MS`` (YouTube's ~10 ms cue repeating the line that rolls up;
    :func:`is_youtube_rolling`'s list of candidates has the test inline)."""
    return cue.start is not None and cue.end is not None and cue.end - cue.start <= _BRIDGE_MS


@dataclass
class _Line:
    text: str
    key: str
    words: tuple[str, ...]
    start: int | None
    visible_end: int | None
    cue: Cue


def _match_history(keys: list[str], words: list[tuple[str, ...]], out: list[_Line]) -> tuple[int, bool]:
    """How many of the cue's first lines repeat the last emitted lines, and whether the last grew.

    A rolling cue carries at most all but one of its lines over, so k < len(keys) is tried
    first (longest first); only then a full repeat (a bridge cue, or the same cue twice).  The
    k-th line may also *grow* the last emitted line (same words, then more): the second value
    says so.
    """
    n = len(keys)
    for k in [*range(min(n - 1, len(out)), 0, -1), *([n] if 0 < n <= len(out) else [])]:
        tail = out[-k:]
        if any(keys[j] != tail[j].key for j in range(k - 1)):
            continue
        last = tail[-1]
        if keys[k - 1] == last.key:
            return k, False
        w = words[k - 1]
        if len(w) > len(last.words) and w[: len(last.words)] == last.words and last.words:
            return k, True
    return 0, False


#: how many of the last emitted lines an untagged line before a word-timed one may repeat
_RECENT = 4


def _first_tagged(cue: Cue, lines: list[str]) -> int | None:
    """Index in ``lines`` (the cue's non-blank lines) of the first word-timed line, if any.

    A word-timed line (``<00:00:01.520><c> word</c>`` in ``vtt.raw``) is what the recogniser
    is saying now: never a line carried over from the cue before.
    """
    raw = cue.extras.get("vtt.raw")
    if not isinstance(raw, str) or "<" not in raw:
        return None
    nonblank = [ln for ln in raw.split("\n") if ln.strip()]
    if len(nonblank) != len(lines):
        return None
    for j, ln in enumerate(nonblank):
        if _TIMESTAMP_TAG.search(ln):
            return j
    return None


def _match_tagged(keys: list[str], words: list[tuple[str, ...]], out: list[_Line], tagged: int) -> tuple[int, bool]:
    """:func:`_match_history` in a word-timed track, for a cue whose line ``tagged`` is the first
    word-timed one (``len(keys)`` when none is): only the lines before it can be carried over,
    and where they do not continue the last lines, each may repeat any of the last ``_RECENT``
    lines (a carried-over line that is not the very last one, e.g. after a ``[Music]`` line,
    is still not said again)."""
    k, grown = _match_history(keys[:tagged], words[:tagged], out)
    if k:
        return k, grown
    recent = {line.key for line in out[-_RECENT:]}
    while k < tagged and keys[k] in recent:
        k += 1
    return k, False


def _fresh(cue: Cue) -> bool:
    """Whether the cue's first line is blank: its text is on the bottom line, just rolled in."""
    lines = cue.lines
    if len(lines) == 1:
        lines = tuple(lines[0].split("\n"))
    return len(lines) >= 2 and not lines[0].strip()


def _touches(end: int | None, start: int | None) -> bool:
    """Whether something starting at ``start`` follows on from something shown until ``end``."""
    return end is None or start is None or start - end <= _BRIDGE_MS


def _shown_until(line: _Line, end: int | None) -> None:
    """``line`` is still on screen until ``end`` (if that is later)."""
    if end is not None and (line.visible_end is None or end > line.visible_end):
        line.visible_end = end


def _sound_label(out: list[_Line], new: _Line, report: Report) -> None:
    """A sound label alone under a blank line: it rolls in now, so it is not carried over.  One
    that goes on from the same label still on screen is the same sound (YouTube cuts a long one
    into pieces), merged; any other is a new occurrence, kept."""
    last = out[-1] if out else None
    cue = new.cue
    if last is not None and last.key == new.key and _touches(last.visible_end, cue.start):
        _shown_until(last, cue.end)
        report.add(
            STEP,
            "merged",
            f"rolling auto-caption: the sound goes on from line {last.cue.source_line} (one occurrence)",
            cue.source_line,
            new.text,
        )
        return
    out.append(new)


def _roll_in(out: list[_Line], cue: Cue, word_timed: bool, report: Report) -> None:
    """Add the lines of ``cue`` that are new to ``out``; the ones it carries over stay on screen."""
    lines = list(_cue_lines(cue))
    keys = [dup_key(ln) for ln in lines]
    words = [word_keys(ln) for ln in lines]
    if len(lines) == 1 and _fresh(cue) and is_sound_line(lines[0]):
        _sound_label(out, _Line(lines[0], keys[0], words[0], cue.start, cue.end, cue), report)
        return
    if not word_timed:
        k, grown = _match_history(keys, words, out)
    else:
        tagged = _first_tagged(cue, lines)
        k, grown = _match_tagged(keys, words, out, len(lines) if tagged is None else tagged)
    for line in out[len(out) - k :] if k else ():
        _shown_until(line, cue.end)
    if grown:
        last = out[-1]
        reason = f"rolling auto-caption: line grows line {last.cue.source_line}"
        report.add(STEP, "merged", reason, cue.source_line, lines[k - 1])
        last.text, last.key, last.words = lines[k - 1], keys[k - 1], words[k - 1]
    if k == len(lines):
        if not grown:
            ref = out[-1].cue.source_line if out else None
            report.add(STEP, "dropped", f"rolling auto-caption: repeats line {ref}", cue.source_line, cue.text)
        return
    if k:
        report.add(STEP, "rewritten", f"rolling auto-caption: {k} repeated line(s) removed", cue.source_line, cue.text)
    out.extend(_Line(lines[j], keys[j], words[j], cue.start, cue.end, cue) for j in range(k, len(lines)))


def youtube_rolling(track: Track, report: Report) -> Track:
    """Rebuild rolling auto-captions as one cue per spoken line.

    Each output cue is a line the first time it rolls in: start = the start of that source
    cue, end = when the next line starts (or when the line leaves the screen, if sooner).
    A word-timed line is always new; the untimed lines before it are carried over. A sound
    label (``[Music]``) alone under a blank line is new too, unless it follows on from the
    same label still on screen: then it is the same sound cut in pieces, merged into one.
    """
    out: list[_Line] = []
    word_timed = any(_TIMESTAMP_TAG.search(str(c.extras.get("vtt.raw", ""))) for c in track.cues)
    for cue in track.cues:
        _roll_in(out, cue, word_timed, report)
    cues: list[Cue] = []
    for i, line in enumerate(out):
        end = line.visible_end
        if i + 1 < len(out):
            nxt = out[i + 1].start
            if nxt is not None and line.start is not None and nxt > line.start and (end is None or nxt < end):
                end = nxt
        extras = line.cue.extras.without("vtt.raw", "vtt.id", "vtt.settings")
        cues.append(
            Cue(
                line.start, end, (line.text,), speaker=line.cue.speaker, extras=extras, source_line=line.cue.source_line
            )
        )
    return track.with_cues(cues)


# --------------------------------------------------------------------- page rules


def _extend(keep: Cue, dup: Cue) -> Cue:
    """``keep`` with its time stretched over ``dup``'s."""
    start, end, origin = keep.start, keep.end, keep.origin
    if start is None and dup.start is not None:
        start = dup.start
        origin = dup.origin
    ends = [e for e in (keep.end, dup.end) if e is not None]
    if ends:
        end = max(ends)
    if (start, end, origin) == (keep.start, keep.end, keep.origin):
        return keep
    return keep.replace(start=start, end=end, origin=origin)


def _dup_keys(cues: tuple[Cue, ...], counts: dict[str, int] | None = None) -> list[str]:
    """``dup_key`` of each cue's text, held once per distinct key (a page that repeats its lines
    holds one key per line, not one per repeat); into
    ``counts``, how many cues have each key that more than one has.

    >>> counts = {}
    >>> keys = _dup_keys((Cue(None, None, ("Hi!",)), Cue(None, None, ("hi",)), Cue(None, None, ("Hi!",))), counts)
    >>> keys, keys[0] is keys[1] is keys[2], counts
    (['hi', 'hi', 'hi'], True, {'hi': 3})
    """
    same: dict[str, str] = {}
    keys: list[str] = []
    append = keys.append
    last_text, last_key = None, ""
    for c in cues:
        text = c.text
        # (no dict of the texts: on a long page whose lines all differ it would be as large as
        # ``same``; a line repeated at once, the usual repeat, is not keyed again)
        key = last_key if text == last_text else dup_key(text)
        held = same.get(key)
        if held is None:
            same[key] = key
        else:
            key = held
            if counts is not None:  # (a key met before)
                counts[key] = counts.get(key, 1) + 1
        append(key)
        last_text, last_key = text, key
    return keys


class _KeyCache:
    """Word keys of the last few texts: each cue is compared as ``cur`` and then as ``prev``."""

    __slots__ = ("_data",)

    def __init__(self) -> None:
        self._data: dict[str, tuple[str, ...]] = {}

    def __call__(self, text: str) -> tuple[str, ...]:
        got = self._data.get(text)
        if got is None:
            if len(self._data) >= 8:
                self._data.clear()
            got = self._data[text] = word_keys(text)
        return got


#: runs of lines either side looked at to tell a double capture from a line really said again
_WINDOW = 15
#: share of those nearby lines that are repeated from which repeats are a double capture
_SYSTEMATIC = 0.3
_MAX_PASSES = 4


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
    """What the stamps say about ``cur`` repeating ``prev`` (None: not both stamped)."""
    if prev.start is None or cur.start is None:
        return None
    shown_until = prev.end if prev.end is not None else prev.start
    if cur.start > shown_until:
        return _Verdict(False, f"said again: its own later time ({clock(cur.start)})")
    return _Verdict(True, f"same caption captured twice: its time ({clock(cur.start)}) is not after the first's")


#: kept occurrences of a line looked back at for the original of a block copy starting with it
_BLOCK_CANDIDATES = 4


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
                and rolling_cut(prev.text, cues[i].text) is not None
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


class _Pass:
    """One pass of the page rules over a track: the cues kept so far and what the rules look at."""

    def __init__(self, track: Track, policy: str, report: Report, evidence: bool) -> None:
        self.cues = track.cues
        self.policy = policy
        self.report = report
        self.evidence = evidence
        # how often each repeated key occurs (a key met once is not held: most lines of a long page)
        self.counts: dict[str, int] = {}
        self.keys = _dup_keys(track.cues, self.counts)
        self.plan, self.rolling = (
            _capture_plan(track.cues, self.keys, self.counts) if evidence else (_Plan(len(track.cues)), bytearray())
        )
        self.words = _KeyCache()
        self.out: list[Cue] = []
        self.out_keys: list[str] = []  # dup_key of each cue in ``out`` (``_extend`` keeps the text)
        # the first cue kept with each key (said_before); a key no other cue of the page has, kept
        # by its own cue as it is, is marked in ``kept_own`` instead (no dict entry per line of a
        # long page), and found again through ``_unique_at``, made the first time it is needed
        self.first_seen: dict[str, Cue] = {}
        self.kept_own = bytearray(len(self.cues))
        self._unique_at: dict[str, int] | None = None
        self.changed = False
        # the last reason written about a repeat of each cue (a page cycled round after round
        # repeats each line many times for the same reason: one string, not one per repeat)
        self.reason_of: list[str | None] = []

    def planned(self, cue: Cue, key: str, verdict: _Verdict) -> None:
        """A cue the capture plan says repeats line ``verdict.of``: dropped or kept, as it says."""
        of = verdict.of
        if not self.reason_of:
            self.reason_of = [None] * len(self.cues)
        why = verdict.why
        reason = self.reason_of[of]
        line = self.cues[of].source_line
        # (the reason about cue ``of`` is "repeats line N: " and a why: the same why, when it ends
        # with it and is as long as that prefix and it)
        if reason is None or not reason.endswith(why) or len(reason) != 15 + len(str(line)) + len(why):
            reason = self.reason_of[of] = f"repeats line {line}: {why}"
        if verdict.drop:
            self.report.add(STEP, "dropped", reason, cue.source_line, cue.text)
            self.changed = True
            return
        self.report.add(STEP, "kept", reason, cue.source_line, cue.text)
        self.out.append(cue)
        self.out_keys.append(key)

    def merge(self, prev: Cue, cue: Cue, cur: Cue, what: str) -> None:
        """``cue`` (now ``cur``) is dropped as a repeat of ``prev``, the last cue kept (``what`` says why)."""
        self.report.add(STEP, "dropped", what, cue.source_line, cue.text)
        self.out[-1] = _extend(prev, cur)

    def against_previous(self, index: int, cue: Cue, key: str, verdict: _Verdict | None) -> tuple[Cue | None, str]:
        """``cue`` after the last cue kept: itself, its new part after a rolling overlap, or None
        (a repeat, merged into it); and its key."""
        cur = cue
        out = self.out
        while out and _same_speaker(out[-1], cur):
            prev = out[-1]
            if key and key == self.out_keys[-1]:
                if verdict is not None and not verdict.drop:
                    self.report.add(
                        STEP, "kept", f"repeats line {prev.source_line}: {verdict.why}", cue.source_line, cue.text
                    )
                    return cur, key
                chrome = self.counts.get(key, 1) >= 3 and len(word_keys(cur.text)) <= 4
                what = "repeated page chrome" if chrome else "adjacent duplicate"
                why = f": {verdict.why}" if verdict is not None else ""
                self.merge(prev, cue, cur, f"{what} of line {prev.source_line}{why}")
                return None, key
            prev_text, cur_text = prev.text, cur.text
            rest = _rolling_cut(prev_text, self.words(prev_text), cur_text, self.words(cur_text))
            if rest is None:
                return cur, key
            if self.evidence and not self.rolling[index]:
                self.report.add(
                    STEP,
                    "kept",
                    f"repeats the end of line {prev.source_line}: isolated repeat, kept as "
                    "said again (few nearby lines start with the end of the one before: a rolling capture does)",
                    cue.source_line,
                    cur_text,
                )
                return cur, key
            if not rest:
                self.merge(prev, cue, cur, f"rolling overlap: repeats the end of line {prev.source_line}")
                return None, key
            reason = f"rolling overlap with line {prev.source_line} removed"
            if cur.spans:
                reason += "; formatting dropped"
            self.report.add(STEP, "rewritten", reason, cue.source_line, cur_text)
            cur = cur.replace(lines=tuple(rest.split("\n")), spans=())
            key = dup_key(rest)
        return cur, key

    def _first(self, index: int, cue: Cue, cur: Cue, key: str) -> Cue | None:
        """The first cue kept with ``key`` before cue ``index`` (``cue``, now ``cur``), if any."""
        first = self.first_seen.get(key)
        if first is not None or key in self.counts or cur is cue:
            return first  # (a key of the page's cues held by one cue: no other cue can have kept it)
        if self._unique_at is None:  # (a rolling cut made ``key``: it may be another cue's own)
            self._unique_at = {k: i for i, k in enumerate(self.keys) if k not in self.counts}
        at = self._unique_at.get(key)
        return self.cues[at] if at is not None and self.kept_own[at] else None

    def said_before(self, index: int, cue: Cue, cur: Cue, key: str) -> bool:
        """Whether ``cur`` (from ``cue``) repeats a line further up and goes (policy ``all``); the
        repeat is listed either way."""
        if not key or not _significant(key, cur.text):
            return False
        first = self._first(index, cue, cur, key)
        if first is None:
            if cur is cue and key not in self.counts:
                self.kept_own[index] = 1
            else:
                self.first_seen[key] = cur
            return False
        if self.policy == "all":
            self.report.add(STEP, "dropped", f"repeats line {first.source_line}", cue.source_line, cur.text)
            return True
        self.report.add(STEP, "kept", f"repeats line {first.source_line}", cue.source_line, cur.text)
        return False

    def run(self) -> list[Cue]:
        for index, (cue, key) in enumerate(zip(self.cues, self.keys, strict=True)):
            verdict = self.plan.get(index)
            if verdict is not None and verdict.of >= 0:
                self.planned(cue, key, verdict)
                continue
            cur, key = self.against_previous(index, cue, key, verdict)
            if cur is not cue:
                self.changed = True
            if cur is None:
                continue
            if verdict is None and self.said_before(index, cue, cur, key):
                self.changed = True
                continue
            self.out.append(cur)
            self.out_keys.append(key)
        return self.out


def _dedupe_cues(track: Track, policy: str, report: Report, evidence: bool = False) -> Track:
    """The page rules; with ``evidence`` (pages under ``auto``), adjacent repeats follow :func:`_capture_plan`."""
    rules = _Pass(track, policy, report, evidence)
    out = rules.run()
    return track.with_cues(out) if rules.changed else track


def rebuild_rolling(track: Track, ctx: Context, report: Report) -> Track:
    """The step on recognised rolling auto-captions (:func:`is_youtube_rolling`): one cue per
    spoken line (:func:`youtube_rolling`), unless ``--dedupe off``."""
    if ctx.options.dedupe == "off" or not track.cues:
        return track
    report.add(STEP, "info", YOUTUBE_MESSAGE)
    return youtube_rolling(track, report)


def dedupe(track: Track, ctx: Context, report: Report) -> Track:
    """Remove duplicate captions according to ``ctx.options.dedupe`` (see the module docs).

    >>> from subconv.options import Options
    >>> t = Track((Cue(None, None, ("Hello!",)), Cue(None, None, ("hello",)), Cue(None, None, ("Bye",))))
    >>> r = Report()
    >>> [c.text for c in dedupe(t, Context("page", Options()), r)]
    ['Hello!', 'Bye']
    >>> [c.text for c in dedupe(t, Context("srt", Options()), r)]
    ['Hello!', 'hello', 'Bye']
    """
    policy = ctx.options.dedupe
    if policy == "off" or not track.cues or (policy == "auto" and not ctx.is_page):
        return track  # a timed file is converted faithfully unless a policy is asked for
    if not (ctx.is_page and policy == "auto"):
        return _dedupe_cues(track, policy, report)
    # The evidence (how much nearby is repeated) changes as repeats go: apply the rules until
    # nothing changes (a rolling cut can leave a block copy behind), so that the step is idempotent.
    out = _dedupe_cues(track, policy, report, evidence=True)
    for _ in range(_MAX_PASSES - 1):
        if out is track:
            break
        track = out
        again = Report()  # a later pass: its "kept" entries repeat the first pass's
        out = _dedupe_cues(track, policy, again, evidence=True)
        report.entries.extend(e for e in again.entries if e.action != "kept")
    return out

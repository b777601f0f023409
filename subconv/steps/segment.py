"""Pipeline step ``segment``: split units longer than a subtitle into cues that fit.

A cue fits when it has at most ``max_lines`` lines of at most ``max_chars`` columns
(CJK wide/fullwidth characters count 2, see :mod:`subconv.text.width`).  Cues that fit
are left exactly as they are.  A cue whose text would fit once re-wrapped is re-wrapped
into balanced lines.  Anything longer is split at sentence ends, then clause marks
(``, ; : —`` and CJK ``、，；：``), then between words (CJK: between characters, never
before closing punctuation), with balanced lines and balanced cues.

Only pages are segmented, and timed files when ``Options.retime`` is set.  With
``Options.merge_fragments``, consecutive untimed fragments are first joined into sentences.

On a timed file with ``Options.break_long_lines`` (the CLI's explicit ``--max-chars``),
:func:`break_long_lines` re-breaks only the cues with a line over ``max_chars`` and keeps
every time (Subtitle Edit's "break long lines"); ``subconv check --fix`` uses it too.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
import unicodedata
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from ..model import Cue, FrozenMap, Span, Track, Word, anchor_offsets, anchored, moved_anchors, moved_words
from ..report import Entry, Report
from ..text.width import FIRST_WIDE, is_wide, text_width
from ..textdiff import Change, moved_offset, text_changes, words_in_order
from . import Context, applies
from .normalise import BULLETS

STEP = "segment"

Token = tuple[str, bool]  # (text, preceded by a space)

_SENTENCE_END = frozenset(".!?…。！？‼⁇")
_CLAUSE_END = frozenset(",;:—–、，；：")
_CLOSERS = "\"'”’»)]}」』）】〕"
_END_OR_CLOSER = _SENTENCE_END | frozenset(_CLOSERS)
_DASHES = frozenset(("-", "–", "—", "--"))
_DIALOGUE_DASHES = frozenset(("-", "–", "—"))
_ABBREVIATIONS = frozenset(("mr.", "mrs.", "ms.", "dr.", "st.", "vs.", "e.g.", "i.e.", "etc.", "prof.", "jr.", "sr."))
_MERGE_LIMIT = 600  # characters: merged fragments never grow past this


def tokens(text: str) -> list[Token]:
    """Split ``text`` into breakable units: words, or single CJK characters with their punctuation.
    A word that would be a leading bullet at the start of a line (``·``, ``•x``, ``*``: what
    ``normalise`` removes there) is one unit with the word before it, so that no line break makes
    one (the steps run again leave the text as it is).

    >>> tokens("Hi there")
    [('Hi', False), ('there', True)]
    >>> [t for t, _ in tokens("你好，世界。")], tokens("5 * 3 · 4")
    (['你', '好，', '世', '界。'], [('5 *', False), ('3 ·', True), ('4', True)])
    """
    if text.isascii():  # (most text) every chunk is one unit
        out = [(chunk, True) for chunk in text.split()]
        if out:
            out[0] = (out[0][0], False)
        return _bullets_glued(out) if "*" in text else out
    out = _units(text)
    return _bullets_glued(out) if any(ch in text for ch in _BULLET_STARTS) else out


#: what a word starts with that ``normalise`` would remove at the start of a line
_BULLET_STARTS = frozenset(BULLETS + "*")


def _bullets_glued(toks: list[Token]) -> list[Token]:
    """``toks`` with each word (but the first) that starts with a bullet, or is ``*``, joined to the one before."""
    out: list[Token] = []
    for text, space in toks:
        if out and (text[0] in BULLETS or text == "*"):
            before, before_space = out[-1]
            out[-1] = (before + (" " if space else "") + text, before_space)
        else:
            out.append((text, space))
    return out


def _units(text: str) -> list[Token]:
    """:func:`tokens` of a text that is not ASCII: a chunk of narrow characters is one unit; wide
    characters (CJK) are one each, with the punctuation after them."""
    out: list[Token] = []
    for chunk in text.split():
        if chunk.isascii() or max(chunk) < FIRST_WIDE:
            # no wide character: nothing can start a new unit, the chunk is one unit
            out.append((chunk, bool(out)))
            continue
        units: list[str] = []
        for ch in chunk:
            if not units:
                units.append(ch)
                continue
            prev = units[-1][-1]
            cat = unicodedata.category(ch)
            if (cat.startswith("P") and cat not in ("Ps", "Pi")) or unicodedata.category(prev) in ("Ps", "Pi"):
                units[-1] += ch
            elif is_wide(ch) or is_wide(prev):
                units.append(ch)
            else:
                units[-1] += ch
        for i, u in enumerate(units):
            out.append((u, bool(out) and i == 0))
    return out


def join(toks: Sequence[Token]) -> str:
    """The text of ``toks`` on one line (no space between two wide characters).

    >>> join(tokens("a  b")), join(tokens("你好 世界"))
    ('a b', '你好世界')
    """
    parts: list[str] = []
    for i, (t, space) in enumerate(toks):
        if i and space and not (is_wide(parts[-1][-1]) and is_wide(t[0])):
            parts.append(" ")
        parts.append(t)
    return "".join(parts)


def _metrics(toks: Sequence[Token], words: list[str]) -> tuple[list[int], list[int]]:
    """Each token's width, and the space before it (1, or 0 at the start / between two wide
    characters); ``words``: the tokens' texts.

    >>> _metrics(tokens("Hi there"), ["Hi", "there"]), _metrics(tokens("你好 世界"), ["你", "好", "世", "界"])
    (([2, 5], [0, 1]), ([2, 2, 2, 2], [0, 0, 0, 0]))
    """
    if all(map(str.isascii, words)):  # (most text) a column a character, and no wide character to join
        widths = list(map(len, words))
        seps = list(map(int, map(operator.itemgetter(1), toks)))
        if seps:
            seps[0] = 0
        return widths, seps
    widths = [text_width(t) for t, _ in toks]
    seps = [0] * len(toks)
    for i in range(1, len(toks)):
        t, space = toks[i]
        if space and not (is_wide(toks[i - 1][0][-1]) and is_wide(t[0])):
            seps[i] = 1
    return widths, seps


Range = tuple[int, int]  # tokens ``a`` up to (not including) ``b`` of a measured text


class _Measured:
    """A text's tokens with each one's width and the space before it, measured once: every
    breaking decision below (greedy lines, balanced lines, balanced cues) works on index ranges
    of them, so a long paragraph is measured once, not once per candidate piece.

    ``cum[i]`` is the width of tokens ``0..i`` with the space before each: tokens ``a..b`` on one
    line are ``cum[b] - cum[a] - seps[a]`` wide, and as widths are never negative ``cum`` never
    decreases, so the tokens that fit on a line are found by bisection, not token by token."""

    __slots__ = ("_ends", "_lasts", "_toks", "cum", "dashed", "seps", "widths", "words")

    def __init__(self, toks: Sequence[Token]) -> None:
        self._toks: Sequence[Token] | None = toks
        self.words = [t for t, _ in toks]
        self.widths, self.seps = _metrics(toks, self.words)
        self.cum: list[int] = [0, *itertools.accumulate(map(operator.add, self.widths, self.seps))]
        self.dashed = not _DIALOGUE_DASHES.isdisjoint(self.words)  # (a dialogue dash among them)
        self._ends: dict[int, list[int]] = {}
        self._lasts: str | None = None  # the tokens' last characters (found by :meth:`ends`)

    @classmethod
    def of_ascii(cls, words: list[str]) -> _Measured:
        """The measure of ASCII ``words`` split at white space, each one token with a space before
        it but the first (what :func:`tokens` makes of ASCII text without ``*``), made without
        the tokens' pairs: a column a character, and the running widths by one ``accumulate``.

        >>> m = _Measured.of_ascii(["Hi", "there", "you"]); t = _Measured(tokens("Hi there you"))
        >>> (m.toks, m.widths, m.seps, m.cum, m.dashed) == (t.toks, t.widths, t.seps, t.cum, t.dashed)
        True
        """
        self = cls.__new__(cls)
        n = len(words)
        self.words = words
        self._toks = None  # (made if asked for: :attr:`toks`)
        self.widths = widths = list(map(len, words))
        self.seps = [0, *itertools.repeat(1, n - 1)] if n else []
        # (token k ends at the widths up to it and the k spaces before the tokens after the first)
        self.cum = [0, *map(operator.add, itertools.accumulate(widths), range(n))]
        self.dashed = not _DIALOGUE_DASHES.isdisjoint(words)
        self._ends = {}
        self._lasts = None
        return self

    @property
    def toks(self) -> Sequence[Token]:
        """The tokens measured (made from the words when measured from them: :meth:`of_ascii`)."""
        if self._toks is None:
            self._toks = list(zip(self.words, map(bool, self.seps), strict=True))
        return self._toks

    def ends(self, level: int) -> list[int]:
        """The indexes of the tokens that end a sentence (``level`` 0) or a clause (1), found
        once: the tokens' last characters are searched in C for those that can end one, and
        only those tokens are tested.

        >>> _Measured(tokens("Hi, Mr. Smith. Bye")).ends(0), _Measured(tokens("Hi, Mr. Smith. Bye")).ends(1)
        ([2], [0, 2])
        """
        found = self._ends.get(level)
        if found is None:
            boundary, last = _BOUNDARIES[level]
            words = self.words
            if self._lasts is None:
                self._lasts = "".join([w[-1] for w in words])  # (a token is never empty)
            found = self._ends[level] = [i for i in map(_match_start, last.finditer(self._lasts)) if boundary(words[i])]
        return found

    def fill(
        self,
        a: int,
        b: int,
        width: int,
        state: tuple[int, int] = (0, -1),
        *,
        most: int = -1,
        starts: list[int] | None = None,
    ) -> tuple[int, int]:
        """(lines, width of the last line) after greedily filling lines ``width`` columns wide with
        tokens ``a..b``, going on from ``state`` (lines so far, the last one's width, -1: none
        open); stops as soon as there are more than ``most`` lines (-1: never).  Where each new
        line starts (token indexes) goes into ``starts`` when given.

        >>> m = _Measured(tokens("aa bb cc dddddd e"))
        >>> m.fill(0, 5, 5), m.fill(0, 5, 5, most=2), m.fill(2, 5, 5, (1, 2))
        ((4, 1), (3, 6), (3, 1))
        """
        cum, seps, find = self.cum, self.seps, bisect.bisect_right
        lines, line_w = state
        i, end = a, b + 1
        if line_w >= 0 and i < b:  # the open line takes the tokens that still fit on it
            j = find(cum, width - line_w + cum[i], i + 1, end) - 1
            line_w += cum[j] - cum[i]
            i = j
        stop = most + 1 if most >= 0 else 0  # (the line count that stops it; 0: never)
        line = -1  # where the last line starts
        while i < b:  # a line from token i: at least that token, then those that fit after it
            lines += 1
            if starts is not None:
                starts.append(i)
            if lines == stop:
                return lines, self.widths[i]
            line = i
            i = find(cum, width + cum[i] + seps[i], i + 2, end) - 1
        if line >= 0:
            line_w = cum[i] - cum[line] - seps[line]
        return lines, line_w

    def line(self, a: int, b: int) -> str:
        """Tokens ``a..b`` on one line (no space between two wide characters): :func:`join`."""
        seps, words = self.seps, self.words
        if all(seps[a + 1 : b]):
            return " ".join(words[a:b])
        return "".join((" " + words[i]) if seps[i] and i > a else words[i] for i in range(a, b))

    def lines(self, starts: list[int], b: int) -> list[str]:
        return [self.line(s, e) for s, e in zip(starts, [*starts[1:], b], strict=True)]

    def narrowest_two(self, a: int, b: int) -> int:
        """The narrowest width at which tokens ``a..b`` (at least two) fill two lines: the
        narrowest of the wider of the two lines, over every place to break.

        Breaking before token ``j``, the first line (``cum[j] - cum[a] - seps[a]``) widens as
        ``j`` grows and the second (``cum[b] - cum[j] - seps[j]``) narrows: the narrowest wider
        line is at the first ``j`` where the first line is the wider, or just before it.

        >>> m = _Measured(tokens("aaaa bb cc dddd"))
        >>> m.narrowest_two(0, 4), m.narrowest_two(1, 4)
        (7, 5)
        """
        cum, seps = self.cum, self.seps
        first_skip = cum[a] + seps[a]
        # the first line is the wider from the first j where 2 * cum[j] + seps[j] >= twice, which
        # needs cum[j] >= twice // 2 (a space is at most 1 column)
        twice = cum[b] + first_skip
        j = bisect.bisect_left(cum, twice // 2, a + 1, b)
        while j < b and 2 * cum[j] + seps[j] < twice:
            j += 1
        best = cum[j] - first_skip if j < b else cum[b]
        if j > a + 1:
            best = min(best, cum[b] - cum[j - 1] - seps[j - 1])
        return best

    def least_width(self, a: int, b: int, lines: int) -> int:
        """A width below which tokens ``a..b`` never fit on ``lines`` lines: the lines hold all
        the tokens, and a break drops at most the one column of a space, so ``lines`` lines of
        width ``w`` hold at most ``lines * w + lines - 1`` columns.  (The balanced widths' binary
        searches start from it: the narrowest width they find is the same, in fewer fills.)

        >>> m = _Measured(tokens("aaaa bbbb cccc dddd"))
        >>> m.least_width(0, 4, 2), m.fill(0, 4, 9)[0], m.fill(0, 4, 8)[0]
        (9, 2, 4)
        """
        return -(-(self.cum[b] - self.cum[a] - self.seps[a] - lines + 1) // lines)

    def wrap(self, a: int, b: int, max_chars: int, max_lines: int) -> list[str] | None:
        """:func:`wrap` for tokens ``a..b`` (``max_chars`` at least 1: the callers clamp it)."""
        if a >= b:
            return []
        if self.cum[b] - self.cum[a] - self.seps[a] <= max_chars:  # (one line)
            return [self.line(a, b)]
        starts: list[int] = []  # where each line starts, at the width ``hi`` below
        n = self.fill(a, b, max_chars, most=max_lines, starts=starts)[0]
        if n > max_lines:
            return None
        if n == 2:  # (the greedy first line at the narrowest width: the longest that fits it)
            cum, seps = self.cum, self.seps
            lo = max(self.narrowest_two(a, b), 1)
            j = max(bisect.bisect_right(cum, lo + cum[a] + seps[a], a + 1, b + 1) - 1, a + 1)
            return [self.line(a, j), self.line(j, b)] if j < b else [self.line(a, b)]
        if n > 2:
            lo = max(min(max(self.widths[a:b]), max_chars), self.least_width(a, b, n), 1)
            hi = max_chars
            while lo < hi:  # the narrowest width that needs no more lines: balanced lines
                mid = (lo + hi) // 2
                probe: list[int] = []
                if self.fill(a, b, mid, most=n, starts=probe)[0] <= n:
                    hi, starts = mid, probe
                else:
                    lo = mid + 1
        return self.lines(starts, b)


def wrap(toks: Sequence[Token], max_chars: int, max_lines: int) -> list[str] | None:
    """Balanced lines for ``toks`` (fewest lines, then the narrowest), or None if over ``max_lines``.

    >>> wrap(tokens("one two three four five six seven eight"), 42, 2)
    ['one two three four five six seven eight']
    >>> wrap(tokens("one two three four five six seven eight nine"), 42, 2)
    ['one two three four five', 'six seven eight nine']
    >>> wrap(tokens("aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj"), 30, 2)
    ['aaaa bbbb cccc dddd eeee', 'ffff gggg hhhh iiii jjjj']
    >>> wrap(tokens("你好 世界"), 4, 2)
    ['你好', '世界']
    """
    return _Measured(toks).wrap(0, len(toks), max_chars, max_lines)


def _is_sentence_end(tok: str) -> bool:
    if tok[-1:] not in _END_OR_CLOSER:  # (most words)
        return False
    core = tok.rstrip(_CLOSERS)
    if not core or core[-1] not in _SENTENCE_END:
        return False
    return core.casefold() not in _ABBREVIATIONS


def _is_clause_end(tok: str) -> bool:
    core = tok.rstrip(_CLOSERS)
    return tok in _DASHES or (bool(core) and core[-1] in _CLAUSE_END) or _is_sentence_end(tok)


def _any_of(chars: frozenset[str]) -> re.Pattern[str]:
    return re.compile("[" + re.escape("".join(sorted(chars))) + "]")


#: per level (0: sentence, 1: clause), the test of a token that ends one, and a pattern of the
#: last characters a token can have to pass it (the rest need no test)
_BOUNDARIES: dict[int, tuple[Callable[[str], bool], re.Pattern[str]]] = {
    0: (_is_sentence_end, _any_of(_END_OR_CLOSER)),
    1: (_is_clause_end, _any_of(_END_OR_CLOSER | _CLAUSE_END | frozenset("-"))),
}
_match_start = operator.methodcaller("start")


def _cut(m: _Measured, a: int, b: int, level: int) -> list[Range]:
    """Tokens ``a..b`` of ``m`` cut after each sentence end (``level`` 0) or clause end (1)."""
    ends = m.ends(level)
    groups: list[Range] = []
    start = a
    for i in ends[bisect.bisect_left(ends, a) : bisect.bisect_left(ends, b)]:
        groups.append((start, i + 1))
        start = i + 1
    if start < b:
        groups.append((start, b))
    return groups


def _turn_ranges(words: list[str], a: int, b: int) -> list[Range]:
    """Tokens ``a..b`` cut before each dialogue dash (:func:`turns`)."""
    out: list[Range] = []
    start = a
    for i in range(a + 1, b - 1):
        if words[i] in _DIALOGUE_DASHES and _is_sentence_end(words[i - 1]):
            out.append((start, i))
            start = i
    out.append((start, b))
    return out


class _Splitter:
    """Splits measured text into pieces that each fit a cue of ``max_lines`` x ``max_chars``:
    at sentence ends, then clause marks, then between words into balanced cues."""

    def __init__(self, max_chars: int, max_lines: int) -> None:
        self.max_chars = max_chars
        self.max_lines = max_lines

    def split_words(self, m: _Measured, a: int, b: int) -> list[Range]:
        per_cue = self.max_lines
        lines: list[int] = []  # where each line starts, at the width ``hi`` below
        m.fill(a, b, self.max_chars, starts=lines)
        k = -(-len(lines) // per_cue)  # cues
        most = k * per_cue  # (no more than k cues: no more than this many lines)
        lo = max(m.least_width(a, b, most), *m.widths[a:b])
        hi = self.max_chars
        if lo < hi and k > 1:
            while lo < hi:  # narrowest line width that still needs no more cues: balanced cues
                mid = (lo + hi) // 2
                probe: list[int] = []
                if m.fill(a, b, mid, most=most, starts=probe)[0] <= most:
                    hi, lines = mid, probe
                else:
                    lo = mid + 1
        starts = lines[::per_cue]
        return list(zip(starts, [*starts[1:], b], strict=True))

    def split(self, m: _Measured, a: int, b: int, level: int = 0) -> list[Range]:
        """Tokens ``a..b``, which do not fit (the caller has found it, it is not tested again), cut
        into pieces that do: at sentence ends (``level`` 0), then clause ends (1), then between words."""
        if level >= 2:
            return self.split_words(m, a, b)
        groups = _cut(m, a, b, level)
        if level == 0 and m.dashed and len(_turn_ranges(m.words, a, b)) > 1:  # never re-wrap across a dialogue dash
            groups = [t for g in groups for t in _turn_ranges(m.words, *g)]
        if len(groups) == 1:
            return self.split(m, a, b, level + 1)
        out: list[Range] = []
        cur: Range | None = None
        cur_state = (0, -1)
        width, most = self.max_chars, self.max_lines
        for ga, gb in groups:
            # (a piece fits when greedy filling, which needs the fewest lines, needs no more than
            # ``most``) a group that fits after the open piece fits on its own too (greedy lines
            # from a fresh line never end before those going on from a filled one): tested on its
            # own only if not
            if cur is not None and (grown := m.fill(ga, gb, width, cur_state, most=most))[0] <= most:
                cur, cur_state = (cur[0], gb), grown
                continue
            state = m.fill(ga, gb, width, most=most)
            if state[0] > most:
                if cur is not None:
                    out.append(cur)
                    cur = None
                out.extend(self.split(m, ga, gb, level + 1))
            else:
                if cur is not None:
                    out.append(cur)
                cur, cur_state = (ga, gb), state
        if cur is not None:
            out.append(cur)
        return out


def turns(toks: Sequence[Token]) -> list[list[Token]]:
    """``toks`` cut before each dialogue dash: a lone dash at the start or after a sentence end.

    >>> [join(t) for t in turns(tokens("- Hi. - Hello there."))]
    ['- Hi.', '- Hello there.']
    >>> [join(t) for t in turns(tokens("Well - no."))]
    ['Well - no.']
    """
    out: list[list[Token]] = [[]]
    for k, tok in enumerate(toks):
        if tok[0] in _DIALOGUE_DASHES and k + 1 < len(toks) and out[-1] and _is_sentence_end(toks[k - 1][0]):
            out.append([])
        out[-1].append(tok)
    return out


def _dialogue_lines(toks: Sequence[Token], max_chars: int, max_lines: int) -> list[str] | None:
    """One line per speaker when ``toks`` hold two or more dashed turns that fit so; else None."""
    parts = turns(toks)
    if len(parts) < 2 or len(parts) > max_lines or parts[1][0][0] not in _DIALOGUE_DASHES:
        return None
    lines = [join([(t, False), *rest]) for (t, _), *rest in parts]
    if any(text_width(line) > max_chars for line in lines):
        return None
    return lines


def _fits_as_is(lines: tuple[str, ...], max_chars: int, max_lines: int, lead: int = 0) -> bool:
    if len(lines) > max_lines:
        return False
    return all(text_width(ln) + (lead if i == 0 else 0) <= max_chars for i, ln in enumerate(lines))


def _lead_token(speaker: str) -> Token:
    """A stand-in for the ``NAME: `` an SRT writer puts before a speaker's turn (as wide), glued to
    the unit's first word while lines are measured, then removed."""
    return ("_" * (text_width(speaker) + 1), False)


def _drop_lead(lines: list[str], lead: Token | None) -> list[str]:
    """``lines`` without the stand-in at the start of the first line (see :func:`_lead_token`)."""
    if lead is None or not lines:
        return lines
    return [lines[0][len(lead[0]) + 1 :], *lines[1:]]


def _merge_fragments(cues: Sequence[Cue], report: Report) -> list[Cue]:
    out: list[Cue] = []
    for cue in cues:
        if out:
            prev = out[-1]
            last = prev.text.rstrip()
            if (
                cue.start is None
                and cue.end is None
                and prev.end is None
                and prev.speaker == cue.speaker
                and last
                and not _is_sentence_end(last.split()[-1])
                and len(prev.text) + len(cue.text) < _MERGE_LIMIT
            ):
                text = join(tokens(prev.text + " " + cue.text))
                report.add(STEP, "merged", f"fragment joined to line {prev.source_line}", cue.source_line, cue.text)
                out[-1] = prev.replace(lines=(text,), spans=())
                continue
        out.append(cue)
    return out


def _pieces_timing(cue: Cue, texts: list[list[str]]) -> list[tuple[int | None, int | None, bool]]:
    """(start, end, keeps the cue's timing origin and confidence) for each piece of ``cue`` (its lines)."""
    n = len(texts)
    if cue.start is not None and cue.end is not None:
        weights = [max(1, len("".join("\n".join(t).split()))) for t in texts]
        total = sum(weights)
        bounds = [cue.start]
        acc = 0
        for w in weights[:-1]:
            acc += w
            bounds.append(cue.start + (cue.end - cue.start) * acc // total)
        bounds.append(cue.end)
        return [(bounds[i], bounds[i + 1], True) for i in range(n)]
    out: list[tuple[int | None, int | None, bool]] = [(None, None, False)] * n
    if cue.start is not None:
        out[0] = (cue.start, None, True)
    if cue.end is not None:
        s = out[-1][0]
        out[-1] = (s, cue.end, True)
    return out


_DIALOGUE_DASH = ("-", "–", "—")


def _turns(lines: tuple[str, ...]) -> list[str]:
    """The cue's text as paragraphs to wrap separately: one per dialogue turn (a line starting
    with a dash, when two or more do), else the whole text.

    >>> _turns(("- Hi.", "- Hello, how", "are you?"))
    ['- Hi.', '- Hello, how are you?']
    >>> _turns(("a -", "b"))
    ['a - b']
    """
    if sum(1 for ln in lines if ln.lstrip().startswith(_DIALOGUE_DASH)) < 2:
        return [" ".join(lines)]
    out: list[str] = []
    for ln in lines:
        if ln.lstrip().startswith(_DIALOGUE_DASH) or not out:
            out.append(ln)
        else:
            out[-1] += " " + ln
    return out


def _remap_spans(cue: Cue, new_text: str) -> tuple[Span, ...] | None:
    """``cue.spans`` moved onto ``new_text``, which differs from ``cue.text`` in whitespace only
    (None if it differs otherwise)."""
    old = [i for i, ch in enumerate(cue.text) if not ch.isspace()]
    new = [i for i, ch in enumerate(new_text) if not ch.isspace()]
    if len(old) != len(new) or any(cue.text[a] != new_text[b] for a, b in zip(old, new, strict=True)):
        return None
    out: list[Span] = []
    for sp in cue.spans:
        inside = [k for k, i in enumerate(old) if sp.start <= i < sp.end]
        if inside:
            out.append(Span(new[inside[0]], new[inside[-1]] + 1, sp.kind))
    return tuple(out)


def break_long_lines(
    track: Track, max_chars: int, max_lines: int, report: Report, *, step: str = STEP, speaker_lead: bool = True
) -> Track:
    """Re-break the lines of cues that have a line wider than ``max_chars``, keeping every time.

    The text is re-wrapped into balanced lines (the same breaker as :func:`segment`; a
    dialogue turn starting with a dash keeps its own line); no text moves to another cue.
    Formatting spans follow their words.  A cue that needs more than ``max_lines`` lines
    gets them, with a warning.  Each change is a ``rewritten`` report entry.

    >>> t = Track((Cue(0, 4000, ("This line is far too long to be shown on one single line",)),))
    >>> [c.lines for c in break_long_lines(t, 42, 2, Report())]
    [('This line is far too long to', 'be shown on one single line')]
    """
    max_chars, max_lines = max(1, max_chars), max(1, max_lines)
    out: list[Cue] = []
    changed = False
    previous_speaker: str | None = None
    for cue in track.cues:
        lead = _lead_token(cue.speaker) if speaker_lead and cue.speaker and cue.speaker != previous_speaker else None
        previous_speaker = cue.speaker
        lead_w = len(lead[0]) + 1 if lead else 0
        if all(text_width(ln) + (lead_w if i == 0 else 0) <= max_chars for i, ln in enumerate(cue.lines)):
            out.append(cue)
            continue
        lines: list[str] = []
        for k, turn in enumerate(_turns(cue.lines)):
            toks = tokens(turn)
            if not toks:
                continue
            if k == 0 and lead is not None:
                toks = [(f"{lead[0]} {toks[0][0]}", False), *toks[1:]]
            wrapped = wrap(toks, max_chars, max_lines) or wrap(toks, max_chars, len(toks)) or [join(toks)]
            lines += _drop_lead(wrapped, lead) if k == 0 else wrapped
        if not lines or tuple(lines) == cue.lines:
            out.append(cue)
            continue
        new_text = "\n".join(lines)
        spans = _remap_spans(cue, new_text) if cue.spans else ()
        reason = f"long line re-broken into {len(lines)} line(s), times kept"
        if spans is None:
            spans = ()
            reason += "; formatting dropped"
        report.add(step, "rewritten", reason, cue.source_line, cue.text)
        if len(lines) > max_lines:
            report.add(
                step,
                "warning",
                f"needs {len(lines)} lines of {max_chars} characters (limit {max_lines})",
                cue.source_line,
                new_text,
            )
        out.append(cue.replace(lines=tuple(lines), spans=spans))
        changed = True
    return track.with_cues(out) if changed else track


def segment(track: Track, ctx: Context, report: Report) -> Track:
    """Split over-long units into cues of at most ``max_lines`` x ``max_chars`` (see module docs).

    >>> from subconv.options import Options
    >>> long = "This is the first sentence of a paragraph. " * 3
    >>> t = Track((Cue(None, None, (long.strip(),)),))
    >>> [c.lines for c in segment(t, Context("page", Options()), Report())]
    [('This is the first sentence of a paragraph.', 'This is the first sentence of a paragraph.'), \
('This is the first sentence of a paragraph.',)]
    """
    if not applies(STEP, ctx):  # (the registry's decision, for a direct call)
        return track
    opts = ctx.options
    if not (ctx.is_page or opts.retime):  # switched on by --max-chars on a timed file: re-break only
        return break_long_lines(track, opts.max_chars, opts.max_lines, report)
    max_chars, max_lines = max(1, opts.max_chars), max(1, opts.max_lines)
    cues: Sequence[Cue] = track.cues
    if opts.merge_fragments:
        merged = _merge_fragments(cues, report)
        if len(merged) != len(cues):
            cues = tuple(merged)
    out = list(_segmented(cues, _Splitter(max_chars, max_lines), report))
    changed = cues is not track.cues or len(out) != len(cues) or any(map(operator.is_not, out, cues))
    return track.with_cues(out) if changed else track


def segment_stream(track: Track, ctx: Context, report: Report) -> Callable[[Iterable[Cue]], Iterator[Cue]] | None:
    """:func:`segment`, a cue at a time, for the pipeline's streamed steps
    (:func:`subconv.pipeline.run_streamed`): the same cues and report, where each cue is
    segmented on its own (a page, without ``merge_fragments``, which joins cues); else None."""
    opts = ctx.options
    if not applies(STEP, ctx) or not (ctx.is_page or opts.retime) or opts.merge_fragments:
        return None
    splitter = _Splitter(max(1, opts.max_chars), max(1, opts.max_lines))
    if ctx.workers > 1 and len(track.cues) >= AHEAD_FROM:
        from .time import stream_weigher

        weigh, weighed = stream_weigher(track, ctx), ctx.weighed
        return lambda cues: _segmented_ahead(cues, splitter, report, weigh, weighed)
    return lambda cues: _segmented(cues, splitter, report)


def _segmented(cues: Iterable[Cue], splitter: _Splitter, report: Report) -> Iterator[Cue]:
    """Each of ``cues`` as it is where it fits, else the cues it is made into."""
    for part, lead in _pieces_of(cues, report):
        plan = _plan(part.lines, lead, splitter)
        if plan is None:
            yield part
        else:
            yield from _applied(part, plan, report)


def _pieces_of(cues: Iterable[Cue], report: Report) -> Iterator[tuple[Cue, Token | None]]:
    """The units to segment, each on its own (each cue, or its parts: :func:`_parts`), with the
    stand-in for the speaker's name before it where a speaker's turn starts."""
    previous_speaker: str | None = None
    for cue in cues:
        # where a speaker's turn starts, SRT shows "NAME: " before the first line: leave room for it
        lead = _lead_token(cue.speaker) if cue.speaker and cue.speaker != previous_speaker else None
        previous_speaker = cue.speaker
        for part in _parts(cue, report):
            yield part, lead
            lead = None


#: from how many cues entering it the streamed step plans its units in a forked child, when the
#: context allows more than one process (``Context.workers``: the command line, on a large input)
AHEAD_FROM = 20_000
#: units taken from the step's input ahead of those it gives: the child plans them meanwhile
AHEAD_UNITS = 4096


def _segmented_ahead(
    cues: Iterable[Cue],
    splitter: _Splitter,
    report: Report,
    weigh: Callable[[str], tuple[float, float, int]],
    weighed: dict[str, tuple[float, float, int]],
) -> Iterator[Cue]:
    """:func:`_segmented`, with the units that do not fit as they are planned (:func:`_plan`)
    ahead, in a forked child (:class:`subconv.ahead.Ahead`), while the steps after this one time
    and write the cues before them; the same cues and report (where no child can be had, or it
    fails, the plans are worked out here).  The child also weighs the text of each cue made
    (``weigh``: what the streamed ``time`` step weighs it as), put into ``weighed`` for it."""
    from ..ahead import Ahead

    waiting: deque[tuple[Cue, bool]] = deque()  # units taken, in order; True: its plan comes from ``ahead``

    def plan(unit: tuple[tuple[str, ...], Token | None]) -> tuple[Plan | None, list[tuple[float, float, int]]]:
        found = _plan(unit[0], unit[1], splitter)
        texts = [unit[0]] if found is None else found[1]
        return found, [weigh("\n".join(lines)) for lines in texts]

    with Ahead(plan) as ahead:
        units = _pieces_of(cues, report)
        while True:
            unit = next(units, None)
            if unit is not None:
                part, lead = unit
                owed = not _fits(part.lines, lead, splitter)
                if owed:
                    ahead.submit((part.lines, lead))
                waiting.append((part, owed))
                if len(waiting) <= AHEAD_UNITS:
                    continue
            elif not waiting:
                return
            part, owed = waiting.popleft()
            if not owed:
                yield part
                continue
            found, weights = ahead.result()
            made = [part] if found is None else _applied(part, found, report)
            for cue, weight in zip(made, weights, strict=True):
                weighed[cue.text] = weight
            yield from made


#: an untimed one-line unit longer than this (characters: a whole transcript on one line) is cut
#: at sentence ends into parts of about this size, each segmented on its own, so that its words
#: are never all measured at once
_PART_CHARS = 20_000
#: where a part may end: after a sentence's end (and any closing quotes or brackets) and a space,
#: or at the end of the text
_PART_END = re.compile(rf"[{re.escape(''.join(sorted(_SENTENCE_END)))}][{re.escape(_CLOSERS)}]*(?:\s+|\Z)")
_SPACES = re.compile(r"\s+")


def _parts(cue: Cue, report: Report) -> Iterator[Cue]:
    """``cue``; or, when it is an untimed one-line unit of more than :data:`_PART_CHARS`
    characters, its parts, each ending at the first sentence end after that many characters
    (else the first space), each segmented as a unit of its own (with its own report entry).
    Each part has the word times of its own words and the anchors (``ass.tags.at``) in its own
    text, moved into it as a split cue's pieces have theirs (:func:`_pieces_words`,
    :func:`_pieces_extras`): in one sweep over the text, where a diff of the whole text against
    each part took the text's length for each part (and matched a word repeated at its first
    place in the text); word times not in the text are left out with a ``dropped`` entry.

    >>> [len(c.text) for c in _parts(Cue(None, None, ("Say it again. " * 3000,)), Report())]
    [20005, 20005, 1987]
    """
    text = cue.text
    if len(text) <= _PART_CHARS or cue.start is not None or cue.end is not None or cue.spans or len(cue.lines) > 1:
        yield cue
        return
    texts: list[list[str]] = []  # (each part's one line)
    start = 0
    while start < len(text):
        end = len(text)
        if end - start > _PART_CHARS:
            found = _PART_END.search(text, start + _PART_CHARS) or _SPACES.search(text, start + _PART_CHARS)
            end = found.end() if found is not None else end
        texts.append([text[start:end].strip()])
        start = end
    parts_words = _pieces_words(cue, texts) if cue.words else [()] * len(texts)
    if (lost := len(cue.words) - sum(map(len, parts_words))) > 0:
        reason = f"{lost} word time(s) not in the unit's text left out of its parts"
        report.add(STEP, "dropped", reason, cue.source_line, text)
    parts_extras = _pieces_extras(text, cue.extras, texts) if anchored(cue.extras) else [cue.extras] * len(texts)
    for lines, words, extras in zip(texts, parts_words, parts_extras, strict=True):
        yield cue.replace(lines=tuple(lines), words=words, extras=extras)


#: what a unit is made into (:func:`_plan`): ``("dialogue" | "wrapped", [its lines])``, or
#: ``("split", [each piece's lines])``
Plan = tuple[str, list[list[str]]]


def _plan(lines: tuple[str, ...], lead: Token | None, splitter: _Splitter) -> Plan | None:
    """What the unit of ``lines`` is made to fit as (re-wrapped, one line per speaker, or split
    into pieces), or None when it fits as it is (``lead``: the stand-in for a speaker's name
    before it).  A function of its arguments alone, with no report: :func:`_applied` makes the
    cues and the report entry, so that it can be worked out in another process."""
    max_chars, max_lines = splitter.max_chars, splitter.max_lines
    room = len(lead[0]) + 1 if lead else 0
    text = "\n".join(lines)
    dashed = _dashed(lines)
    if not dashed:
        if _fits_as_is(lines, max_chars, max_lines, room):
            return None  # fits
        if text.isascii() and "*" not in text:
            return _plan_ascii(lines, text, lead, splitter)
    if not (toks := tokens(text)):
        return None  # holds nothing to break
    if dashed:  # a two-speaker line: one line per speaker, each starting with its dash
        dialogue = _dialogue_lines(toks, max_chars, max_lines)
        if dialogue is not None:
            return "dialogue", [dialogue]
        if _fits_as_is(lines, max_chars, max_lines, room):
            return None
    if lead is not None:  # glued to the first word: the name never stands on a line of its own
        toks = [(f"{lead[0]} {toks[0][0]}", False), *toks[1:]]
    measured = _Measured(toks)
    return _planned(lines, measured, lead, splitter)


def _plan_ascii(lines: tuple[str, ...], text: str, lead: Token | None, splitter: _Splitter) -> Plan | None:
    """:func:`_plan` of an ASCII unit without ``*`` and a dash that does not fit as it is (most
    of a transcript): measured from its words (:meth:`_Measured.of_ascii`), not its tokens."""
    words = text.split()
    if not words:
        return None
    if lead is not None:  # glued to the first word: the name never stands on a line of its own
        words[0] = f"{lead[0]} {words[0]}"
    return _planned(lines, _Measured.of_ascii(words), lead, splitter)


def _planned(lines: tuple[str, ...], measured: _Measured, lead: Token | None, splitter: _Splitter) -> Plan | None:
    """:func:`_plan` of a unit that does not fit as it is, once measured."""
    max_chars, max_lines = splitter.max_chars, splitter.max_lines
    n = len(measured.words)
    wrapped = measured.wrap(0, n, max_chars, max_lines)
    if wrapped is None:  # split into several cues that each fit
        pieces = splitter.split(measured, 0, n)  # (it was found not to fit)
        texts = [_piece_lines(measured, a, b, max_chars, max_lines) for a, b in pieces]
        texts[0] = _drop_lead(texts[0], lead)
        return "split", texts
    wrapped = _drop_lead(wrapped, lead)
    if tuple(wrapped) == lines:
        return None
    return "wrapped", [wrapped]


def _dashed(lines: tuple[str, ...]) -> bool:
    """Whether the unit of ``lines`` is one line with a dash (``_DIALOGUE_DASHES``): two speakers' turns, maybe."""
    return len(lines) == 1 and ("-" in lines[0] or "–" in lines[0] or "—" in lines[0])


def _fits(lines: tuple[str, ...], lead: Token | None, splitter: _Splitter) -> bool:
    """Whether :func:`_plan` finds that the unit of ``lines`` fits as it is without breaking it
    into words (it holds no dash, and its lines fit)."""
    room = len(lead[0]) + 1 if lead else 0
    return not _dashed(lines) and _fits_as_is(lines, splitter.max_chars, splitter.max_lines, room)


def _applied(cue: Cue, plan: Plan, report: Report) -> list[Cue]:
    """The cues ``cue`` is made into as :func:`_plan` says, with the report entry about it."""
    kind, texts = plan
    if kind == "split":
        return _split_cue(cue, texts, report)
    lines = texts[0]
    if kind == "dialogue":
        reason = f"dialogue: one line per speaker ({len(lines)})"
    else:
        reason = _rewrapped(len(lines), bool(cue.spans))
    report.add(STEP, "rewritten", reason, cue.source_line, cue.text)
    if not cue.words:
        return [cue.replace(lines=tuple(lines), spans=())]
    return [cue.replace(lines=tuple(lines), spans=(), words=_pieces_words(cue, texts)[0])]  # (a piece of one)


@functools.cache
def _rewrapped(lines: int, spans: bool) -> str:
    """The reason of a ``rewritten`` entry for a cue re-wrapped into ``lines`` lines (one string per count)."""
    return f"re-wrapped into {lines} line(s)" + ("; formatting dropped" if spans else "")


def _piece_lines(m: _Measured, a: int, b: int, max_chars: int, max_lines: int) -> list[str]:
    """The lines of the piece ``a..b`` of a split cue: one per speaker, else balanced, else one."""
    dashed = m.dashed and not _DIALOGUE_DASHES.isdisjoint(m.words[a:b])
    dialogue = _dialogue_lines(m.toks[a:b], max_chars, max_lines) if dashed else None
    return dialogue or m.wrap(a, b, max_chars, max_lines) or [m.line(a, b)]


@functools.cache
def _split_entry(count: int, spans: bool) -> tuple[str, dict[str, Any]]:
    """The reason and detail of a ``split`` entry: one of each per count, shared by the entries
    (a long page has hundreds of thousands; the report's details are never changed)."""
    return f"split into {count} cues" + ("; formatting dropped" if spans else ""), {"count": count}


def _split_cue(cue: Cue, texts: list[list[str]], report: Report) -> list[Cue]:
    """``cue`` split into cues of the pieces' lines ``texts``; times shared out by length, the first
    keeping the start; each piece with the word times of its own words (:func:`_pieces_words`)."""
    reason, detail = _split_entry(len(texts), bool(cue.spans))
    report.entries.append(Entry(STEP, "split", reason, cue.source_line, cue.text, detail))
    timing = _pieces_timing(cue, texts)
    speaker, extras, line = cue.speaker, cue.extras, cue.source_line
    pieces_words = _pieces_words(cue, texts) if cue.words else [()] * len(texts)
    if (lost := len(cue.words) - sum(map(len, pieces_words))) > 0:
        report.add(STEP, "dropped", f"{lost} word time(s) not in the cue's text left out of its pieces", line, cue.text)
    # (the places of tags anchored to the text, ``ass.tags.at``, moved into each piece: a tag
    # before it at its start, one after it at its end)
    pieces_extras = _pieces_extras(cue.text, extras, texts) if anchored(extras) else [extras] * len(texts)
    out: list[Cue] = []
    for lines_, (start, end, keep), words, ex in zip(texts, timing, pieces_words, pieces_extras, strict=True):
        origin, confidence = (cue.origin, cue.confidence) if keep else ("given", None)
        # ``cue.replace(...)`` with every field given (without its per-call overhead)
        out.append(Cue(start, end, tuple(lines_), (), speaker, ex, line, words, origin, confidence))
    return out


def _pieces_extras(old: str, extras: FrozenMap, texts: list[list[str]]) -> list[FrozenMap]:
    """``extras`` (anchored to the text ``old``: :func:`~subconv.model.anchored`) of each piece
    (its lines ``texts``) of a cue split, their anchors moved into it as
    :func:`~subconv.model.moved_anchors` moves them through :func:`_pieces_changes` (where the
    pieces are not the text cut: through :func:`~subconv.model.text_changes` of each).  Anchors in
    order (ASS blocks are) are taken by bisection: those before a piece (at its start) and after
    it (at its end) are not moved one by one.

    >>> ex = FrozenMap({"ass.tags": "{a}{b}{c}", "ass.tags.at": ("0", "4", "10")})
    >>> [e["ass.tags.at"] for e in _pieces_extras("one two three", ex, [["one two"], ["three"]])]
    [('0', '4', '7'), ('0', '0', '2')]
    """
    pieces = ["\n".join(t) for t in texts]
    cut = _pieces_changes(old, pieces)
    if cut is None:
        return [moved_anchors(extras, text_changes(old, p)) for p in pieces]
    out = [dict(extras) for _ in pieces]
    for key, value in extras.items():
        at = anchor_offsets(key, value)
        if at is None:
            continue  # (not offsets: kept as they are)
        ordered = all(a <= b for a, b in itertools.pairwise(at))
        for moved, p, (first, end, changes) in zip(out, pieces, cut, strict=True):
            if not ordered:
                moved[key] = moved_anchors(FrozenMap({key: value}), changes)[key]
                continue
            lo, hi = bisect.bisect_right(at, first), bisect.bisect_left(at, end)
            inside = tuple(str(moved_offset(a, changes)) for a in at[lo:hi])
            moved[key] = ("0",) * lo + inside + (str(len(p)),) * (len(at) - max(lo, hi))
    return [FrozenMap(e) for e in out]


#: a run of white space, and one of characters that are not, maybe empty (:func:`_pieces_changes`)
_WHITE, _SHOWN = re.compile(r"\s*"), re.compile(r"\S*")


def _pieces_changes(old: str, pieces: list[str]) -> list[tuple[int, int, list[Change]]] | None:
    r"""How ``old`` is made into each of ``pieces`` (the text cut and joined again at white
    space: each piece holds the next of its characters that are not white space): where the
    piece's text starts and ends in ``old``, and the changes (as
    :func:`~subconv.model.text_changes` tells them) that make it: all before the piece deleted,
    each run of white space written otherwise replaced, all after it deleted.  So an offset is
    moved (by :func:`~subconv.model.moved_offset`) to where it stands among the piece's
    characters, one before the piece to its start, one after it to its end, one in white space
    to the end of the word before.  None when the pieces are not ``old`` cut.  One sweep over
    the text and the pieces' words, where a diff of the whole text against each piece took the
    text's length for each piece (and matched a word repeated at its first place in the text).

    >>> _pieces_changes("Hi  there you", ["Hi\nthere", "you"])
    [(0, 9, [(2, 4, 2, 3), (9, 13, 8, 8)]), (10, 13, [(0, 10, 0, 0)])]
    """
    out: list[tuple[int, int, list[Change]]] = []
    i = _WHITE.match(old).end()  # type: ignore[union-attr]  # (it matches anywhere)
    for p in pieces:
        first = i
        changes: list[Change] = [(0, i, 0, 0)] if i else []
        j = 0
        while j < len(p):  # (at a character not white space in both, or at the end of ``old``)
            n = min(_SHOWN.match(old, i).end() - i, _SHOWN.match(p, j).end() - j)  # type: ignore[union-attr]
            if old[i : i + n] != p[j : j + n]:
                return None
            i, j = i + n, j + n
            if j == len(p):
                break
            i2, j2 = _WHITE.match(old, i).end(), _WHITE.match(p, j).end()  # type: ignore[union-attr]
            if not n and (i2, j2) == (i, j):
                return None  # (``old`` ended, or white space at the start of a piece)
            if old[i:i2] != p[j:j2]:  # (a line break for a space, a space left out or put in)
                changes.append((i, i2, j, j2))
            i, j = i2, j2
        if i < len(old):
            changes.append((i, len(old), j, j))
        out.append((first, i, changes))
        i = _WHITE.match(old, i).end()  # type: ignore[union-attr]
    return out if i == len(old) else None


#: characters from which a text's offsets are kept in an array (:func:`_pieces_words`)
_LONG = 4096


def _offsets(offsets: list[int]) -> Sequence[int]:
    """``offsets``, in an array when there are more than :data:`_LONG` of them."""
    return array("q", offsets) if len(offsets) > _LONG else offsets


def _pieces_words(cue: Cue, texts: list[list[str]]) -> list[tuple[Word, ...]]:
    """The word times of each piece (its lines ``texts``) of ``cue`` split: the words of its own
    text.  Each word is found in the cue's text after the one before (as writers and
    :func:`~subconv.model.moved_words` find them); the pieces hold the cue's text cut and joined
    again at white space, so a word is in the piece that holds its first character that is not
    white space, as the piece writes it (a line break for a space).  One that runs on into the next
    piece is cut at its piece's end (the rest of its text is timed by none); one not in the
    text is in no piece.  One sweep over the text, the words and the pieces."""
    old = cue.text
    pieces = ["\n".join(t) for t in texts]
    if "".join(old.split()) != "".join("".join(p.split()) for p in pieces):  # (not the cue's text cut)
        return [moved_words(cue.words, old, p, text_changes(old, p)) for p in pieces]
    # (how many characters that are not white space stand before each offset of ``old``; each
    # piece's, where: on a long text in arrays, a machine word an offset, not an int object each)
    before_ = itertools.accumulate(map(operator.not_, map(str.isspace, old)), initial=0)
    before = array("q", before_) if len(old) > _LONG else list(before_)
    shown = [_offsets([i for i, c in enumerate(p) if not c.isspace()]) for p in pieces]
    out: list[list[Word]] = [[] for _ in pieces]
    k, first = 0, 0  # (the piece, and how many characters not white space the pieces before it hold)
    for at, w in words_in_order(old, cue.words):
        a, b = before[at], before[at + len(w.text)]
        while k < len(pieces) - 1 and a >= first + len(shown[k]):
            first += len(shown[k])
            k += 1
        if a == b or a >= first + len(shown[k]):
            continue  # (no text but white space)
        at_k = shown[k]
        text = pieces[k][at_k[a - first] : at_k[min(b, first + len(at_k)) - 1 - first] + 1]
        out[k].append(w if text == w.text else Word(w.start, w.end, text))
    return [tuple(ws) for ws in out]

"""How two texts differ, and where words stand in a text: the text algorithms under the model.

:func:`text_changes` is the diff behind every edit of a cue's text (the changed regions, in
time linear in the text), :func:`moved_offset` where an offset of the old text stands in the
new one, and :func:`words_in_order` where a cue's word times stand in its text.  The model
(:mod:`subconv.model`) moves its spans, anchored extras and word times through them, and
re-exports the public names; nothing here builds a model object.
"""

from __future__ import annotations

import operator
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from .model import Word


#: One change of a text: ``old[i1:i2]`` became ``new[j1:j2]`` (:func:`text_changes`).
Change: TypeAlias = tuple[int, int, int, int]
#: the most characters times characters :func:`text_changes` compares as ``difflib`` would
#: (beyond: anchored on the words rare in both, :func:`_anchored_blocks`)
_DIFF_LIMIT = 4_000_000


def text_changes(old: str, new: str) -> tuple[Change, ...]:
    """Where ``new`` differs from ``old``: ``(i1, i2, j1, j2)``, ``old[i1:i2]`` replaced by
    ``new[j1:j2]``, in order; the text between them is the same in both.  The common start and
    end are taken first, the rest compared word by word as ``difflib``'s ``SequenceMatcher``
    compares them (:func:`_token_changes`, in time linear in the text).  A middle of more than
    ``_DIFF_LIMIT`` character pairs is first cut at words both texts have as often and rarely,
    in the same order (:func:`_anchored_blocks`), so that a word replaced does not pull the match of a long
    text ahead to where it stands next; where what that finds differs in more than a quarter
    of the middle (no such words: a text repeated), the middle is one change.

    >>> text_changes("This is bright red, green", "This is very red, very green")
    ((8, 14, 8, 12), (19, 19, 17, 22))
    >>> text_changes("same", "same")
    ()
    >>> text_changes("Hi there", "HI There")  # (a letter of another case: a change each)
    ((1, 2, 1, 2), (3, 4, 3, 4))
    """
    if old == new:
        return ()
    n = min(len(old), len(new))
    head = 0
    while head < n and old[head] == new[head]:
        head += 1
    tail = 0
    while tail < n - head and old[-1 - tail] == new[-1 - tail]:
        tail += 1
    a, b = old[head : len(old) - tail], new[head : len(new) - tail]
    if not a or not b:
        return ((head, head + len(a), head, head + len(b)),)
    import re  # (only when an edit moves spans or anchors)

    ta, tb = re.findall(r"\w+|\W", a), re.findall(r"\w+|\W", b)  # (words compared whole)
    at_a, at_b = _token_offsets(ta, head), _token_offsets(tb, head)
    # (a space or a comma matches no other alone: texts that share nothing else are one change;
    # words are matched in any case, each letter whose case changed a change of its own:
    # ``str.upper`` keeps every span and tag where it stood)
    if len(ta) + len(tb) < _LONG:
        folded = [t.lower() for t in ta], [t.lower() for t in tb]
    else:  # (a long text's tokens not held twice: each one in lower case already is itself)
        folded = (
            [t if (low := t.lower()) == t else low for t in ta],
            [t if (low := t.lower()) == t else low for t in tb],
        )
    long = len(a) * len(b) > _DIFF_LIMIT
    out = []
    for same, i1, i2, j1, j2 in _token_changes(*folded, long=long):
        if not same:
            out.append((at_a[i1], at_a[i2], at_b[j1], at_b[j2]))
            continue
        for k in range(i2 - i1):
            old_token, new_token, i, j = ta[i1 + k], tb[j1 + k], at_a[i1 + k], at_b[j1 + k]
            if old_token == new_token:
                continue
            if len(old_token) != len(new_token):
                out.append((i, i + len(old_token), j, j + len(new_token)))
                continue
            pairs = enumerate(zip(old_token, new_token, strict=True))
            out += ((i + n, i + n + 1, j + n, j + n + 1) for n, (x, y) in pairs if x != y)
    if long and 4 * sum(i2 - i1 + j2 - j1 for i1, i2, j1, j2 in out) > len(a) + len(b):
        return ((head, head + len(a), head, head + len(b)),)  # (not found alike: one change)
    return tuple(out)


#: tokens of a text (or two) long enough that :func:`text_changes` holds them more frugally
_LONG = 2048


def _token_changes(a: list[str], b: list[str], *, long: bool = False) -> list[tuple[bool, int, int, int, int]]:
    """How the tokens ``b`` differ from ``a`` (:func:`text_changes`: words, and single characters
    that are not word characters): ``(same, i1, i2, j1, j2)`` in order, ``a[i1:i2]`` the same as
    ``b[j1:j2]`` or replaced by it.  These are ``difflib.SequenceMatcher(junk, a, b,
    autojunk=False).get_opcodes()`` (a token not starting with a letter or digit is junk), found
    in time linear in the tokens (:func:`_matched_blocks`), where ``SequenceMatcher`` takes up to
    the cube of their number (``long``: :func:`_anchored_blocks`)."""
    out: list[tuple[bool, int, int, int, int]] = []
    i = j = 0
    for bi, bj, size in _anchored_blocks(a, b) if long else _matched_blocks(a, b):  # (each of at least one token)
        if i < bi or j < bj:
            out.append((False, i, bi, j, bj))
        if out and out[-1][0] and (out[-1][2], out[-1][4]) == (bi, bj):  # (adjacent blocks are one)
            out[-1] = (True, out[-1][1], bi + size, out[-1][3], bj + size)
        else:
            out.append((True, bi, bi + size, bj, bj + size))
        i, j = bi + size, bj + size
    if i < len(a) or j < len(b):
        out.append((False, i, len(a), j, len(b)))
    return out


def _matched_blocks(a: list[str], b: list[str]) -> Iterator[tuple[int, int, int]]:
    """The blocks ``SequenceMatcher`` matches (:func:`_token_changes`): ``(i, j, size)`` in order,
    ``a[i:i + size] == b[j:j + size]``.

    Two words never stand side by side (a space or a comma is between them), so each block is
    one word with the junk alike around it: in what is left to match, the first word of ``a``
    that ``b`` has, at its first place in ``b`` (what stands before the two has no word in
    common, only the junk alike at its start).  The words of ``a`` passed over have no place in
    the rest of ``b``, and each word's places in ``b`` are passed over once: one sweep (the
    blocks given as they are found: a long text's are not held all at once)."""
    junk = [not t[0].isalnum() for t in b]
    places: dict[str, list[int]] = {}
    for j, token in enumerate(b):
        if not junk[j]:
            places.setdefault(token, []).append(j)
    passed = dict.fromkeys(places, 0)  # (each word's places in ``b`` before the part left to match)
    lo_a = lo_b = 0
    while lo_a < len(a) and lo_b < len(b):
        i, j = lo_a, -1
        while j < 0 and i < len(a):
            at = places.get(a[i])
            if at is not None:
                k = passed[a[i]]
                while k < len(at) and at[k] < lo_b:
                    k += 1
                passed[a[i]] = k
                j = at[k] if k < len(at) else -1
            i += j < 0
        if j < 0:  # (no word left in common: only the junk alike at the start)
            lead = _same_junk(a, b, junk, lo_a, lo_b, stop=(len(a), len(b)))
            if lead:
                yield lo_a, lo_b, lead
            return
        size = 1
        while i > lo_a and j > lo_b and junk[j - 1] and a[i - 1] == b[j - 1]:
            i, j, size = i - 1, j - 1, size + 1
        while i + size < len(a) and j + size < len(b) and junk[j + size] and a[i + size] == b[j + size]:
            size += 1
        if lo_a < i and lo_b < j:
            lead = _same_junk(a, b, junk, lo_a, lo_b, stop=(i, j))
            if lead:
                yield lo_a, lo_b, lead
        yield i, j, size  # (a word and the junk alike around it)
        lo_a, lo_b = i + size, j + size


def _anchored_blocks(a: list[str], b: list[str], depth: int = 4) -> Iterator[tuple[int, int, int]]:
    """Blocks of ``a`` and ``b`` alike (as :func:`_matched_blocks` gives them) for long texts:
    the words each of ``a`` and ``b`` has as often, and rarely (up to ``_RARE`` times: their
    places paired in order), in the same order in both (the longest such run: patience diff's
    anchors), each with the junk alike around it, and
    the same between them (the words rare in the part between: ``depth`` times), then
    :func:`_matched_blocks`.  ``SequenceMatcher`` matches the first word of ``a``
    that ``b`` has at its first place in ``b``: in a long text a word replaced (or deleted) is
    matched where it stands next, and every word after it further on, to the end; here that
    stays between two anchors.  In time linear in the tokens (times ``depth``; and the
    logarithm of the anchors).

    >>> list(_anchored_blocks(["x", " ", "it", " ", "y"], ["x", " ", "so", " ", "y", " ", "it"]))
    [(0, 0, 2), (3, 3, 2)]
    """
    junk = [not t[0].isalnum() for t in b]
    places_a: dict[str, list[int]] = {}
    for i, t in enumerate(a):
        if t[0].isalnum():
            places_a.setdefault(t, []).append(i)
    places_b: dict[str, list[int]] = {}
    for j, t in enumerate(b):
        if not junk[j]:
            places_b.setdefault(t, []).append(j)
    pairs = [  # (each word both have as often, and rarely: its places paired in order)
        (i, j)
        for t, at_a in places_a.items()
        if len(at_a) <= _RARE and len(at_a) == len(places_b.get(t, ()))
        for i, j in zip(at_a, places_b[t], strict=True)
    ]
    lo_a = lo_b = 0
    for i, j in [*_increasing(sorted(pairs)), (len(a), len(b))]:
        back = 0  # (the junk alike before it, after the block before)
        while i - back > lo_a and j - back > lo_b and junk[j - back - 1] and a[i - back - 1] == b[j - back - 1]:
            back += 1
        if i == len(a):
            back = 0
        part_a, part_b = a[lo_a : i - back], b[lo_b : j - back]
        inner = _anchored_blocks(part_a, part_b, depth - 1) if depth and pairs else _matched_blocks(part_a, part_b)
        for bi, bj, size in inner:
            yield lo_a + bi, lo_b + bj, size
        if i == len(a):
            return
        size = back + 1
        while i - back + size < len(a) and j - back + size < len(b) and junk[j - back + size]:
            if a[i - back + size] != b[j - back + size]:
                break
            size += 1
        yield i - back, j - back, size
        lo_a, lo_b = i - back + size, j - back + size


#: how often a word both texts have as often may stand in them to anchor them (:func:`_anchored_blocks`)
_RARE = 4


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of ``pairs`` (in order of their first) whose seconds increase too
    (patience sorting, with the pile each came from).

    >>> _increasing([(0, 3), (1, 1), (2, 2), (3, 0), (4, 4)])
    [(1, 1), (2, 2), (4, 4)]
    """
    tops: list[int] = []  # (the least second ending a run of each length)
    ends: list[int] = []  # (which pair it is)
    before = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        p = bisect_left(tops, j)
        if p == len(tops):
            tops.append(j)
            ends.append(k)
        else:
            tops[p], ends[p] = j, k
        before[k] = ends[p - 1] if p else -1
    out = []
    k = ends[-1] if ends else -1
    while k >= 0:
        out.append(pairs[k])
        k = before[k]
    return out[::-1]


def _same_junk(a: list[str], b: list[str], junk: list[bool], i: int, j: int, *, stop: tuple[int, int]) -> int:
    """How many junk tokens (:func:`_token_changes`) ``a[i:]`` and ``b[j:]`` start with alike,
    up to ``stop`` in each."""
    size = 0
    while i + size < stop[0] and j + size < stop[1] and junk[j + size] and a[i + size] == b[j + size]:
        size += 1
    return size


def _token_offsets(tokens: list[str], start: int) -> Sequence[int]:
    """Where each of ``tokens`` (and the end of the last) is, the first at ``start`` (of a long
    text, machine integers: 8 bytes each, where a list of ints takes 36)."""
    if len(tokens) >= _LONG:
        return array("q", accumulate(map(len, tokens), initial=start))
    out = [start]
    for token in tokens:
        out.append(out[-1] + len(token))
    return out


_I1, _I2 = operator.itemgetter(0), operator.itemgetter(1)


def moved_offset(offset: int, changes: Sequence[Change], end: bool = False) -> int:
    """Where ``offset`` of the old text is in the new one (:func:`text_changes`: ``changes`` in
    order): text left as it was keeps it by it; an offset at the start of a change stays before
    what replaced it, one inside a change is at its start (``end``: at its end, for the end of a
    span).  Found by bisection: a span or an anchor costs the logarithm of the changes.

    >>> ch = text_changes("a bright day", "a very day")
    >>> moved_offset(2, ch), moved_offset(5, ch), moved_offset(5, ch, end=True), moved_offset(9, ch)
    (2, 2, 6, 7)
    """
    # (the first change the offset is before, or inside)
    k = min(bisect_right(changes, offset, key=_I2), bisect_left(changes, offset, key=_I1))
    if k == len(changes):
        return offset + (changes[-1][3] - changes[-1][1] if changes else 0)
    i1, _, j1, j2 = changes[k]
    if offset <= i1:
        return offset + j1 - i1
    return j2 if end else j1


def words_in_order(text: str, words: Iterable[Word]) -> list[tuple[int, Word]]:
    """``(offset in text, word)`` of each of ``words`` found in ``text`` after the one found
    before it (``text.find(word.text, end of the word before)``; a word with no text, or not
    found, is left out): how writers (:func:`subconv.formats.words.timed_words`),
    :func:`~subconv.model.moved_words` and a split cue's pieces find word times in a cue's text.

    In time linear in the text and the words: a word not found is not looked for again (its
    text is not after any later place either), and once searches that found nothing have
    scanned 32 times the text (``str.find`` scans some hundred times faster than a pass in
    Python), the last place of each text left is found for all of them at once
    (:func:`_last_places`), so that no search scans the rest of the text in vain.

    >>> from subconv.model import Word
    >>> words_in_order("a b a", [Word(0, 1, "a"), Word(1, 2, "x"), Word(2, 3, "a"), Word(3, 4, "b")])
    [(0, Word(start=0, end=1, text='a')), (4, Word(start=2, end=3, text='a'))]
    """
    return _words_in_order(text, list(words), 32 * len(text) + 65536)


def _words_in_order(text: str, words: list[Word], budget: int) -> list[tuple[int, Word]]:
    """:func:`words_in_order`, its searches that find nothing allowed to scan ``budget``
    characters before the last places of the texts left are found at once."""
    out: list[tuple[int, Word]] = []
    pos = 0
    absent: set[str] = set()  # (texts not after ``pos``)
    last: dict[str, int] | None = None  # (where each text left starts last in ``text``, once found)
    for n, w in enumerate(words):
        t = w.text
        if not t or t in absent:
            continue
        if last is not None and last.get(t, -1) < pos:
            absent.add(t)
            continue
        k = text.find(t, pos)  # (found, when ``last`` says it is there: scans up to it)
        if k < 0:
            absent.add(t)
            budget -= len(text) - pos
            if budget < 0 and last is None:
                last = _last_places(text, {v.text for v in words[n + 1 :]} - absent - {""})
            continue
        out.append((k, w))
        pos = k + len(t)
    return out


def _last_places(text: str, patterns: Iterable[str]) -> dict[str, int]:
    """Where each of ``patterns`` (not empty) starts last in ``text`` (one not in it is left
    out): one pass over the text by the Aho-Corasick automaton of the patterns, in time linear
    in the text and the patterns' length.

    >>> sorted(_last_places("abcab", ["ab", "b", "ca", "x", "abcab"]).items())
    [('ab', 3), ('abcab', 0), ('b', 4), ('ca', 2)]
    """
    goto: list[dict[str, int]] = [{}]  # (the trie of the patterns: a node's children by character)
    ends: list[tuple[int, str]] = []  # (each pattern's node)
    for p in patterns:
        node = 0
        for ch in p:
            child = goto[node].get(ch)
            if child is None:
                child = goto[node][ch] = len(goto)
                goto.append({})
            node = child
        ends.append((node, p))
    fail = [0] * len(goto)  # (the node of the longest proper suffix of a node's text in the trie)
    order = list(goto[0].values())  # (breadth first: a node after every node shallower)
    for u in order:
        for ch, v in goto[u].items():
            f = fail[u]
            while f and ch not in goto[f]:
                f = fail[f]
            fail[v] = goto[f].get(ch, 0)
            order.append(v)
    seen = [-1] * len(goto)  # (where the text seen ends last with each node's text)
    node = 0
    for i, ch in enumerate(text):
        while node and ch not in goto[node]:
            node = fail[node]
        node = goto[node].get(ch, 0)
        seen[node] = i
    for u in reversed(order):  # (a node's text ends wherever a text it is a suffix of ends)
        seen[fail[u]] = max(seen[fail[u]], seen[u])
    return {p: seen[node] - len(p) + 1 for node, p in ends if seen[node] >= 0}

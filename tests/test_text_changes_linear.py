"""The text diff behind every edit of a cue's text (:func:`subconv.model.text_changes`) and
what it moves (:func:`~subconv.model.moved_words`, :func:`~subconv.model.moved_spans`,
:func:`~subconv.model.moved_offset`) in time linear in the text, the words and the changes.

Before, ``text_changes`` ran ``difflib.SequenceMatcher`` over the words (up to the cube of
their number: 15 s for two texts of 2,000 characters), and ``moved_words`` and ``moved_spans``
took every change against every word or span (one change per letter of a transcript against
each of its thousands of words).  Now each is one sweep, and gives what the old one gave: the
old functions, copied here as they were at 5570b33, are the oracle of the properties."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from types import FrameType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subconv import Cue, Span, Word
from subconv.model import Change, moved_offset, moved_spans, moved_words, text_changes

_DIFF_LIMIT = 4_000_000

# --- the oracle: the functions as they were at 5570b33 -------------------------------------


def _old_text_changes(old: str, new: str) -> tuple[Change, ...]:
    """(as at 5570b33)"""
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
    if not a or not b or len(a) * len(b) > _DIFF_LIMIT:
        return ((head, head + len(a), head, head + len(b)),)
    import re  # (only when an edit moves spans or anchors)
    from difflib import SequenceMatcher

    ta, tb = re.findall(r"\w+|\W", a), re.findall(r"\w+|\W", b)  # (words compared whole)
    at_a, at_b = _old_token_offsets(ta, head), _old_token_offsets(tb, head)
    # (a space or a comma matches no other alone: texts that share nothing else are one change;
    # words are matched in any case, each letter whose case changed a change of its own:
    # ``str.upper`` keeps every span and tag where it stood)
    folded_a, folded_b = [t.lower() for t in ta], [t.lower() for t in tb]
    ops = SequenceMatcher(lambda token: not token[0].isalnum(), folded_a, folded_b, autojunk=False).get_opcodes()
    out = []
    for op, i1, i2, j1, j2 in ops:
        if op != "equal":
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
    return tuple(out)


def _old_token_offsets(tokens: list[str], start: int) -> list[int]:
    """(as at 5570b33)"""
    out = [start]
    for token in tokens:
        out.append(out[-1] + len(token))
    return out


def _old_moved_offset(offset: int, changes: Sequence[Change], end: bool = False) -> int:
    """(as at 5570b33)"""
    shift = 0
    for i1, i2, j1, j2 in changes:
        if offset <= i1:
            return offset + j1 - i1
        if offset < i2:
            return j2 if end else j1
        shift = j2 - i2
    return offset + shift


def _old_moved_spans(spans: Sequence[Span], changes: Sequence[Change]) -> tuple[Span, ...]:
    """(as at 5570b33)"""
    out = []
    for sp in spans:
        if any(i1 <= sp.start and sp.end <= i2 and (i1, i2) != (sp.start, sp.end) for i1, i2, _, _ in changes):
            continue
        start, end = _old_moved_offset(sp.start, changes), _old_moved_offset(sp.end, changes, end=True)
        if end > start:
            out.append(Span(start, end, sp.kind))
    return tuple(sorted(out, key=lambda sp: (sp.start, sp.end, sp.kind)))


def _old_moved_words(words: Sequence[Word], old: str, new: str, changes: Sequence[Change]) -> tuple[Word, ...]:
    """(as at 5570b33)"""
    if not changes:
        return tuple(words)
    found: list[tuple[int, int, Word]] = []  # (start, end in ``old``, the word)
    pos = 0
    for w in words:
        k = old.find(w.text, pos) if w.text else -1
        if k >= 0:
            found.append((k, k + len(w.text), w))
            pos = k + len(w.text)
    groups, touched = _old_edited_together(found, changes)
    out: list[Word] = []
    done: set[int] = set()
    for n, (_, _, w) in enumerate(found):
        if n in done:
            continue
        if not touched[n]:  # (its text as it was)
            out.append(w)
            continue
        group = sorted(groups[n])
        done.update(group)
        near = [(i1, i2) for i1, i2, _, _ in changes if _old_touches(i1, i2, [found[m] for m in group])]
        lo = min([found[group[0]][0]] + [i1 for i1, _ in near])
        hi = max([found[group[-1]][1]] + [i2 for _, i2 in near])
        text = new[_old_moved_start(lo, changes) : _old_moved_end(hi, changes)]
        pieces = text.split()
        if len(group) > 1 and len(pieces) == len(group):
            out += (Word(found[m][2].start, found[m][2].end, piece) for m, piece in zip(group, pieces, strict=True))
        elif text.strip():
            out.append(Word(w.start, found[group[-1]][2].end, text.strip()))
    return tuple(out)


def _old_edited_together(
    found: Sequence[tuple[int, int, Word]], changes: Sequence[Change]
) -> tuple[list[list[int]], list[bool]]:
    """(as at 5570b33)"""
    groups: list[list[int]] = [[n] for n in range(len(found))]
    touched = [False] * len(found)
    for i1, i2, _, _ in changes:
        hit = [n for n, item in enumerate(found) if _old_touches(i1, i2, (item,))]
        for n in hit:
            touched[n] = True
        for n in hit[1:]:
            if groups[n] is not groups[hit[0]]:
                groups[hit[0]].extend(groups[n])
                for m in groups[n]:
                    groups[m] = groups[hit[0]]
    return groups, touched


def _old_touches(i1: int, i2: int, found: Sequence[tuple[int, int, Word]]) -> bool:
    """(as at 5570b33)"""
    return any((i1 < b and i2 > a) or (i1 == i2 and a < i1 < b) for a, b, _ in found)


def _old_moved_start(offset: int, changes: Sequence[Change]) -> int:
    """(as at 5570b33)"""
    for _, i2, _, j2 in reversed(changes):
        if i2 <= offset:
            return offset + j2 - i2
    return offset


def _old_moved_end(offset: int, changes: Sequence[Change]) -> int:
    """(as at 5570b33)"""
    for i1, i2, _, j2 in reversed(changes):
        if i2 < offset or (i2 == offset and i1 < i2):
            return offset + j2 - i2
    return offset


# --- the new functions give what the old ones gave -----------------------------------------

# (few letters, so that words repeat, in two cases; junk that repeats too: spaces, commas, "_x")
_TEXT = st.text(st.sampled_from("abcAB  ,_.é\nİ1"), max_size=40) | st.lists(
    st.sampled_from(["a", "b", "ab", "A", "_a", "é1", " ", " ", ", ", ".", "\n"]), max_size=16
).map("".join)


@st.composite
def _edited(draw: st.DrawFn) -> tuple[str, str]:
    """A text and an edit of it: pieces replaced, inserted, deleted, case changed, or all new."""
    old = draw(_TEXT)
    new = old
    for _ in range(draw(st.integers(0, 4))):
        i = draw(st.integers(0, len(new)))
        j = draw(st.integers(i, len(new)))
        op = draw(st.sampled_from(["replace", "upper", "lower", "new"]))
        if op == "replace":
            new = new[:i] + draw(_TEXT) + new[j:]
        elif op == "upper":
            new = new[:i] + new[i:j].upper() + new[j:]
        elif op == "lower":
            new = new[:i] + new[i:j].lower() + new[j:]
        else:
            new = draw(_TEXT)
    return old, new


def _words_of(data: st.DataObject, text: str) -> list[Word]:
    """Word times over ``text``: its words split on white space, some left out, some not in it."""
    pieces = text.split() + data.draw(st.lists(st.sampled_from(["a", "zz", "b,", " "]), max_size=2))
    pieces = data.draw(st.permutations(pieces)) if data.draw(st.booleans()) else pieces
    kept = [p for p in pieces if data.draw(st.integers(0, 4))]
    return [Word(100 * k, 100 * k + 100, p) for k, p in enumerate(kept)]


def _same_as_before(old: str, new: str, words: Sequence[Word], spans: Sequence[Span]) -> None:
    changes = text_changes(old, new)
    assert changes == _old_text_changes(old, new)
    for offset in range(len(old) + 2):
        for end in (False, True):
            assert moved_offset(offset, changes, end) == _old_moved_offset(offset, changes, end), (offset, end)
    assert moved_words(words, old, new, changes) == _old_moved_words(words, old, new, changes)
    assert moved_spans(spans, changes) == _old_moved_spans(spans, changes)


@given(st.data(), _edited())
def test_the_changes_and_what_they_move_are_what_they_were(data: st.DataObject, texts: tuple[str, str]) -> None:
    old, new = texts
    bound = st.integers(0, len(old) + 1)
    spans = data.draw(st.lists(st.builds(Span, bound, bound, st.sampled_from(["i", "b"])), max_size=6))
    _same_as_before(old, new, _words_of(data, old), spans)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("a b a", "b a b"),  # (a word of ``a`` matched at its first place in ``b``)
        ("_a a, b", "_A a, c b"),  # (a word starting "_" is junk, as a space is)
        ("ab ab", "AB ab ab"),
        (" , a", " , b"),  # (no word in common: only the junk alike at the start is)
        ("x, ,a", "y, ,a"),
        ("q x y x z", "r x, x w"),  # (a word's next place in ``b`` is after the last block's)
    ],
)
def test_the_changes_of_known_cases_are_what_they_were(old: str, new: str) -> None:
    words = [Word(100 * k, 100 * k + 100, w) for k, w in enumerate(old.split())]
    spans = [Span(i, j, "i") for i in range(len(old) + 1) for j in range(len(old) + 1)]
    _same_as_before(old, new, words, spans)


@given(st.lists(st.sampled_from(["a", "b", "c", "A", "d"]), min_size=1, max_size=60), st.data())
def test_words_of_a_long_cue_edited_are_moved_as_they_were(words: list[str], data: Any) -> None:
    """Many words, many changes (the oracle's worst case, at a size it can take)."""
    old = " ".join(words)
    new_words = [w.upper() if data.draw(st.integers(0, 3)) == 0 else w for w in words]
    new_words = [w for w in new_words if data.draw(st.integers(0, 5))] or ["x"]
    new = " ".join(new_words)
    times = [Word(10 * k, 10 * k + 10, w) for k, w in enumerate(words)]
    changes = text_changes(old, new)
    assert changes == _old_text_changes(old, new)
    assert moved_words(times, old, new, changes) == _old_moved_words(times, old, new, changes)
    cue = Cue(0, 10 * len(words), (old,), words=tuple(times))
    assert cue.with_text(new).words == _old_moved_words(times, old, new, changes)


# --- and in time linear in the text --------------------------------------------------------


class _OverBudget(Exception):
    pass


def _steps(call: Callable[[], object], budget: int) -> int:
    """How many Python lines (and calls) ``call`` runs, in every module (``difflib``'s too);
    ``_OverBudget`` past ``budget`` (a quadratic run stops early instead of taking minutes)."""
    count = 0

    def trace(frame: FrameType, event: str, arg: object) -> Any:
        nonlocal count
        count += 1
        if count > budget:
            raise _OverBudget
        return trace

    before = sys.gettrace()
    sys.settrace(trace)
    try:
        call()
    finally:
        sys.settrace(before)
    return count


def _linear(make: Callable[[int], Callable[[], object]], small: int, per_item: int) -> None:
    """``make(n)``'s call runs at most ``per_item`` steps per item at ``n = small``, and at 16
    times the size at most 2 x 16 times the steps it ran at ``small``."""
    try:
        few = _steps(make(small), per_item * small)
        many = _steps(make(16 * small), 2 * 16 * few)
    except _OverBudget:
        pytest.fail(f"over {per_item} steps an item, or more than linear from {small} items to {16 * small}")
    assert many <= 32 * few


def _transcript(n: int) -> tuple[str, list[Word]]:
    """``n`` words of a transcript, repeated as speech repeats them, with their times."""
    vocab = [
        "so",
        "the",
        "idea",
        "is",
        "that",
        "we",
        "take",
        "this",
        "and",
        "we",
        "look",
        "at",
        "what",
        "it",
        "does",
        "to",
        "the",
        "vector",
    ]
    words = [vocab[(k * 7) % len(vocab)] + ("," if k % 11 == 10 else "") for k in range(n)]
    return " ".join(words), [Word(300 * k, 300 * k + 300, w) for k, w in enumerate(words)]


def _first_letters_upper(old: str) -> tuple[str, tuple[Change, ...]]:
    """``old`` with each word's first letter upper-cased, and its changes: one a word (what
    ``text_changes`` gives a part of the text under its limit, every word of a transcript here)."""
    starts = [m.start() for m in re.finditer(r"\b\w", old)]
    new = re.sub(r"\b\w", lambda m: m.group().upper(), old)
    return new, tuple((i, i + 1, i, i + 1) for i in starts)


def test_moved_words_is_linear_in_words_and_changes() -> None:
    """1,000 and 16,000 words, a change on every word: before, every change against every word."""

    def make(n: int) -> Callable[[], object]:
        old, words = _transcript(n)
        new, changes = _first_letters_upper(old)
        return lambda: moved_words(words, old, new, changes)

    _linear(make, 1000, 200)


def test_moved_spans_is_linear_in_spans_and_changes() -> None:
    """A span on every word and a change on every word: before, every span against every change."""

    def make(n: int) -> Callable[[], object]:
        old, _ = _transcript(n)
        _, changes = _first_letters_upper(old)
        spans = [Span(m.start(), m.end(), "i") for m in re.finditer(r"\w+", old)]
        return lambda: moved_spans(spans, changes)

    _linear(make, 1000, 200)


def test_text_changes_is_linear_in_the_text() -> None:
    """Two texts of repeated words that differ all through (under the limit of character pairs
    past which a difference is one change): 124 and 1,984 characters; before, ``difflib`` took
    steps as the cube of the words."""

    def make(n: int) -> Callable[[], object]:
        a = " ".join("ab"[(k * k) % 3 % 2] for k in range(n))
        b = " ".join("ab"[(k * 5) % 7 % 2] for k in range(n))
        assert len(a) * len(b) < _DIFF_LIMIT
        return lambda: text_changes(f"<{a}>", f"[{b}]")

    _linear(make, 62, 300)

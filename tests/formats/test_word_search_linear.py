"""The writers' search for a cue's word times in its text (``formats.words.timed_words``, and
``model.words_in_order`` behind it, which ``moved_words`` and a split cue's pieces use too) in
time linear in the text and the words.

Before, each word was looked up with ``text.find(word, pos)``: a word not in the rest of the text
scanned to its end every time, so a long cue with many word times whose words are not in its
text (an edited text, a transcript whose words differ) cost the words times the text.  Now a
text not found is not looked for again, and once searches that found nothing have scanned about
32 times the text the last place of every text left is found in one pass (Aho-Corasick).  The
result is the old one's: the function as it was at 7611150 is the oracle of the properties."""

from __future__ import annotations

import json
import types
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import SupportsIndex, cast

from hypothesis import given
from hypothesis import strategies as st

from subconv.formats.words import timed_words
from subconv.model import Cue, Word, moved_words, text_changes
from subconv.steps.segment import _pieces_words
from tests.test_text_changes_linear import _OverBudget, _steps

# --- the oracle: as at 7611150 -------------------------------------------------------------


def _old_timed_words(cue: Cue) -> list[tuple[int, Word]] | None:
    """(``formats.words.timed_words`` as at 7611150)"""
    if not cue.words or cue.start is None or cue.end is None:
        return None
    text = cue.text
    out: list[tuple[int, Word]] = []
    pos = 0
    last = cue.start - 1
    for w in cue.words:
        k = text.find(w.text, pos)
        if k < 0 or not w.text:
            continue
        pos = k + len(w.text)
        if last < w.start < cue.end:
            out.append((k, w))
            last = w.start
    return out or None


def _old_in_order(text: str, words: Sequence[Word]) -> list[tuple[int, Word]]:
    """(the search of ``moved_words`` and ``segment._pieces_words`` as at 7611150)"""
    out = []
    pos = 0
    for w in words:
        k = text.find(w.text, pos) if w.text else -1
        if k >= 0:
            out.append((k, w))
            pos = k + len(w.text)
    return out


# --- the same result -----------------------------------------------------------------------

_PIECE = st.sampled_from(["a", "b", "ab", "ba", "aab", " ", " ", ",", "é", "\n", "", "abab", "x"])
_TEXT = st.lists(_PIECE, max_size=30).map("".join)


@st.composite
def _cue(draw: st.DrawFn) -> Cue:
    """A cue and word times: pieces of its text, words not in it, empty ones, times out of order."""
    text = draw(_TEXT)
    texts = draw(st.lists(_PIECE | st.sampled_from(text.split() or ["a"]), max_size=20))
    starts = draw(st.lists(st.integers(0, 1200), min_size=len(texts), max_size=len(texts)))
    words = tuple(Word(s, s + 50, t) for s, t in zip(starts, texts, strict=True))
    start = draw(st.sampled_from([0, 100, None]))
    return Cue(start, 1000, (text,), words=words)


@given(_cue())
def test_timed_words_are_what_they_were(cue: Cue) -> None:
    assert timed_words(cue) == _old_timed_words(cue)


@given(_cue(), st.integers(-1, 40))
def test_words_in_order_are_found_where_they_were_with_any_budget(cue: Cue, budget: int) -> None:
    """However soon the last places are looked up at once (a budget of -1 or 0: at the first
    search that finds nothing), the same words at the same places."""
    from subconv.textdiff import _words_in_order, words_in_order

    expected = _old_in_order(cue.text, cue.words)
    assert _words_in_order(cue.text, list(cue.words), budget) == expected
    assert words_in_order(cue.text, cue.words) == expected


@given(_TEXT, st.lists(_TEXT.filter(bool), max_size=12))
def test_last_places_are_those_rfind_finds(text: str, patterns: list[str]) -> None:
    from subconv.textdiff import _last_places

    expected = {p: text.rfind(p) for p in patterns if p in text}
    assert _last_places(text, patterns) == expected


def test_real_words_over_another_talk_s_text_are_found_as_before(shared: Path) -> None:
    """The word times of one 3Blue1Brown talk over the transcript of another (a transcript whose
    words differ: most are found, in order, some far ahead, many not at all)."""
    from subconv.textdiff import _words_in_order, words_in_order

    talks = shared / "corpus" / "timed" / "3b1b"
    words = tuple(
        Word(round(a * 1000), round(b * 1000), t.strip())
        for t, a, b in json.loads((talks / "bitcoin" / "en.word_timings.json").read_text("utf-8"))
    )
    text = (talks / "eigenvalues" / "en.transcript.txt").read_text("utf-8")
    cue = Cue(0, 10_000_000, (text,), words=words)
    found = timed_words(cue)
    assert found == _old_timed_words(cue)
    assert found is not None and 0 < len(found) < len(words)
    assert words_in_order(text, words) == _old_in_order(text, words)
    assert _words_in_order(text, list(words), 0) == _old_in_order(text, words)


# --- in time linear in the text and the words ----------------------------------------------


class _Counted(str):
    """A text whose ``find`` counts the characters it looks at (``scanned``)."""

    scanned = 0

    def find(self, sub: str, start: SupportsIndex | None = None, end: SupportsIndex | None = None, /) -> int:
        begin = 0 if start is None else int(start)
        stop = len(self) if end is None else int(end)
        k = str.find(self, sub, begin, stop)
        _Counted.scanned += (k + len(sub) if k >= 0 else stop) - begin
        return k


def _edited(n: int) -> tuple[str, list[Word]]:
    """A text of ``n`` words and their times, every fifth time naming a word not in it."""
    vocab = [
        "so",
        "the",
        "idea",
        "is",
        "that",
        "we",
        "take",
        "this",
        "vector",
        "and",
        "look",
        "at",
        "what",
        "it",
        "does",
    ]
    words = [vocab[(k * 7) % len(vocab)] for k in range(n)]
    times = [Word(300 * k, 300 * k + 300, f"{w}{k}" if k % 5 == 4 else w) for k, w in enumerate(words)]
    return " ".join(words), times


#: a call of a size, and the size of its input (the characters of its text and words)
Made = tuple[Callable[[], object], int]


def _cost(call: Callable[[], object], budget: int) -> int:
    """The characters ``find`` scanned plus the Python lines run by ``call``."""
    _Counted.scanned = 0
    steps = _steps(call, budget)
    return _Counted.scanned + steps


def _bounded(make: Callable[[int], Made], n: int, per_char: int) -> None:
    """``make(n)`` gives a call and the size of its input: its cost is at most ``per_char``
    times that size, at ``n`` and at 8 times ``n``."""
    for size in (n, 8 * n):
        call, chars = make(size)
        try:
            cost = _cost(call, per_char * chars)
        except _OverBudget:
            cost = -1
        assert 0 <= cost <= per_char * chars, (size, chars, _Counted.scanned)


def test_timed_words_of_a_long_edited_cue_take_time_linear_in_it() -> None:
    """2,500 and 20,000 words (110 KB), a fifth of their times naming words not in the text:
    before, each of those scanned the rest of the text (about 5,000 times the text's length at
    the larger size)."""

    def make(n: int) -> Made:
        text, words = _edited(n)
        cue = types.SimpleNamespace(text=_Counted(text), words=tuple(words), start=0, end=300 * n)
        found = _old_timed_words(cast(Cue, types.SimpleNamespace(text=text, words=tuple(words), start=0, end=300 * n)))
        return (lambda: _check(timed_words(cast(Cue, cue)), found)), len(text) + sum(len(w.text) for w in words)

    _bounded(make, 2500, 80)


def _check(got: object, expected: object) -> None:
    assert got == expected


def test_moved_words_and_a_split_cue_s_pieces_find_words_in_linear_time() -> None:
    """The same search in ``moved_words`` (an edit of the text) and ``segment._pieces_words``
    (a split cue's pieces)."""

    def make_moved(n: int) -> Made:
        text, words = _edited(n)
        new = text.replace(" idea ", " IDEA ")
        changes = text_changes(text, new)
        return (lambda: moved_words(words, _Counted(text), new, changes)), len(text) + sum(len(w.text) for w in words)

    def make_pieces(n: int) -> Made:
        text, words = _edited(n)
        cut = text.split(" ")
        pieces = [[" ".join(cut[k : k + 6])] for k in range(0, len(cut), 6)]
        cue = types.SimpleNamespace(text=_Counted(text), words=tuple(words))
        return (lambda: _pieces_words(cast(Cue, cue), pieces)), len(text) + sum(len(w.text) for w in words)

    _bounded(make_moved, 2500, 100)
    _bounded(make_pieces, 2500, 100)

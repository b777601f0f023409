"""An edit of a long cue's text loses no span, anchor or word time outside its changes.

Before, :func:`subconv.model.text_changes` gave up past 4 million character pairs of the
differing middle (two texts of 2,000 characters): the whole middle was one change, so every
span over it was dropped, every anchor moved to its start and its word times were made one word
over all of their times.  The limit was there for ``difflib``'s time (up to the cube of the
words); the token matcher that replaced it (``_token_changes``) is linear in the tokens, so the
limit is gone.  What the diff holds at once is bounded too (a small multiple of the cue itself)."""

from __future__ import annotations

import re
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from unittest.mock import patch

from hypothesis import given
from hypothesis import strategies as st

from subconv.model import Cue, FrozenMap, Span, Word, text_changes
from tests.test_text_changes_linear import _linear


def _edited(words: list[str]) -> tuple[Cue, str, list[str]]:
    """A cue of ``words`` (a time each, an italic span and an anchored block on every tenth), and
    its text with one word in 50 replaced, with the new words."""
    starts = [0]
    for w in words[:-1]:
        starts.append(starts[-1] + len(w) + 1)
    tenth = range(0, len(words), 10)
    spans = tuple(Span(starts[k], starts[k] + len(words[k]), "i") for k in tenth)
    extras = FrozenMap({"ass.tags": "{\\b1}" * len(tenth)}).set("ass.tags.at", tuple(str(starts[k]) for k in tenth))
    times = tuple(Word(300 * k, 300 * k + 300, w) for k, w in enumerate(words))
    cue = Cue(0, 300 * len(words), (" ".join(words),), spans=spans, extras=extras, words=times)
    new_words = [f"edit{k}" if k % 50 == 25 else w for k, w in enumerate(words)]
    return cue, " ".join(new_words), new_words


def _nothing_lost(cue: Cue, new: str, new_words: list[str]) -> None:
    """``cue.with_text(new)`` (and ``cue.replace(lines=...)``) keep every word time (over the
    word that replaced it, where one did), span and anchor, each over or before its own word."""
    starts = [0]
    for w in new_words[:-1]:
        starts.append(starts[-1] + len(w) + 1)
    edited = cue.with_text(new)
    assert [(w.start, w.end, w.text) for w in edited.words] == [
        (w.start, w.end, t) for w, t in zip(cue.words, new_words, strict=True)
    ]
    assert edited.spans == tuple(Span(starts[k], starts[k] + len(new_words[k]), "i") for k in range(0, len(starts), 10))
    assert edited.extras["ass.tags.at"] == tuple(str(starts[k]) for k in range(0, len(starts), 10))
    replaced = cue.replace(lines=(new,))
    assert (replaced.words, replaced.extras) == (edited.words, edited.extras)


def _vocabulary(shared: Path | None = None) -> list[str]:
    if shared is None:
        return [
            *["so", "the", "idea", "is", "that", "when", "we", "take", "this", "vector"],
            *["look", "at", "what", "the", "matrix", "does"],
        ]
    talks = sorted((shared / "corpus" / "timed" / "3b1b").glob("*/en.transcript.txt"))
    return [w for p in talks for w in p.read_text("utf-8").split()]


def _generated(n: int) -> list[str]:
    """``n`` words: common ones repeated, every fifth a name of its own."""
    vocab = _vocabulary()
    return [f"Name{k}" if k % 5 == 3 else vocab[k % len(vocab)] for k in range(n)]


def test_a_200_kb_cue_edited_keeps_every_word_time_span_and_anchor() -> None:
    """40,000 words (about 200 KB), one in 50 changed: before, 5 spans of 4,000 kept, the word
    times one word over all of them, every block at the first change."""
    cue, new, new_words = _edited(_generated(40_000))
    assert len(cue.text) > 190_000
    _nothing_lost(cue, new, new_words)


def test_the_real_transcripts_as_one_cue_edited_keep_everything(shared: Path) -> None:
    """The four 3Blue1Brown transcripts (78 KB, real words and punctuation: a word replaced recurs
    a few words on; before, every span and block was lost, and a word deleted lost all the word
    times after it)."""
    cue, new, new_words = _edited(_vocabulary(shared))
    assert len(cue.text) > 70_000
    _nothing_lost(cue, new, new_words)


def test_a_long_text_s_changes_take_time_linear_in_it() -> None:
    """500 and 8,000 words (48 KB), one in 50 changed: linear past the old limit too."""

    def make(n: int) -> Callable[[], object]:
        cue, new, _ = _edited(_generated(n))
        return lambda: text_changes(cue.text, new)

    _linear(make, 500, 300)


def test_what_a_long_text_s_diff_holds_is_a_small_multiple_of_the_cue() -> None:
    """The diff's peak of memory (``tracemalloc``) on the 200 KB cue is under three times what
    the cue holds (its text, word times, spans); before the limit was lifted it held nothing."""
    words = _generated(40_000)
    tracemalloc.start()
    try:
        cue, new, _ = _edited(words)
        held = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        changes = text_changes(cue.text, new)
        peak = tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()
    assert len(changes) == 800
    assert peak < 3 * held, (peak, held)


def test_the_real_transcripts_with_words_deleted_keep_the_other_word_times(shared: Path) -> None:
    """One word in 50 deleted: before, the word times after the first deletion were lost (44 of
    13,812 kept)."""
    words = _vocabulary(shared)
    cue, _, _ = _edited(words)
    kept = [(w.start, w.text) for k, w in enumerate(cue.words) if k % 50 != 25]
    edited = cue.with_text(" ".join(w for k, w in enumerate(words) if k % 50 != 25))
    assert [(w.start, w.text) for w in edited.words] == kept


_TOKENS = st.lists(st.sampled_from(["a", "b", "c", "d", "Aa", "x1", " ", " ", ",", ".", "\n"]), max_size=40)


@given(_TOKENS, _TOKENS, st.integers(0, 4))
def test_long_texts_changes_make_the_new_text(old: list[str], new: list[str], depth: int) -> None:
    """However the anchored match cuts them (every text taken as long here), the changes are in
    order, apart, and make ``new`` of ``old``; the blocks are alike."""
    from subconv.textdiff import _anchored_blocks  # (new at this change)

    a, b = "".join(old), "".join(new)
    with patch("subconv.textdiff._DIFF_LIMIT", -1):
        changes = text_changes(a, b)
    made, at = [], 0
    for i1, i2, j1, j2 in changes:
        assert at <= i1 <= i2
        made += [a[at:i1], b[j1:j2]]
        at = i2
    assert "".join([*made, a[at:]]) == b
    folded_a, folded_b = [t.lower() for t in re.findall(r"\w+|\W", a)], [t.lower() for t in re.findall(r"\w+|\W", b)]
    for i, j, size in _anchored_blocks(folded_a, folded_b, depth):
        assert size > 0 and folded_a[i : i + size] == folded_b[j : j + size]

"""An untimed one-line unit longer than ``segment._PART_CHARS`` (a whole transcript on one line)
is cut into parts (``segment._parts``), each with the word times of its own words and the anchors
in its own text, moved in one sweep over the text as a split cue's pieces are
(``segment._pieces_words``, ``segment._pieces_extras``).

Before, each part was ``cue.replace(lines=(part,))``: a diff of the whole text against each part
(``model.text_changes``, then ``moved_words``), the parts times the text's length, and where words
repeat, a part's words were matched at their first places in the text, so word times were
misplaced or lost (a 20,000-word transcript kept 4,518 of its 20,000 word times)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

import subconv.model
import subconv.steps.segment
from subconv.model import Cue, FrozenMap, Track, Word
from subconv.report import Report
from subconv.steps.segment import segment

from ._helpers import ctx

_SENTENCE = "so the idea is that we take this vector and look at what the matrix does to it. Then,"
_VOCABULARY = _SENTENCE.split()
_WORD = st.sampled_from([*_VOCABULARY, "中文", "「好」", "x" * 12])


def _unit(words: list[str]) -> Cue:
    """An untimed one-line unit of ``words`` (a page's transcript), a word time each."""
    times = tuple(Word(300 * k, 300 * k + 300, w) for k, w in enumerate(words))
    return Cue(None, None, (" ".join(words),), words=times, source_line=2)


def _segmented(cue: Cue, **options: object) -> list[Cue]:
    return list(segment(Track((cue,)), ctx("page", **options), Report()).cues)


def _check_words(cue: Cue, out: list[Cue]) -> None:
    """Every word time of ``cue`` is kept, in order, in the cue that holds its word (found in its
    text after the one before, as the writers find them), its text that word's."""
    assert [(w.start, w.end) for c in out for w in c.words] == [(w.start, w.end) for w in cue.words]
    for c in out:
        pos = 0
        for w in c.words:
            at = c.text.find(w.text, pos)
            assert at >= 0, (c.text, c.words)
            pos = at + len(w.text)
    # (a CJK word may be broken between two lines, or cut at the end of a piece the part is split into)
    by_time = {w.start: w.text for w in cue.words}
    assert all(by_time[w.start].startswith("".join(w.text.split())) for c in out for w in c.words)


@settings(deadline=None)
@given(st.lists(_WORD, min_size=1, max_size=120), st.integers(20, 120), st.integers(20, 60))
def test_each_part_has_the_word_times_of_its_own_words(words: list[str], part_chars: int, chars: int) -> None:
    cue = _unit(words)
    with mock.patch.object(subconv.steps.segment, "_PART_CHARS", part_chars):
        out = _segmented(cue, max_chars=chars)
    _check_words(cue, out)


def test_a_20000_word_transcript_keeps_every_word_time() -> None:
    cue = _unit([_VOCABULARY[k % len(_VOCABULARY)] for k in range(20_000)])
    assert len(cue.text) > 4 * subconv.steps.segment._PART_CHARS
    _check_words(cue, _segmented(cue))


def test_a_word_time_not_in_the_text_is_reported() -> None:
    cue = _unit([_VOCABULARY[k % len(_VOCABULARY)] for k in range(60)])
    cue = cue.replace(words=(*cue.words[:30], Word(9000, 9100, "zebra"), *cue.words[30:]))
    report = Report()
    with mock.patch.object(subconv.steps.segment, "_PART_CHARS", 50):
        out = list(segment(Track((cue,)), ctx("page"), report).cues)
    assert len([w for c in out for w in c.words]) == 60
    dropped = list(report.entries.of_action("dropped"))
    assert [(e.line, e.reason) for e in dropped] == [(2, "1 word time(s) not in the unit's text left out of its parts")]


def test_a_part_s_anchors_are_in_its_own_text() -> None:
    """An override block before every tenth word stands before that word in the part holding it."""
    words = [f"w{k}" for k in range(200)]
    starts = [sum(len(w) + 1 for w in words[:k]) for k in range(len(words))]
    at = tuple(str(s) for s in starts[::10])
    extras = FrozenMap({"ass.tags": "{\\b1}" * len(at)}).set("ass.tags.at", at)
    cue = Cue(None, None, (" ".join(words),), extras=extras)
    with mock.patch.object(subconv.steps.segment, "_PART_CHARS", 300):
        parts = _segmented(cue, max_chars=400, max_lines=1)  # (each part fits as it is)
    assert len(parts) > 2
    for part in parts:
        first = part.text.split()[0]
        inside = [int(a) for a in part.extras["ass.tags.at"] if 0 < int(a) < len(part.text)]
        held = part.text.split()
        expected = [part.text.index(f"w{k}") for k in range(int(first[1:]) + 1, 200) if k % 10 == 0 and f"w{k}" in held]
        assert inside == expected, part


@contextmanager
def _characters_read() -> Iterator[list[int]]:
    """The characters of text handed to ``text_changes`` and ``words_in_order`` while it lasts
    (the diff and the search of word times: each reads its text at least once)."""
    count = [0]

    def counted(fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(text: str, *args: Any) -> Any:
            count[0] += len(text)
            return fn(text, *args)

        return wrapper

    diff, search = counted(subconv.model.text_changes), counted(subconv.model.words_in_order)
    with (
        mock.patch.object(subconv.model, "text_changes", diff),
        mock.patch.object(subconv.model, "words_in_order", search),
        mock.patch.object(subconv.steps.segment, "text_changes", diff),
        mock.patch.object(subconv.steps.segment, "words_in_order", search),
    ):
        yield count


def test_the_parts_read_the_text_a_bounded_number_of_times() -> None:
    """Operations, not wall-clock: the text handed to a diff or a word search, over the whole step,
    is a few times the unit's text, at every size (now twice: the parts' words found once, and each
    part's again as it is split; before: the parts times the text)."""
    for n in (20_000, 80_000):
        cue = _unit([_VOCABULARY[k % len(_VOCABULARY)] for k in range(n)])
        with _characters_read() as count:
            out = _segmented(cue)
        assert count[0] <= 3 * len(cue.text), (n, count[0], len(cue.text))
        assert len(out) > 1000

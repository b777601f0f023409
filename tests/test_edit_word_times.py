"""An edit of a cue's text (``with_text``, ``map_text``, ``replace(lines=...)``) moves its word
times (``Cue.words``: WebVTT inline timestamps, ASS ``\\k`` karaoke) with the text: a word left as
it was keeps its times, a word replaced is what replaced it over the same times, a word deleted
is dropped.  Before, the words stayed as they were: after an edit they named words no longer
there, and ``--words`` timed the wrong text, or nothing (``str.upper`` lost every timestamp)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import subconv
from subconv import Cue, Track, Word, WriteOptions
from subconv.formats.words import word_cuts

VTT = (
    "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nNever <00:00:01.500>drink <00:00:02.000>liquid <00:00:03.000>nitrogen.\n"
)
WORDS = WriteOptions(words=True)


def _words(cue: Cue) -> list[tuple[int, int, str]]:
    return [(w.start, w.end, w.text) for w in cue.words]


def test_a_word_replaced_is_its_replacement_over_its_times() -> None:
    cue = subconv.loads(VTT, "vtt")[0]
    edited = cue.with_text("Never drink liquid hydrogen.")
    assert _words(edited) == [
        (1000, 1500, "Never"),
        (1500, 2000, "drink"),
        (2000, 3000, "liquid"),
        (3000, 4000, "hydrogen."),
    ]
    out = subconv.dumps(Track((edited,)), "vtt", options=WORDS)
    assert "Never <00:00:01.500>drink <00:00:02.000>liquid <00:00:03.000>hydrogen." in out


def test_a_word_deleted_loses_its_time() -> None:
    cue = subconv.loads(VTT, "vtt")[0]
    edited = cue.with_text("Never liquid nitrogen.")
    assert _words(edited) == [(1000, 1500, "Never"), (2000, 3000, "liquid"), (3000, 4000, "nitrogen.")]
    out = subconv.dumps(Track((edited,)), "vtt", options=WORDS)
    assert "Never <00:00:02.000>liquid <00:00:03.000>nitrogen." in out  # (before: "Never liquid nitrogen.")


def test_upper_case_keeps_every_word_time_in_vtt_and_ass() -> None:
    track = subconv.loads(VTT, "vtt").map_text(str.upper)
    assert _words(track[0]) == [
        (1000, 1500, "NEVER"),
        (1500, 2000, "DRINK"),
        (2000, 3000, "LIQUID"),
        (3000, 4000, "NITROGEN."),
    ]
    assert "NEVER <00:00:01.500>DRINK <00:00:02.000>LIQUID <00:00:03.000>NITROGEN." in subconv.dumps(
        track, "vtt", options=WORDS
    )
    assert r"{\k50}NEVER {\k50}DRINK {\k100}LIQUID {\k100}NITROGEN." in subconv.dumps(track, "ass", options=WORDS)


def test_replace_lines_moves_the_words_unless_given() -> None:
    cue = Cue(0, 2000, ("Hi you",), words=(Word(0, 800, "Hi"), Word(800, 2000, "you")))
    assert _words(cue.replace(lines=("Hi there", "you"))) == [(0, 800, "Hi"), (800, 2000, "you")]
    assert _words(cue.replace(lines=("Hi",))) == [(0, 800, "Hi")]
    assert cue.replace(lines=("Hi",), words=()).words == ()


def test_words_replaced_together() -> None:
    cue = Cue(
        0,
        3000,
        ("a bright red car",),
        words=(Word(0, 500, "a"), Word(500, 1000, "bright"), Word(1000, 2000, "red"), Word(2000, 3000, "car")),
    )
    assert _words(cue.with_text("a dark blue car")) == [
        (0, 500, "a"),
        (500, 1000, "dark"),
        (1000, 2000, "blue"),
        (2000, 3000, "car"),
    ]
    # (three words for two: one word over both their times)
    assert _words(cue.with_text("a very dark blue car")) == [
        (0, 500, "a"),
        (500, 2000, "very dark blue"),
        (2000, 3000, "car"),
    ]
    assert _words(cue.with_text("a car")) == [(0, 500, "a"), (2000, 3000, "car")]


_WORD = st.text(st.sampled_from("abcdeXYZ'"), min_size=1, max_size=6)


@given(
    st.lists(_WORD, min_size=1, max_size=8),
    st.lists(
        st.tuples(st.sampled_from(["replace", "delete", "insert", "upper"]), st.integers(0, 7), _WORD), max_size=3
    ),
)
def test_word_times_always_name_words_of_the_text(words: list[str], edits: list[tuple[str, int, str]]) -> None:
    cue = Cue(
        0,
        1000 * len(words),
        (" ".join(words),),
        words=tuple(Word(1000 * k, 1000 * k + 1000, w) for k, w in enumerate(words)),
    )
    new = list(words)
    for op, k, w in edits:
        k %= len(new) + (op == "insert")
        if op == "replace" and k < len(new):
            new[k] = w
        elif op == "delete" and len(new) > 1 and k < len(new):
            del new[k]
        elif op == "insert":
            new.insert(k, w)
        elif k < len(new):
            new[k] = new[k].upper()
    edited = cue.with_text(" ".join(new))
    text = edited.text
    # every word time names text of the new cue, found in order as the writers find it: one cut each
    cuts = word_cuts(edited) or []
    assert len(cuts) == len(edited.words)
    pos = 0
    for word in edited.words:
        at = text.find(word.text, pos)
        assert at >= 0, (word, text)
        pos = at + len(word.text)
    # each keeps its times (a word's, or a run of words' replaced together), in order
    starts = [w.start for w in edited.words]
    assert starts == sorted(set(starts)) and all(w.start % 1000 == 0 and w.end % 1000 == 0 for w in edited.words)
    if new == words:
        assert edited == cue
    if [w.lower() for w in new] == [w.lower() for w in words]:  # (only case changed: every word kept)
        assert [(w.start, w.text) for w in edited.words] == [(1000 * k, t) for k, t in enumerate(new)]


def test_corpus_word_times_upper_cased(shared: Path) -> None:
    for name in ("youtube-auto/VTT_Live_Translate_from_YT_glGJqlfLbIQ.vtt", "odd/ytsubconverter-ass/Karaoke.ass"):
        track = subconv.read(shared / "corpus" / name)
        upper = track.map_text(str.upper)
        timed = [c for c in track if c.words]
        assert timed
        for old, new in zip(track, upper, strict=True):
            assert _words(new) == [(w.start, w.end, w.text.upper()) for w in old.words], old.source_line
            assert [t for _, t in word_cuts(new) or []] == [t for _, t in word_cuts(old) or []], old.source_line

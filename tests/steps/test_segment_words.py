"""A cue split into pieces (``steps/segment._split_cue``) gives each piece the word times of its
own words.  Before, every piece had all of the cue's word times: a piece's ``--words`` output
timed its first words with the times of the cue's first words, or none at all (the second
piece's words were written untimed, their times "outside the cue's times")."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from subconv.formats.words import word_cuts
from subconv.model import Cue, Track, Word
from subconv.report import Report
from subconv.steps.segment import segment
from tests.clirun import run_subconv

from ._helpers import ctx

_WORD = st.sampled_from(["a", "to", "word", "longer", "sentences.", "Then,", "中文", "「好」", "é\u0301", "x" * 12])


def _cue(words: list[str], joined: list[bool]) -> Cue:
    """A timed cue of ``words``, a word time each (or one over a word and the next, ``joined``)."""
    times: list[Word] = []
    k = 0
    while k < len(words):
        n = 2 if joined[k % len(joined)] and k + 1 < len(words) else 1
        times.append(Word(1000 * k, 1000 * (k + n), " ".join(words[k : k + n])))
        k += n
    return Cue(0, 1000 * len(words), (" ".join(words),), words=tuple(times), source_line=4)


@given(st.lists(_WORD, min_size=1, max_size=60), st.lists(st.booleans(), min_size=1), st.integers(8, 40))
def test_each_piece_has_the_word_times_of_its_own_words(words: list[str], joined: list[bool], chars: int) -> None:
    cue = _cue(words, joined)
    report = Report()
    out = segment(Track((cue,)), ctx("srt", retime=True, max_chars=chars, max_lines=2), report)
    for piece in out:
        # every word time names the piece's own text, found in order as the writers find them
        pos = 0
        for word in piece.words:
            at = piece.text.find(word.text, pos)
            assert at >= 0, (piece.text, piece.words)
            pos = at + len(word.text)
    times = [w for piece in out for w in piece.words]
    # each word time in one piece, in order, over its own times; its text as the piece writes it
    # (CJK joined without a space, or broken between lines); a word over two pieces cut at its
    # piece's end, the rest of its text timed by none
    assert [(w.start, w.end) for w in times] == [(w.start, w.end) for w in cue.words]
    for new, old in zip(times, cue.words, strict=True):
        assert "".join(old.text.split()).startswith("".join(new.text.split()))
    assert not list(report.entries.of_action("dropped"))


def test_a_word_over_two_pieces_is_cut_at_its_piece_s_end() -> None:
    first = "One two three four five six seven eight nine ten."
    cue = Cue(0, 6000, (f"{first} Eleven twelve.",), words=(Word(0, 5000, first[:-4]), Word(5000, 6000, "ten. Eleven")))
    out = segment(Track((cue,)), ctx("srt", retime=True, max_chars=30, max_lines=2), Report())
    assert [c.text for c in out] == ["One two three four five\nsix seven eight nine ten.", "Eleven twelve."]
    assert [c.words for c in out] == [
        (Word(0, 5000, "One two three four five\nsix seven eight nine"), Word(5000, 6000, "ten.")),
        (),
    ]
    assert word_cuts(out[0]) is not None


def test_a_piece_s_words_are_timed_in_its_webvtt(tmp_path: Path) -> None:
    """Whisper JSON with word times, one segment of two sentences: ``--retime`` splits it."""
    text = (
        "So today we are going to talk about linear algebra and why it matters. "
        "Then we will look at eigenvectors in some detail, with a few pictures."
    )
    words = [{"word": " " + w, "start": 0.4 * k, "end": 0.4 * k + 0.3} for k, w in enumerate(text.split())]
    segments = [{"start": 0.0, "end": 10.8, "text": " " + text, "words": words}]
    (tmp_path / "w.json").write_text(json.dumps({"segments": segments, "language": "en"}), encoding="utf-8")
    out = tmp_path / "w.vtt"
    run_subconv("convert", str(tmp_path / "w.json"), "-o", str(out), "--retime", "--words", "--max-chars", "42")
    second = out.read_text(encoding="utf-8").split("\n\n")[2]
    # (before: "Then we will look at eigenvectors in / some detail, with a few pictures." untimed)
    assert "Then <00:00:06.000>we <00:00:06.400>will" in second

"""A cue split into pieces (``steps/segment._split_cue``) moves the offsets of its extras anchored
to the text (``ass.tags.at``: where each kept ASS override block stands) into each piece in one
sweep over the text (``segment._pieces_changes``).

Before, each piece's anchors were moved by a diff of the whole cue's text against the piece
(``text_changes(cue.text, piece)``): the text's length for every piece, and wrong where the text
repeats a word (the piece's words were matched at their first places in the text, so blocks of
other pieces landed inside it) or begins like the piece (a block before the piece stood after
the letters the two share: inside its first word); past 4 million character pairs the diff gave
up, and every block of a long cue stood at the start of each piece.  Now a block stands before
the character it stood before, in the piece that holds it; one before a piece at its start, one
after it at its end, one in white space after the word before it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from subconv.model import Cue, FrozenMap, Track
from subconv.report import Report
from subconv.steps.segment import segment
from tests.test_text_changes_linear import _linear

from ._helpers import ctx


def _split(text: str, at: list[int], chars: int = 30, lines: int = 1) -> list[Cue]:
    """``text`` as a timed cue with an override block at each of ``at``, segmented."""
    extras = FrozenMap({"ass.tags": "{\\b1}" * len(at)}).set("ass.tags.at", tuple(map(str, at)))
    cue = Cue(0, 1000 * len(text), (text,), extras=extras, source_line=3)
    return list(segment(Track((cue,)), ctx("srt", retime=True, max_chars=chars, max_lines=lines), Report()).cues)


def _where(old: str, before: list[int], piece: str, first: int, offset: int) -> int:
    """Where the offset ``offset`` of ``old`` stands in ``piece``, which holds the characters of
    ``old`` that are not white space from the ``first``-th on (``before``: how many of them stand
    before each offset of ``old``)."""
    shown = [i for i, c in enumerate(piece) if not c.isspace()]
    if before[offset] <= first:
        return 0
    if before[offset] >= first + len(shown):
        return len(piece)
    if offset < len(old) and not old[offset].isspace():
        return shown[before[offset] - first]  # (before the same character)
    return shown[before[offset] - 1 - first] + 1  # (in white space: after the word before)


def _check(old: str, at: list[int], pieces: list[Cue]) -> None:
    """Each piece's anchors are where :func:`_where` puts them."""
    assert "".join(old.split()) == "".join("".join(c.text.split()) for c in pieces)  # (the text cut)
    before = [0]
    for c in old:
        before.append(before[-1] + (not c.isspace()))
    first = 0
    for cue in pieces:
        expected = tuple(str(_where(old, before, cue.text, first, a)) for a in at)
        assert cue.extras["ass.tags.at"] == expected, (cue.text, first)
        first += len("".join(cue.text.split()))


_WORD = st.sampled_from(["a", "ab", "abc", "w1", "w12", "b.", "「好」", "x" * 9, "again", "again,"])


@given(
    st.lists(st.tuples(_WORD, st.sampled_from([" ", " ", "  ", "\n"])), min_size=2, max_size=40),
    st.lists(st.integers(0, 10_000), max_size=8),
    st.booleans(),
    st.integers(6, 30),
)
def test_each_piece_s_anchors_stand_where_they_stood(
    words: list[tuple[str, str]], at: list[int], ordered: bool, chars: int
) -> None:
    """Repeated words and words that begin alike (before: blocks of other pieces inside a piece,
    a block before it inside its first word); anchors in order or not, in white space too."""
    text = "".join(w + space for w, space in words).strip()
    at = [a % (len(text) + 1) for a in at]
    at = sorted(at) if ordered else at
    pieces = _split(text, at, chars)
    if len(pieces) > 1:
        _check(text, at, pieces)


def test_a_repeated_line_s_pieces_keep_their_own_blocks() -> None:
    """The same words three times, a block before each ``again``: each piece has its own block
    before its own ``again`` (before: every piece had the first one's)."""
    text = "say it again, say it again, say it again"
    at = [i for i in range(len(text)) if text.startswith("again", i)]
    pieces = _split(text, at, chars=14)
    assert [c.text for c in pieces] == ["say it again,", "say it again,", "say it again"]
    assert [c.extras["ass.tags.at"] for c in pieces] == [("7", "13", "13"), ("0", "7", "13"), ("0", "0", "7")]
    _check(text, at, pieces)


def _long(n: int) -> tuple[str, list[int]]:
    """``n`` words (all starting with ``w``) with a block before every tenth."""
    words = [f"w{k}" for k in range(n)]
    starts = [0]
    for w in words[:-1]:
        starts.append(starts[-1] + len(w) + 1)
    return " ".join(words), starts[::10]


def test_the_blocks_of_a_long_cue_stand_before_their_words_in_its_pieces() -> None:
    """16,000 words (100 KB) split into some 1,400 pieces: before, past the diff's limit, every
    block stood after the ``w`` each piece begins with (inside its first word)."""
    text, at = _long(16_000)
    pieces = _split(text, at, chars=42, lines=2)
    assert len(pieces) > 1000
    inside = 0
    for cue in pieces:
        for a in map(int, cue.extras["ass.tags.at"]):
            assert a in (0, len(cue.text)) or cue.text[a - 1].isspace(), (cue.text, a)  # (before a word)
            inside += 0 < a < len(cue.text)
    assert inside > 1000  # (the blocks of 9 pieces in 10 are inside them; every block is in one)


def test_the_blocks_of_a_real_transcript_stand_before_their_words(shared: Path) -> None:
    """A 3Blue1Brown transcript (20 KB, its words repeated as speech repeats them) as one cue
    with a block before every tenth word: in each piece, each block stands before the word it
    stood before."""
    text = " ".join((shared / "corpus/timed/3b1b/eigenvalues/en.transcript.txt").read_text("utf-8").split())
    starts = [0] + [i + 1 for i, c in enumerate(text) if c == " "]
    at = starts[::10]
    pieces = _split(text, at, chars=42, lines=2)
    _check(text, at, pieces)


def test_a_split_cue_s_anchors_take_time_linear_in_its_text() -> None:
    """400 and 6,400 words with 5 blocks: before, a diff of the whole text for every piece."""

    def make(n: int) -> Callable[[], object]:
        text, at = _long(n)
        at = at[:: max(1, len(at) // 5)][:5]
        return lambda: _split(text, at, chars=42, lines=2)

    _linear(make, 400, 400)

r"""ASS -> ASS keeps each event's override blocks as they stood: tags the model holds (``\anN``,
``\i1``...) written inside the blocks of the tags it keeps as they are (``{\an8\pos(1,2)}``, not
``{\an8}{\pos(1,2)}``) where the event had them there, in an event left as it was and in one
whose text was edited."""

from __future__ import annotations

import itertools

from hypothesis import example, given, settings
from hypothesis import strategies as st

from subconv import dumps, loads
from subconv.model import Track

HEAD = (
    "[Script Info]\nScriptType: v4.00+\n\n[Events]\n"
    "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
)

#: tags the model keeps as they are (``ass.tags``)
_KEPT = st.one_of(
    st.builds("\\pos({},{})".format, st.integers(0, 999), st.integers(0, 999)),
    st.builds("\\fad({},{})".format, st.integers(0, 500), st.integers(0, 500)),
    st.builds("\\fs{}".format, st.integers(1, 90)),
    st.builds("\\bord{}".format, st.integers(0, 9)),
    st.builds("\\blur{}".format, st.integers(0, 9)),
    st.builds("\\1c&H{:06X}&".format, st.integers(0, 0xFFFFFF)),
    st.just("\\fnDejaVu Sans"),
    st.just("\\frz12.5"),
)
_WORDS = st.text("abcxyz ", min_size=1, max_size=6).map(lambda w: "w" + w.strip() + "w")
#: words with a middle word of their own, the one an edit changes (away from any tag)
_EDITED = st.builds("{} mid {}".format, _WORDS, _WORDS)


def _event(text: str) -> str:
    return HEAD + f"Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{text}\n"


def _written_text(track: Track) -> str:
    return dumps(track, "ass").rstrip("\n").rsplit("\n", 1)[-1].split(",", 9)[9]


def _rank(tag: str) -> int:
    """Where the writer writes ``tag`` in a block: placement, closing switches, kept, opening."""
    if tag.startswith("\\an"):
        return 0
    if tag[1:2] in "ibus" and tag[2:] in ("0", "1"):
        return 1 if tag.endswith("0") else 3
    return 2


@st.composite
def _any_blocks(draw: st.DrawFn) -> str:
    """An event's text of words and override blocks of several tags (kept ones, placement and
    span switches) in any order, joined or split anyhow, some after a comment, the spans left on
    ended at the end."""
    model = st.sampled_from(["\\an8", "\\an5", "\\i1", "\\i0", "\\b1", "\\b0", "\\u1", "\\s0", "\\r"])
    tag = st.booleans().flatmap(lambda kept: _KEPT if kept else model)
    out = []
    on: list[str] = []
    for _ in range(draw(st.sampled_from([1, 1, 2, 3, 4]))):
        tags = draw(st.lists(tag, min_size=1, max_size=5))
        if draw(st.booleans()):  # (often in the order the writer writes them)
            tags.sort(key=_rank)
        for t in tags:
            if t == "\\r":
                on.clear()
            elif _rank(t) in (1, 3):
                on = [k for k in on if k != t[1]] + ([t[1]] if t.endswith("1") else [])
        cuts = sorted(draw(st.sets(st.integers(1, len(tags) - 1))) if len(tags) > 1 else [])
        bounds = [0, *cuts, len(tags)]
        notes = st.sampled_from(["", "", "", "a note "])  # (text before a block's first tag: a comment)
        out += ["{" + draw(notes) + "".join(tags[a:b]) + "}" for a, b in itertools.pairwise(bounds)]
        out.append(draw(_WORDS) + draw(st.sampled_from(["", " ", "\\N"])))
    text = "".join(out).removesuffix(" ").removesuffix("\\N")
    return text + ("{" + "".join(f"\\{k}0" for k in reversed(on)) + "}" if on else "")


@settings(max_examples=200, deadline=None)
@given(_any_blocks())
@example(r"{\an5\pos(258,131)}Positioning")  # (the corpus's: aegisub-format-tests.ass, and one of its own)
@example(r"{\pos(230,280)}{\fs10\b1}small{\b0\fs} text")
def test_an_event_of_blocks_of_several_tags_is_written_as_read(raw: str) -> None:
    assert _written_text(loads(_event(raw), "ass")) == raw


@st.composite
def _edited_blocks(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    r"""An event's text as pieces, each its override blocks (or none) and its word, as the writer
    writes them: the tags it keeps and, in their block, ``\anN`` first and the span switches
    (the span before closed before them, the word's own opened after them); where it keeps no
    tag, the switches in blocks of their own."""
    blocks: list[str] = []
    words: list[str] = []
    before: str | None = None
    for k in range(draw(st.integers(1, 4))):
        kept = draw(st.lists(_KEPT, max_size=3))
        kind = draw(st.sampled_from([None, *"ibus"]))
        kind = None if kind == before else kind
        head = [f"\\an{draw(st.sampled_from('14578'))}"] if k == 0 and draw(st.booleans()) else []
        closing = [f"\\{before}0"] if before else []
        opening = [f"\\{kind}1"] if kind else []
        if kept:
            blocks.append("{" + "".join(head + closing + kept + opening) + "}")
        else:
            blocks.append("".join("{" + t + "}" for t in head + closing + opening))
        words.append(draw(_EDITED) + (" " if k < 3 else ""))
        before = kind
    words[-1] = words[-1].rstrip()
    blocks.append(f"{{\\{before}0}}" if before else "")
    return blocks, words


def _joined(blocks: list[str], words: list[str]) -> str:
    return "".join(b + w for b, w in zip(blocks, [*words, ""], strict=True))


@settings(max_examples=150, deadline=None)
@given(_edited_blocks())
def test_an_edited_event_keeps_its_tags_in_the_blocks_they_stood_in(pieces: tuple[list[str], list[str]]) -> None:
    blocks, words = pieces
    track = loads(_event(_joined(blocks, words)), "ass")
    assert _written_text(track) == _joined(blocks, words)
    edited = track.map_text(lambda s: s.replace("mid", "MIDDLE"))
    assert _written_text(edited) == _joined(blocks, [w.replace("mid", "MIDDLE") for w in words])


def test_the_tags_of_one_block_stay_in_it() -> None:
    raw = r"{\an5\pos(258,131)}Here, {\fs10\b1}small{\b0\fs} and {\i1}that{\i0}"
    track = loads(_event(raw), "ass")
    assert _written_text(track) == raw
    assert _written_text(track.map_text(lambda s: s.replace("Here", "There"))) == raw.replace("Here", "There")


def test_a_comment_block_keeps_the_tags_after_it() -> None:
    raw = r"{TL note\i1}Leaning{\i0} and {\b1}bold{\b0} text"
    track = loads(_event(raw), "ass")
    assert _written_text(track.map_text(lambda s: s.replace("and", "or"))) == raw.replace("and", "or")


def test_blocks_apart_stay_apart() -> None:
    raw = r"{\an5}{\bord0}{note}Apart we {\fs10}{\b1}stand{\b0}"
    track = loads(_event(raw), "ass")
    assert _written_text(track) == raw
    assert _written_text(track.map_text(lambda s: s.replace("we", "you"))) == raw.replace("we", "you")

"""An edit of an ASS cue's text (``Cue.with_text``, ``Track.map_text``) writes its override
blocks as it read them: the tags of a block in their order, blocks apart apart, only the text
edited (before, ``{\\an8\\i1}Hello`` edited was written ``{\\an8}{\\i1}Bye``, ``{\\i1\\an8}``
as ``{\\an8}{\\i1}`` and ``{\\b1\\pos(1,2)\\i1}`` as ``{\\pos(1,2)\\b1\\i1}``: the model's order).

Checked on every event with override blocks of the corpus's ASS and SSA scripts."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subconv
from subconv import Cue, Track

HEAD = (
    "[Script Info]\nScriptType: v4.00+\n\n[Events]\n"
    "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
)
#: one override block of an event's text
BLOCK = re.compile(r"\{[^}]*\}")


def _event(text: str) -> Cue:
    return subconv.loads(HEAD + f"Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{text}\n")[0]


@pytest.mark.parametrize(
    ("text", "edited"),
    [
        (r"{\an8\i1}Hello there{\i0}", r"{\an8\i1}Bye there{\i0}"),
        (r"{\i1\an8}Hello there", r"{\i1\an8}Bye there"),
        (r"{\b1\pos(10,20)\i1}Hello there", r"{\b1\pos(10,20)\i1}Bye there"),
        (r"{\fs20\an8\b1}Hello {\i1\c&H0000FF&}there", r"{\fs20\an8\b1}Bye {\i1\c&H0000FF&}there"),
        (r"{\an8}{\i1}Hello{\i0}\Nthere", r"{\an8}{\i1}Bye{\i0}\Nthere"),
    ],
)
def test_an_edit_writes_the_blocks_as_read(text: str, edited: str) -> None:
    cue = _event(text)
    assert subconv.markup(cue.with_text(cue.text.replace("Hello", "Bye"))) == edited
    track = Track((cue,)).map_text(lambda t: t.replace("Hello", "Bye"))
    assert subconv.dumps(track, "ass").rstrip("\n").endswith("," + edited)


def test_an_edit_that_the_blocks_do_not_read_as_is_written_from_the_model() -> None:
    cue = _event(r"{\an8\i1}Hello there{\i0}")
    edited = cue.with_text("Bye there").replace(spans=())  # (the italic taken away as well)
    assert subconv.markup(edited) == r"{\an8}Bye there"
    padded = cue.with_text("Bye there  ")  # (white space the writer tidies, reported; then as read)
    report = subconv.Report()
    assert subconv.markup(padded, report=report) == r"{\an8\i1}Bye there{\i0}"
    assert [e.reason for e in report.entries] == ["white space at line ends removed"]


@functools.cache
def _corpus_events(corpus: Path) -> tuple[tuple[Cue, str, tuple[tuple[int, str], ...]], ...]:
    """Each event of the corpus's scripts with override blocks: the cue, its event text, and its
    words of two characters or more that hold no block inside (drawings left out)."""
    out = []
    for path in sorted(p for p in corpus.rglob("*") if p.suffix in (".ass", ".ssa")):
        try:
            track = subconv.read(path)
        except subconv.SubconvError:
            continue
        for cue in track:
            text = subconv.markup(cue)
            if "{" not in text or re.search(r"\\p[1-9]", text):
                continue
            inside = _block_offsets(text)
            words = tuple(
                (m.start(), m.group())
                for m in re.finditer(r"\w{2,}", cue.text)
                if not any(m.start() < at < m.end() for at in inside)
            )
            if words:
                out.append((cue, text, words))
    return tuple(out)


def _block_offsets(text: str) -> set[int]:
    r"""The offsets of the plain text at which ``text``'s override blocks stand (an escape,
    ``\N``, ``\h``, ``\{``, is one character of it)."""
    at, i, out = 0, 0, set()
    while i < len(text):
        close = text.find("}", i) if text[i] == "{" else -1
        if close > 0:
            out.add(at)
            i = close + 1
            continue
        i += 2 if text[i] == "\\" and text[i + 1 : i + 2] in ("N", "n", "h", "{", "}") else 1
        at += 1
    return out


@given(st.data())
def test_a_word_edited_in_a_real_event_keeps_its_blocks(shared: Path, data: st.DataObject) -> None:
    events = _corpus_events(shared / "corpus")
    assert len(events) > 400
    cue, text, words = data.draw(st.sampled_from(events))
    at, word = data.draw(st.sampled_from(words))
    new = data.draw(st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=8))
    edited = cue.with_text(cue.text[:at] + new + cue.text[at + len(word) :])
    written = subconv.markup(edited)
    assert BLOCK.findall(written) == BLOCK.findall(text)
    assert subconv.markup(edited.with_text(cue.text)) == text  # (edited back: as read)


def test_every_real_event_edited_keeps_its_blocks(shared: Path) -> None:
    for cue, text, words in _corpus_events(shared / "corpus"):
        at, word = words[len(words) // 2]
        edited = cue.with_text(cue.text[:at] + "Zq" + word[::-1] + cue.text[at + len(word) :])
        assert BLOCK.findall(subconv.markup(edited)) == BLOCK.findall(text), text
        assert subconv.markup(edited.with_text(cue.text)) == text


def test_a_backslash_brought_before_an_escapes_letter_is_kept_apart() -> None:
    cue = _event(r"{\an8\i1}x\b1 y")  # (a backslash of the text, then b1)
    edited = cue.with_text(cue.text.replace("b1", "h"))
    assert subconv.markup(edited) == "{\\an8\\i1}x\\\u2060h y"  # (a WJ: not \h, a hard space)
    back = subconv.with_markup(edited, subconv.markup(edited))
    assert (back.lines, back.spans, back.extras.get("ass.align")) == (edited.lines, edited.spans, "8")

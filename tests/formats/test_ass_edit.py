"""Editing a cue's text (``Cue.with_text``, ``Track.map_text``) keeps its ASS override tags and
its bold/italic spans where they stand by the text left as it was (``ass.tags.at``): they were
all written at the start of the line (a line of colours became one colour), the spans dropped.

Measured on the real ASS files of the corpus that hold mid-line tags (``\\1c``, ``\\pos``, ``\\k``)."""
# ruff: noqa: E501

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import dumps, loads, read
from subconv.model import Cue, FrozenMap, Span, Track

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
AEGISUB = CORPUS / "odd" / "libass-tests" / "crash" / "aegisub-format-tests.ass"
_TAGGED = re.compile(r"\\1c|\\pos|\\k[0-9]")
FILES = (
    sorted(
        p
        for p in CORPUS.rglob("*")
        if p.suffix in (".ass", ".ssa") and _TAGGED.search(p.read_text("utf-8", errors="replace"))
    )
    if CORPUS.is_dir()
    else []
)

HEAD = "[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"


def _event(text: str) -> str:
    return HEAD + f"Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{text}\n"


def _written_text(track: Track) -> str:
    return dumps(track, "ass").rstrip("\n").rsplit("\n", 1)[-1].split(",", 9)[9]


def test_a_colour_tag_stays_before_the_words_it_colours() -> None:
    raw = r"{\an5}{\bord0\shad0}No border\N{\1c&H0000FF&}This is bright red, {\1c&H00FF00&}green{\1c&HFFFFFF&}\N{\1a&H80&}50% transparent"
    t = loads(_event(raw), "ass").map_text(lambda s: s.replace("bright red", "very red"))
    assert _written_text(t) == raw.replace("bright red", "very red")


def test_with_text_keeps_the_tags_and_the_italic_where_they_were() -> None:
    cue = loads(_event(r"{\pos(10,20)}Say {\i1}hello{\i0} to {\1c&HFF&}Ann{\1c&HFFFFFF&} now"), "ass")[0]
    edited = Track((cue.with_text(cue.text.replace("Say", "Shout").replace("now", "today")),))
    assert _written_text(edited) == r"{\pos(10,20)}Shout {\i1}hello{\i0} to {\1c&HFF&}Ann{\1c&HFFFFFF&} today"


def test_a_tag_whose_text_is_deleted_stays_where_that_text_began() -> None:
    # (documented: kept at the nearest place left, never moved to the start of the line)
    t = loads(_event(r"red {\1c&HFF0000&}blue{\1c&HFFFFFF&} and white"), "ass")
    assert _written_text(t.map_text(lambda s: s.replace("blue", ""))) == r"red {\1c&HFF0000&}{\1c&HFFFFFF&} and white"
    t = loads(_event(r"one two{\k20}three four"), "ass")
    assert _written_text(t.map_text(lambda s: s.replace("twothree", "2"))) == r"one {\k20}2 four"


def test_spans_move_with_the_text_in_srt_too() -> None:
    t = loads("1\n00:00:01,000 --> 00:00:02,000\nA <i>bright red</i> car, a <b>blue</b> one\n", "srt")
    out = dumps(t.map_text(lambda s: s.replace("bright", "dark").replace("car", "bus")), "srt")
    assert "A <i>dark red</i> bus, a <b>blue</b> one" in out
    assert t[0].with_text("nothing like it").spans == ()  # (their text gone: dropped)


def test_lines_replaced_by_a_part_keep_each_tag_by_its_text() -> None:
    extras: dict[str, str | tuple[str, ...]] = {"ass.tags": "{\\b1}{\\k5}", "ass.tags.at": ("4", "8")}
    cue = Cue(0, 1, ("one two three four",), extras=FrozenMap(extras))
    assert cue.replace(lines=("two three",)).extras["ass.tags.at"] == ("0", "4")


@pytest.mark.skipif(not AEGISUB.is_file(), reason="../shared/corpus is absent")
def test_the_aegisub_file_edited_keeps_its_colours_in_place() -> None:
    t = read(AEGISUB).map_text(lambda s: s.replace("bright red", "very red"))
    line = next(ln for ln in dumps(t, "ass").splitlines() if "very red" in ln)
    assert line.endswith(
        r"All of this has no border or shadow...\N{\1c&H0000FF&}This is very red, {\1c&H00FF00&}green, "
        r"{\1c&HFF0000}blue{\1c&HFFFFFF&}\N{\1a&H80&}50% transparent"
    )


@functools.cache
def _track(path: Path) -> Track:
    return read(path)


@pytest.mark.skipif(not FILES, reason="../shared/corpus is absent")
@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES] if FILES else None)
def test_an_identity_edit_writes_the_same_bytes(path: Path) -> None:
    t = _track(path)
    once = dumps(t, "ass")
    assert dumps(t.map_text(lambda s: s), "ass") == once
    assert dumps(t.with_cues(tuple(c.with_text(c.text) for c in t.cues)), "ass") == once


def _at(cue: Cue) -> tuple[int, ...]:
    at = cue.extras.get("ass.tags.at")
    tags = cue.extras.get("ass.tags")
    count = len(re.findall(r"\{[^}]*\}", tags)) if isinstance(tags, str) else 0
    return tuple(int(o) for o in at) if isinstance(at, tuple) else (0,) * count


_NEW = "ΩЖжΨ"  # (letters none of the files' tagged lines hold: the replacement is told apart)


@settings(max_examples=60, deadline=None)
@given(st.data())
@pytest.mark.skipif(not FILES, reason="../shared/corpus is absent")
def test_an_edit_beside_the_tags_keeps_them_in_place(data: st.DataObject) -> None:
    track = _track(data.draw(st.sampled_from(FILES), label="file"))
    tagged = [
        c
        for c in track.cues
        if "ass.tags" in c.extras
        and c.text
        and not set(_NEW) & set(c.text)
        and all(ln == ln.strip() for ln in c.lines)  # (the writer strips a line's ends: reported)
    ]
    cue = data.draw(st.sampled_from(tagged), label="cue")
    text, at = cue.text, _at(cue)
    a = data.draw(st.integers(0, len(text) - 1), label="a")
    b = data.draw(st.integers(a + 1, len(text)), label="b")
    new = data.draw(st.text(_NEW, min_size=1, max_size=5), label="new")
    if any(a < p < b for p in at):
        return  # (the replaced text holds a tag: its place is gone)
    edited = cue.with_text(text[:a] + new + text[b:])
    back = loads(dumps(track.with_cues((edited,)), "ass"), track.format)[0]
    delta = len(new) - (b - a)
    assert back.text == text[:a] + new + text[b:]
    assert back.extras.get("ass.tags") == cue.extras.get("ass.tags")  # every tag, in its order
    assert _at(back) == tuple(p if p <= a else p + delta for p in at)
    outside = [s for s in cue.spans if s.end <= a or s.start >= b]  # (spans beside the edit)
    moved = [Span(s.start + delta * (s.start >= b), s.end + delta * (s.end > a), s.kind) for s in outside]
    assert set(moved) <= set(back.spans)

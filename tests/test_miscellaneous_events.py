"""``subconv.is_drawing(cue)`` (pysubs2's ``event.is_drawing``) and
``subconv.remove_miscellaneous_events(track, report=)`` (``SSAFile.remove_miscellaneous_events()``),
each cue removed a report entry at its line."""

from __future__ import annotations

import warnings
from pathlib import Path

import pysubs2
import pytest

import subconv
from subconv import Report

FORMAT = "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
SCRIPT = (
    "[Script Info]\nScriptType: v4.00+\n\n[Events]\n"
    + FORMAT
    + "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Hello\n"  # line 6: kept
    + "Comment: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,a note\n"  # 7: a comment
    + "Dialogue: 0,0:00:02.00,0:00:03.00,Default,,0,0,0,,{\\p1}m 0 0 l 100 0 100 100{\\p0}\n"  # 8: a drawing
    + "Dialogue: 0,0:00:03.00,0:00:04.00,Default,,0,0,0,,{\\an8}A\n"  # 9: one character
    + "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{\\i1}Hello{\\i0}\n"  # 10: the same text and times as 6
    + "Dialogue: 0,0:00:04.00,0:00:05.00,Default,,0,0,0,,{\\p1}m 0 0 l 9 0{\\p0}Sign text\n"  # 11: a drawing
    + "Dialogue: 0,0:00:05.00,0:00:06.00,Default,,0,0,0,,Hello\n"  # 12: kept (other times)
)


def test_is_drawing() -> None:
    track = subconv.loads(SCRIPT)
    assert [subconv.is_drawing(c) for c in track] == [False, False, True, False, False, True, False]
    assert track[5].text == "Sign text"  # (the drawing is out of the text; the event's kept)
    assert subconv.is_drawing(track[5].with_text("Other sign"))  # (written with its drawing)
    assert not subconv.is_drawing(subconv.Cue(0, 1, ("m 0 0 l 1 1",)))
    with pytest.raises(TypeError, match=r"takes a subconv\.Cue"):
        subconv.is_drawing(pysubs2.SSAEvent())  # type: ignore[arg-type]


def test_remove_miscellaneous_events_as_pysubs2_with_a_report() -> None:
    track = subconv.loads(SCRIPT)
    report = Report()
    kept = subconv.remove_miscellaneous_events(track, report=report)
    assert [(c.start, c.text, c.source_line) for c in kept] == [(1000, "Hello", 6), (5000, "Hello", 12)]
    assert [(e.line, e.action, e.step, e.reason.split(":")[0]) for e in report.entries] == [
        (7, "dropped", "events", "a comment event"),
        (8, "dropped", "events", "a drawing"),
        (9, "dropped", "events", "fewer than two characters of text"),
        (10, "dropped", "events", "the same text at the same times as a cue before it"),
        (11, "dropped", "events", "a drawing"),
    ]
    subs = pysubs2.SSAFile.from_string(SCRIPT, format_="ass")
    subs.remove_miscellaneous_events()
    assert [(e.start, e.end) for e in subs] == [(c.start, c.end) for c in kept]
    assert subconv.remove_miscellaneous_events(kept) is kept  # (nothing to remove: the same track)
    with pytest.raises(TypeError, match=r"Track\.from_pysubs2"):
        subconv.remove_miscellaneous_events(subs)  # type: ignore[arg-type]


def test_the_habit_says_the_function() -> None:
    with pytest.raises(AttributeError, match=r"subconv\.remove_miscellaneous_events"):
        subconv.loads(SCRIPT).remove_miscellaneous_events()  # type: ignore[attr-defined]


def test_corpus_drawings_and_comments_as_pysubs2(shared: Path) -> None:
    checked = 0
    for path in sorted((shared / "corpus").rglob("*.ass")):
        track = subconv.read(path)
        with warnings.catch_warnings(record=True) as said:
            warnings.simplefilter("always")
            try:
                subs = pysubs2.load(str(path))
            except (pysubs2.Pysubs2Error, ValueError):  # (a script pysubs2 cannot read: nothing to compare)
                continue
        if said or subs.format not in ("ass", "ssa"):  # (pysubs2 read it otherwise: a field it failed to parse...)
            continue
        if [(e.start, e.end) for e in subs] != [(c.start, c.end) for c in track]:
            continue  # (read otherwise: see docs/formats.md)
        checked += 1
        assert [subconv.is_drawing(c) for c in track] == [e.is_drawing for e in subs], path
        assert [c.extras.get("ass.comment") == "1" for c in track] == [e.is_comment for e in subs], path
    assert checked > 30

"""An edit that changes only the case of letters (``track.map_text(str.upper)``) keeps every
span and every ASS tag where it stood: before, the words of another case were one change with
the text between them, so a span over a part of it was dropped and the tags inside it moved to
its start (``{\\b1}Hello {\\i1\\c&H0000FF&}there`` upper-cased lost its italic, its colour
moved to after the ``H``)."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import subconv
from subconv import Cue, Span, Track
from subconv.model import SpanKind

BLOCK = re.compile(r"\{[^}]*\}")


@st.composite
def spanned(draw: st.DrawFn) -> Cue:
    text = draw(st.text(st.sampled_from("abcXYZ .,"), min_size=1, max_size=30))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), min_size=2, max_size=6, unique=True)))
    kind_names: list[SpanKind] = ["i", "b", "u", "s"]
    kinds = draw(st.lists(st.sampled_from(kind_names), min_size=len(cuts) // 2, max_size=len(cuts) // 2))
    spans = tuple(Span(cuts[2 * k], cuts[2 * k + 1], kind) for k, kind in enumerate(kinds))
    return Cue(0, 1000, (text,), tuple(sorted(spans, key=lambda sp: (sp.start, sp.end, sp.kind))))


@given(spanned(), st.sampled_from([str.upper, str.lower, str.swapcase, str.title]))
def test_a_change_of_case_keeps_every_span(cue: Cue, change: object) -> None:
    assert callable(change)
    edited = cue.with_text(change(cue.text))
    assert edited.spans == cue.spans


def test_a_real_scripts_events_upper_cased_keep_their_tags(shared: Path) -> None:
    checked = 0
    for path in sorted(p for p in (shared / "corpus").rglob("*") if p.suffix in (".ass", ".ssa")):
        try:
            track = subconv.read(path)
        except subconv.SubconvError:
            continue
        upper = track.map_text(str.upper)
        for cue, edited in zip(track, upper, strict=True):
            if len(cue.text.upper()) != len(cue.text) or cue.text.upper() == cue.text:
                continue
            checked += 1
            assert edited.spans == cue.spans, cue.text
            assert edited.extras.get("ass.tags.at") == cue.extras.get("ass.tags.at"), cue.text
            written = subconv.markup(edited)
            assert BLOCK.findall(written) == BLOCK.findall(subconv.markup(cue)), cue.text
            assert subconv.with_markup(edited, written).text.split() == cue.text.upper().split()
    assert checked > 500


def test_the_example_of_the_docstring() -> None:
    head = "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    event = "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{\\b1}Hello {\\i1\\c&H0000FF&}there\n"
    track = subconv.loads(head + event)
    assert subconv.markup(track.map_text(str.upper)[0]) == r"{\b1}HELLO {\i1\c&H0000FF&}THERE"
    assert isinstance(track, Track)

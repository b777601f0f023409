"""``Track.to_pysubs2(report=...)`` says what the ``pysubs2.SSAFile`` cannot hold, as ``dumps``
says what a file cannot: before, a cue without times was left out without a word, and so were
the writer's own entries (a cue with no visible text, a speaker's comma) and the language."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subconv
from subconv import Cue, Report, Track


@given(st.lists(st.booleans(), min_size=1, max_size=6))
def test_every_cue_is_an_event_or_a_report_entry(timed: list[bool]) -> None:
    cues = [
        Cue(k * 1000, k * 1000 + 500, (f"cue {k}",)) if t else Cue(None, None, (f"cue {k}",))
        for k, t in enumerate(timed)
    ]
    report = Report()
    subs = Track(cues).to_pysubs2(report)
    assert [e.text for e in subs] == [c.text for c in cues if c.start is not None]
    dropped = [e.text for e in report.entries if e.action == "dropped"]
    assert dropped == [c.text for c in cues if c.start is None]


def test_what_a_script_cannot_hold_is_reported() -> None:
    track = Track((Cue(0, 1000, ("  ",)), Cue(1005, 2000, ("ok",), speaker="Ann, Bo")), language="fr", title="T")
    report = Report()
    subs = track.to_pysubs2(report=report)
    assert [(e.start, e.end, e.name) for e in subs] == [(1005, 2000, "Ann; Bo")]
    said = {(e.action, e.reason) for e in report.entries}
    assert ("dropped", "cue with no visible text not written") in said
    assert ("rewritten", "speaker name cannot hold commas or newlines") in said
    assert ("dropped", "the language not written: a pysubs2.SSAFile has no place for it") in said
    assert not any("rounded" in e.reason for e in report.entries)  # (the events have milliseconds)
    assert subs.info["Title"] == "T"


def test_a_real_script_loses_nothing_it_does_not_say(shared: Path) -> None:
    path = shared / "corpus/timed/films/SSA_The_Beekeeper_Japanese_400plus.ass"
    track = subconv.read(path)
    report = Report()
    subs = track.to_pysubs2(report)
    written = Report()
    subconv.dumps(track, "ass", report=written)
    assert len(subs) == len(track)
    assert [e.reason for e in report.entries] == [e.reason for e in written.entries if "rounded" not in e.reason]


def test_report_must_be_a_report() -> None:
    with pytest.raises(TypeError, match=r"report= takes a subconv\.Report"):
        Track(()).to_pysubs2("report.json")  # type: ignore[arg-type]


def test_a_section_pysubs2_keeps_no_place_for_is_reported_at_its_line(shared: Path) -> None:
    """pysubs2 keeps ``[Fonts]``, ``[Graphics]`` and ``[Aegisub Project Garbage]``; another
    section of the script was left out of the ``SSAFile`` with nothing said."""
    real = (shared / "corpus/odd/pysubs2/subtitle_with_attached_fonts_aegisub.ass").read_text(encoding="utf-8-sig")
    text = real.replace("[Events]", "[Custom Section]\nFoo: bar\n\n[Events]", 1)
    track = subconv.loads(text)
    report = Report()
    subs = track.to_pysubs2(report)
    line = text.splitlines().index("[Custom Section]") + 1
    said = [(e.step, e.action, e.line) for e in report.entries if "[Custom Section]" in e.reason]
    assert said == [("header", "dropped", line)]
    assert "Foo: bar" not in subs.to_string("ass") and subs.fonts_opaque  # (lost; the fonts kept)
    kept = Report()
    subconv.loads(real).to_pysubs2(kept)
    assert not [e for e in kept.entries if e.step == "header"]

"""The steps' registry (``subconv/steps/__init__.py``): declared once, each step in the module of its name."""

from __future__ import annotations

import importlib

import pytest

from subconv import pipeline, steps
from subconv.model import Cue, Track
from subconv.options import Options
from subconv.report import Report
from subconv.steps import INPUT_PRESETS, STEPS, Context, Step


def test_every_step_lives_in_the_module_of_its_name_and_reports_under_it() -> None:
    assert len({s.name for s in STEPS}) == len(STEPS)
    for step in STEPS:
        module, _, function = step.target.partition(":")
        assert module == f"subconv.steps.{step.name}"
        assert step.name == importlib.import_module(module).STEP
        assert callable(pipeline.load(step)) and pipeline.load(step).__name__ == function


def test_a_page_runs_every_step_and_a_timed_file_only_what_an_option_asks_for() -> None:
    def running(fmt: str, **options: object) -> list[str]:
        ctx = Context(fmt, Options(**options))  # type: ignore[arg-type]
        return [s.name for s in STEPS if s.applies(ctx)]

    assert running("page") == running("txt") == list(INPUT_PRESETS["page"]) == pipeline.step_names()
    assert running("srt") == list(INPUT_PRESETS["timed"]) == ["dedupe", "time", "align", "overlaps", "frames"]
    assert running("vtt", drop_sound_tags=True)[0] == "normalise"
    assert "segment" in running("srt", retime=True) and "segment" in running("ass", break_long_lines=True)
    assert "time" not in running("page", skip=frozenset({"time"}))


def shout(track: Track, ctx: Context, report: Report) -> Track:
    """A step for the test below: every text in capitals."""
    importlib.import_module("tests.steps.test_registry").SEEN.append(ctx.source_format)
    report.add("shout", "rewritten", "upper case")
    return track.map_text(str.upper)


SEEN: list[str] = []


def test_a_step_added_to_the_list_runs_in_its_place(monkeypatch: pytest.MonkeyPatch) -> None:
    """The recipe of docs/architecture.md: a function, and one line in ``STEPS``."""
    seen = importlib.import_module("tests.steps.test_registry").SEEN
    seen.clear()
    added = Step("shout", "tests.steps.test_registry:shout", steps.PAGES)
    monkeypatch.setattr(pipeline, "STEPS", (*STEPS[:1], added, *STEPS[1:]))
    report = Report()
    out = pipeline.run(Track((Cue(None, None, ("hello there",)),)), Context("page", Options()), report)
    assert [c.text for c in out] == ["HELLO THERE"] and seen == ["page"]
    assert [e.step for e in report.entries][:1] == ["shout"]
    timed = Track((Cue(0, 1000, ("hello",)),))
    assert [c.text for c in pipeline.run(timed, Context("srt", Options()))] == ["hello"]
    assert seen == ["page"]


LINES = ["one two three", "four five six", "seven eight nine", "ten eleven", "twelve thirteen"]


def _rolling() -> Track:
    """Rolling auto-captions of LINES: each cue carries the line before it over."""
    first = Cue(0, 1000, (LINES[0],))
    return Track((first, *(Cue(1000 * i, 1000 * (i + 1), (LINES[i - 1], LINES[i])) for i in range(1, len(LINES)))))


def test_rolling_auto_captions_are_a_kind_of_input_with_their_own_dedupe() -> None:
    """The kind of an input is data (``KINDS``) and so is what a step does on it (``by_kind``)."""
    track = _rolling()
    assert pipeline.recognise(track, Context("vtt", Options())).kind == "rolling"
    assert pipeline.recognise(track, Context("page", Options())).kind == "page"  # a page by its format
    assert pipeline.recognise(Track((Cue(0, 1000, ("hi",)),)), Context("srt", Options())).kind == "timed"
    report = Report()
    out = pipeline.run(track, Context("vtt", Options()), report)
    assert [c.text for c in out] == LINES
    assert any(e.step == "dedupe" and e.action == "info" for e in report)
    for kept in (Options(dedupe="off"), Options(skip=frozenset({"dedupe"}))):
        assert pipeline.run(track, Context("vtt", kept)).cues == track.cues


def test_the_kinds_table_decides_the_kind_of_a_timed_input(monkeypatch: pytest.MonkeyPatch) -> None:
    """A kind of timed input is recognised by the test ``KINDS`` names for it (tried in order)."""
    monkeypatch.setitem(steps.KINDS, "rolling", "tests.steps.test_registry:_all_caps")
    track = Track((Cue(0, 1000, ("LOUD",)),))
    assert pipeline.recognise(track, Context("srt", Options())).kind == "rolling"
    assert pipeline.recognise(Track((Cue(0, 1000, ("quiet",)),)), Context("srt", Options())).kind == "timed"


def _all_caps(track: Track) -> bool:
    return all(c.text.isupper() for c in track)

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
        assert callable(step.load()) and step.load().__name__ == function


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

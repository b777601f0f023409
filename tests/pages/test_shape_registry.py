"""The page-shape registry: ``read_text`` tries ``text.SHAPES`` in order, so a shape added there is used."""

from __future__ import annotations

import pytest

from subconv.pages import read_page, text
from subconv.report import Report


def _is_shouting(page: text.Survey) -> bool:
    return page.n >= 2 and all(page.lines[i].strip().isupper() for i in page.content)


def _read_shouting(page: text.Survey, out: text.Out) -> None:
    for i in page.content:
        out.add(i + 1, page.lines[i].strip().capitalize(), reason="caption (shouted line)")


SHOUTING = text.Shape("shouting", _is_shouting, _read_shouting)
PAGE = "HELLO THERE\n\nGENERAL KENOBI\n"


def _read(page: str) -> tuple[list[str], str, list[tuple[str, str, int | None]]]:
    report = Report()
    track = read_page(page, report)
    entries: list[tuple[str, str, int | None]] = [(e.action, e.reason, e.line) for e in report.entries]
    return [c.text for c in track], report.info["page_shape"], entries


def test_without_the_toy_shape_the_page_is_plain() -> None:
    texts, shape, _ = _read(PAGE)
    assert (texts, shape) == (["HELLO THERE", "GENERAL KENOBI"], "plain")


def test_a_registered_shape_reads_the_pages_it_detects(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text, "SHAPES", (SHOUTING, *text.SHAPES))
    texts, shape, entries = _read(PAGE)
    assert (texts, shape) == (["Hello there", "General kenobi"], "shouting")
    assert entries == [("cue", "caption (shouted line)", 1), ("cue", "caption (shouted line)", 3)]
    # pages it does not detect still go to the built-in shapes
    assert _read("0:00\nhello there\n0:04\ngeneral kenobi\n")[1] == "youtube-transcript"


def test_the_registry_order_decides_between_shapes_that_both_match(monkeypatch: pytest.MonkeyPatch) -> None:
    page = "• ONE LINE\n• TWO LINE\n• THREE LINE\n"
    assert _read(page)[1] == "caption-list"
    monkeypatch.setattr(text, "SHAPES", (SHOUTING, *text.SHAPES))
    assert _read(page)[1] == "shouting"
    # after "plain", which accepts every page, a shape is never reached
    monkeypatch.setattr(text, "SHAPES", (*[s for s in text.SHAPES if s is not SHOUTING], SHOUTING))
    assert _read(PAGE)[1] == "plain"


def test_plain_is_the_last_shape_and_names_are_unique() -> None:
    assert text.SHAPES[-1].name == "plain"
    assert len({s.name for s in text.SHAPES}) == len(text.SHAPES)

"""The ``time`` step names where on the page the media's length was found: the front matter,
the page's metadata (``<meta itemprop="duration">``), the meeting's footer (Google Meet's
``Meeting ended after 00:28:14``), as the page reader records it (``page.duration_from``).
Before, every one was "from the page (its front matter or metadata)", a footer too."""

from __future__ import annotations

import pytest

import subconv
from subconv.pages import read_page
from subconv.report import Report

MEETING = (
    "Weekly sync - Transcript\nAttendees\nAnn Lee, Bob Roy\nTranscript\n\n00:00:00\n"
    "Ann Lee: Hello everyone, welcome to the sync.\n00:00:05\nBob Roy: Thanks, glad to be here.\n\n"
    "Meeting ended after 00:28:14 👋\n"
)
FRONT_MATTER = "---\ntitle: A talk\nduration: 3:50\n---\n\nHello there my friend.\n\nAnother line of text here.\n"
HTML = (
    '<!doctype html>\n<html><head><title>A talk</title>\n<meta itemprop="duration" content="PT4M13S">\n'
    "</head><body><article><p>Hello there my friend.</p>\n<p>Another line of text here.</p>\n"
    "</article></body></html>"
)

PAGES = [
    (MEETING, "28:14 from the meeting's footer", 11),
    (FRONT_MATTER, "3:50 from the front matter", 3),
    (HTML, "4:13 from the page's metadata", 3),
]


def _time_info(report: Report) -> list[tuple[int | None, str]]:
    return [(e.line, e.reason) for e in report.by_action("info") if e.step == "time" and "media duration" in e.reason]


@pytest.mark.parametrize(("page", "said", "line"), PAGES, ids=["meeting footer", "front matter", "html meta"])
def test_the_time_step_names_where_the_duration_came_from(page: str, said: str, line: int) -> None:
    report = Report()
    subconv.process(subconv.loads(page, report=report), report=report)
    assert _time_info(report) == [(line, f"media duration {said}: the end anchor")]
    assert report.info["timing"]["duration_source"] == "page"


@pytest.mark.parametrize(("page", "said", "line"), PAGES, ids=["meeting footer", "front matter", "html meta"])
def test_the_record_travels_with_the_track(page: str, said: str, line: int) -> None:
    # read and processed apart, with reports of their own: the track carries where, not the report
    track = read_page(page, Report())
    report = Report()
    subconv.process(track, report=report)
    assert _time_info(report) == [(line, f"media duration {said}: the end anchor")]


def test_a_duration_set_by_hand_is_from_the_page() -> None:
    track = read_page("Hello there my friend.\n\nAnother line of text here.\n", Report())
    track = track.replace(meta=track.meta.set("page.duration_ms", "60000"))
    report = Report()
    subconv.process(track, report=report)
    assert _time_info(report) == [(None, "media duration 1:00 from the page: the end anchor")]

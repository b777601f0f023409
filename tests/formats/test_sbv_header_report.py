"""SBV -> SBV: the [INFORMATION] header SBV's reader keeps is not written (SBV has none:
YouTube's files hold none, webvtt-py refuses one); the report says so truly.  Before, it said
"sbv has no place for it" of a header read from an SBV file."""

from __future__ import annotations

import io
from pathlib import Path

import webvtt

from subconv import dumps, loads, read
from subconv.formats.sbv import NO_HEADER
from subconv.report import Report


def _header(report: Report) -> list[tuple[str, int | None]]:
    return [(e.reason, e.line) for e in report.entries if e.step == "header"]


def test_sbv_to_sbv_says_why_its_header_is_not_written(shared: Path) -> None:
    source = shared / "corpus" / "odd" / "babelsubs" / "with-information-header.sbv"
    report = Report()
    written = dumps(read(source), "sbv", report=report)
    assert _header(report) == [
        (f"the title not written: {NO_HEADER}", 2),
        (f"the SBV header lines (9) not written: {NO_HEADER}", 1),
    ]
    assert "has no place for it" not in str(report.entries)
    assert not written.startswith("[")  # (no header: the output reads in webvtt-py)
    assert len(webvtt.from_buffer(io.StringIO(written), format="sbv").captions) == 19


def test_another_format_to_sbv_and_sbv_to_another_keep_their_reasons() -> None:
    text = "[INFORMATION]\n[TITLE]Talk\n[END INFORMATION]\n0:00:01.000,0:00:02.000\nHello\n"
    report = Report()
    dumps(loads(text, "sbv"), "srt", report=report)
    assert [r for r, _ in _header(report)] == [
        "the title not written: srt has no place for it",
        "the SBV header lines (3) not written: srt has no place for it",
    ]
    report = Report()
    dumps(loads(text.replace(".000", ".00"), "subviewer"), "sbv", report=report)
    assert [r for r, _ in _header(report)] == [
        f"the title not written: {NO_HEADER}",
        f"the SubViewer header lines (3) not written: {NO_HEADER}",
    ]

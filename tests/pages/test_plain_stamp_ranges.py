"""A stamp-only line on a ``plain`` page that is a range (``00:00:05 - 00:00:09``, a WebVTT cue's
timing line) gives the next caption its start and its end, as on a YouTube copy.  Before, a plain
page kept the start only: the end was dropped without a word, and the ``time`` step estimated it
(a one-cue WebVTT file read as a page lost its cue's end)."""

from __future__ import annotations

from pathlib import Path

from subconv.encoding import decode
from subconv.pages import read_page
from subconv.report import Report

SAID = [f"Line number {k} of the meeting, said aloud." for k in range(10)]


def test_a_range_line_on_a_plain_page() -> None:
    page = "\n".join([SAID[0], "00:00:05 - 00:00:09", *SAID[1:6], "00:00:30 --> 00:00:34", *SAID[6:]]) + "\n"
    report = Report()
    track = read_page(page, report)
    assert report.info["page_shape"] == "plain"
    got = [(c.start, c.end) for c in track]
    assert got == [(None, None), (5000, 9000), *[(None, None)] * 4, (30000, 34000), *[(None, None)] * 3]


def test_a_one_cue_webvtt_file_read_as_a_page(shared: Path) -> None:
    text = decode((shared / "corpus/odd/webvtt-py/one_caption.vtt").read_bytes())
    report = Report()
    track = read_page(text, report)
    assert [(c.start, c.end, c.text) for c in track] == [(500, 7000, "Caption text #1")]

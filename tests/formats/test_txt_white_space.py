"""The plain transcript (``--to txt``) writes the white space inside a cue's lines as it is, and
removes what ends a line (the lines are joined by one space) with a report entry at the cue's
line: before, every run of white space was made one space, with no report entry (a Japanese
line's U+3000 became an ASCII space, two spaces one)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import dumps, loads
from subconv.formats.escapes import SPACE_REMOVED
from subconv.model import Cue, Track
from subconv.report import Report

_BLANKS = " \t\u00a0\u3000"
_run = st.text(st.sampled_from(_BLANKS), min_size=1, max_size=3)
_word = st.sampled_from(["a", "be", "Ok.", "x"])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(_word, _run), min_size=1, max_size=4), st.text(st.sampled_from(_BLANKS), max_size=2))
def test_white_space_inside_a_line_is_written_as_it_is(words: list[tuple[str, str]], edge: str) -> None:
    inner = "".join(w + run for w, run in words[:-1]) + words[-1][0]
    line = edge + inner + edge
    report = Report()
    written = dumps(Track((Cue(0, 1000, (line, "end"), source_line=4),)), "txt", report=report)
    assert written == f"{inner} end\n"
    said = [e.line for e in report.entries if e.reason == SPACE_REMOVED]
    assert said == ([4] if edge else [])
    assert [e for e in report.changes() if e.reason != SPACE_REMOVED] == []


def test_webvtt_to_txt_keeps_an_ideographic_space_and_two_spaces() -> None:
    track = loads("WEBVTT\n\n00:01.000 --> 00:02.000\n私は\u3000学生  です\n", "vtt")
    report = Report()
    assert dumps(track, "txt", report=report) == "私は\u3000学生  です\n"
    assert report.changes() == []

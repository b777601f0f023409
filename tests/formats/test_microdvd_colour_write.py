"""MicroDVD holds one colour over a whole cue (``{C:$BBGGRR}``, as its reader and ffmpeg's read
it): a cue drawn all in one colour is written so, and only a colour over part of a cue, which
MicroDVD cannot hold, is reported.  Before, every colour was reported as not carried."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import subconv
from subconv.model import FrozenMap
from subconv.report import Report
from tests.clients.engines import ffmpeg_ass
from tests.formats.helpers import drawn_colours

_SRT = (
    "1\n00:00:01,000 --> 00:00:02,000\n"
    '<font color="#ff0000">Red text</font> plain\n\n'
    "2\n00:00:03,000 --> 00:00:04,000\n"
    '<font color="#00ff00">All green</font>\n\n'
    "3\n00:00:05,000 --> 00:00:06,000\n"
    "{\\an8}<i>Blue <font color=#0000ff>two\nlines</font></i>\n\n"
    "4\n00:00:07,000 --> 00:00:08,000\n"
    "<font color=#0000ff><i>Blue, two\nlines</i></font>\n"
)


def _drawn(cue: subconv.Cue) -> list[str | None]:
    """The colour of each character that is not white space."""
    return [c for c, ch in zip(drawn_colours(cue), cue.text.replace("\n", ""), strict=True) if not ch.isspace()]


def test_a_cue_all_in_one_colour_is_written_as_microdvd_s_colour_code() -> None:
    report = Report()
    out = subconv.dumps(subconv.loads(_SRT, "srt"), "microdvd", report=report)
    lines = out.splitlines()
    assert lines[2] == "{72}{96}{C:$00FF00}All green"
    assert "Red text plain" in lines[1] and "{C:" not in lines[1]
    said = [(e.line, e.reason) for e in report.entries if "colour" in e.reason or "font" in e.reason]
    assert lines[4] == "{168}{192}{C:$FF0000}{Y:i}Blue, two|lines"
    # (only the colours over part of a cue)
    assert said == [(2, "font colour: not carried to microdvd"), (10, "font colour: not carried to microdvd")]


def test_the_colour_reads_back_over_the_whole_cue() -> None:
    track = subconv.loads(_SRT, "srt")
    back = subconv.loads(subconv.dumps(track, "microdvd"), "microdvd", fps=23.976)
    assert _drawn(back.cues[1]) == ["00ff00"] * len("Allgreen")
    assert _drawn(back.cues[0]) == [None] * len("Redtextplain")


@settings(max_examples=80, deadline=None)
@given(
    st.integers(0, 0xFFFFFF).map(lambda n: f"{n:06x}"),
    st.text(st.characters(categories=("L", "N", "P", "Zs")), min_size=1, max_size=30).filter(lambda t: t.strip()),
)
def test_any_colour_over_any_whole_cue_survives_microdvd(rgb: str, text: str) -> None:
    track = subconv.Track((subconv.Cue(1000, 2000, (text,), extras=FrozenMap({"srt.font": f'<font color="#{rgb}">'})),))
    report = Report()
    written = subconv.dumps(track, "microdvd", report=report)
    back = subconv.loads(written, "microdvd", fps=23.976)
    assert [c.text for c in back.cues] == [text.strip()] or [c.text for c in back.cues] == [text]
    assert set(_drawn(back.cues[0])) == {rgb}
    assert not [e for e in report.entries if "colour" in e.reason]


@pytest.mark.clients
def test_ffmpeg_reads_the_colour_written(tmp_path: Path) -> None:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        pytest.skip("ffmpeg is not installed")
    path = tmp_path / "c.sub"
    path.write_text(subconv.dumps(subconv.loads(_SRT, "srt"), "microdvd"), encoding="utf-8")
    ass = ffmpeg_ass(path)
    seen = subconv.loads(ass, "ass").cues
    assert _drawn(seen[1]) == ["00ff00"] * len("Allgreen")
    assert set(_drawn(seen[0])) == {None}

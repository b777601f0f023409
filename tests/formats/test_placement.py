"""Placement ({\\an8}, line:0, ASS styles) carried across SRT, WebVTT and ASS; colour carried
between SRT and ASS; what a format cannot hold is reported."""

from __future__ import annotations

import itertools

import pytest

from subconv import Report, dumps, loads
from subconv.formats import get, names
from subconv.formats.placement import ALIGN_KEYS, cue_align, style_alignments
from subconv.model import Cue, FrozenMap, Track
from tests.formats.helpers import ASS_HEAD as ASS_DEFAULT_HEAD

SRT_TOP = "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}At the top\n"
ASS_HEAD = (
    ASS_DEFAULT_HEAD + "Style: Sign,Arial,20,&H00FFFFFF,&H0,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,8,10,10,10,1\n\n"
    "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
)


def _top(text: str, fmt: str) -> bool:
    if fmt == "vtt":
        return any(line.startswith("00:") and "line:0" in line for line in text.splitlines())
    return "{\\an8}" in text


@pytest.mark.parametrize(
    "path",
    [
        ("srt", "vtt", "srt"),
        ("srt", "vtt", "ass"),
        ("srt", "ass", "srt"),
        ("srt", "ass", "vtt", "ass"),
        ("vtt", "ass", "srt", "vtt"),
    ],
)
def test_top_placement_survives_every_path(path: tuple[str, ...]) -> None:
    text = SRT_TOP if path[0] == "srt" else "WEBVTT\n\n00:00:01.000 --> 00:00:02.000 line:0\nAt the top\n"
    for src, dst in itertools.pairwise(path):
        text = dumps(loads(text, src), dst)
        assert _top(text, dst), (src, dst, text)
        assert loads(text, dst).cues[0].text == "At the top"


def test_ass_style_alignment_is_carried_to_srt_and_vtt() -> None:
    track = loads(
        ASS_HEAD + "Dialogue: 0,0:00:01.00,0:00:02.00,Sign,,0,0,0,,A sign\n"
        "Dialogue: 0,0:00:03.00,0:00:04.00,Default,,0,0,0,,Talk\n",
        "ass",
    )
    srt = dumps(track, "srt")
    assert "{\\an8}A sign" in srt and "{\\an" not in srt.split("Talk")[0].split("A sign")[1]
    assert "line:0" in dumps(track, "vtt")


def test_font_colour_travels_between_srt_and_ass() -> None:
    track = loads('1\n00:00:01,000 --> 00:00:02,000\n<font color="#FF8800">Orange</font>\n', "srt")
    ass = dumps(track, "ass")
    assert "{\\c&H0088FF&}Orange" in ass
    back = dumps(loads(ass, "ass"), "srt")
    assert '<font color="#ff8800">Orange</font>' in back
    rep = Report()
    dumps(track, "vtt", report=rep)  # WebVTT has no inline colour: reported
    assert any("font tag" in e.reason and e.line == 2 for e in rep.entries)


def test_what_cannot_be_carried_is_reported() -> None:
    track = loads(ASS_HEAD + "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{\\pos(10,20)\\fs40}Placed\n", "ass")
    for fmt in ("srt", "vtt"):
        rep = Report()
        dumps(track, fmt, report=rep)
        assert any("ASS override tags (fs, pos)" in e.reason and e.line == 11 for e in rep.entries), fmt
    rep = Report()
    dumps(loads("WEBVTT\n\n00:01.000 --> 00:02.000 position:10% size:50%\nx\n", "vtt"), "srt", report=rep)
    assert any("WebVTT settings position:10% size:50%" in e.reason for e in rep.entries)


@pytest.mark.parametrize(
    ("event", "lost"),
    [
        ("{\\i1}Left open\\Nat the end", False),  # the writer's closing {\i0} renders the same
        ("{\\b1}a{\\b0} {\\i1}b", False),
        ("Ka{\\k20}ra{\\k30}oke", True),
        ("Soft\\nbreak", True),
        ("draw {\\p1}m 0 0 l 10 10{\\p0}", True),
    ],
)
def test_ass_markup_is_reported_lost_only_when_it_is(event: str, lost: bool) -> None:
    track = loads(ASS_HEAD + f"Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{event}\n", "ass")
    for fmt in ("srt", "vtt"):
        rep = Report()
        dumps(track, fmt, report=rep)
        assert any(e.action == "rewritten" and "ASS" in e.reason for e in rep.entries) == lost, fmt


def test_microdvd_italics_are_carried_without_a_report_entry() -> None:
    rep = Report()
    out = dumps(
        loads("{1}{1}25\n{10}{50}{Y:i}Hello|world\n{60}{70}{y:i}Hi|there\n", "microdvd", report=rep), "srt", report=rep
    )
    assert "<i>Hello\nworld</i>" in out
    assert "<i>Hi</i>\nthere" in out  # (a small letter's code: its line's, as ffmpeg reads it)
    assert not [e for e in rep.entries if e.action == "rewritten"]


# ------------------------------------------------------------ each reader's own key, every writer


@pytest.mark.parametrize("key", ALIGN_KEYS)
@pytest.mark.parametrize("fmt", [n for n in names() if get(n).placement])
def test_placement_from_any_reader_reaches_every_writer_that_holds_it(key: str, fmt: str) -> None:
    """A format declaring ``placement`` writes a cue's placement whichever reader's key holds it,
    and reads it back."""
    track = Track((Cue(0, 1000, ("top",), extras=FrozenMap({key: "8"})),))
    again = loads(dumps(track, fmt), fmt)
    assert cue_align(again.cues[0], style_alignments(again)) == "8"


@pytest.mark.parametrize("fmt", ["sbv", "subviewer", "txt"])
def test_a_format_without_placement_reports_it_dropped(fmt: str) -> None:
    assert not get(fmt).placement
    report = Report()
    dumps(Track((Cue(0, 1000, ("top",), extras=FrozenMap({"ttml.align": "8"})),)), fmt, report=report)
    assert any("placement" in e.reason for e in report.changes())

"""Inline markup carried between SRT, WebVTT, ASS and TTML: strikethrough, an ASS style's
italic/bold/underline/strikeout, SRT fonts, WebVTT markup the others have no room for; what a
target cannot hold is reported with the cue's source line."""

from __future__ import annotations

from pathlib import Path

import pytest

from subconv import Report, dumps, loads
from subconv.formats.base import HEADER_STEP
from subconv.formats.placement import cue_fonts
from subconv.model import Span
from tests.formats.helpers import ASS_HEAD

EVENTS = "\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
STRUCK_SRT = "1\n00:00:01,000 --> 00:00:02,000\n<s>struck</s> text\n"


def _lost(report: Report) -> list[tuple[int | None, str]]:
    return [(e.line, e.reason) for e in report.entries if e.action == "rewritten"]


# ------------------------------------------------------------ strikethrough


def test_srt_strikethrough_is_a_span_written_back_as_srt_ass_and_ttml_tags() -> None:
    track = loads(STRUCK_SRT, "srt")
    assert track.cues[0].text == "struck text"
    assert track.cues[0].spans == (Span(0, 6, "s"),)
    assert "<s>struck</s> text" in dumps(track, "srt")
    ass = dumps(track, "ass")
    assert "{\\s1}struck{\\s0} text" in ass  # as ffmpeg makes it
    assert loads(ass, "ass").cues[0].spans == (Span(0, 6, "s"),)
    assert loads(dumps(track, "ttml"), "ttml").cues[0].spans == (Span(0, 6, "s"),)


def test_ass_strikeout_reaches_srt_without_a_report_entry() -> None:
    rep = Report()
    track = loads(ASS_HEAD + EVENTS + "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{\\s1}struck{\\s0} text\n")
    out = dumps(track, "srt", report=rep)
    assert "<s>struck</s> text" in out
    assert not _lost(rep)


def test_webvtt_has_no_strikethrough_reported_with_the_cue_line() -> None:
    rep = Report()
    out = dumps(loads(STRUCK_SRT, "srt"), "vtt", report=rep)
    assert "struck text" in out and "<s>" not in out
    assert (2, "strikethrough: not carried to vtt") in _lost(rep)
    assert not [e for e in rep.entries if "normalised" in e.reason]


@pytest.mark.parametrize("kinds", [("u", "s"), ("s",), ("i", "s")])
def test_ttml_writes_underline_and_strikethrough_in_one_decoration(kinds: tuple[str, ...]) -> None:
    tags = "".join(f"<{k}>" for k in kinds) + "x" + "".join(f"</{k}>" for k in reversed(kinds))
    track = loads(f"1\n00:00:01,000 --> 00:00:02,000\n{tags}\n", "srt")
    again = loads(dumps(track, "ttml"), "ttml")
    assert sorted(sp.kind for sp in again.cues[0].spans) == sorted(kinds)


# ------------------------------------------------------------ an ASS style's formatting


def _styled_track(*events: str, default: str = "0,0,0,0") -> str:
    return (
        ASS_HEAD.replace(",0,0,0,0,100,100", f",{default},100,100", 1)
        + "Style: Thoughts,Arial,20,&H00FFFFFF,&H0,&H0,&H0,0,-1,0,0,100,100,0,0,1,1,0,8,10,10,10,1\n"
        + "Style: Sign,Arial,20,&H00FFFFFF,&H0,&H0,&H0,-1,0,0,-1,100,100,0,0,1,1,0,2,10,10,10,1\n"
        + EVENTS
        + "".join(f"Dialogue: 0,0:00:0{k}.00,0:00:0{k}.50,{e}\n" for k, e in enumerate(events, 1))
    )


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_an_italic_style_is_carried_as_italics_over_the_cue(fmt: str) -> None:
    rep = Report()
    text = _styled_track("Thoughts,,0,0,0,,I wonder", "Default,,0,0,0,,Said aloud")
    back = loads(dumps(loads(text, "ass"), fmt, report=rep), fmt)
    assert [c.spans for c in back.cues] == [(Span(0, 8, "i"),), ()]
    assert not _lost(rep)


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
def test_inline_tags_turn_a_style_s_formatting_off_where_they_say(fmt: str) -> None:
    rep = Report()
    text = _styled_track("Thoughts,,0,0,0,,I {\\i0}wonder{\\r} why", "Thoughts,,0,0,0,,{\\i0}Not slanted")
    back = loads(dumps(loads(text, "ass"), fmt, report=rep), fmt)
    assert [c.spans for c in back.cues] == [(Span(0, 2, "i"), Span(8, 12, "i")), ()]
    assert not _lost(rep)


def test_a_bold_struck_style_and_a_bold_default_style() -> None:
    text = _styled_track("Sign,,0,0,0,,EXIT", "Default,,0,0,0,,all {\\b0}but this", default="-1,0,0,0")
    srt = dumps(loads(text, "ass"), "srt")
    assert "<b><s>EXIT</s></b>" in srt and "<b>all </b>but this" in srt
    rep = Report()
    vtt = dumps(loads(text, "ass"), "vtt", report=rep)
    assert "<b>EXIT</b>" in vtt
    cues = [(e.line, e.reason) for e in rep.entries if e.step != HEADER_STEP]  # (not the script's header)
    assert cues == [(12, "strikethrough: not carried to vtt")]


def test_an_ssa_style_s_italic_is_carried() -> None:
    ssa = (
        "[Script Info]\nScriptType: v4.00\n\n[V4 Styles]\n"
        "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, TertiaryColour, BackColour, Bold, "
        "Italic, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, AlphaLevel, Encoding\n"
        "Style: Default,Arial,20,16777215,65535,0,0,0,-1,1,1,0,2,10,10,10,0,1\n\n"
        "[Events]\nFormat: Marked, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        "Dialogue: Marked=0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Slanted\n"
    )
    assert "<i>Slanted</i>" in dumps(loads(ssa, "ssa"), "srt")


# ------------------------------------------------------------ WebVTT markup the model cannot hold

VTT_LOSSY = (
    "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nKaraoke <00:00:02.500>word <00:00:03.000>by word\n\n"
    "00:00:05.000 --> 00:00:06.000\n<c.yellow>Yellow</c> and <ruby>漢<rt>kan</rt></ruby>\n\n"
    "00:00:07.000 --> 00:00:08.000\n<v Ann>One <v Bob>two <lang en>three</lang> <c>four</c>\n\n"
    "00:00:09.000 --> 00:00:10.000\n<c>Nothing</c> <i>lost</i>\n"
)


@pytest.mark.parametrize("fmt", ["srt", "ass"])
def test_webvtt_markup_not_carried_is_reported_once_per_cue_with_its_line(fmt: str) -> None:
    rep = Report()
    dumps(loads(VTT_LOSSY, "vtt"), fmt, report=rep)
    target = fmt
    assert _lost(rep) == [
        (3, f"WebVTT markup: inline timestamps (karaoke): not carried to {target}"),
        (6, f"WebVTT markup: classes (<c.yellow>), ruby (its reading put in parentheses): not carried to {target}"),
        (9, f"WebVTT markup: voices after the first, language spans (<lang>): not carried to {target}"),
    ]
    rep = Report()
    dumps(loads(VTT_LOSSY, "vtt"), "vtt", report=rep)  # WebVTT itself writes it back
    assert not _lost(rep)


# ------------------------------------------------------------ SRT fonts

FONTS_SRT = (
    '1\n00:00:01,000 --> 00:00:02,000\n<font color="#0000FF">blue</font>\n<font color="red">red</font>\n\n'
    '2\n00:00:05,000 --> 00:00:06,000\nplain <font color="red">red</font> plain\n\n'
    '3\n00:00:07,000 --> 00:00:08,000\n<font color="red"><font size="30" face="Serif">all</font></font>\n'
)


def test_a_font_over_part_of_a_cue_is_never_spread_over_the_whole_cue() -> None:
    """A colour over part of a cue is kept over its own text: SRT writes its ``<font color>`` there
    again, ASS a ``\\c`` there (``{\\c}`` after it: the style's colour again).  Before, it was
    dropped when read (reported); read from ASS, it was written around the whole cue."""
    rep = Report()
    track = loads(FONTS_SRT, "srt", report=rep)
    srt, ass = dumps(track, "srt"), dumps(track, "ass")
    assert '\n<font color="#0000ff">blue</font>\n<font color="#ff0000">red</font>\n' in srt
    assert '\nplain <font color="#ff0000">red</font> plain\n' in srt
    assert ",,{\\c&HFF0000&}blue{\\c}\\N{\\c&H0000FF&}red\n" in ass and ",,plain {\\c&H0000FF&}red{\\c} plain\n" in ass
    assert rep.entries == []
    again = loads(ass, "ass")
    assert dumps(again, "srt").split("\n\n3\n")[0] == srt.split("\n\n3\n")[0]  # (the third's face and size: ASS's)
    assert [c.text for c in again.cues] == [c.text for c in track.cues]


def test_a_font_over_part_of_a_cue_keeps_its_colour_and_reports_the_rest() -> None:
    """Its colour is kept over its own text; its size (and face) reported.  Before, the whole font
    was dropped (reported) when it held more than a colour."""
    rep = Report()
    text = '1\n00:00:05,000 --> 00:00:06,000\nplain <font size="30" color="red">big</font> plain\n'
    track = loads(text, "srt", report=rep)
    assert '\nplain <font color="#ff0000">big</font> plain\n' in dumps(track, "srt")
    assert [(e.line, e.action, e.reason) for e in rep.entries] == [
        (2, "dropped", 'font size="30" over part of the cue not kept (its colour is): <font size="30" color="red">')
    ]
    rep = Report()
    loads('1\n00:00:05,000 --> 00:00:06,000\nplain <font size="30">big</font> plain\n', "srt", report=rep)
    assert [(e.line, e.action, e.reason) for e in rep.entries] == [
        (
            2,
            "dropped",
            "font tag over part of the cue not kept (only a font over the whole cue is, or the colour of one): "
            '<font size="30">',
        )
    ]


def test_every_font_over_the_whole_cue_is_kept_in_srt_and_mapped_to_ass() -> None:
    track = loads(FONTS_SRT, "srt")
    assert '\n<font color="red"><font size="30" face="Serif">all</font></font>\n' in dumps(track, "srt")
    rep = Report()
    assert ",,{\\c&H0000FF&\\fnSerif\\fs30}all\n" in dumps(track, "ass", report=rep)
    assert not _lost(rep)
    rep = Report()
    dumps(track, "vtt", report=rep)
    assert [r for line, r in _lost(rep) if line == 11] == [
        'font tag <font color="red">: not carried to vtt',
        'font tag <font size="30" face="Serif">: not carried to vtt',
    ]


def test_the_capability_tester_s_fonts_are_each_kept_or_reported(shared: Path) -> None:
    """Every ``<font>`` of the real file is kept (over a whole cue) or its cue reported."""
    raw = (shared / "corpus" / "odd" / "pysrt" / "capability_tester.srt").read_text(encoding="utf-8")
    rep = Report()
    track = loads(raw, "srt", report=rep)
    reported = {e.line for e in rep.entries if "font tag" in e.reason}
    lines = raw.replace("\r\n", "\n").split("\n")
    with_fonts = 0
    for cue in track.cues:
        assert cue.source_line is not None
        after = lines[cue.source_line :]
        opened = "\n".join(after[: after.index("")]).lower().count("<font")
        with_fonts += bool(opened)
        assert opened == len(cue_fonts(cue)) or cue.source_line in reported, cue
    assert with_fonts >= 4 and reported == {6, 19, 25, 115}

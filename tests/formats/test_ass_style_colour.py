"""An ASS style's primary colour reaches SRT and TTML as the colour of each cue drawn in it (SRT
``<font color>``, TTML ``tts:color``, as an inline ``{\\c}`` already did), but for white, the
colour every player draws a text of no colour in; an inline ``{\\c}`` wins over it for its own
stretch, and ``{\\r}`` (or ``{\\c}`` alone) is the style's colour again.  The header report
says what of the styles is carried to each cue and what is not written.  Before, the style's
bold and italic were carried but its colour silently lost, an inline colour ended by ``{\\r}``
ran on to the end of the cue, and the report said only "the ASS/SSA styles (2) not written"."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import Report, dumps, loads
from subconv.formats.base import HEADER_STEP
from subconv.model import Cue, FrozenMap, Track
from tests.formats.helpers import drawn_colours
from tests.formats.test_ttml import validate

_FORMAT = (
    "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, "
    "Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, "
    "MarginR, MarginV, Encoding"
)
_REST = ",100,100,0,0,1,2,2,2,10,10,10,1"
SCRIPT = (
    f"[Script Info]\nScriptType: v4.00+\n\n[V4+ Styles]\n{_FORMAT}\n"
    f"Style: Default,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0{_REST}\n"
    f"Style: Red,Arial,20,&H000000FF,&H000000FF,&H00000000,&H00000000,-1,-1,0,0{_REST}\n\n"
    "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    "Dialogue: 0,0:00:01.00,0:00:02.00,Red,,0,0,0,,Red line\n"
    "Dialogue: 0,0:00:03.00,0:00:04.00,Red,,0,0,0,,Red {\\c&HFF0000&}blue{\\r} red\n"
    "Dialogue: 0,0:00:05.00,0:00:06.00,Default,,0,0,0,,White {\\c&H00FF00&}green{\\c} white\n"
)


def test_the_style_colour_is_the_cue_colour_in_srt() -> None:
    srt = dumps(loads(SCRIPT, "ass"), "srt")
    assert srt == (
        "1\n00:00:01,000 --> 00:00:02,000\n"
        '<font color="#ff0000"><b><i>Red line</i></b></font>\n\n'
        "2\n00:00:03,000 --> 00:00:04,000\n"
        '<font color="#ff0000"><b><i>Red </i></b></font><font color="#0000ff"><b><i>blue</i></b></font>'
        '<font color="#ff0000"><b><i> red</i></b></font>\n\n'
        "3\n00:00:05,000 --> 00:00:06,000\n"
        'White <font color="#00ff00">green</font> white\n'
    )


def test_the_style_colour_is_the_paragraph_colour_in_ttml() -> None:
    ttml = dumps(loads(SCRIPT, "ass"), "ttml")
    validate(ttml)
    paragraphs = [line.strip() for line in ttml.splitlines() if "<p " in line]
    bold_italic = '<span tts:fontStyle="italic" tts:fontWeight="bold"'
    assert paragraphs == [
        f'<p begin="00:00:01.000" end="00:00:02.000" region="bottom" tts:color="#ff0000">{bold_italic}>Red line'
        "</span></p>",
        f'<p begin="00:00:03.000" end="00:00:04.000" region="bottom" tts:color="#ff0000">{bold_italic}>Red </span>'
        f'{bold_italic} tts:color="#0000ff">blue</span>{bold_italic}> red</span></p>',
        '<p begin="00:00:05.000" end="00:00:06.000" region="bottom">White <span tts:color="#00ff00">green</span> '
        "white</p>",
    ]


def test_the_colours_read_back_from_srt_and_ttml_are_the_ones_ass_draws() -> None:
    track = loads(SCRIPT, "ass")
    red, blue = "ff0000", "0000ff"
    expected = [[red] * 8, [red] * 4 + [blue] * 4 + [red] * 4, [None] * 6 + ["00ff00"] * 5 + [None] * 6]
    for fmt in ("srt", "ttml"):
        assert [drawn_colours(c) for c in loads(dumps(track, fmt), fmt).cues] == expected, fmt
    again = loads(dumps(loads(dumps(track, "srt"), "srt"), "ass"), "ass")
    assert [drawn_colours(c) for c in again.cues] == expected


def test_the_report_says_what_of_the_styles_is_not_carried() -> None:
    for fmt in ("srt", "ttml"):
        report = Report()
        dumps(loads(SCRIPT, "ass"), fmt, report=report)
        said = [(e.line, e.reason) for e in report.entries if e.step == HEADER_STEP and "styles" in e.reason]
        assert said == [
            (
                6,
                "the ASS/SSA styles (2) not written but for their bold, italic and colour (on each cue): "
                f"{fmt} has no place for their font name and size, outline, shadow and margins",
            )
        ]
        assert [e for e in report.entries if e.step != HEADER_STEP] == []  # (nothing else lost)


def test_webvtt_says_it_carries_a_styles_bold_and_italic_and_not_its_colour() -> None:
    """WebVTT writes a style's bold and italic on each cue (``styled``); its report said the
    styles were not written at all."""
    report = Report()
    vtt = dumps(loads(SCRIPT, "ass"), "vtt", report=report)
    assert "<b><i>Red line</i></b>" in vtt
    said = [(e.line, e.reason) for e in report.entries if e.step == HEADER_STEP and "styles" in e.reason]
    assert said == [
        (
            6,
            "the ASS/SSA styles (2) not written but for their bold and italic (on each cue): "
            "vtt has no place for their font name and size, colour, outline, shadow and margins",
        )
    ]


def test_a_white_or_plain_style_is_no_colour_and_its_report_is_as_before() -> None:
    plain = SCRIPT.replace("&H000000FF,&H000000FF", "&H00FFFFFF,&H000000FF").replace("-1,-1,0,0", "0,0,0,0")
    report = Report()
    srt = dumps(loads(plain, "ass"), "srt", report=report)
    assert "1\n00:00:01,000 --> 00:00:02,000\nRed line\n" in srt
    assert "(2) not written: srt has no place for it" in report.entries[-1].reason


def test_an_ssa_style_colour_is_read_as_ssa_writes_it() -> None:
    """SSA writes a style's colour as a decimal number (255: red)."""
    ssa = dumps(loads(SCRIPT, "ass"), "ssa")
    assert "Style: Red,Arial,20,255," in ssa
    srt = dumps(loads(ssa, "ssa"), "srt")
    assert '<font color="#ff0000"><b><i>Red line</i></b></font>' in srt


_TEXTS = st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]), min_size=1, max_size=30)


@settings(max_examples=200, deadline=None)
@given(colour=st.integers(0, 0xFFFFFFFF), text=_TEXTS.filter(lambda t: t.strip() == t and t.strip()))
def test_any_style_colour_and_text_come_back_from_srt_over_the_whole_text(colour: int, text: str) -> None:
    """ASS -> SRT -> ASS: the text drawn in the style's colour over all of it (white: no colour)."""
    style = f"Style: Tint,Arial,20,&H{colour:08X},&H000000FF,&H00000000,&H00000000,0,0,0,0{_REST}"
    cue = Cue(1000, 2000, (text,), extras=FrozenMap({"ass.style": "Tint"}))
    ass = dumps(Track((cue,), meta={"ass.styles": (style,)}), "ass")
    (read,) = loads(ass, "ass").cues
    srt = dumps(loads(ass, "ass"), "srt")
    (back,) = loads(dumps(loads(srt, "srt"), "ass"), "ass").cues
    assert back.text == read.text
    rgb = f"{colour & 0xFF:02x}{colour >> 8 & 0xFF:02x}{colour >> 16 & 0xFF:02x}"
    assert drawn_colours(back) == [None if rgb == "ffffff" else rgb] * len(read.text.replace("\n", ""))


def test_an_inline_colour_ends_at_a_style_reset() -> None:
    """Before, ``{\\r}`` was read as the end of the spans only: the colour ran on to the cue's end."""
    text = SCRIPT.replace("{\\c} white", "{\\r} white")
    assert '\nWhite <font color="#00ff00">green</font> white\n' in dumps(loads(text, "ass"), "srt")
    assert 'White <span tts:color="#00ff00">green</span> white</p>' in dumps(loads(text, "ass"), "ttml")


def test_srt_fonts_and_spans_nest() -> None:
    """A colour over part of a cue and a span across its edge: the span is cut so that the tags
    nest (before: ``<i>Hello <font color="#ff0000">red</i> world</font>``); a span around the
    colour with text either side stays whole, the font inside it."""
    srt = (
        "1\n00:00:01,000 --> 00:00:02,000\n<i>Hello <font color=red>red</font> world</i>\n\n"
        "2\n00:00:03,000 --> 00:00:04,000\n<i>Hello <font color=red>red</i> world</font>\n"
    )
    out = dumps(loads(srt, "srt"), "srt")
    assert '\n<i>Hello <font color="#ff0000">red</font> world</i>\n' in out
    assert '\n<i>Hello </i><font color="#ff0000"><i>red</i> world</font>\n' in out

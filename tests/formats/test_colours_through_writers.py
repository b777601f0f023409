"""Colours through the readers and writers: an SRT ``<font>`` over part of a cue keeps its colour
whatever else it holds (its size and face reported); TTML writes cue and part-of-cue colours as
``tts:color`` on ``<p>``/``<span>`` and reads them back; a writer with no colour names a colour
as the user wrote it (``font colour``, ``colour (tts:color)``), not as the ASS blocks it is
held in.  Before, such a font was dropped whole (reported), TTML wrote no colour at all
(reporting SRT fonts and ASS ``\\c`` as not carried), and WebVTT, SBV and the others reported
an SRT font's colour as ``ASS override tags (c)``."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import Report, dumps, formats, loads
from tests.formats.helpers import ASS_HEAD, drawn_colours
from tests.formats.test_ttml import validate

_HEAD = "1\n00:00:01,000 --> 00:00:02,000\n"
_TT = (
    '<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling">'
    "<head><styling><style xml:id='r' tts:color='red'/></styling>"
    "<layout><region xml:id='yellow' tts:color='#FFFF00'/></layout></head><body>\n"
)
#: the writers that hold a colour over part of a cue, and those that hold the ASS blocks as ASS
_COLOURED = frozenset(("srt", "ass", "ssa", "ttml", "json"))


def _reasons(report: Report) -> list[tuple[int | None, str, str]]:
    return [(e.line, e.action, e.reason) for e in report.entries]


def test_a_font_of_a_size_and_a_colour_over_part_of_a_cue_keeps_its_colour_in_place() -> None:
    report = Report()
    track = loads(_HEAD + 'Hello <font size=9 color="#ff0000">red</font> world\n', "srt", report=report)
    assert '\nHello <font color="#ff0000">red</font> world\n' in dumps(track, "srt")
    assert _reasons(report) == [
        (2, "dropped", 'font size=9 over part of the cue not kept (its colour is): <font size=9 color="#ff0000">')
    ]
    assert ",,Hello {\\c&H0000FF&}red{\\c} world\n" in dumps(track, "ass")


def test_only_what_cannot_be_kept_of_each_font_is_reported() -> None:
    report = Report()
    text = 'a <font face="Serif" color=blue size=20>b</font> c <font face=Mono>d</font> <font color=red>e</font>\n'
    track = loads(_HEAD + text, "srt", report=report)
    assert '\na <font color="#0000ff">b</font> c d <font color="#ff0000">e</font>\n' in dumps(track, "srt")
    assert _reasons(report) == [
        (
            2,
            "dropped",
            'font face="Serif" size=20 over part of the cue not kept (its colour is): '
            '<font face="Serif" color=blue size=20>',
        ),
        (
            2,
            "dropped",
            "font tag over part of the cue not kept (only a font over the whole cue is, or the colour of one): "
            "<font face=Mono>",
        ),
    ]


def test_ttml_writes_colours_on_paragraphs_and_spans() -> None:
    text = (
        _HEAD + 'Hello <font color="#ff0000">red</font> <i>world</i>\n\n'
        "2\n00:00:03,000 --> 00:00:04,000\n<font color=lime>all <font color=blue>of</font> it</font>\n"
    )
    report = Report()
    ttml = dumps(loads(text, "srt"), "ttml", report=report)
    validate(ttml)  # (IMSC 1.1 Text Profile: tts:color on p and span)
    assert (
        '<p begin="00:00:01.000" end="00:00:02.000" region="bottom">Hello <span tts:color="#ff0000">red</span> '
        '<span tts:fontStyle="italic">world</span></p>'
    ) in ttml
    assert (
        '<p begin="00:00:03.000" end="00:00:04.000" region="bottom" tts:color="#00ff00">all '
        '<span tts:color="#0000ff">of</span> it</p>'
    ) in ttml
    assert report.entries == []
    back = loads(ttml, "ttml")
    assert [drawn_colours(c) for c in back.cues] == [
        [None] * 6 + ["ff0000"] * 3 + [None] * 6,
        ["00ff00"] * 4 + ["0000ff"] * 2 + ["00ff00"] * 3,
    ]
    srt = dumps(back, "srt")
    assert '\nHello <font color="#ff0000">red</font> <i>world</i>\n' in srt


def test_an_ass_colour_is_written_to_ttml_and_read_back() -> None:
    events = "\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    event = "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Hello {\\c&H0000FF&}red{\\c} world\n"
    script = ASS_HEAD + events + event
    report = Report()
    ttml = dumps(loads(script, "ass"), "ttml", report=report)
    assert 'Hello <span tts:color="#ff0000">red</span> world</p>' in ttml
    assert [e.reason for e in report.entries if e.step != "header"] == []
    assert ",,Hello {\\c&H0000FF&}red{\\c} world\n" in dumps(loads(ttml, "ttml"), "ass")


def test_ttml_reports_what_of_a_font_it_cannot_hold() -> None:
    track = loads(_HEAD + '<font color="red" size="30">big red</font>\n', "srt")
    report = Report()
    ttml = dumps(track, "ttml", report=report)
    assert 'tts:color="#ff0000">big red</p>' in ttml
    assert _reasons(report) == [(2, "rewritten", 'font size="30" of <font color="red" size="30">: not carried to ttml')]


def test_the_ttml_reader_takes_colours_from_styles_regions_and_attributes() -> None:
    doc = _TT + (
        '<div tts:color="rgb(0,0,255)"><p begin="1s" end="2s">blue <span style="r">red</span></p></div>\n'
        '<p begin="3s" end="4s" region="yellow">yellow <span tts:color="cyan">cyan</span></p>\n'
        '<p begin="5s" end="6s">none <span tts:color="#00FF0080">half</span> <span tts:color="bright">x</span></p>\n'
        "</body></tt>"
    )
    report = Report()
    cues = loads(doc, "ttml", report=report).cues
    assert [drawn_colours(c) for c in cues] == [
        ["0000ff"] * 5 + ["ff0000"] * 3,
        ["ffff00"] * 7 + ["00ffff"] * 4,
        [None] * 5 + ["00ff00"] * 4 + [None] * 2,
    ]
    assert _reasons(report) == [
        (4, "rewritten", "tts:color #00FF0080: read without its transparency"),
        (4, "dropped", "tts:color 'bright' not read (TTML's colours: #rrggbb, #rrggbbaa, rgb(), rgba(), named)"),
    ]


def test_a_colour_is_reported_by_a_writer_without_colour_as_the_user_wrote_it() -> None:
    srt = loads(_HEAD + 'Hello <font color="#ff0000">red</font> world\n', "srt")
    ttml = loads(dumps(srt, "ttml"), "ttml")
    for name in formats.writable():
        for track, written in ((srt, "font colour"), (ttml, "colour (tts:color)")):
            report = Report()
            dumps(track, name, report=report)
            said = [(e.line, e.reason) for e in report.entries if "not carried" in e.reason]
            line = track.cues[0].source_line
            assert said == ([] if name in _COLOURED else [(line, f"{written}: not carried to {name}")])


def test_an_ass_colour_is_still_reported_as_its_override_tag() -> None:
    events = "\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    script = ASS_HEAD + events + "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Hi {\\c&H0000FF&\\fs9}red\n"
    report = Report()
    dumps(loads(script, "ass"), "vtt", report=report)
    assert [e.reason for e in report.entries if e.step != "header"] == ["ASS override tags (c, fs): not carried to vtt"]


_WORD = st.text(st.sampled_from(list("ab")), min_size=1, max_size=3)
_COLOUR = st.sampled_from([None, "#ff0000", "red", "#00FF00", "blue", "white"])
_RGB = {"#ff0000": "ff0000", "red": "ff0000", "#00FF00": "00ff00", "blue": "0000ff", "white": "ffffff"}
_MORE = st.sampled_from(["", " size=9", ' face="Serif"'])


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.tuples(_COLOUR, _MORE, _WORD, st.sampled_from(["", " ", "\n"])), min_size=1, max_size=6),
    _COLOUR,
    _MORE,
)
def test_a_colour_over_any_stretch_of_a_cue_survives_srt_to_ttml_to_srt(
    parts: list[tuple[str | None, str, str, str]], whole: str | None, whole_more: str
) -> None:
    body = ""
    expected: list[str | None] = []
    outer = _RGB[whole] if whole is not None else None
    for k, (colour, more, word, sep) in enumerate(parts):
        sep = sep if k + 1 < len(parts) else ""
        body += word if colour is None else f'<font color="{colour}"{more}>{word}</font>'
        expected += [outer if colour is None else _RGB[colour]] * len(word)
        body += sep
        expected += [outer] * len(sep.strip("\n"))
    if whole is not None:
        body = f"<font color={whole}{whole_more}>{body}</font>"
    report = Report()
    first = loads(_HEAD + body + "\n", "srt", report=report)
    (cue,) = first.cues
    assert drawn_colours(cue) == expected
    assert all("(its colour is)" in e.reason for e in report.entries)
    report = Report()
    ttml = dumps(first, "ttml", report=report)
    assert all(e.reason.startswith("font ") and " of <font " in e.reason for e in report.entries)
    report = Report()
    middle = loads(ttml, "ttml", report=report)
    assert report.entries == []
    assert [c.text for c in middle.cues] == [cue.text]
    assert drawn_colours(middle.cues[0]) == expected
    report = Report()
    srt = dumps(middle, "srt", report=report)
    assert report.entries == []
    back = loads(srt, "srt", report=report)
    assert report.entries == []
    assert [c.text for c in back.cues] == [cue.text]
    assert drawn_colours(back.cues[0]) == expected


def test_the_numbered_colour_and_alpha_tags_are_named_where_not_carried() -> None:
    """``\\1c`` (the colour SRT and TTML hold), ``\\3c`` (the outline's) and ``\\1a`` (a
    transparency): before, no writer named a tag whose name starts with a digit, so all three
    were lost silently, in every format."""
    events = "\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    event = "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Hello {\\1c&H0000FF&}red{\\3c&H00FF00&\\1a&H80&} world\n"
    track = loads(ASS_HEAD + events + event, "ass")
    for name, lost in (("srt", "1a, 3c"), ("ttml", "1a, 3c"), ("vtt", "1a, 1c, 3c"), ("sbv", "1a, 1c, 3c")):
        report = Report()
        dumps(track, name, report=report)
        said = [(e.line, e.reason) for e in report.entries if e.step != "header"]
        assert said == [(10, f"ASS override tags ({lost}): not carried to {name}")]


def test_a_font_s_background_colour_is_no_text_colour() -> None:
    """``bgcolor`` is not ``color``: before, it was read as the text's colour around a colour
    over part of the cue (`` world`` written green in SRT and ASS)."""
    track = loads(_HEAD + '<font bgcolor="#00ff00">Hello <font color=red>red</font> world</font>\n', "srt")
    srt = dumps(track, "srt")
    assert '\n<font bgcolor="#00ff00">Hello <font color="#ff0000">red</font> world</font>\n' in srt
    assert ",,Hello {\\c&H0000FF&}red{\\c} world\n" in dumps(track, "ass")
    report = Report()
    ttml = dumps(track, "ttml", report=report)
    assert '"bottom">Hello <span tts:color="#ff0000">red</span> world</p>' in ttml
    assert _reasons(report) == [(2, "rewritten", 'font tag <font bgcolor="#00ff00">: not carried to ttml')]

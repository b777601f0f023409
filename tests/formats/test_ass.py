"""ASS/SSA: round trip at 10 ms, pysubs2 interop, tags, drawings, empty files."""
# ruff: noqa: E501

from __future__ import annotations

import re

import pysubs2
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import Report, WriteOptions, dumps, loads
from subconv.errors import ParseError
from subconv.formats.ass import MAX_ASS_MS
from subconv.formats.ass.reader import ASS_STYLE_FORMAT
from subconv.model import Cue, FrozenMap, Span, Track
from subconv.timefmt import to_resolution
from tests.formats.helpers import without_fast_path
from tests.strategies import as_written, tracks, visible


def _at10(t: Track) -> tuple[Cue, ...]:
    def r(ms: int | None) -> int:
        return min(to_resolution(ms or 0, 10), MAX_ASS_MS)

    return tuple(c.replace(start=r(c.start), end=r(c.end)) for c in t.cues)


@settings(max_examples=60)
@given(tracks(hostile=True, speaker=True))
def test_round_trip_hostile(track: Track) -> None:
    assert loads(dumps(track, "ass"), "ass").cues == _at10(as_written(track, "ass"))


@settings(max_examples=40)
@given(tracks(speaker=True))
def test_round_trip_ssa(track: Track) -> None:
    assert loads(dumps(track, "ssa"), "ssa").cues == _at10(as_written(track, "ssa"))


@settings(max_examples=40)
@given(tracks(hostile=True))
def test_write_read_write_is_stable(track: Track) -> None:
    once = dumps(track, "ass")
    assert dumps(loads(once, "ass"), "ass") == once


@settings(max_examples=60)
@given(tracks(spans=True, speaker=True).filter(lambda t: not any(ch in c.text for c in t.cues for ch in "{}\\")))
def test_pysubs2_reads_the_same_cues(track: Track) -> None:
    subs = pysubs2.SSAFile.from_string(dumps(track, "ass"))
    exp = [(c.start, c.end, visible(c.text), c.speaker or "") for c in _at10(track)]
    assert [(e.start, e.end, visible(e.plaintext), e.name) for e in subs] == exp


@settings(max_examples=40)
@given(tracks(hostile=True))
def test_pysubs2_sees_same_count_and_times_on_hostile_text(track: Track) -> None:
    # pysubs2's plaintext removes any {...}, even libass's escaped \{...}: compare structure only
    subs = pysubs2.SSAFile.from_string(dumps(track, "ass"))
    assert [(e.start, e.end) for e in subs] == [(c.start, c.end) for c in _at10(track)]


SAMPLE = """\ufeff[Script Info]
Title: Demo
ScriptType: v4.00+
PlayResX: 640
PlayResY: 360

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,2,2,10,10,10,1
Style: Sign,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,2,8,10,10,10,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
Dialogue: 0,0:00:01.00,0:00:02.50,Default,Ann,0,0,0,,{\\i1}Hello{\\i0}, world\\Nsecond\\hline
Dialogue: 1,0:00:03.00,0:00:04.00,Sign,,10,20,30,Scroll up,{\\an8\\pos(10,20)\\b1}Sign{\\b0} text
Comment: 0,0:00:05.00,0:00:06.00,Default,,0,0,0,,a note
Dialogue: 0,0:00:07.00,0:00:08.00,Default,,0,0,0,,{\\p1}m 0 0 l 100 0 100 100{\\p0}after
"""


def test_reads_tags_fields_and_meta() -> None:
    rep = Report()
    t = loads(SAMPLE, "ass", report=rep)
    a, b, c, d = t.cues
    assert a.lines == ("Hello, world", "second\u00a0line") and a.spans == (Span(0, 5, "i"),) and a.speaker == "Ann"
    assert b.text == "Sign text" and b.spans == (Span(0, 4, "b"),)
    assert dict(b.extras) == {
        "ass.layer": "1",
        "ass.style": "Sign",
        "ass.margin_l": "10",
        "ass.margin_r": "20",
        "ass.margin_v": "30",
        "ass.effect": "Scroll up",
        "ass.tags": "{\\pos(10,20)}",
        "ass.align": "8",
        "ass.tags.joined": "1",  # (\an8 and \b1 stood in the block of \pos: written there)
    }
    assert c.extras["ass.comment"] == "1"
    assert d.text == "after"
    assert any(e.action == "dropped" and e.line == 17 for e in rep.entries)
    assert t.title == "Demo"
    assert t.meta["ass.format"] == "ass"
    assert len(t.meta["ass.styles"]) == 2
    assert "PlayResX: 640" in t.meta["ass.script_info"]
    again = loads(dumps(t, "ass"), "ass")
    assert again.cues == t.cues
    assert "PlayResX: 640" in dumps(t, "ass")


def test_no_events_is_empty_track_with_warning() -> None:
    for text in (
        "[Script Info]\nScriptType: v4.00+\n",
        "[Script Info]\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n",
    ):
        rep = Report()
        assert loads(text, "ass", report=rep).cues == ()
        assert rep.by_action("warning")


def test_writer_header_and_options() -> None:
    t = Track((Cue(1234, 5678, ("x",), extras=FrozenMap({"ass.align": "7"})),))
    rep = Report()
    out = dumps(t, "ass", options=WriteOptions(play_res=(1280, 720), crlf=True), report=rep)
    assert "ScriptType: v4.00+\r\n" in out and "PlayResY: 720" in out
    assert "Dialogue: 0,0:00:01.23,0:00:05.68,Default,,0,0,0,,{\\an7}x" in out
    assert rep.by_action("rewritten")
    custom = (
        "Style: Default,Verdana,40,&H00FFFFFF,&H0000FFFF,&H00000000,&H80000000,0,0,0,0,100,100,0,0,1,2,0,2,20,20,20,1"
    )
    assert custom in dumps(t, "ass", options=WriteOptions(ass_style=custom))
    subs = pysubs2.SSAFile.from_string(out)
    assert subs.styles["Default"].fontsize == 36


def test_bad_event_lines_are_reported() -> None:
    rep = Report()
    t = loads(
        "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        "Dialogue: 0,0:00:xx.00,0:00:02.00,Default,,0,0,0,,bad\nDialogue: 0,0:00\n"
        "Dialogue: 0,0:00:03.00,0:00:04.00,Default,,0,0,0,,ok\n",
        "ass",
        report=rep,
    )
    assert [c.text for c in t.cues] == ["ok"]
    assert [e.line for e in rep.by_action("dropped")] == [3, 4]


_NOISE = st.text(st.sampled_from("[]EventsDialogue:Comment,0123456789.:{}\\Nnhpib \n\u2060"), max_size=300)


@given(st.one_of(_NOISE.map(lambda s: "[Events]\n" + s), st.text(max_size=200)))
def test_any_text_reads(text: str) -> None:
    try:
        t = loads(text, "ass")
    except ParseError as exc:  # (a text with no section header, style or event line: no script)
        assert exc.reason.startswith("not an ASS/SSA script") and exc.line is not None
        assert not re.search(
            r"^\s*(\[(script info|v4\+? styles|events)\]|(dialogue|comment|style)\s*:)", text, re.I | re.M
        )
        return
    for c in t.cues:
        assert all(0 <= s.start < s.end <= len(c.text) for s in c.spans)
    again = loads(dumps(t, "ass"), "ass")
    assert [(c.text, c.spans, c.speaker) for c in again.cues] == [(c.text, c.spans, c.speaker) for c in t.cues]


# ------------------------------------------------------------ the writer's plain path


@settings(max_examples=200)
@given(tracks(hostile=True), st.sampled_from(["ass", "ssa"]))
def test_ass_plain_writer_path_equals_escaping_path(track: Track, fmt: str) -> None:
    r1, r2 = Report(), Report()
    assert dumps(track, fmt, report=r1) == dumps(without_fast_path(track), fmt, report=r2)
    assert list(r1) == list(r2)


@settings(max_examples=300)
@given(
    st.lists(st.text(alphabet="ab {}\\\u2060\u00a0\t\x0b\n-", max_size=8), min_size=1, max_size=3),
    st.sampled_from([0, 4, 5, 9, 10, 3599995, 360_000_000 - 15, 360_000_000 - 10, 360_000_000 - 6, 360_000_000 - 5]),
    st.sampled_from(["ass", "ssa"]),
)
def test_ass_plain_writer_edges(texts: list[str], start: int, fmt: str) -> None:
    track = Track(tuple(Cue(start, start + k, tuple(t.split("\n"))) for k, t in enumerate(texts)))
    r1, r2 = Report(), Report()
    assert dumps(track, fmt, report=r1) == dumps(without_fast_path(track), fmt, report=r2)
    assert list(r1) == list(r2)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), ssa=st.booleans())
def test_styles_in_any_field_order_are_written_in_the_order_of_the_format_line_written(
    data: st.DataObject, ssa: bool
) -> None:
    """A styles section whose ``Format:`` line orders (or leaves out) the fields otherwise:
    every style is written with each field's own value under the standard ``Format:`` line the
    writer puts above it (libass reads by that line; before, the values were copied in their
    own order, so a style's font was its size and its size a colour), a field left out gets
    libass's default, the style's placement carries to SRT, and each style is reported."""
    from subconv.formats.ass.reader import ASS_STYLE_FORMAT, SSA_STYLE_FORMAT

    ours = (SSA_STYLE_FORMAT if ssa else ASS_STYLE_FORMAT).split(", ")
    theirs = data.draw(st.permutations(ours[1:]))
    theirs = ["Name", *theirs[: data.draw(st.integers(len(theirs) - 3, len(theirs)))]]
    value = {f: f"{k + 1}" for k, f in enumerate(ours)} | {"Name": "Top", "Fontname": "Verdana", "Alignment": "8"}
    if ssa:
        value["Alignment"] = "6"  # SSA: 2 (centre) + 4 (top)
    section, script = ("[V4 Styles]", "v4.00") if ssa else ("[V4+ Styles]", "v4.00+")
    text = (
        f"[Script Info]\nScriptType: {script}\n\n{section}\nFormat: {', '.join(theirs)}\n"
        f"Style: {','.join(value[f] for f in theirs)}\n\n[Events]\n"
        f"Format: {'Marked' if ssa else 'Layer'}, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        "Dialogue: 0,0:00:01.00,0:00:02.00,Top,,0,0,0,,Hello\n"
    )
    rep = Report()
    track = loads(text, "ssa" if ssa else "ass", report=rep)
    out = dumps(track, "ssa" if ssa else "ass")
    style = next(line for line in out.splitlines() if line.startswith("Style: Top,"))
    got = dict(zip(ours, style.removeprefix("Style: ").split(","), strict=True))
    for f in ours:
        assert got[f] == value[f] if f in theirs else got[f] != value[f], (f, style)
    assert got["Fontname"] == ("Verdana" if "Fontname" in theirs else "Arial")
    if "Alignment" in theirs:  # (its Bold, Italic... fields, numbers but 0, are on: tags around the text)
        line = dumps(track, "srt").splitlines()[2]
        assert line.startswith("{\\an8}") and re.sub("<[^>]*>", "", line[6:]) == "Hello"
        flags = ("Bold", "Italic", "Underline", "StrikeOut")
        assert line.count("</") - line.count("</font>") == sum(
            f in theirs and (f != "Bold" or int(value[f]) >= 500) for f in flags
        )
        # (its primary colour, a number not white, is carried too: one <font color> over the text)
        assert line.count("</font>") == ("PrimaryColour" in theirs)
    reordered = [e for e in rep.by_action("rewritten") if "style fields" in e.reason]
    assert len(reordered) == (theirs != ours)


_SBAS = "ScaledBorderAndShadow"
_PLAIN_EVENTS = (
    "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Hi\n"
)


def test_scaled_border_line_added_only_where_libass_scaled_the_source() -> None:
    """libass draws a script without the line unscaled, unless its Format lines are not the
    standard ones or FFmpeg wrote it (2014-2020): the line written keeps how it drew."""
    plain = "[Script Info]\nScriptType: v4.00+\nPlayResX: 384\nPlayResY: 288\n\n" + _PLAIN_EVENTS
    custom = plain.replace("Name, MarginL, MarginR, MarginV, Effect, ", "")
    custom = custom.replace("Default,,0,0,0,,", "Default,")
    ffmpeg = plain.replace("[Script Info]\n", "[Script Info]\n; Script generated by FFmpeg/Lavc58.35.100\n")
    ffmpeg = ffmpeg.replace(
        "[Events]",
        "[V4+ Styles]\nFormat: " + ASS_STYLE_FORMAT + "\nStyle: Default,Arial,16,&H00FFFFFF,&H00FFFFFF,"
        "&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,0\n\n[Events]",
    )
    said = plain.replace("PlayResY: 288\n", f"PlayResY: 288\n{_SBAS}: no\n")
    ssa = plain.replace("v4.00+", "v4.00").replace(": Layer,", ": Marked,").replace(": 0,", ": Marked=0,")
    for source, fmt in ((plain, "ass"), (ssa, "ssa")):
        assert _SBAS not in dumps(loads(source, fmt), "ass")
    for source in (custom, ffmpeg):
        assert f"{_SBAS}: yes" in dumps(loads(source, "ass"), "ass")
    assert dumps(loads(said, "ass"), "ass").count(_SBAS) == 1
    assert f"{_SBAS}: yes" in dumps(loads("1\n00:00:01,000 --> 00:00:02,000\nHi\n", "srt"), "ass")


def _info(text: str) -> list[str]:
    """The ``[Script Info]`` lines of a written script, its PlayRes ones."""
    head = text.partition("\n\n")[0]
    return [ln for ln in head.splitlines() if ln.startswith("PlayRes")]


@given(
    st.sampled_from([None, 1, 640, 1280, 5000]),
    st.sampled_from([None, 1, 288, 1024, 4000]),
    st.sampled_from(["ass", "ssa"]),
    st.sampled_from(["ass", "ssa"]),
)
def test_play_res_of_a_script_read_kept_as_it_is(x: int | None, y: int | None, kind: str, to: str) -> None:
    """A script read without PlayResX/Y lines gets none (libass draws it at 384x288, or one
    made from the other; before, 1920x1080 was added and it drew several times smaller); its own
    lines are kept; the Default style added is sized for the PlayRes libass draws it at."""
    lines = ([f"PlayResX: {x}"] if x is not None else []) + ([f"PlayResY: {y}"] if y is not None else [])
    source = "[Script Info]\nScriptType: " + ("v4.00+" if kind == "ass" else "v4.00") + "\n"
    source += "".join(ln + "\n" for ln in lines) + "\n" + _PLAIN_EVENTS
    if kind == "ssa":
        source = source.replace(": Layer,", ": Marked,").replace(": 0,", ": Marked=0,")
    out = dumps(loads(source, kind), to)
    assert _info(out) == lines
    drawn_y = y if y else 1024 if x == 1280 else max(1, x * 3 // 4) if x else 288
    assert f"Style: Default,Arial,{max(8, round(drawn_y * 0.05))}," in out


def test_play_res_added_only_to_a_script_subconv_makes_or_when_given() -> None:
    """WriteOptions.play_res (1920x1080 unless given) goes to a script subconv makes, and to a
    script read without PlayRes only when given."""
    srt = loads("1\n00:00:01,000 --> 00:00:02,000\nHi\n", "srt")
    assert _info(dumps(srt, "ass")) == ["PlayResX: 1920", "PlayResY: 1080"]
    bare = loads("[Script Info]\nScriptType: v4.00+\n\n" + _PLAIN_EVENTS, "ass")
    assert _info(dumps(bare, "ass")) == []
    given_res = WriteOptions(play_res=(1280, 720))
    assert _info(dumps(bare, "ass", options=given_res)) == ["PlayResX: 1280", "PlayResY: 720"]
    assert _info(dumps(srt, "ssa", options=given_res)) == ["PlayResX: 1280", "PlayResY: 720"]


_HEAD = "[Script Info]\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"


@given(
    st.lists(st.text(alphabet="abcxyz019.,", min_size=1, max_size=6), min_size=1, max_size=4),
    st.sampled_from(["", "{\\i1}", "{\\an8}"]),
)
def test_a_hard_space_is_ordinary_text_not_markup_lost(words: list[str], lead: str) -> None:
    r"""``100\hkm`` read as ``100`` U+00A0 ``km`` was reported, converted to SRT or WebVTT, as
    ``ASS markup (karaoke, drawings, soft breaks): not carried``: the hard space is carried,
    as U+00A0.  ASS to ASS still writes the event's own ``\h``."""
    text = lead + "\\h".join(words)
    event = f"Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{text}\n"
    track = loads(_HEAD + event, "ass")
    assert track[0].text == "\u00a0".join(words)
    for fmt in ("srt", "vtt"):
        report = Report()
        out = dumps(track, fmt, report=report)
        assert "\u00a0".join(words) in out
        assert not [e for e in report.entries if "ASS markup" in e.reason], report.explain()
    assert dumps(track, "ass").endswith(event)

"""A track's ASS styles and [Script Info] as typed values (pysubs2's ``subs.styles``,
``subs.info``, ``rename_style``, ``import_styles``).  Before, there was no API to read or edit
them: a user parsed the raw lines of ``Track.meta`` (``ass.styles``, ``ass.script_info``)."""

from __future__ import annotations

import dataclasses
import functools
import pickle
from pathlib import Path
from typing import Any

import pysubs2
import pytest
from hypothesis import given
from hypothesis import strategies as st

import subconv
from subconv import Style, StyleError
from subconv.formats.ass.styles import read_style, style_line
from tests.conftest import SHARED

SRT = "1\n00:00:01,000 --> 00:00:02,000\nHello\n\n2\n00:00:03,000 --> 00:00:04,000\nThere\n"
SSA = (
    "[Script Info]\nScriptType: v4.00\nTitle: Old\n\n[V4 Styles]\n"
    "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, TertiaryColour, BackColour, Bold, "
    "Italic, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, AlphaLevel, Encoding\n"
    "Style: Default,Tahoma,24,16777215,65535,12345,0,-1,0,1,2,2,2,30,30,10,0,0\n"
    "Style: Top,Tahoma,20,255,65535,0,0,0,0,1,2,0,6,30,30,10,0,0\n\n"
    "[Events]\nFormat: Marked, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    "Dialogue: Marked=0,0:00:01.00,0:00:02.00,Default,,0000,0000,0000,,Hello\n"
    "Dialogue: Marked=0,0:00:03.00,0:00:04.00,Top,,0000,0000,0000,,There\n"
)


@functools.cache
def _corpus_tracks() -> tuple[subconv.Track, ...]:
    """The corpus's ASS and SSA scripts, read."""
    out = []
    for path in sorted((SHARED / "corpus").rglob("*")):
        if not path.is_file() or path.suffix.lower() not in (".ass", ".ssa"):
            continue
        head = path.read_bytes()[:200_000]
        if b"\n[V4" not in head and not head.startswith(b"[V4"):
            continue
        try:
            out.append(subconv.read(path))
        except subconv.SubconvError:
            continue
    return tuple(out)


@functools.cache
def _corpus_styles() -> tuple[tuple[str, bool], ...]:
    """Every style line of the corpus's scripts, as read (and whether it is SSA's)."""
    out = []
    for track in _corpus_tracks():
        ssa = track.meta.get("ass.format") == "ssa"
        out += [(line, ssa) for line in track.meta.get("ass.styles", ())]
    return tuple(out)


def _corpus() -> tuple[tuple[str, bool], ...]:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent (real-world corpus not available)")
    styles = _corpus_styles()
    assert len(styles) > 150  # (191 styles in 66 scripts, 4 of them SSA)
    return styles


def test_every_corpus_style_is_written_back_byte_for_byte() -> None:
    for line, ssa in _corpus():
        style = read_style(line, ssa)
        assert style_line(style, ssa) == (line, []), line
        if ssa:  # (as ASS holds it: the same style written as ASS)
            assert read_style(style_line(style, False)[0], False) == style, line
    for track in _corpus_tracks():  # each style set again: the same track, written the same
        for style in subconv.track_styles(track).values():
            assert subconv.set_style(track, style) == track
        info = subconv.script_info(track)
        for key, value in info.items():
            if key != "ScriptType" and value:
                again = subconv.set_info(track, key, value)
                assert subconv.script_info(again) == info
                assert subconv.dumps(again, "ass") == subconv.dumps(track, "ass") or len(
                    again.meta["ass.script_info"]
                ) < len(track.meta["ass.script_info"])  # (the same, unless the key had two lines)


_FIELDS = {
    "fontname": st.sampled_from(("Arial", "DejaVu Sans", "Noto Sans CJK JP")),
    "fontsize": st.floats(0.5, 200, allow_nan=False),
    "primarycolor": st.integers(0, 0xFFFFFFFF),
    "outlinecolor": st.integers(0, 0xFFFFFFFF),
    "bold": st.booleans(),
    "italic": st.booleans(),
    "underline": st.booleans(),
    "scalex": st.floats(0, 400, allow_nan=False),
    "angle": st.floats(-360, 360, allow_nan=False),
    "borderstyle": st.sampled_from((1, 3)),
    "outline": st.floats(0, 10, allow_nan=False) | st.integers(0, 10),
    "alignment": st.integers(1, 9),
    "marginv": st.integers(-50, 500),
    "encoding": st.integers(0, 255),
}


@given(st.data())
def test_a_corpus_style_edited_writes_the_edit_and_keeps_the_rest(data: st.DataObject) -> None:
    line, ssa = data.draw(st.sampled_from(_corpus()))
    style = read_style(line, ssa)
    attr = data.draw(st.sampled_from(sorted(_FIELDS)))
    value: Any = data.draw(_FIELDS[attr])
    edited = dataclasses.replace(style, **{attr: value})
    written, lost = style_line(edited, False)
    assert lost == []
    assert read_style(written, False) == edited
    if not ssa:  # every other field spelt as it was (the spaces around it aside: a field is read stripped)
        was, now = line.partition(":")[2].split(","), written.partition(":")[2].split(",")
        changed = [k for k, (a, b) in enumerate(zip(was, now, strict=True)) if a.strip() != b.strip()]
        assert len(changed) <= 1


_NAME = st.text(st.characters(codec="utf-8", exclude_characters=",\n\r\x85\u2028\u2029"), min_size=1).filter(
    lambda s: s == s.strip() and s.isprintable() and not s.startswith("*") and s.lower() != "default"
)  # (a leading '*' and 'default' but 'Default' are no names an event can use: refused)
styles = st.builds(Style, name=_NAME, **_FIELDS)


@given(styles)
def test_a_generated_style_reads_back_from_its_line_and_through_an_ass_file(style: Style) -> None:
    line, lost = style_line(style, False)
    assert lost == [] and read_style(line, False) == style
    track = subconv.set_style(subconv.loads(SRT, "srt"), style)
    back = subconv.loads(subconv.dumps(track, "ass"), "ass")
    assert subconv.track_styles(back)[style.name] == style
    assert subconv.track_styles(subconv.set_style(back, style)) == subconv.track_styles(back)


@given(styles)
def test_an_unedited_style_set_again_leaves_the_track_as_it_was(style: Style) -> None:
    track = subconv.set_style(subconv.loads(SRT, "srt"), style)
    again = subconv.loads(subconv.dumps(track, "ass"), "ass")
    for s in subconv.track_styles(again).values():
        assert subconv.set_style(again, s) == again


@given(
    st.builds(
        Style,
        name=_NAME,
        secondarycolor=st.integers(0, 0xFFFFFFFF) | st.sampled_from((0x00FFFF00, 0x80FFFF00)),
        backcolor=st.integers(0, 0xFFFFFFFF) | st.sampled_from((0x80000000, 0x80123456)),
        shadow=st.sampled_from((0.0, 2.0)),
        **_FIELDS,
    )
)
def test_a_style_written_as_ssa_reads_back_the_same_unless_it_says_what_it_lost(style: Style) -> None:
    line, lost = style_line(style, True)
    assert lost or read_style(line, True) == style


def test_a_style_is_immutable_and_says_how_to_edit_it() -> None:
    style = subconv.track_styles(subconv.loads(SSA, "ssa"))["Top"]
    with pytest.raises(dataclasses.FrozenInstanceError, match=r"dataclasses.replace\(style, fontsize=...\)"):
        style.fontsize = 30  # type: ignore[misc]


@pytest.mark.parametrize(
    ("change", "field", "said"),
    [
        ({"primarycolor": -1}, "primarycolor", "is not a colour"),
        ({"primarycolor": "red"}, "primarycolor", "is not a number"),
        ({"backcolor": 1 << 32}, "backcolor", "is not a colour"),
        ({"alignment": 0}, "alignment", "is not a numpad position 1-9"),
        ({"fontsize": -3}, "fontsize", "is not above 0"),
        ({"fontsize": float("nan")}, "fontsize", "is not a finite number"),
        ({"name": "A, B"}, "name", "cannot hold a comma"),
        ({"name": ""}, "name", "is empty"),
        ({"fontname": " Arial"}, "fontname", "cannot begin or end with a space"),
        ({"bold": 1}, "bold", "is not True or False"),
        ({"marginl": 1.5}, "marginl", "is not a whole number"),
        ({"borderstyle": 2}, "borderstyle", "is not 1"),
    ],
)
def test_a_bad_value_is_a_style_error_naming_the_field(change: dict[str, object], field: str, said: str) -> None:
    with pytest.raises(StyleError, match=said) as caught:
        Style(**{"name": "Sign", **change})  # type: ignore[arg-type]
    assert caught.value.field == field and field in str(caught.value)
    assert isinstance(caught.value, ValueError)
    read = subconv.track_styles(subconv.loads(SSA, "ssa"))["Top"]
    with pytest.raises(StyleError, match=said):
        dataclasses.replace(read, **change)  # type: ignore[arg-type]


def test_a_style_read_keeps_what_the_file_says_and_pickles() -> None:
    odd = "Style: Odd,Arial,20,&H00FFFFFF,&H0000FFFF,&H00000000,&H00000000,700,0,0,0,100,100,0,0,1,2,2,0,10,10,10,1"
    track = subconv.set_style(subconv.loads(SRT, "srt"), read_style(odd, False))
    style = subconv.track_styles(track)["Odd"]
    assert (style.alignment, style.bold) == (0, True)  # (as read: alignment 0 is the file's)
    assert track.meta["ass.styles"] == (odd,)
    edited = dataclasses.replace(style, fontsize=30)  # the other fields as they were spelt
    assert style_line(edited, False)[0] == odd.replace(",20,", ",30,")
    assert pickle.loads(pickle.dumps(style)) == style
    assert Style("Sign") == read_style("Style: Sign", False)  # (libass's defaults)
    light = read_style(odd.replace(",700,", ",400,"), False)  # (a weight below 500 is not bold, as the writers take it)
    assert not light.bold and style_line(light, False)[0] == odd.replace(",700,", ",400,")


def test_styles_of_a_script_and_of_a_track_without_any() -> None:
    ssa = subconv.loads(SSA, "ssa")
    styles = subconv.track_styles(ssa)
    assert list(styles) == ["Default", "Top"]
    assert (styles["Top"].alignment, styles["Top"].primarycolor, styles["Default"].bold) == (8, 0xFF0000, True)
    with pytest.raises(TypeError):
        styles["X"] = Style("X")  # type: ignore[index]
    assert subconv.track_styles(subconv.loads(SRT, "srt")) == {}


def test_an_srt_track_given_a_style_writes_it_in_ass_and_ssa_and_srt_is_unchanged() -> None:
    track = subconv.loads(SRT, "srt")
    sign = Style("Sign", fontsize=30, primarycolor=0xFF0000, alignment=8, underline=True)
    styled = subconv.set_style(track, sign)
    assert subconv.dumps(styled, "srt") == subconv.dumps(track, "srt")
    assert subconv.dumps(styled, "vtt") == subconv.dumps(track, "vtt")
    ass = subconv.dumps(styled, "ass")
    section = ass.split("[V4+ Styles]\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert section[2] == (
        "Style: Sign,Arial,30,&H000000FF,&H0000FFFF,&H00000000,&H00000000,0,0,-1,0,100,100,0,0,1,2,2,8,10,10,10,1"
    )
    assert section[1].startswith("Style: Default,")  # (the writer's, as before)
    report = subconv.Report()
    ssa = subconv.dumps(styled, "ssa", report=report)
    assert "Style: Sign,Arial,30,255,65535,0,0,0,0,1,2,2,6,10,10,10,0,1" in ssa
    assert [e.reason for e in report.entries if "Sign" in e.reason] == [
        "style Sign: the alpha of BackColour &H00000000 (SSA draws a shadow half transparent): not carried to SSA",
        "style Sign: Underline -1: not carried to SSA",
    ]


def test_an_ssa_script_keeps_its_spelling_and_refuses_what_ssa_cannot_hold() -> None:
    track = subconv.loads(SSA, "ssa")
    default = subconv.track_styles(track)["Default"]
    bigger = subconv.set_style(track, dataclasses.replace(default, fontsize=30))
    assert bigger.meta["ass.styles"][0] == "Style: Default,Tahoma,30,16777215,65535,12345,0,-1,0,1,2,2,2,30,30,10,0,0"
    assert bigger.meta["ass.styles"][1] == track.meta["ass.styles"][1]
    assert "Style: Default,Tahoma,30,16777215,65535,12345," in subconv.dumps(bigger, "ssa")
    with pytest.raises(StyleError, match="an SSA script's style cannot hold Underline"):
        subconv.set_style(track, dataclasses.replace(default, underline=True))


def test_rename_remove_and_import() -> None:
    track = subconv.loads(SSA, "ssa")
    renamed = subconv.rename_style(track, "Top", "Sign")
    assert list(subconv.track_styles(renamed)) == ["Default", "Sign"]
    assert renamed.meta["ass.styles"][1] == track.meta["ass.styles"][1].replace("Top", "Sign")
    assert [c.extras.get("ass.style", "Default") for c in renamed] == ["Default", "Sign"]
    assert "0:00:04.00,Sign," in subconv.dumps(renamed, "ssa")
    main = subconv.rename_style(track, "Default", "Main")
    assert [c.extras.get("ass.style") for c in main] == ["Main", "Top"]
    with pytest.raises(StyleError, match="has a style 'Top'"):
        subconv.rename_style(track, "Default", "Top")
    with pytest.raises(KeyError, match="the track's styles are 'Default', 'Top'"):
        subconv.rename_style(track, "Nope", "X")
    with pytest.raises(StyleError, match=r"style 'Top' is the style of 1 cue\(s\), the first cue 1 \(line 13\)"):
        subconv.remove_style(track, "Top")
    with pytest.raises(StyleError, match=r"remove_style\(track, 'Default', reassign='Top'\)"):
        subconv.remove_style(track, "Default")  # (the advice names another style, not the one removed)
    moved = subconv.remove_style(track, "Top", reassign="Default")
    assert list(subconv.track_styles(moved)) == ["Default"] and "ass.style" not in moved[1].extras
    unused = subconv.remove_style(track.remove(1), "Top")
    assert unused.meta["ass.styles"] == track.meta["ass.styles"][:1]
    srt = subconv.loads(SRT, "srt")
    both = subconv.import_styles(srt, track)
    assert subconv.track_styles(both) == subconv.track_styles(track)
    mine = subconv.set_style(srt, Style("Top", fontsize=99))
    assert subconv.track_styles(subconv.import_styles(mine, track, overwrite=False))["Top"].fontsize == 99
    assert subconv.track_styles(subconv.import_styles(mine, track))["Top"].fontsize == 20


def test_script_info_read_set_and_removed() -> None:
    track = subconv.loads(SSA, "ssa")
    assert dict(subconv.script_info(track)) == {"ScriptType": "v4.00", "Title": "Old"}
    assert dict(subconv.script_info(track.replace(title="New"))) == {"ScriptType": "v4.00", "Title": "New"}
    wide = subconv.set_info(track, "PlayResX", 1280)
    assert subconv.script_info(wide)["PlayResX"] == "1280"
    assert "\nPlayResX: 1280\n" in subconv.dumps(wide, "ass")
    titled = subconv.set_info(track, "Title", "New")
    assert titled.title == "New" and "\nTitle: New\n" in subconv.dumps(titled, "ssa")
    untitled = subconv.remove_info(track, "Title")
    assert untitled.title is None and "Title" not in subconv.dumps(untitled, "ssa")
    with pytest.raises(KeyError):
        subconv.remove_info(track, "PlayResY")
    with pytest.raises(StyleError, match="ScriptType is the format written's"):
        subconv.set_info(track, "ScriptType", "v4.00+")
    with pytest.raises(StyleError, match="key 'A:B'"):
        subconv.set_info(track, "A:B", "1")
    with pytest.raises(StyleError, match="line break"):
        subconv.set_info(track, "Comment", "a\nb")
    srt = subconv.set_info(subconv.loads(SRT, "srt"), "PlayResY", "720")
    assert "\nPlayResY: 720\n" in subconv.dumps(srt, "ass") and subconv.dumps(srt, "srt") == SRT


def test_pysubs2_habits_say_the_way_here() -> None:
    track = subconv.loads(SRT, "srt")
    for habit, way in (("styles", "track_styles"), ("info", "script_info"), ("rename_style", "rename_style")):
        with pytest.raises(AttributeError, match=f"subconv.{way}"):
            getattr(track, habit)


def test_edited_styles_travel_to_and_from_pysubs2() -> None:
    sign = Style("Sign", fontsize=30, primarycolor=0x80FF0000, bold=True, alignment=8, marginv=40, angle=12.5)
    subs = subconv.set_style(subconv.loads(SRT, "srt"), sign).to_pysubs2()
    got = subs.styles["Sign"]
    assert (got.fontsize, got.primarycolor, got.bold, got.alignment, got.marginv, got.angle) == (
        30,
        pysubs2.Color(255, 0, 0, 0x80),
        True,
        pysubs2.Alignment.TOP_CENTER,
        40,
        12.5,
    )
    got.fontsize, got.secondarycolor, got.underline = 44, pysubs2.Color(1, 2, 3, 4), True
    subs.styles["Extra"] = pysubs2.SSAStyle(fontname="Verdana", italic=True)
    back = subconv.track_styles(subconv.Track.from_pysubs2(subs))
    want = dataclasses.replace(sign, fontsize=44, secondarycolor=0x04010203, underline=True)
    assert back["Sign"] == want
    extra = pysubs2.SSAStyle()
    assert back["Extra"] == Style(
        "Extra",
        fontname="Verdana",
        fontsize=extra.fontsize,
        italic=True,
        secondarycolor=0xFF0000,
        backcolor=0,
        outline=extra.outline,
        shadow=extra.shadow,
        marginl=extra.marginl,
        marginr=extra.marginr,
        marginv=extra.marginv,
    )


def test_import_subconv_still_loads_no_ass_module() -> None:
    """The style names are imported from ``subconv`` when first used (they load the ASS format)."""
    import subprocess
    import sys

    code = "import sys, subconv; print([m for m in sys.modules if m.startswith('subconv.formats.ass')]); subconv.Style"
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(("key", "value", "want"), [("PlayResX", 1280, (1280, 720)), ("PlayResY", 480, (853, 480))])
def test_one_play_res_given_keeps_the_default_proportion(key: str, value: int, want: tuple[int, int]) -> None:
    """``set_info(t, "PlayResX", 1280)`` on a track read from SRT: the script declares 1280x720,
    not 1280x1080 (the other of subconv's 1920x1080 kept), which drew every line squeezed."""
    track = subconv.set_info(subconv.loads(SRT, "srt"), key, value)
    lines = subconv.dumps(track, "ass").splitlines()
    assert f"PlayResX: {want[0]}" in lines and f"PlayResY: {want[1]}" in lines

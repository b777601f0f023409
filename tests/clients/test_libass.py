"""libass (ffmpeg's ``subtitles`` filter) draws our ASS: text at cue midpoints, nothing between
cues, and braces/backslashes from the text drawn as text rather than read as override tags."""

from __future__ import annotations

from pathlib import Path

import pytest

import subconv
from subconv.formats.ass.reader import ASS_STYLE_FORMAT, SSA_STYLE_FORMAT
from subconv.model import Cue, Track

from .engines import ink, render_gray

pytestmark = pytest.mark.clients

W, H = 320, 240
RATE = 10  # frames per second rendered


def render(track: Track, tmp: Path, seconds: int) -> list[tuple[int, tuple[int, int, int, int] | None]]:
    path = tmp / "out.ass"
    path.write_text(subconv.dumps(track, "ass"), encoding="utf-8")
    return [ink(f, W) for f in render_gray(path, seconds, (W, H), RATE)]


Ink = tuple[int, tuple[int, int, int, int] | None]


def at(frames: list[Ink], ms: int) -> Ink:
    return frames[ms * RATE // 1000]


def test_text_shows_at_midpoints_and_not_between(libass: str, writers: None, tmp_path: Path) -> None:
    track = Track(
        (
            Cue(1000, 3000, ("Hello world",)),
            Cue(4000, 5500, ("Second cue", "two lines")),
            Cue(7000, 8000, ("日本語 العربية",)),
        )
    )
    frames = render(track, tmp_path, 10)
    for c in track.cues:
        assert c.start is not None and c.end is not None
        count, box = at(frames, (c.start + c.end) // 2)
        assert count > 50, f"nothing drawn at the middle of {c.text!r}"
        assert box is not None and box[1] > H // 2, "bottom-centre cue drawn elsewhere"
    for ms in (500, 3500, 6200, 9000):
        assert at(frames, ms)[0] == 0, f"something drawn at {ms} ms, between cues"
    # the two-line cue is taller than the one-line cue
    one, two = at(frames, 2000)[1], at(frames, 4700)[1]
    assert one is not None and two is not None
    assert (two[3] - two[1]) > 1.5 * (one[3] - one[1])


def _extent(frames: list[tuple[int, tuple[int, int, int, int] | None]], ms: int) -> tuple[int, int, int, int]:
    count, box = at(frames, ms)
    assert count > 0 and box is not None, f"nothing drawn at {ms} ms"
    return box


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ("{\\an8}x", "x"),  # as a tag it would move "x" to the top and vanish
        ("{\\i1}ab{\\i0}", "ab"),
        ("{note} x", "x"),
        ("a\\Nb", "ab"),  # as an escape it would break the line
        ("c:\\h\\n", "c:"),
    ],
)
def test_braces_and_backslashes_are_drawn_as_text(
    text: str, bare: str, libass: str, writers: None, tmp_path: Path
) -> None:
    track = Track((Cue(1000, 2000, (text,)), Cue(3000, 4000, (bare,))))
    frames = render(track, tmp_path, 5)
    full, plain = _extent(frames, 1500), _extent(frames, 3500)
    full_w, plain_w = full[2] - full[0], plain[2] - plain[0]
    assert full_w > plain_w + 8, f"{text!r} drawn no wider than {bare!r}: its markup was read as tags"
    assert full[1] > H // 2, f"{text!r} not drawn at the bottom: an alignment tag was obeyed"
    # one line, like the bare text
    assert abs((full[3] - full[1]) - (plain[3] - plain[1])) <= 6, f"{text!r} drawn on several lines"


_STYLED = (
    "[Script Info]\nScriptType: v4.00+\nPlayResX: 320\nPlayResY: 240\nScaledBorderAndShadow: yes\n\n[V4+ Styles]\n"
    "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, "
    "Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, "
    "MarginR, MarginV, Encoding\n"
    "Style: Big,DejaVu Sans,48,&H0000FFFF,&H000000FF,&H00402000,&H80402000,-1,0,0,0,100,100,0,0,1,3,2,7,10,10,10,1\n"
    "Style: Box,DejaVu Sans,30,&H30FFFFFF,&H300000FF,&H300000C0,&H80000000,0,-1,0,0,100,100,0,0,3,2,0,6,10,10,10,1\n\n"
    "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    "Dialogue: 0,0:00:00.50,0:00:01.50,Big,,0,0,0,,Big yellow\n"
    "Dialogue: 0,0:00:02.00,0:00:03.00,Box,,0,0,0,,In a box\n"
)


def _frames(text: str, tmp: Path, name: str) -> list[bytes]:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return render_gray(path, 4, (W, H), RATE)


def test_styles_converted_between_ass_and_ssa_draw_the_same(libass: str, writers: None, tmp_path: Path) -> None:
    """ASS -> SSA -> ASS: libass draws every frame of each the same as the source (before, SSA
    got only a Default style: the cues were drawn small, white and at the bottom)."""
    ssa = subconv.dumps(subconv.loads(_STYLED, "ass"), "ssa")
    ass = subconv.dumps(subconv.loads(ssa, "ssa"), "ass")
    source = _frames(_STYLED, tmp_path, "source.ass")
    assert max(ink(f, W)[0] for f in source) > 500
    assert _frames(ssa, tmp_path, "out.ssa") == source
    assert _frames(ass, tmp_path, "back.ass") == source


_UNSCALED = (
    "[Script Info]\nScriptType: {kind}\nPlayResX: 160\nPlayResY: 120\n\n{styles}\n"
    "Style: Default,DejaVu Sans,20,{white},{white},{black},{black},0,0,{middle}1,4,3,2,10,10,10,{tail}\n\n"
    "[Events]\nFormat: {first}, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    "Dialogue: {zero},0:00:00.00,0:00:01.00,Default,,0,0,0,,Outlined\n"
)
_ASS_HEAD = "[V4+ Styles]\nFormat: " + ASS_STYLE_FORMAT
_SSA_HEAD = "[V4 Styles]\nFormat: " + SSA_STYLE_FORMAT


def _flavoured(template: str, kind: str, **more: str) -> str:
    """``template`` filled in for an ASS or an SSA script (the fields and values that differ)."""
    ass = kind == "ass"
    return template.format(
        kind="v4.00+" if ass else "v4.00",
        styles=_ASS_HEAD if ass else _SSA_HEAD,
        white="&H00FFFFFF" if ass else "16777215",
        black="&H00000000" if ass else "0",
        middle="0,0,100,100,0,0," if ass else "",
        tail="1" if ass else "0,1",
        first="Layer" if ass else "Marked",
        zero="0" if ass else "Marked=0",
        **more,
    )


def _drawn(tmp_path: Path, source: tuple[str, str], out: tuple[str, str]) -> list[bytes]:
    """The first frame libass draws of each script (``(file name, text)``), over a colour."""
    frames = []
    for name, text in (source, out):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        frames.append(render_gray(path, 1, (640, 480), 2, "0x406080")[0])
    return frames


@pytest.mark.parametrize("kind", ["ass", "ssa"])
def test_scripts_without_scaled_border_line_draw_the_same_as_ass(
    kind: str, libass: str, writers: None, tmp_path: Path
) -> None:
    """A script without ``ScaledBorderAndShadow`` (libass: no) converted to ASS draws its
    outline and shadow as the source does (before, the writer added ``yes``: scaled 4x here)."""
    source = _flavoured(_UNSCALED, kind)
    out = subconv.dumps(subconv.loads(source, kind), "ass")
    frames = _drawn(tmp_path, (f"source.{kind}", source), ("out.ass", out))
    assert frames[1] == frames[0]


_NO_PLAY_RES = (
    "[Script Info]\nScriptType: {kind}\n{res}\n{styles}\n"
    "Style: Default,DejaVu Sans,24,{white},{white},{black},{black},0,0,{middle}1,2,0,2,10,10,30,{tail}\n\n"
    "[Events]\nFormat: {first}, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    "Dialogue: {zero},0:00:00.00,0:00:01.00,Default,,0,0,0,,Drawn at its PlayRes\n"
    "Dialogue: {zero},0:00:00.00,0:00:01.00,Default,,0,0,0,,{{\\pos(100,60)}}placed\n"
)


@pytest.mark.parametrize("res", ["", "PlayResY: 200\n", "PlayResX: 1280\n"])
@pytest.mark.parametrize(("kind", "to"), [("ass", "ass"), ("ssa", "ass"), ("ass", "ssa")])
def test_scripts_without_play_res_draw_the_same_converted(
    res: str, kind: str, to: str, libass: str, writers: None, tmp_path: Path
) -> None:
    """A script without PlayResX/Y (libass: 384x288) or with one of them (libass makes the
    other) converted draws its text, margins and positions as the source does (before, the
    writer added 1920x1080: all drawn several times smaller)."""
    source = _flavoured(_NO_PLAY_RES, kind, res=res)
    out = subconv.dumps(subconv.loads(source, kind), to)
    frames = _drawn(tmp_path, (f"source.{kind}", source), (f"out.{to}", out))
    assert ink(frames[0], 640)[0] > 500
    assert frames[1] == frames[0]


def test_corpus_script_without_play_res_draws_the_same(
    libass: str, writers: None, shared: Path, tmp_path: Path
) -> None:
    """The libass regression script ``ffmpeg_legacy2.ass`` (no PlayRes) converted to ASS and to
    SSA draws as the source does."""
    src = shared / "corpus" / "odd" / "libass-tests" / "regression" / "scaled-border-default" / "ffmpeg_legacy2.ass"
    if not src.is_file():
        pytest.skip(f"{src} is absent")
    source = src.read_text(encoding="utf-8-sig")
    drawn = render_gray(src, 9, (640, 480), 1, "0x406080")[8]  # (its event: 7.44 s to 10.37 s)
    assert ink(drawn, 640)[0] > 500
    for to in ("ass", "ssa"):
        path = tmp_path / f"out.{to}"
        path.write_text(subconv.dumps(subconv.loads(source, "ass"), to), encoding="utf-8")
        assert render_gray(path, 9, (640, 480), 1, "0x406080")[8] == drawn, to


_JOINED = (
    "[Script Info]\nScriptType: v4.00+\nPlayResX: 160\nPlayResY: 120\n\n" + _ASS_HEAD + "\n"
    "Style: Default,DejaVu Sans,14,&H00FFFFFF,&H00FFFFFF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,1,0,2,5,5,5,1\n\n"
    "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    "Dialogue: 0,0:00:00.00,0:00:01.00,Default,,0,0,0,,{\\an7\\pos(10,10)\\fs20\\b1}Big{\\b0\\fs}, then small\n"
    "Dialogue: 0,0:00:00.00,0:00:01.00,Default,,0,0,0,,{\\an3\\bord3\\i1}leaning{\\i0\\1c&H0000FF&} red\n"
)


def test_tags_written_in_the_blocks_they_stood_in_draw_as_blocks_apart(
    libass: str, writers: None, tmp_path: Path
) -> None:
    """An edited event whose placement and span tags stood in the blocks of the tags kept as they
    are is written so again (``ass.tags.joined``), and libass draws it as the same event with
    them in blocks of their own (how the writer wrote every such event before)."""
    edited = subconv.loads(_JOINED, "ass").map_text(lambda s: s.replace("then", "and"))
    joined = subconv.dumps(edited, "ass")
    assert "{\\an7\\pos(10,10)\\fs20\\b1}Big{\\b0\\fs}, and small" in joined
    # (without the text as read, ``ass.raw``, the edit is not made in it: the model is written)
    unjoined = (c.replace(extras=c.extras.without("ass.tags.joined", "ass.raw")) for c in edited)
    apart = subconv.dumps(edited.with_cues(unjoined), "ass")
    assert "{\\an7}{\\pos(10,10)\\fs20}{\\b1}Big{\\b0}{\\fs}, and small" in apart
    frames = _drawn(tmp_path, ("apart.ass", apart), ("joined.ass", joined))
    assert ink(frames[0], 640)[0] > 500
    assert frames[1] == frames[0]

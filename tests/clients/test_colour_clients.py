"""ffmpeg and pysubs2 read the colours subconv writes as it means them: ffmpeg turns each SRT
``<font color>`` into an ASS ``\\c`` over the same characters (a colour kept from a font over
part of a cue, or read from TTML's ``tts:color``), and pysubs2 reads the same text from the SRT
and the TTML written with colour spans (it keeps no colour of either)."""

from __future__ import annotations

from pathlib import Path

import pytest

import subconv
from subconv.model import Track
from tests.clients.engines import ffmpeg_ass
from tests.formats.helpers import drawn_colours

pytestmark = pytest.mark.clients

_SRT = (
    "1\n00:00:01,000 --> 00:00:02,000\n"
    'Hello <font size=9 color="#ff0000">red</font> world\n\n'
    "2\n00:00:03,000 --> 00:00:04,000\n"
    "<font color=lime>all <font color=blue>of</font>\n<i>it</i></font>\n\n"
    "3\n00:00:05,000 --> 00:00:06,000\n"
    'one <font color="#FFFF00">two</font> <font color="#00ffff" face="Serif">three</font>\n'
)
_TTML = (
    '<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling"><body><div>'
    '<p begin="1s" end="2s" tts:color="white">white <span tts:color="rgb(255,0,255)">magenta</span></p>'
    '<p begin="3s" end="4s">plain <span tts:color="red">red</span><br/>plain</p>'
    "</div></body></tt>"
)


def _tracks() -> list[Track]:
    return [subconv.loads(_SRT, "srt"), subconv.loads(_TTML, "ttml")]


@pytest.mark.parametrize("source", ["srt", "ttml"])
def test_ffmpeg_draws_each_colour_of_the_srt_written_over_its_characters(
    ffmpeg: str, tmp_path: Path, source: str
) -> None:
    track = _tracks()[source == "ttml"]
    path = tmp_path / "out.srt"
    path.write_text(subconv.dumps(track, "srt"), encoding="utf-8")
    ass = ffmpeg_ass(path)
    seen = subconv.loads(ass, "ass").cues
    assert [c.text for c in seen] == [c.text for c in track.cues]
    assert [drawn_colours(c) for c in seen] == [drawn_colours(c) for c in track.cues]
    assert sum(rgb is not None for c in track.cues for rgb in drawn_colours(c)) > 10


@pytest.mark.parametrize("fmt", ["srt", "ttml"])
def test_pysubs2_reads_the_text_of_the_colours_written(tmp_path: Path, fmt: str) -> None:
    pysubs2 = pytest.importorskip("pysubs2")
    for k, track in enumerate(_tracks()):
        path = tmp_path / f"out{k}.{fmt}"
        path.write_text(subconv.dumps(track, fmt), encoding="utf-8")
        seen = pysubs2.load(str(path))
        assert [(e.start, e.end, e.plaintext) for e in seen] == [(c.start, c.end, c.text) for c in track.cues]


def test_ffmpeg_draws_an_ass_style_colour_carried_to_srt_over_the_whole_cue(ffmpeg: str, tmp_path: Path) -> None:
    """A style's colour written to SRT as ``<font color>`` over each cue drawn in it (an inline
    ``{\\c}`` winning for its stretch, ``{\\r}`` the style's colour again) is read by ffmpeg as
    ``\\c`` over the same characters."""
    from tests.formats.test_ass_style_colour import SCRIPT

    path = tmp_path / "styled.srt"
    path.write_text(subconv.dumps(subconv.loads(SCRIPT, "ass"), "srt"), encoding="utf-8")
    ass = ffmpeg_ass(path)
    seen = subconv.loads(ass, "ass").cues
    red, blue = "ff0000", "0000ff"
    assert [c.text for c in seen] == ["Red line", "Red blue red", "White green white"]
    assert [drawn_colours(c) for c in seen] == [
        [red] * 8,
        [red] * 4 + [blue] * 4 + [red] * 4,
        [None] * 6 + ["00ff00"] * 5 + [None] * 6,
    ]
    assert [[sp.kind for sp in c.spans] for c in seen][:1] == [["b", "i"]]


_MICRODVD = (
    "{1}{1}25\n"
    "{25}{50}{c:$0000FF}Red|text\n"
    "{75}{100}{y:i}Ital|plain\n"
    "{125}{150}{Y:i}Ital|both\n"
    "{175}{200}one|{c:$00FF00}green|{y:b}bold|{C:$FF0000}blue|rest\n"
    "{225}{250}{Y:u}{C:$00FFFF}all|of|it\n"
)


def test_ffmpeg_reads_microdvd_codes_over_the_lines_subconv_reads_them_over(ffmpeg: str, tmp_path: Path) -> None:
    """A small letter's code (``{y:i}``, ``{c:$BBGGRR}``) holds for its line, a capital's for the
    rest of the cue: subconv reads each over the characters ffmpeg draws it over (before, every
    code held for the whole cue)."""
    path = tmp_path / "codes.sub"
    path.write_text(_MICRODVD, encoding="utf-8")
    ass = ffmpeg_ass(path)
    seen = subconv.loads(ass, "ass").cues
    ours = subconv.loads(_MICRODVD, "microdvd").cues
    assert [c.text for c in seen] == [c.text for c in ours]
    assert [drawn_colours(c) for c in seen] == [drawn_colours(c) for c in ours]

    def styled(cue: subconv.Cue) -> set[tuple[str, int]]:
        return {(sp.kind, i) for sp in cue.spans for i in range(sp.start, sp.end) if cue.text[i] != "\n"}

    assert [styled(c) for c in seen] == [styled(c) for c in ours]

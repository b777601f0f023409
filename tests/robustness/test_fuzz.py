"""Fuzzing every reader: whatever the bytes, only ``SubconvError`` subclasses escape.

Three generators: raw bytes, token soup built from each format's syntax, and
mutations (delete, duplicate, swap lines, insert random bytes, truncate) of
valid files.  A successful read is also pushed through the pipeline and the
SRT writer, which must not crash either.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

if TYPE_CHECKING:
    from tests.robustness.robust_helpers import READERS, require_format
else:
    from robust_helpers import READERS, require_format

import subconv
from subconv.errors import SubconvError
from subconv.formats import get
from subconv.report import Report

_SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SEEDS: dict[str, str] = {
    "srt": (
        "1\n00:00:01,000 --> 00:00:02,500\n<i>Hello</i> there\n\n"
        "2\n00:00:03,000 --> 00:00:04,000 X1:10 X2:20\nTwo\nlines\n\n"
        '3\n00:00:05,5 --> 00:00:06.25\n{\\an8}Top <b>bold</b> <font color="red">red</font>\n'
    ),
    "vtt": (
        "WEBVTT - header\n\nNOTE a note\n\nSTYLE\n::cue { color: red }\n\n"
        "intro\n00:01.000 --> 00:02.500 line:0 position:10% align:start\n<v Bob>Hi</v> <c.x>there</c> &amp; &lt;\n\n"
        "00:00:03.000 --> 00:00:04.000\n<00:00:03.500><i>word</i> <ruby>漢<rt>kan</rt></ruby>\n"
    ),
    "ass": (
        "[Script Info]\nScriptType: v4.00+\nPlayResX: 640\nPlayResY: 360\n\n"
        "[V4+ Styles]\nFormat: Name, Fontname, Fontsize, PrimaryColour, Bold, Italic, Alignment\n"
        "Style: Default,Arial,20,&H00FFFFFF,0,0,2\n\n"
        "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        "Dialogue: 0,0:00:01.00,0:00:02.50,Default,Bob,0,0,0,,{\\i1}Hi{\\i0}\\Nthere {\\pos(10,20)}x\n"
        "Comment: 0,0:00:03.00,0:00:04.00,Default,,0,0,0,,note\n"
        "Dialogue: 0,0:00:05.00,0:00:06.00,Default,,0,0,0,,{\\p1}m 0 0 l 10 10{\\p0}\n"
    ),
    "ssa": (
        "[Script Info]\nScriptType: v4.00\n\n[V4 Styles]\nFormat: Name, Fontname, Fontsize\nStyle: Default,Arial,20\n\n"
        "[Events]\nFormat: Marked, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        "Dialogue: Marked=0,0:00:01.00,0:00:02.00,Default,,0000,0000,0000,,Hello\\nworld\n"
    ),
    "page": (
        "# Episode 12 transcript\n\n**Host:** Welcome back. [00:12]\n\n- Bullet caption one\n- Bullet caption two\n\n"
        '<div class="caption"><p>Hello <b>there</b></p></div>\n'
        "Alice (00:01:02): And then?\n00:01:05 Paragraph text.\n"
    ),
}

_TOKENS = st.sampled_from(
    [
        "\n",
        "\n\n",
        "\r\n",
        " ",
        "1",
        "0",
        "99",
        "-",
        ":",
        ",",
        ".",
        "-->",
        "->",
        "00:00:01,000",
        "00:01.000",
        "0:00:01.00",
        "99:99:99,999",
        "-00:00:01,000",
        "WEBVTT",
        "NOTE",
        "STYLE",
        "REGION",
        "[Script Info]",
        "[Events]",
        "[V4+ Styles]",
        "Format:",
        "Dialogue:",
        "Style:",
        "Comment:",
        "Layer, Start, End, Text",
        "<i>",
        "</i>",
        "<b>",
        "<v Bob>",
        "</v>",
        "<c.x>",
        "<ruby>",
        "<rt>",
        "<00:00:01.000>",
        "<",
        ">",
        "&",
        "&amp;",
        "&#60;",
        "&#x;",
        "&#99999999;",
        "{",
        "}",
        "{\\i1}",
        "{\\an8}",
        "{\\p1}",
        "\\N",
        "\\",
        "<div>",
        "</div>",
        "<script>",
        "<p>",
        "**Bob:**",
        "[00:12]",
        "(00:01:02)",
        "\ufeff",
        "\u2060",
        "\u200b",
        "\u202e",
        "\x00",
        "\x1b",
        "字幕",
        "😀",
        "é",
        "\t",
        "align:start",
        "line:-1",
        "position:150%",
        "X1:",
        "#",
        "- ",
    ]
)


def _read(name: str, text: str) -> subconv.Track | None:
    try:
        return get(name).read(text, Report())
    except SubconvError:
        return None


def _through_pipeline(name: str, track: subconv.Track) -> None:
    report = Report()
    try:
        processed = subconv.process(track, name, report=report)
        subconv.dumps(processed, "srt", report=report)
    except SubconvError:
        pass


@pytest.mark.parametrize("name", READERS)
@_SETTINGS
@given(data=st.binary(max_size=3000))
def test_reader_on_random_bytes(name: str, data: bytes) -> None:
    require_format(name)
    try:
        subconv.read(data, format=name)
    except SubconvError:
        pass


@pytest.mark.parametrize("name", READERS)
@_SETTINGS
@given(tokens=st.lists(_TOKENS, max_size=80))
def test_reader_on_token_soup(name: str, tokens: list[str]) -> None:
    require_format(name)
    track = _read(name, "".join(tokens))
    if track is not None:
        assert all(isinstance(c, subconv.Cue) for c in track.cues)


@st.composite
def _mutated(draw: st.DrawFn, seed: str) -> str:
    lines = seed.split("\n")
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "truncate", "replace-char"]))
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            junk = draw(st.binary(min_size=1, max_size=12)).decode("latin-1")
            pos = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:pos] + junk + lines[i][pos:]
        elif op == "truncate":
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        else:
            if lines[i]:
                pos = draw(st.integers(0, len(lines[i]) - 1))
                lines[i] = lines[i][:pos] + draw(st.sampled_from(list(":,.->0123456789 {}<>\\"))) + lines[i][pos + 1 :]
    return "\n".join(lines)


@pytest.mark.parametrize("name", READERS)
@_SETTINGS
@given(data=st.data())
def test_reader_on_mutated_valid_files(name: str, data: st.DataObject) -> None:
    require_format(name)
    text = data.draw(_mutated(SEEDS[name]))
    track = _read(name, text)
    if track is not None:
        _through_pipeline(name, track)


@pytest.mark.parametrize("name", READERS)
def test_seed_files_read(name: str) -> None:
    require_format(name)
    track = get(name).read(SEEDS[name], Report())
    assert len(track.cues) >= 1


@pytest.mark.parametrize("name", ["srt", "vtt", "ass"])
@_SETTINGS
@given(data=st.data())
def test_sniffing_then_reading_mutations_of_any_format(name: str, data: st.DataObject) -> None:
    """Format detection on mutated input, then the detected reader: only SubconvError."""
    require_format("srt", "vtt", "ass", "page")
    text = data.draw(_mutated(SEEDS[name]))
    try:
        subconv.loads(text)
    except SubconvError:
        pass

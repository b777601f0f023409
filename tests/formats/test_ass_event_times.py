"""ASS/SSA event lines whose time fields are wonky: a comma for the decimal point is read (as
FFmpeg reads it), never taken for a field separator that shifts the style into the time and the
text's first words into other fields; an event line dropped unread is said on standard error
with its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import Report, loads
from subconv.cli import main

HEAD = """[Script Info]
ScriptType: v4.00+

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Default,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,2,2,10,10,10,1
{extra}
[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
"""  # noqa: E501


def _script(*events: str, extra: str = "") -> str:
    return HEAD.format(extra=extra) + "".join(f"Dialogue: {e}\n" for e in events)


def test_a_comma_for_the_decimal_point_is_read_as_one() -> None:
    """Before, ``0:00:02,50`` ended the cue at 2 s, made ``50`` its style and ``Default`` its
    speaker, and its text began ``,Text``; pysubs2 reads it so too, FFmpeg reads 2.5 s."""
    report = Report()
    track = loads(
        _script(
            "0,0:00:01.00,0:00:02,50,Default,,0,0,0,,Text, with, commas",
            "0,0:00:03,25,0:00:04,00,Default,Ann,0,0,0,,Both, times",
            "0,0:00:05,0:00:06,Default,,0,0,0,,Whole, seconds",
        ),
        "ass",
        report=report,
    )
    got = [(c.start, c.end, c.speaker, c.lines, dict(c.extras).get("ass.style")) for c in track.cues]
    assert got == [
        (1000, 2500, None, ("Text, with, commas",), None),
        (3250, 4000, "Ann", ("Both, times",), None),
        (5000, 6000, None, ("Whole, seconds",), None),
    ]
    repaired = [(e.line, e.reason) for e in report.entries.of_action("repaired") if e.step == "ass"]
    assert repaired == [
        (10, "a comma for the decimal point in the time (End 0:00:02,50): read as a point"),
        (11, "a comma for the decimal point in the time (Start 0:00:03,25; End 0:00:04,00): read as a point"),
    ]


def test_a_colon_for_the_decimal_point_is_read_as_one() -> None:
    """``0:00:05:00`` (FFmpeg reads 5 s, pysubs2 too): before, the event was dropped."""
    report = Report()
    track = loads(_script("0,0:00:05:00,0:00:06:50,Default,,0,0,0,,Colon, here"), "ass", report=report)
    assert [(c.start, c.end, c.lines) for c in track.cues] == [(5000, 6500, ("Colon, here",))]
    assert [(e.line, e.reason) for e in report.entries.of_action("repaired")] == [
        (10, "a colon for the decimal point in the time (Start 0:00:05:00; End 0:00:06:50): read as a point")
    ]


def test_digits_that_name_a_style_stay_the_style() -> None:
    style = "Style: 50,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,2,2,10,10,10,1"
    track = loads(_script("0,0:00:01.00,0:00:02,50,Ann,0,0,0,,Text, here", extra=style), "ass")
    (cue,) = track.cues
    assert (cue.end, cue.speaker, dict(cue.extras).get("ass.style"), cue.lines) == (2000, "Ann", "50", ("Text, here",))


@settings(max_examples=50, deadline=None)
@given(
    st.integers(0, 9 * 3600_000 // 10),
    st.integers(0, 3600_000 // 10),
    st.sampled_from(".,:"),
    st.sampled_from(".,:"),
    st.lists(st.text(st.sampled_from("ab ,."), min_size=1, max_size=8).filter(str.strip), min_size=1, max_size=4),
)
def test_any_time_with_a_decimal_comma_or_colon_reads_as_with_a_point(
    start_cs: int, length_cs: int, start_sep: str, end_sep: str, words: list[str]
) -> None:
    def ass(cs: int, sep: str) -> str:
        h, rest = divmod(cs, 360_000)
        m, rest = divmod(rest, 6000)
        s, c = divmod(rest, 100)
        return f"{h}:{m:02}:{s:02}{sep}{c:02}"

    end_cs = start_cs + length_cs
    text = ",".join(w.strip() for w in words)
    wonky = loads(_script(f"0,{ass(start_cs, start_sep)},{ass(end_cs, end_sep)},Default,,0,0,0,,{text}"), "ass")
    plain = loads(_script(f"0,{ass(start_cs, '.')},{ass(end_cs, '.')},Default,,0,0,0,,{text}"), "ass")
    assert wonky.cues == plain.cues
    assert [(c.start, c.end) for c in wonky.cues] == [(start_cs * 10, end_cs * 10)]


def test_an_event_line_dropped_unread_is_said_with_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Before, only --report or --explain told of it: the run said nothing, exit 0."""
    src = tmp_path / "w.ass"
    src.write_text(
        _script(
            "0,0:00:00.50,0:00:01.00,Default,,0,0,0,,Good line",
            "0,0:00:01.0,0:00:0x.00,Default,,0,0,0,,Text, with, commas",
            "0,0:00:03.00,0:00:04.00,Default,,0,0,0,,After, it",
        ).replace("[Events]\n", "[Events]\n; a comment, said nowhere\n"),
        encoding="utf-8",
    )
    assert main(["convert", str(src), "--to", "srt", "-o", "-"]) == 0
    out, err = capsys.readouterr()
    assert err == f"subconv: warning: {src}:12: an event line was dropped: it could not be read\n"
    assert "Good line" in out and "After, it" in out
    src.write_text(
        _script(
            "0,0:00:01.0,0:00:0x.00,Default,,0,0,0,,a",
            "0,0:00:02",
            "0,x,y,Default,,0,0,0,,b",
            "0,0:00:05.00,0:00:06.00,Default,,0,0,0,,c",
        ),
        encoding="utf-8",
    )
    assert main(["convert", str(src), "--to", "srt", "-o", "-"]) == 0
    assert capsys.readouterr().err == (
        f"subconv: warning: {src}:10: 3 event lines were dropped: they could not be read "
        "(the first here; --explain lists each)\n"
    )

"""Digits are ASCII ``0``-``9`` (``timefmt.ascii_digits``): a ``²`` (which ``str.isdigit`` takes
and ``int`` refuses) or a ``١٢`` (which ``int`` takes) in an offset, an override tag or a time is
refused or read by the format's rules, never a traceback or an internal error; and ``--`` or an
encoding that cannot read text is a usage error."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import subconv
from subconv.cli import main
from subconv.errors import EncodingError

SRT = "1\n00:00:01,000 --> 00:00:02,000\nHello\n"
ASS = (
    "[Script Info]\nScriptType: v4.00+\n\n[V4+ Styles]\n"
    "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, "
    "Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, "
    "MarginR, MarginV, Encoding\n"
    "Style: Default,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,2,2,10,10,10,1\n\n"
    "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{{\\i{d}\\b{d}\\p{d}}}hello\n"
)
# characters that are digits to str.isdigit or to int() but not ASCII
DIGITLIKE = st.characters(categories=["Nd", "No"]).filter(lambda c: not c.isascii())


def _status(args: list[str]) -> int:
    try:
        return main(args)
    except SystemExit as exc:  # argparse's own errors
        return int(exc.code or 0)


@pytest.mark.parametrize(
    "args",
    [
        ["shift", "IN", "+²s"],
        ["shift", "IN", "+²ms"],
        ["shift", "IN", "+١٢"],  # (int() reads it: accepted before)
        ["shift", "IN", "0:0²"],
        ["retime", "IN", "--points", "²=3"],
        ["shift", "IN", "--", "--"],  # (Python 3.11 gave the offset as a list: a traceback)
        ["shift", "--", "IN", "--"],
        ["convert", "IN", "--encoding", "idna"],  # (an internal error: idna decodes "strict" only)
    ],
)
def test_bad_offsets_and_encodings_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    src = tmp_path / "in.srt"
    src.write_text(SRT.replace("Hello", "Café"), encoding="utf-8")
    assert _status([str(src) if a == "IN" else a for a in args]) == 2
    err = capsys.readouterr().err
    assert "subconv: error:" in err and "Traceback" not in err and "internal error" not in err


def test_dashdash_is_the_offset_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.srt"
    src.write_text(SRT, encoding="utf-8")
    assert _status(["shift", str(src), "--", "--"]) == 2
    assert "invalid offset '--'" in capsys.readouterr().err


def test_encodings_that_read_no_text(tmp_path: Path) -> None:
    src = tmp_path / "in.srt"
    src.write_text(SRT.replace("Hello", "Café"), encoding="utf-8")
    with pytest.raises(EncodingError, match="not a text encoding"):
        subconv.read(src, encoding="idna")
    with pytest.raises(EncodingError, match="not valid punycode"):  # (a bare UnicodeError)
        subconv.read(b"1\n00:00:01,000 --> 00:00:02,000\nx\xffabc\n", encoding="punycode")


@settings(max_examples=30, deadline=None)
@given(DIGITLIKE)
def test_unicode_digits_in_ass_tags_are_not_digits(d: str) -> None:
    # libass reads no number there: the tags are not italic, bold or drawing tags
    track = subconv.read(ASS.format(d=d).encode(), "ass")
    assert [c.text for c in track.cues] == ["hello"]


@settings(max_examples=30, deadline=None)
@given(DIGITLIKE)
def test_unicode_digits_in_cuelist_times_are_not_numbers(d: str) -> None:
    report = subconv.Report()
    text = f'[{{"start":"{d}","end":"3000","text":"x"}},{{"start":"4000","end":"5000","text":"y"}}]'
    track = subconv.read(text.encode(), "cuelist", report=report)
    assert [c.text for c in track.cues] == ["y"]
    assert any(e.action == "dropped" and e.line == 1 and "not numbers" in e.reason for e in report.entries)


@settings(max_examples=30, deadline=None)
@given(DIGITLIKE, st.sampled_from(["+{}s", "-{}ms", "{}", "0:0{}", "1.{}"]))
def test_unicode_digits_in_offsets_are_usage_errors(
    tmp_path_factory: pytest.TempPathFactory, d: str, shape: str
) -> None:
    src = tmp_path_factory.mktemp("o") / "in.srt"
    src.write_text(SRT, encoding="utf-8")
    assert _status(["shift", str(src), shape.format(d)]) == 2

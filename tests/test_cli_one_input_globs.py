"""``subconv check *.srt``, ``subconv shift *.srt +1s``: a command that takes one INPUT given
several files, as a glob gives them, says so; before, argparse said only ``unrecognized
arguments: b.srt`` (or ``+1s``), and shift ``invalid offset 'b.srt'``."""

from __future__ import annotations

from pathlib import Path

import pytest

from subconv.cli import main

SRT = "1\n00:00:01,000 --> 00:00:02,000\nhi\n"


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(tmp_path)
    for name in ("a.srt", "b.srt", "c d.srt"):
        (tmp_path / name).write_text(SRT, encoding="utf-8")
    return ["a.srt", "b.srt", "c d.srt"]


def _error(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as stop:
        main(args)
    assert stop.value.code == 2
    return capsys.readouterr().err.splitlines()[-1]


def test_check_of_several_files_says_it_takes_one(files: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert _error(["check", *files], capsys) == (
        "subconv: error: unrecognized arguments: b.srt c d.srt "
        "(check takes one INPUT, and a.srt, b.srt, c d.srt are 3 files: run it once for each)"
    )
    assert _error(["check", "a.srt", "--profile", "bbc", "b.srt"], capsys).endswith(
        "(check takes one INPUT, and a.srt, b.srt are 2 files: run it once for each)"
    )


def test_shift_of_several_files_says_it_takes_one(files: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert _error(["shift", "a.srt", "b.srt", "+1s"], capsys) == (
        "subconv: error: unrecognized arguments: +1s "
        "(shift takes one INPUT, and a.srt, b.srt are 2 files: run it once for each)"
    )
    assert main(["shift", "a.srt", "b.srt"]) == 2
    assert capsys.readouterr().err == (
        "subconv: error: shift takes one INPUT and an OFFSET, and a.srt, b.srt are 2 files: run it once for each, "
        "with the offset after the file\n"
    )


def test_an_option_value_or_a_stray_word_is_no_second_file(
    files: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert _error(["check", "a.srt", "-o", "b.srt", "x"], capsys) == "subconv: error: unrecognized arguments: x"
    assert main(["shift", "a.srt", "bogus"]) == 2
    assert "invalid offset 'bogus'" in capsys.readouterr().err


def test_an_output_named_without_o_says_to_give_o(files: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """``subconv convert in.srt out.vtt`` (as ffmpeg takes it) said only ``INPUT is several
    files: give an output folder with -o OUTDIR``, of a file that does not exist."""
    assert main(["convert", "a.srt", "out.vtt"]) == 2
    assert capsys.readouterr().err == (
        "subconv: error: INPUT is several files, and the last, out.vtt, does not exist: "
        "to write the output to it, give -o out.vtt\n"
    )
    assert main(["convert", "a.srt", "my out.vtt"]) == 2
    assert capsys.readouterr().err.endswith("give -o 'my out.vtt'\n")
    assert main(["convert", "a.srt", "b.srt"]) == 2  # (both there: several files, as before)
    assert capsys.readouterr().err == "subconv: error: INPUT is several files: give an output folder with -o OUTDIR\n"
    assert not Path("out.vtt").exists()

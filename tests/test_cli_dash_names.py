"""Names that start with ``-`` (``-o -dash.vtt``, an INPUT ``-dash.srt``): argparse takes them
for options; the usage error says how to give them as names."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirun import run_subconv

SRT = "1\n00:00:01,000 --> 00:00:02,500\nHello there\n\n2\n00:00:03,000 --> 00:00:04,000\nGeneral Kenobi\n"


@pytest.fixture
def src(tmp_path: Path) -> Path:
    p = tmp_path / "in.srt"
    p.write_text(SRT, encoding="utf-8")
    return p


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["-o", "-dash.vtt"],
            "argument -o/--output: expected one argument (-dash.vtt is read as an option, not as "
            "--output's value: write --output=-dash.vtt or --output ./-dash.vtt)",
        ),
        (
            ["--output", "-dash.vtt"],
            "argument -o/--output: expected one argument (-dash.vtt is read as an option, not as "
            "--output's value: write --output=-dash.vtt or --output ./-dash.vtt)",
        ),
        (
            ["--report", "-r.json"],
            "argument --report: expected one argument (-r.json is read as an option, not as "
            "--report's value: write --report=-r.json or --report ./-r.json)",
        ),
        (["-x.srt"], "unrecognized arguments: -x.srt (-x.srt is read as an option: to name a file, write ./-x.srt)"),
    ],
)
def test_a_name_starting_with_a_dash_is_said_how_to_give(src: Path, tmp_path: Path, args: list[str], said: str) -> None:
    r = run_subconv("convert", str(src), *args)
    assert r.returncode == 2
    assert r.stderr.splitlines()[-1] == f"subconv: error: {said}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.srt"]


def test_an_input_starting_with_a_dash_is_said_how_to_give(tmp_path: Path) -> None:
    r = run_subconv("convert", "-dash.srt")
    assert r.returncode == 2
    assert r.stderr.splitlines()[-1] == (
        "subconv: error: the following arguments are required: INPUT "
        "(-dash.srt is read as an option: to name a file, write ./-dash.srt)"
    )
    r = run_subconv("shift", "-dash.srt", "+1s")
    assert r.stderr.splitlines()[-1].endswith("(-dash.srt is read as an option: to name a file, write ./-dash.srt)")


def test_the_ways_the_hint_gives_are_taken(src: Path, tmp_path: Path) -> None:
    for args in (["--output=-dash.vtt"], ["--output", "./-dash.vtt"], ["-o", "./-dash.vtt"]):
        r = run_subconv("convert", str(src), *args, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        out = tmp_path / "-dash.vtt"
        assert out.read_text(encoding="utf-8").startswith("WEBVTT")
        out.unlink()


def test_what_argparse_takes_gets_no_hint(src: Path) -> None:
    # a mistyped option, a negative offset, a negative number given to an option: no word about names
    assert "read as an option" not in run_subconv("convert", str(src), "--tto", "vtt").stderr
    assert "read as an option" not in run_subconv("convert", str(src), "-q").stderr
    r = run_subconv("shift", str(src), "-1.5s")
    assert r.returncode == 0 and "00:00:01,500" in r.stdout
    assert "read as an option" not in run_subconv("convert", str(src), "--max-chars", "-5").stderr


def test_dash_hint_copes_without_a_command() -> None:
    from subconv.cli import build_parser, dash_hint

    parser = build_parser()
    assert dash_hint(parser, []) == ""
    assert dash_hint(parser, ["--", "-x.srt"]) == ""
    assert dash_hint(parser, ["convert", "-x.srt"]).endswith("write ./-x.srt)")


def test_a_value_that_is_no_name_is_not_told_to_start_with_dot_slash(src: Path) -> None:
    r = run_subconv("retime", str(src), "--points", "-5=0")
    assert r.stderr.splitlines()[-1] == (
        "subconv: error: argument --points: expected one argument "
        "(-5=0 is read as an option, not as --points's value: write --points=-5=0)"
    )
    r = run_subconv("convert", str(src), "--duration=-1:00")  # (as the hint says: then checked as any value)
    assert r.stderr.splitlines()[-1] == (
        "subconv: error: argument --duration: invalid duration '-1:00': the media's length cannot be negative"
    )


def test_a_value_starting_with_a_dash_and_a_digit_is_said_to_go_after_the_separator(src: Path) -> None:
    r = run_subconv("shift", str(src), "-1h")
    assert r.returncode == 2
    assert r.stderr.splitlines()[-1] == (
        "subconv: error: the following arguments are required: OFFSET (-1h is read as an option: give it after --, "
        "as in -- -1h)"
    )
    r = run_subconv("shift", str(src), "--", "-1h")  # (as said: then checked as any offset)
    assert r.stderr.splitlines()[-1].startswith("subconv: error: invalid offset '-1h'")

"""The command-line contract: exit codes, one-line errors, atomic output, never over the input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import subconv
from subconv.cli import main
from tests.clirun import REPO, run_subconv

SRT = "1\n00:00:01,000 --> 00:00:02,500\nHello there\n\n2\n00:00:03,000 --> 00:00:04,000\nGeneral Kenobi\n"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "subconv", *args], input=stdin, capture_output=True, timeout=60, check=False
    )


@pytest.fixture
def srt_file(tmp_path: Path) -> Path:
    p = tmp_path / "in.srt"
    p.write_text(SRT, encoding="utf-8")
    return p


def test_convert_srt_to_vtt_file(srt_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.vtt"
    assert main(["convert", str(srt_file), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT")
    assert "00:00:01.000 --> 00:00:02.500" in text
    assert "General Kenobi" in text


def test_stdin_to_stdout() -> None:
    r = run("convert", "-", "--to", "ass", stdin=SRT.encode())
    assert r.returncode == 0, r.stderr
    assert b"Dialogue:" in r.stdout and b"Hello there" in r.stdout
    assert r.stderr == b""


def test_refuses_to_write_over_its_input(srt_file: Path) -> None:
    before = srt_file.read_bytes()
    r = run("convert", str(srt_file), "-o", str(srt_file))
    assert r.returncode == 2
    assert r.stderr.startswith(b"subconv: error:") and b"Traceback" not in r.stderr
    assert srt_file.read_bytes() == before


def test_failed_run_leaves_existing_output_untouched(tmp_path: Path) -> None:
    bad = tmp_path / "bad.vtt"
    bad.write_text("this is not a WebVTT file\n00:01 --> 00:02\nx\n", encoding="utf-8")
    out = tmp_path / "out.srt"
    out.write_text("precious", encoding="utf-8")
    r = run("convert", str(bad), "--from", "vtt", "-o", str(out))
    assert r.returncode == 1
    err = r.stderr.decode()
    assert err.count("\n") == 1 and err.startswith(f"subconv: error: {bad}:1:"), err
    assert out.read_text(encoding="utf-8") == "precious"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_usage_errors_exit_2(srt_file: Path) -> None:
    assert run("convert").returncode == 2
    assert run("convert", str(srt_file), "--to", "nonsense").returncode == 2
    assert run("convert", str(srt_file), "--duration", "soon").returncode == 2


def test_a_missing_input_is_one_line_and_exit_1() -> None:
    r = run("convert", "/nonexistent/file.srt")
    assert r.returncode == 1 and b"Traceback" not in r.stderr
    assert r.stderr.decode().strip().splitlines() == [
        "subconv: error: /nonexistent/file.srt: cannot read it: No such file or directory"
    ]


def test_report_json_lists_repairs_with_lines(tmp_path: Path) -> None:
    src = tmp_path / "messy.srt"
    # wrong index, '.' separator, stray junk line before the first cue
    src.write_text(
        "junk\n\n7\n00:00:01.5 --> 00:00:02,000\nA\n\n2\n00:00:03,000 --> 00:00:04,000\nB\n", encoding="utf-8"
    )
    rep = tmp_path / "r.json"
    assert main(["convert", str(src), "-o", str(tmp_path / "o.vtt"), "--report", str(rep)]) == 0
    data = json.loads(rep.read_text(encoding="utf-8"))
    changed = [e for e in data["entries"] if e["action"] not in ("cue", "info")]
    assert any(e["line"] == 1 and e["action"] == "dropped" for e in changed), changed
    assert all(isinstance(e["line"], int) for e in changed)
    assert data["info"]["encoding"] == "utf-8"


def test_clean_input_gives_empty_change_list(srt_file: Path, tmp_path: Path) -> None:
    rep = tmp_path / "r.json"
    assert main(["convert", str(srt_file), "-o", str(tmp_path / "o.srt"), "--report", str(rep)]) == 0
    data = json.loads(rep.read_text(encoding="utf-8"))
    assert [e for e in data["entries"] if e["action"] not in ("cue", "info")] == []


def test_faithful_by_default_identical_adjacent_cues_survive(tmp_path: Path) -> None:
    src = tmp_path / "film.srt"
    src.write_text("1\n00:00:01,000 --> 00:00:01,500\nNo.\n\n2\n00:00:01,600 --> 00:00:02,000\nNo.\n", encoding="utf-8")
    out = tmp_path / "film.vtt"
    assert main(["convert", str(src), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").count("No.") == 2


def test_version() -> None:
    r = run("--version")
    assert r.returncode == 0 and r.stdout.decode().startswith("subconv ")


def test_editor_line_limit_and_explicit_overlaps_keep(tmp_path: Path) -> None:
    src = tmp_path / "two.srt"
    long_line = "word " * 12
    src.write_text(
        f"1\n00:00:01,000 --> 00:00:03,000\n{long_line.strip()}\n\n2\n00:00:02,000 --> 00:00:04,000\nB\n",
        encoding="utf-8",
    )
    rep = tmp_path / "r.json"
    out = tmp_path / "o.srt"
    args = ["convert", str(src), "-o", str(out), "--editor", "resolve", "--fps", "25", "--report", str(rep)]
    assert main([*args, "--overlaps", "keep"]) == 0
    entries = json.loads(rep.read_text(encoding="utf-8"))["entries"]
    assert any(e["action"] == "warning" and "limit of 42" in e["reason"] and e["line"] == 2 for e in entries)
    kept = subconv.read(out)
    assert kept.cues[0].end is not None and kept.cues[1].start is not None
    assert kept.cues[0].end > kept.cues[1].start  # explicit keep wins over the preset's stagger
    assert main(args) == 0
    staggered = subconv.read(out)
    assert staggered.cues[0].end is not None and staggered.cues[1].start is not None
    assert staggered.cues[0].end <= staggered.cues[1].start


def test_a_conversion_starts_without_the_edit_commands_modules() -> None:
    """Building the parser for ``convert`` imports neither the quality checks nor what only they
    and the other edit commands use (fractions, json) nor the editor presets."""
    code = (
        "import sys; from subconv.cli import build_parser; build_parser().parse_args(['convert', 'a.srt']); "
        "print(sorted(m for m in ('subconv.quality', 'subconv.editors', 'fractions', 'json') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_the_lazily_listed_choices_are_still_checked_and_shown() -> None:
    bad = run_subconv("check", "in.srt", "--profile", "nope")
    assert bad.returncode == 2
    assert "invalid choice: 'nope' (choose from 'netflix-en', 'bbc'" in bad.stderr
    assert "--profile {netflix-en,bbc," in run_subconv("check", "-h").stdout
    shown = " ".join(run_subconv("convert", "-h").stdout.split())  # (as wrapped to the terminal)
    assert "editor preset: generic, resolve, fcp, premiere, kdenlive, shotcut (see" in shown


@pytest.mark.parametrize("given", ["0", "0:00", "00:00:00.000", "0.0001", "-5", "-1:30"])
def test_a_duration_of_no_length_or_negative_is_a_usage_error(
    srt_file: Path, given: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--duration 0`` was taken and then ignored, said only in the report: the media's length
    is at least 1 ms, so 0 (and less) is a usage error, exit 2, before anything is read."""
    with pytest.raises(SystemExit) as stopped:
        main(["convert", str(srt_file), f"--duration={given}", "-o", str(srt_file.with_suffix(".vtt"))])
    assert stopped.value.code == 2
    error = capsys.readouterr().err.splitlines()[-1]
    why = "cannot be negative" if given.startswith("-") else "must be at least 1 ms"
    assert error == f"subconv: error: argument --duration: invalid duration {given!r}: the media's length {why}"
    assert not srt_file.with_suffix(".vtt").exists()


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 10**9))
def test_a_duration_is_read_to_the_millisecond_from_1_ms(ms: int) -> None:
    import argparse

    from subconv.cli import parse_duration

    for text in (
        f"{ms // 1000}.{ms % 1000:03d}",
        f"{ms // 3600000}:{ms // 60000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}",
    ):
        if ms == 0:
            with pytest.raises(argparse.ArgumentTypeError, match="at least 1 ms"):
                parse_duration(text)
        else:
            assert parse_duration(text) == ms


@pytest.mark.parametrize("option", ["--to", "--from", "--max-chars", "--duration", "--fps", "--encoding", "--wpm"])
def test_an_option_given_the_value_dashdash_is_that_value_refused(srt_file: Path, option: str) -> None:
    """``--to=--``: Python 3.11's argparse strips ``--`` as the separator and hands the option an
    empty list; it was taken as no value (``--to=--`` wrote SRT, exit 0; ``--duration=--`` failed
    with ``invalid Options(duration_ms=[])``). Now ``--`` is the value, refused as any other."""
    proc = run("convert", str(srt_file), f"{option}=--")
    assert proc.returncode == 2, proc.stderr
    err = proc.stderr.decode().splitlines()[-1]
    assert err.startswith("subconv: error: ") and "'--'" in err, err
    assert "Options(" not in err

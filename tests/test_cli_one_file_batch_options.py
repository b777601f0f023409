"""The options of folder runs given to ``convert`` of one file: ``--scheduler`` is a usage error
(as ``--engine`` and ``--resume`` are), ``--jobs`` a warning; before, both were taken and did
nothing, with nothing said."""

from __future__ import annotations

from pathlib import Path

from tests.clirun import run_subconv

SRT = "1\n00:00:01,000 --> 00:00:02,500\nHello there\n\n2\n00:00:03,000 --> 00:00:04,000\nGeneral Kenobi\n"


def _src(tmp_path: Path) -> Path:
    p = tmp_path / "in.srt"
    p.write_text(SRT, encoding="utf-8")
    return p


def test_scheduler_on_one_file_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "out.vtt"
    r = run_subconv("convert", str(_src(tmp_path)), "-o", str(out), "--scheduler", "tcp://127.0.0.1:8786")
    assert r.returncode == 2
    assert r.stderr == (
        "subconv: error: --scheduler is for folders, URLs and --input-list with --engine dask; INPUT is one file\n"
    )
    assert not out.exists()


def test_jobs_on_one_file_is_said_and_the_file_converted(tmp_path: Path) -> None:
    out = tmp_path / "out.vtt"
    r = run_subconv("convert", str(_src(tmp_path)), "-o", str(out), "--jobs", "4")
    assert r.returncode == 0
    assert r.stderr == (
        "subconv: warning: --jobs 4: INPUT is one file, converted in one process "
        "(--jobs is for folders, several files and --input-list)\n"
    )
    assert out.read_text(encoding="utf-8").startswith("WEBVTT")


def test_jobs_on_a_folder_says_nothing(tmp_path: Path) -> None:
    _src(tmp_path)
    r = run_subconv("convert", str(tmp_path), "-o", str(tmp_path / "out"), "--jobs", "2")
    assert r.returncode == 0 and "warning" not in r.stderr

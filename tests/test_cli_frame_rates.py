"""``convert --fps`` and ``--input-fps`` take a rate as ``retime --fps`` and ``check --fps`` do,
``24000/1001`` too.  Before: ``argument --fps: invalid _frame_rate value: '24000/1001'`` (the
name of an internal function, and a rate the docs write that way refused)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.clirun import run_subconv

SRT = "1\n00:00:01,000 --> 00:00:02,500\nHello there\n\n2\n00:00:03,000 --> 00:00:04,000\nGeneral Kenobi\n"


@pytest.mark.parametrize("option", ["--fps", "--input-fps"])
def test_a_rate_written_as_a_fraction_is_taken(tmp_path: Path, option: str) -> None:
    src = tmp_path / "in.srt"
    src.write_text(SRT, encoding="utf-8")
    report = tmp_path / "r.json"
    r = run_subconv("convert", str(src), option, "24000/1001", "-o", str(tmp_path / "o.srt"), "--report", str(report))
    assert "invalid" not in r.stderr and r.returncode == 0, r.stderr
    if option == "--fps":  # (the exact NTSC rate, as 23.976 gives)
        assert json.loads(report.read_text(encoding="utf-8"))["info"]["fps"] == "24000/1001"
        same = run_subconv("convert", str(src), option, "23.976")
        assert same.stdout == run_subconv("convert", str(src), option, "24000/1001").stdout


def test_a_rate_that_is_no_number_names_no_internal_function(tmp_path: Path) -> None:
    src = tmp_path / "in.srt"
    src.write_text(SRT, encoding="utf-8")
    for rate in ("1/0", "abc", "24000/0"):
        r = run_subconv("convert", str(src), "--fps", rate)
        assert r.returncode == 2
        assert r.stderr.splitlines()[-1].startswith(f"subconv: error: argument --fps: invalid frame rate '{rate}'")

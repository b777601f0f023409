"""An output that cannot be made where ``-o`` asks: the error says why, naming the output."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.clirun import run_subconv

SRT = "1\n00:00:01,000 --> 00:00:02,500\nHello there\n\n2\n00:00:03,000 --> 00:00:04,000\nGeneral Kenobi\n"


@pytest.fixture
def src(tmp_path: Path) -> Path:
    p = tmp_path / "in.srt"
    p.write_text(SRT, encoding="utf-8")
    return p


@pytest.mark.skipif(not os.path.isfile("/proc/version"), reason="needs Linux's /proc")
def test_an_output_whose_folder_takes_no_new_file_says_so(src: Path) -> None:
    # /proc/version exists, and /proc takes no new file (not even root's): the output, written as
    # a new file renamed over it, cannot be made; "No such file or directory" named a file that is there
    r = run_subconv("convert", str(src), "-o", "/proc/version")
    assert r.returncode == 1
    assert r.stderr == (
        "subconv: error: /proc/version: cannot write the output: "
        "cannot make a file in /proc to replace it with (No such file or directory)\n"
    )
    r = run_subconv("convert", str(src), "-o", "/proc/subconv-new.srt")
    assert r.returncode == 1
    assert r.stderr == (
        "subconv: error: /proc/subconv-new.srt: cannot write the output: cannot make a file in /proc "
        "(No such file or directory)\n"
    )

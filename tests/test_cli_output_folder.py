"""An output that cannot be made where ``-o`` asks: the error says why, naming the output."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clirun import REPO, run_subconv

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


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc/self/fd")
@pytest.mark.parametrize("name", ["/dev/fd/7", "/proc/self/fd/7"])
def test_an_output_naming_a_descriptor_that_is_not_open_says_so(src: Path, name: str) -> None:
    # before: "No such file or directory", of a name that is a link to a descriptor not open
    r = run_subconv("convert", str(src), "-o", name)
    assert r.returncode == 1
    assert (
        r.stderr == f"subconv: error: {name}: cannot write the output: it names file descriptor 7, which is not open\n"
    )


@pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="needs /dev/stdout")
def test_o_dev_stdout_into_a_reader_that_goes_away_is_quiet(src: Path, tmp_path: Path) -> None:
    # `subconv convert big.srt -o /dev/stdout | head -1`: quiet, exit 1, as without -o (was "Broken pipe")
    big = tmp_path / "big.srt"
    big.write_text(
        "".join(
            f"{i}\n{i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d},000 --> "
            f"{i // 3600:02d}:{i // 60 % 60:02d}:{i % 60:02d},500\nline {i}\n\n"
            for i in range(1, 30000)
        ),
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "subconv", "convert", str(big), "-o", "/dev/stdout", "--dedupe", "off"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 1
    assert err == b""

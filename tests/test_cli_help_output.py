"""``--help`` and ``--version`` on a standard output that cannot take them (``> /dev/full``):
an error, exit 1, as a conversion's output; argparse swallowed the write error (exit 0,
nothing written, nothing said).  A reader that goes away (``| head -1``) is no news: before,
Python's own ``Exception ignored ... BrokenPipeError`` and exit 120."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import IO

import pytest

from tests.clirun import REPO

#: as a user runs it: standard output buffered (the test runner may set PYTHONUNBUFFERED)
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}


def _run(*args: str, stdout: int | IO[bytes]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "subconv", *args],
        cwd=REPO,
        env=_ENV,
        stdout=stdout,
        stderr=subprocess.PIPE,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
@pytest.mark.parametrize(
    "args", [("--help",), ("--version",), ("convert", "--help"), ("shift", "--help"), ("sync", "--help")], ids=str
)
def test_help_into_a_full_standard_output_is_an_error(args: tuple[str, ...]) -> None:
    with open("/dev/full", "wb") as full:
        r = _run(*args, stdout=full)
    assert (r.returncode, r.stderr.decode()) == (
        1,
        "subconv: error: <stdout>: cannot write the output: No space left on device\n",
    )


@pytest.mark.skipif(os.name != "posix", reason="POSIX pipes")
def test_help_to_a_reader_that_goes_away_is_no_error() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "subconv", "convert", "--help"],
        cwd=REPO,
        env=_ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # (before subconv writes: its first write finds the pipe closed)
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 0
    assert err == b""


def test_help_is_written_whole() -> None:
    r = _run("convert", "--help", stdout=subprocess.PIPE)
    assert r.returncode == 0 and r.stdout.startswith(b"usage: subconv convert") and r.stderr == b""


def _close_stdout() -> None:
    os.close(1)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file descriptors")
@pytest.mark.parametrize("args", [("--help",), ("--version",), ("shift", "--help")], ids=str)
def test_help_into_a_closed_standard_output_is_an_error(args: tuple[str, ...]) -> None:
    """``subconv --help >&-`` wrote the help on standard error, exit 0; a conversion's output
    there is ``standard output is closed``, exit 1: so is the help."""
    r = subprocess.run(
        [sys.executable, "-m", "subconv", *args],
        cwd=REPO,
        env=_ENV,
        stdout=None,
        stderr=subprocess.PIPE,
        preexec_fn=_close_stdout,
        timeout=120,
        check=False,
    )
    assert (r.returncode, r.stderr.decode()) == (
        1,
        "subconv: error: <stdout>: cannot write the output: standard output is closed\n",
    )

"""``subconv convert - <&-``: a standard input that is closed is one line naming it, exit 1;
before, ``internal error (AttributeError: 'NoneType' object has no attribute 'buffer')``."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.clirun import REPO


def _close_stdin() -> None:
    os.close(0)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file descriptors")
@pytest.mark.parametrize(
    "args",
    [
        ("convert", "-", "--to", "vtt"),
        ("shift", "-", "+1s"),
        ("check", "-"),
        ("retime", "-", "--fps", "25:24"),
        ("convert", "-", "--input-list", "-o", "out/"),
    ],
    ids=" ".join,
)
def test_a_closed_standard_input_is_one_line_naming_it(args: tuple[str, ...]) -> None:
    r = subprocess.run(
        [sys.executable, "-m", "subconv", *args],
        cwd=REPO,
        stdin=None,
        capture_output=True,
        preexec_fn=_close_stdin,
        timeout=120,
        check=False,
    )
    assert (r.returncode, r.stderr.decode()) == (
        1,
        "subconv: error: <stdin>: cannot read it: standard input is closed\n",
    )

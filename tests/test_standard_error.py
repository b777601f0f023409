"""Standard error that cannot be written (``2>&-``, ``2>/dev/full``): the messages are dropped,
the work is done and the exit status is the one it earns, never a traceback or status 120."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: a cp1252 file: its encoding is guessed with a low confidence, a warning on stderr
GUESSED = b"1\n00:00:01,000 --> 00:00:02,000\ncaf\xe9 cr\xe8me\n\n2\n00:00:03,000 --> 00:00:04,000\nthere\n"
PLAIN = b"1\n00:00:01,000 --> 00:00:02,000\nhi\n"
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file descriptors")


def _close_stderr() -> None:
    os.close(2)


def _run(args: list[str], cwd: Path, stderr: str) -> subprocess.CompletedProcess[bytes]:
    """``python -m subconv ARGS`` with standard error open (a pipe), closed or full."""
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    if stderr == "full":
        with open("/dev/full", "wb") as full:
            return subprocess.run(
                [sys.executable, "-m", "subconv", *args],
                stdout=subprocess.PIPE,
                stderr=full,
                cwd=cwd,
                env=env,
                timeout=60,
                check=False,
            )
    return subprocess.run(
        [sys.executable, "-m", "subconv", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE if stderr == "open" else None,
        preexec_fn=_close_stderr if stderr == "closed" else None,
        cwd=cwd,
        env=env,
        timeout=60,
        check=False,
    )


@posix_only
@pytest.mark.parametrize("stderr", ["closed", "full"])
@pytest.mark.parametrize("data", [GUESSED, PLAIN, b"\x89PNG\r\n\x1a\n" + bytes(64)], ids=["warning", "plain", "error"])
@pytest.mark.parametrize(
    "args",
    [["convert", "in.srt", "-o", "out.vtt"], ["convert", "in.srt", "--to", "vtt"], ["check", "in.srt"]],
    ids=["convert-file", "convert-stdout", "check"],
)
def test_standard_error_that_cannot_be_written_changes_nothing_else(
    tmp_path: Path, stderr: str, data: bytes, args: list[str]
) -> None:
    """``subconv convert in.srt -o out.vtt 2>&-`` of a file with a warning to print exited 1
    (an AttributeError on ``sys.stderr``, None) where it exits 0, the file written."""
    if stderr == "full" and not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full")
    (tmp_path / "in.srt").write_bytes(data)
    want = _run(args, tmp_path, "open")
    written = (tmp_path / "out.vtt").read_bytes() if (tmp_path / "out.vtt").exists() else None
    (tmp_path / "out.vtt").unlink(missing_ok=True)
    got = _run(args, tmp_path, stderr)
    assert (got.returncode, got.stdout) == (want.returncode, want.stdout)
    assert ((tmp_path / "out.vtt").read_bytes() if (tmp_path / "out.vtt").exists() else None) == written
    if data == GUESSED:
        assert b"encoding guessed" in want.stderr  # (there was a warning to drop)

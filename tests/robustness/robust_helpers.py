"""Shared helpers for the robustness tests: corpus paths, running the CLI, hashing."""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import io
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared"
CORPUS = SHARED / "corpus"
ODD = CORPUS / "odd"
TIMED = CORPUS / "timed"

#: The readers the fuzz and hostile tests exercise.
READERS = ("srt", "vtt", "ass", "ssa", "page")
#: The writers the hostile-text tests exercise.
WRITERS = ("srt", "vtt", "ass")


def need_shared() -> Path:
    """The shared corpus directory, or skip the test when it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS} (it lives beside the repository)")
    return CORPUS


def corpus_file(rel: str) -> Path:
    """A file of the shared corpus, skipping when it is absent."""
    path = need_shared() / rel
    if not path.is_file():
        pytest.skip(f"corpus file {rel} not found")
    return path


def format_available(name: str) -> bool:
    """True when the format module for ``name`` can be loaded (other engineers write them)."""
    try:
        from subconv import formats

        formats.get(name)
    except Exception:
        return False
    return True


def require_format(*names: str) -> None:
    """Skip when one of the formats is not implemented yet."""
    for name in names:
        if not format_available(name):
            pytest.skip(f"format {name!r} is not implemented yet")


def module_available(name: str) -> bool:
    """True when ``name`` imports."""
    try:
        importlib.import_module(name)
    except Exception:
        return False
    return True


_UNIMPLEMENTED = ("No module named 'subconv.", "cannot import name 'generic' from 'subconv.formats'")


def skip_if_unimplemented(message: str) -> None:
    """Skip when ``message`` says a subconv module other engineers are writing does not exist yet."""
    for marker in _UNIMPLEMENTED:
        if marker in message:
            pytest.skip(f"not implemented yet: {message.strip()[-160:]}")


@dataclass
class Run:
    """The outcome of one CLI run."""

    status: int
    stdout: str
    stderr: str


def run_inprocess(args: Sequence[str]) -> Run:
    """Run ``subconv.cli.main(args)`` in-process, capturing stdout/stderr."""
    from subconv import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main(list(args))
        except SystemExit as exc:  # argparse usage errors
            status = int(exc.code) if isinstance(exc.code, int) else 2
    return Run(status, out.getvalue(), err.getvalue())


def run_subprocess(args: Sequence[str], timeout: float = 30.0, stdin: bytes | None = None) -> Run:
    """Run ``python -m subconv ARGS`` with a timeout (a hang fails the test)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "subconv", *args],
            input=stdin,
            check=False,
            capture_output=True,
            timeout=timeout,
            cwd=REPO,
            env=env,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"subconv {' '.join(args)} did not finish within {timeout} s (hang?)")
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


def assert_clean_outcome(run: Run, label: str) -> None:
    """Exit 0, or exit 1 with one ``subconv: error:`` line; never a traceback or an internal error."""
    assert "Traceback" not in run.stderr, f"{label}: traceback\n{run.stderr[-2000:]}"
    assert "internal error" not in run.stderr, f"{label}: internal error: {run.stderr.strip()[:500]}"
    assert run.status in (0, 1), f"{label}: exit {run.status}: {run.stderr[:500]}"
    if run.status == 1:
        lines = [ln for ln in run.stderr.splitlines() if ln.startswith("subconv: error:")]
        assert len(lines) == 1, f"{label}: expected one 'subconv: error:' line, got {run.stderr[:500]!r}"


def sha256(path: Path) -> str:
    """Hex digest of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def odd_files() -> Iterator[Path]:
    """Every data file under ``corpus/odd`` (not the SOURCES/README notes)."""
    if not ODD.is_dir():
        return
    for path in sorted(ODD.rglob("*")):
        if path.is_file() and path.name not in ("SOURCES.md",):
            yield path

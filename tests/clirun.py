"""Running the command line as a user would: ``python -m subconv ...`` in a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_subconv(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """``python -m subconv ARGS``, text output captured, not checked: from the repository's root,
    or from ``cwd`` (names relative to it; this checkout's subconv all the same), with ``stdin``
    as its standard input when given."""
    env = None if cwd is None else {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "subconv", *args],
        cwd=cwd or REPO,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

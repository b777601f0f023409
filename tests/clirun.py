"""Running the command line as a user would: ``python -m subconv ...`` in a fresh process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def run_subconv(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m subconv ARGS`` from the repository's root, text output captured, not checked."""
    return subprocess.run(
        [sys.executable, "-m", "subconv", *args], cwd=REPO, capture_output=True, text=True, timeout=120, check=False
    )

"""Coverage-guided fuzzing of every subconv reader with atheris (optional, not a dependency).

    pip install atheris
    python benchmarks/fuzz_atheris.py -max_total_time=300 [corpus_dir ...]

The target decodes the bytes (encoding detection included) and reads them
with each reader; any exception other than ``SubconvError`` is a crash
that atheris reports with the input that caused it.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any


def main() -> None:
    """Run atheris over ``subconv.read(data, format=...)`` for every reader."""
    try:
        atheris: Any = importlib.import_module("atheris")
    except ImportError:
        sys.stderr.write("atheris is not installed: pip install atheris\n")
        raise SystemExit(2) from None

    with atheris.instrument_imports():
        import subconv
        from subconv.errors import SubconvError

    readers = ("srt", "vtt", "ass", "ssa", "page")

    def target(data: bytes) -> None:
        if not data:
            return
        name = readers[data[0] % len(readers)]
        try:
            subconv.read(data[1:], format=name)
        except SubconvError:
            pass

    atheris.Setup(sys.argv, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()

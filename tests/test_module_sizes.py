"""Every module of the package over 400 lines has a row with its reason in docs/architecture.md
("Module sizes"), and every row names a module that is still over 400 lines."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 400


def _rows() -> dict[str, int]:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("## Module sizes", 1)[1].split("\n## ", 1)[0]
    return {m[1]: int(m[2].replace(",", "")) for m in re.finditer(r"^\| `([^`]+)` \| ([\d,]+) \|", section, re.M)}


def _sizes() -> dict[str, int]:
    package = ROOT / "subconv"
    return {
        p.relative_to(package).as_posix(): len(p.read_text(encoding="utf-8").splitlines())
        for p in package.rglob("*.py")
    }


def test_long_modules_have_a_reason() -> None:
    rows, sizes = _rows(), _sizes()
    long = {name for name, n in sizes.items() if n > LIMIT}
    assert long - rows.keys() == set(), "split these modules, or give each a row with its reason"
    assert rows.keys() - long == set(), "these rows name modules no longer over the limit: remove them"


def test_rows_say_the_size_within_ten_per_cent() -> None:
    rows, sizes = _rows(), _sizes()
    off = {name: (n, sizes[name]) for name, n in rows.items() if name in sizes and abs(sizes[name] - n) > n // 10}
    assert off == {}, "update the sizes in docs/architecture.md"

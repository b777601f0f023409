"""The documentation site builds with ``mkdocs build --strict`` (warnings are errors)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC_TOOLS = ("mkdocs", "material", "mkdocstrings", "mkdocstrings_handlers.python")


def _need_doc_tools() -> None:
    for name in DOC_TOOLS:
        try:
            found = importlib.util.find_spec(name) is not None
        except ModuleNotFoundError:
            found = False
        if not found:
            pytest.skip(f"{name} is not installed: pip install mkdocs-material mkdocstrings-python")


def test_nav_lists_every_page() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\s*- (?:[^:\n]+: )?([\w./-]+\.md)\s*$", config, re.MULTILINE))
    pages = {p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md")}
    assert not pages - listed, f"pages missing from the nav in mkdocs.yml: {sorted(pages - listed)}"
    assert not listed - pages, f"nav entries without a page: {sorted(listed - pages)}"


def test_doctests_render_as_code_blocks() -> None:
    _need_doc_tools()
    sys.path.insert(0, str(ROOT))
    try:
        from mkdocs_hooks import wrap_doctests
    finally:
        sys.path.remove(str(ROOT))
    doc = ["Intro.", "", ">>> f(", "...   1)", "2", "", "```sh", ">>> not a doctest", "```", ":func:`g`"]
    assert wrap_doctests(doc) == [
        "Intro.",
        "",
        "```pycon",
        ">>> f(",
        "...   1)",
        "2",
        "```",
        "",
        "```sh",
        ">>> not a doctest",
        "```",
        "`g`",
    ]


def test_mkdocs_build_strict(tmp_path: Path) -> None:
    _need_doc_tools()
    site = tmp_path / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "--config-file",
            str(ROOT / "mkdocs.yml"),
            "--site-dir",
            str(site),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    # the API reference really is generated from the docstrings, doctests shown as code
    for name in ("subconv.api.convert", "subconv.model.Track", "subconv.report.Report", "subconv.errors.ParseError"):
        assert f'id="{name}"' in api, name
    assert "<blockquote" not in api
    assert (site / "getting-started" / "index.html").is_file()

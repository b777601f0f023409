"""Documentation that cannot drift from the code."""

from __future__ import annotations

from pathlib import Path

from subconv._clidoc import render

ROOT = Path(__file__).resolve().parents[1]


def test_cli_reference_is_generated_from_the_parser() -> None:
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == render(), "docs/cli.md is stale: run `python -m subconv._clidoc > docs/cli.md`"


def test_readme_quick_start_has_exactly_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1]
    block = section.split("```", 2)[1]
    commands = [line for line in block.splitlines()[1:] if line.strip()]
    assert len(commands) == 2
    assert "subconv convert examples/" in commands[0]
    assert "pytest" in commands[1]
    example = commands[0].split("subconv convert ", 1)[1].split()[0]
    assert (ROOT / example).is_file()

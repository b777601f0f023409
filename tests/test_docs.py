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


def test_the_api_pages_pysubs2_clean_up_keeps_what_pysubs2_keeps(shared: Path) -> None:
    """The docs/api.md equivalent of ``remove_miscellaneous_events()`` (the table's row and the
    repeats' snippet, run as written) keeps the events pysubs2 keeps in scripts without drawings.
    Before, the row was ``filter(lambda c: c.text.strip())``, which keeps an ASS comment."""
    import re

    import pysubs2

    import subconv

    api = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    row = next(line for line in api.splitlines() if "`subs.remove_miscellaneous_events()`" in line)
    edit = re.findall(r"`(track = track\.filter\(.*?\))`", row)
    assert len(edit) == 1, row
    for rel in ("aegisub-format-tests.ass", "../regression/v4++/kt.ass"):
        path = shared / "corpus" / "odd" / "libass-tests" / "crash" / rel
        subs = pysubs2.load(str(path))
        subs.remove_miscellaneous_events()
        scope: dict[str, object] = {"subconv": subconv, "track": subconv.read(path)}
        exec(edit[0], scope)  # (the documentation's own code)
        kept = scope["track"]
        assert isinstance(kept, subconv.Track)
        assert not [c.text for c in kept if c.extras.get("ass.comment") == "1"], rel
        repeats = api.split("For the repeats:\n\n```python\n", 1)[1].split("```", 1)[0]
        exec(repeats, scope)
        track = scope["track"]
        assert isinstance(track, subconv.Track)
        assert [(c.start, c.end) for c in track] == [(e.start, e.end) for e in subs], rel

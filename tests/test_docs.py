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
    """The docs/api.md equivalent of ``remove_miscellaneous_events()`` (the table's row, run as
    written) keeps the events pysubs2 keeps, drawings removed too, and reports each one removed.
    Before, the row was ``filter(lambda c: c.text.strip())``, which keeps an ASS comment; then a
    filter and a snippet for the repeats, which kept a drawing's event."""
    import re

    import pysubs2

    import subconv

    api = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    row = next(line for line in api.splitlines() if "`subs.remove_miscellaneous_events()`" in line)
    edit = re.findall(r"`(track = subconv\.remove_miscellaneous_events\(.*?\))`", row)
    assert len(edit) == 1, row
    for rel in ("aegisub-format-tests.ass", "../regression/v4++/kt.ass", "generic.ass"):
        path = shared / "corpus" / "odd" / "libass-tests" / "crash" / rel
        subs = pysubs2.load(str(path))
        subs.remove_miscellaneous_events()
        track = subconv.read(path)
        report = subconv.Report()
        scope: dict[str, object] = {"subconv": subconv, "track": track, "report": report}
        exec(edit[0], scope)  # (the documentation's own code)
        kept = scope["track"]
        assert isinstance(kept, subconv.Track)
        assert [(c.start, c.end) for c in kept] == [(e.start, e.end) for e in subs], rel
        assert len(report.entries) == len(track) - len(kept), rel


def test_the_api_pages_frame_rate_table_is_what_pysubs2_and_subconv_give(shared: Path) -> None:
    """docs/api.md's table of the cues ``transform_framerate`` puts 1 ms apart from pysubs2's
    (subconv rounds halves up, pysubs2 to even) holds, NTSC's 29.97 -> 23.976 (a ratio of 1.25,
    on halves) among them.  Before, the page named only 23.976 -> 25, which never lands on one."""
    import re

    import pysubs2

    import subconv

    api = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([\d.]+) → ([\d.]+) \| [^|]+ \| (\d+) of (\d+) \|$", api, re.MULTILINE)
    assert ("29.97", "23.976") in [(a, b) for a, b, _, _ in rows], "the NTSC row is missing"
    path = shared / "corpus" / "timed" / "films" / "SRT_The_Beekeeper.srt"
    for a, b, apart, total in rows:
        subs = pysubs2.load(str(path))
        subs.transform_framerate(float(a), float(b))
        track = subconv.read(path).transform_framerate(float(a), float(b))
        assert len(track) == len(subs) == int(total)
        moved = [(e.start - (c.start or 0), e.end - (c.end or 0)) for e, c in zip(subs, track, strict=True)]
        assert sum(m != (0, 0) for m in moved) == int(apart), (a, b)
        assert {d for m in moved for d in m} <= {0, -1}, (a, b)  # (pysubs2's 1 ms earlier, never later)

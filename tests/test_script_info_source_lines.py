"""``set_info`` and ``remove_info`` keep the source line of each ``[Script Info]`` line they leave
as it was: only the line of the key edited goes (they dropped the source lines of every line, so
a report cited no line for the script info at all)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import subconv
from subconv import Report, Track

SCRIPT = (
    "[Script Info]\n; made by hand\nTitle: Old title\nScriptType: v4.00+\nPlayResX: 640\nPlayResY: 480\n"
    "PlayResX: 800\n\n[Events]\n"
    "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Hello\n"
)


def _lines(track: Track) -> dict[str, str]:
    """Each ``[Script Info]`` line by its source line (digits; ``""``: none)."""
    at = track.source_lines.get("ass.script_info", ())
    lines = track.meta.get("ass.script_info", ())
    assert isinstance(at, tuple) and isinstance(lines, tuple) and len(at) == len(lines)
    return dict(zip(lines, at, strict=True))


def _cited(track: Track) -> int | None:
    """The line a report cites for the script info an SRT leaves out."""
    report = Report()
    subconv.dumps(track, "srt", report=report)
    return next(e.line for e in report.entries if e.reason.startswith("the [Script Info] lines"))


def test_set_info_keeps_the_other_lines_source_lines() -> None:
    track = subconv.loads(SCRIPT)
    edited = subconv.set_info(track, "playresx", "1280")
    assert edited.meta["ass.script_info"][3] == "PlayResX: 1280"
    assert _lines(edited) == {
        "; made by hand": "2",
        "Title: Old title": "3",
        "ScriptType: v4.00+": "4",
        "PlayResX: 1280": "",  # (replaced in place: no line of the input; its second line removed)
        "PlayResY: 480": "6",
    }
    assert _cited(edited) == 2
    assert edited.source_lines["title"] == "3"


def test_set_info_of_the_same_value_and_a_new_key() -> None:
    track = subconv.loads(SCRIPT)
    assert _lines(subconv.set_info(track, "PlayResY", 480))["PlayResY: 480"] == "6"
    added = subconv.set_info(track, "WrapStyle", 2)
    assert _lines(added)["WrapStyle: 2"] == "" and _lines(added)["PlayResY: 480"] == "6"
    titled = subconv.set_info(track, "Title", "New")
    assert _lines(titled)["Title: New"] == "" and "title" not in titled.source_lines
    assert _lines(titled)["ScriptType: v4.00+"] == "4"


def test_remove_info_keeps_the_other_lines_source_lines() -> None:
    track = subconv.loads(SCRIPT)
    removed = subconv.remove_info(track, "PlayResX")
    assert _lines(removed) == {
        "; made by hand": "2",
        "Title: Old title": "3",
        "ScriptType: v4.00+": "4",
        "PlayResY: 480": "6",
    }
    assert _cited(removed) == 2


@given(st.sampled_from(["PlayResX", "PlayResY", "Title", "Collisions"]), st.integers(1, 5000))
def test_every_line_left_as_it_was_keeps_its_line(key: str, value: int) -> None:
    track = subconv.loads(SCRIPT)
    before = _lines(track)
    for edited in (
        subconv.set_info(track, key, value),
        *([subconv.remove_info(track, key)] if key != "Collisions" else []),
    ):
        for line, at in _lines(edited).items():
            if line.partition(":")[0].lower() == key.lower():
                assert at in ("", before.get(line)), (line, at)  # (the line of the key: as it was, or none)
            else:
                assert at == before[line], (line, at)


def test_real_script(shared: Path) -> None:
    track = subconv.read(shared / "corpus/timed/films/SSA_The_Beekeeper_Japanese_400plus.ass")
    edited = subconv.set_info(track, "PlayDepth", "1")
    assert list(edited.source_lines["ass.script_info"]) == ["2", "3", "4", "", "6"]
    assert _cited(edited) == 2

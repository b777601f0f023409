"""A track's header value edited through ``Track.replace`` (its title, language or a ``meta``
item) no longer stands where the input had it: reports cite no line for the new value (they
cited the old title's line for the new title)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import subconv
from subconv import Report, Track

SCRIPT = (
    "[Script Info]\nTitle: Old title\nScriptType: v4.00+\n\n[Events]\n"
    "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Hello\n"
)


def _header_lines(track: Track) -> dict[str, int | None]:
    report = Report()
    subconv.dumps(track, "srt", report=report)
    return {e.reason.split(" not written")[0]: e.line for e in report.entries if e.step == "header"}


@given(st.text(st.characters(categories=["L", "N"]), min_size=1, max_size=12).filter(lambda t: t != "Old title"))
def test_a_title_replaced_cites_no_line(title: str) -> None:
    track = subconv.loads(SCRIPT)
    assert _header_lines(track)["the title"] == 2
    edited = track.replace(title=title)
    assert "title" not in edited.source_lines
    assert _header_lines(edited)["the title"] is None
    assert _header_lines(track.replace(title="Old title"))["the title"] == 2  # (unchanged: still there)


def test_real_script_title_and_styles_replaced(shared: Path) -> None:
    track = subconv.read(shared / "corpus/timed/films/SSA_The_Beekeeper_Japanese_400plus.ass")
    before = _header_lines(track)
    assert before["the title"] is not None and before["the ASS/SSA styles (4)"] is not None
    after = _header_lines(track.replace(title="Another", meta=track.meta.set("ass.styles", ("Style: X",))))
    assert after["the title"] is None and after["the ASS/SSA styles (1)"] is None
    assert after["the [Script Info] lines (5)"] == before["the [Script Info] lines (5)"]  # (not edited: cited)

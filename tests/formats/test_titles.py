"""``Track.title`` is the one source of a written title: a script's ``Title:`` line and a
SubViewer header's ``[TITLE]`` are kept while they still give it, else written from it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subconv import dumps, loads

SCRIPT = (
    "[Script Info]\n; a comment\nTitle: Old title\nScriptType: v4.00+\nPlayResY: 720\n\n"
    "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Hello\n"
)
SUBVIEWER = (
    "[INFORMATION]\n[TITLE]Old title\n[AUTHOR]Ann\n[END INFORMATION]\n[SUBTITLE]\n00:00:01.00,00:00:02.00\nHello\n"
)
#: The formats whose text carries a title, and a text of each with one.
TITLED = {"ass": SCRIPT, "ssa": SCRIPT, "json": SCRIPT, "ttml": SCRIPT, "subviewer": SUBVIEWER}
TITLES = st.none() | st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]), min_size=1, max_size=12)


@given(st.sampled_from(sorted(TITLED)), TITLES)
def test_the_title_written_is_the_tracks_title_after_an_edit(fmt: str, title: str | None) -> None:
    """``track.replace(title=...)`` is written by every format that writes a title, the old one
    nowhere; read back, the text has the new title (None: none)."""
    track = loads(SCRIPT if fmt != "subviewer" else SUBVIEWER)
    assert track.title == "Old title"
    text = dumps(track.replace(title=title), fmt)
    assert "Old title" not in text
    expected = title.strip() or None if title is not None else None
    assert loads(text, fmt).title == expected


@pytest.mark.parametrize("fmt", ["ass", "ssa"])
def test_a_script_title_line_is_written_from_the_track_where_it_stood(fmt: str) -> None:
    track = loads(SCRIPT)
    info = dumps(track.replace(title="New title"), fmt).split("\n\n")[0].splitlines()
    assert [ln for ln in info if ln.lower().startswith("title")] == ["Title: New title"]
    assert info.index("Title: New title") == info.index("; a comment") + 1  # (where the old one stood)
    untouched = dumps(track, fmt)
    assert "Title: Old title" in untouched and dumps(loads(untouched), fmt) == untouched


def test_a_title_edited_in_the_script_info_is_not_the_tracks() -> None:
    """The meta's ``Title:`` line is the source's, kept: the track's title is the one written."""
    track = loads(SCRIPT)
    info = tuple("Title: Meta title" if ln.startswith("Title:") else ln for ln in track.meta["ass.script_info"])
    text = dumps(track.replace(meta=track.meta.set("ass.script_info", info)), "ass")
    assert "Meta title" not in text and loads(text).title == "Old title"


def test_a_subviewer_header_keeps_its_lines_with_the_new_title() -> None:
    text = dumps(loads(SUBVIEWER).replace(title="New title"), "subviewer")
    assert text.startswith("[INFORMATION]\n[TITLE]New title\n[AUTHOR]Ann\n[END INFORMATION]\n")

"""``subconv.write(track, fp, encoding=...)`` with a file opened as text: the file encodes what it
is given, so an ``encoding=`` other than its own is a ``UsageError`` (as ``read`` refuses
``encoding=`` with a text file), and a character the file's encoding lacks says to open the file
in UTF-8.  Before, ``encoding="cp1252"`` with an ``io.StringIO`` or a file opened in UTF-8 was
ignored without a word, and a file opened in cp1252 given ``encoding="utf-8"`` failed with the
advice to pass ``encoding='utf-8'``, which it had."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import subconv

TRACK = subconv.Track([subconv.Cue(1000, 2000, ("Café ♪",))])


def test_an_encoding_a_text_stream_would_not_use_is_refused() -> None:
    with pytest.raises(subconv.UsageError, match=r"encoding='cp1252' is for a path or a binary file.*io\.BytesIO"):
        subconv.write(TRACK, io.StringIO(), "srt", encoding="cp1252")
    buf = io.StringIO()
    subconv.write(TRACK, buf, "srt", encoding="utf-8")  # (the default: no request)
    assert "Café ♪" in buf.getvalue()


def test_an_encoding_other_than_the_open_files_own_is_refused(tmp_path: Path) -> None:
    with (
        open(tmp_path / "a.srt", "w", encoding="utf-8") as ft,
        pytest.raises(subconv.UsageError, match=r"encodes in its own encoding, utf-8.*'wb'"),
    ):
        subconv.write(TRACK, ft, encoding="cp1252")
    ascii_track = TRACK.map_text(lambda t: "Cafe")
    with open(tmp_path / "b.srt", "w", encoding="cp1252") as ft:
        subconv.write(ascii_track, ft, encoding="windows-1252")  # (its own, by another name)
    assert "Cafe" in (tmp_path / "b.srt").read_text(encoding="cp1252")


def test_a_character_a_text_files_encoding_lacks_says_to_open_it_in_utf8(tmp_path: Path) -> None:
    with (
        open(tmp_path / "c.srt", "w", encoding="cp1252") as ft,
        pytest.raises(subconv.WriteError, match="'♪'") as info,
    ):
        subconv.write(TRACK, ft, encoding="utf-8")
    assert "open the file with encoding='utf-8'" in str(info.value)
    assert "(encoding='utf-8')" not in str(info.value)

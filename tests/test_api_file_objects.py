"""``read`` from an open file, ``write`` to one, and ``write(..., encoding=)``: pysubs2's
``SSAFile.from_file``, ``to_file`` and ``save(encoding=)``."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import subconv

SRT = "1\n00:00:01,000 --> 00:00:02,500\nÇa va, café ?\n\n2\n00:00:03,000 --> 00:00:04,000\nÀ bientôt\n"


def _file(tmp_path: Path, encoding: str = "cp1252") -> Path:
    p = tmp_path / "a.srt"
    p.write_bytes(SRT.encode(encoding))
    return p


def test_an_open_file_reads_as_its_path_does(tmp_path: Path) -> None:
    p = _file(tmp_path)
    want = subconv.read(p)
    with open(p, "rb") as fb:
        assert subconv.read(fb) == want
        assert not fb.closed
    with open(p, encoding="cp1252") as ft:
        assert subconv.read(ft) == want
    assert subconv.read(io.BytesIO(p.read_bytes())) == want
    assert subconv.read(io.StringIO(SRT)) == want
    assert [c.text for c in want] == ["Ça va, café ?", "À bientôt"]


def test_an_open_files_name_tells_its_format(tmp_path: Path) -> None:
    p = tmp_path / "a.vtt"
    p.write_text("00:01.000 --> 00:02.000\nHi\n", encoding="utf-8")  # (no WEBVTT line)
    with open(p, "rb") as fb:
        assert subconv.read(fb).format == "vtt"
    with open(p, encoding="utf-8") as ft:
        assert subconv.read(ft).format == "vtt"


def test_read_with_encoding_refuses_a_file_opened_as_text(tmp_path: Path) -> None:
    with open(_file(tmp_path), encoding="cp1252") as ft, pytest.raises(subconv.UsageError, match="'rb'"):
        subconv.read(ft, encoding="cp1252")


def test_read_of_something_else_names_open_files() -> None:
    with pytest.raises(TypeError, match="an open file"):
        subconv.read(42)  # type: ignore[arg-type]


def test_writing_to_an_open_file_writes_what_dumps_gives(tmp_path: Path) -> None:
    track = subconv.loads(SRT)
    want = subconv.dumps(track, "vtt")
    sio = io.StringIO()
    subconv.write(track, sio, "vtt")
    assert sio.getvalue() == want
    assert not sio.closed
    out = tmp_path / "b.vtt"
    with open(out, "w", encoding="utf-8", newline="") as ft:
        subconv.write(track, ft)  # (the format from the file's name)
        assert not ft.closed
    assert out.read_text(encoding="utf-8") == want
    bio = io.BytesIO()
    subconv.write(track, bio, "vtt", encoding="cp1252")
    assert bio.getvalue() == want.encode("cp1252")
    with open(out, "wb") as fb:
        subconv.write(track, fb)
    assert out.read_bytes() == want.encode("utf-8")


def test_an_open_file_without_a_known_name_needs_a_format(tmp_path: Path) -> None:
    track = subconv.loads(SRT)
    with pytest.raises(subconv.UnknownFormatError, match="pass format="):
        subconv.write(track, io.StringIO())
    with open(tmp_path / "notes.dat", "w", encoding="utf-8") as ft, pytest.raises(subconv.UnknownFormatError):
        subconv.write(track, ft)


def test_write_in_another_encoding_reads_back(tmp_path: Path) -> None:
    track = subconv.loads(SRT)
    out = tmp_path / "c.srt"
    subconv.write(track, out, encoding="cp1252")
    assert out.read_bytes() == subconv.dumps(track, "srt").encode("cp1252")
    assert subconv.read(out, encoding="cp1252") == subconv.read(_file(tmp_path))


CP1252_LINES = st.lists(st.text(st.characters(codec="cp1252", exclude_characters="\r\n"), min_size=1), min_size=1)


@settings(max_examples=60, deadline=None)
@given(CP1252_LINES)
def test_cp1252_text_round_trips_through_write_and_read(lines: list[str]) -> None:
    """Whatever text the cp1252 codec takes is written as the UTF-8 text is, encoded, and reads
    back (with ``encoding="cp1252"``) as the UTF-8 text does; unless the writer escapes a line
    with a WORD JOINER (``subconv.formats.escapes``), which cp1252 lacks: a WriteError says so."""
    track = subconv.Track([subconv.Cue(1000, 2000, tuple(lines))])
    text = subconv.dumps(track, "srt")
    buf = io.BytesIO()
    if "\u2060" in text:
        with pytest.raises(subconv.WriteError, match=r"cue 1 is written with .* \(U\+2060\), the writer's escape"):
            subconv.write(track, buf, "srt", encoding="cp1252")
        return
    subconv.write(track, buf, "srt", encoding="cp1252")
    assert buf.getvalue() == text.encode("cp1252")
    assert subconv.read(buf.getvalue(), "srt", encoding="cp1252") == subconv.loads(text, "srt")


def test_a_character_the_encoding_lacks_is_a_write_error_naming_it_and_its_cue(tmp_path: Path) -> None:
    track = subconv.loads(SRT + "\n3\n00:00:05,000 --> 00:00:06,000\nThen → there\n")
    out = tmp_path / "d.srt"
    out.write_text("before", encoding="utf-8")
    with pytest.raises(subconv.WriteError, match=r"cue 3 \(line \d+\) has '→' \(U\+2192\).*cp1252") as info:
        subconv.write(track, out, encoding="cp1252")
    assert str(out) in str(info.value)
    assert out.read_text(encoding="utf-8") == "before"  # (left as it was)
    assert [p.name for p in tmp_path.iterdir()] == ["d.srt"]  # (no temporary file left)
    with pytest.raises(subconv.WriteError, match="'→'"):
        subconv.write(track, io.BytesIO(), "srt", encoding="cp1252")
    with open(tmp_path / "e.srt", "w", encoding="cp1252") as ft, pytest.raises(subconv.WriteError, match="cp1252"):
        subconv.write(track, ft)


def test_the_writers_escape_that_cp1252_lacks_is_a_write_error_naming_the_cue() -> None:
    """A last line of digits under another is escaped with U+2060 (else a player reads it as the
    next cue's number): cp1252 has no such character, and the error says why it is there."""
    track = subconv.loads(SRT + "\n3\n00:00:05,000 --> 00:00:06,000\nRoom\n101\n")
    with pytest.raises(subconv.WriteError, match=r"cue 3 \(line \d+\) is written with .*U\+2060.*escape"):
        subconv.write(track, io.BytesIO(), "srt", encoding="cp1252")

"""Streamed output: SRT, WebVTT and ASS are written a cue at a time (``Format.stream``), and what
is streamed is exactly the whole text, with the same report, for every writer option."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import api, formats
from subconv.formats import WriteOptions
from subconv.formats.base import CHUNK, finished
from subconv.model import Track
from subconv.report import Report
from tests.strategies import tracks

STREAMED = ("srt", "vtt", "ass")


def test_the_large_formats_stream() -> None:
    assert all(formats.get(name).stream is not None for name in STREAMED)


@settings(max_examples=60, deadline=None)
@given(
    tracks(hostile=True, speaker=True, max_ms=9 * 3_600_000),
    st.sampled_from(formats.writable()),
    st.booleans(),
    st.booleans(),
)
def test_streamed_pieces_are_the_whole_text(track: Track, name: str, bom: bool, crlf: bool) -> None:
    options = WriteOptions(bom=bom, crlf=crlf)
    whole_report, streamed_report = Report(), Report()
    whole = api.dumps(track, name, options=options, report=whole_report)
    pieces = list(api.dump_pieces(track, name, options=options, report=streamed_report))
    assert "".join(pieces) == whole
    assert streamed_report.entries == whole_report.entries


@given(st.lists(st.text(alphabet="ab\n", max_size=5), max_size=20), st.booleans(), st.booleans())
def test_finished_keeps_the_text_and_only_changes_line_ends(pieces: list[str], bom: bool, crlf: bool) -> None:
    text = "".join(finished(pieces, WriteOptions(bom=bom, crlf=crlf)))
    plain = "".join(pieces)
    assert text == ("\ufeff" if bom else "") + (plain.replace("\n", "\r\n") if crlf else plain)


def test_a_large_track_is_written_in_pieces_of_about_a_chunk(tmp_path: Path) -> None:
    from subconv.model import Cue

    track = Track(tuple(Cue(i * 10, i * 10 + 5, (f"line {i} " + "x" * 40,)) for i in range(60_000)))
    pieces = list(api.dump_pieces(track, "srt"))
    assert len(pieces) > 2 and all(len(p) < 2 * CHUNK for p in pieces)
    out = tmp_path / "out.srt"
    api.write(track, out)
    assert out.read_text(encoding="utf-8") == "".join(pieces)


def test_a_writer_error_midway_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The output goes to a temporary file first: a failure while streaming leaves nothing."""
    from subconv.model import Cue

    track = Track(tuple(Cue(i * 10, i * 10 + 5, (f"line {i} " + "x" * 40,)) for i in range(60_000)))

    first = list(api.dump_pieces(track, "srt"))[:2]

    def failing(*args: object, **kwargs: object) -> object:
        yield from first
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(api, "dump_pieces", failing)
    out = tmp_path / "out.srt"
    with pytest.raises(OSError, match="No space"):
        api.write(track, out)
    assert list(tmp_path.iterdir()) == []

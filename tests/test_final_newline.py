"""Every text subconv writes ends its last line, as a text file does: ``dumps``, ``write`` and
the command line alike, in every format (``dumps(track, "json")`` had no final newline)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import subconv
from subconv import WriteOptions, formats
from subconv.cli import main
from subconv.model import Track
from tests.strategies import tracks


@settings(max_examples=60, deadline=None)
@given(
    fmt=st.sampled_from(formats.writable()),
    track=tracks(speaker=True, min_cues=0) | st.just(Track(())),
    crlf=st.booleans(),
    bom=st.booleans(),
)
def test_every_format_ends_its_last_line_in_dumps_and_write(
    tmp_path_factory: pytest.TempPathFactory, fmt: str, track: Track, crlf: bool, bom: bool
) -> None:
    options = WriteOptions(crlf=crlf, bom=bom)
    text = subconv.dumps(track, fmt, options=options)
    end = "\r\n" if crlf else "\n"
    if text.lstrip("\ufeff"):
        assert text.endswith(end), (fmt, text[-40:])
        assert not text.endswith(end * 2), (fmt, text[-40:])  # (one line end, no blank line after it)
    path = tmp_path_factory.mktemp("nl") / f"out.{fmt}"
    subconv.write(track, path, fmt, options=options)
    assert path.read_bytes() == text.encode("utf-8")


@pytest.mark.parametrize("fmt", formats.writable())
def test_the_command_line_writes_the_same_final_newline(tmp_path: Path, fmt: str) -> None:
    src = tmp_path / "in.srt"
    src.write_text("1\n00:00:01,000 --> 00:00:02,000\nHello there\n", encoding="utf-8")
    out = tmp_path / "out"
    with contextlib.redirect_stderr(io.StringIO()):
        assert main(["convert", str(src), "--to", fmt, "-o", str(out)]) == 0
    written = out.read_text(encoding="utf-8")
    assert written.endswith("\n") and written == subconv.dumps(subconv.read(src), fmt)

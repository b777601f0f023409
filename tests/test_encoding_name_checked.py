"""An ``encoding=`` that names no text encoding is an ``EncodingError`` (a ``ValueError``) naming
the argument, where it is given, as ``--encoding``/``--output-encoding`` refuse it: before,
``write``/``atomic_write_text`` raised Python's ``LookupError`` (no ``ValueError``, so a port of
pysubs2 code catching ``ValueError`` missed it), and ``convert_many`` failed every input with it."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import subconv
from subconv.batch import convert_many

TRACK = subconv.Track([subconv.Cue(1000, 2000, ("Hello",))])


@pytest.mark.parametrize(("name", "why"), [("no-such-codec", "unknown encoding"), ("base64", "not a text encoding")])
def test_write_refuses_an_encoding_that_is_none(tmp_path: Path, name: str, why: str) -> None:
    out = tmp_path / "a.srt"
    with pytest.raises(subconv.EncodingError, match=rf"write\(\) encoding=: .*{why}"):
        subconv.write(TRACK, out, encoding=name)
    with pytest.raises(ValueError, match=why):
        subconv.write(TRACK, io.BytesIO(), "srt", encoding=name)
    with pytest.raises(subconv.EncodingError, match=rf"atomic_write_text\(\) encoding=: .*{why}"):
        subconv.atomic_write_text(out, "x", name)
    assert list(tmp_path.iterdir()) == []  # (nothing written, no temporary file)


def test_convert_many_refuses_it_before_any_input(tmp_path: Path) -> None:
    src = tmp_path / "a.srt"
    src.write_text(subconv.dumps(TRACK, "srt"), encoding="utf-8")
    with pytest.raises(subconv.EncodingError, match=r"convert_many\(\) encoding=: unknown encoding"):
        list(convert_many([src], tmp_path / "out", encoding="no-such-codec"))
    assert not (tmp_path / "out").exists()

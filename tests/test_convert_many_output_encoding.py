"""``convert_many(output_encoding=)``: the library's folder run writes in another encoding, as the
command line's ``--output-encoding`` does on a folder ("convert a folder to cp1252 SRT for an old
TV").  Before, ``convert_many`` had no such argument (a ``TypeError``): only the command line could."""

from __future__ import annotations

from pathlib import Path

import pytest

import subconv
from subconv.batch import convert_many

SRT = "1\n00:00:01,000 --> 00:00:02,000\nCafé crème\n"


def test_outputs_are_written_in_the_encoding_given(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.srt").write_text(SRT, encoding="utf-8")
    (src / "b.srt").write_text(SRT.replace("crème", "♪"), encoding="utf-8")
    results = {Path(r.source).name: r for r in convert_many(src, tmp_path / "out", output_encoding="cp1252")}
    assert results["a.srt"].status == "ok"
    assert (tmp_path / "out" / "a.srt").read_bytes() == SRT.encode("cp1252")
    assert results["b.srt"].status == "failed"
    assert "'♪' (U+266A), which cp1252 cannot encode" in (results["b.srt"].error or "")
    assert not (tmp_path / "out" / "b.srt").exists()


def test_an_output_encoding_that_is_none_is_refused(tmp_path: Path) -> None:
    with pytest.raises(subconv.EncodingError, match=r"convert_many\(\) output_encoding=: unknown encoding"):
        list(convert_many([tmp_path / "a.srt"], tmp_path / "out", output_encoding="no-such-codec"))

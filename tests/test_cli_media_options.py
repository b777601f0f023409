"""The options of ``convert`` that act only with ``--media`` (``--no-align``, ``--aligner``,
``--language``, ``--audio-stream``) given without it: a warning each, the file converted all the
same.  Before, each was taken and did nothing, with nothing said."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirun import run_subconv

SRT = "1\n00:00:01,000 --> 00:00:02,500\nHello there\n\n2\n00:00:03,000 --> 00:00:04,000\nGeneral Kenobi\n"


@pytest.mark.parametrize("args", [["--no-align"], ["--aligner", "vad"], ["--language", "de"], ["--audio-stream", "2"]])
def test_an_option_for_the_media_without_it_is_said(tmp_path: Path, args: list[str]) -> None:
    src = tmp_path / "in.srt"
    src.write_text(SRT, encoding="utf-8")
    out = tmp_path / "out.srt"
    r = run_subconv("convert", str(src), "-o", str(out), *args)
    assert r.returncode == 0
    assert r.stderr == f"subconv: warning: {args[0]}: acts only with --media, and none is given (ignored)\n"
    assert out.read_text(encoding="utf-8") == SRT


def test_a_page_converted_with_the_default_aligner_says_nothing(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Hello there, and welcome.\nToday we talk about subtitles.\n", encoding="utf-8")
    r = run_subconv("convert", str(page), "--aligner", "auto")
    assert r.returncode == 0 and r.stderr == ""

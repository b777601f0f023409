"""``Track.to_pysubs2()`` (and ASS written) adds no ``WrapStyle: 0`` to a script read without one:
pysubs2 reads such a script without it, and every renderer's default is 0 (it added one).  A
track subconv made has it, as pysubs2's new ``SSAFile`` does."""

from __future__ import annotations

from pathlib import Path

import pysubs2
import pytest

import subconv

SCRIPT = (
    "[Script Info]\nTitle: T\nScriptType: v4.00+\nPlayResX: 640\nPlayResY: 480\n\n[Events]\n"
    "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Hello\n"
)


def test_a_script_without_wrapstyle_gets_none() -> None:
    track = subconv.loads(SCRIPT)
    assert track.to_pysubs2().info == pysubs2.SSAFile.from_string(SCRIPT, format_="ass").info
    assert "WrapStyle" not in subconv.dumps(track, "ass")
    kept = subconv.loads(SCRIPT.replace("PlayResY: 480\n", "PlayResY: 480\nWrapStyle: 2\n"))
    assert kept.to_pysubs2().info["WrapStyle"] == "2"


def test_a_track_subconv_made_has_pysubs2s_default() -> None:
    srt = "1\n00:00:01,000 --> 00:00:02,000\nHello\n"
    new = pysubs2.SSAFile.from_string(srt, format_="srt")
    assert subconv.loads(srt).to_pysubs2().info["WrapStyle"] == new.info["WrapStyle"] == "0"


def test_corpus_scripts(shared: Path) -> None:
    paths = sorted((shared / "corpus").rglob("*.ass"))
    if not paths:
        pytest.skip("no ASS script in the corpus")
    for path in paths:
        track = subconv.read(path)
        had = any(key.lower() == "wrapstyle" for key in subconv.script_info(track))
        assert ("WrapStyle" in track.to_pysubs2().info) == had, path

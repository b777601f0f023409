"""Review of the LRC and recognisers' JSON readers with odd but real input: a transcript of
``[hh:mm:ss]`` stamps is not LRC (it was sniffed as LRC and every time read as mm:ss.xx); a
``"segments": null`` is not called invalid JSON."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subconv import Report, WriteOptions, detect_format, dumps, loads, read
from tests.clirun import run_subconv

_CLOCK = st.tuples(st.integers(0, 3), st.integers(0, 59), st.integers(0, 59))


@given(st.lists(_CLOCK, min_size=1, max_size=8))
def test_hh_mm_ss_transcript_is_not_lrc(clocks: list[tuple[int, int, int]]) -> None:
    text = "".join(f"[{h:02d}:{m:02d}:{s:02d}] Speaker {k}: words here\n" for k, (h, m, s) in enumerate(clocks))
    assert detect_format(text) != "lrc"
    assert detect_format(text, "talk.lrc") == "lrc"  # (LRC's [mm:ss:xx] by the file's ending)


def test_hh_mm_ss_transcript_keeps_its_hours(tmp_path: Path) -> None:
    src = tmp_path / "talk.txt"
    src.write_text("[00:00:05] Alice: Welcome.\n[00:01:10] Bob: Thanks.\n[01:05:30] Bob: Goodbye.\n", encoding="utf-8")
    report = Report()
    track = read(src, report=report)
    assert report.info["format"] != "lrc"
    assert [c.start for c in track.cues] == [5_000, 70_000, 3_930_000]


def test_mm_ss_xx_lrc_by_its_ending(tmp_path: Path) -> None:
    src = tmp_path / "song.lrc"
    src.write_text("[00:12:50]Line one\n[00:15:00]Line two\n", encoding="utf-8")
    track = read(src)
    assert [(c.start, c.text) for c in track.cues] == [(12_500, "Line one"), (15_000, "Line two")]


def test_whisper_segments_null_is_not_called_invalid_json(tmp_path: Path) -> None:
    """``"segments": null`` (valid JSON with no list) was taken for Whisper's list and said
    ``invalid JSON: Expecting value``; it is JSON that is not subtitles, as ``"segments": {}`` is."""
    src = tmp_path / "w.json"
    src.write_text('{"segments": null, "text": "hi"}', encoding="utf-8")
    assert detect_format(src.read_text(encoding="utf-8"), str(src)) != "cuelist"
    r = run_subconv("convert", str(src), "-o", str(tmp_path / "w.srt"))
    assert r.returncode == 1 and r.stderr.startswith(f"subconv: error: {src}:1: ")
    assert "invalid JSON" not in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("fmt", ["vtt", "ass", "lrc"])
def test_word_times_left_out_are_reported(fmt: str) -> None:
    """Enhanced LRC whose word stamps leave the line's time (``<00:09.00>`` in a line that ends at
    3 s) or go back: the writers leave those word times out, now with a report entry at the
    cue's line (before: silently)."""
    lrc = "[00:01.00]<00:01.00>Hel <00:01.50>lo <00:09.00>end\n[00:03.00]<00:03.00>next <00:02.00>back\n[00:04.00]\n"
    track = loads(lrc, "lrc")
    report = Report()
    dumps(track, fmt, report=report, options=WriteOptions(words=True))
    left = [(e.line, e.action) for e in report.entries if "word time not written" in e.reason]
    assert left == [(1, "dropped"), (2, "dropped")]

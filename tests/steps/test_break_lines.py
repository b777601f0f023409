"""Re-breaking long lines of timed files (``convert --max-chars N``, ``check --fix``): times kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subconv
from subconv import Cue, Report, Span, Track
from subconv.cli import main
from subconv.steps.segment import break_long_lines
from subconv.text.width import text_width

ROOT = Path(__file__).resolve().parents[2]
TIMED = ROOT / ".." / "shared" / "corpus" / "timed"

words = st.text(alphabet="abcdefghij", min_size=1, max_size=12)


def _squash(text: str) -> str:
    return "".join(text.split())


@given(st.lists(words, min_size=1, max_size=30), st.integers(10, 50), st.data())
def test_times_and_words_kept_lines_fit(ws: list[str], limit: int, data: st.DataObject) -> None:
    text = " ".join(ws)
    a = data.draw(st.integers(0, len(text) - 1))
    b = data.draw(st.integers(a + 1, len(text)))
    cue = Cue(1000, 5000, (text,), spans=(Span(a, b, "i"),), source_line=3)
    out = break_long_lines(Track((cue,)), limit, 2, Report())[0]
    assert (out.start, out.end) == (1000, 5000)
    assert _squash(out.text) == _squash(text)
    assert all(text_width(ln) <= limit or " " not in ln for ln in out.lines)
    # the formatting still covers the same letters
    old_italic = _squash(text[a:b])
    new_italic = "".join(_squash(out.text[s.start : s.end]) for s in out.spans)
    assert new_italic == old_italic


@given(st.lists(words, min_size=1, max_size=30), st.integers(10, 50))
def test_rebreaking_twice_changes_nothing_more(ws: list[str], limit: int) -> None:
    once = break_long_lines(Track((Cue(0, 1000, (" ".join(ws),)),)), limit, 2, Report())
    assert break_long_lines(once, limit, 2, report := Report()) == once
    assert not report.entries


def test_dialogue_turns_keep_their_own_lines() -> None:
    cue = Cue(0, 3000, ("- Where are you going at this hour of the night, tell me?", "- Out."))
    out = break_long_lines(Track((cue,)), 42, 2, report := Report())[0]
    assert out.lines[-1] == "- Out." and out.lines[0].startswith("- Where")
    assert len(out.lines) == 3
    assert [e.action for e in report] == ["rewritten", "warning"]  # three lines: over the limit of 2


def test_short_cues_untouched() -> None:
    t = Track((Cue(0, 1000, ("short",)),))
    assert break_long_lines(t, 42, 2, Report()) is t


def _srt(tmp_path: Path) -> Path:
    src = tmp_path / "in.srt"
    src.write_text(
        "1\n00:00:01,000 --> 00:00:04,000\n"
        "Many people have heard of Bitcoin, that it's a fully digital currency\n\n"
        "2\n00:00:05,000 --> 00:00:06,000\nShort.\n",
        encoding="utf-8",
    )
    return src


def test_cli_max_chars_rebreaks_timed_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _srt(tmp_path)
    assert main(["convert", str(src), "--max-chars", "42", "--explain"]) == 0
    out, err = capsys.readouterr()
    track = subconv.loads(out, "srt")
    assert [(c.start, c.end) for c in track] == [(1000, 4000), (5000, 6000)]
    assert track[0].lines == ("Many people have heard of Bitcoin,", "that it's a fully digital currency")
    assert "line 2: segment: rewritten: long line re-broken" in err
    # without --max-chars a timed file is converted as it is
    assert main(["convert", str(src)]) == 0
    assert subconv.loads(capsys.readouterr().out, "srt")[0].lines == (
        "Many people have heard of Bitcoin, that it's a fully digital currency",
    )


@pytest.mark.skipif(not TIMED.is_dir(), reason="../shared corpus not present")
@pytest.mark.parametrize("name", ["3b1b/bitcoin/en.captions.srt", "films/LaLaLand.en.srt"])
def test_corpus_rebreak_keeps_times_and_text(name: str) -> None:
    path = TIMED / name
    if not path.is_file():
        pytest.skip(f"{name} not in the corpus")
    track = subconv.read(path)
    report = Report()
    out = subconv.process(track, subconv.Options(max_chars=42, break_long_lines=True), report)
    assert len(out) == len(track)
    for a, b in zip(track, out, strict=True):
        assert (a.start, a.end) == (b.start, b.end)
        assert _squash(a.text) == _squash(b.text)
        assert all(text_width(ln) <= 42 or " " not in ln for ln in b.lines)
    changed = sum(1 for a, b in zip(track, out, strict=True) if a.lines != b.lines)
    assert changed == len([e for e in report if e.action == "rewritten" and e.step == "segment"])

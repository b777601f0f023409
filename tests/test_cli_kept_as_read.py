"""Options that shape the cues made of a page (``--wpm``, ``--cps``, ``--max-lines``) given on a
timed file whose cues are kept as read: each says on stderr that it did nothing and what would
make it act (before, nothing was said, where ``--duration`` and ``--media`` warned)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirun import run_subconv

SRT = "1\n00:00:01,000 --> 00:00:02,500\nHello there\n\n2\n00:00:03,000 --> 00:00:04,000\nGeneral Kenobi\n"
PAGE = "Hello there, and welcome to the show.\nToday we talk about subtitles and how they are timed.\n"


@pytest.fixture
def src(tmp_path: Path) -> Path:
    p = tmp_path / "in.srt"
    p.write_text(SRT, encoding="utf-8")
    return p


def _warnings(stderr: str) -> list[str]:
    return [line.split(": ", 3)[-1] for line in stderr.splitlines() if line.startswith("subconv: warning:")]


@pytest.mark.parametrize(("option", "value"), [("--wpm", "120"), ("--cps", "14")])
def test_a_speaking_rate_on_a_timed_file_says_it_keeps_its_times(src: Path, option: str, value: str) -> None:
    r = run_subconv("convert", str(src), option, value)
    assert r.returncode == 0
    assert _warnings(r.stderr) == [
        f"{option} is the speaking rate for estimating times; this srt file's cues keep their times "
        "(add --retime to re-time them at it)"
    ]
    assert r.stdout == run_subconv("convert", str(src)).stdout  # (it did nothing indeed)
    assert _warnings(run_subconv("convert", str(src), option, value, "--retime").stderr) == []


def test_max_lines_on_a_timed_file_says_it_keeps_its_lines(src: Path) -> None:
    r = run_subconv("convert", str(src), "--max-lines", "1")
    assert r.returncode == 0
    assert _warnings(r.stderr) == [
        "--max-lines limits the lines of cues made or re-broken; this srt file's cues keep their lines "
        "(add --max-chars N to re-break lines over N characters, or --retime to re-segment it)"
    ]
    assert _warnings(run_subconv("convert", str(src), "--max-lines", "1", "--max-chars", "30").stderr) == []
    assert _warnings(run_subconv("convert", str(src), "--max-lines", "1", "--retime").stderr) == []


def test_on_a_page_they_act_and_nothing_is_said(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(PAGE, encoding="utf-8")
    r = run_subconv("convert", str(page), "--wpm", "100", "--cps", "12", "--max-lines", "1")
    assert r.returncode == 0 and _warnings(r.stderr) == []


def test_a_real_timed_file(shared: Path, tmp_path: Path) -> None:
    srt = shared / "corpus/timed/3b1b/neural-networks/en.captions.srt"
    r = run_subconv("convert", str(srt), "-o", str(tmp_path / "o.vtt"), "--wpm", "150", "--max-lines", "1")
    assert r.returncode == 0
    said = _warnings(r.stderr)
    assert [w.split(" ", 1)[0] for w in said if w.startswith("--")] == ["--wpm", "--max-lines"]


def test_max_lines_to_a_transcript_is_said_once(src: Path) -> None:
    said = _warnings(run_subconv("convert", str(src), "--max-lines", "1", "--to", "txt").stderr)
    assert said == ["--max-lines: txt joins each cue's lines into paragraphs: a number of lines has no effect on it"]


def test_merge_fragments_on_a_transcript_read_as_txt_acts_and_says_nothing(tmp_path: Path) -> None:
    # a transcript read as txt is a page (steps.PAGE_FORMATS): its fragments are merged; before,
    # a warning said "this txt file's cues keep their times and are not merged" as they were merged
    page = tmp_path / "frag.txt"
    page.write_text("hello there and\nwelcome to the\nshow today.\n", encoding="utf-8")
    r = run_subconv("convert", str(page), "--from", "txt", "--merge-fragments")
    assert r.returncode == 0 and r.stderr == ""
    assert "hello there and welcome to the show today." in r.stdout

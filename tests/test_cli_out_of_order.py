"""Cues out of time order in a timed file: written in the file's order, with a warning naming
their lines; ``--overlaps merge|stagger`` (and the editor presets that use them) writes them in
time order, each moved cue reported, also where no overlap was there to resolve."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import Options, Report, process, read
from subconv.model import Cue, Track
from tests.clirun import run_subconv

# cue 2 (its timing line is line 6) starts before cue 1; cue 4 (line 14) before cue 3
OUT_OF_ORDER = (
    "1\n00:00:05,000 --> 00:00:06,000\nSecond\n\n"
    "2\n00:00:01,000 --> 00:00:02,000\nFirst\n\n"
    "3\n00:00:09,000 --> 00:00:10,000\nFourth\n\n"
    "4\n00:00:07,000 --> 00:00:08,000\nThird\n"
)


@pytest.fixture
def src(tmp_path: Path) -> Path:
    p = tmp_path / "in.srt"
    p.write_text(OUT_OF_ORDER, encoding="utf-8")
    return p


def _texts(srt: str) -> list[str]:
    return [block.split("\n")[2] for block in srt.strip().split("\n\n")]


def test_cues_out_of_order_are_kept_and_said_with_their_lines(src: Path) -> None:
    r = run_subconv("convert", str(src))
    assert r.returncode == 0
    assert _texts(r.stdout) == ["Second", "First", "Fourth", "Third"]  # (the file's order, as before)
    assert r.stderr == (
        f"subconv: warning: {src}:6: 2 cues start before a cue above them (lines 6, 14): written in the "
        "file's order, not in time order; players sort cues by time, video editors may not "
        "(--overlaps merge or stagger writes them in time order)\n"
    )
    # the edit commands keep the order too, and say it
    r = run_subconv("shift", str(src), "+1s")
    assert r.returncode == 0 and "2 cues start before a cue above them (lines 6, 14)" in r.stderr


def test_an_ass_output_is_not_warned_about_its_order(src: Path) -> None:
    # a renderer draws an ASS script's events by their times and layers, whatever their order
    r = run_subconv("convert", str(src), "--to", "ass")
    assert r.returncode == 0 and r.stderr == ""


@pytest.mark.parametrize(
    "how", [["--overlaps", "stagger"], ["--overlaps", "merge"], ["--editor", "fcp", "--fps", "25"]]
)
def test_overlaps_merge_or_stagger_write_them_in_time_order(src: Path, tmp_path: Path, how: list[str]) -> None:
    # no overlap to resolve: before, the cues were written in the file's order all the same
    report = tmp_path / "r.json"
    r = run_subconv("convert", str(src), *how, "--report", str(report))
    assert r.returncode == 0 and "time order" not in r.stderr
    assert _texts(r.stdout) == ["First", "Second", "Third", "Fourth"]
    moved = [e for e in json.loads(report.read_text(encoding="utf-8"))["entries"] if e["step"] == "overlaps"]
    assert [(e["line"], e["action"]) for e in moved] == [(6, "rewritten"), (14, "rewritten")]
    assert all(e["reason"].startswith("moved into time order") for e in moved)


def test_a_real_ass_script_out_of_order_to_srt_is_said(shared: Path, tmp_path: Path) -> None:
    ass = shared / "corpus/timed/films/SSA_The_Beekeeper_Japanese_400plus.ass"
    out = tmp_path / "bk.srt"
    r = run_subconv("convert", str(ass), "-o", str(out))
    assert r.returncode == 0
    said = re.findall(r"^subconv: warning: .*:(\d+): (\d+) cues start before a cue above them", r.stderr, re.M)
    assert said == [("91", "10")]
    starts = [
        int(t[:2]) * 3600000 + int(t[3:5]) * 60000 + int(t[6:8]) * 1000 + int(t[9:12])
        for t in re.findall(r"^(\d\d:\d\d:\d\d,\d\d\d) -->", out.read_text(encoding="utf-8"), re.M)
    ]
    assert starts != sorted(starts)  # (kept as the script has them)
    r = run_subconv("convert", str(ass), "-o", str(out), "--overlaps", "stagger")
    assert r.returncode == 0 and "cues start before" not in r.stderr


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 20_000), st.integers(1, 3000)), min_size=1, max_size=12),
    st.sampled_from(["merge", "stagger"]),
)
def test_merge_and_stagger_always_give_time_order_and_keep_every_text(
    times: list[tuple[int, int]], policy: str
) -> None:
    cues = tuple(Cue(s, s + d, (f"cue {i}",), source_line=i + 1) for i, (s, d) in enumerate(times))
    report = Report()
    out = process(Track(cues, format="srt"), Options(overlaps=policy), report)  # type: ignore[arg-type]
    starts = [c.start for c in out.cues]
    assert starts == sorted(starts)  # type: ignore[type-var]
    joined = "\n".join(c.text for c in out.cues)
    assert all(f"cue {i}" in joined for i in range(len(cues)))


def test_the_library_reads_them_in_the_files_order(src: Path) -> None:
    assert [c.text for c in read(src).cues] == ["Second", "First", "Fourth", "Third"]


def test_an_edit_is_warned_about_as_it_writes(src: Path) -> None:
    # shifted 3.5 s earlier, "First" (1-2 s) is gone: the cues written are in time order
    r = run_subconv("shift", str(src), "-3.5s")
    assert r.returncode == 0 and "start before a cue above" not in r.stderr
    # check alone writes nothing: nothing to say of an order written
    assert "start before a cue above" not in run_subconv("check", str(src)).stderr


def test_a_transcript_is_not_warned_about_its_order(src: Path) -> None:
    r = run_subconv("convert", str(src), "--to", "txt")
    assert r.returncode == 0 and r.stderr == ""


def test_each_cue_out_of_order_is_in_the_report_with_its_line(src: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    r = run_subconv("convert", str(src), "--report", str(report), "-o", str(tmp_path / "o.srt"))
    assert r.returncode == 0
    kept = [e for e in json.loads(report.read_text(encoding="utf-8"))["entries"] if e["action"] == "kept"]
    assert [(e["line"], e["text"]) for e in kept] == [(6, "First"), (14, "Third")]

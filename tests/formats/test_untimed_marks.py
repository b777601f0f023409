"""Amara's mark for a cue not yet timed (99:59:59.000 to 99:59:59.000; 9:59:59.000 in SBV): read
as an untimed cue, reported with its line, and timed as a page's lines are.  Before, such a file
was converted into zero-length cues stacked 100 hours in, with nothing in the report, and
``check`` then failed every cue."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subconv import Report, loads, process

REPO = Path(__file__).resolve().parents[2]

#: each format's text for one cue: (start, end) as that format writes them, and a line of text
CUE_TEXT = {
    "srt": lambda k, a, b, text: f"{k}\n{a} --> {b}\n{text}\n",
    "vtt": lambda k, a, b, text: f"{a} --> {b}\n{text}\n",
    "sbv": lambda k, a, b, text: f"{a},{b}\n{text}\n",
}
HEAD = {"srt": "", "vtt": "WEBVTT\n\n", "sbv": ""}
SEPARATOR = {"srt": ",", "vtt": ".", "sbv": "."}


def _clock(ms: int, fmt: str) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, milli = divmod(rest, 1000)
    hours = str(h) if fmt == "sbv" else f"{h:02d}"
    return f"{hours}:{m:02d}:{s:02d}{SEPARATOR[fmt]}{milli:03d}"


#: a cue: at a mark, lasting 0 ms (untimed), or ordinary times; then one close to a mark that is
#: not one (a cue at a mark that lasts, a zero-length cue elsewhere): those keep their times
KINDS = st.sampled_from(["mark", "timed", "lasting", "zero"])


@given(fmt=st.sampled_from(sorted(CUE_TEXT)), kinds=st.lists(KINDS, min_size=1, max_size=6), big=st.booleans())
def test_a_cue_at_the_untimed_mark_is_read_as_untimed_and_said(fmt: str, kinds: list[str], big: bool) -> None:
    mark = 359_999_000 if big else 35_999_000
    blocks, want = [], []
    for k, kind in enumerate(kinds):
        a, b = {
            "mark": (mark, mark),
            "timed": (1000 * k, 1000 * k + 800),
            "lasting": (mark, mark + 1000),
            "zero": (1000 * k, 1000 * k),
        }[kind]
        blocks.append(CUE_TEXT[fmt](k + 1, _clock(a, fmt), _clock(b, fmt), f"Line number {k + 1}."))
        want.append((None, None) if kind == "mark" else (a, b))
    text = HEAD[fmt] + "\n".join(blocks)
    rep = Report()
    track = loads(text, fmt, report=rep)
    assert [(c.start, c.end) for c in track.cues] == want
    said = [e for e in rep.entries if e.action == "rewritten" and "not yet timed" in e.reason]
    assert [e.text for e in said] == [c.text for c in track.cues if c.start is None]
    assert [e.line for e in said] == [c.source_line for c in track.cues if c.start is None]
    warned = [e for e in rep.entries if e.action == "warning" and "not yet timed" in e.reason]
    assert len(warned) == ("mark" in kinds)


def test_the_marks_are_amaras() -> None:
    from subconv.timefmt import UNTIMED_MARKS_MS

    assert {ms // 1000 for ms in UNTIMED_MARKS_MS} == {99 * 3600 + 59 * 60 + 59, 9 * 3600 + 59 * 60 + 59}


@pytest.mark.parametrize("ending", ["srt", "vtt", "sbv"])
def test_an_untimed_amara_file_is_timed_in_order_and_each_cue_reported(shared: Path, ending: str) -> None:
    """The corpus's babelsubs ``Untimed_text`` (43 cues, every one at the mark): every cue timed,
    in order, none left at 99:59:59 or 9:59:59, and each one's mark in the report with its line."""
    src = shared / "corpus" / "odd" / "babelsubs" / f"Untimed_text.{ending}"
    rep = Report()
    track = process(loads(src.read_text(encoding="utf-8"), ending, report=rep), report=rep)
    times = [(c.start, c.end) for c in track.cues]
    assert len(times) == 43
    assert all(a is not None and b is not None and a < b < 3_600_000 for a, b in times), times[:3]
    assert all(b1 <= a2 for (_, b1), (a2, _) in itertools.pairwise(times))  # type: ignore[operator]
    said = [e for e in rep.entries if e.action == "rewritten" and "not yet timed" in e.reason]
    assert len(said) == 43 and all(e.line is not None for e in said)


def test_the_command_line_says_so_once(shared: Path, tmp_path: Path) -> None:
    src = shared / "corpus" / "odd" / "babelsubs" / "Untimed_text.srt"
    proc = subprocess.run(
        [sys.executable, "-m", "subconv", "convert", str(src), "-o", str(tmp_path / "out.srt")],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("not yet timed") == 1, proc.stderr
    assert "99:59:59" not in (tmp_path / "out.srt").read_text(encoding="utf-8")

"""``subconv check`` has an ``order`` rule: a cue that starts before a cue above it in the file
is a finding at its line, as ``convert`` warns of it.  Before, such a file got "0 problems" and
exit 0 from ``check`` while ``convert`` warned; an ASS script (drawn by its times, often out of
order on purpose) is not checked for it, as ``convert`` does not warn of it."""

from __future__ import annotations

import contextlib
import io
import json
import re
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import subconv
from subconv.cli import main
from subconv.quality import PROFILES, check
from tests.clirun import run_subconv

OOO = (
    "1\n00:00:05,000 --> 00:00:07,000\nSecond line spoken.\n\n"
    "2\n00:00:01,000 --> 00:00:03,000\nFirst line spoken.\n\n"
    "3\n00:00:09,000 --> 00:00:11,000\nThird line spoken.\n"
)


def test_a_cue_out_of_order_is_a_finding_at_its_line(tmp_path: Path) -> None:
    src = tmp_path / "ooo.srt"
    src.write_text(OOO, encoding="utf-8")
    r = run_subconv("check", str(src))
    assert r.returncode == 1
    assert f"{src}:6: cue 2: order: starts at 1000 ms, before cue 1 above it (5000 ms)" in r.stdout
    assert "1 problem" in r.stdout  # (before: "0 problems", exit 0)
    r = run_subconv("check", str(src), "--json")
    (finding,) = json.loads(r.stdout)["findings"]
    assert finding == {
        "rule": "order",
        "cue": 2,
        "line": 6,
        "message": "starts at 1000 ms, before cue 1 above it (5000 ms)",
        "value": 1000,
        "limit": 5000,
    }


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 20), min_size=1, max_size=10))
def test_the_cues_check_finds_are_those_convert_warns_of(starts: list[int]) -> None:
    srt = "".join(f"{n}\n00:00:{s:02d},000 --> 00:00:{s:02d},500\nLine {n}.\n\n" for n, s in enumerate(starts, 1))
    with tempfile.TemporaryDirectory() as tmp:
        src, report = Path(tmp) / "in.srt", Path(tmp) / "report.json"
        src.write_text(srt, encoding="utf-8")
        with contextlib.redirect_stderr(io.StringIO()):
            assert main(["convert", str(src), "-o", str(Path(tmp) / "out.vtt"), "--report", str(report)]) == 0
        entries = json.loads(report.read_text(encoding="utf-8"))["entries"]
    kept = [e["line"] for e in entries if e["action"] == "kept" and "before a cue above it" in e["reason"]]
    found = [f.line for f in check(subconv.loads(srt, "srt"), PROFILES["generic"]) if f.rule == "order"]
    assert found == kept
    assert found == [4 * k + 2 for k, s in enumerate(starts) if s < max(starts[: k + 1])]


def test_a_real_script_out_of_order(shared: Path, tmp_path: Path) -> None:
    """The Beekeeper's ASS script has 10 cues out of order: not a finding in the script, 10 in
    the SRT ``convert`` writes of it (in the script's order), the cues it warns of."""
    ass = shared / "corpus/timed/films/SSA_The_Beekeeper_Japanese_400plus.ass"
    r = run_subconv("check", str(ass), "--json")
    assert "order" not in {f["rule"] for f in json.loads(r.stdout)["findings"]}
    out = tmp_path / "bk.srt"
    r = run_subconv("convert", str(ass), "-o", str(out), "--explain")
    warned = re.findall(r"starts at (\d+) ms, before a cue above it", r.stderr + r.stdout)
    r = run_subconv("check", str(out), "--json")
    found = [f for f in json.loads(r.stdout)["findings"] if f["rule"] == "order"]
    assert len(found) == 10 and [str(f["value"]) for f in found] == warned

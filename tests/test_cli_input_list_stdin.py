"""``--input-list -``: the list on standard input (``find ... | subconv convert - --input-list
-o OUT``), its paths relative to the current folder.  Before: "cannot read -: No such file or
directory", exit 2."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.clirun import run_subconv

SRT = "1\n00:00:01,000 --> 00:00:02,500\nHello there\n\n2\n00:00:03,000 --> 00:00:04,000\nGeneral Kenobi\n"


def _run(folder: Path, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return run_subconv("convert", "-", "--input-list", *args, cwd=folder, stdin=stdin)


def test_a_list_on_standard_input(tmp_path: Path) -> None:
    (tmp_path / "subs").mkdir()
    for name in ("a.srt", "b.srt"):
        (tmp_path / "subs" / name).write_text(SRT, encoding="utf-8")
    r = _run(tmp_path, "subs/a.srt\n# a comment\n\nsubs/b.srt\n", "-o", "out", "--to", "vtt")
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["_subconv.jsonl", "a.vtt", "b.vtt"]


def test_its_errors_name_standard_input(tmp_path: Path) -> None:
    (tmp_path / "a.srt").write_text(SRT, encoding="utf-8")
    r = _run(tmp_path, "a.srt\n\na.srt\n", "-o", "out")
    assert r.returncode == 2
    assert r.stderr == "subconv: error: <stdin>:3: a.srt is listed twice (first on line 1)\n"
    r = _run(tmp_path, "", "-o", "out")
    assert r.returncode == 2 and r.stderr == "subconv: error: <stdin> lists no inputs\n"

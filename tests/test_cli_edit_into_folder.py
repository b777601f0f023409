"""``shift``, ``retime`` and ``check --fix`` write into a folder ``-o`` names as ``convert`` does:
the input's name, its ending ``--to``'s (before: "Is a directory")."""

from __future__ import annotations

from pathlib import Path

import pytest

import subconv
from tests.clirun import run_subconv

SRT = "1\n00:00:01,000 --> 00:00:02,500\nHello there\n\n2\n00:00:03,000 --> 00:00:04,000\nGeneral Kenobi\n"

#: each editing command, its arguments after INPUT
EDITS = {
    "shift": ["2s"],
    "retime": ["--fps", "25:25"],
    "check": ["--fix", "--profile", "generic"],
}


def _tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


@pytest.fixture
def src(tmp_path: Path) -> Path:
    p = tmp_path / "a.srt"
    p.write_text(SRT, encoding="utf-8")
    return p


@pytest.mark.parametrize("command", sorted(EDITS))
@pytest.mark.parametrize("slash", ["/", ""], ids=["out/", "out"])
def test_an_edit_writes_into_an_existing_folder_as_convert_does(
    src: Path, tmp_path: Path, command: str, slash: str
) -> None:
    (tmp_path / "out").mkdir()
    r = run_subconv(command, "a.srt", *EDITS[command], "-o", "out" + slash, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Is a directory" not in r.stderr
    (tmp_path / "conv").mkdir()
    r = run_subconv("convert", "a.srt", "-o", "conv" + slash, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    # the same name convert gives it (the manifest aside)
    assert _tree(tmp_path / "out") == [n for n in _tree(tmp_path / "conv") if not n.startswith("_")] == ["a.srt"]
    assert src.read_text(encoding="utf-8") == SRT
    written = subconv.read(tmp_path / "out" / "a.srt")
    assert len(written.cues) == 2


@pytest.mark.parametrize("command", sorted(EDITS))
def test_an_edit_into_a_folder_takes_the_ending_of_to(src: Path, tmp_path: Path, command: str) -> None:
    (tmp_path / "out").mkdir()
    r = run_subconv(command, "a.srt", *EDITS[command], "--to", "vtt", "-o", "out/", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert _tree(tmp_path / "out") == ["a.vtt"]
    assert (tmp_path / "out" / "a.vtt").read_text(encoding="utf-8").startswith("WEBVTT")


def test_an_edit_into_a_new_folder_makes_it_as_convert_does(src: Path, tmp_path: Path) -> None:
    r = run_subconv("shift", "a.srt", "2s", "-o", "new/deeper/", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert _tree(tmp_path / "new") == ["deeper", "deeper/a.srt"]
    assert subconv.read(tmp_path / "new" / "deeper" / "a.srt").cues[0].start == 3000


def test_a_failed_edit_into_a_new_folder_leaves_no_folder(tmp_path: Path) -> None:
    (tmp_path / "bad.srt").write_text("no subtitles here\n", encoding="utf-8")
    before = _tree(tmp_path)
    r = run_subconv("shift", "bad.srt", "2s", "-o", "new/deeper/", cwd=tmp_path)
    assert r.returncode == 1
    assert _tree(tmp_path) == before


def test_an_edit_of_standard_input_into_a_folder_says_to_name_the_file(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    r = run_subconv("shift", "-", "2s", "-o", "out/", cwd=tmp_path, stdin=SRT)
    assert r.returncode == 2
    assert r.stderr == (
        "subconv: error: -o out/ names a folder; standard input has no name for a file there: give -o FILE\n"
    )
    assert _tree(tmp_path / "out") == []


def test_an_edit_into_the_inputs_own_folder_is_refused(src: Path, tmp_path: Path) -> None:
    r = run_subconv("shift", "a.srt", "2s", "-o", ".", cwd=tmp_path)
    assert r.returncode == 2
    assert "refusing to write over the input" in r.stderr
    assert src.read_text(encoding="utf-8") == SRT


def test_check_without_fix_into_a_folder_still_says_to_add_fix(src: Path, tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    r = run_subconv("check", "a.srt", "-o", "out/", cwd=tmp_path)
    assert r.returncode == 2
    assert "add --fix" in r.stderr

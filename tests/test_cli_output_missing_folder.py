"""An output in a folder that is not there: the error names the folder (before: "No such file
or directory" alone), and nothing is made; a part of the path that is a file is named too."""

from __future__ import annotations

from pathlib import Path

import pytest

import subconv
from tests.clirun import run_subconv

SRT = "1\n00:00:01,000 --> 00:00:02,500\nHello there\n\n2\n00:00:03,000 --> 00:00:04,000\nGeneral Kenobi\n"


def _tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


@pytest.fixture
def src(tmp_path: Path) -> Path:
    p = tmp_path / "a.srt"
    p.write_text(SRT, encoding="utf-8")
    return p


@pytest.mark.parametrize(("command", "args"), [("convert", []), ("shift", ["1s"])], ids=["convert", "shift"])
@pytest.mark.parametrize("out", ["nodir/x.vtt", "nodir/deep/x.vtt"])
def test_an_output_in_a_missing_folder_names_the_folder(
    src: Path, tmp_path: Path, command: str, args: list[str], out: str
) -> None:
    before = _tree(tmp_path)
    r = run_subconv(command, "a.srt", *args, "-o", out, cwd=tmp_path)
    folder = out.rpartition("/")[0] + "/"
    assert r.returncode == 1
    assert r.stderr == f"subconv: error: {out}: cannot write the output: the folder {folder} does not exist\n"
    assert _tree(tmp_path) == before  # (no folder made: as ffmpeg, subconv makes none for a file)


def test_an_output_below_a_file_says_which_part_is_a_file(src: Path, tmp_path: Path) -> None:
    r = run_subconv("convert", "a.srt", "-o", "a.srt/x.vtt", cwd=tmp_path)
    assert r.returncode == 1
    assert r.stderr == "subconv: error: a.srt/x.vtt: cannot write the output: a.srt is a file, not a folder\n"
    assert src.read_text(encoding="utf-8") == SRT


def test_write_names_the_missing_folder(src: Path, tmp_path: Path) -> None:
    track = subconv.read(src)
    with pytest.raises(FileNotFoundError, match=r"the folder .*nodir/ does not exist"):
        subconv.write(track, tmp_path / "nodir" / "x.srt")
    with pytest.raises(NotADirectoryError, match=r"a\.srt is a file, not a folder"):
        subconv.write(track, src / "x.srt")
    assert _tree(tmp_path) == ["a.srt"]

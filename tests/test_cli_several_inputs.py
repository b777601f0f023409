"""``subconv convert a.srt b.srt ... -o OUTDIR``: several files (a shell glob) into a folder."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import subconv
import subconv.cli
from subconv.batch import convert_many
from subconv.errors import UsageError

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _srt(n: int) -> str:
    return "".join(f"{i}\n00:00:{i:02d},000 --> 00:00:{i:02d},900\nline {i}\n\n" for i in range(1, n + 1))


def _real_files(tmp_path: Path) -> list[Path]:
    """Real subtitle files and a page from the corpus, copied into two folders under tmp_path."""
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus is absent")
    picked = [*sorted((corpus / "timed").rglob("*.srt"))[:3], *sorted((corpus / "pages").rglob("*.md"))[:1]]
    picked += sorted((corpus / "youtube-auto").rglob("*.vtt"))[:1]
    files = []
    for i, f in enumerate(picked):
        d = tmp_path / "in" / ("films" if i % 2 else "talks")
        d.mkdir(parents=True, exist_ok=True)
        files.append(d / f.name)
        shutil.copyfile(f, files[-1])
    return files


def test_several_files_go_into_the_output_folder_as_each_would_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _real_files(tmp_path)
    before = {f: f.read_bytes() for f in files}
    out = tmp_path / "out"
    assert subconv.cli.main(["convert", *map(str, files), "-o", str(out), "--to", "vtt", "--jobs", "1"]) == 0
    assert f"converted {len(files)} of {len(files)} files" in capsys.readouterr().err
    for f in files:
        alone = tmp_path / "alone.vtt"
        assert subconv.cli.main(["convert", str(f), "-o", str(alone)]) == 0
        # kept relative to the folder that holds them all: in/talks/x.srt -> out/talks/x.vtt
        assert (out / f.parent.name / f.with_suffix(".vtt").name).read_bytes() == alone.read_bytes()
        assert f.read_bytes() == before[f]


@pytest.mark.parametrize("into", ["existing", "slash"])
def test_one_file_with_o_a_folder_is_written_into_it(tmp_path: Path, into: str) -> None:
    src = tmp_path / "clip.en.srt"
    src.write_text(_srt(3), encoding="utf-8")
    out = tmp_path / "subs"
    if into == "existing":
        out.mkdir()
        target = str(out)
    else:
        target = f"{out}/"
    assert subconv.cli.main(["convert", str(src), "-o", target, "--to", "ass"]) == 0
    assert len(subconv.read(out / "clip.en.ass")) == 3


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["a.srt", "b.srt"], "give an output folder with -o OUTDIR"),
        (["a.srt", "b.srt", "-o", "both.vtt"], "-o both.vtt names a file"),
        (["a.srt", "-", "-o", "out"], "standard input (-) cannot be one of several inputs"),
        (["a.srt", "sub", "-o", "out"], "sub is a folder"),
        (["a.srt", "a.srt", "-o", "out"], "a.srt is given twice"),
        (["a.srt", "b.srt", "-o", "."], "would be written over the input"),
        (["a.srt", "b.srt", "--input-list", "-o", "out"], "--input-list takes one list"),
        (["-", "-o", "sub"], "standard input has no name for a file there"),
        (["-", "-o", "new/"], "standard input has no name for a file there"),
    ],
)
def test_several_inputs_that_cannot_go_into_a_folder_are_refused_before_writing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: list[str], said: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    for name in ("a.srt", "b.srt"):
        (tmp_path / name).write_text(_srt(2), encoding="utf-8")
    assert subconv.cli.main(["convert", *args, "--to", "srt"]) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.srt", "b.srt", "sub"]
    assert all((tmp_path / n).read_text(encoding="utf-8") == _srt(2) for n in ("a.srt", "b.srt"))


_NAME = st.text(alphabet="abcxyz-_", min_size=1, max_size=6)


def _path_of(entry: tuple[list[str], str]) -> str:
    return "/".join([*entry[0], entry[1]])


_LAYOUT = st.lists(st.tuples(st.lists(_NAME, max_size=2), _NAME), min_size=1, max_size=4, unique_by=_path_of)


@settings(max_examples=25, deadline=None)
@given(_LAYOUT)
def test_convert_many_never_writes_over_an_input(layout: list[tuple[list[str], str]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = []
        for i, (folders, name) in enumerate(layout):
            f = root.joinpath(*folders, f"{name}.srt")
            f.parent.mkdir(parents=True, exist_ok=True)
            f.write_text(_srt(i + 1), encoding="utf-8")
            files.append(f)
        # the outputs of an SRT list written as SRT into the folder that holds them all are the inputs
        folder = os.path.commonpath([str(f.parent) for f in files])
        with pytest.raises(UsageError, match="would be written over the input"):
            list(convert_many(files, folder, to="srt", jobs=1))
        assert [f.read_text(encoding="utf-8") for f in files] == [_srt(i + 1) for i in range(len(files))]


@pytest.mark.parametrize("link", ["symbolic", "hard", "linked folder"])
@pytest.mark.parametrize("inputs", [["a.vtt", "b.srt"], ["in"]])
def test_an_output_that_is_an_input_under_another_name_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], link: str, inputs: list[str]
) -> None:
    """Several inputs, or a folder, into ``-o out`` where ``out/b.vtt`` (the output of ``b.srt``)
    is already the input ``a.vtt`` under another name: refused before anything is written, as a
    single file's run refuses it.  Before, the output was written through the link, and the
    input ``a.vtt`` was replaced by ``b.srt``'s conversion."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "in" if inputs == ["in"] else tmp_path
    folder.mkdir(exist_ok=True)
    a, b = folder / "a.vtt", folder / "b.srt"
    a.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nORIGINAL A\n", encoding="utf-8")
    b.write_text(_srt(2), encoding="utf-8")
    if link == "linked folder":  # out is a link to a folder holding a link named b.vtt to a.vtt
        (tmp_path / "elsewhere").mkdir()
        (tmp_path / "elsewhere" / "b.vtt").symlink_to(a)
        (tmp_path / "out").symlink_to(tmp_path / "elsewhere")
    else:
        (tmp_path / "out").mkdir()
        if link == "symbolic":
            (tmp_path / "out" / "b.vtt").symlink_to(a)
        else:
            os.link(a, tmp_path / "out" / "b.vtt")
    before = a.read_bytes()
    assert subconv.cli.main(["convert", *inputs, "-o", "out", "--to", "vtt"]) == 2
    err = capsys.readouterr().err
    assert "would be written over the input" in err and "under another name" in err, err
    assert a.read_bytes() == before and b.read_text(encoding="utf-8") == _srt(2)

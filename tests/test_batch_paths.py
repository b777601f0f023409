"""Folder runs and what the file system holds: an output folder that cannot be made or written
is one line before any work; a named pipe (or another file that is no regular file) found in an
input folder is skipped and said, never waited on; one named on the command line is read."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from tests.test_output_files import _run

ROOT = Path(__file__).resolve().parents[1]
SRT = "1\n00:00:01,000 --> 00:00:02,000\nhi\n"
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX folder modes and named pipes")


def _tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


@pytest.fixture
def src(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.srt").write_text(SRT, encoding="utf-8")
    return folder


@posix_only
@pytest.mark.parametrize("how", ["folder", "one file into a folder"])
def test_an_output_folder_below_a_file_is_one_line_before_any_work(src: Path, tmp_path: Path, how: str) -> None:
    (tmp_path / "plain").write_text("not a folder\n", encoding="utf-8")
    out = f"{tmp_path / 'plain' / 'out'}" + ("/" if how != "folder" else "")
    before = _tree(tmp_path)
    r = _run("convert", str(src if how == "folder" else src / "a.srt"), "-o", out, "--to", "vtt")
    assert r.returncode == 2, r.stderr
    assert r.stderr == f"subconv: error: {out}: cannot write the output: Not a directory\n"
    assert _tree(tmp_path) == before


@posix_only
@pytest.mark.parametrize("below", [False, True], ids=["the folder", "a folder in it"])
def test_a_read_only_output_folder_is_one_line_before_any_work(src: Path, tmp_path: Path, below: bool) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    out = locked / "new" if below else locked
    user = None
    if os.geteuid() == 0:  # root writes anywhere: run the conversion as "nobody"
        os.chmod(tmp_path, 0o755)
        user = 65534
    os.chmod(locked, 0o555)
    try:
        args = ("convert", str(src), "-o", str(out), "--to", "vtt")
        r = _run(*args) if user is None else _run(*args, user=user)
    except PermissionError:
        pytest.skip("running as root, and cannot switch to an unprivileged user here")
    finally:
        os.chmod(locked, 0o755)
    assert r.returncode == 2, r.stderr
    assert r.stderr == f"subconv: error: {out}: cannot write the output: Permission denied\n"
    assert _tree(locked) == []


def test_a_manifest_that_cannot_be_opened_is_one_line_and_nothing_converted(src: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "_subconv.jsonl").mkdir(parents=True)  # (a folder: root cannot open it either)
    r = _run("convert", str(src), "-o", str(out), "--to", "vtt")
    assert r.returncode == 1, r.stderr
    assert r.stderr == f"subconv: error: {out / '_subconv.jsonl'}: cannot write the results manifest: Is a directory\n"
    assert _tree(out) == ["_subconv.jsonl"]


@posix_only
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_named_pipe_in_an_input_folder_is_skipped_and_said(src: Path, tmp_path: Path, jobs: str) -> None:
    os.mkfifo(src / "stuck.srt")  # nobody writes it: reading it would wait for ever
    os.mkfifo(src / "notes.md")  # (an ending other files share: its content would be read to decide)
    out = tmp_path / "out"
    r = _run("convert", str(src), "-o", str(out), "--to", "vtt", "--jobs", jobs)
    assert r.returncode == 0, r.stderr
    assert r.stderr.splitlines() == [
        f"subconv: warning: {src / 'notes.md'}: a named pipe, not a regular file: skipped",
        f"subconv: warning: {src / 'stuck.srt'}: a named pipe, not a regular file: skipped",
        f"subconv: converted 1 of 1 files into {out}; skipped 2 that are not a regular file",
    ]
    assert _tree(out) == ["_subconv.jsonl", "a.vtt"]


@posix_only
def test_a_named_pipe_in_a_folder_written_to_a_url_is_skipped_and_said(src: Path) -> None:
    os.mkfifo(src / "stuck.srt")
    r = _run("convert", str(src), "-o", "memory://subconv-test/out", "--to", "vtt", "--jobs", "1")
    assert r.returncode == 0, r.stderr
    assert r.stderr.splitlines() == [
        f"subconv: warning: {src / 'stuck.srt'}: a named pipe, not a regular file: skipped",
        "subconv: converted 1 of 1 files into memory://subconv-test/out; skipped 1 that is not a regular file",
    ]


@posix_only
def test_a_named_pipe_named_on_the_command_line_is_read(tmp_path: Path) -> None:
    """As ``subconv convert <(cmd) -o DIR/`` gives it (/dev/fd/N, a pipe): the user asked for it."""
    pipe = tmp_path / "piped.srt"
    os.mkfifo(pipe)

    def feed() -> None:
        with open(pipe, "w", encoding="utf-8") as fh:
            fh.write(SRT)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    out = tmp_path / "out"
    r = _run("convert", str(pipe), "-o", f"{out}/", "--to", "vtt")
    writer.join(timeout=10)
    assert r.returncode == 0, r.stderr
    assert (out / "piped.vtt").read_text(encoding="utf-8") == "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi\n"

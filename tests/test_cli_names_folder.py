"""Where ``-o`` names a folder is one test, :func:`subconv.commands.names_folder`, for
``convert`` (``cli``) and the commands that write one file into a folder: before, ``cli`` had
its own copy of it (the same answers: no behaviour changes)."""

from __future__ import annotations

from pathlib import Path

from subconv.commands import names_folder
from tests.clirun import run_subconv

SRT = "1\n00:00:01,000 --> 00:00:02,500\nHello there\n"


def test_names_folder_one_test_for_every_command(tmp_path: Path) -> None:
    """A name ending in ``/`` or an existing folder; a URL only where ``urls`` (``convert`` of
    standard input into it says to give ``-o FILE``, as into a local folder)."""
    (tmp_path / "d").mkdir()
    (tmp_path / "f.srt").write_text(SRT, encoding="utf-8")
    for out in ("new/", str(tmp_path / "d"), str(tmp_path / "d") + "/"):
        assert names_folder(out) and names_folder(out, urls=True), out
    for name in (None, "-", "a.srt", str(tmp_path / "f.srt"), "new"):
        assert not names_folder(name) and not names_folder(name, urls=True), name
    assert not names_folder("memory://x/")
    assert names_folder("memory://x/", urls=True)
    assert not names_folder("memory://x/a.srt", urls=True)


def test_convert_of_standard_input_into_a_url_folder_still_says_to_name_the_file(tmp_path: Path) -> None:
    r = run_subconv("convert", "-", "-o", "memory://x/", cwd=tmp_path, stdin=SRT)
    assert r.returncode == 2
    assert r.stderr == (
        "subconv: error: -o memory://x/ names a folder; standard input has no name for a file there: give -o FILE\n"
    )

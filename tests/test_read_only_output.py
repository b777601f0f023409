"""An existing output the user may not write (``chmod a-w``; a git-annex locked file, a link to
a read-only object) is refused, untouched, as ``cp`` refuses it: ``subconv: error: OUT: cannot
write the output: Permission denied``, exit 1.  Before, it was replaced (the rename that commits
an output needs only the folder's leave), its read-only mode kept."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from subconv.cli import main

SRT = "1\n00:00:01,000 --> 00:00:02,000\nhi\n"


def _read_only(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """``path`` read-only to this user: by its mode, or (root writes anything) as ``os.access`` says."""
    path.chmod(0o444)
    if os.geteuid() == 0:
        access = os.access

        def no_write(p: Any, mode: int, **kw: Any) -> bool:
            if mode & os.W_OK and os.path.realpath(p) == os.path.realpath(path):
                return False
            return access(p, mode, **kw)

        monkeypatch.setattr(os, "access", no_write)


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
@pytest.mark.parametrize("linked", [False, True], ids=["the file", "a link to it"])
def test_a_read_only_output_is_refused_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], linked: bool
) -> None:
    src = tmp_path / "in.srt"
    src.write_text(SRT, encoding="utf-8")
    kept = tmp_path / "kept.vtt"
    kept.write_text("WEBVTT\n\nmine\n", encoding="utf-8")
    out = tmp_path / "link.vtt" if linked else kept
    if linked:
        out.symlink_to(kept.name)
    _read_only(monkeypatch, kept)
    assert main(["convert", str(src), "-o", str(out)]) == 1
    assert capsys.readouterr().err == f"subconv: error: {out}: cannot write the output: Permission denied\n"
    assert kept.read_text(encoding="utf-8") == "WEBVTT\n\nmine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({"in.srt", "kept.vtt", out.name})


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes")
def test_a_folder_run_fails_the_input_whose_output_is_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    out.mkdir()
    for name in ("a", "b"):
        (src / f"{name}.srt").write_text(SRT, encoding="utf-8")
    (out / "a.vtt").write_text("WEBVTT\n\nmine\n", encoding="utf-8")
    _read_only(monkeypatch, out / "a.vtt")
    assert main(["convert", str(src), "-o", str(out), "--to", "vtt", "--jobs", "1"]) == 1
    assert capsys.readouterr().err == (
        f"subconv: error: cannot write {out / 'a.vtt'}: Permission denied\n"
        f"subconv: converted 1 of 2 files into {out}; 1 failed\n"
    )
    assert (out / "a.vtt").read_text(encoding="utf-8") == "WEBVTT\n\nmine\n"
    assert (out / "b.vtt").read_text(encoding="utf-8").startswith("WEBVTT")

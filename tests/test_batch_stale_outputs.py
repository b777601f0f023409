"""A folder run says which outputs of an earlier run into the same folder it did not write and
left there: of an input now written under another name, or of an input that no longer exists."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from subconv.cli import main
from tests.clirun import REPO

SRT = "1\n00:00:01,000 --> 00:00:02,000\n{}\n"
VTT = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n{}\n"


def _run(src: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    assert main(["convert", str(src), "-o", str(out), "--to", "vtt"]) == 0
    return [line for line in capsys.readouterr().err.splitlines() if "warning" in line]


def test_an_output_left_by_an_earlier_run_is_said(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.srt").write_text(SRT.format("a"), encoding="utf-8")
    (src / "b.srt").write_text(SRT.format("b"), encoding="utf-8")
    assert _run(src, out, capsys) == []
    assert sorted(p.name for p in out.iterdir()) == ["_subconv.jsonl", "a.vtt", "b.vtt"]
    # a.vtt added beside a.srt: both are written under longer names; b.srt deleted
    (src / "a.vtt").write_text(VTT.format("a again"), encoding="utf-8")
    (src / "b.srt").unlink()
    said = _run(src, out, capsys)
    assert said == [
        f"subconv: warning: {out / 'a.vtt'}: written by an earlier run from {src / 'a.srt'}, which this run wrote "
        f"to {out / 'a.srt.vtt'}: left as it is",
        f"subconv: warning: {out / 'b.vtt'}: written by an earlier run from {src / 'b.srt'}, which no longer "
        "exists: left as it is",
    ]
    # nothing deleted, nothing overwritten
    assert (out / "a.vtt").read_text(encoding="utf-8").endswith("a\n")
    assert (out / "b.vtt").read_text(encoding="utf-8").endswith("b\n")
    assert (out / "a.vtt.vtt").read_text(encoding="utf-8").endswith("a again\n")


def test_an_earlier_output_of_an_input_not_given_now_is_not_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Converting some of the files into the folder an earlier run filled leaves the others' outputs: not stale."""
    for name in ("a", "b"):
        (tmp_path / f"{name}.srt").write_text(SRT.format(name), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["convert", str(tmp_path / "a.srt"), str(tmp_path / "b.srt"), "-o", f"{out}/", "--to", "vtt"]) == 0
    capsys.readouterr()
    assert _run(tmp_path / "a.srt", out, capsys) == []
    assert (out / "b.vtt").exists()


def test_a_stale_output_is_said_by_every_run_while_it_is_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before, only the first run after the change said it: its manifest recorded only its own
    outputs, so the next run knew nothing of the stale file, which stayed unmentioned for ever."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name in ("a", "b"):
        (src / f"{name}.srt").write_text(SRT.format(name), encoding="utf-8")
    assert _run(src, out, capsys) == []
    (src / "a.vtt").write_text(VTT.format("a again"), encoding="utf-8")
    (src / "b.srt").unlink()
    said = [
        f"subconv: warning: {out / 'a.vtt'}: written by an earlier run from {src / 'a.srt'}, which this run wrote "
        f"to {out / 'a.srt.vtt'}: left as it is",
        f"subconv: warning: {out / 'b.vtt'}: written by an earlier run from {src / 'b.srt'}, which no longer "
        "exists: left as it is",
    ]
    for _ in range(3):
        assert _run(src, out, capsys) == said
    # --resume reads past the stale lines: the inputs are unchanged, skipped
    assert main(["convert", str(src), "-o", str(out), "--to", "vtt", "--resume"]) == 0
    err = capsys.readouterr().err
    assert "2 unchanged since the last run" in err
    assert [line for line in err.splitlines() if "warning" in line] == said
    # once the file is gone, nothing more is said of it
    (out / "b.vtt").unlink()
    assert _run(src, out, capsys) == said[:1]
    (out / "a.vtt").unlink()
    assert _run(src, out, capsys) == []
    assert '"stale"' not in (out / "_subconv.jsonl").read_text(encoding="utf-8")


def test_a_stale_output_is_kept_by_a_run_not_given_its_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A run given other inputs does not say it, nor forget it: the next folder run says it again."""
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name in ("a", "b"):
        (src / f"{name}.srt").write_text(SRT.format(name), encoding="utf-8")
    assert _run(src, out, capsys) == []
    (src / "a.vtt").write_text(VTT.format("a again"), encoding="utf-8")
    assert len(_run(src, out, capsys)) == 1
    assert main(["convert", str(src / "b.srt"), "-o", f"{out}/", "--to", "vtt"]) == 0
    assert [line for line in capsys.readouterr().err.splitlines() if "warning" in line] == []
    assert _run(src, out, capsys) == [
        f"subconv: warning: {out / 'a.vtt'}: written by an earlier run from {src / 'a.srt'}, which this run wrote "
        f"to {out / 'a.srt.vtt'}: left as it is",
    ]


def test_an_output_folder_spelt_another_way_is_no_stale_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``-o out`` then ``-o /abs/out`` (or ``./out/``, a link to it) write the same files:
    before, the second run warned that its own output was an earlier run's, left stale."""
    monkeypatch.chdir(tmp_path)
    Path("in").mkdir()
    Path("in/a.srt").write_text(SRT.format("a"), encoding="utf-8")
    Path("link").symlink_to("out")
    spellings = ["out", str(tmp_path / "out"), "./out/", "link", "out"]
    for dst in spellings:
        assert main(["convert", "in", "-o", dst, "--to", "vtt"]) == 0
        assert [line for line in capsys.readouterr().err.splitlines() if "warning" in line] == [], dst
    for src in (str(tmp_path / "in"), "./in/"):
        assert main(["convert", src, "-o", "out", "--to", "vtt"]) == 0
        assert [line for line in capsys.readouterr().err.splitlines() if "warning" in line] == [], src


@pytest.mark.skipif(os.name != "posix", reason="POSIX locales")
def test_a_stale_output_of_a_utf8_name_under_an_ascii_locale(tmp_path: Path) -> None:
    """Under ``LC_ALL=C`` (cron, minimal containers) a manifest's ``café.vtt`` was looked up as
    it is: ``UnicodeEncodeError``, a traceback, once an input so named was gone."""
    env = os.environ | {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0", "PYTHONPATH": str(REPO)}
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name in ("café", "b"):
        (src / f"{name}.srt").write_text(SRT.format(name), encoding="utf-8")

    def run() -> subprocess.CompletedProcess[bytes]:
        args = [sys.executable, "-m", "subconv", "convert", str(src), "-o", str(out), "--to", "vtt"]
        return subprocess.run(args, env=env, capture_output=True, timeout=120, check=False)

    assert run().returncode == 0
    (src / "café.srt").unlink()
    for _ in range(2):
        r = run()
        assert r.returncode == 0, r.stderr
        assert r.stderr.decode("ascii", "backslashreplace").splitlines() == [
            f"subconv: warning: {out}/caf\\xe9.vtt: written by an earlier run from {src}/caf\\xe9.srt, which no "
            "longer exists: left as it is",
            f"subconv: converted 1 of 1 files into {out}",
        ]

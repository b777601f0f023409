"""Folder conversion: relative paths kept, failures isolated, summary and exit status."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import subconv
import subconv.cli
from subconv.batch import Progress
from tests.strategies import as_written

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _srt(n: int) -> str:
    return "".join(f"{i}\n00:00:{i:02d},000 --> 00:00:{i:02d},900\nline {i}\n\n" for i in range(1, n + 1))


def test_tree_converts_keeping_relative_paths_and_isolating_failures(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "a" / "b").mkdir(parents=True)
    (src / "one.srt").write_text(_srt(3), encoding="utf-8")
    (src / "a" / "two.srt").write_text(_srt(5), encoding="utf-8")
    (src / "a" / "b" / "broken.vtt").write_text("not webvtt\n", encoding="utf-8")
    (src / "a" / "b" / "three.srt").write_text(_srt(2), encoding="utf-8")
    out = tmp_path / "out"
    r = subprocess.run(
        [sys.executable, "-m", "subconv", "convert", str(src), "-o", str(out), "--to", "vtt", "--jobs", "2"],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert r.returncode == 1
    err = r.stderr.decode()
    assert "broken.vtt" in err and "Traceback" not in err
    assert "converted 3 of 4 files" in err
    assert "\r" not in err  # no progress bar when stderr is not a terminal
    for rel, n in (("one.vtt", 3), ("a/two.vtt", 5), ("a/b/three.vtt", 2)):
        assert len(subconv.read(out / rel)) == n
    assert not (out / "a" / "b" / "broken.vtt").exists()


def test_progress_bar_only_on_a_terminal() -> None:
    class Tty:
        def __init__(self, tty: bool) -> None:
            self.buf: list[str] = []
            self.tty = tty

        def isatty(self) -> bool:
            return self.tty

        def write(self, s: str) -> int:
            self.buf.append(s)
            return len(s)

        def flush(self) -> None:
            pass

    for tty in (True, False):
        stream = Tty(tty)
        p = Progress(3, stream)  # type: ignore[arg-type]
        for _ in range(3):
            p.step()
        p.close()
        assert bool(stream.buf) is tty
        if tty:
            assert "3/3" in stream.buf[-2]


def test_a_folder_of_real_srts_converts_in_one_command(tmp_path: Path) -> None:
    timed = SHARED / "corpus" / "timed"
    if not timed.is_dir():
        pytest.skip("../shared/corpus is absent")
    srts = sorted(timed.rglob("*.srt"))[:12]
    src = tmp_path / "srts"
    for i, f in enumerate(srts):
        d = src / f"d{i % 3}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{i}_{f.name}").write_bytes(f.read_bytes())
    out = tmp_path / "vtts"
    assert subconv.cli.main(["convert", str(src), "-o", str(out), "--to", "vtt"]) == 0
    for i, f in enumerate(srts):
        converted = subconv.read(out / f"d{i % 3}" / f"{i}_{f.name}".replace(".srt", ".vtt"))
        assert len(converted) == len(as_written(subconv.read(f)))  # cues with no visible text are not written

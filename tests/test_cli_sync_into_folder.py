"""``sync -o DIR/`` writes into the folder as ``convert``, ``shift``, ``retime`` and ``check --fix``
do: the input's name, its ending ``--to``'s; a new folder made, and taken away again when the run
fails (before: "Is a directory", and "Not a directory" for a folder not there).

The media is a tone (no speech: no aligner runs, the cues keep the file's own times), made at
test time; nothing here needs eSpeak NG, and the runs skip without ffmpeg and numpy."""

from __future__ import annotations

import shutil
import wave
from importlib.util import find_spec
from pathlib import Path

import pytest

import subconv
from tests.clirun import run_subconv

SRT = "1\n00:00:01,000 --> 00:00:02,500\nHello there\n\n2\n00:00:03,000 --> 00:00:04,000\nGeneral Kenobi\n"

needs_decoder = pytest.mark.skipif(
    shutil.which("ffmpeg") is None or find_spec("numpy") is None,
    reason="ffmpeg and numpy (the 'audio' extra) are needed to read --media",
)


def _tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """``a.srt`` and ``tone.wav`` (5 s of 440 Hz, 16 kHz mono) in ``tmp_path``."""
    import numpy as np

    (tmp_path / "a.srt").write_text(SRT, encoding="utf-8")
    t = np.arange(16_000 * 5) / 16_000
    with wave.open(str(tmp_path / "tone.wav"), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16_000)
        w.writeframes((np.sin(2 * np.pi * 440 * t) * 8000).astype("<i2").tobytes())
    return tmp_path


@needs_decoder
@pytest.mark.parametrize("slash", ["/", ""], ids=["out/", "out"])
def test_sync_writes_into_an_existing_folder_as_shift_does(work: Path, slash: str) -> None:
    (work / "out").mkdir()
    r = run_subconv("sync", "a.srt", "--media", "tone.wav", "-o", "out" + slash, cwd=work)
    assert r.returncode == 0, r.stderr
    assert "Is a directory" not in r.stderr
    (work / "shifted").mkdir()
    assert run_subconv("shift", "a.srt", "0s", "-o", "shifted" + slash, cwd=work).returncode == 0
    assert _tree(work / "out") == _tree(work / "shifted") == ["a.srt"]
    assert (work / "a.srt").read_text(encoding="utf-8") == SRT
    written = subconv.read(work / "out" / "a.srt")
    assert [(c.start, c.end, c.text) for c in written.cues] == [
        (1000, 2500, "Hello there"),
        (3000, 4000, "General Kenobi"),
    ]


@needs_decoder
def test_sync_into_a_folder_takes_the_ending_of_to(work: Path) -> None:
    (work / "out").mkdir()
    r = run_subconv("sync", "a.srt", "--media", "tone.wav", "--to", "vtt", "-o", "out/", cwd=work)
    assert r.returncode == 0, r.stderr
    assert _tree(work / "out") == ["a.vtt"]
    assert (work / "out" / "a.vtt").read_text(encoding="utf-8").startswith("WEBVTT")


@needs_decoder
def test_sync_into_a_new_folder_makes_it(work: Path) -> None:
    r = run_subconv("sync", "a.srt", "--media", "tone.wav", "-o", "new/deeper/", cwd=work)
    assert r.returncode == 0, r.stderr
    assert _tree(work / "new") == ["deeper", "deeper/a.srt"]


@needs_decoder
def test_a_failed_sync_into_a_new_folder_leaves_no_folder(work: Path) -> None:
    """The media is no audio: the run fails after the output's name is decided."""
    (work / "clip.mp4").write_text("this is not a video\n", encoding="utf-8")
    before = _tree(work)
    r = run_subconv("sync", "a.srt", "--media", "clip.mp4", "-o", "new/deeper/", cwd=work)
    assert r.returncode == 1
    assert r.stderr.startswith("subconv: error: clip.mp4: cannot read the media (--media): "), r.stderr
    assert _tree(work) == before


@needs_decoder
def test_sync_of_standard_input_into_a_folder_says_to_name_the_file(work: Path) -> None:
    (work / "out").mkdir()
    r = run_subconv("sync", "-", "--media", "tone.wav", "-o", "out/", cwd=work, stdin=SRT)
    assert r.returncode == 2
    assert r.stderr == (
        "subconv: error: -o out/ names a folder; standard input has no name for a file there: give -o FILE\n"
    )
    assert _tree(work / "out") == []


@needs_decoder
def test_sync_into_the_inputs_own_folder_is_refused(work: Path) -> None:
    r = run_subconv("sync", "a.srt", "--media", "tone.wav", "-o", ".", cwd=work)
    assert r.returncode == 2
    assert "refusing to write over the input" in r.stderr
    assert (work / "a.srt").read_text(encoding="utf-8") == SRT

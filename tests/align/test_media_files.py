"""How ``--media`` reads the file it names: the file whatever its name, on the file's own
timeline, and the same words from ``convert`` and ``sync`` when it cannot.

The audio is made here (eSpeak NG speaks, ffmpeg muxes), never committed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import wave
from importlib.util import find_spec
from pathlib import Path

import pytest

from subconv.cli import main

from .synth import read_truth

needs_tools = pytest.mark.skipif(
    shutil.which("ffmpeg") is None or shutil.which("espeak-ng") is None or find_spec("numpy") is None,
    reason="ffmpeg, espeak-ng and numpy (the 'audio' extra) are needed to make and read test audio",
)

SPOKEN = "Hello there. This is a short test of the alignment. Thank you for listening."
LINES = ("Hello there.", "This is a short test of the alignment.", "Thank you for listening.")
TIMED_SRT = (
    "1\n00:00:01,000 --> 00:00:02,000\nHello there.\n\n"
    "2\n00:00:02,500 --> 00:00:04,000\nThis is a short test of the alignment.\n\n"
    "3\n00:00:04,000 --> 00:00:05,000\nThank you for listening.\n"
)


def _speech(path: Path) -> Path:
    subprocess.run(["espeak-ng", "-w", str(path), SPOKEN], check=True, timeout=60, capture_output=True)
    return path


def _inputs(folder: Path) -> dict[str, str]:
    """The page (convert) and the timed file (sync), by the command that reads it."""
    (folder / "page.txt").write_text("\n".join(LINES) + "\n", encoding="utf-8")
    (folder / "sub.srt").write_text(TIMED_SRT, encoding="utf-8")
    return {"convert": "page.txt", "sync": "sub.srt"}


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    cap = capsys.readouterr()
    return status, cap.out, cap.err


@needs_tools
@pytest.mark.parametrize("name", ["S01E01:Pilot.wav", "talk:part1.wav", "-clip.wav", "pipe:0.wav"])
@pytest.mark.parametrize("command", ["convert", "sync"])
def test_a_media_file_named_like_an_ffmpeg_protocol_or_option_is_read(
    command: str, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A local file whose name ffmpeg reads as something else, given as the user types it (no
    ``./``): a colon after letters or digits (a protocol to ffmpeg: "Protocol not found", "Did you
    mean file:..."), a leading dash (an option: "Missing argument for option"), ``pipe:0``
    (ffmpeg's standard input).  Each is read as the file, and aligned as the same audio under a
    plain name is."""
    monkeypatch.chdir(tmp_path)
    inputs = _inputs(tmp_path)
    shutil.copyfile(_speech(tmp_path / "speech.wav"), tmp_path / name)
    status, _, stderr = _run([command, inputs[command], "--media", "speech.wav", "-o", "plain.srt"], capsys)
    assert status == 0, stderr
    status, stdout, stderr = _run([command, inputs[command], f"--media={name}", "-o", "named.srt"], capsys)
    assert (status, stdout, stderr) == (0, "", "")
    assert (tmp_path / "named.srt").read_text(encoding="utf-8") == (tmp_path / "plain.srt").read_text(encoding="utf-8")
    assert [c.text for c in read_truth(tmp_path / "named.srt")] == list(LINES)


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", *args], check=True, timeout=120, capture_output=True)


def _starts(path: Path) -> list[int]:
    return [c.start for c in read_truth(path)]


@needs_tools
@pytest.mark.parametrize("command", ["convert", "sync"])
def test_audio_that_starts_after_the_video_is_aligned_on_the_files_timeline(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A video whose sound starts 2.0 s into the file (an audio delay; ffprobe: audio
    ``start_time=2.0``, video 0): the words are heard 2 s later in a player than in the sound
    alone, and the cues are put there.  Before, the audio was decoded from its first sample as if
    it started at 0:00, and every cue came out 2 s early."""
    inputs = _inputs(tmp_path)
    speech = _speech(tmp_path / "speech.wav")
    video = tmp_path / "delayed.mkv"
    delay = ["-itsoffset", "2", "-i", str(speech), "-map", "0:v", "-map", "1:a", "-c:v", "mpeg4", "-c:a", "pcm_s16le"]
    _ffmpeg("-f", "lavfi", "-i", "color=c=black:s=64x64:d=7", *delay, str(video))
    src = str(tmp_path / inputs[command])
    plain, delayed = tmp_path / "plain.srt", tmp_path / "delayed.srt"
    assert _run([command, src, "--media", str(speech), "-o", str(plain)], capsys)[0] == 0
    status, _, stderr = _run([command, src, "--media", str(video), "-o", str(delayed)], capsys)
    assert status == 0, stderr
    got, alone = _starts(delayed), _starts(plain)
    assert len(got) == len(alone) == len(LINES)
    assert 1900 <= got[0] <= 2200, got  # the first words, at 2.0 s in the file
    assert all(abs(g - (a + 2000)) <= 60 for g, a in zip(got[1:], alone[1:], strict=True)), (got, alone)


@needs_tools
def test_an_mp3s_encoder_delay_moves_nothing(tmp_path: Path) -> None:
    """An MP3 starts 25-50 ms into its own times (ffprobe ``start_time=0.050``: the encoder's
    delay, which the decoder drops): decoded on the file's timeline it is the same samples as the
    sound it was made from, no silence put before it."""
    from subconv.align.audio import decode_samples

    speech = _speech(tmp_path / "speech.wav")
    mp3 = tmp_path / "speech.mp3"
    try:
        _ffmpeg("-i", str(speech), "-c:a", "libmp3lame", str(mp3))
    except subprocess.CalledProcessError:
        pytest.skip("this ffmpeg has no MP3 encoder (libmp3lame)")
    assert decode_samples(str(mp3)).shape[0] == decode_samples(str(speech)).shape[0]


@pytest.mark.skipif(find_spec("numpy") is None, reason="numpy (the 'audio' extra) is needed to read --media")
@pytest.mark.parametrize(("command", "extra"), [("convert", []), ("convert", ["--no-align"]), ("sync", [])])
def test_without_ffmpeg_both_commands_name_the_media_and_say_so_alike(
    command: str,
    extra: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """No ffmpeg (nor ffprobe) on PATH: one error line naming the media, in the same words from
    ``convert`` (which reads the media's length first) and ``sync`` (which decodes it).  Before,
    both named the subtitle input, and said it differently ("cannot read the duration of ...:
    neither ffprobe (install ffmpeg) nor PyAV ..." and "ffmpeg not found: install ffmpeg to use
    --media")."""
    monkeypatch.chdir(tmp_path)
    inputs = _inputs(tmp_path)
    with wave.open(str(tmp_path / "talk.wav"), "wb") as w:  # (made without ffmpeg: there is none)
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16_000)
        w.writeframes(bytes(32_000))
    empty = tmp_path / "no-tools"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setitem(sys.modules, "av", None)  # (PyAV reads a length without ffprobe)
    status, stdout, stderr = _run([command, inputs[command], "--media", "talk.wav", *extra, "-o", "out.srt"], capsys)
    assert (status, stdout) == (1, "")
    assert (
        stderr
        == "subconv: error: talk.wav: cannot read the media (--media): ffmpeg not found on PATH (install ffmpeg)\n"
    )
    assert not (tmp_path / "out.srt").exists()


@needs_tools
def test_media_on_a_timed_file_with_retime_is_used_without_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """What the warning on a timed file without ``--retime`` points to: with it, the cues are put
    in sync with the media and their words written, and nothing is said."""
    monkeypatch.chdir(tmp_path)
    inputs = _inputs(tmp_path)
    _speech(tmp_path / "speech.wav")
    argv = ["convert", inputs["sync"], "--media", "speech.wav", "--retime", "--words", "-o", "out.vtt"]
    status, stdout, stderr = _run(argv, capsys)
    assert (status, stdout, stderr) == (0, "", "")
    assert "<00:00:0" in (tmp_path / "out.vtt").read_text(encoding="utf-8")  # word times

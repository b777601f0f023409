"""Audio alignment end to end, through the command line.

A real caption file (first 3 minutes of a 3Blue1Brown talk) is spoken by eSpeak NG at its
true start times (see ``synth.py``); the truth is the caption file itself.  Then:

* ``subconv convert PAGE.txt --media AUDIO.wav`` with the captions as a plain, untimed
  transcript (one caption per line) must put every caption where it is spoken;
* ``subconv sync DRIFTED.srt --media AUDIO.wav`` with the true file late, stretched
  (25/23.976) and cut must give the true times back, cue for cue;
* ``--media`` on a missing or non-media file is exit status 1 and one
  ``subconv: error: ...`` line, never a traceback.

Targets (issue 8): start error median <= 0.3 s, p90 <= 1.0 s.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

import pytest

from subconv.cli import main
from tests.clirun import run_subconv

from .synth import TIMED, TruthCue, read_truth, synthesise

REPO = Path(__file__).resolve().parents[2]
SOURCE = "3b1b/eigenvalues/en.captions.srt"
CLIP_MS = 180_000
INTRO_END_MS = 18_500  # the clip opens with a music-like stretch, 1.5-18.5 s

MEDIAN_MS, P90_MS = 300, 1000

needs_decoder = pytest.mark.skipif(
    shutil.which("ffmpeg") is None or find_spec("numpy") is None,
    reason="ffmpeg and numpy (the 'audio' extra) are needed to read --media",
)


@dataclass(frozen=True)
class Clip:
    wav: Path
    truth: list[TruthCue]


@pytest.fixture(scope="module")
def clip(tmp_path_factory: pytest.TempPathFactory) -> Clip:
    """The synthesised talk, made once for the module."""
    if find_spec("numpy") is None:
        pytest.skip("numpy (the 'audio' extra) is not installed")
    if shutil.which("ffmpeg") is None or shutil.which("espeak-ng") is None:
        pytest.skip("ffmpeg and espeak-ng are needed to make and decode test audio")
    src = TIMED / SOURCE
    if not src.exists():
        pytest.skip(f"../shared corpus file {SOURCE} is absent")
    truth = read_truth(src, CLIP_MS)
    wav = tmp_path_factory.mktemp("cli_align") / "talk.wav"
    synthesise(truth, wav, voice="en-us", speed=165, noise_db=-45, music=(1500, INTRO_END_MS), seed=1)
    return Clip(wav, truth)


def _p90(xs: list[int]) -> float:
    return statistics.quantiles(xs, n=10, method="inclusive")[8]


def _words(text: str) -> list[str]:
    return text.split()


def _ts(ms: int) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def _srt(cues: list[TruthCue]) -> str:
    return "".join(f"{i}\n{_ts(c.start)} --> {_ts(c.end)}\n{c.text}\n\n" for i, c in enumerate(cues, 1))


def _first_pieces(out: list[TruthCue], truth: list[TruthCue]) -> list[int]:
    """Index in ``out`` of the cue that starts each truth caption.

    ``convert`` may split a long caption into several cues (max 2 lines of 42
    characters), but never joins two, so every caption must start a cue.
    """
    assert [w for c in out for w in _words(c.text)] == [w for t in truth for w in _words(t.text)]
    starts_at: dict[int, int] = {}
    k = 0
    for i, c in enumerate(out):
        starts_at[k] = i
        k += len(_words(c.text))
    firsts, k = [], 0
    for t in truth:
        assert k in starts_at, f"caption {t.text!r} does not start a cue"
        firsts.append(starts_at[k])
        k += len(_words(t.text))
    return firsts


def _check_errors(err: list[int]) -> None:
    assert statistics.median(err) <= MEDIAN_MS, err
    assert _p90(err) <= P90_MS, err


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(argv)
    cap = capsys.readouterr()
    return status, cap.out, cap.err


@pytest.mark.clients
def test_convert_untimed_page_with_media(clip: Clip, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "page.txt"
    page.write_text("\n".join(t.text for t in clip.truth) + "\n", encoding="utf-8")
    out_srt, report = tmp_path / "out.srt", tmp_path / "report.json"
    status, stdout, stderr = _run(
        ["convert", str(page), "--media", str(clip.wav), "-o", str(out_srt), "--report", str(report)], capsys
    )
    assert (status, stdout, stderr) == (0, "", "")

    out = read_truth(out_srt)
    firsts = _first_pieces(out, clip.truth)
    err = [abs(out[i].start - t.start) for i, t in zip(firsts, clip.truth, strict=True)]
    _check_errors(err)
    starts = [c.start for c in out]
    assert starts == sorted(starts)
    assert all(c.end > c.start for c in out)
    assert min(starts) >= INTRO_END_MS - 500, "a cue was placed in the music-like intro"

    rep = json.loads(report.read_text(encoding="utf-8"))
    assert rep["info"]["format"] == "page"
    assert rep["info"]["cues_written"] == len(out)
    assert re.match(rf"place: {len(out)}/{len(out)} cues aligned", rep["info"]["align"]), rep["info"]["align"]
    aligned = [e for e in rep["entries"] if e["step"] == "align"]
    assert len(aligned) == len(out)
    for e, c in zip(aligned, out, strict=True):
        assert e["action"] == "rewritten"
        m = re.fullmatch(r"aligned to speech by \w+ \(confidence (\d\.\d\d)\)", e["reason"])
        assert m, e["reason"]
        assert 0.0 <= float(m.group(1)) <= 1.0
        assert (e["detail"]["start"], e["detail"]["end"]) == (c.start, c.end)
        assert _words(e["text"]) == _words(c.text)
    # every source line (one per caption) is accounted for, in order
    assert sorted({e["line"] for e in aligned}) == list(range(1, len(clip.truth) + 1))


@pytest.mark.clients
def test_sync_corrects_offset_frame_rate_and_a_cut(
    clip: Clip, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    truth = clip.truth
    cut = len(truth) // 2

    # timed for a 25 fps conversion, 2.5 s late, with 4 s more material before the middle cue
    def warp(ms: int, i: int) -> int:
        return round(ms * 25 / 23.976) + 2500 + (4000 if i >= cut else 0)

    drifted = [TruthCue(warp(t.start, i), warp(t.end, i), t.text) for i, t in enumerate(truth)]
    before = [abs(d.start - t.start) for d, t in zip(drifted, truth, strict=True)]
    assert statistics.median(before) > 2500
    src, fixed, report = tmp_path / "drifted.srt", tmp_path / "fixed.srt", tmp_path / "report.json"
    src.write_text(_srt(drifted), encoding="utf-8")

    status, stdout, stderr = _run(
        ["sync", str(src), "--media", str(clip.wav), "-o", str(fixed), "--report", str(report)], capsys
    )
    assert (status, stdout, stderr) == (0, "", "")

    out = read_truth(fixed)
    assert len(out) == len(truth)
    assert [_words(c.text) for c in out] == [_words(t.text) for t in truth]
    err = [abs(c.start - t.start) for c, t in zip(out, truth, strict=True)]
    _check_errors(err)
    assert all(c.end > c.start for c in out)
    rep = json.loads(report.read_text(encoding="utf-8"))
    assert rep["info"]["align"].startswith(f"sync: {len(truth)}/{len(truth)} cues aligned"), rep["info"]["align"]
    assert len([e for e in rep["entries"] if e["step"] == "align" and e["action"] == "rewritten"]) == len(truth)


def _inputs(tmp_path: Path) -> dict[str, Path]:
    page = tmp_path / "page.txt"
    page.write_text("Hello there.\nGeneral Kenobi, you are a bold one.\n", encoding="utf-8")
    srt = tmp_path / "timed.srt"
    srt.write_text(_srt([TruthCue(1000, 2500, "Hello there."), TruthCue(3000, 5000, "General Kenobi.")]))
    not_media = tmp_path / "clip.mp4"
    not_media.write_text("this is not a video\n", encoding="utf-8")
    return {"convert": page, "sync": srt, "not-media": not_media, "missing": tmp_path / "absent.wav"}


def _assert_one_line_error(status: int, stderr: str, media: Path | str, out: Path) -> None:
    """One line, the same whichever command: the media named first (as given), then why."""
    assert status == 1, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"subconv: error: {media}: cannot read the media (--media): "), stderr
    assert lines[0].count(str(media)) == 1, stderr  # not named again in the reason
    assert "Traceback" not in stderr
    assert not out.exists()


@needs_decoder
@pytest.mark.parametrize("media", ["missing", "not-media"])
@pytest.mark.parametrize("command", ["convert", "sync"])
def test_bad_media_is_one_error_line(
    command: str, media: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _inputs(tmp_path)
    out = tmp_path / "out.srt"
    status, stdout, stderr = _run([command, str(files[command]), "--media", str(files[media]), "-o", str(out)], capsys)
    assert stdout == ""
    _assert_one_line_error(status, stderr, files[media], out)


def _bad_media(kind: str, tmp_path: Path) -> Path:
    """Media that exists but holds no audio to read: a video without a sound track, headerless
    raw samples (as speech tools' test data often is; ffmpeg takes them for raw video and says
    only "[rawvideo @ 0x...] Invalid pixel format"), an empty file (ffmpeg: "Invalid argument")."""
    if kind == "silent-video":
        video = tmp_path / "silent-film.mp4"
        cmd = ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=c=black:s=64x64:d=1", "-c:v", "mpeg4", str(video)]
        subprocess.run(cmd, check=True, timeout=60)
        return video
    path = tmp_path / ("speech.raw" if kind == "headerless" else "empty.mp3")
    path.write_bytes(bytes(range(256)) * 250 if kind == "headerless" else b"")  # (2 s of 16-bit 16 kHz samples)
    return path


@needs_decoder
@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("silent-video", "no audio stream"),
        (
            "headerless",
            "no audio stream: headerless raw data? Give raw PCM a header first, "
            "e.g. ffmpeg -f s16le -ar 16000 -ac 1 -i FILE FILE.wav",
        ),
        ("empty", "the file is empty"),
    ],
)
@pytest.mark.parametrize("command", ["convert", "sync"])
def test_media_with_no_audio_to_read_is_one_error_line_saying_why(
    command: str, kind: str, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same line from both commands, in the user's words, with no address of ffmpeg's that
    changes from run to run."""
    files = _inputs(tmp_path)
    media = _bad_media(kind, tmp_path)
    out = tmp_path / "out.srt"
    status, stdout, stderr = _run([command, str(files[command]), "--media", str(media), "-o", str(out)], capsys)
    assert stdout == ""
    _assert_one_line_error(status, stderr, media, out)
    assert stderr.rstrip().endswith(f"cannot read the media (--media): {reason}"), stderr
    assert " @ 0x" not in stderr, stderr


@needs_decoder
def test_bad_media_through_python_m_subconv(tmp_path: Path) -> None:
    _inputs(tmp_path)  # writes clip.mp4 (not media) and timed.srt
    proc = run_subconv("sync", "timed.srt", "--media", "clip.mp4", "-o", "out.srt", cwd=tmp_path)
    assert proc.stdout == ""
    _assert_one_line_error(proc.returncode, proc.stderr, "clip.mp4", tmp_path / "out.srt")


def _tone(path: Path, seconds: float) -> Path:
    """A 440 Hz sine tone, 16 kHz mono WAV: audio with no speech in it."""
    import wave

    import numpy as np

    t = np.arange(int(16_000 * seconds)) / 16_000
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16_000)
        w.writeframes((np.sin(2 * np.pi * 440 * t) * 8000).astype("<i2").tobytes())
    return path


@needs_decoder
@pytest.mark.parametrize("command", ["convert", "sync"])
def test_media_with_no_speech_says_so_on_stderr(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--media whose audio holds no speech: the cues keep the text's estimate (convert) or the
    file's own times (sync), exit 0, and stderr says so without --explain: the user asked for
    times from the audio and got none."""
    files = _inputs(tmp_path)
    out = tmp_path / "out.srt"
    tone = _tone(tmp_path / "tone.wav", 8.0)
    status, stdout, stderr = _run([command, str(files[command]), "--media", str(tone), "-o", str(out)], capsys)
    assert (status, stdout) == (0, "")
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"subconv: warning: {files[command]}:"), stderr
    assert "no cue was heard in the media" in lines[0], stderr
    got = read_truth(out)
    assert [c.text for c in got] == [
        "Hello there.",
        "General Kenobi, you are a bold one." if command == "convert" else "General Kenobi.",
    ]
    if command == "sync":  # the file's own times, exactly
        assert [(c.start, c.end) for c in got] == [(1000, 2500), (3000, 5000)]
    else:  # the text's estimate over the media's length, as without the media but with its length
        alone = tmp_path / "alone.srt"
        assert _run(["convert", str(files[command]), "--duration", "8", "-o", str(alone)], capsys)[0] == 0
        assert [(c.start, c.end) for c in got] == [(c.start, c.end) for c in read_truth(alone)]


@needs_decoder
def test_a_page_longer_than_media_with_no_speech_stays_within_the_media(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ten long lines and 3 s of audio with no speech in it: nothing heard, the cues keep the
    text's estimate, which fits them into the media's 3 s (its report says they are squeezed),
    rather than running on for 20 s after the media's end at a reading pace (as before)."""
    page = tmp_path / "page.txt"
    page.write_text("".join(f"This is caption line number {i} of the page.\n" for i in range(1, 11)), encoding="utf-8")
    out = tmp_path / "out.srt"
    status, _, stderr = _run(
        ["convert", str(page), "--media", str(_tone(tmp_path / "t.wav", 3.0)), "-o", str(out)], capsys
    )
    assert status == 0, stderr
    assert "no cue was heard in the media" in stderr
    got = read_truth(out)
    assert len(got) == 10
    assert max(c.end for c in got) <= 3000, [(c.start, c.end) for c in got]


@pytest.mark.parametrize("tag", ["english", "e", "en-", "12", "en US", "deutsch"])
def test_a_language_given_by_name_or_malformed_is_a_usage_error(
    tag: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--language english`` used to pass the tag on, which no backend knew, so ``auto``
    quietly fell to the speech detector; a tag that is not shaped as BCP 47 is refused."""
    files = _inputs(tmp_path)
    with pytest.raises(SystemExit) as exc:
        main(["convert", str(files["convert"]), "--language", tag])
    cap = capsys.readouterr()
    assert exc.value.code == 2 and cap.out == "", cap.err
    assert f"not a BCP 47 language tag: {tag!r}" in cap.err


@pytest.mark.parametrize("tag", ["en", "EN", "en_US", "pt-BR", "zh-Hant-TW", "yue"])
def test_bcp_47_tags_are_taken(tag: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    files = _inputs(tmp_path)
    status, _, stderr = _run(
        ["convert", str(files["convert"]), "--language", tag, "-o", str(tmp_path / "o.srt")], capsys
    )
    assert status == 0, stderr


@needs_decoder
def test_a_language_no_backend_has_says_on_stderr_that_only_loudness_placed_the_cues(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A well-formed tag that neither pocketsphinx nor eSpeak NG knows leaves ``auto`` the speech
    detector only; the user hears of it without --explain, with the reasons."""
    files = _inputs(tmp_path)
    tone = _tone(tmp_path / "tone.wav", 4.0)
    status, _, stderr = _run(
        ["convert", str(files["convert"]), "--media", str(tone), "--language", "xx", "-o", str(tmp_path / "o.srt")],
        capsys,
    )
    assert status == 0, stderr
    assert "aligned by the loudness of the audio alone (vad" in stderr and "language 'xx'" in stderr, stderr
    status, _, stderr = _run(
        ["convert", str(files["convert"]), "--media", str(tone), "--language", "de", "-o", str(tmp_path / "o.srt")],
        capsys,
    )
    assert "loudness of the audio alone" not in stderr, stderr


@needs_decoder
@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (
            [],
            "--words: word times come from aligning to --media or from the input's own (WebVTT timestamps, ASS "
            "karaoke, YouTube auto-captions' or a Hyperaudio transcript's word times)",
        ),
        (["--media", "MEDIA", "--no-align"], "--words: word times come from aligning to --media, and --no-align"),
        (["--media", "MEDIA", "-o", "OUT.srt"], "--words: srt has no way to write word times"),
        (["--media", "MEDIA", "-o", "OUT.vtt"], None),
        (["--media", "MEDIA", "-o", "OUT.TextGrid"], None),
    ],
)
def test_words_that_cannot_be_written_are_said_so(
    extra: list[str], said: str | None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--words`` without media to hear them in, or to a format with no way to write word times,
    used to do nothing without a word."""
    files = _inputs(tmp_path)
    tone = str(_tone(tmp_path / "tone.wav", 4.0))
    args = [a.replace("MEDIA", tone).replace("OUT", str(tmp_path / "out")) for a in extra]
    if "-o" not in args:
        args += ["-o", str(tmp_path / "out.vtt")]
    status, _, stderr = _run(["convert", str(files["convert"]), "--words", *args], capsys)
    assert status == 0, stderr
    if said is None:
        assert "--words" not in stderr, stderr
    else:
        assert said in stderr and stderr.count("--words") == 1, stderr


@needs_decoder
def test_the_audio_stream_in_the_texts_language_is_aligned_to(
    clip: Clip, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A video with a German stream first (the file's default: here a tone, no speech) and the
    English talk second: the English page is aligned to the English stream, found by its tag
    (before, ffmpeg's default stream was taken, silently); ``--audio-stream 1`` takes the first;
    a text in a language no stream is tagged with gets the default and a warning naming them."""
    video = tmp_path / "film.mkv"
    tone = _tone(tmp_path / "tone.wav", 30.0)
    cmd = ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=c=black:s=64x64:d=30", "-i", str(tone)]
    cmd += ["-i", str(clip.wav), "-map", "0:v", "-map", "1:a", "-map", "2:a", "-c:v", "mpeg4", "-c:a", "flac"]
    cmd += ["-metadata:s:a:0", "language=ger", "-metadata:s:a:1", "language=eng", "-disposition:a:0", "default"]
    subprocess.run([*cmd, "-disposition:a:1", "0", "-t", "30", str(video)], check=True, timeout=120)
    page = tmp_path / "page.txt"
    page.write_text("\n".join(c.text for c in clip.truth if c.end <= 30_000) + "\n", encoding="utf-8")
    out = tmp_path / "out.srt"

    def heard(*extra: str) -> tuple[int, str]:
        status, _, stderr = _run(["convert", str(page), "--media", str(video), "-o", str(out), *extra], capsys)
        assert status == 0, stderr
        return sum(c.start is not None for c in read_truth(out)), stderr

    _, stderr = heard("--language", "en")
    assert "were not heard" not in stderr and "audio streams" not in stderr, stderr
    _, stderr = heard("--audio-stream", "1", "--language", "en")
    assert "no cue was heard in the media" in stderr, stderr
    _, stderr = heard("--language", "fr", "--aligner", "vad")
    assert "the media has 2 audio streams (#1 (ger, default), #2 (eng)), none tagged with" in stderr, stderr

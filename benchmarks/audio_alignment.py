"""Benchmark: `--media` alignment vs text-only timing vs ffsubsync, on synthesised speech.

For each caption file from ../shared/corpus/timed, the captions are spoken with
eSpeak NG at their true start times over noise (plus a music-like stretch), and
the cue texts are timed three ways:

* ``media``: subconv's align step on the untimed cues (audio alignment);
* ``text``: text only, the media's duration known (cues spread by expected
  speaking time over the duration);
* ``ffsubsync``: the ``text`` estimate synced to the audio by ffsubsync
  (looked up as ``ffsubsync`` on PATH or in $FFSUBSYNC).

Reported: median and p90 absolute start error (s), and the align step's wall
time per hour of audio.  Run: ``python benchmarks/audio_alignment.py [--quick]``.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "align"))

import numpy as np  # noqa: E402

from subconv.model import Cue, Track  # noqa: E402
from subconv.options import Options  # noqa: E402
from subconv.pipeline import Context  # noqa: E402
from subconv.report import Report  # noqa: E402
from subconv.steps.align import align  # noqa: E402
from subconv.timing import expected_ms  # noqa: E402

synth = importlib.import_module("synth")  # tests/align/synth.py: the test-audio synthesiser
TIMED: Path = synth.TIMED
read_truth = synth.read_truth
synthesise = synth.synthesise
TruthCue = Any

# (file, minutes, voice, speed, noise dB, music stretch: (start, end) ms, "gap" = the longest gap, or None)
FILES = [
    ("3b1b/eigenvalues/en.captions.srt", 3, "en-us", 165, -45.0, (1500, 18500)),
    ("interviews-lectures/csfg-csfg_algorithms_race.en.vtt", 4, "en+f3", 180, -32.0, None),
    ("3b1b/neural-networks/en.captions.srt", 20, "en-gb", 170, -38.0, None),
    ("films/LaLaLand.en.srt", 30, "en+m3", 175, -35.0, "gap"),
]


def _srt_time(ms: int) -> str:
    h, r = divmod(max(0, ms), 3_600_000)
    m, r = divmod(r, 60_000)
    s, r = divmod(r, 1000)
    return f"{h:02}:{m:02}:{s:02},{r:03}"


def _write_srt(path: Path, times: list[tuple[int, int]], texts: list[str]) -> None:
    pairs = enumerate(zip(times, texts, strict=True), 1)
    blocks = [f"{i}\n{_srt_time(a)} --> {_srt_time(b)}\n{t}\n" for i, ((a, b), t) in pairs]
    path.write_text("\n".join(blocks), encoding="utf-8")


def _text_only(truth: list[TruthCue], duration: int) -> list[tuple[int, int]]:
    lens = [expected_ms(t.text) for t in truth]
    scale = duration / max(1, sum(lens))
    out, t = [], 0.0
    for n in lens:
        out.append((round(t), round(t + n * scale)))
        t += n * scale
    return out


def _stats(starts: list[int], truth: list[TruthCue]) -> tuple[float, float]:
    err = [abs(a - t.start) / 1000 for a, t in zip(starts, truth, strict=True)]
    return statistics.median(err), float(np.percentile(err, 90))


def _ffsubsync() -> str | None:
    return os.environ.get("FFSUBSYNC") or shutil.which("ffsubsync") or (
        "/tmp/ffsvenv/bin/ffsubsync" if Path("/tmp/ffsvenv/bin/ffsubsync").exists() else None
    )


def longest_gap(truth: list[TruthCue]) -> tuple[int, int]:
    """The longest stretch without captions (for a music-like stretch), less 1 s each side."""
    a, b = max(((x.end, y.start) for x, y in itertools.pairwise(truth)), key=lambda g: g[1] - g[0])
    return a + 1000, b - 1000


def run_one(rel: str, minutes: int, voice: str, speed: int, noise: float,
            music: tuple[int, int] | str | None, work: Path, aac: bool = False) -> dict[str, object]:
    truth = read_truth(TIMED / rel, minutes * 60_000)
    truth = [t for t in truth if t.end > t.start]
    if music == "gap":
        music = longest_gap(truth)
    wav = work / (Path(rel).stem + ".wav")
    synthesise(truth, wav, voice=voice, speed=speed, noise_db=noise, music=music, seed=7)
    if aac:  # what real media holds: compressed audio
        m4a = wav.with_suffix(".m4a")
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(wav), "-c:a", "aac", "-b:a", "96k",
                        str(m4a)], check=True)
        wav = m4a
    duration = max(t.end for t in truth) + 2000
    row: dict[str, object] = {"file": rel, "cues": len(truth), "minutes": round(duration / 60000, 1),
                              "voice": voice, "noise": noise}
    track = Track(tuple(Cue(None, None, (t.text,)) for t in truth))
    t0 = time.perf_counter()
    out = align(track, Context("page", Options(media=str(wav))), Report())
    wall = time.perf_counter() - t0
    row["media"] = _stats([c.start or 0 for c in out.cues], truth)
    row["s_per_hour"] = wall * 3_600_000 / duration
    est = _text_only(truth, duration)
    row["text"] = _stats([a for a, _ in est], truth)
    # sync: the true file re-timed for 25 fps, 2.5 s late, with 4 s of extra material from the middle on
    half = len(truth) // 2
    warped = [(_warp(t.start, i >= half), _warp(t.end, i >= half)) for i, t in enumerate(truth)]
    wtrack = Track(tuple(Cue(a, b, (t.text,)) for (a, b), t in zip(warped, truth, strict=True)))
    t0 = time.perf_counter()
    synced = align(wtrack, Context("srt", Options(media=str(wav), retime=True, dedupe="off")), Report())
    row["sync_s_per_hour"] = (time.perf_counter() - t0) * 3_600_000 / duration
    row["warped"] = _stats([a for a, _ in warped], truth)
    row["sync"] = _stats([c.start or 0 for c in synced.cues], truth)
    exe = _ffsubsync()
    if exe is None:
        row["ffsubsync"] = row["ffsubsync_sync"] = "not installed"
    else:
        row["ffsubsync"] = _run_ffsubsync(exe, wav, est, truth, work)
        row["ffsubsync_sync"] = _run_ffsubsync(exe, wav, warped, truth, work)
    return row


def _warp(t: int, late: bool) -> int:
    return round(t * 25 / 23.976) + 2500 + (4000 if late else 0)


def _run_ffsubsync(exe: str, wav: Path, times: list[tuple[int, int]], truth: list[TruthCue], work: Path) -> object:
    src, dst = work / "est.srt", work / "ffs.srt"
    _write_srt(src, times, [t.text for t in truth])
    dst.unlink(missing_ok=True)
    r = subprocess.run([exe, str(wav), "-i", str(src), "-o", str(dst)], capture_output=True, text=True, check=False)
    if r.returncode != 0 or not dst.exists():
        return "failed: " + (r.stderr.strip().splitlines() or ["?"])[-1][:60]
    synced = read_truth(dst)
    # ffsubsync drops cues shifted before 0: count them at 0 (where a player would show them)
    starts, j = [], 0
    for t in truth:
        if j < len(synced) and synced[j].text == t.text:
            starts.append(synced[j].start)
            j += 1
        else:
            starts.append(0)
    return _stats(starts, truth)


def _fmt(v: object) -> str:
    if isinstance(v, tuple):
        return f"{v[0]:.2f} / {v[1]:.2f}"
    return str(v)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="only the two short files")
    ap.add_argument("--aac", action="store_true", help="encode the test audio as AAC 96 kb/s first")
    args = ap.parse_args()
    missing = [x for x in ("ffmpeg", "espeak-ng") if shutil.which(x) is None]
    if missing or not TIMED.exists():
        print(f"skipped: missing {', '.join(missing) or '../shared'}")
        return 0
    files = FILES[:2] if args.quick else FILES
    print("Start error, median / p90 in seconds; wall time of the align step (decode + detect + align) per hour.")
    print("| file | min | cues | voice, noise | --media | text-only | ffsubsync(text-only) | s/h "
          "| drifted file | sync | ffsubsync(drifted) | sync s/h |")
    print("| --- " * 12 + "|")
    with tempfile.TemporaryDirectory() as td:
        for spec in files:
            row = run_one(*spec, work=Path(td), aac=args.aac)
            print(f"| {row['file']} | {row['minutes']} | {row['cues']} | {row['voice']}, {row['noise']} dB | "
                  f"{_fmt(row['media'])} | {_fmt(row['text'])} | {_fmt(row['ffsubsync'])} | "
                  f"{float(row['s_per_hour']):.1f} | {_fmt(row['warped'])} | {_fmt(row['sync'])} | "  # type: ignore[arg-type]
                  f"{_fmt(row['ffsubsync_sync'])} | {float(row['sync_s_per_hour']):.1f} |", flush=True)  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

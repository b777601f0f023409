"""A stretch of another language in English speech: captioned, or nobody captioned it.

Issue 13 asks that one bad stretch ("a language switch", "speech nobody captioned") not shift
the rest. This script builds the real-speech sets of ``tests/align/realspeech.py`` and inserts,
between two cues near the middle (where the speech detector hears the longest pause between
them: a reference boundary can fall inside speech), the first ~20 s of the German prose recording of
``../shared/corpus/speech`` (levelled to the speech before it). The page holds the English lines
and, for ``captioned``, the German lines at that place (their own aligned text), for
``uncaptioned`` nothing. Only the English cues are scored (their reference starts moved by the
insertion), against ``none`` (the set as built). ``music`` inserts a music interlude of the same
length instead (``realspeech.music``, or with ``--music`` a recording of music, at the level of the
speech before it; nothing on the page):
another stretch that is not the text's. Every alignment runs through the command line.

    python benchmarks/language_switch.py --conditions clean,noise15 --seeds 13,14
    python benchmarks/language_switch.py --aligner tts --variants none,uncaptioned
    python benchmarks/language_switch.py --aeneas    # aeneas-ng on the same pages, the same run
    python benchmarks/language_switch.py --variants none,music
    python benchmarks/language_switch.py --variants none,music --music /usr/share/games/asc/music/frontiers.mp3
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import subprocess
import sys
import tempfile
import wave
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

import subconv

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "align"))

if TYPE_CHECKING:
    from tests.align import realspeech as rs
else:
    rs = importlib.import_module("realspeech")  # tests/align/realspeech.py: the evaluation sets
sys.path.insert(0, str(ROOT / "benchmarks"))
if TYPE_CHECKING:
    from benchmarks import audio_alignment as aa
else:
    aa = importlib.import_module("audio_alignment")  # its aeneas runner: the best alternative, same run

SPEECH = ROOT.parent / "shared" / "corpus" / "speech"
INSERT_S = 20.0


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``python -m subconv ARGS`` of the checkout ``env``'s PYTHONPATH names, run from it (``-m``
    puts the working directory ahead of PYTHONPATH: run from another checkout, it ran that one)."""
    return subprocess.run(
        [sys.executable, "-m", "subconv", *args],
        env=env,
        cwd=env["PYTHONPATH"],
        capture_output=True,
        text=True,
        check=False,
    )


def _german(work: Path, env: dict[str, str]) -> tuple[np.ndarray, list[str]]:
    """The German recording's first cues up to INSERT_S (their audio, 0.2 s after the last one's
    end, and their text), placed by subconv on the whole recording."""
    lines = [ln.split("|", 1)[1] for ln in (SPEECH / "aeneas-example.de.txt").read_text().splitlines() if "|" in ln]
    page = work / "de.txt"
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    media = SPEECH / "aeneas-example.de.mp3"
    proc = _run(["convert", str(page), "--media", str(media), "-o", str(work / "de.srt"), "--language", "de"], env)
    if proc.returncode:
        raise SystemExit(proc.stderr)
    cues = subconv.read(work / "de.srt").cues
    last = max(i for i, c in enumerate(cues) if c.end is not None and c.end <= INSERT_S * 1000)
    end = cues[last].end
    assert end is not None
    pcm: np.ndarray = rs.decode(media)
    return pcm[: int((end / 1000 + 0.2) * rs.RATE)], [c.text.replace("\n", " ") for c in cues[: last + 1]]


def _write_wav(path: Path, audio: np.ndarray) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rs.RATE)
        w.writeframes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())


def _starts(srt: Path) -> list[float]:
    return [(c.start or 0) / 1000 for c in subconv.read(srt).cues]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--conditions", default="clean,noise15")
    ap.add_argument("--seeds", default="13,14")
    ap.add_argument("--variants", default="none,captioned,uncaptioned")
    ap.add_argument("--aligner", default="auto")
    ap.add_argument("--subconv", type=Path, default=ROOT, help="the checkout whose command line is run")
    ap.add_argument("--level", choices=rs.LEVELS, default="power", help="how recordings and noise are levelled")
    ap.add_argument("--music", type=Path, help="a recording of music for the music variant (else synthesised)")
    ap.add_argument("--aeneas", action="store_true", help="also aeneas-ng on every page (non-speech removed)")
    ap.add_argument("--aeneas-python", help="a Python with aeneas-ng (default: $AENEAS_PYTHON, a venv, this one)")
    ns = ap.parse_args()
    aeneas = aa.aeneas_python(ns.aeneas_python) if ns.aeneas else None
    if ns.aeneas and aeneas is None:
        raise SystemExit("aeneas-ng not found: see benchmarks/README.md for the venv that builds it")
    if not rs.available():
        print("needs ../shared/corpus/speech, ffmpeg and numpy")
        return 0
    env = {**os.environ, "PYTHONPATH": str(ns.subconv)}
    work = Path(tempfile.mkdtemp(prefix="subconv-switch-"))
    german, german_text = _german(work, env)
    pooled: dict[tuple[str, str, str], list[float]] = {}
    for seed in [int(s) for s in ns.seeds.split(",")]:
        for name in ("en-a", "en-b"):
            for cond in ns.conditions.split(","):
                es = rs.build(name, cond, seed=seed, level=ns.level)
                mid, at = rs.quiet_boundary(es)
                before = es.audio[max(0, at - 5 * rs.RATE) : at]
                level = np.sqrt(np.mean(before**2))
                rng = np.random.default_rng(seed)
                bed = rs.music(len(german), rng) if ns.music is None else rs.recorded(ns.music, len(german), rng)
                interlude = bed * level
                for variant in ns.variants.split(","):
                    english = [c.text for c in es.cues]
                    truth = [c.start for c in es.cues]
                    if variant == "none":
                        audio, page, scored = es.audio, english, list(range(len(english)))
                    else:
                        shift = len(german) / rs.RATE
                        inserted = interlude if variant == "music" else german * level / np.sqrt(np.mean(german**2))
                        audio = np.concatenate([es.audio[:at], inserted, es.audio[at:]])
                        truth = [t if i < mid else t + shift for i, t in enumerate(truth)]
                        added = german_text if variant == "captioned" else []  # uncaptioned, music: nothing
                        page = english[:mid] + added + english[mid:]
                        scored = list(range(mid)) + list(range(mid + len(added), len(page)))
                    stem = f"{name}-{cond}-{seed}-{variant}"
                    wav, txt, srt = (work / f"{stem}{ext}" for ext in (".wav", ".txt", ".srt"))
                    _write_wav(wav, audio)
                    txt.write_text("\n".join(page) + "\n", encoding="utf-8")
                    args = [str(txt), "--media", str(wav), "-o", str(srt), "--language", "en", "--aligner", ns.aligner]
                    proc = _run(["convert", *args], env)
                    if proc.returncode:
                        print(proc.stderr)
                        continue
                    runs = [(ns.aligner, _starts(srt))]
                    if aeneas is not None:
                        runs.append(("aeneas", aa.run_aeneas(aeneas, wav, page, "eng", work, True)[1]))
                    for method, got in runs:
                        err = [abs(got[j] - t) for j, t in zip(scored, truth, strict=True)]
                        pooled.setdefault((method, cond, variant), []).extend(err)
                        off = [i for i, e in enumerate(err) if e > 0.3]
                        share = 100 * (len(err) - len(off)) / len(err)
                        print(
                            f"{name}/seed{seed} {cond} {variant} {method}: {share:.1f}% within 0.3 s; off: {off}",
                            flush=True,
                        )
    print("\nEnglish cues, median / p90 / within 0.3 s (aeneas: non-speech removed)")
    for (method, cond, variant), err in sorted(pooled.items()):
        err.sort()
        p90 = err[int(0.9 * len(err))]
        share = 100 * sum(e <= 0.3 for e in err) / len(err)
        print(
            f"| {method} | {cond} | {variant} | {statistics.median(err):.2f} / {p90:.2f} / {share:.1f}% | {len(err)} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

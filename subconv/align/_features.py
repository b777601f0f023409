"""MFCC features at 10 ms frames for the ``tts`` backend (numpy only).

25 ms Hann windows every 10 ms; a mel filter bank between ``low`` and ``high`` Hz;
log; DCT; cepstral mean and variance normalisation over the whole signal (so a
synthetic and a real voice, recorded at different levels through different
channels, become comparable).  Frame ``i`` covers ``[i*10 ms, i*10 ms + 25 ms)``
at any sample rate (22 050 Hz synthetic and 16 kHz real alike).

>>> import numpy as np
>>> x = np.random.default_rng(0).standard_normal(16000).astype(np.float32)
>>> mfcc(x, 16000).shape
(98, 12)
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float32]
else:
    FloatArray = Any

HOP_MS = 10
WIN_MS = 25
N_MELS = 40
FLOOR_DB = 35  # mel energies are floored this far (dB) below the loud frames
ACTIVE_DB = 25.0  # normalisation statistics come from frames this close (dB) to the loud ones
BLOCK = 4096  # frames computed at a time (bounds memory on long audio)


@lru_cache(maxsize=8)
def _filters(rate: int, nfft: int, low: float, high: float, n_mels: int) -> Any:
    import numpy as np

    def mel(f: Any) -> Any:
        return 1127.0 * np.log1p(np.asarray(f) / 700.0)

    edges_mel = np.linspace(mel(low), mel(min(high, rate / 2)), n_mels + 2)
    edges = 700.0 * np.expm1(edges_mel / 1127.0)
    freqs = np.fft.rfftfreq(nfft, 1.0 / rate)
    fb = np.zeros((freqs.shape[0], n_mels), dtype=np.float32)
    for m in range(n_mels):
        a, c, b = edges[m], edges[m + 1], edges[m + 2]
        up = (freqs - a) / max(c - a, 1e-9)
        down = (b - freqs) / max(b - c, 1e-9)
        fb[:, m] = np.maximum(0.0, np.minimum(up, down))
    return fb


@lru_cache(maxsize=4)
def _dct(n_in: int, n_out: int) -> Any:
    import numpy as np

    k = np.arange(n_out)[None, :]
    n = np.arange(n_in)[:, None]
    return (np.cos(np.pi * k * (2 * n + 1) / (2 * n_in)) * np.sqrt(2.0 / n_in)).astype(np.float32)


def n_frames(n_samples: int, rate: int) -> int:
    """How many whole 25 ms frames fit in ``n_samples`` at ``rate`` Hz (10 ms apart)."""
    win = rate * WIN_MS // 1000
    if n_samples < win:
        return 0
    return 1 + (n_samples - win) * 1000 // (rate * HOP_MS)


def log_mel(
    x: Any, rate: int, low: float = 100.0, high: float = 6000.0, n_mels: int = N_MELS, floor_db: float = FLOOR_DB
) -> Any:
    """Log mel energies, one row per 10 ms frame (float32), floored ``floor_db`` below loud frames.

    The floor makes near-digital silence (a clean studio pause, synthetic gaps) one
    steady spectrum instead of the log of numerical noise.
    """
    import numpy as np

    win = rate * WIN_MS // 1000
    nfft = 1 << (win - 1).bit_length()
    window = np.hanning(win).astype(np.float32)
    fb = _filters(rate, nfft, float(low), float(high), n_mels)
    n = n_frames(int(x.shape[0]), rate)
    out = np.empty((n, n_mels), dtype=np.float32)
    x = np.asarray(x, dtype=np.float32)
    for a in range(0, n, BLOCK):
        b = min(n, a + BLOCK)
        starts = (np.arange(a, b, dtype=np.int64) * rate * HOP_MS) // 1000
        frames = x[starts[:, None] + np.arange(win)[None, :]]
        frames = (frames - frames.mean(axis=1, keepdims=True)) * window
        power = np.abs(np.fft.rfft(frames, n=nfft, axis=1)) ** 2
        out[a:b] = power.astype(np.float32) @ fb
    if n:
        loud = float(np.percentile(out.sum(axis=1), 95))
        floor = max(loud, 1e-12) * 10 ** (-floor_db / 10) / n_mels
        np.log(out + floor, out=out)
    return out


def mfcc(
    x: Any,
    rate: int,
    *,
    n_ceps: int = 13,
    keep_c0: bool = False,
    deltas: bool = False,
    low: float = 100.0,
    high: float = 6000.0,
    normalise: bool = True,
) -> FloatArray:
    """MFCCs of float samples ``x`` (c1..c12 by default), optionally with deltas, normalised per signal."""
    import numpy as np

    lm = log_mel(x, rate, low, high)
    c = lm @ _dct(lm.shape[1], n_ceps)
    level = c[:, 0] if c.shape[0] else c[:, :0]
    if not keep_c0:
        c = c[:, 1:]
    if deltas and c.shape[0] > 2:
        d = np.zeros_like(c)
        d[1:-1] = (c[2:] - c[:-2]) / 2.0
        c = np.concatenate([c, d], axis=1)
    if normalise:
        c = cmvn(c, active(level))
    out: FloatArray = c.astype(np.float32)
    return out


def active(level: Any, below_db: float | None = None) -> Any:
    """Frames whose c0 is within ``below_db`` of the loud frames' (speech, not pauses)."""
    import numpy as np

    below_db = ACTIVE_DB if below_db is None else below_db
    if level.shape[0] == 0:
        return np.zeros(0, dtype=bool)
    # c0 is sqrt(2/n_mels) x the sum of the log mel energies; a dB is ln(10)/10 of a log energy
    scale = np.sqrt(2.0 / N_MELS) * N_MELS * np.log(10.0) / 10.0
    loud = float(np.percentile(level, 95))
    mask: Any = level > loud - below_db * scale
    return mask


def cmvn(c: Any, mask: Any = None) -> Any:
    """Mean and variance normalisation per coefficient, measured on the ``mask`` frames (all by default).

    Measuring on speech only keeps the normalisation independent of how much of
    a signal is pause (a lot in a recording, little in synthetic speech).
    """
    import numpy as np

    if c.shape[0] == 0:
        return c
    ref = c[mask] if mask is not None and int(mask.sum()) >= 10 else c
    mu = ref.mean(axis=0, keepdims=True)
    sd = ref.std(axis=0, keepdims=True)
    return (c - mu) / np.maximum(sd, 1e-5)

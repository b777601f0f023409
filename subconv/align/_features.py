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

from collections.abc import Callable
from dataclasses import dataclass
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
SLIDING_S = 0.0  # normalisation statistics come from within this many seconds (0: the whole signal)
#: With a sliding normalisation, the floor and the frames the statistics come from follow the
#: loud frames within reach too (:func:`local_loudness`), not the whole signal's: a speaker 15-20
#: dB quieter than the others (the speaker with a cold in the real-speech sets) was floored
#: nearly to silence and matched to the synthetic pauses.  Never more than LOCAL_GUARD_DB under
#: the whole signal's loud frames, so a long silence is not raised to speech.  Measured: see
#: docs/alignment.md, "A quiet speaker among loud ones".
LOCAL_LOUD = True
LOCAL_GUARD_DB = 30.0
#: Frames computed at a time: bounds memory on long audio (a block's spectra are complex doubles),
#: and a block this small stays in cache (mel power of 300 s at 16 kHz: 0.15 s a pass with blocks
#: of 4096 frames, 0.11 s with 512).
BLOCK = 512
#: Frames whose cepstra and normalisation are worked out at a time (:func:`by_rows`): a step over an
#: hour's frames at once held 200 MB of temporaries (the log of the mel power, float64 copies).
ROWS = 1 << 14
_FilterBins = tuple[int, int, Any]  # a filter's first and last bin (from the bank's first) and their weights


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


@lru_cache(maxsize=8)
def _bank(rate: int, nfft: int, low: float, high: float, n_mels: int) -> tuple[int, int, tuple[_FilterBins, ...]]:
    """The filter bank (:func:`_filters`) as the FFT bins it weighs (``first`` .. ``last``) and,
    per filter, the bins it covers (counted from ``first``) with their weights: the bins outside
    every filter (below ``low``, above ``high``: half of them at 22 050 Hz) are neither squared
    nor summed, and each filter sums only its own (at 22 050 Hz about 530 products a frame rather
    than the whole bank's 20 520).

    >>> first, last, spans = _bank(16000, 512, 100.0, 6000.0, 40)
    >>> len(spans), 0 < first < last <= 257, all(b - a == w.shape[0] for a, b, w in spans)
    (40, True, True)
    """
    import numpy as np

    fb = _filters(rate, nfft, low, high, n_mels)
    used = np.flatnonzero(fb.any(axis=1))
    first, last = (int(used[0]), int(used[-1]) + 1) if used.shape[0] else (0, 1)
    spans = []
    for m in range(n_mels):
        bins = np.flatnonzero(fb[first:last, m])
        a, b = (int(bins[0]), int(bins[-1]) + 1) if bins.shape[0] else (0, 0)
        spans.append((a, b, np.ascontiguousarray(fb[first + a : first + b, m])))
    return first, last, tuple(spans)


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


def mel_power(x: Any, rate: int, low: float = 100.0, high: float = 6000.0, n_mels: int = N_MELS) -> Any:
    """Mel filter-bank power, one row per 10 ms frame (float32).

    ``x``: float samples, or int16 PCM, which is scaled to floats (by 1/32768) a block of frames
    at a time, so that a long recording is never held whole as floats beside its samples (an
    hour of 16 kHz audio: 230 MB).  Samples that come in pieces: :class:`MelStream`.

    The products with the filter bank (and the DCT in :func:`mfcc_from_power`) are ``einsum``
    rather than ``@``: numpy hands ``@`` to OpenBLAS, which runs a product this small on every
    core and then keeps its threads spinning; that cost the alignment about 8 % of its CPU
    (en-a + en-b, clean and 15 dB noise, ``auto``: 136 -> 117 s of CPU per hour of audio) and
    took the second core from the acoustic pass's workers.
    """
    import numpy as np

    bank = _Bank.of(rate, low, high, n_mels)
    n = n_frames(int(x.shape[0]), rate)
    out = np.empty((n, n_mels), dtype=np.float32)
    x = np.asarray(x)
    pcm = x.dtype == np.int16
    if not pcm:
        x = x.astype(np.float32, copy=False)
    hop, uneven = divmod(rate * HOP_MS, 1000)
    strided = None if uneven or n == 0 else np.lib.stride_tricks.sliding_window_view(x, bank.win)[::hop]
    for a in range(0, n, BLOCK):
        b = min(n, a + BLOCK)
        if strided is not None:  # a whole number of samples between frames: a view, copied once
            frames = np.ascontiguousarray(strided[a:b], dtype=np.float32)
        else:
            frames = bank.frames(x, a, b).astype(np.float32, copy=False)
        if pcm:
            frames *= np.float32(1.0 / 32768.0)
        bank.power(frames, out[a:b])
    return out


@dataclass(frozen=True)
class _Bank:
    """The frames' window and the mel filter bank at one sample rate."""

    rate: int
    win: int  # samples a frame
    nfft: int
    window: Any
    first: int  # the bank's first FFT bin ...
    last: int  # ... and the bin after its last
    spans: tuple[_FilterBins, ...]

    @staticmethod
    def of(rate: int, low: float, high: float, n_mels: int) -> _Bank:
        import numpy as np

        win = rate * WIN_MS // 1000
        nfft = 1 << (win - 1).bit_length()
        first, last, spans = _bank(rate, nfft, float(low), float(high), n_mels)
        return _Bank(rate, win, nfft, np.hanning(win).astype(np.float32), first, last, spans)

    def starts(self, a: int, b: int) -> Any:
        """The first sample of frames ``a`` .. ``b - 1``."""
        import numpy as np

        return (np.arange(a, b, dtype=np.int64) * self.rate * HOP_MS) // 1000

    def frames(self, x: Any, a: int, b: int, first: int = 0) -> Any:
        """Frames ``a`` .. ``b - 1``, a row of samples each, cut from ``x`` (whose sample 0 is the
        signal's sample ``first``)."""
        import numpy as np

        return x[(self.starts(a, b) - first)[:, None] + np.arange(self.win)[None, :]]

    def power(self, frames: Any, out: Any) -> None:
        """The mel power of ``frames`` (one float32 frame of samples a row) into the rows ``out``."""
        import numpy as np

        frames = (frames - frames.mean(axis=1, keepdims=True)) * self.window
        spectrum = np.fft.rfft(frames, n=self.nfft, axis=1)[:, self.first : self.last]
        power = spectrum.real**2 + spectrum.imag**2
        for m, (lo, hi, weights) in enumerate(self.spans):
            out[:, m] = np.einsum("fk,k->f", power[:, lo:hi], weights)


class MelStream:
    """:func:`mel_power` of float samples fed in pieces, the same rows as of them all at once;
    only the samples of frames not yet complete are kept between pieces.

    >>> import numpy as np
    >>> x = np.random.default_rng(1).standard_normal(22050).astype(np.float32)
    >>> s = MelStream(22050)
    >>> for piece in np.split(x, [5, 700, 9000]):
    ...     s.feed(piece)
    >>> bool(np.array_equal(s.finish(), mel_power(x, 22050)))
    True
    """

    def __init__(self, rate: int, low: float = 100.0, high: float = 6000.0, n_mels: int = N_MELS) -> None:
        import numpy as np

        self.bank = _Bank.of(rate, low, high, n_mels)
        self.n_mels = n_mels
        self.fed = 0  # samples fed so far
        self.kept = np.zeros(0, dtype=np.float32)  # the samples from ``kept_from`` on
        self.kept_from = 0
        self.rows: list[Any] = []  # each piece's frames' power
        self.done = 0  # frames worked out

    def feed(self, x: Any) -> None:
        """The next float samples."""
        import numpy as np

        x = np.asarray(x, dtype=np.float32)
        buf = np.concatenate([self.kept, x])
        self.fed += int(x.shape[0])
        n = n_frames(self.fed, self.bank.rate)
        if n > self.done:
            out = np.empty((n - self.done, self.n_mels), dtype=np.float32)
            for a in range(self.done, n, BLOCK):
                b = min(n, a + BLOCK)
                self.bank.power(self.bank.frames(buf, a, b, self.kept_from), out[a - self.done : b - self.done])
            self.rows.append(out)
            self.done = n
        keep_from = int(self.bank.starts(n, n + 1)[0])  # the next frame's first sample
        self.kept = buf[keep_from - self.kept_from :].copy()
        self.kept_from = keep_from

    def finish(self) -> Any:
        """Every complete frame's power, one row per 10 ms frame (float32)."""
        import numpy as np

        return np.concatenate(self.rows) if self.rows else np.zeros((0, self.n_mels), dtype=np.float32)


def loudness(power: Any) -> float:
    """The power of a loud frame (95th percentile of the frame totals)."""
    import numpy as np

    return float(np.percentile(power.sum(axis=1), 95)) if power.shape[0] else 1.0


def local_loudness(level_db: Any, seconds: float) -> Any:
    """Per frame, the level (dB) of the loud frames within +-``seconds``: the 95th percentile of
    each 1 s block, and of those within reach that are not pauses (at most
    :data:`LOCAL_GUARD_DB` under the whole signal's loud frames, :func:`loudness`) the 80th
    percentile; the whole signal's where no such block is within reach.  A stretch of a quiet
    speaker flanked by loud ones takes its own level; a pause or a short loud noise does not
    move it."""
    import numpy as np

    n = level_db.shape[0]
    if n == 0:
        return level_db
    block = 100
    full = n // block
    level = level_db.astype(np.float64)
    blocks = np.percentile(level[: full * block].reshape(full, block), 95, axis=1) if full else np.zeros(0)
    if n > full * block:
        blocks = np.append(blocks, np.percentile(level[full * block :], 95))
    whole = float(np.percentile(level, 95))
    blocks[blocks < whole - LOCAL_GUARD_DB] = np.nan
    reach = max(1, int(seconds))
    edge = np.full(reach, np.nan)
    # the 80th percentile of the blocks within reach that are not pauses (NaN sorts last)
    win = np.sort(np.lib.stride_tricks.sliding_window_view(np.concatenate([edge, blocks, edge]), 2 * reach + 1), axis=1)
    k = (~np.isnan(win)).sum(axis=1)
    pos = 0.8 * np.maximum(k - 1, 0)
    lo = np.floor(pos).astype(np.int64)
    hi = np.minimum(lo + 1, np.maximum(k - 1, 0))
    a, b = np.take_along_axis(win, lo[:, None], 1)[:, 0], np.take_along_axis(win, hi[:, None], 1)[:, 0]
    local = np.where(k > 0, a + (pos - lo) * (b - a), whole)
    out: Any = local[np.arange(n) // block]
    return out


def beat_strength(power: Any, window: int = 300, lags: tuple[int, int] = (25, 100), hop: int = 10) -> Any:
    """Per 10 ms frame, how steadily the sound around it repeats itself at a musical beat: the
    highest normalised autocorrelation, at a lag of ``lags`` frames (250 ms - 1 s), of the onset
    envelope (the rise of the log mel bands from frame to frame, less its 210 ms moving mean) over
    the ``window`` frames (3 s) centred on it, worked out every ``hop`` frames.  Music with a beat
    lies at 0.35-0.7; speech, whose syllables do not keep time, at 0.15 (99 % of its frames under
    0.30 on the real-speech sets, clean, in noise and under music).

    >>> import numpy as np
    >>> t = np.arange(2000)
    >>> beat = np.where(t % 50 < 3, 1.0, 1e-3)[:, None] * np.ones((1, 40))  # a click every 500 ms
    >>> rng = np.random.default_rng(0)
    >>> talk = np.exp(rng.normal(0, 2, (2000, 40)))  # no rhythm
    >>> float(beat_strength(beat)[1000]) > 0.8, float(beat_strength(talk)[1000]) < 0.3
    (True, True)
    """
    import numpy as np

    n = power.shape[0]
    out = np.zeros(n, dtype=np.float32)
    if n < window:
        return out
    level = np.log(power.astype(np.float64) + 1e-10)
    flux = np.maximum(np.diff(level, axis=0, prepend=level[:1]), 0.0).sum(axis=1)
    flux -= np.convolve(flux, np.ones(21) / 21, mode="same")
    starts = np.arange(0, n - window + 1, hop)
    size = 1 << int(2 * window - 1).bit_length()
    strength = np.empty(starts.shape[0])
    for a in range(0, starts.shape[0], 1024):  # a block of windows at a time: memory stays small
        x = np.lib.stride_tricks.sliding_window_view(flux, window)[starts[a : a + 1024]]
        x = x - x.mean(axis=1, keepdims=True)
        ac = np.fft.irfft(np.abs(np.fft.rfft(x, size, axis=1)) ** 2, size, axis=1)
        strength[a : a + 1024] = ac[:, lags[0] : lags[1]].max(axis=1) / np.maximum(ac[:, 0], 1e-9)
    centre = starts + window // 2
    out[:] = np.interp(np.arange(n), centre, strength)
    return out


def noise_profile(power: Any, share: float = 0.1) -> Any:
    """Mean mel power of the quietest ``share`` of frames: the recording's background."""
    import numpy as np

    if power.shape[0] == 0:
        return np.zeros(power.shape[1], dtype=np.float32)
    total = power.sum(axis=1)
    quiet = total <= np.percentile(total, 100 * share)
    return power[quiet].mean(axis=0)


def matched(synth: Any, real: Any) -> Any:
    """Synthetic mel power with the real recording's background added at the same distance below speech.

    Pauses in eSpeak NG's output are digital silence; in a recording they are room
    noise, hiss or noise mixed in.  Adding the real background (scaled to the synthetic
    voice's level) makes the two pauses, and noisy speech, alike.
    """
    scale = loudness(synth) / max(loudness(real), 1e-12)
    return synth + noise_profile(real)[None, :] * scale


def mfcc_from_power(
    power: Any,
    *,
    n_ceps: int = 13,
    keep_c0: bool = False,
    deltas: bool = False,
    floor_db: float | None = None,
    normalise: bool = True,
    sliding_s: float | None = None,
) -> FloatArray:
    """MFCCs from mel power (c1..c12 by default, c0 = log level), optional deltas, normalised per signal.

    The power is floored ``floor_db`` below the loud frames first, so near-digital
    silence becomes one steady spectrum instead of the log of numerical noise.
    """
    import numpy as np

    floor_db = FLOOR_DB if floor_db is None else floor_db
    n_mels = power.shape[1]
    sliding_s = SLIDING_S if sliding_s is None else sliding_s
    level = 10.0 * np.log10(power.sum(axis=1) + 1e-12)
    loud_db = local_loudness(level, sliding_s) if sliding_s and LOCAL_LOUD else None
    if loud_db is not None:
        floor: Any = (10 ** ((loud_db - floor_db) / 10) / n_mels).astype(np.float32)[:, None]
    else:
        floor = np.float32(max(loudness(power), 1e-12) * 10 ** (-floor_db / 10) / n_mels)
    dct = _dct(n_mels, n_ceps)

    def cepstra(a: int, b: int) -> Any:  # frames a..b-1: the log mel power (floored) through the DCT
        return np.einsum("fm,mc->fc", np.log(power[a:b] + (floor if floor.ndim == 0 else floor[a:b])), dct)

    c = by_rows(power.shape[0], cepstra)
    if not keep_c0:
        c = c[:, 1:]
    if normalise and sliding_s:
        mask = active(level) if loud_db is None else level > loud_db - ACTIVE_DB
        c = sliding_cmvn(c, mask, sliding_s)
    elif normalise:
        c = cmvn(c, active(level))
    if deltas:
        d = deltas_of(c)
        c = np.concatenate([c, d / np.maximum(d.std(axis=0, keepdims=True), 1e-5)], axis=1)
    out: FloatArray = c.astype(np.float32)
    return out


def mfcc(
    x: Any,
    rate: int,
    *,
    low: float = 100.0,
    high: float = 6000.0,
    **kw: Any,
) -> FloatArray:
    """MFCCs of float samples ``x`` (see :func:`mfcc_from_power` for the options)."""
    return mfcc_from_power(mel_power(x, rate, low, high), **kw)


def sliding_cmvn(c: Any, mask: Any, seconds: float) -> Any:
    """Mean and variance normalisation with statistics of the ``mask`` frames within +-``seconds``.

    A file whose speaker, channel or level changes is normalised piece by piece;
    statistics come from 1 s blocks (cumulative sums), so the cost is linear.
    """
    import numpy as np

    n, dim = c.shape
    if n == 0:
        return c
    block = 100
    m = -(-n // block)
    pad = m * block - n
    w = np.concatenate([mask.astype(np.float64), np.zeros(pad)]).reshape(m, block)
    cnt = w.sum(axis=1)

    def sums(a: int, b: int) -> Any:  # blocks a..b-1: the masked sums of c and of c squared
        x = c[a * block : b * block].astype(np.float64)
        if x.shape[0] < (b - a) * block:
            x = np.concatenate([x, np.zeros(((b - a) * block - x.shape[0], dim))])
        x = x.reshape(b - a, block, dim)
        wb = w[a:b, :, None]
        return np.concatenate([(x * wb).sum(axis=1), (x * x * wb).sum(axis=1)], axis=1)

    both = by_rows(m, sums, ROWS // block)
    s1, s2 = both[:, :dim], both[:, dim:]
    reach = max(1, int(seconds))

    def window(a: Any) -> Any:
        cs = np.concatenate([np.zeros((1, *a.shape[1:])), np.cumsum(a, axis=0)])
        hi = np.minimum(np.arange(m) + reach + 1, m)
        lo = np.maximum(np.arange(m) - reach, 0)
        return cs[hi] - cs[lo]

    wc, w1, w2 = window(cnt[:, None]), window(s1), window(s2)
    # blocks with too few speech frames around borrow the whole signal's statistics
    tot_c, tot_1, tot_2 = cnt.sum(), s1.sum(axis=0), s2.sum(axis=0)
    if tot_c < 10:
        tot_c, tot_1, tot_2 = float(n), c.sum(axis=0), (c.astype(np.float64) ** 2).sum(axis=0)
    few = wc[:, 0] < 300
    wc[few], w1[few], w2[few] = tot_c, tot_1, tot_2
    mu = w1 / wc
    sd = np.sqrt(np.maximum(w2 / wc - mu * mu, 1e-10))

    def normalised(a: int, b: int) -> Any:
        idx = np.arange(a, b) // block
        return ((c[a:b] - mu[idx]) / sd[idx]).astype(np.float32)

    return by_rows(n, normalised)


def by_rows(n: int, part: Callable[[int, int], Any], rows: int | None = None) -> Any:
    """``part(0, n)`` worked out ``rows`` (:data:`ROWS`) rows at a time into one array: the
    temporaries of a step over every frame (float64 copies, the log of the mel power) are a
    block's, not the whole signal's.

    >>> import numpy as np
    >>> x = np.arange(10.0)
    >>> by_rows(10, lambda a, b: x[a:b] * 2, rows=3).tolist() == (x * 2).tolist()
    True
    """
    import numpy as np

    step = ROWS if rows is None else max(1, rows)
    first = part(0, min(n, step))
    if n <= step:
        return first
    out = np.empty((n, *first.shape[1:]), dtype=first.dtype)
    out[: first.shape[0]] = first
    for a in range(step, n, step):
        out[a : a + step] = part(a, min(n, a + step))
    return out


def deltas_of(c: Any, reach: int = 2) -> Any:
    """Regression deltas of ``c`` over +-``reach`` frames (unscaled)."""
    import numpy as np

    n = c.shape[0]
    if n < 2:
        return np.zeros_like(c)
    padded = np.concatenate([np.repeat(c[:1], reach, axis=0), c, np.repeat(c[-1:], reach, axis=0)])
    d = np.zeros_like(c)
    for k in range(1, reach + 1):
        d += k * (padded[reach + k : reach + k + n] - padded[reach - k : reach - k + n])
    return d


def active(level_db: Any, below_db: float | None = None) -> Any:
    """Frames whose power (dB) is within ``below_db`` of the loud frames' (speech, not pauses)."""
    import numpy as np

    below_db = ACTIVE_DB if below_db is None else below_db
    if level_db.shape[0] == 0:
        return np.zeros(0, dtype=bool)
    mask: Any = level_db > float(np.percentile(level_db, 95)) - below_db
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

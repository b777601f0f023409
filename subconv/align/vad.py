"""Language-free speech detection on frame features.

Log energy in the 300-3400 Hz band is compared with an adaptive noise floor
(a low percentile over blocks of a few seconds); frames well above it are
speech.  Short gaps are bridged (hangover), blips dropped, and segments whose
spectrum barely changes (sustained tones, hum, music-like notes) are rejected:
speech changes its spectrum every few tens of milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .audio import FRAME_MS, Features, numpy_module

#: A pause shorter than this (ms) does not split speech.
MIN_PAUSE_MS = 150
#: Speech shorter than this (ms) is dropped as a click.
MIN_SPEECH_MS = 80
#: Speech starts this fraction of (loud speech - floor) above the floor (clipped to 5-12 dB) ...
MARGIN_FRACTION = 0.3
#: ... and continues down to this (dB) above the floor (hysteresis).
LOW_MIN = 2.5
#: Frames of energy smoothing.
SMOOTH = 3
#: Hangover: speech is extended by this much (ms) at its end.
HANGOVER_MS = 30
#: Mean spectral flux (dB) under which a loud segment is a tone, not speech (0.25 dB less when faint).
MIN_FLUX_DB = 0.95


@dataclass(frozen=True)
class Pause:
    """A place where one cue may end and the next begin.

    ``start``/``end`` in ms (``start == end`` for a dip inside speech);
    ``depth``: for a dip, how far (dB) the energy falls below its surroundings.
    """

    start: int
    end: int
    depth: float = 0.0

    @property
    def length(self) -> int:
        """Length of the pause in ms (0 for a dip)."""
        return self.end - self.start


@dataclass(frozen=True)
class SpeechMap:
    """Speech segments of a track plus the pauses and dips between/inside them."""

    segments: tuple[tuple[int, int], ...]
    pauses: tuple[Pause, ...]
    duration_ms: int
    speech_frames: Any  # numpy bool array, one per 10 ms frame

    @property
    def speech_ms(self) -> int:
        """Total detected speech in ms."""
        return sum(e - s for s, e in self.segments)


def true_runs(mask: Any) -> list[tuple[int, int]]:
    """Each maximal run ``i .. j-1`` of True in the boolean array ``mask``."""
    np = numpy_module()
    m = np.concatenate([[False], mask.astype(bool), [False]])
    d = np.diff(m.astype(np.int8))
    starts = np.flatnonzero(d == 1)
    ends = np.flatnonzero(d == -1)
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def noise_floor(energy: Any, block: int = 300) -> Any:
    """Per-frame noise floor (dB): 10th percentile over 3 s blocks, smoothed over ~15 s."""
    np = numpy_module()
    n = energy.shape[0]
    nb = max(1, -(-n // block))
    pad = np.full(nb * block, np.nan, dtype=np.float32)
    pad[:n] = energy
    lows = np.nanpercentile(pad.reshape(nb, block), 10, axis=1)
    k = 2
    sm = np.array(
        [
            np.min(lows[max(0, i - k) : i + k + 1]) * 0.5 + np.median(lows[max(0, i - k) : i + k + 1]) * 0.5
            for i in range(nb)
        ]
    )
    centers = (np.arange(nb) + 0.5) * block
    return np.interp(np.arange(n), centers, sm).astype(np.float32)


def detect_speech(feats: Features) -> SpeechMap:
    """Find speech segments, pauses and internal dips in ``feats``.

    Segments and pauses are in ms; a pause is the gap between two segments.
    """
    np = numpy_module()
    e = feats.energy
    n = e.shape[0]
    if n == 0:
        return SpeechMap((), (), feats.duration_ms, np.zeros(0, dtype=bool))
    rel, margin = _relative_energy(e)
    active = _hysteresis(rel, margin)
    min_pause = MIN_PAUSE_MS // FRAME_MS
    _bridge_short_gaps(active, min_pause)
    merged = _merge_close(_speech_segments(active, rel, feats.flux), min_pause)
    speech = np.zeros(n, dtype=bool)
    for s, t in merged:
        speech[s:t] = True
    seg_ms = tuple((s * FRAME_MS, t * FRAME_MS) for s, t in merged)
    return SpeechMap(seg_ms, _pauses(e, merged, feats.duration_ms), feats.duration_ms, speech)


def _relative_energy(e: Any) -> tuple[Any, float]:
    """Smoothed energy above the local noise floor per frame, and the speech margin (dB) for ``e``."""
    np = numpy_module()
    floor = noise_floor(e)
    peak = float(np.percentile(e, 97))
    med_floor = float(np.median(floor))
    margin = float(np.clip(MARGIN_FRACTION * (peak - med_floor), 5.0, 12.0))
    rel = np.convolve(e - floor, np.ones(SMOOTH, dtype=np.float32) / SMOOTH, mode="same")
    return rel, margin


def _hysteresis(rel: Any, margin: float) -> Any:
    """Active frames: runs above the low threshold that somewhere rise above ``margin``.

    Speech starts above floor + margin and continues above floor + low.
    """
    np = numpy_module()
    low = max(LOW_MIN, margin / 2.5)
    high_runs = rel > margin
    keep = np.zeros(rel.shape[0], dtype=bool)
    for s, t in true_runs(rel > low):
        if high_runs[s:t].any():
            keep[s:t] = True
    return keep


def _bridge_short_gaps(active: Any, min_pause: int) -> None:
    """Mark inner gaps shorter than ``min_pause`` frames as active, in place."""
    n = active.shape[0]
    for s, t in true_runs(~active):
        if t - s < min_pause and s > 0 and t < n:
            active[s:t] = True


def _speech_segments(active: Any, rel: Any, flux: Any) -> list[tuple[int, int]]:
    """Active runs long enough to be speech, not tones, extended by the hangover (frames)."""
    np = numpy_module()
    n = active.shape[0]
    hang = HANGOVER_MS // FRAME_MS
    segs: list[tuple[int, int]] = []
    for s, t in true_runs(active):
        if t - s < MIN_SPEECH_MS // FRAME_MS:
            continue
        if t - s >= 20:
            # tones are only told apart from speech when they stand well above the noise
            snr = float(np.mean(rel[s:t]))
            w = min(1.0, max(0.0, (snr - 6.0) / 10.0))
            if float(np.mean(flux[s:t])) < MIN_FLUX_DB - 0.25 * (1.0 - w):
                continue
        segs.append((s, min(n, t + hang)))
    return segs


def _merge_close(segs: list[tuple[int, int]], min_pause: int) -> list[tuple[int, int]]:
    """Join segments separated by less than ``min_pause`` frames."""
    merged: list[tuple[int, int]] = []
    for s, t in segs:
        if merged and s - merged[-1][1] < min_pause:
            merged[-1] = (merged[-1][0], t)
        else:
            merged.append((s, t))
    return merged


def _pauses(e: Any, merged: list[tuple[int, int]], duration_ms: int) -> tuple[Pause, ...]:
    """The pauses (ms) before, between and after the speech segments, with the dips inside them."""
    pauses: list[Pause] = []
    prev_end = 0
    for s, t in merged:
        if s > prev_end or not pauses:
            pauses.append(Pause(prev_end * FRAME_MS, s * FRAME_MS))
        pauses.extend(_dips(e, s, t))
        prev_end = t
    pauses.append(Pause(prev_end * FRAME_MS, max(prev_end * FRAME_MS, duration_ms)))
    return tuple(pauses)


def _dips(e: Any, s: int, t: int) -> list[Pause]:
    """Low-energy points inside the speech segment [s, t) (frames), as zero-length pauses."""
    np = numpy_module()
    if t - s < 120:
        return []
    x = e[s:t]
    k = 5
    sm = np.convolve(x, np.ones(k, dtype=np.float32) / k, mode="same")
    w = 25  # +-250 ms
    out: list[Pause] = []
    last = -(10**9)
    from numpy.lib.stride_tricks import sliding_window_view

    padded = np.pad(sm, (w, w), mode="edge")
    win = sliding_window_view(padded, 2 * w + 1)
    lo = win.min(axis=1)
    is_min = sm <= lo + 1e-6
    cand = np.flatnonzero(is_min)
    for c in cand.tolist():
        if c < 20 or c > (t - s) - 20 or c - last < 30:
            continue
        lm = float(sm[max(0, c - w) : c].max())
        rm = float(sm[c + 1 : c + w + 1].max())
        depth = min(lm, rm) - float(sm[c])
        if depth >= 6.0:
            out.append(Pause((s + c) * FRAME_MS, (s + c) * FRAME_MS, depth))
            last = c
    return out

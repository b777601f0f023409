"""Banded dynamic time warping, many problems at once (numpy).

Rows are frames of the real audio, columns frames of the synthetic speech.  Each
real frame is matched to exactly one synthetic frame; from one real frame to the
next the synthetic index advances by 0 (a stall: a pause, a breath or speech
nobody captioned), 1, 2 or up to ``max_step`` (the real voice is faster: a fast
talker, spliced pauses), at small extra costs for 0 and per frame jumped over, which
is paid for too.
The local cost is the squared distance of the two feature vectors per dimension,
capped (so music, noise or uncaptioned speech costs at most the cap
wherever it goes).  Begin and end are open inside the band.

Each problem only looks at ``width`` synthetic frames per row, starting at a
per-row lower bound ``lo`` (non-decreasing): time and memory are O(rows x width).
A batch of problems of equal length runs in lockstep, one numpy step per row, so
thousands of short windows cost as many Python iterations as one.

>>> import numpy as np
>>> s = np.repeat(np.eye(3, dtype=np.float32), 2, axis=0)  # frames a a b b c c
>>> r = np.repeat(np.eye(3, dtype=np.float32), [1, 4, 1], axis=0)  # a b b b b c
>>> lo = np.zeros((1, 6), dtype=np.int64)
>>> path, cost = band_dtw(r[None], s, lo, 6)
>>> path[0].tolist()
[1, 2, 3, 3, 3, 4]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    FloatArray = npt.NDArray[np.float32]
else:
    IntArray = Any
    FloatArray = Any

INF = 1e30
#: Extra cost of a stall (the synthetic index stays) and per extra frame of a skip (it advances by 2 or more).
STALL = 0.4
SKIP = 0.15
#: The synthetic index advances by at most this many frames per real frame.
MAX_STEP = 2
#: A local cost never exceeds this (robustness to noise, music and speech nobody captioned).
CAP = 3.0
#: A stall costs at most this per real frame, whatever the match: real frames with no
#: counterpart (noise, music, speech nobody captioned) wait on one synthetic frame.
GARBAGE = 2.5


def band_dtw(
    real: Any,
    synth: Any,
    lo: Any,
    width: int,
    *,
    stall: float | None = None,
    skip: float | None = None,
    max_step: int | None = None,
    cap: float | None = None,
    garbage: float | None = None,
    edge: Any = 0.0,
    stall_weight: Any = None,
    skip_pay: Any = None,
    nonspeech: Any = None,
) -> tuple[IntArray, FloatArray]:
    """Align a batch of real windows to one synthetic signal inside bands.

    ``real``: (B, L, D) features; ``synth``: (N, D); ``lo``: (B, L) first synthetic
    frame of each row's band (non-decreasing per problem, ``0 <= lo <= N - width``).
    ``stall_weight``: (B, L) factor on the stall cost per real frame (0 for a pause:
    waiting through silence is free).  ``edge``: cost per synthetic frame left unmatched before
    the first and after the last real frame (0: open begin and end); a pair of (B,) arrays
    gives each problem its own begin and end costs.  Returns the synthetic frame matched to
    every real frame (B, L) and the local cost of each match (B, L).
    """
    import numpy as np

    stall_cost = STALL if stall is None else stall
    skip_cost = SKIP if skip is None else skip
    cap_cost = CAP if cap is None else cap
    garbage_cost = np.float32(GARBAGE if garbage is None else garbage)
    nb, n_rows, dim = real.shape
    if isinstance(edge, tuple):
        edge_begin = np.asarray(edge[0], dtype=np.float32)[:, None]
        edge_end = np.asarray(edge[1], dtype=np.float32)[:, None]
    else:
        edge_begin = edge_end = np.full((nb, 1), edge, dtype=np.float32)
    n_syn = synth.shape[0]
    width = min(width, n_syn)
    lo = np.clip(np.asarray(lo, dtype=np.int64), 0, max(0, n_syn - width))
    cols = np.arange(width, dtype=np.int64)
    back = np.empty((n_rows, nb, width), dtype=np.int8)
    scale = np.float32(1.0 / dim)
    steps = (MAX_STEP if max_step is None else max_step) + 1
    penalties = np.array([stall_cost, 0.0, *[skip_cost * (k - 1) for k in range(2, steps)]], dtype=np.float32)
    penalties = penalties[:, None, None]
    acc = np.zeros((nb, width), dtype=np.float32)
    rows = np.arange(nb)[:, None]
    for t in range(n_rows):
        band = synth[lo[:, t, None] + cols[None, :]]  # (B, W, D)
        diff = band - real[:, t, None, :]
        c = np.minimum(np.einsum("bwd,bwd->bw", diff, diff) * scale, cap_cost)
        if nonspeech is not None and skip_pay is not None:
            quiet = nonspeech[:, t, None]
            c = np.where(quiet, skip_pay[lo[:, t, None] + cols[None, :]] * np.float32(cap_cost), c)
        if t == 0:
            acc = (c + edge_begin * (lo[:, :1] + cols[None, :])).astype(np.float32)
            back[0] = 1
            continue
        shift = (lo[:, t] - lo[:, t - 1])[:, None]
        cand = np.full((steps, nb, width), INF, dtype=np.float32)
        for k in range(steps):
            idx = cols[None, :] + shift - k
            ok = (idx >= 0) & (idx < width)
            vals = acc[rows, np.clip(idx, 0, width - 1)]
            cand[k] = np.where(ok, vals, INF)
        cand += penalties
        if stall_weight is not None:
            cand[0] += (stall_weight[:, t, None] - 1.0) * penalties[0]
        if nonspeech is not None:
            cand[0] -= nonspeech[:, t, None] * penalties[0]
        # the synthetic frame jumped over by a skip is paid for too (every synthetic frame is explained)
        paid = c if skip_pay is None else c * skip_pay[lo[:, t, None] + cols[None, :]]
        jumped = np.zeros_like(paid)
        for k in range(2, steps):
            jumped[:, k - 1 :] += paid[:, : width - k + 1]
            cand[k, :, k - 1 :] += jumped[:, k - 1 :]
        # a stall may count the real frame as unmatched (noise, music, speech nobody captioned)
        cand[0] += np.minimum(c, garbage_cost) - c
        k_best = np.argmin(cand, axis=0)
        acc = np.take_along_axis(cand, k_best[None], axis=0)[0] + c
        back[t] = k_best.astype(np.int8)
    # backtrack from the cheapest cell of the last row (open end)
    w = np.argmin(acc + edge_end * (n_syn - 1 - lo[:, -1:] - cols[None, :]), axis=1)
    path = np.empty((nb, n_rows), dtype=np.int64)
    bidx = np.arange(nb)
    for t in range(n_rows - 1, -1, -1):
        path[:, t] = lo[:, t] + w
        if t:
            k = back[t, bidx, w].astype(np.int64)
            w = np.clip(w + lo[:, t] - lo[:, t - 1] - k, 0, width - 1)
    diff = synth[path] - real
    cost = np.minimum(np.einsum("bld,bld->bl", diff, diff) * scale, cap_cost)
    return path, cost


def windows(
    real: Any,
    synth: Any,
    centre: Any,
    half_width: int,
    *,
    core: int,
    margin: int,
    edge: float = 0.0,
    **kw: Any,
) -> tuple[IntArray, FloatArray]:
    """Align all of ``real`` (N, D) to ``synth`` in overlapping windows around a guide path.

    ``centre``: for every real frame, the synthetic frame a coarser pass matched it to.
    Windows of ``core + 2*margin`` rows, solved as one batch; each keeps its core.
    Window begins and ends are open, except at the file's first and last rows, where each
    synthetic frame left unmatched costs ``edge`` (so the first window cannot skip the first
    words for free).
    Returns the synthetic frame per real frame (non-decreasing) and the local costs.
    """
    import numpy as np

    n = real.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    length = min(core + 2 * margin, n)
    cores = np.arange(0, n, core, dtype=np.int64)
    # windows lie inside the file (the first and last ones reach further in, rather than
    # repeating an edge frame, which the open-begin DTW would match to many synthetic frames)
    starts = np.clip(cores - margin, 0, n - length)
    rows = starts[:, None] + np.arange(length)[None, :]
    width = min(2 * half_width + 1, synth.shape[0])
    lo = np.maximum.accumulate(np.asarray(centre, dtype=np.int64)[rows] - half_width, axis=1)
    for key in ("stall_weight", "nonspeech"):
        if kw.get(key) is not None:
            kw[key] = np.asarray(kw[key])[rows]
    ends = (np.where(starts == 0, edge, 0.0), np.where(starts + length >= n, edge, 0.0))
    path_w, cost_w = band_dtw(real[rows], synth, lo, width, edge=ends, **kw)
    # each window keeps the rows of its core: window-local offsets cores - starts
    local = np.minimum((cores - starts)[:, None] + np.arange(core)[None, :], length - 1)
    path = np.take_along_axis(path_w, local, axis=1).reshape(-1)[:n]
    cost = np.take_along_axis(cost_w, local, axis=1).reshape(-1)[:n]
    return np.maximum.accumulate(path), cost

"""Banded dynamic time warping, many problems at once (numpy).

Rows are frames of the real audio, columns frames of the synthetic speech.  Each
real frame is matched to exactly one synthetic frame; from one real frame to the
next the synthetic index advances by 0 (a stall: a pause, a breath or speech
nobody captioned), 1, 2 or up to ``max_step`` (the real voice is faster: a fast
talker, spliced pauses), at small extra costs for 0 and per frame jumped over, which
is paid for too; or it leaps over a whole stretch where the caller allows (``leap_from``: a
caption nobody speaks), at the caller's price instead.
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

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    FloatArray = npt.NDArray[np.float32]
else:
    IntArray = Any
    FloatArray = Any

from ._features import by_rows
from ._parallel import Pending, can_fork

T = TypeVar("T")

INF = 1e30
#: A single long problem (a global pass of AHEAD_MIN_ROWS rows or more) has its local costs worked
#: out in a thread, a block of rows at a time (AHEAD_CELLS feature values: small enough to stay in
#: the processor's cache), one block ahead of the rows being solved.  Measured on the hour's global
#: pass (3 519 frames of 26 values a row): 3.2 s without the thread, 2.1 s at 8 rows a block, 2.0 s
#: at 12 or 16, 3.2 s at 24 (they no longer fit); the 12-minute set's (703 frames): 0.34 s without,
#: 0.25 s at 24 to 48 rows.
AHEAD_CELLS = 1 << 20
AHEAD_MIN_ROWS = 1000
#: By default the begin and end costs count only the synthetic frames that are speech
#: (``skip_pay``), not the silence around it: a recording whose speech starts at once need not be
#: matched to leading silence (``band_dtw(edge_speech=...)``).
EDGE_SPEECH = True
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
#: Real frames whose matched cost :func:`_matched_cost` works out at a time (a gather of this many
#: synthetic frames and their difference: 0.85 MB each with 26 features).
COST_ROWS = 1 << 13
#: Cells (rows x problems x frames to land on in a band) of leaps worked out at a time (``_Leaps``).
LEAP_BLOCK = 1 << 18
#: :func:`windows` hands half its windows to a child process (on a second core) when each half
#: has at least this many: fewer are too little work per numpy step to pay for the child (at 32,
#: the 12-minute set's 100 ms level, 29 windows, ran on one core: 0.31 s, 0.22 s split).
SPLIT_WINDOWS = 12
#: :func:`windows` keeps each window's path from where it meets the window before's, within half a
#: core of their cores' bound (both begin and end open; the one that began in music or noise
#: strays for seconds), and where they never meet, from the row where switching costs least, a jump
#: paying STITCH_JUMP per frame (see :func:`_switch_rows`).  Cut at the bounds, the two paths
#: joined by a jump of up to several seconds, and the cues jumped over got no time (en-b's fast
#: talker after the music intro, 1-2 s early on four of five mixes).  Measured: see
#: docs/alignment.md, "Windows joined where their paths meet".
STITCH = True
STITCH_JUMP = 0.3


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
    edge_speech: bool = EDGE_SPEECH,
    pause_pay: Any = None,
    leap_from: Any = None,
    leap_pay: Any = None,
    background: Any = None,
    frames: Any = None,
) -> tuple[IntArray, FloatArray]:
    """Align a batch of real windows to one synthetic signal inside bands.

    ``real``: (B, L, D) features; ``synth``: (N, D); ``lo``: (B, L) first synthetic
    frame of each row's band (non-decreasing per problem, ``0 <= lo <= N - width``).
    ``frames``: (B, L) indices into ``real``, then one recording's (M, D) features: problem b's
    row l is ``real[frames[b, l]]`` (overlapping windows over a recording, gathered a row at a
    time rather than copied whole).
    ``stall_weight``: (B, L) factor on the stall cost per real frame (0 for a pause:
    waiting through silence is free).  ``edge``: cost per synthetic frame left unmatched before
    the first and after the last real frame (0: open begin and end; with ``skip_pay`` and
    ``edge_speech``, per frame weighted by ``skip_pay``, so leading and trailing silence is
    free to leave out); a pair of (B,) arrays gives each problem its own begin and end costs.
    ``nonspeech``: (B, L), True for a real frame the speech detector rejects: it costs
    ``pause_pay`` (N,; default ``skip_pay``) times the cap against each synthetic frame, and
    waits without the stall cost (so a pause waits for free where the synthetic speech may pause).
    ``leap_from``: (N,) for a synthetic frame that a leap may land on, the frame it leaps from
    (else -1), at ``leap_pay`` (N,) instead of the jumped frames' costs: a caption nobody speaks
    is left out whole rather than squeezed over the speech of its neighbours.
    ``background``: (B, L), for each real frame the cost of matching it to a synthetic pause
    (``skip_pay`` under 0.5) when that is less than the features' distance: the recording's own
    background (music, noise, room tone) in a pause, rather than the synthetic speech's silence.
    A step over k > 1 synthetic frames pays the local costs (times ``skip_pay``) of the k - 1 it
    jumps over, when they lie in the row's band; one landing fewer than k - 1 frames into the
    band pays none of them (no cost is worked out under the band's start).
    Returns the synthetic frame matched to every real frame (B, L) and the local cost of each
    match (B, L).
    """
    import numpy as np

    cap_cost = np.float32(CAP if cap is None else cap)
    garbage_cost = np.float32(GARBAGE if garbage is None else garbage)
    nb, n_rows, dim = real.shape if frames is None else (*frames.shape, real.shape[1])
    edge_begin, edge_end = _edge_costs(edge, nb)
    n_syn = synth.shape[0]
    width = min(width, n_syn)
    lo = np.clip(np.asarray(lo, dtype=np.int64), 0, max(0, n_syn - width))
    cols = np.arange(width, dtype=np.int64)
    back = np.empty((n_rows, nb, width), dtype=np.int8)
    scale = np.float32(1.0 / dim)
    penalties = _penalties(stall, skip, max_step)
    acc = np.zeros((nb, width), dtype=np.float32)
    # frames (weighted by skip_pay with edge_speech: pauses are free) before each synthetic frame
    weights = np.asarray(skip_pay, dtype=np.float64) if edge_speech and skip_pay is not None else np.ones(n_syn)
    before = np.concatenate([[0.0], np.cumsum(weights)])
    leaps = _Leaps(leap_from, leap_pay, lo, width, penalties.shape[0]) if leap_from is not None else None
    pause_frame = skip_pay < 0.5 if background is not None and skip_pay is not None else None
    # each band's synthetic frames (and their per-frame arguments) are a view's row: bands_x[lo]
    synth_b = _bands(synth, width)
    pay_b = None if skip_pay is None else _bands(skip_pay, width)
    pause_pay_b = None if pause_pay is None else _bands(pause_pay, width)
    pause_frame_b = None if pause_frame is None else _bands(pause_frame, width)

    def local(t: int, u: int) -> list[tuple[Any, Any]]:  # rows t..u-1's local costs, and skip_pay over their bands
        at = lo[:, t:u]  # the first synthetic frame of each problem's band
        c = _local_cost(synth_b[at], _rows(real, frames, t, u)[:, :, None, :], scale, cap_cost)
        pay = None if pay_b is None else pay_b[at]
        if nonspeech is not None and pay is not None:
            c = np.where(nonspeech[:, t:u, None], (pay if pause_pay_b is None else pause_pay_b[at]) * cap_cost, c)
        if pause_frame_b is not None:
            c = np.where(pause_frame_b[at], np.minimum(c, background[:, t:u, None]), c)
        return [(c[:, i], None if pay is None else pay[:, i]) for i in range(u - t)]

    block = max(2, AHEAD_CELLS // (width * dim)) if nb == 1 and n_rows >= AHEAD_MIN_ROWS else 1
    for t, (c, pay) in enumerate(_ahead(local, n_rows, block)):
        if t == 0:
            acc = (c + edge_begin * before[lo[:, :1] + cols[None, :]]).astype(np.float32)
            back[0] = 1
            continue
        cand = _predecessors(acc, lo[:, t] - lo[:, t - 1], penalties)
        if stall_weight is not None:
            cand[0] += (stall_weight[:, t, None] - 1.0) * penalties[0]
        if nonspeech is not None:
            cand[0] -= nonspeech[:, t, None] * penalties[0]
        # the synthetic frame jumped over by a skip is paid for too (every synthetic frame is explained)
        _pay_jumped(cand, c if pay is None else c * pay)
        # a stall may count the real frame as unmatched (noise, music, speech nobody captioned)
        cand[0] += np.minimum(c, garbage_cost) - c
        best, k_best = _least(cand)
        if leaps is not None:
            leaps.take(t, acc, best, k_best)
        acc = best + c
        back[t] = k_best
    # backtrack from the cheapest cell of the last row (open end)
    at_end = lo[:, -1:] + cols[None, :]
    last = np.argmin(acc + edge_end * (before[-1] - before[at_end + 1]), axis=1)
    path = _backtrack(back, lo, last, width, None if leaps is None else (leaps.code, leap_from))
    return path, _matched_cost(synth, path, real, scale, cap_cost, frames=frames)


def _ahead(make: Callable[[int, int], list[T]], n: int, block: int) -> Iterator[T]:
    """The items ``make(a, b)`` lists for rows a..b-1, for rows 0..n-1 in order, ``block`` rows at a
    time; with more than one, each block is worked out in a thread while the caller takes the
    one before (numpy lets go of the interpreter inside its large steps)."""
    if block == 1:
        for t in range(n):
            yield from make(t, t + 1)
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        nxt = pool.submit(make, 0, min(n, block))
        for a in range(0, n, block):
            here = nxt.result()
            if a + block < n:
                nxt = pool.submit(make, a + block, min(n, a + 2 * block))
            yield from here


def _bands(x: Any, width: int, axis: int = 0) -> Any:
    """Every run of ``width`` consecutive entries of ``x`` along ``axis`` as a read-only view, that
    axis replaced by two (N - width + 1, width): along the first axis, the rows of a band starting
    at frame ``a`` are ``_bands(x, width)[a]``.

    >>> import numpy as np
    >>> _bands(np.arange(5), 3)[[0, 2]].tolist()
    [[0, 1, 2], [2, 3, 4]]
    >>> _bands(np.arange(8).reshape(2, 4), 3, axis=1)[1, 1].tolist()
    [5, 6, 7]
    """
    import numpy as np
    from numpy.lib.stride_tricks import as_strided

    x = np.ascontiguousarray(x)
    shape = (*x.shape[:axis], x.shape[axis] - width + 1, width, *x.shape[axis + 1 :])
    strides = (*x.strides[:axis], x.strides[axis], x.strides[axis], *x.strides[axis + 1 :])
    return as_strided(x, shape, strides, writeable=False)


def _edge_costs(edge: Any, nb: int) -> tuple[Any, Any]:
    """The begin and end costs per unmatched synthetic frame of each of ``nb`` problems, as (B, 1)."""
    import numpy as np

    if isinstance(edge, tuple):
        return np.asarray(edge[0], dtype=np.float32)[:, None], np.asarray(edge[1], dtype=np.float32)[:, None]
    both = np.full((nb, 1), edge, dtype=np.float32)
    return both, both


def _penalties(stall: float | None, skip: float | None, max_step: int | None) -> Any:
    """The extra cost of each step (0: a stall, 1: one frame on, k: k - 1 frames jumped), as (K, 1, 1)."""
    import numpy as np

    stall_cost = STALL if stall is None else stall
    skip_cost = SKIP if skip is None else skip
    steps = (MAX_STEP if max_step is None else max_step) + 1
    penalties = np.array([stall_cost, 0.0, *[skip_cost * (k - 1) for k in range(2, steps)]], dtype=np.float32)
    return penalties[:, None, None]


def _rows(real: Any, frames: Any, t: int, u: int) -> Any:
    """Rows t..u-1 of every problem, (B, u - t, D): of ``real`` (B, L, D), or gathered by ``frames``."""
    return real[:, t:u] if frames is None else real[frames[:, t:u]]


def _matched_cost(
    synth: Any, path: Any, real: Any, scale: Any, cap: Any, *, frames: Any = None, block: int | None = None
) -> Any:
    """``_local_cost(synth[path], real, ...)``, (B, L), worked out ``block`` (COST_ROWS) real frames
    at a time: the matched synthetic frames are gathered a block at a time, not as a copy of all
    of ``real`` (the windows of a fine pass over an hour: 2 x 75 MB at once before).
    ``frames``: as :func:`band_dtw`'s (``real`` is then one recording's (M, D)).

    >>> import numpy as np
    >>> rng, scale, cap = np.random.default_rng(0), np.float32(0.25), np.float32(3.0)
    >>> real, synth = rng.random((3, 50, 4), dtype=np.float32), rng.random((20, 4), dtype=np.float32)
    >>> path = rng.integers(0, 20, (3, 50))
    >>> whole = _local_cost(synth[path], real, scale, cap)
    >>> bool((_matched_cost(synth, path, real, scale, cap, block=7) == whole).all())
    True
    >>> frames = np.arange(3)[:, None] * 40 + np.arange(50)[None, :]  # three windows over 130 frames
    >>> one = rng.random((130, 4), dtype=np.float32)
    >>> whole = _local_cost(synth[path], one[frames], scale, cap)
    >>> bool((_matched_cost(synth, path, one, scale, cap, frames=frames, block=7) == whole).all())
    True
    """
    flat_path = path.reshape(-1)
    flat_real = real.reshape(-1, real.shape[-1]) if frames is None else real
    flat_frames = None if frames is None else frames.reshape(-1)

    def part(a: int, b: int) -> Any:
        rows = flat_real[a:b] if flat_frames is None else real[flat_frames[a:b]]
        return _local_cost(synth[flat_path[a:b]], rows, scale, cap)

    return by_rows(flat_path.shape[0], part, COST_ROWS if block is None else block).reshape(path.shape)


def _local_cost(synth: Any, real: Any, scale: Any, cap: Any) -> Any:
    """The capped squared distance per dimension of each pair of feature vectors, (..., D) -> (...)."""
    import numpy as np

    diff = synth - real
    return np.minimum(np.einsum("...d,...d->...", diff, diff) * scale, cap)


def _least(cand: Any) -> tuple[Any, Any]:
    """The least of ``cand`` (K, B, W) over its steps and the first step that reaches it (int8),
    as ``cand.min(axis=0)`` and ``np.argmin(cand, axis=0)`` give them (a pass over K rows of
    cells rather than a strided reduction: the same values, four times as fast for a few steps).

    >>> import numpy as np
    >>> best, k = _least(np.array([[[3.0, 1.0, 2.0]], [[3.0, 0.5, 1.0]], [[1.0, 0.5, 2.0]]]))
    >>> best.tolist(), k.tolist()
    ([[1.0, 0.5, 1.0]], [[2, 1, 1]])
    """
    import numpy as np

    # strictly less: a tie keeps the earlier step, as argmin does (K >= 2: a stall and a step on)
    k_best = (cand[1] < cand[0]).view(np.int8)
    best = np.minimum(cand[0], cand[1])
    for k in range(2, cand.shape[0]):
        k_best = np.where(cand[k] < best, np.int8(k), k_best)
        best = np.minimum(best, cand[k])
    return best, k_best


def _predecessors(acc: Any, shift: Any, penalties: Any) -> Any:
    """The cost of reaching each cell by each step (K, B, W), penalties added: ``acc`` is the
    previous row's accumulated cost, ``shift`` (B,) how far each band moved on since that row
    (a cell's column in the previous row's band is its own plus ``shift``).  The previous row is
    padded with INF, so every step's cells are one contiguous slice of it per problem (one
    problem: each step's slice copied straight from ``acc``)."""
    import numpy as np

    steps = penalties.shape[0]
    nb, width = acc.shape
    if nb == 1:
        cand = np.full((steps, 1, width), INF, dtype=np.float32)
        for k in range(steps):
            src = int(shift[0]) - k  # a cell's column in the row before, less its own
            a, b = max(0, -src), min(width, width - src)
            if a < b:
                cand[k, 0, a:b] = acc[0, a + src : b + src]
        cand += penalties
        return cand
    pad = width + steps  # a shift this far either way leaves no cell of the previous band in reach
    padded = np.full((nb, width + 2 * pad), INF, dtype=np.float32)
    padded[:, pad : pad + width] = acc
    start = pad + np.minimum(np.maximum(shift, -pad), pad)  # (B,): where column 0's one-frame step comes from
    view = _bands(padded, width, axis=1)  # (B, 2 * pad + 1, W): every slice of W
    cand = view[np.arange(nb)[None, :], start[None, :] - np.arange(steps)[:, None]]  # (K, B, W), a copy
    cand += penalties
    return cand


class _Leaps:
    """The leaps a pass allows (``band_dtw``'s ``leap_from``, ``leap_pay``) for bands starting at
    ``lo`` (B, L), worked out for a block of rows at a time (at most :data:`LEAP_BLOCK` cells):
    which cell of each row a leap reaches, from which column of the row before, at what cost.
    Sparse: a band holds few frames to land on."""

    def __init__(self, leap_from: Any, leap_pay: Any, lo: Any, width: int, code: int) -> None:
        import numpy as np

        source = np.asarray(leap_from, dtype=np.int64)
        self.land = np.flatnonzero(source >= 0)
        self.source = source[self.land]
        self.leap_pay = np.asarray(leap_pay, dtype=np.float32)[self.land]
        n = self.land.shape[0]
        self.most = int((np.searchsorted(self.land, self.land + width) - np.arange(n)).max()) if n else 0
        self.lo = np.asarray(lo, dtype=np.int64).T  # (L, B)
        self.rows = max(1, LEAP_BLOCK // max(1, self.lo.shape[1] * self.most))
        self.width = width
        self.code = code
        self.first = -self.rows - 1  # the first row of the block worked out (none yet)

    def _block(self, first: int) -> None:
        import numpy as np

        n = self.land.shape[0]
        here = self.lo[first : first + self.rows]
        before = self.lo[first - 1 : first - 1 + here.shape[0]] if first else np.concatenate([here[:1], here[:-1]])
        idx = np.searchsorted(self.land, here)[..., None] + np.arange(self.most)  # (rows, B, most)
        at = np.minimum(idx, n - 1)
        col = self.land[at] - here[..., None]
        src = self.source[at] - before[..., None]
        ok = (idx < n) & (col < self.width) & (src >= 0) & (src < self.width)
        if not first:
            ok[:1] = False  # the first row has no row before it
        rows, self.problem, _ = np.nonzero(ok)
        self.starts = np.searchsorted(rows, np.arange(here.shape[0] + 1)).tolist()
        self.col, self.src, self.pay = col[ok], src[ok], self.leap_pay[at[ok]]
        self.first = first

    def take(self, t: int, acc: Any, best: Any, k_best: Any) -> None:
        """Where a leap from the row before (accumulated costs ``acc``) reaches a cell of row ``t``
        more cheaply than ``best``, take it: ``best`` and ``k_best`` (set to the leap's step
        code) are updated in place."""
        if not self.most:
            return
        if not self.first <= t < self.first + self.rows:
            self._block(t)
        a, z = self.starts[t - self.first], self.starts[t - self.first + 1]
        if z == a:
            return
        b, col = self.problem[a:z], self.col[a:z]
        cost = acc[b, self.src[a:z]] + self.pay[a:z]
        better = cost < best[b, col]
        b, col = b[better], col[better]
        best[b, col] = cost[better]
        k_best[b, col] = self.code


def _pay_jumped(cand: Any, paid: Any) -> None:
    """Add to each skip of ``cand`` the local costs ``paid`` of the synthetic frames it jumps over."""
    import numpy as np

    width = paid.shape[1]
    jumped = np.zeros_like(paid)
    for k in range(2, cand.shape[0]):
        jumped[:, k - 1 :] += paid[:, : width - k + 1]
        cand[k, :, k - 1 :] += jumped[:, k - 1 :]


def _backtrack(back: Any, lo: Any, last: Any, width: int, leap: tuple[int, Any] | None = None) -> IntArray:
    """The synthetic frame of every real frame (B, L), following the steps ``back`` from the band
    columns ``last`` of the last row (``leap``: the step code of a leap and each frame's source)."""
    import numpy as np

    n_rows, nb, _ = back.shape
    if nb == 1:  # one long problem (a global pass): the same steps in plain Python, row by row
        return np.array([_backtrack_one(back[:, 0], lo[0].tolist(), int(last[0]), width, leap)], dtype=np.int64)
    path = np.empty((nb, n_rows), dtype=np.int64)
    bidx = np.arange(nb)
    w = last
    for t in range(n_rows - 1, -1, -1):
        path[:, t] = lo[:, t] + w
        if t:
            k = back[t, bidx, w].astype(np.int64)
            step = w + lo[:, t] - lo[:, t - 1] - k
            if leap is not None:
                step = np.where(k == leap[0], leap[1][path[:, t]] - lo[:, t - 1], step)
            w = np.clip(step, 0, width - 1)
    return path


def _backtrack_one(back: Any, lo: list[int], w: int, width: int, leap: tuple[int, Any] | None) -> list[int]:
    """:func:`_backtrack` of one problem (``back``: (L, W)), from band column ``w`` of the last row."""
    path = [0] * len(lo)
    for t in range(len(lo) - 1, -1, -1):
        path[t] = lo[t] + w
        if t:
            k = int(back[t, w])
            step = w + lo[t] - lo[t - 1] - k
            if leap is not None and k == leap[0]:
                step = int(leap[1][path[t]]) - lo[t - 1]
            w = min(max(step, 0), width - 1)
    return path


#: :func:`band_dtw`'s arguments given per real frame, cut into windows like the frames.
_PER_ROW = ("stall_weight", "nonspeech", "background")


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
    Windows of ``core + 2*margin`` rows, solved as one batch; each keeps about its core, from
    where its path meets the one before (:func:`_switch_rows`).
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
    for key in _PER_ROW:
        if kw.get(key) is not None:
            kw[key] = np.asarray(kw[key])[rows]
    ends = (np.where(starts == 0, edge, 0.0), np.where(starts + length >= n, edge, 0.0))

    def solve(a: int, b: int) -> tuple[IntArray, FloatArray]:  # windows a .. b-1 (each on its own)
        per_window = {k: v[a:b] if k in _PER_ROW and v is not None else v for k, v in kw.items()}
        ends_ab = (ends[0][a:b], ends[1][a:b])
        return band_dtw(real, synth, lo[a:b], width, edge=ends_ab, frames=rows[a:b], **per_window)

    nb = int(starts.shape[0])
    if nb >= 2 * SPLIT_WINDOWS and can_fork():  # the second half of the windows in a child, on the other core
        other = Pending(solve, nb // 2, nb)
        first = solve(0, nb // 2)
        second = other.result()
        path_w, cost_w = np.concatenate([first[0], second[0]]), np.concatenate([first[1], second[1]])
    else:
        path_w, cost_w = solve(0, nb)
    # each window keeps the rows from where its path meets the one before to where it meets the next
    switch = _switch_rows(path_w, cost_w, starts, core)
    owner = np.searchsorted(switch, np.arange(n), side="right") - 1
    local = np.arange(n) - starts[owner]
    path = path_w[owner, local]
    cost = cost_w[owner, local]
    return np.maximum.accumulate(path), cost


def _switch_rows(path_w: Any, cost_w: Any, starts: Any, core: int) -> Any:
    """The first row each window's path (``path_w``, local costs ``cost_w``; windows from rows
    ``starts``, the k-th keeping ``core`` rows from ``k * core``) is kept from (:data:`STITCH`): at each
    bound between two cores, within half a core of it, the row where switching from the one path to
    the other costs least (the local costs either side), among the rows where they meet (at most a
    frame apart) if any, else paying :data:`STITCH_JUMP` per frame they are apart; the nearest such
    row to the bound."""
    import numpy as np

    out = np.arange(int(starts.shape[0]), dtype=np.int64) * core
    if not STITCH:
        return out
    half, length = core // 2, int(path_w.shape[1])
    for j in range(1, int(out.shape[0])):
        c = int(out[j])
        a = max(c - half, int(starts[j]), int(out[j - 1]) + 1)
        b = min(c + half, int(starts[j - 1]) + length)
        if b - a < 2:
            continue
        r = np.arange(a, b)
        ia, ib = r - starts[j - 1], r - starts[j]
        apart = np.abs(path_w[j - 1, ia] - path_w[j, ib]).astype(np.float64)
        # switching at each row: the earlier path's costs before it, less the later one's
        step = cost_w[j - 1, ia].astype(np.float64) - cost_w[j, ib]
        kept = np.cumsum(step) - step
        meet = apart <= 1
        score = np.where(meet, kept, np.inf) if meet.any() else kept + STITCH_JUMP * apart
        best = np.flatnonzero(score <= score.min() + 1e-9)
        out[j] = int(r[best[np.argmin(np.abs(r[best] - c))]])
    return out

"""Monotonic dynamic-programme alignment of cues to detected speech.

Candidates are the pauses between speech segments plus low-energy dips inside
long segments (and, failing those, evenly spaced split points).  Cue ``i``
starts where a candidate pause ends and ends where a later one starts; the next
cue starts at the end of that same pause, or later when speech is skipped
(uncaptioned speech, at a cost).  A cue's cost compares the speech it covers
with its expected length, rewards ending at a long pause and penalises cutting
inside speech.  Each cue is restricted to a band of candidates around a prior
position (expected text length mapped onto speech time, piecewise between
anchors), so the work is O(cues x band x span), not quadratic over an hour.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .audio import FRAME_MS, numpy_module
from .fill import Placement, fill_unfound
from .vad import Pause, SpeechMap

Mode = Literal["place", "sync"]

INF = 1e18
W_DUR = 3.0  # weight of the (log) length mismatch
W_PAUSE = 1.0  # reward for ending at a long pause (capped at PAUSE_CAP ms)
PAUSE_CAP = 600
C_DIP = 0.9  # cost of ending at a dip inside speech (less for deep dips)
C_SPLIT = 1.6  # cost of ending at a forced split point inside speech
W_SKIP = 0.8  # cost per second of speech left to no cue
C_SKIP = 0.4  # fixed cost of skipping
W_GAP = 0.5  # cost per second of silence inside a cue beyond GAP_FREE ms
GAP_FREE = 500
W_SYNC_SPEECH = 1.5  # sync: weight of (speech covered vs original duration)
SYNC_MIN_SPEECH = 150  # sync: a cue covering less speech (ms) counts as not found
C_MAX = 2.5  # a cue with no speech at all costs this much, whatever its length
SPAN = 24  # most candidates one cue may span
BAND_MIN = 60_000  # a cue may land this far (ms) from its prior position ...
BAND_FRACTION = 0.25  # ... or this fraction of the media, whichever is more
QUIET_EVERY = 1000  # extra candidates inside pauses longer than 3 s (ms)
SPLIT_EVERY = 700  # forced split points in dip-free speech (ms)


def _candidates(sm: SpeechMap) -> list[Pause]:
    """Pauses and dips, plus forced split points in long dip-free speech."""
    out: list[Pause] = []
    ps = list(sm.pauses)
    for a, b in itertools.pairwise(ps):
        out.append(a)
        if a.length > 3 * QUIET_EVERY:  # room for cues whose speech cannot be detected
            out.extend(Pause(t, t, -3.0) for t in range(a.start + QUIET_EVERY, a.end - QUIET_EVERY + 1, QUIET_EVERY))
        gap = b.start - a.end
        if gap > 2 * SPLIT_EVERY:
            n = gap // SPLIT_EVERY
            for q in range(1, n):
                t = a.end + round(q * gap / n)
                out.append(Pause(t, t, -1.0))
    if ps:
        out.append(ps[-1])
    return out


def _speech_prefix(sm: SpeechMap) -> Any:
    np = numpy_module()
    return np.concatenate([[0], np.cumsum(sm.speech_frames.astype(np.int64))]) * FRAME_MS


def _sp_at(prefix: Any, t: Any) -> Any:
    np = numpy_module()
    idx = np.clip(np.asarray(t) // FRAME_MS, 0, prefix.shape[0] - 1)
    return prefix[idx]


def _priors(lengths: Sequence[int], anchors: dict[int, int], prefix: Any, duration: int) -> list[int]:
    """Prior start of every cue: cumulative lengths mapped onto speech time between anchors."""
    np = numpy_module()
    n = len(lengths)
    knots = [(-1, 0), *sorted(anchors.items()), (n, duration)]
    out = [0] * n
    for (ia, ta), (ib, tb) in itertools.pairwise(knots):
        members = range(max(ia, 0), ib)
        tot = float(sum(lengths[i] for i in members)) or 1.0
        s0 = float(_sp_at(prefix, ta))
        s1 = float(_sp_at(prefix, max(ta, tb)))
        cum = 0.0
        for i in members:
            if i == ia:
                out[i] = ta
            else:
                target = s0 + (s1 - s0) * cum / tot
                f = int(np.searchsorted(prefix, target, side="left"))  # first frame reaching target
                out[i] = min(max(ta, f * FRAME_MS), max(ta, tb))
            cum += lengths[i]
    return out


@dataclass(frozen=True)
class _Grid:
    """The candidate boundaries as arrays: pause start/end (ms), kind, length, speech before each.

    ``kind`` is a pause's depth: a dip's depth in dB, -1 for a forced split point, -2 for an
    anchor, -3 for a point inside a long pause; ``bcost`` is the cost of ending a cue there.
    """

    ps: Any
    pe: Any
    kind: Any
    plen: Any
    sp_s: Any
    sp_e: Any
    bcost: Any
    idx: Any  # 0 .. size - 1

    @property
    def size(self) -> int:
        """Number of candidates."""
        return int(self.ps.shape[0])


def _grid(sm: SpeechMap, anchors: dict[int, int], prefix: Any) -> _Grid:
    """The candidates of ``sm``, with hard anchors as candidates of their own, in time order."""
    np = numpy_module()
    extra = [Pause(t, t, -2.0) for t in anchors.values()]
    cands = sorted(_candidates(sm) + extra, key=lambda p: (p.start, p.end))
    ps = np.array([p.start for p in cands], dtype=np.int64)
    pe = np.array([p.end for p in cands], dtype=np.int64)
    kind = np.array([p.depth for p in cands], dtype=np.float64)
    plen = (pe - ps).astype(np.float64)
    sp_s = _sp_at(prefix, ps).astype(np.float64)
    sp_e = _sp_at(prefix, pe).astype(np.float64)
    return _Grid(ps, pe, kind, plen, sp_s, sp_e, _boundary_costs(plen, kind), np.arange(ps.shape[0]))


def _boundary_costs(plen: Any, kind: Any) -> Any:
    """Cost of ending a cue at each candidate: a reward for long pauses, a price for cutting speech."""
    np = numpy_module()
    return np.where(
        plen > 0,
        -W_PAUSE * np.minimum(plen, PAUSE_CAP) / PAUSE_CAP,
        np.where(kind == -1.0, C_SPLIT, np.where(kind <= -2.0, 0.0, C_DIP - 0.03 * np.minimum(kind, 20.0))),
    )


def _expected_lengths(lengths: Sequence[int], mode: Mode, total_speech: float) -> Any:
    """Expected lengths (ms) as floats; in ``place`` mode scaled to the detected speech rate."""
    np = numpy_module()
    lens = np.array([max(1, int(x)) for x in lengths], dtype=np.float64)
    if mode == "place":
        rate = total_speech / float(lens.sum()) if total_speech > 0 else 1.0
        rate = float(np.clip(rate, 0.6, 1.6))
        lens = lens * rate
    return lens


def _expected_durations(durations: Sequence[int] | None, n: int, mode: Mode, total_speech: float) -> Any:
    """In ``sync`` mode, the cue durations scaled to the detected speech; else ``None``."""
    np = numpy_module()
    if mode != "sync" or durations is None or len(durations) != n:
        return None
    durs = np.array([max(1, int(x)) for x in durations], dtype=np.float64)
    r = total_speech / float(durs.sum()) if total_speech > 0 else 1.0
    return durs * float(np.clip(r, 0.3, 1.5))


def _start_costs(prev_end: Any, g: _Grid, i: int) -> tuple[Any, Any]:
    """Cost of cue ``i`` starting at each candidate, and the candidate the previous cue ended at.

    A cue starts where the previous one ended, or later at a cost for the speech it skips.
    """
    np = numpy_module()
    C = g.size
    idx_all = g.idx
    # skipping: start at k having ended at l < k
    skip_w = W_SKIP * (0.3 if i == 0 else 1.0)
    vals = prev_end - skip_w * g.sp_e / 1000.0
    run = np.minimum.accumulate(vals)
    arg = np.maximum.accumulate(np.where(vals <= run, idx_all, 0))
    via = np.full(C, INF)
    via[1:] = C_SKIP + skip_w * g.sp_e[1:] / 1000.0 + run[:-1]
    src = np.empty(C, dtype=np.int64)
    src[1:] = arg[:-1]
    src[0] = 0
    direct = prev_end <= via
    return np.where(direct, prev_end, via), np.where(direct, idx_all, src)


def _band(g: _Grid, prior: int, band: int, anchor: int | None) -> tuple[int, int]:
    """The first and last candidate cue may start at: its anchor, else those near ``prior``."""
    np = numpy_module()
    if anchor is not None:
        return anchor, anchor
    C = g.size
    klo = int(np.searchsorted(g.pe, prior - band, side="left"))
    khi = int(np.searchsorted(g.pe, prior + band, side="right")) - 1
    klo, khi = max(0, klo), min(C - 2, khi)
    if khi < klo:
        klo = khi = max(0, min(C - 2, klo))
    return klo, khi


def _span_costs(g: _Grid, ks: Any, msc: Any, length: float, *, mode: Mode, dur: float | None) -> Any:
    """Cost of a cue of expected ``length`` starting at candidates ``ks`` and ending at ``msc``."""
    np = numpy_module()
    ps, pe, sp_s, sp_e = g.ps, g.pe, g.sp_s, g.sp_e
    if mode == "place":
        S = np.maximum(sp_s[msc] - sp_e[ks], 0.0)
        c = np.minimum(W_DUR * np.log((S + 300.0) / (length + 300.0)) ** 2, C_MAX)
        gap = (ps[msc] - pe[ks]) - S
        c = c + W_GAP * np.maximum(0.0, gap - GAP_FREE) / 1000.0
    else:
        A = np.maximum(pe[msc] - pe[ks], 0).astype(np.float64)
        c = W_DUR * np.log((A + 300.0) / (length + 300.0)) ** 2
        if dur is not None:
            S = np.maximum(sp_s[msc] - sp_e[ks], 0.0)
            c = c + np.minimum(W_SYNC_SPEECH * np.log((S + 300.0) / (dur + 300.0)) ** 2, C_MAX)
    return c + g.bcost[msc]


def _best_ends(g: _Grid, ks: Any, sc: Any, length: float, *, mode: Mode, dur: float | None) -> tuple[Any, Any]:
    """Cheapest total cost of ending the cue at each of ``ks[0] .. ks[-1] + SPAN``, and its span.

    ``sc`` is the cost of starting at each of ``ks``; the span is how many candidates the
    cheapest way there covers (0 where none).
    """
    np = numpy_module()
    C = g.size
    best = np.full(ks.shape[0] + SPAN, INF)
    bj = np.zeros(ks.shape[0] + SPAN, dtype=np.int16)
    for j in range(1, SPAN + 1):
        ms = ks + j
        msc = np.minimum(ms, C - 1)
        ok = (ms < C) & (g.ps[msc] >= g.pe[ks])
        c = _span_costs(g, ks, msc, length, mode=mode, dur=dur)
        tot = np.where(ok, sc + c, INF)
        pos = np.arange(ks.shape[0]) + j
        better = tot < best[pos]
        best[pos] = np.where(better, tot, best[pos])
        bj[pos] = np.where(better, j, bj[pos])
    return best, bj


def _trace_back(rows: list[tuple[int, Any, Any]], m: int) -> list[tuple[int, int]]:
    """The (start, end) candidates of every cue, from the last cue's end ``m`` back to the first."""
    spans: list[tuple[int, int]] = []
    for i in range(len(rows) - 1, -1, -1):
        klo, srcs, bjs = rows[i]
        j = int(bjs[m - klo])
        k = m - j
        spans.append((k, m))
        m = int(srcs[k - klo])
    spans.reverse()
    return spans


def _placement(g: _Grid, k: int, mm: int, length: float, mode: Mode) -> Placement:
    """The placement of a cue of expected ``length`` between candidates ``k`` and ``mm``."""
    np = numpy_module()
    ps, pe, plen, kind = g.ps, g.pe, g.plen, g.kind
    start = int(pe[k])
    S = float(g.sp_s[mm] - g.sp_e[k])
    if mode == "place":
        dev = abs(np.log((S + 300.0) / (length + 300.0)))
    else:
        A = float(pe[mm] - pe[k])
        dev = abs(np.log((A + 300.0) / (length + 300.0)))
    end = int(ps[mm]) + int(min(plen[mm], 500.0))
    before = plen[k] if k > 0 else PAUSE_CAP
    q = 0.5 + 0.5 * min(1.0, before / 300.0) if plen[k] > 0 or k == 0 else (0.7 if kind[k] == -2.0 else 0.4)
    conf = float(np.exp(-2.0 * dev) * q)
    found = 0.25 * min(length, 2000.0) <= S if mode == "place" else S >= SYNC_MIN_SPEECH
    return Placement(start, max(end, start + 1), round(conf, 2) if found else 0.0, bool(found))


def align_cues(
    lengths: Sequence[int],
    sm: SpeechMap,
    *,
    mode: Mode = "place",
    anchors: dict[int, int] | None = None,
    band_ms: int | None = None,
    durations: Sequence[int] | None = None,
) -> list[Placement]:
    """Place cues with expected ``lengths`` (ms) on the speech map ``sm``.

    ``mode="place"``: lengths are expected speaking times (scaled to the
    detected speech rate).  ``mode="sync"``: lengths are the original
    start-to-next-start spacings of a timed file, and ``durations`` (optional)
    its cue durations, compared with the speech each cue covers.  ``anchors`` maps cue index
    to a fixed start (ms).  Returns one :class:`Placement` per cue, in order.
    """
    np = numpy_module()
    n = len(lengths)
    anchors = dict(anchors or {})
    if n == 0:
        return []
    prefix = _speech_prefix(sm)
    duration = max(sm.duration_ms, 1)
    g = _grid(sm, anchors, prefix)
    C = g.size
    total_speech = float(prefix[-1])
    lens = _expected_lengths(lengths, mode, total_speech)
    durs = _expected_durations(durations, n, mode, total_speech)
    priors = _priors([int(x) for x in lens], anchors, prefix, duration)
    band = band_ms if band_ms is not None else max(BAND_MIN, int(duration * BAND_FRACTION))
    anchor_cand = {i: int(np.flatnonzero((g.pe == t) & (g.ps == t) & (g.kind == -2.0))[0]) for i, t in anchors.items()}

    prev_end = np.full(C, INF)
    prev_end[0] = 0.0
    rows: list[tuple[int, Any, Any]] = []  # (k offset, start src, back j), both from k offset
    for i in range(n):
        start_cost, src = _start_costs(prev_end, g, i)
        klo, khi = _band(g, priors[i], band, anchor_cand.get(i))
        ks = np.arange(klo, khi + 1)
        best, bj = _best_ends(g, ks, start_cost[ks], lens[i], mode=mode, dur=None if durs is None else durs[i])
        end_cost = np.full(C, INF)
        hi_m = min(C, klo + best.shape[0])
        end_cost[klo:hi_m] = best[: hi_m - klo]
        rows.append((klo, src[klo : khi + 1].copy(), bj[: hi_m - klo].copy()))
        prev_end = end_cost
    # trailing speech left uncaptioned is cheap
    final = prev_end + 0.3 * W_SKIP * (total_speech - g.sp_s) / 1000.0
    m = int(np.argmin(final))
    if not np.isfinite(final[m]) or final[m] >= INF / 2:
        return fill_unfound([Placement(0, 0, 0.0, False)] * n, [int(x) for x in lens], anchors, duration)
    out = [_placement(g, k, mm, lens[i], mode) for i, (k, mm) in enumerate(_trace_back(rows, m))]
    return fill_unfound(out, [int(x) for x in lens], anchors, duration)

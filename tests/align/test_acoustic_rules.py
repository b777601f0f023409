"""The acoustic backend's rules that work on its output: a cue's left-out first words (the lead-in)
and when the fine pass is trusted far from the global pass; how the decoders are configured.
No recorded audio (one test speaks with eSpeak NG)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from subconv.align.base import CueTiming
from subconv.align.run import DISAGREE_MS, POOR_CONFIDENCE, POOR_DISAGREE_MS, SURE_CONFIDENCE, _agreeing, tolerances

np = pytest.importorskip("numpy")

from subconv.align import _blocks, acoustic  # noqa: E402  (numpy first: the backend's helpers need it)

QUIET, LOUD = -60.0, -25.0


def _energy(n: int, sounds: list[tuple[int, int]]) -> object:
    e = np.full(n, QUIET, dtype=np.float32)
    for a, b in sounds:
        e[a:b] = LOUD
    return e


@given(
    gap=st.integers(60, acoustic.LEAD_MAX_FRAMES - 5),
    onset=st.integers(0, 100),
    length=st.integers(acoustic.LEAD_RUN_FRAMES, 40),
)
def test_a_left_out_first_word_said_before_the_next_starts_the_cue(gap: int, onset: int, length: int) -> None:
    """A cue whose first word the model left out starts at the sound just before its first found word."""
    plan = acoustic._plan(["one two", "um the end"])
    prev_end, first_found = 100, 100 + gap
    # the sound lies between two quiet moments (continuous speech has no onset to find)
    start = prev_end + 10 + onset % (gap - length - 15)
    sound = (start, min(start + length, first_found - acoustic.LEAD_GAP_FRAMES))
    found: list[tuple[int, int] | None] = [(40, 70), (71, prev_end), None, (first_found, 300), (301, 350)]
    energy = _energy(400, [(40, prev_end), (sound[0], sound[1]), (first_found, 350)])
    acoustic._lead_in(plan, found, energy)
    if sound[1] - sound[0] >= acoustic.LEAD_RUN_FRAMES:
        assert found[2] == (sound[0], first_found)
    else:
        assert found[2] is None
    assert found[3] == (first_found, 300)  # the words it found keep their times


@given(gap=st.integers(0, 300))
def test_no_sound_before_the_first_found_word_leaves_the_cue_as_found(gap: int) -> None:
    plan = acoustic._plan(["one two", "um the end"])
    first_found = 101 + gap
    found: list[tuple[int, int] | None] = [(40, 70), (71, 100), None, (first_found, first_found + 30), None]
    energy = _energy(first_found + 100, [(40, 100), (first_found, first_found + 30)])
    acoustic._lead_in(plan, found, energy)
    assert found[2] is None


def test_the_lead_in_never_reaches_back_past_the_previous_cues_words() -> None:
    plan = acoustic._plan(["one two", "um the end"])
    found: list[tuple[int, int] | None] = [(40, 70), (71, 130), None, (140, 200), (201, 250)]
    energy = _energy(300, [(40, 145), (140, 250)])  # the previous word runs right up to it
    acoustic._lead_in(plan, found, energy)
    assert found[2] is None


conf = st.floats(0.0, 1.0)


@given(st.lists(conf, min_size=1, max_size=30))
def test_a_cue_the_fine_pass_half_heard_is_trusted_anywhere_only_between_two_it_heard(confs: list[float]) -> None:
    timings = [CueTiming(i * 1000, i * 1000 + 500, c, True, "acoustic") for i, c in enumerate(confs)]
    most = tolerances(timings)
    for i, t in enumerate(timings):
        if t.confidence < SURE_CONFIDENCE and most[i] > DISAGREE_MS:
            assert 0 < i < len(confs) - 1
            assert min(confs[i - 1], confs[i + 1]) >= SURE_CONFIDENCE
            assert math.isinf(most[i - 1]) and math.isinf(most[i + 1])


@given(st.integers(0, 29), st.integers(POOR_DISAGREE_MS + 1, 5 * DISAGREE_MS))
def test_a_cue_the_fine_pass_heard_poorly_must_agree_closely_in_a_fair_stretch(k: int, off: int) -> None:
    """A cue of which the fine pass heard under POOR_CONFIDENCE of the words, not held by two sure
    neighbours, must lie within POOR_DISAGREE_MS of the global pass even where the stretch is fair."""
    n = 30
    confs = [0.78] * n  # a fair stretch: over POOR_CONFIDENCE even with the cue, nobody sure
    confs[k] = 0.5
    fine = [CueTiming(i * 10_000, i * 10_000 + 500, c, True, "acoustic") for i, c in enumerate(confs)]
    coarse = [CueTiming(t.start + (off if i == k else 0), t.end, 0.5, True, "tts") for i, t in enumerate(fine)]
    assert [t.found for t in _agreeing(fine, coarse)] == [i != k for i in range(n)]
    near = [
        CueTiming(t.start + (POOR_DISAGREE_MS - 1 if i == k else 0), t.end, 0.5, True, "tts")
        for i, t in enumerate(fine)
    ]
    assert all(t.found for t in _agreeing(fine, near))


@given(st.integers(3, 26), st.floats(0.0, POOR_CONFIDENCE - 0.01), st.integers(DISAGREE_MS + 1, 20_000))
def test_a_poorly_heard_cue_between_two_sure_neighbours_stays_where_they_hold_it(k: int, poor: float, off: int) -> None:
    """The global pass seconds off does not undo a cue the fine pass put between two cues it heard
    in full; out of order with them, it is not held."""
    n = 30
    confs = [1.0] * n
    confs[k] = poor
    fine = [CueTiming(i * 3000, i * 3000 + 500, c, True, "acoustic") for i, c in enumerate(confs)]
    coarse = [CueTiming(t.start + (off if i == k else 0), t.end, 0.5, True, "tts") for i, t in enumerate(fine)]
    assert all(t.found for t in _agreeing(fine, coarse))
    astray = [replace(t, start=fine[k - 1].start - 100) if i == k else t for i, t in enumerate(fine)]
    assert [t.found for t in _agreeing(astray, coarse)] == [i != k for i in range(n)]


@given(
    st.integers(1, 28),
    st.floats(0.0, SURE_CONFIDENCE - 0.01),
    st.integers(DISAGREE_MS + 1, 60_000),
    st.integers(0, 3000),
    st.booleans(),
)
def test_a_cue_the_global_pass_did_not_find_is_held_between_the_cues_it_found(
    k: int, conf: float, off: int, inside: int, late: bool
) -> None:
    """The global pass left cue ``k`` unfound (too short or in quiet: it cannot vouch for its own
    place) but found the cues either side.  A fine placement more than DISAGREE_MS past the next
    of them or before the previous is not trusted (before, nothing was checked and such a cue,
    8 s late, pulled the cues after it along); one between them is, wherever the global pass put
    the cue itself."""
    n = 30
    confs = [0.78] * n  # a fair stretch (nobody sure)
    confs[k] = conf
    coarse = [CueTiming(i * 3000, i * 3000 + 500, 0.9, True, "tts") for i in range(n)]
    coarse[k] = CueTiming(0, 0, 0.0, False, "tts")  # its own place: anywhere
    fine = [CueTiming(t.start, t.end, c, True, "acoustic") for t, c in zip(coarse, confs, strict=True)]
    far = coarse[k + 1].start + off if late else coarse[k - 1].start - off
    astray = [replace(t, start=far, end=far + 500) if i == k else t for i, t in enumerate(fine)]
    assert [t.found for t in _agreeing(astray, coarse)] == [i != k for i in range(n)]
    between = coarse[k - 1].start + inside
    held = [replace(t, start=between, end=between + 500) if i == k else t for i, t in enumerate(fine)]
    assert all(t.found for t in _agreeing(held, coarse))


@given(st.lists(st.floats(0.9, 1.0), min_size=5, max_size=30), st.integers(0, 29))
def test_a_far_cue_is_kept_where_the_fine_pass_heard_the_whole_stretch(confs: list[float], k: int) -> None:
    k %= len(confs)
    fine = [CueTiming(i * 10_000, i * 10_000 + 500, c, True, "acoustic") for i, c in enumerate(confs)]
    coarse = [
        CueTiming(t.start + (DISAGREE_MS + 1000 if i == k else 0), t.end, 0.5, True, "tts") for i, t in enumerate(fine)
    ]
    assert [t.found for t in _agreeing(fine, coarse)] == [True] * len(confs)
    fair = [CueTiming(t.start, t.end, SURE_CONFIDENCE - 0.01, True, "acoustic") for t in fine]
    assert [t.found for t in _agreeing(fair, coarse)] == [i != k for i in range(len(confs))]


@given(st.lists(st.floats(0.0, POOR_CONFIDENCE - 0.01), min_size=5, max_size=30), st.integers(0, 29))
def test_where_the_fine_pass_missed_many_words_it_must_agree_closely(confs: list[float], k: int) -> None:
    k %= len(confs)
    fine = [CueTiming(i * 10_000, i * 10_000 + 500, c, True, "acoustic") for i, c in enumerate(confs)]
    coarse = [
        CueTiming(t.start + (POOR_DISAGREE_MS + 200 if i == k else 0), t.end, 0.5, True, "tts")
        for i, t in enumerate(fine)
    ]
    assert [t.found for t in _agreeing(fine, coarse)] == [i != k for i in range(len(confs))]


def test_the_decoders_take_the_words_from_the_search_not_a_lattice() -> None:
    """Both pocketsphinx decoders read the words from the search's back-trace: building a word
    lattice after every block (pocketsphinx's default) cost two thirds of the acoustic pass
    (docs/alignment.md, "Speed")."""
    pytest.importorskip("pocketsphinx")
    model = _blocks._Model()
    assert model.decoder.config["bestpath"] is False
    assert model.gaps.config["bestpath"] is False
    for beam, value in _blocks.GAP_BEAMS.items():
        assert model.gaps.config[beam] == pytest.approx(value)


_WHOLE: list[Any] = []


def _whole_dictionary() -> Any:
    """A decoder that loaded pocketsphinx's whole pronouncing dictionary (its default)."""
    if not _WHOLE:
        from pocketsphinx import Decoder

        _WHOLE.append(Decoder(lm=None, loglevel="FATAL"))
    return _WHOLE[0]


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10**9), st.booleans(), st.text(alphabet="abcdefghijklmnopqrstuvwxyz'", min_size=1, max_size=8))
def test_the_decoders_learn_each_words_pronunciations_as_the_whole_dictionary_has_them(
    line: int, tricky: bool, other: str
) -> None:
    """The decoders start with no words and are taught those they align: a word the dictionary
    has gets every pronunciation it lists (``word(2)`` ...), those pocketsphinx reads when it
    loads the whole dictionary; a word it lacks gets one (eSpeak NG's or the letter rules').
    ``tricky``: a word right after another's alternative (``a(2)``, then ``a's``), where the
    lines are out of order as plain strings."""
    pytest.importorskip("pocketsphinx")
    whole = _whole_dictionary()
    lines = _blocks._dictionary()
    if line == 0:  # the lookup bisects: the dictionary must be sorted by its words
        assert lines == sorted(lines, key=_blocks._headword)
    pool = [i + 1 for i in range(len(lines) - 1) if lines[i] > lines[i + 1]] if tricky else range(len(lines))
    word = _blocks._headword(lines[pool[line % len(pool)]])
    model = _blocks._Model()
    model.add_words({word, other})
    for w in (word, other):
        names = [w, *(f"{w}({k})" for k in range(2, 9))]
        listed = [(n, p) for n in names if (p := whole.lookup_word(n)) is not None]
        for d in (model.decoder, model.gaps):
            got = [(n, p) for n in names if (p := d.lookup_word(n)) is not None]
            assert got == listed if listed else len(got) == 1


def _hum_then(sound: object, hum_frames: int = 60, seed: int = 0) -> object:
    """Low-frequency room noise (a 50 Hz hum and rumble), then ``sound`` over the same noise."""
    rng = np.random.default_rng(seed)
    n = hum_frames * 160 + len(sound)  # type: ignore[arg-type]
    t = np.arange(n) / 16000
    hum = 100 * np.sin(2 * np.pi * 50 * t) + np.cumsum(rng.standard_normal(n)) * 0.5
    hum -= np.convolve(hum, np.ones(400) / 400, mode="same")  # rumble without drift
    x = hum.copy()
    x[hum_frames * 160 :] += sound
    return np.clip(x, -32768, 32767).astype(np.int16)


def _vowel(frames: int, amp: float = 8000.0) -> object:
    t = np.arange(frames * 160) / 16000
    return sum(amp / k * np.sin(2 * np.pi * 150 * k * t) for k in range(1, 6))


def _refined(energy: Any, start: int, end: int) -> int:
    found: list[tuple[int, int] | None] = [(start, end)]
    acoustic._refine_onsets(energy, found)
    assert found[0] is not None
    return found[0][0]


@given(st.integers(8, 20), st.integers(0, 1000))
def test_a_weak_fricative_at_a_words_start_is_not_taken_for_silence(fric: int, seed: int) -> None:
    """A word that starts with a soft fricative ("Feed'st": the f carries little energy, all of it
    high up) keeps its start on the fricative: the onset is looked for in the pre-emphasised
    energy, where a fricative stands out from low-frequency room noise."""
    rng = np.random.default_rng(seed)
    hiss = rng.standard_normal(fric * 160) * 120.0  # about as loud as the hum over the whole band
    pcm = _hum_then(np.concatenate([hiss, _vowel(40)]), seed=seed)
    start, end = 60, 60 + fric + 40
    assert _refined(acoustic._frame_energy(pcm, difference=True), start, end) == start


@given(st.integers(8, 30), st.integers(0, 1000))
def test_silence_the_model_gave_a_word_is_still_left_out_of_it(lead: int, seed: int) -> None:
    """Room noise the model put at a word's start is skipped: the word starts at its sound."""
    pcm = _hum_then(np.concatenate([np.zeros(lead * 160), _vowel(40)]), seed=seed)
    start, end = 60, 60 + lead + 40
    got = _refined(acoustic._frame_energy(pcm, difference=True), start, end)
    assert abs(got - (start + lead)) <= 3


def _spoken(texts: list[str]) -> list[Any]:
    """Each text spoken by eSpeak NG, at 16 kHz (linear interpolation is enough here)."""
    from subconv.align import espeak

    if espeak.unavailable("en") is not None:
        pytest.skip("eSpeak NG is not installed")
    out = []
    for sp in espeak.speak(texts, "en", 175):
        y = np.frombuffer(sp.samples, dtype="<i2").astype(np.float64)
        n = int(y.shape[0] * 16000 / sp.rate)
        out.append(np.interp(np.arange(n) * sp.rate / 16000, np.arange(y.shape[0]), y))
    return out


def test_a_cues_left_out_first_words_are_aligned_again_where_they_were_said() -> None:
    """The model left out "so I" (it heard silence there rather than pay for the words) but
    found "have a cold": forced into the audio before "have", both words get their places (the
    first on the cue's speech onset), and they do not count towards the cue's confidence."""
    pytest.importorskip("pocketsphinx")
    well, cold = _spoken(["Well.", "so I have a cold"])
    x = np.concatenate([np.zeros(8000), well, np.zeros(6400), cold, np.zeros(8000)])
    x += np.random.default_rng(0).standard_normal(x.shape[0]) * 30
    pcm = np.clip(x, -32768, 32767).astype(np.int16)
    off = 8000 + len(well) + 6400
    onset = (off + int(np.flatnonzero(np.abs(cold) > 300)[0])) / 160
    plan = acoustic._plan(["Well.", "so I have a cold"])
    model = _blocks._shared_model()
    model.reset()
    model.add_words(set(plan.words))
    span = _blocks._Span(model, pcm, None, _blocks._quiet_sample(pcm))
    have = int(onset) + 25  # "so I" take about a quarter second
    found: list[tuple[int, int] | None] = [(50, 50 + len(well) // 160), None, None, (have, have + 20)]
    found += [(have + 20, have + 26), (have + 26, have + 60)]
    forced = acoustic._say_left_out(span, plan, found)
    assert forced == {1, 2}
    so, i = found[1], found[2]
    assert so is not None and i is not None
    assert abs(so[0] - onset) <= 5  # within 50 ms of the speech onset
    assert so[0] < i[0] < have
    assert acoustic._cue_timings(plan, found, 2, "acoustic", forced)[1].confidence == pytest.approx(3 / 5)


@given(
    words=st.lists(st.integers(1, 4), min_size=2, max_size=8),
    unheard=st.data(),
    off=st.integers(-acoustic.AGREE_MS, acoustic.AGREE_MS),
)
def test_only_a_cue_mostly_heard_near_its_prior_is_an_anchor(
    words: list[int], unheard: st.DataObject, off: int
) -> None:
    """Every cue agrees with its prior (within ``AGREE_MS``), in order; a cue with more than a
    fifth of its words unheard by the first pass is still no anchor (the two passes can agree by
    chance), the others are."""
    texts = [" ".join(f"w{c}x{k}" for k in range(n)) for c, n in enumerate(words)]
    plan = acoustic._plan(texts)
    missing = unheard.draw(st.sets(st.integers(0, len(plan.words) - 1), max_size=len(plan.words)))
    wprior = [1_000 + 5_000 * plan.cue_of[i] + 300 * plan.token_of[i] for i in range(len(plan.words))]
    found: list[tuple[int, int] | None] = [
        None if i in missing else ((p + off) // _blocks.FRAME_MS, (p + off) // _blocks.FRAME_MS + 20)
        for i, p in enumerate(wprior)
    ]
    got = acoustic._anchors(plan, found, wprior)
    want = []
    for idx in plan.cue_words:
        heard = sum(k not in missing for k in idx) >= acoustic.ANCHOR_HEARD * len(idx)
        want.append(
            heard
            and abs(((wprior[idx[0]] + off) // _blocks.FRAME_MS) * _blocks.FRAME_MS - wprior[idx[0]])
            <= acoustic.AGREE_MS
        )
    assert got == want


@given(
    speech=st.lists(st.booleans(), min_size=1, max_size=4000),
    t=st.integers(0, 3999),
    span=st.integers(1, 3000),
)
def test_a_block_always_ends_after_it_starts(speech: list[bool], t: int, span: int) -> None:
    """Wherever the pauses are, a block (even one shorter than the stretch searched for a pause
    to end at) ends after the frame it starts at: the aligner never goes back in the audio."""
    mask = np.array(speech, dtype=bool)
    nframes = mask.shape[0]
    t = min(t, nframes - 1)
    end = _blocks._block_end(mask, t, span, nframes)
    assert t < end <= min(t + span, nframes) or end == nframes


class _Deaf:
    """A model that never finds a path through any block."""

    def fresh(self, gap: bool) -> None:
        pass

    def align(self, pcm: object, words: object, **kw: object) -> list[tuple[int, int, int]]:
        return []


def test_a_stretch_where_no_block_has_a_path_ends_with_its_words_unfound() -> None:
    """Every block without a path, down to the shortest retry (shorter than the stretch searched
    for a pause): the stretch ends, every word unfound, rather than start the same block again
    for ever.  (A hang once seen with a grammar the decoder could not finish.)"""
    import signal

    nframes = 9000
    speech = np.ones(nframes + 1, dtype=bool)
    for k in range(0, nframes, 1000):  # a 100 ms pause before every tenth second
        speech[k + 990 : k + 1000] = False
    pcm = np.zeros(nframes * 160, dtype=np.int16)
    span = _blocks._Span(_Deaf(), pcm, speech, pcm[:4800])  # type: ignore[arg-type]

    def hung(*_: object) -> None:
        raise TimeoutError("the aligner went back to a block it had tried")

    old = signal.signal(signal.SIGALRM, hung)
    signal.alarm(20)
    try:
        assert span.run(["a", "b", "c"], 0, nframes, gap=True) == [None, None, None]
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


class _Slow:
    """A model that hears the words it is offered one every 2 s from the start of each block,
    whatever the audio: a speaker it cannot follow (a quiet voice under music)."""

    def fresh(self, gap: bool) -> None:
        pass

    def align(self, pcm: Any, words: Sequence[str], **kw: object) -> list[tuple[int, int, int]]:
        frames = pcm.shape[0] // 160 - 30  # (the quiet padded after the block)
        return [(k, 50 + 200 * k, 90 + 200 * k) for k in range(len(words)) if 90 + 200 * k < frames]


@given(lag=st.sampled_from([4_000, 8_000]), spacing=st.integers(300, 800))
def test_a_long_stretch_between_anchors_follows_the_guide_where_it_falls_behind(lag: int, spacing: int) -> None:
    """Between two anchors two minutes apart, a model that hears the words ever later than the
    tts pass put them: the stretch is aligned block by block and its place in the text catches
    up with the guide at each block, so no word lands more than the lag and a block from where
    the guide said it was, and the stretch's last words are still found near their places
    (before, the text fell further behind with every block: words a minute and more late, the
    last three quarters never reached)."""
    n = 120_000 // spacing
    plan = acoustic._plan([f"q{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(n)])  # a word a cue
    assert len(plan.words) == n
    wprior = [1_000 + spacing * i for i in range(n)]
    nframes = (wprior[-1] + 2_000) // _blocks.FRAME_MS
    found: list[tuple[int, int] | None] = [None] * n
    for i in (0, n - 1):  # two anchors, heard where the guide put them
        found[i] = (wprior[i] // _blocks.FRAME_MS, wprior[i] // _blocks.FRAME_MS + 20)
    ((idx, task),) = acoustic._gap_tasks(plan, found, wprior, nframes, lag)
    assert task[0] == "run"
    pcm = np.zeros(nframes * 160, dtype=np.int16)
    span = _blocks._Span(_Slow(), pcm, np.ones(nframes + 1, dtype=bool), pcm[:4800])  # type: ignore[arg-type]
    got = acoustic._do(span, task)
    placed = [(wprior[k], g[0] * _blocks.FRAME_MS) for k, g in zip(idx, got, strict=True) if g is not None]
    assert max(abs(at - prior) for prior, at in placed) <= lag + _blocks.BLOCK_MS
    assert max(prior for prior, _ in placed) >= wprior[-1] - _blocks.BLOCK_MS


def test_speech_nobody_captioned_is_heard_as_other_speech_before_a_cue() -> None:
    """A sentence the text leaves out, then the cue: allowed other speech before the cue's first
    word, the decoder puts that word on the cue's own onset (without it, on the sentence left
    out, 2.2 s early) and finds every word of the cue."""
    pytest.importorskip("pocketsphinx")
    texts = ["Nobody wrote down this sentence about the weather in the mountains.", "Then the river carried the boat."]
    left_out, said = _spoken(texts)
    x = np.concatenate([np.zeros(8000), left_out, np.zeros(1600), said, np.zeros(8000)])
    x += np.random.default_rng(0).standard_normal(x.shape[0]) * 30
    pcm = np.clip(x, -32768, 32767).astype(np.int16)
    onset = (8000 + len(left_out) + 1600 + int(np.flatnonzero(np.abs(said) > 300)[0])) / 160
    plan = acoustic._plan([texts[1]])
    model = _blocks._shared_model()
    model.reset()
    model.add_words(set(plan.words))
    model.fresh(True)
    got = model.align(
        _blocks._padded(pcm, _blocks._quiet_sample(pcm)), plan.words, exit_anywhere=False, gap=True, other=[0]
    )
    assert [k for k, _, _ in got] == list(range(len(plan.words)))
    assert abs(got[0][1] - onset) <= 5  # within 50 ms


class _Clock:
    """A model that hears word ``w<k>`` at frames ``k * spacing`` to ``k * spacing + spacing // 2``
    whenever it is offered and lies inside the block (the audio holds each sample's frame number,
    the quiet -1); it notes how many words each block was offered."""

    def __init__(self, spacing: int) -> None:
        self.spacing = spacing
        self.offered: list[int] = []

    def fresh(self, gap: bool) -> None:
        pass

    def align(self, pcm: Any, words: Sequence[str], **kw: object) -> list[tuple[int, int, int]]:
        if pcm[0] < 0:  # the quiet each block starts from
            return []
        self.offered.append(len(words))
        t, end = int(pcm[0]), int(pcm[pcm >= 0][-1]) + 1
        said = ((j, int(word[1:]) * self.spacing) for j, word in enumerate(words))
        return [(j, s - t, s + self.spacing // 2 - t) for j, s in said if t <= s and s + self.spacing // 2 < end]


@example(spacing=17, late=0, scale=1.0, jitter=0, seed=0, stray=1.0)  # a stray last word: only the last block has it
@given(
    spacing=st.integers(17, 60),
    late=st.integers(-30_000, _blocks.PRIOR_AHEAD_MS - 6_000),
    scale=st.floats(0.7, 1.0),
    jitter=st.integers(0, 5_000),
    seed=st.integers(0, 2**16),
    stray=st.one_of(st.none(), st.floats(0, 1)),
)
def test_the_words_a_block_is_offered_by_the_priors_include_every_word_it_says(
    spacing: int, late: int, scale: float, jitter: int, seed: int, stray: float | None
) -> None:
    """Given priors, a block (but the first) is offered only the words up to the last whose prior
    starts before its end and :data:`_blocks.PRIOR_AHEAD_MS` (pocketsphinx's CPU grows with a
    block's words); with priors early or less than that late, even out of order (a timed file's
    cues; one ``stray`` ten minutes late), every word said in the block is still offered, so the
    words are found where they are found without priors, from 1.7 to 6 words a second.  The first
    block is offered as many as without priors: the one worked out ahead has none."""
    nframes = 12_000
    n = nframes // spacing
    words = [f"w{k}" for k in range(n)]
    wobble = np.random.default_rng(seed).integers(-jitter, jitter + 1, n)
    wprior = [max(0, int(k * spacing * _blocks.FRAME_MS * scale) + late + int(d)) for k, d in enumerate(wobble)]
    if stray is not None:
        wprior[int(stray * (n - 1))] += 600_000
    pcm = np.concatenate([np.repeat(np.arange(nframes), 160), np.full(160, -1)])
    speech = np.ones(nframes + 1, dtype=bool)
    plain, guided = _Clock(spacing), _Clock(spacing)
    without = _blocks._Span(plain, pcm, speech, np.full(4800, -1)).run(words, 0, nframes)  # type: ignore[arg-type]
    span = _blocks._Span(guided, pcm, speech, np.full(4800, -1))  # type: ignore[arg-type]
    assert span.run(words, 0, nframes, wprior=wprior, lag=10**9) == without
    assert sum(f is not None for f in without) >= n - 2
    assert guided.offered[0] == plain.offered[0]
    assert sum(guided.offered) <= sum(plain.offered)
    if (
        spacing >= 40 and late >= 0 and scale >= 0.9 and jitter <= 1_000 and stray is None
    ):  # 2.8 words a second or fewer
        assert guided.offered[1] < plain.offered[1]

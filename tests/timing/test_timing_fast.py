"""The fast paths of the timing model against the per-character definition they replace."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

import subconv.timing as timing
from subconv.model import Cue
from subconv.timing import DEFAULT, Params, measurer, syllables, weigh


def reference_weigh(
    text: str,
    *,
    wpm: float | None = None,
    cps: float | None = None,
    language: str | None = None,
    params: Params = DEFAULT,
) -> tuple[float, float, float, int]:
    """The original per-character ``weigh``: every character's script looked up, every word's letters joined."""
    script = timing._script
    counts = dict.fromkeys(("cjk", "kana", "hangul", "abjad", "other", "digit", "alpha"), 0)
    chars = 0
    inner = 0.0
    core_end = len(text.rstrip(timing._TRAILING))
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        chars += 1
        s = script(ch)
        if s in counts:
            counts[s] += 1
        elif i < core_end and (ch in timing._SENTENCE_END or ch in timing._CLAUSE):
            nxt = text[i + 1] if i + 1 < len(text) else " "
            if ch in ".,:" and not (nxt.isspace() or nxt in timing._CLOSERS or script(nxt) in ("cjk", "kana")):
                continue
            inner += params.sentence_pause_ms if ch in timing._SENTENCE_END else params.clause_pause_ms
    syl = 0
    abjad_words = 0
    if counts["abjad"]:
        abjad_words = sum(1 for m in timing._WORD_RE.finditer(text) if any(script(c) == "abjad" for c in m.group()))
    if counts["alpha"]:
        for m in timing._WORD_RE.finditer(text):
            letters = "".join(c for c in m.group() if script(c) == "alpha")
            if letters:
                syl += syllables(letters, language)
    english = language is None or language.lower().startswith("en")
    per_syl = params.ms_per_syllable if english else params.ms_per_syllable_other
    per_abjad = params.ms_per_abjad_letter
    if wpm is not None and wpm > 0:
        per_syl = 60000.0 / (wpm * params.syllables_per_word)
        per_abjad = params.ms_per_abjad_letter * per_syl / params.ms_per_syllable
    per_cjk, per_kana, per_hangul, per_other = (
        params.ms_per_cjk,
        params.ms_per_kana,
        params.ms_per_hangul,
        params.ms_per_other_char,
    )
    if cps is not None and cps > 0:
        per_cjk = per_kana = per_hangul = per_other = 1000.0 / cps
    speech = (
        syl * per_syl
        + counts["cjk"] * per_cjk
        + counts["kana"] * per_kana
        + counts["hangul"] * per_hangul
        + counts["abjad"] * per_abjad
        + abjad_words * params.ms_per_abjad_word * per_abjad / params.ms_per_abjad_letter
        + counts["other"] * per_other
        + counts["digit"] * params.ms_per_digit
    )
    return speech, inner, timing.pause_after_ms(text, params), chars


def parts(text: str, **kw: object) -> tuple[float, float, float, int]:
    w = weigh(text, **kw)  # type: ignore[arg-type]
    return w.speech_ms, w.inner_pause_ms, w.end_pause_ms, w.chars


MIXED = "abcXYZ019 .,:;!?'’\"”)]…،؟。、一あア한مאщé\u0301\t\n\x1c\u00a0\u3000_-—–ไदΩ"
RATES = st.sampled_from(
    [
        {},
        {"language": "es"},
        {"language": "en-GB"},
        {"wpm": 150.0},
        {"cps": 5.0},
        {"language": "ar", "wpm": 90.0, "cps": 3.0},
    ]
)


@settings(max_examples=400)
@given(st.text(alphabet=MIXED, max_size=40), RATES)
def test_weigh_matches_the_per_character_definition(text: str, rates: dict[str, object]) -> None:
    expected = reference_weigh(text, **rates)  # type: ignore[arg-type]
    assert parts(text, **rates) == expected
    assert measurer(**rates)(text) == expected  # type: ignore[arg-type]


ASCII_MARKS = "ab19 .,:;!?'\")]([-\t\n\x1c"


@settings(max_examples=400)
@given(st.text(alphabet=ASCII_MARKS, max_size=40), RATES)
def test_weigh_of_ascii_text_matches_the_per_character_definition(text: str, rates: dict[str, object]) -> None:
    # ASCII text has its pauses found by one pattern (no CJK or kana can follow a mark): dense in
    # marks, closers and white space, it must pause exactly where the definition says
    assert measurer(**rates)(text) == reference_weigh(text, **rates)  # type: ignore[arg-type]


@settings(max_examples=300)
@given(st.text(max_size=30))
def test_weigh_matches_on_any_unicode(text: str) -> None:
    assert parts(text) == reference_weigh(text)


def test_ascii_classes_are_the_script_classes() -> None:
    for b in range(128):
        ch = chr(b)
        cls = "space" if ch.isspace() else timing._script(ch)
        assert cls in ("space", "digit", "alpha", "punct")  # what the ASCII path counts
        assert (b in timing._ASCII_SPACE, b in timing._ASCII_DIGIT, b in timing._ASCII_ALPHA) == (
            cls == "space",
            cls == "digit",
            cls == "alpha",
        )


def test_pause_characters_belong_to_no_counted_script() -> None:
    for ch in timing._SENTENCE_END | timing._CLAUSE:
        assert not ch.isspace()
        assert timing._script(ch) in ("punct", "mark")


def test_caches_stay_bounded_and_correct(monkeypatch: object) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    monkeypatch.setattr(timing, "_CACHE_SIZE", 8)
    caches = (timing._SCRIPT_OF, timing._SCRIPT_CODE, timing._ABJAD_WORDS, timing._syllable_counter("fr"))
    for cache in caches:
        cache.clear()
    texts = [f"word{i} كلمة{i} 字{chr(0x4E00 + i)} été{i}" for i in range(50)]
    for t in texts + texts:
        assert parts(t, language="fr") == reference_weigh(t, language="fr")
    for cache in caches:
        assert 0 < len(cache) <= 8
    assert timing._syllable_counter("fr") is timing._syllable_counter("fr")


def test_cue_fields_are_what_the_time_step_builds() -> None:
    # ``steps/time.py`` builds ``Cue(start, end, lines, spans, speaker, extras, source_line, words, origin,
    # confidence)``
    # positionally instead of ``cue.replace(...)``: a new field must be added there too.
    assert [f.name for f in dataclasses.fields(Cue)] == [
        "start",
        "end",
        "lines",
        "spans",
        "speaker",
        "extras",
        "source_line",
        "words",
        "origin",
        "confidence",
    ]

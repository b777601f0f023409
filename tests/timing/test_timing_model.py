"""The speaking-rate model: syllables, per-script weights, rates."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from subconv.timing import DEFAULT, expected_ms, syllables, weigh

# (word, syllables) from a dictionary's hyphenation, common words of the talks
KNOWN = {
    "cat": 1,
    "the": 1,
    "make": 1,
    "makes": 1,
    "walked": 1,
    "played": 1,
    "state": 1,
    "table": 2,
    "people": 2,
    "wanted": 2,
    "boxes": 2,
    "changes": 2,
    "ledger": 2,
    "question": 2,
    "computer": 3,
    "different": 3,
    "another": 3,
    "signature": 3,
    "created": 3,
    "linear": 3,
    "idea": 3,
    "beautiful": 3,
    "animation": 4,
    "cryptography": 4,
    "transformation": 4,
}

WORDS = st.sampled_from(["hello", "world", "transaction", "一", "二三", "ビット", "مرحبا", "42", "Zoë", "ok"])
TEXTS = st.lists(WORDS, min_size=1, max_size=12).map(" ".join)


def test_english_syllables_on_known_words() -> None:
    wrong = {w: (syllables(w), n) for w, n in KNOWN.items() if syllables(w) != n}
    assert not wrong


def test_other_languages_count_vowel_groups() -> None:
    assert syllables("significa", "es") == 4
    assert syllables("transacción", "es") == 3


@given(TEXTS, TEXTS)
def test_more_text_takes_longer(a: str, b: str) -> None:
    assert expected_ms(a + " " + b) >= expected_ms(a)
    assert expected_ms(a) >= 1


@given(TEXTS)
def test_faster_rate_is_shorter(text: str) -> None:
    assert expected_ms(text, wpm=300, cps=10) <= expected_ms(text, wpm=100, cps=3)


def test_cps_sets_the_cjk_rate() -> None:
    assert expected_ms("一二三四五", cps=5) == 1000
    assert expected_ms("ひらがな", cps=4) == 1000


def test_wpm_sets_the_alphabetic_rate() -> None:
    # 145 syllables ~ 100 words at 1.45 syllables/word: 100 words at 100 wpm = 60 s
    text = " ".join(["cat"] * 145)
    assert abs(expected_ms(text, wpm=100) - 60_000) < 600


def test_pauses_for_sentence_ends_and_clauses() -> None:
    plain = weigh("one two three four")
    clause = weigh("one two, three four")
    sentence = weigh("one two. Three four")
    assert plain.inner_pause_ms == 0
    assert clause.inner_pause_ms == DEFAULT.clause_pause_ms
    assert sentence.inner_pause_ms == DEFAULT.sentence_pause_ms
    assert weigh("Done.").end_pause_ms > weigh("done,").end_pause_ms > weigh("done").end_pause_ms
    # numbers are not clause breaks
    assert weigh("it costs 1,000.50 dollars").inner_pause_ms == 0


def test_scripts_are_weighted_differently() -> None:
    # a kana is faster than a Han character; an Arabic word costs more than its letters alone
    assert weigh("かかか").speech_ms < weigh("漢漢漢").speech_ms
    assert weigh("مرحبا").speech_ms > 5 * DEFAULT.ms_per_abjad_letter

"""Where cue text divides into words for word times (``subconv.text.words``): at white space, and
inside text written without spaces (Japanese, Chinese) by script; and those words written as
WebVTT timestamps and ASS karaoke read back with the cue's exact text."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from subconv import Report, WriteOptions, dumps, loads
from subconv.formats.base import has_visible
from subconv.model import Cue, Track, Word
from subconv.text.words import word_spans, word_texts

#: Latin, digits, Han, hiragana, katakana (with ー), Hangul, CJK and ASCII punctuation, brackets,
#: currency signs, the iteration mark, combining marks, a zero-width space and white space
_PIECES = st.sampled_from(
    [
        *"ab Zé1 9",
        *"電柱真昼間人",
        *"なのにがっ",
        *"キャンプーャ",
        *"한국",
        *"、。！？「」『』・…,.!?()\"'",
        *"￥$々ゝ",
        *("\u0301", "\u200b", "\u3000", "\n", "  ", "Tokyo", "2024", "U.S.A."),
    ]
)
_MIXED = st.lists(_PIECES, max_size=30).map("".join)


@settings(max_examples=400, deadline=None)
@given(_MIXED)
def test_the_words_are_the_texts_pieces_between_white_space(text: str) -> None:
    spans = word_spans(text)
    assert all(a < b for a, b in spans)  # none empty
    assert all(not any(ch.isspace() for ch in text[a:b]) for a, b in spans)
    bounds = [0, *(x for s in spans for x in s), len(text)]
    between = [text[bounds[i] : bounds[i + 1]] for i in range(0, len(bounds), 2)]
    assert all(not gap.strip() for gap in between)  # only white space outside the words, in order
    assert "".join(word_texts(text)) == "".join(text.split())


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(max_codepoint=0x2E7F), max_size=40))
def test_text_with_no_han_or_kana_divides_at_white_space_only(text: str) -> None:
    """English (and every script below the CJK blocks) keeps ``str.split()``'s words: its word
    times are what they were."""
    assert word_texts(text) == text.split()


def test_japanese_and_chinese_divide_into_characters_and_kana_runs() -> None:
    assert word_texts("真っ昼間なのにキャンプの外れの電柱に電球がともっていた") == [
        *"真っ昼間",
        "なのに",
        "キャンプ",
        "の",
        "外",
        "れの",
        "電",
        "柱",
        "に",
        "電",
        "球",
        "がともっていた",
    ]
    assert word_texts("「你好」，世界！OK 2024年") == ["「你", "好」，", "世", "界！", "OK", "2024", "年"]
    assert word_texts("人々がラーメンを食べた。") == ["人々", "が", "ラーメン", "を", "食", "べた。"]


def _timed(draw: st.DrawFn, lines: tuple[str, ...]) -> Cue:
    text = "\n".join(lines)
    t = start = draw(st.integers(0, 5000))
    words = []
    for w in word_texts(text):
        ms = draw(st.integers(10, 900))
        words.append(Word(t, t + ms, w))
        t += ms
    return Cue(start, t, lines, words=tuple(words))


@st.composite
def _word_timed_cues(draw: st.DrawFn) -> Cue:
    line = _MIXED.map(lambda s: " ".join(s.split())).filter(lambda s: len(word_spans(s)) >= 2)
    return _timed(draw, tuple(draw(st.lists(line, min_size=1, max_size=2))))


def _stamped(cue: Cue) -> str:
    return dumps(Track((cue,)), "vtt", options=WriteOptions(words=True), report=Report())


@settings(max_examples=150, deadline=None)
@given(_word_timed_cues())
@example(Cue(0, 20, ("\u200b \u200b",), words=(Word(0, 10, "\u200b"), Word(10, 20, "\u200b"))))
def test_words_of_text_without_spaces_are_written_between_its_characters_and_read_back(cue: Cue) -> None:
    """Each word of Japanese or Chinese text gets its own WebVTT timestamp and ASS ``\\k`` tag,
    put between the characters (nothing added to the text): reading the file back gives the
    cue's text and its words (a cue of two words or more: WebVTT times the first by the cue);
    a cue of invisible words only (U+200B) is left out, and the report says so."""
    for fmt, slack in (("vtt", 0), ("ass", 10)):
        report = Report()
        body = dumps(Track((cue,)), fmt, options=WriteOptions(words=True), report=report)
        if not has_visible(cue.text):
            assert not loads(body, fmt).cues
            dropped = [(e.action, e.reason) for e in report.entries]
            assert dropped == [("dropped", "cue with no visible text not written")]
            continue
        (back,) = loads(body, fmt).cues
        assert back.text == cue.text, body
        assert [w.text for w in back.words] == [w.text for w in cue.words], body
        assert all(abs(g.start - w.start) <= slack for g, w in zip(back.words, cue.words, strict=True)), body


def test_a_japanese_cues_word_times_are_webvtt_timestamps_between_its_characters() -> None:
    (cue,) = loads(
        "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n真<00:00:01.200>昼<00:00:01.500>なのに<00:00:02.000>キャンプ\n", "vtt"
    ).cues
    assert cue.text == "真昼なのにキャンプ"
    assert [w.text for w in cue.words] == word_texts(cue.text)
    assert _stamped(cue).endswith("真<00:00:01.200>昼<00:00:01.500>なのに<00:00:02.000>キャンプ\n")

"""Normalisation: page text cleaned and reported; timed files faithful."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from subconv.formats.words import word_cuts
from subconv.model import Cue, Span, Track, Word
from subconv.report import Report
from subconv.steps.normalise import normalise

from ._helpers import ctx, page


def one(text: str, fmt: str = "page", **opts: object) -> tuple[Track, Report]:
    r = Report()
    return normalise(
        page(text) if fmt == "page" else Track((Cue(0, 1000, tuple(text.split("\n")), source_line=3),)),
        ctx(fmt, **opts),
        r,
    ), r


def test_zero_width_and_control_characters_removed_and_reported() -> None:
    out, r = one("Hel\u200blo\u2060 wor\ufeffld\x07!")
    assert out.cues[0].text == "Hello world!"
    (e,) = r.by_action("rewritten")
    assert e.line == 1 and "zero-width" in e.reason and "control" in e.reason


def test_whitespace_nfc_entities_bullets() -> None:
    out, r = one("  ●   Cafe\u0301 &amp;  cr&egrave;me\t br&ucirc;l&eacute;e  \n\n   second\u00a0line  ")
    assert out.cues[0].lines == ("Café & crème brûlée", "second line")
    reason = r.by_action("rewritten")[0].reason
    for word in ("entities", "NFC", "whitespace", "bullet"):
        assert word in reason


def test_double_escaped_entities_decode_fully() -> None:
    out, _ = one("Tom &amp;amp; Jerry &amp;#39;s")
    assert out.cues[0].text == "Tom & Jerry 's"


def test_leading_stamp_stripped_and_kept_as_anchor() -> None:
    out, r = one("[01:02:03.5] So we begin.")
    (c,) = out.cues
    assert c.text == "So we begin." and c.start == 3_723_500 and c.origin == "anchor"
    assert "timestamp" in r.by_action("rewritten")[0].reason


def test_speech_starting_with_a_time_is_kept() -> None:
    out, r = one("10:30 is when we meet.")
    assert out.cues[0].text == "10:30 is when we meet." and len(r) == 0


def test_sound_tags_kept_by_default_dropped_on_request() -> None:
    t = page("[Music]", "(applause) Thank you. (he said so)", "Hello")
    r = Report()
    assert [c.text for c in normalise(t, ctx(), r)] == ["[Music]", "(applause) Thank you. (he said so)", "Hello"]
    assert len(r) == 0
    r = Report()
    out = normalise(t, ctx(drop_sound_tags=True), r)
    assert [c.text for c in out] == ["Thank you. (he said so)", "Hello"]
    assert [(e.action, e.line) for e in r] == [("dropped", 1), ("rewritten", 2)]


def test_empty_cue_dropped_and_reported() -> None:
    r = Report()
    out = normalise(page(" \u200b ", "Real"), ctx(), r)
    assert [c.text for c in out] == ["Real"]
    assert [(e.action, e.line) for e in r] == [("dropped", 1)]


def test_timed_file_untouched_unless_dropping_sound_tags() -> None:
    t = Track((Cue(0, 1000, ("  <b>odd</b> &amp;  \u200b", "• x"), source_line=1),))
    r = Report()
    assert normalise(t, ctx("srt"), r) is t and len(r) == 0
    assert normalise(t, ctx("vtt", drop_sound_tags=True), Report()) is t


def test_timed_sound_tag_drop_keeps_spans_aligned() -> None:
    text = "[MUSIC PLAYING] Hello there"
    cue = Cue(0, 1000, (text, "(LAUGHS)"), spans=(Span(16, 21, "i"),), source_line=5)
    r = Report()
    (out,) = normalise(Track((cue,)), ctx("srt", drop_sound_tags=True), r).cues
    assert out.lines == ("Hello there",)
    assert [out.text[s.start : s.end] for s in out.spans] == ["Hello"]
    assert r.by_action("rewritten")[0].line == 5


def test_clean_page_untouched() -> None:
    t = page("Just a normal caption.", "Another one, fine.")
    r = Report()
    assert normalise(t, ctx(), r) is t and len(r) == 0


_PIECES = [
    *"ab é\u0301\u200b\u2060\ufeff\x01\t\n  &;#•*-[]()0:1",
    *("&amp;", "&lt;", "\u00a0", "[Music]", "(laughs)", "[0:12]"),
]
messy = st.lists(st.sampled_from(_PIECES), max_size=25).map("".join)


@settings(max_examples=200, deadline=None)
@given(st.lists(messy, min_size=1, max_size=5), st.booleans())
@example(["a[Music]\u0301"], True)  # dropping the tag joins "a" and the accent: NFC after, too
def test_page_normalise_idempotent_and_clean(texts: list[str], drop: bool) -> None:
    c = ctx(drop_sound_tags=drop)
    r = Report()
    t = page(*texts)
    once = normalise(t, c, r)
    assert normalise(once, c, Report()) == once
    for cue in once:
        assert cue.text == unicodedata.normalize("NFC", cue.text)
        assert all(ln and ln == ln.strip() and "  " not in ln for ln in cue.lines)
        assert not any(ch in cue.text for ch in "\u200b\u2060\ufeff\x01\t")
    changed = {e.line for e in r}
    out_lines = {cue.source_line: cue for cue in once}
    for cue in t:
        o = out_lines.get(cue.source_line)
        if o is None or o.text != cue.text:
            assert cue.source_line in changed


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=30), min_size=1, max_size=4), st.sampled_from(["srt", "vtt", "ass"]))
def test_timed_never_changed_without_option(texts: list[str], fmt: str) -> None:
    t = Track(tuple(Cue(i, i + 1, tuple(x.split("\n"))) for i, x in enumerate(texts)))
    assert normalise(t, ctx(fmt), Report()) is t


# ----------------------------------------------------------------- the clean-text shortcut

_SHORTCUT_PIECES = [
    *_PIECES,
    *("\u00a0", "\u2028", "\x85", "\x1c", "١:٢٣", "12:00 ", "- ", "– ", "‣", "·", "\\[", "(1:02)", "e\u0301", "\n\n"),
    *("Just words.", "Zoë's café", "中文字幕", "x"),
]
shortcut_text = st.lists(st.sampled_from(_SHORTCUT_PIECES), max_size=12).map("".join) | st.text(max_size=40)


@settings(max_examples=300, deadline=None)
@given(shortcut_text)
def test_text_called_clean_is_left_exactly_as_the_full_cleaning_would(text: str) -> None:
    """Page cues that pass the cheap ``_is_clean`` test skip cleaning: the full path must agree."""
    from subconv.steps.normalise import _clean_page_text, _is_clean

    cue = Cue(None, None, tuple(text.split("\n")), source_line=1)
    if _is_clean(cue.text):
        cleaned, reasons, anchor, _ = _clean_page_text(cue, False)
        assert (cleaned.text, reasons, anchor) == (cue.text, [], None)


def test_clean_shortcut_still_catches_what_needs_cleaning() -> None:
    from subconv.steps.normalise import _is_clean

    for dirty in (
        "a&amp;b",
        " a",
        "a ",
        "a  b",
        "a\tb",
        "a\u00a0b",
        "a\n",
        "\na",
        "a\n\nb",
        "• a",
        "- a",
        "[00:12] a",
        "١:٢٣ a",
        "a\u200bb",
        "a\x07b",
        "e\u0301",
        "",
    ):
        assert not _is_clean(dirty), dirty
    assert _is_clean("An ordinary caption, with punctuation!\nAnd a second line.")


_CLEAN_TEST_CHARS = st.sampled_from(
    list(" \n\t\r&-–*•●▪·◦‣\\[]()09٠abcXYZé字.,\u00a0\u200b\u200d\u2060\ufeff\x85\x7f\x01\u3000\u2028")
)


@settings(max_examples=500)
@given(st.one_of(st.text(_CLEAN_TEST_CHARS, min_size=1, max_size=12), st.text(min_size=1, max_size=12)))
@example("<A")  # (a tag start that is no formatting tag: the quick test said clean)
@example("x <p>y")
def test_the_quick_cleanliness_test_agrees_with_the_pattern(text: str) -> None:
    """A one-line printable text is tested in C (``_maybe_clean``): whatever the text, its answer
    is the pattern's, so a page cue is kept as it is exactly when it was before."""
    from subconv.steps import normalise as module

    assert module._maybe_clean(text) == (module._MAYBE_DIRTY.search(text) is None)


_PIECE = st.sampled_from(
    ["so", "we", "talk", "&amp;", "&lt;3", "caf\u00e9", "cafe\u0301", "wor\u200bld", "\u200b", "a\u00a0b", "x"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECE, min_size=1, max_size=8))
def test_word_times_follow_their_words_through_the_text_fixes(pieces: list[str]) -> None:
    """A timed page cue (json3 auto-captions) whose words hold an entity, a zero-width space or
    a no-break space: after the fixes every word with text left is still found in the cue's
    text at its time, so ``--words`` writes each; a word with no text left is reported.  Before,
    such a word kept its old text, was not found, and its time went to the word before."""
    words = tuple(Word(1000 + 300 * k, 1300 + 300 * k, p) for k, p in enumerate(pieces))
    track = Track((Cue(1000, 1000 + 300 * len(pieces), (" ".join(pieces),), source_line=1, words=words),))
    report = Report()
    out = normalise(track, ctx("page"), report).cues
    assert len(out) <= 1
    if not out:
        return
    cue = out[0]
    cuts = word_cuts(cue) or []
    assert [t for _, t in cuts] == [w.start for w in cue.words]  # (every word found, in order)
    kept = [w for w in words if w.text.replace("\u200b", "").strip()]
    assert [w.start for w in cue.words] == [w.start for w in kept]
    if len(kept) < len(words):
        assert any("word times of" in e.reason for e in report.entries)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["so", "cafe\u0301", "Zoe\u0308", "n\u0303o", "x"]), min_size=1, max_size=6))
def test_formatting_and_word_times_survive_unicode_composition(pieces: list[str]) -> None:
    """A page cue with decomposed accents (``e`` + U+0301), one word in italics and each word
    timed: NFC composes the text, and the italics still cover that word and every word keeps its
    time.  Before, composition lost every position: the italics were dropped ("formatting
    dropped") and the word times too, with the wrong reason ("their text removed")."""
    text = " ".join(pieces)
    at = text.rindex(pieces[-1])
    words = tuple(Word(1000 + 300 * k, 1300 + 300 * k, p) for k, p in enumerate(pieces))
    cue = Cue(1000, 1000 + 300 * len(pieces), (text,), (Span(at, len(text), "i"),), source_line=1, words=words)
    report = Report()
    (out,) = normalise(Track((cue,)), ctx("page"), report).cues
    composed = unicodedata.normalize("NFC", text)
    assert out.text == composed
    last = unicodedata.normalize("NFC", pieces[-1])
    assert [(composed[s.start : s.end], s.kind) for s in out.spans] == [(last, "i")]
    assert [(w.start, w.text) for w in out.words] == [(w.start, unicodedata.normalize("NFC", w.text)) for w in words]


def test_word_times_where_unicode_composition_loses_the_places() -> None:
    """Where NFC cannot be taken a piece at a time (Hangul jamo: two letters of class 0 compose),
    each word is fixed alone and found again in order: both keep their times.  A word not found
    so is dropped, and the reason says NFC lost its place (before: every word was dropped, "their
    text removed")."""
    words = (Word(1000, 1300, "\u1100\u1161"), Word(1300, 1600, "x"))
    cue = Cue(1000, 1600, ("\u1100\u1161 x",), source_line=1, words=words)
    (out,) = normalise(Track((cue,)), ctx("page"), Report()).cues
    assert (out.text, [(w.start, w.text) for w in out.words]) == ("\uac00 x", [(1000, "\uac00"), (1300, "x")])
    split = (Word(1000, 1300, "\u1100"), Word(1300, 1600, "\u1161"), Word(1600, 1900, "x"))
    cue = Cue(1000, 1900, ("\u1100\u1161 x",), source_line=1, words=split)
    report = Report()
    (out,) = normalise(Track((cue,)), ctx("page"), report).cues
    assert [(w.start, w.text) for w in out.words] == [(1600, "x")]
    assert [e.reason for e in report.entries] == [
        "Unicode NFC, word times of 2 word(s) dropped (Unicode NFC lost their places in the text)"
    ]

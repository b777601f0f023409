"""Word times written as ASS karaoke (``--words``) read back as the words' own times: a word that
starts after the cue's start (or after the word before ends) has an empty ``{\\k}`` syllable of
the pause before it, a word ends where it ended, and text before the first word is before every
tag.  The ASS and WebVTT writers cut the text at the same offsets (``formats.words.timed_words``),
so text inserted before a word (``Cue.with_text``) joins the same word in both."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import Report, WriteOptions, dumps, loads, read
from subconv.formats.ass.writer import KARAOKE_MIN_PAUSE_MS
from subconv.model import Cue, FrozenMap, Track, Word
from subconv.timefmt import to_resolution
from tests.robustness.robust_helpers import corpus_file

WORDS = WriteOptions(words=True)
_HEAD = (
    "[Script Info]\nScriptType: v4.00+\n\n[Events]\n"
    "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
)
#: the corpus scripts whose events have karaoke
KARAOKE_SCRIPTS = (
    "odd/ytsubconverter-ass/Karaoke.ass",
    "odd/ytsubconverter-ass/Simultaneous.ass",
    "odd/libass-tests/regression/v4++/kt.ass",
    "odd/libass-tests/regression/karaoke/357-k-and-kf-desynced.ass",
    "odd/libass-tests/regression/karaoke/karaoke-and-runsplits.ass",
    "odd/libass-tests/crash/generic.ass",
)


def _ass_back(cue: Cue) -> Cue:
    out = dumps(Track((cue,)), "ass", options=WORDS, report=Report())
    (back,) = loads(out, "ass").cues
    return back


def timed_words(cue: Cue) -> list[tuple[int, Word]] | None:
    """The oracle of the words a writer times: each word found in the text in order (its offset),
    starting after the word before, inside the cue's times (``formats.words.word_cuts``'s rule)."""
    assert cue.start is not None and cue.end is not None
    out: list[tuple[int, Word]] = []
    pos, last = 0, cue.start - 1
    for w in cue.words:
        k = cue.text.find(w.text, pos) if w.text else -1
        if k >= 0:
            pos = k + len(w.text)
            if last < w.start < cue.end:
                out.append((k, w))
                last = w.start
    return out or None


def _expected(cue: Cue) -> tuple[Word, ...]:
    """The words ASS karaoke holds of ``cue``: each kept word at its own times, to 10 ms, its end
    not before its start nor after the next word's start (the cue's end for the last); its
    text the cue's from it to the next kept word (stripped: a word whose time is left out
    joins the word before)."""
    timed = timed_words(cue)
    assert timed is not None and cue.end is not None
    stops = [w.start for _, w in timed[1:]] + [cue.end]
    bounds = [k for k, _ in timed[1:]] + [len(cue.text)]
    words = [
        Word(to_resolution(w.start, 10), to_resolution(max(w.start, min(w.end, stop)), 10), cue.text[k:b].strip())
        for (k, w), stop, b in zip(timed, stops, bounds, strict=True)
    ]
    # (a pause between two words shorter than KARAOKE_MIN_PAUSE_MS: the word before lasts on into it)
    for i in range(len(words) - 1):
        if words[i + 1].start - words[i].end < KARAOKE_MIN_PAUSE_MS:
            words[i] = Word(words[i].start, words[i + 1].start, words[i].text)
    return tuple(words)


def test_the_first_word_is_timed_from_its_own_start() -> None:
    words = (Word(2000, 2500, "Hello"), Word(2500, 3000, "there"), Word(3000, 4000, "world"))
    cue = Cue(1000, 4000, ("Hello there world",), words=words)
    out = dumps(Track((cue,)), "ass", options=WORDS)
    # before: {\k150}Hello {\k50}there {\k100}world (Hello read back from 0:01.00)
    assert out.endswith(r",{\k100}{\k50}Hello {\k50}there {\k100}world" + "\n")
    assert _ass_back(cue).words == cue.words
    vtt = dumps(Track((cue,)), "vtt", options=WORDS)
    assert "<00:00:02.000>Hello <00:00:02.500>there <00:00:03.000>world" in vtt  # (before: Hello untimed)
    assert loads(vtt, "vtt").cues[0].words == cue.words


def test_pauses_and_ends_between_words_are_kept() -> None:
    cue = Cue(0, 5000, ("oh one two",), words=(Word(500, 900, "one"), Word(2000, 2400, "two")))
    out = dumps(Track((cue,)), "ass", options=WORDS)
    assert out.endswith(r",oh {\k50}{\k40}one {\k110}{\k40}two" + "\n")
    assert _ass_back(cue).words == cue.words


@st.composite
def _word_cues(draw: st.DrawFn) -> Cue:
    """A cue with random word times inside it: pauses before, between and after the words,
    ends anywhere from the word's start to past the next one's, some text before the first."""
    pieces = st.sampled_from(["ka", "ra", "o-", "ke,", "{x}", "a\\", "Nb", "谢谢", "\\h"])
    texts = draw(st.lists(pieces, min_size=1, max_size=6))
    start = draw(st.integers(0, 50_000))
    t = start + draw(st.sampled_from([0, 0, 1, 5, 10, 333, 2000]))
    words = []
    for text in texts:
        length = draw(st.integers(0, 3000))
        words.append(Word(t, t + length, text))
        t += draw(st.integers(1, 3000))
    end = t + draw(st.integers(0, 3000))
    lead = draw(st.sampled_from(["", "", "♪ ", "- ", "("]))
    sep = draw(st.sampled_from([" ", " ", "\n", ""]))
    return Cue(start, end, tuple((lead + sep.join(texts)).split("\n")), words=tuple(words))


@settings(max_examples=150, deadline=None)
@given(_word_cues())
def test_random_word_times_written_as_karaoke_read_back(cue: Cue) -> None:
    back = _ass_back(cue)
    assert back.text == cue.text
    expected = _expected(cue)
    assert back.words == expected
    # (read back, they are the words the writer writes again as they are)
    assert _ass_back(back).words == expected


@pytest.mark.parametrize("rel", KARAOKE_SCRIPTS)
def test_corpus_karaoke_in_a_longer_cue_keeps_its_times(rel: str) -> None:
    """Each real karaoke event, its cue started earlier and ended later than its words (as a
    retimed or merged cue is), gives its own word times back: before, the first syllable was
    timed from the cue's new start and the last ran to its new end."""
    track = read(corpus_file(rel))
    cues = [c for c in track.cues if c.words and c.start is not None and c.end is not None]
    assert cues
    for cue in cues:
        assert cue.start is not None and cue.end is not None
        wider = cue.replace(start=cue.start - min(cue.start, 1230), end=cue.end + 770)
        assert wider.words == cue.words
        assert _ass_back(wider).words == _expected(wider), (rel, cue.source_line)
        if cue.start >= 10 and len(timed_words(wider) or ()) == len(cue.words):
            assert _ass_back(wider).words == cue.words, (rel, cue.source_line)


_KARAOKE = r"{\k50}Hello {\k60}there, {\k40}you {\c&H0000FF&}{\k30}all"
_INSERTS = st.sampled_from(["oh ", "oh", " ", ",", "-", "¿", " and ", "♪"])


def _pieces(cue: Cue, offsets: list[tuple[int, int]]) -> list[tuple[int, str]]:
    """``(start, text)`` of the stretches of ``cue.text`` cut at ``offsets`` (offset, start ms),
    stripped, the empty ones left out."""
    text = cue.text
    bounds = [k for k, _ in offsets] + [len(text)]
    out = [(t, text[k : bounds[i + 1]].strip()) for i, (k, t) in enumerate(offsets)]
    return [(t, s) for t, s in out if s]


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 150), st.integers(0, len("Hello there, you all")), _INSERTS)
def test_text_inserted_before_a_word_splits_the_same_in_ass_and_webvtt(pause: int, at: int, insert: str) -> None:
    """Both writers cut the edited text at each timed word's own offset (the first word's
    too): text inserted before a word is the word before's, in both.  Text before the first
    word is before every tag in ASS (no word's), and the stretch WebVTT times from the cue's
    start (before the first timestamp)."""
    script = _HEAD + f"Dialogue: 0,0:00:01.00,0:00:05.00,Default,,0,0,0,,{{\\k{pause}}}{_KARAOKE}\n"
    (cue,) = loads(script, "ass").cues
    edited = cue.with_text(cue.text[:at] + insert + cue.text[at:])
    timed = timed_words(edited)
    assert timed is not None
    cuts = [(k, w.start) for k, w in timed]
    ass_words = [(w.start, w.text) for w in _ass_back(edited).words]
    vtt = dumps(Track((edited,)), "vtt", options=WORDS, report=Report())
    vtt_words = [(w.start, w.text) for w in loads(vtt, "vtt").cues[0].words]
    assert ass_words == _pieces(edited, cuts)
    assert vtt_words == _pieces(edited, [(0, 1000), *[(k, t) for k, t in cuts if t > 1000]])


def test_text_inserted_before_a_later_word_joins_the_word_before() -> None:
    script = _HEAD + f"Dialogue: 0,0:00:01.00,0:00:05.00,Default,,0,0,0,,{{\\k20}}{_KARAOKE}\n"
    (cue,) = loads(script, "ass").cues
    edited = cue.with_text("oh Hello there, yes you all")
    ass = dumps(Track((edited,)), "ass", options=WORDS, report=Report())
    vtt = dumps(Track((edited,)), "vtt", options=WORDS, report=Report())
    # before: {\k70}oh Hello ... (the pause and "oh" joined Hello's syllable, timed from 0:01)
    assert ass.endswith(r",oh {\k20}{\k50}Hello {\k60}there, yes {\k40}you {\c&H0000FF&}{\k30}all" + "\n")
    assert "oh <00:00:01.200>Hello <00:00:01.700>there, yes <00:00:02.300>you <00:00:02.700>all" in vtt


def test_an_alignment_tag_goes_before_the_text_before_the_first_word() -> None:
    words = (Word(100, 200, "a"), Word(300, 400, "b"))
    cue = Cue(0, 3000, ("oh a b",), words=words, extras=FrozenMap({"ass.align": "8"}))
    line = dumps(Track((cue,)), "ass", options=WORDS).splitlines()[-1]
    assert line.endswith(r",,{\an8}oh {\k10}{\k10}a {\k10}{\k10}b")


def test_an_edited_karaoke_cue_keeps_its_other_tags_and_its_karaoke_kinds() -> None:
    """Before, the karaoke written for an edited cue dropped its other override tags (a colour)
    and wrote every ``\\kf`` sweep and ``\\ko`` as ``\\k``, without a report entry."""
    text = r"{\k50}Hello {\kf60}there {\c&H0000FF&\bord2}{\ko40}you"
    (cue,) = loads(_HEAD + f"Dialogue: 0,0:00:01.00,0:00:03.00,Default,,0,0,0,,{text}\n", "ass").cues
    edited = cue.with_text("oh Hello there you")
    report = Report()
    ass = dumps(Track((edited,)), "ass", options=WORDS, report=report)
    assert ass.endswith(r",oh {\k50}Hello {\kf60}there {\c&H0000FF&\bord2}{\ko40}you" + "\n")
    assert report.entries == []
    (back,) = loads(ass, "ass").cues
    assert back.words == edited.words and back.text == edited.text


#: an empty syllable (a pause) of karaoke: ``{\k3}`` just before another karaoke tag
_PAUSE = re.compile(r"\{\\k([0-9]+)\}(?=\{\\k)")


def _pauses(event_text: str) -> list[int]:
    """The durations (ms) of the empty syllables between words of an event's text (the leading
    one, the pause from the cue's start to its first word, left out: no word is before it)."""
    body = event_text.split(",", 9)[-1]
    first = body.find("\\k")
    return [10 * int(m.group(1)) for m in _PAUSE.finditer(body) if m.start() > first]


def test_a_pause_shorter_than_the_threshold_is_the_word_before_s() -> None:
    """Before: ``Hello {\\k3}{\\k40}there`` (a 30 ms empty syllable, a stray syllable in Aegisub)."""
    words = (Word(1000, 1500, "Hello"), Word(1530, 1900, "there"), Word(2400, 2800, "you"))
    cue = Cue(1000, 3000, ("Hello there you",), words=words)
    out = dumps(Track((cue,)), "ass", options=WORDS)
    assert out.endswith(r",{\k53}Hello {\k37}there {\k50}{\k40}you" + "\n")
    back = _ass_back(cue).words
    assert [w.start for w in back] == [1000, 1530, 2400]
    assert [w.end for w in back] == [1530, 1900, 2800]


@st.composite
def _close_word_cues(draw: st.DrawFn) -> Cue:
    """A cue of words apart by pauses around the threshold (0 to 3 times it, in ms)."""
    n = draw(st.integers(1, 8))
    t = draw(st.integers(0, 20_000))
    start = t - draw(st.sampled_from([0, 0, 30, 90, 100, 500]))
    start = max(start, 0)
    words = []
    for k in range(n):
        length = draw(st.integers(1, 900))
        words.append(Word(t, t + length, f"w{k}"))
        t += length + draw(st.integers(0, 3 * KARAOKE_MIN_PAUSE_MS))
    return Cue(start, t + draw(st.integers(0, 500)), (" ".join(w.text for w in words),), words=tuple(words))


@settings(max_examples=300, deadline=None)
@given(_close_word_cues())
def test_no_pause_shorter_than_the_threshold_and_every_word_starts_at_its_own_time(cue: Cue) -> None:
    out = dumps(Track((cue,)), "ass", options=WORDS, report=Report())
    line = out.splitlines()[-1]
    assert all(p >= KARAOKE_MIN_PAUSE_MS for p in _pauses(line)), line
    back = _ass_back(cue).words
    assert [w.start for w in back] == [to_resolution(w.start, 10) for w in cue.words]
    for before, after, word in zip(back, back[1:], cue.words, strict=False):
        # (a word's end moves only to the next word's start, by less than the threshold)
        assert before.end == to_resolution(word.end, 10) or (
            before.end == after.start and 0 < after.start - to_resolution(word.end, 10) < KARAOKE_MIN_PAUSE_MS
        )


def test_whisper_word_times_of_a_real_talk_give_no_tiny_pause() -> None:
    """The Whisper word times of a 3Blue1Brown talk (``[word, start s, end s]``), cut into cues
    of 8 words: each word reads back at its own start, and no empty syllable between two words
    is shorter than the threshold (before: 3 of its 384, ``{\\k6}`` and ``{\\k8}``)."""
    path = corpus_file("timed/3b1b/bitcoin/en.word_timings.json")
    timings = json.loads(path.read_text(encoding="utf-8"))
    words = [Word(round(a * 1000), round(b * 1000), w.strip()) for w, a, b in timings if w.strip()]
    cues = tuple(
        Cue(chunk[0].start, chunk[-1].end, (" ".join(w.text for w in chunk),), words=tuple(chunk))
        for chunk in (words[k : k + 8] for k in range(0, len(words), 8))
    )
    out = dumps(Track(cues), "ass", options=WORDS, report=Report())
    events = [line for line in out.splitlines() if line.startswith("Dialogue:")]
    assert len(events) == len(cues)
    assert all(p >= KARAOKE_MIN_PAUSE_MS for line in events for p in _pauses(line))
    back = loads(out, "ass").cues
    assert [[w.start for w in c.words] for c in back] == [
        [to_resolution(w.start, 10) for w in _expected(c)] for c in cues
    ]

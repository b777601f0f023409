"""ASS karaoke (``{\\k50}Hel{\\k60}lo``: centiseconds before each syllable) is the cue's word
times: read into ``Cue.words``, carried to WebVTT timestamps and back with ``--words``, moved
by every time edit, while an ASS -> ASS conversion still writes the event's own text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import Report, WriteOptions, dumps, loads
from subconv.model import Cue, Track, Word

_HEAD = (
    "[Script Info]\nScriptType: v4.00+\n\n[Events]\n"
    "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
)
_TEXT = r"{\k50}Hello {\kf60}there,\N{\ko40}you {\c&H0000FF&}{\K30}all"
KARAOKE = _HEAD + f"Dialogue: 0,0:00:01.00,0:00:03.00,Default,,0,0,0,,{_TEXT}\n"
WORDS = WriteOptions(words=True)


def test_karaoke_tags_are_the_cues_word_times() -> None:
    cue = loads(KARAOKE, "ass").cues[0]
    assert cue.words == (
        Word(1000, 1500, "Hello"),
        Word(1500, 2100, "there,"),
        Word(2100, 2500, "you"),
        Word(2500, 2800, "all"),
    )
    assert cue.lines == ("Hello there,", "you all")  # the text read as before
    # none from durations that overrun the cue, or from braces of the text
    over = _HEAD + r"Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{\k50}Hello {\k60}there" + "\n"
    escaped = _HEAD + r"Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,\{\k50}Hello" + "\n"
    assert loads(over, "ass").cues[0].words == ()
    assert loads(escaped, "ass").cues[0].words == ()  # a brace of the text: no tag


def test_karaoke_carries_to_webvtt_timestamps_and_back() -> None:
    track = loads(KARAOKE, "ass")
    vtt = dumps(track, "vtt", options=WORDS)
    assert "Hello <00:00:01.500>there,\n<00:00:02.100>you <00:00:02.500>all" in vtt
    back = dumps(loads(vtt, "vtt"), "ass", options=WORDS)
    assert r"{\k50}Hello {\k60}there,\N{\k40}you {\k50}all" in back  # (the last word to the cue's end)
    # ASS -> ASS keeps the event's own text, with --words or without
    assert dumps(track, "ass").endswith(f",{_TEXT}\n")
    assert dumps(track, "ass", options=WORDS).endswith(f",{_TEXT}\n")


def test_time_edits_move_karaoke_words() -> None:
    track = loads(KARAOKE, "ass").shift(ms=2500)
    assert [w.start for w in track.cues[0].words] == [3500, 4000, 4600, 5000]
    vtt = dumps(track, "vtt", options=WORDS)
    assert "Hello <00:00:04.000>there,\n<00:00:04.600>you <00:00:05.000>all" in vtt


@st.composite
def _timed_cues(draw: st.DrawFn) -> Track:
    """Cues whose words share out their times (as karaoke times them: each word to the next)."""
    cues = []
    t = draw(st.integers(0, 10_000))
    for _ in range(draw(st.integers(1, 3))):
        texts = draw(st.lists(st.sampled_from(["ka", "ra", "o-", "ke,", "sing", "la!", "{x}", "a\\b"]), min_size=1))
        lengths = draw(st.lists(st.integers(1, 3000), min_size=len(texts), max_size=len(texts)))
        start, words = t, []
        for text, ms in zip(texts, lengths, strict=True):
            words.append(Word(t, t + ms, text))
            t += ms
        cues.append(Cue(start, t, (" ".join(texts),), words=tuple(words)))
        t += draw(st.integers(0, 2000))
    return Track(tuple(cues))


@settings(max_examples=80, deadline=None)
@given(_timed_cues())
def test_words_written_as_karaoke_read_back(track: Track) -> None:
    back = loads(dumps(track, "ass", options=WORDS, report=Report()), "ass")
    for cue, got in zip(track.cues, back.cues, strict=True):
        assert [w.text for w in got.words] == [w.text for w in cue.words]
        for w, g in zip(cue.words, got.words, strict=True):
            assert abs(g.start - w.start) <= 10 and abs(g.end - w.end) <= 10, (w, g)

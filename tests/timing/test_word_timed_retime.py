"""``--retime`` (and wherever the ``time`` step estimates a cue's times) gives a cue that has word
times the times of its words: its first word's start and its last word's end.  Before, its start
and end were estimated from its text's length, its words ignored: the word times then fell
outside the estimated cue and were reported "N word times not written"."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

import subconv
from subconv.formats import WriteOptions
from subconv.formats.words import word_cuts
from subconv.model import Cue, Track, Word
from subconv.options import Options
from subconv.pipeline import Context
from subconv.report import Report
from subconv.steps.time import estimate
from tests.clirun import run_subconv

_TOKEN = st.sampled_from(["So", "what", "is", "a", "ledger?", "Well,", "it", "records", "all.", "中文", "x" * 12])

#: a cue: its words, each (text, ms after the word before starts (>= 1), its length in ms), or
#: None for a cue with no word times (its text estimated between the others)
_CUE = st.one_of(
    st.lists(st.tuples(_TOKEN, st.integers(1, 3000), st.integers(0, 2500)), min_size=1, max_size=14),
    st.none(),
)


def _track(drawn: list[list[tuple[str, int, int]] | None], shifts: list[int]) -> Track:
    """A timed track of the cues ``drawn`` (word starts rising through the whole track; a word may
    run past the next one's start), each cue's given times ``shifts`` off its words', as a
    recogniser's segment times can be."""
    cues: list[Cue] = []
    t = 0  # the last word start
    untimed = 0  # cues without word times since the last cue with them
    for k, spec in enumerate(drawn):
        shift = shifts[k % len(shifts)]
        if spec is None:
            given = max(0, t + shift)
            cues.append(Cue(given, given + 1500, ("And then, nothing timed.",), source_line=k + 1))
            untimed += 1
            continue
        words: list[Word] = []
        for n, (text, after, length) in enumerate(spec):
            # (room for the cues with no word times before it: 2 ms each, as the placer needs)
            t += max(after, 2 * untimed + 1) if n == 0 else after
            words.append(Word(t, t + length, text))
        untimed = 0
        start = max(0, words[0].start + shift)
        cues.append(Cue(start, start + 1000, (" ".join(w.text for w in words),), words=tuple(words), source_line=k + 1))
    return Track(tuple(cues))


@settings(max_examples=120, deadline=None)
@given(
    st.lists(_CUE, min_size=1, max_size=12),
    st.lists(st.integers(-5000, 5000), min_size=1, max_size=5),
    st.sampled_from([None, 20, 42]),
)
def test_retime_writes_every_word_time_and_no_cue_overlaps_the_next(
    drawn: list[list[tuple[str, int, int]] | None], shifts: list[int], max_chars: int | None
) -> None:
    track = _track(drawn, shifts)
    report = Report()
    options = Options(retime=True) if max_chars is None else Options(retime=True, max_chars=max_chars)
    out = subconv.process(track, "srt", options, report)
    text = subconv.dumps(out, "vtt", options=WriteOptions(words=True), report=report)
    assert not list(report.entries.of_action("dropped")), (text, list(report))
    for cue in out.cues:
        assert cue.start is not None and cue.end is not None and cue.start < cue.end
        timed = [w for w in cue.words if w.text]
        if timed:
            # every word time written: inside the cue, in order
            assert len(word_cuts(cue) or ()) == len(timed), (cue, cue.words)
            assert cue.start == timed[0].start
    for a, b in itertools.pairwise(out.cues):
        assert a.end is not None and b.start is not None and a.end <= b.start, (a, b)
    assert report.info["timing"]["from_words"] == sum(1 for c in out.cues if any(w.text for w in c.words))


def test_a_cue_takes_its_words_times_and_the_others_are_placed_between() -> None:
    words = (Word(10_000, 10_400, "Hello"), Word(10_500, 11_900, "there."))
    later = (Word(20_000, 20_300, "Bye"), Word(20_400, 20_800, "now."))
    track = Track(
        (
            Cue(0, 1000, ("Hello there.",), words=words, source_line=1),
            Cue(1000, 2000, ("Something said between them, untimed.",), source_line=5),
            Cue(2000, 3000, ("Bye now.",), words=later, source_line=9),
        )
    )
    report = Report()
    out = estimate(track, Context("srt", Options(retime=True)), report)
    first, middle, last = out.cues
    assert (first.start, first.end) == (10_000, 11_900)
    assert (last.start, last.end) == (20_000, 20_800)
    assert middle.start is not None and middle.end is not None
    assert 11_900 < middle.start < middle.end < 20_000 and middle.origin == "estimated"
    assert first.origin == "given" and first.words == words
    reasons = [(e.line, e.reason) for e in report if e.step == "time"]
    assert (1, "1 cue timed by its word times from 0:10 to 0:11 (not estimated from the text)") in reasons
    assert (9, "1 cue timed by its word times from 0:20 to 0:20 (not estimated from the text)") in reasons
    assert report.info["timing"]["from_words"] == 2


def test_a_last_word_over_the_next_cue_s_first_is_cut_there() -> None:
    """Recognisers' words overlap: the cue ends where the next one's first word starts."""
    track = Track(
        (
            Cue(0, 1000, ("One two",), words=(Word(0, 400, "One"), Word(500, 1500, "two"))),
            Cue(1000, 2000, ("three",), words=(Word(1200, 1800, "three"),)),
        )
    )
    out = estimate(track, Context("srt", Options(retime=True)), Report())
    assert [(c.start, c.end) for c in out.cues] == [(0, 1200), (1200, 1800)]


def test_a_last_word_over_a_cue_without_words_leaves_it_room() -> None:
    """The cue between them gets room (2 ms at least) before the next cue's first word: the next
    cue's word times are not ignored (the time step ignores a start that leaves no room)."""
    track = Track(
        (
            Cue(0, 1000, ("One two",), words=(Word(0, 400, "One"), Word(3000, 5000, "two"))),
            Cue(1000, 2000, ("Something untimed.",)),
            Cue(2000, 3000, ("three",), words=(Word(4000, 4500, "three"),)),
        )
    )
    report = Report()
    out = estimate(track, Context("srt", Options(retime=True)), report)
    first, middle, last = out.cues
    assert (first.start, last.start, last.end) == (0, 4000, 4500)
    assert first.end is not None and middle.start is not None and middle.end is not None and last.start is not None
    assert 3000 < first.end <= middle.start < middle.end <= last.start
    assert not [e for e in report if "ignored" in e.reason]


def test_cli_whisper_json_one_long_segment_keeps_its_word_times(tmp_path: Path) -> None:
    """The reported case: one Whisper segment of two sentences, split by --max-chars 42, re-timed."""
    text = "Hello there, this is the first sentence of the talk. And here is the second one that follows it closely"
    words = [
        {"word": " " + w, "start": 1 + 0.4 * k, "end": 1 + 0.4 * k + 0.3, "probability": 0.9}
        for k, w in enumerate(text.split())
    ]
    segments = [{"id": 0, "seek": 0, "start": 1.0, "end": 9.0, "text": " " + text, "words": words}]
    src = tmp_path / "w.json"
    src.write_text(json.dumps({"text": " " + text, "segments": segments, "language": "en"}), encoding="utf-8")
    out = tmp_path / "out.vtt"
    proc = run_subconv("convert", str(src), "-o", str(out), "--max-chars", "42", "--words", "--retime", "--explain")
    assert proc.returncode == 0, proc.stderr
    # (before: 00:00:00.000 --> 00:00:02.961 and 00:00:03.044 --> 00:00:05.952, estimated from the text,
    # and "5 word times not written", "7 word times not written")
    assert "not written" not in proc.stdout + proc.stderr
    vtt = out.read_text(encoding="utf-8")
    assert "00:00:01.000 --> 00:00:04.900\nHello <00:00:01.400>there," in vtt
    assert "00:00:05.000 --> 00:00:08.900\nAnd <00:00:05.400>here" in vtt
    assert "<00:00:08.600>closely" in vtt
    assert "time: info: 2 cues timed by their word times from 0:01 to 0:08" in proc.stdout + proc.stderr


def test_a_real_talk_s_word_times_all_written(shared: Path, tmp_path: Path) -> None:
    """A 3Blue1Brown talk's sentence and word timings as a recogniser's JSON (a segment a
    sentence, long ones split by --max-chars 42): every word time is written, in its cue."""
    talk = shared / "corpus" / "timed" / "3b1b" / "bitcoin"
    sentences = json.loads((talk / "en.sentence_timings.json").read_text(encoding="utf-8"))
    words = json.loads((talk / "en.word_timings.json").read_text(encoding="utf-8"))
    segments: list[dict[str, object]] = []
    k = 0
    for n, (_, start, end) in enumerate(sentences):
        mine: list[dict[str, object]] = []
        last = n == len(sentences) - 1  # (and the words after the last sentence's end)
        while k < len(words) and (not mine or last or words[k][1] < end):
            mine.append({"word": words[k][0], "start": words[k][1], "end": words[k][2]})
            k += 1
        segments.append({"start": start, "end": end, "text": "".join(str(w["word"]) for w in mine), "words": mine})
    assert k == len(words) and segments[0]["text"] == " " + sentences[0][0]
    src = tmp_path / "talk.json"
    src.write_text(json.dumps({"segments": segments, "language": "en"}), encoding="utf-8")
    out, report = tmp_path / "talk.vtt", tmp_path / "report.json"
    proc = run_subconv(
        "convert", str(src), "-o", str(out), "--max-chars", "42", "--words", "--retime", "--report", str(report)
    )
    assert proc.returncode == 0, proc.stderr
    # the only word times not written: a word starting when the word before it does ("In" 9:07.580
    # "fact," 9:07.580: a WebVTT timestamp is after the one before it): 11 of 4,358; before, 3,898
    same = [b for a, b in itertools.pairwise(words) if round(b[1] * 1000) <= round(a[1] * 1000)]
    entries = json.loads(report.read_text(encoding="utf-8"))["entries"]
    left_out = [int(e["reason"].split()[0]) for e in entries if "not written" in e["reason"]]
    assert 0 < sum(left_out) == len(same)
    vtt = out.read_text(encoding="utf-8")
    # each other word's start: the cue's start for its first word, a timestamp before the others
    stamps = set(re.findall(r"(?:^|<)(\d\d:\d\d:\d\d\.\d\d\d)(?:>| -->)", vtt, re.M))
    missing = [w for w in words if _vtt_time(round(w[1] * 1000)) not in stamps]
    assert missing == []
    cues = [tuple(map(_ms, m)) for m in re.findall(r"^(\S+) --> (\S+)", vtt, re.M)]
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(cues))


def _vtt_time(ms: int) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}.{ms % 1000:03d}"


def _ms(stamp: str) -> int:
    h, m, s = stamp.split(":")
    return round((int(h) * 3600 + int(m) * 60 + float(s)) * 1000)

"""LRC lyrics: reading (stamps, tags, offset, enhanced word stamps; reported), writing, sniffing,
round trips.  Before, a ``.lrc`` was read as a plain page: its stamps kept as text, its tags cues."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from subconv import ParseError, Report, WriteOptions, detect_format, dumps, loads, read
from subconv.formats import from_extension, get
from subconv.model import Cue, FrozenMap, Span, Track, Word
from tests.clirun import run_subconv
from tests.robustness.robust_helpers import corpus_file
from tests.strategies import tracks

WJ = "\u2060"


def _odd(rel: str) -> Path:
    """A file of the corpus's ``odd`` folder, skipping when it is absent."""
    return corpus_file(f"odd/{rel}")


def _normalised(track: Track) -> list[tuple[int | None, int | None, tuple[str, ...]]]:
    """What LRC keeps of a track: times, and lines without spaces/tabs at their ends."""
    return [(c.start, c.end, tuple(line.strip(" \t") for line in c.text.split("\n"))) for c in track.cues]


def test_reads_stamps_tags_and_ends() -> None:
    text = (
        "[ar:Someone]\n[ti:A song]\n\n[00:01.00]One\n[00:02.50][00:09.00]Twice\n"
        "[00:04.00]\n[00:05]Three\n[00:07.123]Four\n"
    )
    report = Report()
    t = loads(text, "lrc", report=report)
    assert t.title == "A song" and t.meta["lrc.tags"] == ("[ar:Someone]",)
    assert t.source_lines["title"] == "2" and t.source_lines["lrc.tags"] == ("1",)
    assert [(c.start, c.end, c.text, c.source_line) for c in t] == [
        (1000, 2500, "One", 4),
        (2500, 4000, "Twice", 5),
        (5000, 7123, "Three", 7),
        (7123, 9000, "Four", 8),
        (9000, t.cues[-1].end, "Twice", 5),
    ]
    last = t.cues[-1]
    assert last.end is not None and 9000 + 833 <= last.end <= 9000 + 7000
    assert [(e.action, e.line) for e in report.entries if e.step == "lrc"] == [("repaired", 5)]


def test_offset_is_applied_and_said() -> None:
    report = Report()
    t = loads("[offset:+500]\n[00:01.00]a\n[00:02.00]b\n[00:03.00]\n", "lrc", report=report)
    assert [(c.start, c.end) for c in t] == [(500, 1500), (1500, 2500)]
    assert "lrc.tags" not in t.meta
    (entry,) = [e for e in report.entries if e.step == "lrc"]
    assert (entry.action, entry.line) == ("rewritten", 1) and "500 ms earlier" in entry.reason
    later = loads("[offset:-250]\n[00:01.00]a\n[00:02.00]\n", "lrc")
    assert [(c.start, c.end) for c in later] == [(1250, 2250)]


def test_lines_of_one_time_are_one_cue_reported_where_not_as_written() -> None:
    """A line of the same time right under its line (a translation; a cue's lines as the writer
    writes them) is that cue's next line, with no report entry; one elsewhere in the file, or on
    a line of several stamps, is joined too, reported ``merged`` at its line.  Before, every
    line after a cue's first was reported, a round trip of a cue of two lines too."""
    report = Report()
    t = loads("[00:01.00]你好\n[00:01.00]Hello\n[00:03.00]\n", "lrc", report=report)
    assert [(c.start, c.end, c.lines) for c in t] == [(1000, 3000, ("你好", "Hello"))]
    assert [(e.action, e.line) for e in report.entries if e.step == "lrc"] == []
    report = Report()
    t = loads("[00:01.00]a\n[00:02.00]b\n[00:01.00]c\n[00:03.00][00:02.00]d\n[00:04.00]\n", "lrc", report=report)
    assert [(c.start, c.lines) for c in t] == [(1000, ("a", "c")), (2000, ("b", "d")), (3000, ("d",))]
    assert [(e.action, e.line) for e in report.entries if e.step == "lrc"] == [("merged", 3), ("merged", 4)]


_LINES = st.lists(st.text(st.sampled_from(list("ab c中<[]:0")), min_size=1, max_size=6), min_size=1, max_size=3).filter(
    lambda lines: any(line.strip() for line in lines)  # (a cue with no visible text is not written)
)


@settings(max_examples=80, deadline=None)
@given(st.lists(_LINES, min_size=1, max_size=5), st.integers(1, 50))
def test_a_written_file_reads_back_with_nothing_merged_said(cues: list[list[str]], gap: int) -> None:
    """The cues the writer writes (of one line or several, one start each) read back with no
    ``merged`` entry: only what the writer would not have written as one cue is reported."""
    track = Track(tuple(Cue(k * 1000 * gap, (k + 1) * 1000 * gap, tuple(lines)) for k, lines in enumerate(cues)))
    report = Report()
    back = loads(dumps(track, "lrc"), "lrc", report=report)
    assert [c.text.count("\n") for c in back] == [c.text.count("\n") for c in track]
    assert [e for e in report.entries if e.action == "merged"] == []


def test_enhanced_word_stamps_are_word_times() -> None:
    t = loads("[00:01.00]<00:01.00>Hello <00:01.50>big <00:02.00>world<00:02.40>\n[00:03.00]<00:03.00>Next\n", "lrc")
    first = t.cues[0]
    assert (first.start, first.end, first.text) == (1000, 3000, "Hello big world")
    assert first.words == (Word(1000, 1500, "Hello"), Word(1500, 2000, "big"), Word(2000, 2400, "world"))
    assert t.cues[1].words[0].start == 3000


def test_bad_lines_are_reported_and_a_file_without_stamps_is_an_error() -> None:
    report = Report()
    t = loads("[00:01.00]a\nno time here\n[00:75.00]bad\n[00:03.00]b\n[00:04.00]\n", "lrc", report=report)
    assert [c.text for c in t] == ["a", "b"]
    assert [(e.action, e.line) for e in report.entries if e.step == "lrc"] == [("dropped", 2), ("dropped", 3)]
    with pytest.raises(ParseError) as err:
        loads("[ar:x]\njust words\n", "lrc")
    assert err.value.line == 2


def test_the_command_line_reads_lrc_and_says_where_a_bad_one_fails(tmp_path: Path) -> None:
    """Before: the stamps were text of a page (``[00:01.00]One`` a cue's text)."""
    good, bad = tmp_path / "s.lrc", tmp_path / "b.lrc"
    good.write_text("[ti:T]\n[00:01.00]One\n[00:02.50]Two\n[00:04.00]\n", encoding="utf-8")
    r = run_subconv("convert", str(good), "-o", str(tmp_path / "s.srt"))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "s.srt").read_text(encoding="utf-8") == (
        "1\n00:00:01,000 --> 00:00:02,500\nOne\n\n2\n00:00:02,500 --> 00:00:04,000\nTwo\n"
    )
    bad.write_text("[ar:x]\n\nwords only\n", encoding="utf-8")
    r = run_subconv("convert", str(bad), "--from", "lrc", "-o", str(tmp_path / "b.srt"))
    assert r.returncode == 1 and r.stderr.startswith(f"subconv: error: {bad}:3: ") and "Traceback" not in r.stderr


def test_sniffed_by_content_even_named_txt(tmp_path: Path) -> None:
    assert from_extension("a.LRC") == "lrc"
    src = tmp_path / "lyrics.txt"
    src.write_text("[ar:Me]\n[00:01.00]Hello\n[00:02.00]World\n", encoding="utf-8")
    report = Report()
    t = read(src, report=report)
    assert report.info["format"] == "lrc" and [c.text for c in t] == ["Hello", "World"]
    assert detect_format("[00:01] Hello there\nSome paragraph\nAnother one\n") != "lrc"


def test_writes_centiseconds_gaps_and_the_last_end() -> None:
    report = Report()
    t = Track((Cue(1004, 2000, ("a",)), Cue(2000, 3000, ("b", "c")), Cue(4000, 5555, ("d",))), title="T", language="en")
    assert dumps(t, "lrc", report=report) == (
        "[ti:T]\n[00:01.00]a\n[00:02.00]b\n[00:02.00]c\n[00:03.00]\n[00:04.00]d\n[00:05.56]\n"
    )
    reasons = [e.reason for e in report.entries]
    assert "2 times rounded to 10 ms" in reasons
    assert any(r.startswith("the language not written") for r in reasons)


def test_an_overlap_is_reported_and_minutes_grow() -> None:
    report = Report()
    written = dumps(
        Track((Cue(0, 3000, ("a",)), Cue(1000, 2000, ("b",)), Cue(6_000_000, 6_001_000, ("c",)))), "lrc", report=report
    )
    assert written == "[00:00.00]a\n[00:01.00]b\n[00:02.00]\n[100:00.00]c\n[100:01.00]\n"
    assert any(e.reason.startswith("end not written") and e.text == "a" for e in report.entries)


def test_escapes_only_what_would_be_misread() -> None:
    lines = ("[00:01.00] x", "", "a <00:01.00> b", "[ar:kept]", "12:30 [b] <i>", "  ")
    written = dumps(Track((Cue(0, 1000, lines),)), "lrc")
    assert written.split("\n")[:6] == [
        "[00:00.00]" + WJ + "[00:01.00] x",
        "[00:00.00]" + WJ,
        "[00:00.00]a <" + WJ + "00:01.00> b",
        "[00:00.00][ar:kept]",
        "[00:00.00]12:30 [b] <i>",
        "[00:00.00]" + WJ,
    ]
    assert loads(written, "lrc").cues[0].lines == (*lines[:5], "")


def test_styling_placement_and_tags_elsewhere_are_reported() -> None:
    report = Report()
    dumps(
        Track((Cue(0, 1000, ("a",), (Span(0, 1, "i"),), extras=FrozenMap({"srt.align": "8"})),)), "lrc", report=report
    )
    assert [e.reason for e in report.by_action("dropped")] == [
        "italic/bold/underline of 1 cues: lrc has no styling",
        "placement of 1 cues: lrc has no positioning",
    ]
    report = Report()
    dumps(loads("[ar:Me]\n[ti:T]\n[00:01.00]a\n[00:02.00]\n", "lrc"), "srt", report=report)
    assert [(e.reason.split(" not written")[0], e.line) for e in report.by_action("dropped")] == [
        ("the title", 2),
        ("the LRC ID tags ([ar:], [al:], [by:], ...) (1)", 1),
    ]


@settings(max_examples=80, deadline=None)
@given(tracks(spans=False, resolution=10))
def test_round_trip(track: Track) -> None:
    assume(all(c.start != c.end for c in track))  # (a cue of no length at the next one's start: one line)
    assert loads(dumps(track, "lrc"), "lrc").cues == track.cues


@settings(max_examples=80, deadline=None)
@given(tracks(hostile=True, resolution=10), st.booleans(), st.booleans())
def test_round_trip_hostile_text(track: Track, bom: bool, crlf: bool) -> None:
    assume(all(c.start != c.end for c in track))
    written = dumps(track, "lrc", options=WriteOptions(bom=bom, crlf=crlf))
    assert detect_format(written) == "lrc"
    assert _normalised(loads(written, "lrc")) == _normalised(track)


_WORD = st.text(st.sampled_from(list("abcé中<>[]:0")), min_size=1, max_size=5)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.tuples(_WORD, st.integers(1, 80)), min_size=1, max_size=5), min_size=1, max_size=4))
def test_word_times_round_trip(cues: list[list[tuple[str, int]]]) -> None:
    """``--words``: each word's start a word stamp, its end the next one's (the last word's its
    own stamp), read back as the same word times."""
    out, t = [], 10_000
    for words in cues:
        start, timed = t, []
        for text, length in words:
            timed.append(Word(t, t + 10 * length, text))
            t += 10 * length
        out.append(Cue(start, t + 500, (" ".join(w.text for w in timed),), words=tuple(timed)))
        t += 1000
    track = Track(out)
    back = loads(dumps(track, "lrc", options=WriteOptions(words=True)), "lrc")
    assert [(c.start, c.end, c.text, c.words) for c in back] == [(c.start, c.end, c.text, c.words) for c in track]


def test_read_in_pieces_is_read_whole() -> None:
    text = "[ti:T]\r\n[00:01.00]<00:01.00>a <00:01.50>b\r\n[00:02.00]\r\n[00:03.00]c\r\n"
    fmt = get("lrc")
    assert fmt.read_pieces is not None
    for cut in (1, 2, 5):
        pieces = [text[k : k + cut] for k in range(0, len(text), cut)]
        assert fmt.read_pieces(pieces, Report()) == fmt.read(text, Report())


def test_corpus_files() -> None:
    report = Report()
    t = read(_odd("subsrt/sample.lrc"), report=report)
    assert report.info["format"] == "lrc" and t.title == "Lyrics (song) title"
    assert [c.start for c in t] == [12000, 17200, 21100, 24000, 28250, 29020]
    assert t.cues[0].text == "Line 1 lyrics" and t.cues[-2].end == 29020
    tags = t.meta["lrc.tags"]
    assert len(tags) == 8 and tags[0] == "[ar:Lyrics artist]" and any(x.startswith("[offset:") for x in tags)
    assert [e.action for e in report.entries if e.step == "lrc"] == ["kept", "repaired"]  # (the offset, the end)
    t = read(_odd("mantas-done-subtitles/lrc.lrc"))
    assert [(c.start, c.text) for c in t][:2] == [
        (8620, "First things first"),
        (9640, "I'ma say all the words inside my head"),
    ]
    assert len(t) == 5

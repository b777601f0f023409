"""YouTube SBV: reading (lenient, reported), writing, sniffing, round trips."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import ParseError, Report, WriteOptions, detect_format, dumps, loads, read
from subconv.formats import from_extension, get
from subconv.model import Cue, FrozenMap, Span, Track
from tests.clirun import run_subconv
from tests.robustness.robust_helpers import corpus_file
from tests.strategies import tracks

WJ = "\u2060"


def _odd(rel: str) -> Path:
    """A file of the corpus's ``odd`` folder, skipping when it is absent."""
    return corpus_file(f"odd/{rel}")


def _normalised(track: Track) -> list[tuple[int | None, int | None, tuple[str, ...]]]:
    """What SBV keeps of a track: times, and lines without spaces/tabs at their ends."""
    return [(c.start, c.end, tuple(line.strip(" \t") for line in c.lines)) for c in track.cues]


def test_reads_the_basic_shape() -> None:
    t = loads("0:00:01.000,0:00:03.500\nHello\nworld\n\n0:01:02.5,1:00:00.25\nBye\n", "sbv")
    assert [(c.start, c.end, c.lines) for c in t.cues] == [
        (1000, 3500, ("Hello", "world")),
        (62500, 3600250, ("Bye",)),
    ]
    assert t.cues[0].source_line == 1 and t.cues[1].source_line == 5


def test_sniffed_by_content_and_extension() -> None:
    text = "0:00:01.000,0:00:03.500\nHello\n"
    assert detect_format(text) == "sbv"
    assert detect_format(text, "x.txt") == "sbv"  # content first: not a page with timestamp cues
    assert from_extension("talk.SBV") == "sbv"
    assert get("sbv").extensions == (".sbv",)
    assert get("youtube").name == "sbv"


def test_crlf_bom_comma_and_no_final_newline() -> None:
    t = loads("\ufeff0:00:01,5,0:00:02,000\r\nHi  \r\n\r\n0:00:03.000,0:00:04.000\r\nThere", "sbv")
    assert [(c.start, c.end, c.lines) for c in t.cues] == [(1500, 2000, ("Hi",)), (3000, 4000, ("There",))]


def test_repairs_are_reported_with_lines() -> None:
    rep = Report()
    t = loads(
        "junk\n0:00:02.000,0:00:01.000\nA\n\nmore\n0:00:03.000,0:00:04.000\nB\n0:00:05.000,0:00:06.000\n",
        "sbv",
        report=rep,
    )
    assert [(c.start, c.end, c.lines) for c in t.cues] == [
        (1000, 2000, ("A", "", "more")),
        (3000, 4000, ("B",)),
        (5000, 6000, ("",)),
    ]
    got = {(e.action, e.line) for e in rep.entries}
    assert {("dropped", 1), ("repaired", 2), ("repaired", 5), ("repaired", 8), ("kept", 8)} <= got


def test_a_bad_timing_line_drops_its_cue_and_the_others_are_read() -> None:
    """As SRT's reader does (docs/formats.md): the cue whose timing line cannot be read is dropped,
    its timing line and each line of its text reported with their lines, one warning at the first;
    before, the whole file was a ParseError at that line."""
    rep = Report()
    text = "0:00:00.378,0:00:11.378\nA\n\n0:00:13.f89,0:00:15.489\nB\nB2\n\n0:00:16.000,0:00:17.000\nC\n"
    t = loads(text, "sbv", report=rep)
    assert [(c.start, c.text, c.source_line) for c in t.cues] == [(378, "A", 1), (16000, "C", 8)]
    assert [(e.action, e.line, e.text) for e in rep.entries if e.step == "sbv"] == [
        ("dropped", 4, "0:00:13.f89,0:00:15.489"),
        ("dropped", 5, "B"),
        ("dropped", 6, "B2"),
    ]
    assert [(e.step, e.reason, e.line) for e in rep.by_action("warning")] == [
        ("convert", "a cue was dropped: its timing line could not be read", 4)
    ]


@pytest.mark.parametrize("fmt", ["sbv", "subviewer"])
def test_a_file_with_no_readable_timing_line_is_a_parse_error_at_its_first_line(fmt: str) -> None:
    bad = "0:00:13.f89,0:00:15.489" if fmt == "sbv" else "00:00:13.f8,00:00:15.48"
    for text, line in ((f"{bad}\nB\n", 1), (f"\n\n{bad}\nB\n\n{bad}\nC\n", 3), (f"junk\n\n{bad}\nB\n", 1)):
        with pytest.raises(ParseError) as info:
            loads(text, fmt)
        assert (info.value.line, info.value.format) == (line, fmt)


def test_subviewer_drops_the_cue_of_a_bad_timing_line_too() -> None:
    rep = Report()
    head = "[INFORMATION]\n[END INFORMATION]\n[SUBTITLE]\n"
    t = loads(
        head + "00:00:01.00,00:00:02.00\nA\n\n00:00:0x.00,00:00:04.00\nB\n\n00:00:05.00,00:00:06.00\nC\n",
        "subviewer",
        report=rep,
    )
    assert [c.text for c in t.cues] == ["A", "C"]
    assert [(e.action, e.line) for e in rep.entries if e.step == "subviewer"] == [("dropped", 7), ("dropped", 8)]


@pytest.mark.parametrize(("text", "line"), [("some text", 1), ("\n\nHello there\nfriend\n", 3)])
def test_text_without_timing_is_a_parse_error(text: str, line: int) -> None:
    with pytest.raises(ParseError) as info:
        loads(text, "sbv")
    assert info.value.line == line


def test_huge_numbers_are_text_or_parse_errors_not_crashes() -> None:
    with pytest.raises(ParseError):
        loads("9" * 5000 + ":00:01.000,0:00:02.000\nx\n", "sbv")


def test_writes_youtube_shape() -> None:
    t = Track((Cue(1000, 3500, ("Hello", "world")), Cue(3723004, 3724000, ("Bye",))))
    assert dumps(t, "sbv") == "0:00:01.000,0:00:03.500\nHello\nworld\n\n1:02:03.004,1:02:04.000\nBye\n"


def test_styling_and_placement_are_reported_not_silently_lost() -> None:
    rep = Report()
    t = Track((Cue(0, 1000, ("Hi",), (Span(0, 2, "i"),), extras=FrozenMap({"srt.align": "8"})),))
    assert dumps(t, "sbv", report=rep) == "0:00:00.000,0:00:01.000\nHi\n"
    assert [e.action for e in rep.entries] == ["dropped", "dropped"]


def test_escapes_only_what_would_be_misread() -> None:
    lines = ("12:30 or 13:45", "C:\\new", "", "0:00:01.000,0:00:02.000", "[br]", "a -> b")
    written = dumps(Track((Cue(0, 1000, lines),)), "sbv")
    assert written.split("\n")[1:7] == [
        "12:30 or 13:45",
        "C:\\new",
        WJ,
        WJ + "0:00:01.000,0:00:02.000",
        "[" + WJ + "br]",
        "a -> b",
    ]
    assert loads(written, "sbv").cues[0].lines == lines


def test_speaker_named_where_a_turn_starts() -> None:
    t = Track((Cue(0, 1, ("a",), speaker="Ann"), Cue(1, 2, ("b",), speaker="Ann"), Cue(2, 3, ("c",), speaker="Bo")))
    assert [c.lines for c in loads(dumps(t, "sbv"), "sbv").cues] == [("Ann: a",), ("b",), ("Bo: c",)]
    plain = dumps(t, "sbv", options=WriteOptions(speaker_prefix=False))
    assert [c.lines for c in loads(plain, "sbv").cues] == [("a",), ("b",), ("c",)]


def test_ass_comments_are_not_written() -> None:
    rep = Report()
    t = Track((Cue(0, 1, ("shown",)), Cue(0, 1, ("note to self",), extras=FrozenMap({"ass.comment": "1"}))))
    assert "note to self" not in dumps(t, "sbv", report=rep)
    assert rep.by_action("dropped")


@settings(max_examples=60)
@given(tracks(spans=False))
def test_round_trip(track: Track) -> None:
    back = loads(dumps(track, "sbv"), "sbv")
    assert back.cues == track.cues


@settings(max_examples=60)
@given(tracks(hostile=True), st.booleans(), st.booleans())
def test_round_trip_hostile_text(track: Track, bom: bool, crlf: bool) -> None:
    written = dumps(track, "sbv", options=WriteOptions(bom=bom, crlf=crlf))
    assert detect_format(written) == "sbv"
    assert _normalised(loads(written, "sbv")) == _normalised(track)


def test_corpus_sbv_files_agree_with_webvtt_py() -> None:
    webvtt = pytest.importorskip("webvtt")
    for rel in ("webvtt-py/sample.sbv", "webvtt-py/two_captions.sbv", "babelsubs/simple.sbv", "subsrt/sample.sbv"):
        path = _odd(rel)
        track = read(path)
        assert path.suffix == ".sbv"
        caps = webvtt.from_sbv(str(path)).captions
        assert len(caps) == len(track.cues)
        for cap, cue in zip(caps, track.cues, strict=True):
            assert (cue.start, cue.end) == tuple(sorted((_ms(cap.start), _ms(cap.end))))
            # webvtt-py keeps "[br]" literally; subconv reads it as a line break
            assert [ln.strip() for ln in cap.raw_text.replace("[br]", "\n").split("\n")] == list(cue.lines)


def test_corpus_header_is_kept_and_untimed_placeholders_read() -> None:
    track = read(_odd("babelsubs/with-information-header.sbv"))
    assert track.title == "Title of film."
    assert "[INFORMATION]" in track.meta["sbv.header"]
    # Amara's mark for a cue not yet timed (9:59:59.000 to 9:59:59.000): read as untimed
    assert read(_odd("babelsubs/Untimed_text.sbv")).cues[0].start is None


def test_cli_reads_sbv_and_writes_sbv(tmp_path: Path) -> None:
    """Issue 14 item 10: a .sbv file was read as a page, its timing lines became cues."""
    src = tmp_path / "talk.sbv"
    src.write_text("0:00:01.000,0:00:03.500\nHello\n\n0:00:04.000,0:00:05.000\nBye\n", encoding="utf-8")
    out = run_subconv("convert", str(src))
    assert out.returncode == 0, out.stderr
    assert out.stdout == "1\n00:00:01,000 --> 00:00:03,500\nHello\n\n2\n00:00:04,000 --> 00:00:05,000\nBye\n"
    dst = tmp_path / "again.sbv"
    done = run_subconv("convert", str(src), "-o", str(dst))
    assert done.returncode == 0, done.stderr
    assert dst.read_text(encoding="utf-8") == src.read_text(encoding="utf-8")
    # a bad timing line loses its cue, as in SRT (before: the whole file an error at line 4, exit 1)
    bad = tmp_path / "bad.sbv"
    bad.write_text("0:00:01.000,0:00:03.500\nA\n\n0:00:0x.000,0:00:05.000\nB\n", encoding="utf-8")
    err = run_subconv("convert", str(bad))
    assert err.returncode == 0
    assert err.stdout == "1\n00:00:01,000 --> 00:00:03,500\nA\n"
    assert err.stderr == f"subconv: warning: {bad}:4: a cue was dropped: its timing line could not be read\n"
    bad.write_text("0:00:0x.000,0:00:05.000\nB\n", encoding="utf-8")  # no readable timing line at all
    err = run_subconv("convert", str(bad))
    assert err.returncode == 1
    assert err.stderr.startswith(f"subconv: error: {bad}:1: sbv: bad timing line")


def _ms(stamp: str) -> int:
    hms, _, frac = stamp.partition(".")
    h, m, s = (int(p) for p in hms.split(":"))
    return ((h * 60 + m) * 60 + s) * 1000 + int((frac + "000")[:3])


def test_nul_characters_are_not_written() -> None:
    rep = Report()
    written = dumps(Track((Cue(0, 1000, ("a\x00b",)),)), "sbv", report=rep)
    assert "\x00" not in written and loads(written, "sbv").cues[0].lines == ("ab",)
    assert rep.by_action("dropped")

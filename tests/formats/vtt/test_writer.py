"""The WebVTT writer: escapes of hostile text, settings, spans, speakers, and its fast path."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from subconv.errors import WriteError
from subconv.formats import WriteOptions
from subconv.formats.vtt import write
from subconv.model import Cue, FrozenMap, Span, Track
from subconv.report import Report
from tests.formats.helpers import without_fast_path
from tests.formats.vtt.common import dump, load
from tests.strategies import tracks

# --------------------------------------------------------------------------
# writer rules


def test_hostile_text_stays_one_cue() -> None:
    t = Track((Cue(0, 1000, ("a --> b", "", "00:00:02.000 --> 00:00:03.000", "\u2060", "<i>x</i> &amp;")),))
    out = dump(t)
    assert out.count("-->") == 1
    assert "\n\n00:00:02" not in out
    assert "\n\u2060\u2060\n" in out and "--&gt;" in out and "&amp;amp;" in out
    assert "&#" not in out
    assert load(out) == t


WJ = "\u2060"


@pytest.mark.parametrize(
    ("lines", "spans", "payload"),
    [
        (("a", "", "b"), (), f"a\n{WJ}\nb"),  # an empty line is the mark alone
        (("42",), (Span(0, 1, "b"),), "<b>4</b>2"),  # a one-line cue of digits is no index
        (("x" + WJ,), (), "x" + WJ + WJ),  # a WJ of the text is doubled
        (("x", WJ + WJ + "x" + WJ), (), f"x\n{WJ * 4}x{WJ * 2}"),
        (("two lines", "42"), (), f"two lines\n{WJ}42"),  # pysubs2: the next cue's index
        (("x", "\u0664\u0662"), (), f"x\n{WJ}\u0664\u0662"),  # any Unicode digits
        (("2049",), (), "2049"),
        (("00:00:01,000 --> 00:00:02,000",), (), "00:00:01,000 --&gt; 00:00:02,000"),  # ">" is a reference
        (("01:02.000 x 03:04.500",), (), f"01:{WJ}02.000 x 03:{WJ}04.500"),  # pysubs2: a timing line
        (("12:30 or 13:45",), (), "12:30 or 13:45"),
        (("{note}",), (), "{note}"),  # ffmpeg escapes braces for libass itself
        (("{\\i1}x{\\i0}",), (), f"{{{WJ}\\i1}}x{{{WJ}\\i0}}"),
        (("C:\\path", "C:\\new a\\Nb \\h"), (), f"C:\\path\nC:\\new a\\{WJ}Nb \\h"),
        (("a\\",), (Span(1, 2, "i"),), f"a<i>\\{WJ}</i>"),  # ffmpeg: <i> becomes {\\i1}
        (("a < b -- > c",), (), "a &lt; b -- &gt; c"),  # no mark needed where references are
    ],
)
def test_word_joiner_escapes(lines: tuple[str, ...], spans: tuple[Span, ...], payload: str) -> None:
    """The writer's only escape is U+2060 (plus &amp; &lt; &gt;), where a parser would misread the
    text; reading inverts it exactly."""
    t = Track((Cue(0, 1000, lines, spans),))
    out = dump(t)
    assert out == f"WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n{payload}\n"
    assert load(out) == t


@pytest.mark.parametrize(
    ("lines", "written"),
    [
        (("", "x", ""), ("x",)),  # empty lines at the edges carry nothing
        (("  spaced  ",), ("spaced",)),
    ],
)
def test_meaningless_space_is_normalised_and_reported(lines: tuple[str, ...], written: tuple[str, ...]) -> None:
    rep = Report()
    out = dump(Track((Cue(0, 1000, lines),)), rep)
    assert WJ not in out
    assert load(out).cues[0].lines == written
    assert [e.reason for e in rep.changes()] == ["white space at line ends removed"]


def test_cue_without_visible_text_is_dropped_and_reported() -> None:
    rep = Report()
    out = dump(Track((Cue(0, 1000, ("",)), Cue(1000, 2000, (" ", "\u200b")), Cue(2000, 3000, ("x",)))), rep)
    assert out == "WEBVTT\n\n00:00:02.000 --> 00:00:03.000\nx\n"
    assert [e.action for e in rep.changes()] == ["dropped", "dropped"]


def test_word_joiner_runs_and_references_read() -> None:
    """A run of k U+2060 in cue text reads as k // 2; references are decoded after that."""
    src = f"WEBVTT\n\n00:01.000 --> 00:02.000\n{WJ}\na{WJ}b{WJ * 3}c\n&#8288;<i>{WJ * 2}</i>{WJ}\n"
    cue = load(src).cues[0]
    assert cue.lines == ("", "ab" + WJ + "c", WJ + WJ)
    assert cue.spans == (Span(len("\nabxc\n") + 1, len("\nabxc\n") + 2, "i"),)


def test_bad_ids_are_repaired_and_reported() -> None:
    t = Track((Cue(0, 1000, ("x",), extras=FrozenMap({"vtt.id": "a --> b\nc"})),))
    rep = Report()
    out = dump(t, rep)
    back = load(out)
    assert len(back) == 1 and back.cues[0].extras["vtt.id"] == "a -- > b c"
    assert [e.action for e in rep.changes()] == ["repaired"]


def test_invalid_settings_are_normalised_and_reported() -> None:
    t = Track((Cue(0, 1000, ("x",), extras=FrozenMap({"vtt.settings": "align:middle  size:50%\nfoo"})),))
    rep = Report()
    out = dump(t, rep)
    assert "00:00:00.000 --> 00:00:01.000 size:50%\n" in out
    assert rep.changes() and rep.changes()[0].action == "rewritten"


def test_srt_placement_becomes_settings() -> None:
    t = Track((Cue(0, 1000, ("top",), extras=FrozenMap({"srt.align": "8"})),))
    assert "00:00:00.000 --> 00:00:01.000 line:0\n" in dump(t)


def test_speaker_and_spans_written_as_tags() -> None:
    t = Track((Cue(0, 1000, ("Hi there",), (Span(3, 8, "i"),), "Dr. <Who>"),))
    out = dump(t)
    assert "<v Dr. &lt;Who&gt;>Hi <i>there</i>\n" in out
    assert load(out) == t


def test_crossing_spans_are_nested_and_read_back() -> None:
    t = Track((Cue(0, 1000, ("abcdefgh",), (Span(0, 5, "i"), Span(3, 8, "b"))),))
    out = dump(t)
    assert "<i>abc<b>de</b></i><b>fgh</b>" in out
    assert load(out) == t


def test_untimed_cue_is_a_write_error() -> None:
    with pytest.raises(WriteError):
        dump(Track((Cue(None, None, ("x",)),)))


def test_crlf_and_bom_options() -> None:
    out = write(Track((Cue(0, 1, ("x",)),)), WriteOptions(bom=True, crlf=True), Report())
    assert out.startswith("\ufeffWEBVTT\r\n\r\n") and "\n" not in out.replace("\r\n", "")
    assert load(out).cues == (Cue(0, 1, ("x",)),)


# ------------------------------------------------------------ the writer's plain path


@settings(max_examples=200)
@given(tracks(hostile=True))
def test_plain_writer_path_equals_escaping_path(track: Track) -> None:
    r1, r2 = Report(), Report()
    assert write(track, WriteOptions(), r1) == write(without_fast_path(track), WriteOptions(), r2)
    assert list(r1) == list(r2)


@settings(max_examples=500)
@given(st.text(alphabet="ab 1:&<>{}\\\u2060\r\x00\u00a0\t\x0b\n\u0661-", max_size=12), st.integers(0, 120 * 3600000))
@example("a & b", 1015 * 3600000 + 30 * 60000 + 50462)  # (past 100 hours: the plain path too, hours as they are)
@example("ab", 100 * 3600000 - 5)
def test_plain_writer_text_is_written_unchanged(text: str, start: int) -> None:
    from subconv.formats.escapes import vtt_unchanged
    from subconv.formats.vtt import render_payload

    cue = Cue(start, start + 10, tuple(text.split("\n")))
    if vtt_unchanged(text):
        assert render_payload(cue) == text
    track = Track((cue,))
    r1, r2 = Report(), Report()
    assert write(track, WriteOptions(), r1) == write(without_fast_path(track), WriteOptions(), r2)
    assert list(r1) == list(r2)

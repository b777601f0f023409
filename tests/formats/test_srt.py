"""SRT: round trip, interop with pysubs2/srt/webvtt-py, tolerance mutations, errors."""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Callable

import pysubs2
import pytest
import srt as srtlib
import webvtt
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from subconv import ParseError, Report, WriteOptions, dumps, loads
from subconv.api import loads_pieces
from subconv.model import Cue, FrozenMap, Span, Track
from tests.formats.helpers import without_fast_path
from tests.strategies import as_written, cues, tracks, visible

_TAGS = re.compile(r"</?[ibu]>")


def _expected(t: Track) -> list[tuple[int | None, int | None, str]]:
    return [(c.start, c.end, visible(c.text)) for c in as_written(t, "srt").cues]


@settings(max_examples=60)
@given(tracks(hostile=True))
def test_round_trip_hostile(track: Track) -> None:
    assert loads(dumps(track, "srt"), "srt").cues == as_written(track, "srt").cues


@given(tracks(), st.booleans(), st.booleans())
def test_round_trip_bom_crlf(track: Track, bom: bool, crlf: bool) -> None:
    text = dumps(track, "srt", options=WriteOptions(bom=bom, crlf=crlf))
    assert text.startswith("\ufeff") == bom
    assert ("\r\n" in text) == crlf
    assert loads(text, "srt").cues == track.cues


@settings(max_examples=60)
@given(tracks(hostile=True, spans=False))
def test_other_readers_see_the_same_cues(track: Track) -> None:
    text = dumps(track, "srt")
    exp = _expected(track)
    p = pysubs2.SSAFile.from_string(text, format_="srt")
    assert [(e.start, e.end, visible(e.text.replace("\\N", "\n"))) for e in p] == exp
    s = list(srtlib.parse(text))
    got = [(round(x.start.total_seconds() * 1000), round(x.end.total_seconds() * 1000), visible(x.content)) for x in s]
    assert got == exp
    w = webvtt.WebVTT.from_buffer(io.StringIO(text), format="srt")
    assert [visible(c.raw_text) for c in w.captions] == [e[2] for e in exp]
    assert [c.start_in_seconds * 1000 // 1000 for c in w.captions] == [e[0] // 1000 for e in exp]  # type: ignore[operator]


@settings(max_examples=50)
@given(tracks().filter(lambda t: not any(ch in c.text for c in t.cues for ch in "{}<>\\")))
def test_pysubs2_plaintext_with_spans(track: Track) -> None:
    # pysubs2's plaintext drops any {...} even when SRT means it literally; markup-free text only
    p = pysubs2.SSAFile.from_string(dumps(track, "srt"), format_="srt")
    assert [visible(e.plaintext) for e in p] == [visible(c.text) for c in as_written(track, "srt").cues]


def _mutations() -> st.SearchStrategy[str]:
    return st.sampled_from(
        [
            "bom",
            "crlf",
            "cr",
            "dot",
            "no_index",
            "bad_index",
            "trailing",
            "no_final_nl",
            "blank_lines",
            "arrow",
            "short_arrow",
            "colon_frac",
            "short_frac",
        ]
    )


_WRITTEN_TIMING = re.compile(r"(?m)^\d\d:\d\d:\d\d,\d\d\d --> \d\d:\d\d:\d\d,\d\d\d$")


def _on_timing_lines(text: str, fn: Callable[[str], str]) -> str:
    """``fn`` applied to the timing lines the writer wrote (cue text that looks like one is escaped)."""
    return _WRITTEN_TIMING.sub(lambda m: fn(m.group()), text)


def _mutate(text: str, m: str) -> str:
    if m == "bom":
        return "\ufeff" + text
    if m == "crlf":
        return text.replace("\n", "\r\n")
    if m == "cr":
        return text.replace("\n", "\r")
    if m == "dot":
        return _on_timing_lines(text, lambda t: re.sub(r"(\d\d:\d\d:\d\d),(\d\d\d)", r"\1.\2", t))
    if m == "colon_frac":
        return _on_timing_lines(text, lambda t: re.sub(r"(\d\d:\d\d:\d\d),(\d\d\d)", r"\1:\2", t))
    if m == "short_frac":  # ,500 -> ,5 and ,250 -> ,25: digits are a fraction of a second
        text = _on_timing_lines(text, lambda t: re.sub(r"(\d\d:\d\d:\d\d,\d)00\b", r"\1", t))
        return re.sub(r"(?m)^(\d\d:\d\d:\d\d,\d\d?\d? --> \d\d:\d\d:\d\d,\d\d)0$", r"\1", text)
    if m == "no_index":
        return re.sub(r"(?m)^\d+\n(?=\d\d:\d\d:\d\d,\d\d\d --> )", "", text)
    if m == "bad_index":
        return re.sub(r"(?m)^\d+\n(?=\d\d:\d\d:\d\d,\d\d\d --> )", "7\n", text)
    if m == "trailing":
        return re.sub(r"(?m)$", "  ", text)
    if m == "no_final_nl":
        return text.rstrip("\n")
    if m == "blank_lines":
        return "\n\n" + text.replace("\n\n", "\n\n\n\n") + "\n\n"
    if m == "arrow":
        return _on_timing_lines(text, lambda t: t.replace(" --> ", " -- > "))
    if m == "short_arrow":
        return _on_timing_lines(text, lambda t: t.replace(" --> ", "->"))
    raise AssertionError(m)


@settings(max_examples=40)
@given(tracks(hostile=True), st.lists(_mutations(), min_size=1, max_size=3, unique=True))
def test_tolerance_mutations(track: Track, muts: list[str]) -> None:
    text = dumps(track, "srt")
    if "crlf" in muts and "cr" in muts:
        muts.remove("cr")
    for m in sorted(muts, key=lambda m: (m == "bom", m in ("crlf", "cr"))):  # line ends, then the BOM, last
        text = _mutate(text, m)
    assert loads(text, "srt").cues == as_written(track, "srt").cues


_UNREADABLE_TIMES = st.sampled_from(
    [
        "00:000:01,000 --> 00:00:04,000",  # a typo: a three-digit minutes field
        "0x:00:01,000 --> 00:00:04,000",
        "00:00:123,000 --> 00:00:04,000",
        "00:00:" + "9" * 5000 + ",000 --> 00:00:04,000",  # a field of thousands of digits
        "00:00:01,000 --> 00:00:0x,000",
    ]
)


@settings(max_examples=40)
@given(tracks(hostile=True, min_cues=2), st.data())
def test_a_cue_whose_timing_line_cannot_be_read_is_dropped_and_reported(track: Track, data: st.DataObject) -> None:
    """A cue whose timing line is there but unreadable (a typo, a field of thousands of digits) is
    dropped with a report entry for its timing line and each line of its text, and one warning:
    before, it was read as text of the cue before it, which then showed its index and timing
    line on screen."""
    text = dumps(track, "srt")
    blocks = text.split("\n\n")
    k = data.draw(st.integers(1, len(track) - 1))
    bad = data.draw(_UNREADABLE_TIMES)
    lines = blocks[k].split("\n")
    line_no = sum(b.count("\n") + 2 for b in blocks[:k]) + 2  # the timing line of cue k (1-based)
    blocks[k] = "\n".join([lines[0], bad, *lines[2:]])
    whole = "\n\n".join(blocks)
    cuts = sorted(data.draw(st.lists(st.integers(0, len(whole)), max_size=4)))
    pieces = [whole[a:b] for a, b in itertools.pairwise([0, *cuts, len(whole)])]
    read: Callable[[Report], Track]
    for r, read in (
        (Report(), lambda r: loads(whole, "srt", report=r)),
        (Report(), lambda r: loads_pieces(pieces, "srt", report=r)),
    ):
        got = read(r)
        expected = list(as_written(track, "srt").cues)
        del expected[k]
        assert [(c.start, c.end, c.lines) for c in got.cues] == [(c.start, c.end, c.lines) for c in expected]
        dropped = [e for e in r.entries if e.action == "dropped"]
        assert (dropped[0].line, dropped[0].text) == (line_no, bad)
        assert len(dropped) == 1 + sum(bool(x.strip()) for x in lines[2:])
        assert [e.line for e in r.entries if e.action == "warning"] == [line_no]


def test_fraction_digits_mean_fractions() -> None:
    t = loads("1\n00:00:01,5 --> 00:00:02,05\nx\n\n2\n0:00:03.007 --> 00:04,9\ny\n", "srt")
    assert [(c.start, c.end) for c in t.cues] == [(1500, 2050), (3007, 4900)]


def test_repairs_are_reported_with_lines() -> None:
    rep = Report()
    t = loads("junk\n\n3\n00:00:02,000 --> 00:00:01,000\nA\n\n00:00:03,000 --> 00:00:04,000\nB\n", "srt", report=rep)
    assert [c.text for c in t.cues] == ["A", "B"]
    assert (t.cues[0].start, t.cues[0].end) == (1000, 2000)
    got = {(e.action, e.line) for e in rep.entries}
    assert ("dropped", 1) in got  # text before the first cue
    assert ("repaired", 3) in got  # index 3 renumbered 1
    assert ("repaired", 4) in got  # end before start
    assert ("repaired", 7) in got  # missing index
    assert t.cues[1].source_line == 7


def test_tags_font_align_and_position() -> None:
    t = loads(
        '1\n00:00:01,000 --> 00:00:02,000 X1:10 X2:20\n{\\an8}<font color="red"><i>Hi</i> <b>you</b></font>\n', "srt"
    )
    c = t.cues[0]
    assert c.text == "Hi you"
    assert c.spans == (Span(0, 2, "i"), Span(3, 6, "b"))
    assert c.extras["srt.align"] == "8"
    assert c.extras["srt.font"] == '<font color="red">'
    assert c.extras["srt.position"] == "X1:10 X2:20"
    assert loads(dumps(t, "srt"), "srt") == t


@given(cues(speaker=True, spans=False))
def test_speaker_is_written_as_prefix(cue: Cue) -> None:
    t = Track((cue,))
    back = loads(dumps(t, "srt"), "srt").cues[0]
    if cue.speaker:
        assert back.text == f"{cue.speaker}: {cue.text}"
        assert loads(dumps(t, "srt", options=WriteOptions(speaker_prefix=False)), "srt").cues[0].text == cue.text
    else:
        assert back.text == cue.text


def test_clamps_huge_times_with_report() -> None:
    rep = Report()
    text = dumps(Track((Cue(0, 10**9, ("x",)),)), "srt", report=rep)
    assert "99:59:59,999" in text
    assert rep.by_action("rewritten")


@pytest.mark.parametrize(
    ("text", "line"),
    [("hello\nworld\n", 1), ("\n\n  \nnot a subtitle\n00:00:01,000 -> nope\n", 4), ("1\n2\n3\n", 1)],
)
def test_garbage_raises_at_line(text: str, line: int) -> None:
    with pytest.raises(ParseError) as exc:
        loads(text, "srt")
    assert exc.value.line == line
    assert exc.value.format == "srt"


_GARBAGE = st.text(st.characters(codec="utf-8", blacklist_characters=">\ufeff"), max_size=40)


@given(st.lists(_GARBAGE, min_size=1, max_size=8))
def test_garbage_raises_at_first_non_blank_line(lines: list[str]) -> None:
    text = "\n".join(ln.replace("\r", " ").replace("\n", " ") for ln in lines)
    stripped = [ln.strip() for ln in text.split("\n")]
    if not any(stripped):
        assert loads(text, "srt").cues == ()
        return
    with pytest.raises(ParseError) as exc:
        loads(text, "srt")
    first = next(i for i, ln in enumerate(stripped, 1) if ln)
    # digit-only lines are indices waiting for a timing line: the error names the first content line
    assert exc.value.line is not None and exc.value.line >= first


@pytest.mark.parametrize("blank", ["\n", ""])
def test_files_joined_with_their_byte_order_marks_read_as_one(blank: str) -> None:
    """``cat a.srt b.srt``, each file with its byte-order mark: the second file's first index
    follows a U+FEFF.  It was read as the text of the last cue before it, the number shown on
    screen (``A``, a blank line, ``1``), with a report of a blank line kept and a missing index."""
    one = "\ufeff1\n00:00:01,000 --> 00:00:02,000\nA\n" + blank
    two = "\ufeff1\n00:00:03,000 --> 00:00:04,000\nB\n\n2\n00:00:05,000 --> 00:00:06,000\n<i>C</i>\n"
    report = Report()
    track = loads(one + two, "srt", report=report)
    assert [(c.start, c.end, c.text) for c in track] == [(1000, 2000, "A"), (3000, 4000, "B"), (5000, 6000, "C")]
    assert [c.source_line for c in track] == [2, 6 - (not blank), 10 - (not blank)]
    assert [e.reason for e in report.entries] == ["index 1 out of sequence (after 1): cues are numbered by position"]
    pieces = [(one + two)[i : i + 7] for i in range(0, len(one + two), 7)]
    assert loads_pieces(pieces, "srt").cues == track.cues


def test_empty_input_is_empty_track() -> None:
    assert loads("", "srt").cues == ()
    assert loads("\n \n", "srt").cues == ()


def test_empty_cue_is_kept_and_reported() -> None:
    rep = Report()
    t = loads("1\n00:00:01,000 --> 00:00:02,000\n\n2\n00:00:03,000 --> 00:00:04,000\nB\n", "srt", report=rep)
    assert [c.text for c in t.cues] == ["", "B"]
    assert rep.by_action("kept")


def test_wj_escape_example_is_documented() -> None:
    t = Track((Cue(0, 1000, ("00:00:01,000 --> 00:00:02,000", "", "<i>x</i>", "12")),))
    text = dumps(t, "srt")
    assert "-->" not in text.split("\n", 2)[2]
    assert loads(text, "srt") == t


def test_unknown_extras_do_not_break_writing() -> None:
    t = Track((Cue(0, 1000, ("x",), extras=FrozenMap({"vtt.settings": "line:0"})),))
    assert loads(dumps(t, "srt"), "srt").cues[0].text == "x"


_NOISE = st.text(st.sampled_from("0123456789:,.-> \n\r\ufeffab<>/i{}\\\u2060"), max_size=200)


@given(st.one_of(_NOISE, st.text(max_size=200)))
def test_any_text_reads_or_raises_parse_error(text: str) -> None:
    try:
        t = loads(text, "srt")
    except ParseError as exc:
        assert exc.line is not None
        return
    for c in t.cues:
        assert c.start is not None and c.end is not None and 0 <= c.start <= c.end
        assert all(0 <= s.start < s.end <= len(c.text) for s in c.spans)
    assert loads(dumps(t, "srt"), "srt").cues == t.cues or any(  # escaping is idempotent on what was read
        c.end is not None and c.end > 359_999_999 for c in t.cues
    )


@pytest.mark.parametrize("payload", ["<font ", "<", "< i", "{\\", "\u2060", "-->", "1\n", "\n\n", "00:00:01,000 --> "])
def test_pathological_cue_text_is_linear(payload: str) -> None:
    import time

    from subconv.formats import ass

    body = payload * (200_000 // len(payload))
    start = time.process_time()
    try:
        loads("1\n00:00:01,000 --> 00:00:02,000\n" + body + "\n", "srt")
    except ParseError:
        pass
    ass.read("[Events]\nDialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,," + body.replace("\n", " ") + "\n", Report())
    assert time.process_time() - start < 3.0  # quadratic behaviour takes minutes here


def test_hostile_speaker_prefix_stays_in_its_cue() -> None:
    t = Track((Cue(0, 1000, ("hi",), speaker="00:00:05,000 --> 00:00:06,000"), Cue(2000, 3000, ("<i>x",), speaker="A")))
    back = loads(dumps(t, "srt"), "srt")
    assert [c.text for c in back.cues] == ["00:00:05,000 --> 00:00:06,000: hi", "A: <i>x"]


@given(st.lists(st.sampled_from(["Ann", "Bo", None]), min_size=1, max_size=12))
def test_speaker_named_where_a_turn_starts(speakers: list[str | None]) -> None:
    cues = tuple(Cue(i * 1000, i * 1000 + 900, (f"line {i}",), speaker=s) for i, s in enumerate(speakers))
    back = loads(dumps(Track(cues), "srt"), "srt")
    for i, (cue, s) in enumerate(zip(back.cues, speakers, strict=True)):
        turn = s is not None and (i == 0 or speakers[i - 1] != s)
        assert cue.lines[0] == (f"{s}: line {i}" if turn else f"line {i}")


# ------------------------------------------------------------ the reader follows the line-by-line rules

_SHARED_CORPUS = __import__("pathlib").Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
_CORPUS_FILES = (
    sorted(p for p in _SHARED_CORPUS.rglob("*") if p.is_file() and p.suffix in (".srt", ".vtt", ".ass", ".txt"))
    if _SHARED_CORPUS.is_dir()
    else []
)


def _read_both(text: str) -> None:
    """``read`` and the line-by-line reference reader agree in everything."""
    from subconv.formats import srt as srtfmt

    from . import srt_reference

    outcomes = []
    for fn in (srtfmt.read, srt_reference.read):
        rep = Report()
        try:
            t = fn(text, rep)
            outcomes.append((t, [c.source_line for c in t.cues], list(rep)))
        except ParseError as exc:
            outcomes.append((str(exc), exc.line, list(rep)))  # type: ignore[arg-type]
    assert outcomes[0] == outcomes[1]


_SRT_LINES = st.one_of(
    st.sampled_from(
        [
            "",
            "",
            "",
            " ",
            "1",
            "2",
            "3",
            "7",
            "0",
            "\ufeff2",  # (the index of a file joined on with its byte-order mark)
            "01",
            "  4 ",
            "12345678901",
            "00:00:01,000 --> 00:00:02,000",
            "00:00:03,000 --> 00:00:02,000",
            "00:00:01,000 --> 00:00:02,000 X1:1",
            "00:00:01.5 --> 00:00:02,25",
            "0:01,000 -- > 0:02,000",
            "00:00:05,000 --> 00:00:06,000 ",
            "99:59:59,999 --> 00:00:00,000",
            "00:00:01,000-->00:00:02,000",
            "00:60:01,000 --> 00:00:02,000",
            "00:000:01,000 --> 00:00:04,000",
            "0x:00:01,000 --> 00:00:02,000",
            "1 -> x",
            " 5 - > 6",
            "x1>2 -> 3",
            "<i>a</i>",
            "<b>x",
            "</u>",
            "<I>- Ab</I> <s>c",
            "<i>",
            "- <u>7</u>",
            "<i>a</i> ",
            "<b>00:00:01,000 --> 00:00:02,000</b>",
            "<i>1 -> x",
            "{\\an8}top",
            "a\u2060\u2060b",
            "\u2060",
            "a --> b",
            "x > y",
            "text ",
            " text",
            "plain text",
            "Hello, world",
            "\u0661\u0662",
            "\u3000",
            "a\x0bb",
            "tail\x1c",
            "a{b}",
            "<font color=red>x</font>",
            "1:2 3:4",
            "٣",
        ]
    ),
    st.text(alphabet="ab <>{}\\\u2060-:,.0123456789\u00a0\t", max_size=12),
)


@settings(max_examples=300)
@given(st.lists(_SRT_LINES, max_size=40), st.sampled_from(["", "\n", "\n\n", "\r\n", "\ufeff"]))
def test_reader_follows_the_line_rules_on_line_soup(lines: list[str], tail: str) -> None:
    text = "\n".join(lines) + tail
    if tail == "\ufeff":
        text = "\ufeff" + text
    _read_both(text)


@st.composite
def _well_formed_with_damage(draw: st.DrawFn) -> str:
    blocks = []
    n = draw(st.integers(0, 12))
    for i in range(n):
        idx = draw(st.sampled_from([i + 1, i + 1, i + 1, i, i + 2, 1, 0]))
        a = draw(st.integers(0, 10_000_000))
        b = a + draw(st.integers(-500, 5000))
        ts = [f"{v // 3600000:02d}:{v // 60000 % 60:02d}:{v // 1000 % 60:02d},{v % 1000:03d}" for v in (a, max(b, 0))]
        body = draw(st.lists(_SRT_LINES, min_size=0, max_size=4))
        blocks.append(f"{idx}\n{ts[0]} --> {ts[1]}\n" + "\n".join(body))
    seps = draw(
        st.lists(st.sampled_from(["\n\n", "\n\n", "\n\n\n", "\n", "\n \n", "\n\nstray\n\n"]), min_size=n, max_size=n)
    )
    text = "".join(b + s for b, s in zip(blocks, seps, strict=True))
    return draw(st.sampled_from(["", "junk\n", "\n\n"])) + text + draw(st.sampled_from(["", "x", "\n", "  "]))


@settings(max_examples=300)
@given(_well_formed_with_damage())
def test_reader_follows_the_line_rules_on_damaged_files(text: str) -> None:
    _read_both(text)


@settings(max_examples=100)
@given(tracks(hostile=True), st.lists(_mutations(), max_size=3, unique=True))
def test_reader_follows_the_line_rules_on_written_files(track: Track, muts: list[str]) -> None:
    text = dumps(track, "srt")
    for m in sorted(muts):
        text = _mutate(text, m)
    _read_both(text)


@pytest.mark.skipif(not _CORPUS_FILES, reason="../shared/corpus is absent")
def test_reader_follows_the_line_rules_on_the_corpus() -> None:
    for path in _CORPUS_FILES:
        _read_both(path.read_bytes().decode("utf-8", errors="replace"))


def test_regex_whitespace_is_str_whitespace() -> None:
    # the block pattern's [^\s>] must reject exactly what str.rstrip() strips
    pat = re.compile(r"\s")
    assert all((pat.match(chr(c)) is not None) == chr(c).isspace() for c in range(0x110000))


# ------------------------------------------------------------ the writer's plain path


@settings(max_examples=200)
@given(tracks(hostile=True), st.booleans())
def test_plain_writer_path_equals_escaping_path(track: Track, prefix: bool) -> None:
    opts = WriteOptions(speaker_prefix=prefix)
    r1, r2 = Report(), Report()
    assert dumps(track, "srt", options=opts, report=r1) == dumps(
        without_fast_path(track), "srt", options=opts, report=r2
    )
    assert list(r1) == list(r2)


@settings(max_examples=500)
@given(st.text(alphabet="ab 1:<>{}\\\u2060\u00a0\t\x0b\n\u0661-", max_size=12), st.integers(0, 101 * 3600000))
def test_plain_writer_text_is_written_unchanged(text: str, start: int) -> None:
    from subconv.formats.escapes import escape_srt, srt_unchanged

    if srt_unchanged(text):
        assert escape_srt(text) == escape_srt(text, last=True) == text
    track = Track((Cue(start, start + 10, tuple(text.split("\n"))),))
    r1, r2 = Report(), Report()
    assert dumps(track, "srt", report=r1) == dumps(without_fast_path(track), "srt", report=r2)
    assert list(r1) == list(r2)


def test_a_time_shifted_below_zero_is_read_as_negative_not_as_text() -> None:
    text = "1\n00:00:02,000 --> 00:00:03,000\nA\n\n2\n-00:00:01,500 --> 00:00:04,000\nB\n"
    track = loads(text, "srt")
    assert [(c.start, c.end, c.text) for c in track] == [(2000, 3000, "A"), (-1500, 4000, "B")]
    assert track.cues[1].shifted(1500).start == 0  # a shift brings the time back
    for fmt, first in (("srt", "00:00:00,000 --> 00:00:04,000"), ("vtt", "00:00:00.000 --> 00:00:04.000")):
        report = Report()
        out = dumps(track, fmt, report=report)
        assert first in out and "-00:00:01" not in out
        assert [(e.action, e.line) for e in report.entries if "negative" in e.reason] == [("rewritten", 6)]
    report = Report()
    assert "Dialogue: 0,0:00:00.00,0:00:04.00," in dumps(track, "ass", report=report)
    assert [(e.action, e.line) for e in report.entries if "negative" in e.reason] == [("rewritten", 6)]


@settings(max_examples=80, deadline=None)
@given(
    st.text(st.sampled_from("ab/ "), max_size=8),
    st.sampled_from(["<", "< ", "</", "< /"]),
    st.sampled_from(["b>", "i>", "/i>", " u >", "s>"]),
    st.text(st.sampled_from("ab/ "), max_size=8),
)
def test_a_tag_is_never_read_over_a_line_break(before: str, opening: str, closing: str, after: str) -> None:
    """A line ending in ``<`` and the next starting ``b>`` is text, as pysubs2, ffmpeg, srt and
    webvtt-py read it, and is written back with no word joiner.  Before, the reader took ``<``
    and ``b>`` for a tag over the line break: the break and both pieces went, the rest bold."""
    lines = [(before + opening).strip(), (closing + after).strip()]
    assume(all(lines))
    raw = f"1\n00:00:01,000 --> 00:00:02,000\n{lines[0]}\n{lines[1]}\n"
    theirs = next(srtlib.parse(raw)).content
    track = loads(raw, "srt")
    assert track.cues[0].text == theirs == "\n".join(lines)
    assert "\u2060" not in dumps(track, "srt")

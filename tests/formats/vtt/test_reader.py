"""The WebVTT reader: the parser's rules, payload markup, tolerance, errors, the one-step block."""

from __future__ import annotations

import html
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv.errors import ParseError
from subconv.formats.vtt import FORMAT, parse_payload, read, sniff, write
from subconv.model import Cue, FrozenMap, Span, Track
from subconv.report import Report
from tests.formats.vtt.common import SHARED, dump, load
from tests.strategies import plain_text

# --------------------------------------------------------------------------
# reader rules


def test_signature_errors() -> None:
    for bad in ("", "WEBVT", "webvtt\n", "WEBVTTX\n", "1\n00:00:01,000 --> 00:00:02,000\nx\n", "\ufeff\ufeffWEBVTT\n"):
        with pytest.raises(ParseError) as info:
            load(bad)
        assert info.value.line == 1
    assert sniff("\ufeffWEBVTT") and not sniff("WEBVTT-x")


def test_dropped_cues_are_reported_with_lines() -> None:
    rep = Report()
    t = load("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\n00:00:01 --> 00:00:02.000\nbad\n\ngarbage\n", rep)
    assert [c.text for c in t.cues] == ["ok"]
    assert [(e.action, e.line) for e in rep.changes()] == [("dropped", 6), ("dropped", 9)]


def test_arrow_line_in_text_starts_a_new_block() -> None:
    t = load("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\none\n00:00:03.000 --> 00:00:04.000\ntwo\n")
    assert [(c.start, c.text) for c in t.cues] == [(1000, "one"), (3000, "two")]


def test_cue_text_markup() -> None:
    p = parse_payload("<v.loud Bob>Hi</v> <c.yellow>you</c> <b>&lt;3</b> <ruby>漢<rt>kan</rt></ruby>&nbsp;&#x41;")
    assert p.lines == ("Hi you <3 漢(kan)\u00a0A",)
    assert p.speaker == "Bob" and p.lossy
    assert p.spans == (Span(7, 9, "b"),)
    two = load("WEBVTT\n\n00:01.000 --> 00:02.000\n<v A>x\n<v B>y\n").cues[0]
    assert two.speaker == "A" and two.extras["vtt.raw"] == "<v A>x\n<v B>y"


def test_word_timing_tags_kept_raw() -> None:
    payload = "hello<00:00:00.280><c> wonderful</c><00:00:00.599><c> person</c>"
    cue = load(f"WEBVTT\n\n00:00.000 --> 00:01.949 align:start position:0%\n \n{payload}\n").cues[0]
    assert cue.lines == (" ", "hello wonderful person")
    assert cue.extras["vtt.raw"] == " \n" + payload
    assert cue.extras["vtt.settings"] == "align:start position:0%"
    back = load(dump(Track((cue,)))).cues[0]
    assert back == cue  # the writer re-emits the raw payload while it still matches


def test_stale_raw_is_not_written() -> None:
    cue = Cue(0, 1000, ("changed",), extras=FrozenMap({"vtt.raw": "a<00:00:00.500> b"}))
    rep = Report()
    out = dump(Track((cue,)), rep)
    assert "changed" in out and "00:00:00.500" not in out
    assert rep.changes()[0].action == "rewritten"


def test_nul_and_newlines() -> None:
    rep = Report()
    t = load("WEBVTT\r\n\r\nid\x00\r00:00:01.000 --> 00:00:02.000\r\na\x00b\r\n", rep)
    assert t.cues[0].extras["vtt.id"] == "id\ufffd" and t.cues[0].text == "a\ufffdb"
    assert rep.changes()[0].action == "repaired"


@pytest.mark.parametrize(
    "src",
    [
        "WEBVTT\n\n00:01.000 --> 00:02.000\nno hours\n",
        "WEBVTT\n\n\n\n\n00:00:01.000 --> 00:00:02.000\nextra blank lines\n\n\n\n",
        "WEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\nCRLF\r\n",
        "\ufeffWEBVTT\n\n00:00:01.000  -->  00:00:02.000\nBOM, double spaces",
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000",
    ],
)
def test_real_world_tolerance(src: str) -> None:
    t = load(src)
    assert len(t.cues) == 1 and t.cues[0].start == 1000 and t.cues[0].end == 2000


def test_youtube_auto_captions_read() -> None:
    folder = SHARED / "corpus" / "youtube-auto"
    files = sorted(folder.glob("*.vtt")) if folder.is_dir() else []
    if not files:
        pytest.skip("../shared/corpus/youtube-auto is absent")
    raw_with_timing = 0
    for f in files:
        t = load(f.read_text(encoding="utf-8"))
        assert len(t) > 0, f.name
        raws = [str(c.extras.get("vtt.raw", "")) for c in t.cues]
        raw_with_timing += sum(1 for r in raws if re.search(r"<\d\d:\d\d:\d\d\.\d{3}>", r))
        for c in t.cues:
            assert "<" not in c.text or "<" in html.unescape(str(c.extras.get("vtt.raw", c.text)))
    assert raw_with_timing > 0


def test_format_object() -> None:
    assert FORMAT.name == "vtt" and ".webvtt" in FORMAT.extensions and FORMAT.aliases == ("webvtt",)
    assert FORMAT.read is read and FORMAT.write is write and FORMAT.resolution_ms == 1


@pytest.mark.slow
def test_speed_100k_cues() -> None:
    """100k cues read in well under a second of CPU (measured with process_time)."""
    cues = tuple(Cue(i * 1000, i * 1000 + 900, (f"Line {i}", "second line")) for i in range(100_000))
    text = dump(Track(cues))
    t0 = time.process_time()
    back = load(text)
    took = time.process_time() - t0
    assert len(back) == 100_000
    assert took < 2.0, took


# ------------------------------------------------------------ the usual block, read in one step

_BLOCK_LINES = st.one_of(
    st.sampled_from(
        [
            "00:00:01.000 --> 00:00:02.000",
            "00:01.000 --> 00:02.500 align:start",
            "00:00:03.000 --> 00:00:02.000",
            "00:00:01.000 --> 00:00:02.000 ",
            "00:00:01.000-->00:00:02.000",
            "0:00:01.000 --> 0:00:02.000",
            "00:00:01,000 --> 00:00:02,000",
            "a --> b",
            "-->",
            "id",
            "1",
            "NOTE x",
            "STYLE",
            "REGION",
            "",
            "<i>hi</i>",
            "a &amp; b",
            "\u2060",
            "plain text",
            "x --> y --> z",
        ]
    ),
    st.text(alphabet="ab :.0123<>&-\u2060\t", max_size=14),
)


@settings(max_examples=400)
@given(st.lists(_BLOCK_LINES, min_size=1, max_size=6), st.booleans(), st.integers(1, 50))
def test_block_reads_as_the_block_algorithm(lines: list[str], after_cue: bool, base: int) -> None:
    """``_Reader.block`` (the usual cue in one step) reads a chunk as ``_Reader.general`` does."""
    from subconv.formats.vtt.reader import _Reader

    chunk = "\n".join(line for line in lines if line).strip("\n")
    if not chunk:
        return
    outcomes = []
    for method in ("block", "general"):
        rep = Report()
        reader = _Reader(rep)
        reader.seen_cue = after_cue
        if method == "block":
            reader.block(chunk, base)
        else:
            reader.general(chunk.split("\n"), base)
        outcomes.append((reader.cues, [c.source_line for c in reader.cues], reader.blocks, reader.notes, list(rep)))
    assert outcomes[0] == outcomes[1]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(plain_text(), st.integers(1, 3), st.booleans()), min_size=1, max_size=5))
def test_text_a_blank_line_below_its_timing_line_is_the_cues_text(
    cues: list[tuple[str, int, bool]],
) -> None:
    """Some writers put a blank line between a cue's timing line and its text (and between its
    lines). The spec reads an empty cue and drops the text as blocks without a timing line, so a
    conversion wrote nothing of it (exit 0, an empty file); the text is the cue's, each block
    taken reported as repaired, and read as the same file without the blank lines reads it."""
    plain, gapped = ["WEBVTT", ""], ["WEBVTT", ""]
    for k, (text, blanks, gap) in enumerate(cues):
        timing = f"00:{k:02d}.000 --> 00:{k:02d}.900"
        plain += [timing, text, ""]
        lines = text.split("\n")
        body = "\n\n".join(lines) if gap else text
        gapped += [timing, *[""] * blanks, body, ""]
    want = read("\n".join(plain), Report())
    rep = Report()
    got = read("\n".join(gapped), rep)
    assert [(c.start, c.end, c.lines) for c in got.cues] == [(c.start, c.end, c.lines) for c in want.cues]
    taken = [e for e in rep if e.action == "repaired" and "taken as the cue's text" in e.reason]
    assert len(taken) == sum(len(text.split("\n")) if gap else 1 for text, _, gap in cues)
    assert not [e for e in rep if e.action == "dropped"]


def test_a_block_after_a_cue_with_text_or_after_a_note_is_dropped_as_the_spec_says() -> None:
    rep = Report()
    t = read("WEBVTT\n\n00:01.000 --> 00:02.000\nkept\n\nstray\n\n00:03.000 --> 00:04.000\n\nNOTE n\n\nstray\n", rep)
    assert [c.text for c in t.cues] == ["kept", ""]
    assert [(e.action, e.line) for e in rep.changes()] == [("dropped", 6), ("dropped", 12)]


def test_a_real_file_with_blank_lines_below_its_timing_lines_keeps_its_text() -> None:
    path = SHARED / "corpus" / "odd" / "mantas-done-subtitles" / "vtt_with_multiple_new_lines.vtt"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    t = read(path.read_text(encoding="utf-8"), Report())
    assert [(c.start, c.lines) for c in t.cues] == [(0, ("one", "two")), (2000, ("three",))]  # pysubs2 reads the same

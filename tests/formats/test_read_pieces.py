"""Reading in pieces: SRT, WebVTT, ASS, SBV, SubViewer, TTML, MicroDVD, MPL2 and JSON cue lists read their
text a piece at a time (``Format.read_pieces``, which the command line uses so that a large input is never whole
in memory), and what they read is exactly what ``read`` reads from the whole text: the same
cues, source lines, metadata, report and errors, wherever the text is cut."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import formats
from subconv.encoding import decode, decode_pieces
from subconv.errors import ParseError, SubconvError, WholeInputNeeded
from subconv.formats.vtt.timing import SHORT_FRACTION
from subconv.model import Track
from subconv.report import Report
from tests.strategies import tracks

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "timed"
PIECEWISE = (
    "srt",
    "vtt",
    "ass",
    "ssa",
    "sbv",
    "subviewer",
    "ttml",
    "microdvd",
    "mpl2",
    "tmp",
    "sami",
    "whisper_jax",
    "cuelist",
)


def _cut(text: str, points: list[int]) -> list[str]:
    """``text`` cut at ``points`` (positions, any order, repeats make empty pieces)."""
    at = sorted(min(max(p, 0), len(text)) for p in points)
    return [text[a:b] for a, b in zip([0, *at], [*at, len(text)], strict=True)]


def _outcome(read: object) -> tuple[object, ...]:
    """What a reading gave, comparable: the track with every cue's source line, or the error."""
    try:
        track = read()  # type: ignore[operator]
    except ParseError as exc:
        return ("error", str(exc), exc.line)
    assert isinstance(track, Track)
    return ("track", track, track.format, [c.source_line for c in track.cues])


def _check(name: str, text: str, pieces: list[str]) -> None:
    """``read_pieces(pieces)`` gives what ``read(text)`` gives (the same track and report, or the
    same error); or (WebVTT only) it says the text must be read whole, for the two reasons it may."""
    fmt = formats.get(name)
    assert fmt.read_pieces is not None
    whole_report, pieces_report = Report(), Report()
    whole = _outcome(lambda: fmt.read(text, whole_report))
    try:
        got = _outcome(lambda: fmt.read_pieces(iter(pieces), pieces_report))
    except WholeInputNeeded:
        assert name == "vtt" and len(pieces) > 1
        assert "\x00" in text or SHORT_FRACTION.search(text) is not None
        return
    assert got == whole
    if got[0] == "track":  # (after an error, the command line reads the input again, whole)
        assert pieces_report.entries == whole_report.entries


def test_the_large_formats_read_in_pieces() -> None:
    assert all(formats.get(name).read_pieces is not None for name in PIECEWISE)


SRT_LINES = (
    "1",
    "2",
    "3",
    "0",
    "12",
    "00:00:01,000 --> 00:00:02,000",
    "00:00:03,5 --> 00:00:04,000 X1:1 X2:2",
    "0:0:5.1 -> 0:0:6",
    "00:00:09,000 --> 00:00:08,000",
    "00:00:01,000 --> 99999999999999999999:00:02,000",
    "-- > text",
    "Hello there",
    "<i>Hi</i> <b>you",
    "{\\an8}Top",
    "  spaced  ",
    "\u2060\u2060",
    "",
    "",
    "\r",
)
VTT_LINES = (
    "WEBVTT",
    "WEBVTT - header",
    "NOTE a note",
    "STYLE",
    "::cue { color: red }",
    "REGION",
    "id:r1",
    "cue-id",
    "00:01.000 --> 00:02.000",
    "00:00:03.000 --> 00:00:04.000 align:start line:0",
    "00:00:05.000 --> 00:00:04.000",
    "00:02:04.08 --> 00:02:06.5",
    "00:01.000 --> xx",
    "Hello <i>there</i> &amp; you",
    "<v Bob>Hi",
    "<00:00:01.500>word",
    "text --> more",
    "\x00",
    "",
    "",
    "",
)
ASS_LINES = (
    "[Script Info]",
    "ScriptType: v4.00+",
    "Title: t",
    "[V4+ Styles]",
    "Style: Default,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,2,2,10,10,10,1",
    "[Events]",
    "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
    "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Hello\\Nthere",
    "Dialogue: 0,0:00:03.00,0:00:02.50,Default,Bob,0,0,0,,{\\an8}{\\i1}Hi{\\i0}",
    "Comment: 0,0:00:04.00,0:00:05.00,Default,,0,0,0,,a comment",
    "Dialogue: 0,x,y,Default,,0,0,0,,bad times",
    "Dialogue: too few",
    "Picture: 0,0:00:01.00",
    "; a comment line",
    "",
    "\r",
)


@st.composite
def documents(draw: st.DrawFn, lines: tuple[str, ...], first: str = "") -> tuple[str, list[str]]:
    """A text made of ``lines`` (after ``first``), with LF, CRLF or CR line ends, and the pieces
    of it cut at random points."""
    body = draw(st.lists(st.sampled_from(lines), max_size=40))
    ends = draw(st.lists(st.sampled_from(("\n", "\n", "\r\n", "\r")), min_size=len(body) + 1, max_size=len(body) + 1))
    bom = "\ufeff" if draw(st.booleans()) else ""
    text = bom + first + "".join(line + end for line, end in zip([*body, ""], ends, strict=True))
    points = draw(st.lists(st.integers(0, len(text)), max_size=12))
    return text, _cut(text, points)


@settings(max_examples=400, deadline=None)
@given(documents(SRT_LINES))
def test_srt_in_pieces_reads_as_whole(doc: tuple[str, list[str]]) -> None:
    _check("srt", *doc)


@settings(max_examples=400, deadline=None)
@given(documents(VTT_LINES, first="WEBVTT"))
def test_webvtt_in_pieces_reads_as_whole(doc: tuple[str, list[str]]) -> None:
    _check("vtt", *doc)


@settings(max_examples=300, deadline=None)
@given(documents(ASS_LINES), st.sampled_from(("ass", "ssa")))
def test_ass_in_pieces_reads_as_whole(doc: tuple[str, list[str]], name: str) -> None:
    _check(name, *doc)


SBV_LINES = (
    "0:00:01.000,0:00:02.000",
    "0:00:03.500,0:00:03.000",
    "0:00:04.00,0:00:05.00",
    "0:00:01.000,0:00:xx",
    "[INFORMATION]",
    "[TITLE]A title",
    "[END INFORMATION]",
    "[SUBTITLE]",
    "Hello there",
    "first[br]second",
    "  spaced  ",
    "",
    "",
    "\r",
)


@settings(max_examples=300, deadline=None)
@given(documents(SBV_LINES), st.sampled_from(("sbv", "subviewer")))
def test_sbv_and_subviewer_in_pieces_read_as_whole(doc: tuple[str, list[str]], name: str) -> None:
    _check(name, *doc)


_TT = '<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling" xml:lang="en"'
TTML_DOCS = (
    _TT + '><head><styling><style xml:id="s" tts:fontStyle="italic"/></styling></head>\r\n<body timeContainer="seq">'
    '<div dur="5s"><p dur="2s">a <span style="s">b</span></p></div>\n<div><p begin="1s">open<br/>ends</p>'
    '<p begin="0.5s" end="1s">\u00e9t\u00e9 \U0001f600</p></div></body></tt>\n',
    _TT + '><body><div><p begin="1s" end="2s">not closed</div></body></tt>',
    _TT + '><body><div><p begin="xx" end="2s">bad time</p></div></body></tt>',
    '<?xml version="1.0"?>\n<!DOCTYPE tt [<!ENTITY e "x">]>\n' + _TT + "><body/></tt>",
)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(TTML_DOCS), st.booleans(), st.lists(st.integers(0, 400), max_size=10))
def test_ttml_in_pieces_reads_as_whole(doc: str, bom: bool, points: list[int]) -> None:
    text = ("\ufeff" if bom else "") + doc
    _check("ttml", text, _cut(text, points))


LINE_FORMAT_LINES = {
    "microdvd": ("{10}{20}Hello|world", "{30}{45}{y:i}italic", "{50}{60}{c:$0000FF}red", "{70}{80}", "{x}{y}bad", ""),
    "mpl2": ("[10][20]Hello|world", "[30][45]/italic line", "[50][60]", "[x][y]bad", ""),
    "tmp": ("00:00:01:Hello|world", "00:00:02:<u>under</u>", "00:01:00:long " * 3, "0:0:1:bad", "  ", ""),
    "whisper_jax": (
        "[00:01.000 -> 00:02.500]  Hello",
        "[01:00:01.000 -> 01:00:02.000] an hour on",
        "[00:03.000 -> 00:04.000]",
        "[100:00.000 -> 100:01.000] bad",
        "",
    ),
    "sami": (
        "<SYNC Start=1000><P Class=ENCC>Hello<br>world",
        "<SYNC Start=2000><P>&nbsp;",
        "<sync start=2500><p><i>italic</i>",
        "<!-- a <SYNC Start=9> in a comment -->",
        "<!-- a comment over\ntwo lines -->",
        "</BODY></SAMI>",
        "",
    ),
}


@settings(max_examples=150, deadline=None)
@given(data=st.data(), name=st.sampled_from(tuple(LINE_FORMAT_LINES)), part=st.integers(1, 60))
def test_line_formats_in_parts_and_pieces_read_as_whole(data: st.DataObject, name: str, part: int) -> None:
    """MicroDVD, MPL2, TMP, Whisper-JAX and SAMI go through pysubs2 a part at a time
    (``PART_CHARS``, made small here): any parts, any pieces, read as the whole text in one part
    reads (TMP and SAMI events ended by the next, across parts too)."""
    from subconv.formats import parts

    heads = {
        "microdvd": ("", "{1}{1}25\n", "{1}{1}23.976\n"),
        "sami": ("<SAMI><HEAD><STYLE><!-- P {} --></STYLE></HEAD><BODY>\n", ""),
    }
    first = data.draw(st.sampled_from(heads.get(name, ("",))))
    text, pieces = data.draw(documents(LINE_FORMAT_LINES[name], first=first))
    whole = Report()
    expected = _outcome(lambda: formats.get(name).read(text, whole))
    usual, parts.PART_CHARS = parts.PART_CHARS, part
    try:
        _check(name, text, pieces)
        parted = Report()
        assert _outcome(lambda: formats.get(name).read(text, parted)) == expected
        assert parted.entries == whole.entries
    finally:
        parts.PART_CHARS = usual


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("srt", ""),
        ("srt", "no subtitle here\n"),
        ("srt", "junk\n\n1\n00:00:01,000 --> 00:00:02,000\nHi\n"),
        ("srt", "1\n00:00:01,000 --> 999999999999999999999999:00:02,000\nHi\n"),
        ("vtt", ""),
        ("vtt", "WEBVTX\n"),
        ("vtt", "WEBVTT"),
        ("vtt", "WEBVTT\n00:01.000 --> 00:02.000\nin the header\n\n00:03.000 --> 00:04.000\nHi\n"),
        ("ass", ""),
        ("ass", "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,no header\n"),
        ("sbv", ""),
        ("sbv", "text only\r\n"),
        ("sbv", "0:00:01.000,0:00:02.000\r\nHi\r\n\r\nthere\n0:00:03.000,0:00:04.000\n"),
        ("subviewer", "[INFORMATION]\r\n[TITLE]x\r\n[SUBTITLE]\r\n00:00:01.00,00:00:02.00\r\na[br]b\r\n"),
    ],
)
def test_every_cut_of_a_small_text(name: str, text: str) -> None:
    for i in range(len(text) + 1):
        for j in range(i, len(text) + 1, 3):
            _check(name, text, _cut(text, [i, j]))
    _check(name, text, list(text))  # a character a piece


def _corpus(*suffixes: str) -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.suffix in suffixes) if CORPUS.is_dir() else []


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/timed is absent")
@pytest.mark.parametrize("path", _corpus(".srt", ".vtt", ".ass", ".ssa"), ids=lambda p: p.name)
def test_corpus_files_in_pieces_read_as_whole(path: Path) -> None:
    text = decode(path.read_bytes())
    name = formats.sniff(text) or formats.from_extension(str(path))
    assert name in PIECEWISE
    for size in (1000, 4096, 65536):
        _check(name, text, [text[i : i + size] for i in range(0, len(text), size)])


@pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus/timed is absent")
@pytest.mark.parametrize("path", _corpus(".srt", ".vtt", ".ass", ".ssa", ".txt"), ids=lambda p: p.name)
def test_decoding_in_pieces_gives_the_whole_text_or_says_it_cannot(path: Path) -> None:
    data = path.read_bytes()
    whole_report = Report()
    whole = decode(data, report=whole_report)
    pieces_report = Report()
    chunks = [data[: 1 << 16], *(data[i : i + 777] for i in range(1 << 16, len(data), 777))]
    try:
        got = "".join(decode_pieces(chunks, report=pieces_report))
    except WholeInputNeeded:
        assert whole_report.info["encoding_source"] != "valid UTF-8" or b"\x1b" in data
        return
    assert got == whole
    assert pieces_report.info == whole_report.info
    assert pieces_report.entries == whole_report.entries


@pytest.mark.parametrize(
    "data",
    [
        b"",
        codecs.BOM_UTF8 + b"1\n00:00:01,000 --> 00:00:02,000\nHi\n",
        "1\n00:00:01,000 --> 00:00:02,000\nHi\n".encode("utf-16"),
        "1\n00:00:01,000 --> 00:00:02,000\nHi\n".encode("utf-16-le"),
        b"caf\xe9\n",
        b"ok\x00\n",
        b"\x1b$B\n",
        b"\x89PNG\r\n\x1a\n" + bytes(100),
        "é".encode()[:1],
    ],
)
def test_what_decoding_in_pieces_leaves_to_the_whole_input(data: bytes) -> None:
    with pytest.raises(WholeInputNeeded):
        list(decode_pieces([data]))


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "utf-16", "shift_jis"])
def test_decoding_in_pieces_with_an_encoding(encoding: str) -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nÇa coûte 5 €\n" * 3 if encoding != "shift_jis" else "日本語\n" * 9
    data = text.encode(encoding)
    whole_report, pieces_report = Report(), Report()
    chunks = [data[i : i + 5] for i in range(0, len(data), 5)]
    assert "".join(decode_pieces(chunks, encoding, pieces_report)) == decode(data, encoding, whole_report)
    assert pieces_report.info == whole_report.info


def test_an_unknown_encoding_is_left_to_the_whole_input() -> None:
    with pytest.raises(WholeInputNeeded):
        list(decode_pieces([b"abc"], "no-such-codec"))
    with pytest.raises(SubconvError):
        decode(b"abc", "no-such-codec")


@settings(max_examples=100, deadline=None)
@given(
    track=tracks(max_ms=3_000_000),
    part=st.integers(1, 400),
    space=st.sampled_from(("", " ", "\n  ")),
    bom=st.booleans(),
)
def test_pysubs2_json_in_parts_reads_as_whole(track: Track, part: int, space: str, bom: bool) -> None:
    """pysubs2's JSON is read a few events at a time (``PART_CHARS``, made small here): any
    parts, any spacing, read as pysubs2 reads the whole object."""
    import json

    from subconv import dumps
    from subconv.formats import generic, parts

    doc = json.loads(dumps(track, "json"))
    text = ("\ufeff" if bom else "") + json.dumps(doc, indent=1 if space else None).replace("\n", "\n" + space)
    whole = Report()
    expected = generic._read("json", text.lstrip("\ufeff"), whole, (False, None))
    usual, parts.PART_CHARS = parts.PART_CHARS, part
    try:
        parted = Report()
        got = formats.get("json").read(text, parted)
    finally:
        parts.PART_CHARS = usual
    assert (got.cues, got.meta) == (expected.cues, expected.meta)
    assert parted.entries == whole.entries

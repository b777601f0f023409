"""Formats read through pysubs2 (MicroDVD, MPL2, TMP, ...) and their sniffing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pysubs2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import ParseError, Report, dumps, loads, read
from subconv.formats import generic, parts
from subconv.formats.base import WriteOptions, has_visible
from subconv.model import Cue, Track
from subconv.timefmt import to_resolution
from tests.strategies import tracks


def test_microdvd_reads_with_default_fps_and_warns() -> None:
    rep = Report()
    t = loads("{0}{24}{y:i}Hello|world\n{48}{72}Bye\n", "microdvd", report=rep)
    assert [c.lines for c in t.cues] == [("Hello", "world"), ("Bye",)]
    assert t.cues[1].start == round(48 / 23.976 * 1000)
    assert t.cues[0].spans and t.cues[0].spans[0].kind == "i"
    assert rep.by_action("warning")


def test_mpl2() -> None:
    t = loads("[10][25]Hi|there\n[30][40]/Bye\n", "mpl2")
    assert [(c.start, c.end) for c in t.cues] == [(1000, 2500), (3000, 4000)]
    assert t.cues[0].lines == ("Hi", "there")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("{1}{25}Hello\n{30}{50}Bye\n", "microdvd"),
        ("[10][25]Hi\n[30][40]Bye\n", "mpl2"),
        ("1\n00:00:01,000 --> 00:00:02,000\nHi\n", None),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n", None),
        ("[Script Info]\nScriptType: v4.00+\n", None),
        ("Speaker 1 (00:01:02): Hello there.\nAnother line of a transcript.\n", None),
        ("00:00:01 Welcome to the show.\n00:00:05 Today we talk about Django.\n", None),
        ("", None),
        ("00:00:01:[Script Info]\n00:00:03:next\n", "tmp"),
        ("00:00:01:[V4+ Styles]\n00:00:03:next\n", "tmp"),
    ],
)
def test_sniff_pysubs2(text: str, name: str | None) -> None:
    assert generic.sniff_pysubs2(text) == name


@pytest.mark.parametrize("line", ["[Script Info]", "[V4+ Styles]", "[V4 Styles]", "[Events]"])
def test_tmp_text_naming_an_ass_section_reads_back_as_tmp_without_a_format(line: str, tmp_path: Path) -> None:
    """A TMP cue whose text is an ASS section header: the file written reads back as TMP, with
    no format given (content sniffing) and from a file whose name does not say it.  Before,
    pysubs2's TMP guess declined any text holding ``[Script Info]`` (its ASS guess claimed one
    holding ``V4+ Styles``), and the file was read as a page: its times became spoken text."""
    track = Track((Cue(1000, 2000, (line,)), Cue(3000, 4000, ("next",))))
    written = dumps(track, "tmp")
    path = tmp_path / "captions"
    path.write_text(written, encoding="utf-8")
    for back in (loads(written), read(path)):
        assert back.format == "tmp"
        assert [(c.start, c.text) for c in back.cues] == [(1000, line), (3000, "next")]
    assert loads("[Script Info]\nScriptType: v4.00+\n[Events]\n").format == "ass"  # (an ASS file still is)


@settings(max_examples=30)
@given(
    tracks(spans=False, max_ms=3_000_000, resolution=100).filter(
        lambda t: not any(ch in c.text for c in t.cues for ch in "|{}[]/\\")
    )
)
def test_mpl2_round_trip(track: Track) -> None:
    back = loads(dumps(track, "mpl2"), "mpl2")
    assert [(c.start, c.end, c.text) for c in back.cues] == [
        (to_resolution(c.start or 0, 100), to_resolution(c.end or 0, 100), c.text) for c in track.cues
    ]


_BRACED = st.lists(
    st.sampled_from(["The set ", "{1, 2, 3}", "{", "}", '{"a": 1}', "x", "{{}}", "}{", "{ i}"]), min_size=1
).map(lambda pieces: "".join(pieces).strip())


@settings(max_examples=40)
@given(st.sampled_from(("microdvd", "mpl2", "tmp")), st.lists(_BRACED.filter(bool), min_size=1, max_size=4))
def test_braces_in_the_text_are_text(name: str, texts: list[str]) -> None:
    """MicroDVD, MPL2 and TMP give braces no meaning (MicroDVD's ``{y:i}`` codes aside): a cue
    holding ``{1, 2, 3}`` is written with it and read back with it, by subconv.  Before, pysubs2's
    writer deleted ``{...}`` (``The set \\ is small``), and the readers hid it, silently."""
    track = Track(tuple(Cue(2000 * k, 2000 * k + 1500, (t,)) for k, t in enumerate(texts)))
    written = dumps(track, name)
    assert [ln for t in texts for ln in written.splitlines() if ln.endswith(t)], written
    assert [c.text for c in loads(written, name).cues] == texts


_MEANINGFUL = st.lists(
    st.sampled_from(
        ["yes|no", "|", "/", "/usr/bin", " / ", "<b>", "<u>x</u>", "< i>", "</", "<3", ">", "{y:i}", "{Y:b}"]
    )
    | st.sampled_from(["{c:$0000FF}", "{\\i1}", "{ \\b1}", "{", "}", "\u2060", "\u2060/", "a", " ", "\n", "\n/"]),
    min_size=1,
    max_size=8,
).map(lambda pieces: "\n".join(ln.strip() for ln in "".join(pieces).split("\n") if ln.strip()))


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(("microdvd", "mpl2", "tmp")), st.lists(_MEANINGFUL.filter(has_visible), min_size=1, max_size=4))
def test_text_a_format_gives_meaning_reads_back_as_it_was_or_is_reported(name: str, texts: list[str]) -> None:
    """A cue's text reads back from MicroDVD, MPL2 and TMP as it was: a line starting with ``/``
    (MPL2's italics), ``{y:i}`` and ``{\\i1}`` (codes), ``<b>`` (a tag pysubs2's TMP reader
    deletes) get an invisible U+2060 that subconv's reader takes away again; ``|``, their line
    break, which nothing escapes, is written as U+2223 DIVIDES, reported with the cue's line.
    Before, ``yes|no`` read back as two lines and ``/usr/bin`` as the italic ``usr/bin``, silently."""
    track = Track(
        tuple(Cue(2000 * k, 2000 * k + 1500, tuple(t.split("\n")), source_line=10 * k + 1) for k, t in enumerate(texts))
    )
    report = Report()
    written = dumps(track, name, report=report)
    back = loads(written, name).cues
    assert [(c.text, c.spans) for c in back] == [(t.replace("|", "\u2223"), ()) for t in texts]
    bars = [(e.line, e.reason) for e in report.changes()]
    assert bars == [
        (10 * k + 1, f'"|" written as "\u2223" (U+2223): "|" is the line break of {name}, which has no escape')
        for k, t in enumerate(texts)
        if "|" in t
    ]
    if not any("{" in t for t in texts):  # (pysubs2 hides every brace: its plaintext)
        theirs = pysubs2.SSAFile.from_string(written, format_=name, **({"fps": 23.976} if name == "microdvd" else {}))
        assert [ev.plaintext.replace("\u2060", "") for ev in theirs.get_text_events()][-len(texts) :] == [
            t.replace("\u2060", "").replace("|", "\u2223") for t in texts
        ]


_WITH_EMPTY_LINES = st.lists(st.sampled_from(["a", "big b", "", "\u2060", "c."]), min_size=3, max_size=7).filter(
    lambda lines: lines[0].strip("\u2060") != "" != lines[-1].strip("\u2060") and "" in lines[1:-1]
)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(("microdvd", "mpl2", "tmp")), _WITH_EMPTY_LINES)
def test_an_empty_line_inside_a_cue_reads_back_as_written(name: str, lines: list[str]) -> None:
    """A cue with an empty line inside (``a``, ``""``, ``b``) reads back from MicroDVD, MPL2 and
    TMP with it, nothing reported, and pysubs2 reads as many lines.  Before, TMP (pysubs2's writer
    makes a run of line breaks one ``|``) read back as ``a``, ``b``, silently; now the empty line
    is a WJ alone, as in SRT."""
    track = Track((Cue(1000, 2000, tuple(lines), source_line=3), Cue(3000, 4000, ("next",), source_line=7)))
    report = Report()
    written = dumps(track, name, report=report)
    assert [c.lines for c in loads(written, name).cues] == [tuple(lines), ("next",)]
    assert not report.changes()
    theirs = pysubs2.SSAFile.from_string(written, format_=name, **({"fps": 23.976} if name == "microdvd" else {}))
    events = [ev.plaintext.replace("\u2060", "").split("\n") for ev in theirs.get_text_events()][-2:]
    assert events == [[ln.replace("\u2060", "") for ln in lines], ["next"]]


def test_what_mpl2_and_microdvd_can_write_of_the_styling_is_written_the_rest_reported() -> None:
    srt = (
        "1\n00:00:01,000 --> 00:00:02,000\n<i>whole italic line</i>\n\n2\n00:00:03,000 --> 00:00:04,000\n<b>bold</b>\n"
    )
    said = {}
    for name in ("mpl2", "microdvd", "tmp"):
        report = Report()
        written = dumps(loads(srt, "srt"), name, report=report)
        said[name] = (written.splitlines()[-2:], [e.describe() for e in report.changes()])
    assert said == {
        "mpl2": (
            ["[10][20] /whole italic line", "[30][40] bold"],
            ["mpl2: dropped: italic/bold/underline of 1 cues: mpl2 has only whole lines in italics"],
        ),
        "microdvd": (["{24}{48}{Y:i}whole italic line", "{72}{96}{Y:b}bold"], []),
        "tmp": (
            ["00:00:01:whole italic line", "00:00:03:bold"],
            ["tmp: dropped: italic/bold/underline of 2 cues: tmp has no styling"],
        ),
    }


def test_unreadable_is_parse_error() -> None:
    with pytest.raises(ParseError):
        loads("<tt xmlns='http://www.w3.org/ns/ttml'><body><p begin='x'", "ttml")


def test_microdvd_declared_frame_rate_is_used() -> None:
    rep = Report()
    t = loads("{1}{1}25.000\n{25}{50}One\n{75}{100}Two\n", "microdvd", report=rep)
    assert [(c.start, c.end, c.text) for c in t.cues] == [(1000, 2000, "One"), (3000, 4000, "Two")]
    assert not rep.by_action("warning")


#: (1 to 1000 fps: every frame rate subconv takes, ``WriteOptions.fps`` too)
_FRAME_RATES = st.one_of(
    st.sampled_from((23.976, 24.0, 25.0, 29.97, 30.0, 50.0, 59.94, 60.0, 1.0, 1000.0)),
    st.floats(1, 1000, allow_nan=False),
)


@settings(max_examples=60)
@given(
    tracks(spans=False, max_ms=36_000_000).filter(lambda t: not any(ch in c.text for c in t.cues for ch in "|{}")),
    _FRAME_RATES,
)
def test_microdvd_written_at_any_rate_reads_back_at_that_rate(track: Track, fps: float) -> None:
    """The rate is declared on a first line {1}{1}RATE, which the reader honours: the cues come
    back with their text and times within half a frame (before, {0}{0}RATE was written, read back
    as a cue "23.976" and every time counted at 23.976 fps)."""
    text = dumps(track, "microdvd", options=WriteOptions(fps=fps))
    assert text.startswith("{1}{1}" + generic.rate_text(fps) + "\n")
    rep = Report()
    back = loads(text, "microdvd", report=rep)
    rate = float(generic.rate_text(fps))
    half = 500 / rate + 1
    assert [c.text for c in back.cues] == [c.text for c in track.cues]
    for got, cue in zip(back.cues, track.cues, strict=True):
        assert got.start is not None and got.end is not None and cue.start is not None and cue.end is not None
        assert abs(got.start - cue.start) <= half and abs(got.end - cue.end) <= half
    assert not rep.by_action("warning")


@pytest.mark.parametrize("line", ["{0}{0}25.0", "{1}{1}25", " { 1 }{ 1 } 25.000 "])
def test_microdvd_rate_line_of_pysubs2_and_of_players_is_a_declaration(line: str) -> None:
    """pysubs2's writer (and subconv's, through it) wrote {0}{0}RATE: read as the declaration,
    not as a cue, whatever the part it is read in."""
    rep = Report()
    t = loads(line + "\n{25}{50}One\n{75}{100}Two\n", "microdvd", report=rep)
    assert [(c.start, c.end, c.text, c.source_line) for c in t.cues] == [(1000, 2000, "One", 2), (3000, 4000, "Two", 3)]
    assert not rep.by_action("warning") and not rep.by_action("dropped")


def test_whisper_jax_with_hours_is_not_read_as_a_page() -> None:
    """pysubs2 finds ``[00:00:01.000 -> ...]`` lines ambiguous (SRT or Whisper-JAX); subconv's
    own SRT sniffer declined them, so they are Whisper-JAX, their times times, not text."""
    from subconv import detect_format

    text = "[00:00:01.000 -> 00:00:02.500]  Hello there\n[01:00:03.000 -> 01:00:04.000]  An hour on\n"
    assert detect_format(text) == "whisper_jax"
    assert [(c.start, c.end, c.text) for c in loads(text).cues] == [
        (1000, 2500, "Hello there"),
        (3_603_000, 3_604_000, "An hour on"),
    ]


@pytest.mark.parametrize(
    ("name", "text", "left_out"),
    [
        ("microdvd", "{1}{1}25\n{10}{20}a\ngarbage\n\n{30}{40}b\n", [(3, "garbage")]),
        ("tmp", "00:00:01:a\nnot a line\n00:00:05:b\n", [(2, "not a line")]),
        ("mpl2", "[10][20]a\n[x][y]bad\n[30][40]b\n", [(2, "[x][y]bad")]),
        (
            "whisper_jax",
            "[00:01.000 -> 00:02.000]  a\n[100:00.000 -> 100:01.000]  b\n",
            [(2, "[100:00.000 -> 100:01.000]  b")],
        ),
    ],
)
def test_lines_pysubs2_skips_are_reported(name: str, text: str, left_out: list[tuple[int, str]]) -> None:
    rep = Report()
    track = loads(text, name, report=rep)
    dropped = [(e.line, e.text) for e in rep.by_action("dropped")]
    assert dropped == left_out
    assert len(track.cues) == sum(1 for ln in text.splitlines() if ln.strip()) - len(left_out) - (name == "microdvd")


def test_pysubs2_warnings_stay_off_stderr() -> None:
    """Reading a SAMI past ten hours (pysubs2's ASS rendering clamps there: its own warning) warns
    nothing; writing a TMP past 99:59:59 is a report warning, not a Python warning."""
    import warnings

    text = "<SAMI><BODY>\n<SYNC Start=40000000><P>late\n<SYNC Start=40001000><P>&nbsp;\n</BODY></SAMI>\n"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        track = loads(text, "sami")
        assert [(c.start, c.text) for c in track.cues if c.text] == [(40_000_000, "late")]
        rep = Report()
        out = dumps(loads("1\n100:00:01,000 --> 100:00:02,000\nlate\n", "srt"), "tmp", report=rep)
    assert out.startswith("99:59:59:late")
    assert any("clamp" in e.reason for e in rep.by_action("warning"))


def test_sami_last_sync_without_end_tag_is_read() -> None:
    track = loads("<SAMI><BODY>\n<SYNC Start=1000><P>one\n<SYNC Start=2000><P>two\n", "sami")
    assert [c.text for c in track.cues] == ["one", "two"]


# -- MicroDVD and MPL2 lines read without pysubs2 (``generic._read_later``) --------------------

_ODD_TEXT = ("{y:i}", "{Y:b}", "{c:$0000FF}", "}", "\\N", "\u2060", "\t", "\x0b", "\x85", "/", "{1}")
_TEXT_CHARS = st.sampled_from([*"ab /|.-'\" \u3000\xa0é😀<>,:;[]()09", *_ODD_TEXT])


@st.composite
def _event_lines(draw: st.DrawFn, name: str) -> str:
    a, b = draw(st.integers(0, 10**6)), draw(st.integers(0, 10**6))
    text = "".join(draw(st.lists(_TEXT_CHARS, max_size=8)))
    return f"{{{a}}}{{{b}}}{text}" if name == "microdvd" else f"[{a}][{b}]{text}"


@settings(max_examples=300, deadline=None)
@given(data=st.data(), name=st.sampled_from(("microdvd", "mpl2")), fps=st.sampled_from((25.0, 23.976, 29.97)))
def test_a_later_part_reads_as_pysubs2_reads_it(data: st.DataObject, name: str, fps: float) -> None:
    """Every line of a part after the first: a plain event line read by subconv, any other run of
    lines by pysubs2; the same cues (their source lines too) and report entries as pysubs2 and the
    ASS reader give for the whole part."""
    other = st.sampled_from(("", "junk", " {1}{2}x", "[1][2]"))
    lines = data.draw(st.lists(st.one_of(_event_lines(name), _event_lines(name), other), min_size=1, max_size=6))
    part = "\n".join(lines) + data.draw(st.sampled_from(("\n", "")))
    before = data.draw(st.integers(0, 50))
    rate = fps if name == "microdvd" else None
    cues: list[Cue] = []
    report = Report()
    left_out = Report()
    generic._read_later(name, part, rate, before, cues=cues, report=report, left_out=left_out)
    whole = Report()
    try:
        expected = generic._read(name, part, whole, (False, rate), lines_before=before)
    except ParseError:
        return  # (a line pysubs2 refuses: the error is the part's, not subconv's reading)
    assert [(c, c.source_line) for c in cues] == [(c, c.source_line) for c in expected.cues]
    # (the lines pysubs2 skipped are reported after the rest: before it, read whole)
    assert [*left_out.entries, *report.entries] == [e for e in whole.entries if e.reason != generic._NO_EVENTS]


@pytest.mark.parametrize(
    ("name", "line"),
    [("microdvd", "{25}{50}Hello there|General Kenobi"), ("mpl2", "[10][25]Hello there|General Kenobi")],
)
def test_a_large_file_of_plain_lines_goes_through_pysubs2_once(
    name: str, line: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the first part (its header, its rate) is read through pysubs2: the plain lines after
    it are read by subconv (many times faster: a 50 MB MicroDVD file 43 -> 4.4 s of CPU)."""
    calls: list[int] = []
    through = generic._read

    def counted(*args: Any, **kwargs: Any) -> Track:
        calls.append(1)
        return through(*args, **kwargs)

    monkeypatch.setattr(generic, "_read", counted)
    monkeypatch.setattr(parts, "PART_CHARS", 4096)  # (parts of 1 MiB, made small)
    text = "{1}{1}25\n" * (name == "microdvd") + (line + "\n") * 2_000
    track = loads(text, name)
    assert len(track.cues) == 2_000 and track.cues[-1].lines == ("Hello there", "General Kenobi")
    assert track.cues[-1].source_line == 2_000 + (name == "microdvd")
    assert len(calls) == 1


@pytest.mark.parametrize("to", ["ass", "ssa"])
def test_a_format_without_styles_gets_the_readable_default_style_not_pysubs2s(to: str) -> None:
    """pysubs2's rendering of a MicroDVD file (its script info, a Default style of Arial 20) is
    not the file's: ASS and SSA get subconv's Default (5 % of PlayResY; before, ASS got Arial 20
    at 1920x1080 and pysubs2's comment lines), and nothing is reported of a style."""
    rep = Report()
    out = dumps(loads("{1}{1}25\n{25}{50}Hello\n", "microdvd"), to, report=rep)
    assert "pysubs2" not in out
    assert [ln.split(",")[:3] for ln in out.splitlines() if ln.startswith("Style:")] == [
        ["Style: Default", "Arial", "54"]
    ]
    assert not rep.entries


@pytest.mark.parametrize(
    ("text", "line", "said"),
    [
        ('{"name": "x", "items": [1, 2]}', 1, 'not subtitles: no "events"'),
        ("\n[1, 2, 3]\n", 2, "not subtitles: an array, but not of cues"),
        ('"hello"', 1, "not subtitles: a string"),
        ('{"info": {}, "events": []}', 1, 'pysubs2\'s JSON without "styles"'),
        ('{"events": [{"start": 0, "end": 1000, "text": "hi"}]}', 1, 'pysubs2\'s JSON without "info"'),
        ('{\n  "events": [,]\n}', 2, "invalid JSON: Expecting value"),
    ],
)
def test_json_that_is_not_subtitles_says_what_json_is_read(text: str, line: int, said: str) -> None:
    """A .json file that is neither a cue list nor pysubs2's JSON: an error at its line that
    says what it is and what subconv reads (before: ``pysubs2 could not read it: 'info'``, the
    name of a key pysubs2 missed, and no line)."""
    with pytest.raises(ParseError) as caught:
        loads(text, name="small.json")
    assert caught.value.line == line
    assert caught.value.reason.startswith(said)
    assert caught.value.reason == said or "a JSON cue list (an array of [text, start, end]" in caught.value.reason


@pytest.mark.parametrize("to", ["mpl2", "microdvd", "tmp", "json"])
def test_an_ass_field_pysubs2_cannot_read_is_reported_not_printed(to: str) -> None:
    """An ASS event whose Layer or margins are not numbers (old SSA's ``Marked=0``), written
    through pysubs2: pysubs2's "Failed to parse layer" is a report warning, no Python warning
    reaches standard error.  Before, its ``RuntimeWarning`` with its file path was printed."""
    import warnings

    ass = (
        "[Script Info]\nScriptType: v4.00+\n\n[Events]\n"
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        "Dialogue: 1a,0:00:01.00,0:00:02.00,Default,,x,0,0,,Hello\n"
    )
    track = loads(ass, "ass")
    report = Report()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        text = dumps(track, to, report=report)
    assert "Hello" in text
    assert [e.reason for e in report.by_action("warning") if e.reason.startswith("pysubs2: Failed to parse")]

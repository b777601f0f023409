"""File-level data (``Track.title``, ``Track.language``, the header material in ``Track.meta``) a
format cannot hold is reported: one ``dropped`` entry each, at its source line, never silently
lost; a format that holds it (a same-format conversion) reports nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subconv import Report, dumps, formats, loads
from subconv.api import dump_feed
from subconv.cli import main
from subconv.errors import SubconvError
from subconv.formats.base import CUE_DATA, HEADER_DATA, HEADER_STEP
from subconv.formats.sbv import NO_HEADER
from subconv.model import Cue, CueFeed, Track

SBV = "[INFORMATION]\n[TITLE]My film\n[AUTHOR]Ann\n[END INFORMATION]\n[SUBTITLE]\n0:00:01.000,0:00:02.000\nHello\n"
SUBVIEWER = (
    "[INFORMATION]\n[TITLE]My film\n[AUTHOR]Ann\n[END INFORMATION]\n[SUBTITLE]\n00:00:01.00,00:00:02.00\nHello\n"
)
VTT = "WEBVTT\nLanguage: fr\n\nNOTE before\n\n00:00:01.000 --> 00:00:02.000\nHello\n\nNOTE after\n"
ASS = (
    "[Script Info]\nTitle: My film\nScriptType: v4.00+\n\n[V4+ Styles]\n"
    "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, "
    "Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, "
    "MarginR, MarginV, Encoding\n"
    "Style: Default,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,2,2,10,10,10,1\n\n"
    "[Fonts]\nfontname: a.ttf\nABCD\n\n"
    "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Hello\n"
)
TTML = (
    '<?xml version="1.0"?>\n<tt xmlns="http://www.w3.org/ns/ttml" xmlns:ttm="http://www.w3.org/ns/ttml#metadata"'
    ' xml:lang="de">\n<head>\n<metadata>\n<ttm:title>Ein Film</ttm:title>\n</metadata>\n</head>\n'
    '<body><div><p begin="1s" end="2s">Hallo</p></div></body></tt>\n'
)
#: a file of each format with file-level data, by the format
SOURCES = {"sbv": SBV, "subviewer": SUBVIEWER, "vtt": VTT, "ass": ASS, "ttml": TTML}
SOURCES.update({fmt: dumps(loads(ASS), fmt) for fmt in ("ssa", "json")})
WRITABLE = formats.writable()
#: the formats whose output reads back as the timed track it was written from
TIMED = [name for name in WRITABLE if name != "txt"]


def _header_entries(report: Report) -> list[tuple[str, int | None, str | None]]:
    return [(e.reason, e.line, e.text) for e in report.entries if e.step == HEADER_STEP]


def _read_back(text: str, fmt: str) -> Track | None:
    try:
        return loads(text, fmt)
    except SubconvError:  # (a transcript reads as a page: no title or language either)
        return None


def _check_pair(given: Track, fmt: str) -> None:
    """Each item of file-level data ``given`` holds is either read back from its ``fmt`` output
    or named in exactly one ``dropped`` entry, never both, never neither."""
    report = Report()
    back = _read_back(dumps(given, fmt, report=report), fmt)
    dropped = [e for e in report.entries if e.step == HEADER_STEP]
    assert all(e.action == "dropped" for e in dropped)
    for key, what in HEADER_DATA.items():
        if key in ("title", "language"):
            value = getattr(given, key)
            kept = back is not None and getattr(back, key) == value
        else:
            value = given.meta.get(key)
            kept = back is not None and key in back.meta
        if not value:
            continue
        named = [e for e in dropped if e.reason.startswith(what + " ")]
        assert kept != (len(named) == 1), (key, fmt, kept, [e.reason for e in dropped])
        assert len(named) <= 1


@pytest.mark.parametrize("fmt", WRITABLE)
@pytest.mark.parametrize("source", sorted(SOURCES))
def test_header_data_is_written_or_reported_once(source: str, fmt: str) -> None:
    track = loads(SOURCES[source], source)
    _check_pair(track, fmt)


@pytest.mark.parametrize("fmt", sorted(SOURCES))
def test_a_same_format_conversion_reports_no_header_data(fmt: str) -> None:
    text = dumps(loads(SOURCES[fmt], fmt), fmt)
    report = Report()
    dumps(loads(text, fmt), fmt, report=report)
    assert _header_entries(report) == []


TITLES = st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]), min_size=1, max_size=12).map(str.strip)
LANGUAGES = st.from_regex(r"[a-z]{2,3}(-[A-Z]{2})?", fullmatch=True)


@given(st.sampled_from(TIMED), st.sampled_from(WRITABLE), st.none() | TITLES, st.none() | LANGUAGES)
def test_a_title_or_language_given_is_read_back_or_reported(
    source: str, fmt: str, title: str | None, lang: str | None
) -> None:
    """Over format pairs: a track given a title and a language, written in ``source`` and read
    back (what ``source`` holds of them, in its own header), then written in ``fmt``: each is in
    the output or named in one ``dropped`` entry; ``fmt`` the same as ``source``: none."""
    track = Track((Cue(1000, 2000, ("Hello",)), Cue(3000, 4000, ("World",))), title=title or None, language=lang)
    read = loads(dumps(track, source), source)
    _check_pair(read, fmt)
    if fmt == source:
        report = Report()
        dumps(read, fmt, report=report)
        assert _header_entries(report) == []


def test_an_sbv_title_and_header_are_reported_with_their_lines() -> None:
    """Before, SBV's [INFORMATION] header and its title went nowhere, in every output but
    SubViewer's, and nothing said so."""
    report = Report()
    dumps(loads(SBV, "sbv"), "srt", report=report)
    assert _header_entries(report) == [
        ("the title not written: srt has no place for it", 2, "My film"),
        ("the SBV header lines (5) not written: srt has no place for it", 1, None),
    ]
    report = Report()
    dumps(loads(SBV, "sbv"), "sbv", report=report)  # (SBV has no header: YouTube's files hold none)
    assert [reason for reason, _line, _text in _header_entries(report)] == [
        f"the title not written: {NO_HEADER}",
        f"the SBV header lines (5) not written: {NO_HEADER}",
    ]


@pytest.mark.parametrize(
    ("source", "fmt", "expected"),
    [
        ("ass", "srt", [("the title", 2), ("the [Script Info] lines (2)", 2), ("the ASS/SSA styles (1)", 7)]),
        ("ttml", "srt", [("the title", 5), ("the language", 2)]),
        ("ttml", "ass", [("the language", 2)]),
        ("subviewer", "vtt", [("the title", 2), ("the SubViewer header lines (5)", 1)]),
        ("vtt", "ttml", [("the WebVTT header (the WEBVTT line's text and the header lines)", 1)]),
    ],
)
def test_what_a_format_cannot_hold_is_named_at_its_line(source: str, fmt: str, expected: list[tuple[str, int]]) -> None:
    report = Report()
    dumps(loads(SOURCES[source], source), fmt, report=report)
    got = [(reason.partition(" not written: ")[0], line) for reason, line, _text in _header_entries(report)]
    assert set(expected) <= set(got)


def test_a_feed_of_cues_reports_the_header_too() -> None:
    """The streamed path (a page's cues written as the pipeline makes them) reports as a whole track does."""
    report = Report()
    header = Track((), title="My film", language="fr")
    text = "".join(dump_feed(header, CueFeed(iter([Cue(0, 1000, ("Hi",))])), "srt", report=report))
    assert "Hi" in text
    assert [reason for reason, _line, _text in _header_entries(report)] == [
        "the title not written: srt has no place for it",
        "the language not written: srt has no place for it",
    ]


def test_the_command_line_reports_it_and_counts_every_cue_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "a.sbv"
    src.write_text(SBV, encoding="utf-8")
    rep = tmp_path / "r.json"
    assert main(["convert", str(src), "-o", str(tmp_path / "a.srt"), "--report", str(rep)]) == 0
    assert capsys.readouterr().err == ""  # (a report entry, not a warning: every cue is written)
    data = json.loads(rep.read_text(encoding="utf-8"))
    assert data["info"]["cues_written"] == 1
    assert [(e["step"], e["action"], e["line"]) for e in data["entries"]] == [
        ("header", "dropped", 2),
        ("header", "dropped", 1),
    ]


def test_every_format_declares_only_header_data() -> None:
    for name in formats.names():
        assert set(formats.get(name).header) <= set(HEADER_DATA) | set(CUE_DATA), name


@pytest.mark.parametrize(
    ("to", "streamed"),
    [("srt", False), ("srt", True), ("vtt", True), ("vtt", False), ("ass", False), ("sbv", False), ("ttml", False)],
)
def test_a_note_between_cues_is_written_or_reported(to: str, streamed: bool) -> None:
    """A WebVTT ``NOTE`` between cues (kept with the cue after it): WebVTT writes it back, every
    other writer reports it at that cue's line, once; before, SRT and the rest lost it silently."""
    vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nOne\n\nNOTE checked by Ann\n\n00:00:03.000 --> 00:00:04.000\nTwo\n"
    track = loads(vtt, "vtt")
    report = Report()
    if streamed:  # (the writers of a feed of cues: SRT, WebVTT)
        text = "".join(dump_feed(track.with_cues(()), CueFeed(iter(track.cues)), to, report=report))
    else:
        text = dumps(track, to, report=report)
    said = [e for e in report.entries if "NOTE" in e.reason]
    if to == "vtt":
        assert "NOTE checked by Ann" in text and not said
    else:
        assert "checked by Ann" not in text
        assert [(e.action, e.line, e.text) for e in said] == [("dropped", 8, "NOTE checked by Ann")]

"""White space at the ends of a cue's lines: each writer removes (and reports) only what its
format's readers lose (``subconv.formats.escapes.BLANKS``, measured in ``docs/formats.md``), and
writes the rest as it is: a Japanese fansub's U+3000 IDEOGRAPHIC SPACEs, which lay out its lines,
stay where they were (before, every writer stripped all Unicode white space from every line)."""

from __future__ import annotations

import io
from pathlib import Path

import pysubs2
import pytest
import srt as srtlib
import webvtt
from hypothesis import given, settings
from hypothesis import strategies as st

import subconv
from subconv import dumps, loads
from subconv.formats.escapes import SPACE_REMOVED
from subconv.model import Cue, Track
from subconv.report import Report
from tests.strategies import as_written, visible

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "timed" / "films"
BEEKEEPER = CORPUS / "SSA_The_Beekeeper_Japanese_400plus.ass"

#: white space a line may start or end with: ASCII, the tab, the no-break and ideographic spaces,
#: the typographic spaces of U+2000-U+200A and the others Python's ``str.strip`` removes
_BLANKS = " \t\u00a0\u1680\u2002\u2009\u200a\u202f\u205f\u3000"
_blank = st.text(st.sampled_from(_BLANKS), max_size=3)
_line = st.builds(lambda a, core, b: a + core + b, _blank, st.sampled_from(["", "a", "big b", "末尾", "c."]), _blank)
_lines = st.lists(_line, min_size=1, max_size=4).filter(lambda ls: any(ln.strip() for ln in ls))

#: the formats whose writers tidy (SBV and SubViewer strip their own: see the examples below)
_FORMATS = ("srt", "vtt", "ass", "ssa", "microdvd", "mpl2", "tmp", "json", "textgrid")
#: what SBV and SubViewer say of the spaces and tabs they do not write
_SBV_SAYS = "spaces at the start or end of a line not written"


def _pysubs2(text: str, fmt: str) -> list[str]:
    subs = pysubs2.SSAFile.from_string(text, format_=fmt, **({"fps": 23.976} if fmt == "microdvd" else {}))
    return [visible(ev.plaintext) for ev in subs.get_text_events()][-2:]


def _theirs(text: str, fmt: str) -> dict[str, list[str]]:
    """What the third-party readers the tests use for ``fmt`` read, a cue's text each (WJs removed)."""
    out: dict[str, list[str]] = {}
    if fmt in ("srt", "vtt", "ass", "ssa", "microdvd", "mpl2", "tmp", "json"):
        out["pysubs2"] = _pysubs2(text, fmt)
    if fmt == "srt":
        out["srt"] = [visible(s.content) for s in srtlib.parse(text)]
        out["webvtt-py"] = [visible(c.text) for c in webvtt.from_buffer(io.StringIO(text), format="srt").captions]
    if fmt == "vtt":
        out["webvtt-py"] = [visible(c.text) for c in webvtt.from_string(text).captions]
    return out


@pytest.mark.parametrize("fmt", _FORMATS)
@settings(max_examples=80, deadline=None)
@given(lines=_lines)
def test_white_space_at_line_ends_reads_back_as_the_report_says_it_was_written(fmt: str, lines: list[str]) -> None:
    """A cue whose lines start and end with white space reads back, by subconv and by the other
    readers of its format, as it was written: the white space its readers lose removed (the cue
    reported "white space at line ends removed", with its line), the rest as it was."""
    cue = Cue(1000, 2000, tuple(lines), source_line=3)
    track = Track((cue, Cue(3000, 4000, ("next",), source_line=7)))
    report = Report()
    written = dumps(track, fmt, report=report, options=subconv.WriteOptions(speaker_prefix=False))
    expected = as_written(track, fmt)
    [want, _] = expected.cues
    said = [(e.line, e.action) for e in report.entries if e.reason == SPACE_REMOVED]
    assert said == ([(3, "rewritten")] if want.lines != cue.lines else [])
    back = loads(written, fmt).cues
    assert [c.text for c in back] == [c.text for c in expected.cues]
    for reader, texts in _theirs(written, fmt).items():
        assert texts == [visible(c.text) for c in expected.cues], reader


@pytest.mark.parametrize(
    ("fmt", "text", "kept"),
    [
        ("ass", "\u3000first\u3000\n\u3000second\u3000", "\u3000first\u3000\n\u3000second"),
        ("ssa", "\u3000first\u3000\n\u3000second\u3000", "\u3000first\u3000\n\u3000second"),
        ("vtt", " \u3000first\u3000 \n \u3000second\u3000 ", "first\u3000 \n \u3000second"),
        ("srt", " \u3000first\u3000 \n \u3000second\u3000 ", "first\u3000\n\u3000second\u3000"),
        ("tmp", " \u3000first\u3000 \n\u3000second\u3000", "first\u3000 \n\u3000second"),
        ("sbv", " \u3000first\u3000 \n\t\u3000second\u3000 ", "\u3000first\u3000\n\u3000second\u3000"),
        ("subviewer", " \u3000first\u3000 \n\t\u3000second\u3000 ", "\u3000first\u3000\n\u3000second\u3000"),
        ("mpl2", " \u3000first\u3000 \n \u3000second\u3000 ", "first\nsecond"),
    ],
)
def test_each_writer_keeps_what_its_readers_keep(fmt: str, text: str, kept: str) -> None:
    """The table of ``docs/formats.md``, one example each: an ASS event keeps its U+3000 but the
    one ending it (pysubs2 strips its line of the file); SRT only the one starting a line after
    the first (subconv's reader ignores white space at a line's end, pysubs2 strips the text,
    ffmpeg drops spaces starting a line)."""
    track = Track((Cue(0, 1000, tuple(text.split("\n")), source_line=5),))
    report = Report()
    back = loads(dumps(track, fmt, report=report), fmt).cues
    assert [c.text for c in back] == [kept]
    said = _SBV_SAYS if fmt in ("sbv", "subviewer") else SPACE_REMOVED
    assert [(e.line, e.reason) for e in report.changes()] == [(5, said)]


@pytest.mark.skipif(not BEEKEEPER.is_file(), reason="../shared/corpus/timed is absent")
def test_a_japanese_fansub_keeps_its_ideographic_spaces_ass_to_ass() -> None:
    """The Beekeeper's Japanese ASS lays out its lines with U+3000, at the start of a second line
    too: ASS -> ASS writes them as they were, and only the white space ending an event (which
    pysubs2 strips) is removed and reported (before: 91 events rewritten, U+3000 lost)."""
    source = subconv.read(BEEKEEPER)
    report = Report()
    back = loads(dumps(source, "ass", report=report), "ass")
    assert [c.text for c in back.cues] == [c.text.rstrip() for c in source.cues]
    assert sum("\u3000" in c.text for c in back.cues) == sum("\u3000" in c.text.rstrip() for c in source.cues) > 50
    removed = [e.line for e in report.entries if e.reason == SPACE_REMOVED]
    assert removed == [c.source_line for c in source.cues if c.text != c.text.rstrip()]
    assert len(removed) < 10

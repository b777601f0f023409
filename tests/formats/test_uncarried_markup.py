"""What a writer cannot hold of a cue's markup is reported, once per cue with its source line:
ASS override tags (``\\pos``, ``\\fs``, ``\\c`` ...), an ASS style's placement and formatting,
WebVTT settings.  Before, the SBV, SubViewer, TTML, txt, TextGrid and LRC writers left them out
with no report entry (MicroDVD, MPL2 and TMP already said so)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import Report, dumps, formats, loads
from subconv.formats.base import has_visible
from subconv.model import Cue, Track
from tests.clirun import run_subconv
from tests.formats.helpers import ASS_HEAD, drawn_colours

EVENTS = "\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
#: the writers that hold every ASS override tag (the script itself, pysubs2's JSON of it)
_HOLD_ALL = frozenset(("ass", "ssa", "json"))
_WRITERS = [name for name in formats.writable() if name not in _HOLD_ALL]
_TAG = re.compile(r"\\(fn|[a-z]+)", re.IGNORECASE)


def _lost_tags(tags: object, fmt: str, cue: Cue | None = None) -> set[str]:
    """The names of the kept override tags ``tags`` that format ``fmt`` cannot hold (SRT and TTML
    hold a colour; MicroDVD one over the whole ``cue``: ``{C:$BBGGRR}``)."""
    names = set(_TAG.findall(tags)) if isinstance(tags, str) else set()
    if fmt in ("srt", "ttml") or (fmt == "microdvd" and cue is not None and _one_colour(cue)):
        return names - {"c", "1c"}
    return names


def _one_colour(cue: Cue) -> bool:
    """Whether every character of ``cue`` that is not white space is drawn in one colour."""
    drawn = [c for c, ch in zip(drawn_colours(cue), cue.text.replace("\n", ""), strict=True) if not ch.isspace()]
    return len(set(drawn)) == 1 and drawn[0] is not None


def _ass_files(shared: Path) -> list[Path]:
    corpus = shared / "corpus"
    found = sorted(p for p in corpus.rglob("*") if p.suffix.lower() in (".ass", ".ssa") and p.is_file())
    if not found:
        pytest.skip("no ASS file in the corpus")
    return found


def _say_it(track: Track, fmt: str) -> None:
    """Every shown cue of ``track`` with a tag ``fmt`` cannot hold has its entry at its line."""
    rep = Report()
    dumps(track, fmt, report=rep)
    said = {e.line for e in rep.entries if e.action == "rewritten" and "ASS override tags" in e.reason}
    for cue in track.cues:
        if cue.extras.get("ass.comment") == "1" or not has_visible(cue.text):
            continue
        if _lost_tags(cue.extras.get("ass.tags"), fmt, cue):
            assert cue.source_line in said, (fmt, cue.source_line, cue.extras.get("ass.tags"))
    lines = [e.line for e in rep.entries if "ASS override tags" in e.reason]
    assert len(lines) == len(set(lines)), "a cue reported twice"


@pytest.mark.parametrize("fmt", _WRITERS)
def test_every_writer_reports_the_override_tags_of_the_corpus_ass_files(shared: Path, fmt: str) -> None:
    tagged = 0
    for path in _ass_files(shared):
        try:
            track = loads(path.read_bytes().decode("utf-8-sig", errors="replace"), report=Report())
        except Exception:  # (a file the reader refuses is another test's)
            continue
        if track.format not in ("ass", "ssa"):
            continue
        tagged += sum(bool(_lost_tags(c.extras.get("ass.tags"), fmt)) for c in track.cues)
        _say_it(track, fmt)
    assert tagged >= 20  # (the corpus's \pos, \move, \fs, \c, \fad ... were looked at)


_TAGS = st.lists(
    st.sampled_from([r"\pos(10,20)", r"\fs30", r"\c&H0000FF&", r"\bord2", r"\fnSerif", r"\frz45", r"\fad(100,200)"]),
    min_size=1,
    max_size=3,
)


@settings(max_examples=30, deadline=None)
@given(tags=_TAGS, mid=st.booleans(), fmt=st.sampled_from(_WRITERS))
def test_a_cue_with_override_tags_is_reported_by_every_writer(tags: list[str], mid: bool, fmt: str) -> None:
    block = "{" + "".join(tags) + "}"
    text = f"Hello {block}world" if mid else f"{block}Hello world"
    script = ASS_HEAD + EVENTS + "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Plain\n"
    script += f"Dialogue: 0,0:00:03.00,0:00:04.00,Default,,0,0,0,,{text}\n"
    track = loads(script, "ass")
    rep = Report()
    dumps(track, fmt, report=rep)
    lost = _lost_tags("".join(tags), fmt, track.cues[1])
    entries = [(e.line, e.reason) for e in rep.entries if "ASS override tags" in e.reason]
    if lost:
        assert entries == [(11, f"ASS override tags ({', '.join(sorted(lost))}): not carried to {fmt}")]
    else:
        assert entries == []


_STYLED = (
    ASS_HEAD
    + "Style: Top,Arial,20,&H00FFFFFF,&H0,&H0,&H0,0,-1,0,0,100,100,0,0,1,1,0,8,10,10,10,1\n"
    + EVENTS
    + "Dialogue: 0,0:00:01.00,0:00:02.00,Top,,0,0,0,,Top italic\n"
)


def test_ttml_carries_an_ass_style_s_placement_and_italics() -> None:
    rep = Report()
    back = loads(dumps(loads(_STYLED, "ass"), "ttml", report=rep), "ttml")
    assert back.cues[0].extras.get("ttml.align") == "8"
    assert [sp.kind for sp in back.cues[0].spans] == ["i"]


@pytest.mark.parametrize("fmt", ["sbv", "subviewer", "txt", "textgrid", "lrc"])
def test_an_ass_style_s_placement_and_italics_lost_are_reported(fmt: str) -> None:
    rep = Report()
    dumps(loads(_STYLED, "ass"), fmt, report=rep)
    assert [e.reason for e in rep.entries if e.step == fmt and e.action == "dropped"] == [
        f"italic/bold/underline of 1 cues: {fmt} has no styling",
        f"placement of 1 cues: {fmt} has no positioning",
    ]


_VTT = "WEBVTT\n\n00:01.000 --> 00:02.000 line:0 size:50%\nTop\n"


def test_ttml_carries_webvtt_line_settings_and_reports_the_others() -> None:
    rep = Report()
    out = dumps(loads(_VTT, "vtt"), "ttml", report=rep)
    assert loads(out, "ttml").cues[0].extras.get("ttml.align") == "8"
    assert [(e.line, e.reason) for e in rep.entries] == [(3, "WebVTT settings size:50%: not carried to ttml")]


@pytest.mark.parametrize("fmt", ["sbv", "subviewer", "txt", "textgrid", "lrc"])
def test_webvtt_settings_lost_are_reported(fmt: str) -> None:
    rep = Report()
    dumps(loads(_VTT, "vtt"), fmt, report=rep)
    reasons = [(e.line, e.reason) for e in rep.entries if e.step == fmt]
    assert (3, f"WebVTT settings size:50%: not carried to {fmt}") in reasons
    assert (None, f"placement of 1 cues: {fmt} has no positioning") in reasons


def test_an_srt_font_lost_in_sbv_is_reported() -> None:
    rep = Report()
    dumps(loads('1\n00:00:01,000 --> 00:00:02,000\n<font color="red">red</font>\n', "srt"), "sbv", report=rep)
    assert [(e.line, e.reason) for e in rep.entries] == [(2, 'font tag <font color="red">: not carried to sbv')]


@pytest.mark.parametrize(
    ("name", "text"),
    [("a.srt", "1\n00:00:01,000 --> 00:00:02,000\n<i>Slanted</i>\n"), ("a.vtt", _VTT)],
    ids=["srt-italics", "vtt-line-0"],
)
@pytest.mark.parametrize("to", ["sbv", "txt", "lrc"])
def test_a_cue_whose_styling_or_placement_is_lost_is_still_a_cue_written(
    tmp_path: Path, name: str, text: str, to: str
) -> None:
    """The summary of what of the cues a format leaves out (``placement of 1 cues``) is no cue
    dropped.  Before: ``warning: all 1 cues read were dropped (by sbv ...): the output is empty``,
    the cue written all the same."""
    src, out, rep = tmp_path / name, tmp_path / f"out.{to}", tmp_path / "r.json"
    src.write_text(text, encoding="utf-8")
    r = run_subconv("convert", str(src), "-o", str(out), "--report", str(rep))
    assert (r.returncode, r.stderr) == (0, "")
    assert json.loads(rep.read_text(encoding="utf-8"))["info"]["cues_written"] == 1

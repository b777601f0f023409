"""A WebVTT file read as a page (``--from page``, or text that no subtitle reader takes): its header,
``REGION``, ``STYLE`` and ``NOTE`` blocks and its cue identifiers are not spoken, so none is a
caption; each line is dropped and reported at its line, and the cue settings after a timing line
(``align:start``) are dropped from it, reported, leaving the cue's times.  Before, only the
``WEBVTT`` line (above a first cue at 0:00) was chrome: every line of the blocks, each cue
identifier and each timing line's settings were captions (``region:fred``, ``::cue {``, ``2``)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from subconv.api import convert
from subconv.encoding import decode
from subconv.pages import read_page
from subconv.report import Report

VTT = """WEBVTT Kind: captions
Language: en

REGION
id:fred
width:40%
regionanchor:0%,100%
scroll:up

STYLE
::cue {
  color: yellow;
}

NOTE This file was made by hand
and the note runs on.

intro
00:00:00.000 --> 00:00:02.000 region:fred
Hello there.

2
00:00:02.500 --> 00:00:04.000
General Kenobi.

NOTE a note between cues

3
00:00:05.000 --> 00:00:07.000 align:start line:90%
You are a bold one.
"""
CUES = [(0, 2000, "Hello there."), (2500, 4000, "General Kenobi."), (5000, 7000, "You are a bold one.")]


def _dropped(report: Report) -> dict[int, str]:
    return {e.line: e.reason for e in report.by_action("dropped") if e.line is not None}


def test_blocks_ids_and_settings_are_not_captions() -> None:
    report = Report()
    track = read_page(VTT, report)
    assert [(c.start, c.end, c.text) for c in track] == CUES
    dropped = _dropped(report)
    said = {c.source_line for c in track}
    for n, line in enumerate(VTT.split("\n"), 1):
        if line.strip() and "-->" not in line and n not in said:
            assert n in dropped, (n, line)
    assert dropped[1].startswith("page chrome: a WebVTT file's header") and dropped[2] == dropped[1]
    assert "REGION" in dropped[4] and "STYLE" in dropped[10] and "NOTE" in dropped[15] and "NOTE" in dropped[26]
    assert dropped[18] == dropped[22] == dropped[28] == "page chrome: a WebVTT cue's identifier, not spoken"
    settings = {e.line: e.text for e in report.by_action("dropped") if e.reason.startswith("WebVTT cue settings")}
    assert settings == {19: "region:fred", 29: "align:start line:90%"}


def test_through_convert_from_page() -> None:
    srt = convert(VTT.encode(), "srt", format="page")
    blocks = [block.split("\n") for block in srt.strip().split("\n\n")]
    assert [(b[1], b[2:]) for b in blocks] == [
        ("00:00:00,000 --> 00:00:02,000", ["Hello there."]),
        ("00:00:02,500 --> 00:00:04,000", ["General Kenobi."]),
        ("00:00:05,000 --> 00:00:07,000", ["You are a bold one."]),
    ]


WORDS = st.text(st.characters(codec="utf-8", categories=("L", "N", "Zs"), include_characters=".,!?'"), max_size=30)
TEXT = st.one_of(
    st.sampled_from(["NOTE", "STYLE", "REGION", "NOTE to self", "2", "WEBVTT"]),
    st.tuples(st.characters(codec="utf-8", categories=("Lu", "Ll", "Lo")), WORDS).map("".join),
).map(str.strip)


@given(st.lists(st.tuples(st.booleans(), TEXT.filter(bool)), min_size=1, max_size=6), st.booleans())
def test_every_cue_text_is_kept(cues: list[tuple[bool, str]], notes: bool) -> None:
    """Whatever the cues say (a text that looks like ``NOTE``, a number): each cue's text is its caption."""
    body = "".join(
        ("NOTE a comment\n\n" if notes else "")
        + (f"c{k}\n" if with_id else "")
        + f"00:00:{2 * k:02d}.000 --> 00:00:{2 * k + 1:02d}.000\n{text}\n\n"
        for k, (with_id, text) in enumerate(cues)
    )
    report = Report()
    track = read_page("WEBVTT\n\n" + body, report)
    assert [c.text for c in track] == [text for _, text in cues]


def test_corpus_webvtt_files_keep_no_block_line(shared: Path) -> None:
    """Every WebVTT file of the corpus read as a page: no caption is a line of a NOTE, STYLE or
    REGION block or a cue's identifier (the line above a timing line after a blank line)."""
    files = sorted(shared.glob("corpus/**/*.vtt"))
    assert files
    for path in files:
        text = decode(path.read_bytes()).lstrip("\ufeff")
        if not text.startswith("WEBVTT"):
            continue
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        not_said: set[int] = set()
        block = False
        for k, line in enumerate(lines):
            start = k == 0 or not lines[k - 1].strip()
            if start:
                block = line.split(" ", 1)[0].split("\t", 1)[0] in ("NOTE", "STYLE", "REGION") and "-->" not in line
            if block and line.strip():
                not_said.add(k + 1)
            if start and k + 1 < len(lines) and "-->" in lines[k + 1] and "-->" not in line and line.strip():
                not_said.add(k + 1)
        report = Report()
        try:
            track = read_page(text, report)
        except ValueError:
            continue  # (no captions found: a file of no cues)
        said = {c.source_line for c in track if c.source_line is not None}
        assert not said & not_said, (path, sorted(said & not_said))


REAL = [
    "odd/subtitle.js/LaLaLand.vtt",  # (a NOTE and a STYLE block, cue identifiers, 1,333 cues)
    "odd/webvtt-py/netflix_chicas_del_cable.vtt",  # (cue settings on every timing line)
    "odd/subsrt/sample.vtt",
    "odd/webvtt-py/comments.vtt",
    "odd/nytimes-video-captions-api/many-comments.vtt",
    "odd/go-astisub/example-out.vtt",
]


def test_real_files_read_as_the_webvtt_reader_reads_them(shared: Path) -> None:
    """Real WebVTT files read as pages give the WebVTT reader's cues: the same times and words
    (tags aside), no block, identifier or settings among them.  Before, each cue identifier was
    read as the last line of the caption above it (LaLaLand's 1,332 numbers), and a block's lines
    and a timing line's settings were captions or lines of them."""
    import re

    from subconv import api

    def said(text: str) -> str:
        return " ".join(re.sub(r"<[^>]*>", "", text).split())

    for name in REAL:
        raw = (shared / "corpus" / name).read_bytes()
        want = [(c.start, c.end, said(c.text)) for c in api.read(raw, format="vtt")]
        got = [(c.start, c.end, said(c.text)) for c in read_page(decode(raw), Report())]
        assert got == want, name

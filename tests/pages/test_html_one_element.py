"""An HTML transcript held in one element (a ``<div>`` or ``<p>`` whose lines are split by ``<br>``,
a ``<pre>`` block of stamped or bulleted lines) reads as the page its lines make, exactly as the
same lines saved as a ``.txt`` page read: the same shape, cues and report, each entry at its line of
the HTML.  Before, one block never formed a group: such a page was ``no captions found``, or (its
first line stamped) one caption of all its lines, timed by the first stamp, the others' stamps
left in its text."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subconv.errors import ParseError
from subconv.pages import read_page
from subconv.pages.text import classify
from subconv.report import Report

STAMPED = [
    "0:00 Hello and welcome to the show.",
    "0:04 Today we talk about rivers.",
    "0:09 They run to the sea.",
    "0:13 Thanks for listening.",
]
CUES = [
    (0, "Hello and welcome to the show."),
    (4000, "Today we talk about rivers."),
    (9000, "They run to the sea."),
    (13000, "Thanks for listening."),
]


def _read(text: str) -> tuple[list[tuple[int | None, int | None, str, str | None]], Report, str | None]:
    report = Report()
    track = read_page(text, report)
    return [(c.start, c.end, c.text, c.speaker) for c in track], report, track.title


def _pre(lines: list[str]) -> str:
    """The lines in a ``<pre>`` under page chrome: line n of the lines is line n + 3 of the page."""
    body = "\n".join(html.escape(x, quote=False) for x in lines)
    return f"<!DOCTYPE html>\n<html><body><nav><a href='/'>Home</a></nav>\n<pre>\n{body}</pre>\n</body></html>\n"


def _br(lines: list[str]) -> str:
    """The lines in a ``<div>``, split by ``<br>``: line n of the lines is line n + 2 of the page."""
    body = "<br>\n".join(html.escape(x, quote=False) for x in lines)
    return f"<html><body><header>Site</header>\n<div class='transcript'>\n{body}</div>\n<p>Share</p></body></html>\n"


def _same_as_text(lines: list[str], page: str, offset: int) -> None:
    """``page`` (the lines in one element, line n at line n + ``offset``) reads as the lines do."""
    cues, report, title = _read("\n".join(lines) + "\n")
    html_cues, html_report, html_title = _read(page)
    assert html_cues == cues
    assert html_title == title
    assert html_report.info["page_shape"] == "html"
    assert html_report.info["page_element_shape"] == report.info["page_shape"]

    def moved(reason: str) -> str:
        import re

        return re.sub(r"\bline (\d+)\b", lambda m: f"line {int(m.group(1)) + offset}", reason)

    expected = [(e.action, moved(e.reason), None if e.line is None else e.line + offset, e.text) for e in report]
    got = [(e.action, e.reason, e.line, e.text) for e in html_report if e.line is None or e.line > offset]
    chrome = ("page chrome: outside the transcript's element", "transcript in one element")
    got = [x for x in got if not x[1].startswith(chrome)]
    assert got == expected


def test_stamped_lines_split_by_br() -> None:
    cues, report, _ = _read(_br(STAMPED))
    assert [(c[0], c[2]) for c in cues] == CUES
    assert report.info["page_element_shape"] == "stamped-lines"
    assert [e.line for e in report.by_action("cue")] == [3, 4, 5, 6]
    _same_as_text(STAMPED, _br(STAMPED), 2)


def test_stamped_lines_on_one_source_line() -> None:
    page = "<html><body><nav>Home</nav><div>" + "<br>".join(STAMPED) + "</div></body></html>"
    cues, report, _ = _read(page)
    assert [(c[0], c[2]) for c in cues] == CUES
    assert {e.line for e in report.by_action("cue")} == {1}


def test_a_pre_block_of_stamped_lines() -> None:
    lines = [f"[00:00:{ms // 1000:02d}] {text}" for ms, text in CUES]
    cues, _, _ = _read(_pre(lines))
    assert [(c[0], c[2]) for c in cues] == CUES
    _same_as_text(lines, _pre(lines), 3)


def test_a_pre_block_caption_list() -> None:
    lines = ["Menu", "", *[f"  • {text}" for _, text in CUES], "    (its second line)", "", "Share this"]
    cues, report, _ = _read(_pre(lines))
    assert report.info["page_element_shape"] == "caption-list"
    assert [c[2] for c in cues] == [text for _, text in CUES[:3]] + [CUES[3][1] + "\n(its second line)"]
    _same_as_text(lines, _pre(lines), 3)


def test_plain_sentences_in_a_p() -> None:
    lines = [text for _, text in CUES]
    page = "<html><body><p>" + "<br>\n".join(lines) + "</p></body></html>"
    cues, report, _ = _read(page)
    assert [(c[0], c[2]) for c in cues] == [(None, text) for text in lines]
    assert report.info["page_element_shape"] == "plain"


def test_a_youtube_copy_in_a_pre() -> None:
    lines = [x for ms, text in CUES for x in (f"{ms // 60000}:{ms // 1000 % 60:02d}", text)]
    cues, report, _ = _read(_pre(lines))
    assert [(c[0], c[2]) for c in cues] == CUES
    assert report.info["page_element_shape"] == "youtube-transcript"
    _same_as_text(lines, _pre(lines), 3)


def test_stamps_in_their_own_elements_within_the_lines() -> None:
    page = "<div>" + "<br>".join(f"<span>{s.split()[0]}</span><span>{s.split(' ', 1)[1]}</span>" for s in STAMPED)
    cues, _, _ = _read(page + "</div>")
    assert [(c[0], c[2]) for c in cues] == CUES


def test_a_transcript_of_blocks_with_line_breaks_is_still_read_by_block() -> None:
    """A group of blocks is the transcript's captions, each ``<br>`` a caption's line break; and
    an article's paragraphs outweigh a code listing beside them."""
    page = "<div>" + "".join(f"<p>{text}<br>and its second line here</p>" for _, text in CUES) + "</div>"
    cues, report, _ = _read(page)
    assert [c[2] for c in cues] == [f"{text}\nand its second line here" for _, text in CUES]
    assert "page_element_shape" not in report.info
    article = "".join(f"<p>{' '.join([text] * 8)}</p>" for _, text in CUES)
    code = "<pre>\n" + "\n".join(f"x = f({k}, y) + 1" for k in range(12)) + "\n</pre>"
    cues, report, _ = _read(f"<html><body>{article}{code}</body></html>")
    assert len(cues) == 4 and "page_element_shape" not in report.info


def test_one_caption_with_a_line_break_is_one_caption() -> None:
    cues, _, _ = _read('<div><p data-start="3">0:03 Hello<br>world</p></div>')
    assert [(c[0], c[2]) for c in cues] == [(3000, "Hello\nworld")]


@pytest.mark.parametrize(
    "rel",
    [
        "seed/000_e0f4a239f143e213.txt",
        "corpus/pages/talkpython/001_nicola_iarocci_talk_python_to_me.txt",
        "corpus/pages/rev-style-lennys-podcast/ada-chen-rekhi.transcript.md",
        "corpus/pages/otter-ladybug-podcast/11-what-the-heck-is-graphql.md",
        "corpus/pages/changelog-transcripts/gotime_go-time-181.md",
    ],
)
def test_corpus_pages_in_a_pre_read_as_their_text(shared: Path, rel: str) -> None:
    path = shared / rel
    if not path.is_file():
        pytest.skip(f"../shared/{rel} is absent")
    lines = path.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
    _same_as_text(lines, _pre(lines), 3)


LINE = st.one_of(
    st.sampled_from(["", "Menu", "Share this page", "Ann: so here we go", "Bob: right", "# Episode 4"]),
    st.builds(
        lambda m, s, t: f"{m}:{s:02d} {t}",
        st.integers(0, 9),
        st.integers(0, 59),
        st.sampled_from(["hi there", "we went on"]),
    ),
    st.builds(lambda m, s: f"[{m:02d}:{s:02d}]", st.integers(0, 9), st.integers(0, 59)),
    st.builds(
        lambda b, t: f"{b}{t}",
        st.sampled_from(["• ", "  • ", "- ", "1. "]),
        st.sampled_from(["Hello.", "So we go on and on."]),
    ),
    st.sampled_from(["And then we talked about it for a while.", "It was a long day at the river."]),
)


@given(st.lists(LINE, min_size=2, max_size=14))
def test_any_lines_in_a_pre_read_as_their_text(lines: list[str]) -> None:
    """Lines in a ``<pre>`` read as their text does, where they read as a transcript's: two or
    more stamped lines, or three or more words a line (else the element is no transcript, as a
    menu is not, and the page has no captions; with one stamp, it is one caption at that time)."""
    said = [x.strip() for x in lines if x.strip()]
    stamped = sum(classify(x).kind in ("slead", "sonly") for x in said)
    if len(said) < 2 or stamped == 1:
        return  # (one stamp: the element is one caption at that time, as a block is)
    if stamped == 0 and sum(len(x.split()) for x in said) < 3 * len(said):
        with pytest.raises(ParseError, match="no captions found"):
            read_page(_pre(lines), Report())
        return
    try:
        _read("\n".join(lines) + "\n")
    except ParseError:  # (lines with no caption: headings only)
        return
    _same_as_text(lines, _pre(lines), 3)


@given(st.lists(LINE, min_size=2, max_size=14))
def test_any_lines_split_by_br_read_as_their_text(lines: list[str]) -> None:
    """The same in a ``<div>`` split by ``<br>`` (where a browser shows no line's indentation)."""
    lines = [x.strip() for x in lines]
    said = [x for x in lines if x]
    stamped = sum(classify(x).kind in ("slead", "sonly") for x in said)
    if len(said) < 2 or stamped == 1 or (stamped == 0 and sum(len(x.split()) for x in said) < 3 * len(said)):
        return
    try:
        _read("\n".join(lines) + "\n")
    except ParseError:
        return
    _same_as_text(lines, _br(lines), 2)


def test_converted_through_the_pipeline() -> None:
    from subconv.api import convert

    page = "<html><body><nav>Home</nav><pre>\n" + "\n".join(STAMPED) + "\n</pre></body></html>"
    srt = convert(page.encode(), "srt", format="page")
    assert srt.startswith("1\n00:00:00,000 --> 00:00:03,")
    assert "\n00:00:04,000 --> " in srt and "\n00:00:13,000 --> " in srt
    assert [x for x in srt.split("\n") if x and not x[0].isdigit()] == [text for _, text in CUES]


def test_a_title_line_above_0_00_in_the_element_is_the_title() -> None:
    page = "<html><head><title>Rivers - My Site</title></head><body><pre>\nHow rivers shape the land\n"
    track = read_page(page + "\n".join(STAMPED) + "\n</pre></body></html>", Report())
    assert [(c.start, c.text) for c in track] == CUES
    assert track.title == "How rivers shape the land"

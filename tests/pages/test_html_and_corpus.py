"""HTML pages, timed-text XML, pathological markup, and the real transcripts in ../shared/corpus/pages."""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv.errors import ParseError
from subconv.model import Track
from subconv.pages import read_page
from subconv.report import Report

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAGES = ROOT / ".." / "shared" / "corpus" / "pages"


def read(text: str) -> tuple[Track, Report]:
    report = Report()
    return read_page(text, report), report


def fixture(name: str) -> tuple[Track, Report]:
    return read((FIXTURES / name).read_text(encoding="utf-8"))


def corpus(rel: str) -> Path:
    path = PAGES / rel
    if not path.is_file():
        pytest.skip(f"../shared/corpus/pages/{rel} is absent")
    return path


# --- HTML -----------------------------------------------------------------------------------------


def test_html_transcript_among_nav_script_footer() -> None:
    track, report = fixture("transcript.html")
    assert report.info["page_shape"] == "html"
    assert [(c.start, c.text) for c in track] == [
        (500, "The furnace never goes out."),
        (3250, "It burns day and night, & all year round."),
        (7000, "We gather the glass on the end of a pipe…"),
        (11800, "and then we breathe into it."),
    ]
    assert all(c.origin == "anchor" for c in track)
    dropped = " ".join(e.reason + " " + (e.text or "") for e in report.by_action("dropped"))
    for noise in ("<nav>", "<footer>", "<aside>", "<script>", "<header>", "Glass blowing, start to finish"):
        assert noise in dropped
    assert "not these" not in " ".join(c.text for c in track)


def test_html_visible_stamps_in_their_own_elements() -> None:
    track, _ = fixture("visible_stamps.html")
    assert [(c.start, c.text) for c in track] == [
        (1000, "Rain is coming in from the west."),
        (5000, "Farmers have been waiting for weeks."),
        (3723000, "By evening the rivers are full again."),
    ]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["1500", "4000", "7250"], [1500, 4000, 7250]),  # integers a few thousand apart: milliseconds
        (["1", "4", "7"], [1000, 4000, 7000]),  # small integer steps: seconds
        (["1.5", "4", "7.25"], [1500, 4000, 7250]),  # decimals: seconds
        (["00:00:01.500", "0:04", "00:07"], [1500, 4000, 7000]),  # clock form
    ],
)
@pytest.mark.parametrize("attr", ["data-start", "data-time", "data-timestamp", "data-begin"])
def test_html_time_attributes(attr: str, values: list[str], expected: list[int]) -> None:
    rows = "".join(f'<li {attr}="{v}">caption number {i} is here</li>' for i, v in enumerate(values))
    page = f"<html><body><nav><ul><li>Home page link</li></ul></nav><ul class=t>{rows}</ul></body></html>"
    track, _ = read(page)
    assert [c.start for c in track] == expected


def test_html_entities_and_line_breaks() -> None:
    page = (
        "<div><p>caf&eacute; &amp; cr&egrave;me<br>second line here</p><p>&quot;quoted&quot; words are here</p></div>"
    )
    track, _ = read(page)
    assert [c.lines for c in track] == [("café & crème", "second line here"), ('"quoted" words are here',)]


def test_html_unclosed_list_items_and_paragraphs() -> None:
    page = "<html><body><ul><li>one two three<li>four five six<li>seven eight nine</ul></body></html>"
    track, _ = read(page)
    assert [c.text for c in track] == ["one two three", "four five six", "seven eight nine"]


def test_html_watch_page_without_transcript_is_a_parse_error() -> None:
    text = corpus("youtube-transcript-api/youtube.html.static").read_text(encoding="utf-8")
    t0 = time.perf_counter()
    with pytest.raises(ParseError, match="no captions found"):
        read(text)
    assert time.perf_counter() - t0 < 10


def test_html_consent_page_is_a_parse_error() -> None:
    text = corpus("youtube-transcript-api/youtube_consent_page.html.static").read_text(encoding="utf-8")
    with pytest.raises(ParseError, match="no captions found"):
        read(text)


# --- pathological markup: linear, iterative, never a hang -------------------------------------------------


def test_deeply_nested_tags_no_recursion_error() -> None:
    depth = 100_000
    page = (
        "<html><body>"
        + "<div>" * depth
        + "".join(f"<p>caption number {i} at the bottom</p>" for i in range(3))
        + "</div>" * depth
    )
    t0 = time.perf_counter()
    track, _ = read(page)
    assert len(track) == 3
    assert time.perf_counter() - t0 < 15


def test_three_megabytes_of_nested_divs() -> None:
    page = "<html><body>" + "".join(f"<div><span>text number {i} here</span>" for i in range(80_000))
    assert len(page) > 3_000_000
    t0 = time.perf_counter()
    track, _ = read(page)
    assert len(track) >= 79_000
    assert time.perf_counter() - t0 < 30  # ~4 s on an idle 2-core machine


@pytest.mark.parametrize(
    "junk",
    [
        "<a <b <c " * 30_000,
        "<" * 300_000,
        "<!--" * 100_000,
        '<a href="' + "x" * 300_000,
        "</a b" * 50_000,
        "<p " + "x=1 " * 100_000,
    ],
    ids=["unclosed-tags", "lt-run", "unclosed-comments", "unclosed-attribute", "bad-end-tags", "many-attributes"],
)
def test_malformed_html_is_linear(junk: str) -> None:
    page = "<html><body><p>first real caption here</p><p>second real caption here</p>" + junk
    t0 = time.perf_counter()
    try:
        read(page)
    except ParseError:
        pass
    assert time.perf_counter() - t0 < 10


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="<>/!-=\"' apdivlsr&;#x0123456789\n", max_size=400))
def test_random_markup_never_crashes(junk: str) -> None:
    page = "<html><body>" + junk
    try:
        track, _ = read(page)
    except ParseError as err:
        assert err.line == 1
        return
    assert all(c.text.strip() for c in track)


# --- timed-text XML ---------------------------------------------------------------------------------


def test_srv1_fixture() -> None:
    track, report = fixture("srv1.xml")
    assert [(c.start, c.end, c.text) for c in track] == [
        (500, 2750, "the tide goes out"),
        (2750, 5750, "and the crabs come & go"),
        (7100, 9500, "quietly"),
    ]
    assert all(c.origin == "anchor" for c in track)
    assert [e.line for e in report.by_action("dropped")] == [5]


def test_srv3_fixture() -> None:
    track, _ = fixture("srv3.xml")
    assert [(c.start, c.end, c.lines) for c in track] == [
        (1000, 2500, ("first line",)),
        (2600, 3500, ("second", "line two")),
    ]


def test_corpus_timedtext_xml() -> None:
    track, report = read(corpus("youtube-transcript-api/transcript.xml.static").read_text(encoding="utf-8"))
    assert report.info["page_shape"] == "timedtext-xml"
    assert [c.text for c in track] == [
        "Hey, this is just a test",
        "this is not the original transcript",
        "just something shorter, I made up for testing",
    ]
    assert track.timed and track.cues[1].start == 1540 and track.cues[1].end == 5700


# --- real transcripts ------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


@pytest.mark.parametrize("name", ["001_nicola_iarocci_talk_python_to_me", "507-agentic-ai-workflows-with-langgraph"])
def test_talkpython_paragraphs_cover_the_real_captions(name: str) -> None:
    import webvtt

    txt = corpus(f"talkpython/{name}.txt")
    vtt = corpus(f"talkpython/{name}.vtt")
    track, report = read(txt.read_text(encoding="utf-8"))
    assert report.info["page_shape"] == "stamped-lines"
    assert all(c.start is not None for c in track)
    starts = [c.start for c in track if c.start is not None]
    assert starts == sorted(starts)
    mine = Counter(w for c in track for w in _words(c.text))
    ref = Counter(w for c in webvtt.read(str(vtt)).captions for w in _words(c.text))
    recall = sum(min(n, mine[w]) for w, n in ref.items()) / sum(ref.values())
    assert recall >= 0.98


MARKDOWN = [
    "changelog-transcripts/gotime_go-time-181.md",
    "changelog-transcripts/jsparty_js-party-305.md",
    "otter-ladybug-podcast/11-what-the-heck-is-graphql.md",
    "rev-style-lennys-podcast/ada-chen-rekhi.transcript.md",
]
_LEFTOVER = re.compile(r"\d{1,2}:\d{2}|\*\*|\\\[|^[A-Z][\w .'-]{0,40}( \([\d:]+\))?:\s*$")


@pytest.mark.parametrize("rel", MARKDOWN)
def test_markdown_transcripts_leave_no_stamps_or_labels(rel: str) -> None:
    text = corpus(rel).read_text(encoding="utf-8")
    track, report = read(text)
    assert len(track) > 50
    assert [c.text for c in track if _LEFTOVER.search(c.text)] == []
    assert all(c.speaker for c in track)
    # every non-blank line is accounted for
    wanted = {i + 1 for i, line in enumerate(text.split("\n")) if line.strip()}
    assert wanted - {e.line for e in report.entries} == set()


def test_rev_corpus_speakers_and_anchors() -> None:
    track, report = read(corpus("rev-style-lennys-podcast/ada-chen-rekhi.transcript.md").read_text(encoding="utf-8"))
    assert report.info["page_shape"] == "rev-transcript"
    assert {c.speaker for c in track} == {"Ada Chen Rekhi", "Lenny"}
    assert track.cues[0].start == 0 and track.cues[1].start == 36000
    dropped = [e.reason for e in report.by_action("dropped")]
    assert any("front matter" in r for r in dropped) and any("heading" in r for r in dropped)


def test_html_speaker_labels_and_title() -> None:
    page = (
        "<html><head><title>Harbour talk</title></head><body><div class=t>"
        "<p><b>Ines:</b> The boats left at dawn.</p>"
        "<p><b>Karl:</b> All of them?</p>"
        "<p><b>Ines:</b> All but one.</p>"
        "<p><b>Karl:</b> Strange.</p>"
        "<p>Summary: nobody knows why.</p>"
        "</div></body></html>"
    )
    track, _ = read(page)
    assert track.title == "Harbour talk"
    assert [(c.speaker, c.text) for c in track] == [
        ("Ines", "The boats left at dawn."),
        ("Karl", "All of them?"),
        ("Ines", "All but one."),
        ("Karl", "Strange."),
        (None, "Summary: nobody knows why."),  # a name used once is not a speaker label
    ]

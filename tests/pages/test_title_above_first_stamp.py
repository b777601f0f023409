"""A stamped page whose first stamp is the media's start (``0:00``, ``0s``, ``[00:00:00]``), with an
unstamped title line above it: nothing is said before 0:00, so the line is the track's title (or,
when the page has a ``# `` heading, chrome), dropped with a report entry, and 0:00 stays the first
caption's anchor.  Before, the title was a caption of its own, and the ``time`` step ignored the
0:00 stamp (``time 0:00 ignored: it leaves no room for the cues before it``) and re-estimated it.

Text above the first stamp that may be said (a sentence, a speaker's turn, more than a few lines,
or a first stamp later than 0:00, which leaves time to say it) stays a caption: never dropped."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from subconv.api import convert
from subconv.pages import read_page
from subconv.report import Report

LINES = [
    (0, "Hello and welcome to the show."),
    (4000, "Today we talk about rivers."),
    (9000, "They run to the sea."),
    (13000, "Thanks for listening."),
]
TITLE = "How rivers shape the land"


def _clock(ms: int) -> str:
    return f"{ms // 60000}:{ms // 1000 % 60:02d}"


def _page(head: list[str], stamp: str = "{}", lines: list[tuple[int, str]] = LINES) -> str:
    body = [f"{stamp.format(_clock(ms))} {text}" for ms, text in lines]
    return "\n".join([*head, *body]) + "\n"


def _read(text: str) -> tuple[list[tuple[int | None, str]], str | None, Report]:
    report = Report()
    track = read_page(text, report)
    return [(c.start, c.text) for c in track], track.title, report


def test_a_title_above_0_00_is_the_title_and_0_00_an_anchor() -> None:
    cues, title, report = _read(_page([TITLE]))
    assert report.info["page_shape"] == "stamped-lines"
    assert cues == LINES
    assert title == TITLE
    (entry,) = [e for e in report.entries if e.line == 1]
    assert entry.action == "dropped"
    assert "title" in entry.reason and "0:00" in entry.reason
    assert entry.text == TITLE


def test_the_time_step_keeps_0_00() -> None:
    report = Report()
    srt = convert(_page([TITLE]).encode(), "srt", format="page", report=report)
    assert srt.startswith("1\n00:00:00,000 --> ")
    assert srt.split("\n")[2] == "Hello and welcome to the show."
    assert TITLE not in srt
    assert not [e for e in report.entries if "ignored" in e.reason]


def test_seconds_and_bracketed_stamps() -> None:
    lines = [(0, "Hello and welcome to the show."), (4000, "Today we talk about rivers."), (9000, "Bye now.")]
    page = TITLE + "\n" + "".join(f"{ms // 1000}s {text}\n" for ms, text in lines)
    assert _read(page)[:2] == (lines, TITLE)
    assert _read(_page([TITLE, ""], "[{}]"))[:2] == (LINES, TITLE)


def test_with_a_heading_the_line_is_chrome() -> None:
    cues, title, report = _read(_page(["# Episode 12", "", TITLE]))
    assert cues == LINES
    assert title == "Episode 12"
    (entry,) = [e for e in report.entries if e.line == 3]
    assert entry.action == "dropped" and entry.reason.startswith("page chrome: above the first timestamp, 0:00")


def test_a_long_page_title_is_the_title_not_a_chapter_heading() -> None:
    lines = [(k * 4000, f"Sentence number {k} of the talk.") for k in range(12)]
    cues, title, _ = _read(_page([TITLE, ""], lines=lines))
    assert cues == lines
    assert title == TITLE


def test_text_that_may_be_said_is_kept() -> None:
    said = "Hello everyone and welcome back to the channel."
    cues, title, _ = _read(_page([said]))
    assert cues[0] == (None, said) and cues[1:] == LINES and title is None
    # a speaker's turn, even a short one
    cues, _, _ = _read(_page(["Ann: Hi there"]))
    assert cues[0] == (None, "Ann: Hi there")
    # a first stamp after 0:00 leaves time to say the line: it stays a caption
    later = [(ms + 5000, text) for ms, text in LINES]
    cues, title, _ = _read(_page([TITLE], lines=later))
    assert cues == [(None, TITLE), *later] and title is None


HEADS = st.lists(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40).filter(
        lambda s: s.strip() and not s.strip()[:1].isdigit() and s.strip()[:1] not in "#[(-*=>&<`_~+"
    ),
    min_size=1,
    max_size=4,
)


@given(HEADS)
def test_nothing_above_0_00_is_lost(head: list[str]) -> None:
    """Every line above the first stamp is a caption, the title, or dropped with its line's entry;
    the stamped captions keep their anchors whatever is above them."""
    head = [h.strip() for h in head]
    report = Report()
    track = read_page(_page(head), report)
    assert [(c.start, c.text) for c in track if c.start is not None] == LINES
    kept = {c.source_line for c in track}
    for n, text in enumerate(head, 1):
        if n in kept:
            continue
        entries = [e for e in report.entries if e.line == n]
        assert entries and all(e.action == "dropped" for e in entries), (n, text, entries)
        assert track.title is not None

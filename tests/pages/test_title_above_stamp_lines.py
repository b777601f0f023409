"""A title above the first stamp, 0:00, on pages whose stamps stand on lines of their own: a plain
page with a stamp line now and then (Google Meet's ``00:00:00`` before its turns, one every five
minutes) and a copy of YouTube's transcript panel (``0:00`` / the caption).  Nothing is said before
0:00, so one to three title lines above it are the track's title and chrome, as on a stamped-lines
page (``test_title_above_first_stamp.py``).  Before, on the plain page the title was a caption at
no time, and the ``time`` step ignored 0:00 (``time 0:00 ignored: it leaves no room for the cues
before it``): the first turn started at 0:28, not 0:00; on the YouTube copy the title was dropped
as chrome but not made the track's title.

Text above the stamp that may be said stays a caption; YouTube's panel heading (``Transcript``)
and the first chapter's heading are chrome, never the title; and a WebVTT file forced through the
page reader never has its ``WEBVTT`` line (nor the header under it) made a title or a caption."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subconv.api import convert
from subconv.encoding import decode
from subconv.pages import read_page
from subconv.pages.chrome import VTT_SIGNATURE
from subconv.report import Report

TITLE = "Weekly design sync"
TURNS = [
    "Ann: Hello everyone, thanks for coming.",
    "Bob: Hi Ann, glad to be here.",
    "Ann: Let us start with the roadmap.",
    "Bob: Sure, I have a few notes.",
    "Ann: Great, go ahead.",
    "Bob: First the release date.",
]
LATER = ["Ann: That settles it then.", "Bob: Yes, see you next week."]


def _meet(head: list[str], first: str = "00:00:00") -> str:
    """A Google Meet transcript: ``head``, a stamp line, six turns, 00:05:00 and two more turns."""
    return "\n".join([*head, first, "", *TURNS, "", "00:05:00", "", *LATER]) + "\n"


def _read(text: str) -> tuple[list[tuple[int | None, str]], str | None, Report]:
    report = Report()
    track = read_page(text, report)
    return [(c.start, c.text) for c in track], track.title, report


MEET = [(0, TURNS[0]), *((None, t) for t in TURNS[1:]), (300_000, LATER[0]), (None, LATER[1])]


def test_meet_title_above_00_00_00_is_the_title() -> None:
    cues, title, report = _read(_meet([TITLE]))
    assert report.info["page_shape"] == "plain"
    assert cues == MEET
    assert title == TITLE
    (entry,) = [e for e in report.entries if e.line == 1]
    assert entry.action == "dropped" and entry.text == TITLE
    assert entry.reason == "title: above the first timestamp, 0:00, where nothing is said yet (the track's title)"


def test_meet_the_time_step_keeps_0_00() -> None:
    report = Report()
    srt = convert(_meet([TITLE]).encode(), "srt", format="page", report=report)
    assert srt.startswith("1\n00:00:00,000 --> ")
    assert srt.split("\n")[2] == TURNS[0]
    assert TITLE not in srt
    assert not [e for e in report.entries if "ignored" in e.reason]


def test_meet_text_that_may_be_said_stays_a_caption() -> None:
    for said in ("Hello everyone, and welcome back.", "Ann: Hi there", "and so we begin"):
        cues, title, _ = _read(_meet([said]))
        assert cues == [(None, said), *MEET] and title is None
    # four lines are more than a title and its chrome (a meeting transcript's header, with its
    # attendee list, is: test_meeting_header.py)
    head = ["Weekly sync", "Agenda", "Roadmap review", "Release date"]
    cues, title, _ = _read(_meet(head))
    assert cues == [*((None, h) for h in head), *MEET] and title is None
    # a first stamp after 0:00 leaves time to say the line
    cues, title, _ = _read(_meet([TITLE], first="00:00:05"))
    assert cues[0] == (None, TITLE) and cues[1] == (5000, TURNS[0]) and title is None


CAPTIONS = [(0, "hello and welcome"), (4000, "today we talk about rivers"), (9000, "and how they bend")]


def _panel(head: list[str]) -> str:
    return "\n".join([*head, *(f"0:{ms // 1000:02d}\n{text}" for ms, text in CAPTIONS)]) + "\n"


def test_youtube_copy_title_above_0_00_is_the_title() -> None:
    cues, title, report = _read(_panel(["How rivers shape the land"]))
    assert report.info["page_shape"] == "youtube-transcript"
    assert cues == CAPTIONS
    assert title == "How rivers shape the land"
    (entry,) = report.by_action("dropped")
    assert entry.line == 1 and entry.reason.startswith("title: above the first timestamp, 0:00")


def test_youtube_panel_heading_is_never_the_title() -> None:
    cues, title, report = _read(_panel(["Transcript"]))
    assert cues == CAPTIONS and title is None
    assert [e.line for e in report.by_action("dropped")] == [1]
    cues, title, report = _read(_panel(["How rivers shape the land", "Transcript"]))
    assert cues == CAPTIONS and title == "How rivers shape the land"
    assert [e.line for e in report.by_action("dropped")] == [1, 2]
    # lines that read as a sentence are chrome of the copy, as before: no title
    cues, title, report = _read(_panel(["Hello and welcome to my channel."]))
    assert cues == CAPTIONS and title is None
    assert report.by_action("dropped")[0].reason == "page chrome: before the first timestamp"


def test_youtube_copy_with_chapters_has_no_title_from_its_first_chapter() -> None:
    """With chapter headings between the groups, the line above 0:00 is the first chapter's heading."""
    page = "Transcript\nIntro\n0:00\nwelcome back\n0:03\nto the workshop\nTools you need\n0:07\nglue and a clamp\n"
    cues, title, report = _read(page)
    assert cues == [(0, "welcome back"), (3000, "to the workshop"), (7000, "glue and a clamp")]
    assert title is None
    dropped = {e.line: e.reason for e in report.by_action("dropped")}
    assert dropped[1] == dropped[2] == "page chrome: before the first timestamp"
    assert "chapter" in dropped[7]


@pytest.mark.parametrize("signature", ["WEBVTT", "WEBVTT - Rivers", "WEBVTT\tRivers", "WEBVTT-Rivers"])
@pytest.mark.parametrize("cue_id", [False, True])
def test_a_webvtt_file_forced_through_the_page_reader_has_no_title(signature: str, cue_id: bool) -> None:
    cues = "".join(
        f"\n{k + 1}\n" * cue_id + f"\n00:00:{2 * k:02d}.000 --> 00:00:{2 * k + 2:02d}.000\nline {k}\n" for k in range(4)
    )
    for head in ([signature], [signature, "", "NOTE made by hand"]):
        text = "\n".join(head) + "\n" + cues
        got, title, report = _read(text)
        assert title is None
        assert not any("WEBVTT" in t or "NOTE" in t for _, t in got)
        assert [t.split("\n")[0] for _, t in got if t.startswith("line")] == [f"line {k}" for k in range(4)]
        dropped = [e for e in report.by_action("dropped") if e.text and ("WEBVTT" in e.text or "NOTE" in e.text)]
        assert len(dropped) == len([h for h in head if h])


def test_corpus_webvtt_files_have_no_webvtt_title(shared: Path) -> None:
    """Every WebVTT file of the corpus read as a page: no ``WEBVTT`` title; and where its signature
    line is alone above a first cue at 0:00 (no header, no cue id), no ``WEBVTT`` caption either."""
    files = sorted(shared.glob("corpus/**/*.vtt"))
    assert files
    for path in files:
        report = Report()
        try:
            track = read_page(decode(path.read_bytes()), report)
        except ValueError:
            continue  # (no captions found: a file of no cues)
        assert not (track.title or "").startswith("WEBVTT"), path
        lines = decode(path.read_bytes()).lstrip("\ufeff").splitlines()
        at = next((k for k, line in enumerate(lines) if "-->" in line), 0)  # (the first cue's timing line)
        head = [line.strip() for line in lines[:at] if line.strip()]
        first = next((c for c in track if c.start is not None), None)
        if first is not None and (first.start, first.source_line, head) == (0, at + 2, ["WEBVTT"]):
            assert not any(c.text.startswith("WEBVTT") for c in track), path


HEADS = st.lists(
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=40).filter(
        lambda s: s.strip() and not s.strip()[:1].isdigit() and s.strip()[:1] not in "#[(-*=>&<`_~+•●▪·◦‣"
    ),
    min_size=1,
    max_size=4,
)


@given(HEADS, st.booleans())
def test_nothing_above_0_00_is_lost(head: list[str], panel: bool) -> None:
    """Every line above the first stamp is a caption, the title, or dropped with its line's entry;
    the stamped captions keep their anchors whatever is above them; on the plain page, a line
    dropped is one of one to three title lines (what may be said stays a caption)."""
    head = [h.strip() for h in head]
    report = Report()
    track = read_page(_panel(head) if panel else _meet(head), report)
    want = CAPTIONS if panel else [(s, t) for s, t in MEET if s is not None]
    assert [(c.start, c.text) for c in track if c.start is not None] == want
    kept = {c.source_line for c in track}
    lost = [n for n in range(1, len(head) + 1) if n not in kept]
    for n in lost:
        entries = [e for e in report.entries if e.line == n]
        assert entries and all(e.action == "dropped" for e in entries), (n, head[n - 1], entries)
    if not panel and lost and not VTT_SIGNATURE.fullmatch(head[0]):  # (a WebVTT file's header: never said)
        assert lost == list(range(1, len(head) + 1)) and len(head) <= 3
        assert track.title is not None

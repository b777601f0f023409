"""A meeting transcript's header (Google Meet's export: its title, the date, ``Attendees`` and the
attendee list, however many lines it is wrapped over, ``Transcript`` and the notice under it) is
dropped, each line reported, its first line the track's title; so is its footer (``Meeting ended
after 00:28:14 👋``, whose time is the media's length, and the notice again).  Before, a header of
more than three lines above ``00:00:00`` (or any header above no stamp, as in the exports since 2023)
was read as captions: the title, the date, ``Attendees``, each line of names and ``Transcript``
each a caption, and the ``time`` step ignored 0:00 (``time 0:00 ignored: it leaves no room for the
cues before it``).  Text that may be said above the transcript is never dropped."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subconv.api import convert
from subconv.pages import read_page
from subconv.pages.units import PAGE_DURATION
from subconv.report import Report

TURNS = [
    "Ann Lee: Hello everyone, thanks for coming.",
    "Bob Smith: Hi Ann, glad to be here.",
    "Ann Lee: Let us start with the roadmap.",
    "Carol Jones: Sure, I have a few notes.",
    "Ann Lee: Great, go ahead.",
    "Carol Jones: First the release date.",
]
LATER = ["Ann Lee: That settles it then.", "Bob Smith: Yes, see you next week."]
NAMES = [
    "Ann Lee, Bob Smith, Carol Jones, Dan Brown, Eve White, Frank Green,",
    "Grace Hall, Heidi King, Ivan Petrov, Judy Moss, Ken Ito (伊藤 健),",
    "Laura Diaz, Mallory Quinn's Presentation",
]
NOTICE = (
    "This editable transcript was computer generated and might contain errors. "
    "People can also change the text after it was created."
)


def _page(head: list[str], start: str | None = "00:00:00", foot: tuple[str, ...] = ()) -> str:
    """``head``, a stamp line (none: the turns follow the header), the turns, 00:05:00, more turns, ``foot``."""
    stamp = [start, ""] if start is not None else []
    return "\n".join([*head, *stamp, *TURNS, "", "00:05:00", "", *LATER, *foot]) + "\n"


def _read(text: str) -> tuple[list[tuple[int | None, str]], str | None, Report]:
    report = Report()
    track = read_page(text, report)
    return [(c.start, c.text) for c in track], track.title, report


def _cues(first: int | None = 0) -> list[tuple[int | None, str]]:
    return [(first, TURNS[0]), *((None, t) for t in TURNS[1:]), (300_000, LATER[0]), (None, LATER[1])]


def _header_dropped(report: Report, head: list[str], title_line: int | None) -> None:
    """Every non-blank header line is dropped, reported at its line, the title's as the title."""
    for n, text in enumerate(head, 1):
        if not text.strip():
            continue
        entries = [e for e in report.entries if e.line == n]
        assert [e.action for e in entries] == ["dropped"], (n, text, entries)
        want = "title:" if n == title_line else "page chrome:"
        assert entries[0].reason.startswith(want), (n, entries[0].reason)
        assert entries[0].text == text.strip()


def test_a_long_header_above_00_00_00() -> None:
    head = ["Weekly design sync", "Dec 7, 2026", "Attendees", *NAMES, "Transcript"]
    cues, title, report = _read(_page(head))
    assert cues == _cues()
    assert title == "Weekly design sync"
    assert report.info["page_shape"] == "plain"
    _header_dropped(report, head, 1)
    assert "meeting transcript's header" in report.entries[0].reason


def test_the_export_as_google_meet_writes_it() -> None:
    """The title line ends with `` - Transcript`` (left out of the title), blank lines between the
    parts, the notice under the heading, no stamp before the first turn, and a footer."""
    head = ["Weekly design sync (2026-12-07 10:02 GMT+1) - Transcript", "Attendees", ""]
    head += [*NAMES, "Transcript", "", NOTICE]
    foot = ("Meeting ended after 00:06:12 👋", NOTICE)
    text = _page(head, None, foot)
    cues, title, report = _read(text)
    assert cues == _cues(None)
    assert title == "Weekly design sync (2026-12-07 10:02 GMT+1)"
    _header_dropped(report, head, 1)
    lines = text.split("\n")
    for n in (len(lines) - 2, len(lines) - 1):  # (the footer: its last two lines)
        (entry,) = [e for e in report.entries if e.line == n and e.action != "info"]
        assert entry.action == "dropped" and entry.text == lines[n - 1]
    # the meeting's end is the media's length, as a front matter's duration is
    track = read_page(text, Report())
    assert track.meta[PAGE_DURATION] == "372000"


@pytest.mark.parametrize(
    ("head", "title"),
    [
        (["Reunión semanal (2026-12-07 10:02 GMT+1) - Transcripción", "Asistentes", *NAMES, "Transcripción"], 1),
        (["Wöchentliches Treffen", "7. Dez. 2026", "Teilnehmer", *NAMES, "Transkript"], 1),
        (["Réunion hebdomadaire", "Participants", *NAMES, "Transcription"], 1),
        (["週次定例", "参加者", "田中, 佐藤, 鈴木", "文字起こし"], 1),
        (["📖 Transcript", "May 20, 2026", "Weekly design sync - Transcript"], 3),  # (no attendee list)
        (["Attendees", *NAMES, "Transcript"], None),  # (no title above the list)
        (["Weekly design sync", "Attendees", *NAMES], 1),  # (no heading: the stamp at 0:00 ends it)
    ],
)
def test_variants(head: list[str], title: int | None) -> None:
    cues, got_title, report = _read(_page(head))
    assert cues == _cues()
    _header_dropped(report, head, title)
    want = None if title is None else head[title - 1].rsplit(" - ", 1)[0]
    assert got_title == want


def test_the_time_step_keeps_0_00() -> None:
    report = Report()
    head = ["Weekly design sync", "Dec 7, 2026", "Attendees", *NAMES, "Transcript"]
    srt = convert(_page(head).encode(), "srt", format="page", report=report)
    assert srt.startswith("1\n00:00:00,000 --> ")
    assert srt.split("\n")[2].startswith("Ann Lee: Hello everyone")
    assert not any(x in srt for x in ("Attendees", "Dec 7", "Grace Hall", "Weekly design sync"))
    assert not [e for e in report.entries if "ignored" in e.reason]


@pytest.mark.parametrize(
    "head",
    [
        ["Hello everyone, and welcome.", "Attendees", *NAMES, "Transcript"],  # a sentence above the list
        ["Weekly design sync", "Attendees", "Ann Lee: I can't hear you", "Transcript"],  # a turn in the list
        ["Weekly design sync", "Attendees", *NAMES, "We start with the roadmap today.", "Transcript"],
        ["Weekly sync", "Agenda", "Roadmap review", "Release date", "Attendees", *NAMES, "Transcript"],
    ],
)
def test_what_may_be_said_is_no_header(head: list[str]) -> None:
    cues, title, report = _read(_page(head))
    assert [t for s, t in cues if s is None][: len(head)] == head
    assert title is None
    assert not [e for e in report.by_action("dropped") if "meeting" in e.reason]


NAME = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30)
LINE = st.one_of(
    st.sampled_from(["Attendees", "Transcript", "Weekly sync", "Dec 7, 2026", NOTICE, "Hello there.", "Ann: Hi."]),
    st.lists(NAME, min_size=1, max_size=5).map(", ".join),
    NAME,
).map(str.strip)


@given(st.lists(LINE.filter(bool), min_size=1, max_size=8), st.booleans())
def test_nothing_said_is_lost(head: list[str], stamp: bool) -> None:
    """Whatever stands above the turns: the turns keep their text and anchors; every line above
    them is a caption or dropped with its line's entry; a line that ends as a sentence does (bar
    Google Meet's notice) or is a turn is never dropped."""
    text = _page(head, "00:00:00" if stamp else None)
    report = Report()
    track = read_page(text, report)
    assert [(c.start, c.text) for c in track][-len(TURNS) - len(LATER) :][len(TURNS) :] == [
        (300_000, LATER[0]),
        (None, LATER[1]),
    ]
    assert [c.text for c in track][-len(TURNS) - len(LATER) :][: len(TURNS)] == TURNS
    kept = {c.source_line for c in track}
    for n, line in enumerate(head, 1):
        if n in kept or line.startswith(("#", "---", "***", "___")):
            continue
        entries = [e for e in report.entries if e.line == n]
        assert entries and all(e.action == "dropped" for e in entries), (n, line, entries)
        spoken = (line.endswith((".", "!", "?")) and line != NOTICE) or ": " in line
        assert not spoken or not any("meeting" in e.reason for e in entries), (n, line, entries)

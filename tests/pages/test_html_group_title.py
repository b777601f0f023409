"""An HTML transcript whose title is a block of the captions' own group (``<p>Rivers</p>`` among the
``<p>0:00 Hello.</p>`` captions) above its first stamp, 0:00: nothing is said before it, so one to
three title blocks are the track's title and chrome, as on a stamped text page.  Before, the title
was a caption at no time, and the ``time`` step ignored 0:00 (no room for the cue before it).
Blocks that may be said (a sentence, more than three, or any above a first stamp after 0:00) stay
captions."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from subconv.api import convert
from subconv.pages import read_page
from subconv.report import Report

CAPTIONS = [
    (0, "Hello and welcome to the show."),
    (4000, "Today we talk about rivers."),
    (9000, "They run to the sea."),
]
TITLE = "How rivers shape the land"


def _page(head: list[str], *, attrs: bool = False, shift: int = 0, title_tag: str = "Rivers | Example Site") -> str:
    if attrs:
        rows = [f'<p data-start="{(ms + shift) / 1000:g}">{text}</p>' for ms, text in CAPTIONS]
    else:
        rows = [f"<p>0:{(ms + shift) // 1000:02d} {text}</p>" for ms, text in CAPTIONS]
    body = "\n".join([*(f"<p>{h}</p>" for h in head), *rows])
    return (
        f'<html><head><title>{title_tag}</title></head><body>\n<div class="transcript">\n{body}\n</div></body></html>\n'
    )


def _read(text: str) -> tuple[list[tuple[int | None, str]], str | None, Report]:
    report = Report()
    track = read_page(text, report)
    return [(c.start, c.text) for c in track], track.title, report


def test_a_title_block_above_0_00_is_the_title() -> None:
    for attrs in (False, True):
        cues, title, report = _read(_page([TITLE], attrs=attrs))
        assert cues == CAPTIONS
        assert title == TITLE  # (before the page's <title>, as a transcript in one element's)
        (entry,) = [e for e in report.entries if e.line == 3]
        assert entry.action == "dropped" and entry.text == TITLE
        assert entry.reason == "title: above the first timestamp, 0:00, where nothing is said yet (the track's title)"


def test_the_time_step_keeps_0_00() -> None:
    report = Report()
    srt = convert(_page([TITLE]).encode(), "srt", format="page", report=report)
    assert srt.startswith("1\n00:00:00,000 --> ")
    assert srt.split("\n")[2] == CAPTIONS[0][1]
    assert TITLE not in srt
    assert not [e for e in report.entries if "ignored" in e.reason]


def test_a_panel_heading_is_chrome_and_the_page_title_stays() -> None:
    cues, title, report = _read(_page(["Transcript"]))
    assert cues == CAPTIONS and title == "Rivers | Example Site"
    assert [e.line for e in report.by_action("dropped") if e.line == 3] == [3]


def test_blocks_that_may_be_said_stay_captions() -> None:
    said = "Hello everyone, and welcome back to the channel."
    cues, title, _ = _read(_page([said]))
    assert cues == [(None, said), *CAPTIONS] and title == "Rivers | Example Site"
    head = ["One", "Two", "Three", "Four"]  # (more than a title and its chrome)
    cues, _, _ = _read(_page(head))
    assert cues == [*((None, h) for h in head), *CAPTIONS]
    # a first stamp after 0:00 leaves time to say it
    cues, title, _ = _read(_page([TITLE], shift=5000))
    assert cues[0] == (None, TITLE) and cues[1] == (5000, CAPTIONS[0][1]) and title == "Rivers | Example Site"


HEADS = st.lists(
    st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="<>&"),
        min_size=1,
        max_size=40,
    ).filter(lambda s: s.strip() and not s.strip()[:1].isdigit() and s.strip()[:1] not in "#[(-*=`_~+"),
    min_size=1,
    max_size=4,
)


@given(HEADS)
def test_nothing_above_0_00_is_lost(head: list[str]) -> None:
    """Every block above the first stamp is a caption, the title, or dropped with its line's
    entry; the stamped captions keep their anchors whatever is above them."""
    head = [" ".join(h.split()) for h in head]
    report = Report()
    track = read_page(_page(head), report)
    assert [(c.start, c.text) for c in track if c.start is not None] == CAPTIONS
    kept = {c.source_line for c in track}
    for n in range(3, 3 + len(head)):
        if n not in kept:
            entries = [e for e in report.entries if e.line == n]
            assert entries and all(e.action == "dropped" for e in entries), (n, entries)

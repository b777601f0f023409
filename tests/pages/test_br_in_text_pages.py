"""``<br>`` tags in a text page's lines (copied from a web page's source): a tag inside a line is a
line break of its caption, as the HTML reader reads the same line as a block of its own
(``<p>0:03 Hello there,<br>my friend.</p>``, ``<li>…<br>…</li>``); tags at a line's end are its end
(the newline breaks it already); a line of tags alone is a blank line.  Each is reported at its
line.  Before, the tags stayed in the page's lines: a stamp line ending with one (``0:03<br>``,
a YouTube copy's) was no stamp but a caption, which the ``normalise`` step then dropped as ``empty
after normalisation``: every time of the page lost, its captions placed at the speaking rate from
0:00; and the reader's cues held the tags (``normalise`` made them line breaks later)."""

from __future__ import annotations

import html

from hypothesis import given
from hypothesis import strategies as st

from subconv.api import convert
from subconv.pages import read_page
from subconv.report import Report


def _read(text: str) -> tuple[list[tuple[int | None, tuple[str, ...]]], Report]:
    report = Report()
    track = read_page(text, report)
    return [(c.start, c.lines) for c in track], report


TWO = [("Hello there,", "my friend."), ("General", "Kenobi."), ("You are a bold one.",)]


def test_an_indented_item_without_a_tag_is_as_much_a_caption_as_those_with_one() -> None:
    """The tags are taken out of a line, its indent kept: an item with none has the others'
    shape (before, the items with tags lost their indent, and the one without was chrome)."""
    page = "Menu\n\n  • Hello there,<br>my friend.\n\n  • General<br>Kenobi.\n\n  • You are a bold one.\n"
    cues, report = _read(page)
    assert cues == [(None, lines) for lines in TWO]
    assert [e.text for e in report.by_action("dropped")] == ["Menu"]


def test_a_caption_list() -> None:
    page = "Menu\n\n  • Hello there,<br>my friend.\n  • General<br/>Kenobi.\n  • You are a bold one.<BR />\n"
    cues, report = _read(page)
    assert report.info["page_shape"] == "caption-list"
    assert cues == [(None, lines) for lines in TWO]
    repaired = {e.line: e.reason for e in report.by_action("repaired")}
    assert repaired == {
        3: "<br> tag (copied from a web page's source): a line break of its caption",
        4: "<br> tag (copied from a web page's source): a line break of its caption",
        5: "<br> tag (copied from a web page's source): the line's end",
    }


def test_stamped_lines_and_a_youtube_copy() -> None:
    page = "0:00 Hello there,<br>my friend.<br>\n0:04 General<br/>Kenobi.<br>\n0:09 You are a bold one.<br>\n"
    cues, report = _read(page)
    assert report.info["page_shape"] == "stamped-lines"
    assert cues == [(0, TWO[0]), (4000, TWO[1]), (9000, TWO[2])]
    # a stamp line ending with a tag is a stamp; a line of tags alone is a blank line
    page = "0:00<br>\nHello there,<br>my friend.<br>\n<br>\n0:04<br>\nGeneral<br>Kenobi.<br>\n"
    cues, report = _read(page + "0:09<br>\nYou are a bold one.\n")
    assert report.info["page_shape"] == "youtube-transcript"
    assert cues == [(0, TWO[0]), (4000, TWO[1]), (9000, TWO[2])]
    (alone,) = [e for e in report.by_action("dropped") if e.line == 3]
    assert alone.reason.startswith("a line-break tag alone")


def test_a_youtube_copy_keeps_its_times_through_convert() -> None:
    page = "0:00<br>\nHello there,<br>my friend.<br>\n0:04<br>\nGeneral<br>Kenobi.<br>\n0:09<br>\nYou are a bold one.\n"
    srt = convert(page.encode(), "srt", format="page")
    assert "<br" not in srt
    starts = [line.split(" --> ")[0] for line in srt.split("\n") if " --> " in line]
    assert starts == ["00:00:00,000", "00:00:04,000", "00:00:09,000"]
    assert "Hello there,\nmy friend." in srt


def test_what_is_no_tag_stays() -> None:
    for line in ("a < b and c > d", "<brick> road", "&lt;br&gt; is a tag"):
        cues, report = _read(line + "\n")
        assert cues == [(None, (line,))] and not report.by_action("repaired")


WORD = st.text(st.characters(codec="utf-8", categories=("Lu", "Ll", "Lo")), min_size=1, max_size=8)
PIECE = st.lists(WORD, min_size=1, max_size=4).map(" ".join)
TAG = st.sampled_from(["<br>", "<br/>", "<br />", "<BR>"])
#: (the HTML reader takes unstamped blocks of three words or more for a transcript's)
LAST = st.lists(WORD, min_size=3, max_size=5).map(" ".join)
CAPTION = st.tuples(st.lists(st.tuples(PIECE, TAG), max_size=2), LAST, st.booleans(), TAG)
Caption = tuple[list[tuple[str, str]], str, bool, str]


@given(st.lists(CAPTION, min_size=2, max_size=6), st.booleans())
def test_as_the_same_lines_in_html_blocks(captions: list[Caption], stamped: bool) -> None:
    """Each line of a text page read as the HTML reader reads it as a ``<p>`` of its own: the same
    cues, each ``<br>`` inside a line a line break of its caption, one at its end nothing."""
    lines: list[str] = []
    blocks: list[str] = []
    for k, (pieces, last, trailing, tag) in enumerate(captions):
        stamp = f"0:{2 * k:02d} " if stamped else ""
        text = "".join(p + t for p, t in pieces) + last + (tag if trailing else "")
        lines.append(stamp + text)
        escaped = "".join(html.escape(p) + t for p, t in pieces) + html.escape(last) + (tag if trailing else "")
        blocks.append(f"<p>{stamp}{escaped}</p>")
    cues, _ = _read("\n".join(lines) + "\n")
    html_cues, _ = _read("<html><body>\n" + "\n".join(blocks) + "\n</body></html>\n")
    assert cues == html_cues
    assert all("<" not in x for _, c in cues for x in c)

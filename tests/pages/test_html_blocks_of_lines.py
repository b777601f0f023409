"""Several sibling blocks of an HTML transcript that each hold many lines split by ``<br>`` (stamped
lines, a YouTube copy's stamp and text lines, or four and more lines a block) read as the lines they
show, exactly as the same lines saved as a ``.txt`` page read (a blank line between two blocks).
Before, each block was one caption: its first stamp its time, the other stamps left in its lines
(``<p>0:00 Hi.<br>0:04 Yo.</p>`` was one caption ``Hi.`` / ``0:04 Yo.`` at 0:00).  Blocks that are
captions (one to three lines each, or timed by an attribute) are read as before."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from subconv.pages import read_page
from subconv.report import Report

STAMPED = [
    ["0:00 Hello and welcome to the show.", "0:04 Today we talk about rivers.", "0:09 They run to the sea."],
    ["0:15 Rivers bend as they go.", "0:20 And some years they flood.", "0:26 Then they dry out again."],
]


def _page(blocks: list[list[str]]) -> str:
    """Each block a ``<p>`` on its own source line (line 3 on), its lines split by ``<br>``."""
    rows = "\n".join("<p>" + "<br>".join(html.escape(x, quote=False) for x in b) + "</p>" for b in blocks)
    head = "<html><head><title>Rivers</title></head><body><nav>Home</nav>"
    return f"{head}\n<div class='t'>\n{rows}\n</div></body></html>\n"


def _read(text: str) -> tuple[list[tuple[int | None, str, int | None]], Report]:
    report = Report()
    return [(c.start, c.text, c.source_line) for c in read_page(text, report)], report


def test_blocks_of_stamped_lines_read_as_their_lines() -> None:
    cues, report = _read(_page(STAMPED))
    assert cues == [
        (0, "Hello and welcome to the show.", 3),
        (4000, "Today we talk about rivers.", 3),
        (9000, "They run to the sea.", 3),
        (15000, "Rivers bend as they go.", 4),
        (20000, "And some years they flood.", 4),
        (26000, "Then they dry out again.", 4),
    ]
    assert report.info["page_shape"] == "html" and report.info["page_element_shape"] == "stamped-lines"
    (info,) = report.by_action("info")
    assert info.reason == "transcript in 2 elements, <p>: their 6 lines read as a stamped-lines page's"


def test_blocks_of_a_youtube_copy_read_as_their_lines() -> None:
    blocks = [["0:00", "hello and welcome"], ["0:04", "today we talk about rivers"], ["0:09", "and how they bend"]]
    cues, report = _read(_page(blocks))
    assert [(s, t) for s, t, _ in cues] == [
        (0, "hello and welcome"),
        (4000, "today we talk about rivers"),
        (9000, "and how they bend"),
    ]
    assert report.info["page_element_shape"] == "youtube-transcript"


def test_blocks_of_many_lines_read_as_their_lines() -> None:
    verses = [[f"verse {v} line {k} of the song" for k in range(4)] for v in range(3)]
    cues, report = _read(_page(verses))
    assert [t for _, t, _ in cues] == [x for v in verses for x in v]
    assert report.info["page_element_shape"] == "plain"


def test_captions_of_two_lines_stay_captions() -> None:
    blocks = [[f"caption {k} says this", f"and then says that {k}"] for k in range(5)]
    cues, report = _read(_page(blocks))
    assert [t for _, t, _ in cues] == ["\n".join(b) for b in blocks]
    assert "page_element_shape" not in report.info
    timed = "".join(
        f'<p data-start="{k * 4}">0:{k * 4:02d} one<br>0:{k * 4 + 2:02d} two<br>three</p>' for k in range(3)
    )
    cues, _ = _read(f"<div class=t>{timed}</div>")
    assert [(s, t) for s, t, _ in cues] == [(k * 4000, f"one\n0:{k * 4 + 2:02d} two\nthree") for k in range(3)]


_TEXT = st.text(alphabet="abcdefghij klmnop", min_size=1, max_size=30).map(lambda s: " ".join(s.split())).filter(bool)


@given(st.lists(st.tuples(st.integers(0, 5999), _TEXT), min_size=4, max_size=20), st.data())
def test_same_as_the_lines_in_a_text_page(items: list[tuple[int, str]], data: st.DataObject) -> None:
    """Stamped lines cut into two or more blocks read as the same lines, blocks apart by a blank
    line, read as a text page: the same cues, and each report entry at its line of the HTML."""
    items = sorted(items)
    lines = [f"{ms // 60}:{ms % 60:02d} {text}" for ms, text in items]
    blocks: list[list[str]] = []
    while len(lines) >= 4:  # (blocks of two lines or more: a block of one line is a caption)
        size = data.draw(st.integers(2, len(lines) - 2))
        blocks.append(lines[:size])
        lines = lines[size:]
    blocks.append(lines)
    text = "\n\n".join("\n".join(b) for b in blocks) + "\n"
    want_report = Report()
    want = [(c.start, c.text) for c in read_page(text, want_report)]
    got, report = _read(_page(blocks))
    assert [(s, t) for s, t, _ in got] == want
    # line n of the text page is block k's source line: 3 + k
    text_line_block = [k for k, b in enumerate(blocks) for _ in [*b, ""]]

    def html_line(n: int | None) -> int | None:
        return None if n is None else 3 + text_line_block[n - 1]

    def moved(reason: str) -> str:
        return re.sub(r"\bline (\d+)\b", lambda m: f"line {html_line(int(m.group(1)))}", reason)

    expected = [(e.action, moved(e.reason), html_line(e.line), e.text) for e in want_report]
    entries = [(e.action, e.reason, e.line, e.text) for e in report if e.line is not None and e.line >= 3]
    assert [x for x in entries if x[0] != "info"] == expected

"""HTML text wrapped across source lines reads as a browser lays it out: a source newline is a
space, and a caption's lines break only at ``<br>`` or in preformatted text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from subconv.pages import read_page
from subconv.report import Report

_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzé", min_size=1, max_size=8)


def _lines(page: str) -> list[tuple[int | None, tuple[str, ...], int | None]]:
    return [(c.start, c.lines, c.source_line) for c in read_page(page, Report())]


def test_paragraph_wrapped_in_the_source_is_one_line() -> None:
    page = (
        "<html><body><div class=t>\n"
        '<p data-start="1">The furnace never goes out, and it\n'
        "      burns day and night all year round.</p>\n"
        '<p data-start="4">We gather the glass\n'
        "on the end of a pipe<br>and then we breathe\r\ninto it.</p>\n"
        "</div></body></html>"
    )
    assert _lines(page) == [
        (1000, ("The furnace never goes out, and it burns day and night all year round.",), 2),
        (4000, ("We gather the glass on the end of a pipe", "and then we breathe into it."), 4),
    ]


def test_stamp_then_text_on_the_next_source_line() -> None:
    page = "<div class=t>\n<p>0:03\n  Rain is coming in from the west.</p>\n<p>0:07\n  Farmers waited weeks.</p></div>"
    assert _lines(page) == [
        (3000, ("Rain is coming in from the west.",), 2),
        (7000, ("Farmers waited weeks.",), 4),
    ]


def test_preformatted_text_keeps_its_line_breaks() -> None:
    page = (
        '<div class=t><p data-start="1">a caption of one line</p>'
        '<p data-start="2" style="white-space: pre-line">first line here\nsecond line here</p></div>'
    )
    assert _lines(page) == [(1000, ("a caption of one line",), 1), (2000, ("first line here", "second line here"), 1)]


@given(
    st.lists(st.lists(_WORD, min_size=3, max_size=12), min_size=2, max_size=5),
    st.data(),
)
def test_where_the_source_wraps_changes_nothing(paragraphs: list[list[str]], data: st.DataObject) -> None:
    """Any paragraph wrapped anywhere in its source (newlines and indentation between its words)
    reads as the same caption as the paragraph on one source line: a browser shows the same."""
    one, wrapped = [], []
    for k, words in enumerate(paragraphs):
        gaps = data.draw(
            st.lists(
                st.sampled_from([" ", "\n", "\n    ", " \n\t", "\r\n  "]),
                min_size=len(words) - 1,
                max_size=len(words) - 1,
            )
        )
        tail = "".join(gap + word for gap, word in zip(gaps, words[1:], strict=True))
        one.append(f'<p data-start="{k + 1}">{" ".join(words)}</p>')
        wrapped.append(f'<p data-start="{k + 1}">{words[0]}{tail}</p>')
    flat = _lines("<div class=t>" + "".join(one) + "</div>")
    got = _lines("<div class=t>" + "".join(wrapped) + "</div>")
    assert [(s, t) for s, t, _ in got] == [(s, t) for s, t, _ in flat]
    assert all(len(t) == 1 for _, t, _ in got)

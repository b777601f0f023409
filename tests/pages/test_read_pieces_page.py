"""A page read a piece at a time (``Format.read_pieces``: the command line reads a regular file
so) gives exactly the cues and report of the page read whole, wherever the pieces are cut."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv.pages import read_page, read_page_pieces
from subconv.report import Report

SHARED = Path(__file__).resolve().parents[2].parent / "shared"

_LINE = st.sampled_from(
    [
        "",
        "  \u2022 Hello there.",
        "  \u2022 General Kenobi!",
        "    and a continuation",
        "Menu",
        "0:04",
        "00:00:08 Stamped words",
        "**Ann:** hi",
        "# Title",
        "---",
        "title: x",
        "- a dash",
        "<html><body><p>x</p></body></html>",
        '<?xml version="1.0"?><transcript><text start="1">x</text></transcript>',
        "\ufeff",
        "plain words \u00e9\u4e2d",
    ]
)
_BREAK = st.sampled_from(["\n", "\r\n", "\r"])


def _read(pieces: list[str]) -> tuple[object, list[object], dict[str, object]]:
    report = Report()
    try:
        track: object = read_page_pieces(pieces, report)
    except Exception as exc:  # (the same error both ways)
        track = repr(exc)
    return track, list(report.entries), report.info


def _whole(text: str) -> tuple[object, list[object], dict[str, object]]:
    report = Report()
    try:
        track: object = read_page(text, report)
    except Exception as exc:
        track = repr(exc)
    return track, list(report.entries), report.info


def _cut(text: str, cuts: list[int]) -> list[str]:
    at = sorted({min(c, len(text)) for c in cuts})
    return [text[a:b] for a, b in zip([0, *at], [*at, len(text)], strict=True)]


@settings(max_examples=200, deadline=None)
@given(
    st.booleans(),
    st.lists(st.tuples(_LINE, _BREAK), max_size=30),
    st.booleans(),
    st.lists(st.floats(0, 1), max_size=12),
    st.sampled_from([1, 64, 1 << 17]),
)
def test_pieces_read_as_the_whole_page(
    bom: bool, lines: list[tuple[str, str]], long: bool, cuts: list[float], share_test: int
) -> None:
    """Short pages, and pages past the start that tells HTML (4 KiB: split into lines a piece at
    a time), cut anywhere (inside a CR LF, after a byte-order mark); equal lines shared as one
    string or not (``share_test``: lines read before that is decided)."""
    import subconv.pages as pages

    text = "".join(line + end for line, end in lines)
    if long and text:
        text *= 1 + 9000 // len(text)
    text = ("\ufeff" if bom else "") + text
    want = _whole(text)
    before, pages._SHARE_TEST = pages._SHARE_TEST, share_test
    try:
        assert _read(_cut(text, [round(c * len(text)) for c in cuts])) == want
        assert _read([text]) == want
    finally:
        pages._SHARE_TEST = before


@pytest.mark.skipif(not (SHARED / "seed").is_dir(), reason="../shared is absent")
def test_pages_of_the_corpus_read_in_pieces_as_whole() -> None:
    files = sorted(p for d in ("seed", "corpus/pages") for p in (SHARED / d).rglob("*") if p.is_file())
    assert files
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        pieces = [text[i : i + 997] for i in range(0, len(text), 997)] or [""]
        assert _read(pieces) == _whole(text), path

"""Hyperaudio's interactive transcripts: a word a ``<span data-m="3900" data-d="520">``, its start
in milliseconds.  Before, ``data-m`` was not read: such a transcript was timed from its length
alone, the bitcoin talk's first paragraph at 0:00 instead of 0:03.9."""

from __future__ import annotations

import html
import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from subconv.pages import read_page
from subconv.report import Report


def _span(w: str, s: float, e: float) -> str:
    return f'<span data-m="{round(s * 1000)}" data-d="{round((e - s) * 1000)}">{html.escape(w)}</span>'


def _page(paragraphs: list[list[tuple[str, float, float]]]) -> str:
    body = "".join("<p>" + "".join(_span(*w) for w in p) + "</p>\n" for p in paragraphs)
    return f"<html><body><header>My podcast</header><article>{body}</article></body></html>"


def test_real_word_timings_as_a_hyperaudio_transcript(shared: Path) -> None:
    words = json.loads((shared / "corpus/timed/3b1b/bitcoin/en.word_timings.json").read_text(encoding="utf-8"))
    paragraphs: list[list[tuple[str, float, float]]] = [[]]
    for w, s, e in words:
        paragraphs[-1].append((w, s, e))
        if w.strip().endswith((".", "?", "!")) and len(paragraphs[-1]) > 12:
            paragraphs.append([])
    paragraphs = [p for p in paragraphs if p]
    track = read_page(_page(paragraphs), Report())
    assert [c.start for c in track.cues] == [round(p[0][1] * 1000) for p in paragraphs]
    assert [c.text.split() for c in track.cues] == ["".join(w for w, _, _ in p).split() for p in paragraphs]


@given(st.integers(0, 4 * 3600 * 1000), st.lists(st.integers(1, 20_000), min_size=3, max_size=40))
def test_one_paragraph_alone_is_in_milliseconds(first: int, steps: list[int]) -> None:
    """``data-m`` is milliseconds whatever the values: a transcript of one paragraph (one value,
    which alone would read as seconds under three hours) starts at its first word's time."""
    at, words = first, []
    for k, step in enumerate(steps):
        words.append((f" word{k}", at / 1000, (at + step // 2) / 1000))
        at += step
    track = read_page(_page([words]), Report())
    assert [c.start for c in track.cues] == [first]

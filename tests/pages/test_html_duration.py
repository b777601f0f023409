"""An HTML page's metadata gives the media's length: schema.org's ``<meta itemprop="duration"
content="PT4M13S">`` (video and podcast pages) or Open Graph's ``<meta property="video:duration"
content="253">``.  It is the timing's end anchor, as a Markdown transcript's front matter is.
Before, it was not read: an untimed HTML transcript ran at the natural speaking rate, however long
the video."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subconv
from subconv.pages import read_page
from subconv.report import Report


def _page(meta: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{html.escape(p)}</p>\n" for p in paragraphs)
    head = f"<!doctype html>\n<html><head><title>A talk</title>\n{meta}\n</head>"
    return f"{head}<body><article>{body}</article></body></html>"


@pytest.mark.parametrize(
    "meta",
    [
        '<meta itemprop="duration" content="PT{m}M{s}S">',
        '<meta property="og:video:duration" content="{total}">',
        '<meta property="video:duration" content="{total}">',
    ],
)
def test_the_untimed_transcript_of_a_talk_ends_with_the_video(shared: Path, meta: str) -> None:
    truth = subconv.read(str(shared / "corpus/timed/3b1b/bitcoin/en.captions.srt")).cues
    total = (truth[-1].end or 0) // 1000
    paragraphs = [" ".join(c.text.split()) for c in truth]
    page = _page(meta.format(m=total // 60, s=total % 60, total=total), paragraphs)
    report = Report()
    track = read_page(page, report)
    (info,) = [e for e in report.by_action("info") if e.step == "page"]
    assert info.line == 3 and "from the page's metadata" in info.reason
    out = subconv.process(track)
    assert (out.cues[-1].end or 0) <= total * 1000
    assert (out.cues[-1].end or 0) >= total * 1000 * 0.95  # (the track runs to the video's end)
    assert report.info.get("page_shape") == "html"


@given(st.integers(1, 20_000))
def test_a_duration_in_any_iso_form(seconds: int) -> None:
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    iso = "PT" + (f"{h}H" if h else "") + (f"{m}M" if m else "") + (f"{s}S" if s or not (h or m) else "")
    page = _page(f'<meta itemprop="duration" content="{iso}">', ["one two three four", "five six seven eight"])
    track = read_page(page, Report())
    assert track.meta.get("page.duration_ms") == str(seconds * 1000)

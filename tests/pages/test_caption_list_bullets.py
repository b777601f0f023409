"""Caption lists with the bullets Japanese and decorated pages use: ``・`` (no space needed),
``◆``, ``◇``, ``★``, ``☆``, ``✓``, ``✔``, ``➤``, ``➢``.  Before, such a page was ``plain``:
every caption began with its bullet (``・ビットコインを「持つ」…``), and the page's chrome
(``動画を再生``, ``字幕と単語``) was read as captions, spoken."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

import subconv
from subconv.pages import read_page
from subconv.report import Report

BULLETS = ["・", "・ ", "  ◆ ", "◇ ", "★ ", "☆ ", "✓ ", "✔ ", "➤ ", "➢ "]
TALKS = ["bitcoin/ja.community.srt", "eigenvalues/zh.china_community.srt", "bitcoin/en.captions.srt"]


@pytest.mark.parametrize("bullet", BULLETS)
@pytest.mark.parametrize("talk", TALKS)
def test_real_captions_in_a_list(shared: Path, bullet: str, talk: str) -> None:
    cues = subconv.read(str(shared / "corpus/timed/3b1b" / talk)).cues[:40]
    captions = [" ".join(c.text.split()) for c in cues]
    page = "動画を再生\n\n" + "".join(f"{bullet}{t}\n\n" for t in captions) + "字幕と単語\n"
    report = Report()
    track = read_page(page, report)
    assert report.info["page_shape"] == "caption-list"
    assert [c.text for c in track.cues] == captions
    assert [e.line for e in report.by_action("dropped")] == [1, 2 * len(captions) + 3]


def test_a_middle_dot_inside_a_line_is_text() -> None:
    """``ジョン・スミス`` (a name's middle dot) is no bullet: only a line's first character is."""
    page = "ジョン・スミスです。\nよろしく・お願いします。\n今日は晴れです。\n"
    track = read_page(page, Report())
    assert [c.text for c in track.cues] == ["ジョン・スミスです。", "よろしく・お願いします。", "今日は晴れです。"]


# --- bullets written as HTML entities (a page saved with its markup's entities) --------------------

#: a bullet and the spaces around it as a saved page writes them, and as they are decoded
ENTITY_BULLETS = {
    "&nbsp;&bull; ": "\xa0• ",
    "&#8226; ": "• ",
    "&#x2022;&nbsp;": "•\xa0",
    "&nbsp;&nbsp;&bull;&nbsp;": "\xa0\xa0•\xa0",
    "  &#9679; ": "  ● ",
    "&middot; ": "· ",
}


@pytest.mark.parametrize("bullet", sorted(ENTITY_BULLETS))
@pytest.mark.parametrize("talk", TALKS)
def test_real_captions_in_a_list_of_entity_bullets(shared: Path, bullet: str, talk: str) -> None:
    """``&nbsp;&bull; caption`` (or ``&#8226;``, ``&#x2022;&nbsp;``, ...), the text escaped as the
    page was (``&amp;``): read as the caption list the decoded page is, its chrome dropped, each
    caption's text as escaped (``normalise`` decodes it) and, processed, the decoded page's cues.
    Before, such a page was ``plain``: every bullet line and the chrome were captions, and a
    decoded page whose bullets follow a no-break space was ``plain`` too."""
    cues = subconv.read(str(shared / "corpus/timed/3b1b" / talk)).cues[:40]
    captions = [" ".join(c.text.split()) for c in cues]
    escaped = "Play video\n\n" + "".join(f"{bullet}{html.escape(t)}\n\n" for t in captions) + "Subtitles &amp; words\n"
    decoded = "Play video\n\n" + "".join(f"{ENTITY_BULLETS[bullet]}{t}\n\n" for t in captions) + "Subtitles & words\n"
    for page, texts in ((escaped, [html.escape(t) for t in captions]), (decoded, captions)):
        report = Report()
        track = read_page(page, report)
        assert report.info["page_shape"] == "caption-list"
        assert [c.text for c in track.cues] == texts
        assert [e.line for e in report.by_action("dropped")] == [1, 2 * len(captions) + 3]
    processed = [subconv.process(subconv.loads(page, "page")).cues for page in (escaped, decoded)]
    assert [(c.start, c.end, c.text) for c in processed[0]] == [(c.start, c.end, c.text) for c in processed[1]]


def test_an_entity_indented_line_continues_the_caption_above() -> None:
    page = "Menu\n\n&bull; Hello there,\n&nbsp;&nbsp;general Kenobi.\n\n&bull; You are\n\n&bull; a bold one.\n"
    track = read_page(page, Report())
    assert [c.lines for c in track.cues] == [("Hello there,", "general Kenobi."), ("You are",), ("a bold one.",)]


def test_an_entity_that_starts_a_line_is_not_a_bullet() -> None:
    """``&amp; more`` and ``&quot;Quoted&quot;`` lines are text: only a bullet the entities decode to is one."""
    page = "&amp; more of this\n&quot;Quoted words&quot; here\n&lt;tag&gt; was said\n"
    report = Report()
    track = read_page(page, report)
    assert report.info["page_shape"] == "plain" and len(track.cues) == 3

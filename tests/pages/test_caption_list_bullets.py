"""Caption lists with the bullets Japanese and decorated pages use: ``・`` (no space needed),
``◆``, ``◇``, ``★``, ``☆``, ``✓``, ``✔``, ``➤``, ``➢``.  Before, such a page was ``plain``:
every caption began with its bullet (``・ビットコインを「持つ」…``), and the page's chrome
(``動画を再生``, ``字幕と単語``) was read as captions, spoken."""

from __future__ import annotations

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

"""Markup a page's text was scraped with, fixed by ``normalise``.  An HTML line break
(``Hello there<br>my friend.``) is a line break, not words: before, ``<br>`` stayed in the cue's
text and the SRT and WebVTT writers escaped its ``<`` with an invisible WORD JOINER
(``<\u2060br>``).  A Markdown link stamp starting a plain page's paragraph is its anchor."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

import subconv
from tests.clirun import run_subconv

from .test_normalise import one

_BREAKS = ["<br>", "<br/>", "<br />", "<BR>", " <br> ", "<br >"]
_LINE = st.text(st.sampled_from("abcdefgh xyz,.'?"), min_size=1, max_size=30).filter(lambda s: s.strip() != "")


@given(st.lists(_LINE, min_size=2, max_size=4), st.sampled_from(_BREAKS))
def test_br_is_a_line_break_and_reported(lines: list[str], br: str) -> None:
    out, report = one(br.join(lines))
    assert out.cues[0].lines == tuple(" ".join(x.split()) for x in lines)
    (entry,) = report.by_action("rewritten")
    assert "line breaks" in entry.reason and entry.line == 1


def test_text_that_only_looks_like_a_tag_stays() -> None:
    out, report = one("2 <3 and x<y, <bra> too")
    assert out.cues[0].text == "2 <3 and x<y, <bra> too"
    assert not report.by_action("rewritten")


def test_the_seed_scraped_with_its_line_breaks_keeps_every_line(shared: Path, tmp_path: Path) -> None:
    """The seed's captions two to a bullet, joined by ``<br>`` as the page's HTML had them: each
    comes out as a line of its own, with no markup and no invisible character in the SRT."""
    seed = (shared / "seed" / "000_e0f4a239f143e213.txt").read_text(encoding="utf-8")
    captions = [c.text for c in subconv.loads(seed, "page").cues]
    pairs = [captions[i : i + 2] for i in range(0, len(captions), 2)]
    page = tmp_path / "scraped.txt"
    page.write_text("Play video\n\n" + "".join(f"  • {'<br>'.join(p)}\n\n" for p in pairs), encoding="utf-8")
    out = tmp_path / "scraped.srt"
    done = run_subconv("convert", str(page), "-o", str(out))
    assert done.returncode == 0, done.stderr
    srt = out.read_text(encoding="utf-8")
    assert "<" not in srt and "\u2060" not in srt
    words = re.findall(r"[^\W_]+", " ".join(c.text for c in subconv.read(str(out)).cues))
    assert words == re.findall(r"[^\W_]+", " ".join(captions))


@given(st.lists(_LINE, min_size=5, max_size=12), st.integers(0, 3599))
def test_a_lone_link_stamp_on_a_plain_page_is_an_anchor(lines: list[str], seconds: int) -> None:
    """One paragraph of a plain page starting with a Markdown link stamp (``[12:30](https://...)
    So then``): the stamp is its anchor and the link's target is not spoken.  Before, normalise
    took ``[12:30]`` only before a space: the whole ``[12:30](https://youtu.be/...)`` stayed."""
    stamp = f"{seconds // 60:02d}:{seconds % 60:02d}"
    out, report = one(f"[{stamp}](https://youtu.be/x?t={seconds}) {lines[0]}")
    assert out.cues[0].text == " ".join(lines[0].split())
    assert out.cues[0].start == seconds * 1000
    (entry,) = report.by_action("rewritten")
    assert "timestamp" in entry.reason


_TAGS = [("<i>", "</i>"), ("<b>", "</b>"), ("<em>", "</em>"), ("<STRONG>", "</STRONG>")]
_TAGS += [('<span class="hl">', "</span>")]


@given(st.lists(st.tuples(_LINE, st.sampled_from(_TAGS) | st.none()), min_size=1, max_size=6))
def test_formatting_tags_are_markup_not_words(pieces: list[tuple[str, tuple[str, str] | None]]) -> None:
    """``<i>Whispering</i> now.`` on a text page: the tags go (as the HTML reader drops them),
    reported; the words stay.  Before, the SRT writer wrote ``<\\u2060i>Whispering<\\u2060/i> now.``"""
    text = " ".join(f"{tag[0]}{p}{tag[1]}" if tag else p for p, tag in pieces)
    out, report = one(text)
    assert out.cues[0].text == " ".join(" ".join(p for p, _ in pieces).split())
    tagged = any(tag for _, tag in pieces)
    assert any("formatting tags" in e.reason for e in report.by_action("rewritten")) == tagged


def test_a_page_with_formatting_tags_converts_without_invisible_characters(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("  • <i>Whispering</i> now.\n\n  • <b>Loud</b> now, 2 <3 you.\n\n  • Done.\n", encoding="utf-8")
    out = tmp_path / "page.srt"
    done = run_subconv("convert", str(page), "-o", str(out))
    assert done.returncode == 0, done.stderr
    srt = out.read_text(encoding="utf-8")
    assert "\u2060" not in srt and "<i>" not in srt
    assert [c.text for c in subconv.read(str(out)).cues] == ["Whispering now.", "Loud now, 2 <3 you.", "Done."]


def test_escaped_or_unpaired_tags_are_text() -> None:
    """``&lt;br&gt;`` (escaped on the page) and ``use the <b> tag`` (no closing tag) are words."""
    out, _ = one("the &lt;br&gt; element, and use the <b> tag")
    assert out.cues[0].lines == ("the <br> element, and use the <b> tag",)

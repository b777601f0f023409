"""An HTML line break left in a scraped page's text (``Hello there<br>my friend.``) is a line
break, not words.  Before, ``<br>`` stayed in the cue's text and the SRT and WebVTT writers
escaped its ``<`` with an invisible WORD JOINER (``<\u2060br>``): the caption showed the markup."""

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

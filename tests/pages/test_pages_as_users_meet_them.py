"""Pages as users meet them: a JSON document saved with a page's ending, transcripts in
Chinese and Japanese saved from the browser (the real 3Blue1Brown translations in
``../shared/corpus/timed`` written as YouTube's transcript panel and as a table)."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import subconv
from subconv.errors import ParseError
from subconv.model import Cue
from subconv.pages import read_page, read_page_pieces
from subconv.report import Report

NO_PAGE = r"no captions found \(a JSON document"
CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus"


def corpus(rel: str) -> Path:
    path = CORPUS / rel
    if not path.is_file():
        pytest.skip(f"../shared/corpus/{rel} is absent")
    return path


# --- JSON is data, not a page ------------------------------------------------------------------------


def test_a_player_response_saved_as_text_is_no_page(tmp_path: Path) -> None:
    """YouTube's player response (the JSON that names the caption tracks, not the captions) was
    read as a plain page: its 2077 lines of JSON became 2112 cues, exit 0."""
    data = corpus("pages/youtube-transcript-api/youtube_ww1_nl_en.innertube.json.static").read_bytes()
    with pytest.raises(ParseError, match=NO_PAGE) as info:
        subconv.read(data, name="player.txt")
    assert info.value.line == 1
    saved = tmp_path / "player.txt"
    saved.write_bytes(data)
    with pytest.raises(ParseError, match=NO_PAGE):
        subconv.read(str(saved))


_SCALAR = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
_JSON = st.recursive(
    _SCALAR,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.text(min_size=1, max_size=8), _JSON, min_size=1, max_size=4)
    | st.lists(
        st.lists(_JSON, max_size=3) | st.dictionaries(st.text(max_size=8), _JSON, max_size=3), min_size=1, max_size=4
    ),
    st.sampled_from([None, 1, 2]),
    st.lists(st.integers(min_value=1, max_value=200), max_size=4),
)
def test_a_json_object_or_array_is_no_page(value: object, indent: int | None, cuts: list[int]) -> None:
    """An object, or an array of arrays or objects, is refused, whole or a piece at a time."""
    text = json.dumps(value, indent=indent)
    with pytest.raises(ParseError, match=NO_PAGE):
        read_page(text, Report())
    with pytest.raises(ParseError, match=NO_PAGE):
        read_page_pieces(_cut(text, cuts), Report())


@pytest.mark.parametrize(
    "page",
    ["[Music]\nHello there.\n", '["quoted"] is what he said.\n', "[00:01] Hello\n[00:03] Bye\n", "{sic} a line\n"],
)
def test_a_page_that_starts_like_json_is_still_a_page(page: str) -> None:
    assert [c.text for c in read_page(page, Report())]  # (read as a page, not refused)


def _cut(text: str, cuts: list[int]) -> list[str]:
    at = sorted({min(c, len(text)) for c in cuts})
    return [text[a:b] for a, b in zip([0, *at], [*at, len(text)], strict=True)]


# --- transcripts without spaces between words, saved from the browser --------------------------------


def _clock(ms: int) -> str:
    s = ms // 1000
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def _panel(cues: list[Cue]) -> str:
    """The page YouTube's transcript panel saves: a stamp and a text element in each segment."""
    rows = "".join(
        "<ytd-transcript-segment-renderer><div class='segment'>"
        f"<div class='segment-timestamp'>{_clock(c.start or 0)}</div>"
        f"<yt-formatted-string class='segment-text'>{html.escape(c.text)}</yt-formatted-string>"
        "</div></ytd-transcript-segment-renderer>\n"
        for c in cues
    )
    chrome = "<div id='header'><button>Show transcript</button></div>"
    return f"<html><body>{chrome}<div id='segments'>\n{rows}</div></body></html>"


def _table(cues: list[Cue]) -> str:
    rows = "".join(
        f"<tr><td class='t'>{_clock(c.start or 0)}</td><td class='x'>{html.escape(c.text)}</td></tr>\n" for c in cues
    )
    return f"<html><body><h1>Lecture</h1><table class='transcript'>\n{rows}</table><p>Share this page</p></body></html>"


@pytest.mark.parametrize("page", [_panel, _table])
@pytest.mark.parametrize(
    "rel", ["timed/3b1b/bitcoin/zh.china_community.srt", "timed/3b1b/eigenvalues/ja.community.srt"]
)
def test_a_chinese_or_japanese_transcript_saved_from_the_browser(rel: str, page: object) -> None:
    """Every caption comes back with its stamp (before: ``no captions found``, as the text blocks
    were neither timed, the stamp being in the element before, nor three words long to
    ``str.split``)."""
    assert callable(page)
    source = [c for c in subconv.read(str(corpus(rel))) if c.text.strip()]
    cues = [Cue(c.start, None, (" ".join(c.text.split()),)) for c in source]
    report = Report()
    track = read_page(page(cues), report)
    assert [(c.start, c.text) for c in track] == [(c.start // 1000 * 1000, c.text) for c in cues if c.start is not None]
    assert all(c.origin == "anchor" for c in track)


def test_untimed_chinese_paragraphs_are_a_transcript() -> None:
    page = (
        "<html><body><div class='transcript'><p>大家好，欢迎来到我们的节目。</p><p>今天我们学习傅里叶变换。</p>"
        "<p>这是一个非常重要的话题。</p></div><div class='links'><a>关于</a></div></body></html>"
    )
    track = read_page(page, Report())
    said = ["大家好，欢迎来到我们的节目。", "今天我们学习傅里叶变换。", "这是一个非常重要的话题。"]
    assert [c.text for c in track] == said


def test_one_stamp_before_a_description_does_not_make_it_the_transcript() -> None:
    """A video's length above its description is one stamp before one block: the untimed
    transcript below still wins by its blocks."""
    page = (
        "<html><body><div class='meta'><span>12:34</span></div>"
        "<div class='description'>A video about how rockets reach orbit and come back.</div>"
        "<div class='transcript'><p>Rockets are loud machines.</p><p>They burn a lot of fuel.</p>"
        "<p>Then they come back down.</p></div></body></html>"
    )
    track = read_page(page, Report())
    said = ["Rockets are loud machines.", "They burn a lot of fuel.", "Then they come back down."]
    assert [c.text for c in track] == said


# --- Otter's plain-text export ---------------------------------------------------------------------

#: the corpus's Otter Markdown header: ``**Ali** [0:00]``
_OTTER_HEADER = re.compile(r"\*\*([^*]+)\*\*\s*\[(\d+(?::\d\d)+)\]")


def test_otters_plain_text_export_reads_as_its_markdown_export() -> None:
    """The corpus's Otter transcript (``**Ali** [0:00]`` headers) written as Otter's plain-text
    export writes it (``Ali  0:00``, the name, two spaces, the stamp): the same cues, speakers
    and times.  The header lines were kept as spoken captions ("Ali 0:00"), their stamps unused
    and the speakers lost."""
    md = corpus("pages/otter-ladybug-podcast/11-what-the-heck-is-graphql.md").read_text(encoding="utf-8")
    plain = "\n".join(
        f"{m.group(1).strip()}  {m.group(2)}" if (m := _OTTER_HEADER.fullmatch(line.strip())) else line
        for line in md.splitlines()
    )
    assert plain.count("  ") >= 20  # (the headers, rewritten)
    want = read_page(md, Report())
    got = read_page(plain, Report())
    assert [(c.start, c.speaker, c.text) for c in got.cues] == [(c.start, c.speaker, c.text) for c in want.cues]
    assert all(c.speaker for c in got.cues)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Speaker 1", "Speaker 2", "Ana", "Émilie Roy", "Dr. Jane Smith"]),
            st.text(alphabet="abcdefghij ", min_size=3, max_size=30).filter(lambda t: t.strip()),
        ),
        min_size=2,
        max_size=6,
    ),
    st.sampled_from(["  ", "\t", "   "]),
)
def test_otter_headers_give_each_turn_its_speaker_and_time(turns: list[tuple[str, str]], gap: str) -> None:
    """``Name  m:ss`` headers (two spaces or a tab) give the paragraph after them its speaker and
    start, whatever the names; the headers are not captions."""
    lines = []
    for k, (name, text) in enumerate(turns):
        lines += [f"{name}{gap}0:{5 * k:02d}", "Word " + text.strip(), ""]
    track = read_page("\n".join(lines), Report())
    assert [(c.speaker, c.start) for c in track.cues] == [(n, 5000 * k) for k, (n, _) in enumerate(turns)]
    assert not any(":" in c.text for c in track.cues)


_SCRIPTS = {"arabic-indic": "٠١٢٣٤٥٦٧٨٩", "persian": "۰۱۲۳۴۵۶۷۸۹", "devanagari": "०१२३४५६७८९", "ascii": "0123456789"}


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(_SCRIPTS)), st.lists(st.integers(0, 3599), min_size=2, max_size=5, unique=True))
def test_a_page_stamped_in_its_own_script_s_digits_is_anchored(script: str, seconds: list[int]) -> None:
    """A transcript page whose stamps are written in Arabic-Indic, Persian or Devanagari digits
    (``[٠:١٢] مرحبا``): each line starts at its stamp, the stamp is not spoken text.  (A digits
    fix for ``²`` had made every digit ASCII-only, and such stamps text again.)"""
    digits = _SCRIPTS[script]
    seconds = sorted(seconds)

    def written(n: int) -> str:
        return "".join(digits[int(d)] for d in str(n))

    lines = [
        f"[{written(s // 60)}:{written(s % 60 // 10)}{written(s % 10)}] Line number {k}" for k, s in enumerate(seconds)
    ]
    track = subconv.loads("\n".join(lines) + "\n", "page")
    assert [c.text for c in track.cues] == [f"Line number {k}" for k in range(len(seconds))]
    assert [c.start for c in track.cues][:1] == [seconds[0] * 1000]

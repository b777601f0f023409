"""Line-based page shapes: caption lists, YouTube copies, stamped lines, speaker transcripts, plain text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import formats
from subconv.errors import ParseError
from subconv.model import Track
from subconv.pages import read_page
from subconv.report import Report

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT / ".." / "shared"
SEED = SHARED / "seed" / "000_e0f4a239f143e213.txt"

_LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüçñßøåЖжλ"
_WORD = st.builds(lambda a, b: a + b, st.sampled_from(_LETTERS), st.text(_LETTERS + "'-", max_size=9))
_PROSE_LINE = st.builds(
    lambda words, punct, num: " ".join(words) + punct + (f" {num}" if num is not None else ""),
    st.lists(_WORD, min_size=1, max_size=12),
    st.sampled_from(["", ".", ",", "?", "!", "...", ":", " -"]),
    st.none() | st.integers(0, 3000),
)


def read(text: str) -> tuple[Track, Report]:
    report = Report()
    return read_page(text, report), report


def fixture(name: str) -> tuple[Track, Report]:
    return read((FIXTURES / name).read_text(encoding="utf-8"))


def texts(track: Track) -> list[str]:
    return [c.text for c in track]


def assert_every_line_reported(text: str, report: Report) -> None:
    """Nothing lost, nothing silent: each non-blank input line has at least one entry."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    wanted = {i + 1 for i, line in enumerate(lines) if line.strip()}
    seen = {e.line for e in report.entries if e.line is not None}
    assert wanted - seen == set()


# --- the seed -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.is_file():
        pytest.skip("../shared/seed is absent")
    return SEED.read_text(encoding="utf-8")


def test_seed_becomes_exactly_its_155_captions(seed_text: str) -> None:
    track, report = read(seed_text)
    # independent oracle: the seed's captions are the lines written as "  • text"
    expected = [line[4:].strip() for line in seed_text.split("\n") if line.startswith("  • ")]
    assert len(expected) == 155
    assert texts(track) == expected
    assert all(c.start is None and c.end is None for c in track)
    assert report.info["page_shape"] == "caption-list"


def test_seed_names_its_five_chrome_lines(seed_text: str) -> None:
    _, report = read(seed_text)
    dropped = report.by_action("dropped")
    assert [e.line for e in dropped] == [1, 3, 315, 317, 319]
    assert all("chrome" in e.reason for e in dropped)
    assert dropped[0].text == "Placeholder Image"
    # the title repeated at the foot equals the first caption, and is still chrome
    assert dropped[2].text == "Outer space is a key part of the China dream."
    assert_every_line_reported(seed_text, report)


def test_seed_source_lines_point_at_the_captions(seed_text: str) -> None:
    track, _ = read(seed_text)
    lines = seed_text.split("\n")
    for cue in track:
        assert cue.source_line is not None
        assert lines[cue.source_line - 1].strip().endswith(cue.text)


def test_bundled_example_page() -> None:
    text = (ROOT / "examples" / "page.txt").read_text(encoding="utf-8")
    track, report = read(text)
    assert len(track) == 30
    assert len(report.by_action("dropped")) == 5
    # the cold-open teaser is spoken again later: both occurrences are kept (dedupe decides)
    assert texts(track).count("Nobody expected the bees to like it up here.") == 2
    assert_every_line_reported(text, report)


# --- caption lists with unfamiliar chrome and bullets ------------------------------------------------


def test_dot_bullets_with_unfamiliar_chrome() -> None:
    track, report = fixture("dots_list.txt")
    assert texts(track) == [
        "The last lighthouse keeper on the island retired in 1987.",
        "After that, the lamp ran itself.",
        "Or almost.",
        "Someone still had to climb the tower every week",
        "to wipe the salt from the glass.",
        "That someone was Ingrid.",
        "I never minded the stairs.",
        "I minded the gulls.",
    ]
    assert [e.line for e in report.by_action("dropped")] == [1, 2, 3, 13, 14, 15, 16]


def test_numbered_list_with_heading_and_footer() -> None:
    track, report = fixture("numbered_list.md")
    assert len(track) == 7
    assert texts(track)[0] == "Stalls open at sunset, not a minute before."
    assert texts(track)[-1] == "They are both right."
    reasons = {e.line: e.reason for e in report.by_action("dropped")}
    assert set(reasons) == {1, 3, 13, 14}
    assert "heading" in reasons[1]


@pytest.mark.parametrize("bullet", ["•", "●", "▪", "·", "◦", "–", "*", "-", "1.", "2)"])
def test_every_bullet_kind_with_chrome(bullet: str) -> None:
    caps = [f"caption number {w} is spoken here" for w in ("one", "two", "three", "four", "five", "six")]
    body = "\n\n".join(f"  {bullet} {c}" for c in caps)
    page = f"Site Name\nSign in  Register\n\n{body}\n\nShare on social media\n© Somebody"
    track, report = read(page)
    assert texts(track) == caps
    assert len(report.by_action("dropped")) == 4


def test_multi_line_captions_keep_their_lines() -> None:
    page = "Menu\n\n  • first line\n    second line\n\n  • another one\n\n  • and a third\n\nFooter text"
    track, report = read(page)
    assert [c.lines for c in track] == [("first line", "second line"), ("another one",), ("and a third",)]
    assert [e.line for e in report.by_action("dropped")] == [1, 10]


# --- YouTube "Show transcript" copies ------------------------------------------------------------------


def test_youtube_two_line_copy_with_chapters() -> None:
    track, report = fixture("youtube_two_line.txt")
    assert report.info["page_shape"] == "youtube-transcript"
    assert [(c.start, c.text) for c in track] == [
        (0, "welcome back to the workshop"),
        (3000, "today we're fixing a wobbly chair"),
        (7000, "the kind everyone has at home"),
        (12000, "you only need glue a clamp"),
        (15000, "and a bit of patience"),
        (3725000, "that's all for today"),
    ]
    assert all(c.origin == "anchor" and c.end is None for c in track)
    dropped = {e.line: e.reason for e in report.by_action("dropped")}
    assert set(dropped) == {1, 2, 9}
    assert "chapter" in dropped[9]
    assert len(report.by_action("merged")) == 6  # the stamp lines
    assert_every_line_reported((FIXTURES / "youtube_two_line.txt").read_text(encoding="utf-8"), report)


def test_youtube_copy_with_many_two_line_captions_keeps_them() -> None:
    groups = [(f"0:{i:02d}", f"line one of caption {i}", f"And line two {i}") for i in range(0, 40, 4)]
    page = "\n".join("\n".join(g) if i % 2 else "\n".join(g[:2]) for i, g in enumerate(groups))
    track, report = read(page)
    assert [len(c.lines) for c in track] == [1, 2] * 5
    assert report.by_action("dropped") == []


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 3 * 3600 * 1000 - 1), _PROSE_LINE), min_size=2, max_size=30),
    st.booleans(),
)
def test_youtube_copy_property(items: list[tuple[int, str]], one_line: bool) -> None:
    def clock(ms: int) -> str:
        s = ms // 1000
        return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"

    sep = " " if one_line else "\n"
    page = "\n".join(f"{clock(ms)}{sep}{text}" for ms, text in items)
    track, report = read(page)
    # a repeated "Name:" prefix may become the speaker: nothing is lost either way
    got = [(c.start, f"{c.speaker}: {c.text}" if c.speaker else c.text) for c in track]
    assert got == [(ms // 1000 * 1000, text.strip()) for ms, text in items]
    assert_every_line_reported(page, report)


def test_youtube_one_line_variant() -> None:
    page = "0:00 hello and welcome\n0:03 to the channel\n0:07 let's start\n1:02:03 goodbye"
    track, report = read(page)
    assert [(c.start, c.text) for c in track] == [
        (0, "hello and welcome"),
        (3000, "to the channel"),
        (7000, "let's start"),
        (3723000, "goodbye"),
    ]
    assert report.info["page_shape"] == "stamped-lines"


# --- stamped lines, speaker transcripts ----------------------------------------------------------------


def test_bracket_stamps_some_stamped_some_not() -> None:
    track, report = fixture("bracket_stamps.txt")
    assert report.info["page_shape"] == "stamped-lines"
    assert [(c.start, c.text) for c in track] == [
        (1000, "Good evening and welcome."),
        (None, "Tonight we travel north."),
        (6000, "The road ends where the ice begins."),
        (11000, "From here on, everything moves by sled."),
        (None, "The dogs know the way better than we do."),
        (62500, "We reach the camp just before dark."),
    ]
    assert [c.origin for c in track] == ["anchor", "given", "anchor", "anchor", "given", "anchor"]


def test_stamped_lines_with_speaker_labels() -> None:
    page = (
        "[00:00:01] ANNA: Are we recording?\n"
        "[00:00:03] Tom Berg: We are.\n"
        "Note: this line is not a speaker turn.\n"
        "[00:00:06] ANNA: Then let's begin.\n"
        "[00:00:09] Tom Berg: **Now**: the weather.\n"
    )
    track, _ = read(page)
    assert [(c.start, c.speaker, c.text) for c in track] == [
        (1000, "ANNA", "Are we recording?"),
        (3000, "Tom Berg", "We are."),
        (None, None, "Note: this line is not a speaker turn."),
        (6000, "ANNA", "Then let's begin."),
        (9000, "Tom Berg", "**Now**: the weather."),
    ]


def test_rev_style_transcript() -> None:
    track, report = fixture("rev.md")
    assert [(c.start, c.speaker, c.text) for c in track] == [
        (0, "Noor Haddad", "I started painting murals because the walls asked for it."),
        (5000, "Sam", "The walls asked for it?"),
        (7000, "Noor Haddad", "Grey walls ask for colour. [inaudible] Everybody hears it eventually."),
        (15000, "Noor Haddad", "Some people just hear it louder."),  # bare "(00:00:15):" keeps the speaker
    ]
    assert track.title == "A small interview with Noor Haddad"
    reasons = [e.reason for e in report.by_action("dropped")]
    assert sum("front matter" in r for r in reasons) == 4
    assert sum("heading" in r for r in reasons) == 2


def test_otter_transcript() -> None:
    track, _ = fixture("otter.md")
    assert [(c.start, c.speaker, c.text) for c in track] == [
        (0, "Priya", "Welcome to Kitchen Table Science. I'm Priya."),
        (4000, "Tom", "And I'm Tom. Today we are freezing things."),
        (None, "Tom", "Mostly soup."),
        (3730000, "Priya", "Why is it always soup?"),
    ]


def test_markdown_podcast_transcript() -> None:
    track, report = fixture("podcast.md")
    assert [(c.start, c.speaker, c.text) for c in track] == [
        (None, "Lena Voss", "Welcome to Small Engines, the show about tiny motors."),
        (12000, "Lena Voss", "Today my guest is Omar."),
        (None, "Omar Reyes", "Thanks, Lena. [laughs] Happy to be here."),
        (725000, "Lena Voss", "We're back. Where were we?"),
        (None, "Omar Reyes", "Carburettors. [unintelligible] Always carburettors."),
    ]
    assert [e.line for e in report.by_action("dropped")] == [5]  # the break marker


# --- plain text: the negative case -------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.lists(_PROSE_LINE, min_size=1, max_size=40), st.sampled_from(["\n", "\n\n", "\r\n"]))
def test_plain_prose_keeps_every_line(lines: list[str], sep: str) -> None:
    page = sep.join(lines)
    track, report = read(page)
    assert texts(track) == [line.strip() for line in lines]
    assert report.by_action("dropped") == []
    assert [c.source_line for c in track] == [1 + i * (2 if sep == "\n\n" else 1) for i in range(len(lines))]


# --- an aligner's fragment list (aeneas's "parsed" text: ID|text) ------------------------------


@settings(max_examples=150, deadline=None)
@given(
    st.lists(_PROSE_LINE, min_size=2, max_size=40),
    st.sampled_from(["f{:06d}", "{}", "line-{}", "p{}.s1"]),
    st.sampled_from(["\n", "\r\n", "\n\n"]),
    st.booleans(),
)
def test_fragment_ids_are_left_out_and_named(lines: list[str], shape: str, sep: str, sphinx: bool) -> None:
    ids = [shape.format(i + 1) for i in range(len(lines))]
    form = "<s> {1} </s> ({0})" if sphinx else "{0}|{1}"
    page = sep.join(form.format(i, line) for i, line in zip(ids, lines, strict=True))
    track, report = read(page)
    assert report.info["page_shape"] == "fragment-ids"
    assert texts(track) == [line.strip() for line in lines]  # no id is read as speech
    named = [e.reason for e in report.by_action("cue")]
    assert all(repr(i) in reason for i, reason in zip(ids, named, strict=True))
    assert_every_line_reported(page, report)


@given(st.lists(_PROSE_LINE, min_size=2, max_size=20))
def test_lines_with_a_bar_are_not_fragment_ids_unless_nearly_all_have_distinct_ids(lines: list[str]) -> None:
    # prose with one "a|b" line, repeated ids (a table's first column), clocks before the bar
    for page in (
        "\n".join([*lines, "either|or"]),
        "\n".join(f"same|{line}" for line in lines),
        "\n".join(f"0:{i:02d}|{line}" for i, line in enumerate(lines)),
    ):
        track, report = read(page)
        assert report.info["page_shape"] != "fragment-ids"
        assert len(track) >= 1


@pytest.mark.parametrize(
    "name",
    ["aeneas-sonnet1.en.txt", "aeneas-example.de.txt", "aeneas-example.es.txt", "pocketsphinx-cards.transcription"],
)
def test_real_aligner_fragment_lists(name: str) -> None:
    path = SHARED / "corpus" / "speech" / name
    if not path.is_file():
        pytest.skip("../shared/corpus/speech is absent")
    text = path.read_text(encoding="utf-8")
    track, report = read(text)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if name.endswith(".transcription"):  # CMU Sphinx: <s> text </s> (id)
        wanted = [line.split("<s>", 1)[1].split("</s>", 1)[0].strip() for line in lines]
    else:  # aeneas: id|text
        wanted = [line.split("|", 1)[1].strip() for line in lines]
    assert report.info["page_shape"] == "fragment-ids"
    assert texts(track) == wanted
    assert not any("|" in c.text or "<s>" in c.text or c.text.startswith("f0000") for c in track)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(_PROSE_LINE, min_size=7, max_size=30),  # captions are the page's dominant shape
    st.lists(_PROSE_LINE, min_size=0, max_size=3),
    st.lists(_PROSE_LINE, min_size=0, max_size=3),
    st.sampled_from(["•", "●", "▪", "▸", "1."]),
    st.integers(0, 4),
)
def test_caption_list_recovers_captions_and_drops_chrome(
    caps: list[str], head: list[str], foot: list[str], bullet: str, indent: int
) -> None:
    pad = " " * indent
    body = "\n\n".join(f"{pad}{bullet} {c}" for c in caps)
    page = "\n\n".join([*head, body, *foot])
    track, report = read(page)
    assert texts(track) == [c.strip() for c in caps]
    assert [e.text for e in report.by_action("dropped")] == [x.strip() for x in head + foot]
    assert_every_line_reported(page, report)


def _corpus_caption_lines() -> list[list[str]]:
    import srt

    base = SHARED / "corpus" / "timed"
    if not base.is_dir():
        pytest.skip("../shared/corpus/timed is absent")
    out = []
    for path in sorted(base.rglob("*.srt")):
        try:
            subs = list(srt.parse(path.read_bytes().decode("utf-8-sig")))
        except (UnicodeDecodeError, srt.SRTParseError):
            continue
        lines = [x.strip() for s in subs for x in s.content.split("\n") if x.strip()]
        if lines:
            out.append(lines)
    assert out
    return out


@pytest.mark.parametrize("style", ["plain", "bullets"])
def test_real_caption_text_keeps_every_line(style: str) -> None:
    for lines in _corpus_caption_lines():
        page = "\n".join(lines) if style == "plain" else "\n\n".join(f"  • {x}" for x in lines)
        track, report = read(page)
        assert [x for c in track for x in c.lines] == lines
        assert report.by_action("dropped") == []


# --- errors, registry, speed -------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["", "\n\n  \n", "# Only a heading\n\n---\n"])
def test_no_captions_is_a_parse_error(page: str) -> None:
    with pytest.raises(ParseError) as info:
        read(page)
    assert info.value.line == 1
    assert "no captions found" in str(info.value)


def test_registry_format() -> None:
    fmt = formats.get("page")
    assert fmt.name == "page" and fmt.write is None
    assert set(fmt.extensions) == {".txt", ".md", ".markdown", ".html", ".htm", ".xml", ".ytt", ".json3"}
    assert not fmt.sniff("<!DOCTYPE html><html><body><p>hi</p></body></html>")  # (by its ending only)
    assert fmt.sniff('{"wireMagic": "pb3", "events": [{"tStartMs": 0, "segs": [{"utf8": "hi"}]}]}')
    assert fmt.sniff('<?xml version="1.0"?><transcript><text start="1">x</text></transcript>')
    assert not fmt.sniff("plain words\nmore words")
    assert not fmt.sniff("1\n00:00:01,000 --> 00:00:02,000\nhi\n")
    report = Report()
    assert texts(fmt.read("a line\nanother", report)) == ["a line", "another"]


def test_crlf_and_bom() -> None:
    track, _ = read("\ufeffMenu\r\n\r\n  • one caption here\r\n\r\n  • two caption here\r\n\r\n  • three\r\n")
    assert texts(track) == ["one caption here", "two caption here", "three"]


def test_hundred_thousand_lines_is_fast() -> None:
    import time

    page = "\n\n".join(f"  • caption number {i} says something" for i in range(100_000))
    page = "Header chrome\n\n" + page + "\n\nFooter chrome"
    t0 = time.perf_counter()
    track, report = read(page)
    elapsed = time.perf_counter() - t0
    assert len(track) == 100_000 and len(report.by_action("dropped")) == 2
    assert elapsed < 10  # about 1.5 s on an idle 2-core machine; generous for loaded CI


_PIECES = [
    "**A:** hi \\[01:02\\] there",
    "**B**",
    "**C** [0:01]",
    "Name (00:00:01):",
    "(00:00:02):",
    "0:03",
    "[00:00:04] text",
    "  • bullet",
    "- dash",
    "1. num",
    "# head",
    "---",
    "plain words here",
    "",
    "",
    "\\[unintelligible 00:01:02.3\\]",
    "[a](b) *x* _y_",
    "1:2:3",
    "99:99",
    "**Break:** \\[1:00\\] to \\[2:00\\]",
    "Ann: hello",
    "    indented cont",
    "\t",
    "é",
    "[",
    "]",
    "**",
    "__init__",
    "title: x",
    "...",
    "**A:**",
    "Chapter Two",
]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_any_mix_of_line_kinds_is_fully_reported(pieces: list[str]) -> None:
    page = "\n".join(pieces)
    try:
        track, report = read(page)
    except ParseError as err:
        assert err.line == 1 and "no captions found" in str(err)
        return
    assert all(line for c in track for line in c.lines)
    assert all(c.start is None or c.start >= 0 for c in track)
    assert all((c.start is None) == (c.origin == "given") for c in track)
    assert_every_line_reported(page, report)

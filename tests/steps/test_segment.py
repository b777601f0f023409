"""Segmentation: long units split into cues that fit, words never lost or reordered."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from subconv.model import Cue, Track
from subconv.report import Report
from subconv.steps.segment import _Measured, join, segment, tokens, wrap
from subconv.text.width import text_width

from ._helpers import SHARED, ctx, page, shared_file

PARAGRAPH = (
    "Welcome back to the show. Today we are talking about something that matters a great deal to "
    "everyone who has ever tried to learn a language from films, which is subtitles; in particular, "
    "how they are timed, how long each line may be, and why a line that is too long is so hard to read. "
    "Let's begin."
)


def nonspace(text: str) -> str:
    return "".join(text.split())


def check_fits(track: Track, max_chars: int = 42, max_lines: int = 2) -> None:
    for c in track:
        assert 1 <= len(c.lines) <= max_lines
        for ln in c.lines:
            assert text_width(ln) <= max_chars or len(tokens(ln)) == 1, ln


def test_paragraph_split_at_sentences_and_clauses() -> None:
    r = Report()
    out = segment(page(PARAGRAPH), ctx(), r)
    check_fits(out)
    assert nonspace("".join(c.text for c in out)) == nonspace(PARAGRAPH)
    assert out.cues[0].text.replace("\n", " ") == "Welcome back to the show."
    assert out.cues[-1].text == "Let's begin."
    # pieces end at sentence or clause marks where possible
    ends = [c.text[-1] for c in out]
    assert sum(e in ".,;?!" for e in ends) >= len(ends) - 2
    (e,) = r.by_action("split")
    assert e.line == 1 and e.detail == {"count": len(out)}


def test_lines_are_balanced() -> None:
    text = "aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn"
    (c,) = segment(page(text), ctx(), Report()).cues
    a, b = c.lines
    assert abs(len(a) - len(b)) <= 5


def test_fitting_cues_untouched() -> None:
    t = page("Short caption.", "Two lines\nof text.")
    r = Report()
    assert segment(t, ctx(), r) is t and len(r) == 0


def test_single_long_line_that_fits_two_lines_is_rewrapped_not_split() -> None:
    text = "Beijing also sees space as a crucial aspect of its aim"
    r = Report()
    (c,) = segment(page(text), ctx(), r).cues
    assert len(c.lines) == 2 and " ".join(c.lines) == text
    assert [e.action for e in r] == ["rewritten"]


def test_cjk_counts_double_and_splits_after_punctuation() -> None:
    text = "今天我们来谈一谈字幕的问题，尤其是每一行应该有多长。" * 3
    out = segment(page(text), ctx(max_chars=20), Report())
    check_fits(out, 20)
    assert nonspace("".join(c.text for c in out)) == text
    assert all(c.text[-1] in "。，" for c in out.cues[:-1])
    assert " " not in "".join(c.text for c in out)


def test_timed_split_distributes_time_anchor_stays_on_first() -> None:
    timed = Track((Cue(10_000, 40_000, (PARAGRAPH,), speaker="Ann", source_line=3),))
    out = segment(timed, ctx("srt", retime=True), Report())
    assert out.cues[0].start == 10_000 and out.cues[-1].end == 40_000
    assert all(a.end == b.start for a, b in zip(out, out.cues[1:], strict=False))
    assert all(c.speaker == "Ann" for c in out)
    anchored = Track((Cue(5000, None, (PARAGRAPH,), origin="anchor", speaker="Bo"),))
    out = segment(anchored, ctx(), Report())
    assert (out.cues[0].start, out.cues[0].origin) == (5000, "anchor")
    assert all(c.start is None and c.end is None and c.origin == "given" for c in out.cues[1:])
    assert all(c.speaker == "Bo" for c in out)


def test_timed_files_not_segmented_without_retime() -> None:
    t = Track((Cue(0, 9000, (PARAGRAPH,)),))
    assert segment(t, ctx("srt"), Report()) is t


def test_merge_fragments() -> None:
    t = page("The conquest of the cosmos has really", "been considered one of the crown jewels.", "Next one.")
    r = Report()
    out = segment(t, ctx(merge_fragments=True), r)
    assert [c.text.replace("\n", " ") for c in out] == [
        "The conquest of the cosmos has really been considered one of the crown jewels.",
        "Next one.",
    ]
    assert [(e.action, e.line) for e in r.by_action("merged")] == [("merged", 2)]
    assert segment(t, ctx(), Report()) is t


def test_seed_captions_stay_155_cues() -> None:
    path = shared_file(SHARED / "seed" / "000_e0f4a239f143e213.txt")
    lines = path.read_text(encoding="utf-8").split("\n")
    caps = [ln.strip().lstrip("•").strip() for ln in lines if ln.strip().startswith("•")]
    assert len(caps) == 155
    out = segment(page(*caps), ctx(), Report())
    assert len(out) == 155
    assert [" ".join(c.lines) for c in out] == caps
    check_fits(out)


words_st = st.one_of(
    st.sampled_from(
        ["a", "the", "word", "sentence.", "clause,", "—", "Hi!", "unbelievably", "x" * 50, "字幕", "你好，", "世界。"]
    ),
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zs", "Zl", "Zp")), min_size=1, max_size=12),
)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(words_st, min_size=1, max_size=80).map(" ".join), min_size=1, max_size=4),
    st.integers(8, 60),
    st.integers(1, 3),
    st.booleans(),
)
def test_segmentation_keeps_every_word_in_order_and_fits(
    texts: list[str], max_chars: int, max_lines: int, merge: bool
) -> None:
    t = page(*texts)
    r = Report()
    out = segment(t, ctx(max_chars=max_chars, max_lines=max_lines, merge_fragments=merge), r)
    assert nonspace("".join(c.text for c in out)) == nonspace("".join(texts))
    for c in out:
        assert 1 <= len(c.lines) <= max_lines
        for ln in c.lines:
            assert text_width(ln) <= max_chars or len(tokens(ln)) == 1
    assert segment(out, ctx(max_chars=max_chars, max_lines=max_lines), Report()) == out


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "to", "word", "longer", "sentences.", "中文", "「好」", "é\u0301", "x" * 12]), max_size=10
    ),
    st.integers(1, 30),
    st.integers(1, 4),
)
def test_wrap_gives_the_fewest_lines_then_the_narrowest(words: list[str], max_chars: int, max_lines: int) -> None:
    # every way to break the words into lines, by brute force: wrap must pick the fewest lines
    # that fit, and of those the layout whose widest line is narrowest
    toks = tokens(" ".join(words))
    layouts: list[list[str]] = []
    for mask in range(1 << max(0, len(toks) - 1)):
        cuts = [0, *(i + 1 for i in range(len(toks) - 1) if mask >> i & 1), len(toks)]
        layouts.append([join(toks[a:b]) for a, b in itertools.pairwise(cuts) if a < b])
    fitting = [ls for ls in layouts if len(ls) <= max_lines and all(text_width(ln) <= max_chars for ln in ls)]
    got = wrap(toks, max_chars, max_lines)
    if not toks:
        assert got == []
    elif not fitting:
        # nothing fits: None, unless a word wider than the line alone stands on a line
        assert got is None or any(text_width(ln) > max_chars and len(tokens(ln)) == 1 for ln in got)
    else:
        assert got is not None
        fewest = min(len(ls) for ls in fitting)
        narrowest = min(max(map(text_width, ls)) for ls in fitting if len(ls) == fewest)
        assert len(got) == fewest and max(map(text_width, got)) == narrowest
        assert join(tokens(" ".join(got))) == join(toks)


def _greedy_lines(widths: list[int], seps: list[int], width: int, line_w: int) -> tuple[list[int], int]:
    """Greedy filling a token at a time (the reference): where each new line starts, and the
    last line's width, going on from an open line ``line_w`` wide (-1: none)."""
    starts: list[int] = []
    for i, (tw, sep) in enumerate(zip(widths, seps, strict=True)):
        if line_w >= 0 and line_w + sep + tw <= width:
            line_w += sep + tw
        else:
            starts.append(i)
            line_w = tw
    return starts, line_w


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["a", "to", "word", "x" * 12, "中文", "好，", "\u200b", "é\u0301", "-"]), max_size=14),
    st.integers(1, 30),
    st.integers(-1, 35),
    st.data(),
)
def test_line_filling_by_bisection_is_greedy_filling(
    words: list[str], width: int, open_w: int, data: st.DataObject
) -> None:
    # the breaker finds each line's end by bisecting the running widths: the lines must be those
    # of filling a token at a time, from any token range, going on from an open line or not
    m = _Measured(tokens(" ".join(words)))
    n = len(m.toks)
    a = data.draw(st.integers(0, n))
    b = data.draw(st.integers(a, n))
    expected, last_w = _greedy_lines(m.widths[a:b], m.seps[a:b], width, open_w)
    starts: list[int] = []
    lines, line_w = m.fill(a, b, width, (0, open_w), starts=starts)
    assert [s - a for s in starts] == expected
    assert (lines, line_w) == (len(expected), last_w)
    if b - a >= 2:  # the narrowest two lines: the best of every place to break
        best = min(max(m.cum[j] - m.cum[a] - m.seps[a], m.cum[b] - m.cum[j] - m.seps[j]) for j in range(a + 1, b))
        assert (
            m.narrowest_two(a, b)
            == best
            == min(max(text_width(join(m.toks[a:j])), text_width(join(m.toks[j:b]))) for j in range(a + 1, b))
        )


def test_segmentation_linear_time() -> None:
    import time

    text = " ".join(["word"] * 10_000) + ". " + "Clause, clause; sentence. " * 2000
    start = time.perf_counter()
    out = segment(page(text), ctx(), Report())
    assert time.perf_counter() - start < 5.0
    check_fits(out)


# ----------------------------------------------------------------- width and token shortcuts


def test_no_character_below_first_wide_is_wide() -> None:
    """``is_wide`` skips the Unicode lookup below ``FIRST_WIDE``: that must be true of the data."""
    import sys
    import unicodedata

    from subconv.text.width import FIRST_WIDE, is_wide

    assert unicodedata.east_asian_width(FIRST_WIDE) in ("W", "F")
    for cp in range(ord(FIRST_WIDE)):
        assert unicodedata.east_asian_width(chr(cp)) not in ("W", "F"), hex(cp)
    wide = [cp for cp in range(sys.maxunicode + 1) if unicodedata.east_asian_width(chr(cp)) in ("W", "F")]
    assert all(is_wide(chr(cp)) for cp in wide[:: max(1, len(wide) // 5000)])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=30) | st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=30))
def test_text_width_is_the_sum_of_character_widths(text: str) -> None:
    from subconv.text.width import char_width

    assert text_width(text) == sum(char_width(c) for c in text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab 中文，。「」é\u0301-'.·•*")), max_size=30) | st.text(max_size=30))
def test_tokens_rejoin_to_the_words(text: str) -> None:
    toks = tokens(text)
    assert "".join("".join(t.split()) for t, _ in toks) == "".join(text.split())
    assert all(t for t, _ in toks)
    # a space starts each later word: before its unit, or inside it (a bullet joined to the word before)
    assert sum(space for _, space in toks) + sum(t.count(" ") for t, _ in toks) == max(0, len(text.split()) - 1)
    # no unit but the first starts with what normalise removes at a line's start
    assert not any(t[0] in "•●▪·◦‣" or t == "*" for t, _ in toks[1:])


_WORDS = st.text(alphabet="abcdefghij", min_size=1, max_size=9)


@given(
    st.lists(
        st.tuples(st.sampled_from(["Ann", "Bartholomew Smith", None]), st.lists(_WORDS, min_size=1, max_size=40)),
        min_size=1,
        max_size=6,
    )
)
@settings(max_examples=80)
def test_srt_speaker_prefix_fits_in_the_line(turns: list[tuple[str | None, list[str]]]) -> None:
    """Where a turn starts the SRT writer puts 'NAME: ' first: segmentation leaves room for it."""
    import subconv

    units = tuple(Cue(None, None, (" ".join(words),), speaker=who) for who, words in turns)
    out = segment(Track(units), ctx(), Report())
    timed = out.with_cues(c.replace(start=i * 1000, end=i * 1000 + 900) for i, c in enumerate(out.cues))
    written = subconv.loads(subconv.dumps(timed, "srt"), "srt")
    assert nonspace("".join(c.text for c in out)) == nonspace("".join(" ".join(w) for _, w in turns))
    for c in written:
        for ln in c.lines:
            assert text_width(ln) <= 42 or len(tokens(ln)) <= 2, ln


def test_dialogue_dashes_on_a_page_are_kept_and_break_lines() -> None:
    import subconv

    page = (
        "Some page\n\n- Hi.\n- Hello.\n\n- Hi. - Hello.\n\n"
        "What are you doing, Zod? This is madness. - What I should have done long ago, son.\n"
    )
    rep = subconv.Report()
    track = subconv.process(subconv.loads(page, "page"), "page", report=rep)
    texts = [c.lines for c in track.cues]
    assert ("- Hi.",) in texts and ("- Hello.",) in texts  # not removed as bullets
    assert ("- Hi.", "- Hello.") in texts  # a two-speaker cue breaks at the dash
    assert not any("removed bullet" in e.reason for e in rep.entries)
    # segmentation never re-wraps across a dialogue dash: the turn starts its own cue
    for c in track.cues:
        for line in c.lines:
            assert " - " not in line, c.lines
    assert any(line.startswith("- What I should") for c in track.cues for line in c.lines)


def test_a_whole_transcript_on_one_line_is_segmented_a_part_at_a_time() -> None:
    """A unit of more than 20,000 characters (a transcript pasted as one line) is cut at sentence
    ends into parts segmented one after another: every cue fits, no word is lost or moved, and
    the cues are the same as segmenting each part on its own."""
    from subconv.steps.segment import _PART_CHARS, _parts

    sentences = [f"Sentence number {k} says a little more than the one before it." for k in range(1200)]
    text = " ".join(sentences)
    assert len(text) > 3 * _PART_CHARS
    track = Track((Cue(None, None, (text,), source_line=1),))
    out = segment(track, ctx("page"), Report())
    assert all(len(c.lines) <= 2 and all(len(ln) <= 42 for ln in c.lines) for c in out)
    assert " ".join(" ".join(c.lines) for c in out).split() == text.split()
    parts = list(_parts(track.cues[0], Report()))
    assert len(parts) == 4 and all(p.text.endswith(".") for p in parts)
    each = [c for p in parts for c in segment(Track((p,)), ctx("page"), Report())]
    assert [c.lines for c in each] == [c.lines for c in out]


_ASCII_WORDS = st.sampled_from(["a", "the", "ledger,", "trust.", "why?", "-", "Mr.", "x" * 45, "3.14", "(so)", "end;"])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(_ASCII_WORDS, min_size=1, max_size=40).map(" ".join), min_size=1, max_size=3),
    st.sampled_from([None, "Ann"]),
    st.sampled_from([(42, 2), (20, 2), (32, 1), (12, 3)]),
)
def test_ascii_units_are_planned_from_their_words_as_from_their_tokens(
    lines: list[str], speaker: str | None, size: tuple[int, int]
) -> None:
    """An ASCII unit is measured from its words (``_Measured.of_ascii``), not its tokens: the
    same measure, and the same plan (lines, pieces) as measuring its tokens gives."""
    from subconv.steps import segment as s

    text = "\n".join(lines)
    lead = s._lead_token(speaker) if speaker else None
    toks = s.tokens(text)
    if lead is not None:
        toks = [(f"{lead[0]} {toks[0][0]}", False), *toks[1:]]
    words = [t for t, _ in toks]
    fast, slow = s._Measured.of_ascii(list(words)), s._Measured(toks)
    assert (fast.toks, fast.widths, fast.seps, fast.cum, fast.dashed) == (
        list(slow.toks),
        slow.widths,
        slow.seps,
        slow.cum,
        slow.dashed,
    )
    splitter = s._Splitter(*size)
    assert s._plan_ascii(tuple(lines), text, lead, splitter) == s._planned(tuple(lines), slow, lead, splitter)

"""De-duplication: pages, timed files, YouTube rolling auto-captions, policies, properties."""

from __future__ import annotations

import difflib
import itertools
import time
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv.model import Cue, FrozenMap, Track
from subconv.report import Report
from subconv.steps.dedupe import YOUTUBE_MESSAGE, is_youtube_rolling

from ._helpers import YOUTUBE, ctx, dedupe, page, read_vtt, shared_file, tagged_words


def texts(track: Track) -> list[str]:
    return [c.text for c in track.cues]


# ----------------------------------------------------------------- pages


def test_adjacent_exact_and_near_duplicates_removed_and_reported() -> None:
    r = Report()
    out = dedupe(page("Hello there.", "hello,  THERE", "Ｈｅｌｌｏ there!", "Goodbye."), ctx(), r)
    assert texts(out) == ["Hello there.", "Goodbye."]
    dropped = r.by_action("dropped")
    assert [e.line for e in dropped] == [2, 3]
    assert all("line 1" in e.reason for e in dropped)


def test_removed_duplicate_extends_the_surviving_cue() -> None:
    t = Track((Cue(1000, 2000, ("Yes we can",), source_line=1), Cue(2000, 3500, ("Yes, we can!",), source_line=2)))
    out = dedupe(t, ctx(), Report())
    assert [(c.start, c.end) for c in out] == [(1000, 3500)]


def test_anchor_of_removed_duplicate_moves_to_untimed_survivor() -> None:
    anchored = Cue(5000, None, ("same line here",), origin="anchor")
    t = Track((Cue(None, None, ("Same line here",)), anchored))
    (c,) = dedupe(t, ctx(), Report()).cues
    assert c.start == 5000 and c.origin == "anchor"


def test_rolling_overlap_keeps_only_the_new_part() -> None:
    r = Report()
    out = dedupe(page("we went to the moon", "to the moon and back again", "and then home"), ctx(), r)
    assert texts(out) == ["we went to the moon", "and back again", "and then home"]
    assert [e.line for e in r.by_action("rewritten")] == [2]


def test_two_line_rolling_page() -> None:
    out = dedupe(page("first line\nsecond line", "second line\nthird line", "third line\nfourth"), ctx(), Report())
    assert texts(out) == ["first line\nsecond line", "third line", "fourth"]


def test_teaser_repeats_kept_and_listed_removed_with_all() -> None:
    lines = (
        "Outer space is a key part of the dream.",
        "The conquest of the cosmos has really",
        "been considered one of the crown jewels.",
        "Welcome to the programme.",
        "The conquest of the cosmos has really",
        "been considered one of the crown jewels.",
        "And more.",
    )
    r = Report()
    out = dedupe(page(*lines), ctx(), r)
    assert texts(out) == list(lines)
    kept = r.by_action("kept")
    assert [(e.line, e.reason) for e in kept] == [(5, "repeats line 2"), (6, "repeats line 3")]
    r2 = Report()
    out2 = dedupe(page(*lines), ctx(dedupe="all"), r2)
    assert texts(out2) == [lines[0], lines[1], lines[2], lines[3], lines[6]]
    assert [e.line for e in r2.by_action("dropped")] == [5, 6]


def test_short_answers_are_not_listed_as_repeats() -> None:
    r = Report()
    out = dedupe(page("No.", "Are you sure?", "No.", "Really?", "Yes."), ctx(dedupe="all"), r)
    assert len(out) == 5 and not r.changes()


def test_repeated_chrome_reported_as_chrome() -> None:
    r = Report()
    out = dedupe(page("Advertisement", "Advertisement", "Advertisement", "Real caption text."), ctx(), r)
    assert texts(out) == ["Advertisement", "Real caption text."]
    assert all("chrome" in e.reason for e in r.by_action("dropped"))


@pytest.mark.parametrize(("speaker", "dropped"), [("Ann", [4, 5, 6]), (None, []), ("Bob", [])])
def test_a_block_copy_repeats_its_speakers_too(speaker: str | None, dropped: list[int]) -> None:
    # lines with and without a speaker in one block: the copy is one only where every line has
    # the same speaker as in the original (none where it had none)
    said = ["Where were you last night?", "At the office, working late.", "Again? That is the third time."]
    speakers = [None, "Ann", None, None, speaker, None]
    t = Track(
        tuple(
            Cue(None, None, (x,), speaker=s, source_line=i + 1)
            for i, (x, s) in enumerate(zip(said * 2, speakers, strict=True))
        )
    )
    r = Report()
    out = dedupe(t, ctx(), r)
    assert [e.line for e in r.by_action("dropped")] == dropped
    assert len(out) == 6 - len(dropped)
    assert [c.speaker for c in out][:3] == [None, "Ann", None]


def test_different_speakers_saying_the_same_are_kept() -> None:
    t = Track((Cue(None, None, ("Yes.",), speaker="A"), Cue(None, None, ("Yes.",), speaker="B")))
    assert len(dedupe(t, ctx(), Report())) == 2


def test_clean_text_untouched() -> None:
    t = page("It was a bright cold day in April,", "and the clocks were striking thirteen.", "Winston Smith,")
    r = Report()
    assert dedupe(t, ctx(), r) is t
    assert len(r) == 0


def test_off_does_nothing() -> None:
    t = page("a b c", "a b c")
    assert dedupe(t, ctx(dedupe="off"), Report()) is t


# ----------------------------------------------------------------- timed files


def _film() -> Track:
    return Track(
        (
            Cue(1000, 1500, ("No.",), source_line=1),
            Cue(1600, 2100, ("No.",), source_line=4),
            Cue(2200, 4000, ("Please, listen to me.",), source_line=7),
            Cue(4100, 5000, ("Please, listen to me.",), source_line=10),
        )
    )


def test_film_repeats_kept_under_auto() -> None:
    t = _film()
    r = Report()
    assert dedupe(t, ctx("srt"), r) is t
    assert len(r) == 0
    assert not is_youtube_rolling(t)


def test_adjacent_policy_applies_to_timed_files() -> None:
    out = dedupe(_film(), ctx("srt", dedupe="adjacent"), Report())
    assert [(c.start, c.end, c.text) for c in out] == [(1000, 2100, "No."), (2200, 5000, "Please, listen to me.")]


def _rolling(words: list[str], per_line: int, start: int = 0, tags: bool = True) -> tuple[Track, list[str]]:
    """A synthetic YouTube rolling auto-caption track speaking ``words``."""
    lines = [" ".join(words[i : i + per_line]) for i in range(0, len(words), per_line)]
    cues: list[Cue] = []
    t = start
    prev = " "
    for i, line in enumerate(lines):
        raw = f"{prev}\n{line.split()[0]}" + "".join(f"<00:00:00.000><c> {w}</c>" for w in line.split()[1:])
        extras = FrozenMap({"vtt.raw": raw}) if tags else FrozenMap()
        cues.append(Cue(t, t + 1990, (prev, line), extras=extras, source_line=4 * i + 1))
        cues.append(Cue(t + 1990, t + 2000, (line, " "), source_line=4 * i + 3))
        t += 2000
        prev = line
    return Track(tuple(cues)), lines


vocab = st.sampled_from(["the", "a", "cat", "sat", "on", "mat", "no", "yes", "and", "we"])


@settings(max_examples=100, deadline=None)
@given(st.lists(vocab, min_size=1, max_size=60), st.integers(1, 6), st.booleans())
def test_synthetic_rolling_every_word_once(words: list[str], per_line: int, tags: bool) -> None:
    track, lines = _rolling(words, per_line, tags=tags)
    r = Report()
    out = dedupe(track, ctx("vtt"), r)
    if len(lines) >= 2 and (tags or len(lines) >= 3):
        assert [w for c in out for w in c.text.split()] == words
        assert [c.text for c in out] == lines
        pairs = zip(out, out.cues[1:], strict=False)
        assert all(a.end is not None and b.start is not None and a.end <= b.start for a, b in pairs)
        assert any(e.action == "info" and e.reason == YOUTUBE_MESSAGE for e in r)
        assert dedupe(out, ctx("vtt"), Report()) == out  # idempotent


@pytest.mark.parametrize("name", ["VTT_Live_Translate_from_YT_glGJqlfLbIQ.vtt", "yt-to-anki_autogen.de.vtt"])
def test_real_youtube_auto_captions(name: str) -> None:
    track = read_vtt(shared_file(YOUTUBE / name))
    truth = [w.casefold() for w in tagged_words(track)]
    assert truth, "the file has word-timing tags"
    r = Report()
    out = dedupe(track, ctx("vtt"), r)
    got = [w.casefold() for c in out for w in c.text.split()]
    sm = difflib.SequenceMatcher(None, truth, got, autojunk=False)
    matched = sum(b.size for b in sm.get_matching_blocks())
    assert matched / len(truth) >= 0.99  # recall
    assert matched / len(got) >= 0.99  # precision
    assert all(a.text != b.text for a, b in zip(out, out.cues[1:], strict=False))
    assert all(c.start is not None and c.end is not None and c.start < c.end for c in out)
    starts = [c.start or 0 for c in out]
    assert starts == sorted(starts)
    assert [e.reason for e in r.by_action("info")] == [YOUTUBE_MESSAGE]
    # every source cue that produced nothing new is reported
    out_lines = {c.source_line for c in out}
    reported = {e.line for e in r if e.step == "dedupe"}
    assert all(c.source_line in out_lines or c.source_line in reported for c in track)


def test_old_style_youtube_file() -> None:
    track = read_vtt(shared_file(YOUTUBE / "webvtt-py_youtube_dl.vtt"))
    out = dedupe(track, ctx("vtt"), Report())
    assert [c.text for c in out] == ["yeah", "what", "this will happen is I'm telling"]


def test_manual_youtube_track_not_mangled() -> None:
    track = read_vtt(shared_file(YOUTUBE / "yt-to-anki_manual_ted.en.vtt"))
    r = Report()
    assert not is_youtube_rolling(track)
    assert dedupe(track, ctx("vtt"), r) is track
    assert not r.by_action("info")


def test_youtube_off_keeps_everything() -> None:
    track, _ = _rolling([f"w{i}" for i in range(10)], 3)
    assert dedupe(track, ctx("vtt", dedupe="off"), Report()) is track


# ----------------------------------------------------------------- properties

line_text = st.lists(vocab, min_size=1, max_size=6).map(" ".join)


@st.composite
def repetitive_pages(draw: st.DrawFn) -> Track:
    """Pages full of exact repeats, near repeats and rolling overlaps."""
    texts_: list[str] = []
    for _ in range(draw(st.integers(0, 15))):
        kind = draw(st.sampled_from(["new", "same", "upper", "tail"]))
        if texts_ and kind == "same":
            texts_.append(texts_[-1])
        elif texts_ and kind == "upper":
            texts_.append(texts_[-1].upper() + "!")
        elif texts_ and kind == "tail":
            prev = texts_[-1].split()
            k = draw(st.integers(1, len(prev)))
            texts_.append(" ".join(prev[-k:]) + " " + draw(line_text))
        else:
            texts_.append(draw(line_text))
    return page(*texts_)


policies = st.sampled_from(["auto", "adjacent", "all"])


@settings(max_examples=150, deadline=None)
@given(repetitive_pages(), policies)
def test_dedupe_is_an_order_preserving_subsequence_losing_only_duplicates(track: Track, policy: str) -> None:
    r = Report()
    out = dedupe(track, ctx(dedupe=policy), r)
    src = {c.source_line: c for c in track}
    lines = [c.source_line or 0 for c in out]
    assert lines == sorted(lines) and len(set(lines)) == len(lines)
    seen_words: list[str] = []
    out_by_line = {c.source_line: c for c in out}
    for c in track:
        o = out_by_line.get(c.source_line)
        words = c.text.split()
        kept = o.text.split() if o is not None else []
        # output text is a tail of the input text (a rolling overlap cut) or the whole text
        assert words[len(words) - len(kept) :] == kept
        lost = {w.casefold().strip("!") for w in words[: len(words) - len(kept)]}
        assert lost <= {w.casefold().strip("!") for w in seen_words}, "lost a word that was never said before"
        if o is None:
            assert any(e.line == c.source_line and e.action == "dropped" for e in r)
        elif kept != words:
            assert any(e.line == c.source_line and e.action == "rewritten" for e in r)
        seen_words += kept
    assert set(out_by_line) <= set(src)


@settings(max_examples=150, deadline=None)
@given(repetitive_pages(), policies, st.sampled_from(["page", "srt"]))
def test_dedupe_idempotent(track: Track, policy: str, fmt: str) -> None:
    c = ctx(fmt, dedupe=policy)
    once = dedupe(track, c, Report())
    r = Report()
    assert dedupe(once, c, r) == once
    assert not [e for e in r if e.action in ("dropped", "rewritten", "merged")]


@pytest.mark.parametrize("n", [20_000])
def test_linear_time(n: int) -> None:
    t = page(*(f"caption number {i} says something" if i % 3 else "repeat me please now" for i in range(n)))
    start = time.perf_counter()
    dedupe(t, ctx(dedupe="all"), Report())
    assert time.perf_counter() - start < 5.0


# ----------------------------------------------------------------- comparison keys


def _reference_word_keys(text: str) -> tuple[str, ...]:
    """The definition: each whitespace word folded (NFKC, casefold) with only its letters and digits kept."""
    import unicodedata

    keys = ("".join(c for c in unicodedata.normalize("NFKC", w).casefold() if c.isalnum()) for w in text.split())
    return tuple(k for k in keys if k)


_KEY_CHARS = list("aB1 _\n\t\x1c,.'\u00a8\u00a0ﬁＡ①²é\u0301中。ßΣ\u200b-")
_KEY_TEXT = st.text(alphabet=st.sampled_from(_KEY_CHARS), max_size=30)


@settings(max_examples=300, deadline=None)
@given(_KEY_TEXT | st.text(max_size=30))
def test_comparison_keys_match_their_definition(text: str) -> None:
    import unicodedata

    from subconv.text.compare import dup_key, key_initial, word_keys, word_spans

    assert word_keys(text) == _reference_word_keys(text)
    assert [k for _, _, k in word_spans(text)] == list(word_keys(text))
    for start, end, _ in word_spans(text):
        assert text[start:end] and not any(c.isspace() for c in text[start:end])
    folded = unicodedata.normalize("NFKC", text).casefold()
    assert dup_key(text) == ("".join(c for c in folded if c.isalnum()) or " ".join(folded.split()))
    # the initial the rolling-caption test compares first: the key's own, or none ("")
    initial = key_initial(text)
    assert initial == "" or (any(c.isalnum() for c in text) and dup_key(text)[0] == initial)


_ROLL_LINES = st.sampled_from(
    [
        "Hello there",
        "hello, there!",
        "how are",
        "How are",
        "you today",
        "  you  today ",
        "Ünïcode here",
        "unicode here",
        "12 apples",
        "",
        "♪",
        "a\nb",
        "Zed",
        "- Hello there",
        "(how are)",
        "...you today",
        "-",
        "'12 apples",
        "-\nhow are",
        "\u266a zed",
    ]
)


@st.composite
def _maybe_rolling(draw: st.DrawFn) -> Track:
    cues: list[Cue] = []
    t = 0
    for _ in range(draw(st.integers(0, 14))):
        lines = tuple(draw(st.lists(_ROLL_LINES, min_size=0, max_size=3)))
        if len(cues) > 0 and draw(st.booleans()):  # roll: start with the previous cue's last line
            lines = (cues[-1].lines[-1] if cues[-1].lines else "", *lines)
        dur = draw(st.sampled_from([10, 40, 900, 2500]))
        cues.append(Cue(t, t + dur, lines))
        t += dur
    return Track(tuple(cues))


@settings(max_examples=400)
@given(_maybe_rolling())
def test_rolling_detection_follows_its_rule(track: Track) -> None:
    """The rule in is_youtube_rolling's docstring, applied pair by pair without shortcuts."""
    from subconv.text.compare import dup_key

    def clean(cue: Cue) -> list[str]:
        return [" ".join(ln.split()) for ln in cue.text.split("\n") if ln.strip()]

    cues = track.cues
    rolling = 0
    for prev, cur in itertools.pairwise(cues):
        lines, before = clean(cur), clean(prev)
        bridge = cur.end - cur.start <= 50  # type: ignore[operator]
        if lines and before and (len(lines) >= 2 or bridge) and dup_key(lines[0]) == dup_key(before[-1]):
            rolling += 1
    expected = len(cues) >= 2 and rolling >= 0.3 * (len(cues) - 1) and rolling >= 3
    assert is_youtube_rolling(track) == expected


# ----------------------------------------------------------------- repeats really said (issue 18)

FILM = [f"Line number {i} of the film, said once." for i in range(60)]


def test_isolated_repeat_on_a_page_is_kept_and_reported() -> None:
    # a broadcast repeated in the film: one line listed four times in a row is four real cues
    lines = FILM[:30] + ["Attention, this is a broadcast."] * 4 + FILM[30:]
    r = Report()
    out = dedupe(page(*lines), ctx(), r)
    assert texts(out) == lines
    kept = [e for e in r.by_action("kept") if "said again" in e.reason]
    assert [e.line for e in kept] == [32, 33, 34]
    assert not r.by_action("dropped")


def test_a_line_said_twice_then_its_tail_is_kept() -> None:
    lines = [*FILM[:20], "It's gas!", "It's gas! It's gas!", *FILM[20:40]]
    out = dedupe(page(*lines), ctx(), Report())
    assert texts(out) == lines


def test_double_capture_of_every_line_is_removed() -> None:
    lines = [x for line in FILM for x in (line, line)]
    r = Report()
    out = dedupe(page(*lines), ctx(), r)
    assert texts(out) == FILM
    assert all("double capture" in e.reason for e in r.by_action("dropped"))


def test_double_capture_keeps_a_line_really_said_twice() -> None:
    said = [*FILM[:20], "No, no.", "No, no.", *FILM[20:40]]
    lines = [x for line in said for x in (line, line)]
    assert texts(dedupe(page(*lines), ctx(), Report())) == said


def test_blocks_captured_twice_are_removed() -> None:
    lines: list[str] = []
    for i in range(0, 60, 5):
        lines += FILM[i : i + 5] * 2
    r = Report()
    out = dedupe(page(*lines), ctx(), r)
    assert texts(out) == FILM
    assert all("block captured twice" in e.reason for e in r.by_action("dropped"))


def test_stamps_decide_when_both_repeats_have_one() -> None:
    cues = [Cue(i * 3000, None, (FILM[i],), origin="anchor", source_line=i + 1) for i in range(10)]
    later = Cue(28_000, None, (FILM[9],), origin="anchor", source_line=11)  # said again, 1 s later
    same = Cue(28_000, None, (FILM[9],), origin="anchor", source_line=12)  # the same caption captured twice
    r = Report()
    out = dedupe(Track((*cues, later, same)), ctx(), r)
    assert [c.source_line for c in out] == list(range(1, 12))
    assert [e.line for e in r.by_action("dropped")] == [12]
    assert any(e.line == 11 and "later time" in e.reason for e in r.by_action("kept"))


# issue 18, item 1: a double capture removed completely, real repeats kept (every line, blocks)

SAID = [f"Line {i} says {i} things, then more {i} of it" for i in range(80)]


def _every_line_twice(lines: list[str]) -> list[str]:
    return [x for line in lines for x in (line, line)]


def _blocks_twice(lines: list[str], sizes: list[int]) -> list[str]:
    out: list[str] = []
    i = 0
    for size in itertools.cycle(sizes):
        if i >= len(lines):
            return out
        out += lines[i : i + size] * 2
        i += size
    return out  # pragma: no cover (the cycle never ends)


def test_an_echo_in_a_double_capture_is_kept() -> None:
    # the tail of a line said again as the next line: an echo, not a rolling overlap, when the
    # page is captured twice (copies, not overlaps)
    said = [*SAID[:20], "If you're the someone ready to be found", "The someone ready to be found", *SAID[20:40]]
    r = Report()
    assert texts(dedupe(page(*_every_line_twice(said)), ctx(), r)) == said
    dropped = {e.line for e in r.by_action("dropped")}
    assert dropped == set(range(2, 2 * len(said) + 1, 2))  # every second copy, each reported
    assert not r.by_action("rewritten")


def test_a_block_ending_with_the_line_its_copy_starts_with() -> None:
    # the seed page's teaser: A B said, then later A B said again at a block's end; the copy
    # of that block starts with B right after it (... A B | B ...)
    said = [SAID[40], SAID[0], SAID[1], *SAID[2:5], SAID[0], SAID[1], *SAID[5:30]]
    captured = said[:2] * 2 + said[2:8] * 2 + _blocks_twice(said[8:], [5])  # [B C D E A B] [B C D E A B]
    r = Report()
    assert texts(dedupe(page(*captured), ctx(), r)) == said
    assert all("block" in e.reason for e in r.by_action("dropped"))


def test_a_line_said_twice_across_a_block_boundary() -> None:
    said = [*SAID[:10], SAID[10], SAID[10], *SAID[11:30]]
    # blocks: [..., SAID[10]] twice, then [SAID[10], ...] twice
    captured = _blocks_twice(said[:6], [3]) + said[6:11] * 2 + said[11:16] * 2 + _blocks_twice(said[16:], [4])
    assert texts(dedupe(page(*captured), ctx(), Report())) == said


def test_a_line_said_twice_inside_a_block_and_its_copy() -> None:
    said = [*SAID[:10], SAID[10], SAID[10], SAID[10], *SAID[11:30]]
    captured = _blocks_twice(said[:8], [4]) + said[8:16] * 2 + _blocks_twice(said[16:], [5])
    assert texts(dedupe(page(*captured), ctx(), Report())) == said


def test_a_block_of_one_line_at_the_end_of_a_page_captured_in_blocks() -> None:
    said = SAID[:31]  # blocks of 5, and the last one is a single line
    r = Report()
    assert texts(dedupe(page(*_blocks_twice(said, [5])), ctx(), r)) == said
    assert r.by_action("dropped")[-1].line == 62


def test_two_lines_said_twice_in_an_every_line_capture() -> None:
    said = [*SAID[:20], SAID[20], SAID[21], SAID[20], SAID[21], *SAID[22:40]]
    assert texts(dedupe(page(*_every_line_twice(said)), ctx(), Report())) == said


@st.composite
def said_pages(draw: st.DrawFn, pairs: bool = True) -> list[str]:
    """A page of distinct lines with a few isolated real repeats, at least 16 lines apart: a line
    said 2-3 times in a row, the tail of a line said again as the next line (an echo), and with
    ``pairs`` two lines said again."""
    n = draw(st.integers(20, 70))
    lines = list(SAID[:n])
    at = n - 2
    while at > 2:
        kind = draw(st.sampled_from(["none", "twice", "thrice", "echo", *(["pair"] if pairs else [])]))
        line = lines[at]
        if kind == "twice":
            lines[at + 1 : at + 1] = [line]
        elif kind == "thrice":
            lines[at + 1 : at + 1] = [line, line]
        elif kind == "echo":
            lines[at + 1 : at + 1] = [line.split(", ", 1)[1].capitalize()]
        elif kind == "pair":
            lines[at + 1 : at + 1] = [lines[at - 1], line]
        at -= draw(st.integers(16, 30))
    return lines


def _comes_back(said: list[str], captured: list[str]) -> None:
    r = Report()
    assert texts(dedupe(page(*captured), ctx(), r)) == said
    assert len(r.by_action("dropped")) == len(captured) - len(said)


@settings(max_examples=60, deadline=None)
@given(said_pages())
def test_a_page_captured_twice_line_by_line_comes_back(said: list[str]) -> None:
    """A page with real isolated repeats keeps them; captured twice, every line, it comes back exactly."""
    assert texts(dedupe(page(*said), ctx(), Report())) == said
    _comes_back(said, _every_line_twice(said))


@settings(max_examples=60, deadline=None)
@given(said_pages(), st.lists(st.integers(3, 8), min_size=1, max_size=6))
def test_a_page_captured_twice_in_blocks_comes_back(said: list[str], sizes: list[int]) -> None:
    """The same, captured in blocks of 3-8 lines.  (Not two lines said again: inside a block
    captured twice, ``A B A B`` is taken for a block of two captured twice; see docs/cleaning.md.)"""
    _comes_back(said, _blocks_twice(said, sizes))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 59), min_size=20, max_size=80, unique=True), st.integers(0, 19), st.integers(2, 4))
def test_isolated_runs_kept_double_captures_removed(order: list[int], at: int, times: int) -> None:
    said = [FILM[i] for i in order]
    said[at + 1 : at + 1] = [said[at]] * (times - 1)  # one line said ``times`` times in a row
    assert texts(dedupe(page(*said), ctx(), Report())) == said
    captured = [x for line in said for x in (line, line)]
    assert texts(dedupe(page(*captured), ctx(), Report())) == said


def test_real_film_pages_keep_every_word() -> None:
    import sys
    from pathlib import Path

    film = shared_file(
        Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "timed" / "films" / "SRT_The_Beekeeper.srt"
    )
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    if TYPE_CHECKING:
        from benchmarks.dedupe_accuracy import as_page, captions, clean, doubled, recall_extra, words
        from benchmarks.timing_accuracy import load
    else:
        from dedupe_accuracy import as_page, captions, clean, doubled, recall_extra, words
        from timing_accuracy import load

    caps = captions(load(film))
    truth = words(" ".join(caps))
    out, _ = clean(as_page(caps))
    n, m, extra = recall_extra(truth, words(" ".join(c.text for c in out.cues)))
    assert m / n >= 0.999 and extra == 0
    import random

    if TYPE_CHECKING:
        from benchmarks.dedupe_accuracy import blocks_doubled
    else:
        from dedupe_accuracy import blocks_doubled

    for captured in (doubled(caps), blocks_doubled(caps, random.Random(18))):
        out2, _ = clean(as_page(captured))
        n, m, extra = recall_extra(truth, words(" ".join(c.text for c in out2.cues)))
        assert m == n and extra == 0  # (issue 18: echoes, songs and blocks' boundaries; before, 99.878 %)


def test_seed_page_captured_twice_comes_out_as_once() -> None:
    from pathlib import Path

    from subconv.pages import read_page
    from subconv.steps.normalise import normalise

    seed = shared_file(Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "000_e0f4a239f143e213.txt")
    text = seed.read_text(encoding="utf-8")
    bullets = [ln for ln in text.splitlines() if ln.strip().startswith("\u2022")]
    twice = text
    for ln in bullets:
        twice = twice.replace(ln + "\n", ln + "\n\n" + ln + "\n", 1)

    def run(page_text: str) -> list[str]:
        r = Report()
        return texts(dedupe(normalise(read_page(page_text, r), ctx(), r), ctx(), r))

    assert run(twice) == run(text)
    assert len(run(text)) == 155  # the teaser lines said again are still kept


def _perturbed_youtube(track: Track) -> Track:
    """The real file with what long auto-caption files also hold: hold cues (the last line alone
    for a while), a carried line that is not the last one (a ``[Music]`` line between), and a
    line said again right after a silence (blank first line, the same words word-timed)."""
    cues = list(track.cues)
    out: list[Cue] = []
    for i, c in enumerate(cues):
        out.append(c)
        raw = str(c.extras.get("vtt.raw", ""))
        if i % 40 == 10 and len(c.lines) == 2 and TIMESTAMP_TAG_RE.search(raw):
            line = c.lines[1]
            # a hold cue: the new line alone, untimed, for a second
            out.append(Cue(c.end, (c.end or 0) + 1000, (line,), source_line=(c.source_line or 0) * 10 + 1))
        if i % 40 == 20 and len(c.lines) == 2 and TIMESTAMP_TAG_RE.search(raw):
            out.append(Cue(c.end, (c.end or 0) + 5, ("[Music]",), source_line=(c.source_line or 0) * 10 + 2))
    return Track(tuple(sorted(out, key=lambda c: c.start or 0)))


TIMESTAMP_TAG_RE = __import__("re").compile(r"<(?:\d{1,3}:)?\d{2}:\d{2}[.,]\d{3}>")


def test_word_timed_lines_are_new_and_irregular_rolling_adds_nothing() -> None:
    from ._helpers import tagged_words

    track = _perturbed_youtube(read_vtt(shared_file(YOUTUBE / "VTT_Live_Translate_from_YT_glGJqlfLbIQ.vtt")))
    truth = [w.casefold() for w in tagged_words(track)]
    out = dedupe(track, ctx("vtt"), Report())
    got = [w.casefold() for c in out for w in c.text.split()]
    sm = difflib.SequenceMatcher(None, truth, got, autojunk=False)
    matched = sum(b.size for b in sm.get_matching_blocks())
    assert matched / len(truth) >= 0.995
    extra = [w for w in got if w != "[music]"]
    assert len(extra) - matched <= 0.005 * len(truth)
    assert all(a.text != b.text for a, b in itertools.pairwise(out.cues))


def test_word_timed_line_said_again_after_a_silence_is_kept() -> None:
    raw1 = " \nthank<00:00:01.000><c> you</c><00:00:01.200><c> all</c>"
    raw2 = " \nthank<00:00:05.000><c> you</c><00:00:05.200><c> all</c>"
    cues = (
        Cue(0, 1990, (" ", "thank you all"), extras=FrozenMap({"vtt.raw": raw1}), source_line=1),
        Cue(1990, 2000, ("thank you all", " "), source_line=2),
        Cue(2000, 4000, ("thank you all",), source_line=3),  # held on screen
        Cue(4000, 5990, (" ", "thank you all"), extras=FrozenMap({"vtt.raw": raw2}), source_line=4),
        Cue(5990, 6000, ("thank you all", " "), source_line=5),
        Cue(6000, 7990, ("thank you all", "next"), source_line=6),
        Cue(7990, 8000, ("next", " "), source_line=7),
        Cue(8000, 9990, ("next", "words"), source_line=8),
    )
    out = dedupe(Track(cues), ctx("vtt"), Report())
    assert [c.text for c in out] == ["thank you all", "thank you all", "next", "words"]


# ----------------------------------------------------------------- sound labels in rolling captions

SOUNDS = ("[Music]", "[Applause]", "[Laughter]")


@st.composite
def rolling_with_sounds(draw: st.DrawFn) -> tuple[Track, list[str], list[int]]:
    """A word-timed rolling track (YouTube's shapes) of spoken lines and sound labels, the texts
    it should come out as (each sound once per occurrence), and where each output cue starts.

    A label rolls in under the last line like a spoken line, or alone under a blank line after a
    silence, in one or more pieces that follow on from each other (YouTube cuts a long sound);
    speech then goes on under a blank line or under the label. Two occurrences of one label with
    nothing said between them are apart in time."""
    cues: list[Cue] = []
    want: list[str] = []
    starts: list[int] = []
    t = 0
    shown = " "  # the bottom line on screen
    n = 0
    prev_sound = False
    for event in draw(st.lists(st.sampled_from(["line", "line", "sound"]), min_size=3, max_size=30)):
        n += 1
        if event == "line":
            line = f"{draw(vocab)} {draw(vocab)} {n}"
            first, *rest = line.split()
            raw = f"{shown}\n{first}" + "".join(f"<00:00:00.000><c> {w}</c>" for w in rest)
            cues.append(Cue(t, t + 1990, (shown, line), extras=FrozenMap({"vtt.raw": raw}), source_line=10 * n))
            cues.append(Cue(t + 1990, t + 2000, (line, " "), source_line=10 * n + 1))
            want.append(line)
            starts.append(t)
            shown, prev_sound, t = line, False, t + 2000
            continue
        label = draw(st.sampled_from(SOUNDS))
        if not prev_sound and shown.strip() and draw(st.booleans()):  # rolls in under the last line
            cues.append(Cue(t, t + 1990, (shown, label), source_line=10 * n))
            cues.append(Cue(t + 1990, t + 2000, (label, " "), source_line=10 * n + 1))
            starts.append(t)
            t += 2000
        else:  # alone, after a silence, in pieces
            t += 3000
            starts.append(t)
            for piece in range(draw(st.integers(1, 3))):
                cues.append(Cue(t, t + 4000, (" ", label), source_line=10 * n + 2 * piece))
                cues.append(Cue(t + 4000, t + 4010, (" ", " "), source_line=10 * n + 2 * piece + 1))
                t += 4010
        want.append(label)
        shown = label if draw(st.booleans()) else " "
        prev_sound = True
    return Track(tuple(cues)), want, starts


@settings(max_examples=300, deadline=None)
@given(rolling_with_sounds())
def test_rolling_sound_labels_once_per_occurrence(case: tuple[Track, list[str], list[int]]) -> None:
    track, want, starts = case
    if not is_youtube_rolling(track):
        return  # (mostly sounds: not recognised as rolling, converted as it is)
    r = Report()
    out = dedupe(track, ctx("vtt"), r)
    assert [c.text for c in out] == want
    assert [c.start for c in out] == starts
    assert all(a.end is not None and b.start is not None and a.end <= b.start for a, b in itertools.pairwise(out))
    # every source cue is in the output or in the report, with its line
    kept = {c.source_line for c in out}
    reported = {e.line for e in r if e.step == "dedupe"}
    assert all(c.source_line in kept or c.source_line in reported for c in track)
    assert dedupe(out, ctx("vtt"), Report()) == out


def test_a_long_sound_cut_in_pieces_is_one_cue() -> None:
    track = read_vtt(shared_file(YOUTUBE / "VTT_Live_Translate_from_YT_glGJqlfLbIQ.vtt"))
    r = Report()
    out = dedupe(track, ctx("vtt"), r)
    music = [c for c in out if c.text == "[Music]"]
    assert [(c.start, c.end) for c in music] == [(613_910, 627_860)]  # 10:13.910 --> 10:27.860, two pieces
    merged = [e for e in r if e.action == "merged" and e.text == "[Music]"]
    assert [e.line for e in merged] == [2309]  # the second piece's cue
    assert "line 2301" in merged[0].reason


def test_a_sound_label_again_after_a_line_is_a_new_occurrence() -> None:
    """Music, one line said, music again (alone under a blank line): two occurrences, both kept."""
    raw = " \nso<00:00:08.200><c> anyway</c>"
    cues: tuple[Cue, ...] = (
        Cue(0, 4000, (" ", "[Music]"), source_line=1),
        Cue(4000, 4010, (" ", " "), source_line=2),
        Cue(5000, 6990, (" ", "so anyway"), extras=FrozenMap({"vtt.raw": raw}), source_line=3),
        Cue(6990, 7000, ("so anyway", " "), source_line=4),
        Cue(7000, 11000, (" ", "[Music]"), source_line=5),
        Cue(11000, 11010, (" ", " "), source_line=6),
        Cue(11010, 15000, (" ", "[Music]"), source_line=7),  # the same music, a second piece
    )
    prev = "[Music]"
    for i, line in enumerate(["we are back", "with more", "words now"]):  # (enough rolling to be recognised)
        t = 15000 + 2000 * i
        raw = f"{prev}\n{line.split()[0]}<00:00:00.000><c> {' '.join(line.split()[1:])}</c>"
        cues += (Cue(t, t + 1990, (prev, line), extras=FrozenMap({"vtt.raw": raw}), source_line=8 + 2 * i),)
        cues += (Cue(t + 1990, t + 2000, (line, " "), source_line=9 + 2 * i),)
        prev = line
    r = Report()
    out = dedupe(Track(cues), ctx("vtt"), r)
    assert [(c.text, c.start, c.end) for c in out][:3] == [
        ("[Music]", 0, 4000),
        ("so anyway", 5000, 7000),
        ("[Music]", 7000, 15000),
    ]
    assert [c.text for c in out][3:] == ["we are back", "with more", "words now"]
    assert [(e.action, e.line) for e in r if e.action == "merged"] == [("merged", 7)]


def _untimed(*texts: str) -> Track:
    return Track(tuple(Cue(None, None, (t,), source_line=i + 1) for i, t in enumerate(texts)))


@pytest.mark.parametrize(("policy", "action"), [("all", "dropped"), ("adjacent", "kept")])
def test_a_rolling_cut_that_repeats_a_line_said_once_further_up_is_found(policy: str, action: str) -> None:
    # (the line said once is remembered by a mark, not a dict entry: found again for the cut's rest)
    t = _untimed(
        "The cat sat on the mat today.",
        "Something else entirely here.",
        "And then we all went home",
        "we all went home The cat sat on the mat today.",
        "Bye now.",
    )
    r = Report()
    out = dedupe(t, ctx("page", dedupe=policy), r)
    assert [(e.action, e.reason, e.line) for e in r if e.line == 4] == [
        ("rewritten", "rolling overlap with line 3 removed", 4),
        (action, "repeats line 1", 4),
    ]
    assert ("The cat sat on the mat today." in [c.text for c in out][1:]) == (policy != "all")


def test_a_line_said_once_after_a_rolling_cut_made_it_repeats_the_cut() -> None:
    t = _untimed(
        "And then we all went home",
        "we all went home The cat sat on the mat today.",
        "Something else entirely here.",
        "The cat sat on the mat today.",
    )
    r = Report()
    out = dedupe(t, ctx("page", dedupe="all"), r)
    assert [(e.action, e.reason) for e in r if e.line == 4] == [("dropped", "repeats line 2")]
    assert [c.text for c in out] == [
        "And then we all went home",
        "The cat sat on the mat today.",
        "Something else entirely here.",
    ]


def _rolling_cut_reference(pk_all: tuple[str, ...], ck: tuple[str, ...]) -> int:
    """The overlap's length in words by the plain loop over every place it can start (0: none),
    as ``_rolling_cut`` finds it for one-line texts (the line rule: the whole of both)."""
    pk = pk_all[max(0, len(pk_all) - 64) :]
    for i in range(len(pk)):
        k = len(pk) - i
        if k <= len(ck) and pk[i:] == ck[:k] and (k >= 3 or (k == len(pk_all) and k >= 2) or pk[i:] == pk_all == ck):
            return k
    return 0


@settings(max_examples=300)
@given(
    st.lists(st.sampled_from(["a", "b", "the", "c"]), min_size=1, max_size=80),
    st.lists(st.sampled_from(["a", "b", "the", "c"]), min_size=1, max_size=12),
)
def test_a_rolling_overlap_is_found_where_the_plain_loop_finds_it(prev: list[str], cur: list[str]) -> None:
    """``_rolling_cut`` looks for the overlap only where the current text's first word stands in
    the previous one (found in C): the same overlap as trying every place."""
    from subconv.steps.dedupe.lines import _rolling_cut

    prev_text, cur_text = " ".join(prev), " ".join(cur)
    k = _rolling_cut_reference(tuple(prev), tuple(cur))
    got = _rolling_cut(prev_text, tuple(prev), cur_text, tuple(cur))
    assert got == (None if not k else " ".join(cur[k:]))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(0, 5000), min_size=1, max_size=6))
def test_a_copy_removed_gives_its_time_only_across_a_short_gap_and_says_so(gaps: list[int]) -> None:
    """``--dedupe adjacent`` on a timed file whose line is repeated after gaps of 0-5 s: each copy
    goes; the cue kept takes a copy's time only when the copy starts at most ``JOIN_GAP_MS`` (1 s)
    after it ends, and each time it takes is a ``rewritten`` entry with the kept cue's line.
    Before, a copy 58 s later made one cue shown for 61 s, and only the drop was reported."""
    from subconv.steps.dedupe.passes import JOIN_GAP_MS

    cues, t = [], 1000
    for k, gap in enumerate([0, *gaps]):
        t += gap
        cues.append(Cue(t, t + 1500, ("This sentence is said again and again",), source_line=4 * k + 2))
        t += 1500
    report = Report()
    (kept,) = dedupe(Track(tuple(cues)), ctx("srt", dedupe="adjacent"), report).cues
    end = 2500
    for cue in cues[1:]:
        if cue.start is not None and cue.start - end <= JOIN_GAP_MS:
            end = max(end, cue.end or 0)
    assert (kept.start, kept.end) == (1000, end)
    moved = [e for e in report.by_action("rewritten") if "takes the time of its copy" in e.reason]
    assert all(e.line == 2 for e in moved) and (len(moved) > 0) == (end != 2500)
    assert len(report.by_action("dropped")) == len(gaps)

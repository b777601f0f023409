"""Track as an immutable sequence, and its editing methods (times through subconv.timeops)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from itertools import pairwise
from pathlib import Path
from typing import cast

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subconv
from subconv import Cue, FrozenMap, Report, Track, UsageError, Word
from subconv.timeops import framerate_ratio, parse_offset, parse_points, piecewise, round_half_up
from tests.strategies import tracks


@st.composite
def worded_tracks(draw: st.DrawFn) -> Track:
    """Tracks whose cues carry word times inside the cue (as audio alignment makes them)."""
    t = draw(tracks(max_cues=5, max_ms=10_000_000))
    out = []
    for c in t:
        assert c.start is not None and c.end is not None
        names = c.text.split() or ["x"]
        cuts = sorted(draw(st.lists(st.integers(c.start, c.end), min_size=2 * len(names), max_size=2 * len(names))))
        words = tuple(Word(cuts[2 * i], cuts[2 * i + 1], w) for i, w in enumerate(names))
        out.append(c.replace(words=words))
    return t.with_cues(out)


def _times(track: Track) -> list[tuple[int | None, int | None]]:
    return [(c.start, c.end) for c in track]


T = Track(
    (Cue(0, 1000, ("a",)), Cue(2000, 3000, ("b",)), Cue(4000, 5000, ("c",))),
    language="en",
    meta=cast(FrozenMap, {"k": "v"}),
    format="srt",
)


def test_sequence_protocol() -> None:
    assert len(T) == 3
    assert T[0].text == "a" and T[-1].text == "c"
    sl = T[1:]
    assert isinstance(sl, Track) and [c.text for c in sl] == ["b", "c"]
    assert (sl.language, sl.meta, sl.format) == ("en", cast(Mapping[str, str], {"k": "v"}), "srt")
    assert T[1] in T and Cue(0, 1, ("zz",)) not in T
    assert [c.text for c in reversed(T)] == ["c", "b", "a"]
    assert T.index(T[2]) == 2
    with pytest.raises(IndexError):
        T[3]


def test_edits_return_new_tracks_and_leave_the_original() -> None:
    before = _times(T)
    assert [c.text for c in T.remove(1)] == ["a", "c"]
    assert [c.text for c in T.insert(1, Cue(1500, 1800, ("new",)))] == ["a", "new", "b", "c"]
    assert T.set(0, T[0].with_text("A"))[0].text == "A"
    assert [c.text for c in T.filter(lambda c: c.text != "b")] == ["a", "c"]
    assert [c.text for c in T.map_text(str.upper)] == ["A", "B", "C"]
    assert _times(T) == before and T[0].text == "a"


def test_shift_stretch_framerate_sync() -> None:
    assert _times(T.shift(s=2.5)) == [(2500, 3500), (4500, 5500), (6500, 7500)]
    assert _times(T.shift(ms=-1200))[0] == (-1200, -200)  # kept: shifting back restores
    assert T.shift(ms=-1200).shift(ms=1200) == T
    assert _times(T.shift(frames=25, fps=25))[0] == (1000, 2000)
    assert _times(T.stretch(2)) == [(0, 2000), (4000, 6000), (8000, 10000)]
    assert _times(T.transform_framerate(25, 50))[1] == (1000, 1500)
    assert _times(T.sync_points([(0, 1000), (4000, 9000)]))[1] == (5000, 7000)
    with pytest.raises(UsageError):
        T.stretch(0)
    with pytest.raises(UsageError):
        T.sync_points([(0, 1000), (4000, 500)])  # would reverse the cues


@pytest.mark.parametrize(
    "edit",
    [
        lambda t: t.shift(s=float("nan")),
        lambda t: t.shift(ms=float("inf")),
        lambda t: t.shift(frames=float("nan"), fps=25),
        lambda t: t.shift(frames=1, fps=0.001),
        lambda t: t.transform_framerate(float("nan"), 25),
        lambda t: t.transform_framerate(25, 1e400),
        lambda t: t.transform_framerate(25, 0.0001),
        lambda t: t.stretch(float("nan")),
    ],
)
def test_a_number_that_is_no_time_or_rate_is_a_usage_error(edit: Callable[[Track], Track]) -> None:
    """``shift(s=nan)`` and ``transform_framerate(nan, 25)`` raised ``ValueError: Invalid literal
    for Fraction``; every bad argument of an edit is a ``UsageError`` naming it."""
    with pytest.raises(UsageError, match=r"invalid (s=|ms=|frames=|fps=|from_fps=|to_fps=|stretch factor )"):
        edit(T)


def test_sorted_and_merge() -> None:
    shuffled = T.with_cues([T[2], T[0], T[1]])
    assert shuffled.sorted() == T
    other = Track((Cue(1000, 1500, ("x",)), Cue(None, None, ("untimed",))))
    assert [c.text for c in T.merge(other)] == ["a", "x", "b", "c", "untimed"]
    assert [c.text for c in T.merge(other.cues)] == ["a", "x", "b", "c", "untimed"]


@given(worded_tracks(), st.integers(-(10**7), 10**7))
def test_shift_moves_every_time_and_every_word(track: Track, offset: int) -> None:
    moved = track.shift(ms=offset)
    for a, b in zip(track, moved, strict=True):
        assert (b.start, b.end) == (a.start + offset, a.end + offset)  # type: ignore[operator]
        assert [(w.start - offset, w.end - offset, w.text) for w in b.words] == [
            (w.start, w.end, w.text) for w in a.words
        ]
        assert (b.text, b.spans, b.speaker) == (a.text, a.spans, a.speaker)
    assert moved.shift(ms=-offset) == track


@given(
    worded_tracks(),
    st.sampled_from([(23.976, 25), (25, 23.976), (24, 25), (Fraction(24000, 1001), 25), (30, 29.97)]),
)
def test_framerate_moves_words_with_their_cue(track: Track, rates: tuple[float, float]) -> None:
    moved = track.transform_framerate(*rates)
    ratio = framerate_ratio(*rates)
    for a, b in zip(track, moved, strict=True):
        assert b.start == round_half_up(a.start * ratio)  # type: ignore[operator]
        for wa, wb in zip(a.words, b.words, strict=True):
            assert (wb.start, wb.end) == (round_half_up(wa.start * ratio), round_half_up(wa.end * ratio))
            assert b.start <= wb.start <= wb.end <= b.end  # type: ignore[operator]  # order kept


@given(
    worded_tracks(),
    st.lists(st.tuples(st.integers(0, 10**7), st.integers(1, 3000)), min_size=1, max_size=4, unique_by=lambda p: p[0]),
)
def test_sync_points_is_monotonic_and_hits_its_points(track: Track, raw: list[tuple[int, int]]) -> None:
    # build increasing new times: new = cumulative sum of positive steps
    raw.sort()
    points, acc = [], 0
    for old, step in raw:
        acc += step * 3
        points.append((old, acc))
    fn = piecewise(points)
    assert [fn(o) for o, _ in points] == [n for _, n in points]
    moved = track.sync_points(points)
    flat_a = [t for c in track for t in (c.start, *[x for w in c.words for x in (w.start, w.end)], c.end)]
    flat_b = [t for c in moved for t in (c.start, *[x for w in c.words for x in (w.start, w.end)], c.end)]
    pairs = list(zip(flat_a, flat_b, strict=True))
    for (x0, y0), (x1, y1) in pairwise(pairs):
        assert (x0 <= x1) <= (y0 <= y1)  # type: ignore[operator]  # order never reversed


def test_offsets_and_points_parse() -> None:
    assert parse_offset("+2.5s") == 2500
    assert parse_offset("-00:00:01.200") == -1200
    assert parse_points("0:00:10=0:00:12") == [(10_000, 12_000)]
    for bad in ("2.5x", "+", "1:99", "9" * 5000):
        with pytest.raises(UsageError):
            parse_offset(bad)
    with pytest.raises(UsageError):
        parse_points("0:10")


def test_process_takes_the_format_from_the_track() -> None:
    track = subconv.loads("1\n00:00:01,000 --> 00:00:02,500\nHello\n")
    assert track.format == "srt"
    page = subconv.loads("Hello there. How are you?", "page")
    assert page.format == "page"
    assert subconv.process(track) == track
    timed = subconv.process(page, subconv.Options(), Report())
    assert timed.timed
    # the old form keeps working
    assert subconv.process(page, "page", subconv.Options(), Report()) == timed
    assert subconv.process(track, "srt", report=Report()) == track
    with pytest.raises(TypeError):
        subconv.process(track, 5)  # type: ignore[call-overload]


def test_a_slice_removes_its_cues_as_del_on_a_list() -> None:
    """``remove`` was typed ``int`` while it took a slice; indexing takes one, so it does too."""
    assert [c.text for c in T.remove(slice(0, 2))] == ["c"]
    assert [c.text for c in T.remove(slice(None, None, 2))] == ["b"]
    assert T.remove(slice(5, 9)) == T


@pytest.mark.parametrize(
    ("habit", "error", "says"),
    [
        # pysubs2's SSAFile is a list of events: each of its habits here says what a track does
        (lambda t: t.remove(t[1]), TypeError, "pass its index, track.remove(track.index(cue))"),
        (lambda t: t.remove("1"), TypeError, "Track.remove() takes a cue's index (an int, or a slice), not str"),
        (lambda t: t.set(t[1], t[0]), TypeError, "track.set(track.index(old), new)"),
        (lambda t: t.remove(3), IndexError, "no cue at index 3: the track has 3 cues (indices 0 to 2, or -3 to -1)"),
        (lambda t: t.remove(-4), IndexError, "the track has 3 cues"),
        (lambda t: t.set(7, t[0]), IndexError, "no cue at index 7: the track has 3 cues"),
        (lambda t: t[:0].remove(0), IndexError, "no cue at index 0: the track has no cues"),
        (lambda t: t[0].replace(text="x"), TypeError, "use cue.with_text(text)"),
        (lambda t: t[0].replace(strat=5), TypeError, "a cue's fields are start, end, lines,"),
        (lambda t: t.replace(events=[]), TypeError, "a track's fields are cues, language, title"),
        (lambda t: t.__setitem__(0, t[1]), TypeError, "track = track.set(index, cue)"),
        (lambda t: t.__delitem__(0), TypeError, "track = track.remove(index)"),
        (lambda t: t.sort(), AttributeError, "track = track.sorted()"),
        (lambda t: t.events, AttributeError, "track.cues"),
    ],
)
def test_a_pysubs2_habit_says_what_a_track_does_instead(
    habit: Callable[[Track], object], error: type[Exception], says: str
) -> None:
    with pytest.raises(error) as caught:
        habit(T)
    assert says in str(caught.value)


def test_the_habits_leave_everything_else_as_it_was() -> None:
    """A track still has no ``sort`` (``hasattr``), pickles and copies, and its other names fail
    as Python's do; an index of numpy's kind is taken as a list takes it."""
    import copy
    import pickle

    assert not hasattr(T, "sort") and not hasattr(T, "no_such_name")
    with pytest.raises(AttributeError, match=r"^'Track' object has no attribute 'no_such_name'$"):
        T.no_such_name  # type: ignore[attr-defined]  # noqa: B018
    assert pickle.loads(pickle.dumps(T)) == copy.deepcopy(T) == copy.copy(T) == T
    numpy = pytest.importorskip("numpy")
    assert T.remove(numpy.int64(1)) == T.remove(1) and T.set(numpy.int64(0), T[1])[0] == T[1]


def test_writing_a_file_name_of_a_format_subconv_only_reads_says_so(tmp_path: Path) -> None:
    """``write(track, "x.smi")`` said it could not tell the format (``dumps`` says subconv reads
    SAMI but cannot write it); ``convert -o x.smi`` wrote SRT under that name, exit 0."""
    from tests.clirun import run_subconv

    with pytest.raises(subconv.UnknownFormatError, match="subconv can read sami but cannot write it"):
        subconv.write(T, tmp_path / "x.smi")
    src = tmp_path / "a.srt"
    src.write_text("1\n00:00:01,000 --> 00:00:02,000\nHello\n", encoding="utf-8")
    done = run_subconv("convert", str(src), "-o", str(tmp_path / "x.smi"))
    assert done.returncode == 2 and "subconv can read sami but cannot write it" in done.stderr
    assert not (tmp_path / "x.smi").exists()

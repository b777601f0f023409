"""The model's promises: immutability, value equality, hashing, pickling."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
import typing
from collections.abc import Callable

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import subconv
from subconv import Cue, FrozenMap, ParseError, Span, Track
from subconv.model import EMPTY, moved_words, text_changes

text_lines = st.lists(st.text(min_size=1, max_size=20).filter(lambda s: "\n" not in s), min_size=1, max_size=3)
extras = st.dictionaries(st.sampled_from(["vtt.id", "ass.style", "align"]), st.text(max_size=10), max_size=3)


@st.composite
def cues(draw: st.DrawFn) -> Cue:
    start = draw(st.integers(0, 10**8))
    end = start + draw(st.integers(0, 10**6))
    return Cue(
        start,
        end,
        tuple(draw(text_lines)),
        speaker=draw(st.none() | st.text(max_size=5)),
        extras=typing.cast(FrozenMap, draw(extras)),
        origin=draw(st.sampled_from(["given", "anchor", "estimated", "aligned"])),
        confidence=draw(st.none() | st.sampled_from([0.0, 0.5, 1.0])),
    )


@given(cues())
def test_cue_pickles_and_hashes_by_value(cue: Cue) -> None:
    back = pickle.loads(pickle.dumps(cue))
    assert back == cue
    assert hash(back) == hash(cue)
    assert isinstance(back.extras, FrozenMap)


@given(cues(), cues())
def test_equality_compares_every_field_but_source_line(a: Cue, b: Cue) -> None:
    fields = [f.name for f in dataclasses.fields(Cue) if f.compare]
    same = all(getattr(a, f) == getattr(b, f) for f in fields)
    assert (a == b) == same
    assert a.replace(source_line=7) == a


def test_timing_origin_and_confidence_are_typed_fields_that_take_part_in_equality() -> None:
    given = Cue(1000, 2000, ("Hi",))
    assert (given.origin, given.confidence, given.extras) == ("given", None, FrozenMap())
    estimated = given.replace(origin="estimated")
    aligned = given.replace(origin="aligned", confidence=0.87)
    assert estimated != given and aligned != given.replace(origin="aligned")
    back = pickle.loads(pickle.dumps(aligned))
    assert (back.origin, back.confidence) == ("aligned", 0.87) and back == aligned
    assert "timing" not in aligned.extras and "confidence" not in aligned.extras


def test_cue_is_immutable() -> None:
    cue = Cue(0, 1000, ("a",), extras=typing.cast(FrozenMap, {"k": "v"}))
    with pytest.raises(dataclasses.FrozenInstanceError):
        cue.start = 5  # type: ignore[misc]
    with pytest.raises(TypeError):
        cue.extras["k"] = "w"  # type: ignore[index]


def test_track_pickles_with_meta_and_spans() -> None:
    t = Track(
        (Cue(0, 10, ("ab",), spans=(Span(0, 1, "i"),)),),
        language="en",
        meta=typing.cast(FrozenMap, {"vtt.blocks": ("NOTE x",)}),
    )
    assert pickle.loads(pickle.dumps(t)) == t
    assert hash(t) == hash(pickle.loads(pickle.dumps(t)))


def test_errors_pickle_with_their_attributes() -> None:
    e = ParseError("srt", "bad timestamp", line=4, column=2, snippet="00:0x")
    back = pickle.loads(pickle.dumps(e))
    assert (back.format, back.line, back.column, back.snippet, str(back)) == ("srt", 4, 2, "00:0x", str(e))
    for cls in (subconv.UnknownFormatError, subconv.EncodingError, subconv.WriteError, subconv.UsageError):
        err = cls("msg")
        assert isinstance(err, subconv.SubconvError)
        assert str(pickle.loads(pickle.dumps(err))) == "msg"


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: subconv.Track(()).transform_framerate(0, 25), subconv.UsageError),  # pysubs2: ValueError
        (lambda: subconv.Options(dedupe="none"), subconv.UsageError),  # type: ignore[arg-type]
        (lambda: subconv.loads("1\n00:00:01,000 --> 00:00:0x,000\nHi\n", "srt"), subconv.ParseError),
        (lambda: subconv.dumps(subconv.Track(()), "nope"), subconv.UnknownFormatError),
        (lambda: subconv.dumps(subconv.Track((Cue(None, None, ("a",)),)), "srt"), subconv.WriteError),
        (lambda: subconv.read(b"\xff\xfe\x00", encoding="hex"), subconv.EncodingError),
    ],
)
def test_an_error_about_a_value_given_is_a_value_error(call: Callable[[], object], error: type[Exception]) -> None:
    """Code ported from pysubs2 (``except ValueError``) catches subconv's errors about a value
    given; before, ``transform_framerate(0, 25)`` raised a ``UsageError`` that was no ``ValueError``."""
    with pytest.raises(ValueError) as caught:
        call()
    assert type(caught.value) is error and isinstance(caught.value, subconv.SubconvError)
    assert str(pickle.loads(pickle.dumps(caught.value))) == str(caught.value)


def test_a_media_error_is_not_a_value_error() -> None:
    """A program or a file that cannot be run or read is no fault of a value given."""
    assert not issubclass(subconv.MediaError, ValueError) and issubclass(subconv.MediaError, subconv.SubconvError)


def test_the_library_leaves_the_garbage_collector_alone_and_the_command_line_pauses_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reading, processing and writing change no process-wide state; a conversion run as the
    command line runs it (:func:`subconv.runner.capture`) pauses the cyclic collector and
    restores it afterwards, after an error too, and leaves it off if it was off."""
    import gc

    from subconv import formats
    from subconv.formats import WriteOptions
    from subconv.options import Options
    from subconv.pipeline import Context, run
    from subconv.report import Report
    from subconv.runner import capture

    calls: list[str] = []
    real_disable = gc.disable

    def disable() -> None:
        calls.append("disable")
        real_disable()

    monkeypatch.setattr(gc, "disable", disable)
    track = formats.get("srt").read("1\n00:00:01,000 --> 00:00:02,000\nHi\n", Report())
    with pytest.raises(ParseError):
        formats.get("srt").read("no timing line here\n", Report())
    writer = formats.get("vtt").write
    assert writer is not None
    writer(track, WriteOptions(), Report())
    run(track, Context("page", Options()), Report())
    assert calls == [] and gc.isenabled()

    seen: list[bool] = []
    assert capture("x", Report(), lambda: seen.append(gc.isenabled())).status == 0
    assert seen == [False] and gc.isenabled()

    def fail() -> None:
        raise ParseError("srt", "bad", line=1)

    assert capture("x", Report(), fail).status == 1 and gc.isenabled()
    real_disable()
    try:
        capture("x", Report(), lambda: None)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_no_extras_is_always_the_one_empty_map() -> None:
    # the writers write a cue as it is only when its extras are EMPTY (an identity test, per cue):
    # a cue made with an empty mapping, read from a page, or unpickled in a worker must hold it
    import pickle

    from subconv.model import EMPTY, FrozenMap
    from subconv.pages import read_page
    from subconv.report import Report

    made = [
        Cue(0, 1, ("a",), extras=typing.cast(FrozenMap, {})),
        Cue(0, 1, ("a",), extras=FrozenMap()),
        Cue(0, 1, ("a",)),
    ]
    page = list(read_page("one line\nanother line\n", Report()).cues)
    for cue in made + page + [pickle.loads(pickle.dumps(c)) for c in made + page]:
        assert cue.extras is EMPTY
    kept = pickle.loads(pickle.dumps(Cue(0, 1, ("a",), extras=typing.cast(FrozenMap, {"k": "v"}))))
    assert dict(kept.extras) == {"k": "v"}


# -- the cue's memory (issue 14, item 18) and its behaviour, as the plain dataclass it was ---------


def _sbv(n: int, lines: int) -> str:
    def ts(ms: int) -> str:
        h, rest = divmod(ms, 3_600_000)
        m, rest = divmod(rest, 60_000)
        return f"{h}:{m:02d}:{rest // 1000:02d}.{rest % 1000:03d}"

    return "".join(
        f"{ts(k * 2000)},{ts(k * 2000 + 1500)}\n" + "".join(f"line {k}.{j}\n" for j in range(lines)) + "\n"
        for k in range(n)
    )


@pytest.mark.parametrize(("lines", "most"), [(1, 290), (2, 300)])
def test_a_read_cue_costs_little_more_than_its_text_and_times(lines: int, most: int) -> None:
    """What a track read from a large input keeps a cue at, measured with ``tracemalloc``: the
    cue object, its text, its start, end and source line (integers of 32 bytes each past 255),
    its place in the track.  A 50 MB input of short cues holds about 900,000 of them, and the
    goal is 4 bytes of memory a byte of input (+100 MB): about 240 bytes a cue.  As a ten-slot
    dataclass with a tuple of lines, a one-line cue here took about 330 bytes, a two-line one
    390; held in four slots, its lines joined, about 240 either."""
    import gc
    import tracemalloc

    n = 20_000
    text = _sbv(n, lines)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        track = subconv.loads(text, "sbv")
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert len(track) == n and track[7].lines == tuple(f"line 7.{j}" for j in range(lines))
    assert kept / n <= most, f"{kept / n:.0f} bytes a cue"


@dataclasses.dataclass(frozen=True, slots=True)
class _PlainCue:
    """The cue as it was (a ten-slot frozen dataclass): the reference of the property below."""

    start: int | None
    end: int | None
    lines: tuple[str, ...]
    spans: tuple[Span, ...] = ()
    speaker: str | None = None
    extras: FrozenMap = EMPTY
    source_line: int | None = dataclasses.field(default=None, compare=False)
    words: tuple[subconv.Word, ...] = ()
    origin: str = "given"
    confidence: float | None = None


_FIELDS = [f.name for f in dataclasses.fields(Cue)]
# lines as readers give them, and the odd ones: none, empty, a line holding a newline
_any_lines = st.lists(st.text(alphabet="ab \n", max_size=4), max_size=3).map(tuple) | st.sampled_from(
    [(), ("",), ("", ""), ("a\nb",), ("a\n", "b"), ("\n",)]
)


@st.composite
def _fields(draw: st.DrawFn) -> dict[str, object]:
    start = draw(st.none() | st.integers(-(10**6), 10**9))
    text = draw(_any_lines)
    return {
        "start": start,
        "end": draw(st.none() | st.integers(-(10**6), 10**9)),
        "lines": text,
        "spans": draw(st.sampled_from([(), (Span(0, 1, "i"),)])),
        "speaker": draw(st.none() | st.sampled_from(["", "Ann"])),
        "extras": draw(st.sampled_from([FrozenMap(), FrozenMap({"vtt.id": "1"})])),
        "source_line": draw(st.none() | st.integers(1, 10**6)),
        "words": draw(st.sampled_from([(), (subconv.Word(0, 5, "a"),)])),
        "origin": draw(st.sampled_from(["given", "anchor", "estimated", "aligned"])),
        "confidence": draw(st.none() | st.sampled_from([0.0, 0.5])),
    }


def _as_plain(cue: Cue) -> _PlainCue:
    return _PlainCue(**{f: getattr(cue, f) for f in _FIELDS})


@given(_fields(), _fields(), st.sampled_from(_FIELDS))
@example(  # (new lines drop the time of a word the old text does not hold: replace moves words)
    {"start": None, "end": None, "lines": ("", ""), "words": (subconv.Word(0, 5, "a"),)},
    {"start": None, "end": None, "lines": ()},
    "lines",
)
def test_a_cue_behaves_as_the_ten_slot_dataclass_it_was(a: dict[str, object], b: dict[str, object], name: str) -> None:
    """Whatever a cue holds, it gives back every field as given, compares, hashes, prints,
    pickles, copies and is replaced as the plain frozen dataclass of the same fields does."""
    import copy

    ca, cb = Cue(**a), Cue(**b)  # type: ignore[arg-type]
    pa, pb = _PlainCue(**a), _PlainCue(**b)  # type: ignore[arg-type]
    assert [getattr(ca, f) for f in _FIELDS] == [getattr(pa, f) for f in _FIELDS]
    assert ca.extras is EMPTY or ca.extras
    assert (ca == cb) == (pa == pb) and (ca != cb) == (pa != pb)
    assert hash(ca) == hash(pa)
    assert repr(ca) == repr(pa).replace("_PlainCue(", "Cue(", 1)
    assert ca.text == "\n".join(pa.lines)
    for back in (pickle.loads(pickle.dumps(ca)), copy.copy(ca), copy.deepcopy(ca), dataclasses.replace(ca)):
        assert type(back) is Cue and back == ca and back.source_line == ca.source_line
    changed = {name: b[name]}
    expected = dataclasses.replace(pa, **changed)  # type: ignore[arg-type]
    assert _as_plain(dataclasses.replace(ca, **changed)) == expected  # type: ignore[arg-type]
    if name == "lines":  # (``replace`` moves the word times with the text, as ``with_text`` does)
        old, new = ca.text, "\n".join(expected.lines)
        expected = dataclasses.replace(expected, words=moved_words(pa.words, old, new, text_changes(old, new)))
    assert _as_plain(ca.replace(**changed)) == expected  # type: ignore[arg-type]
    assert ca.replace(**changed).source_line == dataclasses.replace(pa, **changed).source_line  # type: ignore[arg-type]
    times = {"start": b["start"], "end": b["end"]}
    assert _as_plain(ca.replace(**times)) == dataclasses.replace(pa, **times)  # type: ignore[arg-type]
    moved = ca.shifted(5)
    assert (moved.start, moved.end, moved.words, moved.source_line) == (
        None if ca.start is None else ca.start + 5,
        None if ca.end is None else ca.end + 5,
        tuple(w.shifted(5) for w in ca.words),
        ca.source_line,
    )
    assert _as_plain(moved.replace(start=ca.start, end=ca.end, words=ca.words)) == pa
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(ca, name, 1)
    assert Cue.__match_args__ == _PlainCue.__match_args__ and dataclasses.is_dataclass(ca)
    assert [(f.name, f.default, f.compare) for f in dataclasses.fields(Cue)] == [
        (f.name, f.default, f.compare) for f in dataclasses.fields(_PlainCue)
    ]
    params = inspect.signature(Cue).parameters.values()
    assert [(p.name, p.default, p.kind) for p in params] == [
        (p.name, p.default, p.kind) for p in inspect.signature(_PlainCue).parameters.values()
    ]
    assert list(typing.get_type_hints(Cue)) == _FIELDS


@given(st.text(max_size=12))
def test_a_cue_refuses_its_text_as_one_str_instead_of_a_tuple_of_lines(text: str) -> None:
    """``Cue(0, 1, "text")`` once made one line a character (pysubs2's habit of a str text)."""
    with pytest.raises(TypeError, match="tuple of lines, not a str"):
        Cue(1000, 2000, text)  # type: ignore[arg-type]
    assert Cue(1000, 2000, tuple(text.split("\n"))).text == text  # (what the message says to do)


class _Millis:
    """An integer of another type (as numpy's): has ``__index__``, is not an ``int``."""

    def __init__(self, value: int) -> None:
        self.value = value

    def __index__(self) -> int:
        return self.value


@given(
    st.floats(allow_nan=True, allow_infinity=True) | st.booleans() | st.just("1000"),
    st.sampled_from(["start", "end"]),
)
def test_a_cue_refuses_times_that_are_not_integer_milliseconds(bad: object, name: str) -> None:
    """Float times (``s * 1000``) once passed and failed in the writer (``list indices must be
    integers``); now they fail when the cue is made, re-timed by ``replace`` or ``map_times``."""
    fields: dict[str, object] = {"start": 1000, "end": 2000, name: bad}
    with pytest.raises(TypeError, match=f"Cue {name} must be integer milliseconds"):
        Cue(fields["start"], fields["end"], ("x",))  # type: ignore[arg-type]
    cue = Cue(1000, 2000, ("x",), source_line=3)
    with pytest.raises(TypeError, match=f"Cue {name} must be integer milliseconds"):
        cue.replace(**{name: bad})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Cue start must be integer milliseconds"):
        cue.map_times(lambda t: bad)  # type: ignore[arg-type,return-value]
    with pytest.raises(TypeError, match="must be integer milliseconds"):
        Track((cue,)).map_times(lambda t: t * 1.5)  # type: ignore[arg-type,return-value]


@given(st.integers(-(10**12), 10**12))
def test_an_integer_of_another_type_is_taken_as_an_int(ms: int) -> None:
    cue = Cue(_Millis(ms), _Millis(ms + 1), ("x",))  # type: ignore[arg-type]
    assert (type(cue.start), type(cue.end)) == (int, int) and (cue.start, cue.end) == (ms, ms + 1)
    assert subconv.dumps(Track((Cue(_Millis(1000), 2000, ("x",)),)), "srt").startswith("1\n00:00:01,000 -->")  # type: ignore[arg-type]

"""The model's promises: immutability, value equality, hashing, pickling."""

from __future__ import annotations

import dataclasses
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subconv
from subconv import Cue, FrozenMap, ParseError, Span, Track

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
        extras=draw(extras),
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
    cue = Cue(0, 1000, ("a",), extras={"k": "v"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        cue.start = 5  # type: ignore[misc]
    with pytest.raises(TypeError):
        cue.extras["k"] = "w"  # type: ignore[index]


def test_track_pickles_with_meta_and_spans() -> None:
    t = Track((Cue(0, 10, ("ab",), spans=(Span(0, 1, "i"),)),), language="en", meta={"vtt.blocks": ("NOTE x",)})
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
    monkeypatch.setattr(gc, "disable", lambda: (calls.append("disable"), real_disable())[1])
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

    made = [Cue(0, 1, ("a",), extras={}), Cue(0, 1, ("a",), extras=FrozenMap()), Cue(0, 1, ("a",))]
    page = list(read_page("one line\nanother line\n", Report()).cues)
    for cue in made + page + [pickle.loads(pickle.dumps(c)) for c in made + page]:
        assert cue.extras is EMPTY
    kept = pickle.loads(pickle.dumps(Cue(0, 1, ("a",), extras={"k": "v"})))
    assert dict(kept.extras) == {"k": "v"}

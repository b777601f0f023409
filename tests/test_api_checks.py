"""More arguments refused at the call, naming the argument (``docs/api.md``, "Arguments are
checked where they are given"): ``report=``, the cues given to ``with_cues``, what the exchange
methods take, an empty path, the writers' whole-number extras and a ``Span``'s fields.  Each
once failed deep inside (an ``AttributeError``, ``invalid literal for int()``) or was taken."""

from __future__ import annotations

import dataclasses
import os
import pickle
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subconv
import subconv.api
import subconv.batch
from subconv import Cue, Span, Track

SRT = "1\n00:00:01,000 --> 00:00:02,500\nHello there\n"
#: (typed as anything: the calls below give the wrong types on purpose)
S: Any = subconv
T: Any = subconv.loads(SRT)
AnySpan: Any = Span
AnyTrack: Any = Track

#: every public function taking ``report=``, called with ``report=BAD``
REPORT_CALLS: dict[str, Callable[[Any], object]] = {
    "read()": lambda bad: S.read(SRT.encode(), report=bad),
    "loads()": lambda bad: S.loads(SRT, report=bad),
    "loads_pieces()": lambda bad: subconv.api.loads_pieces([SRT], report=bad),
    "process()": lambda bad: S.process(T, report=bad),
    "process_streamed()": lambda bad: subconv.api.process_streamed(T, subconv.Options(), bad),
    "dump_feed()": lambda bad: list(subconv.api.dump_feed(T, iter(T.cues), "srt", report=bad)),
    "dumps()": lambda bad: S.dumps(T, report=bad),
    "dump_pieces()": lambda bad: list(S.dump_pieces(T, report=bad)),
    "write()": lambda bad: S.write(T, os.devnull, "srt", report=bad),
    "convert()": lambda bad: S.convert(SRT.encode(), report=bad),
}


@given(
    st.sampled_from(sorted(REPORT_CALLS)),
    st.text(max_size=5) | st.lists(st.integers(), max_size=2) | st.integers() | st.just(Path("r.json")),
)
def test_a_report_that_is_not_a_report_is_a_type_error_naming_report(call: str, bad: object) -> None:
    """``loads(text, report="r.json")`` (the command line's ``--report FILE``) failed with
    ``'str' object has no attribute 'info'``; ``dumps(track, report="x")`` took it until the
    writer had something to say."""
    with pytest.raises(TypeError, match="^" + re.escape(call) + r" report= takes a subconv\.Report"):
        REPORT_CALLS[call](bad)


#: every public function taking ``encoding=``, called with ``encoding=BAD``
ENCODING_CALLS: dict[str, Callable[[Any], object]] = {
    "read()": lambda bad: S.read(SRT.encode(), encoding=bad),
    "convert()": lambda bad: S.convert(SRT.encode(), encoding=bad),
    "atomic_write_text()": lambda bad: S.atomic_write_text(os.devnull, SRT, encoding=bad),
    "convert_many()": lambda bad: list(subconv.batch.convert_many([os.devnull], os.devnull, encoding=bad)),
}


@given(
    st.sampled_from(sorted(ENCODING_CALLS)),
    st.integers() | st.floats(allow_nan=False) | st.binary(max_size=8) | st.lists(st.text(max_size=3), max_size=2),
)
def test_an_encoding_that_is_not_a_name_is_a_type_error_naming_encoding(call: str, bad: object) -> None:
    """``read(path, encoding=123)`` failed in Python's codec lookup (``lookup() argument must be
    str, not int``), naming no argument; each entry point taking ``encoding=`` names it."""
    with pytest.raises(TypeError, match="^" + re.escape(call) + r" encoding= takes a codec's name \(a str"):
        ENCODING_CALLS[call](bad)


def test_an_encoding_given_as_bytes_gets_a_hint_and_none_is_detection() -> None:
    with pytest.raises(TypeError, match=r"not bytes: give its name as a str: encoding='utf-8'"):
        S.read(SRT.encode(), encoding=b"utf-8")
    assert S.read(SRT.encode(), encoding=None) == S.read(SRT.encode(), encoding="utf-8") == T
    with pytest.raises(TypeError, match=r"^atomic_write_text\(\) encoding= .*, not NoneType"):
        S.atomic_write_text(os.devnull, SRT, encoding=None)


def test_a_report_file_name_gets_a_hint() -> None:
    with pytest.raises(TypeError, match=r"not str: pass a subconv\.Report\(\) and write it with report\.to_json"):
        S.loads(SRT, report="r.json")


def test_every_call_still_takes_a_report_or_none() -> None:
    for call in REPORT_CALLS.values():
        call(None)
        call(subconv.Report())


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: T.with_cues([("x", 1)]), r"a track holds Cue objects, not tuple \('x', 1\)"),
        (lambda: T.with_cues("ab"), r"Track cues must be an iterable of Cue objects, not str 'ab'"),
        (lambda: T.with_cues(None), r"Track cues must be an iterable of Cue objects, not NoneType"),
        (lambda: T.with_cues(x for x in [1]), r"a track holds Cue objects, not int"),
        (lambda: AnyTrack.from_pysubs2(None), r"from_pysubs2\(\) takes a pysubs2\.SSAFile, not NoneType"),
        (lambda: AnyTrack.from_pysubs2("a.srt"), r"takes a pysubs2\.SSAFile, not str: load a file with pysubs2\.load"),
        (lambda: AnyTrack.from_webvtt(None), r"from_webvtt\(\) takes a webvtt\.WebVTT, not NoneType"),
        (lambda: AnyTrack.from_webvtt("a.vtt"), r"takes a webvtt\.WebVTT, not str: load a file with webvtt\.read"),
        (lambda: AnySpan(0, 1, "x"), r"Span kind must be one of 'i', 'b', 'u', 's', not str 'x'"),
        (lambda: AnySpan(0, 1, None), r"Span kind must be one of .*not NoneType"),
    ],
)
def test_a_wrong_type_is_refused_at_the_call(call: Any, message: str) -> None:
    with pytest.raises(TypeError, match=message):
        call()


def test_with_cues_takes_what_track_takes() -> None:
    cues = [Cue(0, 1000, ("a",)), Cue(2000, 3000, ("b",))]
    assert T.with_cues(cues) == T.with_cues(iter(cues)) == T.with_cues(tuple(cues)) == T.replace(cues=cues)
    assert T.with_cues(cues).cues == tuple(cues)


@given(st.floats() | st.booleans() | st.none() | st.just("3"), st.sampled_from(["start", "end"]), st.integers(0, 9))
def test_a_span_refuses_bounds_that_are_not_integers(bad: object, name: str, other: int) -> None:
    """``Span(0.5, 3, "i")`` was taken, then the writers failed (``slice indices must be
    integers``), as ``Span(None, None, "i")`` did (``'<=' not supported``)."""
    bounds: dict[str, object] = {"start": other, "end": other, name: bad}
    with pytest.raises(TypeError, match=rf"Span {name} must be an integer \(a position in the cue's text\)"):
        AnySpan(bounds["start"], bounds["end"], "i")


class _Index:
    """An integer of another type (as numpy's): has ``__index__``, is not an ``int``."""

    def __index__(self) -> int:
        return 2


def test_a_span_is_still_a_frozen_dataclass_of_ints() -> None:
    span = AnySpan(_Index(), _Index(), "b")
    assert (type(span.start), type(span.end), span) == (int, int, Span(2, 2, "b"))
    assert span.__class__.__dataclass_params__.frozen
    with pytest.raises(AttributeError):
        span.start = 3
    assert dataclasses.replace(span, end=4) == Span(2, 4, "b") and pickle.loads(pickle.dumps(span)) == span
    assert hash(span) == hash(Span(2, 2, "b")) and repr(span) == "Span(start=2, end=2, kind='b')"


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: S.read(""), "read()"),
        (lambda: S.atomic_write_text("", "x"), "atomic_write_text()"),
        (lambda: S.write(T, "", "srt"), "write()"),
        (lambda: S.write(T, ""), "write()"),
        (lambda: S.convert(""), "read()"),
    ],
)
def test_an_empty_path_is_a_usage_error_as_on_the_command_line(
    call: Any, name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``read("")`` said ``Is a directory: '.'``; ``write(track, "", "srt")`` made a temporary
    file, then said ``Device or resource busy: ''``."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(
        subconv.UsageError,
        match="^" + re.escape(name) + " path is an empty name: give a file name",
    ):
        call()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("format", [None, "srt"])
def test_write_to_a_folder_name_is_refused_for_what_it_is_with_or_without_a_format(
    format: str | None, tmp_path: Path
) -> None:
    """``docs/robustness.md``: ``write(track, "newdir/")`` is ``NotADirectoryError``; without a
    format it was ``UnknownFormatError``, and following its advice gave the other error."""
    with pytest.raises(NotADirectoryError):
        S.write(T, f"{tmp_path / 'newdir'}/", format)
    (tmp_path / "there").mkdir()
    with pytest.raises(IsADirectoryError):
        S.write(T, f"{tmp_path / 'there'}/", format)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["there"] and not any((tmp_path / "there").iterdir())


@given(
    st.sampled_from(["txt.pause_ms", "txt.paragraph_chars"]),
    st.text(max_size=6).filter(lambda v: not v.strip().isdigit()),
)
def test_a_whole_number_extra_that_is_not_one_is_refused_when_made(key: str, value: str) -> None:
    """``WriteOptions(extra={"txt.pause_ms": "3s"})`` failed inside the txt writer with
    ``invalid literal for int()``, naming nothing."""
    try:
        ok = int(value) >= 0
    except ValueError:
        ok = False
    if ok:  # (int() takes more than ASCII digits: what it takes from 0 is taken)
        return
    with pytest.raises(subconv.UsageError, match=rf"invalid WriteOptions\(extra=.*\): {key} must be a whole number"):
        subconv.WriteOptions(extra={key: value})


@given(st.integers(0, 10**6), st.integers(0, 10**4))
def test_a_whole_number_extra_is_taken_and_written_with(pause: int, chars: int) -> None:
    opts = subconv.WriteOptions(extra={"txt.pause_ms": str(pause), "txt.paragraph_chars": str(chars)})
    assert subconv.dumps(T, "txt", options=opts).startswith("Hello there")

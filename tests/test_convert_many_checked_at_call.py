"""``convert_many`` checks its arguments at the call, as every other entry point does: before,
it was a generator function, so a bad argument raised only when its results were first asked
for (``results = convert_many(..., to="srtt")`` went on without a word)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import subconv
from subconv.batch import convert_many

BAD: dict[str, tuple[dict[str, Any], type[Exception], str]] = {
    "format": ({"to": "srtt"}, subconv.UnknownFormatError, "unknown format 'srtt'"),
    "read-only format": ({"to": "sami"}, subconv.UsageError, "cannot write it"),
    "input format": ({"from_format": "nope"}, subconv.UnknownFormatError, "unknown format 'nope'"),
    "encoding": ({"encoding": "no-such-codec"}, subconv.EncodingError, r"encoding=: unknown encoding"),
    "output encoding": ({"output_encoding": 8}, TypeError, "output_encoding="),
    "fps": ({"fps": "25"}, TypeError, r"fps="),
    "engine": ({"engine": "spark"}, subconv.UsageError, "unknown engine 'spark'"),
    "scheduler": ({"scheduler": "tcp://x:8786"}, subconv.UsageError, "needs --engine dask"),
    "jobs": ({"jobs": 0}, subconv.UsageError, r"jobs=0"),
    "retries": ({"retries": "2"}, TypeError, r"retries= takes a whole number"),
    "options": ({"options": subconv.WriteOptions()}, TypeError, r"options= takes a subconv.Options"),
    "write options": ({"write_options": subconv.Options()}, TypeError, r"WriteOptions"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_bad_argument_raises_at_the_call(name: str, tmp_path: Path) -> None:
    kwargs, error, message = BAD[name]
    src = tmp_path / "a.srt"
    src.write_text("1\n00:00:01,000 --> 00:00:02,000\nHi\n", encoding="utf-8")
    with pytest.raises(error, match=message):
        convert_many([src], tmp_path / "out", **kwargs)  # (no list(): nothing iterated)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "call",
    [
        lambda tmp: convert_many(tmp / "missing", tmp / "out"),
        lambda tmp: convert_many(tmp / "in", tmp / "in" / "a.srt"),
        lambda tmp: convert_many(None, tmp / "out"),  # type: ignore[arg-type]
    ],
)
def test_bad_inputs_or_output_raise_at_the_call(call: Callable[[Path], object], tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nHi\n", encoding="utf-8")
    with pytest.raises((subconv.UsageError, TypeError)):
        call(tmp_path)


def test_good_arguments_still_convert_when_iterated(shared: Path, tmp_path: Path) -> None:
    src = next(iter(sorted((shared / "corpus/timed").rglob("*.srt"))))
    results = convert_many([src], tmp_path / "out", to="vtt", jobs=1)
    assert not (tmp_path / "out" / (src.stem + ".vtt")).exists()  # (converted as they are asked for)
    (result,) = list(results)
    assert result.status == "ok", result
    assert subconv.read(result.output).format == "vtt"

"""``convert_text`` and ``map_captions`` check the rest of their arguments at the call too:
``options=`` and ``write_options=`` of the wrong kind (each other's: an easy mix-up), an
``errors=`` that is no choice, a path given as the text, a name ``convert_text`` does not take.
Before, with ``errors="none"``, the options of the wrong kind made every text None (a column of
Nones, nothing said), ``errors="ignore"`` was taken as ``"none"``, a ``Path`` was converted as a
caption of its own name, and a misspelt argument failed every text when the column was computed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import subconv
from subconv.scale import convert_text, map_captions


@pytest.mark.parametrize(
    ("kwargs", "error", "said"),
    [
        ({"options": subconv.WriteOptions()}, TypeError, r"options= takes a subconv\.Options, not WriteOptions"),
        ({"write_options": subconv.Options()}, TypeError, r"write_options= takes a subconv\.WriteOptions, not Options"),
        ({"errors": "ignore"}, subconv.UsageError, r"errors='ignore': use 'none'"),
    ],
)
def test_options_of_the_wrong_kind_are_an_error_not_none(
    shared: Path, kwargs: dict[str, Any], error: type[Exception], said: str
) -> None:
    text = (shared / "corpus/odd/subsrt/sample.ass").read_text(encoding="utf-8")
    assert convert_text(text, "srt")  # (a good text)
    with pytest.raises(error, match=said):
        convert_text(text, "srt", **kwargs)
    with pytest.raises(error, match=said):
        map_captions([text], "srt", **kwargs)


def test_a_path_is_no_caption_text(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match=r"not PosixPath: read a file with subconv\.read"):
        convert_text(tmp_path / "a.srt", "srt")  # type: ignore[arg-type]


def test_a_misspelt_argument_is_refused_at_the_call() -> None:
    with pytest.raises(TypeError, match=r"map_captions\(\) got no argument 'fromat'"):
        map_captions(["x"], "srt", fromat="srt")

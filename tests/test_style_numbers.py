"""A ``Style`` takes a number of another type as the field's plain one, as a cue takes numpy's
integers: a size or scale computed with numpy (``fontsize=np.float64(30.5)``, pysubs2's "make all
styles bigger" with a numpy factor) is a ``float``, numpy's integers and ``pysubs2.Alignment`` an
``int``.  Before, a numpy float was kept and writing the style failed with
``decimal.InvalidOperation`` (its ``repr`` is no decimal), and ``marginv=np.int64(20)`` was
refused as "not a number"."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pysubs2
import pytest
from hypothesis import given
from hypothesis import strategies as st

import subconv
from subconv.formats.ass.styles import read_style, style_line

TRACK = subconv.loads("1\n00:00:01,000 --> 00:00:02,000\nHello\n")


def _line(style: subconv.Style) -> str:
    text = subconv.dumps(subconv.set_style(TRACK, style), "ass")
    return next(ln for ln in text.splitlines() if ln.startswith(f"Style: {style.name},"))


@pytest.mark.parametrize("size", [np.float64(30.5), np.float32(30.5), Fraction(61, 2), 30.5])
def test_a_size_of_another_number_type_is_a_float(size: float) -> None:
    style = subconv.Style("Sign", fontsize=size)
    assert type(style.fontsize) is float and style.fontsize == 30.5
    assert _line(style).startswith("Style: Sign,Arial,30.5,")


def test_numpys_integers_and_pysubs2s_alignment_are_ints() -> None:
    style = subconv.Style(
        "Sign",
        marginv=np.int64(20),  # type: ignore[arg-type]
        primarycolor=np.uint32(0x00FF00FF),  # type: ignore[arg-type]
        alignment=pysubs2.Alignment.TOP_CENTER,
    )
    assert (type(style.marginv), type(style.primarycolor), type(style.alignment)) == (int, int, int)
    assert _line(style).endswith(",8,10,10,20,1") and ",&H00FF00FF," in _line(style)


def test_what_is_no_number_is_still_refused() -> None:
    with pytest.raises(subconv.StyleError, match="encoding True is not a number"):
        subconv.Style("Sign", encoding=True)
    with pytest.raises(subconv.StyleError, match=r"marginv 20\.5 is not a whole number"):
        subconv.Style("Sign", marginv=20.5)  # type: ignore[arg-type]
    with pytest.raises(subconv.StyleError, match="fontsize nan is not a finite number"):
        subconv.Style("Sign", fontsize=np.float64("nan"))


@given(st.floats(min_value=0.01, max_value=1e6, allow_nan=False, allow_infinity=False))
def test_a_numpy_size_reads_back_as_written(size: float) -> None:
    style = subconv.Style("Sign", fontsize=np.float64(size))
    again = read_style(style_line(style, False)[0], False)
    assert again.fontsize == pytest.approx(size) and again.name == "Sign"

"""A pysubs2 user's values in the style API: a colour given as ``pysubs2.Color`` is taken as the
``0xAARRGGBB`` the docs equate it with (it was refused, ``is not a number``), ``import_styles``
takes a ``pysubs2.SSAFile`` as pysubs2's own does (it failed with ``AttributeError: 'SSAFile'
object has no attribute 'values'``), and a mapping of ``SSAStyle`` is a ``TypeError`` saying how
to have them as ``subconv.Style``."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pysubs2
import pytest
from hypothesis import given
from hypothesis import strategies as st

import subconv
from subconv import Style, Track

BYTE = st.integers(0, 255)


@given(BYTE, BYTE, BYTE, BYTE)
def test_a_pysubs2_colour_is_its_aarrggbb(r: int, g: int, b: int, a: int) -> None:
    colour = pysubs2.Color(r, g, b, a)
    style = Style("Sign", primarycolor=colour, backcolor=colour)  # type: ignore[arg-type]
    assert style.primarycolor == style.backcolor == a << 24 | r << 16 | g << 8 | b
    # (and pysubs2 reads the style written back with that colour)
    subs = subconv.set_style(Track(()), style).to_pysubs2()
    assert subs.styles["Sign"].primarycolor == colour


def test_a_colour_that_is_none_is_still_refused() -> None:
    with pytest.raises(subconv.StyleError, match="is not a number"):
        Style("Sign", primarycolor="red")  # type: ignore[arg-type]


def test_import_styles_takes_a_pysubs2_file(shared: Path) -> None:
    path = shared / "corpus/timed/films/SSA_The_Beekeeper_Japanese_400plus.ass"
    track = subconv.loads("1\n00:00:01,000 --> 00:00:02,000\nHi\n", "srt")
    subs = pysubs2.load(str(path))
    imported = subconv.import_styles(track, subs)  # type: ignore[arg-type]
    assert subconv.track_styles(imported) == subconv.track_styles(subconv.import_styles(track, subconv.read(path)))
    assert list(subconv.track_styles(imported)) == list(subs.styles)
    with pytest.raises(TypeError, match=r"not SSAStyle: subconv\.track_styles\(subconv\.Track\.from_pysubs2"):
        subconv.import_styles(track, subs.styles)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"import_styles\(\) takes a subconv\.Track, a pysubs2\.SSAFile"):
        subconv.import_styles(track, str(path))  # type: ignore[arg-type]


CALLS: dict[str, Callable[[Any], object]] = {
    "track_styles()": subconv.track_styles,
    "script_info()": subconv.script_info,
    "set_style()": lambda t: subconv.set_style(t, Style("Sign")),
    "remove_style()": lambda t: subconv.remove_style(t, "Default"),
    "rename_style()": lambda t: subconv.rename_style(t, "Default", "Main"),
    "import_styles()": lambda t: subconv.import_styles(t, Track(())),
    "set_info()": lambda t: subconv.set_info(t, "PlayResX", 1280),
    "remove_info()": lambda t: subconv.remove_info(t, "PlayResX"),
}


@pytest.mark.parametrize("call", sorted(CALLS))
@pytest.mark.parametrize("given", [None, [], "a.ass", pysubs2.SSAFile()])
def test_a_track_that_is_none_is_a_type_error_naming_the_call(call: str, given: object) -> None:
    """Each took anything and failed inside (``AttributeError: 'SSAFile' object has no attribute
    'meta'``); a pysubs2 file is told how to make a track of it."""
    hint = r": subconv\.Track\.from_pysubs2\(subs\)" if isinstance(given, pysubs2.SSAFile) else ""
    with pytest.raises(TypeError, match=rf"^{re.escape(call)} takes a subconv\.Track, not \w+{hint}"):
        CALLS[call](given)


def test_overwrite_is_true_or_false() -> None:
    with pytest.raises(TypeError, match="overwrite= takes True or False"):
        subconv.import_styles(Track(()), Track(()), overwrite="no")  # type: ignore[arg-type]

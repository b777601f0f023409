"""Setting an attribute of a :class:`subconv.Cue` or :class:`subconv.Track` (pysubs2's habit:
``event.text = "x"``, ``event.start = 5``) is still a ``dataclasses.FrozenInstanceError``, one
that says what to do instead (``cue.with_text(...)``, ``track = track.set(i, ...)``).  Before,
it was the bare ``cannot assign to field 'text'``.  The hint is made only when one is set: a cue
is made and read as fast as before (its slots are set past ``__setattr__``)."""

from __future__ import annotations

import copy
import dataclasses
import inspect
import pickle
import re

import pysubs2
import pytest
from hypothesis import given

import subconv
from subconv import Cue, Track
from subconv.model import FrozenMap
from tests.strategies import cues

_CUE = Cue(0, 1000, ("Hi",), speaker="Ann")
_TRACK = Track((_CUE,), title="T")


def _assignable(obj: object) -> list[str]:
    """The public attributes of ``obj`` that pysubs2 lets one set (no method, no read-only property)."""
    out = []
    for name in dir(obj):
        kind = getattr(type(obj), name, None)
        if name.startswith("_") or inspect.isroutine(kind) or (isinstance(kind, property) and kind.fset is None):
            continue
        out.append(name)
    return out


_CUE_NAMES = sorted({f.name for f in dataclasses.fields(Cue)} | set(_assignable(pysubs2.SSAEvent())) | {"text"})
_TRACK_NAMES = sorted({f.name for f in dataclasses.fields(Track)} | {"events", "styles", "info"})


def _message(obj: object, name: str, delete: bool = False) -> str:
    with pytest.raises(dataclasses.FrozenInstanceError) as info:
        if delete:
            delattr(obj, name)
        else:
            setattr(obj, name, 5)
    return str(info.value)


def test_setting_a_cue_s_text_says_with_text() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError, match=r"^cannot assign to field 'text': .*cue\.with_text\("):
        _CUE.text = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError, match=r"track = track\.set\(i, track\[i\]\.with_text\("):
        _CUE.text = "x"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError, match=r"cue\.replace\(start=ms\)"):
        _CUE.start = 5  # type: ignore[misc]


@pytest.mark.parametrize("name", _CUE_NAMES)
def test_every_cue_field_and_pysubs2_event_attribute_set_says_what_to_do(name: str) -> None:
    said = _message(_CUE, name)
    assert said.startswith(f"cannot assign to field {name!r}: a Cue is immutable: ")
    assert re.search(r"cue\.(with_text|replace)\(", said) or name == "marked", said
    assert _message(_CUE, name, delete=True).startswith(f"cannot delete field {name!r}: a Cue is immutable: ")
    assert (_CUE.start, _CUE.text, _CUE.speaker) == (0, "Hi", "Ann")  # (unchanged)


@pytest.mark.parametrize("name", _TRACK_NAMES)
def test_every_track_field_set_says_what_to_do(name: str) -> None:
    said = _message(_TRACK, name)
    assert said.startswith(f"cannot assign to field {name!r}: a Track is immutable: ")
    assert re.search(r"track = track\.\w+\(|track = subconv\.\w+\(|track\.replace\(", said), said


def test_what_the_hints_name_exists() -> None:
    """Every ``cue.x(``, ``track.x(``, ``cue.extras.x(`` and ``subconv.x(`` a hint names is there."""
    said = [_message(_CUE, n) for n in _CUE_NAMES] + [_message(_TRACK, n) for n in _TRACK_NAMES]
    named = {m.groups() for s in said for m in re.finditer(r"\b(cue\.extras|cue|track\[i\]|track|subconv)\.(\w+)\(", s)}
    owners = {"cue": _CUE, "track[i]": _CUE, "cue.extras": FrozenMap(), "track": _TRACK, "subconv": subconv}
    assert {"with_text", "replace", "set", "map_text", "shift", "with_cues"} <= {m for _, m in named}
    assert [(o, m) for o, m in named if not callable(getattr(owners[o], m, None))] == []


@given(cues())
def test_the_hint_s_edit_gives_the_text_and_cues_are_made_and_copied_as_before(cue: Cue) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        cue.text = "new"  # type: ignore[misc]
    assert cue.with_text("new").text == "new"  # (what the hint says)
    track = Track((cue,)).set(0, cue.with_text("new"))
    assert track[0].text == "new"
    assert copy.deepcopy(cue) == cue == pickle.loads(pickle.dumps(cue)) == copy.copy(cue)
    assert dataclasses.replace(cue, start=7).start == 7 and cue.replace(end=9).end == 9
    assert Cue.__getattribute__ is object.__getattribute__  # (reads as before)

"""pysubs2's ``SSAEvent`` attributes asked of a :class:`subconv.Cue` (``cue.is_drawing``,
``cue.style``, ``cue.plaintext`` ...) say what subconv has instead, as a track's ``SSAFile``
habits do.  Before, each was a bare ``AttributeError: 'Cue' object has no attribute ...``.  The
hint is a property of that name that raises (not a ``__getattr__``, which would slow every read
of a field: CPython's lookup hook then runs on each)."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import warnings
from pathlib import Path

import pysubs2
import pytest

import subconv
from subconv import Cue, Word


def _public(obj: object) -> set[str]:
    """The public names ``obj`` has: a name whose lookup raises (a pysubs2 habit's hint) is not one."""
    return {name for name in dir(obj) if not name.startswith("_") and hasattr(obj, name)}


_LACKED = sorted({name for name in dir(pysubs2.SSAEvent()) if not name.startswith("_")} - _public(Cue(0, 1, ("a",))))


def test_a_cue_lacks_pysubs2_s_event_attributes() -> None:
    assert {"is_drawing", "style", "name", "plaintext", "is_comment"} <= set(_LACKED)


@pytest.mark.parametrize("name", _LACKED)
def test_every_pysubs2_event_attribute_a_cue_lacks_says_what_to_use(name: str) -> None:
    cue = Cue(0, 1000, ("Hi",))
    with pytest.raises(AttributeError, match=f"^'Cue' object has no attribute '{name}': .+") as info:
        getattr(cue, name)
    assert info.value.args[0].count(": ") >= 1
    assert not hasattr(cue, name)


def test_other_names_are_a_plain_attribute_error_and_fields_are_read_as_before() -> None:
    cue = Cue(0, 1000, ("Hi",), words=(Word(0, 500, "Hi"),))
    with pytest.raises(AttributeError, match=r"^'Cue' object has no attribute 'nothing'$"):
        cue.nothing  # type: ignore[attr-defined]  # noqa: B018
    assert getattr(cue, "nothing", 7) == 7
    # (no ``__getattr__``: a field is read by the plain lookup; copies and pickles as before)
    assert Cue.__getattribute__ is object.__getattribute__
    assert not hasattr(Cue, "__getattr__") and not hasattr(subconv.Track, "__getattr__")
    assert copy.deepcopy(cue) == cue == pickle.loads(pickle.dumps(cue)) == copy.copy(cue)
    assert dataclasses.asdict(cue)["words"] == ({"start": 0, "end": 500, "text": "Hi"},)


_STANDARD = b"Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text"


def test_what_the_hints_say_gives_what_pysubs2_gives(shared: Path) -> None:
    """On a real ASS script: the style, name, layer, margins, effect, comment and drawing flags,
    each as the hint says to get it, against pysubs2's event."""
    checked = 0
    for path in sorted((shared / "corpus").rglob("*.ass")):
        if _STANDARD not in path.read_bytes():  # (scripts of other columns: the readers differ, docs/formats.md)
            continue
        track = subconv.read(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                subs = pysubs2.load(str(path))
            except (pysubs2.Pysubs2Error, ValueError):
                continue
        if subs.format != "ass" or [(e.start, e.end) for e in subs] != [(c.start, c.end) for c in track]:
            continue  # (read otherwise: see docs/formats.md)
        checked += 1
        for cue, event in zip(track, subs, strict=True):
            where = (path.name, cue.source_line)
            assert cue.extras.get("ass.style", "Default") == event.style, where
            assert (cue.speaker or "") == event.name.strip(), where
            assert int(cue.extras.get("ass.layer", "0")) == event.layer, where  # type: ignore[arg-type]
            for ours, theirs in (("l", event.marginl), ("r", event.marginr), ("v", event.marginv)):
                assert int(cue.extras.get(f"ass.margin_{ours}", "0")) == theirs, where  # type: ignore[arg-type]
            assert cue.extras.get("ass.effect", "") == event.effect, where
            assert (cue.extras.get("ass.comment") == "1") == event.is_comment, where
            assert subconv.is_drawing(cue) == event.is_drawing, where
    assert checked > 5

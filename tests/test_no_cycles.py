"""Reading, processing and writing leave no reference cycles behind (docs/architecture.md, "The
command line and the garbage collector"): the command line runs with the cyclic collector
paused, so an object in a cycle is never freed, and a cycle made per cue (a closure that calls
itself, a parser whose handlers refer back to their reader) keeps every cue alive."""

from __future__ import annotations

import gc
import json

import pytest

import subconv
from subconv import Report, formats
from subconv.model import Cue, Track
from subconv.options import Options

CUES = tuple(Cue(k * 1000, k * 1000 + 900, (f"line {k} <i>x</i> & more", "second line")) for k in range(200))


def _inputs() -> dict[str, tuple[str | None, str]]:
    """An input of 200 cues in every format subconv writes, and some it only reads."""
    track = Track(CUES)
    out: dict[str, tuple[str | None, str]] = {
        name: (None if name == "txt" else name, subconv.dumps(track, name)) for name in formats.writable()
    }
    out["cuelist"] = ("cuelist", json.dumps([{"start": c.start, "end": c.end, "text": c.text} for c in CUES]))
    out["page"] = (None, "".join(f"• Caption number {k} of the page.\n" for k in range(200)))
    out["html"] = (None, "<html><body><main>" + "".join(f"<p>We said this, part {k}.</p>" for k in range(200)))
    return out


def _convert(fmt: str | None, text: str) -> None:
    report = Report()
    track = subconv.process(subconv.loads(text, fmt, report=report), Options(), report)
    subconv.dumps(track, "srt", report=report)


@pytest.mark.parametrize(("name", "given"), sorted(_inputs().items()))
def test_a_conversion_leaves_no_cycles(name: str, given: tuple[str | None, str]) -> None:
    _convert(*given)  # (first: modules imported and caches filled once)
    gc.collect()
    gc.disable()
    try:
        _convert(*given)
        left = gc.collect()
    finally:
        gc.enable()
    assert left == 0, f"{name}: {left} objects were only in reference cycles"

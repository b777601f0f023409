"""An ASS script whose events all name its own styles is written with those styles only: no
unused ``Default`` added (pysubs2 adds none).  Before, one was put first in every script without
one (the corpus's ``Fade.ass``, ``alpha.ass``...), so ASS→ASS was not the script as written."""

from __future__ import annotations

from pathlib import Path

import pytest

import subconv
from subconv.formats.placement import cue_style

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"


def _scripts() -> list[Path]:
    if not SHARED.is_dir():
        return []
    return sorted(p for p in SHARED.rglob("*.ass") if p.is_file())


def _style_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("Style:")]


def test_a_script_keeps_exactly_its_own_styles_when_its_events_use_them() -> None:
    paths = _scripts()
    if not paths:
        pytest.skip("../shared/corpus is absent")
    checked = without_default = 0
    for path in paths:
        try:
            track = subconv.read(path)
        except subconv.SubconvError:
            continue
        names = set(subconv.track_styles(track))
        if track.format != "ass" or not names or any(cue_style(c) not in names for c in track):
            continue
        checked += 1
        without_default += "Default" not in names
        written = subconv.dumps(track, "ass")
        assert _style_lines(written) == list(track.meta["ass.styles"]), path
    assert checked > 40 and without_default >= 5, (checked, without_default)


def test_default_is_added_where_a_cue_is_drawn_in_it() -> None:
    """A track with no styles (from SRT), or one whose cue names a style the script lacks
    (libass draws that cue in ``Default``), still gets a readable ``Default``."""
    srt = subconv.loads("1\n00:00:01,000 --> 00:00:02,000\nHi\n", "srt")
    assert [s.split(",")[0] for s in _style_lines(subconv.dumps(srt, "ass"))] == ["Style: Default"]
    sign = subconv.set_style(srt, subconv.Style("Sign"))
    sign = sign.set(0, sign[0].replace(extras=sign[0].extras.set("ass.style", "Sign")))
    assert [s.split(",")[0] for s in _style_lines(subconv.dumps(sign, "ass"))] == ["Style: Sign"]
    missing = sign.set(0, sign[0].replace(extras=sign[0].extras.set("ass.style", "Nowhere")))
    assert [s.split(",")[0] for s in _style_lines(subconv.dumps(missing, "ass"))] == ["Style: Default", "Style: Sign"]

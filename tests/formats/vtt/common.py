"""Strategies and helpers shared by the WebVTT tests."""

from __future__ import annotations

from pathlib import Path

from hypothesis import strategies as st

from subconv.formats import WriteOptions
from subconv.formats.vtt import read, write
from subconv.model import FrozenMap, Track
from subconv.report import Report
from tests.strategies import tracks

SHARED = Path(__file__).resolve().parents[3] / ".." / "shared"

SETTINGS = (
    "align:start",
    "align:end",
    "line:0",
    "line:-1",
    "line:90%",
    "line:10%,end",
    "position:10%",
    "position:50%,line-left",
    "size:80%",
    "vertical:rl",
    "align:start position:0%",
    "line:84.67% size:80.00% align:left",
)
IDS = st.one_of(
    st.sampled_from(("1", "intro", " leading space", "trailing ", "-- >", "->", "NOTE-ish", "ünïcode 字幕", "&amp;")),
    st.text(st.characters(codec="utf-8", blacklist_characters="\n\r\x00"), min_size=1, max_size=12).filter(
        lambda s: "-->" not in s
    ),
)


@st.composite
def vtt_tracks(draw: st.DrawFn) -> Track:
    """Tracks with hostile text, spans, speakers, and VTT ids/settings in extras."""
    t = draw(tracks(hostile=True, speaker=True))
    out = []
    for c in t.cues:
        extras: dict[str, str | tuple[str, ...]] = {}
        if draw(st.booleans()):
            extras["vtt.id"] = draw(IDS)
        if draw(st.booleans()):
            extras["vtt.settings"] = draw(st.sampled_from(SETTINGS))
        out.append(c.replace(extras=FrozenMap(extras)))
    return t.with_cues(out)


def dump(track: Track, report: Report | None = None) -> str:
    return write(track, WriteOptions(), report if report is not None else Report())


def load(text: str, report: Report | None = None) -> Track:
    return read(text, report if report is not None else Report())

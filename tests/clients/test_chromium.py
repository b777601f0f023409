"""Chromium's WebVTT parser reads our VTT through a ``<track>``: same cues, times, ids and text.

Headless Chromium loads a local page with one ``<track>`` per file; the page
dumps ``track.cues`` (id, startTime, endTime, and the text of
``getCueAsHTML()`` with its ``<i>``/``<b>``/``<u>``) into the DOM.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import subconv
from subconv.model import Cue, FrozenMap, Span, Track
from tests.strategies import as_written, tracks

from .engines import chromium_cues, chromium_expected, compare

pytestmark = pytest.mark.clients


def _shown(track: Track) -> Track:
    return track.with_cues(c for c in track.cues if c.extras.get("ass.comment") != "1")


def write_vtt(track: Track, path: Path) -> Path:
    path.write_text(subconv.dumps(track, "vtt"), encoding="utf-8")
    return path


@pytest.mark.slow
def test_chromium_reads_corpus_conversions(
    chromium: str, writers: None, timed_corpus: list[Path], tmp_path: Path
) -> None:
    # (as the writer normalises them: cues with no visible text and ASS comments are not written)
    tracks_ = [(src, as_written(_shown(subconv.read(src)), "vtt")) for src in timed_corpus]
    tracks_ = [(src, t) for src, t in tracks_ if t.cues]
    files = [write_vtt(t, tmp_path / f"c{k}.vtt") for k, (_, t) in enumerate(tracks_)]
    seen = chromium_cues(chromium, files)
    problems = []
    for (src, track), got in zip(tracks_, seen, strict=True):
        diff = compare(chromium_expected(track), got, src.name, ids=True)
        problems.extend(diff[:3])
    agreed = len(tracks_) - len({p.split(":")[0] for p in problems})
    print(f"Chromium agreed on {agreed}/{len(tracks_)} corpus files")
    assert not problems, "\n".join(problems)


def test_chromium_reads_generated_tracks(chromium: str, writers: None, tmp_path: Path) -> None:
    """25 generated hostile tracks, loaded in one Chromium run (one <track> each)."""
    batch: list[Track] = []

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(tracks(hostile=True, speaker=True))
    def collect(track: Track) -> None:
        batch.append(track)

    collect()
    files = [write_vtt(t, tmp_path / f"g{k}.vtt") for k, t in enumerate(batch)]
    seen = chromium_cues(chromium, files)
    problems = []
    for k, (track, got) in enumerate(zip(batch, seen, strict=True)):
        diff = compare(chromium_expected(as_written(track)), got, f"g{k}.vtt")
        if diff:
            problems.append(f"{diff[0]}\n  track: {track!r}\n  file: {files[k].read_text(encoding='utf-8')!r}")
    print(f"Chromium agreed on {len(batch) - len(problems)}/{len(batch)} generated tracks")
    assert not problems, "\n".join(problems[:5])


def test_chromium_ids_settings_and_markup(chromium: str, writers: None, tmp_path: Path) -> None:
    track = Track(
        (
            Cue(1000, 2500, ("<not a tag> & {\\an8}", "second"), spans=(), extras=FrozenMap({"vtt.id": "intro"})),
            Cue(3000, 4000, ("Hello world",), spans=(Span(0, 5, "i"), Span(6, 11, "b"))),
            Cue(3000, 3500, ("--> arrows -->",), extras=FrozenMap({"vtt.id": "two"})),
        )
    )
    [got] = chromium_cues(chromium, [write_vtt(track, tmp_path / "a.vtt")])
    assert compare(chromium_expected(track), got, "a.vtt", ids=True) == []
    assert [c.id for c in got][:1] == ["intro"]

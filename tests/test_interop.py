"""Conversions to and from pysubs2 and webvtt-py objects."""

from __future__ import annotations

from hypothesis import given, settings

from subconv.interop import track_from_pysubs2, track_from_webvtt, track_to_pysubs2, track_to_webvtt
from subconv.model import Track
from tests.strategies import as_written, tracks


@settings(max_examples=60)
@given(tracks(hostile=True, speaker=True))
def test_pysubs2_round_trip(track: Track) -> None:
    assert track_from_pysubs2(track_to_pysubs2(track)).cues == as_written(track, "ass").cues


@settings(max_examples=60)
@given(tracks(spans=False).filter(lambda t: not any(ch in c.text for c in t.cues for ch in "<>&")))
def test_webvtt_round_trip(track: Track) -> None:
    back = track_from_webvtt(track_to_webvtt(track))
    assert [(c.start, c.end, c.text) for c in back.cues] == [(c.start, c.end, c.text) for c in track.cues]

"""``Track.from_webvtt`` and ``to_webvtt`` carry what WebVTT holds (identifiers, settings,
voices, spans, character references), as subconv's own WebVTT reader and writer do, and
``to_webvtt(report)`` says what it leaves out.  Before, both carried each cue's plain text only:
``<v Fred>Hi`` came back without its speaker, ``align:left`` and ``<i>`` were lost, nothing said."""

from __future__ import annotations

from pathlib import Path

import pytest
import webvtt
from hypothesis import given, settings

import subconv
from subconv import Cue, FrozenMap, Report, Span, Track
from tests.strategies import as_written, tracks

FILES = ("odd/babelsubs/voice-span.vtt", "odd/babelsubs/cue-settings.vtt", "odd/nytimes-video-captions-api/sample.vtt")


def _key(cue: Cue) -> tuple[object, ...]:
    ex = cue.extras
    return (cue.start, cue.end, cue.text, cue.spans, cue.speaker, ex.get("vtt.settings"), ex.get("vtt.id"))


@pytest.mark.parametrize("name", FILES)
def test_a_real_files_webvtt_object_reads_as_the_file(shared: Path, name: str) -> None:
    path = shared / "corpus" / name
    track = subconv.read(path)
    back = subconv.Track.from_webvtt(webvtt.read(str(path)))
    assert [_key(c) for c in back] == [_key(c) for c in track]
    again = subconv.Track.from_webvtt(track.to_webvtt())
    assert [_key(c) for c in again] == [_key(c) for c in track]


def test_to_webvtt_writes_voice_spans_settings_and_id() -> None:
    extras = FrozenMap({"vtt.settings": "align:left", "vtt.id": "c1"})
    cue = Cue(1000, 2000, ("Hi & bye",), (Span(0, 2, "i"),), "Fred", extras)
    (caption,) = Track((cue,)).to_webvtt().captions
    assert caption.raw_text == "<v Fred><i>Hi</i> &amp; bye"
    assert caption.voice == "Fred" and caption.identifier == "c1"
    assert "align:left" in str(caption.settings) or "align" in repr(caption.settings)


def test_to_webvtt_reports_what_it_leaves_out() -> None:
    track = Track((Cue(None, None, ("untimed",)), Cue(0, 1000, ("  ",)), Cue(1000, 2000, ("ok",))), title="T")
    report = Report()
    vtt = track.to_webvtt(report)
    assert [c.text for c in vtt.captions] == ["ok"]
    said = [(e.action, e.text) for e in report.entries]
    assert ("dropped", "untimed") in said and ("dropped", "  ") in said
    assert any(e.step == "header" and e.text == "T" for e in report.entries)  # (WebVTT has no title)


@settings(max_examples=60)
@given(tracks(hostile=True, speaker=True))
def test_round_trip_through_webvtt_py(track: Track) -> None:
    back = Track.from_webvtt(track.to_webvtt())
    assert [_key(c) for c in back] == [_key(c) for c in as_written(track, "vtt")]


def test_captions_webvtt_py_cannot_render_are_read_as_their_text_with_a_warning() -> None:
    vtt = webvtt.WebVTT()
    vtt.captions.append(webvtt.Caption("00:00:01.000", "00:00:02.000", ["a --> b"]))
    report = Report()
    track = Track.from_webvtt(vtt, report)
    assert [(c.start, c.end, c.text) for c in track] == [(1000, 2000, "a --> b")]
    assert [e.action for e in report.entries] == ["warning"]

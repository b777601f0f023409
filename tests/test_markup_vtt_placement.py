"""``with_markup(cue, text, "vtt")`` keeps the cue's placement: a WebVTT payload holds none (its
cue settings do, beside the text, as ``markup(cue, "vtt")`` leaves it out), so an SRT or ASS
cue's ``{\\anN}`` stays, as its WebVTT settings and ASS fields stay.  Before, an edit through the
WebVTT markup (``with_markup(c, markup(c, "vtt").replace(...), "vtt")``) moved a top cue to the
bottom with nothing reported."""

from __future__ import annotations

import pytest

import subconv

SRT = "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<i>Top</i> line\n"
ASS = (
    "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{\\an8}{\\i1}Top{\\i0} line\n"
)


@pytest.mark.parametrize("text", [SRT, ASS], ids=["srt", "ass"])
def test_an_edit_of_the_webvtt_markup_keeps_the_placement(text: str) -> None:
    track = subconv.loads(text)
    cue = track[0]
    edited = subconv.with_markup(cue, subconv.markup(cue, "vtt").replace("line", "row"), "vtt")
    assert edited.text == "Top row"
    assert subconv.markup(edited, "srt") == "{\\an8}<i>Top</i> row"
    assert "line:0" in subconv.dumps(track.set(0, edited), "vtt")
    assert subconv.with_markup(cue, subconv.markup(cue, "vtt"), "vtt") == cue

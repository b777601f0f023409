"""Every format subconv writes keeps a cue's speaker: in a field of its own, or named in the text
where a turn starts (``NAME: ``, as SRT's writer names one), never left out silently."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import subconv
from subconv.formats import WriteOptions, get, names
from subconv.model import Cue, Track
from subconv.report import Report

WRITERS = [n for n in names() if get(n).write is not None]
_NAME = (
    st.text(st.sampled_from("AbcJo ,."), min_size=1, max_size=8)
    .map(str.strip)
    .filter(lambda s: bool(s) and s[0].isalpha())
)
_WORDS = st.text(st.sampled_from("abcdefgh "), min_size=1, max_size=12).map(str.strip).filter(bool)


@st.composite
def _turns(draw: st.DrawFn) -> Track:
    speakers = draw(st.lists(st.one_of(st.none(), _NAME), min_size=1, max_size=5))
    cues = []
    for k, who in enumerate(speakers):
        cues.append(Cue(k * 2000, k * 2000 + 1500, (draw(_WORDS),), speaker=who))
    return Track(cues)


@pytest.mark.parametrize("name", WRITERS)
@settings(max_examples=40, deadline=None)
@given(track=_turns())
def test_a_speaker_is_written_in_its_field_or_named_where_a_turn_starts(name: str, track: Track) -> None:
    """Each speaker is in the file (or the report says how it was rewritten: ASS's field holds no
    comma), and a format with no field for it names it where a turn starts, read back as text.
    Before, MicroDVD, MPL2 and TMP wrote ``Smith: Hello`` as ``Hello``, with no report entry
    (pysubs2's writers have no field for a speaker, and subconv handed them none)."""
    report = Report()
    text = subconv.dumps(track, name, report=report)
    rewritten = {e.text for e in report.entries if e.action == "rewritten"}
    for cue in track:
        assert cue.speaker is None or cue.speaker in text or cue.speaker in rewritten, (name, cue.speaker, text)
    if name == "txt":  # (a transcript: a paragraph per turn, not a cue per cue)
        return
    back = subconv.loads(text, name, report=Report())
    assert len(back) == len(track), text
    previous = None
    for cue, got in zip(track, back, strict=True):
        if cue.speaker is not None and cue.speaker != previous and get(name).speaker_prefix:
            assert got.speaker == cue.speaker or got.text.startswith(f"{cue.speaker}: "), (name, got, text)
        previous = cue.speaker


@pytest.mark.parametrize("name", [n for n in WRITERS if get(n).speaker_prefix])
def test_no_speaker_prefix_leaves_the_names_out_of_the_text(name: str) -> None:
    track = Track([Cue(0, 1500, ("Hello there",), speaker="Smith")])
    plain = subconv.dumps(track, name, options=WriteOptions(speaker_prefix=False))
    assert "Smith" not in plain and "Hello there" in subconv.dumps(track, name).replace("Smith: ", "")
    assert "Smith: Hello there" in subconv.dumps(track, name)

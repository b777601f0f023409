"""The three cleaning steps never raise, whatever the text, and run in sequence idempotently."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from subconv.model import Cue, Track
from subconv.report import Report
from subconv.steps.dedupe import dedupe
from subconv.steps.normalise import normalise
from subconv.steps.segment import segment

from ._helpers import ctx

any_text = st.text(max_size=120)


@st.composite
def any_track(draw: st.DrawFn) -> Track:
    cues = []
    t = 0
    for i, text in enumerate(draw(st.lists(any_text, max_size=8))):
        timed = draw(st.sampled_from(["none", "anchor", "both"]))
        start = t if timed != "none" else None
        end = t + 1000 if timed == "both" else None
        t += 1000
        speaker = draw(st.sampled_from([None, "A"]))
        cues.append(Cue(start, end, tuple(text.split("\n")), speaker=speaker, source_line=i + 1))
    return Track(tuple(cues))


@settings(max_examples=150, deadline=None)
@given(
    any_track(),
    st.sampled_from(["page", "srt", "vtt"]),
    st.sampled_from(["auto", "off", "adjacent", "all"]),
    st.booleans(),
    st.booleans(),
    st.integers(1, 50),
)
# (a line break before a middle dot made it a leading bullet, which normalise then removed)
@example(Track((Cue(None, None, ("0\r·",), source_line=1),)), "page", "auto", True, False, 1)
def test_steps_never_raise_and_clean_pages_are_stable(
    track: Track, fmt: str, policy: str, drop: bool, merge: bool, max_chars: int
) -> None:
    c = ctx(fmt, dedupe=policy, drop_sound_tags=drop, merge_fragments=merge, max_chars=max_chars, retime=True)
    out = track
    for step in (normalise, dedupe, segment):
        out = step(out, c, Report())
    assert all(isinstance(cue, Cue) for cue in out)
    again = normalise(out, c, Report())
    assert again == out or fmt != "page"

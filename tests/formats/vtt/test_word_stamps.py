"""WebVTT inline timestamps (``<00:00:01.500>``) are the cue's word times: read into
``Cue.words``, written back as they were while they still time the cue, and moved with it by
every edit (``shift``, ``retime``, ``sync``), never left behind outside the cue's new times."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import Report, dumps, loads
from subconv.timefmt import parse_vtt

_STAMP = re.compile(r"<(\d[\d:.]*)>")


def _clock(ms: int) -> str:
    return f"{ms // 3_600_000:02}:{ms // 60_000 % 60:02}:{ms // 1000 % 60:02}.{ms % 1000:03}"


@st.composite
def _stamped_cues(draw: st.DrawFn) -> tuple[str, list[list[int]]]:
    """A WebVTT file whose cues time their words with inline timestamps (some in italics or a
    class, which only the raw payload keeps), and each cue's stamp times."""
    blocks, stamps = [], []
    t = draw(st.integers(0, 5000))
    for _ in range(draw(st.integers(1, 4))):
        words = draw(
            st.lists(st.sampled_from(["so", "my", "fellow", "Americans,", "ask", "not"]), min_size=2, max_size=6)
        )
        gaps = draw(st.lists(st.integers(50, 900), min_size=len(words), max_size=len(words)))
        start, times = t, []
        for g in gaps[:-1]:
            t += g
            times.append(t)
        end = t + gaps[-1]
        text = words[0] + "".join(f" <{_clock(ms)}>{w}" for ms, w in zip(times, words[1:], strict=True))
        if draw(st.booleans()):
            text = f"<c.yellow>{text}</c>"
        blocks.append(f"{_clock(start)} --> {_clock(end)}\n{text}\n")
        stamps.append(times)
        t = end + draw(st.integers(0, 2000))
    return "WEBVTT\n\n" + "\n".join(blocks), stamps


def _written_stamps(vtt: str) -> list[list[int]]:
    cues = vtt.split("\n\n")[1:]
    return [[_ms(m) for m in _STAMP.findall(c.split("\n", 1)[1])] for c in cues if c.strip()]


def _ms(stamp: str) -> int:
    ms = parse_vtt(stamp)
    assert ms is not None, stamp
    return ms


def _spans(vtt: str) -> list[tuple[int, int]]:
    out = []
    for line in vtt.splitlines():
        if "-->" in line:
            a, b = line.split(" --> ")
            out.append((_ms(a), _ms(b.split()[0])))
    return out


@settings(max_examples=80, deadline=None)
@given(case=_stamped_cues(), shift=st.integers(-3000, 60_000))
def test_inline_timestamps_move_with_their_cue(case: tuple[str, list[list[int]]], shift: int) -> None:
    text, stamps = case
    track = loads(text, "vtt")
    assert [[w.start for w in c.words[1:]] for c in track.cues] == stamps
    assert dumps(track, "vtt") == text  # as read: written back as it was (the class too)
    moved = track.shift(ms=shift)
    rep = Report()
    out = dumps(moved, "vtt", report=rep)
    spans = _spans(out)
    for got, want, (start, end), cue in zip(_written_stamps(out), stamps, spans, moved.cues, strict=True):
        assert cue.start is not None
        # (a cue shifted before 0:00 is written from 0:00: its words before then go with it)
        assert got == [ms + shift for ms in want if ms + shift > 0], (got, want, shift)
        assert all(start < ms < end for ms in got), (got, start, end)

"""Times too late for any clock: what subconv writes it reads back, and every reader refuses
the same absurd times (before, a ``shift`` past 999999999 hours or a json3 ``tStartMs`` of
``1e300`` gave WebVTT and TTML of 10- to 294-digit hours, exit 0, that no reader takes)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import ParseError, Report, dumps, loads
from subconv.formats import get, writable
from subconv.model import Cue, Track, Word
from subconv.timefmt import LATEST_MS, LATEST_WRITTEN_MS

TIMED = [name for name in writable() if get(name).times]

#: ordinary times, times about the latest a writer writes, and absurd ones
TIMES = st.one_of(
    st.integers(0, 10**7),
    st.integers(LATEST_WRITTEN_MS - 10**7, LATEST_MS + 10**7),
    st.integers(LATEST_MS, 10**40),
    st.just(10**300),
)


@st.composite
def late_tracks(draw: st.DrawFn) -> Track:
    cues = []
    for k in range(draw(st.integers(1, 4))):
        a, b = sorted((draw(TIMES), draw(TIMES)))
        words = (Word(a, b, "Hello"),) if draw(st.booleans()) else ()
        cues.append(Cue(a, b + 1000, ("Hello", "world"), source_line=k + 1, words=words))
    return Track(cues)


@settings(max_examples=30)
@pytest.mark.parametrize("name", TIMED)
@given(track=late_tracks())
def test_a_time_past_the_latest_is_written_at_it_reported_and_read_back(name: str, track: Track) -> None:
    """Every format's writer, any times: the output reads back as the same format, no time past
    999999999:59:59.999, and each cue written earlier than its times is in the report."""
    rep = Report()
    text = dumps(track, name, report=rep)
    back = loads(text, name)
    assert all(ms <= LATEST_MS for c in back.cues for ms in (c.start, c.end) if ms is not None)
    late = [c for c in track.cues if (c.end or 0) > LATEST_WRITTEN_MS]
    moved = [e for e in rep.by_action("rewritten") if e.reason.startswith("a time past 999999999:00:00.000")]
    assert [e.line for e in moved] == [c.source_line for c in late]
    assert any("cue" in e.reason and "past 999999999:00:00.000" in e.reason for e in rep.entries) == bool(late)


def test_ordinary_times_are_written_as_they_were() -> None:
    """Nothing is reported, and the track is not copied, when every time is in reach."""
    track = Track([Cue(0, LATEST_WRITTEN_MS, ("Hello",), words=(Word(0, 10, "Hello"),))])
    rep = Report()
    assert loads(dumps(track, "vtt", report=rep), "vtt").cues[0].end == LATEST_WRITTEN_MS
    assert not rep.entries


JSON3 = '{"wireMagic":"pb3","events":[{"tStartMs":%s,"dDurationMs":2000,"segs":[{"utf8":"Hello"}]}]}'


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        (JSON3 % "1e300", "page"),
        (JSON3 % str(LATEST_MS + 1), "page"),
        (dumps(Track([Cue(0, 1, ("Hello",))]), "json").replace('"start": 0', '"start": 1e300'), "json"),
        ("WEBVTT\n\n1000000000:00:00.000 --> 1000000000:00:01.000\nHello\n", "vtt"),
    ],
    ids=["json3 1e300", "json3 a ms past", "pysubs2 json 1e300", "vtt 10-digit hours"],
)
def test_every_reader_refuses_a_time_past_the_latest(text: str, fmt: str) -> None:
    """A time past 999999999:59:59.999 is a ParseError in every reader, as WebVTT's 10-digit
    hours always were (a json3 ``tStartMs`` of ``1e300`` was read as is)."""
    with pytest.raises(ParseError, match="out of range"):
        loads(text, fmt)


def test_the_latest_time_reads_in_every_reader_that_writes_it() -> None:
    """The last millisecond of 9-digit hours is a time every reader takes."""
    track = Track([Cue(LATEST_MS - 2000, LATEST_MS, ("Hello",))])
    assert loads(JSON3 % str(LATEST_MS - 2000), "page").cues[0].start == LATEST_MS - 2000
    for name in ("vtt", "ttml", "json", "mpl2", "textgrid"):
        assert LATEST_WRITTEN_MS <= (loads(dumps(track, name), name).cues[0].end or 0) <= LATEST_MS, name

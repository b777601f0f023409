"""Formats read through pysubs2 (MicroDVD, MPL2, TMP, ...) and their sniffing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from subconv import ParseError, Report, dumps, loads
from subconv.formats import generic
from subconv.model import Track
from subconv.timefmt import to_resolution
from tests.strategies import tracks


def test_microdvd_reads_with_default_fps_and_warns() -> None:
    rep = Report()
    t = loads("{0}{24}{y:i}Hello|world\n{48}{72}Bye\n", "microdvd", report=rep)
    assert [c.lines for c in t.cues] == [("Hello", "world"), ("Bye",)]
    assert t.cues[1].start == round(48 / 23.976 * 1000)
    assert t.cues[0].spans and t.cues[0].spans[0].kind == "i"
    assert rep.by_action("warning")


def test_mpl2() -> None:
    t = loads("[10][25]Hi|there\n[30][40]/Bye\n", "mpl2")
    assert [(c.start, c.end) for c in t.cues] == [(1000, 2500), (3000, 4000)]
    assert t.cues[0].lines == ("Hi", "there")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("{1}{25}Hello\n{30}{50}Bye\n", "microdvd"),
        ("[10][25]Hi\n[30][40]Bye\n", "mpl2"),
        ("1\n00:00:01,000 --> 00:00:02,000\nHi\n", None),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n", None),
        ("[Script Info]\nScriptType: v4.00+\n", None),
        ("Speaker 1 (00:01:02): Hello there.\nAnother line of a transcript.\n", None),
        ("00:00:01 Welcome to the show.\n00:00:05 Today we talk about Django.\n", None),
        ("", None),
    ],
)
def test_sniff_pysubs2(text: str, name: str | None) -> None:
    assert generic.sniff_pysubs2(text) == name


@settings(max_examples=30)
@given(
    tracks(spans=False, max_ms=3_000_000, resolution=100).filter(
        lambda t: not any(ch in c.text for c in t.cues for ch in "|{}[]/\\")
    )
)
def test_mpl2_round_trip(track: Track) -> None:
    back = loads(dumps(track, "mpl2"), "mpl2")
    assert [(c.start, c.end, c.text) for c in back.cues] == [
        (to_resolution(c.start or 0, 100), to_resolution(c.end or 0, 100), c.text) for c in track.cues
    ]


def test_unreadable_is_parse_error() -> None:
    with pytest.raises(ParseError):
        loads("<tt xmlns='http://www.w3.org/ns/ttml'><body><p begin='x'", "ttml")


def test_microdvd_declared_frame_rate_is_used() -> None:
    rep = Report()
    t = loads("{1}{1}25.000\n{25}{50}One\n{75}{100}Two\n", "microdvd", report=rep)
    assert [(c.start, c.end, c.text) for c in t.cues] == [(1000, 2000, "One"), (3000, 4000, "Two")]
    assert not rep.by_action("warning")

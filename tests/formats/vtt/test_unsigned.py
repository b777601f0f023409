"""A ``.vtt`` file with no ``WEBVTT`` line: read as WebVTT (reported) when its cues are WebVTT's,
and so with ``--from vtt`` (a text without the signature that has nothing only WebVTT has is
refused, as the spec refuses it) (before, content sniffing read it as SRT: a NOTE
comment went on screen and valid ``line:`` settings were dropped as "SRT coordinates")."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings

from subconv import ParseError, Report, detect_format, loads, read
from subconv.formats.vtt.unsigned import sniff_unsigned
from subconv.model import Track
from tests.formats.vtt.common import SHARED, dump, load, vtt_tracks

REGIONS = SHARED / "corpus" / "odd" / "babelsubs" / "regions.vtt"
SIGNATURE = "no WEBVTT signature: read as WebVTT (a .vtt file with WebVTT cues)"


@settings(max_examples=80)
@given(vtt_tracks())
def test_a_vtt_file_without_its_signature_reads_as_with_it(track: Track) -> None:
    """Any track written as WebVTT, its ``WEBVTT`` line and the blank line after it removed and
    named ``.vtt``: the same cues (ids, settings, notes), each on its own line, and one entry."""
    text = dump(track)
    assert text.startswith("WEBVTT\n\n")
    signed = load(text)
    # A first cue id starting with U+FEFF would open the unsigned text: that is a byte-order
    # mark there, for every reader (as it is at the start of a signed file), not the id's.
    assume(not text.startswith("WEBVTT\n\n\ufeff"))
    rep = Report()
    unsigned = loads(text.removeprefix("WEBVTT\n\n"), name="talk.vtt", report=rep)
    assert unsigned.cues == signed.cues
    assert [c.source_line for c in unsigned.cues] == [(c.source_line or 0) - 2 for c in signed.cues]
    assert [(e.line, e.reason) for e in rep.by_action("repaired")][:1] == [(1, SIGNATURE)]
    assert rep.info["format"] == "vtt"


#: (text, file name, the format it is read as)
CASES = [
    ("1\n00:00:01.000 --> 00:00:02.000\nHi\n", "a.vtt", "vtt"),
    ("00:01.000 --> 00:02.000\nHi\n", "a.webvtt", "vtt"),
    ("1\n00:00:01,000 --> 00:00:02,000 line:90%\nHi\n", "a.vtt", "vtt"),
    ("1\n00:00:01,000 --> 00:00:02,000\nHi\n\nNOTE a comment\n\n2\n00:00:03,000 --> 00:00:04,000\nB\n", "a.vtt", "vtt"),
    # an SRT file named .vtt: SRT (nothing only WebVTT has); a headerless WebVTT named .srt: SRT
    ("1\n00:00:01,000 --> 00:00:02,000\nHi\n", "a.vtt", "srt"),
    ("1\n00:00:01,000 --> 00:00:02,000 X1:10 X2:20 Y1:1 Y2:2\nHi\n", "a.vtt", "srt"),
    ("1\n00:00:01.000 --> 00:00:02.000 line:1\nHi\n", "a.srt", "srt"),
    ("1\n00:00:01.000 --> 00:00:02.000 line:1\nHi\n", None, "srt"),
]


def test_which_unsigned_texts_are_webvtt() -> None:
    """Only a text named ``.vtt``/``.webvtt`` with what only WebVTT has."""
    assert [detect_format(text, name) for text, name, _ in CASES] == [expected for _, _, expected in CASES]


def test_a_format_given_is_as_forgiving_as_a_file_name() -> None:
    """``loads(text, "vtt")`` (``--from vtt``) reads a text without the signature that has what
    only WebVTT has as a ``.vtt`` file's name does, with the same entry (it raised ParseError,
    while ``loads(text, name="a.vtt")`` read it); a text without it is refused, as the spec does."""
    for text, name, _ in CASES:
        if not sniff_unsigned(text):  # (SRT's cues: not WebVTT, whatever the name or format)
            with pytest.raises(ParseError, match="missing WEBVTT signature"):
                loads(text, "vtt", name=name)
            continue
        given, named = Report(), Report()
        assert loads(text, "vtt", report=given) == loads(text, name="a.vtt", report=named)
        assert [(e.line, e.reason) for e in given.by_action("repaired")] == [(1, SIGNATURE)]
        assert given.entries == named.entries
    for text in ("", "webvtt\n", "WEBVTTX\n", "Just text."):
        with pytest.raises(ParseError, match="missing WEBVTT signature"):
            loads(text, "vtt")


@pytest.mark.skipif(not REGIONS.is_file(), reason="../shared/corpus is absent")
def test_babelsubs_regions_without_its_signature() -> None:
    """The corpus file: 7 cues, every ``line:`` setting kept, the NOTE a note (not cue text)."""
    rep = Report()
    track = read(REGIONS, report=rep)
    assert track.format == "vtt" and len(track.cues) == 7
    assert [c.extras.get("vtt.settings") for c in track.cues] == [
        "line:1",
        "line:10%",
        "line:5,start",
        "line:20%",
        "line:6",
        "line:21%",
        "line:-1",
    ]
    assert all(c.text == "Subtitle" for c in track.cues)
    assert str(track.cues[4].extras.get("vtt.notes", ("",))[0]).startswith("NOTE above this line")
    assert rep.by_action("repaired")[0].reason == SIGNATURE
    assert not any("SRT coordinates" in e.reason for e in rep.entries)

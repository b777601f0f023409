"""A colour over part of a cue is kept over its own text: an ASS ``\\c`` mid-line is written in
SRT as a ``<font color>`` around the text it colours, and an SRT ``<font color>`` over part of
a cue is read (as ASS colour blocks in their places) and written back there, in SRT and ASS.
Before, SRT wrote an ASS colour around the whole cue (``<font color="#ff0000">Hello red
world</font>``), and the SRT reader dropped a colour over part of a cue (reported)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import Report, dumps, loads
from subconv.formats.placement import colour_runs
from subconv.model import Cue
from tests.formats.helpers import ASS_HEAD

EVENTS = "\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"


def _ass(*texts: str) -> str:
    events = (f"Dialogue: 0,0:00:0{k}.00,0:00:0{k}.50,Default,,0,0,0,,{t}\n" for k, t in enumerate(texts, 1))
    return ASS_HEAD + EVENTS + "".join(events)


def _colours(cue: Cue) -> list[str | None]:
    """The colour each character of ``cue``'s text is drawn in (None: the style's), line breaks aside."""
    out: list[str | None] = [None] * len(cue.text)
    for start, end, rgb in colour_runs(cue):
        out[start:end] = [rgb] * (end - start)
    return [c for c, ch in zip(out, cue.text, strict=True) if ch != "\n"]


def test_an_ass_colour_mid_line_is_written_over_its_own_text_in_srt() -> None:
    report = Report()
    srt = dumps(loads(_ass("Hello {\\c&H0000FF&}red{\\c} world", "Hello {\\1c&H00FF00&}green")), "srt", report=report)
    assert '\nHello <font color="#ff0000">red</font> world\n' in srt
    assert '\nHello <font color="#00ff00">green</font>\n' in srt
    assert [e for e in report.entries if e.step == "srt"] == []


def test_a_colour_over_the_whole_cue_is_one_font_around_it_as_before() -> None:
    srt = dumps(loads(_ass("{\\pos(1,2)\\c&H0000FF&}All red")), "srt")
    assert '\n<font color="#ff0000">All red</font>\n' in srt


_PIECE = st.text(st.sampled_from(list("ab")), max_size=4)  # (no line of blanks at its end: tidied, reported)
_COLOUR = st.sampled_from(["0000FF", "00FF00", "FF0000", "FFFFFF", None])


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(_COLOUR, _PIECE, st.booleans()), min_size=1, max_size=5), _PIECE)
def test_each_character_keeps_its_colour_through_srt_and_back(
    parts: list[tuple[str | None, str, bool]], head: str
) -> None:
    text = head + "".join(
        ("{\\c}" if c is None else f"{{\\c&H{c}&}}") + piece + ("\\N" if newline else "") for c, piece, newline in parts
    )
    track = loads(_ass("x" + text + "z"))
    (cue,) = track.cues
    srt = dumps(track, "srt")
    report = Report()
    back = loads(srt, "srt", report=report)
    assert [c.text for c in back.cues] == [cue.text]
    assert _colours(back.cues[0]) == _colours(cue)
    assert [e for e in report.entries if "font" in e.reason] == []
    assert dumps(back, "srt") == srt  # (written again: the same)
    again = loads(dumps(back, "ass"), "ass")
    assert _colours(again.cues[0]) == _colours(cue)


def test_the_capability_tester_s_colours_are_kept_over_their_lines(shared: Path) -> None:
    path = shared / "corpus" / "odd" / "pysrt" / "capability_tester.srt"
    srt = dumps(loads(path.read_text(encoding="utf-8"), "srt"), "srt")
    assert (
        '<font color="#0000ff">This text should be blue</font>\n'
        '<font color="#ff0000">This text should be red</font>\n'
        '<font color="#000000">This text should be black</font>\n'
    ) in srt
    assert 'the m<font color="#000000">o</font><font color="#00ff00">st difficult' in srt

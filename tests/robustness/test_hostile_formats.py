"""Hostile text through the SBV, SubViewer and TTML writers, and garbage into their readers.

The text is the robustness suite's own (``test_hostile.hostile_tracks``: the shared hostile
strategy plus the local extras and control characters).  What each format keeps:

* SBV and SubViewer: every cue with its times (SubViewer: at 10 ms) and its lines, minus the
  spaces and tabs at the ends of a line (carried no meaning; the writer reports them) and its
  spans (no styling in these formats; reported);
* TTML: every cue exactly, minus the characters XML 1.0 cannot hold (reported).

Never a cue more or less, and the output is sniffed as its own format.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

if TYPE_CHECKING:
    from tests.robustness.test_hostile import hostile_tracks
else:
    from test_hostile import hostile_tracks

import subconv
from subconv import ParseError
from subconv.model import Track
from subconv.timefmt import to_resolution

_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
FORMATS = ("sbv", "subviewer", "ttml")
LAST = {"sbv": 359_999_999, "subviewer": 359_999_990, "ttml": 10**12}


def expected(track: Track, fmt: str) -> list[tuple[int, int, tuple[str, ...]]]:
    res = subconv.formats.get(fmt).resolution_ms

    def ms(t: int | None) -> int:
        return min(to_resolution(t or 0, res), LAST[fmt])

    out = []
    for c in track.cues:
        keep = (lambda x: _NOT_XML.sub("", x)) if fmt == "ttml" else (lambda x: x.strip(" \t"))
        lines = tuple(keep(x) for x in c.lines)
        out.append((ms(c.start), ms(c.end), lines))
    return out


@pytest.mark.parametrize("fmt", FORMATS)
@_SETTINGS
@given(data=st.data())
def test_hostile_text_survives(fmt: str, data: st.DataObject) -> None:
    track = data.draw(hostile_tracks(controls=data.draw(st.booleans())))
    written = subconv.dumps(track, fmt)
    assert subconv.detect_format(written) == fmt, written
    back = subconv.loads(written, fmt)
    assert [(c.start, c.end, c.lines) for c in back.cues] == expected(track, fmt), written
    if fmt == "ttml" and not any(_NOT_XML.search(c.text) for c in track.cues):
        assert [c.spans for c in back.cues] == [c.spans for c in track.cues]


_GARBAGE = st.one_of(
    st.text(max_size=300),
    st.lists(
        st.sampled_from(
            [
                "0:00:01.000,0:00:02.000",
                "00:00:01.00,00:00:02.00",
                "",
                "text",
                "[br]",
                "[INFORMATION]",
                "9:99:99.999,0:00:00.000",
                "0:00:01.000,",
                "\u2060",
                "  ",
            ]
        ),
        max_size=12,
    ).map("\n".join),
)


@pytest.mark.parametrize("fmt", ("sbv", "subviewer"))
@_SETTINGS
@given(text=_GARBAGE)
def test_any_text_reads_or_raises_parse_error(fmt: str, text: str) -> None:
    try:
        subconv.loads(text, fmt)
    except ParseError as exc:
        assert exc.line is not None


_DOC = (
    '<?xml version="1.0"?>\n<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling">'
    '<body><div begin="1s"><p begin="00:00:01.000" end="2s">a<br/><span tts:fontStyle="italic">b</span></p>'
    "</div></body></tt>"
)


@_SETTINGS
@given(cut=st.integers(0, len(_DOC)), junk=st.text(max_size=20))
def test_damaged_ttml_reads_or_raises_parse_error(cut: int, junk: str) -> None:
    try:
        subconv.loads(_DOC[:cut] + junk + _DOC[cut:], "ttml")
    except ParseError as exc:
        assert exc.line is not None or "root element" in str(exc)

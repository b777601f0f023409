"""Styles set or imported into an SSA script's track that SSA cannot hold all of (an ASS
script's, as a rule: ASS's default shadow is opaque, SSA's half transparent) are converted as
the writer converts an ASS script's styles written as SSA, each loss a ``rewritten`` entry of
the ``report=`` given; without one, the error names every such style (before: only the first,
with no way but converting the whole track to ASS)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subconv
from subconv import Report, Style, StyleError
from subconv.formats.ass.styles import style_line

SSA = (
    "[Script Info]\nScriptType: v4.00\n\n[V4 Styles]\n"
    "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, TertiaryColour, BackColour, Bold, Italic, "
    "BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, AlphaLevel, Encoding\n"
    "Style: Default,Tahoma,24,16777215,65535,12345,0,-1,0,1,2,2,2,30,30,10,0,0\n\n"
    "[Events]\nFormat: Marked, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    "Dialogue: Marked=0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Hello\n"
)


def test_a_real_ass_scripts_styles_into_a_real_ssa_script(shared: Path) -> None:
    ass = subconv.read(shared / "corpus/timed/films/SSA_The_Beekeeper_Japanese_400plus.ass")
    ssa = subconv.read(shared / "corpus/odd/go-astisub/example-in.ssa")
    with pytest.raises(StyleError) as caught:
        subconv.import_styles(ssa, ass)
    for name in subconv.track_styles(ass):
        assert f"style {name!r}:" in str(caught.value)
    assert "report=subconv.Report()" in str(caught.value)
    report = Report()
    both = subconv.import_styles(ssa, ass, report=report)
    assert list(subconv.track_styles(both)) == [*subconv.track_styles(ssa), *subconv.track_styles(ass)]
    assert {e.reason.split(":")[0] for e in report.entries} == {f"style {n}" for n in subconv.track_styles(ass)}
    assert all(e.action == "rewritten" and e.reason.endswith("not carried to SSA") for e in report.entries)
    # the same styles and the same entries as the writer's, converting the ASS script to SSA
    written = Report()
    as_ssa = subconv.loads(subconv.dumps(ass, "ssa", report=written))
    assert [e.reason for e in report.entries] == [e.reason for e in written.entries if e.reason.startswith("style ")]
    for name, style in subconv.track_styles(as_ssa).items():
        assert subconv.track_styles(both)[name] == style


@given(st.booleans(), st.booleans(), st.integers(0, 255))
def test_set_style_converts_with_a_report_and_refuses_without(underline: bool, strike: bool, alpha: int) -> None:
    track = subconv.loads(SSA, "ssa")
    style = Style("Sign", underline=underline, strikeout=strike, backcolor=alpha << 24)
    lost = style_line(style, True)[1]
    report = Report()
    done = subconv.set_style(track, style, report=report)
    assert [e.reason for e in report.entries] == [f"style Sign: {what}: not carried to SSA" for what in lost]
    assert done.meta["ass.styles"][-1] == style_line(style, True)[0]
    if lost:
        with pytest.raises(StyleError, match=r"report=subconv\.Report"):
            subconv.set_style(track, style)
    else:
        assert subconv.set_style(track, style) == done


def test_nothing_is_imported_when_one_style_is_refused() -> None:
    track = subconv.loads(SSA, "ssa")
    fine = dataclasses.replace(subconv.track_styles(track)["Default"], name="Fine")
    with pytest.raises(StyleError, match=r"^1 style\(s\) an SSA script cannot hold all of: style 'Bad': .*Underline"):
        subconv.import_styles(track, {"Fine": fine, "Bad": Style("Bad", underline=True, shadow=0)})

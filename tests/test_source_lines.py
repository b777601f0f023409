"""Where a track's header material stood (``Track.source_lines``) is for reports, not part of
``==``, as a cue's ``source_line`` is not: two inputs that differ only by where their lines
stand read as equal tracks (ASS styles' lines were in ``meta["ass.style_lines"]``, compared)."""

from __future__ import annotations

import pickle

from hypothesis import given
from hypothesis import strategies as st

from subconv import Options, Report, dumps, loads
from subconv.model import Cue, Track
from subconv.pages import read_page
from subconv.pipeline import load_step
from subconv.steps import Context

STYLE = "Style: Big,Arial,60,&H0000FFFF,&H000000FF,&H00FF0000,&H80000000,-1,0,-1,0,120,100,0,0,1,2,1,8,10,10,10,1"


def _script(gap: str) -> str:
    return (
        f"[Script Info]\n{gap}ScriptType: v4.00+\n\n[V4+ Styles]\n"
        "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, "
        "Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, "
        f"MarginR, MarginV, Encoding\n{gap}{STYLE}\n\n"
        "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        "Dialogue: 0,0:00:01.00,0:00:02.00,Big,,0,0,0,,Hello\n"
    )


@given(st.integers(1, 4).map(lambda n: "\n" * n))
def test_scripts_that_differ_by_where_their_lines_stand_read_equal(gap: str) -> None:
    plain, spaced = loads(_script("")), loads(_script(gap))
    assert spaced == plain and hash(spaced) == hash(plain)
    assert "ass.style_lines" not in spaced.meta
    style_line = _script(gap).splitlines().index(STYLE) + 1
    assert spaced.source_lines["ass.styles"] == (str(style_line),)
    # the line is still cited where SSA cannot hold a style's fields, and kept through a pickle
    report = Report()
    dumps(pickle.loads(pickle.dumps(spaced)), "ssa", report=report)
    cited = {e.line for e in report.by_action("rewritten") if e.reason.startswith("style Big:")}
    assert cited == {style_line}


def test_a_front_matter_duration_line_is_cited_but_not_compared() -> None:
    body = "Ada (00:00:00):\nHello there.\n\nBo (00:00:10):\nAnd then we talked.\n"
    near = read_page(f"---\nduration_seconds: 60\n---\n\n{body}", Report())
    far = read_page(f"---\nauthor: x\nduration_seconds: 60\n---\n\n{body}", Report())
    assert near == far and near.source_lines["page.duration_ms"] == ("2",)
    report = Report()
    load_step("time")(far, Context("page", Options()), report)
    assert [e.line for e in report.entries if e.step == "time" and "front matter" in e.reason] == [3]


def test_source_lines_are_a_mapping_of_str_checked_as_meta() -> None:
    track = Track((Cue(0, 1, ("a",)),), source_lines={"ass.styles": ("4",)})
    assert track == Track((Cue(0, 1, ("a",)),)) and track.source_lines == {"ass.styles": ("4",)}
    try:
        Track((), source_lines={"ass.styles": (4,)})  # type: ignore[dict-item]
    except TypeError as e:
        assert "source_lines" in str(e)
    else:
        raise AssertionError("a line number that is not a str was taken")

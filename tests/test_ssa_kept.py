"""An SSA script stays SSA: its track's ``format`` is ``"ssa"`` (pysubs2's ``subs.format``), so
``dumps(track, track.format)`` and the commands that write the input's format (``shift``,
``retime``, ``check --fix``, ``sync``) write SSA.  Before, the track said ``"ass"`` (the name the
sniffer found), and ``subconv shift film.ssa +1s`` wrote an ASS script (``v4.00+``)."""

from __future__ import annotations

from pathlib import Path

import pytest

import subconv
from subconv.cli import main

SSA = (
    "[Script Info]\nScriptType: v4.00\n\n[V4 Styles]\n"
    "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, TertiaryColour, BackColour, Bold, "
    "Italic, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, AlphaLevel, Encoding\n"
    "Style: Default,Tahoma,24,16777215,65535,12345,0,-1,0,1,2,2,2,30,30,10,0,0\n\n"
    "[Events]\nFormat: Marked, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    "Dialogue: Marked=0,0:00:01.00,0:00:02.00,Default,,0000,0000,0000,,Hello\n"
)
ASS = SSA.replace("v4.00\n", "v4.00+\n").replace("[V4 Styles]", "[V4+ Styles]")


@pytest.mark.parametrize("given", [None, "ass", "ssa"])
def test_an_ssa_script_is_read_as_ssa(given: str | None) -> None:
    track = subconv.loads(SSA, given)
    assert track.format == "ssa"
    assert "ScriptType: v4.00\n" in subconv.dumps(track, track.format)
    assert subconv.loads(ASS, given).format == "ass"  # (and an ASS script as ASS, whatever the name given)


@pytest.mark.parametrize("name", ["film.ssa", "film.ass"])  # (the content tells, not the ending)
def test_shift_writes_an_ssa_script_as_ssa(tmp_path: Path, name: str) -> None:
    src, out = tmp_path / name, tmp_path / "shifted"
    src.write_text(SSA, encoding="utf-8")
    assert main(["shift", str(src), "+1s", "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "ScriptType: v4.00\n" in text and "[V4 Styles]" in text and "[V4+ Styles]" not in text
    assert "Dialogue: Marked=0,0:00:02.00,0:00:03.00,Default," in text

"""ASS <-> SSA: a script's styles converted to the other flavour (before, ASS -> SSA and SSA ->
ASS wrote only a Default style, the events still naming theirs, and reported nothing)."""

from __future__ import annotations

from pathlib import Path

import pysubs2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import Report, dumps, loads
from subconv.formats.ass.reader import ASS_STYLE_FORMAT, SSA_STYLE_FORMAT

ASS_FIELDS = ASS_STYLE_FORMAT.split(", ")
SSA_FIELDS = SSA_STYLE_FORMAT.split(", ")
ODD = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "odd"
#: the fields both flavours hold, as pysubs2 reads them
SHARED = (
    "fontname",
    "fontsize",
    "bold",
    "italic",
    "borderstyle",
    "outline",
    "shadow",
    "alignment",
    "marginl",
    "marginr",
    "marginv",
    "encoding",
)


def _script(styles: list[str], ssa: bool) -> str:
    section, script = ("[V4 Styles]", "v4.00") if ssa else ("[V4+ Styles]", "v4.00+")
    names = [s.removeprefix("Style: ").split(",")[0] for s in styles]
    first = "Marked=0" if ssa else "0"
    events = "".join(
        f"Dialogue: {first},0:00:0{k}.00,0:00:0{k + 1}.00,{n},,0,0,0,,Line {k}\n" for k, n in enumerate(names)
    )
    return (
        f"[Script Info]\nScriptType: {script}\nPlayResX: 384\nPlayResY: 288\nScaledBorderAndShadow: yes\n\n"
        f"{section}\nFormat: {SSA_STYLE_FORMAT if ssa else ASS_STYLE_FORMAT}\n" + "\n".join(styles) + "\n\n"
        f"[Events]\nFormat: {'Marked' if ssa else 'Layer'}, Start, End, Style, Name, MarginL, MarginR, MarginV, "
        f"Effect, Text\n{events}"
    )


_colour = st.integers(0, 0xFFFFFFFF)


@st.composite
def ass_style(draw: st.DrawFn, name: str) -> str:
    colours = [f"&H{draw(_colour):08X}" for _ in range(4)]
    fields = [
        name,
        draw(st.sampled_from(("Arial", "DejaVu Sans", "Times New Roman"))),
        str(draw(st.integers(8, 80))),
        *colours,
        draw(st.sampled_from(("0", "-1"))),
        draw(st.sampled_from(("0", "-1"))),
        draw(st.sampled_from(("0", "0", "-1"))),  # Underline
        draw(st.sampled_from(("0", "0", "-1"))),  # StrikeOut
        draw(st.sampled_from(("100", "100", "120"))),
        draw(st.sampled_from(("100", "100", "80"))),
        draw(st.sampled_from(("0", "0", "2"))),
        draw(st.sampled_from(("0", "0", "90"))),
        draw(st.sampled_from(("1", "3"))),
        str(draw(st.integers(0, 4))),
        str(draw(st.integers(0, 4))),
        str(draw(st.integers(1, 9))),
        *(str(draw(st.integers(0, 60))) for _ in range(3)),
        draw(st.sampled_from(("0", "1", "128"))),
    ]
    return "Style: " + ",".join(fields)


@st.composite
def ssa_style(draw: st.DrawFn, name: str) -> str:
    def colour() -> str:
        value = draw(st.integers(0, 0xFFFFFF)) | draw(st.sampled_from((0, 0x80))) << 24
        return draw(st.sampled_from((str(value - (1 << 32) if value >= 1 << 31 else value), f"&H{value:06X}")))

    fields = [
        name,
        draw(st.sampled_from(("Arial", "DejaVu Sans"))),
        str(draw(st.integers(8, 80))),
        *(colour() for _ in range(4)),
        draw(st.sampled_from(("0", "-1"))),
        draw(st.sampled_from(("0", "-1"))),
        draw(st.sampled_from(("1", "3"))),
        str(draw(st.integers(0, 4))),
        str(draw(st.integers(0, 4))),
        draw(st.sampled_from(("1", "2", "3", "5", "6", "7", "9", "10", "11"))),
        *(str(draw(st.integers(0, 60))) for _ in range(3)),
        str(draw(st.sampled_from((0, 0, 48, 255)))),
        draw(st.sampled_from(("0", "1"))),
    ]
    return "Style: " + ",".join(fields)


def _pysubs2_styles(text: str) -> dict[str, pysubs2.SSAStyle]:
    return dict(pysubs2.SSAFile.from_string(text).styles)


def _same_shared(a: pysubs2.SSAStyle, b: pysubs2.SSAStyle, alignment: bool = True) -> None:
    for f in SHARED if alignment else [f for f in SHARED if f != "alignment"]:
        assert getattr(a, f) == getattr(b, f), f
    for f in ("primarycolor", "secondarycolor"):
        ca, cb = getattr(a, f), getattr(b, f)
        assert (ca.r, ca.g, ca.b) == (cb.r, cb.g, cb.b), f


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(("Top", "Sign", "Song", "Note")), min_size=1, max_size=3, unique=True).flatmap(
        lambda names: st.tuples(*(ass_style(n) for n in names))
    )
)
def test_ass_styles_are_written_to_ssa(styles: tuple[str, ...]) -> None:
    """Every style of an ASS script is in its SSA conversion, each field both flavours hold read
    the same by pysubs2, and back in ASS the text colour keeps its alpha (SSA's AlphaLevel)."""
    source = _script(list(styles), ssa=False)
    rep = Report()
    ssa = dumps(loads(source, "ass"), "ssa", report=rep)
    before, after = _pysubs2_styles(source), _pysubs2_styles(ssa)
    for name, was_style in before.items():
        _same_shared(was_style, after[name])
    back = _pysubs2_styles(dumps(loads(ssa, "ssa"), "ass"))
    for name, was in before.items():
        _same_shared(was, back[name])
        assert back[name].primarycolor == was.primarycolor
    # each style's line cited for what SSA does not hold (ASS-only fields, outline colour, alphas)
    lines = {k for k, ln in enumerate(source.splitlines(), 1) if ln.startswith("Style:")}
    for e in rep.by_action("rewritten"):
        if e.reason.startswith("style "):
            assert e.line in lines and e.reason.endswith("not carried to SSA")
    for style in styles:
        f = dict(zip(ASS_FIELDS, style.removeprefix("Style: ").split(","), strict=True))
        named = [e.reason for e in rep.entries if e.reason.startswith(f"style {f['Name']}:")]
        for field, default in (("Underline", "0"), ("ScaleX", "100"), ("Angle", "0")):
            assert any(f"{field} {f[field]}" in r for r in named) == (f[field] != default)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(("Top", "Sign", "Song", "Note")), min_size=1, max_size=3, unique=True).flatmap(
        lambda names: st.tuples(*(ssa_style(n) for n in names))
    )
)
def test_ssa_styles_are_written_to_ass(styles: tuple[str, ...]) -> None:
    """Every style of an SSA script is in its ASS conversion: the fields both hold read the same
    by pysubs2; the alignment renumbered; the text drawn with AlphaLevel's alpha and outlined in
    the back colour, as libass draws the SSA style; SSA again gives the same colours."""
    source = _script(list(styles), ssa=True)
    ass = dumps(loads(source, "ssa"), "ass")
    before, after = _pysubs2_styles(source), _pysubs2_styles(ass)
    again = dumps(loads(ass, "ass"), "ssa")
    for style in styles:
        f = dict(zip(SSA_FIELDS, style.removeprefix("Style: ").split(","), strict=True))
        name = f["Name"]
        _same_shared(before[name], after[name])
        alpha = int(f["AlphaLevel"])
        assert after[name].primarycolor.a == alpha and after[name].outlinecolor.a == alpha
        back, outline = after[name].backcolor, after[name].outlinecolor
        assert (outline.r, outline.g, outline.b) == (back.r, back.g, back.b)
        line = next(ln for ln in again.splitlines() if ln.startswith(f"Style: {name},"))
        g = dict(zip(SSA_FIELDS, line.removeprefix("Style: ").split(","), strict=True))
        for c in ("PrimaryColour", "SecondaryColour", "BackColour"):
            assert (int(g[c]) ^ _value(f[c])) & 0xFFFFFF == 0, c
        assert (g["Alignment"], g["AlphaLevel"]) == (f["Alignment"], f["AlphaLevel"])


def _value(text: str) -> int:
    return int(text[2:], 16) if text.startswith("&H") else int(text) % (1 << 32)


def test_what_ssa_cannot_hold_is_reported_with_the_style_line() -> None:
    source = _script(
        [
            "Style: Big,Arial,60,&H0000FFFF,&H000000FF,&H00FF0000,&H80000000,-1,0,-1,0,120,100,0,0,1,2,1,8,10,10,10,1",
            "Style: Plain,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H80000000,0,0,0,0,100,100,0,0,1,2,1,2,10,10,10,1",
        ],
        ssa=False,
    )
    rep = Report()
    out = dumps(loads(source, "ass"), "ssa", report=rep)
    assert "Style: Big,Arial,60,65535,255,16711680,-2147483648,-1,0,1,2,1,6,10,10,10,0,1" in out.splitlines()
    assert "Style: Plain,Arial,20,16777215,255,0,-2147483648,0,0,1,2,1,2,10,10,10,0,1" in out.splitlines()
    said = [(e.line, e.reason) for e in rep.by_action("rewritten")]
    assert said == [
        (
            9,
            "style Big: OutlineColour &H00FF0000 (SSA draws the outline in the shadow's BackColour): "
            "not carried to SSA",
        ),
        (9, "style Big: Underline -1: not carried to SSA"),
        (9, "style Big: ScaleX 120: not carried to SSA"),
    ]


def test_the_layer_of_an_event_is_reported_when_writing_ssa() -> None:
    source = _script([], ssa=False) + "Dialogue: 2,0:00:05.00,0:00:06.00,Default,,0,0,0,,Over\n"
    rep = Report()
    dumps(loads(source, "ass"), "ssa", report=rep)
    line = source.splitlines().index("Dialogue: 2,0:00:05.00,0:00:06.00,Default,,0,0,0,,Over") + 1
    assert [(e.line, e.reason) for e in rep.by_action("rewritten")] == [(line, "layer 2: not carried to SSA")]


@pytest.mark.skipif(not ODD.is_dir(), reason="../shared/corpus/odd is absent")
@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # (pysubs2 on go-astisub's AlphaLevel 0.1)
@pytest.mark.parametrize(
    "name",
    [
        "go-astisub/example-in.ssa",
        "subsrt/sample.ssa",
        "subtitleedit/seconv-test.ssa",
        "libass-tests/regression/ssa/alpha.ass",
        "subtitleedit/seconv-test.ass",
        "ytsubconverter-ass/Alignment.ass",
        "ytsubconverter-ass/Colors.ass",
        "pysubs2/subtitle_with_attached_fonts_aegisub.ass",
    ],
)
def test_real_scripts_keep_their_styles_in_the_other_flavour(name: str) -> None:
    """Real scripts: every style is written in the other flavour (pysubs2 reads each with the
    same font, size, weight, slant, border, alignment and margins), every event's style is
    there, and other sections ([Fonts]) are kept."""
    text = (ODD / name).read_text(encoding="utf-8-sig")
    track = loads(text, name=name)
    kind = str(track.meta["ass.format"])
    other = "ass" if kind == "ssa" else "ssa"
    out = dumps(track, other)
    before, after = _pysubs2_styles(dumps(track, kind)), _pysubs2_styles(out)
    assert set(after) == set(before)
    for style_name, style in before.items():  # (pysubs2 reads SSA's odd alignments 4 and 8 as 2,
        _same_shared(style, after[style_name], alignment=kind == "ass")  # libass as 6 and 3)
    used = {e.style.lstrip("*") for e in pysubs2.SSAFile.from_string(out)}  # (libass: "*Default" is Default)
    assert used <= set(after)
    if "[Fonts]" in text:
        assert "[Fonts]" in out


_GOOD_STYLE = "Big,Arial,30,&H00FFFFFF,&H0000FFFF,&H00000000,&H80000000,-1,0,0,0,100,100,0,0,1,2,0,2,10,10,10,1"


@settings(max_examples=120, deadline=None)
@given(
    st.integers(0, len(_GOOD_STYLE)),
    st.lists(
        st.tuples(st.integers(0, 22), st.sampled_from(["", "&H", "x", "1.5.2", "&H00FF&", "--1", " "])), max_size=3
    ),
    st.sampled_from(["ass", "ssa", "json", "microdvd", "mpl2", "tmp", "srt"]),
)
def test_a_style_line_cut_short_or_garbled_is_repaired_and_every_writer_writes(
    cut: int, garble: list[tuple[int, str]], to: str
) -> None:
    """A ``Style:`` line cut anywhere, or with fields that are no colour or number: the fields are
    given libass's defaults (reported, with the line), and every writer writes the script: the
    ASS and SSA written load in pysubs2.  Before, the line was copied as it was (the ASS written
    did not load in pysubs2) and the writers through pysubs2 stopped with an internal error."""
    fields = _GOOD_STYLE[:cut].split(",")
    for at, junk in garble:
        if at < len(fields):
            fields[at] = junk
    fields[0] = "Big"
    script = (
        "[Script Info]\nScriptType: v4.00+\n\n[V4+ Styles]\nFormat: " + ASS_STYLE_FORMAT + "\n"
        "Style: " + ",".join(fields) + "\n\n[Events]\n"
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        "Dialogue: 0,0:00:01.00,0:00:02.00,Big,,0,0,0,,Hello\n"
    )
    report = Report()
    out = dumps(loads(script, "ass", report=report), to, report=report)
    assert "Hello" in out
    if to in ("ass", "ssa"):
        assert [e.text for e in pysubs2.SSAFile.from_string(out)] == ["Hello"]
    repaired = [e for e in report.by_action("repaired") if e.step == "ass" and e.reason.startswith("style field")]
    assert all(e.line == 6 for e in repaired)

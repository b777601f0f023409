"""The format registry: every name, alias and extension comes from the format modules' declarations."""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Iterator
from typing import get_args

import pysubs2
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import subconv
from subconv import batch, formats
from subconv.cli import build_parser
from subconv.formats import Format, WriteOptions, escapes, from_extension, generic, get, names, output_format
from subconv.formats.placement import cue_align
from subconv.model import Cue, FrozenMap, Span, SpanKind, Track
from subconv.report import Report
from subconv.timefmt import to_resolution


@pytest.mark.parametrize("name", names())
def test_every_name_loads_and_its_aliases_lead_back(name: str) -> None:
    fmt = get(name)
    assert fmt.name == name
    for alias in fmt.aliases:
        assert get(alias).name == name
        assert get(alias.upper()).name == name


def _claimants(ext: str) -> list[Format]:
    return [get(n) for n in names() if ext in get(n).extensions]


@pytest.mark.parametrize(("name", "ext"), [(n, e) for n in names() for e in get(n).extensions])
def test_every_extension_resolves_back_to_its_format(name: str, ext: str) -> None:
    """An ending reads as its format, unless a format earlier in the registry claims it too
    (``.txt`` is read as a page, ``.sub`` as MicroDVD when the content does not tell)."""
    first = _claimants(ext)[0]
    assert from_extension("clip" + ext) == from_extension("CLIP" + ext.upper()) == first.name
    if first.name != name:
        assert names().index(first.name) < names().index(name)
    writers = [f for f in _claimants(ext) if f.write is not None]
    assert output_format("clip" + ext) == (writers[0].name if writers else None)
    if get(name).write is not None and writers[0].name != name:
        assert names().index(writers[0].name) < names().index(name)


@pytest.mark.parametrize("ext", sorted({e for n in names() for e in get(n).extensions}))
def test_folder_mode_and_single_file_mode_agree_on_every_extension(ext: str) -> None:
    """A folder conversion considers exactly the files a single-file conversion reads by name."""
    single = subconv.detect_format("", "clip" + ext)
    assert single == from_extension("clip" + ext)
    assert batch.is_input_name("clip" + ext)


@pytest.mark.parametrize("ext", [".wav", ".mp4", ".py", ".srt.bak", ""])
def test_other_endings_belong_to_no_format(ext: str) -> None:
    assert from_extension("clip" + ext) is None
    assert not batch.is_input_name("clip" + ext)


def test_sniff_order_holds_every_sniffable_format_once() -> None:
    order = formats.sniff_order()
    assert len(order) == len(set(order))
    assert order[:8] == ["vtt", "sbv", "subviewer", "ttml", "textgrid", "ass", "srt", "page"]
    assert "txt" not in order  # (page claims only its signed shapes: timed-text XML, json3)


@pytest.mark.parametrize("name", [n for n in formats.writable() if get(n).sniff_rank is not None])
@pytest.mark.parametrize("ends", ["\r", "\r\n"])
def test_a_written_file_with_other_line_ends_is_told_by_its_content(name: str, ends: str) -> None:
    """A file with CR (old Mac) or CR LF line ends is the format its LF twin is: every reader
    takes them.  An ASS script of CR line ends, on standard input or in a ``.txt``, was read as a
    caption page (its ``[Script Info]`` and ``Dialogue:`` lines became cues, exit 0)."""
    track = Track([Cue(1000, 2000, ("Hello",)), Cue(3000, 4500, ("two", "lines"))], title="T")
    text = subconv.dumps(track, name)
    found = subconv.detect_format(text)
    assert subconv.detect_format(text.replace("\n", ends)) == found
    assert [c.text for c in subconv.loads(text.replace("\n", ends))] == [c.text for c in subconv.loads(text)]


def test_cli_lists_the_writable_formats() -> None:
    sub = build_parser()._subparsers._group_actions[0].choices["convert"]  # type: ignore[union-attr,index]
    shown = " ".join(sub.format_help().split())  # the help as printed, its lines joined
    listed = shown.split("output format: ", 1)[1].split(" (txt:", 1)[0]
    assert listed.split(", ") == formats.writable()
    assert "page" not in formats.writable()


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(formats.writable()), st.lists(st.booleans(), min_size=1, max_size=8))
def test_every_writer_leaves_out_a_cue_with_no_text_and_says_so(name: str, empty: list[bool]) -> None:
    """A cue with no text (an SRT cue with no lines, a SAMI "clear" sync) is left out by every
    writer, each one reported with its line, and nothing invisible is written for it.  Before,
    the writers that go through pysubs2 (MicroDVD, MPL2, TMP, JSON) stopped with an internal
    error, SBV and SubViewer wrote it as a lone U+2060 (unreported), TTML as an empty ``<p>``."""
    cues = [Cue(k * 2000, k * 2000 + 1500, () if e else (f"line {k}",), source_line=k + 1) for k, e in enumerate(empty)]
    report = Report()
    out = subconv.dumps(Track(tuple(cues)), name, report=report)
    assert all(f"line {k}" in out for k, e in enumerate(empty) if not e)
    dropped = sorted(e.line for e in report.by_action("dropped") if e.line)
    assert dropped == [k + 1 for k, e in enumerate(empty) if e]
    assert "\u2060" not in out
    if name != "txt" and not all(empty):  # (read back: the cues with text, no more)
        assert len(subconv.loads(out, name).cues) == empty.count(False)


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(["ass", "ssa", "subviewer", "ttml"]), st.text(max_size=60))
def test_a_title_holding_line_breaks_stays_one_header_field(name: str, title: str) -> None:
    """A track's title (a TTML ``<ttm:title>``, a page's ``<title>``) is written as one field of
    the header whatever it holds: read back, the file has the same cues.  Before, a TTML title
    holding ``[Events]`` and a ``Dialogue:`` line was written as lines of the ASS script, and
    pysubs2, ffmpeg and subconv showed one more subtitle."""
    track = Track((Cue(1000, 2000, ("Hello",)), Cue(3000, 4000, ("there",))), title=title)
    for injected in (title, f"{title}\n[Events]\nDialogue: 0,0:00:00.00,0:00:09.00,Default,,0,0,0,,X\n"):
        out = subconv.dumps(track.replace(title=injected), name)
        assert [c.text for c in subconv.loads(out, name)] == ["Hello", "there"], out


@pytest.mark.parametrize(("name", "ext"), [("sbv", ".sbv"), ("subviewer", ".sub"), ("ttml", ".ttml"), ("txt", ".txt")])
def test_first_extension_is_the_output_extension(name: str, ext: str) -> None:
    fmt = get(name)
    assert fmt.extensions[0] == ext and fmt.write is not None
    assert batch.output_suffix(name) == ext


# --------------------------------------------------------------------- adding a format


def _read_toy(text: str, report: Report) -> Track:
    cues = []
    for n, line in enumerate(text.splitlines()[1:], 2):
        start, end, words = line.split(" ", 2)
        cues.append(Cue(int(start), int(end), (words,), source_line=n))
    return Track(tuple(cues))


def _write_toy(track: Track, options: WriteOptions, report: Report) -> str:
    return "TOY\n" + "".join(f"{c.start} {c.end} {' '.join(c.lines)}\n" for c in track.cues)


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> Iterator[Format]:
    """A format added as the registry's recipe says: one module, one name in ``MODULES``."""
    module = types.ModuleType("subconv.formats.toy")
    fmt = Format(
        name="toy",
        extensions=(".toy", ".toys"),
        aliases=("toyfmt",),
        sniff=lambda text: text.startswith("TOY\n"),
        sniff_rank=5,
        read=_read_toy,
        write=_write_toy,
    )
    module.FORMAT = fmt  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(formats, "MODULES", (*formats.MODULES, "toy"))
    monkeypatch.setattr(formats, "_cache", {})
    yield fmt


def test_a_new_format_module_is_seen_everywhere(toy: Format) -> None:
    assert "toy" in names() and "toy" in formats.writable()
    assert get("TOYFMT").name == "toy"
    assert from_extension("a/b.TOYS") == output_format("b.toy") == "toy"
    assert batch.is_input_name("b.toy") and batch.output_suffix("toy") == ".toy"
    assert formats.sniff("TOY\n0 10 hi\n") == "toy" == formats.sniff_order()[0]
    track = subconv.loads("TOY\n0 1000 Hello\n")
    assert track.format == "toy" and track.cues[0].text == "Hello"
    assert subconv.dumps(track, "srt") == "1\n00:00:00,000 --> 00:00:01,000\nHello\n"
    sub = build_parser()._subparsers._group_actions[0].choices["convert"]  # type: ignore[union-attr,index]
    assert "toy" in sub.format_help()


def test_without_the_module_the_format_is_unknown() -> None:
    assert "toy" not in names() and from_extension("b.toy") is None
    with pytest.raises(subconv.UnknownFormatError):
        get("toy")


# --------------------------------------------------------------------- capabilities


@pytest.mark.parametrize("name", [n for n in names() if get(n).markup])
def test_a_format_declaring_markup_keeps_spans(name: str) -> None:
    track = Track((Cue(0, 1000, ("an italic word",), (Span(3, 9, "i"),)),))
    report = Report()
    again = subconv.loads(subconv.dumps(track, name, report=report), name)
    assert again.cues[0].spans == (Span(3, 9, "i"),)
    assert not report.changes()


_WRITERS = [n for n in names() if get(n).write is not None]


@pytest.mark.parametrize("name", [n for n in _WRITERS if not get(n).markup])
def test_a_format_without_markup_reports_the_spans_dropped(name: str) -> None:
    """Every writer of a format without markup says, once, how many cues lost their spans
    (before, MPL2, MicroDVD, TMP and TextGrid said nothing)."""
    report = Report()
    track = Track(
        (Cue(0, 1000, ("an italic word",), (Span(3, 9, "i"),)), Cue(2000, 3000, ("bold", "x"), (Span(0, 4, "b"),)))
    )
    subconv.dumps(track, name, report=report)
    said = [e.reason for e in report.changes() if e.action == "dropped"]
    assert len(said) == 1 and said[0].startswith(f"italic/bold/underline of 2 cues: {name} "), said


_TOP = FrozenMap({"srt.align": "8"})


@pytest.mark.parametrize("name", [n for n in _WRITERS if not get(n).placement])
def test_a_format_without_placement_reports_the_placement_dropped(name: str) -> None:
    report = Report()
    cues = (Cue(0, 1000, ("top",), extras=_TOP), Cue(2000, 3000, ("bottom",), extras=FrozenMap({"srt.align": "2"})))
    subconv.dumps(Track(cues), name, report=report)
    said = [e.reason for e in report.changes() if e.action == "dropped"]
    assert said == [f"placement of 1 cues: {name} has no positioning"]


@pytest.mark.parametrize("name", [n for n in _WRITERS if get(n).placement])
def test_a_format_declaring_placement_keeps_it(name: str) -> None:
    report = Report()
    track = Track((Cue(0, 1000, ("top",), extras=_TOP),))
    again = subconv.loads(subconv.dumps(track, name, report=report), name)
    assert cue_align(again.cues[0], {}) == "8"
    assert not report.changes()


def _styling(cue: Cue) -> set[tuple[str, int]]:
    """The (kind, offset) of each drawn character of ``cue`` a span covers."""
    return {(sp.kind, i) for sp in cue.spans for i in range(sp.start, sp.end) if not cue.text[i].isspace()}


@st.composite
def _styled_cues(draw: st.DrawFn) -> tuple[Cue, ...]:
    """Cues of words and line breaks, each span over at least one letter: whole lines, whole
    cues and parts of them, of every kind."""
    cues = []
    for k in range(draw(st.integers(1, 4))):
        lines = draw(st.lists(st.sampled_from(["ab", "c d", "efg h"]), min_size=1, max_size=3))
        size = len("\n".join(lines))
        whole = st.tuples(st.just(0), st.just(size))
        bounds = st.tuples(st.integers(0, size - 1), st.integers(1, size)).filter(lambda b: b[0] < b[1])
        kinds = st.sampled_from(get_args(SpanKind))
        picked = draw(st.lists(st.tuples(st.one_of(whole, bounds), kinds), max_size=3))
        text = "\n".join(lines)
        spans = sorted(
            {Span(a, b, kind) for (a, b), kind in picked if text[a:b].strip()}, key=lambda s: (s.start, s.end, s.kind)
        )
        cues.append(Cue(2000 * k, 2000 * k + 1500, tuple(lines), tuple(spans), source_line=k + 1))
    return tuple(cues)


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from([n for n in _WRITERS if not get(n).markup and get(n).times]), cues=_styled_cues())
def test_styling_is_written_where_the_format_holds_it_and_every_cue_losing_some_counted(
    name: str, cues: tuple[Cue, ...]
) -> None:
    """What a format without full markup writes of a cue's italic/bold/underline reads back as it
    was (MPL2: a line in italics, ``/``; MicroDVD: a whole cue, ``{Y:i}``/``{Y:b}``/``{Y:u}``),
    and the cues that lose any are counted in one ``dropped`` entry: none silent, none counted
    that lost nothing.  Before, MPL2, MicroDVD, TMP and TextGrid reported nothing, MPL2 wrote no
    italics, and TMP wrote ``<i>`` tags its reader deletes."""
    report = Report()
    written = subconv.dumps(Track(cues), name, report=report)
    back = subconv.loads(written, name).cues
    assert [c.text for c in back] == [c.text for c in cues]
    lost = sum(_styling(b) != _styling(c) for b, c in zip(back, cues, strict=True))
    said = [e.reason for e in report.changes() if e.action == "dropped"]
    assert len(said) == bool(lost), said
    assert not said or said[0].startswith(f"italic/bold/underline of {lost} cues: {name} ")
    assert name == "textgrid" or "<" not in written  # (no tag a reader deletes: TMP wrote <i>)
    for b, c in zip(back, cues, strict=True):
        italic_lines = {k for k, line in enumerate(c.lines) if _line_styling(c, k) == {"i"}}
        if name == "mpl2":
            assert {k for k in range(len(b.lines)) if _line_styling(b, k) == {"i"}} >= italic_lines
        if name == "microdvd" and len(italic_lines) == len(c.lines):
            assert _styling(b) >= {("i", i) for _, i in _styling(c)}


def _line_styling(cue: Cue, k: int) -> set[str]:
    """The span kinds over every drawn character of line ``k`` of ``cue``."""
    start = sum(len(line) + 1 for line in cue.lines[:k])
    drawn = [i for i in range(start, start + len(cue.lines[k])) if not cue.text[i].isspace()]
    return {kind for kind in "ibus" if all((kind, i) in _styling(cue) for i in drawn)}


# (not a transcript, nor JSON, TMP (start times only) or MicroDVD (frames): no times to read back)
@pytest.mark.parametrize(
    "name", [n for n in names() if get(n).write is not None and n not in ("txt", "json", "tmp", "microdvd")]
)
def test_the_declared_resolution_is_what_the_writer_keeps(name: str) -> None:
    fmt = get(name)
    track = Track((Cue(1234, 5678, ("x",)),))
    again = subconv.loads(subconv.dumps(track, name), name)
    res = fmt.resolution_ms
    times = (again.cues[0].start, again.cues[0].end)
    if name not in {f.name for f in generic.FORMATS}:  # subconv's own writers round (pysubs2's truncate)
        assert times == (to_resolution(1234, res), to_resolution(5678, res))
    for got, ms in zip(times, (1234, 5678), strict=True):
        assert got is not None and got % res == 0 and abs(got - ms) < res


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from([n for n in formats.writable() if n != "txt"]),
    st.lists(st.sampled_from(["a", "big b", "c.", "\r", "\r\n", "\n", " "]), min_size=1, max_size=8).map("".join),
)
def test_a_carriage_return_inside_a_line_loses_no_text(name: str, text: str) -> None:
    """A cue made through the library whose line holds a carriage return (``\\r``, ``\\r\\n``):
    every writer keeps all of its text (a line break there, as readers break a line).  Before,
    the ASS, SSA, MPL2, TMP and JSON writers wrote the CR as it was, and the text after it was
    lost on reading, silently."""
    track = Track((Cue(1000, 2000, (f"x{text}y",)), Cue(3000, 4000, ("next",))))
    back = subconv.loads(subconv.dumps(track, name), name)
    assert "".join(back.cues[0].text.split()) == "".join(f"x{text}y".split())
    assert [c.text for c in back.cues[1:]] == ["next"]


#: the characters ``str.splitlines`` breaks a line at, besides a line feed
_BREAKS = ["\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
#: the formats subconv writes that pysubs2 reads too (TTML aside: pysubs2 makes every run of
#: white space in its text one space, two spaces too)
_PYSUBS2_READS = ("srt", "vtt", "ass", "ssa", "microdvd", "mpl2", "tmp", "json")


def _as_reported(text: str, reasons: set[str], name: str) -> list[str]:
    """The lines of ``text`` as the writer of format ``name`` whose report gives ``reasons`` says
    it wrote them (white space at line ends: what its readers lose, ``escapes.BLANKS``)."""
    if escapes.CR_AS_BREAKS in reasons:
        text = re.sub("\r\n?", "\n", text)
    if escapes.CONTROLS_REMOVED in reasons:
        text = re.sub("[\x1c-\x1e]", "", text)
    if any(r.startswith("characters XML cannot hold") for r in reasons):
        text = re.sub("[\x0b\x0c\x1c-\x1e]", "", text)
    lines = text.split("\n")
    if "spaces at the start or end of a line not written" in reasons:  # (SBV, SubViewer: no tidying)
        lines = [ln.strip(" \t") for ln in lines]
    if escapes.SPACE_REMOVED in reasons:
        tidied = escapes.tidy(Cue(0, 1, tuple(lines)), escapes.BLANKS.get(name, escapes.ALL_BLANKS))[0]
        assert tidied is not None
        lines = list(tidied.lines)
    return lines


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from([n for n in formats.writable() if n != "txt"]),
    st.lists(st.sampled_from(["a", "big b", "c.", " ", "\n", *_BREAKS]), min_size=1, max_size=8).map("".join),
)
@example("microdvd", "\u2028")
@example("textgrid", "\x0c")
@example("json", "\x1c")
@example("json", "\r")
@example("sbv", "\r")
def test_a_line_reads_back_as_the_report_says_it_was_written(name: str, text: str) -> None:
    """A cue whose lines hold characters some readers break a line at (U+2028, U+2029, U+0085,
    VT, FF, CR, FS/GS/RS): every writer writes it so that subconv, and pysubs2 where it reads the
    format, read back the lines the report says were written: the character kept as text where
    the format holds it, else a line break or nothing, reported with the cue's line.  Before,
    MicroDVD (pysubs2's writer) and TextGrid (subconv's reader) read ``a\u2028b`` back as two
    lines, and JSON removed control characters and broke lines at CR with nothing reported."""
    written = f"x{text}y"
    track = Track((Cue(1000, 2000, tuple(written.split("\n")), source_line=3), Cue(3000, 4000, ("next",))))
    report = Report()
    out = subconv.dumps(track, name, report=report)
    changes = [e for e in report.changes() if e.action != "warning"]
    assert all(e.line == 3 or e.line is None for e in changes)
    lines = _as_reported(written, {e.reason for e in changes}, name)
    back = subconv.loads(out, name)
    assert [c.lines for c in back.cues] == [tuple(lines), ("next",)]
    if name in _PYSUBS2_READS:
        theirs = pysubs2.SSAFile.from_string(out, format_=name)
        plain = [ev.plaintext.replace(escapes.WJ, "").split("\n") for ev in theirs.get_text_events()]
        assert plain == [[ln.replace(escapes.WJ, "") for ln in lines], ["next"]]


@pytest.mark.parametrize("name", [n for n in formats.writable() if get(n).times])
def test_every_writer_swaps_a_cue_that_ends_before_it_starts_and_says_so(name: str) -> None:
    """A cue made through the library that ends before it starts: every writer writes its times
    swapped, reported ``repaired`` with its line.  Before, SBV, SubViewer and TTML wrote the end
    before the start, unreported (a TTML paragraph never shown)."""
    track = Track((Cue(5000, 3000, ("hello",), source_line=7), Cue(6000, 7000, ("next",), source_line=11)))
    report = Report()
    back = subconv.loads(subconv.dumps(track, name, report=report), name)
    first = back.cues[0]
    assert first.start is not None and first.end is not None and first.start < first.end
    assert [e.line for e in report.by_action("repaired") if "swapped" in e.reason] == [7]

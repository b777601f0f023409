"""JSON cue lists: the timed text tools and sites export as JSON arrays, read as cues."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import subconv
from subconv.errors import ParseError
from subconv.formats import sniff
from subconv.formats.cuelist import _integral, _raw
from subconv.report import Report
from tests.clirun import run_subconv

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / ".." / "shared" / "corpus"

Spec = tuple[str, int, int]  # text, start ms, end ms


def shape(name: str, cues: list[Spec]) -> str:
    """``cues`` written as one of the JSON shapes met in the wild."""
    if name == "triples":  # [text, start s, end s] (word and sentence timings)
        data: object = [[t, s / 1000, e / 1000] for t, s, e in cues]
    elif name == "objects":  # {"start": ms, "end": ms, "text": ...}
        data = [{"index": i, "start": s, "end": e, "text": t} for i, (t, s, e) in enumerate(cues, 1)]
    elif name == "typed":  # {"type": "cue", "data": {...}}, a header item first
        data = [{"type": "header", "data": "WEBVTT"}] + [
            {"type": "cue", "data": {"start": s, "end": e, "text": t}} for t, s, e in cues
        ]
    elif name == "youtube":  # tStartMs and dDurationMs
        data = [{"tStartMs": s, "dDurationMs": e - s, "content": t} for t, s, e in cues]
    else:  # an aligner's sync map: seconds as strings, the text as lines
        data = {
            "fragments": [
                {"begin": f"{s / 1000:.3f}", "end": f"{e / 1000:.3f}", "lines": t.split("\n")} for t, s, e in cues
            ]
        }
    return json.dumps(data, ensure_ascii=False, indent=1)


#: (U+2028, NEL and a form feed are text, not line ends: before, ``str.splitlines`` broke the
#: line there, silently)
_TEXT = st.text(st.sampled_from(list('ab "\\é中[]{},:\u2028\x85\x0c')), min_size=1, max_size=10).filter(
    lambda t: t.strip() != ""
)
_CUES = st.lists(
    st.tuples(_TEXT, st.integers(0, 10**7), st.integers(100, 10_000)).map(lambda c: (c[0].strip(), c[1], c[1] + c[2])),
    min_size=1,
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(_CUES, st.sampled_from(["triples", "objects", "typed", "youtube", "syncmap"]))
def test_every_shape_reads_back_its_cues(cues: list[Spec], name: str) -> None:
    text = shape(name, cues)
    assert sniff(text) == "cuelist"
    report = Report()
    track = subconv.loads(text, report=report)
    want = sorted(((s, e, t) for t, s, e in cues), key=lambda c: (c[0], c[1]))
    got = [(c.start, c.end, c.text) for c in track]
    assert [(s, e) for s, e, _ in got] == [(s, e) for s, e, _ in want]
    assert sorted(t for _, _, t in got) == sorted(t for _, _, t in want)
    assert len(report.by_action("dropped")) == (1 if name == "typed" else 0)  # the header item, reported


def test_items_that_are_not_cues_are_reported_with_their_line() -> None:
    text = '[\n ["a", 1.0, 2.0],\n {"style": "x"},\n ["b", "soon", 3.0],\n ["c", 4.0, 3.5]\n]'
    report = Report()
    track = subconv.loads(text, report=report)
    assert [(c.start, c.end, c.text) for c in track] == [(1000, 2000, "a"), (3500, 4000, "c")]
    assert [(e.action, e.line) for e in report.entries if e.step == "cuelist"] == [
        ("dropped", 3),
        ("dropped", 4),
        ("repaired", 5),
    ]


@pytest.mark.parametrize("text", ['[["a", 1.0, 2.0],\n ["b" 2.0]]', '[["a", 1.0, 2.0]\n\n x', '{"fragments": 3}'])
def test_broken_json_is_an_error_at_its_line(text: str) -> None:
    with pytest.raises(ParseError) as err:
        subconv.loads(text, "cuelist")
    assert err.value.line is not None and err.value.line >= 1


def test_pysubs2_json_is_still_read_as_pysubs2_json(tmp_path: Path) -> None:
    import pysubs2

    subs = pysubs2.SSAFile()
    subs.append(pysubs2.SSAEvent(start=1000, end=2500, text="Hello"))
    path = tmp_path / "p.json"
    subs.save(str(path))
    report = Report()
    track = subconv.read(path, report=report)
    assert report.info["format"] == "json"
    assert [(c.start, c.end, c.text) for c in track] == [(1000, 2500, "Hello")]


@pytest.mark.parametrize(
    ("path", "count", "first"),
    [
        ("timed/3b1b/bitcoin/en.sentence_timings.json", 192, (3900, 6480, "What does it mean to have a Bitcoin?")),
        ("timed/3b1b/bitcoin/en.word_timings.json", 4358, (3900, 4420, "What")),
        ("odd/subtitle.js/LaLaLand.vtt.json", 1333, (1, 5000, "Subtitles: @marlonrock1986 (^^V^^)")),
        ("odd/subsrt/sample.json", 5, (599, 4160, "Hi, my name is Alice Miller and this is John Brown")),
        ("speech/aeneas-sonnet1.en.aeneas-syncmap.json", 15, (0, 2680, "1")),
    ],
)
def test_real_cue_lists(path: str, count: int, first: tuple[int, int, str]) -> None:
    src = CORPUS / path
    if not src.is_file():
        pytest.skip("../shared/corpus is absent")
    report = Report()
    track = subconv.read(src, report=report)
    assert report.info["format"] == "cuelist"
    assert len(track) == count
    assert (track.cues[0].start, track.cues[0].end, track.cues[0].text) == first
    assert all(c.start is not None and c.end is not None and c.start <= c.end for c in track)


def test_the_command_line_converts_a_cue_list_and_rejects_a_broken_one(tmp_path: Path) -> None:
    good, bad = tmp_path / "t.json", tmp_path / "b.json"
    good.write_text('[["Hello", 1.5, 2.5]]', encoding="utf-8")
    bad.write_text('[["Hello", 1.5, 2.5],\n["x" 1]]', encoding="utf-8")
    run = [sys.executable, "-m", "subconv", "convert"]
    ok = subprocess.run(
        [*run, str(good), "-o", str(tmp_path / "t.srt")], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert ok.returncode == 0, ok.stderr
    assert (tmp_path / "t.srt").read_text(encoding="utf-8") == "1\n00:00:01,500 --> 00:00:02,500\nHello\n"
    no = subprocess.run(
        [*run, str(bad), "-o", str(tmp_path / "b.srt")], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert no.returncode == 1 and no.stderr.startswith(f"subconv: error: {bad}:2:"), no.stderr
    assert not (tmp_path / "b.srt").exists()


def test_markup_in_the_text_is_read_as_srt_reads_it() -> None:
    text = json.dumps([["<i>City of stars,</i>", 1.0, 2.0], ["a < b <b>c", 3.0, 4.0]])
    report = Report()
    track = subconv.loads(text, report=report)
    first, second = track.cues
    assert (first.text, [(s.start, s.end, s.kind) for s in first.spans]) == ("City of stars,", [(0, 14, "i")])
    assert (second.text, [(s.start, s.end, s.kind) for s in second.spans]) == ("a < b c", [(6, 7, "b")])
    # the tag left open is closed at the cue's end and reported under the format that read it, at its line
    repaired = [(e.step, e.line) for e in report.entries if e.action == "repaired"]
    assert repaired == [("cuelist", 1)]


@pytest.mark.skipif(not (CORPUS / "odd" / "subtitle.js").is_dir(), reason="../shared corpus not present")
@pytest.mark.parametrize("name", ["LaLaLand.srt.json", "LaLaLand.vtt.json"])
def test_an_exported_subtitle_files_italics_stay_italics(name: str, tmp_path: Path) -> None:
    src = CORPUS / "odd" / "subtitle.js" / name
    out = tmp_path / "out.srt"
    done = run_subconv("convert", str(src), "-o", str(out))
    assert done.returncode == 0, done.stderr
    written = out.read_text(encoding="utf-8")
    assert "\u2060" not in written  # before: each tag was text, escaped with an invisible character
    assert written.count("<i>") == written.count("</i>") == src.read_text(encoding="utf-8").count("<i>")


# -- read in pieces (``read_pieces``: the command line's way with a large list) ----------------

_TIMES = st.one_of(
    st.floats(0, 5000, allow_nan=False).map(lambda v: round(v, 3)),
    st.integers(0, 5_000_000),
    st.sampled_from(("1.5", "12", " 7 ", "x", "-3", None, True, [1])),
)
_TEXTS = st.sampled_from(("Hi", "a <i>b</i>", "<b>x", "", "  ", "two\nlines", "{\\an8}top", "é 😀", "\u2060x"))


@st.composite
def _json_item(draw: st.DrawFn) -> object:
    text, a, b = draw(_TEXTS), draw(_TIMES), draw(_TIMES)
    form = draw(st.sampled_from(("triple", "object", "duration", "data", "ms", "other")))
    if form == "triple":
        return [text, a, b]
    if form == "object":
        return {"start": a, "end": b, "text": text, "speaker": draw(st.sampled_from(("", "Ann")))}
    if form == "duration":
        return {"begin": a, "dur": b, "caption": text}
    if form == "data":
        return {"type": "cue", "data": {"from": a, "to": b, "lines": text.split("\n")}}
    if form == "ms":
        return {"tStartMs": a, "dDurationMs": b, "content": text}
    return draw(st.sampled_from(({"type": "header"}, 3, "note", None, {"text": "no times"})))


@st.composite
def _json_list(draw: st.DrawFn) -> tuple[str, bool]:
    """A JSON cue list (as a text, with ``\\n`` or ``\\r\\n`` and indents), and whether its first
    cue item has a time that is not a whole number (it is then read in pieces)."""
    items = draw(st.lists(_json_item(), max_size=8))
    first = next((i for i in items if _raw(i) is not None), None)
    indent = draw(st.sampled_from((None, 1, 2)))
    text = json.dumps(items, indent=indent, ensure_ascii=draw(st.booleans()))
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text + "\n"
    raw = None if first is None else _raw(first)
    return text, raw is not None and not (_integral(raw[1]) and _integral(raw[2]))


@settings(max_examples=200, deadline=None)
@given(doc=_json_list(), points=st.lists(st.integers(0, 400), max_size=6))
def test_in_pieces_reads_as_whole(doc: tuple[str, bool], points: list[int]) -> None:
    """Cut anywhere, a list is read as the whole text is (cues, their lines, report entries in
    the same order, the unit of the times); whole numbers as the first cue's times (their unit
    needs every cue) make it say the whole text is needed, and nothing else does."""
    from subconv.errors import WholeInputNeeded
    from subconv.formats.cuelist import read, read_pieces

    text, in_pieces = doc
    at = sorted(min(p, len(text)) for p in points)
    pieces = [text[a:b] for a, b in zip([0, *at], [*at, len(text)], strict=True)]
    whole = Report()
    expected = read(text, whole)
    got = Report()
    try:
        track = read_pieces(iter(pieces), got)
    except WholeInputNeeded:
        assert not in_pieces
        return
    assert in_pieces or not expected.cues
    assert (track, [c.source_line for c in track.cues]) == (expected, [c.source_line for c in expected.cues])
    assert got.entries == whole.entries
    assert got.info == whole.info


def test_a_millisecond_string_that_is_not_whole_is_read_not_a_crash() -> None:
    report = Report()
    text = json.dumps(
        [
            {"tStartMs": "1500.4", "dDurationMs": 1000, "content": "Hi"},
            {"tStartMs": "x", "dDurationMs": 5, "content": "No"},
        ]
    )
    track = subconv.loads(text, "cuelist", report=report)
    assert [(c.start, c.end, c.text) for c in track.cues] == [(1500, 2500, "Hi")]
    assert [e.line for e in report.entries.of_action("dropped")] == [1]

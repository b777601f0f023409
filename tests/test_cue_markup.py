"""A cue's text with its markup (``subconv.markup``, ``subconv.with_markup``), as pysubs2 users
read and edit ``event.text``: the text the format's writer writes, read back by its reader."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import subconv
from subconv import Cue, ParseError, Report, Span, Track, UnknownFormatError, markup, with_markup
from subconv.formats.ass import writes
from subconv.model import FrozenMap
from tests.formats.helpers import ASS_HEAD
from tests.strategies import tracks

EVENTS = "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
FORMATS = ("ass", "ssa", "srt", "vtt")


def _ass(*events: str) -> Track:
    return subconv.loads(
        EVENTS + "".join(f"Dialogue: 0,0:00:01.00,0:00:04.00,Default,Ann,0,0,0,,{e}\n" for e in events)
    )


@st.composite
def _marked_tracks(draw: st.DrawFn) -> Track:
    """Tracks of hostile text, spans and speakers whose cues also carry markup of the model's
    extras: a placement, ASS override tags between their words, an SRT font."""
    track = draw(tracks(hostile=True, speaker=True, resolution=10))
    cues = []
    for cue in track:
        extras: dict[str, str | tuple[str, ...]] = {}
        if draw(st.booleans()):
            extras["ass.align"] = draw(st.sampled_from("1245789"))
        if draw(st.booleans()):
            blocks = draw(
                st.lists(
                    st.sampled_from([r"{\pos(10,20)}", r"{\1c&H0000FF&}", r"{\fs30}", r"{\bord0}"]),
                    min_size=1,
                    max_size=2,
                )
            )
            extras["ass.tags"] = "".join(blocks)
            extras["ass.tags.at"] = tuple(str(draw(st.integers(0, len(cue.text)))) for _ in blocks)
        if draw(st.booleans()):
            extras["srt.font"] = draw(st.sampled_from(['<font color="#ff0000">', '<font face="Arial">']))
        cues.append(cue.replace(extras=FrozenMap(extras)) if extras else cue)
    return track.with_cues(cues)


@pytest.mark.parametrize("fmt", FORMATS)
@given(track=_marked_tracks())
def test_markup_read_back_gives_the_cue_the_reader_made(fmt: str, track: Track) -> None:
    """``with_markup(cue, markup(cue, f), f) == cue`` for every cue as the reader of ``f`` makes
    it (the track written, then read back), and the markup is the text the writer writes."""
    read = subconv.loads(subconv.dumps(track, fmt), fmt)
    for cue in read:
        text = markup(cue, fmt)
        assert with_markup(cue, text, fmt) == cue
        assert text in _written_texts(Track((cue,)), fmt)


def _written_texts(track: Track, fmt: str) -> list[str]:
    """The text of each cue in the file ``fmt``'s writer writes of ``track``."""
    out = subconv.dumps(track, fmt)
    if fmt in ("ass", "ssa"):
        return [line.split(",", 9)[9] for line in out.split("\n") if line.startswith(("Dialogue:", "Comment:"))]
    blocks = out.split("\n\n")[1:] if fmt == "vtt" else out.split("\n\n")
    return [b.partition("-->")[2].partition("\n")[2].rstrip("\n") for b in blocks if "-->" in b]


_MARKUP_CHARS = st.sampled_from(list("ab <>/{}\\&;:,.0123456789-NnhikbpsuvC\n \u2060\u00a0\r\t\x00"))


@pytest.mark.parametrize("fmt", FORMATS)
@given(text=st.one_of(st.text(_MARKUP_CHARS, max_size=40), st.text(max_size=20)))
@example(text="\t\u2060")  # (read as a line of a tab, once written as the WJ before it: read back empty)
def test_any_text_is_read_as_a_cue_or_refused_with_its_line(fmt: str, text: str) -> None:
    """Any text given is a cue the reader makes, whose markup (the text as the writer writes it:
    tidied) reads back as a cue of that markup, or a :class:`ParseError` naming a line of the
    text (never another exception)."""
    try:
        cue = with_markup(Cue(1000, 9000, ("x",), speaker="Ann"), text, fmt)
    except ParseError as exc:
        assert exc.line is not None and 1 <= exc.line <= text.count("\n") + 1
        return
    written = markup(cue, fmt)
    again = with_markup(cue, written, fmt)
    assert markup(again, fmt) == written
    assert with_markup(again, written, fmt) == again


def test_the_markup_in_each_format() -> None:
    cue = _ass(r"{\an8}{\pos(1,2)}{\i1}Hi{\i0} {\1c&H0000FF&}you\N<b> &")[0]
    assert markup(cue) == r"{\an8}{\pos(1,2)}{\i1}Hi{\i0} {\1c&H0000FF&}you\N<b> &"
    report = Report()
    # (its colour over its own text)
    assert markup(cue, "srt", report=report) == '{\\an8}<i>Hi</i> <font color="#ff0000">you\n<\u2060b> &</font>'
    assert [(e.action, e.reason, e.line) for e in report.entries] == [
        ("rewritten", "ASS override tags (pos): not carried to srt", 3)
    ]
    assert markup(cue, "vtt") == "<v Ann><i>Hi</i> you\n&lt;b&gt; &amp;"
    assert markup(cue, "webvtt") == markup(cue, "vtt") and markup(cue, "SSA") == markup(cue)


def test_an_edit_of_the_markup_keeps_what_it_keeps_as_in_pysubs2() -> None:
    """``event.text = event.text.replace(...)``, ``{\\an8}`` added, tags stripped."""
    cue = _ass(r"{\i1}Hello{\i0} {\pos(10,20)}world")[0]
    edited = with_markup(cue, markup(cue).replace("world", "there"))
    assert (edited.text, edited.spans, edited.extras.get("ass.tags")) == (
        "Hello there",
        (Span(0, 5, "i"),),
        r"{\pos(10,20)}",
    )
    assert markup(edited) == r"{\i1}Hello{\i0} {\pos(10,20)}there"
    assert (edited.start, edited.end, edited.speaker, edited.source_line) == (1000, 4000, "Ann", cue.source_line)
    top = with_markup(cue, r"{\an8}" + markup(cue))
    assert top.extras.get("ass.align") == "8" and subconv.dumps(Track((top,)), "vtt").split("\n")[2].endswith("line:0")
    bare = with_markup(cue, re.sub(r"\{[^}]*\}", "", markup(cue)))
    assert (bare.text, bare.spans, "ass.tags" in bare.extras) == ("Hello world", (), False)


def test_another_formats_markup_replaces_the_cues_own() -> None:
    """Every format's writer writes a cue's text from all the markup it holds (an ASS colour as
    an SRT font, an SRT font as ASS tags), so a text given replaces all of it."""
    cue = subconv.loads('1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<font color="#ff0000"><i>Hi</i></font>\n', "srt")[0]
    as_ass = markup(cue)
    assert as_ass == r"{\an8}{\c&H0000FF&}{\i1}Hi{\i0}"
    moved = with_markup(cue, as_ass)
    assert dict(moved.extras) == {"ass.tags": r"{\c&H0000FF&}", "ass.align": "8"}
    assert markup(moved) == as_ass and markup(moved, "srt") == markup(cue, "srt")
    report = Report()
    plain = with_markup(_ass(r"{\pos(1,2)}Hi")[0], "Hi", "srt", report=report)
    assert "ass.tags" not in plain.extras
    assert [(e.reason, e.line) for e in report.entries] == [("ASS override tags (pos): not carried to srt", 3)]


@pytest.mark.parametrize("fmt", ["srt", "ass"])
def test_a_text_without_placement_places_the_cue_at_the_bottom(fmt: str) -> None:
    """SRT's and ASS's markup show a WebVTT cue's ``line``/``align`` settings as ``{\\anN}``: a
    text given without it takes them away (the other settings stay)."""
    cue = subconv.loads("WEBVTT\n\n00:01.000 --> 00:02.000 line:0 size:50%\nHi\n", "vtt")[0]
    assert markup(cue, fmt) == r"{\an8}Hi"
    assert with_markup(cue, markup(cue, fmt), fmt).extras["vtt.settings"] == "line:0 size:50%"
    bottom = with_markup(cue, "Hi", fmt)
    assert (markup(bottom, fmt), dict(bottom.extras)) == ("Hi", {"vtt.settings": "size:50%"})
    assert "line:0" not in subconv.dumps(Track((bottom,)), "vtt")


def test_webvtt_markup_holds_the_speaker_and_word_times() -> None:
    cue = subconv.loads("WEBVTT\n\n00:01.000 --> 00:03.000 line:0\n<v Ann>Never <00:00:02.000>drink\n", "vtt")[0]
    assert markup(cue, "vtt") == "<v Ann>Never <00:00:02.000>drink"
    bob = with_markup(cue, "<v Bob>Never <00:00:02.500>drink", "vtt")
    assert (bob.speaker, [w.start for w in bob.words], bob.extras.get("vtt.settings")) == (
        "Bob",
        [1000, 2500],
        "line:0",
    )
    assert with_markup(cue, "Never", "vtt").speaker is None
    assert with_markup(cue, "Never", "srt").speaker == "Ann"


def test_ass_karaoke_and_drawings_are_kept_as_written() -> None:
    karaoke, drawing = _ass(r"{\k50}Hel{\k70}lo", r"a {\p1}m 0 0 l 10 10{\p0}there")
    assert (markup(karaoke), markup(drawing)) == (r"{\k50}Hel{\k70}lo", r"a {\p1}m 0 0 l 10 10{\p0}there")
    assert (karaoke.text, drawing.text) == ("Hello", "a there")
    slower = with_markup(karaoke, markup(karaoke).replace(r"\k70", r"\k100"))
    assert [(w.start, w.end) for w in karaoke.words] == [(1000, 1500), (1500, 2200)]
    assert [(w.start, w.end) for w in slower.words] == [(1000, 1500), (1500, 2500)]
    assert with_markup(drawing, markup(drawing)) == drawing


def test_what_the_reader_repairs_is_reported_with_the_cues_line() -> None:
    cue = subconv.loads("1\n00:00:01,000 --> 00:00:02,000\nHi\n", "srt")[0]
    report = Report()
    new = with_markup(cue, "a</i>\n\n<b>b", "srt", report=report)
    assert (new.text, new.spans) == ("a\n\nb", (Span(3, 4, "b"),))
    assert [(e.action, e.line) for e in report.entries] == [("repaired", 2), ("dropped", 2), ("repaired", 2)]


@pytest.mark.parametrize(
    ("fmt", "text", "line"),
    [
        ("srt", "a\n\n2\n00:00:05,000 --> 00:00:06,000\nb", 4),
        ("srt", "a\n00:00:05,000 --> 00:00:06,000\nb", 2),
        ("vtt", "a\n\nb", 2),
        ("vtt", "a\nb --> c", 2),
        ("vtt", "a\n\nNOTE b", 2),
        ("srt", "a\n00:00:01,000 --> 99999999999999999999:00:00,000\nb", 2),
        ("srt", "a\n\n3\n00:00:01,000 --> 00:000:02,000\nb", 4),
        ("ass", "a\nb", 2),
    ],
)
def test_a_text_that_is_not_one_cue_is_an_error_at_its_line(fmt: str, text: str, line: int) -> None:
    cue = Cue(1000, 2000, ("x",))
    with pytest.raises(ParseError) as caught:
        with_markup(cue, text, fmt)
    assert caught.value.line == line and caught.value.format == fmt


def test_formats_and_arguments_are_checked_as_dumps_checks_them() -> None:
    cue = Cue(0, 1000, ("Hi",))
    for fmt in ("nope", "sami"):
        with pytest.raises(UnknownFormatError) as by_dumps:
            subconv.dumps(Track((cue,)), fmt)
        with pytest.raises(UnknownFormatError) as by_markup:
            markup(cue, fmt)
        with pytest.raises(UnknownFormatError) as by_with_markup:
            with_markup(cue, "Hi", fmt)
        assert str(by_markup.value) == str(by_with_markup.value) == str(by_dumps.value)
    with pytest.raises(
        UnknownFormatError, match="ttml has no markup of one cue's text: use 'srt', 'vtt', 'ass', 'ssa'"
    ):
        markup(cue, "ttml")
    with pytest.raises(TypeError, match=r"markup\(\) takes a subconv.Cue, not Track: give one of its cues"):
        markup(Track((cue,)))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="with_markup"):
        with_markup(cue, None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="report="):
        markup(cue, report="r.json")  # type: ignore[arg-type]


def test_corpus_ass_markup_is_the_event_text_pysubs2_reads(shared: Path) -> None:
    """Each event's markup is the text the ASS writer writes for it and, where that is the line
    as written, the text pysubs2 reads; the one difference is the writer's, white space at line
    ends tidied (reported): override blocks stay as they stood (``{\\fs10\\b1}``, not
    ``{\\fs10}{\\b1}``); and pysubs2 reads no text of events under a ``Format:`` line of fewer
    fields (ffmpeg's ``Layer, Start, End, Style, Text``)."""
    pysubs2 = pytest.importorskip("pysubs2")
    paths = sorted(p for p in (shared / "corpus").rglob("*") if p.is_file() and _has_events(p))
    same = tidied = other_format = 0
    for path in paths:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                events = pysubs2.load(str(path))
            track = subconv.read(path)
        except Exception:
            continue
        assert len(track) == len(events), path
        written = iter(_written_texts(track, track.format or "ass"))
        for cue, event in zip(track, events, strict=True):
            report = Report()
            got = markup(cue, report=report)
            if writes(cue):  # (an event of no visible text is not written)
                assert got == next(written), (path, cue.source_line)
            if got == event.text:
                same += 1
            elif any(e.reason.startswith("white space") for e in report.entries):
                tidied += 1
            else:
                assert event.text == "" and _FEW_FIELDS.search(path.read_text("utf-8", "replace")), (
                    path,
                    cue.source_line,
                )
                other_format += 1
    assert same > 2000 and same > 100 * (tidied + other_format), (same, tidied, other_format)


#: an events ``Format:`` line of fewer fields than the standard (ffmpeg's legacy scripts)
_FEW_FIELDS = re.compile(r"^Format: Layer, Start, End,(?: Style,)? Text$", re.MULTILINE)


def _has_events(path: Path) -> bool:
    try:
        return re.search(r"^\[Events\]", path.read_text("utf-8", "replace"), re.MULTILINE) is not None
    except OSError:
        return False


def test_the_api_pages_markup_rows_and_example_do_what_pysubs2_does() -> None:
    """docs/api.md's section runs as written, and its table's rows (``event.text`` set, every
    event's text edited) leave each cue's markup what pysubs2 leaves as the event's text."""
    pysubs2 = pytest.importorskip("pysubs2")
    api = (Path(__file__).resolve().parents[1] / "docs" / "api.md").read_text(encoding="utf-8")
    section = api.split("## A cue's text with its markup\n", 1)[1]
    exec(section.split("```python\n", 1)[1].split("```", 1)[0], {"subconv": subconv})  # (the page's own code)
    text = (
        ASS_HEAD
        + "\n"
        + EVENTS
        + "".join(
            f"Dialogue: 0,0:00:0{k}.00,0:00:0{k + 1}.00,Default,,0,0,0,,{e}\n"
            for k, e in enumerate([r"{\i1}Hi{\i0}\Nthere", r"{\pos(1,2)}a {\i1}b", r"plain"])
        )
    )
    rows = [line for line in api.splitlines() if "subconv.with_markup(" in line and line.startswith("|")]
    assert len(rows) == 2, rows
    for row in rows:
        theirs, ours = re.findall(r"`((?:subs\[0\]|for e in subs).*?|track = .*?)`(?= \||$)", row)
        subs = pysubs2.SSAFile.from_string(text)
        scope: dict[str, object] = {"subconv": subconv, "subs": subs, "track": subconv.loads(text)}
        exec(theirs, scope)
        exec(ours, scope)
        track = scope["track"]
        assert isinstance(track, Track)
        assert [markup(c) for c in track] == [e.text for e in subs], row

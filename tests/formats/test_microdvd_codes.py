"""MicroDVD control codes (``{y:i}``, ``{c:$BBGGRR}``, ``{H:...}`` ...) as subconv reads them:
what the model holds (styles, colour) read, the codes pysubs2 reads (``{f:}``, ``{s:}``,
``{P:x,y}``) left to it, any other left out with a ``dropped`` entry at its line: never shown as
caption text (before, ``{y:s}`` and an unknown style letter read as ``{}``), never lost silently
(before, ``{H:...}`` and a colour were kept hidden and left out of every output but ASS, with no
report entry)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import dumps, loads
from subconv.report import Report

_HEAD = "{1}{1}25\n"


def _read(text: str) -> tuple[list[str], list[tuple[str, int | None, str | None]], Report]:
    report = Report()
    cues = loads(_HEAD + text, "microdvd", report=report).cues
    dropped = [(e.reason, e.line, e.text) for e in report.entries if e.action == "dropped"]
    return [c.text for c in cues], dropped, report


@settings(max_examples=60, deadline=None)
@given(st.sets(st.sampled_from("ibus"), min_size=1), st.booleans())
def test_every_style_letter_is_a_span_over_the_cue_or_its_line(flags: set[str], upper: bool) -> None:
    """A capital's code (``{Y:i}``) holds for the whole cue, a small letter's (``{y:i}``) for its
    line, as ffmpeg and MPlayer read them (before, every code held for the whole cue)."""
    code = "{" + ("Y" if upper else "y") + ":" + ",".join(sorted(flags)) + "}"
    report = Report()
    [cue] = loads(f"{_HEAD}{{25}}{{50}}{code}Hello|world\n", "microdvd", report=report).cues
    assert cue.text == "Hello\nworld"
    assert sorted(sp.kind for sp in cue.spans) == sorted(flags)
    assert all((sp.start, sp.end) == (0, 11 if upper else 5) for sp in cue.spans)
    assert report.changes() == []


_OTHER = st.sampled_from("ADEGHIJKLMNOQRTUVWXZadeghjklmnoqrtuvwxz")
_VALUE = st.text(st.sampled_from("abcXYZ019-_.,$ "), min_size=1, max_size=12)


@settings(max_examples=80, deadline=None)
@given(_OTHER, _VALUE, st.booleans())
def test_any_other_code_is_left_out_and_reported_at_its_line(letter: str, value: str, middle: bool) -> None:
    code = f"{{{letter}:{value}}}"
    text = "{25}{50}x\n{60}{70}" + (f"a {code}b" if middle else f"{code}a b") + "\n"
    texts, dropped, _ = _read(text)
    assert texts == ["x", "a b"]
    assert dropped == [("MicroDVD control code not read: left out", 3, code)]


def test_a_style_letter_that_is_none_is_no_text() -> None:
    texts, dropped, _ = _read("{25}{50}{y:q}Hello\n")
    assert texts == ["Hello"]
    assert dropped == [("MicroDVD control code not read: left out", 2, "{y:q}")]


def test_a_colour_reaches_srt_and_ass_and_microdvd_writes_a_whole_cue_s() -> None:
    track = loads(_HEAD + "{25}{50}{c:$0000FF}Red|text\n", "microdvd")  # (a small letter: its line's)
    assert dumps(track, "srt").splitlines()[2:4] == ['<font color="#ff0000">Red</font>', "text"]
    assert "{\\c&H0000FF&}Red{\\c}\\Ntext" in dumps(track, "ass")
    report = Report()
    assert "{24}{48}Red|text" in dumps(track, "microdvd", report=report)
    assert [(e.reason, e.line) for e in report.changes()] == [("ASS override tags (c): not carried to microdvd", 2)]
    whole = loads(_HEAD + "{25}{50}{C:$0000FF}Red|text\n", "microdvd")  # (a capital: the cue's)
    assert dumps(whole, "srt").splitlines()[2:4] == ['<font color="#ff0000">Red', "text</font>"]
    report = Report()
    assert "{24}{48}{C:$0000FF}Red|text" in dumps(whole, "microdvd", report=report)
    assert report.changes() == []


def test_codes_pysubs2_reads_and_literal_braces_are_as_before() -> None:
    texts, dropped, _ = _read("{25}{50}{f:Arial}{s:20}{P:10,20}Hi {1} and {}\n")
    assert texts == ["Hi {1} and {}"]
    assert dropped == []

"""White space at the ends of a line as the text readers read it: kept as text, or removed with
a report entry at its line, never lost silently (``docs/formats.md``, "White space at line ends")."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import dumps, loads
from subconv.report import Report

#: white space other than the ASCII space and tab: typed on purpose (a Japanese line's U+3000)
_UNICODE_BLANKS = "\u00a0\u1680\u2002\u2009\u202f\u205f\u3000"
_blank = st.text(st.sampled_from(_UNICODE_BLANKS), min_size=1, max_size=3)
_word = st.sampled_from(["a", "big b", "末尾", "c."])


@settings(max_examples=60, deadline=None)
@given(word=_word, end=_blank, alone=_blank)
def test_srt_reader_keeps_unicode_white_space_at_line_ends(word: str, end: str, alone: str) -> None:
    """U+00A0, U+3000 ... ending a line, or alone on one, are text to the SRT reader, as srt,
    webvtt-py and ffmpeg read them (before, they were dropped with no report entry; a line of
    them alone read as a blank line)."""
    text = f"1\n00:00:01,000 --> 00:00:02,000\n{word}{end}\n{alone}\n{word}\n\n"
    text += f"2\n00:00:03,000 --> 00:00:04,000\nx{end}\n"
    report = Report()
    cues = loads(text, "srt", report=report).cues
    assert [c.text for c in cues] == [f"{word}{end}\n{alone}\n{word}", f"x{end}"]
    assert report.changes() == []


@settings(max_examples=60, deadline=None)
@given(word=_word, end=_blank, alone=_blank)
def test_srt_to_srt_keeps_unicode_white_space_inside_the_text(word: str, end: str, alone: str) -> None:
    """SRT -> SRT writes that white space back where every reader keeps it (a line of it alone
    gets a WJ before it: webvtt-py's SRT reader drops a line of white space only)."""
    text = f"1\n00:00:01,000 --> 00:00:02,000\n{word}{end}\n{alone}\n{word}{end}\n"
    report = Report()
    back = loads(dumps(loads(text, "srt"), "srt", report=report), "srt").cues
    assert [c.text for c in back] == [f"{word}{end}\n{alone}\n{word}{end}"]
    assert report.changes() == []


def test_srt_reader_still_ignores_ascii_spaces_and_tabs_at_line_ends() -> None:
    """Spaces and tabs ending a line are not text (ffmpeg drops them too), as before."""
    text = "1\n00:00:01,000 --> 00:00:02,000\nHello \t\nworld  \n"
    assert [c.text for c in loads(text, "srt").cues] == ["Hello\nworld"]


def _textgrid(label: str) -> str:
    return (
        'File type = "ooTextFile"\nObject class = "TextGrid"\n\nxmin = 0\nxmax = 2\ntiers? <exists>\nsize = 1\n'
        'item []:\n    item [1]:\n        class = "IntervalTier"\n        name = "w"\n        xmin = 0\n'
        "        xmax = 2\n        intervals: size = 1\n        intervals [1]:\n            xmin = 1\n"
        f'            xmax = 2\n            text = "{label}"\n'
    )


@settings(max_examples=60, deadline=None)
@given(word=_word, end=_blank, alone=_blank)
def test_textgrid_label_keeps_unicode_white_space(word: str, end: str, alone: str) -> None:
    """A TextGrid label's U+3000, U+00A0 ... at a line's ends are text, as Praat keeps them (before,
    every line of a label was stripped, unreported); TextGrid -> TextGrid writes them back."""
    text = _textgrid(f"{end}{word}{end}\n{alone}\n{word} \t")
    report = Report()
    [cue] = loads(text, "textgrid", report=report).cues
    assert cue.text == f"{end}{word}{end}\n{alone}\n{word}"
    back = Report()
    assert [c.text for c in loads(dumps(loads(text, "textgrid"), "textgrid", report=back), "textgrid").cues] == [
        cue.text
    ]
    assert report.changes() == back.changes() == []


def _pysubs2_text(fmt: str, word: str, end: str, lines: int) -> tuple[str, int]:
    """A MicroDVD or MPL2 text of ``lines`` event lines, then one whose white space pysubs2 strips
    (``end`` ending a line of MPL2, the text of MicroDVD), then one more; and that line's number."""
    head = "{1}{1}25\n" if fmt == "microdvd" else ""
    event = "{%d}{%d}%s" if fmt == "microdvd" else "[%d][%d]%s"
    filler = [event % (10 * k, 10 * k + 5, f"line {k} ") for k in range(1, lines + 1)]
    odd = f" {word}|{word}{end}" if fmt == "microdvd" else f" {word}{end}|{word}"
    text = head + "\n".join([*filler, event % (90000, 90005, odd), event % (90010, 90015, " ok ")]) + "\n"
    return text, len(head.splitlines()) + len(filler) + 1


def _stripped_at(text: str, fmt: str, word: str) -> list[tuple[str, int | None]]:
    report = Report()
    cues = loads(text, fmt, report=report).cues
    assert [c.text for c in cues[-2:]] == [f"{word}\n{word}", "ok"]
    return [(e.action, e.line) for e in report.entries if e.reason.startswith("white space at line ends")]


@settings(max_examples=60, deadline=None)
@given(word=_word, end=_blank, fmt=st.sampled_from(["mpl2", "microdvd"]))
def test_mpl2_and_microdvd_say_which_lines_lose_their_white_space(word: str, end: str, fmt: str) -> None:
    """MPL2 and MicroDVD are read as pysubs2 reads them, which strips white space (each line of an
    MPL2 text, the ends of a MicroDVD one): what it strips beyond spaces and tabs is reported at
    its line (before, silently); spaces and tabs are not text there, as in SRT."""
    text, at = _pysubs2_text(fmt, word, end, 2)
    assert _stripped_at(text, fmt, word) == [("dropped", at)]


@pytest.mark.parametrize("fmt", ["mpl2", "microdvd"])
def test_mpl2_and_microdvd_say_it_in_a_later_part_too(fmt: str) -> None:
    """The same in a text long enough to be read a part at a time (the line in a later part,
    where subconv reads plain event lines itself)."""
    text, at = _pysubs2_text(fmt, "a", "\u3000", 6000)
    assert _stripped_at(text, fmt, "a") == [("dropped", at)]

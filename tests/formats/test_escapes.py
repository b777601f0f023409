"""The one escape module: each format's escaping is undone exactly by its inverse, and the
writers' fast-path checks (built from the rules' ``needs``) never pass a text the rules change."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import example, given, settings
from hypothesis import strategies as st

from subconv.formats import escapes
from subconv.formats.base import has_visible, invisible
from subconv.formats.escapes import (
    WJ,
    ass_unchanged,
    escape_ass,
    escape_sbv_line,
    escape_srt,
    escape_vtt,
    srt_unchanged,
    tidy,
    unescape_ass,
    unescape_sbv_line,
    unescape_srt,
    unescape_vtt,
    vtt_references,
    vtt_unchanged,
    vtt_unreferences,
    xml_attribute,
    xml_text,
)
from subconv.model import Cue

# characters every rule reacts to, and ordinary text between them
HOSTILE = "ab 1:.,-><{}\\/&;#\u2060\u00a0\t\x0b\x1c\r\n\x00\u0661\u200bNnhi"
# ... and the pieces of structure a rule looks for (timestamps, arrows, tags, indices)
TOKENS = ["1", "12", ":", ",", ".", " ", "\n", "-", "-->", "->", "<i>", "</i>", "\\N", "{", "}", "a", "&amp;", WJ]
TOKENS += ["00:00:01,000", "0:0:1.5", "00:01.000", "1:2:3,4", "{\\i1}", "\\"]
texts = st.one_of(st.text(alphabet=HOSTILE, max_size=16), st.lists(st.sampled_from(TOKENS), max_size=10).map("".join))


@given(texts, st.booleans())
@example("00:00:01,000 --> 00:00:02,000", False)
@example("\n\n", True)
@example("\u2060\u2060\u2060", False)
def test_srt_escape_then_unescape_is_identity(text: str, last: bool) -> None:
    assert unescape_srt(escape_srt(text, last=last)) == text


@given(texts, st.booleans())
@example("a --> b\n\n12", True)
@example("&amp;\u2060", False)
def test_vtt_escape_then_unescape_is_identity(text: str, last: bool) -> None:
    assert unescape_vtt(escape_vtt(text, last=last)) == text
    assert vtt_unreferences(vtt_references(text)) == text


@given(texts)
@example("{\\i1}\\N\\h\\{\\}")
@example("\\\u2060N")
def test_ass_escape_then_unescape_is_identity(text: str) -> None:
    escaped = escape_ass(text)
    assert "\n" not in escaped and "{" not in escaped.replace("\\{", "")
    assert unescape_ass(escaped) == text


def _tidy_keeps(text: str) -> bool:
    out, _ = tidy(Cue(0, 1, tuple(text.split("\n"))))
    return out is not None and out.text == text


@settings(max_examples=1000)
@given(texts)
@example("1\n00:00:01,000 --> x")
@example("-12\n1,2,3")  # an index-like line before a timestamp-like one (the srt library)
@example("a\n12")
@example("\u200b")
@example("1:2:3,4 5:6:7,8")  # two timestamps for pysubs2, no arrow
@example("00:01.000 00:02.000")
def test_fast_path_checks_never_pass_text_the_rules_change(text: str) -> None:
    if srt_unchanged(text):
        assert _tidy_keeps(text)
        assert escape_srt(text) == escape_srt(text, last=True) == text
    if vtt_unchanged(text):
        assert _tidy_keeps(text)
        assert escape_vtt(text) == text
    if ass_unchanged(text):
        assert _tidy_keeps(text)
        assert escape_ass(text) == text.replace("\n", "\\N")


def test_fast_path_checks_pass_ordinary_caption_text() -> None:
    """(a check that passed nothing would make the fast path useless, not wrong)"""
    for text in ("Hello there, General Kenobi.", "See you in 1984!\n- 50% off, or not?"):
        assert srt_unchanged(text) is vtt_unchanged(text) is ass_unchanged(text) is True
    # false alarms: written unchanged all the same, by the escaping path
    for text in ("It's 12:30 now.", "C:\\new", "a --> b"):
        assert not srt_unchanged(text) and escape_srt(text) == text
    assert not ass_unchanged("a{b}") and ass_unchanged("two\nlines")


def test_has_visible_agrees_with_invisible_on_every_character() -> None:
    """``has_visible`` decides on a printable first character without ``invisible``: every
    printable character but the space must then be one ``invisible`` calls drawn."""
    for code in range(0x110000):
        ch = chr(code)
        assert has_visible(ch) is (not invisible(ch)), hex(code)
        assert has_visible(ch + " \u200b") is has_visible(" \u200b" + ch) is (not invisible(ch)), hex(code)


def test_every_rule_declares_what_it_needs() -> None:
    for rules in (escapes.SRT_RULES, escapes.VTT_RULES, escapes.ASS_RULES):
        for rule in rules:
            assert rule.needs, rule.name
            assert all(escapes._first_atom(n) for n in rule.needs)


def test_a_word_joiner_never_follows_a_word_joiner_mark() -> None:
    """Decoding stays injective: the writer never puts a mark directly after a WJ."""
    for text in ("\u2060\n", "\u2060\u2060:00:00,000 --> 1:00:00,000", "x\n\u2060"):
        marks = escapes.srt_insertions(text, (), True)
        assert all(i == 0 or text[i - 1] != WJ for i in marks)


sbv_lines = st.text(alphabet="ab 1:.,[]brBR\u2060\t", max_size=14).map(lambda line: line.strip(" \t"))


@given(st.lists(sbv_lines, min_size=1, max_size=4))
@example(["", "0:00:01.000,0:00:02.000", "[br]", "[\u2060br]", "\u2060"])
def test_sbv_and_subviewer_escape_then_unescape_is_identity(lines: list[str]) -> None:
    """SBV writes a cue's lines one per line, SubViewer joined by ``[br]``."""
    for line in lines:
        assert unescape_sbv_line(escape_sbv_line(line)) == [line]
    assert unescape_sbv_line("[br]".join(escape_sbv_line(line) for line in lines)) == lines


xml_chars = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00\ufffe\uffff"), max_size=12)


@given(xml_chars.filter(lambda t: all(c in "\t\n\r" or ord(c) >= 32 for c in t)))
@example('a & <b> \r\n\t "q"')
def test_xml_escape_then_parse_is_identity(text: str) -> None:
    assert (ET.fromstring(f"<p>{xml_text(text)}</p>").text or "") == text
    assert ET.fromstring(f'<p a="{xml_attribute(text)}"/>').get("a") == text

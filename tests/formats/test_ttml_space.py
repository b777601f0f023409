"""TTML ``xml:space`` as the TTML spec (1.0 §7.2.3, after XML 1.0 §2.10) says: ``preserve`` keeps
every white space character and makes a line feed a line break, on whatever element it stands
(the root ``tt`` too, which before was ignored: its text was collapsed); ``default`` makes each run
of XML white space (space, tab, CR, LF: not U+00A0 or U+3000) one space, none at a line's ends.
pysubs2 ignores ``xml:space`` and strips each line (``docs/formats-more.md``)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import loads
from subconv.report import Report

_DOC = (
    '<tt xmlns="http://www.w3.org/ns/ttml"{tt}><body{body}><div{div}>'
    '<p begin="1s" end="2s"{p}>{text}</p></div></body></tt>'
)
_PLACES = ("tt", "body", "div", "p")

_text = st.lists(
    st.sampled_from(["a", "big", "末尾", " ", "  ", "\t", "\n", "\u00a0", "\u3000"]), min_size=1, max_size=10
).map("".join)


def _doc(text: str, where: str, value: str) -> str:
    attrs = {k: (f' xml:space="{value}"' if k == where else "") for k in _PLACES}
    return _DOC.format(text=text, **attrs)


def _default(text: str) -> str:
    """The text as ``xml:space="default"`` reads it: XML white space runs one space, none at the ends."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip(" ")


@settings(max_examples=100, deadline=None)
@given(_text.filter(lambda t: t.strip()), st.sampled_from(_PLACES))
def test_preserve_on_any_element_keeps_every_white_space_character(text: str, where: str) -> None:
    report = Report()
    [cue] = loads(_doc(text, where, "preserve"), "ttml", report=report).cues
    assert cue.text == text
    assert report.changes() == []


@settings(max_examples=100, deadline=None)
@given(_text.filter(_default), st.sampled_from(_PLACES))
def test_default_collapses_xml_white_space_only(text: str, where: str) -> None:
    [cue] = loads(_doc(text, where, "default"), "ttml").cues
    assert cue.text == _default(text)


@pytest.mark.parametrize("inner", ["div", "p"])
def test_default_inside_preserve_wins(inner: str) -> None:
    doc = _doc("  a  b  ", inner, "default").replace("<tt ", '<tt xml:space="preserve" ', 1)
    assert [c.text for c in loads(doc, "ttml").cues] == ["a b"]

"""Legacy encodings of the shortest texts (a line, a word: ``subconv.encoding``).

A Croatian, Bosnian or Serbian word that starts with ``Đ`` or ``đ`` in cp1250 or ISO 8859-2 is
not read as cp1252's Icelandic ``Ð``/``ð`` nor as cp1254's Turkish ``Ğ``/``ğ``: no Icelandic word
starts with ð and no Turkish one with ğ (``A, Điđi?`` was read as cp1252 ``A, Ðiði?``).  And the
decision on a legacy text whose bytes happen to be valid UTF-8 (GB18030 ``谢谢`` is the UTF-8 of
``лл``): it is read as UTF-8, as every valid UTF-8 input is.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

if TYPE_CHECKING:
    from tests.robustness.robust_helpers import corpus_file
else:
    from robust_helpers import corpus_file

from subconv.encoding import decode
from subconv.report import Report

_CROATIAN = "odd/subtitleedit/auto_detect_windows-1250.srt"
_DJ_FIRST = re.compile(r"(?<!\w)[Đđ]")
#: a word that starts with a letter no Icelandic or Turkish word starts with
_NEVER_FIRST = re.compile(r"(?<!\w)[ÐðĞğ]")


@pytest.mark.parametrize("enc", ["cp1250", "iso8859-2"])
def test_the_croatian_film_s_words_that_start_with_dj_are_not_read_as_icelandic(enc: str) -> None:
    """Every line of the real Croatian file with a word starting with ``Đ``/``đ`` (61), each a
    file of its own, and each such word alone (23): before, 28 of the 84 were read as cp1252
    (``-Da, Ðiði.``) and 2 as ISO 8859-13, 54 right; now none as cp1252, 66 right (the rest read
    as Lithuanian, ``Šiši``: docs/robustness.md, Known ambiguities)."""
    text = corpus_file(_CROATIAN).read_bytes().decode("cp1250").replace("\r\n", "\n")
    lines = sorted({line for line in text.split("\n") if _DJ_FIRST.search(line)})
    assert len(lines) == 61
    words = sorted({w for line in lines for w in line.split() if _DJ_FIRST.search(w)})
    assert len(words) == 23
    read = [decode(t.encode(enc), report=Report()) for t in lines + words]
    assert [r for r in read if _NEVER_FIRST.search(r)] == []
    assert sum(r == t for r, t in zip(read, lines + words, strict=True)) >= 66


_OPENINGS = ("A", "Ne", "Da", "Gdje je", "Hvala", "Dobro", "Idemo", "To je", "Moj", "Evo", "-Da")
_NAMES = ("Đuro", "Điđi", "đak", "Đakovo", "đavo", "Đorđe", "Đurđica", "Đoković", "đon", "Đina", "Đino")


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from(_OPENINGS),
    st.sampled_from([", ", " "]),
    st.sampled_from(_NAMES),
    st.sampled_from([",", "!", "?", ".", "...", ""]),
    st.sampled_from(["cp1250", "iso8859-2"]),
    st.booleans(),
)
def test_a_short_line_with_a_word_starting_with_dj_is_not_read_as_icelandic_or_turkish(
    opening: str, gap: str, name: str, end: str, enc: str, as_cue: bool
) -> None:
    """Over every such line (2,904 with both encodings): before, 734 read as cp1252 and 18 as
    ISO 8859-13, 2,152 right; now none as cp1252, 2,640 right, 264 as cp1257/ISO 8859-13."""
    line = f"{opening}{gap}{name}{end}"
    text = f"1\n00:00:01,000 --> 00:00:02,000\n{line}\n" if as_cue else line
    report = Report()
    assert not _NEVER_FIRST.search(decode(text.encode(enc), report=report)), report.info


def test_the_line_left_last_time_is_not_read_as_icelandic() -> None:
    for enc in ("cp1250", "iso8859-2"):
        report = Report()
        assert "Ð" not in decode("A, Điđi?".encode(enc), report=report)
        assert report.info["encoding"] != "cp1252"


@pytest.mark.parametrize(
    ("text", "enc"),
    [
        ("Voza Điđija.", "cp1250"),  # (two cues of the film read as cp1252 before, alone)
        ("Điđi, pogledaj me.", "cp1250"),
        ("Hvað segirðu?", "cp1252"),  # (ð inside words: Icelandic still)
        ("Það er gott að sjá þig.", "cp1252"),
        ("Bugün hava çok güzel, değil mi?", "cp1254"),  # (ğ inside words: Turkish still)
        ("Ne yapacağımı bilmiyorum.", "cp1254"),
        ("Да", "cp1251"),
        ("Zażółć gęślą", "cp1250"),
    ],
)
def test_short_texts_read_right(text: str, enc: str) -> None:
    assert decode(text.encode(enc)) == text


def test_valid_utf8_is_utf8_even_where_a_legacy_reading_exists() -> None:
    """The decision: bytes that are valid UTF-8 are read as UTF-8, however short.  A legacy text
    is valid UTF-8 by chance only when it is a few characters long (each further character makes
    it several times less likely), while short UTF-8 files are everyday; ``--encoding`` reads the
    rare other case (docs/robustness.md)."""
    data = "谢谢".encode("gb18030")
    report = Report()
    assert decode(data, report=report) == "лл"
    assert report.info["encoding_source"] == "valid UTF-8"
    assert decode(data, encoding="gb18030") == "谢谢"

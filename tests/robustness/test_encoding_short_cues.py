"""Legacy encodings of short texts (a file of one cue or a few), measured on real cues of the
corpus re-encoded (``subconv.encoding``): a Croatian line with đ in cp1250 or ISO 8859-2 is not
read as cp1252's Icelandic ð (``Đino!`` was ``Ðino!``), a Japanese line rich in kana in EUC-JP is
not read as Big5 (``みなさん`` was ``心卅今氏``), and a Greek or Latin letter inside a Japanese line
does not make the whole line mojibake (``値λに`` read as Big5)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.robustness.robust_helpers import corpus_file
else:
    from robust_helpers import corpus_file

from subconv.encoding import decode
from subconv.report import Report

_JAPANESE = (
    "timed/3b1b/bitcoin/ja.community.srt",
    "timed/3b1b/eigenvalues/ja.community.srt",
    "timed/3b1b/neural-networks/ja.community.srt",
)


def _cues(rel: str, enc: str = "utf-8-sig") -> list[str]:
    """Each cue of the corpus file ``rel`` as a file of its own."""
    text = corpus_file(rel).read_bytes().decode(enc).replace("\r\n", "\n")
    return [block + "\n" for block in re.split(r"\n\n+", text.strip())]


def _misread(cues: list[str], encodings: tuple[str, ...]) -> list[tuple[str, str, object]]:
    wrong = []
    for cue in cues:
        for enc in encodings:
            try:
                cue.encode(enc)
            except UnicodeEncodeError:  # (a character the code page lacks: not such a file)
                continue
            report = Report()
            if decode(cue.encode(enc), report=report) != cue:
                wrong.append((enc, cue.split("\n", 2)[2].strip(), report.info.get("encoding")))
    return wrong


@pytest.mark.parametrize("enc", ["cp1250", "iso8859-2"])
def test_a_croatian_cue_with_dj_is_not_read_as_cp1252(enc: str) -> None:
    """The cues of a real Croatian file holding ``Đino`` or ``dođavola``, each a file of its own
    (before, 10 of the 39 read as cp1252: ``Ðino!``)."""
    cues = [
        c for c in _cues("odd/subtitleedit/auto_detect_windows-1250.srt", "cp1250") if re.search("Đino|dođavola", c)
    ]
    assert len(cues) == 39
    assert _misread(cues, (enc,)) == []


def test_icelandic_still_reads_as_cp1252() -> None:
    """The nudge against Icelandic (a rare language of subtitles) leaves real Icelandic text alone."""
    lines = ["Það er gott að sjá þig.", "Hvað segirðu?", "Komdu með mér.", "Góðan daginn!", "Hvað heitir þú?"]
    cues = [f"1\n00:00:01,000 --> 00:00:02,000\n{line}\n" for line in lines]
    assert _misread(cues, ("cp1252", "latin-1")) == []


@pytest.mark.parametrize("rel", _JAPANESE)
def test_a_japanese_cue_rich_in_kana_reads_in_euc_jp_and_shift_jis(rel: str) -> None:
    """Every cue of the real Japanese files that is mostly kana (at least 4, 40 % of its characters
    beyond ASCII), each a file of its own (before, 21 of the 800 were read as Big5 or GB18030)."""
    cues = []
    for cue in _cues(rel):
        beyond = [ch for ch in cue if ord(ch) > 127]
        kana = [ch for ch in beyond if "\u3041" <= ch <= "\u30ff"]
        if len(kana) >= max(4, 0.4 * len(beyond)):
            cues.append(cue)
    assert len(cues) > 150
    assert _misread(cues, ("euc_jp", "shift_jis")) == []

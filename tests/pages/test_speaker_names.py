"""``Name: text`` speaker labels on stamped pages and in HTML transcripts, whatever the name's
alphabet: ``Émilie:``, ``Łukasz:``, ``Иван:``, ``Σοφία:``, ``Speaker 1:``.  Before, only a name of
ASCII capitals was a label (``[A-Z]``): ``Émilie: Bonjour`` kept its label in the text and had no
speaker, and so did Otter's and Zoom's ``Speaker 1:``, while ``ANNA:`` on the same page was a
speaker."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from subconv.pages import read_page
from subconv.report import Report

NAMES = ["Émilie", "Łukasz", "Иван", "Σοφία", "Speaker 1", "Speaker 2", "Ørjan Nilsen", "ANNA", "Tom Berg", "أحمد"]
_WORD = st.sampled_from(["so", "we", "then", "went", "there", "oui", "да", "und", "yes"])


@given(st.data(), st.booleans())
def test_every_repeated_name_is_a_speaker(data: st.DataObject, html: bool) -> None:
    cast = data.draw(st.lists(st.sampled_from(NAMES), min_size=2, max_size=4, unique=True))
    names = data.draw(st.permutations(cast * 2))  # (each name twice: a name used once may be a "Note:")
    texts = [" ".join(data.draw(st.lists(_WORD, min_size=3, max_size=6))).capitalize() + "." for _ in names]
    if html:
        rows = "".join(f"<p>{n}: {t}</p>" for n, t in zip(names, texts, strict=True))
        page = f"<html><body><article>{rows}</article></body></html>"
    else:
        page = "".join(f"0:{2 * k:02d} {n}: {t}\n" for k, (n, t) in enumerate(zip(names, texts, strict=True)))
    track = read_page(page, Report())
    assert [(c.speaker, c.text) for c in track.cues] == list(zip(names, texts, strict=True))


def test_lower_case_and_one_off_labels_stay_in_the_text() -> None:
    page = "0:01 émilie: pas un nom\n0:02 Note: once\n0:03 Émilie: oui\n0:04 Иван: да\n"
    page += "0:05 Émilie: non\n0:06 Иван: нет\n"
    track = read_page(page, Report())
    assert [(c.speaker, c.text) for c in track.cues] == [
        (None, "émilie: pas un nom"),
        (None, "Note: once"),
        ("Émilie", "oui"),
        ("Иван", "да"),
        ("Émilie", "non"),
        ("Иван", "нет"),
    ]

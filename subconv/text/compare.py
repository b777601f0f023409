"""Comparison keys for de-duplication: case, punctuation, width and whitespace insensitive.

>>> dup_key("Hello,  World!") == dup_key("hello world")
True
>>> dup_key("ＡＢＣ") == dup_key("abc")
True
>>> word_keys("It's a  test.")
('its', 'a', 'test')
"""

from __future__ import annotations

import unicodedata


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def dup_key(text: str) -> str:
    """The key two texts share when they are the same words: NFKC, casefolded, letters and digits only.

    Text without any letter or digit (``"♪"``, ``"..."``) keys to its stripped, folded self,
    so that it still compares exactly.
    """
    folded = _fold(text)
    key = "".join(c for c in folded if c.isalnum())
    if key:
        return key
    return " ".join(folded.split())


def word_keys(text: str) -> tuple[str, ...]:
    """The whitespace-separated words of ``text`` as keys; words that key to nothing are skipped."""
    out: list[str] = []
    for w in text.split():
        k = "".join(c for c in _fold(w) if c.isalnum())
        if k:
            out.append(k)
    return tuple(out)


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, key)`` of each whitespace-separated word of ``text`` whose key is not empty.

    >>> word_spans("a, b")
    [(0, 2, 'a'), (3, 4, 'b')]
    """
    out: list[tuple[int, int, str]] = []
    i, n = 0, len(text)
    while i < n:
        if text[i].isspace():
            i += 1
            continue
        j = i
        while j < n and not text[j].isspace():
            j += 1
        k = "".join(c for c in _fold(text[i:j]) if c.isalnum())
        if k:
            out.append((i, j, k))
        i = j
    return out

"""Display width of text: CJK wide/fullwidth characters count 2, combining marks 0.

>>> text_width("abc"), text_width("日本語"), text_width("e\\u0301")
(3, 6, 1)

Speed: ASCII text is measured with ``len`` (every ASCII character is one column),
and no character below :data:`FIRST_WIDE` is wide, so Latin text never reaches
``unicodedata.east_asian_width``.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")

#: the lowest code point whose East Asian width is W or F (checked by the tests)
FIRST_WIDE = "\u0378"


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    """Columns one character takes: 2 for East Asian Wide/Fullwidth, 0 for combining marks.

    >>> char_width("a"), char_width("漢"), char_width("Ａ"), char_width("\\u0301")
    (1, 2, 2, 0)
    """
    if ch in _ZERO_WIDTH or unicodedata.combining(ch):
        return 0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 2
    return 1


def text_width(text: str) -> int:
    """Columns ``text`` takes on one line (sum of :func:`char_width`).

    >>> text_width("a\\u200bb"), text_width("ａｂ")
    (2, 4)
    """
    if text.isascii():
        return len(text)
    return sum(map(char_width, text))


def is_wide(ch: str) -> bool:
    """True for East Asian Wide or Fullwidth characters (CJK ideographs, kana, fullwidth forms).

    >>> is_wide("中"), is_wide("x")
    (True, False)
    """
    return ch >= FIRST_WIDE and unicodedata.east_asian_width(ch) in ("W", "F")

"""Comparison keys for de-duplication: case, punctuation, width and whitespace insensitive.

>>> dup_key("Hello,  World!") == dup_key("hello world")
True
>>> dup_key("ＡＢＣ") == dup_key("abc")
True
>>> word_keys("It's a  test.")
('its', 'a', 'test')

Speed: a key is folded (NFKC, casefold) and filtered with one C-level call each
(``[\\W_]`` is exactly "not ``str.isalnum()``"); ASCII text skips NFKC (a no-op on
ASCII), folds with ``str.lower`` and filters with ``bytes.translate``.  Keys of a word are computed word by word, as
NFKC may turn one word into several (``"a\\u00a8b"``).
"""

from __future__ import annotations

import re
import unicodedata

_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is isalnum() or "_": so this removes exactly the non-alphanumerics
_NOT_ALNUM_OR_SPACE = re.compile(r"[^\w\s]+|_+")
_WORD = re.compile(r"\S+")  # \s is str.isspace(), as used by str.split()
_ASCII_NOT_ALNUM = bytes(b for b in range(128) if not chr(b).isalnum())
_ASCII_NOT_ALNUM_OR_SPACE = bytes(b for b in range(128) if not (chr(b).isalnum() or chr(b).isspace()))
_ASCII_NOT_ALNUM_CHARS = _ASCII_NOT_ALNUM.decode("ascii")


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKC", text).casefold()


def _ascii_alnum(folded: str) -> str:
    """The letters and digits of ASCII text (one C-level bytes call: a third of a regex's time)."""
    return folded.encode("ascii").translate(None, _ASCII_NOT_ALNUM).decode("ascii")


def _word_key(word: str) -> str:
    if word.isascii():
        return _ascii_alnum(word.lower()) if not word.isalnum() else word.lower()
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", word).casefold())


def dup_key(text: str) -> str:
    """The key two texts share when they are the same words: NFKC, casefolded, letters and digits only.

    Text without any letter or digit (``"♪"``, ``"..."``) keys to its stripped, folded self,
    so that it still compares exactly.

    >>> dup_key("♪  la ♪"), dup_key(" ♪  ♪ ")
    ('la', '♪ ♪')
    """
    folded = _fold(text)
    key = _ascii_alnum(folded) if folded.isascii() else _NOT_ALNUM.sub("", folded)
    if key:
        return key
    return " ".join(folded.split())


def key_initial(text: str) -> str:
    """The first character of :func:`dup_key` of ``text`` when it is cheap to know without the
    key, else ``""``: where ``text`` starts with ASCII up to the character after its first letter
    or digit, that letter or digit lower-cased (NFKC and casefolding change no ASCII character,
    and compose one only with a combining mark after it).

    >>> key_initial("- (Well, I...)"), key_initial("...!"), key_initial("Été"), key_initial("Ce café")
    ('w', '', '', 'c')
    """
    head = text.lstrip(_ASCII_NOT_ALNUM_CHARS)[:2]
    return head[:1].lower() if head.isascii() else ""


def word_keys(text: str) -> tuple[str, ...]:
    """The whitespace-separated words of ``text`` as keys; words that key to nothing are skipped.

    >>> word_keys("-- Well,  I _think_ so! --")
    ('well', 'i', 'think', 'so')
    """
    if text.isascii():
        # ASCII: dropping every character that is neither alphanumeric nor a space (one C-level
        # bytes call), then splitting, gives each word's key and skips the words that key to nothing.
        return tuple(text.lower().encode("ascii").translate(None, _ASCII_NOT_ALNUM_OR_SPACE).decode("ascii").split())
    if unicodedata.is_normalized("NFKC", text):
        # NFKC is then a no-op word by word too, and casefolding adds no spaces: the same split.
        return tuple(_NOT_ALNUM_OR_SPACE.sub("", text.casefold()).split())
    return tuple(k for k in map(_word_key, text.split()) if k)


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, key)`` of each whitespace-separated word of ``text`` whose key is not empty.

    >>> word_spans("a, b")
    [(0, 2, 'a'), (3, 4, 'b')]
    """
    out: list[tuple[int, int, str]] = []
    if text.isascii():
        for m in _WORD.finditer(text.lower()):
            w = m.group()
            k = w if w.isalnum() else _NOT_ALNUM.sub("", w)
            if k:
                out.append((m.start(), m.end(), k))
        return out
    for m in _WORD.finditer(text):
        k = _word_key(m.group())
        if k:
            out.append((m.start(), m.end(), k))
    return out

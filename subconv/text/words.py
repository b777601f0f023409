"""Where cue text divides into words for word times (``Cue.words``, ``--words``).

Text written with spaces divides at white space, as ``str.split()`` does.  Text written without
spaces (Japanese, Chinese) divides by script, so that a Japanese or Chinese cue times more than
one "word": each Han character is a unit (with an iteration mark 々 after it), each run of
hiragana and each run of katakana (with the prolonged sound mark ー and the kana iteration marks)
is one, and a run of anything else (Latin letters, digits, Hangul) stays whole.  Punctuation
between units goes with the unit before it, opening brackets and quotes with the unit after.
The rule is keyed on the characters, not on a language, so mixed text divides too.  The units
are pieces of the text itself: between two of them there is only white space, so the text is
written back exactly (no space is ever added between units).

>>> word_texts("Hello there,  world")
['Hello', 'there,', 'world']
>>> word_texts("真っ昼間なのにキャンプの外れの「電柱」に、人々がいた。")
['真', 'っ', '昼', '間', 'なのに', 'キャンプ', 'の', '外', 'れの', '「電', '柱」', 'に、', '人々', 'がいた。']
>>> word_texts("我们去北京吧！OK? 2024年")
['我', '们', '去', '北', '京', '吧！', 'OK?', '2024', '年']
"""

from __future__ import annotations

import re
import unicodedata

#: No character below this is Han or kana: text all below it divides at white space only.
FIRST_CJK = "\u2e80"

_WORD = re.compile(r"\S+")  # \s is str.isspace(), as str.split() uses

_OTHER, _HAN, _HAN_MARK, _HIRAGANA, _KATAKANA, _KANA_MARK, _WEAK = range(7)

#: the kana blocks and the Han ideographs (CJK radicals, the unified ideographs, their extensions,
#: the compatibility ideographs, 〆 〇 and the Hangzhou numerals), by code point
_BLOCKS = (
    (0x3041, 0x309F, _HIRAGANA),
    (0x30A0, 0x30FF, _KATAKANA),
    (0x31F0, 0x31FF, _KATAKANA),
    (0xFF66, 0xFF9D, _KATAKANA),  # halfwidth
    (0x2E80, 0x2FDF, _HAN),
    (0x3006, 0x3007, _HAN),
    (0x3021, 0x3029, _HAN),
    (0x3038, 0x303A, _HAN),
    (0x3400, 0x4DBF, _HAN),
    (0x4E00, 0x9FFF, _HAN),
    (0xF900, 0xFAFF, _HAN),
    (0x20000, 0x3FFFF, _HAN),
)
#: the Han iteration marks (々 repeats the character before: 人々), and the kana ones with the
#: prolonged sound mark and the sound marks (ー, ゝ, ゞ, ヽ, ヾ, the halfwidth ｰ ﾞ ﾟ, ゙ ゚ ゛ ゜):
#: before the blocks they sit in
_MARKS = dict.fromkeys("\u3005\u303b", _HAN_MARK) | dict.fromkeys(
    "\u30fc\u309d\u309e\u30fd\u30fe\uff70\uff9e\uff9f\u3099\u309a\u309b\u309c", _KANA_MARK
)


def _kind(ch: str) -> int:
    """The class of one character for :func:`word_spans`: punctuation, symbols, combining marks
    and format characters are *weak* (they go with the unit they stand next to; also 、。「」・
    and the fullwidth forms, inside the CJK and kana blocks)."""
    cat = unicodedata.category(ch)
    if cat[0] in "PSM" or cat == "Cf":
        return _WEAK
    if ch < FIRST_CJK:
        return _OTHER
    cp = ord(ch)
    return _MARKS.get(ch) or next((k for a, b, k in _BLOCKS if a <= cp <= b), _OTHER)


#: the categories of characters that go with the unit after them (opening brackets and quotes, ￥ $)
_BEFORE = frozenset(("Ps", "Pi", "Sc"))


def _joins(base: int, kind: int) -> bool:
    """Whether a letter of ``kind`` goes on a unit whose letters are of ``base`` (neither weak)."""
    if kind == _HAN:
        return False  # one Han character a unit
    if kind == _HAN_MARK:
        return base == _HAN
    if kind == _KANA_MARK:
        return base in (_HIRAGANA, _KATAKANA, _KANA_MARK)
    if kind == _OTHER:
        return base == _OTHER
    return base in (kind, _KANA_MARK)  # a run of one kana script


def word_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` offsets in ``text`` of its words (see the module), in order: none
    empty, none holding white space, only white space between two."""
    out: list[tuple[int, int]] = []
    for m in _WORD.finditer(text):
        a, b = m.span()
        chunk = m.group(0)
        if chunk.isascii() or max(chunk) < FIRST_CJK:
            out.append((a, b))
            continue
        out.extend(_divide(chunk, a))
    return out


def _divide(chunk: str, at: int) -> list[tuple[int, int]]:
    """The units of one white-space-free ``chunk`` that holds Han or kana, offset by ``at``."""
    starts: list[int] = []
    base = _WEAK  # the class of the unit's letters (weak while it has none yet)
    closed = False  # punctuation or a symbol after a Han or kana letter: the next letter starts a unit
    for i, ch in enumerate(chunk):
        kind = _kind(ch)
        if not starts:
            starts.append(i)
        elif kind == _WEAK:
            closed = closed or (base not in (_WEAK, _OTHER) and unicodedata.category(ch)[0] in "PS")
            continue  # with the unit before
        elif base == _WEAK or (not closed and _joins(base, kind)):
            if base in (_WEAK, _KANA_MARK):
                base = kind
            continue
        else:
            starts.append(i)
        base, closed = kind, False
    # opening brackets and quotes, and currency signs, at the end of a unit go with the next one
    for n in range(1, len(starts)):
        s = starts[n]
        while s - 1 > starts[n - 1] and unicodedata.category(chunk[s - 1]) in _BEFORE:
            s -= 1
        starts[n] = s
    ends = [*starts[1:], len(chunk)]
    return [(at + a, at + b) for a, b in zip(starts, ends, strict=True)]


def is_han(ch: str) -> bool:
    """Whether ``ch`` is a Han character or the iteration mark 々 (a unit of its own, or with the
    character it repeats).

    >>> is_han("電"), is_han("々"), is_han("で"), is_han("A")
    (True, True, False, False)
    """
    return ch >= FIRST_CJK and _kind(ch) in (_HAN, _HAN_MARK)


def word_texts(text: str) -> list[str]:
    """The words of ``text`` (:func:`word_spans`) as strings."""
    return [text[a:b] for a, b in word_spans(text)]

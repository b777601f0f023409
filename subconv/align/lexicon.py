"""Words as an English acoustic model hears them: tokens, spoken numbers, pronunciations.

A cue's text is split into *tokens* (what the cue shows, punctuation kept) and each
token into the *spoken words* a recogniser can match (lower case, numbers spelled
out, hyphens split).  Pronunciations come from the acoustic model's dictionary; a
word it lacks gets one from eSpeak NG's phonemes (IPA mapped onto the model's
ARPAbet phones) or, without eSpeak NG, from letter-to-sound rules.

>>> [t.spoken for t in tokens("In 1961, we'd walked 3.5 -- self-made!")]  # doctest: +NORMALIZE_WHITESPACE
[('in',), ('nineteen', 'sixty', 'one'), ("we'd",), ('walked',), ('three', 'point', 'five'), (),
 ('self', 'made')]
>>> ipa_to_arpabet("bjˈuːɾiz")
['B', 'Y', 'UW', 'T', 'IY', 'Z']
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..text.words import word_texts

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand"))
_ORD = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}


def _under_100(n: int) -> list[str]:
    if n < 20:
        return [_ONES[n]]
    t, o = divmod(n, 10)
    return [_TENS[t]] + ([_ONES[o]] if o else [])


def _under_1000(n: int) -> list[str]:
    h, r = divmod(n, 100)
    out = [_ONES[h], "hundred"] if h else []
    return out + (_under_100(r) if r or not h else [])


def cardinal(n: int) -> list[str]:
    """English words for a non-negative integer.

    >>> " ".join(cardinal(1_002_305))
    'one million two thousand three hundred five'
    """
    if n < 1000:
        return _under_1000(n)
    out: list[str] = []
    for value, name in _SCALES:
        if n >= value:
            q, n = divmod(n, value)
            out += [*cardinal(q), name]
    return out + (_under_1000(n) if n else [])


def number_words(digits: str) -> list[str]:
    """How a run of digits is read aloud: years as pairs, long codes digit by digit.

    >>> number_words("1961"), number_words("2005"), number_words("007")
    (['nineteen', 'sixty', 'one'], ['two', 'thousand', 'five'], ['zero', 'zero', 'seven'])
    """
    if (len(digits) > 1 and digits[0] == "0") or len(digits) > 15:
        return [_ONES[int(d)] for d in digits]
    n = int(digits)
    if len(digits) == 4 and 1100 <= n <= 2099 and not 2000 <= n <= 2009:
        hi, lo = divmod(n, 100)
        tail = ["hundred"] if lo == 0 else (["oh", _ONES[lo]] if lo < 10 else _under_100(lo))
        return _under_100(hi) + tail
    return cardinal(n)


def ordinal(digits: str) -> list[str]:
    """``21st`` -> twenty first.

    >>> ordinal("21"), ordinal("12"), ordinal("40")
    (['twenty', 'first'], ['twelfth'], ['fortieth'])
    """
    words = number_words(digits)
    last = words[-1]
    if last in _ORD:
        words[-1] = _ORD[last]
    elif last.endswith("y"):
        words[-1] = last[:-1] + "ieth"
    else:
        words[-1] = last + "th"
    return words


_SYMBOLS = {
    "%": "percent",
    "&": "and",
    "+": "plus",
    "=": "equals",
    "@": "at",
    "$": "dollars",
    "€": "euros",
    "£": "pounds",
}
_PART = re.compile(r"([0-9]+(?:[.,][0-9]+)*)(st|nd|rd|th)?|[^\W\d_]+(?:['’][^\W\d_]+)*|[%&+=@$€£]")


@dataclass(frozen=True)
class Token:
    """One whitespace-separated piece of cue text and the words spoken for it."""

    text: str
    spoken: tuple[str, ...]


def _spoken(token: str) -> list[str]:
    out: list[str] = []
    for m in _PART.finditer(token):
        num, suffix = m.group(1), m.group(2)
        if num is None:
            part = m.group(0)
            if part in _SYMBOLS:
                out.append(_SYMBOLS[part])
            else:
                out.append(part.lower().replace("’", "'"))
            continue
        if suffix:
            out += ordinal(num.replace(",", ""))
            continue
        if re.fullmatch(r"[0-9]{1,3}(,[0-9]{3})+", num):
            out += number_words(num.replace(",", ""))
        elif "." in num or "," in num:
            whole, _, frac = num.replace(",", ".").partition(".")
            out += [*number_words(whole), "point", *(_ONES[int(d)] for d in frac if d.isdigit())]
        else:
            out += number_words(num)
    return out


def tokens(text: str) -> list[Token]:
    """Split cue text into tokens (its words for word times, :func:`subconv.text.words.word_spans`:
    white-space separated, Han and kana divided) with their spoken words (possibly none, for
    punctuation)."""
    return [Token(w, tuple(_spoken(w))) for w in word_texts(text)]


# --- pronunciations -----------------------------------------------------------------------------

_IPA_MULTI = {
    "aɪ": "AY",
    "aʊ": "AW",
    "eɪ": "EY",
    "oʊ": "OW",
    "ɔɪ": "OY",
    "əʊ": "OW",
    "tʃ": "CH",
    "dʒ": "JH",
    "n̩": "AH N",
    "l̩": "AH L",
    "m̩": "AH M",
    "ɪə": "IH R",
    "eə": "EH R",
    "ʊə": "UH R",
}
_IPA_ONE = {
    "æ": "AE",
    "ɑ": "AA",
    "ɒ": "AA",
    "ɔ": "AO",
    "ʌ": "AH",
    "ə": "AH",
    "ɐ": "AH",
    "ɚ": "ER",
    "ɜ": "ER",
    "ɝ": "ER",
    "ɛ": "EH",
    "e": "EY",
    "ɪ": "IH",
    "ᵻ": "IH",
    "i": "IY",
    "ʊ": "UH",
    "u": "UW",
    "o": "OW",
    "a": "AA",
    "ɵ": "OW",
    "y": "UW",
    "ø": "ER",
    "p": "P",
    "b": "B",
    "t": "T",
    "d": "D",
    "k": "K",
    "g": "G",
    "ɡ": "G",
    "f": "F",
    "v": "V",
    "θ": "TH",
    "ð": "DH",
    "s": "S",
    "z": "Z",
    "ʃ": "SH",
    "ʒ": "ZH",
    "h": "HH",
    "m": "M",
    "n": "N",
    "ŋ": "NG",
    "l": "L",
    "ɫ": "L",
    "ɹ": "R",
    "r": "R",
    "ɾ": "T",
    "ʔ": "T",
    "w": "W",
    "j": "Y",
    "x": "K",
    "ç": "HH",
    "ɬ": "L",
    "ʍ": "W",
}
_IPA_STRESS = str.maketrans("", "", "ˈˌːˑ\u200d")


def ipa_to_arpabet(ipa: str) -> list[str]:
    """Map eSpeak NG's IPA for one English word onto ARPAbet phones (unknown symbols dropped)."""
    out: list[str] = []
    i = 0
    plain = ipa.translate(_IPA_STRESS)  # syllabic marks stay, for the two-character table
    while i < len(plain):
        two = plain[i : i + 2]
        if two in _IPA_MULTI:
            out += _IPA_MULTI[two].split()
            i += 2
            continue
        ch = plain[i]
        if ch in _IPA_ONE:
            out.append(_IPA_ONE[ch])
        i += 1
    return out


_LETTERS = [
    ("tch", "CH"),
    ("sch", "S K"),
    ("igh", "AY"),
    ("ough", "AO"),
    ("augh", "AO"),
    ("tion", "SH AH N"),
    ("sion", "ZH AH N"),
    ("ph", "F"),
    ("sh", "SH"),
    ("ch", "CH"),
    ("th", "TH"),
    ("ng", "NG"),
    ("ck", "K"),
    ("qu", "K W"),
    ("wh", "W"),
    ("kn", "N"),
    ("wr", "R"),
    ("ee", "IY"),
    ("ea", "IY"),
    ("oo", "UW"),
    ("ou", "AW"),
    ("ow", "OW"),
    ("oi", "OY"),
    ("oy", "OY"),
    ("ai", "EY"),
    ("ay", "EY"),
    ("au", "AO"),
    ("aw", "AO"),
    ("ie", "IY"),
    ("ei", "EY"),
    ("ey", "IY"),
    ("ue", "UW"),
    ("ar", "AA R"),
    ("er", "ER"),
    ("ir", "ER"),
    ("ur", "ER"),
    ("or", "AO R"),
    ("a", "AE"),
    ("b", "B"),
    ("c", "K"),
    ("d", "D"),
    ("e", "EH"),
    ("f", "F"),
    ("g", "G"),
    ("h", "HH"),
    ("i", "IH"),
    ("j", "JH"),
    ("k", "K"),
    ("l", "L"),
    ("m", "M"),
    ("n", "N"),
    ("o", "AA"),
    ("p", "P"),
    ("q", "K"),
    ("r", "R"),
    ("s", "S"),
    ("t", "T"),
    ("u", "AH"),
    ("v", "V"),
    ("w", "W"),
    ("x", "K S"),
    ("y", "IY"),
    ("z", "Z"),
]


def letters_to_arpabet(word: str) -> list[str]:
    """A rough reading of an English spelling, for when nothing better is available.

    >>> letters_to_arpabet("churl")
    ['CH', 'ER', 'L']
    """
    w = re.sub(r"[^a-z]", "", word.lower())
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    out: list[str] = []
    i = 0
    while i < len(w):
        for spelling, phones in _LETTERS:
            if w.startswith(spelling, i):
                out += phones.split()
                i += len(spelling)
                break
        else:  # pragma: no cover - every letter is in the table
            i += 1
    dedup = [p for j, p in enumerate(out) if j == 0 or p != out[j - 1]]
    return dedup or ["AH"]


def espeak_ipa(words: Sequence[str], voice: str = "en-us") -> list[str] | None:
    """eSpeak NG's IPA for each word (one call for all), or None when eSpeak NG is missing or fails."""
    exe = shutil.which("espeak-ng") or shutil.which("espeak")
    if exe is None or not words:
        return None
    try:
        proc = subprocess.run(
            [exe, "-q", "-v", voice, "--ipa=3"],
            input="\n".join(words) + "\n",
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    lines = [ln.strip() for ln in proc.stdout.splitlines() if ln.strip()]
    if proc.returncode != 0 or len(lines) != len(words):
        return None
    return lines


def pronounce(words: Iterable[str], known: set[str] | None = None) -> dict[str, list[str]]:
    """ARPAbet pronunciations for ``words`` the dictionary lacks (``known``: words it has).

    eSpeak NG's phonemes where it runs, letter rules otherwise.
    """
    missing = sorted({w for w in words if known is None or w not in known})
    ipa = espeak_ipa(missing)
    out: dict[str, list[str]] = {}
    for i, w in enumerate(missing):
        phones = ipa_to_arpabet(ipa[i]) if ipa is not None else []
        out[w] = phones or letters_to_arpabet(w)
    return out

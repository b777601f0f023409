"""The speaking-rate timing model: how long a piece of text takes to say.

Text is measured per script: syllables for alphabetic scripts (a rule-based
English estimate, a vowel-group count for other Latin/Greek/Cyrillic
languages), characters for Chinese, Japanese and Korean, letters for abjads
(Arabic, Hebrew), characters elsewhere.  Sentence ends and clause breaks add
a pause.  The rates are fitted on real timed subtitles (see ``docs/timing.md``).

>>> syllables("beautiful"), syllables("the"), syllables("created"), syllables("make")
(3, 1, 3, 1)
>>> 1500 < expected_ms("What does it mean to have a Bitcoin?") < 3500
True
>>> expected_ms("hello", wpm=60) > expected_ms("hello", wpm=240)
True
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TypeVar

from .place import Placement, Slot, place

__all__ = [
    "DEFAULT",
    "Params",
    "Placement",
    "Slot",
    "Weight",
    "expected_ms",
    "measurer",
    "other_language",
    "pause_after_ms",
    "place",
    "syllables",
    "weigh",
]


@dataclass(frozen=True)
class Params:
    """Parameters of the speaking-rate model (milliseconds).

    ``ms_per_syllable`` etc. are speaking rates; ``sentence_pause_ms`` and
    ``clause_pause_ms`` are added at sentence ends and clause breaks (also
    inside a cue); ``cue_pause_ms`` after every cue.  ``min_ms``/``max_ms``
    bound a cue's display time and ``gap_ms`` is the least gap between cues
    (published guidelines: 5/6 s, 7 s, two frames at 24 fps).
    """

    ms_per_syllable: float = 207.0  # English and other alphabetic scripts
    ms_per_cjk: float = 214.8  # one Han character (Chinese, Japanese kanji)
    ms_per_kana: float = 114.6  # one kana (a mora)
    ms_per_hangul: float = 160.0  # one Hangul syllable block (not fitted: no Korean timed data)
    ms_per_syllable_other: float = 150.2  # non-English alphabetic languages (vowel groups)
    ms_per_abjad_letter: float = 23.2  # Arabic / Hebrew letters (vowels unwritten)
    ms_per_abjad_word: float = 290.5  # added per Arabic/Hebrew word (its unwritten vowels)
    ms_per_other_char: float = 70.0  # any other letter (Thai, Devanagari, ...)
    ms_per_digit: float = 260.0  # digits are read out: ~1.3 syllables each
    sentence_pause_ms: float = 200.0
    clause_pause_ms: float = 60.0
    cue_pause_ms: float = 300.0
    # between two known times, a cue in another language than English also weighs this much (an
    # equal share: a translation's cues follow the original's, its text length less so)
    cue_share_other_ms: float = 1500.0
    pause_scale: float = 1.25  # between two bounds: weight of the pauses relative to the speech
    lead_ms: float = 0.0  # where the first cue starts when nothing says otherwise
    syllables_per_word: float = 1.45  # converts --wpm into a syllable rate
    min_ms: int = 833
    max_ms: int = 7000
    gap_ms: int = 83
    floor_ms: int = 500  # below this a cue is always reported
    max_cps: float = 20.0  # reading speed above which a cue is flagged

    def replace(self, **changes: float) -> Params:
        """Return a copy with ``changes`` applied."""
        return replace(self, **changes)  # type: ignore[arg-type]


DEFAULT = Params()

_SENTENCE_END = frozenset(".!?。！？…؟।")
_CLAUSE = frozenset(",;:，、；：،—–")
_CLOSERS = "\"'”’»」』）)]】"
_TRAILING = _CLOSERS + "".join(_SENTENCE_END) + "".join(_CLAUSE) + " \t\r\n\u00a0\u3000"
_WORD_RE = re.compile(r"\w+(?:['’]\w+)*")

# English: endings and patterns the vowel-group count gets wrong.
_EN_EXCEPTION_TEXT = (
    "the:1 real:1 choose:1 one:1 once:1 i:1 a:1 fire:1 hour:1 our:1 really:2 every:2 business:2 people:2 "
    "being:2 going:2 doing:2 seeing:2 science:2 quiet:2 create:2 via:2 whether:2 bitcoin:2 naive:2 user:2 "
    "ok:2 okay:2 maybe:2 somewhere:2 someone:2 something:2 sometimes:2 area:3 idea:3 ideas:3 everything:3 "
    "everyone:3 different:3 interesting:3 video:3 videos:3 radio:3 created:3 creating:3 creation:3 "
    "beautiful:3 linear:3 society:4 variable:4 eigenvalue:4 eigenvalues:4 eigenvector:4 eigenvectors:4 "
    "everybody:4 usually:4 actually:4 genuinely:4 especially:4 "
)
_EN_EXCEPTIONS: dict[str, int] = {w: int(n) for w, _, n in (x.partition(":") for x in _EN_EXCEPTION_TEXT.split())}
_EN_ADD_RE = re.compile(r"(?:ia|riet|dien|iu|io|ii|[aeiouym]bl$|^mc|ism$|eo|ua$|uo)")
_EN_SUB_RE = re.compile(r"(?:cial|tia|cius|cious|giu|ion|iou|sia$|[^aeiuoyt]{2}ed$|.ely$|rved?$)")
_VOWELS_EN = re.compile(r"[aeiouy]+")
_VOWELS_ANY = re.compile(r"[aeiouyàáâãäåæèéêëìíîïòóôõöøùúûüýÿœαεηιοωυаеёиоуыэюяіїєѣ]+")


def syllables(word: str, language: str | None = None) -> int:
    """Estimated syllables of one alphabetic word (English rules unless ``language`` says otherwise).

    >>> [syllables(w) for w in ("cat", "table", "tried", "wanted", "boxes", "ratio", "idea")]
    [1, 2, 1, 2, 2, 3, 3]
    >>> syllables("comunicación", "es")
    5
    """
    w = word.lower().strip("'’")
    if not w:
        return 0
    if (language is not None and not language.lower().startswith("en")) or not w.isascii():
        return max(1, len(_VOWELS_ANY.findall(w)))  # (every English exception is ASCII)
    if w in _EN_EXCEPTIONS:
        return _EN_EXCEPTIONS[w]
    for suffix in ("'s", "’s", "'ll", "'re", "'ve", "'d", "n't"):
        if w.endswith(suffix) and len(w) > len(suffix) + 1:
            base = syllables(w[: -len(suffix)], language)
            return base + (1 if suffix == "n't" and w[-4] in "sd" else 0)
    return _english_rules(w.replace("'", "").replace("’", ""))


def _english_rules(w: str) -> int:
    """Syllables of a lower-case ASCII English word by vowel groups and the usual corrections."""
    count = len(_VOWELS_EN.findall(w))
    if count == 0:
        return 1
    if w.endswith("e") and not w.endswith(("le", "ee", "ie", "ye", "oe")) and count > 1:
        count -= 1  # silent final e: make, state
    elif w.endswith("le") and len(w) > 2 and w[-3] in "aeiouy" and count > 1:
        count -= 1  # whole, mile
    count += len(_EN_ADD_RE.findall(w))
    count -= len(_EN_SUB_RE.findall(w))
    if w.endswith("ed") and len(w) > 3 and w[-3] not in "td" and count > 1 and not w.endswith(("ied", "eed")):
        count -= 1 if not _EN_SUB_RE.search(w) else 0  # walked, played
    if w.endswith("es") and len(w) > 3 and count > 1 and w[-3] not in "sxzhgcy" and w[-3] not in "aeiou":
        count -= 1  # makes, states
    return max(1, count)


#: Unicode blocks by script, tried in order (after digits): (first, last, script)
_BLOCKS = (
    (0x3040, 0x30FF, "kana"),
    (0xFF66, 0xFF9D, "kana"),
    (0x3400, 0x9FFF, "cjk"),
    (0xF900, 0xFAFF, "cjk"),
    (0x20000, 0x2FFFF, "cjk"),
    (0xAC00, 0xD7AF, "hangul"),
    (0x0590, 0x08FF, "abjad"),
    (0xFB1D, 0xFDFF, "abjad"),
    (0xFE70, 0xFEFF, "abjad"),
)


def _script(ch: str) -> str:
    """Coarse script class of one character: cjk, kana, hangul, abjad, alpha, digit, other, mark or punct.

    >>> [_script(c) for c in "a7字カ・한ب,"]
    ['alpha', 'digit', 'cjk', 'kana', 'punct', 'hangul', 'abjad', 'punct']
    """
    o = ord(ch)
    script = "digit" if ch.isdigit() else next((s for first, last, s in _BLOCKS if first <= o <= last), None)
    if script is None:
        if ch.isalpha():  # Latin, Greek, Cyrillic, Armenian are "alpha"
            script = "alpha" if o < 0x0530 or 0x1E00 <= o <= 0x1FFF else "other"
        else:
            script = "mark" if unicodedata.category(ch).startswith("M") else "punct"
    elif (script == "kana" and ch == "・") or (script == "abjad" and not ch.isalpha()):
        script = "punct"
    return script


# What a text's words and characters cost is looked up per character and per whitespace-separated
# token, and remembered: a page says the same words and uses the same characters again and again.
_CACHE_SIZE = 1 << 16

K = TypeVar("K")
V = TypeVar("V")


class _Memo(dict[K, V]):
    """``fn(key)``, computed on the first lookup of ``key`` and remembered; emptied when it holds
    ``_CACHE_SIZE`` entries (memory stays bounded on any input).

    A lookup that hits is a plain ``dict`` lookup, in C: ``functools.lru_cache`` in its place
    makes the time step 10 % slower on the 100,000-line film page (``benchmarks/bench_page.py``).
    A ``_Memo`` is also a mapping, as ``str.translate`` needs.

    >>> square = _Memo(lambda n: n * n); square[12], len(square)
    (144, 1)
    """

    def __init__(self, fn: Callable[[K], V]) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, key: K) -> V:
        value = self.fn(key)
        if len(self) >= _CACHE_SIZE:
            self.clear()
        self[key] = value
        return value


#: :func:`_script` of one character, with ``"space"`` for white space.
_SCRIPT_OF: _Memo[str, str] = _Memo(lambda ch: "space" if ch.isspace() else _script(ch))
_script_of = _SCRIPT_OF.__getitem__

_CODES = {"space": "s", "cjk": "c", "kana": "k", "hangul": "h", "abjad": "a", "other": "o", "digit": "d", "alpha": "l"}

#: A ``str.translate`` table: code point -> one letter for its script (``_CODES``; ``p`` otherwise),
#: so that one ``translate`` and a few ``count`` calls measure a text.
_SCRIPT_CODE: _Memo[int, str] = _Memo(lambda o: _CODES.get(_script_of(chr(o)), "p"))


# A ``_WORD_RE`` word never holds whitespace, so the words of a text are the words of its
# ``str.split()`` tokens, in order: the caches below are per token.


def _token_syllables(token: str, language: str | None) -> int:
    """Syllables of the alphabetic letters of each ``_WORD_RE`` word of ``token``, in ``language``."""
    n = 0
    for word in _WORD_RE.findall(token):
        letters = word
        if not (word.isascii() and word.isalpha()):
            letters = "".join(c for c in word if _script_of(c) == "alpha")
        if letters:
            n += syllables(letters, language)
    return n


@functools.lru_cache(maxsize=64)
def _syllable_counter(language: str | None) -> _Memo[str, int]:
    """Per token, :func:`_token_syllables` in ``language`` (one memo per language)."""
    return _Memo(functools.partial(_token_syllables, language=language))


#: Per token, how many ``_WORD_RE`` words of it hold an abjad (Arabic/Hebrew) letter.
_ABJAD_WORDS: _Memo[str, int] = _Memo(
    lambda token: sum(1 for word in _WORD_RE.findall(token) if any(_script_of(c) == "abjad" for c in word))
)


def _ascii_class(script: str) -> bytes:
    """The ASCII bytes whose class (as ``_script_of`` gives it) is ``script``."""
    return bytes(b for b in range(128) if _script_of(chr(b)) == script)


_ASCII_SPACE = _ascii_class("space")
_ASCII_DIGIT = _ascii_class("digit")
_ASCII_ALPHA = _ascii_class("alpha")
# the characters that can add a pause (all of them are counted by no script)
_PAUSE_RE = re.compile("[" + re.escape("".join(sorted(_SENTENCE_END | _CLAUSE))) + "]")
# marks that also stand inside numbers and abbreviations (3.14, 1,000, 10:30, e.g): a pause only
# before white space, a closer, or a CJK or kana character
_NUMBER_MARKS = ".,:"
# the pauses of ASCII text (which has no CJK or kana character): any other mark, those before
# white space or a closer
_ASCII_PAUSE_RE = re.compile(
    "["
    + re.escape("".join(sorted((_SENTENCE_END | _CLAUSE) - frozenset(_NUMBER_MARKS))))
    + "]|["
    + re.escape(_NUMBER_MARKS)
    + "](?=[\\s"
    + re.escape(_CLOSERS)
    + "])"
)


@dataclass(frozen=True, slots=True)
class Weight:
    """The measured parts of a text: speaking time and pauses, in milliseconds."""

    speech_ms: float  # time the words take, without pauses
    inner_pause_ms: float  # pauses at sentence ends / clause breaks inside the text
    end_pause_ms: float  # pause after the text (its last punctuation + the cue pause)
    chars: int  # visible characters (for reading speed)

    @property
    def total_ms(self) -> float:
        """Speech, inner pauses and the pause after."""
        return self.speech_ms + self.inner_pause_ms + self.end_pause_ms


def pause_after_ms(text: str, params: Params = DEFAULT) -> float:
    """The pause expected after ``text``: a sentence end, a clause break, or just the cue pause.

    >>> pause_after_ms("Done.") > pause_after_ms("and then,") > pause_after_ms("and")
    True
    """
    t = text.rstrip().rstrip(_CLOSERS).rstrip()
    if not t:
        return params.cue_pause_ms
    if t[-1] in _SENTENCE_END:
        return params.sentence_pause_ms + params.cue_pause_ms
    if t[-1] in _CLAUSE:
        return params.clause_pause_ms + params.cue_pause_ms
    return params.cue_pause_ms


def weigh(
    text: str,
    *,
    wpm: float | None = None,
    cps: float | None = None,
    language: str | None = None,
    params: Params = DEFAULT,
) -> Weight:
    """Measure ``text``: speaking time per script, pauses inside it and after it.

    ``wpm`` (words per minute) sets the rate of alphabetic and abjad scripts,
    ``cps`` (characters per second) that of CJK and other character-counted
    scripts; by default the fitted rates apply.

    >>> w = weigh("Hi, there. Bye")
    >>> w.inner_pause_ms == DEFAULT.sentence_pause_ms + DEFAULT.clause_pause_ms
    True
    """
    return Weight(*measurer(wpm=wpm, cps=cps, language=language, params=params)(text))


def measurer(
    *,
    wpm: float | None = None,
    cps: float | None = None,
    language: str | None = None,
    params: Params = DEFAULT,
) -> Callable[[str], tuple[float, float, float, int]]:
    """:func:`weigh` with its rates worked out once: a function of the text, returning
    ``(speech_ms, inner_pause_ms, end_pause_ms, chars)`` (the fields of :class:`Weight`).

    >>> measure = measurer(wpm=150)
    >>> measure("Hi, there. Bye") == tuple(getattr(weigh("Hi, there. Bye", wpm=150), f)
    ...                                    for f in ("speech_ms", "inner_pause_ms", "end_pause_ms", "chars"))
    True
    """
    english = language is None or language.lower().startswith("en")
    per_syl = params.ms_per_syllable if english else params.ms_per_syllable_other
    per_abjad = params.ms_per_abjad_letter
    if wpm is not None and wpm > 0:
        per_syl = 60000.0 / (wpm * params.syllables_per_word)
        per_abjad = params.ms_per_abjad_letter * per_syl / params.ms_per_syllable
    per_cjk, per_kana, per_hangul, per_other = (
        params.ms_per_cjk,
        params.ms_per_kana,
        params.ms_per_hangul,
        params.ms_per_other_char,
    )
    if cps is not None and cps > 0:
        per_cjk = per_kana = per_hangul = per_other = 1000.0 / cps
    per_digit = params.ms_per_digit
    token_syllables = _syllable_counter(language).__getitem__
    per_abjad_word, per_abjad_letter = params.ms_per_abjad_word, params.ms_per_abjad_letter
    sentence_pause, clause_pause = params.sentence_pause_ms, params.clause_pause_ms

    def measure(text: str) -> tuple[float, float, float, int]:
        # pass 1: characters by script, counted in C (byte deletion for ASCII, a cached
        # one-letter-per-script translation otherwise)
        cjk = kana = hangul = abjad = other = 0
        ascii_text = text.isascii()
        if ascii_text:
            raw = text.encode("ascii")
            n = len(raw)
            chars = len(raw.translate(None, _ASCII_SPACE))
            digit = n - len(raw.translate(None, _ASCII_DIGIT))
            alpha = n - len(raw.translate(None, _ASCII_ALPHA))
        else:
            codes = text.translate(_SCRIPT_CODE)
            chars = len(text) - codes.count("s")
            cjk, kana, hangul = codes.count("c"), codes.count("k"), codes.count("h")
            abjad, other = codes.count("a"), codes.count("o")
            digit, alpha = codes.count("d"), codes.count("l")
        # punctuation pauses inside the text (before its trailing punctuation), in text order
        inner = 0.0
        if _PAUSE_RE.search(text) is not None:
            # (the text before its trailing marks and closers: a mark in it is never its last character)
            core_end = len(text.rstrip(_TRAILING))
            if ascii_text:  # (no CJK or kana character: the marks that pause are found in C)
                for ch in _ASCII_PAUSE_RE.findall(text, 0, core_end):
                    inner += sentence_pause if ch in _SENTENCE_END else clause_pause
            else:
                for m in _PAUSE_RE.finditer(text, 0, core_end):
                    ch = m.group()
                    i = m.start()
                    nxt = text[i + 1] if i + 1 < len(text) else " "
                    if ch in _NUMBER_MARKS and not (
                        nxt.isspace() or nxt in _CLOSERS or _script_of(nxt) in ("cjk", "kana")
                    ):
                        continue  # 3.14, 1,000, 10:30, e.g
                    inner += sentence_pause if ch in _SENTENCE_END else clause_pause
        # pass 2: alphabetic words -> syllables (cached per whitespace-separated token)
        syl = sum(map(token_syllables, text.split())) if alpha else 0
        abjad_words = sum(map(_ABJAD_WORDS.__getitem__, text.split())) if abjad else 0
        speech = (
            syl * per_syl
            + cjk * per_cjk
            + kana * per_kana
            + hangul * per_hangul
            + abjad * per_abjad
            + abjad_words * per_abjad_word * per_abjad / per_abjad_letter
            + other * per_other
            + digit * per_digit
        )
        return speech, inner, pause_after_ms(text, params), chars

    return measure


def other_language(text: str, language: str | None = None) -> bool:
    """Whether ``text``'s length follows its speech loosely: another language than English
    (``language`` says so, or most letters are not Latin, Greek or Cyrillic), except text
    mostly in Han characters, where one character is one syllable.

    Between two known times such a cue also gets an equal share (``cue_share_other_ms``).

    >>> other_language("Hello"), other_language("Hola", "es"), other_language("ビットコインを「持つ」とは")
    (False, True, True)
    >>> other_language("很多人都听说过比特币", "zh")
    False
    """
    if text.isascii():
        return language is not None and not language.lower().startswith("en")
    codes = text.translate(_SCRIPT_CODE)
    han = codes.count("c")
    foreign = han + sum(codes.count(k) for k in "khao")
    if han * 2 > foreign:
        return False  # Chinese: a character is a syllable, the text measures the speech closely
    if language is not None and not language.lower().startswith("en"):
        return True
    return foreign > codes.count("l")


def expected_ms(
    text: str,
    *,
    wpm: float | None = None,
    cps: float | None = None,
    language: str | None = None,
    params: Params = DEFAULT,
) -> int:
    """Expected speaking time of ``text`` in milliseconds, including pauses inside it.

    The pause after the text is not included.  At least 1 ms.

    >>> expected_ms("一二三四", cps=4)
    1000
    """
    w = weigh(text, wpm=wpm, cps=cps, language=language, params=params)
    return max(1, round(w.speech_ms + w.inner_pause_ms))

"""Turning bytes into text: BOM, UTF-16/32 pattern, strict UTF-8, then chardet, unless told.

Detection order (``encoding=None``):

1. a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32 LE/BE);
2. UTF-16/32 without a BOM, recognised by its pattern of NUL bytes, unless the file starts
   with a known file signature (a WAV file's samples show the pattern) or the reading is not
   text (headerless audio samples read as UTF-16: controls, unassigned code points), both
   refused as in 3;
3. binary data (a known file signature such as PNG, or many control bytes)
   is refused with :class:`~subconv.errors.EncodingError` ("binary file, not text");
4. strict UTF-8; UTF-8 whose only fault is a multi-byte sequence cut off at
   the end, or a few bad bytes among many good multi-byte sequences, is
   decoded with U+FFFD for the bad bytes and each repair is reported;
5. chardet's candidates (``chardet.detect_all``) and the legacy encodings subtitle files use
   (:data:`_LEGACY`: on a short text chardet's guesses are close to chance), each widened to
   the codec that real files of that family use (GB2312/GBK -> GB18030, ISO-8859-1 -> cp1252,
   EUC-KR -> CP949, Shift_JIS -> cp932 when plain Shift_JIS fails, Big5 -> cp950/Big5-HKSCS
   when plain Big5 fails) and checked: a candidate must decode without error (but for a
   multi-byte character cut off at the very end, repaired and reported), and the decoded text
   is scored for plausibility (:func:`_plausibility`, :func:`_rare_share`,
   :func:`_alphabet_fit`, :func:`_kana_fit`).  The most plausible reading, weighed by its prior and chardet's
   confidence, wins.

The encoding used, how it was found and the confidence go into
``report.info`` (``encoding``, ``encoding_source``, ``encoding_confidence``,
and ``encoding_alternatives`` when chardet was asked); a confidence below
:data:`LOW_CONFIDENCE` adds a ``warning`` entry, never silent mojibake.
Stray NUL bytes in 8-bit text are removed and reported (``repaired``).
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .errors import EncodingError, WholeInputNeeded
from .report import Report

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: chardet confidence below which the guess is reported as a warning.
LOW_CONFIDENCE = 0.5

#: Individual repairs reported one by one before a single summary entry.
MAX_REPORTED_REPAIRS = 20

#: File signatures of common binary formats people rename by mistake.
_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "PNG image"),
    (b"GIF87a", 0, "GIF image"),
    (b"GIF89a", 0, "GIF image"),
    (b"\xff\xd8\xff", 0, "JPEG image"),
    (b"%PDF-", 0, "PDF document"),
    (b"PK\x03\x04", 0, "ZIP archive"),
    (b"\x1f\x8b\x08", 0, "gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", 0, "7-Zip archive"),
    (b"Rar!\x1a\x07", 0, "RAR archive"),
    (b"\x7fELF", 0, "ELF executable"),
    (b"\x1aE\xdf\xa3", 0, "Matroska/WebM video"),
    (b"ftyp", 4, "MP4/MOV video"),
    (b"OggS\x00", 0, "Ogg media"),
    (b"fLaC", 0, "FLAC audio"),
    (b"RIFF", 0, "RIFF (WAV/AVI) media"),
    (b"ID3\x03", 0, "MP3 audio"),
    (b"ID3\x04", 0, "MP3 audio"),
    (b"\x00\x00\x01\xba", 0, "MPEG video"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "Microsoft Office document"),
    (b"SQLite format 3\x00", 0, "SQLite database"),
)

# C0 control bytes that do not occur in text (tab, LF, VT, FF, CR, ESC and
# 0x1A - DOS end of file - are allowed).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 26, 27))


def _bom(data: bytes) -> tuple[str, int] | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def _utf16_32_without_bom(data: bytes) -> str | None:
    """Guess UTF-16/32 without a BOM from the pattern of NUL bytes.

    >>> _utf16_32_without_bom("1\\n00:00:01,000".encode("utf-16-le"))
    'utf-16-le'
    >>> _utf16_32_without_bom("hello world".encode("utf-32-be"))
    'utf-32-be'
    >>> _utf16_32_without_bom(b"plain text") is None
    True
    """
    n = min(len(data), 8000)
    if n < 4:
        return None
    sample = data[: n - n % 4] if n >= 8 else data[: n - n % 2]
    n = len(sample)
    quarter = n // 4
    if n >= 8:
        lanes = [sample[i::4].count(0) for i in range(4)]
        # plane 0 text: the two high bytes of every code unit are NUL
        if lanes[2] > quarter * 0.9 and lanes[3] > quarter * 0.9 and lanes[0] < quarter * 0.5:
            return "utf-32-le"
        if lanes[0] > quarter * 0.9 and lanes[1] > quarter * 0.9 and lanes[3] < quarter * 0.5:
            return "utf-32-be"
    half = n // 2
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    # ASCII (timing lines, numbers) puts a NUL in the high byte of its code units; a character
    # whose low byte is NUL (U+3000, 一 U+4E00, an emoji's low surrogate) puts one in the other
    # lane, rarely: NULs in the other lane are allowed up to a quarter of these, where the
    # sample is UTF-16 with its surrogates in pairs
    if odd > half * 0.2 and (even < half * 0.02 or (even <= odd // 4 and _utf16_clean(sample, "utf-16-le"))):
        return "utf-16-le"
    if even > half * 0.2 and (odd < half * 0.02 or (odd <= even // 4 and _utf16_clean(sample, "utf-16-be"))):
        return "utf-16-be"
    return None


def _utf16_clean(sample: bytes, enc: str) -> bool:
    """Whether ``sample`` (the start of a file: its end may cut a surrogate pair) decodes as
    ``enc`` with no lone surrogate and next to no U+0000.

    >>> _utf16_clean("一\u3000😀".encode("utf-16-le")[:-2], "utf-16-le"), _utf16_clean(bytes(8), "utf-16-le")
    (True, False)
    """
    try:
        text = sample.decode(enc)
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 2:  # (only a pair cut at the sample's end is forgiven)
            return False
        text = sample[: exc.start].decode(enc)
    return text.count("\0") <= len(text) // 100


def _signature(data: bytes) -> str | None:
    """The binary format whose file signature ``data`` starts with, or None.

    >>> _signature(b"RIFF\\x24\\x00\\x00\\x00WAVEfmt "), _signature("1\\n".encode("utf-16-le"))
    ('RIFF (WAV/AVI) media', None)
    """
    for magic, offset, kind in _MAGIC:
        if data[offset : offset + len(magic)] == magic:
            return kind
    return None


def _binary_kind(data: bytes) -> str | None:
    """Name the binary format of ``data``, or None when it may be text.

    >>> _binary_kind(b"\\x89PNG\\r\\n\\x1a\\n" + bytes(100))
    'PNG image'
    >>> _binary_kind(bytes(range(256)) * 4)
    'binary data'
    >>> _binary_kind(b"1\\n00:00:01,000 --> 00:00:02,000\\nHi\\n") is None
    True
    """
    kind = _signature(data)
    if kind is not None:
        return kind
    sample = data[:65536]
    if not sample:
        return None
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > max(8, len(sample) // 20):
        return "binary data"
    return None


def _binary(kind: str) -> EncodingError:
    """The error that refuses binary data of the kind ``kind``."""
    return EncodingError(f"binary file, not text ({kind}); subconv reads subtitle and caption text files")


#: Characters :func:`_not_text` counts: C0 controls (but tab, the line breaks, ESC and the DOS
#: end of file) and C1 controls.
_CONTROL_CHARS = frozenset(map(chr, (*_CONTROL_BYTES, *range(0x7F, 0xA0))))


def _not_text(text: str) -> bool:
    """True when ``text`` (its first 32,768 characters) is too full of what no text holds to be
    text: controls, unassigned, private-use and surrogate code points, U+FFFD.  More than one
    and more than 1 in 20 is binary data read in a wide encoding (headerless 16-bit audio
    samples, read as UTF-16, are a quarter controls and unassigned code points); a real
    subtitle file holds none, or the U+FFFD of one cut-off code unit at its end.

    >>> _not_text("1\\n00:00:01,000 --> 00:00:02,000\\n中文字幕\\n"), _not_text("\\x01条牢慧\\ufffd")
    (False, True)
    """
    sample = text[:32768]
    bad = sum(
        ch in _CONTROL_CHARS or ch == "\ufffd" or (ch > "\x9f" and unicodedata.category(ch) in ("Cn", "Co", "Cs"))
        for ch in sample
    )
    return bad > max(1, len(sample) // 20)


def _line_of(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def _line_in(data: bytes, pos: int, enc: str) -> int:
    """The line of ``data`` decoded as ``enc`` that byte ``pos`` is on (UTF-16/32 too)."""
    return data[:pos].decode(enc, errors="replace").count("\n") + 1


@dataclass
class _Repairs:
    """Bad byte runs replaced by U+FFFD while decoding."""

    count: int = 0


def _decode_repairing(data: bytes, enc: str, rep: Report, name: str, why: str) -> str:
    """Decode ``data`` as ``enc``, replacing undecodable bytes by U+FFFD and reporting each."""
    parts: list[str] = []
    pos = 0
    lines = 1
    reported = 0
    total = 0
    # utf-16/32: count lines on decoded text; for byte encodings this is the same.
    while pos < len(data):
        try:
            chunk = data[pos:].decode(enc)
        except UnicodeDecodeError as exc:
            good = data[pos : pos + exc.start].decode(enc)
            parts.append(good)
            lines += good.count("\n")
            bad = data[pos + exc.start : pos + exc.end]
            at_end = pos + exc.end >= len(data)
            total += 1
            if reported < MAX_REPORTED_REPAIRS:
                reported += 1
                what = "truncated multi-byte sequence at the end of the file" if at_end else f"invalid {enc} bytes"
                rep.add(
                    "decode",
                    "repaired",
                    f"{what} ({bad.hex(' ')}) replaced by U+FFFD; {why}",
                    line=lines,
                    text=(good.rsplit("\n", 1)[-1] + "\ufffd")[-80:],
                )
            parts.append("\ufffd")
            pos += exc.start + max(exc.end - exc.start, 1)
            if total >= 10 * MAX_REPORTED_REPAIRS:
                rest = data[pos:].decode(enc, errors="replace")
                more = rest.count("\ufffd")
                parts.append(rest)
                total += more
                break
        else:
            parts.append(chunk)
            break
    if total > reported:
        rep.add(
            "decode",
            "repaired",
            f"{total - reported} more invalid {enc} byte sequences replaced by U+FFFD in {name}",
        )
    return "".join(parts)


def _strip_bom_char(text: str) -> str:
    return text[1:] if text.startswith("\ufeff") else text


# ---------------------------------------------------------------------------
# chardet candidates


#: Python codecs to try, in order, for each codec name chardet's answer resolves to.
_FAMILIES: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(("gb2312", "gbk", "gb18030", "hz", "cp936"), ("gb18030",)),
    **dict.fromkeys(
        ("shift_jis", "cp932", "shift_jisx0213", "shift_jis_2004"), ("shift_jis", "cp932", "shift_jis_2004")
    ),
    **dict.fromkeys(("euc_jp", "euc_jis_2004", "euc_jisx0213"), ("euc_jp", "euc_jis_2004")),
    **dict.fromkeys(("euc_kr", "cp949"), ("cp949",)),
    "johab": ("johab",),
    **dict.fromkeys(("big5", "cp950", "big5hkscs"), ("big5", "cp950", "big5hkscs")),
    **dict.fromkeys(("latin-1", "iso8859-1", "ascii"), ("cp1252", "latin-1")),
}


#: a byte of 0x80-0x9F: C1 controls in ISO 8859, letters and punctuation in the Windows code pages
_C1_BYTE = re.compile(rb"[\x80-\x9f]")


def _has_c1(data: bytes) -> bool:
    """Whether ``data`` holds a byte of 0x80-0x9F (one search in C: a large file is not walked a
    byte at a time in Python).

    >>> _has_c1(b"caf\\xe9"), _has_c1(b"\\x93quoted\\x94")
    (False, True)
    """
    return _C1_BYTE.search(data) is not None


def _family(enc: str, data: bytes) -> list[str]:
    """Python codecs to try, in order, for a chardet answer ``enc``.

    >>> _family("GB2312", b"")
    ['gb18030']
    >>> _family("ISO-8859-1", b"caf\\xe9")
    ['cp1252', 'latin-1']
    >>> _family("SHIFT_JIS", b"")
    ['shift_jis', 'cp932', 'shift_jis_2004']
    """
    try:
        name = codecs.lookup(enc).name
    except LookupError:
        return []
    if name == "iso8859-15":
        # cp1252 holds the same letters, and the C1 range as punctuation
        return ["iso8859-15", "cp1252"] if not _has_c1(data) else ["cp1252", "iso8859-15"]
    return list(_FAMILIES.get(name, (name,)))


#: Prior weights: the encodings subtitle files really use score a little higher (a small bonus
#: that breaks near-ties), the others (DOS, Mac and the rarer ISO code pages: no subtitle file
#: of the corpus) :data:`_RARE`.
_COMMON = {
    "cp1252": 1.15,
    "cp1250": 1.1,
    "cp1251": 1.1,
    "cp1256": 1.1,
    "cp1253": 1.05,
    "cp1254": 1.05,
    "cp1255": 1.05,
    "cp1257": 1.05,
    "cp1258": 1.0,
    "gb18030": 1.1,
    "big5": 1.1,
    "cp950": 1.1,
    "shift_jis": 1.1,
    "cp932": 1.1,
    "euc_jp": 1.05,
    "cp949": 1.1,
    "koi8-r": 1.05,
    "koi8-u": 1.0,
    "cp874": 1.0,
    "iso8859-2": 1.05,
    "iso8859-7": 1.0,
    "iso8859-15": 1.0,
    "latin-1": 1.0,
}
_RARE = 0.6

#: What a reading's score counts chardet's confidence in it from: 0.1 + confidence.  On a
#: short text chardet's confidences are small and close (0.00-0.06) and the text decides; on a
#: long one a confident answer (0.3-1.0) counts several times over.
_CHARDET_FLOOR = 0.1

#: The legacy encodings subtitle files are written in, weighed for every file that is not UTF
#: besides chardet's own candidates: on a short text chardet's guesses are close to chance
#: (``I’m here`` in cp1252 comes first as Mac Latin 2, Shift_JIS ``ありがとう`` not in its first 10).
_LEGACY = (
    "cp1252",
    "cp1250",
    "iso8859-2",
    "cp1251",
    "koi8-r",
    "cp1253",
    "iso8859-7",
    "cp1254",
    "cp1255",
    "cp1256",
    "cp1257",
    "cp1258",
    "iso8859-15",
    "cp874",
    "shift_jis",
    "euc_jp",
    "gb18030",
    "big5",
    "cp949",
)

_SCRIPT_GROUPS = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK", "FULLWIDTH": "CJK", "HALFWIDTH": "CJK"}


def _script(ch: str) -> str:
    if ch.isascii():
        return "LATIN"
    nm = unicodedata.name(ch, "")
    first = nm.split(" ", 1)[0] if nm else "?"
    return _SCRIPT_GROUPS.get(first, first)


#: ISO-8859 parts and their Windows siblings.  Without any byte in 0x80-0x9F
#: (where the Windows pages put letters such as š, ž, ś) the ISO part is the
#: better reading; with them, the Windows page is.
_ISO_SIBLINGS = {"iso8859-2": "cp1250", "iso8859-7": "cp1253", "iso8859-9": "cp1254", "iso8859-13": "cp1257"}


def _weight(name: str, has_c1: bool) -> float:
    """Prior weight of an encoding (common subtitle encodings first).

    >>> _weight("iso8859-2", has_c1=False) > _weight("cp1250", has_c1=False)
    True
    >>> _weight("iso8859-2", has_c1=True) < _weight("cp1250", has_c1=True)
    True
    """
    if name in _ISO_SIBLINGS and not has_c1:
        return _COMMON.get(_ISO_SIBLINGS[name], 1.0) * 1.02
    return _COMMON.get(name, _RARE)


#: Punctuation beyond ASCII that subtitles use: typographic quotes and dashes, the ellipsis,
#: Spanish ¿ ¡, the middle dot (and CJK punctuation).  A reading earns a little for each.
_USUAL = frozenset("’‘“”„«»‹›—–…¿¡·•\u00a0")

#: Symbols subtitles use (currency, ©, music notes, the degree sign): no cost, but one touching a
#: letter (``€Ι€¦``: EUC-JP read as ISO 8859-7) counts as mojibake, as any symbol does; the
#: degree sign and the notes may (``20°C``, ``♪La la``).
_SYMBOLS = frozenset("€£¥©®™°♪♫♩♬№")
_MAY_TOUCH = frozenset("°♪♫♩♬")

#: What may stand between two letters of one word: an apostrophe, a hyphen.  Another character
#: beyond ASCII there (``Za¿ó³æ``: Polish ``Zażółć`` read as cp1252, ``H—r``: German ``Hör``
#: read as HP Roman-8) breaks the word, a sign of mojibake.
_JOINERS = frozenset("’‘'‐‑ʼ")

#: Punctuation that opens: never right after a letter (``Ju¿``: Polish ``Już`` read as cp1252).
_OPENERS = frozenset("¿¡„«")

_LETTER, _PUNCT, _SYMBOL, _OTHER, _NOT_TEXT, _HALFWIDTH, _ASCII = range(7)

#: Blocks of characters that count as one kind whatever their category: box drawing, block
#: elements and geometric shapes, Arabic presentation forms (not text), halfwidth katakana,
#: spacing accents (ˇ ˘ ˙ ˝, cp1250's reading of other bytes), CJK punctuation.
_BLOCKS = (
    (0x2500, 0x25FF, _NOT_TEXT),
    (0xFB50, 0xFDFF, _NOT_TEXT),
    (0xFE70, 0xFEFF, _NOT_TEXT),
    (0xFFFD, 0xFFFD, _NOT_TEXT),
    (0xFF61, 0xFF9F, _HALFWIDTH),
    (0x02B0, 0x02FF, _OTHER),
    (0x3000, 0x303F, _PUNCT),
    (0xFF01, 0xFF60, _PUNCT),
    (0x30FB, 0x30FB, _PUNCT),
)


def _kind(ch: str) -> int:
    """What a character beyond ASCII counts as in :func:`_plausibility`: a letter, usual
    punctuation (CJK punctuation too), a usual symbol, another symbol or punctuation, what text
    does not hold (controls, unassigned, private use, U+FFFD, box drawing and block elements,
    Arabic presentation forms), or a halfwidth katakana letter (rare: cp1252 read as Shift_JIS)."""
    o = ord(ch)
    block = next((kind for low, high, kind in _BLOCKS if low <= o <= high), None)
    cat = unicodedata.category(ch)
    if block is not None and (block != _PUNCT or cat[0] != "L"):  # (fullwidth letters are letters)
        return block
    if cat[0] == "L":
        return _LETTER
    if cat in ("Cc", "Cn", "Co", "Cs"):
        return _NOT_TEXT
    return _PUNCT if ch in _USUAL else _SYMBOL if ch in _SYMBOLS else _OTHER


_KINDS: dict[str, int] = {}


class _Scan:
    """The tallies :func:`_plausibility` makes over a text, a character at a time."""

    def __init__(self) -> None:
        self.bad = 0.0
        self.usual = 0
        self.non_ascii = 0
        self.words = 0  # words holding a letter beyond ASCII
        self.mixed_words = 0
        self.scripts: dict[str, int] = {}  # letters per script
        self.short_words: dict[str, int] = {}  # words of one or two letters of one script beyond Latin
        self.word_scripts: set[str] = set()
        self.word_length = 0
        self.word_has_non_ascii = False
        self.odd_case = False  # a capital right after a lower-case letter beyond ASCII
        self.after_lower = False
        self.cjk_run = 0  # CJK characters in a row
        self.prev = _ASCII  # the kind of the character before
        self.prev_ch = " "
        self.breaker = False  # punctuation beyond ASCII that may not join letters follows a letter

    def letter(self, ch: str, kind: int) -> None:
        if self.word_scripts and ch >= "\u2e80" and _script(ch) == "CJK":
            # (a word of another script ends where CJK text goes on without a space: 値λに, 与vを;
            # before, a Greek or Latin letter made the whole line one word of mixed scripts)
            self.close_word()
        if ch >= "\x80":
            self.word_has_non_ascii = True
        if self.after_lower and ch.isupper():
            self.odd_case = True
        if self.breaker or (self.prev == _SYMBOL and self.prev_ch not in _MAY_TOUCH) or self.prev == _OTHER:
            self.bad += 1
        self.breaker = False
        self.after_lower = ch >= "\x80" and ch.islower()
        script = _script(ch)
        if script != "CJK":  # (CJK text runs into Latin words without a space: 叫sigmoid的)
            self.word_scripts.add(script)
            self.end_cjk_run()
        else:
            self.cjk_run += 1
        self.scripts[script] = self.scripts.get(script, 0) + 1
        if kind == _HALFWIDTH:
            self.bad += 0.5
        self.word_length += 1

    def other(self, ch: str, kind: int) -> None:
        if ch in ".,!?" and "\u3400" <= self.prev_ch <= "\u9fff":
            self.bad += 0.5  # (Chinese and Japanese put full-width punctuation after ideographs: 。，！？)
        if self.prev == _LETTER:
            if kind == _PUNCT:
                self.breaker = ch not in _JOINERS and not ("\u3000" <= ch <= "\u303f" or "\uff01" <= ch <= "\uff65")
                self.bad += ch in _OPENERS
            elif (kind == _SYMBOL and ch not in _MAY_TOUCH) or kind == _OTHER:
                self.bad += 1
        else:
            self.breaker = False
        self.end_word()
        self.usual += kind == _PUNCT
        self.bad += {_OTHER: 0.35, _NOT_TEXT: 1.0}.get(kind, 0.0)

    def end_word(self) -> None:
        self.close_word()
        self.end_cjk_run()

    def close_word(self) -> None:
        """Count the word that ends here (not the CJK run, which goes on past it)."""
        if self.word_has_non_ascii:
            self.words += 1
            if len(self.word_scripts) > 1 or self.odd_case:
                self.mixed_words += 1
            elif self.word_length <= 2 and len(self.word_scripts) == 1 and "LATIN" not in self.word_scripts:
                (script,) = self.word_scripts
                self.short_words[script] = self.short_words.get(script, 0) + 1
        self.word_scripts = set()
        self.word_length = 0
        self.word_has_non_ascii = self.odd_case = self.after_lower = False

    def end_cjk_run(self) -> None:
        if 0 < self.cjk_run <= 2:
            self.short_words["CJK"] = self.short_words.get("CJK", 0) + 1
        self.cjk_run = 0


def _plausibility(text: str) -> float:
    """A 0-1.03 score: how much ``text`` looks like human text rather than mojibake.

    Penalised: control, unassigned and private-use characters, U+FFFD, box drawing, uncommon
    symbols, a symbol touching a letter, an opening ``¿ ¡ „ «`` right after one, and words that
    mix scripts (``trХs``: a classic mojibake sign), put a capital right after a lower-case letter
    beyond ASCII (``żVa``: Spanish ``¿Va`` read as Polish) or hold punctuation between two
    letters (``Za¿ó³æ``), letters of a third script (Latin and one other are usual:
    ``éáéΦé¬é╞`` is Shift_JIS read as cp437), a script beyond Latin only as words of a letter
    or two in a Latin text (``It costs 5 א``: ``€`` read as cp862; ``Ćao`` read as Big5 ``饞o``),
    and ASCII punctuation right after an ideograph (Korean read as GBK: ``绊付况夸.``).  Usual
    punctuation (’ “ ” — … « ¿) earns a little, so ``I’m`` beats ``Iím``.

    >>> _plausibility("Ça va très bien, merci.") > 0.9
    True
    >>> _plausibility("\\x85\\x96 \\x92\\x93") < 0.5
    True
    >>> _plausibility("CE FILM RELATE DES ÉVÉNEMENTS") > _plausibility("CE FILM RELATE DES йVйNEMENTS")
    True
    >>> _plausibility("I’m here.") > _plausibility("Iím here.") == 1.0
    True
    >>> _plausibility("It costs 5 €.") > _plausibility("It costs 5 א.")
    True
    """
    scan = _Scan()
    for ch in text + " ":
        if ch < "\x80":
            kind = _LETTER if ch.isalpha() else _ASCII
            if ch < " " and ch not in "\t\n\r\f\v\x1a\x1b":
                scan.bad += 1
        else:
            scan.non_ascii += 1
            kind = _KINDS.get(ch, -1)
            if kind < 0:
                kind = _KINDS[ch] = _kind(ch)
        if kind in (_LETTER, _HALFWIDTH):
            scan.letter(ch, kind)
            kind = _LETTER
        else:
            scan.other(ch, kind)
        scan.prev, scan.prev_ch = kind, ch
    if scan.non_ascii == 0:
        return 1.0 if scan.bad == 0 else max(0.0, 1 - scan.bad / max(len(text), 1) * 20)
    # letters of scripts beyond Latin and the most used other one
    bad = scan.bad + sum(sorted((n for s, n in scan.scripts.items() if s != "LATIN"), reverse=True)[1:])
    # a script beyond Latin in a Latin text only as short words is a wrong code page's reading
    latin = scan.scripts.get("LATIN", 0)
    mixed_words = scan.mixed_words + sum(n for s, n in scan.short_words.items() if 4 * scan.scripts[s] < latin)
    mixed = mixed_words / scan.words if scan.words else 0.0
    score = 1 + 0.03 * scan.usual / scan.non_ascii - min(1.0, bad / scan.non_ascii) - mixed
    return max(0.0, min(1.03, score))


#: The letters beyond ASCII of the languages written in Latin script with single-byte code pages
#: (lower case).  A text's own letters come from one alphabet; a wrong code page mixes letters
#: of several (French ``crème brûlée`` read as ISO 8859-2 is ``crčme brűlée``: Czech č beside
#: Hungarian ű), which no alphabet here holds.
_ALPHABETS = (
    "àâæçéèêëîïôœùûüÿ",  # French
    "äöüß",  # German
    "áéíñóúü¡¿",  # Spanish
    "áàâãçéêíóôõú",  # Portuguese
    "àèéìíîòóùú",  # Italian
    "àçéèíïóòúü·",  # Catalan
    "áéèëïóöü",  # Dutch
    "æøåéó",  # Danish, Norwegian
    "åäöé",  # Swedish, Finnish
    "áðéíóúýþæö",  # Icelandic
    "áčďéěíňóřšťúůýž",  # Czech
    "áäčďéíĺľňóôŕšťúýž",  # Slovak
    "ąćęłńóśźż",  # Polish
    "áéíóöőúüű",  # Hungarian
    "ăâîșțşţ",  # Romanian
    "čćđšž",  # Croatian, Bosnian, Serbian, Slovenian
    "çğıöşüâîû",  # Turkish
    "ąčęėįšųūž",  # Lithuanian
    "āčēģīķļņšūž",  # Latvian
    "äöõüšž",  # Estonian
    "çë",  # Albanian
    "âêîôûŵŷäëïöüáéíóúàèìòù",  # Welsh
    "áéíóú",  # Irish
)


_ICELANDIC = "áðéíóúýþæö"
_TURKISH = "çğıöşüâîû"
_CROATIAN = "čćđšž"
#: Alphabets of :data:`_ALPHABETS` that are also what another code page's text reads as, in a
#: language few subtitles are written in: Icelandic, whose ð, þ and ý are cp1252's reading of the
#: cp1250 (and ISO 8859-2) bytes of the Croatian, Bosnian and Serbian đ and the Romanian ţ
#: (``Ðino, doðavola``: ``Đino, dođavola`` read as cp1252), and of the cp1254 bytes of the
#: Turkish ğ, ş and ı (``Doðru, deðil mi?``: ``Doğru, değil mi?``).  A text whose letters fit
#: only these fits less (:data:`_RARE_FIT`), so that such a tie goes to the common language
#: whatever the priors of the code pages (cp1252's 1.15 against cp1254's 1.05: a fit of 0.95
#: decided only a Croatian near-tie, and a short Turkish line still read as Icelandic).
_RARE_ALPHABETS = frozenset((_ICELANDIC,))
_RARE_FIT = 0.85
#: Where a letter of an alphabet of :data:`_ALPHABETS` stands in no word of its language, while
#: the letter another code page reads from the same byte does (the three share bytes F0 and FE:
#: Icelandic ð þ in cp1252, Turkish ğ ş in cp1254, Croatian đ and Romanian ţ in cp1250).  A text
#: with such a word fits that alphabet no better than none:
#:
#: - no Icelandic word starts with ð, nor has þ after a vowel or at its end (þ starts words, or
#:   a compound's part: ``samþykkja``), while the Croatian ``Đuro`` and Turkish ``şey``,
#:   ``başka``, ``iş`` that cp1252 reads as ``Ðuro``, ``þey``, ``baþka``, ``iþ`` do;
#: - no Turkish ğ stands but after a vowel (none starts a word), while the Croatian ``Điđi`` and
#:   Icelandic ``segirðu`` that cp1254 reads as ``Ğiği``, ``segirğu`` do;
#: - no Croatian (Bosnian, Serbian) đ stands before a consonant, while the Turkish ``oğlum``,
#:   ``doğru`` that cp1250 reads as ``ođlum``, ``dođru`` do.
_NEVER = {
    _ICELANDIC: re.compile("(?<!\\w)[ðÐ]|[aeiouyáéíóúýæöAEIOUYÁÉÍÓÚÝÆÖ][þÞ]|[þÞ](?!\\w)"),
    _TURKISH: re.compile("(?<![aeıioöuüâîûAEIİOÖUÜÂÎÛ\u0307])[ğĞ]"),
    _CROATIAN: re.compile("[đĐ](?=[b-df-hj-np-tv-zčćšžB-DF-HJ-NP-TV-ZČĆŠŽ])"),
}


def _alphabet_fit(text: str) -> float:
    """1.0 when the Latin letters beyond ASCII in ``text`` all belong to one alphabet of
    :data:`_ALPHABETS` (or there are none), :data:`_RARE_FIT` when they belong only to a rare
    one (:data:`_RARE_ALPHABETS`), else 0.6: a soft penalty, as a text may mix languages.  An
    alphabet one of whose letters stands where it stands in no word of its language
    (:data:`_NEVER`: a word starting with ð or ğ) is not one the text fits.

    >>> _alphabet_fit("Ça va très bien, crème brûlée"), _alphabet_fit("Ça va trčs bien, crčme brűlée")
    (1.0, 0.6)
    >>> _alphabet_fit("Đino, dođavola"), _alphabet_fit("Ðino, doðavola"), _alphabet_fit("Hvað segirðu?")
    (1.0, 0.6, 0.85)
    >>> _alphabet_fit("Ğurğica"), _alphabet_fit("Doğru, güzel"), _alphabet_fit("Doðru, deðil mi?")
    (0.6, 1.0, 0.85)
    >>> _alphabet_fit("Hvağ segirğu?"), _alphabet_fit("Bir iþ, baþka"), _alphabet_fit("Ođlum")
    (0.6, 0.6, 0.6)
    """
    letters = {ch for ch in set(text.lower()) if not ch.isascii() and ch.isalpha() and _script(ch) == "LATIN"}
    if not letters:
        return 1.0
    fits = [alphabet for alphabet in _ALPHABETS if letters.issubset(alphabet)]
    fits = [alphabet for alphabet in fits if alphabet not in _NEVER or not _NEVER[alphabet].search(text)]
    if not fits:
        return 0.6
    return _RARE_FIT if all(alphabet in _RARE_ALPHABETS for alphabet in fits) else 1.0


#: The character set of each CJK codec family that real text is written in, as the codec that
#: holds it and the lead bytes (in that codec) of its frequent part: GB 2312 level 1 and its
#: punctuation, Big5 level 1, JIS X 0208 kana and level-1 kanji, KS X 1001 Hangul.  A character
#: outside (GBK's and UHC's extensions, level-2 ideographs, kana in Chinese, hanja in Korean)
#: is rare in real text and the usual sign of another encoding's bytes: Shift_JIS kana read as
#: GBK are all beyond GB 2312, EUC-JP kana read as GB 2312 are kana in a Chinese text.
_FREQUENT: dict[str, tuple[str, bytes]] = {
    "gb": ("gb2312", bytes([0xA1, 0xA2, 0xA3, *range(0xB0, 0xD8)])),
    "big5": ("big5", bytes([0xA1, 0xA2, 0xA3, *range(0xA4, 0xC7)])),
    "jis": ("euc_jp", bytes([0xA1, 0xA2, 0xA3, 0xA4, 0xA5, *range(0xB0, 0xD0)])),
    "ko": ("euc_kr", bytes([0xA1, 0xA2, 0xA3, *range(0xB0, 0xC9)])),
}
_CJK_SET = {
    **dict.fromkeys(("gb18030", "gbk", "gb2312", "hz"), "gb"),
    **dict.fromkeys(("big5", "cp950", "big5hkscs"), "big5"),
    **dict.fromkeys(("shift_jis", "cp932", "shift_jis_2004", "euc_jp", "euc_jis_2004", "euc_jisx0213"), "jis"),
    **dict.fromkeys(("cp949", "euc_kr", "johab"), "ko"),
}
_RARE_CHARS: dict[str, dict[str, bool]] = {key: {} for key in _FREQUENT}


def _rare_share(text: str, name: str) -> float:
    """The share of the characters beyond ASCII of ``text``, a reading in ``name``, that are
    rare in real text in that encoding's family (:data:`_FREQUENT`); 0 for other encodings.

    >>> _rare_share("ありがとう。你好", "shift_jis"), _rare_share("ありがとう。你好", "gb18030")
    (0.125, 0.625)
    """
    key = _CJK_SET.get(name)
    if key is None:
        return 0.0
    codec, frequent = _FREQUENT[key]
    memo = _RARE_CHARS[key]
    rare = 0
    beyond = 0
    for ch in text:
        if ch < "\x80":
            continue
        beyond += 1
        is_rare = memo.get(ch)
        if is_rare is None:
            try:
                encoded = ch.encode(codec)
            except UnicodeEncodeError:
                encoded = b""
            is_rare = memo[ch] = len(encoded) != 2 or encoded[0] not in frequent
        rare += is_rare
    return rare / beyond if beyond else 0.0


#: A Japanese codec's reading whose characters beyond ASCII are at least this share kana (and
#: kana marks) is Japanese: Japanese text is mostly kana (its particles and endings: 50-70 % in
#: the corpus), and no other code page's bytes read as kana in a Japanese codec but by chance,
#: while EUC-JP's kana rows are common Chinese characters in Big5 (``みなさん`` is ``心卅今氏``):
#: such a reading earns :data:`_KANA_FIT` (before, a kana-rich EUC-JP line was read as Big5).
_KANA_SHARE = 0.4
_KANA_FIT = 1.1
#: ... and at least this many kana: a Chinese Big5 line of a few characters that reads in EUC-JP
#: at all may read as half kana (``停不停手``: 停ぃ停も)
_KANA_LEAST = 4


def _kana_fit(text: str, name: str) -> float:
    """:data:`_KANA_FIT` for ``text``, a reading in a Japanese codec ``name``, that is mostly kana
    (:data:`_KANA_SHARE`, :data:`_KANA_LEAST`); else 1.0.

    >>> _kana_fit("みなさん特にこのトピック", "euc_jp"), _kana_fit("みなさん特にこのトピック", "gb18030")
    (1.1, 1.0)
    """
    if _CJK_SET.get(name) != "jis":
        return 1.0
    beyond = kana = 0
    for ch in text:
        if ch >= "\x80":
            beyond += 1
            kana += "\u3041" <= ch <= "\u30ff"
    return _KANA_FIT if kana >= max(_KANA_LEAST, _KANA_SHARE * beyond) else 1.0


def _reading_quality(text: str, name: str) -> float:
    """How much ``text``, a reading in ``name``, looks like text: its plausibility less half its
    share of rare characters (:func:`_rare_share`), to the 4th power, times its alphabet fit
    (:func:`_alphabet_fit`) and, in a Japanese codec, its kana fit (:func:`_kana_fit`)."""
    plausible = _plausibility(text) - 0.5 * _rare_share(text, name)
    return max(0.0, plausible) ** 4 * _alphabet_fit(text) * _kana_fit(text, name)


@dataclass
class _Candidate:
    encoding: str
    confidence: float
    language: str | None
    score: float


#: Bytes of the lines holding bytes beyond ASCII that the readings are judged on: the ASCII
#: lines (times, numbers) read the same in every candidate, and a large file is judged on its
#: first 64 KiB of such lines, so the many readings weighed cost the same for any size.
SAMPLE_BYTES = 1 << 16
#: ... and every reading is judged first on the first 4 KiB of them, the best
#: :data:`FINALISTS` again on the whole sample (a 97 KB cp1252 film: 0.25 -> 0.10 s to decode).
FIRST_SAMPLE_BYTES = 1 << 12
FINALISTS = 4

_NON_ASCII_LINE = re.compile(rb"[^\n]*[\x80-\xff][^\n]*")


def _sample(data: bytes, limit: int = SAMPLE_BYTES) -> bytes:
    r"""The lines of ``data`` that hold a byte beyond ASCII, up to ``limit`` bytes (a line
    break byte is no part of a multi-byte character in any candidate encoding).

    >>> _sample(b"1\n00:00:01,000\ncaf\xe9\n\n2\nok\nna\xefve")
    b'caf\xe9\nna\xefve'
    """
    parts: list[bytes] = []
    size = 0
    for m in _NON_ASCII_LINE.finditer(data):
        parts.append(m.group())
        size += len(parts[-1]) + 1
        if size >= limit:
            break
    return b"\n".join(parts)


def _cut_at_end(exc: UnicodeDecodeError, size: int) -> bool:
    """Whether the fault ``exc`` found decoding ``size`` bytes is a multi-byte character cut off
    at their end (its first byte among the last three): a download cut short."""
    return exc.end >= size and exc.start >= size - 3


def _decode_cut(data: bytes, enc: str) -> tuple[str, bool] | None:
    r"""``data`` decoded as ``enc``, and whether its last multi-byte character was cut off (it
    is then U+FFFD: a download cut short); ``None`` when the bytes are not ``enc``.

    >>> _decode_cut("字幕".encode("shift_jis")[:-1], "shift_jis") == ("字\ufffd", True)
    True
    >>> _decode_cut(b"caf\xe9", "cp1252"), _decode_cut(b"\x81", "cp1252")
    (('café', False), None)
    """
    try:
        return data.decode(enc), False
    except UnicodeDecodeError as exc:
        if not _cut_at_end(exc, len(data)) or "incomplete" not in exc.reason:
            return None
        try:
            return data[: exc.start].decode(enc) + "\ufffd", True
        except UnicodeDecodeError:
            return None
    except LookupError:
        return None


_ASCII_PROBE = bytes(range(32, 127)) + b"\t\n\r"


def _ascii_compatible(name: str) -> bool:
    """Whether ``name`` reads ASCII bytes as ASCII (not EBCDIC, UTF-16, ...): a subtitle file's
    times and numbers are ASCII, so no other encoding is weighed."""
    try:
        return _ASCII_PROBE.decode(name, errors="replace") == _ASCII_PROBE.decode("ascii")
    except LookupError:
        return False


def _chardet_candidates(data: bytes) -> list[_Candidate]:
    """The readings of ``data`` weighed: chardet's first 8 answers and the usual legacy
    encodings (:data:`_LEGACY`), each widened to its family (:func:`_family`) and judged on the
    sample (:func:`_sample`), best first.  A reading's score is its prior (:func:`_weight`) times
    its quality (:func:`_reading_quality`) times :data:`_CHARDET_FLOOR` + chardet's confidence in it."""
    import chardet

    results: list[Any]
    try:
        results = chardet.detect_all(data, ignore_threshold=True)
    except Exception:  # chardet internals are not our error to raise
        results = []
    said: list[tuple[str, float, str | None]] = []
    for r in results:
        enc = r.get("encoding")
        if not isinstance(enc, str):
            continue
        conf_obj = r.get("confidence")
        lang_obj = r.get("language")
        conf = float(conf_obj) if isinstance(conf_obj, int | float) else 0.0
        said.append((enc, conf, lang_obj if isinstance(lang_obj, str) and lang_obj else None))
    # chardet's confidence in each codec of a family it named (any rank)
    confidence: dict[str, tuple[float, str | None]] = {}
    for enc, conf, lang in said:
        for name in _family(enc, data):
            if conf > confidence.get(name, (-1.0, None))[0]:
                confidence[name] = (conf, lang)
    sample = _sample(data)
    first = _sample(data, FIRST_SAMPLE_BYTES)
    has_c1 = _has_c1(data)
    seen: set[str] = set()
    weighed: list[tuple[_Candidate, float, str]] = []  # (each with its prior and its whole sample's text)
    asked = [enc for enc, _, _ in said[:8]] + list(_LEGACY)
    for rank, enc in enumerate(asked):
        family = [name for name in _family(enc, data) if _ascii_compatible(name)]
        if any(name in seen for name in family):
            continue  # this family already has its reading
        for name in family:
            reading = _decode_cut(sample, name)
            if reading is None:
                continue
            seen.add(name)
            conf, lang = confidence.get(name, (0.0, None))
            # later chardet ranks are slightly penalised
            prior = (_CHARDET_FLOOR + conf) * _weight(name, has_c1) * (0.998**rank)
            whole = reading[0][:-1] if reading[1] else reading[0]  # (a cut character counts for nothing)
            text = first.decode(name, errors="replace") if len(first) < len(sample) else whole
            weighed.append((_Candidate(name, conf, lang, prior * _reading_quality(text, name)), prior, whole))
            break  # the first family member that decodes is the one to use
    weighed.sort(key=lambda c: c[0].score, reverse=True)
    out = [c for c, _, _ in weighed]
    if len(first) < len(sample):  # (the best few judged again on the whole sample)
        for c, prior, whole in weighed[:FINALISTS]:
            c.score = prior * _reading_quality(whole, c.encoding)
        out = sorted(out[:FINALISTS], key=lambda c: c.score, reverse=True) + out[FINALISTS:]
    return out


def _mostly_utf8(data: bytes) -> bool:
    """True when ``data`` is UTF-8 with only a few bad bytes among many good multi-byte sequences."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if bad == 0:
        return True
    # (the characters beyond ASCII but the replacement ones, counted in C: what encoding to
    # ASCII drops)
    good = len(text) - len(text.encode("ascii", "ignore")) - bad
    return good >= 10 and bad * 10 <= good


def decode(data: bytes, encoding: str | None = None, report: Report | None = None, name: str = "input") -> str:
    """Decode ``data`` to text, recording the encoding used in ``report``.

    Raises :class:`~subconv.errors.EncodingError` for binary data or bytes
    that are invalid in an explicitly requested ``encoding``.

    >>> decode("héllo".encode("utf-8"))
    'héllo'
    >>> decode(codecs.BOM_UTF16_LE + "hi".encode("utf-16-le"))
    'hi'
    >>> r = Report(); decode("Ça coûte 5 €, très cher".encode("cp1252"), report=r)
    'Ça coûte 5 €, très cher'
    >>> r.info["encoding"]
    'cp1252'
    >>> r = Report(); decode("abc é".encode() + "é".encode()[:1], report=r)
    'abc é\\ufffd'
    >>> [e.action for e in r.entries]
    ['repaired']
    """
    rep = report if report is not None else Report()
    if not data:
        rep.info.update(encoding="utf-8", encoding_confidence=1.0, encoding_source="empty input")
        return ""
    if encoding:
        return _decode_explicit(data, encoding, rep, name)
    text = _from_bom(data, rep, name)
    if text is None:
        kind = _signature(data)  # (a WAV file's samples may show the NUL pattern of UTF-16)
        if kind is not None:
            raise _binary(kind)
        text = _from_nul_pattern(data, rep, name)
    if text is not None:
        return text
    kind = _binary_kind(data)
    if kind is not None:
        raise _binary(kind)
    data = _drop_nuls(data, rep)
    text = _from_iso2022(data, rep)
    if text is None:
        text = _from_utf8(data, rep, name)
    return text if text is not None else _from_chardet(data, rep, name)


#: Bytes :func:`decode_pieces` needs in its first piece unless the input is shorter: every
#: test :func:`decode` makes on the start of the input (binary, UTF-16/32 without a byte-order
#: mark) and every format sniffer looks at no more.
FIRST_PIECE_BYTES = 1 << 16


def decode_pieces(
    chunks: Iterable[bytes], encoding: str | None = None, report: Report | None = None, name: str = "input"
) -> Iterator[str]:
    """The text :func:`decode` gives for the bytes ``chunks`` joined, a piece at a time, when the
    input is read the plain way: with ``encoding`` (``--encoding``), decoded without an error;
    without it, UTF-8 with no byte-order mark, NUL or ESC byte, not binary, that decodes without
    an error.  Anything else (a guess, a repair) needs the whole input: the first chunk that shows
    it raises :class:`~subconv.errors.WholeInputNeeded`, and the caller starts again with
    :func:`decode`.  The first chunk must hold :data:`FIRST_PIECE_BYTES` bytes unless it is all of
    them; the first piece is then all of its text (what the format sniffers look at).

    >>> list(decode_pieces([b"caf\\xc3", b"\\xa9 ", b"ok"]))
    ['caf', 'é ', 'ok']
    >>> list(decode_pieces([b"caf\\xe9"]))
    Traceback (most recent call last):
    subconv.errors.WholeInputNeeded
    """
    rep = report if report is not None else Report()
    it = iter(chunks)
    first = next(it, b"")
    if not first:
        raise WholeInputNeeded
    if encoding:
        enc = _streamed_encoding(encoding, first)
        plain = False
    else:
        if _bom(first) is not None or _utf16_32_without_bom(first) is not None or _binary_kind(first) is not None:
            raise WholeInputNeeded
        enc = "utf-8"
        plain = True
    decoder = codecs.getincrementaldecoder(enc)("strict")
    text = _piece(decoder, first, plain)
    if encoding:
        rep.info.update(encoding=enc, encoding_confidence=1.0, encoding_source="--encoding")
        text = _strip_bom_char(text)
    else:
        rep.info.update(encoding="utf-8", encoding_confidence=1.0, encoding_source="valid UTF-8")
    yield text
    utf8 = _Utf8Watch() if encoding and not enc.startswith(("utf-8", "utf-16", "utf-32")) else None
    if utf8 is not None:
        utf8.see(first)
    for chunk in it:
        if utf8 is not None:
            utf8.see(chunk)
        text = _piece(decoder, chunk, plain)
        if text:
            yield text
    text = _piece(decoder, b"", plain, final=True)
    if text:
        yield text
    if utf8 is not None and encoding and utf8.end():
        _warn_read_otherwise(rep, enc, encoding, utf8.line)


def _streamed_encoding(encoding: str, first: bytes) -> str:
    """The codec that decodes, a piece at a time, the bytes starting with ``first`` given as
    ``encoding``; :class:`WholeInputNeeded` when :func:`decode` must see them whole (an unknown
    encoding, a byte order to find, UTF-16/32 that is not)."""
    try:
        enc = text_encoding(encoding)
    except EncodingError:
        raise WholeInputNeeded from None
    if enc in _ORDERED and not first.startswith(_ORDERED[enc]):
        raise WholeInputNeeded  # (the byte order to find)
    if _wide_without_nuls(enc, encoding, first) is not None or _bom_against(enc, encoding, first) is not None:
        raise WholeInputNeeded  # (not UTF-16/32 after all, or another encoding's mark: decode says so)
    return enc


def _piece(decoder: codecs.IncrementalDecoder, chunk: bytes, plain: bool, final: bool = False) -> str:
    """``chunk`` decoded by ``decoder``; :class:`WholeInputNeeded` where :func:`decode` would do more
    than decode it (``plain``: no encoding was given, so a NUL or ESC byte is a sign to look at)."""
    if plain and (b"\x00" in chunk or b"\x1b" in chunk):
        raise WholeInputNeeded
    try:
        return decoder.decode(chunk, final)
    except UnicodeError:  # (UnicodeDecodeError, and what a codec such as "utf-16" raises of its own)
        raise WholeInputNeeded from None


def _from_bom(data: bytes, rep: Report, name: str) -> str | None:
    """The text after a byte-order mark, decoded in the encoding it names; ``None`` without one."""
    bom = _bom(data)
    if bom is None:
        return None
    enc, skip = bom
    body = data[skip:]
    try:
        text = body.decode(enc)
    except UnicodeDecodeError:
        text = _decode_repairing(body, enc, rep, name, f"the file starts with a {enc} byte-order mark")
    rep.info.update(encoding=enc, encoding_confidence=1.0, encoding_source="byte-order mark")
    return text


def _from_nul_pattern(data: bytes, rep: Report, name: str) -> str | None:
    """UTF-16/32 without a byte-order mark, told by where its NUL bytes fall; else ``None``."""
    nobom = _utf16_32_without_bom(data)
    if nobom is None:
        return None
    try:
        text = data.decode(nobom)
    except UnicodeDecodeError:
        if _not_text(data[: 1 << 16].decode(nobom, errors="replace")):
            raise _binary(f"binary data that is not {nobom} text either") from None
        text = _decode_repairing(data, nobom, rep, name, "NUL-byte pattern of " + nobom)
    if _not_text(text):
        raise _binary(f"binary data that is not {nobom} text either")
    rep.info.update(encoding=nobom, encoding_confidence=0.9, encoding_source="NUL-byte pattern, no BOM")
    rep.add("decode", "info", f"no byte-order mark; read as {nobom} from its pattern of NUL bytes")
    return text


def _drop_nuls(data: bytes, rep: Report) -> bytes:
    """``data`` without stray NUL bytes, reporting how many were removed and where the first was."""
    if b"\x00" not in data:
        return data
    nuls = data.count(b"\x00")
    first = data.index(b"\x00")
    rep.add(
        "decode",
        "repaired",
        f"removed {nuls} NUL byte{'s' if nuls != 1 else ''} (first on this line)",
        line=_line_of(data, first),
    )
    return data.replace(b"\x00", b"")


def _from_iso2022(data: bytes, rep: Report) -> str | None:
    """Text in a 7-bit ISO-2022 encoding (JIS / KR / CN), told by its escape sequences; else ``None``."""
    if not (b"\x1b$" in data and data.isascii()):
        return None
    for enc in ("iso2022_jp_2", "iso2022_kr"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        rep.info.update(encoding=enc, encoding_confidence=0.9, encoding_source="ISO-2022 escape sequences")
        return text
    return None


def _from_utf8(data: bytes, rep: Report, name: str) -> str | None:
    """``data`` as UTF-8, repaired when only a few bytes are bad; ``None`` when it is something else."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a multi-byte sequence cut at the end, in a file that shows other UTF-8 sequences
        # (ASCII plus one final high byte is more likely a legacy code page: "café" in cp1252)
        truncated_tail = _cut_at_end(exc, len(data)) and not data[: exc.start].isascii()
        if truncated_tail or _mostly_utf8(data):
            text = _decode_repairing(data, "utf-8", rep, name, "the rest of the file is valid UTF-8")
            rep.info.update(encoding="utf-8", encoding_confidence=0.9, encoding_source="UTF-8 with repairs")
            return text
        return None
    rep.info.update(encoding="utf-8", encoding_confidence=1.0, encoding_source="valid UTF-8")
    return text


def _from_chardet(data: bytes, rep: Report, name: str) -> str:
    """``data`` in the most plausible reading (:func:`_chardet_candidates`) that decodes all of
    it, its last multi-byte character repaired when it is cut off; cp1252 with replacements when
    none does."""
    cands = _chardet_candidates(data)
    for i, cand in enumerate(cands):
        members = _FAMILIES.get(cand.encoding, ())
        later = members[members.index(cand.encoding) + 1 :] if cand.encoding in members else ()
        for enc in (cand.encoding, *later):
            reading = _decode_cut(data, enc)
            if reading is None:
                continue
            cand.encoding = enc
            _report_guess([cand, *cands[:i], *cands[i + 1 :]], rep)
            if not reading[1]:
                return reading[0]
            return _decode_repairing(data, enc, rep, name, f"the rest of the file reads as {enc}")
    text = _decode_repairing(data, "cp1252", rep, name, "no candidate encoding decodes the file")
    rep.info.update(encoding="cp1252", encoding_confidence=0.0, encoding_source="fallback")
    rep.add("decode", "warning", "no encoding fits; read as cp1252 with replacements; pass --encoding")
    return text


def _report_guess(cands: list[_Candidate], rep: Report) -> None:
    """Record the chosen candidate and its alternatives; warn when the confidence is low."""
    best = cands[0]
    conf = round(best.confidence, 3)
    rep.info.update(encoding=best.encoding, encoding_confidence=conf, encoding_source="chardet")
    if best.language:
        rep.info["encoding_language"] = best.language
    if len(cands) > 1:
        rep.info["encoding_alternatives"] = [c.encoding for c in cands[1:4]]
    if conf < LOW_CONFIDENCE:
        alts = ", ".join(c.encoding for c in cands[1:4])
        rep.add(
            "decode",
            "warning",
            f"encoding guessed as {best.encoding} with low confidence {conf:.2f}"
            + (f" (other candidates: {alts})" if alts else "")
            + "; check the text or pass --encoding",
        )


def text_encoding(name: str) -> str:
    """The codec name of the text encoding ``name`` (``--encoding``, ``encoding=``).

    Raises :class:`~subconv.errors.EncodingError` when Python knows no encoding of that name, or
    knows it as a codec that does not turn bytes into text (hex, base64, rot13, zlib).

    >>> text_encoding("UTF8"), text_encoding("latin1"), text_encoding("utf_16")
    ('utf-8', 'iso8859-1', 'utf-16')
    >>> text_encoding("hex")
    Traceback (most recent call last):
    subconv.errors.EncodingError: 'hex' is not a text encoding (it does not turn bytes into text)
    >>> text_encoding("idna")
    Traceback (most recent call last):
    subconv.errors.EncodingError: 'idna' is not a text encoding (it does not turn bytes into text)
    """
    try:
        codec = codecs.lookup(name)
    except (LookupError, ValueError):  # (ValueError: a NUL in the name)
        raise EncodingError(f"unknown encoding {name!r}") from None
    # (CodecInfo._is_text_encoding: what bytes.decode itself checks, false for the bytes-to-bytes
    # and text-to-text codecs; "undefined", a text codec, decodes nothing; "idna", host names,
    # decodes with no error handler but "strict", and bad bytes are read with "replace")
    text = getattr(codec, "_is_text_encoding", True)
    try:
        text = text and codec.decode(b"", "replace") is not None
    except UnicodeError:
        text = False
    if not text:
        raise EncodingError(f"{name!r} is not a text encoding (it does not turn bytes into text)")
    return codec.name


#: The encodings whose byte order a byte-order mark gives, and their BOMs.
_ORDERED = {"utf-16": (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "utf-32": (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)}


def _byte_order(data: bytes, enc: str, encoding: str, rep: Report) -> str:
    """``enc``, or for ``utf-16``/``utf-32`` without a byte-order mark the byte order the NUL
    bytes show (little-endian when they show none, as Windows writes), said in the report:
    Python's own codec would take the machine's byte order."""
    boms = _ORDERED.get(enc)
    if boms is None or data.startswith(boms):
        return enc
    found = _utf16_32_without_bom(data)
    if found is not None and found.startswith(enc):
        said = f"no byte-order mark; read as {found}, the byte order its NUL bytes show"
    else:
        found = f"{enc}-le"
        said = f"no byte-order mark and no pattern of NUL bytes; read as {found}, the usual byte order"
    rep.add("decode", "info", f"{said} (--encoding {encoding})")
    return found


def _wide_without_nuls(enc: str, encoding: str, data: bytes) -> EncodingError | None:
    """The error for bytes given as UTF-16/32 (``--encoding``) that hold line breaks (``0a``
    bytes) and no NUL byte: a line break in UTF-16/32 holds NUL bytes (``0a 00``), so these are
    another encoding's, and the text decoded is garbage (a UTF-8 file read as UTF-16 reads as
    CJK characters).  None when ``enc`` is not UTF-16/32 or the bytes may be it."""
    if not enc.startswith(("utf-16", "utf-32")) or b"\x00" in data or b"\n" not in data:
        return None
    try:
        data.decode("utf-8")
        said = "it reads as UTF-8: pass --encoding utf-8, or none"
    except UnicodeDecodeError:
        said = "try another --encoding, or none"
    return EncodingError(
        f"not {encoding}: line 1 ends in a line break without the NUL bytes a {encoding} one holds; {said}"
    )


class _Utf8Watch:
    """Whether bytes seen a piece at a time (:func:`decode_pieces`) are valid UTF-8 with
    non-ASCII text (:func:`_utf8_read_otherwise`), and the line of the first non-ASCII byte."""

    def __init__(self) -> None:
        self.decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self.valid = True
        self.lines = 0  # (the line breaks before the first non-ASCII byte)
        self.line = 0  # (the line of the first non-ASCII byte; 0 while there is none)

    def see(self, chunk: bytes) -> None:
        if not self.valid:
            return
        try:
            self.decoder.decode(chunk)
        except UnicodeDecodeError:
            self.valid = False
            return
        if self.line:
            return
        if chunk.isascii():
            self.lines += chunk.count(b"\n")
        else:
            self.line = self.lines + _line_of(chunk, next(i for i, b in enumerate(chunk) if b >= 0x80))

    def end(self) -> bool:
        """True when all the bytes were valid UTF-8 with non-ASCII text."""
        try:
            self.decoder.decode(b"", True)
        except UnicodeDecodeError:
            self.valid = False
        return self.valid and self.line > 0


def _utf8_read_otherwise(data: bytes, enc: str) -> bool:
    """True when ``data``, read in ``enc`` (``--encoding``), is valid UTF-8 with non-ASCII text
    and ``enc`` is not UTF: its non-ASCII text is then almost surely garbled (``Ã©`` for ``é``)."""
    if enc.startswith(("utf-8", "utf-16", "utf-32")) or data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _warn_read_otherwise(rep: Report, enc: str, encoding: str, line: int) -> None:
    """Say that valid UTF-8 with non-ASCII text from ``line`` on is read as ``encoding`` as told
    (the encoding given may be right, so the text is read as told)."""
    rep.add(
        "decode",
        "warning",
        f"the file is valid UTF-8 but is read as {encoding} (--encoding): its non-ASCII text may be garbled "
        f"({'é'.encode().decode(enc, errors='replace')} for é); pass --encoding utf-8, or none",
        line=line,
    )


def _bom_against(enc: str, encoding: str, data: bytes) -> EncodingError | None:
    """The error for bytes given as ``enc`` (``--encoding``) that start with the byte-order mark
    of another encoding where one of the two is UTF-16/32: read as told they are garbage (a
    UTF-16-LE file read as UTF-16-BE is CJK characters, read as cp1252 it starts with ``ÿþ``
    and holds a NUL after every letter).  None when the mark agrees (``utf-16`` for either
    UTF-16 mark, ``utf-8-sig`` for UTF-8's), or there is none, or both are 8-bit or UTF-8 (a
    UTF-8 mark on a file given as cp1252: :func:`_utf8_read_otherwise` weighs it)."""
    bom = _bom(data)
    if bom is None:
        return None
    marked = bom[0]
    if enc in (marked, marked[:6]) or (marked, enc) == ("utf-8", "utf-8-sig"):
        return None
    if marked == "utf-8" and not enc.startswith(("utf-16", "utf-32")):
        return None
    return EncodingError(
        f"not {encoding}: the file starts with a {marked} byte-order mark; pass --encoding {marked}, or none"
    )


def _decode_explicit(data: bytes, encoding: str, rep: Report, name: str) -> str:
    enc = text_encoding(encoding)
    wrong = _bom_against(enc, encoding, data) or _wide_without_nuls(enc, encoding, data)
    if wrong is not None:
        raise wrong
    enc = _byte_order(data, enc, encoding, rep)
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        if exc.end >= len(data) and exc.start >= len(data) - 3:
            text = _decode_repairing(data, enc, rep, name, f"decoding as {encoding} (--encoding)")
        else:
            line = _line_in(data, exc.start, enc)
            bad = data[exc.start : exc.end].hex(" ")
            raise EncodingError(f"not valid {encoding}: bytes {bad} on line {line}; try another --encoding") from None
    except UnicodeError as exc:  # (a codec of its own rules, "punycode": no bytes named)
        raise EncodingError(f"not valid {encoding}: {exc.__cause__ or exc}; try another --encoding") from None
    rep.info.update(encoding=enc, encoding_confidence=1.0, encoding_source="--encoding")
    if _utf8_read_otherwise(data, enc):
        _warn_read_otherwise(rep, enc, encoding, _line_of(data, next(i for i, b in enumerate(data) if b >= 0x80)))
    return _strip_bom_char(text)

"""Turning bytes into text: BOM, then strict UTF-8, then chardet, unless told.

The encoding used and the detector's confidence are recorded in the report;
a low-confidence guess is a warning, never silent mojibake.
"""

from __future__ import annotations

import codecs

from .errors import EncodingError
from .report import Report

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

LOW_CONFIDENCE = 0.5


def _bom(data: bytes) -> tuple[str, int] | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def _utf16_32_without_bom(data: bytes) -> str | None:
    """Guess UTF-16/32 without a BOM from the pattern of NUL bytes."""
    n = min(len(data), 4000)
    if n < 4:
        return None
    sample = data[:n]
    if n >= 8 and sample[0::4].count(0) == 0 and sample[1::4].count(0) > n // 5 and sample[2::4].count(0) > n // 5 and sample[3::4].count(0) > n // 5:
        return "utf-32-le"
    if n >= 8 and sample[3::4].count(0) == 0 and sample[0::4].count(0) > n // 5 and sample[1::4].count(0) > n // 5:
        return "utf-32-be"
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = n // 2
    if odd > half * 0.3 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.3 and odd < half * 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes, encoding: str | None = None, report: Report | None = None, name: str = "input") -> str:
    """Decode ``data`` to text, recording the encoding used in ``report``.

    >>> decode("héllo".encode("utf-8"))
    'héllo'
    >>> decode(codecs.BOM_UTF16_LE + "hi".encode("utf-16-le"))
    'hi'
    """
    rep = report if report is not None else Report()
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise EncodingError(f"unknown encoding {encoding!r}") from None
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise EncodingError(
                f"{name} is not valid {encoding} (byte {exc.start}); try another --encoding"
            ) from None
        if text.startswith("\ufeff"):
            text = text[1:]
        rep.info["encoding"] = encoding
        rep.info["encoding_confidence"] = 1.0
        rep.info["encoding_source"] = "--encoding"
        return text
    bom = _bom(data)
    if bom is not None:
        enc, skip = bom
        try:
            text = data[skip:].decode(enc)
        except UnicodeDecodeError as exc:
            raise EncodingError(f"{name} starts with a {enc} byte-order mark but is not valid {enc} (byte {exc.start + skip})") from None
        rep.info.update(encoding=enc, encoding_confidence=1.0, encoding_source="byte-order mark")
        return text
    nobom = _utf16_32_without_bom(data)
    if nobom is not None:
        try:
            text = data.decode(nobom)
        except UnicodeDecodeError:
            pass
        else:
            rep.info.update(encoding=nobom, encoding_confidence=0.9, encoding_source="NUL-byte pattern")
            return text
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        rep.info.update(encoding="utf-8", encoding_confidence=1.0, encoding_source="valid UTF-8")
        return text
    import chardet

    guess = chardet.detect(data)
    enc = guess.get("encoding") or "cp1252"
    conf = float(guess.get("confidence") or 0.0)
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        enc, conf = "cp1252", 0.0
        text = data.decode("cp1252", errors="replace")
    rep.info.update(encoding=enc, encoding_confidence=round(conf, 3), encoding_source="chardet")
    if conf < LOW_CONFIDENCE:
        rep.add(
            "decode",
            "warning",
            f"encoding guessed as {enc} with low confidence {conf:.2f}; check the text or pass --encoding",
        )
    return text

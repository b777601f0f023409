"""Speech recognisers' JSON, read by the JSON cue-list reader (:mod:`subconv.formats.cuelist`):

* OpenAI Whisper, faster-whisper and WhisperX (``{"text": ..., "segments": [{"start": 0.0,
  "end": 2.5, "text": " Hello", "words": [{"word": " Hello", "start": 0.0, "end": 0.4,
  "probability": 0.9}]}], "language": "en"}``): times in seconds, a WhisperX segment's and
  word's ``speaker`` kept (the segment's);
* whisper.cpp's ``-oj`` (``{"result": {"language": "en"}, "transcription": [{"timestamps":
  {"from": "00:00:00,000", "to": "00:00:02,500"}, "offsets": {"from": 0, "to": 2500}, "text":
  " Hello"}]}``): the ``offsets`` in milliseconds, else the ``timestamps``.

Each segment is a cue at the segment's line, read as a cue-list item is (its text's white
space at the ends dropped, a segment with no text, no start or no end, or a time that is not
a number (``NaN``), reported as dropped; one that ends before it starts, swapped and
reported).  Times are integer milliseconds, the nearest (``0.30000000000000004`` s: 300).  A
segment's ``words`` are its :class:`~subconv.model.Word` times (``--words`` writes them); a
word without times (WhisperX leaves numerals unaligned), or whose times are not numbers or run
backwards, stays in the text and has no time (reported once a segment).  The top-level
``language`` (whisper.cpp: ``result.language``, else ``params.language``) is the track's.

>>> from subconv.report import Report
>>> from subconv.formats.cuelist import read
>>> doc = '{"text": " Hi.", "segments": [{"id": 0, "start": 0.1, "end": 2.5, "text": " Hi.",\\n'
>>> doc += '  "words": [{"word": " Hi.", "start": 0.1, "end": 0.30000000000000004}]}], "language": "en"}'
>>> t = read(doc, Report())
>>> t.language, [(c.start, c.end, c.text, [(w.start, w.end, w.text) for w in c.words]) for c in t.cues]
('en', [(100, 2500, 'Hi.', [(100, 300, 'Hi.')])])
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from ..errors import ParseError
from ..model import Cue, Word
from ..report import Report
from ..timefmt import parse_srt, seconds_ms

STEP = "cuelist"
#: the keys of a recogniser's list of segments: Whisper's (and faster-whisper's, WhisperX's), whisper.cpp's
LIST_KEYS = ("segments", "transcription")
#: the most characters of the top-level values before the list of segments that sniffing decodes
_SNIFF_CHARS = 1 << 16
_SPACE = re.compile(r"[ \t\n\r]*")
#: what :func:`_top_level` gives as a list of segments' value, not decoded (a ``null`` is None)
_UNREAD: Any = object()


def _top_level(text: str, limit: int | None = None) -> Iterator[tuple[str, int, Any]]:
    """The pairs of the JSON object ``text`` holds, in order, as ``(key, where its value
    starts, value)``; a segment list's value (a :data:`LIST_KEYS` key's array) is not decoded
    (:data:`_UNREAD`: its items are read one at a time).  Stops at the first text that is not such an
    object's pair; with ``limit``, at a value (not a list of segments) ending past it."""
    dec = json.JSONDecoder()
    pos = _SPACE.match(text).end()  # type: ignore[union-attr]
    if not text.startswith("{", pos):
        return
    pos = _SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
    while text.startswith('"', pos):
        try:
            key, pos = dec.raw_decode(text, pos)
        except json.JSONDecodeError:
            return
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if not text.startswith(":", pos):
            return
        at = _SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
        if key in LIST_KEYS and text.startswith("[", at):
            yield key, at, _UNREAD
            if limit is not None:
                return
            pos = _after(dec, text, at)
        else:
            try:
                value, pos = dec.raw_decode(text if limit is None or text[at] == '"' else text[:limit], at)
            except (json.JSONDecodeError, IndexError, RecursionError):
                return
            yield key, at, value
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if not text.startswith(",", pos):
            return
        pos = _SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]


def _after(dec: json.JSONDecoder, text: str, at: int) -> int:
    """Where the JSON value at ``at`` ends (a :class:`ParseError` at its line where it is not JSON)."""
    try:
        return int(dec.raw_decode(text, at)[1])
    except json.JSONDecodeError as exc:
        raise ParseError(STEP, f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except RecursionError:
        raise ParseError(STEP, "JSON nested too deeply", text.count("\n", 0, at) + 1) from None


def sniff(text: str) -> bool:
    """True for a JSON object with a list of ``segments`` (Whisper) or a ``transcription``
    (whisper.cpp) among its top-level keys.

    >>> sniff('{"text": " Hi", "segments": [{"start": 0.0}]}'), sniff('{"transcription": []}')
    (True, True)
    >>> sniff('{"info": {}, "events": []}'), sniff('{"segments": 3}'), sniff('{"segments": null}'), sniff('[1]')
    (False, False, False, False)
    """
    text = text.lstrip("\ufeff")
    if not text.lstrip(" \t\r\n").startswith("{"):
        return False
    return any(key in LIST_KEYS and value is _UNREAD for key, _, value in _top_level(text, _SNIFF_CHARS))


def shape(text: str) -> tuple[str, int, str | None, int | None] | None:
    """``(the list's key, where its array starts, the language, the language's line)`` of a
    recogniser's JSON ``text``, or None for another JSON text."""
    found: tuple[str, int] | None = None
    languages: dict[str, tuple[str, int]] = {}  # (by the key giving it: its language and line)
    for key, at, value in _top_level(text):
        if key in LIST_KEYS and value is _UNREAD and found is None:
            found = (key, at)
        lang = _language(key, value)
        if lang is not None:
            languages.setdefault(key, (lang, _line(text, at)))
    if found is None:
        return None
    given = next((languages[k] for k in ("language", "result", "params") if k in languages), None)
    return found[0], found[1], None if given is None else given[0], None if given is None else given[1]


def _language(key: str, value: Any) -> str | None:
    """The language a top-level pair gives: ``language`` (Whisper), ``result``'s or ``params``' (whisper.cpp)."""
    if key == "language":
        lang = value
    elif key in ("result", "params") and isinstance(value, dict):
        lang = value.get("language")
    else:
        return None
    return lang.strip() if isinstance(lang, str) and lang.strip() and lang.strip() != "auto" else None


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def segment(item: Any, key: str, line: int, report: Report) -> tuple[str, Any, Any, bool, bool, str | None] | None:
    """The cue-list item (:data:`subconv.formats.cuelist.Raw`: text, start, end, False, whether in
    ms, speaker) of the segment ``item`` on ``line`` of the list ``key``; None (reported: dropped)
    for one without a text, a start or an end, or not an object."""
    if not isinstance(item, dict):
        report.add(STEP, "dropped", f"an item of {key!r} that is not an object", line, json.dumps(item)[:80])
        return None
    body = item.get("text")
    start, end, in_ms = times(item)
    missing = [what for what, v in (("a text", body), ("a start", start), ("an end", end)) if v is None]
    if missing or not isinstance(body, str):
        why = f"segment without {' or '.join(missing)}" if missing else "segment whose text is not a string"
        report.add(STEP, "dropped", why, line, body if isinstance(body, str) else None)
        return None
    speaker = item.get("speaker")
    return body, start, end, False, in_ms, speaker if isinstance(speaker, str) and speaker else None


def times(item: dict[str, Any]) -> tuple[Any, Any, bool]:
    """A segment's start and end as given, and whether in milliseconds: whisper.cpp's
    ``offsets`` (ms), else its ``timestamps`` (clock strings, read here), else ``start`` and
    ``end`` (seconds)."""
    offsets, stamps = item.get("offsets"), item.get("timestamps")
    if isinstance(offsets, dict) and ("from" in offsets or "to" in offsets):
        return offsets.get("from"), offsets.get("to"), True
    if isinstance(stamps, dict) and ("from" in stamps or "to" in stamps):
        return _clock(stamps.get("from")), _clock(stamps.get("to")), True
    return item.get("start"), item.get("end"), False


def _clock(value: Any) -> Any:
    """A whisper.cpp timestamp (``00:00:02,500``) in milliseconds; anything else as it is (reported as not a number)."""
    if not isinstance(value, str):
        return value
    try:
        ms = parse_srt(value.strip())
    except ParseError:
        return value
    return value if ms is None else ms


def ms(value: Any, in_ms: bool) -> int | None:
    """A time (a number; in seconds unless ``in_ms``) in integer milliseconds, the nearest; None
    for what is not a finite number (``NaN``, a string, ``true``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, int):
        return value if in_ms else value * 1000
    found = seconds_ms(repr(value))  # (decimal digits, not the float: 2.5 -> 2500, 0.1 + 0.2 -> 300)
    if found is None:
        return None
    return (found + 500) // 1000 if in_ms else found


def words(item: Any, cue: Cue, report: Report) -> Cue:
    """``cue`` (of the segment ``item``) with the segment's word times; the words without
    usable times reported (once for the segment)."""
    given = item.get("words") if isinstance(item, dict) else None
    if not isinstance(given, list) or not given:
        return cue
    out: list[Word] = []
    untimed: list[str] = []
    for w in given:
        text = w.get("word", w.get("text")) if isinstance(w, dict) else None
        if not isinstance(text, str) or not text.strip():
            continue
        a = ms(w.get("start"), False) if isinstance(w, dict) else None
        b = ms(w.get("end"), False) if isinstance(w, dict) else None
        if a is None or b is None or b < a:
            untimed.append(text.strip())
            continue
        out.append(Word(a, b, text.strip()))
    if untimed:
        n = len(untimed)
        what = "1 word has" if n == 1 else f"{n} words have"
        report.add(
            STEP,
            "kept",
            f"{what} no usable time (kept in the text, without a word time)",
            cue.source_line,
            " ".join(untimed),
        )
    return cue.replace(words=tuple(out)) if out else cue

"""JSON cue lists (read only): the timed text that tools and sites export as JSON.

The shapes met in the wild, all read by one rule, an array of items each with a text, a start
and an end (or a duration):

* ``[["text", 3.9, 6.48], ...]``: text, start, end (word and sentence timings);
* ``[{"start": 599, "end": 4160, "text": "..."}, ...]``: objects, the times under ``start`` /
  ``begin`` / ``from`` / ``startTime`` / ``start_time`` / ``tStartMs``, ``end`` / ``stop`` /
  ``to`` / ``endTime`` / ``end_time``, or a ``duration`` / ``dur`` / ``dDurationMs``; the text under
  ``text`` / ``content`` / ``caption`` / ``lines`` (a list of lines) / ``value``; a ``speaker``
  kept; the fields may sit in a ``data`` object (``{"type": "cue", "data": {...}}``);
* ``{"fragments": [...]}``: an aligner's sync map (aeneas: ``begin``, ``end``, ``lines``);
* a speech recogniser's JSON: Whisper's ``{"segments": [...]}`` (faster-whisper's, WhisperX's)
  and whisper.cpp's ``{"transcription": [...]}``, with word times and the language
  (:mod:`subconv.formats.whisperjson`).

A text is read as an SRT cue's text is (:func:`subconv.formats.srt.parse_cue_text`): the
exports of subtitle files keep their markup, so ``<i>``, ``<b>``, ``<u>`` are spans,
``<font ...>`` and a leading ``{\\anN}`` are kept as SRT keeps them, and any other ``<`` is text.

Times are numbers or numeric strings, in seconds or milliseconds: integers whose median cue
lasts 100 or more are milliseconds (no caption lasts 100 s), anything else seconds; a
``...Ms`` key is always milliseconds.  An item with no text, no start or a time that is not
one (a header, a style) is reported and left out, with its line.  The cues are sorted by
start; a cue whose end is before its start is swapped (``repaired``).

pysubs2's own JSON (an object with ``events``) is not this shape and is read by the ``json``
format, as before.

>>> from subconv.report import Report
>>> t = read('[["Hi there", 3.9, 6.48], ["Bye", 7, 8.25]]', Report())
>>> [(c.start, c.end, c.text) for c in t.cues]
[(3900, 6480, 'Hi there'), (7000, 8250, 'Bye')]
"""

from __future__ import annotations

import re
from array import array
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Any

from ..errors import ParseError, WholeInputNeeded
from ..model import Cue, Track
from ..report import Report
from ..timefmt import ascii_digits, seconds_ms
from . import whisperjson
from .base import LINE_END, Format
from .srt import parse_cue_text

STEP = "cuelist"

_TEXT_KEYS = ("text", "content", "caption", "lines", "value")
_START_KEYS = ("start", "begin", "from", "startTime", "start_time", "tStartMs")
_END_KEYS = ("end", "stop", "to", "endTime", "end_time")
_DURATION_KEYS = ("duration", "dur", "dDurationMs")
_MS_KEYS = frozenset(("tStartMs", "dDurationMs"))
#: the start of a cue list: an array of arrays that start with a string, or of objects with a
#: time key; or an object holding ``fragments``
_SNIFF = re.compile(
    r'\s*(?:\[\s*(?:\[\s*"|\{[^\[\]]{0,400}?"(?:start|begin|from|startTime|start_time|tStartMs|data)"\s*:)'
    r'|\{\s*"fragments"\s*:\s*\[)'
)

Raw = tuple[str, Any, Any, bool, bool, str | None]  # text, start, end or duration, end is a duration, in ms, speaker


def sniff(text: str) -> bool:
    """True for a JSON cue list or a recogniser's JSON (see the module's description).

    >>> sniff('[["Hi", 1.0, 2.0]]'), sniff('[{"type": "cue", "data": {"start": 1}}]'), sniff('{"info": {}}')
    (True, True, False)
    >>> sniff('{"text": " Hi", "segments": [{"start": 0.0, "end": 1.0, "text": " Hi"}], "language": "en"}')
    True
    """
    return _SNIFF.match(text.lstrip("\ufeff")) is not None or whisperjson.sniff(text)


def _items(text: str) -> Iterator[tuple[Any, int]]:
    """The items of the cue array, each with the line it starts on (counted on from the item
    before: linear)."""
    pos = _JSON_SPACE.match(text).end()  # type: ignore[union-attr]
    if text.startswith("{", pos):
        found = re.compile(r'"fragments"\s*:\s*\[').search(text, pos)
        if found is None:
            raise ParseError(STEP, "an object without a list of fragments or segments", 1)
        pos = found.end() - 1
    if not text.startswith("[", pos):
        raise ParseError(STEP, "not a JSON array of cues", _line(text, pos))
    yield from _array_items(text, pos)


def _array_items(text: str, pos: int) -> Iterator[tuple[Any, int]]:
    """The items of the JSON array starting at ``pos`` of ``text``, each with its line."""
    import json

    dec = json.JSONDecoder()
    ws = _JSON_SPACE
    line, counted = _line(text, pos), pos  # the line of offset ``counted``
    pos = ws.match(text, pos + 1).end()  # type: ignore[union-attr]
    if text.startswith("]", pos):
        return
    while True:
        try:
            item, end = dec.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise ParseError(STEP, f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
        line += text.count("\n", counted, pos)
        counted = pos
        yield item, line
        pos = ws.match(text, end).end()  # type: ignore[union-attr]
        if text.startswith(",", pos):
            pos = ws.match(text, pos + 1).end()  # type: ignore[union-attr]
        elif text.startswith("]", pos):
            return
        else:
            raise ParseError(STEP, "expected ',' or ']' after an item", _line(text, pos))


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _first(obj: dict[str, Any], keys: tuple[str, ...]) -> tuple[str, Any] | None:
    return next(((k, obj[k]) for k in keys if obj.get(k) is not None), None)


def _raw_or_report(item: Any, line: int, report: Report) -> Raw | None:
    """:func:`_raw` of ``item`` (on ``line``); an item that is not a cue is reported as dropped."""
    raw = _raw(item)
    if raw is None:
        import json  # (here, not at the top: the registry imports every format module to sniff)

        what = json.dumps(item, ensure_ascii=False)[:80]
        report.add(STEP, "dropped", "item without a text, a start and an end", line, what)
    return raw


def _raw(item: Any) -> Raw | None:
    """(text, start, end or duration, whether it is a duration, whether in ms, speaker), or None."""
    if isinstance(item, list) and len(item) >= 3 and isinstance(item[0], str):
        return item[0], item[1], item[2], False, False, None
    if not isinstance(item, dict):
        return None
    if isinstance(item.get("data"), dict):
        item = item["data"]
    text, start = _first(item, _TEXT_KEYS), _first(item, _START_KEYS)
    end = _first(item, _END_KEYS)
    dur = None if end is not None else _first(item, _DURATION_KEYS)
    if text is None or start is None or (end is None and dur is None):
        return None
    body = "\n".join(map(str, text[1])) if isinstance(text[1], list) else text[1]
    if not isinstance(body, str):
        return None
    span = end if end is not None else dur
    assert span is not None
    speaker = item.get("speaker")
    in_ms = start[0] in _MS_KEYS
    return body, start[1], span[1], end is None, in_ms, speaker if isinstance(speaker, str) and speaker else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    try:
        return float(value)
    except ValueError:
        return None


def _ms(value: Any, in_ms: bool) -> int | None:
    """``value`` (a number or numeric string, in seconds unless ``in_ms``) in milliseconds."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if in_ms else value * 1000
    text = repr(value) if isinstance(value, float) else value if isinstance(value, str) else None
    if text is None:
        return None
    ms = seconds_ms(text)
    if ms is None:
        return None
    return (ms + 500) // 1000 if in_ms else ms  # (a fraction of a millisecond: the nearest)


def read(text: str, report: Report) -> Track:
    """Read a JSON cue list's ``text`` into a :class:`Track` (see the module's description).

    Two passes over the items: the first reports the items that are not cues and finds the
    unit of the times (which needs every cue's length), the second makes the cues; no item
    is held from one to the next (a large list is never all in memory as Python objects)."""

    text = text.lstrip("\ufeff")
    if text.lstrip(" \t\r\n").startswith("{"):
        found = whisperjson.shape(text)
        if found is not None:
            return _read_segments(text, found, report)
    lengths = array("d")
    integers = True
    for item, line in _items(text):
        raw = _raw_or_report(item, line, report)
        if raw is None:
            continue
        _, start, span, is_dur, _, _ = raw
        a, b = _number(start), _number(span)
        if a is not None and b is not None:
            lengths.append(b if is_dur else b - a)
        integers = integers and _integral(start) and _integral(span)
    # integers whose median cue lasts 100 or more are milliseconds
    ms_units = integers and bool(lengths) and _median(lengths) >= 100
    del lengths
    cues: list[Cue] = []
    for item, line in _items(text):
        raw = _raw(item)
        if raw is not None:
            cue = _cue(raw, line, ms_units, report)
            if cue is not None:  # (a list of Whisper's segments: their words' times, in seconds)
                cues.append(cue if ms_units or raw[4] else whisperjson.words(item, cue, report))
    cues.sort(key=lambda c: (c.start, c.end))
    report.info.setdefault("cuelist_times", "milliseconds" if ms_units else "seconds")
    return Track(tuple(cues), format="cuelist")


def _read_segments(text: str, found: tuple[str, int, str | None, int | None], report: Report) -> Track:
    """The cues of a recogniser's JSON ``text`` (:mod:`subconv.formats.whisperjson`), whose list
    of segments ``found`` says where, with the language it gives."""
    key, at, language, language_line = found
    cues: list[Cue] = []
    in_ms = False
    for item, line in _array_items(text, at):
        raw = whisperjson.segment(item, key, line, report)
        cue = None if raw is None else _cue(raw, line, False, report)
        if cue is not None:
            in_ms = raw is not None and raw[4]
            cues.append(whisperjson.words(item, cue, report))
    cues.sort(key=lambda c: (c.start, c.end))
    report.info.setdefault("cuelist_times", "milliseconds" if in_ms else "seconds")
    lines = {} if language_line is None else {"language": str(language_line)}
    return Track(tuple(cues), language=language, format="cuelist", source_lines=lines)


def _cue(raw: Raw, line: int, ms_units: bool, report: Report) -> Cue | None:
    """The cue of the item ``raw`` on ``line`` (None: left out, reported), its times in
    milliseconds where ``ms_units`` says the list's are."""
    body, start_v, span_v, is_dur, in_ms, speaker = raw
    unit_ms = in_ms or ms_units
    start = _ms(int(start_v) if unit_ms and isinstance(start_v, str) and _integral(start_v) else start_v, unit_ms)
    span = _ms(int(span_v) if unit_ms and isinstance(span_v, str) and _integral(span_v) else span_v, unit_ms)
    if start is None or span is None:
        report.add(STEP, "dropped", f"times {start_v!r}, {span_v!r} are not numbers", line, body)
        return None
    end = start + span if is_dur else span
    if end < start:
        report.add(STEP, "repaired", "cue ends before it starts: times swapped", line, body)
        start, end = end, start
    if not body.strip():
        report.add(STEP, "dropped", "cue with no text", line, body)
        return None
    written = "\n".join(ln.strip() for ln in LINE_END.split(body.strip()))  # (U+2028, NEL, FF: text)
    cue = parse_cue_text(written, (start, end, line), report, {}, STEP)
    return cue if speaker is None else replace(cue, speaker=speaker)


def _integral(value: Any) -> bool:
    """Whether a time is a whole number (an integer or a string of digits)."""
    return isinstance(value, int) or (isinstance(value, str) and ascii_digits(value.strip().removeprefix("-")))


def read_pieces(pieces: Iterable[str], report: Report) -> Track:
    """:func:`read` of the text ``pieces`` make, in one pass over the items as they come: the text
    is never whole in memory.  The unit of the times is known from the first cue item when one of
    its times is not a whole number (seconds); else (whole numbers: the unit needs every cue's
    length), and for a sync map, or a text that is not a JSON array of items, it raises
    :class:`~subconv.errors.WholeInputNeeded` (:func:`read` reads the whole text, or reports why
    it cannot).  The items that are not cues are reported first, as :func:`read` does."""

    later = Report()  # (the cues' entries: after those of the items that are not cues)
    cues: list[Cue] = []
    seconds = False  # (the unit is known: a time of the first cue item is not a whole number)
    for item, line in _items_in_pieces(pieces):
        raw = _raw_or_report(item, line, report)
        if raw is None:
            continue
        if not seconds:
            if _integral(raw[1]) and _integral(raw[2]):
                raise WholeInputNeeded
            seconds = True
        cue = _cue(raw, line, False, later)
        if cue is not None:
            cues.append(cue if raw[4] else whisperjson.words(item, cue, later))
    report.entries.extend(later.entries)
    cues.sort(key=lambda c: (c.start, c.end))
    report.info.setdefault("cuelist_times", "seconds")
    return Track(tuple(cues), format="cuelist")


#: white space between JSON values
_JSON_SPACE = re.compile(r"[ \t\n\r]*")
#: the most text held for one item of a list read in pieces (more: invalid JSON, read whole)
_MOST_ITEM_CHARS = 1 << 22


def _items_in_pieces(pieces: Iterable[str]) -> Iterator[tuple[Any, int]]:
    """:func:`_items` of the text ``pieces`` make, each item decoded once the text after it (its
    ``,`` or ``]``) has come, the text before it let go as the next piece comes; the pieces after the closing ``]`` are
    taken too (what follows it is never read, as in :func:`_items`).  Raises
    :class:`~subconv.errors.WholeInputNeeded` where :func:`_items` would raise or reads an object."""
    import json

    dec = json.JSONDecoder()
    ws = _JSON_SPACE
    it = iter(pieces)
    buf = ""

    def more() -> bool:
        nonlocal buf
        piece = next(it, None)
        if piece is None:
            return False
        buf += piece
        return True

    while True:
        buf = buf.lstrip("\ufeff")  # (as :func:`read`: byte-order marks before anything else)
        pos = ws.match(buf).end()  # type: ignore[union-attr]
        if pos < len(buf) or not more():
            break
    if not buf.startswith("[", pos):
        raise WholeInputNeeded  # (a sync map, or not a cue list: read whole)
    line, counted = 1, 0  # (the line of offset ``counted``)
    pos += 1
    while True:
        pos = ws.match(buf, pos).end()  # type: ignore[union-attr]
        line += buf.count("\n", counted, pos)
        counted = pos
        if pos == len(buf):
            buf, pos, counted = "", 0, 0
            if more():
                continue
        if buf.startswith("]", pos):
            break
        found = _decoded(dec, buf, pos)
        if found is None:  # (the item, or what follows it, may go on in the next piece)
            if len(buf) - pos < _MOST_ITEM_CHARS:
                buf, pos, counted = buf[pos:], 0, 0  # (the text before the item let go)
                if more():
                    continue
            raise WholeInputNeeded  # (the text ends, or no item ends: read whole, which says why)
        item, after = found
        if buf[after] not in ",]":
            raise WholeInputNeeded
        yield item, line
        if buf[after] == "]":
            break
        pos = after + 1
    deque(it, maxlen=0)  # (the rest taken, unread)


def _decoded(dec: Any, buf: str, pos: int) -> tuple[Any, int] | None:
    """The JSON value at ``pos`` of ``buf`` and where the text after it starts (past white space);
    None when that text has not come yet, or the value is not JSON (or has not all come)."""
    import json

    try:
        item, end = dec.raw_decode(buf, pos)
    except json.JSONDecodeError:
        return None
    after: int = _JSON_SPACE.match(buf, end).end()  # type: ignore[union-attr]
    return None if after == len(buf) else (item, after)


FORMAT = Format(
    name="cuelist",
    extensions=(".json",),
    aliases=("json-cues",),
    shared_extensions=(".json",),
    sniff=sniff,
    sniff_rank=65,
    read=read,
    read_pieces=read_pieces,
    write=None,
)


def _median(values: Sequence[float]) -> float:
    """The median of ``values`` (not empty)."""
    ordered = sorted(values)
    half = len(ordered) // 2
    return ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2

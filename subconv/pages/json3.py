"""YouTube's json3 captions: what the timed-text endpoint returns for ``fmt=json3`` and what a
downloader saves as ``.json3``.

A JSON object whose ``events`` list holds the captions: each event starts at ``tStartMs`` and
lasts ``dDurationMs`` (integer ms), and its text is its ``segs``' ``utf8`` strings joined (a
segment ``"\\n"`` breaks the line).  Events with no ``segs`` set up the caption windows and
styles; an ``aAppend`` event of auto-captions only adds the rolling window's line break.  Segments
of auto-captions carry ``tOffsetMs``, their word's time from the event's start: they become the
cue's :class:`~subconv.model.Word` s (``--words`` writes them).

Every event with text becomes one cue with its own times (``origin = "anchor"``), as an srv3
``<p>`` does (:func:`subconv.pages.html.read_timedtext`): no de-duplication here (the pipeline's
``dedupe`` step does it, as for srv3).  An auto-caption event holds only the line said then,
shown under the line before it in a rolling window: its event lasts past the next line's start,
and its cue ends there instead (:func:`~subconv.pages.units.rolling_ends`).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from typing import Any

from ..errors import ParseError
from ..model import Cue, Track
from ..report import Report
from .units import STEP, caption_lines, rolling_ends, segment_words

SHAPE = "youtube-json3"
#: how a json3 document starts: an object, and one of its keys within the first few KiB
_HEAD = re.compile(r'\s*\{\s*"')
_KEY = re.compile(r'"(?:wireMagic|events)"\s*:')
_WS = re.compile(r"[ \t\n\r]*")


def is_json3(text: str) -> bool:
    """True for a json3 document: a JSON object with ``"wireMagic": "pb3"``, or whose
    ``events`` list holds an object with a ``tStartMs`` (another JSON object is no json3).

    >>> is_json3('{"events": [{"tStartMs": 0, "segs": [{"utf8": "Hi"}]}]}'), is_json3('{"events": []}')
    (True, False)
    >>> is_json3('{"wireMagic": "pb3", "events": 5}'), is_json3('[{"tStartMs": 0}]')
    (True, False)
    """
    return json3_document(text) is not None


#: what only a json3 document's head holds: ``"wireMagic": "pb3"``, or an ``events`` list whose
#: first object has a ``tStartMs`` among its first keys (no list or object opened before it)
_SIGNED = re.compile(r'"wireMagic"\s*:\s*"pb3"|"events"\s*:\s*\[\s*\{[^\[\]{}]{0,400}?"tStartMs"\s*:')


def looks_json3(head: str) -> bool:
    """True when ``head``, the start of a text (content sniffing sees the first 64 KiB), is the
    start of a json3 document: a JSON object with json3's signature in its first 8 KiB
    (:data:`_SIGNED`).  The whole text is then read as json3 (:func:`json3_document`), and one
    that is not (invalid JSON after its head) is an error, never a plain page.

    >>> looks_json3('{"wireMagic": "pb3", "pens": [{}], "ev'), looks_json3('{"events": [{"tStartMs": 0, "d')
    (True, True)
    >>> looks_json3('{"info": {}, "events": [{"start": 0}]}'), looks_json3('[{"tStartMs": 0}]')
    (False, False)
    """
    return _HEAD.match(head) is not None and _SIGNED.search(head, 0, 8192) is not None


def refuse_broken(text: str) -> None:
    """Raise the error for ``text`` when it starts as json3 (:func:`looks_json3`) but is not valid
    JSON (a download cut short): at the line where the JSON breaks, never read as a plain page.

    >>> refuse_broken('{"wireMagic": "pb3",\\n "events": [')
    Traceback (most recent call last):
    ...
    subconv.errors.ParseError: line 2: page: json3: invalid JSON (cut short?): Expecting value
    """
    if not looks_json3(text):
        return
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(STEP, f"json3: invalid JSON (cut short?): {exc.msg}", line=exc.lineno) from None
    except (ValueError, RecursionError) as exc:
        raise ParseError(STEP, f"json3: not read as JSON: {exc}", line=1) from None


def json3_document(text: str) -> dict[str, Any] | None:
    """The parsed json3 document ``text`` is (:func:`is_json3`), or None: parsed once, for
    :func:`read_json3` to be given."""
    if _HEAD.match(text) is None or _KEY.search(text, 0, 8192) is None:
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) and _claims(data) else None


def _claims(data: dict[str, Any]) -> bool:
    if data.get("wireMagic") == "pb3":
        return True
    events = data.get("events")
    return isinstance(events, list) and any(isinstance(e, dict) and "tStartMs" in e for e in events)


def _events_at(text: str) -> tuple[int, list[int]]:
    """The line of the document's (last) ``"events"`` key and the line each of its items starts
    on (a linear walk of the top-level object; ``text`` is valid JSON)."""
    dec = json.JSONDecoder()
    key_pos, starts = 0, list[int]()
    pos = _WS.match(text, text.index("{") + 1).end()  # type: ignore[union-attr]
    while not text.startswith("}", pos):
        at = pos
        key, pos = dec.raw_decode(text, pos)
        pos = _WS.match(text, text.index(":", pos) + 1).end()  # type: ignore[union-attr]
        if key == "events":
            key_pos, starts = at, []
        if key == "events" and text.startswith("[", pos):
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
            while not text.startswith("]", pos):
                starts.append(pos)
                _, pos = dec.raw_decode(text, pos)
                pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                if text.startswith(",", pos):
                    pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
            pos += 1
        else:
            _, pos = dec.raw_decode(text, pos)
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        if text.startswith(",", pos):
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
    return text.count("\n", 0, key_pos) + 1, list(_lines(text, starts))


def _lines(text: str, positions: list[int]) -> Iterator[int]:
    """The 1-based line of each of ``positions`` (ascending), counted on from the one before."""
    line, counted = 1, 0
    for pos in positions:
        line += text.count("\n", counted, pos)
        counted = pos
        yield line


def _ms(event: dict[str, Any], key: str, line: int, report: Report) -> int | None:
    """The event's ``key`` in integer milliseconds (None when not given); a value that is no
    number is an error, a fraction of a millisecond is rounded (reported)."""
    value = event.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ParseError(STEP, f"json3: {key} is not a number of milliseconds", line, snippet=str(value)[:60])
    if isinstance(value, float):
        if not value.is_integer():
            report.add(STEP, "repaired", f"json3: {key} {value!r} rounded to whole milliseconds", line, None)
        value = round(value)
    if value < 0:
        raise ParseError(STEP, f"json3: {key} is negative", line, snippet=str(value))
    return value


def _segments(segs: list[Any], line: int, report: Report) -> list[tuple[int | None, str]]:
    """Each segment's (``tOffsetMs`` or None, ``utf8``); a segment that is not one is left out,
    reported."""
    out: list[tuple[int | None, str]] = []
    for seg in segs:
        if not isinstance(seg, dict) or not isinstance(seg.get("utf8", ""), str):
            report.add(STEP, "repaired", "json3: a segment with no utf8 text left out", line, json.dumps(seg)[:80])
            continue
        out.append((_ms(seg, "tOffsetMs", line, report), seg.get("utf8", "")))
    return out


def read_json3(text: str, report: Report, data: dict[str, Any] | None = None) -> Track:
    """Read a json3 document (:func:`is_json3`; ``data``: it parsed, :func:`json3_document`) into
    one cue per event with text.

    >>> doc = '''{"events": [{"tStartMs": 0, "dDurationMs": 5000, "id": 1},
    ...  {"tStartMs": 100, "dDurationMs": 2000, "segs": [{"utf8": "so"}, {"utf8": " today", "tOffsetMs": 300}]}]}'''
    >>> r = Report()
    >>> c = read_json3(doc, r).cues[0]
    >>> c.start, c.end, c.text, [(w.start, w.text) for w in c.words], c.source_line
    (100, 2100, 'so today', [(100, 'so'), (400, 'today')], 2)
    >>> [(e.line, e.action) for e in r.entries]
    [(1, 'dropped'), (2, 'cue')]
    """
    data = json3_document(text) if data is None else data
    if data is None:
        raise ParseError(STEP, 'json3: not a JSON object with a list of "events"', 1)
    key_line, lines = _events_at(text)
    events = data.get("events")
    if not isinstance(events, list):
        raise ParseError(STEP, 'json3: "events" is not a list', key_line)
    del data
    cues: list[Cue] = []
    for event, line in zip(events, lines, strict=True):
        cue = _event_cue(event, line, report)
        if cue is not None:
            cues.append(cue)
    if any(isinstance(e, dict) and e.get("aAppend") for e in events):  # (auto-captions' rolling window)
        cues = rolling_ends(cues, "json3", report)
    report.info["page_shape"] = SHAPE
    if not cues:
        raise ParseError(STEP, "no captions found (json3 with no event holding text)", key_line)
    return Track(tuple(cues))


def _event_cue(event: Any, line: int, report: Report) -> Cue | None:
    """The cue of one json3 event on ``line``, or None (reported: a window or style event, a
    line break of the rolling window, an event with no text)."""
    if not isinstance(event, dict):
        report.add(STEP, "dropped", "json3: an event that is not an object", line, json.dumps(event)[:80])
        return None
    start = _ms(event, "tStartMs", line, report)
    duration = _ms(event, "dDurationMs", line, report)
    segs = event.get("segs")
    if segs is None:
        report.add(STEP, "dropped", "json3: window or style event (no text)", line, None)
        return None
    if start is None:
        raise ParseError(STEP, "json3: an event with text but no tStartMs", line)
    if not isinstance(segs, list):
        report.add(STEP, "dropped", "json3: segs is not a list", line, json.dumps(segs)[:80])
        return None
    segments = _segments(segs, line, report)
    shown = caption_lines("".join(text for _, text in segments))
    if not shown:
        why = "line break of the rolling window (aAppend)" if event.get("aAppend") else "event with no text"
        report.add(STEP, "dropped", f"json3: {why}", line, None)
        return None
    end = None if duration is None else start + duration
    words = segment_words(start, end, segments)
    report.add(STEP, "cue", "json3 event", line, "\n".join(shown))
    return Cue(start, end, tuple(shown), source_line=line, words=words, origin="anchor")

"""What a ``.json`` file subconv reads holds (a cue list, :mod:`subconv.formats.cuelist`, or
pysubs2's JSON, :mod:`subconv.formats.generic`), and the error for one that holds something else."""

from __future__ import annotations

from ..errors import ParseError

#: what a ``.json`` file subconv reads holds (said when it holds something else)
JSON_SHAPES = (
    "a JSON cue list (an array of [text, start, end], or of objects with a start, an end or duration "
    'and a text, or an aligner\'s {"fragments": [...]}), a recogniser\'s JSON (Whisper\'s {"segments": [...]}, '
    'whisper.cpp\'s {"transcription": [...]}) or pysubs2\'s JSON (an object with "info", '
    '"styles" and "events"), and YouTube\'s json3 (an object with "events" holding "tStartMs" and '
    '"segs"); see docs/formats-more.md'
)


def check_json(text: str) -> None:
    """Raise :class:`ParseError` for JSON that is not pysubs2's (an object of ``info``,
    ``styles`` and ``events``), saying where and what subconv reads (before, pysubs2's own
    error came through: ``'info'``, a missing key's name); return for pysubs2's.

    >>> check_json('{"name": "x",\\n "items": []}')
    Traceback (most recent call last):
    ...
    subconv.errors.ParseError: line 1: json: not subtitles: no "events" (subconv reads a JSON cue list ...
    """
    import json

    body = text.removeprefix("\ufeff")
    line = body.count("\n", 0, len(body) - len(body.lstrip())) + 1  # (where the document starts)
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise ParseError("json", f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except RecursionError:
        raise ParseError("json", "JSON nested too deeply", line) from None
    if isinstance(data, dict) and isinstance(data.get("events"), list):
        missing = [key for key in ("info", "styles") if not isinstance(data.get(key), dict)]
        if not missing:
            return
        what = " and ".join(f'"{key}"' for key in missing)
        raise ParseError("json", f"pysubs2's JSON without {what} (subconv reads {JSON_SHAPES})", line)
    if isinstance(data, dict):
        kind = 'no "events"'
    elif isinstance(data, list):
        kind = "an array, but not of cues"
    elif isinstance(data, str):
        kind = "a string"
    elif data is None or isinstance(data, bool):
        kind = json.dumps(data)
    else:
        kind = "a number"
    raise ParseError("json", f"not subtitles: {kind} (subconv reads {JSON_SHAPES})", line)

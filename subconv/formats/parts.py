"""Texts read through pysubs2 a part at a time (:mod:`subconv.formats.generic`): where a text
of each format can be cut so that every part reads on its own as it would in the whole text.

pysubs2 holds a few objects per event, and its ASS rendering another copy: a whole large file
would take 7-20 times its size.  A part is about :data:`PART_CHARS` characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from .base import text_pieces

__all__ = ["ENDED_BY_NEXT", "LINE_FORMATS", "PART_CHARS", "PART_FORMATS", "Part", "cut_parts", "json_parts"]

#: formats read through pysubs2 a part of about ``PART_CHARS`` characters at a time (pysubs2
#: holds a few objects per event, and its ASS rendering another copy: a whole large file would
#: take 18 times its size): those whose events are lines of their own, cut at a line's end, and
#: SAMI, cut before a ``<SYNC>`` tag
LINE_FORMATS = frozenset(("microdvd", "mpl2", "tmp", "whisper_jax"))
PART_FORMATS = LINE_FORMATS | {"sami"}
#: formats whose events end where the next starts, when that is before their estimated end
#: (pysubs2 gives neither an end): a part's last event is ended by the next part's first
ENDED_BY_NEXT = frozenset(("tmp", "sami"))
PART_CHARS = 1 << 20
_CONTENT = re.compile(r"\S")


#: a part of a text to read through pysubs2 on its own: its text, the text's lines before it,
#: whether it is the text's last
Part = tuple[str, int, bool]


def cut_parts(name: str, pieces: Iterable[str], first_chars: int | None = None) -> Iterator[Part]:
    """The parts of a text of one of the ``PART_FORMATS`` (its ``pieces``), each cut where
    :func:`_part_end` says (the first of at most ``first_chars`` characters, when given, as far
    as its lines allow); at least one, if only an empty one."""
    held = ""
    lines_before = 0
    made = False
    for piece, last in text_pieces(pieces):
        held += piece
        while True:
            limit = PART_CHARS if made or first_chars is None else min(PART_CHARS, first_chars)
            if not (len(held) > limit or (last and (held or not made))):
                break
            cut = _part_end(name, held, last, limit)
            if cut is None:
                break  # (a line longer than a part: it goes on in the next piece)
            part, held = held[:cut], held[cut:]
            yield part, lines_before, not held and last
            made = True
            lines_before += part.count("\n")


_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def json_parts(text: str) -> Iterator[Part] | None:
    """pysubs2's JSON (an object of ``info``, ``styles`` and ``events``) as parts: objects of
    the same members, each with about ``PART_CHARS`` characters of the events (pysubs2 builds
    every event as a dict, then an object: a whole large file would take 9 times its size);
    None when ``text`` is not such an object (read whole: pysubs2 says what is wrong).

    >>> [p for p, _, _ in json_parts('{"info": {}, "events": [{"start": 1}, {"end": 2}], "styles": {}}')]
    ['{"info": {}, "styles": {}, "events": [{"start": 1}, {"end": 2}]}']
    >>> json_parts('{"info": {}, "events": [1 2]}') is None
    True
    """
    import json

    try:
        members, events = _json_members(json.JSONDecoder(), text)
    except ValueError:  # (json.JSONDecodeError is one)
        return None
    head = "{" + "".join(f"{json.dumps(key)}: {value}, " for key, value in members.items()) + '"events": ['
    return _json_part_texts(text, head, events)


def _json_members(dec: Any, text: str) -> tuple[dict[str, str], list[tuple[int, int]]]:
    """The members of the JSON object ``text`` but ``events`` (their text; a member given twice:
    its last, as ``json.loads`` keeps), and where each item of its ``events`` array starts and
    ends; ValueError when ``text`` is not such an object."""
    members: dict[str, str] = {}
    events: list[tuple[int, int]] | None = None
    pos = _skip(text, 1 if text.startswith("\ufeff") else 0)
    if not text.startswith("{", pos):
        raise ValueError("not an object")
    pos = _skip(text, pos + 1)
    while not text.startswith("}", pos):
        key, pos = dec.raw_decode(text, pos)
        pos = _skip(text, pos)
        if not isinstance(key, str) or not text.startswith(":", pos):
            raise ValueError("not a member")
        pos = _skip(text, pos + 1)
        if key == "events" and text.startswith("[", pos):
            events, pos = _json_items(dec, text, pos)
        else:
            _, end = dec.raw_decode(text, pos)
            members[key], pos = text[pos:end], end
            if key == "events":
                events = None
        pos = _skip(text, pos)
        if text.startswith(",", pos):
            pos = _skip(text, pos + 1)
        elif not text.startswith("}", pos):
            raise ValueError("expected ',' or '}'")
    if _skip(text, pos + 1) != len(text) or events is None:
        raise ValueError("not pysubs2's JSON")
    return members, events


def _skip(text: str, pos: int) -> int:
    """Where the JSON white space at ``pos`` in ``text`` ends."""
    return _JSON_SPACE.match(text, pos).end()  # type: ignore[union-attr]


def _json_part_texts(text: str, head: str, events: list[tuple[int, int]]) -> Iterator[Part]:
    """The parts :func:`json_parts` found, made one at a time: ``head`` and the next events
    (``(start, end)`` in ``text``) of about ``PART_CHARS`` characters; at least one part."""
    at = 0
    while True:
        size, upto = 0, at
        while upto < len(events) and (size < PART_CHARS or upto == at):
            size += events[upto][1] - events[upto][0]
            upto += 1
        yield head + ", ".join(text[a:b] for a, b in events[at:upto]) + "]}", 0, upto == len(events)
        if upto == len(events):
            return
        at = upto


def _json_items(dec: Any, text: str, pos: int) -> tuple[list[tuple[int, int]], int]:
    """Where each item of the JSON array at ``pos`` starts and ends, and where the array ends."""
    spans: list[tuple[int, int]] = []
    pos = _skip(text, pos + 1)
    while not text.startswith("]", pos):
        _, end = dec.raw_decode(text, pos)
        spans.append((pos, end))
        pos = _skip(text, end)
        if text.startswith(",", pos):
            pos = _skip(text, pos + 1)
        elif not text.startswith("]", pos):
            raise ValueError("expected ',' or ']'")
    return spans, pos + 1


def _part_end(name: str, held: str, last: bool, limit: int) -> int | None:
    """Where the next part of ``held`` ends: all of it when it is the text's ``last`` and short;
    for TMP and SAMI, before an event (:func:`_ordered_cut`); for the other line formats, after
    the last line end in its first ``limit`` characters, but not before the end of its
    first line that is not blank (a part holds one), else after its last line end, all of it
    when it is the text's ``last``; None when no such line is complete yet."""
    if len(held) <= limit and last:
        return len(held)
    if name in ENDED_BY_NEXT:
        return _ordered_cut(name, held, last, limit)
    content = _CONTENT.search(held)
    least = -1 if content is None else held.find("\n", content.start())
    if least == -1:
        return len(held) if last else None
    return max(least + 1, held.rfind("\n", 0, limit) + 1)


#: an event's start as pysubs2 reads it (TMP: a line's ``h:mm:ss:``, in seconds; SAMI: a
#: ``<SYNC Start=ms>`` tag), or a comment's mark (SAMI)
_MARKS = {
    "tmp": re.compile(r"^(?P<h>\d{1,2}):(?P<m>\d{2}):(?P<s>\d{2}):.", re.M),
    "sami": re.compile(r"<sync\b[^>]*?\bstart\s*=\s*[\"']?(?P<ms>\d{1,9})\b|(?P<c><!--|-->)", re.I),
}


def _ordered_cut(name: str, held: str, last: bool, limit: int) -> int | None:
    """Where a part of a TMP or SAMI text ends: before the last event that starts in its first
    ``limit`` characters later than the event before it (else the first such event after
    them), not in a comment: there the event before ends by the next part's first as it would
    have by this one; all of it when it is the text's ``last`` and no such event is found;
    None when none is found yet.

    >>> _ordered_cut("sami", "<BODY><SYNC Start=1>a<SYNC Start=2>b<SYNC Start=2>c", False, 1 << 20)
    21
    >>> _ordered_cut("sami", "<SYNC Start=1>a <!-- <SYNC Start=2> --> b", True, 1 << 20)
    41
    >>> _ordered_cut("tmp", "00:00:05:a\\n00:00:01:b\\n", False, 1 << 20) is None
    True
    """
    cut, before, in_comment = None, None, False
    for found in _MARKS[name].finditer(held):
        if cut is not None and found.start() > limit:
            break
        mark = found.group("c") if name == "sami" else None
        if mark is not None:
            in_comment = mark == "<!--"
            continue
        if in_comment:
            continue
        if name == "sami":
            start = int(found.group("ms"))
        else:
            start = (int(found.group("h")) * 60 + int(found.group("m"))) * 60 + int(found.group("s"))
        if before is not None and start > before:
            cut = found.start()
        before = start
    if cut is None:
        return len(held) if last else None
    return cut

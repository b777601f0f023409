"""What every page shape builds: :class:`Unit` s (one caption or paragraph each), and the
:class:`Track` they become (:func:`units_to_track`).

The shape readers (:mod:`.text`, :mod:`.html`) import this module; :func:`subconv.pages.read_page`
imports them, so they never import the package itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..errors import ParseError
from ..model import Cue, Track, Word
from ..report import Report

STEP = "page"
#: The ``Track.meta`` key of the media duration (ms) a transcript's front matter gives (its line
#: in ``Track.source_lines``)
PAGE_DURATION = "page.duration_ms"
#: The ``Track.meta`` key of where on the page that duration was found, as the report names it
#: (``the front matter``, ``the page's metadata``, ``the meeting's footer``)
PAGE_DURATION_FROM = "page.duration_from"


_WS = re.compile(r"[ \t\n\r\f\v]+")
_INVISIBLE = "\u200b\u200c\u200d\ufeff "


def caption_lines(body: str) -> list[str]:
    r"""The lines a timed-text entry's text shows (YouTube's srv1, srv3 and json3): split at its
    line breaks, white space collapsed, blank and zero-width-only lines left out.

    >>> caption_lines(" Hi  there\n\u200b\n  you ")
    ['Hi there', 'you']
    """
    lines = [_WS.sub(" ", x).strip() for x in body.split("\n")]
    return [x for x in lines if x and x.strip(_INVISIBLE)]


def segment_words(start: int, end: int | None, segments: Sequence[tuple[int | None, str]]) -> tuple[Word, ...]:
    r"""The words of a timed-text entry whose segments carry their own times (YouTube's
    auto-captions: json3's ``tOffsetMs``, srv3's ``<s t="...">``): ``segments`` are each
    segment's offset from the entry's ``start`` (ms; None: not given) and its text.  Each
    segment with text is a word at ``start`` plus its offset (none given: where the segment
    before it ended), until the next word (the last: until ``end``).  No word when no segment
    carries an offset (manual captions: one text, no word times).

    >>> words = segment_words(1000, 3000, [(None, "hey"), (400, " you"), (None, "\n"), (900, " there")])
    >>> [(w.start, w.end, w.text) for w in words]
    [(1000, 1400, 'hey'), (1400, 1900, 'you'), (1900, 3000, 'there')]
    >>> segment_words(1000, 3000, [(None, "Hello,"), (None, " world")])
    ()
    """
    if all(offset is None for offset, _ in segments):
        return ()
    found: list[tuple[int, str]] = []
    at = start
    for offset, text in segments:
        if offset is not None:
            at = start + offset
        word = _WS.sub(" ", text).strip()
        if word:
            found.append((at, word))
    words: list[Word] = []
    for k, (at, word) in enumerate(found):
        until = found[k + 1][0] if k + 1 < len(found) else (at if end is None else end)
        words.append(Word(at, max(until, at), word))
    return tuple(words)


def rolling_ends(cues: list[Cue], what: str, report: Report) -> list[Cue]:
    """The cues of auto-captions shown in a rolling window (YouTube's srv3 and json3 with
    append events): a line stays on screen under the next one, so its entry lasts past the next
    line's start; each ends when the next line starts instead, as the rolling captions of WebVTT
    rebuilt by ``dedupe`` do (a line said twice is then said again, not shown twice).  Its words
    end there too.  Each cue cut is reported (``repaired``).

    >>> r = Report()
    >>> cut = rolling_ends([Cue(0, 4000, ("a b",)), Cue(2000, 5000, ("c",))], "json3", r)
    >>> [(c.start, c.end) for c in cut], r.entries[0].reason
    ([(0, 2000), (2000, 5000)], 'json3: line of a rolling window: ends when the next line starts (2000 ms sooner)')
    """
    out: list[Cue] = []
    for k, cue in enumerate(cues):
        nxt = cues[k + 1].start if k + 1 < len(cues) else None
        if cue.start is not None and cue.end is not None and nxt is not None and cue.start < nxt < cue.end:
            why = f"{what}: line of a rolling window: ends when the next line starts ({cue.end - nxt} ms sooner)"
            report.add(STEP, "repaired", why, cue.source_line, cue.text)
            words = tuple(Word(w.start, max(w.start, min(w.end, nxt)), w.text) for w in cue.words)
            cue = cue.replace(end=nxt, words=words)
        out.append(cue)
    return out


@dataclass(slots=True)
class Unit:
    """One caption or paragraph found on a page, before it becomes a :class:`Cue`."""

    line: int
    lines: list[str]
    start: int | None = None
    end: int | None = None
    speaker: str | None = None
    words: tuple[Word, ...] = ()  # the words' own times, where the page gives them (Hyperaudio's ``data-m``)


def unit_cue(u: Unit, lines: tuple[str, ...] | None = None) -> Cue | None:
    """The :class:`Cue` a unit becomes (its non-empty lines), or None when it has no text.
    ``lines``: those lines, when the caller holds them already (a tuple shared by the cues of
    equal captions).

    >>> c = unit_cue(Unit(3, ["Hi", ""], start=1000))
    >>> c.lines, c.start, c.origin, c.source_line, unit_cue(Unit(4, [""]))
    (('Hi',), 1000, 'anchor', 3, None)
    """
    if lines is None:
        lines = tuple(filter(None, u.lines))  # the non-empty lines
    if not lines:
        return None
    start = u.start
    if start is not None:
        return Cue(start, u.end, lines, (), u.speaker, source_line=u.line, words=u.words, origin="anchor")
    return Cue(None, None, lines, (), u.speaker, source_line=u.line, words=u.words)


def units_to_track(units: list[Unit], shape: str, report: Report, title: str | None = None) -> Track:
    """Turn units into a :class:`Track`; raise ``ParseError`` when there are none.

    >>> t = units_to_track([Unit(3, ["Hi"], start=1000)], "plain", Report())
    >>> t.cues[0].start, t.cues[0].origin, t.cues[0].source_line
    (1000, 'anchor', 3)
    """
    return cues_to_track([c for u in units if (c := unit_cue(u)) is not None], shape, report, title)


def cues_to_track(cues: list[Cue], shape: str, report: Report, title: str | None = None) -> Track:
    """The :class:`Track` of a page's cues (built from its units); ``ParseError`` when there are none."""
    report.info["page_shape"] = shape
    if not cues:
        raise ParseError(STEP, f"no captions found (page shape: {shape})", line=1)
    return Track(tuple(cues), title=title)


def with_duration(track: Track, ms: int, line: int, *, text: str, where: str, report: Report) -> Track:
    """``track`` with the media's length a page gives (``Track.meta[PAGE_DURATION]``, its line in
    ``Track.source_lines``): the ``time`` step's end anchor when no ``--duration``/``--media`` is
    given.  Reported (``info``), saying ``where`` it comes from (kept as
    ``Track.meta[PAGE_DURATION_FROM]``, for the ``time`` step to say it too)."""
    report.add(STEP, "info", f"media duration {ms / 1000:g} s from {where} (the timing's end)", line, text)
    return replace(
        track,
        meta=track.meta.set(PAGE_DURATION, str(ms)).set(PAGE_DURATION_FROM, where),
        source_lines=track.source_lines.set(PAGE_DURATION, (str(line),)),
    )

"""Per-word times in cue text, for writers that can show them (WebVTT timestamps, ASS karaoke).

>>> from subconv.model import Cue, Word
>>> cue = Cue(1000, 3000, ("Hello there,", "world"), words=(Word(1000, 1400, "Hello"),
...       Word(1500, 1900, "there,"), Word(2100, 2600, "world")))
>>> word_cuts(cue)
[(0, 1000), (6, 1500), (13, 2100)]
"""

from __future__ import annotations

from ..model import Cue, Word
from ..report import Report
from ..textdiff import words_in_order


def timed_words(cue: Cue) -> list[tuple[int, Word]] | None:
    """``(offset in cue.text, word)`` of each word :func:`word_cuts` keeps, in order: the one
    place the writers find words in the text, so that each cuts the text at the same offsets.

    >>> cue = Cue(1000, 3000, ("oh Hello you",), words=(Word(1200, 1400, "Hello"), Word(900, 950, "you")))
    >>> timed_words(cue)
    [(3, Word(start=1200, end=1400, text='Hello'))]
    """
    if not cue.words or cue.start is None or cue.end is None:
        return None
    out: list[tuple[int, Word]] = []
    last = cue.start - 1
    for k, w in words_in_order(cue.text, cue.words):  # (in time linear in the text and the words)
        if last < w.start < cue.end:
            out.append((k, w))
            last = w.start
    return out or None


def word_cuts(cue: Cue) -> list[tuple[int, int]] | None:
    """``(offset in cue.text, start ms)`` of each word, in order, inside the cue's times.

    Words whose text cannot be found in order, or whose start runs backwards or outside
    ``[cue.start, cue.end)``, are left out (their text joins the word before).  None when
    the cue has no usable word times.  A writer cuts the text at each offset, the first
    word's too: text before it is no word's (:func:`timed_words`).
    """
    timed = timed_words(cue)
    return [(k, w.start) for k, w in timed] if timed else None


def word_ends(timed: list[tuple[int, Word]], end: int) -> list[int]:
    """Where each word of ``timed`` (:func:`timed_words` of a cue ending at ``end``) ends, for a
    writer that holds word ends (ASS karaoke): its own end, but not before its start nor after
    the next word's start (the cue's end for the last).

    >>> word_ends([(0, Word(1000, 1800, "a")), (2, Word(1500, 1400, "b"))], 3000)
    [1500, 1500]
    """
    starts = [w.start for _, w in timed[1:]] + [end]
    return [max(w.start, min(w.end, stop)) for (_, w), stop in zip(timed, starts, strict=True)]


def say_left_out(cue: Cue, cuts: list[tuple[int, int]] | None, step: str, report: Report) -> None:
    """Report (``dropped``, at the cue's line) the word times of ``cue`` that :func:`word_cuts`
    left out (``cuts``: what it found): outside the cue's times, not after the word before or not found
    in its text.  Their words stay in the text; before, the times were left out unreported.

    >>> from subconv.model import Word
    >>> r = Report()
    >>> cue = Cue(1000, 3000, ("Hi you there",), words=(Word(1000, 1400, "Hi"), Word(9000, 9500, "you")))
    >>> say_left_out(cue, word_cuts(cue), "vtt", r)
    >>> print(r.entries[0].reason[:59])
    1 word time not written (outside the cue's times, not after
    """
    n = sum(1 for w in cue.words if w.text) - len(cuts or ())
    if n <= 0:
        return
    what = "1 word time" if n == 1 else f"{n} word times"
    words = "its word" if n == 1 else "their words"
    why = f"{what} not written (outside the cue's times, not after the word before or not in its text)"
    why += f": {words} kept untimed"
    report.add(step, "dropped", why, cue.source_line, cue.text)

"""Per-word times in cue text, for writers that can show them (WebVTT timestamps, ASS karaoke).

>>> from subconv.model import Cue, Word
>>> cue = Cue(1000, 3000, ("Hello there,", "world"), words=(Word(1000, 1400, "Hello"),
...       Word(1500, 1900, "there,"), Word(2100, 2600, "world")))
>>> word_cuts(cue)
[(0, 1000), (6, 1500), (13, 2100)]
"""

from __future__ import annotations

from ..model import Cue
from ..report import Report


def word_cuts(cue: Cue) -> list[tuple[int, int]] | None:
    """``(offset in cue.text, start ms)`` of each word, in order, inside the cue's times.

    Words whose text cannot be found in order, or whose start runs backwards or outside
    ``[cue.start, cue.end)``, are left out (their text joins the word before).  None when
    the cue has no usable word times.
    """
    if not cue.words or cue.start is None or cue.end is None:
        return None
    text = cue.text
    out: list[tuple[int, int]] = []
    pos = 0
    last = cue.start - 1
    for w in cue.words:
        k = text.find(w.text, pos)
        if k < 0 or not w.text:
            continue
        pos = k + len(w.text)
        if last < w.start < cue.end:
            out.append((k, w.start))
            last = w.start
    return out or None


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

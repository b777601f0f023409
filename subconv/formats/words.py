"""Per-word times in cue text, for writers that can show them (WebVTT timestamps, ASS karaoke).

>>> from subconv.model import Cue, Word
>>> cue = Cue(1000, 3000, ("Hello there,", "world"), words=(Word(1000, 1400, "Hello"),
...       Word(1500, 1900, "there,"), Word(2100, 2600, "world")))
>>> word_cuts(cue)
[(0, 1000), (6, 1500), (13, 2100)]
"""

from __future__ import annotations

from ..model import Cue


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

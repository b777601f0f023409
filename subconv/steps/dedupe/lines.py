"""The line helpers every dedupe rule shares: cleaned lines, sound labels, rolling overlaps
(the tail of one caption that the next starts with), speakers, significant text."""

from __future__ import annotations

import re

from ...model import Cue
from ...text.compare import word_keys, word_spans
from ...text.width import is_wide

STEP = "dedupe"
_ROLL_CAP = 64  # longest rolling overlap looked for, in words


def _same_speaker(a: Cue, b: Cue) -> bool:
    return a.speaker == b.speaker


def _significant(key: str, text: str) -> bool:
    """Whether a non-adjacent repeat of ``text`` is worth listing (not "Yes." or "No.")."""
    if len(key) >= 12 or len(word_keys(text)) >= 3:
        return True
    return len(key) >= 6 and any(is_wide(c) for c in key)


def _clean_lines(text: str) -> tuple[str, ...]:
    return tuple(" ".join(ln.split()) for ln in text.split("\n") if ln.strip())


def _cue_lines(cue: Cue) -> tuple[str, ...]:
    """``_clean_lines(cue.text)``, without joining and splitting a one-line cue."""
    lines = cue.lines
    if len(lines) == 1 and "\n" not in lines[0]:
        return (" ".join(lines[0].split()),) if lines[0].strip() else ()
    return _clean_lines(cue.text)


_SOUND_LINE = re.compile(r"^(?:\[([^\[\]\n]{1,60})\]|\(([^()\n]{1,40})\)|[♪♫♬#\s]*[♪♫♬][♪♫♬#\s]*)$")


def is_sound_line(text: str) -> bool:
    """Whether a caption line is only a sound label -- ``[Music]``, ``[Applause]``, ``(laughter)``,
    ``♪ ♪`` -- not words someone said (see :func:`~subconv.steps.normalise.is_sound_tag`).

    >>> is_sound_line("[Music]"), is_sound_line(" ♪♪ "), is_sound_line("[Music] so today"), is_sound_line("(he said)")
    (True, True, False, False)
    """
    from ..normalise import is_sound_tag

    m = _SOUND_LINE.match(text.strip())
    if m is None:
        return False
    if m.group(1) is not None:
        return is_sound_tag(m.group(1), True)
    if m.group(2) is not None:
        return is_sound_tag(m.group(2), False)
    return True


def rolling_cut(prev: str, cur: str) -> str | None:
    """What is left of ``cur`` after the part that repeats the end of ``prev``, or None if no overlap.

    An overlap counts when it is at least 3 words, or all of ``prev`` (2+ words), or a
    whole line of both texts (the rolling two-line pattern).

    >>> rolling_cut("the conquest of the cosmos", "of the cosmos has really")
    'has really'
    >>> rolling_cut("Hello there\\nhow are", "how are\\nyou today")
    'you today'
    >>> rolling_cut("I said no", "no way") is None
    True
    """
    return _rolling_cut(prev, word_keys(prev), cur, word_keys(cur))


def _rolling_cut(prev: str, pk_all: tuple[str, ...], cur: str, ck: tuple[str, ...]) -> str | None:
    """:func:`rolling_cut` with the word keys of both texts already computed."""
    if not pk_all or not ck:
        return None
    first = ck[0]
    whole = len(pk_all)
    pk = pk_all[max(0, whole - _ROLL_CAP) :]
    if first not in pk:  # no overlap can start anywhere: the common case, decided in C
        return None
    n = len(pk)
    best = 0
    line_keys: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    i = pk.index(first)
    while True:  # candidate overlap = pk[i:], at each word of ``pk`` that is ``first`` (found in C)
        k = n - i
        if k <= len(ck) and pk[i:] == ck[:k]:
            if k >= 3 or (k == whole and k >= 2):
                best = k
                break  # the first hit from the left is the longest
            if line_keys is None:
                line_keys = (word_keys(prev.rsplit("\n", 1)[-1]), word_keys(cur.split("\n", 1)[0]))
            if pk[i:] == line_keys[0] and pk[i:] == line_keys[1]:
                best = k
                break
        try:
            i = pk.index(first, i + 1)
        except ValueError:
            break
    if not best:
        return None
    cut = word_spans(cur)[best - 1][1]
    rest = cur[cut:]
    return "\n".join(_clean_lines(rest))

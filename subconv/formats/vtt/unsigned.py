"""A WebVTT text without its ``WEBVTT`` signature told apart from SRT, whose numbered cues it
shares (:func:`sniff_unsigned`: the registry's ``Format.sniff_unsigned`` for ``.vtt`` files)."""

from __future__ import annotations

import re

#: a timing line's times and what follows them (``.`` or ``,`` before the milliseconds)
_ARROW_LINE = re.compile(r"^[ \t]*(?:[0-9]+:)?[0-9]{1,2}:[0-9]{2}([.,])[0-9]{1,3}[ \t]*-->[ \t]*\S+(.*)$", re.M)
#: a cue setting only WebVTT has (``line:10%``; SRT's ``X1:40`` coordinates are not one)
_SETTING = re.compile(r"(?:^|[ \t])(?:line|position|size|align|region|vertical):\S")
#: a NOTE comment block: after a blank line, ``NOTE`` alone or followed by a space, tab or line end
_NOTE_BLOCK = re.compile(r"(?:\A|\n[ \t]*\n)NOTE(?:[ \t\n]|\Z)")


def sniff_unsigned(text: str) -> bool:
    """True when ``text``, which lacks the ``WEBVTT`` signature, has what only WebVTT has among
    the formats of timing lines: a ``NOTE`` block, a cue setting (``line:``, ``position:``,
    ``size:``, ``align:``, ``region:``, ``vertical:``), or timing lines whose milliseconds all
    follow a ``.`` (SRT's a ``,``).  Only the first 64 KiB are looked at.

    >>> sniff_unsigned("1\\n00:00:01.000 --> 00:00:02.000\\nHi\\n")
    True
    >>> sniff_unsigned("1\\n00:00:01,000 --> 00:00:02,000 X1:40 X2:600\\nHi\\n")
    False
    >>> sniff_unsigned("1\\n00:00:01,000 --> 00:00:02,000 line:10%\\nHi\\n"), sniff_unsigned("Just text.")
    (True, False)
    """
    head = text[:65536]
    separators = set()
    for m in _ARROW_LINE.finditer(head):
        separators.add(m.group(1))
        if _SETTING.search(m.group(2)):
            return True
    if not separators:
        return False
    return separators == {"."} or _NOTE_BLOCK.search(head.lstrip("\ufeff")) is not None

"""Markdown transcript syntax: speaker labels, inline stamp markers, emphasis, links, escapes.

All patterns are anchored or bounded so that a line is cleaned in linear time.
"""

from __future__ import annotations

import re

from .stamps import CLOCK, clock_ms

#: ``**Name:** text`` or ``**Name**: text``.
LABEL = re.compile(r"\*\*([^*\n]{1,80}?)(?::\*\*|\*\*:)[ \t]*(.*)")
#: Otter: ``**Name** [0:00]`` or ``**Name**  0:00``.
OTTER = re.compile(r"\*\*([^*\n:]{1,80})\*\*[ \t]*\\?\[?[ \t]?(" + CLOCK + r")[ \t]?\\?\]?[ \t]*")
#: Otter's plain-text export: ``Speaker 1  0:00`` or ``Ali Spittel  1:05`` (a name of one to four
#: words, then two spaces or a tab, then the stamp, alone on the line); the caller checks that each
#: word of the name starts with a capital or a digit.
OTTER_PLAIN = re.compile(r"([^\W\d_][\w'.\-]{0,40}(?: [\w'.\-]{1,40}){0,3})(?: {2,}|\t)[ \t]*(" + CLOCK + r")[ \t]*")
#: A bold name alone on its line: ``**Ali**``.
LABEL_ONLY = re.compile(r"\*\*([^*\n:]{1,80})\*\*:?")
#: Rev: ``Name (00:01:02):`` or the bare continuation ``(00:01:02):``, optionally followed by text.
REV = re.compile(r"([^()\n]{1,80}?)?[ \t]*\((" + CLOCK + r")\):(?:[ \t]+(\S.*))?")
#: ATX heading.
HEADING = re.compile(r"#{1,6}[ \t]+\S.*|#{1,6}")
#: Horizontal rules and setext underlines.
RULE = re.compile(r"([-=_*~])(?:[ \t]*\1){2,}")

# A stamp standing alone in brackets (``\[04:10\]``, or a Markdown link whose target is left out:
# ``[04:10](https://youtu.be/x?t=250)``) or inside a note (``[inaudible 00:00:42]``).
_MARKER = re.compile(
    r"\\?\[[ \t]?(" + CLOCK + r")[ \t]?\\?\](?:\([^()\s]{0,2000}\))?"
    r"|(\\?\[)([^\[\]\\\n]{1,60}?)[ \t]+(" + CLOCK + r")[ \t]?(\\?\])"
)
_IMAGE = re.compile(r"!\[([^\[\]\n]{0,300})\]\([^()\s]{0,2000}\)")
_LINK = re.compile(r"\[([^\[\]\n]{0,300})\]\([^()\s]{0,2000}(?:[ \t]\"[^\"\n]{0,200}\")?\)")
_BOLD = re.compile(r"\*\*(?=\S)([^*\n]{1,500}?)(?<=\S)\*\*|__(?=\S)([^_\n]{1,500}?)(?<=\S)__")
_EM = re.compile(
    r"(?<![\w*\\])\*(?=\S)([^*\n]{1,300}?)(?<=\S)\*(?![\w*])"
    r"|(?<![\w\\])_(?=\S)([^_\n]{1,300}?)(?<=\S)_(?!\w)"
)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~\"'])")
_SPACES = re.compile(r"[ \t]{2,}")


def clean_markup(text: str) -> str:
    """Remove Markdown inline markup from ``text``: images, links (kept as their text), emphasis, escapes.

    >>> clean_markup(r"see **this** [page](https://x.y) and _that_ \\[laughs\\] snake_case")
    'see this page and that [laughs] snake_case'
    """
    if "](" in text:
        text = _IMAGE.sub("", text)
        text = _LINK.sub(r"\1", text)
    if "**" in text or "__" in text:
        text = _BOLD.sub(_first_group, text)
    if "*" in text or "_" in text:
        text = _EM.sub(_first_group, text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    return _tidy(text)


def _first_group(m: re.Match[str]) -> str:
    return m.group(1) or m.group(2) or ""


def split_markers(text: str, markup: bool = True) -> list[tuple[int | None, str]]:
    """Split ``text`` at standalone stamp markers; drop stamps inside notes; clean the markup.

    With ``markup=False`` (text that is not Markdown) only the stamps are handled
    and whitespace is tidied; emphasis and escapes are left alone.

    Returns ``(start_ms or None, cleaned text)`` pieces in order; a piece that
    follows a marker carries its time.  Empty pieces are kept so that callers can
    report them; the caller decides what to do with them.

    >>> split_markers(r"Hi there. \\[04:10\\] And then [inaudible 00:00:42] more")
    [(None, 'Hi there.'), (250000, 'And then [inaudible] more')]
    >>> split_markers("So. [04:10](https://youtu.be/x?t=250) And then")
    [(None, 'So.'), (250000, 'And then')]
    """
    clean = clean_markup if markup else _tidy
    pieces: list[tuple[int | None, str]] = []
    out: list[str] = []
    start: int | None = None
    pos = 0
    if "[" not in text:
        return [(None, clean(text))]
    for m in _MARKER.finditer(text):
        out.append(text[pos : m.start()])
        pos = m.end()
        if m.group(1) is not None:
            pieces.append((start, clean("".join(out))))
            out = []
            start = clock_ms(m.group(1))
        else:
            note = m.group(3).strip()
            out.append("[" + note + "]")
    out.append(text[pos:])
    pieces.append((start, clean("".join(out))))
    if len(pieces) > 1 and not pieces[0][1]:
        pieces.pop(0)
    return pieces


def _tidy(text: str) -> str:
    if "  " in text or "\t" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


def has_markers(text: str) -> bool:
    """True when ``text`` holds a bracketed stamp marker.

    >>> has_markers(r"a \\[01:02\\] b"), has_markers("a b")
    (True, False)
    """
    return _MARKER.search(text) is not None

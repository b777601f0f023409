"""Pipeline step ``normalise``: clean the text of page cues; leave timed files alone.

Pages (``ctx.is_page``): HTML entities decoded, ``<br>`` made a line break, ``<i>``-like tags
removed, zero-width and control characters removed, Unicode NFC, whitespace collapsed and
stripped per line, empty lines removed, leftover bullets and leading bracketed stamps
(``[00:12]``, ``(1:02:03)``) stripped.
A stamp stripped from an untimed cue becomes its timing anchor.

Timed files (SRT, WebVTT, ASS, ...) keep their text byte for byte, unless
``Options.drop_sound_tags`` is set: then ``[Music]``-style tags are removed everywhere.

Every changed cue gets a ``rewritten`` report entry naming what changed; every cue that
becomes empty is dropped and reported.  Spans are kept and re-indexed when the change
only removed or replaced characters in place; otherwise (NFC recomposition) they are
dropped and the report says so.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import Cue, Span, Track, Word
from ..report import Report
from ..timefmt import stamp_ms
from . import Context, applies

STEP = "normalise"

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_SPACE_LIKE = frozenset("\t\r\v\f\x1c\x1d\x1e\x1f\x85\u2028\u2029")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_WS = re.compile(r"\s+")
#: an HTML line break left in a page's text (``<br>``, ``<br/>``, ``<BR />``), with the spaces around it
_BR = re.compile(r"[ \t]*<br[ \t]*/?>[ \t]*", re.IGNORECASE)
#: an HTML formatting tag left in a page's text (``<i>``, ``</b>``, ``<span class="x">``, ``<font …>``)
_INLINE_TAG = re.compile(r"<(/?)(i|b|u|s|em|strong|span|font|mark|small)(?:[ \t][^<>\n]{0,200})?>", re.IGNORECASE)
#: the characters a leading bullet is made of (and ``*`` before a space); ("- " and "– " are not
#: bullets here: on a caption page they are dialogue dashes, and stay)
BULLETS = "•●▪·◦‣"
_BULLET = re.compile(rf"^(?:[{BULLETS}]\s*|\*\s+)+")
# [00:12]  (1:02:03)  \[00:12\]  [00:00:12.500]  [00:12](https://youtu.be/x?t=12) (a link's target is not spoken)
_BRACKET_STAMP = re.compile(
    r"^(?:\\?\[|\()(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?(?:\\?\](?:\([^()\s]{0,2000}\))?|\))(?:\s+|$)"
)
# a bare 1:02:03 followed by text, or a bare stamp that is the whole line
_BARE_STAMP = re.compile(r"^(\d{1,2}):(\d{2}):(\d{2})(?:[.,](\d{1,3}))?(?:\s+|$)")
_LINE_STAMP = re.compile(r"^(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$")
_SQUARE_TAG = re.compile(r"\s*\[([^\[\]\n]{1,60})\]")
_PAREN_TAG = re.compile(r"\s*\(([^()\n]{1,40})\)")
_NOTES_ONLY = re.compile(r"^[\s♪♫♬#]+$")

#: first words of parenthesised sound descriptions, e.g. "(applause)", "(laughs softly)"
SOUND_WORDS = frozenset(
    (
        "applause",
        "applauding",
        "laughter",
        "laughs",
        "laughing",
        "laugh",
        "chuckles",
        "chuckling",
        "giggles",
        "sighs",
        "sighing",
        "music",
        "cheering",
        "cheers",
        "clapping",
        "coughs",
        "coughing",
        "inaudible",
        "crosstalk",
        "silence",
        "indistinct",
        "groans",
        "gasps",
        "screams",
        "screaming",
        "sniffles",
        "crying",
        "sobbing",
        "whispers",
        "whispering",
        "mumbles",
        "murmuring",
        "static",
        "beep",
        "beeping",
        "ringing",
        "rings",
        "footsteps",
        "knocking",
        "door",
        "thunder",
        "explosion",
        "gunshot",
        "gunshots",
        "sound",
        "sounds",
        "noise",
        "upbeat",
        "dramatic",
        "soft",
        "tense",
        "suspenseful",
    )
)


def _control_table() -> dict[int, str | None]:
    """``str.translate`` table: control characters removed, odd spaces made spaces."""
    table: dict[int, str | None] = {}
    for cp in range(0xA0):  # every Cc character is below U+00A0
        if unicodedata.category(chr(cp)) == "Cc" and cp != 0x0A:
            table[cp] = None
    for ch in _SPACE_LIKE:
        table[ord(ch)] = " "
    return table


_CONTROL_TABLE = _control_table()
_ZERO_WIDTH_TABLE: dict[int, str | None] = dict.fromkeys(map(ord, _ZERO_WIDTH))
_HAS_ZERO_WIDTH = re.compile("[" + "".join(sorted(_ZERO_WIDTH)) + "]")
_HAS_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # category Cc, except the newline


# Anything normalise could change on a page cue (without sound-tag dropping): an entity,
# a control / zero-width / odd space character, whitespace to collapse or strip, an empty
# line, or a line starting with a bullet or a possible stamp.  Text without a match (and in
# NFC) comes out unchanged, so the cue is kept as it is without further work.
#: a tag's start, as ``_MAYBE_DIRTY`` takes it (``<br``, ``<i``, ``</b``, and ``<p``, ``<A``: the
#: full fixes look closer)
_TAG_START = re.compile(r"</?[A-Za-z]")
_MAYBE_DIRTY = re.compile(
    r"&|[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]|[^\S \n]"
    r"|(?m:^[ \n•●▪·◦‣*\-–\\\[(\d]| $| {2})|\n\Z|</?[A-Za-z]"
)


#: what a line of a clean text cannot start with (``_MAYBE_DIRTY``'s line starts), but digits
_DIRTY_STARTS = frozenset(" \n•●▪·◦‣*-–\\[(")


def _is_clean(text: str) -> bool:
    """True when page normalisation cannot change ``text`` (a cheap, conservative test).

    >>> _is_clean("Hello there."), _is_clean("  Hello"), _is_clean("[00:12] Hi"), _is_clean("a &amp; b")
    (True, False, False, False)
    """
    return bool(text) and _maybe_clean(text) and unicodedata.is_normalized("NFC", text)


def _maybe_clean(text: str) -> bool:
    """Whether ``_MAYBE_DIRTY`` finds nothing in ``text`` (not empty).  A one-line text of
    printable characters (most paragraphs) is tested in C, a few calls, not by the pattern,
    which tries each of its alternatives at every character: every character the pattern's
    classes take is unprintable (control, format, or white space other than the space), so
    there only ``&``, the first character, two spaces and a space at the end are left to look at.

    >>> _maybe_clean("Hi there."), _maybe_clean("Hi  there."), _maybe_clean("- Hi"), _maybe_clean("Hi\u00a0there")
    (True, False, False, False)
    """
    if "\n" not in text and text.isprintable():
        first = text[0]
        dirty = "&" in text or "  " in text or first in _DIRTY_STARTS or first.isdecimal() or text[-1] == " "
        return not (dirty or ("<" in text and _TAG_START.search(text) is not None))
    return _MAYBE_DIRTY.search(text) is None


class _Tracked:
    """Text plus, when asked for (a cue with spans), the index in the original text each character came from.

    Without spans there is nothing to re-index, so only the string is kept and every
    operation is a C-level string operation; with spans, ``orig`` runs alongside.
    """

    __slots__ = ("orig", "text")

    def __init__(self, text: str, track: bool = False) -> None:
        self.text = text
        self.orig: list[int] | None = list(range(len(text))) if track else None

    def _set(self, text: str, orig: list[int] | None) -> None:
        self.text, self.orig = text, orig

    def sub(self, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str | None]) -> bool:
        """Replace matches of ``pattern`` (``repl`` returning None keeps the match); True if changed."""
        text = self.text
        old = self.orig
        pieces: list[str] = []
        orig: list[int] = []
        pos = 0
        for m in pattern.finditer(text):
            new = repl(m)
            if new is None or new == m.group():
                continue
            start = m.start()
            pieces.append(text[pos:start])
            pieces.append(new)
            if old is not None:
                orig.extend(old[pos:start])
                anchor = old[start] if start < len(old) else len(old)
                orig.extend([anchor] * len(new))
            pos = m.end()
        if not pieces:
            return False
        pieces.append(text[pos:])
        if old is not None:
            orig.extend(old[pos:])
        self._set("".join(pieces), orig if old is not None else None)
        return True

    def translate(self, table: dict[int, str | None]) -> None:
        """``str.translate`` with ``table``, which removes characters or maps one to one other."""
        old = self.orig
        if old is None:
            self.text = self.text.translate(table)
            return
        chars: list[str] = []
        orig: list[int] = []
        for c, o in zip(self.text, old, strict=True):
            new = table.get(ord(c), c)
            if new is not None:
                chars.append(new)
                orig.append(o)
        self._set("".join(chars), orig)

    def slice(self, start: int, end: int) -> _Tracked:
        """The part ``[start:end]``."""
        out = _Tracked("")
        out._set(self.text[start:end], None if self.orig is None else self.orig[start:end])
        return out

    @staticmethod
    def join(parts: list[_Tracked], sep: str) -> _Tracked:
        """``parts`` joined by ``sep`` (which takes the origin of the part after it)."""
        out = _Tracked(sep.join(p.text for p in parts))
        if any(p.orig is not None for p in parts):
            orig: list[int] = []
            for i, p in enumerate(parts):
                po = p.orig if p.orig is not None else list(range(len(p.text)))
                if i:
                    anchor = po[0] if po else (orig[-1] if orig else 0)
                    orig.extend([anchor] * len(sep))
                orig.extend(po)
            out.orig = orig
        return out

    def lines(self) -> list[_Tracked]:
        """The parts between newlines."""
        if self.orig is None:
            out: list[_Tracked] = []
            for ln in self.text.split("\n"):
                t = _Tracked("")
                t.text = ln
                out.append(t)
            return out
        out = []
        start = 0
        for i, c in enumerate(self.text):
            if c == "\n":
                out.append(self.slice(start, i))
                start = i + 1
        out.append(self.slice(start, len(self.text)))
        return out

    def map_ranges(self, ranges: list[tuple[int, int]]) -> list[tuple[int, int] | None]:
        """Re-index each ``(start, end)`` of the original text onto the current text (None: nothing
        of it is left)."""
        if self.orig is None:
            raise ValueError("map_ranges needs a tracked text")
        out: list[tuple[int, int] | None] = []
        for start, end in ranges:
            idx = [j for j, o in enumerate(self.orig) if start <= o < end]
            out.append((idx[0], idx[-1] + 1) if idx else None)
        return out

    def map_spans(self, spans: tuple[Span, ...]) -> tuple[Span, ...]:
        """Re-index ``spans`` (over the original text) onto the current text; empty ones vanish."""
        moved = self.map_ranges([(s.start, s.end) for s in spans])
        return tuple(Span(at[0], at[1], s.kind) for s, at in zip(spans, moved, strict=True) if at is not None)


def _strip_line(t: _Tracked) -> bool:
    text = t.text
    if t.orig is None:
        new = " ".join(text.split())  # the same as collapsing \s+ runs and stripping
        if new == text:
            return False
        t.text = new
        return True
    changed = t.sub(_WS, lambda m: " " if m.group() != " " else None)
    text = t.text
    left = len(text) - len(text.lstrip())
    right = len(text.rstrip())
    if left or right < len(text):
        s = t.slice(left, right)
        t._set(s.text, s.orig)
        changed = True
    return changed


def is_sound_tag(inner: str, square: bool) -> bool:
    """True when the bracketed text ``inner`` describes a sound rather than speech.

    Square brackets: anything without digits (``[Music]``, ``[door slams]``).
    Parentheses: all capitals, or a first word from :data:`SOUND_WORDS`.

    >>> is_sound_tag("Music", True), is_sound_tag("00:12", True), is_sound_tag("laughs", False)
    (True, False, True)
    >>> is_sound_tag("he said so", False)
    False
    """
    inner = inner.strip()
    if not inner or any(c.isdigit() for c in inner):
        return False
    if square:
        return True
    letters = [c for c in inner if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return True
    first = inner.split()[0].strip(".,!?:;").casefold()
    return first in SOUND_WORDS


# -- the fixes: each a verb, changing a text in place and saying whether it changed anything --------


def decode_entities(t: _Tracked) -> bool:
    """HTML entities decoded, to a fixed point (``&amp;amp;`` was escaped twice; at most 4 rounds).

    >>> t = _Tracked("Tom &amp;amp; Jerry &#8212; &nbsp;"); decode_entities(t), t.text
    (True, 'Tom & Jerry \u2014 \xa0')
    """
    from html import unescape  # (here: a timed file's conversion never needs it)

    changed = False
    for _ in range(4):
        if not t.sub(_ENTITY, lambda m: unescape(m.group())):
            break
        changed = True
    return changed


def html_line_breaks(t: _Tracked) -> bool:
    """HTML line breaks (``<br>``, ``<br/>``, ``<br />``) left in a page's text made line breaks:
    the markup a caption was scraped with, not words (before, ``Hello<br>there`` was written as
    text, an SRT or WebVTT writer escaping its ``<`` with an invisible character).

    >>> t = _Tracked("Hello <br>there<BR />you"); html_line_breaks(t), t.text
    (True, 'Hello\\nthere\\nyou')
    >>> t = _Tracked("2 <3 and x<br"); html_line_breaks(t), t.text
    (False, '2 <3 and x<br')
    """
    if "<" not in t.text:
        return False
    return t.sub(_BR, lambda m: "\n")


def remove_formatting_tags(t: _Tracked) -> bool:
    """HTML formatting tags left in a page's text (``<i>``, ``</b>``, ``<span class="x">``)
    removed: markup, not words, as the HTML reader drops them (before, they were written as text,
    an SRT or WebVTT writer escaping each ``<`` with an invisible character).  Only a tag whose
    name the cue both opens and closes: ``use the <b> tag`` is speech.

    >>> t = _Tracked("<i>Whispering</i> now, <span class='hl'>x</span> <3"); remove_formatting_tags(t), t.text
    (True, 'Whispering now, x <3')
    >>> t = _Tracked("use the <b> tag, or </i>"); remove_formatting_tags(t), t.text
    (False, 'use the <b> tag, or </i>')
    """
    if "<" not in t.text:
        return False
    opened: set[str] = set()
    closed: set[str] = set()
    for m in _INLINE_TAG.finditer(t.text):
        (closed if m.group(1) else opened).add(m.group(2).lower())
    paired = opened & closed
    return bool(paired) and t.sub(_INLINE_TAG, lambda m: "" if m.group(2).lower() in paired else None)


def remove_zero_width(t: _Tracked) -> bool:
    """Zero-width spaces, joiners and byte-order marks removed.

    >>> t = _Tracked("a\u200bb\ufeff"); remove_zero_width(t), t.text
    (True, 'ab')
    """
    if t.text.isascii() or _HAS_ZERO_WIDTH.search(t.text) is None:
        return False
    t.translate(_ZERO_WIDTH_TABLE)
    return True


def remove_control_characters(t: _Tracked) -> bool:
    """Control characters removed; tabs and other odd spaces made spaces (whitespace collapsing then
    says so).  True when there was a control character (a tab is one).

    >>> t = _Tracked("a\x07b\u2028c"); remove_control_characters(t), t.text
    (True, 'ab c')
    """
    found = _HAS_CONTROL.search(t.text) is not None
    t.translate(_CONTROL_TABLE)
    return found


def compose_unicode(t: _Tracked) -> bool:
    """Unicode NFC (``e`` + combining acute -> ``é``).  A tracked text is composed a piece at a
    time, each piece a character of combining class 0 and the marks after it, so each composed
    character comes from its piece's first (a cue's spans and word times follow); where that is
    not the whole text's NFC (Hangul jamo, two Indic vowel signs composing), the origins are lost.

    >>> t = _Tracked("ab e\u0301!", True); compose_unicode(t), t.text, t.orig
    (True, 'ab é!', [0, 1, 2, 3, 5])
    """
    text = t.text
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return False
    whole = unicodedata.normalize("NFC", text)
    old = t.orig
    if old is None:
        t._set(whole, None)
        return True
    starts = [i for i, ch in enumerate(text) if i == 0 or not unicodedata.combining(ch)]
    pieces: list[str] = []
    orig: list[int] = []
    for a, b in zip(starts, [*starts[1:], len(text)], strict=True):
        piece = unicodedata.normalize("NFC", text[a:b])
        pieces.append(piece)
        orig.extend([old[a]] * len(piece))
    t._set(whole, orig if "".join(pieces) == whole else None)
    return True


def collapse_whitespace(line: _Tracked) -> bool:
    """Runs of white space made one space, the ends stripped (one line).

    >>> t = _Tracked("  a \t b "); collapse_whitespace(t), t.text
    (True, 'a b')
    """
    return _strip_line(line)


def remove_bullet(line: _Tracked) -> bool:
    """A leading bullet (``•``, ``* ``) removed; dialogue dashes stay.

    >>> t = _Tracked("• Hi"); remove_bullet(t), t.text
    (True, 'Hi')
    """
    return line.sub(_BULLET, lambda m: "")


def remove_timestamp(line: _Tracked) -> tuple[bool, int | None]:
    """A leading stamp (``[00:12]``, ``(1:02:03)``, ``1:02:03``, or a stamp alone) removed:
    (whether one was, its time in ms when it is a valid time).

    >>> t = _Tracked("[01:02] Hi"); remove_timestamp(t), t.text
    ((True, 62000), 'Hi')
    >>> t = _Tracked("[01:02](https://youtu.be/x?t=62) Hi"); remove_timestamp(t), t.text
    ((True, 62000), 'Hi')
    """
    m = _BRACKET_STAMP.match(line.text) or _BARE_STAMP.match(line.text) or _LINE_STAMP.match(line.text)
    if m is None:
        return False, None
    g = m.groups()
    rest = line.slice(m.end(), len(line.text))
    line._set(rest.text, rest.orig)
    return True, stamp_ms(g[0], g[1], g[2], g[3])


def drop_sound_tags(line: _Tracked) -> bool:
    """``[Music]``, ``(applause)`` and lines of only notes removed (see :func:`is_sound_tag`).

    >>> t = _Tracked("[Music] Hello (laughs)"); drop_sound_tags(t), t.text
    (True, 'Hello')
    """
    changed = line.sub(_SQUARE_TAG, lambda m: "" if is_sound_tag(m.group(1), True) else None)
    changed |= line.sub(_PAREN_TAG, lambda m: "" if is_sound_tag(m.group(1), False) else None)
    if _NOTES_ONLY.match(line.text) and line.text:
        line._set("", [] if line.orig is not None else None)
        changed = True
    if changed:
        _strip_line(line)
    return changed


def without_sound_tags(text: str) -> str:
    """``text`` less its sound tags, as :func:`drop_sound_tags` removes them (the aligner listens
    for the rest).

    >>> without_sound_tags("(applause) Thank you. [Music]"), without_sound_tags("(he said so)")
    ('Thank you.', '(he said so)')
    """
    t = _Tracked(text)
    return t.text if drop_sound_tags(t) else text


#: A page cue's whole text is fixed by these, in order, and the report says what each changed.
TEXT_FIXES: tuple[tuple[Callable[[_Tracked], bool], str], ...] = (
    (html_line_breaks, "HTML line breaks (<br>) made line breaks"),
    (remove_formatting_tags, "removed HTML formatting tags"),
    (decode_entities, "decoded HTML entities"),  # (after: an escaped "&lt;br&gt;" is text)
    (remove_zero_width, "removed zero-width characters"),
    (remove_control_characters, "removed control characters"),
    (compose_unicode, "Unicode NFC"),
)
#: Then each line: white space first, then these, again while one changes something (at most 3
#: rounds: "• [00:12] • Hi"); stamps are :func:`remove_timestamp`'s, sound tags only on request.
LINE_FIXES: tuple[tuple[Callable[[_Tracked], bool], str], ...] = ((remove_bullet, "removed bullet"),)
STAMP_REASON = "removed timestamp"
SOUND_TAG_REASON = "dropped sound tags"


@dataclass(slots=True)
class _Fixed:
    """A cue's text as the fixes leave it, what they did, the stamp time found, whether spans are lost."""

    text: _Tracked
    reasons: list[str] = field(default_factory=list)
    anchor: int | None = None
    spans_lost: bool = False

    def said(self, reason: str) -> None:
        if reason not in self.reasons:
            self.reasons.append(reason)


def _clean_page_text(cue: Cue, drop_tags: bool) -> tuple[_Tracked, list[str], int | None, bool]:
    """Clean a page cue's text: (tracked text, reasons, anchor ms from a stamp, spans lost)."""
    tracked = bool(cue.spans) or bool(cue.words)
    fixed = _Fixed(_Tracked(cue.text, tracked))
    for fix, reason in TEXT_FIXES:
        if fix(fixed.text):
            fixed.said(reason)
    kept = _fix_lines(fixed, drop_tags)
    out = _Tracked.join(kept, "\n")
    if compose_unicode(out):  # a removal joined a letter and a combining mark ("a[Music]\u0301" -> "a\u0301")
        fixed.said("Unicode NFC")
    # (the origins are lost only where NFC could not be taken a piece at a time)
    fixed.spans_lost = tracked and out.orig is None
    return out, fixed.reasons, fixed.anchor, fixed.spans_lost


def _fix_lines(fixed: _Fixed, drop_tags: bool) -> list[_Tracked]:
    """The lines of ``fixed.text`` after the line fixes, empty ones left out (said as whitespace)."""
    kept: list[_Tracked] = []
    done: set[str] = set()
    for i, line in enumerate(fixed.text.lines()):
        if collapse_whitespace(line):
            done.add("collapsed whitespace")
        _fix_line_start(line, fixed if i == 0 and not kept else None, drop_tags, done)
        if line.text:
            kept.append(line)
        else:
            done.add("collapsed whitespace")
    for reason in ("collapsed whitespace", *(r for _, r in LINE_FIXES), STAMP_REASON, SOUND_TAG_REASON):
        if reason in done:
            fixed.said(reason)
    return kept


def _fix_line_start(line: _Tracked, stamp_to: _Fixed | None, drop_tags: bool, done: set[str]) -> None:
    """:data:`LINE_FIXES`, stamps and (``drop_tags``) sound tags, again while one changes something;
    the first stamp's time becomes ``stamp_to``'s anchor (the cue's first line).  ``done`` collects
    the reasons."""
    for _ in range(3):
        step = False
        for fix, reason in LINE_FIXES:
            if fix(line):
                done.add(reason)
                step = True
        removed, ms = remove_timestamp(line)
        if removed:
            if stamp_to is not None and stamp_to.anchor is None:
                stamp_to.anchor = ms
            done.add(STAMP_REASON)
            step = True
        if drop_tags and drop_sound_tags(line):
            done.add(SOUND_TAG_REASON)
            step = True
        if not step:
            return
        _strip_line(line)


def normalise(track: Track, ctx: Context, report: Report) -> Track:
    """Clean page text (whitespace, NFC, entities, bullets, stamps); timed files only lose sound tags on request.

    >>> from subconv.options import Options
    >>> r = Report()
    >>> t = Track((Cue(None, None, ("  •  Hello\\u200b &amp; welcome ",)),))
    >>> normalise(t, Context("page", Options()), r).cues[0].lines
    ('Hello & welcome',)
    >>> [e.action for e in r]
    ['rewritten']
    """
    if not applies(STEP, ctx):  # (the registry's decision, for a direct call: pages, or --drop-sound-tags)
        return track
    drop_tags = ctx.options.drop_sound_tags
    out: list[Cue] = []
    changed_any = False
    page_fast = ctx.is_page and not drop_tags
    for cue in track.cues:
        if page_fast and _is_clean(cue.text):
            out.append(cue)
            continue
        fixed = _Fixed(*_clean_page_text(cue, drop_tags)) if ctx.is_page else _timed_text(cue)
        new = _rewritten(cue, fixed, report)
        if new is not cue:
            changed_any = True
        if new is not None:
            out.append(new)
    return track.with_cues(out) if changed_any else track


def _timed_text(cue: Cue) -> _Fixed:
    """A timed cue's text without its sound tags (``--drop-sound-tags``); nothing else changes."""
    fixed = _Fixed(_Tracked(cue.text, bool(cue.spans) or bool(cue.words)))
    lines = fixed.text.lines()
    dropped = False
    for line in lines:
        dropped |= drop_sound_tags(line)
    if dropped:
        fixed.said(SOUND_TAG_REASON)
        fixed.text = _Tracked.join([ln for ln in lines if ln.text], "\n")
    return fixed


def _moved_words(cue: Cue, fixed: _Fixed) -> tuple[tuple[Word, ...], int]:
    """The cue's words with their text as the fixes left it (each word's piece of the cue's
    text moved through them), and how many of the words found in the text have none left.  The
    writers find a word by its text in the cue's (``formats.words.word_cuts``): a word still
    reading ``&amp;``, or with its zero-width space, was left out of ``--words`` output, its time
    given to the word before.  A word not found in the text as read stays as it was.

    >>> ws = (Word(0, 300, "a"), Word(300, 600, "&amp;"), Word(600, 900, "b\u200bc"))
    >>> c = Cue(0, 900, ("a &amp; b\u200bc",), words=ws)
    >>> t = _Tracked(c.text, True); _ = decode_entities(t), remove_zero_width(t)
    >>> _moved_words(c, _Fixed(t))
    ((Word(start=0, end=300, text='a'), Word(start=300, end=600, text='&'), Word(start=600, end=900, text='bc')), 0)
    """
    text = cue.text
    found: dict[int, tuple[int, int]] = {}  # each word found in the text as read, where
    pos = 0
    for i, w in enumerate(cue.words):
        k = text.find(w.text, pos) if w.text else -1
        if k >= 0:
            found[i] = (k, k + len(w.text))
            pos = k + len(w.text)
    new_text = fixed.text.text
    if fixed.text.orig is not None and not fixed.spans_lost:
        moved = dict(zip(found, fixed.text.map_ranges(list(found.values())), strict=True))
    else:  # (NFC not taken a piece at a time: each word fixed alone, found again in order)
        moved, pos = {}, 0
        for i in found:
            alone = _Tracked(cue.words[i].text)
            for fix, _ in TEXT_FIXES:
                fix(alone)
            piece = alone.text.strip()
            k = new_text.find(piece, pos) if piece else -1
            if k >= 0:
                moved[i] = (k, k + len(piece))
                pos = k + len(piece)
    out: list[Word] = []
    lost = 0
    for i, w in enumerate(cue.words):
        if i not in found:
            out.append(w)
            continue
        at = moved.get(i)
        piece = new_text[at[0] : at[1]].strip() if at is not None else ""
        if piece:
            out.append(w if piece == w.text else Word(w.start, w.end, piece))
        else:
            lost += 1
    return tuple(out), lost


def _rewritten(cue: Cue, fixed: _Fixed, report: Report) -> Cue | None:
    """``cue`` with the fixed text (``cue`` itself when nothing changed; None when nothing is left), reported."""
    new_text = fixed.text.text
    reasons = fixed.reasons
    if not new_text.strip():
        why = "only sound tags" if SOUND_TAG_REASON in reasons else "empty after normalisation"
        report.add(STEP, "dropped", why, cue.source_line, cue.text)
        return None
    if new_text == cue.text and fixed.anchor is None:
        return cue
    spans: tuple[Span, ...] = ()
    if cue.spans:
        if fixed.spans_lost:
            reasons.append("formatting dropped")
        else:
            spans = fixed.text.map_spans(cue.spans)
    new = cue.replace(lines=tuple(new_text.split("\n")), spans=spans)
    if cue.words and new_text != cue.text:
        words, lost = _moved_words(cue, fixed)
        new = new.replace(words=words)
        if lost:
            why = "Unicode NFC lost their places in the text" if fixed.spans_lost else "their text removed"
            reasons.append(f"word times of {lost} word(s) dropped ({why})")
    if fixed.anchor is not None and cue.start is None:
        new = new.replace(start=fixed.anchor, origin="anchor")
        reasons.append("timestamp kept as anchor")
    if new_text != cue.text or new != cue:
        report.add(STEP, "rewritten", ", ".join(reasons), cue.source_line, cue.text)
    return new

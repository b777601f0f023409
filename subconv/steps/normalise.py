"""Pipeline step ``normalise``: clean the text of page cues; leave timed files alone.

Pages (``ctx.is_page``): HTML entities decoded, zero-width and control characters
removed, Unicode NFC, whitespace collapsed and stripped per line, empty lines removed,
leftover bullets and leading bracketed stamps (``[00:12]``, ``(1:02:03)``) stripped.
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

from ..model import Cue, Span, Track
from ..pipeline import Context
from ..report import Report
from ..timefmt import stamp_ms

STEP = "normalise"

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_SPACE_LIKE = frozenset("\t\r\v\f\x1c\x1d\x1e\x1f\x85\u2028\u2029")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_WS = re.compile(r"\s+")
# ("- " and "– " are not bullets here: on a caption page they are dialogue dashes, and stay)
_BULLET = re.compile(r"^(?:[•●▪·◦‣]\s*|\*\s+)+")
# [00:12]  (1:02:03)  \[00:12\]  [00:00:12.500]
_BRACKET_STAMP = re.compile(r"^(?:\\?\[|\()(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?(?:\\?\]|\))(?:\s+|$)")
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
    """``str.translate`` table: zero-width and control characters removed, odd spaces made spaces."""
    table: dict[int, str | None] = {}
    for cp in range(0xA0):  # every Cc character is below U+00A0
        if unicodedata.category(chr(cp)) == "Cc" and cp != 0x0A:
            table[cp] = None
    for ch in _ZERO_WIDTH:
        table[ord(ch)] = None
    for ch in _SPACE_LIKE:
        table[ord(ch)] = " "
    return table


_CONTROL_TABLE = _control_table()
_HAS_ZERO_WIDTH = re.compile("[" + "".join(sorted(_ZERO_WIDTH)) + "]")
_HAS_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")  # category Cc, except the newline


# Anything normalise could change on a page cue (without sound-tag dropping): an entity,
# a control / zero-width / odd space character, whitespace to collapse or strip, an empty
# line, or a line starting with a bullet or a possible stamp.  Text without a match (and in
# NFC) comes out unchanged, so the cue is kept as it is without further work.
_MAYBE_DIRTY = re.compile(
    r"&|[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff]|[^\S \n]"
    r"|(?m:^[ \n•●▪·◦‣*\-–\\\[(\d]| $| {2})|\n\Z"
)


def _is_clean(text: str) -> bool:
    """True when page normalisation cannot change ``text`` (a cheap, conservative test).

    >>> _is_clean("Hello there."), _is_clean("  Hello"), _is_clean("[00:12] Hi"), _is_clean("a &amp; b")
    (True, False, False, False)
    """
    return bool(text) and _MAYBE_DIRTY.search(text) is None and unicodedata.is_normalized("NFC", text)


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

    def remove_controls(self) -> None:
        """Remove zero-width and control characters; tabs and other odd spaces become spaces."""
        old = self.orig
        if old is None:
            self.text = self.text.translate(_CONTROL_TABLE)
            return
        chars: list[str] = []
        orig: list[int] = []
        for c, o in zip(self.text, old, strict=True):
            new = _CONTROL_TABLE.get(ord(c), c)
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

    def map_spans(self, spans: tuple[Span, ...]) -> tuple[Span, ...]:
        """Re-index ``spans`` (over the original text) onto the current text; empty ones vanish."""
        if self.orig is None:
            raise ValueError("map_spans needs a tracked text")
        out: list[Span] = []
        for s in spans:
            idx = [j for j, o in enumerate(self.orig) if s.start <= o < s.end]
            if idx:
                out.append(Span(idx[0], idx[-1] + 1, s.kind))
        return tuple(out)


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


def _drop_sound_tags(line: _Tracked) -> bool:
    changed = line.sub(_SQUARE_TAG, lambda m: "" if is_sound_tag(m.group(1), True) else None)
    changed |= line.sub(_PAREN_TAG, lambda m: "" if is_sound_tag(m.group(1), False) else None)
    if _NOTES_ONLY.match(line.text) and line.text:
        line._set("", [] if line.orig is not None else None)
        changed = True
    if changed:
        _strip_line(line)
    return changed


def _clean_page_text(cue: Cue, drop_tags: bool) -> tuple[_Tracked, list[str], int | None, bool]:
    """Clean a page cue's text: (tracked text, reasons, anchor ms from a stamp, spans lost)."""
    from html import unescape  # (here: a timed file's conversion never needs it)

    t = _Tracked(cue.text, bool(cue.spans))
    reasons: list[str] = []
    spans_lost = False
    for _ in range(4):  # double-escaped entities (&amp;amp;) decode to a fixed point
        if not t.sub(_ENTITY, lambda m: unescape(m.group())):
            break
        if "decoded HTML entities" not in reasons:
            reasons.append("decoded HTML entities")
    text = t.text
    if not text.isascii() and _HAS_ZERO_WIDTH.search(text):
        reasons.append("removed zero-width characters")
    if _HAS_CONTROL.search(text):
        reasons.append("removed control characters")
    t.remove_controls()
    text = t.text
    if not unicodedata.is_normalized("NFC", text):
        t = _Tracked(unicodedata.normalize("NFC", text))
        reasons.append("Unicode NFC")
        spans_lost = True
    anchor: int | None = None
    kept: list[_Tracked] = []
    ws = bullets = stamps = tags = False
    for i, line in enumerate(t.lines()):
        ws |= _strip_line(line)
        for _ in range(3):
            step = False
            if line.sub(_BULLET, lambda m: ""):
                bullets = step = True
            m = _BRACKET_STAMP.match(line.text) or _BARE_STAMP.match(line.text)
            if m is None:
                m2 = _LINE_STAMP.match(line.text)
                if m2 is not None:
                    m = m2
            if m is not None:
                if i == 0 and not kept and anchor is None:
                    g = m.groups()
                    anchor = stamp_ms(g[0], g[1], g[2], g[3])
                s = line.slice(m.end(), len(line.text))
                line._set(s.text, s.orig)
                stamps = step = True
            if drop_tags and _drop_sound_tags(line):
                tags = step = True
            if step:
                _strip_line(line)
            else:
                break
        if line.text:
            kept.append(line)
        else:
            ws = True
    if ws:
        reasons.append("collapsed whitespace")
    if bullets:
        reasons.append("removed bullet")
    if stamps:
        reasons.append("removed timestamp")
    if tags:
        reasons.append("dropped sound tags")
    out = _Tracked.join(kept, "\n")
    if not out.text.isascii() and not unicodedata.is_normalized("NFC", out.text):
        # a removal joined a letter and a combining mark ("a[Music]\u0301" -> "a\u0301")
        out = _Tracked(unicodedata.normalize("NFC", out.text))
        if "Unicode NFC" not in reasons:
            reasons.append("Unicode NFC")
        spans_lost = True
    return out, reasons, anchor, spans_lost


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
    drop_tags = ctx.options.drop_sound_tags
    if not ctx.is_page and not drop_tags:
        return track
    out: list[Cue] = []
    changed_any = False
    page_fast = ctx.is_page and not drop_tags
    for cue in track.cues:
        if page_fast and _is_clean(cue.text):
            out.append(cue)
            continue
        if ctx.is_page:
            t, reasons, anchor, spans_lost = _clean_page_text(cue, drop_tags)
        else:
            t, reasons, anchor, spans_lost = _Tracked(cue.text, bool(cue.spans)), [], None, False
        if drop_tags and not ctx.is_page:
            lines = t.lines()
            dropped_tag = False
            for line in lines:
                dropped_tag |= _drop_sound_tags(line)
            if dropped_tag:
                reasons.append("dropped sound tags")
                t = _Tracked.join([ln for ln in lines if ln.text], "\n")
        new_text = t.text
        if not new_text.strip():
            why = "only sound tags" if "dropped sound tags" in reasons else "empty after normalisation"
            report.add(STEP, "dropped", why, cue.source_line, cue.text)
            changed_any = True
            continue
        if new_text == cue.text and anchor is None:
            out.append(cue)
            continue
        changed_any = True
        spans: tuple[Span, ...] = ()
        if cue.spans:
            if spans_lost:
                reasons.append("formatting dropped")
            else:
                spans = t.map_spans(cue.spans)
        new = cue.replace(lines=tuple(new_text.split("\n")), spans=spans)
        if anchor is not None and cue.start is None:
            new = new.replace(start=anchor, extras=cue.extras.set("timing", "anchor"))
            reasons.append("timestamp kept as anchor")
        if new_text != cue.text or new != cue:
            report.add(STEP, "rewritten", ", ".join(reasons), cue.source_line, cue.text)
        out.append(new)
    return track.with_cues(out) if changed_any else track

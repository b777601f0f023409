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

import html
import re
import unicodedata
from collections.abc import Callable

from ..model import Cue, Span, Track
from ..pipeline import Context
from ..report import Report

STEP = "normalise"

_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")
_SPACE_LIKE = frozenset("\t\r\v\f\x1c\x1d\x1e\x1f\x85\u2028\u2029")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_WS = re.compile(r"\s+")
_BULLET = re.compile(r"^(?:[•●▪·◦‣]\s*|[*\-–]\s+)+")
# [00:12]  (1:02:03)  \[00:12\]  [00:00:12.500]
_BRACKET_STAMP = re.compile(
    r"^(?:\\?\[|\()(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?(?:\\?\]|\))(?:\s+|$)"
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
        "applause", "applauding", "laughter", "laughs", "laughing", "laugh", "chuckles", "chuckling",
        "giggles", "sighs", "sighing", "music", "cheering", "cheers", "clapping", "coughs", "coughing",
        "inaudible", "crosstalk", "silence", "indistinct", "groans", "gasps", "screams", "screaming",
        "sniffles", "crying", "sobbing", "whispers", "whispering", "mumbles", "murmuring", "static",
        "beep", "beeping", "ringing", "rings", "footsteps", "knocking", "door", "thunder", "explosion",
        "gunshot", "gunshots", "sound", "sounds", "noise", "upbeat", "dramatic", "soft", "tense",
        "suspenseful",
    )
)


class _Tracked:
    """Text plus, for each character, the index in the original text it came from."""

    __slots__ = ("chars", "orig")

    def __init__(self, text: str) -> None:
        self.chars: list[str] = list(text)
        self.orig: list[int] = list(range(len(text)))

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def sub(self, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str | None]) -> bool:
        """Replace matches of ``pattern`` (``repl`` returning None keeps the match); True if changed."""
        text = self.text
        chars: list[str] = []
        orig: list[int] = []
        pos = 0
        changed = False
        for m in pattern.finditer(text):
            new = repl(m)
            if new is None or new == m.group():
                continue
            chars.extend(self.chars[pos : m.start()])
            orig.extend(self.orig[pos : m.start()])
            anchor = self.orig[m.start()] if m.start() < len(self.orig) else len(self.orig)
            chars.extend(new)
            orig.extend([anchor] * len(new))
            pos = m.end()
            changed = True
        if changed:
            chars.extend(self.chars[pos:])
            orig.extend(self.orig[pos:])
            self.chars, self.orig = chars, orig
        return changed

    def map_chars(self, fn: Callable[[str], str | None]) -> bool:
        """Replace each character by ``fn(ch)`` (one character, or None to delete); True if changed."""
        chars: list[str] = []
        orig: list[int] = []
        changed = False
        for c, o in zip(self.chars, self.orig, strict=True):
            new = fn(c)
            if new != c:
                changed = True
            if new is not None:
                chars.append(new)
                orig.append(o)
        if changed:
            self.chars, self.orig = chars, orig
        return changed

    def slice(self, start: int, end: int) -> _Tracked:
        out = _Tracked("")
        out.chars, out.orig = self.chars[start:end], self.orig[start:end]
        return out

    @staticmethod
    def join(parts: list[_Tracked], sep: str) -> _Tracked:
        out = _Tracked("")
        for i, p in enumerate(parts):
            if i:
                anchor = p.orig[0] if p.orig else (out.orig[-1] if out.orig else 0)
                out.chars.extend(sep)
                out.orig.extend([anchor] * len(sep))
            out.chars.extend(p.chars)
            out.orig.extend(p.orig)
        return out

    def lines(self) -> list[_Tracked]:
        out: list[_Tracked] = []
        start = 0
        for i, c in enumerate(self.chars):
            if c == "\n":
                out.append(self.slice(start, i))
                start = i + 1
        out.append(self.slice(start, len(self.chars)))
        return out

    def map_spans(self, spans: tuple[Span, ...]) -> tuple[Span, ...]:
        """Re-index ``spans`` (over the original text) onto the current text; empty ones vanish."""
        out: list[Span] = []
        for s in spans:
            idx = [j for j, o in enumerate(self.orig) if s.start <= o < s.end]
            if idx:
                out.append(Span(idx[0], idx[-1] + 1, s.kind))
        return tuple(out)


def _strip_line(t: _Tracked) -> bool:
    changed = t.sub(_WS, lambda m: " " if m.group() != " " else None)
    text = t.text
    left = len(text) - len(text.lstrip())
    right = len(text.rstrip())
    if left or right < len(text):
        s = t.slice(left, right)
        t.chars, t.orig = s.chars, s.orig
        changed = True
    return changed


def _stamp_ms(h: str | None, m: str, s: str, frac: str | None) -> int | None:
    mi, se = int(m), int(s)
    if se >= 60 or (h is not None and mi >= 60):
        return None
    ms = int((frac or "0").ljust(3, "0")[:3])
    return ((int(h or 0) * 60 + mi) * 60 + se) * 1000 + ms


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
    if _NOTES_ONLY.match(line.text) and line.chars:
        line.chars, line.orig = [], []
        changed = True
    if changed:
        _strip_line(line)
    return changed


def _control(ch: str) -> str | None:
    if ch == "\n":
        return ch
    if ch in _ZERO_WIDTH:
        return None
    if ch in _SPACE_LIKE:
        return " "
    if unicodedata.category(ch) == "Cc":
        return None
    return ch


def _clean_page_text(cue: Cue, drop_tags: bool) -> tuple[_Tracked, list[str], int | None, bool]:
    """Clean a page cue's text: (tracked text, reasons, anchor ms from a stamp, spans lost)."""
    t = _Tracked(cue.text)
    reasons: list[str] = []
    spans_lost = False
    for _ in range(4):  # double-escaped entities (&amp;amp;) decode to a fixed point
        if not t.sub(_ENTITY, lambda m: html.unescape(m.group())):
            break
        if "decoded HTML entities" not in reasons:
            reasons.append("decoded HTML entities")
    text = t.text
    if any(c in _ZERO_WIDTH for c in text):
        reasons.append("removed zero-width characters")
    if any(c != "\n" and c not in _ZERO_WIDTH and unicodedata.category(c) == "Cc" for c in text):
        reasons.append("removed control characters")
    t.map_chars(_control)
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
                    anchor = _stamp_ms(g[0], g[1], g[2], g[3])
                s = line.slice(m.end(), len(line.chars))
                line.chars, line.orig = s.chars, s.orig
                stamps = step = True
            if drop_tags and _drop_sound_tags(line):
                tags = step = True
            if step:
                _strip_line(line)
            else:
                break
        if line.chars:
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
    return _Tracked.join(kept, "\n"), reasons, anchor, spans_lost


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
    for cue in track.cues:
        if ctx.is_page:
            t, reasons, anchor, spans_lost = _clean_page_text(cue, drop_tags)
        else:
            t, reasons, anchor, spans_lost = _Tracked(cue.text), [], None, False
        if drop_tags and not ctx.is_page:
            lines = t.lines()
            dropped_tag = False
            for line in lines:
                dropped_tag |= _drop_sound_tags(line)
            if dropped_tag:
                reasons.append("dropped sound tags")
                t = _Tracked.join([ln for ln in lines if ln.chars], "\n")
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

"""WebVTT cue payload markup: the spec's cue text parsing rules, into the model (plain lines,
``<i>``/``<b>``/``<u>`` spans, the first voice as the speaker), and whether the payload held
markup the model cannot hold (then kept as ``vtt.raw``)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from ...errors import ParseError
from ...model import Span, Word
from ...timefmt import parse_vtt
from ..escapes import unescape_vtt, vtt_unreferences
from .settings import WS_CHARS, WS_SPLIT

_TAG_RE = re.compile(r"<([^>]*)(?:>|$)")


@dataclass
class Payload:
    """A parsed cue payload: plain lines, spans, first voice, and whether it was lossy."""

    lines: tuple[str, ...]
    spans: tuple[Span, ...]
    speaker: str | None
    lossy: bool  # the payload held markup the model cannot express (kept as ``vtt.raw``)
    unknown_tags: tuple[str, ...] = ()
    stamps: tuple[tuple[int, int], ...] = ()  # inline timestamps: (offset in the text, ms), in order


def words_of(p: Payload, start: int, end: int) -> tuple[Word, ...]:
    """The words a payload's inline timestamps time (``Cue.words``): the text before the first
    timestamp from ``start``, each stretch after one from its time, each to the next one's start
    (the last to ``end``); none unless the timestamps run forward inside ``(start, end)``, as the
    spec asks of them.

    >>> p = parse_payload("Never <00:00:01.500>drink <00:00:02.000>liquid nitrogen.")
    >>> [(w.start, w.end, w.text) for w in words_of(p, 1000, 3000)]
    [(1000, 1500, 'Never'), (1500, 2000, 'drink'), (2000, 3000, 'liquid nitrogen.')]
    """
    times = [ms for _, ms in p.stamps]
    if not times or not start < times[0] or times[-1] >= end or any(b <= a for a, b in itertools.pairwise(times)):
        return ()
    text = "\n".join(p.lines)
    cuts = [(0, start), *p.stamps, (len(text), end)]
    words = [
        Word(t, cuts[k + 1][1], text[off : cuts[k + 1][0]].strip())
        for k, (off, t) in enumerate(cuts[:-1])
        if text[off : cuts[k + 1][0]].strip()
    ]
    return tuple(Word(w.start, words[k + 1].start if k + 1 < len(words) else end, w.text) for k, w in enumerate(words))


SPAN_KINDS = ("i", "b", "u")

_KNOWN_TAGS = frozenset(("c", "i", "b", "u", "ruby", "rt", "v", "lang"))


def open_key(s: Span) -> tuple[int, int, str]:
    """Writer order: at one offset the longer span opens first (so it encloses)."""
    return (s.start, -s.end, s.kind)


def canonical_spans(spans: list[Span] | tuple[Span, ...]) -> tuple[Span, ...]:
    """Drop empty spans, merge overlapping or touching spans of one kind, sort by (start, end, kind).

    >>> canonical_spans([Span(3, 5, "i"), Span(0, 3, "i"), Span(1, 1, "b")])
    (Span(start=0, end=5, kind='i'),)
    """
    if len(spans) < 2:
        return tuple(s for s in spans if s.end > s.start)
    out: list[Span] = []
    for kind in SPAN_KINDS:
        same = sorted((s for s in spans if s.kind == kind and s.end > s.start), key=lambda s: s.start)
        cur: Span | None = None
        for s in same:
            if cur is not None and s.start <= cur.end:
                if s.end > cur.end:
                    cur = Span(cur.start, s.end, cur.kind)
            else:
                if cur is not None:
                    out.append(cur)
                cur = s
        if cur is not None:
            out.append(cur)
    out.sort(key=lambda s: (s.start, s.end, s.kind))
    return tuple(out)


def parse_payload(payload: str) -> Payload:
    """Parse cue text per the WebVTT cue text parsing rules into the model.

    ``<i>``/``<b>``/``<u>`` become spans, the first ``<v>`` the speaker; ``<c>``,
    ``<lang>``, ``<ruby>`` are reduced to their text (``<rt>`` in parentheses),
    timestamp tags are removed, character references decoded.  In the text
    between tags, a run of *k* U+2060 is read as *k // 2* (the writer's escape;
    a reference such as ``&#8288;`` is decoded after that, so it stays one U+2060).

    >>> p = parse_payload("<v Ann>Hi <i>there</i> &amp; you")
    >>> p.lines, p.spans, p.speaker, p.lossy
    (('Hi there & you',), (Span(start=3, end=8, kind='i'),), 'Ann', False)
    >>> parse_payload("a<00:00:01.000><c> b</c>").lines
    ('a b',)
    >>> parse_payload("\\u2060\\n\\u2060\\u2060&#8288;\\n1:\\u20602").lines
    ('', '\\u2060\\u2060', '1:2')
    """
    if "<" not in payload:
        return Payload(tuple(unescape_vtt(payload).split("\n")), (), None, False)
    state = _Parse()
    pos = 0
    for m in _TAG_RE.finditer(payload):
        if m.start() > pos:
            state.text(unescape_vtt(payload[pos : m.start()]))
        pos = m.end()
        content = m.group(1)
        if not content:
            state.lossy = True
        elif content[0] == "/":
            state.end_tag(content[1:], pos < len(payload))
        elif content[0].isascii() and content[0].isdigit():
            state.lossy = True  # timestamp tag (word timing): kept in vtt.raw, and as the cue's words
            state.stamp(content)
        else:
            state.start_tag(content)
    if pos < len(payload):
        state.text(unescape_vtt(payload[pos:]))
    return state.payload()


class _Parse:
    """The cue text parsing rules' state: the text so far, the tags open, the spans closed,
    the first voice, and whether something the model cannot hold was met."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.length = 0
        self.stack: list[tuple[str, int]] = []  # (tag name, start offset)
        self.spans: list[Span] = []
        self.speaker: str | None = None
        self.voices = 0
        self.lossy = False
        self.unknown: list[str] = []
        self.first_token = True
        self.stamps: list[tuple[int, int]] = []

    def stamp(self, content: str) -> None:
        """A timestamp tag: where the text after it starts to be said (an unreadable one is ignored)."""
        try:
            ms = parse_vtt(content)
        except ParseError:  # (thousands of digits: no time at all)
            return
        if ms is not None:
            self.stamps.append((self.length, ms))

    def text(self, chunk: str) -> None:
        """Text between tags (references and escapes decoded)."""
        self.out.append(chunk)
        self.length += len(chunk)
        self.first_token = False

    def end_tag(self, name: str, before_end: bool) -> None:
        """``</name>``; ``before_end``: more of the payload follows it."""
        stack = self.stack
        if stack and stack[-1][0] == name:
            tag, start = stack.pop()
            if tag in SPAN_KINDS:
                self.spans.append(Span(start, self.length, tag))  # type: ignore[arg-type]
            elif tag == "rt":
                self.text_mark(")")
            if tag == "v" and before_end:
                self.lossy = True  # voice closed before the end of the cue
        elif name == "ruby" and len(stack) >= 2 and stack[-1][0] == "rt":
            stack.pop()
            stack.pop()
            self.text_mark(")")
        else:
            self.lossy = True

    def text_mark(self, mark: str) -> None:
        """A character the model's text shows for markup (the parentheses around ``<rt>``)."""
        self.out.append(mark)
        self.length += len(mark)

    def start_tag(self, content: str) -> None:
        """A start tag: name, classes after ".", annotation after whitespace."""
        cut = len(content)
        for i, ch in enumerate(content):
            if ch in WS_CHARS:
                cut = i
                break
        tag_and_classes, annotation = content[:cut], content[cut:]
        name = tag_and_classes.split(".", 1)[0]
        if name not in _KNOWN_TAGS or (name == "rt" and not (self.stack and self.stack[-1][0] == "ruby")):
            self.lossy = True
            self.unknown.append("<" + content + ">")
            return
        if name == "v":
            self.voice(tag_and_classes, annotation)
        elif name in SPAN_KINDS:
            if tag_and_classes != name or annotation:
                self.lossy = True
        else:
            self.lossy = True
            if name == "rt":
                self.text_mark("(")
        self.stack.append((name, self.length))
        self.first_token = False

    def voice(self, tag_and_classes: str, annotation: str) -> None:
        """``<v name>``: the first, at the start of the payload, is the speaker; any other is lossy."""
        self.voices += 1
        if self.voices == 1 and self.first_token:
            ann = " ".join(WS_SPLIT.split(annotation)).strip(" ")
            self.speaker = vtt_unreferences(ann) or None
            if "." in tag_and_classes:
                self.lossy = True
        else:
            self.lossy = True

    def payload(self) -> Payload:
        """The payload read, the tags left open ending with the cue."""
        for tag, start in reversed(self.stack):
            if tag in SPAN_KINDS:
                self.spans.append(Span(start, self.length, tag))  # type: ignore[arg-type]
            elif tag == "rt":
                self.text_mark(")")
        text = "".join(self.out)
        return Payload(
            tuple(text.split("\n")),
            canonical_spans(self.spans),
            self.speaker,
            self.lossy,
            tuple(self.unknown),
            tuple(self.stamps),
        )


def lost_markup(payload: str) -> tuple[str, ...]:
    """What of the payload's markup the model cannot hold (so no other format gets it), named
    for a report: inline timestamps, classes, ruby, language spans, voices past the first.
    (Unknown tags are reported by the reader.)

    >>> lost_markup("<v A>Karaoke <00:00:02.500>word <c.yellow>by</c> <ruby>漢<rt>kan</rt></ruby>")
    ('inline timestamps (karaoke)', 'classes (<c.yellow>)', 'ruby (its reading put in parentheses)')
    """
    found: dict[str, None] = {}
    classes: list[str] = []
    voices = 0
    for m in _TAG_RE.finditer(payload):
        content = m.group(1)
        if not content or content[0] == "/":
            continue
        if content[0].isascii() and content[0].isdigit():
            found["inline timestamps (karaoke)"] = None
            continue
        name_classes = WS_SPLIT.split(content, maxsplit=1)[0]
        name = name_classes.split(".", 1)[0]
        if name == "v":
            voices += 1
            if voices == 2:
                found["voices after the first"] = None
        elif name in ("ruby", "rt"):
            found["ruby (its reading put in parentheses)"] = None
        elif name == "lang":
            found["language spans (<lang>)"] = None
        if name in _KNOWN_TAGS and name != "v" and "." in name_classes:  # (a bare <c> means nothing)
            classes.append(f"<{name_classes}>")
            found["classes"] = None
    if "classes" in found:
        found = {(f"classes ({', '.join(dict.fromkeys(classes))})" if k == "classes" else k): None for k in found}
    return tuple(found)

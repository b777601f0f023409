"""WebVTT cue payload markup: the spec's cue text parsing rules, into the model (plain lines,
``<i>``/``<b>``/``<u>`` spans, the first voice as the speaker), and whether the payload held
markup the model cannot hold (then kept as ``vtt.raw``)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model import Span
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
    out: list[str] = []
    length = 0
    stack: list[tuple[str, int]] = []  # (tag name, start offset)
    spans: list[Span] = []
    speaker: str | None = None
    voices = 0
    lossy = False
    unknown: list[str] = []
    pos = 0
    first_token = True
    for m in _TAG_RE.finditer(payload):
        if m.start() > pos:
            chunk = unescape_vtt(payload[pos : m.start()])
            out.append(chunk)
            length += len(chunk)
            first_token = False
        pos = m.end()
        content = m.group(1)
        if not content:
            lossy = True
            continue
        head = content[0]
        if head == "/":
            name = content[1:]
            if stack and stack[-1][0] == name:
                tag, start = stack.pop()
                if tag in SPAN_KINDS:
                    spans.append(Span(start, length, tag))  # type: ignore[arg-type]
                elif tag == "rt":
                    out.append(")")
                    length += 1
                if tag == "v" and pos < len(payload):
                    lossy = True  # voice closed before the end of the cue
            elif name == "ruby" and len(stack) >= 2 and stack[-1][0] == "rt":
                stack.pop()
                stack.pop()
                out.append(")")
                length += 1
            else:
                lossy = True
            continue
        if head.isascii() and head.isdigit():
            lossy = True  # timestamp tag (word timing): kept only in vtt.raw
            continue
        # start tag: name, classes after ".", annotation after whitespace
        cut = len(content)
        for i, ch in enumerate(content):
            if ch in WS_CHARS:
                cut = i
                break
        tag_and_classes, annotation = content[:cut], content[cut:]
        name = tag_and_classes.split(".", 1)[0]
        if name not in _KNOWN_TAGS or (name == "rt" and not (stack and stack[-1][0] == "ruby")):
            lossy = True
            unknown.append("<" + content + ">")
            continue
        if name == "v":
            voices += 1
            if voices == 1 and first_token:
                ann = " ".join(WS_SPLIT.split(annotation)).strip(" ")
                ann = vtt_unreferences(ann)
                speaker = ann or None
                if "." in tag_and_classes:
                    lossy = True
            else:
                lossy = True
        elif name in SPAN_KINDS:
            if tag_and_classes != name or annotation:
                lossy = True
        else:
            lossy = True
            if name == "rt":
                out.append("(")
                length += 1
        stack.append((name, length))
        first_token = False
    if pos < len(payload):
        chunk = unescape_vtt(payload[pos:])
        out.append(chunk)
        length += len(chunk)
    for tag, start in reversed(stack):  # tags left open end with the cue
        if tag in SPAN_KINDS:
            spans.append(Span(start, length, tag))  # type: ignore[arg-type]
        elif tag == "rt":
            out.append(")")
            length += 1
    text = "".join(out)
    return Payload(tuple(text.split("\n")), canonical_spans(spans), speaker, lossy, tuple(unknown))

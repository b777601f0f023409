"""HTML caption pages and YouTube timed-text XML.

HTML is read with the standard library's :class:`html.parser.HTMLParser` (a
real tokenizer; entities are decoded by it).  The reader keeps an explicit
element stack, never recursing, so deeply nested or huge pages cost linear
time.  Text is collected into *blocks* (the text of one block-level element);
the transcript is the group of blocks that share a structural signature and is
the most numerous (blocks carrying time attributes win).  A transcript held in
one element (its lines split by ``<br>``, or a ``<pre>``), or in a group whose
blocks each show many lines or stamps of their own, is read as its lines make a
text page (:func:`subconv.pages.text.read_lines`).  Everything else is reported
as page chrome.
"""

from __future__ import annotations

import html as _html
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

from ..errors import ParseError
from ..model import Cue, Track, Word
from ..report import Action, Report
from ..text.width import is_wide
from .stamps import integers_are_ms, parse_time_value, stamp_lead, stamp_only
from .text import classify, front_matter_duration, head_reasons, read_lines, speakers_of, split_speaker
from .units import (
    PAGE_DURATION,
    STEP,
    Unit,
    caption_lines,
    rolling_ends,
    segment_words,
    units_to_track,
    with_duration,
)

BLOCK_TAGS = frozenset(
    (
        "address",
        "article",
        "blockquote",
        "body",
        "caption",
        "center",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "html",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    )
)
SKIP_TAGS = frozenset(
    (
        "script",
        "style",
        "nav",
        "header",
        "footer",
        "aside",
        "noscript",
        "template",
        "form",
        "svg",
        "button",
        "select",
        "iframe",
        "canvas",
        "head",
        "math",
        "object",
    )
)
VOID_TAGS = frozenset(
    (
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    )
)
TIME_ATTRS = ("data-start", "data-time", "data-timestamp", "data-begin", "data-start-time", "data-starttime", "data-m")
#: time attributes always in milliseconds: Hyperaudio's interactive transcripts (``<span data-m="3900"
#: data-d="520">What</span>``, a word each), whose one value alone would otherwise read as seconds;
#: each such element is a word with its own time (``Cue.words``), lasting its :data:`MS_LENGTH` in ms
MS_ATTRS = frozenset({"data-m"})
MS_LENGTH = "data-d"

MIN_WORDS_PER_BLOCK = 3
#: elements whose text keeps its line breaks (and a ``style`` whose ``white-space`` does so)
PRE_TAGS = frozenset(("pre", "textarea", "listing", "plaintext", "xmp"))
_PRE_STYLE = re.compile(r"white-space\s*:\s*(?:pre|break-spaces)", re.IGNORECASE)

_HTML_HEAD = re.compile(
    r"<!doctype\s+html|<html[\s>]|<(?:body|div|p|pre|span|article|section|li|table|br)[\s/>]", re.IGNORECASE
)
_TIMEDTEXT = re.compile(r"<(?:transcript|timedtext)[\s>]")
_STRAY_LT = re.compile(r"<(?![A-Za-z/!?])")
_OPEN_NO_CLOSE = re.compile(r"<(?=[A-Za-z/!?])([^<>]*)(?=<|\Z)")
_INLINE_TAG = re.compile(r"</?[A-Za-z][^<>]{0,200}>")
_WS = re.compile(r"[ \t\n\r\f\v]+")


def prepare(text: str) -> str:
    r"""Make ``text`` safe for :class:`HTMLParser` in linear time, keeping line numbers.

    Comments are blanked (their newlines kept; an unterminated comment runs to the
    end, as in browsers), and a ``<`` that opens a tag never closed before the next
    ``<`` becomes ``&lt;`` (the stdlib tokenizer is super-linear on such input).

    >>> prepare("a<!-- x\ny -->b <i <b>c</b>")
    'a\nb &lt;i <b>c</b>'
    """
    out: list[str] = []
    pos = 0
    while True:
        k = text.find("<!--", pos)
        if k < 0:
            out.append(text[pos:])
            break
        out.append(text[pos:k])
        end = text.find("-->", k + 4)
        stop = len(text) if end < 0 else end + 3
        out.append("\n" * text.count("\n", k, stop))
        pos = stop
    text = _OPEN_NO_CLOSE.sub(lambda m: "&lt;" + m.group(1), "".join(out))
    return _STRAY_LT.sub("&lt;", text)


def is_html(text: str) -> bool:
    """True for an HTML document or fragment (a doctype, ``<html``, or text starting with block tags).

    >>> is_html("<!DOCTYPE html><p>x"), is_html("<div><p>hi</p></div>"), is_html("Hello <b>world</b>")
    (True, True, False)
    """
    head = text[:4096].lstrip()
    if not head.startswith("<"):
        return False
    return _HTML_HEAD.search(head) is not None


def is_timedtext(text: str) -> bool:
    """True for YouTube timed-text XML (srv1 ``<transcript>`` or srv3 ``<timedtext>``).

    >>> is_timedtext('<?xml version="1.0"?><transcript><text start="1">x</text></transcript>')
    True
    """
    head = text[:2048].lstrip()
    return head.startswith("<") and _TIMEDTEXT.search(head) is not None


@dataclass
class _El:
    tag: str
    uid: int
    skip: bool
    path: tuple[str, ...]
    scope: str  # class/id of the nearest ancestor that has one (the grouping scope)
    block_sig: tuple[object, ...]  # grouping signature of the nearest block element (self when a block)
    time_raw: str | None
    time_uid: int
    ancestors: tuple[int, ...]  # uids of up to three ancestors
    attrs_marker: str = ""  # ".firstclass" or "#id-without-digits" of this element
    pre: bool = False  # its text keeps its line breaks (``<pre>``, ``white-space: pre``)


@dataclass
class _Block:
    line: int
    text: str
    sig: tuple[object, ...]
    time_raw: str | None
    time_uid: int
    stamp: int | None = None  # a visible stamp in its own element at the block's start
    words: tuple[Word, ...] = ()  # its words' own times (Hyperaudio's ``data-m`` elements)
    #: its lines as shown, each with its source line, where ``<br>`` or preformatted text breaks
    #: it into two or more (a transcript held in one element: :func:`_element`)
    shown: tuple[tuple[int, str], ...] = ()


_IMPLIED_END: dict[str, tuple[str, ...]] = {
    "li": ("li",),
    "dt": ("dt", "dd"),
    "dd": ("dt", "dd"),
    "p": ("p",),
    "tr": ("tr", "td", "th"),
    "td": ("td", "th"),
    "th": ("td", "th"),
    "option": ("option",),
}
_DIGITS = re.compile(r"\d+")


def _attrs_marker(amap: dict[str, str | None]) -> str:
    """``.firstclass`` or ``#id`` (digits removed, so numbered ids of repeated blocks agree)."""
    cls = (amap.get("class") or "").split()
    if cls:
        return "." + cls[0]
    ident = amap.get("id")
    return "#" + _DIGITS.sub("", ident) if ident else ""


def _marker(tag: str, attrs_marker: str) -> str:
    return tag + attrs_marker


_SEP = "\x00"  # marks inline element boundaries inside a block's text
_BR = "\x01"  # marks a line break as shown (``<br>``, a newline of preformatted text)


class _Collector(HTMLParser):
    """Collects text blocks and skipped chrome, iteratively."""

    def __init__(self, report: Report) -> None:
        super().__init__(convert_charrefs=True)
        self.report = report
        root = _El("#root", 0, False, (), "", ("", "#root"), None, -1, ())
        self.stack: list[_El] = [root]
        self.open_count: Counter[str] = Counter()
        self.next_uid = 1
        self.blocks: list[_Block] = []
        self.buf: list[str] = []
        self.buf_at: list[int] = []  # the source line each piece of ``buf`` starts on
        self.buf_breaks = 0  # line breaks as shown in ``buf``
        self.buf_pre = False
        self.buf_line = 0
        self.buf_owner: tuple[object, ...] | None = None
        self.buf_time: tuple[str | None, int] = (None, -1)
        # the block's words with times of their own: each word element's uid, its (start, length)
        # in ms and its text; ``words_at``: those of the open word elements
        self.buf_words: dict[int, tuple[int, int | None, list[str]]] = {}
        self.words_at: dict[int, tuple[int, int | None]] = {}
        self.reported_skip: set[int] = set()
        self.skip_root: dict[int, tuple[str, int]] = {}
        self.title: str | None = None
        self.duration: tuple[int, int, str] | None = None  # (ms, line, the tag) the page's metadata gives

    # -- text blocks
    def flush(self) -> None:
        if self.buf_owner is not None:
            shown = _shown_lines(self.buf, self.buf_at, self.buf_pre) if self.buf_breaks else ()
            # (line breaks as shown only: a newline of the source, outside preformatted text, is a
            # space as a browser lays the text out; preformatted text's are ``_BR`` already)
            raw = "".join(self.buf)
            stamp: int | None = None
            parts = raw.split(_SEP)
            first = next((k for k, part in enumerate(parts) if part.strip()), None)
            if first is not None and len(parts) > first + 1 and _BR not in parts[first]:
                stamp = stamp_only(parts[first])  # a stamp in its own element: <span>0:03</span><span>text</span>
                if stamp is not None:
                    raw = "".join(parts[first + 1 :])
            raw = raw.replace(_SEP, "")
            text = "\n".join(_WS.sub(" ", part).strip() for part in raw.split(_BR))
            text = "\n".join(x for x in text.split("\n") if x)
            if text:
                words = _block_words(self.buf_words.values()) if self.buf_words else ()
                time_raw, time_uid = self.buf_time
                shown = shown if sum(1 for _, x in shown if x.strip()) >= 2 else ()
                self.blocks.append(_Block(self.buf_line, text, self.buf_owner, time_raw, time_uid, stamp, words, shown))
            elif stamp is not None:
                self.blocks.append(_Block(self.buf_line, parts[first or 0].strip(), self.buf_owner, None, -1, None))
        self.buf = []
        self.buf_at = []
        self.buf_breaks = 0
        self.buf_owner = None
        self.buf_time = (None, -1)
        self.buf_words = {}

    def _note_duration(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """The first ``<meta>`` that gives the media's length (:func:`meta_duration`), kept."""
        if tag == "meta" and self.duration is None:
            ms = meta_duration(dict(attrs))
            if ms is not None:
                self.duration = (ms, self.getpos()[0], self.get_starttag_text() or "<meta>")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        parent = self.stack[-1]
        self._note_duration(tag, attrs)
        if tag in VOID_TAGS:
            if not parent.skip:
                if tag == "br":
                    self._put(_BR)
                    self.buf_breaks += 1
                elif tag == "hr":
                    self.flush()
            return
        implied = _IMPLIED_END.get(tag, ())
        while len(self.stack) > 1 and (parent.tag in implied or (parent.tag == "p" and tag in BLOCK_TAGS)):
            self.handle_endtag(parent.tag)  # <li>a<li>b, <p>a<p>b, <p>a<div>: the open element ends
            parent = self.stack[-1]
        uid = self.next_uid
        self.next_uid += 1
        amap = dict(attrs)
        hidden = "hidden" in amap or (amap.get("aria-hidden") or "").lower() == "true"
        skip = parent.skip or tag in SKIP_TAGS or hidden
        if skip and not parent.skip:
            self.skip_root[uid] = (tag, self.getpos()[0])
        time_raw, time_uid = parent.time_raw, parent.time_uid
        for name in TIME_ATTRS:
            value = amap.get(name)
            if value:
                if name in MS_ATTRS and value.strip().isdigit():
                    length = (amap.get(MS_LENGTH) or "").strip()
                    self.words_at[uid] = (int(value), int(length) if length.isdigit() else None)
                    value = f"{int(value) / 1000:.3f}"  # (as seconds: a decimal point says so)
                time_raw, time_uid = value, uid
                break
        is_block = tag in BLOCK_TAGS
        if is_block and not skip:
            self.flush()
        elif not skip and self.buf_owner is not None:
            self._put(_SEP)
        ancestors = (parent.uid, *parent.ancestors)[:3]
        path = (*parent.path, tag)[-3:]
        scope = _marker(parent.tag, parent.attrs_marker) if parent.attrs_marker else parent.scope
        block_sig = (scope, *path) if is_block else parent.block_sig
        if skip:
            time_raw, time_uid = None, -1
        pre = parent.pre or tag in PRE_TAGS or _PRE_STYLE.search(amap.get("style") or "") is not None
        el = _El(tag, uid, skip, path, scope, block_sig, time_raw, time_uid, ancestors, _attrs_marker(amap), pre)
        self.stack.append(el)
        self.open_count[tag] += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID_TAGS:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self.open_count[tag] <= 0:
            return
        while len(self.stack) > 1:
            el = self.stack.pop()
            self.open_count[el.tag] -= 1
            self.words_at.pop(el.uid, None)
            if el.tag in BLOCK_TAGS and not el.skip:
                self.flush()
            elif not el.skip and self.buf_owner is not None:
                self._put(_SEP)
            if el.tag == tag:
                break

    def handle_data(self, data: str) -> None:
        top = self.stack[-1]
        if top.tag == "title" and self.title is None and data.strip():
            self.title = _WS.sub(" ", data).strip()
        if top.skip:
            root = next((u for u in (top.uid, *top.ancestors) if u in self.skip_root), None)
            if root is not None and root not in self.reported_skip and data.strip():
                self.reported_skip.add(root)
                tag, line = self.skip_root[root]
                self.report.add(STEP, "dropped", f"page chrome: <{tag}> content", line, _WS.sub(" ", data.strip())[:80])
            return
        if self.buf_owner is None:
            if not data.strip():
                return
            line, _ = self.getpos()
            self.buf_line = line + data[: len(data) - len(data.lstrip())].count("\n")
            self.buf_owner = top.block_sig
            self.buf_pre = top.pre
        if self.buf_time[0] is None and top.time_raw is not None and data.strip():
            self.buf_time = (top.time_raw, top.time_uid)
        if top.pre and "\n" in data:
            data = data.replace("\r\n", "\n").replace("\n", _BR)
            self.buf_breaks += 1
        self._put(data)
        word = self.words_at.get(top.time_uid)
        if word is not None:
            self.buf_words.setdefault(top.time_uid, (*word, []))[2].append(data)

    def _put(self, piece: str) -> None:
        self.buf.append(piece)
        self.buf_at.append(self.lineno)

    def close(self) -> None:
        super().close()
        self.flush()


def _shown_lines(pieces: list[str], at: list[int], pre: bool) -> tuple[tuple[int, str], ...]:
    r"""A block's lines as shown (split at ``<br>`` and at preformatted text's line breaks, blank
    ones kept), each with the source line of its first visible character: ``pieces`` of the
    block's text, each starting on its line of ``at``.  White space is collapsed as a browser
    does, except in preformatted text (which keeps its indentation); a stamp in its own element
    (``<span>0:03</span><span>text</span>``) is kept apart from the text after it.

    >>> _shown_lines(["0:00", _SEP, "Hi", _BR, "\n  0:04 Yo  ", _BR, _BR, "Bye"], [1, 1, 1, 1, 1, 2, 2, 3], False)
    ((1, '0:00 Hi'), (2, '0:04 Yo'), (2, ''), (3, 'Bye'))
    >>> _shown_lines(["\x01  \u2022 Hi\x01    there\x01"], [4], True)
    ((4, ''), (5, '  \u2022 Hi'), (6, '    there'), (7, ''))
    """
    found: list[tuple[int, str]] = []
    current: list[str] = []
    first: int | None = None  # the source line of the current line's first visible character
    line = at[0] if at else 0
    for piece, line in zip(pieces, at, strict=True):
        for k, part in enumerate(piece.split(_BR)):
            if k:  # a line break as shown: a <br> (no line break in the source) or a newline of <pre>
                found.append((line if first is None else first, "".join(current)))
                current, first = [], None
                line += piece != _BR
            if first is None and part.strip():
                first = line + part.count("\n", 0, len(part) - len(part.lstrip()))
            current.append(part)
            line += part.count("\n")
    found.append((line if first is None else first, "".join(current)))
    return tuple((n, _shown(text, pre)) for n, text in found)


def _shown(text: str, pre: bool) -> str:
    """One line of a block as shown: its inline elements' bounds gone (a stamp in its own element
    kept apart from the text after it), its white space collapsed unless preformatted."""
    parts = text.split(_SEP)
    lead = next((k for k, part in enumerate(parts) if part.strip()), None)
    if lead is not None and lead + 1 < len(parts) and stamp_only(parts[lead]) is not None:
        parts[lead] += " "
    joined = "".join(parts)
    if pre:
        return joined.rstrip()
    return _WS.sub(" ", joined).strip(" ")


def _block_words(found: Iterable[tuple[int, int | None, list[str]]]) -> tuple[Word, ...]:
    """The words of a block whose word elements carry their own times (Hyperaudio's ``<span
    data-m="3900" data-d="520">What</span>``): ``found`` are each element's start and length in
    ms (None: not given) and its text.  A word lasts its length, or (none given) until the next
    word starts; the last of such words ends where it starts.

    >>> words = _block_words([(3900, 520, [" What "]), (4420, None, ["does"]), (4560, 9, [" "]), (4560, None, ["it"])])
    >>> [(w.start, w.end, w.text) for w in words]
    [(3900, 4420, 'What'), (4420, 4560, 'does'), (4560, 4560, 'it')]
    """
    spoken = [(at, length, text) for at, length, parts in found if (text := _WS.sub(" ", "".join(parts)).strip())]
    words: list[Word] = []
    for k, (at, length, text) in enumerate(spoken):
        end = at + length if length is not None else spoken[k + 1][0] if k + 1 < len(spoken) else at
        words.append(Word(at, max(end, at), text))
    return tuple(words)


def meta_duration(attrs: dict[str, str | None]) -> int | None:
    """The media's length (ms) a ``<meta>`` gives: schema.org's ``itemprop="duration"`` (ISO 8601,
    ``PT4M13S``: a video or podcast page, YouTube's watch page) or Open Graph's
    ``property="video:duration"`` (seconds), else None.

    >>> meta_duration({"itemprop": "duration", "content": "PT4M13S"})
    253000
    >>> meta_duration({"property": "og:video:duration", "content": "253"})
    253000
    >>> meta_duration({"name": "description", "content": "PT4M13S"})
    """
    content = (attrs.get("content") or "").strip()
    if (attrs.get("itemprop") or "").lower() == "duration":
        return front_matter_duration(f"duration: {content}")
    if (attrs.get("property") or "").lower() in ("video:duration", "og:video:duration", "music:duration"):
        return front_matter_duration(f"duration_seconds: {content}")
    return None


def read_html(text: str, report: Report) -> Track:
    """Read an HTML page: find the transcript container, drop the chrome, keep time attributes.

    >>> r = Report()
    >>> page = '<nav><a>Home</a></nav><div id=t><p data-start="1.5">Hi &amp; bye</p><p data-start="3">Next</p></div>'
    >>> [(c.start, c.text) for c in read_html(page, r)], r.info["page_shape"]
    ([(1500, 'Hi & bye'), (3000, 'Next')], 'html')
    """
    parser = _Collector(report)
    parser.feed(prepare(text))
    parser.close()
    blocks = parser.blocks
    chosen, stats = _choose(blocks)
    element = _element(blocks, stats, chosen)
    elements = [element] if element is not None else _lined_group(blocks, chosen)
    if elements:
        track = _read_element(blocks, elements, parser.title, report)
        if track is not None:
            return _with_meta_duration(track, parser, report)
    if chosen is None:
        raise ParseError(STEP, "no captions found (an HTML page with no transcript text)", line=1)
    return _with_meta_duration(_read_group(blocks, chosen, parser.title, report), parser, report)


def _read_group(blocks: list[_Block], chosen: tuple[object, ...], page_title: str | None, report: Report) -> Track:
    """The track of a transcript whose captions are the blocks of the group ``chosen``: each a
    caption (its ``<br>`` a line break), with its time attribute or visible stamp; a visible stamp
    in a block of its own anchors the caption after it; every other block is chrome."""
    times = _times(blocks)
    speakers = speakers_of([b.text.split("\n")[0] for b in blocks if b.sig == chosen])
    units: list[Unit] = []
    # (action, reason, line, text) in page order, reported once the group's title is known; and
    # the entry of each unit
    entries: list[tuple[Action, str, int, str | None]] = []
    entry_of: list[int] = []
    pending: tuple[int, int] | None = None  # (line, ms) of a visible stamp block
    used_time_uids: set[int] = set()
    for b in blocks:
        in_group = b.sig == chosen
        stamp = stamp_only(b.text) if "\n" not in b.text else None
        if stamp is not None:
            if pending is not None:
                entries.append(("dropped", "timestamp with no caption text", pending[0], None))
            pending = (b.line, stamp)
            entries.append(("merged", "visible timestamp: anchor of the next caption", b.line, b.text))
            continue
        if not in_group:
            entries.append(("dropped", "page chrome: outside the transcript's repeated blocks", b.line, b.text))
            continue
        lines = b.text.split("\n")
        start: int | None = b.stamp
        lead = stamp_lead(lines[0])
        if lead is not None:
            start = lead[0]
            lines[0] = lead[1]
        if b.time_raw is not None and b.time_uid not in used_time_uids:
            used_time_uids.add(b.time_uid)
            start = times.get(b.time_raw, start)
        if start is None and pending is not None:
            start = pending[1]
        pending = None
        said = lines[0]
        speaker, lines[0] = split_speaker(said, speakers)
        words = _spoken_words(b.words, said[: len(said) - len(lines[0])]) if speaker is not None else b.words
        end = _words_end(words, start)
        units.append(Unit(b.line, lines, start, end, speaker, words))
        entry_of.append(len(entries))
        entries.append(("cue", "caption (transcript block)", b.line, b.text))
    title, dropped = _group_title(units, entries, entry_of)
    for action, reason, line, shown in entries:
        report.add(STEP, action, reason, line, shown)
    # (the title its blocks give before the page's <title>, as for a transcript in one element)
    return units_to_track(units[dropped:], "html", report, title=title or page_title)


def _group_title(
    units: list[Unit], entries: list[tuple[Action, str, int, str | None]], entry_of: list[int]
) -> tuple[str | None, int]:
    """The title a transcript's blocks give, and how many of its first units are dropped: one to
    three blocks of one title line each above its first stamp at 0:00
    (:func:`subconv.pages.text.head_reasons`: nothing is said before it), whose entries
    (``entry_of``: each unit's) become the title's and chrome's; else (None, 0).  Before, a title
    block in the captions' group (``<p>Rivers</p><p>0:00 Hello.</p>``) was a caption at no time,
    and pushed the 0:00 anchor out."""
    first = next((n for n, u in enumerate(units) if u.start is not None), 0)
    head = units[:first]
    if not head or any(len(u.lines) != 1 or u.speaker is not None or u.words for u in head):
        return None, 0
    reasons = head_reasons([u.lines[0] for u in head], units[first].start)
    if reasons is None:
        return None, 0
    title: str | None = None
    for n, (unit, why) in enumerate(zip(head, reasons, strict=True)):
        if why.startswith("title:"):
            title = unit.lines[0]
        k = entry_of[n]
        entries[k] = ("dropped", why, entries[k][2], entries[k][3])
    return title, first


def _with_meta_duration(track: Track, parser: _Collector, report: Report) -> Track:
    """``track`` with the media's length the page's metadata gives (unless its text gave one)."""
    if parser.duration is None or PAGE_DURATION in track.meta:
        return track
    ms, line, tag = parser.duration
    return with_duration(track, ms, line, text=tag, where="the page's metadata", report=report)


#: the shapes a block's lines read as (:func:`subconv.pages.text.classify`) that say a time
_TIMED_KINDS = frozenset(("slead", "sonly", "rev", "otter"))


def _element(
    blocks: list[_Block], stats: dict[tuple[object, ...], list[int]], chosen: tuple[object, ...] | None
) -> _Block | None:
    """The block that holds the transcript in its lines, or None: a transcript in one element,
    its lines split by ``<br>`` or held in a ``<pre>`` (stamped lines, a caption list, plain
    sentences), is no group of blocks, so :func:`_choose` cannot find it, or takes it for one
    caption.  A block alone in its group (one that repeats is the transcript's blocks: each a
    caption, its ``<br>`` a line break) with two or more lines as shown qualifies as a group of
    blocks does: two or more stamped lines, or lines of three or more words on average.  It is
    the transcript where it has more stamped lines than :func:`_choose`'s group has timed blocks,
    or as many and more words (an article's paragraphs outweigh a code listing)."""
    best: tuple[int, int] | None = None
    found: _Block | None = None
    for b in blocks:
        if not b.shown or stats.get(b.sig, (0, 0))[1] != 1:
            continue
        said = [text.strip() for _, text in b.shown if text.strip()]
        stamped = sum(classify(text).kind in _TIMED_KINDS for text in said)
        timed = stamped if stamped >= 2 else 0
        words = sum(map(_words, said))
        if (timed or words >= MIN_WORDS_PER_BLOCK * len(said)) and (best is None or (timed, words) > best):
            best, found = (timed, words), b
    if best is None or found is None:
        return None
    if chosen is not None:
        group = stats[chosen]
        if (group[0], group[3]) >= best:
            return None
    return found


#: the fewest lines a block of a transcript's group shows on average, for the group to be read as
#: the lines it shows (a caption has one to three)
_MANY_LINES = 4


def _lined_group(blocks: list[_Block], chosen: tuple[object, ...] | None) -> list[_Block]:
    """The blocks of the transcript's group ``chosen`` where they hold its lines, not a caption
    each: sibling blocks that show many lines (:data:`_MANY_LINES` on average) or stamps the
    blocks' reading would not use (two or more besides a stamp leading a block's text:
    ``<p>0:00 Hi.<br>0:04 Yo.<br>0:09 So.</p><p>0:15 ...``, or ``<p>0:03<br>Hi.</p>``); none
    where a block has a time attribute or follows a stamp in a block of its own (those time the
    blocks), or where the group is one block (:func:`_element`'s)."""
    if chosen is None:
        return []
    group: list[_Block] = []
    after_stamp = False
    for b in blocks:
        if stamp_only(b.text) is not None and "\n" not in b.text:
            after_stamp = True
            continue
        if b.sig == chosen:
            if b.time_raw is not None or after_stamp:
                return []
            group.append(b)
        after_stamp = False
    if len(group) < 2:
        return []
    said = [[text.strip() for _, text in b.shown if text.strip()] or [b.text] for b in group]
    unused = sum(
        sum(classify(text).kind in _TIMED_KINDS for text in lines) - (stamp_lead(lines[0]) is not None)
        for lines in said
    )
    if unused >= 2 or sum(map(len, said)) >= _MANY_LINES * len(group):
        return group
    return []


def _read_element(blocks: list[_Block], elements: list[_Block], title: str | None, report: Report) -> Track | None:
    """The track of a transcript held in one element, or in the ``elements`` of a group that hold
    its lines (:func:`_lined_group`): their lines as shown, a blank line between two elements, read
    as a text page's (:func:`subconv.pages.text.read_lines`: stamped lines, a caption list, plain
    lines ...), each report entry at its line of the HTML; every other block is chrome.  None where
    its lines hold no caption (the caller then reads the page's blocks)."""
    shown: tuple[tuple[int, str], ...] = ()
    for element in elements:
        lines = element.shown or ((element.line, element.text),)
        while lines and not lines[0][1].strip():
            lines = lines[1:]  # (the line break after <pre>: line 1 is the page's first, as in a .txt)
        shown += ((element.line, ""),) * bool(shown) + lines
    lines_report = Report()
    try:
        track = read_lines([text for _, text in shown], lines_report)
    except ParseError:
        return None
    where = [n for n, _ in shown]

    def at(line: int | None) -> int | None:
        return where[line - 1] if line is not None and 0 < line <= len(where) else line

    def cited(m: re.Match[str]) -> str:
        return f"line {at(int(m.group(1)))}"

    shape = lines_report.info.get("page_shape", "plain")
    tag = str(elements[0].sig[-1])
    n = sum(1 for _, text in shown if text.strip())
    if len(elements) == 1:
        why, outside = f"transcript in one element, <{tag}>: its {n} lines read as a {shape} page's", "element"
    else:
        why = f"transcript in {len(elements)} elements, <{tag}>: their {n} lines read as a {shape} page's"
        outside = "elements"
    ours = {id(b) for b in elements}
    for b in blocks:
        if b is elements[0]:
            report.add(STEP, "info", why, b.line, None)
            for e in lines_report.entries:
                reason = _LINE_CITED.sub(cited, e.reason)
                report.add(e.step, e.action, reason, at(e.line), e.text, **(e.detail or {}))
        elif id(b) not in ours:
            report.add(STEP, "dropped", f"page chrome: outside the transcript's {outside}", b.line, b.text)
    report.info["page_shape"] = "html"
    report.info["page_element_shape"] = shape
    cues = [c.replace(source_line=at(c.source_line)) for c in track]
    lines_of = {k: tuple(str(at(int(n))) for n in v) for k, v in track.source_lines.items() if isinstance(v, tuple)}
    # (the title its lines give, a heading or a title line above 0:00, before the page's <title>)
    return track.replace(cues=cues, title=track.title or title, source_lines={**track.source_lines, **lines_of})


#: a line number a report entry's reason cites (``folded into the caption on line 5``)
_LINE_CITED = re.compile(r"\bline (\d+)\b")


def _spoken_words(words: tuple[Word, ...], label: str) -> tuple[Word, ...]:
    """``words`` without those of the speaker's ``label`` split off the block's start (``Ann:``,
    its own word element: not spoken, and not in the cue's text).

    >>> [w.text for w in _spoken_words((Word(0, 9, "Ann:"), Word(9, 20, "hi"), Word(20, 30, "Ann:")), "Ann: ")]
    ['hi', 'Ann:']
    >>> [w.text for w in _spoken_words((Word(0, 9, "An"), Word(9, 20, "apple")), "Ann: ")]  # (no word of it)
    ['An', 'apple']
    """
    pos = k = 0
    while k < len(words) and words[k].text and (at := label.find(words[k].text, pos)) >= 0:
        after = at + len(words[k].text)
        if label[pos:at].strip() or label[after : after + 1].isalnum():  # (not the label's next word)
            break
        pos = after
        k += 1
    return words[k:]


def _words_end(words: tuple[Word, ...], start: int | None) -> int | None:
    """Where a block whose words have times of their own ends: when its last word does (after
    ``start``), else None (estimated).

    >>> _words_end((Word(3900, 4420, "What"), Word(4420, 4560, "does")), 3900), _words_end((), 3900)
    (4560, None)
    """
    if not words or start is None:
        return None
    end = max(w.end for w in words)
    return end if end > start else None


def _words(text: str) -> int:
    """How many words ``text`` says: its whitespace-separated words, and a word per two wide
    characters (Chinese and Japanese are written without spaces: ``大家好，欢迎`` is one "word"
    to ``str.split``).

    >>> _words("three short words"), _words("大家好，欢迎来到我们的节目。")
    (3, 8)
    """
    words = len(text.split())
    if text.isascii():
        return words
    return words + sum(map(is_wide, text)) // 2


def _choose(blocks: list[_Block]) -> tuple[tuple[object, ...] | None, dict[tuple[object, ...], list[int]]]:
    """The signature of the transcript: most timed blocks, then most blocks, then most text (and
    each group's timed blocks, blocks, characters, words and blocks after a stamp).

    A block is timed by a time attribute or a stamp at its start; and by a stamp in the block
    just before it (``<td>0:03</td><td>text</td>``: :func:`read_html` gives it that stamp) where
    two or more blocks of its group are (one stamp before a block is no transcript's pattern: a
    video's length above its description)."""
    stats: dict[tuple[object, ...], list[int]] = {}
    after_stamp = False
    for b in blocks:
        if stamp_only(b.text) is not None and "\n" not in b.text:
            after_stamp = True
            continue
        s = stats.setdefault(b.sig, [0, 0, 0, 0, 0])
        s[0] += b.time_raw is not None or b.stamp is not None or stamp_lead(b.text.split("\n")[0]) is not None
        s[1] += 1
        s[2] += len(b.text)
        s[3] += _words(b.text)
        s[4] += after_stamp
        after_stamp = False
    for s in stats.values():
        s[0] += s[4] if s[4] >= 2 else 0
    # a transcript is timed, or repeats blocks that read like speech (three or more words on average)
    eligible = [k for k, s in stats.items() if s[0] > 0 or (s[1] >= 2 and s[3] >= MIN_WORDS_PER_BLOCK * s[1])]
    if not eligible:
        return None, stats
    return max(eligible, key=lambda k: (stats[k][0], stats[k][1], stats[k][2])), stats


def _times(blocks: list[_Block]) -> dict[str, int]:
    """Time attribute values to milliseconds (integers are seconds or ms, decided per page)."""
    parsed: dict[str, tuple[float, bool]] = {}
    for b in blocks:
        if b.time_raw is not None and b.time_raw not in parsed:
            got = parse_time_value(b.time_raw)
            if got is not None:
                parsed[b.time_raw] = got
    ints = [value for value, is_int in (parsed[b.time_raw] for b in blocks if b.time_raw in parsed) if is_int]
    ms_ints = integers_are_ms(ints)
    out: dict[str, int] = {}
    for raw, (value, is_int) in parsed.items():
        out[raw] = round(value) if (is_int and ms_ints) else round(value * 1000)
    return out


@dataclass
class _Entry:
    """One ``<text>`` or ``<p>`` of timed-text XML: its line, times as written, whether they are
    in ms (srv3), and its text in segments (srv3's ``<s t="...">``: offset as written, text)."""

    line: int
    start: str | None
    dur: str | None
    in_ms: bool
    segments: list[tuple[str | None, list[str]]]
    append: bool = False  # srv3's ``a="1"``: the line break of auto-captions' rolling window

    @property
    def raw(self) -> str:
        return "".join("".join(parts) for _, parts in self.segments)


class _TimedText(HTMLParser):
    """Collects ``<text start dur>`` (srv1) or ``<p t d>`` (srv3) elements, and srv3's ``<s>``
    segments in them (with the ``t`` offset of a word of auto-captions)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[_Entry] = []
        self.inside = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        amap = dict(attrs)
        if tag == "text" and "start" in amap:
            self.items.append(_Entry(self.getpos()[0], amap.get("start"), amap.get("dur"), False, [(None, [])]))
            self.inside += 1
        elif tag == "p" and "t" in amap:
            append = amap.get("a") not in (None, "0")
            self.items.append(_Entry(self.getpos()[0], amap.get("t"), amap.get("d"), True, [(None, [])], append))
            self.inside += 1
        elif tag == "s" and self.inside:
            self.items[-1].segments.append((amap.get("t"), []))
        elif tag == "br" and self.inside:
            self.items[-1].segments[-1][1].append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("text", "p") and self.inside:
            self.inside -= 1
        elif tag == "s" and self.inside:
            self.items[-1].segments.append((None, []))  # (text after the segment: no time of its own)

    def handle_data(self, data: str) -> None:
        if self.inside and self.items:
            self.items[-1].segments[-1][1].append(data)


def _plain(raw: str) -> str:
    """Timed-text XML's text as shown: entities decoded again (srv1 escapes them twice) and
    inline tags removed."""
    return _INLINE_TAG.sub("", _html.unescape(raw))


def _segment_words(e: _Entry, start: int, end: int | None) -> tuple[Word, ...]:
    """The words of an srv3 ``<p>`` whose ``<s>`` segments carry a ``t`` offset (auto-captions)."""
    if not e.in_ms or len(e.segments) < 2:
        return ()
    segments: list[tuple[int | None, str]] = []
    for offset, parts in e.segments:
        got = parse_time_value(offset) if offset else None
        segments.append((None if got is None else round(got[0]), _plain("".join(parts))))
    return segment_words(start, end, segments)


def read_timedtext(text: str, report: Report) -> Track:
    """Read YouTube timed-text XML: every cue fully timed from ``start``/``dur`` (or ``t``/``d`` in ms).

    >>> xml = '<transcript><text start="1.2" dur="3.4">Hi &amp;amp; bye</text></transcript>'
    >>> c = read_timedtext(xml, Report()).cues[0]
    >>> c.start, c.end, c.text, c.origin
    (1200, 4600, 'Hi & bye', 'anchor')
    """
    parser = _TimedText()
    parser.feed(prepare(text))
    parser.close()
    cues: list[Cue] = []
    for e in parser.items:
        line, start_raw, dur_raw, in_ms = e.line, e.start, e.dur, e.in_ms
        raw = e.raw
        body = _plain(raw)
        lines = caption_lines(body)
        start_v = parse_time_value(start_raw or "")
        if start_v is None:
            report.add(STEP, "dropped", "timed-text entry with an unreadable start time", line, raw.strip() or None)
            continue
        start = round(start_v[0]) if in_ms else round(start_v[0] * 1000)
        dur_v = parse_time_value(dur_raw or "") if dur_raw else None
        end = None if dur_v is None else start + (round(dur_v[0]) if in_ms else round(dur_v[0] * 1000))
        if not lines:
            why = 'line break of the rolling window (a="1")' if e.append else "empty timed-text entry"
            report.add(STEP, "dropped", why, line, None)
            continue
        if body != raw:
            report.add(STEP, "repaired", "entities or inline tags removed from the text", line, raw.strip())
        words = _segment_words(e, start, end)
        cues.append(Cue(start, end, tuple(lines), source_line=line, words=words, origin="anchor"))
        report.add(STEP, "cue", "timed-text entry", line, "\n".join(lines))
    if any(e.append for e in parser.items):
        cues = rolling_ends(cues, "timed-text", report)
    report.info["page_shape"] = "timedtext-xml"
    if not cues:
        raise ParseError(STEP, "no captions found (timed-text XML with no text entries)", line=1)
    return Track(tuple(cues))

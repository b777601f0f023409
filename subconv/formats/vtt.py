"""WebVTT: a reader that follows the W3C WebVTT parser algorithm, and a writer.

The reader implements the file parsing steps of https://www.w3.org/TR/webvtt1/
(signature, header, blocks, cue timings and settings, cue text) line by line,
in one linear pass.  Cue text is tokenised only when it holds ``<`` or ``&``.
See ``docs/formats-vtt.md`` for every rule, including the writer's escaping
of hostile text (``&amp; &lt; &gt;``, and U+2060 WORD JOINER for blank lines and
for what pysubs2/ffmpeg would take as structure) that the reader inverts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..errors import ParseError, WriteError
from ..model import EMPTY, Cue, FrozenMap, Span, Track, plain_cue
from ..report import Report
from ..timefmt import MAX_MS, VTT_CLOCK, VTT_TIMESTAMP, clock_formatter, srt_field_tables, vtt_ms
from . import Format, WriteOptions, bare_cue, finish_output, simple_tags
from .escapes import (
    HTML_SPAN_TAGS,
    WJ,
    encode_text,
    prepare,
    shown,
    unescape_vtt,
    vtt_insertions,
    vtt_references,
    vtt_unchanged,
    vtt_unreferences,
)
from .placement import cue_align, report_uncarried, style_alignments
from .words import word_cuts

NAME = "vtt"

#: The writer's only escape character, U+2060 WORD JOINER (invisible), shared with
#: the SRT writer: inserted where a reader could mistake text for structure, and
#: doubled where the text holds it.  The reader turns a run of *k* (in cue text,
#: outside tags, before character references are decoded) into *k // 2*.  A payload
#: line holding only this character is therefore an empty line (an empty line would
#: end the cue).
BLANK_MARK = WJ

_WS_CHARS = " \t\n\f\r"  # the spec's "ASCII whitespace" (not U+000B)
_WS_SPLIT = re.compile(r"[ \t\n\f\r]+")
_TIMING_RE = re.compile(r"[ \t\f\r]*" + VTT_TIMESTAMP + r"[ \t\f\r]*-->[ \t\f\r]*" + VTT_TIMESTAMP + r"(.*)")
_PERCENT_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?%")
_LINE_NUM_RE = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_TAG_RE = re.compile(r"<([^>]*)(?:>|$)")


# --------------------------------------------------------------------------
# cue settings and regions


@dataclass
class CueSettings:
    """The values the spec's cue-settings parser assigns (browser defaults otherwise)."""

    vertical: str = ""
    line: float | str = "auto"
    snap_to_lines: bool = True
    line_align: str = "start"
    position: float | str = "auto"
    position_align: str = "auto"
    size: float = 100.0
    align: str = "center"
    region: str | None = None  # the region identifier
    valid: dict[str, str] = field(default_factory=dict)  # name -> last valid token
    dropped: list[str] = field(default_factory=list)  # invalid tokens, in order
    overridden: list[str] = field(default_factory=list)  # valid tokens a later one replaced

    def normalised(self) -> str:
        """The valid settings only, last occurrence of each name, in input order."""
        return " ".join(self.valid.values())


def _percentage(value: str) -> float | None:
    """The spec's "parse a percentage string": ``digits[.digits]%`` in 0..100."""
    if _PERCENT_RE.fullmatch(value) is None:
        return None
    number = float(value[:-1])
    if number > 100:
        return None
    return number


def _float_value(text: str) -> float | None:
    """HTML's floating-point number rules for the already-validated ``-?d+(.d+)?``."""
    number = float(text)
    if number in (float("inf"), float("-inf")):
        return None
    return number + 0.0  # -0 becomes 0


def parse_cue_settings(text: str, region_ids: frozenset[str] | set[str] = frozenset()) -> CueSettings:
    """Parse a cue settings string per the spec ("parse the WebVTT cue settings").

    ``region_ids`` are the identifiers of the regions defined in the header.

    >>> s = parse_cue_settings("align:start line:10% bogus size:50% align:end")
    >>> s.align, s.line, s.snap_to_lines, s.size, s.normalised(), s.dropped
    ('end', 10.0, False, 50.0, 'line:10% size:50% align:end', ['bogus'])
    """
    out = CueSettings()
    for token in _WS_SPLIT.split(text):
        if not token:
            continue
        colon = token.find(":")
        if colon <= 0 or colon == len(token) - 1:
            out.dropped.append(token)
            continue
        name, value = token[:colon], token[colon + 1 :]
        ok = False
        if name == "region":
            if value in region_ids:
                out.region = value
                ok = True
        elif name == "vertical":
            if value in ("rl", "lr"):
                out.vertical = value
                ok = True
        elif name == "line":
            linepos, comma, linealign = value.partition(",")
            number: float | None = None
            if any(c.isascii() and c.isdigit() for c in linepos):
                if linepos.endswith("%"):
                    number = _percentage(linepos)
                elif _LINE_NUM_RE.fullmatch(linepos):
                    number = _float_value(linepos)
            if number is not None and (not comma or linealign in ("start", "center", "end")):
                out.line = number
                out.snap_to_lines = not linepos.endswith("%")
                out.line_align = linealign if comma else "start"
                ok = True
        elif name == "position":
            colpos, comma, colalign = value.partition(",")
            pos = _percentage(colpos)
            if pos is not None and (not comma or colalign in ("line-left", "center", "line-right")):
                out.position = pos
                out.position_align = colalign if comma else "auto"
                ok = True
        elif name == "size":
            size = _percentage(value)
            if size is not None:
                out.size = size
                ok = True
        elif name == "align" and value in ("start", "center", "end", "left", "right"):
            out.align = value
            ok = True
        if ok:
            if name in out.valid:
                out.overridden.append(out.valid.pop(name))
            out.valid[name] = token
        else:
            out.dropped.append(token)
    if out.region is not None and (out.vertical or out.line != "auto" or out.size != 100):
        out.region = None  # no vertical regions; explicit line/size leave the region
    return out


@dataclass
class Region:
    """A WebVTT region definition (``REGION`` block), with the spec's defaults."""

    id: str = ""
    width: float = 100.0
    lines: int = 3
    region_anchor: tuple[float, float] = (0.0, 100.0)
    viewport_anchor: tuple[float, float] = (0.0, 100.0)
    scroll: str = ""


def parse_region(text: str) -> Region:
    """Parse the settings of a ``REGION`` block (the lines after ``REGION``).

    >>> r = parse_region("id:fred width:40% lines:3\\nregionanchor:0%,100% scroll:up")
    >>> r.id, r.width, r.lines, r.region_anchor, r.scroll
    ('fred', 40.0, 3, (0.0, 100.0), 'up')
    """
    region = Region()
    for token in _WS_SPLIT.split(text):
        colon = token.find(":")
        if colon <= 0 or colon == len(token) - 1:
            continue
        name, value = token[:colon], token[colon + 1 :]
        if name == "id":
            region.id = value
        elif name == "width":
            w = _percentage(value)
            if w is not None:
                region.width = w
        elif name == "lines":
            if value.isascii() and value.isdigit():
                # any size (as the spec's integer); past int()'s 4,300-digit limit, a stand-in as large
                region.lines = int(value) if len(value) <= 4000 else 10**4000
        elif name in ("regionanchor", "viewportanchor"):
            x, comma, y = value.partition(",")
            px, py = _percentage(x), _percentage(y)
            if comma and px is not None and py is not None:
                if name == "regionanchor":
                    region.region_anchor = (px, py)
                else:
                    region.viewport_anchor = (px, py)
        elif name == "scroll" and value == "up":
            region.scroll = "up"
    return region


# --------------------------------------------------------------------------
# cue text


@dataclass
class Payload:
    """A parsed cue payload: plain lines, spans, first voice, and whether it was lossy."""

    lines: tuple[str, ...]
    spans: tuple[Span, ...]
    speaker: str | None
    lossy: bool  # the payload held markup the model cannot express (kept as ``vtt.raw``)
    unknown_tags: tuple[str, ...] = ()


_SPAN_TAGS = ("i", "b", "u")

_KNOWN_TAGS = frozenset(("c", "i", "b", "u", "ruby", "rt", "v", "lang"))


def _open_key(s: Span) -> tuple[int, int, str]:
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
    for kind in _SPAN_TAGS:
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
                if tag in _SPAN_TAGS:
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
            if ch in _WS_CHARS:
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
                ann = " ".join(_WS_SPLIT.split(annotation)).strip(" ")
                ann = vtt_unreferences(ann)
                speaker = ann or None
                if "." in tag_and_classes:
                    lossy = True
            else:
                lossy = True
        elif name in _SPAN_TAGS:
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
        if tag in _SPAN_TAGS:
            spans.append(Span(start, length, tag))  # type: ignore[arg-type]
        elif tag == "rt":
            out.append(")")
            length += 1
    text = "".join(out)
    return Payload(tuple(text.split("\n")), canonical_spans(spans), speaker, lossy, tuple(unknown))


# --------------------------------------------------------------------------
# reader


def sniff(text: str) -> bool:
    """True when ``text`` starts with a valid WebVTT signature.

    >>> sniff("WEBVTT\\n\\n00:01.000 --> 00:02.000\\nhi"), sniff("WEBVTTX"), sniff("1\\n00:00:01,000 --> ")
    (True, False, False)
    """
    return _signature_ok(text[1:] if text.startswith("\ufeff") else text)


def _signature_ok(t: str) -> bool:
    return t.startswith("WEBVTT") and (len(t) == 6 or t[6] in " \t\n\r")


def _is_note(first: str) -> bool:
    return first == "NOTE" or first.startswith(("NOTE ", "NOTE\t"))


def _keyword_line(line: str, word: str) -> bool:
    """``STYLE``/``REGION`` optionally followed by spaces or tabs only."""
    return line.startswith(word) and not line[len(word) :].strip(" \t")


# the usual timing line ("hh:mm:ss.ttt --> hh:mm:ss.ttt"); any other goes through _TIMING_RE
_FAST_TIMING_RE = re.compile(
    r"([0-9]{2}:[0-5][0-9]):([0-5][0-9])\.([0-9]{3}) --> ([0-9]{2}:[0-5][0-9]):([0-5][0-9])\.([0-9]{3})(?![0-9])(.*)"
)


def _timing(line: str) -> tuple[int, int, str] | None:
    """(start, end, settings text) of a timing line, or None where the spec fails."""
    m = _FAST_TIMING_RE.fullmatch(line)
    if m is not None:
        hours_minutes, seconds, fraction = srt_field_tables()
        hm0, s0, f0, hm1, s1, f1, rest = m.groups()
        return hours_minutes[hm0] + seconds[s0] + fraction[f0], hours_minutes[hm1] + seconds[s1] + fraction[f1], rest
    m = _TIMING_RE.fullmatch(line)
    if m is None:
        return None
    gr = m.groups()
    start = vtt_ms(gr[0], gr[1], gr[2], gr[3])
    end = vtt_ms(gr[4], gr[5], gr[6], gr[7])
    if start is None or end is None:
        return None
    return start, end, gr[8]


# a timestamp with one or two fraction digits ("00:02:04.08"), which the spec refuses (browsers
# drop the cue) and pysubs2, webvtt-py and ffmpeg read as hundredths
_SHORT_FRACTION = re.compile(r"(?<![0-9.:])((?:[0-9]+:)?[0-9]{2}:[0-9]{2})\.([0-9]{1,2})(?![0-9.:])")
_ARROW_LINE = re.compile(r"(?m)^[^\n]*-->[^\n]*$")


def _padded(m: re.Match[str]) -> str:
    return f"{m.group(1)}.{m.group(2).ljust(3, '0')}"


def _pad_short_fractions(text: str, report: Report) -> str:
    """``text`` with the short fractions of its timing lines padded (``.08`` -> ``.080``) when
    they are the file's convention (at least half of its ``-->`` lines have one), each repair
    reported; else ``text`` unchanged (the spec then drops those cues, and says so).

    >>> r = Report()
    >>> _pad_short_fractions("WEBVTT\\n\\n00:02:04.08 --> 00:02:06.5\\nHi\\n", r).split("\\n")[2]
    '00:02:04.080 --> 00:02:06.500'
    >>> r.entries[0].line, r.entries[0].reason
    (3, 'timestamp with 1-2 fraction digits read as hundredths/tenths (00:02:04.08 = 00:02:04.080), as players do')
    """
    arrows = _ARROW_LINE.findall(text)
    short = sum(1 for ln in arrows if _SHORT_FRACTION.search(ln))
    if not short or short * 2 < len(arrows):
        return text
    parts: list[str] = []
    done = 0
    line_no = 1
    for m in _ARROW_LINE.finditer(text):
        line = m.group()
        first = _SHORT_FRACTION.search(line)
        if first is None:
            continue
        line_no += text.count("\n", done, m.start())
        parts += (text[done : m.start()], _SHORT_FRACTION.sub(_padded, line))
        done = m.end()
        report.add(
            NAME,
            "repaired",
            "timestamp with 1-2 fraction digits read as hundredths/tenths "
            f"({first.group()} = {_padded(first)}), as players do",
            line_no,
            line,
        )
    parts.append(text[done:])
    return "".join(parts)


def _timing_at(line: str, line_no: int) -> tuple[int, int, str] | None:
    """:func:`_timing`, with a ParseError about the line (an absurd timestamp) placed at ``line_no``."""
    try:
        return _timing(line)
    except ParseError as exc:
        raise ParseError(NAME, exc.reason, line_no, snippet=exc.snippet) from None


class _Reader:
    """The parser's state across blocks: cues, kept blocks, regions, pending notes."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.cues: list[Cue] = []
        self.blocks: list[str] = []
        self.notes: list[str] = []
        self.region_ids: set[str] = set()
        self.seen_cue = False

    def cue(self, cue_id: str, timing: tuple[int, int, str], text: str, line_no: int) -> None:
        """Add one cue: ``text`` is its payload lines joined by ``\\n`` (``line_no``: its timing line's)."""
        start, end, settings_raw = timing
        self.seen_cue = True
        if (
            not cue_id
            and not settings_raw
            and not self.notes
            and start <= end
            and ("<" not in text and "&" not in text and BLANK_MARK not in text)
        ):  # the usual cue: nothing but times and plain text
            self.cues.append(plain_cue(start, end, tuple(text.split("\n")) if "\n" in text else (text,), line_no))
            return
        extras: dict[str, str | tuple[str, ...]] = {}
        if cue_id:
            extras["vtt.id"] = cue_id
        if settings_raw and settings_raw.strip(_WS_CHARS):
            st = parse_cue_settings(settings_raw, self.region_ids)
            norm = st.normalised()
            if norm:
                extras["vtt.settings"] = norm
            if st.dropped:
                self.report.add(NAME, "repaired", "invalid cue settings ignored", line_no, " ".join(st.dropped))
            if st.overridden:
                self.report.add(
                    NAME, "repaired", "cue settings overridden by later ones", line_no, " ".join(st.overridden)
                )
        if self.notes:
            extras["vtt.notes"] = tuple(self.notes)
            self.notes = []
        if end < start:
            self.report.add(NAME, "warning", "cue ends before it starts (kept, as the spec does)", line_no)
        if "<" in text or "&" in text or BLANK_MARK in text:
            p = parse_payload(text)
            if p.lossy:
                extras["vtt.raw"] = text
            for tag in p.unknown_tags:
                self.report.add(NAME, "repaired", "unknown or misplaced tag ignored (text kept)", line_no, tag)
            ex = FrozenMap(extras) if extras else EMPTY
            self.cues.append(Cue(start, end, p.lines, p.spans, p.speaker, ex, source_line=line_no))
        else:
            self.cues.append(
                Cue(
                    start,
                    end,
                    tuple(text.split("\n")),
                    (),
                    None,
                    FrozenMap(extras) if extras else EMPTY,
                    source_line=line_no,
                )
            )

    def other(self, raw_lines: list[str], line_no: int, kind: str, bad_timing: int | None, bad_line: str) -> None:
        """A block that is not a cue: kept (NOTE/STYLE/REGION) or dropped with a report entry."""
        raw = "\n".join(raw_lines)
        first = raw_lines[0] if raw_lines else ""
        if bad_timing is not None:
            self.report.add(NAME, "dropped", "cue with an invalid timing line", bad_timing, bad_line)
        elif kind or _keyword_line(first, "STYLE") or _keyword_line(first, "REGION"):
            if self.seen_cue:
                self.report.add(
                    NAME, "dropped", "STYLE/REGION block after the first cue (ignored by the spec)", line_no, raw
                )
            else:
                self.blocks.append(raw)
                if _keyword_line(first, "REGION"):
                    rid = parse_region("\n".join(raw_lines[1:])).id
                    if rid:
                        self.region_ids.add(rid)
        elif _is_note(first):
            if self.seen_cue:
                self.notes.append(raw)
            else:
                self.blocks.append(raw)
        else:
            self.report.add(NAME, "dropped", "block without a timing line", line_no, raw)

    def block(self, chunk: str, base: int) -> None:
        """Read ``chunk``, lines without a blank one among them (``base``: its first line's number).

        A chunk holding one ``-->``, on its first or second line (the usual cue), is read
        here as :meth:`general` reads it: [id,] timing, payload; any other goes to it.
        """
        a = chunk.find("-->")
        if a != -1 and chunk.find("-->", a + 3) == -1:
            nl = chunk.find("\n")
            if nl == -1 or a < nl:  # timing on the first line
                t = _timing_at(chunk if nl == -1 else chunk[:nl], base)
                if t is not None:
                    self.cue("", t, "" if nl == -1 else chunk[nl + 1 :], base)
                    return
            else:
                nl2 = chunk.find("\n", nl + 1)
                if nl2 == -1 or a < nl2:  # id, then the timing line
                    t = _timing_at(chunk[nl + 1 :] if nl2 == -1 else chunk[nl + 1 : nl2], base + 1)
                    if t is not None:
                        self.cue(chunk[:nl], t, "" if nl2 == -1 else chunk[nl2 + 1 :], base + 1)
                        return
        self.general(chunk.split("\n"), base)

    def general(self, lines: list[str], base: int) -> None:
        """Run "collect a WebVTT block" over ``lines`` (no blank line among them).

        ``base`` is the 1-based line number of ``lines[0]``.
        """
        n = len(lines)
        i = 0
        while i < n:
            block_start = i
            line_count = 0
            seen_arrow = False
            prev = i
            buffer: list[str] = []
            cue_id = ""
            timing: tuple[int, int, str] | None = None
            timing_line = 0
            bad_timing: int | None = None
            bad_line = ""
            kind = ""
            while i < n:
                line = lines[i]
                line_count += 1
                i += 1
                if "-->" in line:
                    if line_count == 1 or (line_count == 2 and not seen_arrow):
                        seen_arrow = True
                        prev = i
                        t = _timing_at(line, base + i - 1)
                        if t is not None:
                            timing = t
                            timing_line = base + i - 1
                            cue_id = "\n".join(buffer)
                            buffer = []
                            self.seen_cue = True
                        else:
                            bad_timing = base + i - 1
                            bad_line = line
                    else:
                        i = prev
                        break
                else:
                    if line_count == 2 and buffer and not self.seen_cue and timing is None:
                        if _keyword_line(buffer[0], "STYLE"):
                            kind = "style"
                        elif _keyword_line(buffer[0], "REGION"):
                            kind = "region"
                    buffer.append(line)
                    prev = i
            if timing is not None:
                self.cue(cue_id, timing, "\n".join(buffer), timing_line)
            else:
                self.other(lines[block_start:i], base + block_start, kind, bad_timing, bad_line)


def _chunks(text: str, pos: int) -> Iterator[str]:
    """``text[pos:].split("\\n\\n")``, one chunk at a time: a million cues' chunks never all
    exist at once (with them, reading a million cues took 12 times as long as 100,000)."""
    find = text.find
    while (end := find("\n\n", pos)) != -1:
        yield text[pos:end]
        pos = end + 2
    yield text[pos:]


def read(text: str, report: Report) -> Track:
    """Read WebVTT ``text`` into a :class:`Track` following the WebVTT parser algorithm.

    >>> t = read("WEBVTT\\n\\n1\\n00:01.000 --> 00:02.500 align:start\\n<i>Hi</i>\\n", Report())
    >>> c = t.cues[0]
    >>> c.start, c.end, c.lines, c.spans, dict(c.extras)
    (1000, 2500, ('Hi',), (Span(start=0, end=2, kind='i'),), {'vtt.id': '1', 'vtt.settings': 'align:start'})
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        pos = text.find("\x00")
        while pos != -1:
            line_no = text.count("\n", 0, pos) + 1
            eol = text.find("\n", pos)
            eol = len(text) if eol == -1 else eol
            bol = text.rfind("\n", 0, pos) + 1
            report.add(NAME, "repaired", "NUL replaced with U+FFFD", line_no, text[bol:eol].replace("\x00", "\ufffd"))
            pos = text.find("\x00", eol)
        text = text.replace("\x00", "\ufffd")
    if not _signature_ok(text):
        raise ParseError(NAME, "missing WEBVTT signature", line=1, column=1, snippet=text[:20])
    if _SHORT_FRACTION.search(text) is not None:
        text = _pad_short_fractions(text, report)
    state = _Reader(report)
    cut = text.find("\n\n")
    head = text if cut == -1 else text[:cut]
    # the first chunk: signature line, then header lines up to a "-->" line
    first_lines = head.rstrip("\n").split("\n")
    header_first = first_lines[0][7:]
    header_lines: list[str] = []
    k = 1
    while k < len(first_lines) and "-->" not in first_lines[k]:
        header_lines.append(first_lines[k])
        k += 1
    if k < len(first_lines):
        state.general(first_lines[k:], k + 1)
    line_no = head.count("\n") + 3  # first line of the next chunk
    block = state.block
    for chunk in () if cut == -1 else _chunks(text, cut + 2):
        base = line_no
        line_no += chunk.count("\n") + 2
        if chunk.startswith("\n"):
            stripped = chunk.lstrip("\n")
            base += len(chunk) - len(stripped)
            chunk = stripped
        if chunk.endswith("\n"):
            chunk = chunk.rstrip("\n")
        if not chunk:
            continue
        block(chunk, base)
    meta: dict[str, str | tuple[str, ...]] = {}
    if header_first or header_lines:
        meta["vtt.header"] = header_first + "".join("\n" + h for h in header_lines)
    language = None
    for h in header_lines:
        key, colon, value = h.partition(":")
        if colon and key.strip().lower() == "language" and value.strip():
            language = value.strip()
    if state.blocks:
        meta["vtt.blocks"] = tuple(state.blocks)
    if state.notes:
        meta["vtt.trailing_notes"] = tuple(state.notes)
    return Track(tuple(state.cues), language=language, meta=FrozenMap(meta) if meta else EMPTY)


# --------------------------------------------------------------------------
# writer


def _encode(text: str, a: int, b: int, ins: set[int], first: bool = False) -> str:
    """``text[a:b]`` WJ-escaped (the marks at ``a < i <= b``, and at ``a`` if ``first``), then ``& < >``."""
    local = {i - a for i in ins if a < i <= b or (first and i == a)} if ins else ins
    return vtt_references(encode_text(text[a:b], (), local, {}))


def _defuse_arrow(text: str) -> str:
    while "-->" in text:
        text = text.replace("-->", "-- >")
    return text


def _render_text(cue: Cue, report: Report, last: bool = False) -> str:
    """Cue text with spans as tags, U+2060 escapes (:func:`~subconv.formats.escapes.vtt_insertions`)
    and ``& < >`` escaped; ``last``: the file's last cue."""
    text = cue.text
    if "\x00" in text:
        report.add(NAME, "rewritten", "NUL in cue text written as U+FFFD", cue.source_line, text)
        text = text.replace("\x00", "\ufffd")
    if not cue.spans:
        return _encode(text, 0, len(text), vtt_insertions(text, (), last), first=True)
    canon = canonical_spans([s for s in cue.spans if s.start >= 0 and s.end <= len(text)])
    if canon != cue.spans:
        report.add(
            NAME,
            "rewritten",
            "spans normalised (empty, out-of-range or touching spans merged/dropped)",
            cue.source_line,
            text,
        )
    ins = vtt_insertions(text, canon, last)
    spans = sorted(canon, key=_open_key)
    parts: list[str] = []
    open_stack: list[Span] = []
    pending = list(reversed(spans))  # pop() gives the next span to open
    points = sorted({s.start for s in spans} | {s.end for s in spans} | {0, len(text)})
    prev = 0
    for p in points:
        parts.append(_encode(text, prev, p, ins, first=p == 0))
        prev = p
        # close everything ending here; reopen spans that were closed only to keep nesting
        if any(s.end == p for s in open_stack):
            reopen: list[Span] = []
            while any(s.end == p for s in open_stack):
                s = open_stack.pop()
                parts.append(f"</{s.kind}>")
                if s.end != p:
                    reopen.append(s)
            for s in reversed(reopen):
                parts.append(f"<{s.kind}>")
                open_stack.append(s)
        while pending and pending[-1].start == p:
            s = pending.pop()
            parts.append(f"<{s.kind}>")
            open_stack.append(s)
    parts.append(_encode(text, prev, len(text), ins))
    return "".join(parts)


def _word_text(cue: Cue, report: Report, last: bool = False) -> str | None:
    """Cue text with a ``<hh:mm:ss.mmm>`` timestamp before every word after the first (karaoke-style)."""
    cuts = word_cuts(cue)
    if cuts is None:
        return None
    if cue.spans:
        report.add(
            NAME,
            "rewritten",
            "italic/bold/underline not written on a cue with word timestamps",
            cue.source_line,
            cue.text,
        )
    text = cue.text.replace("\x00", "\ufffd")
    ins = vtt_insertions(text, (), last)
    parts: list[str] = []
    prev = 0
    for k, t in cuts:
        if k > 0 and t > (cue.start or 0):
            parts.append(_encode(text, prev, k, ins, first=prev == 0))
            parts.append(f"<{clock_formatter(VTT_CLOCK)(t)}>")
            prev = k
    parts.append(_encode(text, prev, len(text), ins, first=prev == 0))
    return "".join(parts)


def _raw_lines(cue: Cue) -> list[str] | None:
    """The cue's own payload as read (``vtt.raw``) while the cue still reads the same from it."""
    raw = cue.extras.get("vtt.raw")
    if isinstance(raw, str) and raw:
        raw_lines = raw.replace("\r", "\n").split("\n")
        if "-->" not in raw and "" not in raw_lines and "\x00" not in raw:
            p = parse_payload(raw)
            if p.lossy and p.lines == cue.lines and p.spans == cue.spans and p.speaker == cue.speaker:
                return raw_lines
    return None


def _payload_lines(cue: Cue, report: Report, last: bool = False, words: bool = False) -> list[str]:
    """The cue's payload lines, safe to place after the timing line."""
    body_words = _word_text(cue, report, last) if words else None
    raw_lines = _raw_lines(cue) if body_words is None else None
    if raw_lines is not None:
        return raw_lines
    if body_words is None and isinstance(cue.extras.get("vtt.raw"), str) and cue.extras.get("vtt.raw"):
        report.add(
            NAME,
            "rewritten",
            "vtt.raw no longer matches the cue text; written from the text",
            cue.source_line,
            cue.text,
        )
    body = body_words if body_words is not None else _render_text(cue, report, last)
    speaker = cue.speaker
    if speaker is not None:
        name = " ".join(_WS_SPLIT.split(speaker)).strip(" ")
        if name != speaker:
            report.add(NAME, "rewritten", "speaker name whitespace normalised", cue.source_line, speaker)
        if name:
            esc = vtt_references(name)
            if esc.endswith("--"):  # "<v a-->" would hold "-->"
                esc = esc[:-1] + "&#45;"
            body = f"<v {esc}>" + body
        else:
            report.add(NAME, "rewritten", "empty speaker name not written", cue.source_line)
    if body == "":
        return []
    return body.split("\n")


def render_payload(cue: Cue, report: Report | None = None) -> str:
    """The cue's payload as the writer emits it (tags, escapes, blank-line marks).

    >>> render_payload(Cue(0, 1, ("a < b", ""), (Span(0, 1, "i"),), "Ann"))
    '<v Ann><i>a</i> &lt; b\\n\\u2060'
    """
    return "\n".join(_payload_lines(cue, report if report is not None else Report()))


_ALIGN_SETTINGS = {
    "1": "align:left",
    "2": "",
    "3": "align:right",
    "4": "line:50%,center align:left",
    "5": "line:50%,center",
    "6": "line:50%,center align:right",
    "7": "line:0 align:left",
    "8": "line:0",
    "9": "line:0 align:right",
}


def _clean_block(block: str, report: Report, what: str) -> str:
    lines = [ln for ln in block.replace("\r", "\n").split("\n") if ln.strip(_WS_CHARS)]
    out = "\n".join(_defuse_arrow(ln) for ln in lines)
    if out != block:
        report.add(NAME, "rewritten", f"{what}: blank lines removed and '-->' defused", None, block)
    return out


def write(track: Track, options: WriteOptions, report: Report) -> str:
    """Write ``track`` as WebVTT (always ``HH:MM:SS.mmm``).

    >>> t = Track((Cue(0, 1500, ("a --> b", "", "<c>")),))
    >>> print(write(t, WriteOptions(), Report()), end="")
    WEBVTT
    <BLANKLINE>
    00:00:00.000 --> 00:00:01.500
    a --&gt; b
    \u2060
    &lt;c&gt;
    """
    out: list[str] = []
    header = track.meta.get("vtt.header")
    header_lines: list[str] = []
    if isinstance(header, str):
        first, _, rest = header.replace("\r", "\n").partition("\n")
        out.append("WEBVTT " + first if first else "WEBVTT")
        if rest:
            cleaned = _clean_block(rest, report, "vtt.header")
            header_lines = cleaned.split("\n") if cleaned else []
    else:
        out.append("WEBVTT")
        if track.language:
            header_lines = [f"Language: {track.language}".replace("\n", " ")]
    out.extend(header_lines)
    out.append("")
    blocks = track.meta.get("vtt.blocks", ())
    if isinstance(blocks, str):
        blocks = (blocks,)
    region_ids: set[str] = set()
    for block in blocks:
        b = _clean_block(block, report, "vtt.blocks")
        if not b:
            continue
        first = b.split("\n", 1)[0]
        if _keyword_line(first, "REGION"):
            rid = parse_region(b.partition("\n")[2]).id
            if rid:
                region_ids.add(rid)
        elif not (_is_note(first) or _keyword_line(first, "STYLE")):
            report.add(NAME, "rewritten", "header block is not NOTE/STYLE/REGION; written as a NOTE", None, b)
            b = "NOTE " + b
        out.append(b)
        out.append("")
    clock = clock_formatter(VTT_CLOCK)
    plain_text = vtt_unchanged
    append = out.append
    cues = shown(track.cues, report, NAME)
    final = len(cues) - 1
    styles = style_alignments(track) if "ass.styles" in track.meta else {}
    for idx, cue in enumerate(cues):
        bare = bare_cue(cue, MAX_MS) if "Default" not in styles else None
        if bare is not None and not (options.words and cue.words):
            start, end, text, spans = bare
            plain = None
            if plain_text(text):
                # nothing to escape or mark: written as it is (with its span tags)
                plain = simple_tags(text, spans, HTML_SPAN_TAGS) if spans else text
            if plain is not None:
                append(f"{clock(start)} --> {clock(end)}\n{plain}\n")
                continue
        if cue.start is None or cue.end is None:
            raise WriteError(f"cue {idx + 1} has no time; run the timing step before writing WebVTT")
        if _raw_lines(cue) is None:
            ready = prepare(cue, report, NAME)
            if ready is None:
                continue
            cue = ready
        elif cue.start is not None and cue.end is not None and cue.start > cue.end:
            report.add(
                NAME, "repaired", f"end {cue.end} ms before start {cue.start} ms: swapped", cue.source_line, cue.text
            )
            cue = cue.replace(start=cue.end, end=cue.start)
        assert cue.start is not None and cue.end is not None
        start, end = cue.start, cue.end
        if start < 0 or end < 0:
            report.add(NAME, "rewritten", "negative time clamped to 0", cue.source_line, cue.text)
            start, end = max(start, 0), max(end, 0)
        ex = cue.extras
        for note in ex.get("vtt.notes", ()) if isinstance(ex.get("vtt.notes", ()), tuple) else ():
            b = _clean_block(note, report, "vtt.notes")
            if b:
                out.append(b if _is_note(b.split("\n", 1)[0]) else "NOTE " + b)
                out.append("")
        cue_id = ex.get("vtt.id")
        if isinstance(cue_id, str) and cue_id:
            safe = _defuse_arrow(" ".join(cue_id.replace("\r", "\n").split("\n")))
            if safe != cue_id:
                report.add(NAME, "repaired", "cue id held a line break or '-->'", cue.source_line, cue_id)
            out.append(safe)
        timing = f"{clock(start)} --> {clock(end)}"
        settings = ex.get("vtt.settings")
        if isinstance(settings, str) and settings.strip(_WS_CHARS):
            st = parse_cue_settings(settings, region_ids)
            norm = st.normalised()
            if norm != settings:
                report.add(
                    NAME,
                    "rewritten",
                    "cue settings normalised (invalid or repeated settings removed)",
                    cue.source_line,
                    settings,
                )
            if norm:
                timing += " " + norm
        else:
            align = cue_align(cue, styles)
            if align is not None and _ALIGN_SETTINGS[align]:
                timing += " " + _ALIGN_SETTINGS[align]
        if ex:
            report_uncarried(cue, "vtt", report, NAME)
        out.append(timing)
        out.extend(_payload_lines(cue, report, idx == final, options.words))
        out.append("")
    trailing = track.meta.get("vtt.trailing_notes", ())
    for note in trailing if isinstance(trailing, tuple) else ():
        b = _clean_block(note, report, "vtt.trailing_notes")
        if b:
            out.append(b if _is_note(b.split("\n", 1)[0]) else "NOTE " + b)
            out.append("")
    text = "\n".join(out)
    if not text.endswith("\n"):
        text += "\n"
    return finish_output(text, options)


FORMAT = Format(
    name="vtt",
    extensions=(".vtt", ".webvtt"),
    aliases=("webvtt",),
    sniff=sniff,
    sniff_rank=10,
    read=read,
    write=write,
    resolution_ms=1,
    markup=True,
    placement=True,
)

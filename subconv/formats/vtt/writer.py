"""The WebVTT writer: header and blocks, cue timings and settings (placement from the cue),
and payloads with spans as tags, the escapes of :mod:`subconv.formats.escapes` (U+2060 where
another parser would misread the text, ``& < >`` as character references) and, with
``--words``, a timestamp tag before each word."""

from __future__ import annotations

import sys
from collections.abc import Iterator

from ...errors import WriteError
from ...model import Cue, CueFeed, Span, Track
from ...report import Report
from ...timefmt import VTT_CLOCK, clock_formatter, timing_formatter
from ..base import Lines, WriteOptions, as_it_is, last_check, whole_text
from ..escapes import (
    HTML_SPAN_TAGS,
    TEXT_BLANKS,
    encode_text,
    prepare,
    shown,
    vtt_insertions,
    vtt_references,
    vtt_unchanged,
)
from ..placement import cue_align, report_uncarried, style_alignments, style_formatting, styled
from ..words import say_left_out, word_cuts
from .payload import Payload, canonical_spans, open_key, parse_payload, words_of
from .reader import is_note, keyword_line
from .settings import WS_CHARS, WS_SPLIT, parse_cue_settings, parse_region
from .timing import NAME


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
    # (a span WebVTT has no tag for, strikethrough, is left out: report_uncarried says so)
    held = tuple(s for s in cue.spans if s.kind in HTML_SPAN_TAGS)
    if not held:
        return _encode(text, 0, len(text), vtt_insertions(text, (), last), first=True)
    canon = canonical_spans([s for s in held if s.start >= 0 and s.end <= len(text)])
    if canon != held:
        report.add(
            NAME,
            "rewritten",
            "spans normalised (empty, out-of-range or touching spans merged/dropped)",
            cue.source_line,
            text,
        )
    ins = vtt_insertions(text, canon, last)
    spans = sorted(canon, key=open_key)
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
    """Cue text with a ``<hh:mm:ss.mmm>`` timestamp before every word that starts after the cue (karaoke-style)."""
    cuts = word_cuts(cue)
    say_left_out(cue, cuts, NAME, report)
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
        if t > max(cue.start or 0, 0):  # (a cue before 0:00 is written from 0:00)
            if k > 0:  # (a first word that starts after the cue: its timestamp before it too)
                parts.append(_encode(text, prev, k, ins, first=prev == 0))
            parts.append(f"<{clock_formatter(VTT_CLOCK)(t)}>")
            prev = k
    parts.append(_encode(text, prev, len(text), ins, first=prev == 0))
    return "".join(parts)


def raw_lines(cue: Cue) -> list[str] | None:
    """The cue's own payload as read (``vtt.raw``) while the cue still reads the same from it,
    its inline timestamps too: they must still be the cue's word times (an edit that moved the
    cue moved its words, :func:`~subconv.formats.vtt.payload.words_of`), inside its times."""
    raw = cue.extras.get("vtt.raw")
    if isinstance(raw, str) and raw:
        kept = raw.replace("\r", "\n").split("\n")
        if "-->" not in raw and "" not in kept and "\x00" not in raw:
            p = parse_payload(raw)
            same = p.lossy and p.lines == cue.lines and p.spans == cue.spans and p.speaker == cue.speaker
            if same and (not p.stamps or _stamps_hold(p, cue)):
                return kept
    return None


def _stamps_hold(p: Payload, cue: Cue) -> bool:
    """Whether a payload's inline timestamps still time ``cue``: inside its times and, where the
    cue has word times, the same as those."""
    if cue.start is None or cue.end is None:
        return False
    read = words_of(p, cue.start, cue.end)
    return bool(read) and (not cue.words or [w.start for w in read] == [w.start for w in cue.words])


def payload_lines(cue: Cue, report: Report, last: bool = False, words: bool = False) -> list[str]:
    """The cue's payload lines, safe to place after the timing line."""
    body_words = _word_text(cue, report, last) if words else None
    kept = raw_lines(cue) if body_words is None else None
    if kept is not None:
        return kept
    raw = cue.extras.get("vtt.raw")
    stamped = isinstance(raw, str) and bool(parse_payload(raw).stamps)
    if body_words is None and stamped and cue.words:  # the file's word timestamps, moved with the cue
        body_words = _word_text(cue, report, last)
    if body_words is None and isinstance(raw, str) and raw:
        report.add(
            NAME,
            "rewritten",
            "its inline timestamps no longer fall inside the cue's times; written without them"
            if stamped
            else "vtt.raw no longer matches the cue text; written from the text",
            cue.source_line,
            cue.text,
        )
    body = body_words if body_words is not None else _render_text(cue, report, last)
    speaker = cue.speaker
    if speaker is not None:
        name = " ".join(WS_SPLIT.split(speaker)).strip(" ")
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
    return "\n".join(payload_lines(cue, report if report is not None else Report()))


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
    lines = [ln for ln in block.replace("\r", "\n").split("\n") if ln.strip(WS_CHARS)]
    out = "\n".join(_defuse_arrow(ln) for ln in lines)
    if out != block:
        report.add(NAME, "rewritten", f"{what}: blank lines removed and '-->' defused", None, block)
    return out


def stream(track: Track, options: WriteOptions, report: Report) -> Iterator[str]:
    """Write ``track`` as WebVTT (always ``HH:MM:SS.mmm``), a piece at a time (:func:`write`: whole).

    >>> t = Track((Cue(0, 1500, ("a --> b", "", "<c>")),))
    >>> print(write(t, WriteOptions(), Report()), end="")
    WEBVTT
    <BLANKLINE>
    00:00:00.000 --> 00:00:01.500
    a --&gt; b
    \u2060
    &lt;c&gt;
    """
    yield from _stream_cues(track, None, options, report)


def stream_feed(track: Track, cues: CueFeed, options: WriteOptions, report: Report) -> Iterator[str]:
    """:func:`stream` of ``track``'s header and the cues of ``cues``, given one at a time."""
    yield from _stream_cues(track, cues, options, report)


def _stream_cues(track: Track, feed: CueFeed | None, options: WriteOptions, report: Report) -> Iterator[str]:
    """:func:`stream`'s work: the cues of ``feed`` (None: ``track``'s), ``track`` the rest."""
    sink = Lines(_header(track, report))
    out, flush = sink.lines, sink.FLUSH
    region_ids = _header_blocks(track, report, out)
    timing_line = timing_formatter(VTT_CLOCK, " --> ")
    append = out.append
    cues = shown(track.cues, report, NAME) if feed is None else feed
    is_last = last_check(cues)
    styles = style_alignments(track) if "ass.styles" in track.meta else {}
    looks = style_formatting(track) if "ass.styles" in track.meta else {}
    # (a Default ASS style off the bottom centre places every cue, an italic one slants it)
    as_it_may_be = "Default" not in styles and "Default" not in looks
    words = options.words
    for idx, cue in enumerate(cues):
        if len(out) >= flush:
            yield sink.take()
        # (WebVTT's hours have as many digits as they need: a time past 100 hours is written as it is too)
        plain = as_it_is(cue, sys.maxsize, vtt_unchanged, HTML_SPAN_TAGS) if as_it_may_be else None
        if plain is not None and not (words and cue.words):
            # nothing to escape or mark: written as it is (with its span tags)
            append(f"{timing_line(plain[0], plain[1])}\n{plain[2]}\n")
            continue
        if cue.start is None or cue.end is None:
            raise WriteError(f"cue {idx + 1} has no time; run the timing step before writing WebVTT")
        ready = _writable(styled(cue, looks) if looks else cue, report)
        if ready is None:
            continue
        start, end = _times(ready, report)
        _notes(ready.extras.get("vtt.notes", ()), "vtt.notes", report, out)
        _cue_id(ready, report, out)
        append(_timing_settings(ready, timing_line(start, end), region_ids, styles, report))
        out.extend(payload_lines(ready, report, is_last(idx), options.words))
        append("")
    _notes(track.meta.get("vtt.trailing_notes", ()), "vtt.trailing_notes", report, out)
    yield sink.take()
    if not sink.ends_with_newline:
        yield "\n"


write = whole_text(stream)


def _header(track: Track, report: Report) -> list[str]:
    """The ``WEBVTT`` line and the header lines after it (the track's own, else its language), then a blank line."""
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
    return out


def _header_blocks(track: Track, report: Report, out: list[str]) -> set[str]:
    """Add the blocks before the first cue (NOTE, STYLE, REGION; any other written as a NOTE)
    to ``out``, each followed by a blank line; the identifiers of the regions they define."""
    blocks = track.meta.get("vtt.blocks", ())
    if isinstance(blocks, str):
        blocks = (blocks,)
    region_ids: set[str] = set()
    for block in blocks:
        b = _clean_block(block, report, "vtt.blocks")
        if not b:
            continue
        first = b.split("\n", 1)[0]
        if keyword_line(first, "REGION"):
            rid = parse_region(b.partition("\n")[2]).id
            if rid:
                region_ids.add(rid)
        elif not (is_note(first) or keyword_line(first, "STYLE")):
            report.add(NAME, "rewritten", "header block is not NOTE/STYLE/REGION; written as a NOTE", None, b)
            b = "NOTE " + b
        out.append(b)
        out.append("")
    return region_ids


def _writable(cue: Cue, report: Report) -> Cue | None:
    """``cue`` ready to write (:func:`~subconv.formats.escapes.prepare`; one written from
    ``vtt.raw`` only swapped if it ends before it starts), or None: not written."""
    if raw_lines(cue) is None:
        ready = prepare(cue, report, NAME, TEXT_BLANKS)
        if ready is None:
            return None
        cue = ready
    elif cue.start is not None and cue.end is not None and cue.start > cue.end:
        report.add(
            NAME, "repaired", f"end {cue.end} ms before start {cue.start} ms: swapped", cue.source_line, cue.text
        )
        cue = cue.replace(start=cue.end, end=cue.start)
    return cue


def _times(cue: Cue, report: Report) -> tuple[int, int]:
    """The cue's start and end, a negative one as 0 (reported)."""
    start, end = cue.start, cue.end
    assert start is not None and end is not None
    if start < 0 or end < 0:
        report.add(NAME, "rewritten", "negative time clamped to 0", cue.source_line, cue.text)
        return max(start, 0), max(end, 0)
    return start, end


def _notes(notes: object, what: str, report: Report, out: list[str]) -> None:
    """Add the NOTE blocks ``notes`` (a tuple of them, from ``what``) to ``out``, each followed by a blank line."""
    for note in notes if isinstance(notes, tuple) else ():
        b = _clean_block(note, report, what)
        if b:
            out.append(b if is_note(b.split("\n", 1)[0]) else "NOTE " + b)
            out.append("")


def _cue_id(cue: Cue, report: Report, out: list[str]) -> None:
    """Add the cue's identifier line (``vtt.id``, on one line, no ``-->``) to ``out``, if it has one."""
    cue_id = cue.extras.get("vtt.id")
    if isinstance(cue_id, str) and cue_id:
        safe = _defuse_arrow(" ".join(cue_id.replace("\r", "\n").split("\n")))
        if safe != cue_id:
            report.add(NAME, "repaired", "cue id held a line break or '-->'", cue.source_line, cue_id)
        out.append(safe)


def _timing_settings(cue: Cue, timing: str, region_ids: set[str], styles: dict[str, str], report: Report) -> str:
    """The cue's timing line: its ``timing``, then its settings (``vtt.settings`` normalised,
    else its placement as settings)."""
    settings = cue.extras.get("vtt.settings")
    if isinstance(settings, str) and settings.strip(WS_CHARS):
        norm = parse_cue_settings(settings, region_ids).normalised()
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
    if cue.extras or cue.spans:
        report_uncarried(cue, "vtt", report, NAME)
    return timing

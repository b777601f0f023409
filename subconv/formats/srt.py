"""SubRip (SRT): a lenient single-pass reader and an escaping writer.

Reading accepts what real files contain: missing or wrong indices, ``.`` or
``:`` before the fraction, one to three fraction digits (``,5`` is 500 ms),
``-- >``/``->`` arrows, missing hours, extra blank lines, trailing spaces,
trailing position info after the end time, CR/CRLF line ends.  Every repair
is recorded in the report with its line.

SRT has no escape mechanism, so the writer protects cue text that a reader
could mistake for structure or markup by inserting U+2060 WORD JOINER (WJ,
invisible) at a few places, and doubles any WJ the text already holds.  The
reader inverts this exactly: a run of *k* word joiners reads as *k // 2*.
The rules are :data:`subconv.formats.escapes.SRT_RULES` (see ``docs/formats.md``).

>>> from subconv.report import Report
>>> t = read("1\\n00:00:01,5 --> 00:00:02,000\\n<i>Hi</i> there\\n", Report())
>>> t.cues[0].start, t.cues[0].text, t.cues[0].spans
(1500, 'Hi there', (Span(start=0, end=2, kind='i'),))
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence

from ..errors import ParseError
from ..model import Cue, CueFeed, FrozenMap, Span, Track, text_cue
from ..report import Report
from ..timefmt import MAX_MS, SRT_CLOCK, clock_formatter, parse_srt_timing, srt_field_tables, timing_formatter
from .base import (
    Format,
    Lines,
    WriteOptions,
    as_it_is,
    last_check,
    say_clamped,
    say_unreadable,
    speaker_prefix,
    text_pieces,
    whole_text,
)
from .cuetext import marked_up, report_markup_uncarried, tidied
from .escapes import (
    SRT_BLANKS,
    SRT_SPAN_TAGS,
    encode_text,
    escape_srt,
    shown,
    srt_insertions,
    srt_unchanged,
    wj_decode,
    wj_offsets,
)
from .escapes import prepare as prepare_cue
from .placement import (
    TAGS_FROM,
    ass_colour,
    colour_runs,
    cue_align,
    cue_fonts,
    font_colour,
    font_parts,
    report_uncarried,
    style_alignments,
    style_colours,
    style_formatting,
    styled,
    styles_carried,
)

STEP = "srt"

# bounded repetitions: each attempt costs O(1), so scanning a cue is linear even for "<font <font ..."
_TAG_RE = re.compile(
    r"<[^\S\n]{0,8}(/?)[^\S\n]{0,8}([ibusIBUS])[^\S\n]{0,8}>|<[^\S\n]{0,8}(/?)[^\S\n]{0,8}font\b[^<>\n]{0,512}>",
    re.IGNORECASE,
)  # (a tag never spans a line break: pysubs2, ffmpeg, srt and webvtt-py read "<" "b>" over two lines as text)
_ALIGN_RE = re.compile(r"\{\\an([1-9])\}")
_FONT_OPEN = re.compile(r"<[^\S\n]{0,8}font\b[^<>\n]{0,512}>", re.IGNORECASE)  # (an opening tag as _TAG_RE reads it)


# --------------------------------------------------------------------- reading


def _is_index(line: str) -> bool:
    return line.isascii() and line.isdigit()


def sniff(text: str) -> bool:
    """True when ``text`` looks like SRT: a timing line among its first 200 lines.

    >>> sniff("1\\n00:00:01,000 --> 00:00:02,000\\nHi\\n"), sniff("WEBVTT\\n\\n00:01.000 --> 00:02.000\\nx")
    (True, False)
    """
    head = text[:20000].lstrip("\ufeff \t\r\n")
    if head.startswith("WEBVTT"):
        return False
    for n, line in enumerate(head.splitlines()):
        if n > 200:
            break
        if ">" in line:
            try:
                if parse_srt_timing(line.strip()) is not None:
                    return True
            except ParseError:  # a timing line with an absurd field: SRT still (the reader says where)
                return True
    return False


def parse_cue_text(
    raw: str,
    times: tuple[int, int, int],
    report: Report,
    extras: dict[str, str | tuple[str, ...]],
    step: str = STEP,
) -> Cue:
    """A cue from its text as written (``raw``, lines joined by ``\\n``): ``{\\anN}``, tags, escapes.

    ``times`` is (start, end, line number of the timing line); ``step``: the name a repaired
    tag is reported under (another format whose text is SRT's: ``cuelist``).
    """
    start, end, line_no = times
    if raw.startswith("{\\an") and (m := _ALIGN_RE.match(raw)) is not None:
        extras["srt.align"] = m.group(1)
        raw = raw[m.end() :]
    spans: list[Span] = []
    if "<" in raw:
        raw, spans, fonts, colours = _tags_read(raw, line_no, report, step)
        if fonts:
            extras["srt.font"] = fonts[0] if len(fonts) == 1 else tuple(fonts)
        if colours:  # (a colour over part of the cue: kept in its place, as ASS colour blocks)
            extras["ass.tags"] = "".join(block for _, block in colours)
            extras["ass.tags.at"] = tuple(str(k) for k in wj_offsets(raw, [k for k, _ in colours]))
            extras[TAGS_FROM] = STEP  # (what the user wrote: a font colour, so the writers report it)
    text, mapped = wj_decode(raw, spans)
    if extras:
        return Cue(start, end, tuple(text.split("\n")), mapped, None, FrozenMap(extras), source_line=line_no)
    return text_cue(start, end, text, line_no, mapped)


def _tags_read(
    raw: str, line_no: int, report: Report, step: str
) -> tuple[str, list[Span], list[str], list[tuple[int, str]]]:
    """``raw`` without its ``<i> <b> <u> <s>`` and ``<font>`` tags, the spans of the first, in
    order, the opening ``<font ...>`` tags over the whole cue, and the colour of those over a
    part of it as ASS colour blocks by their offset (:func:`_colour_blocks`); a closing tag with
    no opening one dropped, an ``<i>`` (...) left open closed at the end of the cue, and the
    other ``<font>`` tags over a part of it dropped, all reported (``line_no``: the cue's timing line)."""
    spans: list[Span] = []
    plain: list[str] = []
    pos = 0
    length = 0
    open_at: dict[str, int] = {}
    fonts: list[tuple[str, int, int | None]] = []  # (opening tag, start, end: None while open)
    font_stack: list[int] = []
    for m in _TAG_RE.finditer(raw):
        at, after = m.span()
        plain.append(raw[pos:at])
        length += at - pos
        pos = after
        slash, kind, font_slash = m.group(1, 2, 3)
        if kind is not None:
            kind = kind.lower()
            if not slash:
                open_at.setdefault(kind, length)
            elif kind in open_at:
                st = open_at.pop(kind)
                if length > st:
                    spans.append(Span(st, length, kind))  # type: ignore[arg-type]
            else:
                report.add(step, "dropped", f"closing </{kind}> without an opening tag", line_no, m.group(0))
        elif not font_slash:
            font_stack.append(len(fonts))
            fonts.append((m.group(0), length, None))
        elif font_stack:
            k = font_stack.pop()
            fonts[k] = (fonts[k][0], fonts[k][1], length)
        else:
            report.add(step, "dropped", "closing </font> without an opening tag", line_no, m.group(0))
    plain.append(raw[pos:])
    text = "".join(plain)
    for kind, st in open_at.items():
        report.add(step, "repaired", f"<{kind}> not closed: closed at the end of the cue", line_no)
        if len(text) > st:
            spans.append(Span(st, len(text), kind))  # type: ignore[arg-type]
    if len(spans) > 1:
        spans.sort(key=lambda s: (s.start, s.end, s.kind))
    whole, colours = _whole_fonts(fonts, text, line_no, report, step) if fonts else ([], [])
    return text, spans, whole, colours


def _whole_fonts(
    fonts: list[tuple[str, int, int | None]], text: str, line_no: int, report: Report, step: str
) -> tuple[list[str], list[tuple[int, str]]]:
    """The opening tags of the ``fonts`` (tag, start, end: None if left open, as players draw it:
    to the end) over the whole cue ``text``, and the colours of those over a part of it as ASS
    colour blocks where the colour changes (:func:`_colour_blocks`); what else those over a part
    hold (a size, a face: :func:`~.placement.font_parts`), and each of them with no colour,
    reported dropped."""
    n = len(text)
    whole = [tag for tag, st, end in fonts if st == 0 and end in (None, n)]
    part = [(tag, st, n if end is None else end) for tag, st, end in fonts if not (st == 0 and end in (None, n))]
    lost: list[str] = []
    for tag, _, _ in part:
        rgb, rest = font_parts(tag)
        if rgb is None:
            lost.append(tag)
        elif rest:
            reason = f"font {rest} over part of the cue not kept (its colour is): {tag}"
            report.add(step, "dropped", reason, line_no, text)
    if lost:
        report.add(
            step,
            "dropped",
            f"font tag{'s' if len(lost) > 1 else ''} over part of the cue not kept (only a font over "
            f"the whole cue is, or the colour of one): {' '.join(lost)}",
            line_no,
            text,
        )
    return whole, _colour_blocks(whole, part, n)


def _colour_blocks(whole: list[str], part: list[tuple[str, int, int]], n: int) -> list[tuple[int, str]]:
    r"""The ASS colour blocks (``{\c&HBBGGRR&}``; ``{\c}``: the style's colour again) that draw
    the colour fonts of ``part`` (tag, start, end) over their own text, the innermost winning,
    the colour of the ``whole`` fonts (over the cue) around them; by their offset in the text
    (of length ``n``), where the colour changes.  Colour travels so between SRT and ASS, each
    run in its place (the SRT writer writes such blocks as ``<font color>`` tags again).

    >>> _colour_blocks([], [('<font color="red">', 6, 9)], 15)
    [(6, '{\\c&H0000FF&}'), (9, '{\\c}')]
    """
    outer = next((c for c in (font_colour(f) for f in reversed(whole)) if c is not None), None)
    coloured = [(st, end, rgb) for tag, st, end in part if (rgb := font_parts(tag)[0]) is not None]
    blocks: list[tuple[int, str]] = []
    before = outer
    for cut in sorted({st for st, _, _ in coloured} | {end for _, end, _ in coloured}):
        if cut >= n:
            break
        inside = [rgb for st, end, rgb in coloured if st <= cut < end]  # (in the order opened: the last innermost)
        now = inside[-1] if inside else outer
        if now != before:
            blocks.append((cut, "{\\c}" if now is None else "{" + ass_colour(now) + "}"))
            before = now
    return blocks


def prepare(text: str) -> str:
    """``text`` without a byte-order mark, with CR LF and lone CR as LF."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def no_subtitle(text: str, line: int) -> ParseError:
    """The error for a file with text but no timing line (``line``: its first text line)."""
    return ParseError(
        "srt",
        "no subtitle found (expected a line like 00:00:01,000 --> 00:00:02,000)",
        line=line,
        snippet=text.split("\n")[line - 1].strip(),
    )


# A timing line (with the line of digits just before it: its index, which may follow the
# byte-order mark of a file joined on: ``cat a.srt b.srt``), found by one search over
# the whole text; each match starts at the "\n" before the line.  The first branch is the usual
# shape, read straight from its groups; the second catches every other line whose first ">"
# follows a "-" or a blank: every line ``parse_srt_timing`` might accept (its first ">" follows a
# "-" and blanks), found without backtracking (the line is scanned once, possessively); each
# is handed to ``parse_srt_timing``, and a line it rejects is text.
_TS = r"([0-9]{1,9}:[0-5][0-9]):([0-5][0-9])[,.]([0-9]{1,3})"
_TIMING = (
    r"(?:\ufeff?([0-9]+)[^\S\n]*\n)?"
    r"(?:[^\S\n]*" + _TS + r" +--> +" + _TS + r"(?![0-9:.,])([^\n]*)|([^\n>]*+(?<=[-\s])>[^\n]*))"
    # then the lines after it that are plainly cue text: not blank, not a line of digits, no
    # trailing blank, none of "< > {" or U+2060 but in a span tag as written (``<i>``, ``</B>``:
    # its ">" follows a letter, so such a line is never a timing line) (the search takes them in
    # C, each line in one possessive run, without backtracking; any other text after the timing
    # line is found between this match and the next, and read the long way)
    r"((?:\n(?!\ufeff?[0-9]+[^\S\n]*(?:\n|\Z))(?:[^\n<>{\u2060]++|</?[ibusIBUS]>)++(?<!\s)(?=\n|\Z))*)"
)
_TIMING_LINE = re.compile(r"\n" + _TIMING)
_FIRST_TIMING_LINE = re.compile(_TIMING)  # the same, at the start of the text
#: the white space at the end of a line the reader ignores: ASCII spaces and tabs (ffmpeg drops
#: spaces there too).  Other white space (U+00A0, U+3000, ...) is text, kept as srt, webvtt-py and
#: ffmpeg keep it (before, it was dropped with no report entry)
LINE_END_BLANKS = " \t"
_LINE_END_SPACE = re.compile(r"[ \t]+(?=\n|\Z)")
# a line ending in a space or tab, found from its "\n" (a literal first: searched at C speed)
_SPACE_BEFORE_NEWLINE = re.compile(r"\n(?<=[ \t]\n)")


def read(text: str, report: Report) -> Track:
    """Read SRT ``text`` into a :class:`Track`, repairing and reporting what it must.

    One search finds every timing line; the text between two timing lines is the first
    one's cue text, except a line of digits just before the second, which is its index.
    Text before the first timing line is dropped (and reported); spaces and tabs at line ends
    and blank lines around the text are ignored (other white space, U+00A0, U+3000, is text);
    a blank line inside is kept.
    """
    return read_pieces((text,), report)


def read_pieces(pieces: Iterable[str], report: Report) -> Track:
    """:func:`read` of the text ``pieces`` make, a piece at a time (cut anywhere).

    The search runs over what is held: the text from the end of the last timing line read
    (the cue it starts is read when the next timing line is found) and the next piece.  In
    a piece that is not the last, the last timing line found is left for the next search
    (the line or the index before it may go on in the next piece).
    """
    reading = _Reading(report)
    for piece, last in text_pieces(pieces):
        reading.feed(piece, last)
    return Track(tuple(reading.cues))


class _Reading:
    """The reader's state from one piece to the next: the cues read, the cue being read (its
    text goes on to the next timing line), the text held."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.cues: list[Cue] = []
        self.last_index = -1  # the last index read (-1: none yet)
        self.first_content = 0  # line of the first text before any timing line (0: none)
        # the current cue: start, end, its timing line's number, the text after the times; and
        # the plain lines the search took after its timing line ("" or "\n"-prefixed lines)
        self.cur = (0, 0, 0, "")
        self.body = ""
        self.line_no = 0  # the current timing line's number (0: before the first)
        self.lines_before = 0  # lines of the input before the text held (for an error's line number)
        self.held = ""

    def feed(self, piece: str, last: bool) -> None:
        """Read the text held and ``piece`` (``last``: the input's last piece)."""
        text = self.held + piece if self.held else piece
        done = self.scan(text, last)
        if last:
            cur = self.cur if self.line_no else None
            _end_of_text(
                text, self.cues, self.report, done=done, cur=cur, body=self.body, first_content=self.first_content
            )
            say_unreadable(self.report, STEP, _UNREADABLE)
        else:
            self.lines_before += text.count("\n", 0, done)
            self.held = text[done:]

    def scan(self, text: str, last: bool) -> int:
        """Read the cues before each timing line ``text`` holds (in a text that is not the
        ``last``, but the last line); where the text not taken by a timing line starts."""
        report = self.report
        cues = self.cues
        append = cues.append
        hours_minutes, seconds, fraction = srt_field_tables()
        plain = text_cue
        start, end, number, position = self.cur
        body, line_no, last_index = self.body, self.line_no, self.last_index
        done = 0  # where the text not taken by a match starts
        for m in _timing_lines(text, not line_no, last):
            index, hm0, s0, f0, hm1, s1, f1, rest, other, taken = m.groups()
            if other is None:
                t0 = hours_minutes[hm0] + seconds[s0] + fraction[f0]
                t1 = hours_minutes[hm1] + seconds[s1] + fraction[f1]
                if rest:
                    rest = rest.strip()
            else:
                t = _other_timing(text, m, self.lines_before)
                if t is None and not (line_no and _after_blank(text, m, index)):
                    continue  # text after all (and so is the line of digits before it)
                t0, t1, rest = t if t is not None else (0, 0, _Broken(m.group(9).strip()))  # dropped (_finish)
            # the text between the last match and this one is usually the newline of one blank line
            # (a match ends at a line's end, so one character there is that newline)
            if line_no:
                if m.start() - done == 1 and body and not position:  # the usual cue: the search took all its text
                    k = body.count("\n")
                    tags = "<" in body
                    append(_tagged(report, body, start, end, number) if tags else plain(start, end, body[1:], number))
                    number = line_no + 2 + k
                else:
                    seg = body + text[done : m.start()]
                    _finish((start, end, number, position), seg, report, append)
                    number = line_no + 1 + seg.count("\n")
            else:
                number, self.first_content = _first_timing_line(text, m, report)
            if index is not None and len(index) < 20 and int(index) == last_index + 1 and t0 <= t1:  # the usual cue
                number += 1
                last_index += 1
            else:  # a missing or unexpected index, or times the wrong way round
                number, last_index = _numbered(index, last_index, number, len(cues) + 1, report)
                if t1 < t0:
                    t0, t1 = _swapped((t0, t1), number, text, m.start(10), report)
            start, end = t0, t1
            position, body = rest, taken
            line_no = number
            done = m.end()
        self.cur, self.body, self.line_no, self.last_index = (start, end, number, position), body, line_no, last_index
        return done


def _tagged(report: Report, body: str, start: int, end: int, number: int) -> Cue:
    """The cue of the lines the search took (``body``, each after a ``"\\n"``) when they hold span
    tags (``number``: its timing line)."""
    return parse_cue_text(body[1:], (start, end, number), report, {})


def _timing_lines(text: str, at_start: bool, last: bool) -> Iterable[re.Match[str]]:
    """The timing lines (with their index lines) one search finds in ``text`` (``at_start``: the
    input's start, where the first may have no line before it); in a text that is not the
    ``last``, all but the last one."""
    first = _FIRST_TIMING_LINE.match(text) if at_start else None
    found = _TIMING_LINE.finditer(text, 0 if first is None else first.end())
    matches = found if first is None else itertools.chain((first,), found)
    return matches if last else _all_but_last(matches)


def _all_but_last(matches: Iterable[re.Match[str]]) -> list[re.Match[str]]:
    """``matches`` without the last one."""
    found = list(matches)
    del found[-1:]
    return found


def _other_timing(text: str, m: re.Match[str], lines_before: int = 0) -> tuple[int, int, str] | None:
    """The times and the text after them on the timing line of an unusual shape ``m`` found
    (its group 9), or None: the line is text after all (``lines_before``: the lines of the
    input before ``text``, for an error's line number)."""
    try:
        return parse_srt_timing(m.group(9).strip())
    except ParseError as exc:  # the line looks like a timing line, but a field is absurd
        line = lines_before + text.count("\n", 0, m.start(9)) + 1
        raise ParseError(STEP, exc.reason, line, snippet=exc.snippet) from None


def _first_timing_line(text: str, m: re.Match[str], report: Report) -> tuple[int, int]:
    """The line number of the first timing line ``m`` (or of its index), and that of the first
    text before it (0: none), that text reported as dropped."""
    if m.re is _FIRST_TIMING_LINE:  # at the start of the text (no "\n" before it)
        return 1, 0
    gap = "\n" + text[: m.start()]
    return 1 + gap.count("\n"), _before_first(gap, report)


def _numbered(index: str | None, last_index: int, number: int, cue: int, report: Report) -> tuple[int, int]:
    """Read the index line ``index`` (None: missing) of cue number ``cue``, which is on line
    ``number`` (none: the timing line is): the timing line's number and the index read,
    reporting a missing index and one out of sequence after ``last_index``."""
    if index is None:
        report.add(STEP, "repaired", f"missing index (cue {cue})", number)
        return number, last_index
    got = int(index) if len(index) <= 4000 else None  # (int() refuses more than 4,300 digits)
    if got is None:  # thousands of digits: out of sequence whatever they are
        report.add(
            STEP, "repaired", f"index of {len(index)} digits out of sequence: cues are numbered by position", number
        )
        got = last_index + 1
    elif got != last_index + 1 and (last_index >= 0 or got > 1):
        what = "first index" if last_index < 0 else f"after {last_index}"
        report.add(STEP, "repaired", f"index {got} out of sequence ({what}): cues are numbered by position", number)
    return number + 1, got


def _swapped(times: tuple[int, int], number: int, text: str, eol: int, report: Report) -> tuple[int, int]:
    """``times`` (an end before its start) swapped, reported with the timing line ``number`` (ending at ``eol``)."""
    t0, t1 = times
    line = text[text.rfind("\n", 0, eol) + 1 : eol].rstrip()
    report.add(STEP, "repaired", f"end {t1} ms before start {t0} ms: swapped", number, line)
    return t1, t0


def _end_of_text(
    text: str,
    cues: list[Cue],
    report: Report,
    *,
    done: int,
    cur: tuple[int, int, int, str] | None,
    body: str,
    first_content: int,
) -> None:
    """Add the last cue ``cur`` (start, end, line, text after the times; None: no timing line)
    from the lines the search took (``body``) and the text after them (from ``done``); raise
    when the text held no cue but text (``first_content``: the line of the first)."""
    tail = text[done:]
    if cur is None:
        if tail:
            first_content = _before_first("\n" + tail, report)
    elif tail in {"", "\n"} and body and not cur[3]:
        cues.append(text_cue(cur[0], cur[1], body[1:], cur[2]) if "<" not in body else _tagged(report, body, *cur[:3]))
    else:
        _finish(cur, body + tail, report, cues.append)
    if not cues and first_content:
        raise no_subtitle(text, first_content)


def _finish(cur: tuple[int, int, int, str], seg: str, report: Report, append: Callable[[Cue], None]) -> None:
    """Make the cue ``cur`` (start, end, line, text after the times) from ``seg``, its text as read."""
    start, end, number, rest = cur
    if isinstance(rest, _Broken):
        _drop_broken(rest, seg, number, report)
        return
    if _SPACE_BEFORE_NEWLINE.search(seg) is not None or seg[-1:] in (" ", "\t"):
        seg = _LINE_END_SPACE.sub("", seg)
    body = seg.strip("\n")
    if "\n\n" in body:
        report.add(STEP, "repaired", "blank line inside cue text kept as part of the cue", number)
    if not body:
        report.add(STEP, "kept", "empty cue", number)
    extras: dict[str, str | tuple[str, ...]] = {}
    if rest:
        extras["srt.position"] = rest
    append(parse_cue_text(body, (start, end, number), report, extras))


class _Broken(str):
    """The timing line of a cue whose times could not be read (see :func:`_after_blank`), where
    the text after a cue's times goes: :func:`_finish` drops the cue."""

    __slots__ = ()


#: A line with an arrow after a digit: where a cue starts, the header of a cue whose times are lost.
_ARROW_AFTER_DIGIT = re.compile(r"[0-9][^\n>]*-[ \t]*>")


def _after_blank(text: str, m: re.Match[str], index: str | None) -> bool:
    """True when the line ``m`` found (an arrow after a digit, its times unreadable: 00:000:01,000,
    a field of a thousand digits) stands where a cue starts, a line of digits (``index``) before
    it and a blank line before that: the header of a cue whose times are lost, not the text of
    the cue before (which would show its timing line on screen)."""
    at = m.start()
    if index is None or at == 0 or _ARROW_AFTER_DIGIT.search(m.group(9)) is None:
        return False
    return not text[text.rfind("\n", 0, at) + 1 : at].strip()


_UNREADABLE = "cue dropped: its timing line could not be read (expected 00:00:01,000 --> 00:00:02,000)"


def _drop_broken(header: str, seg: str, number: int, report: Report) -> None:
    """Report the cue whose timing line ``header`` (line ``number``) could not be read, and each
    line of its text ``seg``, as dropped."""
    report.add(STEP, "dropped", _UNREADABLE, number, str(header))
    for k, line in enumerate(seg.split("\n")[1:], 1):
        if line.strip():
            report.add(STEP, "dropped", "text of a cue whose timing line could not be read", number + k, line.rstrip())


def _before_first(seg: str, report: Report) -> int:
    """Report each line of ``seg`` (the text before the first timing line); the first's number."""
    first = 0
    for n, line in enumerate(seg.split("\n")[1:], 1):
        line = line.rstrip()
        if line:
            first = first or n
            report.add(STEP, "dropped", "text before the first timing line", n, line)
    return first


# --------------------------------------------------------------------- writing


def stream(track: Track, options: WriteOptions, report: Report) -> Iterator[str]:
    """Write ``track`` as SRT text (escaped as documented in ``docs/formats.md``), a piece at a time.

    ASS comments are not written; what carries no meaning is normalised and a cue with no
    visible text dropped (:func:`subconv.formats.escapes.prepare`), each reported.
    """
    yield from _stream_cues(track, shown(track.cues, report, STEP), options, report)


def stream_feed(track: Track, cues: CueFeed, options: WriteOptions, report: Report) -> Iterator[str]:
    """:func:`stream` of ``track``'s header and the cues of ``cues``, given one at a time."""
    yield from _stream_cues(track, cues, options, report)


def _stream_cues(track: Track, cues: Sequence[Cue] | CueFeed, options: WriteOptions, report: Report) -> Iterator[str]:
    """:func:`stream`'s work: the cues ``cues`` (ASS comments already left out), ``track`` the rest."""
    sink = Lines()
    out, flush = sink.lines, sink.FLUSH
    previous_speaker: str | None = None
    clock = clock_formatter(SRT_CLOCK)
    timing = timing_formatter(SRT_CLOCK, " --> ")
    append = out.append
    is_last = last_check(cues)
    n = 0
    styles = style_alignments(track) if "ass.styles" in track.meta else {}
    looks = style_formatting(track) if "ass.styles" in track.meta else {}
    colours = style_colours(track) if "ass.styles" in track.meta else {}
    # (a Default ASS style off the bottom centre places every cue, an italic one slants it, a red one colours it)
    as_it_may_be = "Default" not in styles and "Default" not in looks and "Default" not in colours
    clamped = 0
    for k, cue in enumerate(cues):
        if len(out) >= flush:
            yield sink.take()
        plain = as_it_is(cue, MAX_MS, srt_unchanged, SRT_SPAN_TAGS) if as_it_may_be else None
        if plain is not None:  # no escape rule applies: as it is, with its tags
            previous_speaker = None
            n += 1
            append(f"{n}\n{timing(plain[0], plain[1])}\n{plain[2]}\n")
            continue
        if cue.start is None or cue.end is None:
            from ..errors import WriteError

            raise WriteError(f"cannot write SRT: cue {n + 1} has no times")
        ready = prepare_cue(styled(cue, looks, colours) if looks or colours else cue, report, STEP, SRT_BLANKS)
        if ready is None:
            continue
        n += 1
        prefix = speaker_prefix(ready, previous_speaker, options)  # where a turn starts, not on every cue
        previous_speaker = ready.speaker
        clamped += max(ready.start or 0, ready.end or 0) > MAX_MS
        append(f"{n}\n{_timing_line(ready, clock, report)}\n{_body(ready, prefix, is_last(k), styles, report)}\n")
        if ready.extras:
            report_uncarried(ready, "srt", report, STEP)
    say_clamped(report, clamped, clock(MAX_MS), STEP)
    yield sink.take()


write = whole_text(stream)


def _timing_line(cue: Cue, clock: Callable[[int], str], report: Report) -> str:
    """The cue's timing line, its times clamped to SRT's clock (reported), its position after them."""
    times = []
    for label, ms in (("start", cue.start), ("end", cue.end)):
        assert ms is not None
        if ms > MAX_MS:
            report.add(STEP, "rewritten", f"{label} {ms} ms clamped to 99:59:59,999", cue.source_line, cue.text)
            ms = MAX_MS
        elif ms < 0:
            report.add(STEP, "rewritten", f"negative {label} {ms} ms written as 0", cue.source_line, cue.text)
            ms = 0
        times.append(clock(ms))
    pos = cue.extras.get("srt.position")
    tail = f" {pos}" if isinstance(pos, str) and pos else ""
    return f"{times[0]} --> {times[1]}{tail}"


def _body(cue: Cue, prefix: str, last: bool, styles: dict[str, str], report: Report) -> str:
    """The cue's text escaped (``prefix``: a speaker's name before it), in its ``<font>`` tag
    (or one of its ASS colour) after its ``{\\anN}`` placement; ``last``: the file's last cue."""
    fonts = cue_fonts(cue)
    runs = colour_runs(cue) if cue.extras else ()  # (an ASS colour travels as <font color>, in its place)
    whole = not fonts and len(runs) == 1 and runs[0][:2] == (0, len(cue.text))
    marks = None if whole else _colour_marks(runs, len(prefix))
    spans = _cut_at(cue.spans, runs) if marks else cue.spans  # (each <font> holds whole <b>/<i> tags)
    if prefix:
        shifted = [Span(sp.start + len(prefix), sp.end + len(prefix), sp.kind) for sp in spans]
        text = prefix + cue.text
        body = encode_text(text, shifted, srt_insertions(text, shifted, last), SRT_SPAN_TAGS, marks=marks)
    elif marks:
        text = cue.text
        body = encode_text(text, spans, srt_insertions(text, spans, last), SRT_SPAN_TAGS, marks=marks)
    else:
        body = escape_srt(cue.text, cue.spans, last)
    if fonts:
        written = [f for f in fonts if _FONT_OPEN.fullmatch(f)]
        if len(written) < len(fonts):
            bad = " ".join(f for f in fonts if f not in written)
            report.add(STEP, "dropped", f"font not written (not a <font ...> tag): {bad}", cue.source_line, cue.text)
        body = "".join(written) + body + "</font>" * len(written)
    elif whole:
        body = f'<font color="#{runs[0][2]}">{body}</font>'
    align = cue_align(cue, styles)
    if align is not None and align != "2":
        body = f"{{\\an{align}}}{body}"
    return body


def _cut_at(spans: Sequence[Span], runs: Sequence[tuple[int, int, str]]) -> tuple[Span, ...]:
    """``spans`` cut where a colour run starts or ends inside one, so that the tags of each
    piece nest with the ``<font color>`` tags (as players and ffmpeg read them, not across
    them): a span around a run it holds with text either side stays whole (the font inside it).

    >>> _cut_at([Span(0, 9, "i")], [(4, 8, "0000ff")]), _cut_at([Span(0, 6, "i")], [(4, 8, "0000ff")])
    ((Span(start=0, end=9, kind='i'),), (Span(start=0, end=4, kind='i'), Span(start=4, end=6, kind='i')))
    >>> _cut_at([Span(0, 9, "b")], [(0, 4, "ff0000"), (4, 9, "0000ff")])
    (Span(start=0, end=4, kind='b'), Span(start=4, end=9, kind='b'))
    """
    out: list[Span] = []
    for sp in spans:
        at = sp.start
        inner = (run for run in runs if not sp.start < run[0] <= run[1] < sp.end)  # (a run held: no cut)
        for k in sorted({k for start, end, _ in inner for k in (start, end)}):
            if at < k < sp.end:
                out.append(Span(at, k, sp.kind))
                at = k
        out.append(Span(at, sp.end, sp.kind))
    return tuple(out)


def _colour_marks(runs: Sequence[tuple[int, int, str]], shift: int) -> dict[int, list[str]] | None:
    """The ``<font color>`` tags of the colour ``runs`` (:func:`~.placement.colour_runs`) by their
    offset in the text written (``shift``: a speaker's name before the cue's text), each run's
    closing tag before the next one's opening tag; None for no run.

    >>> _colour_marks([(6, 9, "ff0000"), (9, 15, "ffffff")], 0)
    {6: ['<font color="#ff0000">'], 9: ['</font>', '<font color="#ffffff">'], 15: ['</font>']}
    """
    if not runs:
        return None
    marks: dict[int, list[str]] = {}
    for start, end, rgb in runs:
        marks.setdefault(start + shift, []).append(f'<font color="#{rgb}">')
        marks.setdefault(end + shift, []).append("</font>")
    return marks


def cue_markup(cue: Cue, report: Report) -> str:
    """The text the writer writes for ``cue`` (``subconv.markup``), as the last cue of a file
    (the form read the same wherever it stands); what its text's markup holds that SRT cannot,
    and what the writer tidies, reported."""
    ready = tidied(cue, report, STEP, SRT_BLANKS)
    body = _body(ready, "", True, {}, report)
    report_markup_uncarried(ready, "srt", report, STEP)
    return body


#: the lines before a cue's text in the file :func:`read_markup` reads it from
_MARKUP_HEAD = "1\n00:00:00,000 --> 00:00:00,000\n"


def read_markup(text: str, cue: Cue, report: Report) -> Cue:
    """``cue`` with the text ``text`` as the reader reads a cue's text (the only cue of a file):
    its tags, ``{\\anN}``, escapes; spaces and tabs at line ends and blank lines at the ends are
    not the text's, a blank line inside is (``repaired``).  A text that holds another cue (a timing
    line, with or without its index) is a :class:`ParseError` at that line."""
    got = Report()
    head = _MARKUP_HEAD.count("\n")
    try:
        cues = read(_MARKUP_HEAD + text + "\n", got).cues
    except ParseError as exc:  # (a timing line with an absurd field: the line of the text)
        line = None if exc.line is None else exc.line - head
        raise ParseError(STEP, exc.reason, line, snippet=exc.snippet) from None
    broken = [e.line for e in got.entries if e.reason == _UNREADABLE and e.line is not None]
    if len(cues) != 1 or broken:
        at = min([c.source_line or 0 for c in cues[1:]] + broken) - head
        raise ParseError(STEP, "the text holds another cue (a timing line)", at, snippet=text.split("\n")[at - 1])
    for e in got.entries:
        report.add(e.step, e.action, e.reason, cue.source_line, e.text)
    return marked_up(cue, cues[0], report, STEP, placement=True)


FORMAT = Format(
    name="srt",
    extensions=(".srt",),
    aliases=("subrip",),
    sniff=sniff,
    sniff_rank=60,
    read=read,
    read_pieces=read_pieces,
    write=write,
    stream=stream,
    feed=stream_feed,
    resolution_ms=SRT_CLOCK.resolution,
    markup=True,
    placement=True,
    speaker_prefix=True,
    cue_markup=cue_markup,
    read_markup=read_markup,
    unheld_partly=styles_carried("srt"),
)

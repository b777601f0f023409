"""How cue text is made safe to write: the one place for the writers' escape rules.

SRT has no escape mechanism, and WebVTT's character references do not help against
other parsers, so the writers break what a parser would misread by inserting U+2060
WORD JOINER (WJ, invisible), double every WJ the text already holds, and never put a
mark directly after a WJ; the readers turn a run of *k* WJs back into *k // 2*.

A WJ is inserted only where a line would otherwise really be misread by a major
parser (subconv, pysubs2, srt, webvtt-py, ffmpeg/libass, the WebVTT parser):

* **SRT and WebVTT**

  - an empty line inside a cue (it would end the cue): the line is the WJ alone;
  - a line that is itself a timing line for some parser: WJ before the ``>`` of its
    arrow (subconv, srt, webvtt-py, ffmpeg need the arrow) and after each colon
    between digits when pysubs2 finds two timestamps in it;
  - the last line of a cue, when it is a line of digits under another line: WJ before
    it (pysubs2 strips it as the "index of the next subtitle"; in SRT, where each cue
    is followed by its index, only in the file's last cue);
  - ``{\\`` (an ASS override block for pysubs2 and libass): WJ after the brace;
    ``\\N`` (a hard line break for them), ``\\{`` and ``\\}`` (a brace for libass): WJ
    after the backslash; a backslash just
    before a span tag (ffmpeg makes ``<i>`` ``{\\i1}``): WJ after the backslash;

* **SRT only**: ``<`` that starts a tag for pysubs2, ffmpeg or subconv (``<``, blanks,
  an optional ``/``, blanks, a letter, digit, ``/`` or ``>``, all on one line, and a ``>``
  somewhere after; not ``</`` that ends a line):
  WJ after ``<``; a line of digits followed by a line holding ``-->`` or starting with a timestamp
  (the srt library and webvtt-py start a cue there, index first): WJ before the digits.
  WebVTT writes ``& < >`` as character references instead.

* **ASS**: ``\\`` before ``N n h { }`` or a span tag: WJ after it (``{`` itself is
  written ``\\{``).

* **SBV and SubViewer** (no markup): WJ before a blank or timing-like line, and after the
  ``[`` of a literal ``[br]``; **LRC**: WJ before a blank line or one starting like a stamp
  (``[01:02``), and after the ``<`` of a literal word stamp (``<01:02.50>``); **TTML** is XML
  (:func:`xml_text`, :func:`xml_attribute`).

* **MicroDVD, MPL2 and TMP** (written through pysubs2, :data:`PLAIN_RULES`): a ``{`` before a
  backslash (the override block subconv reads in pysubs2's rendering) and, in MicroDVD, a ``{``
  starting a code (a letter, a colon, a ``}`` after: ``{y:i}``): WJ after the brace; MPL2: a
  line starting with ``/`` (its italics, the slash not shown): WJ before it; TMP: ``<`` that
  starts a tag for pysubs2 (deleted, ``<u>`` read as underline): WJ after it, and an empty line
  inside a cue (pysubs2 writes a run of line breaks as one ``|``): the line is the WJ alone.  ``|`` is their
  line break and nothing escapes it: it is written as :data:`BAR_STAND_IN` (reported).

These rules are declared as :class:`Rule` tuples per format (:data:`SRT_RULES`,
:data:`VTT_RULES`, :data:`ASS_RULES`), each with the patterns it needs to find before it can
mark anything; the writers' fast-path checks are built from those (:func:`unchanged_check`).
Each ``escape_*`` function below has its inverse beside it.

What carries no meaning is normalised instead of escaped (:func:`tidy`): the white space at
the ends of a line that the format's readers lose (:data:`BLANKS`; the rest is written as it
is) and empty lines at the start and end of a cue are removed, and a cue with no visible text
is not written (both reported by the writers).

>>> srt_insertions("12:30 or 13:45\\nC:\\\\new 2049", (), last=True)
set()
>>> sorted(srt_insertions("00:00:01,000 --> 00:00:02,000", (), last=False))
[3, 6, 15, 20, 23]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import NamedTuple

from ..model import EMPTY, Cue, Span
from ..report import Report
from ..timefmt import parse_sbv_timing, parse_srt_timing
from .base import COMMENT_NOT_SHOWN, NOT_SHOWN, has_visible, in_order, say_before_zero

WJ = "\u2060"

# pysubs2's timestamps: SRT (found anywhere in a line: two make a timing line) and WebVTT
_PYSUBS2_SRT_TS = re.compile(r"\d{1,2}:\d{1,2}:\d{1,2}[.,]\d{1,3}")
_PYSUBS2_VTT_TS = re.compile(r"(?:\d{0,4}:)?\d{2}:\d{2}\.\d{2,3}")
# the srt library's timestamp (``[,.:，．。：]`` between the fields) and arrow
_SRT_LIB_SEP = "[,.:\uff0c\uff0e\u3002\uff1a]"
_SRT_LIB_TS = "[0-9]+" + _SRT_LIB_SEP + "[0-9]+" + _SRT_LIB_SEP + "[0-9]+" + _SRT_LIB_SEP + "?[0-9]*"
_SRT_LIB_TIMING = re.compile(r"\s*" + _SRT_LIB_TS + r" *-[ -] *> *" + _SRT_LIB_TS)
# webvtt-py and ffmpeg: ``H:MM:SS.mmm -->`` style (hours optional, ``,`` or ``.``)
_CLOCK_TIMING = re.compile(r"\s*(?:\d+:)?\d{1,2}:\d{1,2}[,.]\d+\s*-->\s*(?:\d+:)?\d{1,2}:\d{1,2}[,.]\d+")
# a line the srt library (``-?[0-9]+.?[0-9]*``) or webvtt-py (``isdigit``) takes for an index
_INDEX_LIKE = re.compile(r"\s*-?\d+\.?\d*\s*")
_SRT_LIB_TS_START = re.compile(r"\s*" + _SRT_LIB_TS)
_DIGIT_COLON_DIGIT = re.compile(r"(?<=\d:)(?=\d)")
# ``<`` opening or closing a tag for pysubs2 (``< */? *[a-zA-Z]``), subconv and ffmpeg (which also
# removes ``<>``, ``</>``, ``<1>``, ``<3 b>``)
#: (on its line: no parser reads a tag over a line break, nor ``</`` at the end of a line)
_TAG_START = re.compile(r"<(?![^\S\n]*/[^\S\n]*(?:\n|\Z))(?=[^\S\n]*/?[^\S\n]*[\w>/])")
_ARROW_GT = re.compile(r"(?<=-)\s*>")


# --------------------------------------------------------------------- decoding and encoding


def wj_decode(raw: str, spans: Sequence[Span] = ()) -> tuple[str, tuple[Span, ...]]:
    """Undo word-joiner escaping: each run of *k* U+2060 becomes *k // 2*.

    Span offsets (into ``raw``) are mapped to offsets into the result.

    >>> wj_decode("a\\u2060-\\u2060\\u2060\\u2060x")
    ('a-\\u2060x', ())
    """
    if WJ not in raw:
        return raw, tuple(spans)
    text, pos_map = _wj_map(raw)
    mapped = tuple(Span(pos_map[s.start], pos_map[s.end], s.kind) for s in spans)
    return text, mapped


def wj_offsets(raw: str, offsets: Sequence[int]) -> tuple[int, ...]:
    """``offsets`` of ``raw`` as offsets of ``wj_decode(raw)[0]`` (as the spans' there).

    >>> wj_offsets("a\u2060\u2060b\u2060c", [1, 3, 5])
    (1, 2, 3)
    """
    if WJ not in raw:
        return tuple(offsets)
    pos_map = _wj_map(raw)[1]
    return tuple(pos_map[o] for o in offsets)


def _wj_map(raw: str) -> tuple[str, list[int]]:
    """``raw`` with its WJ escapes undone, and where each offset of ``raw`` (and its end) is in it."""
    out: list[str] = []
    pos_map = [0] * (len(raw) + 1)
    i = 0
    n = len(raw)
    new = 0
    while i < n:
        if raw[i] != WJ:
            pos_map[i] = new
            out.append(raw[i])
            new += 1
            i += 1
            continue
        j = i
        while j < n and raw[j] == WJ:
            j += 1
        for o in range(j - i):
            pos_map[i + o] = new + o // 2
        keep = (j - i) // 2
        out.append(WJ * keep)
        new += keep
        i = j
    pos_map[n] = new
    return "".join(out), pos_map


def encode_text(
    text: str,
    spans: Sequence[Span],
    insertions: set[int],
    tags: dict[str, tuple[str, str]],
    char_map: dict[str, str] | None = None,
    *,
    marks: Mapping[int, Sequence[str]] | None = None,
) -> str:
    """Write ``text`` with a WJ before each offset in ``insertions``, WJs doubled, and span tags.

    ``tags`` maps a span kind to its (open, close) markup; ``char_map`` replaces single
    characters (e.g. newline by ``\\N`` in ASS); ``marks``: markup written as it is at an
    offset (ASS override blocks kept in their places), after the spans that close there and
    before those that open.  A WJ is only inserted directly after a
    character that is not itself a WJ (or at the start), which keeps decoding injective.
    """
    if not insertions and not spans and not marks and WJ not in text:
        if char_map:
            for k, v in char_map.items():
                text = text.replace(k, v)
        return text
    opens, closes = _tags_at(spans, tags)
    out: list[str] = []
    n = len(text)
    for i in range(n + 1):
        if i in insertions and (i == 0 or text[i - 1] != WJ):
            out.append(WJ)
        if i in closes:
            out.extend(reversed(closes[i]))
        if marks and i in marks:
            out.extend(marks[i])
        if i in opens:
            out.extend(opens[i])
        if i == n:
            break
        ch = text[i]
        if ch == WJ:
            out.append(WJ + WJ)
        elif char_map is not None and ch in char_map:
            out.append(char_map[ch])
        else:
            out.append(ch)
    return "".join(out)


def _tags_at(
    spans: Sequence[Span], tags: dict[str, tuple[str, str]]
) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """The opening and the closing tags of the non-empty ``spans`` of a kind in ``tags``, by offset."""
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    for s in spans:
        if s.end <= s.start or s.kind not in tags:
            continue
        o, c = tags[s.kind]
        opens.setdefault(s.start, []).append(o)
        closes.setdefault(s.end, []).append(c)
    return opens, closes


# --------------------------------------------------------------------- normalising


#: C0 control characters the decoder counts as signs of a binary file (all but TAB, LF, VT, FF,
#: CR, SUB and ESC; NUL among them): never written, so that whatever subconv writes it reads back.
REFUSED_CONTROLS = frozenset(chr(c) for c in range(32) if c not in (9, 10, 11, 12, 13, 26, 27))
_HAS_REFUSED = re.compile("[\\x00-\\x08\\x0e-\\x19\\x1c-\\x1f]")


#: the reasons :func:`tidy` gives (a writer that renders through another's, as JSON through ASS,
#: reports them as its own: the text it writes is the tidied one)
CR_AS_BREAKS = "carriage returns written as line breaks"
CONTROLS_REMOVED = "control characters removed"
SPACE_REMOVED = "white space at line ends removed"
TIDY_REASONS = frozenset((CR_AS_BREAKS, CONTROLS_REMOVED, SPACE_REMOVED))


class Blanks(NamedTuple):
    """The white space a format's readers lose at line ends, which its writer removes (reported)
    and writes everywhere else as it is: ``starts`` at the start of every line, ``ends`` at the
    end of every line, ``first`` at the start of the text (of its first line that is left with
    any) and ``last`` at its end, as ``str.strip`` takes its argument (None: every Unicode white
    space character; ``""``: none).  Each format's are in :data:`BLANKS`."""

    starts: str | None
    ends: str | None
    first: str | None = ""
    last: str | None = ""


#: every Unicode white space character at the ends of every line (a reader strips each line)
ALL_BLANKS = Blanks(None, None)
#: measured (the readers of ``tests/formats`` and ``tests/clients``; ``docs/formats.md``):
#: SRT: subconv ignores spaces and tabs at a line's end, pysubs2 strips the start of the text,
#: ffmpeg drops spaces at a line's start and end (a tab, U+00A0, U+3000 and the other spaces it
#: keeps, as srt and webvtt-py keep all)
SRT_BLANKS = Blanks(" ", " \t", None)
#: WebVTT (the parser, webvtt-py, ffmpeg keep everything) and the formats pysubs2 writes a cue of
#: on one line (MicroDVD, TMP): pysubs2 strips the text
TEXT_BLANKS = Blanks("", "", None, None)
#: ASS and SSA: pysubs2 strips the line of the file, which ends with the text
ASS_BLANKS = Blanks("", "", "", None)
#: SBV, SubViewer and TextGrid: subconv's reader strips spaces and tabs from each line
SBV_BLANKS = Blanks(" \t", " \t")
BLANKS = {
    "srt": SRT_BLANKS,
    "vtt": TEXT_BLANKS,
    "ass": ASS_BLANKS,
    "ssa": ASS_BLANKS,
    "json": ASS_BLANKS,  # (pysubs2's JSON holds the ASS text subconv renders it through)
    "microdvd": TEXT_BLANKS,
    "tmp": TEXT_BLANKS,
    "mpl2": ALL_BLANKS,  # (pysubs2 strips each line)
    "sbv": SBV_BLANKS,
    "subviewer": SBV_BLANKS,
    "textgrid": SBV_BLANKS,  # (subconv's reader strips spaces and tabs from each line of a label)
    "lrc": SBV_BLANKS,  # (subconv's reader strips spaces and tabs from a line's text)
}


def tidy(cue: Cue, blanks: Blanks = ALL_BLANKS) -> tuple[Cue | None, tuple[str, ...]]:
    """``cue`` with what carries no meaning removed, and the reasons: control characters our own
    reader refuses (:data:`REFUSED_CONTROLS`), the white space at the ends of lines ``blanks``
    says the format's readers lose, empty lines at the start and end (spans follow their text);
    None when no visible text is left.  The cue itself (and no reason) when nothing changes.

    >>> c, why = tidy(Cue(0, 1, ("", "  a ", "", " b\\x00", ""), (Span(3, 4, "i"),)))
    >>> c.lines, c.spans, why
    (('a', '', 'b'), (Span(start=0, end=1, kind='i'),), ('control characters removed', \
'white space at line ends removed'))
    >>> tidy(Cue(0, 1, (" ", "\u200b")))
    (None, ('no visible text',))
    >>> tidy(Cue(0, 1, ("\u3000", " \u3000a\u3000 ", "\u3000b\u3000", "\u3000")), ASS_BLANKS)[0].lines
    ('\u3000', ' \u3000a\u3000 ', '\u3000b')
    """
    if "\r" in cue.text:
        out, why = tidy(carriage_returns_as_breaks(cue), blanks)
        return out, why if out is None else (CR_AS_BREAKS, *why)
    lines = cue.lines
    text = cue.text
    if not has_visible(text):
        return None, ("no visible text",)
    controls = _HAS_REFUSED.search(text) is not None
    cleaned = [line.translate(_DELETE) for line in lines] if controls else list(lines)
    stripped = _line_ends_stripped(cleaned, blanks)
    first_chars, last_chars = blanks.first, blanks.last
    if first_chars != "":
        _strip_edge(stripped, first_chars, 0)
    if last_chars != "":
        _strip_edge(stripped, last_chars, -1)
    if not controls and stripped[0] and stripped[-1] and stripped == list(lines):
        return cue, ()
    first = 0
    while not stripped[first]:
        first += 1
    last = len(stripped)
    while not stripped[last - 1]:
        last -= 1
    new_lines = tuple(stripped[first:last])
    reasons: tuple[str, ...] = (CONTROLS_REMOVED,) if controls else ()
    if any(a != b for a, b in zip(cleaned, stripped, strict=True)) or first or last < len(lines):
        reasons += (SPACE_REMOVED,)
    if not cue.spans:
        return cue.replace(lines=new_lines), reasons
    pos_map = _tidied_offsets(lines, cleaned, stripped, (first, last), controls)
    return cue.replace(lines=new_lines, spans=_moved_spans(cue.spans, pos_map)), reasons


def _line_ends_stripped(lines: Sequence[str], blanks: Blanks) -> list[str]:
    """``lines`` without the white space ``blanks`` says the format's readers lose at the start
    and end of every line."""
    if blanks.starts == blanks.ends:
        return [line.strip(blanks.starts) for line in lines]
    return [line.lstrip(blanks.starts).rstrip(blanks.ends) for line in lines]


def invisible_tidied(cue: Cue, blanks: Blanks) -> Cue:
    """A cue with no visible text (which :func:`tidy` leaves out) as its format's readers read
    it back: the white space ``blanks`` says they lose at the ends of each line removed (its
    spans moved with the text), its lines kept.  So its markup (``subconv.markup``) reads back
    as the same markup: a line of a tab, written as the WJ of a blank line before the tab, would
    read back as an empty line.

    >>> invisible_tidied(Cue(0, 1, ("\t", "\u00a0 ")), SRT_BLANKS).lines
    ('', '\xa0')
    """
    lines = list(cue.lines)
    stripped = _line_ends_stripped(lines, blanks)
    if stripped == lines:
        return cue
    if not cue.spans:
        return cue.replace(lines=tuple(stripped))
    pos_map = _tidied_offsets(lines, lines, stripped, (0, len(lines)), False)
    return cue.replace(lines=tuple(stripped), spans=_moved_spans(cue.spans, pos_map))


def _strip_edge(lines: list[str], chars: str | None, edge: int) -> None:
    """``chars`` stripped from the start (``edge`` 0) or the end (-1) of ``lines``' text: from
    its first or last line left with anything (the empty lines before or after it are not
    written)."""
    order = range(len(lines)) if edge == 0 else range(len(lines) - 1, -1, -1)
    for k in order:
        lines[k] = lines[k].lstrip(chars) if edge == 0 else lines[k].rstrip(chars)
        if lines[k]:
            return


_CR = re.compile("\r\n?")


def carriage_returns_as_breaks(cue: Cue) -> Cue:
    """``cue`` with each carriage return in its lines (``\\r``, ``\\r\\n``) made a line break, as
    every reader breaks a line there (a cue given through the library: the readers already
    do so); its spans follow.  Before, the ASS, MPL2, TMP and JSON writers wrote it as it was, and
    the text after it was lost on reading (SBV and SubViewer, which do not :func:`tidy`, call it
    too: they wrote it as it was, and it read back as a line break, unreported).

    >>> c = carriage_returns_as_breaks(Cue(0, 1, ("a\\r\\nb\\rc",), (Span(3, 4, "i"),)))
    >>> c.lines, c.spans
    (('a', 'b', 'c'), (Span(start=2, end=3, kind='i'),))
    """
    text = cue.text
    removed = [m.start() for m in _CR.finditer(text) if m.end() - m.start() == 2]  # (each CR of a CRLF)
    lines = tuple(_CR.sub("\n", text).split("\n"))
    if not cue.spans or not removed:
        return cue.replace(lines=lines)

    def moved(i: int) -> int:
        return i - bisect.bisect_left(removed, i)

    spans = tuple(Span(moved(sp.start), moved(sp.end), sp.kind) for sp in cue.spans)
    return cue.replace(lines=lines, spans=tuple(sp for sp in spans if sp.end > sp.start))


def _tidied_offsets(
    lines: Sequence[str],
    cleaned: list[str],
    stripped: list[str],
    kept: tuple[int, int],
    controls: bool,
) -> list[int]:
    """The offset in the tidied text of every offset of the old text (lines joined by newlines):
    ``cleaned`` are the ``lines`` without refused controls (when ``controls``), ``stripped`` the
    same stripped, and the lines ``kept[0]:kept[1]`` are kept."""
    first, last = kept
    pos_map: list[int] = []
    new = 0
    for k, line in enumerate(lines):
        keep_line = first <= k < last
        body = stripped[k]
        seen = 0  # characters of the cleaned line passed so far
        lead = cleaned[k].find(body) if body else 0  # (what was stripped from its start)
        for ch in line:
            pos_map.append(new)
            if ch in REFUSED_CONTROLS and controls:
                continue
            if keep_line and lead <= seen < lead + len(body):
                new += 1
            seen += 1
        pos_map.append(new)  # the newline after the line
        if keep_line and k < last - 1:
            new += 1
    return pos_map


def _moved_spans(old: Sequence[Span], pos_map: list[int]) -> tuple[Span, ...]:
    """The spans ``old`` moved through ``pos_map``: emptied ones dropped, ones of a kind brought
    together merged, in (start, end, kind) order."""
    spans: list[Span] = []
    for s in sorted(old, key=lambda s: (s.kind, s.start, s.end)):
        a = pos_map[min(max(s.start, 0), len(pos_map) - 1)]
        b = pos_map[min(max(s.end, 0), len(pos_map) - 1)]
        if b <= a:
            continue
        if spans and spans[-1].kind == s.kind and a <= spans[-1].end:  # brought together: one span
            spans[-1] = Span(spans[-1].start, max(b, spans[-1].end), s.kind)
        else:
            spans.append(Span(a, b, s.kind))
    spans.sort(key=lambda s: (s.start, s.end, s.kind))
    return tuple(spans)


_DELETE: dict[int, None] = {ord(c): None for c in REFUSED_CONTROLS}


def prepare(cue: Cue, report: Report, step: str, blanks: Blanks = ALL_BLANKS) -> Cue | None:
    """:func:`tidy` ``cue`` for writing (``blanks``: its format's, :data:`BLANKS`), reporting what
    changed (None: the cue is not written);
    a cue that ends before it starts gets its times swapped (reported); a cue that ends by 0:00
    (``(-1, 0)``: every writer writes a negative time as 0) is written with no length, and a
    warning says so."""
    out, reasons = tidy(cue, blanks)
    if out is None:
        report.add(step, "dropped", NOT_SHOWN, cue.source_line, cue.text)
        return None
    for reason in reasons:
        report.add(step, "rewritten", reason, cue.source_line, cue.text)
    out = in_order(out, report, step)
    if out.start is not None and out.start < 0:
        say_before_zero(report, out, step)
    return out


def shown(cues: Sequence[Cue], report: Report, step: str) -> Sequence[Cue]:
    """``cues`` without ASS ``Comment:`` events (not shown: a format without comments does not
    write them), each dropped one reported."""
    if not any(c.extras.get("ass.comment") == "1" for c in cues if c.extras is not EMPTY):
        return cues
    out = []
    for c in cues:
        if c.extras.get("ass.comment") == "1":
            report.add(step, "dropped", COMMENT_NOT_SHOWN, c.source_line, c.text)
        else:
            out.append(c)
    return out


# --------------------------------------------------------------------- where the marks go


class Rule(NamedTuple):
    """One rule of where a writer puts a WJ.

    ``marks(text, spans, last)`` gives the offsets of ``text`` (a tidied cue text; ``last``: the
    file's last cue) where a WJ goes before the character.  ``needs`` are regular expressions, one
    of which finds something in every text ``marks`` marks, searched in the text with a newline
    added before it (so every line starts after a newline); each starts
    with one character or character class.  The writers' fast path (:func:`unchanged_check`)
    is built from them, so a rule and its fast-path check are declared together.
    """

    name: str
    needs: tuple[str, ...]
    marks: Callable[[str, Sequence[Span], bool], Iterable[int]]


def _lines(text: str) -> Iterator[tuple[int, int, str, list[str]]]:
    """``(index, offset, line, all lines)`` of each line of ``text``."""
    lines = text.split("\n")
    base = 0
    for k, line in enumerate(lines):
        yield k, base, line, lines
        base += len(line) + 1


def _blank_lines(text: str, spans: Sequence[Span], last: bool) -> Iterator[int]:
    """An empty line inside a cue would end it: the line is the WJ alone."""
    return (base for _, base, line, _ in _lines(text) if not line)


def _white_lines(text: str, spans: Sequence[Span], last: bool) -> Iterator[int]:
    """SRT: a line of white space only (U+00A0, U+3000: the SRT writer keeps them) is a blank
    line to webvtt-py's SRT reader, which drops it: WJ before it."""
    return (base for _, base, line, _ in _lines(text) if line.isspace())


def _timing_arrow(text: str, spans: Sequence[Span], last: bool) -> Iterator[int]:
    """A line some parser takes for a timing line (subconv, srt, webvtt-py, ffmpeg need its
    arrow): WJ before the ``>`` of the arrow."""
    for _, base, line, _ in _lines(text):
        if ">" not in line or not (":" in line or "." in line or "," in line):
            continue
        if _SRT_LIB_TIMING.match(line) or _CLOCK_TIMING.match(line) or parse_srt_timing(line.strip()):
            yield from (base + m.end() - 1 for m in _ARROW_GT.finditer(line))


def _stamp_colons(stamps: re.Pattern[str]) -> Callable[[str, Sequence[Span], bool], Iterator[int]]:
    def marks(text: str, spans: Sequence[Span], last: bool) -> Iterator[int]:
        """Two timestamps in a line make it a timing line for pysubs2: WJ after each colon
        between digits."""
        for _, base, line, _ in _lines(text):
            if ":" in line and len(stamps.findall(line)) >= 2:
                yield from (base + m.start() for m in _DIGIT_COLON_DIGIT.finditer(line))

    return marks


def _last_line_digits(text: str, spans: Sequence[Span], last: bool) -> Iterator[int]:
    """The last line of a cue, a line of digits under another line (pysubs2 strips it as the
    next subtitle's index): WJ before it."""
    cut = text.rfind("\n")
    if last and cut != -1 and text[cut + 1 :].strip(" ").isdecimal():
        yield cut + 1


def _index_lines(text: str, spans: Sequence[Span], last: bool) -> Iterator[int]:
    """A line of digits followed by a line holding ``-->`` or starting with a timestamp (the srt
    library and webvtt-py start a cue there, index first): WJ before the digits."""
    for k, base, line, lines in _lines(text):
        if k + 1 < len(lines) and _INDEX_LIKE.fullmatch(line):
            following = lines[k + 1]
            if "-->" in following or _SRT_LIB_TS_START.match(following):
                yield base


def _backslashes(text: str, spans: Sequence[Span], last: bool) -> Iterator[int]:
    """``{\\`` (an ASS override block for pysubs2 and libass): WJ after the brace; ``\\N``,
    ``\\{`` and ``\\}``: WJ after the backslash; a backslash just before a span tag (ffmpeg makes
    ``<i>`` ``{\\i1}``): WJ after it."""
    start = 0
    while (i := text.find("\\", start)) != -1:
        start = i + 1
        if i > 0 and text[i - 1] == "{":
            yield i
        if text[i + 1 : i + 2] in ("N", "{", "}") and i + 1 < len(text):
            yield i + 1
    for sp in spans:
        for pos in (sp.start, sp.end):
            if 0 < pos <= len(text) and text[pos - 1] == "\\":
                yield pos


def _tag_starts(text: str, spans: Sequence[Span], last: bool) -> Iterator[int]:
    """``<`` that starts a tag for pysubs2, ffmpeg or subconv (and a ``>`` somewhere after):
    WJ after the ``<``."""
    final_gt = text.rfind(">")
    for m in _TAG_START.finditer(text):
        if m.start() >= final_gt:
            break
        yield m.end()


def _vtt_last_line_digits(text: str, spans: Sequence[Span], last: bool) -> Iterator[int]:
    """As :func:`_last_line_digits`, in every cue (no index follows a WebVTT cue)."""
    return _last_line_digits(text, spans, True)


def _ass_backslashes(text: str, spans: Sequence[Span], last: bool) -> Iterator[int]:
    """ASS: a backslash before a character of :data:`ASS_ESCAPES`, or before a span tag: WJ after it."""
    bounds = {s.start for s in spans} | {s.end for s in spans} | {len(text)}
    return (i + 1 for i, ch in enumerate(text) if ch == "\\" and (i + 1 in bounds or text[i + 1] in ASS_ESCAPES))


_BLANK_LINE = Rule("blank line", (r"\n\n", r"\n\Z"), _blank_lines)
_BACKSLASH = Rule("ASS markup for other parsers", (r"\\",), _backslashes)
_DIGIT_COLON = r":(?<=\d:)\d"
_LAST_DIGITS = r"\n *\d+ *\Z"

#: SRT: no escape mechanism of its own.
SRT_RULES = (
    _BLANK_LINE,
    Rule("white-space line", (r"\n[^\S\n]+(?:\n|\Z)",), _white_lines),
    Rule("timing arrow", (">",), _timing_arrow),
    Rule("pysubs2 SRT timestamps", (_DIGIT_COLON,), _stamp_colons(_PYSUBS2_SRT_TS)),
    # (in SRT, where each cue is followed by its index, only in the file's last cue)
    Rule("last line of digits", (_LAST_DIGITS,), _last_line_digits),
    Rule("index line", (r"\n[^\S\n]*-?\d+\.?\d*[^\S\n]*\n",), _index_lines),
    _BACKSLASH,
    Rule("tag start", ("<",), _tag_starts),
)

#: WebVTT: ``& < >`` (and CR) are written as character references (:func:`vtt_references`), so
#: no arrow or tag is left; the rest as SRT.
VTT_RULES = (
    _BLANK_LINE,
    Rule("pysubs2 WebVTT timestamps", (_DIGIT_COLON,), _stamp_colons(_PYSUBS2_VTT_TS)),
    Rule("last line of digits", (_LAST_DIGITS,), _vtt_last_line_digits),
    _BACKSLASH,
)

#: ASS: ``{`` is written ``\{`` and a newline ``\N`` (:data:`ASS_CHARS`).
ASS_RULES = (Rule("ASS escape", (r"\\",), _ass_backslashes),)


def _after_brace(codes: bool) -> Callable[[str, Sequence[Span], bool], Iterator[int]]:
    pattern = _CODE_OR_BLOCK if codes else _BLOCK

    def marks(text: str, spans: Sequence[Span], last: bool) -> Iterator[int]:
        """A ``{`` before a backslash (an override block when subconv reads pysubs2's ASS
        rendering: ``{\\i1}``) or, in MicroDVD, one starting a code (``{y:i}``, ``{c:$0000FF}``:
        pysubs2 reads some, subconv hides the rest): WJ after the brace."""
        return (m.end() for m in pattern.finditer(text))

    return marks


def _slash_lines(text: str, spans: Sequence[Span], last: bool) -> Iterator[int]:
    """MPL2: a line starting with ``/`` (pysubs2 and players read the line in italics, the slash
    not shown): WJ before it."""
    return (base for _, base, line, _ in _lines(text) if line.startswith("/"))


def _tmp_tags(text: str, spans: Sequence[Span], last: bool) -> Iterator[int]:
    """TMP: ``<`` that starts a tag for pysubs2 (``< */? *[a-zA-Z][^>]*>``, over a line break
    too, which it deletes, ``<u>`` read as underline to the end): WJ after the ``<``."""
    return (m.end() for m in _PYSUBS2_TMP_TAG.finditer(text))


_BLOCK = re.compile(r"\{(?=\\)")
_CODE_OR_BLOCK = re.compile(r"\{(?=\\|[A-Za-z]:[^}]*\})")
_PYSUBS2_TMP_TAG = re.compile(r"<(?= */? *[a-zA-Z][^>]*>)")
_OVERRIDE_BLOCK = Rule("override block", (r"\{",), _after_brace(codes=False))

#: MicroDVD, MPL2 and TMP, written through pysubs2 (its ``plaintext`` of subconv's ASS, braces
#: kept): the format's codes and what subconv's reading of pysubs2's rendering takes for markup
PLAIN_RULES = {
    "microdvd": (Rule("MicroDVD code or override block", (r"\{",), _after_brace(codes=True)),),
    "mpl2": (_OVERRIDE_BLOCK, Rule("italic line", (r"\n/",), _slash_lines)),
    # (TMP: pysubs2's writer makes a run of line breaks one ``|``: an empty line is the WJ alone)
    "tmp": (_OVERRIDE_BLOCK, Rule("pysubs2 TMP tag", ("<",), _tmp_tags), _BLANK_LINE),
}
#: ``|`` is the line break of MicroDVD, MPL2 and TMP and nothing escapes it (pysubs2, MPlayer
#: and VLC split a line at every one): a ``|`` of the text is written as U+2223 DIVIDES, which
#: looks the same, each cue reported (written as it is, it read back as two lines, silently)
BAR_STAND_IN = "\u2223"


def insertions(rules: Sequence[Rule], text: str, spans: Sequence[Span], last: bool = False) -> set[int]:
    """Offsets of ``text`` where a WJ goes before the character, by ``rules`` (never just after
    a WJ: that keeps decoding injective).

    >>> sorted(insertions(SRT_RULES, "00:00:01,000 --> 00:00:02,000", ()))
    [3, 6, 15, 20, 23]
    >>> insertions(SRT_RULES, "12:30 or 13:45\\nC:\\\\new 2049", (), last=True)
    set()
    """
    out: set[int] = set()
    for rule in rules:
        out.update(rule.marks(text, spans, last))
    return {i for i in out if i == 0 or text[i - 1] != WJ}


def srt_insertions(text: str, spans: Sequence[Span], last: bool) -> set[int]:
    """:func:`insertions` by :data:`SRT_RULES`."""
    return insertions(SRT_RULES, text, spans, last)


def vtt_insertions(text: str, spans: Sequence[Span], last: bool) -> set[int]:
    """:func:`insertions` by :data:`VTT_RULES`."""
    return insertions(VTT_RULES, text, spans, last) if text else set()


def ass_insertions(text: str, spans: Sequence[Span], marks: Iterable[int] = ()) -> set[int]:
    """:func:`insertions` by :data:`ASS_RULES`; ``marks``: offsets where an override block is
    written (a backslash just before one: WJ after it, as before a span tag)."""
    if "\\" not in text:
        return set()
    out = insertions(ASS_RULES, text, spans)
    return out | {i for i in marks if 0 < i <= len(text) and text[i - 1] == "\\"}


#: what :func:`tidy` changes: control characters our reader refuses, white space at a line's
#: start or end (at the end of the text it is checked apart, as is a text with no visible
#: character: see :func:`unchanged_check`)
_TIDY_NEEDS = (_HAS_REFUSED.pattern, r"\n\s", r"\n(?<=\s\n)", r"\r")


def _first_atom(need: str) -> str:
    r"""The character or character class ``need`` starts with.

    >>> _first_atom(r"\n *\d+"), _first_atom("[ab]c"), _first_atom(">")
    ('\\n', '[ab]', '>')
    """
    if need.startswith("["):
        return need[: need.index("]", 2) + 1]
    return need[:2] if need.startswith("\\") else need[:1]


def unchanged_check(rules: Sequence[Rule], *written: str) -> Callable[[str], bool]:
    r"""A test that a cue text is written exactly as it is, built from the ``needs`` of ``rules``,
    of :func:`tidy` and of WJ doubling, and the ``written`` patterns (characters the format
    writes otherwise).  False may be a false alarm; True is never wrong (the writers' fast path
    rests on it, and ``tests/formats`` check it against the escaping path).

    The needs are compiled as one character class of their first characters, then a
    look-behind per need: the search skips every other character in C.

    >>> check = unchanged_check(SRT_RULES)
    >>> check("Hello\nworld"), check("1\n00:00:01,000 --> x"), check(" x"), check("\u200b")
    (True, False, False, False)
    """
    needs = (*_TIDY_NEEDS, WJ, *written, *(n for rule in rules for n in rule.needs))
    by_first: dict[str, list[str]] = {}
    for need in needs:
        first = _first_atom(need)
        by_first.setdefault(first, []).append(need[len(first) :])
    union = "".join(f[1:-1] if f.startswith("[") else f for f in by_first)
    # one branch per first character: a look-behind, then what may follow it
    branches = "|".join(f"(?<={first})(?:{'|'.join(rests)})" for first, rests in by_first.items())
    search = re.compile(f"[{union}](?:{branches})").search

    def unchanged(text: str) -> bool:
        # (white space at the end of the last line is tidy's, as at the end of the others)
        if not text or search("\n" + text) is not None or text[-1].isspace():
            return False
        return text[0].isalnum() or has_visible(text)

    return unchanged


# --------------------------------------------------------------------- each format's text

#: span tags as WebVTT writes them (it has no strikethrough)
HTML_SPAN_TAGS = {"i": ("<i>", "</i>"), "b": ("<b>", "</b>"), "u": ("<u>", "</u>")}
#: span tags as SRT writes them: WebVTT's and ``<s>`` (ffmpeg and VLC draw it struck through)
SRT_SPAN_TAGS = {**HTML_SPAN_TAGS, "s": ("<s>", "</s>")}
#: span tags as ASS writes them
ASS_SPAN_TAGS = {
    "i": ("{\\i1}", "{\\i0}"),
    "b": ("{\\b1}", "{\\b0}"),
    "u": ("{\\u1}", "{\\u0}"),
    "s": ("{\\s1}", "{\\s0}"),
}
#: ASS escapes: ``\X`` -> what it reads as (the reader's table; the writer marks a backslash
#: before any of these with a WJ)
ASS_ESCAPES = {"N": "\n", "n": "\n", "h": "\u00a0", "{": "{", "}": "}"}
#: characters ASS writes otherwise
ASS_CHARS = {"\n": "\\N", "{": "\\{"}
#: characters WebVTT writes as character references
VTT_REFERENCES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"}
_VTT_NEEDS_REFERENCE = re.compile("[&<>\r\x00]")

#: the writers' fast-path checks, one per format (:func:`unchanged_check`)
srt_unchanged = unchanged_check(SRT_RULES)
vtt_unchanged = unchanged_check(VTT_RULES, _VTT_NEEDS_REFERENCE.pattern)
#: (a newline is the one character of ASS_CHARS the fast path writes itself, as ``\N``)
ass_unchanged = unchanged_check(ASS_RULES, *(re.escape(c) for c in ASS_CHARS if c != "\n"))


def escape_srt(text: str, spans: Sequence[Span] = (), last: bool = False) -> str:
    """Cue text as written in SRT: WJ-escaped by :data:`SRT_RULES`, spans as ``<i>``/``<b>``/``<u>``/``<s>``
    (:data:`SRT_SPAN_TAGS`); ``last``: the file's last cue.

    >>> escape_srt("a --> b, 12:30 or C:\\\\new") == "a --> b, 12:30 or C:\\\\new"
    True
    >>> escape_srt("00:00:01,000 --> 00:00:02,000").replace(WJ, "|")
    '00:|00:|01,000 --|> 00:|00:|02,000'
    """
    return encode_text(text, spans, srt_insertions(text, spans, last), SRT_SPAN_TAGS)


def unescape_srt(text: str) -> str:
    """The inverse of :func:`escape_srt` on text without spans (the reader also takes the tags).

    >>> unescape_srt(escape_srt("<i>\\n\\n12", last=True))
    '<i>\\n\\n12'
    """
    return wj_decode(text)[0]


def vtt_references(text: str) -> str:
    """``text`` with :data:`VTT_REFERENCES` written as character references.

    >>> vtt_references("a < b & c")
    'a &lt; b &amp; c'
    """
    if _VTT_NEEDS_REFERENCE.search(text) is None:
        return text
    for ch, ref in VTT_REFERENCES.items():
        text = text.replace(ch, ref)
    return text


def escape_vtt(text: str, last: bool = False) -> str:
    """Cue text (no spans) as written in WebVTT: WJ-escaped by :data:`VTT_RULES`, then
    :func:`vtt_references`.

    >>> escape_vtt("a --> b\\n\\n1").replace(WJ, "|")
    'a --&gt; b\\n|\\n|1'
    """
    return vtt_references(encode_text(text, (), vtt_insertions(text, (), last), {}))


def unescape_vtt(chunk: str) -> str:
    """Cue text between tags as read: the WJ escapes undone, then character references
    (``html`` is imported on the first text that holds one).

    >>> unescape_vtt(escape_vtt("a < b\\n\\n&amp;"))
    'a < b\\n\\n&amp;'
    """
    if WJ in chunk:
        chunk = wj_decode(chunk)[0]
    return vtt_unreferences(chunk)


def vtt_unreferences(text: str) -> str:
    """Character references decoded: the inverse of :func:`vtt_references` (and of every other
    reference; ``html`` is imported on the first text that holds one).

    >>> vtt_unreferences(vtt_references("<&amp;>"))
    '<&amp;>'
    """
    if "&" not in text:
        return text
    from html import unescape

    return unescape(text)


def escape_ass(text: str, spans: Sequence[Span] = (), marks: Mapping[int, Sequence[str]] | None = None) -> str:
    r"""Cue text as written in an ASS event: :data:`ASS_CHARS` (``\N`` for newlines, ``\{`` for
    ``{``), WJ by :data:`ASS_RULES`, WJs doubled, spans as tags, ``marks`` (override blocks by
    offset) in their places.

    >>> escape_ass("a{b}\nc\\N") == "a\\{b}\\Nc\\\u2060N"
    True
    >>> escape_ass("red blue", (Span(0, 3, "i"),), {4: ["{\\1c&HFF0000&}"]})
    '{\\i1}red{\\i0} {\\1c&HFF0000&}blue'
    """
    return encode_text(text, spans, ass_insertions(text, spans, marks or ()), ASS_SPAN_TAGS, ASS_CHARS, marks=marks)


def unescape_ass(raw: str) -> str:
    r"""ASS event text without override blocks as read: :data:`ASS_ESCAPES`, then the WJ escapes.

    >>> unescape_ass(escape_ass("a{b}\nc\\N \\h"))
    'a{b}\nc\\N \\h'
    """
    if "\\" in raw:
        out: list[str] = []
        i = 0
        while (j := raw.find("\\", i)) != -1:
            read = ASS_ESCAPES.get(raw[j + 1 : j + 2])
            out += (raw[i:j], read if read is not None else "\\")
            i = j + (2 if read is not None else 1)
        out.append(raw[i:])
        raw = "".join(out)
    return wj_decode(raw)[0]


# --------------------------------------------------------------------- SBV and SubViewer

# "[br]" is a line break; "[" WJ+ "br]" is a literal "[" WJ* "br]" (one WJ less)
_SBV_BREAK = re.compile("\\[(" + WJ + "*)br\\]", re.IGNORECASE)


def _sbv_timing_ish(line: str) -> bool:
    """True when ``line`` without word joiners reads as a timing line (so it needs one more)."""
    return parse_sbv_timing(line.replace(WJ, "")) is not None


def _sbv_blank_ish(line: str) -> bool:
    """True when ``line`` without word joiners is blank to a reader (``str.strip``'s whitespace)."""
    return not line.replace(WJ, "").strip()


def escape_sbv_line(line: str) -> str:
    """One SBV or SubViewer text line as written: a WJ before a blank or timing-like line, and
    after the ``[`` of a literal ``[br]`` (SubViewer's line break, which SBV readers take too).

    >>> escape_sbv_line("") == WJ, escape_sbv_line("[br]") == "[" + WJ + "br]", escape_sbv_line("a, b")
    (True, True, 'a, b')
    """
    if "[" in line:
        line = _SBV_BREAK.sub(lambda m: "[" + WJ + m.group()[1:], line)
    if _sbv_blank_ish(line) or _sbv_timing_ish(line):
        line = WJ + line
    return line


def _unescape_sbv_line(line: str) -> str:
    """The WJ the writer put before a blank or timing-like line removed."""
    if line.startswith(WJ) and (_sbv_blank_ish(line[1:]) or _sbv_timing_ish(line[1:])):
        return line[1:]
    return line


def unescape_sbv_line(raw: str) -> list[str]:
    """A physical SBV or SubViewer text line as read -> its lines (``[br]`` is a break, an escaped
    one is text; white space around each line is not kept): the inverse of joining
    :func:`escape_sbv_line` lines with ``[br]``.

    >>> unescape_sbv_line("a[br]" + escape_sbv_line("[br]") + "[br]" + escape_sbv_line(""))
    ['a', '[br]', '']
    """
    if "[" not in raw:
        return [_unescape_sbv_line(raw)]
    out: list[str] = []
    cur: list[str] = []
    pos = 0
    for m in _SBV_BREAK.finditer(raw):
        cur.append(raw[pos : m.start()])
        joiners = m.group(1)
        if joiners:
            cur.append("[" + joiners[1:] + m.group()[len(joiners) + 1 :])
        else:
            out.append("".join(cur))
            cur = []
        pos = m.end()
    cur.append(raw[pos:])
    out.append("".join(cur))
    return [_unescape_sbv_line(x.strip(" \t")) for x in out]


# --------------------------------------------------------------------- LRC

#: the start of an LRC line's time stamp (``[01:02.50]``), word joiners aside: a text that starts
#: so would be read as one more stamp of its line
_LRC_STAMP_ISH = re.compile(r"\[[ \t]*\d+[ \t]*:")
#: an enhanced LRC word stamp (``<01:02.50>``) with the word joiners after its ``<``: without
#: one, a word's time; with some, text (one fewer)
LRC_WORD_STAMP = re.compile("<(" + WJ + r"*)(\d{1,12}):(\d{1,2})(?:[.:,](\d{1,3}))?>")


def lrc_start_ish(text: str) -> bool:
    """True when ``text`` without word joiners is blank or starts like a stamp (so it needs one more)."""
    bare = text.replace(WJ, "")
    return not bare.strip() or _LRC_STAMP_ISH.match(bare) is not None


def escape_lrc_line(line: str) -> str:
    """One line of a cue's text as an LRC line's text (after its stamp): a WJ before a blank line
    (the end of the line before, to a reader) or one that starts like a stamp, and after the
    ``<`` of what reads as an enhanced LRC word stamp.

    >>> escape_lrc_line("") == WJ, escape_lrc_line("[00:01.00] x") == WJ + "[00:01.00] x", escape_lrc_line("a [b]")
    (True, True, 'a [b]')
    >>> escape_lrc_line("at <00:01.00>") == "at <" + WJ + "00:01.00>"
    True
    """
    line = escape_lrc_stamps(line)
    return WJ + line if lrc_start_ish(line) else line


def escape_lrc_stamps(text: str) -> str:
    """``text`` with a WJ after the ``<`` of each literal enhanced LRC word stamp (``<01:02.50>``)."""
    return LRC_WORD_STAMP.sub(lambda m: "<" + WJ + m.group()[1:], text) if "<" in text else text


def unescape_lrc_start(text: str) -> str:
    """An LRC line's text (its word stamps read) with the WJ :func:`escape_lrc_line` put before
    it removed."""
    return text[1:] if text.startswith(WJ) and lrc_start_ish(text[1:]) else text


# --------------------------------------------------------------------- XML (TTML)


def xml_text(text: str) -> str:
    """Text as XML character data (``& < >``, and CR as a reference, which XML would otherwise
    turn into LF).

    >>> xml_text("a < b & c\\r")
    'a &lt; b &amp; c&#13;'
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def xml_attribute(text: str) -> str:
    """Text as a double-quoted XML attribute value (white space that attribute normalisation
    would change as references).

    >>> xml_attribute('say "hi"\\n')
    'say &quot;hi&quot;&#10;'
    """
    return xml_text(text).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")

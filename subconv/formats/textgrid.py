"""Praat TextGrid (``.TextGrid``): the tiers of labelled intervals that forced aligners (the
Montreal Forced Aligner, Praat itself) and annotation tools write.  Read and written.

A TextGrid is a sequence of values: numbers (seconds), ``"strings"`` (a quote doubled inside
one, and a string may span lines) and the flags ``<exists>`` / ``<absent>``.  Praat's long text
form names each value (``xmin = 0``, ``intervals [1]:``), its short form does not; both are
the same values in the same order, so the reader reads the values and skips the names, the
``[1]`` indexes and ``!`` comments:

``xmin xmax <exists> tiers``, then per tier its class (``"IntervalTier"`` or ``"TextTier"``),
name, ``xmin xmax``, the count, and per interval ``xmin xmax "text"`` (per point ``time
"mark"``).

Every interval with text becomes a cue (its text's lines as written, broken at a line feed or
a carriage return only: a U+2028 or a form feed is text, as in every format); the cues of all tiers
are in time order, each tier's name its cues' speaker when two or more tiers have text.
What is not a cue is reported: the empty intervals (the silences between labels, one entry
per tier), a tier of phones (an aligner's ``phones`` tier: a cue per phone is not a caption)
and a point tier (a mark has no duration).  A ``words`` tier (named ``words`` or ``NAME -
words``) beside tiers of utterances gives those cues their word times (:class:`Word`); alone
(as the Montreal Forced Aligner writes it, beside ``phones``) its words are the cues.  A file
that ends early or holds something else where a value should be is a :class:`ParseError` at
that line.

The writer (Praat's long text form) puts each speaker's cues on a tier of that name
(``subtitles`` without one); cues that overlap on a tier go to a tier of their own
(``NAME (2)``); with ``WriteOptions.words``, the cues' word times on a ``NAME - words`` tier.
The gaps between cues are empty intervals, as Praat requires (a tier covers the whole grid).
Reported: cues with no visible text (an empty interval is a silence) and control characters,
as every writer does (:func:`subconv.formats.escapes.prepare`), italic/bold/underline and
placement, which a label cannot hold (a ``dropped`` entry each, counting the cues:
:class:`~subconv.formats.placement.Unwritten`), a negative time (written as 0) and a cue that
lasts no time (given 1 ms: Praat's intervals cannot be empty).

>>> from subconv.report import Report
>>> t = read('File type = "ooTextFile"\\nObject class = "TextGrid"\\n\\n0\\n2.5\\n<exists>\\n1\\n'
...          '"IntervalTier"\\n"words"\\n0\\n2.5\\n2\\n0\\n1.2\\n""\\n1.2\\n2.5\\n"say ""hi"" now"\\n', Report())
>>> [(c.start, c.end, c.text) for c in t.cues]
[(1200, 2500, 'say "hi" now')]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from ..errors import ParseError
from ..model import Cue, Track, Word
from ..report import Report
from ..timefmt import ascii_digits, format_seconds, seconds_ms
from .base import LINE_END, Format, WriteOptions, finish_output, shown_cues
from .escapes import BLANKS
from .escapes import prepare as prepare_cue
from .placement import Unwritten

STEP = "textgrid"

_HEAD = re.compile(r'\s*File type = "ooTextFile"\s*Object class = "TextGrid"', re.ASCII)
#: white space beyond ASCII's (``str.isspace``), and the byte-order mark: between values, as ASCII's
_SPACES = "\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
#: a value (a string, a flag or a number), or what is skipped: an index ``[1]``, a comment and a
#: name (``xmin =``, ``intervals: size =``, ``tiers?``, ``item []:``: words of ASCII letters
#: followed by ``=``, ``?``, ``:`` or ``[``), the signs after it skipped as the rest of the text
#: is; anything else is something else where a value should be (``x``: ``²``, ``٣``, ``1,5``'s
#: ``,5``, ``--undefined--``, ``abc``), which the value taken there finds (before, it was skipped
#: as a name, and the next value taken for it: the error named the wrong line, or the values
#: after it were read one place off, silently)
_TOKEN = re.compile(
    r'"(?P<s>(?:[^"]|"")*)"|(?P<f><exists>|<absent>)|\[[^\]\n]*\]|![^\n]*'
    r"|(?P<n>[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)"
    r"|[A-Za-z]+(?:[ \t]+[A-Za-z]+)*(?=[ \t]*[=?:\[])"
    rf"|(?P<x>[^=:?\s{_SPACES}][^\s{_SPACES}]*)",
    re.ASCII,
)


def sniff(text: str) -> bool:
    """True for a Praat TextGrid in text form (long or short).

    >>> sniff('File type = "ooTextFile"\\nObject class = "TextGrid"\\n'), sniff("1\\n00:00:01,000 --> x")
    (True, False)
    """
    return _HEAD.match(text.lstrip("\ufeff")) is not None


class _Values:
    """The file's values in order, each with its line; :meth:`take` checks each one's kind."""

    def __init__(self, text: str) -> None:
        self._lines = [m.start() for m in re.finditer("\n", text)]
        self._it = self._values(text)
        self.line = 1

    def _values(self, text: str) -> Iterator[tuple[str, str, int]]:
        for m in _TOKEN.finditer(text):
            kind = m.lastgroup
            if kind is not None:
                yield kind, m.group(kind), m.start()

    def take(self, kind: str, what: str) -> str:
        """The next value, which must be of ``kind`` (``s`` string, ``n`` number, ``f`` flag)."""
        found = next(self._it, None)
        if found is None:
            raise ParseError(STEP, f"the file ends where {what} should be", self.line)
        got, value, pos = found
        self.line = bisect.bisect_left(self._lines, pos) + 1
        if got != kind:
            raise ParseError(STEP, f"expected {what}, found {value!r}", self.line, snippet=value[:40])
        return value.replace('""', '"') if kind == "s" else value

    def seconds(self, what: str) -> int:
        raw = self.take("n", what)
        ms = seconds_ms(raw)
        if ms is None:
            raise ParseError(STEP, f"{what} is not a time in seconds", self.line, snippet=raw[:40])
        return ms

    def count(self, what: str) -> int:
        raw = self.take("n", what)
        if not ascii_digits(raw) or len(raw) > 9:
            raise ParseError(STEP, f"{what} is not a count", self.line, snippet=raw[:40])
        return int(raw)


def read(text: str, report: Report) -> Track:
    """Read a TextGrid's ``text`` into a :class:`Track` (see the module's description)."""
    values = _Values(text.lstrip("\ufeff"))
    if values.take("s", "the file type") != "ooTextFile" or values.take("s", "the object class") != "TextGrid":
        raise ParseError(STEP, "not a TextGrid in text form", values.line)
    values.seconds("the start of the grid")
    values.seconds("the end of the grid")
    ntiers = values.count("the number of tiers") if values.take("f", "<exists>") == "<exists>" else 0
    by_tier: list[tuple[str, list[Cue]]] = []
    for _ in range(ntiers):
        kind = values.take("s", "a tier's class")
        name = values.take("s", "a tier's name")
        line = values.line
        values.seconds("the tier's start")
        values.seconds("the tier's end")
        n = values.count("the tier's number of items")
        if kind == "IntervalTier":
            cues = _intervals(values, n, name, report)
            if name.strip().lower().endswith("phones"):
                report.add(STEP, "dropped", f"tier {name!r}: {len(cues)} phones (a cue per phone is no caption)", line)
            else:
                by_tier.append((name, cues))
        elif kind == "TextTier":
            for _ in range(n):
                values.seconds("a point's time")
                values.take("s", "a point's mark")
            report.add(STEP, "dropped", f"point tier {name!r}: {n} marks (a point has no duration)", line)
        else:
            raise ParseError(STEP, f"unknown tier class {kind!r}", line, snippet=kind[:40])
    words = [(name, cues) for name, cues in by_tier if _words_owner(name) is not None]
    others = [(name, cues) for name, cues in by_tier if _words_owner(name) is None]
    if any(cues for _, cues in others):
        by_tier = others
    else:
        words = []  # no utterances: the words are the cues
    named = sum(1 for _, cues in by_tier if cues) >= 2
    tiers = [
        (name.strip(), [c.replace(speaker=name.strip() or None) if named else c for c in cues])
        for name, cues in by_tier
    ]
    out = _attach_words(tiers, words, report)
    out.sort(key=lambda c: (c.start, c.end))
    report.info.setdefault("textgrid_tiers", [name for name, _ in by_tier])
    return Track(tuple(out), format="textgrid")


_COPY = re.compile(r" \([0-9]+\)$")  # "NAME (2)": the writer's tier for NAME's overlapping cues


def _words_owner(tier: str) -> str | None:
    """Whose word times a tier holds: ``NAME - words`` (or its copy ``NAME - words (2)``) holds
    NAME's, ``words`` everyone's (""); None for a tier of anything else."""
    name = _COPY.sub("", tier.strip())
    if name.lower() == "words":
        return ""
    return name[: -len(" - words")].strip() if name.lower().endswith(" - words") else None


def _attach_words(tiers: list[tuple[str, list[Cue]]], words: list[tuple[str, list[Cue]]], report: Report) -> list[Cue]:
    """The cues of ``tiers``, each given the word intervals of its owner's words tiers that lie
    within it."""
    owners: dict[str, list[Cue]] = {}
    for name, cues in words:
        owners.setdefault(_words_owner(name) or "", []).extend(cues)
    out: list[Cue] = []
    used: set[int] = set()
    for owner, owned in owners.items():
        mine = [i for i, (name, _) in enumerate(tiers) if i not in used and (not owner or _COPY.sub("", name) == owner)]
        used.update(mine)
        group = sorted((c for i in mine for c in tiers[i][1]), key=lambda c: (c.start, c.end))
        out += _with_words(group, owned, report)
    out += [c for i, (_, cues) in enumerate(tiers) if i not in used for c in cues]
    return out


def _with_words(cues: list[Cue], words: list[Cue], report: Report) -> list[Cue]:
    """``cues`` (in time order) given the word intervals that lie within them as their
    :class:`Word` times; a word within no cue is reported."""
    starts = [c.start or 0 for c in cues]
    found: list[list[Word]] = [[] for _ in cues]
    for w in sorted(words, key=lambda w: (w.start or 0, w.end or 0)):
        start, end = w.start or 0, w.end or 0
        last = bisect.bisect_right(starts, start) - 1  # the last cue starting at or before the word
        home = next((k for k in range(last, max(-1, last - 8), -1) if end <= (cues[k].end or 0)), None)
        if home is None:
            report.add(STEP, "dropped", "word outside every cue of the other tiers", w.source_line, w.text)
        else:
            found[home].append(Word(start, end, " ".join(w.lines)))
    return [c.replace(words=tuple(ws)) if ws else c for c, ws in zip(cues, found, strict=True)]


def _intervals(values: _Values, n: int, tier: str, report: Report) -> list[Cue]:
    cues: list[Cue] = []
    empty = 0
    for _ in range(n):
        start = values.seconds("an interval's start")
        end = values.seconds("an interval's end")
        label = values.take("s", "an interval's text")
        if not label.strip():
            empty += 1
            continue
        if end < start:
            report.add(STEP, "repaired", "interval ends before it starts: times swapped", values.line, label)
            start, end = end, start
        # (LF and CR break lines: U+2028, NEL, FF are text; spaces and tabs at a line's ends are
        # not, other white space is: U+3000, U+00A0 kept, as Praat keeps them; before, dropped unreported)
        lines = tuple(ln.strip(" \t") for ln in LINE_END.split(label.strip(" \t\r\n")))
        cues.append(Cue(start, end, lines, source_line=values.line))
    if empty:
        report.add(STEP, "dropped", f"tier {tier!r}: {empty} empty intervals (the silences between labels)")
    return cues


Item = tuple[int, int, str]  # start, end, label


def _layers(items: list[Item]) -> list[list[Item]]:
    """``items`` (in time order) on as few tiers as keep each tier's items apart."""
    tiers: list[list[Item]] = []
    for item in items:
        tier = next((t for t in tiers if t[-1][1] <= item[0]), None)
        if tier is None:
            tiers.append([item])
        else:
            tier.append(item)
    return tiers


def _tier_text(k: int, name: str, items: list[Item], end: int) -> list[str]:
    intervals: list[Item] = []
    t = 0
    for start, stop, label in items:
        if start > t:
            intervals.append((t, start, ""))
        intervals.append((start, stop, label))
        t = stop
    if t < end or not intervals:
        intervals.append((t, end, ""))
    out = [
        f"    item [{k}]:",
        '        class = "IntervalTier"',
        f"        name = {_quoted(name)}",
        "        xmin = 0",
        f"        xmax = {format_seconds(end)}",
        f"        intervals: size = {len(intervals)}",
    ]
    for j, (start, stop, label) in enumerate(intervals, 1):
        out += [
            f"        intervals [{j}]:",
            f"            xmin = {format_seconds(start)}",
            f"            xmax = {format_seconds(stop)}",
            f"            text = {_quoted(label)}",
        ]
    return out


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def write(track: Track, options: WriteOptions, report: Report) -> str:
    """``track`` as a TextGrid in Praat's long text form (see the module's description)."""
    groups: dict[str, list[Item]] = {}
    word_groups: dict[str, list[Item]] = {}
    unwritten = Unwritten(STEP, track=track, report=report)  # (a label is text: no styling, no placement)
    for shown in shown_cues(track, report, STEP):
        cue = prepare_cue(shown, report, STEP, BLANKS[STEP])  # (the tidying: controls, no visible text)
        if cue is None:
            continue
        unwritten.add(cue)
        assert cue.start is not None and cue.end is not None
        start, end = cue.start, cue.end
        if start < 0 or end < 0:
            report.add(STEP, "rewritten", "negative time written as 0", cue.source_line, cue.text)
            start, end = max(0, start), max(0, end)
        if end <= start:
            report.add(
                STEP,
                "rewritten",
                "cue lasts no time: given 1 ms (an interval cannot be empty)",
                cue.source_line,
                cue.text,
            )
            end = start + 1
        name = cue.speaker or "subtitles"
        groups.setdefault(name, []).append((start, end, cue.text))
        if options.words and cue.words:
            words = word_groups.setdefault(f"{name} - words", [])
            words += [(max(0, w.start), max(w.start + 1, w.end, 1), w.text) for w in cue.words]
    unwritten.say(report)
    tiers: list[tuple[str, list[Item]]] = []
    for groups_of in (groups, word_groups):
        for name, items in groups_of.items():
            items.sort()
            for n, layer in enumerate(_layers(items), 1):
                tiers.append((name if n == 1 else f"{name} ({n})", layer))
    end = max((item[1] for _, items in tiers for item in items), default=0)
    out = [
        'File type = "ooTextFile"',
        'Object class = "TextGrid"',
        "",
        "xmin = 0",
        f"xmax = {format_seconds(end)}",
        "tiers? <exists>" if tiers else "tiers? <absent>",
    ]
    if tiers:
        out += [f"size = {len(tiers)}", "item []:"]
        for k, (name, items) in enumerate(tiers, 1):
            out += _tier_text(k, name, items, end)
    return finish_output("\n".join(out) + "\n", options)


FORMAT = Format(
    name="textgrid",
    extensions=(".textgrid",),
    aliases=("praat",),
    sniff=sniff,
    sniff_rank=45,
    read=read,
    write=write,
    words=True,
)

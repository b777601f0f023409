"""Praat TextGrid (``.TextGrid``): the tiers of labelled intervals that forced aligners (the
Montreal Forced Aligner, Praat itself) and annotation tools write.  Read only.

A TextGrid is a sequence of values: numbers (seconds), ``"strings"`` (a quote doubled inside
one, and a string may span lines) and the flags ``<exists>`` / ``<absent>``.  Praat's long text
form names each value (``xmin = 0``, ``intervals [1]:``), its short form does not; both are
the same values in the same order, so the reader reads the values and skips the names, the
``[1]`` indexes and ``!`` comments:

``xmin xmax <exists> tiers``, then per tier its class (``"IntervalTier"`` or ``"TextTier"``),
name, ``xmin xmax``, the count, and per interval ``xmin xmax "text"`` (per point ``time
"mark"``).

Every interval with text becomes a cue (its text's lines as written); the cues of all tiers
are in time order, each tier's name its cues' speaker when two or more tiers have text.
What is not a cue is reported: the empty intervals (the silences between labels, one entry
per tier), a tier of phones (an aligner's ``phones`` tier: a cue per phone is not a caption)
and a point tier (a mark has no duration).  A file that ends early or holds something else
where a value should be is a :class:`ParseError` at that line.

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
from ..model import Cue, Track
from ..report import Report
from ..timefmt import seconds_ms
from .base import Format

STEP = "textgrid"

_HEAD = re.compile(r'\s*File type = "ooTextFile"\s*Object class = "TextGrid"', re.ASCII)
#: a value (a string, a flag or a number), or what is skipped: an index ``[1]`` and a comment
_TOKEN = re.compile(
    r'"(?P<s>(?:[^"]|"")*)"|(?P<f><exists>|<absent>)|\[[^\]\n]*\]|![^\n]*'
    r"|(?P<n>[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)",
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
        if not raw.isdigit() or len(raw) > 9:
            raise ParseError(STEP, f"{what} is not a count", self.line, snippet=raw[:40])
        return int(raw)


def read(text: str, report: Report) -> Track:
    """Read a TextGrid's ``text`` into a :class:`Track` (see the module's description)."""
    values = _Values(text.lstrip("\ufeff"))
    if values.take("s", "the file type") != "ooTextFile" or values.take("s", "the object class") != "TextGrid":
        raise ParseError(STEP, "not a TextGrid in text form", values.line)
    values.seconds("the start of the grid")
    values.seconds("the end of the grid")
    tiers = values.count("the number of tiers") if values.take("f", "<exists>") == "<exists>" else 0
    by_tier: list[tuple[str, list[Cue]]] = []
    for _ in range(tiers):
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
    named = sum(1 for _, cues in by_tier if cues) >= 2
    out = [c.replace(speaker=name.strip() or None) if named else c for name, cues in by_tier for c in cues]
    out.sort(key=lambda c: (c.start, c.end))
    report.info.setdefault("textgrid_tiers", [name for name, _ in by_tier])
    return Track(tuple(out), format="textgrid")


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
        lines = tuple(ln.strip() for ln in label.strip().splitlines())
        cues.append(Cue(start, end, lines, source_line=values.line))
    if empty:
        report.add(STEP, "dropped", f"tier {tier!r}: {empty} empty intervals (the silences between labels)")
    return cues


FORMAT = Format(
    name="textgrid",
    extensions=(".textgrid",),
    aliases=("praat",),
    sniff=sniff,
    sniff_rank=45,
    read=read,
    write=None,
)

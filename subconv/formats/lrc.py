"""LRC lyrics (``.lrc``): ``[mm:ss.xx]text`` lines, ID tags such as ``[ti:...]``, ``[ar:...]``
and ``[offset:+/-ms]``, and enhanced LRC's word stamps ``<mm:ss.xx>``.

Reading: each stamp of a line starts its text then (``[00:12.00][01:30.00]chorus`` is two
cues); a cue ends where the next stamped line starts (an empty stamped line ends the one
before and makes no cue), the last where the timing module expects its text to be spoken
(:func:`subconv.timing.expected_ms`, reported).  Lines of one time are one cue of several lines
(a translation under its line; the writer writes a cue's lines so); one that is not right under
a line of its time, or stands on a line of several stamps, is reported ``merged``.
``[offset:]`` is applied (a positive offset makes every time earlier, as players do) and
reported; one that is not a number is kept as a tag and reported.  ``[ti:]`` is the title; the
other tags are kept in ``Track.meta["lrc.tags"]`` (written back to LRC; any other format
reports them as not written).  A word stamp starts a word (``Cue.words``), which ends at the
next word stamp, else at the cue's end; the stamps are not text.  A line that is neither a
tag nor stamped (text with no time) is reported and left out; a file with no stamped line is
a :class:`ParseError`.

Writing: ``[mm:ss.xx]`` stamps, times rounded to centiseconds (reported), the minutes as many
digits as they need; after a cue that a gap follows (and after the last), an empty stamped
line at its end.  An end that the next cue's start passes (an overlap) cannot be written (the
line ends where the next starts): reported.  ``--words`` writes a cue's word times as word
stamps.  No markup or placement (reported, as SBV's).  What a reader would misread gets one
U+2060 WORD JOINER, which the reader removes (:func:`subconv.formats.escapes.escape_lrc_line`).

>>> from subconv.report import Report
>>> t = read("[ti:Song]\\n[00:12.00]Line one\\n[00:17.20][00:30.00]Again\\n[00:20.00]\\n", Report())
>>> t.title, [(c.start, c.end, c.text) for c in t.cues]
('Song', [(12000, 17200, 'Line one'), (17200, 20000, 'Again'), (30000, 30833, 'Again')])
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from ..errors import ParseError, WriteError
from ..model import Cue, FrozenMap, Track, Word
from ..report import Report
from ..timefmt import hms_ms, to_resolution
from .base import Format, WriteOptions, finish_output, one_line, say_before_zero, shown_cues, speaker_prefix, text_lines
from .escapes import (
    CR_AS_BREAKS,
    LRC_WORD_STAMP,
    SBV_BLANKS,
    WJ,
    carriage_returns_as_breaks,
    escape_lrc_line,
    escape_lrc_stamps,
    lrc_start_ish,
    unescape_lrc_start,
)
from .placement import Unwritten
from .words import say_left_out, word_cuts

STEP = "lrc"
#: one time stamp at the start of a line: ``[mm:ss]``, ``[mm:ss.xx]`` (or ``.x``, ``.xxx``, ``:xx``)
_STAMP = re.compile(r"\[[ \t]*(\d{1,12}):(\d{1,2})(?:[.:,](\d{1,3}))?[ \t]*\]", re.ASCII)
#: an ID tag line: ``[ar:Artist]``, ``[offset:+500]``
_TAG = re.compile(r"\[([A-Za-z#][A-Za-z0-9_#-]*)[ \t]*:(.*)\][ \t]*", re.ASCII)
#: what the sniffer counts: a stamp with a decimal fraction (``[00:12:50]`` is a transcript's ``[hh:mm:ss]`` too)
_SNIFF_STAMP = re.compile(r"[ \t]*\[\d{1,6}:\d{2}\.\d{2,3}\]", re.ASCII)
_OFFSET = re.compile(r"[ \t]*([-+]?)[ \t]*(\d{1,9})[ \t]*")
#: a stamped line, for messages
EXAMPLE = "[00:12.00]text"


def sniff(text: str) -> bool:
    """True when most of the first lines (blank lines and ID tags aside) start with an LRC time
    stamp with a decimal fraction (``[00:12.00]``, not ``[hh:mm:ss]``), whatever the file's name.

    >>> sniff("[ar:Me]\\n[00:01.00]Hello\\n[00:02.50]World\\n"), sniff("[00:01] Hello\\nworld\\n")
    (True, False)
    >>> sniff("1\\n00:00:01,000 --> 00:00:02,000\\n[00:01.00]Hi\\n"), sniff("[00:00:05] Hi.\\n[00:01:10] Yo.\\n")
    (False, False)
    """
    stamped = other = 0
    for line in text[:20000].lstrip("\ufeff").split("\n")[:200]:
        s = line.strip()
        if not s:
            continue
        if _SNIFF_STAMP.match(s):
            stamped += 1
        elif not _TAG.fullmatch(s):
            other += 1
    return stamped > 0 and stamped >= 2 * other


class _Entry(NamedTuple):
    """One stamp of a line: its time, the line's number, text (word stamps out) and word stamps
    (offset in the text, the stamp), the line, whether the line has no text (it ends the line
    before), and whether it is the line's only stamp (as the writer writes every line)."""

    time: int
    line: int
    text: str
    stamps: list[tuple[int, str]]
    raw: str
    ends: bool
    alone: bool = True


@dataclass
class _Reading:
    """The reader's state from one line to the next."""

    report: Report
    entries: list[_Entry] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    tag_lines: list[str] = field(default_factory=list)
    title: tuple[str, int] | None = None
    offset: tuple[int, int, str] | None = None  # ms, line, the tag
    first_text: tuple[int, str] | None = None
    n: int = 0

    def line(self, raw: str) -> None:
        self.n += 1
        n, report = self.n, self.report
        line = raw.strip(" \t")
        if not line:
            return
        times: list[int] = []
        pos = 0
        while True:
            m = _STAMP.match(line, pos)
            if m is None:
                break
            minutes, seconds, fraction = m.groups()
            pos = m.end()
            if int(seconds) >= 60:
                report.add(STEP, "dropped", f"time stamp {m.group()} is not a time (seconds past 59)", n, line)
                return
            times.append(hms_ms(0, int(minutes), int(seconds), fraction or ""))
        if not times:
            self._untimed(line, n)
            return
        after = line[pos:].strip(" \t")
        text, words = _text_and_words(after)
        for t in times:
            self.entries.append(_Entry(t, n, text, words, line, not after, len(times) == 1))

    def _untimed(self, line: str, n: int) -> None:
        """A line with no stamp: an ID tag, kept, or text with no time, reported."""
        tag = _TAG.fullmatch(line)
        report = self.report
        if tag is None:
            self.first_text = self.first_text or (n, line)
            report.add(STEP, "dropped", "text without a time stamp", n, line)
            return
        key, value = tag.group(1).lower(), tag.group(2).strip()
        if key == "ti" and value:
            self.title = (value, n)
            return
        if key == "offset":
            m = _OFFSET.fullmatch(tag.group(2))
            if m is not None:
                ms = int(m.group(2)) * (-1 if m.group(1) == "-" else 1)
                if self.offset is not None:
                    report.add(STEP, "dropped", "a second [offset:] tag: the first applies", n, line)
                else:
                    self.offset = (ms, n, line)
                return
            report.add(STEP, "kept", "[offset:] is not a whole number of milliseconds: not applied", n, line)
        self.tags.append(line)
        self.tag_lines.append(str(n))

    def track(self) -> Track:
        report = self.report
        if not self.entries:  # (an error at the first line of text, else at the first line)
            n, text = self.first_text or (1 if self.n else None, "")
            raise ParseError(STEP, f"no time-stamped line (expected a line like {EXAMPLE})", n, snippet=text[:40])
        entries = sorted(self.entries, key=lambda e: e.time)  # (stable: lines of one time in file order)
        if self.offset is not None:
            ms, n, tag = self.offset
            if ms:
                way = "earlier" if ms > 0 else "later"
                report.add(STEP, "rewritten", f"{tag} applied: every time {abs(ms)} ms {way}", n, tag)
                entries = [e._replace(time=e.time - ms) for e in entries]
        cues = _cues(entries, report)
        meta = FrozenMap({"lrc.tags": tuple(self.tags)} if self.tags else {})
        lines: dict[str, str | tuple[str, ...]] = {"lrc.tags": tuple(self.tag_lines)} if self.tags else {}
        title = None
        if self.title is not None:
            title = self.title[0]
            lines["title"] = str(self.title[1])
        return Track(tuple(cues), title=title, meta=meta, format="lrc", source_lines=FrozenMap(lines))


def _text_and_words(text: str) -> tuple[str, list[tuple[int, str]]]:
    """An LRC line's text after its stamps: the text (word stamps out, an escaped one's word
    joiner out) and the word stamps, each as (offset in the text, the stamp's ``mm:ss.xx``)."""
    if "<" not in text:
        return unescape_lrc_start(text), []
    out: list[str] = []
    stamps: list[tuple[int, str]] = []
    pos = size = 0
    for m in LRC_WORD_STAMP.finditer(text):
        piece = text[pos : m.start()]
        out.append(piece)
        size += len(piece)
        if m.group(1):  # (escaped: text, one word joiner fewer)
            kept = "<" + m.group(1)[1:] + m.group()[1 + len(m.group(1)) :]
            out.append(kept)
            size += len(kept)
        else:
            stamps.append((size, m.group()))
        pos = m.end()
    out.append(text[pos:])
    joined = "".join(out)
    lead = len(joined) - len(joined.lstrip(" \t"))
    body = joined.strip(" \t")
    unescaped = unescape_lrc_start(body)
    lead += len(body) - len(unescaped)
    return unescaped, [(max(0, k - lead), s) for k, s in stamps]


def _word_ms(stamp: str) -> int | None:
    m = LRC_WORD_STAMP.fullmatch(stamp)
    if m is None or int(m.group(3)) >= 60:
        return None
    return hms_ms(0, int(m.group(2)), int(m.group(3)), m.group(4) or "")


def _cues(entries: list[_Entry], report: Report) -> list[Cue]:
    """The cues of the stamped lines ``entries`` (in time order): each ends where the next time
    starts; lines of one time are one cue.  A line joined to the one before it is reported
    ``merged`` unless the two are as the writer writes a cue's lines (:func:`_as_written`)."""
    groups: list[list[_Entry]] = []
    for e in entries:
        if groups and groups[-1][0].time == e.time and not e.ends and not groups[-1][0].ends:
            if not _as_written(groups[-1][-1], e):
                report.add(STEP, "merged", _MERGED, e.line, e.raw)
            groups[-1].append(e)
        else:
            groups.append([e])
    cues: list[Cue] = []
    for k, group in enumerate(groups):
        start, line = group[0].time, group[0].line
        texts = [e.text for e in group]
        if group[0].ends:
            continue  # (an empty stamped line: the end of the line before)
        if k + 1 < len(groups):
            end = groups[k + 1][0].time
        else:
            end = start + _last_length("\n".join(texts))
            report.add(STEP, "repaired", f"last line's end estimated from its text: {end - start} ms", line, texts[0])
        cue = Cue(start, end, tuple(texts), source_line=line)
        words = _words(group, start, end, report)
        cues.append(cue.replace(words=words) if words else cue)
    return cues


_MERGED = "a line of the same time as a line not just before it (or of several stamps): one cue"


def _as_written(before: _Entry, line: _Entry) -> bool:
    """True when the stamped ``line`` joined to the cue of ``before`` (of the same time) is as
    the writer writes the lines of one cue: on the next line of the file, each of the two with
    its one stamp (a translation under its line, too).  Lines of one time elsewhere in the file,
    or on a line of several stamps (``[00:12.00][01:30.00]``), are joined all the same, but
    reported: the file meant them apart, or the writer wrote two cues of one start so.

    >>> a = _Entry(1000, 4, "Hello", [], "[00:01.00]Hello", False)
    >>> _as_written(a, a._replace(line=5)), _as_written(a, a._replace(line=9))
    (True, False)
    >>> _as_written(a, a._replace(line=5, alone=False))
    False
    """
    return line.line == before.line + 1 and before.alone and line.alone


def _last_length(text: str) -> int:
    """How long the last line is given: the time the timing module expects its text to be spoken,
    within its least and most for a cue."""
    from ..timing import DEFAULT, expected_ms

    return min(max(expected_ms(text), DEFAULT.min_ms), DEFAULT.max_ms)


def _words(group: list[_Entry], start: int, end: int, report: Report) -> tuple[Word, ...]:
    """The word times of a cue's lines' word stamps: a word ends where the next starts, the
    last at the cue's end."""
    found: list[tuple[int, str]] = []
    for _, line, text, stamps, raw, _ends, _alone in group:
        for i, (k, stamp) in enumerate(stamps):
            ms = _word_ms(stamp)
            if ms is None:
                report.add(STEP, "dropped", f"word stamp {stamp} is not a time", line, raw)
                continue
            stop = stamps[i + 1][0] if i + 1 < len(stamps) else len(text)
            found.append((ms, text[k:stop].strip(" \t")))
    words: list[Word] = []
    for i, (ms, text) in enumerate(found):
        if not text:
            continue  # (a stamp with no word after it: the end of the word before)
        stop = found[i + 1][0] if i + 1 < len(found) else end
        words.append(Word(ms, max(ms, stop), text))
    return tuple(words)


def read_pieces(pieces: Iterable[str], report: Report) -> Track:
    """:func:`read` of the text ``pieces`` make, a line at a time."""
    reading = _Reading(report)
    for line in text_lines(pieces):
        reading.line(line)
    return reading.track()


def read(text: str, report: Report) -> Track:
    """Read LRC ``text`` into a :class:`Track` (see the module's description)."""
    return read_pieces((text,), report)


def stamp(ms: int) -> str:
    """``[mm:ss.xx]`` of ``ms`` (a multiple of 10; the minutes as many digits as they need).

    >>> stamp(0), stamp(75_120), stamp(6_000_000)
    ('[00:00.00]', '[01:15.12]', '[100:00.00]')
    """
    minutes, rest = divmod(ms, 60_000)
    return f"[{minutes:02d}:{rest // 1000:02d}.{rest % 1000 // 10:02d}]"


def write(track: Track, options: WriteOptions, report: Report) -> str:
    """Write ``track`` as LRC (see the module's description)."""
    out: list[str] = []
    if track.title:
        out.append(f"[ti:{one_line(track.title)}]")
    tags = track.meta.get("lrc.tags")
    if isinstance(tags, tuple):
        out.extend(one_line(t) for t in tags)
    cues = sorted(shown_cues(track, report, STEP), key=lambda c: (c.start or 0, c.end or 0))
    unwritten = Unwritten(STEP, track=track, report=report)
    rounded = 0
    previous_speaker: str | None = None
    for n, cue in enumerate(cues):
        if cue.start is None or cue.end is None:
            raise WriteError(f"cannot write lrc: cue {n + 1} has no times")
        say_before_zero(report, cue, STEP)
        start, end = _written(cue.start, "start", cue, report), _written(cue.end, "end", cue, report)
        rounded += (start != cue.start) + (end != cue.end)
        following = None if n + 1 == len(cues) else cues[n + 1].start
        if following is not None and to_resolution(max(following, 0), 10) < end:
            why = "end not written: the next line starts before it (LRC ends a line there)"
            report.add(STEP, "rewritten", why, cue.source_line, cue.text)
        if "\r" in cue.text:
            report.add(STEP, "rewritten", CR_AS_BREAKS, cue.source_line, cue.text)
            cue = carriage_returns_as_breaks(cue)
        unwritten.add(cue)
        prefix = speaker_prefix(cue, previous_speaker, options)
        previous_speaker = cue.speaker
        out.extend(_cue_lines(cue, start, prefix, options, report))
        if following is None or to_resolution(max(following, 0), 10) > end:
            out.append(stamp(end))
    if rounded:
        report.add(STEP, "rewritten", f"{rounded} times rounded to 10 ms")
    unwritten.say(report)
    return finish_output("".join(f"{line}\n" for line in out), options)


def _written(ms: int, label: str, cue: Cue, report: Report) -> int:
    if ms < 0:
        report.add(STEP, "rewritten", f"negative {label} {ms} ms written as 0", cue.source_line, cue.text)
        ms = 0
    return to_resolution(ms, 10)


def _cue_lines(cue: Cue, start: int, prefix: str, options: WriteOptions, report: Report) -> list[str]:
    """The stamped lines of ``cue`` (one per line of its text, all at its start), with its word
    stamps where ``options.words`` asks and it has them."""
    lines = cue.text.split("\n")
    if any("\x00" in ln for ln in lines):
        report.add(STEP, "dropped", "NUL characters in the text", cue.source_line, cue.text)
        lines = [ln.replace("\x00", "") for ln in lines]
    stripped = [ln.lstrip(SBV_BLANKS.starts).rstrip(SBV_BLANKS.ends) for ln in lines]
    if stripped != lines:
        report.add(STEP, "rewritten", "spaces at the start or end of a line not written", cue.source_line, cue.text)
    cuts = word_cuts(Cue(cue.start, cue.end, tuple(stripped), words=cue.words)) if options.words else None
    if options.words:
        say_left_out(cue, cuts, STEP, report)
    out: list[str] = []
    offset = 0  # (where the line starts in the cue's text)
    for k, line in enumerate(stripped):
        head = prefix if k == 0 else ""
        mine = [(x - offset + len(head), ms) for x, ms in cuts or () if offset <= x < offset + len(line)]
        out.append(stamp(start) + _line_text(head + line, mine))
        offset += len(line) + 1
    if cuts:  # (the last word's end where it is not the cue's: a stamp after it, with no word)
        last = next((w for w in reversed(cue.words) if w.start == cuts[-1][1]), None)
        if last is not None:
            end = to_resolution(max(last.end, 0), 10)
            if to_resolution(max(last.start, 0), 10) < end < to_resolution(max(cue.end or 0, 0), 10):
                out[-1] += "<" + stamp(end)[1:-1] + ">"
    return out


def _line_text(line: str, cuts: list[tuple[int, int]]) -> str:
    """A line's text as written: its word stamps (``cuts``: offset, ms) in it, what a reader would
    misread escaped (:func:`escape_lrc_line`: the start of the whole line, literal stamps inside)."""
    if not cuts:
        return escape_lrc_line(line)
    pieces = [escape_lrc_stamps(line[: cuts[0][0]])]
    for i, (k, ms) in enumerate(cuts):
        stop = cuts[i + 1][0] if i + 1 < len(cuts) else len(line)
        pieces.append("<" + stamp(to_resolution(max(ms, 0), 10))[1:-1] + ">" + escape_lrc_stamps(line[k:stop]))
    text = "".join(pieces)
    return WJ + text if lrc_start_ish(escape_lrc_stamps(line)) else text


FORMAT = Format(
    name="lrc",
    extensions=(".lrc",),
    aliases=("lyrics",),
    sniff=sniff,
    sniff_rank=66,  # (after the JSON cue list; nothing before it claims a stamped line)
    read=read,
    read_pieces=read_pieces,
    write=write,
    resolution_ms=10,
    words=True,
    speaker_prefix=True,
    header=("title", "lrc.tags"),
)

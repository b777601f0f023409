"""YouTube SBV (``.sbv``): a timing line ``0:00:01.000,0:00:03.500``, text lines, a blank line.

The SubViewer 2.0 format (:mod:`subconv.formats.subviewer`) has the same shape with
centiseconds and an ``[INFORMATION]`` header; both are read and written by the functions
here, with the differences passed in as a :class:`Flavour`.

Reading is lenient and reports what it repairs (with the line): CR/CRLF, a BOM, blank
lines around the text, whitespace at line ends (dropped), 1-3 fraction digits (``.5`` is
500 ms), ``,`` or ``.`` before the fraction, end before start (swapped), text after a
blank line that has no timing line (kept in the cue above, ``repaired``), ``[br]`` as a
line break (SubViewer's; babelsubs and subsrt write it in SBV too), a header of
``[...]`` lines before the first cue (kept in ``Track.meta``; SBV output has no header: its
lines and title are reported as not written, ``formats.base.report_unheld``).  A line after
a blank line that starts like a timing line but is not one (``0:00:13.f89,0:00:15.489``)
loses its cue: the cue is dropped (its timing line and each line of its text reported with
their lines) and one warning says so, as SRT's reader does; the other cues are read.  A file with no
readable timing line at all is a :class:`ParseError` at its first line (a bad timing line,
or text with no timing line).

Neither format has markup or an escape mechanism.  The writer drops spans and placement
(reported) and protects the only lines a reader could misread, by putting one U+2060 WORD
JOINER (invisible) at their start: a line that is blank (it would end the cue) and a line
that is a timing line (it would start one); a literal ``[br]`` gets one after its ``[``.
The reader removes exactly one word joiner in those three places, nowhere else, so every
text reads back as written.  Whitespace at the start and end of a line carries no meaning
and is not written, and a carriage return inside a line is written as a line break, as
readers take it (both ``rewritten``).

>>> from subconv.report import Report
>>> t = read("0:00:01.5,0:00:03.250\\nHello[br]world\\n\\n0:00:04.000,0:00:05.000\\nBye\\n", Report())
>>> [(c.start, c.end, c.lines) for c in t.cues]
[(1500, 3250, ('Hello', 'world')), (4000, 5000, ('Bye',))]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import ParseError, WriteError
from ..model import Cue, FrozenMap, Track
from ..report import Report
from ..timefmt import MAX_MS, SBV_CLOCK, ClockShape, ascii_digits, format_clock, parse_sbv_timing, to_resolution
from .base import (
    Format,
    WriteOptions,
    finish_output,
    one_line,
    say_before_zero,
    say_clamped,
    say_unreadable,
    shown_cues,
    speaker_prefix,
    text_lines,
)
from .escapes import CR_AS_BREAKS, SBV_BLANKS, carriage_returns_as_breaks, escape_sbv_line, unescape_sbv_line
from .placement import Unwritten

# the start of something meant as a timing line: "h:mm:ss...," then digits
_TIMING_LIKE = re.compile(r"[ \t]*\d+:\d+:[^,]*,[ \t]*\d+:", re.ASCII)
_HEADER = re.compile(r"\[[A-Z ]+\]", re.IGNORECASE)


@dataclass(frozen=True)
class Flavour:
    """What differs between SBV and SubViewer 2.0."""

    name: str  # the format name, used as the report step
    clock: ClockShape  # "0:00:01.000" (SBV) or "00:00:01.00" (SubViewer)
    breaks_as_tags: bool  # write line breaks as "[br]" (SubViewer) or as lines (SBV)
    header: bool  # write an [INFORMATION] header

    @property
    def resolution(self) -> int:
        return self.clock.resolution

    @property
    def example(self) -> str:
        """A timing line of the flavour, for messages: ``0:00:01.000,0:00:03.500`` (SBV)."""
        return f"{format_clock(1000, self.clock)},{format_clock(3500, self.clock)}"

    @property
    def unreadable(self) -> str:
        """The reason a cue whose timing line cannot be read is dropped for."""
        return f"cue dropped: its timing line could not be read (expected like {self.example})"


SBV = Flavour("sbv", SBV_CLOCK, False, False)
#: why SBV output leaves out a header read (its own too): the format has none
NO_HEADER = "SBV output has no header (YouTube's SBV files hold none, and webvtt-py refuses one)"


#: (the timing line is parsed by :func:`subconv.timefmt.parse_sbv_timing`)
parse_timing = parse_sbv_timing


def first_timing(text: str, limit: int = 200) -> tuple[int, list[str], int] | None:
    """For sniffing: ``(line index, header lines, fraction digits)`` of the first timing line,
    when every non-blank line before it is a ``[...]`` header line; else None."""
    header: list[str] = []
    for n, line in enumerate(text[:20000].lstrip("\ufeff").splitlines()[:limit]):
        s = line.strip()
        if not s:
            continue
        t = parse_timing(s)
        if t is not None:
            return n, header, t[2]
        if not s.startswith("[") or "]" not in s:
            return None
        header.append(s)
    return None


def sniff(text: str) -> bool:
    """True for SBV: the first line that is not a ``[...]`` header is a timing line with
    millisecond fractions (SubViewer's have centiseconds).

    >>> sniff("0:00:01.000,0:00:02.000\\nHi\\n"), sniff("00:00:01.00,00:00:02.00\\nHi\\n")
    (True, False)
    """
    found = first_timing(text)
    return found is not None and found[2] == 3


def prepare(text: str) -> str:
    """Without a BOM, with LF line ends."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def read_lines(text: str, report: Report, flavour: Flavour) -> Track:
    """Read SBV or SubViewer ``text`` (see the module docstring)."""
    return read_line_pieces((text,), report, flavour)


def read_line_pieces(pieces: Iterable[str], report: Report, flavour: Flavour) -> Track:
    """:func:`read_lines` of the text ``pieces`` make, a piece at a time (cut anywhere): each
    line is read as it is complete, so the text is never whole in memory."""
    reading = _Reading(report, flavour)
    for line in text_lines(pieces):
        reading.line(line)
    return reading.track()


class _Reading:
    """The reader's state from one line to the next: the cues read, the header, the cue being read."""

    def __init__(self, report: Report, flavour: Flavour) -> None:
        self.report, self.step, self.flavour = report, flavour.name, flavour
        self.cues: list[Cue] = []
        self.header: list[str] = []
        self.header_at: list[str] = []  # (the line of each, for reports)
        self.cur: tuple[int, int, int] | None = None  # start, end, line of the current cue's timing line
        self.body: list[str] = []
        self.blank_before = True  # the line before was blank (or the start)
        self.first_text: tuple[int, str] | None = None  # the first text before any timing line, and its line
        self.first_bad: tuple[int, str] | None = None  # the first timing line that could not be read, and its line
        self.lost = False  # the lines read are the text of a cue whose timing line could not be read
        self.n = 0  # the line number

    def finish(self) -> None:
        """The cue being read, added to the cues."""
        if self.cur is None:
            return
        if not self.body:
            self.report.add(self.step, "kept", "empty cue", self.cur[2])
            self.body.append("")
        self.cues.append(Cue(self.cur[0], self.cur[1], tuple(self.body), source_line=self.cur[2]))

    def line(self, raw: str) -> None:
        """Read the next line."""
        self.n += 1
        n, step, report = self.n, self.step, self.report
        line = raw.strip(" \t")
        if not line:
            self.blank_before = True
            return
        timing = parse_timing(line) if ascii_digits(line[0]) else None
        if timing is not None:
            if self.cur is not None and not self.blank_before:
                report.add(step, "repaired", "no blank line before a timing line", n)
            self.finish()
            self.lost = False
            start, end, _digits = timing
            if end < start:
                report.add(step, "repaired", f"end {end} ms before start {start} ms: swapped", n, line)
                start, end = end, start
            self.cur = (start, end, n)
            self.body = []
            self.blank_before = False
            return
        where_cue_starts = self.blank_before or (self.cur is None and not self.lost)  # (or after the header)
        if where_cue_starts and _TIMING_LIKE.match(line) and ascii_digits(line[0]):
            # (a cue whose times are lost: dropped, reported, the next cues read as SRT's reader does)
            self.finish()
            self.cur, self.body, self.lost, self.blank_before = None, [], True, False
            self.first_bad = self.first_bad or (n, line)
            report.add(step, "dropped", self.flavour.unreadable, n, line)
            return
        if self.lost:
            report.add(step, "dropped", "text of a cue whose timing line could not be read", n, line)
            self.blank_before = False
            return
        if self.cur is None:
            if _HEADER.match(line) and not self.cues:
                self.header.append(line)
                self.header_at.append(str(n))
            else:
                self.first_text = self.first_text or (n, line)
                report.add(step, "dropped", "text before the first timing line", n, line)
            self.blank_before = False
            return
        if self.blank_before and self.body:
            report.add(step, "repaired", "text after a blank line without a timing line kept in the cue above", n)
            self.body.append("")
        self.body.extend(unescape_sbv_line(line))
        self.blank_before = False

    def track(self) -> Track:
        """The track read (the last line read)."""
        self.finish()
        header, step = self.header, self.step
        if not self.cues:
            bad, text = self.first_bad, self.first_text
            if bad is not None and (text is None or bad[0] < text[0]):
                reason = f"bad timing line (expected like {self.flavour.example})"
                raise ParseError(step, reason, line=bad[0], snippet=bad[1])
            _no_cues(header, text, self.report, step, self.flavour.example)
        say_unreadable(self.report, step, self.flavour.unreadable)
        meta = FrozenMap({f"{step}.header": tuple(header)} if header else {})
        title = _title(header)
        lines: dict[str, str | tuple[str, ...]] = {f"{step}.header": tuple(self.header_at)} if header else {}
        if title is not None:  # (its line: the last [TITLE] line's, as _title reads it)
            lines["title"] = next(
                at for h, at in zip(reversed(header), reversed(self.header_at), strict=True) if _title([h])
            )
        return Track(tuple(self.cues), title=title, meta=meta, source_lines=FrozenMap(lines))


def _no_cues(header: list[str], first_text: tuple[int, str] | None, report: Report, step: str, example: str) -> None:
    """Report a file of only a header; raise for one with text (``first_text``: its first line) but no cue."""
    if header:
        report.add(step, "warning", "a header but no subtitle")
    if first_text:
        raise ParseError(
            step,
            f"no subtitle found (expected a line like {example})",
            line=first_text[0],
            snippet=first_text[1],
        )


def _title(header: list[str]) -> str | None:
    """The title of the last non-empty ``[TITLE]`` header line, if any."""
    title = None
    for h in header:
        if h.upper().startswith("[TITLE]") and h[7:].strip():
            title = h[7:].strip()
    return title


def _titled(header: list[str], title: str | None) -> list[str]:
    """The header lines kept, their title ``title`` (``Track.title``, the one source of it): as
    they are while they give it (:func:`_title`), else their ``[TITLE]`` lines made one of
    ``title`` where the first stood (after ``[INFORMATION]`` without one).  No report entry: a
    title that changed is the user's edit.

    >>> _titled(["[INFORMATION]", "[TITLE]Old", "[AUTHOR]"], "New")
    ['[INFORMATION]', '[TITLE]New', '[AUTHOR]']
    >>> _titled(["[INFORMATION]", "[AUTHOR]"], "New"), _titled(["[TITLE]Old"], None)
    (['[INFORMATION]', '[TITLE]New', '[AUTHOR]'], ['[TITLE]'])
    """
    if _title(header) == (title or None):
        return header
    at = [k for k, h in enumerate(header) if h.upper().startswith("[TITLE]")]
    out = [h for k, h in enumerate(header) if k not in at]
    where = at[0] if at else int(bool(out) and out[0].strip().upper() == "[INFORMATION]")
    out.insert(where, f"[TITLE]{one_line(title or '')}")
    return out


def read(text: str, report: Report) -> Track:
    """Read SBV ``text`` into a :class:`Track`."""
    return read_lines(text, report, SBV)


def read_pieces(pieces: Iterable[str], report: Report) -> Track:
    """:func:`read` of the text ``pieces`` make, a piece at a time."""
    return read_line_pieces(pieces, report, SBV)


def write_lines(track: Track, options: WriteOptions, report: Report, flavour: Flavour) -> str:
    """Write ``track`` as SBV or SubViewer text."""
    step = flavour.name
    out: list[str] = []
    if flavour.header:
        out.append(_header(track, flavour))
    previous_speaker: str | None = None
    rounded = clamped = 0
    unwritten = Unwritten(step, track=track, report=report)
    largest = MAX_MS - MAX_MS % flavour.resolution
    for n, cue in enumerate(shown_cues(track, report, step), 1):
        if cue.start is None or cue.end is None:
            raise WriteError(f"cannot write {step}: cue {n} has no times")
        say_before_zero(report, cue, step)
        times = []
        over = False
        for label, ms in (("start", cue.start), ("end", cue.end)):
            if ms < 0:
                report.add(step, "rewritten", f"negative {label} {ms} ms written as 0", cue.source_line, cue.text)
                ms = 0
            r = to_resolution(ms, flavour.resolution)
            if r > MAX_MS:
                report.add(step, "rewritten", f"{label} {ms} ms clamped to 99:59:59", cue.source_line, cue.text)
                r = largest
                over = True
            rounded += r != ms
            times.append(format_clock(r, flavour.clock))
        clamped += over
        if "\r" in cue.text:  # (a line break for every reader: written as one, as every writer does)
            report.add(step, "rewritten", CR_AS_BREAKS, cue.source_line, cue.text)
            cue = carriage_returns_as_breaks(cue)
        lines = list(cue.lines)
        lines[0] = speaker_prefix(cue, previous_speaker, options) + lines[0]
        previous_speaker = cue.speaker
        if any("\x00" in ln for ln in lines):  # a bad decode's NUL: readers take the file for binary
            report.add(step, "dropped", "NUL characters in the text", cue.source_line, cue.text)
            lines = [ln.replace("\x00", "") for ln in lines]
        stripped = [ln.lstrip(SBV_BLANKS.starts).rstrip(SBV_BLANKS.ends) for ln in lines]
        if stripped != lines:
            report.add(step, "rewritten", "spaces at the start or end of a line not written", cue.source_line, cue.text)
        unwritten.add(cue)
        written = [escape_sbv_line(ln) for ln in stripped]
        body = "[br]".join(written) if flavour.breaks_as_tags else "\n".join(written)
        out.append(f"{times[0]},{times[1]}\n{body}\n")
    say_clamped(report, clamped, format_clock(largest, flavour.clock), step)
    if rounded and flavour.resolution > 1:
        report.add(step, "rewritten", f"{rounded} times rounded to {flavour.resolution} ms")
    unwritten.say(report)
    text = "\n".join(out)
    if text and not text.endswith("\n"):  # (a header and no cue: its last line ended too)
        text += "\n"
    return finish_output(text, options)


def _header(track: Track, flavour: Flavour) -> str:
    """The header written: the one kept (its title the track's, :func:`_titled`), else a
    SubViewer header with the track's title."""
    kept = track.meta.get(f"{flavour.name}.header")
    if isinstance(kept, tuple) and kept:
        return "\n".join(_titled([h for h in kept if isinstance(h, str)], track.title))
    title = one_line(track.title or "")
    return (
        f"[INFORMATION]\n[TITLE]{title}\n[AUTHOR]\n[SOURCE]\n[PRG]\n[FILEPATH]\n[DELAY]0\n[CD TRACK]0\n"
        "[COMMENT]\n[END INFORMATION]\n[SUBTITLE]\n[COLF]&HFFFFFF,[STYLE]no,[SIZE]18,[FONT]Arial"
    )


def write(track: Track, options: WriteOptions, report: Report) -> str:
    """Write ``track`` as SBV."""
    return write_lines(track, options, report, SBV)


FORMAT = Format(
    name="sbv",
    extensions=(".sbv",),
    aliases=("youtube",),
    sniff=sniff,
    sniff_rank=20,
    read=read,
    read_pieces=read_pieces,
    write=write,
    resolution_ms=SBV.resolution,
    speaker_prefix=True,
    # (the reader keeps an [INFORMATION] header, as babelsubs files have one, for SubViewer's writer)
    unheld_why=NO_HEADER,
)

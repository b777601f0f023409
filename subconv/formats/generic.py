"""Formats subconv reads through pysubs2: MicroDVD, MPL2, TMP, SAMI, JSON, Whisper-JAX.

Events are mapped into the model by :func:`track_from_pysubs2`, through subconv's own ASS reader
(``{\\i1}`` to spans, ``\\N`` to line breaks), and back by :func:`track_to_pysubs2`, through its
ASS writer; :mod:`subconv.interop` (``Track.from_pysubs2``/``to_pysubs2``) offers both.  MicroDVD counts
frames: subconv reads it at 23.976 fps and records a warning (``WriteOptions.fps`` /
``--fps`` is for writers; convert MicroDVD with the right rate by re-timing afterwards).
Writing goes through pysubs2 where it can write the format (MicroDVD, MPL2, TMP, JSON).
MicroDVD and MPL2 are read a part at a time, and after the first part their plain event lines
by subconv itself, as pysubs2 reads them (:func:`_read_parts`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from ..errors import ParseError
from ..model import Cue, Track, plain_cue
from ..report import Report
from .base import Format, WriteOptions, finish_output, text_pieces

MICRODVD_FPS = 23.976
WRITABLE = ("microdvd", "mpl2", "tmp", "json")
_FPS_LINE = re.compile(r"\s*\{1\}\{1\}\s*(\d{1,3}(?:\.\d{1,6})?)\s*$")
_TMP_LINE = re.compile(r"\s*\d{1,2}:\d{2}:\d{2}[:=]")
_HUGE_NUMBER = re.compile(r"\d{1000}")


#: formats whose events are lines of their own: read through pysubs2 a part of about
#: ``_PART_CHARS`` characters at a time, cut at a line's end (pysubs2 holds a few objects per
#: event, and its ASS rendering another copy: a whole large file would take 18 times its size)
_LINE_FORMATS = frozenset(("microdvd", "mpl2"))
_PART_CHARS = 1 << 20
#: the first part's most: small, since only the first part needs pysubs2 whatever it holds
_FIRST_PART_CHARS = 1 << 16
_CONTENT = re.compile(r"\S")
#: what the ASS reader says of a part with no event, said once for the whole text
_NO_EVENTS = "no Dialogue events: empty track"


#: a MicroDVD file's frame rate: declared on its first line, or assumed (``(declared, fps)``);
#: for the other formats, not declared and none
Rate = tuple[bool, float | None]


def _reader(name: str) -> Callable[[str, Report], Track]:
    def read(text: str, report: Report) -> Track:
        if name in _LINE_FORMATS:
            return _read_parts(name, (text,), report)
        return _read(name, text, report, _rate(name, text, report))

    return read


def _piece_reader(name: str) -> Callable[[Iterable[str], Report], Track]:
    def read_pieces(pieces: Iterable[str], report: Report) -> Track:
        return _read_parts(name, pieces, report)

    return read_pieces


def _rate(name: str, text: str, report: Report) -> Rate:
    """Whether ``text`` (the start of a MicroDVD file) declares its frame rate on its first line,
    and the rate (both reported); for other formats, ``(False, None)``."""
    if name != "microdvd":
        return False, None
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    declared = _FPS_LINE.match(first)
    if declared is not None:  # "{1}{1}25.000": pysubs2 (and VLC) take the rate from it
        report.add(name, "info", f"MicroDVD frame rate {declared.group(1)} fps declared in the file", 1)
        return True, float(declared.group(1))
    report.add(
        name,
        "warning",
        f"MicroDVD counts frames and declares no rate: read at {MICRODVD_FPS} fps "
        "(a first line {1}{1}25 declares 25)",
    )
    return False, MICRODVD_FPS


def _read_parts(name: str, pieces: Iterable[str], report: Report) -> Track:
    """A line format's text (its ``pieces``) read a part at a time: each part as the whole text
    would be read (pysubs2 reads every line on its own), its lines and report entries counted on
    from the parts before, the first part's frame rate given to the others.  The first part is
    small (:data:`_FIRST_PART_CHARS`) and read through pysubs2 (the rate, the track's header);
    in a later part, a plain event line is read without it, as pysubs2 would read it
    (:func:`_read_later`)."""
    first: Track | None = None
    cues: list[Cue] = []
    held = ""
    lines_before = 0
    rate: Rate = (False, None)
    for piece, last in text_pieces(pieces):
        held += piece
        limit = min(_PART_CHARS, _FIRST_PART_CHARS) if first is None else _PART_CHARS
        while len(held) > limit or (last and (held or first is None)):
            cut = _part_end(held, last, limit)
            if cut is None:
                break  # (a line longer than a part: it goes on in the next piece)
            part, held = held[:cut], held[cut:]
            if first is None:
                own = report if not held and last else Report()  # (a part's "no events" is not the text's)
                rate = _rate(name, part, report)
                first = _read(name, part, own, rate)
                if own is not report:
                    report.entries.extend(e for e in own.entries if e.reason != _NO_EVENTS)
                cues += first.cues
            else:
                _read_later(name, part, rate[1], lines_before, cues=cues, report=report)
            lines_before += part.count("\n")
            limit = _PART_CHARS
    assert first is not None  # (the last piece makes a part, if only an empty one)
    if not cues and not any(e.reason == _NO_EVENTS for e in report.entries):
        report.add("ass", "warning", _NO_EVENTS)
    return first if len(cues) == len(first.cues) else first.with_cues(cues)


def _part_end(held: str, last: bool, limit: int) -> int | None:
    """Where the next part of ``held`` ends: after the last line end in its first ``limit``
    characters, but not before the end of its first line that is not blank (a part holds one),
    else after its last line end; all of it when it is the text's ``last``; None when no such line
    is complete yet."""
    if len(held) <= limit and last:
        return len(held)
    content = _CONTENT.search(held)
    least = -1 if content is None else held.find("\n", content.start())
    if least == -1:
        return len(held) if last else None
    return max(least + 1, held.rfind("\n", 0, limit) + 1)


#: text pysubs2 and its ASS rendering carry as it is: no MicroDVD code or ASS override block
#: (``{}``), escape (``\\``), word joiner (subconv's escape), control or line-separating character
_PLAIN_TEXT = "[^{}\\\\\u2060\x00-\x1f\x7f-\x9f\u2028\u2029]*"
#: an event line whose reading through pysubs2 is known without it: ASCII times, plain text
_PLAIN_LINE = {
    "microdvd": re.compile(r"\{([0-9]{1,15})\}\{([0-9]{1,15})\}(" + _PLAIN_TEXT + ")"),
    "mpl2": re.compile(r"\[([0-9]{1,15})\]\[([0-9]{1,15})\](" + _PLAIN_TEXT + ")"),
}


def _read_later(name: str, part: str, fps: float | None, lines_before: int, *, cues: list[Cue], report: Report) -> None:
    """Read ``part``, a part after the first (``lines_before`` lines into the text), into ``cues``
    and ``report``: each plain event line as pysubs2 would (:func:`plain_event`), each run of other
    lines through pysubs2 (as a part of its own: the events before it counted)."""
    plain = _PLAIN_LINE.get(name) if name != "microdvd" or fps else None
    per_frame = 1000 / fps if fps else 0.0
    odd: list[str] = []  # a run of lines for pysubs2 (from the first that is not plain)
    odd_from = 0  # the line before it
    for n, line in enumerate(part.split("\n"), lines_before + 1):
        if not line:
            if odd:
                odd.append(line)
            continue
        cue = None if plain is None else plain_event(name, plain.fullmatch(line), per_frame, n)
        if cue is None:
            if not odd:
                odd_from = n - 1
            odd.append(line)
            continue
        if odd:
            _read_run(name, "\n".join(odd) + "\n", fps, odd_from, cues=cues, report=report)
            odd = []
        cues.append(cue)
    if odd:
        _read_run(name, "\n".join(odd) + "\n", fps, odd_from, cues=cues, report=report)


def _read_run(name: str, text: str, fps: float | None, lines_before: int, *, cues: list[Cue], report: Report) -> None:
    """Read ``text``, lines of a part after the first, through pysubs2 into ``cues`` and ``report``."""
    own = Report()  # (a run's "no events" is not the text's)
    track = _read(name, text, own, (False, fps), lines_before=lines_before, events_before=len(cues))
    report.entries.extend(e for e in own.entries if e.reason != _NO_EVENTS)
    cues += track.cues


def plain_event(name: str, found: re.Match[str] | None, per_frame: float, line: int) -> Cue | None:
    """The cue of an event line that ``found`` matched (:data:`_PLAIN_LINE`; ``per_frame``: the
    milliseconds of a MicroDVD frame) as pysubs2 reads it (its documented reading: MicroDVD frames
    rounded to milliseconds, the text stripped, ``|`` between lines; MPL2 deciseconds, each line
    stripped) and subconv's ASS reader then reads it from pysubs2's ASS rendering, with no report
    entry; None when the line is not plain (no match), its start is after its end, its text has
    no line, or (MPL2) a line is in italics (``/``): pysubs2 reads it.

    >>> c = plain_event("microdvd", _PLAIN_LINE["microdvd"].fullmatch("{25}{50} a|b"), 40.0, 9)
    >>> c.start, c.end, c.lines, c.source_line
    (1000, 2000, ('a', 'b'), 9)
    >>> plain_event("mpl2", _PLAIN_LINE["mpl2"].fullmatch("[10][20]/italic"), 0.0, 1) is None
    True
    """
    if found is None:
        return None
    a, b, text = found.groups()
    if name == "microdvd":
        start, end = round(int(a) * per_frame), round(int(b) * per_frame)
        text = text.strip()
        if not text:
            return None
        lines = tuple(text.split("|")) if "|" in text else (text,)
    else:
        start, end = round(float(a) / 10 * 1000), round(float(b) / 10 * 1000)
        lines = tuple(s.strip() for s in text.split("|")) if "|" in text else (text.strip(),)
        if not any(lines) or any(s.startswith("/") for s in lines):
            return None
    if start > end:
        return None
    return plain_cue(start, end, lines, line)


def _read(name: str, text: str, report: Report, rate: Rate, *, lines_before: int = 0, events_before: int = 0) -> Track:
    """``text`` read through pysubs2 (``rate``: the frame rate of MicroDVD, unless the text
    declares it); its source lines and report entries counted on from ``lines_before`` lines and
    ``events_before`` events before it."""
    import pysubs2

    declared, fps = rate
    kwargs: dict[str, Any] = {} if declared or fps is None else {"fps": fps}
    try:
        subs = pysubs2.SSAFile.from_string(text, format_=name, **kwargs)
    except Exception as exc:  # pysubs2 raises many kinds; ours is ParseError
        huge = _HUGE_NUMBER.search(text)
        if huge is not None:  # int() refuses thousands of digits: say where they are
            line = lines_before + text.count("\n", 0, huge.start()) + 1
            reason = "number out of range (thousands of digits)"
            raise ParseError(name, reason, line, snippet=huge.group()[:20]) from None
        raise ParseError(name, f"pysubs2 could not read it: {exc}") from None
    own = Report()
    track = track_from_pysubs2(subs, own)
    for entry in own.entries:  # (lines of pysubs2's ASS rendering: one an event, after its header)
        shifted = entry.line + events_before if entry.line is not None and events_before else entry.line
        report.entries.append(entry if shifted == entry.line else replace(entry, line=shifted))
    lines = _event_lines(name, text, len(track.cues), rate_line=declared)
    return track.with_cues(
        c.replace(source_line=None if line is None else line + lines_before)
        for c, line in zip(track.cues, lines, strict=True)
    )


#: where an event starts, for the formats whose events can be found in the text: a line of
#: its own (MicroDVD, MPL2, TMP) or a ``<SYNC>`` tag (SAMI)
_EVENT_START = {
    "microdvd": re.compile(r"^ *\{ *\d+ *\} *\{ *\d+ *\}.", re.M),  # (pysubs2's own tests of a line)
    "mpl2": re.compile(r"^\[-?\d+\]\[-?\d+\]", re.M),
    "tmp": re.compile(r"^[^\S\n]*\d{1,2}:\d{2}:\d{2}[:=]", re.M),
    "sami": re.compile(r"<sync\b", re.I),
}


def _event_lines(name: str, text: str, count: int, rate_line: bool = False) -> list[int | None]:
    """The input's line of each of the ``count`` events pysubs2 read, in order: where the events
    start (``rate_line``: the first is MicroDVD's ``{1}{1}25``, not an event), when there are as
    many; else None for each (unknown: not the line in pysubs2's ASS rendering, which the reader
    would report).

    >>> _event_lines("microdvd", "{1}{1}25\\n{10}{20}a\\n\\n{30}{40}b\\n", 2, rate_line=True)
    [2, 4]
    >>> _event_lines("json", "{}", 1)
    [None]
    >>> _event_lines("sami", "<SAMI><BODY>\\n<SYNC Start=0><P>a\\n<Sync start=900><P>b", 2)
    [2, 3]
    """
    pattern = _EVENT_START.get(name)
    if pattern is None:
        return [None] * count
    starts = [m.start() for m in pattern.finditer(text)]
    del starts[: int(rate_line)]
    lines: list[int | None] = []
    line, counted = 1, 0
    for at in starts:
        line += text.count("\n", counted, at)
        counted = at
        lines.append(line)
    return lines if len(lines) == count else [None] * count


def _writer(name: str) -> Callable[[Track, WriteOptions, Report], str]:
    def write(track: Track, options: WriteOptions, report: Report) -> str:
        subs = track_to_pysubs2(track)
        kwargs: dict[str, Any] = {}
        if name == "microdvd":
            kwargs["fps"] = options.fps or MICRODVD_FPS
        text: str = subs.to_string(name, **kwargs)
        return finish_output(text, options)

    return write


def track_from_pysubs2(subs: Any, report: Report | None = None) -> Track:
    """A :class:`Track` from a ``pysubs2.SSAFile``: every event, its styles, script info and
    other sections, exactly as subconv's own ASS reader reads pysubs2's ASS rendering of it."""
    from .ass import read_ass

    track = read_ass(subs.to_string("ass"), report if report is not None else Report())
    events = list(subs)
    if len(events) != len(track.cues):  # cannot happen with pysubs2's own output; keep ASS times then
        return track
    # ASS text holds centiseconds; the events hold milliseconds: keep those
    return track.with_cues(
        c.replace(start=int(ev.start), end=int(ev.end)) for c, ev in zip(track.cues, events, strict=True)
    )


def track_to_pysubs2(track: Track, report: Report | None = None) -> Any:
    """A ``pysubs2.SSAFile`` holding ``track`` (timed cues), parsed from subconv's ASS output,
    so styles, script info, spans and escapes are exactly what :func:`subconv.dumps` writes."""
    import pysubs2

    from .ass import write_ass

    timed = track.with_cues(c for c in track.cues if c.start is not None and c.end is not None)
    ass = write_ass(timed, WriteOptions(), report if report is not None else Report())
    subs = pysubs2.SSAFile.from_string(ass, format_="ass")
    for ev, cue in zip(subs, timed.cues, strict=True):  # milliseconds, not ASS's centiseconds
        if cue.start is not None and cue.end is not None:
            ev.start, ev.end = cue.start, cue.end
    return subs


def _sniffer(name: str) -> Callable[[str], bool]:
    def sniff(text: str) -> bool:
        return sniff_pysubs2(text) == name

    return sniff


def make_format(name: str, extensions: tuple[str, ...], shared: tuple[str, ...] = ()) -> Format:
    """A :class:`Format` reading ``name`` through pysubs2 (and writing it when pysubs2 can).

    >>> f = make_format("mpl2", (".mpl",))
    >>> f.name, f.write is not None
    ('mpl2', True)
    """
    return Format(
        name=name,
        extensions=extensions,
        shared_extensions=shared,
        sniff=_sniffer(name),
        sniff_rank=70,  # after subconv's own formats, which pysubs2 would claim too
        read=_reader(name),
        read_pieces=_piece_reader(name) if name in _LINE_FORMATS else None,
        write=_writer(name) if name in WRITABLE else None,
        resolution_ms={"mpl2": 100, "tmp": 1000}.get(name, 1),
    )


#: the formats read through pysubs2 (each with its file endings)
FORMATS = (
    make_format("microdvd", (".sub",)),
    make_format("mpl2", (".mpl", ".mpl2")),
    make_format("tmp", (".tmp",)),
    make_format("sami", (".smi", ".sami")),
    make_format("json", (".json",), shared=(".json",)),
    make_format("whisper_jax", ()),
)
_NAMES = frozenset(fmt.name for fmt in FORMATS)


def sniff_pysubs2(text: str) -> str | None:
    """The pysubs2 format of ``text`` when it is one subconv routes through pysubs2, else None.

    Never claims SRT, WebVTT, ASS/SSA, TTML or plain page text.

    >>> sniff_pysubs2("{1}{25}Hello|world\\n{30}{50}Bye\\n")
    'microdvd'
    >>> sniff_pysubs2("Just a transcript line.\\nAnother one.") is None
    True
    """
    return _guess(text[:65536])


@functools.lru_cache(maxsize=1)
def _guess(head: str) -> str | None:
    """pysubs2's guess for ``head`` (kept for the last text: each pysubs2 format's sniff asks)."""
    import pysubs2

    try:
        found: str = pysubs2.formats.autodetect_format(head)
    except Exception:
        return None
    if found not in _NAMES:  # (srt, vtt, ass, ssa, ttml: subconv's own modules sniff those)
        return None
    if found == "tmp":
        lines = [ln for ln in head.splitlines() if ln.strip()]
        hits = sum(1 for ln in lines if _TMP_LINE.match(ln))
        if not lines or hits * 2 < len(lines):
            return None
    return found

"""Format registry: one module per format, each declaring its :class:`Format`.

A format module exposes a module-level ``FORMAT`` (or ``FORMATS``, for a module serving several
names): its name, aliases, file endings, place in content sniffing, ``sniff``, ``read``, ``write``
and capabilities.  Everything that lists formats (the API, the CLI's help, folder mode, the
docs) asks this registry.  Adding a format means one new module and one name in
:data:`MODULES`.  Modules are imported on first use, so ``import subconv`` stays fast.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import TypeVar

from ..errors import ParseError, UnknownFormatError
from ..model import Track
from ..report import LOUD_STEP, Report
from ..timefmt import LATEST_MS, UNTIMED_MARKS_MS, VTT_CLOCK, format_clock
from .base import Format, Reader, Sniffer, WriteOptions, Writer, latest_time

__all__ = [
    "MODULES",
    "Format",
    "Reader",
    "Sniffer",
    "WriteOptions",
    "Writer",
    "from_extension",
    "get",
    "is_shared_extension",
    "names",
    "output_format",
    "sniff",
    "sniff_order",
    "unsigned",
    "writable",
]


#: The registry: the modules of this package that declare formats (``FORMAT``, or ``FORMATS`` for
#: a module serving several), in order of precedence for a file ending two formats claim.
#: Adding a format = one new module and its name here.
MODULES: tuple[str, ...] = (
    "srt",
    "vtt",
    "ass",
    "sbv",
    "generic",
    "subviewer",
    "ttml",
    "textgrid",
    "lrc",
    "cuelist",
    "page",
    "txt",
)


def _declared(module: str) -> tuple[Format, ...]:
    """The formats ``module`` declares (imported on first use: ``import subconv`` stays fast)."""
    mod = importlib.import_module(f".{module}", __name__)
    many = getattr(mod, "FORMATS", None)
    if many is not None:
        return tuple(many.values()) if isinstance(many, dict) else tuple(many)
    fmt: Format = mod.FORMAT
    return (fmt,)


@functools.cache
def _table(modules: tuple[str, ...]) -> dict[str, Format]:
    """Every declared format by name, in registry order (built once per registry)."""
    return {fmt.name: fmt for fmt in _in_order(modules)}


def _in_order(modules: tuple[str, ...]) -> Iterator[Format]:
    """The declared formats in registry order (a name declared twice: its first), each module
    imported when the walk reaches it: a search that stops early (the format a file ending
    names) imports only the modules before the one that claims it."""
    seen: set[str] = set()
    for module in modules:
        for fmt in _declared(module):
            if fmt.name not in seen:
                seen.add(fmt.name)
                yield fmt


def _formats() -> dict[str, Format]:
    return _table(MODULES)


@functools.cache
def _aliases(modules: tuple[str, ...]) -> dict[str, str]:
    """Every name and alias -> the format's name."""
    out: dict[str, str] = {}
    for fmt in _table(modules).values():
        out.setdefault(fmt.name, fmt.name)
        for alias in fmt.aliases:
            out.setdefault(alias, fmt.name)
    return out


_cache: dict[str, Format] = {}


def _find(key: str) -> Format:
    if key in MODULES:  # the usual case: the module of that name declares it (no other imports)
        for fmt in _declared(key):
            if fmt.name == key:
                return fmt
    name = _aliases(MODULES).get(key)
    if name is None:
        raise UnknownFormatError(f"unknown format {key!r}; known formats: {', '.join(names())}")
    return _formats()[name]


def get(name: str) -> Format:
    """The format called ``name`` (case-insensitive, an alias too: ``webvtt`` = ``vtt``); a
    ``name`` that is not a ``str`` (None, a path) is a ``TypeError``."""
    if not isinstance(name, str):
        raise TypeError(f"a format is named by a str such as 'srt' or 'vtt', not {type(name).__name__} {name!r}")
    key = name.lower().lstrip(".")
    fmt = _cache.get(key)
    if fmt is None:
        found = _find(key)
        read = _naming(found.read, found.name)  # the track knows its format (``Track.format``)
        pieces = None if found.read_pieces is None else _naming(found.read_pieces, found.name)
        unsigned = None if found.read_unsigned is None else _naming(found.read_unsigned, found.name)
        fmt = _cache[key] = replace(found, read=read, read_pieces=pieces, read_unsigned=unsigned)
    return fmt


_In = TypeVar("_In")


def _naming(read: Callable[[_In, Report], Track], name: str) -> Callable[[_In, Report], Track]:
    def run(text: _In, report: Report) -> Track:
        track = read(text, report)
        refuse_too_late(track, name)
        track = untimed_marks(track, name, report)
        if track.format == name or track.format in _siblings(name):
            return track  # (the reader told which of its module's formats the text is: SSA or ASS)
        return replace(track, format=name)

    return run


@functools.cache
def _siblings(name: str) -> frozenset[str]:
    """The other formats the module declaring ``name`` declares (``ass``: ``ssa``), whose reader
    may say which of them a text is."""
    for module in MODULES:
        names = {fmt.name for fmt in _declared(module)}
        if name in names:
            return frozenset(names - {name})
    return frozenset()


def refuse_too_late(track: Track, fmt: str) -> None:
    """A :class:`ParseError` at the first cue of ``track`` (read as ``fmt``) with a time past
    :data:`~subconv.timefmt.LATEST_MS` (999999999:59:59.999), as WebVTT's 10-digit hours are:
    every reader takes the same times (before, a json3 ``tStartMs`` of ``1e300`` was read, and
    written as 294-digit hours nothing reads)."""
    cues = track.cues
    if latest_time(cues) <= LATEST_MS:
        return
    for cue in cues:
        late = max(cue.start or 0, cue.end or 0)
        if late > LATEST_MS:
            shown = f"{late} ms" if late < 10**18 else "over 10^18 ms"  # (str() of a huge int is slow)
            past = format_clock(LATEST_MS, VTT_CLOCK)
            raise ParseError(fmt, f"time out of range: {shown} is past {past}", cue.source_line)


def untimed_marks(track: Track, fmt: str, report: Report) -> Track:
    """``track`` (read as ``fmt``) with each cue that starts and ends at one of
    :data:`~subconv.timefmt.UNTIMED_MARKS_MS` (Amara's 99:59:59.000 for a cue not yet timed)
    untimed, each reported with its line and one warning for them all; the timing step then
    estimates their times between the cues that have them, as it does a page's.

    >>> from subconv.model import Cue
    >>> r = Report()
    >>> t = untimed_marks(Track((Cue(1000, 2000, ("a",)), Cue(359_999_000, 359_999_000, ("b",)))), "srt", r)
    >>> [(c.start, c.end) for c in t.cues], r.entries[0].reason
    ([(1000, 2000), (None, None)], "untimed: 99:59:59.000 to 99:59:59.000 is Amara's mark for a cue not yet timed")
    """
    marked = [c for c in track.cues if c.start == c.end and c.start in UNTIMED_MARKS_MS]
    if not marked:
        return track
    for c in marked:
        assert c.start is not None
        mark = format_clock(c.start, VTT_CLOCK)
        why = f"untimed: {mark} to {mark} is Amara's mark for a cue not yet timed"
        report.add(fmt, "rewritten", why, c.source_line, c.text, start=c.start, end=c.end)
    cues = "1 cue is" if len(marked) == 1 else f"{len(marked)} cues are"
    report.add(
        LOUD_STEP,
        "warning",
        f"{cues} marked as not yet timed ({format_clock(marked[0].start or 0, VTT_CLOCK)}, Amara's mark): read "
        "as untimed, and timed as a page's lines are (--report lists each)",
        marked[0].source_line,
    )
    return track.with_cues(
        tuple(
            c.replace(start=None, end=None, words=()) if c.start == c.end and c.start in UNTIMED_MARKS_MS else c
            for c in track.cues
        )
    )


def names() -> list[str]:
    """Every format name the registry knows, in registry order."""
    return list(_formats())


def writable() -> list[str]:
    """The names of the formats subconv can write, in registry order."""
    return [fmt.name for fmt in _formats().values() if fmt.write is not None]


def _claims(fmt: Format, lower: str) -> bool:
    return any(lower.endswith(ext) for ext in fmt.extensions)


def from_extension(path: str) -> str | None:
    """The format to *read* a file name's extension as, or None.

    >>> from_extension("a.SRT"), from_extension("a.txt"), from_extension("a.sub"), from_extension("a.wav")
    ('srt', 'page', 'microdvd', None)
    """
    lower = path.lower()
    return next((fmt.name for fmt in _in_order(MODULES) if _claims(fmt, lower)), None)


def output_format(path: str) -> str | None:
    """The format to *write* for a file name's extension, or None: the first format with a writer
    that claims it (``.txt`` is a plain transcript; other page endings are None).

    >>> output_format("a.txt"), output_format("a.SRT"), output_format("a.html")
    ('txt', 'srt', None)
    """
    lower = path.lower()
    return next((fmt.name for fmt in _in_order(MODULES) if fmt.write is not None and _claims(fmt, lower)), None)


def read_only_format(path: str) -> str | None:
    """The format a file name's ending names that subconv reads but has no writer for, or None
    (:func:`output_format` finds a writer, or the ending names no format).  The API and the
    command line refuse to write such a name (``subconv can read sami but cannot write it``)
    rather than write another format under it.

    >>> read_only_format("a.smi"), read_only_format("a.html"), read_only_format("a.srt"), read_only_format("a.xyz")
    ('sami', 'page', None, None)
    """
    name = from_extension(path)
    return name if name is not None and output_format(path) is None else None


def is_shared_extension(path: str) -> bool:
    """True when the file name's ending is one other kinds of files use too (``Format.shared_extensions``).

    >>> is_shared_extension("README.md"), is_shared_extension("a.json"), is_shared_extension("a.srt")
    (True, True, False)
    """
    lower = path.lower()
    return any(lower.endswith(ext) for fmt in _formats().values() for ext in fmt.shared_extensions)


def sniff_order() -> list[str]:
    """The formats content sniffing tries, in order (``Format.sniff_rank``)."""
    ranked = [fmt for fmt in _formats().values() if fmt.sniff_rank is not None]
    return [fmt.name for fmt in sorted(ranked, key=lambda fmt: fmt.sniff_rank or 0)]


def unsigned(text: str, path: str | None, found: str | None) -> Format | None:
    """The format of ``path``'s ending when ``text`` is one of its texts that lacks the
    signature (``Format.sniff_unsigned``) and content sniffing ``found`` another format, or
    none; else None.  A ``.vtt`` file with no ``WEBVTT`` line but WebVTT cues is WebVTT, not
    the SRT its numbered cues look like.

    >>> unsigned("1\\n00:00:01.000 --> 00:00:02.000 line:1\\nHi\\n", "a.vtt", "srt").name
    'vtt'
    >>> unsigned("1\\n00:00:01,000 --> 00:00:02,000\\nHi\\n", "a.vtt", "srt") is None
    True
    """
    name = None if path is None else from_extension(path)
    if name is None or name == found:
        return None
    fmt = get(name)
    if fmt.sniff_unsigned is None or fmt.read_unsigned is None or not fmt.sniff_unsigned(text):
        return None
    return fmt


def unsigned_as(fmt: Format, text: str) -> bool:
    """True when ``text``, given as format ``fmt`` (``loads(text, "vtt")``, ``--from vtt``), lacks
    its signature but has what only ``fmt`` has (``Format.sniff_unsigned``): read with
    ``Format.read_unsigned`` (reported), as a file of ``fmt``'s ending is (:func:`unsigned`).  A
    format given is no less forgiving than a file's name.

    >>> unsigned_as(get("vtt"), "1\\n00:00:01.000 --> 00:00:02.000\\nHi\\n"), unsigned_as(get("vtt"), "WEBVTT\\n")
    (True, False)
    >>> unsigned_as(get("vtt"), "1\\n00:00:01,000 --> 00:00:02,000\\nHi\\n")  # (SRT's cues: refused as WebVTT)
    False
    """
    if fmt.sniff_unsigned is None or fmt.read_unsigned is None:
        return False
    return not fmt.sniff(text) and fmt.sniff_unsigned(text)


#: The formats subconv does not read, by the signature their files start with: a text of one is
#: refused by :func:`sniff` (a :class:`ParseError` at line 1 naming it), not read as a page of
#: its codes (before, an SCC file became cues of hex codes, exit 0).
UNSUPPORTED: tuple[tuple[re.Pattern[str], str, str], ...] = (
    (
        re.compile(r"\ufeff?\s*Scenarist_SCC V"),
        "scc",
        "Scenarist SCC (CEA-608 caption codes) is not supported; ffmpeg reads it: ffmpeg -i IN.scc OUT.srt",
    ),
)


def refuse_unsupported(text: str) -> None:
    """A :class:`ParseError` at line 1 when ``text`` starts with the signature of a format of
    :data:`UNSUPPORTED`.

    >>> refuse_unsupported("Scenarist_SCC V1.0\\n\\n00:00:00:22\\t9420 9420\\n")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    subconv.errors.ParseError: line 1: scc: Scenarist SCC (CEA-608 caption codes) is not supported; ...
    """
    for signature, name, why in UNSUPPORTED:
        if signature.match(text, 0, 200):
            raise ParseError(name, why, 1)


def sniff(text: str) -> str | None:
    """The first format in :func:`sniff_order` whose ``sniff`` recognises ``text``, or None; a
    text of a format subconv does not read (:data:`UNSUPPORTED`: SCC) is a :class:`ParseError`.

    ``page`` claims only the page shapes with a signature (timed-text XML, json3); otherwise it is
    the fallback for text no subtitle format claims.
    """
    refuse_unsupported(text)
    formats = _formats()
    head = text[:SNIFF_CHARS]
    if "\r" in head:  # (old Mac line ends, CR alone, as every reader takes them: seen as LF)
        text = head.replace("\r\n", "\n").replace("\r", "\n")
    for name in sniff_order():
        if formats[name].sniff(text):
            return name
    return None


#: The characters of a text the sniffers look at, at most (64 KiB, ``docs/architecture.md``).
SNIFF_CHARS = 1 << 16

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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from ..errors import UnknownFormatError
from ..model import EMPTY, Cue, Span, Track
from ..report import Report


@dataclass(frozen=True)
class WriteOptions:
    """Options every writer accepts (each ignores what it cannot use)."""

    bom: bool = False  # start the file with U+FEFF
    crlf: bool = False  # CRLF line endings
    speaker_prefix: bool = True  # SRT/ASS-less formats: write "NAME: " before a speaker's text
    ass_style: str | None = None  # ASS: a "Style:" line (V4+ format) used as Default
    play_res: tuple[int, int] = (1920, 1080)  # ASS PlayResX/Y when the track has none
    line_limit: int | None = None  # editor profiles: maximum characters per line (reported)
    fps: float | None = None  # editor profiles: frame rate the times were snapped to
    words: bool = False  # WebVTT/ASS: show per-word times (cue timestamps, karaoke) where cues have them
    extra: dict[str, str] = field(default_factory=dict)  # format-specific switches


def as_it_is(
    cue: Cue, max_ms: int, unchanged: Callable[[str], bool], tags: Mapping[str, tuple[str, str]]
) -> tuple[int, int, str] | None:
    """``(start, end, text as written)`` of a cue a writer may write as it is (its fast path): no
    extras or speaker, ``0 <= start <= end <= max_ms``, a text no escape rule changes
    (``unchanged``: one of the checks :func:`subconv.formats.escapes.unchanged_check` builds) and
    spans :func:`simple_tags` can write with ``tags``; else None (the writer's escaping path).

    >>> from subconv.formats.escapes import HTML_SPAN_TAGS, srt_unchanged
    >>> as_it_is(Cue(0, 10, ("a", "big b"), (Span(6, 7, "i"),)), 99, srt_unchanged, HTML_SPAN_TAGS)
    (0, 10, 'a\\nbig <i>b</i>')
    >>> as_it_is(Cue(0, 10, ("a",), speaker="x"), 99, srt_unchanged, HTML_SPAN_TAGS) is None
    True
    """
    start, end = cue.start, cue.end
    if cue.extras is not EMPTY or cue.speaker is not None or start is None or end is None:
        return None
    if not 0 <= start <= end <= max_ms:
        return None
    lines = cue.lines
    text = lines[0] if len(lines) == 1 else "\n".join(lines)
    if not unchanged(text):
        return None
    if not cue.spans:
        return start, end, text
    written = simple_tags(text, cue.spans, tags)
    return None if written is None else (start, end, written)


def simple_tags(text: str, spans: tuple[Span, ...], tags: Mapping[str, tuple[str, str]]) -> str | None:
    """``text`` with each span between its (open, close) ``tags``, or None unless the spans are
    in order, non-empty, inside the text, of kinds in ``tags`` and apart (no two overlap or
    touch): then a writer's general rendering (merging, re-nesting) has nothing to do.

    >>> simple_tags("a big one", (Span(2, 5, "i"),), {"i": ("<i>", "</i>")})
    'a <i>big</i> one'
    >>> simple_tags("ab", (Span(0, 1, "i"), Span(1, 2, "i")), {"i": ("<i>", "</i>")}) is None
    True
    """
    out: list[str] = []
    pos = 0
    last_end = -1
    for span in spans:
        start, end = span.start, span.end
        if start <= last_end or end <= start or end > len(text) or span.kind not in tags:
            return None
        opening, closing = tags[span.kind]
        out += (text[pos:start], opening, text[start:end], closing)
        pos = last_end = end
    out.append(text[pos:])
    return "".join(out)


def shown_cues(track: Track, report: Report, step: str) -> tuple[Cue, ...]:
    """The cues a viewer sees: ASS ``Comment:`` events (extra ``ass.comment``) left out, reported.

    >>> len(shown_cues(Track((Cue(0, 1, ("a",)), Cue(0, 1, ("b",), extras={"ass.comment": "1"}))), Report(), "x"))
    1
    """
    cues = track.cues
    comments = sum(1 for c in cues if c.extras.get("ass.comment") == "1")
    if not comments:
        return cues
    report.add(step, "dropped", f"{comments} ASS comment events not written (they are never shown)")
    return tuple(c for c in cues if c.extras.get("ass.comment") != "1")


def finish_output(text: str, options: WriteOptions) -> str:
    """A writer's ``\\n`` text with the line endings and byte-order mark ``options`` ask for.

    >>> finish_output("a\\nb\\n", WriteOptions(bom=True, crlf=True))
    '\\ufeffa\\r\\nb\\r\\n'
    """
    if options.crlf:
        text = text.replace("\n", "\r\n")
    return "\ufeff" + text if options.bom else text


Reader = Callable[[str, Report], Track]
Writer = Callable[[Track, WriteOptions, Report], str]
Sniffer = Callable[[str], bool]


@dataclass(frozen=True)
class Format:
    """A subtitle format, as its module declares it: names, file endings, functions, capabilities.

    ``extensions``: the endings of its files (the first is the one it writes); when two formats
    claim an ending, the first in :data:`MODULES` order reads it and the first with a writer
    writes it.  ``sniff_rank``: its place in content sniffing (lower first; None: never sniffed).
    ``shared_extensions``: endings that other kinds of files use too (a Markdown README, a JSON
    config): folder mode converts such a file only when its content reads as captions.
    """

    name: str
    extensions: tuple[str, ...]
    sniff: Sniffer
    read: Reader
    write: Writer | None
    resolution_ms: int = 1  # the time resolution the writer uses
    aliases: tuple[str, ...] = ()
    sniff_rank: int | None = None
    shared_extensions: tuple[str, ...] = ()
    markup: bool = False  # the writer keeps italic/bold/underline spans
    placement: bool = False  # the writer keeps a cue's placement (numpad alignment)


#: The registry: the modules of this package that declare formats (``FORMAT``, or ``FORMATS`` for
#: a module serving several), in order of precedence for a file ending two formats claim.
#: Adding a format = one new module and its name here.
MODULES: tuple[str, ...] = ("srt", "vtt", "ass", "sbv", "generic", "subviewer", "ttml", "page", "txt")


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
    table: dict[str, Format] = {}
    for module in modules:
        for fmt in _declared(module):
            table.setdefault(fmt.name, fmt)
    return table


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
    """The format called ``name`` (case-insensitive, an alias too: ``webvtt`` = ``vtt``)."""
    key = name.lower().lstrip(".")
    fmt = _cache.get(key)
    if fmt is None:
        found = _find(key)
        read = _naming(found.read, found.name)  # the track knows its format (``Track.format``)
        fmt = _cache[key] = replace(found, read=read)
    return fmt


def _naming(read: Reader, name: str) -> Reader:
    def run(text: str, report: Report) -> Track:
        track = read(text, report)
        return track if track.format == name else replace(track, format=name)

    return run


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
    return next((fmt.name for fmt in _formats().values() if _claims(fmt, lower)), None)


def output_format(path: str) -> str | None:
    """The format to *write* for a file name's extension, or None: the first format with a writer
    that claims it (``.txt`` is a plain transcript; other page endings are None).

    >>> output_format("a.txt"), output_format("a.SRT"), output_format("a.html")
    ('txt', 'srt', None)
    """
    lower = path.lower()
    return next((fmt.name for fmt in _formats().values() if fmt.write is not None and _claims(fmt, lower)), None)


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


def sniff(text: str) -> str | None:
    """The first format in :func:`sniff_order` whose ``sniff`` recognises ``text``, or None.

    ``page`` is never sniffed here: it is the fallback for text no subtitle format claims.
    """
    formats = _formats()
    for name in sniff_order():
        if formats[name].sniff(text):
            return name
    return None

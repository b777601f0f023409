"""Format registry: one module per format, each with ``sniff``, ``read`` and ``write``.

A format module exposes a module-level ``FORMAT`` (a :class:`Format`).  Adding a
format means one new module and one line in :data:`_MODULES`.  Modules are
imported lazily, so ``import subconv`` stays fast.
"""

from __future__ import annotations

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


def bare_cue(cue: Cue, max_ms: int) -> tuple[int, int, str, tuple[Span, ...]] | None:
    """``(start, end, text, spans)`` of a cue that holds nothing but times, text and spans (no
    extras or speaker) with ``0 <= start <= end <= max_ms``; else None.  The writers' fast path
    starts here (they still check the text has nothing to escape, and render the spans with
    :func:`simple_tags`).

    >>> bare_cue(Cue(0, 10, ("a", "b")), 99), bare_cue(Cue(0, 10, ("a",), speaker="x"), 99)
    ((0, 10, 'a\\nb', ()), None)
    """
    start, end = cue.start, cue.end
    if (
        cue.extras is EMPTY
        and cue.speaker is None
        and start is not None
        and end is not None
        and 0 <= start <= end <= max_ms
    ):
        lines = cue.lines
        return start, end, lines[0] if len(lines) == 1 else "\n".join(lines), cue.spans
    return None


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
    """A subtitle format: its names, extensions, and functions."""

    name: str
    extensions: tuple[str, ...]
    sniff: Sniffer
    read: Reader
    write: Writer | None
    resolution_ms: int = 1  # the time resolution the writer uses
    aliases: tuple[str, ...] = ()


# name -> module (relative to this package).  Order = sniffing priority.
_MODULES: dict[str, str] = {
    "vtt": "vtt",
    "ass": "ass",
    "ssa": "ass",
    "srt": "srt",
    "sbv": "sbv",
    "subviewer": "subviewer",
    "ttml": "ttml",
    "txt": "txt",  # writes a plain transcript; reads as a page
    "page": "page",
}

# formats pysubs2 reads that we route through it (name -> pysubs2 format id)
PYSUBS2_ONLY: dict[str, tuple[str, ...]] = {
    "microdvd": (".sub",),
    "mpl2": (".mpl", ".mpl2"),
    "tmp": (".tmp",),
    "sami": (".smi", ".sami"),
    "json": (".json",),
    "whisper_jax": (),
}


def _load(name: str) -> Format:
    modname = _MODULES.get(name)
    if modname is not None:
        mod = importlib.import_module(f".{modname}", __name__)
        fmt: Format = mod.FORMATS[name] if hasattr(mod, "FORMATS") else mod.FORMAT
        return fmt
    if name in PYSUBS2_ONLY:
        from . import generic

        return generic.make_format(name, PYSUBS2_ONLY[name])
    raise UnknownFormatError(f"unknown format {name!r}; known formats: {', '.join(names())}")


_cache: dict[str, Format] = {}

# other names for formats (each module's ``Format.aliases`` lists its own)
_ALIASES = {
    "webvtt": "vtt",
    "subrip": "srt",
    "html": "page",
    "htm": "page",
    "md": "page",
    "youtube": "sbv",
    "subviewer2": "subviewer",
    "dfxp": "ttml",
    "imsc": "ttml",
    "transcript": "txt",
}


def get(name: str) -> Format:
    """The format called ``name`` (case-insensitive, ``webvtt`` = ``vtt``)."""
    key = name.lower().lstrip(".")
    key = _ALIASES.get(key, key)
    if key not in _cache:
        fmt = _load(key)
        read = _naming(fmt.read, fmt.name)  # the track knows its format (``Track.format``)
        _cache[key] = replace(fmt, read=read)
    return _cache[key]


def _naming(read: Reader, name: str) -> Reader:
    def run(text: str, report: Report) -> Track:
        track = read(text, report)
        return track if track.format == name else replace(track, format=name)

    return run


def names() -> list[str]:
    """Every format name the registry knows."""
    return list(_MODULES) + list(PYSUBS2_ONLY)


def from_extension(path: str) -> str | None:
    """The format name for a file name's extension, or None."""
    lower = path.lower()
    for ext, name in (
        (".srt", "srt"),
        (".vtt", "vtt"),
        (".webvtt", "vtt"),
        (".ass", "ass"),
        (".ssa", "ssa"),
        (".sbv", "sbv"),
        (".ttml", "ttml"),
        (".dfxp", "ttml"),
        (".txt", "page"),
        (".md", "page"),
        (".markdown", "page"),
        (".html", "page"),
        (".htm", "page"),
        (".xml", "page"),  # YouTube timed-text (srv1/srv3)
        (".ytt", "page"),
    ):
        if lower.endswith(ext):
            return name
    for name, exts in PYSUBS2_ONLY.items():
        if any(lower.endswith(e) for e in exts):
            return name
    for name in _MODULES:  # a format module added to the registry brings its own extensions
        if any(lower.endswith(e) for e in get(name).extensions):
            return name
    return None


# SBV and SubViewer first: their sniffers want a timing line before any other text, which no
# SRT or ASS file has, while SBV/SubViewer text may hold lines SRT's or ASS's sniffer takes
_SNIFF_ORDER = ("vtt", "sbv", "subviewer", "ttml", "ass", "srt")


def output_format(path: str) -> str | None:
    """The format to *write* for a file name's extension, or None: as :func:`from_extension`,
    except that ``.txt`` is a plain transcript (``txt``) and other page extensions are None.

    >>> output_format("a.txt"), output_format("a.SRT"), output_format("a.html")
    ('txt', 'srt', None)
    """
    name = from_extension(path)
    if name == "page":
        return "txt" if path.lower().endswith(".txt") else None
    return name


def sniff(text: str) -> str | None:
    """The format whose ``sniff`` recognises ``text`` (built-in formats first), or None.

    ``page`` is never sniffed here: it is the fallback for text no subtitle
    format claims.
    """
    for name in _SNIFF_ORDER:
        if get(name).sniff(text):
            return name
    from . import generic

    return generic.sniff_pysubs2(text)

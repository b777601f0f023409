"""The Python API: read, loads, process, dumps, write, convert."""

from __future__ import annotations

import codecs
import dataclasses
import errno
import io
import itertools
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol, TypeAlias, overload

from . import formats
from .encoding import decode
from .errors import EncodingError, ParseError, UnknownFormatError, UsageError, WriteError
from .formats import WriteOptions
from .formats.escapes import WJ
from .model import Cue, CueFeed, Track
from .options import Options
from .pipeline import Context, run, run_streamed
from .report import LOUD_STEP, Report


class Readable(Protocol):
    """An open file (``open(path, "rb")``, ``open(path)``, ``io.BytesIO``, ``io.StringIO``): its
    ``read()`` gives its bytes or its text."""

    def read(self) -> bytes | str: ...


class Writable(Protocol):
    """An open file to write to (``open(path, "w")``, ``io.StringIO``; ``open(path, "wb")``,
    ``io.BytesIO`` take the text encoded)."""

    def write(self, data: Any, /) -> object: ...


#: What :func:`read` and :func:`convert` take: a path, the file's bytes, or an open file.
Source: TypeAlias = "str | bytes | bytearray | memoryview | os.PathLike[str] | Readable"
#: A file's name given beside its bytes (``name=``).
Name: TypeAlias = "str | os.PathLike[str] | None"


def detect_format(text: str, path: Name = None) -> str:
    """Name the format of ``text``: by content first, then ``path``'s extension, else ``page``
    (a text of the extension's format that lacks its signature but has what only that format
    has, e.g. a ``.vtt`` file with no ``WEBVTT`` line: that format, :func:`subconv.formats.unsigned`)."""
    return _detect(_text_arg(text, "detect_format()"), _name_arg(path, "detect_format() path="))[0]


#: what reading a text with nothing but white space says when neither a format given nor the file's
#: ending names its format (before: ``page: no captions found (page shape: plain)``, as if it
#: were a page; an empty MPL2 or TMP file, which a run whose every cue was dropped writes, read
#: back so without ``--from``)
EMPTY_INPUT = (
    "empty input (nothing but white space): its format cannot be told from its content; give it with --from FMT"
)


def _detect(text: str, path: str | None, reading: bool = False) -> tuple[str, bool]:
    """:func:`detect_format`, and whether the text is one lacking its format's signature (read
    with ``Format.read_unsigned``); ``reading`` the whole input, :data:`EMPTY_INPUT` (an
    :class:`UnknownFormatError`) for a text of nothing but white space that no file ending names
    the format of (:func:`detect_format` calls it a page, the fallback)."""
    found = formats.sniff(text)
    if path is not None:
        fmt = formats.unsigned(text, path, found)
        if fmt is not None:
            return fmt.name, True
    if found is not None:
        return found, False
    if path is not None:
        ext = formats.from_extension(path)
        if ext is not None:
            return ext, False
    if reading and (not text or text.isspace()):
        raise UnknownFormatError(EMPTY_INPUT)
    return "page", False


_BYTES = (bytes, bytearray, memoryview)


def _wrong_type(what: str, value: object, hint: str = "") -> TypeError:
    """The ``TypeError`` an entry point raises for an argument of the wrong type, naming it and
    what it takes, with ``hint`` for a likely mix-up."""
    return TypeError(f"{what}, not {type(value).__name__}" + (f": {hint}" if hint else ""))


def _option_kinds(call: str, options: object, write_options: object) -> None:
    """Refuse, at ``call``, ``options=`` that is not an :class:`Options` or ``write_options=``
    that is not a :class:`WriteOptions` (each the other's a likely mix-up, said)."""
    if options is not None and not isinstance(options, Options):
        hint = "subconv.WriteOptions are the writer's: write_options=" if isinstance(options, WriteOptions) else ""
        raise _wrong_type(f"{call} options= takes a subconv.Options", options, hint)
    if write_options is not None and not isinstance(write_options, WriteOptions):
        hint = "subconv.Options are the pipeline's: options=" if isinstance(write_options, Options) else ""
        raise _wrong_type(f"{call} write_options= takes a subconv.WriteOptions", write_options, hint)


def _text_arg(text: object, call: str) -> str:
    """``text``, the subtitle text given to ``call``, when it is a ``str``; else a TypeError."""
    if isinstance(text, str):
        return text
    hint = "read a file with subconv.read(path)" if isinstance(text, os.PathLike) else ""
    raise _wrong_type(f"{call} takes subtitle text (a str)", text, hint)


def _name_arg(name: object, call: str) -> str | None:
    """The file name given as ``name=`` (a ``str`` or path-like), as a ``str``."""
    if name is None or isinstance(name, str):
        return name
    if isinstance(name, os.PathLike):
        return os.fspath(name)  # type: ignore[no-any-return]
    raise _wrong_type(f"{call} is the file's name (a str or path-like)", name)


def _track_arg(track: object, call: str) -> Track:
    """``track``, given to ``call``, when it is a :class:`Track`; else a TypeError saying how to make one."""
    if isinstance(track, Track):
        return track
    if isinstance(track, str):
        hint = "read subtitle text with subconv.loads(text)"
    elif isinstance(track, list | tuple):
        hint = "subconv.Track(cues) makes a track of a list of cues"
    else:
        hint = ""
    raise _wrong_type(f"{call} takes a subconv.Track", track, hint)


def _report_arg(report: object, call: str) -> Report:
    """``report=`` given to ``call``: a :class:`Report`, or a new one for None; else a TypeError
    (a file name, as the command line's ``--report FILE``, gets a hint)."""
    if report is None:
        return Report()
    if isinstance(report, Report):
        return report
    hint = "pass a subconv.Report() and write it with report.to_json()" if isinstance(report, str | os.PathLike) else ""
    raise _wrong_type(f"{call} report= takes a subconv.Report", report, hint)


def _encoding_arg(encoding: object, call: str, *, optional: bool = True, arg: str = "encoding") -> str | None:
    """``encoding=`` given to ``call``: the name of a codec (a ``str``; None, where ``optional``,
    for the detection); else a ``TypeError`` naming it (``encoding=123`` failed in the codec
    lookup with ``lookup() argument must be str, not int``, naming no argument).  A name Python
    knows as no text encoding is an :class:`~subconv.errors.EncodingError`, where it is given
    (:func:`~subconv.encoding.text_encoding`, as ``--encoding`` and ``--output-encoding``): the
    writers raised Python's ``LookupError``, no ``ValueError``, and ``convert_many`` failed
    every input with it."""
    if isinstance(encoding, str):
        from .encoding import text_encoding

        try:
            text_encoding(encoding)
        except EncodingError as exc:
            raise EncodingError(f"{call} {arg}=: {exc}") from None
        return encoding
    if optional and encoding is None:
        return encoding
    hint = "give its name as a str: encoding='utf-8'" if isinstance(encoding, _BYTES) else ""
    what = "a codec's name (a str such as 'utf-8' or 'cp1252')" + (" or None" if optional else "")
    raise _wrong_type(f"{call} {arg}= takes {what}", encoding, hint)


def _fps_arg(fps: object, call: str) -> float | None:
    """``fps=`` given to ``call``: the frame rate of a frame-counted input (None: the file's
    own), a number from 1 to 1000 (:func:`subconv.options.fps_problem`, as ``Options.fps``'s) as a
    ``float``; a ``TypeError`` for what is not a number, a
    :class:`~subconv.errors.UsageError` for a number out of range, each naming ``fps=``."""
    from numbers import Real

    from .options import fps_problem

    if fps is None:
        return None
    if isinstance(fps, bool) or not isinstance(fps, Real):
        hint = "give it as a number: fps=25" if isinstance(fps, str) else ""
        raise _wrong_type(f"{call} fps= takes a frame rate (a number such as 25 or 23.976)", fps, hint)
    problem = fps_problem(fps)
    if problem is not None:
        raise UsageError(f"{call} fps={fps!r}: {problem}")
    return float(fps)


def _at_rate(fmt: formats.Format, fps: float | None, report: Report) -> formats.Format:
    """``fmt`` reading its frames at ``fps``, the rate given for the input (``Format.at_rate``);
    ``fmt`` itself when none is given, or when it counts time, not frames (a warning then)."""
    if fps is None:
        return fmt
    if fmt.at_rate is None:
        said = (
            f"a frame rate given for the input ({fps:g} fps: fps=, --input-fps) is not used: "
            f"{fmt.name} counts time, not frames"
        )
        report.add(LOUD_STEP, "warning", said)
        return fmt
    return fmt.at_rate(fps)


def _path_arg(path: object, call: str) -> str:
    """The path given to ``call`` (a ``str`` or path-like), as a ``str``: a ``TypeError`` for
    anything else and a :class:`~subconv.errors.UsageError` for an empty name (as the command
    line's), which ``open`` would take as the current folder."""
    if not isinstance(path, str | os.PathLike):
        raise _wrong_type(f"{call} takes the path to write (a str or path-like)", path)
    name = os.fspath(path)
    if name == "":
        raise UsageError(f"{call} path is an empty name: give a file name")
    return name


def _refuse_folder(name: str) -> None:
    """A name ending in ``/`` names a folder, never a file to write (as for ``cp``):
    ``NotADirectoryError`` when none is there, ``IsADirectoryError`` when one is."""
    if name.endswith(("/", os.sep)):
        code = errno.EISDIR if os.path.isdir(name) else errno.ENOTDIR
        raise (IsADirectoryError if code == errno.EISDIR else NotADirectoryError)(code, os.strerror(code), name)


def _chosen(text: str, format: str | None, path: str | None, whole: bool = True) -> tuple[str, bool]:
    """The format to read ``text`` as (``whole``: all of the input), and whether it lacks that
    format's signature (read with ``Format.read_unsigned``): the ``format`` given
    (:func:`subconv.formats.unsigned_as`), else the one :func:`_detect` finds."""
    if not format:
        return _detect(text, path, reading=whole)
    fmt = formats.get(format)
    return fmt.name, formats.unsigned_as(fmt, text)


def _source_text(source: Source, encoding: str | None, report: Report, given: Name = None) -> tuple[str, str | None]:
    name = _name_arg(given, "read() name=")
    if isinstance(source, _BYTES):
        if name is None:
            return decode(bytes(source), encoding, report), None
        return decode(bytes(source), encoding, report, name=name), name
    if not isinstance(source, str | os.PathLike) and callable(getattr(source, "read", None)):
        return _file_text(source, encoding, report, name)
    if not isinstance(source, str | os.PathLike):
        what = "read() takes a path (a str or path-like), an open file or the file's bytes"
        raise _wrong_type(what, source)
    path = os.fspath(source)
    if path == "":  # (not the current folder, as Path("") is)
        raise UsageError("read() path is an empty name: give a file name")
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        if isinstance(source, str) and ("\n" in source or exc.errno == errno.ENAMETOOLONG):
            # a str is a path, as for open(); text that was meant as subtitles gets a hint
            raise FileNotFoundError(
                errno.ENOENT, "no such file (a str is a path: read subtitle text with subconv.loads)", path[:60]
            ) from None
        raise
    return decode(data, encoding, report, name=path), path


def _file_name(fp: object) -> str | None:
    """An open file's name (``fp.name``) when it is a ``str`` (not a descriptor's number)."""
    name = getattr(fp, "name", None)
    return name if isinstance(name, str) else None


def _file_text(fp: Readable, encoding: str | None, report: Report, name: str | None) -> tuple[str, str | None]:
    """:func:`_source_text` of an open file: its bytes decoded as a file's are, or its text as it
    is; named ``name`` (``name=``), else by its own name."""
    data = fp.read()
    name = name if name is not None else _file_name(fp)
    if isinstance(data, str):
        if encoding is not None:
            raise UsageError(
                "read() encoding= is for bytes: a file opened as text is decoded already"
                " (open it with 'rb' for subconv to decode it, or give open() the encoding)"
            )
        return data, name
    if not isinstance(data, _BYTES):
        raise _wrong_type("read() takes an open file whose read() gives bytes or a str", data)
    return _source_text(bytes(data), encoding, report, name)


def read(
    source: Source,
    format: str | None = None,
    *,
    encoding: str | None = None,
    report: Report | None = None,
    name: Name = None,
    fps: float | None = None,
) -> Track:
    """Read a file into a :class:`Track`, as written: nothing cleaned (cleaning is
    :func:`process`'s), only what a reader must repair to make cues of the text, each repair
    in ``report`` with its line (a cue that ends before it starts has its times swapped,
    ``repaired``; an empty cue is ``kept``).

    ``source`` is a path (``str`` or path-like, as for :func:`open`), the file's ``bytes``, or an
    open file (pysubs2's ``SSAFile.from_file``): one opened ``"rb"`` (or ``io.BytesIO``) has its
    bytes decoded as a file's are, one opened as text (or ``io.StringIO``) is read as
    :func:`loads` reads its text (``encoding=`` is then refused: the file decodes itself); it is
    read to its end and never closed.  Subtitle *text* goes through :func:`loads`.  A missing
    file raises :class:`FileNotFoundError`.  ``format`` is sniffed from the content (then the
    extension) when omitted.  For ``bytes``, ``name`` is the file's name: it names the input in
    messages and its extension helps tell the format (an open file's own ``name``, when a
    ``str``, serves when ``name`` is not given).  ``fps`` is the frame rate of a format that
    counts frames (MicroDVD): it wins over the rate the file declares (a warning when they
    differ); without it such a file is read at its declared rate, else at 23.976 (a warning).
    Given for a format that counts time, it is not used (a warning).
    """
    rep = _report_arg(report, "read()")
    rate = _fps_arg(fps, "read()")
    text, path = _source_text(source, _encoding_arg(encoding, "read()"), rep, name)
    return loads(text, format, report=rep, name=path, fps=rate)


def loads(
    text: str | bytes | bytearray | memoryview,
    format: str | None = None,
    *,
    report: Report | None = None,
    name: Name = None,
    fps: float | None = None,
) -> Track:
    """Read subtitle ``text`` into a :class:`Track`.  ``format`` is sniffed from the content
    when omitted, then from the extension of ``name`` (the file's name).

    ``text`` is a ``str``, or the file's ``bytes``: those are decoded as :func:`read` decodes a
    file (byte-order mark, UTF-16/32 pattern, UTF-8, else a guess, each said in the report; an
    ``encoding=`` is :func:`read`'s).  Anything else (a path: :func:`read`) is a ``TypeError``.
    ``fps`` is :func:`read`'s: the frame rate of a frame-counted input (MicroDVD).
    """
    rep = _report_arg(report, "loads()")
    rate = _fps_arg(fps, "loads()")
    if isinstance(text, _BYTES):
        return read(bytes(text), format, report=rep, name=name, fps=rate)
    text = _text_arg(text, "loads()")
    path = _name_arg(name, "loads() name=")
    found, unsigned = _chosen(text, format, path)
    fmt = _at_rate(formats.get(found), rate, rep)
    rep.info.setdefault("format", fmt.name)
    try:
        if unsigned and fmt.read_unsigned is not None:
            return fmt.read_unsigned(text, rep)
        return fmt.read(text, rep)
    except ParseError as exc:
        raise _looks_like(exc, text, format) from None


def _looks_like(exc: ParseError, head: str, given: str | None) -> ParseError:
    """``exc``, raised reading a text (``head``: its start) as the format ``given`` (None: as the
    one found), saying which format content sniffing finds the text is when that is another:
    ``--from ass`` on an SRT file, ``not an ASS/SSA script ...; the text looks like srt``."""
    if not given:
        return exc
    other = formats.sniff(head)
    if other is None or other == formats.get(given).name:
        return exc
    return ParseError(exc.format, f"{exc.reason}; the text looks like {other}", exc.line, exc.column, exc.snippet)


def loads_pieces(
    pieces: Iterable[str],
    format: str | None = None,
    *,
    report: Report | None = None,
    name: str | None = None,
    fps: float | None = None,
) -> Track:
    """:func:`loads` for text that comes a piece at a time (:func:`subconv.encoding.decode_pieces`):
    a format with a piecewise reader (``Format.read_pieces``: SRT, WebVTT, ASS) never holds the
    whole text; another gets the pieces joined.  The format is sniffed from the first piece,
    which must be all of the text or hold what the sniffers look at (the first 64 KiB).  May
    raise :class:`~subconv.errors.WholeInputNeeded` (see ``Format.read_pieces``).  ``fps`` is
    :func:`read`'s."""
    rep = _report_arg(report, "loads_pieces()")
    rate = _fps_arg(fps, "loads_pieces()")
    it = iter(pieces)
    first = next(it, "")
    whole = True  # (the first piece is all of the text: a blank one is an empty input)
    if not format and first.isspace():
        second = next(it, None)
        whole = second is None
        it = it if second is None else itertools.chain((second,), it)
    found, unsigned = _chosen(first, format, name, whole)
    fmt = _at_rate(formats.get(found), rate, rep)
    rep.info.setdefault("format", fmt.name)
    rest = itertools.chain((first,), it)
    try:
        if unsigned and fmt.read_unsigned is not None:
            return fmt.read_unsigned("".join(rest), rep)
        if fmt.read_pieces is None:
            return fmt.read("".join(rest), rep)
        return fmt.read_pieces(rest, rep)
    except ParseError as exc:
        raise _looks_like(exc, first, format) from None


@overload
def process(track: Track, options: Options | None = None, report: Report | None = None) -> Track: ...


@overload
def process(
    track: Track, source_format: str, options: Options | None = None, report: Report | None = None
) -> Track: ...


def process(track: Track, *args: Options | Report | str | None, **kwargs: Options | Report | str | None) -> Track:
    """Run the cleaning/timing pipeline (see :mod:`subconv.pipeline`) over ``track``.

    ``process(track, options, report)``: the source format is the one the track was read
    from (``track.format``; a track built by hand counts as a page when some cue has no
    times, else as a timed file).  The older form ``process(track, "srt", options, report)``
    (or ``source_format=``) still works and overrides ``track.format``.
    """
    fmt = kwargs.pop("source_format", None)
    opts = kwargs.pop("options", None)
    rep = kwargs.pop("report", None)
    if kwargs:
        raise TypeError(f"process() got unexpected keyword arguments: {', '.join(kwargs)}")
    rest = list(args)
    if rest and isinstance(rest[0], str):
        fmt = rest.pop(0)
    if len(rest) > 2:
        raise TypeError("process(track, options=None, report=None): too many arguments")
    for a in rest:  # options and report, told apart by type
        if isinstance(a, Options) and opts is None:
            opts = a
        elif isinstance(a, Report) and rep is None:
            rep = a
        elif a is not None:
            raise TypeError(f"process(track, options=None, report=None): unexpected argument {a!r}")
    if not isinstance(fmt, str | None) or not isinstance(opts, Options | None):
        raise TypeError("process(track, options=None, report=None): wrong argument types")
    track = _track_arg(track, "process()")
    return run(track, Context(fmt or _source_format(track), opts or Options()), _report_arg(rep, "process()"))


def _source_format(track: Track) -> str:
    """The format ``track`` was read from; for a track built by hand, a timed file when every cue
    has its times, else a page."""
    return track.format or ("srt" if track.timed and track.cues else "page")


def process_streamed(
    track: Track | list[Track], options: Options, report: Report, *, workers: int = 1
) -> Track | tuple[Track, CueFeed]:
    """:func:`process`, its last steps run a cue at a time as the cues are taken where they can
    (:func:`subconv.pipeline.run_streamed`): the processed track, or ``(the track without its
    cues, a one-pass CueFeed of them)`` to give to :func:`dump_feed`.  Same cues, same report.
    ``track`` may be handed over in a list (of it alone), which is emptied: see ``run_streamed``.
    ``workers``: the processes the steps may run at once (``Context.workers``; 2: a large page's
    units are segmented ahead in a forked child, where one can be had)."""
    report = _report_arg(report, "process_streamed()")
    held = track if isinstance(track, list) else [track]
    del track
    return run_streamed(held, Context(_source_format(held[0]), options, workers=workers), report)


def dump_feed(
    track: Track, cues: CueFeed, format: str, *, options: WriteOptions | None = None, report: Report | None = None
) -> Iterator[str]:
    """:func:`dump_pieces` of ``track`` holding the cues of the feed ``cues`` (:func:`process_streamed`),
    for a format with a writer of a feed of cues (``Format.feed``: SRT, WebVTT), without an
    editor's line limit (which :func:`dump_pieces` checks before writing)."""
    fmt = formats.get(format)
    opts = options or WriteOptions()
    if opts.line_limit:
        raise ValueError("dump_feed: an editor's line limit needs dump_pieces")
    return fmt.feed_pieces(track, cues, opts, _report_arg(report, "dump_feed()"))


def dumps(
    track: Track,
    format: str = "srt",
    *,
    options: WriteOptions | None = None,
    report: Report | None = None,
) -> str:
    """Write ``track`` as text in ``format`` (``srt``, ``vtt``, ``ass``, ...)."""
    track = _track_arg(track, "dumps()")
    _format_name_arg(format, "dumps()")
    options = _write_options(options, "dumps()")
    report = _report_arg(report, "dumps()")
    return "".join(dump_pieces(track, format, options=options, report=report))


def _format_name_arg(name: object, call: str) -> None:
    """Refuse, before any work, a ``format`` that names no format; one that is a file's name
    (``convert(src, "out.vtt")``) says that ``call`` returns the text and how to write a file."""
    if not isinstance(name, str):
        return  # (the format registry's own TypeError)
    try:
        formats.get(name)
    except UnknownFormatError as exc:
        if "/" in name or os.sep in name or formats.output_format(name) is not None:
            raise UnknownFormatError(
                f"{exc}. {name!r} looks like a file's name: {call} returns the text; to write a file, "
                f"subconv.write(track, {name!r}) (the format from its ending)"
            ) from None
        raise


def dump_pieces(
    track: Track,
    format: str = "srt",
    *,
    options: WriteOptions | None = None,
    report: Report | None = None,
) -> Iterator[str]:
    """:func:`dumps`, in pieces of about 64 KiB (a cue at a time for SRT, WebVTT and ASS):
    write them as they come and a large track never has its whole text in memory.  Whether
    the track can be written is checked at once; the writer's report entries arrive as the
    pieces are taken."""
    track = _track_arg(track, "dump_pieces()")
    rep = _report_arg(report, "dump_pieces()")
    fmt = formats.get(format)
    if fmt.write is None and fmt.stream is None:
        raise UnknownFormatError(f"subconv can read {fmt.name} but cannot write it")
    if not track.timed:
        raise WriteError(f"cannot write {fmt.name}: some cues have no times; run subconv.process() first")
    opts = _write_options(options, "dump_pieces()")
    if opts.line_limit:
        _report_long_lines(track, opts.line_limit, rep)
    return fmt.pieces(track, opts, rep)


def _write_options(options: object, call: str) -> WriteOptions:
    """``options`` given to a writing ``call``: a :class:`WriteOptions`, or None for the defaults."""
    if options is None:
        return WriteOptions()
    if isinstance(options, WriteOptions):
        return options
    hint = "subconv.Options are the pipeline's, for process()" if isinstance(options, Options) else ""
    raise _wrong_type(f"{call} options= takes a subconv.WriteOptions", options, hint)


def _report_long_lines(track: Track, limit: int, report: Report) -> None:
    """Warn about every line longer than an editor's line limit (the text is not changed)."""
    for cue in track.cues:
        for line in cue.lines:
            if len(line) > limit:
                report.add(
                    "write",
                    "warning",
                    f"line of {len(line)} characters is over the editor's limit of {limit}",
                    cue.source_line,
                    line,
                )


def _umask() -> int:
    """The process's umask, read without changing it where the system allows (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_CHUNK = 1 << 20  # characters encoded and written at a time


def _chunks(text: str | Iterable[str], encoding: str | None = None) -> Iterable[str]:
    """``text`` a piece at a time (a ``str`` cut into :data:`_CHUNK` characters: encoded a piece
    at a time, never a second copy of the whole in memory), to write in ``encoding``: one that
    writes a byte-order mark of its own (:func:`_own_bom`) gets no second from the text."""
    pieces = text if not isinstance(text, str) else (text[i : i + _CHUNK] for i in range(0, len(text), _CHUNK))
    return _one_bom(pieces) if encoding is not None and _own_bom(encoding) else pieces


def _own_bom(encoding: str) -> bool:
    """Whether Python's codec ``encoding`` starts what it writes with a byte-order mark of its own
    (``utf-16``, ``utf-32``, ``utf-8-sig``; not ``utf-16-le``, ``utf-8``, ``cp1252``).

    >>> _own_bom("utf-16"), _own_bom("UTF-8-SIG"), _own_bom("utf-16-le"), _own_bom("cp1252")
    (True, True, False, False)
    """
    return "".encode(encoding) != b""


def _one_bom(pieces: Iterable[str]) -> Iterator[str]:
    """``pieces`` without the byte-order mark that starts them (``WriteOptions(bom=True)``), for an
    encoding that writes its own: a file gets one, not two."""
    first = True
    for piece in pieces:
        if first and piece:
            first = False
            piece = piece.removeprefix("\ufeff")
        yield piece


#: the codecs that encode every character (a name as ``codecs.lookup`` gives it)
_UNICODE_CODECS = frozenset(
    ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "gb18030")
)


def encodes_everything(encoding: str) -> bool:
    """Whether ``encoding`` encodes every character a track may hold (UTF-8, -16, -32, GB 18030).

    >>> encodes_everything("UTF8"), encodes_everything("utf_16_le"), encodes_everything("cp1252")
    (True, True, False)
    """
    return codecs.lookup(encoding).name in _UNICODE_CODECS


def encoded_pieces(pieces: Iterable[str], encoding: str) -> Iterator[bytes]:
    """``pieces`` encoded in ``encoding`` as one text (a byte-order mark of the encoding's own once,
    at the start, not one a piece)."""
    encoder = codecs.getincrementalencoder(encoding)()
    for piece in _chunks(pieces, encoding):
        yield encoder.encode(piece)
    yield encoder.encode("", final=True)


def _write_through(path: str, text: str | Iterable[str], encoding: str) -> None:
    """Write into an existing special file (FIFO, device, ``/dev/stdout``) as ``cp`` does."""
    with open(path, "w", encoding=encoding, newline="") as fh:
        for chunk in _chunks(text, encoding):
            fh.write(chunk)


def _with_name(exc: OSError, path: str) -> OSError:
    """``exc`` naming ``path`` (the file the caller asked for, not a temporary file)."""
    if exc.errno is None:
        return exc
    return type(exc)(exc.errno, exc.strerror or os.strerror(exc.errno), path)


def atomic_write_text(path: str | os.PathLike[str], text: str | Iterable[str], encoding: str = "utf-8") -> None:
    """Write ``text`` (a ``str``, or its pieces: :func:`dump_pieces`) to ``path`` safely, the way
    ``cp`` treats what ``path`` names.

    * A regular file (or a new name) is written to a temporary file beside it, then renamed over
      it: a failure or an interruption (Ctrl-C, SIGTERM under the CLI) leaves an existing ``path``
      untouched and no temporary file behind.  A new file gets the mode the umask allows
      (``0o666 & ~umask``); a replaced file keeps its mode (and, where allowed, its owner).  One
      the user may not write (read-only to them: not to root) is ``PermissionError``, untouched.
    * A symbolic link is followed: its target is replaced, the link stays.
    * A FIFO, a device (``/dev/null``) or another special file is written through, never
      replaced by a plain file.
    * A name ending in ``/`` names a folder: one that does not exist is ``NotADirectoryError``
      (a plain file is never made in its place), one that does ``IsADirectoryError``.

    An :class:`OSError` names ``path`` (not the temporary file).
    """
    name = _path_arg(path, "atomic_write_text()")
    encoding = _encoding_arg(encoding, "atomic_write_text()", optional=False) or "utf-8"
    if not isinstance(text, str) and (isinstance(text, _BYTES) or not isinstance(text, Iterable)):
        hint = "write bytes with open(path, 'wb')" if isinstance(text, _BYTES) else ""
        raise _wrong_type("atomic_write_text() writes text (a str or its pieces)", text, hint)
    try:
        st: os.stat_result | None = os.stat(name)  # follows symbolic links
    except FileNotFoundError:
        if name.endswith(("/", os.sep)):  # a folder, by its name, that is not there: not a file to make (as cp says)
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), name) from None
        fd = _closed_descriptor(name)
        if fd is not None:  # (/dev/stdout with standard output closed: not a file to make in /proc)
            raise OSError(errno.EBADF, f"it names file descriptor {fd}, which is not open", name) from None
        st = None
    except OSError as exc:  # (a part of the path a file: "a.srt/x.vtt")
        raise _no_file_made(exc, name, Path(name).parent, replacing=False) from None
    # /dev/stdout, /dev/fd/1, /proc/self/fd/1 name an open file: written through even when it is a
    # regular file (a shell's "> file"), which a rename would leave behind, unlinked, with nothing in it
    through = name.startswith(("/dev/", "/proc/")) and os.path.islink(name)
    if st is not None and (through or not stat.S_ISREG(st.st_mode)):
        try:
            if stat.S_ISDIR(st.st_mode):
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), name)
            _write_through(name, text, encoding)
        except OSError as exc:
            raise _with_name(exc, name) from None
        return
    if st is not None and not os.access(name, os.W_OK):
        # (as cp refuses it: a file its owner made read-only, or a git-annex object a locked
        # file links to, was replaced all the same, the rename needing only the folder's leave)
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), name)
    _replace(name, st, text, encoding)


#: the longest file name most file systems take, in bytes, and what a temporary adds to its
#: output's name: ``.NAME.XXXXXXXX.tmp``
NAME_MAX = 255
_TEMP_EXTRA = len("..XXXXXXXX.tmp")


def temp_stem(name: str) -> str:
    """The part of an output's file ``name`` its hidden temporary (``.STEM.XXXXXXXX.tmp``) takes:
    the name itself, cut at a character's end where the temporary's name would pass
    :data:`NAME_MAX` bytes (before, an output name of 242-255 bytes, which the file system takes,
    could not be written: "File name too long").

    >>> temp_stem("clip.srt"), len(os.fsencode(temp_stem("字" * 82 + ".srt")))
    ('clip.srt', 241)
    """
    room = NAME_MAX - _TEMP_EXTRA
    if len(name) * 4 <= room:  # (no character takes more than 4 bytes)
        return name
    data = os.fsencode(name)
    return name if len(data) <= room else os.fsdecode(data[:room])


def _replace(name: str, st: os.stat_result | None, text: str | Iterable[str], encoding: str) -> None:
    """Write ``text`` to a temporary file beside ``name`` (its target, for a link), then rename it over."""
    # replace the file a symbolic link (or a chain of them) points to, not the link
    target = Path(os.path.realpath(name)) if os.path.islink(name) else Path(name)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{temp_stem(target.name)}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise _no_file_made(exc, name, directory, replacing=st is not None) from None
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            _keep_mode(fd, st)
            for chunk in _chunks(text, encoding):
                fh.write(chunk)
        os.replace(tmp, target)
    except BaseException as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise _with_name(exc, name) from None
        raise


def _closed_descriptor(name: str) -> int | None:
    """The file descriptor a link such as ``/dev/stdout`` or ``/dev/fd/3`` names where it is
    not open (the link leads nowhere), else None."""
    if not name.startswith(("/dev/", "/proc/")):
        return None
    found = re.fullmatch(r"/proc/(?:self|\d+)/fd/(\d+)", os.path.realpath(name))
    return int(found[1]) if found else None


def _no_file_made(exc: OSError, name: str, directory: Path, *, replacing: bool) -> OSError:
    """``exc``, from making the temporary file in ``directory``, naming ``name`` and saying that
    it is the folder that takes no new file where its own reason would mislead: the output
    exists (``-o /proc/version``: "No such file or directory"; a writable file in a read-only
    folder: "Permission denied"), or the folder exists and yet "No such file or directory"; and
    which folder is missing (``nodir/x.vtt``: "the folder nodir/ does not exist", before "No such
    file or directory" alone), or which part of the path is a file, not a folder."""
    missing = _missing_folder(exc, directory)
    if missing is not None:
        return type(exc)(exc.errno, missing, name)
    if exc.errno is None or not (replacing or exc.errno == errno.ENOENT) or not directory.is_dir():
        return _with_name(exc, name)
    why = exc.strerror or os.strerror(exc.errno)
    to = " to replace it with" if replacing else ""
    return type(exc)(exc.errno, f"cannot make a file in {directory}{to} ({why})", name)


def _missing_folder(exc: OSError, directory: Path) -> str | None:
    """Why no file can be made in ``directory`` where it is not a folder: it is not there (its
    nearest part that is there being a folder), or a part of it is a file; else None."""
    if exc.errno not in (errno.ENOENT, errno.ENOTDIR) or directory.is_dir():
        return None
    there = directory
    while not os.path.lexists(there) and there.parent != there:
        there = there.parent
    if not os.path.lexists(there) or os.path.isdir(there):
        return f"the folder {os.path.join(directory, '')} does not exist" if exc.errno == errno.ENOENT else None
    return f"{there} is a file, not a folder" if exc.errno == errno.ENOTDIR else None


def _keep_mode(fd: int, st: os.stat_result | None) -> None:
    """Give the new file the mode (and, where allowed, the owner) of the file it replaces, or the umask's."""
    if st is None:
        os.fchmod(fd, 0o666 & ~_umask())
        return
    os.fchmod(fd, stat.S_IMODE(st.st_mode))
    if (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
        try:
            os.fchown(fd, st.st_uid, st.st_gid)
        except OSError:
            pass  # only root may give a file away; the content is still written


def write(
    track: Track,
    path: str | os.PathLike[str] | Writable,
    format: str | None = None,
    *,
    options: WriteOptions | None = None,
    report: Report | None = None,
    encoding: str = "utf-8",
) -> None:
    """Write ``track`` to ``path`` atomically (:func:`atomic_write_text`), in ``encoding``; the
    format comes from the extension if omitted.

    ``path`` may also be an open file (pysubs2's ``to_file``): one opened as text (or
    ``io.StringIO``) is written in its own encoding (an ``encoding`` other than that is a
    :class:`~subconv.errors.UsageError`), one opened ``"wb"`` (or ``io.BytesIO``) gets the
    text encoded in ``encoding``.  The format is then ``format``, else told from the
    file's ``name``; the pieces (:func:`dump_pieces`) are written to it as they come, and it is
    neither renamed into place nor closed.  A character ``encoding`` cannot encode is a
    :class:`~subconv.errors.WriteError` naming it and the cue that holds it (a file written to
    a path is then left as it was).
    """
    track = _track_arg(track, "write()")
    report = _report_arg(report, "write()")
    encoding = _encoding_arg(encoding, "write()", optional=False) or "utf-8"
    if not isinstance(path, str | os.PathLike) and callable(getattr(path, "write", None)):
        fname = _file_name(path)
        name = _output_format(format, fname, "the open file" if fname is None else repr(fname))
        pieces = dump_pieces(track, name, options=options, report=report)
        binary = isinstance(path, io.RawIOBase | io.BufferedIOBase) or (
            not isinstance(path, io.TextIOBase) and "b" in str(getattr(path, "mode", ""))
        )
        own = getattr(path, "encoding", None)  # (a text file's: one writing its own BOM gets no second)
        own = own if isinstance(own, str) else None
        if not binary:
            _refuse_text_encoding(encoding, own)
        text = _chunks(pieces, own)
        try:
            for data in encoded_pieces(pieces, encoding) if binary else text:
                path.write(data)
        except UnicodeEncodeError as exc:
            used = encoding if binary else str(own or exc.encoding)
            where = "the open file" if fname is None else fname
            raise _unencodable(exc, track, name, where, used, options=options, opened=not binary) from None
        return
    if not isinstance(path, str | os.PathLike):
        raise _wrong_type("write() takes the path to write (a str or path-like) or an open file", path)
    given = _path_arg(path, "write()")
    _refuse_folder(given)  # (before the format: a folder's name has no extension to tell it)
    name = _output_format(format, given, repr(given))
    try:
        atomic_write_text(path, dump_pieces(track, name, options=options, report=report), encoding)
    except UnicodeEncodeError as exc:
        raise _unencodable(exc, track, name, given, encoding, options=options) from None


def _output_format(format: str | None, name: str | None, shown: str) -> str:
    """The format :func:`write` writes: ``format``, else the one the file's ``name`` ends in
    (``shown`` in messages), else an :class:`UnknownFormatError` saying to pass ``format=``."""
    if format:
        return format
    found = None if name is None else formats.output_format(name)
    if found is not None:
        return found
    unwritable = None if name is None else formats.read_only_format(name)
    if unwritable is not None:  # (as dumps says it: the name's format has no writer)
        raise UnknownFormatError(
            f"subconv can read {unwritable} but cannot write it: {shown}; pass format='srt', 'vtt' or 'ass'"
        )
    raise UnknownFormatError(f"cannot tell the output format from {shown}; pass format='srt', 'vtt' or 'ass'")


def _refuse_text_encoding(encoding: str, own: str | None) -> None:
    """A :class:`UsageError` for ``encoding=`` given to :func:`write` with a file opened as text
    (whose encoding is ``own``; None: ``io.StringIO``, which encodes nothing) that is not the
    file's own: the file encodes what it is given, so ``encoding=`` would go unused (as
    :func:`read` refuses it with a text file).  The default, ``utf-8``, is no request."""
    if _codec_name(encoding) == "utf-8" or (own is not None and _codec_name(encoding) == _codec_name(own)):
        return
    given = f"write() encoding={encoding!r} is for a path or a binary file"
    if own is None:
        raise UsageError(
            f"{given}: a text stream such as io.StringIO holds text, which nothing encodes"
            " (write to an io.BytesIO, or a file opened 'wb', for subconv to encode it)"
        )
    raise UsageError(
        f"{given}: a file opened as text encodes in its own encoding, {own}"
        f" (open it with 'wb' for subconv to encode it, or give open() encoding={encoding!r})"
    )


def _codec_name(encoding: str) -> str:
    """The codec's own name for ``encoding`` (``latin-1`` and ``iso8859-1`` are one), or the name
    as given when no codec has it (the write then fails as Python's own)."""
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return encoding.lower()


def _unencodable(
    exc: UnicodeEncodeError,
    track: Track,
    format: str,
    where: str,
    encoding: str,
    *,
    options: WriteOptions | None,
    opened: bool = False,
) -> WriteError:
    """The :class:`WriteError` for a character ``encoding`` could not encode, writing ``track`` as
    ``format`` to ``where`` (:func:`unencodable`); ``opened``: a file opened as text in
    ``encoding``, which ``encoding=`` does not change (the hint says how to write UTF-8 there)."""
    char = exc.object[exc.start : exc.end][:1]
    how = "open the file with encoding='utf-8'" if opened else "write it in UTF-8 (encoding='utf-8')"
    found = unencodable(char, track, format, encoding, options)
    return WriteError(f"cannot write {where} in {encoding}: {found}; {how} or change the text")


def unencodable(char: str, track: Track, format: str, encoding: str, options: WriteOptions | None = None) -> str:
    """Where the character ``char``, which ``encoding`` cannot encode, is in ``track`` written as
    ``format``, and what it is: the first cue holding it (its source line, where known), or
    written with it (the writers' escape, U+2060 WORD JOINER, :mod:`subconv.formats.escapes`:
    no other character can take its place, in any encoding), the track's header, or the
    byte-order mark asked for (``bom``).  The command line's ``--output-encoding`` says it too."""
    opts = options or WriteOptions()
    shown = f"{char!r} (U+{ord(char):04X})" if char else "a character"
    cannot = f"which {encoding} cannot encode"
    cues = track.cues
    held = next((n for n, cue in enumerate(cues) if char and char in cue.text), None)
    if held is None and char and char not in dumps(track[:0], format, options=dataclasses.replace(opts, bom=False)):
        if char == "\ufeff" and opts.bom:
            return f"the byte-order mark asked for (bom=True, --bom, an --editor preset's) is Unicode's, {cannot}"
        held = next((n for n in range(len(cues)) if char in _written_alone(track, n, format, opts)), None)
        if held is not None:
            at = _cue_at(track, held)
            if char == WJ:
                return (
                    f"{at} is written with {shown}, the writer's escape for a line a player would misread, "
                    f"{cannot}: no character of {encoding} can take its place (a reader would misread the line)"
                )
            return f"{at} is written with {shown}, {cannot}"
    at = "the track's header" if held is None else _cue_at(track, held)
    return f"{at} has {shown}, {cannot}"


def _cue_at(track: Track, n: int) -> str:
    """Cue ``n`` (0-based) of ``track`` as messages name it: ``cue 3 (line 9)``."""
    line = track.cues[n].source_line
    return f"cue {n + 1}" + ("" if line is None else f" (line {line})")


def _written_alone(track: Track, n: int, format: str, options: WriteOptions) -> str:
    """Cue ``n`` of ``track`` written as it is in the whole track: followed by a plain cue where it
    is not the last (a writer escapes the last cue of a file for some readers, and only it)."""
    cue = track.cues[n]
    if n == len(track.cues) - 1:
        return dumps(track[n:], format, options=options)
    end = cue.end if cue.end is not None else 0
    return dumps(track.with_cues((cue, Cue(end, end + 1000, ("x",)))), format, options=options)


def convert(
    source: Source,
    to: str = "srt",
    *,
    format: str | None = None,
    encoding: str | None = None,
    options: Options | None = None,
    write_options: WriteOptions | None = None,
    report: Report | None = None,
    fps: float | None = None,
) -> str:
    """Read ``source`` (a path, the file's bytes or an open file, as :func:`read`; ``fps`` the
    input's frame rate as there), run the pipeline, and return it written as ``to``."""
    _format_name_arg(to, "convert()")
    rep = _report_arg(report, "convert()")
    rate = _fps_arg(fps, "convert()")
    track = read(source, format, encoding=_encoding_arg(encoding, "convert()"), report=rep, fps=rate)
    track = process(track, options, rep)
    return dumps(track, to, options=write_options, report=rep)

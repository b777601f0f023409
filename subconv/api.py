"""The Python API: read, loads, process, dumps, write, convert."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import overload

from . import formats
from .encoding import decode
from .errors import UnknownFormatError, WriteError
from .formats import WriteOptions
from .model import Track
from .options import Options
from .pipeline import Context, run
from .report import Report

Source = "str | bytes | os.PathLike[str]"


def detect_format(text: str, path: str | None = None) -> str:
    """Name the format of ``text``: by content first, then ``path``'s extension, else ``page``."""
    found = formats.sniff(text)
    if found is not None:
        return found
    if path is not None:
        ext = formats.from_extension(path)
        if ext is not None:
            return ext
    return "page"


def _source_text(
    source: str | bytes | os.PathLike[str], encoding: str | None, report: Report
) -> tuple[str, str | None]:
    if isinstance(source, os.PathLike):
        path = os.fspath(source)
        return decode(Path(path).read_bytes(), encoding, report, name=path), path
    if isinstance(source, bytes):
        return decode(source, encoding, report), None
    if "\n" not in source and len(source) < 4096 and os.path.isfile(source):
        return decode(Path(source).read_bytes(), encoding, report, name=source), source
    return source, None


def read(
    source: str | bytes | os.PathLike[str],
    format: str | None = None,
    *,
    encoding: str | None = None,
    report: Report | None = None,
) -> Track:
    """Read a path, bytes or text into a :class:`Track`, faithfully (no cleaning).

    ``format`` is sniffed from the content (then the extension) when omitted.
    """
    rep = report if report is not None else Report()
    text, path = _source_text(source, encoding, rep)
    name = format or detect_format(text, path)
    rep.info.setdefault("format", name)
    return formats.get(name).read(text, rep)


def loads(text: str, format: str | None = None, *, report: Report | None = None) -> Track:
    """Read subtitle ``text`` (already decoded) into a :class:`Track`."""
    rep = report if report is not None else Report()
    name = format or detect_format(text)
    return formats.get(name).read(text, rep)


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
    if not isinstance(fmt, str | None) or not isinstance(opts, Options | None) or not isinstance(rep, Report | None):
        raise TypeError("process(track, options=None, report=None): wrong argument types")
    if fmt is None:
        fmt = track.format or ("srt" if track.timed and track.cues else "page")
    return run(track, Context(fmt, opts or Options()), rep)


def dumps(
    track: Track,
    format: str = "srt",
    *,
    options: WriteOptions | None = None,
    report: Report | None = None,
) -> str:
    """Write ``track`` as text in ``format`` (``srt``, ``vtt``, ``ass``, ...)."""
    fmt = formats.get(format)
    if fmt.write is None:
        raise UnknownFormatError(f"subconv can read {fmt.name} but cannot write it")
    if not track.timed:
        raise WriteError(f"cannot write {fmt.name}: some cues have no times; run subconv.process() first")
    opts = options or WriteOptions()
    rep = report if report is not None else Report()
    if opts.line_limit:
        _report_long_lines(track, opts.line_limit, rep)
    return fmt.write(track, opts, rep)


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


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``.

    A failure leaves an existing ``path`` untouched.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write(
    track: Track,
    path: str | os.PathLike[str],
    format: str | None = None,
    *,
    options: WriteOptions | None = None,
    report: Report | None = None,
) -> None:
    """Write ``track`` to ``path`` atomically; the format comes from the extension if omitted."""
    name = format or formats.output_format(os.fspath(path))
    if name is None:
        raise UnknownFormatError(
            f"cannot tell the output format from {os.fspath(path)!r}; pass format='srt', 'vtt' or 'ass'"
        )
    atomic_write_text(path, dumps(track, name, options=options, report=report))


def convert(
    source: str | bytes | os.PathLike[str],
    to: str = "srt",
    *,
    format: str | None = None,
    encoding: str | None = None,
    options: Options | None = None,
    write_options: WriteOptions | None = None,
    report: Report | None = None,
) -> str:
    """Read ``source``, run the pipeline, and return it written as ``to``."""
    rep = report if report is not None else Report()
    track = read(source, format, encoding=encoding, report=rep)
    track = process(track, options, rep)
    return dumps(track, to, options=write_options, report=rep)

"""Converting many files: ``subconv convert DIR -o OUTDIR --to vtt``.

INPUT is a folder, a URL prefix (``s3://bucket/captions/``), several files (``subconv convert
*.srt -o OUTDIR``; one file with ``-o`` an existing folder or ``OUTDIR/``) or, with
``--input-list``, a list of inputs. :func:`plan` pairs every input with its output (relative paths kept);
:func:`subconv.scale.execute` runs the pairs on an engine (this machine's cores, or Dask),
writes the results manifest ``OUTDIR/_subconv.jsonl`` and, with ``--resume``, skips what an
earlier run finished. One file's failure never stops the rest; a progress bar is drawn on
standard error only when it is a terminal; at the end each input's warnings that a single-file
run prints (:func:`subconv.runner.loud_warnings`) and its error are printed, in input order,
then a summary, and the exit status is 1 if any file failed. :func:`convert_many` is the same from Python.
"""

from __future__ import annotations

import os
import shlex
import stat
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, TextIO

from . import formats
from .destinations import batch_targets, check_output_folder, check_report, refuse_inputs_as_outputs
from .errors import SubconvError, UsageError
from .formats import WriteOptions
from .options import Options
from .runner import output_format, shown_name
from .scale import MANIFEST, FileResult, Planned, Spec
from .storage import join

if TYPE_CHECKING:
    from .engines import Engine


def is_input_name(name: str) -> bool:
    """Whether a folder conversion considers a file of this name: not hidden, and an ending the
    format registry (:func:`subconv.formats.from_extension`) knows, the same list single-file
    mode uses.

    >>> [is_input_name(n) for n in ("a.srt", "b.VTT", "c.ytt", "d.wav", ".e.srt", "f.md")]
    [True, True, True, False, False, True]
    """
    return not name.startswith(".") and formats.from_extension(name) is not None


def is_caption_file(path: Path, from_format: str | None = None, encoding: str | None = None) -> bool:
    """Whether folder mode converts ``path`` (already :func:`is_input_name`).

    A file with a subtitle ending is converted; one with an ending other files share
    (:func:`subconv.formats.is_shared_extension`: a Markdown README, a JSON config or an XML
    sitemap is not a caption file) only when its content reads as captions: a subtitle format, or a
    page of a recognised transcript shape (stamps, speaker labels, bullets, timed-text XML),
    not plain prose or a table.  ``from_format`` (``--from``) means the user asked: every file
    with a registry ending is converted as that format.
    """
    if from_format is not None or not formats.is_shared_extension(path.name):
        return True
    from .api import read
    from .errors import SubconvError
    from .report import Report

    report = Report()
    try:
        read(path, encoding=encoding, report=report)
    except (SubconvError, OSError, ValueError, RecursionError):
        return False
    return report.info.get("format") != "page" or report.info.get("page_shape") not in (None, "plain")


def find_inputs(
    root: Path, exclude: Path | None = None, from_format: str | None = None, encoding: str | None = None
) -> Iterator[Path]:
    """Caption files under ``root`` in a stable order, skipping hidden ones and ``exclude``
    (see :func:`is_input_name`, :func:`find_candidates` and :func:`is_caption_file`)."""
    for path in find_candidates(root, exclude):
        if is_caption_file(path, from_format, encoding):
            yield path


def find_candidates(root: Path, exclude: Path | None = None, special: list[str] | None = None) -> Iterator[Path]:
    """Every file under ``root`` whose name :func:`is_input_name` accepts, in a stable order.

    A name that is no regular file (:func:`special_kind`: a named pipe, which nobody may ever
    write, would hold the run for ever) is not a candidate: it goes to ``special``, unread.
    """
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and (exclude is None or (here / d).resolve() != exclude)
        )
        for name in sorted(filenames):
            if is_input_name(name):
                if special_kind(here / name) is None:
                    yield here / name
                elif special is not None:
                    special.append(str(here / name))


def special_kind(path: str | os.PathLike[str]) -> str | None:
    """What ``path`` is when it is no regular file, followed through links (``"a named pipe"``,
    ``"a socket"``, ``"a device"``); None for a regular file, and for one that cannot be looked
    at (reading it says why).  A folder walk finds such files; named one by one they are read,
    as ``convert <(cmd) -o DIR/`` (a pipe) asks."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode):
        return None
    return "a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"


class Progress:
    """A one-line progress bar on a terminal; silent when ``stream`` is not a TTY."""

    def __init__(self, total: int, stream: TextIO | None = None) -> None:
        self.total = total
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty()

    def step(self) -> None:
        """Count one finished file and redraw."""
        self.done += 1
        if self.enabled:
            width = 30
            filled = width * self.done // max(self.total, 1)
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        """End the bar's line."""
        if self.enabled and self.total:
            self.stream.write("\n")


@dataclass(frozen=True)
class BatchConfig:
    """A folder, URL or list conversion, as the command line (or a program) asks for it."""

    input: str
    output: str | None
    to_format: str | None = None
    from_format: str | None = None
    encoding: str | None = None
    jobs: int | None = None
    report: str | None = None
    explain: bool = False
    input_list: bool = False  # ``input`` is a list of inputs (text, CSV or JSONL of paths/URLs)
    sources: tuple[str, ...] = ()  # files or URLs named one by one (``input`` is the first)
    engine: str = "local"
    scheduler: str | None = None
    resume: bool = False
    retries: int = 2
    input_fps: float | None = None  # the inputs' frame rate, for a format counting frames (--input-fps)
    output_encoding: str = "utf-8"  # the outputs' encoding (--output-encoding)


def output_suffix(to: str) -> str:
    """The file ending of outputs in format ``to``: the registry's first (``.sub`` for subviewer)."""
    return (formats.get(to).extensions or (f".{to}",))[0]


def output_names(sources: list[PurePosixPath], ext: str) -> list[PurePosixPath]:
    """The output path (relative, like ``sources``) of each source, written with ending ``ext``.

    A source's ending is replaced by ``ext`` (``a/x.srt`` -> ``a/x.vtt``).  When two or more
    sources would get the same name (``x.srt`` and ``x.txt``; compared case-insensitively, as
    some file systems do), each of them keeps its own ending before ``ext`` (``x.srt.vtt``,
    ``x.txt.vtt``).  A name that still collides is a :class:`UsageError` naming both sources
    (or the one source given twice), raised before anything is written.

    >>> [str(p) for p in output_names([PurePosixPath("x.srt"), PurePosixPath("x.txt"), PurePosixPath("y.ass")], ".vtt")]
    ['x.srt.vtt', 'x.txt.vtt', 'y.vtt']
    """
    plain = [src.with_suffix(ext) for src in sources]
    counts = Counter(str(p).casefold() for p in plain)
    names = [
        src.with_name(src.name + ext) if counts[str(p).casefold()] > 1 else p
        for src, p in zip(sources, plain, strict=True)
    ]
    seen: dict[str, tuple[PurePosixPath, PurePosixPath]] = {}
    for src, name in zip(sources, names, strict=True):
        key = str(name).casefold()
        if key in seen:
            other, other_name = seen[key]
            if other == src:
                raise UsageError(f"{shown_name(str(src))} is given twice")
            both = name if name == other_name else f"{other_name} and {name}, names that differ only in case"
            raise UsageError(shown_name(f"{other} and {src} would both be written to {both}; rename one of them"))
        seen[key] = (src, name)
    return names


#: A found input: (source, relative name, size, mtime, output named by a list)
_Found = tuple[str, PurePosixPath, int | None, str | None, str | None]


def _listed(src: str) -> list[_Found]:
    """The inputs a list names (``--input-list``)."""
    from .scale import read_input_list

    listed = read_input_list(src)
    if not listed:
        raise UsageError(f"{'<stdin>' if src == '-' else src} lists no inputs")
    return _given([s for s, _, _ in listed], [out for _, out, _ in listed])


def _given(sources: Sequence[str], outputs: Sequence[str | None] | None = None) -> list[_Found]:
    """Inputs named one by one (on the command line, in a list or to :func:`convert_many`), each
    kept relative to the folder that holds them all; ``outputs``: the output a list names for each."""
    from .scale import common_root

    root = common_root(sources)
    outs = outputs if outputs is not None else [None] * len(sources)
    return [(s, _relative(s, root), None, None, out) for s, out in zip(sources, outs, strict=True)]


def _in_folder(config: BatchConfig, skipped: list[str] | None, special: list[str] | None) -> list[_Found]:
    """The caption files under a local folder (others go to ``skipped``; those that are no
    regular file to ``special``)."""
    in_root, out_root = Path(config.input), Path(config.output or "")
    if out_root.resolve() == in_root.resolve():
        raise UsageError("refusing to write into the input folder; choose another -o")
    found: list[_Found] = []
    exclude = out_root.resolve() if out_root.exists() else None
    for path in find_candidates(in_root, exclude=exclude, special=special):
        if not is_caption_file(path, config.from_format, config.encoding):
            if skipped is not None:
                skipped.append(str(path))
            continue
        found.append((str(path), PurePosixPath(path.relative_to(in_root).as_posix()), None, None, None))
    return found


def _remote(config: BatchConfig, skipped: list[str] | None, special: list[str] | None) -> list[_Found]:
    """The inputs under a URL prefix, or a local folder written to a URL (no content check)."""
    from . import storage

    src, dst = config.input, config.output or ""
    local_src, local_dst = storage.local_path(src), storage.local_path(dst)
    same = (
        Path(local_src).resolve() == Path(local_dst).resolve()  # (a file:// URL and a path: the same folder)
        if local_src is not None and local_dst is not None
        else src.rstrip("/") == dst.rstrip("/")
    )
    if same:
        raise UsageError("refusing to write into the input folder; choose another -o")

    # (no content check on remote files: endings other files share need --from)
    def remote_name(name: str) -> bool:
        shared = not config.from_format and formats.is_shared_extension(name)
        if shared and skipped is not None and is_input_name(name):
            skipped.append(name)
        return is_input_name(name) and not shared

    return [
        (entry.url, PurePosixPath(entry.rel), entry.size, entry.mtime, None)
        for entry in storage.list_inputs(src, remote_name, exclude=dst, special=special)
    ]


def plan(config: BatchConfig, skipped: list[str] | None = None, special: list[str] | None = None) -> list[Planned]:
    """The batch's planned ``(input, output)`` pairs: every input under a folder or URL prefix,
    or named by a list, and the output it becomes under ``config.output`` (relative names kept,
    see :func:`output_names`; a list may name each output itself).  Local files whose name the
    registry knows but whose content is not captions (:func:`is_caption_file`) go to ``skipped``;
    those a folder holds that are no regular file (:func:`special_kind`) to ``special``."""
    from . import storage

    src, dst = config.input, config.output
    kind = (
        "several files"
        if config.sources
        else "a list of inputs"
        if config.input_list
        else "a URL"
        if storage.is_url(src)
        else "a folder"
    )
    if not dst or dst == "-":
        last = config.sources[-1] if config.sources else ""
        if last and not storage.is_url(last) and not os.path.lexists(last):  # (``convert in.srt out.vtt``)
            raise UsageError(
                f"INPUT is {kind}, and the last, {shown_name(last)}, does not exist: "
                f"to write the output to it, give -o {shlex.quote(shown_name(last))}"
            )
        raise UsageError(f"INPUT is {kind}: give an output folder with -o OUTDIR")
    local_dst = not storage.is_url(dst)
    if local_dst:
        outdir = Path(dst)
        if outdir.exists() and not outdir.is_dir():
            raise UsageError(f"{outdir} exists and is not a folder")
        if not outdir.exists() and not dst.endswith(("/", os.sep)) and is_input_name(outdir.name):
            raise UsageError(f"INPUT is {kind}, written into a folder: -o {dst} names a file ({dst}/ makes a folder)")
        check_output_folder(dst)
    ext = output_suffix(formats.get(config.to_format or "srt").name)
    found = _found(config, skipped, special)
    if not found:
        raise UsageError(f"no subtitle or page files under {src}")
    named = [f for f in found if f[4] is None]
    names = iter(output_names([f[1] for f in named], ext))
    jobs = [
        Planned(source, storage.join(dst, out if out is not None else str(next(names))), size, mtime)
        for source, _rel, size, mtime, out in found
    ]
    seen: dict[str, str] = {}
    for job in jobs:  # (outputs a list names itself may collide too)
        if job.output in seen:
            raise UsageError(shown_name(f"{seen[job.output]} and {job.source} would both be written to {job.output}"))
        seen[job.output] = job.source
    local_out = {j.source: storage.local_path(j.output) for j in jobs}
    # (file:// URLs by the paths they name: before, `convert file:///d/ -o /d/ --to srt` wrote
    # every output over its input; an input on another filesystem is no local output)
    pairs = [
        (Path(lp), Path(out)) for j in jobs if (lp := storage.local_path(j.source)) and (out := local_out[j.source])
    ]
    if pairs:
        refuse_inputs_as_outputs([src for src, _ in pairs], [out for _, out in pairs])
    return jobs


def _found(config: BatchConfig, skipped: list[str] | None, special: list[str] | None) -> list[_Found]:
    """The inputs of :func:`plan`, each with its name relative to their root."""
    from . import storage

    if config.sources:
        return _given(config.sources)
    if config.input_list:
        return _listed(config.input)
    if not storage.is_url(config.input) and not storage.is_url(config.output or ""):
        return _in_folder(config, skipped, special)
    found = _remote(config, skipped, special)
    if not found and storage.stat(config.input) is not None:  # a URL naming one file, not a prefix of files
        return _given([config.input])
    return found


def _relative(source: str, root: str) -> PurePosixPath:
    from . import storage

    local_root = storage.local_path(root)
    if storage.is_url(source) and local_root is None:
        rel = source.split("://", 1)[1].strip("/")[len(root.split("://", 1)[1].strip("/")) :].strip("/")
    else:  # (a path, or file:// URLs, by the paths they name: "a%20b.srt" is "a b.srt")
        rel = Path(os.path.abspath(storage.local_path(source) or source)).relative_to(local_root or root).as_posix()
    return PurePosixPath(rel)


def _workers(engine: object, jobs: int | None, n: int) -> int | None:
    """No more local processes than inputs (one input converts in-process)."""
    if engine == "local":
        return min(jobs or os.cpu_count() or 1, n)
    return jobs


def _print_outcomes(jobs: Sequence[Planned], results: Sequence[FileResult]) -> None:
    """Each input's warnings, then its error, as a single-file run prints them, in input order;
    but a warning of no line (about the options: ``--words: sbv has no way to write word times``)
    that several inputs draw is printed once, at the first, with how many more drew it (before,
    once per input: a thousand lines for a folder of a thousand files)."""
    from .runner import loud_warnings

    by_source = {r.source: r for r in results}
    alike = Counter(e.reason for r in results for e in {e.reason: e for e in r.warnings if e.line is None}.values())
    said: set[str] = set()
    for job in jobs:
        r = by_source[job.source]
        for e in r.warnings:
            more = alike[e.reason] - 1 if e.line is None else 0
            if more and e.reason in said:
                continue
            said.add(e.reason)
            where = f"{r.source} and {more} more file{'s' if more > 1 else ''}" if more else r.source
            (message,) = loud_warnings([e], where)
            sys.stderr.write(f"{message}\n")
        if r.status == "failed":
            sys.stderr.write(f"{r.error}\n")


def stale_outputs(
    earlier: Mapping[str, Mapping[str, Any]], jobs: Sequence[Planned], kept: Sequence[Mapping[str, Any]] = ()
) -> list[str]:
    """What to say of the outputs an earlier run recorded in the manifest (``earlier``:
    :func:`~subconv.scale.read_manifest`; ``kept``: its ``stale`` lines,
    :func:`~subconv.scale.read_stale`) that this run's ``jobs`` did not write and that are still
    there: of an input this run converted into another name (a ``a.vtt`` added beside ``a.srt``:
    ``a.srt`` is now written ``a.srt.vtt``), or of an input that no longer exists.  They are left
    as they are (an earlier run's output is never deleted), and said, so a stale file is not taken
    for this run's.  An earlier output of an input this run was not given is not stale: not said.
    The manifest keeps a ``stale`` line of each, so every later run says them too while they are there.

    >>> jobs = [Planned("in/a.srt", "out/a.srt.vtt")]
    >>> stale_outputs({"in/a.srt": {"source": "in/a.srt", "output": "out/a.vtt"}}, jobs)  # (out/a.vtt absent)
    []
    """
    return [message for _, message in _stale(earlier, jobs, kept) if message is not None]


def _stale(
    earlier: Mapping[str, Mapping[str, Any]], jobs: Sequence[Planned], kept: Sequence[Mapping[str, Any]]
) -> list[tuple[dict[str, Any], str | None]]:
    """Each stale output's manifest line, and what to say of it (None: kept, not said)."""
    from . import storage
    from .runner import text_name
    from .scale import STALE

    now = {_file_key(j.source): text_name(j.output) for j in jobs}
    written = {_file_key(j.output) for j in jobs}
    out: list[tuple[dict[str, Any], str | None]] = []
    seen: set[str] = set()
    candidates = [(rec, False) for rec in earlier.values() if rec.get("status") == "ok"]
    candidates += [(rec, True) for rec in kept]
    for rec, was_stale in candidates:
        source, output = rec.get("source"), rec.get("output")
        if not isinstance(source, str) or not isinstance(output, str):
            continue
        out_key, src_path = _file_key(_path_of(output)), _path_of(source)
        if out_key in seen or out_key in written or storage.stat(_path_of(output)) is None:
            continue
        if _file_key(src_path) in now:
            why = f"which this run wrote to {shown_name(now[_file_key(src_path)])}"
        elif storage.stat(src_path) is None:
            why = "which no longer exists"
        elif was_stale:  # (stale since an earlier run, of an input this run was not given: kept)
            why = None
        else:
            continue
        seen.add(out_key)
        message = (
            None
            if why is None
            else (f"{shown_name(output)}: written by an earlier run from {shown_name(source)}, {why}: left as it is")
        )
        out.append(({"source": source, "output": output, "status": STALE}, message))
    return out


def _file_key(name: str) -> str:
    """The file a recorded name is, whichever way a run spelled it: a local path (or ``file://``
    URL) made absolute, its links followed (``out/a.vtt``, ``./out/a.vtt``, ``/home/u/out/a.vtt``
    are one file; before, a run given the other spelling warned that its own output was an
    earlier run's, left stale); another URL as it is."""
    from . import storage

    local = storage.local_path(name)
    try:
        return os.path.realpath(local) if local is not None else name
    except (ValueError, OSError):  # (a name the file system cannot take: as it is)
        return name


def _path_of(name: str) -> str:
    """The file name a manifest records as text (:func:`~subconv.runner.text_name`) as this
    process's file system names it: ``café.vtt`` is ``caf\\udcc3\\udca9.vtt`` under ``LC_ALL=C``
    (before, looking it up there was a ``UnicodeEncodeError``, a traceback).

    >>> _path_of("a b.vtt"), _path_of("x\\udcff.vtt") == "x\\udcff.vtt"
    ('a b.vtt', True)
    """
    try:
        return os.fsdecode(name.encode("utf-8", "surrogateescape"))
    except UnicodeError:
        return name


def run_batch(config: BatchConfig, opts: Options, wopts: WriteOptions) -> int:
    """Convert every input of ``config`` into its output folder; print each input's warnings and
    error (in input order) and a summary; 1 if any failed."""
    from .scale import read_manifest, read_stale

    # (a name no format has, or a format read only: a usage error before any folder is made, as
    # for one file; before, exit 1, or every file failed on it, its output folder made)
    to = output_format(config.to_format or "srt", None)
    not_captions: list[str] = []
    special: list[str] = []
    jobs = plan(config, not_captions, special)
    assert config.output is not None  # plan() checked
    check_report(config.report, batch_targets(jobs, join(config.output, MANIFEST)), stdout=None)
    keep = bool(config.report or config.explain)
    spec = Spec(
        to,
        config.from_format,
        config.encoding,
        opts,
        wopts,
        keep_report=keep,
        input_fps=config.input_fps,
        output_encoding=config.output_encoding,
    )
    earlier = read_manifest(join(config.output, MANIFEST))  # (what an earlier run wrote there)
    kept = read_stale(join(config.output, MANIFEST))  # (and found it had not written, still there)
    stale = _stale(earlier, jobs, kept)  # (the manifest keeps them: every run says them while they are there)
    results, unwritten = _run(jobs, config, spec, [record for record, _ in stale])
    from .runner import json_text, text_name

    _print_outcomes(jobs, results)
    for _, message in stale:
        if message is not None:
            sys.stderr.write(f"subconv: warning: {message}\n")
    by_source = {r.source: r for r in results}
    for name in special:
        sys.stderr.write(f"subconv: warning: {shown_name(name)}: {special_kind(name)}, not a regular file: skipped\n")
    failed = [r for r in results if r.status == "failed"]
    sys.stderr.write(_summary(config.output, results, not_captions, special))
    if config.report:
        from .runner import write_report

        payload = {}
        for job in jobs:
            r = by_source[job.source]
            rep = r.report.to_dict() if r.report is not None else {"info": {}, "entries": []}
            status = 0 if r.status != "failed" else 1
            payload[text_name(job.source)] = rep | {"status": status, "error": r.error, "output": text_name(job.output)}
        unsaved = write_report(config.report, json_text({"files": payload}, indent=2) + "\n")
    else:
        unsaved = 0
    if config.explain:
        for job in jobs:
            r = by_source[job.source]
            sys.stderr.write(f"== {shown_name(job.source)}\n{r.report.explain() if r.report is not None else ''}")
    if unwritten is not None:
        sys.stderr.write(f"subconv: error: {unwritten}\n")
    return 1 if failed or unsaved or unwritten else 0


def _run(
    jobs: list[Planned], config: BatchConfig, spec: Spec, stale: list[dict[str, Any]]
) -> tuple[list[FileResult], SubconvError | None]:
    """Run ``jobs`` with a progress bar; their results, and the error of a manifest that could
    not be written at the end (a full disk: said after each input's outcome and the summary;
    before, a traceback), or None."""
    from . import storage
    from .engines import make_engine
    from .scale import execute

    assert config.output is not None  # plan() checked
    engine = make_engine(config.engine, _workers(config.engine, config.jobs, len(jobs)), config.scheduler)
    progress = Progress(len(jobs))
    results: list[FileResult] = []
    try:
        for result in execute(
            jobs, config.output, spec, engine, resume=config.resume, retries=config.retries, stale=stale
        ):
            results.append(result)
            progress.step()
    except SubconvError as exc:
        if len(results) != len(jobs):
            raise
        return results, exc
    finally:
        progress.close()
        engine.close()
        # (a worker stopped mid-write, by Ctrl-C or a signal, leaves its temporary: once every
        # worker is gone, none is being written)
        storage.sweep_temps([j.output for j in jobs])
    return results, None


def _summary(output: str, results: list[FileResult], not_captions: list[str], special: list[str]) -> str:
    """The run's last line: how many inputs were converted, failed, skipped and why."""
    failed = sum(r.status == "failed" for r in results)
    skipped = sum(r.status == "skipped" for r in results)
    ok = len(results) - failed - skipped
    return (
        f"subconv: converted {ok} of {len(results) - skipped} files into {shown_name(output)}"
        + (f"; {failed} failed" if failed else "")
        + (f"; {skipped} unchanged since the last run" if skipped else "")
        + (
            f"; skipped {len(not_captions)} not recognised as captions (--from FMT converts them)"
            if not_captions
            else ""
        )
        + (
            f"; skipped {len(special)} that {'is' if len(special) == 1 else 'are'} not a regular file"
            if special
            else ""
        )
        + "\n"
    )


def convert_many(
    inputs: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    dst: str | os.PathLike[str],
    options: Options | None = None,
    *,
    engine: str | Engine = "local",
    to: str = "srt",
    from_format: str | None = None,
    encoding: str | None = None,
    write_options: WriteOptions | None = None,
    jobs: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    retries: int = 2,
    progress: TextIO | None = None,
    fps: float | None = None,
    output_encoding: str = "utf-8",
) -> Iterator[FileResult]:
    """Convert many inputs into the folder (or URL) ``dst``; yield a :class:`~subconv.scale.FileResult`
    per input as each finishes (in no set order).

    ``inputs`` is a folder, a URL prefix (``s3://bucket/captions/``), or an iterable of paths or
    URLs (kept relative to their common folder). ``engine`` is ``"local"``, ``"dask"`` (with
    ``scheduler``, or a LocalCluster of ``jobs`` workers), or an engine object such as
    ``subconv.engines.DaskEngine(client=client)``. A progress bar is drawn on ``progress``
    (default standard error) only when it is a terminal. ``dst/_subconv.jsonl`` records every
    result; ``resume=True`` skips inputs converted by an earlier run and unchanged since.
    ``fps`` is the inputs' frame rate where they count frames (MicroDVD), as :func:`subconv.read`'s
    (``--input-fps``). ``output_encoding`` is the outputs' (``--output-encoding``, e.g. ``"cp1252"``):
    an input with a character it lacks fails, its error naming the cue and the character, and
    nothing is written for it.

    The arguments are checked, and the inputs listed, at the call, as the command line checks
    them before converting anything: a bad one raises there (``UsageError``, ``TypeError``,
    ``EncodingError``, ``UnknownFormatError``), not when the results are first asked for; the
    engine starts, and the inputs are converted, as they are.
    """
    from .api import _encoding_arg, _fps_arg, _option_kinds

    call = "convert_many()"
    encoding = _encoding_arg(encoding, call)
    out_encoding = _encoding_arg(output_encoding, call, optional=False, arg="output_encoding") or "utf-8"
    rate = _fps_arg(fps, call)
    fmt = formats.get(to)
    if fmt.write is None:
        raise UsageError(f"subconv can read {fmt.name} but cannot write it")
    if from_format is not None:
        formats.get(from_format)  # (an unknown name: the registry's error)
    _option_kinds(call, options, write_options)
    write_opts = write_options or WriteOptions()
    _check_run(call, inputs, dst, engine=engine, scheduler=scheduler, jobs=jobs, retries=retries)
    out = os.fspath(dst)
    if isinstance(inputs, str | os.PathLike):
        planned = plan(BatchConfig(os.fspath(inputs), out, fmt.name))
    else:
        sources = tuple(os.fspath(s) for s in inputs)
        if not sources:
            return iter(())
        planned = plan(BatchConfig(sources[0], out, fmt.name, sources=sources))
    spec = Spec(
        fmt.name,
        from_format,
        encoding,
        options or Options(),
        write_opts,
        input_fps=rate,
        output_encoding=out_encoding,
    )
    return _converted(planned, out, spec, (engine, jobs, scheduler), resume=resume, retries=retries, progress=progress)


def _check_run(
    call: str, inputs: object, dst: object, *, engine: object, scheduler: object, jobs: object, retries: object
) -> None:
    """Refuse, at the call, the inputs, output, engine and counts :func:`convert_many` cannot
    take (before, they were looked at only when its results were first asked for)."""
    from .api import _wrong_type
    from .engines import ENGINES

    if isinstance(engine, str):
        if engine not in ENGINES:
            raise UsageError(f"unknown engine {engine!r}: choose from {', '.join(ENGINES)}")
        if scheduler and engine != "dask":
            raise UsageError("--scheduler needs --engine dask")
    elif not all(hasattr(engine, m) for m in ("submit", "next_done", "result", "close")):
        raise _wrong_type(f"{call} engine= takes 'local', 'dask' or an engine object", engine)
    for name, value, least in (("jobs", jobs, 1), ("retries", retries, 0)):
        if value is None and name == "jobs":
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise _wrong_type(f"{call} {name}= takes a whole number", value)
        if value < least:
            raise UsageError(f"{call} {name}={value}: must be a whole number from {least}")
    if not isinstance(inputs, str | os.PathLike) and (isinstance(inputs, bytes) or not isinstance(inputs, Iterable)):
        raise _wrong_type(f"{call} inputs takes a folder, a URL prefix or an iterable of paths", inputs)
    if not isinstance(dst, str | os.PathLike):
        raise _wrong_type(f"{call} dst takes a folder or URL (a str or path-like)", dst)


def _converted(
    planned: list[Planned],
    out: str,
    spec: Spec,
    run: tuple[str | Engine, int | None, str | None],
    *,
    resume: bool,
    retries: int,
    progress: TextIO | None,
) -> Iterator[FileResult]:
    """:func:`convert_many`'s results, once its arguments are checked and its inputs planned
    (``run``: its engine, jobs and scheduler)."""
    from .engines import make_engine
    from .scale import execute

    engine, jobs, scheduler = run
    eng = make_engine(engine, _workers(engine, jobs, len(planned)), scheduler)
    bar = Progress(len(planned), progress)
    try:
        for result in execute(planned, out, spec, eng, resume=resume, retries=retries):
            bar.step()
            yield result
    finally:
        bar.close()
        if isinstance(engine, str):
            eng.close()

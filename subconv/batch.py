"""Converting a folder tree: ``subconv convert DIR -o OUTDIR --to vtt``.

Relative paths are kept; files are converted in parallel on the machine's
cores; one file's failure never stops the rest; a progress bar is drawn on
standard error only when it is a terminal; a summary ends the run, and the
exit status is 1 if any file failed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path, PurePath
from typing import TextIO

from . import formats
from .errors import UsageError
from .formats import WriteOptions
from .options import Options

#: file endings other kinds of files use too: folder mode converts such a file only when its
#: content is recognised (a Markdown README, a JSON config or an XML sitemap is not a caption file)
SHARED_SUFFIXES = (".md", ".markdown", ".json", ".xml")


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
    (:data:`SHARED_SUFFIXES`) only when its content reads as captions: a subtitle format, or a
    page of a recognised transcript shape (stamps, speaker labels, bullets, timed-text XML),
    not plain prose or a table.  ``from_format`` (``--from``) means the user asked: every file
    with a registry ending is converted as that format.
    """
    if from_format is not None or not path.name.lower().endswith(SHARED_SUFFIXES):
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
    (see :func:`is_input_name` and :func:`is_caption_file`)."""
    for path in find_candidates(root, exclude):
        if is_caption_file(path, from_format, encoding):
            yield path


def find_candidates(root: Path, exclude: Path | None = None) -> Iterator[Path]:
    """Every file under ``root`` whose name :func:`is_input_name` accepts, in a stable order."""
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and (exclude is None or (here / d).resolve() != exclude)
        )
        for name in sorted(filenames):
            if is_input_name(name):
                yield here / name


def output_names(sources: list[PurePath], ext: str) -> list[PurePath]:
    """The output path (relative, like ``sources``) of each source, written with ending ``ext``.

    A source's ending is replaced by ``ext`` (``a/x.srt`` -> ``a/x.vtt``).  When two or more
    sources would get the same name (``x.srt`` and ``x.txt``; compared case-insensitively, as
    some file systems do), each of them keeps its own ending before ``ext`` (``x.srt.vtt``,
    ``x.txt.vtt``).  A name that still collides is a :class:`UsageError` naming both sources,
    raised before anything is written.

    >>> [str(p) for p in output_names([PurePath("x.srt"), PurePath("x.txt"), PurePath("y.ass")], ".vtt")]
    ['x.srt.vtt', 'x.txt.vtt', 'y.vtt']
    """
    plain = [src.with_suffix(ext) for src in sources]
    counts = Counter(str(p).casefold() for p in plain)
    names = [
        src.with_name(src.name + ext) if counts[str(p).casefold()] > 1 else p
        for src, p in zip(sources, plain, strict=True)
    ]
    seen: dict[str, PurePath] = {}
    for src, name in zip(sources, names, strict=True):
        key = str(name).casefold()
        if key in seen:
            raise UsageError(f"{seen[key]} and {src} would both be written to {name}; rename one of them")
        seen[key] = src
    return names


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


def run_batch(ns: argparse.Namespace, opts: Options, wopts: WriteOptions) -> int:
    """Convert every subtitle-like file under ``ns.input`` into ``ns.output``."""
    from .cli import Job, Outcome, run_job

    root = Path(ns.input)
    if not ns.output or ns.output == "-":
        raise UsageError("INPUT is a folder: give an output folder with -o OUTDIR")
    outdir = Path(ns.output)
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(f"{outdir} exists and is not a folder")
    if outdir.resolve() == root.resolve():
        raise UsageError("refusing to write into the input folder; choose another -o")
    to = formats.get(ns.to_format or "srt").name
    ext = (formats.get(to).extensions or (f".{to}",))[0]  # the registry's first: .sub for subviewer
    exclude = outdir.resolve() if outdir.exists() else None
    candidates = list(find_candidates(root, exclude))
    sources = [p for p in candidates if is_caption_file(p, ns.from_format, ns.encoding)]
    skipped = len(candidates) - len(sources)
    if not sources:
        raise UsageError(f"no subtitle or page files under {root}")
    targets = [outdir / rel for rel in output_names([src.relative_to(root) for src in sources], ext)]
    _refuse_inputs_as_outputs(sources, targets)
    jobs = []
    for src, target in zip(sources, targets, strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        jobs.append(Job(str(src), str(target), ns.from_format, to, ns.encoding, opts, wopts))

    workers = ns.jobs or os.cpu_count() or 1
    progress = Progress(len(jobs))
    outcomes: list[Outcome] = []
    if workers == 1 or len(jobs) == 1:
        for job in jobs:
            outcomes.append(run_job(job))
            progress.step()
    else:
        with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
            for outcome in pool.map(run_job, jobs, chunksize=max(1, len(jobs) // (workers * 8))):
                outcomes.append(outcome)
                progress.step()
    progress.close()
    from .cli import loud_warnings

    for job, o in zip(jobs, outcomes, strict=True):
        for warning in loud_warnings(o.report, job.src):
            sys.stderr.write(warning + "\n")
    failed = [o for o in outcomes if o.status != 0]
    for o in failed:
        sys.stderr.write(f"{o.error}\n")
    ok = len(outcomes) - len(failed)
    sys.stderr.write(
        f"subconv: converted {ok} of {len(outcomes)} files into {outdir}"
        + (f"; {len(failed)} failed" if failed else "")
        + (f"; skipped {skipped} not recognised as captions (--from FMT converts them)" if skipped else "")
        + "\n"
    )
    if ns.report:
        from .cli import _write_report

        payload = {
            job.src: o.report.to_dict() | {"status": o.status, "error": o.error, "output": job.out}
            for job, o in zip(jobs, outcomes, strict=True)
        }
        _write_report(ns.report, json.dumps({"files": payload}, ensure_ascii=False, indent=2) + "\n")
    if ns.explain:
        for job, o in zip(jobs, outcomes, strict=True):
            sys.stderr.write(f"== {job.src}\n{o.report.explain()}")
    return 1 if failed else 0


def _refuse_inputs_as_outputs(sources: list[Path], targets: list[Path]) -> None:
    """A UsageError when an output would replace one of the inputs (the output folder inside the
    input tree, or the input tree inside the output folder)."""
    inputs = {os.path.normcase(os.path.abspath(p)): p for p in sources}
    for src, target in zip(sources, targets, strict=True):
        hit = inputs.get(os.path.normcase(os.path.abspath(target)))
        if hit is not None:
            raise UsageError(f"{src} would be written over the input {hit}; choose another -o")

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
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TextIO

from . import formats
from .errors import UsageError
from .formats import WriteOptions
from .options import Options

#: file name endings a folder conversion picks up
INPUT_SUFFIXES = (
    ".srt",
    ".vtt",
    ".webvtt",
    ".ass",
    ".ssa",
    ".txt",
    ".md",
    ".html",
    ".htm",
    ".sub",
    ".smi",
    ".sami",
    ".ttml",
    ".dfxp",
    ".mpl",
)


def find_inputs(root: Path, exclude: Path | None = None) -> Iterator[Path]:
    """Subtitle-like files under ``root`` in a stable order, skipping hidden ones and ``exclude``."""
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and (exclude is None or (here / d).resolve() != exclude)
        )
        for name in sorted(filenames):
            if not name.startswith(".") and name.lower().endswith(INPUT_SUFFIXES):
                yield here / name


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
    sources = list(find_inputs(root, exclude=outdir.resolve() if outdir.exists() else None))
    if not sources:
        raise UsageError(f"no subtitle or page files under {root}")
    jobs = []
    for src in sources:
        target = outdir / src.relative_to(root).with_suffix(ext)
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
    failed = [o for o in outcomes if o.status != 0]
    for o in failed:
        sys.stderr.write(f"{o.error}\n")
    ok = len(outcomes) - len(failed)
    sys.stderr.write(
        f"subconv: converted {ok} of {len(outcomes)} files into {outdir}"
        + (f"; {len(failed)} failed\n" if failed else "\n")
    )
    if ns.report:
        from .cli import _write_report

        payload = {
            job.src: o.report.to_dict() | {"status": o.status, "error": o.error}
            for job, o in zip(jobs, outcomes, strict=True)
        }
        _write_report(ns.report, json.dumps({"files": payload}, ensure_ascii=False, indent=2) + "\n")
    if ns.explain:
        for job, o in zip(jobs, outcomes, strict=True):
            sys.stderr.write(f"== {job.src}\n{o.report.explain()}")
    return 1 if failed else 0

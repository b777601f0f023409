"""Where the command line may write: the checks the paths it is given pass before any work.

subconv never writes over its input, and never writes the report over what it writes or reads.
:func:`refuse_overwrite` is the one same-file check, for ``-o`` (against the input) and for
``--report`` (against the inputs, every output and a batch's manifest); :func:`check_report`
adds ``--report -`` (standard output, when the subtitles are not written there);
:func:`check_output_folder` refuses a folder run's output folder that cannot be made or written;
and :func:`refuse_empty` refuses empty names.  Each raises :class:`~subconv.errors.UsageError`
(exit 2), so that nothing is read or written.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import UsageError

if TYPE_CHECKING:
    from .scale import Planned


def same_file_as(path: str) -> Callable[[str], bool]:
    """A test of whether another path names the file ``path`` names: the same absolute path once
    symbolic links are followed (another spelling, a link to it or through a linked folder), or,
    where both are regular files, the same file (a hard link).

    A special file that exists (``/dev/null``, a FIFO) is written through, never replaced: nothing
    is the same file as it.
    """
    try:
        st = os.stat(path)
    except OSError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        return lambda other: False
    key = (st.st_dev, st.st_ino) if st is not None else None
    names = {_norm(os.path.abspath(path)), _norm(os.path.realpath(path))}
    folders: dict[str, str] = {}  # (a batch's outputs share a few folders: each is resolved once)

    def same(other: str) -> bool:
        absolute = os.path.abspath(other)
        if _norm(absolute) in names:
            return True
        folder, name = os.path.split(absolute)
        if folder not in folders:
            folders[folder] = os.path.realpath(folder)
        if _norm(os.path.join(folders[folder], name)) in names:
            return True
        if key is None:
            return False
        try:
            o = os.stat(other)
        except OSError:
            return False
        return stat.S_ISREG(o.st_mode) and (o.st_dev, o.st_ino) == key

    return same


def _norm(path: str) -> str:
    return os.path.normcase(path)


def refuse_overwrite(path: str | None, option: str, others: Iterable[tuple[str, str]], what: str = "") -> None:
    """A :class:`UsageError` when ``path`` (given to ``option``) names one of ``others``, the
    ``(kind, path)`` pairs it must not be written over (``("the input", "a.srt")``); standard
    streams (``-``) are no file (a URL is compared as the name it is: it is no local file)."""
    if path is None or path == "-":
        return
    same = same_file_as(path)
    for kind, other in others:
        if other != "-" and same(other):
            raise UsageError(f"refusing to write {what}over {kind} {other!r}; choose another {option}")


def check_report(path: str | None, others: Iterable[tuple[str, str]], *, stdout: str | None) -> None:
    """``--report``'s rules: ``-`` is standard output, unless ``stdout`` says what already goes
    there (``"the subtitles"``, ``check``'s ``"findings"``); a file must not be one of ``others``
    (the inputs, the outputs, a batch's manifest)."""
    if path == "-":
        if stdout is not None:
            raise UsageError(f"--report -: standard output carries {stdout}; give -o FILE, or --report FILE")
        return
    refuse_overwrite(path, "--report", others, what="the report ")
    if path is not None and "://" not in path:
        _writable_there(path, "the report")


def _writable_there(path: str, what: str) -> None:
    """A :class:`UsageError` before the run when ``what`` cannot be written at ``path`` (a folder,
    or in a folder that is not there or not writable): found only at the end, the run's output
    had been written by then, with exit status 1."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        reason = "it is a folder; give a file name"
    elif not os.path.isdir(folder):
        reason = "No such file or directory"
    elif not os.access(folder, os.W_OK):
        reason = "Permission denied"
    else:
        return
    raise UsageError(f"{path}: cannot write {what}: {reason}")


def check_output_folder(path: str) -> None:
    """A :class:`UsageError` before a folder run when its output folder cannot be made or written
    at ``path``: the nearest part of it that exists (the folder itself, or the folder it would be
    made in) is not a folder (``out/x`` below a regular file ``out``), or not writable; found
    only when the run began, it ended in a traceback.  (An existing ``path`` that is no folder is
    :func:`subconv.batch.plan`'s own message.)"""
    there = os.path.abspath(path)
    while not os.path.lexists(there) and os.path.dirname(there) != there:
        there = os.path.dirname(there)
    if not os.path.isdir(there):
        reason = os.strerror(errno.ENOTDIR)
    elif not os.access(there, os.W_OK | os.X_OK):
        reason = os.strerror(errno.EACCES)
    else:
        return
    raise UsageError(f"{path}: cannot write the output: {reason}")


def refuse_empty(paths: Iterable[tuple[str, str | None]]) -> None:
    """A :class:`UsageError` for the first ``(option, value)`` whose value is an empty name."""
    for option, value in paths:
        if value == "":
            raise UsageError(f"{option} is an empty name: give a file name")


def refuse_inputs_as_outputs(sources: list[Path], targets: list[Path]) -> None:
    """A UsageError when an output would replace one of the inputs: the same name (the output
    folder inside the input tree, or the input tree inside the output folder), or an output that
    already exists and is an input under another name (a symbolic link to it, a hard link, a
    linked folder).  Only outputs that exist are looked at twice: a first run costs one failed
    ``stat`` an output, and the inputs are looked at only when some output is a file already."""
    inputs = {os.path.normcase(os.path.abspath(p)): p for p in sources}
    existing: dict[tuple[int, int], tuple[Path, Path]] = {}
    for src, target in zip(sources, targets, strict=True):
        hit = inputs.get(os.path.normcase(os.path.abspath(target)))
        if hit is not None:
            raise UsageError(f"{src} would be written over the input {hit}; choose another -o")
        try:
            st = os.stat(target)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            existing[(st.st_dev, st.st_ino)] = (src, target)
    if not existing:
        return
    for p in sources:
        try:
            st = os.stat(p)
        except OSError:
            continue
        hit_by = existing.get((st.st_dev, st.st_ino))
        if hit_by is not None:
            src, target = hit_by
            why = f"{target} is that file under another name"
            raise UsageError(f"{src} would be written over the input {p}: {why}; choose another -o")


def batch_targets(jobs: Sequence[Planned], manifest: str) -> Iterator[tuple[str, str]]:
    """What a batch's ``--report`` must not be written over: its inputs, its outputs, its manifest."""
    for job in jobs:
        yield "the input", job.source
    for job in jobs:
        yield "the output", job.output
    yield "the manifest", manifest

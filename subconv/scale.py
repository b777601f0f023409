"""Running many conversions: work units, the results manifest, resume, retries, Dask collections.

:func:`execute` takes the planned ``(input, output)`` pairs of a batch (see
:func:`subconv.batch.plan`) and runs them on an engine (:mod:`subconv.engines`) in chunks,
keeping a bounded number in flight, yielding one :class:`FileResult` per input as chunks
finish, and writing each to the results manifest ``DST/_subconv.jsonl``:

* every input is converted in a worker and its output committed whole (see
  :mod:`subconv.storage`); a bad input is one failed line, the rest go on;
* a chunk whose worker died, and a file whose read or write failed (``OSError``), are
  retried at most ``retries`` times -- the lost chunk's files one at a time with nothing else
  in flight, so a file that kills its worker fails alone;
* with ``resume``, an input whose manifest line says ``ok``, whose output is still there at
  the recorded size, and whose source has the recorded size and modification time (or, where
  the filesystem has no times, the recorded content hash) is skipped.

Inputs on a filesystem that lives in one process (``memory://``) are read and written by
the driver, and only their bytes travel to the workers.

:func:`map_captions` maps a conversion over a ``dask.bag`` or a ``dask.dataframe`` column of
caption texts, for captions kept in Parquet rather than files.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import posixpath
import re
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from . import storage
from .api import encoded_pieces
from .engines import Engine
from .errors import SubconvError, UsageError
from .formats import WriteOptions
from .options import Options
from .report import Entry, Report
from .runner import Job, capture, convert_data, json_text, loud_entries, shown_name, text_name

MANIFEST = "_subconv.jsonl"

Status = Literal["ok", "failed", "skipped"]
#: the status of a manifest line that records an earlier run's output left in the folder
STALE = "stale"


@dataclass(frozen=True)
class Planned:
    """One input and the output it becomes; size and mtime when the listing gave them."""

    source: str
    output: str
    size: int | None = None
    mtime: str | None = None


@dataclass(frozen=True)
class Spec:
    """How every input of a run is converted (the same for all of them)."""

    to_format: str = "srt"
    from_format: str | None = None
    encoding: str | None = None
    options: Options = field(default_factory=Options)
    write_options: WriteOptions = field(default_factory=WriteOptions)
    keep_report: bool = False  # send each file's whole report back (for --report / --explain)
    input_fps: float | None = None  # the inputs' frame rate, for a format counting frames (--input-fps)
    output_encoding: str = "utf-8"  # the outputs' encoding (--output-encoding)

    @functools.cached_property
    def digest(self) -> str:
        """A short hash of what decides each output (every field but ``keep_report``: the formats,
        the encodings and frame rate given, the options): the manifest records it, and ``resume``
        skips an input only when it is the same (before, ``--resume`` with other options kept the
        outputs made with the old ones, "unchanged since the last run")."""
        settings = asdict(self)
        del settings["keep_report"]
        text = json.dumps(settings, sort_keys=True, default=_json_default)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    def job(self, source: str, output: str | None) -> Job:
        """The single-file job for ``source``."""
        fmt, enc = self.from_format, self.encoding
        opts, wopts = self.options, self.write_options
        return Job(source, output, fmt, self.to_format, enc, opts, wopts, None, self.input_fps, self.output_encoding)


def _json_default(value: object) -> object:
    """A set as its sorted items (the same text in every process), anything else as its text."""
    if isinstance(value, (set, frozenset)):
        return sorted(map(str, value))
    return str(value)


@dataclass
class FileResult:
    """What became of one input: one line of the results manifest."""

    source: str
    output: str
    status: Status
    cues_in: int | None = None
    cues_out: int | None = None
    summary: dict[str, Any] = field(default_factory=dict)
    error: str | None = None  # one line: "subconv: error: FILE:LINE: ..."
    line: int | None = None  # the input line the error is about, when known
    seconds: float = 0.0
    attempts: int = 1
    source_size: int | None = None
    source_mtime: str | None = None
    source_hash: str | None = None
    output_bytes: int | None = None
    spec: str | None = None  # the run's settings (:attr:`Spec.digest`): resume skips only under the same
    # not in the manifest:
    report: Report | None = field(default=None, repr=False, compare=False)
    # the warnings stderr always shows (:func:`~subconv.runner.loud_warnings`), sent back whatever the options
    warnings: list[Entry] = field(default_factory=list, repr=False, compare=False)
    retry: bool = field(default=False, repr=False, compare=False)  # failed for a reason worth retrying
    text: str | None = field(default=None, repr=False, compare=False)  # output the driver must commit

    def record(self) -> dict[str, Any]:
        """The manifest line as a dictionary (names as :func:`~subconv.runner.text_name` gives them)."""
        d = asdict(self)
        for key in ("report", "warnings", "retry", "text"):
            del d[key]
        d["source"], d["output"] = text_name(self.source), text_name(self.output)
        d["seconds"] = round(self.seconds, 6)
        return d


@dataclass
class _Task:
    planned: Planned
    previous: dict[str, Any] | None = None
    data: bytes | None = None  # read by the driver (process-local filesystems)
    attempts: int = 1


def _summary(report: Report) -> dict[str, Any]:
    out: dict[str, Any] = {k: report.info[k] for k in ("format", "encoding") if k in report.info}
    for entry in report.entries:
        if entry.action not in ("cue", "info"):
            out[entry.action] = out.get(entry.action, 0) + 1
    return out


def _unchanged(prev: dict[str, Any], size: int | None, mtime: str | None, out: str) -> bool | None:
    """True/False when the size and time decide; None when only the content hash can."""
    if prev.get("status") != "ok" or size is None or prev.get("source_size") != size:
        return False
    done = storage.stat(out)
    if done is None or done[0] != prev.get("output_bytes"):
        return False
    if mtime is not None and prev.get("source_mtime") is not None:
        return bool(mtime == prev["source_mtime"])
    return None


def _skipped(task: _Task, t0: float) -> FileResult:
    prev = dict(task.previous or {})
    return FileResult(
        task.planned.source,
        task.planned.output,
        "skipped",
        cues_in=prev.get("cues_in"),
        cues_out=prev.get("cues_out"),
        summary=prev.get("summary") or {},
        seconds=time.perf_counter() - t0,
        attempts=task.attempts,
        source_size=prev.get("source_size"),
        source_mtime=prev.get("source_mtime"),
        source_hash=prev.get("source_hash"),
        output_bytes=prev.get("output_bytes"),
        spec=prev.get("spec"),
    )


def _load(task: _Task, t0: float) -> bytes | FileResult:
    """The input's bytes, or the result when it is skipped (resume) or unreadable."""
    p = task.planned
    size, mtime = p.size, p.mtime
    if size is None:
        st = storage.stat(p.source)
        if st is not None:
            size, mtime = st
    verdict = _unchanged(task.previous, size, mtime, p.output) if task.previous else False
    if verdict:
        return _skipped(task, t0)
    try:
        data = storage.read_bytes(p.source)
    except FileNotFoundError:
        msg = f"subconv: error: cannot read {shown_name(p.source)}: no such file"
        return FileResult(p.source, p.output, "failed", error=msg)
    except UsageError as exc:
        return FileResult(p.source, p.output, "failed", error=f"subconv: error: {exc}")
    except OSError as exc:
        msg = f"subconv: error: cannot read {shown_name(p.source)}: {exc.strerror or exc}"
        return FileResult(p.source, p.output, "failed", error=msg, retry=True)
    if verdict is None and task.previous and storage.digest(data) == task.previous.get("source_hash"):
        return _skipped(task, t0)
    task.planned = Planned(p.source, p.output, size if size is not None else len(data), mtime)
    return data


def _convert(task: _Task, data: bytes, spec: Spec, commit: bool, t0: float) -> FileResult:
    p = task.planned
    report = Report()
    box: list[str] = []
    job = spec.job(p.source, p.output)
    outcome = capture(p.source, report, lambda: box.append(convert_data(data, job, report) or ""))
    res = FileResult(
        p.source,
        p.output,
        "ok" if outcome.status == 0 else "failed",
        cues_in=report.info.get("cues_read"),
        cues_out=report.info.get("cues_written") if outcome.status == 0 else None,
        summary=_summary(report),
        error=outcome.error,
        line=outcome.line,
        attempts=task.attempts,
        source_size=p.size,
        source_mtime=p.mtime,
        source_hash=storage.digest(data),
        spec=spec.digest,
        report=report if spec.keep_report else None,
        warnings=loud_entries(report),
    )
    if outcome.status == 0:
        text = box[0]
        if commit:
            try:
                res.output_bytes = storage.commit_text(p.output, text, spec.output_encoding)
            except (OSError, UsageError) as exc:
                res.status, res.cues_out, res.retry = "failed", None, isinstance(exc, OSError)
                reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
                res.error = f"subconv: error: cannot write {shown_name(p.output)}: {reason}"
        else:
            res.text = text
            res.output_bytes = len(b"".join(encoded_pieces([text], spec.output_encoding)))
    res.seconds = time.perf_counter() - t0
    return res


def run_chunk(tasks: list[_Task], spec: Spec) -> list[FileResult]:
    """Convert a chunk of inputs (in a worker): read, convert, commit each; one result per input."""
    out = []
    for task in tasks:
        t0 = time.perf_counter()
        if task.data is not None:
            out.append(_convert(task, task.data, spec, commit=False, t0=t0))
            continue
        loaded = _load(task, t0)
        out.append(loaded if isinstance(loaded, FileResult) else _convert(task, loaded, spec, commit=True, t0=t0))
    return out


# --------------------------------------------------------------------------- the manifest


def _manifest_lines(url: str) -> Iterator[dict[str, Any]]:
    """Every whole line of a results manifest (absent: none) that names a source."""
    try:
        data = storage.read_bytes(url)
    except (OSError, UsageError):
        return
    for raw in data.decode("utf-8", errors="replace").splitlines():
        try:
            rec = json.loads(raw)
        except ValueError:
            continue  # a line cut short when a run was killed
        if isinstance(rec, dict) and isinstance(rec.get("source"), str):
            yield rec


def read_manifest(url: str) -> dict[str, dict[str, Any]]:
    """The last line recorded for each source in a results manifest (absent: empty), by the
    source's name as recorded (:func:`~subconv.runner.text_name`).  A ``stale`` line (an
    earlier run's output this run did not write, :func:`read_stale`) is no input's result: not here."""
    return {rec["source"]: rec for rec in _manifest_lines(url) if rec.get("status") != STALE}


def read_stale(url: str) -> list[dict[str, Any]]:
    """The ``stale`` lines of a results manifest: outputs an earlier run wrote that a later run
    did not, still there when it ran (``{"source", "output", "status": "stale"}``), which every
    run warns of while they are there (:func:`subconv.batch.stale_outputs`)."""
    return [rec for rec in _manifest_lines(url) if rec.get("status") == STALE]


class ManifestWriter:
    """Records results as they come; a local manifest is appended to (and flushed) line by line,
    one elsewhere rewritten at checkpoints; at the end the whole manifest is rewritten with one
    line per input, in plan order.  Inputs are known by their recorded names
    (:func:`~subconv.runner.text_name`), written by :func:`~subconv.runner.json_text`: a name the
    locale could not decode is still written, and found again by ``--resume``.  A local manifest
    that cannot be opened is a :class:`~subconv.errors.SubconvError`, one line, before any input
    is converted."""

    CHECKPOINT_SECONDS = 30.0

    def __init__(
        self,
        url: str,
        order: Sequence[str],
        previous: dict[str, dict[str, Any]] | None = None,
        stale: Sequence[dict[str, Any]] = (),
    ) -> None:
        self.url = url
        self.records: dict[str, dict[str, Any]] = dict(previous or {})
        self.order = [text_name(s) for s in order]
        self.stale = list(stale)  # (``stale`` lines, written after the inputs' lines)
        local = storage._local_path(url)
        self._fh = None
        if local is not None:
            try:
                os.makedirs(os.path.dirname(os.path.abspath(local)), exist_ok=True)
                self._fh = open(local, "a" if previous else "w", encoding="utf-8")  # noqa: SIM115
            except OSError as exc:  # (before any input is converted; the output folder was checked by plan)
                reason = exc.strerror or exc
                raise SubconvError(f"{shown_name(url)}: cannot write the results manifest: {reason}") from None
        self._last = time.monotonic()

    def add(self, result: FileResult) -> None:
        """Record one result (a skipped input keeps its earlier line)."""
        if result.status == "skipped":
            return
        rec = result.record()
        self.records[rec["source"]] = rec
        try:
            if self._fh is not None:
                self._fh.write(json_text(rec) + "\n")
                self._fh.flush()
            elif time.monotonic() - self._last > self.CHECKPOINT_SECONDS:
                self._write()
        except OSError:  # (a full disk: the line-by-line record stops; :meth:`close` writes it whole, or says why not)
            self._drop_log()

    def _write(self) -> None:
        lines = [self.records[s] for s in self.order if s in self.records]
        planned = set(self.order)
        lines += [r for s, r in self.records.items() if s not in planned]
        lines += self.stale
        storage.commit_text(self.url, "".join(json_text(r) + "\n" for r in lines))
        self._last = time.monotonic()

    def _drop_log(self) -> None:
        """Stop appending to the local manifest (a write to it failed)."""
        fh, self._fh = self._fh, None
        if fh is not None:
            try:
                fh.close()
            except OSError:  # (what it still held could not be written either)
                pass
        self._last = time.monotonic()

    def close(self) -> None:
        """Write the final manifest, one line per input; one that cannot be written (a full
        disk) is a :class:`~subconv.errors.SubconvError`, one line (before, a traceback)."""
        self._drop_log()
        try:
            self._write()
        except OSError as exc:
            reason = exc.strerror or exc
            raise SubconvError(f"{shown_name(self.url)}: cannot write the results manifest: {reason}") from None


# --------------------------------------------------------------------------- running


def chunk_size(n: int, workers: int) -> int:
    """Inputs per task: about 8 tasks per worker, at most 64 inputs each.

    >>> chunk_size(800, 2), chunk_size(10, 2), chunk_size(10_000_000, 400)
    (50, 1, 64)
    """
    return max(1, min(64, n // max(1, workers * 8)))


def execute(
    jobs: Sequence[Planned],
    dst: str,
    spec: Spec,
    engine: Engine,
    *,
    resume: bool = False,
    retries: int = 2,
    manifest: bool = True,
    stale: Sequence[dict[str, Any]] = (),
) -> Iterator[FileResult]:
    """Convert every planned job on ``engine``; yield one result per input as they finish.

    The manifest is ``dst/_subconv.jsonl`` (written unless ``manifest`` is false); ``stale``:
    lines it keeps besides (:func:`read_stale`). Stopping the iteration early (or an interrupt)
    still writes what finished, so ``resume`` can go on.
    """
    url = storage.join(dst, MANIFEST)
    previous = read_manifest(url) if resume else {}
    outputs = [j.output for j in jobs]
    storage.sweep_temps(outputs)
    writer = ManifestWriter(url, [j.source for j in jobs], previous, stale) if manifest else None
    driver_io = any(storage.protocol(j.source) in storage.PROCESS_LOCAL for j in jobs[:1]) or (
        storage.protocol(dst) in storage.PROCESS_LOCAL
    )
    size = chunk_size(len(jobs), engine.workers())
    queue: deque[list[_Task]] = deque()
    for i in range(0, len(jobs), size):
        queue.append([_Task(j, _same_settings(previous.get(text_name(j.source)), spec)) for j in jobs[i : i + size]])
    run = _Run(spec, engine, queue, writer, retries=retries, driver_io=driver_io)
    try:
        yield from run.results()
    finally:
        try:
            if writer is not None:
                writer.close()
        finally:
            storage.sweep_temps(outputs)


def _same_settings(prev: dict[str, Any] | None, spec: Spec) -> dict[str, Any] | None:
    """An input's manifest line when the run that wrote it had ``spec``'s settings, else None
    (converted again; also a line of a manifest from before the settings were recorded)."""
    return prev if prev is not None and prev.get("spec") == spec.digest else None


def _commit(res: FileResult, task: _Task, encoding: str) -> FileResult:
    """Write the text a worker converted for ``res`` (a write error fails it, to retry)."""
    if res.text is not None:
        text, res.text = res.text, None
        try:
            res.output_bytes = storage.commit_text(res.output, text, encoding)
        except OSError as exc:
            res.status, res.cues_out, res.retry = "failed", None, True
            res.error = f"subconv: error: cannot write {shown_name(res.output)}: {exc.strerror or exc}"
    res.attempts = task.attempts
    return res


class _Run:
    """The scheduling state of one :func:`execute`: chunks waiting, chunks running, inputs to retry alone."""

    def __init__(
        self,
        spec: Spec,
        engine: Engine,
        queue: deque[list[_Task]],
        writer: ManifestWriter | None,
        *,
        retries: int,
        driver_io: bool,
    ) -> None:
        self.spec = spec
        self.engine = engine
        self.queue = queue
        self.writer = writer
        self.retries = retries
        self.driver_io = driver_io  # the driver reads the inputs (process-local filesystems)
        self.inflight: dict[Any, list[_Task]] = {}
        # inputs whose worker was lost: each is tried again alone (nothing else in flight), so when
        # a process pool breaks, the input that broke it fails and those that shared the pool do not
        self.suspects: deque[_Task] = deque()

    def results(self) -> Iterator[FileResult]:
        """Run until every input has a final result; yield each as it comes."""
        while self.queue or self.inflight or self.suspects:
            yield from self._start_more()
            if self.inflight:
                yield from self._collect_one()

    def _start_more(self) -> Iterator[FileResult]:
        """Submit one suspect alone once nothing runs, else queued chunks up to the engine's slots."""
        if self.suspects:
            if not self.inflight:
                one = self.suspects.popleft()
                for res in self._submit([one]):
                    yield from self._settle(_commit(res, one, self.spec.output_encoding), one)
            return
        while self.queue and len(self.inflight) < self.engine.slots():
            tasks = self.queue.popleft()
            for res in self._submit(tasks):
                task = next(t for t in tasks if t.planned.source == res.source)
                yield from self._settle(_commit(res, task, self.spec.output_encoding), task)

    def _submit(self, tasks: list[_Task]) -> list[FileResult]:
        """Start a chunk; results the driver settles itself (process-local reads) come back at once."""
        settled: list[FileResult] = []
        if self.driver_io:
            keep = []
            for t in tasks:
                t0 = time.perf_counter()
                loaded = _load(t, t0)
                if isinstance(loaded, FileResult):
                    settled.append(loaded)
                else:
                    t.data = loaded
                    keep.append(t)
            tasks = keep
        if tasks:
            self.inflight[self.engine.submit(run_chunk, tasks, self.spec)] = tasks
        return settled

    def _collect_one(self) -> Iterator[FileResult]:
        """Wait for the next chunk to finish and settle its results."""
        handle = self.engine.next_done()
        tasks = self.inflight.pop(handle)
        try:
            results = self.engine.result(handle)
        except Exception as exc:  # the worker was lost (or the engine broke)
            tasks, results = self._lost(tasks, exc)
        for task, res in zip(tasks, results, strict=True):
            yield from self._settle(_commit(res, task, self.spec.output_encoding), task)

    def _lost(self, tasks: list[_Task], exc: Exception) -> tuple[list[_Task], list[FileResult]]:
        """After a lost worker: queue the inputs with tries left as suspects, fail the others.

        Returns the failed tasks and their results.
        """
        lost = [t for t in tasks if t.attempts <= self.retries]
        for t in lost:
            t.attempts += 1
        self.suspects.extend(lost)
        again = {id(t) for t in lost}
        failed = [t for t in tasks if id(t) not in again]
        results = [
            FileResult(
                t.planned.source,
                t.planned.output,
                "failed",
                error=f"subconv: error: {shown_name(t.planned.source)}: worker lost ({type(exc).__name__}: {exc})",
            )
            for t in failed
        ]
        return failed, results

    def _settle(self, res: FileResult, task: _Task) -> Iterator[FileResult]:
        """Queue ``task`` again if ``res`` asks for a retry and tries are left; else record and yield it."""
        if res.retry and task.attempts <= self.retries:
            task.attempts += 1
            task.data = None if not self.driver_io else task.data
            self.queue.append([task])
            return
        if self.writer is not None:
            self.writer.add(res)
        yield res


# --------------------------------------------------------------------------- input lists

_KEYS = ("source", "url", "path", "input")


def read_input_list(url: str) -> list[tuple[str, str | None, int]]:
    """The inputs a list names: ``(source, output or None, line)``.

    One path or URL a line (blank lines and ``#`` comments skipped); a ``.csv`` with a
    ``source`` (or ``url``, ``path``, ``input``) column and an optional ``output`` column, or
    without a header, its first column (a header naming none of those columns is a
    :class:`UsageError`); a ``.jsonl`` of objects with those keys (or of strings). Relative
    paths are relative to the list's own folder; an output is a path inside the output folder
    (:func:`list_output`: one that would leave it is a :class:`UsageError`). An input listed
    twice is a :class:`UsageError` naming both lines.
    """
    text = _read_list_text(url)
    lower = url.lower()
    if lower.endswith((".jsonl", ".ndjson")):
        rows = _jsonl_rows(url, text)
    elif lower.endswith(".csv"):
        rows = _csv_rows(url, text)
    else:
        rows = _line_rows(text)
    return _resolve_rows(url, rows)


def _list_base(url: str) -> str:
    """The folder of the list at ``url``, which its relative paths are relative to."""
    return url.rsplit("/", 1)[0] if storage.is_url(url) else os.path.dirname(os.path.abspath(url))


def _is_header(url: str, row: list[str]) -> bool:
    """Whether ``row``, the first of a CSV list with none of the input columns, is a header
    nonetheless: its cells are all column names (words: no ``.``, ``/`` or ``:`` a path or
    URL has) and its first does not name a file beside the list.

    >>> _is_header("l.csv", ["name", "x"]), _is_header("l.csv", ["a.srt", "b"]), _is_header("l.csv", ["s3://b/c"])
    (True, False, False)
    """
    cells = [c.strip() for c in row if c.strip()]
    if not cells or not all(re.fullmatch(r"[^\W\d][\w \-]*", c) for c in cells):
        return False
    return storage.is_url(url) or not os.path.exists(os.path.join(_list_base(url), cells[0]))


def _read_list_text(url: str) -> str:
    """The text of the input list at ``url`` (``-``: standard input, its paths relative to the
    current folder: ``find ... | subconv convert - --input-list -o OUT``; before, "cannot read -:
    No such file or directory"); unreadable or non-UTF-8 lists are usage errors."""
    try:
        data = sys.stdin.buffer.read() if url == "-" else storage.read_bytes(url)
        return data.decode("utf-8-sig")
    except OSError as exc:
        raise UsageError(f"cannot read {url}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"{url}: the input list is not UTF-8 ({exc.reason})") from None


def _jsonl_rows(url: str, text: str) -> list[tuple[str, str | None, int]]:
    """The rows of a JSON-lines list: a string, or an object with a source key and maybe ``output``."""
    rows: list[tuple[str, str | None, int]] = []
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            rec = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{url}:{n}: not JSON: {exc.msg}") from None
        if isinstance(rec, str):
            rows.append((rec, None, n))
            continue
        src = next((rec[k] for k in _KEYS if isinstance(rec, dict) and isinstance(rec.get(k), str)), None)
        if src is None:
            raise UsageError(f"{url}:{n}: no {' / '.join(repr(k) for k in _KEYS)} key naming the input")
        out = rec.get("output")
        rows.append((src, out if isinstance(out, str) else None, n))
    return rows


def _csv_rows(url: str, text: str) -> list[tuple[str, str | None, int]]:
    """The rows of a CSV list: its source column (else the first, headerless) and ``output``."""
    import csv
    import io

    table = list(csv.reader(io.StringIO(text)))
    if not table:
        return []
    head = [h.strip().lower() for h in table[0]]
    col = next((head.index(k) for k in _KEYS if k in head), None)
    if col is None and _is_header(url, table[0]):
        named = ", ".join(h.strip() for h in table[0] if h.strip())
        raise UsageError(
            f"{url}:1: no {' / '.join(repr(k) for k in _KEYS)} column naming the inputs (the header names {named})"
        )
    out_col = head.index("output") if "output" in head else None
    body = list(enumerate(table[1:], 2)) if col is not None else list(enumerate(table, 1))
    rows: list[tuple[str, str | None, int]] = []
    for n, row in body:
        if not row or not any(c.strip() for c in row):
            continue
        src = row[col or 0].strip()
        if not src:
            raise UsageError(f"{url}:{n}: empty input column")
        out = row[out_col].strip() if out_col is not None and out_col < len(row) else None
        rows.append((src, out or None, n))
    return rows


def _line_rows(text: str) -> list[tuple[str, str | None, int]]:
    """The rows of a plain list: one input a line, blank lines and ``#`` comments skipped."""
    rows: list[tuple[str, str | None, int]] = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if line and not line.startswith("#"):
            rows.append((line, None, n))
    return rows


def _resolve_rows(url: str, rows: list[tuple[str, str | None, int]]) -> list[tuple[str, str | None, int]]:
    """``rows`` with relative sources made relative to the folder of the list at ``url``, and
    outputs made paths inside the output folder (:func:`list_output`)."""
    base = _list_base(url)  # (standard input's: the current folder)
    name = "<stdin>" if url == "-" else url
    resolved = []
    first: dict[str, int] = {}
    for given, out, n in rows:
        src = given
        if not storage.is_url(src) and not os.path.isabs(src):
            src = storage.join(base, src) if storage.is_url(base) else os.path.join(base, src)
        key = src if storage.is_url(src) else os.path.normpath(src)
        if key in first:
            raise UsageError(shown_name(f"{name}:{n}: {given} is listed twice (first on line {first[key]})"))
        first[key] = n
        resolved.append((src, out if out is None else list_output(out, f"{name}:{n}"), n))
    return resolved


def list_output(out: str, where: str) -> str:
    """The output a list names (``where``: the list and its line), as a path inside the output
    folder: an absolute one is put under the folder, ``.`` and ``x/..`` are folded; one that would
    leave the folder (``../x``, ``a/../../x``), that names the folder itself or the results
    manifest (``_subconv.jsonl``), is a :class:`UsageError`: nothing is written outside the
    folder, nor over the manifest.

    >>> list_output("/data/a.vtt", "l.csv:2"), list_output("a/./b/../c.vtt", "l.csv:3")
    ('data/a.vtt', 'a/c.vtt')
    """
    rel = posixpath.normpath(out.lstrip("/"))
    if rel == ".." or rel.startswith("../"):
        raise UsageError(f"{where}: output {out!r} leaves the output folder; give a path inside it")
    if rel == ".":
        raise UsageError(f"{where}: output {out!r} names the output folder itself; give a file name")
    if rel == MANIFEST:
        raise UsageError(f"{where}: output {out!r} is the name of the results manifest; give another name")
    return rel


def common_root(sources: Sequence[str]) -> str:
    """The deepest folder holding every source (all on one filesystem).

    >>> common_root(["s3://b/x/a.vtt", "s3://b/x/y/b.vtt"]), common_root(["memory://d/a.srt"])
    ('s3://b/x', 'memory://d')
    >>> common_root(["file:///d/x/a.srt", "/d/b.srt"])  # (paths and file:// URLs: a path)
    '/d'
    """
    protos = {storage.protocol(s) for s in sources}
    if len(protos) > 1:
        raise UsageError(f"the inputs are on different filesystems ({', '.join(sorted(protos))}): list one at a time")
    urls = sum(storage.is_url(s) for s in sources)
    if protos == {"file"} and urls < len(sources):  # (paths, or paths and file:// URLs: a path)
        local = [storage.local_path(s) for s in sources]
        return os.path.commonpath([os.path.dirname(os.path.abspath(p)) for p in local if p is not None])
    proto = protos.pop()
    paths = [s.split("://", 1)[1] for s in sources]
    lead = "/" if all(p.startswith("/") for p in paths) else ""
    parts = [p.strip("/").split("/")[:-1] for p in paths]
    common: list[str] = []
    for level in zip(*parts, strict=False):
        if len(set(level)) != 1:
            break
        common.append(level[0])
    return f"{proto}://{lead}{'/'.join(common)}"


# --------------------------------------------------------------------------- dask collections


def convert_text(
    text: str | bytes,
    to: str = "srt",
    *,
    from_format: str | None = None,
    encoding: str | None = None,
    options: Options | None = None,
    write_options: WriteOptions | None = None,
    errors: Literal["none", "raise"] = "none",
    fps: float | None = None,
) -> str | None:
    """Convert one caption text (or its bytes) to ``to``; a bad one gives None (``errors="none"``)
    or raises :class:`~subconv.errors.SubconvError` (``errors="raise"``).  ``fps`` is the text's
    frame rate where it counts frames (MicroDVD), as :func:`subconv.read`'s; ``encoding`` that of
    a text given as bytes (a ``str`` is text already: a column may hold both).  The arguments are
    checked first, whatever ``errors`` says (:func:`_text_arguments`): a format or encoding
    that is none is an error, not None for every text."""
    from .errors import SubconvError

    rate = _text_arguments(
        "convert_text()", to, from_format, encoding, fps, options=options, write_options=write_options, errors=errors
    )
    if text is None:
        return None
    if isinstance(text, os.PathLike):  # (bytes(path) is its name: it was converted as a caption)
        raise TypeError(
            f"convert_text() takes a caption text (a str or bytes), not {type(text).__name__}: "
            "read a file with subconv.read(path), or convert one with subconv.convert(path)"
        )
    data = text.encode("utf-8") if isinstance(text, str) else bytes(text)
    enc = "utf-8" if isinstance(text, str) else encoding
    opts, wopts = options or Options(), write_options or WriteOptions()
    job = Job("<text>", None, from_format, to, enc, opts, wopts, input_fps=rate)
    report = Report()
    box: list[str] = []
    outcome = capture("<text>", report, lambda: box.append(convert_data(data, job, report) or ""))
    if outcome.status:
        if errors == "raise":
            raise SubconvError(outcome.error or "conversion failed")
        return None
    return box[0]


def _text_arguments(
    call: str,
    to: str,
    from_format: str | None,
    encoding: object,
    fps: object,
    *,
    options: object = None,
    write_options: object = None,
    errors: object = "none",
) -> float | None:
    """The frame rate ``fps`` given to ``call`` (:func:`convert_text`, :func:`map_captions`), once
    its arguments are known good: ``to`` a format subconv writes, ``from_format`` one it reads (or
    None), ``encoding`` a text encoding (or None), ``options`` an :class:`Options` and
    ``write_options`` a :class:`WriteOptions` (or None), ``errors`` ``"none"`` or ``"raise"``; else
    the error ``convert`` gives for each (``UnknownFormatError``, ``UsageError``,
    ``EncodingError``, ``TypeError``), at the call.  Before, a typo in any of them made every
    text None (with ``errors="none"``), as a bad text."""
    from . import formats
    from .api import _encoding_arg, _fps_arg, _option_kinds

    _option_kinds(call, options, write_options)
    if errors not in ("none", "raise") or not isinstance(errors, str):
        raise UsageError(f"{call} errors={errors!r}: use 'none' (a bad text gives None) or 'raise'")

    written = formats.get(to)
    if written.write is None and written.stream is None:
        raise UsageError(f"{call} to={to!r}: subconv can read {written.name} but cannot write it")
    if from_format is not None:
        formats.get(from_format)
    _encoding_arg(encoding, call)
    return _fps_arg(fps, call)


#: the arguments :func:`map_captions` passes on to :func:`convert_text`
_TEXT_ARGUMENTS = frozenset(("from_format", "encoding", "options", "write_options", "errors", "fps"))


def map_captions(collection: Any, to: str = "srt", **kwargs: Any) -> Any:
    """Map :func:`convert_text` over a ``dask.bag`` of caption texts, or over a
    ``dask.dataframe`` column (a Series) of them, lazily; ``kwargs`` go to :func:`convert_text`.

    ``to`` is any format subconv writes. Failed texts become None (or pass ``errors="raise"``);
    arguments that are no format, encoding, frame rate, options or ``errors`` choice, and names
    :func:`convert_text` does not take, are refused at once, at this call.
    """
    from functools import partial

    unknown = sorted(kwargs.keys() - _TEXT_ARGUMENTS)
    if unknown:
        raise TypeError(
            f"map_captions() got no argument {unknown[0]!r}: convert_text takes {', '.join(sorted(_TEXT_ARGUMENTS))}"
        )
    _text_arguments(
        "map_captions()",
        to,
        kwargs.get("from_format"),
        kwargs.get("encoding"),
        kwargs.get("fps"),
        options=kwargs.get("options"),
        write_options=kwargs.get("write_options"),
        errors=kwargs.get("errors", "none"),
    )
    fn: Callable[[Any], str | None] = partial(convert_text, to=to, **kwargs)
    if hasattr(collection, "dtype") and hasattr(collection, "map_partitions"):  # a dask Series
        return collection.map(fn, meta=(getattr(collection, "name", None), "object"))
    if hasattr(collection, "map"):
        return collection.map(fn)
    raise TypeError(f"map_captions needs a dask.bag or a dask.dataframe column, not {type(collection).__name__}")


def results_of(results: Iterable[FileResult]) -> dict[str, int]:
    """Counts of results by status.

    >>> results_of([FileResult("a", "b", "ok"), FileResult("c", "d", "failed")])
    {'ok': 1, 'failed': 1, 'skipped': 0}
    """
    counts = {"ok": 0, "failed": 0, "skipped": 0}
    for r in results:
        counts[r.status] += 1
    return counts

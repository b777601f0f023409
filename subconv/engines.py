"""Where batch conversions run: this machine's process pool, or a Dask cluster.

An engine runs picklable ``fn(*args)`` calls somewhere and hands back each one's outcome
as it finishes; :func:`subconv.scale.execute` keeps a bounded number in flight, so a run
of ten million files never holds ten million futures. Two engines:

* :class:`LocalEngine` -- a :class:`~concurrent.futures.ProcessPoolExecutor` on this
  machine's cores (in-process when there is one worker); the default.
* :class:`DaskEngine` -- ``dask.distributed``: a ``LocalCluster`` of single-threaded worker
  processes, or the cluster whose scheduler address is given, or a ``Client`` you made.

A worker that dies takes its calls with it: the pool breaks (and is rebuilt) or Dask gives
up on the task; :meth:`Engine.result` then raises, and the caller retries.

:meth:`Engine.close` leaves nothing the engine started running: a LocalCluster's worker
processes and the resource tracker their start launched are waited for, also when the run
was interrupted (Ctrl-C and SIGTERM are held while a local cluster starts and stops); the
process pool's workers, which ignore Ctrl-C and end quietly on SIGTERM, are stopped when they
are still converting rather than waited for.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from ._children import die_with_parent
from .errors import UsageError

ENGINES = ("local", "dask")


class Engine(Protocol):
    """What :func:`subconv.scale.execute` needs from an engine."""

    name: str

    def slots(self) -> int:
        """How many calls to keep in flight (about twice the workers)."""

    def workers(self) -> int:
        """How many calls can run at once."""

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Start ``fn(*args)``; return a handle."""

    def next_done(self) -> Any:
        """Block until a submitted call finishes; return its handle."""

    def result(self, handle: Any) -> Any:
        """The call's return value; raises what it raised, or why its worker was lost."""

    def close(self) -> None:
        """Stop the workers this engine started (never a cluster it was given)."""


class LocalEngine:
    """A process pool on this machine; ``jobs=1`` runs in-process."""

    name = "local"

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None
        self._pending: set[Future[Any]] = set()
        self._done: deque[Future[Any]] = deque()

    def workers(self) -> int:
        return self.jobs

    def slots(self) -> int:
        return 1 if self.jobs == 1 else 2 * self.jobs

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        if self.jobs == 1:
            fut: Future[Any] = Future()
            try:
                fut.set_result(fn(*args))
            except Exception as exc:
                fut.set_exception(exc)
            self._done.append(fut)
            return fut
        if self._pool is None:
            # workers die with this process even when it is killed outright; only when the pool
            # is made by the main thread (the kernel ties them to the thread that forks them)
            parent = os.getpid() if threading.current_thread() is threading.main_thread() else None
            self._pool = ProcessPoolExecutor(self.jobs, initializer=_pool_worker, initargs=(parent,))
        try:
            fut = self._pool.submit(fn, *args)
        except BrokenProcessPool as exc:
            self._drop_pool()
            fut = Future()
            fut.set_exception(exc)
            self._done.append(fut)
            return fut
        self._pending.add(fut)
        return fut

    def next_done(self) -> Future[Any]:
        while not self._done:
            done, self._pending = wait(self._pending, return_when=FIRST_COMPLETED)
            self._done.extend(done)
        return self._done.popleft()

    def result(self, handle: Future[Any]) -> Any:
        try:
            return handle.result()
        except BrokenProcessPool:
            # a worker died: every call in the pool fails with it; start a new pool for the retries
            self._drop_pool()
            raise

    def _drop_pool(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def close(self) -> None:
        """Stop the pool; when calls are still running (the run was interrupted, or its results
        are no longer wanted), stop their workers rather than wait for them."""
        if self._pool is not None:
            if any(not fut.done() for fut in self._pending):
                for proc in list(self._pool._processes.values()):
                    proc.terminate()  # (SIGTERM, at its default in a worker: see _pool_worker)
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _pool_worker(parent: int | None) -> None:
    """(In a :class:`LocalEngine` worker, as it starts.) Die with ``parent``, the process that made
    the pool (:func:`~subconv._children.die_with_parent`; None: not tied to it), and leave the
    signals that stop a run to that process: a terminal's Ctrl-C reaches the whole process group,
    and is ignored here; SIGTERM, whether sent to the group or by :meth:`LocalEngine.close`, ends
    the worker at once, at its default (the command line's handler, inherited through the fork,
    would unwind it with a traceback). The run's process says how the run ended, once."""
    if parent is not None:
        die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


class DaskEngine:
    """``dask.distributed``: a client of ``scheduler``, of ``client``, or of a new LocalCluster.

    The LocalCluster has ``jobs`` single-threaded worker processes (default: one per core):
    a conversion is pure Python, so threads in one worker would share one core.
    """

    name = "dask"

    def __init__(self, jobs: int | None = None, scheduler: str | None = None, client: Any = None) -> None:
        self._cluster: Any = None
        self._own_client = client is None
        self.client: Any = None
        self._pids: set[int] = set()
        self._tracker = _tracker_pid()  # a resource tracker that ran before us is not ours to stop
        self._local = local = client is None and not scheduler
        self._before: set[int] | None = None  # (starting a local cluster) the clusters there were before
        self._loud = contextlib.ExitStack()  # the log levels to give back when the engine is closed
        if local and importlib.util.find_spec("distributed") is not None:
            self._before = {id(c) for c in _clusters()}
            # the tracker the worker processes' start needs, started here first: started from
            # distributed's event loop it would unblock SIGINT there (see _interrupts_held)
            _start_tracker()
        try:
            # Starting a local cluster, Ctrl-C and SIGTERM wait until it is up (then stop it), and
            # its threads -- so its worker processes -- never take a terminal's Ctrl-C: this
            # process stops them (see close). The threads of the import (numpy's) block it too.
            with _interrupts_held() if local else contextlib.nullcontext():
                try:
                    from distributed import Client, LocalCluster, as_completed
                except ImportError:
                    raise UsageError("--engine dask needs dask.distributed: pip install 'subconv[dask]'") from None
                if client is not None:
                    self.client = client
                elif scheduler:
                    try:
                        self.client = Client(scheduler, timeout="30s")
                    except (OSError, TimeoutError) as exc:
                        raise UsageError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
                else:
                    n = max(1, jobs or os.cpu_count() or 1)
                    self._loud.enter_context(_distributed_quiet())
                    self._cluster = LocalCluster(
                        n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=50
                    )
                    self.client = Client(self._cluster)
        except BaseException as exc:
            self.close()
            if isinstance(exc, Exception) and not isinstance(exc, UsageError):
                raise UsageError(f"cannot start a local Dask cluster: {exc}") from None
            raise
        self._ac = as_completed()
        self._threads = 0
        self._asked = 0
        # import the converter in every worker now, all at once, rather than in each worker's first task
        try:
            versions = self.client.run(_worker_version, self._cluster is not None)
        except ImportError as exc:
            self.close()
            raise UsageError(f"the Dask workers cannot import subconv ({exc}): install it on every worker") from None
        except BaseException:
            self.close()
            raise
        from ._version import __version__

        others = sorted({v for v in versions.values() if v != __version__})
        if others:
            sys.stderr.write(f"subconv: warning: Dask workers run subconv {', '.join(others)}, this is {__version__}\n")

    def workers(self) -> int:
        # the cluster may grow (adaptive scaling, workers joining): ask again now and then
        if self._asked % 64 == 0:
            self._threads = sum(self.client.nthreads().values())
        self._asked += 1
        return max(1, self._threads)

    def slots(self) -> int:
        return max(4, 2 * self.workers())

    def submit(self, fn: Callable[..., Any], *args: Any) -> Any:
        fut = self.client.submit(fn, *args, pure=False)
        self._ac.add(fut)
        return fut

    def next_done(self) -> Any:
        return next(self._ac)

    def result(self, handle: Any) -> Any:
        try:
            return handle.result()
        finally:
            handle.release()

    def close(self) -> None:
        """Close the client this engine made; stop the LocalCluster it started, wait for its
        worker processes to end (killing any that outlive the cluster's own shutdown), and stop
        the resource tracker their start launched -- nothing the engine started outlives it."""
        with _interrupts_held() if self._local else contextlib.nullcontext():
            cluster, self._cluster = self._cluster, None
            if cluster is not None:
                self._pids |= _worker_pids(cluster)
            if self._own_client and self.client is not None:
                with contextlib.suppress(Exception):
                    self.client.close(timeout=10)
            self.client = None if self._own_client else self.client
            strays = [cluster] if cluster is not None else []
            if cluster is None and self._before is not None:  # a start cut short: distributed alone holds it
                strays = [c for c in _clusters() if id(c) not in self._before]
            self._before = None
            for stray in strays:
                self._pids |= _worker_pids(stray)
                try:
                    stray.close(timeout=20)
                except Exception:  # a cluster stopped half-way through its start: it cannot say more
                    stray.shutdown_on_close = False  # (and distributed's exit hook would only repeat it)
            _reap(self._pids, grace=10.0)
            self._pids.clear()
            if self._local and self._tracker is None:
                _stop_tracker(grace=10.0)
            self._loud.close()


@contextlib.contextmanager
def _distributed_quiet() -> Iterator[None]:
    """Keep the log of ``distributed`` in this process to CRITICAL messages while it lasts.

    A LocalCluster's ``silence_logs`` quiets the log's handlers and gives their levels back as
    its close ends -- before the last messages of connections that a SIGTERM to the whole group
    cut (a traceback on standard error). The engine holds the logger itself quiet from the
    cluster's start to the end of its close.
    """
    import logging

    logger = logging.getLogger("distributed")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def _worker_pids(cluster: Any) -> set[int]:
    """The process ids of a LocalCluster's workers (their nannies run in this process)."""
    pids = set()
    for worker in list(getattr(cluster, "workers", {}).values()):
        pid = getattr(worker, "pid", None)
        if isinstance(pid, int):
            pids.add(pid)
    return pids


def _clusters() -> list[Any]:
    """The local clusters of this process that are not closed (distributed keeps a list; it is
    not imported here: none was started when it was not)."""
    spec = sys.modules.get("distributed.deploy.spec")
    core = sys.modules.get("distributed.core")
    if spec is None or core is None:
        return []
    closed = core.Status.closed
    return [c for c in list(spec.SpecCluster._instances) if getattr(c, "status", closed) != closed]


def _reap(pids: set[int], grace: float) -> None:
    """Wait up to ``grace`` seconds for the child processes ``pids`` to end, then kill the rest;
    collect each exit status (a process that ended but is not collected lingers as a zombie)."""
    deadline = time.monotonic() + grace
    for pid in sorted(pids):
        while True:
            try:
                done, _ = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:  # already collected (by multiprocessing), or not a child
                break
            if done:
                break
            if time.monotonic() >= deadline:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(pid, 0)
                break
            time.sleep(0.02)


def _tracker() -> Any:
    from multiprocessing import resource_tracker

    return getattr(resource_tracker, "_resource_tracker", None)


def _tracker_pid() -> int | None:
    """The pid of this process's multiprocessing resource tracker, when one runs."""
    pid = getattr(_tracker(), "_pid", None)
    return pid if isinstance(pid, int) else None


def _start_tracker() -> None:
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()


def _stop_tracker(grace: float) -> None:
    """Stop the multiprocessing resource tracker that starting the workers launched.

    Spawning a worker process starts a tracker that lives until every process holding its pipe
    has exited -- just after this process, unwaited (a zombie of the session for a while).
    With the workers gone, closing our end ends it; then it is waited for.
    """
    tracker = _tracker()
    lock = getattr(tracker, "_lock", None)
    if tracker is None or lock is None or not isinstance(getattr(tracker, "_pid", None), int):
        return
    with lock:
        fd, pid = getattr(tracker, "_fd", None), tracker._pid
        if isinstance(fd, int):
            with contextlib.suppress(OSError):
                os.close(fd)
        tracker._fd = None
        tracker._pid = None
    _reap({pid}, grace)


def _others_take(signum: int) -> bool:
    """Whether a thread of this process other than this one would take ``signum`` (Linux:
    from /proc; elsewhere, assume one would)."""
    me = threading.get_native_id()
    try:
        tasks = os.listdir("/proc/self/task")
    except OSError:
        return True
    for task in tasks:
        if task.isdigit() and int(task) != me:
            try:
                with open(f"/proc/self/task/{task}/status", encoding="ascii") as fh:
                    status = fh.read()
            except OSError:  # the thread ended meanwhile
                continue
            blocked = int(status.split("SigBlk:", 1)[1].split()[0], 16)
            if not blocked & (1 << (signum - 1)):
                return True
    return False


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) and SIGTERM while a local cluster starts or stops, then act on them.

    SIGINT is blocked in this thread, so the threads started in the block (distributed's event
    loop, the threads of modules imported) keep it blocked; and when no other thread takes it,
    it is ignored meanwhile, so the worker processes started in the block inherit "ignored": a
    terminal's Ctrl-C, which reaches the whole process group, stops the run here, and this
    process stops the workers. (A blocked signal stays pending though ignored, on Linux, and is
    taken when the block ends.) When another thread would take it, a handler remembers it
    instead, so it is not lost. SIGTERM is put off by a handler that remembers it (the workers
    stay terminable). Outside the main thread nothing is held.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def remember(signum: int, frame: Any) -> None:
        caught.append(signum)

    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    on_int = signal.signal(signal.SIGINT, remember if _others_take(signal.SIGINT) else signal.SIG_IGN)
    on_term = signal.signal(signal.SIGTERM, remember)
    try:
        yield
    finally:
        # (None: a handler not set from Python cannot be set back; the default is)
        signal.signal(signal.SIGTERM, on_term if on_term is not None else signal.SIG_DFL)
        signal.signal(signal.SIGINT, on_int if on_int is not None else signal.SIG_DFL)
        for signum in dict.fromkeys(caught):
            os.kill(os.getpid(), signum)  # handled now, as it would have been then
        if signal.SIGINT not in blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # a pending Ctrl-C is taken here


def _worker_version(own: bool) -> str:
    """(In a worker.) Import the converter; return the worker's subconv version. In the
    engine's ``own`` LocalCluster, whose workers end with it, quiet the log as
    :func:`_distributed_quiet` does."""
    if own:
        import logging

        logging.getLogger("distributed").setLevel(logging.CRITICAL)
    importlib.import_module("subconv.scale")
    return str(importlib.import_module("subconv._version").__version__)


def make_engine(name: str | Engine = "local", jobs: int | None = None, scheduler: str | None = None) -> Engine:
    """An engine by name (``local`` or ``dask``), or ``name`` itself when it is already one."""
    if not isinstance(name, str):
        return name
    if scheduler and name != "dask":
        raise UsageError("--scheduler needs --engine dask")
    if name == "local":
        return LocalEngine(jobs)
    if name == "dask":
        return DaskEngine(jobs, scheduler)
    raise UsageError(f"unknown engine {name!r}: choose from {', '.join(ENGINES)}")

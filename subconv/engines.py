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
"""

from __future__ import annotations

import importlib
import os
import sys
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

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
            self._pool = ProcessPoolExecutor(max_workers=self.jobs)
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
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskEngine:
    """``dask.distributed``: a client of ``scheduler``, of ``client``, or of a new LocalCluster.

    The LocalCluster has ``jobs`` single-threaded worker processes (default: one per core):
    a conversion is pure Python, so threads in one worker would share one core.
    """

    name = "dask"

    def __init__(self, jobs: int | None = None, scheduler: str | None = None, client: Any = None) -> None:
        try:
            from distributed import Client, LocalCluster, as_completed
        except ImportError:
            raise UsageError("--engine dask needs dask.distributed: pip install 'subconv[dask]'") from None
        self._cluster: Any = None
        self._own_client = client is None
        if client is not None:
            self.client = client
        elif scheduler:
            try:
                self.client = Client(scheduler, timeout="30s")
            except (OSError, TimeoutError) as exc:
                raise UsageError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None
        else:
            n = max(1, jobs or os.cpu_count() or 1)
            self._cluster = LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=50
            )
            self.client = Client(self._cluster)
        self._ac = as_completed()
        self._threads = 0
        self._asked = 0
        # import the converter in every worker now, all at once, rather than in each worker's first task
        try:
            versions = self.client.run(_worker_version)
        except ImportError as exc:
            self.close()
            raise UsageError(f"the Dask workers cannot import subconv ({exc}): install it on every worker") from None
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
        if self._own_client:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def _worker_version() -> str:
    """(In a worker.) Import the converter; return the worker's subconv version."""
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

"""A piece of work handed to a forked child process while the caller goes on with its own.

The alignment has two halves that do not depend on each other at first: speaking the cues
with eSpeak NG (and the synthetic speech's filter-bank power), and everything about the
recording (its filter-bank power, the speech detector, loading the acoustic model).  On two
cores the first runs in a child while the caller does the second.  Where a child cannot be
had (one core, no ``fork``, a daemon process such as a Dask worker, a child that died), the
work runs in the caller when its result is asked for, with the same result.

>>> def add(a, b):
...     return a + b
>>> Pending(add, 2, 3).result()
5
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from .._children import die_with_parent

T = TypeVar("T")


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether a forked child would run beside this process: two cores or more, ``fork``, not a
    daemon, and no other Python thread (one could hold a lock, eSpeak NG's say, that the child
    would then wait on for ever)."""
    return (
        cores() > 1
        and hasattr(os, "fork")
        and not multiprocessing.current_process().daemon
        and threading.active_count() == 1
    )


class Pending(Generic[T]):
    """``fn(*args)`` started in a forked child, which inherits the caller's memory (``fn`` may
    be a closure; nothing is pickled but the result); :meth:`result` waits for it."""

    def __init__(self, fn: Callable[..., T], *args: object) -> None:
        self._fn, self._args = fn, args
        self._pid: int | None = None
        self._fd: int | None = None
        if not can_fork():
            return
        read, write = os.pipe()
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            return
        if pid == 0:  # the child: work, hand the result over, and leave without any clean-up of the caller's
            code = 1
            try:
                die_with_parent(parent)
                os.close(read)
                data = pickle.dumps(fn(*args), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as pipe:
                    pipe.write(data)
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self._pid, self._fd = pid, read

    @property
    def forked(self) -> bool:
        """Whether the work runs in a child."""
        return self._pid is not None

    def result(self) -> T:
        """The work's result: the child's, or worked out here when there is no child or it failed
        (an exception of ``fn`` itself is thus raised here, as from a call)."""
        if self._fd is not None and self._pid is not None:
            with os.fdopen(self._fd, "rb") as pipe:
                self._fd = None
                data = pipe.read()
            _, status = os.waitpid(self._pid, 0)
            self._pid = None
            if status == 0 and data:
                got: T = pickle.loads(data)  # our own child's answer
                return got
        return self._fn(*self._args)

    def close(self) -> None:
        """Stop the child, if any, and drop its result."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._pid is not None:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            self._pid = None

"""A piece of work handed to a forked child process while the caller goes on with its own.

The alignment has two halves that do not depend on each other at first: speaking the cues
with eSpeak NG (and the synthetic speech's filter-bank power), and everything about the
recording (its filter-bank power, the speech detector, loading the acoustic model).  On two
cores the first runs in a child while the caller does the second.  Where a child cannot be
had (one core, no ``fork``, a daemon process such as a Dask worker, a child that died), the
work runs in the caller when its result is asked for, with the same result.

:class:`Spare` is work that only gets ahead of the caller (the acoustic pass's first blocks,
worked out before the tts pass is done): it runs on the time a core would otherwise idle, hands
over what it has done as it goes, and the caller takes what is there and does the rest itself.

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
SPARE_NICE = 19  # a :class:`Spare` child's niceness (the lowest priority)
_LENGTH = 8  # bytes of the length before each item a spare child hands over


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


def _fork(work: Callable[[int], None]) -> tuple[int | None, int | None]:
    """``work(fd)`` started in a forked child, which writes to the pipe ``fd`` and then leaves
    without any clean-up of the caller's: (the child's pid, the pipe's reading end), or
    ``(None, None)`` where no child can be had (:func:`can_fork`, or ``fork`` failed)."""
    if not can_fork():
        return None, None
    read, write = os.pipe()
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None, None
    if pid == 0:
        code = 1
        try:
            die_with_parent(parent)
            os.close(read)
            work(write)
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    return pid, read


def _stop(pid: int | None, fd: int | None) -> None:
    """Close the pipe ``fd`` and kill and reap the child ``pid`` (either may be None)."""
    if fd is not None:
        os.close(fd)
    if pid is not None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)


def _send(fd: int, obj: object) -> None:
    """``obj`` down the pipe ``fd``: pickled (protocol 5) with its large buffers (numpy arrays' data)
    left out of the pickle and written as they are, so that neither side holds a second copy of
    them (the synthetic speech's mel power for an hour of cues is about 45 MB).  On the pipe: the
    number of parts, each part's length, then the parts (the pickle first)."""
    buffers: list[pickle.PickleBuffer] = []
    head = pickle.dumps(obj, protocol=5, buffer_callback=buffers.append)
    parts = [memoryview(head), *(b.raw() for b in buffers)]
    with os.fdopen(fd, "wb") as pipe:
        pipe.write(b"".join(n.to_bytes(_LENGTH, "little") for n in (len(parts), *(p.nbytes for p in parts))))
        for part in parts:
            pipe.write(part)


def _receive(fd: int) -> list[bytearray]:
    """The parts :func:`_send` wrote to the pipe whose reading end is ``fd`` (closed after), each
    read into a buffer of its own; ``[]`` if the writer stopped short (a child that died)."""
    with os.fdopen(fd, "rb") as pipe:

        def part(size: int) -> bytearray | None:
            buf = bytearray(size)
            return buf if pipe.readinto(buf) == size else None

        count = part(_LENGTH)
        if count is None:
            return []
        sizes = part(_LENGTH * int.from_bytes(count, "little"))
        if sizes is None:
            return []
        parts = []
        for i in range(0, len(sizes), _LENGTH):
            got = part(int.from_bytes(sizes[i : i + _LENGTH], "little"))
            if got is None:
                return []
            parts.append(got)
        return parts


class Pending(Generic[T]):
    """``fn(*args)`` started in a forked child, which inherits the caller's memory (``fn`` may
    be a closure; nothing is pickled but the result); :meth:`result` waits for it."""

    def __init__(self, fn: Callable[..., T], *args: object) -> None:
        self._fn, self._args = fn, args

        def work(fd: int) -> None:  # the child: work, hand the result over
            _send(fd, fn(*args))

        self._pid, self._fd = _fork(work)

    @property
    def forked(self) -> bool:
        """Whether the work runs in a child."""
        return self._pid is not None

    def result(self) -> T:
        """The work's result: the child's, or worked out here when there is no child or it failed
        (an exception of ``fn`` itself is thus raised here, as from a call)."""
        if self._fd is not None and self._pid is not None:
            fd, self._fd = self._fd, None
            parts = _receive(fd)
            _, status = os.waitpid(self._pid, 0)
            self._pid = None
            if status == 0 and parts:
                got: T = pickle.loads(parts[0], buffers=parts[1:])  # our own child's answer
                return got
        return self._fn(*self._args)

    def close(self) -> None:
        """Stop the child, if any, and drop its result."""
        _stop(self._pid, self._fd)
        self._pid = self._fd = None


class Spare(Generic[T]):
    """``fn(give, *args)`` started in a forked child at the lowest priority, so that it runs on the
    time a core would otherwise idle and never on the time of the caller's own work; each item
    the child passes to ``give`` is handed over as soon as it has it.  :meth:`next` waits for the
    next item, :meth:`taken` returns the items handed over so far without waiting for the rest;
    both stop the child when it is done.  Without a child (one core, no ``fork``, a daemon
    process) nothing is worked out: the caller does the work itself, as it would anyway.

    >>> def count(give, n):
    ...     for i in range(n):
    ...         give(i)
    >>> spare = Spare(count, 3)
    >>> spare.next() if spare.forked else [0]
    [0]
    >>> got = spare.taken()
    >>> got == [1, 2][: len(got)]  # as many more as were done (both, given the time)
    True
    """

    def __init__(self, fn: Callable[..., None], *args: object) -> None:
        self._buffer = b""

        def work(fd: int) -> None:  # the child: work, handing each item over at once
            os.nice(SPARE_NICE)
            with os.fdopen(fd, "wb") as pipe:

                def give(item: T) -> None:
                    data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
                    pipe.write(len(data).to_bytes(_LENGTH, "little") + data)
                    pipe.flush()

                fn(give, *args)

        self._pid, self._fd = _fork(work)

    @property
    def forked(self) -> bool:
        """Whether the work runs in a child (until it is stopped)."""
        return self._pid is not None

    def next(self) -> list[T]:
        """The next item the child hands over, waiting for it (``[item]``), or ``[]`` once the
        child is done (it is then stopped)."""
        got = self._pop(wait=True)
        if not got:
            self.close()
        return got

    def taken(self) -> list[T]:
        """The items the child has handed over so far (an item it was still writing is left
        out); the child is stopped."""
        items: list[T] = []
        while got := self._pop(wait=False):
            items += got
        self.close()
        return items

    def _pop(self, *, wait: bool) -> list[T]:
        """The next whole item handed over, reading (or waiting, with ``wait``) for it: ``[item]``,
        or ``[]`` when none is there (or will be: the child is done)."""
        while True:
            if len(self._buffer) >= _LENGTH:
                end = _LENGTH + int.from_bytes(self._buffer[:_LENGTH], "little")
                if len(self._buffer) >= end:
                    item: T = pickle.loads(self._buffer[_LENGTH:end])  # our own child's item
                    self._buffer = self._buffer[end:]
                    return [item]
            if self._fd is None:
                return []
            os.set_blocking(self._fd, wait)
            try:
                chunk = os.read(self._fd, 1 << 16)
            except BlockingIOError:
                return []
            if not chunk:  # the child is done
                os.close(self._fd)
                self._fd = None
                return []
            self._buffer += chunk

    def close(self) -> None:
        """Stop the child, if any, and drop what it has not handed over."""
        _stop(self._pid, self._fd)
        self._pid = self._fd = None
        self._buffer = b""

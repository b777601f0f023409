"""A function worked out ahead, in a forked child process, over arguments given one at a time,
while the caller goes on with what it does with the results, taken in the same order.

The streamed steps of a large page (:func:`subconv.pipeline.run_streamed`) are a chain: each
cue is segmented, then timed, then written.  Segmenting a cue does not depend on the cues before
it, so on two cores a child can segment the cues ahead of those the caller times and writes.
The child inherits the caller's memory at the fork (the function may be a closure), and is sent
each argument, pickled, through a pipe: it never touches the caller's objects, so the pages it
shares with the caller stay shared.  Its results come back through another pipe, in order.

Where a child cannot be had (one core, no ``fork``, another Python thread, a daemon process:
:func:`subconv.align._parallel.can_fork`), or the child fails or dies, the caller works out what
is still owed itself, with the same results: the child is only ever a way to have them sooner.

>>> def square(n):
...     return n * n
>>> with Ahead(square, fork=False) as ahead:
...     for n in range(3):
...         ahead.submit(n)
...     [ahead.result() for _ in range(3)]
[0, 1, 4]
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
from collections import deque
from collections.abc import Callable
from types import TracebackType
from typing import Generic, TypeVar

from ._children import die_with_parent
from .align._parallel import can_fork

A = TypeVar("A")
R = TypeVar("R")

#: arguments sent to the child at a time
BATCH = 128
#: batches the child may have been sent and not answered: the rest wait here, where the caller
#: works out the last ones itself whenever the answer it needs is not there yet (so that both
#: processes are busy whichever is the faster, on a machine other jobs share too)
DEPTH = 4
#: the pipes' size asked for (Linux): the pickled batches the caller may have sent and the child
#: not yet answered never hold more, so that sending never waits on a child that is itself
#: waiting for its answers to be taken
PIPE_BYTES = 1 << 20
_HEADER = struct.Struct("<I")
_FAILED = 0xFFFFFFFF  # (a header the child sends instead of an answer when it failed)


class _Raised:
    """What stands for a result whose working out raised ``error``."""

    __slots__ = ("error",)

    def __init__(self, error: Exception) -> None:
        self.error = error


class _Batch(Generic[A, R]):
    """Arguments submitted together, and once worked out (here or by the child), their results."""

    __slots__ = ("args", "results", "size")

    def __init__(self, args: list[A]) -> None:
        self.args = args
        self.results: list[R] | None = None
        self.size = 0  # bytes sent to the child (0: not sent)


class Ahead(Generic[A, R]):
    """``fn(arg)`` for each argument :meth:`submit` is given, in a forked child when one can be
    had (``fork``: True when :func:`~subconv.align._parallel.can_fork`); :meth:`result` gives
    the result of the first argument whose result has not been taken yet.  The arguments and
    results are pickled (the child's answers are trusted: they are this process's own).

    At most ``depth`` batches of ``batch`` arguments (:data:`DEPTH`, :data:`BATCH`) are with the
    child at a time; when the result asked for is not there yet, the caller works out the last
    batch not sent itself, so that the work is shared between the two processes by how fast each
    goes.  An exception of ``fn`` is raised by :meth:`result` where that result would be given."""

    def __init__(
        self, fn: Callable[[A], R], *, fork: bool = True, batch: int | None = None, depth: int | None = None
    ) -> None:
        self._fn = fn
        self._batch = batch or BATCH
        self._depth = depth or DEPTH
        self._current: list[A] = []  # arguments not yet in a batch
        self._owed: deque[_Batch[A, R]] = deque()  # the batches whose results are not all taken, in order
        self._sent: deque[_Batch[A, R]] = deque()  # those the child was sent and has not answered, in order
        self._in_pipe = 0  # bytes of the batches sent and not answered
        self._taken = 0  # results of the first batch taken
        self._pid: int | None = None
        self._to: int | None = None  # the pipe to the child
        self._from: int | None = None  # the pipe from it
        self._room = 1 << 16
        self._to_fork = fork  # (the child is forked at the first argument: none where nothing is asked)

    @property
    def forked(self) -> bool:
        """Whether a child works the results out (from the first argument submitted, until it
        fails, if it does)."""
        return self._pid is not None

    def _start(self) -> None:
        try:
            down_r, down_w = os.pipe()
        except OSError:
            return
        try:
            up_r, up_w = os.pipe()
        except OSError:
            os.close(down_r)
            os.close(down_w)
            return
        self._room = _widen(down_w)
        _widen(up_w)
        parent = os.getpid()
        try:
            pid = os.fork()
        except OSError:
            for fd in (down_r, down_w, up_r, up_w):
                os.close(fd)
            return
        if pid == 0:  # the child: answer each batch until there are no more; leave without any clean-up
            code = 1
            try:
                die_with_parent(parent)
                os.close(down_w)
                os.close(up_r)
                _serve(self._fn, down_r, up_w)
                code = 0
            finally:
                os._exit(code)
        os.close(down_r)
        os.close(up_w)
        self._pid, self._to, self._from = pid, down_w, up_r

    def submit(self, arg: A) -> None:
        """Ask for ``fn(arg)`` (sent to the child with the next arguments, as room allows)."""
        if self._to_fork:
            self._to_fork = False
            if can_fork():
                self._start()
        self._current.append(arg)
        if len(self._current) >= self._batch:
            self._seal()
            self._send()

    def result(self) -> R:
        """``fn`` of the first argument submitted whose result has not been taken; ``IndexError``
        when there is none."""
        if not self._owed or (self._owed[0].results is None and not self._owed[0].size):
            self._seal()  # (the arguments not yet in a batch are owed now)
            self._send()
        if not self._owed:
            raise IndexError("no result owed")
        first = self._owed[0]
        while first.results is None:
            if first.size and (self._ready() or not self._share()):
                self._receive()
            elif not first.size:  # (no child, or it failed)
                first.results = self._worked(first.args)
        value = first.results[self._taken]
        if isinstance(value, _Raised):
            raise value.error
        self._taken += 1
        if self._taken == len(first.results):
            self._owed.popleft()
            self._taken = 0
        return value

    def _seal(self) -> None:
        """The arguments not yet in a batch made one."""
        if self._current:
            self._owed.append(_Batch(self._current))
            self._current = []

    def _send(self) -> None:
        """Send the batches not sent, in order, while the child has fewer than ``depth`` and the
        pipe has room for them unanswered (the first one whatever its size when none is: the
        child then reads it as it is written)."""
        if self._to is None:
            return
        at = len(self._sent)
        if at:  # (the batches after the last one sent)
            at = self._owed.index(self._sent[-1]) + 1
        while at < len(self._owed) and len(self._sent) < self._depth:
            batch = self._owed[at]
            at += 1
            if batch.results is not None:  # (worked out here)
                continue
            data = pickle.dumps(batch.args, protocol=pickle.HIGHEST_PROTOCOL)
            size = _HEADER.size + len(data)
            if self._sent and self._in_pipe + size > self._room:
                return
            try:
                _write(self._to, _HEADER.pack(len(data)) + data)
            except OSError:
                self._fail()
                return
            batch.size = size
            self._sent.append(batch)
            self._in_pipe += size

    def _ready(self) -> bool:
        """Whether the child's next answer can be read without waiting."""
        if self._from is None:
            return True
        import select

        return bool(select.select([self._from], [], [], 0)[0])

    def _share(self) -> bool:
        """Work out here the last batch owed that the child was not sent (False: there is none)."""
        for batch in reversed(self._owed):
            if batch.size:  # (sent: so were those before it)
                return False
            if batch.results is None:
                batch.results = self._worked(batch.args)
                return True
        return False

    def _worked(self, args: list[A]) -> list[R]:
        """``fn`` of each of ``args`` worked out here (up to the first that raises, which then
        stands for its result)."""
        out: list[R] = []
        for arg in args:
            try:
                out.append(self._fn(arg))
            except Exception as exc:  # (raised where its result is taken)
                out.append(_Raised(exc))  # type: ignore[arg-type]
                break
        return out

    def _receive(self) -> None:
        """The child's answer to the first batch sent (when it failed, the batches owed are
        worked out here from then on)."""
        batch = self._sent[0]
        answers: list[R] | None = None
        if self._from is not None:
            try:
                head = _read(self._from, _HEADER.size)
                if len(head) == _HEADER.size and (n := _HEADER.unpack(head)[0]) != _FAILED:
                    data = _read(self._from, n)
                    if len(data) == n:
                        answers = pickle.loads(data)  # our own child's answer
            except OSError:
                answers = None
        if answers is None or len(answers) != len(batch.args):
            self._fail()
            return
        self._sent.popleft()
        self._in_pipe -= batch.size
        batch.results = answers
        self._send()

    def _fail(self) -> None:
        """Stop the child: from now on everything still owed is worked out here."""
        self.close()
        for batch in self._sent:
            batch.size = 0
        self._sent.clear()
        self._in_pipe = 0

    def close(self) -> None:
        """Stop the child, if any (what is still owed is then worked out here)."""
        for fd in (self._to, self._from):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self._to = self._from = None
        if self._pid is not None:
            with contextlib.suppress(OSError):
                if os.waitpid(self._pid, os.WNOHANG)[0] == 0:
                    os.kill(self._pid, signal.SIGKILL)
                    os.waitpid(self._pid, 0)
            self._pid = None

    def __enter__(self) -> Ahead[A, R]:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def _widen(fd: int) -> int:
    """The size of the pipe ``fd`` writes to, after asking for :data:`PIPE_BYTES` (Linux)."""
    import fcntl

    set_size = getattr(fcntl, "F_SETPIPE_SZ", None)
    get_size = getattr(fcntl, "F_GETPIPE_SZ", None)
    if set_size is not None:
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, set_size, PIPE_BYTES)
    if get_size is not None:
        with contextlib.suppress(OSError):
            return int(fcntl.fcntl(fd, get_size))
    return 1 << 16


def _write(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _read(fd: int, n: int) -> bytes:
    """``n`` bytes from ``fd`` (fewer at its end)."""
    parts: list[bytes] = []
    while n:
        part = os.read(fd, min(n, 1 << 20))
        if not part:
            break
        parts.append(part)
        n -= len(part)
    return b"".join(parts)


def _serve(fn: Callable[[A], R], down: int, up: int) -> None:
    """The child's work: ``fn`` of each argument of each batch read from ``down``, the results
    written to ``up``, until ``down`` ends; a failure is told (a header of its own) before it is raised."""
    import gc

    gc.disable()  # (a pass of the collector would touch, and so copy, every object shared with the caller)
    while True:
        head = _read(down, _HEADER.size)
        if len(head) < _HEADER.size:
            return
        try:
            args = pickle.loads(_read(down, _HEADER.unpack(head)[0]))
            data = pickle.dumps([fn(arg) for arg in args], protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:
            with contextlib.suppress(OSError):
                _write(up, _HEADER.pack(_FAILED))
            raise
        _write(up, _HEADER.pack(len(data)) + data)

"""Forked helper processes that do not outlive the process that made them.

A child forked to do part of the work (the alignment's workers and eSpeak NG child, the batch's
worker processes, the page reader's) waits on a pipe the parent writes.  Its siblings hold
copies of that pipe, so when the parent is killed outright (``kill -9``, the out-of-memory
killer) the pipe never closes and the children would wait for ever, each holding its memory.
:func:`die_with_parent` has the kernel kill such a child with its parent (Linux's
``PR_SET_PDEATHSIG``; elsewhere it does nothing).
"""

from __future__ import annotations

import ctypes
import os
import signal

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """In a child forked by the process ``parent`` (its pid, taken before the fork): be killed
    when the thread that forked it ends, which for the callers here is when the parent dies."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # not Linux
        return
    prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)

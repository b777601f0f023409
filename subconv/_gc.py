"""Bulk work run with Python's cyclic garbage collector paused.

Readers, writers and pipeline steps make hundreds of thousands of objects (cues, lines,
output pieces) and no reference cycles: the collector's passes over them find nothing, and
once millions of objects are alive each pass costs more than the work itself (before this, a
1,000,000-cue SRT write took 67 times as long as a 100,000-cue one).  Reference counting still
frees everything as usual; the collector is restored when the call ends, even on an error.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def paused_gc(fn: Callable[P, R]) -> Callable[P, R]:
    """``fn``, run with the cyclic garbage collector paused (a no-op when it already is).

    >>> import gc
    >>> paused_gc(gc.isenabled)(), gc.isenabled()
    (False, True)
    """

    @functools.wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():
            return fn(*args, **kwargs)
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            gc.enable()

    return run

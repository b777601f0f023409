"""The aligner registry: every backend by name, and the order ``auto`` tries them in.

Each entry names the module and object of a backend (:class:`~subconv.align.base.Aligner`);
the module is imported only when the backend is used.  The backends import
:mod:`subconv.align.base` (the interface), never this module, so loading them makes no import
circle.  To add a backend: its module, and one line in :data:`BACKENDS` (and in
:data:`AUTO_ORDER` if ``auto`` should try it).

>>> sorted(BACKENDS)
['acoustic', 'tts', 'vad']
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from ..errors import MediaError

if TYPE_CHECKING:  # pragma: no cover
    from .base import Aligner


#: name -> module path of the backend object (imported only when used).
BACKENDS: dict[str, str] = {
    "acoustic": "subconv.align.acoustic:BACKEND",
    "tts": "subconv.align.tts:BACKEND",
    "vad": "subconv.align.vadlen:BACKEND",
}


def get_backend(name: str) -> Aligner:
    """The backend registered as ``name`` (imports its module)."""
    mod, _, attr = BACKENDS[name].partition(":")
    backend: Aligner = getattr(importlib.import_module(mod), attr)
    return backend


#: The order ``auto`` tries backends in: the most exact first.
AUTO_ORDER = ("acoustic", "tts", "vad")


def choose_backend(name: str, language: str | None) -> tuple[Aligner, list[str]]:
    """The backend for ``name`` (``auto`` = the first of :data:`AUTO_ORDER` that can align ``language``).

    Returns the backend and, for ``auto``, why the ones before it were passed over.
    An explicit name whose backend cannot run raises :class:`MediaError` with the reason.
    """
    if name != "auto":
        if name not in BACKENDS:
            raise MediaError(f"unknown aligner {name!r}: choose auto, {', '.join(sorted(BACKENDS))}")
        backend = get_backend(name)
        why = backend.unavailable(language)
        if why is not None:
            raise MediaError(f"aligner {name!r} cannot run: {why}")
        return backend, []
    passed: list[str] = []
    for candidate in AUTO_ORDER:
        backend = get_backend(candidate)
        why = backend.unavailable(language)
        if why is None:
            return backend, passed
        passed.append(f"{candidate}: {why}")
    raise MediaError("no aligner can run: " + "; ".join(passed))  # pragma: no cover - vad needs only numpy

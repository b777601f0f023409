"""The aligner interface: what every backend takes and returns, and the registry.

A backend places cue texts on decoded audio.  It is a module in ``subconv/align/``
with an object satisfying :class:`Aligner`, registered here by name.  The step
``align`` (``subconv/steps/align.py``) decodes the media once into :class:`Audio`
and asks the backend chosen by ``--aligner`` (``auto`` picks by language).

>>> sorted(BACKENDS)
['acoustic', 'tts', 'vad']
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from ..model import Word

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import numpy.typing as npt

    PcmArray = npt.NDArray[np.int16]
else:
    PcmArray = Any

SAMPLE_RATE = 16000


@dataclass(frozen=True)
class Audio:
    """Decoded audio: 16 kHz mono signed 16-bit samples (numpy ``int16`` array)."""

    pcm: PcmArray
    path: str = ""

    @property
    def duration_ms(self) -> int:
        """Length in integer milliseconds."""
        return int(self.pcm.shape[0]) * 1000 // SAMPLE_RATE


@dataclass(frozen=True)
class CueTiming:
    """Where one cue was found: times in ms, its words' times, confidence 0-1, which backend placed it.

    ``found`` is False when the backend found no speech for the cue; the step then
    gives it a text estimate between its neighbours and reports it.
    """

    start: int
    end: int
    confidence: float
    found: bool
    backend: str
    words: tuple[Word, ...] = ()


@dataclass(frozen=True)
class Request:
    """What to align.

    ``texts``: one string per cue, in order.  ``language``: BCP 47 tag or None.
    ``priors``: optional (start, end) per cue the caller believes (a text estimate
    or, for sync, the file's own times), or None per cue; backends may use them as
    a guide (a band), never as truth.  ``anchors``: cue index -> start (ms) that
    must be kept.  ``mode``: "place" or "sync".
    """

    texts: tuple[str, ...]
    language: str | None = None
    priors: tuple[tuple[int, int] | None, ...] = ()
    anchors: tuple[tuple[int, int], ...] = ()
    mode: str = "place"


class Aligner(Protocol):
    """A backend: ``unavailable`` says why it cannot run (None when it can), ``align`` does the work."""

    name: str

    def unavailable(self, language: str | None) -> str | None:
        """Why this backend cannot align ``language`` here (missing package/program/model), or None."""

    def align(self, audio: Audio, request: Request) -> Sequence[CueTiming]:
        """One :class:`CueTiming` per ``request.texts`` entry, in order, starts non-decreasing."""


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

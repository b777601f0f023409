"""Coarse to fine: the global pass, the chosen backend, and the fall-backs that keep every cue placed.

1. The **fine pass** (``acoustic`` or ``tts``) places every word; the request's priors
   (a timed file's own times in ``sync``) guide it.
2. The **global pass** (the ``vad`` backend: speech detection + length programme,
   language-free) places every cue by loudness and length.
3. A cue the fine pass did not find keeps the global pass's place (backend ``vad``,
   lower confidence) when that place lies between its fine neighbours; otherwise it
   is marked not found, and the step gives it a text estimate between its
   neighbours and reports it.  A fine placement that would run backwards in time is
   dropped the same way.

>>> from subconv.align.base import CueTiming
>>> fine = [CueTiming(0, 900, .9, True, "acoustic"), CueTiming(0, 0, 0., False, "acoustic")]
>>> coarse = [CueTiming(10, 800, .5, True, "vad"), CueTiming(1000, 1500, .5, True, "vad")]
>>> [(t.start, t.backend) for t in merge_passes(fine, coarse)]
[(0, 'acoustic'), (1000, 'vad')]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .base import Audio, CueTiming, Request, choose_backend, get_backend

#: Confidence of a cue placed by the global pass alone, when a finer backend was asked for.
COARSE_CONFIDENCE_CAP = 0.5


def merge_passes(fine: Sequence[CueTiming], coarse: Sequence[CueTiming]) -> list[CueTiming]:
    """Fine timings where found and in order; the coarse pass's elsewhere."""
    out: list[CueTiming] = []
    last = 0
    nxt = [0] * len(fine)  # start of the next fine placement after each cue
    upcoming = 1 << 62
    for i in range(len(fine) - 1, -1, -1):
        nxt[i] = upcoming
        if fine[i].found:
            upcoming = fine[i].start
    for i, (f, c) in enumerate(zip(fine, coarse, strict=True)):
        if f.found and f.start >= last:
            out.append(f)
            last = f.start
        elif c.found and last <= c.start <= nxt[i]:
            out.append(replace(c, confidence=min(c.confidence, COARSE_CONFIDENCE_CAP)))
            last = c.start
        else:
            out.append(CueTiming(0, 0, 0.0, False, f.backend))
    return out


def align_audio(audio: Audio, request: Request, aligner: str = "auto") -> tuple[list[CueTiming], str, list[str]]:
    """Align ``request`` to ``audio`` with ``aligner``: timings, the backend's name, and notes for the report."""
    backend, notes = choose_backend(aligner, request.language)
    coarse = get_backend("vad").align(audio, request)
    if backend.name == "vad":
        return list(coarse), backend.name, notes
    fine = backend.align(audio, request)
    return merge_passes(fine, coarse), backend.name, notes

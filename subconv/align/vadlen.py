"""The ``vad`` backend: language-free speech detection plus a length programme.

It knows no words: it finds speech by loudness and spectral change
(:mod:`subconv.align.vad`) and lays the cues on it by their expected speaking
time (:mod:`subconv.align.aligner`).  Any language, numpy only; exact only where
cues are separated by pauses.  The other backends use it as their global pass.

>>> BACKEND.name
'vad'
"""

from __future__ import annotations

from collections.abc import Sequence

from .base import Audio, CueTiming, Request


class VadAligner:
    """Speech detection + monotonic length programme (see the module docstring)."""

    name = "vad"

    def unavailable(self, language: str | None) -> str | None:
        """Why this backend cannot run here, or None (it needs only numpy)."""
        try:
            import numpy  # noqa: F401
        except ImportError:
            return "needs numpy: pip install 'subconv[align]'"
        return None

    def align(self, audio: Audio, request: Request) -> list[CueTiming]:
        """Place (or, with ``mode="sync"``, re-time) the cues on detected speech."""
        from ..timing import expected_ms
        from .aligner import align_cues

        sm = audio.speech
        n = len(request.texts)
        anchors = dict(request.anchors)
        if request.mode == "sync" and len(request.priors) == n and all(p is not None for p in request.priors):
            times = [p for p in request.priors if p is not None]
            lengths = _spacings(times)
            durations: Sequence[int] | None = [max(1, b - a) for a, b in times]
            placed = align_cues(lengths, sm, mode="sync", anchors=anchors, durations=durations)
        else:
            lengths = [expected_ms(t, language=request.language) for t in request.texts]
            placed = align_cues(lengths, sm, mode="place", anchors=anchors)
        return [CueTiming(p.start, p.end, p.confidence, p.found, self.name) for p in placed]


def _spacings(times: Sequence[tuple[int, int]]) -> list[int]:
    """Start-to-next-start spacing of each cue (its own duration for the last, or when the next starts earlier)."""
    out: list[int] = []
    for i, (a, b) in enumerate(times):
        nxt = times[i + 1][0] if i + 1 < len(times) else None
        out.append(max(1, nxt - a) if nxt is not None and nxt >= a else max(1, b - a))
    return out


BACKEND = VadAligner()

"""Coarse to fine: the global pass, the chosen backend, and the fall-backs that keep every cue placed.

1. The **global pass** places every cue: for ``acoustic``, the ``tts`` backend (robust over
   long audio, any language eSpeak NG speaks) where it runs, else ``vad`` (speech detection +
   length programme, language-free); for ``tts``, ``vad``.
2. The **fine pass** (``acoustic`` or ``tts``) places every word.  The acoustic pass is
   guided by the tts pass: when its place in the text drifts more than 5 s from the tts
   pass's, it re-synchronises, and a cue it puts farther from the tts pass's place than
   :func:`tolerances` allow (by how much of the stretch it heard), or, where the tts pass did
   not find the cue, that far outside the places of the cues either side that it found, is not
   trusted.  The request's priors (a timed file's own times in ``sync``) guide both.
3. A cue the fine pass did not find keeps the global pass's place (lower confidence) when
   that place lies between its fine neighbours; otherwise it
   is marked not found, and the step gives it a text estimate between its
   neighbours and reports it.  A fine placement that would run backwards in time is
   dropped the same way.

>>> from subconv.align.base import CueTiming
>>> fine = [CueTiming(0, 900, .9, True, "acoustic"), CueTiming(0, 0, 0., False, "acoustic")]
>>> coarse = [CueTiming(10, 800, .5, True, "vad"), CueTiming(1000, 1500, .5, True, "vad")]
>>> [(t.start, t.backend) for t in merge_passes(fine, coarse)]
[(0, 'acoustic'), (1000, 'vad')]
>>> coarse[1] = CueTiming(600, 1500, .5, True, "vad")  # inside the words heard of the cue before
>>> [(t.start, t.found) for t in merge_passes(fine, coarse)]
[(0, True), (0, False)]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

from ..errors import MediaError
from .backends import choose_backend, get_backend
from .base import Audio, CueTiming, Request

#: Confidence of a cue placed by the global pass alone, when a finer backend was asked for.
COARSE_CONFIDENCE_CAP = 0.5
#: A cue placed with this confidence or less is reported as one to check (the fine pass heard
#: half its words or fewer, or the global pass alone placed it).  On the real-speech sets (en-a
#: and en-b, seeds 13-15, four conditions) such cues were 10 % of the cues and 68 % of those more
#: than 0.3 s off; the others were 96 % within 0.3 s (under music too).
DOUBTFUL_CONFIDENCE = COARSE_CONFIDENCE_CAP
#: The tts pass's priors guide the acoustic pass within about this much (ms) ...
GUIDE_MS = 8_000
#: ... and an acoustic cue this far (ms) from the tts pass's place is not trusted ...
DISAGREE_MS = 4_000
#: ... unless the fine pass heard this share of the words of the cue and the cues around it
#: (see :func:`tolerances`): then it is trusted wherever it is ...
SURE_CONFIDENCE = 0.8
SURE_REACH = 2
#: ... and where it heard less than this share around the cue, only this close (ms)
POOR_CONFIDENCE = 0.7
POOR_DISAGREE_MS = 1_000


def merge_passes(fine: Sequence[CueTiming], coarse: Sequence[CueTiming]) -> list[CueTiming]:
    """Fine timings where found and in order; the coarse pass's elsewhere, where it starts after
    the words the fine pass heard of the cue before when it heard that cue and the stretch around
    it surely (:func:`tolerances`): a credit nobody says at the end of a text, placed by the global
    pass over the speech of the last line, would cut that line short; a cue heard in part, under
    music, can end seconds late."""
    out: list[CueTiming] = []
    last = 0  # start of the cue before, and where its words heard by the fine pass end
    heard_end = 0
    nxt = [0] * len(fine)  # start of the next fine placement after each cue
    upcoming = 1 << 62
    for i in range(len(fine) - 1, -1, -1):
        nxt[i] = upcoming
        if fine[i].found:
            upcoming = fine[i].start
    for i, (f, c, allowed) in enumerate(zip(fine, coarse, tolerances(fine), strict=True)):
        if f.found and f.start >= last:
            out.append(f)
            last, heard_end = f.start, f.end if math.isinf(allowed) else f.start
        elif c.found and max(last, heard_end) <= c.start <= nxt[i]:
            out.append(replace(c, confidence=min(c.confidence, COARSE_CONFIDENCE_CAP)))
            last = c.start
        else:
            out.append(CueTiming(0, 0, 0.0, False, f.backend))
    return out


def align_audio(audio: Audio, request: Request, aligner: str = "auto") -> tuple[list[CueTiming], str, list[str]]:
    """Align ``request`` to ``audio`` with ``aligner``: timings, the backend's name, and notes for the report."""
    backend, notes = choose_backend(aligner, request.language)
    vad = get_backend("vad")
    if backend.name == "vad":
        return list(vad.align(audio, request)), backend.name, notes
    if backend.name == "tts":
        try:
            fine = backend.align(audio, request)
        finally:
            end_alignment()
        return merge_passes(fine, vad.align(audio, request)), backend.name, notes
    # acoustic: the tts pass (where eSpeak NG runs) keeps it on course; vad otherwise
    from . import tts as tts_pass
    from .tts import GUIDE as tts  # the tts pass with the band that suits a guide

    guide = tts if tts.unavailable(request.language) is None else vad
    if guide is tts:  # eSpeak NG speaks the cues in a child (two cores) while this process ...
        tts_pass.start_speaking(request.texts, request.language)
    try:
        prepare = getattr(backend, "prepare", None)
        if prepare is not None:  # ... loads the acoustic model, listens for speech, starts on the first blocks
            prepare(audio, request)
        coarse = guide.align(audio, request)
    except BaseException:
        abandon = getattr(backend, "abandon", None)
        if abandon is not None:  # the first blocks started in a child: no alignment will take them
            abandon()
        raise
    finally:
        end_alignment()
    priors = tuple((c.start, c.end) if c.found else p for c, p in zip(coarse, _priors(request), strict=True))
    guided = replace(request, priors=priors, guide_ms=GUIDE_MS) if guide is tts else request
    fine = backend.align(audio, guided)
    return merge_passes(_agreeing(fine, coarse) if guide is tts else fine, coarse), backend.name, notes


def begin_alignment(texts: Sequence[str], language: str | None, aligner: str = "auto") -> None:
    """Start what an alignment of ``texts`` with ``aligner`` does before it needs the audio:
    where it will use the tts pass, eSpeak NG speaks the cues in a child process (two cores)
    while the caller decodes the media.  :func:`align_audio` with the same texts and language
    picks that up; :func:`end_alignment` drops it when the alignment does not happen (the media cannot
    be decoded).  Never raises: a choice that cannot run is reported by :func:`align_audio`."""
    try:
        backend, _ = choose_backend(aligner, language)
    except MediaError:
        return
    if backend.name in ("acoustic", "tts"):
        from . import tts as tts_pass

        if tts_pass.GUIDE.unavailable(language) is None:
            tts_pass.start_speaking(texts, language)


def end_alignment() -> None:
    """Drop what :func:`begin_alignment` started and no alignment picked up."""
    from .tts import stop_speaking

    stop_speaking()


def _priors(request: Request) -> tuple[tuple[int, int] | None, ...]:
    n = len(request.texts)
    return request.priors if len(request.priors) == n else (None,) * n


def _agreeing(fine: Sequence[CueTiming], coarse: Sequence[CueTiming]) -> list[CueTiming]:
    """Fine placements, except where the global pass found the cue farther away than the fine
    pass's :func:`tolerances` allow.  A cue the global pass did not find (its place too short,
    or where the speech detector heard nothing) is held between the places of the nearest cues
    either side that it found, within its allowance and at least :data:`DISAGREE_MS`: the global
    pass knows where the stretch is even where it cannot vouch for the cue itself.

    >>> from subconv.align.base import CueTiming
    >>> fine = [CueTiming(s, s + 500, 0.5, True, "acoustic") for s in (1000, 9000, 3000)]
    >>> coarse = [CueTiming(1000, 1500, 0.9, True, "tts"), CueTiming(2000, 2100, 0.0, False, "tts"),
    ...           CueTiming(3000, 3500, 0.9, True, "tts")]
    >>> [t.found for t in _agreeing(fine, coarse)]  # the second: 6 s past the cue after it
    [True, False, True]
    """
    n = len(coarse)
    before: list[int | None] = []  # start of the nearest cue the global pass found, at or before each
    last: int | None = None
    for c in coarse:
        last = c.start if c.found else last
        before.append(last)
    after: list[int | None] = [None] * n  # ... at or after each
    nxt: int | None = None
    for i in range(n - 1, -1, -1):
        nxt = coarse[i].start if coarse[i].found else nxt
        after[i] = nxt
    out = []
    for f, c, most, lo, hi in zip(fine, coarse, tolerances(fine), before, after, strict=True):
        if not c.found:
            most = max(most, DISAGREE_MS)  # (1 s cost cues where the found neighbours were off too)
        far = f.found and ((lo is not None and f.start < lo - most) or (hi is not None and f.start > hi + most))
        out.append(replace(f, found=False) if far else f)
    return out


def tolerances(timings: Sequence[CueTiming]) -> list[float]:
    """Per cue, how far (ms) the fine pass may put it from the global pass.  It depends on how
    much the fine pass heard around the cue: the share of the words it found, averaged over the
    cue and :data:`SURE_REACH` cues either side (a cue not found counts 0; the cues before the
    first cue it found and after the last, captions nobody says at the ends of a text, do not
    count for the cues it found).  Where it heard
    nearly every word (the cue and the stretch at least :data:`SURE_CONFIDENCE`) it is right even
    seconds from the global pass: no limit.  Where it missed many (the stretch or the cue itself
    under :data:`POOR_CONFIDENCE`) it goes astray: :data:`POOR_DISAGREE_MS`.  Else
    :data:`DISAGREE_MS`.  A cue between two such sure neighbours, in order with them, is held
    by them wherever the global pass put it: no limit either (the global pass can be seconds off
    over a stretch the fine pass heard word for word, and a cue of that stretch with a word or two
    unheard is no less right than its neighbours).

    >>> from subconv.align.base import CueTiming
    >>> good, fair, poor = (CueTiming(0, 1, c, True, "acoustic") for c in (1.0, 0.75, 0.4))
    >>> tolerances([good] * 5 + [fair] * 5 + [poor] * 5)[::2]
    [inf, inf, inf, 4000, 1000, 1000, 1000, 1000]
    >>> tolerances([good, good, good, poor, good, good, good])
    [inf, inf, inf, inf, inf, inf, inf]
    >>> tolerances([good, good, fair, poor, good, good, good])
    [inf, 4000, 4000, 1000, inf, inf, inf]
    >>> unheard = CueTiming(0, 0, 0.0, False, "acoustic")
    >>> tolerances([good, good, good, unheard, unheard])  # two credits nobody says at the end
    [inf, inf, inf, 1000, 1000]
    """
    n = len(timings)
    conf = [t.confidence if t.found else 0.0 for t in timings]
    heard = [i for i, t in enumerate(timings) if t.found]
    first, last = (heard[0], heard[-1] + 1) if heard else (0, n)
    out = []
    for i in range(n):
        # the stretch around a cue stays inside the text the fine pass heard: captions nobody says
        # before its first heard cue or after its last (titles, credits) say nothing of its way
        lo, hi = max(min(first, i), i - SURE_REACH), min(max(last, i + 1), i + SURE_REACH + 1)
        stretch = sum(conf[lo:hi]) / (hi - lo)
        if conf[i] >= SURE_CONFIDENCE and stretch >= SURE_CONFIDENCE:
            out.append(math.inf)
        elif stretch < POOR_CONFIDENCE or conf[i] < POOR_CONFIDENCE:
            out.append(POOR_DISAGREE_MS)
        else:
            out.append(DISAGREE_MS)
    sure = [math.isinf(t) for t in out]
    for i in range(1, n - 1):  # held in place by the cues either side, both heard in full
        if sure[i - 1] and sure[i + 1] and timings[i - 1].start <= timings[i].start <= timings[i + 1].start:
            out[i] = math.inf
    return out

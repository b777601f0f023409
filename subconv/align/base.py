"""The aligner interface: what every backend takes and returns.

A backend places cue texts on decoded audio.  It is a module in ``subconv/align/``
with an object satisfying :class:`Aligner`, registered by name in
:data:`subconv.align.backends.BACKENDS`.  The step ``align`` (``subconv/steps/align.py``)
decodes the media once into :class:`Audio` (:func:`decode_audio`) and asks the backend chosen
by ``--aligner`` (``auto`` picks by language).

This module sits above the decoder and the speech detector (:mod:`.audio`, :mod:`.vad`: an
``Audio`` offers its speech map) and below the backends, which import it; the registry that
loads the backends is :mod:`.backends`, which no backend imports.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from ..model import Word
from .audio import SAMPLE_RATE

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import numpy.typing as npt

    from .audio import Features
    from .vad import SpeechMap

    PcmArray = npt.NDArray[np.int16]
else:
    PcmArray = Any

__all__ = ["SAMPLE_RATE", "Aligner", "Audio", "CueTiming", "Request", "decode_audio", "guess_language", "runs_without"]


@dataclass(frozen=True)
class Audio:
    """Decoded audio: 16 kHz mono signed 16-bit samples (numpy ``int16`` array).

    ``speech`` (the speech detector's map) is computed on first use and shared by every
    backend that looks at the same audio; from ``features`` when the decoder worked them out
    as it went (:func:`decode_audio`), else from the samples.
    """

    pcm: PcmArray
    path: str = ""
    features: Features | None = field(default=None, compare=False, repr=False)

    @cached_property
    def speech(self) -> SpeechMap:
        """Where the language-free detector hears speech (:mod:`subconv.align.vad`); computed once."""
        from .audio import features_from_pcm
        from .vad import detect_speech

        return detect_speech(self.features if self.features is not None else features_from_pcm(self.pcm.tobytes()))

    @property
    def duration_ms(self) -> int:
        """Length in integer milliseconds."""
        return int(self.pcm.shape[0]) * 1000 // SAMPLE_RATE


def decode_audio(path: str, stream: int | None = None) -> Audio:
    """Decode ``path``'s audio with ffmpeg into an :class:`Audio` (16 kHz mono int16 samples):
    its audio stream number ``stream`` (1 = the first; None: the one ffmpeg picks,
    :func:`subconv.media.choose_audio_stream` chooses among several).

    Two bytes a sample: an hour of audio is 115 MB.  Raises :class:`~subconv.errors.MediaError`
    when ffmpeg or numpy is missing, or the file has no decodable audio.
    """
    from .audio import FeatureExtractor, decode_samples

    features = FeatureExtractor()  # the speech detector's features, while ffmpeg decodes
    return Audio(decode_samples(path, features, stream), path, features.finish())


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
    a guide (a band), never as truth (see ``guide_ms``).  ``anchors``: cue index -> start (ms) that
    must be kept.  ``mode``: "place" or "sync".
    """

    texts: tuple[str, ...]
    language: str | None = None
    priors: tuple[tuple[int, int] | None, ...] = ()
    anchors: tuple[tuple[int, int], ...] = ()
    mode: str = "place"
    #: When > 0 the priors come from a global pass believed within about this many ms:
    #: a backend may re-synchronise its place in the text to them.
    guide_ms: int = 0


class Aligner(Protocol):
    """A backend: ``unavailable`` says why it cannot run (None when it can), ``align`` does the work."""

    name: str

    def unavailable(self, language: str | None) -> str | None:
        """Why this backend cannot align ``language`` here (missing package/program/model), or None."""

    def align(self, audio: Audio, request: Request) -> Sequence[CueTiming]:
        """One :class:`CueTiming` per ``request.texts`` entry, in order, starts non-decreasing."""


def runs_without(ok: Sequence[bool]) -> Iterator[tuple[int, int]]:
    """Each maximal run ``i .. j-1`` of False in ``ok``: the stretches between placed cues that
    the backends fill in.

    >>> list(runs_without([True, False, False, True, False]))
    [(1, 3), (4, 5)]
    """
    n = len(ok)
    i = 0
    while i < n:
        if ok[i]:
            i += 1
            continue
        j = i
        while j < n and not ok[j]:
            j += 1
        yield i, j
        i = j


_SCRIPTS = (
    (re.compile(r"[\u3040-\u30ff]"), "ja"),
    (re.compile(r"[\uac00-\ud7af]"), "ko"),
    (re.compile(r"[\u4e00-\u9fff]"), "zh"),
    (re.compile(r"[\u0600-\u06ff]"), "ar"),
    (re.compile(r"[\u0400-\u04ff]"), "ru"),
    (re.compile(r"[\u0590-\u05ff]"), "he"),
    (re.compile(r"[\u0e00-\u0e7f]"), "th"),
    (re.compile(r"[\u0900-\u097f]"), "hi"),
    (re.compile(r"[\u0370-\u03ff]"), "el"),
)
_FUNCTION_WORDS = {
    "en": {"the", "and", "of", "to", "is", "that", "it", "you", "in", "i", "a", "what", "this", "we"},
    "de": {"der", "die", "und", "das", "ist", "nicht", "ich", "zu", "den", "ein", "mit", "sie", "es"},
    "es": {"el", "la", "que", "de", "y", "los", "las", "en", "un", "una", "por", "es", "se", "no"},
    "fr": {"le", "la", "les", "et", "est", "que", "un", "une", "des", "je", "pas", "vous", "il"},
    "it": {"il", "che", "di", "e", "la", "un", "non", "per", "una", "sono", "gli", "della"},
    "pt": {"o", "que", "de", "e", "não", "um", "uma", "os", "para", "com", "é", "do", "da"},
    "nl": {"de", "het", "een", "en", "van", "ik", "niet", "dat", "is", "je", "op", "te"},
}


def guess_language(texts: Sequence[str]) -> str | None:
    """A rough guess of the language of ``texts`` from its script and commonest words (None: no idea).

    >>> guess_language(["What is this?", "And that is the end of it."])
    'en'
    >>> guess_language(["真っ昼間なのに"])
    'ja'
    """
    sample = " ".join(texts[:400])
    for pattern, lang in _SCRIPTS:
        if len(pattern.findall(sample)) > 0.2 * max(1, len(re.findall(r"\w", sample))):
            return lang
    words = re.findall(r"[^\W\d_]+", sample.lower())
    if not words:
        return None
    scores = {lang: sum(w in fw for w in words) for lang, fw in _FUNCTION_WORDS.items()}
    best = max(scores, key=lambda k: scores[k])
    return best if scores[best] >= max(2, 0.08 * len(words)) else None

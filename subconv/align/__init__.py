"""Audio alignment: decode the media's audio, detect speech, place cues on it.

numpy is an optional dependency (``pip install 'subconv[audio]'``) and is
imported only when alignment runs; ffmpeg must be on ``PATH``.

>>> from subconv.align import SpeechMap  # importing does not need numpy
"""

from __future__ import annotations

from .aligner import Placement, align_cues
from .audio import Features, decode_features, features_from_pcm
from .vad import Pause, SpeechMap, detect_speech

__all__ = [
    "Features",
    "Pause",
    "Placement",
    "SpeechMap",
    "align_cues",
    "decode_features",
    "detect_speech",
    "features_from_pcm",
]

"""Audio alignment: decode the media's audio, detect speech, place cues on it.

numpy is an optional dependency (``pip install 'subconv[audio]'``) and is
imported only when alignment runs; ffmpeg must be on ``PATH``.

>>> from subconv.align import SpeechMap  # importing does not need numpy
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .aligner import align_cues
    from .audio import Features, decode_features, features_from_pcm
    from .fill import Placement
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

#: Where each name of the package lives: imported when first asked for, so that importing one
#: module of the package (the CLI reads the aligner registry for ``--aligner``) loads no other.
_HOMES = {
    "Placement": "fill",
    "align_cues": "aligner",
    "Features": "audio",
    "decode_features": "audio",
    "features_from_pcm": "audio",
    "Pause": "vad",
    "SpeechMap": "vad",
    "detect_speech": "vad",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{home}", __name__), name)

"""subconv: turn messy caption sources into clean SRT, WebVTT and ASS subtitles.

>>> import subconv
>>> track = subconv.loads("1\\n00:00:01,000 --> 00:00:02,500\\nHello\\n", "srt")
>>> track.cues[0].start, track.cues[0].end, track.cues[0].text
(1000, 2500, 'Hello')
>>> print(subconv.dumps(track, "vtt"), end="")
WEBVTT
<BLANKLINE>
00:00:01.000 --> 00:00:02.500
Hello
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__
from .api import atomic_write_text, convert, detect_format, dump_pieces, dumps, loads, process, read, write
from .cuemarkup import markup, with_markup
from .errors import (
    EncodingError,
    MediaError,
    ParseError,
    StyleError,
    SubconvError,
    UnknownFormatError,
    UsageError,
    WriteError,
)
from .formats import WriteOptions
from .model import Cue, FrozenMap, Span, Track, Word
from .options import Options
from .report import Entry, Report

if TYPE_CHECKING:
    from .styles import (
        Style,
        import_styles,
        is_drawing,
        remove_info,
        remove_miscellaneous_events,
        remove_style,
        rename_style,
        script_info,
        set_info,
        set_style,
        track_styles,
    )

#: the names of :mod:`subconv.styles`, imported when first used (it loads the ASS format, as
#: reading or writing ASS does; ``import subconv`` does not)
_STYLES = frozenset(
    (
        "Style",
        "import_styles",
        "is_drawing",
        "remove_info",
        "remove_miscellaneous_events",
        "remove_style",
        "rename_style",
        "script_info",
        "set_info",
        "set_style",
        "track_styles",
    )
)


def __getattr__(name: str) -> Any:
    if name in _STYLES:
        from . import styles

        return getattr(styles, name)
    raise AttributeError(f"module 'subconv' has no attribute {name!r}")


__all__ = [
    "Cue",
    "EncodingError",
    "Entry",
    "FrozenMap",
    "MediaError",
    "Options",
    "ParseError",
    "Report",
    "Span",
    "Style",
    "StyleError",
    "SubconvError",
    "Track",
    "UnknownFormatError",
    "UsageError",
    "Word",
    "WriteError",
    "WriteOptions",
    "__version__",
    "atomic_write_text",
    "convert",
    "detect_format",
    "dump_pieces",
    "dumps",
    "import_styles",
    "is_drawing",
    "loads",
    "markup",
    "process",
    "read",
    "remove_info",
    "remove_miscellaneous_events",
    "remove_style",
    "rename_style",
    "script_info",
    "set_info",
    "set_style",
    "track_styles",
    "with_markup",
    "write",
]

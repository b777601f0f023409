"""Pipeline options: one frozen object, one field per switch.

The CLI builds an :class:`Options` from its arguments; the Python API takes
one directly.  Each pipeline step reads only the fields it owns.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal, TypeAlias

DedupePolicy: TypeAlias = Literal["auto", "off", "adjacent", "all"]
OverlapPolicy: TypeAlias = Literal["keep", "merge", "stagger"]


@dataclass(frozen=True)
class Options:
    """Everything the pipeline can be told.  Defaults are what the CLI does."""

    # dedupe: "auto" = adjacent duplicates on pages and recognised rolling
    # auto-captions, nothing on timed files; "off"; "adjacent" (force on timed
    # files too); "all" = also non-adjacent repeats (e.g. a cold-open teaser).
    dedupe: DedupePolicy = "auto"
    drop_sound_tags: bool = False  # drop "[Music]", "(applause)" ...
    max_lines: int = 2  # segmentation: lines per cue
    max_chars: int = 42  # segmentation: characters per line (CJK count double)
    merge_fragments: bool = False  # segmentation: join fragments into sentences
    break_long_lines: bool = False  # timed files: re-break lines over max_chars, keeping times
    wpm: float | None = None  # timing: words per minute (alphabetic scripts)
    cps: float | None = None  # timing: characters per second (CJK)
    duration_ms: int | None = None  # timing: the media's length
    media: str | None = None  # alignment / duration: the media file
    audio_stream: int | None = None  # alignment: the media's audio stream (1 = the first; None: by language)
    align: bool = True  # with media: align cues to detected speech
    aligner: str = "auto"  # alignment backend: auto|acoustic|tts|vad (subconv.align.backends.BACKENDS)
    language: str | None = None  # the text's language (BCP 47) when the input does not say
    fps: float | None = None  # editor profile: snap to frame boundaries
    editor: str | None = None  # editor preset name
    overlaps: OverlapPolicy | None = None  # overlapping cues: None = keep, or the editor preset's policy
    retime: bool = False  # re-estimate times even where the input has them
    words: bool = False  # write per-word times (WebVTT timestamps, ASS karaoke, report)
    skip: frozenset[str] = field(default_factory=frozenset)  # step names to skip

    def replace(self, **changes: object) -> Options:
        """Return a copy with ``changes`` applied."""
        return replace(self, **changes)  # type: ignore[arg-type]

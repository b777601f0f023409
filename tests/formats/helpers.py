"""Shared by the format tests."""

from __future__ import annotations

from subconv.model import FrozenMap, Track


def without_fast_path(track: Track) -> Track:
    """``track`` with every cue sent down its writer's escaping path: an extras map that is not
    ``EMPTY`` (but holds nothing) makes a cue other than bare."""
    return Track(
        tuple(c.replace(extras=FrozenMap({}) if not c.extras else c.extras) for c in track.cues),
        track.language,
        track.title,
        track.meta,
    )


#: The start of an ASS script with a Default style (its styles section open for more ``Style:`` lines).
ASS_HEAD = (
    "[Script Info]\nScriptType: v4.00+\n\n[V4+ Styles]\n"
    "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, "
    "Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, "
    "MarginR, MarginV, Encoding\n"
    "Style: Default,Arial,20,&H00FFFFFF,&H0,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,2,10,10,10,1\n"
)

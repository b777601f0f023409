"""Shared by the format tests."""

from __future__ import annotations

from subconv.formats.placement import colour_runs, cue_fonts, font_colour
from subconv.model import Cue, FrozenMap, Track


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


def drawn_colours(cue: Cue) -> list[str | None]:
    """The colour each character of ``cue``'s text is drawn in (None: none), line breaks aside:
    its kept ASS colour blocks', else its SRT fonts' over the whole cue (the innermost's)."""
    outer = next((c for c in (font_colour(f) for f in reversed(cue_fonts(cue))) if c is not None), None)
    out: list[str | None] = [outer] * len(cue.text)
    for start, end, rgb in colour_runs(cue):
        out[start:end] = [rgb] * (end - start)
    return [c for c, ch in zip(out, cue.text, strict=True) if ch != "\n"]

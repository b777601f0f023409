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

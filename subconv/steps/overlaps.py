"""Pipeline step ``resolve_overlaps`` (not yet implemented: passes the track through)."""

from __future__ import annotations

from ..model import Track
from ..pipeline import Context
from ..report import Report


def resolve_overlaps(track: Track, ctx: Context, report: Report) -> Track:
    """Return ``track`` unchanged."""
    return track

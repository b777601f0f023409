"""Pipeline step ``dedupe``: remove repeated captions, never repeated speech.

Policies (``Options.dedupe``):

* ``auto`` (default) -- pages: adjacent exact and near duplicates (same :func:`dup_key`),
  block copies and rolling overlaps (a cue that starts with the tail of the previous one
  keeps only its new part) where the page's evidence says they were captured twice (stamps,
  or most nearby lines repeated: :func:`_capture_plan`); an isolated repeat is a line said
  again and is kept and listed as ``kept``, as are non-adjacent repeats.  Timed files are
  left alone, except recognised YouTube rolling auto-captions, which are rebuilt as one cue
  per spoken line.
* ``off`` -- nothing.
* ``adjacent`` -- every adjacent duplicate and rolling overlap, on pages and timed files.
* ``all`` -- as ``adjacent``, and non-adjacent repeats are removed too.

Every removal is reported with its source line.  Everything is one pass with hash
keys: linear in the number of cues (under ``auto`` on pages, repeated until nothing
changes, at most 4 passes).
"""

from __future__ import annotations

from ...model import Track
from ...report import Report
from .. import Context
from .lines import STEP, is_sound_line, rolling_cut
from .passes import _dedupe_cues
from .youtube import YOUTUBE_MESSAGE, is_youtube_rolling, rebuild_rolling, youtube_rolling

__all__ = [
    "STEP",
    "YOUTUBE_MESSAGE",
    "dedupe",
    "is_sound_line",
    "is_youtube_rolling",
    "rebuild_rolling",
    "rolling_cut",
    "youtube_rolling",
]


_MAX_PASSES = 4


def dedupe(track: Track, ctx: Context, report: Report) -> Track:
    """Remove duplicate captions according to ``ctx.options.dedupe`` (see the module docs).

    >>> from subconv.model import Cue
    >>> from subconv.options import Options
    >>> t = Track((Cue(None, None, ("Hello!",)), Cue(None, None, ("hello",)), Cue(None, None, ("Bye",))))
    >>> r = Report()
    >>> [c.text for c in dedupe(t, Context("page", Options()), r)]
    ['Hello!', 'Bye']
    >>> [c.text for c in dedupe(t, Context("srt", Options()), r)]
    ['Hello!', 'hello', 'Bye']
    """
    policy = ctx.options.dedupe
    if policy == "off" or not track.cues or (policy == "auto" and not ctx.is_page):
        return track  # a timed file is converted faithfully unless a policy is asked for
    if not (ctx.is_page and policy == "auto"):
        return _dedupe_cues(track, policy, report)
    # The evidence (how much nearby is repeated) changes as repeats go: apply the rules until
    # nothing changes (a rolling cut can leave a block copy behind), so that the step is idempotent.
    out = _dedupe_cues(track, policy, report, evidence=True)
    for _ in range(_MAX_PASSES - 1):
        if out is track:
            break
        track = out
        again = Report()  # a later pass: its "kept" entries repeat the first pass's
        out = _dedupe_cues(track, policy, again, evidence=True)
        report.entries.extend(e for e in again.entries if e.action != "kept")
    return out

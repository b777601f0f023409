"""Quality checks against a delivery spec (``subconv check``), and the repairs that keep text in place.

A :class:`Profile` is plain data: the numbers of one delivery spec (their public sources
are cited in ``docs/quality.md``).  :func:`check` lists every :class:`Finding`; :func:`fix`
repairs what can be repaired without moving text from one cue to another, recording each
change in the report.  The rules, exactly (so another implementation can agree):

* ``chars-per-line``: a line wider than ``max_chars`` columns (every character counts 1,
  spaces and punctuation included; CJK wide/fullwidth characters count 2).
* ``lines-per-cue``: more than ``max_lines`` lines.
* ``reading-speed``: characters of the cue (its lines' columns added up, line breaks not
  counted) per second of its duration over ``max_cps``, i.e. ``chars * 1000 > max_cps * duration``.
* ``min-duration`` / ``max-duration``: ``duration < min_ms`` / ``duration > max_ms``.
* ``gap``: in time order, the next cue starts ``0 <= gap < min_gap`` ms after this one ends,
  where ``min_gap`` is ``gap_frames`` frames at the frame rate (2 frames at 23.976 fps = 83 ms).
* ``overlap``: in time order, the next cue starts before this one ends.
* ``empty``: a cue with no visible text.
* ``order``: a cue starts before a cue above it in the file (the latest start above it), as
  ``convert`` warns; not in an ASS or SSA script, whose events are drawn by their times and are
  often in another order on purpose.

Cues are numbered from 1 in the file's order; ``line`` is the cue's line in the input.

>>> from subconv.model import Cue, Track
>>> t = Track((Cue(0, 500, ("Hi",)), Cue(520, 9000, ("A line that is much too long for any television screen",))))
>>> [(f.rule, f.cue) for f in check(t, PROFILES["netflix-en"])]
[('min-duration', 1), ('gap', 1), ('chars-per-line', 2), ('max-duration', 2)]
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass
from fractions import Fraction
from itertools import pairwise
from typing import Any

from .model import Cue, Track
from .report import Report
from .text.width import text_width
from .timeops import exact, frame_rate_value, round_half_up

STEP = "check"


@dataclass(frozen=True)
class Profile:
    """The numbers of one delivery spec (``None``: not checked)."""

    name: str
    title: str
    max_chars: int
    max_lines: int
    max_cps: float | None
    min_ms: int | None
    max_ms: int | None
    gap_frames: int = 2


#: The built-in profiles; docs/quality.md cites where each number comes from.
PROFILES: dict[str, Profile] = {
    p.name: p
    for p in (
        Profile("netflix-en", "Netflix English (USA) Timed Text Style Guide", 42, 2, 20, 833, 7000),
        Profile("bbc", "BBC Subtitle Guidelines", 37, 2, 15, 1000, None),
        Profile("amazon", "Prime Video English timed text (as publicly reported)", 42, 2, 17, 833, 7000),
        Profile("generic", "subconv's generic defaults", 42, 2, 25, 700, 10000),
    )
}

DEFAULT_FPS = Fraction(24000, 1001)


@dataclass(frozen=True)
class Finding:
    """One rule broken by one cue."""

    rule: str
    cue: int  # 1-based position in the track
    line: int | None  # the cue's source line
    message: str
    value: float | int | None = None
    limit: float | int | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        return asdict(self)


def min_gap_ms(profile: Profile, fps: float | Fraction = DEFAULT_FPS) -> int:
    """``profile.gap_frames`` frames at ``fps`` in whole ms (halves up).

    >>> min_gap_ms(PROFILES["netflix-en"]), min_gap_ms(PROFILES["netflix-en"], 25)
    (83, 80)
    """
    return round_half_up(Fraction(profile.gap_frames * 1000) / frame_rate_value(fps))


def chars(cue: Cue) -> int:
    """The characters a viewer reads: every line's columns added up (line breaks not counted)."""
    return sum(text_width(ln) for ln in cue.lines)


def _too_fast(n: int, duration: int, max_cps: float) -> bool:
    return n * 1000 > exact(max_cps) * duration


#: formats whose cues are drawn by their times, not in the file's order (``order`` not checked)
_ORDER_FREE = frozenset({"ass", "ssa"})


def _out_of_order(track: Track) -> Iterator[tuple[int, int, int, int]]:
    """``(i, k, start, above)`` of each cue ``i`` that starts before a cue above it, ``k`` the
    one of the latest start above it (``order``; none in a format of :data:`_ORDER_FREE`)."""
    if track.format in _ORDER_FREE:
        return
    latest: tuple[int, int] | None = None  # (the cue above with the latest start, and its start)
    for i, cue in enumerate(track.cues):
        if cue.start is None:
            continue
        if latest is not None and cue.start < latest[1]:
            yield i, latest[0], cue.start, latest[1]
        else:
            latest = (i, cue.start)


def _order(track: Track) -> list[int]:
    timed = [i for i, c in enumerate(track.cues) if c.start is not None and c.end is not None]
    return sorted(timed, key=lambda i: (track.cues[i].start, track.cues[i].end, i))


def check(track: Track, profile: Profile, fps: float | Fraction = DEFAULT_FPS) -> list[Finding]:
    """Every rule of ``profile`` that a cue of ``track`` breaks, by cue then rule."""
    found: dict[int, list[Finding]] = {}
    cues = track.cues

    def add(i: int, rule: str, message: str, value: float | None = None, limit: float | None = None) -> None:
        found.setdefault(i, []).append(Finding(rule, i + 1, cues[i].source_line, message, value, limit))

    for i, cue in enumerate(cues):
        if not "".join(cue.lines).strip():
            add(i, "empty", "cue has no visible text")
            continue
        for k, ln in enumerate(cue.lines, 1):
            w = text_width(ln)
            if w > profile.max_chars:
                msg = f"line {k} has {w} characters (limit {profile.max_chars})"
                add(i, "chars-per-line", msg, w, profile.max_chars)
        if len(cue.lines) > profile.max_lines:
            n = len(cue.lines)
            add(i, "lines-per-cue", f"{n} lines (limit {profile.max_lines})", n, profile.max_lines)
        if cue.start is None or cue.end is None:
            add(i, "untimed", "cue has no times")
            continue
        dur = cue.end - cue.start
        n = chars(cue)
        if profile.max_cps is not None and dur > 0 and _too_fast(n, dur, profile.max_cps):
            cps = round(n * 1000 / dur, 2)
            add(i, "reading-speed", f"{cps} characters/s (limit {profile.max_cps:g})", cps, profile.max_cps)
        if profile.min_ms is not None and dur < profile.min_ms:
            add(i, "min-duration", f"lasts {dur} ms (minimum {profile.min_ms})", dur, profile.min_ms)
        if profile.max_ms is not None and dur > profile.max_ms:
            add(i, "max-duration", f"lasts {dur} ms (maximum {profile.max_ms})", dur, profile.max_ms)
    for i, k, start, above in _out_of_order(track):
        add(i, "order", f"starts at {start} ms, before cue {k + 1} above it ({above} ms)", start, above)
    for a, rule, message, value, limit in _too_close(track, profile, fps):
        add(a, rule, message, value, limit)
    return [f for i in sorted(found) for f in found[i]]


def _too_close(track: Track, profile: Profile, fps: float | Fraction) -> Iterator[tuple[int, str, str, int, int]]:
    """The ``overlap`` and ``gap`` findings: ``(a, rule, message, value, limit)`` of each cue
    ``a`` followed in time order by one that starts before its end, or less than the minimum
    gap after it."""
    cues, gap_ms = track.cues, min_gap_ms(profile, fps)
    for a, b in pairwise(_order(track)):
        end, start = cues[a].end, cues[b].start
        assert end is not None and start is not None
        gap = start - end
        if gap < 0:
            yield a, "overlap", f"overlaps cue {b + 1} by {-gap} ms", -gap, 0
        elif gap < gap_ms:
            minimum = f"minimum {gap_ms}, {profile.gap_frames} frames"
            yield a, "gap", f"gap of {gap} ms before cue {b + 1} ({minimum})", gap, gap_ms


def fix(
    track: Track, profile: Profile, report: Report, fps: float | Fraction = DEFAULT_FPS, *, resolution: int = 1
) -> Track:
    """Repair what can be repaired without moving text between cues; each change is reported.
    ``resolution``: the clock of the format written (ASS: 10 ms), whose multiples the track's
    times already are; the minimum gap is then taken up to one (83 ms: 90), so that the gaps
    the repair makes stay whole when written.

    1. Lines over ``max_chars`` are re-broken (times kept; the breaker of ``convert``).
    2. A cue too short, or read too fast, is extended into the following gap (keeping the
       minimum gap, and at most to ``max_ms``).
    3. A gap under the minimum is widened to it by ending the earlier cue sooner, when that
       cue keeps its minimum duration and reading speed.
    Overlaps, empty cues, cues out of order and cues too long are reported by :func:`check`, not changed.
    """
    from .steps.segment import break_long_lines

    track = break_long_lines(track, profile.max_chars, profile.max_lines, report, step=STEP, speaker_lead=False)
    cues = list(track.cues)
    gap_ms = -(-min_gap_ms(profile, fps) // resolution) * resolution
    order = _order(track)
    nxt = dict(pairwise(order))
    for i in order:
        cue = cues[i]
        assert cue.start is not None and cue.end is not None
        need = _needed(cue, profile)
        dur = cue.end - cue.start
        following = cues[nxt[i]].start if i in nxt else None
        limit = cue.start + profile.max_ms if profile.max_ms is not None else None
        if need > dur:
            room = [x for x in (None if following is None else following - gap_ms, limit) if x is not None]
            new_end = min([cue.start + need, *room])
            if new_end > cue.end:
                report.add(
                    STEP,
                    "rewritten",
                    f"end extended by {new_end - cue.end} ms into the gap (reading speed / minimum duration)",
                    cue.source_line,
                    cue.text,
                )
                cues[i] = cue = cue.replace(end=new_end)
        if following is not None:
            assert cue.end is not None
            gap = following - cue.end
            if 0 <= gap < gap_ms:
                new_end = following - gap_ms
                if new_end - (cue.start or 0) >= need:
                    report.add(
                        STEP,
                        "rewritten",
                        f"end moved {cue.end - new_end} ms earlier: gap of {gap} ms widened to {gap_ms} ms",
                        cue.source_line,
                        cue.text,
                    )
                    cues[i] = cue.replace(end=new_end)
    return track.with_cues(cues)


def _needed(cue: Cue, profile: Profile) -> int:
    """The shortest duration that meets the profile's minimum and reading speed."""
    need = profile.min_ms or 0
    if profile.max_cps is not None:
        n = chars(cue)
        need = max(need, -(-n * 1000 // exact(profile.max_cps)))  # ceil
    return int(need)

"""Pipeline step ``overlaps``: merge or stagger cues that overlap in time.

The policy is ``ctx.options.overlaps`` (or the editor preset's when the
option is left at ``keep``):

* ``keep``: cues are left alone (overlaps are counted in an ``info`` entry);
* ``merge``: each run of overlapping cues becomes one cue spanning them all,
  each cue's text starting a new line with a ``- `` dialogue dash (and
  ``NAME: `` when the merged cues have different speakers);
* ``stagger``: the earlier cue ends where the later one starts (minus the
  minimum gap); when that would leave it shorter than its minimum, the later
  cue is moved after it instead.

Every change is reported with the cue's source line.  Untimed cues pass through.

>>> from subconv.model import Cue, Track
>>> from subconv.options import Options
>>> from subconv.pipeline import Context
>>> from subconv.report import Report
>>> t = Track((Cue(0, 3000, ("Hi",)), Cue(2000, 4000, ("Yo",))))
>>> [c.lines for c in resolve_overlaps(t, Context("srt", Options(overlaps="merge")), Report())]
[('- Hi', '- Yo')]
>>> [(c.start, c.end) for c in resolve_overlaps(t, Context("srt", Options(overlaps="stagger")), Report())]
[(0, 2000), (2000, 4000)]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from ..editors import MIN_DURATION_MS, frame_to_ms, profile
from ..model import Cue, Span, Track
from ..report import Report
from . import Context

STEP = "overlaps"
_MIN = -(1 << 62)


def _time_order(cues: tuple[Cue, ...]) -> tuple[list[Cue], list[Cue]]:
    timed = [c for c in cues if c.start is not None and c.end is not None]
    untimed = [c for c in cues if c.start is None or c.end is None]
    timed.sort(key=lambda c: (c.start, c.end))  # stable: file order for ties
    return timed, untimed


def _start(c: Cue) -> int:
    assert c.start is not None
    return c.start


def _end(c: Cue) -> int:
    assert c.end is not None
    return c.end


_TYPESETTING = re.compile(r"\\(?:pos|move|i?clip|org|p[1-9])\b")


def is_typesetting(cue: Cue) -> bool:
    r"""True for an ASS event placed by hand (``\pos``, ``\move``, ``\clip``, ``\org``), a
    drawing (``\p1``), or a comment: overlap handling leaves these alone.

    >>> is_typesetting(Cue(0, 1, ("A",), extras={"ass.tags": r"{\pos(10,20)}"})), is_typesetting(Cue(0, 1, ("A",)))
    (True, False)
    """
    ex = cue.extras
    if not ex:
        return False
    if ex.get("ass.comment") == "1":
        return True
    for key in ("ass.tags", "ass.raw"):
        value = ex.get(key)
        if isinstance(value, str) and _TYPESETTING.search(value):
            return True
    return False


def count_overlaps(cues: tuple[Cue, ...]) -> int:
    """How many cues start before an earlier-starting cue has ended.

    >>> count_overlaps((Cue(0, 10, ("a",)), Cue(5, 20, ("b",)), Cue(20, 30, ("c",))))
    1
    """
    # one pass in file order, which is (start, end) order in most files; else sorted first.
    # A cue overlaps when it starts before the latest end among the cues before it.
    count = 0
    latest = start0 = end0 = _MIN
    for c in cues:
        start, end = c.start, c.end
        if start is None or end is None:
            continue
        if start < start0 or (start == start0 and end < end0):
            return _count_sorted(cues)
        if start < latest:
            count += 1
        latest = end if end > latest else latest  # (not max(): its call costs more than the rest of the loop)
        start0, end0 = start, end
    return count


def _count_sorted(cues: tuple[Cue, ...]) -> int:
    count = 0
    latest = _MIN
    for start, end in sorted((c.start, c.end) for c in cues if c.start is not None and c.end is not None):
        if start < latest:
            count += 1
        latest = end if end > latest else latest
    return count


def _merge_group(group: list[Cue]) -> Cue:
    speakers = {c.speaker for c in group}
    named = len(speakers) > 1
    lines: list[str] = []
    spans: list[Span] = []
    offset = 0
    for c in group:
        prefix = "- " + (f"{c.speaker}: " if named and c.speaker else "")
        first, *rest = c.lines or ("",)
        already = first.startswith("-")
        pre = "" if already and not (named and c.speaker) else prefix
        member = [pre + first, *rest]
        spans.extend(Span(s.start + offset + len(pre), s.end + offset + len(pre), s.kind) for s in c.spans)
        lines.extend(member)
        offset += len("\n".join(member)) + 1
    head = group[0]
    return head.replace(
        start=min(_start(c) for c in group),
        end=max(_end(c) for c in group),
        lines=tuple(lines),
        spans=tuple(spans),
        speaker=None if named else head.speaker,
    )


def _merge(timed: list[Cue], report: Report) -> list[Cue]:
    out: list[Cue] = []
    group: list[Cue] = []
    frontier = 0
    for c in [*timed, None]:
        if c is not None and group and _start(c) < frontier:
            group.append(c)
            frontier = max(frontier, _end(c))
            continue
        if len(group) > 1:
            merged = _merge_group(group)
            for g in group[1:]:
                report.add(
                    STEP,
                    "merged",
                    "overlapping cue merged into the cue it overlaps",
                    g.source_line,
                    g.text,
                    into_line=group[0].source_line,
                    start=merged.start,
                    end=merged.end,
                )
            report.add(
                STEP,
                "rewritten",
                f"{len(group)} overlapping cues merged into one",
                group[0].source_line,
                merged.text,
                start=merged.start,
                end=merged.end,
            )
            out.append(merged)
        elif group:
            out.append(group[0])
        if c is not None:
            group = [c]
            frontier = _end(c)
    return out


def _stagger(timed: list[Cue], gap_ms: int, report: Report) -> list[Cue]:
    out: list[Cue] = []
    for c in timed:
        if not out or _start(c) >= _end(out[-1]):
            out.append(c)
            continue
        prev = out[-1]
        minimum = min(_end(prev) - _start(prev), MIN_DURATION_MS)
        cut = _start(c) - gap_ms
        if cut - _start(prev) >= max(minimum, 1):
            out[-1] = prev.replace(end=cut)
            report.add(
                STEP,
                "rewritten",
                f"end cut from {_end(prev)} to {cut} ms: overlapped the next cue",
                prev.source_line,
                prev.text,
                old_end=_end(prev),
                new_end=cut,
            )
            out.append(c)
        else:
            start = _end(prev) + gap_ms
            dur = _end(c) - _start(c)
            end = _end(c) if _end(c) - start >= min(dur, MIN_DURATION_MS) and _end(c) > start else start + dur
            report.add(
                STEP,
                "rewritten",
                f"moved from {_start(c)}-{_end(c)} to {start}-{end} ms: overlapped a cue too short to cut",
                c.source_line,
                c.text,
                old_start=_start(c),
                old_end=_end(c),
                new_start=start,
                new_end=end,
            )
            out.append(c.replace(start=start, end=end))
    return out


def overlaps_stream(track: Track, ctx: Context, report: Report) -> Callable[[Iterable[Cue]], Iterator[Cue]] | None:
    """:func:`resolve_overlaps` for the pipeline's streamed steps
    (:func:`subconv.pipeline.run_streamed`), which place each cue after the one before: cues
    that do not overlap pass as they are, whatever the policy (as :func:`resolve_overlaps`
    leaves them); one that overlaps is a defect of the steps before (``RuntimeError``)."""
    return _not_overlapping


def _not_overlapping(cues: Iterable[Cue]) -> Iterator[Cue]:
    latest = _MIN
    for c in cues:
        start, end = c.start, c.end
        if start is None or end is None or start < latest:
            raise RuntimeError(f"streamed cues out of order or overlapping at line {c.source_line}")
        latest = end
        yield c


def _in_time_order(track: Track, report: Report) -> Track:
    """``track`` with its timed cues in time order (untimed cues after them), each cue that
    started before a cue above it reported as moved; ``track`` itself where they are in order.
    ``merge`` and ``stagger`` write their cues in time order: an input with no overlap to
    resolve was written in the file's order, out of time order where its cues were."""
    latest = _MIN
    late: list[Cue] = []
    for c in track.cues:
        if c.start is None or c.end is None:
            continue
        if c.start < latest:
            late.append(c)
        else:
            latest = c.start
    if not late:
        return track
    for c in late:
        report.add(
            STEP,
            "rewritten",
            f"moved into time order: it starts at {_start(c)} ms, before a cue above it",
            c.source_line,
            c.text,
        )
    timed, untimed = _time_order(track.cues)
    return track.with_cues([*timed, *untimed])


def resolve_overlaps(track: Track, ctx: Context, report: Report) -> Track:
    """Merge or stagger overlapping cues as ``ctx.options`` (or the editor preset) asks.

    Output cues are in time order; untimed cues (if any) follow unchanged.
    """
    prof = profile(ctx.options)
    n = count_overlaps(track.cues)
    if n == 0:
        return track if prof.overlaps == "keep" else _in_time_order(track, report)
    if prof.overlaps == "keep":
        report.add(STEP, "info", f"{n} overlapping cue(s) kept; --overlaps merge or stagger resolves them")
        return track
    typeset = [c for c in track.cues if is_typesetting(c)]
    if typeset:
        # positioned glyphs, signs, drawings: placed on screen, not read one after another
        report.add(
            STEP,
            "warning",
            f"{len(typeset)} positioned, drawing or comment ASS event(s) left alone (typesetting: overlap "
            f"handling is for dialogue; {prof.overlaps} would scramble them, and SRT cannot place them)",
            typeset[0].source_line,
            typeset[0].text,
        )
        rest = track.with_cues(c for c in track.cues if not is_typesetting(c))
        done = resolve_overlaps(rest, ctx, report) if count_overlaps(rest.cues) else rest
        timed, untimed = _time_order((*done.cues, *typeset))
        return track.with_cues([*timed, *untimed])
    timed, untimed = _time_order(track.cues)
    if prof.overlaps == "merge":
        cues = _merge(timed, report)
    else:
        gap = frame_to_ms(prof.min_gap_frames, prof.rate) if prof.rate is not None else 0
        cues = _stagger(timed, gap, report)
    report.add(STEP, "info", f"{n} overlapping cue(s) resolved by {prof.overlaps}")
    return track.with_cues([*cues, *untimed])

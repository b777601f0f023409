"""Pipeline step ``time``: fill in missing cue times from the speaking-rate model.

Cues that have times keep them (unless ``options.retime``); cues whose start
came from a page stamp (``cue.origin == "anchor"``) are hard anchors; the
cues in between are placed by their speaking time, scaled to fit between
the anchors, and the whole track fits ``options.duration_ms`` (or the length
of ``options.media``) when known.  Estimated cues get
``origin = "estimated"``.  A fully timed track passes through untouched.
A cue with word times (``cue.words``) is not estimated from its text: it takes
the times of its words (:func:`_word_span`), and the cues around it are placed
as around any known time.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from ..model import Cue, Track
from ..report import Report, clock
from ..timefmt import ascii_digits
from . import Context

if TYPE_CHECKING:
    from ..options import Options
    from ..timing import Params, Placement, Slot
    from ..timing.place import Stretch

STEP = "time"


def _stamped_spans(cues: tuple[Cue, ...], chars: list[int]) -> list[tuple[int, int, float] | None]:
    """Per cue, its page-stamped span: (stamp ms, next stamp ms, pace in characters/s), or None.

    A span runs from a page stamp (an anchor, even one the placer had to ignore) to the next
    one; its pace is the characters of its cues (``chars``: each cue's) over its length
    (``inf`` when the next stamp is not later).
    """
    out: list[tuple[int, int, float] | None] = [None] * len(cues)
    anchors = [i for i, c in enumerate(cues) if c.start is not None and c.origin == "anchor"]
    for a, b in itertools.pairwise(anchors):
        left, right = cues[a].start or 0, cues[b].start or 0
        shown = sum(chars[a:b])
        pace = shown * 1000 / (right - left) if right > left else math.inf
        for k in range(a, b):
            out[k] = (left, right, pace)
    return out


def _span_note(span: tuple[int, int, float] | None, cps: float) -> str:
    """The reason's tail for a fast cue in a stamped span: the span leaves no room for more.

    (The placer never gives a cue less than its share of a span by characters / 1.1
    when that makes it faster than 18.5 characters/s; a cue faster than 1.5 x its span's
    own pace is one the stamps leave no room for.)
    """
    if span is None:
        return ""
    left, right, pace = span
    if math.isinf(pace):
        return f"; its stamp {clock(left)} is not before the next one ({clock(right)}): the stamps leave no room"
    if cps > 1.5 * pace:
        return (
            f", over 1.5 x the pace of its stamped span {clock(left)}-{clock(right)} ({pace:.0f} characters/s):"
            " the stamps leave no room"
        )
    return f"; its stamped span {clock(left)}-{clock(right)} runs at {pace:.0f} characters/s"


def estimate(track: Track, ctx: Context, report: Report) -> Track:
    """Fill in the missing times of ``track`` (see the module docstring)."""
    return estimate_with(track, ctx, report)


def estimate_with(track: Track, ctx: Context, report: Report, params: Params | None = None) -> Track:
    """:func:`estimate` with explicit model parameters (used to fit them; default: the fitted ones)."""
    opts = ctx.options
    if not opts.retime and track.timed:
        return track  # every SRT/VTT/ASS conversion: the timing model is not even loaded
    if not track.cues:
        return track
    from ..timing import DEFAULT, place

    if params is None:
        params = DEFAULT
    duration, duration_source = _media_duration(track, opts, report)
    cues = track.cues
    slots, worded = _slots(track, opts, params)
    p = place(
        slots,
        min_ms=params.min_ms,
        max_ms=params.max_ms,
        gap_ms=params.gap_ms,
        duration_ms=duration,
        lead_ms=round(params.lead_ms),
        pause_scale=params.pause_scale,
    )
    _report_demoted(cues, [slot.start for slot in slots], p.demoted, report)
    for i in p.demoted:
        worded[i] = False  # (its start ignored: estimated after all)
    if p.duration_ignored and duration is not None:
        report.add(
            STEP,
            "warning",
            f"duration {clock(duration)} ignored: the cues after the last timed one do not fit before it",
        )
    # what the cues' warnings need of the slots, and the slots let go before the new cues are made
    chars = [slot.chars for slot in slots]
    del slots
    out = _timed_cues(cues, p, chars, worded, params, report)
    estimated_total, farthest = _report_stretches(cues, p, params, report)
    from_words = _report_worded(cues, out, worded, report)
    anchors = sum(1 for c in cues if c.start is not None and c.origin == "anchor")
    report.info["timing"] = {
        "estimated": estimated_total,
        "farthest_from_known_ms": farthest,
        "anchors": anchors - len([i for i in p.demoted if cues[i].origin == "anchor"]),
        "from_words": from_words,
        "duration_ms": None if p.duration_ignored else duration,
        "duration_source": duration_source if not p.duration_ignored else None,
        **_rate_info(opts),
    }
    return track.with_cues(out)


def _rate_info(opts: Options) -> dict[str, object]:
    """The timing report's facts about the speaking rate used."""
    return {"wpm": opts.wpm, "cps": opts.cps, "rate": "options" if (opts.wpm or opts.cps) else "fitted defaults"}


def estimate_stream(track: Track, ctx: Context, report: Report) -> Callable[[Iterable[Cue]], Iterator[Cue]] | None:
    """:func:`estimate`, a cue at a time, for the pipeline's streamed steps
    (:func:`subconv.pipeline.run_streamed`): where ``track`` (the track entering them) has no time
    at all and no end is known (no duration, media or front-matter duration), every cue is placed
    after the one before at its natural speaking rate, which needs only the cue after it.  The
    cues, times and report are those :func:`estimate` gives.  None where that does not hold."""
    opts = ctx.options
    if (
        not track.cues
        or opts.duration_ms is not None
        or opts.media
        or track.meta.get("page.duration_ms")
        or any(c.start is not None or c.end is not None or c.words for c in track.cues)
    ):
        return None
    from ..timing import DEFAULT
    from ..timing.place import Stretch, cue_times, natural_size

    params = DEFAULT
    weigh = stream_weigher(track, ctx)
    weighed = ctx.weighed  # (what a step before worked out ahead: each taken once)
    min_ms, max_ms, gap_ms = params.min_ms, params.max_ms, params.gap_ms
    floor = float(min_ms + gap_ms)  # (as ``place`` fills an open-ended stretch)
    left = round(params.lead_ms)

    def placed(cues: Iterable[Cue]) -> Iterator[Cue]:
        pos = float(left)
        held: tuple[Cue, int, int] | None = None  # a cue waiting for the next one's start
        first: Cue | None = None
        n = 0
        for c in cues:
            text = c.text
            found: tuple[float, float, int] | None = weighed.pop(text, None) if weighed else None
            # (what the cue's slot would hold)
            speech_ms, pause_ms, chars = found if found is not None else weigh(text)
            start = math.floor(pos)
            pos += natural_size(speech_ms, pause_ms, floor)
            if held is None:
                first = c
            else:
                yield _timed_cue(
                    held[0], *cue_times(held[1], start, min_ms, max_ms, gap_ms), True, held[2], None, params, report
                )
            held = (c, start, chars)
            n += 1
        if held is None or first is None:
            return
        yield _timed_cue(
            held[0], *cue_times(held[1], math.floor(pos), min_ms, max_ms, gap_ms), True, held[2], None, params, report
        )
        far = max(0, held[1] - left)
        _report_stretch(first, Stretch(0, n - 1, left, None, None, None, 1.0, False), n, far, report)
        report.info["timing"] = {
            "estimated": n,
            "farthest_from_known_ms": far,
            "anchors": 0,
            "from_words": 0,
            "duration_ms": None,
            "duration_source": None,
            **_rate_info(opts),
        }

    return placed


def stream_weigher(track: Track, ctx: Context) -> Callable[[str], tuple[float, float, int]]:
    """What the streamed ``time`` step (:func:`estimate_stream`, given ``track``) weighs a cue's
    text as: a function of the text alone, which a step before may work out ahead
    (``Context.weighed``)."""
    from ..timing import DEFAULT

    return _weigher(ctx.options, track.language, DEFAULT)


def _media_duration(track: Track, opts: Options, report: Report) -> tuple[int | None, str | None]:
    """The media's length (the end anchor) and where it came from: the option, the media file, the page."""
    duration = opts.duration_ms
    source = "option" if duration is not None else None
    if duration is None and opts.media:
        from ..media import probe_duration

        duration = probe_duration(opts.media)
        source = "media"
    if duration is None and track.meta.get("page.duration_ms"):
        # a transcript's front matter (``duration: 230``), an HTML page's <meta>: the end anchor
        duration = int(str(track.meta["page.duration_ms"]))
        source = "page"
        line = track.source_lines.get("page.duration_ms")
        # where the page reader found it (pages.units.with_duration): the front matter, the
        # page's metadata, the meeting's footer; else (a track made with the key by hand) the page
        where = track.meta.get("page.duration_from")
        report.add(
            STEP,
            "info",
            f"media duration {clock(duration)} from {where if isinstance(where, str) and where else 'the page'}: "
            "the end anchor",
            int(line[0]) if isinstance(line, tuple) and line and ascii_digits(line[0]) else None,
        )
    if duration is not None and duration <= 0:
        report.add(STEP, "warning", f"media duration {duration} ms ignored: not positive")
        duration = None
    return duration, source


def _slots(track: Track, opts: Options, params: Params) -> tuple[list[Slot], list[bool]]:
    """Per cue, what the placer knows: the times it keeps (or takes from its word times:
    :func:`_word_span`), its speaking time and pause, its length; and per cue, whether its word
    times gave it a time."""
    made = list(map(_slot_maker(opts, track.language, params), track.cues))
    slots = [slot for slot, _ in made]
    worded = [w for _, w in made]
    if any(worded):
        _trim_word_ends(track.cues, slots, worded)
    return slots, worded


def _word_span(c: Cue) -> tuple[int, int, int] | None:
    """The times a cue's word times give it: (its first word's start, its last word's end, its
    last word's start), or None when it has none.  Every word start is inside the span (the end is
    after the last start, even for a word of no length), so every word time can be written.

    >>> from subconv.model import Word
    >>> _word_span(Cue(None, None, ("Hi you",), words=(Word(1200, 1480, "Hi"), Word(1500, 1500, "you"))))
    (1200, 1501, 1500)
    """
    words = [w for w in c.words if w.text]
    if not words:
        return None
    first = min(w.start for w in words)
    last = max(w.start for w in words)
    end = max(w.end for w in words)
    return first, end if end > last else last + 1, last


def _trim_word_ends(cues: tuple[Cue, ...], slots: list[Slot], worded: list[bool]) -> None:
    """A cue whose end its words gave (:func:`_word_span`) and whose last word runs past the next
    known start (less 2 ms for each cue between, the least the placer gives one) ends there
    instead, when that is after its last word's start: the cues do not overlap, the next known
    start is kept, and every word time still falls inside its cue."""
    from ..timing import Slot

    nxt: int | None = None  # the next known start after the cue, less 2 ms a cue between
    for i in range(len(slots) - 1, -1, -1):
        s = slots[i]
        if worded[i] and s.end is not None and nxt is not None and s.end > nxt:
            span = _word_span(cues[i])
            if span is not None and nxt > span[2] and (s.start is None or nxt > s.start):
                slots[i] = s = Slot(s.start, nxt, s.speech_ms, s.pause_ms, s.chars, s.share_ms)
        nxt = s.start if s.start is not None else None if nxt is None else nxt - 2


def _slot_maker(opts: Options, language: str | None, params: Params) -> Callable[[Cue], tuple[Slot, bool]]:
    """What the placer knows of a cue (see :func:`_slots`), as a function of the cue: its slot, and
    whether its word times gave it a time."""
    from ..timing import Slot, other_language

    weigh = _weigher(opts, language, params)
    share_other = params.cue_share_other_ms
    retime = opts.retime

    def slot(c: Cue) -> tuple[Slot, bool]:
        is_anchor = c.start is not None and c.origin == "anchor"
        keep = is_anchor or (not retime and c.start is not None)
        start = c.start if keep else None
        end = c.end if keep and not (retime and is_anchor) else None
        worded = False
        if end is None and c.words and (span := _word_span(c)) is not None and (start is None or span[1] > start):
            # its words' times are measured: better evidence than an estimate from its text's length
            start, end, worded = span[0] if start is None else start, span[1], True
        text = c.text
        share = share_other if share_other and other_language(text, language) else 0.0
        return Slot(start, end, *weigh(text), share), worded

    return slot


def _weigher(opts: Options, language: str | None, params: Params) -> Callable[[str], tuple[float, float, int]]:
    """A cue's text as the placer weighs it: (its speaking time with the pauses inside it, the
    pause after it, its characters shown: a :class:`~subconv.timing.Slot`'s ``speech_ms``,
    ``pause_ms`` and ``chars``)."""
    from ..timing import measurer

    measure = measurer(wpm=opts.wpm, cps=opts.cps, language=language, params=params)

    def weigh(text: str) -> tuple[float, float, int]:
        speech_ms, inner_ms, end_ms, _ = measure(text)  # the parts of ``weigh(text, ...)``
        return speech_ms + inner_ms, end_ms, len(text) - text.count("\n")

    return weigh


def _timed_cues(  # noqa: PLR0917
    cues: tuple[Cue, ...], p: Placement, chars: list[int], worded: list[bool], params: Params, report: Report
) -> list[Cue]:
    """The cues with their placed times (estimated ones marked), warning about too short or too fast
    ones (``chars``: each cue's characters shown; ``worded``: whether its word times gave it a time)."""
    out: list[Cue] = []
    times, estimated = p.times, p.estimated
    spans = _stamped_spans(cues, chars)
    for i, c in enumerate(cues):
        start, end = times[i]
        out.append(_timed_cue(c, start, end, estimated[i], chars[i], spans[i], params, report, worded=worded[i]))
    return out


def _timed_cue(  # noqa: PLR0917
    c: Cue,
    start: int,
    end: int,
    is_estimated: bool,
    chars: int,
    span: tuple[int, int, float] | None,
    params: Params,
    report: Report,
    *,
    worded: bool = False,
) -> Cue:
    """The cue ``c`` with its placed times (estimated ones marked), warning when it is too short
    or too fast (``chars``: its characters shown; ``span``: its stamped span, if any; ``worded``:
    its word times gave it a time)."""
    if not is_estimated and start == c.start and end == c.end:
        return c
    origin = "estimated" if is_estimated else c.origin
    # ``Cue(...)`` with every field (as ``c.replace`` would build it, without its per-call overhead)
    cue = Cue(start, end, c.lines, c.spans, c.speaker, c.extras, c.source_line, c.words, origin, c.confidence)
    dur = end - start
    if dur < params.floor_ms:
        why = "its words' times say so" if worded else "the anchors leave no room"
        report.add(STEP, "warning", f"cue lasts only {dur} ms: {why}", c.source_line, c.text)
    if dur > 0:
        cps = chars * 1000 / dur  # characters without the line breaks (not a copy of the text)
        max_cps = params.max_cps
        if cps > max_cps:
            report.add(
                STEP,
                "warning",
                f"reading speed {cps:.0f} characters/s over {max_cps:.0f}" + _span_note(span, cps),
                c.source_line,
                c.text,
            )
    return cue


def _report_worded(cues: tuple[Cue, ...], out: list[Cue], worded: list[bool], report: Report) -> int:
    """One ``info`` entry per run of cues that their word times timed (instead of an estimate from
    their text's length), at its first cue's line; how many cues that is."""
    runs: list[list[int]] = []
    for i, w in enumerate(worded):
        if not w:
            continue
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        a, b = run[0], run[-1]
        n = len(run)
        start, end = out[a].start or 0, out[b].end or 0
        report.add(
            STEP,
            "info",
            f"{n} cue{'s' if n != 1 else ''} timed by {'their' if n != 1 else 'its'} word times"
            f" from {clock(start)} to {clock(end)} (not estimated from the text)",
            cues[a].source_line,
            cues[a].text,
            first=a + 1,
            last=b + 1,
            cues=n,
            start_ms=start,
            end_ms=end,
        )
    return sum(map(len, runs))


def _report_demoted(cues: tuple[Cue, ...], starts: list[int | None], demoted: list[int], report: Report) -> None:
    """A warning for each cue whose time the placer ignored, saying why: it goes back before the
    time kept before it (a page's stamps out of order), or it leaves no room (>= 2 ms a cue)
    for the cues between them (``starts``: the start the placer was given for each cue, kept or
    from its word times)."""
    if not demoted:
        return
    ignored = set(demoted)
    kept: int | None = None  # the last start kept before the cue
    for i, c in enumerate(cues):
        start = starts[i]
        if start is None:
            continue
        if i not in ignored:
            kept = start
            continue
        if kept is not None and start < kept:
            why = f"it goes back before {clock(kept)}, the time kept before it"
        elif kept is not None and start == kept:
            why = f"it is {clock(kept)} again, the time kept before it"
        else:
            why = "it leaves no room for the cues before it"
        report.add(STEP, "warning", f"time {clock(start)} ignored: {why}; re-estimated", c.source_line, c.text)


def _where(st: Stretch) -> str:
    """Where a stretch of estimated cues was placed, for its report entry."""
    left = clock(st.left_ms) if st.left_fixed is not None or st.left_ms > 0 else "the start"
    if st.right_ms is None:
        return f"from {left} at the natural speaking rate (no end known)"
    if st.right_fixed is not None:
        return f"between {'anchors at ' if st.left_fixed is not None else ''}{left} and {clock(st.right_ms)}"
    lead = "the anchor at " if st.left_fixed is not None else ""
    return f"between {lead}{left} and the media's end at {clock(st.right_ms)}"


def _report_stretches(cues: tuple[Cue, ...], p: Placement, params: Params, report: Report) -> tuple[int, int]:
    """One report entry per stretch of estimated cues; (cues estimated, farthest ms from a known time)."""
    times, estimated = p.times, p.estimated
    estimated_total = 0
    farthest = 0
    for st in p.stretches:
        n = st.last - st.first + 1
        est = estimated[st.first : st.last + 1].count(True)
        estimated_total += est
        if st.squeezed:
            room = (st.right_ms or 0) - st.left_ms
            if room < n * (params.min_ms + params.gap_ms):
                why = f"the known times leave less than {params.min_ms} ms per cue"
            else:  # (room enough for each, but a long cue kept to its span's pace takes it)
                why = f"a cue gets less than {params.min_ms} ms so that the others keep to the pace of the span"
            report.add(
                STEP,
                "warning",
                f"{n} cue{'s' if n != 1 else ''} squeezed into {room} ms: {why}",
                cues[st.first].source_line,
                cues[st.first].text,
            )
        if est == 0:
            continue  # only the end of an anchored cue was estimated
        first = cues[st.first]
        # how far the estimated starts are from the nearest known time (the reliability of the stretch)
        # (the left bound: an anchor, a timed cue, or the media's start; the right one when known)
        starts = [t[0] for t in times[st.first : st.last + 1]]
        left_ms, right_ms = st.left_ms, st.right_ms
        if right_ms is None:
            far = max(0, max(starts) - left_ms)
        else:
            nearest = max(min(s0 - left_ms, right_ms - s0) for s0 in starts)
            far = max(0, nearest)
        farthest = max(farthest, far)
        _report_stretch(first, st, est, far, report)
    return estimated_total, farthest


def _report_stretch(first: Cue, st: Stretch, est: int, far: int, report: Report) -> None:
    """The entry about the stretch ``st`` of cues from ``first``: ``est`` of them estimated, up to
    ``far`` ms from a known time."""
    report.add(
        STEP,
        "info",
        f"{est} cue{'s' if est != 1 else ''} estimated {_where(st)} (up to {far / 1000:.1f} s from a known time)",
        first.source_line,
        first.text,
        first=st.first + 1,
        last=st.last + 1,
        left_ms=st.left_ms,
        right_ms=st.right_ms,
        scale=round(st.scale, 3),
        cues=st.last - st.first + 1,
        farthest_ms=far,
    )

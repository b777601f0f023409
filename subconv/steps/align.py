"""Pipeline step ``align``: place cues where they are spoken in ``--media``'s audio.

Two cases, both needing ``ctx.options.media``:

* **place** (``options.align``): cues whose times were estimated from text
  (``cue.origin == "estimated"``) or are missing are aligned to detected speech;
  page stamps (``origin == "anchor"``) are hard anchors and keep their start.
* **sync** (``options.retime`` on a timed file, as ``subconv sync`` does; :attr:`Context.syncs`:
  the ``segment`` and ``time`` steps leave its times alone): the
  existing start-to-start spacings are the expected lengths, so offsets,
  frame-rate drift and cuts are all corrected piecewise.

Every cue gets ``origin="aligned"`` and a ``confidence`` (0.0-1.0), and a report
entry; a cue for which no speech was found keeps its text estimate (placed
between its aligned neighbours; where no cue at all was heard, the ``time`` step's
estimate over the media's length stands), flagged with ``origin="estimated"`` and
``confidence=0.0``, and the report says so per stretch.  Without media the
track is returned unchanged.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence, Set
from typing import TYPE_CHECKING

from ..model import Cue, Track
from ..report import LOUD_STEP, Report
from . import Context

if TYPE_CHECKING:
    from ..align.base import CueTiming
    from ..align.fill import Placement
    from ..model import Origin, Word

STEP = "align"
#: How long (ms) a placed cue stays up after its last word, when the next cue leaves room.
TAIL_MS = 500


def _mode(track: Track, ctx: Context) -> str | None:
    opts = ctx.options
    if not opts.media or not track.cues:
        return None
    estimated = any(c.origin == "estimated" or not c.timed for c in track.cues)
    if estimated and opts.align:
        return "place"
    if ctx.syncs and track.timed:
        return "sync"
    return None


def _lengths(track: Track, ctx: Context, mode: str) -> list[int]:
    cues = track.cues
    if mode == "place":
        from ..timing import expected_ms

        return [expected_ms(c.text, wpm=ctx.options.wpm, cps=ctx.options.cps) for c in cues]
    out: list[int] = []
    for i, c in enumerate(cues):
        assert c.start is not None and c.end is not None
        nxt = cues[i + 1].start if i + 1 < len(cues) else None
        if nxt is not None and nxt >= c.start:
            out.append(max(1, nxt - c.start))
        else:
            out.append(max(1, c.end - c.start))
    return out


def align_stream(track: Track, ctx: Context, report: Report) -> Callable[[Iterable[Cue]], Iterable[Cue]] | None:
    """:func:`align` for the pipeline's streamed steps (:func:`subconv.pipeline.run_streamed`):
    with no media, the cues as they are (what :func:`align` gives); with media, None."""
    return None if ctx.options.media else _as_they_are


def _as_they_are(cues: Iterable[Cue]) -> Iterable[Cue]:
    return cues


def align(track: Track, ctx: Context, report: Report) -> Track:
    """Align ``track`` to ``ctx.options.media``'s audio (see the module docstring).  Syncing a
    file whose cues are not in the order of their times, the cues are aligned in the order of
    their times (the aligner follows the text in order) and given back in the file's order."""
    mode = _mode(track, ctx)
    if mode is None:
        return track
    if mode == "sync":
        cues = track.cues
        order = sorted(range(len(cues)), key=lambda i: cues[i].start or 0)  # (stable: ties keep the file's order)
        if order != list(range(len(cues))):
            _warn_order(cues, report)
            done = _align(track.with_cues(cues[i] for i in order), ctx, report, mode).cues
            back: list[Cue] = list(done)
            for k, i in enumerate(order):
                back[i] = done[k]
            return track.with_cues(back)
    return _align(track, ctx, report, mode)


def _warn_order(cues: Sequence[Cue], report: Report) -> None:
    """Sync: a warning for each cue that starts before the cue above it in the file, and one on
    stderr counting them."""
    back = [i for i in range(1, len(cues)) if (cues[i].start or 0) < (cues[i - 1].start or 0)]
    for i in back:
        c = cues[i]
        report.add(
            STEP,
            "warning",
            f"cue {i + 1} starts before cue {i} in the file: aligned in the order of their times",
            c.source_line,
            c.text,
        )
    first = cues[back[0]]
    which = "1 cue starts" if len(back) == 1 else f"{len(back)} cues start"
    report.add(
        LOUD_STEP,
        "warning",
        f"{which} before the cue above in the file: the cues were aligned in the order of their times "
        f"(the align step's other warnings number them so) and are written in the file's order "
        f"(the first here; --explain lists each)",
        first.source_line,
    )


#: A speaker label at the start of a line: ``ANNA: ``, ``Dr. Smith: ``, ``- TOM: `` (a dialogue dash before it).
_LABEL = re.compile(r"^(?:[-\u2013\u2014]\s*)?([^\W\d][\w.'-]{0,20}(?: [^\W\d][\w.'-]{0,20}){0,3}):[ \t]+(?=\S)")


def spoken_texts(texts: Sequence[str]) -> tuple[str, ...]:
    """The cues' texts as the aligner is to listen for them: without sound tags (``[Music]``,
    ``(applause)``: :func:`subconv.steps.normalise.is_sound_tag`) and without speaker labels at
    the start of a line (``ANNA: ``, as subconv itself writes speakers into SRT) whose name
    labels two lines or more, or is in capitals.  Nobody says those, and aligned as words they
    pulled a cue's start up to a second early.  A cue of only a sound tag has nothing to hear.

    >>> spoken_texts(["ANNA: From fairest creatures", "TOM: we desire increase,", "[Music]",
    ...               "Note: once is text", "- ANNA: Hi. (laughs)"])
    ('From fairest creatures', 'we desire increase,', '', 'Note: once is text', 'Hi.')
    """
    from .normalise import without_sound_tags

    bare = [[without_sound_tags(line) for line in t.split("\n")] for t in texts]
    counts = Counter(m.group(1) for t in bare for line in t if (m := _LABEL.match(line)))
    names = {n for n, k in counts.items() if k >= 2 or (n.upper() == n and sum(c.isalpha() for c in n) >= 2)}

    def heard(line: str) -> str:
        m = _LABEL.match(line)
        return line[m.end() :] if m is not None and m.group(1) in names else line

    return tuple("\n".join(heard(line) for line in t) for t in bare)


def _align(track: Track, ctx: Context, report: Report, mode: str) -> Track:
    """:func:`align` with the cues in the order given (``mode``: "place" or "sync")."""
    opts = ctx.options
    assert opts.media is not None
    # imported here: every conversion loads this step, few have media to align to
    from ..align.base import Request, decode_audio, guess_language
    from ..align.run import align_audio, begin_alignment, end_alignment

    t0 = time.perf_counter()
    cues = list(track.cues)
    texts = spoken_texts([c.text for c in cues])
    language = opts.language or track.language or guess_language(texts)
    begin_alignment(texts, language, opts.aligner)  # what needs no audio starts while it is decoded
    try:
        audio = decode_audio(opts.media, _audio_stream(opts.media, language, opts.audio_stream, report))
    except BaseException:
        end_alignment()
        raise
    anchors: dict[int, int] = {}
    if mode == "place":
        for i, c in enumerate(cues):
            if c.origin == "anchor" and c.start is not None:
                anchors[i] = c.start
    priors = tuple((c.start, c.end) if c.start is not None and c.end is not None else None for c in cues)
    request = Request(texts, language, priors, tuple(sorted(anchors.items())), mode)
    timings, backend, notes = align_audio(audio, request, opts.aligner)
    _warn_passed_over(notes, backend, opts.aligner, report)
    unchecked: set[int] = set()
    if mode == "sync":
        timings, unchecked = _unchecked_unheard(cues, timings, backend, report)
    placed, taken = _filled(timings, _lengths(track, ctx, mode), anchors, audio.duration_ms, mode)
    times, mapped, beyond = (
        _sync_times(cues, placed, timings, backend, audio.duration_ms)
        if mode == "sync"
        else ([(p.start, p.end) for p in placed], {}, set())
    )
    estimate = [pr for pr in priors if pr is not None]
    if mode == "place" and not any(p.found for p in placed) and len(estimate) == len(cues):
        times = estimate  # nothing heard: the text's estimate (within the media's length, with its anchors) stands
    out: list[Cue] = []
    for i, (c, p, tm) in enumerate(zip(cues, placed, timings, strict=True)):
        start = anchors.get(i, times[i][0])
        end = _end(cues, i, p, times, start, mode=mode, media_ms=audio.duration_ms)
        words = tuple(w for w in tm.words if start <= w.start) if p.found and i not in mapped else ()
        origin, confidence = _origin(
            c,
            p,
            tm,
            anchored=i in anchors,
            times=(start, end),
            words=words if opts.words else (),
            report=report,
            heard=mapped.get(i),
        )
        out.append(c.replace(start=start, end=end, words=words, origin=origin, confidence=confidence))
    _warn_unfound(
        cues,
        placed,
        anchors,
        times,
        report,
        mode=mode,
        media_ms=audio.duration_ms,
        taken=taken,
        beyond=beyond,
        unchecked=unchecked,
    )
    _warn_taken(cues, taken, times, report)
    doubtful = _warn_doubtful(cues, placed, anchors, times, report) if mode == "place" else 0
    found = sum(p.found for p in placed)
    report.info["align"] = (
        f"{mode}: {found}/{len(placed)} cues aligned by {backend} "
        f"({sum(t.backend != backend and t.found for t in timings)} of them by the global pass, "
        f"{doubtful} with low confidence), "
        f"language {language or 'unknown'}, {audio.duration_ms / 1000:.1f}s audio, {time.perf_counter() - t0:.2f}s"
    )
    return track.with_cues(out)


def _end(
    cues: list[Cue], i: int, p: Placement, times: list[tuple[int, int]], start: int, *, mode: str, media_ms: int
) -> int:
    """Cue ``i``'s end: a cue heard keeps the file's own duration (sync) or shows a moment after
    its last word (placing), up to the next cue's start (unless the file has them overlap) and
    no later than the media's end; at least 1 ms after ``start``."""
    c, end = cues[i], times[i][1]
    nxt = times[i + 1][0] if i + 1 < len(cues) else None
    if mode == "sync" and p.found and c.start is not None and c.end is not None:
        end = start + (c.end - c.start)  # the file's own duration, where it fits
    elif p.found:
        end = end + TAIL_MS  # a moment to finish reading after the last word
    if nxt is not None and end > nxt >= start + 1 and not (mode == "sync" and _overlapped(cues, i)):
        end = nxt
    if p.found and start < media_ms < end:
        end = media_ms  # heard in the media: shown no longer than it lasts
    return max(end, start + 1)


def _audio_stream(media: str, language: str | None, wanted: int | None, report: Report) -> int | None:
    """The media's audio stream to align to (:func:`subconv.media.choose_audio_stream`); where it
    has several, the report says which, and stderr too when none is in the text's language."""
    from ..errors import MediaError
    from ..media import audio_streams, choose_audio_stream

    try:
        choice = choose_audio_stream(audio_streams(media), language, wanted)
    except MediaError as exc:
        raise MediaError(exc.reason, media) from None
    if choice.guessed and choice.said is not None:
        report.add(LOUD_STEP, "warning", choice.said)
    elif choice.said is not None:
        report.info["audio_stream"] = choice.said
    return choice.number


def _warn_passed_over(notes: list[str], backend: str, aligner: str, report: Report) -> None:
    """The backends ``auto`` passed over, and why, in the report; on stderr too when that left
    only the speech detector (``vad``), as for a language neither pocketsphinx nor eSpeak NG has."""
    for note in notes:
        report.add(STEP, "warning", f"aligner passed over: {note}", None, None)
    if backend == "vad" and aligner == "auto" and notes:
        report.add(
            LOUD_STEP,
            "warning",
            f"aligned by the loudness of the audio alone (vad, the least exact backend): {'; '.join(notes)}",
        )


def _unchecked_unheard(
    cues: list[Cue], timings: list[CueTiming], backend: str, report: Report
) -> tuple[list[CueTiming], set[int]]:
    """Sync: with fewer than :data:`~subconv.align.syncmap.MIN_SURE` cues heard surely by the
    backend itself, the cues only its global pass placed are taken as not heard, so they keep the
    file's own times (:func:`_keep_offsets`), with one warning on stderr.  Nothing checks those
    places then (the file's timing is mapped through sure cues), and that is what a file whose
    text is not spoken in the media gets: an English file synced to a Spanish recording had 14 of
    its 15 cues moved by up to 17 s, silently.

    The tts backend places every cue itself, with confidences of 0.5-0.9 in speech of another
    language: there the symptom is that the cues heard surely are a minority of the cues and too
    few of them agree on the file's timing for a map (fewer than ``MIN_SURE``, or at most two in
    three of them: :func:`subconv.align.syncmap.agreeing`); then no cue is taken as heard, and every
    one keeps the file's own times.  In the right media the sure cues agree (English, tts sync,
    every condition: 85-97 % of them, even under music where they are a third of the cues); in
    the wrong one 0-62 % did.  A German file synced to
    the Spanish recording had its cues moved by up to 15 s, "aligned" with no word of doubt.
    Where the sure cues are half or more, they agree when the text is stretched over other speech:
    their drift is then none a file has (:func:`subconv.align.syncmap.odd_drift`), and again every
    cue keeps its own times.  With fewer than ``MIN_SURE`` sure cues and fewer than half the cues
    heard by the backend itself, nothing can check the few places found: every cue keeps its own
    times too.

    Returns the timings and the cues it took as not heard (their report entries say why:
    :func:`_warn_unfound`)."""
    from dataclasses import replace

    from ..align.syncmap import MIN_SURE, SURE_CONFIDENCE, agreeing, odd_drift

    sure = [t.found and t.backend == backend and t.confidence >= SURE_CONFIDENCE for t in timings]
    n_sure = sum(sure)
    own = [c.start if c.start is not None else 0 for c in cues]
    heard = [t.start for t in timings]
    agree = agreeing(own, heard, sure)
    drift = odd_drift(own, heard, sure) if n_sure >= MIN_SURE else None
    itself = sum(t.found and t.backend == backend for t in timings)
    why = None
    if n_sure >= MIN_SURE and 2 * n_sure < len(cues) and (agree < MIN_SURE or 3 * agree <= 2 * n_sure):
        why = (
            f"only {n_sure} of {len(cues)} cues were heard surely in the media, and only {agree} of those agree with "
            f"the others on the file's timing (an offset, a drift, cuts): the media does not follow the file"
        )
    elif drift is not None:
        why = (
            f"the {n_sure} cues heard surely in the media keep to a drift of x{drift:.2f} of the file's times, which "
            f"no frame rate gives: the media does not follow the file"
        )
    elif n_sure < MIN_SURE and itself > 0 and 2 * itself < len(cues):
        why = (
            f"only {itself} of {len(cues)} cues {'was' if itself == 1 else 'were'} heard in the media, {n_sure} of "
            f"them surely: too few to check the places found against the file's timing"
        )
    if why is not None:
        report.add(
            LOUD_STEP,
            "warning",
            f"{why}, so every cue keeps the file's own times (is the media the right one, in the text's language?)",
            cues[0].source_line,
        )
        return [replace(t, found=False) for t in timings], set(range(len(timings)))
    guessed = [i for i, t in enumerate(timings) if t.found and t.backend != backend]
    if n_sure >= MIN_SURE or not guessed:
        return timings, set()
    out = list(timings)
    for i in guessed:
        out[i] = replace(out[i], found=False)
    report.add(
        LOUD_STEP,
        "warning",
        f"only {n_sure} of {len(cues)} cues {'was' if n_sure == 1 else 'were'} heard surely in the media: too few to "
        f"check the other places found "
        f"against the file's timing, so the {len(guessed)} cues placed only by the global pass keep the file's own "
        f"times (is the media the right one, in the text's language?)",
        cues[guessed[0]].source_line,
    )
    return out, set(guessed)


def _filled(
    timings: list[CueTiming], lengths: list[int], anchors: dict[int, int], duration: int, mode: str
) -> tuple[list[Placement], set[int]]:
    """Every cue placed (:func:`subconv.align.fill.fill_unfound`: the cues without speech by
    their text), and the cues heard with low confidence that were placed by their text with the
    cues without speech after them (placing cues only: they had left those no room)."""
    from ..align.fill import Placement, fill_unfound
    from ..align.run import DOUBTFUL_CONFIDENCE

    placed = fill_unfound(
        [Placement(t.start, t.end, t.confidence, t.found) for t in timings],
        lengths,
        anchors,
        duration,
        loose=DOUBTFUL_CONFIDENCE if mode == "place" else -1.0,
    )
    return placed, {i for i, (t, p) in enumerate(zip(timings, placed, strict=True)) if t.found and not p.found}


def _origin(
    c: Cue,
    p: Placement,
    tm: CueTiming,
    *,
    anchored: bool,
    times: tuple[int, int],
    words: tuple[Word, ...],
    report: Report,
    heard: int | None = None,
) -> tuple[Origin, float]:
    """The placed cue's timing origin and confidence, reported: a kept anchor, aligned, or estimated
    (no speech found).  ``words`` go into the report entry (given with ``--words``); ``heard``:
    where the aligner put a cue that sync placed by the file's own timing instead."""
    if anchored:
        report.add(STEP, "kept", "page timestamp kept as an anchor", c.source_line, c.text, start=times[0])
        return c.origin, 1.0
    if not p.found:
        return "estimated", 0.0
    detail: dict[str, object] = {
        "start": times[0],
        "end": times[1],
        "before_start": c.start,
        "before_end": c.end,
        "backend": tm.backend,
        "confidence": p.confidence,
    }
    if words:
        detail["words"] = [[w.start, w.end, w.text] for w in words]
    reason = f"aligned to speech by {tm.backend} (confidence {p.confidence:.2f})"
    if heard is not None:
        detail["heard_start"] = heard
        reason = (
            f"placed by the file's own timing, mapped through the cues heard surely around it "
            f"({tm.backend} was unsure: confidence {p.confidence:.2f}, {abs(times[0] - heard) / 1000:.2f}s away)"
        )
    report.add(
        STEP,
        "rewritten",
        reason,
        c.source_line,
        c.text,
        **detail,
    )
    return "aligned", p.confidence


def _warn_stretches(
    cues: list[Cue],
    flags: list[bool],
    times: list[tuple[int, int]],
    report: Report,
    what: str | Callable[[int, int], str],
) -> tuple[int, int | None]:
    """One warning per stretch of the cues ``flags`` marks, ``what`` (with ``{cues}``: which
    cues, and their times) happened to them, or ``what(i, j)`` for the stretch of cues ``i .. j-1``;
    returns how many were marked and the source line of the first."""
    from ..align.base import runs_without

    marked, first_line = 0, None
    for i, j in runs_without([not f for f in flags]):
        first = cues[i]
        where = f"{times[i][0] / 1000:.1f}s-{times[j - 1][1] / 1000:.1f}s"
        which = f"cue {j} ({where})" if j == i + 1 else f"cues {i + 1}-{j} ({where})"
        said = what if isinstance(what, str) else what(i, j)
        report.add(STEP, "warning", said.format(cues=which), first.source_line, first.text, cues=j - i)
        if not marked:
            first_line = first.source_line
        marked += j - i
    return marked, first_line


#: how sync places the cues that start past the media's end
_MAPPED = "placed by the file's own timing, mapped through the cues heard surely"


def _warn_unfound(
    cues: list[Cue],
    placed: list[Placement],
    anchors: dict[int, int],
    times: list[tuple[int, int]],
    report: Report,
    *,
    mode: str,
    media_ms: int,
    taken: Set[int] = frozenset(),
    beyond: Set[int] = frozenset(),
    unchecked: Set[int] = frozenset(),
) -> None:
    """One warning per stretch of cues for which no speech was found, saying how its times were
    made (the file's own in sync; the text's estimate when nothing was heard; else by their text
    before, between or after the cues around them, and past the end of the media's ``media_ms``
    when they run past it), and one on stderr (the run's, :data:`~subconv.report.LOUD_STEP`)
    counting them: their times do not come from the audio the user gave.  The cues ``taken`` in
    by such a stretch are reported by :func:`_warn_taken`; those ``beyond`` the media's end
    (sync) say that the file's timing, mapped, placed them; those ``unchecked`` (sync: heard, but
    in media that does not follow the file, :func:`_unchecked_unheard`, which said so on stderr)
    say that, not that no speech was found."""
    flags = [not p.found and i not in anchors and i not in taken for i, p in enumerate(placed)]
    heard = any(p.found for p in placed)  # else the time step's estimate stands (_align)

    def said(i: int, j: int) -> str:
        if mode == "sync":
            kept = "kept their times"
        elif not heard:
            kept = "kept the text estimate"
        elif i == 0:
            kept = "placed by their text before the cue after them"
        elif j == len(cues):
            kept = "placed by their text after the cue before them"
            if times[-1][1] > media_ms:
                kept += f", at their expected length past the media's end ({media_ms / 1000:.1f}s)"
        else:
            kept = "placed by their text between the cues around them"
        return "no detectable speech for {cues}: " + kept

    end = f"{media_ms / 1000:.1f}s"
    past = f"no speech to hear for {{cues}}: they start past the media's end ({end}), {_MAPPED}"
    doubted = [f and i in unchecked for i, f in enumerate(flags)]
    _warn_stretches(
        cues, doubted, times, report, "{cues} kept the file's times: the media does not follow the file here"
    )
    flags = [f and i not in unchecked for i, f in enumerate(flags)]
    within = [f and i not in beyond for i, f in enumerate(flags)]
    missed, first_line = _warn_stretches(cues, within, times, report, said)
    after, first_after = _warn_stretches(cues, [f and i in beyond for i, f in enumerate(flags)], times, report, past)
    if not missed:
        first_line = first_after
    if missed + after:
        n = len(placed) - len(anchors)
        more = "" if missed + after == n else " (the first here; --explain lists each)"
        if not missed:
            said_all = f"{after} of {n} cues start past the media's end at {end}, with nothing to hear: {_MAPPED}"
        else:
            total = missed + after
            what = "no cue was heard" if total == n else f"{total} of {n} cues were not heard"
            them = "their times are the file's own" if mode == "sync" else "their times are estimated from the text"
            if after:
                them += f" ({after} of them start past the media's end at {end}: {_MAPPED})"
            said_all = f"{what} in the media (no detectable speech): {them}"
        report.add(LOUD_STEP, "warning", said_all + more, first_line)


def _warn_taken(cues: list[Cue], taken: set[int], times: list[tuple[int, int]], report: Report) -> None:
    """Placing cues: one warning per stretch of cues heard with low confidence (at most
    :data:`~subconv.align.run.DOUBTFUL_CONFIDENCE`) that were placed by their text instead, with
    the cues without speech after them, which they had left no room
    (:func:`subconv.align.fill.fill_unfound`); and one on stderr counting them."""
    flags = [i in taken for i in range(len(cues))]
    what = (
        "{cues} heard too unsurely to keep, leaving the cues without speech after them no room: "
        "placed by their text, with those"
    )
    moved, first_line = _warn_stretches(cues, flags, times, report, what)
    if moved:
        report.add(
            LOUD_STEP,
            "warning",
            f"{moved} of {len(cues)} cues heard too unsurely to keep left no room for the cues without speech "
            f"after them: their times are estimated from the text (the first here; --explain lists each)",
            first_line,
        )


def _warn_doubtful(
    cues: list[Cue], placed: list[Placement], anchors: dict[int, int], times: list[tuple[int, int]], report: Report
) -> int:
    """Placing cues: one warning per stretch of cues placed with confidence
    :data:`~subconv.align.run.DOUBTFUL_CONFIDENCE` or less (where the aligner heard half their
    words or fewer, or only its global pass placed them), and one on stderr counting them: those
    are the cues to check.  Returns how many."""
    from ..align.run import DOUBTFUL_CONFIDENCE

    flags = [p.found and p.confidence <= DOUBTFUL_CONFIDENCE and i not in anchors for i, p in enumerate(placed)]
    what = f"{{cues}} placed with low confidence ({DOUBTFUL_CONFIDENCE:.2f} or less): check their times"
    doubtful, first_line = _warn_stretches(cues, flags, times, report, what)
    if doubtful:
        n = len(placed) - len(anchors)
        report.add(
            LOUD_STEP,
            "warning",
            f"{doubtful} of {n} cues were placed with low confidence ({DOUBTFUL_CONFIDENCE:.2f} or less): "
            f"check their times (the first here; --explain lists each)",
            first_line,
        )
    return doubtful


def _sync_times(
    cues: list[Cue], placed: list[Placement], timings: list[CueTiming], backend: str, media_ms: int
) -> tuple[list[tuple[int, int]], dict[int, int], set[int]]:
    """Sync: each cue's times (:func:`_follow_file`, then :func:`_keep_offsets`), the aligner's
    start of each cue moved to the file's own timing, and the cues without speech placed by that
    timing because they start past the media's end (``media_ms``)."""
    times = [(p.start, p.end) for p in placed]
    mapped, file_starts = _follow_file(cues, placed, timings, backend, times)
    kept, beyond = _keep_offsets(cues, placed, times, file_starts, media_ms)
    return kept, mapped, beyond


def _follow_file(
    cues: list[Cue], placed: list[Placement], timings: list[CueTiming], backend: str, times: list[tuple[int, int]]
) -> tuple[dict[int, int], list[int] | None]:
    """Sync: the cues the aligner was unsure of move to where the file's own timing, mapped through
    the offsets and drift of the cues it placed surely, puts them (:func:`subconv.align.syncmap.follow_file`),
    in place in ``times``.  Returns the aligner's start of each cue moved, and where that map puts
    every cue (:func:`subconv.align.syncmap.file_map`; None without a map)."""
    from ..align.syncmap import SURE_CONFIDENCE, file_map, follow_file

    own = [c.start if c.start is not None else 0 for c in cues]
    heard = [t[0] for t in times]
    sure = [
        p.found and p.confidence >= SURE_CONFIDENCE and tm.backend == backend
        for p, tm in zip(placed, timings, strict=True)
    ]
    starts = file_map(own, heard, sure)
    new = follow_file(own, heard, sure)
    moved: dict[int, int] = {}
    for i, start in enumerate(new):
        if start is None or not placed[i].found:
            continue  # (a cue with no speech keeps its own times: _keep_offsets)
        lo = times[i - 1][0] if i > 0 else 0  # in order with the cues before (moved or not) ...
        hi = None
        if i + 1 < len(times) and placed[i + 1].found:  # ... and the next one's final place
            after = new[i + 1]
            hi = max(lo, times[i + 1][0] if after is None else after)
        if (start <= lo < times[i][0]) or (hi is not None and lo < times[i][0] < hi <= start):
            # the map puts it at or past a neighbour, out of order: its own time fell in a stretch
            # cut out of the media (or added to it), where the map is not this cue's; the place the
            # aligner heard it, between the two, stands
            continue
        start = max(start, lo)
        if hi is not None:
            start = min(start, hi)
        if start != times[i][0]:
            moved[i] = times[i][0]
            times[i] = (start, start + (times[i][1] - times[i][0]))
    return moved, starts


def _keep_offsets(
    cues: list[Cue],
    placed: list[Placement],
    times: list[tuple[int, int]],
    file_starts: list[int] | None = None,
    media_ms: int | None = None,
) -> tuple[list[tuple[int, int]], set[int]]:
    """Sync: a cue without speech keeps its times when they fit between its neighbours, else it moves
    with its last aligned predecessor (kept inside its neighbours).  But a cue that starts past the
    media's end (``media_ms``; by its own time or by the file's timing mapped, ``file_starts``) had
    nothing to be heard in: it goes where that map puts it, as the cues heard before it were moved
    (a media file shorter than the subtitles: kept, the last cues stayed out of sync by the file's
    offset and drift).  Returns the times and the cues placed by the map."""
    out = list(times)
    beyond: set[int] = set()
    offset = None
    for i, (c, p) in enumerate(zip(cues, placed, strict=True)):
        assert c.start is not None and c.end is not None
        if p.found:
            offset = p.start - c.start
            continue
        lo = out[i - 1][0] if i > 0 else 0
        hi = next((out[j][0] for j in range(i + 1, len(cues)) if placed[j].found), None)
        mapped = file_starts[i] if file_starts is not None else None
        if mapped is not None and media_ms is not None and max(c.start, mapped) >= media_ms:
            start = max(lo, mapped)  # past the media's end: nothing to hear there
            beyond.add(i)
        elif lo <= c.start and (hi is None or c.start <= hi):
            out[i] = (c.start, c.end)  # no speech here: the cue stays exactly as it was
            continue
        elif offset is None:
            continue
        else:
            start = max(lo, c.start + offset)
        if hi is not None:
            start = min(start, hi)
        out[i] = (start, start + max(1, c.end - c.start))
    return out, beyond


def _overlapped(cues: list[Cue], i: int) -> bool:
    """True when cue ``i`` overlapped the next one in the input (kept as is on sync)."""
    c, n = cues[i], cues[i + 1]
    return c.end is not None and n.start is not None and c.end > n.start

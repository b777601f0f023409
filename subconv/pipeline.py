"""The processing pipeline: run the steps :mod:`subconv.steps` declares, in order.

Which steps run on an input is data: :data:`subconv.steps.STEPS` says, per step, the inputs it
runs on and the options that switch it on for others; steps can be skipped by name
(``Options.skip``).

>>> from subconv.model import Cue, Track
>>> from subconv.options import Options
>>> page = Track((Cue(None, None, ("Hello there.",)),))
>>> [(c.start, c.end, c.origin) for c in run(page, Context("page", Options()))]
[(0, 1038, 'estimated')]
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

from .model import EMPTY, Cue, CueFeed, Track
from .report import Entries, Report
from .steps import KINDS, PAGE_FORMATS, STEPS, Context, InputKind, Step, StepFn, StreamFn, by_name, step_names

__all__ = [
    "STEPS",
    "Context",
    "StepFn",
    "load",
    "load_step",
    "recognise",
    "run",
    "run_step",
    "run_streamed",
    "step_names",
]


def _function(target: str) -> Callable[..., object]:
    """The function ``module:function`` names (its module imported on first use)."""
    module, _, function = target.partition(":")
    fn: Callable[..., object] = getattr(importlib.import_module(module), function)
    return fn


def load(step: Step, kind: InputKind | None = None) -> StepFn:
    """The function of ``step`` (for ``kind`` of input, see ``Step.by_kind``), imported on first use."""
    fn: StepFn = _function(step.variant(kind))  # type: ignore[assignment]
    return fn


def load_step(name: str, kind: InputKind | None = None) -> StepFn:
    """The function of step ``name`` (for ``kind`` of input); ``KeyError`` for an unknown name."""
    return load(by_name(name), kind)


def recognise(track: Track, ctx: Context) -> Context:
    """``ctx`` with the kind of input ``track`` is (:data:`subconv.steps.KINDS`; a page stays a
    page).  A kind no step that runs treats apart (``Step.by_kind``) is not tested for."""
    if ctx.recognised is not None:
        return ctx
    kind: InputKind = "page" if ctx.source_format in PAGE_FORMATS else "timed"
    # only the kinds some step (not skipped) does something else on are worth a test
    wanted = {k for step in STEPS if step.name not in ctx.options.skip for k in step.by_kind}
    if kind == "timed" and track.cues:
        kind = next((k for k, test in KINDS.items() if k in wanted and _function(test)(track)), "timed")
    return replace(ctx, recognised=kind)


def run(track: Track, ctx: Context, report: Report | None = None) -> Track:
    """Run every step that applies to ``ctx``'s input (and is not in ``ctx.options.skip``) over
    ``track``; the kind of input is recognised first (:func:`recognise`)."""
    ctx = recognise(track, ctx)
    return _run_steps(track, _applying(ctx), ctx, report if report is not None else Report())


def run_streamed(track: Track | list[Track], ctx: Context, report: Report) -> Track | tuple[Track, CueFeed]:
    """:func:`run`, with the steps from the first one that has a streamed form (``Step.streamed``)
    on run a cue at a time as the cues are taken, where each of them can on this input and the
    ``time`` step is among them: then ``(the track without its cues, a CueFeed of them)``, else
    the whole track :func:`run` gives.  A large page then never holds its segmented and timed
    cues all at once, only the cues entering the streamed steps, each let go as it is taken.

    The cues and report are those of :func:`run`: the streamed steps report into reports of
    their own, put in place (after what came before, in step order, and their ``info`` before
    what was added since) when the feed is used up or closed.  A cue of an ASS comment (which a
    writer leaves out and reports before any cue) makes the whole track run.

    ``track`` may be handed over in a list (of it alone), which is emptied: the caller then holds
    no reference to it, and its cues are let go as soon as a step has made new ones (a page's
    cues as read are not alive beside ``normalise``'s through ``dedupe``).
    """
    held = track if isinstance(track, list) else [track]
    del track
    ctx = recognise(held[0], ctx)
    steps = _applying(ctx)
    at = len(steps)
    while at and steps[at - 1].streamed is not None and steps[at - 1].variant(ctx.kind) == steps[at - 1].target:
        at -= 1
    track = _run_steps(held.pop(), steps[:at], ctx, report)  # (the only reference, given away)
    rest = steps[at:]
    if not any(step.name == "time" for step in rest):
        return _run_steps(track, rest, ctx, report)
    reports = [Report() for _ in rest]
    forms = []
    for step, own in zip(rest, reports, strict=True):
        form = _streamed(step)(track, ctx, own)
        if form is None:  # (a timed file stops here, at ``time``, with no cue looked at past its first)
            return _run_steps(track, rest, ctx, report)
        forms.append(form)
    if any(c.extras is not EMPTY and c.extras.get("ass.comment") == "1" for c in track.cues):
        return _run_steps(track, rest, ctx, report)
    pending: list[Cue | None] = list(track.cues)
    cues: Iterable[Cue] = _taken(pending)
    for form in forms:
        cues = form(cues)
    header = track.with_cues(())
    return header, CueFeed(_spliced(cues, report, reports))


def _applying(ctx: Context) -> list[Step]:
    """The steps that apply to ``ctx``'s input, in order."""
    return [step for step in STEPS if step.applies(ctx)]


def _run_steps(track: Track, steps: list[Step], ctx: Context, report: Report) -> Track:
    """``track`` after each of ``steps`` in turn (each for the kind of input ``ctx`` recognised)."""
    for step in steps:
        track = load(step, ctx.kind)(track, ctx, report)
    return track


def _streamed(step: Step) -> StreamFn:
    """The streamed form of ``step`` (imported on first use)."""
    assert step.streamed is not None
    fn: StreamFn = _function(step.streamed)  # type: ignore[assignment]
    return fn


def _taken(pending: list[Cue | None]) -> Iterator[Cue]:
    """The cues of ``pending`` in order, each let go from the list as it is taken."""
    for i, cue in enumerate(pending):
        assert cue is not None
        pending[i] = None
        yield cue


def _spliced(cues: Iterable[Cue], report: Report, reports: list[Report]) -> Iterator[Cue]:
    """``cues``; when they are used up (or the feed is closed), the entries and facts of the
    streamed steps' ``reports`` put into ``report`` where running the whole track puts them
    (where ``report`` stands now, not when the first cue is taken)."""
    return _spliced_from(cues, report, reports, len(report.entries), set(report.info))


def _spliced_from(
    cues: Iterable[Cue], report: Report, reports: list[Report], at: int, known: set[str]
) -> Iterator[Cue]:
    try:
        yield from cues
    finally:
        added = Entries()  # (by column, as the reports hold them: no Entry made for each)
        for own in reports:
            added.extend(own.entries)
        report.entries[at:at] = added
        later = {key: value for key, value in report.info.items() if key not in known}
        for key in later:
            del report.info[key]
        for own in reports:
            report.info.update(own.info)
        report.info.update(later)


def run_step(name: str, track: Track, ctx: Context, report: Report | None = None) -> Track:
    """Run step ``name`` alone over ``track`` as :func:`run` would (the function for the kind of
    input ``track`` is recognised as), whether or not it applies to ``ctx`` by default."""
    ctx = recognise(track, ctx)
    return load_step(name, ctx.kind)(track, ctx, report if report is not None else Report())

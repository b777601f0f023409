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
from collections.abc import Callable
from dataclasses import replace

from .model import Track
from .report import Report
from .steps import KINDS, PAGE_FORMATS, STEPS, Context, InputKind, Step, StepFn, by_name, step_names

__all__ = ["STEPS", "Context", "StepFn", "load", "load_step", "recognise", "run", "run_step", "step_names"]


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
    rep = report if report is not None else Report()
    ctx = recognise(track, ctx)
    for step in STEPS:
        if step.applies(ctx):
            track = load(step, ctx.kind)(track, ctx, rep)
    return track


def run_step(name: str, track: Track, ctx: Context, report: Report | None = None) -> Track:
    """Run step ``name`` alone over ``track`` as :func:`run` would (the function for the kind of
    input ``track`` is recognised as), whether or not it applies to ``ctx`` by default."""
    ctx = recognise(track, ctx)
    return load_step(name, ctx.kind)(track, ctx, report if report is not None else Report())

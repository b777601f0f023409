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

from .model import Track
from .report import Report
from .steps import STEPS, Context, StepFn, by_name, load_step, recognise, step_names

__all__ = ["STEPS", "Context", "StepFn", "load_step", "run", "run_step", "step_names"]


def run(track: Track, ctx: Context, report: Report | None = None) -> Track:
    """Run every step that applies to ``ctx``'s input (and is not in ``ctx.options.skip``) over
    ``track``; the kind of input is recognised first (:func:`subconv.steps.recognise`)."""
    rep = report if report is not None else Report()
    ctx = recognise(track, ctx)
    for step in STEPS:
        if step.applies(ctx):
            track = step.load(ctx.kind)(track, ctx, rep)
    return track


def run_step(name: str, track: Track, ctx: Context, report: Report | None = None) -> Track:
    """Run step ``name`` alone over ``track`` as :func:`run` would (the function for the kind of
    input ``track`` is recognised as), whether or not it applies to ``ctx`` by default."""
    ctx = recognise(track, ctx)
    return by_name(name).load(ctx.kind)(track, ctx, report if report is not None else Report())

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
from .steps import STEPS, Context, StepFn, load_step, step_names

__all__ = ["STEPS", "Context", "StepFn", "load_step", "run", "step_names"]


def run(track: Track, ctx: Context, report: Report | None = None) -> Track:
    """Run every step that applies to ``ctx``'s input (and is not in ``ctx.options.skip``) over ``track``."""
    rep = report if report is not None else Report()
    for step in STEPS:
        if step.applies(ctx):
            track = step.load()(track, ctx, rep)
    return track

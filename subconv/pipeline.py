"""The processing pipeline: named steps, declared once, in order.

Each step is a pure function ``(track, ctx, report) -> track`` living in its
own module and imported only when it runs.  A step decides from the context
whether it applies (e.g. de-duplication touches timed files only when asked),
and records every change it makes in the report.  Steps can be skipped by
name (``Options.skip``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from ._gc import paused_gc
from .model import Track
from .options import Options
from .report import Report


@dataclass(frozen=True)
class Context:
    """What a step may know besides the track: the source format and the options."""

    source_format: str
    options: Options

    @property
    def is_page(self) -> bool:
        """True when the input was a scraped page or transcript (untimed or sparsely timed)."""
        return self.source_format in ("page", "txt")  # txt: a page read through the transcript format


StepFn = Callable[[Track, Context, Report], Track]

#: The pipeline, in order: (name, "module:function").  This is the only list.
STEPS: tuple[tuple[str, str], ...] = (
    ("normalise", "subconv.steps.normalise:normalise"),
    ("dedupe", "subconv.steps.dedupe:dedupe"),
    ("segment", "subconv.steps.segment:segment"),
    ("time", "subconv.steps.timing:estimate"),
    ("align", "subconv.steps.align:align"),
    ("overlaps", "subconv.steps.overlaps:resolve_overlaps"),
    ("frames", "subconv.steps.frames:snap_to_frames"),
)


def step_names() -> list[str]:
    """The names of the pipeline's steps, in order."""
    return [name for name, _ in STEPS]


def load_step(name: str) -> StepFn:
    """Import and return the function of step ``name`` (run with the garbage collector paused,
    like every reader and writer: see :mod:`subconv._gc`)."""
    target = dict(STEPS)[name]
    modname, _, fn = target.partition(":")
    func: StepFn = getattr(importlib.import_module(modname), fn)
    return paused_gc(func)


def run(track: Track, ctx: Context, report: Report | None = None) -> Track:
    """Run every step not in ``ctx.options.skip`` over ``track``."""
    rep = report if report is not None else Report()
    for name, _ in STEPS:
        if name in ctx.options.skip:
            continue
        track = load_step(name)(track, ctx, rep)
    return track

"""The pipeline's steps, declared once: their order, the inputs they act on, and the context.

Each step is a pure function ``(track, ctx, report) -> track`` in its own module
``subconv/steps/<name>.py``, imported the first time it runs (every conversion loads only
the steps its input needs).  :data:`STEPS` is the only list of them; :data:`PRESETS` says,
per kind of input, which run by default, and :data:`SWITCHES` which options add a step to
an input whose preset leaves it out.  A step reads only the options it owns, and records
every change in the report under its name.

This module imports no step: the steps import it (for :class:`Context`), and
:mod:`subconv.pipeline` runs them.

>>> [s.name for s in STEPS]
['normalise', 'dedupe', 'segment', 'time', 'align', 'overlaps', 'frames']
>>> from subconv.options import Options
>>> applies("segment", Context("srt", Options())), applies("segment", Context("srt", Options(retime=True)))
(False, True)
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeAlias

from ..model import Track
from ..options import Options
from ..report import Report

InputKind: TypeAlias = Literal["page", "timed"]

#: source formats read as pages: scraped pages, and transcripts read through the ``txt`` format
PAGE_FORMATS = frozenset({"page", "txt"})


@dataclass(frozen=True)
class Context:
    """What a step may know besides the track: the source format and the options."""

    source_format: str
    options: Options

    @property
    def kind(self) -> InputKind:
        """``page`` for a scraped page or transcript (untimed or sparsely timed), else ``timed``."""
        return "page" if self.source_format in PAGE_FORMATS else "timed"

    @property
    def is_page(self) -> bool:
        """True when the input was a scraped page or transcript (untimed or sparsely timed)."""
        return self.source_format in PAGE_FORMATS


StepFn: TypeAlias = Callable[[Track, Context, Report], Track]


@dataclass(frozen=True)
class Step:
    """One step: its name (as in reports and ``Options.skip``) and ``module:function``."""

    name: str
    target: str

    def load(self) -> StepFn:
        """Import the step's module and return its function."""
        module, _, function = self.target.partition(":")
        fn: StepFn = getattr(importlib.import_module(module), function)
        return fn


#: The pipeline, in order.  This is the only list of steps.
STEPS: tuple[Step, ...] = (
    Step("normalise", "subconv.steps.normalise:normalise"),
    Step("dedupe", "subconv.steps.dedupe:dedupe"),  # recognises rolling auto-captions in timed files
    Step("segment", "subconv.steps.segment:segment"),
    Step("time", "subconv.steps.time:estimate"),
    Step("align", "subconv.steps.align:align"),
    Step("overlaps", "subconv.steps.overlaps:resolve_overlaps"),
    Step("frames", "subconv.steps.frames:snap_to_frames"),
)

#: Per kind of input, the steps that run by default (a timed file is converted faithfully:
#: its steps act only when an option asks, or on recognised rolling auto-captions).
PRESETS: dict[InputKind, frozenset[str]] = {
    "page": frozenset(s.name for s in STEPS),
    "timed": frozenset({"dedupe", "time", "align", "overlaps", "frames"}),
}

#: Options (``Options`` fields) that, when set, add a step to an input whose preset leaves it out.
SWITCHES: dict[str, tuple[str, ...]] = {
    "normalise": ("drop_sound_tags",),
    "segment": ("retime", "break_long_lines"),
}


def applies(name: str, ctx: Context) -> bool:
    """Whether step ``name`` runs on ``ctx``'s input: in its preset, or switched on, and not skipped."""
    if name in ctx.options.skip:
        return False
    if name in PRESETS[ctx.kind]:
        return True
    return any(getattr(ctx.options, option) for option in SWITCHES.get(name, ()))


def step_names() -> list[str]:
    """The names of the pipeline's steps, in order."""
    return [s.name for s in STEPS]


def load_step(name: str) -> StepFn:
    """Import and return the function of step ``name`` (``KeyError`` for an unknown name)."""
    for step in STEPS:
        if step.name == name:
            return step.load()
    raise KeyError(name)

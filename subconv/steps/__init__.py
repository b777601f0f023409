"""The pipeline's steps, declared once: their order, the inputs they act on, and the context.

Each step is a pure function ``(track, ctx, report) -> track`` in its own module
``subconv/steps/<name>.py``, imported the first time it runs (every conversion loads only
the steps its input needs).  :data:`STEPS` is the only list of them: each entry names the
step, its function, the inputs it runs on by default and the options that switch it on for
the others (:data:`INPUT_PRESETS` lists, per kind of input, what that makes run by default).
A step reads only the options it owns, and records every change in the report under its name.

This module imports no step: the steps import it (for :class:`Context`), and
:mod:`subconv.pipeline` runs them.

>>> INPUT_PRESETS["page"]
('normalise', 'dedupe', 'segment', 'time', 'align', 'overlaps', 'frames')
>>> INPUT_PRESETS["timed"]
('dedupe', 'time', 'align', 'overlaps', 'frames')
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


#: Every kind of input.
ALL_INPUTS: frozenset[InputKind] = frozenset({"page", "timed"})
PAGES: frozenset[InputKind] = frozenset({"page"})


@dataclass(frozen=True)
class Step:
    """One step, declared once: its name (as in reports and ``Options.skip``), its function
    (``module:function``, imported when the step first runs), the inputs it runs on by default,
    and the options (``Options`` fields) that, when set, make it run on the other inputs too."""

    name: str
    target: str
    on: frozenset[InputKind] = ALL_INPUTS
    switches: tuple[str, ...] = ()

    def load(self) -> StepFn:
        """Import the step's module and return its function."""
        module, _, function = self.target.partition(":")
        fn: StepFn = getattr(importlib.import_module(module), function)
        return fn

    def applies(self, ctx: Context) -> bool:
        """Whether the step runs on ``ctx``'s input: by default or switched on, and not skipped."""
        if self.name in ctx.options.skip:
            return False
        return ctx.kind in self.on or any(getattr(ctx.options, option) for option in self.switches)


#: The pipeline, in order.  This is the only list of steps.  A timed file is converted
#: faithfully: its steps act only when an option asks (or on recognised rolling auto-captions,
#: which ``dedupe`` rebuilds).
STEPS: tuple[Step, ...] = (
    Step("normalise", "subconv.steps.normalise:normalise", PAGES, ("drop_sound_tags",)),
    Step("dedupe", "subconv.steps.dedupe:dedupe"),
    Step("segment", "subconv.steps.segment:segment", PAGES, ("retime", "break_long_lines")),
    Step("time", "subconv.steps.time:estimate"),
    Step("align", "subconv.steps.align:align"),
    Step("overlaps", "subconv.steps.overlaps:resolve_overlaps"),
    Step("frames", "subconv.steps.frames:snap_to_frames"),
)

#: Per kind of input, the steps that run on it by default (read from :data:`STEPS`).
INPUT_PRESETS: dict[InputKind, tuple[str, ...]] = {
    kind: tuple(s.name for s in STEPS if kind in s.on) for kind in ("page", "timed")
}


def applies(name: str, ctx: Context) -> bool:
    """Whether step ``name`` runs on ``ctx``'s input (see :meth:`Step.applies`)."""
    return _by_name(name).applies(ctx)


def _by_name(name: str) -> Step:
    for step in STEPS:
        if step.name == name:
            return step
    raise KeyError(name)


def step_names() -> list[str]:
    """The names of the pipeline's steps, in order."""
    return [s.name for s in STEPS]


def load_step(name: str) -> StepFn:
    """Import and return the function of step ``name`` (``KeyError`` for an unknown name)."""
    return _by_name(name).load()

"""The pipeline's steps, declared once: their order, the inputs they act on, and the context.

Each step is a pure function ``(track, ctx, report) -> track`` in its own module
``subconv/steps/<name>.py``, imported the first time it runs (every conversion loads only
the steps its input needs).  :data:`STEPS` is the only list of them: each entry names the
step, its function, the inputs it runs on by default and the options that switch it on for
the others (:data:`INPUT_PRESETS` lists, per kind of input, what that makes run by default),
and, where a kind of input needs it, the function that does the step's work on that kind.
A step reads only the options it owns, and records every change in the report under its name.

The kind of an input (:data:`KINDS`): a ``page`` by its source format, else a kind that a
test of its content recognises (``rolling`` YouTube auto-captions), else ``timed``.

This module is data and imports no step: the steps import it (for :class:`Context`), and
:mod:`subconv.pipeline` imports them (by the names declared here) and runs them.

>>> INPUT_PRESETS["page"]
('normalise', 'dedupe', 'segment', 'time', 'align', 'overlaps', 'frames')
>>> INPUT_PRESETS["timed"]
('dedupe', 'time', 'align', 'overlaps', 'frames')
>>> STEPS[1].variant("rolling")
'subconv.steps.dedupe:rebuild_rolling'
>>> from subconv.options import Options
>>> applies("segment", Context("srt", Options())), applies("segment", Context("srt", Options(retime=True)))
(False, True)

A timed file with ``retime`` and ``media`` (and ``align``, the default) is put in sync with its
media (:attr:`Context.syncs`, what ``subconv sync`` does): its own times are what the ``align``
step corrects, so the steps that would replace them (``segment``, ``time``) do not run.

>>> applies("time", Context("srt", Options(retime=True, media="talk.mp4")))
False
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Literal, TypeAlias

from ..model import Cue, Track
from ..report import Report

if TYPE_CHECKING:  # (types only: Options checks its skipped steps' names here)
    from ..options import Options

InputKind: TypeAlias = Literal["page", "timed", "rolling"]

#: source formats read as pages: scraped pages, and transcripts read through the ``txt`` format
PAGE_FORMATS = frozenset({"page", "txt"})


@dataclass(frozen=True)
class Context:
    """What a step may know besides the track: the source format, the options, and the kind of
    input its content was recognised as (:func:`subconv.pipeline.recognise`; None: not yet)."""

    source_format: str
    options: Options
    recognised: InputKind | None = None
    #: the processes a step may run at once (1: this one alone); the command line allows 2 on a
    #: large input, where a streamed step may then work ahead in a forked child (``segment``)
    workers: int = 1
    #: cue texts' weights (what the streamed ``time`` step weighs a cue's text as) worked out ahead
    #: by an earlier streamed step, each taken once by ``time`` (shared by the run's contexts)
    weighed: dict[str, tuple[float, float, int]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        check_names(self.options)

    @property
    def kind(self) -> InputKind:
        """``page`` for a scraped page or transcript (untimed or sparsely timed), else the kind
        recognised from the content (``rolling``), else ``timed``."""
        if self.source_format in PAGE_FORMATS:
            return "page"
        return self.recognised or "timed"

    @property
    def is_page(self) -> bool:
        """True when the input was a scraped page or transcript (untimed or sparsely timed)."""
        return self.source_format in PAGE_FORMATS

    @property
    def syncs(self) -> bool:
        """True when a timed file is put in sync with its media (``retime`` with ``media`` and
        ``align``; ``subconv sync``): the file's own times are kept for the ``align`` step to
        correct, not estimated again from the text nor split (:attr:`Step.in_sync`)."""
        o = self.options
        return bool(o.media) and o.align and o.retime and not self.is_page


StepFn: TypeAlias = Callable[[Track, Context, Report], Track]
#: A step's streamed form (``Step.streamed``): ``fn(track, ctx, report)``, given the track entering
#: the streamed steps, returns the step as a function from its input cues to its output cues,
#: taken one at a time (the same cues and report entries as the step gives on the whole track,
#: for what the streamed steps before it make of ``track``), or None when it cannot on this input.
StreamFn: TypeAlias = Callable[[Track, Context, Report], Callable[[Iterable[Cue]], Iterable[Cue]] | None]


#: Every kind of input.
ALL_INPUTS: frozenset[InputKind] = frozenset({"page", "timed", "rolling"})
PAGES: frozenset[InputKind] = frozenset({"page"})

#: The kinds of timed input recognised from their content, each by a test ``(track) -> bool``
#: (``module:function``, imported by :func:`subconv.pipeline.recognise`), tried in order; an
#: input none claims is ``timed``.  A page is a page by its source format.
KINDS: dict[InputKind, str] = {"rolling": "subconv.steps.dedupe:is_youtube_rolling"}


@dataclass(frozen=True)
class Step:
    """One step, declared once: its name (as in reports and ``Options.skip``), its function
    (``module:function``, which :mod:`subconv.pipeline` imports when the step first runs), the
    inputs it runs on by default, the options (``Options`` fields) that, when set, make it run
    on the other inputs too, and the functions that do its work on a kind of input instead
    (``by_kind``)."""

    name: str
    target: str
    on: frozenset[InputKind] = ALL_INPUTS
    switches: tuple[str, ...] = ()
    by_kind: Mapping[InputKind, str] = field(default_factory=lambda: MappingProxyType({}))
    streamed: str | None = None  # ``module:function`` of its streamed form (:data:`StreamFn`), if any
    in_sync: bool = True  # whether it runs when a timed file is put in sync (:attr:`Context.syncs`)

    def variant(self, kind: InputKind | None = None) -> str:
        """The ``module:function`` that does the step on ``kind`` of input (``None``: its own)."""
        return self.target if kind is None else self.by_kind.get(kind, self.target)

    def applies(self, ctx: Context) -> bool:
        """Whether the step runs on ``ctx``'s input: by default or switched on, and not skipped."""
        if self.name in ctx.options.skip or (ctx.syncs and not self.in_sync):
            return False
        return ctx.kind in self.on or any(getattr(ctx.options, option) for option in self.switches)


#: The pipeline, in order.  This is the only list of steps.  A timed file is converted
#: faithfully: its steps act only when an option asks (rolling auto-captions are rebuilt as
#: one cue per spoken line by ``dedupe``).
STEPS: tuple[Step, ...] = (
    Step("normalise", "subconv.steps.normalise:normalise", PAGES, ("drop_sound_tags",)),
    Step("dedupe", "subconv.steps.dedupe:dedupe", by_kind={"rolling": "subconv.steps.dedupe:rebuild_rolling"}),
    Step(
        "segment",
        "subconv.steps.segment:segment",
        PAGES,
        ("retime", "break_long_lines"),
        streamed="subconv.steps.segment:segment_stream",
        in_sync=False,
    ),
    Step("time", "subconv.steps.time:estimate", streamed="subconv.steps.time:estimate_stream", in_sync=False),
    Step("align", "subconv.steps.align:align", streamed="subconv.steps.align:align_stream"),
    Step("overlaps", "subconv.steps.overlaps:resolve_overlaps", streamed="subconv.steps.overlaps:overlaps_stream"),
    Step("frames", "subconv.steps.frames:snap_to_frames", streamed="subconv.steps.frames:frames_stream"),
)

#: Per kind of input, the steps that run on it by default (read from :data:`STEPS`).
INPUT_PRESETS: dict[InputKind, tuple[str, ...]] = {
    kind: tuple(s.name for s in STEPS if kind in s.on) for kind in ("page", "timed", "rolling")
}


def applies(name: str, ctx: Context) -> bool:
    """Whether step ``name`` runs on ``ctx``'s input (see :meth:`Step.applies`)."""
    return by_name(name).applies(ctx)


def by_name(name: str) -> Step:
    """The step named ``name`` (``KeyError`` for an unknown name)."""
    for step in STEPS:
        if step.name == name:
            return step
    raise KeyError(name)


def step_names() -> list[str]:
    """The names of the pipeline's steps, in order."""
    return [s.name for s in STEPS]


def check_names(options: Options) -> None:
    """``UsageError`` unless the options' ``editor``, ``aligner`` and ``skip`` name an editor
    preset, an aligner backend and steps that exist (each listing the names): what
    :class:`~subconv.options.Options` cannot check itself, the registries being above it.

    >>> from subconv.options import Options
    >>> check_names(Options(aligner="whisper"))
    Traceback (most recent call last):
    ...
    subconv.errors.UsageError: invalid Options(aligner='whisper'): use one of 'auto', 'acoustic', 'tts', 'vad'
    """
    from ..errors import UsageError

    if options.editor is not None:
        from ..editors import preset

        try:
            preset(options.editor)
        except UsageError as exc:  # (its message lists the names)
            raise UsageError(f"invalid Options(editor={options.editor!r}): {exc}") from None
    if options.aligner != "auto":
        from ..align.backends import BACKENDS

        if options.aligner not in BACKENDS:
            names = ", ".join(repr(n) for n in ("auto", *sorted(BACKENDS)))
            raise UsageError(f"invalid Options(aligner={options.aligner!r}): use one of {names}")
    unknown = sorted(options.skip - set(step_names()))
    if unknown:
        listed = ", ".join(repr(n) for n in unknown)
        raise UsageError(f"invalid Options(skip=...): no step {listed}; steps: {', '.join(step_names())}")

"""Pipeline options: one frozen object, one field per switch.

The CLI builds an :class:`Options` from its arguments; the Python API takes
one directly.  Each pipeline step reads only the fields it owns.

Every field is checked when the object is made (and by :meth:`Options.replace`): a value the
command line would refuse raises :class:`~subconv.errors.UsageError` naming the field and what
it takes, so that a typo never acts as another policy (``dedupe="none"`` is not ``"off"``).  The
command line's checks are these: its choices are :data:`DEDUPE_POLICIES` and
:data:`OVERLAP_POLICIES`, its numbers go through :func:`count_problem` and :func:`rate_problem`,
and frame rates through :func:`subconv.timeops.frame_rate_value` (1 to 1000 fps).  The three
fields that name a member of a registry above this module (``editor``: an editor preset,
``aligner``: an aligner backend, ``skip``: pipeline steps) are checked to be strings here and
checked by name when the pipeline takes the options (:class:`subconv.steps.Context`), before any
step runs: ``process(track, Options(editor="avid"), report)`` raises ``UsageError`` listing the
editors.

>>> Options(dedupe="none")
Traceback (most recent call last):
...
subconv.errors.UsageError: invalid Options(dedupe='none'): use one of 'auto', 'off', 'adjacent', 'all'
>>> Options(max_lines=0)
Traceback (most recent call last):
...
subconv.errors.UsageError: invalid Options(max_lines=0): must be a whole number from 1
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal, TypeAlias, get_args

from .errors import UsageError

if TYPE_CHECKING:  # (fractions is imported only where a Fraction is made: startup time)
    from fractions import Fraction

DedupePolicy: TypeAlias = Literal["auto", "off", "adjacent", "all"]
OverlapPolicy: TypeAlias = Literal["keep", "merge", "stagger"]

#: The values of ``Options.dedupe`` (and ``--dedupe``), in the order the help lists them.
DEDUPE_POLICIES: tuple[DedupePolicy, ...] = get_args(DedupePolicy)
#: The values of ``Options.overlaps`` besides ``None`` (and ``--overlaps``).
OVERLAP_POLICIES: tuple[OverlapPolicy, ...] = get_args(OverlapPolicy)


def count_problem(value: object) -> str | None:
    """Why ``value`` is not a count (``max_lines``, ``max_chars``, ``--jobs``): a whole number from 1.

    >>> count_problem(2), count_problem(0), count_problem(2.0)
    (None, 'must be a whole number from 1', 'must be a whole number from 1')
    """
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return None
    return "must be a whole number from 1"


def rate_problem(value: object) -> str | None:
    """Why ``value`` is not a speaking rate (``wpm``, ``cps``): a finite number above 0.

    >>> rate_problem(160), rate_problem(-1), rate_problem(float("inf"))
    (None, 'must be a finite number above 0', 'must be a finite number above 0')
    """
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and value > 0:
        return None
    return "must be a finite number above 0"


def language_problem(value: object) -> str | None:
    """Why ``value`` is not a language tag (``language``, ``--language``): the shape of a BCP 47
    tag, a primary subtag of 2-3 letters then subtags of 1-8 letters or digits (``en``, ``pt-BR``,
    ``zh_Hant``); a language's name is not one (no backend would know it).

    >>> language_problem("pt-BR"), language_problem("english")
    (None, 'not a BCP 47 language tag (e.g. en, de, pt-BR)')
    """
    if isinstance(value, str) and re.fullmatch(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*", value):
        return None
    return "not a BCP 47 language tag (e.g. en, de, pt-BR)"


def fps_problem(value: object) -> str | None:
    """Why ``value`` is not a frame rate (``Options.fps``, ``WriteOptions.fps``): a number from 1
    to 1000 (:func:`subconv.timeops.frame_rate_value`; a ``str`` is not a number here).

    >>> fps_problem(25), fps_problem("25")
    (None, 'use a rate from 1 to 1000 fps, such as 23.976, 25 or 29.97')
    """
    from .timeops import FPS_RANGE, frame_rate_value

    try:
        frame_rate_value(value)  # type: ignore[arg-type]
    except (UsageError, TypeError):
        return FPS_RANGE
    return None


def check_fields(options: object, problem: Callable[[str, object], str | None]) -> None:
    """Check every field of ``options`` (a dataclass made by the caller's ``__post_init__``) with
    ``problem(name, value)``: the first one that has a problem raises
    :class:`~subconv.errors.UsageError` naming the class, the field and the value.  :class:`Options`
    and :class:`subconv.formats.WriteOptions` are checked so."""
    for name, value in vars(options).items():
        why = problem(name, value)
        if why is not None:
            raise UsageError(f"invalid {type(options).__name__}({name}={value!r}): {why}")


def _choice(value: object, allowed: tuple[str, ...], none: bool = False) -> str | None:
    if value in allowed if isinstance(value, str) else (none and value is None):
        return None
    listed = ", ".join(repr(a) for a in allowed)
    return f"use one of {listed}" + (" or None" if none else "")


def _flag(value: object) -> str | None:
    return None if isinstance(value, bool) else "must be True or False"


def _problem(name: str, value: object) -> str | None:  # noqa: PLR0911 (one rule a field)
    """Why ``value`` cannot be field ``name`` of :class:`Options`, or None."""
    if name == "dedupe":
        return _choice(value, DEDUPE_POLICIES)
    if name == "overlaps":
        return _choice(value, OVERLAP_POLICIES, none=True)
    if name in ("max_lines", "max_chars"):
        return count_problem(value)
    if name == "audio_stream":
        return None if value is None else count_problem(value)
    if name in ("wpm", "cps"):
        return None if value is None else rate_problem(value)
    if name == "duration_ms":
        ok = value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)
        return None if ok else "must be None or whole milliseconds, not negative"
    if name == "media":
        return None if value is None or isinstance(value, str | os.PathLike) else "must be a path or None"
    if name == "language":
        return None if value is None else language_problem(value)
    if name == "editor":
        return None if value is None or isinstance(value, str) else "must be a str or None"
    if name == "aligner":
        return None if isinstance(value, str) else "must be a str"
    if name == "fps":
        return None if value is None else fps_problem(value)
    if name == "skip":
        return None  # (Options._check_steps)
    return _flag(value)


@dataclass(frozen=True)
class Options:
    """Everything the pipeline can be told.  Defaults are what the CLI does.

    Made with a value a field does not take, it raises :class:`~subconv.errors.UsageError`
    (see the module's description; the names of editors, aligners and steps are checked when
    the pipeline takes the options).  ``skip`` may be given as any collection of step names; it is
    kept as a ``frozenset``.
    """

    # dedupe: "auto" = adjacent duplicates on pages and recognised rolling
    # auto-captions, nothing on timed files; "off"; "adjacent" (force on timed
    # files too); "all" = also non-adjacent repeats (e.g. a cold-open teaser).
    dedupe: DedupePolicy = "auto"
    drop_sound_tags: bool = False  # drop "[Music]", "(applause)" ...
    max_lines: int = 2  # segmentation: lines per cue
    max_chars: int = 42  # segmentation: characters per line (CJK count double)
    merge_fragments: bool = False  # segmentation: join fragments into sentences
    break_long_lines: bool = False  # timed files: re-break lines over max_chars, keeping times
    wpm: float | None = None  # timing: words per minute (alphabetic scripts)
    cps: float | None = None  # timing: characters per second (CJK)
    duration_ms: int | None = None  # timing: the media's length
    media: str | None = None  # alignment / duration: the media file
    audio_stream: int | None = None  # alignment: the media's audio stream (1 = the first; None: by language)
    align: bool = True  # with media: align cues to detected speech
    aligner: str = "auto"  # alignment backend: auto|acoustic|tts|vad (subconv.align.backends.BACKENDS)
    language: str | None = None  # the text's language (BCP 47) when the input does not say
    fps: float | Fraction | None = None  # editor profile: snap to frame boundaries (1 to 1000)
    editor: str | None = None  # editor preset name
    overlaps: OverlapPolicy | None = None  # overlapping cues: None = keep, or the editor preset's policy
    retime: bool = False  # re-estimate times even where the input has them
    words: bool = False  # write per-word times (WebVTT timestamps, ASS karaoke, report)
    skip: frozenset[str] = field(default_factory=frozenset)  # step names to skip

    def __post_init__(self) -> None:
        check_fields(self, _problem)
        self._check_steps()

    def _check_steps(self) -> None:
        """``skip`` a collection of names, kept as a frozenset."""
        skip = self.skip
        if isinstance(skip, str) or not isinstance(skip, frozenset | set | list | tuple):
            raise UsageError(f"invalid Options(skip={skip!r}): give a set of step names, e.g. {{'dedupe'}}")
        if type(skip) is not frozenset:
            object.__setattr__(self, "skip", frozenset(skip))

    def replace(self, **changes: object) -> Options:
        """Return a copy with ``changes`` applied (checked as when made)."""
        return replace(self, **changes)  # type: ignore[arg-type]

"""Editor presets and frame rates for the editor-safe SRT profile.

Video editors are stricter than players: they place captions on frame
boundaries and several refuse overlapping captions.  A preset bundles the
defaults one editor wants (see ``docs/editors.md`` for the sources):

>>> p = preset("fcp")
>>> p.overlaps, p.min_gap_frames
('stagger', 2)
>>> preset("nope")
Traceback (most recent call last):
...
subconv.errors.UsageError: unknown editor 'nope'; valid editors: fcp, generic, kdenlive, premiere, resolve, shotcut

Frame rates are exact fractions; frame ``k`` starts at
``round(k * 1000 * den / num)`` milliseconds:

>>> rate = frame_rate(23.976)
>>> rate, frame_to_ms(1, rate), frame_to_ms(1001, rate)
(Fraction(24000, 1001), 42, 41750)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import UsageError

if TYPE_CHECKING:  # (types only: Options checks its editor's name here)
    from fractions import Fraction

    from .options import Options, OverlapPolicy

#: A cue is never cut below this length (or below its own length, if shorter).
MIN_DURATION_MS = 500

#: Frames kept free between two cues by frame snapping.
DEFAULT_MIN_GAP_FRAMES = 2


@dataclass(frozen=True)
class EditorPreset:
    """What one video editor wants from an SRT file.

    ``fps`` is a default frame rate (``None``: the user passes ``--fps`` to
    match the timeline); ``bom``/``crlf`` are the byte-order mark and line
    ending; ``max_chars`` a line-length limit (``None``: none documented);
    ``overlaps`` the overlap policy used when the user keeps the default;
    ``min_gap_frames`` the frames kept free between cues when snapping.
    """

    name: str
    description: str
    fps: float | None = None
    bom: bool = False
    crlf: bool = False
    max_chars: int | None = None
    overlaps: OverlapPolicy = "stagger"
    min_gap_frames: int = DEFAULT_MIN_GAP_FRAMES


#: Every preset, by name.  See docs/editors.md for what each value rests on.
PRESETS: dict[str, EditorPreset] = {
    p.name: p
    for p in (
        EditorPreset(
            "generic",
            "any editor: frame snapping only when --fps is given, overlaps kept",
            overlaps="keep",
        ),
        EditorPreset(
            "resolve",
            "DaVinci Resolve: subtitle clips on one track cannot overlap; characters-per-line QC",
            max_chars=42,
        ),
        EditorPreset(
            "fcp",
            "Final Cut Pro: captions in one language must not overlap in time",
        ),
        EditorPreset(
            "premiere",
            "Adobe Premiere Pro: SRT imported as a caption track",
        ),
        EditorPreset("kdenlive", "Kdenlive: subtitle track"),
        EditorPreset("shotcut", "Shotcut: subtitle track"),
    )
}


def preset(name: str) -> EditorPreset:
    """The preset called ``name`` (case-insensitive); ``UsageError`` listing valid names otherwise.

    >>> preset("Resolve").max_chars
    42
    """
    found = PRESETS.get(name.strip().lower())
    if found is None:
        raise UsageError(f"unknown editor {name!r}; valid editors: {', '.join(sorted(PRESETS))}")
    return found


_NTSC = {23.976: 24, 29.97: 30, 47.952: 48, 59.94: 60, 119.88: 120}


def frame_rate(fps: float | Fraction) -> Fraction:
    """The exact frame rate for ``fps``: NTSC rates (23.976, 29.97, 59.94 ...) become ``N*1000/1001``.

    >>> frame_rate(29.97), frame_rate(25), frame_rate(59.94), frame_rate(12.5)
    (Fraction(30000, 1001), Fraction(25, 1), Fraction(60000, 1001), Fraction(25, 2))
    """
    from fractions import Fraction  # (not at module level: most conversions ask for no frame rate)

    from .timeops import frame_rate_value

    frame_rate_value(fps)  # (in range, else UsageError)
    for approx, base in _NTSC.items():
        if abs(fps - approx) < 0.005 or abs(fps - base * 1000 / 1001) < 1e-6:
            return Fraction(base * 1000, 1001)
    return Fraction(fps).limit_denominator(1001)


def frame_to_ms(frame: int, rate: Fraction) -> int:
    """Start of frame ``frame`` in whole milliseconds (halves round up).

    >>> from fractions import Fraction
    >>> frame_to_ms(3, Fraction(25)), frame_to_ms(1, Fraction(30000, 1001))
    (120, 33)
    """
    num = frame * 1000 * rate.denominator
    return (2 * num + rate.numerator) // (2 * rate.numerator)


def ms_to_frame(ms: int, rate: Fraction) -> int:
    """The frame whose start is nearest ``ms`` (halves round up).

    >>> from fractions import Fraction
    >>> ms_to_frame(1019, Fraction(25)), ms_to_frame(1020, Fraction(25))
    (25, 26)
    """
    return (2 * ms * rate.numerator + 1000 * rate.denominator) // (2000 * rate.denominator)


def frames_at_least(ms: int, rate: Fraction) -> int:
    """The fewest whole frames lasting at least ``ms`` milliseconds.

    >>> from fractions import Fraction
    >>> frames_at_least(500, Fraction(25)), frames_at_least(501, Fraction(25))
    (13, 13)
    """
    num = ms * rate.numerator
    den = 1000 * rate.denominator
    return max(0, -(-num // den))


@dataclass(frozen=True)
class Profile:
    """The editor settings in force for one run (options merged with the preset)."""

    rate: Fraction | None
    overlaps: OverlapPolicy
    min_gap_frames: int
    preset: EditorPreset | None


def profile(options: Options) -> Profile:
    """Merge ``options`` with its editor preset: explicit options win.

    ``overlaps=None`` (the default) lets the preset's policy apply; an explicit
    ``"keep"`` keeps overlapping cues even with a preset.

    >>> from subconv.options import Options
    >>> profile(Options(editor="fcp", fps=25)).overlaps
    'stagger'
    >>> profile(Options(editor="fcp", overlaps="merge")).overlaps
    'merge'
    >>> profile(Options(editor="fcp", overlaps="keep")).overlaps
    'keep'
    """
    ed = preset(options.editor) if options.editor else None
    fps = options.fps if options.fps is not None else (ed.fps if ed else None)
    overlaps: OverlapPolicy = options.overlaps or (ed.overlaps if ed is not None else "keep")
    gap = ed.min_gap_frames if ed else DEFAULT_MIN_GAP_FRAMES
    return Profile(frame_rate(fps) if fps is not None else None, overlaps, gap, ed)

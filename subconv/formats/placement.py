"""Placement and markup carried between SRT, WebVTT and ASS, and what cannot be: reported.

Placement is a numpad digit as ASS's ``{\\anN}`` (8 = top centre, 2 = bottom centre, the
default), kept by each reader in its own extras key (:data:`ALIGN_KEYS`: ``srt.align``,
``ass.align``, ``ttml.align``).  Each writer takes it from, in order: the cue's own markup
(:func:`explicit_align`), its WebVTT settings (``line:0`` is the top), or
the alignment of its ASS style.  SRT writes ``{\\anN}`` (understood by ffmpeg, libass and
most players), WebVTT ``line:``/``align:`` settings, ASS ``{\\anN}``.

Colour travels between SRT's ``<font color>`` and ASS's ``\\c``; anything else a target
cannot hold (other ASS override tags, other WebVTT settings, font faces and sizes, SRT
coordinates) gets a ``rewritten`` report entry with the cue's source line.
"""

from __future__ import annotations

import re

from ..model import Cue, Track
from ..report import Report

_FONT_COLOR = re.compile(r"""color\s*=\s*["']?\s*#?([0-9a-fA-F]{6})\b""", re.IGNORECASE)
_FONT_NAMED = re.compile(r"""color\s*=\s*["']?\s*([a-zA-Z]+)""", re.IGNORECASE)
_NAMED = {
    "white": "ffffff",
    "black": "000000",
    "red": "ff0000",
    "green": "008000",
    "lime": "00ff00",
    "blue": "0000ff",
    "yellow": "ffff00",
    "cyan": "00ffff",
    "aqua": "00ffff",
    "magenta": "ff00ff",
    "fuchsia": "ff00ff",
    "gray": "808080",
    "grey": "808080",
    "orange": "ffa500",
    "purple": "800080",
}
_ASS_COLOUR = re.compile(r"\\1?c&H([0-9a-fA-F]{1,8})&?")
_ASS_TAG = re.compile(r"\\([a-z]+)", re.IGNORECASE)


def vtt_align(settings: object) -> str | None:
    """The numpad placement WebVTT cue settings ask for, or None for the default (bottom centre).

    >>> vtt_align("line:0"), vtt_align("line:0 align:left"), vtt_align("line:50%,center"), vtt_align("size:50%")
    ('8', '7', '5', None)
    """
    if not isinstance(settings, str) or not settings:
        return None
    from .vtt.settings import parse_cue_settings

    st = parse_cue_settings(settings)
    row = 0  # 0 bottom, 1 middle, 2 top
    if st.line != "auto" and isinstance(st.line, float):
        if st.snap_to_lines:
            row = 2 if st.line >= 0 else 0
        elif st.line < 34:
            row = 2
        elif st.line <= 66:
            row = 1
    column = {"left": 0, "start": 0, "right": 2, "end": 2}.get(st.align, 1)
    if row == 0 and column == 1:
        return None
    return str(1 + column + 3 * row)


#: the extras keys each reader puts the numpad placement of a cue's own markup in
ALIGN_KEYS = ("srt.align", "ass.align", "ttml.align")


def explicit_align(cue: Cue) -> str | None:
    """The numpad placement a reader took from the cue's own markup (:data:`ALIGN_KEYS`: SRT and
    ASS ``{\\anN}``, a TTML region or alignment), or None.

    >>> explicit_align(Cue(0, 1, ("a",), extras={"ass.align": "8"})), explicit_align(Cue(0, 1, ("a",)))
    ('8', None)
    """
    ex = cue.extras
    for key in ALIGN_KEYS if ex else ():
        align = ex.get(key)
        if isinstance(align, str) and len(align) == 1 and align in "123456789":
            return align
    return None


def style_alignments(track: Track) -> dict[str, str]:
    """ASS style name -> its alignment digit, for styles not at the bottom centre (``ass.styles``).

    >>> t = Track((), meta={"ass.styles": ("Style: Top,Arial,20,&H0,&H0,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,8,0,0,0,1",)})
    >>> style_alignments(t)
    {'Top': '8'}
    """
    styles = track.meta.get("ass.styles")
    out: dict[str, str] = {}
    if not isinstance(styles, tuple):
        return out
    ssa = track.meta.get("ass.format") == "ssa"
    for line in styles:
        if not isinstance(line, str):
            continue
        fields = [f.strip() for f in line.partition(":")[2].split(",")]
        index = 12 if ssa else 18
        if len(fields) > index and fields[index].isdigit():
            value = numpad_of_ssa(fields[index]) if ssa else fields[index]
            if value in "13456789" and len(value) == 1:
                out[fields[0]] = value
    return out


def numpad_of_ssa(value: str) -> str:
    """The numpad alignment (ASS) of an SSA style's alignment ``value`` (SSA: 1-3 bottom, +4 top
    ("toptitle"), +8 middle; 4 and 8, which name no column, drawn by libass as VSFilter draws
    them: middle right, bottom right); ``value`` itself when it is not a number.

    >>> numpad_of_ssa("1"), numpad_of_ssa("6"), numpad_of_ssa("11"), numpad_of_ssa("8"), numpad_of_ssa("x")
    ('1', '8', '6', '3', 'x')
    """
    if not (value.isascii() and value.isdigit()):
        return value
    n = {4: 11, 8: 3}.get(int(value), int(value))
    row = 2 if n & 4 else 1 if n & 8 else 0
    return str((n & 3 or 2) + 3 * row)


def ssa_of_numpad(value: str) -> str:
    """The SSA alignment of a numpad (ASS) alignment ``value`` (:func:`numpad_of_ssa` undone);
    ``value`` itself when it is not 1-9.

    >>> ssa_of_numpad("1"), ssa_of_numpad("8"), ssa_of_numpad("6"), ssa_of_numpad("0")
    ('1', '6', '11', '0')
    """
    if len(value) != 1 or value not in "123456789":
        return value
    row, column = divmod(int(value) - 1, 3)
    return str(column + 1 + (0, 8, 4)[row])


def cue_align(cue: Cue, styles: dict[str, str]) -> str | None:
    """The cue's placement: its own ``align``, else its WebVTT settings', else its ASS style's."""
    ex = cue.extras
    align = explicit_align(cue)
    if align is not None:
        return align
    found = vtt_align(ex.get("vtt.settings"))
    if found is not None:
        return found
    if styles:
        style = ex.get("ass.style", "Default")
        return styles.get(style) if isinstance(style, str) else None
    return None


def font_colour(font: object) -> str | None:
    """``rrggbb`` of an SRT ``<font color=...>`` tag, or None.

    >>> font_colour('<font color="#FF8800">'), font_colour("<font color=red>"), font_colour("<font face=x>")
    ('ff8800', 'ff0000', None)
    """
    if not isinstance(font, str):
        return None
    m = _FONT_COLOR.search(font)
    if m is not None:
        return m.group(1).lower()
    m = _FONT_NAMED.search(font)
    return _NAMED.get(m.group(1).lower()) if m is not None else None


def ass_colour(rgb: str) -> str:
    """``\\c&HBBGGRR&`` for ``rrggbb``.

    >>> ass_colour("ff8800")
    '\\\\c&H0088FF&'
    """
    return f"\\c&H{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}&".upper().replace("\\C", "\\c")


def colour_of_tags(tags: object) -> str | None:
    """``rrggbb`` of the primary colour in kept ASS override tags, or None.

    >>> colour_of_tags(r"{\\pos(1,2)\\c&H0088FF&}")
    'ff8800'
    """
    if not isinstance(tags, str):
        return None
    m = _ASS_COLOUR.search(tags)
    if m is None:
        return None
    bgr = m.group(1).rjust(6, "0")[-6:]
    return (bgr[4:6] + bgr[2:4] + bgr[0:2]).lower()


def _ass_carries_all(raw: str, cue: Cue) -> bool:
    from .ass.text import carries_all  # (only for a cue read from ASS whose text was kept as written)

    return carries_all(raw, cue.lines, cue.spans, cue.extras.get("ass.align"))


def report_uncarried(cue: Cue, target: str, report: Report, step: str) -> None:
    """A ``rewritten`` entry for each thing of ``cue`` the ``target`` format cannot hold."""
    ex = cue.extras
    lost: list[str] = []
    tags = ex.get("ass.tags")
    if isinstance(tags, str) and target != "ass":
        names = sorted(set(_ASS_TAG.findall(tags)) - ({"c", "1c"} if target == "srt" else set()))
        if names:
            lost.append(f"ASS override tags ({', '.join(names)})")
    raw = ex.get("ass.raw")
    if isinstance(raw, str) and target != "ass" and not tags and not _ass_carries_all(raw, cue):
        lost.append("ASS markup (karaoke, drawings, soft breaks)")
    font = ex.get("srt.font")
    if (
        isinstance(font, str)
        and target != "srt"
        and (target == "vtt" or font_colour(font) is None or re.search(r"\b(face|size)\s*=", font, re.I))
    ):
        lost.append(f"font tag {font}")
    settings = ex.get("vtt.settings")
    if isinstance(settings, str) and target != "vtt":
        from .vtt.settings import parse_cue_settings

        st = parse_cue_settings(settings)
        other = [tok for name, tok in st.valid.items() if name not in ("line", "align")]
        if other:
            lost.append(f"WebVTT settings {' '.join(other)}")
    pos = ex.get("srt.position")
    if isinstance(pos, str) and pos and target != "srt":
        lost.append(f"SRT coordinates {pos}")
    for what in lost:
        report.add(step, "rewritten", f"{what}: not carried to {target.upper()}", cue.source_line, cue.text)

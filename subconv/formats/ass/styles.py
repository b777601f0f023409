"""A ``Style:`` line converted between the two flavours: ASS (``[V4+ Styles]``) and SSA v4
(``[V4 Styles]``), each with its fields in the standard order (``ASS_STYLE_FORMAT``,
``SSA_STYLE_FORMAT``: the reader puts them so).

The fields both flavours have are carried; the colours are rewritten as each flavour writes
them (ASS ``&HAABBGGRR``, SSA a decimal ``BBGGRR`` as SubStation Alpha wrote it, negative past
2^31), and the alignment renumbered (numpad in ASS; 1-3, +4 top, +8 middle in SSA).  Where the
flavours differ, the conversion follows how libass (and VSFilter) draw an SSA style: the alpha
of the text and its outline is the style's ``AlphaLevel``, the outline (the box of border style
3) is drawn in ``BackColour``, the shadow's colour, and the shadow half transparent; SSA's
``TertiaryColour`` is not drawn.
So ASS -> SSA writes the primary colour's alpha as ``AlphaLevel``, ``OutlineColour`` as
``TertiaryColour`` and, for a style drawing an outline and no shadow, as the ``BackColour``;
SSA -> ASS draws the outline in the back colour.  What the other flavour cannot hold (ASS's
underline, strike-out, scaling, spacing and angle that are not their defaults; an outline colour
apart from a shadow's; colours of other alphas than the text's, a shadow's not half
transparent; SSA's tertiary colour) is named
in the list :func:`convert_style` returns, for the report.
"""

from __future__ import annotations

from ..placement import numpad_of_ssa, ssa_of_numpad
from .reader import ASS_STYLE_FORMAT, SSA_STYLE_FORMAT, STYLE_DEFAULTS

ASS_FIELDS = tuple(ASS_STYLE_FORMAT.split(", "))
SSA_FIELDS = tuple(SSA_STYLE_FORMAT.split(", "))
#: the ASS fields SSA has not, at the value that draws as SSA does
_ASS_ONLY = {"Underline": 0.0, "StrikeOut": 0.0, "ScaleX": 100.0, "ScaleY": 100.0, "Spacing": 0.0, "Angle": 0.0}
_RGB = 0xFFFFFF
#: the alpha libass (as VSFilter) draws an SSA style's shadow with, whatever its BackColour says
_SSA_SHADOW_ALPHA = 0x80


def colour_value(text: str) -> int | None:
    """A style colour as a 32-bit ``AABBGGRR`` number: ``&H...`` hexadecimal (a trailing ``&``
    allowed) or decimal (SSA's, negative past 2^31, taken modulo 2^32 as libass takes it); None
    when it is neither.

    >>> colour_value("&H80000008"), colour_value("-2147483640"), colour_value("65535"), colour_value("red")
    (2147483656, 2147483656, 65535, None)
    """
    v = text.strip()
    try:
        n = int(v[2:].rstrip("&") or "0", 16) if v[:2].lower() in ("&h", "0x") else int(v)
    except ValueError:
        return None
    return n % (1 << 32)


def ass_colour_text(value: int) -> str:
    """``value`` as ASS writes a style colour.

    >>> ass_colour_text(2147483656)
    '&H80000008'
    """
    return f"&H{value:08X}"


def ssa_colour_text(value: int) -> str:
    """``value`` as SubStation Alpha wrote a style colour: a signed 32-bit decimal.

    >>> ssa_colour_text(65535), ssa_colour_text(2147483656)
    ('65535', '-2147483640')
    """
    return str(value - (1 << 32) if value >= 1 << 31 else value)


def _alpha_level(text: str) -> int:
    """An SSA ``AlphaLevel`` as libass draws it: a signed 32-bit number (decimal or ``&H``)
    clamped to 0-255; anything else 0.

    >>> _alpha_level("&H30"), _alpha_level("&H3FF"), _alpha_level("&HFFFFFFEA"), _alpha_level("0.1")
    (48, 255, 0, 0)
    """
    n = colour_value(text)
    if n is None:
        return 0
    return max(0, min(0xFF, n - (1 << 32) if n >= 1 << 31 else n))


def _fields(line: str, names: tuple[str, ...]) -> dict[str, str]:
    """The fields of a ``Style:`` line in the standard order ``names``, by name (a field it
    lacks given libass's default)."""
    values = [v.strip() for v in line.partition(":")[2].split(",", len(names) - 1)]
    got = dict(zip(names, values, strict=False))
    return {n: got.get(n, STYLE_DEFAULTS.get(n.lower(), "0")) for n in names}


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def convert_style(line: str, to_ssa: bool) -> tuple[str, list[str]]:
    """The ``Style:`` ``line`` of the other flavour as a ``Style:`` line of SSA (``to_ssa``) or
    ASS, and what of it the new flavour does not hold (empty: nothing lost).

    >>> convert_style("Style: Top,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H80000000,"
    ...               "-1,0,0,0,100,100,0,0,1,2,0,8,10,10,10,1", True)
    ('Style: Top,Arial,20,16777215,255,0,-2147483648,-1,0,1,2,0,6,10,10,10,0,1', [])
    >>> convert_style("Style: Top,Arial,20,16777215,255,0,-2147483648,-1,0,1,2,0,6,10,10,10,0,1", False)
    ('Style: Top,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H80000000,-1,0,0,0,100,100,0,0,1,2,0,8,10,10,10,1', [])
    """
    src = _fields(line, ASS_FIELDS if to_ssa else SSA_FIELDS)
    lost: list[str] = []
    colours: dict[str, int] = {}
    for name in ("PrimaryColour", "SecondaryColour", "OutlineColour" if to_ssa else "TertiaryColour", "BackColour"):
        value = colour_value(src[name])
        if value is None:
            lost.append(f"{name} {src[name]} (not a colour: the default written)")
            value = colour_value(STYLE_DEFAULTS[name.lower()])
            assert value is not None
        colours[name] = value
    out = dict(src)
    out.update(_to_ssa(src, colours, lost) if to_ssa else _to_ass(src, colours, lost))
    names = SSA_FIELDS if to_ssa else ASS_FIELDS
    return "Style: " + ",".join(out[n] for n in names), lost


def _to_ssa(src: dict[str, str], colours: dict[str, int], lost: list[str]) -> dict[str, str]:
    """The SSA fields an ASS style's (``src``, its ``colours`` read) become, what they cannot
    hold added to ``lost``.  SSA draws the outline (or the box of border style 3) and the shadow
    in one colour, ``BackColour``: the shadow's, or the outline's where no shadow is drawn."""
    alpha = colours["PrimaryColour"] >> 24
    outline, back = colours["OutlineColour"], colours["BackColour"]
    outlined = src["BorderStyle"].strip() == "3" or _number(src["Outline"]) != 0
    shadowed = _number(src["Shadow"]) != 0
    if outlined and not shadowed:
        back = back & ~_RGB | outline & _RGB
    elif (outline ^ back) & _RGB:  # (even if the style draws no outline: a \bord tag may)
        lost.append(f"OutlineColour {src['OutlineColour']} (SSA draws the outline in the shadow's BackColour)")
    for name in ("SecondaryColour", "OutlineColour") if outlined else ("SecondaryColour",):
        if colours[name] >> 24 != alpha:
            lost.append(f"the alpha of {name} {src[name]} (SSA has one AlphaLevel, the PrimaryColour's)")
    if shadowed and colours["BackColour"] >> 24 != _SSA_SHADOW_ALPHA:
        lost.append(f"the alpha of BackColour {src['BackColour']} (SSA draws a shadow half transparent)")
    for name, default in _ASS_ONLY.items():
        if _number(src[name]) != default:
            lost.append(f"{name} {src[name]}")
    return {
        "PrimaryColour": ssa_colour_text(colours["PrimaryColour"] & _RGB),
        "SecondaryColour": ssa_colour_text(colours["SecondaryColour"] & _RGB),
        "TertiaryColour": ssa_colour_text(outline & _RGB),
        "BackColour": ssa_colour_text(back),
        "AlphaLevel": str(alpha),
        "Alignment": ssa_of_numpad(src["Alignment"]),
    }


def _to_ass(src: dict[str, str], colours: dict[str, int], lost: list[str]) -> dict[str, str]:
    """The ASS fields an SSA style's (``src``, its ``colours`` read) become, drawn as libass
    draws the SSA style (every colour but the shadow's of the ``AlphaLevel`` alpha, the outline
    in ``BackColour``, the shadow half transparent); its ``TertiaryColour`` (which is not drawn)
    added to ``lost``."""
    alpha = _alpha_level(src["AlphaLevel"]) << 24
    back = colours["BackColour"] & _RGB | _SSA_SHADOW_ALPHA << 24
    if (colours["TertiaryColour"] ^ back) & _RGB:
        lost.append(f"TertiaryColour {src['TertiaryColour']} (not drawn: SSA draws the outline in BackColour)")
    return {
        "PrimaryColour": ass_colour_text(alpha | colours["PrimaryColour"] & _RGB),
        "SecondaryColour": ass_colour_text(alpha | colours["SecondaryColour"] & _RGB),
        "OutlineColour": ass_colour_text(alpha | back & _RGB),
        "BackColour": ass_colour_text(back),
        "Alignment": numpad_of_ssa(src["Alignment"]),
        **{name: f"{default:g}" for name, default in _ASS_ONLY.items()},
    }

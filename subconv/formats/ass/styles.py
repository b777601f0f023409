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

A style line is also read as a typed, frozen :class:`Style` (:func:`read_style`) and written
from one (:func:`style_line`): a field left as read is written as it was spelt (a style not
edited, byte for byte), one edited as ASS writes it.  ``subconv.styles`` edits a track's styles
with them.
"""

from __future__ import annotations

import math
import numbers
import re
from dataclasses import FrozenInstanceError, dataclass, field
from decimal import Decimal
from typing import Literal

from ...errors import StyleError
from ..placement import colour_number, numpad_of_ssa, ssa_of_numpad
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
    return colour_number(text)


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


#: how a :class:`Style` field is read and written: text, a number (float), a whole number,
#: a flag (``-1`` on, ``0`` off) or a colour
Kind = Literal["text", "number", "whole", "flag", "colour"]
#: each :class:`Style` attribute (pysubs2's ``SSAStyle`` names), its ASS field, in the order of
#: ``ASS_STYLE_FORMAT``
STYLE_FIELDS: tuple[tuple[str, str, Kind], ...] = (
    ("name", "Name", "text"),
    ("fontname", "Fontname", "text"),
    ("fontsize", "Fontsize", "number"),
    ("primarycolor", "PrimaryColour", "colour"),
    ("secondarycolor", "SecondaryColour", "colour"),
    ("outlinecolor", "OutlineColour", "colour"),
    ("backcolor", "BackColour", "colour"),
    ("bold", "Bold", "flag"),
    ("italic", "Italic", "flag"),
    ("underline", "Underline", "flag"),
    ("strikeout", "StrikeOut", "flag"),
    ("scalex", "ScaleX", "number"),
    ("scaley", "ScaleY", "number"),
    ("spacing", "Spacing", "number"),
    ("angle", "Angle", "number"),
    ("borderstyle", "BorderStyle", "whole"),
    ("outline", "Outline", "number"),
    ("shadow", "Shadow", "number"),
    ("alignment", "Alignment", "whole"),
    ("marginl", "MarginL", "whole"),
    ("marginr", "MarginR", "whole"),
    ("marginv", "MarginV", "whole"),
    ("encoding", "Encoding", "whole"),
)
_WHOLE = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)")


def rgb_of_ass(value: int) -> int:
    """An ASS colour (``AABBGGRR``) as a :class:`Style` holds it: ``AARRGGBB`` (red and blue swapped).

    >>> hex(rgb_of_ass(0x800000FF)), hex(rgb_of_ass(rgb_of_ass(0x12345678)))
    ('0x80ff0000', '0x12345678')
    """
    return value & 0xFF00FF00 | (value & 0xFF) << 16 | (value >> 16) & 0xFF


def _parsed(kind: Kind, text: str, default: str, bold: bool = False) -> object:
    """The value of a field of ``kind`` spelt ``text`` (the reader keeps only values of their
    kind; anything else read as libass's ``default``).  A flag is on as the writers take a
    style's formatting (:func:`~subconv.formats.placement.style_formatting`): a whole number
    but 0 (``bold``: -1, 1, or a weight of 500 or more)."""
    if kind == "text":
        return text
    if kind == "colour":
        value = colour_value(text)
        return rgb_of_ass(value if value is not None else colour_value(default) or 0)
    if kind == "number":
        return float(text if _DECIMAL.fullmatch(text) else default)
    whole = int(text) if _WHOLE.fullmatch(text) and len(text) < 4000 else None
    if kind == "flag":
        return whole is not None and ((whole in (-1, 1) or whole >= 500) if bold else whole != 0)
    if whole is None and _DECIMAL.fullmatch(text):
        number = float(text)
        whole = int(number) if math.isfinite(number) else None
    return whole if whole is not None else int(default)


def _value(attr: str, name: str, kind: Kind, fields: dict[str, str]) -> object:
    """The value of the attribute ``attr`` (ASS field ``name``) of a line of ``fields``."""
    return _parsed(kind, fields[name], STYLE_DEFAULTS.get(name.lower(), "0"), attr == "bold")


def _spelt(kind: Kind, value: object) -> str:
    """``value`` of a field of ``kind`` as ASS writes it (a number without an exponent, which
    the reader would not take).

    >>> _spelt("number", 1e-05), _spelt("number", 30.0), _spelt("colour", 0x80FF0000), _spelt("flag", True)
    ('0.00001', '30', '&H800000FF', '-1')
    """
    if kind == "colour":
        assert isinstance(value, int)
        return ass_colour_text(rgb_of_ass(value))
    if kind == "flag":
        return "-1" if value else "0"
    if kind == "number":
        assert isinstance(value, float)
        return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    return str(value)


@dataclass(frozen=True)
class Style:
    """An ASS style (a ``Style:`` line of ``[V4+ Styles]``), typed and immutable; its fields
    are pysubs2's ``SSAStyle``'s.  Colours are ``0xAARRGGBB`` integers: the red, green and blue
    as HTML writes them, the alpha as ASS counts it (``0x00``: opaque, ``0xFF``: transparent).
    The defaults are libass's for a field a line leaves out.  An edit is a copy:
    ``dataclasses.replace(style, fontsize=30)``.  A value the field cannot hold (a colour that
    is none, an alignment off the numpad 1-9, a size not above 0, a name with a comma) is a
    :class:`~subconv.errors.StyleError` naming the field; a style read from a file is taken as
    it is, only the fields given anew are checked.

    >>> s = Style("Sign", fontsize=30, primarycolor=0x00FF0000, bold=True, alignment=8)
    >>> style_line(s, False)[0]
    'Style: Sign,Arial,30,&H000000FF,&H0000FFFF,&H00000000,&H00000000,-1,0,0,0,100,100,0,0,1,2,2,8,10,10,10,1'
    >>> Style("Sign", alignment=0)
    Traceback (most recent call last):
    ...
    subconv.errors.StyleError: style 'Sign': alignment 0 is not a numpad position 1-9
    """

    name: str
    fontname: str = "Arial"
    fontsize: float = 18.0
    primarycolor: int = 0x00FFFFFF
    secondarycolor: int = 0x00FFFF00
    outlinecolor: int = 0x00000000
    backcolor: int = 0x00000000
    bold: bool = False
    italic: bool = False
    underline: bool = False
    strikeout: bool = False
    scalex: float = 100.0
    scaley: float = 100.0
    spacing: float = 0.0
    angle: float = 0.0
    borderstyle: int = 1
    outline: float = 2.0
    shadow: float = 2.0
    alignment: int = 2
    marginl: int = 10
    marginr: int = 10
    marginv: int = 10
    encoding: int = 1
    #: the ``Style:`` line it was read from and whether that is SSA's (:func:`read_style`)
    source: tuple[str, bool] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        read = _source_fields(self.source)
        for attr, name, kind in STYLE_FIELDS:
            value = getattr(self, attr)
            plain = _plain_number(kind, value)
            if plain is not value:
                value = plain
                object.__setattr__(self, attr, value)
            if read is None or _value(attr, name, kind, read) != value:
                _check(self.name if attr != "name" else None, attr, kind, value)


def _plain_number(kind: Kind, value: object) -> object:
    """``value`` of a field of ``kind`` as the plain Python number the field holds: a ``float``
    for a number (an ``int``, numpy's ``float64``: its ``repr`` is no decimal), an ``int`` for a
    whole number or colour (numpy's integers); anything else (``bool``, text) as it is, for
    :func:`_problem` to judge.

    >>> _plain_number("number", 30), _plain_number("whole", True), _plain_number("text", "x")
    (30.0, True, 'x')
    """
    if isinstance(value, bool) or kind in ("text", "flag"):
        return value
    if type(value) is float or (type(value) is int and kind != "number"):  # (the usual case)
        return value
    if kind == "number" and isinstance(value, numbers.Real):
        return float(value)
    if kind in ("whole", "colour") and isinstance(value, numbers.Integral):
        return int(value)
    if kind == "colour":
        return _rgba(value)
    return value


def _rgba(value: object) -> object:
    """A colour given as pysubs2 gives one, ``pysubs2.Color(r, g, b, a)`` (anything with the
    whole numbers 0-255 ``r``, ``g``, ``b``, ``a``), as the ``0xAARRGGBB`` a :class:`Style`
    holds; anything else as it is.

    >>> from types import SimpleNamespace
    >>> hex(_rgba(SimpleNamespace(r=255, g=0, b=0, a=0x80))), _rgba("red")
    ('0x80ff0000', 'red')
    """
    parts = [getattr(value, c, None) for c in "argb"]
    whole = [int(p) for p in parts if isinstance(p, numbers.Integral) and not isinstance(p, bool)]
    if len(whole) == 4 and all(0 <= p <= 255 for p in whole):
        a, r, g, b = whole
        return a << 24 | r << 16 | g << 8 | b
    return value


def _immutable(self: Style, name: str, value: object) -> None:
    """pysubs2's ``style.fontsize = 30`` on a frozen :class:`Style`: what to do instead."""
    raise FrozenInstanceError(
        f"a Style is immutable: dataclasses.replace(style, {name}=...) is a copy with it changed, "
        "and track = subconv.set_style(track, that) a track with the copy"
    )


# (a frozen dataclass may not define its own __setattr__; its __init__ sets fields through object's)
Style.__setattr__ = _immutable  # type: ignore[method-assign, assignment]


def _source_fields(source: tuple[str, bool] | None) -> dict[str, str] | None:
    """The ASS fields (by name, as spelt) of the line a style was read from (an SSA one converted)."""
    if source is None:
        return None
    line, ssa = source
    return _fields(convert_style(line, False)[0] if ssa else line, ASS_FIELDS)


def _check(style: str | None, attr: str, kind: Kind, value: object) -> None:
    """Refuse ``value`` for the field ``attr`` of ``kind`` (of the style named ``style``) with a
    :class:`StyleError` naming it, unless the field can hold it."""
    problem = _problem(attr, kind, value)
    if problem:
        where = f"style {style!r}: " if style is not None else "style name: "
        raise StyleError(f"{where}{attr} {value!r:.60} {problem}", field=attr)


#: the whole-number fields that take only some values: those, and what another is not
_WHOLE_VALUES = {
    "alignment": (range(1, 10), "is not a numpad position 1-9"),
    "borderstyle": ((1, 3), "is not 1 (outline and shadow) or 3 (a box)"),
    "encoding": (range(256), "is not a font encoding 0-255"),
}


def _problem(attr: str, kind: Kind, value: object) -> str | None:
    """What is wrong with ``value`` for the field ``attr`` of ``kind`` (None: nothing)."""
    if kind == "text":
        return _text_problem(attr, value)
    if kind == "flag":
        return None if isinstance(value, bool) else "is not True or False"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "is not a number"
    if kind == "colour":
        ok = isinstance(value, int) and 0 <= value <= 0xFFFFFFFF
        return None if ok else "is not a colour: 0xAARRGGBB, 0 to 0xFFFFFFFF (alpha 0x00 opaque)"
    if kind == "whole":
        allowed, said = _WHOLE_VALUES.get(attr, (None, ""))
        said = said if isinstance(value, int) else "is not a whole number"
        return said if not isinstance(value, int) or (allowed is not None and value not in allowed) else None
    return _number_problem(attr, value)


def _number_problem(attr: str, value: float) -> str | None:
    if not math.isfinite(value):
        return "is not a finite number"
    if attr == "fontsize" and value <= 0:
        return "is not above 0"
    return "is below 0" if attr in ("scalex", "scaley", "outline", "shadow") and value < 0 else None


def _text_problem(attr: str, value: object) -> str | None:
    if not isinstance(value, str):
        return "is not a str"
    if "," in value or "\n" in value or "\r" in value:
        return "cannot hold a comma or a line break (they end a style's field)"
    if value != value.strip():
        return "cannot begin or end with a space (a style's fields are read stripped)"
    if attr == "name" and (value.startswith("*") or (value.lower() == "default" and value != "Default")):
        # (players look an event's style up without its leading '*', and 'default' in any case as
        # 'Default': formats.placement.cue_style; no event would be drawn in such a style)
        return "is no name an event can use: players drop a leading '*' and read 'default' as 'Default'"
    return "is empty" if attr == "name" and not value else None


def read_style(line: str, ssa: bool) -> Style:
    """The :class:`Style` of a ``Style:`` line of ASS (``ssa`` False) or SSA (converted:
    :func:`convert_style`); it remembers the line (:func:`style_line` writes it back while the
    style is as read).

    >>> s = read_style("Style: Top,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H80000000,"
    ...                "-1,0,0,0,100,100,0,0,1,2,0,8,10,10,10,1", False)
    >>> s.name, s.fontsize, hex(s.secondarycolor), s.bold, s.alignment
    ('Top', 20.0, '0xff0000', True, 8)
    """
    read = _source_fields((line, ssa))
    assert read is not None
    values = {attr: _value(attr, name, kind, read) for attr, name, kind in STYLE_FIELDS}
    return Style(**values, source=(line, ssa))  # type: ignore[arg-type]


def style_line(style: Style, ssa: bool) -> tuple[str, list[str]]:
    """The ``Style:`` line of ``style`` in ASS (``ssa`` False) or SSA, and what of it SSA cannot
    hold (:func:`convert_style`; empty: nothing).  The line it was read from while it is as read
    (in the same flavour); else each field as it was spelt there while its value is the same."""
    source = style.source
    if source is not None and source[1] == ssa and read_style(*source) == style:
        return source[0], []
    read = _source_fields(source)
    texts = []
    for attr, name, kind in STYLE_FIELDS:
        value = getattr(style, attr)
        same = read is not None and _value(attr, name, kind, read) == value
        texts.append(read[name] if same and read is not None else _spelt(kind, value))
    line = "Style: " + ",".join(texts)
    if not ssa:
        return line, []
    converted, lost = convert_style(line, True)
    if source is not None and source[1]:  # the SSA fields that come out the same: as they were spelt
        was = _fields(source[0], SSA_FIELDS)
        before = _fields(convert_style(convert_style(source[0], False)[0], True)[0], SSA_FIELDS)
        now = _fields(converted, SSA_FIELDS)
        converted = "Style: " + ",".join(was[n] if now[n] == before[n] else now[n] for n in SSA_FIELDS)
    return converted, lost

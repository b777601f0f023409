"""TTML styling: span kinds and colours from styling attributes, named styles with their references
followed, and placement (regions, ``displayAlign``/``textAlign``) as a numpad digit."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from .document import attribute, local_name

KINDS = ("i", "b", "u", "s")


def style_kinds(attrs: dict[str, str], inherited: frozenset[str]) -> frozenset[str]:
    """``inherited`` changed by the styling attributes in ``attrs`` (local names)."""
    kinds = set(inherited)
    font_style = attrs.get("fontStyle")
    if font_style is not None:
        (kinds.add if font_style in ("italic", "oblique") else kinds.discard)("i")
    weight = attrs.get("fontWeight")
    if weight is not None:
        (kinds.add if weight == "bold" else kinds.discard)("b")
    decoration = attrs.get("textDecoration")
    if decoration is not None:
        words = decoration.split()
        for kind, on, off in (("u", "underline", "noUnderline"), ("s", "lineThrough", "noLineThrough")):
            if on in words:
                kinds.add(kind)
            elif off in words or "none" in words:
                kinds.discard(kind)
    return frozenset(kinds)


#: TTML's named colours (TTML 1 and 2, ``<namedColor>``): those of CSS 2 and ``magenta``, ``cyan``,
#: ``transparent`` (of no colour, ``#00000000``)
NAMED_COLOURS = {
    "transparent": "00000000",
    "black": "000000",
    "silver": "c0c0c0",
    "gray": "808080",
    "white": "ffffff",
    "maroon": "800000",
    "red": "ff0000",
    "purple": "800080",
    "fuchsia": "ff00ff",
    "magenta": "ff00ff",
    "green": "008000",
    "lime": "00ff00",
    "olive": "808000",
    "yellow": "ffff00",
    "navy": "000080",
    "blue": "0000ff",
    "teal": "008080",
    "aqua": "00ffff",
    "cyan": "00ffff",
}
_HEX_COLOUR = re.compile(r"#([0-9a-fA-F]{6})([0-9a-fA-F]{2})?")
_RGB_COLOUR = re.compile(r"rgba?\(\s*([0-9]{1,3})\s*,\s*([0-9]{1,3})\s*,\s*([0-9]{1,3})\s*(?:,\s*([0-9]{1,3})\s*)?\)")


def read_colour(value: str) -> tuple[str, bool] | None:
    """``rrggbb`` of a TTML ``<color>`` (``#rrggbb``, ``#rrggbbaa``, ``rgb(r,g,b)``,
    ``rgba(r,g,b,a)``, a named colour) and whether it is less than opaque (its alpha, which
    subconv's colours do not hold); None for a value that is none of these.

    >>> read_colour("#FF8800"), read_colour("rgba(255,0,0,128)"), read_colour("cyan"), read_colour("bright")
    (('ff8800', False), ('ff0000', True), ('00ffff', False), None)
    """
    value = value.strip()
    named = NAMED_COLOURS.get(value.lower())
    if named is not None:
        value = "#" + named
    m = _HEX_COLOUR.fullmatch(value)
    if m is not None:
        return m.group(1).lower(), m.group(2) is not None and m.group(2).lower() != "ff"
    m = _RGB_COLOUR.fullmatch(value)
    if m is None or value.startswith("rgba(") != (m.group(4) is not None):
        return None
    levels = [int(g) for g in m.groups() if g is not None]
    if any(v > 255 for v in levels):
        return None
    return "".join(f"{v:02x}" for v in levels[:3]), len(levels) == 4 and levels[3] != 255


def style_colour(attrs: dict[str, str], inherited: str | None, odd: set[str]) -> str | None:
    """The colour (``rrggbb``) the styling attributes ``attrs`` set (``color``), else ``inherited``;
    a value not read, or read without its transparency, added to ``odd``.

    >>> odd: set[str] = set()
    >>> style_colour({"color": "#ff000080"}, None, odd), style_colour({"color": "x"}, "00ff00", odd), sorted(odd)
    ('ff0000', '00ff00', ['#ff000080', 'x'])
    """
    value = attrs.get("color")
    if value is None:
        return inherited
    found = read_colour(value)
    if found is None or found[1]:
        odd.add(value)
    return inherited if found is None else found[0]


_STYLE_ATTRS = ("fontStyle", "fontWeight", "textDecoration", "color", "displayAlign", "textAlign", "origin", "extent")


class Styles:
    """Named styles from ``head/styling``, with ``style`` references followed (cycles cut)."""

    def __init__(self, root: ET.Element) -> None:
        self.raw: dict[str, ET.Element] = {}
        for el in root.iter():
            if local_name(el.tag) == "style":
                sid = attribute(el, "id")
                if sid:
                    self.raw[sid] = el
        self.cache: dict[str, dict[str, str]] = {}

    def resolve(self, sid: str, seen: frozenset[str] = frozenset()) -> dict[str, str]:
        if sid in self.cache:
            return self.cache[sid]
        el = self.raw.get(sid)
        out: dict[str, str] = {}
        if el is not None and sid not in seen:
            for ref in (attribute(el, "style") or "").split():
                out.update(self.resolve(ref, seen | {sid}))
            out.update(own_style(el))
        self.cache[sid] = out
        return out

    def of(self, el: ET.Element) -> dict[str, str]:
        """The styling attributes that apply to ``el`` itself: referenced styles, then its own."""
        out: dict[str, str] = {}
        for ref in (el.get("style") or "").split():
            out.update(self.resolve(ref))
        out.update(own_style(el))
        return out


def own_style(el: ET.Element) -> dict[str, str]:
    """``el``'s styling attributes (``tts:`` in the TTML namespace or an old DFXP one), by local name."""
    out: dict[str, str] = {}
    for key, v in el.attrib.items():
        if key.startswith("{") and "styl" in key[1 : key.find("}")]:
            name = local_name(key)
            if name in _STYLE_ATTRS:
                out[name] = v.strip()
    return out


def _percent_y(value: str | None) -> float | None:
    if not value:
        return None
    parts = value.split()
    if len(parts) == 2 and parts[1].endswith("%"):
        try:
            return float(parts[1][:-1])
        except ValueError:
            return None
    return None


def align_digit(attrs: dict[str, str]) -> str:
    """The numpad digit (as in ASS ``\\an``) of a region's or paragraph's placement."""
    display = attrs.get("displayAlign")
    if display == "before":
        row = 7
    elif display == "center":
        row = 4
    elif display == "after":
        row = 1
    else:
        y = _percent_y(attrs.get("origin"))
        height = _percent_y("0 " + attrs["extent"].split()[-1]) if len(attrs.get("extent", "").split()) == 2 else None
        row = 7 if y is not None and y < 40 and (height is None or y + height <= 60) else 1
    text_align = attrs.get("textAlign", "center")
    col = {"left": 0, "start": 0, "right": 2, "end": 2}.get(text_align, 1)
    return str(row + col)


def digit_attrs(digit: str) -> dict[str, str]:
    """The ``displayAlign``/``textAlign`` of a numpad digit (the inverse of :func:`align_digit`).

    >>> digit_attrs("8"), align_digit(digit_attrs("8"))
    ({'displayAlign': 'before', 'textAlign': 'center'}, '8')
    """
    row, col = divmod(int(digit) - 1, 3)
    return {"displayAlign": ("after", "center", "before")[row], "textAlign": ("left", "center", "right")[col]}

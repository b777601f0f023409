"""TTML styling: span kinds from styling attributes, named styles with their references followed,
and placement (regions, ``displayAlign``/``textAlign``) as a numpad digit."""

from __future__ import annotations

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


_STYLE_ATTRS = ("fontStyle", "fontWeight", "textDecoration", "displayAlign", "textAlign", "origin", "extent")


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

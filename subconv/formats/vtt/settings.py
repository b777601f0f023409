"""WebVTT cue settings and regions: the spec's "parse the WebVTT cue settings" and the
settings of a ``REGION`` block, with the browsers' defaults."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

WS_CHARS = " \t\n\f\r"  # the spec's "ASCII whitespace" (not U+000B)
WS_SPLIT = re.compile(r"[ \t\n\f\r]+")
_PERCENT_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?%")
_LINE_NUM_RE = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")


@dataclass
class CueSettings:
    """The values the spec's cue-settings parser assigns (browser defaults otherwise)."""

    vertical: str = ""
    line: float | str = "auto"
    snap_to_lines: bool = True
    line_align: str = "start"
    position: float | str = "auto"
    position_align: str = "auto"
    size: float = 100.0
    align: str = "center"
    region: str | None = None  # the region identifier
    valid: dict[str, str] = field(default_factory=dict)  # name -> last valid token
    dropped: list[str] = field(default_factory=list)  # invalid tokens, in order
    overridden: list[str] = field(default_factory=list)  # valid tokens a later one replaced

    def normalised(self) -> str:
        """The valid settings only, last occurrence of each name, in input order."""
        return " ".join(self.valid.values())


def _percentage(value: str) -> float | None:
    """The spec's "parse a percentage string": ``digits[.digits]%`` in 0..100."""
    if _PERCENT_RE.fullmatch(value) is None:
        return None
    number = float(value[:-1])
    if number > 100:
        return None
    return number


def _float_value(text: str) -> float | None:
    """HTML's floating-point number rules for the already-validated ``-?d+(.d+)?``."""
    number = float(text)
    if number in (float("inf"), float("-inf")):
        return None
    return number + 0.0  # -0 becomes 0


def parse_cue_settings(text: str, region_ids: frozenset[str] | set[str] = frozenset()) -> CueSettings:
    """Parse a cue settings string per the spec ("parse the WebVTT cue settings").

    ``region_ids`` are the identifiers of the regions defined in the header.

    >>> s = parse_cue_settings("align:start line:10% bogus size:50% align:end")
    >>> s.align, s.line, s.snap_to_lines, s.size, s.normalised(), s.dropped
    ('end', 10.0, False, 50.0, 'line:10% size:50% align:end', ['bogus'])
    """
    out = CueSettings()
    for token in WS_SPLIT.split(text):
        if not token:
            continue
        colon = token.find(":")
        if colon <= 0 or colon == len(token) - 1:
            out.dropped.append(token)
            continue
        name, value = token[:colon], token[colon + 1 :]
        setting = _SETTINGS.get(name)
        if setting is not None and setting(out, value, region_ids):
            if name in out.valid:
                out.overridden.append(out.valid.pop(name))
            out.valid[name] = token
        else:
            out.dropped.append(token)
    if out.region is not None and (out.vertical or out.line != "auto" or out.size != 100):
        out.region = None  # no vertical regions; explicit line/size leave the region
    return out


def _region(out: CueSettings, value: str, region_ids: frozenset[str] | set[str]) -> bool:
    """``region:ID``, an identifier of a region the header defines."""
    if value not in region_ids:
        return False
    out.region = value
    return True


def _vertical(out: CueSettings, value: str, region_ids: frozenset[str] | set[str]) -> bool:
    """``vertical:rl`` or ``vertical:lr``."""
    if value not in ("rl", "lr"):
        return False
    out.vertical = value
    return True


def _line(out: CueSettings, value: str, region_ids: frozenset[str] | set[str]) -> bool:
    """``line:N`` (a line number) or ``line:N%``, then optionally ``,start|center|end``."""
    linepos, comma, linealign = value.partition(",")
    number: float | None = None
    if any(c.isascii() and c.isdigit() for c in linepos):
        if linepos.endswith("%"):
            number = _percentage(linepos)
        elif _LINE_NUM_RE.fullmatch(linepos):
            number = _float_value(linepos)
    if number is None or (comma and linealign not in ("start", "center", "end")):
        return False
    out.line = number
    out.snap_to_lines = not linepos.endswith("%")
    out.line_align = linealign if comma else "start"
    return True


def _position(out: CueSettings, value: str, region_ids: frozenset[str] | set[str]) -> bool:
    """``position:N%``, then optionally ``,line-left|center|line-right``."""
    colpos, comma, colalign = value.partition(",")
    pos = _percentage(colpos)
    if pos is None or (comma and colalign not in ("line-left", "center", "line-right")):
        return False
    out.position = pos
    out.position_align = colalign if comma else "auto"
    return True


def _size(out: CueSettings, value: str, region_ids: frozenset[str] | set[str]) -> bool:
    """``size:N%``."""
    size = _percentage(value)
    if size is None:
        return False
    out.size = size
    return True


def _align(out: CueSettings, value: str, region_ids: frozenset[str] | set[str]) -> bool:
    """``align:start|center|end|left|right``."""
    if value not in ("start", "center", "end", "left", "right"):
        return False
    out.align = value
    return True


#: Each cue setting's parser, by name: it sets its value and says whether the value was valid.
_SETTINGS: dict[str, Callable[[CueSettings, str, frozenset[str] | set[str]], bool]] = {
    "region": _region,
    "vertical": _vertical,
    "line": _line,
    "position": _position,
    "size": _size,
    "align": _align,
}


@dataclass
class Region:
    """A WebVTT region definition (``REGION`` block), with the spec's defaults."""

    id: str = ""
    width: float = 100.0
    lines: int = 3
    region_anchor: tuple[float, float] = (0.0, 100.0)
    viewport_anchor: tuple[float, float] = (0.0, 100.0)
    scroll: str = ""


def parse_region(text: str) -> Region:
    """Parse the settings of a ``REGION`` block (the lines after ``REGION``).

    >>> r = parse_region("id:fred width:40% lines:3\\nregionanchor:0%,100% scroll:up")
    >>> r.id, r.width, r.lines, r.region_anchor, r.scroll
    ('fred', 40.0, 3, (0.0, 100.0), 'up')
    """
    region = Region()
    for token in WS_SPLIT.split(text):
        colon = token.find(":")
        if colon <= 0 or colon == len(token) - 1:
            continue
        name, value = token[:colon], token[colon + 1 :]
        if name == "id":
            region.id = value
        elif name == "width":
            w = _percentage(value)
            if w is not None:
                region.width = w
        elif name == "lines":
            if value.isascii() and value.isdigit():
                # any size (as the spec's integer); past int()'s 4,300-digit limit, a stand-in as large
                region.lines = int(value) if len(value) <= 4000 else 10**4000
        elif name in ("regionanchor", "viewportanchor"):
            x, comma, y = value.partition(",")
            px, py = _percentage(x), _percentage(y)
            if comma and px is not None and py is not None:
                if name == "regionanchor":
                    region.region_anchor = (px, py)
                else:
                    region.viewport_anchor = (px, py)
        elif name == "scroll" and value == "up":
            region.scroll = "up"
    return region

"""TTML time expressions (clock times, frames, offsets with metrics) and the document's time
parameters, in exact milliseconds."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from fractions import Fraction

from ...errors import ParseError
from ...report import Report
from .document import STEP, attribute

Time = int | Fraction  # milliseconds, exactly


class Timing:
    """The document's time parameters."""

    def __init__(self, root: ET.Element, report: Report, line: int) -> None:
        def number(name: str, default: Fraction | None) -> Fraction | None:
            raw = attribute(root, name)
            if raw is None:
                return default
            if not re.fullmatch(r"[0-9]{1,9}(?:\.[0-9]{1,9})?", raw.strip()):
                raise ParseError(STEP, f"bad ttp:{name}", line=line, snippet=raw)
            value = Fraction(raw.strip())
            if value <= 0:
                raise ParseError(STEP, f"ttp:{name} must be positive", line=line, snippet=raw)
            return value

        rate = number("frameRate", None)
        multiplier = Fraction(1)
        raw_mult = attribute(root, "frameRateMultiplier")
        if raw_mult is not None:
            m = re.fullmatch(r"\s*([0-9]{1,9})\s+([0-9]{1,9})\s*", raw_mult)
            if m is None or int(m.group(2)) == 0 or int(m.group(1)) == 0:
                raise ParseError(
                    STEP, "bad ttp:frameRateMultiplier (expected two integers)", line=line, snippet=raw_mult
                )
            multiplier = Fraction(int(m.group(1)), int(m.group(2)))
        self.frame_rate = (rate or Fraction(30)) * multiplier
        self.sub_frame_rate = number("subFrameRate", Fraction(1)) or Fraction(1)
        self.tick_rate = number("tickRate", None) or (rate * self.sub_frame_rate if rate else Fraction(1))
        base = attribute(root, "timeBase")
        if base not in (None, "media"):
            report.add(STEP, "warning", f"ttp:timeBase={base!r} read as media time", line)

    _CLOCK = re.compile(r"([0-9]{2,9}):([0-9]{2}):([0-9]{2})(?:(\.[0-9]{1,12})|:([0-9]{1,6})(?:\.([0-9]{1,6}))?)?")
    _OFFSET = re.compile(r"([0-9]{1,15})(\.[0-9]{1,12})?(h|ms|m|s|f|t)")

    _MS_CLOCK = re.compile(r"([0-9]{2,9}):([0-5][0-9]):([0-6][0-9])\.([0-9]{3})")

    def ms(self, raw: str, line: int | None) -> Time:
        """A TTML time expression in milliseconds, exactly: an ``int`` when it is a whole number
        of milliseconds written as such (the common ``00:00:01.500``), else a ``Fraction``."""
        fast = self._MS_CLOCK.fullmatch(raw)
        if fast is not None:
            h, mi, s, f = fast.groups()
            return ((int(h) * 60 + int(mi)) * 60 + int(s)) * 1000 + int(f)
        return self.seconds(raw, line) * 1000

    def seconds(self, raw: str, line: int | None) -> Fraction:
        """A TTML time expression in seconds (exactly)."""
        value = raw.strip()
        m = self._CLOCK.fullmatch(value)
        if m is not None:
            h, mi, s, frac, frames, sub = m.groups()
            total = Fraction(int(h) * 3600 + int(mi) * 60 + int(s))
            if frac:
                total += Fraction(frac)
            if frames:
                total += Fraction(int(frames)) / self.frame_rate
                if sub:
                    total += Fraction(int(sub)) / (self.frame_rate * self.sub_frame_rate)
            return total
        m = self._OFFSET.fullmatch(value)
        if m is not None:
            count = Fraction(m.group(1) + (m.group(2) or ""))
            unit = m.group(3)
            scale = {"h": Fraction(3600), "m": Fraction(60), "s": Fraction(1), "ms": Fraction(1, 1000)}.get(unit)
            if scale is not None:
                return count * scale
            if unit == "f":
                return count / self.frame_rate
            return count / self.tick_rate
        raise ParseError(
            STEP,
            "bad time expression (expected like 00:00:01.500, 1.5s, 1500ms, 36f or 15000t)",
            line=line,
            snippet=raw[:60],
        )


def to_ms(value: Time) -> int:
    """Exact milliseconds to integer milliseconds, halves rounded up (the only rounding on reading).

    >>> to_ms(1500), to_ms(Fraction(2001, 2)), to_ms(Fraction(-1, 2))
    (1500, 1001, 0)
    """
    if isinstance(value, int):
        return value
    return int((value + Fraction(1, 2)) // 1)

"""The ASS/SSA reader: sections, ``[Script Info]`` and ``Style:`` lines kept raw in the track's
meta, ``Dialogue:``/``Comment:`` events to cues (their text through :mod:`.text`)."""

from __future__ import annotations

import re

from ...errors import ParseError
from ...model import EMPTY, Cue, FrozenMap, Track
from ...report import Report
from ...timefmt import parse_ass
from .text import STEP, event_text, parse_ass_text

ASS_EVENT_FORMAT = ("Layer", "Start", "End", "Style", "Name", "MarginL", "MarginR", "MarginV", "Effect", "Text")
SSA_EVENT_FORMAT = ("Marked", "Start", "End", "Style", "Name", "MarginL", "MarginR", "MarginV", "Effect", "Text")
ASS_STYLE_FORMAT = (
    "Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, "
    "Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, "
    "MarginL, MarginR, MarginV, Encoding"
)
SSA_STYLE_FORMAT = (
    "Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, TertiaryColour, BackColour, Bold, Italic, "
    "BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, AlphaLevel, Encoding"
)
_EVENT_START = re.compile(r"(?:Dialogue|Comment)\s*:", re.IGNORECASE)
# (event field, extras key, value that is not stored)
_EXTRA_FIELDS = (
    ("Layer", "ass.layer", "0"),
    ("Style", "ass.style", "Default"),
    ("MarginL", "ass.margin_l", "0"),
    ("MarginR", "ass.margin_r", "0"),
    ("MarginV", "ass.margin_v", "0"),
    ("Effect", "ass.effect", ""),
)


def sniff(text: str) -> bool:
    """True when ``text`` has an ASS/SSA section header near the start.

    >>> sniff("[Script Info]\\nScriptType: v4.00+\\n"), sniff("1\\n00:00:01,000 --> 00:00:02,000\\n")
    (True, False)
    """
    for raw in text[:4000].lstrip("\ufeff").split("\n", 50)[:50]:
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        # the first meaningful line must be a section header: text that merely
        # contains "[Script Info]" (e.g. an SRT cue) is not ASS
        return line.lower() in _SECTION_HEADERS
    return False


_SECTION_HEADERS = frozenset({"[script info]", "[v4+ styles]", "[v4 styles]", "[v4 styles+]", "[events]"})


def read_ass(text: str, report: Report, default_format: str = "ass") -> Track:
    """Read ASS or SSA text; a file without events gives an empty track and a warning."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    section = ""
    script_info: list[str] = []
    styles: list[str] = []
    others: list[str] = []
    event_format: tuple[str, ...] | None = None
    fmt_name = default_format
    saw_events = False
    cues: list[Cue] = []
    title: str | None = None
    for k, raw_line in enumerate(text.split("\n"), 1):
        line = raw_line.strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip().lower()
            if section == "events":
                saw_events = True
            elif section == "v4+ styles":
                fmt_name = "ass"
            elif section == "v4 styles":
                fmt_name = "ssa"
            elif section != "script info":
                others.append(line)
            continue
        if section == "" and line.lower().startswith("style:"):  # old SSA without section headers
            styles.append(line)
        elif section in ("script info", "") and not _EVENT_START.match(line):
            script_info.append(line)
            key, _, val = line.partition(":")
            if key.strip().lower() == "scripttype":
                fmt_name = "ass" if "+" in val else "ssa"
            elif key.strip().lower() == "title" and val.strip():
                title = val.strip()
        elif section in ("v4+ styles", "v4 styles"):
            if line.lower().startswith("style:"):
                styles.append(line)
        elif section == "events" or (section not in ("v4+ styles", "v4 styles") and _EVENT_START.match(line)):
            key, sep, rest = raw_line.lstrip().partition(":")
            kl = key.strip().lower()
            if section != "events" and not saw_events:
                saw_events = True
                report.add(STEP, "repaired", "events without an [Events] header", k)
            if not sep:
                report.add(STEP, "dropped", "unreadable line in [Events]", k, line)
                continue
            if kl == "format":
                event_format = tuple(f.strip() for f in rest.split(","))
                continue
            if kl not in ("dialogue", "comment"):
                report.add(STEP, "dropped", f"{key.strip()} event not supported", k, line)
                continue
            fields_fmt = event_format or (ASS_EVENT_FORMAT if fmt_name == "ass" else SSA_EVENT_FORMAT)
            if rest.startswith(" "):
                rest = rest[1:]
            values = rest.split(",", len(fields_fmt) - 1)
            if len(values) == len(fields_fmt) - 1 and event_format is None:
                # very old SSA: no Effect field
                fields_fmt = event_format = tuple(f for f in fields_fmt if f != "Effect")
                values = rest.split(",", len(fields_fmt) - 1)
                report.add(STEP, "repaired", "events without Format line or Effect field (old SSA)", k)
            if len(values) < len(fields_fmt):
                report.add(STEP, "dropped", f"event has {len(values)} fields, expected {len(fields_fmt)}", k, line)
                continue
            rec = dict(zip(fields_fmt, values, strict=True))
            try:
                start = parse_ass(rec.get("Start", ""))
                end = parse_ass(rec.get("End", ""))
            except ParseError as exc:
                raise ParseError(STEP, exc.reason, k, snippet=exc.snippet) from None
            if start is None or end is None:
                report.add(STEP, "dropped", "event with an unreadable time", k, line)
                continue
            if end < start:
                report.add(STEP, "repaired", f"end {end} ms before start {start} ms: swapped", k, line)
                start, end = end, start
            extras: dict[str, str | tuple[str, ...]] = {}
            for fld, key_name, default in _EXTRA_FIELDS:
                v = rec.get(fld)
                if v is not None:
                    v = v.strip()
                    if v != default and not (default == "0" and v.lstrip("0") == ""):
                        extras[key_name] = v
            if kl == "comment":
                extras["ass.comment"] = "1"
            raw_text = rec.get("Text", "")
            lines, spans, tags, align = parse_ass_text(raw_text, k, report)
            if tags:
                extras["ass.tags"] = tags
            if align:
                extras["ass.align"] = align
            if ("{" in raw_text or "\\" in raw_text) and event_text(lines, spans, tags, align).replace(
                "}{", ""
            ) != raw_text.replace("}{", ""):  # adjacent override blocks split or joined render the same
                # mid-line tags (karaoke, \be...), soft breaks, drawings: keep the event's own
                # text so that ASS -> ASS renders exactly as before (used while the cue is unchanged)
                extras["ass.raw"] = raw_text
            name = rec.get("Name", "").strip()
            ex = FrozenMap(extras) if extras else EMPTY
            cues.append(Cue(start, end, lines, spans, name or None, ex, source_line=k))
        else:
            others.append(line)
    meta: dict[str, str | tuple[str, ...]] = {"ass.format": fmt_name}
    if script_info:
        meta["ass.script_info"] = tuple(script_info)
    if styles:
        meta["ass.styles"] = tuple(styles)
    if others:
        meta["ass.sections"] = tuple(others)
    if not saw_events:
        report.add(STEP, "warning", "no [Events] section: empty track")
    elif not cues:
        report.add(STEP, "warning", "no Dialogue events: empty track")
    return Track(tuple(cues), title=title, meta=FrozenMap(meta))

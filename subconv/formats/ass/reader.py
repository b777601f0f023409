"""The ASS/SSA reader: sections, ``[Script Info]`` and ``Style:`` lines kept raw in the track's
meta, ``Dialogue:``/``Comment:`` events to cues (their text through :mod:`.text`)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...errors import ParseError
from ...model import EMPTY, Cue, FrozenMap, Track
from ...report import LOUD_STEP, Report
from ...timefmt import parse_ass
from ..base import text_pieces
from .text import STEP, karaoke_words, read_event_text

ASS_EVENT_FORMAT = ("Layer", "Start", "End", "Style", "Name", "MarginL", "MarginR", "MarginV", "Effect", "Text")
SSA_EVENT_FORMAT = ("Marked", "Start", "End", "Style", "Name", "MarginL", "MarginR", "MarginV", "Effect", "Text")
#: an event column's name as the reader looks it up, by its name in a ``Format:`` line (lower
#: case, as libass matches them): ``Actor`` is ``Name``, as older scripts call it (libass and
#: pysubs2 read it as the speaker's name)
EVENT_COLUMNS = {name.lower(): name for name in ASS_EVENT_FORMAT + SSA_EVENT_FORMAT} | {"actor": "Name"}
ASS_STYLE_FORMAT = (
    "Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, "
    "Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, "
    "MarginL, MarginR, MarginV, Encoding"
)
SSA_STYLE_FORMAT = (
    "Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, TertiaryColour, BackColour, Bold, Italic, "
    "BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, AlphaLevel, Encoding"
)


def info_title(info_lines: Iterable[str]) -> str | None:
    """The title ``[Script Info]`` lines give: the value of the last ``Title:`` line that has
    one (its key in any case), else None.  The reader sets ``Track.title`` to it; the writer
    writes the lines as kept while it is still the track's title, else a ``Title:`` line of
    the track's (``Track.title`` is the one the user edits).

    >>> info_title(["Title: A", "ScriptType: v4.00+", "title:  B ", "Title:"])
    'B'
    """
    title = None
    for line in info_lines:
        key, _, value = line.partition(":")
        if key.strip().lower() == "title" and value.strip():
            title = value.strip()
    return title


#: A style field's value where a style's ``Format:`` line leaves it out (libass's defaults).
STYLE_DEFAULTS = {
    "fontname": "Arial",
    "fontsize": "18",
    "primarycolour": "&H00FFFFFF",
    "secondarycolour": "&H0000FFFF",
    "outlinecolour": "&H00000000",
    "tertiarycolour": "&H00000000",
    "backcolour": "&H00000000",
    "scalex": "100",
    "scaley": "100",
    "borderstyle": "1",
    "outline": "2",
    "shadow": "2",
    "alignment": "2",
    "marginl": "10",
    "marginr": "10",
    "marginv": "10",
    "encoding": "1",
}
_EVENT_START = re.compile(r"(?:Dialogue|Comment)\s*:", re.IGNORECASE)
#: the ``[Script Info]`` keys libass notes as given (its legacy FFmpeg check counts them)
_NOTED_INFO = (
    "PlayResX:",
    "PlayResY:",
    "LayoutResX:",
    "LayoutResY:",
    "Timer:",
    "WrapStyle:",
    "ScaledBorderAndShadow:",
    "Kerning:",
    "YCbCr Matrix:",
    "Language:",
    "ScriptType:",
)
#: an event time with no fraction, and the digits a comma split from it (``0:00:02,50``)
_WHOLE_SECONDS = re.compile(r" *\d{1,9}:\d\d:\d\d *", re.ASCII)
_FRACTION = re.compile(r" *\d{1,3} *", re.ASCII)
#: an event time with a colon before its fraction (``0:00:05:00``)
_COLON_FRACTION = re.compile(r"( *\d{1,9}:\d\d:\d\d):(\d{1,3} *)", re.ASCII)
#: the reasons of the event lines the reader drops unread (:meth:`_Reader.say_lost`)
_LOST = ("event with an unreadable time", "event has ", "unreadable line in [Events]")
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
#: the sections of a script: a text holding none of them, no ``Style:`` and no event line has
#: nothing of ASS or SSA (an SRT file given as ``--from ass``)
_SECTIONS = frozenset(h[1:-1] for h in _SECTION_HEADERS) | {"fonts", "graphics"}


def read_ass(text: str, report: Report, default_format: str = "ass") -> Track:
    """Read ASS or SSA text; a file without events gives an empty track and a warning."""
    return read_ass_pieces((text,), report, default_format)


def read_ass_pieces(pieces: Iterable[str], report: Report, default_format: str = "ass") -> Track:
    """:func:`read_ass` of the text ``pieces`` make, a piece at a time (cut anywhere): the lines
    are read as each is complete."""
    reader = _Reader(report, default_format)
    line = reader.line
    read = 0  # lines read
    held = ""
    for piece, last in text_pieces(pieces):
        lines = (held + piece if held else piece).split("\n")
        held = "" if last else lines.pop()  # (it may go on in the next piece)
        for k, raw_line in enumerate(lines, read + 1):
            line(k, raw_line)
        read += len(lines)
    return reader.track()


_COLOUR = re.compile(r"&[Hh][0-9A-Fa-f]{1,8}|-?[0-9]+")
_NUMBER = re.compile(r"-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)")


def _style_value(name: str, value: str | None) -> str:
    """The value written for style field ``name`` (lower case) read as ``value`` (None: missing):
    itself when it is one of its kind, a colour without its trailing ``&``, else libass's default.

    >>> _style_value("fontsize", "30"), _style_value("primarycolour", "&H00FFFFFF&"), _style_value("bold", "")
    ('30', '&H00FFFFFF', '0')
    """
    if name in ("name", "fontname"):
        return value if value is not None else STYLE_DEFAULTS.get(name, "Default")
    default = STYLE_DEFAULTS.get(name, "0")
    if value is None:
        return default
    if name.endswith("colour") or name == "alphalevel":  # (SSA's alpha: hexadecimal or a number)
        bare = value[:-1] if value.endswith("&") else value
        return bare if _COLOUR.fullmatch(bare) or (name == "alphalevel" and _NUMBER.fullmatch(bare)) else default
    return value if _NUMBER.fullmatch(value) else default


def _time_fields(fields_fmt: tuple[str, ...]) -> tuple[int, ...]:
    """Where the Start and End times stand among an event's fields ``fields_fmt``, in order."""
    return tuple(sorted(fields_fmt.index(name) for name in ("Start", "End") if name in fields_fmt))


def _colon_times(rec: dict[str, str]) -> list[str]:
    """The times of the event's fields ``rec`` with a colon for the decimal point (``0:00:05:00``)."""
    return [name for name in ("Start", "End") if _COLON_FRACTION.fullmatch(rec.get(name, ""))]


class _Reader:
    """The script read so far: the section a line is in, the lines kept raw, the cues."""

    def __init__(self, report: Report, default_format: str) -> None:
        self.report = report
        self.section = ""
        self.script_info: list[str] = []
        self.info_at: list[str] = []  # (the line of each, for reports; of others too)
        self.styles: list[str] = []
        self.style_lines: list[str] = []  # (the line each style was read from)
        self.style_format: tuple[str, ...] | None = None
        self.others: list[str] = []
        self.others_at: list[str] = []
        self.event_format: tuple[str, ...] | None = None  # (the columns, by the names the reader uses)
        self.times_of: tuple[tuple[str, ...], tuple[int, ...]] = ((), ())  # (a format, where its times stand)
        self.event_names: tuple[str, ...] | None = None  # (the columns as the Format line names them)
        self.fmt_name = default_format
        self.saw_events = False
        self.cues: list[Cue] = []
        self.scaled_by_default = False  # (libass draws the script's borders scaled without the line saying so)
        self.default_format = default_format
        self.scripted = False  # (a section header, style or event line read: the text is a script)
        self.first: tuple[int, str] | None = None  # (the first line that is not blank or a comment)

    def line(self, k: int, raw_line: str) -> None:
        """Read line ``k`` by the section it is in (events without an ``[Events]`` header too)."""
        line = raw_line.strip()
        if not line:
            return
        if self.first is None and not line.startswith(";"):
            self.first = (k, line)
        section = self.section
        if line.startswith("[") and line.endswith("]"):
            self.header(k, line)
        elif section == "" and line.lower().startswith("style:"):  # old SSA without section headers
            self.scripted = True
            self.styles.append(line)
            self.style_lines.append(str(k))
        elif section in ("script info", "") and not _EVENT_START.match(line):
            self.info(line)
            self.info_at.append(str(k))
        elif section in ("v4+ styles", "v4 styles"):
            if line.lower().startswith("format:"):
                self.style_format = tuple(f.strip() for f in line.partition(":")[2].split(","))
                ours = ASS_STYLE_FORMAT.split(", ") if self.fmt_name == "ass" else SSA_STYLE_FORMAT.split(", ")
                self.custom_format(self.style_format, tuple(ours))
            elif line.lower().startswith("style:"):
                self.styles.append(self.style(k, line))
                self.style_lines.append(str(k))
        elif section == "events" or _EVENT_START.match(line):
            self.event(k, raw_line, line)
        else:
            self.others.append(line)
            self.others_at.append(str(k))

    def header(self, k: int, line: str) -> None:
        """A ``[Section]`` line: the section the next lines are in."""
        section = self.section = line[1:-1].strip().lower()
        self.style_format = None
        self.scripted = self.scripted or section in _SECTIONS
        if section == "events":
            self.saw_events = True
        elif section == "v4+ styles":
            self.fmt_name = "ass"
        elif section == "v4 styles":
            self.fmt_name = "ssa"
        elif section != "script info":
            self.others.append(line)
            self.others_at.append(str(k))

    def style(self, k: int, line: str) -> str:
        """A ``Style:`` line with its fields in the standard order (``ASS_STYLE_FORMAT`` or
        ``SSA_STYLE_FORMAT``, as the writer's ``Format:`` line and the other formats read them):
        a section whose ``Format:`` line orders them otherwise has them put in that order, a
        field it leaves out given libass's default, one the standard has not dropped; reported."""
        ours = (ASS_STYLE_FORMAT if self.section == "v4+ styles" else SSA_STYLE_FORMAT).split(", ")
        theirs = self.style_format
        if theirs is None or [f.lower() for f in theirs] == [f.lower() for f in ours]:
            return self.checked(k, line, ours)
        values = [v.strip() for v in line.partition(":")[2].split(",", len(theirs) - 1)]
        by_name = {f.lower(): v for f, v in zip(theirs, values, strict=False)}
        fields = [by_name.get(f.lower(), STYLE_DEFAULTS.get(f.lower(), "0")) for f in ours]
        known = {f.lower() for f in ours}
        dropped = [f for f in theirs if f.lower() not in known]
        reason = (
            "style fields put in the order of the Format line written (the style's Format line orders them otherwise)"
        )
        if dropped:
            reason += f"; not written: {', '.join(dropped)}"
        self.report.add(STEP, "rewritten", reason, k, line)
        return self.checked(k, "Style: " + ",".join(fields), ours)

    def checked(self, k: int, line: str, names: list[str]) -> str:
        """``line`` (its fields in the order ``names``) with each field that is missing or is no
        value of its kind (a colour, a number) given libass's default, and a colour's trailing
        ``&`` dropped (libass reads it, pysubs2 refuses it); reported.  Before, such a line was
        written as it was read, and the script written did not load in pysubs2 (a style cut
        short), nor convert to MicroDVD, MPL2, TMP or JSON (an internal error)."""
        values = [v.strip() for v in line.partition(":")[2].split(",", len(names) - 1)]
        fixed: list[str] = []
        out = []
        for n, name in enumerate(names):
            value = values[n] if n < len(values) else None
            good = _style_value(name.lower(), value)
            if good != value:
                fixed.append(f"{name} {'missing' if value is None else repr(value)}")
            out.append(good)
        if not fixed:
            return line
        self.report.add(STEP, "repaired", f"style field {', '.join(fixed)}: libass's default written", k, line)
        return "Style: " + ",".join(out)

    def info(self, line: str) -> None:
        """A ``[Script Info]`` line: kept; ``ScriptType`` read (and ``Title``: :func:`info_title`)."""
        self.script_info.append(line)
        key, _, val = line.partition(":")
        if key.strip().lower() == "scripttype":
            self.fmt_name = "ass" if "+" in val else "ssa"

    def event(self, k: int, raw_line: str, line: str) -> None:
        """A line of ``[Events]``: its ``Format:``, or a ``Dialogue:``/``Comment:`` event read
        into a cue; any other (reported) dropped."""
        key, sep, rest = raw_line.lstrip().partition(":")
        kl = key.strip().lower()
        self.scripted = True
        if self.section != "events" and not self.saw_events:
            self.saw_events = True
            self.report.add(STEP, "repaired", "events without an [Events] header", k)
        if line.startswith(";"):  # (a comment, as libass reads it: not said aloud)
            self.report.add(STEP, "dropped", "comment line in [Events]", k, line)
        elif not sep:
            self.report.add(STEP, "dropped", "unreadable line in [Events]", k, line)
        elif kl == "format":
            self.event_names = tuple(f.strip() for f in rest.split(","))
            self.event_format = tuple(EVENT_COLUMNS.get(f.lower(), f) for f in self.event_names)
            self.custom_format(self.event_format, ASS_EVENT_FORMAT if self.fmt_name == "ass" else SSA_EVENT_FORMAT)
            if self.legacy_ffmpeg():
                self.scaled_by_default = True
        elif kl not in ("dialogue", "comment"):
            self.report.add(STEP, "dropped", f"{key.strip()} event not supported", k, line)
        else:
            rec = self.fields(k, rest, line)
            if rec is not None:
                self.dialogue(k, rec, line, kl == "comment")

    def custom_format(self, theirs: tuple[str, ...], ours: tuple[str, ...]) -> None:
        """Note a ``Format:`` line other than the standard one (``Actor`` for ``Name`` aside,
        ``theirs`` by :data:`EVENT_COLUMNS`'s names): as libass does, the script then draws its
        borders and shadows scaled unless it says not."""
        if [f.lower() for f in theirs] != [f.lower() for f in ours]:
            self.scaled_by_default = True

    def legacy_ffmpeg(self) -> bool:
        """Whether the script is one FFmpeg wrote in 2014-2020, which libass draws with its
        borders scaled: a ``; Script generated by FFmpeg/Lavc`` line, no info lines but
        ScriptType and PlayResX/Y, and one style, named ``Default...``."""
        noted = {key for line in self.script_info for key in _NOTED_INFO if line.startswith(key)}
        return (
            noted == {"ScriptType:", "PlayResX:", "PlayResY:"}
            and any(line.startswith("; Script generated by FFmpeg/Lavc") for line in self.script_info)
            and len(self.styles) == 1
            and self.styles[0].partition(":")[2].lstrip().startswith("Default")
        )

    def fields(self, k: int, rest: str, line: str) -> dict[str, str] | None:
        """The event's fields by name (the ``Format:`` line's, or the format's default), or None
        (reported) when it has too few."""
        fields_fmt = self.event_format or (ASS_EVENT_FORMAT if self.fmt_name == "ass" else SSA_EVENT_FORMAT)
        if rest.startswith(" "):
            rest = rest[1:]
        values = rest.split(",", len(fields_fmt) - 1)
        if self.times_of[0] is not fields_fmt:
            self.times_of = (fields_fmt, _time_fields(fields_fmt))
        at = self.times_of[1]
        if at and len(values) > at[-1] and ("." not in values[at[0]] or "." not in values[at[-1]]):
            fixed = self.decimal_commas(k, rest, fields_fmt, line)  # (a time without its point: as few are)
            if fixed is not rest:
                rest = fixed
                values = rest.split(",", len(fields_fmt) - 1)
        if len(values) == len(fields_fmt) - 1 and self.event_format is None:
            # very old SSA: no Effect field
            fields_fmt = self.event_format = tuple(f for f in fields_fmt if f != "Effect")
            values = rest.split(",", len(fields_fmt) - 1)
            self.report.add(STEP, "repaired", "events without Format line or Effect field (old SSA)", k)
        if len(values) < len(fields_fmt):
            self.report.add(STEP, "dropped", f"event has {len(values)} fields, expected {len(fields_fmt)}", k, line)
            return None
        return dict(zip(fields_fmt, values, strict=True))

    def decimal_commas(self, k: int, rest: str, fields_fmt: tuple[str, ...], line: str) -> str:
        """``rest`` with a comma that is a time's decimal point (``0:00:02,50``, as some writers
        put it) made a point, reported: a time of whole seconds followed by 1-3 digits that
        cannot be the next field (the End time, or no style the script defines) is one time, as
        FFmpeg reads it.  Before, the comma split it: ``0:00:02`` was the end, ``50`` the
        style, the style's name the speaker, and the text began at the Name field's comma."""
        parts = rest.split(",", _time_fields(fields_fmt)[-1] + 4)  # (up to two fields after the times; the rest whole)
        styles: set[str] | None = None
        fixed = []
        for name in ("Start", "End"):
            if name not in fields_fmt:
                continue
            i = fields_fmt.index(name)
            if i + 2 >= len(fields_fmt) or i + 2 >= len(parts):
                continue
            after = fields_fmt[i + 1]
            if not (_WHOLE_SECONDS.fullmatch(parts[i]) and _FRACTION.fullmatch(parts[i + 1])):
                continue
            if styles is None:
                styles = {style.partition(":")[2].split(",")[0].strip() for style in self.styles}
            if after in ("Start", "End") or (after == "Style" and parts[i + 1].strip() not in styles):
                fixed.append(f"{name} {parts[i].strip()},{parts[i + 1].strip()}")
                parts[i : i + 2] = [f"{parts[i].strip()}.{parts[i + 1].strip()}"]
        if not fixed:
            return rest
        reason = f"a comma for the decimal point in the time ({'; '.join(fixed)}): read as a point"
        self.report.add(STEP, "repaired", reason, k, line)
        return ",".join(parts)

    def dialogue(self, k: int, rec: dict[str, str], line: str, comment: bool) -> None:
        """Add the cue of the event on line ``k`` with the fields ``rec`` (unless its times are unreadable)."""
        try:
            start = parse_ass(rec.get("Start", ""))
            end = parse_ass(rec.get("End", ""))
            colons = () if start is not None and end is not None else _colon_times(rec)
            if colons:
                # (``0:00:05:00``: FFmpeg and pysubs2 read it; before, the event was dropped)
                what = "; ".join(f"{name} {rec[name].strip()}" for name in colons)
                rec = rec | {name: _COLON_FRACTION.sub(r"\1.\2", rec[name]) for name in colons}
                reason = f"a colon for the decimal point in the time ({what}): read as a point"
                self.report.add(STEP, "repaired", reason, k, line)
                start, end = parse_ass(rec.get("Start", "")), parse_ass(rec.get("End", ""))
        except ParseError as exc:
            raise ParseError(STEP, exc.reason, k, snippet=exc.snippet) from None
        if start is None or end is None:
            self.report.add(STEP, "dropped", "event with an unreadable time", k, line)
            return
        if end < start:
            self.report.add(STEP, "repaired", f"end {end} ms before start {start} ms: swapped", k, line)
            start, end = end, start
        extras = _field_extras(rec)
        if comment:
            extras["ass.comment"] = "1"
        raw_text = rec.get("Text", "")
        lines, spans = read_event_text(raw_text, k, self.report, extras)
        name = rec.get("Name", "").strip()
        ex = FrozenMap(extras) if extras else EMPTY
        words = karaoke_words(raw_text, start, end)  # (\k tags: the text keeps them, in ass.raw)
        self.cues.append(Cue(start, end, lines, spans, name or None, ex, source_line=k, words=words))

    def say_lost(self) -> None:
        """One warning (standard error shows it) for the event lines dropped unread (an
        unreadable time, too few fields, no ``Key:``), at the first, as the SRT and SBV readers
        say their cues dropped; before, only ``--report``/``--explain`` told of them."""
        lines = [
            e.line for e in self.report.entries.of_action("dropped") if e.step == STEP and e.reason.startswith(_LOST)
        ]
        if lines:
            n = len(lines)
            what = "an event line was dropped: it" if n == 1 else f"{n} event lines were dropped: they"
            more = "" if n == 1 else " (the first here; --explain lists each)"
            self.report.add(LOUD_STEP, "warning", f"{what} could not be read{more}", lines[0])

    def track(self) -> Track:
        """The track read, the script's raw lines in its meta; a warning when it has no cue (a
        script with no events).  A text that is no script (no section header, ``Style:`` or
        event line, only other lines: an SRT file read as ASS) is a :class:`ParseError` at its
        first line (before, an empty track and that warning: an empty output, exit 0)."""
        if not self.scripted and self.first is not None:
            k, line = self.first
            known = "[Script Info], [V4+ Styles] or [Events] section, Style: or Dialogue: line"
            raise ParseError(self.default_format, f"not an ASS/SSA script (no {known})", k, snippet=line)
        meta: dict[str, str | tuple[str, ...]] = {"ass.format": self.fmt_name}
        lines: dict[str, str | tuple[str, ...]] = {}  # (reports cite them; not compared)
        if self.script_info:
            meta["ass.script_info"] = tuple(self.script_info)
            lines["ass.script_info"] = tuple(self.info_at)
        if self.scaled_by_default and not any(
            line.startswith("ScaledBorderAndShadow:") for line in self.script_info
        ):  # (the writer writes standard Format lines: it says so)
            meta["ass.scaled_border"] = "yes"
        standard = ASS_EVENT_FORMAT if self.fmt_name == "ass" else SSA_EVENT_FORMAT
        if self.event_format == standard and self.event_names != standard and self.event_names is not None:
            meta["ass.event_format"] = ", ".join(self.event_names)  # (its own names: Actor, ...; written so)
        if self.styles:
            meta["ass.styles"] = tuple(self.styles)
            lines["ass.styles"] = tuple(self.style_lines)  # (reports cite them; not compared)
        if self.others:
            meta["ass.sections"] = tuple(self.others)
            lines["ass.sections"] = tuple(self.others_at)
        self.say_lost()
        if not self.saw_events:
            self.report.add(STEP, "warning", "no [Events] section: empty track")
        elif not self.cues:
            self.report.add(STEP, "warning", "no Dialogue events: empty track")
        title = info_title(self.script_info)
        at = [n for info, n in zip(self.script_info, self.info_at, strict=True) if title and info_title([info])]
        if at:  # (the title's line: the last Title: line that gives one, as info_title reads it)
            lines["title"] = at[-1]
        return Track(  # (an SSA script is "ssa", whichever name read it: a file keeps its flavour)
            tuple(self.cues), title=title, meta=FrozenMap(meta), format=self.fmt_name, source_lines=FrozenMap(lines)
        )


def _field_extras(rec: dict[str, str]) -> dict[str, str | tuple[str, ...]]:
    """The event fields (layer, style, margins, effect) that are not their defaults, as extras.
    A layer of SSA's ``Marked=0`` (an SSA event read in ASS's columns: a script with no
    ``ScriptType`` or styles section saying it is SSA) is SSA's Marked field, no layer: layer 0,
    as libass and pysubs2 read it (before, ``ass.layer`` was ``Marked=0``).

    >>> _field_extras({"Layer": "Marked=0", "Style": "Sign", "MarginL": "0010", "Effect": " "})
    {'ass.style': 'Sign', 'ass.margin_l': '0010'}
    """
    extras: dict[str, str | tuple[str, ...]] = {}
    for fld, key_name, default in _EXTRA_FIELDS:
        v = rec.get(fld)
        if v is not None:
            v = v.strip()
            if fld == "Layer" and v[:7].lower() == "marked=":
                continue
            if v != default and not (default == "0" and v.lstrip("0") == ""):
                extras[key_name] = v
    return extras

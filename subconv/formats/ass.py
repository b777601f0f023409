"""Advanced SubStation Alpha (ASS) and SubStation Alpha (SSA): own reader and writer.

The reader keeps ``[Script Info]`` and the ``Style:`` lines raw in the track
meta, turns ``{\\i1}``/``{\\b1}``/``{\\u1}`` into spans, ``\\N``/``\\n`` into
line breaks and ``\\h`` into U+00A0, keeps other override tags in the
``ass.tags`` extra, and drops drawings (``\\p1`` .. ``\\p0``) with a report
entry.  Times have a 10 ms resolution.

>>> from subconv.report import Report
>>> t = read("[Events]\\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\\n"
...          "Dialogue: 0,0:00:01.50,0:00:03.00,Default,Ann,0,0,0,,{\\\\i1}Hi{\\\\i0}\\\\Nthere\\n", Report())
>>> c = t.cues[0]
>>> c.start, c.end, c.lines, c.spans, c.speaker
(1500, 3000, ('Hi', 'there'), (Span(start=0, end=2, kind='i'),), 'Ann')
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..errors import ParseError, WriteError
from ..model import EMPTY, Cue, FrozenMap, Span, Track
from ..report import Report
from ..timefmt import ASS_CLOCK, clock_formatter, field_value, parse_ass, to_resolution
from . import Format, WriteOptions, bare_cue, finish_output, simple_tags
from .escapes import (
    ASS_CHARS,
    ASS_ESCAPES,
    ASS_SPAN_TAGS,
    ass_unchanged,
    escape_ass,
    prepare,
    tidy,
    unescape_ass,
    wj_decode,
)
from .placement import ass_colour, cue_align, explicit_align, font_colour, report_uncarried
from .words import word_cuts

STEP = "ass"
MAX_ASS_MS = 100 * 3600 * 1000 - 10  # 99:59:59.99: pysubs2 and most tools read at most two hour digits

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


# --------------------------------------------------------------------- times


def format_time(ms: int) -> str:
    """``H:MM:SS.cc``, rounded to 10 ms (:data:`subconv.timefmt.ASS_CLOCK`), at most 99:59:59.99.

    >>> format_time(3723456), format_time(999), format_time(10**12)
    ('1:02:03.46', '0:00:01.00', '99:59:59.99')
    """
    return clock_formatter(ASS_CLOCK)(min(max(ms, 0), MAX_ASS_MS))


# --------------------------------------------------------------------- override text


def _split_tags(block: str) -> tuple[str, list[str]]:
    r"""Split an override block's content into (comment text, tags without ``\``), parens kept whole.

    >>> _split_tags(r"x\pos(1,2)\t(\i1)\b1")
    ('x', ['pos(1,2)', 't(\\i1)', 'b1'])
    """
    first = block.find("\\")
    if first < 0:
        return block, []
    comment = block[:first]
    tags: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in block[first + 1 :]:
        if ch == "\\" and depth == 0:
            tags.append("".join(cur))
            cur = []
            continue
        if ch == "(":
            depth += 1
        elif ch == ")" and depth > 0:
            depth -= 1
        cur.append(ch)
    tags.append("".join(cur))
    return comment, [t for t in tags if t]


def _flag(tag: str, letter: str) -> bool | None:
    """For ``\\i1``-style tags: True (on), False (off), None (not this tag)."""
    if not tag.startswith(letter):
        return None
    arg = tag[1:].strip()
    if arg == "":
        return False
    if not arg.isdigit():
        return None
    v = field_value(arg)
    if v is None:  # more digits than any weight: on
        return True
    if letter == "b":
        return v == 1 or v >= 500
    return v != 0


def parse_ass_text(
    raw: str, line_no: int | None, report: Report, step: str = STEP
) -> tuple[tuple[str, ...], tuple[Span, ...], str | None, str | None]:
    r"""An ASS event's text to (lines, spans, kept override blocks, alignment).

    >>> parse_ass_text(r"{\an8\pos(1,2)}a\hb\N{\b1}c{\b0}", 1, Report())
    (('a\xa0b', 'c'), (Span(start=4, end=5, kind='b'),), '{\\pos(1,2)}', '8')
    """
    if "{" not in raw:  # no override block: only the escapes
        return tuple(unescape_ass(raw).split("\n")), (), None, None
    out: list[str] = []
    length = 0
    spans: list[Span] = []
    open_at: dict[str, int] = {}
    kept: list[str] = []
    align: str | None = None
    drawing = False
    dropped: list[str] = []
    i = 0
    n = len(raw)
    next_close = -1

    def close(kind: str) -> None:
        st = open_at.pop(kind, None)
        if st is not None and length > st:
            spans.append(Span(st, length, kind))  # type: ignore[arg-type]

    while i < n:
        ch = raw[i]
        if ch == "{":
            if next_close <= i:
                next_close = raw.find("}", i + 1)
                if next_close < 0:
                    next_close = n + 1  # no closing brace anywhere after: every later "{" is literal
            j = next_close if next_close <= n else -1
            if j >= 0:
                comment, tags = _split_tags(raw[i + 1 : j])
                keep: list[str] = []
                for tag in tags:
                    handled = False
                    for kind in ("i", "b", "u"):
                        on = _flag(tag, kind)
                        if on is not None:
                            handled = True
                            if on and kind not in open_at:
                                open_at[kind] = length
                            elif not on:
                                close(kind)
                            break
                    if handled:
                        continue
                    if tag.startswith("an") and len(tag) == 3 and tag[2] in "123456789":
                        if align is None:
                            align = tag[2]
                            continue
                    elif tag[0] == "p" and tag[1:].isdigit():
                        drawing = tag[1:].strip("0") != ""
                        continue
                    elif tag == "r":
                        for kind in list(open_at):
                            close(kind)
                        continue
                    elif tag[0] == "r":
                        for kind in list(open_at):
                            close(kind)
                    keep.append("\\" + tag)
                if comment or keep:
                    kept.append("{" + comment + "".join(keep) + "}")
                i = j + 1
                continue
        piece = ch
        if ch == "\\" and i + 1 < n:
            read = ASS_ESCAPES.get(raw[i + 1])
            if read is not None:
                piece = read
                i += 1
        i += 1
        if drawing:
            dropped.append(piece)
            continue
        out.append(piece)
        length += len(piece)
    for kind in list(open_at):
        close(kind)
    if dropped:
        report.add(step, "dropped", "drawing (\\p) commands", line_no, "".join(dropped))
    spans.sort(key=lambda s: (s.start, s.end, s.kind))
    text, mapped = wj_decode("".join(out), spans)
    return tuple(text.split("\n")), mapped, "".join(kept) or None, align


def _event_text(lines: tuple[str, ...], spans: Sequence[Span], tags: object, align: object) -> str:
    prefix = ""
    if isinstance(align, str) and len(align) == 1 and align in "123456789":
        prefix += f"{{\\an{align}}}"
    if isinstance(tags, str):
        prefix += tags
    return prefix + escape_ass("\n".join(lines), spans)


def _raw_event_text(cue: Cue) -> str | None:
    """The cue's original ASS text (``ass.raw``) while the cue still reads the same from it."""
    ex = cue.extras
    raw = ex.get("ass.raw")
    if isinstance(raw, str):
        lines, spans, tags, align = parse_ass_text(raw, None, Report())
        if lines == cue.lines and spans == cue.spans and tags == ex.get("ass.tags") and align == ex.get("ass.align"):
            return raw
    return None


def _cue_event_text(cue: Cue) -> str:
    """The event text for ``cue``: its original ASS text (``ass.raw``) while the cue still
    reads the same from it, else the model written out (alignment, kept tags, spans)."""
    raw = _raw_event_text(cue)
    if raw is not None:
        return raw
    ex = cue.extras
    tags = ex.get("ass.tags")
    rgb = font_colour(ex.get("srt.font"))
    if rgb is not None:  # an SRT <font color> travels as \c
        tags = "{" + ass_colour(rgb) + "}" + (tags if isinstance(tags, str) else "")
    return _event_text(cue.lines, cue.spans, tags, cue_align(cue, {}))


def karaoke_text(cue: Cue, report: Report) -> str | None:
    r"""The cue's text with a ``{\kN}`` before each word (N: centiseconds until the next word), or None.

    The first syllable also holds the time from the cue's start to its first word.
    """
    cuts = word_cuts(cue)
    if cuts is None or cue.start is None or cue.end is None:
        return None
    if cue.spans:
        report.add(STEP, "rewritten", "italic/bold/underline not written on a karaoke cue", cue.source_line, cue.text)
    text = cue.text
    bounds = [0] + [k for k, _ in cuts[1:]] + [len(text)]
    times = [cue.start] + [t for _, t in cuts[1:]] + [cue.end]
    parts = []
    for i in range(len(bounds) - 1):
        cs = (to_resolution(times[i + 1], 10) - to_resolution(times[i], 10)) // 10
        seg = text[bounds[i] : bounds[i + 1]]
        body = seg.rstrip() if i < len(bounds) - 2 else seg  # a space before the next tag is not trailing
        tail = seg[len(body) :].replace("\n", ASS_CHARS["\n"])
        parts.append(f"{{\\k{max(0, cs)}}}" + (escape_ass(body) if body else "") + tail)
    align = explicit_align(cue)
    prefix = f"{{\\an{align}}}" if align is not None else ""
    return prefix + "".join(parts)


# --------------------------------------------------------------------- reading


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
            if ("{" in raw_text or "\\" in raw_text) and _event_text(lines, spans, tags, align).replace(
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


# --------------------------------------------------------------------- writing


def default_style(play_res: tuple[int, int], ssa: bool = False) -> str:
    """A readable Default style scaled to ``play_res``: white Arial, black outline, bottom centre.

    >>> default_style((1920, 1080)).split(",")[:3]
    ['Style: Default', 'Arial', '54']
    """
    x, y = play_res
    size = max(8, round(y * 0.05))
    outline = max(1, round(y / 360))
    mv = max(5, round(y * 0.04))
    mlr = max(5, round(x * 0.05))
    if ssa:
        return f"Style: Default,Arial,{size},16777215,65535,0,0,0,0,1,{outline},0,2,{mlr},{mlr},{mv},0,1"
    return (
        f"Style: Default,Arial,{size},&H00FFFFFF,&H0000FFFF,&H00000000,&H80000000,0,0,0,0,"
        f"100,100,0,0,1,{outline},0,2,{mlr},{mlr},{mv},1"
    )


def _field(value: object, default: str, what: str, cue: Cue, report: Report) -> str:
    v = value if isinstance(value, str) else default
    if "," in v or "\n" in v:
        report.add(STEP, "rewritten", f"{what} field cannot hold commas or newlines", cue.source_line, v)
        v = v.replace(",", ";").replace("\n", " ")
    return v


def write_ass(track: Track, options: WriteOptions, report: Report, ssa: bool = False) -> str:
    """Write ``track`` as ASS (``ssa=False``) or SSA v4 text."""
    info_lines = (
        [line for line in track.meta.get("ass.script_info", ()) if isinstance(line, str)]
        if isinstance(track.meta.get("ass.script_info"), tuple)
        else []
    )
    keys = {ln.partition(":")[0].strip().lower() for ln in info_lines}
    res = options.play_res
    for ln in info_lines:
        k, _, v = ln.partition(":")
        value = field_value(v.strip()) if v.strip().isascii() and v.strip().isdigit() else None
        if k.strip().lower() == "playresx" and value is not None:
            res = (value, res[1])
        elif k.strip().lower() == "playresy" and value is not None:
            res = (res[0], value)
    info = ["[Script Info]", "; Script generated by subconv"]
    if track.title and "title" not in keys:
        info.append(f"Title: {track.title}")
    info.append("ScriptType: v4.00" if ssa else "ScriptType: v4.00+")
    for ln in info_lines:
        k = ln.partition(":")[0].strip().lower()
        if k == "scripttype" or ln.startswith("; Script generated by subconv"):
            continue
        info.append(ln)
    if "playresx" not in keys:
        info.append(f"PlayResX: {res[0]}")
    if "playresy" not in keys:
        info.append(f"PlayResY: {res[1]}")
    if not ssa:
        if "wrapstyle" not in keys:
            info.append("WrapStyle: 0")
        if "scaledborderandshadow" not in keys:
            info.append("ScaledBorderAndShadow: yes")

    styles: list[str] = []
    src_styles = track.meta.get("ass.styles")
    same_kind = track.meta.get("ass.format", "ass") == ("ssa" if ssa else "ass")
    if isinstance(src_styles, tuple) and same_kind:
        styles = list(src_styles)
    default = options.ass_style or default_style(res, ssa)
    if not default.startswith("Style:"):
        default = "Style: " + default
    names = [s.partition(":")[2].split(",")[0].strip() for s in styles]
    if "Default" in names:
        if options.ass_style:
            styles[names.index("Default")] = default
    else:
        styles.insert(0, default)

    ev_fmt = SSA_EVENT_FORMAT if ssa else ASS_EVENT_FORMAT
    events = [f"Format: {', '.join(ev_fmt)}"]
    rounded = 0
    clock = clock_formatter(ASS_CLOCK)
    unchanged = ass_unchanged
    append = events.append
    head = "Dialogue: Marked=0," if ssa else "Dialogue: 0,"
    for cue in track.cues:
        bare = bare_cue(cue, MAX_ASS_MS)
        if bare is not None and not (options.words and cue.words):
            start, end, text, spans = bare
            plain = None
            if unchanged(text):
                # what the loop below writes for a cue with nothing to escape and default fields
                plain = simple_tags(text, spans, ASS_SPAN_TAGS) if spans else text
            if plain is not None:
                rounded += (start % 10 != 0) + (end % 10 != 0)
                if "\n" in plain:
                    plain = plain.replace("\n", ASS_CHARS["\n"])
                append(f"{head}{clock(start)},{clock(end)},Default,,0,0,0,,{plain}")
                continue
        if cue.start is None or cue.end is None:
            raise WriteError("cannot write ASS: a cue has no times")
        if _raw_event_text(cue) is None:
            if cue.extras.get("ass.comment") == "1" and tidy(cue)[0] is None:
                cue = cue.replace(lines=("",), spans=())  # an empty comment stays a comment
            else:
                ready = prepare(cue, report, STEP)
                if ready is None:
                    continue
                cue = ready
        elif cue.end is not None and cue.start is not None and cue.end < cue.start:
            report.add(
                STEP, "repaired", f"end {cue.end} ms before start {cue.start} ms: swapped", cue.source_line, cue.text
            )
            cue = cue.replace(start=cue.end, end=cue.start)
        assert cue.start is not None and cue.end is not None
        rounded += (cue.start % 10 != 0) + (cue.end % 10 != 0)
        if max(cue.start, cue.end) > MAX_ASS_MS:
            report.add(STEP, "rewritten", "time clamped to 99:59:59.99", cue.source_line, cue.text)
        ex = cue.extras
        kind = "Comment" if ex.get("ass.comment") == "1" else "Dialogue"
        first = "Marked=0" if ssa else _field(ex.get("ass.layer"), "0", "layer", cue, report)
        name = cue.speaker or ""
        if "," in name or "\n" in name:
            report.add(STEP, "rewritten", "speaker name cannot hold commas or newlines", cue.source_line, name)
            name = name.replace(",", ";").replace("\n", " ")
        text = (karaoke_text(cue, report) if options.words else None) or _cue_event_text(cue)
        if ex:
            report_uncarried(cue, "ass", report, STEP)
        fields = [
            first,
            format_time(cue.start),
            format_time(cue.end),
            _field(ex.get("ass.style"), "Default", "style", cue, report),
            name,
            _field(ex.get("ass.margin_l"), "0", "margin", cue, report),
            _field(ex.get("ass.margin_r"), "0", "margin", cue, report),
            _field(ex.get("ass.margin_v"), "0", "margin", cue, report),
            _field(ex.get("ass.effect"), "", "effect", cue, report),
            text,
        ]
        events.append(f"{kind}: {','.join(fields)}")
    if rounded:
        report.add(STEP, "rewritten", f"{rounded} times rounded to ASS's 10 ms resolution")
    parts = [
        "\n".join(info),
        "",
        "[V4 Styles]" if ssa else "[V4+ Styles]",
        f"Format: {SSA_STYLE_FORMAT if ssa else ASS_STYLE_FORMAT}",
        *styles,
        "",
        "[Events]",
        *events,
        "",
    ]
    sections = track.meta.get("ass.sections")
    if isinstance(sections, tuple) and sections and same_kind:
        parts += [*sections, ""]
    out = "\n".join(parts)
    return finish_output(out, options)


def _read_ass(text: str, report: Report) -> Track:
    return read_ass(text, report, "ass")


def _read_ssa(text: str, report: Report) -> Track:
    return read_ass(text, report, "ssa")


def _write_ass(track: Track, options: WriteOptions, report: Report) -> str:
    return write_ass(track, options, report, False)


def _write_ssa(track: Track, options: WriteOptions, report: Report) -> str:
    return write_ass(track, options, report, True)


read = _read_ass
write = _write_ass

FORMATS = (
    Format(
        name="ass",
        extensions=(".ass",),
        sniff=sniff,  # (an SSA file sniffs as "ass"; the reader tells them apart)
        sniff_rank=50,
        read=_read_ass,
        write=_write_ass,
        resolution_ms=ASS_CLOCK.resolution,
        markup=True,
        placement=True,
    ),
    Format(
        name="ssa",
        extensions=(".ssa",),
        sniff=sniff,
        read=_read_ssa,
        write=_write_ssa,
        resolution_ms=ASS_CLOCK.resolution,
        markup=True,
        placement=True,
    ),
)

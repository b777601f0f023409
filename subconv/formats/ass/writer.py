"""The ASS/SSA writer: ``[Script Info]`` (kept, with PlayRes), styles (kept, or a readable
Default), events with their fields, text through :mod:`.text`, karaoke ``\\k`` for word times."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...errors import WriteError
from ...model import Cue, Track
from ...report import Report
from ...timefmt import ASS_CLOCK, ascii_digits, clock_formatter, field_value, timing_formatter, to_resolution
from ..base import Lines, WriteOptions, as_it_is, finished, one_line, say_clamped
from ..escapes import ASS_BLANKS, ASS_CHARS, ASS_SPAN_TAGS, ass_unchanged, escape_ass, prepare, tidy
from ..placement import cue_align, cue_fonts, cue_style, explicit_align, font_ass_tags, report_uncarried
from ..words import say_left_out, timed_words, word_ends
from .reader import (
    ASS_EVENT_FORMAT,
    ASS_STYLE_FORMAT,
    EVENT_COLUMNS,
    SSA_EVENT_FORMAT,
    SSA_STYLE_FORMAT,
    info_title,
)
from .styles import convert_style
from .text import STEP, edited_event_text, event_text, karaoke_words, kept_without_karaoke, parse_ass_text

PLAY_RES = (1920, 1080)  # the PlayRes of a script subconv makes (``WriteOptions.play_res`` unset)
MAX_ASS_MS = 100 * 3600 * 1000 - 10  # 99:59:59.99: pysubs2 and most tools read at most two hour digits
#: the shortest pause between two words the karaoke written from word times (``--words``) holds
#: as an empty syllable: a shorter one is the word before's (its end moved to the next word's
#: start). Of the pauses between the 14 000 Whisper-timed words of ``corpus/timed/3b1b``, 3 %
#: are under 100 ms (20-80 ms, aligner jitter: no pause anyone hears), and the real karaoke
#: scripts of ``corpus/odd`` time no pause under 13 cs
KARAOKE_MIN_PAUSE_MS = 100


def format_time(ms: int) -> str:
    """``H:MM:SS.cc``, rounded to 10 ms (:data:`subconv.timefmt.ASS_CLOCK`), at most 99:59:59.99.

    >>> format_time(3723456), format_time(999), format_time(10**12)
    ('1:02:03.46', '0:00:01.00', '99:59:59.99')
    """
    return clock_formatter(ASS_CLOCK)(min(max(ms, 0), MAX_ASS_MS))


def raw_event_text(cue: Cue) -> str | None:
    """The cue's original ASS text (``ass.raw``) while the cue still reads the same from it; for
    a cue whose text was edited (``with_text``, ``map_text``), that text with the edit made in
    it (:func:`.text.edited_event_text`: its override blocks as they were, in their order) where
    the cue reads the same from that and the writer would tidy nothing of it but what it left in
    the text as read."""
    ex = cue.extras
    raw = ex.get("ass.raw")
    if not isinstance(raw, str):
        return None
    model = (cue.lines, cue.spans, ex.get("ass.tags"), ex.get("ass.tags.at"), ex.get("ass.align"))
    read = parse_ass_text(raw, None, Report())
    if read == model:
        return raw
    if read[0] == cue.lines:  # (the same text: another edit, of the markup)
        return None
    edited = edited_event_text(raw, cue.text)
    if edited is not None and parse_ass_text(edited, None, Report()) == model and _tidy_as_read(cue, read[0]):
        return edited
    return None


def _tidy_as_read(cue: Cue, lines: tuple[str, ...]) -> bool:
    """Whether the writer's tidying (:func:`~subconv.formats.escapes.tidy`) finds nothing in the
    edited ``cue`` that it did not find in its text as read (``lines``), written as it was."""
    out, why = tidy(cue, ASS_BLANKS)
    return out is cue or (out is not None and why == tidy(Cue(0, 1, lines), ASS_BLANKS)[1])


def cue_event_text(cue: Cue) -> str:
    """The event text for ``cue``: its original ASS text (``ass.raw``) while the cue still
    reads the same from it, else the model written out (alignment, kept tags in their places
    (``ass.tags.at``), spans; the alignment and span tags inside the kept blocks where the
    event's text had them there, ``ass.tags.joined``)."""
    raw = raw_event_text(cue)
    if raw is not None:
        return raw
    ex = cue.extras
    tags = ex.get("ass.tags")
    fonts = cue_fonts(cue)
    font_tags = font_ass_tags(fonts)[0] if fonts else ""
    at = ex.get("ass.tags.at")
    if font_tags:  # an SRT <font> over the cue travels as \c, \fn, \fs
        tags = "{" + font_tags + "}" + (tags if isinstance(tags, str) else "")
        at = ("0", *at) if isinstance(at, tuple) else None
    join = ex.get("ass.tags.joined") if tags else None
    return event_text(cue.lines, cue.spans, tags, cue_align(cue, {}), at, join=join)


def karaoke_text(cue: Cue, report: Report) -> str | None:
    r"""The cue's text with a ``{\kN}`` before each word (N: centiseconds it lasts), or None.

    Each word's tag stands at the word's own offset (:func:`~subconv.formats.words.timed_words`,
    where the WebVTT writer puts its timestamp), so the text before the first word is before
    every tag, no word's, as the reader reads it; a word that starts after the one before
    ends (or after the cue's start) has an empty syllable of that pause before it, but for a
    pause between two words shorter than :data:`KARAOKE_MIN_PAUSE_MS`, which the word before
    lasts on into.  Read back, each word starts where it did (to ASS's 10 ms) and ends where it
    did, or at the next word's start after such a pause: its end not after the next word's start
    nor the cue's end (:func:`~subconv.formats.words.word_ends`).  The cue's kept
    override blocks stay in their places (:func:`.text.kept_without_karaoke`: but for their
    karaoke tags), and a word keeps the karaoke kind that stood before it (``\kf``, ``\ko``).

    >>> from subconv.model import Word
    >>> cue = Cue(1000, 3000, ("oh Hello you",), words=(Word(1200, 1500, "Hello"), Word(1700, 2500, "you")))
    >>> karaoke_text(cue, Report())
    'oh {\\k20}{\\k30}Hello {\\k20}{\\k80}you'
    """
    timed = timed_words(cue)
    cuts = [(k, w.start) for k, w in timed] if timed else None
    say_left_out(cue, cuts, STEP, report)
    if timed is None or cue.start is None or cue.end is None:
        return None
    if cue.spans:
        report.add(STEP, "rewritten", "italic/bold/underline not written on a karaoke cue", cue.source_line, cue.text)

    def at(ms: int) -> int:  # the time as the event's times are written (0 to 99:59:59.99, 10 ms)
        return to_resolution(min(max(ms, 0), MAX_ASS_MS), 10)

    ex = cue.extras
    marks, kinds = kept_without_karaoke(ex.get("ass.tags"), ex.get("ass.tags.at"), len(cue.text))
    t = at(cue.start)
    syllables: list[tuple[int, int, int]] = []  # (offset, start, end) of each word, as written
    for (k, w), end in zip(timed, word_ends(timed, cue.end), strict=True):
        start = max(at(w.start), t)
        if syllables and start - t < KARAOKE_MIN_PAUSE_MS:  # (a pause too short to be one: the word before's)
            syllables[-1] = (*syllables[-1][:2], start)
        t = max(at(end), start)
        syllables.append((k, start, t))
    t = at(cue.start)
    for k, start, stop in syllables:
        tags = marks.setdefault(k, [])
        if start > t:  # (a pause: an empty syllable)
            tags.append(f"{{\\k{(start - t) // 10}}}")
        tags.append(f"{{\\{kinds.get(k, 'k')}{(stop - start) // 10}}}")
        t = stop
    align = explicit_align(cue)
    prefix = f"{{\\an{align}}}" if align is not None else ""
    return prefix + escape_ass(cue.text, (), marks)


def _karaoke_event_text(cue: Cue, report: Report) -> str | None:
    """The cue's text timing its words (``--words``): its original ASS text while that still
    reads the same and its karaoke tags give the cue's word times, else :func:`karaoke_text`."""
    raw = raw_event_text(cue)
    if (
        raw is not None
        and cue.words
        and cue.start is not None
        and cue.end is not None
        and karaoke_words(raw, cue.start, cue.end) == cue.words
    ):
        return raw
    return karaoke_text(cue, report)


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


ROUNDED = "times rounded to ASS's 10 ms resolution"
CLAMPED = "time clamped to 99:59:59.99"
NEGATIVE = "negative time written as 0:00:00.00"


def about_times(reason: str) -> bool:
    """Whether ``reason``, a ``rewritten`` entry of this writer, is about ASS's times (10 ms, 0 to
    99:59:59.99): a rendering whose events get their milliseconds back writes none of it
    (``generic.track_to_pysubs2``).

    >>> about_times("3 " + ROUNDED), about_times("speaker name cannot hold commas or newlines")
    (True, False)
    """
    return reason.endswith(ROUNDED) or reason in (CLAMPED, NEGATIVE)


def _field(value: object, default: str, what: str, cue: Cue, report: Report) -> str:
    v = value if isinstance(value, str) else default
    if "," in v or "\n" in v:
        report.add(STEP, "rewritten", f"{what} field cannot hold commas or newlines", cue.source_line, v)
        v = v.replace(",", ";").replace("\n", " ")
    return v


def write_ass(track: Track, options: WriteOptions, report: Report, ssa: bool = False) -> str:
    """Write ``track`` as ASS (``ssa=False``) or SSA v4 text."""
    return "".join(finished(stream_ass(track, options, report, ssa), options))


def stream_ass(track: Track, options: WriteOptions, report: Report, ssa: bool = False) -> Iterator[str]:
    """:func:`write_ass`, a piece at a time: the header, then the events a batch at a time."""
    info, res = _script_info(track, options, ssa)
    styles = _styles(track, options, res, ssa, report)
    sink = Lines(
        [
            "\n".join(info),
            "",
            "[V4 Styles]" if ssa else "[V4+ Styles]",
            f"Format: {SSA_STYLE_FORMAT if ssa else ASS_STYLE_FORMAT}",
            *styles,
            "",
            "[Events]",
            f"Format: {_event_format(track, ssa)}",
        ]
    )
    events, flush = sink.lines, sink.FLUSH
    rounded = clamped = 0
    timing = timing_formatter(ASS_CLOCK, ",")
    append = events.append
    head = "Dialogue: Marked=0," if ssa else "Dialogue: 0,"
    for cue in track.cues:
        if len(events) >= flush:
            yield sink.take()
        plain = as_it_is(cue, MAX_ASS_MS, ass_unchanged, ASS_SPAN_TAGS)
        if plain is not None and not (options.words and cue.words):
            # what _event writes for a cue with nothing to escape and default fields
            start, end, text = plain
            rounded += (start % 10 != 0) + (end % 10 != 0)
            if "\n" in text:
                text = text.replace("\n", ASS_CHARS["\n"])
            append(f"{head}{timing(start, end)},Default,,0,0,0,,{text}")
            continue
        ready = _writable(cue, report)
        if ready is None:
            continue
        assert ready.start is not None and ready.end is not None
        rounded += (ready.start % 10 != 0) + (ready.end % 10 != 0)
        clamped += max(ready.start, ready.end) > MAX_ASS_MS
        append(_event(ready, options, report, ssa))
    say_clamped(report, clamped, format_time(MAX_ASS_MS), "ssa" if ssa else "ass")
    if rounded:
        report.add(STEP, "rewritten", f"{rounded} {ROUNDED}")
    events.append("")
    sections = track.meta.get("ass.sections")  # ([Fonts], [Graphics] ...: in both kinds)
    if isinstance(sections, tuple) and sections:
        events += [*sections, ""]
    yield sink.take()


def _event_format(track: Track, ssa: bool) -> str:
    """The ``[Events]`` ``Format:`` line's columns: the standard ones of the flavour written, as
    the script read named them (``ass.event_format``: ``Actor`` for ``Name``, as older scripts
    write) where it is of that flavour, else as the standard names them.

    >>> t = Track((), meta={"ass.format": "ass", "ass.event_format": "Layer, Start, End, Style, Actor, "
    ...                     "MarginL, MarginR, MarginV, Effect, Text"})
    >>> _event_format(t, False).split(", ")[4], _event_format(t, True).split(", ")[4]
    ('Actor', 'Name')
    """
    standard = SSA_EVENT_FORMAT if ssa else ASS_EVENT_FORMAT
    named = track.meta.get("ass.event_format")
    if isinstance(named, str) and track.meta.get("ass.format") == ("ssa" if ssa else "ass"):
        columns = tuple(EVENT_COLUMNS.get(f.strip().lower()) for f in named.split(","))
        if columns == standard:  # (the same columns in the same order: what the events are written in)
            return named
    return ", ".join(standard)


def _script_info(track: Track, options: WriteOptions, ssa: bool) -> tuple[list[str], tuple[int, int]]:
    """The ``[Script Info]`` lines (the track's own kept, the ones a player needs added) and
    the PlayRes they declare."""
    info_lines = (
        [line for line in track.meta.get("ass.script_info", ()) if isinstance(line, str)]
        if isinstance(track.meta.get("ass.script_info"), tuple)
        else []
    )
    info_lines = _titled(info_lines, track.title)
    keys = {ln.partition(":")[0].strip().lower() for ln in info_lines}
    # a script read from ASS/SSA keeps its PlayRes lines as they are, none added: libass draws it
    # at the PlayRes it assumes for them (:func:`drawn_play_res`), the same before and after;
    # one subconv makes (or ``options.play_res`` given) declares ``options.play_res``
    read = "ass.format" in track.meta and options.play_res is None
    res = drawn_play_res(info_lines) if read else _play_res(info_lines, options.play_res or PLAY_RES)
    info = ["[Script Info]", "; Script generated by subconv"]
    if track.title and "title" not in keys:
        info.append(f"Title: {one_line(track.title)}")
    info.append("ScriptType: v4.00" if ssa else "ScriptType: v4.00+")
    for ln in info_lines:
        k = ln.partition(":")[0].strip().lower()
        if k == "scripttype" or ln.startswith("; Script generated by subconv"):
            continue
        info.append(ln)
    if "playresx" not in keys and not read:
        info.append(f"PlayResX: {res[0]}")
    if "playresy" not in keys and not read:
        info.append(f"PlayResY: {res[1]}")
    # WrapStyle 0 is every renderer's default (libass, VSFilter): one of subconv's own scripts
    # says so, as pysubs2's new SSAFile does; a script read is left without it, as pysubs2 leaves one
    if not ssa and "wrapstyle" not in keys and "ass.format" not in track.meta:
        info.append("WrapStyle: 0")
    # libass draws a script without the line with its borders and shadows unscaled, except one
    # whose own Format lines or FFmpeg header had it scale them (the reader's ``ass.scaled_border``);
    # a script of subconv's own (its Default style sized for PlayResY) has them scaled
    scaled = track.meta.get("ass.scaled_border") == "yes" or (not ssa and "ass.format" not in track.meta)
    if scaled and "scaledborderandshadow" not in keys:
        info.append("ScaledBorderAndShadow: yes")
    return info, res


def _titled(info_lines: list[str], title: str | None) -> list[str]:
    """The ``[Script Info]`` lines kept, their title ``title`` (``Track.title``, the one source
    of it): as they are while they give it (:func:`.reader.info_title`), else without their
    ``Title:`` lines and with one of ``title`` (if any) where the first stood (none stood: the
    caller writes it first).  No report entry: a title that changed is the user's edit.

    >>> _titled(["Title: Old", "PlayResY: 720"], "New"), _titled(["Title: Old"], None)
    (['Title: New', 'PlayResY: 720'], [])
    >>> _titled(["PlayResY: 720"], "New"), _titled(["Title:  Old ", "Title:"], "Old")
    (['PlayResY: 720'], ['Title:  Old ', 'Title:'])
    """
    if info_title(info_lines) == (title or None):
        return info_lines
    at = [k for k, ln in enumerate(info_lines) if ln.partition(":")[0].strip().lower() == "title"]
    out = [ln for k, ln in enumerate(info_lines) if k not in at]
    if title and at:
        out.insert(at[0], f"Title: {one_line(title)}")
    return out


def _play_res(info_lines: list[str], res: tuple[int, int]) -> tuple[int, int]:
    """``res`` with the ``PlayResX``/``PlayResY`` the script info lines declare; where they
    declare one only, the other in ``res``'s proportion (``PlayResX: 1280`` with 1920x1080 is
    1280x720; before, 1280x1080 was written, every line drawn squeezed).

    >>> _play_res(["PlayResX: 1280"], (1920, 1080)), _play_res(["PlayResY: 480"], (1920, 1080))
    ((1280, 720), (853, 480))
    >>> _play_res([], (1920, 1080)), _play_res(["PlayResX: 640", "PlayResY: 480"], (1920, 1080))
    ((1920, 1080), (640, 480))
    """
    x = y = None
    for ln in info_lines:
        k, _, v = ln.partition(":")
        value = field_value(v.strip()) if ascii_digits(v.strip()) else None
        if k.strip().lower() == "playresx" and value is not None:
            x = value
        elif k.strip().lower() == "playresy" and value is not None:
            y = value
    if x and y is None:
        return x, max(1, round(x * res[1] / res[0]))
    if y and x is None:
        return max(1, round(y * res[0] / res[1])), y
    return (x if x is not None else res[0]), (y if y is not None else res[1])


_HEADER_INT = re.compile(r"\s*([+-]?)([0-9]+)")


def drawn_play_res(info_lines: list[str]) -> tuple[int, int]:
    """The PlayRes libass draws a script with these ``[Script Info]`` lines at: its last
    ``PlayResX:``/``PlayResY:`` line of each (the keys as written, the number the value starts
    with, in decimal), one missing or not above 0 made from the other (4:3, but 1280 and 1024 go together),
    384x288 when neither is given.

    >>> drawn_play_res([]), drawn_play_res(["PlayResX: 640"]), drawn_play_res(["PlayResY: 1024"])
    ((384, 288), (640, 480), (1280, 1024))
    >>> drawn_play_res(["PlayResX: 1280"]), drawn_play_res(["PlayResY: 720", "PlayResX: 0"])
    ((1280, 1024), (960, 720))
    """
    x = y = 0
    for ln in info_lines:
        for key in ("PlayResX:", "PlayResY:"):
            if ln.startswith(key):
                m = _HEADER_INT.match(ln, len(key))
                digits = field_value(m.group(2)) if m and m.group(1) != "-" else 0
                value = digits or 0  # (a negative value, or one of thousands of digits: not above 0)
                if key == "PlayResX:":
                    x = value
                else:
                    y = value
    if x > 0 and y > 0:
        return x, y
    if x <= 0 and y <= 0:
        return 384, 288
    if y <= 0:
        return x, 1024 if x == 1280 else max(1, x * 3 // 4)
    return 1280 if y == 1024 else max(1, y * 4 // 3), y


def _styles(track: Track, options: WriteOptions, res: tuple[int, int], ssa: bool, report: Report) -> list[str]:
    """The ``Style:`` lines: the track's own (from the other kind of script converted, what the
    kind written cannot hold reported: :func:`.styles.convert_style`), with a Default one
    (``options.ass_style``, else :func:`default_style`) first if it has none and a cue is drawn
    in it (or it has no style at all)."""
    styles: list[str] = []
    src_styles = track.meta.get("ass.styles")
    if isinstance(src_styles, tuple):
        styles = [s for s in src_styles if isinstance(s, str)]
    if styles and track.meta.get("ass.format", "ass") != ("ssa" if ssa else "ass"):
        at = track.source_lines.get("ass.styles")
        lines = list(at) if isinstance(at, tuple) and len(at) == len(styles) else [None] * len(styles)
        for k, (style, line) in enumerate(zip(styles, lines, strict=True)):
            styles[k], lost = convert_style(style, ssa)
            name = style.partition(":")[2].split(",")[0].strip()
            source = int(line) if isinstance(line, str) and ascii_digits(line) else None
            for what in lost:
                report.add(
                    STEP, "rewritten", f"style {name}: {what}: not carried to {'SSA' if ssa else 'ASS'}", source, style
                )
    default = options.ass_style or default_style(res, ssa)
    if not default.startswith("Style:"):
        default = "Style: " + default
    names = [s.partition(":")[2].split(",")[0].strip() for s in styles]
    if "Default" in names:
        if options.ass_style:
            styles[names.index("Default")] = default
    elif not styles or options.ass_style or _uses_default(track, set(names)):
        styles.insert(0, default)
    return styles


def _uses_default(track: Track, names: set[str]) -> bool:
    """Whether a cue of ``track`` is drawn in ``Default``: its style (as libass looks it up,
    :func:`~subconv.formats.placement.cue_style`) is that or none of ``names``.  A script whose
    events all name its own styles gets no ``Default`` added (before, one was, unused: an ASS→ASS
    conversion was not the script as written; pysubs2 adds none)."""
    return any(cue_style(c) not in names for c in track.cues)


def writes(cue: Cue) -> bool:
    """Whether the ASS writer writes ``cue`` (a timed cue with visible text, an ASS comment or an
    event kept as it was read): each one it writes is one event of its output, in order."""
    return _writable(cue, Report()) is not None


def _writable(cue: Cue, report: Report) -> Cue | None:
    """``cue`` ready to write (:func:`~subconv.formats.escapes.prepare`; an empty comment kept,
    one written from ``ass.raw`` only swapped if it ends before it starts), or None: not written."""
    if cue.start is None or cue.end is None:
        raise WriteError("cannot write ASS: a cue has no times")
    if raw_event_text(cue) is None:
        if cue.extras.get("ass.comment") == "1" and tidy(cue)[0] is None:
            return cue.replace(lines=("",), spans=())  # an empty comment stays a comment
        return prepare(cue, report, STEP, ASS_BLANKS)
    if cue.end < cue.start:
        report.add(
            STEP, "repaired", f"end {cue.end} ms before start {cue.start} ms: swapped", cue.source_line, cue.text
        )
        return cue.replace(start=cue.end, end=cue.start)
    return cue


def _event(cue: Cue, options: WriteOptions, report: Report, ssa: bool) -> str:
    """The ``Dialogue:`` (or ``Comment:``) line of ``cue``, its fields from its extras."""
    assert cue.start is not None and cue.end is not None
    if max(cue.start, cue.end) > MAX_ASS_MS:
        report.add(STEP, "rewritten", CLAMPED, cue.source_line, cue.text)
    if min(cue.start, cue.end) < 0:
        report.add(STEP, "rewritten", NEGATIVE, cue.source_line, cue.text)
    ex = cue.extras
    kind = "Comment" if ex.get("ass.comment") == "1" else "Dialogue"
    first = "Marked=0" if ssa else _field(ex.get("ass.layer"), "0", "layer", cue, report)
    if ssa and "ass.layer" in ex:
        report.add(STEP, "rewritten", f"layer {ex.get('ass.layer')}: not carried to SSA", cue.source_line, cue.text)
    name = cue.speaker or ""
    if "," in name or "\n" in name:
        report.add(STEP, "rewritten", "speaker name cannot hold commas or newlines", cue.source_line, name)
        name = name.replace(",", ";").replace("\n", " ")
    text = (_karaoke_event_text(cue, report) if options.words else None) or cue_event_text(cue)
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
    return f"{kind}: {','.join(fields)}"

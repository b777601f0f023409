"""Formats subconv reads through pysubs2: MicroDVD, MPL2, TMP, SAMI, JSON, Whisper-JAX.

Events are mapped into the model by :func:`track_from_pysubs2`, through subconv's own ASS reader
(``{\\i1}`` to spans, ``\\N`` to line breaks), and back by :func:`track_to_pysubs2`, through its
ASS writer; :mod:`subconv.interop` (``Track.from_pysubs2``/``to_pysubs2``) offers both.  MicroDVD counts
frames: subconv reads it at the rate given for the input (``read(..., fps=25)``, ``--input-fps``:
:func:`make_format`'s ``fps``, the format's ``at_rate``), which wins over the rate its first line
declares (``{1}{1}25``, or ``{0}{0}25`` as pysubs2 writes it; a warning when they differ), else at
that rate, else at 23.976 fps with a warning (``WriteOptions.fps`` / ``--fps`` is for writers, which
declare it on a first ``{1}{1}RATE`` line).
Writing goes through pysubs2 where it can write the format (MicroDVD, MPL2, TMP, JSON); the text
of MicroDVD, MPL2 and TMP as :mod:`subconv.formats.plaintext` makes it (their styling, escapes).
Large texts are read a part at a time (:mod:`subconv.formats.parts`); MicroDVD's and MPL2's
plain event lines after the first part by subconv itself, as pysubs2 reads them
(:func:`_read_later`).
"""

from __future__ import annotations

import contextlib
import functools
import re
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..errors import ParseError
from ..model import EMPTY, Cue, Track
from ..report import Report
from ..timefmt import MAX_MS
from .base import Format, WriteOptions, finish_output, say_before_zero, say_clamped
from .escapes import PLAIN_RULES, TIDY_REASONS, WJ
from .eventlines import (
    PLAIN_LINE,
    event_lines,
    plain_event,
    refuse_unsigned,
    report_left_out,
    signed,
)
from .jsonshapes import JSON_SHAPES, check_json
from .parts import ENDED_BY_NEXT, PART_FORMATS, Part, cut_parts, json_parts
from .plaintext import plain_track, stand_ins

if TYPE_CHECKING:
    from fractions import Fraction

    import pysubs2

MICRODVD_FPS = 23.976
WRITABLE = ("microdvd", "mpl2", "tmp", "json")
#: a MicroDVD first line declaring the frame rate: ``{1}{1}25`` (MPlayer, VLC, Subtitle Edit and
#: pysubs2 read it), or ``{0}{0}25`` (as pysubs2's writer, and subconv's through it, wrote it)
_FPS_LINE = re.compile(r" *\{ *([01]) *\} *\{ *\1 *\} *(\d{1,4}(?:\.\d{1,6})?)\s*$")
_TMP_LINE = re.compile(r"\s*\d{1,2}:\d{2}:\d{2}[:=]")
#: pysubs2's TMP line (its reader's: a time, ``:``, text; found anywhere in a line)
_PYSUBS2_TMP_LINE = re.compile(r"(\d{1,2}:\d{2}:\d{2}):(.+)")
#: a TMP event line with ``=`` after its time (TMPlayer writes both): read as one with ``:``
_TMP_EQUALS = re.compile(r"^([^\S\n]*\d{1,2}:\d{2}:\d{2})=", re.M)
_HUGE_NUMBER = re.compile(r"\d{1000}")

#: the formats whose text pysubs2 reads and writes as plain text (its own codes aside: MPL2's
#: ``/``, MicroDVD's ``{y:i}``): a brace there is text, which pysubs2 hands over as it is, as ASS
#: text (where ``{...}`` is an override block, hidden) and writes through its ``plaintext``
#: (which deletes ``{...}``); before, ``The set {1, 2, 3}`` was read as ``The set `` and written
#: as ``The set \``, silently
PLAIN_TEXT = ("microdvd", "mpl2", "tmp", "sami")
#: a brace that is text in pysubs2's ASS rendering of such a format: not the start of an
#: override block pysubs2 made (``{\i1}``; a brace ending a line, before the ``\N`` pysubs2
#: made of the line break, is text), nor, in MicroDVD, of a control code it keeps
#: (``{c:$0000FF}``, read as before: hidden)
_TEXT_BRACE = re.compile(r"\{(?!\\(?!N))")
_TEXT_BRACE_MICRODVD = re.compile(r"\{(?!\\(?!N)|[A-Za-z]:[^{}\n]*\})")


def _braces_as_text(subs: Any, name: str) -> None:
    """The text braces of the events of ``subs`` (read as format ``name``) escaped as ASS escapes
    them (``\\{``), so that subconv's ASS reader keeps them as text."""
    pattern = _TEXT_BRACE_MICRODVD if name == "microdvd" else _TEXT_BRACE
    for ev in subs:
        if "{" in ev.text:
            ev.text = pattern.sub(r"\\{", ev.text)


def _braces_kept(subs: Any) -> str | None:
    """The ASS escape ``\\{`` in the events of ``subs`` (a brace of the text) replaced by a
    private-use character none of them holds, which pysubs2's ``plaintext`` keeps: the character,
    to be made ``{`` again in the output (None when no event holds a brace)."""
    texts = [ev.text for ev in subs]
    if not any("\\{" in t for t in texts):
        return None
    mark = _unused(texts)
    for ev in subs:
        ev.text = ev.text.replace("\\{", mark)
    return mark


def _unused(texts: Iterable[str]) -> str:
    """A private-use character none of ``texts`` holds (a mark made something else in the output)."""
    used = set("".join(texts))
    return next(chr(c) for c in range(0xE000, 0xF900) if chr(c) not in used)


#: the first part's most, for the formats whose later parts' plain lines subconv reads itself
#: (``PLAIN_LINE``): small, since only the first part needs pysubs2 whatever it holds
_FIRST_PART_CHARS = 1 << 16
#: what the ASS reader says of a part with no event, said once for the whole text
_NO_EVENTS = "no Dialogue events: empty track"


#: a MicroDVD file's frame rate: declared on its first line, or assumed (``(declared, fps)``);
#: for the other formats, not declared and none
Rate = tuple[bool, float | None]


def _reader(name: str, given: float | None = None) -> Callable[[str, Report], Track]:
    def read(text: str, report: Report) -> Track:
        if name in PART_FORMATS:
            return _read_parts(name, (text,), report, given)
        if name == "json":
            parts = json_parts(text)
            if parts is not None:
                return _read_each(name, parts, report)
            check_json(text)
        return _read(name, text, report, _rate(name, text, report, given))

    return read


def _piece_reader(name: str, given: float | None = None) -> Callable[[Iterable[str], Report], Track]:
    def read_pieces(pieces: Iterable[str], report: Report) -> Track:
        return _read_parts(name, pieces, report, given)

    return read_pieces


#: where a frame rate is given for the input, as a report says it
_GIVEN = "fps=, --input-fps"


def _rate(name: str, text: str, report: Report, given: float | None = None) -> Rate:
    """Whether ``text`` (the start of a MicroDVD file) declares its frame rate on its first line,
    and the rate to read it at (both reported): the rate ``given`` for the input, else the one
    declared, else :data:`MICRODVD_FPS`; for other formats, ``(False, None)``."""
    if name != "microdvd":
        return False, None
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    declared = _FPS_LINE.match(first)
    if declared is not None and float(declared.group(2)) > 0:  # "{1}{1}25.000" (or "{0}{0}25")
        rate = declared.group(2)
        if given is None or float(rate) == given:
            said = "" if given is None else f", as given ({_GIVEN})"
            report.add(name, "info", f"MicroDVD frame rate {rate} fps declared in the file{said}", 1)
            return True, float(rate)
        reason = f"MicroDVD frame rate {rate} fps declared in the file: read at {rate_text(given)} fps as given"
        reason += f" ({_GIVEN})"
        report.add(name, "warning", reason, 1)
        return True, given
    if given is not None:
        report.add(name, "info", f"MicroDVD frame rate {rate_text(given)} fps as given ({_GIVEN})")
        return False, given
    report.add(
        name,
        "warning",
        f"MicroDVD counts frames and declares no rate: read at {MICRODVD_FPS} fps "
        "(give the rate with --input-fps RATE or read(..., fps=RATE); a first line {1}{1}25 declares 25)",
    )
    return False, MICRODVD_FPS


def _read_parts(name: str, pieces: Iterable[str], report: Report, given: float | None = None) -> Track:
    """A text (its ``pieces``) of one of the ``PART_FORMATS`` read a part at a time
    (:func:`_read_each` of :func:`cut_parts`; ``given``: the input's frame rate, :func:`_rate`)."""
    cut = cut_parts(name, pieces, _FIRST_PART_CHARS if name in PLAIN_LINE else None)
    return _read_each(name, cut, report, given)


def _read_each(name: str, parts: Iterable[Part], report: Report, given: float | None = None) -> Track:
    """The cues of ``parts`` (:data:`Part`), each read as the whole text would be (pysubs2 reads
    every event on its own), its lines and report entries counted on from the parts before, the
    first part's frame rate given to the others, a part's last event ended by the next part's
    first where pysubs2 would have; the first part's track with them."""
    first: Track | None = None
    cues: list[Cue] = []
    left_out = Report()  # (the lines pysubs2 skipped: reported after the parts' own entries)
    rate: Rate = (False, None)
    unsigned: str | None = None  # (the first part, while no part holds what a text of the format holds)
    for part, lines_before, last in parts:
        whole = first is None and last
        if first is None and not signed(name, part):
            unsigned = part
        elif unsigned is not None and signed(name, part):
            unsigned = None
        own = report if whole else Report()  # (a part's "no events" is not the text's)
        if first is None:
            rate = _rate(name, part, report, given)
            first = track = _read(name, part, own, rate, left_out=left_out)
        elif name in PLAIN_LINE:
            _read_later(name, part, rate[1], lines_before, cues=cues, report=report, left_out=left_out)
            continue
        else:
            before = len(cues)
            track = _read(
                name, part, own, (False, rate[1]), lines_before=lines_before, events_before=before, left_out=left_out
            )
        if own is not report:
            report.entries.extend(e for e in own.entries if e.reason != _NO_EVENTS)
        if cues and track.cues and name in ENDED_BY_NEXT:
            _end_by_next(cues, track.cues[0])
        cues += track.cues
    assert first is not None  # (a text makes a part, if only an empty one)
    if not cues and unsigned is not None:  # (nothing of the format's: an SRT file given as SAMI)
        refuse_unsigned(name, unsigned)
    if not cues and not any(e.reason == _NO_EVENTS for e in report.entries):
        report.add("ass", "warning", _NO_EVENTS)
    report.entries.extend(left_out.entries)
    return first if len(cues) == len(first.cues) else first.with_cues(cues)


def _read_later(
    name: str, part: str, fps: float | None, lines_before: int, *, cues: list[Cue], report: Report, left_out: Report
) -> None:
    """Read ``part``, a part after the first (``lines_before`` lines into the text), into ``cues``
    and ``report``: each plain event line as pysubs2 would (:func:`plain_event`), each run of other
    lines through pysubs2 (as a part of its own: the events before it counted)."""
    plain = PLAIN_LINE.get(name) if name != "microdvd" or fps else None
    per_frame = 1000 / fps if fps else 0.0
    odd: list[str] = []  # a run of lines for pysubs2 (from the first that is not plain)
    odd_from = 0  # the line before it
    for n, line in enumerate(part.split("\n"), lines_before + 1):
        if not line:
            if odd:
                odd.append(line)
            continue
        cue = None if plain is None else plain_event(name, plain.fullmatch(line), per_frame, n)
        if cue is None:
            if not odd:
                odd_from = n - 1
            odd.append(line)
            continue
        if odd:
            _read_run(name, "\n".join(odd) + "\n", fps, odd_from, cues=cues, report=report, left_out=left_out)
            odd = []
        cues.append(cue)
    if odd:
        _read_run(name, "\n".join(odd) + "\n", fps, odd_from, cues=cues, report=report, left_out=left_out)


def _read_run(
    name: str, text: str, fps: float | None, lines_before: int, *, cues: list[Cue], report: Report, left_out: Report
) -> None:
    """Read ``text``, lines of a part after the first, through pysubs2 into ``cues`` and ``report``."""
    own = Report()  # (a run's "no events" is not the text's)
    track = _read(name, text, own, (False, fps), lines_before=lines_before, events_before=len(cues), left_out=left_out)
    report.entries.extend(e for e in own.entries if e.reason != _NO_EVENTS)
    cues += track.cues


def _end_by_next(cues: list[Cue], following: Cue) -> None:
    """End the last of ``cues`` where ``following`` starts, when that is sooner (as pysubs2 ends
    an event of TMP and SAMI by the next; the parts were read apart, cut only where the next
    starts after the last: :func:`_ordered_cut`)."""
    end, start = cues[-1].end, following.start
    if end is not None and start is not None and start < end:
        cues[-1] = cues[-1].replace(end=start)


def _read(
    name: str,
    text: str,
    report: Report,
    rate: Rate,
    *,
    lines_before: int = 0,
    events_before: int = 0,
    left_out: Report | None = None,
) -> Track:
    """``text`` read through pysubs2 (``rate``: the frame rate of MicroDVD, unless the text
    declares it); its source lines and report entries counted on from ``lines_before`` lines and
    ``events_before`` events before it."""
    import pysubs2

    declared, fps = rate
    kwargs: dict[str, Any] = {} if fps is None else {"fps": fps}
    try:
        # (pysubs2 ends a SAMI event at the next <SYNC> or an end tag: a text's last, or a
        # part's, would be lost without one; it reads only a {1}{1} rate line, not {0}{0}: the
        # rate is given, the line blanked)
        closed = text + "</SYNC>" if name == "sami" else _without_rate_line(text) if declared else text
        if name == "microdvd" and "{" in closed:
            closed = microdvd_codes(closed, report, lines_before)
        elif name == "tmp" and "=" in closed:  # (TMPlayer's "00:00:01=text", which pysubs2 skips)
            closed = _TMP_EQUALS.sub(r"\1:", closed)
        subs = pysubs2.SSAFile.from_string(closed, format_=name, **kwargs)
    except Exception as exc:  # pysubs2 raises many kinds; ours is ParseError
        huge = _HUGE_NUMBER.search(text)
        if huge is not None:  # int() refuses thousands of digits: say where they are
            line = lines_before + text.count("\n", 0, huge.start()) + 1
            reason = "number out of range (thousands of digits)"
            raise ParseError(name, reason, line, snippet=huge.group()[:20]) from None
        if name == "json" and isinstance(exc, KeyError):  # (a member its JSON needs: "info", "styles")
            reason = f'pysubs2\'s JSON without "{exc.args[0]}" (subconv reads {JSON_SHAPES})'
            raise ParseError(name, reason, 1) from None
        raise ParseError(name, f"pysubs2 could not read it: {exc}") from None
    if name in PLAIN_TEXT:
        _braces_as_text(subs, name)
    own = Report()
    track = track_from_pysubs2(subs, own)
    if name != "json":  # (the script info and Default style of pysubs2's rendering, not the file's)
        track = track.replace(meta=EMPTY)
    lines = event_lines(name, text, len(track.cues), rate_line=declared)
    report_left_out(name, text, lines, lines_before, report if left_out is None else left_out, rate_line=declared)
    for entry in own.entries:  # (lines of pysubs2's ASS rendering: one an event, after its header)
        shifted = entry.line + events_before if entry.line is not None and events_before else entry.line
        report.entries.append(entry if shifted == entry.line else replace(entry, line=shifted))
    return track.with_cues(
        c.replace(source_line=None if line is None else line + lines_before)
        for c, line in zip(track.cues, lines, strict=True)
    )


#: a MicroDVD event line: its frames, then its text
_MICRODVD_EVENT = re.compile(r"( *\{ *\d+ *\} *\{ *\d+ *\})(.*)")
#: a MicroDVD control code: one letter, a colon, its value (``{y:i}``, ``{c:$0000FF}``)
_MICRODVD_CODE = re.compile(r"\{([A-Za-z]):([^{}\n]*)\}")
_MICRODVD_STYLES = {"i": "\\i1", "b": "\\b1", "u": "\\u1", "s": "\\s1"}
_MICRODVD_COLOUR = re.compile(r"\$?([0-9A-Fa-f]{6})")
#: the codes pysubs2 reads itself: font name, size, a position ``{P:x,y}``
_PYSUBS2_CODES = re.compile(r"[FfSs]:[^}]+|P:\d+,\d+")


def microdvd_codes(text: str, report: Report, lines_before: int = 0) -> str:
    """``text`` (MicroDVD) with its control codes made what subconv holds, as the ASS pysubs2's
    reading of it hands on (a small letter's code to the end of its line, a capital's to the end of
    the cue, as ffmpeg and MPlayer read them; pysubs2 reads each to the end of the cue): ``{y:i}``
    ... (``i``, ``b``, ``u``, ``s``: pysubs2 reads the first three
    and leaves ``{}``, shown as text, of a strikethrough) as ASS span tags, ``{c:$BBGGRR}`` as an ASS
    colour (``\\c&HBBGGRR&``: SRT writes it as ``<font color>``); the codes pysubs2 reads (``{f:}``,
    ``{s:}``, ``{P:x,y}``) left to it; any other code, and a style letter or colour value none of
    these, left out of the text and reported (``dropped``, with its line; before, kept hidden,
    never written but in ASS, and no report said so).

    >>> r = Report()
    >>> microdvd_codes("{1}{2}{Y:i,s}{c:$0000FF}a {H:UTF-8}b|c\\n", r)
    '{1}{2}{\\\\i1\\\\s1}{\\\\c&H0000FF&}a b{\\\\c}|c\\n'
    >>> [(e.action, e.reason, e.line, e.text) for e in r.entries]
    [('dropped', 'MicroDVD control code not read: left out', 1, '{H:UTF-8}')]
    """

    def code(c: re.Match[str], line: int, ends: dict[str, str], whole: dict[str, str]) -> str:
        letter, value = c.groups()
        kind = letter.lower()
        if kind == "y":
            flags = value.replace(",", "").replace(" ", "").lower()
            if flags and all(f in _MICRODVD_STYLES for f in flags):
                tags = list(dict.fromkeys(_MICRODVD_STYLES[f] for f in flags))
                for tag in tags:  # (a small letter's ends with its line: the cue's own again)
                    if letter == "y":
                        ends.setdefault(tag[:-1], whole.get(tag[:-1], tag[:-1] + "0"))
                    else:
                        whole[tag[:-1]] = tag
                return "{" + "".join(tags) + "}"
        elif kind == "c":
            colour = _MICRODVD_COLOUR.fullmatch(value.strip())
            if colour is not None:
                tag = f"\\c&H{colour.group(1).upper()}&"
                if letter == "c":
                    ends.setdefault("\\c", whole.get("\\c", "\\c"))
                else:
                    whole["\\c"] = tag
                return "{" + tag + "}"
        elif _PYSUBS2_CODES.fullmatch(c.group(0)[1:-1]):
            return c.group(0)
        report.add("microdvd", "dropped", "MicroDVD control code not read: left out", line, c.group(0))
        return ""

    def event(text: str, line: int) -> str:
        """The codes of one cue: a small letter's (``{y:i}``, ``{c:$BBGGRR}``) ended at the end
        of its line (``|``), as ffmpeg and MPlayer end it, a capital's (``{Y:i}``,
        ``{C:$BBGGRR}``) over the rest of the cue."""
        whole: dict[str, str] = {}
        parts = []
        for part in text.split("|"):
            ends: dict[str, str] = {}
            done = _MICRODVD_CODE.sub(lambda c, ends=ends: code(c, line, ends, whole), part)  # type: ignore[misc]
            parts.append(done + "{" + "".join(ends.values()) + "}" if ends else done)
        return "|".join(parts)

    lines = text.split("\n")
    for k, line in enumerate(lines):
        if "{" not in line or (m := _MICRODVD_EVENT.match(line)) is None or "{" not in m.group(2):
            continue
        lines[k] = m.group(1) + event(m.group(2), lines_before + k + 1)
    return "\n".join(lines)


def _without_rate_line(text: str) -> str:
    """``text`` with its first line that is not blank (a MicroDVD rate declaration) blanked."""
    at = len(text) - len(text.lstrip())
    at = text.rfind("\n", 0, at) + 1  # (the start of that line)
    end = text.find("\n", at)
    return text[:at] + (text[end:] if end >= 0 else "")


def rate_text(fps: float | Fraction) -> str:
    """The frame rate ``fps`` as a MicroDVD file declares it (at most 6 decimals, none trailing).

    >>> from fractions import Fraction
    >>> rate_text(25.0), rate_text(23.976), rate_text(24000 / 1001), rate_text(Fraction(24000, 1001))
    ('25', '23.976', '23.976024', '23.976024')
    """
    return f"{float(fps):.6f}".rstrip("0").rstrip(".")  # (Python 3.11's Fraction has no "f" format)


def _writer(name: str) -> Callable[[Track, WriteOptions, Report], str]:
    def write(track: Track, options: WriteOptions, report: Report) -> str:
        from .ass import about_times

        rendering = Report()  # (what the ASS rendering did: a cue it leaves out, or swaps, is this writer's too)
        track = _from_zero(track, report, name)
        wj = None  # (a character no cue holds, for a WJ: pysubs2's ASS reading would double a WJ)
        kept: dict[str, str] = {}  # (characters pysubs2 would break a line at, as characters no cue holds)
        if name in PLAIN_RULES:  # (its styling and escapes are subconv's: pysubs2 writes the text)
            wj, kept = stand_ins(c.text for c in track.cues)
            track = plain_track(track, name, report, wj, kept, options=options)
        subs = track_to_pysubs2(track, rendering)
        for e in rendering.entries:  # (and the rendering's tidying and rewriting: JSON writes the ASS text, the
            # speaker; not its times, which the events get back in milliseconds)
            rewritten = e.action == "rewritten" and not about_times(e.reason)
            if (
                e.action in ("dropped", "repaired")
                or rewritten
                or e.reason.startswith("pysubs2: ")
                or e.reason in TIDY_REASONS
            ):
                report.add(name, e.action, e.reason, e.line, e.text)
        kwargs: dict[str, Any] = {}
        head = ""
        if name == "microdvd":  # (frames counted at the rate declared, as a reader counts them)
            rate = rate_text(options.fps or MICRODVD_FPS)
            kwargs.update(fps=float(rate), write_fps_declaration=False)
            head = "{1}{1}" + rate + "\n"  # (pysubs2 would write {0}{0}: its line starts at 1 ms)
        if name in ("microdvd", "tmp"):  # (their styling is subconv's: plaintext.plain_track)
            kwargs.update(apply_styles=False)
        mark = _braces_kept(subs) if name in PLAIN_TEXT else None
        with _said(report, name):
            text: str = head + subs.to_string(name, **kwargs)
        if mark is not None:
            text = text.replace(mark, "{")
        if wj is not None and wj in text:
            text = text.replace(wj, WJ)
        for real, mark in kept.items():
            text = text.replace(mark, real)
        if text and not text.endswith("\n"):  # (pysubs2's JSON has none: a text file ends its last line)
            text += "\n"
        if name == "tmp":  # (start times only, at most 99:59:59: pysubs2 writes later ones at that)
            late = [c for c in track.cues if c.start is not None and c.start > MAX_MS]
            for c in late:
                report.add(name, "rewritten", f"start {c.start} ms clamped to 99:59:59", c.source_line, c.text)
            say_clamped(report, len(late), "99:59:59", name)
        return finish_output(text, options)

    return write


@contextlib.contextmanager
def _said(report: Report, step: str) -> Iterator[None]:
    """pysubs2's Python warnings while the block runs: none printed, each said once as a report
    warning ``pysubs2: ...`` of ``step``."""
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always")
        yield
    for reason in dict.fromkeys(str(w.message) for w in said):
        report.add(step, "warning", f"pysubs2: {reason}")


def _from_zero(track: Track, report: Report, name: str) -> Track:
    """``track`` with its negative times written as 0, each cue reported (as every writer of
    subconv's own does; pysubs2 writes them as they are: MPL2's ``[-5]``, not MPL2)."""
    cues, changed = [], False
    for c in track.cues:
        if c.start is not None and c.end is not None and min(c.start, c.end) < 0:
            report.add(name, "rewritten", "negative time written as 0", c.source_line, c.text)
            say_before_zero(report, c, name)
            c, changed = c.replace(start=max(c.start, 0), end=max(c.end, 0)), True
        cues.append(c)
    return track.with_cues(cues) if changed else track


def track_from_pysubs2(subs: Any, report: Report | None = None) -> Track:
    """A :class:`Track` from a ``pysubs2.SSAFile``: every event, its styles, script info and
    other sections, exactly as subconv's own ASS reader reads pysubs2's ASS rendering of it.
    Anything else (``None``, a file's name) is a ``TypeError`` naming what it takes."""
    from .ass import read_ass

    if not callable(getattr(subs, "to_string", None)):  # (duck-typed, as pysubs2 is used below)
        raise TypeError(
            f"Track.from_pysubs2() takes a pysubs2.SSAFile, not {type(subs).__name__}: "
            "load a file with pysubs2.load(path), or read it with subconv.read(path)"
        )

    with warnings.catch_warnings():  # (times past ASS's 9:59:59.99 are clamped there: the
        warnings.simplefilter("ignore")  # events' own milliseconds are kept below)
        ass = subs.to_string("ass")
    track = read_ass(ass, report if report is not None else Report())
    if track.source_lines:  # (lines of the rendering, not of a file)
        track = track.replace(source_lines=EMPTY)
    events = list(subs)
    if len(events) != len(track.cues):  # cannot happen with pysubs2's own output; keep ASS times then
        return track
    # ASS text holds centiseconds; the events hold milliseconds: keep those
    return track.with_cues(
        c.replace(start=int(ev.start), end=int(ev.end)) for c, ev in zip(track.cues, events, strict=True)
    )


def track_to_pysubs2(track: Track, report: Report | None = None) -> pysubs2.SSAFile:
    """A ``pysubs2.SSAFile`` holding ``track`` (timed cues), parsed from subconv's ASS output,
    so styles, script info, spans and escapes are exactly what :func:`subconv.dumps` writes."""
    import pysubs2

    from .ass import write_ass, writes

    timed = track.with_cues(c for c in track.cues if c.start is not None and c.end is not None)
    rep = report if report is not None else Report()
    ass = write_ass(timed, WriteOptions(), rep)
    with _said(rep, "ass"):  # (a Layer or margin pysubs2 cannot read: "Failed to parse layer")
        subs = pysubs2.SSAFile.from_string(ass, format_="ass")
    written = (c for c in timed.cues if writes(c))  # (a cue with no visible text is not: reported)
    for ev, cue in zip(subs, written, strict=True):  # milliseconds, not ASS's centiseconds
        if cue.start is not None and cue.end is not None:  # (in order, as the rendering swapped them)
            ev.start, ev.end = min(cue.start, cue.end), max(cue.start, cue.end)
    return subs


def _sniffer(name: str) -> Callable[[str], bool]:
    def sniff(text: str) -> bool:
        return sniff_pysubs2(text) == name

    return sniff


def make_format(
    name: str, extensions: tuple[str, ...], shared: tuple[str, ...] = (), fps: float | None = None
) -> Format:
    """A :class:`Format` reading ``name`` through pysubs2 (and writing it when pysubs2 can);
    MicroDVD's frames counted at ``fps`` (None: the rate its file declares, else 23.976), and
    its ``at_rate`` the format reading them at another.

    >>> f = make_format("mpl2", (".mpl",))
    >>> f.name, f.write is not None
    ('mpl2', True)
    """
    return Format(
        name=name,
        extensions=extensions,
        shared_extensions=shared,
        sniff=_sniffer(name),
        sniff_rank=70,  # after subconv's own formats, which pysubs2 would claim too
        read=_reader(name, fps),
        read_pieces=_piece_reader(name, fps) if name in PART_FORMATS else None,
        write=_writer(name) if name in WRITABLE else None,
        resolution_ms={"mpl2": 100, "tmp": 1000}.get(name, 1),
        # (pysubs2's JSON holds the ASS text: spans and placement; the others, what plain_track writes)
        markup=name == "json",
        placement=name == "json",
        speaker_prefix=name in PLAIN_RULES,  # (JSON has a field for it)
        # (pysubs2's JSON holds the script it renders: its info, with the title, and its styles;
        # not its other sections, [Fonts] and [Graphics])
        header=("title", "ass.script_info", "ass.styles") if name == "json" else (),
        at_rate=functools.partial(make_format, name, extensions, shared) if name == "microdvd" else None,
    )


#: the formats read through pysubs2 (each with its file endings)
FORMATS = (
    make_format("microdvd", (".sub",)),
    make_format("mpl2", (".mpl", ".mpl2")),
    make_format("tmp", (".tmp",)),
    make_format("sami", (".smi", ".sami")),
    make_format("json", (".json",), shared=(".json",)),
    make_format("whisper_jax", ()),
)
_NAMES = frozenset(fmt.name for fmt in FORMATS)


def sniff_pysubs2(text: str) -> str | None:
    """The pysubs2 format of ``text`` when it is one subconv routes through pysubs2, else None.

    Never claims SRT, WebVTT, ASS/SSA, TTML or plain page text.

    >>> sniff_pysubs2("{1}{25}Hello|world\\n{30}{50}Bye\\n")
    'microdvd'
    >>> sniff_pysubs2("Just a transcript line.\\nAnother one.") is None
    True
    """
    return _guess(text[:65536])


@functools.lru_cache(maxsize=1)
def _guess(head: str) -> str | None:
    """pysubs2's guess for ``head`` (kept for the last text: each pysubs2 format's sniff asks)."""
    import pysubs2

    try:
        found: str = pysubs2.formats.autodetect_format(head)
    except pysubs2.exceptions.FormatAutodetectionError as exc:
        # subconv's own modules sniffed first and declined: pysubs2's guesses of those formats
        # are not the text's ("[00:00:01.000 -> 00:00:02.000] Hi" is Whisper-JAX, not SRT)
        ours = [name for name in exc.formats if name in _NAMES]
        if len(ours) != 1:
            return "tmp" if not ours and _mostly_tmp(head) else None
        found = ours[0]
    except Exception:
        return None
    if found not in _NAMES:  # (srt, vtt, ass, ssa, ttml: subconv's own modules sniff those)
        return "tmp" if _mostly_tmp(head) else None
    if found == "tmp" and not _mostly_tmp(head):
        return None
    return found


def _mostly_tmp(head: str) -> bool:
    """Whether ``head`` is TMP text: at least half its lines that are not blank start with a time
    (``00:00:01:``), one of them with no other (pysubs2's TMP guess, without its check that
    ``[Script Info]`` or ``[V4+ Styles]`` is nowhere in the text: subconv's ASS sniffer, which
    runs first, has declined the text, whose first section header line would be one; before, a
    TMP cue ``[Script Info]`` made its file a page, its times spoken text).

    >>> _mostly_tmp("00:00:01:[Script Info]\\n00:00:03:next\\n"), _mostly_tmp("[Script Info]\\n00:00:01:x\\n")
    (True, True)
    >>> _mostly_tmp("[Script Info]\\nTitle: x\\n00:00:01:x\\n")
    False
    """
    lines = [ln for ln in head.split("\n") if ln.strip()]
    hits = sum(1 for ln in lines if _TMP_LINE.match(ln))
    return bool(lines) and hits * 2 >= len(lines) and any(len(_PYSUBS2_TMP_LINE.findall(ln)) == 1 for ln in lines)

"""What every format module builds on: its :class:`Format` declaration, the :class:`WriteOptions`
every writer takes, and the helpers writers share.

The registry (:mod:`subconv.formats`) loads the format modules; they import this module, never
the registry, so the registry can load them without an import circle.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from operator import attrgetter
from typing import TYPE_CHECKING

from ..model import EMPTY, Cue, CueFeed, Span, Track, bare_text
from ..options import check_fields, count_problem, fps_problem
from ..report import LOUD_STEP, Entry, Report
from ..timefmt import LATEST_WRITTEN_MS, VTT_CLOCK, format_clock

if TYPE_CHECKING:  # (fractions is imported only where a Fraction is made: startup time)
    from fractions import Fraction


#: the writers' ``extra`` switches that hold a whole number from 0 (as a ``str``), checked when
#: the :class:`WriteOptions` are made (the txt writer reads them with ``int``)
WHOLE_EXTRAS = ("txt.pause_ms", "txt.paragraph_chars")


def _whole_extra(key: str, value: str) -> str | None:
    """Why ``value`` cannot be the whole-number extra ``key``, or None."""
    try:
        ok = int(value) >= 0
    except ValueError:
        ok = False
    return None if ok else f"{key} must be a whole number from 0, e.g. '3000', not {value!r}"


def _extra_problem(value: object) -> str | None:
    """Why ``value`` cannot be :class:`WriteOptions`' ``extra``, or None."""
    ok = isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
    if not ok:
        return "must be a dict of str to str, e.g. {'txt.pause_ms': '5000'}"
    assert isinstance(value, dict)
    wrong = (_whole_extra(key, value[key]) for key in WHOLE_EXTRAS if key in value)
    return next((why for why in wrong if why is not None), None)


def _write_problem(name: str, value: object) -> str | None:
    """Why ``value`` cannot be field ``name`` of :class:`WriteOptions`, or None (the rules of
    :class:`subconv.options.Options`' fields of the same kinds)."""
    if name == "ass_style":
        return None if value is None or isinstance(value, str) else "must be a str (a Style: line) or None"
    if name == "play_res":
        ok = value is None or (
            isinstance(value, tuple) and len(value) == 2 and all(count_problem(v) is None for v in value)
        )
        return None if ok else "must be None or (width, height), whole numbers from 1"
    if name == "line_limit":
        return None if value is None else count_problem(value)
    if name == "fps":
        return None if value is None else fps_problem(value)
    if name == "extra":
        return _extra_problem(value)
    return None if isinstance(value, bool) else "must be True or False"


@dataclass(frozen=True)
class WriteOptions:
    """Options every writer accepts (each ignores what it cannot use).

    Every field is checked when the options are made, as :class:`subconv.Options`' are: a value
    a field does not take raises :class:`~subconv.errors.UsageError` naming it
    (``WriteOptions(line_limit="42")``: ``must be a whole number from 1``).
    """

    bom: bool = False  # start the file with U+FEFF
    crlf: bool = False  # CRLF line endings
    speaker_prefix: bool = True  # SRT/ASS-less formats: write "NAME: " before a speaker's text
    ass_style: str | None = None  # ASS: a "Style:" line (V4+ format) used as Default
    # ASS PlayResX/Y the script declares where the track has none; None: 1920x1080 for a script
    # subconv makes, a script read from ASS/SSA keeping its own (none added where it had none)
    play_res: tuple[int, int] | None = None
    line_limit: int | None = None  # editor profiles: maximum characters per line (reported)
    fps: float | Fraction | None = None  # editor profiles: frame rate the times were snapped to
    words: bool = False  # WebVTT/ASS: show per-word times (cue timestamps, karaoke) where cues have them
    extra: dict[str, str] = field(default_factory=dict)  # format-specific switches

    def __post_init__(self) -> None:
        check_fields(self, _write_problem)


#: a line's end in a cue's text held in a field (a TextGrid label, a JSON cue list's text): CR LF,
#: CR or LF only; U+2028, NEL or a form feed there is text (``str.splitlines`` breaks at them: a
#: line break the file never held, silently)
LINE_END = re.compile("\r\n?|\n")
#: what a reader of some format takes for the end of a line (Python's ``str.splitlines``)
_LINE_BREAKS = re.compile("[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")


def one_line(text: str) -> str:
    """``text`` for a header field written on one line (a title): each run of line breaks a
    space, so nothing in it can start a line of the file (a TTML title holding ``[Events]`` and
    a ``Dialogue:`` line became an event of the ASS written from it).

    >>> one_line("My film\\r\\n[Events]\\u2028Dialogue: x")
    'My film [Events] Dialogue: x'
    """
    return _LINE_BREAKS.sub(" ", text)


#: the step of the report entries of file-level data a writer leaves out (:func:`report_unheld`):
#: not a cue's (the command line's count of the cues written leaves them aside)
HEADER_STEP = "header"


#: what a writer says of each cue it leaves out, with the cue's line: a cue no viewer would see
NOT_SHOWN = "cue with no visible text not written"
#: ... and of an ASS ``Comment:`` event (never shown), one by one or all of them at once
COMMENT_NOT_SHOWN = "ASS Comment event (not shown) not written"
_COMMENTS_NOT_SHOWN = re.compile(r"([0-9]+) ASS comment events not written \(they are never shown\)")


def comments_not_shown(n: int) -> str:
    """The reason a writer gives for the ``n`` ASS comment events it leaves out at once."""
    return f"{n} ASS comment events not written (they are never shown)"


def cues_left_out(entries: Iterable[Entry]) -> int:
    """How many cues the writers' ``entries`` say they left out (:data:`NOT_SHOWN`,
    :data:`COMMENT_NOT_SHOWN`, :func:`comments_not_shown`): not what they dropped of a cue they
    wrote (its word times, a font, NUL characters) or of the file (its header, a summary of the
    styling or placement of several cues).

    >>> r = Report()
    >>> r.add("vtt", "dropped", NOT_SHOWN, 3, " ")
    >>> r.add("vtt", "dropped", comments_not_shown(4))
    >>> r.add("vtt", "dropped", "2 word times not written (outside the cue's times, ...)", 9, "Hi")
    >>> cues_left_out(r.entries)
    5
    """
    n = 0
    for e in entries:
        if e.action != "dropped":
            continue
        if e.reason in (NOT_SHOWN, COMMENT_NOT_SHOWN):
            n += 1
        elif (m := _COMMENTS_NOT_SHOWN.fullmatch(e.reason)) is not None:
            n += int(m.group(1))
    return n


#: The file-level data a track may hold: ``Track.title``, ``Track.language`` and the meta keys of
#: header material, each with the words a report names it by.  A format declares which of them
#: its writer writes (``Format.header``); :func:`report_unheld` reports the others a track holds.
#: The other meta keys say how a file was read (``ass.format``, ``ass.scaled_border``,
#: ``ass.event_format``, ``page.duration_ms``, which the cues' times carry): nothing of them is lost.
HEADER_DATA: Mapping[str, str] = {
    "title": "the title",
    "language": "the language",
    "vtt.header": "the WebVTT header (the WEBVTT line's text and the header lines)",
    "vtt.blocks": "the WebVTT NOTE/STYLE/REGION blocks before the first cue",
    "vtt.trailing_notes": "the WebVTT NOTE blocks after the last cue",
    "ass.script_info": "the [Script Info] lines",
    "ass.styles": "the ASS/SSA styles",
    "ass.sections": "the ASS/SSA sections other than [Script Info], styles and [Events]",
    "sbv.header": "the SBV header lines",
    "subviewer.header": "the SubViewer header lines",
    "lrc.tags": "the LRC ID tags ([ar:], [al:], [by:], ...)",
}


def _header_value(track: Track, key: str) -> str | tuple[str, ...] | None:
    if key == "title":
        return track.title
    if key == "language":
        return track.language
    return track.meta.get(key)


def report_unheld(
    track: Track,
    held: Iterable[str],
    report: Report,
    fmt: str,
    why: str | None = None,
    *,
    partly: Callable[[Track, str, str], str | None] | None = None,
) -> None:
    """Report, once for the file, each item of :data:`HEADER_DATA` that ``track`` holds and a
    writer of ``fmt``, which writes only the items ``held``, leaves out: one ``dropped`` entry
    naming it, at its source line (``Track.source_lines``, by its key) where the reader noted it,
    with the reason ``why`` (``Format.unheld_why``; None: ``fmt`` has no place for it), or the
    one ``partly`` gives (``Format.unheld_partly``: of the track, the key and the words naming
    it; None: the usual) for an item the writer carries part of to each cue.
    Nothing on standard error: the cues are all written (``--report`` and ``--explain`` show it).

    >>> r = Report()
    >>> t = Track((), title="My film", language="fr", source_lines={"title": "2"})
    >>> report_unheld(t, ("language",), r, "srt")
    >>> [(e.step, e.action, e.reason, e.line, e.text) for e in r.entries]
    [('header', 'dropped', 'the title not written: srt has no place for it', 2, 'My film')]
    """
    for key, what in HEADER_DATA.items():
        if key in held:
            continue
        value = _header_value(track, key)
        if not value:
            continue
        text = None if isinstance(value, tuple) else value
        if text is None:
            what += f" ({len(value)})"
        lines = track.source_lines.get(key)
        first = next((n for n in ((lines,) if isinstance(lines, str) else lines or ()) if n.isdigit()), None)
        line = int(first) if first is not None else None
        reason = partly(track, key, what) if partly is not None else None
        if reason is None:
            reason = f"{what} not written: {why or f'{fmt} has no place for it'}"
        report.add(HEADER_STEP, "dropped", reason, line, text)


#: The data of a cue a writer may leave out, kept in its extras: the key, with the words a report
#: names it by.  A format declares the keys its writer writes in ``Format.header`` too;
#: :func:`noted_cues` reports the others a cue holds.
CUE_DATA: Mapping[str, str] = {"vtt.notes": "WebVTT NOTE block(s) before this cue"}
#: the readers that keep such data (a track's ``format``; None: one made through the library):
#: the cues of a track read otherwise hold none, and are not looked at (a writer's hot path)
CUE_DATA_READERS = frozenset(("vtt", None))


def noted_cues(cues: Iterable[Cue], held: Iterable[str], report: Report, fmt: str) -> Iterator[Cue]:
    """``cues``, each holding data of :data:`CUE_DATA` a writer of ``fmt`` leaves out (not in
    ``held``) reported as it passes: one ``dropped`` entry (step :data:`HEADER_STEP`, no cue's)
    at the cue's line, with the first block's text (before, a WebVTT ``NOTE`` between cues was
    lost in SRT and the others with nothing said).

    >>> r = Report()
    >>> c = Cue(0, 1, ("a",), extras={"vtt.notes": ("NOTE checked by Ann",)}, source_line=7)
    >>> [x.text for x in noted_cues([c], (), r, "srt")], [(e.line, e.text) for e in r.entries]
    (['a'], [(7, 'NOTE checked by Ann')])
    >>> r.entries[0].reason
    '1 WebVTT NOTE block(s) before this cue not written: srt has no place for them'
    """
    lost = [(key, what) for key, what in CUE_DATA.items() if key not in held]
    if not lost:
        yield from cues
        return
    for cue in cues:
        if cue.extras:
            for key, what in lost:
                value = cue.extras.get(key)
                if value:
                    values = (value,) if isinstance(value, str) else value
                    reason = f"{len(values)} {what} not written: {fmt} has no place for them"
                    report.add(HEADER_STEP, "dropped", reason, cue.source_line, values[0])
        yield cue


def say_clamped(report: Report, count: int, largest: str, fmt: str) -> None:
    """Say once, on standard error (a warning of the run's, :data:`~subconv.report.LOUD_STEP`),
    that ``count`` cues ran past ``largest``, the latest time format ``fmt`` can write, and were
    written at it: their times are lost (each clamped time is in the report, with its line).

    >>> r = Report()
    >>> say_clamped(r, 3, "99:59:59,999", "srt")
    >>> print(r.entries[0].reason[:60])
    3 cues run past 99:59:59,999, the latest time srt can write:
    """
    if count:
        cues = "1 cue runs" if count == 1 else f"{count} cues run"
        reason = f"{cues} past {largest}, the latest time {fmt} can write: written at {largest}, their times lost"
        report.add(LOUD_STEP, "warning", reason + " (--report lists each)")


def say_unreadable(report: Report, step: str, reason: str) -> None:
    """One warning (standard error shows it, :data:`~subconv.report.LOUD_STEP`) for the cues the
    reader of ``step`` dropped for ``reason`` (their timing line could not be read), at the first.

    >>> r = Report()
    >>> for line in (4, 9):
    ...     r.add("sbv", "dropped", "cue dropped: its timing line could not be read", line)
    >>> say_unreadable(r, "sbv", "cue dropped: its timing line could not be read")
    >>> r.entries[-1].reason, r.entries[-1].line
    ('2 cues were dropped: their timing lines could not be read (the first here; --explain lists each)', 4)
    """
    lines = [e.line for e in report.entries.of_action("dropped") if e.step == step and e.reason == reason]
    if lines:
        n = len(lines)
        what = "a cue was dropped: its timing line" if n == 1 else f"{n} cues were dropped: their timing lines"
        more = "" if n == 1 else " (the first here; --explain lists each)"
        report.add(LOUD_STEP, "warning", f"{what} could not be read{more}", lines[0])


def _past_reach(cue: Cue) -> bool:
    """Whether a time of ``cue``'s is past :data:`LATEST_WRITTEN_MS` (a word's outside its
    cue's times is not written)."""
    return max(cue.start or 0, cue.end or 0) > LATEST_WRITTEN_MS


def _in_reach(cue: Cue) -> Cue:
    """``cue`` with every time past :data:`LATEST_WRITTEN_MS`, its words' too, written at it."""

    def at(ms: int) -> int:
        return min(ms, LATEST_WRITTEN_MS)

    words = tuple(replace(w, start=at(w.start), end=at(w.end)) for w in cue.words)
    start, end = cue.start, cue.end
    return replace(cue, start=None if start is None else at(start), end=None if end is None else at(end), words=words)


def within_reach(cues: Iterable[Cue], report: Report, fmt: str) -> Iterator[Cue]:
    """``cues`` as a writer of ``fmt`` takes them: a time past :data:`LATEST_WRITTEN_MS`
    (999999999:00:00.000, a ``shift`` past it, a json3 ``tStartMs`` of ``1e300``) is written
    at it, each such cue reported with its line and one warning said, so that every reader takes
    back what its writer wrote (before, WebVTT and TTML wrote 294-digit hours they refused).
    A format that cannot write so late (SRT, ASS, ...) clamps again at its own latest time.

    >>> r = Report()
    >>> [c.end for c in within_reach([Cue(0, 10**300, ("a",))], r, "vtt")], len(r.entries)
    ([3599999996400000], 2)
    """
    late = 0
    for cue in cues:
        if _past_reach(cue):
            late += 1
            report.add(fmt, "rewritten", f"a time past {_LATEST} written at it", cue.source_line, cue.text)
            cue = _in_reach(cue)
        yield cue
    say_clamped(report, late, _LATEST, "subconv")  # (SRT's, ASS's own clamp may come after)


_LATEST = format_clock(LATEST_WRITTEN_MS, VTT_CLOCK)
_START, _END = attrgetter("start"), attrgetter("end")


def latest_time(cues: Sequence[Cue]) -> int:
    """The latest start or end of ``cues`` (0 for none), in C-speed passes over their times: a
    reader or a writer of many cues checks them all without slowing.

    >>> latest_time((Cue(5, 9, ("a",)), Cue(None, None, ("b",)), Cue(12, 3, ("c",))))
    12
    """
    return max(max(filter(None, map(_START, cues)), default=0), max(filter(None, map(_END, cues)), default=0))


def _reach_track(track: Track, report: Report, fmt: str) -> Track:
    """``track`` as its writer takes it (:func:`within_reach`): itself unless a time is too late
    (checked by C-speed passes over the cues' times: a writer of many cues does not slow)."""
    cues = track.cues
    if latest_time(cues) <= LATEST_WRITTEN_MS:  # (word times outside their cue's are not written)
        return track
    return replace(track, cues=tuple(within_reach(cues, report, fmt)))


def say_before_zero(report: Report, cue: Cue, step: str) -> None:
    """Warn that ``cue`` ends by 0:00 (``(-1, 0)``, a cue shifted back past the start): every
    writer writes a negative time as 0 (each time reported as it is rewritten), which leaves
    such a cue written at 0:00 with no length, never shown.  Writers call it for a cue whose
    start is negative (:func:`subconv.formats.escapes.prepare` for most).

    >>> r = Report()
    >>> say_before_zero(r, Cue(-1, 0, ("Hi",)), "srt"); say_before_zero(r, Cue(-1, 5, ("Hi",)), "srt")
    >>> print(r.entries[0].describe(), len(r.entries))
    srt: warning: cue from -1 to 0 ms ends by 0:00: written at 0:00 with no length, never shown: "Hi" 1
    """
    start, end = cue.start, cue.end
    if start is not None and end is not None and start < 0 and end <= 0:
        reason = f"cue from {start} to {end} ms ends by 0:00: written at 0:00 with no length, never shown"
        report.add(step, "warning", reason, cue.source_line, cue.text)


def as_it_is(
    cue: Cue, max_ms: int, unchanged: Callable[[str], bool], tags: Mapping[str, tuple[str, str]]
) -> tuple[int, int, str] | None:
    """``(start, end, text as written)`` of a cue a writer may write as it is (its fast path): no
    extras or speaker, ``0 <= start <= end <= max_ms``, a text no escape rule changes
    (``unchanged``: one of the checks :func:`subconv.formats.escapes.unchanged_check` builds) and
    spans :func:`simple_tags` can write with ``tags``; else None (the writer's escaping path).

    >>> from subconv.formats.escapes import HTML_SPAN_TAGS, srt_unchanged
    >>> as_it_is(Cue(0, 10, ("a", "big b"), (Span(6, 7, "i"),)), 99, srt_unchanged, HTML_SPAN_TAGS)
    (0, 10, 'a\\nbig <i>b</i>')
    >>> as_it_is(Cue(0, 10, ("a",), speaker="x"), 99, srt_unchanged, HTML_SPAN_TAGS) is None
    True
    """
    start, end = cue.start, cue.end
    if start is None or end is None or not 0 <= start <= end <= max_ms:
        return None
    text = bare_text(cue)  # (the usual cue: nothing but times and text)
    spans: tuple[Span, ...] = ()
    if text is None:
        if cue.extras is not EMPTY or cue.speaker is not None:
            return None
        text, spans = cue.text, cue.spans
    if not unchanged(text):
        return None
    if not spans:
        return start, end, text
    written = simple_tags(text, spans, tags)
    return None if written is None else (start, end, written)


def simple_tags(text: str, spans: tuple[Span, ...], tags: Mapping[str, tuple[str, str]]) -> str | None:
    """``text`` with each span between its (open, close) ``tags``, or None unless the spans are
    in order, non-empty, inside the text, of kinds in ``tags`` and apart (no two overlap or
    touch): then a writer's general rendering (merging, re-nesting) has nothing to do.

    >>> simple_tags("a big one", (Span(2, 5, "i"),), {"i": ("<i>", "</i>")})
    'a <i>big</i> one'
    >>> simple_tags("ab", (Span(0, 1, "i"), Span(1, 2, "i")), {"i": ("<i>", "</i>")}) is None
    True
    """
    out: list[str] = []
    pos = 0
    last_end = -1
    for span in spans:
        start, end = span.start, span.end
        if start <= last_end or end <= start or end > len(text) or span.kind not in tags:
            return None
        opening, closing = tags[span.kind]
        out += (text[pos:start], opening, text[start:end], closing)
        pos = last_end = end
    out.append(text[pos:])
    return "".join(out)


def invisible(ch: str) -> bool:
    """True for a character nothing is drawn for: white space, format and control characters.

    >>> invisible(" "), invisible("\\u200b"), invisible("\\u2060"), invisible("a")
    (True, True, True, False)
    """
    return ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc")


def has_visible(text: str) -> bool:
    """True when ``text`` holds a character that is drawn.

    >>> has_visible(" \\u2060\\n\\u200b"), has_visible(" x ")
    (False, True)
    """
    # (a printable character but the space is drawn: what is not printable includes every
    # format, control and separator character; the first one, tested in C, usually decides)
    if text and text[0] != " " and text[0].isprintable():
        return True
    return any(not invisible(ch) for ch in text)


def speaker_prefix(cue: Cue, previous: str | None, options: WriteOptions) -> str:
    """``NAME: ``, how a writer of a format with no speaker field names ``cue``'s speaker, where a
    turn starts (the cue before, ``previous``, is another speaker's or none's) and
    ``options.speaker_prefix`` is on; else ``""``.

    >>> c = Cue(0, 1, ("hi",), speaker="Ann")
    >>> speaker_prefix(c, None, WriteOptions()), speaker_prefix(c, "Ann", WriteOptions())
    ('Ann: ', '')
    """
    return f"{cue.speaker}: " if options.speaker_prefix and cue.speaker and cue.speaker != previous else ""


def speaker_named(cue: Cue, previous: str | None, options: WriteOptions) -> tuple[str, tuple[Span, ...]]:
    """``cue``'s text and spans with :func:`speaker_prefix` before the text, the spans moved after it.

    >>> c = Cue(0, 1, ("hi",), (Span(0, 2, "i"),), speaker="Ann")
    >>> speaker_named(c, None, WriteOptions()), speaker_named(c, "Ann", WriteOptions())[0]
    (('Ann: hi', (Span(start=5, end=7, kind='i'),)), 'hi')
    """
    prefix = speaker_prefix(cue, previous, options)
    if not prefix:
        return cue.text, cue.spans
    return prefix + cue.text, tuple(Span(s.start + len(prefix), s.end + len(prefix), s.kind) for s in cue.spans)


def shown_cues(track: Track, report: Report, step: str) -> tuple[Cue, ...]:
    """The cues a viewer sees: ASS ``Comment:`` events (extra ``ass.comment``) left out, reported
    once, and cues with no visible text (a SAMI "clear", an SRT cue with no lines) left out,
    each reported with its line, as every writer leaves them out (before, SBV and SubViewer wrote
    such a cue as a lone U+2060, TTML as an empty ``<p>``); a cue that ends before it starts
    :func:`in_order` (before, SBV, SubViewer and TTML wrote it so).

    >>> r = Report()
    >>> cues = (Cue(0, 1, ("a",)), Cue(0, 1, ("b",), extras={"ass.comment": "1"}), Cue(2, 3, ("", " ")))
    >>> [c.text for c in shown_cues(Track(cues), r, "x")], [e.reason for e in r.entries]
    (['a'], ['1 ASS comment events not written (they are never shown)', 'cue with no visible text not written'])
    """
    cues = track.cues
    comments = sum(1 for c in cues if c.extras.get("ass.comment") == "1")
    if comments:
        report.add(step, "dropped", comments_not_shown(comments))
        cues = tuple(c for c in cues if c.extras.get("ass.comment") != "1")
    if all(has_visible(c.text) and not _backwards(c) for c in cues):
        return cues
    shown = []
    for c in cues:
        if has_visible(c.text):
            shown.append(in_order(c, report, step))
        else:
            report.add(step, "dropped", NOT_SHOWN, c.source_line, c.text)
    return tuple(shown)


def _backwards(cue: Cue) -> bool:
    return cue.start is not None and cue.end is not None and cue.end < cue.start


def in_order(cue: Cue, report: Report, step: str) -> Cue:
    """``cue``, its times swapped when it ends before it starts (a cue made through the library:
    the readers swap such times), reported ``repaired`` with its line, as every writer does.

    >>> r = Report()
    >>> in_order(Cue(2000, 1000, ("a",)), r, "sbv").start, r.entries[0].reason
    (1000, 'end 1000 ms before start 2000 ms: swapped')
    """
    if not _backwards(cue):
        return cue
    assert cue.start is not None and cue.end is not None
    reason = f"end {cue.end} ms before start {cue.start} ms: swapped"
    report.add(step, "repaired", reason, cue.source_line, cue.text)
    return cue.replace(start=cue.end, end=cue.start)


def finish_output(text: str, options: WriteOptions) -> str:
    """A writer's ``\\n`` text with the line endings and byte-order mark ``options`` ask for.

    >>> finish_output("a\\nb\\n", WriteOptions(bom=True, crlf=True))
    '\\ufeffa\\r\\nb\\r\\n'
    """
    if options.crlf:
        text = text.replace("\n", "\r\n")
    return "\ufeff" + text if options.bom else text


Reader = Callable[[str, Report], Track]
#: A reader that takes its text a piece at a time (see :func:`text_pieces`): the same track and
#: report as the format's ``read`` of the pieces joined (or the same error; the report's entries
#: before it may differ), without the whole text in memory at once.  It may raise
#: :class:`subconv.errors.WholeInputNeeded` when the text needs the whole-text reader.
PieceReader = Callable[[Iterable[str], Report], Track]
Writer = Callable[[Track, WriteOptions, Report], str]
#: A writer that yields its ``\n`` text piece by piece (a cue at a time), so that a large track
#: is written to a file without its whole text in memory.
Streamer = Callable[[Track, WriteOptions, Report], Iterator[str]]
#: A streaming writer of cues given one at a time (:class:`subconv.model.CueFeed`): the track
#: gives the header (its metadata; its cues are not read), the feed the cues, with no ASS comment
#: among them.  It yields what ``Streamer`` yields for the track holding those cues.
FeedStreamer = Callable[[Track, CueFeed, WriteOptions, Report], Iterator[str]]
Sniffer = Callable[[str], bool]


def last_check(cues: Sequence[Cue] | CueFeed) -> Callable[[int], bool]:
    """Whether the cue at an index of ``cues`` is the last (of a feed: known once it is given).

    >>> last_check([Cue(0, 1, ("a",)), Cue(1, 2, ("b",))])(1)
    True
    """
    if isinstance(cues, CueFeed):
        return cues.is_last
    final = len(cues) - 1
    return lambda index: index == final


#: Characters gathered into one piece of a streamed output (see :func:`finished`): 64 Ki, small
#: enough for the C allocator to reuse one piece's memory for the next (pieces of a megabyte are
#: mapped and unmapped each time, and every page of each is faulted in anew: on SRT -> WebVTT of
#: 100,000 cues that was 20,000 page faults more, a twentieth of the run).
CHUNK = 1 << 16


def finished(pieces: Iterable[str], options: WriteOptions) -> Iterator[str]:
    """A streaming writer's ``\\n`` pieces gathered into chunks of about :data:`CHUNK` characters,
    with the line endings and byte-order mark ``options`` ask for (as :func:`finish_output`).

    >>> list(finished(["a\\n", "b\\n"], WriteOptions(bom=True, crlf=True)))
    ['\\ufeff', 'a\\r\\nb\\r\\n']
    """
    if options.bom:
        yield "\ufeff"
    crlf = options.crlf
    held: list[str] = []
    size = 0
    for piece in pieces:
        held.append(piece)
        size += len(piece)
        if size >= CHUNK:
            text = "".join(held)
            held.clear()
            size = 0
            yield text.replace("\n", "\r\n") if crlf else text
    if held:
        text = "".join(held)
        yield text.replace("\n", "\r\n") if crlf else text


class Lines:
    """The lines of a streaming writer's output, handed on a piece at a time.

    A writer appends lines (or blocks of them) to :attr:`lines`, as to the list it would join
    with ``"\\n"``; :meth:`take` returns the lines held so far, joined (with the ``"\\n"`` that
    separates them from the ones taken before), and forgets them.  The pieces taken, one after
    the other, are ``"\\n".join`` of every line appended.

    >>> out = Lines(["a", "b"])
    >>> first = out.take()
    >>> out.lines += ["c", ""]
    >>> first + out.take() + out.take()
    'a\\nb\\nc\\n'
    """

    #: Lines held before a writer hands them on (about :data:`CHUNK` of subtitle text).
    FLUSH = 1_024

    def __init__(self, lines: list[str] | None = None) -> None:
        self.lines: list[str] = lines if lines is not None else []
        self._started = False
        self.ends_with_newline = False  # (the text taken so far)

    def take(self) -> str:
        """The lines held, joined and preceded by the separator they need; "" when none."""
        if not self.lines:
            return ""
        text = "\n".join(self.lines)
        if self._started:
            text = "\n" + text
        self._started = True
        self.lines.clear()
        if text:
            self.ends_with_newline = text.endswith("\n")
        return text


def text_pieces(pieces: Iterable[str]) -> Iterator[tuple[str, bool]]:
    """``pieces`` of a text as the readers take it, each with whether it is the last: without a
    leading byte-order mark, CR LF and a lone CR as LF (a CR ending a piece waits for the next,
    which may start with its LF).  An empty text is one empty last piece.

    >>> list(text_pieces(["\\ufeffa\\r", "\\nb\\r", "c\\r"]))
    [('a', False), ('\\nb', False), ('\\nc\\n', True)]
    """
    held = ""
    started = False  # (a character seen: a byte-order mark is only the text's first)
    it = iter(pieces)
    piece = next(it, None)
    if piece is None:
        yield "", True
    while piece is not None:
        following = next(it, None)
        if not started and piece:
            started = True
            if piece.startswith("\ufeff"):
                piece = piece[1:]
        piece = held + piece
        held = ""
        if following is not None and piece.endswith("\r"):
            piece, held = piece[:-1], "\r"
        if "\r" in piece:
            piece = piece.replace("\r\n", "\n").replace("\r", "\n")
        yield piece, following is None
        piece = following


def text_lines(pieces: Iterable[str]) -> Iterator[str]:
    r"""The lines of the text ``pieces`` make (as :func:`text_pieces` gives it: no byte-order mark,
    every line end LF), each as it is complete: ``text.split("\n")`` without the whole text.

    >>> list(text_lines(["\ufeffa\r", "\nb", "c\n"]))
    ['a', 'bc', '']
    """
    rest = ""
    for piece, _last in text_pieces(pieces):
        parts = (rest + piece).split("\n") if rest else piece.split("\n")
        rest = parts.pop()
        yield from parts
    yield rest


def whole_text(stream: Streamer) -> Writer:
    """The writer that returns the whole text ``stream`` yields (finished as ``options`` ask)."""

    def write(track: Track, options: WriteOptions, report: Report) -> str:
        return "".join(finished(stream(track, options, report), options))

    write.__doc__ = stream.__doc__
    return write


@dataclass(frozen=True)
class Format:
    """A subtitle format, as its module declares it: names, file endings, functions, capabilities.

    ``extensions``: the endings of its files (the first is the one it writes); when two formats
    claim an ending, the first in :data:`MODULES` order reads it and the first with a writer
    writes it.  ``sniff_rank``: its place in content sniffing (lower first; None: never sniffed).
    ``shared_extensions``: endings that other kinds of files use too (a Markdown README, a JSON
    config): folder mode converts such a file only when its content reads as captions.
    """

    name: str
    extensions: tuple[str, ...]
    sniff: Sniffer
    read: Reader
    write: Writer | None
    resolution_ms: int = 1  # the time resolution the writer uses
    aliases: tuple[str, ...] = ()
    sniff_rank: int | None = None
    shared_extensions: tuple[str, ...] = ()
    markup: bool = False  # the writer keeps italic/bold/underline spans
    placement: bool = False  # the writer keeps a cue's placement (numpad alignment)
    words: bool = False  # the writer writes the cues' word times (``WriteOptions.words``, ``--words``)
    times: bool = True  # the writer writes the cues' times (plain text does not)
    lines: bool = True  # the writer keeps a cue's lines apart (plain text joins them into paragraphs)
    speaker_prefix: bool = False  # the writer writes a speaker as ``NAME: `` (``WriteOptions.speaker_prefix``)
    stream: Streamer | None = None  # the writer, piece by piece (``write`` is then its whole text)
    read_pieces: PieceReader | None = None  # the reader, piece by piece (``read`` is its one-piece case)
    feed: FeedStreamer | None = None  # the streaming writer of a feed of cues (see :data:`FeedStreamer`)
    # a text of this format's ending that lacks its signature (content sniffing gave it to
    # another format, or to none), recognised by what only this format has, and its reader
    # (which reports the repair); the format's own ``read`` refuses such a text
    sniff_unsigned: Sniffer | None = None
    read_unsigned: Reader | None = None
    # a format whose times are frame counts (MicroDVD): the format reading them at a rate given
    # for the input (``read(..., fps=)``, ``--input-fps``); None: the format counts time
    at_rate: Callable[[float], Format] | None = None
    # one cue's text with its markup (``subconv.markup``, ``subconv.with_markup``): as the writer
    # writes it, ``cue_markup(cue, report)``, and the cue given such a text as the reader reads
    # it, ``read_markup(text, cue, report)`` (see :mod:`subconv.formats.cuetext`)
    cue_markup: Callable[[Cue, Report], str] | None = None
    read_markup: Callable[[str, Cue, Report], Cue] | None = None
    # the file-level data its writer writes (keys of :data:`HEADER_DATA`): the rest a track holds
    # is reported once a file (:func:`report_unheld`), at the call, as every writer leaves it out
    header: tuple[str, ...] = ()
    # why the writer leaves out the file-level data it does not write, where its reader reads
    # some (the reason :func:`report_unheld` gives; None: "<name> has no place for it")
    unheld_why: str | None = None
    # the reason :func:`report_unheld` gives for an item the writer carries part of to each cue
    # (an ASS style's formatting, colour and placement), of the track, its key and the words
    # naming it; None (or a None reason): the usual
    unheld_partly: Callable[[Track, str, str], str | None] | None = None

    def pieces(self, track: Track, options: WriteOptions, report: Report) -> Iterator[str]:
        """The output, finished, in pieces: the streaming writer's where the format has one,
        else the writer's whole text as one piece."""
        if self.stream is None and self.write is None:
            raise ValueError(f"{self.name} has no writer")
        report_unheld(track, self.header, report, self.name, self.unheld_why, partly=self.unheld_partly)
        if track.format in CUE_DATA_READERS:
            for _ in noted_cues(track.cues, self.header, report, self.name):  # (reported as they pass)
                pass
        if self.times:
            track = _reach_track(track, report, self.name)
        if self.stream is not None:
            return finished(self.stream(track, options, report), options)
        assert self.write is not None
        return iter((self.write(track, options, report),))

    def feed_pieces(self, track: Track, cues: CueFeed, options: WriteOptions, report: Report) -> Iterator[str]:
        """The output of ``track``'s header and the cues of the feed ``cues``, finished, in pieces."""
        if self.feed is None:
            raise ValueError(f"{self.name} has no writer of a feed of cues")
        report_unheld(track, self.header, report, self.name, self.unheld_why, partly=self.unheld_partly)
        noted = noted_cues(cues, self.header, report, self.name) if track.format in CUE_DATA_READERS else cues
        return finished(self.feed(track, CueFeed(within_reach(noted, report, self.name)), options, report), options)

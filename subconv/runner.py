"""Running one conversion as the command line does: read, process (or edit), write.

A :class:`Job` says what to convert; :func:`run_job` runs it and turns every failure into
an :class:`Outcome` with a one-line message (never a traceback); :func:`finish` prints it.
The command line (:mod:`subconv.cli`), its edit commands (:mod:`subconv.commands`) and the
batch runner (:mod:`subconv.batch`, :mod:`subconv.scale`) all convert through this module,
which itself reads, processes and writes only through the API (:mod:`subconv.api`).

This is the one place that pauses Python's cyclic garbage collector (:func:`capture`): a
conversion makes hundreds of thousands of objects and no reference cycles, so the collector's
passes find nothing.  Measured (SRT -> VTT, 100,000 cues, and a 100,000-line caption page,
whole process): without the pause both take 12-13 % longer.  The library itself (readers,
steps, writers) leaves the collector alone.
"""

from __future__ import annotations

import gc
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

from .destinations import refuse_overwrite
from .errors import MediaError, ParseError, SubconvError, UnknownFormatError, UsageError, WholeInputNeeded
from .formats import WriteOptions
from .formats.base import cues_left_out
from .model import Cue, Track
from .options import Options
from .report import LOUD_STEP, Entry, Report
from .steps import PAGE_FORMATS


class InputError(SubconvError):
    """The input file cannot be opened or read (exit 1, reported against the input)."""


class OutputError(Exception):
    """The output cannot be written: reported against the output file (``path``; standard
    output: :data:`STDOUT`), not the input.  ``quiet``: nothing to say (standard output's reader
    went away, as ``| head`` does), only the exit status 1."""

    def __init__(self, path: str, reason: str, quiet: bool = False) -> None:
        super().__init__(path, reason, quiet)
        self.path = path
        self.reason = reason
        self.quiet = quiet

    def __str__(self) -> str:
        return f"{shown_name(self.path)}: cannot write the output: {self.reason}"


#: standard output's name in messages
STDOUT = "<stdout>"


@dataclass(frozen=True)
class Job:
    """One conversion: everything needed to run it in another process."""

    src: str
    out: str | None
    from_format: str | None
    to_format: str
    encoding: str | None
    options: Options
    write_options: WriteOptions
    # instead of the pipeline (shift, retime, check): returns the track to write, or None to write nothing
    edit: Callable[[Track, Report], Track | None] | None = None
    input_fps: float | None = None  # the input's frame rate, for a format counting frames (--input-fps)
    output_encoding: str = "utf-8"  # the output's encoding (--output-encoding)


@dataclass
class Outcome:
    """What one conversion did: exit status, the one-line error (if any), and the report."""

    status: int
    error: str | None
    report: Report
    line: int | None = None  # the input line the error is about, when known


def output_format(to_format: str | None, out: str | None) -> str:
    from . import formats

    if to_format:
        to = to_format
    elif out and out != "-":
        found = formats.output_format(out)
        unwritable = formats.read_only_format(out) if found is None else None
        instead = "give -o a .srt, .vtt, .ass or .txt name, or pass --to"
        if unwritable == "page":
            raise UsageError(f"cannot write a page; {instead}")
        if unwritable is not None:  # (not SRT under a .smi name)
            raise UsageError(f"subconv can read {unwritable} but cannot write it; {instead}")
        to = found or "srt"
    else:
        to = "srt"
    try:
        fmt = formats.get(to)  # fails early on an unknown name
    except UnknownFormatError:  # (the formats it can write, not every one it knows: sami, page ...)
        raise UsageError(f"unknown output format {to!r}; subconv writes {', '.join(formats.writable())}") from None
    if fmt.write is None:
        raise UsageError(f"subconv can read {fmt.name} but cannot write it")
    return fmt.name


def convert_data(data: bytes, job: Job, report: Report) -> str | None:
    """Convert one input's bytes as ``job`` says and return the output text (nothing is written).

    ``job.src`` names the input in messages and, with no ``--from``, lends its extension to
    format detection.  None when ``job.edit`` decided there is nothing to write.
    """
    pieces = convert_pieces(lambda: data, job, report)
    return None if pieces is None else "".join(pieces)


def convert_pieces(
    load: Callable[[], bytes], job: Job, report: Report, *, path: str | None = None, workers: int = 1
) -> Iterator[str] | None:
    """:func:`convert_data` for the bytes ``load()`` gives, the output in pieces (written as they
    come, a large input's output is never whole in memory).  ``path``: the input's regular file
    (it can be read twice), read a piece at a time where the encoding and the format allow it
    (:func:`_read_in_pieces`), else as ``load()``'s bytes, which are let go once decoded and the
    decoded text once read, before the steps run.  The counts of cues written and the warning
    about an empty output reach the report when the last piece has been taken.  ``workers``: the
    processes the streamed steps may run at once (``Context.workers``)."""
    from . import formats
    from .api import dump_feed, dump_pieces, encodes_everything, process, process_streamed

    track, has_text = _read_input(load, job, report, path)
    fmt = formats.get(track.format or "page")
    report.info["cues_read"] = len(track.cues)
    if job.options.merge_fragments and fmt.name not in PAGE_FORMATS and not job.options.retime:
        report.add(
            LOUD_STEP,
            "warning",
            f"--merge-fragments joins untimed page text; this {fmt.name} file's cues keep their times "
            "and are not merged (add --retime to re-segment and re-time it)",
        )
    if job.options.duration_ms is not None and not job.options.retime and _all_timed(track, fmt.name):
        report.add(LOUD_STEP, "warning", _keeps_times("--duration", fmt.name))
    if job.edit is None and not job.options.retime and job.options.fps is None:  # (--fps: a frame long)
        _warn_zero_length(track, fmt.name, report)
    unused = _warn_unused_media(job, track, fmt.name, report)
    to = job.to_format or (fmt.name if fmt.write is not None else "srt")  # "": the input's format
    if job.edit is None:
        _warn_out_of_order(job, track, fmt.name, to, report)
        if not job.options.retime:
            _warn_kept_as_read(job.options, track, fmt.name, formats.get(to).lines, report)
    warn_unwritten(job, to, report, frozenset({"--words"}) if unused else frozenset())
    _warn_output_name(job.out, to, report)
    if not unused:  # (--words is in that warning)
        _warn_words(job, to, track, report)
    if job.edit is not None:
        edited = job.edit(track, report)
        if edited is None:
            return None
        track = edited
        _warn_out_of_order(job, track, fmt.name, to, report)  # (as edited: a cue shifted before 0:00 is gone)
    elif (
        formats.get(to).feed is not None
        and not job.write_options.line_limit
        and encodes_everything(job.output_encoding)
    ):
        # the last steps run a cue at a time as the writer takes them, where they can: a large
        # page never holds its segmented and timed cues all at once (the read track is let go here;
        # not for an output encoding that lacks characters: the whole track names the cue of one)
        held = [track]  # (handed over: the cues read are let go once a step has made new ones)
        del track
        streamed = process_streamed(held, job.options, report, workers=workers)
        if isinstance(streamed, tuple):
            header, feed = streamed
            before = len(report.entries)  # (the streamed steps' entries go in before this: none is "dropped")
            pieces = dump_feed(header, feed, to, options=job.write_options, report=report)
            return _counted(pieces, lambda: feed.count, before, fmt=fmt.name, has_text=has_text, report=report)
        track = streamed
    else:
        track = process(track, job.options, report)
    before = len(report.entries)
    pieces = dump_pieces(track, to, options=job.write_options, report=report)
    if not encodes_everything(job.output_encoding):
        pieces = _encodable(pieces, track, to, job)
    return _counted(pieces, lambda: len(track.cues), before, fmt=fmt.name, has_text=has_text, report=report)


def _all_timed(track: Track, fmt: str) -> bool:
    """Whether a file (not a page) has its every cue timed: the steps then keep its times."""
    return (
        fmt not in PAGE_FORMATS
        and bool(track.cues)
        and all(c.start is not None and c.end is not None for c in track.cues)
    )


#: the source lines a warning about many cues names before "..."
_LINES_SHOWN = 5


def _at_lines(cues: list[Cue]) -> str:
    """`` (lines 3, 9, ...)``: where the cues a warning counts are, the first :data:`_LINES_SHOWN`
    lines, each once (a file of one line, a JSON array of word times, said "lines 1, 1, 1, 1,
    1, ..."); "" for one cue (the warning's own line names it) or where none has a line.

    >>> _at_lines([Cue(0, 0, ("a",), source_line=1)] * 13)
    ' (all on line 1)'
    >>> _at_lines([Cue(0, 0, ("a",), source_line=n) for n in range(1, 9)])
    ' (lines 1, 2, 3, 4, 5, ...)'
    """
    lines = list(dict.fromkeys(c.source_line for c in cues if c.source_line is not None))
    if len(cues) < 2 or not lines:
        return ""
    unlined = len(cues) > sum(c.source_line is not None for c in cues)
    if len(lines) == 1:
        return "" if unlined else f" (all on line {lines[0]})"
    more = ", ..." if len(lines) > _LINES_SHOWN or unlined else ""
    return f" (lines {', '.join(map(str, lines[:_LINES_SHOWN]))}{more})"


def _warn_zero_length(track: Track, fmt: str, report: Report) -> None:
    """One warning (not one per cue) for the cues of a timed file that start and end at the same
    time: kept as they are (nothing lost), but no player shows them (``--fps`` makes them a frame
    long, ``--retime`` times them again: no warning then)."""
    if fmt in PAGE_FORMATS:
        return
    zero = [c for c in track.cues if c.start is not None and c.start == c.end]
    if not zero:
        return
    what = "a cue starts and ends" if len(zero) == 1 else f"{len(zero)} cues start and end"
    at = _at_lines(zero)
    it = "it" if len(zero) == 1 else "them"
    report.add(
        LOUD_STEP,
        "warning",
        f"{what} at the same time{at}: kept, but players never show {it}; subconv check lists "
        f"{it}, check --fix gives {it} a minimum duration, --fps RATE a frame",
        zero[0].source_line,
    )


#: output formats whose events a renderer draws by their times (and layers), not in the file's
#: order: an ASS script's events are often in another order (signs, layers), as its author chose
_ORDER_FREE = frozenset({"ass", "ssa"})


def _warn_out_of_order(job: Job, track: Track, fmt: str, to: str, report: Report) -> None:
    """One warning for the cues of a timed file that start before the cue above them: written
    in the file's order, as before, but said, with their lines.  Players sort cues by time; a
    video editor importing the file may not (a cue on the wrong place of the timeline, or
    refused), and an ASS script's events in another order became an SRT file out of order, with
    nothing said.  Not where the output is in time order anyway: re-timed (``--retime``, whose
    times follow the text), written as ASS or as a transcript with no times (``txt``), or sorted
    by ``--overlaps merge|stagger`` (or an editor preset's: the ``overlaps`` step).  Each such
    cue is also a ``kept`` entry of the report, with its line."""
    from . import formats

    if fmt in PAGE_FORMATS or job.options.retime or to in _ORDER_FREE or not formats.get(to).times:
        return  # (a transcript, with no times, reads in the file's order)
    late: list[Cue] = []
    latest: int | None = None
    for c in track.cues:
        if c.start is None:
            continue
        if latest is not None and c.start < latest:
            late.append(c)
        else:
            latest = c.start
    if not late:
        return
    if job.edit is None and "overlaps" not in job.options.skip:
        from .editors import profile

        if profile(job.options).overlaps != "keep":
            return  # (the overlaps step writes the cues in time order)
    what = "a cue starts before a cue above it" if len(late) == 1 else f"{len(late)} cues start before a cue above them"
    at = _at_lines(late)
    report.add(
        LOUD_STEP,
        "warning",
        f"{what}{at}: written in the file's order, not in time order; players sort cues by time, "
        "video editors may not (--overlaps merge or stagger writes them in time order)",
        late[0].source_line,
    )
    for c in late:  # (each in the report, with its line: --explain, --report)
        report.add(
            LOUD_STEP,
            "kept",
            f"starts at {c.start} ms, before a cue above it: kept in the file's order",
            c.source_line,
            c.text,
        )


def _warn_kept_as_read(opts: Options, track: Track, fmt: str, lines: bool, report: Report) -> None:
    """A warning for each option given that shapes the cues subconv makes of a page and that
    cannot act on a timed file's cues, kept as they are (no ``--retime``): ``--wpm`` and
    ``--cps`` (a speaking rate, for times estimated: none is, every cue has its own), and
    ``--max-lines`` (the lines of a cue segmented or re-broken: none is, without ``--max-chars``).
    Before, each did nothing, with nothing said, where ``--duration`` and ``--media`` warned.
    ``lines``: whether the output keeps a cue's lines (else :func:`warn_unwritten` says
    ``--max-lines`` has no effect on it, once)."""
    if fmt in PAGE_FORMATS:
        return
    if (opts.wpm is not None or opts.cps is not None) and _all_timed(track, fmt):  # (a pass only if asked)
        for option, value in (("--wpm", opts.wpm), ("--cps", opts.cps)):
            if value is not None:
                said = (
                    f"{option} is the speaking rate for estimating times; this {fmt} file's cues keep "
                    "their times (add --retime to re-time them at it)"
                )
                report.add(LOUD_STEP, "warning", said)
    if opts.max_lines != Options.max_lines and not opts.break_long_lines and track.cues and lines:
        said = (
            f"--max-lines limits the lines of cues made or re-broken; this {fmt} file's cues keep their "
            "lines (add --max-chars N to re-break lines over N characters, or --retime to re-segment it)"
        )
        report.add(LOUD_STEP, "warning", said)


def _keeps_times(option: str, fmt: str) -> str:
    """What a length of the media given (``option``) says on a timed file of format ``fmt``."""
    return (
        f"{option} is the media's length for estimating times; this {fmt} file's cues keep "
        "their times (add --retime to re-time them over it)"
    )


def _warn_unused_media(job: Job, track: Track, fmt: str, report: Report) -> bool:
    """A warning on stderr when ``--media`` cannot act: a file whose every cue is timed keeps its
    times without ``--retime`` (as with ``--duration``), so the media is neither aligned to nor
    measured, and no word times come of it for ``--words``.  Whether it warned."""
    opts = job.options
    if opts.media is None or opts.retime or not _all_timed(track, fmt):
        return False
    if not opts.align:  # only its length was asked for: as --duration
        said = _keeps_times("--media with --no-align", fmt)
    else:
        words = " and --words has no word times from it" if opts.words else ""
        said = (
            f"--media: this {fmt} file's cues are timed and keep their times, so the media is not used{words} "
            "(to put them in sync with it, use subconv sync or add --retime)"
        )
    report.add(LOUD_STEP, "warning", said)
    return True


#: The options whose effect is in what the output format writes, each with whether a job was
#: given it, the capability of the output :class:`~subconv.formats.Format` it needs, and what to
#: say (``{to}``: the output format; ``{can}``: the formats with that capability) when the output
#: lacks it.  One place for them all: an option that cannot act on the output is said, once.
_FOR_OUTPUT: tuple[tuple[str, Callable[[Job], bool], str, str], ...] = (
    (
        "--fps",
        lambda job: job.options.fps is not None or job.write_options.fps is not None,
        "times",
        "{to} writes no times: none to snap to frames (ignored)",
    ),
    (
        "--max-chars",
        lambda job: job.options.break_long_lines,
        "lines",
        "{to} joins each cue's lines into paragraphs: a line length has no effect on it",
    ),
    (
        "--max-lines",
        lambda job: job.options.max_lines != Options.max_lines,
        "lines",
        "{to} joins each cue's lines into paragraphs: a number of lines has no effect on it",
    ),
    (
        "--no-speaker-prefix",
        lambda job: not job.write_options.speaker_prefix,
        "speaker_prefix",
        "{to} writes no speaker as 'NAME: ' before the text (ignored; {can} do)",
    ),
    ("--words", lambda job: job.write_options.words, "words", "{to} has no way to write word times ({can} do)"),
)


def warn_unwritten(job: Job, to: str, report: Report, said: frozenset[str] = frozenset()) -> None:
    """A warning on stderr for each option given that the output format ``to`` has no use for
    (:data:`_FOR_OUTPUT`), but those a warning already ``said``: ``--fps`` or ``--max-chars``
    with ``--to txt`` did nothing, silently."""
    from . import formats

    fmt = formats.get(to)
    for option, given, needs, why in _FOR_OUTPUT:
        if option not in said and given(job) and not getattr(fmt, needs):
            can = ", ".join(name for name in formats.writable() if getattr(formats.get(name), needs))
            report.add(LOUD_STEP, "warning", f"{option}: " + why.format(to=fmt.name, can=can))


def _warn_output_name(out: str | None, to: str, report: Report) -> None:
    """A warning on stderr where the output's name ends in what is no ending of the format
    written ``to``: one naming no format (``-o film.stl``: SRT) or another's (``--to vtt -o
    x.srt``).  Before, either was written with nothing said.  Not for a name with no ending, nor
    one that several formats claim, whose files are read by their content (``.txt``, ``.sub``)."""
    from . import formats

    if out is None or out == "-":
        return
    ext = os.path.splitext(out)[1].lower()
    fmt = formats.get(to)
    if not ext or ext in fmt.extensions or ext in fmt.shared_extensions:
        return
    if sum(ext in formats.get(n).extensions for n in formats.names()) > 1:
        return  # (an ending several formats claim, read by its content: an MPL2 or TMP .txt)
    named = formats.output_format(out)
    base = os.path.basename(out)
    if named is None:
        why = f"its ending {ext} names no format subconv writes (--to FORMAT chooses one)"
    else:
        why = f"not as the {named} its ending {ext} names"
    report.add(LOUD_STEP, "warning", f"the output {base!r} is written as {fmt.name}: {why}")


def _warn_words(job: Job, to: str, track: Track, report: Report) -> None:
    """A warning on stderr when ``--words`` cannot act for want of word times (none come from
    aligning to media, and the input has none of its own, as WebVTT's inline timestamps are),
    where the output could write them (:func:`warn_unwritten` says so where it cannot)."""
    from . import formats

    opts = job.options
    if not opts.words or not formats.get(to).words:
        return
    aligned = opts.media is not None and opts.align
    if not aligned and not any(c.words for c in track.cues):
        why = ", and --no-align is given" if opts.media is not None else ""
        report.add(
            LOUD_STEP,
            "warning",
            f"--words: word times come from aligning to --media{why} or from the input's own "
            "(WebVTT timestamps, ASS karaoke, YouTube auto-captions' or a Hyperaudio transcript's word times): "
            "none to write",
        )


def _read_input(load: Callable[[], bytes], job: Job, report: Report, path: str | None) -> tuple[Track, bool]:
    """The track read from the input, and whether its text holds anything but white space."""
    from .api import loads
    from .encoding import decode

    if path is not None:
        found = _read_in_pieces(path, job)
        if found is not None:
            track, has_text, read_report = found
            report.entries.extend(read_report.entries)
            report.info.update(read_report.info)
            return track, has_text
    text = decode(load(), job.encoding, report, name=job.src)
    has_text = _TEXT.search(text) is not None
    return loads(text, job.from_format, report=report, name=job.src, fps=job.input_fps), has_text


#: Bytes of the input read and decoded at a time (at least ``encoding.FIRST_PIECE_BYTES``; small
#: enough for the C allocator to reuse a piece's memory: see ``formats.base.CHUNK``)
PIECE_BYTES = 1 << 16


def _read_in_pieces(path: str, job: Job) -> tuple[Track, bool, Report] | None:
    """The track read from the file ``path`` a piece at a time (the input is never whole in
    memory, as bytes or as text: :func:`subconv.encoding.decode_pieces`,
    :func:`subconv.api.loads_pieces`), whether its text holds anything but white space, and the
    report of reading it.  None when the input must be read whole to be read as it always is
    (an encoding to guess, bytes to repair, a rule that weighs the whole file), and on an error,
    which reading it whole then reports, with everything the whole path reports before it."""
    from .api import loads_pieces
    from .encoding import decode_pieces

    report = Report()
    has_text = False

    def chunks() -> Iterator[bytes]:
        with open(path, "rb") as fh:
            while chunk := fh.read(PIECE_BYTES):
                yield chunk

    def texts() -> Iterator[str]:
        nonlocal has_text
        for text in decode_pieces(chunks(), job.encoding, report, name=job.src):
            has_text = has_text or _TEXT.search(text) is not None
            yield text

    try:
        track = loads_pieces(texts(), job.from_format, report=report, name=job.src, fps=job.input_fps)
    except (WholeInputNeeded, SubconvError, OSError):
        return None
    return track, has_text, report


def _encodable(pieces: Iterator[str], track: Track, to: str, job: Job) -> Iterator[str]:
    """``pieces``, each checked against ``job.output_encoding`` (one that cannot encode every
    character): the first character it lacks is an :class:`OutputError` naming it and the cue
    holding it, before anything is written (:func:`subconv.api.unencodable`)."""
    from .api import unencodable

    for piece in pieces:
        try:
            piece.encode(job.output_encoding)
        except UnicodeEncodeError as exc:
            char = exc.object[exc.start : exc.end][:1]
            where = unencodable(char, track, to, job.output_encoding, job.write_options)
            hint = "write it in UTF-8 (--output-encoding utf-8) or change the text"
            raise OutputError(job.out if job.out not in (None, "-") else STDOUT, f"{where}; {hint}") from None
        yield piece


def _counted(
    pieces: Iterator[str], count: Callable[[], int], before: int, *, fmt: str, has_text: bool, report: Report
) -> Iterator[str]:
    """``pieces``; when they are all taken, the cues written (``count()`` given to the writer, less
    the cues it says it left out as not shown, :func:`formats.base.cues_left_out`: ASS comments,
    cues with no visible text) into the report.  Not what it drops of a cue it writes (its word
    times, a font) or of the file (its header, the styling or placement of several cues): before,
    each such entry counted as a cue not written, and a file of cues all written warned "all 1
    cues read were dropped: the output is empty"."""
    yield from pieces
    cues = count() - cues_left_out(report.entries[before:])
    report.info["cues_written"] = cues
    if not cues and has_text:
        read = report.info.get("cues_read")
        if isinstance(read, int) and read:  # read, then every one dropped: say by what
            steps = sorted({e.step for e in report.entries.of_action("dropped")})
            why = f" (by {', '.join(steps)}; --explain lists each)" if steps else ""
            report.add(LOUD_STEP, "warning", f"all {read} cues read were dropped{why}: the output is empty")
        else:
            _no_cue_read(report, fmt)


def _no_cue_read(report: Report, fmt: str) -> None:
    """A non-empty input of which no cue was read: an error at the first block its reader dropped
    (every cue-like block was invalid: a ``.vtt`` with SRT's commas in its timing lines, which the
    WebVTT parser drops one by one; the output would be empty, exit 0), else one warning (nothing
    was dropped: a header or notes alone)."""
    dropped = [e for e in report.entries.of_action("dropped") if e.step == fmt and e.line is not None]
    if not dropped:
        report.add(LOUD_STEP, "warning", f"no cue found in this non-empty {fmt} input: the output is empty")
        return
    first = dropped[0]
    shown = first.text or ""
    hint = (
        " (a comma before the milliseconds is SRT's: WebVTT writes a full stop)"
        if fmt == "vtt" and "," in shown
        else ""
    )
    what = f"{len(dropped)} block{'s' if len(dropped) > 1 else ''} dropped, the first here ({first.reason})"
    raise ParseError(fmt, f"no cue could be read: {what}{hint}", line=first.line, snippet=shown.split("\n", 1)[0])


#: anything but white space
_TEXT = re.compile(r"\S")


def _read(src: str) -> bytes:
    """The bytes of the input ``src`` (``-``: standard input)."""
    if src == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(src).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read it: {exc.strerror or exc}") from None


def _convert(job: Job, report: Report) -> None:
    from .api import atomic_write_text

    src, out = job.src, job.out
    refuse_overwrite(out, "-o", [("the input", src)])
    path = src if src != "-" and os.path.isfile(src) else None  # (a regular file: it can be read twice)
    workers = 1
    if path is not None and os.path.getsize(path) >= _LARGE_INPUT:
        _steady_heap()
        workers = 2  # (a large page's units are segmented ahead in a forked child, where one can be had)
    pieces = convert_pieces(lambda: _read(src), job, report, path=path, workers=workers)
    report.info["output"] = shown_name(out) if out is not None else "-"
    if pieces is None:
        return
    if out is None or out == "-":
        write_stdout("".join(pieces), job.output_encoding)  # whole before any is shown: an error leaves it empty
    else:
        try:
            atomic_write_text(out, pieces, job.output_encoding)
        except OSError as exc:  # about the output, not the input
            # (a pipe whose reader went away, -o /dev/stdout | head: quiet, as standard output is)
            raise OutputError(out, exc.strerror or str(exc), quiet=isinstance(exc, BrokenPipeError)) from None


_CHUNK = 1 << 20  # characters encoded and written at a time


def write_stdout(text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to standard output in ``encoding`` (``--output-encoding``: UTF-8 unless
    given), the bytes a file gets (``--bom``, ``--crlf`` alike), whatever the locale's encoding.
    :class:`OutputError` naming standard output when it cannot be written: closed (``>&-``), a
    full disk, a reader gone (quiet)."""
    from .api import encoded_pieces

    stream = sys.stdout
    if stream is None:  # (Python's stdout when the process started with none)
        raise OutputError(STDOUT, "standard output is closed")
    try:
        stream.flush()  # (anything written as text before goes first)
        buffer = getattr(stream, "buffer", None)
        if buffer is None:  # a text-only stream put in its place (io.StringIO)
            for i in range(0, len(text), _CHUNK):
                stream.write(text[i : i + _CHUNK])
        else:
            for data in encoded_pieces([text], encoding):  # (a piece at a time, not all at once)
                _write_all(buffer, data)
        stream.flush()
    except OSError as exc:
        _drop_stdout()
        raise OutputError(STDOUT, exc.strerror or str(exc), quiet=isinstance(exc, BrokenPipeError)) from None


def _write_all(buffer: BinaryIO, data: bytes) -> None:
    """Write all of ``data``: a write that a signal interrupts (the reader gone, a child's end)
    returns having written part of it, and what is left is written again (or fails)."""
    view = memoryview(data)
    while view:
        view = view[buffer.write(view) :]


def _drop_stdout() -> None:
    """Point standard output at the null device once writing to it failed (:func:`drop_stream`)."""
    drop_stream(sys.stdout)


def drop_stream(stream: IO[str] | None) -> None:
    """Point ``stream`` (standard output or error) at the null device once writing to it failed:
    what stays in its buffer then goes nowhere when Python flushes it on exit, instead of failing
    a second time with a message of Python's own (and exit status 120)."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, stream.fileno())  # type: ignore[union-attr]
        os.close(null)
    except (OSError, AttributeError, ValueError):  # (no file descriptor: nothing is flushed to one)
        pass


#: an input from which a conversion fixes the C allocator's threshold (:func:`_steady_heap`)
_LARGE_INPUT = 16 << 20
#: blocks from which the C allocator maps memory of their own, given back when freed
_MMAP_THRESHOLD = 1 << 20
_M_MMAP_THRESHOLD = -3  # (glibc's ``mallopt`` parameter)


def _steady_heap() -> None:
    """Keep large blocks out of the C heap for the rest of the process (glibc only).

    glibc's ``malloc`` serves a block of 128 KiB or more from memory mapped for it alone, given
    back to the system when it is freed; but each time such a block is freed, it raises that
    threshold to the block's size (up to 32 MiB), so that from then on the large arrays of a long
    conversion (a report's columns, ``dedupe``'s arrays of a million cues) come from the heap,
    where what is freed stays in the process, in holes between the blocks still in use.  Fixing
    the threshold (``mallopt(M_MMAP_THRESHOLD)``, as the ``MALLOC_MMAP_THRESHOLD_`` variable does)
    keeps them mapped: measured on a 47 MB caption page, 374 -> 314 MB peak, the same CPU time.
    Like pausing the collector (:func:`capture`), this is for the command line's own process, on
    large inputs only; the library never does it.
    """
    import platform

    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return
    import ctypes

    try:
        ctypes.CDLL(None).mallopt(_M_MMAP_THRESHOLD, _MMAP_THRESHOLD)
    except (OSError, AttributeError):
        pass


#: the steps whose warnings stderr always shows: the run's own (:data:`LOUD_STEP`), the
#: decoder's (a low-confidence encoding guess) and MicroDVD's (a frame rate assumed where the
#: file declares none)
_LOUD_STEPS = (LOUD_STEP, "decode", "microdvd")


def text_name(path: str) -> str:
    """``path`` as text to record (the results manifest, a report): a name the locale could not
    decode holds its bytes as surrogate escapes (UTF-8 names under ``LC_ALL=C``); those that are
    UTF-8 become their characters, any others stay escapes (:func:`json_text` writes them as
    ``\\udcNN``, which reads back as the same name).

    >>> text_name("caf\\udcc3\\udca9.srt"), text_name("x\\udcff.srt") == "x\\udcff.srt", text_name("中文.srt")
    ('café.srt', True, '中文.srt')
    """
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        pass
    try:
        raw = os.fsencode(path)
    except UnicodeError:
        raw = path.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "surrogateescape")


def shown_name(path: str) -> str:
    """``path`` as messages show it.  A name the locale could not decode holds its bytes as
    surrogate escapes (UTF-8 names under ``LC_ALL=C``), which stderr would show as
    ``\\udcc3\\udca9``: its bytes are decoded as UTF-8 instead (:func:`text_name`), any that are
    not as ``\\xNN``.

    >>> shown_name("caf\\udcc3\\udca9.srt"), shown_name("x\\udcff.srt"), shown_name("中文.srt")
    ('café.srt', 'x\\\\xff.srt', '中文.srt')
    """
    text = text_name(path)
    if text is path:
        return path
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def json_text(value: object, indent: int | None = None) -> str:
    """``value`` as JSON text that can always be written as UTF-8: characters as themselves, a
    name's bytes that are not UTF-8 (surrogate escapes, see :func:`text_name`) as ``\\udcNN``.

    >>> json_text({"source": "x\\udcff.srt", "name": "café"})
    '{"source": "x\\\\udcff.srt", "name": "café"}'
    """
    import json  # (not at start-up: a single conversion without --report needs no JSON)

    text = json.dumps(value, ensure_ascii=False, indent=indent)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # (a surrogate is only ever inside a JSON string: its escape is JSON)
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def loud_entries(report: Report) -> list[Entry]:
    """The report's warnings that stderr always shows (a few per input at most: a folder run's
    workers send back only these, see :attr:`subconv.scale.FileResult.warnings`)."""
    return [e for e in report.entries.of_action("warning") if e.step in _LOUD_STEPS]


def loud_warnings(report: Report | Iterable[Entry], where: str) -> list[str]:
    """The warnings that stderr always shows, of a report (or those :func:`loud_entries` took
    from one), as ``subconv: warning: FILE[:LINE]: ...`` lines."""
    where = shown_name(where)
    out = []
    for e in loud_entries(report) if isinstance(report, Report) else report:
        line = f":{e.line}" if e.line is not None else ""
        out.append(f"subconv: warning: {where}{line}: {e.reason}")
    return out


def run_job(job: Job) -> Outcome:
    """Run one conversion; every failure becomes a one-line message, never a traceback."""
    report = Report()
    return capture(job.src if job.src != "-" else "<stdin>", report, lambda: _convert(job, report))


def capture(where: str, report: Report, action: Callable[[], object]) -> Outcome:
    """Run ``action`` (a conversion filling ``report``); any failure becomes a one-line error about ``where``."""
    collecting = gc.isenabled()
    # a conversion makes hundreds of thousands of objects and no reference cycles: the
    # collector's passes over them would cost a tenth of the run and free nothing
    gc.disable()
    try:
        action()
    except Exception as exc:  # the contract is: never a traceback
        return _failed(where, report, exc)
    finally:
        if collecting:
            gc.enable()
    return Outcome(0, None, report)


def media_message(path: str, reason: str) -> str:
    """The command line's words for a ``--media`` file that cannot be read (missing, not media,
    no sound track), from any command: the file first, then why."""
    return f"{shown_name(path)}: cannot read the media (--media): {reason}"


def _failed(where: str, report: Report, exc: Exception) -> Outcome:
    """The outcome of a conversion that raised ``exc``: its exit status and one-line message."""
    status, line = 1, None
    where = shown_name(where)
    if isinstance(exc, UsageError):
        status, message = 2, str(exc)
    elif isinstance(exc, OutputError):
        if exc.quiet:
            return Outcome(1, None, report)
        message = str(exc)
    elif isinstance(exc, ParseError):
        line = exc.line
        at = f":{exc.line}" if exc.line is not None else ""
        message = f"{where}{at}: {exc.format}: {exc.reason}" + (f": {exc.snippet[:60]!r}" if exc.snippet else "")
    elif isinstance(exc, MediaError) and exc.path is not None:  # the media's fault: name it first
        message = media_message(exc.path, exc.reason)
    elif isinstance(exc, SubconvError):
        message = f"{where}: {exc}"
    elif isinstance(exc, RecursionError):
        message = f"{where}: input nested too deeply to read"
    elif isinstance(exc, MemoryError):
        message = f"{where}: input too large for memory"
    elif isinstance(exc, OSError):
        message = f"{where}: {exc.strerror or exc}"
    else:
        message = f"{where}: internal error ({type(exc).__name__}: {exc}); please report it"
    return Outcome(status, f"subconv: error: {message}", report, line)


def write_report(path: str, payload: str | Iterable[str]) -> int:
    """Save the JSON ``payload`` to ``path`` (``-``: standard output); 1 if it cannot be written."""
    from .api import atomic_write_text

    if path == "-":  # (as the subtitles are: UTF-8, and a closed or full standard output said)
        try:
            for piece in [payload] if isinstance(payload, str) else payload:
                write_stdout(piece)
        except OutputError as exc:
            if not exc.quiet:
                sys.stderr.write(f"subconv: error: cannot write report {STDOUT}: {exc.reason}\n")
            return 1
        return 0
    try:
        atomic_write_text(path, payload)
    except OSError as exc:
        sys.stderr.write(f"subconv: error: cannot write report {path}: {exc.strerror}\n")
        return 1
    return 0


def finish(outcome: Outcome, where: str, report_path: str | None = None, explain: bool = False) -> int:
    """Print the outcome's warnings and error on stderr, save (``report_path``) or print
    (``explain``) its report; the exit status."""
    for warning in loud_warnings(outcome.report, where):
        sys.stderr.write(warning + "\n")
    if outcome.error:
        sys.stderr.write(outcome.error + "\n")
    status = outcome.status
    if report_path:
        status = write_report(report_path, outcome.report.json_pieces()) or status
    if explain:
        sys.stderr.write(outcome.report.explain())
    return status

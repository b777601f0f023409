"""The ``subconv`` command line.

``subconv convert INPUT [-o OUTPUT] [--from FMT] [--to FMT] [--encoding ENC] [--report FILE]``

Exit status: 0 success, 1 bad input (one line ``subconv: error: FILE:LINE: ...``
on stderr, never a traceback), 2 usage errors.
"""

from __future__ import annotations

import argparse
import gc
import os
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import formats
from ._version import __version__
from .errors import ParseError, SubconvError, UnknownFormatError, UsageError
from .formats import WriteOptions
from .options import Options
from .report import Report

if TYPE_CHECKING:
    from .model import Track


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"subconv: error: {message}\n")
        raise SystemExit(2)


def parse_duration(text: str) -> int:
    """``SECONDS`` or ``[h:]mm:ss[.mmm]`` to milliseconds (argparse type).

    >>> parse_duration("90"), parse_duration("1:02:03.5"), parse_duration("2:30")
    (90000, 3723500, 150000)
    """
    from .timefmt import parse_clock

    ms = parse_clock(text)
    if ms is None:
        raise argparse.ArgumentTypeError(f"invalid duration {text!r}: use SECONDS or [h:]mm:ss[.mmm]")
    return ms


def _positive_float(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not v > 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
    return v


def _positive_int(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if v <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text!r}")
    return v


def _non_negative_int(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if v < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text!r}")
    return v


def _add_common_io(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", metavar="INPUT", help="input file, or - for standard input")
    p.add_argument("-o", "--output", metavar="OUTPUT", help="output file, or - for standard output (default)")
    p.add_argument(
        "--from", dest="from_format", metavar="FMT", help="input format (default: sniffed from content, then extension)"
    )
    p.add_argument(
        "--to",
        dest="to_format",
        metavar="FMT",
        help=f"output format: {', '.join(formats.writable())} (txt: a plain transcript) "
        "(default: from OUTPUT's extension, else srt)",
    )
    p.add_argument("--encoding", metavar="ENC", help="input encoding (default: BOM, UTF-8, then detected)")
    p.add_argument("--report", metavar="FILE", help="write a JSON report of every change to FILE")
    p.add_argument("--explain", action="store_true", help="print the report, readable, on stderr")
    p.add_argument("--bom", action="store_true", help="start the output with a byte-order mark")
    p.add_argument("--crlf", action="store_true", help="CRLF line endings in the output")
    p.add_argument(
        "--no-speaker-prefix", action="store_true", help="SRT: do not write speakers as 'NAME: ' before the text"
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to generate the CLI reference)."""
    parser = _Parser(prog="subconv", description="Turn caption pages and subtitle files into clean SRT, WebVTT or ASS.")
    parser.add_argument("--version", action="version", version=f"subconv {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    conv = sub.add_parser(
        "convert",
        help="convert a page or subtitle file",
        description="Convert a caption page, transcript or subtitle file to SRT, WebVTT or ASS.",
    )
    _add_common_io(conv)
    clean = conv.add_argument_group("cleaning")
    clean.add_argument(
        "--dedupe",
        choices=("auto", "off", "adjacent", "all"),
        default="auto",
        help="auto: adjacent repeats on pages and rolling auto-captions, nothing on timed files (default); "
        "off; adjacent: also on timed files; all: also non-adjacent repeats",
    )
    clean.add_argument("--drop-sound-tags", action="store_true", help="drop [Music], (applause) and similar")
    clean.add_argument("--max-lines", type=_positive_int, default=2, metavar="N", help="lines per cue (default 2)")
    clean.add_argument(
        "--max-chars",
        type=_positive_int,
        metavar="N",
        help="characters per line (default 42); given on a timed file, longer lines are re-broken, times kept",
    )
    clean.add_argument("--merge-fragments", action="store_true", help="join caption fragments into sentences")
    timing = conv.add_argument_group("timing")
    timing.add_argument("--wpm", type=_positive_float, metavar="RATE", help="speaking rate in words per minute")
    timing.add_argument(
        "--cps", type=_positive_float, metavar="RATE", help="speaking rate in characters per second (CJK)"
    )
    timing.add_argument(
        "--duration", type=parse_duration, metavar="TIME", help="the media's length: SECONDS or [h:]mm:ss[.mmm]"
    )
    timing.add_argument(
        "--media", metavar="FILE", help="the video/audio: its length, and (with speech detection) where cues are spoken"
    )
    timing.add_argument("--no-align", action="store_true", help="with --media: use only its duration, not its audio")
    _add_align_options(timing)
    timing.add_argument("--retime", action="store_true", help="re-estimate times even where the input has them")
    editor = conv.add_argument_group("editors")
    editor.add_argument("--fps", type=_positive_float, metavar="RATE", help="snap times to frame boundaries at RATE")
    from .editors import PRESETS

    editor.add_argument(
        "--editor",
        metavar="NAME",
        help=f"editor preset: {', '.join(PRESETS)} (see docs/editors.md); frame snapping needs --fps",
    )
    editor.add_argument(
        "--overlaps",
        choices=("keep", "merge", "stagger"),
        default=None,
        help="what to do with overlapping cues (default keep, or the editor preset's)",
    )
    batch = conv.add_argument_group("folders, URLs and lists (see docs/scaling.md)")
    batch.add_argument(
        "--jobs",
        type=_positive_int,
        metavar="N",
        help="INPUT is a folder: convert N files at once (default: all cores)",
    )
    batch.add_argument(
        "--input-list",
        action="store_true",
        help="INPUT is a list of inputs: one path or URL a line, a CSV with a 'source' column, or JSONL",
    )
    batch.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="where to convert: local, this machine's process pool (default); dask, a Dask cluster",
    )
    batch.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: the scheduler's address (default: start a local cluster of --jobs workers)",
    )
    batch.add_argument(
        "--resume",
        action="store_true",
        help="skip inputs OUTDIR/_subconv.jsonl records as converted whose source is unchanged",
    )
    batch.add_argument(
        "--retries",
        type=_non_negative_int,
        default=2,
        metavar="N",
        help="retry a file whose worker died or whose read or write failed N times (default 2)",
    )

    sync = sub.add_parser(
        "sync",
        help="re-time a subtitle file to the media's audio",
        description="Re-time an existing subtitle file to where its lines are spoken in MEDIA.",
    )
    _add_common_io(sync)
    sync.add_argument("--media", metavar="FILE", required=True, help="the video/audio to align to")
    _add_align_options(sync)

    from .commands import add_commands  # shift, retime, check

    add_commands(sub, _add_common_io)
    return parser


class InputError(SubconvError):
    """The input file cannot be opened or read (exit 1, reported against the input)."""


class OutputError(Exception):
    """The output cannot be written: reported against the output file, not the input."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(path, reason)
        self.path = path
        self.reason = reason


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like Ctrl-C so that temporary files are removed."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated


def _add_align_options(group: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    from .align.base import BACKENDS  # the aligner registry names the choices

    group.add_argument(
        "--aligner",
        choices=("auto", *sorted(BACKENDS)),
        default="auto",
        help="with --media: how cues are placed on the audio (default auto: acoustic for English, "
        "tts for other languages eSpeak NG speaks, else vad; see docs/alignment.md)",
    )
    group.add_argument("--language", metavar="LANG", help="the text's language (BCP 47, e.g. en, de, pt-BR)")
    group.add_argument(
        "--words", action="store_true", help="with --media: write word times (WebVTT timestamps, ASS karaoke)"
    )


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


@dataclass
class Outcome:
    """What one conversion did: exit status, the one-line error (if any), and the report."""

    status: int
    error: str | None
    report: Report
    line: int | None = None  # the input line the error is about, when known


def _options(ns: argparse.Namespace) -> tuple[Options, WriteOptions]:
    wopts = WriteOptions(bom=ns.bom, crlf=ns.crlf, speaker_prefix=not ns.no_speaker_prefix)
    if ns.command == "sync":
        # keep the file's own times as the expected lengths: no text re-estimate, no re-split
        wopts = WriteOptions(bom=ns.bom, crlf=ns.crlf, speaker_prefix=not ns.no_speaker_prefix, words=ns.words)
        return Options(
            media=ns.media,
            retime=True,
            dedupe="off",
            skip=frozenset({"time", "segment"}),
            aligner=ns.aligner,
            language=ns.language,
            words=ns.words,
        ), wopts
    fps = ns.fps
    overlaps = ns.overlaps
    if ns.editor:
        from .editors import preset

        p = preset(ns.editor)
        fps = fps if fps is not None else p.fps
        wopts = WriteOptions(
            bom=ns.bom or p.bom,
            crlf=ns.crlf or p.crlf,
            speaker_prefix=not ns.no_speaker_prefix,
            line_limit=p.max_chars,
            fps=fps,
        )
    elif fps is not None:
        wopts = WriteOptions(bom=ns.bom, crlf=ns.crlf, speaker_prefix=not ns.no_speaker_prefix, fps=fps)
    opts = Options(
        dedupe=ns.dedupe,
        drop_sound_tags=ns.drop_sound_tags,
        max_lines=ns.max_lines,
        max_chars=ns.max_chars or 42,
        break_long_lines=ns.max_chars is not None,
        merge_fragments=ns.merge_fragments,
        wpm=ns.wpm,
        cps=ns.cps,
        duration_ms=ns.duration,
        media=ns.media,
        align=not ns.no_align,
        fps=fps,
        editor=ns.editor,
        overlaps=overlaps,
        retime=ns.retime,
        aligner=ns.aligner,
        language=ns.language,
        words=ns.words,
    )
    if ns.words:
        wopts = replace(wopts, words=True)
    return opts, wopts


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _output_format(to_format: str | None, out: str | None) -> str:
    from . import formats

    if to_format:
        to = to_format
    elif out and out != "-":
        found = formats.output_format(out)
        if found is None and formats.from_extension(out) == "page":
            raise UsageError("cannot write a page; give -o a .srt, .vtt, .ass or .txt name, or pass --to")
        to = found or "srt"
    else:
        to = "srt"
    try:
        fmt = formats.get(to)  # fails early on an unknown name
    except UnknownFormatError as exc:
        raise UsageError(str(exc)) from None
    if fmt.write is None:
        raise UsageError(f"subconv can read {fmt.name} but cannot write it")
    return fmt.name


def convert_data(data: bytes, job: Job, report: Report) -> str | None:
    """Convert one input's bytes as ``job`` says and return the output text (nothing is written).

    ``job.src`` names the input in messages and, with no ``--from``, lends its extension to
    format detection.  None when ``job.edit`` decided there is nothing to write.
    """
    from . import formats
    from .api import detect_format, dumps, process
    from .encoding import decode

    path = job.src if job.src != "-" else None
    text = decode(data, job.encoding, report, name=job.src)
    fmt = formats.get(job.from_format or detect_format(text, path))
    report.info["format"] = fmt.name
    track = fmt.read(text, report)
    report.info["cues_read"] = len(track.cues)
    had_text = bool(text.strip())
    del text  # (memory: the text, the track and the output are never all alive at once)
    if job.options.merge_fragments and fmt.name != "page" and not job.options.retime:
        report.add(
            LOUD_STEP,
            "warning",
            f"--merge-fragments joins untimed page text; this {fmt.name} file's cues keep their times "
            "and are not merged (add --retime to re-segment and re-time it)",
        )
    if job.edit is not None:
        edited = job.edit(track, report)
        if edited is None:
            return None
        track = edited
    else:
        track = process(track, job.options, report)
    to = job.to_format or (fmt.name if fmt.write is not None else "srt")  # "": the input's format
    before = len(report.entries)
    result = dumps(track, to, options=job.write_options, report=report)
    # the writer leaves out what is not shown (ASS comments, cues with no visible text), reported
    cues = len(track.cues) - sum(e.action == "dropped" for e in report.entries[before:])
    del track
    report.info["cues_written"] = cues
    if not cues and had_text:
        report.add(LOUD_STEP, "warning", f"no cue found in this non-empty {fmt.name} input: the output is empty")
    return result


def _convert(job: Job, report: Report) -> None:
    from .api import atomic_write_text

    src, out = job.src, job.out
    if out is not None and out != "-" and src != "-" and _same_file(src, out):
        raise UsageError(f"refusing to write over the input {src!r}; choose another -o")
    if src == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            data = Path(src).read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read it: {exc.strerror or exc}") from None
    result = convert_data(data, job, report)
    del data
    report.info["output"] = out if out is not None else "-"
    if result is None:
        return
    if out is None or out == "-":
        for i in range(0, len(result), _CHUNK):  # (encoded a piece at a time, not all at once)
            sys.stdout.write(result[i : i + _CHUNK])
        sys.stdout.flush()
    else:
        try:
            atomic_write_text(out, result)
        except OSError as exc:  # about the output, not the input
            raise OutputError(out, exc.strerror or str(exc)) from None


_CHUNK = 1 << 20  # characters encoded and written at a time

#: the report step of warnings about the run itself; they, and the decoder's warnings (a
#: low-confidence encoding guess), are printed on stderr even without --explain
LOUD_STEP = "convert"
_LOUD_STEPS = (LOUD_STEP, "decode")


def loud_warnings(report: Report, where: str) -> list[str]:
    """The report's warnings that stderr always shows, as ``subconv: warning: FILE[:LINE]: ...`` lines."""
    out = []
    for e in report.entries:
        if e.action == "warning" and e.step in _LOUD_STEPS:
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
    except UsageError as exc:
        return Outcome(2, f"subconv: error: {exc}", report)
    except OutputError as exc:
        return Outcome(1, f"subconv: error: {exc.path}: cannot write the output: {exc.reason}", report)
    except ParseError as exc:
        line = f":{exc.line}" if exc.line is not None else ""
        msg = f"{exc.format}: {exc.reason}" + (f": {exc.snippet[:60]!r}" if exc.snippet else "")
        return Outcome(1, f"subconv: error: {where}{line}: {msg}", report, exc.line)
    except SubconvError as exc:
        return Outcome(1, f"subconv: error: {where}: {exc}", report)
    except RecursionError:
        return Outcome(1, f"subconv: error: {where}: input nested too deeply to read", report)
    except MemoryError:
        return Outcome(1, f"subconv: error: {where}: input too large for memory", report)
    except OSError as exc:
        return Outcome(1, f"subconv: error: {where}: {exc.strerror or exc}", report)
    except Exception as exc:  # the contract is: never a traceback
        return Outcome(
            1, f"subconv: error: {where}: internal error ({type(exc).__name__}: {exc}); please report it", report
        )
    finally:
        if collecting:
            gc.enable()
    return Outcome(0, None, report)


def _write_report(path: str, payload: str) -> int:
    from .api import atomic_write_text

    try:
        atomic_write_text(path, payload)
    except OSError as exc:
        sys.stderr.write(f"subconv: error: cannot write report {path}: {exc.strerror}\n")
        return 1
    return 0


def outcome_where(ns: argparse.Namespace) -> str:
    """The input's name in messages."""
    return "<stdin>" if ns.input == "-" else str(ns.input)


def _option_warnings(ns: argparse.Namespace, opts: Options) -> None:
    """Say on stderr why an option given will not act (once, before any file is read)."""
    if ns.command == "convert" and ns.editor and opts.fps is None:
        sys.stderr.write(
            f"subconv: warning: --editor {ns.editor}: times are not snapped to frames without a frame rate; "
            "pass --fps RATE (the timeline's rate, e.g. 25 or 23.976)\n"
        )


def _main(ns: argparse.Namespace) -> int:
    if ns.command in ("shift", "retime", "check"):
        from .commands import run_command

        return run_command(ns)
    opts, wopts = _options(ns)
    if ns.media and not os.path.isfile(ns.media):
        reason = "no such file" if not os.path.exists(ns.media) else "not a file"
        sys.stderr.write(f"subconv: error: {ns.media}: cannot read the media (--media): {reason}\n")
        return 1
    _option_warnings(ns, opts)
    if ns.from_format:
        from . import formats

        try:
            formats.get(ns.from_format)
        except UnknownFormatError as exc:
            raise UsageError(str(exc)) from None
    many = ns.command == "convert" and (ns.input_list or "://" in ns.input or ns.engine != "local" or ns.resume)
    if many or (ns.input != "-" and os.path.isdir(ns.input)):
        from .batch import BatchConfig, run_batch

        if ns.command != "convert":
            raise UsageError(f"subconv {ns.command} takes one file, not a folder")
        if not (ns.input_list or "://" in ns.input or os.path.isdir(ns.input)):
            raise UsageError("--engine and --resume are for folders, URLs and --input-list; INPUT is one file")
        config = BatchConfig(
            ns.input,
            ns.output,
            to_format=ns.to_format,
            from_format=ns.from_format,
            encoding=ns.encoding,
            jobs=ns.jobs,
            report=ns.report,
            explain=ns.explain,
            input_list=ns.input_list,
            engine=ns.engine,
            scheduler=ns.scheduler,
            resume=ns.resume,
            retries=ns.retries,
        )
        return run_batch(config, opts, wopts)
    job = Job(ns.input, ns.output, ns.from_format, _output_format(ns.to_format, ns.output), ns.encoding, opts, wopts)
    return _finish(ns, run_job(job))


def _finish(ns: argparse.Namespace, outcome: Outcome) -> int:
    """Print the outcome's error, save or print its report; the exit status."""
    for warning in loud_warnings(outcome.report, outcome_where(ns)):
        sys.stderr.write(warning + "\n")
    if outcome.error:
        sys.stderr.write(outcome.error + "\n")
    status = outcome.status
    if ns.report:
        status = _write_report(ns.report, outcome.report.to_json()) or status
    if ns.explain:
        sys.stderr.write(outcome.report.explain())
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``subconv`` console script; returns the exit status."""
    parser = build_parser()
    ns = parser.parse_args(argv)
    if ns.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread: leave signals alone
        previous = None
    try:
        return _main(ns)
    except Terminated:
        sys.stderr.write("subconv: terminated\n")
        return 128 + signal.SIGTERM
    except UsageError as exc:
        sys.stderr.write(f"subconv: error: {exc}\n")
        return 2
    except SubconvError as exc:
        sys.stderr.write(f"subconv: error: {exc}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("subconv: interrupted\n")
        return 130
    except BrokenPipeError:
        return 1
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)

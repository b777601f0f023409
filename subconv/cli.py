"""The ``subconv`` command line.

``subconv convert INPUT [-o OUTPUT] [--from FMT] [--to FMT] [--encoding ENC] [--report FILE]``

Exit status: 0 success, 1 bad input (one line ``subconv: error: FILE:LINE: ...``
on stderr, never a traceback), 2 usage errors.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from ._version import __version__
from .errors import ParseError, SubconvError, UsageError
from .formats import WriteOptions
from .options import Options
from .report import Report


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


def _add_common_io(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", metavar="INPUT", help="input file, or - for standard input")
    p.add_argument("-o", "--output", metavar="OUTPUT", help="output file, or - for standard output (default)")
    p.add_argument("--from", dest="from_format", metavar="FMT", help="input format (default: sniffed from content, then extension)")
    p.add_argument("--to", dest="to_format", metavar="FMT", help="output format: srt, vtt or ass (default: from OUTPUT's extension, else srt)")
    p.add_argument("--encoding", metavar="ENC", help="input encoding (default: BOM, UTF-8, then detected)")
    p.add_argument("--report", metavar="FILE", help="write a JSON report of every change to FILE")
    p.add_argument("--explain", action="store_true", help="print the report, readable, on stderr")
    p.add_argument("--bom", action="store_true", help="start the output with a byte-order mark")
    p.add_argument("--crlf", action="store_true", help="CRLF line endings in the output")
    p.add_argument("--no-speaker-prefix", action="store_true", help="SRT: do not write speakers as 'NAME: ' before the text")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to generate the CLI reference)."""
    parser = _Parser(prog="subconv", description="Turn caption pages and subtitle files into clean SRT, WebVTT or ASS.")
    parser.add_argument("--version", action="version", version=f"subconv {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    conv = sub.add_parser("convert", help="convert a page or subtitle file", description="Convert a caption page, transcript or subtitle file to SRT, WebVTT or ASS.")
    _add_common_io(conv)
    clean = conv.add_argument_group("cleaning")
    clean.add_argument("--dedupe", choices=("auto", "off", "adjacent", "all"), default="auto",
                       help="auto: adjacent repeats on pages and rolling auto-captions, nothing on timed files (default); "
                       "off; adjacent: also on timed files; all: also non-adjacent repeats")
    clean.add_argument("--drop-sound-tags", action="store_true", help="drop [Music], (applause) and similar")
    clean.add_argument("--max-lines", type=_positive_int, default=2, metavar="N", help="lines per cue (default 2)")
    clean.add_argument("--max-chars", type=_positive_int, default=42, metavar="N", help="characters per line (default 42)")
    clean.add_argument("--merge-fragments", action="store_true", help="join caption fragments into sentences")
    timing = conv.add_argument_group("timing")
    timing.add_argument("--wpm", type=_positive_float, metavar="RATE", help="speaking rate in words per minute")
    timing.add_argument("--cps", type=_positive_float, metavar="RATE", help="speaking rate in characters per second (CJK)")
    timing.add_argument("--duration", type=parse_duration, metavar="TIME", help="the media's length: SECONDS or [h:]mm:ss[.mmm]")
    timing.add_argument("--media", metavar="FILE", help="the video/audio: its length, and (with speech detection) where cues are spoken")
    timing.add_argument("--no-align", action="store_true", help="with --media: use only its duration, not its audio")
    timing.add_argument("--retime", action="store_true", help="re-estimate times even where the input has them")
    editor = conv.add_argument_group("editors")
    editor.add_argument("--fps", type=_positive_float, metavar="RATE", help="snap times to frame boundaries at RATE")
    editor.add_argument("--editor", metavar="NAME", help="editor preset (see docs/editors.md)")
    editor.add_argument("--overlaps", choices=("keep", "merge", "stagger"), default="keep", help="what to do with overlapping cues (default keep)")

    sync = sub.add_parser("sync", help="re-time a subtitle file to the media's audio", description="Re-time an existing subtitle file to where its lines are spoken in MEDIA.")
    _add_common_io(sync)
    sync.add_argument("--media", metavar="FILE", required=True, help="the video/audio to align to")
    return parser


def _options(ns: argparse.Namespace) -> Options:
    if ns.command == "sync":
        return Options(media=ns.media, retime=True, dedupe="off")
    return Options(
        dedupe=ns.dedupe,
        drop_sound_tags=ns.drop_sound_tags,
        max_lines=ns.max_lines,
        max_chars=ns.max_chars,
        merge_fragments=ns.merge_fragments,
        wpm=ns.wpm,
        cps=ns.cps,
        duration_ms=ns.duration,
        media=ns.media,
        align=not ns.no_align,
        fps=ns.fps,
        editor=ns.editor,
        overlaps=ns.overlaps,
        retime=ns.retime,
    )


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)


def _run(ns: argparse.Namespace, report: Report) -> int:
    from . import formats
    from .api import atomic_write_text, detect_format, dumps, process
    from .encoding import decode

    src = ns.input
    out = ns.output
    if out is not None and out != "-" and src != "-" and _same_file(src, out):
        raise UsageError(f"refusing to write over the input {src!r}; choose another -o")
    if ns.to_format:
        to = ns.to_format
    elif out and out != "-":
        to = formats.from_extension(out) or "srt"
        if to == "page":
            raise UsageError(f"cannot write a page; give -o a .srt, .vtt or .ass name, or pass --to")
    else:
        to = "srt"
    out_fmt = formats.get(to)  # fails early on an unknown name
    if out_fmt.write is None:
        raise UsageError(f"subconv can read {out_fmt.name} but cannot write it")

    if src == "-":
        data = sys.stdin.buffer.read()
        path: str | None = None
    else:
        if os.path.isdir(src):
            raise UsageError(f"{src} is a directory")
        try:
            data = Path(src).read_bytes()
        except OSError as exc:
            raise UsageError(f"cannot read {src}: {exc.strerror}") from None
        path = src
    text = decode(data, ns.encoding, report, name=src)
    name = ns.from_format or detect_format(text, path)
    fmt = formats.get(name)
    report.info["format"] = fmt.name
    track = fmt.read(text, report)
    track = process(track, fmt.name, _options(ns), report)
    wopts = WriteOptions(bom=ns.bom, crlf=ns.crlf, speaker_prefix=not ns.no_speaker_prefix, fps=getattr(ns, "fps", None))
    result = dumps(track, out_fmt.name, options=wopts, report=report)
    report.info["cues_written"] = len(track.cues)
    if out is None or out == "-":
        sys.stdout.write(result)
        sys.stdout.flush()
    else:
        atomic_write_text(out, result)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``subconv`` console script; returns the exit status."""
    parser = build_parser()
    ns = parser.parse_args(argv)
    if ns.command is None:
        parser.print_help(sys.stderr)
        return 2
    report = Report()
    status = 0
    try:
        status = _run(ns, report)
    except UsageError as exc:
        sys.stderr.write(f"subconv: error: {exc}\n")
        status = 2
    except ParseError as exc:
        where = ns.input if ns.input != "-" else "<stdin>"
        line = f":{exc.line}" if exc.line is not None else ""
        msg = f"{exc.format}: {exc.reason}" + (f": {exc.snippet[:60]!r}" if exc.snippet else "")
        sys.stderr.write(f"subconv: error: {where}{line}: {msg}\n")
        status = 1
    except SubconvError as exc:
        where = ns.input if ns.input != "-" else "<stdin>"
        sys.stderr.write(f"subconv: error: {where}: {exc}\n")
        status = 1
    except KeyboardInterrupt:
        sys.stderr.write("subconv: interrupted\n")
        return 130
    except RecursionError:
        sys.stderr.write(f"subconv: error: {ns.input}: input nested too deeply to read\n")
        status = 1
    except MemoryError:
        sys.stderr.write(f"subconv: error: {ns.input}: input too large for memory\n")
        status = 1
    except BrokenPipeError:
        return 1
    except Exception as exc:  # noqa: BLE001 - the contract is: never a traceback
        sys.stderr.write(f"subconv: error: {ns.input}: internal error ({type(exc).__name__}: {exc}); please report it\n")
        status = 1
    if ns.report:
        from .api import atomic_write_text

        try:
            atomic_write_text(ns.report, report.to_json())
        except OSError as exc:
            sys.stderr.write(f"subconv: error: cannot write report {ns.report}: {exc.strerror}\n")
            status = status or 1
    if ns.explain:
        sys.stderr.write(report.explain())
    return status

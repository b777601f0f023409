"""The ``subconv`` command line.

``subconv convert INPUT [-o OUTPUT] [--from FMT] [--to FMT] [--encoding ENC] [--report FILE]``

Exit status: 0 success, 1 bad input (one line ``subconv: error: FILE:LINE: ...``
on stderr, never a traceback), 2 usage errors.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, TextIO

from . import formats
from ._version import __version__
from .commands import KEPT_FORMAT, into_folder, names_folder, no_name_for_stdin, run_into, same_format_unless_told
from .errors import SubconvError, UnknownFormatError, UsageError
from .formats import WriteOptions
from .options import DEDUPE_POLICIES, OVERLAP_POLICIES, Options, count_problem, language_problem, rate_problem
from .runner import Job, Outcome, drop_stream, finish, media_message, output_format, shown_name


def expand_help(text: str | None) -> str | None:
    """An option's help with ``{writable}`` filled from the format registry and ``{editors}`` from
    the editor presets: filled when help is printed (or documented), so that building the parser
    for a conversion imports no format module and no editor preset."""
    if text is not None and "{writable}" in text:
        text = text.replace("{writable}", ", ".join(formats.writable()))
    if text is not None and "{editors}" in text:
        from .editors import PRESETS

        text = text.replace("{editors}", ", ".join(PRESETS))
    return text


class _Help(argparse.HelpFormatter):
    def _get_help_string(self, action: argparse.Action) -> str | None:
        return expand_help(action.help)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Help)
        super().__init__(*args, **kwargs)

    def _get_values(self, action: argparse.Action, arg_strings: list[str]) -> Any:
        """An option's value of ``--`` (``--to=--``, ``--max-chars=--``) is that value, checked
        and refused as any other: Python 3.11's argparse strips it as the separator and hands the
        option an empty list, which was then taken as no value at all (exit 0, the option
        ignored) or failed deep inside (``invalid Options(duration_ms=[])``)."""
        if action.option_strings and action.nargs in (None, argparse.OPTIONAL) and arg_strings == ["--"]:
            value = self._get_value(action, "--")
            self._check_value(action, value)
            return value
        return super()._get_values(action, arg_strings)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        self._given = list(sys.argv[1:] if args is None else args)  # (for error's hint)
        return super().parse_known_args(args, namespace)

    def _print_message(self, message: str, file: Any = None) -> None:
        """Write the help, usage or version: a standard output that cannot take it (``--help >
        /dev/full``, a full disk; closed, ``>&-``) is an error, exit 1, as a conversion's output
        is; argparse swallowed it: exit 0 and nothing written (closed: the help on standard
        error).  A reader that went away (``| head -1``) is no news, as before; a standard error
        that cannot take a message, neither."""
        if not message:
            return
        if file is None:  # (argparse hands on sys.stdout, or sys.stderr: None when it is closed)
            if sys.stderr is not None:
                sys.stderr.write("subconv: error: <stdout>: cannot write the output: standard output is closed\n")
            raise SystemExit(1)
        out = file
        try:
            out.write(message)
            out.flush()
        except OSError as exc:
            drop_stream(out)  # (what stays in its buffer goes nowhere at exit: no second failure, exit 120)
            if isinstance(exc, BrokenPipeError) or out is sys.stderr:
                return
            sys.stderr.write(f"subconv: error: <stdout>: cannot write the output: {exc.strerror or exc}\n")
            raise SystemExit(1) from None

    def error(self, message: str) -> None:  # type: ignore[override]
        given = getattr(self, "_given", [])
        self.print_usage(sys.stderr)
        sys.stderr.write(f"subconv: error: {message}{dash_hint(self, given) or several_files_hint(self, given)}\n")
        raise SystemExit(2)


#: the metavars of the options whose value is a file's name (``./NAME`` names it too)
_FILE_METAVARS = frozenset({"OUTPUT", "FILE"})


def _option_named(parser: argparse.ArgumentParser, arg: str) -> argparse.Action | None:
    """The option of ``parser`` that ``arg`` names as argparse reads it: exactly, as ``--opt=VALUE``
    or ``-oVALUE``, or by a long option's unique abbreviation; None when it names none."""
    options = parser._option_string_actions
    if arg in options:
        return options[arg]
    if arg.startswith("--"):
        name = arg.split("=", 1)[0]
        if name in options:
            return options[name]
        found = {a for o, a in options.items() if o.startswith(name)} if parser.allow_abbrev else set()
        return found.pop() if len(found) == 1 else None
    return options.get(arg[:2])


def dash_hint(parser: argparse.ArgumentParser, given: Sequence[str]) -> str:
    """What to add to a usage error where a name starting with ``-`` (``-o -dash.vtt``, an INPUT
    ``-dash.srt``) was taken for an option it is not: how to give it as a name.  argparse said
    only ``argument -o/--output: expected one argument`` or ``the following arguments are
    required: INPUT``.  ``given``: the arguments ``parser`` parsed (the top level hands its
    command's to that command's parser)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):  # the command's own options
            for i, arg in enumerate(given):
                if arg in action.choices:
                    return dash_hint(action.choices[arg], given[i + 1 :])
    numbers = parser._negative_number_matcher  # (as argparse: -1.5 is a value where no option looks like it)
    for i, arg in enumerate(given):
        if arg == "--":
            break
        if arg[:1] != "-" or len(arg) < 3 or arg.startswith("--") or _option_named(parser, arg) is not None:
            continue  # (not "-", "-q": an option mistyped more likely than a file so named)
        if numbers.match(arg) and not parser._has_negative_number_optionals:
            continue
        prev = given[i - 1] if i else ""
        before = _option_named(parser, prev) if prev else None
        alone = "=" not in prev if prev.startswith("--") else len(prev) == 2  # (not --opt=VALUE, -oVALUE)
        if before is not None and before.nargs is None and before.option_strings and alone:
            long = max(before.option_strings, key=len)
            name = f" or {long} ./{arg}" if before.metavar in _FILE_METAVARS else ""
            return f" ({arg} is read as an option, not as {long}'s value: write {long}={arg}{name})"
        if arg[1:2].isdigit():  # (a value, a shift's -1h: no file's name)
            return f" ({arg} is read as an option: give it after --, as in -- {arg})"
        return f" ({arg} is read as an option: to name a file, write ./{arg})"
    return ""


def several_files_hint(parser: argparse.ArgumentParser, given: Sequence[str]) -> str:
    """What to add to a usage error of a command that takes one INPUT (``shift``, ``retime``,
    ``check``, ``sync``) given several files, as a glob gives them (``subconv check *.srt``):
    argparse said only ``unrecognized arguments: b.srt``.  ``given``: as :func:`dash_hint`'s."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for i, arg in enumerate(given):
                if arg in action.choices:
                    return _files_given(arg, action.choices[arg], given[i + 1 :])
    return ""


def _files_given(command: str, parser: argparse.ArgumentParser, given: Sequence[str]) -> str:
    """:func:`several_files_hint` of ``command``'s arguments ``given``."""
    inputs = [a for a in parser._actions if not a.option_strings and a.dest == "input"]
    if not inputs or inputs[0].nargs is not None:  # (convert takes several)
        return ""
    files: list[str] = []
    after_dashes = False
    for i, arg in enumerate(given):
        if arg == "--" and not after_dashes:
            after_dashes = True
            continue
        before = _option_named(parser, given[i - 1]) if i and not after_dashes else None
        a_value = (
            before is not None and before.nargs is None and bool(before.option_strings) and "=" not in given[i - 1]
        )
        if (after_dashes or not arg.startswith("-")) and not a_value and os.path.isfile(arg):
            files.append(arg)
    if len(files) < 2:
        return ""
    shown = ", ".join(shown_name(f) for f in files[:3]) + (", ..." if len(files) > 3 else "")
    return f" ({command} takes one INPUT, and {shown} are {len(files)} files: run it once for each)"


def parse_duration(text: str) -> int:
    """``SECONDS`` or ``[h:]mm:ss[.mmm]`` to milliseconds (argparse type): a length, so more than
    0 (``0``, ``0:00``, ``0.0001`` were taken and then ignored, said only in the report).

    >>> parse_duration("90"), parse_duration("1:02:03.5"), parse_duration("2:30")
    (90000, 3723500, 150000)
    """
    from .timefmt import parse_clock

    ms = parse_clock(text)
    if ms is None and text.strip().startswith("-") and parse_clock(text.strip()[1:]) is not None:
        raise argparse.ArgumentTypeError(f"invalid duration {text!r}: the media's length cannot be negative")
    if ms is None:
        raise argparse.ArgumentTypeError(f"invalid duration {text!r}: use SECONDS or [h:]mm:ss[.mmm]")
    if ms <= 0:
        raise argparse.ArgumentTypeError(f"invalid duration {text!r}: the media's length must be at least 1 ms")
    return ms


def _rate(text: str) -> float:
    """A speaking rate (``--wpm``, ``--cps``): checked as ``Options`` checks it."""
    try:
        v = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    problem = rate_problem(v)
    if problem:
        raise argparse.ArgumentTypeError(f"{problem}: {text!r}")
    return v


def _language(text: str) -> str:
    """``--language``: a BCP 47 tag's shape (:func:`subconv.options.language_problem`)."""
    problem = language_problem(text)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem.replace("tag", f"tag: {text!r}", 1))
    return text


def _frame_rate(text: str) -> float:
    """A frame rate (``convert --fps``, ``--input-fps``): 1 to 1000, as every frame rate
    (``timeops.frame_rate_value``), written as it takes them: ``24000/1001`` too, as ``retime
    --fps`` and ``check --fps`` take it (was "invalid _frame_rate value: '24000/1001'").

    >>> _frame_rate("23.976"), _frame_rate("24000/1001") == 24000 / 1001, _frame_rate(" 25 ")
    (23.976, True, 25.0)
    """
    from .timeops import frame_rate_value

    try:
        return float(frame_rate_value(text.strip(), text=True))
    except UsageError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive_int(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    problem = count_problem(v)
    if problem:
        raise argparse.ArgumentTypeError(f"{problem}: {text!r}")
    return v


def _non_negative_int(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if v < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text!r}")
    return v


def _text_encoding(text: str) -> str:
    """``--encoding``'s name, as given, once Python knows it as a text encoding (argparse type:
    ``hex``, ``base64``, ``rot13`` and names it does not know are usage errors)."""
    from .encoding import text_encoding
    from .errors import EncodingError

    try:
        text_encoding(text)
    except EncodingError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


#: ``-o``'s help where one file's output may go into a folder (``shift``, ``retime``, ``check --fix``)
_INTO_FOLDER = "; a folder (DIR/ is made if need be): written there under the input's name, as convert does"


def _add_common_io(
    p: argparse.ArgumentParser,
    *,
    several: bool = False,
    to_default: str = "from OUTPUT's extension, else srt",
    into: bool = False,
) -> None:
    if several:
        p.add_argument(
            "input",
            metavar="INPUT",
            nargs="+",
            help="input file, folder or URL, or - for standard input; several files (or one, with -o a folder) "
            "are written into the folder -o names",
        )
    else:
        from .commands import OneValue

        p.add_argument("input", metavar="INPUT", action=OneValue, help="input file, or - for standard input")
    p.add_argument(
        "-o",
        "--output",
        metavar="OUTPUT",
        help="output file, or - for standard output (default)"
        + ("; a folder for a folder, several files, a URL or a list" if several else "")
        + (_INTO_FOLDER if into else ""),
    )
    p.add_argument(
        "--from", dest="from_format", metavar="FMT", help="input format (default: sniffed from content, then extension)"
    )
    p.add_argument(
        "--to",
        dest="to_format",
        metavar="FMT",
        help="output format: {writable} (txt: a plain transcript) (default: " + to_default + ")",
    )
    p.add_argument(
        "--encoding", type=_text_encoding, metavar="ENC", help="input encoding (default: BOM, UTF-8, then detected)"
    )
    p.add_argument(
        "--output-encoding",
        type=_text_encoding,
        metavar="ENC",
        help="output encoding, e.g. cp1252 (default: utf-8); a character it lacks is an error naming its cue",
    )
    p.add_argument(
        "--input-fps",
        type=_frame_rate,
        metavar="RATE",
        help="frame rate of an input that counts frames (MicroDVD): wins over the rate the file declares "
        "(default: the file's, else 23.976)",
    )
    p.add_argument(
        "--report",
        metavar="FILE",
        help="write a JSON report of every change to FILE (-: standard output, when the output is not written there)",
    )
    p.add_argument("--explain", action="store_true", help="print the report, readable, on stderr")
    p.add_argument("--bom", action="store_true", help="start the output with a byte-order mark")
    p.add_argument("--crlf", action="store_true", help="CRLF line endings in the output")
    p.add_argument(
        "--no-speaker-prefix",
        action="store_true",
        help="do not write speakers as 'NAME: ' before the text (SRT and the other formats with no speaker field)",
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
    _add_common_io(conv, several=True)
    clean = conv.add_argument_group("cleaning")
    clean.add_argument(
        "--dedupe",
        choices=DEDUPE_POLICIES,
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
    timing.add_argument("--wpm", type=_rate, metavar="RATE", help="speaking rate in words per minute")
    timing.add_argument("--cps", type=_rate, metavar="RATE", help="speaking rate in characters per second (CJK)")
    timing.add_argument(
        "--duration", type=parse_duration, metavar="TIME", help="the media's length: SECONDS or [h:]mm:ss[.mmm]"
    )
    timing.add_argument(
        "--media", metavar="FILE", help="the video/audio: its length, and (with speech detection) where cues are spoken"
    )
    timing.add_argument("--no-align", action="store_true", help="with --media: use only its duration, not its audio")
    _add_align_options(timing)
    timing.add_argument(
        "--retime",
        action="store_true",
        help=(
            "re-estimate times even where the input has them: from a cue's word times where it has them, else from "
            "its text (with --media: put them in sync with it, as sync does)"
        ),
    )
    editor = conv.add_argument_group("editors")
    editor.add_argument("--fps", type=_frame_rate, metavar="RATE", help="snap times to frame boundaries at RATE")
    editor.add_argument(
        "--editor",
        metavar="NAME",
        help="editor preset: {editors} (see docs/editors.md); frame snapping needs --fps",
    )
    editor.add_argument(
        "--overlaps",
        choices=OVERLAP_POLICIES,
        default=None,
        help="what to do with overlapping cues (default keep, or the editor preset's); merge and stagger "
        "also write every cue in time order",
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
        help="INPUT is a list of inputs: one path or URL a line, a CSV with a 'source' column, or JSONL "
        "(-: one a line on standard input)",
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
        description="Re-time an existing subtitle file to where its lines are spoken in the --media file's audio.",
    )
    _add_common_io(sync, to_default=KEPT_FORMAT, into=True)  # (a re-timed file keeps its format, as shift's does)
    sync.add_argument("--media", metavar="FILE", required=True, help="the video/audio to align to")
    _add_align_options(sync)

    from .commands import add_commands  # shift, retime, check

    add_commands(sub, _add_common_io)
    return parser


class Terminated(BaseException):
    """SIGTERM arrived: unwinds like Ctrl-C so that temporary files are removed."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated


def _add_align_options(group: argparse.ArgumentParser | argparse._ArgumentGroup) -> None:
    from .align.backends import BACKENDS  # the aligner registry names the choices

    group.add_argument(
        "--aligner",
        choices=("auto", *sorted(BACKENDS)),
        default="auto",
        help="with --media: how cues are placed on the audio (default auto: acoustic for English, "
        "tts for other languages eSpeak NG speaks, else vad; see docs/alignment.md)",
    )
    group.add_argument(
        "--language", type=_language, metavar="LANG", help="the text's language (BCP 47, e.g. en, de, pt-BR)"
    )
    group.add_argument(
        "--audio-stream",
        type=_positive_int,
        metavar="N",
        help="with --media: align to the media's Nth audio stream (1 = the first; default: the one "
        "tagged with the text's language, else the file's default)",
    )
    group.add_argument(
        "--words",
        action="store_true",
        help="write word times (WebVTT timestamps, ASS karaoke, LRC word stamps): from aligning to --media, "
        "or the input's own (WebVTT timestamps, ASS karaoke, recognisers' JSON, Hyperaudio pages)",
    )


def _options(ns: argparse.Namespace) -> tuple[Options, WriteOptions]:
    wopts = WriteOptions(bom=ns.bom, crlf=ns.crlf, speaker_prefix=not ns.no_speaker_prefix)
    if ns.command == "sync":
        # retime + media on a timed file: the file's own times are kept as the expected lengths (no
        # text re-estimate, no re-split: steps.Context.syncs) and aligned to the media
        wopts = WriteOptions(bom=ns.bom, crlf=ns.crlf, speaker_prefix=not ns.no_speaker_prefix, words=ns.words)
        return Options(
            media=ns.media,
            retime=True,
            dedupe="off",
            aligner=ns.aligner,
            audio_stream=ns.audio_stream,
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
        audio_stream=ns.audio_stream,
        language=ns.language,
        words=ns.words,
    )
    if ns.words:
        wopts = replace(wopts, words=True)
    return opts, wopts


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
    if ns.command == "convert" and ns.media is None:  # (before, each was taken and did nothing)
        for option, given in _WITH_MEDIA:
            if given(ns):
                sys.stderr.write(f"subconv: warning: {option}: acts only with --media, and none is given (ignored)\n")


#: the options of ``convert`` that act only with ``--media`` (its audio), and whether each is given
#: (``--words`` has a warning of its own: word times can come from the input)
_WITH_MEDIA: tuple[tuple[str, Callable[[argparse.Namespace], bool]], ...] = (
    ("--no-align", lambda ns: ns.no_align),
    ("--aligner", lambda ns: ns.aligner != "auto"),
    ("--language", lambda ns: ns.language is not None),
    ("--audio-stream", lambda ns: ns.audio_stream is not None),
)


def _main(ns: argparse.Namespace) -> int:
    from .destinations import check_report, refuse_empty

    refuse_empty(
        [("INPUT", ns.input), ("-o", ns.output), ("--report", ns.report), ("--media", getattr(ns, "media", None))]
    )
    if "-" in ns.inputs and sys.stdin is None:  # (``<&-``: before, an internal error, AttributeError)
        raise SubconvError("<stdin>: cannot read it: standard input is closed")
    if ns.command in ("shift", "retime", "check"):
        from .commands import run_command

        if ns.command == "shift" and ns.input != "-" and os.path.isfile(ns.input) and os.path.isfile(ns.offset):
            from .timeops import parse_offset

            try:
                parse_offset(ns.offset)
            except UsageError:  # (said: "invalid offset 'b.srt'")
                raise UsageError(
                    f"shift takes one INPUT and an OFFSET, and {shown_name(ns.input)}, {shown_name(ns.offset)} are "
                    "2 files: run it once for each, with the offset after the file"
                ) from None

        return run_command(ns)
    opts, wopts = _options(ns)
    if ns.media and not os.path.isfile(ns.media):
        reason = "no such file" if not os.path.exists(ns.media) else "not a file"
        sys.stderr.write(f"subconv: error: {media_message(ns.media, reason)}\n")
        return 1
    _option_warnings(ns, opts)
    if ns.from_format:
        from . import formats

        try:
            formats.get(ns.from_format)
        except UnknownFormatError as exc:
            raise UsageError(str(exc)) from None
    sources = _files_into_folder(ns) if ns.command == "convert" else ()
    many = ns.command == "convert" and (ns.input_list or "://" in ns.input or ns.engine != "local" or ns.resume)
    if many or sources or (ns.input != "-" and os.path.isdir(ns.input)):
        from .batch import BatchConfig, run_batch

        if ns.command != "convert":
            raise UsageError(f"subconv {ns.command} takes one file, not a folder")
        if not (sources or ns.input_list or "://" in ns.input or os.path.isdir(ns.input)):
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
            sources=sources,
            engine=ns.engine,
            scheduler=ns.scheduler,
            resume=ns.resume,
            retries=ns.retries,
            input_fps=ns.input_fps,
            output_encoding=ns.output_encoding or "utf-8",
        )
        return run_batch(config, opts, wopts)
    if ns.command == "convert":
        _one_file_options(ns)
    folder = into_folder(ns) if ns.command == "sync" else None  # (convert's goes through run_batch)
    to_stdout = "the subtitles" if ns.output in (None, "-") else None
    check_report(ns.report, [("the input", ns.input), ("the output", ns.output or "-")], stdout=to_stdout)
    to = same_format_unless_told(ns) if ns.command == "sync" else output_format(ns.to_format, ns.output)
    enc = ns.output_encoding or "utf-8"
    job = Job(ns.input, ns.output, ns.from_format, to, ns.encoding, opts, wopts, None, ns.input_fps, enc)
    return _finish(ns, run_into(job, folder))


def _one_file_options(ns: argparse.Namespace) -> None:
    """The options of folder runs given to ``convert`` of one file: ``--scheduler`` a usage error
    (as ``--engine`` and ``--resume`` are; on a folder, it needs ``--engine dask``), ``--jobs`` a
    warning (one file is one process's work; a script may pass it whatever it converts).  Before,
    both were taken and did nothing, with nothing said."""
    if ns.scheduler:
        raise UsageError("--scheduler is for folders, URLs and --input-list with --engine dask; INPUT is one file")
    if ns.jobs is not None:
        sys.stderr.write(
            f"subconv: warning: --jobs {ns.jobs}: INPUT is one file, converted in one process "
            "(--jobs is for folders, several files and --input-list)\n"
        )


def _files_into_folder(ns: argparse.Namespace) -> tuple[str, ...]:
    """The files ``convert`` writes into the folder ``-o`` names: several INPUTs, or one file with
    ``-o`` an existing folder or a name ending in ``/``; ``()`` for every other run."""
    inputs: list[str] = ns.inputs
    if len(inputs) == 1:
        if inputs[0] == "-" and names_folder(ns.output, urls=True):
            raise no_name_for_stdin(ns.output)
        one = inputs[0] != "-" and "://" not in inputs[0] and not os.path.isdir(inputs[0]) and not ns.input_list
        return tuple(inputs) if one and names_folder(ns.output) else ()
    if ns.input_list:
        raise UsageError("--input-list takes one list; give the files in it, or name them as INPUTs without it")
    for name in inputs:
        if name == "-":
            raise UsageError("standard input (-) cannot be one of several inputs")
        if os.path.isdir(name):
            raise UsageError(f"{shown_name(name)} is a folder: give one folder, or files")
    return tuple(inputs)


def _finish(ns: argparse.Namespace, outcome: Outcome) -> int:
    """Print the outcome's error, save or print its report; the exit status."""
    return finish(outcome, outcome_where(ns), ns.report, ns.explain)


class _Messages:
    """Standard error as the command line writes its messages to it: a message that cannot be
    written (``2>&-``, ``2>/dev/full``, a reader of ``2>&1 |`` gone) is dropped, and the run
    goes on to the exit status its work earns.  Python gives no ``sys.stderr`` at all (None) to a
    process started with it closed: every message then goes nowhere."""

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream
        self.failed = stream is None

    def write(self, text: str) -> int:
        if not self.failed:
            try:
                self.stream.write(text)  # type: ignore[union-attr]
                self.stream.flush()  # type: ignore[union-attr]
            except (OSError, ValueError):  # (ValueError: written after it was closed)
                self.failed = True
                drop_stream(self.stream)  # (what stays in its buffer is not flushed on exit)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return not self.failed and self.stream is not None and self.stream.isatty()

    def __getattr__(self, name: str) -> Any:
        if self.stream is None:
            raise AttributeError(name)
        return getattr(self.stream, name)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``subconv`` console script; returns the exit status."""
    stderr = sys.stderr
    sys.stderr = _Messages(stderr)
    try:
        return _run_main(argv)
    finally:
        sys.stderr = stderr


def _run_main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    ns = parser.parse_args(argv)
    if ns.command is None:
        parser.print_help(sys.stderr)
        return 2
    ns.inputs = ns.input if isinstance(ns.input, list) else [ns.input]
    ns.input = ns.inputs[0]
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread: leave signals alone
        previous = None
    try:
        return _main(ns)
    except (Terminated, KeyboardInterrupt, SubconvError, BrokenPipeError) as exc:
        return _stopped(exc)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _quiet_after_a_signal() -> None:
    """After a signal stopped the run, keep asyncio's log quiet for the rest of the process.

    A Dask cluster's connections that the signal cut leave futures whose exception nobody asked
    for; asyncio logs each one (``Future exception was never retrieved ...``) when it is
    collected, which may be as the interpreter exits, after the last message of the run. The run
    is over: those are not news, and the run's last line stays ``subconv: terminated``.
    """
    import logging

    logging.getLogger("asyncio").setLevel(logging.CRITICAL)


def _stopped(exc: BaseException) -> int:
    """Say on stderr why the run stopped (a signal, Ctrl-C, a usage or input error); the exit status."""
    if isinstance(exc, BrokenPipeError):
        return 1  # the reader went away: nothing to say, and nowhere to say it
    if isinstance(exc, Terminated):
        message, status = "terminated", 128 + signal.SIGTERM
    elif isinstance(exc, KeyboardInterrupt):
        message, status = "interrupted", 130
    else:
        message, status = f"error: {exc}", 2 if isinstance(exc, UsageError) else 1
    if isinstance(exc, (Terminated, KeyboardInterrupt)):
        _quiet_after_a_signal()
    sys.stderr.write(f"subconv: {message}\n")
    return status

"""The editing commands of the CLI: ``shift``, ``retime`` and ``check``.

They read and write through :func:`subconv.runner.run_job` like ``convert`` (standard input
and output with ``-``, atomic writes, ``--report``/``--explain``, one-line errors), and
replace the cleaning pipeline by a :class:`~subconv.runner.Job` ``edit``: the file is
otherwise written as it was read, in its own format unless ``--to``/``-o`` say otherwise.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import UsageError, WriteError
from .formats import WriteOptions
from .model import Track, Word
from .options import Options
from .report import Report

if TYPE_CHECKING:
    from fractions import Fraction

    from .quality import Finding
    from .runner import Job, Outcome
    from .timeops import TimeMap

# (the time maps, the quality checks and json are imported by the commands that use them:
# building the parser for `subconv convert` imports none of them)

# "-1.5s", "-00:00:01.200", "-1500ms" are offsets, not options
_NEGATIVE_OFFSET = re.compile(r"^-[0-9][0-9:.,]*(ms|s)?$")


class OneValue(argparse.Action):
    """Store a positional argument of one value.  After ``--``, Python 3.11's argparse hands an
    argument that is itself ``--`` (``subconv shift FILE -- --``) over as an empty list, not
    the string: it is stored as ``--``, read (and refused) as any other value."""

    def __call__(
        self, parser: argparse.ArgumentParser, ns: argparse.Namespace, values: Any, option: Any = None
    ) -> None:
        setattr(ns, self.dest, "--" if values == [] else values)


class _ProfileNames:
    """The names of :data:`subconv.quality.PROFILES`, as ``check --profile``'s choices: looked up
    when argparse checks or shows them, so that building the parser imports no quality module."""

    def __contains__(self, name: object) -> bool:
        from .quality import PROFILES

        return name in PROFILES

    def __iter__(self) -> Iterator[str]:
        from .quality import PROFILES

        return iter(PROFILES)


#: The output format of shift, retime, check --fix and sync without --to (:func:`same_format_unless_told`).
KEPT_FORMAT = "the input's format, unless OUTPUT ends in another extension, which names the format"


def add_commands(sub: argparse._SubParsersAction[Any], add_io: Callable[..., None]) -> None:
    """Add ``shift``, ``retime`` and ``check`` to the ``subconv`` parser."""
    shift = sub.add_parser(
        "shift",
        help="move every time by an offset",
        description="Move every cue (and word) time of a timed file by OFFSET, e.g. +2.5s, -1500ms, "
        "-00:00:01.200. Cues moved before 0:00 are trimmed or dropped, and reported.",
    )
    add_io(shift, to_default=KEPT_FORMAT, into=True)
    shift.add_argument("offset", metavar="OFFSET", action=OneValue, help="+SECONDS[s], -NNNms, or +/-[h:]mm:ss[.mmm]")
    shift._negative_number_matcher = _NEGATIVE_OFFSET  # a negative offset is not an option

    retime = sub.add_parser(
        "retime",
        help="change the frame rate or re-time through sync points",
        description="Re-time a timed file for another frame rate (times x FROM/TO) or through sync points "
        "(piecewise linear between them, extended past the first and last).",
    )
    add_io(retime, to_default=KEPT_FORMAT, into=True)
    how = retime.add_mutually_exclusive_group(required=True)
    how.add_argument("--fps", metavar="FROM:TO", help="frame rates, e.g. 23.976:25 (taken as written)")
    how.add_argument("--points", metavar="OLD=NEW,...", help="sync points, e.g. 0:00:10=0:00:12,1:30:00=1:30:04.5")

    chk = sub.add_parser(
        "check",
        help="list what a delivery spec rejects (exit 1 if anything)",
        description="Check a timed file against a delivery spec: characters per line, lines per cue, reading "
        "speed, minimum/maximum duration, gaps under two frames, overlaps, empty cues, cues out of time order "
        "(see docs/quality.md). "
        "Exit 1 when something fails. With --fix, repair what can be repaired without moving text and "
        "write the result to -o.",
    )
    add_io(chk, to_default=KEPT_FORMAT, into=True)
    profile = chk.add_argument("--profile", default="netflix-en", help="the spec (default netflix-en)")
    profile.choices = _ProfileNames()  # (given after add_argument, which would list them to check its metavar)
    chk.add_argument("--json", action="store_true", help="print the findings as JSON")
    chk.add_argument("--fix", action="store_true", help="repair (extend into gaps, widen gaps, re-break lines)")
    chk.add_argument("--fps", metavar="RATE", help="frame rate for the two-frame gap (default 23.976)")


def same_format_unless_told(ns: argparse.Namespace) -> str:
    """``--to``, else the format ``-o``'s extension names, else "" (the input's own format): also
    where ``-o`` ends as the input does (an MPL2 or TMP ``.txt``, a SubViewer ``.sub``: that
    ending would name the plain transcript or MicroDVD) or its ending names no format."""
    from . import formats
    from .runner import output_format

    out: str | None = ns.output if ns.output != "-" else None
    named = output_format(ns.to_format, out) if ns.to_format or out else ""  # (a usage error: .smi)
    if ns.to_format or out is None:
        return named
    ending = os.path.splitext(out)[1].lower()
    if formats.output_format(out) is None or (ns.input != "-" and os.path.splitext(ns.input)[1].lower() == ending):
        return ""
    return named


@dataclass(frozen=True)
class TimeEdit:
    """One time map applied to a whole timed track, described for the report."""

    step: str
    fn: TimeMap
    description: str

    def __call__(self, track: Track, report: Report) -> Track:
        need_timed(track, self.step)
        report.add(self.step, "rewritten", f"every time {self.description}")
        return clamp_at_zero(track.map_times(self.fn), report, self.step)


def need_timed(track: Track, command: str) -> None:
    """A :class:`WriteError` when ``command`` (an edit that writes the track: ``shift``,
    ``retime``, ``check --fix``) is given a track with untimed cues (a caption page), saying what
    to run on the command line (before, ``check --fix`` on a page said to run the Python API's
    ``subconv.process()``)."""
    if track.timed:
        return
    untimed = sum(1 for c in track.cues if c.start is None or c.end is None)
    what = "a caption page has no times" if track.format == "page" else f"{untimed} of its cues have no times"
    raise WriteError(
        f"{command} needs a timed file, and {what}: run `subconv convert` on it first, "
        f"then `subconv {command}` on the file it writes"
    )


def clamp_at_zero(track: Track, report: Report, step: str) -> Track:
    """Drop cues that now end at or before 0:00 and trim those that start before it (reported)."""
    out = []
    for cue in track.cues:
        start, end = cue.start, cue.end
        if start is None or end is None or start >= 0:
            out.append(cue)
            continue
        if end <= 0:
            report.add(step, "dropped", "cue moved before 0:00", cue.source_line, cue.text)
            continue
        report.add(step, "rewritten", f"start trimmed to 0:00 (was {start} ms)", cue.source_line, cue.text)
        words = tuple(Word(max(w.start, 0), w.end, w.text) for w in cue.words if w.end > 0)
        out.append(cue.replace(start=0, words=words))
    return track.with_cues(out) if len(out) != len(track.cues) or out != list(track.cues) else track


@dataclass
class CheckEdit:
    """``subconv check``: collects the findings (after fixing, with ``fix``)."""

    profile: str
    fps: Fraction
    repair: bool
    findings: list[Finding] = field(default_factory=list)
    to: str = ""  # the format the repaired file is written in ("": the input's)

    def __call__(self, track: Track, report: Report) -> Track | None:
        from .formats import get
        from .quality import PROFILES, check, fix

        prof = PROFILES[self.profile]
        if not self.repair:
            self.findings = check(track, prof, self.fps)
            return None
        need_timed(track, "check --fix")  # (the repair moves times: a page has none to move)
        # the repair works on the times as the written file's clock holds them (ASS: 10 ms), so
        # that its findings are the written file's: before, ASS rounded the 83 ms gaps it made
        # to 80 ms, and "0 problems" was said of a file that `check` then failed
        res = get(self.to or track.format or "srt").resolution_ms
        track = _as_clocked(track, res, report)
        track = fix(track, prof, report, self.fps, resolution=res)
        self.findings = check(track, prof, self.fps)
        return track


def _as_clocked(track: Track, res: int, report: Report) -> Track:
    """``track``'s times rounded to ``res`` ms, as its format's writer rounds them (said)."""
    from .timefmt import to_resolution

    if res <= 1:
        return track
    cues, rounded = [], 0
    for c in track.cues:
        if c.start is not None and c.end is not None:
            start, end = to_resolution(c.start, res), to_resolution(c.end, res)
            rounded += (start != c.start) + (end != c.end)
            c = c.replace(start=start, end=end)
        cues.append(c)
    if rounded:
        report.add("check", "rewritten", f"{rounded} times rounded to {res} ms, the output's clock, before the repair")
    return track.with_cues(cues)


def _edit(ns: argparse.Namespace) -> Callable[[Track, Report], Track | None]:
    from .quality import DEFAULT_FPS
    from .timeops import (
        frame_rate_value,
        framerate_ratio,
        parse_offset,
        parse_points,
        parse_rates,
        piecewise,
        scaler,
        shifter,
    )

    if ns.command == "shift":
        offset = parse_offset(ns.offset)
        return TimeEdit("shift", shifter(offset), f"shifted by {offset:+d} ms")
    if ns.command == "retime" and ns.fps:
        a, b = parse_rates(ns.fps)
        return TimeEdit(
            "retime",
            scaler(framerate_ratio(a, b)),
            f"scaled from {float(a):g} to {float(b):g} fps (x {float(a / b):.6f})",
        )
    if ns.command == "retime":
        points = parse_points(ns.points)
        fn = piecewise(points)
        return TimeEdit("retime", fn, f"re-timed through {len(points)} sync point(s)")
    fps = frame_rate_value(ns.fps, text=True) if ns.fps else DEFAULT_FPS
    if ns.fix and not ns.output:
        raise UsageError("check --fix writes the repaired file: give -o OUT (or -o - for standard output)")
    if ns.output and not ns.fix:  # (else -o was taken and nothing written, without a word)
        raise UsageError("check -o writes the repaired file: add --fix (check alone only reports)")
    if not ns.fix:  # (the options of the file written: taken, and nothing done, without a word)
        for option, given in _FIXED_FILE_OPTIONS:
            if given(ns):
                raise UsageError(
                    f"check {option} is for the repaired file: add --fix -o OUT (check alone only reports)"
                )
    return CheckEdit(ns.profile, fps, ns.fix, to=same_format_unless_told(ns) if ns.fix else "")


#: the options of ``check`` that shape the file ``--fix`` writes, and whether each is given
_FIXED_FILE_OPTIONS: tuple[tuple[str, Callable[[argparse.Namespace], bool]], ...] = (
    ("--to", lambda ns: ns.to_format is not None),
    ("--output-encoding", lambda ns: ns.output_encoding is not None),
    ("--bom", lambda ns: ns.bom),
    ("--crlf", lambda ns: ns.crlf),
    ("--no-speaker-prefix", lambda ns: ns.no_speaker_prefix),
)


def names_folder(out: str | None, *, urls: bool = False) -> bool:
    """Whether ``-o`` names a folder to write into, for every command: one that exists, or a name
    ending in ``/`` (as for ``cp``).  A URL is no local folder; with ``urls``, one ending in ``/``
    counts (``convert`` of standard input into it says to give ``-o FILE``, as for a local one)."""
    if out is None or out == "-":
        return False
    named = out.endswith(("/", os.sep)) or os.path.isdir(out)
    return named and (urls or "://" not in out)


def no_name_for_stdin(out: str) -> UsageError:
    """The usage error of standard input written into the folder ``-o`` names (``convert``,
    ``sync`` and the edits alike): a file there takes the input's name, and it has none."""
    from .runner import shown_name

    return UsageError(f"-o {shown_name(out)} names a folder; standard input has no name for a file there: give -o FILE")


def into_folder(ns: argparse.Namespace) -> str | None:
    """Point ``ns.output`` at the file ``sync``, ``shift``, ``retime`` or ``check --fix`` writes
    when ``-o`` names a folder, as ``convert`` does (:func:`subconv.batch.output_names`): the
    input's name, its ending that of ``--to``'s format, else its own (the file is written in its
    own format).  The folder to make (``-o new/``, which ``convert`` makes too; made by
    :func:`run_into`), else None."""
    out: str | None = ns.output
    if out is None or not names_folder(out) or (ns.command == "check" and not ns.fix):
        return None
    from pathlib import PurePosixPath

    from .batch import output_names, output_suffix
    from .destinations import check_output_folder

    if ns.input == "-":
        raise no_name_for_stdin(out)
    to = same_format_unless_told(ns)
    base = PurePosixPath(os.path.basename(ns.input))
    name = output_names([base], output_suffix(to) if to else base.suffix)[0]
    ns.output = os.path.join(out, str(name))
    if os.path.isdir(out):
        return None
    check_output_folder(out)  # (a usage error, before anything is made, where it cannot be made)
    return out


def run_into(job: Job, folder: str | None) -> Outcome:
    """Run ``job``, first making ``folder`` (:func:`into_folder`'s) when given; a run that fails
    takes the folders it made away again (nothing written: no folder left behind either)."""
    from .runner import run_job

    made = _make_folder(folder) if folder is not None else []
    outcome = run_job(job)
    if made and outcome.error:
        _unmake(made)
    return outcome


def _make_folder(folder: str) -> list[str]:
    """Make ``folder`` and the folders above it that are not there; those made, deepest first."""
    made, there = [], os.path.abspath(folder)
    while not os.path.lexists(there):
        made.append(there)
        there = os.path.dirname(there)
    os.makedirs(folder)
    return made


def _unmake(made: list[str]) -> None:
    """Take away the folders :func:`_make_folder` made where a failed run left them empty."""
    for folder in made:
        try:
            os.rmdir(folder)
        except OSError:
            return


def run_command(ns: argparse.Namespace) -> int:
    """Run ``shift``, ``retime`` or ``check`` on one file; the exit status."""
    import json

    from .destinations import check_report
    from .quality import PROFILES
    from .runner import Job, OutputError, finish, shown_name, write_stdout

    if ns.input != "-" and os.path.isdir(ns.input):
        raise UsageError(f"{ns.command} works on one file, not a folder")
    folder = into_folder(ns)
    edit = _edit(ns)
    wopts = WriteOptions(bom=ns.bom, crlf=ns.crlf, speaker_prefix=not ns.no_speaker_prefix)
    out = ns.output if ns.command != "check" or ns.fix else None
    on_stdout = "the subtitles" if out in (None, "-") else None
    if ns.command == "check" and out != "-":
        on_stdout = "the findings"  # (on stderr only when the fixed file goes to standard output)
    check_report(ns.report, [("the input", ns.input), ("the output", out or "-")], stdout=on_stdout)
    to = same_format_unless_told(ns)
    enc = ns.output_encoding or "utf-8"
    job = Job(ns.input, out, ns.from_format, to, ns.encoding, Options(), wopts, edit, ns.input_fps, enc)
    outcome = run_into(job, folder)
    where = shown_name(ns.input) if ns.input != "-" else "<stdin>"
    status = finish(outcome, where, ns.report, ns.explain)
    if not isinstance(edit, CheckEdit) or outcome.error:
        return status
    fixes = [e for e in outcome.report.entries if e.step == "check" and e.action in ("rewritten", "warning")]
    if ns.json:
        payload = {
            "file": where,
            "profile": ns.profile,
            "fps": str(edit.fps),
            "passed": not edit.findings,
            "findings": [f.to_dict() for f in edit.findings],
            "fixes": [{"line": e.line, "action": e.action, "reason": e.reason} for e in fixes],
        }
        listing = [json.dumps(payload, ensure_ascii=False, indent=2) + "\n"]
    else:
        listing = []
        for e in fixes:
            label = "fixed" if e.action == "rewritten" else e.action
            listing.append(f"{where}:{e.line if e.line is not None else '-'}: {label}: {e.reason}\n")
        for f in edit.findings:
            listing.append(f"{where}:{f.line if f.line is not None else '-'}: cue {f.cue}: {f.rule}: {f.message}\n")
        n = len(edit.findings)
        listing.append(f"{where}: {n} problem{'s' if n != 1 else ''} ({PROFILES[ns.profile].title})\n")
    if ns.fix and ns.output in (None, "-"):  # (the repaired file has standard output)
        sys.stderr.write("".join(listing))
    else:
        try:
            write_stdout("".join(listing))
        except OutputError as exc:
            if not exc.quiet:
                sys.stderr.write(f"subconv: error: {exc}\n")
            return 1
    return status or (1 if edit.findings else 0)

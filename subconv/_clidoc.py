"""Generate the CLI reference (docs/cli.md) from the argument parser, so it cannot drift.

Run ``python -m subconv._clidoc > docs/cli.md``; a test checks the file is current.
"""

from __future__ import annotations

import argparse
import os

from .cli import build_parser, expand_help

INTRO = """# Command line

This page is generated from subconv's argument parser (`python -m subconv._clidoc > docs/cli.md`);
a test fails when it is out of date.

Exit status: `0` success; `1` bad input, with one line `subconv: error: FILE:LINE: message` on
standard error (never a traceback); `2` usage errors (bad arguments, an `--encoding` or
`--output-encoding` that is no text encoding, an empty file name, `-o` naming the input or a
folder where an output would be an input (by its name or through a link), a folder run's output
folder that cannot be made or written, `--report` naming an input, an output, a folder run's
manifest, a folder or a file in a folder that is not there: nothing is written). A name that
starts with `-` is read as an option: the usage error says how to give it (`--output=-a.vtt` or
`-o ./-a.vtt`, an INPUT `./-a.srt`).
subconv never writes over its input, and writes every output to a temporary file that is renamed
into place, so a failed run leaves an existing output file untouched. Standard output (no `-o`, or
`-o -`) gets the bytes a file would: UTF-8 whatever the locale (or `--output-encoding`'s), `--bom`
and `--crlf` alike. A character the `--output-encoding` lacks is exit `1` and nothing written:
`subconv: error: out.srt: cannot write the output: cue 2 (line 6) has '♪' (U+266A), which cp1252
cannot encode; write it in UTF-8 (--output-encoding utf-8) or change the text` (the writers'
escape, U+2060 WORD JOINER, is such a character for every legacy encoding: the error says so).
`--report -` writes the report on standard output, when the subtitles go to a file (`-o FILE`, or
a folder run).
"""


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _section(name: str, parser: argparse.ArgumentParser) -> list[str]:
    out = [f"## `subconv {name}`", "", parser.description or "", "", "```", parser.format_usage().strip(), "```", ""]
    for group in parser._action_groups:
        rows = [a for a in group._group_actions if not isinstance(a, argparse._HelpAction)]
        if not rows:
            continue
        out += [f"### {group.title}", "", "| option | meaning |", "| --- | --- |"]
        for a in rows:
            names = ", ".join(f"`{s}`" for s in a.option_strings) or f"`{a.metavar or a.dest}`"
            if a.option_strings and a.nargs != 0:
                names += (
                    f" `{a.metavar or a.dest.upper()}`"
                    if not a.choices
                    else " `{" + ",".join(map(str, a.choices)) + "}`"
                )
            helptext = (expand_help(a.help) or "").replace("|", "\\|")
            out.append(f"| {names} | {helptext} |")
        out.append("")
    return out


def render() -> str:
    """The Markdown reference for every sub-command."""
    old = os.environ.get("COLUMNS")
    os.environ["COLUMNS"] = "100"  # argparse wraps usage to the terminal: make it stable
    try:
        parser = build_parser()
        lines = [INTRO]
        for name, sub in _subparsers(parser).items():
            lines += _section(name, sub)
    finally:
        if old is None:
            del os.environ["COLUMNS"]
        else:
            os.environ["COLUMNS"] = old
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(render(), end="")

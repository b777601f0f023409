"""Batch-convert a folder tree of subtitles, keeping relative paths.

This is the command ``subconv convert DIR -o OUTDIR --to vtt``, called here from
Python through :func:`subconv.cli.main`.  Files are converted in parallel; one
file's failure never stops the rest; the run ends with a summary on standard
error and exit status 1 if any file failed.

Usage::

    python examples/batch_convert.py [--src DIR] [-o OUTDIR] [--to vtt|srt|ass]

Without ``--src`` a demo folder is made in a temporary folder: four SRTs in
sub-folders, plus one broken file to show that a failure is reported and the
other files are still converted.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
try:
    import subconv.cli
except ImportError:  # running from a source checkout without `pip install .`
    sys.path.insert(0, str(HERE.parent))
    import subconv.cli

EPISODES = {
    "season-1/01-the-harbour.srt": ["The boats leave before dawn.", "Nets are checked twice."],
    "season-1/02-the-market.srt": ["By seven the fish is on ice.", "Prices are shouted, not written."],
    "season-2/01-winter.srt": ["In winter the harbour is quiet.", "Only two boats still go out."],
    "extras/interview.srt": ["I have fished here for forty years.", "The sea has changed a lot."],
}
BROKEN = "extras/notes.srt"  # a .srt without a single timing line: subconv cannot read it


def _srt(lines: list[str]) -> str:
    blocks = []
    for i, text in enumerate(lines):
        start, end = 1000 + i * 3000, 3500 + i * 3000
        blocks.append(
            f"{i + 1}\n00:00:{start // 1000:02d},{start % 1000:03d} --> "
            f"00:00:{end // 1000:02d},{end % 1000:03d}\n{text}\n"
        )
    return "\n".join(blocks)


def make_demo_folder(root: Path) -> None:
    """Write the demo SRT tree (and one unreadable file) under ``root``."""
    for rel, lines in EPISODES.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_srt(lines), encoding="utf-8")
    (root / BROKEN).write_text("remember to re-time episode two\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Convert the folder; print what was written and which files failed."""
    ap = argparse.ArgumentParser(description="Batch-convert a folder tree of subtitles.")
    ap.add_argument("--src", help="folder to convert (default: a demo folder made in a temporary folder)")
    ap.add_argument("-o", "--output", help="output folder (default: a new temporary folder)")
    ap.add_argument("--to", default="vtt", choices=("srt", "vtt", "ass"), help="output format (default vtt)")
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="subconv-example-"))
    demo = args.src is None
    src = work / "in" if demo else Path(args.src)
    if demo:
        make_demo_folder(src)
    out = Path(args.output) if args.output else work / "out"
    report_path = work / "report.json"

    status = subconv.cli.main(["convert", str(src), "-o", str(out), "--to", args.to, "--report", str(report_path)])

    written = sorted(p.relative_to(out).as_posix() for p in out.rglob(f"*.{args.to}"))
    print(f"subconv convert {src} -o {out} --to {args.to}  ->  exit status {status}")
    print(f"wrote {len(written)} files:")
    for rel in written:
        print(f"  {rel}")
    files = json.loads(report_path.read_text(encoding="utf-8"))["files"]
    failed = {path: entry["error"] for path, entry in files.items() if entry["status"] != 0}
    print(f"per-file report: {report_path} ({len(files)} files, {len(failed)} failed)")
    for error in failed.values():
        print(f"  {error}")
    if demo:  # the demo's broken file is meant to fail; everything else must have been converted
        expected = sorted(str(Path(rel).with_suffix(f".{args.to}").as_posix()) for rel in EPISODES)
        return 0 if status == 1 and written == expected and len(failed) == 1 else 1
    return status


if __name__ == "__main__":
    sys.exit(main())

"""Turn a scraped caption page into an SRT file, and print what the report says.

Usage::

    python examples/page_to_srt.py [PAGE] [-o OUT.srt]

``PAGE`` defaults to ``page.txt`` next to this script; the SRT goes to ``-o``,
or to a new temporary folder.  Works from any directory.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
try:
    import subconv
except ImportError:  # running from a source checkout without `pip install .`
    sys.path.insert(0, str(HERE.parent))
    import subconv


def main(argv: list[str] | None = None) -> int:
    """Convert the page, write the SRT, print a summary of the report."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("page", nargs="?", default=str(HERE / "page.txt"), help="the scraped page (text or HTML)")
    ap.add_argument("-o", "--output", help="where to write the SRT (default: a new temporary folder)")
    args = ap.parse_args(argv)

    out = Path(args.output) if args.output else Path(tempfile.mkdtemp(prefix="subconv-example-")) / "page.srt"
    report = subconv.Report()
    track = subconv.read(Path(args.page), report=report)  # a page: cues without times yet
    source_format = str(report.info["format"])
    track = subconv.process(track, source_format, subconv.Options(), report)  # clean, segment, time
    subconv.write(track, out, report=report)  # atomic; the format comes from the extension

    counts = Counter(e.action for e in report.entries)
    print(f"read {args.page} as {source_format!r} ({report.info.get('page_shape', '-')} shape)")
    print(f"wrote {len(track.cues)} cues to {out}")
    print("report: " + ", ".join(f"{n} {action}" for action, n in sorted(counts.items())))
    for entry in report.changes():
        if entry.action in ("dropped", "merged", "kept", "warning"):
            print("  " + entry.describe())
    return 0


if __name__ == "__main__":
    sys.exit(main())

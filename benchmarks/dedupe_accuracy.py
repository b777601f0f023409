"""Does de-duplication keep what is said and remove what a scraper captured twice?

Usage: ``python benchmarks/dedupe_accuracy.py SHARED_DIR [--show N] [--residue]``

``SHARED_DIR`` is the ``../shared`` directory; ``--residue`` prints every caption lost and
every cue left over in the captures (with its page line), under the page it belongs to.
Three measures, each on a train and a held-out split (the repeat rules were tuned on the
train files only):

* **pages** -- every timed subtitle under ``corpus/timed`` (films, talks and their
  translations, lectures, a podcast) written as a caption page (one bullet per caption, the
  way the page reader's tests write them), read back and cleaned (``normalise``, ``dedupe``
  under ``auto``).  Word recall against the file's own words: real repeats (a line said four
  times) must all be kept.  Goal >= 99.9 %.
* **captures** -- the same pages, and the seed page, double-captured as scrapers do: every
  caption twice; whole blocks of 3-8 captions twice; a YouTube "Show transcript" copy with
  every stamp-and-line pair twice.  Extra words against the single page (goal 0 %) and
  recall (goal 100 %).
* **cycled page** -- ``bench_convert.py``'s 100,000-line caption page (the corpus captions
  listed round after round, a bullet in 97 the line before again, so that each round differs
  from the others by where its doubled lines are), cleaned, against the captions listed once:
  cues out, captions found in order, lost, cues over (goals 0 and 0), and the dedupe step's time.
* **youtube** -- rolling YouTube auto-captions under ``corpus/youtube-auto``: extra words,
  recall and consecutive cues repeating a line, against the words of the ``<c>``-tagged
  lines (what was actually recognised as spoken).  Goals <= 0.5 %, >= 99.5 %, 0.  Sound
  labels (``[Music]``, ``[Applause]``: SDH captions, not speech, and never word-timed) are not
  words that were spoken: they are left out of the extra words and counted on their own --
  occurrences in the source (a label on screen without a break, however many cues show it,
  is one) against label cues in the output (goal: equal).  The ``+labels`` column is the
  earlier measure, which counted each label as an extra word.
"""

from __future__ import annotations

import argparse
import difflib
import itertools
import random
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

if TYPE_CHECKING:
    from benchmarks.timing_accuracy import load
else:
    from timing_accuracy import load

from subconv.model import Track  # noqa: E402
from subconv.options import Options  # noqa: E402
from subconv.pages import read_page  # noqa: E402
from subconv.pipeline import Context, load_step, run_step  # noqa: E402
from subconv.report import Report  # noqa: E402

_WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]|\w+")
_TAG = re.compile(r"<[^>]*>")
#: the files the repeat rules were tuned on; every other file is held out
TRAIN = ("3b1b/bitcoin/", "3b1b/eigenvalues/", "3b1b/neural-networks/", "films/LaLaLand", "films/SRT_The_Beekeeper.srt")


def words(text: str) -> list[str]:
    """Lower-cased words (CJK: characters) of ``text``."""
    return [w.lower() for w in _WORD.findall(text)]


def recall_extra(truth: list[str], got: list[str]) -> tuple[int, int, int]:
    """(truth words, truth words found in order, words of ``got`` beyond the matched ones)."""
    sm = difflib.SequenceMatcher(None, truth, got, autojunk=False)
    matched = sum(b.size for b in sm.get_matching_blocks())
    return len(truth), matched, len(got) - matched


def clean(page: str) -> tuple[Track, Report]:
    """Read a page and run ``normalise`` and ``dedupe`` (policy ``auto``)."""
    report = Report()
    track = read_page(page, report)
    ctx = Context("page", Options())
    for step in ("normalise", "dedupe"):
        track = load_step(step)(track, ctx, report)
    return track, report


def captions(track: Track) -> list[str]:
    """One line of text per cue (the cue's lines joined by a space)."""
    return [" ".join(c.text.split()) for c in track.cues if c.text.strip()]


def as_page(caps: list[str]) -> str:
    return "Site menu\n\n" + "".join(f"  \u2022 {c}\n\n" for c in caps) + "Footer\n"


def as_youtube_copy(caps: list[str], starts: list[int]) -> str:
    out = ["Transcript"]
    for c, s in zip(caps, starts, strict=True):
        sec = s // 1000
        stamp = f"{sec // 3600}:{sec // 60 % 60:02d}:{sec % 60:02d}" if sec >= 3600 else f"{sec // 60}:{sec % 60:02d}"
        out += [stamp, c]
    return "\n".join(out) + "\n"


def doubled(caps: list[str]) -> list[str]:
    return [c for c in caps for _ in (0, 1)]


def blocks_doubled(caps: list[str], rng: random.Random) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(caps):
        size = rng.randint(3, 8)
        block = caps[i : i + size]
        out += block + block
        i += size
    return out


def residue(label: str, caps: list[str], out: Track) -> None:
    """Print the captions lost and the cues left over in ``out`` against ``caps``, with source lines."""
    truth = [" ".join(words(c)) for c in caps]
    got = [" ".join(words(c.text)) for c in out.cues]
    sm = difflib.SequenceMatcher(None, truth, got, autojunk=False)
    for op, a1, a2, b1, b2 in sm.get_opcodes():
        if op == "equal":
            continue
        for c in caps[a1:a2]:
            print(f"    {label}: lost  {c!r}")
        for cue in out.cues[b1:b2]:
            print(f"    {label}: extra {' '.join(cue.text.split())!r} (page line {cue.source_line})")


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:7.3f}%" if b else "    n/a"


def pages(shared: Path, show: int, show_residue: bool = False) -> None:
    print("pages: films, talks, lectures, podcast written as caption pages (dedupe auto)")
    print(f"{'file':58} {'set':5} {'words':>7} {'recall':>8} {'extra':>8} {'kept':>5} {'dropped':>7}")
    totals: dict[str, list[int]] = {"train": [0, 0, 0], "held": [0, 0, 0]}
    cap_tot: dict[str, list[int]] = {"train": [0, 0, 0], "held": [0, 0, 0]}
    rng = random.Random(18)
    files = sorted(p for p in (shared / "corpus/timed").rglob("*") if p.suffix.lower() in (".srt", ".vtt", ".ass"))
    for f in files:
        try:
            track = load(f)
        except Exception as exc:  # pragma: no cover - a reader failure is reported, not fatal
            print(f"skipped {f}: {exc}", file=sys.stderr)
            continue
        caps = captions(track)
        if len(caps) < 5:
            continue
        split = "train" if any(t in f.as_posix() for t in TRAIN) else "held"
        truth = words(" ".join(caps))
        out, rep = clean(as_page(caps))
        n, m, extra = recall_extra(truth, words(" ".join(c.text for c in out.cues)))
        kept = [e for e in rep.entries if e.step == "dedupe" and e.action == "kept" and "said again" in e.reason]
        dropped = [e for e in rep.entries if e.step == "dedupe" and e.action == "dropped"]
        for k, v in zip((0, 1, 2), (n, m, extra), strict=True):
            totals[split][k] += v
        name = f.relative_to(shared / "corpus/timed").as_posix()
        print(f"{name[-58:]:58} {split:5} {n:7d} {_pct(m, n)} {_pct(extra, n)} {len(kept):5d} {len(dropped):7d}")
        for e in dropped[:show]:
            print(f"    dropped line {e.line}: {e.reason}: {e.text!r}")
        # the same page captured twice, three ways
        starts = [c.start or 0 for c in track.cues if c.text.strip()]
        for kind, variant in (
            ("every", as_page(doubled(caps))),
            ("blocks", as_page(blocks_doubled(caps, rng))),
            ("youtube", as_youtube_copy(doubled(caps), [s for s in starts for _ in (0, 1)])),
        ):
            out2, _ = clean(variant)
            if show_residue:
                residue(f"{kind} capture", caps, out2)
            n2, m2, extra2 = recall_extra(truth, words(" ".join(c.text for c in out2.cues)))
            for k, v in zip((0, 1, 2), (n2, m2, extra2), strict=True):
                cap_tot[split][k] += v
    for split, (n, m, extra) in totals.items():
        print(f"  {split:5} pages: word recall {_pct(m, n)} (goal >= 99.9 %), extra {_pct(extra, n)}")
    seed = shared / "seed" / "000_e0f4a239f143e213.txt"
    seed_line = ""
    if seed.is_file():
        single, _ = clean(seed.read_text(encoding="utf-8"))
        caps = captions(single)
        truth = words(" ".join(caps))
        res = []
        for kind, variant in (
            ("every", as_page(doubled(caps))),
            ("blocks", as_page(blocks_doubled(caps, random.Random(1)))),
        ):
            out3, _ = clean(variant)
            if show_residue:
                residue(f"seed {kind} capture", caps, out3)
            n3, m3, e3 = recall_extra(truth, words(" ".join(c.text for c in out3.cues)))
            res.append(f"recall {_pct(m3, n3)} extra {_pct(e3, n3)}")
        seed_line = "seed page: every caption twice: " + res[0] + "; blocks twice: " + res[1]
    print("captures: the pages above double-captured (every caption twice, blocks of 3-8 twice, a")
    print("          YouTube transcript copy with every stamp+line twice), against the single page")
    for split, (n, m, extra) in cap_tot.items():
        print(f"  {split:5} captures: recall {_pct(m, n)}, extra words {_pct(extra, n)} (goal 0 %)")
    if seed_line:
        print("  " + seed_line)


_TIMESTAMP = re.compile(r"<(?:\d{1,3}:)?\d{2}:\d{2}[.,]\d{3}>")


def irregular(track: Track) -> Track:
    """``track`` with what long auto-caption files also hold: every 40 cues a hold cue (the new
    line alone for a second, untimed) and a ``[Music]`` cue between two rolling cues."""
    from subconv.model import Cue

    out: list[Cue] = []
    for i, c in enumerate(track.cues):
        out.append(c)
        timed_words = len(c.lines) == 2 and _TIMESTAMP.search(str(c.extras.get("vtt.raw", "")))
        if i % 40 == 10 and timed_words:
            out.append(Cue(c.end, (c.end or 0) + 1000, (c.lines[1],), source_line=(c.source_line or 0) * 10 + 1))
        if i % 40 == 20 and timed_words:
            out.append(Cue(c.end, (c.end or 0) + 5, ("[Music]",), source_line=(c.source_line or 0) * 10 + 2))
    return Track(tuple(sorted(out, key=lambda c: c.start or 0)))


_SQUARE = re.compile(r"\[([^\[\]\n]{1,60})\]")
_PAREN = re.compile(r"\(([^()\n]{1,40})\)")


def spoken(text: str) -> str:
    """``text`` without its sound labels (``[Music]``, ``(applause)``, ``♪``)."""
    from subconv.steps.normalise import is_sound_tag

    text = _SQUARE.sub(lambda m: " " if is_sound_tag(m.group(1), True) else m.group(0), text)
    text = _PAREN.sub(lambda m: " " if is_sound_tag(m.group(1), False) else m.group(0), text)
    return re.sub("[♪♫♬]", " ", text)


def label_occurrences(track: Track) -> int:
    """Sound labels in a source track, once per occurrence: a label shown by cues that follow on
    from each other (each starting at most 50 ms after the one before ends; cues with no text
    between them do not break it) is one occurrence, however many cues show it."""
    from subconv.steps.dedupe import is_sound_line

    count = 0
    showing: dict[str, int | None] = {}  # label -> when the last cue showing it ended
    for c in track.cues:
        lines = [" ".join(ln.split()) for ln in c.text.split("\n") if ln.strip()]
        if not lines:
            continue
        labels = {ln for ln in lines if is_sound_line(ln)}
        for label in labels:
            end = showing.get(label, -1)
            if end == -1 or (end is not None and c.start is not None and c.start - end > 50):
                count += 1
            showing[label] = c.end
        for label in [k for k in showing if k not in labels]:
            del showing[label]
    return count


def youtube(shared: Path) -> None:
    from subconv import read
    from subconv.steps.dedupe import is_sound_line, is_youtube_rolling

    print()
    print("youtube: rolling auto-captions, against the <c>-tagged words (what was recognised as spoken)")
    print(f"{'file':58} {'words':>7} {'recall':>8} {'extra':>8} {'+labels':>8} {'repeats':>7} {'labels in/out':>13}")
    tracks = []
    for f in sorted((shared / "corpus/youtube-auto").rglob("*.vtt")):
        track = read(f)
        if is_youtube_rolling(track):
            tracks.append((f.name, track))
            if any(_TIMESTAMP.search(str(c.extras.get("vtt.raw", ""))) for c in track.cues):
                tracks.append((f.name + " (irregular)", irregular(track)))
    for name, track in tracks:
        truth: list[str] = []
        for c in track.cues:
            raw = str(c.extras.get("vtt.raw", ""))
            for line in raw.split("\n"):
                if "<c>" in line or re.search(r"<\d\d:\d\d", line):
                    truth += words(_TAG.sub(" ", line))
        out = run_step("dedupe", track, Context("vtt", Options()), Report())  # (rolling captions recognised)
        got = words(" ".join(spoken(c.text) for c in out.cues))
        with_labels = words(" ".join(c.text for c in out.cues))
        per_cue = [[" ".join(words(ln)) for ln in c.text.split("\n") if words(ln)] for c in out.cues]
        repeats = sum(1 for a, b in itertools.pairwise(per_cue) if a and b and set(a) & set(b))
        labels_in = label_occurrences(track)
        labels_out = sum(1 for c in out.cues for ln in c.text.split("\n") if is_sound_line(ln))
        if not truth:
            print(f"{name[-58:]:58} (no word tags: no truth)")
            continue
        n, m, extra = recall_extra(truth, got)
        old_extra = recall_extra(truth, with_labels)[2]
        print(
            f"{name[-58:]:58} {n:7d} {_pct(m, n)} {_pct(extra, n)} {_pct(old_extra, n)} {repeats:7d} "
            f"{labels_in:6d}/{labels_out:<6d}"
        )
    print("(extra: words beyond what was spoken, sound labels left out; +labels: each label counted as a word;")
    print(" labels in/out: sound-label occurrences in the source / label cues written; irregular: the file")
    print(" with hold cues and [Music] cues added)")


def cycled(show_residue: bool = False) -> None:
    """``bench_convert.py``'s 100,000-line caption page (every corpus caption, listed round after
    round, a bullet in 97 the line before again) against the captions listed once."""
    import time

    if TYPE_CHECKING:
        from benchmarks.bench_convert import WORK, corpus_lines, write_page
    else:
        from bench_convert import WORK, corpus_lines, write_page

    lines = corpus_lines()
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / "page_100000.txt"
    bullets = write_page(path, lines, 100_000)
    report = Report()
    ctx = Context("page", Options())
    track = load_step("normalise")(read_page(path.read_text(encoding="utf-8"), report), ctx, report)
    r0 = Report()
    truth = [c.text for c in load_step("normalise")(read_page(as_page(lines), r0), ctx, r0).cues]
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        out = load_step("dedupe")(track, ctx, Report())
        best = min(best, time.perf_counter() - t0)
    got = [c.text for c in out.cues]
    sm = difflib.SequenceMatcher(None, truth, got, autojunk=False)
    found = sum(b.size for b in sm.get_matching_blocks())
    print(
        f"\ncycled page: bench_convert's 100k-line page ({bullets:,} bullets: {len(lines):,} corpus captions "
        "round after round, a bullet in 97 doubled), against the captions listed once"
    )
    print(
        f"  cues out {len(got):,} (captions {len(truth):,}); found in order {found:,}; lost {len(truth) - found:,}; "
        f"over {len(got) - found:,} (goal 0 / 0); dedupe alone, best of 3: {best:.2f} s"
    )
    if show_residue:
        residue("cycled page", lines, out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("shared", help="the ../shared directory")
    ap.add_argument("--show", type=int, default=0, help="print up to N dropped lines per page")
    ap.add_argument(
        "--residue", action="store_true", help="print every caption lost and every cue left over in the captures"
    )
    ns = ap.parse_args(argv)
    shared = Path(ns.shared)
    pages(shared, ns.show, ns.residue)
    cycled(ns.residue)
    youtube(shared)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The fitted model against real timed subtitles in ``../shared/corpus/timed`` (skipped when absent)."""

from __future__ import annotations

import statistics
from pathlib import Path

import pysubs2
import pytest

from subconv.model import Cue, Track
from subconv.options import Options
from subconv.pipeline import Context
from subconv.report import Report
from subconv.steps.time import estimate

TALKS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "timed" / "3b1b"


def _load(path: Path) -> Track:
    subs = pysubs2.load(str(path), encoding="utf-8")
    cues = [Cue(e.start, e.end, (e.plaintext.strip(),)) for e in subs.events if e.plaintext.strip()]
    return Track(tuple(cues), language=path.name.split(".")[0])


def _talk_files() -> list[Path]:
    if not TALKS.is_dir():
        pytest.skip("../shared/corpus/timed is absent (the shared corpus is not checked out)")
    return sorted(TALKS.glob("*/*.srt"))


def _strip(track: Track) -> Track:
    return track.with_cues(c.replace(start=None, end=None) for c in track.cues)


def test_speaking_rate_alone_gets_the_length_within_ten_percent() -> None:
    errors = []
    for f in _talk_files():
        true = _load(f)
        out = estimate(_strip(true), Context("page", Options()), Report())
        est_len = (out.cues[-1].end or 0) - (out.cues[0].start or 0)
        real_len = (true.cues[-1].end or 0) - (true.cues[0].start or 0)
        errors.append(abs(est_len / real_len - 1))
    assert len(errors) >= 10
    assert statistics.median(errors) <= 0.10


def test_real_talks_keep_the_guarantees_with_duration_and_anchors() -> None:
    for f in _talk_files()[:6]:
        true = _load(f)
        duration = max(c.end or 0 for c in true.cues)
        stamped = true.with_cues(
            c.replace(start=(c.start or 0) // 1000 * 1000, end=None, origin="anchor")
            if i % 4 == 0
            else c.replace(start=None, end=None)
            for i, c in enumerate(true.cues)
        )
        report = Report()
        out = estimate(stamped, Context("page", Options(duration_ms=duration)), report)
        for a, b in zip(out.cues, out.cues[1:], strict=False):
            assert (a.start or 0) < (a.end or 0) <= (b.start or 0)
        assert all((c.end or 0) - (c.start or 0) >= 500 for c in out.cues)
        # every fourth caption stamped to the second: the start error stays small
        errs = [abs((e.start or 0) - (t.start or 0)) for e, t in zip(out.cues, true.cues, strict=True)]
        assert statistics.median(errs) <= 1500, f

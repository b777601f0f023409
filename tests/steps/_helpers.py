"""Helpers for the cleaning-step tests: contexts, the shared corpus, YouTube VTT loading."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from subconv.model import Cue, FrozenMap, Track
from subconv.options import Options
from subconv.pipeline import Context, run_step
from subconv.report import Report

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"
YOUTUBE = SHARED / "corpus" / "youtube-auto"
TIMESTAMP_TAG = re.compile(r"<(?:\d{1,3}:)?\d{2}:\d{2}[.,]\d{3}>")


def ctx(fmt: str = "page", **options: object) -> Context:
    """A pipeline context for ``fmt`` with ``options``."""
    return Context(fmt, Options().replace(**options))


def dedupe(track: Track, context: Context, report: Report) -> Track:
    """The dedupe step as the pipeline runs it (rolling auto-captions recognised first)."""
    return run_step("dedupe", track, context, report)


def page(*texts: str) -> Track:
    """An untimed page track, one cue per text, source lines 1, 2, 3..."""
    return Track(tuple(Cue(None, None, tuple(t.split("\n")), source_line=i + 1) for i, t in enumerate(texts)))


def shared_file(path: Path) -> Path:
    """``path`` if the shared corpus has it, else skip the test."""
    if not path.exists():
        pytest.skip(f"shared corpus file not available: {path}")
    return path


def _clock(s: str) -> int:
    h, m, x = s.split(":")
    sec, _, ms = x.partition(".")
    return (int(h) * 60 + int(m)) * 60_000 + int(sec) * 1000 + int(ms.ljust(3, "0")[:3])


def read_vtt(path: Path) -> Track:
    """Read a WebVTT file with subconv's reader, or (if it is missing or fails) via webvtt-py."""
    try:
        import subconv

        track = subconv.read(path)
        if track.cues:
            return track
    except Exception:  # the WebVTT reader is written in parallel; fall back
        pass
    import webvtt

    cues = []
    for i, c in enumerate(webvtt.read(str(path)).captions):
        extras = FrozenMap({"vtt.raw": c.raw_text}) if TIMESTAMP_TAG.search(c.raw_text) else FrozenMap()
        cues.append(Cue(_clock(c.start), _clock(c.end), tuple(c.text.split("\n")), extras=extras, source_line=i + 1))
    return Track(tuple(cues))


def tagged_words(track: Track) -> list[str]:
    """The truth of an auto-caption file: the words of its word-timed (``<c>``-tagged) lines, in order."""
    words: list[str] = []
    for c in track.cues:
        raw = str(c.extras.get("vtt.raw", ""))
        tagged = [ln for ln in raw.split("\n") if TIMESTAMP_TAG.search(ln)]
        if tagged:
            words += re.sub(r"<[^>]*>", "", tagged[-1]).split()
    return words

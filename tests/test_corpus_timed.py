"""Real timed files: SRT -> ASS -> SRT (and -> VTT when available) keeps cues, times and words."""

from __future__ import annotations

import re
from pathlib import Path

import pysubs2
import pytest

from subconv import WriteOptions, dumps, loads, read
from subconv.report import Report
from tests.strategies import as_written

ROOT = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "timed"
FILES = sorted(p for p in ROOT.rglob("*") if p.suffix in (".srt", ".vtt")) if ROOT.is_dir() else []
ASS_FILES = sorted(ROOT.rglob("*.ass")) if ROOT.is_dir() else []
_WORD = re.compile(r"\w+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.replace("\u2060", ""))


def _vtt_ready() -> bool:
    try:
        from subconv.formats import get

        get("vtt")
    except Exception:
        return False
    return True


@pytest.mark.skipif(not FILES, reason="../shared/corpus/timed is absent")
@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES] if FILES else None)
def test_round_trip_through_ass(path: Path) -> None:
    if path.suffix == ".vtt" and not _vtt_ready():
        pytest.skip("the WebVTT reader is not available yet")
    rep = Report()
    track = read(path, report=rep)
    enc = str(rep.info.get("encoding", "utf-8"))
    if path.suffix == ".srt":  # pysubs2's WebVTT reader keeps NOTE blocks as text: no reference there
        ref = pysubs2.SSAFile.from_string(path.read_bytes().decode(enc).lstrip("\ufeff"), format_="srt")
        assert len(track.cues) == len(ref)
        for c, e in zip(track.cues, ref, strict=True):
            assert (c.start, c.end) == (min(e.start, e.end), max(e.start, e.end))  # subconv swaps (reported)
            assert _words(c.text) == _words(e.plaintext)
    track = as_written(track)  # the writers drop cues with no visible text and line-end spaces (reported)
    ass = loads(dumps(track, "ass"), "ass")
    srt = loads(dumps(ass, "srt"), "srt")
    assert len(srt.cues) == len(track.cues)
    for a, b in zip(track.cues, srt.cues, strict=True):
        assert a.start is not None and a.end is not None and b.start is not None and b.end is not None
        assert abs(a.start - b.start) <= 5 and abs(a.end - b.end) <= 5
        assert a.text == b.text and a.spans == b.spans
    if _vtt_ready():
        vtt = loads(dumps(srt, "vtt"), "vtt")
        got = [(c.start, c.end, _words(c.text)) for c in vtt.cues]
        assert got == [(c.start, c.end, _words(c.text)) for c in srt.cues]


@pytest.mark.skipif(not ASS_FILES, reason="../shared/corpus/timed is absent")
@pytest.mark.parametrize("path", ASS_FILES, ids=[p.name for p in ASS_FILES] if ASS_FILES else None)
def test_ass_matches_pysubs2_and_survives_srt(path: Path) -> None:
    rep = Report()
    track = read(path, report=rep)
    ref = pysubs2.SSAFile.from_string(path.read_bytes().decode(str(rep.info.get("encoding", "utf-8"))).lstrip("\ufeff"))
    assert len(track.cues) == len(ref)
    for c, e in zip(track.cues, ref, strict=True):
        assert (c.start, c.end) == (min(e.start, e.end), max(e.start, e.end))
        assert _words(c.text) == _words(e.plaintext)
        assert c.speaker == (e.name or None)
    again = loads(dumps(track, "ass"), "ass")
    shown = as_written(track.with_cues(c for c in track.cues if c.extras.get("ass.comment") != "1"), "ass")
    # ASS -> ASS writes an unchanged event's own text (ass.raw), line-end spaces included
    kept = [c for c in again.cues if c.extras.get("ass.comment") != "1"]
    assert [c if "ass.raw" not in c.extras else None for c in kept] == [
        c if "ass.raw" not in c.extras else None for c in shown.cues
    ]
    assert again.meta["ass.styles"] == track.meta["ass.styles"]
    srt = loads(dumps(track, "srt", options=WriteOptions(speaker_prefix=False)), "srt")
    assert [(c.start, c.end, c.text) for c in srt.cues] == [
        (c.start, c.end, c.text) for c in as_written(shown, "srt").cues
    ]  # (SRT: its own line ends)

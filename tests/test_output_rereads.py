"""What the writers produce: no U+2060 in ordinary text, no ASS comment shown, and whatever
subconv writes, subconv reads back (no NUL or other control character its reader refuses)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import subconv
from subconv.model import Cue, Track
from subconv.report import Report

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus"
TIMED = SHARED / "timed"
SUBTITLE_EXTS = {".srt", ".vtt", ".ass", ".ssa"}


def _files(root: Path) -> list[Path]:
    if not root.is_dir():
        pytest.skip(f"shared corpus not found at {root}")
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUBTITLE_EXTS)


@pytest.mark.slow
def test_converting_the_timed_corpus_inserts_no_word_joiner() -> None:
    inserted = []
    for path in _files(TIMED):
        track = subconv.read(path)
        had = sum(c.text.count("\u2060") for c in track.cues)
        for fmt in ("srt", "vtt", "ass"):
            out = subconv.dumps(track, fmt)
            if out.count("\u2060") > 2 * had:
                inserted.append(f"{path.name} -> {fmt}: {out.count(chr(0x2060))}")
    assert not inserted, inserted


@pytest.mark.slow
def test_ass_comments_are_not_shown_in_srt_or_vtt() -> None:
    files = [p for p in _files(SHARED) if p.suffix.lower() in (".ass", ".ssa")]
    with_comments = 0
    for path in files:
        try:
            track = subconv.read(path)
        except subconv.SubconvError:
            continue
        comments = [c for c in track.cues if c.extras.get("ass.comment") == "1"]
        with_comments += bool(comments)
        for fmt in ("srt", "vtt"):
            rep = Report()
            back = subconv.loads(subconv.dumps(track, fmt, report=rep), fmt)
            dropped = [e for e in rep.entries if "Comment" in e.reason]
            assert len(dropped) == len(comments), path
            assert all(e.line is not None for e in dropped)
            assert len(back.cues) <= len(track.cues) - len(comments), path
        ass = subconv.loads(subconv.dumps(track, "ass"), "ass")  # ASS -> ASS keeps them
        assert sum(c.extras.get("ass.comment") == "1" for c in ass.cues) == len(comments)
    assert with_comments >= 5, with_comments


def test_comment_event_is_dropped_and_reported() -> None:
    src = (
        "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
        "Comment: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,translator note\n"
        "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Hello\n"
    )
    track = subconv.loads(src, "ass")
    for fmt in ("srt", "vtt"):
        rep = Report()
        out = subconv.dumps(track, fmt, report=rep)
        assert "translator note" not in out and "Hello" in out
        [entry] = [e for e in rep.entries if e.action == "dropped"]
        assert entry.line == 3


# every character, controls and NUL included
_ANY_TEXT = st.text(st.characters(blacklist_categories=["Cs"]), min_size=0, max_size=20)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(_ANY_TEXT, st.integers(0, 10**7), st.integers(-1000, 10**6)), min_size=1, max_size=5),
    st.sampled_from(["srt", "vtt", "ass"]),
)
def test_whatever_we_write_we_read_back(items: list[tuple[str, int, int]], fmt: str) -> None:
    cues = [Cue(start, start + length, tuple(text.split("\n"))) for text, start, length in items]
    rep = Report()
    written = subconv.dumps(Track(tuple(cues)), fmt, report=rep)
    assert "\x00" not in written
    back = subconv.read(written.encode("utf-8"), fmt)  # through the decoder, as a file would be
    shown = [c for c in cues if any(not ch.isspace() for ch in c.text)]
    assert len(back.cues) <= len(cues)
    for c in back.cues:
        assert c.start is not None and c.end is not None and c.start <= c.end
    if fmt != "ass":
        assert len(back.cues) >= len([c for c in shown if c.text.strip(" \t\n\x00")]) - len(rep.by_action("dropped"))


def test_nul_and_end_before_start_are_repaired_and_reported() -> None:
    track = Track((Cue(2000, 1000, ("H\x00e\x00l\x00l\x00o\x00",)),))
    for fmt in ("srt", "vtt", "ass"):
        rep = Report()
        out = subconv.dumps(track, fmt, report=rep)
        assert "\x00" not in out
        [cue] = subconv.read(out.encode(), fmt).cues
        assert (cue.start, cue.end, cue.text) == (1000, 2000, "Hello")
        reasons = " ".join(e.reason for e in rep.changes())
        assert "control characters removed" in reasons and "swapped" in reasons

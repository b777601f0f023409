"""ffmpeg (libavformat's SRT/WebVTT/ASS demuxers + libavcodec's decoders) reads what we wrote.

For every real timed file of the corpus and for generated tracks, each output
format is written with :func:`subconv.dumps` and read back by ffmpeg: same cue
count, same times (ASS at its 10 ms resolution), same visible text and
italic/bold/underline (see :mod:`tests.clients.engines` for the normalisation).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings

import subconv
from subconv.editors import frame_rate, frame_to_ms, ms_to_frame
from subconv.model import Cue, Span, Track
from subconv.options import Options
from subconv.pipeline import Context
from subconv.report import Report
from subconv.steps.frames import snap_to_frames
from subconv.steps.overlaps import resolve_overlaps
from tests.strategies import as_written, tracks

from .engines import compare, expected_cues, ffmpeg_cues, plain

pytestmark = pytest.mark.clients

FORMATS = ("srt", "vtt", "ass")
EXT = {"srt": ".srt", "vtt": ".vtt", "ass": ".ass"}


def for_ffmpeg(track: Track, fmt: str) -> Track:
    """The cues ffmpeg should deliver: ASS comments are not events (nor written to SRT/VTT), and the
    writers normalise what carries no meaning (cues with no visible text are not written)."""
    return as_written(track.with_cues(c for c in track.cues if c.extras.get("ass.comment") != "1"), fmt)


def roundtrip(track: Track, fmt: str, tmp: Path, name: str = "out") -> list[str]:
    """Write ``track`` as ``fmt``, read it with ffmpeg, return the differences."""
    path = tmp / f"{name}{EXT[fmt]}"
    path.write_text(subconv.dumps(track, fmt), encoding="utf-8")
    seen = ffmpeg_cues(path)
    return compare(expected_cues(for_ffmpeg(track, fmt), fmt), seen, f"{name}{EXT[fmt]}")


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_ffmpeg_reads_corpus_conversions(
    fmt: str, ffmpeg: str, writers: None, timed_corpus: list[Path], tmp_path: Path
) -> None:
    problems: list[str] = []
    agreed = 0
    for src in timed_corpus:
        track = subconv.read(src)
        if not track.cues:
            continue
        diff = roundtrip(track, fmt, tmp_path, src.stem.replace(".", "_"))
        if diff:
            problems.append(f"{src.name}: " + "; ".join(diff[:3]))
        else:
            agreed += 1
    print(f"ffmpeg agreed on {agreed}/{len(timed_corpus)} corpus files as {fmt}")
    assert not problems, "\n".join(problems)


def ffmpeg_can_hold(track: Track, fmt: str) -> bool:
    """False for text no SRT file can give ffmpeg intact (see the xfail tests below)."""
    if fmt in ("srt", "vtt") and any("\\n" in c.text or "\\h" in c.text for c in track.cues):
        # "C:\new" is ordinary text, written as it is (no U+2060); ffmpeg hands it to libass, which
        # takes "\n" and "\h" for a soft break and a hard space (see test_backslash_n_is_written_as_is)
        return False
    if fmt == "srt":
        # SRT has no escape for braces: ffmpeg hands "{...}" to libass, which hides it as an override block
        return not any("{" in c.text for c in track.cues)  # ffmpeg's own tags can close a lone "{"
    if fmt == "vtt":
        # the VTT writer escapes with U+2060 and &amp; &lt; &gt; only, all of which ffmpeg reads;
        # just a CR inside a line has no other form than "&#13;", which ffmpeg shows verbatim
        return not any("\r" in c.text for c in track.cues)
    return True


@pytest.mark.slow
@pytest.mark.parametrize("fmt", FORMATS)
def test_ffmpeg_reads_generated_tracks(
    fmt: str, ffmpeg: str, writers: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    tmp = tmp_path_factory.mktemp(f"ffmpeg-{fmt}")
    agreed = []

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    @given(tracks(hostile=True, speaker=True))
    def check(track: Track) -> None:
        assume(ffmpeg_can_hold(track, fmt))
        assert roundtrip(track, fmt, tmp) == []
        agreed.append(track)

    check()
    print(f"ffmpeg agreed on {len(agreed)} generated tracks as {fmt}")


def test_ffmpeg_sees_tags_from_srt_as_formatting(ffmpeg: str, writers: None, tmp_path: Path) -> None:
    """Hand-checked sample: italics reach ffmpeg as {\\i1}, markup-like text stays text."""
    track = subconv.loads("1\n00:00:01,000 --> 00:00:02,500\n<i>Hello</i> there\nsecond line\n", "srt")
    path = tmp_path / "a.srt"
    path.write_text(subconv.dumps(track, "srt"), encoding="utf-8")
    [cue] = ffmpeg_cues(path)
    assert cue.raw == r"{\i1}Hello{\i0} there\Nsecond line"
    assert (cue.start, cue.end) == (1000, 2500)


def _one_cue(tmp: Path, text: str, fmt: str) -> tuple[str, str]:
    track = Track((Cue(1000, 2000, tuple(text.split("\n"))),))
    path = tmp / f"one.{fmt}"
    path.write_text(subconv.dumps(track, fmt), encoding="utf-8")
    [seen] = ffmpeg_cues(path)
    return plain(seen.text), seen.raw


@pytest.mark.xfail(strict=True, reason="SRT has no brace escape: ffmpeg passes {...} to libass, which hides it")
def test_srt_braces_survive_ffmpeg(ffmpeg: str, writers: None, tmp_path: Path) -> None:
    shown, raw = _one_cue(tmp_path, r"{\i1}not italic{\i0} {note}", "srt")
    assert shown == r"{\i1}not italic{\i0} {note}", raw


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
@pytest.mark.xfail(
    strict=True,
    reason="\\n and \\h are ordinary text (C:\\new), written without U+2060; ffmpeg "
    "hands them to libass as a soft break and a hard space",
)
def test_backslash_n_is_written_as_is(fmt: str, ffmpeg: str, writers: None, tmp_path: Path) -> None:
    shown, raw = _one_cue(tmp_path, "C:\\new and C:\\hold", fmt)
    assert shown == "C:\\new and C:\\hold", raw


def test_srt_backslash_before_tag_survives_ffmpeg(ffmpeg: str, writers: None, tmp_path: Path) -> None:
    track = Track((Cue(1000, 2000, ("a\\",), spans=(Span(1, 2, "i"),)),))
    path = tmp_path / "bs.srt"
    path.write_text(subconv.dumps(track, "srt"), encoding="utf-8")
    assert compare(expected_cues(track, "srt"), ffmpeg_cues(path), "bs.srt") == []


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("00:00:01,000 --> 00:00:02,000", ()),
        ("{note}", ()),
        ("{\\i1}not italic{\\i0} {", ()),
        ("C:\\path", ()),
        ("a\\Nb \\{x\\}", ()),
        ("a\\", (Span(1, 2, "i"),)),
        ("\\Nx\\", (Span(0, 1, "b"), Span(2, 4, "i"))),
        ("two lines\n42", ()),
        ("\u2060\nHello\n\n\u2060\u2060x", ()),
        ("&#44; &amp; <i>", ()),
    ],
)
def test_vtt_escapes_survive_ffmpeg(
    text: str, spans: tuple[Span, ...], ffmpeg: str, writers: None, tmp_path: Path
) -> None:
    """The VTT writer's escapes (U+2060, &amp; &lt; &gt;) are all invisible or decoded in ffmpeg."""
    track = Track((Cue(1000, 2000, tuple(text.split("\n")), spans=spans),))
    path = tmp_path / "esc.vtt"
    written = subconv.dumps(track, "vtt")
    assert "&#" not in written
    path.write_text(written, encoding="utf-8")
    assert compare(expected_cues(track, "vtt"), ffmpeg_cues(path), "esc.vtt") == []


@pytest.mark.parametrize(("fps", "editor"), [(23.976, "resolve"), (25, "fcp"), (29.97, "premiere")])
def test_editor_profile_srt_is_frame_exact_in_ffmpeg(
    fps: float, editor: str, ffmpeg: str, writers: None, timed_corpus: list[Path], tmp_path: Path
) -> None:
    """Overlaps resolved and times snapped: ffmpeg reads every time on a frame, 2+ frames apart."""
    rate = frame_rate(fps)
    src = next(p for p in timed_corpus if p.name == "LaLaLand.en.srt")
    track = subconv.read(src)
    ctx = Context("srt", Options(fps=fps, editor=editor))
    rep = Report()
    out = snap_to_frames(resolve_overlaps(track, ctx, rep), ctx, rep)
    path = tmp_path / "editor.srt"
    path.write_text(subconv.dumps(out, "srt"), encoding="utf-8")
    seen = sorted(ffmpeg_cues(path), key=lambda c: c.start)
    assert len(seen) == len(out.cues)
    frames = [(ms_to_frame(c.start, rate), ms_to_frame(c.end, rate)) for c in seen]
    for c, (a, b) in zip(seen, frames, strict=True):
        assert (frame_to_ms(a, rate), frame_to_ms(b, rate)) == (c.start, c.end), "time off the frame grid"
        assert b > a
    for (_, end), (start, _) in itertools.pairwise(frames):
        assert start - end >= 2
    assert compare(expected_cues(out, "srt"), seen, path.name) == []

"""Hostile cue text never becomes structure or markup, in any writer, for any parser.

For each writer (SRT, WebVTT, ASS) a track of adversarial cue text is written
and read back:

* by subconv: exactly the same cues (times, lines, spans);
* by pysubs2, srt (SRT only), webvtt-py (SRT and WebVTT) and ffmpeg (few
  examples): the same number of cues, the same times, and the same *visible
  text*, defined per parser in :func:`visible_pysubs2`, :func:`visible_srt`,
  :func:`visible_webvtt` and :func:`visible_ffmpeg` (docs/robustness.md).

The text comes from ``tests/strategies.py`` (``hostile_text``) plus local
extras: C0/C1 controls, Unicode line separators and lines made only of
invisible characters.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

if TYPE_CHECKING:
    from tests.robustness.robust_helpers import WRITERS, require_format
else:
    from robust_helpers import WRITERS, require_format

import subconv
from subconv.model import Cue, Span, Track

try:
    from tests.strategies import as_written, spans_for, times
    from tests.strategies import hostile_text as _shared_hostile_text
except ImportError:  # pragma: no cover - run from another root
    from strategies import as_written, spans_for, times  # type: ignore[no-redef,import-not-found]
    from strategies import (  # type: ignore[no-redef]
        hostile_text as _shared_hostile_text,
    )

WJ = "\u2060"
#: Characters subconv's writers insert as escapes, invisible to a viewer.
ESCAPE_CHARS = (WJ,)

_SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Control characters, including those Python's str.splitlines() treats as line breaks
# (VT, FF, FS, GS, RS, NEL, LS, PS): parsers written in Python may split a line on them.
_CONTROL_LINES = (
    "bell\x07 and escape\x1b[31m red",
    "del\x7f char",
    "vertical\x0btab",
    "form\x0cfeed",
    "file\x1cgroup\x1drecord\x1eunit",
    "next\x85line (C1)",
    "line\u2028separator",
    "para\u2029separator",
    "\x1c",
)

# Local extras the shared strategy does not generate.
_EXTRA_LINES = (
    "\u200b",
    "\u200e\u200f",
    "\u2066isolate\u2069 \u202aembed\u202c",
    "\ufeffbom inside",
    "1\n00:00:05,000 --> 00:00:06,000",
    "&#60;i&#62; &#x3C;b&#x3E; &lt;script&gt;",
    "<i>",
    "{\\b1}{\\c&H0000FF&}",
    "\\h\\h",
    "NOTE",
    "WEBVTT FILE",
)


def hostile_text(controls: bool = False) -> st.SearchStrategy[str]:
    """The shared hostile text, or lines mixing it with the local extras (and control characters)."""
    pool = _EXTRA_LINES + (_CONTROL_LINES if controls else ())
    alphabet = "<>{}\\&;#-" + ("\x07\x0b\x0c\x1c\x85\u2028" if controls else "")
    extra = st.lists(
        st.sampled_from(pool) | st.text(st.sampled_from(alphabet), min_size=1, max_size=6), min_size=1, max_size=3
    )
    return st.one_of(
        _shared_hostile_text(),
        st.tuples(_shared_hostile_text(), extra).map(lambda t: t[0] + "\n" + "\n".join(t[1])),
        extra.map(lambda lines: "\n".join(lines) + "\nvisible"),
    )


@st.composite
def hostile_tracks(draw: st.DrawFn, resolution: int = 1, max_cues: int = 4, controls: bool = False) -> Track:
    """Increasing, non-overlapping cues of hostile text (times multiples of ``resolution``)."""
    n = draw(st.integers(1, max_cues))
    bounds = sorted(draw(st.lists(times(), min_size=2 * n, max_size=2 * n)))
    bounds = [b - b % resolution for b in bounds]
    out = []
    for k in range(n):
        text = draw(hostile_text(controls))
        spans = draw(spans_for(text)) if draw(st.booleans()) else ()
        out.append(Cue(bounds[2 * k], bounds[2 * k + 1], tuple(text.split("\n")), spans))
    return Track(tuple(out))


def _res(fmt: str) -> int:
    return 10 if fmt == "ass" else 1


def unescape(text: str) -> str:
    """The text a viewer sees from subconv's own escapes: word joiners removed, whitespace
    around each line and blank lines at the start and end dropped (parsers strip them,
    viewers do not show them).

    >>> unescape(" a\\u2060b \\n c")
    'ab\\nc'
    """
    for ch in ESCAPE_CHARS:
        text = text.replace(ch, "")
    return "\n".join(line.strip(" \t") for line in text.split("\n")).strip("\n")


def expected_visible(cue: Cue) -> str:
    """What every parser should show for ``cue``: its text without escape characters."""
    return unescape(cue.text)


_ASS_OVERRIDE = re.compile(r"\{[^}]*\}")
_PYSUBS2_FORMAT_TAGS = re.compile(r"\{\\[ibus][01]\}")
_ASS_ESCAPE_OR_TAG = re.compile(r"\\[{}]|\{\\[ibus][01]\}")


def visible_pysubs2(event: object, fmt: str) -> str:
    """pysubs2's text for an event, then escape characters removed.

    ASS: ``event.text`` minus the ``{\\i1}``-style tags subconv writes for spans, ``\\N`` -> newline,
    ``\\{``/``\\}`` -> literal braces (libass's escape, which ``plaintext`` does not know: it would
    drop a literal ``{...}`` that subconv escaped for libass).  SRT/WebVTT: ``event.text`` minus the
    ``{\\i1}``-style tags pysubs2 made from ``<i>``, ``\\N`` -> newline, character references
    decoded (WebVTT only).
    """
    text = str(event.text)  # type: ignore[attr-defined]
    if fmt == "ass":
        text = _ASS_ESCAPE_OR_TAG.sub(lambda m: m.group()[1] if m.group()[0] == "\\" else "", text)
    else:
        text = _PYSUBS2_FORMAT_TAGS.sub("", text)
    text = text.replace("\\N", "\n")
    if fmt == "vtt":
        text = html.unescape(text)
    return unescape(text)


_SRT_FORMAT_TAGS = re.compile(r"</?[ibu]>")


def visible_srt(content: str) -> str:
    """srt's ``content`` minus the ``<i>``/``<b>``/``<u>`` tags subconv writes for spans."""
    return unescape(_SRT_FORMAT_TAGS.sub("", content))


def visible_webvtt(caption: object, fmt: str) -> str:
    """webvtt-py's ``caption.raw_text`` minus the ``<i>``/``<b>``/``<u>`` tags subconv writes for spans,
    character references decoded (WebVTT only), escapes removed.

    ``raw_text``, not ``text``: webvtt-py's ``text`` deletes anything between ``<`` and ``>``,
    so a literal ``<i>`` in an SRT cue (which has no escape for ``<``) would vanish there.
    """
    text = _SRT_FORMAT_TAGS.sub("", str(caption.raw_text))  # type: ignore[attr-defined]
    if fmt == "vtt":
        text = html.unescape(text)
    return unescape(text)


def _canon(cues: tuple[Cue, ...]) -> list[tuple[int | None, int | None, tuple[str, ...], tuple[Span, ...]]]:
    return [(c.start, c.end, c.lines, c.spans) for c in cues]


# --- subconv reads its own output exactly ------------------------------------------


@pytest.mark.parametrize("fmt", WRITERS)
@_SETTINGS
@given(data=st.data())
def test_subconv_reads_its_output_as_the_same_cues(fmt: str, data: st.DataObject) -> None:
    require_format(fmt)
    track = data.draw(hostile_tracks(_res(fmt)))
    written = subconv.dumps(track, fmt)
    track = as_written(track, fmt)  # what the writers normalise (line-end spaces, invisible cues)
    back = subconv.loads(written, fmt)
    assert _canon(back.cues) == _canon(track.cues), written


@pytest.mark.parametrize("fmt", WRITERS)
@_SETTINGS
@given(data=st.data())
def test_subconv_output_is_sniffed_as_its_own_format(fmt: str, data: st.DataObject) -> None:
    require_format("srt", "vtt", "ass")
    track = data.draw(hostile_tracks(_res(fmt)))
    # known defect, pinned by test_srt_text_looking_like_an_ass_header_is_still_srt
    assume(not any(sec in line for c in track.cues for line in c.lines for sec in _ASS_SECTIONS))
    written = subconv.dumps(track, fmt)
    track = as_written(track, fmt)  # what the writers normalise (line-end spaces, invisible cues)
    assert subconv.detect_format(written) == fmt


_ASS_SECTIONS = ("[Script Info]", "[Events]", "[V4+ Styles]", "[V4 Styles]")


@pytest.mark.parametrize("line", ["[Script Info]", "00:00:01,000 --> 00:00:02,000 [Script Info]"])
def test_srt_text_looking_like_an_ass_header_is_still_srt(line: str) -> None:
    require_format("srt", "ass")
    lines = tuple(line.split("\n"))
    written = subconv.dumps(Track((Cue(0, 1000, lines),)), "srt")
    assert subconv.detect_format(written) == "srt"
    assert subconv.loads(written).cues[0].lines == lines


# --- other parsers ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", WRITERS)
@_SETTINGS
@given(data=st.data())
def test_pysubs2_reads_the_same_cues(fmt: str, data: st.DataObject) -> None:
    pysubs2 = pytest.importorskip("pysubs2")
    require_format(fmt)
    track = data.draw(hostile_tracks(_res(fmt)))
    written = subconv.dumps(track, fmt)
    track = as_written(track, fmt)  # what the writers normalise (line-end spaces, invisible cues)
    subs = pysubs2.SSAFile.from_string(written, format_=fmt)
    events = [e for e in subs if not e.is_comment]
    assert len(events) == len(track.cues), written
    for ev, cue in zip(events, track.cues, strict=True):
        assert (ev.start, ev.end) == (cue.start, cue.end)
        assert visible_pysubs2(ev, fmt) == expected_visible(cue), written


@_SETTINGS
@given(track=hostile_tracks())
def test_srt_library_reads_the_same_cues(track: Track) -> None:
    srt = pytest.importorskip("srt")
    require_format("srt")
    written = subconv.dumps(track, "srt")
    track = as_written(track, "srt")  # what the writers normalise (line-end spaces, invisible cues)
    subs = list(srt.parse(written, ignore_errors=False))
    assert len(subs) == len(track.cues), written
    for sub, cue in zip(subs, track.cues, strict=True):
        ms = (int(sub.start.total_seconds() * 1000 + 0.5), int(sub.end.total_seconds() * 1000 + 0.5))
        assert ms == (cue.start, cue.end)
        assert visible_srt(sub.content) == expected_visible(cue), written


@pytest.mark.parametrize("fmt", ["srt", "vtt"])
@_SETTINGS
@given(data=st.data())
def test_webvtt_py_reads_the_same_cues(fmt: str, data: st.DataObject) -> None:
    webvtt = pytest.importorskip("webvtt")
    require_format(fmt)
    track = data.draw(hostile_tracks())
    written = subconv.dumps(track, fmt)
    track = as_written(track, fmt)  # what the writers normalise (line-end spaces, invisible cues)
    if fmt == "srt":
        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "x.srt"
            p.write_text(written, encoding="utf-8")
            captions = list(webvtt.from_srt(str(p)).captions)
    else:
        captions = list(webvtt.from_buffer(io.StringIO(written)).captions)
    assert len(captions) == len(track.cues), written
    for cap, cue in zip(captions, track.cues, strict=True):
        assert (_ms(cap.start), _ms(cap.end)) == (cue.start, cue.end)
        assert visible_webvtt(cap, fmt) == expected_visible(cue), written


def _ms(stamp: str) -> int:
    hms, _, frac = stamp.replace(",", ".").partition(".")
    parts = [int(p) for p in hms.split(":")]
    while len(parts) < 3:
        parts.insert(0, 0)
    h, m, s = parts
    return ((h * 60 + m) * 60 + s) * 1000 + int((frac + "000")[:3])


# --- ffmpeg ----------------------------------------------------------------------------------

_DIALOGUE = re.compile(
    r"^Dialogue: [^,]*,(\d+):(\d\d):(\d\d)\.(\d\d),(\d+):(\d\d):(\d\d)\.(\d\d)," + r"[^,]*," * 6 + r"(.*)$"
)


def _cs(h: str, m: str, s: str, cs: str) -> int:
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(cs) * 10


def visible_ffmpeg(text: str) -> str:
    """ffmpeg's ASS event text: override blocks removed, ``\\N`` -> newline, ``\\{``/``\\}`` -> braces,
    ``\\h`` -> space; escape characters removed.  (ffmpeg keeps unknown HTML-ish tags literally.)"""
    out = re.sub(r"(?<!\\)\{[^}]*\}", "", text)
    out = out.replace("\\N", "\n").replace("\\{", "{").replace("\\}", "}")
    return unescape(out)


@pytest.mark.clients
@pytest.mark.parametrize("fmt", WRITERS)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_ffmpeg_reads_the_same_cue_count_and_times(fmt: str, data: st.DataObject) -> None:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        pytest.skip("ffmpeg is not installed")
    require_format(fmt)
    track = data.draw(hostile_tracks(resolution=10))
    assume(all(c.end is not None and c.end < 10 * 3600 * 1000 for c in track.cues))
    # ffmpeg's subtitle queue drops an event identical (times and text) to another one
    assume(len({(c.start, c.end, c.text) for c in track.cues}) == len(track.cues))
    written = subconv.dumps(track, fmt)
    track = as_written(track, fmt)  # what the writers normalise (line-end spaces, invisible cues)
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"x.{fmt}"
        p.write_text(written, encoding="utf-8")
        proc = subprocess.run(
            [ffmpeg, "-v", "error", "-i", str(p), "-f", "ass", "-"], capture_output=True, timeout=60, check=False
        )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    events = []
    for line in proc.stdout.decode("utf-8", "replace").splitlines():
        m = _DIALOGUE.match(line)
        if m:
            g = m.groups()
            events.append((_cs(*g[0:4]), _cs(*g[4:8]), g[8]))
    assert len(events) == len(track.cues), written
    # ffmpeg sorts events by start time; subconv's tracks are already in order
    for (start, end, _text), cue in zip(events, track.cues, strict=True):
        assert (start, end) == (cue.start, cue.end)


# --- control characters ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", WRITERS)
@_SETTINGS
@given(data=st.data())
def test_control_characters_never_split_or_merge_cues(fmt: str, data: st.DataObject) -> None:
    """With C0/C1 controls and Unicode line separators in the text: subconv reads the same cues,
    and every other parser the same number of cues at the same times.  (Their *text* may differ:
    pysubs2 and webvtt-py split lines on VT, FF, FS, NEL, U+2028 ... as ``str.splitlines`` does.)"""
    pysubs2 = pytest.importorskip("pysubs2")
    require_format(fmt)
    track = data.draw(hostile_tracks(_res(fmt), controls=True))
    written = subconv.dumps(track, fmt)
    track = as_written(track, fmt)  # what the writers normalise (line-end spaces, invisible cues)
    assert _canon(subconv.loads(written, fmt).cues) == _canon(track.cues)
    events = [e for e in pysubs2.SSAFile.from_string(written, format_=fmt) if not e.is_comment]
    assert [(e.start, e.end) for e in events] == [(c.start, c.end) for c in track.cues], written
    if fmt == "srt":
        import srt

        subs = list(srt.parse(written))
        assert len(subs) == len(track.cues), written
    if fmt in ("srt", "vtt"):
        import webvtt

        if fmt == "srt":
            with tempfile.TemporaryDirectory() as d:
                p = Path(d) / "x.srt"
                p.write_text(written, encoding="utf-8", newline="")
                caps = list(webvtt.from_srt(str(p)).captions)
        else:
            caps = list(webvtt.from_buffer(io.StringIO(written, newline="")).captions)
        assert [(_ms(c.start), _ms(c.end)) for c in caps] == [(c.start, c.end) for c in track.cues], written

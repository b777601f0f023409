"""Shared hypothesis strategies for subconv's tests.

Use them from any test module::

    from tests.strategies import tracks, hostile_text
    @given(tracks(hostile=True))
    def test_x(track): ...

* :func:`times` — integer milliseconds, biased to edges (0, 999, 1000, 3599999, format maxima).
* :func:`plain_text` — one or more lines of ordinary Unicode text (Latin, CJK, Arabic/Hebrew
  RTL, emoji, combining marks); no control characters, surrogates, private-use or line/paragraph
  separators; at least one visible character.
* :func:`hostile_text` — text made to break writers: timing-like and index-like lines, ``-->``,
  blank lines, ASS override tags, ``\\N``, backslashes, HTML-ish tags, entities, zero-width and
  bidi characters, leading/trailing spaces, ``WEBVTT``/``NOTE``/``[Events]``/``Dialogue:`` lines.
  Always holds a visible character (an all-blank cue cannot be written in SRT).
* :func:`spans_for` — valid, canonical spans over a text (sorted by (start, end, kind); spans of
  one kind never overlap).
* :func:`cues` and :func:`tracks` — timed, non-overlapping, increasing cues that every format
  can hold (``max_ms`` bounds the times; pass 10 as ``resolution`` for ASS-exact times).
"""

from __future__ import annotations

from hypothesis import assume
from hypothesis import strategies as st

from subconv.model import Cue, Span, Track
from subconv.timefmt import UNTIMED_MARKS_MS, to_resolution

#: The largest time SRT/WebVTT can write with two-digit hours: 99:59:59.999.
MAX_SRT_MS = 100 * 3600 * 1000 - 1

WJ = "\u2060"

_EDGE_TIMES = (0, 1, 9, 10, 99, 100, 999, 1000, 59_999, 60_000, 3_599_999, 3_600_000, MAX_SRT_MS)


def times(max_ms: int = MAX_SRT_MS) -> st.SearchStrategy[int]:
    """Integer milliseconds in ``[0, max_ms]``, often one of the edge values."""
    edges = [t for t in _EDGE_TIMES if t <= max_ms]
    return st.one_of(st.sampled_from(edges), st.integers(0, max_ms))


_SAMPLES = (
    "Hello",
    "world",
    "don't",
    "naïve café",
    "Straße",
    "你好，世界",
    "日本語の字幕です",
    "한국어",
    "مرحبا بالعالم",
    "שלום עולם",
    "Привет",
    "e\u0301te\u0301",
    "👍🏽",
    "👨‍👩‍👧",
    "🎵 la la 🎵",
    "x²",
    "½",
    "Ελληνικά",
    "हिन्दी",
    "ไทย",
    "...",
    "?!",
    "(laughs)",
    "[Music]",
    "- Yes.",
    "100%",
    "$5",
)

_TEXT_ALPHABET = st.characters(
    blacklist_categories=("Cc", "Cs", "Co", "Cn", "Zl", "Zp"),
    blacklist_characters="\u2060\ufeff\x85",
)


def _visible(s: str) -> bool:
    # the writers' own rule (a cue without a drawn character is not written): soft hyphens,
    # joiners and other invisible characters alone do not count
    from subconv.formats.base import has_visible

    return has_visible(s)


def plain_line() -> st.SearchStrategy[str]:
    """One line of ordinary text with a visible character and no leading/trailing spaces."""
    word = st.one_of(st.sampled_from(_SAMPLES), st.text(_TEXT_ALPHABET, min_size=1, max_size=8))
    return (
        st.lists(word, min_size=1, max_size=6)
        .map(" ".join)
        .map(str.strip)
        .filter(lambda s: _visible(s) and "\n" not in s and "\r" not in s)
    )


def plain_text(max_lines: int = 3) -> st.SearchStrategy[str]:
    """Ordinary cue text: 1..``max_lines`` lines of :func:`plain_line`, joined with newlines."""
    return st.lists(plain_line(), min_size=1, max_size=max_lines).map("\n".join)


_HOSTILE_LINES = (
    "00:00:01,000 --> 00:00:02,000",
    "00:01.000 --> 00:02.000",
    "0:00:01.00 --> 0:00:02.00 X1:10 Y1:20",
    "00:00:01,000 00:00:02,000",
    "1",
    "42",
    " 7 ",
    "-->",
    "a --> b",
    "<- -> -- >",
    "",
    "   ",
    "{\\i1}not italic{\\i0}",
    "{\\pos(1,2)}",
    "{\\an8}",
    "{not a tag}",
    "{",
    "}",
    "line\\Nbreak",
    "\\n \\h \\N",
    "back\\slash\\\\",
    "C:\\path\\",
    "<i>not italic</i>",
    "<b>",
    "</i>",
    "<script>alert(1)</script>",
    "</c>",
    "<v Bob>",
    "<00:00:01.000>",
    "&amp; &lt; &gt; & &nbsp;",
    "a < b > c",
    "\u200b\u200c\u200d zero width",
    "\u202eevil bidi\u202c \u200f\u200e",
    WJ,
    WJ + WJ + "x" + WJ,
    "-" + WJ + ">",
    "<" + WJ + "i>",
    "🙂 emoji",
    "  leading",
    "trailing  ",
    "WEBVTT",
    "NOTE this is not a note",
    "STYLE",
    "[Events]",
    "[Script Info]",
    "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,x",
    "Format: Layer, Start, End",
    '<font color="red">',
)


def hostile_line() -> st.SearchStrategy[str]:
    """One line that could be mistaken for structure or markup by a reader or writer."""
    return st.one_of(
        st.sampled_from(_HOSTILE_LINES),
        st.lists(st.sampled_from(_HOSTILE_LINES + _SAMPLES), min_size=1, max_size=3).map(" ".join),
        st.text(st.sampled_from("<>{}\\-:,.0123 Ni/&" + WJ), min_size=1, max_size=10),
        plain_line(),
    ).filter(lambda s: "\n" not in s and "\r" not in s)


def hostile_text(max_lines: int = 4) -> st.SearchStrategy[str]:
    """Cue text built from :func:`hostile_line` lines; always contains a visible character."""
    return st.lists(hostile_line(), min_size=1, max_size=max_lines).map("\n".join).filter(_visible)


@st.composite
def spans_for(draw: st.DrawFn, text: str, max_spans: int = 3) -> tuple[Span, ...]:
    """Canonical spans over ``text``: non-empty, same-kind spans neither overlap nor touch."""
    if not text:
        return ()
    n = len(text)
    out: list[Span] = []
    for _ in range(draw(st.integers(0, max_spans))):
        a = draw(st.integers(0, n - 1))
        b = draw(st.integers(a + 1, n))
        kind = draw(st.sampled_from(("i", "b", "u")))
        if any(s.kind == kind and s.start <= b and a <= s.end for s in out):
            continue
        out.append(Span(a, b, kind))  # type: ignore[arg-type]
    return tuple(sorted(out, key=lambda s: (s.start, s.end, s.kind)))


@st.composite
def cues(
    draw: st.DrawFn,
    timed: bool = True,
    hostile: bool = False,
    spans: bool = True,
    speaker: bool = False,
    max_ms: int = MAX_SRT_MS,
) -> Cue:
    """One cue (times in ``[0, max_ms]``, start <= end) with plain or hostile text."""
    text = draw(hostile_text() if hostile else plain_text())
    sp = draw(spans_for(text)) if spans else ()
    who = draw(st.sampled_from(("Ann", "BOB", "Dr. Who", "李雷"))) if speaker and draw(st.booleans()) else None
    if not timed:
        return Cue(None, None, tuple(text.split("\n")), sp, who)
    a = draw(times(max_ms))
    b = draw(times(max_ms))
    start, end = min(a, b), max(a, b)
    return Cue(start, end, tuple(text.split("\n")), sp, who)


@st.composite
def tracks(
    draw: st.DrawFn,
    hostile: bool = False,
    spans: bool = True,
    speaker: bool = False,
    min_cues: int = 1,
    max_cues: int = 6,
    max_ms: int = MAX_SRT_MS,
    resolution: int = 1,
) -> Track:
    """A track of timed cues with increasing, non-overlapping times (multiples of ``resolution``).

    Every subtitle format can hold such a track, so it is the input of round-trip properties.
    No cue is a zero-length one at 9:59:59.000 or 99:59:59.000 (to 10 ms): readers take that for Amara's
    mark of a cue not yet timed (``subconv.timefmt.UNTIMED_MARKS_MS``).
    """
    n = draw(st.integers(min_cues, max_cues))
    bounds = sorted(draw(st.lists(times(max_ms), min_size=2 * n, max_size=2 * n)))
    if resolution > 1:
        bounds = [min(b - b % resolution, max_ms - max_ms % resolution) for b in bounds]
    at10 = [to_resolution(b, 10) for b in bounds]  # (as ASS and LRC write them)
    assume(not any(at10[2 * k] == at10[2 * k + 1] in UNTIMED_MARKS_MS for k in range(n)))
    out: list[Cue] = []
    for k in range(n):
        text = draw(hostile_text() if hostile else plain_text())
        sp = draw(spans_for(text)) if spans else ()
        who = draw(st.sampled_from(("Ann", "BOB", "Dr. Who", "李雷"))) if speaker and draw(st.booleans()) else None
        out.append(Cue(bounds[2 * k], bounds[2 * k + 1], tuple(text.split("\n")), sp, who))
    return Track(tuple(out))


def visible(text: str) -> str:
    """``text`` without word joiners (what a viewer sees is the same)."""
    return text.replace(WJ, "")


def as_written(track: Track, fmt: str | None = None) -> Track:
    """``track`` as the writers normalise it before escaping (``subconv.formats.escapes.tidy``):
    control characters the reader refuses removed, white space at line ends and empty lines at the
    edges of a cue removed, cues with no visible text dropped.  Round trips compare with this.
    For SRT, WebVTT and TTML (``fmt``), which have no ASS styles, an ASS style's formatting is spans
    (``subconv.formats.placement.styled``); WebVTT has no strikethrough.  White space at line ends
    is removed where ``fmt``'s readers lose it (``subconv.formats.escapes.BLANKS``; no ``fmt``:
    all of it, as the TextGrid writer does)."""
    from subconv.formats.escapes import ALL_BLANKS, BLANKS, tidy
    from subconv.formats.placement import style_formatting, styled

    cues = track.cues
    if fmt in ("srt", "vtt", "ttml"):
        looks = style_formatting(track)
        cues = tuple(styled(c, looks) for c in cues) if looks else cues
    if fmt == "vtt":
        cues = tuple(c.replace(spans=tuple(sp for sp in c.spans if sp.kind != "s")) if c.spans else c for c in cues)
    blanks = BLANKS.get(fmt or "", ALL_BLANKS)
    return track.with_cues(c for c in (tidy(cue, blanks)[0] for cue in cues) if c is not None)

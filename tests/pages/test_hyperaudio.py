"""Hyperaudio's interactive transcripts: a word a ``<span data-m="3900" data-d="520">``, its start
in milliseconds.  Before, ``data-m`` was not read: such a transcript was timed from its length
alone, the bitcoin talk's first paragraph at 0:00 instead of 0:03.9."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from subconv.pages import read_page
from subconv.report import Report
from tests.clirun import run_subconv


def _span(w: str, s: float, e: float) -> str:
    return f'<span data-m="{round(s * 1000)}" data-d="{round((e - s) * 1000)}">{html.escape(w)}</span>'


def _page(paragraphs: list[list[tuple[str, float, float]]]) -> str:
    body = "".join("<p>" + "".join(_span(*w) for w in p) + "</p>\n" for p in paragraphs)
    return f"<html><body><header>My podcast</header><article>{body}</article></body></html>"


def test_real_word_timings_as_a_hyperaudio_transcript(shared: Path) -> None:
    words = json.loads((shared / "corpus/timed/3b1b/bitcoin/en.word_timings.json").read_text(encoding="utf-8"))
    paragraphs: list[list[tuple[str, float, float]]] = [[]]
    for w, s, e in words:
        paragraphs[-1].append((w, s, e))
        if w.strip().endswith((".", "?", "!")) and len(paragraphs[-1]) > 12:
            paragraphs.append([])
    paragraphs = [p for p in paragraphs if p]
    track = read_page(_page(paragraphs), Report())
    assert [c.start for c in track.cues] == [round(p[0][1] * 1000) for p in paragraphs]
    assert [c.text.split() for c in track.cues] == ["".join(w for w, _, _ in p).split() for p in paragraphs]


@given(st.integers(0, 4 * 3600 * 1000), st.lists(st.integers(1, 20_000), min_size=3, max_size=40))
def test_one_paragraph_alone_is_in_milliseconds(first: int, steps: list[int]) -> None:
    """``data-m`` is milliseconds whatever the values: a transcript of one paragraph (one value,
    which alone would read as seconds under three hours) starts at its first word's time."""
    at, words = first, []
    for k, step in enumerate(steps):
        words.append((f" word{k}", at / 1000, (at + step // 2) / 1000))
        at += step
    track = read_page(_page([words]), Report())
    assert [c.start for c in track.cues] == [first]


# --- the words' own times: Cue.words, and WebVTT word timestamps with --words -----------------------


def _paragraphs(shared: Path, most: int) -> list[list[tuple[str, float, float]]]:
    """The bitcoin talk's real word timings in paragraphs of at most ``most`` words (ending at a
    sentence's end where one comes)."""
    words = json.loads((shared / "corpus/timed/3b1b/bitcoin/en.word_timings.json").read_text(encoding="utf-8"))
    paragraphs: list[list[tuple[str, float, float]]] = [[]]
    for w, s, e in words:
        paragraphs[-1].append((w, s, e))
        if len(paragraphs[-1]) >= most or (w.strip().endswith((".", "?", "!")) and len(paragraphs[-1]) > 12):
            paragraphs.append([])
    return [p for p in paragraphs if p]


def _ms(seconds: float) -> int:
    return round(seconds * 1000)


def test_real_word_timings_are_the_cues_words(shared: Path) -> None:
    """Each paragraph's words keep their own times (``data-m``, and ``data-m`` + ``data-d`` as
    their end) as ``Cue.words``; the paragraph ends when its last word does.  Before, the words'
    times were read for the paragraph's start only: no cue had words, and its end was estimated."""
    paragraphs = _paragraphs(shared, 60)
    track = read_page(_page(paragraphs), Report())
    assert [[(w.start, w.end, w.text) for w in c.words] for c in track.cues] == [
        [(_ms(s), _ms(s) + (_ms(e) - _ms(s)), w.strip()) for w, s, e in p if w.strip()] for p in paragraphs
    ]
    assert [c.end for c in track.cues] == [max(_ms(e) for _, _, e in p) for p in paragraphs]


@given(st.lists(st.tuples(st.integers(0, 3000), st.one_of(st.none(), st.integers(0, 2000))), min_size=1, max_size=30))
def test_a_word_without_a_length_lasts_until_the_next(steps: list[tuple[int, int | None]]) -> None:
    at, spans, expected = 1000, [], []
    for k, (step, length) in enumerate(steps):
        d = "" if length is None else f' data-d="{length}"'
        spans.append(f'<span data-m="{at}"{d}>w{k} </span>')
        expected.append((at, length, f"w{k}"))
        at += step
    page = f"<html><body><nav>Menu</nav><div><p>{''.join(spans)}</p><p>{''.join(spans)}</p></div></body></html>"
    track = read_page(page, Report())
    ends = [
        s + d if d is not None else expected[k + 1][0] if k + 1 < len(expected) else s
        for k, (s, d, _) in enumerate(expected)
    ]
    for cue in track.cues:
        assert [(w.start, w.end, w.text) for w in cue.words] == [
            (s, e, t) for (s, _, t), e in zip(expected, ends, strict=True)
        ]


def test_words_option_writes_webvtt_word_timestamps(shared: Path, tmp_path: Path) -> None:
    """``subconv convert page.html --words -o out.vtt`` writes each word's own time (paragraphs
    short enough to be a cue each).  Before, the output had no word timestamp."""
    paragraphs = _paragraphs(shared, 6)[:40]
    page = tmp_path / "page.html"
    page.write_text(_page(paragraphs), encoding="utf-8")
    out = tmp_path / "out.vtt"
    done = run_subconv("convert", str(page), "--words", "-o", str(out))
    assert done.returncode == 0, done.stderr
    vtt = out.read_text(encoding="utf-8")
    stamps = re.findall(r"<(\d\d):(\d\d):(\d\d)\.(\d{3})>", vtt)
    got = [((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + int(f) for h, m, s, f in stamps]
    # every word but each cue's first (the cue's own start) has its timestamp
    assert got == [_ms(s) for p in paragraphs for w, s, _ in [x for x in p if x[0].strip()][1:]]


def test_a_speaker_label_s_word_is_not_a_spoken_word(shared: Path) -> None:
    """``<span data-m="3900">Ann:</span>`` before a turn's words: the label is the cue's speaker,
    and its word time is none of the cue's words (it is not in the text: writing it was reported
    as a word time not written)."""
    paragraphs = _paragraphs(shared, 6)[:12]
    names = ["Ann", "Bob"]
    body = "".join(
        f"<p>{_span(names[k % 2] + ':', p[0][1] - 0.3, p[0][1])}" + "".join(_span(*w) for w in p) + "</p>\n"
        for k, p in enumerate(paragraphs)
    )
    page = f"<html><body><header>My podcast</header><article>{body}</article></body></html>"
    track = read_page(page, Report())
    assert [c.speaker for c in track.cues] == [names[k % 2] for k in range(len(paragraphs))]
    assert [[w.text for w in c.words] for c in track.cues] == [[w.strip() for w, _, _ in p] for p in paragraphs]
    assert [c.start for c in track.cues] == [_ms(p[0][1] - 0.3) for p in paragraphs]

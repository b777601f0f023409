"""Speech recognisers' JSON (OpenAI Whisper, faster-whisper, WhisperX, whisper.cpp ``-oj``) read
as cues by the JSON cue-list reader: before, such a file was refused (``json: not subtitles``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import subconv
from subconv.errors import WholeInputNeeded
from subconv.formats import get, sniff
from subconv.report import Report
from subconv.timefmt import UNTIMED_MARKS_MS
from tests.clirun import run_subconv

#: a word: its text (no space in it) and its time in ms from its segment's start, and length
_WORD = st.tuples(
    st.text(st.sampled_from(list("abcé中'?,.")), min_size=1, max_size=6), st.integers(0, 3000), st.integers(0, 2000)
)
_SEGMENTS = st.lists(
    st.tuples(st.integers(0, 10**7), st.integers(0, 20_000), st.lists(_WORD, min_size=1, max_size=5)),
    min_size=1,
    max_size=10,
)


def _seconds(ms: int, drift: bool) -> float:
    """``ms`` in seconds as a float, as a recogniser writes it; with ``drift``, as a sum of two
    floats (``0.1 + 0.2``: 0.30000000000000004), whose nearest millisecond is still ``ms``."""
    if not drift:
        return ms / 1000
    part = ms // 3
    return part / 1000 + (ms - part) / 1000


def _whisper(segments: list[tuple[int, int, list[tuple[str, int, int]]]], drift: bool) -> tuple[str, list[Any]]:
    """OpenAI Whisper's JSON of ``segments`` (one a line), and the cues it holds:
    ``(start, end, text, [(word start, word end, word)])``."""
    items, want = [], []
    for k, (start, length, words) in enumerate(segments):
        end = start + length
        timed = sorted((min(start + a, end), min(start + a + b, end), w) for w, a, b in words)
        text = "".join(f" {w}" for _, _, w in timed)
        items.append(
            {
                "id": k,
                "seek": 0,
                "start": _seconds(start, drift),
                "end": _seconds(end, drift),
                "text": text,
                "tokens": [50364, 1012],
                "temperature": 0.0,
                "avg_logprob": -0.25,
                "compression_ratio": 1.2,
                "no_speech_prob": 0.01,
                "words": [
                    {"word": f" {w}", "start": _seconds(a, drift), "end": _seconds(b, drift), "probability": 0.9}
                    for a, b, w in timed
                ],
            }
        )
        want.append((start, end, text.strip(), [(a, b, w) for a, b, w in timed]))
    full = "".join(str(i["text"]) for i in items)
    doc = '{"text": ' + json.dumps(full) + ', "segments": [\n'
    doc += ",\n".join(json.dumps(i, ensure_ascii=False) for i in items) + '\n], "language": "en"}'
    return doc, want


@settings(max_examples=150, deadline=None)
@given(_SEGMENTS, st.booleans())
def test_whisper_json_reads_back_its_segments_words_and_language(
    segments: list[tuple[int, int, list[tuple[str, int, int]]]], drift: bool
) -> None:
    doc, want = _whisper(segments, drift)
    assert sniff(doc) == "cuelist"
    report = Report()
    track = subconv.loads(doc, report=report)
    got = [(c.start, c.end, c.text, [(w.start, w.end, w.text) for w in c.words]) for c in track]
    assert sorted(got, key=lambda c: (c[0], c[1], c[2])) == sorted(want, key=lambda c: (c[0], c[1], c[2]))
    assert track.language == "en"
    assert not report.changes()
    lines = sorted((c.source_line, c.start) for c in track)
    assert [n for n, _ in lines] == list(range(2, 2 + len(segments)))  # (each segment's own line)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10**8), st.integers(0, 30_000)), min_size=1, max_size=8), st.booleans())
def test_whisper_cpp_json_reads_back_its_segments(spans: list[tuple[int, int]], stamps_only: bool) -> None:
    """whisper.cpp's ``-oj``: the ``offsets`` in milliseconds, else the ``timestamps``.  (Not a
    zero-length segment at 9:59:59.000 or 99:59:59.000: every cue-list reader takes that for
    Amara's mark of a cue not yet timed, ``UNTIMED_MARKS_MS``.)"""
    assume(not any(n == 0 and s in UNTIMED_MARKS_MS for s, n in spans))

    def stamp(ms: int) -> str:
        h, rest = divmod(ms, 3_600_000)
        m, rest = divmod(rest, 60_000)
        return f"{h:02d}:{m:02d}:{rest // 1000:02d},{rest % 1000:03d}"

    items = []
    for k, (start, length) in enumerate(spans):
        item: dict[str, Any] = {"timestamps": {"from": stamp(start), "to": stamp(start + length)}}
        if not stamps_only:
            item["offsets"] = {"from": start, "to": start + length}
        item["text"] = f" segment {k}"
        items.append(item)
    doc = {
        "systeminfo": "AVX = 1 | NEON = 0",
        "model": {"type": "base", "multilingual": True, "audio": {"ctx": 1500}},
        "params": {"model": "models/ggml-base.bin", "language": "auto", "translate": False},
        "result": {"language": "de"},
        "transcription": items,
    }
    text = json.dumps(doc, indent="\t")
    assert sniff(text) == "cuelist"
    track = subconv.loads(text)
    want = sorted((s, s + n, f"segment {k}") for k, (s, n) in enumerate(spans))
    assert sorted((c.start, c.end, c.text) for c in track) == want
    assert track.language == "de"


def test_bad_segments_are_reported_at_their_lines_not_tracebacks() -> None:
    text = (
        '{"text": " a b c d",\n "segments": [\n'
        '  {"start": 0.1, "end": NaN, "text": " a"},\n'
        '  {"start": 3.0, "end": 2.0, "text": " b"},\n'
        '  {"start": 4.0, "text": " c"},\n'
        '  {"start": 5.0, "end": 6.0, "text": " d", "words": [{"word": " d", "start": 5.0}]},\n'
        '  {"start": Infinity, "end": 8.0, "text": " e"},\n'
        "  7\n ],\n"
        ' "language": "fr"}'
    )
    report = Report()
    track = subconv.loads(text, report=report)
    assert [(c.start, c.end, c.text, c.words) for c in track] == [(2000, 3000, "b", ()), (5000, 6000, "d", ())]
    assert [(e.action, e.line) for e in report.entries if e.step == "cuelist"] == [
        ("dropped", 3),
        ("repaired", 4),
        ("dropped", 5),
        ("kept", 6),
        ("dropped", 7),
        ("dropped", 8),
    ]
    assert track.language == "fr" and track.source_lines.get("language") == "10"


def test_whisperx_speaker_and_untimed_words() -> None:
    """WhisperX: a segment's ``speaker`` kept; its numerals' words have no times (kept in the text)."""
    text = json.dumps(
        {
            "segments": [
                {
                    "start": 1.25,
                    "end": 3.5,
                    "text": " I paid 20 dollars.",
                    "speaker": "SPEAKER_01",
                    "words": [
                        {"word": "I", "start": 1.25, "end": 1.4, "score": 0.9, "speaker": "SPEAKER_01"},
                        {"word": "paid", "start": 1.5, "end": 1.8, "score": 0.8},
                        {"word": "20"},
                        {"word": "dollars.", "start": 2.6, "end": 3.5, "score": 0.7},
                    ],
                }
            ],
            "word_segments": [],
        }
    )
    report = Report()
    (cue,) = subconv.loads(text, report=report)
    assert (cue.start, cue.end, cue.text, cue.speaker) == (1250, 3500, "I paid 20 dollars.", "SPEAKER_01")
    assert [(w.start, w.end, w.text) for w in cue.words] == [
        (1250, 1400, "I"),
        (1500, 1800, "paid"),
        (2600, 3500, "dollars."),
    ]
    assert [e.text for e in report.by_action("kept")] == ["20"]


def test_the_command_line_converts_whisper_json_with_its_words(tmp_path: Path) -> None:
    """Before: ``subconv: error: w.json:1: json: not subtitles: no "events" ...``."""
    src = tmp_path / "w.json"
    src.write_text(
        '{"text": " Hello world. Bye.", "segments": [\n'
        '{"id": 0, "start": 0.0, "end": 2.5, "text": " Hello world.", "words": [{"word": " Hello", "start": 0.0, '
        '"end": 0.9, "probability": 0.9}, {"word": " world.", "start": 1.0, "end": 2.5, "probability": 0.8}]},\n'
        '{"id": 1, "start": 2.5, "end": 3.3, "text": " Bye."}], "language": "en"}\n',
        encoding="utf-8",
    )
    r = run_subconv("convert", str(src), "-o", str(tmp_path / "w.srt"))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "w.srt").read_text(encoding="utf-8") == (
        "1\n00:00:00,000 --> 00:00:02,500\nHello world.\n\n2\n00:00:02,500 --> 00:00:03,300\nBye.\n"
    )
    r = run_subconv("convert", str(src), "--words", "--to", "vtt", "-o", "-")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("WEBVTT\nLanguage: en\n") and "Hello <00:00:01.000>world." in r.stdout


def test_a_json_object_of_something_else_names_the_recognisers_shapes(tmp_path: Path) -> None:
    src = tmp_path / "c.json"
    src.write_text('{"name": "x", "segments": 3}', encoding="utf-8")
    r = run_subconv("convert", str(src), "-o", str(tmp_path / "c.srt"))
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert r.stderr.startswith(f"subconv: error: {src}:1: ") and '{"segments": [...]}' in r.stderr


@pytest.mark.parametrize("cut", [1, 7, 50])
def test_read_in_pieces_gives_the_same_cues(cut: int) -> None:
    doc, _ = _whisper([(0, 2500, [("a", 0, 100)]), (3000, 500, [("b", 0, 100)])], True)
    pieces = [doc[i : i + cut] for i in range(0, len(doc), cut)]
    fmt = get("cuelist")
    assert fmt.read_pieces is not None
    try:
        got = fmt.read_pieces(iter(pieces), Report())
    except WholeInputNeeded:  # (an object: read whole)
        got = fmt.read(doc, Report())
    assert got == fmt.read(doc, Report()) and len(got) == 2


def test_a_bare_list_of_segments_keeps_its_words() -> None:
    """whisper-timestamped's ``json.dump(result["segments"])``: an array of segments, read as a
    cue list, with the words' times (their ``text``); before, the words were left aside."""
    segments = [
        {"id": 0, "start": 0.5, "end": 2.0, "text": " Hi there", "words": [
            {"text": "Hi", "start": 0.5, "end": 0.9, "confidence": 0.9},
            {"text": "there", "start": 1.0, "end": 2.0, "confidence": 0.8},
        ]},
    ]  # fmt: skip
    text = json.dumps(segments)
    pieces = get("cuelist").read_pieces
    assert pieces is not None
    for track in (subconv.loads(text), pieces([text[:20], text[20:]], Report())):
        (cue,) = track
        assert (cue.start, cue.end, cue.text) == (500, 2000, "Hi there")
        assert [(w.start, w.end, w.text) for w in cue.words] == [(500, 900, "Hi"), (1000, 2000, "there")]

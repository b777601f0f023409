"""YouTube's json3 captions (and srv3's word segments): read as timed-text pages, word times kept,
rolling auto-captions after ``dedupe``, malformed documents as errors.  The samples are built
here by hand (../shared/corpus holds no json3 file)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import api
from subconv.model import Track
from subconv.options import Options
from subconv.pages import read_page
from subconv.report import Report
from tests.clirun import run_subconv


def read(text: str) -> tuple[Track, Report]:
    report = Report()
    return read_page(text, report), report


def doc(events: list[Any], **top: Any) -> str:
    """A json3 document as YouTube lays it out: an event a few lines."""
    return json.dumps({"wireMagic": "pb3", "pens": [{}], "wsWinStyles": [{}], **top, "events": events}, indent=2)


def seg(text: str, offset: int | None = None) -> dict[str, Any]:
    return {"utf8": text} if offset is None else {"utf8": text, "tOffsetMs": offset, "acAsrConf": 0}


MANUAL = doc(
    [
        {"tStartMs": 0, "dDurationMs": 60000, "id": 1, "wpWinPosId": 1, "wsWinStyleId": 1},
        {"tStartMs": 1200, "dDurationMs": 2300, "segs": [seg("Hello there,"), seg("\n"), seg("friend.")]},
        {"tStartMs": 3600, "dDurationMs": 1800, "segs": [seg("How are "), seg("you?")]},
    ]
)


def auto(lines: list[tuple[int, int, list[tuple[str, int]]]]) -> str:
    """Auto-captions: a window event, then per line an event of its words (``tOffsetMs``) and,
    between lines, the ``aAppend`` event that breaks the rolling window's line; each line's event
    lasts until the line after the next starts (two lines on screen)."""
    events: list[dict[str, Any]] = [{"tStartMs": 0, "dDurationMs": 99000, "id": 1, "wpWinPosId": 1, "wsWinStyleId": 1}]
    for k, (start, end, words) in enumerate(lines):
        if k:
            events.append(
                {"tStartMs": max(start - 10, 0), "dDurationMs": 500, "wWinId": 1, "aAppend": 1, "segs": [seg("\n")]}
            )
        shown_until = lines[k + 1][1] if k + 1 < len(lines) else end
        segs = [seg(w if j == 0 else " " + w, None if j == 0 else off) for j, (w, off) in enumerate(words)]
        events.append({"tStartMs": start, "dDurationMs": shown_until - start, "wWinId": 1, "segs": segs})
    return doc(events)


AUTO = auto(
    [
        (100, 2000, [("so", 0), ("today", 300), ("we", 700), ("talk", 900)]),
        (2010, 4000, [("about", 0), ("rivers", 400), ("and", 800)]),
        (4010, 7000, [("no", 0), ("no", 500)]),
        (7000, 9000, [("no", 0), ("no", 500)]),  # (said twice in a row: kept)
    ]
)


def test_manual_captions() -> None:
    track, report = read(MANUAL)
    assert report.info["page_shape"] == "youtube-json3"
    assert [(c.start, c.end, c.lines, c.origin) for c in track] == [
        (1200, 3500, ("Hello there,", "friend."), "anchor"),
        (3600, 5400, ("How are you?",), "anchor"),
    ]
    assert all(not c.words for c in track)  # (no segment times: no words)
    assert [(e.line, e.action) for e in report.entries] == [(10, "dropped"), (17, "cue"), (32, "cue")]
    assert [c.source_line for c in track] == [17, 32]  # (where each event's object starts)


def test_auto_captions_words_and_rolling_ends() -> None:
    track, report = read(AUTO)
    assert [(c.start, c.end, c.text) for c in track] == [
        (100, 2010, "so today we talk"),
        (2010, 4010, "about rivers and"),
        (4010, 7000, "no no"),
        (7000, 9000, "no no"),
    ]
    assert [(w.start, w.end, w.text) for w in track.cues[0].words] == [
        (100, 400, "so"),
        (400, 800, "today"),
        (800, 1000, "we"),
        (1000, 2010, "talk"),
    ]
    dropped = report.by_action("dropped")
    assert [e.reason for e in dropped].count("json3: line break of the rolling window (aAppend)") == 3
    assert all(e.line for e in report.entries)
    assert len(report.by_action("repaired")) == 3  # (each line cut where the next starts)


def test_auto_captions_to_vtt_words_cli(tmp_path: Path) -> None:
    src = tmp_path / "talk.en.json3"
    src.write_text(AUTO, encoding="utf-8")
    out = tmp_path / "talk.vtt"
    done = run_subconv("convert", str(src), "-o", str(out), "--words")
    assert done.returncode == 0, done.stderr
    assert "00:00:00.100 --> 00:00:02.010\nso <00:00:00.400>today <00:00:00.800>we <00:00:01.000>talk\n" in (
        out.read_text(encoding="utf-8")
    )
    assert "--words" not in done.stderr  # (word times to write: no warning)


def test_rolling_lines_once_and_a_line_said_twice_kept() -> None:
    """After the pipeline's ``dedupe``: no line twice from the rolling window, and the line said
    twice in a row (its words with their own later times) kept."""
    report = Report()
    out = api.process(read_page(AUTO, report), Options(), report)
    assert [c.text for c in out] == ["so today we talk", "about rivers and", "no no", "no no"]
    assert [(c.start, c.end) for c in out][2:] == [(4010, 7000), (7000, 9000)]
    assert not report.by_action("dropped") or all(e.step == "page" for e in report.by_action("dropped"))


def test_rolling_repeats_of_two_line_events_cut_by_dedupe() -> None:
    """Events that carry the line before again (roll-up captions): ``dedupe`` keeps each line once."""
    lines = ["we went down to", "the river that day", "and it was cold", "so cold"]
    events = [
        {
            "tStartMs": 1000 * k,
            "dDurationMs": 1000,
            "segs": [seg(lines[k - 1] + "\n" + lines[k]) if k else seg(lines[0])],
        }
        for k in range(len(lines))
    ]
    report = Report()
    out = api.process(read_page(doc(events), report), Options(), report)
    assert [c.text for c in out] == lines


def test_srv3_segment_times_are_words() -> None:
    xml = (
        '<?xml version="1.0" encoding="utf-8" ?><timedtext format="3"><body>\n'
        '<p t="100" d="3900" w="1"><s ac="0">so</s><s t="300" ac="0"> today</s><s t="700"> we</s></p>\n'
        '<p t="2000" d="2000" w="1" a="1">\n</p>\n'
        '<p t="2010" d="3000" w="1"><s ac="0">about</s><s t="400"> rivers</s></p>\n'
        "</body></timedtext>\n"
    )
    track, report = read(xml)
    assert [(c.start, c.end, c.text) for c in track] == [(100, 2010, "so today we"), (2010, 5010, "about rivers")]
    assert [(w.start, w.text) for w in track.cues[0].words] == [(100, "so"), (400, "today"), (800, "we")]
    assert [(w.start, w.end) for w in track.cues[1].words] == [(2010, 2410), (2410, 5010)]
    assert [e.line for e in report.by_action("dropped")] == [3]


# --- errors ----------------------------------------------------------------------------------------

BAD_START = (
    '{"wireMagic": "pb3",\n "events": [\n  {"tStartMs": 0, "segs": [{"utf8": "a"}]},\n'
    '  {"tStartMs": "1.5s", "segs": [{"utf8": "b"}]}\n ]}\n'
)
NOT_A_LIST = '{"wireMagic": "pb3",\n "pens": [],\n "events": {"tStartMs": 1}}\n'


@pytest.mark.parametrize(
    ("text", "where", "what"),
    [
        (BAD_START, 4, "tStartMs is not a number of milliseconds: '1.5s'"),
        (NOT_A_LIST, 3, '"events" is not a list'),
        ('{"wireMagic": "pb3",\n "events": [{"tStartMs": -5, "segs": []}]}', 2, "tStartMs is negative"),
        ('{"wireMagic": "pb3",\n "events": [\n {"segs": [{"utf8": "x"}]}]}', 3, "an event with text but no tStartMs"),
    ],
)
def test_malformed_json3_is_an_error_at_its_line(tmp_path: Path, text: str, where: int, what: str) -> None:
    src = tmp_path / "bad.json3"
    src.write_text(text, encoding="utf-8")
    done = run_subconv("convert", str(src), "-o", str(tmp_path / "out.srt"))
    assert done.returncode == 1
    assert done.stderr.startswith(f"subconv: error: {src}:{where}: page: json3: {what}")
    assert "Traceback" not in done.stderr and not (tmp_path / "out.srt").exists()


def test_not_an_object_and_other_json_keep_the_refusal(tmp_path: Path) -> None:
    for name, text in (("a.json3", '[{"x": 1}]'), ("b.json3", '{"name": "x", "events": [{"start": 1}]}')):
        src = tmp_path / name
        src.write_text(text, encoding="utf-8")
        done = run_subconv("convert", str(src), "-o", "-")
        assert done.returncode == 1
        assert "no captions found (a JSON document" in done.stderr and "YouTube's json3" in done.stderr
        assert "Traceback" not in done.stderr


def test_dropped_and_repaired_events_are_reported_with_their_lines() -> None:
    text = doc(
        [
            {"tStartMs": 0, "segs": "nope"},
            {"tStartMs": 10, "dDurationMs": 5.5, "segs": [seg("ok"), 7]},
            "stray",
            {"tStartMs": 20, "segs": [seg(" ")]},
        ]
    )
    track, report = read(text)
    assert [c.text for c in track] == ["ok"] and track.cues[0].end == 16
    entries = [(e.line, e.action) for e in report.entries]
    assert entries == [
        (10, "dropped"),
        (14, "repaired"),
        (14, "repaired"),
        (14, "cue"),
        (24, "dropped"),
        (25, "dropped"),
    ]


# --- properties ------------------------------------------------------------------------------------

_text = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cf", "Cs", "Zs", "Zl", "Zp")), min_size=1, max_size=8
)


@st.composite
def _events(draw: st.DrawFn) -> list[tuple[int, int, list[tuple[str, int]]]]:
    out: list[tuple[int, int, list[tuple[str, int]]]] = []
    at = draw(st.integers(0, 10_000))
    for _ in range(draw(st.integers(1, 8))):
        offsets = sorted(draw(st.lists(st.integers(1, 5000), max_size=5, unique=True)))
        words = [(draw(_text), off) for off in [0, *offsets]]
        length = (offsets[-1] if offsets else 0) + draw(st.integers(1, 3000))
        out.append((at, at + length, words))
        at += length + draw(st.integers(0, 2000))
    return out


@settings(max_examples=60, deadline=None)
@given(_events(), st.booleans())
def test_events_come_back_with_their_text_ms_and_monotone_words(
    lines: list[tuple[int, int, list[tuple[str, int]]]], rolling: bool
) -> None:
    if rolling:
        text = auto(lines)
    else:
        events = [
            {
                "tStartMs": a,
                "dDurationMs": b - a,
                "segs": [seg(w if j == 0 else " " + w, off if j else None) for j, (w, off) in enumerate(ws)],
            }
            for a, b, ws in lines
        ]
        text = doc(events)
    track, _ = read(text)
    ends = [b for _, b, _ in lines]
    if rolling:  # (a line of the rolling window ends when the next starts)
        ends[:-1] = [a for a, _, _ in lines[1:]]
    assert [(c.start, c.end) for c in track] == [(a, end) for (a, _, _), end in zip(lines, ends, strict=True)]
    assert [c.text for c in track] == [" ".join(w for w, _ in ws) for _, _, ws in lines]
    for cue, (a, _, ws) in zip(track, lines, strict=True):
        timed = len(ws) > 1  # (one segment has no offset: no word times, as in manual captions)
        assert [(w.start, w.text) for w in cue.words] == [(a + off, w) for w, off in ws if timed]
        starts = [w.start for w in cue.words]
        assert starts == sorted(starts) and all(cue.start <= w.start <= w.end <= cue.end for w in cue.words)  # type: ignore[operator]


# --- json3 whatever the file's name ------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(_events(), st.booleans(), st.booleans(), st.sampled_from(["talk.json", "talk.srt", "talk.txt", None]))
def test_json3_is_read_by_its_content_whatever_the_file_is_called(
    lines: list[tuple[int, int, list[tuple[str, int]]]], rolling: bool, signed: bool, name: str | None
) -> None:
    """A json3 document saved from the browser as ``timedtext.json`` (or any name, or none) is
    read as json3, as a ``.json3`` file is; with or without its ``"wireMagic": "pb3"``."""
    text = (
        auto(lines)
        if rolling
        else doc([{"tStartMs": a, "dDurationMs": b - a, "segs": [seg(ws[0][0])]} for a, b, ws in lines])
    )
    if not signed:
        text = json.dumps({"events": json.loads(text)["events"]}, indent=1)
    want = api.loads(text, name="talk.json3")
    got = api.loads(text, name=name)
    assert [(c.start, c.end, c.text, c.words) for c in got] == [(c.start, c.end, c.text, c.words) for c in want]
    assert got.format == "page" and len(got) == len(lines)


def test_a_long_json3_saved_as_json_and_a_folder_of_them(tmp_path: Path) -> None:
    """Over 64 KiB (read a piece at a time, the format told from the first piece), and in folder
    mode, where a ``.json`` file is converted only when it holds captions."""
    lines = [(k * 2000, k * 2000 + 1500, [("line", 0), (str(k), 700)]) for k in range(900)]
    src = tmp_path / "in"
    src.mkdir()
    (src / "timedtext.json").write_text(auto(lines), encoding="utf-8")
    (src / "settings.json").write_text('{"theme": "dark", "events": []}\n', encoding="utf-8")
    assert (src / "timedtext.json").stat().st_size > 65536
    done = run_subconv("convert", str(src / "timedtext.json"), "-o", str(tmp_path / "one.srt"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "one.srt").read_text(encoding="utf-8").count(" --> ") == 900
    done = run_subconv("convert", str(src), "-o", str(tmp_path / "out"), "--to", "vtt")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*.vtt")) == [
        "timedtext.vtt"
    ]  # (settings.json: not captions)


@pytest.mark.parametrize("name", ["cut.json", "cut.json3", "cut.srt"])
def test_json3_cut_short_is_an_error_at_its_line_not_a_page_of_json(tmp_path: Path, name: str) -> None:
    whole = auto([(k * 2000, k * 2000 + 1500, [("line", 0), (str(k), 700)]) for k in range(5)])
    src = tmp_path / name
    src.write_text(whole[: len(whole) * 2 // 3], encoding="utf-8")
    out = tmp_path / "out.srt"
    done = run_subconv("convert", str(src), "-o", str(out))
    assert done.returncode == 1 and not out.exists()
    assert done.stderr.startswith(f"subconv: error: {src}:") and "page: json3: invalid JSON" in done.stderr, done.stderr
    assert "Traceback" not in done.stderr

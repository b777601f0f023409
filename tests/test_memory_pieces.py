"""A large timed file is converted without its whole text in memory (issue 14, item 18): the
command line reads a regular file a piece at a time (``runner.PIECE_BYTES``), decodes and reads
each piece as it comes, and writes the output in pieces.  What it writes and reports is exactly
what reading the whole input writes and reports; an input that needs the whole text (an
encoding to guess, bytes to repair, a WebVTT rule that weighs the whole file) is read whole."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from subconv import encoding, runner
from subconv.cli import main
from subconv.encoding import FIRST_PIECE_BYTES
from subconv.formats import WriteOptions
from subconv.options import Options
from subconv.report import Report


def _srt(n: int) -> str:
    blocks = []
    for i in range(n):
        ms = i * 1500
        text = f"Line {i}: ça coûte 5 €" if i % 7 else f"<i>Line {i}</i>\n- second line 🎬"
        blocks.append(f"{i + 1}\n{_clock(ms, ',')} --> {_clock(ms + 1200, ',')}\n{text}\n")
    return "\n".join(blocks)


def _vtt(n: int) -> str:
    blocks = ["WEBVTT - a header\n"]
    for i in range(n):
        ms = i * 1500
        cue_id = f"c{i}\n" if i % 5 == 0 else ""
        settings = " align:start" if i % 11 == 0 else ""
        blocks.append(f"{cue_id}{_clock(ms, '.')} --> {_clock(ms + 1200, '.')}{settings}\nLine {i} &amp; 🎬\n")
        if i % 97 == 0:
            blocks.append(f"NOTE a note before cue {i + 1}\n")
    return "\n".join(blocks)


def _ass(n: int) -> str:
    head = (
        "[Script Info]\nScriptType: v4.00+\n\n[Events]\n"
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    )
    events = [
        f"Dialogue: 0,0:{i // 40 % 60:02d}:{i % 40 + 10:02d}.00,0:{i // 40 % 60:02d}:{i % 40 + 11:02d}.50,"
        f"Default,,0,0,0,,Line {i}\\N{{\\i1}}two{{\\i0}} 🎬\n"
        for i in range(n)
    ]
    return head + "".join(events)


def _cuelist(n: int) -> str:
    items = [
        f'  {{"start": {i * 1.5}, "end": {i * 1.5 + 1.2:.3f}, "text": "Line {i}: <i>ça</i> 🎬"}}'
        if i % 9
        else f'  {{"note": {i}}}'
        for i in range(n)
    ]
    return "[\n" + ",\n".join(items) + "\n]\n"


def _clock(ms: int, sep: str) -> str:
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, f = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{f:03d}"


def _whole(path: Path, to: str) -> tuple[str | None, Report]:
    """The output and report of converting ``path`` from its whole bytes (the path before pieces)."""
    report = Report()
    job = runner.Job(str(path), None, None, to, None, Options(), WriteOptions())
    return runner.convert_data(path.read_bytes(), job, report), report


def _cli(path: Path, to: str, tmp_path: Path) -> tuple[int, bytes, dict[str, Any]]:
    out = tmp_path / f"out.{to}"
    report = tmp_path / "report.json"
    status = main(["convert", str(path), "-o", str(out), "--to", to, "--report", str(report)])
    return status, out.read_bytes() if out.exists() else b"", json.loads(report.read_text(encoding="utf-8"))


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inputs read in the smallest pieces allowed, so that small files come in many."""
    monkeypatch.setattr(runner, "PIECE_BYTES", FIRST_PIECE_BYTES)


@pytest.fixture
def no_whole_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Decoding the whole input fails: a conversion that succeeds read it in pieces."""

    def whole(*args: object, **kwargs: object) -> str:
        raise AssertionError("the whole input was decoded")

    monkeypatch.setattr(encoding, "decode", whole)


@pytest.mark.usefixtures("small_pieces")
@pytest.mark.parametrize(("make", "suffix"), [(_srt, ".srt"), (_vtt, ".vtt"), (_ass, ".ass"), (_cuelist, ".json")])
@pytest.mark.parametrize("to", ["srt", "vtt", "ass"])
@pytest.mark.parametrize("crlf", [False, True])
def test_a_file_in_pieces_converts_as_the_whole_file(
    make: object, suffix: str, to: str, crlf: bool, tmp_path: Path
) -> None:
    text = make(4000)  # type: ignore[operator]
    src = tmp_path / f"in{suffix}"
    src.write_bytes((text.replace("\n", "\r\n") if crlf else text).encode("utf-8"))
    assert src.stat().st_size > 3 * FIRST_PIECE_BYTES
    whole, whole_report = _whole(src, to)
    status, written, report = _cli(src, to, tmp_path)
    assert status == 0
    assert written.decode("utf-8") == whole
    expected = json.loads(whole_report.to_json())
    expected["info"]["output"] = str(tmp_path / f"out.{to}")
    assert report == expected


@pytest.mark.usefixtures("small_pieces", "no_whole_decoding")
def test_a_large_utf8_file_is_never_decoded_whole(tmp_path: Path) -> None:
    src = tmp_path / "in.srt"
    src.write_text(_srt(4000), encoding="utf-8")
    status, written, report = _cli(src, "vtt", tmp_path)
    assert status == 0
    assert written.startswith(b"WEBVTT") and written.count(b" --> ") == 4000
    assert report["info"]["cues_read"] == 4000


@pytest.mark.usefixtures("small_pieces")
@pytest.mark.parametrize(
    ("late", "suffix"),
    [
        (b"\n\n9999\n00:00:01,000 --> 00:00:02,000\ncaf\xe9\n", ".srt"),  # not UTF-8: a guess
        (b"\n\n9999\n00:00:01,000 --> 00:00:02,000\nnul\x00\n", ".srt"),  # a NUL byte: removed, reported
        (b"\n\n00:00:01.5 --> 00:00:02.25\nshort fractions\n", ".vtt"),  # a rule about the whole file
    ],
)
def test_what_only_the_whole_input_reads_right_is_read_whole(late: bytes, suffix: str, tmp_path: Path) -> None:
    text = (_srt(4000) if suffix == ".srt" else _vtt(4000)).encode("utf-8")
    src = tmp_path / f"in{suffix}"
    src.write_bytes(text.rstrip(b"\n") + late)
    whole, whole_report = _whole(src, "ass")
    status, written, report = _cli(src, "ass", tmp_path)
    assert status == 0
    assert written.decode("utf-8") == whole
    assert report["entries"] == json.loads(whole_report.to_json())["entries"]
    assert report["info"]["encoding"] == whole_report.info["encoding"]


@pytest.mark.usefixtures("small_pieces")
def test_an_error_late_in_a_large_file_names_its_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _srt(4000)
    lines = text.count("\n")
    src = tmp_path / "in.srt"
    src.write_text(text + "\n4001\n00:00:01,000 --> 1234567890123:00:02,000\nabsurd\n", encoding="utf-8")
    assert main(["convert", str(src), "-o", str(tmp_path / "out.vtt")]) == 1
    assert f"{src}:{lines + 3}: srt:" in capsys.readouterr().err
    assert not (tmp_path / "out.vtt").exists()


@pytest.mark.usefixtures("small_pieces")
@pytest.mark.parametrize(("make", "suffix"), [(_srt, ".srt"), (_vtt, ".vtt"), (_ass, ".ass"), (_cuelist, ".json")])
def test_reading_in_pieces_never_holds_the_whole_text(make: object, suffix: str, tmp_path: Path) -> None:
    """What a read allocates beyond the track it returns: a few pieces when read in pieces; the
    bytes and the whole text (4 bytes a character here: the text has emoji) when read whole."""
    import tracemalloc

    src = tmp_path / f"in{suffix}"
    src.write_text(make(12_000), encoding="utf-8")  # type: ignore[operator]
    job = runner.Job(str(src), None, None, "srt", None, Options(), WriteOptions())

    def transient(path: str | None) -> int:
        tracemalloc.start()
        try:
            track = runner._read_input(src.read_bytes, job, Report(), path)
            held, peak = tracemalloc.get_traced_memory()
            del track
            return peak - held
        finally:
            tracemalloc.stop()

    whole, pieces = transient(None), transient(str(src))
    assert whole > 3 * src.stat().st_size
    assert pieces < whole / 2

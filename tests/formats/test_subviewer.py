"""SubViewer 2.0: reading (header kept), writing (10 ms, [br]), sniffing against MicroDVD, round trips."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import Report, WriteOptions, detect_format, dumps, loads, read
from subconv.formats import get
from subconv.model import Cue, Track
from subconv.timefmt import to_resolution
from tests.clirun import run_subconv
from tests.robustness.robust_helpers import corpus_file
from tests.strategies import tracks

WJ = "\u2060"
LAST = 359_999_990  # 99:59:59.99
SAMPLE = (
    "[INFORMATION]\n[TITLE]Demo\n[AUTHOR]\n[SOURCE]\n[PRG]\n[FILEPATH]\n[DELAY]0\n[CD TRACK]0\n[COMMENT]\n"
    "[END INFORMATION]\n[SUBTITLE]\n[COLF]&H000000,[STYLE]bd,[SIZE]25,[FONT]Arial\n"
    "00:02:17.44,00:02:20.38\nSenator, we're making[br]our final approach.\n\n"
    "01:02:20.48,01:02:22.5\nVery good, Lieutenant.\n"
)


def _odd(rel: str) -> Path:
    """A file of the corpus's ``odd`` folder, skipping when it is absent."""
    return corpus_file(f"odd/{rel}")


def _at_resolution(track: Track) -> list[tuple[int, int, tuple[str, ...]]]:
    """Times at 10 ms (at most 99:59:59.99, where SubViewer clamps), lines without end spaces."""

    def ms(t: int | None) -> int:
        return min(to_resolution(t or 0, 10), LAST)

    return [(ms(c.start), ms(c.end), tuple(x.strip(" \t") for x in c.lines)) for c in track.cues]


def test_reads_header_times_and_breaks() -> None:
    t = loads(SAMPLE)
    assert detect_format(SAMPLE) == "subviewer"
    assert t.title == "Demo"
    assert [(c.start, c.end, c.lines) for c in t.cues] == [
        (137440, 140380, ("Senator, we're making", "our final approach.")),
        (3740480, 3742500, ("Very good, Lieutenant.",)),
    ]
    assert t.meta["subviewer.header"][-1] == "[COLF]&H000000,[STYLE]bd,[SIZE]25,[FONT]Arial"


def test_same_format_round_trip_keeps_the_header() -> None:
    assert dumps(loads(SAMPLE), "subviewer") == SAMPLE.replace("22.5\n", "22.50\n")


def test_writes_a_header_with_the_title_and_rounds_to_10_ms() -> None:
    rep = Report()
    text = dumps(Track((Cue(1004, 2995, ("a", "b")),), title="Film"), "subviewer", report=rep)
    assert text.startswith("[INFORMATION]\n[TITLE]Film\n")
    assert text.endswith("[SUBTITLE]\n[COLF]&HFFFFFF,[STYLE]no,[SIZE]18,[FONT]Arial\n00:00:01.00,00:00:03.00\na[br]b\n")
    assert any("rounded to 10 ms" in e.reason for e in rep.entries)
    assert get("subviewer").resolution_ms == 10


def test_sniff_tells_subviewer_from_microdvd_and_sbv() -> None:
    assert detect_format("{1}{25}Hello|world\n{30}{50}Bye\n", "x.sub") == "microdvd"
    assert detect_format("00:00:01.00,00:00:02.00\nHi\n", "x.sub") == "subviewer"
    assert detect_format("0:00:01.000,0:00:02.000\nHi\n", "x.sub") == "sbv"


def test_literal_br_and_blank_lines_survive() -> None:
    lines = ("[br] and [BR]", "", "00:00:01.00,00:00:02.00", "[" + WJ + "br]")
    written = dumps(Track((Cue(0, 1000, lines),)), "subviewer")
    assert loads(written, "subviewer").cues[0].lines == lines


@settings(max_examples=60)
@given(tracks(spans=False, resolution=10))
def test_round_trip(track: Track) -> None:
    assert loads(dumps(track, "subviewer"), "subviewer").cues == track.cues


@settings(max_examples=60)
@given(tracks(hostile=True), st.booleans(), st.booleans())
def test_round_trip_hostile_text(track: Track, bom: bool, crlf: bool) -> None:
    written = dumps(track, "subviewer", options=WriteOptions(bom=bom, crlf=crlf))
    assert detect_format(written) == "subviewer"
    assert _at_resolution(loads(written, "subviewer")) == _at_resolution(track)


@pytest.mark.parametrize("name", ["sub_viewer.sub", "sub_viewer_with_headers.sub"])
def test_corpus_subviewer_files(name: str) -> None:
    """Issue 14 item 10: a SubViewer .sub was read as MicroDVD and gave 0 cues."""
    path = _odd(f"mantas-done-subtitles/{name}")
    track = read(path)
    assert len(track.cues) == 2
    assert track.cues[0].lines == ("Senator, we're making", "our final approach into Coruscant.")
    assert track.cues[1].start == 3740000 + (500 if name == "sub_viewer.sub" else 480)
    again = loads(dumps(track, "subviewer"), "subviewer")
    assert again.cues == track.cues


@pytest.mark.parametrize("rel", ["mantas-done-subtitles/sub_microdvd.sub", "subsrt/sample.sub"])
def test_corpus_microdvd_sub_files_stay_microdvd(rel: str) -> None:
    rep = Report()
    track = read(_odd(rel), report=rep)
    assert rep.info["format"] == "microdvd"
    assert len(track.cues) >= 2


def test_cli_converts_subviewer_to_srt(tmp_path: Path) -> None:
    src = tmp_path / "film.sub"
    src.write_text(SAMPLE, encoding="utf-8")
    out = run_subconv("convert", str(src))
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("1\n00:02:17,440 --> 00:02:20,380\nSenator, we're making\nour final approach.\n")


def test_folder_mode_names_outputs_with_the_registry_extension(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\nHi\n", encoding="utf-8")
    out = tmp_path / "out"
    done = run_subconv("convert", str(src), "-o", str(out), "--to", "subviewer", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    written = out / "a.sub"
    assert written.is_file()
    assert read(written).cues[0].lines == ("Hi",)

"""Nothing silent (issue 14, items 10-12): lenient WebVTT fractions, an empty result, a shaky
encoding guess, options that cannot act, the editor list in --help, a missing --media file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import subconv
from subconv.cli import main
from subconv.report import LOUD_STEP
from subconv.timefmt import MAX_MS, to_resolution
from tests.clirun import run_subconv

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TWO_DIGIT = (
    "WEBVTT\n\n00:02:04.08 --> 00:02:06.50\nHello\n\n00:02:07.10 --> 00:02:09.00\nthere\n\n"
    "00:02:09.5 --> 00:02:11.25\nyou\n"
)


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    out, err = capsys.readouterr()
    return status, out, err


def test_two_digit_webvtt_fractions_are_read_as_hundredths_and_reported() -> None:
    report = subconv.Report()
    track = subconv.loads(TWO_DIGIT, report=report)
    assert [(c.start, c.end) for c in track] == [(124080, 126500), (127100, 129000), (129500, 131250)]
    repaired = [e for e in report if e.action == "repaired" and "fraction digits" in e.reason]
    assert [e.line for e in repaired] == [3, 6, 9]


def test_a_stray_short_fraction_still_follows_the_spec() -> None:
    # one short timestamp among many good ones is not the file's convention: the spec drops that cue
    good = "".join(f"00:00:{i:02d}.000 --> 00:00:{i:02d}.500\ncue {i}\n\n" for i in range(1, 6))
    track = subconv.loads("WEBVTT\n\n" + good + "00:00:07.00 --> 00:00:08.000\nshort\n")
    assert [c.text for c in track] == [f"cue {i}" for i in range(1, 6)]


def test_the_two_digit_file_converts_to_a_full_srt(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "two.vtt"
    src.write_text(TWO_DIGIT, encoding="utf-8")
    status, out, _ = _cli(["convert", str(src), "--to", "srt"], capsys)
    assert status == 0
    assert "00:02:04,080 --> 00:02:06,500" in out and len(subconv.loads(out)) == 3


def test_corpus_two_digit_file() -> None:
    path = SHARED / "corpus" / "odd" / "go-astisub" / "example-in.vtt"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    report = subconv.Report()
    track = subconv.read(path, report=report)
    # pysubs2 and webvtt-py read 5 cues; the first timing line has no fraction at all (dropped, reported)
    assert len(track) == 5
    assert track.cues[0].start == 124080
    assert sum("fraction digits" in e.reason for e in report) == 6


def test_no_cue_from_a_non_empty_input_is_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "notes.vtt"
    src.write_text("WEBVTT\n\nNOTE a note, and no cue\n", encoding="utf-8")
    status, _, err = _cli(["convert", str(src), "-o", str(tmp_path / "notes.srt")], capsys)
    assert status == 0
    assert err == f"subconv: warning: {src}: no cue found in this non-empty vtt input: the output is empty\n"
    # an empty input stays quiet
    empty = tmp_path / "empty.srt"
    empty.write_text("", encoding="utf-8")
    assert _cli(["convert", str(empty), "-o", str(tmp_path / "e.vtt")], capsys)[2] == ""


def test_a_low_confidence_encoding_guess_is_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "cafe.srt"
    src.write_bytes(b"1\n00:00:01,000 --> 00:00:02,000\ncaf\xe9\n")
    status, _, err = _cli(["convert", str(src), "-o", str(tmp_path / "out.srt")], capsys)
    assert status == 0
    assert err.startswith(f"subconv: warning: {src}: encoding guessed as ") and "low confidence" in err


def test_merge_fragments_on_a_timed_file_says_why_not(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "t.srt"
    src.write_text("1\n00:00:01,000 --> 00:00:02,000\nso we\n\n2\n00:00:02,000 --> 00:00:03,000\nwent\n")
    status, _, err = _cli(["convert", str(src), "--merge-fragments", "-o", str(tmp_path / "o.srt")], capsys)
    assert status == 0
    assert "--merge-fragments" in err and "keep their times" in err
    page = tmp_path / "p.txt"
    page.write_text("so we\nwent home.\n", encoding="utf-8")
    assert "merge" not in _cli(["convert", str(page), "--merge-fragments", "-o", str(tmp_path / "p.srt")], capsys)[2]


def test_duration_on_a_timed_file_says_why_not(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``--duration`` on a timed file was taken and did nothing, without a word; with
    ``--retime`` it re-times the cues over that length, and a page uses it, so neither warns."""
    src = tmp_path / "in.srt"
    src.write_text("1\n00:00:01,000 --> 00:00:02,000\nHello there.\n", encoding="utf-8")
    status, _, err = _cli(["convert", str(src), "--duration", "10:00", "-o", str(tmp_path / "o.srt")], capsys)
    assert status == 0 and "--duration is the media's length" in err and "keep their times" in err
    retimed = _cli(["convert", str(src), "--duration", "10:00", "--retime", "-o", str(tmp_path / "r.srt")], capsys)
    assert "--duration" not in retimed[2]
    page = tmp_path / "page.txt"
    page.write_text("Hello there.\n", encoding="utf-8")
    assert (
        "--duration" not in _cli(["convert", str(page), "--duration", "60", "-o", str(tmp_path / "p.srt")], capsys)[2]
    )


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        ([], "so the media is not used (to put them in sync with it, use subconv sync or add --retime)"),
        (["--words", "--to", "vtt"], "so the media is not used and --words has no word times from it (to put"),
        (["--words"], "so the media is not used and --words has no word times from it (to put"),
        (["--no-align"], "--media with --no-align is the media's length for estimating times; this srt file's"),
    ],
)
def test_media_on_a_timed_file_says_why_not(
    extra: list[str], said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--media`` (and ``--words``) on a timed file without ``--retime`` did nothing, without a
    word: the file keeps its times, as with ``--duration``.  One line says so, and how to use the
    media (``--words`` to SRT does not add a second line about SRT)."""
    import wave

    src = tmp_path / "in.srt"
    timed = "1\n00:00:01,000 --> 00:00:02,000\nHello there.\n\n2\n00:00:03,000 --> 00:00:04,000\nBye.\n"
    src.write_text(timed, encoding="utf-8")
    media = tmp_path / "talk.wav"  # (never read: no ffmpeg needed)
    with wave.open(str(media), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16_000)
        w.writeframes(bytes(32_000))
    out = tmp_path / ("o.vtt" if "vtt" in extra else "o.srt")
    status, stdout, err = _cli(["convert", str(src), "--media", str(media), *extra, "-o", str(out)], capsys)
    assert (status, stdout) == (0, "")
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"subconv: warning: {src}: --media"), err
    assert said in lines[0] and "keep their times" in lines[0], err
    assert "<00:" not in out.read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8").count("00:00:01") == 1


def test_editor_without_fps_says_why_nothing_snaps(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "t.srt"
    src.write_text("1\n00:00:01,000 --> 00:00:02,000\nhi\n", encoding="utf-8")
    status, _, err = _cli(["convert", str(src), "--editor", "resolve", "-o", str(tmp_path / "o.srt")], capsys)
    assert status == 0
    assert "--editor resolve" in err and "--fps" in err
    _, _, err = _cli(["convert", str(src), "--editor", "resolve", "--fps", "25", "-o", str(tmp_path / "o.srt")], capsys)
    assert err == ""


def test_help_lists_the_editor_names(capsys: pytest.CaptureFixture[str]) -> None:
    from subconv.editors import PRESETS

    with pytest.raises(SystemExit):
        main(["convert", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for name in PRESETS:
        assert name in text


@pytest.mark.parametrize("command", ["convert", "sync"])
def test_a_missing_media_file_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str) -> None:
    src = tmp_path / "t.srt"
    src.write_text("1\n00:00:01,000 --> 00:00:02,000\nhi\n", encoding="utf-8")
    media = tmp_path / "absent.mp4"
    out = tmp_path / "o.srt"
    status, _, err = _cli([command, str(src), "--media", str(media), "-o", str(out)], capsys)
    assert status == 1
    assert err == f"subconv: error: {media}: cannot read the media (--media): no such file\n"
    assert not out.exists()


def test_an_assumed_microdvd_frame_rate_is_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "film.sub"
    src.write_text("{10}{50}{y:i}Hello|world\n{60}{90}Second\n", encoding="utf-8")
    status, _, err = _cli(["convert", str(src), "-o", str(tmp_path / "film.srt")], capsys)
    assert status == 0
    assert err.startswith(f"subconv: warning: {src}: MicroDVD counts frames and declares no rate: read at 23.976")
    # a declared rate is read, quietly; the cues keep their own lines of the input
    src.write_text("{1}{1}25\n{10}{50}Hello\n\n{60}{90}Second\n", encoding="utf-8")
    report = subconv.Report()
    track = subconv.read(src, report=report)
    assert [(c.start, c.source_line) for c in track] == [(400, 2), (2400, 4)]
    assert _cli(["convert", str(src), "-o", str(tmp_path / "film.srt")], capsys)[2] == ""


def test_an_output_emptied_by_a_step_says_which(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "early.srt"
    src.write_text("1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\n00:00:02,000 --> 00:00:03,000\nYou\n", encoding="utf-8")
    status, _, err = _cli(["shift", str(src), "-o", str(tmp_path / "out.srt"), "--", "-5s"], capsys)
    assert status == 0
    why = "all 2 cues read were dropped (by shift; --explain lists each): the output is empty"
    assert err == f"subconv: warning: {src}: {why}\n"


#: the formats whose clock stops at 99:59:59 (two hour digits), and the latest time each writes
_CLAMPING = {
    "srt": "99:59:59,999",
    "ass": "99:59:59.99",
    "ssa": "99:59:59.99",
    "sbv": "99:59:59.999",
    "subviewer": "99:59:59.99",
    "tmp": "99:59:59",
}


@pytest.mark.parametrize("fmt", sorted(_CLAMPING))
def test_times_past_the_formats_clock_are_said_once_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """Shifted past 100 hours, every SRT cue became ``99:59:59,999 --> 99:59:59,999`` with exit
    0 and nothing on stderr (only the report said it, cue by cue): one warning now counts them."""
    path = SHARED / "corpus" / "timed" / "films" / "LaLaLand.en.srt"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    n = len(subconv.read(path))
    out, report = tmp_path / f"big{subconv.formats.get(fmt).extensions[0]}", tmp_path / "r.json"
    args = ["shift", str(path), "+360000s", "-o", str(out), "--to", fmt, "--report", str(report)]
    status, _, err = _cli(args, capsys)
    assert status == 0
    largest = _CLAMPING[fmt]
    assert err == (
        f"subconv: warning: {path}: {n} cues run past {largest}, the latest time {fmt} can write: "
        f"written at {largest}, their times lost (--report lists each)\n"
    )
    entries = json.loads(report.read_text(encoding="utf-8"))["entries"]
    assert sum(e["action"] == "rewritten" and "clamped" in e["reason"] for e in entries) >= n


@given(
    starts=st.lists(st.integers(0, 2 * MAX_MS) | st.integers(MAX_MS - 30, MAX_MS + 30), min_size=1, max_size=12),
    length=st.integers(0, 10_000) | st.integers(0, 20),
    fmt=st.sampled_from(sorted(_CLAMPING)),
)
def test_the_clamp_warning_counts_the_cues_past_the_clock(starts: list[int], length: int, fmt: str) -> None:
    """Exactly the cues a time of which is past the format's clock are counted (tmp writes starts
    only); none past it: no warning."""
    track = subconv.Track(tuple(subconv.Cue(s, s + length, (f"cue {i}",)) for i, s in enumerate(starts)))
    report = subconv.Report()
    subconv.dumps(track, fmt, report=report)
    if fmt == "tmp":
        late = sum(s > MAX_MS for s in starts)
    elif fmt in ("ass", "ssa"):  # (10 ms clocks: at most 99:59:59.99)
        late = sum(s + length > MAX_MS - 9 for s in starts)
    elif fmt == "subviewer":  # (rounded to 10 ms first)
        late = sum(to_resolution(s + length, 10) > MAX_MS for s in starts)
    else:
        late = sum(s + length > MAX_MS for s in starts)
    said = [e.reason for e in report if e.step == LOUD_STEP and "the latest time" in e.reason]
    if late:
        assert len(said) == 1 and said[0].startswith(f"{late} cue{'s' if late > 1 else ''} run")
    else:
        assert said == []


def _clock(ms: int, mark: str) -> str:
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d}{mark}{ms % 1000:03d}"


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 10**7), st.integers(1, 9999)), min_size=1, max_size=5),
    st.sampled_from([",", ":", ".0x"]),
    st.booleans(),
)
def test_a_vtt_whose_every_cue_has_a_bad_timing_line_is_an_error(
    times: list[tuple[int, int]], sep: str, good: bool
) -> None:
    """WebVTT cues written with SRT's comma (or another mark) before the milliseconds: the
    reader drops each, as the spec's parser does (the library reads such a text as no cues), but
    when no cue is left the command line gives an error at the first one, exit 1, and writes no
    file (it wrote an empty one with exit 0).  With one good cue the rest are dropped and
    reported, exit 0."""
    import contextlib
    import io
    import tempfile

    blocks = [f"{_clock(a, sep)} --> {_clock(a + d, sep)}\ncue {k}" for k, (a, d) in enumerate(times)]
    if good:
        blocks.append(f"{_clock(0, '.')} --> {_clock(1000, '.')}\nfine")
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.vtt", Path(tmp) / "out.srt"
        src.write_text("WEBVTT\n\n" + "\n\n".join(blocks) + "\n", encoding="utf-8")
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            status = main(["convert", str(src), "-o", str(out)])
        if good:
            assert status == 0 and out.read_text(encoding="utf-8").count("-->") == 1
            return
        assert status == 1 and not out.exists()
        said = err.getvalue()
        assert said.startswith(f"subconv: error: {src}:3: vtt: no cue could be read: {len(times)} block"), said
        assert ("SRT's" in said) == (sep == ","), said


#: options whose effect is in what the output format writes, with the capability of the
#: output format each needs (``Format``'s declaration)
_FOR_OUTPUT = {
    "--fps=25": "times",
    "--max-chars=30": "lines",
    "--max-lines=3": "lines",
    "--no-speaker-prefix": "speaker_prefix",
    "--words": "words",
}


@settings(max_examples=60, deadline=None)
@given(to=st.sampled_from(subconv.formats.writable()), given_options=st.sets(st.sampled_from(sorted(_FOR_OUTPUT))))
def test_an_option_the_output_format_has_no_use_for_is_said_once(
    tmp_path_factory: pytest.TempPathFactory, to: str, given_options: set[str]
) -> None:
    """``--fps`` or ``--max-chars`` with ``--to txt`` did nothing, without a word: each option
    given that the output format has no use for gets one warning line on stderr, naming it and
    the format; the others none, and the output is written all the same."""
    import contextlib
    import io

    folder = tmp_path_factory.mktemp("unwritten")
    src = folder / "in.vtt"  # (word times of its own: --words has some to write)
    src.write_text("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Ann>Hello <00:00:02.000>there\n", encoding="utf-8")
    out = folder / "out"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["convert", str(src), "--to", to, "-o", str(out), *sorted(given_options)])
    assert status == 0 and out.read_text(encoding="utf-8").strip()
    lines = err.getvalue().splitlines()
    fmt = subconv.formats.get(to)
    for option, needs in _FOR_OUTPUT.items():
        name = option.split("=")[0]
        said = [line for line in lines if line.startswith(f"subconv: warning: {src}: {name}: ")]
        useless = option in given_options and not getattr(fmt, needs)
        assert len(said) == (1 if useless else 0), (option, to, lines)
        if useless:
            assert f": {name}: {to} " in said[0]
    # (--max-lines without --max-chars on a timed file, written with its lines: "this vtt file's
    # cues keep their lines", tests/test_cli_kept_as_read.py)
    kept = "--max-lines=3" in given_options and "--max-chars=30" not in given_options and fmt.lines
    assert len(lines) == sum(1 for o in given_options if not getattr(fmt, _FOR_OUTPUT[o])) + kept, lines


def test_fps_and_max_chars_with_to_txt_are_said_to_do_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.srt"
    src.write_text("1\n00:00:01,000 --> 00:00:02,000\nHello there.\n", encoding="utf-8")
    status, out, err = _cli(["convert", str(src), "--to", "txt", "--fps", "25", "--max-chars", "10"], capsys)
    assert status == 0 and out == "Hello there.\n"
    assert err == (
        f"subconv: warning: {src}: --fps: txt writes no times: none to snap to frames (ignored)\n"
        f"subconv: warning: {src}: --max-chars: txt joins each cue's lines into paragraphs: a line length "
        "has no effect on it\n"
    )


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 50_000), st.integers(0, 3_000), st.booleans()), min_size=1, max_size=12),
    st.sampled_from(["srt", "vtt"]),
)
def test_zero_length_cues_are_kept_with_one_warning(cues: list[tuple[int, int, bool]], to: str) -> None:
    """Cues that start and end at the same time were converted with nothing said, and no player
    shows them: they are kept, with one warning on stderr (how many, the first lines), not one
    per cue; a file without one gets none."""
    import contextlib
    import io
    import tempfile

    body = []
    for n, (start, length, zero) in enumerate(cues, 1):
        end = start if zero else start + length + 1
        body.append(f"{n}\n{_srt_time(start)} --> {_srt_time(end)}\ncue {n}\n")
    text = "\n".join(body)
    zero_lines = [4 * k + 2 for k, (_, _, zero) in enumerate(cues) if zero]
    err = io.StringIO()
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "a.srt", Path(tmp) / f"out.{to}"
        src.write_text(text, encoding="utf-8")
        with contextlib.redirect_stderr(err):
            assert main(["convert", str(src), "-o", str(out)]) == 0
        back = subconv.read(out)
    assert len(back) == len(cues)  # (nothing lost)
    warnings = [ln for ln in err.getvalue().splitlines() if "at the same time" in ln]
    if not zero_lines:
        assert not warnings
        return
    assert len(warnings) == 1, err.getvalue()
    assert warnings[0].startswith(f"subconv: warning: {src}:{zero_lines[0]}: ")
    count = "a cue starts" if len(zero_lines) == 1 else f"{len(zero_lines)} cues start"
    assert count in warnings[0] and "subconv check" in warnings[0]
    if len(zero_lines) > 1:
        assert f"(lines {', '.join(map(str, zero_lines[:5]))}" in warnings[0]


def _srt_time(ms: int) -> str:
    return f"00:{ms // 60_000:02}:{ms // 1000 % 60:02},{ms % 1000:03}"


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["-o", "film.stl"], "the output 'film.stl' is written as srt: its ending .stl names no format"),
        (["--to", "vtt", "-o", "x.srt"], "the output 'x.srt' is written as vtt: not as the srt its ending .srt names"),
        (["--to", "ass", "-o", "x.vtt"], "the output 'x.vtt' is written as ass: not as the vtt its ending .vtt names"),
        (["-o", "x.srt"], None),
        (["--to", "vtt", "-o", "x.webvtt"], None),
        (["--to", "mpl2", "-o", "x.txt"], None),  # (an ending several formats claim: read by content)
        (["--to", "subviewer", "-o", "x.sub"], None),
        (["-o", "noending"], None),
    ],
)
def test_an_output_name_whose_ending_is_not_the_format_written_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], said: str | None
) -> None:
    """``-o film.stl`` (no format of that ending: SRT) and ``--to vtt -o x.srt``: written as
    before, with one warning saying which format the file holds; before, with nothing said."""
    src = tmp_path / "in.srt"
    src.write_text("1\n00:00:01,000 --> 00:00:02,000\nHello\n", encoding="utf-8")
    out_args = [str(tmp_path / a) if k and args[k - 1] == "-o" else a for k, a in enumerate(args)]
    assert main(["convert", str(src), *out_args]) == 0
    err = capsys.readouterr().err
    if said is None:
        assert "is written as" not in err, err
    else:
        assert err.count("is written as") == 1 and said in err, err
        written = (tmp_path / args[-1]).read_text(encoding="utf-8")
        assert subconv.detect_format(written) == said.split("written as ")[1].split(":")[0]


def test_a_warning_counting_cues_on_one_line_names_it_once(tmp_path: Path) -> None:
    """A JSON array of word times on one line: 13 zero-length cues were "(lines 1, 1, 1, 1, 1, ...)"."""
    words = tmp_path / "words.json"
    words.write_text(
        "[" + ", ".join(f'["w{i}", {i}.0, {i if i % 2 else i + 0.5}]' for i in range(1, 9)) + "]", encoding="utf-8"
    )
    r = run_subconv("convert", str(words))
    assert r.returncode == 0, r.stderr
    assert f"{words}:1: 4 cues start and end at the same time (all on line 1): kept" in r.stderr

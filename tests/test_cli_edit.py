"""``subconv shift``, ``retime`` and ``check``: they compose like ``convert`` and never trace back."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from fractions import Fraction
from itertools import pairwise
from pathlib import Path

import pysubs2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import subconv
from subconv import Cue, Track
from subconv.cli import main
from subconv.quality import PROFILES, Profile, chars, check, min_gap_ms
from subconv.text.width import text_width

ROOT = Path(__file__).resolve().parents[1]
TIMED = ROOT / ".." / "shared" / "corpus" / "timed"

SRT = (
    "1\n00:00:01,000 --> 00:00:02,000\nFirst.\n\n"
    "2\n00:00:03,000 --> 00:00:04,500\nSecond line of the file.\n\n"
    "3\n00:00:10,000 --> 00:00:12,000\nThird.\n"
)


def _file(tmp_path: Path, text: str = SRT, name: str = "in.srt") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def _times(text: str, fmt: str = "srt") -> list[tuple[int | None, int | None]]:
    return [(c.start, c.end) for c in subconv.loads(text, fmt)]


def test_shift_forward_and_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _file(tmp_path)
    assert main(["shift", str(src), "+2.5s"]) == 0
    assert _times(capsys.readouterr().out) == [(3500, 4500), (5500, 7000), (12500, 14500)]
    assert main(["shift", str(src), "-00:00:01.200", "--explain"]) == 0
    out, err = capsys.readouterr()
    assert _times(out) == [(0, 800), (1800, 3300), (8800, 10800)]
    assert "shift: rewritten: every time shifted by -1200 ms" in err
    assert "start trimmed to 0:00" in err


def test_shift_drops_cues_moved_before_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _file(tmp_path)
    out = tmp_path / "out.srt"
    rep = tmp_path / "rep.json"
    assert main(["shift", str(src), "-5s", "-o", str(out), "--report", str(rep)]) == 0
    assert _times(out.read_text(encoding="utf-8")) == [(5000, 7000)]
    entries = json.loads(rep.read_text(encoding="utf-8"))["entries"]
    assert [(e["action"], e["line"]) for e in entries if e["action"] == "dropped"] == [("dropped", 2), ("dropped", 6)]


def test_shift_reads_stdin_writes_stdout_keeps_format() -> None:
    ass = subconv.dumps(subconv.loads(SRT, "srt"), "ass")
    proc = subprocess.run(
        [sys.executable, "-m", "subconv", "shift", "-", "+1s"],
        input=ass,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("[Script Info]")  # written in the input's format
    assert _times(proc.stdout, "ass") == [(2000, 3000), (4000, 5500), (11000, 13000)]


@pytest.mark.parametrize(
    ("fmt", "name", "out"),
    [
        ("mpl2", "in.txt", "shifted.txt"),  # (.txt names the plain transcript: the times were lost)
        ("tmp", "in.txt", "shifted.txt"),
        ("subviewer", "in.sub", "shifted.sub"),  # (.sub names MicroDVD: written at 23.976 fps)
        ("ass", "in.ass", "shifted"),  # (no extension: was SRT, the styles lost)
        ("ass", "in.ass", "shifted.bak"),  # (an ending that names no format)
        ("vtt", "in.vtt", "shifted.vtt.part"),
    ],
)
@pytest.mark.parametrize("command", [["shift", "+1s"], ["retime", "--fps", "1:1"], ["check", "--fix"]])
def test_an_edit_keeps_the_input_format_unless_the_output_ending_names_another(
    fmt: str, name: str, out: str, command: list[str], tmp_path: Path
) -> None:
    """``-o`` with the input's own ending, or one that names no format, writes the input's format,
    as standard output does: ``shift movie.txt +1s -o fixed.txt`` on an MPL2 file wrote a plain
    transcript (every time gone, exit 0), a SubViewer ``.sub`` became MicroDVD, and an ASS file
    written to ``-o shifted`` became SRT."""
    text = subconv.dumps(subconv.loads(SRT, "srt").map_text(lambda t: t.rstrip(".")), fmt)
    src = _file(tmp_path, text, name)
    dst = tmp_path / out
    what, *rest = command
    main([what, str(src), *rest, "-o", str(dst)])
    written = subconv.read(dst)
    assert written.format == fmt
    shift = 1000 if what == "shift" else 0
    expected = subconv.read(src).shift(ms=shift)
    assert [(c.start, c.end, c.text) for c in written] == [(c.start, c.end, c.text) for c in expected]


@pytest.mark.parametrize(("out", "fmt"), [("shifted.vtt", "vtt"), ("shifted.ass", "ass"), ("shifted.txt", "txt")])
def test_an_edit_writes_the_format_another_output_ending_names(out: str, fmt: str, tmp_path: Path) -> None:
    src = _file(tmp_path)
    dst = tmp_path / out
    assert main(["shift", str(src), "+1s", "-o", str(dst)]) == 0
    text = dst.read_text(encoding="utf-8")
    assert subconv.detect_format(text) == fmt if fmt != "txt" else text.startswith("First.")


def test_retime_fps_and_points(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _file(tmp_path)
    assert main(["retime", str(src), "--fps", "25:50", "--to", "vtt"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("WEBVTT")
    assert _times(out, "vtt") == [(500, 1000), (1500, 2250), (5000, 6000)]
    assert main(["retime", str(src), "--points", "0:01=0:02,0:10=0:20"]) == 0
    assert _times(capsys.readouterr().out) == [(2000, 4000), (6000, 9000), (20000, 24000)]


@pytest.mark.parametrize(
    "args",
    [
        ["shift", "IN", "2.5x"],
        ["shift", "IN", "+"],
        ["retime", "IN", "--fps", "25"],
        ["retime", "IN", "--fps", "0:25"],
        ["retime", "IN", "--points", "0:10=0:12,0:20=0:05"],
        ["retime", "IN"],
        ["check", "IN", "--fix"],
        ["check", "IN", "--fps", "x"],
        # frame rates outside 1 to 1000 fps: were a traceback (OverflowError), an internal
        # error (ZeroDivisionError) and a check of 2,000,000,000,000 ms gaps
        ["retime", "IN", "--fps", "1e400:25"],
        ["retime", "IN", "--fps", "25:0.5"],
        ["convert", "IN", "--fps", "0.0001"],
        ["convert", "IN", "--fps", "1e30"],
        ["check", "IN", "--fps", "1e-9"],
        ["check", "IN", "--fps", "nan"],
    ],
)
def test_bad_arguments_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    src = _file(tmp_path)
    try:
        status = main([str(src) if a == "IN" else a for a in args])
    except SystemExit as exc:  # argparse's own errors
        status = exc.code  # type: ignore[assignment]
    assert status == 2
    err = capsys.readouterr().err
    assert "subconv: error:" in err and "Traceback" not in err and "internal error" not in err
    if "--fps" in args and "x" not in args and "25" not in args:
        assert "use a rate from 1 to 1000 fps" in err or "not a finite number" in err


def test_shift_of_untimed_page_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _file(tmp_path, "Hello there.\nHow are you?\n", "page.txt")
    assert main(["shift", str(src), "+1s"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("subconv: error: ") and "needs a timed file" in err


def test_check_fix_of_a_caption_page_says_what_to_run_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``check page.txt --fix`` pointed a command-line user at the Python API ("run
    subconv.process() first"); it says to convert the page first, as shift does, and the advice
    works: the file convert writes is repaired."""
    src = _file(tmp_path, "Hello there.\nHow are you?\n", "page.txt")
    out = tmp_path / "fixed.srt"
    assert main(["check", str(src), "--fix", "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err == (
        f"subconv: error: {src}: check --fix needs a timed file, and a caption page has no times: "
        "run `subconv convert` on it first, then `subconv check --fix` on the file it writes\n"
    )
    assert not out.exists()
    timed = tmp_path / "timed.srt"
    assert main(["convert", str(src), "-o", str(timed)]) == 0
    assert main(["check", str(timed), "--fix", "-o", str(out)]) in (0, 1) and out.exists()
    assert "error" not in capsys.readouterr().err


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["shift", "/nonexistent/x.srt", "+1s"]) != 0
    assert "subconv: error:" in capsys.readouterr().err


# -- check -----------------------------------------------------------------------------

BAD = (
    "1\n00:00:01,000 --> 00:00:01,500\nToo short.\n\n"
    "2\n00:00:01,520 --> 00:00:02,520\nThis is a line far too long for the forty-two limit\n\n"
    "3\n00:00:02,400 --> 00:00:09,900\nOverlapped, and on screen too long.\n\n"
    "4\n00:00:20,000 --> 00:00:21,000\nA lot of words to read in only one second\n"
)


def test_check_lists_problems_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _file(tmp_path, BAD)
    assert main(["check", str(src)]) == 1
    out = capsys.readouterr().out
    assert f"{src}:2: cue 1: min-duration: lasts 500 ms (minimum 833)" in out
    assert f"{src}:2: cue 1: gap: gap of 20 ms before cue 2" in out
    assert f"{src}:6: cue 2: chars-per-line: line 1 has 51 characters (limit 42)" in out
    assert f"{src}:6: cue 2: overlap: overlaps cue 3 by 120 ms" in out
    assert f"{src}:10: cue 3: max-duration" in out
    assert f"{src}:14: cue 4: reading-speed: 41.0 characters/s (limit 20)" in out


def test_check_json_and_clean_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _file(tmp_path, BAD)
    assert main(["check", str(src), "--json", "--profile", "bbc"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert doc["profile"] == "bbc" and doc["passed"] is False
    assert {f["rule"] for f in doc["findings"]} >= {"chars-per-line", "overlap", "reading-speed"}
    good = _file(tmp_path, "1\n00:00:01,000 --> 00:00:03,000\nFine.\n", "good.srt")
    assert main(["check", str(good)]) == 0
    assert "0 problems" in capsys.readouterr().out


def test_check_fix_repairs_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _file(
        tmp_path,
        BAD + "\n5\n00:00:30,000 --> 00:00:31,000\nTwenty-two characters.\n\n6\n00:00:31,500 --> 00:00:34,000\nNext.\n",
    )
    out = tmp_path / "fixed.srt"
    status = main(["check", str(src), "--fix", "-o", str(out)])
    text = capsys.readouterr().out
    fixed = subconv.loads(out.read_text(encoding="utf-8"), "srt")
    assert fixed[1].lines == ("This is a line far too long", "for the forty-two limit")  # re-broken
    assert (fixed[1].start, fixed[1].end) == (1520, 2520)  # times kept
    assert fixed[3].end == 22_050  # extended for reading speed: 41 chars at 20 cps
    assert fixed[4].end == 30_000 + 1_100  # 22 characters need 1100 ms
    assert fixed[5].start == 31_500
    assert "fixed: long line re-broken" in text and "fixed: end extended by 1050 ms" in text
    assert status == 1  # the overlap and the too-long cue are not repairable without moving text
    assert "overlap" in text and "max-duration" in text
    assert [c.text.replace("\n", " ") for c in fixed] == [
        c.text.replace("\n", " ") for c in subconv.loads(src.read_text(encoding="utf-8"), "srt")
    ]


def test_check_fix_to_stdout_prints_findings_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _file(tmp_path, BAD)
    main(["check", str(src), "--fix", "-o", "-"])
    out, err = capsys.readouterr()
    assert out.startswith("1\n") and "cue 2: overlap" in err


@pytest.mark.parametrize("output", ["fixed.srt", "-"])
def test_check_with_an_output_but_no_fix_is_a_usage_error(
    output: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``check -o OUT`` without ``--fix`` took the output and wrote nothing, without a word."""
    src = _file(tmp_path, BAD)
    target = str(tmp_path / output) if output != "-" else "-"
    assert main(["check", str(src), "-o", target]) == 2
    assert "check -o writes the repaired file: add --fix" in capsys.readouterr().err
    assert not (tmp_path / "fixed.srt").exists()


# -- the rules, against an independent reading of docs/quality.md ------------------------


def reference(track: Track, p: Profile, fps: Fraction) -> set[tuple[str, int]]:
    """The rules as docs/quality.md states them, written the plain way."""
    gap_min = round(p.gap_frames * 1000 / fps)
    found = set()
    for n, c in enumerate(track, 1):
        text = "".join(c.lines)
        if text.strip() == "":
            found.add(("empty", n))
            continue
        if any(text_width(ln) > p.max_chars for ln in c.lines):
            found.add(("chars-per-line", n))
        if len(c.lines) > p.max_lines:
            found.add(("lines-per-cue", n))
        d = c.end - c.start  # type: ignore[operator]
        if p.max_cps and d > 0 and sum(text_width(ln) for ln in c.lines) / (d / 1000) > p.max_cps + 1e-9:
            found.add(("reading-speed", n))
        if p.min_ms is not None and d < p.min_ms:
            found.add(("min-duration", n))
        if p.max_ms is not None and d > p.max_ms:
            found.add(("max-duration", n))
    if track.format not in ("ass", "ssa"):
        for n, c in enumerate(track, 1):
            if any(above.start > c.start for above in track.cues[: n - 1]):  # type: ignore[operator]
                found.add(("order", n))
    order = sorted(range(len(track)), key=lambda i: (track[i].start, track[i].end, i))
    for a, b in pairwise(order):
        gap = track[b].start - track[a].end  # type: ignore[operator]
        if gap < 0:
            found.add(("overlap", a + 1))
        elif gap < gap_min:
            found.add(("gap", a + 1))
    return found


def _mine(track: Track, p: Profile, fps: Fraction) -> set[tuple[str, int]]:
    return {(f.rule, f.cue) for f in check(track, p, fps)}


@st.composite
def rough_tracks(draw: st.DrawFn) -> Track:
    n = draw(st.integers(1, 8))
    cues = []
    for _ in range(n):
        start = draw(st.integers(0, 20_000))
        end = start + draw(st.integers(-50, 9_000))
        lines = draw(st.lists(st.text(alphabet="ab cd.你", max_size=50), min_size=1, max_size=3))
        cues.append(Cue(start, max(end, start), tuple(lines)))
    return Track(tuple(cues))


@settings(max_examples=200)
@given(rough_tracks(), st.sampled_from(sorted(PROFILES)), st.sampled_from([Fraction(25), Fraction(24000, 1001)]))
def test_check_agrees_with_reference(track: Track, profile: str, fps: Fraction) -> None:
    p = PROFILES[profile]
    assert min_gap_ms(p, fps) == round(p.gap_frames * 1000 / fps)
    assert _mine(track, p, fps) == reference(track, p, fps)


@pytest.mark.skipif(not TIMED.is_dir(), reason="../shared corpus not present")
def test_check_agrees_with_reference_on_corpus() -> None:
    files = sorted(TIMED.glob("**/*.srt"))[:8] + sorted(TIMED.glob("**/*.vtt"))[:4]
    assert files
    for path in files:
        track = subconv.read(path)
        if not track.timed:
            continue
        for name, p in PROFILES.items():
            assert _mine(track, p, Fraction(24000, 1001)) == reference(track, p, Fraction(24000, 1001)), (path, name)
        assert all(chars(c) >= 0 for c in track)


@pytest.mark.skipif(not TIMED.is_dir(), reason="../shared corpus not present")
def test_retime_fps_equals_pysubs2_on_corpus(tmp_path: Path) -> None:
    path = TIMED / "films" / "LaLaLand.en.srt"
    if not path.is_file():
        pytest.skip("LaLaLand.en.srt not in the corpus")
    out = tmp_path / "out.srt"
    buf = io.StringIO()
    sys_stdout, sys.stdout = sys.stdout, buf
    try:
        assert main(["retime", str(path), "--fps", "23.976:25", "-o", str(out)]) == 0
    finally:
        sys.stdout = sys_stdout
    subs = pysubs2.load(str(path))
    subs.transform_framerate(23.976, 25)
    ours = pysubs2.load(str(out))
    assert [(e.start, e.end) for e in ours] == [(e.start, e.end) for e in subs]


def test_fix_widens_small_gaps_and_keeps_what_it_cannot() -> None:
    from subconv import Report
    from subconv.quality import fix

    t = Track((Cue(0, 2000, ("Hello.",)), Cue(2040, 4000, ("Again.",)), Cue(4010, 4900, ("Hi.",))))
    report = Report()
    out = fix(t, PROFILES["netflix-en"], report)
    assert [(c.start, c.end) for c in out] == [(0, 1957), (2040, 3927), (4010, 4900)]
    assert [e.reason for e in report] == [
        "end moved 43 ms earlier: gap of 40 ms widened to 83 ms",
        "end moved 73 ms earlier: gap of 10 ms widened to 83 ms",
    ]
    assert not check(out, PROFILES["netflix-en"])


@settings(max_examples=25, deadline=None)
@given(
    st.sampled_from(["ass", "subviewer", "sbv", "srt", "vtt"]), st.lists(st.integers(0, 120), min_size=1, max_size=4)
)
def test_check_fix_says_what_the_written_file_holds(to: str, gaps: list[int]) -> None:
    """``check --fix -o OUT`` in any format: gaps under two frames are widened so that the file
    written passes ``check OUT``, with the same findings and exit status.  Before, the repair
    ignored the format's clock: ASS made the 83 ms gaps 80 ms, "0 problems" and exit 0, and
    ``check out.ass`` then found 3 (exit 1)."""
    import contextlib
    import tempfile

    t, cues = 1000, []
    for k, gap in enumerate([0, *gaps]):
        t += gap
        cues.append(Cue(t, t + 2000, (f"Cue number {k}",)))
        t += 2000
    with tempfile.TemporaryDirectory() as tmp, contextlib.redirect_stdout(io.StringIO()) as said:
        src, out = Path(tmp) / "in.srt", Path(tmp) / f"out.{to}"
        src.write_text(subconv.dumps(Track(tuple(cues)), "srt"), encoding="utf-8")
        fixed = main(["check", str(src), "--fix", "-o", str(out)])
        again = main(["check", str(out)])
        text = said.getvalue()
    assert fixed == again == 0, text  # (every gap here can be widened, on the format's clock too)
    counts = [line.split(": ")[-1].split()[0] for line in text.splitlines() if " problem" in line]
    assert len(counts) == 2 and counts[0] == counts[1], text


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--to", "vtt"], "--to"),
        (["--output-encoding", "cp1252"], "--output-encoding"),
        (["--bom"], "--bom"),
        (["--crlf"], "--crlf"),
        (["--no-speaker-prefix"], "--no-speaker-prefix"),
    ],
)
def test_check_with_an_option_of_the_repaired_file_but_no_fix_is_a_usage_error(
    args: list[str], option: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``check --to vtt`` (``--bom``, ...) without ``--fix`` was taken, and did nothing, without a word."""
    src = _file(tmp_path, BAD)
    assert main(["check", str(src), *args]) == 2
    err = capsys.readouterr().err
    assert (
        err == f"subconv: error: check {option} is for the repaired file: add --fix -o OUT (check alone only reports)\n"
    )
    assert main(["check", str(src), *args, "--fix", "-o", str(tmp_path / "fixed.out")]) == 1  # (BAD has problems)
    assert (tmp_path / "fixed.out").exists()

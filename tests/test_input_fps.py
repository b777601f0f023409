"""The frame rate of an input that counts frames (MicroDVD), given: ``read``/``loads(..., fps=)``
and ``--input-fps`` read its frames at that rate, as ``pysubs2.load(p, fps=)`` does; a rate
given wins over the one the file declares (a warning when they differ); a format that counts
time does not use one (a warning); a rate that is not one is refused, naming ``fps=``."""

from __future__ import annotations

from pathlib import Path

import pysubs2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import subconv
from subconv.cli import main
from subconv.errors import UsageError

RATES = (23.976, 24.0, 25.0, 29.97, 30.0, 50.0, 59.94)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(2, 500_000), st.integers(0, 5_000)), min_size=1, max_size=8),
    st.sampled_from(RATES),
)
def test_microdvd_read_at_a_given_rate_has_pysubs2s_times(frames: list[tuple[int, int]], fps: float) -> None:
    text = "".join(f"{{{start}}}{{{start + length}}}line {i}\n" for i, (start, length) in enumerate(frames))
    expected = [(ev.start, ev.end) for ev in pysubs2.SSAFile.from_string(text, format_="microdvd", fps=fps)]
    report = subconv.Report()
    track = subconv.loads(text, fps=fps, report=report)
    assert [(c.start, c.end) for c in track.cues] == expected
    assert not [e for e in report.entries if e.action == "warning"]  # (no rate assumed)


def test_read_a_file_at_a_given_rate(tmp_path: Path) -> None:
    src = tmp_path / "a.sub"
    src.write_text("{100}{150}Hello\n{200}{260}world\n", encoding="utf-8")
    assert [(c.start, c.end) for c in subconv.read(src, fps=25)] == [(4000, 6000), (8000, 10400)]
    assert subconv.convert(src, "srt", fps=25).startswith("1\n00:00:04,000 --> 00:00:06,000\nHello\n")


def test_a_rate_given_wins_over_the_declared_one_with_a_warning() -> None:
    text = "{1}{1}23.976\n{100}{150}Hello\n"
    report = subconv.Report()
    track = subconv.loads(text, fps=25, report=report)
    assert [(c.start, c.end, c.text) for c in track.cues] == [(4000, 6000, "Hello")]  # (the rate line is no cue)
    warned = [e for e in report.entries if e.action == "warning"]
    assert [(e.step, e.line) for e in warned] == [("microdvd", 1)]
    assert "23.976 fps declared in the file: read at 25 fps as given" in warned[0].reason
    same = subconv.Report()
    assert subconv.loads("{1}{1}25\n{100}{150}Hello\n", fps=25, report=same)[0].start == 4000
    assert not [e for e in same.entries if e.action == "warning"]
    # no rate given: the declared one, as before
    assert subconv.loads(text)[0].start == 4171


def test_the_default_rate_warning_names_the_option() -> None:
    report = subconv.Report()
    subconv.loads("{100}{150}Hello\n", report=report)
    assert any("--input-fps" in e.reason for e in report.entries if e.action == "warning")


def test_a_rate_given_for_a_format_that_counts_time_is_a_warning() -> None:
    report = subconv.Report()
    track = subconv.loads("1\n00:00:01,000 --> 00:00:02,000\nHi\n", fps=25, report=report)
    assert (track[0].start, track[0].end) == (1000, 2000)
    assert any("srt counts time, not frames" in e.reason for e in report.entries if e.action == "warning")


@pytest.mark.parametrize("bad", ["25", True, b"25"])
def test_a_rate_that_is_not_a_number_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError, match=r"loads\(\) fps="):
        subconv.loads("{100}{150}Hello\n", fps=bad)  # type: ignore[arg-type]


@pytest.mark.parametrize("bad", [0, -25, 1001, float("nan"), float("inf")])
def test_a_rate_out_of_range_is_a_usage_error(bad: float, tmp_path: Path) -> None:
    src = tmp_path / "a.sub"
    src.write_text("{100}{150}Hello\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"read\(\) fps="):
        subconv.read(src, fps=bad)


@settings(max_examples=15, deadline=None)
@given(st.integers(2, 100_000), st.integers(0, 2_000), st.sampled_from(RATES))
def test_input_fps_on_the_command_line(start: int, length: int, fps: float) -> None:
    import tempfile

    text = f"{{{start}}}{{{start + length}}}Hello\n"
    ev = pysubs2.SSAFile.from_string(text, format_="microdvd", fps=fps)[0]
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "a.sub", Path(tmp) / "a.vtt"
        src.write_text(text, encoding="utf-8")
        assert main(["convert", str(src), "--input-fps", str(fps), "-o", str(out)]) == 0
        track = subconv.read(out)
    assert (track[0].start, track[0].end) == (ev.start, ev.end)


def test_input_fps_refuses_a_bad_rate_and_warns_on_declared_rates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "a.sub"
    src.write_text("{1}{1}23.976\n{100}{150}Hello\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        main(["convert", str(src), "--input-fps", "0"])
    assert exc.value.code == 2
    assert "--input-fps" in capsys.readouterr().err
    assert main(["convert", str(src), "--input-fps", "25"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("1\n00:00:04,000 --> 00:00:06,000\nHello\n")
    assert "declared in the file: read at 25 fps as given" in err


def test_the_batch_calls_take_the_inputs_rate(tmp_path: Path) -> None:
    """``read``/``loads``/``convert`` took ``fps=`` and the command line ``--input-fps`` (folders
    too), but ``convert_many`` and ``convert_text`` (``map_captions``) had no way to give it: a
    MicroDVD folder was read at 23.976 fps."""
    from subconv.batch import convert_many
    from subconv.scale import convert_text

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.sub").write_text("{100}{150}Hello\n", encoding="utf-8")
    results = list(convert_many(tmp_path / "in", tmp_path / "out", to="srt", jobs=1, fps=25))
    assert [r.status for r in results] == ["ok"], results
    written = (tmp_path / "out" / "a.srt").read_text(encoding="utf-8")
    assert written.startswith("1\n00:00:04,000 --> 00:00:06,000\nHello\n"), written
    assert (convert_text("{100}{150}Hello\n", "srt", fps=25) or "").startswith("1\n00:00:04,000 --> 00:00:06,000\n")


@pytest.mark.parametrize(("bad", "error"), [("25", TypeError), (True, TypeError), (0, UsageError), (1001, UsageError)])
def test_the_batch_calls_refuse_a_bad_rate_naming_fps(bad: object, error: type[Exception], tmp_path: Path) -> None:
    from subconv.batch import convert_many
    from subconv.scale import convert_text

    with pytest.raises(error, match=r"^convert_many\(\) fps="):
        list(convert_many([str(tmp_path / "a.sub")], tmp_path / "out", fps=bad))  # type: ignore[arg-type]
    with pytest.raises(error, match=r"^convert_text\(\) fps="):
        convert_text("{100}{150}Hello\n", "srt", fps=bad)  # type: ignore[arg-type]

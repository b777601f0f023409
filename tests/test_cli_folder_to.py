"""A folder run's ``--to`` naming no format, or one subconv only reads: a usage error (exit 2)
before any work, as for one file.  Before: exit 1 for an unknown name, and for ``page`` or
``sami`` every file failed on it, one error each, its output folder and manifest made."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clirun import run_subconv

SRT = "1\n00:00:01,000 --> 00:00:02,500\nHello there\n\n2\n00:00:03,000 --> 00:00:04,000\nGeneral Kenobi\n"


@pytest.mark.parametrize(
    ("to", "said"),
    [
        ("xyz", "unknown output format 'xyz'; subconv writes srt, vtt, ass, "),
        ("page", "subconv can read page but cannot write it"),
        ("sami", "subconv can read sami but cannot write it"),
    ],
)
def test_a_folder_run_to_a_format_it_cannot_write_is_a_usage_error(tmp_path: Path, to: str, said: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.srt").write_text(SRT, encoding="utf-8")
    (folder / "b.srt").write_text(SRT, encoding="utf-8")
    out = tmp_path / "out"
    for args in ([str(folder)], [str(folder / "a.srt"), str(folder / "b.srt")]):
        r = run_subconv("convert", *args, "-o", str(out), "--to", to)
        assert r.returncode == 2, r.stderr
        assert r.stderr.startswith(f"subconv: error: {said}") and r.stderr.count("\n") == 1
        assert not out.exists()
    single = run_subconv("convert", str(folder / "a.srt"), "--to", to)
    assert single.returncode == 2 and single.stderr == r.stderr  # (the same words as for one file)


def test_a_folder_run_to_a_format_named_in_capitals_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.srt").write_text(SRT, encoding="utf-8")
    r = run_subconv("convert", str(folder), "-o", str(tmp_path / "out"), "--to", "VTT")
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "out" / "a.vtt").read_text(encoding="utf-8").startswith("WEBVTT")


def test_an_unknown_output_format_lists_those_subconv_writes(tmp_path: Path) -> None:
    # before: every format it knows, those it only reads among them (sami, whisper_jax, cuelist, page)
    src = tmp_path / "a.srt"
    src.write_text(SRT, encoding="utf-8")
    r = run_subconv("convert", str(src), "--to", "stl")
    assert r.returncode == 2
    listed = r.stderr.strip().split("subconv writes ", 1)[1].split(", ")
    assert listed == subconv_writable()
    assert r.stderr.startswith("subconv: error: unknown output format 'stl'; ")


def subconv_writable() -> list[str]:
    import subconv.formats

    return list(subconv.formats.writable())

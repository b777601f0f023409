"""``subconv.read``: a str is a path, as for ``open`` and ``pysubs2.load`` (issue 14.9)."""

from __future__ import annotations

from pathlib import Path

import pytest

import subconv
import subconv.api
from tests.clirun import run_subconv

SRT = "1\n00:00:01,000 --> 00:00:02,500\nHello there\n"


def test_a_mistyped_path_raises_file_not_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError) as info:
        subconv.read("captoins.vtt")
    assert info.value.filename == "captoins.vtt"
    with pytest.raises(FileNotFoundError):
        subconv.convert("captoins.vtt", "srt")


def test_text_given_to_read_says_to_use_loads() -> None:
    with pytest.raises(FileNotFoundError, match=r"subconv\.loads"):
        subconv.read(SRT)
    with pytest.raises(FileNotFoundError, match=r"subconv\.loads"):
        subconv.read("x" * 5000)


def test_paths_bytes_and_text_each_have_their_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "a.srt"
    f.write_text(SRT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for track in (
        subconv.read("a.srt"),
        subconv.read(str(f)),
        subconv.read(f),
        subconv.read(SRT.encode()),
        subconv.loads(SRT),
    ):
        assert [c.text for c in track] == ["Hello there"]
    assert subconv.convert("a.srt", "vtt").startswith("WEBVTT")


def test_a_file_named_like_text_is_still_a_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Hello there").write_text(SRT, encoding="utf-8")
    assert len(subconv.read("Hello there")) == 1


def test_bytes_read_with_a_name_are_told_apart_by_its_extension_when_the_content_says_nothing() -> None:
    """``read(data, name=...)`` is how the command line reads: the name's extension decides a
    format the content does not reveal (as for a path); content that says its format wins."""
    assert subconv.read(b"Hello there\n").format == "page"
    assert subconv.read(b"Hello there\n", name="notes.txt").format == "page"
    with pytest.raises(subconv.ParseError) as info:
        subconv.read(b"Hello there\n", name="clip.srt")
    assert info.value.format == "srt"
    report = subconv.Report()
    track = subconv.read(b"1\n00:00:01,000 --> 00:00:02,000\nHi\n", name="clip.vtt", report=report)
    assert (track.format, report.info["format"], [c.text for c in track]) == ("srt", "srt", ["Hi"])


@pytest.mark.parametrize("to", ["mpl2", "tmp"])
def test_an_empty_output_read_back_says_to_give_its_format(tmp_path: Path, to: str) -> None:
    """A run whose every cue is dropped writes an empty file (exit 0, a warning: as documented).
    An MPL2 or TMP file has no signature: read back from a name without its ending (or standard
    input), the error says the input is empty and to give ``--from``; with ``--from`` or its
    ending it reads as no cues.  Before: ``page: no captions found (page shape: plain)``, as if
    the empty file were a page."""
    src = tmp_path / "in.srt"
    src.write_text("1\n00:00:01,000 --> 00:00:02,000\n\u200b\n", encoding="utf-8")  # (no visible text)
    out = tmp_path / "out"
    made = run_subconv("convert", str(src), "--to", to, "-o", str(out))
    assert made.returncode == 0 and "the output is empty" in made.stderr and out.read_text(encoding="utf-8") == ""
    back = run_subconv("convert", str(out), "--to", "srt")
    assert back.returncode == 1 and "Traceback" not in back.stderr
    assert back.stderr.startswith(f"subconv: error: {out}: empty input (nothing but white space): ")
    assert "--from FMT" in back.stderr and "page" not in back.stderr
    assert run_subconv("convert", str(out), "--from", to, "--to", "srt").returncode == 0
    named = tmp_path / f"out.{to}"
    named.write_text(" \n\n", encoding="utf-8")  # (white space only: the same)
    assert run_subconv("convert", str(named), "--to", "srt").returncode == 0
    for text in ("", " \n\t\n"):
        with pytest.raises(subconv.UnknownFormatError, match="empty input"):
            subconv.loads(text)
        with pytest.raises(subconv.UnknownFormatError, match="empty input"):
            subconv.api.loads_pieces([text])
        assert subconv.loads(text, to).cues == ()
    # (a blank first piece of a text that goes on is no empty input)
    assert subconv.api.loads_pieces(["\n" * 3, "Hello there.\n"]).cues[0].text == "Hello there."

"""Bad input through the real command line: each run ends within seconds, exit 0 or 1, no traceback.

Also: the input file is never modified, an existing output file survives a
failed run, and ``-o`` naming the input is refused (exit 2).
"""

from __future__ import annotations

import codecs
import json
import os
import random
import struct
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.robustness.robust_helpers import Run, assert_clean_outcome, run_subprocess, sha256, skip_if_unimplemented
else:
    from robust_helpers import Run, assert_clean_outcome, run_subprocess, sha256, skip_if_unimplemented

SRT_CUE = "1\n00:00:01,000 --> 00:00:02,000\n{}\n\n"


def _png() -> bytes:
    header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
    return header + bytes(range(256)) * 8


def _quiet_samples() -> bytes:
    """Two seconds of quiet 16-bit mono samples, headerless (s16le), as speech tools keep them."""
    rng = random.Random(7)
    return struct.pack("<32000h", *(max(-32768, min(32767, round(rng.gauss(0, 150)))) for _ in range(32000)))


def _nested_divs(total: int) -> bytes:
    depth = total // 12
    body = "<div>" * depth + "<p>Hello there</p>" + "</div>" * depth
    return f"<!DOCTYPE html><html><body>{body}</body></html>".encode()


# name -> (file name, content builder, allowed exit statuses, substring expected on stderr when failing)
CASES: dict[str, tuple[str, Callable[[], bytes], tuple[int, ...], str | None]] = {
    "empty-srt": ("empty.srt", lambda: b"", (0, 1), None),
    "empty-vtt": ("empty.vtt", lambda: b"", (0, 1), None),
    "empty-ass": ("empty.ass", lambda: b"", (0, 1), None),
    "empty-html": ("empty.html", lambda: b"", (0, 1), None),
    "whitespace-only": ("blank.srt", lambda: b"\n\n  \r\n\t\n", (0, 1), None),
    "random-binary": ("random.srt", lambda: random.Random(7).randbytes(200_000), (1,), "binary file, not text"),
    "png-renamed-vtt": ("picture.vtt", _png, (1,), "binary file, not text"),
    "truncated-utf8": ("cut.srt", lambda: SRT_CUE.format("日本語のテキスト").rstrip().encode("utf-8")[:-2], (0,), None),
    "nul-bytes": ("nul.srt", lambda: SRT_CUE.format("Hel\x00lo wor\x00ld").encode("utf-8"), (0,), None),
    "nul-heavy": ("nuls.srt", lambda: b"\x00" * 5000 + SRT_CUE.format("Hi").encode("utf-8"), (0, 1), None),
    "2mb-single-line-srt": ("long.srt", lambda: b"A" * 2_000_000, (0, 1), None),
    "2mb-single-line-cue": ("longcue.srt", lambda: SRT_CUE.format("word " * 400_000).encode("utf-8"), (0, 1), None),
    "2mb-single-line-txt": ("long.txt", lambda: ("word " * 400_000).encode("utf-8"), (0, 1), None),
    "nested-i-srt": ("nested.srt", lambda: SRT_CUE.format("<i>" * 100_000 + "deep").encode("utf-8"), (0, 1), None),
    "nested-i-vtt": (
        "nested.vtt",
        lambda: ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n" + "<i>" * 100_000 + "deep\n").encode("utf-8"),
        (0, 1),
        None,
    ),
    "nested-b-closed-vtt": (
        "closed.vtt",
        lambda: ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n" + "<b>" * 50_000 + "x" + "</b>" * 50_000).encode("utf-8"),
        (0, 1),
        None,
    ),
    "nested-div-html": ("nested.html", lambda: ("<div>" * 100_000 + "Hello").encode("utf-8"), (0, 1), None),
    "3mb-nested-divs-html": ("big.html", lambda: _nested_divs(3_000_000), (0, 1), None),
    "ass-braces-unclosed": (
        "braces.ass",
        lambda: (
            "[Script Info]\nScriptType: v4.00+\n\n[Events]\n"
            "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
            "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,," + "{" * 100_000 + "x\n"
        ).encode("utf-8"),
        (0, 1),
        None,
    ),
    "impossible-timestamp": ("imp.srt", lambda: b"1\n99:99:99,999 --> 99:99:99,999\nnever\n\n", (0, 1), None),
    "negative-timestamp": ("neg.srt", lambda: b"1\n-00:00:01,000 --> 00:00:02,000\nbefore zero\n\n", (0, 1), None),
    "end-before-start": (
        "rev.srt",
        lambda: (SRT_CUE.format("ok") + "2\n00:00:05,000 --> 00:00:03,000\nbackwards\n\n").encode("utf-8"),
        (0, 1),
        None,
    ),
    "ass-without-events": (
        "noevents.ass",
        lambda: (
            b"[Script Info]\nScriptType: v4.00+\nPlayResX: 640\n\n[V4+ Styles]\nFormat: Name, Fontname\n"
            b"Style: Default,Arial\n"
        ),
        (0, 1),
        None,
    ),
    # quiet headerless 16-bit samples show the NUL pattern of UTF-16 (were read as cues of garbage)
    "headerless-audio": ("speech.raw", _quiet_samples, (1,), "binary file, not text"),
    "utf16-without-bom": ("u16.srt", lambda: SRT_CUE.format("Zoë — 你好").encode("utf-16-le"), (0,), None),
    "utf16-be-with-bom": (
        "u16be.srt",
        lambda: codecs.BOM_UTF16_BE + SRT_CUE.format("Zoë").encode("utf-16-be"),
        (0,),
        None,
    ),
    "many-tiny-cues": (
        "many.srt",
        lambda: "".join(f"{i}\n00:00:{i % 60:02d},000 --> 00:00:{i % 60:02d},500\nx\n\n" for i in range(50_000)).encode(
            "utf-8"
        ),
        (0, 1),
        None,
    ),
    "only-arrows": ("arrows.srt", lambda: b"-->\n" * 200_000, (0, 1), None),
    "deep-colons": ("colons.srt", lambda: ("1\n" + "0:" * 300_000 + " --> 1\nx\n").encode("utf-8"), (0, 1), None),
}


#: Cases that take more than ~10 s on a 2-core machine.
_SLOW = {"2mb-single-line-txt"}


def _params() -> list[object]:
    out: list[object] = []
    for name in CASES:
        if name in _SLOW:
            out.append(pytest.param(name, id=name, marks=pytest.mark.slow))
        else:
            out.append(pytest.param(name, id=name))
    return out


@pytest.mark.parametrize("case", _params())
def test_bad_input_ends_cleanly(case: str, tmp_path: Path) -> None:
    fname, build, allowed, expect = CASES[case]
    src = tmp_path / fname
    src.write_bytes(build())
    digest = sha256(src)
    out = tmp_path / "out.srt"
    rep = tmp_path / "report.json"
    start = time.perf_counter()
    run = run_subprocess(["convert", str(src), "-o", str(out), "--report", str(rep)], timeout=30)
    elapsed = time.perf_counter() - start
    skip_if_unimplemented(run.stderr)
    assert_clean_outcome(run, case)
    assert run.status in allowed, f"{case}: exit {run.status}: {run.stderr[:300]}"
    assert elapsed < 30, f"{case} took {elapsed:.1f} s"
    assert sha256(src) == digest, "the input file was modified"
    if run.status == 1:
        assert str(src) in run.stderr
        assert not out.exists()
        if expect:
            assert expect in run.stderr
    else:
        assert out.is_file()
    if rep.exists():
        json.loads(rep.read_text(encoding="utf-8"))


def test_truncated_utf8_is_reported_as_repaired(tmp_path: Path) -> None:
    src = tmp_path / "cut.srt"
    src.write_bytes(SRT_CUE.format("日本語").rstrip().encode()[:-1])
    rep = tmp_path / "r.json"
    run = run_subprocess(["convert", str(src), "-o", str(tmp_path / "o.srt"), "--report", str(rep), "--from", "srt"])
    assert_clean_outcome(run, "truncated")
    assert run.status == 0
    entries = json.loads(rep.read_text(encoding="utf-8"))["entries"]
    repaired = [e for e in entries if e["action"] == "repaired" and e["step"] == "decode"]
    assert repaired and repaired[0]["line"] == 3


def test_existing_output_is_untouched_when_a_run_fails(tmp_path: Path) -> None:
    src = tmp_path / "picture.vtt"
    src.write_bytes(_png())
    out = tmp_path / "keep.srt"
    out.write_bytes(b"PRECIOUS\n")
    run = run_subprocess(["convert", str(src), "-o", str(out)])
    assert run.status == 1
    assert out.read_bytes() == b"PRECIOUS\n"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def _refused(run: Run) -> None:
    assert run.status == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert "subconv: error:" in run.stderr


def test_output_naming_the_input_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "in.srt"
    src.write_bytes(SRT_CUE.format("keep me").encode())
    digest = sha256(src)
    _refused(run_subprocess(["convert", str(src), "-o", str(src)]))
    # the same file under another spelling
    _refused(run_subprocess(["convert", str(src), "-o", str(tmp_path / "." / "in.srt")]))
    link = tmp_path / "link.srt"
    try:
        os.symlink(src, link)
    except OSError:
        pass
    else:
        _refused(run_subprocess(["convert", str(src), "-o", str(link)]))
    assert sha256(src) == digest


def test_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    run = run_subprocess(["convert", str(tmp_path / "nope.srt")])
    assert run.status in (1, 2)
    assert "Traceback" not in run.stderr
    assert "subconv: error:" in run.stderr


def test_directory_input_is_refused(tmp_path: Path) -> None:
    run = run_subprocess(["convert", str(tmp_path)])
    assert run.status in (1, 2)
    assert "Traceback" not in run.stderr


def test_stdin_binary_is_refused() -> None:
    run = run_subprocess(["convert", "-"], stdin=_png())
    assert run.status == 1
    assert "binary file, not text" in run.stderr
    assert "<stdin>" in run.stderr

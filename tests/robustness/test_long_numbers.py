"""Numbers with thousands of digits (issue 14.17): a ParseError at their line, never a ValueError.

Python's ``int()`` refuses strings of more than 4,300 digits with ``ValueError``; every reader
refuses a timestamp field of more than :data:`subconv.timefmt.MAX_FIELD_DIGITS` significant
digits first, as a parse error that says where.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import subconv
from subconv.timefmt import MAX_FIELD_DIGITS, field_value

ROOT = Path(__file__).resolve().parents[2]
EVENTS = "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"


def _cases(d: str) -> dict[str, tuple[str, int | None]]:
    """name -> (text, the line a ParseError must name, or None when the text reads)."""
    return {
        "srt hours": (f"1\n{d}:00:01,000 --> 00:00:02,000\nhi\n\n2\n00:00:03,000 --> 00:00:04,000\nok\n", 2),
        "srt end hours": (f"1\n00:00:01,000 --> 00:00:02,000\nhi\n\n2\n00:00:03,000 --> {d}:00:04,000\nok\n", 6),
        "srt index": (f"{d}\n00:00:01,000 --> 00:00:02,000\nhi\n", None),
        "srt fraction": (f"1\n00:00:01,{d} --> 00:00:02,000\nhi\n", None),
        "vtt hours": (f"WEBVTT\n\n{d}:00:01.000 --> 00:00:02.000\nhi\n\n00:00:03.000 --> 00:00:04.000\nok\n", 3),
        "vtt with id": (f"WEBVTT\n\nid\n00:00:01.000 --> {d}:00:02.000\nhi\n", 4),
        "vtt in header": (f"WEBVTT\n00:00:01.000 --> {d}:00:02.000\nhi\n", 2),
        "vtt timestamp tag": (f"WEBVTT\n\n00:01.000 --> 00:02.000\n<{d}:00:01.500>hi\n", None),
        "vtt region": (
            f"WEBVTT\n\nREGION\nid:r lines:{d} width:{d}%\n\n00:01.000 --> 00:02.000 region:r line:{d}\nhi\n",
            None,
        ),
        "ass time": (EVENTS + f"Dialogue: 0,{d}:00:01.00,0:00:02.00,Default,,0,0,0,,hi\n", 3),
        "ass tags": (
            EVENTS + f"Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{{\\i{d}\\b{d}\\p{d}}}x{{\\p0}}y\n",
            None,
        ),
        "ass playres": (
            f"[Script Info]\nPlayResX: {d}\n" + EVENTS + "Dialogue: 0,0:00:01.00,0:00:02.00,D,,0,0,0,,hi\n",
            None,
        ),
        "page stamp": (f"[{d}:00]\nhello\n[00:05]\nworld\n", None),
        "timed-text xml": (
            f'<?xml version="1.0"?><transcript><text start="{d}" dur="1">Hello</text>'
            '<text start="2" dur="1">World</text></transcript>',
            None,
        ),
        "microdvd": (f"{{{d}}}{{25}}Hello\n{{30}}{{50}}Bye\n", 1),
    }


@pytest.mark.parametrize("name", list(_cases("9")))
def test_thousands_of_digits_are_a_parse_error_at_their_line(name: str) -> None:
    text, line = _cases("9" * 5000)[name]
    try:
        track = subconv.loads(text)
        for to in ("srt", "vtt", "ass"):
            subconv.convert(text.encode(), to)
    except subconv.ParseError as exc:
        assert line is not None, f"{name}: {exc}"
        assert exc.line == line, str(exc)
        assert "out of range" in exc.reason
    else:
        assert line is None, f"{name}: read without error ({len(track)} cues)"


@settings(max_examples=60, deadline=None)
@given(
    digits=st.integers(min_value=MAX_FIELD_DIGITS + 1, max_value=6000),
    zeros=st.integers(min_value=0, max_value=5000),
    name=st.sampled_from(sorted(_cases("9"))),
)
def test_only_subconv_errors_escape_for_any_digit_count(digits: int, zeros: int, name: str) -> None:
    text, _ = _cases("0" * zeros + "7" * digits)[name]
    try:
        subconv.convert(text.encode(), "srt")
    except subconv.SubconvError:
        pass


@given(st.text(alphabet="0123456789", min_size=1, max_size=5000))
def test_field_value(digits: str) -> None:
    value = field_value(digits)
    if len(digits.lstrip("0")) <= MAX_FIELD_DIGITS:
        assert value == int(digits)
    else:
        assert value is None


def test_the_cli_says_file_and_line(tmp_path: Path) -> None:
    src = tmp_path / "long.srt"
    src.write_text(_cases("9" * 5000)["srt hours"][0], encoding="utf-8")
    r = subprocess.run(
        [sys.executable, "-m", "subconv", "convert", str(src), "-o", str(tmp_path / "out.vtt")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=ROOT,
    )
    assert r.returncode == 1
    assert r.stderr.startswith(f"subconv: error: {src}:2: srt: timestamp out of range: 5000-digit hours")
    assert "internal error" not in r.stderr and "Traceback" not in r.stderr

"""Fixtures that find the real clients, or skip with the reason."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from .engines import chromium_binary, which

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared"


def _needs_writers(*names: str) -> None:
    from subconv import formats
    from subconv.errors import UnknownFormatError

    for name in names:
        try:
            fmt = formats.get(name)
        except (UnknownFormatError, ImportError) as exc:
            pytest.skip(f"the {name} writer is not available yet ({exc})")
        if fmt.write is None:
            pytest.skip(f"the {name} format has no writer")


@pytest.fixture(scope="session")
def ffmpeg() -> str:
    """ffmpeg's path (with ffprobe beside it), or skip."""
    path = which("ffmpeg")
    if path is None or which("ffprobe") is None:
        pytest.skip("ffmpeg/ffprobe not installed (Debian: apt-get install ffmpeg)")
    return path


@pytest.fixture(scope="session")
def libass(ffmpeg: str) -> str:
    """ffmpeg built with libass (its ``subtitles`` filter) and at least one font, or skip."""
    out = subprocess.run([ffmpeg, "-hide_banner", "-filters"], capture_output=True, timeout=60, check=False)
    if b" subtitles " not in out.stdout:
        pytest.skip("this ffmpeg has no 'subtitles' filter (built without libass)")
    fc = which("fc-list")
    if fc is not None:
        fonts = subprocess.run([fc], capture_output=True, timeout=60, check=False).stdout
        if not fonts.strip():
            pytest.skip("no fonts installed: libass cannot draw text (Debian: apt-get install fonts-dejavu-core)")
    return ffmpeg


@pytest.fixture(scope="session")
def chromium() -> str:
    """A Chromium/Chrome executable, or skip."""
    path = chromium_binary()
    if path is None:
        pytest.skip("chromium not installed (Debian: apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def timed_corpus() -> list[Path]:
    """The real timed subtitle files of ../shared/corpus/timed, or skip."""
    root = SHARED / "corpus" / "timed"
    if not root.is_dir():
        pytest.skip(f"{root} is absent (the shared corpus is only beside the repository in CI)")
    files = sorted(p for p in root.rglob("*") if p.suffix.lower() in (".srt", ".vtt", ".ass", ".ssa"))
    if not files:
        pytest.skip(f"no subtitle files under {root}")
    return files


@pytest.fixture
def writers() -> None:
    """Skip unless the SRT, WebVTT and ASS writers exist."""
    _needs_writers("srt", "vtt", "ass")

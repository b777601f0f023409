"""``probe_duration``: a real file made by ffmpeg at test time, and the errors."""

from __future__ import annotations

import builtins
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subconv.errors import MediaError, SubconvError
from subconv.media import probe_duration


@pytest.mark.clients
def test_probe_duration_of_a_generated_file(tmp_path: Path) -> None:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None or shutil.which("ffprobe") is None:
        pytest.skip("ffmpeg/ffprobe are not installed")
    out = tmp_path / "tone.wav"
    subprocess.run(
        [ffmpeg, "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=2.5", str(out)],
        check=True,
        timeout=60,
    )
    assert abs(probe_duration(out) - 2500) <= 30


def test_missing_file_is_a_media_error(tmp_path: Path) -> None:
    with pytest.raises(MediaError, match="no such file"):
        probe_duration(tmp_path / "absent.mp4")


@pytest.mark.clients
def test_unreadable_file_is_a_media_error(tmp_path: Path) -> None:
    if shutil.which("ffprobe") is None:
        pytest.skip("ffprobe is not installed")
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"this is not a video" * 10)
    with pytest.raises(MediaError, match=r"bad\.mp4: cannot read the media: ") as got:
        probe_duration(bad)
    assert got.value.path == str(bad)
    assert str(bad) not in got.value.reason  # ffprobe's own prefix is not repeated


def test_no_tool_available_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "a.mp4"
    f.write_bytes(b"\0" * 16)
    monkeypatch.setattr(shutil, "which", lambda name: None)
    real_import = builtins.__import__

    def no_av(name: str, *args: object, **kwargs: object) -> object:
        if name == "av":
            raise ImportError("no av")
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_av)
    with pytest.raises(SubconvError, match=r"ffmpeg not found on PATH \(install ffmpeg\)") as info:
        probe_duration(f)
    assert getattr(info.value, "path", None) == str(f)  # (the media named, as decoding names it)
    # ffmpeg without its ffprobe, and no PyAV: what to install is ffprobe (or PyAV)
    monkeypatch.setattr(shutil, "which", lambda name: "/usr/bin/ffmpeg" if name == "ffmpeg" else None)
    with pytest.raises(SubconvError, match=r"ffprobe not found on PATH.*pip install av"):
        probe_duration(f)


_TAGS = ["eng", "ger", "deu", "spa", "fre", "jpn", "und", None]


@given(
    tags=st.lists(st.tuples(st.sampled_from(_TAGS), st.booleans()), min_size=1, max_size=5),
    language=st.sampled_from(["en", "de", "es", "fr", "ja", "pt-BR", None]),
)
def test_the_audio_stream_in_the_texts_language_is_chosen(
    tags: list[tuple[str | None, bool]], language: str | None
) -> None:
    """Among several audio streams, the first tagged with the text's language (``en`` = ``eng``,
    ``de`` = ``ger``/``deu``), else the default one, else the first; with one, ffmpeg's choice
    and nothing said; what was chosen among several is said, with a hint when no tag matched."""
    from subconv.media import AudioStream, choose_audio_stream

    streams = [AudioStream(k, t, d) for k, (t, d) in enumerate(tags, 1)]
    number, said, guessed = choose_audio_stream(streams, language)
    if len(streams) == 1:
        assert (number, said, guessed) == (None, None, False)
        return
    codes = {"en": {"eng"}, "de": {"ger", "deu"}, "es": {"spa"}, "fr": {"fre"}, "ja": {"jpn"}}.get(
        language or "", set()
    )
    matching = [s for s in streams if s.language in codes]
    assert said is not None
    if matching:
        assert number == matching[0].number and "in the text's language" in said and not guessed
    else:
        assert number == next((s.number for s in streams if s.default), 1) and "--audio-stream N" in said and guessed


def test_an_audio_stream_asked_for_that_the_file_lacks_is_a_media_error() -> None:
    from subconv.media import AudioStream, choose_audio_stream

    two = [AudioStream(1, "eng", True), AudioStream(2, "ger", False)]
    assert choose_audio_stream(two, "en", 2) == (2, None, False)
    with pytest.raises(MediaError, match="--audio-stream 3: the file has 2 audio streams"):
        choose_audio_stream(two, "en", 3)

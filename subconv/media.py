"""The length of a media file, read with ffprobe (or PyAV when it is installed).

>>> try:
...     probe_duration("/nonexistent/file.mp4")
... except MediaError as e:
...     "cannot read" in str(e)
True
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from typing import Any, NamedTuple

from .errors import MediaError

__all__ = [
    "AudioStream",
    "MediaError",
    "StreamChoice",
    "audio_streams",
    "choose_audio_stream",
    "probe_duration",
    "tool_message",
    "tool_path",
]

_TIMEOUT_S = 60

#: Why no media can be read on this machine, the same from every command (which names the file
#: first: ``talk.mp4: cannot read the media (--media): ffmpeg not found on PATH (install ffmpeg)``).
NO_FFMPEG = "ffmpeg not found on PATH (install ffmpeg)"


def tool_path(path: str) -> str:
    """The name to give ffmpeg, ffprobe or PyAV for the local file ``path``: its absolute path
    (the cwd joined on, not normalised: ``link/..`` stays where the file system says).  As given,
    a name ffmpeg reads as something else was not read: ``S01E01:Pilot.mp4`` and
    ``talk:part1.wav`` are protocols to it (``Protocol not found``), ``-clip.wav`` an option and
    ``pipe:0.wav`` its standard input.  An absolute path starts with ``/`` (or a drive letter,
    which ffmpeg reads as a path), so it is only ever the file.

    >>> tool_path("/media/S01E01:Pilot.mp4")
    '/media/S01E01:Pilot.mp4'
    >>> tool_path("-clip.wav") == os.path.join(os.getcwd(), "-clip.wav")
    True
    """
    return path if os.path.isabs(path) else os.path.join(os.getcwd(), path)


def tool_message(stderr: str, path: str, default: str) -> str:
    """ffmpeg's or ffprobe's reason, from what it printed: its last line, less the file's name it
    starts with (the error names the file already) and the ``[component @ 0x...]`` it may start
    with (an address that changes from run to run); ``default`` when it printed nothing.  Two
    reasons are said in the user's words (:data:`_PLAIN`): a file with no audio track, and
    headerless data ffmpeg took for raw video (raw PCM has no header to say its sample format
    and rate); an empty file is said to be one.

    >>> tool_message("bad.wav: Invalid data found when processing input\\n", "bad.wav", "?")
    'Invalid data found when processing input'
    >>> tool_message("[mp3 @ 0x55f93b07ef80] Header missing\\n", "a.mp3", "?")
    'Header missing'
    >>> tool_message("Output file #0 does not contain any stream\\n", "film.mp4", "?")
    'no audio stream'
    """
    try:
        if os.path.isfile(path) and os.path.getsize(path) == 0:
            return "the file is empty"  # (ffmpeg says "Invalid argument")
    except OSError:
        pass
    for said, plain in _PLAIN:
        if said in stderr:
            return plain
    lines = stderr.strip().splitlines()
    if not lines:
        return default
    last = _COMPONENT.sub("", lines[-1].strip())
    return last.removeprefix(f"{tool_path(path)}: ").removeprefix(f"{path}: ") or default


#: ffmpeg's words for a failure, and the reason given instead (:func:`tool_message`).
_PLAIN = (
    (
        "[rawvideo @",
        "no audio stream: headerless raw data? Give raw PCM a header first, "
        "e.g. ffmpeg -f s16le -ar 16000 -ac 1 -i FILE FILE.wav",
    ),
    ("does not contain any stream", "no audio stream"),
    ("matches no streams", "the file has no such audio stream (--audio-stream)"),
)

#: The ``[component @ 0x55f93b07ef80] `` ffmpeg starts a component's message with.
_COMPONENT = re.compile(r"^\[[^\]]* @ 0x[0-9a-fA-F]+\]\s*")


@dataclass(frozen=True)
class AudioStream:
    """One audio stream of a media file: its number among the file's audio streams (1 = the
    first), its language tag as the file gives it (``eng``, ``de``; None when untagged), and
    whether the file marks it the default."""

    number: int
    language: str | None
    default: bool

    def __str__(self) -> str:
        return f"#{self.number} ({self.language or 'untagged'}{', default' if self.default else ''})"


def audio_streams(path: str) -> list[AudioStream]:
    """The file's audio streams, by ffprobe; empty when ffprobe is missing or cannot read the
    file (decoding it then says why), and for a file of one audio stream by its kind (``.wav``,
    ``.mp3``, ``.flac``, ...: :data:`_ONE_STREAM`, which ffprobe would take 40 ms or more to say)."""
    exe = shutil.which("ffprobe")
    if exe is None or path.lower().endswith(_ONE_STREAM):
        return []
    entries = ["-select_streams", "a", "-show_entries", "stream=index:stream_tags=language"]
    try:
        data = _ffprobe_json(exe, [*entries, "-show_entries", "stream_disposition=default"], path)
    except MediaError:
        return []
    streams = data.get("streams", [])
    return [
        AudioStream(k, (s.get("tags") or {}).get("language") or None, bool((s.get("disposition") or {}).get("default")))
        for k, s in enumerate(streams, 1)
    ]


#: Endings of files that hold one audio stream (a video's container is probed for its streams).
_ONE_STREAM = (".wav", ".mp3", ".flac", ".aac", ".m4a", ".opus", ".raw", ".pcm", ".aif", ".aiff", ".wma", ".amr")


class StreamChoice(NamedTuple):
    """The audio stream :func:`choose_audio_stream` chose: its ``number`` (None: the only one),
    what to tell the user where the file has several (``said``), and whether that is a guess the
    user should hear of (``guessed``: no stream carries the text's language)."""

    number: int | None
    said: str | None = None
    guessed: bool = False


def choose_audio_stream(streams: list[AudioStream], language: str | None, wanted: int | None = None) -> StreamChoice:
    """The audio stream to align to: ``wanted`` (``--audio-stream``), else the one whose
    language tag is the text's ``language`` (a BCP 47 tag against the file's ISO 639 tags:
    ``en`` is ``eng``), else the default one, else the first.  MediaError when ``wanted`` is
    more than the file has.

    >>> two = [AudioStream(1, "ger", True), AudioStream(2, "eng", False)]
    >>> choose_audio_stream(two, "en").said
    "aligned to audio stream #2 (eng), in the text's language, of 2: #1 (ger, default), #2 (eng)"
    >>> choose_audio_stream(two, "fr")[::2], choose_audio_stream([AudioStream(1, None, True)], "fr")
    ((1, True), StreamChoice(number=None, said=None, guessed=False))
    """
    if wanted is not None:
        if streams and wanted > len(streams):
            which = "1 audio stream" if len(streams) == 1 else f"{len(streams)} audio streams"
            raise MediaError(f"--audio-stream {wanted}: the file has {which}")
        return StreamChoice(wanted)
    if len(streams) < 2:
        return StreamChoice(None)
    listed = ", ".join(str(s) for s in streams)
    tags = _iso639(language)
    for s in streams:
        if s.language is not None and s.language.lower() in tags:
            return StreamChoice(
                s.number, f"aligned to audio stream {s}, in the text's language, of {len(streams)}: {listed}"
            )
    pick = next((s for s in streams if s.default), streams[0])
    why = "the default" if pick.default else "the first"
    return StreamChoice(
        pick.number,
        f"the media has {len(streams)} audio streams ({listed}), none tagged with the text's language "
        f"({language or 'unknown'}): aligned to {pick}, {why}; choose another with --audio-stream N",
        True,
    )


#: ISO 639-1 codes and the ISO 639-2 codes (bibliographic and terminology) files tag streams with.
_ISO639_2 = {
    "en": ("eng",),
    "de": ("ger", "deu"),
    "fr": ("fre", "fra"),
    "es": ("spa",),
    "it": ("ita",),
    "pt": ("por",),
    "nl": ("dut", "nld"),
    "ru": ("rus",),
    "ja": ("jpn",),
    "zh": ("chi", "zho"),
    "ko": ("kor",),
    "ar": ("ara",),
    "hi": ("hin",),
    "pl": ("pol",),
    "sv": ("swe",),
    "da": ("dan",),
    "no": ("nor", "nob", "nno"),
    "nb": ("nob", "nor"),
    "nn": ("nno", "nor"),
    "fi": ("fin",),
    "tr": ("tur",),
    "cs": ("cze", "ces"),
    "el": ("gre", "ell"),
    "he": ("heb",),
    "hu": ("hun",),
    "ro": ("rum", "ron"),
    "uk": ("ukr",),
    "vi": ("vie",),
    "th": ("tha",),
    "id": ("ind",),
    "ms": ("may", "msa"),
    "ca": ("cat",),
    "hr": ("hrv",),
    "sr": ("srp",),
    "bg": ("bul",),
    "sk": ("slo", "slk"),
    "sl": ("slv",),
    "fa": ("per", "fas"),
    "bn": ("ben",),
    "ta": ("tam",),
    "te": ("tel",),
    "ur": ("urd",),
    "lt": ("lit",),
    "lv": ("lav",),
    "et": ("est",),
    "is": ("ice", "isl"),
    "ga": ("gle",),
    "cy": ("wel", "cym"),
    "eu": ("baq", "eus"),
    "gl": ("glg",),
    "af": ("afr",),
    "sw": ("swa",),
    "tl": ("tgl", "fil"),
}


def _iso639(language: str | None) -> frozenset[str]:
    """The tags a stream in ``language`` (BCP 47) may carry: its primary subtag and its ISO 639-2 codes."""
    if not language:
        return frozenset()
    primary = language.replace("_", "-").split("-", 1)[0].lower()
    return frozenset((primary, *_ISO639_2.get(primary, ())))


def _ffprobe_json(exe: str, entries: list[str], path: str) -> dict[str, Any]:
    """What ffprobe says of ``path`` with the options ``entries``, read from its JSON; MediaError
    (with ffprobe's reason) when it fails."""
    cmd = [exe, "-v", "error", *entries, "-of", "json", tool_path(path)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=_TIMEOUT_S, check=False)
    except (OSError, subprocess.SubprocessError) as e:
        raise MediaError(f"ffprobe failed: {e}", path) from None
    if proc.returncode != 0:
        raise MediaError(tool_message(proc.stderr, path, f"ffprobe's exit status {proc.returncode}"), path)
    try:
        data = json.loads(proc.stdout or "{}")
    except ValueError:
        raise MediaError("ffprobe printed no JSON", path) from None
    return data if isinstance(data, dict) else {}


#: ffmpeg without its ffprobe, and no PyAV: nothing reads a media file's length.
_NO_FFPROBE = "ffprobe not found on PATH (it comes with ffmpeg; or pip install av)"


def _with_ffprobe(exe: str, path: str) -> int:
    data = _ffprobe_json(exe, ["-show_entries", "format=duration:stream=duration"], path)
    candidates: list[object] = [data.get("format", {}).get("duration")]
    candidates += [s.get("duration") for s in data.get("streams", [])]
    best = 0.0
    for value in candidates:
        try:
            best = max(best, float(str(value)))
        except ValueError:
            continue
    if best <= 0:
        raise MediaError("no duration found", path)
    return round(best * 1000)


def _with_pyav(path: str) -> int:
    import av  # type: ignore[import-not-found,unused-ignore]

    try:
        with av.open(tool_path(path)) as container:
            if container.duration is not None and container.duration > 0:
                return int(container.duration) // 1000  # microseconds (av.time_base)
            best = 0.0
            for stream in container.streams:
                if stream.duration is not None and stream.time_base is not None:
                    best = max(best, float(stream.duration * stream.time_base))
    except Exception as e:  # PyAV raises many error types
        raise MediaError(str(e), path) from None
    if best <= 0:
        raise MediaError("no duration found", path)
    return round(best * 1000)


def probe_duration(path: str | os.PathLike[str]) -> int:
    """The duration of the media file at ``path`` in integer milliseconds.

    Uses ``ffprobe`` when it is on ``PATH``, else PyAV (``av``) when installed.
    Raises :class:`~subconv.errors.MediaError` (its ``path`` the file) when the file is missing
    or unreadable, or when neither tool is available (:data:`NO_FFMPEG`, as decoding says).
    """
    p = os.fspath(path)
    if not os.path.isfile(p):
        raise MediaError("no such file", p)
    exe = shutil.which("ffprobe")
    if exe is not None:
        return _with_ffprobe(exe, p)
    try:
        import av  # type: ignore[import-not-found,unused-ignore]  # noqa: F401
    except ImportError:
        raise MediaError(NO_FFMPEG if shutil.which("ffmpeg") is None else _NO_FFPROBE, p) from None
    return _with_pyav(p)

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

from .errors import MediaError

__all__ = ["MediaError", "probe_duration", "tool_message"]

_TIMEOUT_S = 60


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
    return last.removeprefix(f"{path}: ") or default


#: ffmpeg's words for a failure, and the reason given instead (:func:`tool_message`).
_PLAIN = (
    (
        "[rawvideo @",
        "no audio stream: headerless raw data? Give raw PCM a header first, "
        "e.g. ffmpeg -f s16le -ar 16000 -ac 1 -i FILE FILE.wav",
    ),
    ("does not contain any stream", "no audio stream"),
)

#: The ``[component @ 0x55f93b07ef80] `` ffmpeg starts a component's message with.
_COMPONENT = re.compile(r"^\[[^\]]* @ 0x[0-9a-fA-F]+\]\s*")


def _with_ffprobe(exe: str, path: str) -> int:
    cmd = [exe, "-v", "error", "-show_entries", "format=duration:stream=duration", "-of", "json", path]
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
        with av.open(path) as container:
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
    Raises :class:`~subconv.errors.MediaError` when the file is missing or
    unreadable, or when neither tool is available.
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
        raise MediaError(
            f"cannot read the duration of {p!r}: neither ffprobe (install ffmpeg) nor PyAV (pip install av) "
            "is available; pass the duration instead (--duration)"
        ) from None
    return _with_pyav(p)

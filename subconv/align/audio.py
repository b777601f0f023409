"""Streaming audio decoding (ffmpeg subprocess) and per-frame features.

The media's audio is decoded by ``ffmpeg`` to 16 kHz mono signed 16-bit PCM on
a pipe, read in chunks of a few seconds, and reduced on the fly to a handful of
numbers per 10 ms frame.  Only those features are kept: an hour of audio costs
about 360 000 frames x a few float32, never the samples.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import MediaError
from ..media import NO_FFMPEG, tool_message, tool_path

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float32]
else:
    FloatArray = Any

#: The rate ffmpeg decodes to (Hz), mono signed 16-bit: what every backend reads.
SAMPLE_RATE = 16000
HOP = 160  # 10 ms
WIN = 400  # 25 ms analysis window
FRAME_MS = 10
#: Coarse bands (Hz) used for the spectral-flux feature; the speech band is 300-3400 Hz.
BANDS = (300, 500, 750, 1000, 1400, 1900, 2500, 3400)
CHUNK_FRAMES = 1000  # 10 s of audio per read


def numpy_module() -> Any:
    """Import numpy lazily, or raise :class:`MediaError` saying how to install it."""
    try:
        import numpy
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MediaError("audio alignment needs numpy: pip install 'subconv[audio]'") from exc
    return numpy


@dataclass(frozen=True)
class Features:
    """Per-10-ms-frame features of a whole audio track.

    ``energy``: log power (dB) in the 300-3400 Hz speech band;
    ``flux``: spectral flux of the coarse band spectrum (dB, positive changes);
    ``duration_ms``: length of the decoded audio.
    """

    energy: FloatArray
    flux: FloatArray
    duration_ms: int

    @property
    def frames(self) -> int:
        """Number of 10 ms frames."""
        return int(self.energy.shape[0])


class FeatureExtractor:
    """Turns a stream of int16 PCM chunks into :class:`Features`, chunk by chunk."""

    def __init__(self) -> None:
        """Prepare the analysis window and band masks."""
        np = numpy_module()
        self._np = np
        self._window = np.hanning(WIN).astype(np.float32)
        freqs = np.fft.rfftfreq(WIN, 1.0 / SAMPLE_RATE)
        self._speech = (freqs >= BANDS[0]) & (freqs < BANDS[-1])
        self._band_idx = [(freqs >= lo) & (freqs < hi) for lo, hi in itertools.pairwise(BANDS)]
        self._tail = np.zeros(0, dtype=np.float32)
        self._samples = 0
        self._energy: list[FloatArray] = []
        self._bands_prev: FloatArray | None = None
        self._flux: list[FloatArray] = []

    def feed(self, pcm: bytes) -> None:
        """Add raw little-endian int16 samples."""
        np = self._np
        if len(pcm) % 2:
            pcm = pcm[:-1]
        x = np.frombuffer(pcm, dtype="<i2").astype(np.float32) / 32768.0
        self._samples += x.shape[0]
        buf = np.concatenate([self._tail, x]) if self._tail.shape[0] else x
        n = 0 if buf.shape[0] < WIN else 1 + (buf.shape[0] - WIN) // HOP
        if n == 0:
            self._tail = buf
            return
        idx = np.arange(WIN)[None, :] + HOP * np.arange(n)[:, None]
        frames = buf[idx] * self._window
        power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
        speech = power[:, self._speech].sum(axis=1)
        self._energy.append((10.0 * np.log10(speech + 1e-10)).astype(np.float32))
        bands = np.stack([power[:, m].sum(axis=1) for m in self._band_idx], axis=1)
        lb = (10.0 * np.log10(bands + 1e-10)).astype(np.float32)
        prev = lb[:1] if self._bands_prev is None else self._bands_prev
        diff = np.diff(np.concatenate([prev, lb], axis=0), axis=0)
        self._flux.append(np.maximum(diff, 0.0).mean(axis=1).astype(np.float32))
        self._bands_prev = lb[-1:]
        self._tail = buf[n * HOP :]

    def finish(self) -> Features:
        """Return the features of everything fed so far."""
        np = self._np
        energy = np.concatenate(self._energy) if self._energy else np.zeros(0, np.float32)
        flux = np.concatenate(self._flux) if self._flux else np.zeros(0, np.float32)
        return Features(energy, flux, round(self._samples * 1000 / SAMPLE_RATE))


def features_from_pcm(pcm: bytes) -> Features:
    """Features of in-memory 16 kHz mono int16 PCM (for tests and small clips).

    One second of PCM gives ``duration_ms == 1000`` and 98 frames (25 ms windows, 10 ms hop).
    """
    ex = FeatureExtractor()
    step = CHUNK_FRAMES * HOP * 2
    for i in range(0, len(pcm), step):
        ex.feed(pcm[i : i + step])
    return ex.finish()


#: ffmpeg's filter putting the audio on the file's own timeline: the first sample at the time the
#: stream starts from the file's start (silence before it), as a player plays it.  ffmpeg makes
#: the file's start time zero, so an audio stream starting with the others (an MP3's encoder
#: delay, a transport stream's clock) is decoded as before, sample for sample; one that starts
#: later (an audio delay, an edit list: a video's sound from 2.0 s) was decoded from its first
#: sample, and every cue came out that much early.  (``async=1``: gaps in the stream's times of
#: more than 0.1 s are filled with silence too, as a player plays them.)
TIMELINE = "aresample=async=1:first_pts=0"


def _ffmpeg_pcm(path: str, stream: int | None = None) -> tuple[subprocess.Popen[bytes], list[str]]:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise MediaError(NO_FFMPEG, path)
    if not os.path.isfile(path):
        raise MediaError("no such file", path)
    cmd = [
        ffmpeg,
        "-nostdin",
        "-v",
        "error",
        "-i",
        tool_path(path),
        *(("-map", f"0:a:{stream - 1}") if stream is not None else ()),
        "-vn",
        "-af",
        TIMELINE,
        "-ac",
        "1",
        "-ar",
        str(SAMPLE_RATE),
        "-f",
        "s16le",
        "-",
    ]
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    except OSError as exc:
        raise MediaError(f"cannot run ffmpeg: {exc}") from exc
    return proc, cmd


def _stream(path: str, sink: Callable[[bytes], None], stream: int | None = None) -> None:
    """Decode ``path`` (its audio stream number ``stream``, 1 = the first; None: ffmpeg's choice)
    with ffmpeg and hand its PCM to ``sink`` in 10 s chunks; MediaError if ffmpeg fails."""
    proc, _ = _ffmpeg_pcm(path, stream)
    assert proc.stdout is not None and proc.stderr is not None
    step = CHUNK_FRAMES * HOP * 2
    got = 0
    try:
        while True:
            chunk = proc.stdout.read(step)
            if not chunk:
                break
            got += len(chunk)
            sink(chunk)
        err = proc.stderr.read().decode("utf-8", "replace")
        rc = proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    if rc != 0 or got < 2:
        raise MediaError(tool_message(err, path, "no audio stream"), path)


def decode_samples(path: str, features: FeatureExtractor | None = None, stream: int | None = None) -> Any:
    """Decode ``path``'s audio with ffmpeg into 16 kHz mono int16 samples (a numpy array;
    :func:`subconv.align.base.decode_audio` wraps them as the backends' ``Audio``).
    ``features``: fed each chunk as it comes (the speech detector's features are worked out
    while ffmpeg decodes, the same as :func:`features_from_pcm` of the samples).  ``stream``: the
    file's audio stream to decode (1 = the first; None: the one ffmpeg picks).

    Two bytes a sample: an hour of audio is 115 MB.  The samples are added to one buffer as they
    come, which is then wrapped, not gathered in chunks and joined into a copy of them all.
    Raises :class:`MediaError` when ffmpeg or numpy is missing, or the file has no decodable audio.
    """
    np = numpy_module()
    data = bytearray()

    def keep(chunk: bytes) -> None:
        data.extend(chunk)
        if features is not None:
            features.feed(chunk)

    _stream(path, keep, stream)
    return np.frombuffer(data, dtype="<i2", count=len(data) // 2)


def decode_features(path: str) -> Features:
    """Decode ``path``'s audio with ffmpeg, streaming, and return its frame features (samples not kept).

    Raises :class:`MediaError` when ffmpeg or numpy is missing, or the file has no
    decodable audio.
    """
    ex = FeatureExtractor()
    _stream(path, ex.feed)
    feats = ex.finish()
    if feats.frames == 0:
        raise MediaError("no audio stream", path)
    return feats

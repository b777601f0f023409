"""The ``acoustic`` backend: word-level forced alignment with pocketsphinx's en-US model.

pocketsphinx (``pip install 'subconv[align]'``) ships an acoustic model and a
dictionary inside its wheel; nothing is downloaded.  Long audio is aligned in
overlapping blocks, left to right, with a grammar built for each block:

* the block's words in order, each optional at a small cost (captions nobody
  says are skipped rather than forced onto other speech);
* silence and noise fillers between any two words (pauses, coughs, music);
* an exit after every word: a block ends wherever the speech for its words ends,
  so the text never has to fill the audio exactly.

The words found in the first part of a block are kept and the next block starts
after the last of them.  When the audio has moved well past where the text
says a word should be (its *prior*: in ``sync`` mode, the file's own times), the
text jumps ahead to match, so one bad stretch cannot hold back the rest.  Word times are
refined onto the energy onset where the model let a word swallow the silence
before it.

Every block starts from the same front-end state (pocketsphinx's noise estimate
would otherwise carry over from whatever the process decoded before), so a
block's answer depends only on its audio and words: the first blocks can be
worked out in a child before the global pass is known, stretches and pieces in
any process, and the cues do not depend on the cores.

>>> BACKEND.name
'acoustic'
"""

from __future__ import annotations

import bisect
import itertools
import multiprocessing
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from ..model import Word
from ._parallel import Pending, can_fork, cores
from .base import Audio, CueTiming, Request, runs_without
from .lexicon import Token, pronounce, tokens

FRAME_MS = 10
BLOCK_MS = 30_000  # audio per block
KEEP_MS = 27_000  # words ending before this point of a block are kept (blocks end at pauses)
WORDS_PER_S = 6.0  # most words a block is offered per second of audio (fast speech is ~4.5)
P_WORD = 0.9
P_SKIP = 0.02  # leaving a caption word unsaid
P_EXIT = 0.05  # ending the block after a word
LAG_MS = 12_000  # sync: jump in the text when the audio is this far from a word's prior (the file's time)
GUIDE_MIN_MS = 4_000  # with a global pass's priors: re-synchronise past this much
RESYNC_MARGIN_MS = 1_000  # ... to the first word whose prior is this much before the audio
LANGUAGES = ("en",)
QUIET_FRAMES = 100  # a block starting in this much detected non-speech (frames) moves to the next speech ...
LEAD_FRAMES = 30  # ... starting this much (frames) before it
PAUSE_SEARCH_FRAMES = 500  # a block ends at the last pause in its final 5 s
MIN_BLOCK_FRAMES = 600  # a block with no path is retried shorter, down to 6 s
AGREE_MS = 500  # a cue placed this close to its prior (the global pass) is an anchor ...
#: ... with at least this share of its words heard by the first pass (every word: the same cues
#: on the eight real-speech recordings, 2 % more CPU on the 12-minute set than 0.8)
ANCHOR_HEARD = 0.8
#: beams of the decoder between anchors: they prune far less than pocketsphinx's defaults (its
#: word beam, 7e-29, lost its place in hard stretches; 1e-70 gained less in noise than 1e-100,
#: 1e-150 no more: docs/alignment.md, "The acoustic backend")
GAP_BEAMS: dict[str, float] = {"wbeam": 1e-100, "beam": 1e-100, "pbeam": 1e-100}
TRUSTED_SHARE = 0.8  # priors for this share of the cues are enough to follow (the rest are interpolated)
LEAD_MAX_FRAMES = 150  # a cue's left-out first words are looked for in this much audio before its first found word ...
LEAD_GAP_FRAMES = 3  # ... ending this close to it
LEAD_RUN_FRAMES = 8  # ... as a sound this long
LEAD_RISE_DB = 8.0  # ... this much louder than the stretch's quiet
LEAD_ALIGN = True  # a cue's left-out first words are first aligned again, none optional (_say_left_out)
PAD_SAMPLES = 4800  # 300 ms of quiet after each block
PARALLEL_MIN_MS = 240_000  # audio longer than this is aligned in two pieces or more ...
PIECE_MS = 300_000  # ... about this long, at most MAX_WORKERS of them (the audio's length alone sets their number)
MAX_WORKERS = 8
#: The first pass's first blocks are worked out in a child while the tts pass runs (they do not
#: depend on its priors until they re-synchronise the text): one block per this much audio, the
#: tts pass's time being about one block's per 110 s.  Only for audio that is not cut into
#: pieces: longer audio keeps both cores busy (the tts pass's windows are split over them), and
#: a third process made the 12-minute set 10 % slower.
AHEAD_MS_PER_BLOCK = 110_000
#: pocketsphinx options of both decoders (see docs/alignment.md, "Speed").
DECODER_OPTIONS: dict[str, Any] = {"bestpath": False}


def _np() -> Any:
    import numpy

    return numpy


class _Model:
    """pocketsphinx decoders plus the pronunciations added to them: ``decoder`` with the
    default beams for the first pass, and ``gaps`` (made on first use) whose word beam prunes
    far less, for the short stretches between anchors where the first pass went astray."""

    def __init__(self) -> None:
        from pocketsphinx import Decoder, set_loglevel

        self.decoder = Decoder(lm=None, loglevel="FATAL", **DECODER_OPTIONS)
        set_loglevel("FATAL")  # the decoder's own setting does not reach every message (fsg_search's)
        self._gaps: Any = None
        self.known: dict[str, bool] = {}
        self.added: list[tuple[str, str]] = []

    @property
    def gaps(self) -> Any:
        if self._gaps is None:
            from pocketsphinx import Decoder

            self._gaps = Decoder(lm=None, loglevel="FATAL", **{**DECODER_OPTIONS, **GAP_BEAMS})
            for i, (w, phones) in enumerate(self.added):
                self._gaps.add_word(w, phones, i == len(self.added) - 1)
        return self._gaps

    def reset(self) -> None:
        """Forget earlier audio: pocketsphinx's front end carries state (its noise estimate) from
        one utterance to the next, so a kept model starts each call as a new one would."""
        self.decoder.reinit_feat()
        if self._gaps is not None:
            self._gaps.reinit_feat()

    def fresh(self, gap: bool) -> None:
        """The front end of the decoder ``gap`` chooses as a new one's: a task's answer then does
        not depend on what the decoder heard before it (which tasks ran in this process)."""
        (self.gaps if gap else self.decoder).reinit_feat()

    def has(self, word: str) -> bool:
        got = self.known.get(word)
        if got is None:
            got = self.known[word] = self.decoder.lookup_word(word) is not None
        return got

    def add_words(self, words: set[str]) -> None:
        missing = [w for w in words if not self.has(w)]
        if not missing:
            return
        prons = list(pronounce(missing).items())
        for i, (w, phones) in enumerate(prons):
            last = i == len(prons) - 1  # rebuild the search once, at the end
            self.decoder.add_word(w, " ".join(phones), last)
            if self._gaps is not None:  # a kept model's second decoder learns them too
                self._gaps.add_word(w, " ".join(phones), last)
            self.known[w] = True
            self.added.append((w, " ".join(phones)))

    def align(
        self, pcm: Any, words: Sequence[str], *, exit_anywhere: bool, gap: bool = False, optional: bool = True
    ) -> list[tuple[int, int, int]]:
        """Align ``words`` (in order, each optional unless ``optional`` is False) to ``pcm``; (word
        index, start frame, end frame) found."""
        n = len(words)
        if n == 0 or pcm.shape[0] < 1600:
            return []
        final = n + 1
        trans: list[tuple[int, int, float] | tuple[int, int, float, str]] = []
        for i, w in enumerate(words):
            trans.append((i, i + 1, P_WORD, w))
            if P_SKIP > 0 and optional:
                trans.append((i, i + 1, P_SKIP))
            if exit_anywhere and i > 0:
                trans.append((i, final, P_EXIT))
        trans.append((n, final, 1.0))
        d = self.gaps if gap else self.decoder
        fsg = d.create_fsg("block", 0, final, trans)
        d.add_fsg("block", fsg)
        d.activate_search("block")
        d.start_utt()
        d.process_raw(pcm.tobytes(), no_search=False, full_utt=True)
        d.end_utt()
        if d.hyp() is None:
            return []
        out: list[tuple[int, int, int]] = []
        j = 0
        for seg in d.seg():
            word = seg.word
            if word.startswith(("<", "[", "+")):
                continue
            base = word.split("(", 1)[0]
            k = j
            while k < n and words[k] != base:
                k += 1
            if k == n:
                continue
            out.append((k, int(seg.start_frame), int(seg.end_frame)))
            j = k + 1
        return out


_MODELS = threading.local()


def _shared_model() -> _Model:
    """This thread's model, made on first use and kept: loading pocketsphinx's acoustic model and
    dictionary costs about 0.1 s of CPU per decoder, once per process rather than once per call.
    The words added for one call stay for the next (the same pronunciations)."""
    model: _Model | None = getattr(_MODELS, "model", None)
    if model is None:
        model = _MODELS.model = _Model()
    return model


@dataclass
class _Plan:
    words: list[str]  # spoken words, all cues
    cue_of: list[int]  # word index -> cue index
    token_of: list[int]  # word index -> token index within its cue
    cue_tokens: list[list[Token]]
    cue_words: list[list[int]]  # cue index -> its word indexes


def _plan(texts: Sequence[str]) -> _Plan:
    words: list[str] = []
    cue_of: list[int] = []
    token_of: list[int] = []
    cue_tokens: list[list[Token]] = []
    cue_words: list[list[int]] = []
    for ci, text in enumerate(texts):
        toks = tokens(text)
        cue_tokens.append(toks)
        cue_words.append([])
        for ti, tok in enumerate(toks):
            for w in tok.spoken:
                cue_words[ci].append(len(words))
                words.append(w)
                cue_of.append(ci)
                token_of.append(ti)
    return _Plan(words, cue_of, token_of, cue_tokens, cue_words)


def _word_priors(plan: _Plan, priors: Sequence[tuple[int, int] | None], duration: int) -> list[int]:
    """A prior start (ms) for every word: inside its cue's prior by position; a cue without one
    shares the gap between its known neighbours (the recording's ends at the edges) by words.

    >>> p = _plan(["a b", "c d", "e f"])
    >>> _word_priors(p, [(0, 1000), None, (5000, 6000)], 9000)
    [0, 500, 1000, 3000, 5000, 5500]
    """
    n = len(plan.words)
    out = [0] * n
    per_cue = plan.cue_words or [[]]
    known = [priors[c] if c < len(priors) else None for c in range(len(per_cue))]
    for c, p in enumerate(known):
        if p is not None:
            a, b = p
            idx = per_cue[c]
            for j, k in enumerate(idx):
                out[k] = a + (b - a) * j // len(idx)
    for c, d in runs_without([p is not None for p in known]):  # cues without priors: c .. d-1
        lo = known[c - 1][1] if c > 0 else 0  # type: ignore[index]
        hi = known[d][0] if d < len(per_cue) else duration  # type: ignore[index]
        idx = [k for cc in range(c, d) for k in per_cue[cc]]
        for j, k in enumerate(idx):
            out[k] = lo + max(0, hi - lo) * j // len(idx)
    return out


def _onset_refine(energy: Any, start: int, end: int) -> int:
    """Move a word's start (frames) forward over leading silence the model gave it."""
    np = _np()
    if end - start < 8 or start < 20:
        return start
    seg = energy[start:end]
    before = energy[max(0, start - 30) : start]
    floor = float(np.percentile(before, 20)) if before.shape[0] else float(seg.min())
    peak = float(seg.max())
    if peak - floor < 12.0:
        return start
    thr = floor + 0.25 * (peak - floor)
    hot = np.flatnonzero(seg > thr)
    if hot.shape[0] == 0:
        return start
    first = int(hot[0])
    # only silence-like frames are skipped, and never most of the word
    if first >= 5 and first <= (end - start) // 2 and float(seg[:first].max()) < floor + 6.0:
        return start + first - 2
    return start


def _voiced_run(energy: Any, lo: int, hi: int) -> int | None:
    """The first frame of the first sound of at least :data:`LEAD_RUN_FRAMES` frames between
    frames ``lo`` and ``hi`` (louder than the stretch's quiet by :data:`LEAD_RISE_DB`), or None."""
    np = _np()
    if hi - lo < LEAD_RUN_FRAMES + 2:
        return None
    seg = energy[lo:hi]
    floor = float(np.percentile(energy[max(0, lo - 50) : hi + 20], 10))
    hot = seg > floor + LEAD_RISE_DB
    run = 0
    for k, h in enumerate(hot.tolist()):
        run = run + 1 if h else 0
        if run == LEAD_RUN_FRAMES:
            return lo + k - run + 1
    return None


def _lead_in(plan: _Plan, found: list[tuple[int, int] | None], energy: Any) -> None:
    """A cue whose first words the model left out (a hesitation, a word said unclearly) but
    whose later words it found starts at the sound just before them, when there is one: the
    missing words were said there.  The first missing word gets that sound's time."""
    prev_end = -1  # the last frame of the last word found in the cues before
    for idx in plan.cue_words:
        hits = [f for k in idx if (f := found[k]) is not None]
        if hits and found[idx[0]] is None:
            start = hits[0][0]
            onset = _voiced_run(energy, max(prev_end + 1, start - LEAD_MAX_FRAMES), start - LEAD_GAP_FRAMES)
            if onset is not None:
                found[idx[0]] = (onset, start)
        if hits:
            prev_end = hits[-1][1]


def _say_left_out(span: _Span, plan: _Plan, found: list[tuple[int, int] | None]) -> set[int]:
    """A cue whose first words the model left out (it heard silence or noise there rather than
    pay for them) but whose later words it found: those first words are aligned again, none of
    them optional, in the audio between the previous cue's last found word and the first found
    word of this one (at most :data:`LEAD_MAX_FRAMES`, at least :data:`LEAD_RUN_FRAMES` per word).
    Where the model finds them there, they take those times.  Returns the words so placed: they
    were made to fit, not heard, and do not count towards the cue's confidence."""
    forced: set[int] = set()
    prev_end = -1
    for idx in plan.cue_words:
        hits = [k for k in idx if found[k] is not None]
        if hits and found[idx[0]] is None and LEAD_ALIGN:
            first = hits[0]
            start = found[first][0]  # type: ignore[index]
            lo = max(prev_end + 1, start - LEAD_MAX_FRAMES)
            missing = [plan.words[k] for k in idx if k < first]
            if start - lo >= LEAD_RUN_FRAMES * len(missing):
                pcm = _padded(span.pcm[lo * 160 : start * 160], span.quiet)
                span.model.fresh(True)
                got = span.model.align(pcm, missing, exit_anywhere=False, gap=True, optional=False)
                for k, a, b in got:
                    if a < start - lo:
                        found[idx[k]] = (lo + a, lo + min(b, start - lo - 1) + 1)
                        forced.add(idx[k])
        if hits:
            prev_end = found[hits[-1]][1]  # type: ignore[index]
    return forced


def _resync(wprior: list[int], w: int, now: int, lag: int) -> int:
    """The next word to place at audio time ``now`` (ms): ``w``, unless its prior is more than ``lag``
    away from ``now``; then the first word whose prior is at least a second before ``now``.

    >>> _resync([0, 1000, 2000, 30000, 31000], 1, 29000, 6000)  # the text lagged: skip ahead
    3
    >>> _resync([0, 1000, 20000, 21000], 3, 1500, 6000)  # the text ran ahead: come back
    1
    """
    n = len(wprior)
    if n == 0 or abs(wprior[min(w, n - 1)] - now) <= lag:
        return w
    return min(_back_to(wprior, now), n - 1)


def _back_to(wprior: list[int], now: int) -> int:
    """The first word whose prior is at most :data:`RESYNC_MARGIN_MS` before audio time ``now``
    (ms): the earliest :func:`_resync` sends the text to from ``now`` on."""
    return bisect.bisect_left(wprior, now - RESYNC_MARGIN_MS)


def _block_end(speech: Any, t: int, span: int, nframes: int) -> int:
    """Where a block starting at ``t`` ends: ``span`` frames on, moved back to a pause in its last 5 s if any."""
    np = _np()
    end = t + span
    if end >= nframes:
        return nframes
    quiet = np.flatnonzero(~speech[end - PAUSE_SEARCH_FRAMES : end])
    if quiet.shape[0]:
        return end - PAUSE_SEARCH_FRAMES + int(quiet[-1]) + 1
    return end


def _padded(pcm: Any, quiet: Any) -> Any:
    """``pcm`` followed by a moment of the recording's own quiet, so a block can end after a word."""
    np = _np()
    return np.concatenate([pcm, quiet])


def _quiet_sample(pcm: Any) -> Any:
    """300 ms of the quietest stretch of the recording (a pause with its own background noise)."""
    np = _np()
    n = pcm.shape[0] // PAD_SAMPLES
    if n < 2:
        return np.zeros(PAD_SAMPLES, dtype=pcm.dtype)
    power = np.empty(n)  # sums of squares: exact in float64 (< 2**53), worked out in short runs of chunks
    step = 256
    for i in range(0, n, step):
        chunks = pcm[i * PAD_SAMPLES : min(n, i + step) * PAD_SAMPLES].reshape(-1, PAD_SAMPLES).astype(np.float64)
        power[i : i + chunks.shape[0]] = np.einsum("ij,ij->i", chunks, chunks)
    k = int(np.argmin(power))
    return pcm[k * PAD_SAMPLES : (k + 1) * PAD_SAMPLES].copy()


def _speech_mask(audio: Audio, nframes: int) -> Any:
    """Per-10-ms frame: does the language-free detector hear speech (tones and music are not)?"""
    np = _np()
    sm = audio.speech
    mask = np.zeros(nframes + 1, dtype=bool)
    for a, b in sm.segments:
        mask[a // FRAME_MS : b // FRAME_MS] = True
    return mask


def _next_speech(mask: Any, t: int) -> int:
    """``t``, or a little before the next detected speech when none is heard for a second from ``t``."""
    np = _np()
    if mask[t : t + QUIET_FRAMES].any():
        return t
    ahead = np.flatnonzero(mask[t:])
    if ahead.shape[0] == 0:
        return int(mask.shape[0])
    return max(t, t + int(ahead[0]) - LEAD_FRAMES)


def _frame_energy(pcm: Any, *, difference: bool = False) -> Any:
    """Energy (dB) per 10 ms frame; of the signal's first difference with ``difference`` (a
    pre-emphasis: a weak fricative, whose energy lies high up, stands out from silence and from
    low-frequency room noise).  Worked out ten minutes at a time (no float copy of the whole)."""
    np = _np()
    n = pcm.shape[0] // 160
    out = np.empty(n, dtype=np.float32)
    step = 60_000
    for a in range(0, n, step):
        b = min(n, a + step)
        x = pcm[a * 160 : b * 160].astype(np.float32)
        if difference:
            x = np.diff(x, prepend=np.float32(pcm[a * 160 - 1]) if a else x[:1])
        x = x.reshape(b - a, 160)
        out[a:b] = 10.0 * np.log10((x * x).mean(axis=1) + 1.0)
    return out


#: What a block's answer depends on: (gap decoder?, first frame, last frame, its words).
_BlockKey = tuple[bool, int, int, tuple[str, ...]]
_BlockAnswer = tuple[list[tuple[int, int, int]], int]


class _Span:
    """The block aligner over one stretch of the recording (frames ``t0 .. t1``).  Every block
    starts from the same front-end state (a new one that has heard the recording's quiet), so a
    block's answer depends on its key (:data:`_BlockKey`) alone; ``known`` holds answers worked
    out ahead (:class:`_Ahead`)."""

    def __init__(self, model: _Model, pcm: Any, speech: Any, quiet: Any) -> None:
        self.model, self.pcm, self.speech, self.quiet = model, pcm, speech, quiet
        self.known: dict[_BlockKey, _BlockAnswer] = {}

    def run(
        self,
        words: Sequence[str],
        t0: int,
        t1: int,
        *,
        wprior: list[int] | None = None,
        lag: int = 0,
        gap: bool = False,
        settled: Callable[[list[tuple[int, int] | None], int], None] | None = None,
    ) -> list[tuple[int, int] | None]:
        """Frames (start, end) of each of ``words`` found between frames ``t0`` and ``t1``, left to right.

        With ``wprior`` (a prior start per word, ms), the place in the text follows the priors
        when the two drift more than ``lag`` apart.  ``settled(found, k)`` is told after each
        block that the words before ``k`` will not change any more.
        """
        n = len(words)
        found: list[tuple[int, int] | None] = [None] * n
        speech = self.speech
        t, w = t0, 0  # frame where the next block starts, next word to place
        keep = KEEP_MS // FRAME_MS
        while w < n and t < t1:
            if wprior is not None:  # the place in the text follows the priors when the two drift far apart
                w = _resync(wprior, w, t * FRAME_MS, lag)
            t = _next_speech(speech, t)  # a block never starts in music or silence
            if t >= t1:
                break
            got, end = self._block(words, w, t, t1, gap)
            last = end >= t1
            if not got and not last:
                t = end  # nothing recognisable here: move on, the words stay for the next block
                continue
            kept = got if last else _kept(got, keep)
            if kept:  # this block decides every word up to its last kept one: skipped words are unsaid
                found[w : w + kept[-1][0] + 1] = [None] * (kept[-1][0] + 1)
            for k, s, e in kept:
                found[w + k] = (t + s, t + e + 1)
            if last:
                break
            if kept:
                k_last, _, e_last = kept[-1]
                w = w + k_last + 1
                t = t + e_last + 1
            else:
                t = t + keep
            if settled is not None:  # no later block starts before t; the priors can send the text back no further
                settled(found, min(w, _back_to(wprior, t * FRAME_MS)) if wprior is not None else w)
        return found

    def _block(
        self, words: Sequence[str], w: int, t: int, t1: int, gap: bool
    ) -> tuple[list[tuple[int, int, int]], int]:
        """The words found (index from ``w``, start and end frames from ``t``) in the block that
        starts at frame ``t``, and where it ends; a block with no path is tried shorter, down to
        a few seconds."""
        span = BLOCK_MS // FRAME_MS
        key: _BlockKey | None = None
        while True:
            end = _block_end(self.speech, t, span, t1)
            cap = w + max(30, int(WORDS_PER_S * (end - t) * FRAME_MS / 1000))
            if key is None:
                key = (gap, t, end, tuple(words[w:cap]))
                if key in self.known:
                    return self.known.pop(key)
            self.model.fresh(gap)
            self.model.align(self.quiet, words[w : w + 1], exit_anywhere=False, gap=gap)
            pcm = _padded(self.pcm[t * 160 : end * 160], self.quiet)
            got = self.model.align(pcm, words[w:cap], exit_anywhere=True, gap=gap)
            got = [(k, s, min(e, end - t - 1)) for k, s, e in got if s < end - t]
            if got or span <= MIN_BLOCK_FRAMES:
                self._answered(key, (got, end))
                return got, end
            span //= 2

    def _answered(self, key: _BlockKey, answer: _BlockAnswer) -> None:
        """A block worked out (kept by :class:`_Ahead`)."""

    def closed(self, words: Sequence[str], t0: int, t1: int) -> list[tuple[int, int] | None] | None:
        """``words`` aligned to all of frames ``t0 .. t1`` in one block whose path must end after
        the last word (between two anchors, the text has nowhere else to go); None if no path."""
        got = self.model.align(_padded(self.pcm[t0 * 160 : t1 * 160], self.quiet), words, exit_anywhere=False, gap=True)
        if not got:
            return None
        found: list[tuple[int, int] | None] = [None] * len(words)
        for k, s, e in got:
            if s < t1 - t0:
                found[k] = (t0 + s, t0 + min(e, t1 - t0 - 1) + 1)
        return found


class _Enough(Exception):
    """The blocks asked for are worked out."""


class _Ahead(_Span):
    """The first pass's first ``blocks`` blocks, worked out before the tts pass's priors are
    known, without them: the first pass takes an answer whose key matches (the same start, end
    and words), and works out the others itself, so the cues are the same either way."""

    def __init__(self, model: _Model, pcm: Any, speech: Any, quiet: Any, blocks: int) -> None:
        super().__init__(model, pcm, speech, quiet)
        self.left = blocks

    def _answered(self, key: _BlockKey, answer: _BlockAnswer) -> None:
        self.known[key] = answer
        self.left -= 1
        if self.left <= 0:
            raise _Enough

    def work(self, words: Sequence[str], nframes: int) -> dict[_BlockKey, _BlockAnswer]:
        try:
            self.run(words, 0, nframes)
        except _Enough:
            pass
        return self.known


_AHEAD = threading.local()  # this thread's (audio, texts, blocks being worked out): AcousticAligner.prepare


def _pop_ahead() -> tuple[Audio, Sequence[str], Pending[dict[_BlockKey, _BlockAnswer]]] | None:
    """The work :meth:`AcousticAligner.prepare` started in this thread (audio, texts, blocks), now no longer kept."""
    work: tuple[Audio, Sequence[str], Pending[dict[_BlockKey, _BlockAnswer]]] | None = getattr(_AHEAD, "work", None)
    _AHEAD.work = None
    return work


def _taken_ahead(audio: Audio, texts: Sequence[str]) -> dict[_BlockKey, _BlockAnswer]:
    """The blocks :meth:`AcousticAligner.prepare` started for ``audio`` and ``texts`` (others are dropped)."""
    work = _pop_ahead()
    if work is None:
        return {}
    if work[0] is audio and work[1] == texts:
        return work[2].result()
    work[2].close()
    return {}


def _kept(got: list[tuple[int, int, int]], keep: int) -> list[tuple[int, int, int]]:
    """The words of a block (not the recording's last) that end before frame ``keep``; at least
    the first, if it starts before then: a block whose words all end late never stalls."""
    kept = [g for g in got if g[2] < keep]
    if not kept and got and got[0][1] < keep:
        kept = got[:1]
    return kept


def _anchors(plan: _Plan, found: list[tuple[int, int] | None], wprior: list[int]) -> list[bool]:
    """Per cue: most of its words heard by the first pass (:data:`ANCHOR_HEARD`), the cue placed
    within :data:`AGREE_MS` of its prior, in order with the anchors before it.  Two independent
    passes agreeing is the evidence a cue is where it seems; a cue with words unheard can agree
    by chance (JFK's "ask not what your country can do for you" in noise, seven of nine words
    heard: both passes 2 s late, its first words given to the speech after them), so it is
    aligned again between anchors like the cues that disagree."""
    ncue = len(plan.cue_tokens)
    first: list[int | None] = [None] * ncue
    prior: list[int | None] = [None] * ncue
    heard = [0] * ncue
    for i, c in enumerate(plan.cue_of):
        if prior[c] is None:
            prior[c] = wprior[i]
        f = found[i]
        if f is not None:
            heard[c] += 1
            if first[c] is None:
                first[c] = f[0] * FRAME_MS
    out = [False] * ncue
    last = -1
    for c in range(ncue):
        s, p = first[c], prior[c]
        if (
            heard[c] >= ANCHOR_HEARD * len(plan.cue_words[c])
            and s is not None
            and p is not None
            and abs(s - p) <= AGREE_MS
            and s >= last
        ):
            out[c] = True
            last = s
    return out


#: A piece of work for a :class:`_Span`: ``("run", words, t0, t1, wprior, lag, gap)`` or
#: ``("closed", words, t0, t1)``; the answer is the frames found for each word.
_Task = tuple[Any, ...]
_Found = list[tuple[int, int] | None]


def _do(span: _Span, task: _Task, settled: Callable[[list[tuple[int, int] | None], int], None] | None = None) -> _Found:
    """The answer to ``task``: the same in any process, after any other task (``settled``: see
    :meth:`_Span.run`)."""
    if task[0] == "closed":
        _, words, t0, t1 = task
        span.model.fresh(True)
        got = span.closed(words, t0, t1)
        if got is not None:
            return got
        return span.run(words, t0, t1, gap=True)  # (every block starts from its own front end)
    _, words, t0, t1, wprior, lag, gap = task
    return span.run(words, t0, t1, wprior=wprior, lag=lag, gap=gap, settled=settled)


_WORKER: _Span | None = None


def _start_worker(span: _Span) -> None:
    """A worker's span: the caller's own, inherited through ``fork`` (audio, decoders and the
    words added to them; nothing is copied or loaded again)."""
    global _WORKER  # noqa: PLW0603 - one span per worker process
    _WORKER = span


def _work(task: _Task) -> _Found:
    assert _WORKER is not None
    return _do(_WORKER, task)


def _cores() -> int:
    return max(1, min(cores(), MAX_WORKERS))


class _Jobs:
    """Span tasks run in forked worker processes (they share the audio without copying it), or
    here when there is one core, no ``fork``, or the process may not have children (a daemon,
    e.g. a Dask worker).  Results do not depend on where a task ran."""

    def __init__(self, span: _Span, workers: int) -> None:
        self.span, self.workers = span, workers
        self.pool: ProcessPoolExecutor | None = None
        self.forkable = workers > 1 and "fork" in multiprocessing.get_all_start_methods()

    def _pool(self) -> ProcessPoolExecutor | None:
        """The workers, forked on first use: they inherit the decoders as they are then."""
        if self.forkable and self.pool is None:
            ctx = multiprocessing.get_context("fork")  # a forked worker's arguments are inherited, not pickled
            init = (self.span,)
            self.pool = ProcessPoolExecutor(self.workers, mp_context=ctx, initializer=_start_worker, initargs=init)
        return self.pool

    def map(self, tasks: list[_Task]) -> list[_Found]:
        """The answers to ``tasks``, in order."""
        if len(tasks) > 1 and (pool := self._pool()) is not None:
            try:
                return list(pool.map(_work, tasks))
            except (AssertionError, BrokenProcessPool, OSError):  # daemonic processes may not have children
                self.close()
        return [_do(self.span, t) for t in tasks]

    def submit(self, task: _Task) -> Future[_Found] | None:
        """``task`` started in a worker, or None where there are none."""
        pool = self._pool()
        if pool is None:
            return None
        try:
            return pool.submit(_work, task)
        except (AssertionError, BrokenProcessPool, OSError, RuntimeError):
            self.close()
            return None

    def close(self) -> None:
        self.forkable = False
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


class _Early:
    """The stretches between anchors handed to the workers while the first pass still runs, each
    as soon as the first pass has settled it and the anchor after it (:meth:`offer`); they are the
    tasks :func:`_gap_tasks` makes at the end, so the answers are the same (:meth:`take`)."""

    def __init__(self, plan: _Plan, wprior: list[int], nframes: int, jobs: _Jobs) -> None:
        self.plan, self.wprior, self.nframes, self.jobs = plan, wprior, nframes, jobs
        self.sent: dict[tuple[int, ...], tuple[_Task, Future[_Found]]] = {}

    def offer(self, found: list[tuple[int, int] | None], done: int) -> None:
        """The first pass will not change the words before ``done`` any more."""
        settled = 0  # cues whose words all come before ``done``
        for words in self.plan.cue_words:
            if words and words[-1] >= done:
                break
            settled += 1
        if settled < 2:
            return
        for idx, task in _gap_tasks(self.plan, found, self.wprior, self.nframes):
            if self.plan.cue_of[idx[-1]] + 1 < settled and tuple(idx) not in self.sent:
                future = self.jobs.submit(task)
                if future is None:
                    return
                self.sent[tuple(idx)] = (task, future)

    def take(self, idx: list[int], task: _Task) -> _Found | None:
        """The answer to ``task`` (the stretch of words ``idx``) if it was handed out, else None."""
        sent = self.sent.pop(tuple(idx), None)
        if sent is None or sent[0] != task:  # (cannot happen: a settled stretch stays as it was)
            return None
        try:
            return sent[1].result()
        except (AssertionError, BrokenProcessPool, OSError):
            return None


def _passes(plan: _Plan, tasks: list[_Task], wprior: list[int], nframes: int, jobs: _Jobs, *, guided: bool) -> _Found:
    """The first pass (``tasks``: its pieces), then, ``guided`` by the tts pass, the stretches
    between anchors aligned again; one piece runs here, and hands the workers each stretch as
    soon as it has settled it (:class:`_Early`)."""
    found: _Found = []
    early = _Early(plan, wprior, nframes, jobs) if guided and len(tasks) == 1 and jobs.forkable else None
    if early is not None:
        found = _do(jobs.span, tasks[0], settled=early.offer)
    else:
        for got in jobs.map(tasks):
            found += got
    if guided:
        gaps = _gap_tasks(plan, found, wprior, nframes)
        answers = [early.take(idx, t) if early is not None else None for idx, t in gaps]
        rest = iter(jobs.map([t for (_, t), a in zip(gaps, answers, strict=True) if a is None]))
        for (idx, _), answer in zip(gaps, answers, strict=True):
            got = answer if answer is not None else next(rest)
            for k, g in zip(idx, got, strict=True):
                found[k] = g
    return found


def _pieces(plan: _Plan, priors: Sequence[tuple[int, int] | None], nframes: int) -> list[tuple[int, int, int, int]]:
    """The first pass cut into pieces ``(w0, w1, t0, t1)`` (words, frames) at pauses between two
    cues the global pass placed, about equally long; one piece when the audio is short.  Their
    number comes from the audio's length alone (:data:`PIECE_MS`), never from the machine's
    cores, so the cues are the same wherever they are worked out."""
    duration = nframes * FRAME_MS
    k = min(MAX_WORKERS, max(2, duration // PIECE_MS)) if duration > PARALLEL_MIN_MS else 1
    first_word: dict[int, int] = {}
    for i, c in enumerate(plan.cue_of):
        first_word.setdefault(c, i)
    cuts: list[tuple[int, int]] = []  # (word, frame)
    for j in range(1, k):
        target = duration * j // k
        best: tuple[int, int, int] | None = None  # (distance, word, frame)
        for c in range(1, len(priors)):
            a, b = priors[c - 1], priors[c]
            if a is None or b is None or c not in first_word or b[0] - a[1] < 200:
                continue
            frame = (a[1] + b[0]) // 2 // FRAME_MS
            dist = abs(frame * FRAME_MS - target)
            if best is None or dist < best[0]:
                best = (dist, first_word[c], frame)
        if best is not None and (not cuts or best[1] > cuts[-1][0]) and best[0] < duration // (2 * k):
            cuts.append((best[1], best[2]))
    bounds = [(0, 0), *cuts, (len(plan.words), nframes)]
    return [(w0, w1, t0, t1) for (w0, t0), (w1, t1) in itertools.pairwise(bounds)]


def _gap_tasks(plan: _Plan, found: _Found, wprior: list[int], nframes: int) -> list[tuple[list[int], _Task]]:
    """For every run of cues between two anchors (:func:`_anchors`), its words and the task that
    aligns them again inside the audio between those anchors: a stretch where the passes
    disagree cannot pull the text off course beyond it."""
    anchor = _anchors(plan, found, wprior)
    ncue = len(anchor)
    words_of = plan.cue_words
    out: list[tuple[list[int], _Task]] = []
    block = BLOCK_MS // FRAME_MS
    for c, d in runs_without(anchor):
        idx = [k for cc in range(c, d) for k in words_of[cc]]
        lo = max((f[1] for k in words_of[c - 1] if (f := found[k]) is not None), default=0) if c > 0 else 0
        hi = min((f[0] for k in words_of[d] if (f := found[k]) is not None), default=nframes) if d < ncue else nframes
        if idx and hi > lo:
            words = [plan.words[k] for k in idx]
            if d < ncue and hi - lo <= block:
                out.append((idx, ("closed", words, lo, hi)))
            else:
                out.append((idx, ("run", words, lo, hi, None, 0, True)))
    return out


class AcousticAligner:
    """pocketsphinx forced alignment in blocks (see the module docstring)."""

    name = "acoustic"

    def unavailable(self, language: str | None) -> str | None:
        """Why this backend cannot run here, or None."""
        lang = (language or "en").lower().replace("_", "-").split("-")[0]
        if lang not in LANGUAGES:
            return f"no acoustic model for language {language!r} (pocketsphinx ships en-US)"
        try:
            import numpy  # noqa: F401
            import pocketsphinx  # noqa: F401
        except ImportError:
            return "needs pocketsphinx and numpy: pip install 'subconv[align]'"
        return None

    def prepare(self, audio: Audio, request: Request) -> None:
        """What :meth:`align` needs before it starts and does not depend on a global pass: the
        decoders loaded, the words missing from the dictionary added, the speech detector run
        (``run.align_audio`` does this while eSpeak NG speaks the cues in a child process)."""
        model = _shared_model()
        plan = _plan(request.texts)
        model.add_words(set(plan.words))
        audio.speech  # noqa: B018 - computed once, kept on the audio
        self.abandon()
        if can_fork() and plan.words and audio.duration_ms <= PARALLEL_MIN_MS:  # a child, while the tts pass runs here
            pcm = audio.pcm
            nframes = pcm.shape[0] // 160
            blocks = max(1, audio.duration_ms // AHEAD_MS_PER_BLOCK)
            ahead = _Ahead(model, pcm, _speech_mask(audio, nframes), _quiet_sample(pcm), blocks)
            _AHEAD.work = (audio, request.texts, Pending(ahead.work, plan.words, nframes))

    def abandon(self) -> None:
        """Stop the blocks :meth:`prepare` started, when no alignment is to take them."""
        work = _pop_ahead()
        if work is not None:
            work[2].close()

    def align(self, audio: Audio, request: Request) -> list[CueTiming]:
        """Word-level forced alignment of ``request.texts`` to ``audio``."""
        plan = _plan(request.texts)
        ncue = len(request.texts)
        pcm = audio.pcm
        nframes = pcm.shape[0] // 160
        duration = audio.duration_ms
        model = _shared_model()
        model.reset()
        model.add_words(set(plan.words))
        wprior = _word_priors(plan, request.priors, duration)
        # only a timed file's own times are trusted enough to skip text by (text estimates drift by minutes)
        known = sum(p is not None for p in request.priors)
        trusted = len(request.priors) == ncue and known >= TRUSTED_SHARE * ncue
        jump = trusted and (request.mode == "sync" or request.guide_ms > 0)
        lag = max(request.guide_ms, GUIDE_MIN_MS) if request.guide_ms > 0 else LAG_MS
        speech = _speech_mask(audio, nframes)
        span = _Span(model, pcm, speech, _quiet_sample(pcm))
        span.known = _taken_ahead(audio, request.texts)
        pieces = _pieces(plan, request.priors, nframes) if jump else [(0, len(plan.words), 0, nframes)]
        guided = jump and request.guide_ms > 0
        if guided:
            model.gaps  # noqa: B018 - made before the workers fork, so they inherit it rather than each load it
        tasks = [
            ("run", plan.words[w0:w1], t0, t1, wprior[w0:w1] if jump else None, lag, False) for w0, w1, t0, t1 in pieces
        ]
        jobs = _Jobs(span, _cores())
        try:
            found = _passes(plan, tasks, wprior, nframes, jobs, guided=guided)
        finally:
            jobs.close()
        forced = _say_left_out(span, plan, found)
        energy = _frame_energy(pcm)
        onsets = _frame_energy(pcm, difference=True)
        for i, f in enumerate(found):
            if f is not None:
                s = _onset_refine(onsets, f[0], f[1])
                found[i] = (s, f[1])
        _lead_in(plan, found, energy)
        return _cue_timings(plan, found, ncue, self.name, forced)


def _cue_timings(
    plan: _Plan, found: list[tuple[int, int] | None], ncue: int, backend: str, forced: set[int] | None = None
) -> list[CueTiming]:
    """Cue start/end and per-token word times from the words found (frames); the confidence is
    the share of the cue's words heard (the ``forced`` ones, made to fit, do not count)."""
    per_cue = plan.cue_words
    out: list[CueTiming] = []
    for c in range(ncue):
        idx = per_cue[c]
        hits = [found[i] for i in idx if found[i] is not None]
        if not hits or not idx:
            out.append(CueTiming(0, 0, 0.0, False, backend))
            continue
        start = hits[0][0] * FRAME_MS  # type: ignore[index]
        end = hits[-1][1] * FRAME_MS  # type: ignore[index]
        conf = sum(found[i] is not None and i not in (forced or ()) for i in idx) / len(idx)
        # token times: the first and last spoken word of each token
        words: list[Word] = []
        toks = plan.cue_tokens[c]
        span: dict[int, list[int]] = {}
        for i in idx:
            f = found[i]
            if f is not None:
                span.setdefault(plan.token_of[i], []).extend(f)
        for ti, tok in enumerate(toks):
            if ti in span:
                fr = span[ti]
                words.append(Word(min(fr) * FRAME_MS, max(fr) * FRAME_MS, tok.text))
        out.append(CueTiming(start, max(end, start + 1), round(conf, 2), True, backend, tuple(words)))
    return out


BACKEND = AcousticAligner()

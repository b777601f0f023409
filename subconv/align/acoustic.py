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

Guided by the tts pass, the stretches between anchors (cues both passes put in the same
place) are aligned again; one that leaves seconds of speech with no word placed is aligned
once more with *other speech* allowed before each cue, so a line the page left out is heard
as such rather than given the next cues' words; a cue whose first words were given to such a
line, and the rest found after a long silence where the tts pass starts the cue, has those
first words looked for again just before the rest.

The decoders and the block aligner are :mod:`subconv.align._blocks`; this module decides
what they align, where and in which process, and turns word times into cue times.

>>> BACKEND.name
'acoustic'
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from .._children import die_with_parent
from ..model import Word
from ._blocks import (
    BLOCK_MS,
    FRAME_MS,
    _Advance,
    _Ahead,
    _BlockAnswer,
    _BlockKey,
    _np,
    _padded,
    _quiet_sample,
    _shared_model,
    _Span,
    _speech_mask,
)
from ._parallel import Spare, can_fork, cores
from .base import Audio, CueTiming, Request, runs_without
from .lexicon import Token, tokens

LAG_MS = 12_000  # sync: jump in the text when the audio is this far from a word's prior (the file's time)
GUIDE_MIN_MS = 4_000  # with a global pass's priors: re-synchronise past this much
LANGUAGES = ("en",)
AGREE_MS = 500  # a cue placed this close to its prior (the global pass) is an anchor ...
#: ... with at least this share of its words heard by the first pass (every word: the same cues
#: on the eight real-speech recordings, 2 % more CPU on the 12-minute set than 0.8)
ANCHOR_HEARD = 0.8
TRUSTED_SHARE = 0.8  # priors for this share of the cues are enough to follow (the rest are interpolated)
ONSET_BEFORE_FRAMES = 30  # a word's start moves over silence louder than the quiet of this many frames before it ...
ONSET_MIN_START = 20  # ... when it has at least this many frames before it
ONSET_MIN_FRAMES = 8  # ... and lasts at least this many
LEAD_MAX_FRAMES = 150  # a cue's left-out first words are looked for in this much audio before its first found word ...
LEAD_GAP_FRAMES = 3  # ... ending this close to it
LEAD_RUN_FRAMES = 8  # ... as a sound this long
LEAD_RISE_DB = 8.0  # ... this much louder than the stretch's quiet
LEAD_ALIGN = True  # a cue's left-out first words are first aligned again, none optional (_say_left_out)
#: A silence this long (frames) between two found words of one cue, where the tts pass starts the
#: cue after it, cuts off the words before it (:func:`_cut_off`).  The longest pause inside a cue
#: placed right on the real-speech sets was 1.22 s but one; the first words fitted to a line the
#: page left out were 1.52-3.9 s from the rest of their cue; a cut at 1.2 s took a hesitating
#: speaker's real pauses (1.27, 1.28 s) for such a gap.
CUT_GAP_FRAMES = 140
CUT_AGREE_MS = 500  # ... where the tts pass's start is at most this far (ms) after the silence's end
PARALLEL_MIN_MS = 240_000  # audio longer than this is aligned in two pieces or more ...
PIECE_MS = 300_000  # ... about this long, at most MAX_WORKERS of them (the audio's length alone sets their number)
MAX_WORKERS = 8
#: a stretch aligned again that leaves this much detected speech (frames) with no word found is
#: aligned once more with other speech allowed (:func:`_do`): 3.8-25 s where the page left out
#: a line or two; elsewhere at most 2.4 s on the five mixes but once (4.7 s), 3.0 s once on the
#: 12-minute set (a retry there costs 4 % of its wall time: docs/alignment.md)
UNHEARD_FRAMES = 350
#: ... and where even that leaves more than UNHEARD_FRAMES unheard, aligned again with its priors
#: moved out of speech nobody captioned (a guide that stretched the cues over a language switch);
#: the answer that hears the most words is kept ...
MOVE_PRIORS = True
#: ... (:func:`_moved_priors`) where a word of the text takes about this long to say (2.5 words a
#: second; the sets' speakers 2-4.5): speech beyond what the words take is other speech
SPOKEN_MS_PER_WORD = 400
#: Where more than UNHEARD_FRAMES of detected speech lie between the words found of two cues, the
#: cue on either side is tried on the other side of that speech (:func:`_slide`): its words, none
#: optional, over a stretch as long as theirs plus SLIDE_MARGIN frames either side, there and where
#: they are now; moved if they fit at least SLIDE_GAIN log units a frame better there (its words
#: fitted to a language switch next to it: -43 to -47 a frame; said where they are: -18 to -31)
SLIDE = True
SLIDE_MARGIN = 50
SLIDE_FINE = 10  # ... looked for in steps of SLIDE_MARGIN, then of this many frames around the best
SLIDE_GAIN = 8.0
SLIDE_MOST = 10  # cues moved across one stretch at most
SLIDE_MIN_WORDS = 3  # a shorter cue is judged and moved with its neighbour (_unit)
SLIDE_REACH = 1000  # frames: how far from the other side its words are looked for, at most
#: The first pass's first blocks are worked out in a child while the tts pass runs (they do not
#: depend on its priors: the text re-synchronises only where it drifts seconds from them, and
#: these blocks are offered words by rate alone, :func:`_unguided`): one block per this much
#: audio, the tts pass's time being about one block's per 110 s; for audio cut into pieces, the
#: first piece's first block.  The child runs at the lowest priority (:class:`~._parallel.Spare`):
#: on the time the tts pass leaves a core idle (its global warp runs on one core), never on the
#: tts pass's (at normal priority it made the 12-minute set 10 % slower).  The first pass takes each
#: block as it reaches it, waiting for one in progress; pieces, run in the workers, take those done
#: when the workers start (:class:`~._blocks._Advance`; docs/alignment.md, "Spare time").
AHEAD_MS_PER_BLOCK = 110_000


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


def _unguided(duration: int) -> int:
    """How many first blocks of a stretch are offered words by rate alone, not capped by the
    priors (:func:`_blocks._cap`): as many as are worked out ahead for audio this long (ms), where
    no priors are known yet, so that the first pass can take them; at least one, with or without
    a child to work them out, so the cues are the same either way.

    >>> _unguided(141_000), _unguided(230_000), _unguided(729_000)
    (1, 2, 1)
    """
    return max(1, duration // AHEAD_MS_PER_BLOCK) if duration <= PARALLEL_MIN_MS else 1


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


def _refine_onsets(energy: Any, found: list[tuple[int, int] | None]) -> None:
    """Each word ``found`` (frames) moved forward over leading silence the model gave it
    (:func:`_onset_refine`); the quiet before every word is worked out at once."""
    np = _np()
    todo = [
        (i, f)
        for i, f in enumerate(found)
        if f is not None and f[1] - f[0] >= ONSET_MIN_FRAMES and f[0] >= ONSET_MIN_START
    ]
    if not todo:
        return
    starts = np.array([f[0] for _, f in todo])
    floors = np.empty(len(todo))
    full = starts >= ONSET_BEFORE_FRAMES  # the others, at the recording's start, have fewer frames before them
    if full.any():
        before = np.lib.stride_tricks.sliding_window_view(energy, ONSET_BEFORE_FRAMES)
        floors[full] = np.percentile(before[starts[full] - ONSET_BEFORE_FRAMES], 20, axis=1)
    for j in np.flatnonzero(~full).tolist():
        floors[j] = np.percentile(energy[: starts[j]], 20)
    for (i, (start, end)), floor in zip(todo, floors.tolist(), strict=True):
        found[i] = (_onset_refine(energy, start, end, floor), end)


def _onset_refine(energy: Any, start: int, end: int, floor: float) -> int:
    """Move a word's start (frames) forward over leading silence the model gave it (``floor``:
    the quiet before it, the 20th percentile of the energy of the frames before it)."""
    np = _np()
    seg = energy[start:end]
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


def _cut_off(plan: _Plan, found: list[tuple[int, int] | None], wprior: list[int]) -> None:
    """A cue whose first found words lie before a silence of :data:`CUT_GAP_FRAMES` or more
    inside it, where the tts pass starts the cue within that silence or just after it
    (:data:`CUT_AGREE_MS`), and not near those first words: they were fitted to other speech,
    most often a line the page left out just before the cue ("And so, my fellow Americans"
    given the words of "um, and that should be all", 2.3 s early).  They are unset, in place,
    for :func:`_say_left_out` to look for just before the rest of the cue.

    >>> p = _plan(["a b c d"])
    >>> found = [(0, 50), (50, 90), (300, 340), (340, 400)]
    >>> _cut_off(p, found, [2900, 3000, 3100, 3200]); found
    [None, None, (300, 340), (340, 400)]
    >>> found = [(0, 50), (50, 90), (300, 340), (340, 400)]
    >>> _cut_off(p, found, [0, 500, 1000, 1500]); found  # the tts pass starts the cue where its first words are
    [(0, 50), (50, 90), (300, 340), (340, 400)]
    """
    for idx in plan.cue_words:
        hits = [k for k in idx if found[k] is not None]
        for a, b in itertools.pairwise(hits):
            fa, fb = found[a], found[b]
            assert fa is not None and fb is not None
            if fb[0] - fa[1] < CUT_GAP_FRAMES:
                continue
            head = found[hits[0]]
            assert head is not None
            prior, first = wprior[idx[0]], head[0] * FRAME_MS
            if (
                fa[1] * FRAME_MS + CUT_AGREE_MS < prior <= fb[0] * FRAME_MS + CUT_AGREE_MS
                and first < prior - 2 * CUT_AGREE_MS
            ):
                for k in idx[: idx.index(b)]:
                    found[k] = None
            break  # the first long silence of the cue only


def _slide(span: _Span, plan: _Plan, found: _Found) -> None:
    """Cues placed on the wrong side of speech nobody's words were found in (a language switch:
    the cue after it fitted to its start, the cues before it to its end), moved to the other side
    where their words fit better (:data:`SLIDE_GAIN`), in place; up to :data:`SLIDE_MOST` cues a
    stretch, each once, working inwards from both sides.  Only the stretches of the answer as it
    is are looked at, each once: the work grows with the stretches of speech left unheard (about
    20-60 windows of a few seconds decoded for each), not with the text."""
    heard = [k for k, f in enumerate(found) if f is not None]
    stretches = [
        (plan.cue_of[p], plan.cue_of[q]) for p, q in itertools.pairwise(heard) if plan.cue_of[p] != plan.cue_of[q]
    ]
    for left, right in stretches:
        tried: set[int] = set()
        for _ in range(SLIDE_MOST):
            lo = max((f[1] for k in plan.cue_words[left] if (f := found[k]) is not None), default=None)
            hi = min((f[0] for k in plan.cue_words[right] if (f := found[k]) is not None), default=None)
            if lo is None or hi is None or int(span.speech[lo:hi].sum()) <= UNHEARD_FRAMES:
                break
            if left not in tried and _slid(
                span, plan, found, unit := _unit(plan, left, later=True), (lo, hi), later=True
            ):
                tried.update(unit)  # now after the stretch: the next to look at is the cue before them
                before = (c for c in range(unit[0] - 1, -1, -1) if _any_found(plan, found, c))
                left, right = next(before, unit[0]), unit[0]
            elif right not in tried and _slid(
                span, plan, found, unit := _unit(plan, right, later=False), (lo, hi), later=False
            ):
                tried.update(unit)
                after = (c for c in range(unit[-1] + 1, len(plan.cue_words)) if _any_found(plan, found, c))
                left, right = unit[-1], next(after, unit[-1])
            else:
                break


def _unit(plan: _Plan, cue: int, *, later: bool) -> list[int]:
    """``cue`` and as many cues before it (``later``) or after it as make :data:`SLIDE_MIN_WORDS`
    words: fewer fit silence about as well as their own speech.

    >>> _unit(_plan(["a b", "one", "c d e"]), 1, later=True), _unit(_plan(["a b", "one", "c d e"]), 1, later=False)
    ([0, 1], [1, 2])
    """
    cues = [cue]
    while sum(len(plan.cue_words[c]) for c in cues) < SLIDE_MIN_WORDS:
        nxt = cues[0] - 1 if later else cues[-1] + 1
        if not 0 <= nxt < len(plan.cue_words):
            break
        cues = [nxt, *cues] if later else [*cues, nxt]
    return cues


def _any_found(plan: _Plan, found: _Found, cue: int) -> bool:
    return any(found[k] is not None for k in plan.cue_words[cue])


def _slid(span: _Span, plan: _Plan, found: _Found, cues: list[int], within: tuple[int, int], *, later: bool) -> bool:
    """Move ``cues`` (in place) to just after frame ``lo`` (``later`` False) or just before ``hi``
    of ``within`` where their words fit :data:`SLIDE_GAIN` better than where they are (see
    :func:`_slide`)."""
    lo, hi = within
    idx = [k for c in cues for k in plan.cue_words[c]]
    hits = [f for k in idx if (f := found[k]) is not None]
    said = len(idx) * SPOKEN_MS_PER_WORD // FRAME_MS  # (where they are now they may be squeezed)
    width = max(hits[-1][1] - hits[0][0], said) + 2 * SLIDE_MARGIN
    if hi - lo < width + 2 * SLIDE_MARGIN:
        return False  # (also where the stretch is shorter than the words)
    words = [plan.words[k] for k in idx]
    here = min(max(0, hits[0][0] - SLIDE_MARGIN), span.speech.shape[0] - 1 - width)
    _, now = span.said(words, here, here + width)
    reach = min((hi - lo - width) // 2, SLIDE_REACH)  # the half of the stretch on that side
    # the words themselves within lo .. hi, the windows within the recording
    first, last = max(0, lo - SLIDE_MARGIN), min(hi + SLIDE_MARGIN, span.speech.shape[0] - 1) - width
    coarse = [last - off if later else first + off for off in range(0, reach + 1, SLIDE_MARGIN)]
    best = _best_window(span, words, width, coarse, (now + SLIDE_GAIN, -1, []))
    if best[1] < 0:
        return False
    # then around the best of them (a window fits best starting where the words do)
    fine = range(best[1] - SLIDE_MARGIN + SLIDE_FINE, best[1] + SLIDE_MARGIN, SLIDE_FINE)
    best = _best_window(span, words, width, [t for t in fine if first <= t <= last and t != best[1]], best)
    for k, f in zip(idx, best[2], strict=True):
        found[k] = (max(f[0], lo), min(f[1], hi)) if f is not None and f[0] < hi and f[1] > lo else None
    return True


def _best_window(
    span: _Span, words: list[str], width: int, starts: list[int], best: tuple[float, int, _Found]
) -> tuple[float, int, _Found]:
    """(fit, start, words' places) of the window of ``width`` frames from each of ``starts`` whose
    words fit better than ``best`` (the fit to beat first: the threshold, start -1), else ``best``."""
    for t0 in starts:
        got, fit = span.said(words, t0, t0 + width)
        if fit > best[0] and any(got):
            best = (fit, t0, got)
    return best


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


def _frame_energy(pcm: Any, *, difference: bool = False) -> Any:
    """Energy (dB) per 10 ms frame; of the signal's first difference with ``difference`` (a
    pre-emphasis: a weak fricative, whose energy lies high up, stands out from silence and from
    low-frequency room noise).  Worked out a minute at a time (no float copy of the whole; pieces
    this small reuse the same memory rather than fault in new pages each time: 0.15 -> 0.03 s on
    the 12-minute set)."""
    np = _np()
    n = pcm.shape[0] // 160
    out = np.empty(n, dtype=np.float32)
    step = 6_000
    for a in range(0, n, step):
        b = min(n, a + step)
        x = pcm[a * 160 : b * 160].astype(np.float32)
        if difference:
            x = np.diff(x, prepend=np.float32(pcm[a * 160 - 1]) if a else x[:1])
        x = x.reshape(b - a, 160)
        out[a:b] = 10.0 * np.log10((x * x).mean(axis=1) + 1.0)
    return out


_AHEAD = threading.local()  # this thread's (audio, texts, blocks being worked out): AcousticAligner.prepare


def _pop_ahead() -> tuple[Audio, Sequence[str], Spare[tuple[_BlockKey, _BlockAnswer]]] | None:
    """The work :meth:`AcousticAligner.prepare` started in this thread (audio, texts, blocks), now no longer kept."""
    work: tuple[Audio, Sequence[str], Spare[tuple[_BlockKey, _BlockAnswer]]] | None = getattr(_AHEAD, "work", None)
    _AHEAD.work = None
    return work


def _taken_ahead(audio: Audio, texts: Sequence[str]) -> _Advance:
    """The blocks :meth:`AcousticAligner.prepare` started for ``audio`` and ``texts`` (others are dropped)."""
    work = _pop_ahead()
    if work is not None and work[0] is audio and work[1] == texts:
        return _Advance(work[2])
    if work is not None:
        work[2].close()
    return _Advance(None)


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


#: A piece of work for a :class:`_Span`: ``("run", words, t0, t1, wprior, lag, gap, entries, starts)``
#: or ``("closed", words, t0, t1, entries, starts)``; the answer is the frames found for each word.
#: ``starts`` (the words that start a cue; a stretch between anchors only): see :func:`_do`;
#: ``entries`` (the words that start a cue, where the stretch starts the text): see :meth:`_Span.run`.
_Task = tuple[Any, ...]
_Found = list[tuple[int, int] | None]


def _do(span: _Span, task: _Task, settled: Callable[[list[tuple[int, int] | None], int], None] | None = None) -> _Found:
    """The answer to ``task``: the same in any process, after any other task (``settled``: see
    :meth:`_Span.run`).  A stretch between anchors whose answer leaves more than
    :data:`UNHEARD_FRAMES` of detected speech between two words found (or at either end) is
    aligned once more with other speech allowed before each cue (speech nobody captioned: the
    words had been crowded into the speech before it), and that answer is taken if it finds
    more of the words; where the better answer still leaves that much unheard, a ``"run"`` is
    aligned again with its priors moved out of that speech (:func:`_moved_priors`), each answer
    taken if it finds more words still."""
    got = _attempt(span, task, settled, ())
    starts: tuple[int, ...] = task[-1]
    if starts and _unheard(span.speech, got, task[2], task[3]) > UNHEARD_FRAMES:
        again = _attempt(span, task, None, starts)
        if _heard(again) > _heard(got):  # (a pause the detector took for speech: nothing to gain)
            got = again
        if task[0] == "run" and MOVE_PRIORS:
            for moved, later in _moved_priors(span.speech, got, task):
                other = _attempt(span, moved, None, later)
                if _heard(other) > _heard(got):
                    got = other
    return got


def _moved_priors(speech: Any, found: _Found, task: _Task) -> list[tuple[_Task, tuple[int, ...]]]:
    """The stretch ``task`` (a ``"run"``) to align again with its words' priors moved out of speech
    nobody captioned, each with the cues before which other speech may then be heard.  That speech
    is the most ``found`` left unheard between two words (more than :data:`UNHEARD_FRAMES`), and,
    where words were found between it and the last word found where its prior puts it (squeezed
    into that speech: pocketsphinx fits the text to other speech as readily, leaving the text's
    own speech unheard), also the speech from that word on less what the words the priors put after
    it take to say (:data:`SPOKEN_MS_PER_WORD` each).  Up to the first word after it found where its
    prior puts it (else the stretch's end), the priors are squeezed into what is left: after that
    speech (it came first) or before it.  Other speech is allowed before one cue: the first whose
    moved prior is at or after where that speech starts (a phone loop before every cue of the
    stretch took 6-8 s of CPU per 70 s aligned; before one, 3-7 s).

    >>> import numpy
    >>> speech = numpy.zeros(3000, dtype=bool)
    >>> speech[100:1000] = True  # 9 s of speech between the words found at 0.0 s and at 25.0 s
    >>> task = ("run", list("abcd"), 0, 3000, [0, 5000, 10000, 25000], 8000, True, (), (0, 1, 2, 3))
    >>> [(t[4], later) for t, later in _moved_priors(speech, [(0, 50), None, None, (2500, 2550)], task)]
    [([0, 12347, 15510, 25000], (1,)), ([0, 3347, 6510, 25000], (3,))]
    """
    _, words, t0, t1, wprior, lag, gap, entries, starts = task
    edges = [t0, *(x for f in found if f is not None for x in f), t1]
    most, a, b = max((int(speech[x:y].sum()), x, y) for x, y in zip(edges[::2], edges[1::2], strict=True))
    if most <= UNHEARD_FRAMES:
        return []
    agree = [f is not None and abs(f[0] * FRAME_MS - wprior[k]) <= AGREE_MS for k, f in enumerate(found)]
    end = next((wprior[k] for k, f in enumerate(found) if f is not None and f[0] >= b and agree[k]), t1 * FRAME_MS)
    ways = [(a * FRAME_MS, most * FRAME_MS)]  # (where the other speech begins, how long it is)
    first = max((f[1] for k, f in enumerate(found) if f is not None and f[1] <= a and agree[k]), default=t0)
    if t0 < first < a:
        said = sum(first * FRAME_MS <= p < end for p in wprior) * SPOKEN_MS_PER_WORD
        other = int(speech[first : end // FRAME_MS].sum()) * FRAME_MS - said
        if other > UNHEARD_FRAMES * FRAME_MS:
            ways.append((first * FRAME_MS, other))
    out: list[tuple[_Task, tuple[int, ...]]] = []
    for begin, unheard in ways:
        if end - begin <= unheard:
            continue
        scale = (end - begin - unheard) / (end - begin)
        for shift in (unheard, 0):
            moved = [p if p < begin or p >= end else round(begin + shift + (p - begin) * scale) for p in wprior]
            where = begin if shift else end - unheard  # where the other speech starts
            later = tuple(j for j in starts if moved[j] >= where)[:1]
            out.append((("run", words, t0, t1, moved, lag, gap, entries, starts), later))
    return out


def _heard(found: _Found) -> int:
    return sum(f is not None for f in found)


def _attempt(
    span: _Span,
    task: _Task,
    settled: Callable[[list[tuple[int, int] | None], int], None] | None,
    other: tuple[int, ...],
) -> _Found:
    if task[0] == "closed":
        _, words, t0, t1, entries, _starts = task
        span.model.fresh(True)
        got = span.closed(words, t0, t1, other, entries)
        if got is not None:
            return got
        return span.run(words, t0, t1, gap=True, other=other, entries=entries)  # (every block: its own front end)
    _, words, t0, t1, wprior, lag, gap, entries, _starts = task
    return span.run(words, t0, t1, wprior=wprior, lag=lag, gap=gap, settled=settled, other=other, entries=entries)


def _unheard(speech: Any, found: _Found, t0: int, t1: int) -> int:
    """The most frames of detected speech between two of the words ``found`` (or before the first,
    after the last) in frames ``t0 .. t1``.

    >>> import numpy
    >>> _unheard(numpy.ones(100, dtype=bool), [(10, 20), None, (50, 60)], 0, 100)
    40
    """
    edges = [t0, *(x for f in found if f is not None for x in f), t1]
    return max((int(speech[a:b].sum()) for a, b in zip(edges[::2], edges[1::2], strict=True) if b > a), default=0)


_WORKER: _Span | None = None


def _start_worker(span: _Span, parent: int) -> None:
    """A worker's span: the caller's own, inherited through ``fork`` (audio, decoders and the
    words added to them; nothing is copied or loaded again).  The worker dies with ``parent``."""
    global _WORKER  # noqa: PLW0603 - one span per worker process
    die_with_parent(parent)
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
            init = (self.span, os.getpid())
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
    as soon as the first pass has settled it and the anchor after it (:meth:`offer`; the stretch
    after the last anchor when the first pass is done); they are the tasks :func:`_gap_tasks`
    makes at the end, so the answers are the same (:meth:`take`)."""

    def __init__(self, plan: _Plan, wprior: list[int], nframes: int, lag: int, jobs: _Jobs) -> None:
        self.plan, self.wprior, self.nframes, self.lag, self.jobs = plan, wprior, nframes, lag, jobs
        self.sent: dict[tuple[int, ...], tuple[_Task, Future[_Found]]] = {}

    def offer(self, found: list[tuple[int, int] | None], done: int) -> None:
        """The first pass will not change the words before ``done`` any more (all of them: the
        stretch after the last anchor, to the end of the audio, goes too)."""
        settled = 0  # cues whose words all come before ``done``
        for words in self.plan.cue_words:
            if words and words[-1] >= done:
                break
            settled += 1
        if done >= len(self.plan.words):
            settled += 1
        if settled < 2:
            return
        new = [
            (idx, task)
            for idx, task in _gap_tasks(self.plan, found, self.wprior, self.nframes, self.lag)
            if self.plan.cue_of[idx[-1]] + 1 < settled and tuple(idx) not in self.sent
        ]
        # the longest first, so that the workers end together (every stretch starts from a new
        # front end: the answers do not depend on the order)
        for idx, task in sorted(new, key=lambda it: it[1][3] - it[1][2], reverse=True):
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
        except (AssertionError, BrokenProcessPool, OSError, CancelledError):  # (the pool closed after a failure)
            return None


def _passes(
    plan: _Plan, tasks: list[_Task], wprior: list[int], nframes: int, jobs: _Jobs, *, guided: bool, lag: int
) -> _Found:
    """The first pass (``tasks``: its pieces), then, ``guided`` by the tts pass, the stretches
    between anchors aligned again (following the priors within ``lag``).  The workers get each
    stretch as soon as the first pass has settled it (:class:`_Early`): one piece runs here and
    settles its stretches block by block; pieces run in the workers, and a worker done with its
    piece takes the stretches of the pieces done so far while the others still run."""
    found: _Found = []
    early = _Early(plan, wprior, nframes, lag, jobs) if guided and jobs.forkable else None
    if early is not None and len(tasks) == 1:
        found = _do(jobs.span, tasks[0], settled=early.offer)
        if jobs.pool is not None:  # the workers are there: the stretches left go to them too
            early.offer(found, len(found))
    elif early is not None:
        found = _settling(tasks, jobs, early, len(plan.words))
    else:
        for got in jobs.map(tasks):
            found += got
    if guided:
        gaps = _gap_tasks(plan, found, wprior, nframes, lag)
        answers = [early.take(idx, t) if early is not None else None for idx, t in gaps]
        rest = iter(jobs.map([t for (_, t), a in zip(gaps, answers, strict=True) if a is None]))
        for (idx, _), answer in zip(gaps, answers, strict=True):
            got = answer if answer is not None else next(rest)
            for k, g in zip(idx, got, strict=True):
                found[k] = g
    return found


def _settling(tasks: list[_Task], jobs: _Jobs, early: _Early, nwords: int) -> _Found:
    """The pieces ``tasks`` worked out in the workers, in order, each handing :class:`_Early` the
    words up to its end as settled when it and those before it are done (the same answers as
    :meth:`_Jobs.map`'s; a piece whose worker failed is worked out here)."""
    futures = [jobs.submit(t) for t in tasks]
    found: _Found = []
    for task, future in zip(tasks, futures, strict=True):
        got: _Found | None = None
        if future is not None and jobs.pool is not None:  # (after a failure, the rest runs here)
            try:
                got = future.result()
            except (AssertionError, BrokenProcessPool, OSError, CancelledError):
                jobs.close()
        found += got if got is not None else _do(jobs.span, task)
        early.offer(found + [None] * (nwords - len(found)), len(found))
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


def _entries(plan: _Plan, w0: int) -> tuple[int, ...]:
    """For a stretch of the text from word ``w0``: where it starts the text, its cues' first
    words (the path may start at any of them, :data:`~._blocks.P_ENTER`), else none.

    >>> _entries(_plan(["Subtitles by X", "one two"]), 0), _entries(_plan(["a", "b"]), 1)
    ((0, 3), ())
    """
    if w0:
        return ()
    return tuple(i for i, c in enumerate(plan.cue_of) if i == 0 or plan.cue_of[i - 1] != c)


def _gap_tasks(plan: _Plan, found: _Found, wprior: list[int], nframes: int, lag: int) -> list[tuple[list[int], _Task]]:
    """For every run of cues between two anchors (:func:`_anchors`), its words and the task that
    aligns them again inside the audio between those anchors: a stretch where the passes
    disagree cannot pull the text off course beyond it.  A stretch longer than a block is aligned
    block by block like the first pass, its place in the text following the words' priors where
    the two drift more than ``lag`` apart (a stretch the model hears poorly, a quiet speaker
    under music, would otherwise fall further behind with every block)."""
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
            starts = tuple(j for j, k in enumerate(idx) if j == 0 or plan.cue_of[k] != plan.cue_of[idx[j - 1]])
            entries = starts if idx[0] == 0 else ()
            if d < ncue and hi - lo <= block:
                out.append((idx, ("closed", words, lo, hi, entries, starts)))
            else:
                out.append((idx, ("run", words, lo, hi, [wprior[k] for k in idx], lag, True, entries, starts)))
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
        if can_fork() and plan.words:  # a child, while the tts pass runs here
            pcm = audio.pcm
            nframes = pcm.shape[0] // 160
            ahead = _Ahead(model, pcm, _speech_mask(audio, nframes), _quiet_sample(pcm), _unguided(audio.duration_ms))
            _AHEAD.work = (audio, request.texts, Spare(ahead.work, plan.words, nframes, _entries(plan, 0)))

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
        span = _Span(model, pcm, speech, _quiet_sample(pcm), _unguided(duration))
        span.advance = _taken_ahead(audio, request.texts)
        pieces = _pieces(plan, request.priors, nframes) if jump else [(0, len(plan.words), 0, nframes)]
        guided = jump and request.guide_ms > 0
        if guided:
            model.gaps  # noqa: B018 - made before the workers fork, so they inherit it rather than each load it
        tasks = [
            ("run", plan.words[w0:w1], t0, t1, wprior[w0:w1] if jump else None, lag, False, _entries(plan, w0), ())
            for w0, w1, t0, t1 in pieces
        ]
        if len(tasks) > 1:  # the pieces run in the workers: they take the blocks ahead done by now
            span.advance.settle()
        jobs = _Jobs(span, _cores())
        try:
            found = _passes(plan, tasks, wprior, nframes, jobs, guided=guided, lag=lag)
        finally:
            jobs.close()
            span.advance.close()
        if SLIDE:
            _slide(span, plan, found)
        if guided:
            _cut_off(plan, found, wprior)
        forced = _say_left_out(span, plan, found)
        energy = _frame_energy(pcm)
        onsets = _frame_energy(pcm, difference=True)
        _refine_onsets(onsets, found)
        _lead_in(plan, found, energy)
        return _cue_timings(plan, found, ncue, self.name, forced)


def _together(idx: list[int], found: list[tuple[int, int] | None], forced: set[int]) -> int:
    """How many of the words ``idx`` of one cue were heard together: the most found, not
    ``forced``, between two silences of :data:`CUT_GAP_FRAMES` or more inside the cue.  Words
    found seconds apart from the rest were fitted to other sound (an intro's music, the speech
    of the cues before): a fast talker's cue whose six words were found over 12 s of the cues
    before it, each with a word or two of theirs, counted as heard in full and was kept 10 s
    early, where the tts pass had it right.

    >>> _together([0, 1, 2, 3], [(0, 20), (20, 40), (500, 520), None], set())
    2
    >>> _together([0, 1, 2], [(0, 20), (20, 40), (40, 60)], {0})
    2
    """
    best = run = 0
    end: int | None = None
    for i in idx:
        f = found[i]
        if f is None:
            continue
        if end is not None and f[0] - end >= CUT_GAP_FRAMES:
            run = 0
        run += i not in forced
        best = max(best, run)
        end = f[1]
    return best


def _cue_timings(
    plan: _Plan, found: list[tuple[int, int] | None], ncue: int, backend: str, forced: set[int] | None = None
) -> list[CueTiming]:
    """Cue start/end and per-token word times from the words found (frames); the confidence is
    the share of the cue's words heard together (:func:`_together`; the ``forced`` ones, made to
    fit, do not count)."""
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
        conf = _together(idx, found, forced or set()) / len(idx)
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

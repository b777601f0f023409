"""pocketsphinx's decoders and the block aligner of the ``acoustic`` backend.

:class:`_Model` holds the two decoders (the first pass's, with pocketsphinx's beams, and the wide
one for the stretches between anchors) and the pronunciations added to them; :meth:`_Model.align`
builds a block's grammar (its words in order, each optional, fillers between any two, an exit
after every word).  :class:`_Span` aligns words to a stretch of the recording block by block,
left to right, keeping the words of each block's first part; every block starts from the same
front-end state, so a block's answer depends on its key (:data:`_BlockKey`) alone, and
:class:`_Ahead` can work out the first ones in a child before the global pass is known.  Which
stretches are aligned, where and in which process is :mod:`subconv.align.acoustic`'s business.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any

from ._parallel import Spare
from .base import Audio
from .lexicon import pronounce

FRAME_MS = 10
BLOCK_MS = 30_000  # audio per block
KEEP_MS = 27_000  # words ending before this point of a block are kept (blocks end at pauses)
WORDS_PER_S = 6.0  # most words a block is offered per second of audio (fast speech is ~4.5)
#: ... and, given priors, none whose prior starts more than this after the block's end (a block's
#: CPU grows with its words: pocketsphinx walks every state of the grammar every frame; at 20 s
#: five cues of a page with a line left out went 3-5 s off, at 10 s a line of a sonnet moved:
#: docs/alignment.md, "Words offered by the priors")
PRIOR_AHEAD_MS = 30_000
MIN_WORDS = 30  # ... but never fewer than this
P_WORD = 0.9
P_SKIP = 0.02  # leaving a caption word unsaid
P_EXIT = 0.05  # ending the block after a word
#: entering the text at a later cue's first word, in the block that starts the text (captions
#: nobody says before the speech: a title, "Downloaded from ..."; word by word, leaving them out
#: cost far more than forcing their words onto the first cues' speech).  Small: at 0.05 the
#: extra arcs changed which paths the beams kept in the first block of pages without credits
#: (en-b under music: a cue 0.3 s later); at 1e-8 they do not (docs/alignment.md)
P_ENTER = 1e-8
RESYNC_MARGIN_MS = 1_000  # re-synchronised, the text goes to the first word whose prior is this much earlier
QUIET_FRAMES = 100  # a block starting in this much detected non-speech (frames) moves to the next speech ...
LEAD_FRAMES = 30  # ... starting this much (frames) before it
PAUSE_SEARCH_FRAMES = 500  # a block ends at the last pause in its final 5 s
MIN_BLOCK_FRAMES = 600  # a block with no path is retried shorter, down to 6 s
#: beams of the decoder between anchors: they prune far less than pocketsphinx's defaults (its
#: word beam, 7e-29, lost its place in hard stretches; 1e-70 gained less in noise than 1e-100,
#: 1e-150 no more: docs/alignment.md, "The acoustic backend")
GAP_BEAMS: dict[str, float] = {"wbeam": 1e-100, "beam": 1e-100, "pbeam": 1e-100}
#: Speech nobody captioned: where a stretch between anchors is aligned again with "other
#: speech" allowed (:mod:`subconv.align.acoustic`), the decoder may hear any run of the model's
#: phones before a cue's first word, which it must then say; entering it costs ``OTHER_ENTER``
#: (the wide beams prune anything much dearer), each phone of it ``OTHER_PHONE`` (at 0.05 a
#: phone it took whole blocks in place of their words: docs/alignment.md, "Speech nobody captioned").
OTHER_ENTER = 1e-60
OTHER_PHONE = 1e-8
#: the acoustic model's phones (those of its dictionary), each a word of one phone
# fmt: off
OTHER_PHONES = (
    "AA", "AE", "AH", "AO", "AW", "AY", "B", "CH", "D", "DH", "EH", "ER", "EY", "F", "G", "HH", "IH", "IY", "JH", "K",
    "L", "M", "N", "NG", "OW", "OY", "P", "R", "S", "SH", "T", "TH", "UH", "UW", "V", "W", "Y", "Z", "ZH",
)
# fmt: on
#: A block that heard at least this share of the words it decided (and at least HOLD_MIN_WORDS of
#: them) is not undone: the priors may still move the text ahead (the model falling behind the
#: guide), but not send it back to words before the block's end, however far the guide put them
#: (a guide that stretched the cues over speech nobody captioned sent the text back to where it
#: put them, and words the model had heard plainly were placed again seconds late:
#: docs/alignment.md, Limits).  After a block that heard fewer, the priors move the text either way.
HOLD_SHARE = 0.8
HOLD_MIN_WORDS = 10
PAD_SAMPLES = 4800  # 300 ms of quiet after each block
#: pocketsphinx options of both decoders (see docs/alignment.md, "Speed"); they start with no
#: words (loading the whole pronouncing dictionary cost 0.08 s of each decoder's 0.1 s) and are
#: given the dictionary's entries of the words they align (:meth:`_Model.add_words`).
DECODER_OPTIONS: dict[str, Any] = {"bestpath": False, "dict": os.devnull}


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
        self.known: set[str] = set()  # the words the decoders were given
        self.added: list[tuple[str, str]] = []

    @property
    def gaps(self) -> Any:
        if self._gaps is None:
            from pocketsphinx import Decoder

            self._gaps = Decoder(lm=None, loglevel="FATAL", **{**DECODER_OPTIONS, **GAP_BEAMS})
            for w, phones in self.added:
                self._gaps.add_word(w, phones, False)
            for i, ph in enumerate(OTHER_PHONES):  # "other speech", one phone per word
                self._gaps.add_word(_other(ph), ph, i == len(OTHER_PHONES) - 1)
        return self._gaps

    def fit(self, frames: int) -> float:
        """The wide-beam decoder's last answer's path score per frame of its ``frames``
        (pocketsphinx's log units).  Its scores are relative to each frame's best senone, so
        answers over stretches of equal length compare (words where they are said scored -18 to
        -31 a frame, fitted to other speech -43 to -47)."""
        d = self.gaps
        hyp = d.hyp()
        return float(d.get_logmath().log(hyp.score)) / max(frames, 1) if hyp is not None and hyp.score > 0 else -1e9

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

    def add_words(self, words: set[str]) -> None:
        """Teach the decoders ``words``: the pronouncing dictionary's entries (alternatives as
        ``word(2)``, in its order), :func:`~.lexicon.pronounce`'s for the words it lacks."""
        new = sorted(words - self.known)
        listed = {w: got for w in new if (got := _listed(w))}
        entries = [e for w in new for e in listed.get(w, ())]
        said = pronounce(w for w in new if w not in listed)
        entries += [(w, " ".join(phones)) for w, phones in said.items()]
        for i, (name, phones) in enumerate(entries):
            last = i == len(entries) - 1  # rebuild the search once, at the end
            self.decoder.add_word(name, phones, last)
            if self._gaps is not None:  # a kept model's second decoder learns them too
                self._gaps.add_word(name, phones, last)
            self.added.append((name, phones))
        self.known.update(listed, said)

    def align(
        self,
        pcm: Any,
        words: Sequence[str],
        *,
        exit_anywhere: bool,
        gap: bool = False,
        optional: bool = True,
        other: Sequence[int] = (),
        entries: Sequence[int] = (),
    ) -> list[tuple[int, int, int]]:
        """Align ``words`` (in order, each optional unless ``optional`` is False) to ``pcm``; (word
        index, start frame, end frame) found.  Before each word of ``other`` (indices; the
        ``gap`` decoder only) other speech may be heard (:data:`OTHER_ENTER`); the path may
        start at any word of ``entries`` (indices) instead of the first (:data:`P_ENTER`)."""
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
        trans.extend((0, i, P_ENTER) for i in entries if 0 < i < n)
        state = final + 1
        for i in other:  # i -> heard (other speech, a phone at a time) -> said -> word i, not skipped
            heard, said = state, state + 1
            state += 2
            trans.extend((i, heard, OTHER_ENTER, _other(ph)) for ph in OTHER_PHONES)
            trans.extend((heard, heard, OTHER_PHONE, _other(ph)) for ph in OTHER_PHONES)
            trans.append((heard, said, 1.0))
            trans.append((said, i + 1, P_WORD, words[i]))
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


@functools.cache
def _dictionary() -> list[str]:
    """The lines of pocketsphinx's pronouncing dictionary (the one its decoders load by
    default), read once a process."""
    from pocketsphinx import Config

    with open(Config()["dict"], encoding="utf-8") as f:
        return f.read().splitlines()


def _listed(word: str) -> list[tuple[str, str]]:
    """The pronouncing dictionary's entries for ``word``: (name, phones), its alternatives named
    ``word(2)``, ``word(3)``.  The dictionary is sorted by word: the lines are searched by bisection."""
    lines = _dictionary()
    i = bisect.bisect_left(lines, word, key=_headword)
    out: list[tuple[str, str]] = []
    while i < len(lines) and _headword(lines[i]) == word:
        name, phones = lines[i].split(" ", 1)
        out.append((name, phones))
        i += 1
    return out


def _headword(line: str) -> str:
    """The word a dictionary line pronounces (``read(2) R IY D``: ``read``)."""
    return line.split(" ", 1)[0].split("(", 1)[0]


def _other(phone: str) -> str:
    """The word of one phone of other speech (a name the search's answers leave out: ``+...+``)."""
    return f"+other{phone}+"


_MODELS = threading.local()


def _shared_model() -> _Model:
    """This thread's model, made on first use and kept: loading pocketsphinx's acoustic model and
    dictionary costs about 0.1 s of CPU per decoder, once per process rather than once per call.
    The words added for one call stay for the next (the same pronunciations)."""
    model: _Model | None = getattr(_MODELS, "model", None)
    if model is None:
        model = _MODELS.model = _Model()
    return model


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
    lo = max(t + 1, end - PAUSE_SEARCH_FRAMES)  # (a retried block, shorter than that, still ends after t)
    quiet = np.flatnonzero(~speech[lo:end])
    if quiet.shape[0]:
        return lo + int(quiet[-1]) + 1
    return end


def _cap(w: int, t: int, end: int, later: list[int] | None) -> int:
    """One past the last word offered to the block of frames ``t .. end`` that starts at word ``w``:
    :data:`WORDS_PER_S` words a second; given ``later`` (:func:`_earliest_after` of the priors,
    ms), none after which every prior starts more than :data:`PRIOR_AHEAD_MS` after the block's
    end; at least :data:`MIN_WORDS`.

    >>> _cap(0, 0, 3000, None), _cap(0, 0, 3000, [i * 400 for i in range(500)])
    (180, 151)
    """
    cap = w + max(MIN_WORDS, int(WORDS_PER_S * (end - t) * FRAME_MS / 1000))
    if later is not None:
        cap = min(cap, max(w + MIN_WORDS, bisect.bisect_right(later, end * FRAME_MS + PRIOR_AHEAD_MS, lo=w)))
    return cap


def _earliest_after(wprior: list[int]) -> list[int]:
    """For each word, the earliest prior of it and the words after it: never decreasing, so a
    cap found by bisection hides no word whose own prior is in reach, even where the priors go
    back (a timed file's cues out of order, overlapping cues).

    >>> _earliest_after([0, 500, 300, 900])
    [0, 300, 300, 900]
    """
    return list(itertools.accumulate(reversed(wprior), min))[::-1]


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


#: What a block's answer depends on: (gap decoder?, first frame, last frame, its words, the words
#: other speech may come before, the words its path may start at).
_BlockKey = tuple[bool, int, int, tuple[str, ...], tuple[int, ...], tuple[int, ...]]
_BlockAnswer = tuple[list[tuple[int, int, int]], int]


class _Span:
    """The block aligner over one stretch of the recording (frames ``t0 .. t1``).  Every block
    starts from the same front-end state (a new one that has heard the recording's quiet), so a
    block's answer depends on its key (:data:`_BlockKey`) alone; ``advance`` has the answers worked
    out ahead (:class:`_Ahead`)."""

    def __init__(self, model: _Model, pcm: Any, speech: Any, quiet: Any, unguided: int = 1) -> None:
        self.model, self.pcm, self.speech, self.quiet = model, pcm, speech, quiet
        self.advance = _Advance(None)
        self.unguided = unguided  # a stretch's first blocks offered words by rate alone (those _Ahead works out)

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
        other: Sequence[int] = (),
        entries: Sequence[int] = (),
    ) -> list[tuple[int, int] | None]:
        """Frames (start, end) of each of ``words`` found between frames ``t0`` and ``t1``, left to right.

        With ``wprior`` (a prior start per word, ms), the place in the text follows the priors
        when the two drift more than ``lag`` apart; after a block that heard its words plainly
        (:data:`HOLD_SHARE`), only ahead.  ``settled(found, k)`` is told after each
        block that the words before ``k`` will not change any more.  Other speech may be heard
        before the words ``other`` (indices; ``gap`` only).  A block that starts at the first of
        ``words`` may start at any word of ``entries`` instead (given where ``words`` start the
        text: ``entries`` are its cues' first words).
        """
        n = len(words)
        found: list[tuple[int, int] | None] = [None] * n
        speech = self.speech
        t, w = t0, 0  # frame where the next block starts, next word to place
        keep = KEEP_MS // FRAME_MS
        later = _earliest_after(wprior) if wprior is not None else None
        blocks = 0
        held = False  # the block before heard its words plainly (HOLD_SHARE)
        while w < n and t < t1:
            if wprior is not None:  # the place in the text follows the priors when the two drift far apart
                w_prior = _resync(wprior, w, t * FRAME_MS, lag)
                w = max(w, w_prior) if held else w_prior
            t = _next_speech(speech, t)  # a block never starts in music or silence
            if t >= t1:
                break
            enter = entries if w == 0 else ()
            got, end = self._block(
                words, w, t, t1, gap, other=other, entries=enter, later=later if blocks >= self.unguided else None
            )
            blocks += 1
            last = end >= t1
            if not got and not last:
                t = end  # nothing recognisable here: move on, the words stay for the next block
                continue
            kept = got if last else _kept(got, keep)
            held = len(kept) >= max(HOLD_MIN_WORDS, HOLD_SHARE * (kept[-1][0] + 1)) if kept else False
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
        self,
        words: Sequence[str],
        w: int,
        t: int,
        t1: int,
        gap: bool,
        *,
        other: Sequence[int] = (),
        entries: Sequence[int] = (),
        later: list[int] | None = None,
    ) -> tuple[list[tuple[int, int, int]], int]:
        """The words found (index from ``w``, start and end frames from ``t``) in the block that
        starts at frame ``t``, and where it ends; a block with no path is tried shorter, down to
        a few seconds.  The words offered are capped by :func:`_cap` (by the priors too, ``later``,
        but for a block that ends at ``t1``)."""
        span = BLOCK_MS // FRAME_MS
        key: _BlockKey | None = None
        while True:
            end = _block_end(self.speech, t, span, t1)
            # the priors cap no block that ends the span: no block after it would find a late word
            cap = _cap(w, t, end, later if end < t1 else None)
            here = tuple(i - w for i in other if w <= i < cap)
            enter = tuple(i - w for i in entries if w < i < cap)
            if key is None:
                key = (gap, t, end, tuple(words[w:cap]), here, enter)
                answer = self.advance.take(key)
                if answer is not None:
                    return answer
            self.model.fresh(gap)
            self.model.align(self.quiet, words[w : w + 1], exit_anywhere=False, gap=gap)
            pcm = _padded(self.pcm[t * 160 : end * 160], self.quiet)
            got = self.model.align(pcm, words[w:cap], exit_anywhere=True, gap=gap, other=here, entries=enter)
            got = [(k, s, min(e, end - t - 1)) for k, s, e in got if s < end - t]
            if got or span <= MIN_BLOCK_FRAMES:
                self._answered(key, (got, end))
                return got, end
            span //= 2

    def _answered(self, key: _BlockKey, answer: _BlockAnswer) -> None:
        """A block worked out (kept by :class:`_Ahead`)."""

    def closed(
        self, words: Sequence[str], t0: int, t1: int, other: Sequence[int] = (), entries: Sequence[int] = ()
    ) -> list[tuple[int, int] | None] | None:
        """``words`` aligned to all of frames ``t0 .. t1`` in one block whose path must end after
        the last word (between two anchors, the text has nowhere else to go); None if no path.
        Other speech may be heard before the words ``other``; the path may start at the words
        ``entries`` (see :meth:`run`)."""
        pcm = _padded(self.pcm[t0 * 160 : t1 * 160], self.quiet)
        got = self.model.align(pcm, words, exit_anywhere=False, gap=True, other=other, entries=entries)
        return _placed(got, len(words), t0, t1) if got else None

    def said(self, words: Sequence[str], t0: int, t1: int) -> tuple[list[tuple[int, int] | None], float]:
        """``words``, none optional, aligned to frames ``t0 .. t1`` by the wide-beam decoder from a
        new front end (as every block), and how well they fit there (:meth:`_Model.fit`)."""
        self.model.fresh(True)
        self.model.align(self.quiet, words[:1], exit_anywhere=False, gap=True)
        pcm = _padded(self.pcm[t0 * 160 : t1 * 160], self.quiet)
        got = self.model.align(pcm, words, exit_anywhere=False, gap=True, optional=False)
        return _placed(got, len(words), t0, t1), self.model.fit(pcm.shape[0] // 160)


def _placed(got: list[tuple[int, int, int]], n: int, t0: int, t1: int) -> list[tuple[int, int] | None]:
    """Each of ``n`` words' (start, end) frames in the recording from an answer over frames ``t0 .. t1``."""
    found: list[tuple[int, int] | None] = [None] * n
    for k, s, e in got:
        if s < t1 - t0:
            found[k] = (t0 + s, t0 + min(e, t1 - t0 - 1) + 1)
    return found


class _Enough(Exception):
    """The blocks asked for are worked out."""


class _Ahead(_Span):
    """The first pass's first ``blocks`` blocks, worked out before the tts pass's priors are
    known, without them, each handed to ``give`` when done: the first pass takes an answer whose
    key matches (the same start, end and words), and works out the others itself, so the cues
    are the same either way."""

    def __init__(self, model: _Model, pcm: Any, speech: Any, quiet: Any, blocks: int) -> None:
        super().__init__(model, pcm, speech, quiet)
        self.left = blocks
        self.give: Callable[[tuple[_BlockKey, _BlockAnswer]], None] = lambda _: None

    def _answered(self, key: _BlockKey, answer: _BlockAnswer) -> None:
        self.give((key, answer))
        self.left -= 1
        if self.left <= 0:
            raise _Enough

    def work(
        self,
        give: Callable[[tuple[_BlockKey, _BlockAnswer]], None],
        words: Sequence[str],
        nframes: int,
        entries: Sequence[int] = (),
    ) -> None:
        self.give = give
        try:
            self.run(words, 0, nframes, entries=entries)
        except _Enough:
            pass


class _Advance:
    """The blocks :class:`_Ahead` works out in a spare child (:class:`~._parallel.Spare`), taken as
    the first pass reaches them: one handed over is taken at once, and one the child is still
    working on is waited for, by the process that started the child only (the workers forked
    from it leave the child alone).  The child hands its blocks over in the order the first pass
    asks for them, so the first one that is not the block asked for ends it (the text went
    elsewhere).  :meth:`settle` keeps the blocks done so far and stops the child, for a first
    pass run in the workers."""

    def __init__(self, spare: Spare[tuple[_BlockKey, _BlockAnswer]] | None) -> None:
        self.spare, self.owner = spare, os.getpid()
        self.done: dict[_BlockKey, _BlockAnswer] = {}

    def take(self, key: _BlockKey) -> _BlockAnswer | None:
        """The answer worked out ahead for the block ``key``, or None: work it out."""
        if key in self.done:
            return self.done.pop(key)
        if self.spare is None or os.getpid() != self.owner:
            return None
        for got, answer in self.spare.next():
            if got == key:
                return answer
        self.close()
        return None

    def settle(self) -> None:
        """Keep the blocks done so far, without waiting for the others, and stop the child."""
        if self.spare is not None and os.getpid() == self.owner:
            self.done.update(self.spare.taken())
            self.spare = None

    def close(self) -> None:
        """Stop the child (in the process that started it) and drop what it has not handed over."""
        if self.spare is not None and os.getpid() == self.owner:
            self.spare.close()
        self.spare = None


def _kept(got: list[tuple[int, int, int]], keep: int) -> list[tuple[int, int, int]]:
    """The words of a block (not the recording's last) that end before frame ``keep``; at least
    the first, if it starts before then: a block whose words all end late never stalls."""
    kept = [g for g in got if g[2] < keep]
    if not kept and got and got[0][1] < keep:
        kept = got[:1]
    return kept

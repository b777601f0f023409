"""YouTube rolling auto-captions: recognising them (:func:`is_youtube_rolling`, the input kind
``rolling``) and rebuilding them as one cue per spoken line (:func:`rebuild_rolling`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model import Cue, Track
from ...report import Report
from ...text.compare import dup_key, key_initial, word_keys
from .. import Context
from .lines import STEP, _cue_lines, is_sound_line

YOUTUBE_MESSAGE = "recognised YouTube rolling auto-captions; de-duplicated (use --dedupe off to keep)"
_TIMESTAMP_TAG = re.compile(r"<(?:[0-9]{1,3}:)?[0-9]{2}:[0-9]{2}[.,][0-9]{3}>")
_BRIDGE_MS = 50


def is_youtube_rolling(track: Track) -> bool:
    """Recognise YouTube-style rolling auto-captions.

    True when at least 30% of consecutive cue pairs roll (a cue of two or more lines whose
    first line repeats the previous cue's last line, or a ~10 ms bridge cue repeating it), and
    there are either
    word-timing tags (``vtt.raw`` holding ``<00:00:01.520>``) or at least 3 rolling pairs.
    """
    cues = track.cues
    if len(cues) < 2:
        return False
    need = 0.3 * (len(cues) - 1)
    # Only a cue of two or more lines, or a bridge cue, can roll: find those first (cheap), then
    # check them until 30% is out of reach.  An ordinary file is decided after a few of them.
    # (one comprehension: this runs on every subtitle file converted)
    # (indexes alone: a list of pairs would cost a large file's conversion a tenth of its memory)
    # (``"\n" in c.text``: two or more lines, or a line holding a newline; the text is what a cue
    # holds, its lines are made when asked for)
    candidates = [
        i
        for i, c in enumerate(cues)
        if i and ("\n" in c.text or (c.start is not None and c.end is not None and c.end - c.start <= _BRIDGE_MS))
    ]
    left = len(candidates)
    rolling = 0
    for i in candidates:
        if rolling + left < need:
            return False
        left -= 1
        # (the first line of the cue, the last of the one before: where either holds a letter or
        # digit, it is the line compared, as a blank one is not)
        a = key_initial(cues[i].text.partition("\n")[0])
        b = key_initial(cues[i - 1].text.rpartition("\n")[2])
        if a != b and a and b:
            continue  # (their keys start with different letters or digits: they differ)
        lines = _cue_lines(cues[i])
        if lines and (len(lines) >= 2 or _is_bridge(cues[i])):
            prev_lines = _cue_lines(cues[i - 1])
            if prev_lines and dup_key(lines[0]) == dup_key(prev_lines[-1]):
                rolling += 1
    if rolling < need:
        return False
    if rolling >= 3:
        return True
    return any(_TIMESTAMP_TAG.search(str(c.extras.get("vtt.raw", ""))) for c in cues)


def _is_bridge(cue: Cue) -> bool:
    """A cue of at most ``_BRIDGE_MS`` (YouTube's ~10 ms cue repeating the line that rolls up;
    :func:`is_youtube_rolling`'s list of candidates has the test inline)."""
    return cue.start is not None and cue.end is not None and cue.end - cue.start <= _BRIDGE_MS


@dataclass
class _Line:
    text: str
    key: str
    words: tuple[str, ...]
    start: int | None
    visible_end: int | None
    cue: Cue


def _match_history(keys: list[str], words: list[tuple[str, ...]], out: list[_Line]) -> tuple[int, bool]:
    """How many of the cue's first lines repeat the last emitted lines, and whether the last grew.

    A rolling cue carries at most all but one of its lines over, so k < len(keys) is tried
    first (longest first); only then a full repeat (a bridge cue, or the same cue twice).  The
    k-th line may also *grow* the last emitted line (same words, then more): the second value
    says so.
    """
    n = len(keys)
    for k in [*range(min(n - 1, len(out)), 0, -1), *([n] if 0 < n <= len(out) else [])]:
        tail = out[-k:]
        if any(keys[j] != tail[j].key for j in range(k - 1)):
            continue
        last = tail[-1]
        if keys[k - 1] == last.key:
            return k, False
        w = words[k - 1]
        if len(w) > len(last.words) and w[: len(last.words)] == last.words and last.words:
            return k, True
    return 0, False


#: how many of the last emitted lines an untagged line before a word-timed one may repeat
_RECENT = 4


def _first_tagged(cue: Cue, lines: list[str]) -> int | None:
    """Index in ``lines`` (the cue's non-blank lines) of the first word-timed line, if any.

    A word-timed line (``<00:00:01.520><c> word</c>`` in ``vtt.raw``) is what the recogniser
    is saying now: never a line carried over from the cue before.
    """
    raw = cue.extras.get("vtt.raw")
    if not isinstance(raw, str) or "<" not in raw:
        return None
    nonblank = [ln for ln in raw.split("\n") if ln.strip()]
    if len(nonblank) != len(lines):
        return None
    for j, ln in enumerate(nonblank):
        if _TIMESTAMP_TAG.search(ln):
            return j
    return None


def _match_tagged(keys: list[str], words: list[tuple[str, ...]], out: list[_Line], tagged: int) -> tuple[int, bool]:
    """:func:`_match_history` in a word-timed track, for a cue whose line ``tagged`` is the first
    word-timed one (``len(keys)`` when none is): only the lines before it can be carried over,
    and where they do not continue the last lines, each may repeat any of the last ``_RECENT``
    lines (a carried-over line that is not the very last one, e.g. after a ``[Music]`` line,
    is still not said again)."""
    k, grown = _match_history(keys[:tagged], words[:tagged], out)
    if k:
        return k, grown
    recent = {line.key for line in out[-_RECENT:]}
    while k < tagged and keys[k] in recent:
        k += 1
    return k, False


def _fresh(cue: Cue) -> bool:
    """Whether the cue's first line is blank: its text is on the bottom line, just rolled in."""
    lines = cue.lines
    if len(lines) == 1:
        lines = tuple(lines[0].split("\n"))
    return len(lines) >= 2 and not lines[0].strip()


def _touches(end: int | None, start: int | None) -> bool:
    """Whether something starting at ``start`` follows on from something shown until ``end``."""
    return end is None or start is None or start - end <= _BRIDGE_MS


def _shown_until(line: _Line, end: int | None) -> None:
    """``line`` is still on screen until ``end`` (if that is later)."""
    if end is not None and (line.visible_end is None or end > line.visible_end):
        line.visible_end = end


def _sound_label(out: list[_Line], new: _Line, report: Report) -> None:
    """A sound label alone under a blank line: it rolls in now, so it is not carried over.  One
    that goes on from the same label still on screen is the same sound (YouTube cuts a long one
    into pieces), merged; any other is a new occurrence, kept."""
    last = out[-1] if out else None
    cue = new.cue
    if last is not None and last.key == new.key and _touches(last.visible_end, cue.start):
        _shown_until(last, cue.end)
        report.add(
            STEP,
            "merged",
            f"rolling auto-caption: the sound goes on from line {last.cue.source_line} (one occurrence)",
            cue.source_line,
            new.text,
        )
        return
    out.append(new)


def _roll_in(out: list[_Line], cue: Cue, word_timed: bool, report: Report) -> None:
    """Add the lines of ``cue`` that are new to ``out``; the ones it carries over stay on screen."""
    lines = list(_cue_lines(cue))
    keys = [dup_key(ln) for ln in lines]
    words = [word_keys(ln) for ln in lines]
    if len(lines) == 1 and _fresh(cue) and is_sound_line(lines[0]):
        _sound_label(out, _Line(lines[0], keys[0], words[0], cue.start, cue.end, cue), report)
        return
    if not word_timed:
        k, grown = _match_history(keys, words, out)
    else:
        tagged = _first_tagged(cue, lines)
        k, grown = _match_tagged(keys, words, out, len(lines) if tagged is None else tagged)
    for line in out[len(out) - k :] if k else ():
        _shown_until(line, cue.end)
    if grown:
        last = out[-1]
        reason = f"rolling auto-caption: line grows line {last.cue.source_line}"
        report.add(STEP, "merged", reason, cue.source_line, lines[k - 1])
        last.text, last.key, last.words = lines[k - 1], keys[k - 1], words[k - 1]
    if k == len(lines):
        if not grown:
            ref = out[-1].cue.source_line if out else None
            report.add(STEP, "dropped", f"rolling auto-caption: repeats line {ref}", cue.source_line, cue.text)
        return
    if k:
        report.add(STEP, "rewritten", f"rolling auto-caption: {k} repeated line(s) removed", cue.source_line, cue.text)
    out.extend(_Line(lines[j], keys[j], words[j], cue.start, cue.end, cue) for j in range(k, len(lines)))


def youtube_rolling(track: Track, report: Report) -> Track:
    """Rebuild rolling auto-captions as one cue per spoken line.

    Each output cue is a line the first time it rolls in: start = the start of that source
    cue, end = when the next line starts (or when the line leaves the screen, if sooner).
    A word-timed line is always new; the untimed lines before it are carried over. A sound
    label (``[Music]``) alone under a blank line is new too, unless it follows on from the
    same label still on screen: then it is the same sound cut in pieces, merged into one.
    """
    out: list[_Line] = []
    word_timed = any(_TIMESTAMP_TAG.search(str(c.extras.get("vtt.raw", ""))) for c in track.cues)
    for cue in track.cues:
        _roll_in(out, cue, word_timed, report)
    cues: list[Cue] = []
    for i, line in enumerate(out):
        end = line.visible_end
        if i + 1 < len(out):
            nxt = out[i + 1].start
            if nxt is not None and line.start is not None and nxt > line.start and (end is None or nxt < end):
                end = nxt
        extras = line.cue.extras.without("vtt.raw", "vtt.id", "vtt.settings")
        cues.append(
            Cue(
                line.start, end, (line.text,), speaker=line.cue.speaker, extras=extras, source_line=line.cue.source_line
            )
        )
    return track.with_cues(cues)


def rebuild_rolling(track: Track, ctx: Context, report: Report) -> Track:
    """The step on recognised rolling auto-captions (:func:`is_youtube_rolling`): one cue per
    spoken line (:func:`youtube_rolling`), unless ``--dedupe off``."""
    if ctx.options.dedupe == "off" or not track.cues:
        return track
    report.add(STEP, "info", YOUTUBE_MESSAGE)
    return youtube_rolling(track, report)

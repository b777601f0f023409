"""Pipeline step ``dedupe``: remove repeated captions, never repeated speech.

Policies (``Options.dedupe``):

* ``auto`` (default) -- pages: adjacent exact and near duplicates (same :func:`dup_key`),
  block copies and rolling overlaps (a cue that starts with the tail of the previous one
  keeps only its new part) where the page's evidence says they were captured twice (stamps,
  or most nearby lines repeated: :func:`_capture_plan`); an isolated repeat is a line said
  again and is kept and listed as ``kept``, as are non-adjacent repeats.  Timed files are
  left alone, except recognised YouTube rolling auto-captions, which are rebuilt as one cue
  per spoken line.
* ``off`` -- nothing.
* ``adjacent`` -- every adjacent duplicate and rolling overlap, on pages and timed files.
* ``all`` -- as ``adjacent``, and non-adjacent repeats are removed too.

Every removal is reported with its source line.  Everything is one pass with hash
keys: linear in the number of cues (under ``auto`` on pages, repeated until nothing
changes, at most 4 passes).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..model import Cue, Track
from ..report import Report, clock
from ..text.compare import dup_key, word_keys, word_spans
from ..text.width import is_wide
from . import Context

STEP = "dedupe"
YOUTUBE_MESSAGE = "recognised YouTube rolling auto-captions; de-duplicated (use --dedupe off to keep)"

_TIMESTAMP_TAG = re.compile(r"<(?:\d{1,3}:)?\d{2}:\d{2}[.,]\d{3}>")
_ROLL_CAP = 64  # longest rolling overlap looked for, in words
_BRIDGE_MS = 50


def _same_speaker(a: Cue, b: Cue) -> bool:
    return a.speaker == b.speaker


def _significant(key: str, text: str) -> bool:
    """Whether a non-adjacent repeat of ``text`` is worth listing (not "Yes." or "No.")."""
    if len(key) >= 12 or len(word_keys(text)) >= 3:
        return True
    return len(key) >= 6 and any(is_wide(c) for c in key)


def _clean_lines(text: str) -> tuple[str, ...]:
    return tuple(" ".join(ln.split()) for ln in text.split("\n") if ln.strip())


def _cue_lines(cue: Cue) -> tuple[str, ...]:
    """``_clean_lines(cue.text)``, without joining and splitting a one-line cue."""
    lines = cue.lines
    if len(lines) == 1 and "\n" not in lines[0]:
        return (" ".join(lines[0].split()),) if lines[0].strip() else ()
    return _clean_lines(cue.text)


_SOUND_LINE = re.compile(r"^(?:\[([^\[\]\n]{1,60})\]|\(([^()\n]{1,40})\)|[♪♫♬#\s]*[♪♫♬][♪♫♬#\s]*)$")


def is_sound_line(text: str) -> bool:
    """Whether a caption line is only a sound label -- ``[Music]``, ``[Applause]``, ``(laughter)``,
    ``♪ ♪`` -- not words someone said (see :func:`~subconv.steps.normalise.is_sound_tag`).

    >>> is_sound_line("[Music]"), is_sound_line(" ♪♪ "), is_sound_line("[Music] so today"), is_sound_line("(he said)")
    (True, True, False, False)
    """
    from .normalise import is_sound_tag

    m = _SOUND_LINE.match(text.strip())
    if m is None:
        return False
    if m.group(1) is not None:
        return is_sound_tag(m.group(1), True)
    if m.group(2) is not None:
        return is_sound_tag(m.group(2), False)
    return True


def rolling_cut(prev: str, cur: str) -> str | None:
    """What is left of ``cur`` after the part that repeats the end of ``prev``, or None if no overlap.

    An overlap counts when it is at least 3 words, or all of ``prev`` (2+ words), or a
    whole line of both texts (the rolling two-line pattern).

    >>> rolling_cut("the conquest of the cosmos", "of the cosmos has really")
    'has really'
    >>> rolling_cut("Hello there\\nhow are", "how are\\nyou today")
    'you today'
    >>> rolling_cut("I said no", "no way") is None
    True
    """
    return _rolling_cut(prev, word_keys(prev), cur, word_keys(cur))


def _rolling_cut(prev: str, pk_all: tuple[str, ...], cur: str, ck: tuple[str, ...]) -> str | None:
    """:func:`rolling_cut` with the word keys of both texts already computed."""
    if not pk_all or not ck:
        return None
    first = ck[0]
    whole = len(pk_all)
    pk = pk_all[max(0, whole - _ROLL_CAP) :]
    if first not in pk:  # no overlap can start anywhere: the common case, decided in C
        return None
    n = len(pk)
    best = 0
    line_keys: tuple[tuple[str, ...], tuple[str, ...]] | None = None
    for i in range(n):  # candidate overlap = pk[i:]
        k = n - i
        if k > len(ck) or pk[i] != first or pk[i:] != ck[:k]:
            continue
        if k >= 3 or (k == whole and k >= 2):
            best = k
            break  # the first hit from the left is the longest
        if line_keys is None:
            line_keys = (word_keys(prev.rsplit("\n", 1)[-1]), word_keys(cur.split("\n", 1)[0]))
        if pk[i:] == line_keys[0] and pk[i:] == line_keys[1]:
            best = k
            break
    if not best:
        return None
    cut = word_spans(cur)[best - 1][1]
    rest = cur[cut:]
    return "\n".join(_clean_lines(rest))


# --------------------------------------------------------------------- YouTube rolling


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
    candidates = [
        (i, bridge)
        for i, c in enumerate(cues)
        if i
        and (
            (bridge := c.start is not None and c.end is not None and c.end - c.start <= _BRIDGE_MS)
            or len(c.lines) >= 2
            or (c.lines and "\n" in c.lines[0])
        )
    ]
    left = len(candidates)
    rolling = 0
    for i, bridge in candidates:
        if rolling + left < need:
            return False
        left -= 1
        cur_raw, prev_raw = cues[i].lines, cues[i - 1].lines
        first, last = (cur_raw[0], prev_raw[-1]) if cur_raw and prev_raw else ("", "")
        a, b = first[:1], last[:1]
        if (
            a != b
            and a.isalnum()
            and b.isalnum()
            and first.isascii()
            and last.isascii()
            and "\n" not in last
            and a.lower() != b.lower()
        ):
            continue  # (the two keys start with these letters or digits: they differ)
        lines = _cue_lines(cues[i])
        if lines and (len(lines) >= 2 or bridge):
            prev_lines = _cue_lines(cues[i - 1])
            if prev_lines and dup_key(lines[0]) == dup_key(prev_lines[-1]):
                rolling += 1
    if rolling < need:
        return False
    if rolling >= 3:
        return True
    return any(_TIMESTAMP_TAG.search(str(c.extras.get("vtt.raw", ""))) for c in cues)


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
        lines = list(_cue_lines(cue))
        keys = [dup_key(ln) for ln in lines]
        words = [word_keys(ln) for ln in lines]
        if len(lines) == 1 and _fresh(cue) and is_sound_line(lines[0]):
            # a sound label alone under a blank line: it rolls in now, so it is not carried over.
            # One that goes on from the same label still on screen is the same sound (YouTube
            # cuts a long one into pieces); any other is a new occurrence, kept.
            last = out[-1] if out else None
            if last is not None and last.key == keys[0] and _touches(last.visible_end, cue.start):
                if cue.end is not None and (last.visible_end is None or cue.end > last.visible_end):
                    last.visible_end = cue.end
                report.add(
                    STEP,
                    "merged",
                    f"rolling auto-caption: the sound goes on from line {last.cue.source_line} (one occurrence)",
                    cue.source_line,
                    lines[0],
                )
                continue
            out.append(_Line(lines[0], keys[0], words[0], cue.start, cue.end, cue))
            continue
        tagged = _first_tagged(cue, lines) if word_timed else None
        if not word_timed:
            k, grown = _match_history(keys, words, out)
        else:
            k, grown = _match_tagged(keys, words, out, len(lines) if tagged is None else tagged)
        for j in range(k):
            line = out[len(out) - k + j]
            if cue.end is not None and (line.visible_end is None or cue.end > line.visible_end):
                line.visible_end = cue.end
        if grown:
            last = out[-1]
            report.add(
                STEP,
                "merged",
                f"rolling auto-caption: line grows line {last.cue.source_line}",
                cue.source_line,
                lines[k - 1],
            )
            last.text, last.key, last.words = lines[k - 1], keys[k - 1], words[k - 1]
        new = lines[k:]
        if not new:
            if not grown:
                ref = out[-1].cue.source_line if out else None
                report.add(STEP, "dropped", f"rolling auto-caption: repeats line {ref}", cue.source_line, cue.text)
            continue
        if k:
            report.add(
                STEP, "rewritten", f"rolling auto-caption: {k} repeated line(s) removed", cue.source_line, cue.text
            )
        for j, text in enumerate(new):
            out.append(_Line(text, keys[k + j], words[k + j], cue.start, cue.end, cue))
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


# --------------------------------------------------------------------- page rules


def _extend(keep: Cue, dup: Cue) -> Cue:
    """``keep`` with its time stretched over ``dup``'s."""
    start, end, origin = keep.start, keep.end, keep.origin
    if start is None and dup.start is not None:
        start = dup.start
        origin = dup.origin
    ends = [e for e in (keep.end, dup.end) if e is not None]
    if ends:
        end = max(ends)
    if (start, end, origin) == (keep.start, keep.end, keep.origin):
        return keep
    return keep.replace(start=start, end=end, origin=origin)


class _KeyCache:
    """Word keys of the last few texts: each cue is compared as ``cur`` and then as ``prev``."""

    __slots__ = ("_data",)

    def __init__(self) -> None:
        self._data: dict[str, tuple[str, ...]] = {}

    def __call__(self, text: str) -> tuple[str, ...]:
        got = self._data.get(text)
        if got is None:
            if len(self._data) >= 8:
                self._data.clear()
            got = self._data[text] = word_keys(text)
        return got


#: runs of lines either side looked at to tell a double capture from a line really said again
_WINDOW = 15
#: share of those nearby lines that are repeated from which repeats are a double capture
_SYSTEMATIC = 0.3
_MAX_PASSES = 4


@dataclass(frozen=True, slots=True)
class _Verdict:
    drop: bool
    why: str
    of: int = -1  # for a block copy: the index of the cue it repeats


def _stamp_verdict(prev: Cue, cur: Cue) -> _Verdict | None:
    """What the stamps say about ``cur`` repeating ``prev`` (None: not both stamped)."""
    if prev.start is None or cur.start is None:
        return None
    shown_until = prev.end if prev.end is not None else prev.start
    if cur.start > shown_until:
        return _Verdict(False, f"said again: its own later time ({clock(cur.start)})")
    return _Verdict(True, f"same caption captured twice: its time ({clock(cur.start)}) is not after the first's")


def _capture_plan(cues: tuple[Cue, ...], keys: list[str]) -> tuple[dict[int, _Verdict], list[bool]]:
    """Decide, from the page's own evidence, which repeats are double captures and which are speech.

    A *run* is a line and its adjacent repeats (same key and speaker); a *block copy* is a run of
    2+ different lines repeated right after itself (``A B C A B C``).  The share of repeated runs
    among the ``_WINDOW`` runs either side is the evidence: a scraper's double capture repeats most
    lines (every line, or whole blocks); a line said twice (or four times) is an isolated repeat.
    Where both cues carry a time (page stamps), the times decide: a later time is said again, the
    same (or an overlapping) time is the same caption captured twice.

    A cue that starts with the end of the one before (a rolling overlap) counts as a repeat too.
    Inside a double capture, a run of ``L`` copies where most runs have ``m`` is ``L / m`` lines
    really said (a line said twice, captured twice, is four copies: two are kept).

    Returns a verdict for each cue that repeats the cue before it (adjacent), or the line it copies
    (block copy), and per cue whether its neighbourhood is a systematic capture.  Linear: each
    position is compared with the run that last had its key.
    """
    n = len(cues)
    run_first: list[int] = []  # first cue of each run
    run_len: list[int] = []
    run_of: list[int] = []
    rolls: list[bool] = []
    for i in range(n):
        if i and keys[i] and keys[i] == keys[i - 1] and cues[i].speaker == cues[i - 1].speaker:
            run_len[-1] += 1
        else:
            run_first.append(i)
            run_len.append(1)
            rolls.append(
                bool(i)
                and cues[i].speaker == cues[i - 1].speaker
                and rolling_cut(cues[i - 1].text, cues[i].text) is not None
            )
        run_of.append(len(run_first) - 1)
    runs = len(run_first)
    rk = [keys[f] for f in run_first]
    repeated = [length >= 2 or roll for length, roll in zip(run_len, rolls, strict=True)]
    copy_of: dict[int, int] = {}  # run index -> the run it copies (block copies)
    last: dict[str, int] = {}
    r = 0
    while r < runs:
        k = rk[r]
        j = last.get(k) if k else None
        if j is not None and r - j >= 2 and r + (r - j) <= runs:
            size = r - j
            if all(rk[j + m] == rk[r + m] and rk[r + m] for m in range(size)) and all(
                cues[run_first[j + m]].speaker == cues[run_first[r + m]].speaker for m in range(size)
            ):
                for m in range(size):
                    copy_of[r + m] = j + m
                    repeated[r + m] = repeated[j + m] = True
                    last[rk[r + m]] = r + m
                r += size
                continue
        if k:
            last[k] = r
        r += 1
    # the window counts the runs that stay (a block copy stands at its original's place), so
    # that removing the copies never makes what is left look more repeated (idempotence)
    base_of: list[int] = []
    prefix = [0]
    for r in range(runs):
        if r in copy_of:
            base_of.append(base_of[copy_of[r]])
        else:
            base_of.append(len(prefix) - 1)
            prefix.append(prefix[-1] + repeated[r])
    bases = len(prefix) - 1

    def share(r: int) -> tuple[int, int]:
        b = base_of[r]
        lo, hi = max(0, b - _WINDOW), min(bases, b + _WINDOW + 1)
        return prefix[hi] - prefix[lo], hi - lo

    systematic_run = [False] * runs
    for r in range(runs):
        hits, near = share(r)
        systematic_run[r] = hits >= _SYSTEMATIC * near
    plan: dict[int, _Verdict] = {}
    for r in range(runs):
        first, length = run_first[r], run_len[r]
        if length < 2 and r not in copy_of:
            continue
        hits, near = share(r)
        systematic = systematic_run[r]
        said = 1  # how many of the run's copies are lines really said
        if systematic and length >= 3:
            lo, hi = max(0, r - 2 * _WINDOW), min(runs, r + 2 * _WINDOW + 1)
            lengths = sorted(run_len[q] for q in range(lo, hi) if run_len[q] >= 2 and q != r)
            typical = lengths[len(lengths) // 2] if lengths else length
            # only where the capture's own multiplicity is clear: 3+ runs of it nearby, and a multiple
            if length % typical == 0 and lengths.count(typical) >= 3:
                said = length // typical
        evidence = f"{hits} of {near} nearby lines repeated"
        if r in copy_of:
            src = run_first[copy_of[r]]
            v = _stamp_verdict(cues[src], cues[first])
            if v is None:
                v = (
                    _Verdict(True, f"a block captured twice ({evidence})")
                    if systematic
                    else _Verdict(False, f"a block said again, kept ({evidence}: a double capture repeats most)")
                )
            plan[first] = _Verdict(v.drop, v.why, src)
        copies = length // said if said > 1 else length
        for i in range(first + 1, first + length):
            v = _stamp_verdict(cues[i - 1], cues[i])
            if v is None:
                if not systematic:
                    v = _Verdict(
                        False, f"isolated repeat, kept as said again ({evidence}: a double capture repeats most)"
                    )
                elif said > 1 and (i - first) % copies == 0 and (i - first) // copies < said:
                    v = _Verdict(
                        False, f"said again: {length} copies in a double capture of {copies} per line ({evidence})"
                    )
                else:
                    v = _Verdict(True, f"double capture ({evidence})")
            plan[i] = v
    return plan, [systematic_run[run_of[i]] for i in range(n)]


def _dedupe_cues(track: Track, policy: str, report: Report, evidence: bool = False) -> Track:
    """The page rules; with ``evidence`` (pages under ``auto``), adjacent repeats follow :func:`_capture_plan`."""
    keys = [dup_key(c.text) for c in track.cues]
    counts = Counter(keys)
    plan, systematic = _capture_plan(track.cues, keys) if evidence else ({}, [])
    words = _KeyCache()
    out: list[Cue] = []
    out_keys: list[str] = []  # dup_key of each cue in ``out`` (``_extend`` keeps the text)
    first_seen: dict[str, Cue] = {}
    changed = False
    for index, (cue, key) in enumerate(zip(track.cues, keys, strict=True)):
        cur: Cue | None = cue
        verdict = plan.get(index)
        if verdict is not None and verdict.of >= 0:
            if verdict.drop:
                report.add(
                    STEP,
                    "dropped",
                    f"repeats line {track.cues[verdict.of].source_line}: {verdict.why}",
                    cue.source_line,
                    cue.text,
                )
                changed = True
                continue
            report.add(
                STEP,
                "kept",
                f"repeats line {track.cues[verdict.of].source_line}: {verdict.why}",
                cue.source_line,
                cue.text,
            )
            out.append(cue)
            out_keys.append(key)
            continue
        while cur is not None and out and _same_speaker(out[-1], cur):
            prev = out[-1]
            if key and key == out_keys[-1] and verdict is not None and not verdict.drop:
                report.add(STEP, "kept", f"repeats line {prev.source_line}: {verdict.why}", cue.source_line, cue.text)
                break
            if key and key == out_keys[-1]:
                chrome = counts[key] >= 3 and len(word_keys(cur.text)) <= 4
                what = "repeated page chrome" if chrome else "adjacent duplicate"
                why = f": {verdict.why}" if verdict is not None else ""
                report.add(STEP, "dropped", f"{what} of line {prev.source_line}{why}", cue.source_line, cue.text)
                out[-1] = _extend(prev, cur)
                cur = None
                break
            prev_text, cur_text = prev.text, cur.text
            rest = _rolling_cut(prev_text, words(prev_text), cur_text, words(cur_text))
            if rest is None:
                break
            if evidence and not systematic[index]:
                report.add(
                    STEP,
                    "kept",
                    f"repeats the end of line {prev.source_line}: isolated repeat, kept as "
                    "said again (few nearby lines repeat: a rolling capture repeats most)",
                    cue.source_line,
                    cur_text,
                )
                break
            if not rest:
                report.add(
                    STEP,
                    "dropped",
                    f"rolling overlap: repeats the end of line {prev.source_line}",
                    cue.source_line,
                    cue.text,
                )
                out[-1] = _extend(prev, cur)
                cur = None
                break
            reason = f"rolling overlap with line {prev.source_line} removed"
            if cur.spans:
                reason += "; formatting dropped"
            report.add(STEP, "rewritten", reason, cue.source_line, cur_text)
            cur = cur.replace(lines=tuple(rest.split("\n")), spans=())
            key = dup_key(rest)
        if cur is None:
            changed = True
            continue
        if cur is not cue:
            changed = True
        if key and _significant(key, cur.text) and verdict is None:
            first = first_seen.get(key)
            if first is not None:
                if policy == "all":
                    report.add(STEP, "dropped", f"repeats line {first.source_line}", cue.source_line, cur.text)
                    changed = True
                    continue
                report.add(STEP, "kept", f"repeats line {first.source_line}", cue.source_line, cur.text)
            else:
                first_seen[key] = cur
        out.append(cur)
        out_keys.append(key)
    return track.with_cues(out) if changed else track


def rebuild_rolling(track: Track, ctx: Context, report: Report) -> Track:
    """The step on recognised rolling auto-captions (:func:`is_youtube_rolling`): one cue per
    spoken line (:func:`youtube_rolling`), unless ``--dedupe off``."""
    if ctx.options.dedupe == "off" or not track.cues:
        return track
    report.add(STEP, "info", YOUTUBE_MESSAGE)
    return youtube_rolling(track, report)


def dedupe(track: Track, ctx: Context, report: Report) -> Track:
    """Remove duplicate captions according to ``ctx.options.dedupe`` (see the module docs).

    >>> from subconv.options import Options
    >>> t = Track((Cue(None, None, ("Hello!",)), Cue(None, None, ("hello",)), Cue(None, None, ("Bye",))))
    >>> r = Report()
    >>> [c.text for c in dedupe(t, Context("page", Options()), r)]
    ['Hello!', 'Bye']
    >>> [c.text for c in dedupe(t, Context("srt", Options()), r)]
    ['Hello!', 'hello', 'Bye']
    """
    policy = ctx.options.dedupe
    if policy == "off" or not track.cues or (policy == "auto" and not ctx.is_page):
        return track  # a timed file is converted faithfully unless a policy is asked for
    if not (ctx.is_page and policy == "auto"):
        return _dedupe_cues(track, policy, report)
    # The evidence (how much nearby is repeated) changes as repeats go: apply the rules until
    # nothing changes (a rolling cut can leave a block copy behind), so that the step is idempotent.
    out = _dedupe_cues(track, policy, report, evidence=True)
    for _ in range(_MAX_PASSES - 1):
        if out is track:
            break
        track = out
        again = Report()  # a later pass: its "kept" entries repeat the first pass's
        out = _dedupe_cues(track, policy, again, evidence=True)
        report.entries += [e for e in again.entries if e.action != "kept"]
    return out

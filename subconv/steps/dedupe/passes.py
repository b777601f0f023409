"""One pass of the page rules over the cues (:class:`_Pass`): adjacent and near duplicates,
rolling overlaps, the capture plan's drops, each reported."""

from __future__ import annotations

from ...model import Cue, Track
from ...report import Report
from ...text.compare import dup_key, word_keys
from .lines import STEP, _rolling_cut, _same_speaker, _significant
from .plan import _Plan, _Verdict
from .runs import _capture_plan

#: the longest silence between a cue kept and a copy of it removed over which the kept cue takes
#: the copy's time: a double capture's copies touch or overlap; further apart, taking it would
#: show the line through a silence it never had (a copy 58 s later made a cue of 61 s)
JOIN_GAP_MS = 1000


def _extend(keep: Cue, dup: Cue) -> Cue:
    """``keep`` with its time stretched over ``dup``'s, unless ``dup`` starts more than
    :data:`JOIN_GAP_MS` after ``keep`` ends.

    >>> _extend(Cue(1000, 2000, ("a",)), Cue(1500, 3000, ("a",))).end
    3000
    >>> _extend(Cue(1000, 2000, ("a",)), Cue(60000, 62000, ("a",))).end
    2000
    """
    start, end, origin = keep.start, keep.end, keep.origin
    if keep.end is not None and dup.start is not None and dup.start - keep.end > JOIN_GAP_MS:
        return keep
    if start is None and dup.start is not None:
        start = dup.start
        origin = dup.origin
    ends = [e for e in (keep.end, dup.end) if e is not None]
    if ends:
        end = max(ends)
    if (start, end, origin) == (keep.start, keep.end, keep.origin):
        return keep
    return keep.replace(start=start, end=end, origin=origin)


def _dup_keys(cues: tuple[Cue, ...], counts: dict[str, int] | None = None) -> list[str]:
    """``dup_key`` of each cue's text, held once per distinct key (a page that repeats its lines
    holds one key per line, not one per repeat); into
    ``counts``, how many cues have each key that more than one has.

    >>> counts = {}
    >>> keys = _dup_keys((Cue(None, None, ("Hi!",)), Cue(None, None, ("hi",)), Cue(None, None, ("Hi!",))), counts)
    >>> keys, keys[0] is keys[1] is keys[2], counts
    (['hi', 'hi', 'hi'], True, {'hi': 3})
    """
    same: dict[str, str] = {}
    keys: list[str] = []
    append = keys.append
    last_text, last_key = None, ""
    for c in cues:
        text = c.text
        # (no dict of the texts: on a long page whose lines all differ it would be as large as
        # ``same``; a line repeated at once, the usual repeat, is not keyed again)
        key = last_key if text == last_text else dup_key(text)
        held = same.get(key)
        if held is None:
            same[key] = key
        else:
            key = held
            if counts is not None:  # (a key met before)
                counts[key] = counts.get(key, 1) + 1
        append(key)
        last_text, last_key = text, key
    return keys


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


class _Pass:
    """One pass of the page rules over a track: the cues kept so far and what the rules look at."""

    def __init__(self, track: Track, policy: str, report: Report, evidence: bool) -> None:
        self.cues = track.cues
        self.policy = policy
        self.report = report
        self.evidence = evidence
        # how often each repeated key occurs (a key met once is not held: most lines of a long page)
        self.counts: dict[str, int] = {}
        self.keys = _dup_keys(track.cues, self.counts)
        self.plan, self.rolling = (
            _capture_plan(track.cues, self.keys, self.counts) if evidence else (_Plan(len(track.cues)), bytearray())
        )
        self.words = _KeyCache()
        self.out: list[Cue] = []
        self.out_keys: list[str] = []  # dup_key of each cue in ``out`` (``_extend`` keeps the text)
        # the first cue kept with each key (said_before); a key no other cue of the page has, kept
        # by its own cue as it is, is marked in ``kept_own`` instead (no dict entry per line of a
        # long page), and found again through ``_unique_at``, made the first time it is needed
        self.first_seen: dict[str, Cue] = {}
        self.kept_own = bytearray(len(self.cues))
        self._unique_at: dict[str, int] | None = None
        self.changed = False
        # the last reason written about a repeat of each cue repeated (a page cycled round after
        # round repeats each line many times for the same reason: one string, not one per repeat;
        # a dict: the cues repeated are a page's few thousand lines, not its million captions)
        self.reason_of: dict[int, str] = {}

    def planned(self, cue: Cue, key: str, verdict: _Verdict) -> None:
        """A cue the capture plan says repeats line ``verdict.of``: dropped or kept, as it says."""
        of = verdict.of
        why = verdict.why
        reason = self.reason_of.get(of)
        line = self.cues[of].source_line
        # (the reason about cue ``of`` is "repeats line N: " and a why: the same why, when it ends
        # with it and is as long as that prefix and it)
        if reason is None or not reason.endswith(why) or len(reason) != 15 + len(str(line)) + len(why):
            reason = self.reason_of[of] = f"repeats line {line}: {why}"
        if verdict.drop:
            self.report.add(STEP, "dropped", reason, cue.source_line, cue.text)
            self.changed = True
            return
        self.report.add(STEP, "kept", reason, cue.source_line, cue.text)
        self.out.append(cue)
        self.out_keys.append(key)

    def merge(self, prev: Cue, cue: Cue, cur: Cue, what: str) -> None:
        """``cue`` (now ``cur``) is dropped as a repeat of ``prev``, the last cue kept (``what`` says why)."""
        self.report.add(STEP, "dropped", what, cue.source_line, cue.text)
        grown = self.out[-1] = _extend(prev, cur)
        if prev.start is not None and prev.end is not None and (grown.start, grown.end) != (prev.start, prev.end):
            # (a timed cue's new time; an untimed page line taking its copy's anchor is not said)
            was, now = f"{prev.start}-{prev.end}", f"{grown.start}-{grown.end}"
            reason = f"time {was} ms -> {now} ms: takes the time of its copy at line {cue.source_line}"
            self.report.add(STEP, "rewritten", reason, prev.source_line, prev.text)

    def against_previous(self, index: int, cue: Cue, key: str, verdict: _Verdict | None) -> tuple[Cue | None, str]:
        """``cue`` after the last cue kept: itself, its new part after a rolling overlap, or None
        (a repeat, merged into it); and its key."""
        cur = cue
        out = self.out
        while out and _same_speaker(out[-1], cur):
            prev = out[-1]
            if key and key == self.out_keys[-1]:
                if verdict is not None and not verdict.drop:
                    self.report.add(
                        STEP, "kept", f"repeats line {prev.source_line}: {verdict.why}", cue.source_line, cue.text
                    )
                    return cur, key
                chrome = self.counts.get(key, 1) >= 3 and len(word_keys(cur.text)) <= 4
                what = "repeated page chrome" if chrome else "adjacent duplicate"
                why = f": {verdict.why}" if verdict is not None else ""
                self.merge(prev, cue, cur, f"{what} of line {prev.source_line}{why}")
                return None, key
            prev_text, cur_text = prev.text, cur.text
            rest = _rolling_cut(prev_text, self.words(prev_text), cur_text, self.words(cur_text))
            if rest is None:
                return cur, key
            if self.evidence and not self.rolling[index]:
                self.report.add(
                    STEP,
                    "kept",
                    f"repeats the end of line {prev.source_line}: isolated repeat, kept as "
                    "said again (few nearby lines start with the end of the one before: a rolling capture does)",
                    cue.source_line,
                    cur_text,
                )
                return cur, key
            if not rest:
                self.merge(prev, cue, cur, f"rolling overlap: repeats the end of line {prev.source_line}")
                return None, key
            reason = f"rolling overlap with line {prev.source_line} removed"
            if cur.spans:
                reason += "; formatting dropped"
            self.report.add(STEP, "rewritten", reason, cue.source_line, cur_text)
            cur = cur.replace(lines=tuple(rest.split("\n")), spans=())
            key = dup_key(rest)
        return cur, key

    def _first(self, index: int, cue: Cue, cur: Cue, key: str) -> Cue | None:
        """The first cue kept with ``key`` before cue ``index`` (``cue``, now ``cur``), if any."""
        first = self.first_seen.get(key)
        if first is not None or key in self.counts or cur is cue:
            return first  # (a key of the page's cues held by one cue: no other cue can have kept it)
        if self._unique_at is None:  # (a rolling cut made ``key``: it may be another cue's own)
            self._unique_at = {k: i for i, k in enumerate(self.keys) if k not in self.counts}
        at = self._unique_at.get(key)
        return self.cues[at] if at is not None and self.kept_own[at] else None

    def said_before(self, index: int, cue: Cue, cur: Cue, key: str) -> bool:
        """Whether ``cur`` (from ``cue``) repeats a line further up and goes (policy ``all``); the
        repeat is listed either way."""
        if not key or not _significant(key, cur.text):
            return False
        first = self._first(index, cue, cur, key)
        if first is None:
            if cur is cue and key not in self.counts:
                self.kept_own[index] = 1
            else:
                self.first_seen[key] = cur
            return False
        if self.policy == "all":
            self.report.add(STEP, "dropped", f"repeats line {first.source_line}", cue.source_line, cur.text)
            return True
        self.report.add(STEP, "kept", f"repeats line {first.source_line}", cue.source_line, cur.text)
        return False

    def run(self) -> list[Cue]:
        for index, (cue, key) in enumerate(zip(self.cues, self.keys, strict=True)):
            verdict = self.plan.get(index)
            if verdict is not None and verdict.of >= 0:
                self.planned(cue, key, verdict)
                continue
            cur, key = self.against_previous(index, cue, key, verdict)
            if cur is not cue:
                self.changed = True
            if cur is None:
                continue
            if verdict is None and self.said_before(index, cue, cur, key):
                self.changed = True
                continue
            self.out.append(cur)
            self.out_keys.append(key)
        return self.out


def _dedupe_cues(track: Track, policy: str, report: Report, evidence: bool = False) -> Track:
    """The page rules; with ``evidence`` (pages under ``auto``), adjacent repeats follow :func:`_capture_plan`."""
    rules = _Pass(track, policy, report, evidence)
    out = rules.run()
    return track.with_cues(out) if rules.changed else track

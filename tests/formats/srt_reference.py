"""A reference SRT reader for the tests: the reading rules applied one line at a time.

It is slow and obviously follows the rules in ``docs/formats.md``; the property tests in
``test_srt.py`` check that :func:`subconv.formats.srt.read` (one search over the whole
text) gives the same cues, line numbers and report entries on every input.
"""

from __future__ import annotations

import re

from subconv.formats.srt import STEP, no_subtitle, parse_cue_text, prepare
from subconv.model import Cue, Track
from subconv.report import Report
from subconv.timefmt import parse_srt_timing as parse_timing


def _is_index(line: str) -> bool:
    """A line of ASCII digits, after a byte-order mark where files were joined (``cat a.srt b.srt``)."""
    line = line.removeprefix("\ufeff")
    return line.isascii() and line.isdigit()


BROKEN_CUE = "broken"
_UNREADABLE = "cue dropped: its timing line could not be read (expected 00:00:01,000 --> 00:00:02,000)"


def _looks_timed(line: str) -> bool:
    """A line the reader's search offers as a timing line (its first ``>`` at the start or after a
    ``-`` or a blank) with an arrow (a ``-``, blanks, a ``>``) after a digit."""
    gt = line.find(">")
    if gt < 0 or not (gt == 0 or line[gt - 1] == "-" or line[gt - 1].isspace()):
        return False
    return re.search(r"[0-9][^>]*-[ \t]*>", line) is not None


class _Careful:
    """The state of the line-by-line reader."""

    __slots__ = ("broken", "cues", "first_content", "last_index", "report")

    def __init__(self, report: Report) -> None:
        self.report = report
        self.cues: list[Cue] = []
        self.last_index: int | None = None
        self.first_content: int | None = None
        self.broken: list[int] = []  # the timing lines of cues dropped, their times unreadable

    def run(self, lines: list[str], base: int) -> None:
        """Read ``lines`` (``base`` is the 0-based line index of ``lines[0]`` in the input)."""
        report = self.report
        cues = self.cues
        n = len(lines)
        cur_lines: list[tuple[int, str]] = []  # (line number, text)
        cur: tuple[int, int, int, dict[str, str | tuple[str, ...]]] | str | None = None
        pending_index: tuple[int, str] | None = None  # (line number, text) of an index line
        cached: tuple[int, tuple[int, int, str] | None] = (-1, None)

        def timing_at(k: int) -> tuple[int, int, str] | None:
            nonlocal cached
            if cached[0] == k:
                return cached[1]
            ln = lines[k]
            res = parse_timing(ln.strip()) if ">" in ln else None
            cached = (k, res)
            return res

        def finish() -> None:
            nonlocal cur
            if cur is None:
                return
            if cur == BROKEN_CUE:  # a cue whose timing line could not be read: its text is dropped
                for ln_no, text in cur_lines:
                    if text:
                        report.add(STEP, "dropped", "text of a cue whose timing line could not be read", ln_no, text)
                cur = None
                return
            assert not isinstance(cur, str)
            start, end, line_no, extras = cur
            body = [text for _, text in cur_lines]
            while body and not body[-1]:
                body.pop()
            lead = 0
            while lead < len(body) and not body[lead]:
                lead += 1
            if lead:
                del body[:lead]
            if "" in body:
                report.add(STEP, "repaired", "blank line inside cue text kept as part of the cue", line_no)
            if not body:
                report.add(STEP, "kept", "empty cue", line_no)
                body = [""]
            cues.append(parse_cue_text("\n".join(body), (start, end, line_no), report, extras))
            cur = None

        for k in range(n):
            line = lines[k].rstrip(" \t")  # (other white space at a line's end is text)
            t = timing_at(k) if ">" in line else None
            if t is not None:
                finish()
                line_no = base + k + 1
                start, end, rest = t
                if pending_index is None:
                    report.add(STEP, "repaired", f"missing index (cue {len(cues) + 1})", line_no)
                else:
                    self.check_index(int(pending_index[1].removeprefix("\ufeff")), pending_index[0])
                pending_index = None
                if end < start:
                    report.add(STEP, "repaired", f"end {end} ms before start {start} ms: swapped", line_no, line)
                    start, end = end, start
                extras: dict[str, str | tuple[str, ...]] = {}
                if rest:
                    extras["srt.position"] = rest
                cur = (start, end, line_no, extras)
                cur_lines = []
                continue
            if k + 1 < n and ">" in lines[k + 1] and _is_index(line.rstrip()) and timing_at(k + 1) is not None:
                pending_index = (base + k + 1, line)
                continue
            header = cur is not None and k >= 2 and _is_index(lines[k - 1].rstrip()) and not lines[k - 2].strip()
            if header and _looks_timed(line):  # the header of a cue whose times are unreadable (docs/formats.md)
                digits = cur_lines.pop()[1]  # (the line of digits was taken as text)
                finish()
                self.check_index(int(digits.removeprefix("\ufeff")), base + k)
                report.add(STEP, "dropped", _UNREADABLE, base + k + 1, line.strip())
                self.broken.append(base + k + 1)
                cur, cur_lines = BROKEN_CUE, []
                continue
            if cur is None:
                if line.rstrip():
                    if self.first_content is None:
                        self.first_content = base + k + 1
                    report.add(STEP, "dropped", "text before the first timing line", base + k + 1, line.rstrip())
                continue
            cur_lines.append((base + k + 1, line))
        finish()

    def check_index(self, got: int, line_no: int) -> None:
        last_index = self.last_index
        if (last_index is None and got > 1) or (last_index is not None and got != last_index + 1):
            after = "first index" if last_index is None else f"after {last_index}"
            reason = f"index {got} out of sequence ({after}): cues are numbered by position"
            self.report.add(STEP, "repaired", reason, line_no)
        self.last_index = got


def _done(state: _Careful, text: str) -> Track:
    if not state.cues and state.first_content is not None:
        raise no_subtitle(text, state.first_content)
    return Track(tuple(state.cues))


def read(text: str, report: Report) -> Track:
    """Read SRT line by line, as the rules in docs/formats.md say."""
    text = prepare(text)
    state = _Careful(report)
    state.run(text.split("\n"), 0)
    track = _done(state, text)
    if state.broken:
        n = len(state.broken)
        what = "a cue was dropped: its timing line" if n == 1 else f"{n} cues were dropped: their timing lines"
        more = "" if n == 1 else " (the first here; --explain lists each)"
        report.add("convert", "warning", f"{what} could not be read{more}", state.broken[0])
    return track

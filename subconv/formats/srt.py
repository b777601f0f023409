"""SubRip (SRT): a lenient single-pass reader and an escaping writer.

Reading accepts what real files contain: missing or wrong indices, ``.`` or
``:`` before the fraction, one to three fraction digits (``,5`` is 500 ms),
``-- >``/``->`` arrows, missing hours, extra blank lines, trailing spaces,
trailing position info after the end time, CR/CRLF line ends.  Every repair
is recorded in the report with its line.

SRT has no escape mechanism, so the writer protects cue text that a reader
could mistake for structure or markup by inserting U+2060 WORD JOINER (WJ,
invisible) at a few places, and doubles any WJ the text already holds.  The
reader inverts this exactly: a run of *k* word joiners reads as *k // 2*.
See ``docs/formats.md`` for the rules.

>>> from subconv.report import Report
>>> t = read("1\\n00:00:01,5 --> 00:00:02,000\\n<i>Hi</i> there\\n", Report())
>>> t.cues[0].start, t.cues[0].text, t.cues[0].spans
(1500, 'Hi there', (Span(start=0, end=2, kind='i'),))
"""

from __future__ import annotations

import gc
import re
from collections.abc import Sequence

from ..errors import ParseError
from ..model import EMPTY, Cue, FrozenMap, Span, Track
from ..report import Report
from ..timefmt import MAX_MS, clock_tables, fraction_to_ms, split_ms
from . import Format, WriteOptions, bare_cue, finish_output

WJ = "\u2060"
STEP = "srt"

# bounded repetitions: each attempt costs O(1), so scanning a cue is linear even for "<font <font ..."
_TAG_RE = re.compile(r"<\s{0,8}(/?)\s{0,8}([ibuIBU])\s{0,8}>|<\s{0,8}(/?)\s{0,8}font\b[^<>\n]{0,512}>", re.IGNORECASE)
_ALIGN_RE = re.compile(r"\{\\an([1-9])\}")
_DIGIT_COLON_DIGIT = re.compile(r"\d:\d")
# the common, well-formed timing line; anything else goes through the lenient parser
_FAST_TIMING = re.compile(
    r"(\d{1,9}):([0-5]\d):([0-5]\d)[,.](\d{1,3}) +--> +(\d{1,9}):([0-5]\d):([0-5]\d)[,.](\d{1,3})(?![\d:.,])(.*)",
    re.ASCII,
)


# --------------------------------------------------------------------- escaping


def wj_decode(raw: str, spans: Sequence[Span] = ()) -> tuple[str, tuple[Span, ...]]:
    """Undo word-joiner escaping: each run of *k* U+2060 becomes *k // 2*.

    Span offsets (into ``raw``) are mapped to offsets into the result.

    >>> wj_decode("a\\u2060-\\u2060\\u2060\\u2060x")
    ('a-\\u2060x', ())
    """
    if WJ not in raw:
        return raw, tuple(spans)
    out: list[str] = []
    pos_map = [0] * (len(raw) + 1)
    i = 0
    n = len(raw)
    new = 0
    while i < n:
        if raw[i] != WJ:
            pos_map[i] = new
            out.append(raw[i])
            new += 1
            i += 1
            continue
        j = i
        while j < n and raw[j] == WJ:
            j += 1
        for o in range(j - i):
            pos_map[i + o] = new + o // 2
        keep = (j - i) // 2
        out.append(WJ * keep)
        new += keep
        i = j
    pos_map[n] = new
    mapped = tuple(Span(pos_map[s.start], pos_map[s.end], s.kind) for s in spans)
    return "".join(out), mapped


def _srt_line_insertions(line: str, base: int, out: set[int]) -> None:
    """Add to ``out`` the offsets (``base`` + index in ``line``) where a WJ goes before the char."""
    if not line:
        out.add(base)
        return
    stripped = line.strip()
    if line[0].isspace() or stripped.isdecimal():  # index-like (any script's digits: readers use \d)
        out.add(base)
    if line[-1].isspace():
        out.add(base + len(line))
    timed = len(_DIGIT_COLON_DIGIT.findall(line)) >= 2 if ":" in line else False
    if not timed and "<" not in line and ">" not in line and "\\" not in line:
        return
    for i in range(1, len(line) + 1):
        prev = line[i - 1]
        c = line[i] if i < len(line) else ""
        digit_colon = timed and prev == ":" and c.isdigit() and i >= 2 and line[i - 2].isdigit()
        markup = prev == "<" or (prev == "-" and c == ">") or (prev == "{" and c == "\\")
        # "\N", "\n", "\h", "\{", "\}" are escapes to libass (ffmpeg hands SRT text to it)
        if markup or (prev == "\\" and c in ("N", "n", "h", "{", "}") and c != "") or digit_colon:
            out.add(base + i)


def encode_text(
    text: str,
    spans: Sequence[Span],
    insertions: set[int],
    tags: dict[str, tuple[str, str]],
    char_map: dict[str, str] | None = None,
) -> str:
    """Write ``text`` with a WJ before each offset in ``insertions``, WJs doubled, and span tags.

    ``tags`` maps a span kind to its (open, close) markup; ``char_map`` replaces single
    characters (e.g. newline by ``\\N`` in ASS).  A WJ is only inserted directly after a
    character that is not itself a WJ (or at the start), which keeps decoding injective.
    """
    if not insertions and not spans and WJ not in text:
        if char_map:
            for k, v in char_map.items():
                text = text.replace(k, v)
        return text
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    for s in spans:
        if s.end <= s.start or s.kind not in tags:
            continue
        o, c = tags[s.kind]
        opens.setdefault(s.start, []).append(o)
        closes.setdefault(s.end, []).append(c)
    out: list[str] = []
    n = len(text)
    for i in range(n + 1):
        if i in insertions and (i == 0 or text[i - 1] != WJ):
            out.append(WJ)
        if i in closes:
            out.extend(reversed(closes[i]))
        if i in opens:
            out.extend(opens[i])
        if i == n:
            break
        ch = text[i]
        if ch == WJ:
            out.append(WJ + WJ)
        elif char_map is not None and ch in char_map:
            out.append(char_map[ch])
        else:
            out.append(ch)
    return "".join(out)


def escape_srt_text(text: str, spans: Sequence[Span] = ()) -> str:
    """Cue text as written in SRT: WJ-escaped, spans as ``<i>``/``<b>``/``<u>``.

    >>> escape_srt_text("a --> b") == "a --\\u2060> b"
    True
    """
    ins: set[int] = set()
    base = 0
    for line in text.split("\n"):
        _srt_line_insertions(line, base, ins)
        base += len(line) + 1
    for sp in spans:
        # a backslash just before a tag: ffmpeg turns <i> into {\i1}, and libass
        # would read the backslash and the brace as an escaped "{"
        for pos in (sp.start, sp.end):
            if pos > 0 and text[pos - 1] == "\\":
                ins.add(pos)
    return encode_text(text, spans, ins, {"i": ("<i>", "</i>"), "b": ("<b>", "</b>"), "u": ("<u>", "</u>")})


# --------------------------------------------------------------------- timestamps


def parse_timestamp(tok: str) -> int | None:
    """One SRT timestamp, leniently: ``[h:]m:s[,.:]f`` with 1-3 fraction digits; None if bad.

    >>> parse_timestamp("01:02:03,5"), parse_timestamp("02:03.250"), parse_timestamp("0:0:1:5")
    (3723500, 123250, 1500)
    >>> parse_timestamp("1:x:2,000") is None
    True
    """
    frac = ""
    main = tok
    for sep in (",", "."):
        if sep in main:
            main, _, frac = main.partition(sep)
            break
    parts = main.split(":")
    if not frac and len(parts) == 4:
        frac = parts.pop()
    if len(parts) == 3:
        h, m, s = parts
    elif len(parts) == 2:
        h, (m, s) = "0", parts
    else:
        return None
    if not (h.isascii() and h.isdigit() and m.isascii() and m.isdigit() and s.isascii() and s.isdigit()):
        return None
    if frac and not (frac.isascii() and frac.isdigit()):
        return None
    if len(m) > 2 or len(s) > 2:
        return None
    return ((int(h) * 60 + int(m)) * 60 + int(s)) * 1000 + fraction_to_ms(frac)


def parse_timing(line: str) -> tuple[int, int, str] | None:
    """A timing line to (start, end, trailing text), or None.

    >>> parse_timing("00:00:01,000 -- > 00:00:02,5  X1:10 X2:20")
    (1000, 2500, 'X1:10 X2:20')
    >>> parse_timing("a -> b") is None
    True
    """
    m = _FAST_TIMING.match(line)
    if m is not None:
        h1, m1, s1, f1, h2, m2, s2, f2, rest = m.groups()
        start = ((int(h1) * 60 + int(m1)) * 60 + int(s1)) * 1000 + fraction_to_ms(f1)
        end = ((int(h2) * 60 + int(m2)) * 60 + int(s2)) * 1000 + fraction_to_ms(f2)
        return start, end, rest.strip()
    gt = line.find(">")
    if gt < 1:
        return None
    left = line[:gt].rstrip()
    if not left.endswith("-"):
        return None
    left = left.rstrip("- ").strip()
    if not left:
        return None
    right = line[gt + 1 :].strip()
    tok, _, rest = right.partition(" ")
    t0 = parse_timestamp(left)
    t1 = parse_timestamp(tok)
    if t0 is None or t1 is None:
        return None
    return t0, t1, rest.strip()


def format_timestamp(ms: int) -> str:
    """``HH:MM:SS,mmm``.

    >>> format_timestamp(3723004)
    '01:02:03,004'
    """
    h, m, s, f = split_ms(ms)
    return f"{h:02d}:{m:02d}:{s:02d},{f:03d}"


# --------------------------------------------------------------------- reading


def _is_index(line: str) -> bool:
    return line.isascii() and line.isdigit()


def sniff(text: str) -> bool:
    """True when ``text`` looks like SRT: a timing line among its first 200 lines.

    >>> sniff("1\\n00:00:01,000 --> 00:00:02,000\\nHi\\n"), sniff("WEBVTT\\n\\n00:01.000 --> 00:02.000\\nx")
    (True, False)
    """
    head = text[:20000].lstrip("\ufeff \t\r\n")
    if head.startswith("WEBVTT"):
        return False
    for n, line in enumerate(head.splitlines()):
        if n > 200:
            break
        if ">" in line and parse_timing(line.strip()) is not None:
            return True
    return False


def _parse_cue_text(
    lines: list[str], times: tuple[int, int, int], report: Report, extras: dict[str, str | tuple[str, ...]]
) -> Cue:
    start, end, line_no = times
    raw = "\n".join(lines)
    if raw.startswith("{\\an") and (m := _ALIGN_RE.match(raw)) is not None:
        extras["align"] = m.group(1)
        raw = raw[m.end() :]
    spans: list[Span] = []
    if "<" in raw:
        plain: list[str] = []
        pos = 0
        length = 0
        open_at: dict[str, int] = {}
        fonts: list[str] = []
        for m in _TAG_RE.finditer(raw):
            seg = raw[pos : m.start()]
            plain.append(seg)
            length += len(seg)
            pos = m.end()
            if m.group(2) is not None:
                kind = m.group(2).lower()
                if m.group(1):
                    if kind in open_at:
                        st = open_at.pop(kind)
                        if length > st:
                            spans.append(Span(st, length, kind))  # type: ignore[arg-type]
                    else:
                        report.add(STEP, "dropped", f"closing </{kind}> without an opening tag", line_no, m.group(0))
                elif kind not in open_at:
                    open_at[kind] = length
            elif not m.group(3):
                fonts.append(m.group(0))
        tail = raw[pos:]
        plain.append(tail)
        length += len(tail)
        for kind, st in open_at.items():
            report.add(STEP, "repaired", f"<{kind}> not closed: closed at the end of the cue", line_no)
            if length > st:
                spans.append(Span(st, length, kind))  # type: ignore[arg-type]
        if fonts:
            extras["srt.font"] = fonts[0] if len(fonts) == 1 else tuple(fonts)
        raw = "".join(plain)
        spans.sort(key=lambda s: (s.start, s.end, s.kind))
    text, mapped = wj_decode(raw, spans)
    return Cue(start, end, tuple(text.split("\n")), mapped, None, FrozenMap(extras) if extras else EMPTY, line_no)


class _Careful:
    """The line-by-line repairing reader, run over all lines or over the stretches the fast path skips."""

    __slots__ = ("cues", "first_content", "last_index", "report")

    def __init__(self, report: Report) -> None:
        self.report = report
        self.cues: list[Cue] = []
        self.last_index: int | None = None
        self.first_content: int | None = None

    def run(self, lines: list[str], base: int) -> None:
        """Read ``lines`` (``base`` is the 0-based line index of ``lines[0]`` in the input)."""
        report = self.report
        cues = self.cues
        n = len(lines)
        cur_lines: list[str] = []
        cur: tuple[int, int, int, dict[str, str | tuple[str, ...]]] | None = None
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
            start, end, line_no, extras = cur
            body = cur_lines
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
            cues.append(_parse_cue_text(body, (start, end, line_no), report, extras))
            cur = None

        for k in range(n):
            line = lines[k].rstrip()
            t = timing_at(k) if ">" in line else None
            if t is not None:
                finish()
                line_no = base + k + 1
                start, end, rest = t
                if pending_index is None:
                    report.add(STEP, "repaired", f"missing index (cue {len(cues) + 1})", line_no)
                else:
                    self.check_index(int(pending_index[1]), pending_index[0])
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
            if k + 1 < n and ">" in lines[k + 1] and _is_index(line) and timing_at(k + 1) is not None:
                pending_index = (base + k + 1, line)
                continue
            if cur is None:
                if line:
                    if self.first_content is None:
                        self.first_content = base + k + 1
                    report.add(STEP, "dropped", "text before the first timing line", base + k + 1, line)
                continue
            cur_lines.append(line)
        finish()

    def check_index(self, got: int, line_no: int) -> None:
        last_index = self.last_index
        if (last_index is None and got > 1) or (last_index is not None and got != last_index + 1):
            after = "first index" if last_index is None else f"after {last_index}"
            reason = f"index {got} out of sequence ({after}): cues are numbered by position"
            self.report.add(STEP, "repaired", reason, line_no)
        self.last_index = got


def _prepare(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _done(state: _Careful, text: str) -> Track:
    if not state.cues and state.first_content is not None:
        raise ParseError("srt", "no subtitle found (expected a line like 00:00:01,000 --> 00:00:02,000)",
                         line=state.first_content, snippet=text.split("\n")[state.first_content - 1].strip())
    return Track(tuple(state.cues))


def read_careful(text: str, report: Report) -> Track:
    """The repairing reader alone, line by line (what :func:`read` must always agree with)."""
    text = _prepare(text)
    state = _Careful(report)
    state.run(text.split("\n"), 0)
    return _done(state, text)


# A well-formed block: ASCII index, "HH:MM:SS,mmm --> HH:MM:SS,mmm", one or more text lines
# without ">" or trailing whitespace (nor "<", "{" or U+2060: tags, ``{\\an}`` and escapes are
# left to the careful reader), then blank lines or the end.  The careful reader reads
# such a block the same way wherever it appears (an index line followed by a timing line always
# starts a cue; a line without ">" is never a timing line); whether the block is a whole cue
# depends on what follows, so a block is only taken when the next one is also taken (or the
# text ends), else it is handed to the careful reader with the stretch after it.
_BLOCK_RE = re.compile(
    r"^([0-9]{1,9})\n"
    r"([0-9]{2}):([0-5][0-9]):([0-5][0-9]),([0-9]{3}) --> ([0-9]{2}):([0-5][0-9]):([0-5][0-9]),([0-9]{3})\n"
    r"((?:[^\n<>{\u2060]*[^\s<>{\u2060]\n)*?[^\n<>{\u2060]*[^\s<>{\u2060])(\n\n+|\n?\Z)",
    re.MULTILINE,
)
_D2 = {f"{v:02d}": v * 1000 for v in range(100)}
_M2 = {f"{v:02d}": v * 60000 for v in range(60)}
_H2 = {f"{v:02d}": v * 3600000 for v in range(100)}
_D3 = {f"{v:03d}": v for v in range(1000)}


def _flush(state: _Careful, stretch: str, line: int, last: int) -> int:
    """Read ``stretch`` (starting at 0-based line ``line``) carefully; the last index read after it."""
    state.last_index = None if last < 0 else last
    state.run(stretch.split("\n"), line)
    return -1 if state.last_index is None else state.last_index


def read(text: str, report: Report) -> Track:
    """Read SRT ``text`` into a :class:`Track`, repairing and reporting what it must.

    Well-formed blocks are read by one regular expression; every other stretch of the
    input goes through the careful line-by-line reader (:func:`read_careful`).
    """
    if not gc.isenabled():
        return _read(text, report)
    # the cues hold no cycles: collecting while hundreds of thousands of them are made only
    # costs time (a full collection at each threshold, growing with the heap)
    gc.disable()
    try:
        return _read(text, report)
    finally:
        gc.enable()


def _read(text: str, report: Report) -> Track:
    text = _prepare(text)
    state = _Careful(report)
    cues = state.cues
    append = cues.append
    h2, m2, d2, d3 = _H2, _M2, _D2, _D3
    empty = EMPTY
    size = len(text)
    pos = 0  # start of the text not yet matched
    line = 0  # 0-based line index of pos
    last = -1  # the last index read (-1: none yet)
    # a stretch the careful reader must read (from cstart, at line cline), not yet read: it ends
    # where the next block the fast path takes starts
    cstart = cline = -1
    # the last block the fast path took (its start, line, and the index before it): whether it
    # is a whole cue depends on what follows, so it is undone when the next block does not follow
    tstart = tline = tlast = -1

    match, search = _BLOCK_RE.match, _BLOCK_RE.search
    while pos < size:
        m = match(text, pos)  # the next block usually starts where the last one ended
        b = pos
        if m is None:  # a stretch the fast path does not read, up to the next block (if any)
            m = search(text, pos)
            if m is None:
                break
            b = m.start()
            if tstart >= 0:
                cues.pop()
                last, cstart, cline = tlast, tstart, tline
            elif cstart < 0:
                cstart, cline = pos, line
            line += text.count("\n", pos, b)
        tstart = -1
        idx, sh, sm, ss, sf, eh, em, es, ef, body, gapnl = m.groups()
        start = h2[sh] + m2[sm] + d2[ss] + d3[sf]
        end = h2[eh] + m2[em] + d2[es] + d3[ef]
        got = int(idx)
        lines = body.split("\n")
        if end < start:
            if cstart < 0:  # rare: the careful reader reads it (same block, same result)
                cstart, cline = b, line
        else:
            if cstart >= 0:
                last = _flush(state, text[cstart : b - 1], cline, last)
                cstart = -1
            if got != last + 1 and (last >= 0 or got > 1):  # an index out of sequence: reported there
                cstart, cline = b, line
            else:
                tstart, tline, tlast = b, line, last
                last = got
                append(Cue(start, end, tuple(lines), (), None, empty, line + 2))
        pos = m.end()
        line += len(lines) + 1 + len(gapnl)
    if pos < size:
        if tstart >= 0:
            cues.pop()
            last, cstart, cline = tlast, tstart, tline
        elif cstart < 0:
            cstart, cline = pos, line
    if cstart >= 0:
        _flush(state, text[cstart:], cline, last)
    return _done(state, text)


# --------------------------------------------------------------------- writing


# Searched in "\n" + cue text + "\n": finds nothing when ``escape_srt_text`` leaves the text as it
# is: no ``< > \\`` or U+2060, no ``digit:digit``, no empty line, no line starting or ending with
# whitespace, no line of digits.  Every branch starts with one of a few characters (no category
# such as ``\\d``), so the search skips the rest in C.
_PLAIN_UNSAFE = re.compile(r"[<>\\\u2060:\n](?:(?<=[<>\\\u2060])|(?<=\d:)\d|(?<=\n)\s|(?<=\s\n)|(?<=\n)\d+\n)")
def write(track: Track, options: WriteOptions, report: Report) -> str:
    """Write ``track`` as SRT text (escaped as documented in ``docs/formats.md``)."""
    out: list[str] = []
    previous_speaker: str | None = None
    hm_tab, s_tab, f_tab = clock_tables(True, ",", 3)
    unsafe = _PLAIN_UNSAFE.search
    append = out.append
    for n, cue in enumerate(track.cues, 1):
        start, end = cue.start, cue.end
        bare = bare_cue(cue, MAX_MS)
        if bare is not None:
            start, end, text = bare
            if unsafe(f"\n{text}\n") is None:  # nothing for escape_srt_text to mark: as it is
                previous_speaker = None
                s_hm, s_ms = divmod(start, 60000)
                s_s, s_f = divmod(s_ms, 1000)
                e_hm, e_ms = divmod(end, 60000)
                e_s, e_f = divmod(e_ms, 1000)
                append(
                    f"{n}\n{hm_tab[s_hm]}{s_tab[s_s]}{f_tab[s_f]} --> {hm_tab[e_hm]}{s_tab[e_s]}{f_tab[e_f]}\n{text}\n"
                )
                continue
        if cue.start is None or cue.end is None:
            from ..errors import WriteError

            raise WriteError(f"cannot write SRT: cue {n} has no times")
        times = []
        for label, ms in (("start", cue.start), ("end", cue.end)):
            if ms > MAX_MS:
                report.add(STEP, "rewritten", f"{label} {ms} ms clamped to 99:59:59,999", cue.source_line, cue.text)
                ms = MAX_MS
            elif ms < 0:
                report.add(STEP, "rewritten", f"negative {label} {ms} ms written as 0", cue.source_line, cue.text)
                ms = 0
            times.append(format_timestamp(ms))
        turn = cue.speaker != previous_speaker  # name a speaker where a turn starts, not on every cue
        previous_speaker = cue.speaker
        if options.speaker_prefix and cue.speaker and turn:
            prefix = f"{cue.speaker}: "
            shifted = [Span(sp.start + len(prefix), sp.end + len(prefix), sp.kind) for sp in cue.spans]
            body = escape_srt_text(prefix + cue.text, shifted)
        else:
            body = escape_srt_text(cue.text, cue.spans)
        font = cue.extras.get("srt.font")
        if isinstance(font, str) and font:
            body = f"{font}{body}</font>"
        align = cue.extras.get("align")
        if isinstance(align, str) and align in "123456789" and len(align) == 1:
            body = f"{{\\an{align}}}{body}"
        pos = cue.extras.get("srt.position")
        tail = f" {pos}" if isinstance(pos, str) and pos else ""
        out.append(f"{n}\n{times[0]} --> {times[1]}{tail}\n{body}\n")
    text = "\n".join(out)
    return finish_output(text, options)


FORMAT = Format("srt", (".srt",), sniff, read, write, 1)

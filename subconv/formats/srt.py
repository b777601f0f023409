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

import re
from collections.abc import Sequence

from ..errors import ParseError
from ..model import EMPTY, Cue, FrozenMap, Span, Track
from ..report import Report
from ..timefmt import MAX_MS, fraction_to_ms, split_ms
from . import Format, WriteOptions

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


def read(text: str, report: Report) -> Track:
    """Read SRT ``text`` into a :class:`Track`, repairing and reporting what it must."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    n = len(lines)
    cues: list[Cue] = []
    cur_lines: list[str] = []
    cur: tuple[int, int, int, dict[str, str | tuple[str, ...]]] | None = None
    last_index: int | None = None
    pending_index: tuple[int, str] | None = None  # (line number, text) of an index line
    first_content: int | None = None
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
            line_no = k + 1
            start, end, rest = t
            if pending_index is None:
                report.add(STEP, "repaired", f"missing index (cue {len(cues) + 1})", line_no)
            else:
                got = int(pending_index[1])
                if (last_index is None and got > 1) or (last_index is not None and got != last_index + 1):
                    after = "first index" if last_index is None else f"after {last_index}"
                    reason = f"index {got} out of sequence ({after}): cues are numbered by position"
                    report.add(STEP, "repaired", reason, pending_index[0])
                last_index = got
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
            pending_index = (k + 1, line)
            continue
        if cur is None:
            if line:
                if first_content is None:
                    first_content = k + 1
                report.add(STEP, "dropped", "text before the first timing line", k + 1, line)
            continue
        cur_lines.append(line)
    finish()
    if not cues and first_content is not None:
        raise ParseError("srt", "no subtitle found (expected a line like 00:00:01,000 --> 00:00:02,000)",
                         line=first_content, snippet=lines[first_content - 1].strip())
    return Track(tuple(cues))


# --------------------------------------------------------------------- writing


def write(track: Track, options: WriteOptions, report: Report) -> str:
    """Write ``track`` as SRT text (escaped as documented in ``docs/formats.md``)."""
    out: list[str] = []
    previous_speaker: str | None = None
    for n, cue in enumerate(track.cues, 1):
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
    if options.crlf:
        text = text.replace("\n", "\r\n")
    if options.bom:
        text = "\ufeff" + text
    return text


FORMAT = Format("srt", (".srt",), sniff, read, write, 1)

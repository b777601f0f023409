"""The WebVTT reader: the W3C parser algorithm's signature, header and blocks (cues, NOTE,
STYLE, REGION), line by line in one linear pass; timing lines are read by :mod:`.timing`, cue
settings and payloads by :mod:`.settings` and :mod:`.payload`."""

from __future__ import annotations

from collections.abc import Iterable

from ...errors import ParseError, WholeInputNeeded
from ...model import EMPTY, Cue, FrozenMap, Track, text_cue
from ...report import Report
from ..base import text_pieces
from ..escapes import WJ
from .payload import parse_payload, words_of
from .settings import WS_CHARS, parse_cue_settings, parse_region
from .timing import NAME, SHORT_FRACTION, pad_short_fractions, timing_at

#: The writer's only escape character, U+2060 WORD JOINER (invisible), shared with
#: the SRT writer: inserted where a reader could mistake text for structure, and
#: doubled where the text holds it.  The reader turns a run of *k* (in cue text,
#: outside tags, before character references are decoded) into *k // 2*.  A payload
#: line holding only this character is therefore an empty line (an empty line would
#: end the cue).
BLANK_MARK = WJ


def sniff(text: str) -> bool:
    """True when ``text`` starts with a valid WebVTT signature.

    >>> sniff("WEBVTT\\n\\n00:01.000 --> 00:02.000\\nhi"), sniff("WEBVTTX"), sniff("1\\n00:00:01,000 --> ")
    (True, False, False)
    """
    return _signature_ok(text[1:] if text.startswith("\ufeff") else text)


def _signature_ok(t: str) -> bool:
    return t.startswith("WEBVTT") and (len(t) == 6 or t[6] in " \t\n\r")


def read_unsigned(text: str, report: Report) -> Track:
    """:func:`read` of a text that lacks the ``WEBVTT`` signature (and so has no header): its
    first line is read as a block's, as if a signature and a blank line came before it; one
    ``repaired`` entry says so.  For a ``.vtt`` file, or a text given as WebVTT (``--from vtt``),
    that :func:`sniff_unsigned` recognises (:func:`subconv.formats.unsigned_as`); the format's
    own :func:`read` refuses a text without the signature, as the spec does."""
    report.add(NAME, "repaired", "no WEBVTT signature: read as WebVTT (a .vtt file with WebVTT cues)", 1)
    reading = _Pieces(report, signed=False)
    for piece, last in text_pieces((text,)):
        reading.feed(piece, last)
    assert reading.header is not None
    return _track(reading.state, *reading.header)


def is_note(first: str) -> bool:
    return first == "NOTE" or first.startswith(("NOTE ", "NOTE\t"))


def keyword_line(line: str, word: str) -> bool:
    """``STYLE``/``REGION`` optionally followed by spaces or tabs only."""
    return line.startswith(word) and not line[len(word) :].strip(" \t")


class _Reader:
    """The parser's state across blocks: cues, kept blocks, regions, pending notes."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.cues: list[Cue] = []
        self.blocks: list[str] = []
        self.notes: list[str] = []
        self.blocks_at: list[str] = []  # (the line each block or note starts at, for reports)
        self.notes_at: list[str] = []
        self.region_ids: set[str] = set()
        self.seen_cue = False
        #: the lines taken for the last cue, whose payload was empty, from the blocks without a
        #: timing line after it (:meth:`other`); set as its text by :meth:`flush`
        self.orphans: list[str] | None = None

    def cue(self, cue_id: str, timing: tuple[int, int, str], text: str, line_no: int) -> None:
        """Add one cue: ``text`` is its payload lines joined by ``\\n`` (``line_no``: its timing line's)."""
        start, end, settings_raw = timing
        self.flush()
        self.seen_cue = True
        self.orphans = [] if not text else None
        if (
            not cue_id
            and not settings_raw
            and not self.notes
            and start <= end
            and ("<" not in text and "&" not in text and BLANK_MARK not in text)
        ):  # the usual cue: nothing but times and plain text
            self.cues.append(text_cue(start, end, text, line_no))
            return
        extras: dict[str, str | tuple[str, ...]] = {}
        if cue_id:
            extras["vtt.id"] = cue_id
        if settings_raw and settings_raw.strip(WS_CHARS):
            st = parse_cue_settings(settings_raw, self.region_ids)
            norm = st.normalised()
            if norm:
                extras["vtt.settings"] = norm
            if st.dropped:
                self.report.add(NAME, "repaired", "invalid cue settings ignored", line_no, " ".join(st.dropped))
            if st.overridden:
                self.report.add(
                    NAME, "repaired", "cue settings overridden by later ones", line_no, " ".join(st.overridden)
                )
        if self.notes:
            extras["vtt.notes"] = tuple(self.notes)
            self.notes = []
            self.notes_at = []
        if end < start:
            self.report.add(NAME, "warning", "cue ends before it starts (kept, as the spec does)", line_no)
        if "<" in text or "&" in text or BLANK_MARK in text:
            p = parse_payload(text)
            if p.lossy:
                extras["vtt.raw"] = text
            for tag in p.unknown_tags:
                self.report.add(NAME, "repaired", "unknown or misplaced tag ignored (text kept)", line_no, tag)
            ex = FrozenMap(extras) if extras else EMPTY
            words = words_of(p, start, end) if p.stamps else ()
            self.cues.append(Cue(start, end, p.lines, p.spans, p.speaker, ex, source_line=line_no, words=words))
        else:
            self.cues.append(
                Cue(
                    start,
                    end,
                    tuple(text.split("\n")),
                    (),
                    None,
                    FrozenMap(extras) if extras else EMPTY,
                    source_line=line_no,
                )
            )

    def other(self, raw_lines: list[str], line_no: int, kind: str, bad_timing: int | None, bad_line: str) -> None:
        """A block that is not a cue: kept (NOTE/STYLE/REGION), taken as the text of the cue
        before or dropped with a report entry.

        A block without a timing line after a cue whose payload is empty (its timing line
        followed by a blank line, as some writers put one), or after such blocks taken for it, is
        that cue's text (:meth:`flush` sets it).  The spec drops it, and the cue is empty (a
        browser shows nothing); its text is kept instead, and the repair reported.  A block after
        a cue with text is dropped as the spec says."""
        raw = "\n".join(raw_lines)
        first = raw_lines[0] if raw_lines else ""
        keyword = bool(kind) or keyword_line(first, "STYLE") or keyword_line(first, "REGION")
        note = is_note(first)
        if bad_timing is None and not keyword and not note and self.orphans is not None:
            self.orphans.extend(raw_lines)
            why = "text after a blank line below its timing line: taken as the cue's text (the spec drops it)"
            self.report.add(NAME, "repaired", why, line_no, raw)
            return
        self.flush()
        if bad_timing is not None:
            self.report.add(NAME, "dropped", "cue with an invalid timing line", bad_timing, bad_line)
        elif keyword:
            if self.seen_cue:
                self.report.add(
                    NAME, "dropped", "STYLE/REGION block after the first cue (ignored by the spec)", line_no, raw
                )
            else:
                self.blocks.append(raw)
                self.blocks_at.append(str(line_no))
                if keyword_line(first, "REGION"):
                    rid = parse_region("\n".join(raw_lines[1:])).id
                    if rid:
                        self.region_ids.add(rid)
        elif note:
            if self.seen_cue:
                self.notes.append(raw)
                self.notes_at.append(str(line_no))
            else:
                self.blocks.append(raw)
                self.blocks_at.append(str(line_no))
        else:
            self.report.add(NAME, "dropped", "block without a timing line", line_no, raw)

    def flush(self) -> None:
        """Set the lines taken for the last cue (:meth:`other`) as its text, once they are all read."""
        taken, self.orphans = self.orphans, None
        if not taken:
            return
        text = "\n".join(taken)
        last = self.cues[-1]
        if "<" in text or "&" in text or BLANK_MARK in text:
            assert last.start is not None and last.end is not None  # (every cue read has its times)
            p = parse_payload(text)
            words = words_of(p, last.start, last.end) if p.stamps else ()
            extras = FrozenMap({**last.extras, "vtt.raw": text}) if p.lossy else last.extras
            self.cues[-1] = last.replace(lines=p.lines, spans=p.spans, speaker=p.speaker, words=words, extras=extras)
        else:
            self.cues[-1] = last.replace(lines=tuple(taken), spans=())

    def block(self, chunk: str, base: int) -> None:
        """Read ``chunk``, lines without a blank one among them (``base``: its first line's number).

        A chunk holding one ``-->``, on its first or second line (the usual cue), is read
        here as :meth:`general` reads it: [id,] timing, payload; any other goes to it.
        """
        a = chunk.find("-->")
        if a != -1 and chunk.find("-->", a + 3) == -1:
            nl = chunk.find("\n")
            if nl == -1 or a < nl:  # timing on the first line
                t = timing_at(chunk if nl == -1 else chunk[:nl], base)
                if t is not None:
                    self.cue("", t, "" if nl == -1 else chunk[nl + 1 :], base)
                    return
            else:
                nl2 = chunk.find("\n", nl + 1)
                if nl2 == -1 or a < nl2:  # id, then the timing line
                    t = timing_at(chunk[nl + 1 :] if nl2 == -1 else chunk[nl + 1 : nl2], base + 1)
                    if t is not None:
                        self.cue(chunk[:nl], t, "" if nl2 == -1 else chunk[nl2 + 1 :], base + 1)
                        return
        self.general(chunk.split("\n"), base)

    def general(self, lines: list[str], base: int) -> None:
        """Run "collect a WebVTT block" over ``lines`` (no blank line among them).

        ``base`` is the 1-based line number of ``lines[0]``.
        """
        n = len(lines)
        i = 0
        while i < n:
            block_start = i
            line_count = 0
            seen_arrow = False
            prev = i
            buffer: list[str] = []
            cue_id = ""
            timing: tuple[int, int, str] | None = None
            timing_line = 0
            bad_timing: int | None = None
            bad_line = ""
            kind = ""
            while i < n:
                line = lines[i]
                line_count += 1
                i += 1
                if "-->" in line:
                    if line_count == 1 or (line_count == 2 and not seen_arrow):
                        seen_arrow = True
                        prev = i
                        t = timing_at(line, base + i - 1)
                        if t is not None:
                            timing = t
                            timing_line = base + i - 1
                            cue_id = "\n".join(buffer)
                            buffer = []
                            self.seen_cue = True
                        else:
                            bad_timing = base + i - 1
                            bad_line = line
                    else:
                        i = prev
                        break
                else:
                    if line_count == 2 and buffer and not self.seen_cue and timing is None:
                        kind = _header_block_kind(buffer[0])
                    buffer.append(line)
                    prev = i
            if timing is not None:
                self.cue(cue_id, timing, "\n".join(buffer), timing_line)
            else:
                self.other(lines[block_start:i], base + block_start, kind, bad_timing, bad_line)


def _header_block_kind(first: str) -> str:
    """``"style"`` or ``"region"`` for the first line of a STYLE or REGION block, else ``""``."""
    if keyword_line(first, "STYLE"):
        return "style"
    if keyword_line(first, "REGION"):
        return "region"
    return ""


def read(text: str, report: Report) -> Track:
    """Read WebVTT ``text`` into a :class:`Track` following the WebVTT parser algorithm.

    >>> t = read("WEBVTT\\n\\n1\\n00:01.000 --> 00:02.500 align:start\\n<i>Hi</i>\\n", Report())
    >>> c = t.cues[0]
    >>> c.start, c.end, c.lines, c.spans, dict(c.extras)
    (1000, 2500, ('Hi',), (Span(start=0, end=2, kind='i'),), {'vtt.id': '1', 'vtt.settings': 'align:start'})
    """
    return read_pieces((text,), report)


#: Characters of the text an error about its signature shows
_SIGNATURE_SHOWN = 20


def read_pieces(pieces: Iterable[str], report: Report) -> Track:
    """:func:`read` of the text ``pieces`` make, a piece at a time (cut anywhere): the blocks
    (text between blank lines) are read as each is complete.  Text that holds a NUL or a
    timestamp with a short fraction (:func:`pad_short_fractions` weighs the whole file) is
    read whole: in more than one piece, :class:`~subconv.errors.WholeInputNeeded`."""
    reading = _Pieces(report)
    for piece, last in text_pieces(pieces):
        reading.feed(piece, last)
    assert reading.header is not None  # (the last piece reads it, or raises)
    return _track(reading.state, *reading.header)


class _Pieces:
    """What is read of the text so far: the parser's state, the header once read, the line the
    next block starts on, and the text held (the start of a block that goes on in the next piece)."""

    def __init__(self, report: Report, signed: bool = True) -> None:
        self.report = report
        self.state = _Reader(report)
        # (after "WEBVTT" on its line, the header lines; a text without the signature has none)
        self.header: tuple[str, list[str]] | None = None if signed else ("", [])
        self.signed = signed
        self.line_no = 0 if signed else 1
        self.held = ""
        self.started = False  # (the signature was checked)
        self.whole = False  # the text came in one piece

    def feed(self, piece: str, last: bool) -> None:
        """Read the blocks the text held and ``piece`` complete (``last``: the input's last piece)."""
        text = self.held + piece if self.held else piece
        self.held = ""
        if not self.started:
            if not last and len(text) < _SIGNATURE_SHOWN:  # (too short to judge the signature, or show it)
                self.held = text
                return
            text = self._start(text, last)
        pos = 0
        if self.header is None:
            cut = text.find("\n\n")
            if cut == -1 and not last:
                self.held = text
                return
            head = text if cut == -1 else text[:cut]
            _whole_only(head, self.whole)
            self.header = _header(self.state, head)
            self.line_no = head.count("\n") + 3  # (the first line of the next block)
            if cut == -1:
                return
            pos = cut + 2
        self.held = self._blocks(text, pos, last)

    def _start(self, text: str, last: bool) -> str:
        """The text's start checked (its signature), and, when it is the whole text, what needs
        the whole text done: NULs replaced, short fractions padded."""
        self.started = True
        self.whole = last
        if "\x00" in text:
            if not last:
                raise WholeInputNeeded
            text = _nuls_replaced(text, self.report)
        if self.signed and not _signature_ok(text):
            raise ParseError(NAME, "missing WEBVTT signature", line=1, column=1, snippet=text[:_SIGNATURE_SHOWN])
        if last and SHORT_FRACTION.search(text) is not None:
            text = pad_short_fractions(text, self.report)
        return text

    def _blocks(self, text: str, pos: int, last: bool) -> str:
        """Read the blocks of ``text`` from ``pos`` on (the last one too when the text is the
        ``last``); the text of the one left, which may go on in the next piece."""
        block = self.state.block
        find = text.find
        line_no = self.line_no
        while (end := find("\n\n", pos)) != -1 or last:
            chunk = text[pos:] if end == -1 else text[pos:end]
            _whole_only(chunk, self.whole)
            base = line_no
            line_no += chunk.count("\n") + 2
            if chunk.startswith("\n"):
                stripped = chunk.lstrip("\n")
                base += len(chunk) - len(stripped)
                chunk = stripped
            if chunk.endswith("\n"):
                chunk = chunk.rstrip("\n")
            if chunk:
                block(chunk, base)
            if end == -1:
                break
            pos = end + 2
        self.line_no = line_no
        return "" if last else text[pos:]


def _whole_only(text: str, whole: bool) -> None:
    """Raise :class:`WholeInputNeeded` when ``text`` (a block, or the header) needs the whole file
    to be read as :func:`read` reads it and is not all of it (``whole``)."""
    if not whole and ("\x00" in text or SHORT_FRACTION.search(text) is not None):
        raise WholeInputNeeded


def _header(state: _Reader, head: str) -> tuple[str, list[str]]:
    """Read ``head``, the text up to the first blank line: the signature line, header lines, and
    the lines from the first holding ``-->`` on (a block, read into ``state``).  The header: the
    text after ``WEBVTT`` on its line, and the header lines."""
    first_lines = head.rstrip("\n").split("\n")
    header_lines: list[str] = []
    k = 1
    while k < len(first_lines) and "-->" not in first_lines[k]:
        header_lines.append(first_lines[k])
        k += 1
    if k < len(first_lines):
        state.general(first_lines[k:], k + 1)
    return first_lines[0][7:], header_lines


def _nuls_replaced(text: str, report: Report) -> str:
    """``text`` with each NUL replaced by U+FFFD, each line holding one reported."""
    pos = text.find("\x00")
    line_no, counted = 1, 0  # the line of offset ``counted`` (counted on from the NUL before: linear)
    while pos != -1:
        line_no += text.count("\n", counted, pos)
        counted = pos
        eol = text.find("\n", pos)
        eol = len(text) if eol == -1 else eol
        bol = text.rfind("\n", 0, pos) + 1
        report.add(NAME, "repaired", "NUL replaced with U+FFFD", line_no, text[bol:eol].replace("\x00", "\ufffd"))
        pos = text.find("\x00", eol)
    return text.replace("\x00", "\ufffd")


def _track(state: _Reader, header_first: str, header_lines: list[str]) -> Track:
    """The track read: the cues, the header (after ``WEBVTT`` on its line, then its lines; a
    ``Language:`` one as the language), the blocks before the first cue and the notes after the last."""
    state.flush()
    meta: dict[str, str | tuple[str, ...]] = {}
    lines: dict[str, str | tuple[str, ...]] = {}  # (where each stood, for reports; not compared)
    if header_first or header_lines:
        meta["vtt.header"] = header_first + "".join("\n" + h for h in header_lines)
        lines["vtt.header"] = "1"
    language = None
    for k, h in enumerate(header_lines, 2):
        key, colon, value = h.partition(":")
        if colon and key.strip().lower() == "language" and value.strip():
            language = value.strip()
            lines["language"] = str(k)
    if state.blocks:
        meta["vtt.blocks"] = tuple(state.blocks)
        lines["vtt.blocks"] = tuple(state.blocks_at)
    if state.notes:
        meta["vtt.trailing_notes"] = tuple(state.notes)
        lines["vtt.trailing_notes"] = tuple(state.notes_at)
    where = FrozenMap(lines) if lines else EMPTY
    return Track(tuple(state.cues), language=language, meta=FrozenMap(meta) if meta else EMPTY, source_lines=where)

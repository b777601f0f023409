"""Lines of a text page that a tool or a file format wrote, never spoken: a WebVTT file's header,
``REGION``/``STYLE``/``NOTE`` blocks, cue identifiers and cue settings (a WebVTT file forced
through the page reader), a meeting transcript's header and footer (Google Meet's title, date,
attendee list, ``Transcript`` and its notice) and ``<br>`` tags copied from a web page's source.

:func:`subconv.pages.text.read_lines` asks these before it reads the page's shape; each line found
here is dropped (or rewritten) with a report entry and its line.  Every pattern is anchored and
bounded, so a line is matched in time linear in its length.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .stamps import stamp_span_lead, stamp_span_only

# -- WebVTT files read as pages

#: a WebVTT file's first line (``WEBVTT``, alone or before its header's text: after a space, or a
#: file's slip, ``WEBVTT-text``)
VTT_SIGNATURE = re.compile(r"WEBVTT(?:\W.*)?")
#: the first line of a WebVTT block that holds no cue: a comment (``NOTE``), a style sheet
#: (``STYLE``) or a region's definition (``REGION``)
_VTT_BLOCK = re.compile(r"(NOTE|STYLE|REGION)(?:[ \t].*)?")
#: a cue's timing line: two times, ``-->`` between, then the cue's settings (``align:start``)
_VTT_TIMING = re.compile(r"(\S{1,40}\s{1,40}-->\s{1,40}\S{1,40})(?:\s+(\S.*))?")
_VTT_WHAT = {
    "NOTE": "a WebVTT file's NOTE block (a comment)",
    "STYLE": "a WebVTT file's STYLE block (the captions' style sheet)",
    "REGION": "a WebVTT file's REGION block (where captions are shown)",
}


@dataclass
class VttChrome:
    """What a WebVTT file read as a page holds besides its cues' times and text: the lines to
    drop (index: why) and the timing lines to read as their times alone (index: (the times, the
    cue settings after them, not spoken)."""

    drops: dict[int, str] = field(default_factory=dict)
    settings: dict[int, tuple[str, str]] = field(default_factory=dict)


def vtt_chrome(lines: Sequence[str]) -> VttChrome | None:
    """The header, blocks, cue identifiers and cue settings of a WebVTT file read as a page (its
    first non-blank line ``WEBVTT``), else None.  The header is the signature line and the lines
    under it up to a blank line (or a timing line, or a stamped line); a ``NOTE``, ``STYLE`` or
    ``REGION`` block runs from its first line, at a block's start, to the next blank line; a cue
    identifier is a block's first line right above a timing line.

    >>> page = ["WEBVTT", "Kind: captions", "", "NOTE hi", "there", "", "1", "0:01.000 --> 0:02.000 align:start", "Hi"]
    >>> got = vtt_chrome(page)
    >>> sorted(got.drops), got.settings
    ([0, 1, 3, 4, 6], {7: ('0:01.000 --> 0:02.000', 'align:start')})
    >>> vtt_chrome(["Hello", "WEBVTT"]) is None
    True
    """
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or VTT_SIGNATURE.fullmatch(lines[first].strip()) is None:
        return None
    got = VttChrome()
    header = "page chrome: a WebVTT file's header (a WebVTT file read as a page), not spoken"
    got.drops[first] = header
    i = first + 1
    while i < len(lines) and lines[i].strip() and "-->" not in lines[i] and not _stamped(lines[i]):
        got.drops[i] = header
        i += 1
    block_start = True
    while i < len(lines):
        s = lines[i].strip()
        if not s:
            block_start = True
            i += 1
            continue
        m = _VTT_BLOCK.fullmatch(s) if block_start and "-->" not in s else None
        if m is not None:
            why = f"page chrome: {_VTT_WHAT[m.group(1)]}, not spoken"
            while i < len(lines) and lines[i].strip() and "-->" not in lines[i]:
                got.drops[i] = why
                i += 1
            continue
        if block_start and "-->" not in s and i + 1 < len(lines) and _timing(lines[i + 1]) is not None:
            got.drops[i] = "page chrome: a WebVTT cue's identifier, not spoken"
        elif (timing := _timing(s)) is not None and (timing[1] or timing[0] != s):
            got.settings[i] = timing
        block_start = False
        i += 1
    return got


def _stamped(line: str) -> bool:
    """A line a page's reader takes for a stamp's (``0:03``, ``0:03 text``): never a header's."""
    return stamp_span_only(line) is not None or stamp_span_lead(line) is not None


def _timing(line: str) -> tuple[str, str] | None:
    """(the times, apart by single spaces, and the settings) of a WebVTT cue's timing line, else None.

    >>> _timing("00:01.000 --> 00:02.000 region:fred align:start"), _timing("a --> b")
    (('00:01.000 --> 00:02.000', 'region:fred align:start'), None)
    >>> _timing("\f00:01.000\f\f-->\f00:02.000\f")
    ('00:01.000 --> 00:02.000', '')
    """
    m = _VTT_TIMING.fullmatch(line.strip())
    if m is None:
        return None
    times = " ".join(m.group(1).split())
    return None if stamp_span_only(times) is None else (times, m.group(2) or "")


# -- meeting transcripts' headers (Google Meet)

#: the heading of a meeting transcript's attendee list, in a few UI languages (data)
ATTENDEES_LABELS = frozenset(
    (
        "attendees participants asistentes participantes participantes teilnehmer teilnehmende partecipanti "
        "deelnemers deltagare uczestnicy участники katılımcılar peserta người_tham_dự 参加者 참석자 参与者 與會者"
    )
    .replace("_", " ")
    .split()
)
#: a meeting transcript's own heading (``Transcript``, also after its title: ``Weekly sync - Transcript``)
TRANSCRIPT_LABELS = frozenset(
    (
        "transcript transcripción transcrição transcription transkript trascrizione transkription "
        "transkrypcja расшифровка транскрипция transkrip bản_chép_lời 文字起こし 스크립트 转录 轉錄 文字记录"
    )
    .replace("_", " ")
    .split()
)
#: the notice Google Meet writes under the heading and at the end (its first words, data)
_NOTICES = (
    "this editable transcript was computer generated",
    "esta transcripción editable se ha generado",
    "esta transcrição editável foi gerada",
)
#: the footer's ``Meeting ended after 00:28:14 👋`` (also ``Transcription ended after ...``), data
_ENDED = re.compile(
    r"(?:(?:meeting|transcription|transcript) ended after|la (?:reunión|transcripción) finalizó después de)"
    r"[ \t]+(\d{1,3}:\d{2}:\d{2})(?:[ \t].{0,8})?",
    re.IGNORECASE,
)
#: a speaker's turn (``Ann Lee: Hello``): never part of a header
_TURN = re.compile(r"[^:]{1,80}:[ \t]+\S.*")
#: the most lines a header can have above its attendee list, and in it
_TITLE_LINES = 3
_LIST_LINES = 40
#: a stamp under a second is the meeting's start: nothing is said before it
_AT_START = 1000
#: how a sentence ends (a line that ends so is said, never a header's)
_SENTENCE_END = ".!?…。！？"
#: a symbol before a label (``📖 Transcript``: a Gemini notes document's section)
_SYMBOLS = re.compile(r"[^\w\s]{1,3}[ \t]+")


def _label(line: str, labels: frozenset[str]) -> bool:
    """Whether ``line`` is one of ``labels`` alone (in any case, a colon or a symbol before it allowed)."""
    s = line.strip()
    if (m := _SYMBOLS.match(s)) is not None:
        s = s[m.end() :]
    return s.rstrip(":").strip().casefold() in labels


def _titled(line: str) -> str | None:
    """The title of ``Weekly sync (2026-12-07 10:02 GMT+1) - Transcript`` (the line without its
    `` - Transcript``), else None."""
    head, sep, label = line.strip().rpartition(" - ")
    return head.strip() if sep and head.strip() and label.strip().casefold() in TRANSCRIPT_LABELS else None


def _listed(line: str) -> bool:
    """A line of an attendee list: names apart by commas (``Ann Lee, Bob Smith's Presentation``),
    none of them long, no speaker's turn, no stamp."""
    s = line.strip()
    if _TURN.fullmatch(s) or stamp_span_only(s) is not None or "-->" in s or _sentence(s):
        return False
    return all(len(name) <= 60 and len(name.split()) <= 8 for name in s.split(","))


@dataclass
class MeetingHead:
    """A meeting transcript's header and footer: each line's (index, why), and the title."""

    drops: list[tuple[int, str]]
    title: str | None
    #: the meeting's length its footer gives (``Meeting ended after 00:28:14``): ms, line index
    ended: tuple[int, int] | None = None


_HEADER = "a meeting transcript's header (its title, date and attendees), not spoken"


def meeting_head(lines: Sequence[str], content: Sequence[int]) -> MeetingHead | None:
    """The header of a meeting transcript at the page's start (Google Meet's export: its title
    line, the date, ``Attendees``, the attendee list however many lines it is wrapped over,
    ``Transcript`` and the notice under it), with its footer (``Meeting ended after 00:28:14``,
    the notice again), else None.  ``content``: the indexes of the page's content lines.

    It is a header where it has the attendee list's heading (in a few UI languages:
    :data:`ATTENDEES_LABELS`) and the transcript's (:data:`TRANSCRIPT_LABELS`, alone or after the
    title), or a first stamp at the meeting's start under it; or, without an attendee list, one to
    three lines, one of them the title followed by the transcript's heading, right above a first
    stamp at the start (``📖 Transcript`` / ``20 may 2026`` / ``Weekly sync - Transcript`` /
    ``00:00:00``: a YouTube copy's ``Transcript`` / ``Intro`` / ``0:00`` is none).  The title is
    the line that ends with `` - Transcript``, else the first line above the attendee list.  Anything else
    above the transcript (a sentence, a turn, a fourth title line) is no header: kept.

    >>> got = meeting_head(["Sync", "Attendees", "Ann, Bob,", "Cy", "Transcript", "00:00:00", "Ann: Hi."], range(7))
    >>> [i for i, _ in got.drops], got.title
    ([0, 1, 2, 3, 4], 'Sync')
    >>> meeting_head(["Sync", "Hello there.", "Attendees", "Ann", "Transcript", "Ann: Hi."], range(6)) is None
    True
    """
    n = len(content)
    text = [lines[i].strip() for i in content[: _TITLE_LINES + _LIST_LINES + 4]]
    found = _header_end(text)
    if found is None:
        return None
    at, end = found
    heads = [k for k in range(end) if not _label(text[k], ATTENDEES_LABELS | TRANSCRIPT_LABELS)]
    title_at = next((k for k in heads if _titled(text[k])), None)
    if title_at is None and heads and (at is None or heads[0] < at) and not _notice(text[heads[0]]):
        title_at = heads[0]
    title = None if title_at is None else (_titled(text[title_at]) or text[title_at])
    drops: list[tuple[int, str]] = []
    ended: tuple[int, int] | None = None
    for k in range(end):
        if k == title_at:
            drops.append((content[k], f"title: {_HEADER} (the track's title)"))
        elif _notice(text[k]):
            drops.append((content[k], "page chrome: a meeting transcript's notice (computer generated), not spoken"))
        else:
            drops.append((content[k], f"page chrome: {_HEADER}"))
    for k in range(n - 1, max(end, n - 3) - 1, -1):  # the footer: its end, its notice
        s = lines[content[k]].strip()
        if _notice(s):
            why = "page chrome: a meeting transcript's notice (computer generated), not spoken"
        elif (clock := ended_after(s)) is not None:
            why = "page chrome: a meeting transcript's footer (when the meeting ended), not spoken"
            ms = stamp_span_only(clock)
            ended = None if ms is None or not ms[0] else (ms[0], content[k])
        else:
            break
        drops.append((content[k], why))
    return MeetingHead(drops, title, ended)


def _header_end(text: list[str]) -> tuple[int | None, int] | None:
    """Where a meeting transcript's header, the first of ``text`` (the page's first content lines),
    has its attendee list's heading (None: it has none) and where it ends (after the notice under
    its ``Transcript``, or at its first stamp at the start); None where ``text`` starts with no
    header."""
    at = next((k for k, s in enumerate(text[: _TITLE_LINES + 1]) if _label(s, ATTENDEES_LABELS)), None)
    end: int | None = None
    if at is None:
        end = next((k for k, s in enumerate(text[: _TITLE_LINES + 1]) if _started(s)), None)
        if not end or not any(_titled(s) for s in text[:end]) or not all(_title_line(s) for s in text[:end]):
            return None
    elif all(_title_line(s) for s in text[:at]):
        for k in range(at + 1, len(text)):
            if _label(text[k], TRANSCRIPT_LABELS) or _started(text[k]):
                end = k + _label(text[k], TRANSCRIPT_LABELS)
                break
            if not _listed(text[k]):
                return None
    if end is None:
        return None
    while end < len(text) and _notice(text[end]):
        end += 1
    return at, end


def _started(line: str) -> bool:
    """A stamp alone at the meeting's start (``00:00:00``)."""
    span = stamp_span_only(line)
    return span is not None and span[0] < _AT_START


def _title_line(line: str) -> bool:
    """A line that can stand above an attendee list or a transcript's heading: short (a label, a
    title, a date), no turn, no stamp, not ending as a sentence does."""
    s = line.strip()
    return (
        0 < len(s) <= 160
        and len(s.split()) <= 16
        and not _sentence(s)
        and _TURN.fullmatch(s) is None
        and stamp_span_only(s) is None
        and "-->" not in s
    )


def _sentence(line: str) -> bool:
    """Whether ``line`` ends as a sentence does (not as a name with ``Jr.`` or ``Sr.``)."""
    return line[-1:] in _SENTENCE_END and not line.endswith((" Jr.", " Sr."))


def _notice(line: str) -> bool:
    """Google Meet's notice that its transcript was computer generated."""
    return line.strip().casefold().startswith(_NOTICES)


def ended_after(line: str) -> str | None:
    """The clock of a meeting transcript's footer (``Meeting ended after 00:28:14 👋``), else None.

    >>> ended_after("Meeting ended after 01:40:23 \U0001f44b"), ended_after("The meeting ended after lunch")
    ('01:40:23', None)
    """
    m = _ENDED.fullmatch(line.strip())
    return None if m is None else m.group(1)


# -- <br> tags copied from a web page's source

#: a line-break tag as HTML writes it: ``<br>``, ``<br/>``, ``<br />``, ``<BR>``
BR_TAG = re.compile(r"<br[ \t]*/?>", re.IGNORECASE)
_TRAILING_BR = re.compile(r"(?:[ \t]*<br[ \t]*/?>)+[ \t]*\Z", re.IGNORECASE)


def br_parts(line: str) -> tuple[str, bool, bool] | None:
    """For a line holding ``<br>`` tags: the line without those at its end (the line ends there
    already), whether it was only tags, and whether tags stay inside it (each a line break of its
    caption); None for a line with none.

    >>> br_parts("Hello there,<br>my friend.<br/>"), br_parts(" <br><BR /> "), br_parts("a < b")
    (('Hello there,<br>my friend.', False, True), ('', True, False), None)
    """
    if "<" not in line or BR_TAG.search(line) is None:
        return None
    kept = _TRAILING_BR.sub("", line)
    return kept, not kept.strip(), BR_TAG.search(kept) is not None


def split_br(lines: list[str]) -> list[str]:
    """A caption's lines split at the ``<br>`` tags inside them, empty pieces left out.

    >>> split_br(["Hello there,<br>my friend.", "ok<br><br>go"])
    ['Hello there,', 'my friend.', 'ok', 'go']
    """
    out: list[str] = []
    for line in lines:
        out.extend(p.strip() for p in BR_TAG.split(line) if p.strip()) if "<" in line else out.append(line)
    return out

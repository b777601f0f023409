"""Line-based page shapes: caption lists, YouTube transcript copies, stamped lines,
speaker transcripts (Markdown, Rev, Otter) and plain one-caption-per-line text.

Every content line is classified once (:func:`classify`); the shape is the first in
:data:`SHAPES` whose detector accepts the page (from the counts of line kinds over the whole
page), and its reader turns the lines into :class:`~subconv.pages.units.Unit` objects in one pass.
"""

from __future__ import annotations

import itertools
import re
from array import array
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from ..model import Cue, Track
from ..report import Report, clock
from . import chrome
from .markdown import HEADING, LABEL, LABEL_ONLY, OTTER, OTTER_PLAIN, REV, RULE, has_markers, split_markers
from .stamps import bare_seconds_lead, stamp_span_lead, stamp_span_only
from .units import STEP, Unit, cues_to_track, rolling_ends, unit_cue, with_duration

#: A bulleted or numbered line: indentation, bullet, text (Japanese pages' ``・`` needs no space;
#: a no-break space, ``&nbsp;`` decoded, is a space).
BULLET = re.compile(r"([ \t\xa0]*)([•●▪·◦‣○■□►▸▹◆◇★☆✓✔➤➢‒–—・*+-]|\d{1,4}[.)])(?:[ \t\xa0]+|(?<=・))(\S.*)")
#: An HTML entity at a line's start, after its spaces (``&nbsp;&bull; text``, ``&#8226; text``,
#: ``&#x2022;&nbsp;text``: a page saved with its markup's entities): see :func:`entity_head`.
_ENTITY = re.compile(r"[ \t\xa0]*&(?:[A-Za-z][A-Za-z0-9]{1,9}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
_AMBIGUOUS_BULLETS = {"-", "–", "—", "‒", "*", "+"}  # also dialogue dashes / emphasis in plain text
_KEY = re.compile(r"[A-Za-z_][\w-]{0,60}:")
_CHROME = "page chrome: not in the caption list's shape"
_STAMP_FIRST = ("[", "(")  # besides a digit, what a stamp-led text can start with (see ``STAMP_LEAD``)
#: ``Name: text`` at the start of a stamped caption (a speaker when the page repeats the name): one
#: to four words, the first a letter's, each starting with a capital, an uncased letter (Arabic,
#: Chinese) or, after the first, a digit (``Speaker 1``) (see :func:`_label_match`).
_PLAIN_LABEL = re.compile(r"([^\W\d_][\w.'-]{0,20}(?: [^\W_][\w.'-]{0,20}){0,3}):[ \t]+(\S.*)")


@dataclass(frozen=True)
class Kind:
    """What one content line looks like."""

    kind: str  # rev | otter | label | label_only | sonly | slead | ssec (bare seconds lead: ``12s text``) | text
    name: str | None = None
    ms: int | None = None
    rest: str | None = None
    end: int | None = None  # a stamp range's second time (``[00:07 - 00:10] text``)


def entity_head(line: str) -> str:
    """``line`` with the HTML entities of its start decoded, as on the page they stand for, up to
    its first visible character and the spaces after it (a bullet: ``&nbsp;&bull;&nbsp;``); the
    text after them is left as it is (the ``normalise`` step decodes and reports its entities).

    >>> entity_head("&nbsp;&bull; Tom &amp; Jerry"), entity_head("&#8226;&#xa0;&lt;Hi"), entity_head("&amp; so")
    ('\xa0• Tom &amp; Jerry', '•\xa0&lt;Hi', '& so')
    """
    from html import unescape

    head: list[str] = []
    pos = 0
    seen = False  # (a visible character decoded: only spaces after it)
    while (m := _ENTITY.match(line, pos)) is not None:
        decoded = unescape(m.group())
        if decoded.strip():
            if seen:
                break
            seen = True
        head.append(decoded)
        pos = m.end()
    return "".join(head) + line[pos:] if head else line


def split_lines(text: str) -> list[str]:
    r"""Split on ``\n``, ``\r\n`` or ``\r`` only (so line numbers match editors).

    >>> split_lines("a\r\nb\rc\u2028d")
    ['a', 'b', 'c\u2028d']
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def front_matter_end(lines: list[str]) -> int:
    """Index of the closing ``---`` of YAML front matter starting on line 1, else -1.

    >>> front_matter_end(["---", "title: x", "---", "text"]), front_matter_end(["---", "text"])
    (2, -1)
    """
    if not lines or lines[0].strip() != "---":
        return -1
    for i in range(1, min(len(lines), 1000)):
        if lines[i].strip() in ("---", "..."):
            return i if any(_KEY.match(x) for x in lines[1:i]) else -1
    return -1


_DURATION_KEY = re.compile(
    r"(duration_seconds|duration_secs|duration_ms|duration)\s*:\s*['\"]?([^'\"#]*?)['\"]?\s*(?:#.*)?$", re.I
)
_CLOCK_VALUE = re.compile(r"(?:([0-9]+):)?([0-9]{1,2}):([0-9]{2}(?:\.[0-9]+)?)")
_PT_VALUE = re.compile(r"PT(?:([0-9]+(?:\.[0-9]+)?)H)?(?:([0-9]+(?:\.[0-9]+)?)M)?(?:([0-9]+(?:\.[0-9]+)?)S)?", re.I)


def front_matter_duration(line: str) -> int | None:
    """The media duration (ms) a front-matter line gives (``duration_seconds: 230.0``, ``duration: '3:50'``).

    ``duration_ms`` is in milliseconds, ``duration_seconds`` and a plain ``duration`` number in
    seconds; ``duration`` may also be a clock (``m:ss``, ``h:mm:ss``) or ISO 8601 (``PT3M50S``).

    >>> front_matter_duration("duration_seconds: 230.0"), front_matter_duration("duration: '3:50'")
    (230000, 230000)
    >>> front_matter_duration("duration: PT1H2M3S"), front_matter_duration("duration: soon")
    (3723000, None)
    """
    m = _DURATION_KEY.match(line.strip())
    if m is None:
        return None
    key, value = m.group(1).lower(), m.group(2).strip()
    ms: float | None = None
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", value):
        ms = float(value) * (1 if key == "duration_ms" else 1000)
    elif key == "duration" and (c := _CLOCK_VALUE.fullmatch(value)):
        ms = (int(c.group(1) or 0) * 3600 + int(c.group(2)) * 60 + float(c.group(3))) * 1000
    elif key == "duration" and value and (p := _PT_VALUE.fullmatch(value)) and any(p.groups()):
        h, mi, sec = (float(g) if g else 0.0 for g in p.groups())
        ms = (h * 3600 + mi * 60 + sec) * 1000
    if ms is None or not 0 < ms < 100 * 3600 * 1000:
        return None
    return round(ms)


def classify(line: str) -> Kind:
    """Classify a stripped content line.

    >>> classify("Lenny (00:00:36):").kind, classify("**Ali** [0:00]").kind, classify("**Bo:** hi").kind
    ('rev', 'otter', 'label')
    >>> classify("1:05").kind, classify("00:00:08 Hello").kind, classify("Hello").kind
    ('sonly', 'slead', 'text')
    """
    if line.endswith(":") or "):" in line:
        rev = _rev_kind(line)
        if rev is not None:
            return rev
    if line.startswith("**"):
        starred = _starred_kind(line)
        if starred is not None:
            return starred
    elif "  " in line or "\t" in line:
        plain = _plain_otter_kind(line)
        if plain is not None:
            return plain
    head = line[:16]
    seconds = "s" in head and (head[:1] in _STAMP_FIRST or head[:1].isdigit())  # ([12s] text, 12s text)
    if ":" not in head and "\uff1a" not in head and not seconds:
        return _TEXT  # (no clock, full-width clock nor seconds: the common case, fast)
    return _stamp_kind(line)


def _rev_kind(line: str) -> Kind | None:
    """``Name (hh:mm:ss):`` (optionally followed by the turn's text)."""
    m = REV.fullmatch(line)
    if m is None:
        return None
    ms = _clock(m.group(2))
    if ms is None:
        return None
    name = (m.group(1) or "").strip() or None
    return Kind("rev", name, ms, m.group(3))


def _starred_kind(line: str) -> Kind | None:
    """``**Name** [m:ss]`` (Otter), ``**Name:** text`` or a ``**Name:**`` line alone."""
    m = OTTER.fullmatch(line)
    if m is not None:
        ms = _clock(m.group(2))
        if ms is not None:
            return Kind("otter", m.group(1).strip(), ms)
    m = LABEL.fullmatch(line)
    if m is not None and m.group(1).strip():
        return Kind("label", m.group(1).strip(), None, m.group(2))
    m = LABEL_ONLY.fullmatch(line)
    if m is not None and m.group(1).strip():
        return Kind("label_only", m.group(1).strip())
    return None


def _plain_otter_kind(line: str) -> Kind | None:
    """``Speaker 1  0:00`` (Otter's plain-text export): a capitalised name, two spaces or a tab,
    and a stamp, alone on the line.

    >>> _plain_otter_kind("Speaker 1  0:03"), _plain_otter_kind("Émilie Roy\t1:02:03").name
    (Kind(kind='otter', name='Speaker 1', ms=3000, rest=None, end=None), 'Émilie Roy')
    >>> _plain_otter_kind("see you at  5:30"), _plain_otter_kind("Speaker 1 0:03")  # (not capitalised; one space)
    (None, None)
    """
    m = OTTER_PLAIN.fullmatch(line)
    if m is None or not all(w[0].isupper() or w[0].isdigit() for w in m.group(1).split()):
        return None
    ms = _clock(m.group(2))
    return None if ms is None else Kind("otter", m.group(1), ms)


def _stamp_kind(line: str) -> Kind:
    """A stamp alone on its line, a stamp leading text, or text."""
    unescaped = line.replace("\\[", "[").replace("\\]", "]")
    only = stamp_span_only(unescaped)
    if only is not None:
        return Kind("sonly", None, only[0], None, only[1])
    lead = stamp_span_lead(unescaped)
    if lead is not None:
        return Kind("slead", None, lead[0], lead[2], lead[1])
    if line[:1].isdigit():
        bare = bare_seconds_lead(line)
        if bare is not None:
            return Kind("ssec", None, bare[0], bare[1])
    return _TEXT


_TEXT = Kind("text")


def _clock(text: str) -> int | None:
    from .stamps import clock_ms

    return clock_ms(text)


class Out:
    """Collects the cues and report entries of one page.

    :meth:`add` returns the caption's :class:`Unit`, which can be given more lines (a
    continuation) until the next :meth:`add`; the unit then becomes a :class:`Cue` (so a long
    page holds one unit at a time, not one per caption beside the cues).
    """

    def __init__(self, report: Report, said: dict[str, tuple[str]] | None = None) -> None:
        self.report = report
        self.cues: list[Cue] = []
        self.last: Unit | None = None
        # each caption text, as one object, and the lines of a one-line caption of it: the
        # captions of a page that repeats them (round after round) share their text and lines
        self.said: dict[str, tuple[str]] = {} if said is None else said
        self._last_said: tuple[str] = ("",)
        self.pending: list[tuple[int, str, str]] = []  # (line, text, what) headers waiting for a caption
        self.pending_start: int | None = None
        #: the page's title: its first ``# `` heading, or a title line above its first stamp
        self.title: str | None = None
        #: lines hold ``<br>`` tags (copied from a web page's source): each a line break of its caption
        self.br = False
        #: the page is a meeting transcript (its header seen): each line a turn, as on a plain page,
        #: and the meeting's length its footer gives (ms, line index)
        self.meeting = False
        #: the page is a WebVTT file (read as a page): its cues' lines are all said
        self.vtt = False
        self.ended: tuple[int, int] | None = None

    def drop(self, line: int, reason: str, text: str) -> None:
        self.report.add(STEP, "dropped", reason, line, text)

    def hold(self, line: int, text: str, what: str, start: int | None = None) -> None:
        """A header or stamp-only line whose information goes to the next caption."""
        if start is not None:
            if self.pending_start is not None:
                self.flush_pending("a newer timestamp followed before any caption")
            self.pending_start = start
        self.pending.append((line, text, what))

    def flush_pending(self, reason: str) -> None:
        for line, text, what in self.pending:
            self.drop(line, f"{what}: {reason}", text)
        self.pending = []
        self.pending_start = None

    def add(
        self,
        line: int,
        text: str,
        start: int | None = None,
        speaker: str | None = None,
        reason: str = "caption",
        *,
        end: int | None = None,
    ) -> Unit:
        if start is None:
            start = self.pending_start
        for hline, htext, what in self.pending:
            self.report.add(STEP, "merged", f"{what}: folded into the caption on line {line}", hline, htext)
        self.pending = []
        self.pending_start = None
        self.finish()
        said = self.said.get(text)
        if said is None:
            said = self.said[text] = (text,)
        else:
            text = said[0]
        self._last_said = said
        unit = self.last = Unit(line, [text], start, end, speaker)
        self.report.add(STEP, "cue", reason, line, text)
        return unit

    def finish(self) -> None:
        """The last unit becomes a cue: no more lines can be added to it."""
        if self.last is not None:
            if self.br:
                self.last.lines = chrome.split_br(self.last.lines)
            lines = self.last.lines
            one = len(lines) == 1 and lines[0] and lines[0] is self._last_said[0]
            cue = unit_cue(self.last, self._last_said if one else None)
            if cue is not None:
                self.cues.append(cue)
            self.last = None


@dataclass
class Survey:
    """What the reader learned about a page before choosing its shape: the lines, which of them
    are content (not front matter, headings or rules), each content line's :class:`Kind` and the
    counts of kinds. Shape detectors and readers take it as their only input."""

    lines: list[str]
    content: Sequence[int]  # indexes into ``lines`` (an ``array``: no int object per line)
    kinds: list[Kind]  # one per content line
    counts: Counter[str]
    markdown: bool  # front matter or a Markdown heading was seen
    _bullets: tuple[list[tuple[int, str] | None], list[str | None]] | None = None
    #: each text read, as one object (``Out.said``: equal texts are one string on a long page)
    said: dict[str, tuple[str]] = field(default_factory=dict)

    @property
    def n(self) -> int:
        """The number of content lines."""
        return len(self.content)

    def bullets(self) -> tuple[list[tuple[int, str] | None], list[str | None]]:
        """Each content line's bullet signature and text (``None`` when it is not bulleted)."""
        if self._bullets is None:
            # signatures and texts, not the match objects: fewer objects alive on a long page
            sigs: list[tuple[int, str] | None] = []
            texts: list[str | None] = []
            lines = self.lines
            same: dict[tuple[int, str], tuple[int, str]] = {}  # one signature object per kind of bullet
            said = self.said
            for i in self.content:
                line = lines[i].rstrip()
                b = BULLET.fullmatch(entity_head(line) if line.lstrip(" \t\xa0")[:1] == "&" else line)
                if b is None:
                    sigs.append(None)
                    texts.append(None)
                else:
                    sig = _sig(b)
                    sigs.append(same.setdefault(sig, sig))
                    text = b.group(3)
                    known = said.get(text)
                    if known is None:
                        said[text] = (text,)
                    else:
                        text = known[0]
                    texts.append(text)
            self._bullets = (sigs, texts)
        return self._bullets


@dataclass(frozen=True)
class Shape:
    """A line-based page shape: its ``page_shape`` name, whether a page looks like it, and how
    its lines become units (added to the :class:`Out` it is given)."""

    name: str
    detect: Callable[[Survey], bool]
    read: Callable[[Survey, Out], None]


def read_text(text: str, report: Report) -> Track:
    """Read a text page (any line-based shape) into a :class:`Track`.

    The shape is the first in :data:`SHAPES` whose detector accepts the page.

    >>> r = Report()
    >>> t = read_text("0:00\\nhello there\\n0:04\\ngeneral kenobi\\n", r)
    >>> [(c.start, c.text) for c in t], r.info["page_shape"]
    ([(0, 'hello there'), (4000, 'general kenobi')], 'youtube-transcript')
    """
    return read_lines(split_lines(text), report)


def read_lines(lines: list[str], report: Report) -> Track:
    """:func:`read_text` of the text whose lines (:func:`split_lines`) are ``lines``; the list is
    the reader's to change (each line as read is let go once read)."""
    out = Out(report)
    content, markdown, out.title, duration = _sort_lines(lines, out)
    duration_text = lines[duration[1] - 1].strip() if duration is not None else ""
    ended = out.ended
    ended_text = lines[ended[1]].strip() if ended is not None else ""
    kinds = [classify(lines[i].strip()) for i in content]
    survey = Survey(lines, content, kinds, Counter(k.kind for k in kinds), markdown, said=out.said)
    del lines, content, kinds  # (the survey's now: let go with it, before the track is built)
    # (a meeting transcript's lines are its turns, each a caption, whatever its stamps say)
    shape = _PLAIN if out.meeting else next(s for s in SHAPES if s.detect(survey))
    shape.read(survey, out)
    del survey
    out.finish()
    out.flush_pending("no caption followed")
    cues = out.cues
    if any(c.end is not None for c in cues):  # stamp ranges: in page order, a rolling window's overlap cut
        cues = rolling_ends(_ranges_in_order(cues, report), "stamp range", report)
    track = cues_to_track(cues, shape.name, report, title=out.title)
    del cues
    del out
    if duration is not None:
        track = with_duration(track, *duration, text=duration_text, where="the front matter", report=report)
    elif ended is not None:
        where = "the meeting's footer"
        track = with_duration(track, ended[0], ended[1] + 1, text=ended_text, where=where, report=report)
    return track


def _ranges_in_order(cues: list[Cue], report: Report) -> list[Cue]:
    """``cues`` with the end of each range that starts before a caption above it dropped, and
    reported: a page whose ranges go back (the same stretch pasted again, a slip) is not a timed
    file passed through as it is, but a page whose stamps the ``time`` step checks and places.

    >>> r = Report()
    >>> cut = _ranges_in_order([Cue(7000, 10000, ("a",)), Cue(1000, 2000, ("b",))], r)
    >>> [(c.start, c.end) for c in cut], r.entries[0].action
    ([(7000, 10000), (1000, None)], 'repaired')
    """
    out: list[Cue] = []
    latest = -1
    for cue in cues:
        start = cue.start
        if start is not None:
            if start < latest and cue.end is not None:
                why = f"stamp range: its end dropped: it starts before {clock(latest)}, a caption above it"
                report.add(STEP, "repaired", why, cue.source_line, cue.text)
                cue = cue.replace(end=None)
            latest = max(latest, start)
        out.append(cue)
    return out


def _sort_lines(lines: list[str], out: Out) -> tuple[array[int], bool, str | None, tuple[int, int] | None]:
    """Drop front matter, headings and rules (reported), a WebVTT file's blocks and cue identifiers
    (a file read as a page: :func:`.chrome.vtt_chrome`) and a meeting transcript's header
    (:func:`.chrome.meeting_head`); take ``<br>`` tags at a line's end off it; return the content
    line indexes, whether the page is Markdown, its title and the media duration (ms, 1-based
    line) its front matter gives."""
    fm_end = front_matter_end(lines)
    content = array("i" if len(lines) < 1 << 31 else "q")  # (4 bytes a line where it fits)
    markdown = fm_end >= 0
    title: str | None = None
    duration: tuple[int, int] | None = None
    vtt = chrome.vtt_chrome(lines) if any(line.lstrip()[:6] == "WEBVTT" for line in lines[:8]) else None
    out.vtt = vtt is not None
    for i, raw in enumerate(lines):
        s = raw.strip()
        if not s:
            continue
        if vtt is not None and (i in vtt.drops or i in vtt.settings):
            if _vtt_line(lines, i, vtt, out):
                content.append(i)
            continue
        if "<" in s and (kept := _br_line(lines, i, out)) is not None:
            if not kept:
                continue
            raw, s = lines[i], kept
        if i <= fm_end:
            got = front_matter_duration(raw) if raw[:1] not in " \t" else None
            if got is not None and (duration is None or raw.lower().startswith("duration_")):
                duration = (got, i + 1)
            out.drop(i + 1, "front matter (page metadata, not spoken)", s)
        elif HEADING.fullmatch(s):
            markdown = True
            if title is None and s.startswith("# "):
                title = s[2:].strip()
            out.drop(i + 1, "heading (a title, not spoken)", s)
        elif RULE.fullmatch(s):
            out.drop(i + 1, "rule line (decoration, not spoken)", s)
        else:
            content.append(i)
    content, title = _meeting(lines, content, out, title, duration is not None)
    return content, markdown, title, duration


def _meeting(
    lines: list[str], content: array[int], out: Out, title: str | None, timed: bool
) -> tuple[array[int], str | None]:
    """``content`` without a meeting transcript's header and footer (:func:`.chrome.meeting_head`),
    each line dropped and reported, and the page's title (``title``, else the header's); the
    meeting's length its footer gives goes to :attr:`Out.ended` (unless the page gives one,
    ``timed``)."""
    head = chrome.meeting_head(lines, content) if content else None
    if head is None:
        return content, title
    for i, why in head.drops:
        out.drop(i + 1, why, lines[i].strip())
    gone = {i for i, _ in head.drops}
    out.meeting = True
    if head.ended is not None and not timed:
        out.ended = head.ended
    return array(content.typecode, (i for i in content if i not in gone)), title or head.title


def _vtt_line(lines: list[str], i: int, vtt: chrome.VttChrome, out: Out) -> bool:
    """Drop (and report) line ``i`` of a WebVTT file read as a page where it is not spoken (its
    header, a block, a cue identifier), or its cue settings off its timing line; whether the line
    stays a content line (a timing line)."""
    why = vtt.drops.get(i)
    if why is not None:
        out.drop(i + 1, why, lines[i].strip())
        return False
    lines[i], settings = vtt.settings[i]
    if settings:
        out.drop(i + 1, "WebVTT cue settings (where and how the cue is shown), not spoken", settings)
    return True


def _br_line(lines: list[str], i: int, out: Out) -> str | None:
    """Line ``i`` without the ``<br>`` tags at its end (reported; those inside it are line breaks
    of its caption: :attr:`Out.br`), stripped; ``""`` for a line of tags alone (dropped: a blank
    line); None for a line with none."""
    s = lines[i].strip()
    br = chrome.br_parts(s)
    if br is None:
        return None
    kept, alone, inside = br
    if alone:
        out.drop(i + 1, "a line-break tag alone (copied from a web page's source): a blank line", s)
        return ""
    why = "a line break of its caption" if inside else "the line's end"
    out.report.add(STEP, "repaired", f"<br> tag (copied from a web page's source): {why}", i + 1, s)
    raw = lines[i]
    lines[i] = raw[: len(raw) - len(raw.lstrip())] + kept  # (its indent kept: a bullet's shape)
    out.br = out.br or inside
    return kept.strip()


# -- detectors: does the page look like this shape? (tried in the order of SHAPES)


def _is_rev(p: Survey) -> bool:
    c = p.counts
    return c["rev"] >= 2 and c["rev"] >= c["otter"] and c["rev"] >= c["label"]


def _is_otter(p: Survey) -> bool:
    return p.counts["otter"] >= 2 and p.counts["otter"] >= p.counts["label"]


def _is_markdown_transcript(p: Survey) -> bool:
    return p.counts["label"] >= 2


def _is_youtube(p: Survey) -> bool:
    c = p.counts
    return c["sonly"] >= 2 and c["sonly"] >= 0.2 * p.n and _stamps_lead_text(p.kinds) and c["sonly"] >= c["slead"]


def _is_stamped(p: Survey) -> bool:
    n = p.counts["slead"] + (p.counts["ssec"] if _bare_seconds_stamp(p) else 0)
    return n >= 2 and n >= 0.2 * p.n


#: the fewest characters a second the text between a page's first and last bare seconds stamps
#: has when they are stamps (speech is some 15; a list of durations, ``5s warm-up jog`` then
#: ``30s sprint``, has far fewer)
_BARE_SECONDS_CPS = 4
#: the same where the stamps are sparse, as on a song's page (a stamp every 20 to 40 s, heading
#: lines sung slowly, with the music between them: a line of 20 characters every 40 s): lines
#: without a stamp among the stamped ones, and times not all whole fives, as durations are
#: (``30s plank`` / ``keep your back straight`` / ``45s squats``)
_SPARSE_CPS = 0.5


def _bare_seconds_stamp(p: Survey) -> bool:
    """Whether the page's lines that start with bare seconds (``12s text``) are stamped: two or
    more, no fewer than the lines with other stamps, their times never going back, not all
    whole tens (``80s music`` / ``90s music`` are decades), and no more time between the first
    and the last than their text could take to say (:data:`_BARE_SECONDS_CPS`: ``5s warm-up
    jog`` / ``30s sprint`` / ``45s walk`` are durations; :data:`_SPARSE_CPS` where the stamps
    head lines without one, at times not all whole fives: a song's page)."""
    c = p.counts["ssec"]
    if c < 2 or c < p.counts["slead"]:
        return False
    at = [i for i, k in enumerate(p.kinds) if k.kind == "ssec"]
    times = [p.kinds[i].ms or 0 for i in at]
    if not all(a <= b for a, b in itertools.pairwise(times)) or not any(t % 10_000 for t in times):
        return False
    chars = sum(len(p.lines[p.content[i]].strip()) for i in range(at[0], at[-1]))
    sparse = at[-1] - at[0] > len(at) - 1 and any(t % 5000 for t in times)
    return chars * 1000 >= (_SPARSE_CPS if sparse else _BARE_SECONDS_CPS) * (times[-1] - times[0])


def _dominant_bullet(p: Survey) -> tuple[tuple[int, str], int] | None:
    """The most common bullet signature and how many lines have it, if any line is bulleted."""
    sigs = Counter(filter(None, p.bullets()[0]))
    return sigs.most_common(1)[0] if sigs else None


def _is_caption_list(p: Survey) -> bool:
    dominant = _dominant_bullet(p)
    if dominant is None:
        return False
    sig, count = dominant
    if sig[1] in _AMBIGUOUS_BULLETS and sig[0] == 0:
        need = 0.85  # "- " at the margin is also a dialogue dash
    elif sig[1][0].isdigit():
        need = 0.5
    else:
        need = 0.3  # a dedicated bullet character is a strong signal
    return count >= 3 and count >= need * p.n


#: a fragment line of an aligner's input: aeneas's "parsed" text, ``ID|text`` (an id with no
#: space nor bar), or CMU Sphinx's transcription, ``<s> text </s> (ID)``
_ID_LINE = re.compile(r"(?P<id>[^\s|]{1,40})\|(?P<text>.*)|<s>(?P<stext>.*?)</s>\s*\((?P<sid>[^()\s]{1,40})\)")


def _fragment(line: str) -> tuple[str, str] | None:
    """(id, text) of a fragment line (an id that is a clock, ``0:01|...``, is not one), else None.

    >>> _fragment("f000002|From fairest creatures"), _fragment("<s> ten of clubs </s> (001)")
    (('f000002', 'From fairest creatures'), ('001', 'ten of clubs'))
    """
    m = _ID_LINE.fullmatch(line.strip())
    if m is None:
        return None
    if m.group("id") is None:
        return m.group("sid"), m.group("stext").strip()
    return None if _clock(m.group("id")) is not None else (m.group("id"), m.group("text").strip())


def _is_id_lines(p: Survey) -> bool:
    """An aligner's fragment list: at least two lines, all but at most one in ten fragment lines
    (``ID|text`` or ``<s> text </s> (ID)``), each id different."""
    ids: set[str] = set()
    misses, most = 0, p.n // 10
    for i in p.content:
        fragment = _fragment(p.lines[i])
        if fragment is None:
            misses += 1
            if misses > most:
                return False
        elif fragment[0] in ids:
            return False
        else:
            ids.add(fragment[0])
    return len(ids) >= 2


def _always(p: Survey) -> bool:
    return True


# -- readers: the page's lines into units


def _read_rev(p: Survey, out: Out) -> None:
    markdown = p.markdown or any("\\[" in p.lines[i] or "**" in p.lines[i] for i in p.content)
    _turns(p.lines, p.content, p.kinds, out, markdown)


def _read_markdown_turns(p: Survey, out: Out) -> None:
    _turns(p.lines, p.content, p.kinds, out, markdown=True)


def _read_youtube(p: Survey, out: Out) -> None:
    _youtube(p.lines, p.content, p.kinds, out)


def _read_stamped(p: Survey, out: Out) -> None:
    slead = p.counts["slead"]
    if _bare_seconds_stamp(p):
        p.kinds = [replace(k, kind="slead") if k.kind == "ssec" else k for k in p.kinds]
        slead += p.counts["ssec"]
    _stamped(p.lines, p.content, p.kinds, out, slead / max(p.n, 1))


def _read_caption_list(p: Survey, out: Out) -> None:
    dominant = _dominant_bullet(p)
    assert dominant is not None  # the detector saw one
    sigs, texts = p.bullets()
    p.kinds = []  # (not looked at again: let go before the cues are made, a reference a line)
    _caption_list(p.lines, p.content, texts, sigs, dominant=dominant[0], out=out)


def _read_id_lines(p: Survey, out: Out) -> None:
    """Each fragment line's text is a caption; its id, not spoken, is left out (and named in the
    line's ``cue`` entry).  A line without an id is a caption as it is."""
    for i in p.content:
        raw = p.lines[i].strip()
        fragment = _fragment(raw)
        if fragment is None:
            out.add(i + 1, raw)
        elif fragment[1]:
            out.add(i + 1, fragment[1], reason=f"caption (fragment {fragment[0]!r}: the id left out)")
        else:
            out.drop(i + 1, f"fragment {fragment[0]!r} with no text", raw)


def _read_plain(p: Survey, out: Out) -> None:
    """Each line a caption; a line that is only a stamp (``00:05:00``, Google Meet's every five
    minutes) is no caption but the anchor of the next one (a range, ``00:00:05 - 00:00:09``, its
    start and end); where the first such stamp is 0:00, title lines above it are the title
    (:func:`_head`), as on a stamped page."""
    lines = p.lines
    done = _head(lines, p.content, p.kinds, out, anchors=("sonly",))[0]  # (a title above 0:00)
    end: int | None = None
    for i, k in zip(p.content[done:], p.kinds[done:], strict=True):
        lines[i] = text = lines[i].strip()  # (the line as read is let go: no second copy of the page)
        if k.kind == "sonly":
            out.hold(i + 1, text, "timestamp line", k.ms)
            end = k.end
        else:
            out.add(i + 1, text, end=end if out.pending_start is not None else None)
            end = None


#: The line-based page shapes, in detection order: the first whose detector accepts the page
#: reads it. Adding a shape is one detector and one reader (a module of its own, if large) and
#: one line here; ``plain`` accepts every page, so it stays last. (HTML and timed-text XML are
#: decided before these, in :func:`subconv.pages.read_page`.)
SHAPES: tuple[Shape, ...] = (
    Shape("rev-transcript", _is_rev, _read_rev),
    Shape("otter-transcript", _is_otter, _read_markdown_turns),
    Shape("markdown-transcript", _is_markdown_transcript, _read_markdown_turns),
    Shape("youtube-transcript", _is_youtube, _read_youtube),
    Shape("stamped-lines", _is_stamped, _read_stamped),
    Shape("caption-list", _is_caption_list, _read_caption_list),
    Shape("fragment-ids", _is_id_lines, _read_id_lines),
    Shape("plain", _always, _read_plain),
)
_PLAIN = SHAPES[-1]


def _sig(m: re.Match[str]) -> tuple[int, str]:
    space, bullet = m.group(1, 2)
    indent = len(space.expandtabs(4)) if "\t" in space else len(space)
    if bullet[0].isdigit():
        bullet = "1" + bullet[-1]
    return indent, bullet


def _stamps_lead_text(kinds: list[Kind]) -> bool:
    """Most stamp-only lines are followed by a text line (YouTube "Show transcript" copies)."""
    total = followed = 0
    for a, b in itertools.pairwise(kinds):
        if a.kind == "sonly":
            total += 1
            followed += b.kind in ("text", "ssec")
    return total > 0 and followed >= 0.8 * total


def _emit(
    out: Out,
    line: int,
    raw: str,
    text: str,
    *,
    start: int | None,
    speaker: str | None,
    markdown: bool,
    end: int | None = None,
) -> None:
    """Add one line's caption(s), splitting at stamp markers inside the text; ``end`` (a stamp
    range's second time) is the caption's end where the line is not split."""
    pieces = split_markers(text, markup=markdown)
    if _marker_only(text, pieces):
        stamp = next((st for st, _ in pieces if st is not None), None)
        if stamp is not None and not any(t for _, t in pieces):
            out.hold(line, raw, "timestamp marker", stamp)
        else:
            out.drop(line, "timestamp marker line with no spoken text", raw)
        return
    first = True
    whole = sum(1 for _, t in pieces if t) == 1
    for st, t in pieces:
        if not t:
            if st is not None:
                out.pending_start = st
            continue
        begin = st if st is not None else (start if first else None)
        reason = "caption" if first else "caption (split at a timestamp marker)"
        out.add(line, t, begin, speaker, reason, end=end if whole and st is None else None)
        first = False


def _marker_only(text: str, pieces: list[tuple[int | None, str]]) -> bool:
    """True when a line is only stamp markers (plus at most one short connecting word)."""
    if not has_markers(text):
        return not any(t for _, t in pieces)
    words = sum(len(t.split()) for _, t in pieces)
    return words <= 1 and all(len(t) < 12 for _, t in pieces)


def _turns(lines: list[str], content: Sequence[int], kinds: list[Kind], out: Out, markdown: bool) -> None:
    speaker: str | None = None
    started = False
    for i, k in zip(content, kinds, strict=True):
        raw = lines[i].strip()
        if k.kind in ("rev", "otter", "label_only"):
            started = True
            if out.pending:
                out.flush_pending("no caption followed")
            speaker = k.name or speaker
            what = "speaker header" if k.name else "timestamp header"
            if k.kind == "rev" and k.rest:
                _emit(out, i + 1, raw, k.rest, start=k.ms, speaker=speaker, markdown=markdown)
            else:
                out.hold(i + 1, raw, what, k.ms)
            continue
        if k.kind == "label":
            started = True
            speaker = _label_turn(out, i + 1, raw, k, speaker, markdown=markdown)
            continue
        if not started:
            out.drop(i + 1, "page chrome: before the first speaker turn", raw)
            continue
        if k.kind == "sonly":
            out.hold(i + 1, raw, "timestamp line", k.ms)
        elif k.kind == "slead":
            _emit(out, i + 1, raw, k.rest or "", start=k.ms, speaker=speaker, markdown=markdown, end=k.end)
        else:
            _emit(out, i + 1, raw, raw, start=None, speaker=speaker, markdown=markdown)


def _label_turn(out: Out, line: int, raw: str, k: Kind, speaker: str | None, *, markdown: bool) -> str | None:
    """A ``**Name:** text`` line: its caption(s), or a held label; returns the speaker after it."""
    name = _clean_name(k.name or "")
    rest = k.rest or ""
    pieces = split_markers(rest, markup=markdown)
    if _marker_only(rest, pieces):
        if has_markers(rest):
            why = f"label {name!r} with only timestamps (a break marker, not spoken)"
            stamps = [st for st, _ in pieces if st is not None]
            if len(stamps) == 2 and stamps[0] < stamps[1]:  # "\[53:06\] to \[53:22\]": speech goes on at its end
                out.pending_start = stamps[1]
                why += f"; its end, {clock(stamps[1])}, starts the caption after it"
            out.drop(line, why, raw)
            return speaker
        out.hold(line, raw, "speaker label")
        return name
    _emit(out, line, raw, rest, start=None, speaker=name, markdown=markdown)
    return name


def _clean_name(name: str) -> str:
    return name.replace("\\", "").strip().rstrip(":").strip()


def _youtube_groups(content: Sequence[int], kinds: list[Kind]) -> tuple[list[tuple[int, int | None, list[int]]], int]:
    """Each stamp's (stamp line index, ms, text line indexes), and how many content lines come
    before the first stamp (in no group: chrome, or a title); a stamp leading its text on the
    same line has the index ``-1 - i``.

    >>> _youtube_groups([0, 1, 2, 3], [classify(x) for x in ("Rivers", "0:00", "Hi.", "0:04 Yo.")])
    ([(1, 0, [2]), (-4, 4000, [3])], 1)
    """
    groups: list[tuple[int, int | None, list[int]]] = []
    head = 0
    for i, k in zip(content, kinds, strict=True):
        if k.kind == "sonly":
            groups.append((i, k.ms, []))
        elif k.kind == "slead":
            groups.append((-1 - i, k.ms, [i]))
        elif not groups:
            head += 1
        else:
            groups[-1][2].append(i)
    return groups, head


_Forms = tuple[str, ...]

#: the words of a stamp read out, as YouTube's transcript panel labels it for screen readers in
#: each UI language (a copy of the panel holds it under the stamp: ``1 minute, 5 seconds``,
#: ``1 minuto y 5 segundos``, ``1 Minute und 5 Sekunden``, ``1分5秒``): per language, the forms
#: of hour, minute and second (singular and plurals) and the word for "and" between two of them
READ_OUT_WORDS: dict[str, tuple[_Forms, _Forms, _Forms, _Forms]] = {
    "en": (("hour", "hours"), ("minute", "minutes"), ("second", "seconds"), ("and",)),
    "es": (("hora", "horas"), ("minuto", "minutos"), ("segundo", "segundos"), ("y",)),
    "pt": (("hora", "horas"), ("minuto", "minutos"), ("segundo", "segundos"), ("e",)),
    "fr": (("heure", "heures"), ("minute", "minutes"), ("seconde", "secondes"), ("et",)),
    "de": (("Stunde", "Stunden"), ("Minute", "Minuten"), ("Sekunde", "Sekunden"), ("und",)),
    "it": (("ora", "ore"), ("minuto", "minuti"), ("secondo", "secondi"), ("e",)),
    "nl": (("uur",), ("minuut", "minuten"), ("seconde", "seconden"), ("en",)),
    "sv": (("timme", "timmar"), ("minut", "minuter"), ("sekund", "sekunder"), ("och",)),
    "pl": (("godzina", "godziny", "godzin"), ("minuta", "minuty", "minut"), ("sekunda", "sekundy", "sekund"), ("i",)),
    "ru": (("час", "часа", "часов"), ("минута", "минуты", "минут"), ("секунда", "секунды", "секунд"), ("и",)),
    "tr": (("saat",), ("dakika",), ("saniye",), ("ve",)),
    "id": (("jam",), ("menit",), ("detik",), ("dan",)),
    "vi": (("giờ",), ("phút",), ("giây",), ("và",)),
    "ja": (("時間",), ("分",), ("秒",), ()),
    "ko": (("시간",), ("분",), ("초",), ()),
    "zh": (("小时", "小時"), ("分钟", "分鐘", "分"), ("秒", "秒钟", "秒鐘"), ()),
}


def _read_out_pattern(words: tuple[_Forms, _Forms, _Forms, _Forms]) -> re.Pattern[str]:
    """The pattern of a stamp read out in one language (its :data:`READ_OUT_WORDS`): hours,
    minutes and seconds in that order, each a number and its word, any of them left out, apart by
    a comma, the word for "and", a space or nothing (``1分5秒``)."""
    hours, minutes, seconds, ands = words

    def unit(digits: int, forms: tuple[str, ...]) -> str:
        return rf"(\d{{1,{digits}}})[ \t]?(?:{'|'.join(map(re.escape, sorted(forms, key=len, reverse=True)))})"

    conjunction = rf"(?:(?:{'|'.join(map(re.escape, ands))})[ \t]+)?" if ands else ""
    apart = rf"(?:[ \t]*[,\u3001\uff0c])?[ \t]*{conjunction}"
    return re.compile(
        rf"(?=\d)(?:{unit(3, hours)})?(?:{apart}{unit(4, minutes)})?(?:{apart}{unit(6, seconds)})?", re.IGNORECASE
    )


_READ_OUTS = tuple(_read_out_pattern(words) for words in READ_OUT_WORDS.values())


def _read_out(line: str, ms: int | None) -> bool:
    """True when ``line`` is the stamp of ``ms`` read out (in a language of :data:`READ_OUT_WORDS`),
    to the second.

    >>> _read_out("1 minute, 5 seconds", 65000), _read_out("1 hour, 2 minutes, 3 seconds", 3723000)
    (True, True)
    >>> _read_out("5 seconds", 65000), _read_out("5 minutes", 300000), _read_out("5 minutes of fame", 300000)
    (False, True, False)
    >>> _read_out("1 minuto y 5 segundos", 65000), _read_out("1 Stunde, 2 Minuten", 3720000), _read_out("1分5秒", 65000)
    (True, True, True)
    """
    line = line.strip()
    if ms is None or not line[:1].isdigit():
        return False
    for pattern in _READ_OUTS:
        m = pattern.fullmatch(line)
        if m is not None and any(m.groups()):
            h, mi, se = (int(g or 0) for g in m.groups())
            return h * 3600 + mi * 60 + se == ms // 1000
    return False


def _trailing_chrome(groups: list[tuple[int, int | None, list[int]]], mode: int) -> list[int]:
    """The lines of the page's last group past a blank line after its first ``mode`` lines (the
    comments, the channel's name under a copy of the transcript panel), taken out of the group;
    none where another group has a blank line between its lines (a page that spaces them so).

    >>> g = [(0, 0, [1]), (2, 3000, [3, 5, 6])]; _trailing_chrome(g, 1), g[1][2]
    ([5, 6], [3])
    >>> _trailing_chrome([(0, 0, [1, 3]), (4, 3000, [5, 7])], 1)
    []
    """
    if not groups:
        return []
    texts = groups[-1][2]
    spaced = any(b > a + 1 for g in groups[:-1] for a, b in itertools.pairwise(g[2]))
    for j in range(max(mode, 1), len(texts)):
        if texts[j] > texts[j - 1] + 1:
            if spaced:
                return []
            chrome = texts[j:]
            del texts[j:]
            return chrome
    return []


def _youtube(lines: list[str], content: Sequence[int], kinds: list[Kind], out: Out) -> None:
    groups, head = _youtube_groups(content, kinds)
    drops: list[tuple[int, str]] = []  # (line index, why): reported after the lines above the first stamp
    # the panel's labels come under every stamp or none: one "5 seconds" at 0:05 can be said
    # (a WebVTT file read as a page is no copy of the panel: each cue's lines are all said, and a
    # blank line ends it; none of the panel's labels, speaker lines, chapters or comments)
    vtt = out.vtt
    labelled = [g for g in groups if g[0] >= 0 and g[2] and _read_out(lines[g[2][0]], g[1])] if not vtt else []
    if len(labelled) >= 2 and 2 * len(labelled) >= len(groups):
        why = "the timestamp read out (the transcript panel's label for screen readers), not spoken"
        drops.extend((texts.pop(0), why) for _, _, texts in labelled)
    speakers = _speaker_lines(lines, groups) if not vtt else {}
    sizes = Counter(len(g[2]) - (g[0] in speakers) for g in groups if g[2])
    mode = sizes.most_common(1)[0][0] if sizes else 1
    trailing = _trailing_chrome(groups, mode + 1 if speakers else mode) if not vtt else []
    drops.extend((j, "page chrome: after the last caption, past a blank line") for j in trailing)
    # chapter headings are rare: when many groups run longer, captions simply have more lines
    longer = sum(n for size, n in sizes.items() if size > mode)
    chapters_possible = longer <= max(1, 0.1 * len(groups)) and not vtt
    chaptered = chapters_possible and any(
        len(texts) - (stamp_i in speakers) > max(mode, 1) and _heading_like(lines[texts[-1]])
        for stamp_i, _, texts in groups
    )
    # above 0:00, one to three title lines are the track's title (not on a page with chapters:
    # there, the line above the first stamp is the first chapter's heading); the rest is chrome
    done = _head(lines, content, kinds, out)[0] if head and not chaptered else 0
    for i in content[done:head]:
        out.drop(i + 1, "page chrome: before the first timestamp", lines[i].strip())
    for j, why in drops:
        out.drop(j + 1, why, lines[j].strip())
    for stamp_i, ms, texts in groups:
        chapters: list[int] = []
        keep = list(texts)
        speaker = speakers.get(stamp_i)
        name_line = keep.pop(0) if speaker is not None else None
        while chapters_possible and len(keep) > max(mode, 1) and _heading_like(lines[keep[-1]]):
            chapters.insert(0, keep.pop())
        if stamp_i < 0:  # one-line variant "0:03 text": the stamp's own line is the first caption line
            first = -1 - stamp_i
            lead = stamp_span_lead(lines[first].strip())
            first_text = lead[2] if lead else lines[first].strip()
            end = lead[1] if lead else None
            unit = out.add(first + 1, first_text, ms, None, "caption (stamp on the same line)", end=end)
            keep = keep[1:]
        elif not keep:
            out.drop(stamp_i + 1, "timestamp with no caption text", lines[stamp_i].strip())
            unit = None
        else:
            out.hold(stamp_i + 1, lines[stamp_i].strip(), "timestamp line", ms)
            span = stamp_span_only(lines[stamp_i])
            if name_line is not None:
                out.hold(name_line + 1, lines[name_line].strip(), "speaker line")
            first = keep.pop(0)
            unit = out.add(first + 1, lines[first].strip(), None, speaker, end=span[1] if span else None)
        if unit is not None:
            _more_lines(unit, keep, lines, out)
        for j in chapters:
            out.drop(j + 1, "chapter heading (between timestamped captions, not spoken)", lines[j].strip())


def _more_lines(unit: Unit, keep: list[int], lines: list[str], out: Out) -> None:
    """The lines ``keep`` under a stamp after its caption's first (``unit``): the caption's next
    lines; on a WebVTT file read as a page, a line after a blank line starts a caption of its own
    (a block with no timing line: a blank line ends a cue)."""
    for j in keep:
        if out.vtt and j > 0 and not lines[j - 1].strip():
            unit = out.add(j + 1, lines[j].strip(), reason="caption (a WebVTT block with no timing line)")
            continue
        unit.lines.append(lines[j].strip())
        out.report.add(STEP, "cue", f"next line of the caption on line {unit.line}", j + 1, lines[j].strip())


#: a line that is only a speaker's name (``Speaker 1``, ``Ada Chen``, ``J. R. Smith Jr.``: see
#: :func:`_speaker_lines`); not one ending as a sentence does (``Okay.``, ``Right.`` are speech)
_NAME_LINE = re.compile(r"(?![^\n]*(?<![ .][JS]r)\.\Z)[^\W\d_][\w.'-]{0,20}(?: [^\W_][\w.'-]{0,20}){0,3}")


def _speaker_lines(lines: list[str], groups: list[tuple[int, int | None, list[int]]]) -> dict[int, str]:
    """The speaker of each stamp-only group whose first line names it (Adobe Premiere's
    transcript export: ``00:00:05:12 - 00:00:09:03`` / ``Speaker 2`` / the text), by the group's
    stamp line: a name of one to four words, none starting in lower case, not ending with a full
    stop (``Okay.`` is speech; ``Jr.`` and ``Sr.`` may end a name), first in at least half the
    groups, followed by text, one name at least twice.  Else none.

    >>> g = [(0, 0, [1, 2]), (3, 5, [4, 5]), (6, 9, [7, 8])]
    >>> _speaker_lines(["0:00", "Speaker 1", "Hi.", "0:05", "Speaker 2", "Yo.", "0:09", "Speaker 1", "So."], g)
    {0: 'Speaker 1', 3: 'Speaker 2', 6: 'Speaker 1'}
    >>> _speaker_lines(["0:00", "Okay.", "Hi.", "0:05", "Right.", "Yo.", "0:09", "Okay.", "So."], g)
    {}
    """
    named: dict[int, str] = {}
    for stamp_i, _, texts in groups:
        if stamp_i >= 0 and len(texts) >= 2:
            name = lines[texts[0]].strip()
            if _NAME_LINE.fullmatch(name) and not any(w[0].islower() for w in name.split()):
                named[stamp_i] = name
    counts = Counter(named.values())
    if 2 * len(named) < len(groups) or not counts or max(counts.values()) < 2:
        return {}
    return named


#: the words that start a spoken or written aside, not a speaker (``Note: ...``, ``Step 2: ...``)
_ASIDES = frozenset(
    (  # noqa: SIM905
        "note notes nb n.b. ps p.s. warning caution tip hint important reminder update edit example "
        "summary disclaimer step chapter part section"
    ).split()
)


def _label_match(text: str) -> re.Match[str] | None:
    """:data:`_PLAIN_LABEL`'s match of ``text`` where no word of the name starts in lower case
    and the name is no aside (:data:`_ASIDES`: ``Note``, ``Warning``, ``Step 2``).

    >>> [m.group(1) if (m := _label_match(t)) else None for t in ("Émilie: oui", "Speaker 1: hi", "so: yes")]
    ['Émilie', 'Speaker 1', None]
    >>> [_label_match(t) for t in ("Note: x", "Warning: hot", "Step 2: mix", "Chapter 3: end")]
    [None, None, None, None]
    """
    m = _PLAIN_LABEL.fullmatch(text)
    if m is None or any(w[0].islower() for w in m.group(1).split()):
        return None
    words = m.group(1).split()
    if words[0].lower() in _ASIDES and (len(words) == 1 or (len(words) == 2 and words[1].isdigit())):
        return None
    return m


def speakers_of(texts: list[str]) -> set[str]:
    """Names used as ``Name: text`` labels on a stamped page: each at least twice, and either
    two or more names or labels on a quarter of the lines.

    >>> sorted(speakers_of(["Ann: hi", "Bob: yo", "Ann: so", "Note: x", "Bob: ok"]))
    ['Ann', 'Bob']
    """
    counts = Counter(m.group(1) for t in texts if (m := _label_match(t)) is not None)
    names = {n for n, c in counts.items() if c >= 2}
    labelled = sum(counts[n] for n in names)
    if len(names) >= 2 or (names and labelled >= 0.25 * max(len(texts), 1)):
        return names
    return set()


def split_speaker(text: str, speakers: set[str]) -> tuple[str | None, str]:
    """Split a ``**Name:**`` label, or a ``Name:`` label whose name is in ``speakers``, off ``text``.

    >>> split_speaker("Ann: hi", {"Ann"}), split_speaker("Note: x", {"Ann"})
    (('Ann', 'hi'), (None, 'Note: x'))
    """
    m = LABEL.fullmatch(text)
    if m is not None and m.group(1).strip():
        return _clean_name(m.group(1)), m.group(2)
    if speakers:
        m = _label_match(text)
        if m is not None and m.group(1) in speakers:
            return m.group(1), m.group(2)
    return None, text


def _heading_like(line: str) -> bool:
    """Short, starts with a capital or digit, and does not run on with a comma."""
    s = line.strip()
    return bool(s) and len(s.split()) <= 10 and (s[0].isupper() or s[0].isdigit()) and s[-1] not in ",;-"


#: a stamp under a second is the media's start: nothing is said before it
_AT_START = 1000
#: the most lines above a page's first stamp, at the start, that can be its title and chrome
_HEAD_LINES = 3
#: how a sentence ends (a line that ends so is said, not a title)
_SENTENCE_END = ".!…。！"


def _title_like(line: str) -> bool:
    """A line that can be a page's title: short (up to 8 words, 80 characters), starting with a
    capital or a digit (or a letter of a script without case), with a letter in it, not ending as
    a sentence does nor running on, and no ``Name: text`` turn.

    >>> [_title_like(s) for s in ("How rivers shape the land", "Why do rivers bend?", "第一话 河流")]
    [True, True, True]
    >>> [_title_like(s) for s in ("Hello and welcome.", "and then we", "1", "Ann: hi there", "So,")]
    [False, False, False, False, False]
    """
    s = line.strip()
    return (
        bool(s)
        and len(s) <= 80
        and len(s.split()) <= 8
        and s[0].isalnum()
        and not s[0].islower()
        and any(c.isalpha() for c in s)
        and s[-1] not in _SENTENCE_END + ",;:-"
        and _label_match(s) is None
    )


#: the kinds of line whose stamp is a caption's anchor on a stamped page
_ANCHORS = ("slead", "sonly")
#: a WebVTT file's first line (``WEBVTT``, alone or before its header's text: after a space, or a
#: file's slip, ``WEBVTT-text``): a file forced through the page reader, whose lines above the
#: first cue are its header, never a title
_VTT_SIGNATURE = re.compile(r"WEBVTT(?:\W.*)?")
#: a line of YouTube's transcript panel copied with it, above its first stamp (its heading in a
#: few UI languages, its search box, its language menu): chrome, never the track's title
_PANEL_CHROME = re.compile(
    r"(?:show |search )?(?:transcript|transcription|transcripci[oó]n|transcri[cç][aã]o|transkript|trascrizione)"
    r"|search in video|chapters|\S.{0,40}\(auto-generated\)",
    re.IGNORECASE,
)


def head_reasons(head: list[str], ms: int | None, *, titled: bool = False) -> list[str] | None:
    """Why each of ``head``, the lines above a page's first stamp at ``ms``, is dropped, where that
    stamp is the media's start (``0:00``, ``0s``: nothing is said before it) and they read as a
    title (one to :data:`_HEAD_LINES`, each :func:`_title_like`): the first is the track's title
    (``title: ...``; not where the page has one, ``titled``) and the rest chrome.  A line of
    YouTube's transcript panel (:data:`_PANEL_CHROME`: ``Transcript``) is chrome, never the title;
    so are all of them under a WebVTT file's signature line (:data:`_VTT_SIGNATURE`: a file forced
    through the page reader).  None where they are kept: what may be said is never dropped.

    >>> head_reasons(["Rivers"], 0)
    ["title: above the first timestamp, 0:00, where nothing is said yet (the track's title)"]
    >>> head_reasons(["Rivers"], 5000), head_reasons(["Hello there."], 0)
    (None, None)
    """
    if not head or ms is None or ms >= _AT_START or len(head) > _HEAD_LINES or not all(map(_title_like, head)):
        return None
    where = f"above the first timestamp, {clock(ms)}, where nothing is said yet"
    if _VTT_SIGNATURE.fullmatch(head[0].strip()) is not None:
        return [f"page chrome: {where} (a WebVTT file's header)"] * len(head)
    reasons: list[str] = []
    for text in head:
        if not titled and _PANEL_CHROME.fullmatch(text.strip()) is None:
            titled = True
            reasons.append(f"title: {where} (the track's title)")
        else:
            reasons.append(f"page chrome: {where}")
    return reasons


def _head(
    lines: list[str], content: Sequence[int], kinds: list[Kind], out: Out, anchors: tuple[str, ...] = _ANCHORS
) -> tuple[int, bool]:
    """The unstamped lines above a stamped page's first stamp (the first line whose kind is one of
    ``anchors``: those whose stamp anchors a caption), dropped and reported where
    :func:`head_reasons` says so (the first title line is the track's title, where the page has no
    ``# `` heading); a caption there would push a ``0:00`` anchor out.  Returns how many content
    lines it dropped, and whether lines above that stamp are kept as captions (any that may be
    said: never dropped, not even as a chapter heading).

    >>> r = Report(); out = Out(r)
    >>> _head(["Rivers", "0:00 Hi there."], [0, 1], [classify("Rivers"), classify("0:00 Hi there.")], out)
    (1, False)
    >>> out.title, r.entries[0].reason
    ('Rivers', "title: above the first timestamp, 0:00, where nothing is said yet (the track's title)")
    """
    first = next((pos for pos, k in enumerate(kinds) if k.kind in anchors), 0)
    ms = kinds[first].ms if first else None
    if ms is None or ms >= _AT_START:
        return 0, False
    head = [lines[i].strip() for i in content[:first]]
    said = any(k.kind != "text" for k in kinds[:first])  # (a stamp that anchors nothing here, a turn: kept)
    reasons = None if said else head_reasons(head, ms, titled=out.title is not None)
    if reasons is None:
        return 0, True  # (kept: what may be said is never dropped)
    for i, text, why in zip(content[:first], head, reasons, strict=True):
        if why.startswith("title:"):
            out.title = text
        out.drop(i + 1, why, text)
    return first, False


def _stamped(lines: list[str], content: Sequence[int], kinds: list[Kind], out: Out, fraction: float) -> None:
    speakers = speakers_of([k.rest or "" for k in kinds if k.kind == "slead"])
    done, keep_head = _head(lines, content, kinds, out)
    first_stamp = next((pos for pos, k in enumerate(kinds) if k.kind in ("slead", "sonly")), len(kinds))
    for pos, (i, k) in enumerate(zip(content, kinds, strict=True)):
        if pos < done:
            continue
        raw = lines[i].strip()
        if k.kind == "sonly":
            out.hold(i + 1, raw, "timestamp line", k.ms)
        elif k.kind == "slead":
            speaker, text = split_speaker(k.rest or "", speakers)
            _emit(out, i + 1, raw, text, start=k.ms, speaker=speaker, markdown=False, end=k.end)
        else:
            prev_kind = kinds[pos - 1].kind if pos > 0 else None
            next_kind = kinds[pos + 1].kind if pos + 1 < len(kinds) else None
            chapter = (
                fraction >= 0.9
                and len(raw.split()) <= 8
                and prev_kind in (None, "slead")
                and next_kind == "slead"
                and (pos == 0 or content[pos - 1] < i - 1)  # a blank line or page start before it
            )
            if chapter and not (keep_head and pos < first_stamp):
                out.drop(i + 1, "chapter heading (unstamped line among stamped captions)", raw)
            else:
                speaker, text = split_speaker(raw, speakers)
                _emit(out, i + 1, raw, text, start=None, speaker=speaker, markdown=False)


def _caption_list(
    lines: list[str],
    content: Sequence[int],
    bullet_texts: list[str | None],
    bullet_sigs: list[tuple[int, str] | None],
    *,
    dominant: tuple[int, str],
    out: Out,
) -> None:
    last: Unit | None = None
    last_i = -2
    for i, b, sig in zip(content, bullet_texts, bullet_sigs, strict=True):
        if b is not None and sig == dominant:
            text = b.strip()
            lines[i] = text  # (the line as read is not looked at again: let it go)
            # a stamp can only lead a text that starts with a bracket or a digit
            lead = stamp_span_lead(text) if text[:1] in _STAMP_FIRST or text[:1].isdigit() else None
            if lead is not None:
                last = out.add(i + 1, lead[2], lead[0], None, "caption (list item, stamped)", end=lead[1])
            else:
                last = out.add(i + 1, text, None, None, "caption (list item)")
            last_i = i
            continue
        raw = lines[i].rstrip()
        indented = entity_head(raw) if raw[:1] == "&" else raw  # (``&nbsp;`` indents as a space does)
        if b is None and last is not None and last_i == i - 1 and indented[:1] in (" ", "\t", "\xa0"):
            last.lines.append(indented.strip())
            out.report.add(STEP, "cue", f"continuation line of the caption on line {last.line}", i + 1, raw.strip())
            last_i = i
        else:
            out.drop(i + 1, _CHROME, raw.strip())
            last = None

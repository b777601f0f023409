"""Plain text transcript (``--to txt``): one paragraph per speaker turn or pause.

Written only: reading a ``.txt`` file is reading a page (``subconv.formats.page``), and the
``txt`` format reads through the page reader too, so ``--from txt`` means the same.

A new paragraph starts where the speaker changes and after a pause: a gap of more than
``PAUSE_MS`` (2 s) between one cue's end and the next one's start (``WriteOptions.extra``
``{"txt.pause_ms": "3000"}`` changes it); and, where a speaker talks on without a pause, after
the cue that ends a sentence once the paragraph holds ``PARAGRAPH_CHARS`` (800) characters
(``{"txt.paragraph_chars": "0"}``: never), so that an hour of talk is not one line.  A
paragraph whose cues have a speaker starts
with ``NAME: `` (``WriteOptions.speaker_prefix``).  Within a paragraph the cues' lines are
joined by one space (none between two CJK characters), the white space at their ends removed
and the white space inside a line written as it is (a Japanese line's U+3000); what the
writer tidies (:func:`~subconv.formats.escapes.tidy`) is reported.  Paragraphs are separated
by a blank line.  Formatting and placement are not written (a ``dropped`` entry each says how many cues
had them: :class:`~subconv.formats.placement.Unwritten`).

>>> from subconv.model import Cue, Track
>>> from subconv.report import Report
>>> t = Track((Cue(0, 900, ("Hello", "there."), speaker="Ann"), Cue(1000, 2000, ("How are you?",), speaker="Ann"),
...            Cue(2100, 3000, ("Fine.",), speaker="Bob"), Cue(6000, 7000, ("Later.",), speaker="Bob")))
>>> print(write(t, WriteOptions(), Report()), end="")
Ann: Hello there. How are you?
<BLANKLINE>
Bob: Fine.
<BLANKLINE>
Later.
"""

from __future__ import annotations

import re
import unicodedata

from ..model import Track
from ..report import Report
from .base import Format, WriteOptions, finish_output, shown_cues
from .escapes import tidy
from .page import read as read_page
from .placement import Unwritten

PAUSE_MS = 2000
PARAGRAPH_CHARS = 800
#: the end of a sentence: its punctuation, then any closing quotes or brackets
_SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]」』]*\Z")
_CJK_PUNCTUATION = "。、，！？：；「」『』"
STEP = "txt"


def _cjk(ch: str) -> bool:
    """True for characters written without spaces between words (Han, kana, Hangul is not)."""
    if not ch:
        return False
    name = unicodedata.name(ch, "")
    return name.startswith(("CJK ", "HIRAGANA", "KATAKANA", "IDEOGRAPHIC", "FULLWIDTH")) or ch in _CJK_PUNCTUATION


def _join(parts: list[str]) -> str:
    out: list[str] = []
    last = ""
    for part in parts:
        if not part:
            continue
        if last and not (_cjk(last) and _cjk(part[0])):
            out.append(" ")
        out.append(part)
        last = part[-1]
    return "".join(out)


def sniff(text: str) -> bool:
    """Never: plain text is read as a page (the registry's fallback)."""
    return False


def write(track: Track, options: WriteOptions, report: Report) -> str:
    """Write ``track`` as a plain transcript (see the module docstring)."""
    pause = int(options.extra.get("txt.pause_ms", PAUSE_MS))
    long_enough = int(options.extra.get("txt.paragraph_chars", PARAGRAPH_CHARS)) or None
    paragraphs: list[str] = []
    parts: list[str] = []
    held = 0  # characters in ``parts``
    speaker: str | None = None
    last_end: int | None = None
    unwritten = Unwritten(STEP, track=track, report=report)
    for cue in shown_cues(track, report, STEP):
        unwritten.add(cue)
        ready, reasons = tidy(cue)  # (white space at line ends: the lines are joined by a space)
        for reason in reasons:
            report.add(STEP, "rewritten", reason, cue.source_line, cue.text)
        text = _join(list(ready.lines)) if ready is not None else ""
        if not text:
            continue
        new_turn = cue.speaker != speaker
        paused = last_end is not None and cue.start is not None and cue.start - last_end > pause
        if parts and (new_turn or paused):
            paragraphs.append(_join(parts))
            parts, held = [], 0
        if not parts and cue.speaker and options.speaker_prefix and (new_turn or not paragraphs):
            text = f"{cue.speaker}: {text}"
        parts.append(text)
        held += len(text) + 1
        if long_enough is not None and held >= long_enough and _SENTENCE_END.search(text):
            paragraphs.append(_join(parts))  # (the speaker talks on: no name before the next paragraph)
            parts, held = [], 0
        speaker = cue.speaker
        if cue.end is not None:
            last_end = cue.end if last_end is None else max(last_end, cue.end)
    if parts:
        paragraphs.append(_join(parts))
    unwritten.say(report)
    return finish_output("".join(p + "\n\n" for p in paragraphs).rstrip("\n") + "\n" if paragraphs else "", options)


FORMAT = Format(
    name="txt",
    extensions=(".txt",),  # (read as a page: the page format comes first in the registry)
    aliases=("transcript",),
    sniff=sniff,
    read=read_page,
    write=write,
    times=False,
    lines=False,
    speaker_prefix=True,
    resolution_ms=1,
)

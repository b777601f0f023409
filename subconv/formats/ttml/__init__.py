"""TTML (``.ttml``, ``.dfxp``): written as an IMSC 1.1 Text Profile document; read from
what subconv writes and from the TTML/DFXP files met in the wild.

**Writing**: ``<tt xml:lang ttp:timeBase="media" ttp:contentProfiles=…imsc1.1/text>``,
a ``head`` with the title (``ttm:title``) and one ``region`` per placement used (``bottom``:
the default; ``top`` for a cue whose ``align`` extra is 7-9, …), and a ``body`` with one
``div`` of ``<p begin end region>`` elements, times as ``HH:MM:SS.mmm``.  Line breaks are
``<br/>``; italic, bold, underline and strikethrough spans are ``<span tts:fontStyle="italic">`` (…
``tts:fontWeight="bold"``, ``tts:textDecoration="underline"`` / ``"lineThrough"``) and colours
``tts:color`` (on the ``p`` when every character has one), one flat span per run of
text with the same styles.  A ``p`` whose text has spaces that XML's default white-space
handling would collapse (at a line's ends, runs, tabs) gets ``xml:space="preserve"``.
Characters XML 1.0 cannot hold at all (C0 controls other than tab, CR, LF; U+FFFE/FFFF)
are dropped (reported).  Speakers are written as ``NAME: `` where a turn starts, as in SRT.

**Reading** uses the standard library's expat parser; a document with a ``<!DOCTYPE``
or an entity declaration is refused (``ParseError``), so no entity is ever expanded and
nothing external is fetched.  Accepted: any namespace for ``tt`` (TTML, the old DFXP
``ttaf1`` ones, none); times on ``body``, ``div``, ``p`` and nested ``span`` (``begin``/
``end``/``dur``, relative to the parent, ``par`` and ``seq`` containers); clock times
(``00:00:01.5``, ``00:00:01:12`` frames, ``.sub-frames``) and offsets with ``h m s ms f t``
metrics, using ``ttp:frameRate``, ``ttp:frameRateMultiplier``, ``ttp:subFrameRate`` and
``ttp:tickRate``; styles from attributes, ``style`` references (chained) and ancestors;
``xml:space``; ``tts:color`` (as ASS colour blocks in their places, as the SRT reader keeps a
font's colour); ``region`` placement (``displayAlign``/``textAlign``, or a region's origin in
the upper part of the picture) as the ``align`` extra.  Times are computed exactly (as
fractions) and rounded to the millisecond once.

>>> from subconv.report import Report
>>> doc = ('<tt xmlns="http://www.w3.org/ns/ttml" xmlns:tts="http://www.w3.org/ns/ttml#styling">'
...        '<body><div><p begin="1.5s" end="00:00:03.250">Hello<br/>'
...        '<span tts:fontStyle="italic">world</span></p></div></body></tt>')
>>> c = read(doc, Report()).cues[0]
>>> c.start, c.end, c.lines, c.spans
(1500, 3250, ('Hello', 'world'), (Span(start=6, end=11, kind='i'),))

The package, by responsibility: :mod:`.document` (namespaces, safe XML parsing), :mod:`.times`
(time expressions), :mod:`.styles` (styling and placement), :mod:`.reader` and :mod:`.writer`;
this module declares the format.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...timefmt import VTT_CLOCK
from ..base import Format, WriteOptions
from ..placement import styles_carried

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable

    from ...model import Track
    from ...report import Report

__all__ = ["FORMAT", "read", "read_pieces", "sniff", "write"]


# (a DOCTYPE may hold an internal subset in brackets: the reader refuses it, with its reason)
_PROLOG = re.compile(
    r"(?:\s+|<\?[^>]{0,2000}\?>|<!--.{0,4000}?-->|<!DOCTYPE[^>\[]{0,2000}(?:\[[^\]]{0,20000}\]\s*)?>)*", re.DOTALL
)
_ROOT = re.compile(r"<(?:[A-Za-z_][\w.-]{0,40}:)?tt[\s>/]")


def sniff(text: str) -> bool:
    """True when the document's root element is ``tt`` (TTML, DFXP, IMSC).

    >>> sniff('<?xml version="1.0"?>\\n<tt xmlns="http://www.w3.org/ns/ttml"><body/></tt>'), sniff("<transcript/>")
    (True, False)
    """
    head = text[:8192].lstrip("\ufeff")
    m = _PROLOG.match(head)
    return _ROOT.match(head, m.end() if m else 0) is not None


def read(text: str, report: Report) -> Track:
    """Read a TTML document (:func:`subconv.formats.ttml.reader.read`; imported when first
    used: content sniffing, which tries TTML before SRT, loads only this module)."""
    from .reader import read as read_ttml

    return read_ttml(text, report)


def read_pieces(pieces: Iterable[str], report: Report) -> Track:
    """:func:`read` of the text ``pieces`` make, a piece at a time (:func:`subconv.formats.ttml.reader.read_pieces`)."""
    from .reader import read_pieces as read_ttml_pieces

    return read_ttml_pieces(pieces, report)


def write(track: Track, options: WriteOptions, report: Report) -> str:
    """Write TTML (:func:`subconv.formats.ttml.writer.write`, imported when first used)."""
    from .writer import write as write_ttml

    return write_ttml(track, options, report)


FORMAT = Format(
    name="ttml",
    extensions=(".ttml", ".dfxp"),
    aliases=("dfxp", "imsc"),
    sniff=sniff,
    sniff_rank=40,
    read=read,
    read_pieces=read_pieces,
    write=write,
    resolution_ms=VTT_CLOCK.resolution,
    markup=True,
    placement=True,
    speaker_prefix=True,
    header=("title", "language"),  # (ttm:title in the head, xml:lang on tt)
    unheld_partly=styles_carried("ttml"),
)

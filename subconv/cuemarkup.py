r"""A cue's text with its markup, as pysubs2 users read and edit an event's ``text``.

A :class:`~subconv.model.Cue` holds plain text (``cue.text``, lines joined by ``\n``) and its
markup apart: ``spans`` (italic, bold, underline, strikethrough) and what a reader kept of the
rest (ASS override tags, placement, an SRT ``<font>``: the extras of
:data:`subconv.formats.cuetext.TEXT_KEYS`). :func:`markup` gives the text with its markup in a
format, exactly as that format's writer writes it in a file, escapes included, and
:func:`with_markup` gives the cue with a text in a format's markup as that format's reader
reads it.

>>> import subconv
>>> track = subconv.loads(
...     "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
...     "Dialogue: 0,0:00:01.00,0:00:02.00,Default,Ann,0,0,0,,{\\an8}{\\i1}Hi{\\i0}\\Nthere\n"
... )
>>> cue = track[0]
>>> cue.text, subconv.markup(cue)
('Hi\nthere', '{\\an8}{\\i1}Hi{\\i0}\\Nthere')
>>> subconv.markup(cue, "srt"), subconv.markup(cue, "vtt")
('{\\an8}<i>Hi</i>\nthere', '<v Ann><i>Hi</i>\nthere')
>>> edited = subconv.with_markup(cue, subconv.markup(cue).replace("there", "{\\b1}you{\\b0}"))
>>> edited.text, edited.spans, edited.speaker
('Hi\nyou', (Span(start=0, end=2, kind='i'), Span(start=3, end=6, kind='b')), 'Ann')
>>> subconv.with_markup(cue, subconv.markup(cue)) == cue
True
"""

from __future__ import annotations

from . import formats
from .api import _report_arg, _wrong_type
from .errors import UnknownFormatError
from .model import Cue, Track
from .report import Report

__all__ = ["markup", "with_markup"]


def markup(cue: Cue, format: str = "ass", *, report: Report | None = None) -> str:
    r"""The text of ``cue`` with its markup in ``format`` (``"ass"``, as pysubs2's ``event.text``;
    ``"ssa"``, ``"srt"``, ``"vtt"``), exactly as that format's writer writes it in a file:

    - ASS/SSA: the event's Text field: override blocks (``{\i1}``, ``{\an8}``, the tags kept in
      their places), ``\N`` between lines, the escapes (``\{``); the event's own text where the
      reader kept it (karaoke, drawings: ``ass.raw``) while the cue still reads the same from it.
    - SRT: the lines after the timing line: ``{\anN}``, ``<i>``..., ``<font>``, and the U+2060
      marks the writer puts where a player would misread the text (as the last cue of a file:
      the form that reads the same wherever the cue stands).
    - WebVTT: the payload: the speaker as ``<v Name>``, spans as tags, ``&amp; &lt; &gt;``.

    It is the cue's own markup: what a track gives all its cues (an ASS style's italic or
    placement, written by the SRT and WebVTT writers) is the track's, what depends on the cue
    before it (the ``NAME: `` the SRT writer puts where a speaker's turn starts) is the file's,
    and what stands outside the text (WebVTT cue settings, SRT coordinates, ASS event fields)
    is not in it. The writer
    tidies the text first (white space at line ends, blank lines at the ends), and a format
    that cannot hold some of the markup leaves it out: both are ``rewritten`` entries in
    ``report``. A cue a writer leaves out (no visible text, an ASS comment in SRT) has its text
    with its markup all the same.

    An unknown format, or one subconv reads but cannot write, is the
    :class:`~subconv.errors.UnknownFormatError` :func:`~subconv.api.dumps` gives, and so is a
    format subconv writes with no markup of one cue (TTML, SBV, ...).

    >>> from subconv import Cue, Span
    >>> markup(Cue(0, 1000, ("a {b}", "1 < 2"), (Span(0, 1, "b"),)))
    '{\\b1}a{\\b0} \\{b}\\N1 < 2'
    >>> markup(Cue(0, 1000, ("a {b}", "1 < 2"), (Span(0, 1, "b"),)), "vtt")
    '<b>a</b> {b}\n1 &lt; 2'
    """
    cue = _cue_arg(cue, "markup()")
    rep = _report_arg(report, "markup()")
    fmt = _marking(format)
    assert fmt.cue_markup is not None
    return fmt.cue_markup(cue, rep)


def with_markup(cue: Cue, text: str, format: str = "ass", *, report: Report | None = None) -> Cue:
    r"""``cue`` with the text ``text``, written in ``format``'s markup (as :func:`markup` gives
    it), read as that format's reader reads a cue's text: its lines, spans, placement, the tags
    the model cannot hold (kept in their places: ``ass.tags``), escapes; in WebVTT also the
    speaker (``<v Name>``: none without one), in ASS and WebVTT the word times its karaoke tags
    or timestamps give inside the cue's times. Its times, speaker (but WebVTT's), its other
    extras (ASS style, layer, margins, WebVTT id and settings, SRT coordinates), its origin,
    confidence and word times (unless the text gives some) are kept; but an SRT or ASS text
    without ``{\anN}`` places the cue at the bottom centre, taking away the WebVTT ``line`` and
    ``align`` settings that their markup shows as ``{\anN}``; a WebVTT text, which holds no
    placement (its cue settings do), keeps the cue's ``{\anN}``. The markup given replaces
    all of the cue's: a tag of another format the text's cannot hold (an ASS ``\pos`` given an
    SRT text) is dropped with a ``rewritten`` entry in ``report``, and so is what the reader
    repairs or drops in the text (an SRT ``</i>`` with no ``<i>``), each with the cue's source line.

    ``with_markup(cue, markup(cue, f), f) == cue`` for every cue as the reader of ``f`` makes it
    (``track = subconv.loads(text)``: ``with_markup(track[i], markup(track[i], f), f) == track[i]``),
    and an edit keeps what the text given keeps: ``with_markup(cue, markup(cue).replace("Hello",
    "Bye"))``, as ``event.text = event.text.replace("Hello", "Bye")`` does in pysubs2.

    A text that is not one cue's by the reader's own rules is a :class:`~subconv.errors.ParseError`
    naming its line (the line of ``text``): an ASS event's text is one line (``\N`` breaks it); an
    SRT text that holds a timing line holds another cue (a blank line inside is the cue's, as
    the reader keeps it: ``repaired``); a WebVTT cue's text ends at a blank line or a line holding
    ``-->``. Formats as :func:`markup`.

    >>> from subconv import Cue
    >>> c = with_markup(Cue(0, 1000, ("old",), speaker="Ann"), "{\\pos(10,20)}new {\\i1}text{\\i0}")
    >>> c.text, c.spans, dict(c.extras), c.speaker
    ('new text', (Span(start=4, end=8, kind='i'),), {'ass.tags': '{\\pos(10,20)}'}, 'Ann')
    >>> with_markup(c, "<i>new</i>\n\ntext", "vtt")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    subconv.errors.ParseError: line 2: vtt: the text goes on after a blank line or a line ...
    """
    cue = _cue_arg(cue, "with_markup()")
    if not isinstance(text, str):
        raise _wrong_type("with_markup() takes the cue's text with its markup (a str)", text)
    rep = _report_arg(report, "with_markup()")
    fmt = _marking(format)
    assert fmt.read_markup is not None
    return fmt.read_markup(text, cue, rep)


def _cue_arg(cue: object, call: str) -> Cue:
    """``cue`` given to ``call`` when it is a :class:`Cue`; else a TypeError."""
    if isinstance(cue, Cue):
        return cue
    hint = "give one of its cues, track[0]" if isinstance(cue, Track) else ""
    raise _wrong_type(f"{call} takes a subconv.Cue", cue, hint)


def _marking(format: str) -> formats.Format:
    """The format called ``format`` when it has a markup of one cue; else the error
    :func:`~subconv.api.dumps` gives (unknown, read only) or one saying which formats have one."""
    fmt = formats.get(format)
    if fmt.write is None and fmt.stream is None:
        raise UnknownFormatError(f"subconv can read {fmt.name} but cannot write it")
    if fmt.cue_markup is None or fmt.read_markup is None:
        having = ", ".join(repr(name) for name in formats.names() if formats.get(name).cue_markup is not None)
        raise UnknownFormatError(f"{fmt.name} has no markup of one cue's text: use {having}")
    return fmt

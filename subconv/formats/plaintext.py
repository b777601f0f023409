"""The text of MicroDVD, MPL2 and TMP cues as subconv hands it to pysubs2's writers
(:mod:`subconv.formats.generic`), which write the ``plaintext`` of subconv's ASS rendering.

pysubs2 writes no styling in MPL2, only a cue all in italics in MicroDVD, and in TMP ``<i>``,
``<u>``, ``<s>`` tags its own reader deletes (or reads to the end of the line); it escapes
nothing.  So subconv writes the styling these formats hold as their codes, in the text (MPL2:
``/`` before a line all in italics; MicroDVD: ``{Y:i}``, ``{Y:b}``, ``{Y:u}`` before a cue all
in one, ``{C:$BBGGRR}`` before a cue all in one colour), reports the cues whose other spans
are left out (:class:`~.placement.Unwritten`), and escapes
by :data:`~.escapes.PLAIN_RULES` what a reader would take for a code (a WJ, which
subconv's reader takes away again); ``|``, their line break, is written as
:data:`~.escapes.BAR_STAND_IN`, each cue reported.  The characters Python breaks a line at
besides a line feed (:data:`KEPT_SEPARATORS`: U+2028, a form feed) are text in these formats,
but pysubs2's MicroDVD writer breaks the line there: they are handed to it as stand-ins
(:func:`stand_ins`) and put back in its output.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Cue, Track
from ..report import Report
from .base import WriteOptions, shown_cues, speaker_named
from .escapes import BAR_STAND_IN, BLANKS, PLAIN_RULES, insertions, prepare
from .placement import Unwritten, report_uncarried, style_formatting, styled, whole_colour

#: what each of the formats whose text subconv prepares for pysubs2 (:data:`PLAIN_RULES`) writes
#: of the spans, said of those it leaves out (:class:`~subconv.formats.placement.Unwritten`)
_STYLING = {
    "mpl2": "has only whole lines in italics",
    "microdvd": "has only a whole cue in italics, bold or underlined",
    "tmp": "has no styling",
}
#: the span kinds MicroDVD writes over a whole cue (``{Y:i}``), in the order written
_MICRODVD_KINDS = "ibu"
_BAR_REASON = '"|" written as "\u2223" (U+2223): "|" is the line break of {}, which has no escape'
#: the characters ``str.splitlines`` breaks a line at, besides CR and LF (and the controls
#: :func:`~subconv.formats.escapes.tidy` removes), that MicroDVD, MPL2 and TMP hold as text (their
#: readers, pysubs2's and subconv's, break lines at a line feed only) and pysubs2's MicroDVD
#: writer breaks a line at (it joins ``plaintext.splitlines()`` with ``|``): before, ``a\u2028b``
#: was written as ``a|b`` and read back as two lines, silently
KEPT_SEPARATORS = "\x0b\x0c\x85\u2028\u2029"


def stand_ins(texts: Iterable[str]) -> tuple[str, dict[str, str]]:
    """Private-use characters none of ``texts`` holds: one for a WJ (the mark :func:`plain_track`
    puts where a WJ goes), and one for each of :data:`KEPT_SEPARATORS` they hold (the character
    :func:`plain_track` writes for it), which pysubs2 writes as they are, to be made WJs and those
    characters again in its output.

    >>> stand_ins(["a\u2028b", "\ue000"])
    ('\ue001', {'\u2028': '\ue002'})
    """
    used = set("".join(texts))
    free = (chr(c) for c in range(0xE000, 0xF900) if chr(c) not in used)
    wj = next(free)
    return wj, {sep: next(free) for sep in KEPT_SEPARATORS if sep in used}


def plain_track(
    track: Track,
    name: str,
    report: Report,
    wj: str,
    kept: dict[str, str] | None = None,
    *,
    options: WriteOptions | None = None,
) -> Track:
    """``track`` as subconv hands it to pysubs2's writer of ``name`` (MicroDVD, MPL2, TMP): the
    cues it shows, tidied (:func:`~subconv.formats.escapes.prepare`, reported), their ASS styles'
    formatting as spans, each as :func:`_plain_cue` makes it with ``wj`` (a character none of
    them holds) for a WJ and the stand-ins ``kept`` for the characters of :data:`KEPT_SEPARATORS`
    (:func:`stand_ins`), the spans it leaves out reported; a speaker named in the text where a
    turn starts, as SRT's writer names one (:func:`~subconv.formats.base.speaker_named`: the
    format has no field for it).

    >>> from subconv.model import Cue, Span
    >>> r = Report()
    >>> cues = (Cue(0, 1, ("/usr", "in italics"), (Span(5, 15, "i"),)), Cue(2, 3, ("yes|no",), (Span(0, 3, "b"),)))
    >>> [c.lines for c in plain_track(Track(cues), "mpl2", r, "#").cues]
    [('#/usr', '/in italics'), ('yes∣no',)]
    >>> [(e.action, e.reason[-28:]) for e in r.entries]
    [('rewritten', 'of mpl2, which has no escape'), ('dropped', ' only whole lines in italics')]
    """
    looks = style_formatting(track) if "ass.styles" in track.meta else {}
    unwritten = Unwritten(name, _STYLING[name])
    cues = []
    table = str.maketrans(kept) if kept else None
    previous: str | None = None
    for cue in shown_cues(track, report, name):
        if cue.start is None or cue.end is None:
            continue  # (not written: track_to_pysubs2)
        if cue.speaker is not None:
            named, spans = speaker_named(cue, previous, options or WriteOptions())
            k = len(named) - len(cue.text)
            lines = (named[:k] + cue.lines[0], *cue.lines[1:]) if k else cue.lines
            previous = cue.speaker
            cue = cue.replace(lines=lines, spans=spans, speaker=None)
        else:
            previous = None
        ready = prepare(styled(cue, looks) if looks else cue, report, name, BLANKS[name])
        if ready is not None:
            # (MicroDVD writes one colour over a whole cue: ``{C:$BBGGRR}``)
            colour = whole_colour(ready) if name == "microdvd" and ready.extras else None
            if ready.extras:  # (ASS override tags, a colour, WebVTT settings ...: reported)
                report_uncarried(ready, name, report, name, colour_written=colour is not None)
            plain, lost = _plain_cue(ready, name, wj, report, colour)
            if table is not None:
                plain = plain.replace(lines=tuple(line.translate(table) for line in plain.lines))
            unwritten.add(ready, lost)
            cues.append(plain)
    unwritten.say(report)
    return track.with_cues(cues)


def _plain_cue(cue: Cue, name: str, wj: str, report: Report, colour: str | None = None) -> tuple[Cue, bool]:
    """``cue`` (tidied) as pysubs2's writer of ``name`` is to write it, and whether a span of it
    is left out: each ``|`` as :data:`~subconv.formats.escapes.BAR_STAND_IN` (reported), the mark
    ``wj`` (a WJ in the output) where a reader would misread the text
    (:data:`~subconv.formats.escapes.PLAIN_RULES`), the spans as the format's codes where it has
    them (:func:`_written_styling`), in the text: no span; ``colour`` (``rrggbb``, MicroDVD):
    the whole cue's, ``{C:$BBGGRR}`` before it."""
    text = cue.text
    if len(cue.lines) != text.count("\n") + 1:  # (a line holding a line break: a cue made through the library)
        cue = cue.replace(lines=tuple(text.split("\n")))
    prefixes, head, lost = _written_styling(cue, name)
    if "|" in text:
        text = text.replace("|", BAR_STAND_IN)
        report.add(name, "rewritten", _BAR_REASON.format(name), cue.source_line, cue.text)
    at = insertions(PLAIN_RULES[name], text, ())
    if at:
        text = "".join(wj + ch if i in at else ch for i, ch in enumerate(text))
    lines = [p + line for p, line in zip(prefixes, text.split("\n"), strict=True)]
    if colour is not None:
        head = f"{{C:${(colour[4:6] + colour[2:4] + colour[:2]).upper()}}}" + head
    lines[0] = head + lines[0]
    return cue.replace(lines=tuple(lines), spans=()), lost


def _written_styling(cue: Cue, name: str) -> tuple[tuple[str, ...], str, bool]:
    """What format ``name`` writes of ``cue``'s spans, as pysubs2 and players read it: a code
    before each line, one before the cue, and whether a span is left out (of a character that is
    drawn).  MPL2 writes a line all in italics with ``/`` before it; MicroDVD a cue all in
    italics, bold or underlined with ``{Y:i}``, ``{Y:b}``, ``{Y:u}`` (pysubs2 writes only the
    first); TMP none (pysubs2 reads ``<i>`` and ``<s>`` back as nothing, ``<u>`` to the end)."""
    none = ("",) * len(cue.lines)
    if not cue.spans or name not in ("mpl2", "microdvd"):
        return none, "", bool(cue.spans)
    text = cue.text
    drawn = {i for i, ch in enumerate(text) if not ch.isspace()}
    kinds: dict[str, set[int]] = {}
    for sp in cue.spans:
        kinds.setdefault(sp.kind, set()).update(range(sp.start, sp.end))
    styled_chars = {(kind, i) for kind, chars in kinds.items() for i in chars & drawn}
    written: set[tuple[str, int]] = set()
    if name == "microdvd":
        whole = [k for k in _MICRODVD_KINDS if drawn and drawn <= kinds.get(k, set())]
        written = {(k, i) for k in whole for i in drawn}
        return none, "".join(f"{{Y:{k}}}" for k in whole), bool(styled_chars - written)
    italic, prefixes, start = kinds.get("i", set()), [], 0
    for line in cue.lines:
        chars = drawn.intersection(range(start, start + len(line)))
        prefixes.append("/" if chars and chars <= italic else "")
        written.update(("i", i) for i in chars if prefixes[-1])
        start += len(line) + 1
    return tuple(prefixes), "", bool(styled_chars - written)

"""One cue's text with its markup, as a format writes it and reads it (``subconv.markup``,
``subconv.with_markup``): what the ASS, SRT and WebVTT modules' ``cue_markup`` and
``read_markup`` (their :class:`~subconv.formats.base.Format` declarations) share.

A cue's markup is held in its spans and in the extras each reader takes from a cue's text
(:data:`TEXT_KEYS`); every format's writer writes its text from all of them (an SRT
``{\\an8}`` from an ASS ``\\an8``, an ASS ``\\c`` from an SRT ``<font color>``), so a text
given with its markup replaces all of them, whatever format they came from.
"""

from __future__ import annotations

from ..model import EMPTY, Cue, FrozenMap
from ..report import Report
from .escapes import Blanks, invisible_tidied, tidy
from .placement import ALIGN_KEYS, TAGS_FROM, report_uncarried, vtt_align

#: the extras a reader takes from a cue's text (its markup): placement (``{\\anN}``, a TTML
#: region), ASS override blocks, where they stand, whether other tags stood in them and the
#: format whose colours they hold (``ass.tags.from``), an SRT ``<font>``, the text as written where
#: the model cannot hold its markup (``ass.raw``, ``vtt.raw``)
TEXT_KEYS = frozenset(
    (*ALIGN_KEYS, "ass.tags", "ass.tags.at", "ass.tags.joined", TAGS_FROM, "ass.raw", "srt.font", "vtt.raw")
)


def text_markup_only(cue: Cue) -> Cue:
    """``cue`` with only the extras of its text's markup (:data:`TEXT_KEYS`): what a format's
    markup of the cue writes or leaves out (its WebVTT settings and SRT coordinates are on the
    timing line, not in the text).

    >>> text_markup_only(Cue(0, 1, ("a",), extras={"vtt.settings": "size:50%", "ass.align": "8"})).extras
    FrozenMap({'ass.align': '8'})
    """
    ex = cue.extras
    if not ex or ex.keys() <= TEXT_KEYS:
        return cue
    kept = {k: v for k, v in ex.items() if k in TEXT_KEYS}
    return cue.replace(extras=FrozenMap(kept) if kept else EMPTY)


def tidied(cue: Cue, report: Report, step: str, blanks: Blanks) -> Cue:
    """``cue`` as a writer writes its text (:func:`~subconv.formats.escapes.tidy`: the white
    space at line ends its format's readers lose, ``blanks``, and blank lines at the ends
    removed, each reported ``rewritten``); a cue with no visible text (which a writer leaves
    out) as its readers read it back (:func:`~subconv.formats.escapes.invisible_tidied`)."""
    out, reasons = tidy(cue, blanks)
    if out is None:
        return invisible_tidied(cue, blanks)
    for reason in reasons:
        report.add(step, "rewritten", reason, cue.source_line, cue.text)
    return out


def report_markup_uncarried(cue: Cue, target: str, report: Report, step: str) -> None:
    """A ``rewritten`` entry for each thing of the markup of ``cue``'s text that ``target``'s
    markup cannot hold (:func:`~subconv.formats.placement.report_uncarried`, of the text's extras only)."""
    if cue.extras or cue.spans:
        report_uncarried(text_markup_only(cue), target, report, step)


def marked_up(cue: Cue, read: Cue, report: Report, step: str, *, speaker: bool = False, placement: bool = False) -> Cue:
    """``cue`` with the text of ``read`` (a cue a reader made of a text alone): its lines, spans
    and the extras of its markup (every :data:`TEXT_KEYS` of ``cue`` replaced), its word times
    where the text gives some (else ``cue``'s own are kept, as :meth:`~subconv.model.Cue.with_text`
    keeps them), and its speaker when the format's text holds one (``speaker``: WebVTT's ``<v>``);
    its times, speaker, other extras, origin and confidence kept.  What of ``cue``'s markup the
    format (``step``) cannot hold, and so is gone, is reported (:func:`report_markup_uncarried`).
    In a format whose text holds the placement (``placement``: SRT's and ASS's ``{\\anN}``, which
    they write from a WebVTT cue's ``line``/``align`` settings too), a text without one places
    the cue at the bottom centre: those settings go (the others stay).  In one whose text holds
    none (WebVTT: its cue settings do, beside the text), the cue's placement (an SRT or ASS
    ``{\\anN}``: :data:`~subconv.formats.placement.ALIGN_KEYS`) is kept, as its settings are.

    >>> old = Cue(0, 1, ("a",), extras={"ass.align": "8", "ass.style": "Top"})
    >>> new = marked_up(old, Cue(0, 0, ("b",), extras={"srt.align": "7"}), Report(), "srt", placement=True)
    >>> new.text, dict(new.extras)
    ('b', {'ass.style': 'Top', 'srt.align': '7'})
    """
    report_markup_uncarried(cue, step, report, step)
    beside = () if placement else ALIGN_KEYS  # (the placement a text of the format cannot hold)
    kept = {k: v for k, v in cue.extras.items() if k not in TEXT_KEYS or k in beside}
    kept.update((k, v) for k, v in read.extras.items() if k in TEXT_KEYS)
    settings = kept.get("vtt.settings")
    if placement and not any(k in kept for k in ALIGN_KEYS) and vtt_align(settings) is not None:
        from .vtt.settings import parse_cue_settings

        st = parse_cue_settings(str(settings))
        rest = " ".join(tok for name, tok in st.valid.items() if name not in ("line", "align"))
        if rest:
            kept["vtt.settings"] = rest
        else:
            del kept["vtt.settings"]
    return cue.replace(
        lines=read.lines,
        spans=read.spans,
        extras=FrozenMap(kept) if kept else EMPTY,
        words=read.words or cue.words,
        speaker=read.speaker if speaker else cue.speaker,
    )

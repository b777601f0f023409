"""The TTML writer: an IMSC 1.1 Text Profile document, one region per placement used."""

from __future__ import annotations

import itertools
import re

from ...errors import WriteError
from ...model import Span, Track
from ...report import Report
from ...timefmt import VTT_CLOCK, clock_formatter
from ..base import WriteOptions, finish_output, say_before_zero, shown_cues, speaker_named
from ..escapes import xml_attribute, xml_text
from ..placement import (
    cue_align,
    drawn_colours,
    report_uncarried,
    style_alignments,
    style_colours,
    style_formatting,
    styled,
)
from .document import IMSC_TEXT_PROFILE, NS, NS_TTM, NS_TTP, NS_TTS, STEP, XML_SPACES
from .styles import KINDS, digit_attrs

Runs = tuple[tuple[int, int, str], ...]  # (start, end, rrggbb): the runs of a text drawn in a colour
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SPAN_ATTRS = {"i": 'tts:fontStyle="italic"', "b": 'tts:fontWeight="bold"'}
_DECORATIONS = {"u": "underline", "s": "lineThrough"}  # (one ``tts:textDecoration`` holds both)
_REGIONS = {
    "1": "bottomLeft",
    "2": "bottom",
    "3": "bottomRight",
    "4": "middleLeft",
    "5": "middle",
    "6": "middleRight",
    "7": "topLeft",
    "8": "top",
    "9": "topRight",
}


def _collapses(line: str) -> bool:
    """True when XML's default white-space handling would change ``line``.

    >>> _collapses("a b"), _collapses(" a"), _collapses("a  b"), _collapses("a\tb"), _collapses("a\u00a0")
    (False, True, True, True, False)
    """
    return XML_SPACES.sub(" ", line).strip(" ") != line


def _content(text: str, spans: tuple[Span, ...], colours: Runs = ()) -> str:
    """The inside of a ``<p>``: runs of equal styling (``spans``, and the ``colours``: (start,
    end, rrggbb)) as flat ``<span>``s, ``<br/>`` between lines."""
    bounds = {0, len(text)}
    for sp in spans:
        bounds.update((max(0, min(sp.start, len(text))), max(0, min(sp.end, len(text)))))
    for start, end, _ in colours:
        bounds.update((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    cuts = sorted(bounds)
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        piece = "<br/>".join(xml_text(part) for part in text[a:b].split("\n"))
        kinds = [k for k in KINDS if any(sp.kind == k and sp.start <= a and b <= sp.end for sp in spans)]
        rgb = next((c for start, end, c in colours if start <= a and b <= end), None)
        if kinds or rgb is not None:
            attrs = [_SPAN_ATTRS[k] for k in kinds if k in _SPAN_ATTRS]
            decorations = " ".join(_DECORATIONS[k] for k in kinds if k in _DECORATIONS)
            if decorations:
                attrs.append(f'tts:textDecoration="{decorations}"')
            if rgb is not None:
                attrs.append(f'tts:color="#{rgb}"')
            out.append(f"<span {' '.join(attrs)}>{piece}</span>")
        else:
            out.append(piece)
    return "".join(out)


def _most_drawn(colours: Runs) -> str:
    """The colour of the most characters of the runs ``colours`` (the first of those tied).

    >>> _most_drawn(((0, 2, "ff0000"), (2, 5, "0000ff"), (5, 7, "ff0000")))
    'ff0000'
    """
    drawn: dict[str, int] = {}
    for a, b, rgb in colours:
        drawn[rgb] = drawn.get(rgb, 0) + b - a
    return max(drawn, key=lambda rgb: drawn[rgb])


def _region_xml(digit: str) -> str:
    attrs = digit_attrs(digit)
    return (
        f'      <region xml:id="{_REGIONS[digit]}" tts:origin="10% 10%" tts:extent="80% 80%" '
        f'tts:displayAlign="{attrs["displayAlign"]}" tts:textAlign="{attrs["textAlign"]}"/>'
    )


def write(track: Track, options: WriteOptions, report: Report) -> str:
    """Write ``track`` as an IMSC 1.1 Text Profile TTML document."""
    paragraphs: list[str] = []
    used: set[str] = {"2"}
    previous_speaker: str | None = None
    dropped = 0
    clock = clock_formatter(VTT_CLOCK)  # (TTML clock time: hours of two digits or more)
    # (an ASS style's placement, italic/bold/underline/strikeout and colour, as the SRT writer takes them)
    styles = style_alignments(track) if "ass.styles" in track.meta else {}
    looks = style_formatting(track) if "ass.styles" in track.meta else {}
    palette = style_colours(track) if "ass.styles" in track.meta else {}
    for n, cue in enumerate(shown_cues(track, report, STEP), 1):
        if cue.start is None or cue.end is None:
            raise WriteError(f"cannot write TTML: cue {n} has no times")
        start, end = cue.start, cue.end
        if looks or palette:
            cue = styled(cue, looks, palette)
        if cue.extras:  # (ASS override tags, SRT fonts, WebVTT settings and markup TTML has no room for)
            report_uncarried(cue, STEP, report, STEP)
        if start < 0 or end < 0:
            report.add(STEP, "rewritten", "negative time written as 0", cue.source_line, cue.text)
            say_before_zero(report, cue, STEP)
            start, end = max(start, 0), max(end, 0)
        text, spans = speaker_named(cue, previous_speaker, options)
        previous_speaker = cue.speaker
        colours = drawn_colours(cue) if cue.extras else ()
        colour = ""  # (every character in a colour: the paragraph's the most drawn, a speaker's name in it too)
        if colours and sum(b - a for a, b, _ in colours) == len(cue.text):
            rgb = _most_drawn(colours)
            colour, colours = f' tts:color="#{rgb}"', tuple(run for run in colours if run[2] != rgb)
        if colours and len(text) > len(cue.text):
            shift = len(text) - len(cue.text)
            colours = tuple((a + shift, b + shift, rgb) for a, b, rgb in colours)
        if _BAD_XML.search(text):
            text, spans, colours = _drop_bad_chars(text, spans, colours)
            dropped += 1
        digit = cue_align(cue, styles) or "2"
        used.add(digit)
        space = ' xml:space="preserve"' if any(_collapses(line) for line in text.split("\n")) else ""
        paragraphs.append(
            f'      <p begin="{clock(start)}" end="{clock(end)}" region="{_REGIONS[digit]}"{colour}{space}>'
            f"{_content(text, spans, colours)}</p>"
        )
    if dropped:
        report.add(STEP, "dropped", f"characters XML cannot hold (control characters) in {dropped} cues")
    lang = xml_attribute(track.language or "")
    head = ["  <head>"]
    if track.title:
        head += [
            "    <metadata>",
            f"      <ttm:title>{xml_text(_BAD_XML.sub('', track.title))}</ttm:title>",
            "    </metadata>",
        ]
    head += ["    <layout>", *(_region_xml(d) for d in sorted(used)), "    </layout>", "  </head>"]
    doc = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<tt xmlns="{NS}" xmlns:ttp="{NS_TTP}" xmlns:tts="{NS_TTS}" xmlns:ttm="{NS_TTM}" '
        f'xml:lang="{lang}" ttp:timeBase="media" ttp:contentProfiles="{IMSC_TEXT_PROFILE}">',
        *head,
        "  <body>",
        "    <div>",
        *paragraphs,
        "    </div>",
        "  </body>",
        "</tt>",
        "",
    ]
    return finish_output("\n".join(doc), options)


def _drop_bad_chars(text: str, spans: tuple[Span, ...], colours: Runs = ()) -> tuple[str, tuple[Span, ...], Runs]:
    """``text`` without the characters XML 1.0 cannot hold, spans and colour runs moved to match."""
    keep: list[int] = []  # new offset of each old offset
    out: list[str] = []
    for ch in text:
        keep.append(len(out))
        if not _BAD_XML.match(ch):
            out.append(ch)
    keep.append(len(out))
    moved = tuple(Span(keep[s.start], keep[s.end], s.kind) for s in spans if keep[s.end] > keep[s.start])
    runs = tuple((keep[a], keep[b], rgb) for a, b, rgb in colours if keep[b] > keep[a])
    return "".join(out), moved, runs

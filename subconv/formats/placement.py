"""Placement and markup carried between SRT, WebVTT, ASS and TTML, and what cannot be: reported.

Placement is a numpad digit as ASS's ``{\\anN}`` (8 = top centre, 2 = bottom centre, the
default), kept by each reader in its own extras key (:data:`ALIGN_KEYS`: ``srt.align``,
``ass.align``, ``ttml.align``).  Each writer takes it from, in order: the cue's own markup
(:func:`explicit_align`), its WebVTT settings (``line:0`` is the top), or
the alignment of its ASS style.  SRT writes ``{\\anN}`` (understood by ffmpeg, libass and
most players), WebVTT ``line:``/``align:`` settings, ASS ``{\\anN}``.

Colour travels between SRT's ``<font color>``, ASS's ``\\c`` and TTML's ``tts:color``, each
over its own text (held as ASS colour blocks: :func:`colour_runs`, :func:`colour_blocks`); anything
else a target cannot hold (other ASS override tags, other WebVTT settings, font faces and sizes,
SRT coordinates; a colour, in a format with none, named as the user wrote it) gets a
``rewritten`` report entry with the cue's source line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator

from ..model import Cue, Span, SpanKind, Track
from ..report import Report
from ..timefmt import ascii_digits

# (the attribute color, not bgcolor: a background is no text colour)
_FONT_COLOR = re.compile(r"""(?<![\w-])color\s*=\s*["']?\s*#?([0-9a-fA-F]{6})\b""", re.IGNORECASE)
_FONT_NAMED = re.compile(r"""(?<![\w-])color\s*=\s*["']?\s*([a-zA-Z]+)""", re.IGNORECASE)
_NAMED = {
    "white": "ffffff",
    "black": "000000",
    "red": "ff0000",
    "green": "008000",
    "lime": "00ff00",
    "blue": "0000ff",
    "yellow": "ffff00",
    "cyan": "00ffff",
    "aqua": "00ffff",
    "magenta": "ff00ff",
    "fuchsia": "ff00ff",
    "gray": "808080",
    "grey": "808080",
    "orange": "ffa500",
    "purple": "800080",
}
_ASS_COLOUR = re.compile(r"\\1?c&H([0-9a-fA-F]{1,8})&?")
#: an override tag's name (``\\fnArial``: ``fn``; ``\\1c&H..&``, ``\\3c``, ``\\1a``: ``1c``, ``3c``, ``1a``)
_ASS_TAG = re.compile(r"\\(fn|[1-4][a-z]+|[a-z]+)", re.IGNORECASE)
#: the targets with no strikethrough (SRT writes ``<s>``, ASS ``\\s1``, TTML ``lineThrough``)
_NO_STRIKETHROUGH = frozenset(("vtt",))
#: the targets that hold a colour over any stretch of a cue (SRT ``<font color>``, ASS ``\\c``,
#: TTML ``tts:color``), and the override tags of one they take from kept ASS blocks
_COLOUR_TARGETS = frozenset(("srt", "ass", "ttml"))
_COLOUR_TAGS = frozenset(("c", "1c"))
#: the extra naming the format whose colours a cue's kept ASS colour blocks (``ass.tags``) were
#: read from, when not ASS: ``srt`` (a ``<font color>`` over part of a cue), ``ttml``
#: (``tts:color``); a writer that holds no colour names them as the user wrote them
TAGS_FROM = "ass.tags.from"
_COLOUR_WRITTEN = {"srt": "font colour", "ttml": "colour (tts:color)"}


def vtt_align(settings: object) -> str | None:
    """The numpad placement WebVTT cue settings ask for, or None for the default (bottom centre).

    >>> vtt_align("line:0"), vtt_align("line:0 align:left"), vtt_align("line:50%,center"), vtt_align("size:50%")
    ('8', '7', '5', None)
    """
    if not isinstance(settings, str) or not settings:
        return None
    from .vtt.settings import parse_cue_settings

    st = parse_cue_settings(settings)
    row = 0  # 0 bottom, 1 middle, 2 top
    if st.line != "auto" and isinstance(st.line, float):
        if st.snap_to_lines:
            row = 2 if st.line >= 0 else 0
        elif st.line < 34:
            row = 2
        elif st.line <= 66:
            row = 1
    column = {"left": 0, "start": 0, "right": 2, "end": 2}.get(st.align, 1)
    if row == 0 and column == 1:
        return None
    return str(1 + column + 3 * row)


#: the extras keys each reader puts the numpad placement of a cue's own markup in
ALIGN_KEYS = ("srt.align", "ass.align", "ttml.align")


def explicit_align(cue: Cue) -> str | None:
    """The numpad placement a reader took from the cue's own markup (:data:`ALIGN_KEYS`: SRT and
    ASS ``{\\anN}``, a TTML region or alignment), or None.

    >>> explicit_align(Cue(0, 1, ("a",), extras={"ass.align": "8"})), explicit_align(Cue(0, 1, ("a",)))
    ('8', None)
    """
    ex = cue.extras
    for key in ALIGN_KEYS if ex else ():
        align = ex.get(key)
        if isinstance(align, str) and len(align) == 1 and align in "123456789":
            return align
    return None


def _style_fields(track: Track) -> Iterator[dict[str, str]]:
    """Each ASS style of ``track`` (``ass.styles``) as its fields by lower-case name: the one
    place the writers read styles (the reader keeps each line's fields in the standard order of
    its flavour, ``ASS_STYLE_FORMAT`` or ``SSA_STYLE_FORMAT``)."""
    styles = track.meta.get("ass.styles")
    if not isinstance(styles, tuple):
        return
    from .ass.reader import ASS_STYLE_FORMAT, SSA_STYLE_FORMAT

    ssa = track.meta.get("ass.format") == "ssa"
    names = (SSA_STYLE_FORMAT if ssa else ASS_STYLE_FORMAT).lower().split(", ")
    for line in styles:
        if isinstance(line, str):
            values = [f.strip() for f in line.partition(":")[2].split(",")]
            yield dict(zip(names, values, strict=False))


def cue_style(cue: Cue) -> str:
    """The name of the style a player draws ``cue`` in, as libass (and VSFilter) look its
    ``Style`` field up: leading ``*`` left out (they mean nothing), ``default`` in any case is
    ``Default``; no field (the reader leaves ``Default`` out) is ``Default``.

    >>> [cue_style(Cue(0, 1, ("a",), extras=e)) for e in ({}, {"ass.style": "*Top"}, {"ass.style": "DEFAULT"})]
    ['Default', 'Top', 'Default']
    """
    name = cue.extras.get("ass.style", "Default") if cue.extras else "Default"
    if not isinstance(name, str):
        return "Default"
    name = name.lstrip("*")
    return "Default" if name.lower() == "default" else name


def style_alignments(track: Track) -> dict[str, str]:
    """ASS style name -> its alignment digit, for styles not at the bottom centre (``ass.styles``).

    >>> t = Track((), meta={"ass.styles": ("Style: Top,Arial,20,&H0,&H0,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,8,0,0,0,1",)})
    >>> style_alignments(t)
    {'Top': '8'}
    """
    ssa = track.meta.get("ass.format") == "ssa"
    out: dict[str, str] = {}
    for fields in _style_fields(track):
        value = fields.get("alignment", "")
        if not ascii_digits(value):
            continue
        if ssa:
            value = numpad_of_ssa(value)
        if value in "13456789" and len(value) == 1:
            out[fields["name"]] = value
    return out


def numpad_of_ssa(value: str) -> str:
    """The numpad alignment (ASS) of an SSA style's alignment ``value`` (SSA: 1-3 bottom, +4 top
    ("toptitle"), +8 middle; 4 and 8, which name no column, drawn by libass as VSFilter draws
    them: middle right, bottom right); ``value`` itself when it is not a number.

    >>> numpad_of_ssa("1"), numpad_of_ssa("6"), numpad_of_ssa("11"), numpad_of_ssa("8"), numpad_of_ssa("x")
    ('1', '8', '6', '3', 'x')
    """
    if not ascii_digits(value):
        return value
    n = {4: 11, 8: 3}.get(int(value), int(value))
    row = 2 if n & 4 else 1 if n & 8 else 0
    return str((n & 3 or 2) + 3 * row)


def ssa_of_numpad(value: str) -> str:
    """The SSA alignment of a numpad (ASS) alignment ``value`` (:func:`numpad_of_ssa` undone);
    ``value`` itself when it is not 1-9.

    >>> ssa_of_numpad("1"), ssa_of_numpad("8"), ssa_of_numpad("6"), ssa_of_numpad("0")
    ('1', '6', '11', '0')
    """
    if len(value) != 1 or value not in "123456789":
        return value
    row, column = divmod(int(value) - 1, 3)
    return str(column + 1 + (0, 8, 4)[row])


#: a style's flag fields and the span kind each turns on (``-1`` is on; SSA has the first two)
_STYLE_FLAGS: tuple[tuple[str, SpanKind], ...] = (
    ("bold", "b"),
    ("italic", "i"),
    ("underline", "u"),
    ("strikeout", "s"),
)


def style_formatting(track: Track) -> dict[str, tuple[SpanKind, ...]]:
    """ASS style name -> the span kinds it turns on (``Bold``, ``Italic``, ``Underline``,
    ``StrikeOut``: ``-1``; a bold weight of 500 or more counts), for styles that turn one on.

    >>> t = Track((), meta={"ass.styles": ("Style: Th,Arial,20,&H0,&H0,&H0,&H0,0,-1,0,0,100,100,0,0,1,1,0,8,0,0,0,1",)})
    >>> style_formatting(t)
    {'Th': ('i',)}
    """
    out: dict[str, tuple[SpanKind, ...]] = {}
    for fields in _style_fields(track):
        kinds = tuple(kind for name, kind in _STYLE_FLAGS if _flag_on(fields.get(name, "0"), kind))
        if kinds:
            out[fields["name"]] = kinds
    return out


def _flag_on(value: str, kind: str) -> bool:
    """Whether a style's flag field ``value`` turns ``kind`` on (libass: any number but 0; bold:
    -1, 1 or a weight of 500 or more)."""
    try:
        n = int(value)
    except ValueError:
        return False
    return n in (-1, 1) or n >= 500 if kind == "b" else n != 0


#: the extra a writer gives a cue (:func:`styled`) whose ASS style draws it in a colour: its
#: ``rrggbb``, the colour :func:`colour_runs` draws the text its override blocks leave in none
STYLE_COLOUR = "ass.style.colour"
#: the primary colour every player draws text in that no style colours (libass's default style's)
_PLAIN = "ffffff"


def style_colours(track: Track) -> dict[str, str]:
    """ASS style name -> ``rrggbb`` of its primary colour (``PrimaryColour``: ASS's ``&HAABBGGRR``,
    SSA's decimal number too), for styles not drawn in white (the colour every player draws a
    text of no colour in).

    >>> rest = ",&H0,&H0,&H0,0,0,0,0,100,100,0,0,1,1,0,2,0,0,0,1"
    >>> t = Track((), meta={"ass.styles": ("Style: Red,A,9,&H000000FF" + rest, "Style: Default,A,9,&HFFFFFF" + rest)})
    >>> style_colours(t)
    {'Red': 'ff0000'}
    """
    out: dict[str, str] = {}
    for fields in _style_fields(track):
        value = colour_number(fields.get("primarycolour", ""))
        if value is None or "name" not in fields:
            continue
        rgb = f"{value & 0xFF:02x}{value >> 8 & 0xFF:02x}{value >> 16 & 0xFF:02x}"
        if rgb != _PLAIN:
            out[fields["name"]] = rgb
    return out


def colour_number(text: str) -> int | None:
    """A style colour ``AABBGGRR``, as libass reads one: ``&H`` hexadecimal or (SSA) decimal, or
    None (the one reading: :func:`subconv.formats.ass.styles.colour_value` is this)."""
    v = text.strip()
    try:
        n = int(v[2:].rstrip("&") or "0", 16) if v[:2].lower() in ("&h", "0x") else int(v)
    except ValueError:
        return None
    return n % (1 << 32)


def styled(cue: Cue, formatting: dict[str, tuple[SpanKind, ...]], colours: dict[str, str] | None = None) -> Cue:
    """``cue`` with the formatting of its ASS style (:func:`style_formatting`) as spans, for a
    format with no styles: over the whole cue, or, for a cue still as its ASS text
    (``ass.raw``) reads, where that text leaves it on (``{\\i0}`` ends it, ``{\\r}`` starts it
    again). With its style's colour (``colours``: :func:`style_colours`) in the extra
    :data:`STYLE_COLOUR`, the colour of the text its own override blocks leave in none (for a
    format with colour: :func:`colour_runs`). The cue itself when its style turns nothing on.

    >>> styled(Cue(0, 1, ("a b",), extras={"ass.style": "Th"}), {"Th": ("i",)}).spans
    (Span(start=0, end=3, kind='i'),)
    >>> colour_runs(styled(Cue(0, 1, ("a b",), extras={"ass.style": "Red"}), {}, {"Red": "ff0000"}))
    ((0, 3, 'ff0000'),)
    """
    rgb = colours.get(cue_style(cue)) if colours else None
    if rgb is not None:
        cue = cue.replace(extras=cue.extras.set(STYLE_COLOUR, rgb))
    ex = cue.extras
    kinds = formatting.get(cue_style(cue)) if formatting else None
    if not kinds:
        return cue
    raw = ex.get("ass.raw")
    if isinstance(raw, str):
        from .ass.text import carries_all, parse_ass_text

        lines, spans, tags, at, align = parse_ass_text(raw, None, Report())
        if (lines, spans, tags, at) == (cue.lines, cue.spans, ex.get("ass.tags"), ex.get("ass.tags.at")):
            # (a text the cue said all of before says all of it still: nothing to report lost)
            done = carries_all(raw, lines, spans, align)
            spans = parse_ass_text(raw, None, Report(), style=kinds)[1]
            return cue.replace(spans=spans, extras=ex.without("ass.raw") if done else ex)
    whole = [Span(0, len(cue.text), kind) for kind in kinds]
    spans = (*whole, *(sp for sp in cue.spans if sp.kind not in kinds))
    return cue.replace(spans=tuple(sorted(spans, key=lambda sp: (sp.start, sp.end, sp.kind))))


def cue_align(cue: Cue, styles: dict[str, str]) -> str | None:
    """The cue's placement: its own ``align``, else its WebVTT settings', else its ASS style's."""
    ex = cue.extras
    align = explicit_align(cue)
    if align is not None:
        return align
    found = vtt_align(ex.get("vtt.settings"))
    if found is not None:
        return found
    if styles:
        return styles.get(cue_style(cue))
    return None


def font_colour(font: object) -> str | None:
    """``rrggbb`` of an SRT ``<font color=...>`` tag, or None.

    >>> font_colour('<font color="#FF8800">'), font_colour("<font color=red>"), font_colour("<font bgcolor=red>")
    ('ff8800', 'ff0000', None)
    """
    if not isinstance(font, str):
        return None
    m = _FONT_COLOR.search(font)
    if m is not None:
        return m.group(1).lower()
    m = _FONT_NAMED.search(font)
    return _NAMED.get(m.group(1).lower()) if m is not None else None


_FONT_ATTR = re.compile(r"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")


def font_colour_only(font: str) -> str | None:
    """``rrggbb`` of an SRT ``<font ...>`` tag that holds a colour and nothing else, or None.

    >>> font_colour_only('<font color="#FF0000">'), font_colour_only("<font color=red size=3>")
    ('ff0000', None)
    """
    rgb, rest = font_parts(font)
    return rgb if not rest else None


def font_parts(font: str) -> tuple[str | None, str]:
    """``rrggbb`` of an SRT ``<font ...>`` tag's ``color`` (None: none, or one not understood),
    and its other attributes as written, a space between two ("": none): what of the font a
    format that holds colour alone (SRT over part of a cue, TTML) cannot keep.

    >>> font_parts('<font size=9 color="#FF0000">'), font_parts("<font color=red>"), font_parts("<font color=x>")
    (('ff0000', 'size=9'), ('ff0000', ''), (None, 'color=x'))
    """
    rgb: str | None = None
    rest: list[str] = []
    for m in _FONT_ATTR.finditer(font):
        value = next(g for g in m.groups()[1:] if g is not None).strip()
        found = font_colour(f"color={value}") if m.group(1).lower() == "color" and rgb is None else None
        if found is not None:
            rgb = found
        else:
            rest.append(m.group(0))
    return rgb, " ".join(rest)


def cue_fonts(cue: Cue) -> tuple[str, ...]:
    """The SRT ``<font ...>`` tags over the whole cue (extra ``srt.font``: one, or a tuple,
    outermost first).

    >>> cue_fonts(Cue(0, 1, ("a",), extras={"srt.font": ("<font color=red>", "<font size=30>")}))
    ('<font color=red>', '<font size=30>')
    """
    font = cue.extras.get("srt.font") if cue.extras else None
    if isinstance(font, str):
        return (font,) if font else ()
    if isinstance(font, tuple):
        return tuple(f for f in font if isinstance(f, str) and f)
    return ()


def font_ass_tags(fonts: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    r"""ASS override tags (no braces) for SRT ``fonts`` over a whole cue, as ffmpeg makes them
    (``color`` -> ``\c``, ``face`` -> ``n``, ``size`` -> ``s``; an inner font's win), and
    the fonts with an attribute ASS has no tag for.

    >>> font_ass_tags(('<font color="#FF8800" face="Serif">', "<font size=30 weight=9>"))
    ('\\c&H0088FF&\\fnSerif\\fs30', ('<font size=30 weight=9>',))
    """
    tags: dict[str, str] = {}
    lost: list[str] = []
    for font in fonts:
        carried = True
        for m in _FONT_ATTR.finditer(font):
            name = m.group(1).lower()
            value = next(g for g in m.groups()[1:] if g is not None).strip()
            rgb = font_colour(f"color={value}") if name == "color" else None
            if rgb is not None:
                tags["c"] = ass_colour(rgb)
            elif name == "face" and value and not re.search(r"[\\{}]", value):
                tags["fn"] = f"\\fn{value}"
            elif name == "size" and re.fullmatch(r"[0-9]{1,4}(?:\.[0-9]{1,3})?", value):
                tags["fs"] = f"\\fs{value}"
            else:
                carried = False
        if not carried:
            lost.append(font)
    return "".join(tags[k] for k in ("c", "fn", "fs") if k in tags), tuple(lost)


def ass_colour(rgb: str) -> str:
    """``\\c&HBBGGRR&`` for ``rrggbb``.

    >>> ass_colour("ff8800")
    '\\\\c&H0088FF&'
    """
    return f"\\c&H{rgb[4:6]}{rgb[2:4]}{rgb[0:2]}&".upper().replace("\\C", "\\c")


def colour_of_tags(tags: object) -> str | None:
    """``rrggbb`` of the primary colour in kept ASS override tags, or None.

    >>> colour_of_tags(r"{\\pos(1,2)\\c&H0088FF&}")
    'ff8800'
    """
    if not isinstance(tags, str):
        return None
    m = _ASS_COLOUR.search(tags)
    if m is None:
        return None
    bgr = m.group(1).rjust(6, "0")[-6:]
    return (bgr[4:6] + bgr[2:4] + bgr[0:2]).lower()


#: one kept override block; a tag's parenthesised arguments (``\\t(...\\c&H...&)``: a colour
#: animated, not set); a primary colour set, or reset to the style's (``\\c`` alone, ``\\r``)
_BLOCK = re.compile(r"\{[^}]*\}")
_ARGUMENTS = re.compile(r"\([^)]*\)?")
_COLOUR_SET = re.compile(r"\\1?c(?:&H([0-9a-fA-F]{1,8})&?)?(?![a-zA-Z&])|\\r")


def colour_runs(cue: Cue) -> tuple[tuple[int, int, str], ...]:
    r"""The runs of ``cue``'s text an ASS primary colour (``\\c``, ``\\1c``) of its kept override
    blocks (``ass.tags``, each at its place, ``ass.tags.at``; none: all at the start) draws in:
    ``(start, end, rrggbb)``; the text before any, and after ``\\c`` alone or ``\\r`` (the
    style's colour again), in none, or in the colour of the cue's ASS style where a writer gave
    it one (:data:`STYLE_COLOUR`: :func:`styled`).  A colour over the whole text is one run.

    >>> tags = {"ass.tags": "{\\c&H0000FF&}{\\c&HFFFFFF&}", "ass.tags.at": ("6", "9")}
    >>> t = Cue(0, 1, ("Hello red world",), extras=tags)
    >>> colour_runs(t)
    ((6, 9, 'ff0000'), (9, 15, 'ffffff'))
    >>> colour_runs(t.replace(extras={"ass.tags": "{\\pos(1,2)\\1c&H00FF00&}"}))
    ((0, 15, '00ff00'),)
    >>> colour_runs(t.replace(extras={"ass.tags": "{\\c&H0000FF&}{\\r}", "ass.tags.at": ("0", "5")}))
    ((0, 5, 'ff0000'),)
    >>> blue = {"ass.tags": "{\\c&HFF0000&}{\\r}", "ass.tags.at": ("6", "9")}
    >>> colour_runs(t.replace(extras={**blue, STYLE_COLOUR: "ff0000"}))
    ((0, 6, 'ff0000'), (6, 9, '0000ff'), (9, 15, 'ff0000'))
    """
    ex = cue.extras
    tags = ex.get("ass.tags") if ex else None
    base = ex.get(STYLE_COLOUR) if ex else None
    base = base if isinstance(base, str) and len(base) == 6 else None
    if not isinstance(tags, str) or ("c" not in tags and "\\r" not in tags):
        return ((0, len(cue.text), base),) if base is not None and cue.text else ()
    blocks = _BLOCK.findall(tags)
    at = ex.get("ass.tags.at")
    if isinstance(at, tuple) and len(at) == len(blocks) and all(ascii_digits(o) and len(o) < 19 for o in at):
        offsets = [int(o) for o in at]
    else:
        offsets = [0] * len(blocks)
    length = len(cue.text)
    runs: list[tuple[int, int, str]] = []
    colour: str | None = base
    since = 0
    now: str | None = base
    placed = sorted(zip(blocks, offsets, strict=True), key=lambda b: b[1])
    for i, (block, offset) in enumerate(placed):
        for m in _COLOUR_SET.finditer(_ARGUMENTS.sub("", block)):
            value = m.group(1)
            bgr = None if value is None else value.rjust(6, "0")[-6:]
            now = base if bgr is None else (bgr[4:6] + bgr[2:4] + bgr[0:2]).lower()
        k = min(offset, length)
        if i + 1 < len(placed) and min(placed[i + 1][1], length) == k:
            continue  # (the colour after every block of one place)
        if now != colour:
            if colour is not None and k > since:
                runs.append((since, k, colour))
            colour, since = now, k
    if colour is not None and length > since:
        runs.append((since, length, colour))
    return tuple(runs)


def colour_blocks(runs: Iterable[tuple[int, int, str]], length: int) -> tuple[str, tuple[str, ...]]:
    r"""The ASS colour blocks (``ass.tags``) and their offsets (``ass.tags.at``) that draw the
    colour ``runs`` (start, end, ``rrggbb``; in order, apart) of a text of ``length``: a block
    where a colour starts, ``{\c}`` (the style's colour again) where the text has none; the
    inverse of :func:`colour_runs`.

    >>> colour_blocks([(6, 9, "ff0000"), (9, 15, "ffffff")], 15)
    ('{\\c&H0000FF&}{\\c&HFFFFFF&}', ('6', '9'))
    >>> colour_blocks([(0, 5, "ff0000")], 15)
    ('{\\c&H0000FF&}{\\c}', ('0', '5'))
    """
    blocks: list[str] = []
    at: list[str] = []
    now: str | None = None
    pos = 0
    for start, end, rgb in runs:
        if start > pos and now is not None:
            blocks.append("{\\c}")
            at.append(str(pos))
            now = None
        if rgb != now:
            blocks.append("{" + ass_colour(rgb) + "}")
            at.append(str(start))
            now = rgb
        pos = end
    if now is not None and pos < length:
        blocks.append("{\\c}")
        at.append(str(pos))
    return "".join(blocks), tuple(at)


def drawn_colours(cue: Cue) -> tuple[tuple[int, int, str], ...]:
    """The runs of ``cue``'s text drawn in a colour, ``(start, end, rrggbb)``: those of its kept
    ASS colour blocks (:func:`colour_runs`), and elsewhere the colour of its SRT fonts over the
    whole cue (``srt.font``, the innermost with one); runs of one colour that touch are one.

    >>> ex = {"srt.font": "<font color=red>", "ass.tags": "{\\\\c&HFF0000&}{\\\\c&H0000FF&}", "ass.tags.at": ("2", "4")}
    >>> drawn_colours(Cue(0, 1, ("abcdef",), extras=ex))
    ((0, 2, 'ff0000'), (2, 4, '0000ff'), (4, 6, 'ff0000'))
    """
    runs = colour_runs(cue) if cue.extras else ()
    outer = next((c for c in (font_colour(f) for f in reversed(cue_fonts(cue))) if c is not None), None)
    if outer is None:
        return runs
    out: list[tuple[int, int, str]] = []
    at = 0
    for start, end, rgb in (*runs, (len(cue.text), len(cue.text), outer)):
        for piece in ((at, start, outer), (start, end, rgb)):
            if piece[1] <= piece[0]:
                continue
            if out and out[-1][1] == piece[0] and out[-1][2] == piece[2]:
                out[-1] = (out[-1][0], piece[1], piece[2])
            else:
                out.append(piece)
        at = end
    return tuple(out)


def whole_colour(cue: Cue) -> str | None:
    """The one colour (``rrggbb``) ``cue``'s drawn text is all in (:func:`drawn_colours`: every
    character that is not white space), for a format that colours only a whole cue (MicroDVD's
    ``{C:$BBGGRR}``); None when it has none, or more than one.

    >>> whole_colour(Cue(0, 1, ("a b",), extras={"srt.font": "<font color=red>"}))
    'ff0000'
    >>> ex = {"ass.tags": "{\\\\c&H0000FF&}{\\\\c}", "ass.tags.at": ("0", "2")}
    >>> whole_colour(Cue(0, 1, ("ab cd",), extras=ex)), whole_colour(Cue(0, 1, ("ab ",), extras=ex))
    (None, 'ff0000')
    """
    runs = drawn_colours(cue) if cue.extras else ()
    colours: set[str] = set()
    covered = 0  # (characters drawn in a run)
    for start, end, rgb in runs:
        n = sum(1 for ch in cue.text[start:end] if not ch.isspace())
        if n:
            colours.add(rgb)
            covered += n
    whole = len(colours) == 1 and covered == sum(1 for ch in cue.text if not ch.isspace())
    return colours.pop() if whole else None


def _ass_carries_all(raw: str, cue: Cue) -> bool:
    from .ass.text import carries_all  # (only for a cue read from ASS whose text was kept as written)

    return carries_all(raw, cue.lines, cue.spans, cue.extras.get("ass.align"))


def report_uncarried(cue: Cue, target: str, report: Report, step: str, *, colour_written: bool = False) -> None:
    """A ``rewritten`` entry for each thing of ``cue`` the ``target`` format cannot hold: a
    colour read from another format than ASS (:data:`TAGS_FROM`) named as it was written there
    (``font colour: not carried to vtt`` for an SRT ``<font color>`` over part of a cue).
    ``colour_written``: the writer wrote the cue's colour (MicroDVD, one colour over the whole
    cue: :func:`whole_colour`), so only what else its tags and fonts hold is said.

    >>> r = Report()
    >>> ex = {"ass.tags": "{\\\\c&H0000FF&}{\\\\c}", "ass.tags.at": ("6", "9"), TAGS_FROM: "srt"}
    >>> report_uncarried(Cue(0, 1, ("Hello red world",), extras=ex, source_line=3), "vtt", r, "vtt")
    >>> report_uncarried(Cue(0, 1, ("a",), extras={"srt.font": "<font color=red size=9>"}), "ttml", r, "ttml")
    >>> [e.reason for e in r.entries]
    ['font colour: not carried to vtt', 'font size=9 of <font color=red size=9>: not carried to ttml']
    """
    ex = cue.extras
    tags = ex.get("ass.tags")
    colours = colour_written or target in _COLOUR_TARGETS
    lost = _tags_uncarried(tags, ex.get(TAGS_FROM), colours) if isinstance(tags, str) and target != "ass" else []
    raw = ex.get("ass.raw")
    if isinstance(raw, str) and target != "ass" and not tags and not _ass_carries_all(raw, cue):
        lost.append("ASS markup (karaoke, drawings, soft breaks)")
    fonts = cue_fonts(cue)
    if fonts and target != "srt":
        lost.extend(_fonts_uncarried(fonts, target, colours))
    settings = ex.get("vtt.settings")
    if isinstance(settings, str) and target != "vtt":
        from .vtt.settings import parse_cue_settings

        st = parse_cue_settings(settings)
        other = [tok for name, tok in st.valid.items() if name not in ("line", "align")]
        if other:
            lost.append(f"WebVTT settings {' '.join(other)}")
    vtt_raw = ex.get("vtt.raw")
    if isinstance(vtt_raw, str) and target != "vtt":
        from .vtt.payload import lost_markup

        markup = lost_markup(vtt_raw)
        if markup:
            lost.append(f"WebVTT markup: {', '.join(markup)}")
    pos = ex.get("srt.position")
    if isinstance(pos, str) and pos and target != "srt":
        lost.append(f"SRT coordinates {pos}")
    if target in _NO_STRIKETHROUGH and any(sp.kind == "s" for sp in cue.spans):
        lost.append("strikethrough")
    for what in lost:
        report.add(step, "rewritten", f"{what}: not carried to {target}", cue.source_line, cue.text)


def _tags_uncarried(tags: str, read_from: object, colours: bool) -> list[str]:
    """What of the kept ASS override blocks ``tags`` a target (not ASS) cannot hold: their
    tags, named (``colours``: but the colour, which it writes); a colour of blocks read from
    another format (``read_from``: :data:`TAGS_FROM`) named as it was written there."""
    # (a style reset, kept after other kept tags, only ends them: named with them where lost)
    names = set(_ASS_TAG.findall(tags)) - {"r"}
    colour = names & _COLOUR_TAGS
    if colours:
        names -= colour
        colour = set()
    written = _COLOUR_WRITTEN.get(str(read_from)) if colour else None
    if written is not None:  # (read from a format of its own: said as the user wrote it)
        names -= colour
    lost = [f"ASS override tags ({', '.join(sorted(names))})"] if names else []
    return [*lost, written] if written is not None else lost


def _fonts_uncarried(fonts: tuple[str, ...], target: str, colours: bool) -> list[str]:
    """What of the SRT ``fonts`` over a whole cue the ``target`` (not SRT) cannot hold: each font
    ASS has no tag for an attribute of (:func:`font_ass_tags`); where the colour is written
    (``colours``: TTML's ``tts:color``, MicroDVD's ``{C:$BBGGRR}``), what else each holds; in the
    others, each font."""
    if target == "ass":
        return [f"font tag {font}" for font in font_ass_tags(fonts)[1]]
    if not colours:
        return [f"font tag {font}" for font in fonts]
    out: list[str] = []
    for font in fonts:
        rgb, rest = font_parts(font)
        if rgb is None:
            out.append(f"font tag {font}")
        elif rest:
            out.append(f"font {rest} of {font}")
    return out


class Unwritten:
    """The cues whose italic/bold/underline (spans) or placement a writer cannot write, counted
    as it writes them (:meth:`add`) and reported once each when it is done (:meth:`say`):
    ``dropped: italic/bold/underline of 2 cues: sbv has no styling``, ``dropped: placement of 1
    cues: sbv has no positioning``.  Every writer of a format without ``Format.markup`` (or
    ``placement``) counts with one, so that what it leaves out is never silent; ``styling`` says
    what the format has (a writer of some spans: ``has only whole lines in italics``).

    Given the ``track`` written, the formatting and placement of its ASS styles count too (a cue
    in an italic or a top style: :func:`style_formatting`, :func:`style_alignments`), as do a
    cue's WebVTT ``line``/``align`` settings; given the ``report``, each cue added that holds
    markup the format cannot hold (ASS override tags, SRT fonts and coordinates, other WebVTT
    settings and markup) is reported as it is added, once per cue with its line
    (:func:`report_uncarried`, the target named by ``step``).

    >>> lost, r = Unwritten("tmp"), Report()
    >>> lost.add(Cue(0, 1, ("a",), (Span(0, 1, "b"),), extras={"srt.align": "8"})); lost.add(Cue(0, 1, ("b",)))
    >>> lost.say(r); [e.reason for e in r.entries]
    ['italic/bold/underline of 1 cues: tmp has no styling', 'placement of 1 cues: tmp has no positioning']
    >>> lost, r = Unwritten("sbv", report=Report()), Report()
    >>> lost.add(Cue(0, 1, ("a",), extras={"ass.tags": "{\\\\pos(1,2)}"}, source_line=9))
    >>> [(e.line, e.reason) for e in lost.report.entries]
    [(9, 'ASS override tags (pos): not carried to sbv')]
    """

    def __init__(
        self, step: str, styling: str = "has no styling", *, track: Track | None = None, report: Report | None = None
    ) -> None:
        self.step, self.styling, self.report = step, styling, report
        self.spans = self.placed = 0
        with_styles = track is not None and "ass.styles" in track.meta
        self.looks = style_formatting(track) if with_styles and track is not None else {}
        self.aligns = style_alignments(track) if with_styles and track is not None else {}

    def add(self, cue: Cue, spans_lost: bool | None = None) -> None:
        """Count ``cue``, written: its spans lost (``spans_lost``; by default whether it has any,
        or its ASS style turns some on) and its placement (other than bottom centre, the
        default); what else of its markup is lost reported, when the report was given."""
        if spans_lost is None:
            spans_lost = bool(cue.spans) or bool(self.looks and self.looks.get(cue_style(cue)))
        self.spans += spans_lost
        if cue.extras or self.aligns:
            self.placed += cue_align(cue, self.aligns) not in (None, "2")
            if self.report is not None and cue.extras:
                report_uncarried(cue, self.step, self.report, self.step)

    def say(self, report: Report) -> None:
        """Report what was counted, one ``dropped`` entry for the spans and one for placement."""
        if self.spans:
            reason = f"italic/bold/underline of {self.spans} cues: {self.step} {self.styling}"
            report.add(self.step, "dropped", reason)
        if self.placed:
            report.add(self.step, "dropped", f"placement of {self.placed} cues: {self.step} has no positioning")


#: what of an ASS style no target but ASS holds, each said when some style draws it: a test of
#: the style's fields (by lower-case name, :func:`_style_fields`) and its words
_STYLE_LOST: tuple[tuple[str, Callable[[dict[str, str]], bool]], ...] = (
    ("font name and size", lambda f: True),
    ("outline", lambda f: f.get("borderstyle", "1").strip() != "3" and _number(f.get("outline")) > 0),
    ("opaque box", lambda f: f.get("borderstyle", "1").strip() == "3"),
    ("shadow", lambda f: _number(f.get("shadow")) > 0),
    (
        "transparency",
        lambda f: (colour_number(f.get("primarycolour", "")) or 0) >> 24 != 0 or _number(f.get("alphalevel")) > 0,
    ),
    ("scaling", lambda f: _number(f.get("scalex"), 100) != 100 or _number(f.get("scaley"), 100) != 100),
    ("letter spacing", lambda f: _number(f.get("spacing")) != 0),
    ("rotation", lambda f: _number(f.get("angle")) != 0),
    ("margins", lambda f: any(_number(f.get(m)) != 0 for m in ("marginl", "marginr", "marginv"))),
)


def _number(text: str | None, default: float = 0) -> float:
    try:
        return float(text) if text is not None else default
    except ValueError:
        return default


def styles_carried(target: str) -> Callable[[Track, str, str], str | None]:
    """The reason (``Format.unheld_partly``) the header report of a writer of ``target`` gives
    for a track's ASS styles (``ass.styles``), which it does not write but carries part of to
    each cue (their bold/italic/underline/strikeout, placement, and in SRT and TTML their
    colour: :func:`styled`): what it carries, and what of them it has no place for; None (the
    usual "not written") when it carries nothing of them.

    >>> red = "Style: Red,Arial,20,&H000000FF,&H0,&H0,&H0,-1,0,0,0,100,100,0,0,1,2,2,2,9,9,9,1"
    >>> t = Track((), meta={"ass.styles": (red,)})
    >>> print(styles_carried("srt")(t, "ass.styles", "the ASS/SSA styles (1)"))  # doctest: +NORMALIZE_WHITESPACE
    the ASS/SSA styles (1) not written but for their bold and colour (on each cue):
    srt has no place for their font name and size, outline, shadow and margins
    """

    def said(track: Track, key: str, what: str) -> str | None:
        if key != "ass.styles":
            return None
        looks = style_formatting(track)
        kinds = {kind for found in looks.values() for kind in found}
        carried = [
            name
            for kind, name in (("b", "bold"), ("i", "italic"), ("u", "underline"), ("s", "strikeout"))
            if kind in kinds
        ]
        if target in _NO_STRIKETHROUGH:
            carried = [name for name in carried if name != "strikeout"]
        if target in _COLOUR_TARGETS and style_colours(track):
            carried.append("colour")
        if style_alignments(track):
            carried.append("placement")
        if not carried:
            return None
        fields = list(_style_fields(track))
        lost = [name for name, drawn in _STYLE_LOST if any(drawn(f) for f in fields)]
        if target not in _COLOUR_TARGETS and style_colours(track):
            lost.insert(1, "colour")
        kept = f"{what} not written but for their {_listed(carried)} (on each cue)"
        return f"{kept}: {target} has no place for their {_listed(lost)}"

    return said


def _listed(words: list[str]) -> str:
    """``a, b and c``."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"

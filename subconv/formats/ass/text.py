"""ASS event text both ways: override blocks (``{\\i1}``, ``{\\an8}``, kept tags, drawings) and
escapes to the model's lines and spans, and the model back to event text."""

from __future__ import annotations

from collections.abc import Sequence

from ...model import Span
from ...report import Report
from ...timefmt import field_value
from ..escapes import ASS_ESCAPES, escape_ass, unescape_ass, wj_decode

STEP = "ass"


def _split_tags(block: str) -> tuple[str, list[str]]:
    r"""Split an override block's content into (comment text, tags without ``\``), parens kept whole.

    >>> _split_tags(r"x\pos(1,2)\t(\i1)\b1")
    ('x', ['pos(1,2)', 't(\\i1)', 'b1'])
    """
    first = block.find("\\")
    if first < 0:
        return block, []
    comment = block[:first]
    tags: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in block[first + 1 :]:
        if ch == "\\" and depth == 0:
            tags.append("".join(cur))
            cur = []
            continue
        if ch == "(":
            depth += 1
        elif ch == ")" and depth > 0:
            depth -= 1
        cur.append(ch)
    tags.append("".join(cur))
    return comment, [t for t in tags if t]


def _flag(tag: str, letter: str) -> bool | None:
    """For ``\\i1``-style tags: True (on), False (off), None (not this tag)."""
    if not tag.startswith(letter):
        return None
    arg = tag[1:].strip()
    if arg == "":
        return False
    if not arg.isdigit():
        return None
    v = field_value(arg)
    if v is None:  # more digits than any weight: on
        return True
    if letter == "b":
        return v == 1 or v >= 500
    return v != 0


def parse_ass_text(
    raw: str, line_no: int | None, report: Report, step: str = STEP
) -> tuple[tuple[str, ...], tuple[Span, ...], str | None, str | None]:
    r"""An ASS event's text to (lines, spans, kept override blocks, alignment).

    >>> parse_ass_text(r"{\an8\pos(1,2)}a\hb\N{\b1}c{\b0}", 1, Report())
    (('a\xa0b', 'c'), (Span(start=4, end=5, kind='b'),), '{\\pos(1,2)}', '8')
    """
    if "{" not in raw:  # no override block: only the escapes
        return tuple(unescape_ass(raw).split("\n")), (), None, None
    out: list[str] = []
    length = 0
    spans: list[Span] = []
    open_at: dict[str, int] = {}
    kept: list[str] = []
    align: str | None = None
    drawing = False
    dropped: list[str] = []
    i = 0
    n = len(raw)
    next_close = -1

    def close(kind: str) -> None:
        st = open_at.pop(kind, None)
        if st is not None and length > st:
            spans.append(Span(st, length, kind))  # type: ignore[arg-type]

    while i < n:
        ch = raw[i]
        if ch == "{":
            if next_close <= i:
                next_close = raw.find("}", i + 1)
                if next_close < 0:
                    next_close = n + 1  # no closing brace anywhere after: every later "{" is literal
            j = next_close if next_close <= n else -1
            if j >= 0:
                comment, tags = _split_tags(raw[i + 1 : j])
                keep: list[str] = []
                for tag in tags:
                    handled = False
                    for kind in ("i", "b", "u"):
                        on = _flag(tag, kind)
                        if on is not None:
                            handled = True
                            if on and kind not in open_at:
                                open_at[kind] = length
                            elif not on:
                                close(kind)
                            break
                    if handled:
                        continue
                    if tag.startswith("an") and len(tag) == 3 and tag[2] in "123456789":
                        if align is None:
                            align = tag[2]
                            continue
                    elif tag[0] == "p" and tag[1:].isdigit():
                        drawing = tag[1:].strip("0") != ""
                        continue
                    elif tag == "r":
                        for kind in list(open_at):
                            close(kind)
                        continue
                    elif tag[0] == "r":
                        for kind in list(open_at):
                            close(kind)
                    keep.append("\\" + tag)
                if comment or keep:
                    kept.append("{" + comment + "".join(keep) + "}")
                i = j + 1
                continue
        piece = ch
        if ch == "\\" and i + 1 < n:
            read = ASS_ESCAPES.get(raw[i + 1])
            if read is not None:
                piece = read
                i += 1
        i += 1
        if drawing:
            dropped.append(piece)
            continue
        out.append(piece)
        length += len(piece)
    for kind in list(open_at):
        close(kind)
    if dropped:
        report.add(step, "dropped", "drawing (\\p) commands", line_no, "".join(dropped))
    spans.sort(key=lambda s: (s.start, s.end, s.kind))
    text, mapped = wj_decode("".join(out), spans)
    return tuple(text.split("\n")), mapped, "".join(kept) or None, align


def event_text(lines: tuple[str, ...], spans: Sequence[Span], tags: object, align: object) -> str:
    prefix = ""
    if isinstance(align, str) and len(align) == 1 and align in "123456789":
        prefix += f"{{\\an{align}}}"
    if isinstance(tags, str):
        prefix += tags
    return prefix + escape_ass("\n".join(lines), spans)

"""ASS event text both ways: override blocks (``{\\i1}``, ``{\\an8}``, kept tags, drawings) and
escapes to the model's lines and spans, and the model back to event text."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from ...model import Span, SpanKind, Word
from ...report import Report
from ...textdiff import text_changes
from ...timefmt import ascii_digits, field_value
from ..escapes import ASS_ESCAPES, ASS_SPAN_TAGS, WJ, escape_ass, unescape_ass, wj_decode, wj_offsets

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
    if not ascii_digits(arg):
        return None
    v = field_value(arg)
    if v is None:  # more digits than any weight: on
        return True
    if letter == "b":
        return v == 1 or v >= 500
    return v != 0


class _Overrides:
    """What the override blocks of one event say: spans opened and closed (at offsets of the
    plain text), the first ``\\anN``, whether a drawing (``\\p1``) is on, the blocks kept and
    where (offsets of the plain text), whether a tag the model holds stood in one of them."""

    def __init__(self, style: tuple[SpanKind, ...] = ()) -> None:
        self.spans: list[Span] = []
        self.style = style  # the span kinds the event's style turns on (a \\r turns them on again)
        self.open_at: dict[str, int] = dict.fromkeys(style, 0)
        self.kept: list[str] = []
        self.kept_at: list[int] = []
        self.align: str | None = None
        self.drawing = False
        self.joined = False
        self.tagged = False  # (a tag kept before: a style reset, \\r, ends it too, and is kept with it)

    def close(self, kind: str, length: int) -> None:
        """End the span of ``kind`` open (if any) at ``length``; an empty one is dropped."""
        st = self.open_at.pop(kind, None)
        if st is not None and length > st:
            self.spans.append(Span(st, length, kind))  # type: ignore[arg-type]

    def close_all(self, length: int) -> None:
        """End every open span at ``length``."""
        for kind in list(self.open_at):
            self.close(kind, length)

    def block(self, content: str, length: int) -> None:
        """Apply the override block ``content`` (between the braces) met at ``length``; keep what
        the model cannot hold (comments, other tags) as a block of its own."""
        comment, tags = _split_tags(content)
        keep: list[str] = []
        for tag in tags:
            if not self.tag(tag, length):
                keep.append(tag)
                self.tagged = True
        if comment or keep:
            self.joined = self.joined or len(keep) < len(tags)
            self.kept.append("{" + comment + "".join("\\" + tag for tag in keep) + "}")
            self.kept_at.append(length)

    def tag(self, tag: str, length: int) -> bool:
        """Apply one tag (without ``\\``); False when it is to be kept in the text as it is."""
        for kind in ("i", "b", "u", "s"):
            on = _flag(tag, kind)
            if on is not None:
                if on and kind not in self.open_at:
                    self.open_at[kind] = length
                elif not on:
                    self.close(kind, length)
                return True
        if tag.startswith("an") and len(tag) == 3 and tag[2] in "123456789":
            if self.align is None:
                self.align = tag[2]
                return True
            return False
        if tag[0] == "p" and ascii_digits(tag[1:]):
            self.drawing = tag[1:].strip("0") != ""
            return True
        if tag[0] == "r":  # a style reset ends the spans (the style's own start again); \\rName is kept,
            self.close_all(length)  # and \\r after a kept tag (a colour: the style's again, colour_runs)
            if tag == "r":
                self.open_at.update(dict.fromkeys(self.style, length))
            return tag == "r" and not self.tagged
        return False


def parse_ass_text(
    raw: str, line_no: int | None, report: Report, step: str = STEP, style: tuple[SpanKind, ...] = ()
) -> tuple[tuple[str, ...], tuple[Span, ...], str | None, tuple[str, ...] | None, str | None]:
    r"""An ASS event's text to (lines, spans, kept override blocks, where they stand, alignment):
    the offset in the text of each kept block (the extra ``ass.tags.at``), or None when every one
    is at the start; ``style``: the
    span kinds the event's style turns on (spans from the start, which ``{\i0}`` ends), which
    the reader leaves to the style (:func:`subconv.formats.placement.styled`).

    >>> parse_ass_text(r"{\an8\pos(1,2)}a\hb\N{\b1}c{\b0}", 1, Report())
    (('a\xa0b', 'c'), (Span(start=4, end=5, kind='b'),), '{\\pos(1,2)}', None, '8')
    >>> parse_ass_text(r"{\bord0}red, {\1c&HFF0000&}blue", 1, Report())[2:4]
    ('{\\bord0}{\\1c&HFF0000&}', ('0', '5'))
    """
    return _read_text(raw, line_no, report, step, style)[:5]


def _read_text(
    raw: str, line_no: int | None, report: Report, step: str = STEP, style: tuple[SpanKind, ...] = ()
) -> tuple[tuple[str, ...], tuple[Span, ...], str | None, tuple[str, ...] | None, str | None, bool]:
    """:func:`parse_ass_text`, and whether a tag the model holds stood in a kept block."""
    if "{" not in raw and not style:  # no override block: only the escapes
        return tuple(unescape_ass(raw).split("\n")), (), None, None, None, False
    out: list[str] = []
    length = 0
    state = _Overrides(style)
    dropped: list[str] = []
    i = 0
    n = len(raw)
    next_close = -1
    while i < n:
        ch = raw[i]
        if ch == "{":
            if next_close <= i:
                next_close = raw.find("}", i + 1)
                if next_close < 0:
                    next_close = n + 1  # no closing brace anywhere after: every later "{" is literal
            if next_close <= n:
                state.block(raw[i + 1 : next_close], length)
                i = next_close + 1
                continue
        piece = ch
        if ch == "\\" and i + 1 < n:
            read = ASS_ESCAPES.get(raw[i + 1])
            if read is not None:
                piece = read
                i += 1
        i += 1
        if state.drawing:
            dropped.append(piece)
            continue
        out.append(piece)
        length += len(piece)
    state.close_all(length)
    if dropped:
        report.add(step, "dropped", "drawing (\\p) commands", line_no, "".join(dropped))
    spans = sorted(state.spans, key=lambda s: (s.start, s.end, s.kind))
    plain = "".join(out)
    text, mapped = wj_decode(plain, spans)
    at = None
    if any(state.kept_at):
        at = tuple(str(o) for o in wj_offsets(plain, state.kept_at))
    return tuple(text.split("\n")), mapped, "".join(state.kept) or None, at, state.align, state.joined


def holds_drawing(raw: str) -> bool:
    r"""Whether the event text ``raw`` draws: text read while a drawing (``\p1``, any scale but
    0) is on, which the reader leaves out of the cue's text (reported ``dropped``); pysubs2's
    ``SSAEvent.is_drawing``.

    >>> holds_drawing(r"{\p1}m 0 0 l 100 0 100 100{\p0}"), holds_drawing(r"{\p0}Hi"), holds_drawing(r"Hi{\p1}")
    (True, False, False)
    """
    if "\\p" not in raw:
        return False
    # (a piece neither of the text nor a block: a drawing's)
    return any(
        not text and not (len(piece) > 1 and piece[0] == "{" and piece[-1] == "}") for piece, _, text in _pieces(raw)
    )


def _pieces(raw: str) -> list[tuple[str, int, bool]]:
    r"""The event text ``raw`` in the pieces :func:`parse_ass_text` reads it by: each override
    block, escape (``\N``, ``\h``, ``\{``) or character, with the offset of the plain text it
    stands at and whether it is a character of that text (not a block, nor a drawing's).

    >>> _pieces(r"{\i1}a\Nb")
    [('{\\i1}', 0, False), ('a', 0, True), ('\\N', 1, True), ('b', 2, True)]
    """
    out: list[tuple[str, int, bool]] = []
    state = _Overrides()
    length = i = 0
    n = len(raw)
    next_close = -1
    while i < n:
        if raw[i] == "{":
            if next_close <= i:
                next_close = raw.find("}", i + 1)
                if next_close < 0:
                    next_close = n + 1
            if next_close <= n:
                state.block(raw[i + 1 : next_close], length)
                out.append((raw[i : next_close + 1], length, False))
                i = next_close + 1
                continue
        size = 2 if raw[i] == "\\" and i + 1 < n and raw[i + 1] in ASS_ESCAPES else 1
        out.append((raw[i : i + size], length, not state.drawing))
        length += not state.drawing
        i += size
    return out


def edited_event_text(raw: str, text: str) -> str | None:
    r"""The event text ``raw`` with its plain text made ``text``: each change of the text
    (:func:`~subconv.model.text_changes`) written in place of what it replaces, the override
    blocks and escapes of the rest as they were, a block inside a change before what replaced
    it (where :meth:`~subconv.model.Cue.with_text` moves the cue's tags and spans). None where
    either holds a U+2060 (the writer's escape: offsets of another text).  The caller checks that
    the result reads as the edited cue (a span ended inside a change does not).

    >>> edited_event_text(r"{\an8\i1}Hello there{\i0}", "Bye there")
    '{\\an8\\i1}Bye there{\\i0}'
    >>> edited_event_text(r"{\fs20\b1}Hello {\i1\c&H0000FF&}there\Nyou", "Hello {big}\nthere")
    '{\\fs20\\b1}Hello {\\i1\\c&H0000FF&}\\{big}\\Nthere'
    >>> edited_event_text(r"a\b1", "a\\h") == "a\\\u2060h"  # (a backslash of the text before h: not \h)
    True
    """
    if WJ in raw or WJ in text:
        return None
    pieces = _pieces(raw)
    old = unescape_ass("".join(piece for piece, _, plain in pieces if plain))
    changes = text_changes(old, text)
    out: list[str] = []

    def put(piece: str) -> None:  # (a backslash brought before an escape's letter: a WJ between)
        if piece and out and out[-1].endswith("\\") and piece[0] in ASS_ESCAPES:
            out.append(WJ)
        if piece:
            out.append(piece)

    k = 0
    for piece, at, plain in pieces:
        while k < len(changes) and at >= changes[k][1] and (plain or at > changes[k][0]):
            put(escape_ass(text[changes[k][2] : changes[k][3]]))  # (the change is before this piece)
            k += 1
        if plain and k < len(changes) and changes[k][0] <= at:
            continue  # (a character of the text replaced)
        put(piece)
    for _, _, j1, j2 in changes[k:]:
        put(escape_ass(text[j1:j2]))
    return "".join(out)


#: a karaoke tag (``\k``, ``\K``, ``\kf``, ``\ko``) and its duration in centiseconds
_KARAOKE = re.compile(r"(?:kf|ko|k|K)([0-9]+)\Z")


def _blocks(raw: str) -> Iterator[tuple[int, int]]:
    r"""Where the override blocks of the event text ``raw`` are (``{`` and ``}`` offsets), as
    :func:`parse_ass_text` reads them: ``\{`` is a brace of the text, a ``{`` with no ``}``
    after it too.

    >>> list(_blocks(r"a{\b1}\{x}{y"))
    [(1, 5)]
    """
    i, n = 0, len(raw)
    while i < n:
        ch = raw[i]
        if ch == "\\" and raw[i + 1 : i + 2] in ASS_ESCAPES:
            i += 2
            continue
        if ch == "{":
            close = raw.find("}", i + 1)
            if close < 0:
                return
            yield i, close
            i = close
        i += 1


def karaoke_words(raw: str, start: int, end: int) -> tuple[Word, ...]:
    r"""The word times the karaoke tags of the event text ``raw`` (of a cue from ``start`` to
    ``end`` ms) give (``Cue.words``): each syllable, the text from one ``\k``/``\K``/``\kf``/``\ko``
    tag to the next (stripped), starts after the durations of the tags before it and lasts its
    own; a syllable of no text is a pause.  None (``()``) unless every duration is a whole number
    of centiseconds and together they fit inside the cue; text before the first tag is no word.

    >>> [(w.start, w.end, w.text) for w in karaoke_words(r"{\k50}Hello {\kf60}there,\N{\k0}{\K40}you", 1000, 3000)]
    [(1000, 1500, 'Hello'), (1500, 2100, 'there,'), (2100, 2500, 'you')]
    >>> karaoke_words(r"{\k150}Hello {\k60}there", 1000, 3000)
    ()
    """
    if "\\k" not in raw and "\\K" not in raw:
        return ()
    syllables: list[tuple[int, list[str]]] = []  # (duration in cs, text pieces)
    at = 0
    for first, close in _blocks(raw):
        if syllables:
            syllables[-1][1].append(raw[at:first])
        at = close + 1
        for tag in _split_tags(raw[first + 1 : close])[1]:
            if tag[0] == "p" and ascii_digits(tag[1:]) and tag[1:].strip("0"):
                return ()  # a drawing: no words to time
            k = _KARAOKE.match(tag)
            if k is not None:
                syllables.append((int(k.group(1)), []))
            elif tag[0] in "kK" and tag[1:2] != "t":  # a karaoke tag of no whole duration
                return ()
    if not syllables:
        return ()
    syllables[-1][1].append(raw[at:])
    if start + 10 * sum(cs for cs, _ in syllables) > end:
        return ()
    words: list[Word] = []
    t = start
    for cs, pieces in syllables:
        text = unescape_ass("".join(pieces)).strip()
        if text:
            words.append(Word(t, t + 10 * cs, text))
        t += 10 * cs
    return tuple(words)


def event_text(
    lines: Sequence[str], spans: Sequence[Span], tags: object, align: object, at: object = None, *, join: object = None
) -> str:
    r"""The event text of a cue's ``lines`` and ``spans``, its alignment first, then its kept
    override blocks ``tags`` (``ass.tags``): each where ``at`` (``ass.tags.at``) puts it, or at
    the start; ``join`` (``ass.tags.joined``) ``"1"``: the alignment and span tags inside the
    kept blocks at their place (:func:`_joined`), else in blocks of their own.

    >>> event_text(("red, blue",), (), r"{\bord0}{\1c&HFF0000&}", None, ("0", "5"))
    '{\\bord0}red, {\\1c&HFF0000&}blue'
    >>> [event_text(("big",), (Span(0, 3, "b"),), r"{\fs10}", "8", join=j) for j in (None, "1")]
    ['{\\an8}{\\fs10}{\\b1}big{\\b0}', '{\\an8\\fs10\\b1}big{\\b0}']
    """
    an = f"{{\\an{align}}}" if isinstance(align, str) and len(align) == 1 and align in "123456789" else ""
    text = "\n".join(lines)
    marks = _placed(tags, at, len(text)) if at is not None else None
    if join == "1" and isinstance(tags, str):
        if marks is None and not spans and tags.startswith("{\\") and tags.endswith("}"):  # (a sign's usual)
            return ("{" + an[1:-1] + tags[1:] if an else tags) + escape_ass(text)
        if marks is None and "".join(blocks := _BLOCK.findall(tags)) == tags:
            marks = {0: blocks}  # (all at the start)
        if marks:  # (those at the start and at the end written around the text: the same, quicker)
            marks = _joined(marks, spans, an)
            head, tail = "".join(marks.pop(0, ())), "".join(marks.pop(len(text), ()))
            return head + escape_ass(text, (), marks) + tail
    if marks is None and isinstance(tags, str):
        an += tags
    return an + escape_ass(text, spans, marks)


def read_event_text(
    raw: str, line_no: int | None, report: Report, extras: dict[str, str | tuple[str, ...]]
) -> tuple[tuple[str, ...], tuple[Span, ...]]:
    r"""An event's text ``raw`` as the reader reads it: its lines and spans, with what else it
    holds put in ``extras``: the kept override blocks (``ass.tags``), where they stand
    (``ass.tags.at``), whether tags the model holds stood in them (``ass.tags.joined``), its
    placement (``ass.align``), and the text itself (``ass.raw``) where the model cannot hold its
    markup (mid-line tags (karaoke, ``\be``...), soft breaks, drawings, tags written otherwise),
    so that ASS -> ASS renders exactly as before and writes it as read (while the cue is unchanged).

    >>> ex: dict[str, str | tuple[str, ...]] = {}
    >>> read_event_text(r"{\an8}a{\k20}b", 1, Report(), ex), ex
    ((('ab',), ()), {'ass.tags': '{\\k20}', 'ass.tags.at': ('1',), 'ass.align': '8', 'ass.raw': '{\\an8}a{\\k20}b'})
    >>> ex = {}
    >>> read_event_text(r"{\an8\pos(1,2)}a", 1, Report(), ex), ex
    ((('a',), ()), {'ass.tags': '{\\pos(1,2)}', 'ass.align': '8', 'ass.tags.joined': '1'})
    """
    lines, spans, tags, at, align, joined = _read_text(raw, line_no, report)
    if tags:
        extras["ass.tags"] = tags
    if at:
        extras["ass.tags.at"] = at
    if align:
        extras["ass.align"] = align
    if joined:
        extras["ass.tags.joined"] = "1"
    # (tags amid the text, ``at``, are never written so from the cue unchanged: see above)
    if ("{" in raw or "\\" in raw) and (at or event_text(lines, spans, tags, align, join=joined and "1") != raw):
        extras["ass.raw"] = raw
    return lines, spans


def _placed(tags: object, at: object, length: int) -> dict[int, list[str]] | None:
    """The override blocks of ``tags`` by the offset ``at`` gives each (one a text of ``length``
    has not: at its end), or None when ``at`` is no offset for each block (all at the start)."""
    if not isinstance(tags, str) or not isinstance(at, tuple):
        return None
    blocks = _BLOCK.findall(tags)
    if "".join(blocks) != tags or len(blocks) != len(at) or not all(ascii_digits(o) and len(o) < 19 for o in at):
        return None
    marks: dict[int, list[str]] = {}
    for block, offset in zip(blocks, at, strict=True):
        marks.setdefault(min(int(offset), length), []).append(block)
    return dict(sorted(marks.items()))


#: one override block of ``ass.tags``
_BLOCK = re.compile(r"\{[^}]*\}")


def kept_without_karaoke(tags: object, at: object, length: int) -> tuple[dict[int, list[str]], dict[int, str]]:
    r"""The kept override blocks ``tags`` (``ass.tags``, placed by ``at``, ``ass.tags.at``, in a
    text of ``length``) without their karaoke tags (``\k``, ``\K``, ``\kf``, ``\ko``, ``\kt``:
    new ones are written from the word times), by offset, and the karaoke kind that stood last
    at each offset (``kf``: a word swept as before).

    >>> kept_without_karaoke(r"{\k50}{\c&H0000FF&\kf60}{\ko40}", ("0", "6", "12"), 14)
    ({6: ['{\\c&H0000FF&}']}, {0: 'k', 6: 'kf', 12: 'ko'})
    """
    marks = _placed(tags, at, length)
    if marks is None:
        marks = {0: _BLOCK.findall(tags)} if isinstance(tags, str) else {}
    kept: dict[int, list[str]] = {}
    kinds: dict[int, str] = {}
    for offset, blocks in marks.items():
        for block in blocks:
            comment, split = _split_tags(block[1:-1])
            others = [t for t in split if t[:1] not in ("k", "K")]
            for t in split:
                k = _KARAOKE.match(t)
                if k is not None:
                    kinds[offset] = t[: k.start(1)]  # (the last there: the word's own, after a pause's)
            if comment or others:
                kept.setdefault(offset, []).append("{" + comment + "".join("\\" + t for t in others) + "}")
    return kept, kinds


def _joined(marks: dict[int, list[str]], spans: Sequence[Span], an: str) -> dict[int, list[str]]:
    r"""The override blocks to write at each offset: the kept ``marks``, with the model's tags
    there (``an``, the ``{\anN}`` at the start; the spans' closing tags before the kept blocks,
    opening ones after) inside the first and last of them (drawn the same as blocks of their
    own), unless the first starts with a comment or the last tag would take them in (an open
    parenthesis, a lone ``\`` at its end).

    >>> _joined({0: [r"{\pos(1,2)}"], 3: [r"{\fs}"]}, [Span(0, 3, "b")], r"{\an5}")
    {0: ['{\\an5\\pos(1,2)\\b1}'], 3: ['{\\b0\\fs}']}
    >>> _joined({0: ["{note}"]}, [Span(0, 3, "i")], r"{\an5}")
    {0: ['{\\an5}', '{note\\i1}'], 3: ['{\\i0}']}
    """
    before: dict[int, list[str]] = {0: [an]} if an else {}
    after: dict[int, list[str]] = {}
    for sp in spans:
        if sp.end > sp.start and sp.kind in ASS_SPAN_TAGS:
            opening, closing = ASS_SPAN_TAGS[sp.kind]
            after.setdefault(sp.start, []).append(opening)
            before.setdefault(sp.end, []).insert(0, closing)  # (closed in the reverse order)
    out: dict[int, list[str]] = {}
    for offset in sorted({*marks, *before, *after}):
        blocks = list(marks.get(offset, ()))
        first, last = before.get(offset, []), after.get(offset, [])
        if blocks and first and blocks[0].startswith("{\\"):
            blocks[0], first = "{" + "".join(b[1:-1] for b in first) + blocks[0][1:], []
        end = blocks[-1] if blocks else ""
        if last and end and not end.endswith("\\}") and _split_tags(end[1:-1] + "\\x")[1][-1] == "x":
            blocks[-1], last = end[:-1] + "".join(b[1:-1] for b in last) + "}", []
        out[offset] = first + blocks + last
    return out


#: an override block of span switches, style resets and placement only
_FLAG_BLOCKS = re.compile(r"\{(?:\\(?:[ibus][0-9]*|r|an[1-9]))*\}")
#: closing span tags at the very end of an event's text (its override blocks joined)
_CLOSED_AT_END = re.compile(r"(?:\{(?:\\[ibus]0)+\})+\Z")


def carries_all(raw: str, lines: tuple[str, ...], spans: Sequence[Span], align: object) -> bool:
    r"""Whether the cue read from the event text ``raw`` (no override tags kept: its ``lines``,
    ``spans`` and ``align``) renders as ``raw`` does, so another format loses nothing of it:
    override blocks split or joined, and span tags left open at the end (``{\i1}text``, as
    MicroDVD's ``{y:i}`` is read), render the same.

    >>> carries_all(r"{\i1}a\Nb", ("a", "b"), [Span(0, 3, "i")], None), carries_all(r"a{\k20}b", ("ab",), [], None)
    (True, False)
    >>> carries_all(r"{\i0}a{\r}b", ("ab",), [], None), carries_all(r"100\hkm", ("100\u00a0km",), [], None)
    (True, True)
    """
    written = event_text(lines, spans, None, align).replace("}{", "")
    raw = raw.replace("\\h", "\u00a0")  # (a hard space, ``\h``, is the U+00A0 read and written for it)
    flat = raw.replace("}{", "")
    if written == flat or _CLOSED_AT_END.sub("", written) == flat:
        return True
    # blocks of span switches, style resets and placement only (``{\i0}`` where nothing is on):
    # the spans read from them say all they do
    plain = _FLAG_BLOCKS.sub("", raw)
    return plain == escape_ass("\n".join(lines)) and parse_ass_text(raw, None, Report())[1:] == (
        tuple(spans),
        None,
        None,
        align,
    )

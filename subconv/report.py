"""What happened to the input: every dropped, merged, repaired or rewritten item.

A :class:`Report` is passed to readers, pipeline steps and writers; each adds
an :class:`Entry` for anything it changes, with the 1-based source line.  The
CLI saves it as JSON (``--report``) or prints it (``--explain``).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, MutableSequence
from dataclasses import asdict, dataclass, field
from typing import Any, Generic, Literal, TypeAlias, TypeVar, get_args, overload

Action: TypeAlias = Literal[
    "cue",  # the line became (part of) a cue
    "dropped",  # removed (chrome, duplicate, drawing, unreadable block)
    "merged",  # folded into another cue
    "split",  # cut into several cues
    "repaired",  # read with a fix (bad index, separator, overlap, ...)
    "rewritten",  # text or time changed on output (escaping, rounding, snapping)
    "kept",  # noticed but deliberately kept (e.g. a non-adjacent repeat)
    "warning",  # something the user should know (low-confidence encoding, ...)
    "info",  # facts about the run (encoding used, format detected, ...)
]


#: the report step of warnings about the run as a whole; the command line prints them on stderr
#: even without --explain (``runner.loud_warnings``): guesses every character or time of the
#: output depends on
LOUD_STEP = "convert"

#: the actions that say something was altered or flagged: all but ``cue`` and ``info``
_CHANGES: tuple[Action, ...] = tuple(a for a in get_args(Action) if a not in ("cue", "info"))


def clock(ms: int) -> str:
    """A time as report messages say it: ``m:ss``, or ``h:mm:ss`` from an hour on (cut to the second).

    >>> clock(47_500), clock(3_725_000)
    ('0:47', '1:02:05')
    """
    s = ms // 1000
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing that happened, and where.  ``detail`` (extra facts, JSON-ready) may be one
    dictionary shared by many entries (a step's entries of one kind): it is never changed."""

    step: str
    action: Action
    reason: str
    line: int | None = None
    text: str | None = None
    detail: dict[str, Any] | None = field(default=None, compare=False, hash=False)

    def describe(self) -> str:
        """One readable line.

        >>> Entry("dedupe", "dropped", "adjacent duplicate", 12, "Hi").describe()
        'line 12: dedupe: dropped: adjacent duplicate: "Hi"'
        """
        where = f"line {self.line}: " if self.line is not None else ""
        text = ""
        if self.text is not None:
            t = self.text.replace("\n", " / ")
            import json  # (not at module level: most conversions never show a report)

            text = f": {json.dumps(t[:80], ensure_ascii=False)}"
        return f"{where}{self.step}: {self.action}: {self.reason}{text}"


#: ``Entries``' line column for an entry without a line
_NO_LINE = -(1 << 31)
#: A kind of entry: its step, action and detail (one row of ``Entries._kinds``)
_Kind: TypeAlias = "tuple[str, Action, dict[str, Any] | None]"

_V = TypeVar("_V")

#: values of a :class:`_Shared` column from which it checks that they repeat enough to be shared
_SHARE_TEST = 1 << 17


class _Shared(Generic[_V]):
    """A column of strings (an entry's reason or text) held as an index per entry into a table
    of the distinct values (2 bytes an entry while there are fewer than 65,536 of them, 4 past
    that), where a ``list`` takes 8: a page's two million entries repeat a few thousand captions
    and reasons.  Where most values differ (checked from :data:`_SHARE_TEST` distinct values
    on, at each doubling), the column becomes that plain ``list``.

    >>> c = _Shared(["a", "b", "a"])
    >>> list(c), c[2], c.plain is None, list(c._ids), c._values
    (['a', 'b', 'a'], 'a', True, [0, 1, 0], ['a', 'b'])
    """

    __slots__ = ("_id_of", "_ids", "_test", "_values", "plain")

    def __init__(self, values: Iterable[_V] = ()) -> None:
        self._ids = array("H")
        self._values: list[_V] = []
        self._id_of: dict[_V, int] = {}
        self._test = _SHARE_TEST
        self.plain: list[_V] | None = None  # (once the values mostly differ: the column itself)
        self.extend(values)

    def _new(self, value: _V) -> int:
        """The index of ``value``, not in the table yet (put in it)."""
        i = self._id_of[value] = len(self._values)
        self._values.append(value)
        if i == 1 << 16:
            self._ids = array("I", self._ids)
        return i

    def _check(self) -> None:
        """Go plain where most values differ (a transcript's paragraphs, a step's times)."""
        if len(self._values) >= self._test:
            if 4 * len(self._values) > len(self._ids):
                self.plain = list(self)
                self._ids, self._values, self._id_of = array("H"), [], {}
            else:
                self._test *= 2

    def append(self, value: _V) -> None:
        plain = self.plain
        if plain is not None:
            plain.append(value)
            return
        i = self._id_of.get(value)
        if i is None:
            i = self._new(value)
            self._ids.append(i)
            self._check()
            return
        self._ids.append(i)

    def _indexes(self, values: Iterable[_V]) -> array[int]:
        """``values`` as indexes into the table (which gains those it lacks)."""
        if isinstance(values, _Shared) and values.plain is None:
            remap = [self._index(v) for v in values._values]
            ids = [remap[i] for i in values._ids]
        else:
            ids = [self._index(v) for v in values]
        return array(self._ids.typecode, ids)  # (as wide as the column is after its new values)

    def _index(self, value: _V) -> int:
        i = self._id_of.get(value)
        return self._new(value) if i is None else i

    def extend(self, values: Iterable[_V]) -> None:
        if self.plain is not None:
            self.plain.extend(values)
            return
        if values is self:
            values = list(self)
        ids = self._indexes(values)
        self._ids.extend(ids)
        self._check()

    @overload
    def __getitem__(self, i: int) -> _V: ...

    @overload
    def __getitem__(self, i: slice) -> list[_V]: ...

    def __getitem__(self, i: int | slice) -> _V | list[_V]:
        plain = self.plain
        if plain is not None:
            return plain[i]
        if isinstance(i, slice):
            return [self._values[k] for k in self._ids[i]]
        return self._values[self._ids[i]]

    def __iter__(self) -> Iterator[_V]:
        plain = self.plain
        return iter(plain) if plain is not None else map(self._values.__getitem__, self._ids)

    def __setitem__(self, where: slice, values: Iterable[_V]) -> None:
        """``values`` in place of the range ``where`` (a step of 1)."""
        if self.plain is not None:
            self.plain[where] = values
            return
        ids = self._indexes(list(values) if values is self else values)
        self._ids[where] = ids
        self._check()

    def __delitem__(self, where: int | slice) -> None:
        if self.plain is not None:
            del self.plain[where]
        else:
            del self._ids[where]

    def __reduce__(self) -> tuple[Any, tuple[list[_V]]]:
        return (_Shared, (list(self),))


class Entries(MutableSequence[Entry]):
    """A report's entries, held by column: per entry, its kind (step, action and detail, kept
    once in a table), its reason and text (:class:`_Shared`: an index into the distinct ones
    where they repeat) and its line (an ``array`` of C integers) -- about 10 bytes on a page
    that repeats its captions (22 where every text differs), where an :class:`Entry` with its
    line's integer takes 120 (a page of a million captions has two million entries).  An
    :class:`Entry` is made when one is looked at; it equals the one added.  A ``list`` of them
    in every other way (indexes, slices, ``+=``, ``==``).

    >>> es = Entries([Entry("page", "cue", "caption", 3, "Hi")])
    >>> es.append(Entry("dedupe", "dropped", "repeats line 3", 5, "Hi"))
    >>> es[1], len(es), es[:1] == [Entry("page", "cue", "caption", 3, "Hi")]
    (Entry(step='dedupe', action='dropped', reason='repeats line 3', line=5, text='Hi', detail=None), 2, True)
    """

    __slots__ = ("_kind", "_kind_of", "_kinds", "_line", "_reason", "_text")

    def __init__(self, entries: Iterable[Entry] = ()) -> None:
        self._kinds: list[_Kind] = []
        self._kind_of: dict[tuple[str, str, int], int] = {}  # (step, action, id(detail)) -> row of _kinds
        self._kind = array("H")  # (widened to "I" past 65,535 kinds, the lines to "q" past 2**31)
        self._reason: _Shared[str] = _Shared()
        self._line = array("i")
        self._text: _Shared[str | None] = _Shared()
        self.extend(entries)

    def _kind_index(self, step: str, action: Action, detail: dict[str, Any] | None) -> int:
        key = (step, action, id(detail))  # (the table holds the detail: its id is not reused)
        k = self._kind_of.get(key)
        if k is None:
            k = self._kind_of[key] = len(self._kinds)
            self._kinds.append((step, action, detail))
        return k

    def add(
        self,
        step: str,
        action: Action,
        reason: str,
        line: int | None,
        text: str | None,
        *,
        detail: dict[str, Any] | None = None,
    ) -> None:
        """Append the entry these fields make (without making it)."""
        key = (step, action, id(detail))
        k = self._kind_of.get(key)
        if k is None:
            k = self._kind_index(step, action, detail)
        try:
            self._kind.append(k)
        except OverflowError:
            self._kind = array("I", self._kind)
            self._kind.append(k)
        try:
            self._line.append(_NO_LINE if line is None else line)
        except OverflowError:
            self._line = array("q", self._line)
            self._line.append(line)  # type: ignore[arg-type]  # (not None: it overflowed)
        # (``_Shared.append``'s common case inline: a value met before; a plain column's ``_id_of``
        # is empty)
        reasons, texts = self._reason, self._text
        i = reasons._id_of.get(reason)
        if i is None:
            reasons.append(reason)
        else:
            reasons._ids.append(i)
        i = texts._id_of.get(text)
        if i is None:
            texts.append(text)
        else:
            texts._ids.append(i)

    def _columns_of(self, other: Entries) -> tuple[array[int], array[int]]:
        """``other``'s kinds as this table's, and its lines, each as wide as these columns (which
        are widened for them where they must be)."""
        remap = [self._kind_index(*kind) for kind in other._kinds]
        if len(self._kinds) > 1 << 16 and self._kind.typecode == "H":
            self._kind = array("I", self._kind)
        kinds = array(self._kind.typecode, [remap[k] for k in other._kind])
        lines = other._line
        if lines.typecode != self._line.typecode:
            if self._line.typecode == "i":
                self._line = array("q", self._line)
            else:
                lines = array("q", lines)
        return kinds, lines

    def append(self, value: Entry) -> None:
        self.add(value.step, value.action, value.reason, value.line, value.text, detail=value.detail)

    def extend(self, values: Iterable[Entry]) -> None:
        if isinstance(values, Entries):
            if values is self:
                values = Entries(values)
            kinds, lines = self._columns_of(values)
            self._kind.extend(kinds)
            self._reason.extend(values._reason)
            self._line.extend(lines)
            self._text.extend(values._text)
            return
        for e in values:
            self.add(e.step, e.action, e.reason, e.line, e.text, detail=e.detail)

    def __iadd__(self, values: Iterable[Entry]) -> Entries:
        self.extend(values)
        return self

    def __len__(self) -> int:
        return len(self._kind)

    def _entry(self, i: int) -> Entry:
        step, action, detail = self._kinds[self._kind[i]]
        line = self._line[i]
        return Entry(step, action, self._reason[i], None if line == _NO_LINE else line, self._text[i], detail)

    @overload
    def __getitem__(self, i: int) -> Entry: ...

    @overload
    def __getitem__(self, i: slice) -> list[Entry]: ...

    def __getitem__(self, i: int | slice) -> Entry | list[Entry]:
        if isinstance(i, slice):
            return [self._entry(j) for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError("report entry index out of range")
        return self._entry(i)

    def __iter__(self) -> Iterator[Entry]:
        for i in range(len(self._kind)):
            yield self._entry(i)

    @overload
    def __setitem__(self, i: int, value: Entry) -> None: ...

    @overload
    def __setitem__(self, i: slice, value: Iterable[Entry]) -> None: ...

    def __setitem__(self, i: int | slice, value: Entry | Iterable[Entry]) -> None:
        if isinstance(i, slice):
            start, stop, stride = i.indices(len(self))
            assert not isinstance(value, Entry)
            if stride != 1:  # (an extended slice: through a list)
                whole = list(self)
                whole[i] = list(value)
                self._set_all(whole)
                return
            new = value if isinstance(value, Entries) else Entries(value)
            kinds, lines = self._columns_of(new)
            stop = max(start, stop)
            self._kind[start:stop] = kinds
            self._reason[start:stop] = new._reason
            self._line[start:stop] = lines
            self._text[start:stop] = new._text
            return
        assert isinstance(value, Entry)
        if not -len(self) <= i < len(self):
            raise IndexError("report entry index out of range")
        i %= len(self)
        self[i : i + 1] = [value]

    def __delitem__(self, i: int | slice) -> None:
        if isinstance(i, slice):
            if i.indices(len(self))[2] != 1:
                whole = list(self)
                del whole[i]
                self._set_all(whole)
                return
            del self._kind[i], self._reason[i], self._line[i], self._text[i]
            return
        if not -len(self) <= i < len(self):
            raise IndexError("report entry index out of range")
        del self._kind[i], self._reason[i], self._line[i], self._text[i]

    def _set_all(self, entries: list[Entry]) -> None:
        del self[:]
        self.extend(entries)

    def insert(self, index: int, value: Entry) -> None:
        index = len(self) if index > len(self) else index
        self[index:index] = [value]

    def of_action(self, *actions: Action) -> Iterator[Entry]:
        """The entries whose action is one of ``actions``, in order (the others are not made)."""
        wanted = array("I", (k for k, kind in enumerate(self._kinds) if kind[1] in actions))
        if not wanted:
            return
        if len(wanted) == len(self._kinds):
            yield from self
            return
        flags = bytearray(len(self._kinds))
        for k in wanted:
            flags[k] = 1
        for i, k in enumerate(self._kind):
            if flags[k]:
                yield self._entry(i)

    def columns(self) -> Iterator[tuple[_Kind, str, int | None, str | None]]:
        """Each entry's (kind, reason, line, text), without making an :class:`Entry`."""
        kinds = self._kinds
        for k, reason, line, text in zip(self._kind, self._reason, self._line, self._text, strict=True):
            yield kinds[k], reason, None if line == _NO_LINE else line, text

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Entries | list | tuple):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Entries({list(self)!r})"

    def __reduce__(self) -> tuple[Any, tuple[list[_Kind], array[int], list[str], array[int], list[str | None]]]:
        return (_entries, (self._kinds, self._kind, list(self._reason), self._line, list(self._text)))


def _entries(
    kinds: list[_Kind], kind: array[int], reason: list[str], line: array[int], text: list[str | None]
) -> Entries:
    """:class:`Entries` unpickled (the table of kinds is keyed by its details' ids: made again)."""
    es = Entries()
    es._kinds = kinds
    es._kind_of = {(step, action, id(detail)): k for k, (step, action, detail) in enumerate(kinds)}
    es._kind, es._reason, es._line, es._text = kind, _Shared(reason), line, _Shared(text)
    return es


class Report:
    """An ordered list of :class:`Entry` plus a few run facts (``info``).  ``entries`` is an
    :class:`Entries` (held by column; a ``list`` in use); assigning it any iterable of entries
    is allowed."""

    def __init__(self) -> None:
        self._entries = Entries()
        self.info: dict[str, Any] = {}

    @property
    def entries(self) -> Entries:
        """The entries, in the order they were added."""
        return self._entries

    @entries.setter
    def entries(self, value: Iterable[Entry]) -> None:
        self._entries = value if isinstance(value, Entries) else Entries(value)

    def add(
        self,
        step: str,
        action: Action,
        reason: str,
        line: int | None = None,
        text: str | None = None,
        **detail: Any,
    ) -> None:
        """Record one entry."""
        self._entries.add(step, action, reason, line, text, detail=detail or None)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries)

    def by_action(self, action: Action) -> list[Entry]:
        """Entries whose action is ``action``."""
        return list(self._entries.of_action(action))

    def changes(self) -> list[Entry]:
        """Entries other than ``cue`` and ``info``: what was altered or flagged."""
        return list(self._entries.of_action(*_CHANGES))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary: ``{"info": {...}, "entries": [...]}``."""
        out = []
        for e in self._entries:
            d = asdict(e)
            if d["detail"] is None:
                del d["detail"]
            out.append(d)
        return {"info": self.info, "entries": out}

    def to_json(self) -> str:
        """The report as indented JSON text (:meth:`json_pieces`, joined)."""
        return "".join(self.json_pieces())

    def json_pieces(self) -> Iterator[str]:
        """:meth:`to_json`'s text a piece at a time, an entry a piece: the text
        ``json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\\n"`` gives, without
        the dictionaries of every entry, or the whole text, in memory at once (a page of a
        million captions has two million entries).

        >>> r = Report()
        >>> r.info["format"] = "srt"
        >>> r.add("srt", "repaired", "x", 3)
        >>> print("".join(r.json_pieces()), end="")
        {
          "info": {
            "format": "srt"
          },
          "entries": [
            {
              "step": "srt",
              "action": "repaired",
              "reason": "x",
              "line": 3,
              "text": null
            }
          ]
        }
        """
        import json

        indented = json.JSONEncoder(ensure_ascii=False, indent=2).encode
        scalar = json.JSONEncoder(ensure_ascii=False).encode
        yield '{\n  "info": ' + indented(self.info).replace("\n", "\n  ") + ',\n  "entries": '
        if not self._entries:
            yield "[]\n}\n"
            return
        opening = "[\n    "
        heads: dict[int, tuple[str, str]] = {}  # id(kind) -> its step and action written, and its detail
        for kind, reason, line, text in self._entries.columns():
            head = heads.get(id(kind))
            if head is None:
                step, action, detail = kind
                tail = "" if detail is None else ',\n      "detail": ' + indented(detail).replace("\n", "\n      ")
                head = heads[id(kind)] = (f'{{\n      "step": {scalar(step)},\n      "action": {scalar(action)},', tail)
            yield (
                f'{opening}{head[0]}\n      "reason": {scalar(reason)},\n      "line": {scalar(line)},'
                f'\n      "text": {scalar(text)}{head[1]}\n    }}'
            )
            opening = ",\n    "
        yield "\n  ]\n}\n"

    def explain(self, include_cues: bool = False) -> str:
        """Readable lines, one per entry (``cue`` entries only when asked)."""
        lines = [f"{k}: {v}" for k, v in self.info.items()]
        lines += [e.describe() for e in self._entries if include_cues or e.action != "cue"]
        return "\n".join(lines) + ("\n" if lines else "")

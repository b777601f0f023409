"""The format-neutral cue model.

Times are integer milliseconds everywhere.  A cue's text is plain lines: no
format markup inside.  Inline formatting is kept as :class:`Span` objects that
index into ``cue.text`` (the lines joined with ``"\\n"``).  Whatever a format
carries that the model has no field for goes into ``extras`` (per cue) or
``Track.meta`` (per file), both immutable mappings of strings.
"""

from __future__ import annotations

import math
import operator
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import FrozenInstanceError, dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any, Literal, TypeAlias, TypedDict, TypeVar, Unpack, overload

# (the text algorithms the model's edits use: re-exported, importable from here as before)
from .textdiff import Change as Change  # noqa: PLC0414
from .textdiff import moved_offset as moved_offset  # noqa: PLC0414
from .textdiff import text_changes as text_changes  # noqa: PLC0414
from .textdiff import words_in_order as words_in_order  # noqa: PLC0414

if TYPE_CHECKING:
    import pysubs2
    import webvtt

    from .report import Report
    from .timeops import Number, TimeMap

_T = TypeVar("_T")

#: A span's formatting: italic, bold, underline, strikethrough.
SpanKind: TypeAlias = Literal["i", "b", "u", "s"]
#: Where a cue's times came from: ``given`` (as the input has them, or none yet), ``anchor`` (a
#: start read from a page's timestamp), ``estimated`` (the speaking-rate model), ``aligned``
#: (found in the media's audio).
Origin: TypeAlias = Literal["given", "anchor", "estimated", "aligned"]
MetaValue: TypeAlias = "str | tuple[str, ...]"


class FrozenMap(Mapping[str, "str | tuple[str, ...]"]):
    """An immutable, hashable, picklable string mapping.

    >>> m = FrozenMap({"b": "2", "a": "1"})
    >>> m["a"], len(m), m == {"a": "1", "b": "2"}
    ('1', 2, True)
    >>> hash(m) == hash(FrozenMap(a="1", b="2"))
    True
    """

    __slots__ = ("_data", "_hash")

    def __init__(
        self,
        data: Mapping[str, str | tuple[str, ...]] | Iterable[tuple[str, str | tuple[str, ...]]] = (),
        **kwargs: str | tuple[str, ...],
    ) -> None:
        d: dict[str, str | tuple[str, ...]] = dict(data)
        d.update(kwargs)
        self._data = d
        self._hash: int | None = None

    def __getitem__(self, key: str) -> str | tuple[str, ...]:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    @overload
    def get(self, key: str) -> str | tuple[str, ...] | None: ...

    @overload
    def get(self, key: str, default: str | tuple[str, ...] | _T) -> str | tuple[str, ...] | _T: ...

    def get(self, key: str, default: object = None) -> object:
        """``self[key]``, or ``default`` when absent (a fast path for the hot writers); typed as
        ``Mapping.get``: ``str | tuple[str, ...] | None`` without a default."""
        return self._data.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash(frozenset(self._data.items()))
        return self._hash

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return dict(self._data) == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __reduce__(self) -> tuple[Any, tuple[dict[str, str | tuple[str, ...]]]]:
        return (_frozen_map, (self._data,))  # (an empty map comes back as the one EMPTY)

    def set(self, key: str, value: str | tuple[str, ...]) -> FrozenMap:
        """Return a copy with ``key`` set to ``value``."""
        d = dict(self._data)
        d[key] = value
        return FrozenMap(d)

    def without(self, *keys: str) -> FrozenMap:
        """Return a copy without ``keys``."""
        return FrozenMap({k: v for k, v in self._data.items() if k not in keys})


EMPTY = FrozenMap()


def _frozen_map(data: dict[str, str | tuple[str, ...]]) -> FrozenMap:
    """A map unpickled: the one :data:`EMPTY` when it holds nothing (writers test ``is EMPTY``)."""
    return FrozenMap(data) if data else EMPTY


#: the kinds of :class:`Span` (:data:`SpanKind`)
_SPAN_KINDS = frozenset(("i", "b", "u", "s"))


@dataclass(frozen=True, slots=True, init=False)
class Span:
    """Inline formatting over ``cue.text[start:end]``: italic, bold, underline or strikethrough (:data:`SpanKind`)."""

    start: int
    end: int
    kind: SpanKind

    def __init__(self, start: int, end: int, kind: SpanKind) -> None:
        # (readers make millions: one test a field on the way through, the slots set directly)
        if type(start) is not int:
            start = _offset(start, "start")
        if type(end) is not int:
            end = _offset(end, "end")
        if kind not in _SPAN_KINDS:
            raise TypeError(f"Span kind must be one of 'i', 'b', 'u', 's', not {type(kind).__name__} {kind!r:.40}")
        _set_span_start(self, start)
        _set_span_end(self, end)
        _set_span_kind(self, kind)


def _slot_setter(cls: type, name: str) -> Callable[[Any, object], None]:
    """The setter of ``cls``'s slot ``name`` (past a frozen dataclass's ``__setattr__``)."""
    setter: Callable[[Any, object], None] = getattr(cls, name).__set__
    return setter


_set_span_start = _slot_setter(Span, "start")
_set_span_end = _slot_setter(Span, "end")
_set_span_kind = _slot_setter(Span, "kind")


def _integer(value: object) -> int | None:
    """``value`` as an ``int`` when it is an integer of any type (numpy's) but a ``bool``; else None."""
    if isinstance(value, bool):
        return None
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        return None


def _offset(value: object, name: str) -> int:
    """A :class:`Span` bound that is not an ``int``: an integer of another type (numpy's) as an
    ``int``; anything else (a ``float``, ``None``, a ``bool``) a ``TypeError``."""
    got = _integer(value)
    if got is not None:
        return got
    raise TypeError(
        f"Span {name} must be an integer (a position in the cue's text), not {type(value).__name__} {value!r:.40}"
    )


@dataclass(frozen=True, slots=True)
class Word:
    """One spoken word of a cue with its own times (integer ms), as audio alignment found them.

    ``text`` is the word as written in the cue (punctuation kept).  Times that are not integer
    milliseconds and a text that is not a ``str`` are a ``TypeError``, as for :class:`Cue`.
    Where the words fall is not checked: writers write the word times that run forward inside
    the cue's times and leave the others out (:func:`subconv.formats.words.word_cuts`).

    >>> Word(1200, 1480, "Hello,").duration
    280
    """

    start: int
    end: int
    text: str

    def __post_init__(self) -> None:
        # (the rule of a cue's times: a float or bool is a TypeError, numpy's integers an int)
        if type(self.start) is not int:
            object.__setattr__(self, "start", _ms(self.start, "start", "Word"))
        if type(self.end) is not int:
            object.__setattr__(self, "end", _ms(self.end, "end", "Word"))
        if type(self.text) is not str:
            raise TypeError(f"Word text must be a str, not {type(self.text).__name__} {self.text!r:.40}")

    @property
    def duration(self) -> int:
        """``end - start`` in milliseconds."""
        return self.end - self.start

    def shifted(self, ms: int) -> Word:
        """This word moved by ``ms`` milliseconds."""
        return Word(self.start + ms, self.end + ms, self.text)


class _CueSlots:
    """Where a :class:`Cue` keeps its fields (a base class so that the private two are not
    dataclass fields): ``start``, ``end``; ``_text``, the lines joined with ``"\\n"`` (or, when
    that would not split back into them, the lines' tuple: :func:`_stored_lines`); ``_more``,
    the source line when every other field is its default (most cues), else a :class:`_Rare`.

    Four slots make a 64-byte object where the ten of a plain slotted dataclass made 112, and
    the text held once where a tuple of lines cost 56 bytes more (and as much again for each
    line past the first): a 50 MB input holds up to a million cues (issue 14, item 18)."""

    __slots__ = ("_more", "_text", "end", "start")

    if TYPE_CHECKING:  # (for the type checker only: ``typing.get_type_hints(Cue)`` is the fields')
        _text: str | tuple[str, ...]
        _more: _Rare | int | None


class _Rare:
    """The fields of a cue that most cues leave at their defaults, and its source line, for a
    cue that sets one of them: spans, speaker, extras, words, origin or confidence."""

    __slots__ = ("confidence", "extras", "origin", "source_line", "spans", "speaker", "words")

    def __init__(  # noqa: PLR0917 (private, made in three places)
        self,
        spans: tuple[Span, ...],
        speaker: str | None,
        extras: FrozenMap,
        source_line: int | None,
        words: tuple[Word, ...],
        origin: Origin,
        confidence: float | None,
    ) -> None:
        self.spans = spans
        self.speaker = speaker
        self.extras = extras
        self.source_line = source_line
        self.words = words
        self.origin: Origin = origin
        self.confidence = confidence

    def compared(self) -> tuple[object, ...]:
        """The fields that take part in ``==``, in :class:`Cue`'s order (not the source line)."""
        return (self.spans, self.speaker, self.extras, self.words, self.origin, self.confidence)

    def with_source_line(self, source_line: int | None) -> _Rare:
        """A copy with another source line."""
        return _Rare(self.spans, self.speaker, self.extras, source_line, self.words, self.origin, self.confidence)

    def __reduce__(self) -> tuple[Any, tuple[object, ...]]:
        fields = (self.spans, self.speaker, self.extras, self.source_line, self.words, self.origin, self.confidence)
        return (_Rare, fields)


#: :meth:`_Rare.compared` for a cue whose rare fields are all their defaults.
_DEFAULTS: tuple[object, ...] = ((), None, EMPTY, (), "given", None)


def _stored_lines(lines: tuple[str, ...]) -> str | tuple[str, ...]:
    """How a cue holds ``lines``: joined with ``"\\n"`` (a one-line cue's line itself: no tuple,
    no copy), unless a line is not a ``str`` or holds a ``"\\n"`` (the joined text would not
    split back into the same lines) or there is none (``()``, which is not ``("",)``): then the
    tuple as it is."""
    if len(lines) == 1:
        line = lines[0]
        if type(line) is str:
            return line if "\n" not in line else lines
        return _str_lines(lines)
    if not lines:
        return lines
    for line in lines:
        if type(line) is not str:
            return _str_lines(lines)
    joined = "\n".join(lines)
    return joined if joined.count("\n") == len(lines) - 1 else lines


def _str_lines(lines: tuple[str, ...]) -> tuple[str, ...]:
    """``lines`` when every line is a ``str`` (a subclass too), else a ``TypeError``."""
    for line in lines:
        if not isinstance(line, str):
            raise TypeError(f"Cue lines must be str, not {type(line).__name__} {line!r:.40}")
    return lines


def _lines_given(lines: object) -> tuple[str, ...]:
    """The ``lines`` given to :class:`Cue` that are not a tuple, as one (a ``str`` or anything
    that is not an iterable of lines is a ``TypeError``)."""
    if isinstance(lines, str):
        raise TypeError(
            f"Cue lines must be a tuple of lines, not a str: ({lines[:40]!r},) for one line, "
            "or tuple(text.split('\\n'))"
        )
    if not isinstance(lines, Iterable):
        raise TypeError(f"Cue lines must be a tuple of lines, not {type(lines).__name__} {lines!r:.40}")
    return tuple(lines)


class CueChanges(TypedDict, total=False):
    """The fields :meth:`Cue.replace` takes, each by its name (a type checker catches a typo)."""

    start: int | None
    end: int | None
    lines: tuple[str, ...]
    spans: tuple[Span, ...]
    speaker: str | None
    extras: FrozenMap
    source_line: int | None
    words: tuple[Word, ...]
    origin: Origin
    confidence: float | None


class TrackChanges(TypedDict, total=False):
    """The fields :meth:`Track.replace` takes, each by its name (a type checker catches a typo)."""

    cues: Iterable[Cue]
    language: str | None
    title: str | None
    meta: Mapping[str, str | tuple[str, ...]]
    format: str | None
    source_lines: Mapping[str, str | tuple[str, ...]]


_TEXT_HINT = (
    "use cue.with_text(text) (split on newlines; its spans moved with the text) or replace(lines=('line 1', 'line 2'))"
)
#: What a pysubs2 habit given to ``replace`` is in subconv: the name, and what to do instead.
_NOT_FIELDS = {
    "Cue": {
        "text": _TEXT_HINT,
        "plaintext": _TEXT_HINT,
        "style": "an ASS style is in extras: replace(extras=cue.extras.set('ass.style', 'Name'))",
        "name": "the ASS Name field is speaker=",
        "type": "an ASS Comment event is extras 'ass.comment' '1'",
    },
    "Track": {"events": "the cues are cues= (or use track.with_cues(...))"},
}


def _unknown_fields(owner: str, given: Iterable[str], known: Iterable[str]) -> TypeError:
    """The ``TypeError`` of :meth:`Cue.replace` or :meth:`Track.replace` given a name that is no
    field of theirs: it names the fields (and, for a pysubs2 habit, what to do instead)."""
    names = list(known)
    bad = next(n for n in given if n not in names)
    hint = _NOT_FIELDS[owner].get(bad)
    more = f"; {hint}" if hint else ""
    return TypeError(f"{owner}.replace() got no field {bad!r}: a {owner.lower()}'s fields are {', '.join(names)}{more}")


#: pysubs2's attributes and methods (``SSAEvent``'s on a cue, ``SSAFile``'s on a track) that
#: subconv has under another name (or as a function): said when one is asked for, by a property of
#: that name that raises (:func:`_say_habits`).  Not by ``__getattr__``: a class with one has every
#: attribute read go through CPython's slower lookup hook (a cue's fields read 11 % more
#: instructions for an SRT file converted), not only the misses.
_PYSUBS2_HABITS: dict[str, dict[str, str]] = {
    "Cue": {
        "plaintext": "cue.text is the plain text (its lines joined with '\\n'; no tags in it: formatting is cue.spans)",
        "is_drawing": "subconv.is_drawing(cue) says whether an ASS event draws",
        "is_comment": "an ASS Comment event is cue.extras.get('ass.comment') == '1'",
        "is_text": "not subconv.is_drawing(cue) and cue.extras.get('ass.comment') != '1'",
        "type": "an ASS Comment event is cue.extras.get('ass.comment') == '1' (else a Dialogue)",
        "style": "an ASS style is cue.extras.get('ass.style') (subconv.track_styles(track) holds the styles)",
        "name": "the ASS Name field is cue.speaker",
        "layer": "an ASS layer is cue.extras.get('ass.layer') (a str)",
        "marginl": "an ASS margin is cue.extras.get('ass.margin_l') (a str)",
        "marginr": "an ASS margin is cue.extras.get('ass.margin_r') (a str)",
        "marginv": "an ASS margin is cue.extras.get('ass.margin_v') (a str)",
        "effect": "an ASS effect is cue.extras.get('ass.effect')",
        "marked": "the SSA Marked field is not kept (the writer writes Marked=0)",
        "shift": "a cue is immutable: cue = cue.shifted(ms) is a copy moved by ms (track.shift(s=...) moves a track)",
        "copy": "a cue is immutable: use it as it is, or cue.replace(...) for a changed copy",
        "equals": "cues compare by value: cue == other",
        "as_dict": "dataclasses.asdict(cue) (a Cue is a dataclass)",
        "FIELDS": "dataclasses.fields(cue) (a Cue is a dataclass)",
        "OVERRIDE_SEQUENCE": "a cue's text holds no ASS override tags: the reader keeps them in "
        "cue.extras['ass.tags'], their places in the text in cue.extras['ass.tags.at']",
    },
    "Track": {
        "sort": "a track is immutable: track = track.sorted() is a copy in time order",
        "events": "a track's cues are track.cues (or the track itself: len(track), track[0], for cue in track)",
        "append": "a track is immutable: track = track.insert(len(track), cue) is a copy with the cue added",
        "save": "write a track with subconv.write(track, path)",
        "to_string": "write a track's text with subconv.dumps(track, format)",
        "styles": "a track's ASS styles are subconv.track_styles(track) (read-only): "
        "track = subconv.set_style(track, style) is a copy with one set (also remove_style)",
        "info": "a track's [Script Info] is subconv.script_info(track) (read-only): "
        "track = subconv.set_info(track, key, value) is a copy with one set (also remove_info)",
        "rename_style": "track = subconv.rename_style(track, old, new) is a copy with the style and its cues renamed",
        "import_styles": "track = subconv.import_styles(track, other) is a copy with the other track's styles",
        "remove_miscellaneous_events": "track = subconv.remove_miscellaneous_events(track, report=report) is a copy "
        "without comments, drawings, cues of fewer than two characters and repeats",
    },
}


def _no_attribute(owner: str, name: str) -> AttributeError:
    """The ``AttributeError`` of a :class:`Cue` or :class:`Track` asked for ``name``, which it
    lacks: for a pysubs2 habit, it says what subconv has instead (:data:`_PYSUBS2_HABITS`)."""
    hint = _PYSUBS2_HABITS[owner].get(name)
    return AttributeError(f"{owner!r} object has no attribute {name!r}" + (f": {hint}" if hint else ""))


def _say_habits(cls: type) -> None:
    """Give ``cls`` (:class:`Cue`, :class:`Track`) a property for each of its pysubs2 habits
    (:data:`_PYSUBS2_HABITS`) that raises the ``AttributeError`` saying what to use instead:
    ``hasattr`` is False for it, as for any name the class lacks; a type checker still refuses it.
    And its ``__setattr__`` and ``__delattr__``, which raise the ``FrozenInstanceError`` saying
    what to do instead (:func:`_frozen`): a frozen dataclass may not define its own, so they are
    set after it is made; its fields are set past them (a cue's through its setters, ``_set_start``
    ..., a track's in its ``__init__`` through ``object.__setattr__``)."""
    owner = cls.__name__
    for name in _PYSUBS2_HABITS[owner]:

        def said(self: object, name: str = name) -> Any:
            raise _no_attribute(type(self).__name__, name)

        setattr(cls, name, property(said, doc=f"Not an attribute: {_PYSUBS2_HABITS[owner][name]}"))

    def set_field(self: object, name: str, value: object) -> None:
        raise _frozen(owner, name)

    def del_field(self: object, name: str) -> None:
        raise _frozen(owner, name, "delete")

    type.__setattr__(cls, "__setattr__", set_field)
    type.__setattr__(cls, "__delattr__", del_field)


_NEW_TEXT = "cue.with_text(text) is a copy with a new text (its spans, tags and word times moved with it)"
_TRACK_TEXT = "track = track.set(i, track[i].with_text(text)), or track = track.map_text(f) for every cue"
_SHIFT = "track = track.shift(ms=...) moves every cue"


def _extra_hint(key: str, what: str) -> str:
    set_it = f"cue.replace(extras=cue.extras.set({key!r}, value))"
    return f"{what} is cue.extras.get({key!r}): {set_it} is a copy with it set"


#: What to do instead of setting (or deleting) an attribute of a :class:`Cue` or :class:`Track`,
#: pysubs2's ``event.text = ...`` above all: a copy with it changed, then the track with the copy
#: (``(copy, then)``; ``then`` None: nothing to do).  A name not here is a field (``replace``) or
#: no attribute at all.
_SET_HINTS: dict[str, dict[str, tuple[str, str | None]]] = {
    "Cue": {
        "text": (_NEW_TEXT, _TRACK_TEXT),
        "lines": (_NEW_TEXT, _TRACK_TEXT),
        "plaintext": ("cue.text is the plain text: " + _NEW_TEXT, _TRACK_TEXT),
        "start": (
            "cue.replace(start=ms) is a copy with it changed (cue.shifted(ms) moves both times)",
            f"track = track.set(i, track[i].replace(start=ms)); {_SHIFT}",
        ),
        "end": ("cue.replace(end=ms) is a copy with it changed", "track = track.set(i, track[i].replace(end=ms))"),
        "duration": (
            "cue.replace(end=cue.start + ms) is a copy that lasts ms",
            "track = track.set(i, track[i].replace(end=track[i].start + ms))",
        ),
        "name": ("the ASS Name field is cue.speaker: cue.replace(speaker=name) is a copy with it changed", ""),
        "style": (_extra_hint("ass.style", "an ASS style"), ""),
        "layer": (_extra_hint("ass.layer", "an ASS layer (a str)"), ""),
        "marginl": (_extra_hint("ass.margin_l", "an ASS margin (a str)"), ""),
        "marginr": (_extra_hint("ass.margin_r", "an ASS margin (a str)"), ""),
        "marginv": (_extra_hint("ass.margin_v", "an ASS margin (a str)"), ""),
        "effect": (_extra_hint("ass.effect", "an ASS effect"), ""),
        "type": (_extra_hint("ass.comment", "an ASS Comment event ('1')"), ""),
        "is_comment": (_extra_hint("ass.comment", "an ASS Comment event ('1')"), ""),
        "marked": ("the SSA Marked field is not kept (the writer writes Marked=0)", None),
    },
    "Track": {
        "cues": ("track = track.with_cues(cues) is a copy with other cues", ""),
        "events": ("a track's cues are track.cues: track = track.with_cues(cues) is a copy with other cues", ""),
        "styles": ("track = subconv.set_style(track, style) is a copy with a style set", ""),
        "info": ("track = subconv.set_info(track, key, value) is a copy with a [Script Info] line set", ""),
    },
}


def _frozen(owner: str, name: str, verb: str = "assign to") -> FrozenInstanceError:
    """The ``FrozenInstanceError`` of a :class:`Cue` or :class:`Track` whose attribute ``name`` is
    set (``verb``: ``"assign to"``; ``"delete"``): the dataclass's message, then what to do
    instead (:data:`_SET_HINTS`, else ``replace``).  It is made only when one is set: making a
    cue and reading its fields go as fast as before (their slots are set past ``__setattr__``).

    >>> print(_frozen("Cue", "text"))  # doctest: +NORMALIZE_WHITESPACE
    cannot assign to field 'text': a Cue is immutable: cue.with_text(text) is a copy with a new text
    (its spans, tags and word times moved with it); in a track: track = track.set(i,
    track[i].with_text(text)), or track = track.map_text(f) for every cue
    """
    kind = Cue if owner == "Cue" else Track
    names = [f.name for f in fields(kind)]
    hint, then = _SET_HINTS[owner].get(name, ("", ""))
    if not hint:
        var = owner.lower()
        hint = (
            f"{var}.replace({name}=...) is a copy with it changed"
            if name in names
            else f"its fields are {', '.join(names)}: {var}.replace(field=...) is a copy with one changed"
        )
    if owner == "Cue" and then == "":
        then = "track = track.set(i, copy)"
    said = f"cannot {verb} field {name!r}: a {owner} is immutable: {hint}"
    return FrozenInstanceError(said + (f"; in a track: {then}" if then else ""))


@dataclass(frozen=True, init=False)
class Cue(_CueSlots):
    """One subtitle cue.

    ``start``/``end`` are integer milliseconds, or ``None`` for a cue read from
    an untimed page (the timing step fills them in).  ``lines`` is the plain
    text, one string per displayed line.  ``source_line`` is the 1-based line
    of the input the cue came from (for reports), and is not compared.
    ``words`` holds per-word times when audio alignment found them (else empty).
    ``origin`` says where the times came from (:data:`Origin`; readers leave ``"given"``,
    the pipeline's steps set the others) and ``confidence`` how sure audio alignment is of
    them (0.0-1.0; ``None`` when nothing measured it).  Both take part in ``==``: an estimated
    cue is not the same claim as a given one at the same times.  Writers never read them.

    A frozen dataclass (``dataclasses.replace`` and ``fields``, pickling and ``copy`` work as
    on any), kept small: its text is held once, ``lines`` made from it when asked for, and the
    fields most cues leave at their defaults are held apart (:class:`_CueSlots`).

    A time that is not an integer (a ``float``, even ``1000.0``, or a ``bool``) and ``lines``
    given as one ``str`` raise ``TypeError`` when the cue is made (or re-timed by
    :meth:`replace` or :meth:`map_times`); an integer of another type (numpy's) is taken as an
    ``int``.  For a text with line breaks, ``Cue(start, end, tuple(text.split("\\n")))``.

    >>> c = Cue(1000, 2500, ("Hello", "world"))
    >>> c.text
    'Hello\\nworld'
    >>> c.duration
    1500
    >>> Cue(1000, 2000, "Hello")
    Traceback (most recent call last):
    ...
    TypeError: Cue lines must be a tuple of lines, not a str: ('Hello',) for one line, or tuple(text.split('\\n'))
    >>> Cue(1000.7, 2000, ("Hello",))
    Traceback (most recent call last):
    ...
    TypeError: Cue start must be integer milliseconds or None, not float 1000.7 (round it: 1001)
    """

    __slots__ = ()

    start: int | None
    end: int | None
    lines: tuple[str, ...]
    spans: tuple[Span, ...] = ()
    speaker: str | None = None
    extras: FrozenMap = EMPTY
    source_line: int | None = field(default=None, compare=False)
    words: tuple[Word, ...] = ()
    origin: Origin = "given"
    confidence: float | None = None

    def __init__(  # noqa: PLR0917 (the dataclass's signature: fields in order, positional)
        self,
        start: int | None,
        end: int | None,
        lines: tuple[str, ...],
        spans: tuple[Span, ...] = (),
        speaker: str | None = None,
        extras: FrozenMap = EMPTY,
        source_line: int | None = None,
        words: tuple[Word, ...] = (),
        origin: Origin = "given",
        confidence: float | None = None,
    ) -> None:
        if type(start) is not int and start is not None:
            start = _ms(start, "start")
        if type(end) is not int and end is not None:
            end = _ms(end, "end")
        _set_start(self, start)
        _set_end(self, end)
        _set_text(self, _stored_lines(lines if type(lines) is tuple else _lines_given(lines)))
        if extras is not EMPTY and (not isinstance(extras, FrozenMap) or not extras._data):
            # (no extras is always the one EMPTY: writers take their plain path on ``is EMPTY``)
            extras = FrozenMap(extras) if extras else EMPTY
        if not isinstance(spans, tuple):
            spans = tuple(spans)
        if not isinstance(words, tuple):
            words = tuple(words)
        if spans or speaker is not None or extras is not EMPTY or words or origin != "given" or confidence is not None:
            _check_rare(spans, speaker, words)
            _set_more(self, _Rare(spans, speaker, extras, source_line, words, origin, confidence))
        elif isinstance(source_line, _Rare):
            raise TypeError("source_line must be an int or None")
        else:
            _set_more(self, source_line)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__ or not isinstance(other, Cue):
            return NotImplemented
        if (self.start, self.end) != (other.start, other.end):
            return False
        a, b = self._text, other._text
        if not (a == b if type(a) is type(b) else self.lines == other.lines):
            return False
        ma, mb = self._more, other._more
        return (ma.compared() if isinstance(ma, _Rare) else _DEFAULTS) == (
            mb.compared() if isinstance(mb, _Rare) else _DEFAULTS
        )

    def __hash__(self) -> int:
        more = self._more
        return hash((self.start, self.end, self.lines, *(more.compared() if isinstance(more, _Rare) else _DEFAULTS)))

    def __reduce__(self) -> tuple[Any, tuple[object, ...]]:
        return (_cue, (self.start, self.end, self._text, self._more))

    @property
    def text(self) -> str:
        """The lines joined with newlines."""
        text = self._text
        return text if type(text) is str else "\n".join(text)

    @property
    def timed(self) -> bool:
        """True when both start and end are known."""
        return self.start is not None and self.end is not None

    @property
    def duration(self) -> int | None:
        """``end - start`` in milliseconds, or ``None`` when untimed."""
        if self.start is None or self.end is None:
            return None
        return self.end - self.start

    def replace(self, **changes: Unpack[CueChanges]) -> Cue:
        """Return a copy with ``changes`` applied (``dataclasses.replace``): fields by their names
        (:class:`CueChanges`); another name is a ``TypeError`` naming the fields.  New ``lines``
        move the offsets of the extras anchored to the text with it (:func:`moved_anchors`),
        unless ``extras`` are given too, and its word times (:func:`moved_words`), unless
        ``words`` are given too (``spans`` are as given: :meth:`with_text` moves them).

        >>> Cue(0, 1000, ("Hi",)).replace(end=2000).end
        2000
        >>> Cue(0, 1000, ("Hi",)).replace(text="Bye")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        TypeError: Cue.replace() got no field 'text': a cue's fields are start, ...; use cue.with_text(text) ...
        """
        if changes.keys() <= _TIMES:  # (the most frequent, made without the constructor)
            start = changes.get("start", self.start)
            end = changes.get("end", self.end)
            if type(start) is not int and start is not None:
                start = _ms(start, "start")
            if type(end) is not int and end is not None:
                end = _ms(end, "end")
            more = self._more
            if "source_line" in changes:
                line = changes["source_line"]
                more = more.with_source_line(line) if isinstance(more, _Rare) else line
            return _cue(start, end, self._text, more)
        if not changes.keys() <= _CUE_FIELDS:
            raise _unknown_fields("Cue", changes, CueChanges.__annotations__)
        lines = changes.get("lines")
        anchors = "extras" not in changes and anchored(self.extras)
        words = "words" not in changes and bool(self.words)
        if (anchors or words) and isinstance(lines, tuple | list) and all(isinstance(line, str) for line in lines):
            old, new = self.text, "\n".join(lines)
            edits = text_changes(old, new)
            if anchors:
                changes["extras"] = moved_anchors(self.extras, edits)
            if words:
                changes["words"] = moved_words(self.words, old, new, edits)
        return replace(self, **changes)

    def with_text(self, text: str) -> Cue:
        """Return a copy whose text is ``text`` (split on newlines), its spans, the offsets of
        its extras anchored to the text (:func:`moved_anchors`: ASS tags between words) and its
        word times (:func:`moved_words`) moved with the text: what stands by text left unchanged
        keeps its place by it (:func:`text_changes`); a word replaced is what replaced it, over
        its times, and a word deleted loses its times.

        A span over text replaced covers what replaced it; one over a part of it, or whose text
        is all deleted, is dropped.  An anchor inside text replaced or deleted stays where that
        text began (before what replaced it).

        >>> c = Cue(0, 1, ("Hello bright red world",), (Span(6, 16, "i"),))
        >>> c.with_text("Hello very red world").spans
        (Span(start=6, end=14, kind='i'),)
        """
        if not isinstance(text, str):
            raise TypeError(f"a cue's text is a str (lines joined with '\\n'), not {type(text).__name__} {text!r:.40}")
        lines = tuple(text.split("\n"))
        more = self._more
        if not isinstance(more, _Rare) or not (more.spans or more.words or anchored(more.extras)):
            return replace(self, lines=lines, spans=())
        old = self.text
        changes = text_changes(old, text)
        spans = moved_spans(more.spans, changes)
        words = moved_words(more.words, old, text, changes)
        return replace(self, lines=lines, spans=spans, extras=moved_anchors(more.extras, changes), words=words)

    def map_times(self, fn: TimeMap) -> Cue:
        """Return a copy with ``fn`` applied to its start, end and every word's times.

        >>> c = Cue(1000, 2000, ("Hi you",), words=(Word(1000, 1400, "Hi"), Word(1500, 2000, "you")))
        >>> c.map_times(lambda t: t + 500).words[1]
        Word(start=2000, end=2500, text='you')
        """
        start = None if self.start is None else fn(self.start)
        end = None if self.end is None else fn(self.end)
        if type(start) is not int and start is not None:
            start = _ms(start, "start")
        if type(end) is not int and end is not None:
            end = _ms(end, "end")
        more = self._more
        if isinstance(more, _Rare) and more.words:
            words = tuple(Word(fn(w.start), fn(w.end), w.text) for w in more.words)
            more = _Rare(more.spans, more.speaker, more.extras, more.source_line, words, more.origin, more.confidence)
        return _cue(start, end, self._text, more)

    def shifted(self, ms: int) -> Cue:
        """This cue (and its words) moved by ``ms`` milliseconds."""
        return self.map_times(lambda t: t + ms)


_say_habits(Cue)

_TIMES = frozenset(("start", "end", "source_line"))
_CUE_FIELDS = frozenset(CueChanges.__annotations__)

_I1, _I2 = operator.itemgetter(0), operator.itemgetter(1)


def moved_spans(spans: Sequence[Span], changes: Sequence[Change]) -> tuple[Span, ...]:
    """``spans`` moved through ``changes`` (:func:`moved_offset`): one over a changed text (or
    more) covers what replaced it; one over a part of a changed text, or left with no text, is
    dropped (where it would stand is not known).

    >>> ch = text_changes("A bright red car", "A dark red bus")
    >>> moved_spans([Span(2, 12, "i"), Span(13, 16, "b")], ch)
    (Span(start=2, end=10, kind='i'), Span(start=11, end=14, kind='b'))
    >>> moved_spans([Span(2, 12, "i")], text_changes("A bright red car", "nothing like it"))
    ()
    """
    out = []
    for sp in spans:
        # (the changes over it: those starting at or before its start and ending at or after its end)
        over = range(bisect_left(changes, sp.end, key=_I2), bisect_right(changes, sp.start, key=_I1))
        if any(changes[k][:2] != (sp.start, sp.end) for k in over):
            continue
        start, end = moved_offset(sp.start, changes), moved_offset(sp.end, changes, end=True)
        if end > start:
            out.append(Span(start, end, sp.kind))
    return tuple(sorted(out, key=lambda sp: (sp.start, sp.end, sp.kind)))


def moved_words(words: Sequence[Word], old: str, new: str, changes: Sequence[Change]) -> tuple[Word, ...]:
    """``words`` (a cue's word times, each found in ``old`` after the one before, as writers find
    them: :func:`subconv.formats.words.word_cuts`) moved through ``changes`` from ``old`` to ``new``
    (:func:`text_changes`, in order).  A word whose text is unchanged is kept as it is; a word whose
    text was replaced is what replaced it, over the same times (a letter's case changed, a typo
    mended); words replaced together by one change are what replaced them, each over its old times
    when there are as many words (split on white space) as before, else as one word over all of their
    times; a word whose text is deleted, or that is not in ``old``, is dropped: no word time
    names a word that is no longer there.  Text inserted between words is timed by none.  The
    words and the changes are taken in one sweep, both in order (:func:`_edited_together`).

    >>> ws = (Word(0, 400, "Never"), Word(400, 900, "drink"), Word(900, 2000, "liquid nitrogen."))
    >>> old, new = "Never drink liquid nitrogen.", "NEVER drink cold water."
    >>> [(w.start, w.text) for w in moved_words(ws, old, new, text_changes(old, new))]
    [(0, 'NEVER'), (400, 'drink'), (900, 'cold water.')]
    >>> old, new = "Never drink liquid nitrogen.", "Never liquid nitrogen."
    >>> [(w.start, w.text) for w in moved_words(ws, old, new, text_changes(old, new))]
    [(0, 'Never'), (900, 'liquid nitrogen.')]
    """
    if not changes:
        return tuple(words)
    found = [(k, k + len(w.text), w) for k, w in words_in_order(old, words)]  # (start, end in ``old``, the word)
    out: list[Word] = []
    done = 0  # (the words before it are in ``out``, or dropped)
    for first, last, c_first, c_last in _edited_together(found, changes):
        out += (w for _, _, w in found[done:first])  # (their text as it was)
        done = last + 1
        w = found[first][2]
        lo = min(found[first][0], changes[c_first][0])
        hi = max(found[last][1], changes[c_last][1])
        text = new[_moved_start(lo, changes) : _moved_end(hi, changes)]
        pieces = text.split()
        if last > first and len(pieces) == last - first + 1:
            times = (found[m][2] for m in range(first, done))
            out += (Word(t.start, t.end, piece) for t, piece in zip(times, pieces, strict=True))
        elif text.strip():
            out.append(Word(w.start, found[last][2].end, text.strip()))
    out += (w for _, _, w in found[done:])
    return tuple(out)


def _edited_together(found: Sequence[tuple[int, int, Word]], changes: Sequence[Change]) -> list[list[int]]:
    """The words ``found`` (:func:`moved_words`: their start and end in the old text, in order)
    that ``changes`` touch, as groups of words edited together, in order: ``[first, last,
    first change, last change]`` (indices), a change touching two words joining them.  A change
    touches a word when its text overlaps the word's, or it inserts inside it; the words a change
    touches are a run, and its first word is the last one the change before touched, or after
    it: one sweep over both."""
    groups: list[list[int]] = []
    n = 0
    for c, (i1, i2, _, _) in enumerate(changes):
        while n < len(found) and found[n][1] <= i1:
            n += 1
        if n == len(found) or found[n][0] >= i2:
            continue  # (touches no word)
        last = n
        while last + 1 < len(found) and found[last + 1][0] < i2:
            last += 1
        if groups and groups[-1][1] == n:
            groups[-1][1], groups[-1][3] = last, c
        else:
            groups.append([n, last, c, c])
    return groups


def _moved_start(offset: int, changes: Sequence[Change]) -> int:
    """Where ``offset`` of the old text, the start of a word or of a change, is in the new one:
    after what the changes before it (and one inserting there) made of their text."""
    k = bisect_right(changes, offset, key=_I2) - 1  # (the last change ending at or before it)
    return offset + changes[k][3] - changes[k][1] if k >= 0 else offset


def _moved_end(offset: int, changes: Sequence[Change]) -> int:
    """Where ``offset`` of the old text, the end of a word or of a change, is in the new one:
    after what the changes up to it made of their text (not one inserting there: after it)."""
    k = bisect_right(changes, offset, key=_I2) - 1  # (the last change ending at or before it ...)
    while k >= 0 and changes[k][1] == offset and changes[k][0] == offset:  # (... not inserting there)
        k -= 1
    return offset + changes[k][3] - changes[k][1] if k >= 0 else offset


def anchored(extras: FrozenMap) -> bool:
    """Whether ``extras`` has a key of offsets into the cue's text (:func:`moved_anchors`)."""
    return extras is not EMPTY and any(key.endswith(".at") for key in extras)


def moved_anchors(extras: FrozenMap, changes: Sequence[Change]) -> FrozenMap:
    """``extras`` with the offsets of each key ending in ``.at`` (decimal strings: places in
    the cue's text, e.g. ``ass.tags.at``, where each of the ASS ``ass.tags`` blocks stands) moved
    through ``changes`` (:func:`moved_offset`); a value that is not such a tuple kept as it is.

    >>> moved_anchors(FrozenMap({"ass.tags.at": ("0", "9")}), text_changes("a bright day", "a very day"))
    FrozenMap({'ass.tags.at': ('0', '7')})
    """
    if not changes or not anchored(extras):
        return extras
    out = dict(extras)
    for key, value in extras.items():
        offsets = anchor_offsets(key, value)
        if offsets is not None:
            out[key] = tuple(str(moved_offset(v, changes)) for v in offsets)
    return FrozenMap(out)


def anchor_offsets(key: str, value: str | tuple[str, ...]) -> list[int] | None:
    """The offsets into the cue's text that the extra ``key`` holds (:func:`moved_anchors`: a
    key ending in ``.at``, a tuple of decimal strings), or None where it holds none.

    >>> anchor_offsets("ass.tags.at", ("0", "12")), anchor_offsets("ass.tags", "{\\b1}")
    ([0, 12], None)
    """
    if (
        key.endswith(".at")
        and isinstance(value, tuple)
        and all(v.isascii() and v.isdigit() and len(v) < 19 for v in value)
    ):
        return [int(v) for v in value]
    return None


def _check_rare(spans: tuple[Span, ...], speaker: str | None, words: tuple[Word, ...]) -> None:
    """A ``TypeError`` for a span, speaker or word of a cue that is not of its type (a tuple for
    a :class:`Word` once passed here and failed in a writer)."""
    for items, kind, name in ((spans, Span, "spans"), (words, Word, "words")):
        for item in items:
            if not isinstance(item, kind):
                raise TypeError(f"Cue {name} must be {kind.__name__} objects, not {type(item).__name__} {item!r:.40}")
    if speaker is not None and not isinstance(speaker, str):
        raise TypeError(f"Cue speaker must be a str or None, not {type(speaker).__name__} {speaker!r:.40}")


def _ms(value: object, name: str, owner: str = "Cue") -> int:
    """A time given to :class:`Cue` that is not an ``int``: an integer of another type (numpy's)
    as an ``int``; a ``float`` (even a whole one), a ``bool`` or anything else a ``TypeError``."""
    got = _integer(value)
    if got is not None:
        return got
    raise TypeError(
        f"{owner} {name} must be integer milliseconds{' or None' if owner == 'Cue' else ''}, "
        f"not {type(value).__name__} {value!r}"
        + (f" (round it: {round(value)})" if isinstance(value, float) and math.isfinite(value) else "")
    )


_new = object.__new__


_set_start = _slot_setter(_CueSlots, "start")
_set_end = _slot_setter(_CueSlots, "end")
_set_text = _slot_setter(_CueSlots, "_text")
_set_more = _slot_setter(_CueSlots, "_more")


def _cue(start: int | None, end: int | None, text: str | tuple[str, ...], more: _Rare | int | None) -> Cue:
    """A cue from what its slots hold (unpickling, copies that change only times)."""
    cue: Cue = _new(Cue)
    _set_start(cue, start)
    _set_end(cue, end)
    _set_text(cue, text)
    _set_more(cue, more)
    return cue


# The fields held in ``_text`` and ``_more``, read through properties (set after the dataclass
# is made: the dataclass takes the fields' defaults from the class body).


def _lines(cue: Cue) -> tuple[str, ...]:
    """The plain text, one string per displayed line."""
    text = cue._text
    if type(text) is str:
        return (text,) if "\n" not in text else tuple(text.split("\n"))
    return text  # type: ignore[return-value]


def _spans(cue: Cue) -> tuple[Span, ...]:
    """Inline formatting over ``text``."""
    more = cue._more
    return more.spans if isinstance(more, _Rare) else ()


def _speaker(cue: Cue) -> str | None:
    """Who speaks, when the input names them."""
    more = cue._more
    return more.speaker if isinstance(more, _Rare) else None


def _extras(cue: Cue) -> FrozenMap:
    """What the input's format carries that the model has no field for (:data:`EMPTY` when nothing)."""
    more = cue._more
    return more.extras if isinstance(more, _Rare) else EMPTY


def _source_line(cue: Cue) -> int | None:
    """The 1-based line of the input the cue came from (not compared)."""
    more = cue._more
    return more.source_line if isinstance(more, _Rare) else more


def _words(cue: Cue) -> tuple[Word, ...]:
    """The words' own times, when audio alignment found them."""
    more = cue._more
    return more.words if isinstance(more, _Rare) else ()


def _origin(cue: Cue) -> Origin:
    """Where the times came from (:data:`Origin`)."""
    more = cue._more
    return more.origin if isinstance(more, _Rare) else "given"


def _confidence(cue: Cue) -> float | None:
    """How sure audio alignment is of the times (0.0-1.0), or None."""
    more = cue._more
    return more.confidence if isinstance(more, _Rare) else None


for _get in (_lines, _spans, _speaker, _extras, _source_line, _words, _origin, _confidence):
    setattr(Cue, _get.__name__[1:], property(_get))
del _get


def bare_text(cue: Cue) -> str | None:
    """``cue.text`` when the cue has no spans, speaker, extras or words and its times are given
    ones with no confidence (every other field its default), else None: a writer's fast test.

    >>> bare_text(Cue(0, 1, ("a", "b"), source_line=4)), bare_text(Cue(0, 1, ("a",), speaker="x"))
    ('a\\nb', None)
    """
    if isinstance(cue._more, _Rare):
        return None
    text = cue._text
    return text if type(text) is str else "\n".join(text)


class CueFeed:
    """The cues of a track given once, one at a time, in order, by a pipeline that makes them
    as they are taken (:func:`subconv.pipeline.run_streamed`): a large page's cues are never all
    alive at once.  Iterating it a second time gives nothing.  :attr:`count` is the number of
    cues given so far; :meth:`is_last` tells, from the moment the last cue is given, that it is
    the last (the feed looks one cue ahead).

    >>> feed = CueFeed(iter([Cue(0, 1, ("a",)), Cue(1, 2, ("b",))]))
    >>> [(c.text, feed.is_last(k)) for k, c in enumerate(feed)], feed.count, list(feed)
    ([('a', False), ('b', True)], 2, [])
    """

    __slots__ = ("_cues", "count", "done")

    def __init__(self, cues: Iterable[Cue]) -> None:
        self._cues: Iterable[Cue] | None = cues
        self.count = 0
        self.done = False

    def __iter__(self) -> Iterator[Cue]:
        cues, self._cues = self._cues, None
        if cues is None:
            return
        it = iter(cues)
        cue = next(it, None)
        while cue is not None:
            following = next(it, None)
            self.count += 1
            self.done = following is None
            yield cue
            cue = following
        self.done = True

    def is_last(self, index: int) -> bool:
        """Whether the cue given at ``index`` (0-based) is the last one (known once it is given)."""
        return self.done and index == self.count - 1


def _stale_lines(track: Track, changes: Mapping[str, object]) -> list[str]:
    """The keys of ``track.source_lines`` whose value ``changes`` (of :meth:`Track.replace`)
    changes: ``title`` and ``language`` by their fields, the others by ``meta``'s key."""
    meta = changes.get("meta", track.meta)
    stale = []
    for key in track.source_lines:
        if key in ("title", "language"):
            if key in changes and changes[key] != getattr(track, key):
                stale.append(key)
        elif isinstance(meta, Mapping) and meta is not track.meta and meta.get(key) != track.meta.get(key):
            stale.append(key)
    return stale


def _time_key(cue: Cue) -> tuple[bool, int, int]:
    return (cue.start is None, cue.start or 0, cue.end if cue.end is not None else cue.start or 0)


def plain_cue(
    start: int, end: int, lines: tuple[str, ...], source_line: int | None, spans: tuple[Span, ...] = ()
) -> Cue:
    """``Cue(start, end, lines, spans, source_line=source_line)``, without the dataclass's
    ``__init__`` (which checks and converts every field).

    For readers, which make hundreds of thousands of cues: ``lines`` and ``spans`` must
    already be tuples (nothing is checked or converted); the cue has no speaker or extras.
    What it buys, measured on SRT -> VTT of 100,000 cues, whole process, 11 interleaved
    runs: the plain constructor in its place costs 4 % wall time and 7 % CPU time.

    >>> plain_cue(0, 10, ("a",), 3) == Cue(0, 10, ("a",), source_line=3)
    True
    """
    cue: Cue = _new(Cue)
    _set_start(cue, start)
    _set_end(cue, end)
    _set_text(cue, _stored_lines(lines))
    _set_more(cue, _Rare(spans, None, EMPTY, source_line, (), "given", None) if spans else source_line)
    return cue


def text_cue(start: int, end: int, text: str, source_line: int | None, spans: tuple[Span, ...] = ()) -> Cue:
    """``Cue(start, end, tuple(text.split("\\n")), spans, source_line=source_line)``:
    :func:`plain_cue` for a reader that has the cue's text whole (nothing split, nothing joined).

    >>> text_cue(0, 10, "a\\nb", 3) == Cue(0, 10, ("a", "b"), source_line=3)
    True
    >>> text_cue(0, 10, "a\\nb", 3, (Span(2, 3, "i"),)) == Cue(0, 10, ("a", "b"), (Span(2, 3, "i"),), source_line=3)
    True
    """
    cue: Cue = _new(Cue)  # (:func:`_cue`, inlined: a reader makes a cue of most cues here)
    _set_start(cue, start)
    _set_end(cue, end)
    _set_text(cue, text)
    _set_more(cue, _Rare(spans, None, EMPTY, source_line, (), "given", None) if spans else source_line)
    return cue


#: What :meth:`Track.sync_points` takes, as its errors say it.
_SYNC_POINT = "a sync point is a pair (old_ms, new_ms) of integer milliseconds, e.g. (10_000, 12_000)"


def _sync_point(point: object) -> tuple[int, int]:
    """One sync point given to :meth:`Track.sync_points`, its times checked as a cue's (:func:`_ms`)."""
    if not isinstance(point, tuple | list) or len(point) != 2:
        raise TypeError(f"{_SYNC_POINT}, not {type(point).__name__} {point!r:.40}")
    old, new = point
    if type(old) is not int:
        old = _ms(old, "old time", "sync point")
    if type(new) is not int:
        new = _ms(new, "new time", "sync point")
    return old, new


def _a_cue(cue: object) -> Cue:
    """``cue`` when it is a :class:`Cue`, else a ``TypeError``."""
    if not isinstance(cue, Cue):
        raise TypeError(f"a track holds Cue objects, not {type(cue).__name__} {cue!r:.60}")
    return cue


def _cue_tuple(cues: object) -> tuple[Cue, ...]:
    """The cues given to make a track (a list, any iterable of :class:`Cue`) as a tuple, each
    checked: a ``str``, ``None`` or an item that is not a cue is a ``TypeError``."""
    if isinstance(cues, str | bytes) or not isinstance(cues, Iterable):
        raise TypeError(f"Track cues must be an iterable of Cue objects, not {type(cues).__name__} {cues!r:.60}")
    if isinstance(cues, Track):
        return cues.cues
    out = tuple(cues)
    for cue in out:
        _a_cue(cue)
    return out


def _meta_checked(meta: object, name: str = "meta") -> FrozenMap:
    """The ``meta`` (or ``source_lines``) given to make a track, not yet a :class:`FrozenMap`: a
    mapping of ``str`` keys to a ``str`` or a tuple of them, else a ``TypeError``."""
    if not isinstance(meta, Mapping):
        raise TypeError(f"Track {name} must be a mapping of str to str, not {type(meta).__name__} {meta!r:.60}")
    for key, value in meta.items():
        ok = isinstance(value, str) or (isinstance(value, tuple) and all(isinstance(v, str) for v in value))
        if not isinstance(key, str) or not ok:
            got = f"{key!r:.40}: {type(value).__name__} {value!r:.40}"
            raise TypeError(f"Track {name} maps a str to a str or a tuple of str, not {got}")
    return FrozenMap(meta)


def _a_name(value: object, name: str) -> str | None:
    """``value`` given as a track's ``language``, ``title`` or ``format``: a ``str`` or None."""
    if value is None or isinstance(value, str):
        return value
    raise TypeError(f"Track {name} must be a str or None, not {type(value).__name__} {value!r:.40}")


def _no_cue(index: int, n: int) -> str:
    """What an index past a track's cues says: the track's length."""
    if not n:
        return f"no cue at index {index}: the track has no cues"
    cues = f"{n} cue{'s' if n != 1 else ''}"
    return f"no cue at index {index}: the track has {cues} (indices 0 to {n - 1}, or -{n} to -1)"


def _an_index(call: str, index: object) -> int:
    """``index`` given to ``Track.set``/``remove`` as an ``int`` (numpy's too, as a list takes it),
    else a ``TypeError`` (a cue: pass its index)."""
    try:
        return operator.index(index)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(_not_an_index(call, index)) from None


def _not_an_index(call: str, index: object) -> str:
    """What ``Track.set``/``remove`` given something other than an index say (a cue: pass its index)."""
    if isinstance(index, Cue):
        args = "track.index(old), new" if call == "set" else "track.index(cue)"
        return f"Track.{call}() takes a cue's index, not the Cue: pass its index, track.{call}({args})"
    takes = "an int, or a slice" if call == "remove" else "an int"
    return f"Track.{call}() takes a cue's index ({takes}), not {type(index).__name__} {index!r:.40}"


@dataclass(frozen=True, slots=True, init=False)
class Track(Sequence[Cue]):
    """A list of cues plus file-level metadata; an immutable sequence of :class:`Cue`.

    ``meta`` keeps format-specific header material so that a same-format
    conversion loses nothing, e.g. ``vtt.blocks`` (NOTE/STYLE/REGION blocks
    in order), ``ass.script_info`` and ``ass.styles`` (raw lines).  ``format``
    names the format the track was read from (set by every reader; not compared).
    ``source_lines`` says where in the input a meta value stood, for reports: the 1-based
    line (as digits) of each item of a tuple value, or of a ``str`` value, by its key
    (``{"ass.styles": ("6", "7")}``); as ``Cue.source_line``, it is not compared, so two
    inputs that differ only by where their lines stand read as equal tracks.

    ``len``, indexing, iteration and ``in`` work as on a tuple; a slice is a
    ``Track`` with the same metadata.  Every edit returns a new track, and every
    time edit moves the cues' word times too (see :mod:`subconv.timeops`).

    >>> t = Track((Cue(0, 1000, ("a",)), Cue(2000, 3000, ("b",)), Cue(4000, 5000, ("c",))))
    >>> len(t), t[1].text, t[-1] in t, [c.text for c in t[1:]]
    (3, 'b', True, ['b', 'c'])
    >>> [(c.start, c.end) for c in t.shift(s=2.5).remove(0)]
    [(4500, 5500), (6500, 7500)]
    """

    cues: tuple[Cue, ...]
    language: str | None = None
    title: str | None = None
    meta: FrozenMap = EMPTY
    format: str | None = field(default=None, compare=False)
    source_lines: FrozenMap = field(default=EMPTY, compare=False)

    def __init__(
        self,
        cues: Iterable[Cue],
        language: str | None = None,
        title: str | None = None,
        meta: Mapping[str, str | tuple[str, ...]] = EMPTY,
        format: str | None = None,
        *,
        source_lines: Mapping[str, str | tuple[str, ...]] = EMPTY,
    ) -> None:
        # (written out, not the dataclass's, so that ``cues`` may be any iterable of cues for a
        # type checker too; kept as a tuple)
        setattr_ = object.__setattr__
        # (a tuple, as every edit passes, is taken as it is)
        setattr_(self, "cues", cues if isinstance(cues, tuple) else _cue_tuple(cues))
        if language is not None and type(language) is not str:
            language = _a_name(language, "language")
        if title is not None and type(title) is not str:
            title = _a_name(title, "title")
        if format is not None and type(format) is not str:
            format = _a_name(format, "format")
        setattr_(self, "language", language)
        setattr_(self, "title", title)
        setattr_(self, "meta", meta if isinstance(meta, FrozenMap) else _meta_checked(meta))
        setattr_(self, "format", format)
        if not isinstance(source_lines, FrozenMap):
            source_lines = _meta_checked(source_lines, "source_lines")
        setattr_(self, "source_lines", source_lines)

    def __len__(self) -> int:
        return len(self.cues)

    def __iter__(self) -> Iterator[Cue]:
        return iter(self.cues)

    def __contains__(self, cue: object) -> bool:
        return cue in self.cues

    @overload
    def __getitem__(self, index: int) -> Cue: ...

    @overload
    def __getitem__(self, index: slice) -> Track: ...

    def __getitem__(self, index: int | slice) -> Cue | Track:
        if isinstance(index, slice):
            return replace(self, cues=self.cues[index])
        return self.cues[index]

    @property
    def timed(self) -> bool:
        """True when every cue has a start and an end."""
        # (`is` tests: twice as fast as `None not in map(...)`, which compares each int with None)
        return all(cue.start is not None and cue.end is not None for cue in self.cues)

    def replace(self, **changes: Unpack[TrackChanges]) -> Track:
        """Return a copy with ``changes`` applied: fields by their names (:class:`TrackChanges`);
        another name is a ``TypeError`` naming the fields.  A ``title``, ``language`` or ``meta``
        value changed no longer stands where the input had it: its ``source_lines`` go with it
        (unless ``source_lines`` are given too), so a report never cites the old value's line for
        the new one.

        >>> t = Track((), title="Old", source_lines={"title": "3"})
        >>> dict(t.replace(title="New").source_lines), dict(t.replace(title="Old").source_lines)
        ({}, {'title': '3'})
        """
        if not changes.keys() <= TrackChanges.__annotations__.keys():
            raise _unknown_fields("Track", changes, TrackChanges.__annotations__)
        if self.source_lines and "source_lines" not in changes:
            stale = _stale_lines(self, changes)
            if stale:
                changes["source_lines"] = self.source_lines.without(*stale)
        return replace(self, **changes)  # type: ignore[arg-type] # (its __init__ takes these types)

    def with_cues(self, cues: Iterable[Cue]) -> Track:
        """Return a copy holding ``cues``, checked as :class:`Track`'s (a ``tuple`` taken as it is)."""
        return replace(self, cues=cues if isinstance(cues, tuple) else _cue_tuple(cues))

    # -- editing: every method returns a new track ------------------------------------

    def map_times(self, fn: TimeMap) -> Track:
        """Apply ``fn`` (integer ms -> integer ms) to every cue's and word's times."""
        return replace(self, cues=tuple(c.map_times(fn) for c in self.cues))

    def shift(
        self,
        *,
        h: Number = 0,
        m: Number = 0,
        s: Number = 0,
        ms: Number = 0,
        frames: int | None = None,
        fps: Number | None = None,
    ) -> Track:
        """Every time moved by the sum of ``h``/``m``/``s``/``ms`` (or ``frames`` at ``fps``); may be negative.

        Times before zero are kept as they are (so shifting back restores the track);
        writers clamp them, and ``subconv shift`` drops or trims them with a report entry.
        """
        from .timeops import shifter, to_ms

        return self.map_times(shifter(to_ms(h=h, m=m, s=s, ms=ms, frames=frames, fps=fps)))

    def stretch(self, factor: Number) -> Track:
        """Every time multiplied by ``factor`` (rounded to whole ms, halves up)."""
        from .timeops import scaler

        return self.map_times(scaler(factor))

    def transform_framerate(self, from_fps: Number, to_fps: Number) -> Track:
        """Times made for ``from_fps`` video moved onto ``to_fps`` video (times x ``from/to``).

        Rates are taken as written (``23.976`` is 23976/1000, as in pysubs2); times are rounded
        to whole ms, halves up (pysubs2 rounds them to even: 1 ms apart on a time that lands on
        a half, as 29.97 -> 23.976, a ratio of 1.25, does on about a quarter of a film's cues).
        """
        from .timeops import framerate_ratio, scaler

        return self.map_times(scaler(framerate_ratio(from_fps, to_fps)))

    def sync_points(self, points: Iterable[tuple[int, int]]) -> Track:
        """Re-time through ``(old_ms, new_ms)`` points: piecewise linear, extended past the ends.

        Each point is a pair of integer milliseconds (as a cue's times); anything else is a
        ``TypeError`` saying what a sync point is."""
        from .timeops import piecewise

        if isinstance(points, str | bytes) or not isinstance(points, Iterable):
            raise TypeError(f"{_SYNC_POINT}: give a list of them, not {type(points).__name__} {points!r:.40}")
        return self.map_times(piecewise([_sync_point(p) for p in points]))

    def sorted(self, key: Callable[[Cue], Any] | None = None) -> Track:
        """The cues in time order (start, then end; untimed cues last), or by ``key``; stable."""
        if key is None:
            key = _time_key
        return replace(self, cues=tuple(sorted(self.cues, key=key)))

    def filter(self, pred: Callable[[Cue], object]) -> Track:
        """Only the cues for which ``pred(cue)`` is true (any value, by its truth, as Python's
        ``filter``: ``track.filter(lambda c: c.text.strip())``)."""
        return replace(self, cues=tuple(c for c in self.cues if pred(c)))

    def map_text(self, fn: Callable[[str], str]) -> Track:
        """Every cue's text replaced by ``fn(text)`` (lines joined with ``\\n``): each changed cue
        by :meth:`Cue.with_text`, its spans, anchored tags and word times moved with its text."""
        out = []
        for c in self.cues:
            text = c.text
            new = fn(text)
            out.append(c if new == text else c.with_text(new))
        return replace(self, cues=tuple(out))

    def set(self, index: int, cue: Cue) -> Track:
        """The cue at ``index`` replaced by ``cue`` (``IndexError``, saying the track's length, if there is none)."""
        cues = list(self.cues)
        index = _an_index("set", index)
        if not -len(cues) <= index < len(cues):
            raise IndexError(_no_cue(index, len(cues)))
        cues[index] = _a_cue(cue)
        return replace(self, cues=tuple(cues))

    def insert(self, index: int, cue: Cue) -> Track:
        """``cue`` inserted before ``index`` (as ``list.insert``)."""
        cues = list(self.cues)
        cues.insert(index, _a_cue(cue))
        return replace(self, cues=tuple(cues))

    def remove(self, index: int | slice) -> Track:
        """The cue at ``index`` removed, or the cues of a slice (as ``del`` on a list; indexing
        takes a slice too).  ``IndexError``, saying the track's length, if there is no such cue;
        a :class:`Cue` given is a ``TypeError`` saying to pass its index (``track.index(cue)``).

        >>> t = Track((Cue(0, 1000, ("a",)), Cue(2000, 3000, ("b",))))
        >>> len(t.remove(slice(0, 2))), t.remove(-1)[-1].text
        (0, 'a')
        >>> t.remove(5)
        Traceback (most recent call last):
        ...
        IndexError: no cue at index 5: the track has 2 cues (indices 0 to 1, or -2 to -1)
        """
        cues = list(self.cues)
        if not isinstance(index, slice):
            index = _an_index("remove", index)
        if isinstance(index, int) and not -len(cues) <= index < len(cues):
            raise IndexError(_no_cue(index, len(cues)))
        del cues[index]
        return replace(self, cues=tuple(cues))

    def merge(self, other: Iterable[Cue]) -> Track:
        """This track's cues and ``other``'s, in time order (at equal times, this track's first)."""
        return replace(self, cues=tuple(sorted((*self.cues, *_cue_tuple(other)), key=_time_key)))

    if not TYPE_CHECKING:  # (pysubs2's habits said at run time; a type checker still refuses them)

        def __setitem__(self, index: object, value: object) -> None:
            raise TypeError("a Track is immutable: track = track.set(index, cue) is a copy with that cue replaced")

        def __delitem__(self, index: object) -> None:
            raise TypeError("a Track is immutable: track = track.remove(index) is a copy without that cue")

    @classmethod
    def from_pysubs2(cls, ssafile: Any) -> Track:
        """A track from a ``pysubs2.SSAFile`` (every event, styles and script info kept)."""
        from .interop import track_from_pysubs2

        return track_from_pysubs2(ssafile)

    def to_pysubs2(self, report: Report | None = None) -> pysubs2.SSAFile:
        """This track as a ``pysubs2.SSAFile`` (as :func:`subconv.dumps` writes it as ASS, times in
        milliseconds); what it cannot hold (a cue without times, the language...) reported in
        ``report`` (:func:`subconv.interop.track_to_pysubs2`)."""
        from .interop import track_to_pysubs2

        return track_to_pysubs2(self, report)

    @classmethod
    def from_webvtt(cls, vtt: Any, report: Report | None = None) -> Track:
        """A track from a ``webvtt.WebVTT`` object (webvtt-py), as subconv reads its WebVTT
        (:func:`subconv.interop.track_from_webvtt`)."""
        from .interop import track_from_webvtt

        return track_from_webvtt(vtt, report)

    def to_webvtt(self, report: Report | None = None) -> webvtt.WebVTT:
        """This track as a ``webvtt.WebVTT`` object (webvtt-py), as :func:`subconv.dumps` writes
        it as WebVTT; what it cannot hold reported in ``report``
        (:func:`subconv.interop.track_to_webvtt`)."""
        from .interop import track_to_webvtt

        return track_to_webvtt(self, report)


_say_habits(Track)

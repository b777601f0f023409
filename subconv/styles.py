"""A track's ASS styles and ``[Script Info]``, read and edited as values (pysubs2's
``subs.styles`` and ``subs.info``), and its events as pysubs2 sorts them (:func:`is_drawing`,
:func:`remove_miscellaneous_events`).

A track keeps them as the lines it read (``Track.meta``: ``ass.styles``, in the flavour of
``ass.format``, and ``ass.script_info``); these functions read them as a mapping and return a new
track with one edited, the other lines as they were.  A style is a :class:`Style`
(:mod:`subconv.formats.ass.styles`): one left as read is written back byte for byte.

>>> import subconv
>>> t = subconv.loads("1\\n00:00:01,000 --> 00:00:02,000\\nHello\\n", "srt")
>>> t = set_style(t, Style("Sign", fontsize=30, alignment=8))
>>> t = t.set(0, t[0].replace(extras=t[0].extras.set("ass.style", "Sign")))
>>> track_styles(t)["Sign"].fontsize, script_info(set_info(t, "PlayResX", 1280))["PlayResX"]
(30.0, '1280')
>>> [ln for ln in subconv.dumps(t, "ass").splitlines() if ln.startswith("Style: Sign")]
['Style: Sign,Arial,30,&H00FFFFFF,&H0000FFFF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,2,8,10,10,10,1']
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .errors import StyleError
from .formats.ass.styles import Style, read_style, style_line
from .formats.ass.text import holds_drawing
from .formats.ass.writer import raw_event_text
from .formats.placement import cue_style
from .model import Cue, FrozenMap, Track
from .report import Report

__all__ = [
    "Style",
    "import_styles",
    "is_drawing",
    "remove_info",
    "remove_miscellaneous_events",
    "remove_style",
    "rename_style",
    "script_info",
    "set_info",
    "set_style",
    "track_styles",
]

#: the step of the report entries of a style edit
STEP = "styles"


def track_styles(track: Track) -> Mapping[str, Style]:
    """The track's styles by name, in their order (read-only; of two of one name, the last,
    which libass draws).  An SSA script's styles are read as ASS holds them.  A track of a
    format without styles has none (the ASS writer adds a ``Default`` to a script without one)."""
    _track_checked(track, "track_styles()")
    ssa = _ssa(track)
    return MappingProxyType({s.name: s for s in (read_style(line, ssa) for line in _lines(track))})


def set_style(track: Track, style: Style, *, report: Report | None = None) -> Track:
    """A copy of ``track`` with ``style`` in place of its style of that name (the last of two),
    or added after the others.  In an SSA script's track it is written as SSA writes it; a style
    SSA cannot hold all of (an underline, an outline colour apart from the shadow's, the opaque
    shadow of ASS's own default...) is set as SSA holds it when a ``report`` is given, each thing
    lost a ``rewritten`` entry in it (as the writer reports an ASS script's styles written as
    SSA); without one, it is a :class:`~subconv.errors.StyleError` saying what, and how."""
    _track_checked(track, "set_style()")
    if not isinstance(style, Style):
        raise _not_a_style("set_style() takes a subconv.Style", style)
    if report is not None and not isinstance(report, Report):
        raise TypeError(f"set_style() report= takes a subconv.Report, not {type(report).__name__}")
    lines, at = _lines(track), _at(track)
    line, lost = style_line(style, _ssa(track))
    if lost and report is None:
        raise StyleError(f"style {style.name!r}: an SSA script's style cannot hold {'; '.join(lost)}: {_SSA_HOW}")
    for what in lost:
        assert report is not None
        report.add(STEP, "rewritten", f"style {style.name}: {what}: not carried to SSA", None, line)
    names = [_name(ln) for ln in lines]
    if style.name in names:
        lines[len(names) - 1 - names[::-1].index(style.name)] = line
    else:
        lines.append(line)
        at = [*at, ""] if at is not None else None
    return _with_lines(track, lines, at)


def _not_a_style(what: str, style: object) -> TypeError:
    """The ``TypeError`` saying ``what`` for a style that is not a :class:`Style` (pysubs2's
    ``SSAStyle``: how to have it as one)."""
    hint = ""
    if type(style).__name__ == "SSAStyle":
        hint = ": subconv.track_styles(subconv.Track.from_pysubs2(subs)) gives a pysubs2 file's styles as subconv.Style"
    return TypeError(f"{what}, not {type(style).__name__}{hint}")


#: how to set a style an SSA script cannot hold all of
_SSA_HOW = (
    "pass report=subconv.Report() to set them as SSA holds them, each loss reported, or make the track "
    "ASS first: subconv.loads(subconv.dumps(track, 'ass'))"
)


def remove_style(track: Track, name: str, *, reassign: str | None = None) -> Track:
    """A copy of ``track`` without its style ``name`` (every line of that name).  A style that
    cues use is not removed (a :class:`~subconv.errors.StyleError` saying which) unless
    ``reassign`` names the style they take instead (one of the track's, or ``Default``)."""
    _track_checked(track, "remove_style()")
    lines, at = _lines(track), _at(track)
    names = [_name(ln) for ln in lines]
    if name not in names:
        raise KeyError(_no_style(name, names))
    users = [k for k, c in enumerate(track.cues) if cue_style(c) == name]
    cues = track.cues
    if users:
        if reassign is None:
            first = track.cues[users[0]]
            line = f" (line {first.source_line})" if first.source_line is not None else ""
            other = next((n for n in names if n != name), "Default" if name != "Default" else None)
            how = (
                f"remove_style(track, {name!r}, reassign={other!r}) gives them another style"
                if other is not None
                else "add another style (set_style) and give them that one (reassign=)"
            )
            raise StyleError(
                f"style {name!r} is the style of {len(users)} cue(s), the first cue {users[0]}{line}: {how}"
            )
        if reassign == name or (reassign not in names and reassign != "Default"):
            raise StyleError(
                f"reassign={reassign!r}: not another style of the track ({_listed(names)})", field="reassign"
            )
        moved = set(users)
        cues = tuple(_restyled(c, reassign) if k in moved else c for k, c in enumerate(cues))
    keep = [k for k, n in enumerate(names) if n != name]
    return _with_lines(
        track.with_cues(cues), [lines[k] for k in keep], [at[k] for k in keep] if at is not None else None
    )


def rename_style(track: Track, old: str, new: str) -> Track:
    """A copy of ``track`` with its style ``old`` named ``new``, and its cues of that style
    (``ass.style``) too.  ``new`` must be a name no style of the track has.  Override tags
    naming a style (``{\\rOld}``) are not rewritten."""
    _track_checked(track, "rename_style()")
    lines = _lines(track)
    names = [_name(ln) for ln in lines]
    if old not in names:
        raise KeyError(_no_style(old, names))
    if new == old:
        return track
    Style(new)  # (checks the name)
    if new in names:
        raise StyleError(f"cannot rename style {old!r} to {new!r}: the track has a style {new!r}", field="name")
    for k, ln in enumerate(lines):
        if names[k] == old:
            head, sep, body = ln.partition(":")
            first, comma, rest = body.partition(",")
            lead = first[: len(first) - len(first.lstrip())]
            lines[k] = f"{head}{sep}{lead}{new}{comma}{rest}"
    cues = tuple(_restyled(c, new) if cue_style(c) == old else c for c in track.cues)
    return _with_lines(track.with_cues(cues), lines, _at(track))


def import_styles(
    track: Track, other: Track | Mapping[str, Style], *, overwrite: bool = True, report: Report | None = None
) -> Track:
    """A copy of ``track`` with the styles of ``other`` (a track, a ``pysubs2.SSAFile`` or a
    mapping of styles) set in it (:func:`set_style`); one of a name it has is left as it is
    unless ``overwrite``.  Into an
    SSA script's track, the styles SSA cannot hold all of (an ASS script's, as a rule: ASS draws
    a shadow opaque, SSA half transparent) are set as SSA holds them with a ``report``, each loss
    a ``rewritten`` entry; without one, a :class:`~subconv.errors.StyleError` names every such
    style and what it loses, and nothing is imported."""
    _track_checked(track, "import_styles()")
    if not isinstance(overwrite, bool):
        raise TypeError(f"import_styles() overwrite= takes True or False, not {type(overwrite).__name__}")
    if not isinstance(other, Track | Mapping) and hasattr(other, "styles") and hasattr(other, "events"):
        other = Track.from_pysubs2(other)  # (a pysubs2.SSAFile, as pysubs2's import_styles takes)
    if not isinstance(other, Track | Mapping):
        raise TypeError(
            f"import_styles() takes a subconv.Track, a pysubs2.SSAFile or a mapping of subconv.Style, "
            f"not {type(other).__name__}"
        )
    styles = track_styles(other) if isinstance(other, Track) else other
    for style in styles.values():
        if not isinstance(style, Style):
            raise _not_a_style("import_styles(): a mapping's styles are each a subconv.Style", style)
    have = track_styles(track)
    chosen = [style for style in styles.values() if overwrite or style.name not in have]
    if report is None and _ssa(track):
        lossy = [(st.name, lost) for st in chosen if isinstance(st, Style) and (lost := style_line(st, True)[1])]
        if lossy:
            said = "; ".join(f"style {name!r}: {', '.join(lost)}" for name, lost in lossy)
            raise StyleError(f"{len(lossy)} style(s) an SSA script cannot hold all of: {said}; {_SSA_HOW}")
    for style in chosen:
        track = set_style(track, style, report=report)
    return track


def script_info(track: Track) -> Mapping[str, str]:
    """The track's ``[Script Info]`` by key, in their order (read-only; comments left out, of
    two lines of one key the last value, under the key as first written).  ``Title`` is
    ``Track.title``, which the writers write.  The writer adds what a player needs and the
    script lacks (``ScriptType`` of the format written, ``PlayResX``/``PlayResY`` for a track
    made by subconv, ``WrapStyle`` for one made by subconv...)."""
    _track_checked(track, "script_info()")
    out: dict[str, str] = {}
    keys: dict[str, str] = {}
    for ln in _info_lines(track):
        key, value = _info_item(ln)
        if key is None:
            continue
        key = keys.setdefault(key.lower(), key)
        out[key] = track.title or "" if key.lower() == "title" else value
    if track.title and "title" not in keys:
        out = {"Title": track.title, **out}
    if "title" in keys and not track.title:
        del out[keys["title"]]
    return MappingProxyType(out)


def set_info(track: Track, key: str, value: str | int) -> Track:
    """A copy of ``track`` with ``[Script Info]`` ``key`` (in any case) set to ``value`` (its
    first line's value replaced, the key as written there, other lines of the key removed; else
    a ``Key: value`` line added).  ``Title`` sets ``Track.title`` too.  A key or value a line cannot hold, or
    ``ScriptType`` (the format written decides it), is a :class:`~subconv.errors.StyleError`."""
    _track_checked(track, "set_info()")
    _check_key(key)
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise StyleError(f"[Script Info] {key}: {value!r:.40} is not a str or an int", field=key)
    text = str(value)
    if key.lower() == "scripttype":
        raise StyleError("[Script Info] ScriptType is the format written's (v4.00+ for ASS, v4.00 for SSA)", field=key)
    if text != text.strip() or "\n" in text or "\r" in text:
        raise StyleError(
            f"[Script Info] {key}: {text!r:.40} cannot begin or end with a space or hold a line break", field=key
        )
    if key.lower() == "title" and not text:
        raise StyleError("[Script Info] Title: an empty title is none: remove_info(track, 'Title')", field=key)
    lines, at, done = [], [], False
    for ln, where in zip(_info_lines(track), _info_at(track), strict=True):
        k, _ = _info_item(ln)
        if k is None or k.lower() != key.lower():
            lines.append(ln)
            at.append(where)
        elif not done:  # (a line of that value already: as it is, where it stood)
            same = _info_item(ln)[1] == text
            lines.append(ln if same else f"{ln.partition(':')[0].rstrip()}: {text}")
            at.append(where if same else "")
            done = True
    if not done:
        lines.append(f"{key}: {text}")
        at.append("")
    title = text if key.lower() == "title" else track.title
    meta = track.meta.set("ass.script_info", tuple(lines))
    return track.replace(meta=meta, title=title, source_lines=_info_edited(track, key, at))


def remove_info(track: Track, key: str) -> Track:
    """A copy of ``track`` without its ``[Script Info]`` lines of ``key`` (``KeyError`` when it
    has none); ``Title`` removes ``Track.title`` too."""
    _track_checked(track, "remove_info()")
    _check_key(key)
    kept = [
        (ln, where)
        for ln, where in zip(_info_lines(track), _info_at(track), strict=True)
        if (_info_item(ln)[0] or "").lower() != key.lower()
    ]
    if len(kept) == len(_info_lines(track)) and not (key.lower() == "title" and track.title):
        raise KeyError(f"no [Script Info] {key!r}: the track has {_listed(list(script_info(track)))}")
    lines = tuple(ln for ln, _ in kept)
    meta = track.meta.set("ass.script_info", lines) if lines else track.meta.without("ass.script_info")
    title = None if key.lower() == "title" else track.title
    return track.replace(meta=meta, title=title, source_lines=_info_edited(track, key, [w for _, w in kept]))


def _info_edited(track: Track, key: str, at: list[str]) -> FrozenMap:
    """``track``'s source lines once its ``[Script Info]`` line of ``key`` is edited: ``at``,
    the source line of each line left (``""`` for one written anew: no line of the input), and
    none of the title when it is the one edited."""
    where = track.source_lines.without("title") if key.lower() == "title" else track.source_lines
    return where.set("ass.script_info", tuple(at)) if any(at) else where.without("ass.script_info")


def _info_at(track: Track) -> list[str]:
    """The source line of each ``[Script Info]`` line (``Track.source_lines``; ``""`` each when
    the track has none for them)."""
    at = track.source_lines.get("ass.script_info")
    n = len(_info_lines(track))
    return [str(w) for w in at] if isinstance(at, tuple) and len(at) == n else [""] * n


def is_drawing(cue: Cue) -> bool:
    r"""Whether ``cue`` is an ASS event that draws (``{\p1}m 0 0 l 100 0 100 100``), pysubs2's
    ``event.is_drawing``.  The reader leaves a drawing out of the cue's text (reported
    ``dropped``) and keeps the event's text as read (``ass.raw``), which the writer writes while
    the cue reads the same from it: this tells whether that text, as the writer writes it, draws.

    >>> import subconv
    >>> event = "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,{\\p1}m 0 0 l 9 0{\\p0}Hi"
    >>> t = subconv.loads(f"[Events]\n{event}\n", "ass")
    >>> t[0].text, is_drawing(t[0]), is_drawing(t[0].with_text("Bye"))
    ('Hi', True, True)
    """
    if not isinstance(cue, Cue):
        raise TypeError(f"is_drawing() takes a subconv.Cue, not {type(cue).__name__}")
    if not isinstance(cue.extras.get("ass.raw"), str):
        return False
    raw = raw_event_text(cue)
    return raw is not None and holds_drawing(raw)


def remove_miscellaneous_events(track: Track, report: Report | None = None) -> Track:
    """A copy of ``track`` without the cues pysubs2's ``SSAFile.remove_miscellaneous_events()``
    removes: comment events (``extras["ass.comment"] == "1"``), drawings (:func:`is_drawing`),
    cues of fewer than two characters of text (white space aside), and a cue of the same times
    and text as one before it (only the first kept; as in pysubs2, the one before may be one of
    the others).  Each cue removed is a ``dropped`` entry of step ``events`` in ``report``, at its
    source line, saying why."""
    _track_checked(track, "remove_miscellaneous_events()")
    if report is not None and not isinstance(report, Report):
        raise TypeError(f"remove_miscellaneous_events() report= takes a subconv.Report, not {type(report).__name__}")
    seen: dict[tuple[int | None, int | None], set[str]] = {}
    kept: list[Cue] = []
    for cue in track.cues:
        texts = seen.setdefault((cue.start, cue.end), set())
        why = _miscellaneous(cue, cue.text in texts)
        texts.add(cue.text)
        if why is None:
            kept.append(cue)
        elif report is not None:
            why = f"{why}: removed (remove_miscellaneous_events)"
            report.add(EVENTS_STEP, "dropped", why, cue.source_line, cue.text)
    return track if len(kept) == len(track.cues) else track.with_cues(tuple(kept))


#: the step of the report entries of :func:`remove_miscellaneous_events`
EVENTS_STEP = "events"


def _miscellaneous(cue: Cue, repeated: bool) -> str | None:
    """Why :func:`remove_miscellaneous_events` removes ``cue`` (in pysubs2's order), or None."""
    if is_drawing(cue):
        return "a drawing"
    if cue.extras.get("ass.comment") == "1":
        return "a comment event"
    if len(cue.text.strip()) < 2:
        return "fewer than two characters of text"
    if repeated:
        return "the same text at the same times as a cue before it"
    return None


def _track_checked(track: object, call: str) -> None:
    """A ``TypeError`` for a ``track`` given to ``call`` that is not a :class:`Track` (a
    ``pysubs2.SSAFile``: how to have one)."""
    if isinstance(track, Track):
        return
    hint = ""
    if hasattr(track, "styles") and hasattr(track, "events"):
        hint = ": subconv.Track.from_pysubs2(subs) makes a track of a pysubs2.SSAFile"
    raise TypeError(f"{call} takes a subconv.Track, not {type(track).__name__}{hint}")


def _ssa(track: Track) -> bool:
    return bool(track.meta.get("ass.format") == "ssa")


def _lines(track: Track) -> list[str]:
    styles = track.meta.get("ass.styles")
    return [s for s in styles if isinstance(s, str)] if isinstance(styles, tuple) else []


def _at(track: Track) -> list[str] | None:
    """The source line of each style (``Track.source_lines``), when the track has them."""
    at = track.source_lines.get("ass.styles")
    return list(at) if isinstance(at, tuple) and len(at) == len(_lines(track)) else None


def _with_lines(track: Track, lines: list[str], at: list[str] | None) -> Track:
    """``track`` with the style ``lines`` (and their source lines ``at``: ``""`` for a style
    added, no line of the input)."""
    meta = track.meta.set("ass.styles", tuple(lines)) if lines else track.meta.without("ass.styles")
    where = track.source_lines
    where = where.set("ass.styles", tuple(at)) if at and any(at) else where.without("ass.styles")
    return track.replace(meta=meta, source_lines=where)


def _name(line: str) -> str:
    return line.partition(":")[2].split(",")[0].strip()


def _restyled(cue: Cue, name: str) -> Cue:
    """``cue`` of the style ``name`` (``Default``: the key left out, as the reader leaves it)."""
    extras = cue.extras.without("ass.style") if name == "Default" else cue.extras.set("ass.style", name)
    return cue.replace(extras=extras)


def _no_style(name: str, names: list[str]) -> str:
    return f"no style {name!r}: the track's styles are {_listed(names)}"


def _listed(names: list[str]) -> str:
    return ", ".join(repr(n) for n in dict.fromkeys(names)) or "none"


def _info_lines(track: Track) -> list[str]:
    info = track.meta.get("ass.script_info")
    return [ln for ln in info if isinstance(ln, str)] if isinstance(info, tuple) else []


def _info_item(line: str) -> tuple[str | None, str]:
    """A ``[Script Info]`` line's key and value (the key None: a comment, or no ``Key:`` line)."""
    if line.startswith(";") or ":" not in line:
        return None, ""
    key, _, value = line.partition(":")
    return key.strip(), value.strip()


def _check_key(key: object) -> None:
    if not isinstance(key, str) or not key.strip() or key != key.strip() or any(c in key for c in ":\n\r"):
        raise StyleError(f"[Script Info] key {key!r:.40}: a word or words without ':' or a line break", field="key")
    if key.startswith((";", "[")):
        raise StyleError(f"[Script Info] key {key!r:.40}: a line starting with ';' or '[' is no key", field="key")

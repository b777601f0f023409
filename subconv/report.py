"""What happened to the input: every dropped, merged, repaired or rewritten item.

A :class:`Report` is passed to readers, pipeline steps and writers; each adds
an :class:`Entry` for anything it changes, with the 1-based source line.  The
CLI saves it as JSON (``--report``) or prints it (``--explain``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, TypeAlias

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


class Report:
    """An ordered list of :class:`Entry` plus a few run facts (``info``)."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.info: dict[str, Any] = {}

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
        self.entries.append(Entry(step, action, reason, line, text, detail or None))

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.entries)

    def by_action(self, action: Action) -> list[Entry]:
        """Entries whose action is ``action``."""
        return [e for e in self.entries if e.action == action]

    def changes(self) -> list[Entry]:
        """Entries other than ``cue`` and ``info``: what was altered or flagged."""
        return [e for e in self.entries if e.action not in ("cue", "info")]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary: ``{"info": {...}, "entries": [...]}``."""
        out = []
        for e in self.entries:
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
        if not self.entries:
            yield "[]\n}\n"
            return
        opening = "[\n    "
        for e in self.entries:
            piece = (
                f'{opening}{{\n      "step": {scalar(e.step)},\n      "action": {scalar(e.action)},'
                f'\n      "reason": {scalar(e.reason)},\n      "line": {scalar(e.line)},'
                f'\n      "text": {scalar(e.text)}'
            )
            if e.detail is not None:
                piece += ',\n      "detail": ' + indented(e.detail).replace("\n", "\n      ")
            yield piece + "\n    }"
            opening = ",\n    "
        yield "\n  ]\n}\n"

    def explain(self, include_cues: bool = False) -> str:
        """Readable lines, one per entry (``cue`` entries only when asked)."""
        lines = [f"{k}: {v}" for k, v in self.info.items()]
        lines += [e.describe() for e in self.entries if include_cues or e.action != "cue"]
        return "\n".join(lines) + ("\n" if lines else "")

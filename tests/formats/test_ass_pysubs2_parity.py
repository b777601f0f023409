"""The ASS/SSA reader's events field by field against pysubs2's over every corpus script (name,
style, layer, margins, effect, text, times, comment), the differences that are pysubs2's own
set apart with their reasons; the ``Actor`` column (older scripts' ``Name``) read as the
speaker and written back under its own name."""

from __future__ import annotations

import warnings
from pathlib import Path

import pysubs2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from subconv import Report, dumps, loads, markup
from subconv.encoding import decode
from subconv.formats.ass.reader import ASS_EVENT_FORMAT, SSA_EVENT_FORMAT
from subconv.model import Cue

#: the corpus file an ``Actor`` column gives a speaker in (pysubs2: ``NTP``)
SHIFTJIS = "corpus/odd/libass-tests/regression/font_nonunicode/shiftjis.ass"
OLD_SSA = "events without Format line or Effect field (old SSA)"


def _standard_columns(text: str, fmt: str) -> bool:
    """Whether the script's events ``Format:`` line (if any) names the standard columns (``Actor``
    for ``Name``): pysubs2 reads every script in those, whatever its line says, where libass
    and subconv follow the line (``ffmpeg_legacy2.ass``: ``Layer, Start, End, Style, Text``)."""
    in_events = False
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("["):
            in_events = line.lower() == "[events]"
        elif in_events and line.lower().startswith("format:"):
            names = [{"actor": "name"}.get(f.strip().lower(), f.strip().lower()) for f in line[7:].split(",")]
            return names in ([f.lower() for f in ASS_EVENT_FORMAT], [f.lower() for f in SSA_EVENT_FORMAT])
    return True


def _number(value: object) -> object:
    return int(value) if isinstance(value, str) and value.lstrip("-").isdigit() else value


def _ours(cue: Cue) -> dict[str, object]:
    ex = cue.extras
    return {
        "name": cue.speaker or "",
        "style": ex.get("ass.style", "Default"),
        "layer": _number(ex.get("ass.layer", "0")),
        "margins": tuple(_number(ex.get(f"ass.margin_{s}", "0")) for s in "lrv"),
        "effect": ex.get("ass.effect", ""),
        "text": markup(cue),
        "times": (cue.start, cue.end),
        "comment": ex.get("ass.comment") == "1",
    }


def _theirs(event: pysubs2.SSAEvent, old_ssa: bool) -> dict[str, object]:
    effect, text = event.effect.strip(), event.text
    if old_ssa:  # (pysubs2 reads an Effect field that is not there: the text's start, or all of it)
        effect, text = "", ",".join(x for x in (event.effect, event.text) if x).rstrip()
    return {
        "name": event.name.strip(),  # (pysubs2 keeps the spaces around it; libass and subconv do not)
        "style": event.style.strip(),
        "layer": event.layer,
        "margins": (event.marginl, event.marginr, event.marginv),
        "effect": effect,
        "text": text,
        "times": (min(event.start, event.end), max(event.start, event.end)),  # (swapped: reported)
        "comment": event.is_comment,
    }


def _scripts(shared: Path) -> list[Path]:
    return sorted(p for p in (shared / "corpus").rglob("*") if p.suffix.lower() in (".ass", ".ssa"))


def test_every_corpus_script_reads_its_events_as_pysubs2_does(shared: Path) -> None:
    differences: list[str] = []
    compared: list[str] = []
    for path in _scripts(shared):
        fmt = path.suffix.lower()[1:]
        text = decode(path.read_bytes())
        try:
            with warnings.catch_warnings():  # (its "Failed to parse marginl, using default")
                warnings.simplefilter("ignore")
                subs = pysubs2.SSAFile.from_string(text, format_=fmt)
        except ValueError:  # (5 scripts it refuses: a style's alpha &HFF, a Format line of its own)
            continue
        if not _standard_columns(text, fmt) or not subs.events:  # (CR line ends: pysubs2 sees no line)
            continue
        report = Report()
        track = loads(text, fmt, report=report)
        old_ssa = any(e.reason == OLD_SSA for e in report.entries)
        name = str(path.relative_to(shared))
        compared.append(name)
        if len(subs.events) != len(track):
            differences.append(f"{name}: {len(track)} cues, pysubs2 {len(subs.events)} events")
            continue
        for event, cue in zip(subs.events, track, strict=True):
            ours, theirs = _ours(cue), _theirs(event, old_ssa)
            at = f"{name}:{cue.source_line}"
            differences += [f"{at}: {k} {ours[k]!r}, pysubs2 {theirs[k]!r}" for k in ours if ours[k] != theirs[k]]
    assert differences == []
    assert len(compared) >= 60 and SHIFTJIS in compared


def test_the_actor_column_is_the_speaker_and_is_written_back_as_actor(shared: Path) -> None:
    track = loads(decode((shared / SHIFTJIS).read_bytes()), "ass")
    assert [c.speaker for c in track] == ["NTP"]
    out = dumps(track, "ass")
    assert "Format: Layer, Start, End, Style, Actor, MarginL, MarginR, MarginV, Effect, Text\n" in out
    assert ",kasi,NTP,0,0,0,," in out
    again = loads(out, "ass")  # (the events as read, their column's name too)
    assert again.cues == track.cues and again.meta["ass.event_format"] == track.meta["ass.event_format"]
    ssa = dumps(track, "ssa")  # (another flavour: its standard columns)
    assert "Format: Marked, Start, End, Style, Name, MarginL" in ssa and ",kasi,NTP," in ssa


_NAMES = st.text(st.characters(codec="utf-8", exclude_characters=",\n\r{}\\"), max_size=12).map(str.strip)


@given(_NAMES, st.sampled_from(["Actor", "actor", "ACTOR", "Name", "name"]), st.sampled_from(["ass", "ssa"]))
def test_a_name_column_by_any_of_its_names(name: str, column: str, fmt: str) -> None:
    first = "Layer" if fmt == "ass" else "Marked"
    head = "[Script Info]\nScriptType: v4.00+\n" if fmt == "ass" else "[Script Info]\nScriptType: v4.00\n"
    columns = f"{first}, Start, End, Style, {column}, MarginL, MarginR, MarginV, Effect, Text"
    script = f"{head}\n[Events]\nFormat: {columns}\nDialogue: 0,0:00:01.00,0:00:02.00,Default,{name},0,0,0,,Hi\n"
    track = loads(script, fmt)
    assert track[0].speaker == (name or None)
    out = dumps(track, fmt)
    assert f"Format: {columns}\n" in out  # (the columns as the script named them)
    again = loads(out, fmt)
    assert again.cues == track.cues and again.meta.get("ass.event_format") == track.meta.get("ass.event_format")
    assert pysubs2.SSAFile.from_string(out, format_=fmt)[0].name == name


@pytest.mark.parametrize("marked", ["Marked=0", "Marked=1", "marked=0"])
def test_ssa_marked_in_an_ass_layer_is_no_layer(marked: str) -> None:
    # an SSA event read in ASS's columns (no ScriptType, no styles section): libass and pysubs2 read layer 0
    track = loads(f"[Events]\nDialogue: {marked},0:00:01.00,0:00:02.00,Default,,0,0,0,,Hi\n", "ass")
    assert "ass.layer" not in track[0].extras
    assert "Dialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,Hi" in dumps(track, "ass")
    report = Report()
    dumps(track, "ssa", report=report)  # (before: "layer Marked=0: not carried to SSA")
    assert not any("layer" in e.reason for e in report.entries)

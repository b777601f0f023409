"""An event's style is looked up as libass and VSFilter look it up: leading ``*`` mean nothing
(``*Top`` is drawn in ``Top``, as SSA editors wrote it) and ``default`` in any case is
``Default``.  Before, ``rename_style``/``remove_style`` passed such events by (``remove_style(t,
"Top", reassign=...)`` left a ``*Top`` event naming a style no longer there, without a word), and
the SRT/WebVTT writers did not place or format them by their style."""

from __future__ import annotations

import pytest

import subconv
from subconv import StyleError

ASS = (
    "[Script Info]\nScriptType: v4.00+\n\n[V4+ Styles]\n"
    "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, "
    "Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, "
    "MarginL, MarginR, MarginV, Encoding\n"
    "Style: Default,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,2,2,10,10,10,1\n"
    "Style: Top,Arial,20,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,-1,0,0,100,100,0,0,1,2,2,8,10,10,10,1\n\n"
    "[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n"
    "Dialogue: 0,0:00:01.00,0:00:02.00,Top,,0,0,0,,One\n"
    "Dialogue: 0,0:00:03.00,0:00:04.00,*Top,,0,0,0,,Two\n"
    "Dialogue: 0,0:00:05.00,0:00:06.00,default,,0,0,0,,Three\n"
)


def _styles(track: subconv.Track) -> list[str]:
    return [str(c.extras.get("ass.style", "Default")) for c in track]


def test_remove_style_counts_and_reassigns_starred_events() -> None:
    track = subconv.loads(ASS)
    with pytest.raises(StyleError, match="style of 2 cue"):
        subconv.remove_style(track, "Top")
    moved = subconv.remove_style(track, "Top", reassign="Default")
    assert _styles(moved) == ["Default", "Default", "default"]
    with pytest.raises(StyleError, match="style of 1 cue"):  # ("default" is drawn in Default)
        subconv.remove_style(moved.remove(slice(0, 2)), "Default")


def test_rename_style_renames_starred_and_case_events() -> None:
    track = subconv.rename_style(subconv.loads(ASS), "Top", "Sign")
    assert _styles(track) == ["Sign", "Sign", "default"]
    track = subconv.rename_style(track, "Default", "Main")
    assert _styles(track) == ["Sign", "Sign", "Main"]
    events = [ln for ln in subconv.dumps(track, "ass").splitlines() if ln.startswith("Dialogue:")]
    assert [ln.split(",")[3] for ln in events] == ["Sign", "Sign", "Main"]


@pytest.mark.parametrize(("fmt", "top"), [("srt", "{\\an8}<i>"), ("vtt", " line:0\n<i>")])
def test_a_starred_event_is_written_in_its_style(fmt: str, top: str) -> None:
    text = subconv.dumps(subconv.loads(ASS), fmt)
    assert f"{top}One" in text and f"{top}Two" in text  # (placed at the top, in italics, as "Top" says)
    assert "\nThree\n" in text


@pytest.mark.parametrize("name", ["*Sign", "default", "DEFAULT"])
def test_a_style_no_event_can_be_drawn_in_is_refused(name: str) -> None:
    """A new style named ``*Sign`` or ``default``: an event naming it is drawn in ``Sign`` or
    ``Default`` (before, ``rename_style(t, "Top", "default")`` moved its events to ``Default``)."""
    with pytest.raises(StyleError, match="no name an event can use"):
        subconv.Style(name)
    with pytest.raises(StyleError, match="no name an event can use"):
        subconv.rename_style(subconv.loads(ASS), "Top", name)
    assert subconv.Style("Default").name == "Default"

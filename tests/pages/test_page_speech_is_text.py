"""Caption pages after today's notations: ordinary text that looks like a stamp or a speaker stays text."""

from __future__ import annotations

from subconv.pages import read_page
from subconv.report import Report


def test_a_list_of_durations_is_text_not_seconds_stamps() -> None:
    """``5s warm-up jog`` / ``30s sprint``: far too little text for the time between the numbers
    to be stamps; they stay in the text (they were taken for stamps and removed)."""
    page = "Top 10 tips for runners\n5s warm-up jog, then stretch.\n30s sprint at full speed.\n"
    page += "45s walk to recover.\n60s plank.\nRepeat the set 4 times.\n"
    report = Report()
    track = read_page(page, report)
    assert report.info["page_shape"] != "stamped-lines"
    assert [c.text for c in track.cues][1:3] == ["5s warm-up jog, then stretch.", "30s sprint at full speed."]


def test_short_sentences_under_stamps_are_not_speakers() -> None:
    """``0:00`` / ``Okay.`` / the text: ``Okay.`` is speech, not a Premiere speaker line (it was
    taken for one, the word removed from the caption and made its speaker)."""
    page = "0:00\nOkay.\nSo today we talk about bread.\n0:07\nRight.\nFirst you need flour.\n"
    page += "0:15\nOkay.\nThen you knead it.\n0:24\nYes.\nAnd then you wait.\n"
    track = read_page(page, Report())
    assert [c.speaker for c in track.cues] == [None] * 4
    assert [c.text.split("\n")[0] for c in track.cues] == ["Okay.", "Right.", "Okay.", "Yes."]


def test_premiere_speaker_lines_still_read() -> None:
    page = "00:00:00:00 - 00:00:04:10\nSpeaker 1\nHello there.\n00:00:04:10 - 00:00:08:00\nSammy Davis Jr.\n"
    page += "Hi.\n00:00:08:00 - 00:00:12:00\nSpeaker 1\nBye now.\n"
    track = read_page(page, Report())
    assert [(c.speaker, c.text) for c in track.cues] == [
        ("Speaker 1", "Hello there."),
        ("Sammy Davis Jr.", "Hi."),
        ("Speaker 1", "Bye now."),
    ]


def test_asides_are_not_speakers_however_often() -> None:
    """``Note: ...`` twice on a page of real labels stayed a speaker ``Note``; an aside
    (``Note``, ``Warning``, ``Step 2``) is text, the real names still speakers."""
    page = "00:00 Émilie: Bonjour.\n00:05 Иван: Привет.\n00:09 Note: recorded later.\n00:12 Émilie: On commence.\n"
    page += "00:20 Note: open the terminal.\n00:26 Иван: Хорошо.\n00:31 Warning: not as root.\n00:40 Warning: really.\n"
    track = read_page(page, Report())
    assert [c.speaker for c in track.cues] == ["Émilie", "Иван", None, "Émilie", None, "Иван", None, None]
    assert track.cues[2].text == "Note: recorded later." and track.cues[6].text == "Warning: not as root."

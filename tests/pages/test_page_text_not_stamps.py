"""Caption pages after today's stamp notations: ordinary text that looks like a stamp stays text."""

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

"""A song's page stamped sparsely in bare seconds (``23s I walked along the river``, a stamp every
20 to 40 s over lines sung slowly, the music between them): its stamps are anchors.  Before, such a
page had too little text a second for the bare seconds floor (4 characters a second, which tells a
list of durations, ``5s warm-up jog`` / ``30s sprint``, from stamps) and was read as ``plain``:
every stamp stayed in its line's text and nothing was anchored."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from subconv.pages import read_page
from subconv.report import Report

RIVER = """Lyrics - The River Song
0s (guitar intro)
23s I walked along the river
in the cold light of the morning
51s the water knew my name
1m17s and I followed where it ran
far beyond the hills
1m48s oh river, carry me home
2m21s carry me home
"""

LYRICS = [
    "I walked along the river",
    "in the cold light of the morning",
    "the water knew my name",
    "and I followed where it ran",
    "far beyond the hills",
    "oh river, carry me home",
    "(instrumental break)",
    "la la la, la la la la",
    "hold on, hold on to me",
]


def test_a_sparsely_stamped_song_page() -> None:
    report = Report()
    track = read_page(RIVER, report)
    assert report.info["page_shape"] == "stamped-lines"
    stamped = [(c.start, c.text) for c in track.cues if c.start is not None]
    assert stamped == [
        (0, "(guitar intro)"),
        (23_000, "I walked along the river"),
        (51_000, "the water knew my name"),
        (77_000, "and I followed where it ran"),
        (108_000, "oh river, carry me home"),
        (141_000, "carry me home"),
    ]
    assert "in the cold light of the morning" in [c.text for c in track.cues]


def _seconds(ms: int, minutes: bool) -> str:
    s = ms // 1000
    return f"{s // 60}m{s % 60:02d}s" if minutes and s >= 60 else f"{s}s"


@given(
    st.integers(0, 15),
    st.lists(
        st.tuples(st.integers(20, 40), st.lists(st.sampled_from(LYRICS), min_size=1, max_size=3)),
        min_size=3,
        max_size=10,
    ),
    st.booleans(),
)
def test_a_song_page_s_sparse_stamps_are_anchors(
    first: int, verses: list[tuple[int, list[str]]], minutes: bool
) -> None:
    at = first * 1000
    rows: list[str] = []
    expected: list[tuple[int, str]] = []
    times = []
    for gap, lines in verses:
        rows.append(f"{_seconds(at, minutes)} {lines[0]}")
        rows += lines[1:]
        expected.append((at, lines[0]))
        times.append(at)
        at += gap * 1000
    assume(any(t % 5000 for t in times) and any(len(lines) > 1 for _, lines in verses[:-1]))
    report = Report()
    track = read_page("\n".join(rows) + "\n", report)
    assert report.info["page_shape"] == "stamped-lines"
    assert [(c.start, c.text) for c in track.cues if c.start is not None] == expected
    assert [c.text for c in track.cues] == [x for _, lines in verses for x in lines]


def test_a_list_of_durations_with_lines_between_stays_text() -> None:
    """Durations (whole fives) with a line of advice under each: no song, however little text."""
    page = "Workout\n30s plank\nkeep your back straight\n45s squats\nslowly, knees out\n60s rest\ndrink water\n"
    report = Report()
    track = read_page(page, report)
    assert report.info["page_shape"] != "stamped-lines"
    assert "30s plank" in [c.text for c in track.cues]

"""``subconv sync``'s map from a file's own times to the audio's (``subconv.align.syncmap``):
cues the aligner was unsure of follow the file's timing through the offsets of the sure ones."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from subconv.align.syncmap import MIN_SURE, MOVE_MS, RATES, follow_file


@st.composite
def synced(draw: st.DrawFn) -> tuple[list[int], list[int], list[bool], list[int]]:
    """A file's own starts (cues 1-9 s apart), where the audio really has them (a frame-rate
    drift, an offset and a cut of a second or more between two sure cues), which cues the
    aligner heard surely, and where it put them: the sure ones where they are, the unsure ones
    anywhere."""
    n = draw(st.integers(MIN_SURE + 4, 60))
    gaps = draw(st.lists(st.integers(1000, 9000), min_size=n, max_size=n))
    own = [sum(gaps[: i + 1]) for i in range(n)]
    rate = draw(st.sampled_from(RATES))
    offset = draw(st.integers(-5000, 5000))
    unsure = draw(st.sets(st.integers(0, n - 1), max_size=n // 3))
    sure = [i not in unsure for i in range(n)]
    sure_idx = [i for i in range(n) if sure[i]]
    cut_after = draw(st.sampled_from(sure_idx[MIN_SURE - 1 : -2] or [n - 1]))  # two sure cues show a cut
    cut_next = min((i for i in sure_idx if i > cut_after), default=n)
    cut = (
        draw(st.sampled_from([-1, 1])) * draw(st.integers(1000, 8000)) if cut_next == cut_after + 1 else 0
    )  # only between two adjacent sure cues
    truth = [round(rate * t) + offset + (cut if i > cut_after else 0) for i, t in enumerate(own)]
    heard = [truth[i] if sure[i] else max(0, truth[i] + draw(st.integers(-3000, 3000))) for i in range(n)]
    return own, heard, sure, truth


@given(synced())
def test_unsure_cues_far_off_the_map_follow_it_and_sure_ones_stay(
    case: tuple[list[int], list[int], list[bool], list[int]],
) -> None:
    own, heard, sure, truth = case
    got = follow_file(own, heard, sure)
    for i, g in enumerate(got):
        if sure[i]:
            assert g is None, i  # a cue heard surely, on the map, is where the aligner put it
        elif abs(heard[i] - truth[i]) > MOVE_MS + 10:
            assert g is not None and abs(g - max(0, truth[i])) <= 10, (i, g, truth[i])
        elif g is not None:
            assert abs(g - truth[i]) <= 10


@given(st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 10**7), st.booleans()), max_size=80))
def test_too_few_sure_cues_make_no_map(cues: list[tuple[int, int, bool]]) -> None:
    own = sorted(c[0] for c in cues)
    heard = [c[1] for c in cues]
    sure = [c[2] for c in cues]
    sure = [s and sum(sure[: i + 1]) < MIN_SURE for i, s in enumerate(sure)]  # at most MIN_SURE - 1
    assert follow_file(own, heard, sure) == [None] * len(cues)


@given(st.lists(st.tuples(st.integers(0, 10**7), st.integers(0, 10**7), st.booleans()), max_size=200))
def test_any_times_give_a_start_or_none_per_cue(cues: list[tuple[int, int, bool]]) -> None:
    """Whatever the file and the aligner say (out of order, equal, far apart), one answer a cue,
    never before zero."""
    own = [c[0] for c in cues]
    heard = [c[1] for c in cues]
    got = follow_file(own, heard, [c[2] for c in cues])
    assert len(got) == len(cues) and all(g is None or g >= 0 for g in got)


@st.composite
def steady(draw: st.DrawFn) -> tuple[list[int], list[int], list[bool], list[int]]:
    """As :func:`synced`, without a cut: one drift and one offset for every cue."""
    n = draw(st.integers(MIN_SURE + 4, 60))
    gaps = draw(st.lists(st.integers(1000, 9000), min_size=n, max_size=n))
    own = [sum(gaps[: i + 1]) for i in range(n)]
    rate, offset = draw(st.sampled_from(RATES)), draw(st.integers(0, 5000))
    unsure = draw(st.sets(st.integers(0, n - 1), max_size=n // 3))
    truth = [round(rate * t) + offset for t in own]
    heard = [truth[i] if i not in unsure else max(0, truth[i] + draw(st.integers(-3000, 3000))) for i in range(n)]
    return own, heard, [i not in unsure for i in range(n)], truth


@given(steady(), st.integers(3000, 12000), st.booleans())
def test_a_lone_sure_cue_before_the_first_anchor_or_after_the_last_far_off_the_map_follows_it(
    case: tuple[list[int], list[int], list[bool], list[int]], off: int, at_end: bool
) -> None:
    """The first or last cue heard surely but seconds later than the file's timing puts it (under
    a music intro, the first cue was heard in the music): it is off the offsets around it, and no
    other sure cue beyond the anchors shares its offset, so it follows the map."""
    own, heard, sure, truth = case
    i = len(own) - 1 if at_end else 0
    sure, heard = [*sure], [*heard]
    sure[i], heard[i] = True, truth[i] + off
    got = follow_file(own, heard, sure)[i]
    assert got is not None and abs(got - truth[i]) <= 10, (got, truth[i])


@given(steady(), st.integers(3000, 12000))
def test_two_sure_cues_sharing_an_offset_before_the_first_anchor_stand(
    case: tuple[list[int], list[int], list[bool], list[int]], off: int
) -> None:
    """The first two cues heard surely, both seconds later than the file's timing: that is what a
    cut at the start looks like, so both stand where they were heard."""
    own, heard, sure, truth = case
    sure, heard = [*sure], [*heard]
    for i in (0, 1):
        sure[i], heard[i] = True, truth[i] + off
    got = follow_file(own, heard, sure)
    assert got[0] is None and got[1] is None, got[:2]

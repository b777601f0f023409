"""A page's last steps run a cue at a time as the writer takes the cues (issue 14, item 18):
``pipeline.run_streamed`` segments, times and hands on each cue while the SRT or WebVTT writer
writes it, so a large page never holds its segmented and timed cues all at once.  What the
command line writes and reports is exactly what running the whole track writes and reports;
where a step cannot run a cue at a time (anchors, a known duration, merged fragments, a frame
rate, media) the whole track runs."""

from __future__ import annotations

import dataclasses
import weakref
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import api, pipeline, runner
from subconv.errors import SubconvError
from subconv.formats import WriteOptions
from subconv.model import Cue, Track
from subconv.options import Options
from subconv.report import Report
from subconv.steps import dedupe as dedupe_step

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _job(to: str, options: Options, src: str = "page.txt") -> runner.Job:
    return runner.Job(src, None, None, to, None, options, WriteOptions())


def _both(data: bytes, to: str, options: Options, monkeypatch: pytest.MonkeyPatch) -> tuple[tuple[str, str], ...]:
    """(output, report JSON) of the command line's conversion, streamed and whole."""
    out = []
    for streamed in (True, False):
        with monkeypatch.context() as m:
            if not streamed:  # the whole track, as api.process runs it (the runner hands it over in a list)
                m.setattr(
                    api,
                    "process_streamed",
                    lambda t, o, r, **_: api.process(t.pop() if isinstance(t, list) else t, o, r),
                )
            report = Report()
            try:
                text = runner.convert_data(data, _job(to, options), report) or ""
            except SubconvError as exc:  # (a page with no captions: the same error either way)
                text = f"error: {exc}"
            out.append((text, report.to_json()))
    return tuple(out)


OPTIONS = (
    Options(),
    Options(max_chars=20),
    Options(max_chars=60, max_lines=1),
    Options(max_chars=30, max_lines=3, wpm=200),
)


def _page(paragraphs: list[str]) -> bytes:
    return ("\n".join(paragraphs) + "\n").encode()


PAGE = _page(
    [
        "Welcome back. Today we look at how a ledger works, step by step, and why anyone would trust it.",
        "Alice: Many people have heard of it; fewer know what it is. - Really? - Yes, really.",
        "Bob: Short.",
        "Alice: A line that goes on and on, with clauses, commas; and colons: until it must be split "
        "into several cues, each of which fits — or so we hope.",
        "你好，世界。这是一个很长的句子，用来测试中文的分段是否与整段处理时完全相同。",
        "A line with <odd> & marks --> and a blank end",
    ]
)


@pytest.mark.parametrize("to", ["srt", "vtt"])
@pytest.mark.parametrize("options", OPTIONS)
def test_streamed_page_is_written_and_reported_as_the_whole_track(
    to: str, options: Options, monkeypatch: pytest.MonkeyPatch
) -> None:
    streamed, whole = _both(PAGE, to, options, monkeypatch)
    assert streamed == whole
    assert "-->" in streamed[0] and '"timing"' in streamed[1]


def test_a_page_is_streamed_where_it_can_be() -> None:
    report = Report()
    track = api.loads(PAGE.decode(), "page", report=report)
    result = api.process_streamed(track, Options(), report)
    assert isinstance(result, tuple)
    header, feed = result
    assert not header.cues
    cues = list(feed)
    whole = api.process(track, Options(), Report())
    assert cues == list(whole.cues) and feed.count == len(cues) and feed.is_last(len(cues) - 1)
    assert list(feed) == []  # one pass


@pytest.mark.parametrize(
    "options",
    [Options(duration_ms=600_000), Options(merge_fragments=True), Options(fps=25.0), Options(skip=frozenset({"time"}))],
)
def test_what_cannot_be_streamed_runs_whole(options: Options) -> None:
    track = api.loads(PAGE.decode(), "page", report=Report())
    assert isinstance(api.process_streamed(track, options, Report()), Track)


def test_a_page_with_stamps_runs_whole() -> None:
    page = "[00:00:01] Hello there, this is the first caption.\n[00:00:04] And the second one.\n"
    track = api.loads(page, "page", report=Report())
    assert any(c.start is not None for c in track.cues)
    assert isinstance(api.process_streamed(track, Options(), Report()), Track)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(["the", "ledger", "Bitcoin,", "trust.", "why?", "—", "- Yes.", "Ann:", "long" * 6, "é"]),
            min_size=1,
            max_size=40,
        ).map(" ".join),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(OPTIONS),
    st.sampled_from(["srt", "vtt"]),
)
def test_streamed_equals_whole_on_generated_pages(paragraphs: list[str], options: Options, to: str) -> None:
    with pytest.MonkeyPatch.context() as m:
        streamed, whole = _both(_page(paragraphs), to, options, m)
    assert streamed == whole


def _corpus_pages() -> list[Path]:
    if not SHARED.is_dir():
        return []
    found = [*(SHARED / "corpus" / "pages").rglob("*"), *(SHARED / "seed").glob("*")]
    return sorted(p for p in found if p.is_file())


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared (the corpus) is not here")
def test_every_corpus_page_streamed_as_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = _corpus_pages()
    assert pages
    for path in pages:
        data = path.read_bytes()
        for to, options in (("srt", OPTIONS[0]), ("vtt", OPTIONS[1])):
            streamed, whole = _both(data, to, options, monkeypatch)
            assert streamed == whole, path


def test_the_read_cues_are_let_go_as_they_are_taken() -> None:
    cues = [Cue(None, None, (f"Caption {i}",)) for i in range(3)]
    pending: list[Cue | None] = list(cues)
    taken = pipeline._taken(pending)
    assert next(taken) is cues[0] and pending == [None, cues[1], cues[2]]
    assert list(taken) == cues[1:] and pending == [None, None, None]


class _Watched(Track):
    """A track that can be watched (by a weak reference) for being let go."""

    __slots__ = ("__weakref__",)


def _handed(hand_over: bool, monkeypatch: pytest.MonkeyPatch) -> tuple[bool, str, str]:
    """Whether the track read was gone when ``dedupe`` ran, the SRT and the
    report, the track given to ``process_streamed`` in a list or itself."""
    page = PAGE + "  \u2022 Written with a bullet.\n".encode()  # (which normalise takes off: new cues)
    report = Report()
    read = api.loads(page.decode(), "page", report=report)
    track = _Watched(**{f.name: getattr(read, f.name) for f in dataclasses.fields(read)})
    del read
    gone = weakref.ref(track)
    seen: list[bool] = []
    real = dedupe_step.dedupe

    def spy(t: Track, ctx: pipeline.Context, rep: Report) -> Track:  # (given normalise's track)
        seen.append(gone() is None)
        return real(t, ctx, rep)

    monkeypatch.setattr(dedupe_step, "dedupe", spy)
    given: Track | list[Track] = [track] if hand_over else track
    del track
    streamed = api.process_streamed(given, Options(), report)
    monkeypatch.undo()
    assert isinstance(streamed, tuple) and given == ([] if hand_over else given)
    header, feed = streamed
    return seen[0], "".join(api.dump_feed(header, feed, "srt", report=report)), report.to_json()


def test_a_track_handed_over_is_let_go_once_a_step_has_made_new_cues(monkeypatch: pytest.MonkeyPatch) -> None:
    """Handed over in a list, the track read is no longer alive once ``normalise`` has made its own
    cues (a long page's cues as read are not held beside them through ``dedupe``); the same
    output and report as the track given itself."""
    kept, *whole = _handed(False, monkeypatch)
    let_go, *handed = _handed(True, monkeypatch)
    assert (kept, let_go) == (False, True)
    assert handed == whole

"""Stamps as transcript tools print them: a Markdown link (``[0:03](https://youtu.be/x?t=3) text``,
an Obsidian or Notion export of a YouTube transcript), a range (``[00:00:07 - 00:00:10] text``,
both times), bracketed seconds (``[12s] text``) and a full-width colon (``０：１２``).  Before, the
link's target was read as spoken text (every caption began ``(https://youtu.be/...)``, or the whole
page was ``plain`` and unanchored), a range's second stamp was spoken text (or the whole line was),
and seconds and full-width stamps were text: the page was timed from its length alone.

The real captions are the 3Blue1Brown bitcoin talk's (``../shared/corpus/timed``), written in each
notation, with each stamp floored to the second as pages print them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subconv
from subconv.model import Cue
from subconv.pages import read_page
from subconv.report import Report


def _clock(ms: int, hours: bool = False) -> str:
    h, rest = divmod(ms // 1000, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h or hours else f"{m}:{s:02d}"


_FULL = str.maketrans("0123456789:", "０１２３４５６７８９：")

#: each notation: how a caption's line is written
NOTATIONS: dict[str, Callable[[Cue, str], str]] = {
    "markdown-link": lambda c, t: f"[{_clock(c.start or 0)}](https://youtu.be/x?t={(c.start or 0) // 1000}s) {t}",
    "bracketed-seconds": lambda c, t: f"[{(c.start or 0) // 1000}s] {t}",
    "bare-seconds": lambda c, t: f"{(c.start or 0) // 1000}s {t}",
    "paren-minutes-seconds": lambda c, t: f"({(c.start or 0) // 60000}m{(c.start or 0) // 1000 % 60:02d}s) {t}",
    "full-width": lambda c, t: f"{_clock(c.start or 0).translate(_FULL)} {t}",
    "range": lambda c, t: f"[{_clock(c.start or 0, True)} - {_clock(c.end or 0, True)}] {t}",
    "arrow-range": lambda c, t: f"{_clock(c.start or 0)} --> {_clock(c.end or 0)} {t}",
}


def _floor(ms: int | None) -> int:
    return (ms or 0) // 1000 * 1000


@pytest.mark.parametrize("notation", sorted(NOTATIONS))
def test_real_captions_in_each_notation_are_anchored_at_their_stamps(shared: Path, notation: str) -> None:
    truth = subconv.read(str(shared / "corpus/timed/3b1b/bitcoin/en.captions.srt")).cues
    texts = [" ".join(c.text.split()) for c in truth]
    page = "\n".join(NOTATIONS[notation](c, t) for c, t in zip(truth, texts, strict=True)) + "\n"
    report = Report()
    track = read_page(page, report)
    assert report.info["page_shape"] == "stamped-lines"
    assert [c.text for c in track.cues] == texts  # no stamp, no link target left in the text
    assert [c.start for c in track.cues] == [_floor(c.start) for c in truth]
    if "range" in notation:
        for got, real, nxt in zip(track.cues, truth, [*truth[1:], None], strict=True):
            end = _floor(real.end)
            if end == _floor(real.start):
                assert got.end is None  # (a range of no length at the page's resolution: estimated)
            elif nxt is not None and _floor(real.start) < _floor(nxt.start) < end:
                assert got.end == _floor(nxt.start)  # (a rolling window's overlap, cut and reported)
            else:
                assert got.end == end
    else:
        assert all(c.end is None for c in track.cues)


@pytest.mark.parametrize("notation", sorted(NOTATIONS))
def test_each_notation_converts_with_every_word_and_monotonic_times(shared: Path, notation: str) -> None:
    truth = subconv.read(str(shared / "corpus/timed/3b1b/bitcoin/en.captions.srt")).cues[:60]
    page = "\n".join(NOTATIONS[notation](c, c.text.replace("\n", " ")) for c in truth) + "\n"
    out = subconv.process(subconv.loads(page, "page"))
    words = [w for c in out.cues for w in c.text.split()]
    assert words == [w for c in truth for w in c.text.split()]
    starts = [c.start or 0 for c in out.cues]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)
    assert all((c.end or 0) > (c.start or 0) for c in out.cues)


def test_link_stamps_inside_a_markdown_speaker_transcript() -> None:
    page = (
        "**Ali:** Hello there, welcome to the show. [00:12](https://youtu.be/x?t=12) And then we go on.\n\n"
        "**Bo:** [01:10](https://youtu.be/x?t=70) Thanks for having me here today.\n"
    )
    track = read_page(page, Report())
    assert [(c.speaker, c.start, c.text) for c in track.cues] == [
        ("Ali", None, "Hello there, welcome to the show."),
        ("Ali", 12000, "And then we go on."),
        ("Bo", 70000, "Thanks for having me here today."),
    ]


def test_a_rolling_window_of_ranges_is_cut_and_reported() -> None:
    page = (
        "[00:00:07 - 00:00:10] hi uh hi everybody good afternoon thank\n"
        "[00:00:09 - 00:00:13] you so much for coming to my talk I'm\n"
        "[00:00:13 - 00:00:13] tram founder of Igan\n"
    )
    report = Report()
    track = read_page(page, report)
    assert [(c.start, c.end) for c in track.cues] == [(7000, 9000), (9000, 13000), (13000, None)]
    assert [(e.action, e.line) for e in report.entries if e.action == "repaired"] == [("repaired", 1)]


@pytest.mark.parametrize(
    ("line", "start", "end", "text"),
    [
        ("0:09 - 0:03 text", 9000, None, "0:03 text"),  # (a second stamp before the first: text)
        ("0:03 - 10 apples", 3000, None, "10 apples"),
        ("[1h2m3.5s] so", 3723500, None, "so"),
        ("[0:03](#t=3) so", 3000, None, "so"),
    ],
)
def test_one_stamp_lead(line: str, start: int, end: int | None, text: str) -> None:
    track = read_page(f"{line}\n{line}\n", Report())
    assert [(c.start, c.end, c.text) for c in track.cues][:1] == [(start, end, text)]


@given(st.lists(st.sampled_from(["80s", "90s", "20s", "1960s"]), min_size=3, max_size=8), st.booleans())
def test_decades_are_speech_not_stamps(decades: list[str], bulleted: bool) -> None:
    """``90s kids remember this`` is about the nineties: bare seconds are stamps only where the
    page's stamped lines are written so, their times never going back and not all whole tens; so
    a caption list or a plain page of such lines keeps every word and has no anchor."""
    lines = [f"{d} music was the best" for d in decades]
    page = "\n\n".join(f"  • {x}" if bulleted else f"{x}\nand so on" for x in lines) + "\n"
    track = read_page(page, Report())
    assert [c.text for c in track.cues if c.text != "and so on"] == lines
    assert all(c.start is None for c in track.cues)


# --- YouTube's transcript panel, copied with its labels for screen readers ---------------------------


def _read_out(ms: int) -> str:
    h, rest = divmod(ms // 1000, 3600)
    m, s = divmod(rest, 60)
    parts = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in ((h, "hour"), (m, "minute")) if n]
    if s or not parts:
        parts.append(f"{s} second{'' if s == 1 else 's'}")
    return ", ".join(parts)


def test_the_panel_s_read_out_stamps_are_not_spoken(shared: Path) -> None:
    """A copy of YouTube's transcript panel holds, under each stamp, the stamp read out for screen
    readers (``1:05`` / ``1 minute, 5 seconds`` / the caption).  Before, that label was the
    caption's first line: every caption began ``1 minute, 5 seconds``."""
    srt = shared / "corpus/timed/3b1b/bitcoin/en.captions.srt"
    _panel_copy_read_as_spoken(srt, ["Transcript", "Introduction"], _read_out)


def _panel_copy_read_as_spoken(srt: Path, head: list[str], read_out: Callable[[int], str]) -> None:
    """The captions of ``srt`` as a copy of YouTube's transcript panel: the ``head`` lines, then
    per caption its stamp, the stamp as ``read_out`` says it, the caption: read as the panel's
    shape, the captions alone at their stamps, each read-out line dropped at its line."""
    truth = subconv.read(str(srt)).cues
    texts = [" ".join(c.text.split()) for c in truth]
    rows = list(head)
    for c, t in zip(truth, texts, strict=True):
        rows += [_clock(c.start or 0), read_out(c.start or 0), t]
    report = Report()
    track = read_page("\n".join(rows) + "\n", report)
    assert report.info["page_shape"] == "youtube-transcript"
    assert [c.text for c in track.cues] == texts
    assert [c.start for c in track.cues] == [_floor(c.start) for c in truth]
    labels = [e.line for e in report.by_action("dropped") if "read out" in e.reason]
    assert labels == [len(head) + 2 + 3 * k for k in range(len(truth))]


@given(st.lists(st.integers(0, 7200), min_size=1, max_size=6, unique=True))
def test_a_caption_that_says_its_own_time_is_kept(seconds: list[int]) -> None:
    """Only a page that labels its stamps (at least half of them) loses the labels: one caption
    ``5 seconds`` at 0:05 among plain captions is said."""
    seconds = sorted(seconds)
    rows = []
    for k, s in enumerate(seconds):
        rows += [_clock(s * 1000), _read_out(s * 1000) if k == 0 else f"line {k} of the talk"]
        rows += [f"more of line {k}"] * (k == 0)
    rows += ["9:59:59", "the end of it", "10:00:00", "really the end"]
    track = read_page("\n".join(rows) + "\n", Report())
    assert track.cues[0].lines[0] == _read_out(seconds[0] * 1000)


# --- a break marker's range: speech goes on where it ends -------------------------------------------


def test_a_jingle_s_end_starts_the_caption_after_it(shared: Path) -> None:
    """Go Time 181 (Changelog's Markdown transcript): ``**Jingle:** \\[53:06\\] to \\[53:22\\]``
    is not spoken (dropped, reported), and the turn after it starts when the jingle ends.  Before,
    that turn had no time: 46 captions were spread between 52:14 and 56:03, across the jingle."""
    page = (shared / "corpus/pages/changelog-transcripts/gotime_go-time-181.md").read_text(encoding="utf-8")
    report = Report()
    track = read_page(page, report)
    after = next(c for c in track.cues if (c.source_line or 0) > 233)
    assert (after.source_line, after.start, after.speaker) == (235, 53 * 60_000 + 22_000, "Angelica Hill")
    (entry,) = [e for e in report.by_action("dropped") if e.line == 233]
    assert "break marker" in entry.reason and "53:22" in entry.reason
    out = subconv.process(track)
    assert any(c.start == 53 * 60_000 + 22_000 and c.source_line == 235 for c in out.cues)


@given(st.integers(0, 3 * 3600 - 60), st.integers(1, 60), st.booleans())
def test_a_break_range_anchors_the_next_turn_unless_it_has_its_own(at: int, length: int, own: bool) -> None:
    def mark(s: int) -> str:
        return f"\\[{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}\\]"

    own_stamp = f"{mark(at + length + 5)} " if own else ""
    page = (
        f"**Ann:** Before the break we said this.\n\n**Break:** {mark(at)} to {mark(at + length)}\n\n"
        f"**Bo:** {own_stamp}And after the break, this.\n"
    )
    track = read_page(page, Report())
    assert [(c.speaker, c.start) for c in track.cues] == [
        ("Ann", None),
        ("Bo", (at + length + 5 * own) * 1000),
    ]


_CHROME_LINE = st.text(st.sampled_from("abcdefgh XYZ@.,!1234"), min_size=1, max_size=30).filter(str.strip)


@given(st.lists(_CHROME_LINE, min_size=1, max_size=5), st.booleans())
def test_what_follows_the_last_caption_past_a_blank_line_is_chrome(chrome: list[str], labels: bool) -> None:
    """A copy of the transcript panel that runs on into the comments (``@someuser 2 years ago`` /
    ``great video, thanks!`` / ``reply``) after a blank line: those lines are page chrome, reported.
    Before, they were the last caption's lines, spoken (only ``Subscribe``-like capitalised ones were
    dropped, as chapter headings)."""
    captions = ["so here we are", "and this is the talk", "about many things", "that we say"]
    rows = []
    for k, text in enumerate(captions):
        rows += [f"0:{3 * k:02d}", *([_read_out(3000 * k)] if labels else []), text]
    page = "\n".join([*rows, "", *chrome]) + "\n"
    report = Report()
    track = read_page(page, report)
    assert [c.text for c in track.cues] == captions
    first = len(rows) + 2
    dropped = {e.line for e in report.by_action("dropped") if "after the last caption" in e.reason}
    assert dropped == set(range(first, first + len(chrome)))


def test_a_page_that_spaces_its_lines_keeps_them() -> None:
    page = "0:00\nso here we are\n\nand more of it\n0:05\nthe talk goes on\n\nand on\n"
    track = read_page(page, Report())
    assert [c.lines for c in track.cues] == [("so here we are", "and more of it"), ("the talk goes on", "and on")]


# --- a video editor's transcript export: timecodes with frames, a speaker line, the text -------------


def _timecode(ms: int, fps: int) -> str:
    s, rest = divmod(ms, 1000)
    return f"{s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}:{rest * fps // 1000:02d}"


@pytest.mark.parametrize("fps", [24, 25, 30])
def test_premiere_transcript_export(shared: Path, fps: int) -> None:
    """Adobe Premiere's transcript export (``00:00:05:12 - 00:00:09:03`` / ``Speaker 2`` / the
    text) of the bitcoin talk's captions, two speakers taking turns.  Before, the page was
    ``plain``: each timecode range and each ``Speaker 1`` line was a caption of its own, spoken,
    and nothing was anchored."""
    truth = subconv.read(str(shared / "corpus/timed/3b1b/bitcoin/en.captions.srt")).cues
    texts = [" ".join(c.text.split()) for c in truth]
    speakers = [f"Speaker {1 + k // 3 % 2}" for k in range(len(truth))]
    blocks = [
        f"{_timecode(c.start or 0, fps)} - {_timecode(c.end or 0, fps)}\n{who}\n{t}\n"
        for c, who, t in zip(truth, speakers, texts, strict=True)
    ]
    report = Report()
    track = read_page("\n".join(blocks), report)
    assert report.info["page_shape"] == "youtube-transcript"
    assert [(c.speaker, c.text) for c in track.cues] == list(zip(speakers, texts, strict=True))
    for got, real in zip(track.cues, truth, strict=True):
        assert abs((got.start or 0) - (real.start or 0)) <= 250  # (frames at 30 a second: < 1/4 s off)
        assert got.end is None or got.end <= (real.end or 0) + 250
    merged = {e.line for e in report.by_action("merged") if e.reason.startswith("speaker line")}
    assert merged == {4 * k + 2 for k in range(len(truth))}


def test_a_transcript_whose_lines_start_with_yes_keeps_them() -> None:
    """A name line must lead at least half the groups: a copy where a few captions start with a
    one-word line (``Yes``) keeps it as speech."""
    page = "0:00\nYes\nwe can do that\n0:04\nYes\nand that too\n0:08\nthen it ends\n0:12\nreally ends\n0:15\nok\n"
    track = read_page(page, Report())
    assert track.cues[0].lines == ("Yes", "we can do that") and track.cues[0].speaker is None


@given(st.lists(st.tuples(st.integers(0, 600), st.integers(0, 30)), min_size=2, max_size=12))
def test_ranges_in_any_order_come_out_in_order(ranges: list[tuple[int, int]]) -> None:
    """A page of stamp ranges in any order (the same stretch pasted again, a slip): every cue
    comes out timed, starts in order, none of no length.  (Each range's end is kept only where it
    does not go back: a page whose every line had a range was a timed file passed through as it
    was, its cues out of order.)"""
    lines = [f"[{_clock(s * 1000)} - {_clock((s + d) * 1000)}] line number {k}" for k, (s, d) in enumerate(ranges)]
    report = Report()
    out = subconv.process(read_page("\n".join(lines) + "\n", report))
    starts = [c.start or 0 for c in out.cues]
    assert starts == sorted(starts)
    assert all((c.end or 0) > (c.start or 0) for c in out.cues)
    words = [w for c in out.cues for w in c.text.split()]
    assert words == [w for k in range(len(ranges)) for w in f"line number {k}".split()]
    back = [k for k in range(1, len(ranges)) if ranges[k][0] < max(s for s, _ in ranges[:k]) and ranges[k][1]]
    dropped_ends = [e.line for e in report.by_action("repaired") if "its end dropped" in e.reason]
    assert dropped_ends == [k + 1 for k in back]


# --- a plain page's stamp lines (Google Meet's transcript: a stamp every five minutes) -----------------


@given(st.lists(st.integers(5, 9), min_size=1, max_size=6), st.integers(0, 3))  # (sparse: 1 line in 6)
def test_a_plain_page_s_stamp_lines_anchor_the_caption_after_them(blocks: list[int], before: int) -> None:
    """A Google Meet transcript: a stamp on its own line every five minutes, then the turns
    (``Alice Smith: …``).  Before, each stamp line was dropped as ``empty after normalisation``
    and its time lost: the whole meeting was timed at the speaking rate from 0:00.  The header
    lines above the first stamp, 00:00:00, are the title and chrome (nothing is said before it)."""
    rows = [f"Header line {k}" for k in range(before)]
    said: list[tuple[int | None, str]] = []
    for b, turns in enumerate(blocks):
        rows += [f"{b * 5 // 60:02d}:{b * 5 % 60:02d}:00", ""]
        for t in range(turns):
            text = f"Speaker {t % 2}: this is turn {t} of block {b}, said in full."
            rows.append(text)
            said.append((b * 300_000 if t == 0 else None, text))
        rows.append("")
    report = Report()
    track = read_page("\n".join(rows) + "\n", report)
    assert report.info["page_shape"] == "plain"
    assert [(c.start, c.text) for c in track.cues] == said
    assert track.title == (rows[0] if before else None)
    assert [e.line for e in report.by_action("dropped")] == list(range(1, before + 1))
    assert len([e for e in report.by_action("merged") if e.reason.startswith("timestamp line")]) == len(blocks)


#: each UI language's words for a stamp read out (hour, minute, second: singular and plural) and
#: its "and" (written here from YouTube's labels, apart from the reader's table)
UI_LANGUAGES: dict[str, tuple[tuple[str, str], tuple[str, str], tuple[str, str], str]] = {
    "es": (("hora", "horas"), ("minuto", "minutos"), ("segundo", "segundos"), "y"),
    "pt": (("hora", "horas"), ("minuto", "minutos"), ("segundo", "segundos"), "e"),
    "fr": (("heure", "heures"), ("minute", "minutes"), ("seconde", "secondes"), "et"),
    "de": (("Stunde", "Stunden"), ("Minute", "Minuten"), ("Sekunde", "Sekunden"), "und"),
    "it": (("ora", "ore"), ("minuto", "minuti"), ("secondo", "secondi"), "e"),
    "nl": (("uur", "uur"), ("minuut", "minuten"), ("seconde", "seconden"), "en"),
    "ja": (("時間", "時間"), ("分", "分"), ("秒", "秒"), ""),
}
#: the real captions of the talk in the language where the corpus has them
_TALK = {"es": "bitcoin/es.community.srt", "ja": "bitcoin/ja.community.srt"}


def _read_out_in(ms: int, language: str, style: str) -> str:
    """``ms`` read out as the panel labels it in ``language``: the parts apart by commas, or the
    last after the language's "and" (Japanese: together, ``1分5秒``, or apart by spaces)."""
    hour, minute, second, conjunction = UI_LANGUAGES[language]
    h, rest = divmod(ms // 1000, 3600)
    m, s = divmod(rest, 60)
    parts = [(n, forms) for n, forms in ((h, hour), (m, minute)) if n]
    if s or not parts:
        parts.append((s, second))
    if language == "ja":
        return (" " if style == "and" else "").join(f"{n}{forms[0]}" for n, forms in parts)
    said = [f"{n} {forms[n != 1]}" for n, forms in parts]
    if style == "and" and len(said) > 1:
        return ", ".join(said[:-1]) + f" {conjunction} {said[-1]}"
    return ", ".join(said)


@pytest.mark.parametrize("style", ["comma", "and"])
@pytest.mark.parametrize("language", sorted(UI_LANGUAGES))
def test_the_panel_s_read_out_stamps_in_other_ui_languages(shared: Path, language: str, style: str) -> None:
    """The panel copied from YouTube in another UI language: ``1:05`` / ``1 minuto, 5 segundos``
    (``1 Minute und 5 Sekunden``, ``1分5秒``) / the caption.  Before, only the English labels
    (``1 minute, 5 seconds``) were known: every caption began with its stamp read out."""
    srt = shared / "corpus/timed/3b1b" / _TALK.get(language, "bitcoin/en.captions.srt")
    _panel_copy_read_as_spoken(srt, ["Transcript"], lambda ms: _read_out_in(ms, language, style))

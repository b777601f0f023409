"""Praat TextGrid: the aligners' tiers of labelled intervals, read as cues."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import subconv
from subconv.errors import ParseError
from subconv.formats import WriteOptions, from_extension, sniff
from subconv.model import Cue, Track, Word
from subconv.report import Report
from tests.clirun import run_subconv

ROOT = Path(__file__).resolve().parents[2]
MFA = ROOT / ".." / "shared" / "corpus" / "speech" / "mfa-michaelandsickmichael.en.TextGrid"

Interval = tuple[int, str]  # (duration in ms, label)
Tier = tuple[str, list[Interval]]


def _q(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def grid(tiers: list[Tier], *, short: bool) -> str:
    """A TextGrid of ``tiers`` (each interval's duration and label, from 0 on) in Praat's long or
    short text form; times written in seconds with Praat's many digits."""

    def sec(ms: int) -> str:
        return repr(ms / 1000)

    end = max((sum(d for d, _ in ivs) for _, ivs in tiers), default=0)
    head = ['File type = "ooTextFile"', 'Object class = "TextGrid"', ""]
    out = head + (
        [f"{sec(0)}", sec(end), "<exists>", str(len(tiers))]
        if short
        else [f"xmin = {sec(0)}", f"xmax = {sec(end)}", "tiers? <exists>", f"size = {len(tiers)}", "item []:"]
    )
    for k, (name, ivs) in enumerate(tiers, 1):
        total = sum(d for d, _ in ivs)
        if short:
            out += ['"IntervalTier"', _q(name), sec(0), sec(total), str(len(ivs))]
        else:
            out += [
                f"    item [{k}]:",
                '        class = "IntervalTier"',
                f"        name = {_q(name)}",
                f"        xmin = {sec(0)}",
                f"        xmax = {sec(total)}",
                f"        intervals: size = {len(ivs)}",
            ]
        t = 0
        for j, (d, label) in enumerate(ivs, 1):
            if short:
                out += [sec(t), sec(t + d), _q(label)]
            else:
                out += [
                    f"        intervals [{j}]:",
                    f"            xmin = {sec(t)}",
                    f"            xmax = {sec(t + d)}",
                    f"            text = {_q(label)}",
                ]
            t += d
    return "\n".join(out) + "\n"


_LABEL = st.one_of(
    st.just(""),
    st.text(st.sampled_from(list("ab \"\n'[]!<>1.5é中")), max_size=12),
)
_TIERS = st.lists(
    st.tuples(
        st.sampled_from(["tokens", "speaker one", "B", "utt"]),
        st.lists(st.tuples(st.integers(1, 5000), _LABEL), min_size=1, max_size=8),
    ),
    min_size=1,
    max_size=3,
)


@settings(max_examples=200, deadline=None)
@given(_TIERS, st.booleans())
def test_every_labelled_interval_is_a_cue(tiers: list[Tier], short: bool) -> None:
    text = grid(tiers, short=short)
    assert sniff(text) == "textgrid"
    report = Report()
    track = subconv.loads(text, report=report)
    wanted = []
    labelled = [name for name, ivs in tiers if any(label.strip() for _, label in ivs)]
    for name, ivs in tiers:
        t = 0
        for d, label in ivs:
            if label.strip():
                lines = tuple(ln.strip() for ln in label.strip().splitlines())
                wanted.append((t, t + d, lines, name if len(labelled) >= 2 else None))
            t += d
    got = [(c.start, c.end, c.lines, c.speaker) for c in track]
    assert sorted(got, key=lambda c: (c[0], c[1])) == got  # in time order
    assert sorted(got, key=repr) == sorted(wanted, key=repr)  # every label, its times, its text
    # the silences are reported, a count per tier
    empty = sum(1 for _, ivs in tiers for _, label in ivs if not label.strip())
    reported = sum(int(e.reason.split(": ")[1].split()[0]) for e in report.by_action("dropped"))
    assert reported == empty
    # the long and the short form are the same values
    assert subconv.loads(grid(tiers, short=not short)).cues == track.cues


def test_phones_and_point_tiers_are_reported_not_read() -> None:
    text = grid([("a - words", [(500, "hello")]), ("a - phones", [(200, "HH"), (300, "OW")])], short=True)
    text = text.replace("<exists>\n2", "<exists>\n3") + '"TextTier"\n"events"\n0\n0.5\n1\n0.25\n"click"\n'
    report = Report()
    track = subconv.loads(text, report=report)
    assert [(c.start, c.end, c.text) for c in track] == [(0, 500, "hello")]
    reasons = " / ".join(e.reason for e in report.by_action("dropped"))
    assert "'a - phones': 2 phones" in reasons and "point tier 'events': 1 marks" in reasons


@pytest.mark.parametrize(
    "cut",
    [
        lambda t: t[: t.rindex('"hello"')],  # ends where a label should be
        lambda t: t.replace('"hello"', "hello"),  # a word where a string should be
        lambda t: t.replace("0.5\n", "0.5.1\n", 1),  # not a number
        lambda t: t.replace('"IntervalTier"', '"Tier"'),
    ],
)
def test_a_broken_grid_is_an_error_at_its_line(cut) -> None:  # type: ignore[no-untyped-def]
    text = cut(grid([("w", [(500, "hello")])], short=True))
    with pytest.raises(ParseError) as err:
        subconv.loads(text, "textgrid")
    assert err.value.line is not None and 1 <= err.value.line <= text.count("\n") + 1


def _numbered_lines(short: bool) -> tuple[list[str], list[int]]:
    """A grid with an interval tier and a point tier, as lines, and the indexes of the lines
    that hold a number (a time or a count)."""
    text = grid([("w", [(500, "hello"), (700, "there")])], short=short)
    if short:
        text = text.replace("<exists>\n1", "<exists>\n2") + '"TextTier"\n"events"\n0\n1.2\n1\n0.25\n"click"\n'
    else:
        text = text.replace("size = 1", "size = 2") + "\n".join(
            [
                "    item [2]:",
                '        class = "TextTier"',
                '        name = "events"',
                "        xmin = 0",
                "        xmax = 1.2",
                "        points: size = 1",
                "        points [1]:",
                "            number = 0.25",
                '            mark = "click"',
                "",
            ]
        )
    lines = text.split("\n")
    return lines, [k for k, ln in enumerate(lines) if re.fullmatch(r"[^\"]*?[0-9.]+", ln) and "[" not in ln]


@pytest.mark.parametrize("short", [False, True])
@pytest.mark.parametrize("bad", ["\u00b2", "\u0663", "\uff11", "1,5", "--undefined--", "#", "abc", "inf"])
def test_a_bad_number_is_an_error_at_its_own_line(short: bool, bad: str) -> None:
    """A time or count that is not a number (``size = ²``, an Arabic-Indic or full-width digit,
    a decimal comma, Praat's ``--undefined--``, ASCII letters: ``abc``, ``inf``), in any numeric
    field of either form: the error names the line that holds it, and it.  Before, it was
    skipped as a name and the next value taken for it: the error named a later line (``size =
    ²``: the tier's class, 3 lines on), or none came and the values were read one place off (a
    tier's ``xmin = ²``: no cue, exit 0)."""
    lines, numbered = _numbered_lines(short)
    assert len(numbered) == 14  # (the grid: 3; each tier: 3; the intervals: 2 each; the point: 1)
    assert subconv.loads("\n".join(lines), "textgrid").cues  # (the grid itself reads)
    for k in numbered:
        broken = list(lines)
        broken[k] = re.sub(r"[0-9.]+$", bad, broken[k])
        with pytest.raises(ParseError) as err:
            subconv.loads("\n".join(broken), "textgrid")
        assert err.value.line == k + 1, (broken[k], str(err.value))
        assert bad.rsplit(",", maxsplit=1)[-1] in str(err.value)


def test_the_extension_is_read_as_textgrid_whatever_its_case() -> None:
    assert from_extension("a.TextGrid") == from_extension("b.textgrid") == "textgrid"


def test_a_real_aligner_grid(tmp_path: Path) -> None:
    if not MFA.is_file():
        pytest.skip("../shared/corpus/speech is absent")
    report = Report()
    track = subconv.read(MFA, report=report)
    assert report.info["format"] == "textgrid"
    assert [c.speaker for c in track] == ["michael"] * 3 + ["sickmichael"] * 4
    assert track.cues[0].start == 1059 and track.cues[0].text.startswith("this is the acoustic corpus")
    raw = MFA.read_text(encoding="utf-8")
    assert all(c.text.split()[0] in raw for c in track)
    # the command line: a subtitle file, not the grid's structure read as a page
    out = tmp_path / "mfa.srt"
    proc = run_subconv("convert", str(MFA), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    written = out.read_text(encoding="utf-8")
    assert "ooTextFile" not in written and "intervals" not in written
    assert written.count(" --> ") == 7


def test_a_broken_grid_on_the_command_line(tmp_path: Path) -> None:
    src = tmp_path / "bad.TextGrid"
    src.write_text(grid([("w", [(500, "hello")])], short=False).replace('text = "hello"', "text = hello"))
    proc = run_subconv("convert", str(src), "-o", str(tmp_path / "o.srt"))
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"subconv: error: {src}:") and "Traceback" not in proc.stderr
    assert not (tmp_path / "o.srt").exists()


# --- writing ---------------------------------------------------------------------------------------

_LINE = st.text(st.sampled_from(list("ab \"'[]!<>1.5é中")), min_size=1, max_size=8).map(str.strip).filter(bool)


@st.composite
def _tracks(draw: st.DrawFn, speakers: tuple[str | None, ...]) -> Track:
    """Cues one after another (gaps of 0 or more ms) per speaker, some with word times."""
    cues = []
    for speaker in speakers:
        t = draw(st.integers(0, 3000))
        for _ in range(draw(st.integers(1, 6))):
            t += draw(st.integers(0, 2000))
            lines = tuple(draw(st.lists(_LINE, min_size=1, max_size=2)))
            length = draw(st.integers(1, 4000))
            words: tuple[Word, ...] = ()
            if draw(st.booleans()) and length >= 2:
                cut = t + draw(st.integers(1, length - 1))
                words = (Word(t, cut, "w1"), Word(cut, t + length, "w2"))
            cues.append(Cue(t, t + length, lines, speaker=speaker, words=words))
            t += length
    return Track(tuple(sorted(cues, key=lambda c: (c.start, c.end))))


def _key(track: Track) -> list[tuple[object, ...]]:
    return sorted((c.start, c.end, c.lines, c.speaker, c.words) for c in track)


@settings(max_examples=150, deadline=None)
@given(st.one_of(_tracks((None,)), _tracks(("Ann", "Bob"))), st.booleans())
def test_a_written_grid_reads_back_its_cues_speakers_and_words(track: Track, words: bool) -> None:
    text = subconv.dumps(track, "textgrid", options=WriteOptions(words=words))
    back = subconv.loads(text)
    want = [c if words else c.replace(words=()) for c in track]
    assert _key(back) == _key(Track(tuple(want)))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5000), st.integers(1, 3000), _LINE), min_size=1, max_size=10))
def test_overlapping_cues_go_to_tiers_of_their_own(spans: list[tuple[int, int, str]]) -> None:
    track = Track(tuple(Cue(s, s + d, (t,)) for s, d, t in spans))
    back = subconv.loads(subconv.dumps(track, "textgrid"))
    assert sorted((c.start, c.end, c.text) for c in back) == sorted((c.start, c.end, c.text) for c in track)


def test_what_a_grid_cannot_hold_is_reported() -> None:
    report = Report()
    track = Track((Cue(-500, 1000, ("early",)), Cue(2000, 2000, ("instant",)), Cue(3000, 4000, ("",))))
    back = subconv.loads(subconv.dumps(track, "textgrid", report=report))
    assert [(c.start, c.end, c.text) for c in back] == [(0, 1000, "early"), (2000, 2001, "instant")]
    assert sorted(e.action for e in report.entries) == ["dropped", "rewritten", "rewritten"]

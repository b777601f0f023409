"""The public entry points take what their docs say, and refuse anything else with a
``TypeError`` that names the argument, at the call: never an ``AttributeError`` or a
``TypeError`` from deep inside a sniffer or a writer.  ``subconv.loads`` takes a file's bytes
too, decoded as ``subconv.read`` decodes a file."""

from __future__ import annotations

import codecs
import itertools
import os
import re
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subconv
import subconv.formats
import subconv.timefmt
from subconv import Cue, Span, Track, UnknownFormatError, Word
from tests.strategies import plain_text

SRT = "1\n00:00:01,000 --> 00:00:02,500\nHello there\n"
TRACK = subconv.loads(SRT)


@given(plain_text(), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_loads_takes_a_files_bytes_and_decodes_them_as_read_does(text: str, encoding: str) -> None:
    """``loads(b"...")`` once failed in the WebVTT sniffer (``startswith first arg must be bytes``)."""
    source = f"1\n00:00:01,000 --> 00:00:02,500\n{text}\n"
    data = source.encode(encoding)
    a, b = subconv.Report(), subconv.Report()
    track = subconv.loads(data, report=a)
    assert track == subconv.read(data, report=b) == subconv.loads(source)
    assert track.format == "srt"
    assert a.info["encoding"] == b.info["encoding"]
    assert subconv.loads(bytearray(data)) == subconv.loads(memoryview(data)) == track


def test_loads_of_bytes_uses_the_name_and_format_given() -> None:
    data = b"1\n00:00:01.000 --> 00:00:02.000 line:1\nHi\n"  # (WebVTT without its WEBVTT line)
    assert subconv.loads(data).format == "srt"
    assert subconv.loads(data, name="clip.vtt").format == "vtt"  # (as read(data, name=...))
    assert subconv.loads(data, name=Path("clip.vtt")).format == "vtt"


def test_loads_of_every_real_file_s_bytes_is_read_of_the_file(shared: Path) -> None:
    files = [p for p in sorted((shared / "corpus" / "odd").rglob("*")) if p.suffix in (".srt", ".vtt", ".ass")]
    assert len(files) > 20
    for path in files:
        try:
            want = subconv.read(path)
        except subconv.SubconvError as exc:
            with pytest.raises(type(exc)):
                subconv.loads(path.read_bytes(), name=path.name)
            continue
        assert subconv.loads(path.read_bytes(), name=path.name) == want, path


def test_a_legacy_encoding_is_guessed_for_bytes_given_to_loads(shared: Path) -> None:
    path = shared / "corpus" / "odd" / "derived-encodings" / "eigenvalues.ar.cp1256.srt"
    if not path.exists():
        pytest.skip("derived-encodings file absent")
    report = subconv.Report()
    track = subconv.loads(path.read_bytes(), report=report)
    assert report.info["encoding"] == "cp1256"
    assert track == subconv.read(path)


#: (typed as anything: the calls below give the wrong types on purpose)
S: Any = subconv
T: Any = TRACK
AnyTrack: Any = Track
AnyCue: Any = Cue
AnyWriteOptions: Any = subconv.WriteOptions


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: S.loads(None), r"loads\(\) takes subtitle text \(a str\), not NoneType"),
        (lambda: S.loads(Path("a.srt")), r"not PosixPath: read a file with subconv\.read"),
        (lambda: S.loads(12), r"loads\(\) takes subtitle text \(a str\), not int"),
        (lambda: S.loads(SRT, name=3), r"loads\(\) name= is the file's name"),
        (lambda: S.detect_format(b"WEBVTT\n"), r"detect_format\(\) takes subtitle text \(a str\), not bytes"),
        (lambda: S.read(None), r"read\(\) takes a path .* or the file's bytes, not NoneType"),
        (lambda: S.read(12), r"read\(\) takes a path .*, an open file or the file's bytes, not int"),
        (
            lambda: S.read(type("F", (), {"read": lambda self: 12})()),
            r"read\(\) takes an open file whose read\(\) gives bytes or a str, not int",
        ),
        (lambda: S.convert(None), r"read\(\) takes a path"),
        (lambda: S.dumps(None), r"dumps\(\) takes a subconv\.Track, not NoneType"),
        (lambda: S.dumps(list(T)), r"not list: subconv\.Track\(cues\) makes a track"),
        (lambda: S.dumps(SRT), r"not str: read subtitle text with subconv\.loads"),
        (lambda: S.dumps(T[0]), r"dumps\(\) takes a subconv\.Track, not Cue"),
        (lambda: S.dumps(T, None), r"a format is named by a str such as 'srt'"),
        (lambda: S.dumps(T, Path("a.vtt")), r"a format is named by a str"),
        (lambda: S.loads(SRT, Path("srt")), r"a format is named by a str"),
        (lambda: S.convert(SRT.encode(), to=None), r"a format is named by a str"),
        (lambda: S.dumps(T, options=S.Options()), r"not Options: subconv\.Options are the pipeline"),
        (lambda: list(S.dump_pieces(tuple(T))), r"dump_pieces\(\) takes a subconv\.Track, not tuple"),
        (lambda: S.write(list(T), "x.srt"), r"write\(\) takes a subconv\.Track, not list"),
        (lambda: S.write(T, None, "srt"), r"write\(\) takes the path to write"),
        (lambda: S.write(T, "x.srt", encoding=1), r"write\(\) encoding= takes a codec's name \(a str .*\), not int"),
        (lambda: S.process(None), r"process\(\) takes a subconv\.Track, not NoneType"),
        (lambda: S.process(SRT), r"process\(\) takes a subconv\.Track, not str"),
        (lambda: S.atomic_write_text("x.txt", b"abc"), r"writes text .* not bytes"),
        (lambda: AnyTrack(SRT), r"Track cues must be an iterable of Cue objects, not str"),
        (lambda: AnyTrack(None), r"Track cues must be an iterable of Cue objects, not NoneType"),
        (lambda: AnyTrack(["Hello"]), r"a track holds Cue objects, not str 'Hello'"),
        (lambda: T.insert(0, "Hello"), r"a track holds Cue objects, not str"),
        (lambda: T.set(0, (0, 1, "Hello")), r"a track holds Cue objects, not tuple"),
        (lambda: T.merge([1]), r"a track holds Cue objects, not int"),
        (lambda: AnyCue(0, 1, None), r"Cue lines must be a tuple of lines, not NoneType"),
        (lambda: AnyCue(0, 1, [1]), r"Cue lines must be str, not int"),
        (lambda: AnyCue(0, 1, ("a", 2)), r"Cue lines must be str, not int"),
        (lambda: AnyCue(0, 1, ("a",), speaker=1), r"Cue speaker must be a str or None, not int"),
        (lambda: AnyCue(0, 1, ("a",), spans=[(0, 1, "i")]), r"Cue spans must be Span objects, not tuple"),
        (lambda: AnyCue(0, 1, ("a",), words=[(0, 1, "a")]), r"Cue words must be Word objects, not tuple"),
        (lambda: T[0].with_text(None), r"a cue's text is a str .*not NoneType"),
        (lambda: T.map_text(lambda t: None), r"a cue's text is a str .*not NoneType"),
        (lambda: S.atomic_write_text("x.txt", None), r"writes text \(a str or its pieces\), not NoneType"),
        (lambda: S.atomic_write_text("x.txt", 12), r"writes text \(a str or its pieces\), not int"),
        (lambda: AnyTrack([], language=1), r"Track language must be a str or None, not int 1"),
        (lambda: AnyTrack([], title=b"Talk"), r"Track title must be a str or None, not bytes"),
        (lambda: AnyTrack([], format=Path("a.srt")), r"Track format must be a str or None, not PosixPath"),
        (lambda: AnyTrack([], meta=5), r"Track meta must be a mapping of str to str, not int"),
        (lambda: AnyTrack([], meta={"vtt.blocks": 1}), r"Track meta maps a str to a str or a tuple of str"),
        (lambda: T.replace(language=["en"]), r"Track language must be a str or None, not list"),
        (lambda: T.shift(s="2"), r"s= takes a number \(an int, float or Fraction\), not str '2'"),
        (lambda: T.shift(ms=None), r"ms= takes a number .*not NoneType"),
        (lambda: T.shift(ms=True), r"ms= takes a number .*not bool"),
        (lambda: T.shift(frames=24, fps="24"), r"fps= takes a number .*not str '24'"),
        (lambda: T.stretch("2"), r"stretch factor takes a number .*not str"),
        (lambda: T.transform_framerate("23.976", 25), r"from_fps= takes a number .*not str '23\.976'"),
        (lambda: T.transform_framerate(25, "23.976"), r"to_fps= takes a number .*not str"),
        (
            lambda: T.sync_points([1, 2]),
            r"a sync point is a pair \(old_ms, new_ms\) of integer milliseconds.*not int 1",
        ),
        (lambda: T.sync_points([(1, 2, 3)]), r"a sync point is a pair .*not tuple \(1, 2, 3\)"),
        (lambda: T.sync_points((1000, 2000)), r"a sync point is a pair .*not int 1000"),
        (lambda: T.sync_points(None), r"a sync point is a pair .*give a list of them, not NoneType"),
        (lambda: T.sync_points([("0:10", 12_000)]), r"sync point old time must be integer milliseconds, not str"),
        (lambda: T.sync_points([(0, 1500.5)]), r"sync point new time must be integer milliseconds, not float"),
    ],
)
def test_a_wrong_type_is_refused_at_the_call_naming_what_was_expected(
    call: object, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(TypeError, match=message):
        call()  # type: ignore[operator]
    assert list(tmp_path.iterdir()) == []  # (nothing written)


def test_what_the_entry_points_take_still_works(tmp_path: Path) -> None:
    assert subconv.detect_format("hello", Path("a.vtt")) == subconv.detect_format("hello", "a.vtt") == "vtt"
    assert subconv.read(SRT.encode(), name=Path("a.srt")) == TRACK
    assert subconv.read(bytearray(SRT.encode())) == TRACK
    assert AnyTrack(list(TRACK)) == AnyTrack(iter(TRACK)) == Track(tuple(TRACK)) == AnyTrack(TRACK)
    assert TRACK.merge(TRACK).cues == TRACK.cues * 2
    subconv.write(TRACK, tmp_path / "a.vtt")
    assert subconv.read(tmp_path / "a.vtt").cues == TRACK.cues
    cue = AnyCue(0, 1, ("a",), spans=[Span(0, 1, "i")], words=[Word(0, 1, "a")], speaker="Ann")
    assert cue.spans == (Span(0, 1, "i"),) and cue.words == (Word(0, 1, "a"),)


def test_utf16_bytes_without_a_byte_order_mark_are_recognised_by_loads() -> None:
    data = SRT.encode("utf-16-le")
    assert not data.startswith(codecs.BOM_UTF16_LE)
    assert subconv.loads(data) == TRACK


class _Millis:
    """An integer of another type (as numpy's): has ``__index__``, is not an ``int``."""

    def __init__(self, value: int) -> None:
        self.value = value

    def __index__(self) -> int:
        return self.value


@given(st.floats() | st.booleans() | st.just("1000") | st.none(), st.sampled_from(["start", "end"]))
def test_a_word_refuses_times_that_are_not_integer_milliseconds(bad: object, name: str) -> None:
    """``Word(1000.5, ...)`` once made a cue the WebVTT writer failed on (``list indices must be
    integers``) and the ASS writer wrote as ``{\\k50.0}``, which is not ASS."""
    times: dict[str, object] = {"start": 1000, "end": 1400, name: bad}
    with pytest.raises(TypeError, match=f"Word {name} must be integer milliseconds"):
        Word(times["start"], times["end"], "Hello")  # type: ignore[arg-type]
    cue = Cue(1000, 3000, ("Hello there",), words=(Word(1000, 1400, "Hello"), Word(1500, 3000, "there")))
    with pytest.raises(TypeError, match="integer milliseconds"):
        cue.map_times(lambda t: t + 0.5)  # type: ignore[arg-type,return-value]


def test_a_word_takes_an_integer_of_another_type_and_refuses_a_text_that_is_not_a_str() -> None:
    word = Word(_Millis(1000), _Millis(1400), "Hello")  # type: ignore[arg-type]
    assert (type(word.start), type(word.end), word) == (int, int, Word(1000, 1400, "Hello"))
    with pytest.raises(TypeError, match="Word text must be a str, not NoneType"):
        Word(1000, 1400, None)  # type: ignore[arg-type]


def _ms(clock: str) -> int:
    ms = subconv.timefmt.parse_vtt(clock)
    assert ms is not None, clock
    return ms


_WORDS = ["so", "my", "fellow", "Americans,", "ask", "not", "what"]


@given(
    start=st.integers(-5000, 10_000),
    length=st.integers(1, 10_000),
    words=st.lists(
        st.tuples(st.integers(-6000, 25_000), st.integers(-6000, 25_000), st.sampled_from(_WORDS)), max_size=7
    ),
)
def test_word_times_in_any_order_or_place_are_never_written_as_invalid_webvtt_or_ass(
    start: int, length: int, words: list[tuple[int, int, str]]
) -> None:
    """Words out of order, overlapping, outside the cue or before 0:00 are not refused (an edit
    moves a cue's times apart from its words' times); writers write the word times that run
    forward inside the cue's written times, as WebVTT asks of its timestamps, and leave out the others."""
    cue = Cue(start, start + length, (" ".join(_WORDS),), words=tuple(Word(a, b, t) for a, b, t in words))
    opts = subconv.WriteOptions(words=True)
    vtt = subconv.dumps(Track((cue,)), "vtt", options=opts)
    timing, payload = vtt.split("\n")[2], "\n".join(vtt.split("\n")[3:])
    a, b = (_ms(x) for x in timing.split(" --> "))
    stamps = [_ms(x) for x in re.findall(r"<([\d:.]+)>", payload)]
    assert all(a < x < b for x in stamps) and all(x < y for x, y in itertools.pairwise(stamps)), (timing, stamps)
    back = subconv.loads(vtt)
    # (the words after the text before the first stamp, timed from the cue's start; a first word
    # that starts after the cue has its stamp before it, and no such text)
    assert [w.start for w in back[0].words if w.start != a] == stamps
    ass = subconv.dumps(Track((cue,)), "ass", options=opts)
    assert all(re.fullmatch(r"\d+", k) for k in re.findall(r"\\k([^}\\]*)", ass)), ass


@pytest.mark.parametrize(
    ("field", "value", "problem"),
    [
        ("line_limit", "a", "must be a whole number from 1"),
        ("line_limit", 0, "must be a whole number from 1"),
        ("line_limit", 42.0, "must be a whole number from 1"),
        ("fps", "25", "use a rate from 1 to 1000 fps"),
        ("fps", 0.001, "use a rate from 1 to 1000 fps"),
        ("fps", float("nan"), "use a rate from 1 to 1000 fps"),
        ("bom", "yes", "must be True or False"),
        ("crlf", 1, "must be True or False"),
        ("speaker_prefix", None, "must be True or False"),
        ("words", "False", "must be True or False"),
        ("ass_style", 3, "must be a str"),
        ("play_res", (1280,), r"must be None or \(width, height\)"),
        ("play_res", "1280x720", r"must be None or \(width, height\)"),
        ("play_res", (1280, 0), r"must be None or \(width, height\)"),
        ("extra", {"txt.pause_ms": 5000}, "must be a dict of str to str"),
        ("extra", None, "must be a dict of str to str"),
    ],
)
def test_write_options_are_checked_when_made_as_options_are(field: str, value: object, problem: str) -> None:
    """``WriteOptions(line_limit="a")`` once failed in ``dumps`` with ``'>' not supported``, and
    ``WriteOptions(fps="25")`` was taken; every field is checked when made, as ``Options``' are."""
    with pytest.raises(subconv.UsageError, match=rf"invalid WriteOptions\({field}=.*\): {problem}"):
        AnyWriteOptions(**{field: value})


def test_write_options_take_what_their_fields_say() -> None:
    opts = subconv.WriteOptions(
        bom=True, crlf=True, speaker_prefix=False, ass_style="Style: X", play_res=(1280, 720), line_limit=42
    )
    assert subconv.dumps(TRACK, "srt", options=subconv.WriteOptions(fps=23.976, extra={"txt.pause_ms": "5"}))
    assert subconv.dumps(TRACK, "srt", options=opts).startswith("\ufeff1\r\n")


def test_time_edits_take_numbers_of_every_kind() -> None:
    assert TRACK.shift(s=Fraction(1, 2)) == TRACK.shift(ms=500) == TRACK.shift(s=0.5)
    assert TRACK.shift(frames=25, fps=Fraction(25)) == TRACK.shift(s=1)
    assert TRACK.sync_points([[1000, 2000]]) == TRACK.sync_points([(_Millis(1000), 2000)]) == TRACK.shift(s=1)  # type: ignore[list-item]
    assert TRACK.transform_framerate(Fraction(24000, 1001), 25) == TRACK.transform_framerate(23.976, 25)


def test_an_explicit_format_reads_an_unsigned_webvtt_text_as_its_file_name_does() -> None:
    """``loads(text, "vtt")`` of a WebVTT text without its ``WEBVTT`` line raised ParseError
    while ``loads(text, name="a.vtt")`` read it (reported): a format given is as forgiving."""
    text = "1\n00:00:01.000 --> 00:00:02.000 line:1\nHi\n"
    given, named = subconv.Report(), subconv.Report()
    assert subconv.loads(text, "vtt", report=given) == subconv.loads(text, name="a.vtt", report=named)
    assert given.entries == named.entries and given.by_action("repaired")
    assert subconv.read(text.encode(), "webvtt").format == "vtt"


@given(
    st.integers(-10_000, -1),
    st.integers(-10_000, 0),
    st.sampled_from(sorted(subconv.formats.writable())),
)
def test_a_cue_that_ends_by_zero_is_reported_as_never_shown(start: int, end: int, fmt: str) -> None:
    """A cue at ``(-1, 0)`` (a track shifted back) was written as ``00:00:00.000 --> 00:00:00.000``
    with only a "negative time written as 0" entry, or (MicroDVD, MPL2, TMP, JSON: pysubs2's
    writers) with none at all, MPL2 writing ``[-5]``: every writer warns that such a cue is
    written with no length, never shown, and writes no negative time."""
    start, end = min(start, end), max(start, end)
    track = Track((Cue(start, end, ("Gone",)), Cue(1000, 2000, ("Kept",))))
    report = subconv.Report()
    text = subconv.dumps(track, fmt, report=report)
    if fmt == "txt":  # (no times written)
        return
    warned = [e for e in report.entries if e.action == "warning" and e.text == "Gone"]
    assert [e.reason for e in warned] == [
        f"cue from {start} to {end} ms ends by 0:00: written at 0:00 with no length, never shown"
    ]
    assert all(e.text == "Gone" for e in report.entries if "negative" in e.reason)
    assert not re.search(r"[\[{(]-\d", text), text  # (MPL2's [-5], MicroDVD's {-1})
    assert subconv.loads(text, fmt) is not None


_TYPED = """
from fractions import Fraction

from subconv import Cue, Options, Track, WriteOptions, dumps

cues: list[Cue] = [Cue(0, 1000, ("Hello",))]
track = Track(cues)
same = Track(c for c in cues)
kept: tuple[Cue, ...] = track.cues
print(dumps(Track(cues, language="en"), "srt"), same, kept)
ntsc = Fraction(24000, 1001)  # (docs/api.md: a Fraction for an NTSC rate)
print(dumps(track, "microdvd", options=WriteOptions(fps=ntsc)), Options(fps=ntsc))
"""


def test_an_ntsc_rate_given_as_a_fraction_writes_microdvd() -> None:
    """``WriteOptions(fps=Fraction(24000, 1001))``, as the docs advise for NTSC, wrote no MicroDVD
    file on Python 3.11 (``unsupported format string passed to Fraction.__format__``)."""
    from fractions import Fraction

    track = subconv.Track([Cue(1000, 2000, ("Hello",))])
    text = subconv.dumps(track, "microdvd", options=subconv.WriteOptions(fps=Fraction(24000, 1001)))
    assert text.startswith("{1}{1}23.976024\n"), text
    assert subconv.loads(text, "microdvd").cues[0].text == "Hello"


def test_a_track_of_a_list_of_cues_type_checks(tmp_path: Path) -> None:
    """``Track(list_of_cues)``, as docs/api.md shows it, was rejected by ``mypy --strict``
    (``cues`` was typed ``tuple[Cue, ...]``); ``track.cues`` is still a tuple."""
    run = _mypy(tmp_path, _TYPED)
    assert run.returncode == 0, run.stdout + run.stderr


def _mypy(tmp_path: Path, text: str) -> Any:
    """``mypy --strict`` run on ``text`` (with this checkout's subconv): the finished process."""
    pytest.importorskip("mypy")
    import subprocess
    import sys

    snippet = tmp_path / "typed.py"
    snippet.write_text(text)
    repo = Path(subconv.__file__).resolve().parents[1]
    env = {**os.environ, "MYPYPATH": str(repo)}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(repo / ".mypy_cache"),
            str(snippet),
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _error_lines(tmp_path: Path, good: str, bad: str) -> set[int]:
    """The lines of ``bad`` that ``mypy --strict`` finds errors on, once it passes ``good``."""
    run = _mypy(tmp_path, good)
    assert run.returncode == 0, run.stdout + run.stderr
    run = _mypy(tmp_path, bad)
    return {int(ln.split(":")[1]) for ln in run.stdout.splitlines() if ": error:" in ln}


def test_the_editing_calls_of_the_docs_type_check_and_a_misspelt_field_does_not(tmp_path: Path) -> None:
    """``track.filter(lambda c: c.text.strip())`` (docs/api.md) failed ``mypy --strict`` (it
    wanted a ``bool``); ``cue.replace(**changes: Any)`` let ``replace(strat=5)`` through; and
    ``remove`` was typed ``int`` where it takes a slice as indexing does."""
    good = (
        "from subconv import Cue, Track\n"
        "track = Track([Cue(0, 1000, ('Hello',)), Cue(2000, 3000, (' ',))])\n"
        "kept: Track = track.filter(lambda c: c.text.strip()).remove(slice(0, 1)).remove(0)\n"
        "cue: Cue = track[0].replace(start=10, end=None, lines=('Hi',), speaker='Ann')\n"
        "print(kept, cue, track.replace(title='New', cues=[cue]))\n"
    )
    bad = (
        "from subconv import Cue, Track\n"
        "track = Track([Cue(0, 1000, ('Hello',))])\n"
        "track[0].replace(strat=5)\n"
        "track[0].replace(start='5')\n"
        "track.replace(titel='New')\n"
        "track[0] = track[0]\n"
        "track.sort()\n"
    )
    assert _error_lines(tmp_path, good, bad) == {3, 4, 5, 6, 7}


def test_the_exchange_methods_and_frozenmap_get_are_typed(tmp_path: Path) -> None:
    """``Track.to_pysubs2()``, ``to_webvtt()`` and ``FrozenMap.get`` returned ``Any``: ``mypy
    --strict`` let ``n: int = track.to_pysubs2()`` and ``x: int = cue.extras.get("vtt.id")``
    through.  They are ``pysubs2.SSAFile``, ``webvtt.WebVTT`` and ``Mapping.get``'s types."""
    good = (
        "import pysubs2, webvtt\n"
        "from subconv import Cue, Track\n"
        "track = Track([Cue(0, 1000, ('Hello',))])\n"
        "subs: pysubs2.SSAFile = track.to_pysubs2()\n"
        "vtt: webvtt.WebVTT = track.to_webvtt()\n"
        "ident: str | tuple[str, ...] | None = track[0].extras.get('vtt.id')\n"
        "style: str | tuple[str, ...] = track[0].extras.get('ass.style', 'Default')\n"
        "print(subs.events[0].text, vtt.captions, ident, style)\n"
    )
    bad = (
        "from subconv import Cue, Track\n"
        "track = Track([Cue(0, 1000, ('Hello',))])\n"
        "n: int = track.to_pysubs2()\n"
        "v: int = track.to_webvtt()\n"
        "x: int = track[0].extras.get('vtt.id')\n"
        "s: str = track[0].extras.get('vtt.id')\n"
        "d: str = track[0].extras.get('vtt.id', '')\n"
    )
    assert _error_lines(tmp_path, good, bad) == {3, 4, 5, 6, 7}


@pytest.mark.parametrize("call", ["convert", "dumps"])
@pytest.mark.parametrize("name", ["out.vtt", "/tmp/out.srt", "sub/x"])
def test_a_file_name_given_as_the_output_format_says_how_to_write_a_file(call: str, name: str) -> None:
    """``subconv.convert(src, "out.vtt")`` (a habit of ``pysubs2``'s ``save``): the error says
    the call returns the text and names ``subconv.write``; before, only "unknown format"."""
    src = b"1\n00:00:01,000 --> 00:00:02,000\nHi\n"
    with pytest.raises(UnknownFormatError, match=r"looks like a file's name: .* subconv\.write\(track, "):
        if call == "convert":
            subconv.convert(src, name)
        else:
            subconv.dumps(subconv.loads(src.decode()), name)
    with pytest.raises(UnknownFormatError) as err:
        subconv.convert(src, "webvt")  # (a misspelt name: the list of names, no file hint)
    assert "file's name" not in str(err.value) and "known formats: srt" in str(err.value)

"""``subconv.Options`` refuses what the command line refuses: a typo never acts as another policy."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import subconv
from subconv import Cue, Options, Report, Track
from subconv.cli import build_parser
from subconv.errors import UsageError
from subconv.options import DEDUPE_POLICIES, OVERLAP_POLICIES

#: What the exploratory tester found accepted without a word (each the CLI refuses with exit 2).
REFUSED = [
    {"dedupe": "none"},
    {"dedupe": "false"},
    {"dedupe": "Adjacent"},
    {"overlaps": "bogus"},
    {"wpm": -1},
    {"wpm": 0},
    {"cps": 0},
    {"duration_ms": -5},
    {"max_lines": 0},
    {"max_chars": 0, "break_long_lines": True},
    {"fps": 0},
    {"fps": 0.0001},
    {"fps": float("nan")},
    {"wpm": float("inf")},
    {"max_lines": 2.5},
    {"retime": "yes"},
    {"skip": "dedupe"},
]


@pytest.mark.parametrize("bad", REFUSED, ids=repr)
def test_a_value_the_command_line_refuses_is_refused_when_made(bad: dict[str, object]) -> None:
    name = next(iter(bad))
    with pytest.raises(UsageError, match=rf"invalid Options\({name}="):
        Options(**bad)  # type: ignore[arg-type]
    with pytest.raises(UsageError, match=rf"invalid Options\({name}="):
        Options().replace(**bad)


def test_the_message_lists_the_values_a_choice_takes() -> None:
    with pytest.raises(UsageError, match="use one of 'auto', 'off', 'adjacent', 'all'"):
        Options(dedupe="none")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="use one of 'keep', 'merge', 'stagger' or None"):
        Options(overlaps="bogus")  # type: ignore[arg-type]


def test_dedupe_none_on_a_timed_film_raises_instead_of_deleting_cues(shared: Path) -> None:
    film = shared / "corpus" / "timed" / "films" / "LaLaLand.en.srt"
    if not film.is_file():
        pytest.skip("LaLaLand.en.srt is absent")
    track = subconv.read(film)
    with pytest.raises(UsageError, match="dedupe='none'"):
        subconv.process(track, Options(dedupe="none"), Report())  # type: ignore[arg-type]
    assert len(subconv.process(track, Options(dedupe="off"), Report())) == len(track)


def _cli_accepts(*args: str) -> bool:
    try:
        build_parser().parse_args(["convert", "in.srt", *args])
    except SystemExit:
        return False
    return True


@given(st.sampled_from(["dedupe", "overlaps"]), st.text(max_size=10))
def test_options_and_the_command_line_take_the_same_choices(name: str, value: str) -> None:
    allowed = DEDUPE_POLICIES if name == "dedupe" else OVERLAP_POLICIES
    try:
        Options(**{name: value})  # type: ignore[arg-type]
        taken = True
    except UsageError:
        taken = False
    assert taken == (value in allowed)
    if value and not value.startswith("-"):
        assert _cli_accepts(f"--{name}", value) == taken


@given(
    st.sampled_from([("max_lines", "--max-lines"), ("max_chars", "--max-chars"), ("wpm", "--wpm"), ("cps", "--cps")]),
    st.integers(-5, 5) | st.sampled_from([float("inf"), float("nan"), 0.5, -0.5]),
)
def test_options_and_the_command_line_take_the_same_numbers(field: tuple[str, str], value: float) -> None:
    name, flag = field
    if name.startswith("max") and not isinstance(value, int):
        return  # (a float is no count either way: not an integer for the CLI, refused by Options)
    try:
        Options(**{name: value})  # type: ignore[arg-type]
        taken = True
    except UsageError:
        taken = False
    assert _cli_accepts(f"{flag}={value}") == taken


@given(st.floats(allow_nan=True, allow_infinity=True) | st.integers(-10, 2000))
def test_a_frame_rate_is_taken_from_1_to_1000_fps(fps: float) -> None:
    inside = 1 <= fps <= 1000
    try:
        Options(fps=fps)
        taken = True
    except UsageError as exc:
        assert "use a rate from 1 to 1000 fps" in str(exc)
        taken = False
    assert taken == inside
    assert _cli_accepts(f"--fps={fps!r}") == inside


def test_every_valid_value_is_still_taken_and_skip_is_kept_as_a_frozenset() -> None:
    for policy in DEDUPE_POLICIES:
        assert Options(dedupe=policy).dedupe == policy
    for overlaps in (*OVERLAP_POLICIES, None):
        assert Options(overlaps=overlaps).overlaps == overlaps
    opts = Options(skip={"dedupe"}, wpm=160, cps=12.5, duration_ms=0, fps=23.976, editor="Resolve", aligner="tts")  # type: ignore[arg-type]
    assert opts.skip == frozenset({"dedupe"}) and type(opts.skip) is frozenset
    assert hash(opts) == hash(opts.replace())


@pytest.mark.parametrize(
    ("bad", "listed"),
    [
        ({"editor": "avid"}, r"invalid Options\(editor='avid'\): unknown editor 'avid'; valid editors: fcp, generic"),
        ({"aligner": "whisper"}, r"invalid Options\(aligner='whisper'\): use one of 'auto', 'acoustic', 'tts', 'vad'"),
        ({"skip": frozenset({"dedup"})}, r"invalid Options\(skip=...\): no step 'dedup'; steps: normalise, dedupe"),
    ],
)
def test_a_name_no_registry_knows_is_refused_before_any_step_runs(bad: dict[str, object], listed: str) -> None:
    """The editor, aligner and step names: checked when the pipeline takes the options."""
    track = Track((Cue(0, 1000, ("Hello.",)), Cue(0, 1000, ("Hello.",))))
    with pytest.raises(UsageError, match=listed):
        subconv.process(track, Options(**bad), Report())  # type: ignore[arg-type]

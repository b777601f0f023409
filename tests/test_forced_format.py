"""A format given (``--from X``, ``loads(text, "X")``) to a text of another format: never an
empty output with exit 0.  The text is read as X, or refused with ``subconv: error:
FILE:LINE: ...`` at its first line that is not X's (naming the format the text looks like).
Before, ASS, SSA and SAMI read such a text as an empty track with a warning."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import subconv
from subconv import formats
from subconv.cli import main
from subconv.errors import ParseError
from subconv.model import Cue, Track

#: the formats subconv reads but does not write, each with a text of its own
_READ_ONLY = {
    "sami": ("smi", "<SAMI><BODY>\n<SYNC Start=1000><P>{0}\n<SYNC Start=3000><P>{1}\n</BODY></SAMI>\n"),
    "whisper_jax": ("wj", "[00:01.000 -> 00:02.000] {0}\n[00:03.000 -> 00:04.000] {1}\n"),
    "cuelist": ("json", '[{{"start": 1.0, "end": 2.0, "text": "{0}"}}, {{"start": 3.0, "end": 4.0, "text": "{1}"}}]\n'),
    "page": ("html", "<html><body><p>{0}</p><p>{1}</p></body></html>\n"),
}
_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
_TEXTS = st.lists(_WORDS, min_size=1, max_size=4).map(" ".join)


def _sample(fmt: str, first: str, second: str) -> tuple[str, str]:
    """A text of format ``fmt`` holding two cues, and its file ending."""
    if fmt in _READ_ONLY:
        ext, text = _READ_ONLY[fmt]
        return ext, text.format(first, second)
    track = Track((Cue(1000, 2000, (first,)), Cue(3000, 4000, (second,))))
    return formats.get(fmt).extensions[0].lstrip("."), subconv.dumps(track, fmt)


def _sources() -> list[str]:
    return [*formats.writable(), *_READ_ONLY]


@pytest.mark.parametrize("source", _sources())
@pytest.mark.parametrize("given_format", formats.names())
@settings(max_examples=5, deadline=None)
@given(first=_TEXTS, second=_TEXTS)
def test_a_format_given_to_another_formats_file_is_read_or_refused_with_its_line(
    tmp_path_factory: pytest.TempPathFactory, given_format: str, source: str, first: str, second: str
) -> None:
    """Every pair (the format given, the format of the file): a non-empty output, or exit 1 and
    one ``subconv: error: FILE:LINE: X: ...`` line -- never an empty output with exit 0."""
    folder = tmp_path_factory.mktemp("forced")
    ext, text = _sample(source, first, second)
    src = folder / f"in.{ext}"
    src.write_text(text, encoding="utf-8")
    out = folder / "out.srt"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["convert", str(src), "--from", given_format, "-o", str(out)])
    messages = err.getvalue()
    if status == 0:
        assert out.read_text(encoding="utf-8").strip(), (source, given_format, messages)
        return
    assert status == 1, messages
    error = messages.splitlines()[-1]
    assert error.startswith(f"subconv: error: {src}:"), (source, given_format, messages)
    line = error[len(f"subconv: error: {src}:") :].split(":", 1)[0]
    assert line.isdigit() and 1 <= int(line) <= text.count("\n") + 1, error
    assert not out.exists()


def test_an_srt_file_given_as_ass_or_sami_is_refused_at_its_first_line(tmp_path: Path) -> None:
    src = tmp_path / "a.srt"
    src.write_text("\n1\n00:00:01,000 --> 00:00:02,000\nHello there\n", encoding="utf-8")
    for name, what in (
        ("ass", "not an ASS/SSA script"),
        ("ssa", "not an ASS/SSA script"),
        ("sami", "not a SAMI document"),
    ):
        with pytest.raises(ParseError) as caught:
            subconv.read(src, name)
        assert caught.value.line == 2 and caught.value.format == name
        assert what in caught.value.reason and caught.value.reason.endswith("; the text looks like srt")


def test_scripts_and_documents_with_no_events_are_still_read_empty_with_a_warning() -> None:
    """A real ASS script with an empty ``[Events]`` (or none), a SAMI document with an empty
    body, an empty text: an empty track and a warning, as before."""
    for text, name in (
        (
            "[Script Info]\nTitle: x\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, "
            "MarginR, MarginV, Effect, Text\n",
            "ass",
        ),
        ("[Script Info]\nScriptType: v4.00\n", "ssa"),
        ("; a comment\n", "ass"),
        ("<SAMI><BODY>\n</BODY></SAMI>\n", "sami"),
        ("<!-- <SYNC Start=1> -->\n<SAMI></SAMI>", "sami"),
        ("\n\n", "ass"),
        ("", "sami"),
    ):
        assert len(subconv.loads(text, name)) == 0


def test_no_hint_when_the_text_looks_like_the_format_given() -> None:
    bad = "[Script Info]\nTitle: x\n[Events]\nDialogue: 0,0:00:01.00,0:00:02.00,Default,,0,0,0,,a\n" + (
        "Dialogue: 0,99999999999:00:01.00,0:00:02.00,Default,,0,0,0,,b\n"
    )
    with pytest.raises(ParseError) as caught:
        subconv.loads(bad, "ass")
    assert "looks like" not in str(caught.value)

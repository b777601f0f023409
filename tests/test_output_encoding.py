"""The output's encoding: ``--output-encoding`` on the command line (as ``write(encoding=)``), a
character the encoding lacks named with its cue (the writers' escape too, which no legacy
encoding can hold), and one byte-order mark for an encoding that writes its own."""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import subconv
from subconv import Cue, Track, WriteOptions
from subconv.cli import main

#: lines that make a writer escape (an empty line inside a cue, a timing line, a last line of
#: digits) among plain ones, and characters cp1252 lacks
LINES = st.sampled_from(["", "12", "00:00:01,000 --> 00:00:02,000", "plain", "café", "note ♪", "→ there"])
CUES = st.lists(st.lists(LINES, min_size=1, max_size=4), min_size=1, max_size=6)


def _track(cues: list[list[str]]) -> Track:
    # (every cue has a visible first line: none is left out as empty)
    return Track([Cue(2000 * n, 2000 * n + 1000, ("line", *lines)) for n, lines in enumerate(cues)])


def _first_unencodable(track: Track, encoding: str) -> tuple[int, str] | None:
    """The first written cue (1-based) holding a character ``encoding`` lacks, and that character,
    as the UTF-8 SRT output has them (a block a cue: no cue is written with an empty line)."""
    blocks = subconv.dumps(track, "srt").split("\n\n")
    for n, block in enumerate(blocks, 1):
        for ch in block:
            try:
                ch.encode(encoding)
            except UnicodeEncodeError:
                return n, ch
    return None


@settings(max_examples=80, deadline=None)
@given(CUES)
def test_write_in_cp1252_names_the_cue_and_says_what_the_escape_is(cues: list[list[str]]) -> None:
    """A WORD JOINER escape was blamed on the first cue that would need one as a file's *last*
    cue (a last line of digits), not the cue written with it; and the error did not say that
    no cp1252 character can take its place."""
    track = _track(cues)
    buf = io.BytesIO()
    first = _first_unencodable(track, "cp1252")
    if first is None:
        subconv.write(track, buf, "srt", encoding="cp1252")
        assert buf.getvalue().decode("cp1252") == subconv.dumps(track, "srt")
        return
    n, ch = first
    with pytest.raises(subconv.WriteError) as info:
        subconv.write(track, buf, "srt", encoding="cp1252")
    message = str(info.value)
    assert f": cue {n} " in message and f"(U+{ord(ch):04X})" in message, message
    assert message.endswith("write it in UTF-8 (encoding='utf-8') or change the text"), message
    if ch == "\u2060":
        assert "is written with" in message and "no character of cp1252 can take its place" in message


@settings(max_examples=40, deadline=None)
@given(CUES, st.sampled_from(["cp1252", "latin-1", "ascii"]), st.sampled_from(["srt", "vtt"]))
def test_output_encoding_on_the_command_line(cues: list[list[str]], encoding: str, to: str) -> None:
    """There was no way to write a legacy encoding from the command line.  ``--output-encoding``
    writes the UTF-8 output's text in it; a character it lacks is exit 1 naming the output, the
    cue and the character, and nothing is written (an output there is left as it was)."""
    track = _track(cues)
    text = subconv.dumps(track, to)
    lacking = [ch for ch in text if not _encodes(ch, encoding)]
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.srt", Path(tmp) / f"out.{to}"
        subconv.write(track, src)
        before = src.read_bytes()
        out.write_bytes(b"before")
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            status = main(["convert", str(src), "-o", str(out), "--output-encoding", encoding])
        assert src.read_bytes() == before  # (the input never touched)
        assert sorted(p.name for p in Path(tmp).iterdir()) == sorted([src.name, out.name])  # (no temporary left)
        if not lacking:
            assert status == 0, err.getvalue()
            assert out.read_bytes() == text.encode(encoding)
            return
        assert status == 1
        assert out.read_bytes() == b"before"
        (line,) = [ln for ln in err.getvalue().splitlines() if ln.startswith("subconv: error:")]
        assert line.startswith(f"subconv: error: {out}: cannot write the output: cue "), line
        assert f"which {encoding} cannot encode" in line and line.endswith(
            "(--output-encoding utf-8) or change the text"
        )
        cue = int(re.search(r"cue (\d+)", line).group(1))  # type: ignore[union-attr]
        assert any(not _encodes(ch, encoding) for ch in _cue_block(text, to, cue)), (line, text)


def _encodes(ch: str, encoding: str) -> bool:
    try:
        ch.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _cue_block(text: str, to: str, n: int) -> str:
    blocks = text.split("\n\n")
    return blocks[n] if to == "vtt" else blocks[n - 1]  # (WebVTT's header is a block of its own)


def test_output_encoding_to_standard_output_and_a_bad_name(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.srt"
        src.write_text("1\n00:00:01,000 --> 00:00:02,000\ncafé\n", encoding="utf-8")
        assert main(["convert", str(src), "--output-encoding", "cp1252"]) == 0
        assert capsysbinary.readouterr().out == b"1\n00:00:01,000 --> 00:00:02,000\ncaf\xe9\n"
        with pytest.raises(SystemExit) as exc:
            main(["convert", str(src), "--output-encoding", "nope"])
        assert exc.value.code == 2
        assert b"--output-encoding: unknown encoding 'nope'" in capsysbinary.readouterr().err


def test_an_encoding_with_its_own_bom_writes_one() -> None:
    """``write(track, binary_file, encoding="utf-16")`` encoded each piece alone: a byte-order mark
    in the middle of the file every 64 KiB; with ``bom=True`` (``--bom``) a file in ``utf-16`` or
    ``utf-8-sig`` started with two."""
    track = Track([Cue(n * 1000, n * 1000 + 500, ("a" * 100,)) for n in range(3000)])
    assert len(list(subconv.dump_pieces(track, "srt"))) > 1
    text = subconv.dumps(track, "srt")
    for encoding, bom in (("utf-16", b"\xff\xfe"), ("utf-8-sig", b"\xef\xbb\xbf"), ("utf-32", b"\xff\xfe\x00\x00")):
        for options in (WriteOptions(), WriteOptions(bom=True)):
            buf = io.BytesIO()
            subconv.write(track, buf, "srt", options=options, encoding=encoding)
            assert buf.getvalue() == text.encode(encoding), (encoding, options)
            assert buf.getvalue().count(bom) == 1
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "out.srt"
                subconv.write(track, path, options=options, encoding=encoding)
                assert path.read_bytes() == text.encode(encoding), (encoding, options)
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.srt"
        src.write_text(text, encoding="utf-8")
        assert main(["convert", str(src), "-o", str(Path(tmp) / "o.srt"), "--output-encoding", "utf-16", "--bom"]) == 0
        assert (Path(tmp) / "o.srt").read_bytes() == text.encode("utf-16")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_output_encoding_in_folder_mode(jobs: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder run writes each output in ``--output-encoding`` (the workers' text is committed
    in it); an input with a character it lacks fails alone, naming its output and cue."""
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in", Path(tmp) / "out"
        src.mkdir()
        (src / "a.srt").write_text("1\n00:00:01,000 --> 00:00:02,000\ncafé\n", encoding="utf-8")
        (src / "b.srt").write_text(
            "1\n00:00:01,000 --> 00:00:02,000\nok\n\n2\n00:00:03,000 --> 00:00:04,000\n♪\n", "utf-8"
        )
        status = main(
            ["convert", str(src), "-o", str(dst), "--to", "vtt", "--output-encoding", "cp1252", "--jobs", jobs]
        )
        assert status == 1
        assert (dst / "a.vtt").read_bytes() == b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\ncaf\xe9\n"
        assert not (dst / "b.vtt").exists()
        assert (
            f"subconv: error: {dst / 'b.vtt'}: cannot write the output: cue 2 (line 6) has '♪'"
            in capsys.readouterr().err
        )


def test_the_escape_is_blamed_on_the_cue_written_with_it() -> None:
    """A last line of digits is escaped only in a file's last SRT cue: the error blamed cue 1
    (escaped when written alone) for the WORD JOINER of cue 2's empty line."""
    track = Track([Cue(0, 1000, ("a", "12")), Cue(2000, 3000, ("b", "", "c"))])
    assert "\u2060" not in subconv.dumps(track, "srt").split("\n\n")[0]
    with pytest.raises(subconv.WriteError, match=r": cue 2 is written with '\\u2060' \(U\+2060\)"):
        subconv.write(track, io.BytesIO(), "srt", encoding="cp1252")

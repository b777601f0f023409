"""A Scenarist SCC file (``Scenarist_SCC V1.0``, CEA-608 codes in hex) is refused, one line at
line 1 naming SCC, non-zero exit: subconv does not read CEA-608.  Before, it was read as a page,
each line of hex codes a cue (``22\\t9420 9420 94ae ...``), exit 0."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from subconv import ParseError, loads
from subconv.formats import sniff
from tests.clirun import run_subconv

SCC = "Scenarist_SCC V1.0\n\n00:00:00:22\t9420 9420 94ae 94ae 9452 9452 97a1 97a1 c845 ccec ef80 942f 942f\n\n"
WHY = "scc: Scenarist SCC (CEA-608 caption codes) is not supported; ffmpeg reads it: ffmpeg -i IN.scc OUT.srt"


@pytest.mark.parametrize("name", ["a.scc", "a.txt", "a"])
def test_an_scc_file_is_refused_whatever_its_name(tmp_path: Path, name: str) -> None:
    src = tmp_path / name
    src.write_text(SCC, encoding="utf-8")
    out = tmp_path / "out.srt"
    r = run_subconv("convert", str(src), "-o", str(out))
    assert r.returncode == 1
    assert r.stderr == f"subconv: error: {src}:1: {WHY}\n"
    assert not out.exists()


def test_an_scc_file_on_standard_input_is_refused() -> None:
    r = run_subconv("convert", "-", stdin=SCC)
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr == f"subconv: error: <stdin>:1: {WHY}\n"


def test_the_corpus_scc_file_is_refused(shared: Path) -> None:
    path = shared / "corpus" / "odd" / "mantas-done-subtitles" / "scc.scc"
    if not path.is_file():
        pytest.skip("corpus file scc.scc not found")
    r = run_subconv("convert", str(path))
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr == f"subconv: error: {path}:1: {WHY}\n"


@given(lead=st.sampled_from(["", "\ufeff", "\n", " \r\n"]), ends=st.sampled_from(["\n", "\r\n"]))
def test_the_api_refuses_scc_at_line_1(lead: str, ends: str) -> None:
    text = lead + SCC.replace("\n", ends)
    with pytest.raises(ParseError) as caught:
        loads(text)
    assert (caught.value.format, caught.value.line) == ("scc", 1)
    with pytest.raises(ParseError):
        sniff(text)


def test_a_caption_that_names_scc_is_read() -> None:
    track = loads("1\n00:00:01,000 --> 00:00:02,000\nScenarist_SCC V1.0 is a format\n")
    assert track.format == "srt" and track.cues[0].text == "Scenarist_SCC V1.0 is a format"

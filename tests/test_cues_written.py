"""The report's ``cues_written`` is the number of cues in the file written, and the "output is
empty" warning is given when, and only when, that number is 0: what a writer drops of a cue it
writes (word times it cannot place, a font) is not a cue dropped."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import subconv
from subconv.cli import main

_TEXTS = st.sampled_from(["Hello there", "one two three", "\u200b", "\u200b \u200b", "Ok"])
_WORDS = st.sampled_from(["Hello", "world", "two", "\u200b", "Ok", "nowhere"])


@st.composite
def _segments(draw: st.DrawFn) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    t = 0.0
    for _ in range(draw(st.integers(1, 4))):
        words = [
            {"word": " " + w, "start": t + 0.2 * k, "end": t + 0.2 * k + 0.2}
            for k, w in enumerate(draw(st.lists(_WORDS, max_size=3)))
        ]
        out.append({"start": t, "end": t + 1.0, "text": " " + draw(_TEXTS), "words": words})
        t += 1.5
    return out


def _run(tmp_path: Path, src: Path, to: str, *extra: str) -> tuple[int, list[str], dict[str, object], list[str]]:
    out = tmp_path / f"out.{to}"
    rep = tmp_path / "report.json"
    out.unlink(missing_ok=True)
    code = main(["convert", str(src), "-o", str(out), "--report", str(rep), *extra])
    report = json.loads(rep.read_text(encoding="utf-8"))
    written = subconv.loads(out.read_text(encoding="utf-8"), to).cues if out.exists() else ()
    warnings = [e["reason"] for e in report["entries"] if e["action"] == "warning"]
    return code, [c.text for c in written], report["info"], warnings


@settings(max_examples=40, deadline=None)
@given(segments=_segments(), to=st.sampled_from(["vtt", "ass", "srt"]))
def test_cues_written_counts_the_cues_in_the_file(
    tmp_path_factory: object, segments: list[dict[str, object]], to: str
) -> None:
    tmp = Path(str(tmp_path_factory.mktemp("w")))  # type: ignore[attr-defined]
    src = tmp / "w.json"
    src.write_text(json.dumps({"segments": segments, "language": "en"}), encoding="utf-8")
    code, texts, info, warnings = _run(tmp, src, to, "--words")
    assert code == 0
    assert info["cues_written"] == len(texts)
    empty = [w for w in warnings if "the output is empty" in w]
    assert bool(empty) == (not texts)


@pytest.mark.parametrize("to", ["srt", "vtt", "sbv", "ttml"])
def test_ass_comments_left_out_are_cues_not_written(tmp_path: Path, to: str) -> None:
    """Each writer leaves the comments out (one by one or all at once, said either way)."""
    events = "\n".join(
        f"{kind}: 0,0:00:0{k}.00,0:00:0{k + 1}.00,Default,,0,0,0,,line {k}"
        for k, kind in enumerate(["Dialogue", "Comment", "Comment", "Dialogue", "Comment"])
    )
    src = tmp_path / "c.ass"
    src.write_text(
        "[Script Info]\nScriptType: v4.00+\n\n[Events]\n"
        "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\n" + events + "\n",
        encoding="utf-8",
    )
    code, texts, info, _ = _run(tmp_path, src, to)
    assert code == 0 and texts == ["line 0", "line 3"]
    assert info["cues_written"] == 2

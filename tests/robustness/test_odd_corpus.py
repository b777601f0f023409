"""Every file in ``../shared/corpus/odd`` converts, or fails with one clear line - never a traceback.

Each file goes through ``subconv convert FILE -o out.srt --report r.json``
(in-process, for speed).  A conversion must produce an SRT that subconv reads
back, and every ``dropped``/``repaired`` entry of the report must carry the
1-based source line it is about.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.robustness.robust_helpers import (
        ODD,
        assert_clean_outcome,
        format_available,
        need_shared,
        odd_files,
        run_inprocess,
        skip_if_unimplemented,
    )
else:
    from robust_helpers import (
        ODD,
        assert_clean_outcome,
        format_available,
        need_shared,
        odd_files,
        run_inprocess,
        skip_if_unimplemented,
    )

import subconv
from subconv.errors import SubconvError

_FILES = list(odd_files())
_IDS = [str(p.relative_to(ODD)) for p in _FILES]

# Report entries that summarise many places at once may carry no line.
_SUMMARY_MARKERS = ("more invalid",)


@pytest.mark.parametrize("path", _FILES, ids=_IDS)
def test_odd_file_converts_or_fails_cleanly(path: Path, tmp_path: Path) -> None:
    need_shared()
    out = tmp_path / "out.srt"
    rep = tmp_path / "report.json"
    before = path.read_bytes()
    run = run_inprocess(["convert", str(path), "-o", str(out), "--report", str(rep)])
    skip_if_unimplemented(run.stderr)
    assert_clean_outcome(run, str(path))
    assert path.read_bytes() == before, "the input was modified"
    report = json.loads(rep.read_text(encoding="utf-8"))
    assert report["info"].get("encoding"), "the encoding used is not in the report"
    if run.status == 0:
        assert out.is_file()
        back = subconv.loads(out.read_text(encoding="utf-8"), "srt")
        assert len(back.cues) == report["info"].get("cues_written", len(back.cues))
    else:
        assert not out.exists(), "a failed run left an output file"
        assert str(path) in run.stderr
    for entry in report["entries"]:
        if entry["action"] in ("dropped", "repaired") and not any(m in entry["reason"] for m in _SUMMARY_MARKERS):
            assert isinstance(entry["line"], int) and entry["line"] >= 1, f"entry without a source line: {entry}"


@pytest.mark.parametrize("path", _FILES, ids=_IDS)
def test_odd_file_reads_through_the_api_or_raises_a_subconv_error(path: Path) -> None:
    need_shared()
    try:
        track = subconv.read(path)
    except ImportError as exc:
        skip_if_unimplemented(str(exc))
        raise
    except SubconvError as exc:
        assert str(exc)
        return
    assert isinstance(track, subconv.Track)


def test_corpus_is_present_or_skipped() -> None:
    need_shared()
    assert len(_FILES) > 100, "the odd corpus lost files"
    assert format_available("srt")

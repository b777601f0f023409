"""The JSON report (``--report``) is written a piece at a time, and the pieces are exactly the text
``json.dumps`` gives for the whole report."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from subconv.report import Report

_TEXT = st.text(st.characters(codec="utf-8"), max_size=12)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXT, inner, max_size=3),
    max_leaves=8,
)
_ENTRY = st.tuples(
    _TEXT,
    st.sampled_from(["cue", "dropped", "merged", "repaired", "rewritten", "warning", "info"]),
    _TEXT,
    st.none() | st.integers(1, 10**6),
    st.none() | _TEXT,
    st.dictionaries(_TEXT, _JSON, max_size=3),
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(_TEXT, _JSON, max_size=4), st.lists(_ENTRY, max_size=6))
def test_pieces_are_the_whole_reports_json(info: dict[str, Any], entries: list[Any]) -> None:
    report = Report()
    report.info.update(info)
    for step, action, reason, line, text, detail in entries:
        report.add(step, action, reason, line, text, **detail)
    want = json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    pieces = list(report.json_pieces())
    assert "".join(pieces) == want == report.to_json()
    assert len(pieces) == len(report.entries) + 2  # the head, an entry a piece, the end
    assert json.loads(want)["entries"] == report.to_dict()["entries"]

"""The JSON report (``--report``) is written a piece at a time, and the pieces are exactly the text
``json.dumps`` gives for the whole report."""

from __future__ import annotations

import json
import pickle
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from subconv.report import Entry, Report

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
    st.none() | st.integers(1, 10**6) | st.integers(2**31 - 2, 2**40),
    st.none() | _TEXT,
    # (a detail's keys are ``Report.add``'s keyword arguments: not the names of its other ones)
    st.dictionaries(_TEXT.filter(lambda k: k not in ("step", "action", "reason", "line", "text")), _JSON, max_size=3),
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


# -- the entries are held by column (``Entries``); in use they are a list of ``Entry``

_OPS = st.lists(
    st.one_of(
        st.tuples(st.just("add"), _ENTRY),
        st.tuples(st.just("insert"), st.integers(-8, 8), _ENTRY),
        st.tuples(st.just("splice"), st.integers(-8, 8), st.integers(-8, 8), st.lists(_ENTRY, max_size=3)),
        st.tuples(st.just("del"), st.integers(-8, 8), st.integers(-8, 8)),
        st.tuples(st.just("set"), st.integers(-8, 8), _ENTRY),
        st.tuples(st.just("extend"), st.lists(_ENTRY, max_size=3)),
    ),
    max_size=12,
)


def _entry(fields: Any) -> Entry:
    step, action, reason, line, text, detail = fields
    return Entry(step, action, reason, line, text, detail or None)


@settings(max_examples=300, deadline=None)
@given(_OPS)
def test_entries_behave_as_a_list_of_entries(ops: list[Any]) -> None:
    """Whatever is done to a report's entries, they are what a list of the same entries would
    be (details too), they pickle, and the JSON is the one of that list."""
    report, want = Report(), []
    for op in ops:
        if op[0] == "add":
            e = _entry(op[1])
            report.add(e.step, e.action, e.reason, e.line, e.text, **(e.detail or {}))
            want.append(e)
        elif op[0] == "insert":
            report.entries.insert(op[1], _entry(op[2]))
            want.insert(op[1], _entry(op[2]))
        elif op[0] == "splice":
            other = Report()
            other.entries.extend(_entry(f) for f in op[3])
            report.entries[op[1] : op[2]] = other.entries
            want[op[1] : op[2]] = [_entry(f) for f in op[3]]
        elif op[0] == "del":
            del report.entries[op[1] : op[2]]
            del want[op[1] : op[2]]
        elif op[0] == "set":
            if -len(want) <= op[1] < len(want):
                report.entries[op[1]] = _entry(op[2])
                want[op[1]] = _entry(op[2])
            else:
                with pytest.raises(IndexError):
                    report.entries[op[1]] = _entry(op[2])
        else:
            # (``report.entries += ...`` spelled out: mypy wrongly rejects ``+=`` on this property)
            entries = report.entries
            entries += [_entry(f) for f in op[1]]
            report.entries = entries
            want += [_entry(f) for f in op[1]]
    got = list(report.entries)
    assert got == want and report.entries == want and len(report) == len(want)
    assert [e.detail for e in got] == [e.detail for e in want]
    assert report.entries[1:-1] == want[1:-1]
    assert [e for e in want if e.action == "warning"] == report.by_action("warning")
    again = pickle.loads(pickle.dumps(report))
    assert list(again.entries) == want and [e.detail for e in again.entries] == [e.detail for e in want]
    again.add("x", "info", "more", detail=1)  # (its table of kinds is usable after unpickling)
    assert again.entries[-1].detail == {"detail": 1}
    whole = Report()
    whole.entries = want
    assert report.to_json() == whole.to_json() == json.dumps(whole.to_dict(), ensure_ascii=False, indent=2) + "\n"


def test_entries_of_many_kinds() -> None:
    """Past 65,535 kinds (a detail dictionary each) the column of kinds widens; nothing is lost."""
    report, other = Report(), Report()
    for i in range(70_000):
        report.add("s", "info", "r", i, None, n=i)
    other.add("t", "warning", "w", 2**35, "x")
    report.entries[3:3] = other.entries
    assert len(report) == 70_001
    assert report.entries[3] == Entry("t", "warning", "w", 2**35, "x")
    assert report.entries[-1].detail == {"n": 69_999} and report.entries[4].detail == {"n": 3}
    assert report.by_action("warning") == [Entry("t", "warning", "w", 2**35, "x")]


# -- the reason and text columns are held as indexes into their distinct values where they repeat

_FEW = st.sampled_from(["caption", "repeats line 3", "", "x" * 40])
_FEW_ENTRY = st.tuples(
    st.sampled_from(["page", "dedupe"]),
    st.sampled_from(["cue", "dropped", "kept"]),
    _FEW | _TEXT,
    st.none() | st.integers(1, 10**6),
    st.none() | _FEW | _TEXT,
    st.just({}),
)


@settings(max_examples=300, deadline=None)
@given(_OPS.map(lambda ops: ops), st.lists(_FEW_ENTRY, max_size=40), st.sampled_from([1, 2, 4, 1 << 17]))
def test_shared_columns_are_their_values(ops: list[Any], repeated: list[Any], test_from: int) -> None:
    """Entries whose reasons and texts repeat (held once each), or mostly differ (the column
    becomes a list: checked from ``test_from`` distinct values on), are the entries added, through
    any edit, a pickle and a copy into another report."""
    import subconv.report as report_module

    before = report_module._SHARE_TEST
    report_module._SHARE_TEST = test_from
    try:
        report, want = Report(), []
        for fields in repeated:
            e = _entry(fields)
            report.add(e.step, e.action, e.reason, e.line, e.text)
            want.append(e)
        for op in ops:
            if op[0] == "splice":
                other = Report()
                other.entries.extend(_entry(f) for f in op[3] + repeated[:5])
                report.entries[op[1] : op[2]] = other.entries
                want[op[1] : op[2]] = [_entry(f) for f in op[3] + repeated[:5]]
            elif op[0] == "del":
                del report.entries[op[1] : op[2]]
                del want[op[1] : op[2]]
            elif op[0] == "extend":
                # (``report.entries += ...`` spelled out: mypy wrongly rejects ``+=`` on this property)
                entries = report.entries
                entries += [_entry(f) for f in op[1]]
                report.entries = entries
                want += [_entry(f) for f in op[1]]
        copy = Report()
        copy.entries.extend(report.entries)
        copy.entries.extend(report.entries)
        assert list(report.entries) == want and list(copy.entries) == want + want
        assert list(pickle.loads(pickle.dumps(report)).entries) == want
        assert [(e.reason, e.text) for e in report.entries[2:-2]] == [(e.reason, e.text) for e in want[2:-2]]
    finally:
        report_module._SHARE_TEST = before


def test_a_column_of_more_than_65536_distinct_values() -> None:
    """Past 65,536 distinct texts a column's indexes are widened (and its values stay right)."""
    report, want = Report(), []
    for i in range(70_000):
        text = str(i % 66_000)
        report.add("page", "cue", "caption", i + 1, text)
        want.append(text)
    assert [e.text for e in report.entries] == want
    assert report.entries[-1] == Entry("page", "cue", "caption", 70_000, str(69_999 % 66_000))

"""TMP (TMPlayer) event lines with ``=`` after the time (``00:00:03=text``, which TMPlayer writes
too and subconv's sniffing and event finding take) are read as those with ``:``: before, pysubs2
skipped them, their text lost with only a warning that some line (which was not known) may have
been left out."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from subconv import loads
from subconv.report import Report


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([":", "="]), min_size=2, max_size=8))
def test_an_equals_sign_after_the_time_reads_as_a_colon(separators: list[str]) -> None:
    lines = [f"00:00:{2 * k:02d}{sep}line {k}" for k, sep in enumerate(separators, 1)]
    colons = [f"00:00:{2 * k:02d}:line {k}" for k in range(1, len(separators) + 1)]
    report = Report()
    cues = loads("\n".join(lines) + "\n", "tmp", report=report).cues
    expected = loads("\n".join(colons) + "\n", "tmp").cues
    assert [(c.start, c.end, c.text, c.source_line) for c in cues] == [
        (c.start, c.end, c.text, c.source_line) for c in expected
    ]
    assert [c.text for c in cues] == [f"line {k}" for k in range(1, len(separators) + 1)]
    assert report.changes() == []

"""A report names the format it writes as the command line does (``--to vtt``), in every reason:
``not carried to vtt``, as ``srt has no place for it``; before, the uncarried-markup reasons
upper-cased it (``not carried to VTT``, ``not carried to MICRODVD``)."""

from __future__ import annotations

import re

import pytest

from subconv import Report, dumps, formats, loads

SRT = (
    '1\n00:00:01,000 --> 00:00:02,000\n<s>struck</s> {\\pos(10,10)}placed <font color="red" size="30">red</font>\n\n'
    "2\n00:00:03,000 --> 00:00:04,000\n{\\an8}top\n"
)


@pytest.mark.parametrize("to", formats.writable())
def test_every_reason_names_the_target_as_the_cli_does(to: str) -> None:
    report = Report()
    dumps(loads(SRT, "srt"), to, report=report)
    named = [m.group(1) for e in report.entries if (m := re.search(r"not carried to (\S+)$", e.reason))]
    assert all(name == formats.get(to).name for name in named), named

"""Each command's description names its arguments as its usage line does: ``subconv sync
--help`` said "spoken in MEDIA", a name its usage (``--media FILE``) has nowhere."""

from __future__ import annotations

import argparse
import re

import pytest

from subconv import formats
from subconv.cli import build_parser

#: capitals that are no placeholder: format names and the like
_ACRONYMS = {name.upper() for name in formats.names()} | {"ASS", "SRT", "JSON", "URL", "BOM", "UTF", "CRLF", "CJK"}


def _commands() -> dict[str, argparse.ArgumentParser]:
    (sub,) = (a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


@pytest.mark.parametrize("command", sorted(_commands()))
def test_a_description_names_only_placeholders_its_usage_has(command: str) -> None:
    parser = _commands()[command]
    usage = set(re.findall(r"\b[A-Z][A-Z_]+\b", parser.format_usage()))
    named = set(re.findall(r"\b[A-Z][A-Z_]{2,}\b", parser.description or ""))
    assert named - _ACRONYMS - usage == set()

"""The format registry: every name, alias and extension of the formats added for issue 16."""

from __future__ import annotations

import pytest

from subconv.formats import from_extension, get, names, output_format


@pytest.mark.parametrize("name", names())
def test_every_name_loads_and_its_aliases_lead_back(name: str) -> None:
    fmt = get(name)
    assert fmt.name == name
    for alias in fmt.aliases:
        assert get(alias).name == name


@pytest.mark.parametrize(
    ("path", "read_as", "write_as"),
    [
        ("a.sbv", "sbv", "sbv"),
        ("a.ttml", "ttml", "ttml"),
        ("a.DFXP", "ttml", "ttml"),
        ("a.sub", "microdvd", "microdvd"),  # content tells SubViewer apart (tests/formats/test_subviewer.py)
        ("a.txt", "page", "txt"),
        ("a.md", "page", None),
        ("a.srt", "srt", "srt"),
    ],
)
def test_extensions_for_reading_and_writing(path: str, read_as: str, write_as: str | None) -> None:
    assert from_extension(path) == read_as
    assert output_format(path) == write_as


@pytest.mark.parametrize(("name", "ext"), [("sbv", ".sbv"), ("subviewer", ".sub"), ("ttml", ".ttml"), ("txt", ".txt")])
def test_first_extension_is_the_output_extension(name: str, ext: str) -> None:
    fmt = get(name)
    assert fmt.extensions[0] == ext and fmt.write is not None

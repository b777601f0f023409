"""``subconv.scale.convert_text`` and ``map_captions`` check their arguments at the call, whatever
``errors=`` says: a format that is none (``to="vtX"``), one subconv cannot write, an unknown
``from_format`` or ``encoding`` is the error ``subconv.convert`` gives, as a bad ``fps=`` already
was.  Before, with the default ``errors="none"``, each made every text None, as if every
caption were bad (a whole column of a dataframe, nothing said)."""

from __future__ import annotations

from typing import Any

import pytest

import subconv
from subconv.scale import convert_text, map_captions

SRT = "1\n00:00:01,000 --> 00:00:02,000\nHello\n"


@pytest.mark.parametrize(
    ("kwargs", "error", "said"),
    [
        ({"to": "vtX"}, subconv.UnknownFormatError, "unknown format 'vtx'"),
        ({"to": "sami"}, subconv.UsageError, "cannot write it"),
        ({"from_format": "srX"}, subconv.UnknownFormatError, "unknown format 'srx'"),
        ({"encoding": "no-such-codec"}, subconv.EncodingError, "encoding=: unknown encoding"),
        ({"fps": 0}, subconv.UsageError, "fps=0"),
    ],
)
def test_a_bad_argument_is_an_error_not_none(kwargs: dict[str, Any], error: type[Exception], said: str) -> None:
    with pytest.raises(error, match=said):
        convert_text(SRT.encode(), **kwargs)
    with pytest.raises(error, match=said):  # (at the call, before any text is mapped)
        map_captions([SRT], **kwargs)


def test_good_arguments_and_a_bad_text_still_give_none() -> None:
    assert convert_text(SRT, "vtt", from_format="srt", encoding="utf-8") == subconv.dumps(subconv.loads(SRT), "vtt")
    assert convert_text("1\n00:00:0x --> nope\n", from_format="srt") is None

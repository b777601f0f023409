"""mkdocs hooks for subconv's documentation site (``hooks:`` in mkdocs.yml).

Docstrings hold doctests (``>>> ...`` lines), which Markdown would render as
nested block quotes.  This hook registers a tiny Markdown preprocessor that
wraps every doctest outside a fenced block in a ``pycon`` code fence, so the
API reference shows them as Python sessions.
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Extension, Markdown  # type: ignore[import-untyped,unused-ignore]
from markdown.preprocessors import Preprocessor  # type: ignore[import-untyped,unused-ignore]
from mkdocs.plugins import event_priority

_FENCES = ("```", "~~~")
_ROLE = re.compile(r":(?:class|func|meth|mod|attr|data|exc|obj):`~?([^`]+)`")


def wrap_doctests(lines: list[str]) -> list[str]:
    """Wrap each run of doctest lines (``>>>`` to the next blank line) in a ``pycon`` fence.

    Outside code, Sphinx roles (``:class:`Track```) become plain code spans.

    >>> wrap_doctests(["See :class:`~subconv.Track`."])
    ['See `subconv.Track`.']
    >>> wrap_doctests(["Text.", "", ">>> 1 + 1", "2", "", "More."])
    ['Text.', '', '```pycon', '>>> 1 + 1', '2', '```', '', 'More.']
    >>> wrap_doctests(["```", ">>> x", "```"])
    ['```', '>>> x', '```']
    """
    out: list[str] = []
    fence: str | None = None
    in_doctest = False
    for line in lines:
        stripped = line.lstrip()
        if in_doctest:
            if stripped == "":
                out.append("```")
                in_doctest = False
            else:
                out.append(line)
                continue
        if fence is not None:
            if stripped.startswith(fence):
                fence = None
        elif stripped.startswith(_FENCES):
            fence = stripped[:3]
        elif line.startswith(">>>"):
            out.append("```pycon")
            in_doctest = True
        elif ":`" in line:
            line = _ROLE.sub(r"`\1`", line)
        out.append(line)
    if in_doctest:
        out.append("```")
    return out


class _DoctestPreprocessor(Preprocessor):  # type: ignore[misc,unused-ignore]
    def run(self, lines: list[str]) -> list[str]:
        return wrap_doctests(lines)


class DoctestExtension(Extension):  # type: ignore[misc,unused-ignore]
    """Markdown extension: doctests in docstrings become ``pycon`` code blocks."""

    def extendMarkdown(self, md: Markdown) -> None:
        """Register the preprocessor ahead of the fenced-code preprocessors (priority 25)."""
        md.preprocessors.register(_DoctestPreprocessor(md), "subconv_doctests", 28)


@event_priority(100)  # before mkdocstrings reads the Markdown extensions
def on_config(config: Any) -> Any:
    """Add :class:`DoctestExtension` to the site's Markdown extensions."""
    config.markdown_extensions.append(DoctestExtension())
    return config

"""The speaking-rate timing model (estimates how long text takes to say)."""

from __future__ import annotations


def expected_ms(text: str, *, wpm: float | None = None, cps: float | None = None) -> int:
    """Expected speaking time of ``text`` in milliseconds (placeholder: 15 chars/s)."""
    return max(1, round(len(text) * 1000 / 15))

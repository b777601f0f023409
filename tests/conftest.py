"""Shared pytest fixtures: the ``../shared`` corpus and hypothesis profiles.

``SHARED`` is ``<repo>/../shared``; tests that need it use the ``shared`` fixture, which skips
cleanly when the directory is absent (a user's fresh clone).  The hypothesis profile ``ci``
(default) keeps runs modest; ``HYPOTHESIS_PROFILE=thorough`` runs more examples.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO / ".." / "shared"

settings.register_profile("ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ``../shared`` directory; skips the test when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is absent (real-world corpus not available)")
    return SHARED.resolve()

"""Fixtures of the content tests. These tests are pure: they never import PySide6."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.content import bundled_root

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def media_dir() -> Path:
    """The bundled media folder (its manifest lists the theme cards and img-* pictures)."""
    return bundled_root() / "media"

"""Snapshots are taken with the cues on the bell, so the "sound: …" word is the same anywhere."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _bell_only(bell_only: Path) -> None:
    """See tests/conftest.py."""

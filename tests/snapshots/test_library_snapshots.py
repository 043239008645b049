"""Snapshots of the library screen at the two sizes the issue names."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tui.app.unknot import UnknotApp
from tui.core.library import Library

DATA = Path(__file__).resolve().parents[1] / "data" / "library"


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
def test_library_snapshot(snap_compare, size: tuple[int, int]) -> None:
    app = UnknotApp(Library.load(DATA, None))

    async def favourites_read(pilot: Pilot[None]) -> None:
        """The stars come from a thread worker after the first frame: the picture waits."""
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, press=["down"], run_before=favourites_read)

"""Today's check-in and the preview of the routine made from it, at 80×24 (the smallest size the
app is drawn for) and 100×30. The library is the tests' own (tests/today_library.py) and the day is
fixed, so the same routine, and the same picture, comes out on any machine on any day."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakes import FakeClock
from textual.pilot import Pilot
from today_library import DAY, today_library

from tui.app.today_flow import today_screens
from tui.app.unknot import UnknotApp

# neck 4, shoulders picked without a rating, lower back 7; the cursor left on lower back
CHECK_IN = ("4", "down", "s", "down", "down", "down", "down", "7", "plus")


async def _check_in(pilot: Pilot[object], *keys: str) -> None:
    app = pilot.app
    assert isinstance(app, UnknotApp)
    today_screens(app, day=DAY)
    await pilot.pause()
    await pilot.press(*keys)
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
def test_check_in_snapshot(snap_compare, user_routines: Path, size: tuple[int, int]) -> None:
    app = UnknotApp(today_library(user_routines), clock=FakeClock())

    async def run_before(pilot: Pilot[object]) -> None:
        await _check_in(pilot, *CHECK_IN)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
def test_preview_snapshot(snap_compare, user_routines: Path, size: tuple[int, int]) -> None:
    app = UnknotApp(today_library(user_routines), clock=FakeClock())

    async def run_before(pilot: Pilot[object]) -> None:
        await _check_in(pilot, *CHECK_IN, "enter")

    assert snap_compare(app, terminal_size=size, run_before=run_before)

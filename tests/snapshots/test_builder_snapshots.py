"""Snapshots of the routine builder at 100×30: a routine that loads, and one with problems.

The routine is written here, into the test's own UNKNOT_HOME, so a bundled routine's changes never
change a picture. The outline has the focus in both, so no text cursor blinks into the frame.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from tui.app.screens.builder import BuilderScreen
from tui.app.unknot import UnknotApp
from tui.core.library import Library

ROUTINE = """\
format = 1

[routine]
name = "Neck unwind"
summary = "Slow tilts, a tuck, then the ball."
areas = ["neck", "upper-back"]

[defaults]
rest = 10

[[steps]]
name = "Tilt"
hold = 40
sides = ["left", "right"]

[[steps]]
name = "Chin tuck"
hold = "20-30s"
reps = 3

[[steps]]
name = "Find the ball"
manual = true
"""


@pytest.fixture
def app(user_routines: Path) -> UnknotApp:
    (user_routines / "neck-unwind.toml").write_text(ROUTINE, encoding="utf-8")
    app = UnknotApp(Library.load(None, user_routines))
    app.animation_level = "none"
    return app


async def open_builder(pilot: Pilot[object]) -> BuilderScreen:
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, BuilderScreen)
    return screen


def test_builder_snapshot(snap_compare, app: UnknotApp) -> None:
    async def run_before(pilot: Pilot[object]) -> None:
        screen = await open_builder(pilot)
        screen.outline.highlighted = 1
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)


def test_builder_snapshot_with_problems(snap_compare, app: UnknotApp) -> None:
    async def run_before(pilot: Pilot[object]) -> None:
        screen = await open_builder(pilot)
        screen.outline.highlighted = 1
        await pilot.pause()
        screen.query_one("#field-step-hold", Input).value = "45-30s"
        screen.query_one("#field-step-sides", Input).value = "left, up"
        await pilot.pause()
        screen.outline.focus()
        await pilot.press("ctrl+s")  # refused, with the reason
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 30), run_before=run_before)

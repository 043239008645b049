"""Opening one routine of the person's own in the builder, at its first step, as a test would
with the keys: the library lists it, `e` edits it, and the outline's first step is chosen."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tui.app.screens.builder import BuilderScreen
from tui.app.unknot import UnknotApp
from tui.core.library import Library


def app_with_own(tmp_path: Path, user_routines: Path, name: str, text: str) -> UnknotApp:
    """The app with no bundled routine and `text` saved as the person's `name`."""
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    (user_routines / name).write_text(text, encoding="utf-8")
    return UnknotApp(Library.load(bundled, user_routines))


async def first_step_in_builder(pilot: Pilot[object]) -> BuilderScreen:
    """Edit the routine under the cursor and choose its first step in the outline."""
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, BuilderScreen)
    screen.outline.focus()
    screen.outline.highlighted = 1
    await pilot.pause()
    return screen

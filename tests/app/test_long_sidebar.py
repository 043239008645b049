"""A long routine's sidebar is a window of rows that moves on with the current step: 10,000 rows
took seconds to lay out before the first hold."""

from __future__ import annotations

from pathlib import Path

from fakes import FakeClock

from tui.app.screens.player import PlayerScreen
from tui.app.unknot import UnknotApp
from tui.app.widgets.sidebar import ROWS_AT_MOST, StepRow
from tui.core.library import Library


def write_long(folder: Path, steps: int) -> None:
    body = "".join(f'[[steps]]\nname = "Hold {n}"\nhold = 1\n' for n in range(1, steps + 1))
    (folder / "long.toml").write_text(
        'format = 1\n[routine]\nname = "Long"\nsummary = "Many."\nareas = ["neck"]\n'
        f"[defaults]\nprep = 0\nrest = 0\n{body}",
        encoding="utf-8",
    )


async def test_the_sidebar_shows_a_moving_window_of_a_long_routine(user_routines: Path) -> None:
    write_long(user_routines, 400)
    library = Library.load(None, user_routines)
    clock = FakeClock()
    app = UnknotApp(library, clock=clock, play=library.routines["long"])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        if not isinstance(app.screen, PlayerScreen):
            await pilot.press("s")
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        assert len(screen.query(StepRow)) == ROWS_AT_MOST
        for _ in range(150):
            clock.advance(1.0)
            screen.tick()
        await pilot.pause()
        rows = {row.line.number: row for row in screen.query(StepRow)}
        assert len(rows) <= ROWS_AT_MOST
        assert rows[151].line.status == "current"
        assert rows[150].line.status == "done"

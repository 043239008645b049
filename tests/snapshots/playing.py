"""What the player's snapshots share: an app playing a routine the test wrote, on a frozen clock,
and a scenario of keys and seconds that ends with every flash and toast gone (both last a moment
of real time, which a snapshot must not see)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from fakes import FakeClock
from textual.pilot import Pilot

from tui.app.screens.player import PlayerScreen
from tui.app.unknot import UnknotApp
from tui.app.widgets.countdown import Countdown
from tui.core.library import Library

AppMaker = Callable[[], tuple[UnknotApp, FakeClock]]


def player_app_maker(tmp_path: Path, routine_id: str, text: str) -> AppMaker:
    """Each call: a new app opening on routine `routine_id` (written from `text`, so a change
    to `routines/` never changes a picture), and the fake clock it plays by."""
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / f"{routine_id}.toml").write_text(text, encoding="utf-8")
    library = Library.load(None, folder)
    assert not library.broken

    def make() -> tuple[UnknotApp, FakeClock]:
        clock = FakeClock(5000.0)
        app = UnknotApp(library, clock=clock, play=library.routines[routine_id])
        app.animation_level = "none"  # nothing may be caught half-way through a transition
        return app, clock

    return make


async def settle(pilot: Pilot[object]) -> None:
    """End flashes and toasts."""
    pilot.app.clear_notifications()
    for screen in pilot.app.screen_stack:
        for countdown in screen.query(Countdown):
            countdown.end_flash()
    await pilot.pause()


def scenario(
    clock: FakeClock, *moves: str | float, on_player: bool = False
) -> Callable[[Pilot[object]], Awaitable[None]]:
    """Keys (strings) and seconds of playing time (numbers), in order, from the caution on;
    `on_player`: every second is played on the player, never on another screen."""

    async def run(pilot: Pilot[object]) -> None:
        await pilot.pause()
        for move in moves:
            if isinstance(move, str):
                await pilot.press(move)
            else:
                clock.now += move
                screen = pilot.app.screen
                if on_player:
                    assert isinstance(screen, PlayerScreen)
                if isinstance(screen, PlayerScreen):
                    screen.tick()
            await pilot.pause()
        await settle(pilot)

    return run

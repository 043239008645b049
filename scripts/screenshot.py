"""Make docs/player.svg, the README's picture of the player, with the app itself.

The clock is frozen, so the picture is the same on every machine: the 15-minute back reset, a
little way into its first timed hold.

    .venv/bin/python scripts/screenshot.py
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "player.svg"


class FrozenClock:
    """Moves only when told to, like the tests' clock."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def shoot() -> None:
    from tui.app.screens.player import PlayerScreen
    from tui.app.unknot import UnknotApp
    from tui.core.library import Library
    from tui.core.paths import bundled_routines

    library = Library.load(bundled_routines(), None)
    clock = FrozenClock()
    app = UnknotApp(library, clock=clock, play=library.routines["back-reset-15"])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        for _ in range(3):  # past the caution and the two set-up steps
            await pilot.press("enter")
            await pilot.pause()
        clock.now += 5 + 23  # the prep, then 23 s into the first hold
        screen = app.screen
        assert isinstance(screen, PlayerScreen)
        screen.tick()
        await pilot.pause()
        OUT.parent.mkdir(exist_ok=True)
        app.save_screenshot(filename=OUT.name, path=str(OUT.parent))


def main() -> None:
    with tempfile.TemporaryDirectory() as home:
        os.environ["UNKNOT_HOME"] = home  # the picture never shows the author's own routines
        config = Path(home) / "config" / "config.toml"  # nor the author's sound player
        config.parent.mkdir(parents=True)
        config.write_text('[sound]\nbackend = "bell"\n', encoding="utf-8")
        asyncio.run(shoot())
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()

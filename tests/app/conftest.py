"""Fixtures for driving the player by hand: a fake clock, a small routine, and the app around it.

Time only moves when a test says so (`clock.advance`), and the screen is woken the way its timer
would wake it (`PlayerScreen.tick`), so no test sleeps and none depends on the machine's speed.
The routine lives here, not in `routines/`, so editing a bundled routine never breaks a test.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from fakes import FakeClock
from textual.pilot import Pilot

from tui.app.screens.player import PlayerScreen
from tui.app.unknot import UnknotApp
from tui.app.widgets.countdown import Countdown
from tui.core.library import Library

# prep 3 · hold left 20 · switch 4 · hold right 20 · rest 5 · manual ·
# prep 3 · hold 30 (range 10-30, rep 1) · rest 5 · hold 30 (rep 2)  = 120 s planned
TEST_ROUTINE = """\
format = 1

[routine]
name = "Test routine"
summary = "A short routine for the player's tests."
areas = ["neck", "upper-back"]
caution = "Stop if anything tingles or goes numb."

[defaults]
prep = 3
rest = 5
switch = 4

[cues]
countdown = 3

[[steps]]
name = "Neck tilt"
instructions = "Let the weight of your head tilt your ear towards your shoulder."
hold = 20
sides = ["left", "right"]

[[steps]]
name = "Get the ball"
instructions = "Put a tennis ball between your upper back and the wall."
manual = true

[[steps]]
name = "Pressure point"
instructions = "Lean into the ball until you feel a dull ache, and breathe."
hold = "10-30s"
repeatable = true
reps = 2
"""

# No caution, a long hold (minutes on the countdown) and a breathing hold.
PLAIN_ROUTINE = """\
format = 1

[routine]
name = "Plain routine"
summary = "No caution, one long hold and one breathing hold."
areas = ["lower-back"]

[defaults]
prep = 0

[[steps]]
name = "Long hold"
hold = "2m"

[[steps]]
name = "Belly breathing"
hold = 16
breathe = [4, 0, 4]
"""


@pytest.fixture(autouse=True)
def _bell_only(bell_only: Path) -> None:
    """Every screen test sounds its cues on the bell (tests/conftest.py says why)."""


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def routines_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "test-routine.toml").write_text(TEST_ROUTINE, encoding="utf-8")
    (folder / "plain-routine.toml").write_text(PLAIN_ROUTINE, encoding="utf-8")
    return folder


@pytest.fixture
def library(routines_dir: Path) -> Library:
    library = Library.load(None, routines_dir)
    assert not library.broken, [p for f in library.broken for p in f.problems]
    return library


@pytest.fixture
def trace_file(tmp_path: Path) -> Path:
    return tmp_path / "trace.jsonl"


AppFactory = Callable[..., UnknotApp]


@pytest.fixture
def make_app(library: Library, clock: FakeClock, trace_file: Path) -> AppFactory:
    """`make_app("plain-routine")`: the real app, opened straight into a routine, on the fake
    clock, tracing to `trace_file`."""

    def make(routine_id: str = "test-routine", trace: bool = True) -> UnknotApp:
        return UnknotApp(
            library,
            clock=clock,
            trace_path=trace_file if trace else None,
            play=library.routines[routine_id],
        )

    return make


class Drive:
    """The moves of a player test, as a fixture (helpers imported from a conftest would clash
    with the top-level one)."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock

    @staticmethod
    def player(pilot: Pilot[object]) -> PlayerScreen:
        """The player screen, also when a modal (help, confirm) is on top of it."""
        for screen in reversed(pilot.app.screen_stack):
            if isinstance(screen, PlayerScreen):
                return screen
        raise AssertionError(f"the player is not showing: {pilot.app.screen_stack!r}")

    async def begin(self, pilot: Pilot[object]) -> PlayerScreen:
        """Read the caution and press Enter: the player starts at the clock's current time."""
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        return self.player(pilot)

    async def advance(self, pilot: Pilot[object], seconds: float) -> PlayerScreen:
        """Move time on and wake the player as its timer would (a late wake-up catches up)."""
        self.clock.advance(seconds)
        screen = self.player(pilot)
        screen.tick()
        await pilot.pause()
        return screen

    @staticmethod
    async def settle(pilot: Pilot[object]) -> None:
        """End any flash of the countdown, for a steady picture."""
        for screen in pilot.app.screen_stack:
            for countdown in screen.query(Countdown):
                countdown.end_flash()
        await pilot.pause()


@pytest.fixture
def drive(clock: FakeClock) -> Drive:
    return Drive(clock)

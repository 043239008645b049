"""The reminder screen on two fake clocks: it counts down, rings once when a break is due (the bell
and a notification from a fake notify-send on a temporary PATH), plays the break through the
player flow on Enter, and counts again when that is over; the state file follows it."""

from __future__ import annotations

import datetime as dt
import stat
import sys
from pathlib import Path
from typing import Any

import pytest
from fakes import FakeClock
from textual.pilot import Pilot
from textual.widgets import Digits, Static

from tui.app.screens.player import PlayerScreen
from tui.app.screens.remind import RemindApp, RemindScreen
from tui.app.screens.summary import SummaryScreen
from tui.core.library import Library
from tui.core.remind import RemindPlan, read_status, status_line
from tui.notify import Notifier

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the fake notifier is a script")

WALL_START = 1_790_000_000.0
FAKE_NOTIFY = """#!/bin/sh
printf '%s\\n' "$@" > "{log}"
"""


@pytest.fixture
def notify_log(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "notified.txt"
    script = folder / "notify-send"
    script.write_text(FAKE_NOTIFY.format(log=log))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", str(folder))
    return log


class Remind:
    """The app and its clocks, and the moves of a reminder test."""

    def __init__(self, library: Library, clock: FakeClock, state: Path, routine: str) -> None:
        self.clock = clock
        self.wall = FakeClock(WALL_START)
        self.state = state
        self.app = RemindApp(
            library,
            RemindPlan(every=30 * 60, routine=routine),
            library.routines[routine],
            state,
            clock=clock,
            wall=self.wall,
            notifier=Notifier(),
        )

    def screen(self) -> RemindScreen:
        [screen] = [s for s in self.app.screen_stack if isinstance(s, RemindScreen)]
        return screen

    async def awake(self, pilot: Pilot[object], seconds: float) -> RemindScreen:
        self.clock.advance(seconds)
        self.wall.advance(seconds)
        return await self.look(pilot)

    async def asleep(self, pilot: Pilot[object], seconds: float) -> RemindScreen:
        self.wall.advance(seconds)  # the monotonic clock stops while the laptop sleeps
        return await self.look(pilot)

    async def look(self, pilot: Pilot[object]) -> RemindScreen:
        screen = self.screen()
        screen.tick()
        await pilot.pause()
        return screen

    def status(self) -> str:
        return status_line(read_status(self.state), self.wall.now)


def shown(screen: RemindScreen) -> tuple[str, str]:
    clock = screen.query_one("#remind-clock", Digits).value
    word = str(screen.query_one("#remind-word", Static).render())
    return clock, word


@pytest.fixture
def remind(library: Library, clock: FakeClock, tmp_path: Path, notify_log: Path) -> Remind:
    return Remind(library, clock, tmp_path / "data" / "remind.json", "plain-routine")


async def test_the_countdown_runs_and_the_state_file_says_where_it_is(remind: Remind) -> None:
    async with remind.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = remind.screen()
        assert shown(screen)[0] == "30:00"
        assert shown(screen)[1].startswith("until the next break, at ")
        assert remind.status() == "next break in 30m"
        screen = await remind.awake(pilot, 18 * 60 + 30)
        assert shown(screen)[0] == "11:30"
        assert remind.status() == "next break in 12m"
        assert "notifications: notify-send" in str(screen.query_one("#remind-notify").render())
        assert screen.rings == 0


@pytest.mark.slow
async def test_at_the_time_it_rings_once_and_notifies(remind: Remind, notify_log: Path) -> None:
    async with remind.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await remind.awake(pilot, 30 * 60)
        assert screen.rings == 1
        assert screen.has_class("-due")
        assert shown(screen)[1].startswith("Time for a break")
        assert remind.status() == "break due now"
        process = screen.last_notification
        assert process is not None and process.wait(timeout=10) == 0
        lines = notify_log.read_text().splitlines()
        assert lines[-2:] == ["Time for a movement break", lines[-1]]
        assert "Plain routine" in lines[-1]
        await remind.awake(pilot, 600)
        assert screen.rings == 1  # waiting for the person, not ringing again


@pytest.mark.slow
async def test_a_laptop_that_slept_through_breaks_rings_once_on_waking(remind: Remind) -> None:
    async with remind.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await remind.awake(pilot, 5 * 60)
        screen = await remind.asleep(pilot, 3 * 3600)  # six breaks' worth
        assert screen.rings == 1 and screen.schedule.state == "due"
        for _ in range(5):
            await remind.awake(pilot, 1)
        assert screen.rings == 1


@pytest.mark.slow
async def test_enter_plays_the_break_and_the_countdown_starts_again_after_it(
    remind: Remind, clock: Any
) -> None:
    async with remind.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await remind.awake(pilot, 30 * 60)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(remind.app.screen, PlayerScreen)  # no caution: straight to the player
        assert remind.status() == "on a break"
        player = remind.app.screen
        clock.advance(136)  # the whole plain routine: 120 s and 16 s of breathing
        remind.wall.now += 136
        player.tick()
        await pilot.pause()
        assert isinstance(remind.app.screen, SummaryScreen)
        await pilot.press("escape")  # back from the summary
        await pilot.pause()
        screen = remind.screen()
        assert remind.app.screen is screen
        assert screen.schedule.state == "counting"
        assert shown(screen)[0] == "30:00"
        assert remind.status() == "next break in 30m"


@pytest.mark.slow
async def test_skip_lets_a_due_break_go_and_q_leaves_removing_the_state(remind: Remind) -> None:
    async with remind.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("s")  # nothing is due: refused quietly
        await pilot.pause()
        screen = await remind.awake(pilot, 30 * 60)
        await pilot.press("s")
        await pilot.pause()
        assert screen.schedule.state == "counting" and shown(screen)[0] == "30:00"
        assert remind.state.exists()
        await pilot.press("q")
        await pilot.pause()
    assert not remind.state.exists()
    assert remind.status() == "reminder off"


@pytest.mark.slow
async def test_at_the_until_time_the_reminders_end_and_say_so(
    library: Library, clock: Any, tmp_path: Path, notify_log: Path
) -> None:
    remind = Remind(library, clock, tmp_path / "remind.json", "plain-routine")
    start = dt.datetime.fromtimestamp(WALL_START)
    until = (start + dt.timedelta(minutes=40)).time().replace(second=0, microsecond=0)
    remind.app.plan = RemindPlan(every=30 * 60, routine="plain-routine", until=until)
    async with remind.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await remind.awake(pilot, 30 * 60)
        await pilot.press("s")  # the next one would come after the end: none is planned
        await pilot.pause()
        assert shown(screen)[1] == "until the reminders end; no break fits before."
        await remind.awake(pilot, 10 * 60)
        assert screen.has_class("-over") and shown(screen)[1].startswith("No more breaks")
        assert remind.status() == "breaks over for today"
        await pilot.press("enter")  # nothing left to start
        await pilot.pause()
        assert remind.app.screen is screen and screen.rings == 1


async def test_a_state_file_that_cannot_be_written_is_said_once_and_the_breaks_go_on(
    library: Library, clock: FakeClock, tmp_path: Path, notify_log: Path
) -> None:
    (tmp_path / "data").write_text("a file where the data folder goes", encoding="utf-8")
    remind = Remind(library, clock, tmp_path / "data" / "remind.json", "plain-routine")
    told: list[str] = []
    remind.app.notify = lambda message, *a, **k: told.append(str(message))  # type: ignore[method-assign]
    async with remind.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await remind.awake(pilot, 60)
        assert shown(screen)[0] == "29:00"
        screen = await remind.awake(pilot, 60)
    [said] = told
    assert f"cannot write {remind.state}: " in said, said
    assert "a folder on its way is a file" in said, said
    assert "\n" not in said


@pytest.mark.slow  # the due break rings: the fake notify-send is a process
async def test_a_due_break_names_the_keys_config_gave_start_and_skip(
    library: Library, clock: FakeClock, tmp_path: Path, notify_log: Path, unknot_home: Path
) -> None:
    config = unknot_home / "config" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('[keys]\n"remind.start" = "g"\n"remind.skip" = "k"\n', encoding="utf-8")
    remind = Remind(library, clock, tmp_path / "data" / "remind.json", "plain-routine")
    async with remind.app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = await remind.awake(pilot, 30 * 60)
        assert shown(screen)[1] == "Time for a break: g starts it, k skips it."
        await pilot.press("k")
        await pilot.pause()
        assert not screen.has_class("-due")

"""`unknot remind`: a small countdown to the next movement break, and the break itself on Enter.

The schedule (tui.core.remind) decides; this screen only asks it when to look again (at most a
second later, so a wake from sleep is noticed at once), rings when it says a break is due (the
terminal bell and a desktop notification), and plays the break through the same flow as the
library (caution, player, summary). When that flow is over, this screen is on top again, and the
count starts over from then. Whenever the schedule's state changes, the state file is written
for `unknot remind --status`; it is removed when the reminder ends.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.events import ScreenResume
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Digits, Static

from tui.app.commands import KeyCommands
from tui.app.keys import REMIND_KEYS
from tui.app.screens.help import HelpScreen
from tui.app.settings import remapped_words
from tui.app.shown import shown
from tui.app.unknot import UnknotApp
from tui.app.widgets.key_footer import KeyFooter
from tui.core.durations import format_clock
from tui.core.library import Library
from tui.core.remind import (
    BreakSchedule,
    RemindEvent,
    RemindPlan,
    RemindStatus,
    every_words,
    read_status,
    write_status,
)
from tui.core.routine import Routine
from tui.core.write_errors import write_problem
from tui.notify import Notifier, TerminalNotice

NOTIFY_TITLE = "Time for a movement break"


def until_words(plan: RemindPlan) -> str:
    return f" · until {plan.until:%H:%M}" if plan.until is not None else ""


class RemindScreen(Screen[None]):
    """The countdown, what a break will play, and how the person will be told."""

    CSS_PATH = "remind.tcss"
    BINDINGS = list(REMIND_KEYS)
    KEYS = REMIND_KEYS
    COMMANDS = {KeyCommands}
    AUTO_FOCUS = None

    def __init__(
        self,
        schedule: BreakSchedule,
        routine: Routine,
        library: Library,
        notifier: Notifier,
        state_path: Path | None,
    ) -> None:
        super().__init__()
        self.schedule = schedule
        self.routine = routine
        self.library = library
        self.notifier = notifier
        self.state_path = state_path
        self.rings = 0  # breaks rung for, bell and notification
        self.last_notification: subprocess.Popen[bytes] | None = None
        self._timer: Timer | None = None
        self._written: RemindStatus | None = None
        self._shown: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        plan = self.schedule.plan
        with Vertical(id="remind-box") as box:
            box.border_title = "movement breaks"
            yield Static(shown(self.routine.name), id="remind-routine")
            yield Static(f"every {every_words(plan.every)}{until_words(plan)}", id="remind-plan")
            yield Digits("-:--", id="remind-clock")
            yield Static("", id="remind-word")
            yield Static(self.notifier.label, id="remind-notify")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.schedule.start()
        self._write()
        self._look()

    def on_unmount(self) -> None:
        """The reminder ends with its screen: --status must not report a reminder gone."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.state_path is not None:
            remove_state(self.state_path, os.getpid())

    # ------------------------------------------------------------------------------ timing

    def tick(self) -> None:
        """The timer's wake-up (tests call it after moving the clocks)."""
        self._timer = None
        self._look()

    def _look(self) -> None:
        if self.schedule.state == "on_break" and self.is_active:
            self._handle(self.schedule.end_break())  # the break's screens are all gone
        else:
            self._handle(self.schedule.check())
        self._timer = self.set_timer(self.schedule.next_check_in(), self.tick, name="remind-wakeup")

    def _handle(self, events: list[RemindEvent]) -> None:
        for event in events:
            if event.kind == "due":
                self._ring()
        self._write()
        self._show()

    def _ring(self) -> None:
        self.rings += 1
        self.app.bell()
        self.last_notification = self.notifier.send(
            NOTIFY_TITLE,
            f"{self.routine.name}: press {self._key('remind.start', 'Enter')} in unknot's window "
            "to start it.",
        )
        self.query_one("#remind-notify", Static).update(self.notifier.label)

    def _key(self, binding_id: str, default: str) -> str:
        """The key config.toml's [keys] gave a binding, as the screen's words name it."""
        return remapped_words(self.app, REMIND_KEYS).get(binding_id, default)

    def on_screen_resume(self, event: ScreenResume) -> None:
        """Back on top: if a break was being played, it is over now."""
        if self.schedule.state == "on_break" and self.is_active:
            self._handle(self.schedule.end_break())

    # ----------------------------------------------------------------------------- showing

    def _show(self) -> None:
        schedule = self.schedule
        state = schedule.state
        left = schedule.seconds_left()
        if state == "due":
            start, skip = self._key("remind.start", "Enter"), self._key("remind.skip", "s")
            clock, word = "0:00", f"Time for a break: {start} starts it, {skip} skips it."
        elif state == "on_break":
            clock, word = "-:--", "On a break."
        elif state == "over":
            clock, word = "-:--", "No more breaks today. q leaves."
        elif left is None:
            end = schedule.seconds_to_end() or 0.0
            clock, word = format_clock(end), "until the reminders end; no break fits before."
        else:
            at = dt.datetime.fromtimestamp(schedule.next_break or 0.0)
            clock, word = format_clock(left), f"until the next break, at {at:%H:%M}"
        before = self._shown
        if (state, clock, word) == before:
            return
        self._shown = (state, clock, word)
        self.query_one("#remind-clock", Digits).update(clock)
        if before is None or before[2] != word:
            self.query_one("#remind-word", Static).update(word)
        if before is None or before[0] != state:  # the keys that apply change with the state
            self.set_class(state == "due", "-due")
            self.set_class(state == "over", "-over")
            self.refresh_bindings()

    def _write(self) -> None:
        """The state file, only when what it says changed."""
        if self.state_path is None:
            return
        status = self.schedule.status()
        if status == self._written:
            return
        self._written = status
        try:
            write_status(self.state_path, status)
        except OSError as exc:
            self.state_path = None
            self.notify(
                f"reminder's state: {write_problem(None, exc)}; `unknot remind --status` will "
                "not see it",
                severity="warning",
                timeout=8,
            )

    # ----------------------------------------------------------------------------- actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.schedule.state
        if action == "skip":
            return state == "due"
        if action == "start_break":
            return state in ("counting", "due")
        return True

    def action_start_break(self) -> None:
        if not self.schedule.begin_break():
            return
        self._handle([])
        from tui.app.flow import play_screens

        play_screens(self.app, self.routine, self.library.timeline(self.routine))

    def action_skip(self) -> None:
        self._handle(self.schedule.skip())

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen("reminder keys", REMIND_KEYS))

    def action_quit(self) -> None:
        self.app.exit()


class RemindApp(UnknotApp):
    """The app opened on the reminder instead of the library; breaks play as they do there."""

    def __init__(
        self,
        library: Library,
        plan: RemindPlan,
        routine: Routine,
        state_path: Path | None,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        notifier: Notifier | None = None,
    ) -> None:
        super().__init__(library, clock=clock)
        self.plan = plan
        self.routine = routine
        self.state_path = state_path
        self.wall = wall
        # The terminal's escape too, over SSH or where no desktop program exists.
        self.notifier = notifier or Notifier(terminal=TerminalNotice())

    OPENS_ON_LIBRARY = False  # the break clock is shown instead, on Textual's default screen

    def show_first(self) -> None:
        """The break clock instead of the library."""
        schedule = BreakSchedule(self.plan, wall=self.wall, mono=self.clock)
        self.push_screen(
            RemindScreen(schedule, self.routine, self.library, self.notifier, self.state_path)
        )


def remove_state(path: Path, pid: int) -> None:
    """Remove the state file if it is this process's (another reminder's is left alone)."""
    status = read_status(path)
    if status is not None and status.pid == pid:
        with contextlib.suppress(OSError):
            path.unlink()


def run_remind(library: Library, plan: RemindPlan, routine: Routine, state_path: Path) -> None:
    try:
        RemindApp(library, plan, routine, state_path).run()
    finally:
        remove_state(state_path, os.getpid())

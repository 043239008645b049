"""Movement breaks: when the next one is due, and the one-line status another process can read.

A break is due at a wall-clock time, because time the laptop spends asleep is time away from the
desk, and the monotonic clock stops while it sleeps. The wall clock alone would be fooled by a
person setting it back, so every check also measures how far the monotonic clock moved: when the
wall clock moved less (it was set back), the break moves with it; when it moved more (a sleep, or
the clock set forward), the break stays where it was and is simply found due. Either way a wake
finds at most one break due, however many intervals it slept through: a due break waits for the
person, and the count starts again from when they are done with it, never from the missed plan.

`--until HH:MM` ends the reminders at the next such local time; no break is planned at or after
it. The state is kept in a small JSON file in the data folder, written atomically whenever it
changes (not every second), so `unknot remind --status` in a tmux status bar can print
`next break in 12m` without talking to the reminder.

No I/O here but the state file's read and write, and no textual: the screen calls `check` when
`next_check_in` says and shows what `seconds_left` returns.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tui.core.writer import save_atomic

RemindState = Literal["counting", "due", "on_break", "over"]
EventKind = Literal["due", "over", "moved"]

DEFAULT_EVERY = 45 * 60
DEFAULT_ROUTINE = "desk-break"
EVERY_MIN = 60
EVERY_MAX = 8 * 3600
CLOCK_SLACK = 2.0  # seconds the two clocks may disagree by before a jump counts
STATE_FILE = "remind.json"
STATE_VERSION = 1

Clock = Callable[[], float]

_EVERY_RE = re.compile(r"^(?:(?P<h>\d+)h)?(?:(?P<m>\d+)m)?(?:(?P<s>\d+)s)?$")
_UNTIL_RE = re.compile(r"^(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)$")
EVERY_HINT = 'a length like "45m", "30m", "1h" or "1h30m", from 1m to 8h'
UNTIL_HINT = "a time of day as HH:MM, like 17:30"


class RemindError(ValueError):
    """A value on the command line that cannot be a reminder setting; `hint` says what can."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def parse_every(text: str) -> int:
    """`--every`: hours, minutes and seconds as `1h30m`, `45m`, `90s`; a bare number is minutes,
    since nobody wants a break every 45 seconds."""
    value = text.strip().lower()
    if value.isdigit():
        seconds = int(value) * 60
    else:
        match = _EVERY_RE.match(value)
        if not value or match is None or not any(match.groupdict().values()):
            raise RemindError(f"{text!r} is not a length of time", EVERY_HINT)
        parts = {k: int(v or 0) for k, v in match.groupdict().items()}
        seconds = parts["h"] * 3600 + parts["m"] * 60 + parts["s"]
    if not EVERY_MIN <= seconds <= EVERY_MAX:
        raise RemindError(f"{text!r} is {every_words(seconds)}", EVERY_HINT)
    return seconds


def parse_until(text: str) -> dt.time:
    """`--until HH:MM`, a local time of day."""
    match = _UNTIL_RE.match(text.strip())
    if match is None:
        raise RemindError(f"{text!r} is not a time of day", UNTIL_HINT)
    return dt.time(int(match["h"]), int(match["m"]))


def every_words(seconds: int) -> str:
    """`45 min`, `1 h 30 min`, `90 s`: how the screen says the interval."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    words = [f"{hours} h"] * bool(hours) + [f"{minutes} min"] * bool(minutes)
    words += [f"{secs} s"] * bool(secs)
    return " ".join(words) or "0 s"


def left_words(seconds: float) -> str:
    """A short time left for a status bar: `12m` (rounded up), `1h05m`, or `40s` under a minute."""
    whole = max(0, math.ceil(seconds - 1e-6))
    if whole < 60:
        return f"{whole}s"
    minutes = math.ceil(whole / 60)
    if minutes < 60:
        return f"{minutes}m"
    return f"{minutes // 60}h{minutes % 60:02d}m"


def next_local(at: float, clock_time: dt.time) -> float:
    """The first moment after wall time `at` whose local time of day is `clock_time`."""
    now = dt.datetime.fromtimestamp(at).astimezone()
    target = dt.datetime.combine(now.date(), clock_time).astimezone()
    if target.timestamp() <= at:
        target = dt.datetime.combine(now.date() + dt.timedelta(days=1), clock_time).astimezone()
    return target.timestamp()


@dataclass(frozen=True, slots=True)
class RemindPlan:
    """What the person asked for: every `every` seconds, play `routine`, until `until`."""

    every: int = DEFAULT_EVERY
    routine: str = DEFAULT_ROUTINE
    until: dt.time | None = None


@dataclass(frozen=True, slots=True)
class RemindEvent:
    """Something the screen must act on: a break fell due (ring), the reminders are over, or the
    wall clock was set back and the break moved with it (write the state again)."""

    kind: EventKind
    at: float  # wall time


@dataclass(frozen=True, slots=True)
class RemindStatus:
    """The state file's content: enough for another process to say where the reminder is."""

    state: RemindState
    next_break: float | None  # wall time; None: no break before the end
    end: float | None  # wall time of --until
    routine: str
    every: int
    pid: int

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": STATE_VERSION,
                "state": self.state,
                "next": self.next_break,
                "end": self.end,
                "routine": self.routine,
                "every": self.every,
                "pid": self.pid,
            }
        )

    @classmethod
    def from_json(cls, text: str) -> RemindStatus | None:
        """The status in `text`, or None for anything that is not one (a reader never fails)."""
        try:
            data = json.loads(text)
            if data.get("version") != STATE_VERSION or data["state"] not in _STATES:
                return None
            return cls(
                state=data["state"],
                next_break=_number(data["next"]),
                end=_number(data["end"]),
                routine=str(data["routine"]),
                every=int(data["every"]),
                pid=int(data["pid"]),
            )
        except (ValueError, TypeError, KeyError, AttributeError):
            return None


_STATES: tuple[RemindState, ...] = ("counting", "due", "on_break", "over")


def _number(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError("not a number")
    return float(value)


class BreakSchedule:
    """The reminder's state machine. Time comes from the injected clocks only, so a test can
    put the laptop to sleep by moving the wall clock and not the monotonic one."""

    def __init__(
        self, plan: RemindPlan, *, wall: Clock = time.time, mono: Clock = time.monotonic
    ) -> None:
        self.plan = plan
        self._wall = wall
        self._mono = mono
        self._state: RemindState = "counting"
        self._next: float | None = None
        self._end: float | None = None
        self._seen: tuple[float, float] = (0.0, 0.0)  # (wall, mono) at the last look
        self._started = False

    # ------------------------------------------------------------------------ what is read

    @property
    def state(self) -> RemindState:
        return self._state

    @property
    def next_break(self) -> float | None:
        """Wall time of the next break (also while it is due); None when none comes before the
        end, or during a break."""
        return self._next if self._state in ("counting", "due") else None

    @property
    def end(self) -> float | None:
        """Wall time at which the reminders stop (`--until`), if any."""
        return self._end

    def seconds_left(self) -> float | None:
        """Until the next break (0 when due); None during a break, when over, or when no break
        comes before the end."""
        if self._state == "due":
            return 0.0
        if self._state != "counting" or self._next is None:
            return None
        return max(0.0, self._next - self._wall())

    def seconds_to_end(self) -> float | None:
        return None if self._end is None else max(0.0, self._end - self._wall())

    def next_check_in(self) -> float:
        """Seconds until `check` should run again: the next change of a whole second shown, and
        never more than 1 s, so a wake from sleep is noticed within a second."""
        left = self.seconds_left()
        if left is None or left <= 0:
            return 1.0
        fraction = left - math.floor(left)
        return fraction if fraction > 1e-3 else 1.0

    def status(self, pid: int | None = None) -> RemindStatus:
        return RemindStatus(
            state=self._state,
            next_break=self.next_break,
            end=self._end,
            routine=self.plan.routine,
            every=self.plan.every,
            pid=os.getpid() if pid is None else pid,
        )

    # --------------------------------------------------------------------------- driving

    def start(self) -> None:
        """Begin counting from now."""
        wall, mono = self._wall(), self._mono()
        self._seen = (wall, mono)
        self._started = True
        if self.plan.until is not None:
            self._end = next_local(wall, self.plan.until)
        self._count_from(wall)

    def check(self) -> list[RemindEvent]:
        """Look at the clocks: the break that fell due (at most one), the end, or a clock set
        back. Call it often; it is cheap and does nothing when nothing happened."""
        if not self._started:
            raise RuntimeError("check() before start()")
        wall, mono = self._wall(), self._mono()
        events: list[RemindEvent] = []
        last_wall, last_mono = self._seen
        behind = (mono - last_mono) - (wall - last_wall)
        self._seen = (wall, mono)
        if behind > CLOCK_SLACK and self._state == "counting" and self._next is not None:
            self._next -= behind  # the wall clock was set back: the break keeps its distance
            events.append(RemindEvent("moved", wall))
        if self._state == "over":
            return events
        if self._state == "counting" and self._end is not None and wall >= self._end:
            self._state, self._next = "over", None
            return [*events, RemindEvent("over", wall)]
        if self._state == "counting" and self._next is not None and wall >= self._next:
            self._state = "due"
            events.append(RemindEvent("due", wall))
        return events

    def begin_break(self) -> bool:
        """The person starts the break (Enter), due or early; False once the reminders are over."""
        if self._state == "over":
            return False
        self._state = "on_break"
        return True

    def end_break(self) -> list[RemindEvent]:
        """The break is over (played, stopped, or skipped): count again from now."""
        if self._state == "over":
            return []
        self._seen = (self._wall(), self._mono())
        self._count_from(self._seen[0])
        return self.check()

    def skip(self) -> list[RemindEvent]:
        """Let a due break go without playing it: the count starts again from now."""
        return self.end_break() if self._state == "due" else []

    def _count_from(self, wall: float) -> None:
        self._state = "counting"
        following = wall + self.plan.every
        self._next = None if self._end is not None and following >= self._end else following


# ------------------------------------------------------------------------------ the state file


def state_path() -> Path:
    """The reminder's state file, beside the history in the data folder."""
    from tui.core.paths import Locations

    return Locations.current().history_file.parent / STATE_FILE


def write_status(path: Path, status: RemindStatus) -> None:
    save_atomic(path, status.to_json() + "\n")


def read_status(path: Path) -> RemindStatus | None:
    try:
        from tui.core.regular import read_regular

        return RemindStatus.from_json(read_regular(path, 65536).decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return None


def process_alive(pid: int) -> bool:
    """Whether `pid` runs. Windows' os.kill would end the process, so there it is assumed."""
    if sys.platform == "win32":
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def status_line(
    status: RemindStatus | None,
    now: float,
    alive: Callable[[int], bool] = process_alive,
) -> str:
    """The one line of `unknot remind --status`."""
    if status is None or not alive(status.pid):
        return "reminder off"
    if status.state == "over":
        return "breaks over for today"
    if status.state == "on_break":
        return "on a break"
    if status.state == "due" or (status.next_break is not None and now >= status.next_break):
        return "break due now"
    if status.next_break is None:
        return "no more breaks today" if status.end is None else _end_line(status.end, now)
    return f"next break in {left_words(status.next_break - now)}"


def _end_line(end: float, now: float) -> str:
    if now >= end:
        return "breaks over for today"
    return f"no more breaks (ends in {left_words(end - now)})"

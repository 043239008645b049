"""The movement-break schedule on two fake clocks: a wall clock that keeps running while the
laptop sleeps, and a monotonic one that stops. Sleeping is moving the first and not the second."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest
from fakes import FakeClock

from tui.core.remind import (
    BreakSchedule,
    RemindError,
    RemindPlan,
    RemindStatus,
    left_words,
    parse_every,
    parse_until,
    read_status,
    state_path,
    status_line,
    write_status,
)

MINUTE = 60.0
# 09:00 local time on a Monday, wherever the tests run (no DST change that day in any zone).
MORNING = dt.datetime(2026, 3, 2, 9, 0).astimezone().timestamp()


class Clocks:
    """The wall clock and the monotonic one, which stops while the laptop sleeps."""

    def __init__(self) -> None:
        self.wall = FakeClock(MORNING)
        self.mono = FakeClock(500.0)

    def awake(self, seconds: float) -> None:
        self.wall.advance(seconds)
        self.mono.advance(seconds)

    def asleep(self, seconds: float) -> None:
        self.wall.advance(seconds)

    def set_back(self, seconds: float) -> None:
        self.wall.advance(-seconds)


@pytest.fixture
def clocks() -> Clocks:
    return Clocks()


def schedule(clocks: Clocks, **plan: object) -> BreakSchedule:
    made = BreakSchedule(RemindPlan(**plan), wall=clocks.wall, mono=clocks.mono)  # type: ignore[arg-type]
    made.start()
    return made


def run_awake(clocks: Clocks, made: BreakSchedule, seconds: float) -> list[str]:
    """Check once a second for `seconds`, as the screen does; every event's kind, in order."""
    kinds: list[str] = []
    for _ in range(int(seconds)):
        clocks.awake(1.0)
        kinds += [event.kind for event in made.check()]
    return kinds


# ---------------------------------------------------------------------------- the countdown


def test_a_break_falls_due_once_after_the_interval(clocks: Clocks) -> None:
    made = schedule(clocks, every=45 * 60)
    assert made.seconds_left() == 45 * MINUTE
    assert run_awake(clocks, made, 45 * 60 - 1) == []
    assert made.seconds_left() == 1.0
    assert run_awake(clocks, made, 1) == ["due"]
    assert made.state == "due" and made.seconds_left() == 0.0
    assert run_awake(clocks, made, 3 * 3600) == []  # a due break waits; it never rings again


def test_after_a_break_the_count_starts_again_from_when_it_ended(clocks: Clocks) -> None:
    made = schedule(clocks, every=30 * 60)
    run_awake(clocks, made, 30 * 60 + 100)  # due, and nobody came for 100 s
    assert made.begin_break()
    assert made.state == "on_break" and made.seconds_left() is None
    clocks.awake(170)  # the desk break's length
    assert made.end_break() == []
    assert made.state == "counting"
    assert made.next_break == clocks.wall.now + 30 * MINUTE


def test_a_skipped_break_counts_again_from_now_and_skip_does_nothing_before_one_is_due(
    clocks: Clocks,
) -> None:
    made = schedule(clocks, every=30 * 60)
    planned = made.next_break
    assert made.skip() == [] and made.next_break == planned
    run_awake(clocks, made, 30 * 60)
    made.skip()
    assert made.state == "counting" and made.next_break == clocks.wall.now + 30 * MINUTE


def test_a_break_can_be_taken_early(clocks: Clocks) -> None:
    made = schedule(clocks, every=45 * 60)
    run_awake(clocks, made, 600)
    assert made.begin_break()
    made.end_break()
    assert made.seconds_left() == 45 * MINUTE


def test_the_screen_is_woken_at_each_shown_second_and_never_later_than_one(
    clocks: Clocks,
) -> None:
    made = schedule(clocks, every=45 * 60)
    assert made.next_check_in() == 1.0
    clocks.awake(0.3)
    assert made.next_check_in() == pytest.approx(0.7)
    run_awake(clocks, made, 45 * 60)
    assert made.state == "due" and made.next_check_in() == 1.0


# ------------------------------------------------------------------------------- sleeping


def test_waking_after_sleeping_through_many_breaks_finds_exactly_one_due(clocks: Clocks) -> None:
    made = schedule(clocks, every=45 * 60)
    run_awake(clocks, made, 10 * 60)
    clocks.asleep(4 * 3600)  # the lid was shut over lunch and the afternoon: five breaks missed
    assert [event.kind for event in made.check()] == ["due"]
    assert run_awake(clocks, made, 60) == []
    made.begin_break()
    clocks.awake(170)
    made.end_break()
    assert made.next_break == clocks.wall.now + 45 * MINUTE  # from now, not from the missed plan


def test_a_short_sleep_counts_as_time_away_from_the_desk(clocks: Clocks) -> None:
    made = schedule(clocks, every=45 * 60)
    run_awake(clocks, made, 5 * 60)
    clocks.asleep(20 * 60)
    assert made.check() == []
    assert made.seconds_left() == pytest.approx(20 * MINUTE)
    assert run_awake(clocks, made, 20 * 60) == ["due"]


def test_a_wall_clock_set_back_moves_the_break_with_it(clocks: Clocks) -> None:
    made = schedule(clocks, every=45 * 60)
    run_awake(clocks, made, 5 * 60)
    clocks.set_back(3600)
    assert [event.kind for event in made.check()] == ["moved"]
    assert made.seconds_left() == pytest.approx(40 * MINUTE)
    assert run_awake(clocks, made, 40 * 60) == ["due"]


# ---------------------------------------------------------------------------------- --until


def test_until_ends_the_reminders_and_plans_no_break_past_it(clocks: Clocks) -> None:
    made = schedule(clocks, every=45 * 60, until=dt.time(10, 0))  # from 09:00
    assert made.end == MORNING + 3600
    assert run_awake(clocks, made, 45 * 60) == ["due"]
    made.begin_break()
    clocks.awake(120)
    made.end_break()  # 09:47: the next would be 10:32, after the end
    assert made.state == "counting" and made.next_break is None and made.seconds_left() is None
    assert made.seconds_to_end() == pytest.approx(13 * MINUTE)
    assert run_awake(clocks, made, 13 * 60) == ["over"]
    assert made.state == "over" and not made.begin_break()
    assert run_awake(clocks, made, 3600) == []


def test_sleeping_past_the_end_ends_without_ringing(clocks: Clocks) -> None:
    made = schedule(clocks, every=45 * 60, until=dt.time(9, 30))
    clocks.asleep(2 * 3600)
    assert [event.kind for event in made.check()] == ["over"]


def test_an_until_earlier_than_now_means_tomorrow(clocks: Clocks) -> None:
    made = schedule(clocks, every=45 * 60, until=dt.time(8, 0))
    assert made.end == dt.datetime(2026, 3, 3, 8, 0).astimezone().timestamp()


# ------------------------------------------------------------------------ the command line


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("45m", 2700), ("45", 2700), ("1h", 3600), ("1h30m", 5400), ("90s", 90), ("30M", 1800)],
)
def test_every_reads_hours_minutes_and_seconds(text: str, seconds: int) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "m", "45x", "-5m", "30s", "9h", "1:30"])
def test_a_bad_every_says_what_would_do(text: str) -> None:
    with pytest.raises(RemindError) as caught:
        parse_every(text)
    assert "45m" in caught.value.hint


def test_until_reads_a_time_of_day_and_refuses_anything_else() -> None:
    assert parse_until("17:30") == dt.time(17, 30)
    assert parse_until("7:05") == dt.time(7, 5)
    for bad in ("24:00", "17:60", "5pm", "1730"):
        with pytest.raises(RemindError):
            parse_until(bad)


@pytest.mark.parametrize(
    ("seconds", "words"),
    [(12 * 60, "12m"), (11 * 60 + 1, "12m"), (40, "40s"), (59.5, "1m"), (3900, "1h05m")],
)
def test_the_time_left_reads_short_for_a_status_bar(seconds: float, words: str) -> None:
    assert left_words(seconds) == words


# ----------------------------------------------------------------------------- the state file


def test_status_in_another_process_reads_the_state_file(clocks: Clocks, unknot_home: Path) -> None:
    """The state file is where --status looks, so this goes through the real file; the line
    is read with another moment's clock, as another process would."""
    made = schedule(clocks, every=45 * 60)
    path = state_path()
    assert path.parent == unknot_home / "data"
    write_status(path, made.status())
    assert [p.name for p in path.parent.iterdir()] == ["remind.json"]  # no temporary left
    status = read_status(path)
    assert status == made.status()
    later = clocks.wall.now + 33 * 60
    assert status_line(status, later, alive=lambda pid: pid == os.getpid()) == ("next break in 12m")


def test_status_says_due_on_a_break_over_and_off() -> None:
    def line(state: str, next_break: float | None, now: float = 100.0) -> str:
        status = RemindStatus(state, next_break, None, "desk-break", 2700, 42)  # type: ignore[arg-type]
        return status_line(status, now, alive=lambda pid: True)

    assert line("counting", 100.0 + 90) == "next break in 2m"
    assert line("counting", 50.0) == "break due now"  # the reminder has not looked yet
    assert line("due", 50.0) == "break due now"
    assert line("on_break", None) == "on a break"
    assert line("over", None) == "breaks over for today"
    status = RemindStatus("counting", 190.0, None, "desk-break", 2700, 42)
    assert status_line(status, 100.0, alive=lambda pid: False) == "reminder off"  # it died
    assert status_line(None, 100.0) == "reminder off"


@pytest.mark.parametrize(
    "text",
    ["", "{", "[]", '{"version": 2}', json.dumps({"version": 1, "state": "nap"}), "\udcff"],
)
def test_a_broken_state_file_reads_as_no_reminder(tmp_path: Path, text: str) -> None:
    path = tmp_path / "remind.json"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    assert read_status(path) is None
    assert read_status(tmp_path / "missing.json") is None

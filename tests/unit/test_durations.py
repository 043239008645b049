"""Durations as people write them: `60`, `"45s"`, `"2m"`, `"1m30s"`, `"1:30"`, and hold ranges."""

from __future__ import annotations

import pytest

from tui.core.durations import (
    DurationError,
    Hold,
    format_clock,
    format_duration,
    parse_hold,
    parse_seconds,
)


@pytest.mark.parametrize(
    ("written", "seconds"),
    [
        (60, 60),
        (0, 0),
        ("60", 60),
        ("45s", 45),
        ("2m", 120),
        ("1m30s", 90),
        ("1:30", 90),
        ("0:05", 5),
        (" 45S ", 45),
        ("10m", 600),
    ],
)
def test_a_duration_is_whole_seconds_or_a_string_in_one_of_the_spec_forms(
    written: object, seconds: int
) -> None:
    assert parse_seconds(written) == seconds


@pytest.mark.parametrize(
    "written",
    ["abc", "", "1h", "1:5", "1:75", "1.5s", "m", "s", "-5", "1m 30s", -5, 1.5, True, [60], {}],
)
def test_anything_else_is_not_a_duration(written: object) -> None:
    with pytest.raises(DurationError) as raised:
        parse_seconds(written)
    assert str(raised.value)
    assert "1m30s" in raised.value.hint


@pytest.mark.parametrize(
    ("written", "low", "high"),
    [
        ("60-90s", 60, 90),
        ("60s-90s", 60, 90),
        ("1m-2m", 60, 120),
        ("1-2m", 60, 120),
        ("60-90", 60, 90),
        ("1:00-1:30", 60, 90),
        ([60, 90], 60, 90),
        (["1m", "1m30s"], 60, 90),
    ],
)
def test_a_hold_may_be_a_range_that_plans_its_maximum(written: object, low: int, high: int) -> None:
    hold = parse_hold(written)
    assert hold == Hold(low, high)
    assert hold.is_range
    assert hold.seconds == high


def test_a_fixed_hold_is_not_a_range() -> None:
    hold = parse_hold("1m30s")
    assert hold == Hold(90, 90)
    assert not hold.is_range
    assert hold.seconds == 90


@pytest.mark.parametrize("written", ["90-60s", "60-60s", [90, 60], [60, 60]])
def test_a_range_minimum_must_be_below_its_maximum(written: object) -> None:
    with pytest.raises(DurationError) as raised:
        parse_hold(written)
    assert "not below its maximum" in str(raised.value)
    assert "60-90s" in raised.value.hint


@pytest.mark.parametrize(
    "written", [[60], [60, 90, 120], "60-", "-60", "a-b", "60-90-120s", [60, True]]
)
def test_a_malformed_range_is_not_a_hold(written: object) -> None:
    with pytest.raises(DurationError):
        parse_hold(written)


@pytest.mark.parametrize(
    ("seconds", "written"), [(0, 0), (45, 45), (59, 59), (60, "1m"), (90, "1m30s"), (3600, "60m")]
)
def test_a_duration_is_written_the_friendliest_way(seconds: int, written: object) -> None:
    assert format_duration(seconds) == written


def test_every_written_duration_reads_back_as_itself() -> None:
    for seconds in range(0, 7201):
        assert parse_seconds(format_duration(seconds)) == seconds


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (0, "0:00"),
        (-3, "0:00"),
        (0.2, "0:01"),
        (59.0, "0:59"),
        (59.5, "1:00"),
        (90, "1:30"),
        (3600, "1:00:00"),
        (3725, "1:02:05"),
    ],
)
def test_the_clock_rounds_up_so_a_last_fraction_still_shows(seconds: float, shown: str) -> None:
    assert format_clock(seconds) == shown


def test_minutes_read_as_minutes_then_hours_and_minutes() -> None:
    from tui.core.durations import format_minutes

    assert [format_minutes(m) for m in (0, 25.4, 59.6, 65, 72_240)] == [
        "0 min",
        "25 min",
        "1 h 0 min",
        "1 h 5 min",
        "1,204 h 0 min",
    ]

"""The figures of the history, as of a `today` the test chooses."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from tui.core.history import HistoryStore, Snapshot
from tui.core.history_rows import NewSession
from tui.core.routine import AREAS
from tui.core.stats import (
    SPARK_DAYS,
    area_trend,
    compute,
    not_easing,
    professional_advice,
    sparkline,
    streak,
)

TODAY = date(2025, 3, 12)  # a Wednesday
ZONE = timezone(timedelta(hours=-5))
SNAPSHOT = Snapshot.of_text("format = 1\n")


@pytest.fixture
def store(unknot_home: Path) -> HistoryStore:
    with HistoryStore.open() as opened:
        yield opened


def add(
    store: HistoryStore,
    day: date,
    minutes: float = 10.0,
    *,
    areas: tuple[str, ...] = ("neck",),
    state: str | None = "completed",
    before: int | None = None,
    after: int | None = None,
    at: time = time(21, 0),
) -> int:
    session_id = store.begin_session(
        NewSession(
            routine_id="r",
            routine_name="R",
            areas=areas,
            snapshot=SNAPSHOT,
            planned=600.0,
            started=datetime.combine(day, at, ZONE),
            tension_before=before,
        )
    )
    store.record_progress(session_id, actual=minutes * 60, end_state=state)  # type: ignore[arg-type]
    if after is not None:
        store.rate(session_id, after=after)
    return session_id


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


# ---- streak -------------------------------------------------------------------------------------


def test_a_streak_counts_consecutive_days_up_to_today() -> None:
    assert streak([TODAY, days_ago(1), days_ago(2), days_ago(4)], TODAY) == 3


def test_a_streak_that_reached_yesterday_is_still_alive_today() -> None:
    assert streak([days_ago(1), days_ago(2)], TODAY) == 2


def test_a_day_missed_before_yesterday_ends_the_streak() -> None:
    assert streak([days_ago(2), days_ago(3)], TODAY) == 0
    assert streak([], TODAY) == 0


def test_days_after_today_do_not_count() -> None:
    assert streak([TODAY + timedelta(days=1), TODAY], TODAY) == 1


def test_the_streak_counts_only_days_of_real_practice(store: HistoryStore) -> None:
    add(store, TODAY, 0.2, state="stopped")  # opened by mistake: not a day of practice
    add(store, days_ago(1), 0.5, state="completed")  # short, but completed: counts
    add(store, days_ago(2), 3.0, state=None)  # interrupted after 3 minutes: counts
    add(store, days_ago(3), 0.5, state=None)
    assert compute(store, TODAY).streak == 2


def test_a_session_late_in_the_evening_counts_for_the_day_it_was_played_on(
    store: HistoryStore,
) -> None:
    add(store, TODAY, at=time(23, 50))  # 04:50 UTC the next day
    add(store, days_ago(1), at=time(0, 10))
    stats = compute(store, TODAY)
    assert stats.streak == 2 and stats.minutes_by_day[-1] == 10.0


# ---- minutes ------------------------------------------------------------------------------------


def test_minutes_this_week_start_on_monday_and_this_month_on_the_first(
    store: HistoryStore,
) -> None:
    add(store, TODAY, 10)
    add(store, date(2025, 3, 10), 5)  # Monday
    add(store, date(2025, 3, 9), 7)  # Sunday: last week, this month
    add(store, date(2025, 2, 28), 100)  # last month
    add(store, TODAY + timedelta(days=1), 1000)  # tomorrow (a clock gone wrong) is left out
    stats = compute(store, TODAY)
    assert stats.minutes_week == 15
    assert stats.minutes_month == 22
    assert stats.sessions == 5 and stats.minutes_total == 1122


def test_interrupted_sessions_count_their_minutes(store: HistoryStore) -> None:
    add(store, TODAY, 4, state=None)
    assert compute(store, TODAY).minutes_week == 4


def test_minutes_a_day_cover_the_last_30_days_oldest_first(store: HistoryStore) -> None:
    add(store, TODAY, 6)
    add(store, TODAY, 4)
    add(store, days_ago(29), 3)
    add(store, days_ago(30), 50)  # one day too old
    by_day = compute(store, TODAY).minutes_by_day
    assert len(by_day) == SPARK_DAYS
    assert by_day[-1] == 10 and by_day[0] == 3 and sum(by_day) == 13


def test_sessions_per_area_name_every_area_in_the_formats_order(store: HistoryStore) -> None:
    add(store, TODAY, areas=("neck", "hips"))
    add(store, days_ago(40), areas=("neck",))
    per_area = compute(store, TODAY).per_area
    assert list(per_area) == list(AREAS)
    assert per_area["neck"] == 2 and per_area["hips"] == 1 and per_area["glutes"] == 0


def test_an_empty_history_has_zero_figures(store: HistoryStore) -> None:
    stats = compute(store, TODAY)
    assert (stats.streak, stats.sessions, stats.minutes_week) == (0, 0, 0)
    assert stats.minutes_by_day == (0.0,) * SPARK_DAYS and stats.trends == {}


# ---- tension ------------------------------------------------------------------------------------


def rated(*pairs: tuple[int, int | None]) -> list[tuple[date, int | None, int | None]]:
    """(days ago, before) pairs, oldest first."""
    return [(days_ago(n), before, None) for n, before in pairs]


def test_tension_that_eases_over_two_weeks_is_easing() -> None:
    trend = area_trend("neck", rated((20, 7), (15, 7), (10, 5), (5, 4), (0, 4)))
    assert trend.first == 7 and trend.last == 4 and trend.change == -3
    assert not trend.persistent and trend.word == "easing"


def test_tension_that_has_not_eased_over_two_weeks_of_sessions_is_flagged() -> None:
    trend = area_trend("lower-back", rated((14, 6), (10, 7), (4, 6), (0, 6)))
    assert trend.persistent and trend.word == "not easing"


def test_less_than_two_weeks_of_ratings_is_too_early_to_flag() -> None:
    trend = area_trend("neck", rated((13, 6), (7, 7), (0, 7)))
    assert not trend.persistent and trend.word == "too early to say"


def test_two_ratings_are_too_few_to_flag() -> None:
    assert not area_trend("neck", rated((20, 7), (0, 7))).persistent


def test_mild_tension_that_stays_mild_is_not_flagged() -> None:
    trend = area_trend("neck", rated((20, 2), (10, 2), (0, 2)))
    assert not trend.persistent and trend.word == "steady"


def test_a_half_point_is_not_easing() -> None:
    assert area_trend("neck", rated((20, 6), (10, 6), (0, 5))).persistent is False
    assert area_trend("neck", rated((20, 6), (10, 6), (1, 6), (0, 5))).persistent is True


def test_the_rating_after_stands_in_when_there_is_none_before() -> None:
    rows = [(days_ago(20), None, 6), (days_ago(10), None, 6), (TODAY, None, 6)]
    trend = area_trend("neck", rows)
    assert trend.ratings == 3 and trend.persistent and trend.relief is None


def test_relief_is_how_much_a_session_eases_the_tension() -> None:
    trend = area_trend("neck", [(TODAY, 7, 3), (TODAY, 5, 4), (TODAY, None, 2)])
    assert trend.relief == 2.5
    assert trend.days == ((TODAY, pytest.approx(14 / 3)),)  # 7, 5 and the 2 after


def test_the_stats_flag_the_area_that_has_not_eased(store: HistoryStore) -> None:
    for n in (27, 20, 14, 7, 0):
        add(store, days_ago(n), areas=("neck", "shoulders"), before=7, after=4)
    for n, before in ((20, 8), (10, 5), (0, 3)):
        add(store, days_ago(n), areas=("hips",), before=before)
    add(store, days_ago(40), areas=("glutes",), before=9)  # older than four weeks: left out
    stats = compute(store, TODAY)
    assert list(stats.trends) == ["neck", "shoulders", "hips"]
    assert stats.persistent_areas == ["neck", "shoulders"]
    assert stats.trends["neck"].relief == 3.0
    assert stats.trends["hips"].word == "easing"
    assert not_easing(store, TODAY, ["hips", "neck"]) == ["neck"]
    assert not_easing(store, TODAY) == ["neck", "shoulders"]


def test_the_advice_names_the_areas_and_a_professional_and_diagnoses_nothing() -> None:
    text = professional_advice(["neck", "lower-back"])
    assert "neck and lower back" in text
    assert "two weeks" in text and "professional" in text and "evaluation" in text
    for word in ("you have", "diagnos", "injury", "syndrome"):
        assert word not in text.lower()


# ---- sparkline ----------------------------------------------------------------------------------


def test_a_sparkline_scales_to_the_busiest_day_and_dots_the_empty_ones() -> None:
    assert sparkline([0, 5, 10, 0]) == "·▅█·"
    assert sparkline([0.0] * 3) == "···"
    assert sparkline([0.1, 100]) == "▁█"

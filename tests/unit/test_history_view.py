"""What the history screen says, worked out without a screen: a row, the figures, the details."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from tui.app.screens.history import (
    detail_lines,
    figures_lines,
    session_cells,
    trend_words,
)
from tui.core.history import Snapshot
from tui.core.history_rows import SegmentRow, SessionDetail, SessionSummary
from tui.core.stats import AreaTrend, Stats

ZONE = timezone(timedelta(hours=-5))


def summary(**changes: object) -> SessionSummary:
    values: dict[str, object] = {
        "id": 7,
        "routine_id": "neck-release",
        "routine_name": "Neck release",
        "areas": ("neck",),
        "started": datetime(2025, 3, 2, 21, 45, tzinfo=ZONE),
        "ended": None,
        "planned": 600.0,
        "actual": 432.0,
        "state": "interrupted",
        "tension_before": 7,
        "tension_after": None,
        "favourite": False,
    }
    return SessionSummary(**{**values, **changes})  # type: ignore[arg-type]


def test_a_row_shows_the_local_date_routine_length_state_and_ratings() -> None:
    assert session_cells(summary()) == (
        "2025-03-02 21:45",  # where it was played, not converted
        "Neck release",
        "7:12",
        "interrupted",
        "7 → –",
    )


def test_a_starred_session_carries_the_star_before_its_routine() -> None:
    assert session_cells(summary(favourite=True))[1] == "★ Neck release"


def stats(trends: dict[str, AreaTrend]) -> Stats:
    return Stats(
        today=date(2025, 3, 14),
        streak=1,
        minutes_week=30.0,
        minutes_month=95.0,
        sessions=12,
        minutes_total=300.0,
        per_area={"neck": 12, "hips": 0},
        minutes_by_day=(0.0,) * 29 + (10.0,),
        trends=trends,
    )


def trend(first: float, last: float, persistent: bool) -> AreaTrend:
    days = ((date(2025, 2, 20), first), (date(2025, 3, 13), last))
    return AreaTrend("neck", days, 6, first, last, None, persistent)


def test_the_figures_name_the_streak_minutes_areas_and_the_last_30_days() -> None:
    lines = figures_lines(stats({}))
    assert "streak      1 day" in lines and "this month  1 h 35 min" in lines
    assert "·" * 29 + "█" in lines
    assert "  neck       12" in lines and not any("hips" in line for line in lines)
    assert "  no ratings yet (rate before" in lines


def test_an_area_not_easing_gets_the_advice_to_see_a_professional() -> None:
    lines = figures_lines(stats({"neck": trend(6.0, 6.5, persistent=True)}))
    assert "  neck       6.0→6.5 not easing" in lines
    assert "see a health professional" in lines[-1] and "evaluation" in lines[-1]
    assert trend_words(trend(6.0, 4.0, persistent=False)) == "6.0→4.0 easing"


def test_the_details_list_each_hold_as_played() -> None:
    rows = (
        SegmentRow(0, 1, "Tilt", "prep", None, 1, 5.0, status="done", outcome="done", actual=5.0),
        SegmentRow(
            1,
            1,
            "Tilt",
            "hold",
            "left",
            1,
            30.0,
            15.0,
            status="done",
            outcome="extended",
            actual=45.0,
        ),
        SegmentRow(2, 2, "Ball", "manual", None, 1, 0.0, status="done", outcome="done"),
        SegmentRow(3, 3, "Press", "hold", None, 1, 20.0, status="skipped", outcome="skipped"),
        SegmentRow(4, 4, "Last", "hold", None, 1, 20.0),
    )
    detail = SessionDetail(summary(), None, Snapshot.of_text(""), rows, ())
    lines = detail_lines(detail)
    assert lines[:3] == [
        "Neck release · Sunday 02 March 2025, 21:45",
        "interrupted · played 7:12 of 10:00 planned",
        "tension 7 → –",
    ]
    assert lines[4:] == [
        "✓  1 Tilt (left) · extended · 0:45 of 0:30",
        "✓  2 Ball · done · your pace",
        "↷  3 Press · skipped · 0:20",
        "·  4 Last · not reached · 0:20",
    ]

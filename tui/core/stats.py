"""The figures of the history: streak, minutes, sessions per area, and whether tension is easing.

`today` is always a parameter, so the tests (and a person looking at last month) decide what
"this week" means. Days are the local days sessions were played on (the store keeps each
session's day as it was where it was played).

The rules, in one place:
- **Streak**: consecutive days, up to today, with a session that completed or played at least a
  minute (opening a routine by mistake is not a day of practice). A day without one yet today does
  not break a streak that reached yesterday: it is still yours to keep.
- **Minutes** are playing time (pauses excluded), interrupted sessions included: it was done.
- **Tension** of a session is its rating *before* (the tension brought to it, which is what should
  ease from one week to the next); the rating after stands in when only that was given. A session
  rated per area (today's check-in; history schema 2) counts each area's own rating; an older one
  counts its one rating for each of its areas.
- **Not easing**: over the last four weeks an area has at least three rated sessions spread over
  14 days or more, and the mean of its last week of ratings is not at least one point below the mean
  of its first week, and is above 2 (mild). The article these routines follow advises seeing a
  health professional for an evaluation when self-care has not helped in about two weeks; the flag
  lets the summary and the history say so. It never diagnoses.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from statistics import fmean

from tui.core.history import HistoryStore
from tui.core.routine import AREAS

STREAK_MIN_SECONDS = 60.0
SPARK_DAYS = 30
TREND_WINDOW_DAYS = 28
PERSIST_DAYS = 14
MIN_RATINGS = 3
EASED_BY = 1.0
MILD = 2.0
SPARKS = "▁▂▃▄▅▆▇█"


@dataclass(frozen=True, slots=True)
class AreaTrend:
    """An area's tension over the last four weeks: daily means, first and last week's means."""

    area: str
    days: tuple[tuple[date, float], ...]  # (day, mean tension that day), oldest first
    ratings: int
    first: float | None  # mean of the first week of ratings
    last: float | None  # mean of the last week of ratings
    relief: float | None  # mean of (before - after) where both were given
    persistent: bool  # rated over 14+ days and not easing: suggest a professional's evaluation

    @property
    def change(self) -> float | None:
        """Last week's mean minus the first week's; negative is easing."""
        if self.first is None or self.last is None:
            return None
        return self.last - self.first

    @property
    def word(self) -> str:
        """One word for listings: easing, not easing, steady, or too early to say."""
        if self.persistent:
            return "not easing"
        change = self.change
        if change is not None and len(self.days) > 1 and change <= -EASED_BY:
            return "easing"
        if change is None or self.days[-1][0] - self.days[0][0] < timedelta(days=PERSIST_DAYS):
            return "too early to say"
        return "steady"


@dataclass(frozen=True, slots=True)
class Stats:
    """Everything the history screen's figures and `unknot stats` show."""

    today: date
    streak: int
    minutes_week: float
    minutes_month: float
    sessions: int
    minutes_total: float
    per_area: dict[str, int]  # every area, in the format's order
    minutes_by_day: tuple[float, ...]  # the last 30 days, oldest first; the last is today
    trends: dict[str, AreaTrend] = field(default_factory=dict)  # only areas with ratings

    @property
    def persistent_areas(self) -> list[str]:
        """Areas whose tension has not eased over two weeks of sessions."""
        return [area for area, trend in self.trends.items() if trend.persistent]


def compute(store: HistoryStore, today: date) -> Stats:
    """The stats as of `today`: five indexed queries, a few ms for 10,000 sessions."""
    week_start = today - timedelta(days=today.weekday())
    month_start = today.replace(day=1)
    spark_start = today - timedelta(days=SPARK_DAYS - 1)
    by_day = seconds_by_day(store, min(week_start, month_start, spark_start), today)
    count, seconds = store.read("SELECT count(*), total(actual) FROM sessions")[0]
    counts = dict(store.read("SELECT area, count(*) FROM session_areas GROUP BY area"))
    return Stats(
        today=today,
        streak=streak(active_days(store, today), today),
        minutes_week=_minutes(by_day, week_start, today),
        minutes_month=_minutes(by_day, month_start, today),
        sessions=count,
        minutes_total=seconds / 60,
        per_area={area: counts.get(area, 0) for area in AREAS},
        minutes_by_day=tuple(
            by_day.get(spark_start + timedelta(days=n), 0.0) / 60 for n in range(SPARK_DAYS)
        ),
        trends=trends(ratings_by_area(store, today - timedelta(days=TREND_WINDOW_DAYS - 1)), today),
    )


# ---- the queries (the store's indexes on day and on area serve them) ---------------------------


def seconds_by_day(store: HistoryStore, since: date, until: date) -> dict[date, float]:
    """Playing seconds per local day, from `since` to `until` (both included)."""
    rows = store.read(
        "SELECT day, sum(actual) FROM sessions WHERE day BETWEEN ? AND ? GROUP BY day",
        (since.isoformat(), until.isoformat()),
    )
    return {date.fromisoformat(day): float(total) for day, total in rows}


def active_days(store: HistoryStore, until: date) -> Iterator[date]:
    """Days that count for the streak, newest first."""
    rows = store.read(
        """SELECT DISTINCT day FROM sessions
           WHERE day <= ? AND (end_state = 'completed' OR actual >= ?)
           ORDER BY day DESC""",
        (until.isoformat(), STREAK_MIN_SECONDS),
    )
    return (date.fromisoformat(row[0]) for row in rows)


def ratings_by_area(
    store: HistoryStore, since: date
) -> list[tuple[str, date, int | None, int | None]]:
    """(area, day, before, after) for every rated session since `since`, oldest first.

    A session rated per area (today's check-in) counts each area with its own rating; the
    session's rating after stands in for an area not rated after on its own. An older session,
    rated as a whole, counts its one rating for each of its areas, as it always did."""
    rows = store.read(
        """SELECT area, day, before, after FROM (
               SELECT r.area AS area, s.day AS day, r.tension_before AS before,
                      coalesce(r.tension_after, s.tension_after) AS after,
                      s.started_at AS started, s.id AS id
               FROM sessions s JOIN area_ratings r ON r.session_id = s.id
               WHERE s.day >= ?1
               UNION ALL
               SELECT a.area, s.day, s.tension_before, s.tension_after, s.started_at, s.id
               FROM sessions s JOIN session_areas a ON a.session_id = s.id
               WHERE s.day >= ?1
                 AND NOT EXISTS (SELECT 1 FROM area_ratings r WHERE r.session_id = s.id))
           WHERE before IS NOT NULL OR after IS NOT NULL
           ORDER BY started, id""",
        (since.isoformat(),),
    )
    return [(area, date.fromisoformat(day), before, after) for area, day, before, after in rows]


def not_easing(store: HistoryStore, today: date, areas: Iterable[str] | None = None) -> list[str]:
    """The areas (of `areas`, or all) whose tension has not eased: what the summary checks after
    a session, with one query instead of all the stats."""
    since = today - timedelta(days=TREND_WINDOW_DAYS - 1)
    wanted = None if areas is None else set(areas)
    rows = [r for r in ratings_by_area(store, since) if wanted is None or r[0] in wanted]
    return [area for area, trend in trends(rows, today).items() if trend.persistent]


def trend_words(store: HistoryStore, areas: Iterable[str], today: date) -> dict[str, str]:
    """The history's word for each of `areas` ("not easing", "easing", "steady") that the
    composer puts in its reasons (`unknot today`, the app's check-in); nothing for an area too
    new to say."""
    since = today - timedelta(days=TREND_WINDOW_DAYS - 1)
    wanted = set(areas)
    rows = [r for r in ratings_by_area(store, since) if r[0] in wanted]
    return {
        area: trend.word
        for area, trend in trends(rows, today).items()
        if trend.word != "too early to say"
    }


def _minutes(by_day: dict[date, float], first: date, last: date) -> float:
    return sum(seconds for day, seconds in by_day.items() if first <= day <= last) / 60


def streak(active_days_newest_first: Iterable[date], today: date) -> int:
    """Consecutive active days ending today, or yesterday when today has none yet."""
    expected: date | None = None
    count = 0
    for day in active_days_newest_first:
        if day > today:
            continue
        if expected is None:
            if day < today - timedelta(days=1):
                return 0
            expected = day
        if day != expected:
            break
        count += 1
        expected = day - timedelta(days=1)
    return count


def trends(
    ratings: Iterable[tuple[str, date, int | None, int | None]], today: date
) -> dict[str, AreaTrend]:
    """Per area, from (area, day, before, after) rows, oldest first; areas in the format's order."""
    per_area: dict[str, list[tuple[date, int | None, int | None]]] = defaultdict(list)
    for area, day, before, after in ratings:
        if day <= today:
            per_area[area].append((day, before, after))
    order = {area: n for n, area in enumerate(AREAS)}
    return {
        area: area_trend(area, per_area[area])
        for area in sorted(per_area, key=lambda a: (order.get(a, len(order)), a))
    }


def area_trend(area: str, rows: Sequence[tuple[date, int | None, int | None]]) -> AreaTrend:
    """One area's trend from its (day, before, after) ratings, oldest first."""
    tensions = [
        (day, float(rating))
        for day, before, after in rows
        if (rating := before if before is not None else after) is not None
    ]
    reliefs = [b - a for _, b, a in rows if b is not None and a is not None]
    daily: dict[date, list[float]] = defaultdict(list)
    for day, tension in tensions:
        daily[day].append(tension)
    days = tuple((day, fmean(values)) for day, values in sorted(daily.items()))
    if not tensions:
        return AreaTrend(area, (), 0, None, None, None, False)
    first_day, last_day = tensions[0][0], tensions[-1][0]
    week = timedelta(days=6)
    first = fmean(t for d, t in tensions if d <= first_day + week)
    last = fmean(t for d, t in tensions if d >= last_day - week)
    persistent = (
        len(tensions) >= MIN_RATINGS
        and last_day - first_day >= timedelta(days=PERSIST_DAYS)
        and last > MILD
        and first - last < EASED_BY
    )
    return AreaTrend(
        area=area,
        days=days,
        ratings=len(tensions),
        first=first,
        last=last,
        relief=fmean(reliefs) if reliefs else None,
        persistent=persistent,
    )


def sparkline(values: Sequence[float]) -> str:
    """One character a value, scaled to the largest; a day with nothing shows as a dot."""
    top = max(values, default=0.0)
    if top <= 0:
        return "·" * len(values)
    last = len(SPARKS) - 1
    return "".join(
        "·" if value <= 0 else SPARKS[max(0, min(last, round(value / top * last)))]
        for value in values
    )


def professional_advice(areas: Sequence[str]) -> str:
    """What the summary and the history say for areas that are not easing: our own words for
    the article's advice, with no diagnosis."""
    names = _join([area.replace("-", " ") for area in areas])
    return (
        f"The tension you rate in your {names} has not eased over two weeks of sessions. "
        "When self-care has not helped after about two weeks, it is worth having it looked at: "
        "see a health professional, such as a doctor or a physiotherapist, for an evaluation."
    )


def _join(words: Sequence[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]

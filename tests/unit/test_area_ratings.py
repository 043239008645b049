"""Tension rated per area (history schema 2): today's check-in keeps each area's own rating, the
trends and the "not easing" advice read them per area, and sessions from before are kept and
read as they always were."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

from tui.core import history_file
from tui.core.history import HistoryStore, Snapshot
from tui.core.history_rows import AreaRating, HistoryError, NewSession
from tui.core.stats import compute, not_easing

TODAY = date(2025, 3, 30)
ZONE = timezone(timedelta(hours=1))
SNAPSHOT = Snapshot.of_text("format = 1\n")


@pytest.fixture
def store(unknot_home: Path) -> HistoryStore:
    with HistoryStore.open() as opened:
        yield opened


def add(
    store: HistoryStore,
    day: date,
    *,
    areas: tuple[str, ...] = ("neck", "lower-back"),
    before: int | None = None,
    ratings: tuple[tuple[str, int], ...] = (),
) -> int:
    return store.begin_session(
        NewSession(
            routine_id="today",
            routine_name="Today",
            areas=areas,
            snapshot=SNAPSHOT,
            planned=600.0,
            started=datetime.combine(day, time(9, 0), ZONE),
            tension_before=before,
            area_ratings=ratings,
        )
    )


def test_each_area_keeps_its_own_rating_and_the_list_shows_the_highest(
    store: HistoryStore,
) -> None:
    session_id = add(store, TODAY, ratings=(("neck", 4), ("lower-back", 7)))
    (summary,) = store.sessions()
    assert summary.id == session_id
    assert summary.tension_before == 7
    assert summary.area_ratings == (AreaRating("neck", 4), AreaRating("lower-back", 7))
    store.rate_area(session_id, "lower-back", after=5)
    detail = store.session(session_id)
    assert detail is not None
    assert detail.summary.area_ratings[1] == AreaRating("lower-back", 7, 5)


def test_a_rating_out_of_range_or_an_unknown_session_is_refused(store: HistoryStore) -> None:
    with pytest.raises(HistoryError):
        add(store, TODAY, ratings=(("neck", 11),))
    with pytest.raises(HistoryError):
        store.rate_area(999, "neck", before=3)


def test_trends_read_each_area_on_its_own(store: HistoryStore) -> None:
    # Three weeks: the lower back stays at 7 while the neck is mild; as a whole, every
    # session would have counted 7 for the neck as well.
    for days_ago in (20, 13, 6, 0):
        add(store, TODAY - timedelta(days=days_ago), ratings=(("neck", 2), ("lower-back", 7)))
    stats = compute(store, TODAY)
    assert stats.trends["lower-back"].last == 7
    assert stats.trends["neck"].last == 2
    assert stats.persistent_areas == ["lower-back"]
    assert not_easing(store, TODAY) == ["lower-back"]


def test_a_session_rated_as_a_whole_still_counts_for_each_of_its_areas(
    store: HistoryStore,
) -> None:
    for days_ago in (20, 13, 6):
        add(store, TODAY - timedelta(days=days_ago), before=6)
    add(store, TODAY, ratings=(("neck", 1),))
    trends = compute(store, TODAY).trends
    assert trends["lower-back"].ratings == 3  # the per-area session did not rate the lower back
    assert trends["neck"].ratings == 4
    assert trends["neck"].last is not None and trends["neck"].last < 6


def test_deleting_a_session_deletes_its_area_ratings(store: HistoryStore) -> None:
    session_id = add(store, TODAY, ratings=(("neck", 4),))
    assert store.delete_session(session_id)
    assert store.read("SELECT count(*) FROM area_ratings") == [(0,)]


def test_a_version_1_history_is_migrated_and_its_sessions_kept(unknot_home: Path) -> None:
    path = unknot_home / "old.sqlite3"
    db = history_file.sqlite_connect(str(path))
    for statement in history_file.MIGRATIONS[0]:
        db.execute(statement)
    db.execute("PRAGMA user_version = 1")
    db.execute("INSERT INTO snapshots (hash, toml) VALUES ('h', 'format = 1')")
    db.execute(
        """INSERT INTO sessions (routine_id, routine_name, areas, snapshot_hash, started_at,
               day, planned, tension_before) VALUES ('neck', 'Neck', 'neck', 'h', 1.0,
               '2025-03-01', 60, 6)"""
    )
    db.execute("INSERT INTO session_areas (session_id, area) VALUES (1, 'neck')")
    db.close()
    with HistoryStore.open(path) as store:
        (old,) = store.sessions()
        assert old.routine_id == "neck" and old.tension_before == 6 and old.area_ratings == ()
        assert compute(store, date(2025, 3, 1)).trends["neck"].last == 6
    check = sqlite3.connect(path)
    try:
        assert check.execute("PRAGMA user_version").fetchone()[0] == history_file.SCHEMA_VERSION
        assert history_file.SCHEMA_VERSION >= 2
    finally:
        check.close()

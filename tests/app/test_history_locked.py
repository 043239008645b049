"""Stars and ratings while another connection holds the history file locked (BEGIN EXCLUSIVE, as
a reminder or a second player can): the screens answer the next key at once, and the writes land
once the lock is let go. Written on the loop, a write waited for the lock (SQLite's busy timeout
is 15 s) with the screen frozen, and failed when the lock outlasted it; then the store would not
hold the star or the rating at the end of these tests, and the keys would take seconds each.

The real app on the real history file under UNKNOT_HOME, the lock in this process (its own
connection). No sleeps: each key's effect is checked right after it, before the lock goes.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from tests.app.conftest import AppFactory
from tests.app.history_waits import written
from tui.app.screens.history import HistoryScreen
from tui.app.screens.summary import SummaryScreen
from tui.app.unknot import UnknotApp
from tui.app.widgets.row_table import RowTable
from tui.core.history import HistoryStore
from tui.core.history_rows import NewSession
from tui.core.history_snapshot import snapshot_of
from tui.core.library import Library
from tui.core.paths import Locations

DATA = Path(__file__).resolve().parents[1] / "data" / "library"
AT_ONCE = 5.0  # seconds for a few keys: far under the 15 s a write on the loop would wait


def hold() -> sqlite3.Connection:
    """The history file held by another connection until it is rolled back."""
    db = sqlite3.connect(Locations.current().history_file, isolation_level=None, timeout=0)
    db.execute("BEGIN EXCLUSIVE")
    return db


@contextmanager
def locked() -> Iterator[None]:
    """The history file held by another connection until the block ends."""
    db = hold()
    try:
        yield
    finally:
        db.rollback()
        db.close()


def shown(screen: object, selector: str) -> str:
    return str(screen.query_one(selector).render())  # type: ignore[attr-defined]


async def test_the_summary_rates_and_stars_at_once_and_saves_once_the_lock_goes(
    make_app: AppFactory,
) -> None:
    app = make_app("plain-routine")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        with locked():  # from the first hold: the session's own row waits too
            await pilot.press("n", "n")
            await pilot.pause()
            summary = app.screen
            assert isinstance(summary, SummaryScreen)
            began = time.monotonic()
            await pilot.press("7")
            assert " 7 " in shown(summary, "#summary-scale")
            await pilot.press("f")
            assert "★ starred" in shown(summary, "#summary-star")
            await pilot.press("F")
            assert time.monotonic() - began < AT_ONCE
        await written(pilot)
        with HistoryStore.open() as store:
            (session,) = store.sessions()
            assert (session.tension_after, session.favourite) == (7, True)
            assert store.favourite_routines() == ["plain-routine"]


async def test_a_session_whose_row_waits_for_the_lock_is_rated_once_it_is_written(
    make_app: AppFactory,
) -> None:
    """Locked before playing starts: the session's own row is not written by the summary, so the
    summary has no id yet; it must not wait for one on the loop (it did, a second), and the
    rating and star given meanwhile land on the session once the lock goes."""
    HistoryStore.open().close()  # the file, as an earlier run left it
    app = make_app("plain-routine")
    lock = hold()
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            began = time.monotonic()
            await pilot.press("n", "n")
            await pilot.pause()
            summary = app.screen
            assert isinstance(summary, SummaryScreen)
            assert summary.session_id is None and summary.kept  # the row waits for the lock
            await pilot.press("3", "f")
            assert " 3 " in shown(summary, "#summary-scale")
            assert "★ starred" in shown(summary, "#summary-star")
            assert time.monotonic() - began < AT_ONCE
            lock.rollback()
            await written(pilot)
    finally:
        lock.close()
    with HistoryStore.open() as store:
        (session,) = store.sessions()
        assert (session.tension_after, session.favourite) == (3, True)


async def test_the_library_stars_at_once_and_saves_once_the_lock_goes() -> None:
    app = UnknotApp(Library.load(DATA, None))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#routines", RowTable)
        with locked():
            began = time.monotonic()
            await pilot.press("down", "f")
            assert [str(key) for key in table.keys][1] == "neck-release"
            assert table.cursor_row == 1  # the starred routine moved up, the cursor with it
            await pilot.press("down")
            assert table.cursor_row == 2
            assert time.monotonic() - began < AT_ONCE
        await written(pilot)
        with HistoryStore.open() as store:
            assert store.favourite_routines() == ["neck-release"]


async def test_the_history_stars_at_once_and_saves_once_the_lock_goes(library: Library) -> None:
    timeline = library.timeline(library.routines["plain-routine"])
    now = datetime.now().astimezone()
    with HistoryStore.open() as store:
        for days_ago in (1, 0):
            store.begin_session(
                NewSession(
                    routine_id="plain-routine",
                    routine_name="Plain routine",
                    areas=("lower-back",),
                    snapshot=snapshot_of(timeline),
                    planned=timeline.planned_seconds,
                    started=now - timedelta(days=days_ago),
                )
            )
    app = UnknotApp(library)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await written(pilot)  # the figures are worked out in a thread
        screen = app.screen
        assert isinstance(screen, HistoryScreen)
        table = screen.query_one("#sessions", RowTable)
        with locked():
            began = time.monotonic()
            await pilot.press("f")
            assert screen.sessions[0].favourite
            await pilot.press("down")
            assert table.cursor_row == 1
            assert time.monotonic() - began < AT_ONCE
        await written(pilot)
        with HistoryStore.open() as store:
            assert [s.started.date() for s in store.favourite_sessions()] == [now.date()]

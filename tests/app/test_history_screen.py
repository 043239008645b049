"""The history screen through the real app: the list and its details, the figures, star, delete
(asked first), replay as played or as routine, save as routine, paging; and the library's
Favourites group. Sessions are played into the real history file by the real Player and recorder
on a fake clock before the app starts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from fakes import FakeClock
from textual.pilot import Pilot

from tests.app.history_waits import written
from tui.app.screens.confirm import ConfirmScreen
from tui.app.screens.history import HistoryScreen
from tui.app.screens.library import FAVOURITES_ROW, OTHERS_ROW, LibraryScreen
from tui.app.screens.player import PlayerScreen
from tui.app.unknot import UnknotApp
from tui.app.widgets.row_table import RowTable
from tui.core.history import HistoryStore
from tui.core.history_rows import NewSession
from tui.core.history_snapshot import snapshot_of
from tui.core.library import Library
from tui.core.paths import Locations
from tui.core.player import Player
from tui.core.recorder import SessionRecorder

ZONE = timezone(timedelta(hours=2))


def play(library: Library, routine_id: str, started: datetime, **kw: object) -> int:
    """A session of the plain routine: the long hold extended once, the breathing skipped."""
    clock = FakeClock()
    player = Player(library.timeline(library.routines[routine_id]), clock=clock)
    recorder = SessionRecorder.begin(HistoryStore.open(), player, wall=lambda: started, **kw)
    recorder.observe(player.start())
    recorder.observe(player.extend().events)
    clock.now += 135
    recorder.observe(player.advance())
    recorder.observe(player.skip().events)
    recorder.close()
    recorder.store.close()
    assert recorder.session_id is not None
    return recorder.session_id


@pytest.fixture
def two_sessions(library: Library) -> tuple[int, int]:
    # The local zone: the figures count days as the machine's clock does.
    today = datetime.now().astimezone().replace(hour=8, minute=0, second=0, microsecond=0)
    first = play(library, "plain-routine", today - timedelta(days=1), tension_before=6)
    second = play(library, "plain-routine", today)
    return first, second


def history(pilot: Pilot[object]) -> HistoryScreen:
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


def text(screen: object, selector: str) -> str:
    return str(screen.query_one(selector).render())  # type: ignore[attr-defined]


def rows(screen: HistoryScreen) -> list[str]:
    """The session rows as drawn (those in view), each one line of text."""
    table = screen.query_one("#sessions", RowTable)
    shown = min(table.row_count, table.scrollable_content_region.height - 1)
    return [table.render_line(y).text.strip() for y in range(1, shown + 1)]


async def open_history(pilot: Pilot[object]) -> HistoryScreen:
    await pilot.pause()
    await pilot.press("h")
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()  # the figures are worked out in a thread
    await pilot.pause()
    return history(pilot)


async def test_h_in_the_library_shows_the_sessions_with_their_details_and_the_figures(
    library: Library, clock: object, two_sessions: tuple[int, int]
) -> None:
    app = UnknotApp(library, clock=clock)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_history(pilot)
        newest, older = rows(screen)
        assert newest.split()[1:] == ["08:00", "Plain", "routine", "2:15", "completed"]
        assert older.endswith("completed  6 → –") and older.split()[1] == "08:00"
        details = text(screen, "#history-detail-text")
        assert "completed · played 2:15 of 2:16 planned" in details
        assert "Long hold · extended · 2:15 of 2:00" in details
        assert "Belly breathing · skipped" in details
        assert "The routine is unchanged since." in details
        figures = text(screen, "#history-figures-text")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
    assert "streak      2 days" in figures
    assert "this month" in figures and "all time    2 sessions" in figures
    assert "lower back 2" in figures
    assert "·" * 28 + "██" in figures  # the last two of 30 days, equal minutes
    assert "lower back 6.0 too early" in figures


async def test_f_stars_the_session_and_d_deletes_it_only_when_answered_yes(
    library: Library, clock: object, two_sessions: tuple[int, int]
) -> None:
    first, second = two_sessions
    app = UnknotApp(library, clock=clock)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("f")
        assert "  ★ Plain routine  " in rows(screen)[0]
        await pilot.press("F")
        await written(pilot)
        with HistoryStore.open() as store:
            assert [s.id for s in store.favourite_sessions()] == [second]
            assert store.favourite_routines() == ["plain-routine"]
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert len(rows(screen)) == 2
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await written(pilot)
        assert len(rows(screen)) == 1 and "6 → –" in rows(screen)[0]
        assert "1 session" in text(screen, "#history-title")
    with HistoryStore.open() as store:
        assert [s.id for s in store.sessions()] == [first]


async def test_enter_replays_the_session_as_played_and_the_list_grows_after_it(
    library: Library, clock: object, two_sessions: tuple[int, int]
) -> None:
    app = UnknotApp(library, clock=clock)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_history(pilot)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("s")  # no tension this time
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        holds = [(s.played.name, s.length) for s in player.timeline.segments]
        assert holds == [("Long hold", 135.0)]  # extended, and the skipped breathing left out
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert len(rows(screen)) == 3


async def test_capital_r_replays_the_routine_as_it_was_then_after_it_changed(
    library: Library, clock: object, two_sessions: tuple[int, int], routines_dir: Path
) -> None:
    path = routines_dir / "plain-routine.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('"2m"', '"5m"'), encoding="utf-8")
    changed = Library.load(None, routines_dir)
    app = UnknotApp(changed, clock=clock)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_history(pilot)
        assert "The routine has changed since" in text(screen, "#history-detail-text")
        await pilot.press("R")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert [(s.played.name, s.length) for s in player.timeline.segments] == [
            ("Long hold", 120.0),
            ("Belly breathing", 16.0),
        ]


async def test_s_saves_the_session_as_a_routine_of_your_own(
    library: Library, clock: object, two_sessions: tuple[int, int]
) -> None:
    app = UnknotApp(library, clock=clock)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await open_history(pilot)
        await pilot.press("s")
        await pilot.pause()
        saved = Locations.current().routines / "plain-routine-replay.toml"
        assert saved.is_file()
        await pilot.press("s")  # again: it asks before replacing
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
    mine = Library.load(None, saved.parent)
    assert not mine.broken
    routine = mine.routines["plain-routine-replay"]
    assert [s.length for s in mine.timeline(routine).segments] == [135.0]


async def test_a_long_history_reads_the_next_page_when_the_cursor_reaches_the_end(
    library: Library, clock: object
) -> None:
    timeline = library.timeline(library.routines["plain-routine"])
    start = datetime(2025, 1, 1, 8, 0, tzinfo=ZONE)
    with HistoryStore.open() as store, store.batch():
        for n in range(130):
            store.begin_session(
                NewSession(
                    routine_id="plain-routine",
                    routine_name=f"Session {n}",
                    areas=("lower-back",),
                    snapshot=snapshot_of(timeline),
                    planned=timeline.planned_seconds,
                    started=start + timedelta(hours=n),
                )
            )
    app = UnknotApp(library, clock=clock)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_history(pilot)
        table = screen.query_one("#sessions", RowTable)
        assert table.row_count == 100
        table.move_cursor(row=99)
        await pilot.pause()
        assert table.row_count == 130
        await pilot.press("end")
        await pilot.pause()
        assert "Session 0" in rows(screen)[-1]


def row_keys(table: object) -> list[object]:
    """The library table's row keys, in order."""
    return list(table.keys)  # type: ignore[attr-defined]


async def test_the_library_opens_with_starred_routines_in_a_favourites_group_on_top(
    library: Library, clock: object
) -> None:
    app = UnknotApp(library, clock=clock)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#routines")
        table.move_cursor(row=table.get_row_index("test-routine"))  # type: ignore[attr-defined]
        await pilot.press("f")
        await pilot.pause()
        keys = row_keys(table)
        assert keys[:3] == [FAVOURITES_ROW, "test-routine", OTHERS_ROW]
        # the cursor went with the routine
        assert table.cursor_row == 1  # type: ignore[attr-defined]
    with HistoryStore.open() as store:
        assert store.favourite_routines() == ["test-routine"]
    again = UnknotApp(library, clock=clock)  # type: ignore[arg-type]
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await again.workers.wait_for_complete()  # the stars are read by a thread worker
        await pilot.pause()
        table = again.screen.query_one("#routines")
        assert row_keys(table)[:2] == [FAVOURITES_ROW, "test-routine"]
        await pilot.press("f")  # unstarred: the group goes
        await pilot.pause()
        assert FAVOURITES_ROW not in row_keys(table)


def test_a_check_in_sessions_details_show_each_areas_own_rating(unknot_home: Path) -> None:
    """The session of today's routine keeps a rating per area: the details say each one, not
    only the highest, which is all the list's tension column has room for."""
    from tui.app.screens.history import detail_lines
    from tui.core.history import Snapshot

    with HistoryStore.open() as store:
        session_id = store.begin_session(
            NewSession(
                routine_id="today",
                routine_name="Today: lower back, neck",
                areas=("neck", "lower-back"),
                snapshot=Snapshot.of_text("format = 1\n"),
                planned=600.0,
                started=datetime(2026, 12, 4, 9, 0, tzinfo=UTC),
                tension_before=7,
                area_ratings=(("neck", 4), ("lower-back", 7)),
            )
        )
        store.rate_area(session_id, "lower-back", after=5)
        detail = store.session(session_id)
    assert detail is not None
    lines = detail_lines(detail)
    assert "tension 7 → –" in lines
    assert "  neck 4 → –" in lines and "  lower back 7 → 5" in lines

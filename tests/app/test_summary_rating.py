"""The tension question before a session and the summary after it: ratings, the star and the
not-easing advice, through the real app and the real history file (UNKNOT_HOME is a temporary
folder), on the fake clock."""

from __future__ import annotations

import itertools
from datetime import datetime, timedelta

from textual.pilot import Pilot

from tests.app.conftest import AppFactory
from tests.app.history_waits import written
from tui.app.screens.library import LibraryScreen
from tui.app.screens.player import PlayerScreen
from tui.app.screens.rating import RatingScreen
from tui.app.screens.summary import SummaryScreen
from tui.app.unknot import UnknotApp
from tui.app.widgets.row_table import RowTable
from tui.core.history import HistoryStore
from tui.core.history_rows import NewSession
from tui.core.history_snapshot import snapshot_of
from tui.core.library import Library


def shown(screen: object, selector: str) -> str:
    return str(screen.query_one(selector).render())  # type: ignore[attr-defined]


async def to_summary(pilot: Pilot[object]) -> SummaryScreen:
    """The plain routine has no caution and two holds: skip both."""
    await pilot.pause()
    await pilot.press("n", "n")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SummaryScreen)
    return pilot.app.screen


def only_session() -> tuple[int, int | None, int | None, bool]:
    with HistoryStore.open() as store:
        (session,) = store.sessions()
        return session.id, session.tension_before, session.tension_after, session.favourite


async def test_the_rating_after_is_saved_as_typed_backspace_takes_it_back_and_f_stars(
    make_app: AppFactory,
) -> None:
    app = make_app("plain-routine")
    async with app.run_test(size=(100, 30)) as pilot:
        summary = await to_summary(pilot)
        assert "How tense is your lower back now?" in shown(summary, "#summary-question")
        await pilot.press("1", "0")
        await written(pilot)
        assert only_session()[2] == 10
        await pilot.press("left", "left")
        await written(pilot)
        assert only_session()[2] == 8
        await pilot.press("backspace")
        await written(pilot)
        assert only_session()[2] is None
        await pilot.press("f")
        await written(pilot)
        assert only_session()[3] is True
        assert "starred" in shown(summary, "#summary-star")
        await pilot.press("f")
        await written(pilot)
        assert only_session()[3] is False
        await pilot.press("F")  # the routine, this time
        await written(pilot)
        with HistoryStore.open() as store:
            assert store.favourite_routines() == ["plain-routine"]


async def test_play_again_takes_the_rating_just_given_as_the_next_sessions_before(
    make_app: AppFactory,
) -> None:
    app = make_app("plain-routine")
    async with app.run_test(size=(100, 30)) as pilot:
        await to_summary(pilot)
        await pilot.press("4", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        await pilot.press("n", "n")
        await pilot.pause()
    with HistoryStore.open() as store:
        newest, first = store.sessions()
    assert first.tension_after == 4 and newest.tension_before == 4


async def test_a_routine_chosen_in_the_library_asks_the_tension_first_and_s_skips(
    library: Library, clock: object
) -> None:
    app = UnknotApp(library, clock=clock)  # type: ignore[arg-type]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        table = app.screen.query_one("#routines", RowTable)
        table.move_cursor(row=table.get_row_index("plain-routine"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RatingScreen)
        assert "lower back" in shown(app.screen, "#rating-question")
        await pilot.press("7", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
        await pilot.press("n", "n", "escape")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RatingScreen)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, PlayerScreen)
    with HistoryStore.open() as store:
        assert [s.tension_before for s in store.sessions()] == [None, 7]


async def test_the_summary_says_to_see_a_professional_when_the_area_has_not_eased(
    make_app: AppFactory, library: Library
) -> None:
    timeline = library.timeline(library.routines["plain-routine"])
    now = datetime.now().astimezone()
    with HistoryStore.open() as store:
        for (days_ago, tension), area in itertools.product(
            ((20, 6), (12, 6), (5, 7), (1, 6)), ("lower-back", "neck")
        ):
            store.begin_session(
                NewSession(
                    routine_id="plain-routine",
                    routine_name="Plain routine",
                    areas=(area,),
                    snapshot=snapshot_of(timeline),
                    planned=timeline.planned_seconds,
                    started=now - timedelta(days=days_ago),
                    tension_before=tension,
                )
            )
    app = make_app("plain-routine")
    async with app.run_test(size=(100, 30)) as pilot:
        summary = await to_summary(pilot)
        await written(pilot)  # the advice is read off the loop too
        advice = shown(summary, "#summary-advice")
        assert summary.query_one("#summary-advice").display
        assert "lower back has not eased over two weeks" in advice
        assert "see a health professional" in advice and "for an evaluation" in advice
        assert "neck" not in advice  # not this routine's area: the history says it, not here

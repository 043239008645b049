"""Today's routine in the app: the check-in collects areas, ratings and minutes as a person gives
them; the preview says why, with every caution; it plays through the normal flow and is kept in
the history. Driven with the Pilot on a small library of the tests' own (tests/today_library.py),
on the fake clock, with the history in a temporary UNKNOT_HOME."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from fakes import FakeClock
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Static
from today_library import DAY, today_library

from tui.app.screens.checkin import (
    CheckInAnswers,
    CheckInScreen,
    area_named,
    minutes_from,
    next_minutes,
)
from tui.app.screens.help import HelpScreen
from tui.app.screens.history import HistoryScreen
from tui.app.screens.library import LibraryScreen
from tui.app.screens.player import PlayerScreen
from tui.app.screens.preview import PreviewScreen
from tui.app.screens.summary import SummaryScreen
from tui.app.start import today_app
from tui.app.today_flow import today_screens
from tui.app.today_keys import CHECKIN_KEYS, PREVIEW_KEYS
from tui.app.unknot import UnknotApp
from tui.cli.main import main
from tui.core.history import HistoryStore, Snapshot
from tui.core.history_rows import AreaRating, NewSession
from tui.core.library import Library
from tui.core.loader import read_routine_file


def make_app(user_routines: Path) -> UnknotApp:
    return UnknotApp(today_library(user_routines), clock=FakeClock())


def text_of(screen: object, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


async def check_in(pilot: Pilot[object], *keys: str) -> Screen[object]:
    """Today's check-in for DAY, with `keys` pressed on it: the screen they lead to."""
    app = pilot.app
    assert isinstance(app, UnknotApp)
    (library,) = [s for s in app.screen_stack if isinstance(s, LibraryScreen)]
    today_screens(app, day=DAY, saved=library.routines_changed)
    await pilot.pause()
    await pilot.press(*keys)
    await pilot.pause()
    return app.screen


# lower back is the 6th row of the map (neck, shoulders, chest, upper back, mid back, lower back)
LOWER_BACK_7_NECK_4 = ("4", "down", "down", "down", "down", "down", "7")


async def test_t_or_a_click_on_the_today_line_opens_the_check_in(user_routines: Path) -> None:
    app = make_app(user_routines)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "Today" in text_of(app.screen, "#today-entry")
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        await pilot.click("#today-entry")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)


async def test_the_check_in_collects_areas_ratings_and_minutes(user_routines: Path) -> None:
    app = make_app(user_routines)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await check_in(pilot, "1", "0")  # neck, 10 (typed as said: 1 then 0)
        assert isinstance(screen, CheckInScreen)
        assert screen.answers == CheckInAnswers((("neck", 10),), 10)
        await pilot.press("left", "left")  # the arrows move it
        await pilot.press("down", "s")  # shoulders: picked, rating skipped
        await pilot.press("down", "space", "space")  # chest picked, then taken back
        await pilot.press("slash", *"lower b", "enter", "6")  # by name, then rated
        await pilot.press("plus", "plus")  # 10 → 15 → 20 minutes
        assert screen.answers == CheckInAnswers(
            (("neck", 8), ("shoulders", None), ("lower-back", 6)), 20
        )
        assert "Tight today: neck 8/10, shoulders –, lower back 6/10 · 20 minutes" in text_of(
            screen, "#checkin-picked"
        )
        await pilot.press("m", "backspace", "backspace", "2", "5", "enter")  # typed minutes
        assert screen.answers.minutes == 25
        await pilot.press("s")  # the cursor is back on the map: lower back's rating skipped
        assert screen.answers.ratings[-1] == ("lower-back", None)


async def test_question_mark_lists_the_keys_of_the_check_in_and_the_preview(
    user_routines: Path,
) -> None:
    app = make_app(user_routines)
    async with app.run_test(size=(100, 40)) as pilot:
        await check_in(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.bindings == CHECKIN_KEYS
        await pilot.press("escape", *LOWER_BACK_7_NECK_4, "enter", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert app.screen.bindings == PREVIEW_KEYS


async def test_enter_waits_for_an_area_that_is_tight(user_routines: Path) -> None:
    app = make_app(user_routines)
    told: list[str] = []
    app.notify = lambda message, *a, **k: told.append(str(message))  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await check_in(pilot, "enter")
        assert isinstance(screen, CheckInScreen)
        assert app.screen is screen and "Pick at least one area" in told[-1]
        await pilot.press("0", "enter")  # the neck, not tense at all: nowhere for the time to go
        assert app.screen is screen and "rate at least one area above 0" in told[-1]
        await pilot.press("3", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PreviewScreen)


async def test_an_area_picked_without_a_rating_gets_time_and_keeps_no_rating(
    user_routines: Path,
) -> None:
    app = make_app(user_routines)
    async with app.run_test(size=(100, 40)) as pilot:
        preview = await check_in(pilot, "s", *["down"] * 5, "7", "enter")  # neck unrated
        assert isinstance(preview, PreviewScreen)
        reasons = text_of(preview, "#preview-reasons")
        assert "neck, not rated: " in reasons and "lower back 7/10: " in reasons
        assert "neck" in preview.composed.routine.areas
        await pilot.press("enter")
        await pilot.pause()
        assert app.ratings_for == {"today": (("lower-back", 7),)}  # only what was said


def test_names_and_minutes_are_read_as_a_person_types_them() -> None:
    assert area_named("Lower Back") == "lower-back"
    assert area_named("low") == "lower-back"
    assert area_named("sholders") == "shoulders"
    assert area_named("back") is None and area_named("  ") is None
    assert [minutes_from(t) for t in ("25", "4", "121", "x", "٣", "")] == [25, None, None] + [
        None
    ] * 3
    assert next_minutes(30, 1) == 5 and next_minutes(5, -1) == 30
    assert next_minutes(12, 1) == 15 and next_minutes(12, -1) == 10


async def test_the_preview_says_why_with_every_caution_and_the_flare_advice(
    user_routines: Path,
) -> None:
    app = make_app(user_routines)
    async with app.run_test(size=(100, 40)) as pilot:
        keys = ("4", "down", "down", "down", "down", "down", "9", "enter")
        await check_in(pilot, *keys)
        await pilot.pause()
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        reasons = text_of(preview, "#preview-reasons")
        assert "10:00 ·" in reasons
        assert "lower back 9/10: " in reasons and "(gentle steps only)" in reasons
        assert "neck 4/10: " in reasons and " of 10 minutes" in reasons
        cautions = text_of(preview, "#preview-cautions")
        assert "From Desk neck:" in cautions and "Move your neck slowly" in cautions
        assert "From Floor back:" in cautions and "numbness or tingling" in cautions
        assert "cold helps more than heat" in cautions
        steps = text_of(preview, "#preview-steps")
        assert "Onto hands and knees" in steps and "Getting up" in steps


async def test_o_offers_another_routine_and_esc_goes_back_to_the_check_in_as_left(
    user_routines: Path,
) -> None:
    app = make_app(user_routines)
    async with app.run_test(size=(100, 40)) as pilot:
        await check_in(pilot, *LOWER_BACK_7_NECK_4, "minus", "enter")  # 5 minutes
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        first = preview.composed
        await pilot.press("o")
        await pilot.pause()
        assert preview.composed.checkin.variant == 1
        assert preview.composed.routine.steps != first.routine.steps
        assert "Wall lean" in text_of(preview, "#preview-steps")
        await pilot.press("escape")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        assert screen.answers == CheckInAnswers((("neck", 4), ("lower-back", 7)), 5)


async def test_s_saves_the_routine_as_one_of_your_own_and_the_library_lists_it(
    user_routines: Path,
) -> None:
    app = make_app(user_routines)
    async with app.run_test(size=(100, 40)) as pilot:
        await check_in(pilot, *LOWER_BACK_7_NECK_4, "enter")
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        await pilot.press("s")
        await pilot.pause()
        path = user_routines / "today-lower-back-neck.toml"
        loaded = read_routine_file(path)
        assert loaded.ok and loaded.routine is not None
        assert loaded.routine.steps == preview.composed.routine.steps
        assert "today-lower-back-neck" in app.library.routines
        await pilot.press("s")  # again: a second file, never the first overwritten
        await pilot.pause()
        assert (user_routines / "today-lower-back-neck-2.toml").is_file()


async def test_enter_plays_it_at_once_and_the_session_is_kept(user_routines: Path) -> None:
    app = make_app(user_routines)
    async with app.run_test(size=(100, 40)) as pilot:
        await check_in(pilot, *LOWER_BACK_7_NECK_4, "enter")
        preview = app.screen
        assert isinstance(preview, PreviewScreen)
        composed = preview.composed
        await pilot.press("enter")  # no caution screen (the preview showed them), no question
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert player.timeline.routine == composed.routine
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
    with HistoryStore.open() as store:
        (session,) = store.sessions()
        detail = store.session(session.id)
    assert session.routine_id == "today" and session.tension_before == 7
    assert session.area_ratings == (AreaRating("neck", 4), AreaRating("lower-back", 7))
    assert not app.ratings_for  # for that way through only: a replay is not rated today
    assert detail is not None and detail.routine().steps == composed.routine.steps


async def test_from_the_history_it_replays_as_it_was_stars_and_saves_as_a_routine(
    user_routines: Path,
) -> None:
    app = make_app(user_routines)
    async with app.run_test(size=(100, 40)) as pilot:
        preview = await check_in(pilot, *LOWER_BACK_7_NECK_4, "enter")
        assert isinstance(preview, PreviewScreen)
        composed = preview.composed
        await pilot.press("enter")
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen) and isinstance(app.clock, FakeClock)
        app.clock.advance(40)  # the get-ready and the first hold's first half
        player.tick()
        await pilot.press("q", "y")
        await pilot.pause()
        await pilot.press("escape", "h")
        await pilot.pause()
        history = app.screen
        assert isinstance(history, HistoryScreen)
        details = text_of(history, "#history-detail-text")
        assert "Today's routine, made from that check-in" in details  # not "no longer" listed
        assert "  lower back 7 → –" in details
        await pilot.press("f", "s")  # starred, and saved as played
        await pilot.pause()
        saved = read_routine_file(user_routines / "today-replay.toml")
        assert saved.ok, saved.problems
        await pilot.press("R")  # the routine as it was: its cautions, then no tension this time
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert player.timeline.routine.steps == composed.routine.steps
    with HistoryStore.open() as store:
        first = store.sessions()[-1]
    assert first.favourite and first.routine_id == "today"


async def test_f_on_todays_routine_says_to_save_it_first_instead_of_starring_today(
    user_routines: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The id "today" names a new routine each check-in and the library never lists it: a star on it
    would be a favourite no one can see, so F in the summary and the history says what to do."""
    app = make_app(user_routines)
    told: list[str] = []
    monkeypatch.setattr(app, "notify", lambda message, *a, **k: told.append(str(message)))
    async with app.run_test(size=(100, 40)) as pilot:
        await check_in(pilot, *LOWER_BACK_7_NECK_4, "enter")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("q", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("F")
        assert told and "cannot be starred" in told[-1] and "Save it" in told[-1]
        await pilot.press("escape", "h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        told.clear()
        await pilot.press("F")
        assert told and "cannot be starred" in told[-1]
        await app.workers.wait_for_complete()  # a star would be written off the loop
    with HistoryStore.open() as store:
        assert store.favourite_routines() == []


async def test_an_area_not_easing_in_the_history_says_so_in_the_check_in_and_the_reasons(
    user_routines: Path,
) -> None:
    with HistoryStore.open() as store:
        for days_ago in (20, 13, 6, 1):
            started = datetime.combine(DAY - timedelta(days=days_ago), time(9), UTC)
            store.begin_session(
                NewSession(
                    routine_id="today",
                    routine_name="Today",
                    areas=("neck", "lower-back"),
                    snapshot=Snapshot.of_text("format = 1\n"),
                    planned=600.0,
                    started=started,
                    area_ratings=(("neck", 2), ("lower-back", 7)),
                )
            )
    app = make_app(user_routines)
    async with app.run_test(size=(100, 40)) as pilot:
        preview = await check_in(pilot, *LOWER_BACK_7_NECK_4, "enter")
        reasons = text_of(preview, "#preview-reasons")
        assert "lower back 7/10, not easing: " in reasons
        assert "neck 4/10, steady: " in reasons  # its own ratings, not the lower back's
        await pilot.press("escape")  # the check-in says what the history says of each area
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CheckInScreen)
        assert "last 2/10 on 3 Dec · steady" in text_of(screen, "#checkin-area")  # the neck
        assert screen.notes["lower-back"] == "last 7/10 on 3 Dec · not easing"


async def test_unknot_today_opens_on_the_check_in_or_with_areas_on_the_preview(
    user_routines: Path,
) -> None:
    library = today_library(user_routines)
    asked = today_app(library, DAY, minutes=15, clock=FakeClock())
    async with asked.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = asked.screen
        assert isinstance(screen, CheckInScreen)
        assert screen.answers == CheckInAnswers((), 15)
        await pilot.press("escape")  # back: the library is underneath
        await pilot.pause()
        assert isinstance(asked.screen, LibraryScreen)
    given = today_app(library, DAY, (("neck", 4), ("lower-back", 7)), 5, 1, clock=FakeClock())
    async with given.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        preview = given.screen
        assert isinstance(preview, PreviewScreen)
        assert preview.composed.checkin.variant == 1 and preview.composed.checkin.minutes == 5
        await pilot.press("escape")  # the check-in, as given, to change it
        await pilot.pause()
        screen = given.screen
        assert isinstance(screen, CheckInScreen)
        assert screen.answers == CheckInAnswers((("neck", 4), ("lower-back", 7)), 5)


def test_unknot_today_away_from_a_terminal_needs_the_areas_and_the_minutes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["today"]) != 0  # nothing can ask for them: stdout is not a terminal
    assert "--area" in capsys.readouterr().err
    assert main(["today", "--area", "neck=5"]) != 0
    assert "--minutes" in capsys.readouterr().err


def test_the_today_library_composes(tmp_path: Path) -> None:
    """The library these tests use is a sound one (a failure here is in the fixture)."""
    library: Library = today_library(tmp_path / "routines")
    assert set(library.routines) == {"desk-neck", "floor-back", "wall-ease"}

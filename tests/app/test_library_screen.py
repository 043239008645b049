"""The library screen, driven with the Pilot as a person would."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests.app.history_waits import written
from tui.app.screens.builder import BuilderScreen
from tui.app.screens.library import FAVOURITES_ROW, OTHERS_ROW, Filter, LibraryScreen, matches
from tui.app.unknot import UnknotApp
from tui.app.widgets.row_table import RowTable
from tui.core.history import HistoryStore
from tui.core.library import Library

DATA = Path(__file__).resolve().parents[1] / "data" / "library"


def make_app() -> UnknotApp:
    return UnknotApp(Library.load(DATA, None))


def listed(app: UnknotApp) -> list[str]:
    table = app.screen.query_one("#routines", RowTable)
    return [str(key) for key in table.keys]


async def test_the_library_lists_every_sound_routine_and_the_broken_file_apart() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert listed(app) == ["hip-opener", "neck-release", "roller-basics"]
        problems = str(app.screen.query_one("#problems", Static).render())
        assert "broken-one.toml" in problems
        assert "line 10: steps[1].hodl" in problems and "did you mean 'hold'?" in problems


async def test_typing_filters_the_list() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"roller")
        await pilot.pause()
        assert app.screen.focused is app.screen.query_one("#filter-text", Input)
        assert listed(app) == ["roller-basics"]
        await pilot.press("escape")
        await pilot.pause()
        assert len(listed(app)) == 3


async def test_area_and_length_filters_narrow_the_list() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")  # neck
        assert listed(app) == ["neck-release"]
        await pilot.press("a", "a", "a", "a", "a")  # shoulders … hips
        assert listed(app) == ["hip-opener"]
        assert "area: hips" in str(app.screen.query_one("#filter-chips", Static).render())
        await pilot.press("A", "A", "A", "A", "A", "A")  # back to any area
        assert len(listed(app)) == 3
        await pilot.press("l")  # up to 3 min
        assert listed(app) == ["neck-release"]
        assert "up to 3 min" in str(app.screen.query_one("#filter-chips", Static).render())


async def test_the_details_follow_the_highlighted_routine() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        details = str(app.screen.query_one("#details-text", Static).render())
        assert "Neck release" in details and "Caution:" in details
        assert app.screen.query_one("#body-map").areas == ("neck", "shoulders")


def test_filter_words_match_name_areas_and_equipment() -> None:
    library = Library.load(DATA, None)
    roller = library.routines["roller-basics"]
    assert matches(roller, 200, Filter(text="foam mid"))
    assert not matches(roller, 200, Filter(text="pigeon"))
    assert not matches(roller, 200, Filter(max_minutes=3))
    assert matches(roller, 180, Filter(max_minutes=3))


async def test_question_mark_lists_the_librarys_keys_from_the_one_table() -> None:
    from tui.app.keys import LIBRARY_KEYS, described
    from tui.app.screens.help import HelpScreen

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = " ".join(str(s.render()) for s in app.screen.query(Static))
        for binding in described(LIBRARY_KEYS):
            assert binding.description in shown
        assert all(binding.id for binding in LIBRARY_KEYS)


# ---- the library's own keys: f stars, n builds, d duplicates, e edits ------------------------


async def test_f_stars_the_routine_under_the_cursor_and_f_again_takes_the_star_away() -> None:
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("down", "f")  # neck-release
        await pilot.pause()
        table = app.screen.query_one("#routines", RowTable)
        assert listed(app)[:3] == [FAVOURITES_ROW, "neck-release", OTHERS_ROW]
        assert table.cursor_row == 1  # the cursor went with the routine
        await written(pilot)
        with HistoryStore.open() as store:
            assert store.favourite_routines() == ["neck-release"]
        await pilot.press("f")
        await pilot.pause()
        assert listed(app) == ["hip-opener", "neck-release", "roller-basics"]
        await written(pilot)
        with HistoryStore.open() as store:
            assert store.favourite_routines() == []


async def on_builder(app: UnknotApp, pilot: Pilot[object], *keys: str) -> BuilderScreen:
    await pilot.pause()
    await pilot.press(*keys)
    await pilot.pause()
    assert isinstance(app.screen, BuilderScreen), app.screen_stack
    return app.screen


async def test_n_opens_the_builder_on_a_new_routine_and_writes_nothing(
    user_routines: Path,
) -> None:
    app = UnknotApp(Library.load(DATA, user_routines))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await on_builder(app, pilot, "n")
        assert screen.path is None
        assert screen.draft.name == "My routine"
    assert list(user_routines.iterdir()) == []


async def test_d_opens_the_builder_on_a_copy_of_the_routine_under_the_cursor(
    user_routines: Path,
) -> None:
    app = UnknotApp(Library.load(DATA, user_routines))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await on_builder(app, pilot, "down", "d")  # neck-release
        assert screen.path is None  # saving it replaces nothing
        assert screen.draft.name == "Neck release (my copy)"
        assert [step.get("name") for step in screen.draft.steps] == ["Side bend"]
    assert list(user_routines.iterdir()) == []


async def test_e_edits_your_own_routine_in_its_file_and_esc_brings_the_library_back() -> None:
    mine = DATA / "hip-opener.toml"
    before = mine.read_bytes()
    app = UnknotApp(Library.load(None, DATA))  # the test routines as the user's own
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await on_builder(app, pilot, "e")  # hip-opener, first in the list
        assert screen.path == mine
        assert screen.draft.name == "Hip opener"
        await pilot.press("escape")  # nothing changed, so nothing is asked
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
    assert mine.read_bytes() == before


async def test_e_on_a_bundled_routine_edits_a_copy_and_says_so() -> None:
    app = make_app()  # the test routines as bundled ones
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await on_builder(app, pilot, "e")
        assert screen.path is None
        assert screen.draft.name == "Hip opener (my copy)"
        assert "your copy" in str(screen.query_one("#builder-status", Static).render())

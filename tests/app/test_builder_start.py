"""`unknot edit ID` and `unknot play ID --minutes N` in the full-screen app: where each one opens.

The apps are the ones the commands run (tui/app/start.py), driven with Pilot instead of a terminal.
"""

from __future__ import annotations

from pathlib import Path

from tui.app.screens.builder import BuilderScreen
from tui.app.screens.confirm import ConfirmScreen
from tui.app.screens.library import LibraryScreen
from tui.app.screens.player import PlayerScreen
from tui.app.start import builder_app, file_builder_app, fitted_app
from tui.core.draft import Draft
from tui.core.fit import fit_to_minutes
from tui.core.library import Library

MINE = """\
format = 1

[routine]
name = "Neck unwind"
summary = "Two slow tilts."
areas = ["neck"]

[[steps]]
name = "Tilt"
hold = 40
sides = ["left", "right"]
"""


async def test_edit_opens_the_builder_on_your_routine_over_the_library(
    user_routines: Path,
) -> None:
    (user_routines / "neck-unwind.toml").write_text(MINE, encoding="utf-8")
    library = Library.load(None, user_routines)
    app = builder_app(library, library.routines["neck-unwind"])
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BuilderScreen)
        assert screen.path == user_routines / "neck-unwind.toml"
        assert isinstance(app.screen_stack[-2], LibraryScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_edit_of_a_file_with_problems_opens_it_as_written_to_fix_there(
    user_routines: Path,
) -> None:
    broken = MINE.replace("hold = 40", "hold = -3")
    (user_routines / "neck-unwind.toml").write_text(broken, encoding="utf-8")
    library = Library.load(None, user_routines)
    assert not library.routines
    draft = Draft.from_toml(broken, "neck-unwind", folder=user_routines)
    app = file_builder_app(library, draft)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BuilderScreen)
        assert [p.key for p in screen.checked.problems] == ["steps[1].hold"]
        screen.outline.highlighted = 1
        await pilot.pause()
        screen.query_one("#field-step-hold").value = "40"  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not screen.stack.dirty
    assert Library.load(None, user_routines).routines["neck-unwind"].steps[0].hold.seconds == 40


async def test_play_minutes_asks_about_the_changes_then_plays_the_fitted_routine(
    user_routines: Path,
) -> None:
    (user_routines / "neck-unwind.toml").write_text(MINE, encoding="utf-8")
    library = Library.load(None, user_routines)
    result = fit_to_minutes(library.routines["neck-unwind"], 1, library.get)
    app = fitted_app(library, result)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        question = app.screen
        assert isinstance(question, ConfirmScreen)
        assert "hold 40 s → 25 s" in question.question
        assert "Play it like this?" in question.question
        await pilot.press("y")
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert player.timeline.planned_seconds == 60

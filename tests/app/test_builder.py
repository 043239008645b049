"""The routine builder, driven by keys as a person would: build, check, save, undo, leave, fit.

Routines are written here, into the test's own UNKNOT_HOME, so the bundled ones can change freely.
Every file the builder writes is read back with the loader every routine goes through.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, TextArea

from tui.app.screens.builder import BuilderScreen
from tui.app.screens.builder_check import CHECK_DEBOUNCE
from tui.app.screens.builder_fit import FitScreen
from tui.app.screens.caution import CautionScreen
from tui.app.screens.confirm import ConfirmScreen
from tui.app.screens.library import LibraryScreen
from tui.app.screens.player import PlayerScreen
from tui.app.unknot import UnknotApp
from tui.core.library import Library
from tui.core.loader import read_routine_file
from tui.core.routine import Step

SIZE = (100, 30)

MINE = """\
# My own neck routine, written by hand.
format = 1

[routine]
name = "Neck unwind"
summary = "Two slow tilts."
areas = ["neck"]

[[steps]]
name = "Tilt"
hold = 40  # long enough to let go
sides = ["left", "right"]
"""

BUNDLED = """\
format = 1

[routine]
name = "Shipped stretch"
summary = "One that comes with the app."
areas = ["upper-back"]

[[steps]]
name = "Reach"
hold = 30
"""


@pytest.fixture
def bundled_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "bundled"
    folder.mkdir()
    (folder / "shipped-stretch.toml").write_text(BUNDLED, encoding="utf-8")
    return folder


def app_with(bundled_dir: Path, user_routines: Path, *files: tuple[str, str]) -> UnknotApp:
    for name, text in files:
        (user_routines / name).write_text(text, encoding="utf-8")
    return UnknotApp(Library.load(bundled_dir, user_routines))


async def type_into(pilot: Pilot[object], selector: str, text: str, keys: bool = False) -> None:
    """Put `text` in a field as a paste would (one edit), or key by key with `keys`."""
    field = pilot.app.screen.query_one(selector)
    field.focus()
    if keys:
        await pilot.press("home", "ctrl+k", *text)
    elif isinstance(field, TextArea):
        field.clear()
        field.insert(text)
    else:
        assert isinstance(field, Input)
        field.value = text
    await pilot.pause()
    await live_check(pilot)


async def live_check(pilot: Pilot[object]) -> None:
    """Let the builder's live check run as typing pausing lets it: after its debounce, in its
    thread worker, its result posted back to the screen."""
    await pilot.pause(CHECK_DEBOUNCE)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def select(pilot: Pilot[object], option: int) -> BuilderScreen:
    """Choose a row of the outline (0: the routine's own fields; n: step n)."""
    screen = builder(pilot)
    screen.outline.focus()
    screen.outline.highlighted = option
    await pilot.pause()
    return screen


def builder(pilot: Pilot[object]) -> BuilderScreen:
    screen = pilot.app.screen
    assert isinstance(screen, BuilderScreen), pilot.app.screen_stack
    return screen


async def open_new(pilot: Pilot[object]) -> BuilderScreen:
    await pilot.pause()
    await pilot.press("n")
    await pilot.pause()
    return builder(pilot)


async def open_mine(pilot: Pilot[object]) -> BuilderScreen:
    """The library's cursor is on the first routine ("Neck unwind" sorts first); e edits it."""
    await pilot.pause()
    await pilot.press("e")
    await pilot.pause()
    return builder(pilot)


async def test_a_three_step_routine_built_from_nothing_saves_and_loads_back_equal(
    bundled_dir: Path, user_routines: Path
) -> None:
    app = app_with(bundled_dir, user_routines)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_new(pilot)
        await type_into(pilot, "#field-routine-routine-name", "Evening unknot")
        await type_into(pilot, "#field-routine-routine-summary", "Neck, a ball, then a wait.")
        await type_into(pilot, "#field-routine-routine-areas", "neck, upper-back")
        # Step 1 (the starter step): two sides, right first.
        await select(pilot, 1)
        await type_into(pilot, "#field-step-name", "Neck tilt")
        await type_into(pilot, "#field-step-hold", "45s")
        await type_into(pilot, "#field-step-sides", "right, left")
        # Step 2: a range hold.
        await select(pilot, 1)
        await pilot.press("a")
        await pilot.pause()
        assert screen.current == 2
        await type_into(pilot, "#field-step-name", "Pressure point")
        await type_into(pilot, "#field-step-hold", "60-90s")
        # Step 3: manual, no hold.
        await pilot.press("escape")
        await pilot.press("a")
        await pilot.pause()
        await type_into(pilot, "#field-step-name", "Find the ball")
        await type_into(pilot, "#field-step-hold", "")
        assert not screen.checked.ok  # a step with no hold and not manual is a problem
        screen.query_one("#field-step-manual", Checkbox).focus()
        await pilot.press("space")
        await pilot.pause()
        assert screen.checked.ok, screen.checked.problems
        await pilot.press("ctrl+s")
        await pilot.pause()
        built = screen.checked.routine
        saved = user_routines / "evening-unknot.toml"
        assert saved.is_file()
        assert screen.path == saved and not screen.stack.dirty
    loaded = read_routine_file(saved)
    assert loaded.ok, loaded.problems
    assert loaded.routine == built
    tilt, press, ball = loaded.routine.steps
    assert isinstance(tilt, Step) and tilt.sides == ("right", "left") and tilt.hold.seconds == 45
    assert isinstance(press, Step) and (press.hold.low, press.hold.high) == (60, 90)
    assert isinstance(ball, Step) and ball.manual
    assert loaded.routine.areas == ("neck", "upper-back")


async def test_problems_show_beside_their_field_as_you_type_and_saving_is_refused(
    bundled_dir: Path, user_routines: Path
) -> None:
    app = app_with(bundled_dir, user_routines)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_new(pilot)
        await select(pilot, 1)
        await type_into(pilot, "#field-step-hold", "2m")
        timeline = str(screen.query_one("#builder-timeline").render())
        assert "Timeline · 2:05" in timeline  # prep 5 s and the 2 minutes typed
        await type_into(pilot, "#field-step-hold", "forever")
        row = screen.query_one("#row-step-hold")
        assert row.has_class("-problem")
        assert "hold" in str(row.query_one(".field-caption").render()).lower()
        assert "problem" in str(screen.query_one("#builder-timeline").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        status = str(screen.query_one("#builder-status").render())
        assert status.startswith("Not saved: 1 problem to fix first · steps[1].hold")
        assert not any(user_routines.iterdir())
        await type_into(pilot, "#field-step-hold", "90")
        assert not row.has_class("-problem")
        # Steps are added, moved and removed from the outline by key.
        screen.outline.focus()
        await pilot.press("a", "a", "shift+up")
        await pilot.pause()
        assert [step["name"] for step in screen.draft.steps] == ["First step", "Step 3", "Step 2"]
        assert screen.current == 2
        await pilot.press("delete")
        await pilot.pause()
        assert [step["name"] for step in screen.draft.steps] == ["First step", "Step 2"]
        # An include of another routine, with rounds: its steps join the timeline.
        await pilot.press("i")
        await pilot.pause()
        assert app.focused is screen.query_one("#field-include-include")
        await type_into(pilot, "#field-include-include", "shipped-stretch")
        await type_into(pilot, "#field-include-rounds", "2")
        assert screen.checked.ok, screen.checked.problems
        assert str(screen.query_one("#builder-timeline").render()).count("Reach") == 2


async def test_ctrl_z_takes_back_edits_and_a_commented_file_keeps_its_comments_when_saved(
    bundled_dir: Path, user_routines: Path
) -> None:
    app = app_with(bundled_dir, user_routines, ("neck-unwind.toml", MINE))
    mine = user_routines / "neck-unwind.toml"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mine(pilot)
        assert screen.path == mine and not screen.stack.dirty
        await select(pilot, 1)
        await pilot.press("d")  # a copy of the tilt
        await pilot.pause()
        assert len(screen.draft.steps) == 2
        await type_into(pilot, "#field-step-name", "Slow", keys=True)
        assert screen.draft.get(("steps", 2, "name")) == "Slow"
        await pilot.press("ctrl+z")  # the whole word, not its last letter
        await pilot.pause()
        assert screen.draft.get(("steps", 2, "name")) == "Tilt"
        assert screen.query_one("#field-step-name", Input).value == "Tilt"
        await pilot.press("ctrl+z")  # the copied step
        await pilot.pause()
        assert len(screen.draft.steps) == 1
        assert not screen.stack.dirty  # back to what the file holds
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert len(screen.draft.steps) == 2
        # Issue 14: the routine's own file is edited in place, so its comments stay and there is
        # nothing to ask (this test used to find them asked about, then lost).
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert builder(pilot) is screen and not screen.stack.dirty
        saved = mine.read_text(encoding="utf-8")
        assert saved.startswith("# My own neck routine, written by hand.\n")
        assert "hold = 40  # long enough to let go" in saved
        await select(pilot, 0)
        await type_into(pilot, "#field-routine-routine-summary", "Two slower tilts.")
        await pilot.press("ctrl+s")  # still in place: nothing to warn of
        await pilot.pause()
        assert builder(pilot) is screen and not screen.stack.dirty
        await pilot.press("escape", "escape")  # saved: leaves without asking
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
    loaded = read_routine_file(mine)
    assert loaded.routine is not None and loaded.routine.summary == "Two slower tilts."
    assert len(loaded.routine.steps) == 2


async def test_saving_over_a_routine_of_the_same_id_asks_first(
    bundled_dir: Path, user_routines: Path
) -> None:
    app = app_with(bundled_dir, user_routines, ("neck-unwind.toml", MINE))
    mine = user_routines / "neck-unwind.toml"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_new(pilot)
        await type_into(pilot, "#field-routine-routine-name", "Neck unwind")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "already have a routine “neck-unwind”" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert mine.read_text(encoding="utf-8") == MINE
        assert "nothing was replaced" in str(screen.query_one("#builder-status").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")  # replace it
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)  # and it had comments: asked about those too
        assert "comments" in app.screen.question
        await pilot.press("y")
        await pilot.pause()
        assert builder(pilot) is screen
    replaced = read_routine_file(mine)
    assert replaced.ok and replaced.routine is not None
    assert replaced.routine.summary == "A routine of my own."


async def test_a_bundled_routine_is_copied_first_and_leaving_unsaved_asks(
    bundled_dir: Path, user_routines: Path
) -> None:
    app = app_with(bundled_dir, user_routines)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")  # "Shipped stretch" is the only routine
        await pilot.pause()
        screen = builder(pilot)
        assert screen.path is None
        assert screen.draft.name == "Shipped stretch (my copy)"
        assert "your copy" in str(screen.query_one("#builder-status").render())
        await pilot.press("escape")  # a copy not saved yet is a change
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "not saved" in app.screen.question
        await pilot.press("n")  # stay
        await pilot.pause()
        assert builder(pilot) is screen
        await pilot.press("ctrl+q")  # quitting the whole app asks as well
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "Quit and lose them?" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert builder(pilot) is screen and app.is_running
        await type_into(pilot, "#field-routine-routine-name", "Shipped stretch")
        await pilot.press("ctrl+s")  # the bundled one's id: yours would play in its place
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "bundled routine's id" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        await type_into(pilot, "#field-routine-routine-name", "Shipped stretch (my copy)")
        await pilot.press("escape", "ctrl+s")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        library_screen = app.screen
        assert isinstance(library_screen, LibraryScreen)
        assert "shipped-stretch-my-copy" in library_screen.timelines  # listed at once
        await pilot.press("n")  # a new one, left at once: asked, and nothing written
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
    assert (bundled_dir / "shipped-stretch.toml").read_text(encoding="utf-8") == BUNDLED
    assert [p.name for p in user_routines.iterdir()] == ["shipped-stretch-my-copy.toml"]
    assert read_routine_file(user_routines / "shipped-stretch-my-copy.toml").ok


async def test_fit_to_time_shows_what_changes_and_try_it_plays_the_fitted_draft_unsaved(
    bundled_dir: Path, user_routines: Path
) -> None:
    app = app_with(bundled_dir, user_routines, ("neck-unwind.toml", MINE))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_mine(pilot)  # prep 5 s, 40 s a side, 5 s to switch: 1:30
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, FitScreen)
        await pilot.press("1")
        await pilot.pause()
        changes = str(app.screen.query_one("#fit-changes").render())
        assert "1:30 → 1:00" in changes and "hold 40 s → 25 s" in changes
        await pilot.press("enter")
        await pilot.pause()
        assert builder(pilot) is screen
        assert screen.checked.timeline is not None
        assert screen.checked.timeline.planned_seconds == 60
        assert screen.stack.dirty  # shown and applied, not saved
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert screen.checked.timeline is not None
        assert screen.checked.timeline.planned_seconds == 90
        await pilot.press("ctrl+y")
        await type_into(pilot, "#field-routine-routine-caution", "Ease off if it hurts.")
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, CautionScreen)
        assert app.screen.routine.caution == "Ease off if it hurts."
        await pilot.press("enter")
        await pilot.pause()
        player = app.screen
        assert isinstance(player, PlayerScreen)
        assert player.timeline.planned_seconds == 60
        assert screen in app.screen_stack  # the builder waits underneath, draft and all
    assert (user_routines / "neck-unwind.toml").read_text(encoding="utf-8") == MINE

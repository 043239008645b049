"""The builder edits a step's set-up, position and areas (issue 13): the set-up as text, the
position chosen from the format's words, the areas typed as words; all three are saved."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select, TextArea

from tests.app.builder_open import app_with_own, first_step_in_builder
from tui.core.loader import read_routine_file

MINE = """\
format = 1

[routine]
name = "Wall work"
summary = "One spot."
areas = ["upper-back", "mid-back"]

[[steps]]
name = "Ball at the wall"
setup = "Stand with your back to a wall."
instructions = "Lean in."
hold = 40
position = "standing"
"""


async def test_a_steps_set_up_position_and_areas_are_edited_and_saved(
    tmp_path: Path, user_routines: Path
) -> None:
    app = app_with_own(tmp_path, user_routines, "wall-work.toml", MINE)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await first_step_in_builder(pilot)
        setup = screen.query_one("#field-step-setup", TextArea)
        assert setup.text == "Stand with your back to a wall."
        position = screen.query_one("#field-step-position", Select)
        assert position.value == "standing"
        position.focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"wall", "enter")
        await pilot.pause()
        assert position.value == "wall"
        screen.query_one("#field-step-areas", Input).value = "mid-back"
        setup.load_text("Back to the wall, the ball between it and your back.")
        await pilot.pause()
        assert screen.checked.ok, screen.checked.problems
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = read_routine_file(user_routines / "wall-work.toml")
        assert saved.ok and saved.routine is not None
        step = saved.routine.steps[0]
        assert (step.setup, step.position, step.areas) == (
            "Back to the wall, the ball between it and your back.",
            "wall",
            ("mid-back",),
        )


async def test_a_wrong_area_word_is_shown_beside_its_field(
    tmp_path: Path, user_routines: Path
) -> None:
    app = app_with_own(tmp_path, user_routines, "wall-work.toml", MINE)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await first_step_in_builder(pilot)
        screen.query_one("#field-step-areas", Input).value = "mid-bak"
        await pilot.pause()
        [problem] = screen.checked.problems
        assert problem.key == "steps[1].areas[1]" and "'mid-back'" in problem.hint

"""The builder offers the bundled figures as a list to choose a step's `figure` from."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Select

from tests.app.builder_open import app_with_own, first_step_in_builder
from tui.core.loader import read_routine_file

MINE = """\
format = 1

[routine]
name = "Hip opener"
summary = "One pose."
areas = ["hips"]

[[steps]]
name = "Pigeon"
hold = 40
figure = "pigeon"
"""


async def test_a_steps_figure_is_chosen_from_the_list_and_saved(
    tmp_path: Path, user_routines: Path
) -> None:
    app = app_with_own(tmp_path, user_routines, "hip-opener.toml", MINE)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await first_step_in_builder(pilot)
        choice = screen.query_one("#field-step-figure", Select)
        assert choice.value == "pigeon"  # the file's figure is the one chosen
        choice.focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"sphinx", "enter")
        await pilot.pause()
        assert choice.value == "sphinx"
        assert screen.checked.ok, screen.checked.problems
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = read_routine_file(user_routines / "hip-opener.toml")
        assert saved.ok and saved.routine.steps[0].figure == "sphinx"
        # Choosing none takes the key out of the file.
        choice.clear()
        await pilot.pause()
        assert screen.checked.ok and screen.checked.routine.steps[0].figure == ""

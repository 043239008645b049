"""The builder keeps what a person wrote: saving a hand-written routine edits its file in place,
every comment, blank line and key order where it was, and asks only about a comment whose place
is gone."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from tui.app.screens.builder import BuilderScreen
from tui.app.screens.confirm import ConfirmScreen
from tui.app.unknot import UnknotApp
from tui.core.in_place import comments
from tui.core.library import Library
from tui.core.loader import read_routine_file
from tui.core.paths import bundled_routines

SIZE = (100, 30)


def builder(pilot: Pilot[object]) -> BuilderScreen:
    screen = pilot.app.screen
    assert isinstance(screen, BuilderScreen), pilot.app.screen_stack
    return screen


async def type_into(pilot: Pilot[object], selector: str, text: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    field.value = text
    await pilot.pause()


async def select(pilot: Pilot[object], option: int) -> None:
    screen = builder(pilot)
    screen.outline.focus()
    screen.outline.highlighted = option
    await pilot.pause()


def copy_of_the_reset(user_routines: Path) -> tuple[UnknotApp, Path]:
    mine = user_routines / "back-reset-15.toml"
    shutil.copyfile(bundled_routines() / "back-reset-15.toml", mine)
    library = Library.load(bundled_routines(), user_routines)
    assert library.routines["back-reset-15"].path == mine  # the copy shadows the bundled one
    return UnknotApp(library), mine


async def test_a_hand_written_routine_keeps_every_comment_where_it_was(
    user_routines: Path,
) -> None:
    app, mine = copy_of_the_reset(user_routines)
    before = mine.read_text(encoding="utf-8")
    assert len(comments(before)) > 20
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_builder(app.library.routines["back-reset-15"])
        await pilot.pause()
        await select(pilot, 2)  # the doorway stretch, hold = 30
        await type_into(pilot, "#field-step-hold", "40")
        await select(pilot, 0)
        await type_into(pilot, "#field-routine-routine-name", "My back reset")
        assert builder(pilot).checked.ok, builder(pilot).checked.problems
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert builder(pilot) is not None and not builder(pilot).stack.dirty  # nothing asked
    after = mine.read_text(encoding="utf-8")
    old_lines, new_lines = before.splitlines(), after.splitlines()
    assert len(new_lines) == len(old_lines)
    changed = [(a, b) for a, b in zip(old_lines, new_lines, strict=True) if a != b]
    assert changed == [
        ('name = "15-minute back reset"', 'name = "My back reset"'),
        ("hold = 30", "hold = 40"),
    ]
    for number, line in enumerate(old_lines):
        if "#" in line and line.lstrip().startswith("#"):
            assert new_lines[number] == line  # every comment on its own line, where it was
    assert comments(after) == comments(before)
    loaded = read_routine_file(mine)
    assert loaded.routine is not None and loaded.routine.name == "My back reset"


MINE = """\
# Two steps, by hand.
format = 1

[routine]
name = "Neck unwind"
summary = "Two slow tilts."
areas = ["neck"]

[[steps]]
# slow and easy
name = "Tilt"
hold = 40  # long enough to let go

[[steps]]
name = "Turn"  # look over the shoulder
hold = 30
"""


async def test_removing_a_commented_step_asks_first_and_keeps_the_rest(
    user_routines: Path,
) -> None:
    mine = user_routines / "neck-unwind.toml"
    mine.write_text(MINE, encoding="utf-8")
    app = UnknotApp(Library.load(None, user_routines))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_builder(app.library.routines["neck-unwind"])
        await pilot.pause()
        await select(pilot, 1)
        await pilot.press("delete")
        await pilot.pause()
        assert len(builder(pilot).draft.steps) == 1
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        question = app.screen.question
        assert "2 comments" in question and "# slow and easy" in question
        assert "look over the shoulder" not in question  # its step is still there
        await pilot.press("n")
        await pilot.pause()
        assert mine.read_text(encoding="utf-8") == MINE
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    saved = mine.read_text(encoding="utf-8")
    assert saved.startswith("# Two steps, by hand.\n")
    assert 'name = "Turn"  # look over the shoulder' in saved
    assert "slow and easy" not in saved

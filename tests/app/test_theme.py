"""config.toml's theme: put on at start, and a theme chosen from the command palette saved there
with the rest of the file (its comments too) as the person wrote it."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.command import CommandList, CommandPalette

from tui.app.settings import check_theme
from tui.core.config import load_config

if TYPE_CHECKING:
    from conftest import AppFactory
    from textual.pilot import Pilot

CONFIG = """\
# My settings, kept by hand.
theme = "nord"   # calm at night

[sound]
backend = "bell"  # the others wake the house
"""


async def choose(pilot: Pilot[object], *typed: str) -> None:
    """Type into the open command palette and run its first answer, once it has one."""
    await pilot.press(*typed)
    results = pilot.app.screen.query_one(CommandList)
    for _ in range(200):  # the palette searches in a worker: wait for its answer, bounded
        if results.option_count:
            break
        await pilot.pause(0.01)
    await pilot.press("enter")
    await pilot.pause()


async def test_the_config_theme_is_on_and_one_chosen_in_the_palette_is_saved(
    bell_only: Path, make_app: AppFactory
) -> None:
    bell_only.write_text(CONFIG, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
        assert bell_only.read_text(encoding="utf-8") == CONFIG  # nothing written for nothing
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await choose(pilot, *"theme")
        await choose(pilot, *"textual-light")
        assert app.theme == "textual-light"
    assert bell_only.read_text(encoding="utf-8") == CONFIG.replace('"nord"', '"textual-light"')
    assert load_config(bell_only).theme.value == "textual-light"


async def test_a_theme_is_added_to_a_config_without_one(bell_only: Path, make_app) -> None:
    before = bell_only.read_text(encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.theme = "gruvbox"
        await pilot.pause()
    assert bell_only.read_text(encoding="utf-8") == 'theme = "gruvbox"\n\n' + before


def test_an_unknown_theme_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('# mine\ntheme = "nordd"\n', encoding="utf-8")
    config = load_config(path)
    name, [problem] = check_theme(config.theme, ["nord", "textual-dark"], config.path)
    assert name is None
    assert (problem.file, problem.line, problem.key) == (path, 2, "theme")
    assert "did you mean 'nord'" in problem.message and "default" in problem.hint

"""config.toml's [keys] remaps bindings by id: the player answers to the new key (and not the old
one), the footer, the help screen and the palette show it, and a bad entry is named with its file,
line and key while its binding keeps the default."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.command import CommandList
from textual.widgets import Footer, Input, Static

from tui.app.screens.builder_fit import FitScreen
from tui.app.screens.checkin import CheckInScreen
from tui.app.screens.help import HelpScreen
from tui.app.settings import check_keymap, key_name
from tui.app.unknot import UnknotApp
from tui.app.widgets.instructions import KindLabel
from tui.core.config import load_config
from tui.core.library import Library

if TYPE_CHECKING:
    from conftest import AppFactory, Drive
    from fakes import FakeClock

KEYS = """
[keys]
"player.skip" = "k"       # line 5
player.pause = "x,ctrl+x" # line 6
player.skp = "j"          # line 7: no such id
player.mute = "q"         # line 8: q already stops the player
[keys.library]
help = "?"                # line 10: its own default, written the other way
"""


def keys_of(bell_only: Path) -> Path:
    bell_only.write_text(bell_only.read_text() + KEYS, encoding="utf-8")
    return bell_only


def test_each_bad_entry_is_named_with_its_file_line_and_key(bell_only: Path) -> None:
    config = load_config(keys_of(bell_only))
    keymap, problems = check_keymap(config.keys, config.path)
    assert keymap == {
        "player.skip": "k",
        "player.pause": "x,ctrl+x",
        "library.help": "question_mark",
    }
    assert [(p.file, p.line, p.key) for p in problems] == [
        (bell_only, 7, "keys.player.skp"),
        (bell_only, 8, "keys.player.mute"),
    ]
    assert "did you mean 'player.skip'" in problems[0].message
    assert "'q' is already the key of player.stop in the player screen" in problems[1].message
    assert "default is kept" in problems[1].hint


def test_a_swap_is_no_clash_and_a_short_id_names_one_binding() -> None:
    from tui.core.config import Setting

    swap = [Setting("keys.player.skip", "p", 1), Setting("keys.player.back", "n", 2)]
    assert check_keymap(swap, None) == ({"player.skip": "p", "player.back": "n"}, [])
    _, problems = check_keymap([Setting("keys.skip", "z", 3)], None)
    assert "several bindings" in problems[0].message and "player.skip" in problems[0].message
    keymap, problems = check_keymap([Setting("keys.star_routine", "S", 4)], None)
    assert problems and "several" in problems[0].message
    keymap, problems = check_keymap([Setting("keys.another_spot", "w", 4)], None)
    assert keymap == {} and problems  # its id is player.spot
    _, problems = check_keymap([Setting("keys.player.skip", "ctrl+nothing", 5)], None)
    assert "'ctrl+nothing' is not a key" in problems[0].message
    assert key_name("?") == "question_mark" and key_name("ctrl+k") == "ctrl+k"


async def test_a_remapped_player_key_plays_and_is_shown_everywhere(
    bell_only: Path, make_app: AppFactory, drive: Drive
) -> None:
    keys_of(bell_only)
    app = make_app()
    told: list[str] = []
    app.notify = lambda message, *a, **k: told.append(str(message))  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await drive.begin(pilot)
        assert str(screen.query_one(KindLabel).render()) == "GET READY"
        await pilot.press("n")  # no longer skips
        await pilot.pause()
        assert str(screen.query_one(KindLabel).render()) == "GET READY"
        await pilot.press("k")
        await pilot.pause()
        assert str(screen.query_one(KindLabel).render()) == "HOLD"
        await pilot.press("x")
        await pilot.pause()
        assert screen.player.state == "paused"
        # The screen's own words say the key that works, not the default (space).
        assert str(screen.query_one("#banner", Static).render()) == "PAUSED · x to resume"
        await pilot.press("m")  # mute kept its default: its clashing entry was left out
        await pilot.pause()
        assert app.muted
        footer = " ".join(str(w.render()) for w in screen.query_one(Footer).query("FooterKey"))
        assert "k skip" in footer and "x pause" in footer
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        cells = [str(c.render()) for c in app.screen.query(Static).results()]
        assert "k" in cells and "x / ctrl+x" in cells and "n / →" not in cells
        await pilot.press("escape", "ctrl+p", *"skip")
        results = app.screen.query_one(CommandList)
        for _ in range(200):  # the palette searches in a worker: wait for its answer, bounded
            if any("skip" in str(o.prompt) for o in results.options):
                break
            await pilot.pause(0.01)
        assert "k · End this part now" in str(results.get_option_at_index(0).prompt)
    assert any(f"{bell_only}:7: keys.player.skp" in note for note in told)
    assert any(f"{bell_only}:8: keys.player.mute" in note for note in told)


def test_readme_lists_every_binding_with_the_keys_of_the_table() -> None:
    from tui.app.settings import key_table_markdown

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    # `python scripts/key_table.py` rewrites it after a change to tui/app/keys.py
    assert f"<!-- keys:begin -->\n{key_table_markdown()}<!-- keys:end -->" in readme
    assert "| `player.skip` | n / → |" in readme


async def test_a_screens_own_words_name_the_keys_config_gave_its_bindings(
    bell_only: Path, make_app: AppFactory
) -> None:
    moved = '[keys]\n"caution.begin" = "b"\n"caution.back" = "x"\n'
    bell_only.write_text(bell_only.read_text() + moved, encoding="utf-8")
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        words = str(app.screen.query_one("#caution-keys", Static).render())
        assert words == "b to begin · x to go back"
        await pilot.press("enter")  # no longer begins
        await pilot.pause()
        assert app.screen.query("#caution-keys")
        await pilot.press("b")
        await pilot.pause()
        assert not app.screen.query("#caution-keys")


async def test_the_check_in_fit_dialog_help_and_library_name_the_keys_config_gave(
    bell_only: Path, library: Library, clock: FakeClock
) -> None:
    moved = (
        '[keys]\n"checkin.pick" = "p"\n"checkin.skip" = "u"\n"fit.apply" = "f2"\n'
        '"fit.cancel" = "f3"\n"help.close" = "x"\n"library.today" = "T"\n"library.filter" = "F"\n'
    )
    bell_only.write_text(bell_only.read_text() + moved, encoding="utf-8")
    app = UnknotApp(library, clock=clock)
    told: list[str] = []
    app.notify = lambda message, *a, **k: told.append(str(message))  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert not told  # every entry above was taken
        assert str(app.screen.query_one("#today-entry", Static).render()).startswith(" T  Today")
        assert app.screen.query_one("#filter-text", Input).placeholder.startswith("F type")
        await pilot.press("T")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        hint = app.screen.query_one("#checkin-area-keys", Static)
        assert str(hint.render()) == "p picks it · 0–10 picks and rates it · u picks it unrated"
        await pilot.press("space")  # no longer picks
        await pilot.pause()
        assert not app.screen.picked
        await pilot.press("enter")  # nothing picked: the warning names the key that picks
        await pilot.pause()
        assert told[-1].startswith("Pick at least one area first: p on the map")
        await pilot.press("p")
        await pilot.pause()
        assert str(hint.render()) == "0–10 or ← → rate it · u takes the rating back · p unpicks it"
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert str(app.screen.query_one("#help-box").border_subtitle) == "x closes"
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)
        app.push_screen(FitScreen(library.routines["test-routine"], library.get))
        await pilot.pause()
        assert str(app.screen.query_one("#fit-keys", Static).render()) == "f2 applies · f3 cancels"
        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, CheckInScreen)

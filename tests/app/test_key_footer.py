"""The footer is built again when the keys it shows change, and only then (issue 16)."""

from __future__ import annotations

from pathlib import Path

from tui.app.unknot import UnknotApp
from tui.app.widgets.key_footer import KeyFooter
from tui.core.library import Library

DATA = Path(__file__).resolve().parents[1] / "data" / "library"


def keys(app: UnknotApp) -> list[tuple[int, str]]:
    """Each key widget of the footer (which object it is) and what it shows."""
    footer = app.screen.query_one(KeyFooter)
    return [(id(key), str(key.render())) for key in footer.children]


async def test_a_bindings_signal_with_the_same_keys_leaves_the_footer_as_it_is() -> None:
    app = UnknotApp(Library.load(DATA, None))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        before = keys(app)
        assert any("Play" in words for _, words in before)
        app.screen.refresh_bindings()  # what a focus change or a pushed screen sends
        await pilot.pause()
        assert keys(app) == before  # the very same widgets: nothing was built again


async def test_a_key_that_changes_is_shown_at_once() -> None:
    app = UnknotApp(Library.load(DATA, None))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        before = keys(app)
        app.set_keymap({"library.history": "y"})  # set_keymap sends the bindings signal
        await pilot.pause()
        after = keys(app)
        history = [words for _, words in after if "History" in words or "history" in words]
        assert history and history[0].split()[0] == "y"
        assert after != before

"""The one private Textual attribute unknot uses (tui/app/terminal.py): the app's driver, through
which the player writes the window title. This fails the day Textual renames or changes it."""

from __future__ import annotations

import pytest
from textual.app import App
from textual.driver import Driver

from tui.app.terminal import write_to_terminal


async def test_an_escape_goes_to_the_terminal_through_textuals_driver(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app: App[None] = App()
    async with app.run_test():
        driver = app._driver  # what write_to_terminal relies on
        assert isinstance(driver, Driver)
        assert not write_to_terminal(app, "\x1b]2;title\x07")  # headless: nothing is written
        written: list[str] = []
        with monkeypatch.context() as patch:  # as on a real terminal, for one write
            patch.setattr(driver, "write", written.append)
            patch.setattr(type(driver), "is_headless", property(lambda _: False))
            assert write_to_terminal(app, "\x1b]2;title\x07")
        assert written == ["\x1b]2;title\x07"]

"""Every key of a screen, read from the same table as its footer and the command palette."""

from __future__ import annotations

from collections.abc import Iterator

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.app.keys import HELP_KEYS, described, key_words
from tui.app.settings import bindings_in_force, keymap_of, remapped_words


def key_rows(bindings: tuple[Binding, ...]) -> Iterator[tuple[str, str, str]]:
    """(keys as people read them, label, what it does) for each described binding."""
    for binding in described(bindings):
        yield key_words(binding), binding.description, binding.tooltip


class HelpScreen(ModalScreen[None]):
    """The keys of the screen below, as config.toml's [keys] left them; Esc, q or ? closes it."""

    CSS_PATH = "help.tcss"
    BINDINGS = list(HELP_KEYS)

    def __init__(self, title: str, bindings: tuple[Binding, ...]) -> None:
        super().__init__()
        self.title_text = title
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box") as box:
            box.border_title = self.title_text
            close = remapped_words(self.app, HELP_KEYS).get("help.close", "Esc")
            box.border_subtitle = f"{close} closes"
            with Grid(id="help-keys"):
                in_force = bindings_in_force(self.bindings, keymap_of(self.app))
                for keys, label, tooltip in key_rows(in_force):
                    yield Static(Content(keys), classes="help-key")
                    yield Static(Content(label), classes="help-label")
                    yield Static(Content(tooltip), classes="help-text")

    def action_close(self) -> None:
        self.dismiss(None)

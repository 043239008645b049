"""Every key of a screen, read from the same table as its footer and the command palette."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.keys import HELP_KEYS, described, key_words


def key_lines(bindings: tuple[Binding, ...]) -> Content:
    """One line per key: the keys as people read them, the label, and what it does."""
    rows = [(key_words(b), b.description, b.tooltip) for b in described(bindings)]
    width = max((len(keys) for keys, _, _ in rows), default=0)
    lines = [
        Content.assemble(
            (keys.ljust(width), "bold $accent"), "  ", (label, "bold"), f"  {tooltip}".rstrip()
        )
        for keys, label, tooltip in rows
    ]
    return Content("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    """The keys of the screen below; Esc, q or ? closes it."""

    CSS_PATH = "help.tcss"
    BINDINGS = list(HELP_KEYS)

    def __init__(self, title: str, bindings: tuple[Binding, ...]) -> None:
        super().__init__()
        self.title_text = title
        self.bindings = bindings

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box", can_focus=False) as box:
            box.border_title = self.title_text
            box.border_subtitle = "Esc closes"
            yield Static(key_lines(self.bindings), id="help-keys")

    def action_close(self) -> None:
        self.dismiss(None)

"""The routine's caution, before its first step.

A caution ("stop if you feel tingling") is only worth something if it is read before the pressure
starts, so it gets a screen of its own that waits for Enter; Escape goes back without playing.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from tui.app.commands import KeyCommands
from tui.app.keys import CAUTION_KEYS
from tui.app.settings import remapped_words
from tui.app.shown import shown
from tui.app.widgets.key_footer import KeyFooter
from tui.core.routine import Routine


class CautionScreen(Screen[bool]):
    """Dismissed with True to begin, False to go back."""

    CSS_PATH = "caution.tcss"
    BINDINGS = list(CAUTION_KEYS)
    KEYS = CAUTION_KEYS
    COMMANDS = {KeyCommands}
    AUTO_FOCUS = None

    def __init__(self, routine: Routine) -> None:
        super().__init__()
        self.routine = routine

    def compose(self) -> ComposeResult:
        with Vertical(id="caution-box"):
            yield Static(shown(self.routine.name), id="caution-routine")
            yield Static("before you start", id="caution-title")
            with VerticalScroll(id="caution-scroll", can_focus=False):
                yield Static(shown(self.routine.caution.strip(), multiline=True), id="caution-text")
            keys = remapped_words(self.app, CAUTION_KEYS)  # the words say the keys in force
            begin, back = keys.get("caution.begin", "Enter"), keys.get("caution.back", "Esc")
            yield Static(shown(f"{begin} to begin · {back} to go back"), id="caution-keys")
        yield KeyFooter()

    def action_begin(self) -> None:
        self.dismiss(True)

    def action_back(self) -> None:
        self.dismiss(False)

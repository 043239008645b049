"""A yes/no question in a modal, for actions that cannot be taken back (stopping a routine).

The routine keeps running behind the question: asking must not change the timeline, and a person
who hesitates is usually still holding the stretch.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.app.keys import CONFIRM_KEYS
from tui.app.shown import shown


class ConfirmScreen(ModalScreen[bool]):
    """Dismissed with True for yes. The yes button has the focus, so Enter says yes too."""

    CSS_PATH = "confirm.tcss"
    BINDINGS = list(CONFIRM_KEYS)
    KEYS = CONFIRM_KEYS

    def __init__(self, question: str, yes: str = "yes", no: str = "no") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(shown(self.question, multiline=True), id="confirm-question")
            with Horizontal(id="confirm-buttons"):
                yield Button(f"{self.yes} (y)", variant="error", id="confirm-yes")
                yield Button(f"{self.no} (n)", variant="primary", id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-yes", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

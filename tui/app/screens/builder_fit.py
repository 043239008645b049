"""Fit to N minutes, shown before it happens: the builder's question and the player's.

In the builder the person types the minutes and sees, as they type, what fitting would change;
Enter applies it to the draft (ctrl+z takes it back). Before `unknot play ID --minutes N` the
same list of changes is asked about once, so nothing plays that the person did not see.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from tui.app.builder_keys import FIT_KEYS
from tui.app.host import unknot_app
from tui.app.screens.confirm import ConfirmScreen
from tui.app.settings import remapped_words
from tui.app.shown import shown as shown_content
from tui.core.durations import format_clock
from tui.core.fit import FitResult, fit_to_minutes
from tui.core.routine import Routine
from tui.core.timeline import IncludeError, Resolver, build_timeline


def fit_text(result: FitResult) -> Text:
    """What fitting changed, one line each (the first says the length before and after)."""
    return Text("\n".join(f"• {change}" for change in result.changes or ["nothing to change"]))


def fit_answer(routine: Routine, typed: str, resolve: Resolver) -> FitResult | str:
    """The fit for the minutes typed, or why there is none (a sentence to show)."""
    try:
        minutes = float(typed.strip().replace(",", "."))
    except ValueError:
        return "type a number of minutes, like 10 or 7.5"
    try:
        return fit_to_minutes(routine, minutes, resolve)
    except (ValueError, IncludeError) as exc:
        return str(exc)


class FitScreen(ModalScreen[FitResult | None]):
    """Dismissed with the fit to apply, or None."""

    CSS_PATH = "builder.tcss"
    BINDINGS = list(FIT_KEYS)

    def __init__(self, routine: Routine, resolve: Resolver) -> None:
        super().__init__()
        self.routine = routine
        self.resolve = resolve
        self.result: FitResult | str = "type a number of minutes"

    def compose(self) -> ComposeResult:
        planned = build_timeline(self.routine, self.resolve).planned_seconds
        with Vertical(id="fit-box"):
            yield Static(f"Fit “{self.routine.name}” ({format_clock(planned)}) to", id="fit-title")
            yield Input(placeholder="minutes", id="fit-minutes")
            yield Static(self.shown(), id="fit-changes")
            keys = remapped_words(self.app, FIT_KEYS)  # the words say the keys in force
            apply, cancel = keys.get("fit.apply", "Enter"), keys.get("fit.cancel", "Esc")
            yield Static(shown_content(f"{apply} applies · {cancel} cancels"), id="fit-keys")

    @on(Input.Changed, "#fit-minutes")
    def _typed(self, event: Input.Changed) -> None:
        self.result = fit_answer(self.routine, event.value, self.resolve)
        self.query_one("#fit-changes", Static).update(self.shown())

    def shown(self) -> Text | str:
        """What fitting to the typed minutes changes, or why it cannot."""
        return fit_text(self.result) if isinstance(self.result, FitResult) else self.result

    def action_apply(self) -> None:
        if isinstance(self.result, FitResult):
            self.dismiss(self.result)

    def action_cancel(self) -> None:
        self.dismiss(None)


def play_fitted(app: App[Any], result: FitResult) -> None:
    """Ask about what fitting changed; yes plays the fitted routine, no leaves the library."""

    def answered(yes: bool | None) -> None:
        if yes:
            unknot_app(app).open_player(result.routine)

    question = Text(f"Fitted “{result.routine.name}”\n", style="bold")
    question.append_text(fit_text(result))
    question.append("\n\nPlay it like this?")
    app.push_screen(ConfirmScreen(question.plain, yes="play", no="back"), answered)

"""The way through one routine: caution → tension question → player → summary → (again | back).

Each screen only says how it ended (begin or not, a rating or none, the session record, again or
leave); this module alone decides what comes next, so the screens stay free of each other and the
app needs one call.

The tension question comes before a session chosen inside the app (the library, the history).
`unknot play ID` and `unknot replay` start at once, as asked on the command line, and "play again"
takes the rating just given on the summary as the new session's "before": it was asked a moment
ago, and asking twice in a row would be noise.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App

from tui.app.host import unknot_app
from tui.app.screens.caution import CautionScreen
from tui.app.screens.player import PlayerScreen
from tui.app.screens.rating import RatingScreen
from tui.app.screens.summary import SummaryScreen
from tui.core.player_records import SessionRecord
from tui.core.routine import Routine
from tui.core.timeline import Timeline

if TYPE_CHECKING:
    from tui.core.history import HistoryStore


def history_of(app: App[Any]) -> HistoryStore | None:
    """The app's history store, or None when it has none (or could not open one)."""
    return unknot_app(app).history()


def play_screens(
    app: App[Any],
    routine: Routine,
    timeline: Timeline,
    *,
    ask_tension: bool = False,
    tension_before: int | None = None,
    caution_read: bool = False,
    done: Callable[[], None] | None = None,
) -> None:
    """Show the routine's caution (if it has one and it was not shown already: `caution_read`),
    the tension question (`ask_tension`, and only when the session will be kept; else
    `tension_before` is the session's "before"), then play it; the summary follows the end.
    `done` is called once the way through is over (the screen that started it then reads the
    history again)."""

    def finished() -> None:
        if done is not None:
            done()

    def play(tension_before: int | None) -> None:
        player = PlayerScreen(timeline, tension_before=tension_before)

        def summarize(record: SessionRecord | None) -> None:
            if record is None:
                finished()
                return
            summary = SummaryScreen(
                timeline,
                record,
                session_id=player.session_id,  # None while its row waits for a locked file
                id_for=player.wait_session_id if player.keeps_history else None,
                store=history_of(app),
            )
            app.push_screen(summary, callback=lambda choice: after_summary(choice, summary))

        app.push_screen(player, callback=summarize)

    def after_summary(choice: str | None, summary: SummaryScreen) -> None:
        if choice == "again":
            play(summary.rating)
        else:
            finished()

    def ask() -> None:
        if ask_tension and history_of(app) is not None:
            app.push_screen(RatingScreen(routine.areas), callback=play)
        else:
            play(tension_before)

    def after_caution(begin: bool | None) -> None:
        if begin:
            ask()
        else:
            finished()

    if routine.caution.strip() and not caution_read:
        app.push_screen(CautionScreen(routine), callback=after_caution)
    else:
        ask()

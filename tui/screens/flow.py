"""The way through one routine: caution → player → summary → (play again | back).

Each screen only says how it ended (begin or not, the session record, again or leave); this module
alone decides what comes next, so the screens stay free of each other and the app needs one call.
"""

from __future__ import annotations

from typing import Any

from textual.app import App

from tui.core.player import SessionRecord
from tui.core.routine import Routine
from tui.core.timeline import Timeline
from tui.screens.caution import CautionScreen
from tui.screens.player import PlayerScreen
from tui.screens.summary import SummaryScreen


def play_screens(app: App[Any], routine: Routine, timeline: Timeline) -> None:
    """Show the routine's caution (if it has one), then play it; the summary follows the end."""

    def play() -> None:
        app.push_screen(PlayerScreen(timeline), callback=summarize)

    def summarize(record: SessionRecord | None) -> None:
        if record is not None:
            app.push_screen(SummaryScreen(timeline, record), callback=after_summary)

    def after_summary(choice: str | None) -> None:
        if choice == "again":
            play()

    def after_caution(begin: bool | None) -> None:
        if begin:
            play()

    if routine.caution.strip():
        app.push_screen(CautionScreen(routine), callback=after_caution)
    else:
        play()

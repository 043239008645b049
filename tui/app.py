"""The Textual app: holds the library, the clock and the trace target, and switches screens.

Screens and widgets live in their own modules; this file only wires them together, so it stays
small as features arrive.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive

from tui.core.loader import Library
from tui.core.routine import Routine
from tui.screens.library import LibraryScreen


class UnknotApp(App[None]):
    """unknot's full-screen app. `clock` is injected so tests can freeze or drive time."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    TITLE = "unknot"
    SUB_TITLE = "release back knots"
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", id="app.quit", show=False),
    ]

    muted: reactive[bool] = reactive(False)
    sound_label: reactive[str] = reactive("sound: bell")

    def __init__(
        self,
        library: Library,
        clock: Callable[[], float] = time.monotonic,
        trace_path: Path | None = None,
        play: Routine | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.clock = clock
        self.trace_path = trace_path
        self._play_first = play

    def on_mount(self) -> None:
        self.push_screen(LibraryScreen(self.library))
        if self._play_first is not None:
            self.open_player(self._play_first)

    def open_player(self, routine: Routine) -> None:
        """Play `routine`: its caution first (if any), then the player, then the summary."""
        from tui.screens.flow import play_screens

        play_screens(self, routine, self.library.timeline(routine))


def run_app(library: Library, play: Routine | None = None, trace_path: Path | None = None) -> None:
    UnknotApp(library, trace_path=trace_path, play=play).run()

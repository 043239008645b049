"""What a screen may ask of unknot's app, and the one typed way to reach it.

Screens run only inside UnknotApp (or the reminder's and the builder's variants of it). They used
to guess at it (`getattr(self.app, "history", None)`, a cast, `# type: ignore`); now a screen reads
`self.unknot_app`, which checks with isinstance and gives the type checker the app as it is.
`UnknotHost` declares what the screens use and UnknotApp fills it in: the screens cannot import
UnknotApp itself, because tui/app/unknot.py imports them (tests/unit/test_layout.py finds such a
circle).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from textual.app import App
from textual.reactive import reactive
from textual.screen import Screen

from tui.app.settings import KeymappedApp

if TYPE_CHECKING:
    from tui.core.history import HistoryStore
    from tui.core.library import Library
    from tui.core.routine import Routine
    from tui.core.timeline import Timeline
    from tui.session.outputs import SessionOut

ResultType = TypeVar("ResultType")
HistoryWork = Callable[["HistoryStore"], Any]  # a write to the history, run off the loop


class UnknotHost(KeymappedApp):
    """UnknotApp as its screens see it. The methods are UnknotApp's; here they only say so."""

    muted: reactive[bool] = reactive(False)  # lasts from one session to the next

    library: Library
    library_ready: bool  # False while `unknot` alone reads the library after its first frame
    ratings_for: dict[str, tuple[tuple[str, int], ...]]  # today's check-in, by routine id
    clock: Callable[[], float]  # time.monotonic, or a test's fake clock

    def history(self) -> HistoryStore | None:
        """The history store (None: this run keeps no history)."""
        raise NotImplementedError

    def history_from_thread(self) -> HistoryStore | None:
        """`history()` for a thread worker: what opening it says is said on the event loop."""
        raise NotImplementedError

    def write_history(
        self,
        work: HistoryWork,
        *,
        what: str,
        done: Callable[[Any], None] | None = None,
        failed: Callable[[Exception], None] | None = None,
    ) -> None:
        """Run `work(store)` off the loop, after the writes given before it; `done(result)` on
        the loop after. A failure is said ("history: `what` (why)"), then `failed`."""
        raise NotImplementedError

    def star_routine(self, routine_id: str, name: str) -> None:
        """Star a routine, or take its star away, off the loop (a composed one is refused)."""
        raise NotImplementedError

    def open_session(self, timeline: Timeline, *, tension_before: int | None) -> SessionOut:
        """Where a session played here goes: its sound, the trace, the history."""
        raise NotImplementedError

    def open_player(self, routine: Routine, *, ask_tension: bool = False) -> None:
        raise NotImplementedError

    def open_builder(
        self,
        routine: Routine | None = None,
        duplicate: bool = False,
        done: Callable[[Routine | None], None] | None = None,
    ) -> None:
        raise NotImplementedError

    def open_history(self) -> None:
        raise NotImplementedError

    def open_today(self, done: Callable[[Routine | None], None] | None = None) -> None:
        """Today's check-in, the preview, then the player; `done` hears of a routine saved."""
        raise NotImplementedError


def unknot_app(app: App[Any]) -> UnknotHost:
    """`app` as unknot's app; a TypeError names the app when a screen runs anywhere else."""
    if not isinstance(app, UnknotHost):
        raise TypeError(f"unknot's screens run inside UnknotApp, not {type(app).__name__}")
    return app


class UnknotScreen(Screen[ResultType]):
    """A screen of unknot's app."""

    @property
    def unknot_app(self) -> UnknotHost:
        return unknot_app(self.app)

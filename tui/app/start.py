"""The app opened elsewhere than the library: `unknot edit ID`, `unknot play ID --minutes N`,
`unknot today`.

The library is still the first screen (leaving the builder, or saying no to a fit, lands there);
what the command asked for is put on top of it once the app is ready, by a callback, so the app
itself needs no flag for each way in.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from tui.app.screens.library import LibraryScreen
from tui.app.unknot import UnknotApp
from tui.core.draft import Draft
from tui.core.fit import FitResult
from tui.core.library import Library
from tui.core.paths import Locations
from tui.core.routine import Routine


class StartingApp(UnknotApp):
    """UnknotApp that runs `then(app)` as soon as its first screen is showing."""

    def __init__(self, library: Library, then: Callable[[UnknotApp], None], **options: Any) -> None:
        super().__init__(library, **options)
        self._then = then

    def on_ready(self) -> None:
        self._then(self)


def _refresher(app: UnknotApp) -> Callable[[Routine | None], None] | None:
    """The library's hook for a saved routine, when the library is the screen showing."""
    return app.screen.routines_changed if isinstance(app.screen, LibraryScreen) else None


def builder_app(library: Library, routine: Routine | None, **options: Any) -> StartingApp:
    """The app with the builder open on `routine` (a bundled one copied first)."""

    def then(app: UnknotApp) -> None:
        app.open_builder(routine, done=_refresher(app))

    return StartingApp(library, then, **options)


def file_builder_app(library: Library, draft: Draft, **options: Any) -> StartingApp:
    """The app with the builder open on a user's file that has problems, to fix them there."""
    from tui.app.screens.builder import BuilderScreen

    def then(app: UnknotApp) -> None:
        folder = Locations.current().routines
        path = (draft.folder or folder) / f"{draft.id}.toml"
        app.push_screen(BuilderScreen(library, draft, path=path, folder=folder), _refresher(app))

    return StartingApp(library, then, **options)


def fitted_app(library: Library, result: FitResult, **options: Any) -> StartingApp:
    """The app showing what fitting changed; yes plays the fitted routine."""
    from tui.app.screens.builder_fit import play_fitted

    return StartingApp(library, lambda app: play_fitted(app, result), **options)


def today_app(
    library: Library,
    day: date,
    ratings: tuple[tuple[str, int], ...] = (),
    minutes: float | None = None,
    variant: int = 0,
    **options: Any,
) -> StartingApp:
    """The app on today's check-in (`unknot today`), its minutes filled in when given; with
    `ratings` (`--area`), on the preview of the routine composed from them, as `variant`."""
    from tui.app.screens.checkin import DEFAULT_MINUTES, CheckInAnswers
    from tui.app.today_flow import today_screens

    answers = CheckInAnswers(tuple(ratings), minutes or DEFAULT_MINUTES)

    def then(app: UnknotApp) -> None:
        today_screens(
            app,
            day=day,
            previous=answers if ratings or minutes else None,
            preview_first=bool(ratings),
            variant=variant,
            saved=_refresher(app),
        )

    return StartingApp(library, then, **options)

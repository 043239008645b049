"""`unknot` alone draws first and reads the library on a thread after (issue 16 point 4).

The library is read by a function the test holds back on an event, so what the app shows and
does while it is still reading is seen as a person would see it, without sleeping for time.
"""

from __future__ import annotations

import gc
import threading
from pathlib import Path

from textual.widgets import Static

from tui.app import collector
from tui.app.screens.builder import BuilderScreen
from tui.app.screens.library import LibraryScreen
from tui.app.unknot import UnknotApp
from tui.app.widgets.row_table import RowTable
from tui.core.library import Library

DATA = Path(__file__).resolve().parents[1] / "data" / "library"


class HeldBack:
    """A library reader that waits until the test lets it go, on the app's worker thread."""

    def __init__(self, fail: bool = False) -> None:
        self.go = threading.Event()
        self.started = threading.Event()
        self.thread: int | None = None
        self.fail = fail

    def __call__(self) -> Library:
        self.thread = threading.get_ident()
        self.started.set()
        self.go.wait(10)
        if self.fail:
            raise PermissionError("the routines folder cannot be listed")
        return Library.load(DATA, None)


def heard(app: UnknotApp) -> list[str]:
    """What the app tells the person from now on (notifications are not drawn in tests)."""
    told: list[str] = []
    shown = app.notify

    def notify(message: str, **options: object) -> None:
        told.append(message)
        shown(message, **options)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    return told


def title(app: UnknotApp) -> str:
    return str(app.screen.query_one("#library-title", Static).render())


def listed(app: UnknotApp) -> list[str]:
    return [str(key) for key in app.screen.query_one("#routines", RowTable).keys]


async def test_the_list_fills_in_once_the_thread_has_read_the_library() -> None:
    reader = HeldBack()
    app = UnknotApp(None, read_library=reader)
    async with app.run_test(size=(100, 30)) as pilot:
        assert reader.started.wait(5)
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert "reading routines" in title(app)
        assert listed(app) == []
        assert reader.thread != threading.get_ident()  # read off the event loop
        reader.go.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert listed(app) == ["hip-opener", "neck-release", "roller-basics"]
        assert "3 routines" in title(app) and "1 with problems" in title(app)
        problems = app.screen.query_one("#problems", Static)
        assert problems.display and "broken-one.toml" in str(problems.render())
        details = str(app.screen.query_one("#details-text", Static).render())
        assert app.library.get(listed(app)[0]).name in details  # type: ignore[union-attr]


async def test_what_needs_every_routine_waits_for_the_reading() -> None:
    reader = HeldBack()
    app = UnknotApp(None, read_library=reader)
    told = heard(app)
    async with app.run_test(size=(100, 30)) as pilot:
        assert reader.started.wait(5)
        await pilot.press("n")  # a new routine's id must not take one still unread
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert any("Still reading" in m for m in told)
        reader.go.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, BuilderScreen)


async def test_a_library_that_cannot_be_read_is_said_and_the_app_stays() -> None:
    reader = HeldBack(fail=True)
    reader.go.set()
    app = UnknotApp(None, read_library=reader)
    said = heard(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, LibraryScreen)
        assert any("could not be read" in m and "cannot be listed" in m for m in said)
        assert "0 routines" in title(app) and listed(app) == []


async def test_the_collector_paused_for_the_start_runs_again_after_the_first_frame() -> None:
    assert gc.isenabled()
    collector.pause()
    try:
        assert not gc.isenabled()
        app = UnknotApp(Library.load(DATA, None))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0  # what the start made is kept out of passes
    finally:
        gc.unfreeze()
        gc.enable()


def test_a_collector_not_paused_there_is_left_alone() -> None:
    gc.disable()
    try:
        collector.pause()  # already off: not paused by the app, so not turned on by it
        collector.resume()
        assert not gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gc.enable()


class ClosedAtOnce(UnknotApp):
    """Quit as soon as the first frame is drawn (q pressed at once, or a signal)."""

    def on_ready(self) -> None:
        self.exit()


async def test_an_app_closed_at_its_first_frame_closes_cleanly() -> None:
    reader = HeldBack()
    reader.go.set()
    app = ClosedAtOnce(None, read_library=reader)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    assert app.return_code == 0  # the details pane, built as it closed, raised nothing

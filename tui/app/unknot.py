"""The Textual app: holds the library, the clock and the trace target, and switches screens.

Screens and widgets live in their own modules; this file only wires them together, so it stays
small as features arrive.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.notifications import SeverityLevel
from textual.screen import Screen

from tui.app.collector import resume as resume_collector
from tui.app.host import HistoryWork, UnknotHost
from tui.app.library_reading import LibraryRead, read_library_in_thread
from tui.app.screens.library import LibraryScreen
from tui.app.settings import APP_KEYS, check_keymap, check_theme
from tui.core.config import Config, load_config
from tui.core.library import Library
from tui.core.paths import Locations
from tui.core.visible import visible

if TYPE_CHECKING:
    from textual.driver import Driver

    from tui.app.history_jobs import HistoryJobs, HistoryWritten
    from tui.core.history import HistoryStore
    from tui.core.routine import Routine
    from tui.core.timeline import Timeline
    from tui.session.outputs import SessionOut


class UnknotApp(UnknotHost):
    """unknot's full-screen app. `clock` is injected so tests can freeze or drive time."""

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses live elsewhere
    TITLE = "unknot"
    SUB_TITLE = "release back knots"
    BINDINGS = list(APP_KEYS)
    OPENS_ON_LIBRARY = True  # the library is the first screen (get_default_screen)

    def __init__(
        self,
        library: Library | None,
        clock: Callable[[], float] = time.monotonic,
        trace_path: Path | None = None,
        play: Routine | None = None,
        *,
        voice: bool | None = None,
        keep_history: bool = True,
        config: Config | None = None,
        read_library: Callable[[], Library] | None = None,
    ) -> None:
        """`library` is the library to show; or None with `read_library`, which a thread
        worker calls after the first frame (`unknot` alone: the app shows at once, and its
        list fills in as soon as the files are read)."""
        super().__init__()
        # config.toml's [keys] (tui/app/settings.py): Textual puts the keys on the bindings;
        # the help screen and the palette read `keymap_in_force`.
        config = config if config is not None else load_config()
        self.keymap_in_force, self.setting_problems = check_keymap(config.keys, config.path)
        if self.keymap_in_force:
            self.set_keymap(self.keymap_in_force)
        # config.toml's theme, set on mount; a theme chosen later (the palette) is saved there.
        self.config_file = config.path or Locations.current().config_file
        self.chosen_theme, theme_problems = check_theme(
            config.theme, self.available_themes, config.path
        )
        self.setting_problems.extend(theme_problems)
        self.theme_from_config_set = False
        self.library = library if library is not None else Library({}, [], {})
        self._read_library = read_library if library is None else None
        self.library_ready = self._read_library is None  # False until the thread has read it
        self.clock = clock
        self.trace_path = trace_path
        self.voice = voice  # --voice: True speaks every step's name; None as each routine says
        self._play_first = play
        # Each area's own rating before a session of a routine (today's check-in), by routine id:
        # open_session keeps them with the session in the history.
        self.ratings_for: dict[str, tuple[tuple[str, int], ...]] = {}
        self._keep_history = keep_history
        self._history: HistoryStore | None = None
        self._history_tried = False
        self._history_lock = threading.Lock()  # the library's worker may open it (see history())
        self._signals: list[int] = []  # the signals this app ends on (see _catch_signals)
        self._signalled_with: int | None = None  # the signal that ended it, if one did
        self._loop_thread = threading.get_ident()  # the event loop's thread, set again on mount

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for this terminal; on Linux and macOS one whose input thread sleeps
        while no key comes (tui/app/quiet_input.py: a hold wakes nothing ten times a second)."""
        driver = super().get_driver_class()
        if driver.__module__ == "textual.drivers.linux_driver" and driver.__name__ == "LinuxDriver":
            from tui.app.quiet_input import QuietLinuxDriver

            return QuietLinuxDriver
        return driver

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification is shown as written: its text often names a routine, a session or
        a file, so control characters are made visible and markup is never read."""
        super().notify(
            visible(message, multiline=True),
            title=visible(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def open_session(self, timeline: Timeline, *, tension_before: int | None) -> SessionOut:
        """Where a session played here goes: its sound, the trace, the history (the session
        pipeline plain mode uses too, tui/session/outputs.py). Imported here, not at the top:
        the library's first frame does not wait for the player, its sound and its history."""
        from tui.session.outputs import open_session

        return open_session(
            timeline,
            trace_path=self.trace_path,
            ring=self.ring_from_any_thread,
            muted=self.muted,
            voice=self.voice,
            keep_history=self._keep_history,
            tension_before=tension_before,
            store_notice=False,  # history() says it, once: the library opens the store first
            area_ratings=self.ratings_for.get(timeline.routine.id, ()),
        )

    def ring_from_any_thread(self) -> None:
        """The terminal bell, from the audio thread (through `call_from_thread`) or this one."""
        if threading.get_ident() == self._loop_thread:
            self.bell()
            return
        with contextlib.suppress(RuntimeError):  # the app has stopped: no terminal to ring
            self.call_from_thread(self.bell)

    def history(self) -> HistoryStore | None:
        """The history store, opened on first use and kept for the app's life. A file that
        cannot be opened is said once, and sessions are then played without being kept."""
        store, notices = self._open_history()
        for notice in notices:
            self.notify(notice, severity="warning", timeout=8)
        return store

    def history_from_thread(self) -> HistoryStore | None:
        """`history()` for a thread worker (opening the file imports SQLite and may wait for a
        lock: not on the event loop); what there is to say is said on the loop."""
        store, notices = self._open_history()
        for notice in notices:
            with contextlib.suppress(RuntimeError):  # the app has stopped: nobody to tell
                self.call_from_thread(self.notify, notice, severity="warning", timeout=8)
        return store

    def _open_history(self) -> tuple[HistoryStore | None, list[str]]:
        """The store (opened once, by whichever thread asks first) and what opening it says."""
        with self._history_lock:
            if self._history_tried or not self._keep_history:
                return self._history, []
            self._history_tried = True
            try:
                from tui.core.history import HistoryStore

                self._history = HistoryStore.open()
            except Exception as exc:  # the history is a help: playing never depends on it
                return None, [
                    f"history: not kept (it cannot be opened: {type(exc).__name__}: {exc})"
                ]
            if self._history.notice is not None:
                # in the words plain mode uses for it (tui/session/history_writer.py)
                return self._history, [f"history: {self._history.notice.message}"]
            return self._history, []

    def write_history(
        self,
        work: HistoryWork,
        *,
        what: str,
        done: Callable[[Any], None] | None = None,
        failed: Callable[[Exception], None] | None = None,
    ) -> None:
        """Write to the history off the loop (tui/app/history_jobs.py). A failure is said as
        "history: `what` (why)", `what` being "the star was not saved" or the like ("": say
        nothing), then `failed` lets the screen take back what it showed at once."""

        def not_saved(exc: Exception) -> None:
            if what:  # "": a read that may fail quietly (the history is a help)
                self.notify(f"history: {what} ({exc})", severity="warning", timeout=8)
            if failed is not None:
                failed(exc)

        self.history_jobs.submit(work, done=done, failed=not_saved)

    def star_routine(self, routine_id: str, name: str) -> None:
        """F on the summary and the history: one way to star a routine, so both say the same."""
        from tui.core.compose import STAR_COMPOSED, is_composed

        if is_composed(routine_id, self.library.routines):
            self.notify(STAR_COMPOSED, timeout=8, markup=False)
            return

        def done(starred: bool) -> None:
            where = "in your favourites" if starred else "out of your favourites"
            self.notify(f"{name} is {where}.", markup=False)

        self.write_history(
            lambda store: store.toggle_routine_star(routine_id),
            what="the star was not saved",
            done=done,
        )

    @cached_property
    def history_jobs(self) -> HistoryJobs:
        """The screens' writer to the history: made at the first write, not before the first
        frame (tui/app/history_jobs.py)."""
        from tui.app.history_jobs import HistoryJobs

        return HistoryJobs(self, self.history_from_thread)

    def on_history_written(self, message: HistoryWritten) -> None:
        message.callback(message.value)

    def on_unmount(self) -> None:
        import asyncio

        loop = asyncio.get_running_loop()
        for signum in self._signals:
            loop.remove_signal_handler(signum)
        # A session's last save may still be on its writer's thread (the file locked by another
        # process): the app is gone from the screen already, so waiting here stalls nothing.
        from tui.session.history_writer import HistoryWriter
        from tui.session.outputs import HISTORY_EXIT_WAIT

        HistoryWriter.wait_all(HISTORY_EXIT_WAIT)
        if "history_jobs" in self.__dict__:  # made: something was written
            self.history_jobs.wait(HISTORY_EXIT_WAIT)  # a star given just before quitting, say
            self.history_jobs.close()
        if self._history is not None:
            self._history.close()

    async def action_quit(self) -> None:
        """ctrl+q (and q in the library) from anywhere: a routine being built with changes not
        saved is asked about first, as leaving the builder asks."""
        from tui.app.screens.builder import BuilderScreen
        from tui.app.screens.confirm import ConfirmScreen

        unsaved = [s for s in self.screen_stack if isinstance(s, BuilderScreen) and s.stack.dirty]
        if not unsaved:
            self.exit()
            return

        def answered(leave: bool | None) -> None:
            if leave:
                self.exit()

        name = unsaved[-1].draft.name or "A routine you are building"
        self.push_screen(
            ConfirmScreen(
                f"“{name}” has changes that are not saved.\nQuit and lose them?",
                yes="quit",
                no="stay",
            ),
            answered,
        )

    def report_settings(self) -> None:
        """Put on config.toml's theme, and say what in its [keys] or theme was left out, and
        why (defaults kept)."""
        if self.chosen_theme is not None:
            self.theme = self.chosen_theme
        self.theme_from_config_set = True  # from now on a new theme is the person's choice
        for problem in self.setting_problems:
            self.notify(str(problem), title="config.toml", severity="warning", timeout=10)

    def watch_theme(self, theme: str) -> None:
        """A theme chosen in the app (the command palette's "Change theme") is kept in
        config.toml for next time, the rest of that file as it was (tui/core/config_write.py)."""
        if not self.theme_from_config_set or theme == (self.chosen_theme or "textual-dark"):
            return
        from tui.core.config_write import ConfigNotSaved, save_setting

        self.chosen_theme = theme
        try:
            save_setting(self.config_file, "theme", theme)
        except ConfigNotSaved as exc:
            self.notify(f"the theme is not saved: {exc}", severity="warning", timeout=8)

    def on_mount(self) -> None:
        self._loop_thread = threading.get_ident()
        self._catch_signals()
        self.report_settings()
        self.show_first()

    def on_ready(self) -> None:
        """The first frame is drawn: the collector the command line paused runs again
        (tui/app/collector.py), and the library, when it is still to read, is read by a
        thread (tui/app/library_reading.py)."""
        resume_collector()
        if self._read_library is not None:
            read_library_in_thread(self, self._read_library)
            self._read_library = None

    def on_library_read(self, message: LibraryRead) -> None:
        """The library read by the thread: shown in the library screen's list."""
        self.library = message.library
        self.library_ready = True
        for screen in self.screen_stack:
            if isinstance(screen, LibraryScreen):
                screen.take_library(message.library)

    def _catch_signals(self) -> None:
        """SIGTERM, SIGHUP and SIGINT end the app the way q does: the screens close (a session
        being played is kept, as interrupted) and Textual gives the terminal back as it found
        it (main screen, mouse off, cursor shown). Without this a signal killed the process
        with the terminal still in the app's modes."""
        import asyncio
        import signal

        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            with contextlib.suppress(ValueError, RuntimeError, NotImplementedError, AttributeError):
                loop.add_signal_handler(signum, self._signalled, signum)
                self._signals.append(signum)

    def _signalled(self, signum: int) -> None:
        self._signalled_with = signum
        # After a hangup the terminal is gone, and Textual can wait for ever to write to it
        # (seen: a closed tmux left the app running for good). So once the session's history is
        # saved, the way out gets a moment, no more.
        threading.Thread(target=_leave_when_saved, args=(128 + signum,), daemon=True).start()
        self.exit(return_code=128 + signum)

    def get_default_screen(self) -> Screen[Any]:
        """The library is the app's first screen itself, not a screen pushed over Textual's
        empty default one: one screen composed, styled and switched to for the first frame
        instead of two, some 25 ms sooner (issue 16). An app that opens elsewhere (the
        reminder) keeps Textual's default screen under its own."""
        if not self.OPENS_ON_LIBRARY:
            return super().get_default_screen()
        return LibraryScreen(self.library)

    def show_first(self) -> None:
        """The routine given to play first, over the library (the reminder shows its own)."""
        if self._play_first is not None:
            self.open_player(self._play_first)

    def still_reading(self) -> bool:
        """True, with a word to say so, while the library is still being read: the builder,
        today's check-in and the history's replays all need every routine (a new one's id must
        not take an existing one's)."""
        if self.library_ready:
            return False
        self.notify("Still reading your routines: a moment, then try again.", timeout=3)
        return True

    def open_player(self, routine: Routine, *, ask_tension: bool = False) -> None:
        """Play `routine`: its caution first (if any), the tension question when chosen in the
        app (`ask_tension`), then the player, then the summary."""
        from tui.app.flow import play_screens

        play_screens(self, routine, self.library.timeline(routine), ask_tension=ask_tension)

    def open_today(self, done: Callable[[Routine | None], None] | None = None) -> None:
        """Today's check-in, then the preview of the routine made from it, then the player
        (tui/app/today_flow.py); `done` hears of a routine saved from the preview."""
        from tui.app.today_flow import today_screens

        if self.still_reading():
            return
        today_screens(self, saved=done)

    def open_history(self) -> None:
        """The history screen: sessions, figures, replay (tui/app/screens/history.py)."""
        from tui.app.screens.history import HistoryScreen

        if self.still_reading():
            return
        self.push_screen(HistoryScreen(self.history()))

    def open_builder(
        self,
        routine: Routine | None = None,
        duplicate: bool = False,
        done: Callable[[Routine | None], None] | None = None,
    ) -> None:
        """The builder: a new routine, a copy of `routine`, or `routine` itself (a bundled one is
        copied first); `done` hears of the routine last saved when the builder closes."""
        from tui.app.screens.builder import builder_for
        from tui.core.paths import Locations

        if self.still_reading():
            return
        screen = builder_for(self.library, Locations.current().routines, routine, duplicate)
        self.push_screen(screen, done)


def run_app(
    library: Library | None,
    play: Routine | None = None,
    trace_path: Path | None = None,
    *,
    voice: bool | None = None,
    area_ratings: tuple[tuple[str, int], ...] = (),
    read_library: Callable[[], Library] | None = None,
) -> None:
    """The app; with `play`, opening on that routine (`area_ratings`: today's check-in's, kept
    with its session in the history); with `read_library` instead of a library, that reads it
    after the first frame."""
    app = UnknotApp(
        library, trace_path=trace_path, play=play, voice=voice, read_library=read_library
    )
    if play is not None and area_ratings:
        app.ratings_for[play.id] = area_ratings
    app.run()


# Restoring the terminal takes milliseconds; after a hangup it may never finish. The session's
# parts are saved as they end, so only a save queued behind a locked file can miss the cut.
SIGNAL_EXIT_GRACE = 2.0
SIGNAL_SAVE_WAIT = 5.0


def _leave_when_saved(code: int) -> None:
    """End the process once the session's last saves are done and the app has had a moment to
    close (a daemon thread: a normal exit ends it first)."""
    import os

    from tui.session.history_writer import HistoryWriter

    HistoryWriter.wait_all(SIGNAL_SAVE_WAIT)
    time.sleep(SIGNAL_EXIT_GRACE)
    os._exit(code)

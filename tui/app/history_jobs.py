"""The app's own writes to the history (a rating, a star, a delete), one at a time, off the loop.

SQLite waits up to its busy timeout (15 s) for a lock another process holds (a reminder, a second
player). A rating or a star written from the event loop froze the screen for that long. Here a
screen hands `HistoryJobs.submit` the work and what to do when it is done; the work runs on a
thread worker of the app (a screen's workers end with the screen, and a star given just before
Esc must still be saved), in the order it was given (a rating typed as "1", "0" must end as 10,
not as 1), with a connection of its own to the file: while a write waits for the lock, the app's
own connection stays free for the reads the screens still make. What the work gives back, or the
error it raised, is handed to the screen's callback on the loop by a `HistoryWritten` message to
the app (posting never waits, so a worker never waits on a loop that is ending).

The screens show a change at once and say so if it later fails ("history: …", as the session's
writer says its problems, tui/session/history_writer.py).
"""

from __future__ import annotations

import contextlib
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.message import Message

if TYPE_CHECKING:
    from tui.core.history import HistoryStore

GROUP = "history-writes"  # the worker's group (tests wait for it: app.workers.wait_for_complete)


class HistoryWritten(Message):
    """A job is over: the app calls `callback(value)` on the loop (UnknotApp.on_history_written)."""

    def __init__(self, callback: Callable[[Any], None], value: object) -> None:
        super().__init__()
        self.callback = callback
        self.value = value


@dataclass(frozen=True, slots=True)
class _Job:
    work: Callable[[HistoryStore], Any]
    done: Callable[[Any], None] | None
    failed: Callable[[Exception], None] | None


class HistoryJobs:
    """One writer for the app's history writes. `store` gives the app's store from this thread
    (UnknotApp.history_from_thread; None: no history);
    the jobs use a second connection to the same file, or that store itself when it has no file
    (a history kept in memory for this run)."""

    def __init__(self, app: App[Any], store: Callable[[], HistoryStore | None]) -> None:
        self.app = app
        self._app_store = store
        self._jobs: deque[_Job] = deque()
        self._lock = threading.Lock()
        self._running = False
        self._idle = threading.Event()
        self._idle.set()
        self._own: HistoryStore | None = None

    def submit(
        self,
        work: Callable[[HistoryStore], Any],
        *,
        done: Callable[[Any], None] | None = None,
        failed: Callable[[Exception], None] | None = None,
    ) -> None:
        """Queue `work(store)`; `done(result)` or `failed(error)` then runs on the loop. Call it
        from the loop's thread (it may start the worker)."""
        with self._lock:
            self._jobs.append(_Job(work, done, failed))
            if self._running:
                return
            self._running = True
            self._idle.clear()
        self.app.run_worker(
            self._drain, thread=True, group=GROUP, name="history writes", exit_on_error=False
        )

    def wait(self, timeout: float) -> bool:
        """Wait for the writes queued so far (the app is ending); False if they are not done."""
        return self._idle.wait(timeout)

    def close(self) -> None:
        if self._own is not None:
            self._own.close()
            self._own = None

    # ------------------------------------------------------------------ the worker's thread

    def _drain(self) -> None:
        while True:
            with self._lock:
                if not self._jobs:
                    self._running = False
                    self._idle.set()
                    return
                job = self._jobs.popleft()
            try:
                result = job.work(self._store())
            except Exception as exc:  # the history is a help: the screen hears of it and stays
                if job.failed is not None:
                    self._back(job.failed, exc)
                continue
            if job.done is not None:
                self._back(job.done, result)

    def _back(self, callback: Callable[[Any], None], value: object) -> None:
        with contextlib.suppress(RuntimeError):  # the app has stopped: nobody to tell
            self.app.post_message(HistoryWritten(callback, value))

    def _store(self) -> HistoryStore:
        from tui.core.history import HistoryStore
        from tui.core.history_rows import HistoryError

        if self._own is not None:
            return self._own
        shared = self._app_store()  # opened here if no screen has yet: never on the loop
        if shared is None:
            raise HistoryError("your history could not be opened")
        if shared.path is None:
            return shared  # in memory: its one connection is the only way to it
        own = HistoryStore.open(shared.path, create=False)
        if own.path is None:  # the file could not be opened this time (locked past the wait)
            why = own.notice.message if own.notice is not None else "it could not be opened"
            own.close()
            raise HistoryError(why)
        self._own = own
        return own

"""A played session kept in the history by one writer thread, so no write ever waits on the UI.

SQLite waits up to its busy timeout (15 s) for a lock another process holds: a reminder or a
second player writing the same file. Written from the event loop, that wait froze the player's
countdown (16 s of a 20 s lock, then a jump). Here the view hands `observe` each batch of the
player's events, as it would hand them to a `SessionRecorder`; when a batch changes the session,
the player's record is taken on the view's thread (the only one that touches the player) and
queued. The writer thread, with a connection of its own, saves the newest record it has: a
record holds the whole session so far, and the recorder writes only what differs from the last
save, so records that queued up behind a lock are written once, none lost and none twice. A save
that fails is tried again every `RETRY_SECONDS` until it succeeds or the process ends.

Notices ("history: …") go to `say`, from the writer thread.

The thread does its first work (the routine's snapshot, the planned segments' rows: for a routine
of 10,000 steps about 0.2 s of CPU) only once the view says its first frame or line is out
(`shown`), or `FIRST_SHOWN_WAIT` after the session began: done alongside, it held the GIL the
first frame needed and made a long routine start 0.2 s later.
"""

from __future__ import annotations

import copy
import dataclasses
import queue
import threading
import time
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from tui.core.player import Player
from tui.core.player_events import CueEvent, Event
from tui.core.player_records import SessionRecord

if TYPE_CHECKING:
    from tui.core.history import HistoryStore
    from tui.core.recorder import SessionRecorder

RETRY_SECONDS = 1.0  # a failed save (the file locked past the busy timeout) is tried again
FIRST_SHOWN_WAIT = 1.0  # the writer starts at most this long after the session, shown or not
_CLOSE = "close"
_SAVE = "save"


def _snapshot(record: SessionRecord) -> SessionRecord:
    """The record with its open pause copied: the player closes that pause in place."""
    return dataclasses.replace(record, pauses=tuple(copy.copy(p) for p in record.pauses))


class HistoryWriter:
    """Keeps one Player's session in the history from a thread of its own. The session's row
    is written once the view has shown the session's start (`shown`), or a second after it
    began; `close` queues the last save."""

    live: set[HistoryWriter] = set()  # writers with saves still to do (the app waits at exit)
    _live_lock = threading.Lock()

    def __init__(
        self,
        player: Player,
        open_store: Callable[[], HistoryStore],
        *,
        say: Callable[[str], None],
        tension_before: int | None = None,
        store_notice: bool = True,
        area_ratings: tuple[tuple[str, int], ...] = (),
    ) -> None:
        self.player = player
        self._open_store = open_store
        self._say = say
        self._tension_before = tension_before
        self._area_ratings = area_ratings  # today's check-in: each area's own rating
        self._store_notice = store_notice  # say the store's own notice (the app already did)
        self._started = datetime.now().astimezone()
        self._queue: queue.SimpleQueue[tuple[str, SessionRecord]] = queue.SimpleQueue()
        self._session_id: int | None = None
        self._begun = threading.Event()  # the row is written, or it never will be
        self._closed = False
        self._done = threading.Event()
        self._go = threading.Event()  # the view's first frame is out (or someone waits)
        with HistoryWriter._live_lock:
            HistoryWriter.live.add(self)
        self._queue.put((_SAVE, _snapshot(player.record())))
        threading.Thread(target=self._run, name="unknot-history", daemon=True).start()

    # ------------------------------------------------------------------- the view's thread

    def shown(self) -> None:
        """The view's first frame (plain mode: its first line) is out: the writer may begin."""
        self._go.set()

    def observe(self, events: Iterable[Event], now: float | None = None) -> None:
        """A batch of the player's events: queued for saving if it changed the session."""
        if not self._closed and any(not isinstance(e, CueEvent) for e in events):
            self._queue.put((_SAVE, _snapshot(self.player.record(now))))

    def close(self, now: float | None = None) -> None:
        """The session is over, or its view is going away (then it stays as interrupted)."""
        if not self._closed:
            self._closed = True
            self._queue.put((_CLOSE, _snapshot(self.player.record(now))))
        self._go.set()

    def take_notice(self) -> None:
        """Nothing to take: the writer says its notices as they happen (`say`)."""
        return None

    def session_id(self, wait: float = 0.0) -> int | None:
        """The session's number once its row is written; `wait` seconds at most for it."""
        if wait > 0:
            self._go.set()
            self._begun.wait(wait)
        return self._session_id

    def wait(self, timeout: float | None = None) -> bool:
        """Wait until every save is done (the process is about to end); False if it is not."""
        self._go.set()
        return self._done.wait(timeout)

    @classmethod
    def wait_all(cls, timeout: float) -> bool:
        """Wait for every writer still saving, `timeout` seconds in all."""
        deadline = time.monotonic() + timeout
        with cls._live_lock:
            writers = list(cls.live)
        return all(w.wait(max(0.0, deadline - time.monotonic())) for w in writers)

    # ---------------------------------------------------------------------- the writer thread

    def _run(self) -> None:
        self._go.wait(FIRST_SHOWN_WAIT)
        try:
            self._write()
        finally:
            self._begun.set()
            self._done.set()
            with HistoryWriter._live_lock:
                HistoryWriter.live.discard(self)

    def _write(self) -> None:
        from tui.core.recorder import SessionRecorder

        try:
            store = self._open_store()
        except Exception as exc:  # the history is a help: the session plays on, not kept
            self._say(f"history: not kept (it cannot be opened: {type(exc).__name__}: {exc})")
            self._drain()
            return
        try:
            recorder = SessionRecorder(
                store,
                self.player,
                tension_before=self._tension_before,
                started=self._started,
                area_ratings=self._area_ratings,
            )
            if self._store_notice and store.notice is not None:
                self._say(f"history: {store.notice.message}")
            self._save_until_closed(recorder)
        finally:
            store.close()

    def _save_until_closed(self, recorder: SessionRecorder) -> None:
        latest: SessionRecord | None = None
        closing = failing = False
        while True:
            try:
                kind, record = self._queue.get(timeout=None if latest is None else RETRY_SECONDS)
                latest, closing = record, closing or kind == _CLOSE
                while True:  # only the newest record matters: it holds the whole session
                    try:
                        kind, record = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    latest, closing = record, closing or kind == _CLOSE
            except queue.Empty:
                pass  # nothing new: try the last record again
            if latest is None:
                continue
            saved = recorder.save(record=latest)
            if recorder.session_id is not None:
                self._session_id = recorder.session_id
                self._begun.set()
            notice = recorder.take_notice()
            if notice is not None and not (failing and not saved):
                self._say(f"history: {notice.message}")  # a retry failing again is not news
            failing = not saved
            if saved:
                latest = None
                if closing:
                    return

    def _drain(self) -> None:
        """No store: take what the view queues until it closes, so it never fills memory."""
        self._begun.set()
        while self._queue.get()[0] != _CLOSE:
            pass

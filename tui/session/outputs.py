"""The session pipeline: everything one played session goes to, built once for both views.

The full-screen player (tui/app/screens/player.py) and plain mode (tui/plain/) each drive a
`Player` and decide nothing else: every event it returns is handed here, in order. `SessionOut`
sends a cue to the sound (whose word goes into the trace's `sound` field), every event to the
trace file, and each batch to the history; and it collects what the person should hear about as
one-line notices that read the same in both views ("sound: …", "history: …").

`open_session` builds the real one: the bell at once and the full sound chain set up in a thread
(tui/session/sound.py), the trace file, and a history writer with a thread of its own
(tui/session/history_writer.py). Nothing here waits: neither a slow disk, nor a history file
locked by another process, nor pydub's import can hold up a view. Tests build a `SessionOut`
from their own parts (a bell on a string, a recorder on an in-memory store).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tui.core.player import Player
from tui.core.player_events import CueEvent, Event
from tui.core.timeline import Timeline
from tui.core.trace import TraceWriter
from tui.session.history_writer import HistoryWriter
from tui.session.sound import AUDIO_FLUSH_SECONDS, PENDING, CueSink, Ring, SessionSound

if TYPE_CHECKING:
    from tui.core.history import HistoryStore

HISTORY_EXIT_WAIT = 20.0  # seconds a process about to end waits for its last history save


class _Notice(Protocol):
    message: str


class Recorder(Protocol):
    """Where a session is kept: `HistoryWriter`, or a `SessionRecorder` (tests, in memory)."""

    def observe(self, events: Iterable[Event], now: float | None = None) -> None: ...

    def close(self, now: float | None = None) -> None: ...

    def take_notice(self) -> _Notice | None: ...


RecorderFactory = Callable[[Player], Recorder]


class Notices:
    """One-line notices from any thread, kept until the view takes them. `listener` (set by the
    view) hears that one arrived, from the thread it arrived on, so a view that is asleep can
    wake up for it."""

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._lock = threading.Lock()
        self.listener: Callable[[], object] | None = None

    def __call__(self, line: str) -> None:
        with self._lock:
            self._lines.append(line)
        listener = self.listener
        if listener is not None:
            listener()

    def take(self) -> list[str]:
        with self._lock:
            taken, self._lines = self._lines, []
        return taken


class SessionOut:
    """The sound, trace and history of one play-through, and their notices. Every method
    returns at once except `finish`, which a process about to end calls."""

    def __init__(
        self,
        sound: CueSink,
        trace: TraceWriter | None = None,
        *,
        recorder_for: RecorderFactory | None = None,
        notices: Notices | None = None,
    ) -> None:
        self.sound = sound
        self.trace = trace
        self.notices = notices or Notices()
        self.recorder: Recorder | None = None
        self._recorder_for = recorder_for
        self._history_closed = False
        self._closed = False
        self._closing: threading.Thread | None = None
        self._lines: list[tuple[Event, str | None]] = []  # trace lines waiting for a held cue

    def sound_ready(self, timeout: float) -> bool:
        """Wait for the sound chain's set-up (plain mode, before its first line names it)."""
        sound = self.sound
        return sound.ready.wait(timeout) if isinstance(sound, SessionSound) else True

    # ------------------------------------------------------------------------------ history

    def begin(self, player: Player) -> None:
        """Begin keeping `player`'s session (once); a history that cannot be kept is a notice."""
        if self.recorder is not None or self._recorder_for is None:
            return
        try:
            self.recorder = self._recorder_for(player)
        except Exception as exc:  # the history is a help: a session is never refused for it
            self.notices(f"history: not kept ({type(exc).__name__}: {exc})")

    def shown(self) -> None:
        """The view has shown the session's start (its first frame or line): the history's
        writer may now do its first, biggest save without slowing that start down."""
        if isinstance(self.recorder, HistoryWriter):
            self.recorder.shown()

    def session_id(self, wait: float = 0.0) -> int | None:
        """The session's number in the history (None while it is not, or not yet, written)."""
        recorder = self.recorder
        if isinstance(recorder, HistoryWriter):
            return recorder.session_id(wait)
        return getattr(recorder, "session_id", None)

    # ------------------------------------------------------------------------------- events

    def cue(self, event: CueEvent) -> str:
        """Sound a cue and trace it with the word of what sounded it."""
        sound = self.sound.play(event)
        self.write(event, sound)
        return sound

    def write(self, event: Event, sound: str | None = None) -> None:
        """Trace `event`. A cue held for the sound chain (`PENDING`) holds its line, and every
        line after it, until the word of what sounded it is known: the trace stays in order."""
        if self.trace is not None:
            self._lines.append((event, sound))
            self._write_lines()

    def _write_lines(self, last: bool = False) -> None:
        trace = self.trace
        while trace is not None and self._lines:
            event, sound = self._lines[0]
            if sound == PENDING and isinstance(event, CueEvent):
                word = self.sound.word_of(event) if isinstance(self.sound, SessionSound) else None
                if word is None and not last:
                    return
                sound = word or "off"  # the session ended before the chain was ready
            trace.write(event, sound=sound)
            self._lines.pop(0)

    def handle(self, events: Iterable[Event], now: float) -> None:
        """A whole batch: each cue sounded, each event traced, the batch to the history."""
        batch = list(events)
        for event in batch:
            if isinstance(event, CueEvent):
                self.cue(event)
            else:
                self.write(event)
        self.observe(batch, now)

    def observe(self, events: Iterable[Event], now: float) -> None:
        """Hand the batch to the history (which writes only when something changed)."""
        batch = list(events)
        if self.recorder is not None and batch and not self._history_closed:
            self.recorder.observe(batch, now)

    def take_notices(self) -> list[str]:
        """What the person should hear about, once each, in the order it happened."""
        recorder = self.recorder
        notice = recorder.take_notice() if recorder is not None else None
        if notice is not None:
            self.notices(f"history: {notice.message}")
        return self.notices.take()

    # ------------------------------------------------------------------------------- ending

    def close_history(self, now: float) -> None:
        """Save the time played so far as the last save; a session without an end state stays
        in the history as interrupted."""
        if self.recorder is not None and not self._history_closed:
            self._history_closed = True
            self.recorder.close(now)

    def close(self, now: float, *, ended: bool) -> None:
        """The session is over (`ended`), or its view is going away mid-session. The trace is
        closed now; the sound lets a last cue ring out in a thread, then lets the device go."""
        if self._closed:
            return
        self._closed = True
        self.close_history(now)
        if self.trace is not None:
            self.sound_ready(0.5)  # a cue held for the chain gets its word, if it comes at all
            self._write_lines(last=True)
            self.trace.close()
            self.trace = None
        sound = self.sound

        def finish() -> None:
            if ended:
                sound.flush(AUDIO_FLUSH_SECONDS)
            sound.close()

        self._closing = threading.Thread(target=finish, name="unknot-audio-close", daemon=True)
        self._closing.start()

    def finish(self, timeout: float = HISTORY_EXIT_WAIT) -> bool:
        """Wait for the last chime and the last history save (the process is about to end);
        False if the history could not be saved in `timeout` seconds."""
        if self._closing is not None:
            self._closing.join(AUDIO_FLUSH_SECONDS + 1)
        recorder = self.recorder
        if isinstance(recorder, HistoryWriter):
            return recorder.wait(timeout)
        return True


def open_session(
    timeline: Timeline,
    *,
    trace_path: Path | None = None,
    ring: Ring | None = None,
    muted: bool = False,
    voice: bool | None = None,
    keep_history: bool = True,
    tension_before: int | None = None,
    store_notice: bool = True,
    open_store: Callable[[], HistoryStore] | None = None,
    area_ratings: tuple[tuple[str, int], ...] = (),
) -> SessionOut:
    """The real outputs of one session, the same for both views: the sound (`ring` rings the
    terminal bell; None: no terminal hears it), the trace file at `trace_path`, and the history
    unless `keep_history` is false. `store_notice` False: the view said the store's own notice
    already (the app does when it opens the history). Call `SessionOut.begin(player)` once the
    player exists; the session's row is written then, by the writer's thread. `area_ratings`
    keeps each area's own rating before the session (today's check-in) in the history."""
    notices = Notices()
    sound = SessionSound(ring, muted=muted, voice=voice, say=lambda line: notices(f"sound: {line}"))
    sound.start(timeline)
    trace = TraceWriter(trace_path) if trace_path is not None else None

    def store() -> HistoryStore:
        if open_store is not None:
            return open_store()
        from tui.core.history import HistoryStore

        return HistoryStore.open()

    def writer(player: Player) -> Recorder:
        return HistoryWriter(
            player,
            store,
            say=notices,
            tension_before=tension_before,
            store_notice=store_notice,
            area_ratings=area_ratings,
        )

    return SessionOut(sound, trace, recorder_for=writer if keep_history else None, notices=notices)

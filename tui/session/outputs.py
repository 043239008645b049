"""What one play-through sends out of the player screen: its sound, its trace and its history.

The screen decides *what* happened (the player's events); this module sends each event where it
goes, the same way plain mode does (tui/plain/run.py): a cue to `AudioOut` (whose word goes into the
trace's `sound` field), every event to the trace file, and each batch to the history's
`SessionRecorder`. None of these may ever stop a session: audio that cannot start falls back to the
terminal bell, a history that cannot be written becomes a notice, and everything slow (decoding
sounds, letting the last chime ring out) happens off the UI's thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Protocol

from tui.core.player import Player
from tui.core.player_events import CueEvent, Event
from tui.core.timeline import Timeline
from tui.core.trace import TraceWriter

if TYPE_CHECKING:
    from tui.core.history import HistoryStore
    from tui.core.recorder import SessionRecorder

AUDIO_FLUSH_SECONDS = 3.0  # the closing chime may ring out after the summary shows


class AudioSink(Protocol):
    """What the screen needs of `tui.audio.session.AudioOut` (and of `BellOnly`)."""

    @property
    def muted(self) -> bool: ...

    @property
    def label(self) -> str: ...

    def set_muted(self, muted: bool) -> None: ...

    def play(self, event: CueEvent) -> str: ...

    def take_notices(self) -> list[str]: ...

    def flush(self, timeout: float = 5.0) -> bool: ...

    def close(self) -> None: ...


class BellOnly:
    """Stands in when the audio cannot start at all: the terminal bell, and a notice saying why."""

    def __init__(self, ring: Callable[[], None], muted: bool, notices: Sequence[str]) -> None:
        self._ring = ring
        self._muted = muted
        self._notices = list(notices)

    @property
    def muted(self) -> bool:
        return self._muted

    @property
    def label(self) -> str:
        return "sound: off" if self._muted else "sound: bell"

    def set_muted(self, muted: bool) -> None:
        self._muted = muted

    def play(self, event: CueEvent) -> str:
        if self._muted:
            return "off"
        self._ring()
        return "bell"

    def take_notices(self) -> list[str]:
        taken, self._notices = self._notices, []
        return taken

    def flush(self, timeout: float = 5.0) -> bool:
        return True

    def close(self) -> None:
        pass


def open_audio(
    timeline: Timeline,
    *,
    muted: bool,
    voice: bool | None,
    bell: Callable[[], None],
    notice: Callable[[str], None] | None = None,
) -> AudioSink:
    """The session's audio (config.toml, the backend chain, the routine's sounds, spoken names
    prepared in the background), exactly as plain mode opens it. Sound is a help, not a reason
    to refuse to play: if it cannot start, the bell stands in and a notice says why."""
    try:
        from tui.audio.session import AudioOut  # pydub: only once a routine is played

        audio = AudioOut.for_session(None, muted=muted, voice=voice, bell=bell, notice=notice)
        audio.prepare(timeline)
    except Exception as exc:
        reason = f"the audio could not start ({type(exc).__name__}: {exc}); the bell stands in"
        return BellOnly(bell, muted, [reason])
    return audio


def begin_recorder(
    store: HistoryStore, player: Player, tension_before: int | None
) -> tuple[SessionRecorder | None, str | None]:
    """Start saving the session (its row is written now); or None and why it cannot be saved."""
    try:
        from tui.core.recorder import SessionRecorder

        return SessionRecorder.begin(store, player, tension_before=tension_before), None
    except Exception as exc:  # the history is a help: a session is never refused for it
        return None, f"this session is not saved to your history ({type(exc).__name__}: {exc})"


class SessionOut:
    """The audio, trace and recorder of one play-through, and the notices they have for the
    person. Every method returns at once."""

    def __init__(self, audio: AudioSink, trace: TraceWriter | None = None) -> None:
        self.audio = audio
        self.trace = trace
        self.recorder: SessionRecorder | None = None
        self._notices: list[str] = []
        self._closed = False

    @property
    def session_id(self) -> int | None:
        """The session's id in the history (None while not recorded)."""
        return self.recorder.session_id if self.recorder is not None else None

    def record(self, store: HistoryStore, player: Player, tension_before: int | None) -> None:
        """Begin the history record of `player`'s session (once)."""
        if self.recorder is not None or self._closed:
            return
        self.recorder, problem = begin_recorder(store, player, tension_before)
        if problem is not None:
            self._notices.append(problem)

    def cue(self, event: CueEvent) -> str:
        """Sound a cue and trace it with the word of what sounded it."""
        sound = self.audio.play(event)
        self.write(event, sound)
        return sound

    def write(self, event: Event, sound: str | None = None) -> None:
        if self.trace is not None:
            self.trace.write(event, sound=sound)

    def observe(self, events: Iterable[Event], now: float) -> None:
        """Hand the batch to the history (which writes only when something changed)."""
        if self.recorder is not None:
            self.recorder.observe(events, now)

    def take_notices(self) -> list[str]:
        """What the person should hear about, once each: sound first, then the history."""
        lines = [f"sound: {line}" for line in self.audio.take_notices()]
        lines += self._notices
        self._notices = []
        notice = self.recorder.take_notice() if self.recorder is not None else None
        if notice is not None:
            lines.append(f"history: {notice.message}")
        return lines

    def close(self, now: float, *, ended: bool) -> None:
        """The session is over (`ended`) or the screen is going away mid-session (the history
        then keeps it as interrupted). The trace is closed now; the audio lets a last cue ring
        out in a background thread and then lets the device go."""
        if self._closed:
            return
        self._closed = True
        if self.recorder is not None and not self.recorder.ended:
            self.recorder.close(now)
        if self.trace is not None:
            self.trace.close()
            self.trace = None
        audio = self.audio

        def finish() -> None:
            if ended:
                audio.flush(AUDIO_FLUSH_SECONDS)
            audio.close()

        threading.Thread(target=finish, name="unknot-audio-close", daemon=True).start()

"""A played session's sound, for both views: the terminal bell at once, the full chain once ready.

Setting up the real sound (config.toml, probing the playback backends, importing pydub, decoding
the routine's sounds, rendering spoken names) takes a tenth of a second or more, and none of it
may hold up the first frame or the first cue. So a session's sound starts as the bell (`BellSound`)
and `SessionSound` sets up `tui.audio.session.AudioOut` in a thread of its own; from the moment it
is ready every cue goes to it. A cue due before that rings the bell, and the trace says so
("bell"). Sound is a help, never a reason to refuse to play: if the chain cannot start, the bell
stays, with a notice saying why.

Every method returns at once, from any thread; notices go to the `say` callable the session's
outputs hand in (tui/session/outputs.py), which gives each the "sound: " the person reads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TextIO

from tui.core.player_events import CueEvent
from tui.core.timeline import Timeline

if TYPE_CHECKING:
    from tui.audio.session import AudioOut

AUDIO_FLUSH_SECONDS = 3.0  # the closing chime may ring out after the view is done

Ring = Callable[[], None]


class CueSink(Protocol):
    """Where a session's cues go: `SessionSound`, `BellSound`, or a test's own."""

    @property
    def muted(self) -> bool: ...

    @property
    def label(self) -> str: ...

    def set_muted(self, muted: bool) -> None: ...

    def play(self, event: CueEvent) -> str:
        """Sound `event` without waiting; the trace's `sound` word (bell, paplay, off, …)."""
        ...

    def flush(self, timeout: float = 5.0) -> bool: ...

    def close(self) -> None: ...


def ring_on(stream: TextIO) -> Ring:
    """The bell written to `stream` (BEL and a flush); an OSError says the terminal went away."""

    def ring() -> None:
        stream.write("\a")
        stream.flush()

    return ring


class BellSound:
    """Cues as the terminal bell. `ring` None: no terminal will hear it (plain mode into a file),
    so cues are `off` and the label says why. A bell that fails (the terminal went away) stops."""

    def __init__(self, ring: Ring | None, muted: bool = False) -> None:
        self._ring = ring
        self._muted = muted

    @property
    def muted(self) -> bool:
        return self._muted or self._ring is None

    @property
    def label(self) -> str:
        if self._ring is None:
            return "sound: off (no terminal to ring the bell on)"
        return "sound: off" if self._muted else "sound: bell"

    def set_muted(self, muted: bool) -> None:
        self._muted = muted

    def play(self, event: CueEvent) -> str:
        if self.muted or self._ring is None:
            return "off"
        try:
            self._ring()
        except (OSError, ValueError):
            self._ring = None  # no more bells, and the label says so
            return "off"
        return "bell"

    def flush(self, timeout: float = 5.0) -> bool:
        return True

    def close(self) -> None:
        pass


class SessionSound:
    """The bell until the real chain is ready, then the chain. Call `start` once."""

    def __init__(
        self,
        ring: Ring | None,
        *,
        muted: bool = False,
        voice: bool | None = None,
        say: Callable[[str], None],
        make_audio: Callable[..., AudioOut] | None = None,
    ) -> None:
        self.bell = BellSound(ring, muted)
        self._ring = ring
        self._voice = voice
        self._say = say
        self._make_audio = make_audio
        self._audio: AudioOut | None = None
        self._wanted_muted = muted
        self._lock = threading.Lock()
        self._closed = False
        self.ready = threading.Event()  # set once the chain is in use, or given up for the bell

    def start(self, timeline: Timeline) -> None:
        """Set the chain up in the background; cues meanwhile ring the bell."""
        threading.Thread(
            target=self._set_up, args=(timeline,), name="unknot-audio-setup", daemon=True
        ).start()

    def _set_up(self, timeline: Timeline) -> None:
        try:
            opener = self._make_audio
            if opener is None:
                from tui.audio.session import AudioOut  # pydub: only once a routine is played

                opener = AudioOut.for_session
            ring = self._ring or (lambda: None)
            audio = opener(
                None, muted=self._wanted_muted, voice=self._voice, bell=ring, notice=self._say
            )
            audio.prepare(timeline)
        except Exception as exc:
            self._say(
                f"the audio could not start ({type(exc).__name__}: {exc}); the bell stands in"
            )
            self.ready.set()
            return
        with self._lock:
            if self._closed:
                audio.close()
            else:
                audio.set_muted(self._wanted_muted)  # `m` may have been pressed meanwhile
                self._audio = audio
        self.ready.set()

    def _sink(self) -> CueSink:
        audio = self._audio
        return audio if audio is not None else self.bell

    @property
    def muted(self) -> bool:
        return self._sink().muted

    @property
    def label(self) -> str:
        return self._sink().label

    def set_muted(self, muted: bool) -> None:
        with self._lock:
            self._wanted_muted = muted
            self.bell.set_muted(muted)
            if self._audio is not None:
                self._audio.set_muted(muted)

    def play(self, event: CueEvent) -> str:
        return self._sink().play(event)

    def flush(self, timeout: float = 5.0) -> bool:
        return self._sink().flush(timeout)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            audio, self._audio = self._audio, None
        if audio is not None:
            audio.close()

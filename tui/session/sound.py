"""A played session's sound, for both views: the full chain, set up while the player runs.

Setting up the real sound (config.toml, probing the playback backends, importing pydub, decoding
the routine's sounds, rendering spoken names) takes a tenth of a second or more, and none of it
may hold up the first frame or the first cue. So `SessionSound` sets up
`tui.audio.session.AudioOut` in a thread of its own while the player already runs; from the
moment it is ready every cue goes to it. A cue due before that (the first get-ready sounds as
playing starts) waits for the chain and sounds as soon as it is ready, if that is within
`EARLY_LIMIT`; its trace line waits for the word of what sounded it (`word_of`). Sound is a help,
never a reason to refuse to play: if the chain cannot start, the bell (`BellSound`) stands in,
with a notice saying why.

Every method returns at once, from any thread; notices go to the `say` callable the session's
outputs hand in (tui/session/outputs.py), which gives each the "sound: " the person reads.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TextIO

from tui.core.player_events import CueEvent
from tui.core.timeline import Timeline

if TYPE_CHECKING:
    from tui.audio.session import AudioOut

AUDIO_FLUSH_SECONDS = 3.0  # the closing chime may ring out after the view is done

Ring = Callable[[], None]
PENDING = "pending"  # `play`'s word for a cue held until the chain is ready (never traced as is)
EARLY_LIMIT = 1.0  # seconds a held cue may still sound late; older ones are dropped ("off")


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
        self._held: list[tuple[CueEvent, float]] = []  # cues handed over before the chain was ready
        self._words: dict[int, str] = {}  # id of a held cue: the word of what sounded it
        self.ready = threading.Event()  # set once the chain is in use, or given up for the bell

    def start(self, timeline: Timeline) -> None:
        """Set the chain up in the background; cues meanwhile are held for it."""
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
            self._ready(None)
            return
        self._ready(audio)

    def _ready(self, audio: AudioOut | None) -> None:
        """Put the chain (None: the bell) in use and sound the cues held for it meanwhile. A cue
        is sounded outside the lock: ringing the bell may wait for the UI's thread, which may be
        waiting for the lock to hand over the next cue."""
        with self._lock:
            if audio is not None and self._closed:
                audio.close()
                audio = None
            elif audio is not None:
                audio.set_muted(self._wanted_muted)  # `m` may have been pressed meanwhile
                self._audio = audio
        sink: CueSink = audio if audio is not None else self.bell
        while True:
            with self._lock:
                held, self._held = self._held, []
                if not held:
                    self.ready.set()  # from here on `play` sounds at once
                    return
            now = time.monotonic()
            words = {
                id(event): sink.play(event) if now - at <= EARLY_LIMIT else "off"
                for event, at in held
            }
            with self._lock:
                self._words.update(words)

    def word_of(self, event: CueEvent) -> str | None:
        """What sounded a held cue, once the chain is ready (None: not yet)."""
        with self._lock:
            return self._words.pop(id(event), None)

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
        """Sound `event` now, or (before the chain is ready) as soon as it is: then `PENDING`."""
        with self._lock:
            if not self.ready.is_set() and not self._wanted_muted:
                self._held.append((event, time.monotonic()))
                return PENDING
        return self._sink().play(event)

    def flush(self, timeout: float = 5.0) -> bool:
        return self._sink().flush(timeout)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            audio, self._audio = self._audio, None
        if audio is not None:
            audio.close()

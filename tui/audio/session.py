"""Sound for one play-through: what the player screen calls, and all it needs to know.

The screen has three jobs for audio: sound each `CueEvent` the player hands it, show which way the
sound goes, and let `m` mute. `AudioOut` does exactly that and hides the rest (the chain, the
sound bank, spoken names, the worker thread). Every method returns at once: decoding, writing WAV
files and rendering names happen in `prepare`'s background thread or the playback worker, never
in the UI's thread, so a slow disk cannot freeze the countdown.

Things worth telling the person (a routine sound that will not decode, a player that failed, no
speech engine) are collected as one-line notices: the screen shows them with `take_notices()`;
nothing here ever prints into the full-screen UI.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from tui.audio.backends import Bell, Environment, Ring, choose
from tui.audio.playback import Job, Playback
from tui.audio.sounds import Clip, SoundBank, routine_folder
from tui.audio.speech import VOICE_GAP, Speech, VoiceSlot, voice_slots
from tui.core.config import Config, SoundConfig, load_config
from tui.core.paths import Locations
from tui.core.player_events import CueEvent
from tui.core.routine import CueSettings, Routine
from tui.core.timeline import PlayedStep, Timeline, cue_schedule

Notice = Callable[[str], None]


class Notices:
    """One-line notices from any thread, kept until the screen takes them."""

    def __init__(self, listener: Notice | None = None) -> None:
        self._lines: list[str] = []
        self._lock = threading.Lock()
        self._listener = listener

    def __call__(self, line: str) -> None:
        with self._lock:
            self._lines.append(line)
        if self._listener is not None:
            self._listener(line)

    def take(self) -> list[str]:
        with self._lock:
            taken, self._lines = self._lines, []
        return taken


class AudioOut:
    """Plays a session's cues. Make it with `for_session`; call `close` when the session ends."""

    def __init__(
        self,
        playback: Playback,
        bank: SoundBank,
        speech: Speech | None,
        *,
        muted: bool = False,
        forced_off: bool = False,
        voice: bool | None = None,
        notices: Notices | None = None,
    ) -> None:
        self.playback = playback
        self.bank = bank
        self.speech = speech
        self.voice = voice
        self._muted = muted
        self._forced_off = forced_off  # backend = "off" in config.toml: m cannot unmute it
        self.notices = notices or Notices()
        self._slots: dict[int, VoiceSlot] = {}
        self._spoken: dict[int, Clip] = {}  # step number → its cue followed by its name
        self._last_voiced: int | None = None
        self._prepared = threading.Event()
        self._preparing: threading.Thread | None = None

    @classmethod
    def for_session(
        cls,
        config: Config | SoundConfig | None = None,
        *,
        muted: bool = False,
        voice: bool | None = None,
        bell: Ring | None = None,
        notice: Notice | None = None,
        environment: Environment | None = None,
        cache: Path | None = None,
    ) -> AudioOut:
        """The chain for this machine and these settings, ready to play (nothing opened yet).

        `config` None reads config.toml (its problems become notices). `enabled = false` starts
        muted. `voice` True speaks every step's name, False none, None as each routine says.
        `bell` rings the terminal bell: inside Textual pass `app.bell` (it is called from the
        audio thread too, and Textual's driver queues writes, so that is safe). `notice` hears
        each notice as it happens, from any thread; `take_notices()` is the thread-safe way.
        """
        tell = Notices(notice)
        if config is None:
            config = load_config()
        if isinstance(config, Config):
            for line in config.messages():
                tell(line)
            sound = config.sound
        else:
            sound = config
        env = environment or Environment.current()
        folder = cache or Locations.current().cache
        backends, reason = choose(sound.backend, env, tell)
        return cls(
            Playback(backends, Bell(bell), folder / "cues", tell, reason),
            SoundBank(master=sound.volume, notice=tell),
            Speech(folder / "speech", notice=tell) if voice is not False else None,
            muted=muted or not sound.enabled,
            forced_off=sound.backend == "off",
            voice=voice,
            notices=tell,
        )

    # ---------------------------------------------------------------------------- what it shows

    @property
    def muted(self) -> bool:
        return self._muted or self._forced_off

    @property
    def backend(self) -> str:
        """The word the trace's `sound` field takes for the next cue: paplay, bell, off, …"""
        return "off" if self.muted else self.playback.name

    @property
    def label(self) -> str:
        """What the player shows: "sound: paplay", "sound: bell (ssh)", "sound: off"."""
        return "sound: off" if self.muted else f"sound: {self.playback.label}"

    def set_muted(self, muted: bool) -> None:
        """`m` in the player. Cues handed over already play out; the next ones are "off".
        (`backend = "off"` in config.toml stays off: the person chose silence for good.)"""
        self._muted = muted

    def tell(self, line: str) -> None:
        self.notices(line)

    def take_notices(self) -> list[str]:
        """The notices since the last call, oldest first (the screen shows them)."""
        return self.notices.take()

    # ------------------------------------------------------------------------------- preparing

    def prepare(self, timeline: Timeline) -> None:
        """Decode and level every sound `timeline` needs, write them for a player program, and
        render spoken names, in a background thread. Returns at once; `wait_prepared` waits.
        Cues played before it is done are made on demand by the worker."""
        self._slots = {slot.step: slot for slot in self._voice_slots(timeline)}
        self._preparing = threading.Thread(
            target=self._prepare, args=(timeline,), name="unknot-audio-prepare", daemon=True
        )
        self._preparing.start()

    def wait_prepared(self, timeout: float | None = None) -> bool:
        """Wait for `prepare` (tests and the CLI; the screen never needs to)."""
        return self._prepared.wait(timeout)

    def _voice_slots(self, timeline: Timeline) -> list[VoiceSlot]:
        return voice_slots(timeline, cue_schedule(timeline), self.voice)

    def _prepare(self, timeline: Timeline) -> None:
        try:
            if self.playback.head is self.playback.bell and not self._slots:
                # Only the bell can sound (over SSH, or no player here) and no name is spoken:
                # the bell plays no clip and the chain never gains a player mid-session, so no
                # cue is decoded, and pydub (with the decoded cues) is never loaded. (Spoken
                # names are still rendered: they are kept for the next session.)
                return
            sources: dict[str, Routine] = {}
            for played in timeline.steps:
                sources.setdefault(played.source.id, played.source)
            clips: list[Clip] = []
            for routine in sources.values():
                clips += self.bank.sources(routine.cues, routine_folder(routine))
            for number, slot in self._slots.items():
                spoken = self._spoken_clip(timeline.steps[number - 1], slot)
                if spoken is not None:
                    self._spoken[number] = spoken
                    clips.append(spoken)
            if self.playback.head.name not in ("bell", "miniaudio"):
                for clip in clips:
                    clip.wav_file(self.playback.cache)
        except Exception as exc:  # preparing is an optimisation: failing it must not end a session
            self.tell(f"sounds could not be prepared ahead ({type(exc).__name__}: {exc})")
        finally:
            self._prepared.set()

    def _spoken_clip(self, played: PlayedStep, slot: VoiceSlot) -> Clip | None:
        if self.speech is None:
            return None
        audio = self.speech.audio(played.name)
        if audio is None:
            return None
        settings = played.cue_settings
        name = self.bank.voice(played.name, audio, settings)
        cue = self.bank.cue(slot.cue, settings, routine_folder(played.source))
        if not slot.fits(cue.seconds, name.seconds):
            self.tell(
                f"step {slot.step} ({played.name}): its name is too long to speak in "
                f"{slot.window:g} s before the next cue, so it is not spoken"
            )
            return None
        return cue.then(name, VOICE_GAP)

    # --------------------------------------------------------------------------------- playing

    def play(self, event: CueEvent) -> str:
        """Sound `event` without waiting; the word for the trace's `sound` field."""
        if self.muted:
            return "off"
        played = event.played
        spoken = self._spoken_for(event)
        settings, folder = played.cue_settings, routine_folder(played.source)

        def make() -> Clip:
            return spoken or self.bank.cue(event.cue, settings, folder)

        word = self.playback.name
        job = self.playback.play(make)
        return job.went if job.done.is_set() and job.went else word

    def _spoken_for(self, event: CueEvent) -> Clip | None:
        """The step's cue + name, if this cue is where its name is spoken (the first `start` or
        `inhale` of a step without prep: only once per step, not at every rep or side)."""
        number = event.played.number
        slot = self._slots.get(number)
        if slot is None or event.cue != slot.cue:
            return None
        if event.cue != "prep" and self._last_voiced == number:
            return None
        self._last_voiced = number
        return self._spoken.get(number)

    def play_cue(
        self, cue: str, settings: CueSettings | None = None, folder: Path | None = None
    ) -> Job:
        """Sound one cue outside a session (`unknot sounds --test`); the job says how it went."""
        chosen = settings or CueSettings()
        if self.muted:
            job = Job(lambda: self.bank.cue(cue, chosen, folder))
            job.finish("off")
            return job
        return self.playback.play(lambda: self.bank.cue(cue, chosen, folder))

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every cue handed over has played out (tests and the CLI; not the UI)."""
        return self.playback.flush(timeout)

    def close(self) -> None:
        """End the session's sound: the worker stops, the device (if any) is released."""
        self.playback.close()

"""The playback chain of DESIGN.md: the first way of making sound that works wins, and says so.

1. off when muted (the session decides that), the terminal bell over SSH (local audio would sound
   on the remote host, where nobody lies on a foam roller);
2. miniaudio, the optional extra `unknot[audio]`, one device opened for the session;
3. player programs with no Python dependency: winsound (Windows), afplay (macOS), pw-play, paplay,
   aplay (Linux), started without waiting and with their output discarded;
4. the terminal bell.

A backend is offered only when it can plausibly sound: the program is on PATH and, on Linux, the
sound server or device it talks to is there (a socket of PipeWire or PulseAudio, /dev/snd). So a
headless machine goes straight to the bell, without starting a program that would fail. One that
fails anyway (cannot start, or exits non-zero) is dropped for the rest of the session and its cue
is replayed by the next one when that is still timely.

The caller never waits: `Playback.play` hands a job to one worker thread (made on first use) and
returns the word for the trace at once. Only the bell is rung in the caller's thread, since ringing
it is one write to the terminal. Nothing here runs at import time.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from tui.audio.sounds import RATE, SAMPLE_WIDTH, Clip, audioop
from tui.core.config import BACKEND_NAMES

POLL = 0.01  # seconds between looks at running player programs (only while one runs)
REPLAY_WITHIN = 1.0  # a failed cue is replayed by the next backend only this soon after it was due
SSH_VARS = ("SSH_CONNECTION", "SSH_TTY")
LINUX_PLAYERS = ("pw-play", "paplay", "aplay")
PLAYER_ARGS: dict[str, tuple[str, ...]] = {"aplay": ("-q",)}

Notice = Callable[[str], None]
Ring = Callable[[], None]


class BackendError(Exception):
    """A backend that cannot play; the message says why in a few words."""


# ------------------------------------------------------------------------------- the machine


@dataclass(frozen=True)
class Environment:
    """What the chain looks at to choose, injectable so tests can describe any machine."""

    platform: str
    environ: Mapping[str, str]
    which: Callable[[str], str | None]
    exists: Callable[[str], bool]
    importable: Callable[[str], bool]

    @classmethod
    def current(cls) -> Environment:
        return cls(
            platform=sys.platform,
            environ=dict(os.environ),
            which=shutil.which,
            exists=os.path.exists,
            importable=lambda name: importlib.util.find_spec(name) is not None,
        )

    @property
    def over_ssh(self) -> bool:
        return any(self.environ.get(name) for name in SSH_VARS)

    def _runtime(self, name: str) -> bool:
        folder = self.environ.get("XDG_RUNTIME_DIR") or f"/run/user/{_uid()}"
        return self.exists(f"{folder}/{name}")

    @property
    def pipewire(self) -> bool:
        return bool(self.environ.get("PIPEWIRE_REMOTE")) or self._runtime("pipewire-0")

    @property
    def pulse(self) -> bool:
        return bool(self.environ.get("PULSE_SERVER")) or self._runtime("pulse/native")

    @property
    def alsa(self) -> bool:
        return self.exists("/dev/snd")

    def linux_output(self, player: str) -> bool:
        """Whether what `player` talks to is there (pipewire, pulse, or an ALSA device)."""
        if player == "pw-play":
            return self.pipewire
        if player == "paplay":
            return self.pulse
        return self.alsa or self.pulse  # ALSA's default device may be routed to a sound server

    @property
    def any_output(self) -> bool:
        if self.platform.startswith("linux"):
            return self.pipewire or self.pulse or self.alsa
        return True


def _uid() -> int:
    getuid = getattr(os, "getuid", None)
    return getuid() if getuid else 0


# ---------------------------------------------------------------------------- libasound's voice

_alsa_handler: Any = None  # kept alive for the process: libasound calls it from then on


def silence_alsa() -> bool:
    """Install a no-op error handler in libasound, so its "ALSA lib … cannot find card" lines
    never land inside the full-screen UI. Needed before anything in this process opens an ALSA
    device (miniaudio does); harmless elsewhere. True when the handler is in place."""
    global _alsa_handler
    if _alsa_handler is not None:
        return True
    if not sys.platform.startswith("linux"):
        return False
    try:
        library = ctypes.CDLL("libasound.so.2")
    except OSError:
        return False
    handler_type = ctypes.CFUNCTYPE(
        None, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p
    )
    handler = handler_type(_ignore_alsa)
    library.snd_lib_error_set_handler(handler)
    _alsa_handler = (library, handler)
    return True


def _ignore_alsa(*_args: object) -> None:
    return None


# ------------------------------------------------------------------------------------ backends


class Running(Protocol):
    """A sound that is still playing in another process."""

    def poll(self) -> int | None: ...


class Backend(Protocol):
    name: str

    def play(self, clip: Clip, cache: Path) -> Running | None:
        """Start `clip` without waiting; a process handle when one was started."""
        ...

    def close(self) -> None: ...


class Bell:
    """The terminal bell: always works, says nothing about which cue it was."""

    name = "bell"

    def __init__(self, ring: Ring | None = None) -> None:
        self.ring = ring or terminal_bell

    def play(self, clip: Clip | None = None, cache: Path | None = None) -> None:
        self.ring()

    def close(self) -> None:
        return None


def terminal_bell() -> None:
    """BEL to the terminal, if standard output is one (inside the app, pass `app.bell`)."""
    stream = sys.__stdout__
    try:
        if stream is not None and stream.isatty():
            stream.write("\a")
            stream.flush()
    except (OSError, ValueError):
        pass


def wav_for_player(clip: Clip, cache: Path) -> Path:
    """The clip's WAV file; a cache folder that cannot be written makes the player unusable."""
    try:
        return clip.wav_file(cache)
    except OSError as exc:
        raise BackendError(f"cannot write its sound file in {cache}: {exc.strerror}") from exc


class Program:
    """A player program (afplay, pw-play, paplay, aplay) given the clip as a WAV file."""

    def __init__(self, name: str, executable: str) -> None:
        self.name = name
        self.executable = executable

    def play(self, clip: Clip, cache: Path) -> Running:
        path = wav_for_player(clip, cache)
        try:
            return subprocess.Popen(
                [self.executable, *PLAYER_ARGS.get(self.name, ()), str(path)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                close_fds=True,
                start_new_session=True,  # Ctrl-C in the terminal is the app's, not the player's
            )
        except OSError as exc:
            raise BackendError(f"cannot start: {exc.strerror or exc}") from exc

    def close(self) -> None:
        return None


class Winsound:
    """Windows' own player: asynchronous, needs nothing installed."""

    name = "winsound"

    def play(self, clip: Clip, cache: Path) -> None:
        import winsound  # type: ignore[import-not-found,unused-ignore]

        flags = winsound.SND_FILENAME | winsound.SND_ASYNC | winsound.SND_NODEFAULT
        try:
            winsound.PlaySound(str(wav_for_player(clip, cache)), flags)
        except RuntimeError as exc:
            raise BackendError(str(exc)) from exc

    def close(self) -> None:
        return None


class Mixed:
    """A clip inside the miniaudio mixer; like a process, it can be polled until it has played."""

    def __init__(self, pcm: bytes) -> None:
        self.pcm = pcm
        self.position = 0  # bytes handed to the device so far
        self.finished = False

    def poll(self) -> int | None:
        return 0 if self.finished else None


MINIAUDIO_BACKENDS: dict[str, tuple[str, ...]] = {
    # Never the NULL backend, which "plays" into nothing and would hide a missing device.
    "linux": ("PULSEAUDIO", "ALSA", "JACK"),
    "darwin": ("COREAUDIO",),
    "win32": ("WASAPI", "DSOUND", "WINMM"),
}


class Miniaudio:
    """One miniaudio device for the session, fed by a generator that mixes the clips it is given
    (a tick may start while a halfway cue still rings). Opened on the first cue, in the worker."""

    name = "miniaudio"

    def __init__(self, platform: str) -> None:
        self.platform = "linux" if platform.startswith("linux") else platform
        self._device: Any = None
        self._incoming: deque[Mixed] = deque()

    def play(self, clip: Clip, cache: Path) -> Mixed:
        if self._device is None:
            self._device = self._open()
        mixed = Mixed(clip.pcm)
        self._incoming.append(mixed)
        return mixed

    def _open(self) -> Any:
        silence_alsa()
        try:
            import miniaudio  # type: ignore[import-not-found,unused-ignore]

            names = MINIAUDIO_BACKENDS.get(self.platform, ())
            device = miniaudio.PlaybackDevice(
                output_format=miniaudio.SampleFormat.SIGNED16,
                nchannels=1,
                sample_rate=RATE,
                backends=[getattr(miniaudio.Backend, name) for name in names] or None,
                app_name="unknot",
            )
            stream = self._mix()
            next(stream)
            device.start(stream)
        except Exception as exc:  # miniaudio raises its own errors and cffi's
            first = exc.args[0] if exc.args else type(exc).__name__
            raise BackendError(f"no device: {first}") from exc
        return device

    def _mix(self) -> Iterator[bytes]:
        """The device's callback: `required` frames at a time, every playing clip added in."""
        playing: list[Mixed] = []
        add = audioop().add
        required = yield b""
        while True:
            while self._incoming:
                playing.append(self._incoming.popleft())
            size = int(required) * SAMPLE_WIDTH
            out = bytes(size)
            for item in playing:
                chunk = item.pcm[item.position : item.position + size]
                item.position += size
                out = add(out, chunk + bytes(size - len(chunk)), SAMPLE_WIDTH)
                item.finished = item.position >= len(item.pcm)
            playing = [item for item in playing if not item.finished]
            required = yield out

    def close(self) -> None:
        if self._device is not None:
            try:
                self._device.close()
            finally:
                self._device = None


# ------------------------------------------------------------------------------------ the chain


def choose(
    choice: str, env: Environment, notice: Notice | None = None
) -> tuple[list[Backend], str]:
    """The backends to try in order, before the bell, and a reason the label shows ("ssh").

    `choice` is config.toml's backend: "auto" walks the chain; a named backend is used if present
    (no guessing about devices: the person asked for it), else the bell with a notice.
    """
    tell = notice or (lambda _line: None)
    if choice == "auto":
        if env.over_ssh:
            return [], "ssh"
        return _auto(env), ""
    if choice in ("bell", "off"):
        return [], ""
    assert choice in BACKEND_NAMES, choice
    found = _named(choice, env)
    if found is None:
        tell(f"the sound backend {choice!r} is not available here; the terminal bell is used")
        return [], ""
    return [found], ""


def _auto(env: Environment) -> list[Backend]:
    chain: list[Backend] = []
    if env.importable("miniaudio") and env.any_output:
        chain.append(Miniaudio(env.platform))
    if env.platform == "win32" and env.importable("winsound"):
        chain.append(Winsound())
    elif env.platform == "darwin" and (found := env.which("afplay")):
        chain.append(Program("afplay", found))
    elif env.platform.startswith("linux"):
        for player in LINUX_PLAYERS:
            found = env.which(player)
            if found and env.linux_output(player):
                chain.append(Program(player, found))
    return chain


def _named(name: str, env: Environment) -> Backend | None:
    if name == "miniaudio":
        return Miniaudio(env.platform) if env.importable("miniaudio") else None
    if name == "winsound":
        return Winsound() if env.importable("winsound") else None
    found = env.which(name)
    return Program(name, found) if found else None


@dataclass(eq=False)
class Job:
    """One clip to play. `make` builds it in the worker (decoding never runs in the caller);
    `went` is the backend that finally played it, set when `done`."""

    make: Callable[[], Clip]
    asked: float = field(default_factory=time.monotonic)
    clip: Clip | None = None
    went: str | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def finish(self, went: str) -> None:
        self.went = went
        self.done.set()


_STOP = object()


class Playback:
    """The chain for one session and the single worker thread that feeds it."""

    def __init__(
        self,
        backends: list[Backend],
        bell: Bell,
        cache: Path,
        notice: Notice | None = None,
        reason: str = "",
    ) -> None:
        self._backends = list(backends)
        self.bell = bell
        self.cache = cache
        self.reason = reason
        self._notice = notice or (lambda _line: None)
        self._queue: queue.Queue[Any] = queue.Queue()
        self._running: list[tuple[Running, Backend, Job]] = []
        self._busy = 0  # jobs handed over and not yet finished
        self._state = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closed = False

    # -------------------------------------------------------------------------- the caller side

    @property
    def head(self) -> Backend | Bell:
        """The backend the next cue goes to."""
        with self._state:
            return self._backends[0] if self._backends else self.bell

    @property
    def name(self) -> str:
        return self.head.name

    @property
    def label(self) -> str:
        name = self.name
        return f"{name} ({self.reason})" if name == "bell" and self.reason else name

    def play(self, make: Callable[[], Clip]) -> Job:
        """Play what `make` returns, without waiting; the job's `went` says how, once done.
        With only the bell left it rings here and now (no thread, no decoding)."""
        job = Job(make)
        head = self.head
        if head is self.bell or self._closed:
            if not self._closed:
                self.bell.play()
            job.finish("bell" if not self._closed else "off")
            return job
        with self._state:
            self._busy += 1
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name="unknot-audio", daemon=True)
                self._thread.start()
        self._queue.put(job)
        return job

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every job handed over has played out (tests, `unknot sounds --test`)."""
        deadline = time.monotonic() + timeout
        with self._state:
            while self._busy:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._state.wait(left)
        return True

    def close(self, timeout: float = 1.0) -> None:
        """Stop the worker (sounds already playing in other processes play out) and release
        the device. Waits at most `timeout`."""
        if self._closed:
            return
        self._closed = True
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join(timeout)
        for backend in self._backends:
            backend.close()

    # -------------------------------------------------------------------------- the worker side

    def _work(self) -> None:
        while True:
            with self._state:
                waiting = bool(self._running)
            try:
                item = self._queue.get(timeout=POLL if waiting else None)
            except queue.Empty:
                item = None
            self._reap()
            if item is _STOP:
                return
            if item is not None:
                self._start(item)

    def _start(self, job: Job) -> None:
        while True:
            head = self.head
            if head is self.bell:
                self.bell.play()
                self._finish(job, "bell")
                return
            try:
                if job.clip is None:
                    job.clip = job.make()
                handle = head.play(job.clip, self.cache)
            except BackendError as exc:
                self._drop(head, str(exc))
                continue
            except Exception as exc:  # a clip that cannot be made: say so once, play nothing
                self._notice(f"a cue could not be played ({type(exc).__name__}: {exc})")
                self._finish(job, "off")
                return
            if handle is None:
                self._finish(job, head.name)
            else:
                with self._state:
                    self._running.append((handle, head, job))
            return

    def _reap(self) -> None:
        with self._state:
            running = list(self._running)
        for entry in running:
            handle, backend, job = entry
            code = handle.poll()
            if code is None:
                continue
            with self._state:
                self._running.remove(entry)
            if code == 0:
                self._finish(job, backend.name)
                continue
            self._drop(backend, f"exit {code}")
            if time.monotonic() - job.asked <= REPLAY_WITHIN:
                self._start(job)
            else:
                self._finish(job, backend.name)

    def _drop(self, backend: Backend, why: str) -> None:
        with self._state:
            if backend not in self._backends:
                return
            self._backends.remove(backend)
        backend.close()
        self._notice(f"{backend.name} failed ({why}); sound now goes by {self.name}")

    def _finish(self, job: Job, went: str) -> None:
        job.finish(went)
        with self._state:
            self._busy -= 1
            self._state.notify_all()

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

The caller never waits: the worker that feeds this chain is tui/audio/playback.py. Nothing here
runs at import time.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import shutil
import subprocess
import sys
from collections import deque
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from tui.audio.sounds import RATE, SAMPLE_WIDTH, Clip, audioop
from tui.core.config import BACKEND_NAMES

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
        if sys.platform != "win32":  # chosen only there; this line tells the type checker so
            raise BackendError("winsound is Windows' own")
        import winsound

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

    def _mix(self) -> Generator[bytes, int, None]:
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

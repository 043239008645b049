"""Cue sounds, bundled and a routine's own, decoded and levelled once per session.

Decoding (and resampling, and levelling) costs milliseconds a sound; a cue must start the moment it
is due. So every sound a routine needs is turned once into a `Clip`: mono 16-bit PCM at one rate,
at the routine's volume, ready to mix (miniaudio, the exported track) or to hand to a player
program as a WAV file in the cache folder. A routine's own file that will not decode is replaced
by the bundled cue, with one notice, rather than leaving a hold without its cue.

pydub is imported on first use, never at import time, and its "ffmpeg not found" warning is
silenced: WAV needs no ffmpeg, and a warning printed inside the full-screen app would scribble on
it. Only routine sounds in other formats need ffmpeg, and are refused with a reason without it.
"""

from __future__ import annotations

import hashlib
import math
import os
import shutil
import tempfile
import threading
import warnings
import wave
from collections.abc import Callable
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from tui.core.paths import bundled_sounds, ensure
from tui.core.routine import CUE_EVENTS, CueSettings, Routine

if TYPE_CHECKING:
    from pydub import AudioSegment

RATE = 22050  # the bundled cues' rate, and espeak-ng's: neither needs resampling
SAMPLE_WIDTH = 2
TARGET_DBFS = -14.0  # where the bundled cues sit (scripts/make_sounds.py); others are brought here
PEAK_CEILING_DBFS = -1.0
MAX_CUE_SECONDS = 5.0  # a routine's own sound is cut (faded) here: a song must not drown the hold
FADE_MS = 40

# What each cue event means, for `unknot sounds` and the help.
CUE_WHEN: dict[str, str] = {
    "prep": "get ready: a timed step's countdown begins",
    "start": "a hold begins",
    "halfway": "the middle of a hold of 20 s or more",
    "tick": "each of a hold's last seconds",
    "switch": "change sides",
    "rest": "a rest begins",
    "end": "a hold ends and a manual step follows",
    "complete": "the routine is over",
    "inhale": "breathe in (a breathing hold)",
    "exhale": "breathe out (a breathing hold)",
}
assert tuple(CUE_WHEN) == CUE_EVENTS

Notice = Callable[[str], None]


class DecodeError(Exception):
    """A sound file that cannot be turned into samples; the message says why, in a few words."""


@cache
def pydub() -> ModuleType:
    """pydub, imported on first use with its import-time warnings silenced (see the docstring)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # "Couldn't find ffmpeg or avconv"
        warnings.simplefilter("ignore", DeprecationWarning)  # its use of audioop on 3.11–3.12
        import pydub as module  # its __init__ imports audio_segment, which warns
    typed: ModuleType = module  # pydub has no type hints: what it gives is Any
    return typed


@cache
def audioop() -> ModuleType:
    """The sample arithmetic pydub itself uses (stdlib audioop, or audioop-lts on 3.13+)."""
    pydub()
    from pydub.utils import audioop as module

    typed: ModuleType = module
    return typed


def segment(data: bytes, sample_width: int, frame_rate: int, channels: int) -> AudioSegment:
    return pydub().AudioSegment(
        data=data, sample_width=sample_width, frame_rate=frame_rate, channels=channels
    )


def silence(seconds: float) -> AudioSegment:
    return segment(bytes(SAMPLE_WIDTH * round(seconds * RATE)), SAMPLE_WIDTH, RATE, 1)


def decode(path: Path) -> AudioSegment:
    """Samples of a sound file in the common form (mono, 16-bit, RATE). WAV is read with the
    standard library; anything else goes through ffmpeg, which must be installed."""
    from tui.core.regular import not_regular_reason

    odd = not_regular_reason(path)
    if odd is not None:  # a named pipe would never finish opening
        raise DecodeError(odd)
    try:
        with wave.open(str(path), "rb") as wav:
            params = wav.getparams()
            data = wav.readframes(params.nframes)
    except (wave.Error, EOFError) as exc:
        if shutil.which("ffmpeg") is None:
            if path.suffix.lower() == ".wav":
                raise DecodeError(f"not a WAV file unknot can read ({exc})") from exc
            raise DecodeError("not WAV, and ffmpeg (which reads other formats) is missing") from exc
        return to_common(_decode_with_ffmpeg(path))
    except OSError as exc:
        raise DecodeError(exc.strerror or type(exc).__name__) from exc
    if params.nframes == 0 or not data:
        raise DecodeError("holds no samples")
    width = params.sampwidth
    if width == 1:  # 8-bit WAV is unsigned; everything else signed
        data = audioop().bias(data, 1, -128)
    elif width == 3:  # 24-bit: audioop and pydub work on 1, 2 and 4 bytes
        data = audioop().lin2lin(data, 3, 4)
        width = 4
    usable = len(data) - len(data) % (width * params.nchannels)
    return to_common(segment(data[:usable], width, params.framerate, params.nchannels))


def _decode_with_ffmpeg(path: Path) -> AudioSegment:
    try:
        return pydub().AudioSegment.from_file(str(path))
    except Exception as exc:  # pydub raises bare exceptions of several kinds for one cause
        raise DecodeError(f"ffmpeg cannot decode it ({type(exc).__name__})") from exc


def to_common(audio: AudioSegment) -> AudioSegment:
    """Mono, 16-bit, RATE: what every clip is, so clips can be mixed and concatenated."""
    return audio.set_channels(1).set_sample_width(SAMPLE_WIDTH).set_frame_rate(RATE)


def loudness_levelled(audio: AudioSegment) -> AudioSegment:
    """Bring a sound to the bundled cues' loudness, its peak kept below the ceiling."""
    if audio.max == 0:
        return audio
    gain = min(TARGET_DBFS - audio.dBFS, PEAK_CEILING_DBFS - audio.max_dBFS)
    return audio.apply_gain(gain)


def at_volume(audio: AudioSegment, volume: float) -> AudioSegment:
    """`volume` 0.0–1.0 as a gain (1.0 leaves the sound as it is; 0.0 is silence)."""
    if volume >= 1.0:
        return audio
    if volume <= 0.0:
        return audio._spawn(bytes(len(audio.raw_data)))
    return audio.apply_gain(20 * math.log10(volume))


class Clip:
    """A sound ready to play: mono 16-bit PCM at RATE. `name` says what it is, for notices."""

    __slots__ = ("_file", "_lock", "audio", "name")

    def __init__(self, name: str, audio: AudioSegment) -> None:
        self.name = name
        self.audio = audio
        self._file: Path | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Clip({self.name!r}, {self.seconds:.3f} s)"

    @property
    def pcm(self) -> bytes:
        return bytes(self.audio.raw_data)

    @property
    def seconds(self) -> float:
        return len(self.audio.raw_data) / (SAMPLE_WIDTH * RATE)

    def then(self, other: Clip, gap: float) -> Clip:
        """This clip, `gap` seconds of silence, then `other` (a cue followed by a step's name)."""
        return Clip(f"{self.name} + {other.name}", self.audio + silence(gap) + other.audio)

    def wav_file(self, folder: Path) -> Path:
        """The clip as a WAV file for a player program, written once. Named by its content, so
        a cached file is never stale and two sessions share it."""
        with self._lock:
            if self._file is not None and self._file.is_file():
                return self._file
            digest = hashlib.sha256(self.pcm).hexdigest()[:24]
            target = ensure(folder) / f"{digest}.wav"
            if not target.is_file():
                write_wav(target, self.pcm)
            self._file = target
            return target


def write_wav(target: Path, pcm: bytes) -> None:
    """Write mono 16-bit PCM at RATE to `target` atomically (a reader never sees half a file)."""
    handle, temporary = tempfile.mkstemp(prefix=".", suffix=".wav", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as raw, wave.open(raw, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(SAMPLE_WIDTH)
            wav.setframerate(RATE)
            wav.writeframes(pcm)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def bundled_file(cue: str) -> Path:
    return bundled_sounds() / f"{cue}.wav"


def routine_folder(routine: Routine) -> Path | None:
    """Where a routine's own sound paths start from: the folder of its file."""
    return routine.path.parent if routine.path is not None else None


def own_file(cue: str, settings: CueSettings, folder: Path | None) -> Path | None:
    """The routine's own file for `cue`, if `[cues.sounds]` names one (paths are relative to the
    routine file; the loader has already checked they stay inside its folder)."""
    value = settings.sound_for(cue)
    if value is None or folder is None:
        return None
    return folder / value


class SoundBank:
    """Every clip of a session, made once and shared by the threads that prepare and play.

    `master` is config.toml's volume; each routine's own `[cues] volume` multiplies it, so an
    included routine keeps its own volume. `notice` hears one line per file that will not decode.
    """

    def __init__(self, master: float = 1.0, notice: Notice | None = None) -> None:
        self.master = master
        self._notice = notice or (lambda _line: None)
        self._clips: dict[tuple[Any, ...], Clip] = {}
        self._failed: set[Path] = set()
        self._lock = threading.RLock()

    def cue(self, cue: str, settings: CueSettings, folder: Path | None = None) -> Clip:
        """The clip for `cue` as a routine with `settings` (in `folder`) sounds it."""
        own = own_file(cue, settings, folder)
        volume = settings.volume * self.master
        key = ("cue", cue, own, round(volume, 4))
        with self._lock:
            found = self._clips.get(key)
            if found is None:
                found = self._clips[key] = self._make_cue(cue, own, volume)
            return found

    def _make_cue(self, cue: str, own: Path | None, volume: float) -> Clip:
        if own is not None and own not in self._failed:
            try:
                audio = loudness_levelled(decode(own))
                if audio.duration_seconds > MAX_CUE_SECONDS:
                    audio = audio[: int(MAX_CUE_SECONDS * 1000)].fade_out(FADE_MS)
                return Clip(f"{cue} ({own.name})", at_volume(audio, volume))
            except DecodeError as exc:
                self._failed.add(own)
                self._notice(f"{own}: {exc}; the bundled {cue} cue plays instead")
        return Clip(cue, at_volume(decode(bundled_file(cue)), volume))

    def voice(self, key: str, audio: AudioSegment, settings: CueSettings) -> Clip:
        """A spoken step name, levelled like a cue and at the routine's volume."""
        volume = settings.volume * self.master
        cache_key = ("voice", key, round(volume, 4))
        with self._lock:
            found = self._clips.get(cache_key)
            if found is None:
                levelled = at_volume(loudness_levelled(to_common(audio)), volume)
                found = self._clips[cache_key] = Clip(f"voice {key}", levelled)
            return found

    def sources(self, settings: CueSettings, folder: Path | None) -> list[Clip]:
        """Every cue of one routine (cheap: ten short files), so none is decoded mid-hold."""
        return [self.cue(cue, settings, folder) for cue in CUE_EVENTS]

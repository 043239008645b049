"""Spoken step names, rendered ahead of time by the system's speech engine and cached as WAV.

Someone lying on a foam roller hears which step comes without turning their head. A speech engine
takes a noticeable moment to start, so a name is rendered before the session needs it (never when
its cue is due) and kept in the cache folder, keyed by the engine and a hash of the text, so the
next session reuses it. No engine is not an error: one notice says names will not be spoken.

The text goes to the engine on standard input, never on its command line, so a step called
"--help" or "; rm" is just words. Where the name is spoken is decided here too (`voice_slots`),
once for the live player and the exported track: just after the step's `prep` cue (or its first
`start`/`inhale` where it has no prep), and only if it ends before the next cue, so it never
talks over a tick.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.paths import ensure
from tui.core.timeline import CUE_GAP, Cue, Timeline

if TYPE_CHECKING:
    from pydub import AudioSegment

RENDER_TIMEOUT = 20.0
VOICE_GAP = 0.08  # seconds of quiet between the cue and the name
TRIM_DBFS = -50.0  # engines pad their output with silence; it is cut off at this level
OUT_ENV = "UNKNOT_SPEECH_OUT"  # PowerShell gets its output path here: no quoting to get wrong
_POWERSHELL_SCRIPT = (
    "Add-Type -AssemblyName System.Speech; "
    "$s = New-Object System.Speech.Synthesis.SpeechSynthesizer; "
    f"$s.SetOutputToWaveFile($env:{OUT_ENV}); "
    "$s.Speak([Console]::In.ReadToEnd()); $s.Dispose()"
)
NO_ENGINE = (
    "spoken step names need a speech engine (espeak-ng, say on macOS, or Windows PowerShell); "
    "none was found, so names are not spoken"
)

Notice = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Engine:
    """A speech program: `argv` with "{out}" where the WAV path goes; the text comes on stdin."""

    name: str
    argv: tuple[str, ...]
    out_in_env: bool = False  # the output path goes in OUT_ENV instead of the command line

    def command(self, out: Path) -> list[str]:
        return [part.replace("{out}", str(out)) for part in self.argv]


def find_engine(
    platform: str = sys.platform, which: Callable[[str], str | None] = shutil.which
) -> Engine | None:
    """The first speech engine present: espeak-ng (or espeak), `say` on macOS, PowerShell's
    System.Speech on Windows."""
    for name in ("espeak-ng", "espeak"):
        found = which(name)
        if found:
            return Engine(name, (found, "-w", "{out}", "--stdin"))
    if platform == "darwin" and (found := which("say")):
        return Engine(
            "say", (found, "-o", "{out}", "--file-format=WAVE", "--data-format=LEI16@22050")
        )
    if platform == "win32" and (found := which("powershell")):
        return Engine(
            "powershell",
            (found, "-NoProfile", "-NonInteractive", "-Command", _POWERSHELL_SCRIPT),
            out_in_env=True,
        )
    return None


def cache_file(folder: Path, engine: Engine, text: str) -> Path:
    """Where `text` spoken by `engine` is kept: the engine and a hash of the text name it."""
    digest = hashlib.sha256(f"{engine.name}\0{text}".encode()).hexdigest()[:24]
    return folder / f"{engine.name}-{digest}.wav"


def render(engine: Engine, text: str, folder: Path) -> Path:
    """`text` as a WAV file in `folder`, rendered once (a cached file is used as it is).

    Raises OSError or subprocess errors when the engine fails; the caller turns that into one
    notice. The file appears atomically, so a crash never leaves half a name in the cache.
    """
    target = cache_file(folder, engine, text)
    if target.is_file():
        return target
    ensure(folder)
    handle, temporary = tempfile.mkstemp(prefix=".", suffix=".wav", dir=folder)
    os.close(handle)
    try:
        environ = {**os.environ, OUT_ENV: temporary} if engine.out_in_env else None
        subprocess.run(
            engine.command(Path(temporary)),
            input=text.encode(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=RENDER_TIMEOUT,
            check=True,
            env=environ,
        )
        if Path(temporary).stat().st_size == 0:
            raise OSError(f"{engine.name} wrote nothing")
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)
    return target


class Speech:
    """Step names as audio, for one session: renders (or finds in the cache) and decodes them.

    `engine` None means "find one"; pass `False` to say there is none (tests). Each failure is
    reported once through `notice`, and a failing engine is not asked again this session.
    """

    def __init__(
        self, folder: Path, engine: Engine | bool | None = None, notice: Notice | None = None
    ) -> None:
        self.folder = folder
        self.engine: Engine | None = (
            find_engine() if engine is None else (engine if isinstance(engine, Engine) else None)
        )
        self._notice = notice or (lambda _line: None)
        self._told = False
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        return self.engine is not None

    def audio(self, text: str) -> AudioSegment | None:
        """`text` spoken, trimmed of the engine's leading and trailing silence; None when there
        is no engine or it failed (after one notice)."""
        from tui.audio.sounds import DecodeError, decode

        with self._lock:
            if self.engine is None:
                self._tell(NO_ENGINE)
                return None
            engine = self.engine
        try:
            path = render(engine, text, self.folder)
            return _trimmed(decode(path))
        except (OSError, subprocess.SubprocessError, DecodeError) as exc:
            with self._lock:
                self.engine = None
                self._tell(
                    f"{engine.name} could not speak {text!r} ({_why(exc)}); names are not spoken"
                )
            return None

    def _tell(self, line: str) -> None:
        if not self._told:
            self._told = True
            self._notice(line)


def _why(exc: BaseException) -> str:
    if isinstance(exc, subprocess.CalledProcessError):
        return f"exit {exc.returncode}"
    if isinstance(exc, subprocess.TimeoutExpired):
        return f"no answer in {RENDER_TIMEOUT:.0f} s"
    return str(exc) or type(exc).__name__


def _trimmed(audio: AudioSegment) -> AudioSegment:
    from pydub.silence import detect_leading_silence

    start = detect_leading_silence(audio, silence_threshold=TRIM_DBFS)
    end = detect_leading_silence(audio.reverse(), silence_threshold=TRIM_DBFS)
    trimmed = audio[start : len(audio) - end]
    return trimmed if len(trimmed) > 0 else audio


# ------------------------------------------------------------------------- where names are spoken


@dataclass(frozen=True, slots=True)
class VoiceSlot:
    """Step `step`'s name follows the cue `cue` at `at` (seconds into the plan), in segment
    `segment`; it has `window` seconds before the next cue begins."""

    step: int
    name: str
    cue: str
    at: float
    segment: int
    window: float

    def fits(self, cue_seconds: float, voice_seconds: float) -> bool:
        """Cue, gap and name all end at least CUE_GAP before the next cue."""
        return cue_seconds + VOICE_GAP + voice_seconds + CUE_GAP <= self.window + 1e-9


def voice_slots(
    timeline: Timeline, cues: Sequence[Cue], forced: bool | None = None
) -> list[VoiceSlot]:
    """Where each step's name is spoken, given the plan's cues in time order (`cue_schedule`).

    A step speaks when `forced` is True, or when its own `voice` setting is on and `forced` is not
    False. A manual step has neither prep nor start, so it is not spoken.
    """
    slots: list[VoiceSlot] = []
    ordered = sorted(cues, key=lambda cue: cue.offset)
    for played in timeline.steps:
        if forced is False or (forced is None and not played.voice):
            continue
        segments = timeline.segments_of(played.number)
        if not segments or not segments[0].is_timed:
            continue
        first = segments[0]
        position = next(
            (i for i, cue in enumerate(ordered) if cue.segment == first.index),
            None,
        )
        if position is None:
            continue
        trigger = ordered[position]
        later = [cue.offset for cue in ordered[position + 1 :] if cue.offset > trigger.offset]
        window = (later[0] if later else timeline.planned_seconds) - trigger.offset
        slots.append(
            VoiceSlot(
                step=played.number,
                name=played.name,
                cue=trigger.cue,
                at=trigger.offset,
                segment=first.index,
                window=window,
            )
        )
    return slots

"""Whether a routine's own cue sound may be used: its path stays inside the routine's folder,
and the file decodes. The rules are the format's (docs/ROUTINE_FORMAT.md, [cues.sounds])."""

from __future__ import annotations

import re
from pathlib import Path

from tui.core.regular import not_regular_reason


def sound_path_problem(folder: Path, value: str) -> tuple[str, str] | None:
    """Why a routine's sound path is not allowed, or None; the rules are the format's."""
    hint = 'a path relative to the routine file, inside its folder, like "sounds/gong.wav"'
    relative = Path(value)
    if relative.is_absolute() or value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value):
        return (f"{value!r} is an absolute path", hint)
    try:
        target = (folder / relative).resolve()
        inside = target.is_relative_to(folder.resolve())
        exists = inside and target.is_file()
        folder_there = inside and not exists and target.is_dir()
    except (OSError, ValueError):  # a NUL character, a name too long for the file system…
        return (f"{value!r} is not a path this system can open", hint)
    if not inside:
        return (f"{value!r} leaves the routine's folder", hint)
    odd = not_regular_reason(folder / relative)
    if odd is not None and not folder_there:
        return (f"{value!r} {odd}", 'name a regular sound file, like "sounds/gong.wav"')
    if folder_there:
        return (
            f"{value!r} is a folder, not a sound file",
            'name the file in it, like "sounds/gong.wav"',
        )
    if not exists:
        return (f"{value!r} does not exist", f"put the file at {target}")
    return None


def sound_decode_problem(folder: Path, value: str) -> tuple[str, str] | None:
    """Why an allowed sound path will not play, or None. WAV is read with the standard library;
    other formats are tried with ffmpeg where it is installed, and cannot be judged without it
    (the player then falls back to the bundled cue, with a notice)."""
    import shutil
    import subprocess
    import wave

    target = folder / value
    hint = "save it as a 16-bit PCM WAV file"
    try:
        with wave.open(str(target), "rb") as wav:
            if wav.getnframes() > 0:
                return None
            return (f"{value!r} holds no sound", hint)
    except (wave.Error, EOFError, OSError) as exc:
        reason = str(exc) or type(exc).__name__
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        if target.suffix.lower() in (".wav", ".wave"):
            return (f"{value!r} is not a WAV file unknot can read ({reason})", hint)
        return None
    try:
        subprocess.run(
            [ffmpeg, "-v", "error", "-nostdin", "-i", str(target), "-f", "null", "-"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=10,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return (f"{value!r} will not decode (ffmpeg cannot read it)", hint)
    return None

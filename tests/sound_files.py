"""A real, tiny WAV file for tests that need a routine's own sound to exist and decode."""

from __future__ import annotations

import wave
from pathlib import Path


def write_wav(path: Path, frames: int = 441) -> Path:
    """10 ms of silence, 16-bit mono 44.1 kHz: the smallest file every check accepts."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(44100)
        wav.writeframes(b"\x00\x00" * frames)
    return path

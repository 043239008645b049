"""The committed cue sounds: their format, length and level, and that the script still makes them.

The player plays these files as they are, so a cue that is too loud, clips, clicks at its edges or
is in a format the audio backend does not expect would reach every user. The last test regenerates
them and compares bytes, so an edit to scripts/make_sounds.py cannot silently drift from sounds/.
"""

from __future__ import annotations

import importlib.util
import sys
import warnings
import wave
from pathlib import Path
from types import ModuleType

import pytest

with warnings.catch_warnings():
    # pydub warns at import that ffmpeg is missing; reading WAV does not need it.
    warnings.simplefilter("ignore", RuntimeWarning)
    warnings.simplefilter("ignore", DeprecationWarning)  # its use of audioop
    from pydub import AudioSegment

REPO = Path(__file__).parents[2]
SOUNDS = REPO / "sounds"
SCRIPT = REPO / "scripts" / "make_sounds.py"
EVENTS = (
    "prep",
    "start",
    "halfway",
    "tick",
    "switch",
    "rest",
    "end",
    "complete",
    "inhale",
    "exhale",
)
FRAME_RATE = 22050
LENGTH_MS = {"tick": (80, 120), "complete": (1200, 1800)}
OTHER_LENGTH_MS = (200, 700)
EDGE_MS = 5
EDGE_LIMIT = 0.01 * (1 << 15)  # 1% of 16-bit full scale
MAX_TOTAL_BYTES = 1_000_000


def sound(event: str) -> AudioSegment:
    with (SOUNDS / f"{event}.wav").open("rb") as wav:  # pydub leaves a path it opened unclosed
        return AudioSegment.from_wav(wav)


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_sounds", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look the module up while it runs
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


@pytest.mark.parametrize("event", EVENTS)
def test_is_mono_16_bit_pcm(event: str) -> None:
    path = SOUNDS / f"{event}.wav"
    assert path.is_file()
    with wave.open(str(path), "rb") as wav:
        assert wav.getcomptype() == "NONE"
        assert wav.getsampwidth() == 2
        assert wav.getnchannels() == 1
        assert wav.getframerate() == FRAME_RATE


@pytest.mark.parametrize("event", EVENTS)
def test_length(event: str) -> None:
    low, high = LENGTH_MS.get(event, OTHER_LENGTH_MS)
    assert low <= len(sound(event)) <= high


@pytest.mark.parametrize("event", EVENTS)
def test_level_and_peak(event: str) -> None:
    segment = sound(event)
    assert -17 < segment.dBFS < -11
    assert segment.max_dBFS < -0.5


@pytest.mark.parametrize("event", EVENTS)
def test_edges_are_silent(event: str) -> None:
    segment = sound(event)
    assert segment[:EDGE_MS].max < EDGE_LIMIT
    assert segment[-EDGE_MS:].max < EDGE_LIMIT


def test_complete_is_the_longest() -> None:
    complete = len(sound("complete"))
    assert all(len(sound(event)) < complete for event in EVENTS if event != "complete")


def test_folder_holds_exactly_the_cues_and_is_small() -> None:
    wavs = sorted(SOUNDS.glob("*.wav"))
    assert {path.stem for path in wavs} == set(EVENTS)
    assert sum(path.stat().st_size for path in wavs) < MAX_TOTAL_BYTES


def test_script_regenerates_identical_files(tmp_path: Path) -> None:
    written = load_script().main(tmp_path)
    assert set(written) == set(EVENTS)
    for event in EVENTS:
        fresh = (tmp_path / f"{event}.wav").read_bytes()
        assert fresh == (SOUNDS / f"{event}.wav").read_bytes(), event

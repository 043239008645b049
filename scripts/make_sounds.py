"""Regenerate the cue sounds in sounds/ from pydub's sine generators.

Why a script rather than recorded or downloaded files: the cues stay small, free of licence
questions, and reproducible. Anyone can change a tone here, re-run
`.venv/bin/python scripts/make_sounds.py`, and commit the new WAVs; tests/unit/test_sounds.py
checks that the committed files are exactly what this script produces, so the two cannot drift.

The sounds are meant to be calm, since they play while someone is holding a stretch: soft bell
tones (a sine with two quiet overtones that die away faster than the fundamental), a three-note
rising chime for `complete`, and slow pitch glides for `inhale` and `exhale`. Every sound is mono,
16-bit, 22 050 Hz, normalised to about -14 dBFS (RMS) with its peak kept below -1 dBFS. Each starts
and ends with a few milliseconds of silence and rises from and falls back to exactly zero, so it
never clicks. Only `math` is used, with no randomness, so re-running gives byte-identical files.
"""

from __future__ import annotations

import argparse
import array
import itertools
import math
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

with warnings.catch_warnings():
    # pydub warns at import that ffmpeg is missing; generating and writing WAV does not need it.
    warnings.simplefilter("ignore", RuntimeWarning)
    warnings.simplefilter("ignore", DeprecationWarning)  # its use of audioop
    from pydub import AudioSegment
    from pydub.generators import SignalGenerator, Sine

SOUNDS_DIR = Path(__file__).resolve().parents[1] / "sounds"
RATE = 22050  # the tones have nothing above ~4 kHz, so 22 050 Hz loses nothing and halves the size
SAMPLE_WIDTH = 2  # 16-bit PCM
FULL_SCALE = 1 << 15  # what pydub measures dBFS against for 16-bit audio
TARGET_DBFS = -14.0
PEAK_CEILING_DBFS = -1.0
GUARD_MS = 6.0  # true silence at each end, so the first and last 5 ms are silent
OVERTONES = ((1, 1.0), (2, 0.22), (3, 0.07))  # (multiple of the fundamental, relative amplitude)

# Equal-tempered pitches (Hz) from a C major pentatonic scale: any two of them sound well together.
C4, E4, G4, A4 = 261.63, 329.63, 392.00, 440.00
C5, D5, E5, G5, C6 = 523.25, 587.33, 659.26, 783.99, 1046.50


@dataclass(frozen=True)
class Note:
    """A soft bell tone: a quick rise, an exponential decay, a smooth fade to zero at the end."""

    freq: float
    start_ms: float  # from the end of the leading silence
    length_ms: float
    decay_ms: float  # time constant of the fundamental's decay; overtones decay faster
    attack_ms: float = 8.0
    release_ms: float = 60.0
    level: float = 1.0


class Glide(SignalGenerator):
    """A sine whose pitch moves exponentially (evenly in musical terms) from `start` to `end`."""

    def __init__(self, start: float, end: float, length_ms: float, **kwargs: int) -> None:
        super().__init__(**kwargs)
        self.start = start
        self.end = end
        self.count = samples(length_ms)

    def generate(self) -> Iterator[float]:
        phase = 0.0
        for n in itertools.count():
            yield math.sin(phase)
            progress = min(n / max(self.count - 1, 1), 1.0)
            freq = self.start * (self.end / self.start) ** progress
            phase = (phase + 2 * math.pi * freq / self.sample_rate) % (2 * math.pi)


def samples(ms: float) -> int:
    """The number of samples in `ms` milliseconds."""
    return round(ms * RATE / 1000)


def raised_cosine(position: float) -> float:
    """A smooth 0 → 1 ramp for `position` in [0, 1], flat at both ends."""
    return 0.5 - 0.5 * math.cos(math.pi * min(max(position, 0.0), 1.0))


def fade_envelope(count: int, attack: int, release: int) -> list[float]:
    """Rise over `attack` samples and fall over the last `release`, both to and from exactly 0."""
    return [
        raised_cosine(n / attack) * raised_cosine((count - 1 - n) / release) for n in range(count)
    ]


def render_note(note: Note) -> list[float]:
    """The note's samples: each overtone from a pydub Sine, decaying at its own rate."""
    count = samples(note.length_ms)
    envelope = fade_envelope(count, samples(note.attack_ms), samples(note.release_ms))
    out = [0.0] * count
    for multiple, amplitude in OVERTONES:
        decay = samples(note.decay_ms) / multiple
        wave = Sine(note.freq * multiple, sample_rate=RATE).generate()
        for n, value in zip(range(count), wave, strict=False):
            out[n] += amplitude * math.exp(-n / decay) * value
    return [note.level * e * v for e, v in zip(envelope, out, strict=True)]


def bells(*notes: Note) -> list[float]:
    """The notes mixed at their start times, with the silent guard at both ends."""
    guard = samples(GUARD_MS)
    end = max(samples(note.start_ms) + samples(note.length_ms) for note in notes)
    mixed = [0.0] * (guard + end + guard)
    for note in notes:
        offset = guard + samples(note.start_ms)
        for n, value in enumerate(render_note(note)):
            mixed[offset + n] += value
    return mixed


def glide(start: float, end: float, length_ms: float) -> list[float]:
    """A breath tone: a pitch glide with a faint octave, swelling in and fading slowly out."""
    count = samples(length_ms)
    fundamental = Glide(start, end, length_ms, sample_rate=RATE).generate()
    octave = Glide(2 * start, 2 * end, length_ms, sample_rate=RATE).generate()
    envelope = fade_envelope(count, count * 2 // 5, count * 2 // 5)
    tone = [e * (f + 0.12 * o) for e, f, o in zip(envelope, fundamental, octave, strict=False)]
    guard = [0.0] * samples(GUARD_MS)
    return guard + tone + guard


def to_segment(values: list[float]) -> AudioSegment:
    """16-bit mono audio scaled so its RMS level is TARGET_DBFS, quantised once."""
    rms = math.sqrt(sum(v * v for v in values) / len(values))
    gain = FULL_SCALE * 10 ** (TARGET_DBFS / 20) / rms
    pcm = array.array("h", (round(v * gain) for v in values))
    return AudioSegment(data=pcm.tobytes(), sample_width=SAMPLE_WIDTH, frame_rate=RATE, channels=1)


def check(name: str, segment: AudioSegment) -> None:
    """Refuse to write a sound whose level or peak is out of range (a tone was badly designed)."""
    if abs(segment.dBFS - TARGET_DBFS) > 0.5:
        raise ValueError(f"{name}: level {segment.dBFS:.2f} dBFS, wanted {TARGET_DBFS}")
    if segment.max_dBFS >= PEAK_CEILING_DBFS:
        raise ValueError(f"{name}: peak {segment.max_dBFS:.2f} dBFS would come close to clipping")


CUES: dict[str, Callable[[], list[float]]] = {
    # "Get ready": one unhurried mid tone.
    "prep": lambda: bells(Note(A4, 0, 480, decay_ms=260, attack_ms=14)),
    # "Begin the hold": a quick rising fourth.
    "start": lambda: bells(Note(G4, 0, 200, decay_ms=150), Note(C5, 110, 320, decay_ms=190)),
    "halfway": lambda: bells(Note(D5, 0, 400, decay_ms=220)),
    # The countdown tick: short, high and quiet in character, still a sine.
    "tick": lambda: bells(Note(C6, 0, 88, decay_ms=45, attack_ms=4, release_ms=30)),
    # "Other side": the same note twice.
    "switch": lambda: bells(Note(E5, 0, 200, decay_ms=140), Note(E5, 150, 300, decay_ms=170)),
    # "Rest": a low, warm fifth that rises slowly.
    "rest": lambda: bells(
        Note(C4, 0, 620, decay_ms=420, attack_ms=40, release_ms=120),
        Note(G4, 0, 620, decay_ms=380, attack_ms=40, release_ms=120, level=0.35),
    ),
    # "Step done": a falling fourth, the mirror of `start`.
    "end": lambda: bells(Note(C5, 0, 220, decay_ms=150), Note(G4, 130, 400, decay_ms=230)),
    # "Routine complete": a rising three-note chime, longer than everything else.
    "complete": lambda: bells(
        Note(C5, 0, 700, decay_ms=420),
        Note(E5, 230, 700, decay_ms=420),
        Note(G5, 460, 1050, decay_ms=520, release_ms=200),
    ),
    "inhale": lambda: glide(C4, G4, 640),
    "exhale": lambda: glide(G4, C4, 640),
}


def main(output_dir: Path = SOUNDS_DIR) -> dict[str, Path]:
    """Write every cue to `output_dir`/<event>.wav and return the paths by event."""
    output_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for name, build in CUES.items():
        segment = to_segment(build())
        check(name, segment)
        path = output_dir / f"{name}.wav"
        with path.open("wb") as out:
            segment.export(out, format="wav")
        written[name] = path
    return written


def describe(paths: dict[str, Path]) -> None:
    """Print each sound's length, level and peak, and the total size."""
    for name, path in paths.items():
        with path.open("rb") as wav:  # pydub leaves a file it opened itself unclosed
            segment = AudioSegment.from_wav(wav)
        print(
            f"{name:9} {len(segment):5d} ms  {segment.dBFS:6.2f} dBFS  "
            f"peak {segment.max_dBFS:6.2f} dBFS  {path.stat().st_size:7d} bytes"
        )
    print(f"total {sum(path.stat().st_size for path in paths.values())} bytes")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output-dir", type=Path, default=SOUNDS_DIR)
    describe(main(parser.parse_args().output_dir))

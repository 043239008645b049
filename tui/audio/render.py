"""A whole routine as one guided audio track, to follow away from the terminal.

The track is the plan heard: silence, and each cue of `timeline.cue_schedule` starting at exactly
its planned offset (to the sample), with the step names spoken where the player would speak them.
Its length is the planned length to the sample, plus the tail of the closing `complete` chime,
which starts at the planned end and is allowed to ring past it: cutting it would end the routine
on a click, and moving it earlier would put it inside the last hold.

A manual step has no length in a track (nobody is there to press Enter): the cue of what follows
sounds at once, and the `end` cue that would have announced the manual step, falling on the same
instant, is left out, as the 250 ms rule of DESIGN.md leaves out the weaker of two close cues.
A routine ending on a manual step still ends with `complete`.

The file is written a few seconds at a time with the standard `wave` module, so a four-hour
routine never sits in memory, and atomically, so a half-written track never has the final name.
"""

from __future__ import annotations

import bisect
import os
import tempfile
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tui.audio.sounds import RATE, SAMPLE_WIDTH, Clip, SoundBank, audioop, routine_folder
from tui.audio.speech import VOICE_GAP, Speech, voice_slots
from tui.core.timeline import CUE_GAP, Cue, Timeline, cue_schedule

CHUNK_SECONDS = 10
Notice = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Track:
    """What was written: the cues with their planned offsets, and the lengths in seconds."""

    path: Path
    cues: tuple[Cue, ...]
    planned: float
    seconds: float
    spoken: int  # step names spoken


def track_cues(timeline: Timeline) -> list[Cue]:
    """The cue schedule as the track plays it (see the module docstring for the manual steps)."""
    cues = sorted(cue_schedule(timeline), key=lambda cue: cue.offset)
    last = timeline.segments[-1] if timeline.segments else None
    if last is not None and not last.is_timed:
        cues.append(Cue(timeline.planned_seconds, "complete", last.index))
    kept: list[Cue] = []
    for cue in cues:
        if cue.cue == "end" and any(
            other is not cue and other.cue != "end" and abs(other.offset - cue.offset) < CUE_GAP
            for other in cues
        ):
            continue
        kept.append(cue)
    return kept


def frame(seconds: float) -> int:
    return round(seconds * RATE)


def render_track(
    timeline: Timeline,
    out: Path,
    *,
    voice: bool | None = None,
    bank: SoundBank | None = None,
    speech: Speech | None = None,
    notice: Notice | None = None,
) -> Track:
    """Write `timeline` as a 16-bit mono WAV at RATE to `out`. `voice` as for the player: True
    speaks every step's name, False none, None as each routine says (a speech engine needed)."""
    tell = notice or (lambda _line: None)
    bank = bank or SoundBank(notice=tell)
    cues = track_cues(timeline)
    placed: list[tuple[int, bytes]] = []
    spoken = 0
    slots = {(slot.segment, slot.cue): slot for slot in voice_slots(timeline, cues, voice)}
    if slots and speech is None:
        from tui.core.paths import Locations

        speech = Speech(Locations.current().cache / "speech", notice=tell)
    for cue in cues:
        played = timeline.segments[cue.segment].played
        settings, folder = played.cue_settings, routine_folder(played.source)
        clip: Clip = bank.cue(cue.cue, settings, folder)
        slot = slots.get((cue.segment, cue.cue))
        if slot is not None and speech is not None:
            audio = speech.audio(played.name)
            if audio is not None:
                name = bank.voice(played.name, audio, settings)
                if slot.fits(clip.seconds, name.seconds):
                    clip = clip.then(name, VOICE_GAP)
                    spoken += 1
                else:
                    tell(f"step {slot.step} ({played.name}): too long to speak before its next cue")
        placed.append((frame(cue.offset), clip.pcm))
    planned_frames = frame(timeline.planned_seconds)
    total = max([planned_frames, *(start + len(pcm) // SAMPLE_WIDTH for start, pcm in placed)])
    _write(out, placed, total)
    return Track(out, tuple(cues), timeline.planned_seconds, total / RATE, spoken)


def _write(out: Path, placed: list[tuple[int, bytes]], total: int) -> None:
    """Mix the clips (start frame, PCM) into `total` frames of silence, a chunk at a time."""
    add = audioop().add
    chunk = CHUNK_SECONDS * RATE
    placed = sorted(placed, key=lambda item: item[0])
    starts = [start for start, _ in placed]
    longest = max((len(pcm) // SAMPLE_WIDTH for _, pcm in placed), default=0)
    from tui.core.writer import about

    try:
        handle, temporary = tempfile.mkstemp(prefix=".", suffix=".wav", dir=out.parent)
    except OSError as exc:
        raise about(out, exc) from exc
    try:
        with os.fdopen(handle, "wb") as raw, wave.open(raw, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(SAMPLE_WIDTH)
            wav.setframerate(RATE)
            for begin in range(0, total, chunk):
                end = min(begin + chunk, total)
                buffer = bytearray((end - begin) * SAMPLE_WIDTH)
                first = bisect.bisect_left(starts, begin - longest)
                for start, pcm in placed[first : bisect.bisect_left(starts, end)]:
                    stop = start + len(pcm) // SAMPLE_WIDTH
                    if stop <= begin or start >= end:
                        continue
                    lo, hi = max(start, begin), min(stop, end)
                    source = pcm[(lo - start) * SAMPLE_WIDTH : (hi - start) * SAMPLE_WIDTH]
                    at = slice((lo - begin) * SAMPLE_WIDTH, (hi - begin) * SAMPLE_WIDTH)
                    buffer[at] = add(bytes(buffer[at]), source, SAMPLE_WIDTH)
                wav.writeframes(bytes(buffer))
        os.replace(temporary, out)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise about(out, exc) from exc
        raise

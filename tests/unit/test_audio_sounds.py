"""The sound bank: bundled cues and a routine's own files, decoded and levelled once, at the
routine's volume; a file that will not decode gives way to the bundled cue with one notice.
And the audio package's import hygiene: no textual, no pydub, no disk until a sound is needed.
"""

from __future__ import annotations

import array
import math
import os
import subprocess
import sys
import wave
from pathlib import Path

import pytest
from probes import run_alone

from tui.audio import sounds
from tui.audio.sounds import (
    MAX_CUE_SECONDS,
    RATE,
    TARGET_DBFS,
    SoundBank,
    bundled_file,
    decode,
)
from tui.core.routine import CUE_EVENTS, CueSettings

REPO = Path(__file__).parents[2]


def tone_wav(
    path: Path,
    *,
    seconds: float = 0.3,
    rate: int = 44100,
    channels: int = 2,
    width: int = 2,
    amplitude: float = 0.9,
) -> Path:
    """A 440 Hz tone as PCM WAV, in any layout the wave module writes."""
    count = int(seconds * rate)
    full = (1 << (8 * width - 1)) - 1
    values = [int(amplitude * full * math.sin(2 * math.pi * 440 * n / rate)) for n in range(count)]
    if width == 1:
        data = bytes((v + 128) & 0xFF for v in values for _ in range(channels))
    elif width == 3:
        data = b"".join(
            v.to_bytes(3, "little", signed=True) for v in values for _ in range(channels)
        )
    else:
        data = array.array("h" if width == 2 else "i", [v for v in values for _ in range(channels)])
        data = data.tobytes()
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(channels)
        wav.setsampwidth(width)
        wav.setframerate(rate)
        wav.writeframes(data)
    return path


def own_sounds(folder: Path, **files: str) -> CueSettings:
    return CueSettings(sounds=tuple(files.items()))


def test_every_bundled_cue_decodes_to_mono_16_bit_at_the_common_rate() -> None:
    bank = SoundBank()
    for cue in CUE_EVENTS:
        clip = bank.cue(cue, CueSettings(volume=1.0))
        assert clip.audio.channels == 1 and clip.audio.sample_width == 2
        assert clip.audio.frame_rate == RATE
        assert clip.pcm == decode(bundled_file(cue)).raw_data


def test_a_clip_is_made_once_and_shared() -> None:
    bank = SoundBank()
    assert bank.cue("tick", CueSettings()) is bank.cue("tick", CueSettings())


def test_the_routine_volume_and_the_config_volume_multiply() -> None:
    full = SoundBank().cue("start", CueSettings(volume=1.0)).audio.dBFS
    routine = SoundBank().cue("start", CueSettings(volume=0.5)).audio.dBFS
    both = SoundBank(master=0.5).cue("start", CueSettings(volume=0.5)).audio.dBFS
    assert routine == pytest.approx(full + 20 * math.log10(0.5), abs=0.2)
    assert both == pytest.approx(full + 20 * math.log10(0.25), abs=0.2)


def test_volume_zero_is_silence_of_the_same_length() -> None:
    loud = SoundBank().cue("halfway", CueSettings(volume=1.0))
    silent = SoundBank().cue("halfway", CueSettings(volume=0.0))
    assert silent.audio.max == 0 and len(silent.pcm) == len(loud.pcm)


@pytest.mark.parametrize(
    ("rate", "channels", "width"),
    [(44100, 2, 2), (8000, 1, 1), (48000, 2, 3), (22050, 1, 4)],
)
def test_a_routines_own_wav_is_brought_to_the_common_form_and_level(
    tmp_path: Path, rate: int, channels: int, width: int
) -> None:
    tone_wav(tmp_path / "sounds" / "gong.wav", rate=rate, channels=channels, width=width)
    settings = CueSettings(volume=1.0, sounds=(("start", "sounds/gong.wav"),))
    heard: list[str] = []
    clip = SoundBank(notice=heard.append).cue("start", settings, tmp_path)
    assert heard == []
    assert (clip.audio.channels, clip.audio.sample_width, clip.audio.frame_rate) == (1, 2, RATE)
    assert clip.seconds == pytest.approx(0.3, abs=0.01)
    assert clip.audio.dBFS == pytest.approx(TARGET_DBFS, abs=0.5)  # a loud file is brought down
    assert clip.audio.max_dBFS < -0.9
    assert clip.name == "start (gong.wav)"


def test_a_long_own_sound_is_cut_and_faded(tmp_path: Path) -> None:
    tone_wav(tmp_path / "song.wav", seconds=MAX_CUE_SECONDS + 2, rate=8000, channels=1)
    settings = CueSettings(sounds=(("complete", "song.wav"),))
    clip = SoundBank().cue("complete", settings, tmp_path)
    assert clip.seconds == pytest.approx(MAX_CUE_SECONDS, abs=0.01)
    assert clip.audio[-5:].max < 0.15 * clip.audio[:-100].max  # it fades out, not stops


def test_an_own_file_that_will_not_decode_gives_way_to_the_bundled_cue_with_one_notice(
    tmp_path: Path,
) -> None:
    (tmp_path / "gong.wav").write_bytes(b"RIFF\x00\x00")
    settings = CueSettings(volume=1.0, sounds=(("start", "gong.wav"),))
    heard: list[str] = []
    bank = SoundBank(notice=heard.append)
    clip = bank.cue("start", settings, tmp_path)
    assert clip.pcm == bank.cue("start", CueSettings(volume=1.0)).pcm
    bank.cue("start", CueSettings(volume=0.5, sounds=settings.sounds), tmp_path)  # asked again
    [line] = heard
    assert line.startswith(f"{tmp_path / 'gong.wav'}: not a WAV file unknot can read")
    assert line.endswith("; the bundled start cue plays instead")
    assert "\n" not in line


def test_another_format_without_ffmpeg_says_ffmpeg_is_needed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "gong.mp3").write_bytes(b"ID3\x03\x00" + bytes(100))
    monkeypatch.setattr(sounds.shutil, "which", lambda _name: None)
    heard: list[str] = []
    settings = CueSettings(sounds=(("end", "gong.mp3"),))
    SoundBank(notice=heard.append).cue("end", settings, tmp_path)
    assert "not WAV, and ffmpeg (which reads other formats) is missing" in heard[0]


def test_an_empty_wav_will_not_do(tmp_path: Path) -> None:
    tone_wav(tmp_path / "empty.wav", seconds=0)
    heard: list[str] = []
    SoundBank(notice=heard.append).cue(
        "rest", CueSettings(sounds=(("rest", "empty.wav"),)), tmp_path
    )
    assert "holds no samples" in heard[0]


def test_a_clip_becomes_one_wav_file_named_by_its_content(tmp_path: Path) -> None:
    clip = SoundBank().cue("switch", CueSettings())
    path = clip.wav_file(tmp_path / "cues")
    assert clip.wav_file(tmp_path / "cues") == path
    again = SoundBank().cue("switch", CueSettings()).wav_file(tmp_path / "cues")
    assert again == path
    assert [p.name for p in (tmp_path / "cues").iterdir()] == [path.name]
    with wave.open(str(path), "rb") as wav:
        assert wav.readframes(wav.getnframes()) == clip.pcm


def test_a_cue_followed_by_a_name_has_a_gap_between() -> None:
    bank = SoundBank()
    prep, tick = bank.cue("prep", CueSettings()), bank.cue("tick", CueSettings())
    both = prep.then(tick, 0.1)
    assert both.seconds == pytest.approx(prep.seconds + 0.1 + tick.seconds, abs=1 / RATE)


# ------------------------------------------------------------------------------ import hygiene

HEAVY = ("textual", "pydub", "miniaudio")
MODULES = [
    "tui.audio",
    "tui.audio.sounds",
    "tui.audio.backends",
    "tui.audio.playback",
    "tui.audio.speech",
    "tui.audio.render",
    "tui.audio.session",
    "tui.cli.audio",
]


@pytest.mark.slow
def test_the_audio_modules_import_without_textual_or_pydub_and_touch_no_disk(
    tmp_path: Path,
) -> None:
    home, unknot = tmp_path / "home", tmp_path / "unknot"
    home.mkdir()
    unknot.mkdir()
    env = {
        **os.environ,
        "HOME": str(home),
        "UNKNOT_HOME": str(unknot),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONWARNINGS": "error",
    }
    result = run_alone(*MODULES, forbidden=HEAVY, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert list(home.iterdir()) == [] and list(unknot.iterdir()) == []


@pytest.mark.slow
def test_the_probe_catches_pydub(tmp_path: Path) -> None:
    result = run_alone("pydub", forbidden=HEAVY, flags=("-W", "ignore"))
    assert "imported pydub" in result.stderr


@pytest.mark.slow
def test_pydub_is_imported_without_a_word_about_ffmpeg() -> None:
    code = "from tui.audio.sounds import pydub; pydub(); print('ok')"
    result = subprocess.run(
        [sys.executable, "-W", "default", "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert result.stdout.strip() == "ok" and result.stderr == ""

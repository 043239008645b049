"""`unknot sounds [--test]` and `unknot export-audio`, run in-process as a person types them."""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
import wave
from pathlib import Path

import pytest
from probes import run_alone

from tui.audio import backends
from tui.audio.sounds import RATE, bundled_file
from tui.cli import audio as cli_audio
from tui.cli.common import EXIT_OK, EXIT_PROBLEMS
from tui.cli.main import main
from tui.core.routine import CUE_EVENTS

REPO = Path(__file__).resolve().parents[2]

ROUTINE = """\
format = 1

[routine]
name = "With a gong"
summary = "One hold, its own start sound."
areas = ["neck"]

[cues.sounds]
start = "gong.wav"

[[steps]]
name = "Tilt"
hold = 20

[[steps]]
name = "Lie still"
manual = true
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(autouse=True)
def quiet(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """No real bell in a developer's terminal, no pause between tested cues, no SSH."""
    rings: list[int] = []
    monkeypatch.setattr(backends, "terminal_bell", lambda: rings.append(1))
    monkeypatch.setattr(cli_audio, "TEST_GAP", 0.0)
    for name in ("SSH_CONNECTION", "SSH_TTY", "PULSE_SERVER", "PIPEWIRE_REMOTE"):
        monkeypatch.delenv(name, raising=False)
    return rings


@pytest.fixture
def gong_routine(tmp_path: Path) -> Path:
    folder = tmp_path / "mine"
    folder.mkdir()
    shutil.copy(bundled_file("halfway"), folder / "gong.wav")
    path = folder / "with-a-gong.toml"
    path.write_text(ROUTINE, encoding="utf-8")
    return path


def headless() -> bool:
    env = backends.Environment.current()
    return not env.any_output


# ---------------------------------------------------------------------------------- sounds


def test_sounds_lists_every_cue_event_with_its_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "sounds")
    assert code == EXIT_OK and err == ""
    rows = out.splitlines()
    assert rows[0].split() == ["CUE", "WHEN", "FILE"]
    for cue, row in zip(CUE_EVENTS, rows[1:], strict=False):
        assert row.split()[0] == cue
        assert row.endswith(str(bundled_file(cue)))
    assert "sound: " in out and "config.toml" in out
    if headless():
        assert "no sound device or player program was found" in out


def test_sounds_of_a_routine_shows_its_own_files(
    capsys: pytest.CaptureFixture[str], gong_routine: Path
) -> None:
    code, out, _ = run(capsys, "sounds", str(gong_routine))
    assert code == EXIT_OK
    start = next(row for row in out.splitlines() if row.startswith("start "))
    assert start.endswith(f"{gong_routine.parent / 'gong.wav'} (the routine's own)")


def test_a_routines_sound_file_that_will_not_decode_is_a_problem_of_the_routine(
    capsys: pytest.CaptureFixture[str], gong_routine: Path
) -> None:
    (gong_routine.parent / "gong.wav").write_bytes(b"RIFF....WAVE")
    code, out, err = run(capsys, "sounds", str(gong_routine))
    assert code == EXIT_PROBLEMS
    assert "cues.sounds.start: 'gong.wav' is not a WAV file unknot can read" in out + err


def test_sounds_test_plays_each_cue_and_says_which_way_it_went(
    capsys: pytest.CaptureFixture[str], quiet: list[int]
) -> None:
    if not headless():
        pytest.skip("this machine has a sound device; the bell path is for headless machines")
    code, out, err = run(capsys, "sounds", "--test")
    assert code == EXIT_OK and err == ""
    played = [row for row in out.splitlines() if "played by" in row]
    assert [row.split()[0] for row in played] == list(CUE_EVENTS)
    assert all(row.endswith("played by bell") for row in played)
    assert len(quiet) == len(CUE_EVENTS)


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="the fake player is a shell script")
def test_sounds_test_through_a_player_program(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "calls.log"
    script = folder / "paplay"
    script.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("PULSE_SERVER", "unix:/nonexistent")
    code, out, _ = run(capsys, "sounds", "--test")
    assert code == EXIT_OK
    assert out.count("played by paplay") == len(CUE_EVENTS)
    assert len(log.read_text().splitlines()) == len(CUE_EVENTS)


def test_a_bad_config_value_is_reported_and_the_default_used(
    capsys: pytest.CaptureFixture[str], unknot_home: Path
) -> None:
    config = unknot_home / "config" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[sound]\nbackend = "speakers"\n', encoding="utf-8")
    code, out, err = run(capsys, "sounds")
    assert code == EXIT_OK
    assert f"{config}:2: sound.backend: 'speakers' is not a backend unknot knows" in err
    assert "sound: " in out


# ---------------------------------------------------------------------------- export-audio


def test_export_audio_writes_the_track_and_says_what_it_holds(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_file = tmp_path / "reset.wav"
    code, out, err = run(capsys, "export-audio", "desk-break", str(out_file), "--no-voice")
    assert code == EXIT_OK, err
    with wave.open(str(out_file), "rb") as wav:
        seconds = wav.getnframes() / RATE
        assert wav.getframerate() == RATE
    assert out.startswith(f"wrote {out_file}: ")
    assert "as planned with" in out and "closing chime rings 1.5 s past the end" in out
    code, listed, _ = run(capsys, "list", "--json")
    planned = next(
        r["planned_seconds"] for r in json.loads(listed)["routines"] if r["id"] == "desk-break"
    )
    assert planned < seconds < planned + 2


def test_export_audio_of_a_file_with_a_manual_step_says_it_takes_no_time(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, gong_routine: Path
) -> None:
    code, out, _ = run(capsys, "export-audio", str(gong_routine), str(tmp_path / "g.wav"))
    assert code == EXIT_OK
    assert "1 manual step(s) take no time in the track" in out


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("track.mp3", "does not end in .wav"),
        ("missing/track.wav", "the folder"),
    ],
)
def test_export_audio_refuses_what_it_cannot_write(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, target: str, message: str
) -> None:
    code, _, err = run(capsys, "export-audio", "desk-break", str(tmp_path / target))
    assert code == EXIT_PROBLEMS
    assert err.startswith("unknot: ") and message in err
    assert list(tmp_path.iterdir()) == []


def test_export_audio_of_an_unknown_routine_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "export-audio", "no-such-routine", str(tmp_path / "x.wav"))
    assert code == EXIT_PROBLEMS and "no routine has the id 'no-such-routine'" in err


def test_export_audio_help_says_manual_steps_take_no_time(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        main(["export-audio", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "Manual steps take no time in the track" in text
    assert "plus the tail of the closing chime" in text


@pytest.mark.slow
def test_unknot_list_does_not_import_the_audio_stack(unknot_home: Path) -> None:
    result = run_alone(
        code="from tui.cli.main import main; rc = main(['list'])",
        forbidden=("pydub", "tui.audio"),
        cwd=REPO,
        env={**os.environ, "UNKNOT_HOME": str(unknot_home)},
    )
    assert result.returncode == 0, result.stderr

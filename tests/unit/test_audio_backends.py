"""The playback chain: which way a cue goes on each kind of machine, and what happens when a way
fails. Player programs are small scripts on a PATH of the test's own that log their arguments and
exit 0 or 1; the machine around them (platform, sound server sockets, SSH) is described by an
`Environment`. Nothing waits on a clock: the worker is drained with `flush`.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import stat
import subprocess
import sys
import threading
import types
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest

from tui.audio import backends
from tui.audio.backends import Bell, Environment, Miniaudio, Program, choose, silence_alsa
from tui.audio.playback import Playback
from tui.audio.session import AudioOut
from tui.audio.sounds import RATE, SoundBank, audioop
from tui.core.config import SoundConfig
from tui.core.routine import CueSettings


class Rings:
    """A terminal bell that counts."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


def fake_player(folder: Path, name: str, log: Path, code: int = 0) -> Path:
    """A player program that appends `name ARGS` to `log` and exits with `code`."""
    script = folder / name
    script.write_text(f'#!/bin/sh\necho "{name} $*" >> "{log}"\nexit {code}\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def machine(
    bin_dir: Path | None = None,
    *,
    platform: str = "linux",
    environ: dict[str, str] | None = None,
    devices: bool = True,
    modules: tuple[str, ...] = (),
) -> Environment:
    """A machine whose programs are those in `bin_dir`, with (or without) every sound server."""
    return Environment(
        platform=platform,
        environ={"XDG_RUNTIME_DIR": "/run/user/1000", **(environ or {})},
        which=lambda name: shutil.which(name, path=str(bin_dir)) if bin_dir else None,
        exists=lambda _path: devices,
        importable=lambda name: name in modules,
    )


def names(env: Environment, choice: str = "auto") -> list[str]:
    return [backend.name for backend in choose(choice, env)[0]]


def log_lines(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


@pytest.fixture
def bin_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "bin"
    folder.mkdir()
    return folder


@pytest.fixture
def log(tmp_path: Path) -> Path:
    return tmp_path / "calls.log"


needs_sh = pytest.mark.skipif(sys.platform == "win32", reason="fake players are shell scripts")


# ------------------------------------------------------------------------------- the choice


@needs_sh
def test_on_linux_the_chain_is_pw_play_then_paplay_then_aplay(bin_dir: Path, log: Path) -> None:
    for name in ("aplay", "paplay", "pw-play", "afplay"):
        fake_player(bin_dir, name, log)
    assert names(machine(bin_dir)) == ["pw-play", "paplay", "aplay"]


@needs_sh
def test_a_player_is_offered_only_where_its_sound_server_is(bin_dir: Path, log: Path) -> None:
    for name in ("aplay", "paplay", "pw-play"):
        fake_player(bin_dir, name, log)
    assert names(machine(bin_dir, devices=False)) == []
    assert names(machine(bin_dir, devices=False, environ={"PULSE_SERVER": "tcp:x"})) == [
        "paplay",
        "aplay",  # ALSA's default device may go to the sound server
    ]
    assert names(machine(bin_dir, devices=False, environ={"PIPEWIRE_REMOTE": "x"})) == ["pw-play"]


def test_miniaudio_comes_first_when_installed_and_a_device_exists(bin_dir: Path) -> None:
    assert names(machine(bin_dir, modules=("miniaudio",))) == ["miniaudio"]
    assert names(machine(bin_dir, modules=("miniaudio",), devices=False)) == []


@needs_sh
def test_macos_uses_afplay_and_windows_winsound(bin_dir: Path, log: Path) -> None:
    fake_player(bin_dir, "afplay", log)
    fake_player(bin_dir, "paplay", log)
    assert names(machine(bin_dir, platform="darwin")) == ["afplay"]
    assert names(machine(bin_dir, platform="win32", modules=("winsound",))) == ["winsound"]


@needs_sh
def test_over_ssh_the_bell_rings_and_the_label_says_why(bin_dir: Path, log: Path) -> None:
    fake_player(bin_dir, "paplay", log)
    for variable in ("SSH_CONNECTION", "SSH_TTY"):
        env = machine(bin_dir, environ={variable: "10.0.0.1 5 10.0.0.2 22"})
        assert choose("auto", env) == ([], "ssh")
        audio = AudioOut.for_session(SoundConfig(), environment=env, bell=Rings())
        assert audio.label == "sound: bell (ssh)"
        assert audio.backend == "bell"


@needs_sh
def test_a_named_backend_is_used_without_guessing_about_devices(bin_dir: Path, log: Path) -> None:
    fake_player(bin_dir, "aplay", log)
    fake_player(bin_dir, "paplay", log)
    env = machine(bin_dir, devices=False, environ={"SSH_TTY": "/dev/pts/1"})
    assert names(env, "aplay") == ["aplay"]


def test_a_named_backend_that_is_missing_falls_to_the_bell_with_a_notice(bin_dir: Path) -> None:
    heard: list[str] = []
    assert choose("paplay", machine(bin_dir), heard.append) == ([], "")
    assert heard == ["the sound backend 'paplay' is not available here; the terminal bell is used"]


def test_bell_and_off_in_config_choose_no_player(bin_dir: Path) -> None:
    assert names(machine(bin_dir), "bell") == [] and names(machine(bin_dir), "off") == []


def test_backend_off_cannot_be_unmuted(tmp_path: Path) -> None:
    audio = AudioOut.for_session(SoundConfig(backend="off"), environment=machine(), cache=tmp_path)
    audio.set_muted(False)
    assert audio.label == "sound: off" and audio.backend == "off"


def test_enabled_false_starts_muted_and_m_unmutes(tmp_path: Path) -> None:
    rings = Rings()
    audio = AudioOut.for_session(
        SoundConfig(enabled=False), environment=machine(), bell=rings, cache=tmp_path
    )
    assert audio.label == "sound: off"
    assert audio.play_cue("tick").went == "off" and rings.count == 0
    audio.set_muted(False)
    assert audio.label == "sound: bell"
    assert audio.play_cue("tick").went == "bell" and rings.count == 1


# --------------------------------------------------------------------------- playing through


@pytest.mark.slow
@needs_sh
def test_a_player_program_gets_the_cue_as_a_wav_file_in_the_cache(
    bin_dir: Path, log: Path, tmp_path: Path
) -> None:
    fake_player(bin_dir, "paplay", log)
    audio = AudioOut.for_session(
        SoundConfig(), environment=machine(bin_dir), cache=tmp_path / "cache"
    )
    assert audio.label == "sound: paplay"
    job = audio.play_cue("start")
    assert audio.flush(10)
    assert job.went == "paplay"
    [line] = log_lines(log)
    name, path = line.split()
    assert name == "paplay" and Path(path).parent == tmp_path / "cache" / "cues"
    with wave.open(path, "rb") as played:
        assert (played.getnchannels(), played.getsampwidth(), played.getframerate()) == (1, 2, RATE)
    audio.close()


@pytest.mark.slow
@needs_sh
def test_aplay_is_asked_to_be_quiet(bin_dir: Path, log: Path, tmp_path: Path) -> None:
    fake_player(bin_dir, "aplay", log)
    audio = AudioOut.for_session(SoundConfig(), environment=machine(bin_dir), cache=tmp_path)
    audio.play_cue("tick")
    assert audio.flush(10)
    assert log_lines(log)[0].split()[:2] == ["aplay", "-q"]
    audio.close()


@pytest.mark.slow
@needs_sh
def test_a_player_that_fails_is_dropped_and_its_cue_replayed_by_the_next(
    bin_dir: Path, log: Path, tmp_path: Path
) -> None:
    fake_player(bin_dir, "paplay", log, code=1)
    fake_player(bin_dir, "aplay", log)
    audio = AudioOut.for_session(SoundConfig(), environment=machine(bin_dir), cache=tmp_path)
    job = audio.play_cue("start")
    assert audio.flush(10)
    assert job.went == "aplay"
    assert audio.label == "sound: aplay"
    audio.play_cue("tick")
    assert audio.flush(10)
    calls = [line.split()[0] for line in log_lines(log)]
    assert calls == ["paplay", "aplay", "aplay"]  # paplay is never asked again
    assert audio.take_notices() == ["paplay failed (exit 1); sound now goes by aplay"]
    audio.close()


@pytest.mark.slow
@needs_sh
def test_a_player_that_cannot_start_is_dropped_at_once(
    bin_dir: Path, log: Path, tmp_path: Path
) -> None:
    broken = bin_dir / "pw-play"
    broken.write_text("#!/nonexistent/interpreter\n")
    broken.chmod(0o755)
    fake_player(bin_dir, "paplay", log)
    audio = AudioOut.for_session(SoundConfig(), environment=machine(bin_dir), cache=tmp_path)
    assert audio.label == "sound: pw-play"
    job = audio.play_cue("switch")
    assert audio.flush(10)
    assert job.went == "paplay"
    [notice] = audio.take_notices()
    assert notice.startswith("pw-play failed (cannot start") and notice.endswith("by paplay")
    audio.close()


@pytest.mark.slow
@needs_sh
def test_when_every_player_fails_the_bell_rings(bin_dir: Path, log: Path, tmp_path: Path) -> None:
    fake_player(bin_dir, "paplay", log, code=1)
    fake_player(bin_dir, "aplay", log, code=2)
    rings = Rings()
    audio = AudioOut.for_session(
        SoundConfig(), environment=machine(bin_dir), bell=rings, cache=tmp_path
    )
    job = audio.play_cue("rest")
    assert audio.flush(10)
    assert job.went == "bell" and rings.count == 1
    assert audio.label == "sound: bell"
    assert audio.play_cue("tick").went == "bell" and rings.count == 2
    assert len(audio.take_notices()) == 2
    audio.close()


def test_play_returns_before_the_sound_is_even_made(tmp_path: Path) -> None:
    """The caller never waits: here the worker is stuck making the clip, and play still returns."""
    release = threading.Event()
    started: list[str] = []

    class Recorder:
        name = "recorder"

        def play(self, clip: object, cache: Path) -> None:
            started.append("played")

        def close(self) -> None:
            return None

    playback = Playback([Recorder()], Bell(Rings()), tmp_path)
    bank = SoundBank()

    def slow_clip():  # type: ignore[no-untyped-def]
        release.wait(10)
        return bank.cue("tick", CueSettings())

    job = playback.play(slow_clip)
    assert not job.done.is_set() and started == []
    release.set()
    assert playback.flush(10)
    assert job.went == "recorder" and started == ["played"]
    playback.close()


def test_a_closed_playback_plays_nothing(tmp_path: Path) -> None:
    rings = Rings()
    playback = Playback([], Bell(rings), tmp_path)
    playback.close()
    assert playback.play(lambda: None).went == "off"  # type: ignore[arg-type,return-value]
    assert rings.count == 0


# ----------------------------------------------------------------------------------- miniaudio


class FakeMiniaudio(types.ModuleType):
    """Just enough of pyminiaudio to see what unknot asks of it."""

    def __init__(self, fail: bool = False) -> None:
        super().__init__("miniaudio")
        self.fail = fail
        self.devices: list[FakeDevice] = []
        self.SampleFormat = types.SimpleNamespace(SIGNED16="s16")
        self.Backend = types.SimpleNamespace(
            **{n: n.lower() for n in ("PULSEAUDIO", "ALSA", "JACK", "NULL", "COREAUDIO")}
        )
        module = self

        class PlaybackDevice:
            def __init__(self, **options: object) -> None:
                if module.fail:
                    raise RuntimeError("failed to init device")
                self.device = FakeDevice(options)
                module.devices.append(self.device)

            def start(self, stream: Iterator[bytes]) -> None:
                self.device.stream = stream

            def close(self) -> None:
                self.device.closed = True

        self.PlaybackDevice = PlaybackDevice


class FakeDevice:
    def __init__(self, options: dict[str, object]) -> None:
        self.options = options
        self.stream: Iterator[bytes] | None = None
        self.closed = False

    def pull(self, frames: int) -> bytes:
        assert self.stream is not None
        return self.stream.send(frames)  # type: ignore[attr-defined]


def test_miniaudio_opens_one_real_device_and_mixes_what_it_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeMiniaudio()
    monkeypatch.setitem(sys.modules, "miniaudio", fake)
    backend = Miniaudio("linux")
    bank = SoundBank()
    tick, start = bank.cue("tick", CueSettings(volume=1.0)), bank.cue("start", CueSettings())
    playing_tick = backend.play(tick, tmp_path)
    playing_start = backend.play(start, tmp_path)
    [device] = fake.devices
    assert device.options["backends"] == ["pulseaudio", "alsa", "jack"]  # never the null one
    assert device.options["sample_rate"] == RATE and device.options["nchannels"] == 1
    frames = 256
    mixed = device.pull(frames)
    assert len(mixed) == frames * 2
    expected = audioop().add(tick.pcm[: frames * 2], start.pcm[: frames * 2], 2)
    assert mixed == expected
    # Each clip counts as playing until the device has had all of it (flush waits for that).
    assert playing_tick.poll() is None and playing_start.poll() is None
    device.pull(len(tick.pcm) // 2)
    assert playing_tick.poll() == 0 and playing_start.poll() is None
    device.pull(len(start.pcm) // 2)
    assert playing_start.poll() == 0
    assert device.pull(16) == bytes(32)  # then silence
    backend.close()
    assert device.closed


def test_miniaudio_without_a_device_is_dropped_for_the_next_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "miniaudio", FakeMiniaudio(fail=True))
    rings = Rings()
    env = machine(modules=("miniaudio",))
    audio = AudioOut.for_session(SoundConfig(), environment=env, bell=rings, cache=tmp_path)
    assert audio.label == "sound: miniaudio"
    job = audio.play_cue("start")
    assert audio.flush(10)
    assert job.went == "bell" and rings.count == 1
    assert audio.take_notices() == [
        "miniaudio failed (no device: failed to init device); sound now goes by bell"
    ]
    audio.close()


# ------------------------------------------------------------------ this machine, for real


def test_on_a_machine_without_sound_the_real_chain_rings_the_bell_and_prints_nothing(
    capfd: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    env = Environment.current()
    if env.any_output and not env.over_ssh:
        pytest.skip("this machine has a sound device; the test is for headless machines")
    rings = Rings()
    audio = AudioOut.for_session(SoundConfig(), environment=env, bell=rings, cache=tmp_path)
    assert audio.backend == "bell"
    for cue in ("prep", "start", "tick", "complete"):
        assert audio.play_cue(cue).went == "bell"
    audio.close()
    assert rings.count == 4
    assert capfd.readouterr() == ("", "")


OPEN_DEFAULT_DEVICE = """
import ctypes, sys
sys.path.insert(0, sys.argv[1])
if sys.argv[2] == "silenced":
    from tui.audio.backends import silence_alsa
    assert silence_alsa()
library = ctypes.CDLL("libasound.so.2")
pcm = ctypes.c_void_p()
print(library.snd_pcm_open(ctypes.byref(pcm), b"default", 0, 0))
"""


def _libasound() -> bool:
    try:
        ctypes.CDLL("libasound.so.2")
    except OSError:
        return False
    return True


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="libasound is Linux's")
@pytest.mark.skipif(not _libasound(), reason="libasound.so.2 is not installed")
def test_libasound_says_nothing_once_silenced() -> None:
    """Opening ALSA's default device on a machine without one makes libasound print its errors;
    after `silence_alsa` the same open prints nothing (a fresh process each way)."""
    if os.path.exists("/dev/snd"):
        pytest.skip("this machine has ALSA devices, so opening one prints no error to silence")
    repo = str(Path(__file__).parents[2])

    def run(mode: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", OPEN_DEFAULT_DEVICE, repo, mode],
            capture_output=True,
            text=True,
            timeout=60,
        )

    loud, quiet = run("loud"), run("silenced")
    assert int(loud.stdout) < 0 and "ALSA lib" in loud.stderr  # the open fails, noisily
    assert int(quiet.stdout) < 0 and quiet.stderr == ""


def test_silencing_libasound_is_idempotent_and_safe_anywhere() -> None:
    first = silence_alsa()
    assert silence_alsa() == first
    assert first == (sys.platform.startswith("linux") and _libasound())


def test_programs_are_started_without_a_terminal_of_their_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, object] = {}

    def popen(argv: list[str], **options: object) -> object:
        seen.update(options, argv=argv)
        return types.SimpleNamespace(poll=lambda: 0)

    monkeypatch.setattr(backends.subprocess, "Popen", popen)
    Program("paplay", "/usr/bin/paplay").play(SoundBank().cue("tick", CueSettings()), tmp_path)
    assert seen["stdin"] == seen["stdout"] == seen["stderr"] == subprocess.DEVNULL
    assert seen["start_new_session"] is True
    assert seen["argv"][0] == "/usr/bin/paplay"  # type: ignore[index]


@needs_sh
def test_a_cache_that_cannot_be_written_sends_cues_to_the_bell(
    bin_dir: Path, log: Path, tmp_path: Path
) -> None:
    fake_player(bin_dir, "paplay", log)
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")
    rings = Rings()
    audio = AudioOut.for_session(
        SoundConfig(), environment=machine(bin_dir), bell=rings, cache=blocked
    )
    job = audio.play_cue("start")
    assert audio.flush(10)
    assert job.went == "bell" and rings.count == 1 and log_lines(log) == []
    [notice] = audio.take_notices()
    assert notice.startswith("paplay failed (cannot write its sound file in")
    audio.close()

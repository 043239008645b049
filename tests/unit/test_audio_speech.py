"""Spoken step names: the engine is found, asked once per name (then the cache answers), given
the text on stdin, and a missing or failing engine costs one notice. Where a name is spoken is
planned from the cue schedule: after the prep cue, or the first start where a step has no prep,
and only if it ends before the next cue.

Most tests use a fake engine (a script that logs what it was asked and writes a tone); the ones
marked `espeak` use the real espeak-ng and are skipped where it is not installed.
"""

from __future__ import annotations

import json
import shutil
import stat
import sys
import wave
from pathlib import Path

import pytest

from tui.audio.session import AudioOut
from tui.audio.sounds import SoundBank
from tui.audio.speech import (
    NO_ENGINE,
    Engine,
    Speech,
    VoiceSlot,
    cache_file,
    find_engine,
    voice_slots,
)
from tui.core.config import SoundConfig
from tui.core.durations import Hold
from tui.core.player_events import CueEvent
from tui.core.routine import CueSettings, Defaults, Routine, Step, StepCues
from tui.core.timeline import Timeline, build_timeline, cue_schedule

espeak = pytest.mark.skipif(
    shutil.which("espeak-ng") is None,
    reason="espeak-ng is not installed (apt-get install espeak-ng) — the real engine is untested",
)

FAKE_ENGINE = """#!{python}
import json, math, struct, sys, wave
out = sys.argv[sys.argv.index("-w") + 1]
text = sys.stdin.read()
with open({log!r}, "a") as log:
    log.write(json.dumps({{"argv": sys.argv[1:], "text": text}}) + "\\n")
if text == "fail":
    sys.exit(3)
seconds = {seconds}
with wave.open(out, "wb") as wav:
    wav.setnchannels(1); wav.setsampwidth(2); wav.setframerate(22050)
    silence = bytes(2 * 2205)
    count = int(22050 * seconds)
    tone = b"".join(struct.pack("<h", int(8000 * math.sin(n / 5))) for n in range(count))
    wav.writeframes(silence + tone + silence)
"""


def fake_engine(folder: Path, log: Path, seconds: float = 0.5) -> Engine:
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "espeak-ng"
    script.write_text(FAKE_ENGINE.format(python=sys.executable, log=str(log), seconds=seconds))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    found = find_engine("linux", lambda name: shutil.which(name, path=str(folder)))
    assert found is not None
    return found


def asked(log: Path) -> list[dict[str, object]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines()]


def hold(seconds: int) -> Hold:
    return Hold(seconds, seconds)


def timeline_of(*steps: Step, prep: int = 5, voice: bool = True, countdown: int = 3) -> Timeline:
    routine = Routine(
        id="spoken",
        name="Spoken",
        summary="Names spoken.",
        areas=("neck",),
        steps=steps,
        defaults=Defaults(prep=prep, rest=0, switch=5),
        cues=CueSettings(voice=voice, countdown=countdown),
    )
    return build_timeline(routine)


# ------------------------------------------------------------------------------- the engine


def test_the_engine_is_espeak_ng_or_espeak_say_on_macos_powershell_on_windows() -> None:
    def only(*present: str):  # type: ignore[no-untyped-def]
        return lambda name: f"/bin/{name}" if name in present else None

    assert find_engine("linux", only("espeak-ng", "espeak")).name == "espeak-ng"  # type: ignore[union-attr]
    assert find_engine("linux", only("espeak")).name == "espeak"  # type: ignore[union-attr]
    assert find_engine("darwin", only("say")).name == "say"  # type: ignore[union-attr]
    windows = find_engine("win32", only("powershell"))
    assert windows is not None and windows.out_in_env
    assert "System.Speech" in " ".join(windows.argv)
    assert find_engine("linux", only("say", "powershell")) is None


@pytest.mark.slow
def test_a_name_is_rendered_once_then_found_in_the_cache(tmp_path: Path) -> None:
    log = tmp_path / "asked.log"
    speech = Speech(tmp_path / "speech", fake_engine(tmp_path / "bin", log))
    first = speech.audio("Between the shoulder blades")
    again = speech.audio("Between the shoulder blades")
    assert first is not None and again is not None
    assert len(asked(log)) == 1
    cached = cache_file(tmp_path / "speech", speech.engine, "Between the shoulder blades")  # type: ignore[arg-type]
    assert cached.is_file() and cached.name.startswith("espeak-ng-")
    assert len(first) == pytest.approx(500, abs=15)  # the engine's silence is trimmed off


def test_the_cache_key_is_the_engine_and_the_text() -> None:
    one, two = Engine("espeak-ng", ()), Engine("say", ())
    folder = Path("/cache")
    assert cache_file(folder, one, "Neck") != cache_file(folder, two, "Neck")
    assert cache_file(folder, one, "Neck") != cache_file(folder, one, "Neck ")
    assert cache_file(folder, one, "Neck") == cache_file(folder, one, "Neck")


@pytest.mark.slow
def test_the_text_goes_on_stdin_never_on_the_command_line(tmp_path: Path) -> None:
    log = tmp_path / "asked.log"
    speech = Speech(tmp_path / "speech", fake_engine(tmp_path / "bin", log))
    speech.audio("--help; rm -rf ~")
    [call] = asked(log)
    assert call["text"] == "--help; rm -rf ~"
    assert not any("rm" in str(part) for part in call["argv"])  # type: ignore[union-attr]


def test_no_engine_is_one_notice_and_no_failure(tmp_path: Path) -> None:
    heard: list[str] = []
    speech = Speech(tmp_path, engine=False, notice=heard.append)
    assert speech.audio("Neck") is None and speech.audio("Back") is None
    assert heard == [NO_ENGINE]


@pytest.mark.slow
def test_a_failing_engine_is_one_notice_and_not_asked_again(tmp_path: Path) -> None:
    log = tmp_path / "asked.log"
    heard: list[str] = []
    speech = Speech(tmp_path / "speech", fake_engine(tmp_path / "bin", log), heard.append)
    assert speech.audio("fail") is None
    assert speech.audio("Neck") is None
    assert len(asked(log)) == 1
    assert heard == ["espeak-ng could not speak 'fail' (exit 3); names are not spoken"]
    assert list((tmp_path / "speech").iterdir()) == []  # nothing half-written is left


@pytest.mark.slow
@espeak
def test_espeak_ng_speaks_a_step_name_for_real(tmp_path: Path) -> None:
    speech = Speech(tmp_path)
    assert speech.engine is not None and speech.engine.name == "espeak-ng"
    audio = speech.audio("Between the shoulder blades")
    assert audio is not None
    assert 0.5 < audio.duration_seconds < 4.0
    assert audio.dBFS > -40
    [path] = tmp_path.iterdir()
    with wave.open(str(path), "rb") as wav:
        assert wav.getnframes() > 0


# ---------------------------------------------------------------------------- where it goes


def test_a_name_follows_the_prep_cue_with_the_prep_as_its_window() -> None:
    timeline = timeline_of(Step("Neck", hold=hold(30)), Step("Back", hold=hold(30)), prep=4)
    slots = voice_slots(timeline, cue_schedule(timeline))
    assert slots == [
        VoiceSlot(step=1, name="Neck", cue="prep", at=0.0, segment=0, window=4.0),
        VoiceSlot(step=2, name="Back", cue="prep", at=34.0, segment=2, window=4.0),
    ]


def test_without_prep_the_name_follows_the_start_and_must_end_before_the_first_tick() -> None:
    timeline = timeline_of(Step("Neck", hold=hold(10)), prep=0, countdown=3)
    [slot] = voice_slots(timeline, cue_schedule(timeline))
    assert (slot.cue, slot.at, slot.window) == ("start", 0.0, 7.0)  # the first tick is at 7 s
    assert slot.fits(0.5, 6.0) and not slot.fits(0.5, 6.5)


def test_a_breathing_step_without_prep_speaks_after_its_first_inhale() -> None:
    timeline = timeline_of(Step("Ribs", hold=hold(20), breathe=(4, 1, 5)), prep=0)
    [slot] = voice_slots(timeline, cue_schedule(timeline))
    assert (slot.cue, slot.window) == ("inhale", 5.0)  # the exhale comes after 4 + 1 s


def test_voice_follows_the_routine_and_each_step_unless_forced() -> None:
    steps = (
        Step("Neck", hold=hold(30)),
        Step("Back", hold=hold(30), cues=StepCues(voice=False)),
        Step("Wait", manual=True),
    )
    timeline = timeline_of(*steps, voice=True)
    schedule = cue_schedule(timeline)
    assert [s.step for s in voice_slots(timeline, schedule)] == [1]
    assert [s.step for s in voice_slots(timeline, schedule, forced=True)] == [1, 2]  # not manual
    assert voice_slots(timeline, schedule, forced=False) == []
    quiet = timeline_of(*steps, voice=False)
    assert voice_slots(quiet, cue_schedule(quiet)) == []


# --------------------------------------------------------------------------- in the session


class Recorder:
    """A backend that keeps what it was asked to play."""

    name = "recorder"

    def __init__(self) -> None:
        self.clips: list[object] = []

    def play(self, clip: object, cache: Path) -> None:
        self.clips.append(clip)

    def close(self) -> None:
        return None


def session(
    tmp_path: Path, engine: Engine | bool, voice: bool | None = None
) -> tuple[AudioOut, Recorder]:
    from tui.audio.backends import Bell
    from tui.audio.playback import Playback
    from tui.audio.session import Notices

    notices = Notices()
    recorder = Recorder()
    out = AudioOut(
        Playback([recorder], Bell(lambda: None), tmp_path / "cues", notices),  # type: ignore[list-item]
        SoundBank(notice=notices),
        Speech(tmp_path / "speech", engine, notices),
        voice=voice,
        notices=notices,
    )
    return out, recorder


def cue_event(timeline: Timeline, cue: str, step: int) -> CueEvent:
    played = timeline.steps[step - 1]
    return CueEvent(cue, 0, 0.0, 0.0, False, played)


@pytest.mark.slow
def test_the_prep_cue_carries_the_name_and_nothing_else_does(tmp_path: Path) -> None:
    engine = fake_engine(tmp_path / "bin", tmp_path / "asked.log", seconds=1.0)
    timeline = timeline_of(Step("Neck", hold=hold(30), sides=("left", "right")))
    audio, recorder = session(tmp_path, engine)
    audio.prepare(timeline)
    assert audio.wait_prepared(20)
    for cue in ("prep", "start", "tick", "switch", "start", "complete"):
        audio.play(cue_event(timeline, cue, 1))
    assert audio.flush(10)
    lengths = [clip.seconds for clip in recorder.clips]  # type: ignore[attr-defined]
    plain_prep = SoundBank().cue("prep", CueSettings()).seconds
    assert lengths[0] > plain_prep + 1.0
    assert recorder.clips[0].name == "prep + voice Neck"  # type: ignore[attr-defined]
    assert all("voice" not in clip.name for clip in recorder.clips[1:])  # type: ignore[attr-defined]
    assert audio.take_notices() == []


@pytest.mark.slow
def test_a_step_without_prep_speaks_once_after_its_first_start_only(tmp_path: Path) -> None:
    engine = fake_engine(tmp_path / "bin", tmp_path / "asked.log", seconds=0.5)
    timeline = timeline_of(Step("Neck", hold=hold(30), sides=("left", "right"), reps=2), prep=0)
    audio, recorder = session(tmp_path, engine)
    audio.prepare(timeline)
    assert audio.wait_prepared(20)
    for _ in range(4):
        audio.play(cue_event(timeline, "start", 1))
    assert audio.flush(10)
    names = [clip.name for clip in recorder.clips]  # type: ignore[attr-defined]
    assert names == ["start + voice Neck", "start", "start", "start"]


@pytest.mark.slow
def test_a_name_too_long_for_its_prep_is_not_spoken_and_says_so(tmp_path: Path) -> None:
    engine = fake_engine(tmp_path / "bin", tmp_path / "asked.log", seconds=3.0)
    timeline = timeline_of(Step("Neck", hold=hold(30)), prep=2)
    audio, recorder = session(tmp_path, engine)
    audio.prepare(timeline)
    assert audio.wait_prepared(20)
    audio.play(cue_event(timeline, "prep", 1))
    assert audio.flush(10)
    assert [clip.name for clip in recorder.clips] == ["prep"]  # type: ignore[attr-defined]
    [notice] = audio.take_notices()
    assert "too long to speak in 2 s" in notice


def test_with_no_engine_a_voiced_routine_plays_its_cues_after_one_notice(tmp_path: Path) -> None:
    timeline = timeline_of(Step("Neck", hold=hold(30)), Step("Back", hold=hold(30)))
    audio, recorder = session(tmp_path, engine=False)
    audio.prepare(timeline)
    assert audio.wait_prepared(20)
    audio.play(cue_event(timeline, "prep", 1))
    audio.play(cue_event(timeline, "prep", 2))
    assert audio.flush(10)
    assert [clip.name for clip in recorder.clips] == ["prep", "prep"]  # type: ignore[attr-defined]
    assert audio.take_notices() == [NO_ENGINE]


def test_for_session_with_voice_off_never_looks_for_an_engine(tmp_path: Path) -> None:
    audio = AudioOut.for_session(SoundConfig(backend="bell"), voice=False, cache=tmp_path)
    assert audio.speech is None

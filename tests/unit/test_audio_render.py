"""The exported track: every cue can be heard where the plan puts it, and it is as long as planned.

The onsets are found in the samples, not read back from the renderer: the track is cut into 5 ms
windows, and a cue begins where a window's RMS level rises above -70 dBFS after at least 40 ms
below it. Between cues the track is digital silence, so so low a level is no guess; it is needed
because the breath cues swell in slowly by design (at -45 dBFS `inhale` would be heard 35 ms
late). Each planned cue must have its onset within 20 ms: the bundled cues start with 6 ms of
silence, so onsets land a little after the plan, never before.
"""

from __future__ import annotations

import math
import shutil
import stat
import sys
import wave
from pathlib import Path

import pytest

from tui.audio.render import render_track, track_cues
from tui.audio.sounds import RATE, SoundBank, audioop
from tui.audio.speech import Speech, find_engine
from tui.core.durations import Hold
from tui.core.routine import CueSettings, Defaults, Include, Routine, Step, StepCues
from tui.core.timeline import Timeline, build_timeline, cue_schedule

WINDOW = RATE // 200  # 5 ms
LEVEL = 32768 * 10 ** (-70 / 20)
QUIET_WINDOWS = 8  # 40 ms
TOLERANCE = 0.020


def hold(seconds: int) -> Hold:
    return Hold(seconds, seconds)


def routine(*steps: Step | Include, prep: int = 3, rest: int = 2, **cues: object) -> Routine:
    return Routine(
        id="track",
        name="Track",
        summary="For the ear.",
        areas=("upper-back",),
        steps=steps,
        defaults=Defaults(prep=prep, rest=rest, switch=2),
        cues=CueSettings(**cues),  # type: ignore[arg-type]
    )


def varied() -> Timeline:
    """Sides, switch, rest, halfway, ticks, a breathing hold, a manual step in the middle, an
    include with a different countdown and volume: a 2-minute routine with every kind of cue."""
    extra = Routine(
        id="extra",
        name="Extra",
        summary="Included.",
        areas=("glutes",),
        steps=(Step("Glutes", hold=hold(12)),),
        defaults=Defaults(prep=2, rest=0, switch=0),
        cues=CueSettings(countdown=2, volume=0.5),
    )
    main = routine(
        Step("Shoulders", hold=hold(22), sides=("left", "right")),
        Step("Ribs", hold=hold(14), breathe=(3, 1, 3)),
        Step("Move the balls", manual=True),
        Step("Neck", hold=hold(10), cues=StepCues(countdown=5)),
        Include("extra"),
        countdown=3,
    )
    return build_timeline(main, {"extra": extra}.get)


def samples(path: Path) -> bytes:
    with wave.open(str(path), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, RATE)
        return wav.readframes(wav.getnframes())


def onsets(pcm: bytes) -> list[float]:
    """Where sound begins after silence, in seconds, from the samples alone."""
    rms = audioop().rms
    found: list[float] = []
    quiet = QUIET_WINDOWS
    for start in range(0, len(pcm) // 2 - WINDOW + 1, WINDOW):
        level = rms(pcm[start * 2 : (start + WINDOW) * 2], 2)
        if level > LEVEL:
            if quiet >= QUIET_WINDOWS:
                found.append(start / RATE)
            quiet = 0
        else:
            quiet += 1
    return found


def assert_heard_on_time(planned: list[float], heard: list[float]) -> None:
    assert len(heard) == len(planned), (planned, heard)
    for want, got in zip(planned, heard, strict=True):
        assert 0 <= got - want <= TOLERANCE, (want, got)


# ------------------------------------------------------------------------------- the timing


def test_every_cue_is_heard_within_20_ms_of_its_planned_time(tmp_path: Path) -> None:
    timeline = varied()
    out = tmp_path / "track.wav"
    track = render_track(timeline, out, voice=False)
    planned = [cue.offset for cue in track.cues]
    assert len(planned) > 30
    assert_heard_on_time(planned, onsets(samples(out)))


def test_the_track_is_the_planned_length_plus_the_closing_chimes_tail(tmp_path: Path) -> None:
    timeline = varied()
    out = tmp_path / "track.wav"
    track = render_track(timeline, out, voice=False)
    complete = SoundBank().cue("complete", CueSettings(volume=0.5))
    frames = len(samples(out)) // 2
    assert frames == round(timeline.planned_seconds * RATE) + len(complete.pcm) // 2
    assert track.planned == timeline.planned_seconds
    assert track.seconds == pytest.approx(frames / RATE)
    assert track.cues[-1].cue == "complete"
    assert track.cues[-1].offset == timeline.planned_seconds  # it starts at the planned end


def test_the_track_follows_the_plan_cue_for_cue(tmp_path: Path) -> None:
    timeline = varied()
    track = render_track(timeline, tmp_path / "track.wav", voice=False)
    schedule = [(c.cue, c.offset) for c in cue_schedule(timeline)]
    # The manual step takes no time: the `end` announcing it falls on the next prep, and goes.
    [end] = [c for c in cue_schedule(timeline) if c.cue == "end"]
    assert [(c.cue, c.offset) for c in track.cues] == [
        pair for pair in schedule if pair != ("end", end.offset)
    ]


def test_a_routine_ending_on_a_manual_step_still_ends_with_complete(tmp_path: Path) -> None:
    timeline = build_timeline(
        routine(Step("Neck", hold=hold(6)), Step("Rest on your back", manual=True), rest=0)
    )
    cues = track_cues(timeline)
    assert [c.cue for c in cues][-1] == "complete"
    assert "end" not in [c.cue for c in cues]  # announced and ended on the same instant: one cue
    out = tmp_path / "track.wav"
    render_track(timeline, out, voice=False)
    assert_heard_on_time([c.offset for c in cues], onsets(samples(out)))


def test_a_routine_of_manual_steps_only_is_just_the_closing_chime(tmp_path: Path) -> None:
    timeline = build_timeline(routine(Step("Lie down", manual=True)))
    out = tmp_path / "track.wav"
    track = render_track(timeline, out, voice=False)
    assert [c.cue for c in track.cues] == ["complete"] and track.planned == 0
    assert onsets(samples(out)) == [pytest.approx(0.0, abs=TOLERANCE)]


def test_the_routines_volume_is_in_the_track(tmp_path: Path) -> None:
    loud, soft = tmp_path / "loud.wav", tmp_path / "soft.wav"
    step = Step("Neck", hold=hold(4))
    render_track(build_timeline(routine(step, prep=0, volume=1.0)), loud, voice=False)
    render_track(build_timeline(routine(step, prep=0, volume=0.25)), soft, voice=False)
    ratio = audioop().rms(samples(soft), 2) / audioop().rms(samples(loud), 2)
    assert ratio == pytest.approx(0.25, rel=0.02)


def test_a_failed_render_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.audio import render

    def broken(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(render.os, "replace", broken)
    with pytest.raises(OSError):
        render_track(varied(), tmp_path / "track.wav", voice=False)
    assert list(tmp_path.iterdir()) == []


# ----------------------------------------------------------------------------- with the voice

FAKE_ENGINE = """#!{python}
import math, struct, sys, wave
out = sys.argv[sys.argv.index("-w") + 1]
sys.stdin.read()
with wave.open(out, "wb") as wav:
    wav.setnchannels(1); wav.setsampwidth(2); wav.setframerate(22050)
    wav.writeframes(b"".join(struct.pack("<h", int(9000 * math.sin(n / 4))) for n in range(11025)))
"""


@pytest.mark.slow
def test_names_are_spoken_after_the_prep_cue_without_moving_any_cue(tmp_path: Path) -> None:
    if sys.platform == "win32":
        pytest.skip("the fake engine is a script with a shebang")
    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "espeak-ng"
    script.write_text(FAKE_ENGINE.format(python=sys.executable))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    engine = find_engine("linux", lambda name: shutil.which(name, path=str(folder)))
    timeline = varied()
    out = tmp_path / "track.wav"
    track = render_track(timeline, out, voice=True, speech=Speech(tmp_path / "speech", engine))
    assert track.spoken == 4  # every timed step; the manual one is not spoken
    assert track.seconds == pytest.approx(render_track(timeline, tmp_path / "plain.wav").seconds)
    heard = onsets(samples(out))
    planned = [cue.offset for cue in track.cues]
    for want in planned:
        assert any(0 <= got - want <= TOLERANCE for got in heard), want
    prep = SoundBank().cue("prep", CueSettings()).seconds
    voices = [got for got in heard if not any(0 <= got - p <= TOLERANCE for p in planned)]
    preps = [c.offset for c in track.cues if c.cue == "prep"]
    assert len(voices) == len(preps)
    for spoken, at in zip(voices, preps, strict=True):
        assert spoken == pytest.approx(at + prep + 0.08, abs=TOLERANCE)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_espeak_ng_names_fit_in_the_prep_of_a_real_routine(tmp_path: Path) -> None:
    timeline = build_timeline(
        routine(Step("Between the shoulder blades", hold=hold(20)), Step("Neck", hold=hold(10)))
    )
    track = render_track(timeline, tmp_path / "track.wav", voice=True, speech=Speech(tmp_path))
    assert track.spoken == 2
    assert math.isclose(track.planned, timeline.planned_seconds)

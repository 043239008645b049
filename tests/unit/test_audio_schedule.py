"""Cue timing as DESIGN.md says, checked in the timing trace of a whole play-through.

A routine with every kind of cue (prep, sides and switch, reps and rest, halfway, ticks with a
step's own countdown, a breathing hold, a manual step, an included routine with cues and volume
of its own, a routine sound file) is played by the real Player on a fake clock, every cue through
AudioOut, every event into the trace file. The checks then read only the trace: one cue at each
boundary, halfway at the middle of holds of 20 s or more, a tick on each of the last N seconds,
no two cues within 250 ms, breaths instead of start/halfway/tick, and the `sound` field.
"""

from __future__ import annotations

import itertools
import math
import shutil
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from fakes import FakeClock

from tui.audio.backends import Bell, Environment
from tui.audio.playback import Playback
from tui.audio.session import AudioOut, Notices
from tui.audio.sounds import Clip, SoundBank
from tui.core.config import SoundConfig
from tui.core.durations import Hold
from tui.core.player import Player
from tui.core.player_events import CueEvent, Event
from tui.core.routine import CueSettings, Defaults, Include, Routine, Step, StepCues
from tui.core.timeline import BOUNDARY_CUE, CUE_GAP, Timeline, build_timeline, cue_schedule
from tui.core.trace import TraceWriter, read_trace

T0 = 52_000.25


class Recorder:
    """A backend that keeps every clip it is given."""

    name = "recorder"

    def __init__(self) -> None:
        self.clips: list[Clip] = []

    def play(self, clip: Clip, cache: Path) -> None:
        self.clips.append(clip)

    def close(self) -> None:
        return None


def hold(seconds: int) -> Hold:
    return Hold(seconds, seconds)


def write_gong(folder: Path) -> None:
    """The main routine's own start sound: a copy of the bundled halfway cue."""
    from tui.audio.sounds import bundled_file

    shutil.copy(bundled_file("halfway"), folder / "gong.wav")


def everything(folder: Path) -> Timeline:
    extra = Routine(
        id="extra",
        name="Extra",
        summary="Included, with cues of its own.",
        areas=("glutes",),
        steps=(Step("Glutes", hold=hold(20)),),
        defaults=Defaults(prep=2, rest=0, switch=0),
        cues=CueSettings(countdown=0, halfway=False, volume=0.4),
        path=folder / "extra.toml",
    )
    write_gong(folder)
    main = Routine(
        id="main",
        name="Main",
        summary="Every kind of cue.",
        areas=("upper-back",),
        steps=(
            Step("Shoulders", hold=hold(24), sides=("left", "right"), reps=2),
            Step("Neck", hold=hold(30), cues=StepCues(countdown=5, halfway=False)),
            Step("Ribs", hold=hold(16), breathe=(3, 1, 4)),
            Step("Move the balls", manual=True),
            Include("extra"),
            Step("Finish", hold=hold(8), prep=0),
        ),
        defaults=Defaults(prep=3, rest=5, switch=2),
        cues=CueSettings(countdown=3, halfway=True, sounds=(("start", "gong.wav"),)),
        path=folder / "main.toml",
    )
    return build_timeline(main, {"extra": extra}.get)


def recording_session() -> tuple[AudioOut, Recorder]:
    notices = Notices()
    recorder = Recorder()
    playback = Playback([recorder], Bell(lambda: None), Path("/nonexistent"), notices)  # type: ignore[list-item]
    return AudioOut(playback, SoundBank(notice=notices), None, notices=notices), recorder


def play_through(
    timeline: Timeline,
    audio: AudioOut,
    trace: Path,
    before_cue: Callable[[CueEvent], None] = lambda _event: None,
) -> list[dict[str, object]]:
    """Play the whole timeline on a fake clock, waking exactly when the player asks; every cue
    goes through `audio` and every event into the trace, as the player screen does."""
    clock = FakeClock(T0)
    player = Player(timeline, clock)
    with TraceWriter(trace) as writer:

        def handle(events: list[Event]) -> None:
            for event in events:
                if isinstance(event, CueEvent):
                    before_cue(event)
                    writer.write(event, sound=audio.play(event))
                else:
                    writer.write(event)

        handle(player.start())
        while player.state != "finished":
            if player.state == "waiting":
                clock.now += 7.0  # someone takes 7 s to move the balls; playing time stands still
                handle(player.go_on().events)
                continue
            wake = player.next_wakeup()
            assert wake is not None
            clock.now = max(clock.now, wake)
            handle(player.advance())
    assert audio.flush(10)
    return read_trace(trace)


@pytest.fixture
def played(tmp_path: Path) -> tuple[Timeline, list[dict[str, object]], Recorder]:
    timeline = everything(tmp_path)
    audio, recorder = recording_session()
    lines = play_through(timeline, audio, tmp_path / "trace.jsonl")
    return timeline, lines, recorder


def cues_of(lines: list[dict[str, object]]) -> list[dict[str, object]]:
    return [line for line in lines if line["event"] == "cue"]


def segments_of(lines: list[dict[str, object]]) -> list[dict[str, object]]:
    return [line for line in lines if line["event"] == "segment"]


def near(a: object, b: float) -> bool:
    return math.isclose(float(a), b, abs_tol=1e-3)  # type: ignore[arg-type]


# ----------------------------------------------------------------------------------- the plan


def test_every_cue_sounds_when_the_schedule_says_and_on_time(played) -> None:  # type: ignore[no-untyped-def]
    timeline, lines, _ = played
    heard = [(line["cue"], line["segment"], line["scheduled"]) for line in cues_of(lines)]
    planned = [(c.cue, c.segment, round(c.offset, 3)) for c in cue_schedule(timeline)]
    assert heard == planned
    assert all(line["actual"] == line["scheduled"] for line in cues_of(lines))


def test_exactly_one_cue_sounds_at_each_boundary_and_it_names_what_begins(played) -> None:  # type: ignore[no-untyped-def]
    timeline, lines, _ = played
    segments, cues = segments_of(lines), cues_of(lines)
    for position, segment in enumerate(segments):
        start = float(segment["scheduled"])  # type: ignore[arg-type]
        at_start = [
            c
            for c in cues
            if near(c["scheduled"], start)
            and (
                c["segment"] == segment["index"]
                or (position > 0 and c["segment"] == segments[position - 1]["index"])
            )
        ]
        before = segments[position - 1]["kind"] if position else None
        if segment["kind"] == "manual":
            expected = [] if before in (None, "manual") else ["end"]
        elif segment["kind"] == "hold" and timeline.segments[segment["index"]].breathe:  # type: ignore[index]
            expected = ["inhale"]
        else:
            expected = [BOUNDARY_CUE[segment["kind"]]]  # type: ignore[index]
        assert [c["cue"] for c in at_start] == expected, segment
    end = next(line for line in lines if line["event"] == "end")
    closing = [c for c in cues if near(c["scheduled"], float(end["actual"]))]  # type: ignore[arg-type]
    assert [c["cue"] for c in closing] == ["complete"]
    assert cues[-1]["cue"] == "complete"


def test_a_manual_step_is_announced_by_end_and_waits_in_silence(played) -> None:  # type: ignore[no-untyped-def]
    _, lines, _ = played
    position = next(i for i, line in enumerate(lines) if line.get("kind") == "manual")
    assert lines[position - 1]["cue"] == "end"
    assert lines[position + 1]["event"] == "segment"  # no cue while it waits


def test_halfway_sounds_at_the_middle_of_holds_of_20_s_or_more_where_it_is_on(played) -> None:  # type: ignore[no-untyped-def]
    timeline, lines, _ = played
    cues = cues_of(lines)
    for segment in segments_of(lines):
        if segment["kind"] != "hold":
            continue
        start, length = float(segment["scheduled"]), float(segment["length"])  # type: ignore[arg-type]
        planned = timeline.segments[segment["index"]]  # type: ignore[index]
        halfways = [c for c in cues if c["segment"] == segment["index"] and c["cue"] == "halfway"]
        wanted = planned.played.halfway and length >= 20 and planned.breathe is None
        assert [float(c["scheduled"]) for c in halfways] == (  # type: ignore[arg-type]
            [pytest.approx(start + length / 2, abs=1e-3)] if wanted else []
        ), planned.played.name


def test_a_tick_sounds_on_each_of_the_last_n_seconds_with_each_steps_own_n(played) -> None:  # type: ignore[no-untyped-def]
    timeline, lines, _ = played
    cues = cues_of(lines)
    counts = {}
    for segment in segments_of(lines):
        if segment["kind"] != "hold":
            continue
        planned = timeline.segments[segment["index"]]  # type: ignore[index]
        end = float(segment["scheduled"]) + float(segment["length"])  # type: ignore[arg-type]
        ticks = [
            float(c["scheduled"])  # type: ignore[arg-type]
            for c in cues
            if c["segment"] == segment["index"] and c["cue"] == "tick"
        ]
        n = 0 if planned.breathe else planned.played.countdown
        assert ticks == [pytest.approx(end - k, abs=1e-3) for k in range(n, 0, -1)]
        counts[planned.played.name] = len(ticks)
    assert counts == {"Shoulders": 3, "Neck": 5, "Ribs": 0, "Glutes": 0, "Finish": 3}


def test_no_two_cues_sound_within_250_ms(played) -> None:  # type: ignore[no-untyped-def]
    timeline, lines, _ = played
    cues = cues_of(lines)
    manual = {s.index for s in timeline.segments if not s.is_timed}
    for first, second in itertools.pairwise(cues):
        gap = float(second["scheduled"]) - float(first["scheduled"])  # type: ignore[arg-type]
        waited = any(first["segment"] < m < second["segment"] for m in manual)  # type: ignore[operator]
        assert gap >= CUE_GAP or waited, (first, second)


def test_a_breathing_hold_sounds_inhale_and_exhale_only(played) -> None:  # type: ignore[no-untyped-def]
    timeline, lines, _ = played
    [ribs] = [s for s in timeline.segments if s.breathe]
    inside = [
        (c["cue"], float(c["scheduled"]) - ribs.start)  # type: ignore[arg-type]
        for c in cues_of(lines)
        if c["segment"] == ribs.index
    ]
    assert inside == [
        ("inhale", pytest.approx(0.0)),
        ("exhale", pytest.approx(4.0)),
        ("inhale", pytest.approx(8.0)),
        ("exhale", pytest.approx(12.0)),
    ]


def test_an_included_step_keeps_its_routines_cues_sounds_and_volume(played) -> None:  # type: ignore[no-untyped-def]
    _, lines, recorder = played
    starts = [
        (clip.name, clip.audio.dBFS)
        for clip, line in zip(recorder.clips, cues_of(lines), strict=True)
        if line["cue"] == "start"
    ]
    names = [name for name, _ in starts]
    # Shoulders ×4, Neck and Finish sound the main routine's gong; Glutes, included, its own.
    assert names == ["start (gong.wav)"] * 5 + ["start", "start (gong.wav)"]
    main_bundled = SoundBank().cue("start", CueSettings()).audio.dBFS
    glutes = starts[5][1]
    assert glutes == pytest.approx(main_bundled + 20 * math.log10(0.4 / 0.8), abs=0.2)


def test_each_cue_reaches_the_backend_in_the_order_of_the_trace(played) -> None:  # type: ignore[no-untyped-def]
    _, lines, recorder = played
    assert [clip.name.split(" ")[0] for clip in recorder.clips] == [
        line["cue"] for line in cues_of(lines)
    ]


# ----------------------------------------------------------------------- the `sound` field


def test_the_sound_field_names_the_backend_that_took_the_cue(played) -> None:  # type: ignore[no-untyped-def]
    _, lines, _ = played
    assert {line["sound"] for line in cues_of(lines)} == {"recorder"}


def test_muting_mid_session_writes_off_until_unmuted(tmp_path: Path) -> None:
    timeline = build_timeline(
        Routine(
            id="short",
            name="Short",
            summary="Two holds.",
            areas=("neck",),
            steps=(Step("Neck", hold=hold(4)), Step("Back", hold=hold(4))),
            defaults=Defaults(prep=0, rest=2),
        )
    )
    audio, recorder = recording_session()

    def press_m(event: CueEvent) -> None:
        audio.set_muted(event.cue == "rest" or (audio.muted and event.cue == "tick"))

    lines = play_through(timeline, audio, tmp_path / "trace.jsonl", before_cue=press_m)
    sounds = [(line["cue"], line["sound"]) for line in cues_of(lines)]
    assert ("rest", "off") in sounds
    assert sounds[0] == ("start", "recorder") and sounds[-1] == ("complete", "recorder")
    assert len(recorder.clips) == sum(1 for _, sound in sounds if sound != "off")


def test_on_this_headless_machine_the_trace_says_bell(tmp_path: Path) -> None:
    env = Environment.current()
    if env.any_output and not env.over_ssh:
        pytest.skip("this machine has a sound device")
    rings: list[int] = []
    audio = AudioOut.for_session(
        SoundConfig(), environment=env, bell=lambda: rings.append(1), cache=tmp_path
    )
    timeline = everything(tmp_path)
    lines = play_through(timeline, audio, tmp_path / "trace.jsonl")
    assert {line["sound"] for line in cues_of(lines)} == {"bell"}
    assert len(rings) == len(cues_of(lines))


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="the fake player is a shell script")
def test_with_a_player_program_the_trace_says_its_name(tmp_path: Path) -> None:
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "calls.log"
    script = folder / "paplay"
    script.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\n')
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    env = Environment(
        platform="linux",
        environ={"PULSE_SERVER": "unix:/tmp/pulse"},
        which=lambda name: shutil.which(name, path=str(folder)),
        exists=lambda _path: False,
        importable=lambda _name: False,
    )
    audio = AudioOut.for_session(SoundConfig(), environment=env, cache=tmp_path / "cache")
    timeline = everything(tmp_path)
    lines = play_through(timeline, audio, tmp_path / "trace.jsonl")
    assert {line["sound"] for line in cues_of(lines)} == {"paplay"}
    assert len(log.read_text().splitlines()) == len(cues_of(lines))
    audio.close()

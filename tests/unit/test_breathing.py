"""Paced breathing from end to end, as ROUTINE_FORMAT.md's Breathing section says: the player's
`inhale` and `exhale` cues on a fake clock, the pacer agreeing with them, the trace carrying them,
the exported track sounding them (found in its samples), and the bundled routine built on them."""

from __future__ import annotations

import wave
from pathlib import Path

import pytest
from fakes import FakeClock

from tui.app.widgets.pacer import breath_phase
from tui.audio.render import render_track
from tui.audio.sounds import RATE, SoundBank, audioop
from tui.core.durations import Hold
from tui.core.library import Library
from tui.core.paths import bundled_routines
from tui.core.player import Player
from tui.core.player_events import CueEvent, Event, SegmentEvent
from tui.core.routine import CueSettings, Defaults, Routine, Step
from tui.core.timeline import Timeline, build_timeline
from tui.core.trace import TraceWriter, read_trace

PREP = 5.0
BREATHE = (4, 2, 6)  # in, hold, out: one breath is 12 s
HOLD = 36  # three breaths


def breathing_timeline(breathe: tuple[int, int, int] = BREATHE, hold: int = HOLD) -> Timeline:
    routine = Routine(
        id="breaths",
        name="Breaths",
        summary="A breathing hold between two plain ones.",
        areas=("chest",),
        steps=(
            Step("Breathe", hold=Hold(hold, hold), breathe=breathe),
            Step("Plain", hold=Hold(20, 20)),
        ),
        defaults=Defaults(prep=int(PREP), rest=0, switch=0),
        cues=CueSettings(countdown=3, halfway=True),
    )
    return build_timeline(routine)


def play_through(timeline: Timeline) -> tuple[list[Event], FakeClock]:
    """The whole routine, waking exactly when the player asks (as the screen's timer does)."""
    clock = FakeClock(42_000.0)
    player = Player(timeline, clock)
    events = player.start()
    while player.state == "playing":
        wake = player.next_wakeup()
        assert wake is not None
        clock.now = max(clock.now, wake)
        events += player.advance()
    return events, clock


def breathing_cues(events: list[Event]) -> list[tuple[str, float]]:
    """(cue, seconds into the breathing hold) for every cue the player gave in that hold."""
    [hold] = [e for e in events if isinstance(e, SegmentEvent) and e.kind == "hold"][:1]
    return [
        (e.cue, round(e.scheduled - hold.scheduled, 3))
        for e in events
        if isinstance(e, CueEvent) and e.segment == hold.index
    ]


EXPECTED = [
    ("inhale", 0.0),
    ("exhale", 6.0),
    ("inhale", 12.0),
    ("exhale", 18.0),
    ("inhale", 24.0),
    ("exhale", 30.0),
]


# ------------------------------------------------------------------------------- the player


def test_the_player_sounds_inhale_at_each_breath_and_exhale_at_each_out_breath() -> None:
    events, _ = play_through(breathing_timeline())
    assert breathing_cues(events) == EXPECTED  # no start, halfway or tick among them
    late = [e for e in events if isinstance(e, CueEvent) and e.late]
    assert late == []  # woken when asked, every cue is on time


def test_the_plain_hold_after_it_still_has_its_start_halfway_and_ticks() -> None:
    events, _ = play_through(breathing_timeline())
    holds = [e for e in events if isinstance(e, SegmentEvent) and e.kind == "hold"]
    plain = holds[1]
    cues = [
        (e.cue, round(e.scheduled - plain.scheduled, 3))
        for e in events
        if isinstance(e, CueEvent) and e.segment == plain.index
    ]
    assert cues == [
        ("start", 0.0),
        ("halfway", 10.0),
        ("tick", 17.0),
        ("tick", 18.0),
        ("tick", 19.0),
        ("complete", 20.0),
    ]


def test_a_breath_without_a_hold_goes_straight_from_in_to_out() -> None:
    events, _ = play_through(breathing_timeline((4, 0, 6), 30))
    assert breathing_cues(events) == [
        ("inhale", 0.0),
        ("exhale", 4.0),
        ("inhale", 10.0),
        ("exhale", 14.0),
        ("inhale", 20.0),
        ("exhale", 24.0),
    ]


def test_a_late_wake_up_still_gets_every_breath_cue_at_its_planned_time() -> None:
    timeline = breathing_timeline()
    clock = FakeClock(42_000.0)
    player = Player(timeline, clock)
    events = player.start()
    clock.now += PREP + 20.5  # the machine stalled for 20 s in the hold
    events += player.advance()
    assert breathing_cues(events) == EXPECTED[:4]
    assert all(e.late for e in events if isinstance(e, CueEvent) and e.cue == "exhale")


# -------------------------------------------------------------------------------- the pacer


def test_the_pacer_changes_its_words_exactly_where_the_cues_sound() -> None:
    """Sampled every 50 ms through the hold: "breathe in" begins at each inhale cue, "breathe
    out" at each exhale cue, and "hold" fills the seconds between."""
    events, _ = play_through(breathing_timeline())
    cue_times = {t: cue for cue, t in breathing_cues(events)}
    changes: list[tuple[float, str]] = []
    previous = None
    for n in range(HOLD * 20):
        t = n / 20
        word = breath_phase(BREATHE, t).word
        if word != previous:
            changes.append((t, word))
            previous = word
    words = {"inhale": "breathe in", "exhale": "breathe out"}
    assert [(t, w) for t, w in changes if w != "hold"] == [
        (t, words[cue]) for t, cue in sorted(cue_times.items())
    ]
    assert [t for t, w in changes if w == "hold"] == [4.0, 16.0, 28.0]


def test_at_each_cue_the_bar_is_empty_for_the_in_breath_and_full_for_the_out_breath() -> None:
    events, _ = play_through(breathing_timeline())
    for cue, t in breathing_cues(events):
        phase = breath_phase(BREATHE, t)
        assert phase.fill == pytest.approx(0.0 if cue == "inhale" else 1.0)
        assert phase.left == pytest.approx(4.0 if cue == "inhale" else 6.0)


# -------------------------------------------------------------------------------- the trace


def test_the_trace_carries_every_breath_cue_with_its_planned_time(tmp_path: Path) -> None:
    events, _ = play_through(breathing_timeline())
    path = tmp_path / "trace.jsonl"
    with TraceWriter(path) as trace:
        for event in events:
            trace.write(event, sound="bell" if isinstance(event, CueEvent) else None)
    lines = read_trace(path)
    breath = [
        (line["cue"], line["scheduled"], line["segment"])
        for line in lines
        if line["event"] == "cue" and line["cue"] in ("inhale", "exhale")
    ]
    hold_index = next(line["index"] for line in lines if line.get("kind") == "hold")
    assert breath == [(cue, PREP + t, hold_index) for cue, t in EXPECTED]
    assert not [
        line
        for line in lines
        if line["event"] == "cue" and line["segment"] == hold_index and line["cue"] == "start"
    ]


# -------------------------------------------------------------------------- the audio track

WINDOW = RATE // 200  # 5 ms


def samples(path: Path) -> bytes:
    with wave.open(str(path), "rb") as wav:
        return wav.readframes(wav.getnframes())


def onsets(pcm: bytes) -> list[float]:
    """Where sound begins after 40 ms of digital silence (see test_audio_render.py)."""
    rms, level, found, quiet = audioop().rms, 32768 * 10 ** (-70 / 20), [], 8
    for start in range(0, len(pcm) // 2 - WINDOW + 1, WINDOW):
        if rms(pcm[start * 2 : (start + WINDOW) * 2], 2) > level:
            if quiet >= 8:
                found.append(start / RATE)
            quiet = 0
        else:
            quiet += 1
    return found


def test_the_exported_track_sounds_inhale_and_exhale_where_the_breaths_are(
    tmp_path: Path,
) -> None:
    timeline = breathing_timeline()
    out = tmp_path / "breaths.wav"
    render_track(timeline, out, voice=False)
    pcm = samples(out)
    heard = onsets(pcm)
    planned = [PREP + t for _, t in EXPECTED]
    for want in planned:
        assert any(0 <= got - want <= 0.020 for got in heard), (want, heard)
    # What sounds there is the breath cue itself, sample for sample: the in-breath's sound at
    # each inhale, the out-breath's at each exhale.
    bank = SoundBank()
    settings = timeline.routine.cues
    for cue, t in EXPECTED:
        clip = bank.cue(cue, settings).pcm
        start = round((PREP + t) * RATE) * 2
        assert pcm[start : start + len(clip)] == clip
    assert bank.cue("inhale", settings).pcm != bank.cue("exhale", settings).pcm


def half_peak_ms(pcm: bytes) -> int:
    """How long a sound takes to reach half its peak, in 10 ms steps: its attack."""
    peak, step = audioop().max(pcm, 2), RATE // 100 * 2
    return next(
        n * 10
        for n in range(len(pcm) // step)
        if audioop().max(pcm[n * step : (n + 1) * step], 2) >= peak / 2
    )


def test_the_breath_cues_are_soft_swells_not_strikes() -> None:
    """Every cue is levelled to the same loudness, so soft means shape: a lower peak and a slow
    swell where the other cues strike at once."""
    bank, settings = SoundBank(), CueSettings()
    start = bank.cue("start", settings).pcm
    assert half_peak_ms(start) <= 20
    for cue in ("inhale", "exhale"):
        pcm = bank.cue(cue, settings).pcm
        assert audioop().max(pcm, 2) < 0.7 * audioop().max(start, 2)
        assert half_peak_ms(pcm) >= 100


# --------------------------------------------------------------------- the bundled routine


def test_breathe_the_tension_out_is_a_few_minutes_of_longer_out_breaths() -> None:
    library = Library.load(bundled_routines(), None)
    routine = library.routines["breathe-tension-out"]
    assert routine.name == "Breathe the tension out"
    timeline = library.timeline(routine)
    assert 3 * 60 <= timeline.planned_seconds <= 10 * 60
    breathing = [s for s in timeline.segments if s.breathe is not None]
    assert sum(s.length for s in breathing) >= 4 * 60
    for segment in breathing:
        breathe_in, _, breathe_out = segment.breathe or (0, 0, 0)
        assert breathe_out > breathe_in
        assert segment.length % sum(segment.breathe or (1,)) == 0
    assert "light-headed" in routine.caution

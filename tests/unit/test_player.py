"""The player keeps time by absolute deadlines, survives late wake-ups and rewrites only the future.

Every test moves a fake monotonic clock by hand; nothing sleeps.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

import pytest
from fakes import FakeClock
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.durations import Hold
from tui.core.library import Library
from tui.core.player import Player
from tui.core.player_events import CommandEvent, CueEvent, EndEvent, Event, SegmentEvent
from tui.core.routine import CueSettings, Defaults, Routine, Step
from tui.core.timeline import Timeline, build_timeline, cue_schedule

T0 = 81_234.567  # a monotonic clock is far from 0: deadlines must survive the float offset


def make_routine(
    *steps: Step,
    prep: int = 5,
    rest: int = 0,
    switch: int = 5,
    countdown: int = 3,
    halfway: bool = True,
) -> Routine:
    return Routine(
        id="test",
        name="Test",
        summary="A routine made in a test.",
        areas=("upper-back",),
        steps=steps,
        defaults=Defaults(prep=prep, rest=rest, switch=switch),
        cues=CueSettings(countdown=countdown, halfway=halfway),
    )


def hold(low: int, high: int | None = None) -> Hold:
    return Hold(low, low if high is None else high)


def player_for(*steps: Step, **options: object) -> tuple[Player, FakeClock]:
    clock = FakeClock(T0)
    return Player(build_timeline(make_routine(*steps, **options)), clock), clock  # type: ignore[arg-type]


def fifteen_minutes() -> Timeline:
    """Sides, reps, rests, a manual step, a range hold, a breathing hold: exactly 900 s planned."""
    return build_timeline(
        make_routine(
            Step("Between the shoulder blades", hold=hold(60), sides=("left", "right"), reps=2),
            Step("Move the balls lower", manual=True),
            Step("Lower back", hold=hold(60, 90)),
            Step("Breathe into the ribs", hold=hold(120), breathe=(4, 2, 6)),
            Step("Glutes", hold=hold(90), sides=("left", "right"), repeatable=True),
            Step("Long finish", hold=hold(180)),
            rest=10,
        )
    )


def bundled_reset() -> Timeline:
    """The bundled 15-minute back reset, which plans 15:00 through its includes."""
    library = Library.load(Path(__file__).resolve().parents[2] / "routines", None)
    return library.timeline(library.routines["back-reset-15"])


FIFTEEN_MINUTE_ROUTINES = {"made-here": fifteen_minutes, "bundled-back-reset": bundled_reset}


def of(kind: type, events: list[Event]) -> list:
    return [e for e in events if isinstance(e, kind)]


def cue_names(events: list[Event]) -> list[str]:
    return [e.cue for e in events if isinstance(e, CueEvent)]


# ------------------------------------------------------------------------ the 15-minute routine


@pytest.mark.parametrize("make", FIFTEEN_MINUTE_ROUTINES.values(), ids=FIFTEEN_MINUTE_ROUTINES)
def test_the_fifteen_minute_routine_plans_exactly_900_seconds(make: Callable[[], Timeline]) -> None:
    timeline = make()
    assert timeline.planned_seconds == 900.0
    assert timeline.manual_steps >= 1


@pytest.mark.parametrize("make", FIFTEEN_MINUTE_ROUTINES.values(), ids=FIFTEEN_MINUTE_ROUTINES)
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_random_pauses_and_late_wake_ups_still_end_after_exactly_900_seconds(
    make: Callable[[], Timeline], seed: int
) -> None:
    rng = random.Random(seed)
    timeline = make()
    clock = FakeClock(T0)
    player = Player(timeline, clock)
    events = player.start()
    # The test keeps its own map from playing time to the clock: wall = offset + playing.
    offset = clock.now
    while player.state != "finished":
        if player.state == "waiting":
            manual = of(SegmentEvent, events)[-1]
            assert manual.kind == "manual"
            clock.advance(rng.uniform(0, 30))
            offset = clock.now - manual.scheduled  # the wait does not count as playing time
            events += player.go_on().events
        elif rng.random() < 0.08:
            events += player.pause().events  # catches up first: may wait or finish instead
            if player.state == "paused":
                paused_at = clock.now
                clock.advance(rng.uniform(0, 120))
                assert player.advance() == []
                events += player.resume().events
                offset += clock.now - paused_at
        else:
            clock.advance(rng.choice((rng.uniform(0, 1.2), rng.uniform(0, 9))))
            events += player.advance()
        if player.state == "playing":
            assert clock.now < offset + 900.0
        if player.state == "finished":
            assert clock.now >= offset + 900.0 - 1e-6

    end = events[-1]
    assert isinstance(end, EndEvent)
    assert end.state == "completed"
    assert end.planned == 900.0
    assert end.actual == pytest.approx(900.0, abs=1e-6)
    assert player.elapsed() == pytest.approx(900.0, abs=1e-6)
    assert sum(s.actual for s in player.record().segments) == pytest.approx(900.0, abs=1e-6)
    # However late each cue was seen, it was scheduled exactly where the timeline puts it.
    heard = [(e.cue, e.scheduled, e.segment) for e in of(CueEvent, events)]
    planned = [(c.cue, c.offset, c.segment) for c in cue_schedule(timeline)]
    assert heard == [(cue, pytest.approx(at, abs=1e-6), seg) for cue, at, seg in planned]
    assert all(e.actual >= e.scheduled - 1e-6 for e in of(CueEvent, events))


# ------------------------------------------------------------------------------ time keeping


def test_an_undisturbed_run_sounds_every_cue_exactly_when_the_timeline_says() -> None:
    timeline = fifteen_minutes()
    clock = FakeClock(T0)
    player = Player(timeline, clock)
    events = player.start()
    while player.state != "finished":
        if player.state == "waiting":
            events += player.go_on().events
            continue
        wake = player.next_wakeup()
        assert wake is not None and wake >= clock.now
        clock.now = wake
        events += player.advance()
    cues = of(CueEvent, events)
    schedule = cue_schedule(timeline)
    assert [(c.cue, c.segment) for c in cues] == [(c.cue, c.segment) for c in schedule]
    for event, planned in zip(cues, schedule, strict=True):
        assert event.scheduled == pytest.approx(planned.offset, abs=1e-6)
        assert event.actual == pytest.approx(planned.offset, abs=1e-6)
        assert not event.late
    assert [e.index for e in of(SegmentEvent, events)] == [s.index for s in timeline.segments]


def test_a_late_wake_up_delivers_every_due_cue_in_order_marked_late() -> None:
    player, _ = player_for(Step("Upper back", hold=hold(30)), Step("Neck", hold=hold(20)), rest=10)
    player.start()
    assert cue_names(player.advance(T0 + 5)) == ["start"]
    assert cue_names(player.advance(T0 + 20)) == ["halfway"]
    assert player.advance(T0 + 29) == []
    # The process stalls for 7 s across three ticks and the boundary into the rest.
    events = player.advance(T0 + 36)
    assert [(type(e).__name__, getattr(e, "cue", None), e.scheduled) for e in events] == [
        ("CueEvent", "tick", 32.0),
        ("CueEvent", "tick", 33.0),
        ("CueEvent", "tick", 34.0),
        ("SegmentEvent", None, 35.0),
        ("CueEvent", "rest", 35.0),
    ]
    assert all(e.late and e.actual == pytest.approx(36.0) for e in events)
    # The stall did not move the plan: the rest still ends at 45 s of playing time.
    assert player.deadline == pytest.approx(T0 + 45)
    assert player.remaining(T0 + 36) == pytest.approx(9.0)


def test_a_stall_across_several_segments_and_the_end_keeps_the_order() -> None:
    player, _ = player_for(Step("Only", hold=hold(10)), prep=3, countdown=2, halfway=False)
    player.start()
    events = player.advance(T0 + 60)
    assert [getattr(e, "cue", type(e).__name__) for e in events] == [
        "SegmentEvent",
        "start",
        "tick",
        "tick",
        "complete",
        "EndEvent",
    ]
    assert [e.scheduled for e in events if isinstance(e, CueEvent)] == [3.0, 11.0, 12.0, 13.0]
    end = events[-1]
    assert isinstance(end, EndEvent) and end.late and end.actual == 13.0
    assert player.state == "finished" and player.end_state == "completed"


def test_an_event_seen_within_a_tenth_of_a_second_is_not_late() -> None:
    player, _ = player_for(Step("Only", hold=hold(10)), prep=0, countdown=0, halfway=False)
    player.start()
    events = player.advance(T0 + 10.05)
    assert [getattr(e, "cue", None) for e in events] == ["complete", None]
    assert not any(getattr(e, "late", False) for e in events)


def test_next_wakeup_follows_the_whole_seconds_of_the_countdown() -> None:
    player, clock = player_for(Step("Only", hold=hold(10)), prep=0, countdown=0, halfway=False)
    assert player.next_wakeup() is None  # not started
    player.start()
    wakes = []
    while player.state == "playing":
        wake = player.next_wakeup()
        assert wake is not None
        wakes.append(round(wake - T0, 9))
        assert player.countdown(wake - 0.001) == 10 - len(wakes) + 1
        clock.now = wake
        player.advance()
    assert wakes == [float(n) for n in range(1, 11)]
    assert player.next_wakeup() is None  # finished


def test_next_wakeup_after_a_pause_mid_second_stays_on_the_countdown_not_the_clock() -> None:
    player, clock = player_for(Step("Only", hold=hold(10)), prep=0, countdown=0, halfway=False)
    player.start()
    clock.advance(2.5)
    player.pause()
    assert player.next_wakeup() is None
    clock.advance(100.25)
    player.resume()
    assert player.countdown() == 8  # 7.5 s left shows 8
    assert player.next_wakeup() == pytest.approx(clock.now + 0.5)


def test_next_wakeup_is_the_next_cue_when_it_comes_before_the_countdown_changes() -> None:
    # A 25 s hold: halfway at 12.5 s falls between two whole seconds of the countdown.
    player, clock = player_for(Step("Only", hold=hold(25)), prep=0, countdown=0)
    player.start()
    clock.now = T0 + 12.2
    player.advance()
    assert player.next_wakeup() == pytest.approx(T0 + 12.5)
    clock.now = T0 + 12.5
    assert cue_names(player.advance()) == ["halfway"]
    assert player.next_wakeup() == pytest.approx(T0 + 13)


# ----------------------------------------------------------------------------------- pausing


def test_pause_keeps_the_remaining_time_however_long_it_lasts() -> None:
    player, clock = player_for(Step("Only", hold=hold(60)), prep=0)
    player.start()
    clock.advance(20)
    result = player.pause()
    assert result.ok and of(CommandEvent, result.events)[0].command == "pause"
    assert player.state == "paused"
    clock.advance(600)
    assert player.advance() == []
    assert player.remaining() == pytest.approx(40.0)
    assert player.elapsed() == pytest.approx(20.0)
    assert player.deadline is None


def test_resume_moves_every_deadline_by_the_length_of_the_pause() -> None:
    player, clock = player_for(Step("A", hold=hold(60)), Step("B", hold=hold(30)), prep=0)
    player.start()
    planned_starts = [s.start for s in player.segments]
    clock.advance(20)
    player.pause()
    clock.advance(45)
    player.resume()
    assert player.deadline == pytest.approx(T0 + 60 + 45)
    assert [s.start for s in player.segments] == planned_starts  # playing time is unchanged
    assert of(SegmentEvent, player.advance(T0 + 60 + 44.9)) == []
    events = player.advance(T0 + 60 + 45)
    assert of(SegmentEvent, events)[0].index == 1
    assert player.record().pauses[0].seconds == pytest.approx(45)


def test_toggle_pauses_then_resumes_and_refuses_while_a_step_waits() -> None:
    player, _ = player_for(Step("Find a spot", manual=True), Step("A", hold=hold(10)))
    player.start()
    assert player.state == "waiting"
    refused = player.toggle_pause()
    assert refused.refused and refused.events == []
    player.go_on()
    assert player.toggle_pause().ok and player.state == "paused"
    assert player.toggle_pause().ok and player.state == "playing"


# ------------------------------------------------------------------------------ manual steps


def test_a_manual_step_waits_in_silence_until_go_on_and_adds_no_playing_time() -> None:
    player, clock = player_for(
        Step("Hold", hold=hold(10)),
        Step("Find the knot", manual=True),
        Step("Press", hold=hold(10)),
        prep=0,
        countdown=0,
        halfway=False,
    )
    player.start()
    events = player.advance(T0 + 10)
    assert cue_names(events) == ["end"]  # the hold ends and a manual step follows
    assert of(SegmentEvent, events)[0].kind == "manual"
    assert player.state == "waiting"
    assert player.next_wakeup() is None
    clock.advance(300)
    assert player.advance() == []
    assert player.elapsed() == pytest.approx(10.0)
    events = player.go_on().events
    assert [type(e).__name__ for e in events] == ["SegmentEvent", "CueEvent"]
    assert cue_names(events) == ["start"] and events[0].scheduled == pytest.approx(10.0)
    assert player.deadline == pytest.approx(clock.now + 10)
    clock.advance(10)
    end = player.advance()[-1]
    assert isinstance(end, EndEvent) and end.actual == pytest.approx(20.0)
    assert [s.actual for s in player.record().segments] == pytest.approx([10.0, 0.0, 10.0])


def test_go_on_after_a_final_manual_step_completes_the_routine() -> None:
    player, _ = player_for(
        Step("Hold", hold=hold(10)), Step("Stretch", manual=True), prep=0, countdown=0
    )
    player.start()
    player.advance(T0 + 12)
    assert player.state == "waiting"
    events = player.go_on(T0 + 50).events
    assert cue_names(events) == ["complete"]
    assert isinstance(events[-1], EndEvent) and events[-1].state == "completed"
    assert events[-1].actual == pytest.approx(10.0)


def test_go_on_is_refused_when_nothing_waits() -> None:
    player, _ = player_for(Step("Hold", hold=hold(10)))
    player.start()
    assert player.go_on().refused == "nothing is waiting for you"


# ------------------------------------------------------------------------------------ skip


def test_skip_starts_the_next_segment_now_with_its_boundary_cue() -> None:
    player, clock = player_for(Step("A", hold=hold(60)), Step("B", hold=hold(30)), prep=5)
    player.start()
    clock.advance(2)
    result = player.skip()
    assert [type(e).__name__ for e in result.events] == ["CommandEvent", "SegmentEvent", "CueEvent"]
    assert cue_names(result.events) == ["start"]
    assert player.current is not None and player.current.kind == "hold"
    assert player.deadline == pytest.approx(clock.now + 60)
    assert player.segments[0].status == "skipped"
    assert player.remaining_total() == pytest.approx(60 + 5 + 30)


def test_skipping_into_a_manual_step_sounds_end_and_skipping_the_last_completes() -> None:
    player, clock = player_for(Step("A", hold=hold(60)), Step("Rest your arm", manual=True), prep=0)
    player.start()
    clock.advance(1)
    assert cue_names(player.skip().events) == ["end"]
    assert player.state == "waiting"
    result = player.skip()
    assert cue_names(result.events) == ["complete"]
    end = result.events[-1]
    assert isinstance(end, EndEvent) and end.state == "completed" and end.actual == 1.0
    assert [s.outcome for s in player.record().segments] == ["skipped", "skipped"]
    assert player.record().steps_skipped == 2


def test_skip_while_paused_stays_paused_on_the_next_segment() -> None:
    player, clock = player_for(Step("A", hold=hold(60)), Step("B", hold=hold(30)), prep=0)
    player.start()
    clock.advance(10)
    player.pause()
    player.skip()
    assert player.state == "paused" and player.current_index == 1
    clock.advance(100)
    assert player.remaining() == 30.0
    player.resume()
    assert player.deadline == pytest.approx(clock.now + 30)


# ------------------------------------------------------------------------------------ back


def test_back_restarts_the_current_segment_after_three_seconds() -> None:
    player, clock = player_for(Step("A", hold=hold(60)), prep=5)
    player.start()
    clock.advance(5 + 20)
    player.advance()
    result = player.back()
    assert cue_names(result.events) == ["start"]
    assert player.current_index == 1
    assert player.remaining() == 60.0
    assert player.deadline == pytest.approx(clock.now + 60)
    assert player.remaining_total() == 60.0


def test_back_within_three_seconds_goes_to_the_previous_segment() -> None:
    player, clock = player_for(Step("A", hold=hold(60)), Step("B", hold=hold(30)), prep=5)
    player.start()
    clock.now = T0 + 65 + 2  # 2 s into B's prep
    player.advance()
    result = player.back()
    segment = of(SegmentEvent, result.events)[0]
    assert (segment.index, segment.kind, segment.scheduled) == (1, "hold", 67.0)
    assert player.segments[2].status == "upcoming"
    assert player.remaining_total() == 60 + 5 + 30
    assert player.deadline == pytest.approx(clock.now + 60)


def test_back_on_the_first_segment_restarts_it() -> None:
    player, clock = player_for(Step("A", hold=hold(60)), prep=5)
    player.start()
    clock.advance(1)
    player.back()
    assert player.current_index == 0 and player.remaining() == 5.0


# ---------------------------------------------------------------------------------- extend


def test_extend_adds_fifteen_seconds_to_the_hold_and_moves_every_later_deadline() -> None:
    player, clock = player_for(
        Step("A", hold=hold(60)), Step("B", hold=hold(30)), prep=5, countdown=3
    )
    player.start()
    clock.advance(5 + 36)
    assert cue_names(player.advance()) == ["start", "halfway"]
    later_before = [s.start for s in player.segments[2:]]
    result = player.extend()
    assert result.ok and of(CommandEvent, result.events)[0].amount == 15.0
    assert player.remaining() == pytest.approx(39.0)
    assert player.deadline == pytest.approx(T0 + 80)
    assert [s.start for s in player.segments[2:]] == [t + 15 for t in later_before]
    assert player.remaining_total() == pytest.approx(39 + 5 + 30)
    # The countdown ticks follow the new end; the halfway cue already sounded and does not repeat.
    events = player.advance(T0 + 80)
    assert [(c.cue, c.scheduled) for c in of(CueEvent, events)] == [
        ("tick", 77.0),
        ("tick", 78.0),
        ("tick", 79.0),
        ("prep", 80.0),
    ]
    assert player.record().segments[1].outcome == "extended"


def test_extend_is_refused_outside_a_hold() -> None:
    player, _ = player_for(Step("A", hold=hold(60)), prep=5)
    player.start()
    result = player.extend()
    assert result.refused == "only a hold can be extended" and result.events == []
    assert player.remaining_total() == 65


def test_extending_a_breathing_hold_keeps_whole_breaths() -> None:
    player, _ = player_for(Step("Breathe", hold=hold(60), breathe=(4, 2, 6)), prep=0)
    player.start()
    result = player.extend()
    assert of(CommandEvent, result.events)[0].amount == 12.0
    assert player.remaining() == 72.0


# --------------------------------------------------------------------------------- release


def test_release_is_refused_before_the_minimum_and_ends_the_hold_after_it() -> None:
    player, clock = player_for(
        Step("A", hold=hold(30, 60)), Step("B", hold=hold(20)), prep=0, rest=10, halfway=False
    )
    player.start()
    clock.advance(29)
    refused = player.release()
    assert refused.refused == "release is possible after 0:30"
    assert player.release_possible_in() == pytest.approx(1.0)
    assert player.remaining_total() == pytest.approx(31 + 10 + 20)
    clock.advance(3)
    result = player.release()
    assert result.ok
    assert [type(e).__name__ for e in result.events] == ["CommandEvent", "SegmentEvent", "CueEvent"]
    assert cue_names(result.events) == ["rest"]
    assert player.segments[0].released and player.segments[0].length == pytest.approx(32.0)
    assert player.remaining_total() == pytest.approx(10 + 20)
    assert player.deadline == pytest.approx(clock.now + 10)
    assert player.record().segments[0].outcome == "released"


def test_release_is_refused_on_a_fixed_hold() -> None:
    player, clock = player_for(Step("A", hold=hold(60)), prep=0)
    player.start()
    clock.advance(50)
    assert player.release().refused == "this hold has a fixed length"
    assert player.release_possible_in() is None


def test_releasing_the_last_hold_completes_the_routine() -> None:
    player, clock = player_for(Step("A", hold=hold(30, 60)), prep=0)
    player.start()
    clock.advance(45)
    events = player.release().events
    assert cue_names(events) == ["halfway", "complete"]
    assert isinstance(events[-1], EndEvent) and events[-1].actual == pytest.approx(45.0)


# ---------------------------------------------------------------------------- another spot


def test_another_spot_inserts_one_hold_after_the_current_one() -> None:
    player, clock = player_for(
        Step("Glutes", hold=hold(40), sides=("left", "right"), repeatable=True),
        Step("Finish", hold=hold(20)),
        prep=5,
        switch=5,
    )
    player.start()
    clock.advance(5 + 10)  # 10 s into the left hold
    player.advance()
    before = player.segments
    result = player.another_spot()
    assert result.ok and of(CommandEvent, result.events)[0].command == "spot"
    after = player.segments
    assert len(after) == len(before) + 1
    spot = after[2]
    assert spot.added and spot.kind == "hold" and spot.side == "left" and spot.length == 40
    assert spot.start == before[1].end
    assert [s.start for s in after[3:]] == [s.start + 40 for s in before[2:]]
    assert [s.index for s in after] == list(range(len(after)))
    assert player.remaining_total() == pytest.approx(30 + 40 + 5 + 40 + 5 + 20)
    events = player.advance(T0 + 45)
    assert of(SegmentEvent, events)[0].index == 2 and of(SegmentEvent, events)[0].added
    assert cue_names(events)[-1] == "start"


def test_another_spot_is_only_for_the_hold_of_a_repeatable_step() -> None:
    player, clock = player_for(
        Step("A", hold=hold(40), repeatable=True), Step("B", hold=hold(40)), prep=5
    )
    player.start()
    assert player.another_spot().refused == "another spot is possible during a hold"
    clock.now = T0 + 45 + 5 + 10  # inside B's hold
    player.advance()
    assert player.current is not None and player.current.name == "B"
    assert player.another_spot().refused == "this step is not repeatable"
    assert len(player.segments) == 4


# ------------------------------------------------------------------------------------ stop


def test_stop_ends_the_routine_as_stopped() -> None:
    player, clock = player_for(Step("A", hold=hold(60)), Step("B", hold=hold(60)), prep=0)
    player.start()
    clock.advance(70)
    result = player.stop()
    assert [type(e).__name__ for e in result.events][-2:] == ["CommandEvent", "EndEvent"]
    end = result.events[-1]
    assert isinstance(end, EndEvent) and end.state == "stopped" and end.actual == pytest.approx(70)
    assert player.state == "finished" and player.end_state == "stopped"
    assert [s.status for s in player.segments] == ["done", "stopped"]
    assert player.skip().refused == "the routine has ended"
    assert player.advance(clock.advance(100)) == []


def test_commands_before_start_are_refused_and_start_twice_is_an_error() -> None:
    player, _ = player_for(Step("A", hold=hold(60)))
    assert player.skip().refused == "the routine has not started"
    assert player.pause().refused == "the routine has not started"
    player.start()
    with pytest.raises(RuntimeError):
        player.start()


def test_a_command_first_delivers_what_was_already_due() -> None:
    player, clock = player_for(
        Step("A", hold=hold(10)), Step("B", hold=hold(10)), prep=0, countdown=0
    )
    player.start()
    clock.now = T0 + 12  # the boundary into B passed unseen
    result = player.pause()
    assert [type(e).__name__ for e in result.events] == ["SegmentEvent", "CueEvent", "CommandEvent"]
    assert player.remaining() == pytest.approx(8.0)


# ---------------------------------------------------------------------- what the UI displays


def test_progress_and_the_record_follow_what_the_user_did() -> None:
    timeline = fifteen_minutes()
    clock = FakeClock(T0)
    player = Player(timeline, clock)
    player.start()
    assert player.next_segment is not None and player.next_segment.kind == "hold"
    assert [s.status for s in player.step_progress()] == ["current"] + ["upcoming"] * 5
    player.skip()  # the prep: the first hold starts at once
    clock.advance(30)
    player.extend()
    clock.now = T0 + 270 + 15  # the first step, extended once, without its 5 s prep
    player.advance()
    assert player.state == "waiting"
    assert [s.status for s in player.step_progress()][:3] == ["done", "current", "upcoming"]
    assert player.elapsed() == pytest.approx(285.0)
    player.go_on()
    player.skip()  # the prep
    player.skip()  # the range hold: its rest is current
    statuses = [s.status for s in player.step_progress()]
    assert statuses == ["done", "done", "current", "upcoming", "upcoming", "upcoming"]
    assert 0 < player.fraction_done() < 1
    clock.advance(4)
    player.stop()
    record = player.record()
    assert record.end_state == "stopped"
    assert (record.steps_done, record.steps_skipped, record.extended, record.added) == (2, 0, 1, 0)
    assert record.planned == 900.0 and record.actual == pytest.approx(289.0)
    assert [s.outcome for s in record.segments[:3]] == ["skipped", "extended", "done"]
    assert player.fraction_done() == 1.0


def test_back_from_a_waiting_manual_step_replays_the_hold_before_it_in_full() -> None:
    player, clock = player_for(
        Step("Press", hold=hold(20, 40)), Step("Find the next spot", manual=True), prep=0
    )
    player.start()
    clock.advance(25)
    player.release()
    assert player.state == "waiting"
    clock.advance(50)
    result = player.back()
    assert cue_names(result.events) == ["start"]
    assert player.state == "playing" and player.current_index == 0
    assert player.remaining() == 40.0  # released once, replayed at its full length
    assert player.deadline == pytest.approx(clock.now + 40)


def test_stop_while_paused_closes_the_pause_in_the_record() -> None:
    player, clock = player_for(Step("A", hold=hold(60)), prep=0)
    player.start()
    clock.advance(10)
    player.pause()
    clock.advance(30)
    end = player.stop().events[-1]
    assert isinstance(end, EndEvent) and end.actual == pytest.approx(10.0)
    (pause,) = player.record().pauses
    assert (pause.at, pause.seconds) == (pytest.approx(10.0), pytest.approx(30.0))

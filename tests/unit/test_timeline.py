"""The timeline ("The timeline" in ROUTINE_FORMAT.md) and its cues ("Cues" in DESIGN.md).

Routines are built from the model directly, so each test shows exactly the steps it expands.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from tui.cli.common import length_text
from tui.core.durations import Hold
from tui.core.library import Library
from tui.core.routine import CueSettings, Defaults, Include, Routine, Step, StepCues
from tui.core.timeline import (
    IncludeError,
    Segment,
    Timeline,
    build_timeline,
    cue_schedule,
    segment_cues,
)

ROUTINES = Path(__file__).parents[2] / "routines"


def hold(seconds: int, high: int | None = None) -> Hold:
    return Hold(seconds, high if high is not None else seconds)


def routine(
    *steps: Step | Include,
    id: str = "main",
    defaults: Defaults | None = None,
    cues: CueSettings | None = None,
) -> Routine:
    return Routine(
        id=id,
        name=id,
        summary=id,
        areas=("neck",),
        steps=steps,
        defaults=defaults or Defaults(prep=5, rest=10, switch=5),
        cues=cues or CueSettings(),
    )


def plan(timeline: Timeline) -> list[tuple]:
    """(kind, length, step, side, rep) for each segment."""
    return [(s.kind, s.length, s.step_number, s.side, s.rep) for s in timeline.segments]


def cues_of(timeline: Timeline) -> list[tuple[float, str]]:
    return [(cue.offset, cue.cue) for cue in cue_schedule(timeline)]


# ---- expansion ------------------------------------------------------------------------------


def test_each_timed_step_gets_a_prep_and_a_rest_after_it_but_the_last() -> None:
    timeline = build_timeline(routine(Step("A", hold(30)), Step("B", hold(20))))
    assert plan(timeline) == [
        ("prep", 5, 1, None, 1),
        ("hold", 30, 1, None, 1),
        ("rest", 10, 1, None, 1),
        ("prep", 5, 2, None, 1),
        ("hold", 20, 2, None, 1),
    ]
    assert timeline.planned_seconds == 70
    assert [s.start for s in timeline.segments] == [0, 5, 35, 45, 50]
    assert [s.index for s in timeline.segments] == [0, 1, 2, 3, 4]


def test_sides_are_held_in_their_order_with_a_switch_between() -> None:
    timeline = build_timeline(routine(Step("A", hold(30), sides=("right", "left"))))
    assert plan(timeline) == [
        ("prep", 5, 1, None, 1),
        ("hold", 30, 1, "right", 1),
        ("switch", 5, 1, "left", 1),
        ("hold", 30, 1, "left", 1),
    ]


def test_reps_repeat_the_whole_step_with_a_rest_between_and_one_prep() -> None:
    step = Step("A", hold(20), sides=("left", "right"), reps=2, rest=15)
    timeline = build_timeline(routine(step, Step("B", hold(10))))
    assert plan(timeline) == [
        ("prep", 5, 1, None, 1),
        ("hold", 20, 1, "left", 1),
        ("switch", 5, 1, "right", 1),
        ("hold", 20, 1, "right", 1),
        ("rest", 15, 1, None, 1),
        ("hold", 20, 1, "left", 2),
        ("switch", 5, 1, "right", 2),
        ("hold", 20, 1, "right", 2),
        ("rest", 15, 1, None, 2),  # after the step: more steps follow
        ("prep", 5, 2, None, 1),
        ("hold", 10, 2, None, 1),
    ]


def test_the_last_step_rests_between_its_reps_but_not_after_them() -> None:
    timeline = build_timeline(routine(Step("A", hold(10), reps=3)))
    assert [kind for kind, *_ in plan(timeline)] == ["prep", "hold", "rest", "hold", "rest", "hold"]


def test_segments_of_zero_length_are_left_out() -> None:
    zero = Defaults(prep=0, rest=0, switch=0)
    steps = (Step("A", hold(10), sides=("left", "right"), reps=2), Step("B", hold(10)))
    timeline = build_timeline(routine(*steps, defaults=zero))
    assert [kind for kind, *_ in plan(timeline)] == ["hold"] * 5
    assert all(segment.length > 0 for segment in timeline.segments)


def test_a_step_overrides_the_defaults_it_names() -> None:
    step = Step("A", hold(10), sides=("left", "right"), prep=2, switch=0, rest=0)
    timeline = build_timeline(routine(step, Step("B", hold(10))))
    assert plan(timeline) == [
        ("prep", 2, 1, None, 1),
        ("hold", 10, 1, "left", 1),
        ("hold", 10, 1, "right", 1),
        ("prep", 5, 2, None, 1),
        ("hold", 10, 2, None, 1),
    ]


def test_a_manual_step_is_one_untimed_segment_that_adds_nothing_to_the_plan() -> None:
    steps = (Step("Set up", manual=True), Step("A", hold(30)), Step("Lie down", manual=True))
    timeline = build_timeline(routine(*steps))
    assert plan(timeline) == [
        ("manual", 0, 1, None, 1),
        ("prep", 5, 2, None, 1),
        ("hold", 30, 2, None, 1),
        ("rest", 10, 2, None, 1),  # a step follows, even if it is manual
        ("manual", 0, 3, None, 1),
    ]
    assert not timeline.segments[0].is_timed
    assert timeline.planned_seconds == 45
    assert timeline.manual_steps == 2
    assert length_text(timeline) == "0:45 + 2 manual"  # as listings show it


def test_a_range_hold_plans_its_maximum_and_knows_its_minimum() -> None:
    timeline = build_timeline(routine(Step("A", hold(60, 90))))
    held = timeline.segments[1]
    assert (held.kind, held.length, held.minimum) == ("hold", 90, 60)
    assert timeline.planned_seconds == 95
    assert build_timeline(routine(Step("A", hold(60)))).segments[1].minimum is None


def test_an_include_is_expanded_in_place_rounds_times_with_its_own_defaults_and_cues() -> None:
    other = routine(
        Step("X", hold(20)),
        Step("Y", hold(20), cues=StepCues(halfway=True)),
        id="other",
        defaults=Defaults(prep=3, rest=7, switch=2),
        cues=CueSettings(countdown=5, halfway=False, voice=True),
    )
    main = routine(
        Step("A", hold(10)),
        Include("other", rounds=2),
        Step("B", hold(10)),
        defaults=Defaults(prep=0, rest=0, switch=0),
    )
    timeline = build_timeline(main, {"other": other}.get)
    assert [(p.number, p.name, p.prep, p.rest, p.source.id) for p in timeline.steps] == [
        (1, "A", 0, 0, "main"),
        (2, "X", 3, 7, "other"),
        (3, "Y", 3, 7, "other"),
        (4, "X", 3, 7, "other"),
        (5, "Y", 3, 7, "other"),
        (6, "B", 0, 0, "main"),
    ]
    x, y = timeline.steps[1], timeline.steps[2]
    assert (x.countdown, x.halfway, x.voice) == (5, False, True)
    assert (y.countdown, y.halfway, y.voice) == (5, True, True)  # the step's own cue wins
    assert x.cue_settings.countdown == 5
    assert plan(timeline) == [
        ("hold", 10, 1, None, 1),
        *[
            segment
            for number in (2, 3, 4, 5)
            for segment in (
                ("prep", 3, number, None, 1),
                ("hold", 20, number, None, 1),
                ("rest", 7, number, None, 1),  # more steps follow each included one
            )
        ],
        ("hold", 10, 6, None, 1),
    ]
    assert timeline.planned_seconds == 10 + 4 * 30 + 10


def test_includes_nest() -> None:
    inner = routine(Step("I", hold(10)), id="inner")
    middle = routine(Include("inner", rounds=3), id="middle")
    main = routine(Include("middle", rounds=2))
    timeline = build_timeline(main, {"inner": inner, "middle": middle}.get)
    assert [p.name for p in timeline.steps] == ["I"] * 6


def test_an_include_that_cannot_be_found_or_loops_cannot_be_expanded() -> None:
    with pytest.raises(IncludeError, match="'nowhere'"):
        build_timeline(routine(Include("nowhere")), lambda _id: None)
    a = routine(Include("b"), id="a")
    b = routine(Include("a"), id="b")
    with pytest.raises(IncludeError, match="a → b → a"):
        build_timeline(a, {"a": a, "b": b}.get)


def test_the_bundled_library_expands_and_the_15_minute_reset_plans_15_minutes() -> None:
    library = Library.load(ROUTINES, None)
    assert library.broken == []
    timelines = {rid: library.timeline(r) for rid, r in library.routines.items()}
    assert timelines["back-reset-15"].planned_seconds == 900
    for timeline in timelines.values():
        assert timeline.planned_seconds == sum(
            s.length for s in timeline.segments if s.kind != "manual"
        )


# ---- cues -----------------------------------------------------------------------------------


def test_each_boundary_sounds_the_cue_for_what_begins_and_complete_at_the_end() -> None:
    steps = (Step("A", hold(10), sides=("left", "right")), Step("B", hold(10)))
    timeline = build_timeline(routine(*steps, cues=CueSettings(countdown=0)))
    assert cues_of(timeline) == [
        (0, "prep"),
        (5, "start"),
        (15, "switch"),
        (20, "start"),
        (30, "rest"),
        (40, "prep"),
        (45, "start"),
        (55, "complete"),
    ]


def test_exactly_one_cue_sounds_at_each_boundary() -> None:
    steps = (
        Step("Set up", manual=True),
        Step("Lie down", manual=True),
        Step("A", hold(30), sides=("left", "right"), reps=2),
        Step("Breathe", hold(20), breathe=(4, 0, 6)),
        Step("Turn over", manual=True),
        Step("B", hold(25, 40)),
    )
    timeline = build_timeline(routine(*steps))
    schedule = cue_schedule(timeline)
    segments = timeline.segments
    # A boundary is where one segment ends and the next begins (a manual one takes no time, so
    # the boundaries either side of it fall at the same offset and are told apart by segment).
    for before, after in zip((None, *segments), (*segments, None), strict=True):
        at = [
            cue.cue
            for cue in schedule
            if (
                before
                and cue.segment == before.index
                and cue.offset == before.start + before.length
            )
            or (after and cue.segment == after.index and cue.offset == after.start)
        ]
        silent = (
            after is not None and after.kind == "manual" and (before is None or not before.is_timed)
        )
        assert len(at) == (0 if silent else 1), (before, after, at)


def test_a_hold_before_a_manual_step_ends_with_end_and_the_manual_step_is_silent() -> None:
    steps = (Step("A", hold(10)), Step("Turn over", manual=True), Step("B", hold(10)))
    defaults = Defaults(prep=0, rest=0, switch=0)
    timeline = build_timeline(routine(*steps, defaults=defaults, cues=CueSettings(countdown=0)))
    assert cues_of(timeline) == [(0, "start"), (10, "end"), (10, "start"), (20, "complete")]
    manual = timeline.segments[1]
    assert segment_cues(manual, 0.0, next_kind="hold") == []


def test_the_last_hold_ends_with_complete_and_nothing_else() -> None:
    timeline = build_timeline(routine(Step("A", hold(10)), cues=CueSettings(countdown=0)))
    assert cues_of(timeline)[-1] == (15, "complete")
    assert [cue for _, cue in cues_of(timeline)].count("complete") == 1


def only_hold(
    seconds: int, countdown: int = 3, halfway: bool = True, **step: object
) -> tuple[Segment, Timeline]:
    cues = CueSettings(countdown=countdown, halfway=halfway)
    timeline = build_timeline(
        routine(Step("A", hold(seconds), **step), defaults=Defaults(0, 0, 0), cues=cues)
    )
    return timeline.segments[0], timeline


def inside(segment: Segment, length: float | None = None) -> list[tuple[float, str]]:
    """The cues within a hold, without its start and its end."""
    cues = segment_cues(segment, segment.length if length is None else length)
    return [(c.offset, c.cue) for c in cues if c.cue in ("halfway", "tick")]


def test_a_hold_of_20_seconds_or_more_has_a_halfway_cue() -> None:
    assert inside(only_hold(19, countdown=0)[0]) == []
    assert inside(only_hold(20, countdown=0)[0]) == [(10, "halfway")]
    assert inside(only_hold(45, countdown=0)[0]) == [(22.5, "halfway")]


def test_halfway_can_be_turned_off_for_the_routine_or_one_step() -> None:
    assert inside(only_hold(40, countdown=0, halfway=False)[0]) == []
    off = StepCues(halfway=False)
    assert inside(only_hold(40, countdown=0, cues=off)[0]) == []
    on = StepCues(halfway=True)
    assert inside(only_hold(40, countdown=0, halfway=False, cues=on)[0]) == [(20, "halfway")]


def test_a_tick_sounds_on_each_of_the_last_n_seconds_of_a_hold() -> None:
    assert inside(only_hold(10, countdown=3)[0]) == [(7, "tick"), (8, "tick"), (9, "tick")]
    assert inside(only_hold(10, countdown=0)[0]) == []
    two = StepCues(countdown=2)
    assert inside(only_hold(10, countdown=5, cues=two)[0]) == [(8, "tick"), (9, "tick")]


def test_a_tick_never_sounds_at_the_holds_own_start() -> None:
    assert inside(only_hold(5, countdown=10)[0]) == [(t, "tick") for t in (1, 2, 3, 4)]
    assert inside(only_hold(1, countdown=3)[0]) == []
    starts = [c for c in segment_cues(only_hold(3, countdown=3)[0], 3.0) if c.offset == 0]
    assert [c.cue for c in starts] == ["start"]


def test_within_250_ms_the_boundary_cue_beats_a_tick() -> None:
    segment, _ = only_hold(3, countdown=3)
    # An extended or released hold asks again with its current length.
    assert inside(segment, 3.2) == [(pytest.approx(1.2), "tick"), (pytest.approx(2.2), "tick")]
    assert inside(segment, 3.3)[0] == (pytest.approx(0.3), "tick")


def test_within_250_ms_a_tick_beats_halfway() -> None:
    segment, _ = only_hold(20, countdown=10)
    cues = inside(segment)
    assert (10, "tick") in cues
    assert "halfway" not in [cue for _, cue in cues]
    assert "halfway" not in [cue for _, cue in inside(segment, 20.2)]  # 10.1 vs a tick at 10.2
    assert (pytest.approx(10.3), "halfway") in inside(segment, 20.6)  # 0.3 s from each tick


def test_cues_of_a_whole_routine_are_never_closer_than_250_ms() -> None:
    library = Library.load(ROUTINES, None)
    extra = routine(
        Step("A", hold(21), sides=("left", "right"), reps=2, cues=StepCues(countdown=10)),
        Step("B", hold(3), cues=StepCues(countdown=10)),
        Step("C", hold(20), breathe=(4, 0, 6)),
    )
    for timeline in [*map(library.timeline, library.routines.values()), build_timeline(extra)]:
        offsets = [cue.offset for cue in cue_schedule(timeline)]
        assert offsets == sorted(offsets)
        gaps = [b - a for a, b in pairwise(offsets) if b != a]
        assert all(gap >= 0.25 for gap in gaps), timeline.routine.id


def test_a_breathing_hold_sounds_inhale_and_exhale_instead_of_start_halfway_and_tick() -> None:
    segment, timeline = only_hold(20, countdown=3, breathe=(4, 0, 6))
    assert segment.breathe == (4, 0, 6)
    assert cues_of(timeline) == [
        (0, "inhale"),
        (4, "exhale"),
        (10, "inhale"),
        (14, "exhale"),
        (20, "complete"),
    ]


def test_a_breath_held_in_moves_the_exhale_after_the_pause() -> None:
    segment, _ = only_hold(38, countdown=3, breathe=(4, 7, 8))
    cues = [(c.offset, c.cue) for c in segment_cues(segment, segment.length)]
    assert cues == [(0, "inhale"), (11, "exhale"), (19, "inhale"), (30, "exhale")]


def test_a_breathing_step_still_has_its_prep_and_rest_cues() -> None:
    steps = (Step("Breathe", hold(10), breathe=(4, 0, 6)), Step("B", hold(10)))
    timeline = build_timeline(routine(*steps, cues=CueSettings(countdown=0)))
    assert cues_of(timeline)[:5] == [
        (0, "prep"),
        (5, "inhale"),
        (9, "exhale"),
        (15, "rest"),
        (25, "prep"),
    ]


def test_a_steps_start_and_length_read_the_same_in_every_listing() -> None:
    from tui.core.durations import Hold
    from tui.core.routine import Defaults, Routine, Step
    from tui.core.timeline import build_timeline

    routine = Routine(
        id="t",
        name="T",
        summary="s",
        areas=("neck",),
        defaults=Defaults(prep=5, rest=10, switch=5),
        steps=(
            Step("Tilt", hold=Hold(30, 30), sides=("left", "right")),
            Step("Reach for the ball", manual=True),
        ),
    )
    timeline = build_timeline(routine)
    first, second = timeline.steps
    assert (timeline.step_start(1), timeline.step_length_text(first)) == (
        0.0,
        "1:20",
    )  # prep, two holds, a switch, the rest after
    assert (timeline.step_start(2), timeline.step_length_text(second)) == (80.0, "your pace")

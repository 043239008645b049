"""Fit to time: a routine scaled to N minutes, ranges first, never a hold under 5 s, and every
change said in words before anything is saved or played."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.durations import Hold
from tui.core.fit import FitResult, fit_to_minutes, fit_to_seconds
from tui.core.flatten import flatten
from tui.core.library import Library
from tui.core.loader import parse_routine
from tui.core.routine import Defaults, Include, Routine, Step
from tui.core.timeline import build_timeline
from tui.core.writer import dumps

REPO = Path(__file__).resolve().parents[2]
BUNDLED = Library.load(REPO / "routines", None)
resolve = BUNDLED.get


def planned(routine: Routine) -> float:
    return build_timeline(routine, resolve).planned_seconds


def timed_steps(routine: Routine) -> list[tuple[int, Step]]:
    return [(n, s) for n, s in enumerate(routine.steps, 1) if isinstance(s, Step) and not s.manual]


def effective_rest(routine: Routine, step: Step) -> int:
    return routine.defaults.rest if step.rest is None else step.rest


TIMED_IDS = sorted(i for i, r in BUNDLED.routines.items() if planned(r) > 0)


def test_a_routine_of_manual_steps_only_cannot_be_fitted_and_says_why() -> None:
    result = fit_to_minutes(BUNDLED.routines["desk-check"], 5, resolve)
    assert not result.reached
    assert result.planned_after == 0
    assert any("no holds or rests" in line for line in result.changes)


def assert_loads(routine: Routine) -> None:
    loaded = parse_routine(dumps(routine).encode(), Path(f"/nowhere/{routine.id}.toml"))
    assert loaded.problems == []


def step_lines(result: FitResult) -> list[str]:
    return [line for line in result.changes if line.startswith("Step ")]


# ---- the length ------------------------------------------------------------------------------


@pytest.mark.parametrize("minutes", [3, 5, 10, 20, 45])
@pytest.mark.parametrize("routine_id", TIMED_IDS)
def test_a_fitted_routine_plans_exactly_n_minutes(routine_id: str, minutes: int) -> None:
    routine = BUNDLED.routines[routine_id]
    result = fit_to_minutes(routine, minutes, resolve)
    assert result.reached, result.changes
    assert result.planned_before == planned(routine)
    assert result.planned_after == minutes * 60 == planned(result.routine)
    assert_loads(result.routine)


def test_a_fraction_of_a_minute_is_whole_seconds() -> None:
    result = fit_to_minutes(BUNDLED.routines["desk-break"], 2.5, resolve)
    assert result.planned_after == 150 == result.target


def test_a_routine_already_that_long_is_left_alone() -> None:
    routine = BUNDLED.routines["back-reset-15"]
    result = fit_to_minutes(routine, 15, resolve)
    assert result.routine is routine
    assert result.changes == ["It already plans 15:00; nothing changed."]


@pytest.mark.parametrize("minutes", [0, -1, float("nan"), float("inf")])
def test_a_length_that_is_no_length_is_refused(minutes: float) -> None:
    with pytest.raises(ValueError):
        fit_to_minutes(BUNDLED.routines["desk-break"], minutes, resolve)


# ---- what changes, and how ----------------------------------------------------------------


def test_range_holds_are_shortened_inside_their_ranges_first() -> None:
    routine = BUNDLED.routines["tennis-ball-spine"]  # three 60-90 s holds, 5:05
    result = fit_to_minutes(routine, 4, resolve)
    assert result.planned_after == 240
    for (_, old), (_, new) in zip(timed_steps(routine), timed_steps(result.routine), strict=True):
        assert old.hold and new.hold and old.hold.is_range
        assert old.hold.low <= new.hold.low <= new.hold.high <= old.hold.high
        assert effective_rest(result.routine, new) == effective_rest(routine, old)
        assert new.prep == old.prep
    assert all("a narrower range" in line or "minimum" in line for line in step_lines(result))


def test_ranges_squeezed_to_their_minimum_become_fixed_holds() -> None:
    routine = BUNDLED.routines["tennis-ball-spine"]
    floor = fit_to_seconds(routine, 215, resolve)  # every range at 60 s, rests as they were
    assert floor.reached
    assert [s.hold for _, s in timed_steps(floor.routine)] == [Hold(60, 60)] * 3
    assert all("minimum, now a fixed hold" in line for line in step_lines(floor))


def test_past_the_ranges_holds_and_rests_shrink_in_proportion() -> None:
    routine = BUNDLED.routines["desk-break"]  # holds 30, 20, 20, 20; rests 5
    result = fit_to_minutes(routine, 1.5, resolve)
    assert result.planned_after == 90
    old = [s.hold.seconds for _, s in timed_steps(routine)]
    new = [s.hold.seconds for _, s in timed_steps(result.routine)]
    ratios = [n / o for n, o in zip(new, old, strict=True)]
    assert max(ratios) - min(ratios) < 0.1  # one proportion, up to whole-second rounding
    assert all(n < o for n, o in zip(new, old, strict=True))


def test_a_range_that_repeats_over_reps_still_lands_on_the_second() -> None:
    # The range counts twice (two reps): an odd change cannot come from the range alone.
    routine = BUNDLED.routines["trigger-point-pressure"]
    result = fit_to_seconds(routine, int(planned(routine)) - 59, resolve)
    assert result.reached


def test_never_a_hold_below_5_s_and_a_length_out_of_reach_says_so() -> None:
    routine = BUNDLED.routines["back-reset-15"]
    result = fit_to_minutes(routine, 1, resolve)
    assert not result.reached
    steps = timed_steps(result.routine)
    # A breathing hold (the reset's cool-down since issue 13) goes no shorter than one breath.
    assert all(s.hold and s.hold.seconds == (sum(s.breathe) if s.breathe else 5) for _, s in steps)
    assert not [s for s in build_timeline(result.routine).segments if s.kind == "rest"]
    assert result.planned_after == planned(result.routine) > 60
    assert "Could not reach 1:00" in result.changes[-1]
    assert "5 s" in result.changes[-1]


def test_lengthening_grows_holds_rests_and_ranges_in_proportion() -> None:
    routine = BUNDLED.routines["trigger-point-pressure"]  # a 30-90 s range, a 60 s hold
    result = fit_to_minutes(routine, 10, resolve)
    assert result.planned_after == 600
    (_, press), (_, circles) = timed_steps(result.routine)
    assert press.hold and press.hold.is_range and press.hold.high > 90 and press.hold.low > 30
    assert circles.hold and circles.hold.seconds > 60
    assert press.rest is not None and press.rest > 20


def test_everything_at_its_longest_gets_as_close_as_it_can() -> None:
    routine = BUNDLED.routines["tennis-ball-spine"]
    result = fit_to_minutes(routine, 300, resolve)
    assert not result.reached and result.target == 4 * 3600
    assert any("at most 4 hours" in line for line in result.changes)
    assert all(s.hold and s.hold.seconds == 3600 for _, s in timed_steps(result.routine))
    assert result.changes[-1].startswith("Could not reach 4:00:00")


def test_prep_switch_and_manual_steps_are_untouched() -> None:
    routine = BUNDLED.routines["upper-back-neck-stretches"]
    result = fit_to_minutes(routine, 2, resolve)
    for old, new in zip(routine.steps, result.routine.steps, strict=True):
        assert isinstance(old, Step) and isinstance(new, Step)
        assert (new.prep, new.switch, new.sides, new.reps) == (
            old.prep,
            old.switch,
            old.sides,
            old.reps,
        )
        if old.manual:
            assert new == old
    assert any("manual step" in line for line in result.changes)


def test_the_changes_name_each_step_changed_and_no_other() -> None:
    routine = BUNDLED.routines["upper-back-neck-stretches"]
    result = fit_to_minutes(routine, 5, resolve)
    changed = [
        (n, old.name)
        for n, (old, new) in enumerate(zip(routine.steps, result.routine.steps, strict=True), 1)
        if old != new and isinstance(old, Step)
    ]
    assert changed
    named = [re.match(r"Step (\d+) “(.+?)”: ", line) for line in step_lines(result)]
    assert [(int(m[1]), m[2]) for m in named if m] == changed
    assert result.changes[0] == "Planned length 3:35 → 5:00."  # with issue 13's neck side bend


def test_includes_are_flattened_first_and_the_changes_say_so() -> None:
    routine = BUNDLED.routines["back-reset-15"]
    result = fit_to_minutes(routine, 10, resolve)
    assert result.planned_after == 600
    assert not result.routine.includes
    assert any("includes were expanded into 15 plain steps" in line for line in result.changes)
    flat = flatten(routine, resolve)
    assert len(step_lines(result)) == sum(
        1 for old, new in zip(flat.steps, result.routine.steps, strict=True) if old != new
    )


def test_a_breathing_hold_moves_in_whole_breaths() -> None:
    routine = Routine(
        "breaths",
        "Breaths",
        "s",
        ("neck",),
        (Step("Breathe", Hold(60, 60), breathe=(4, 0, 6)), Step("Tilt", Hold(30, 30))),
        defaults=Defaults(prep=0, rest=10),
    )
    for seconds in (40, 61, 77, 200, 1000):
        result = fit_to_seconds(routine, seconds, resolve)
        breathe = result.routine.steps[0]
        assert isinstance(breathe, Step) and breathe.hold
        assert breathe.hold.seconds % 10 == 0
        assert result.reached
        assert_loads(result.routine)


# ---- any routine -----------------------------------------------------------------------------

PROPERTIES = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def steps(draw: st.DrawFn) -> Step:
    if draw(st.integers(0, 6)) == 0:
        return Step("Set up", manual=True)
    kind = draw(st.sampled_from(["fixed", "range", "breathe", "short"]))
    breathe = None
    if kind == "range":
        low = draw(st.integers(1, 120))
        hold = Hold(low, draw(st.integers(low + 1, 180)))
    elif kind == "breathe":
        breathe = (draw(st.integers(1, 6)), draw(st.integers(0, 4)), draw(st.integers(1, 8)))
        seconds = sum(breathe) * draw(st.integers(1, 6))
        hold = Hold(seconds, seconds)
    elif kind == "short":
        seconds = draw(st.integers(1, 6))
        hold = Hold(seconds, seconds)
    else:
        seconds = draw(st.integers(1, 240))
        hold = Hold(seconds, seconds)
    return Step(
        name=draw(st.sampled_from(["Tilt", "Roll", "Press"])),
        hold=hold,
        sides=draw(st.sampled_from([(), ("left",), ("left", "right")])),
        reps=draw(st.integers(1, 3)),
        rest=draw(st.none() | st.integers(0, 30)),
        prep=draw(st.none() | st.integers(0, 10)),
        switch=draw(st.none() | st.integers(0, 10)),
        breathe=breathe,
    )


@st.composite
def routines(draw: st.DrawFn) -> Routine:
    return Routine(
        id="any",
        name="Any",
        summary="s",
        areas=("neck",),
        steps=tuple(draw(st.lists(steps(), min_size=1, max_size=5))),
        defaults=Defaults(
            prep=draw(st.integers(0, 10)),
            rest=draw(st.integers(0, 20)),
            switch=draw(st.integers(0, 10)),
        ),
    )


def holds_of(routine: Routine) -> list[Hold | None]:
    return [s.hold if isinstance(s, Step) else None for s in routine.steps]


@PROPERTIES
@given(routine=routines(), seconds=st.integers(1, 3 * 3600))
def test_any_fit_is_a_valid_routine_that_moves_one_way_and_says_what_it_did(
    routine: Routine, seconds: int
) -> None:
    result = fit_to_seconds(routine, seconds, resolve)
    after = result.routine
    assert result.planned_after == planned(after)
    assert_loads(after)
    shorter = seconds < result.planned_before
    for old, new in zip(routine.steps, after.steps, strict=True):
        assert isinstance(old, Step) and isinstance(new, Step)
        if old.manual:
            assert new == old
            continue
        assert old.hold and new.hold
        assert new.hold.seconds >= min(5, old.hold.seconds)
        if shorter:
            assert new.hold.seconds <= old.hold.seconds
        else:
            assert new.hold.seconds >= old.hold.seconds
        if old.breathe:
            assert new.hold.seconds % sum(old.breathe) == 0
    if result.reached:
        assert result.planned_after == seconds
    elif seconds != result.planned_before:
        assert result.changes[-1].startswith("Could not reach")


@PROPERTIES
@given(routine=routines(), data=st.data())
def test_any_length_between_the_shortest_and_longest_fit_is_hit_to_the_second(
    routine: Routine, data: st.DataObject
) -> None:
    """With one hold that counts once (one side, one rep, no breathing), whole seconds can
    always land on the target, anywhere between the shortest and the longest fit."""
    # Long enough to bridge the coarsest repeat (a breath of up to 18 s, held on two sides over
    # three reps: 108 s) even when shrinking, where no hold may grow past its own length.
    single = Step("Once", Hold(120, 120))
    routine = Routine(**{**_fields(routine), "steps": (*routine.steps, single)})
    shortest = fit_to_seconds(routine, 1, resolve).planned_after
    longest = fit_to_seconds(routine, 3 * 3600, resolve).planned_after
    seconds = data.draw(st.integers(shortest, min(longest, 3 * 3600)), label="seconds")
    result = fit_to_seconds(routine, seconds, resolve)
    assert result.reached, result.changes


def _fields(routine: Routine) -> dict[str, object]:
    return {name: getattr(routine, name) for name in Routine.__dataclass_fields__}


def test_fitting_a_routine_that_includes_one_keeps_the_includes_defaults() -> None:
    inner = Routine(
        "inner",
        "Inner",
        "s",
        ("neck",),
        (Step("Tilt", Hold(30, 30)), Step("Roll", Hold(30, 30))),
        defaults=Defaults(rest=20),
    )
    host = Routine("host", "Host", "s", ("neck",), (Include("inner"), Step("End", Hold(10, 10))))
    result = fit_to_seconds(host, 200, {"inner": inner}.get)
    assert result.reached
    tilt = result.routine.steps[0]
    assert isinstance(tilt, Step) and tilt.rest is not None and tilt.rest > 20

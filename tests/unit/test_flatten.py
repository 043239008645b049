"""Flattening: includes expanded into plain steps that play exactly as the original does."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.durations import Hold
from tui.core.flatten import flatten, flatten_notes
from tui.core.library import Library
from tui.core.loader import parse_routine
from tui.core.routine import CueSettings, Defaults, Include, Routine, Step, StepCues
from tui.core.timeline import IncludeError, Segment, Timeline, build_timeline, cue_schedule
from tui.core.writer import dumps

REPO = Path(__file__).resolve().parents[2]
BUNDLED = Library.load(REPO / "routines", None)


def played(timeline: Timeline) -> list[tuple[object, ...]]:
    """What a person lives through: each segment's kind, length, side, rep and release point,
    and the step's cue settings; then every cue."""
    segments = [
        (s.kind, s.length, s.side, s.rep, s.minimum, s.breathe, s.played.name, *cue_settings(s))
        for s in timeline.segments
    ]
    cues = [(c.offset, c.cue, c.segment) for c in cue_schedule(timeline)]
    return [*segments, *cues]


def cue_settings(segment: Segment) -> tuple[int, bool, bool]:
    return (segment.played.countdown, segment.played.halfway, segment.played.voice)


def assert_plays_the_same(routine: Routine, resolve) -> Routine:
    flat = flatten(routine, resolve)
    assert not flat.includes
    before, after = build_timeline(routine, resolve), build_timeline(flat)
    assert played(after) == played(before)
    assert after.planned_seconds == before.planned_seconds
    return flat


@pytest.mark.parametrize("routine_id", sorted(BUNDLED.routines))
def test_every_bundled_routine_flattens_into_one_that_plays_the_same(routine_id: str) -> None:
    routine = BUNDLED.routines[routine_id]
    flat = assert_plays_the_same(routine, BUNDLED.get)
    loaded = parse_routine(dumps(flat).encode(), Path(f"/nowhere/{routine_id}.toml"))
    assert loaded.problems == []
    assert loaded.routine == flat


def test_the_15_minute_reset_still_plans_15_minutes_once_flattened() -> None:
    flat = flatten(BUNDLED.routines["back-reset-15"], BUNDLED.get)
    assert build_timeline(flat).planned_seconds == 900
    assert len(flat.steps) == 15


def test_a_routine_without_includes_comes_back_as_it_is() -> None:
    routine = BUNDLED.routines["desk-break"]
    assert flatten(routine, BUNDLED.get) is routine


def test_an_included_step_carries_the_defaults_and_cues_of_its_own_routine() -> None:
    inner = Routine(
        id="inner",
        name="Inner",
        summary="s",
        areas=("neck",),
        steps=(Step("Tilt", Hold(30, 30), sides=("left", "right")),),
        defaults=Defaults(prep=2, rest=7, switch=9),
        cues=CueSettings(countdown=5, halfway=False),
    )
    host = Routine(
        id="host",
        name="Host",
        summary="s",
        areas=("neck",),
        steps=(Step("Own", Hold(20, 20)), Include("inner", rounds=2)),
    )
    flat = assert_plays_the_same(host, {"inner": inner}.get)
    own, first, second = flat.steps
    assert own == host.steps[0]
    expected = Step(
        "Tilt",
        Hold(30, 30),
        sides=("left", "right"),
        prep=2,
        rest=7,
        switch=9,
        cues=StepCues(countdown=5, halfway=False),
    )
    assert first == second == expected


def test_a_value_the_host_gives_anyway_is_not_written_out() -> None:
    inner = Routine("inner", "Inner", "s", ("neck",), (Step("Tilt", Hold(30, 30), prep=8),))
    host = Routine("host", "Host", "s", ("neck",), (Include("inner"),))
    (step,) = flatten(host, {"inner": inner}.get).steps
    assert step == Step("Tilt", Hold(30, 30), prep=8)  # its own prep stays; nothing else added


def test_an_unknown_include_cannot_be_flattened() -> None:
    host = Routine("host", "Host", "s", ("neck",), (Include("nowhere"),))
    with pytest.raises(IncludeError):
        flatten(host, lambda _id: None)


def test_sounds_and_volume_an_included_routine_loses_are_named() -> None:
    inner = Routine(
        "inner",
        "Inner",
        "s",
        ("neck",),
        (Step("Tilt", Hold(30, 30)),),
        cues=CueSettings(volume=0.5, sounds=(("start", "gong.wav"),)),
    )
    host = Routine("host", "Host", "s", ("neck",), (Include("inner"),))
    notes = flatten_notes(host, {"inner": inner}.get)
    assert len(notes) == 2
    assert all("'inner'" in note for note in notes)
    assert flatten_notes(BUNDLED.routines["back-reset-15"], BUNDLED.get) == []


# ---- any routine with includes --------------------------------------------------------------

PROPERTIES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
small = st.integers(0, 12)


@st.composite
def holds(draw: st.DrawFn) -> tuple[Hold, tuple[int, int, int] | None]:
    kind = draw(st.sampled_from(["fixed", "range", "breathe"]))
    if kind == "range":
        low = draw(st.integers(1, 60))
        return Hold(low, draw(st.integers(low + 1, 90))), None
    if kind == "breathe":
        breathe = (draw(st.integers(1, 5)), draw(st.integers(0, 3)), draw(st.integers(1, 5)))
        seconds = sum(breathe) * draw(st.integers(1, 4))
        return Hold(seconds, seconds), breathe
    seconds = draw(st.integers(1, 90))
    return Hold(seconds, seconds), None


@st.composite
def steps(draw: st.DrawFn) -> Step:
    if draw(st.integers(0, 5)) == 0:
        return Step(draw(st.sampled_from(["Set up", "Lie down"])), manual=True)
    hold, breathe = draw(holds())
    return Step(
        name=draw(st.sampled_from(["Tilt", "Roll", "Press", "Twist"])),
        hold=hold,
        sides=draw(st.sampled_from([(), ("left",), ("left", "right"), ("right", "left")])),
        reps=draw(st.integers(1, 3)),
        rest=draw(st.none() | small),
        prep=draw(st.none() | small),
        switch=draw(st.none() | small),
        cues=StepCues(
            countdown=draw(st.none() | st.integers(0, 10)),
            halfway=draw(st.none() | st.booleans()),
            voice=draw(st.none() | st.booleans()),
        ),
        breathe=breathe,
    )


def routine(draw: st.DrawFn, routine_id: str, entries: list[Step | Include]) -> Routine:
    return Routine(
        id=routine_id,
        name=routine_id.title(),
        summary="s",
        areas=("neck",),
        steps=tuple(entries),
        defaults=Defaults(prep=draw(small), rest=draw(small), switch=draw(small)),
        cues=CueSettings(
            countdown=draw(st.integers(0, 10)),
            halfway=draw(st.booleans()),
            voice=draw(st.booleans()),
        ),
    )


@st.composite
def libraries(draw: st.DrawFn) -> tuple[Routine, dict[str, Routine]]:
    """A host routine and the routines it includes: two leaves and one that includes a leaf,
    so includes nest; each with its own defaults and cues."""
    found: dict[str, Routine] = {}
    for name in ("leaf-a", "leaf-b"):
        found[name] = routine(draw, name, draw(st.lists(steps(), min_size=1, max_size=3)))
    middle = draw(st.lists(steps(), max_size=2))
    middle.insert(draw(st.integers(0, len(middle))), Include("leaf-a", draw(st.integers(1, 2))))
    found["middle"] = routine(draw, "middle", middle)
    includes = st.builds(Include, st.sampled_from(sorted(found)), st.integers(1, 2))
    entries = draw(st.lists(steps() | includes, min_size=1, max_size=5))
    return routine(draw, "host", entries), found


@PROPERTIES
@given(libraries())
def test_any_routine_with_includes_flattens_into_one_that_plays_the_same(
    made: tuple[Routine, dict[str, Routine]],
) -> None:
    host, found = made
    flat = assert_plays_the_same(host, found.get)
    loaded = parse_routine(dumps(flat).encode(), Path("/nowhere/host.toml"))
    assert loaded.problems == []
    assert build_timeline(loaded.routine).planned_seconds == build_timeline(flat).planned_seconds

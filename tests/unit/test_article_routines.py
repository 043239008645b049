"""The bundled routines for the rest of the article: heat, cold, contrast, a warm soak, slow
breathing and the desk check, each with the lengths and cautions the article's advice calls for."""

from __future__ import annotations

import pytest

from tui.core.library import Library
from tui.core.paths import bundled_routines
from tui.core.routine import Routine, Step
from tui.core.timeline import Timeline

MINUTE = 60


@pytest.fixture(scope="module")
def library() -> Library:
    library = Library.load(bundled_routines(), None)
    assert not library.broken
    return library


def routine_and_timeline(library: Library, routine_id: str) -> tuple[Routine, Timeline]:
    routine = library.routines[routine_id]
    return routine, library.timeline(routine)


def holds(timeline: Timeline) -> list[Step]:
    return [s.played.step for s in timeline.segments if s.kind == "hold"]


def said(text: str) -> str:
    return " ".join(text.lower().split())


def test_heat_is_15_to_20_minutes_and_warns_about_fresh_injuries_and_sleep(
    library: Library,
) -> None:
    routine, timeline = routine_and_timeline(library, "heat-chronic-tension")
    [step] = holds(timeline)
    assert step.hold is not None and (step.hold.low, step.hold.high) == (15 * MINUTE, 20 * MINUTE)
    caution = said(routine.caution)
    assert "fresh injury" in caution
    assert "never sleep on a heating pad" in caution


def test_cold_is_10_to_15_minutes_with_a_cloth_between_ice_and_skin(library: Library) -> None:
    routine, timeline = routine_and_timeline(library, "cold-acute-flare")
    [step] = holds(timeline)
    assert step.hold is not None and (step.hold.low, step.hold.high) == (10 * MINUTE, 15 * MINUTE)
    assert "cloth" in routine.equipment
    assert "never put ice straight on bare skin" in said(routine.caution)


def test_contrast_alternates_heat_and_cold_and_carries_both_cautions(library: Library) -> None:
    routine, timeline = routine_and_timeline(library, "contrast-heat-cold")
    names = [step.name.split(",")[0] for step in holds(timeline)]
    assert names == ["Heat", "Cold"] * 3
    caution = said(routine.caution)
    assert "fresh injury" in caution and "never sleep on a heating pad" in caution
    assert "cloth" in caution and "never bare ice" in caution


def test_the_warm_soak_is_20_minutes(library: Library) -> None:
    routine, timeline = routine_and_timeline(library, "warm-soak")
    [step] = holds(timeline)
    assert step.hold is not None and step.hold.seconds == 20 * MINUTE
    assert "fresh injury" in said(routine.caution)


def test_the_desk_check_walks_the_workspace_at_your_own_pace_with_reasons(
    library: Library,
) -> None:
    _, timeline = routine_and_timeline(library, "desk-check")
    steps = [played.step for played in timeline.steps]
    assert all(step.manual for step in steps) and timeline.planned_seconds == 0
    text = said(" ".join(f"{step.name} {step.instructions}" for step in steps))
    for advice in ("eye level", "elbow height", "curve", "feet", "standing", "30 to 45 minutes"):
        assert advice in text, advice
    assert all("why:" in said(step.instructions) for step in steps)


def test_every_new_routine_says_when_to_see_a_professional(library: Library) -> None:
    for routine_id in (
        "breathe-tension-out",
        "heat-chronic-tension",
        "cold-acute-flare",
        "contrast-heat-cold",
        "warm-soak",
        "desk-check",
    ):
        caution = said(library.routines[routine_id].caution)
        assert "two weeks" in caution and "health professional" in caution, routine_id

"""The bundled library of issue 2: each routine a person can follow without the article, with
its cautions, and the 15-minute reset made of the others."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tui.core.library import Library
from tui.core.routine import Include, Routine, Step

ROUTINES = Path(__file__).resolve().parents[2] / "routines"

# id → words that must name its steps (lower case), and whether a step of it is held per side
LIBRARY = {
    "foam-roll-upper-back": (("roll",), False),
    "tennis-ball-spine": (("shoulder blades",), False),
    "trigger-point-pressure": (("knot",), False),
    "upper-back-neck-stretches": (("doorway", "thread the needle"), True),
    "lower-back-decompression": (("child's pose", "cat-cow", "knee to chest"), True),
    "yoga-flow": (("downward", "pigeon", "sphinx"), True),
    "desk-break": ((), True),
    "back-reset-15": ((), False),
}
MIN_INSTRUCTION_WORDS = 20  # a real instruction: what to do, where, and how it should feel


@pytest.fixture(scope="module")
def library() -> Library:
    loaded = Library.load(ROUTINES, None)
    assert loaded.broken == []
    return loaded


def own_steps(routine: Routine) -> list[Step]:
    return [s for s in routine.steps if not isinstance(s, Include)]


@pytest.mark.parametrize("routine_id", sorted(LIBRARY))
def test_each_routine_of_the_library_carries_both_cautions(
    library: Library, routine_id: str
) -> None:
    caution = " ".join(library.routines[routine_id].caution.lower().split())
    assert "numbness" in caution and "tingling" in caution
    assert re.search(r"beyond two weeks of self-care.*professional", caution)


@pytest.mark.parametrize("routine_id", sorted(LIBRARY))
def test_each_step_of_the_library_has_instructions_a_person_can_follow(
    library: Library, routine_id: str
) -> None:
    routine = library.routines[routine_id]
    words, per_side = LIBRARY[routine_id]
    names = " ".join(s.name.lower() for s in own_steps(routine))
    for word in words:
        assert word in names, f"{routine_id} has no step about {word!r}"
    for step in own_steps(routine):
        # The set-up (how to get into position) and the hold's cue together are the instruction.
        words_given = f"{step.setup} {step.instructions}".split()
        assert len(words_given) >= MIN_INSTRUCTION_WORDS, step.name
    if per_side:
        assert any(s.sides == ("left", "right") for s in own_steps(routine))


def test_the_tennis_balls_go_two_in_a_sock(library: Library) -> None:
    routine = library.routines["tennis-ball-spine"]
    assert set(routine.equipment) == {"tennis-ball", "sock"}
    assert "two tennis balls into a sock" in routine.steps[0].instructions


def test_the_desk_break_takes_two_to_three_minutes(library: Library) -> None:
    timeline = library.timeline(library.routines["desk-break"])
    assert 120 <= timeline.planned_seconds <= 180
    assert timeline.manual_steps == 0


def test_the_15_minute_reset_includes_the_foam_rolling_and_plans_exactly_15_minutes(
    library: Library,
) -> None:
    # Issue 13: the reset flows standing → hands and knees → lying, so it can no longer be four
    # whole routines in a row; the foam rolling (all lying) is still included whole.
    reset = library.routines["back-reset-15"]
    included = [s.include for s in reset.steps if isinstance(s, Include)]
    assert included == ["foam-roll-upper-back"]
    assert library.timeline(reset).planned_seconds == 900

"""The player's "next:" line says when the position changes ("next: onto hands and knees")."""

from __future__ import annotations

from fakes import FakeClock

from tui.app.widgets.instructions import next_text
from tui.core.durations import Hold
from tui.core.player import Player
from tui.core.routine import Routine, Step
from tui.core.timeline import build_timeline


def test_the_next_line_names_the_move_to_another_position() -> None:
    routine = Routine(
        id="moves",
        name="Moves",
        summary="Standing, then on the mat.",
        areas=("lower-back",),
        steps=(
            Step("Doorway stretch", hold=Hold(20, 20), position="standing"),
            Step("Cat-cow", hold=Hold(20, 20), position="hands-and-knees"),
            Step("Child's pose", hold=Hold(20, 20), position="hands-and-knees"),
        ),
    )
    segments = Player(build_timeline(routine), clock=FakeClock()).segments
    first_hold, cat_cow_prep = segments[1], segments[2]
    assert cat_cow_prep.played.step.name == "Cat-cow"
    assert next_text(cat_cow_prep, first_hold).startswith("next: onto hands and knees · ")
    later = next(s for s in segments if s.played.step.name == "Child's pose")
    assert "onto" not in next_text(later, cat_cow_prep)
    assert next_text(cat_cow_prep) == next_text(cat_cow_prep, None)

"""Which of a step's words the player shows when: the set-up while getting into position, the
short hold cue once the person has settled (issue 13). Read from live segments, no screen."""

from __future__ import annotations

from tui.app.widgets.instructions import SETUP_SECONDS, step_words
from tui.core.durations import Hold
from tui.core.player import Player
from tui.core.player_records import LiveSegment
from tui.core.routine import Routine, Step
from tui.core.timeline import build_timeline

SETUP = "Kneel on the mat, then slide one arm under your body."
CUE = "Breathe into your upper back."


def segments(*steps: Step) -> dict[str, LiveSegment]:
    routine = Routine("r", "R", "s", ("upper-back",), steps)
    player = Player(build_timeline(routine), clock=lambda: 0.0)
    found: dict[str, LiveSegment] = {}
    for live in player.segments:
        found.setdefault(live.kind, live)
    return found


def test_the_set_up_shows_while_getting_ready_and_settling_then_the_cue_alone() -> None:
    step = Step("Thread", Hold(30, 30), CUE, sides=("left", "right"), setup=SETUP)
    live = segments(step)
    assert step_words(live["prep"], 1.0) == SETUP
    assert step_words(live["switch"], 1.0) == SETUP
    assert step_words(live["hold"], 0.0) == SETUP
    assert step_words(live["hold"], SETUP_SECONDS - 0.5) == SETUP
    assert step_words(live["hold"], SETUP_SECONDS) == CUE
    assert step_words(live["hold"], 29.0) == CUE


def test_a_manual_step_shows_its_set_up_then_how_it_goes_on() -> None:
    live = segments(
        Step("Onto the mat", manual=True, instructions="Go on when ready.", setup=SETUP)
    )
    assert step_words(live["manual"], 0.0) == f"{SETUP} Go on when ready."


def test_a_step_without_a_set_up_shows_its_instructions_throughout() -> None:
    live = segments(Step("Tilt", Hold(20, 20), CUE, rest=5), Step("Next", Hold(5, 5)))
    assert [step_words(live[k], 1.0) for k in ("prep", "hold", "rest")] == [CUE] * 3

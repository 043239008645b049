"""The steps a composed routine is made of besides those it borrows: the moves between positions,
the start with the things to hand, the get-up, unknot's own calm close; and what is given up, in
turn, when the steps chosen cannot be fitted to the minutes. Used by tui/core/compose.py.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from tui.core.compose_pick import MIN_REST
from tui.core.durations import Hold
from tui.core.positions import MOVE_WORDS, POSITION_RANK
from tui.core.routine import Step

StepKind = Literal["area", "calm", "start", "move", "get-up"]


@dataclass(frozen=True, slots=True)
class ComposedStep:
    """One step of the composed routine: where it came from (None: written by the composer),
    the level of its routine, why it is there, and for which area."""

    step: Step
    source: str | None
    level: str
    kind: StepKind
    area: str | None = None


def own_calm(position: str) -> Step:
    """unknot's own calm close, for a library without a calm step where the person is."""
    return Step(
        name="Settle and breathe",
        hold=Hold(60, 60),
        instructions="Breathe in for four and out for six; let your jaw and shoulders go soft.",
        setup="Stay where you are, settle your weight and let your eyes close if you like.",
        breathe=(4, 0, 6),
        position=position,
        prep=5,
        rest=MIN_REST,
        switch=5,
    )


_MOVE_SETUP = {
    "standing": "Come up slowly, through hands and knees if you are on the floor; stand tall.",
    "wall": "Stand with your back a short step from a wall, feet hip-width apart.",
    "seated": "Sit on a chair or on the floor with your back tall and your shoulders loose.",
    "hands-and-knees": "Kneel on the mat: hands under your shoulders, knees under your hips.",
    "lying": "Lower yourself onto your back on the mat, knees bent, feet flat.",
}


def _move(position: str) -> Step:
    words = MOVE_WORDS[position]
    return Step(
        name=words[0].upper() + words[1:],
        manual=True,
        instructions=_MOVE_SETUP[position] + " Go on when you are there.",
        position=position,
    )


def with_moves(body: list[ComposedStep], equipment: tuple[str, ...]) -> list[ComposedStep]:
    """A manual step at each change of position, one to start with the things to hand, and one
    to get up at the end when the last step is on the floor."""
    steps: list[ComposedStep] = []
    first = body[0].step.position or "seated"
    if equipment:
        things = ", ".join(word.replace("-", " ") for word in equipment)
        start = Step(
            name="Getting ready",
            manual=True,
            instructions=f"Have these to hand: {things}. Go on when you are ready.",
            position=first,
        )
        steps.append(ComposedStep(start, None, "gentle", "start"))
    where: str | None = first
    for item in body:
        position = item.step.position
        if position is not None and where is not None and position != where:
            steps.append(ComposedStep(_move(position), None, "gentle", "move"))
        where = position or where
        steps.append(item)
    if where is not None and POSITION_RANK.get(where, 0) >= POSITION_RANK["hands-and-knees"]:
        getup = Step(
            name="Getting up",
            manual=True,
            instructions="Roll onto your side, push up to hands and knees, then come up slowly.",
            position="standing",
        )
        steps.append(ComposedStep(getup, None, "gentle", "get-up"))
    return steps


# What is given up, in turn, when the steps chosen cannot be fitted (too many for the minutes):
# second rounds, then long pauses, then the steps chosen only to fill the time.
SIMPLER = ("as chosen", "one rep each", "short pauses", "covering steps only")


# A library's calm step may be too coarse to fit (breaths of 8 s, held on both sides) when it is
# last, where no rest follows it; then it stays as a step and unknot's own slow breaths close.
ATTEMPTS = tuple((level, False) for level in range(len(SIMPLER))) + tuple(
    (level, True) for level in range(len(SIMPLER))
)


def own_close(body: list[ComposedStep], ratings: Mapping[str, int]) -> list[ComposedStep]:
    """`body` with its library calm step kept as a step, and unknot's own calm close after it."""
    calm = body[-1]
    if calm.source is None:
        return body
    worked = [a for a in calm.step.areas if ratings.get(a, 0) > 0]
    area = max(worked, key=lambda a: ratings[a]) if worked else None
    kept = dataclasses.replace(calm, kind="area", area=area)
    close = ComposedStep(own_calm(calm.step.position or "seated"), None, "gentle", "calm")
    return [*body[:-1], kept, close]


def simplified(body: list[ComposedStep], level: int, cover: set[str]) -> list[ComposedStep]:
    def key(item: ComposedStep) -> str:
        return " ".join(item.step.name.casefold().split())

    kept = [item for item in body if level < 3 or item.kind != "area" or key(item) in cover]
    if level == 0:
        return kept
    simpler: list[ComposedStep] = []
    for item in kept:
        step = dataclasses.replace(item.step, reps=1)
        if level >= 2:
            step = dataclasses.replace(
                step, prep=min(step.prep or 0, 3), switch=min(step.switch or 0, 3)
            )
        simpler.append(dataclasses.replace(item, step=step))
    return simpler

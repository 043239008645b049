"""The tighter an area, the larger its share: the last word on a composed routine's time.

The choice (tui/core/compose_pick.py) gives time in whole steps, and every area rated 5 or more
gets one; steps differ in length, so at a few minutes a looser area's one step can outlast a
tighter area's. After the fit, time moves from the looser area's steps to the tighter one's by
the builder's fit rules (tui/core/fit.py shift_steps: holds and rests only, never a hold under
5 s, get-ready and switch pauses as written), the total kept within 5 s of the minutes by the
calm close. Where even that cannot make it hold (the looser area's step is all pauses and 5 s
holds), the reasons say so: `outweighed` names, for each area, the looser ones that still have
more time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from tui.core.fit import shift_steps
from tui.core.routine import Routine
from tui.core.timeline import build_timeline

ROUNDS = 12  # moves at most; two areas take one or two, a crowded check-in a few more


class Placed(Protocol):
    """What balancing needs of a composed step (compose_steps.ComposedStep)."""

    @property
    def area(self) -> str | None: ...

    @property
    def kind(self) -> str: ...


def area_seconds(routine: Routine, steps: Sequence[Placed]) -> dict[str, float]:
    """Each area's planned time: its steps' get-ready, holds, switches and rests."""
    seconds: dict[str, float] = {}
    for segment in build_timeline(routine).segments:
        area = steps[segment.step_number - 1].area
        if area is not None:
            seconds[area] = seconds.get(area, 0.0) + segment.length
    return seconds


def outweighed(seconds: Mapping[str, float], ratings: Mapping[str, int]) -> dict[str, list[str]]:
    """For each area with time, the areas rated lower that have more (rounded as the reasons
    round): what breaks the rule. Equal ratings are free; an area given no time is left to the
    reasons' other words (no step works it, or it is worked in another's)."""
    rounded = {area: round(value) for area, value in seconds.items() if round(value) > 0}
    found: dict[str, list[str]] = {}
    for area, mine in rounded.items():
        for other, theirs in rounded.items():
            if ratings.get(area, 0) > ratings.get(other, 0) and theirs > mine:
                found.setdefault(area, []).append(other)
    return found


def _planned(routine: Routine) -> int:
    return int(build_timeline(routine).planned_seconds)


def balance(
    routine: Routine,
    steps: Sequence[Placed],
    ratings: Mapping[str, int],
    target: int,
    tolerance: int,
) -> Routine:
    """`routine` (fitted to `target`) with time moved from looser areas to tighter ones until no
    area rated higher has less time than one rated lower, or as near as the fit rules allow;
    the planned length stays within `tolerance` of `target` (else `routine` comes back as it
    was)."""
    calm = [i for i, s in enumerate(steps) if s.kind == "calm"]
    current = routine
    for _ in range(ROUNDS):
        seconds = area_seconds(current, steps)
        worst: tuple[float, str, str] | None = None
        for tight, loose in (
            (a, b) for a, found in outweighed(seconds, ratings).items() for b in found
        ):
            gap = seconds[loose] - seconds[tight]
            if worst is None or gap > worst[0]:
                worst = (gap, tight, loose)
        if worst is None:
            break
        gap, tight, loose = worst
        donor = [i for i, s in enumerate(steps) if s.area == loose]
        taker = [i for i, s in enumerate(steps) if s.area == tight]
        shrunk = shift_steps(current, donor, -(int(gap) // 2 + 1))
        freed = seconds[loose] - area_seconds(shrunk, steps).get(loose, 0.0)
        # Give the tighter area what was freed, or enough to reach the looser one's new time
        # when its steps could not give half the gap; the calm close then evens the total.
        want = max(freed, seconds[loose] - freed - seconds[tight] + 1)
        grown = shift_steps(shrunk, taker, round(want))
        if grown == current:
            break
        current = grown
        drift = _planned(current) - target
        if drift:
            current = shift_steps(current, calm, -drift)
    if abs(_planned(current) - target) > tolerance:
        return routine
    return current

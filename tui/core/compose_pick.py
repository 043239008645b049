"""Which steps a composed routine takes: the candidates a library offers, and the choice.

Kept apart from the assembly (tui/core/compose.py) because this half is about the library's steps
and the person's ratings, and is the part that must stay fast: a library of 1,000 files offers
some 5,000 steps, each looked at a few dozen times.

What a step must be to be a candidate, and why:
- timed (a manual step of another routine sets up *that* routine: the composer writes its own);
- a hold of 5 s to 5 min at its longest: a shorter one is no stretch, and a longer one (a heating
  pad, a soak, an ice pack) is a session of its own, not a part of someone's ten minutes;
- somewhere on the ladder of tui/core/positions.py. A step in bed or in water is left out: a
  bed routine is for bedtime and a soak needs a bath, and neither fits between floor stretches.
  A step with no position takes the one of the nearest step before it in its routine (or after
  it); a routine with no positions at all gives no candidates, since its steps cannot be ordered;
- not from a routine that needs a heating pad, an ice pack or a bath (a treatment, timed as one).
"""

from __future__ import annotations

import dataclasses
import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tui.core.durations import Hold
from tui.core.positions import POSITION_RANK
from tui.core.routine import DEFAULT_COUNTDOWN, Routine, Step, StepCues

MIN_HOLD = 5  # never a hold under 5 s
MAX_HOLD = 300  # longer holds are sessions of their own (heat, cold, a soak)
MAX_PAUSE = 10  # a composed step's get-ready and switch pauses are at most this
MIN_REST = 5  # a rest between composed steps: the fit's give, and a breath between two stretches
LOOSER_SHARE = 0.9  # of a tighter area's time, the most a looser one gets once that one runs out
MAX_REPS = 2  # time goes to more areas rather than to a third round of one step
GENTLE_ONLY_FROM = 8  # an area rated this or more gets only gentle steps
COVER_FROM = 5  # every area rated this or more gets at least one step
CALM_WORDS = ("breath", "child's pose", "resting", "rest pose", "savasana")
# A routine that needs one of these is a treatment with its own timing (heat for 15–20 minutes,
# ice for 10–15, a 20-minute soak), not stretches to borrow from; the advice speaks of them.
TREATMENT_EQUIPMENT = frozenset({"heating-pad", "ice-pack", "bathtub"})
# The names of the steps the composer writes itself: a library step of one of these names is
# left out, so no name comes twice.
OWN_NAMES = frozenset(
    {
        "getting ready",
        "getting up",
        "settle and breathe",
        "up to standing",
        "to the wall",
        "to sitting",
        "onto hands and knees",
        "down to lying",
    }
)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One step a library offers, as a composed routine would write it (settings made explicit,
    so it plays the same away from its routine), with what the choice needs to know."""

    step: Step
    source: Routine
    areas: frozenset[str]
    level: str
    rank: int
    key: str  # the step's name, case and spacing folded: no step twice
    calm: bool
    seconds: int  # its planned length in the composed routine, with its rest after it
    order: int  # its place in the library (routines by id, steps as written)
    equipment: tuple[str, ...] = ()  # what of its routine's equipment this step seems to use


def is_calm(step: Step) -> bool:
    """A breathing step or a resting pose: what a composed routine ends on."""
    name = step.name.casefold()
    return step.breathe is not None or any(word in name for word in CALM_WORDS)


def candidates(routines: Iterable[Routine]) -> list[Candidate]:
    """Every step of `routines` a composed routine may take, in a stable order."""
    found: list[Candidate] = []
    for routine in sorted(routines, key=lambda r: r.id):
        if TREATMENT_EQUIPMENT.intersection(routine.equipment):
            continue
        steps = [entry for entry in routine.steps if isinstance(entry, Step)]
        positions = _positions(steps)
        for step, position in zip(steps, positions, strict=True):
            if step.manual or step.hold is None or position not in POSITION_RANK:
                continue
            if not MIN_HOLD <= step.hold.high <= MAX_HOLD:
                continue
            key = " ".join(step.name.casefold().split())
            if key in OWN_NAMES:
                continue
            written = _as_composed(step, routine, position)
            areas = frozenset(written.areas)
            if not areas:
                continue
            found.append(
                Candidate(
                    step=written,
                    source=routine,
                    areas=areas,
                    level=routine.level,
                    rank=POSITION_RANK[position],
                    key=key,
                    calm=is_calm(step),
                    seconds=step_seconds(written),
                    order=len(found),
                    equipment=step_equipment(written, routine.equipment),
                )
            )
    return found


FLOOR = ("hands-and-knees", "lying")


def step_equipment(step: Step, equipment: tuple[str, ...]) -> tuple[str, ...]:
    """The words of its routine's equipment a step seems to use: a routine names its equipment as
    a whole, so a step counts a word its own text mentions ("the roller", "a chair"), and a mat
    for the floor. Borrowing one stretch must not send the person to fetch a foam roller."""
    text = " ".join((step.name, step.setup, step.instructions)).casefold()
    used = []
    for word in equipment:
        parts = word.split("-")
        if any(part in text for part in parts if len(part) > 2) or (
            word == "mat" and step.position in FLOOR
        ):
            used.append(word)
    return tuple(used)


def _positions(steps: list[Step]) -> list[str | None]:
    """Each step's position, or the nearest one before it (else after it) in its routine."""
    known: list[str | None] = []
    last: str | None = None
    for step in steps:
        last = step.position or last
        known.append(last)
    following: str | None = None
    for index in range(len(steps) - 1, -1, -1):
        following = steps[index].position or following
        if known[index] is None:
            known[index] = following
    return known


def _as_composed(step: Step, routine: Routine, position: str) -> Step:
    """`step` with its routine's defaults and cues written out, its pauses and reps capped, its
    hold at least 5 s, and its position and areas explicit."""
    hold = step.hold
    assert hold is not None
    if hold.low < MIN_HOLD:
        hold = Hold(MIN_HOLD, hold.high)
    defaults, cues = routine.defaults, routine.cues
    countdown = step.cues.countdown if step.cues.countdown is not None else cues.countdown
    halfway = step.cues.halfway if step.cues.halfway is not None else cues.halfway
    voice = step.cues.voice if step.cues.voice is not None else cues.voice
    return dataclasses.replace(
        step,
        hold=hold,
        reps=min(step.reps, MAX_REPS),
        prep=min(defaults.prep if step.prep is None else step.prep, MAX_PAUSE),
        switch=min(defaults.switch if step.switch is None else step.switch, MAX_PAUSE),
        rest=max(defaults.rest if step.rest is None else step.rest, MIN_REST),
        position=position,
        areas=step.areas or routine.areas,
        cues=StepCues(
            countdown=None if countdown == DEFAULT_COUNTDOWN else countdown,
            halfway=None if halfway else False,
            voice=True if voice else None,
        ),
    )


def step_seconds(step: Step, last: bool = False) -> int:
    """The planned length of a step whose prep, rest and switch are its own (as the composer
    writes them): the timeline's rules, counted without building one."""
    if step.manual or step.hold is None:
        return 0
    sides = max(len(step.sides), 1)
    rest = step.rest or 0
    one_rep = sides * step.hold.high + (sides - 1) * (step.switch or 0)
    total = (step.prep or 0) + step.reps * one_rep + (step.reps - 1) * rest
    return total if last else total + rest


# ---- the choice -----------------------------------------------------------------------------


def allowed(candidate: Candidate, ratings: Mapping[str, int]) -> bool:
    """An area rated 8 or more gets only gentle steps: a step that works it must be gentle."""
    if candidate.level == "gentle":
        return True
    return all(ratings.get(area, 0) < GENTLE_ONLY_FROM for area in candidate.areas)


@dataclass(slots=True)
class Choice:
    """The steps chosen so far, each with the area it was chosen for."""

    picked: list[tuple[Candidate, str]]
    used: set[str]
    seconds: dict[str, int]
    covering: int = 0  # the first picks, one for each area rated 5 or more

    @property
    def total(self) -> int:
        return sum(candidate.seconds for candidate, _ in self.picked)

    def covers(self, area: str) -> bool:
        return any(area in candidate.areas for candidate, _ in self.picked)


def choose(
    pool: list[Candidate], ratings: Mapping[str, int], budget: int, rng: random.Random
) -> Choice:
    """Steps for the rated areas within about `budget` seconds: first one for each area rated 5
    or more (tightest first), then more for whichever area is furthest below its share of the
    time, a share as large as its rating; a looser area never outgrows a tighter one that has
    run out of steps (the fit stretches the rest). A candidate's score prefers steps for that
    area alone, in a position already chosen (fewer moves), that fit the time left; the seeded
    jitter makes the variety, the same for the same seed."""
    jitter = [rng.random() for _ in pool]
    by_area: dict[str, list[Candidate]] = {}
    for candidate in pool:
        if candidate.calm or not allowed(candidate, ratings):
            continue
        for area in candidate.areas:
            by_area.setdefault(area, []).append(candidate)
    rated = sorted((a for a, r in ratings.items() if r > 0), key=lambda a: (-ratings[a], a))
    choice = Choice([], set(), {area: 0 for area in rated})

    def tighter(area: str) -> float:
        """The least time an area rated higher than `area` has so far (one with none yet, still
        to be covered or with no step that may work it, does not count)."""
        return min(
            (
                seconds
                for other, seconds in choice.seconds.items()
                if ratings[other] > ratings[area] and seconds > 0
            ),
            default=math.inf,
        )

    def pick(area: str, room: int) -> Candidate | None:
        positions = {candidate.rank for candidate, _ in choice.picked}
        best: tuple[float, int] | None = None
        found: Candidate | None = None
        had, bound = choice.seconds.get(area, 0), tighter(area)
        for candidate in by_area.get(area, ()):
            if candidate.key in choice.used:
                continue
            score = 1.0 / len(candidate.areas) + jitter[candidate.order]
            score += 0.4 if candidate.rank in positions else 0.0
            score -= 1.0 if candidate.seconds > room else 0.0
            uncovered = sum(
                1
                for other in candidate.areas
                if other != area
                and ratings.get(other, 0) >= COVER_FROM
                and not choice.covers(other)
            )
            score += 0.3 * uncovered
            # the tighter an area, the larger its share: a step that would give this area more
            # time than a tighter one has comes last
            score -= 2.0 if had + candidate.seconds > bound else 0.0
            if best is None or (score, -candidate.order) > best:
                best, found = (score, -candidate.order), candidate
        return found

    def take(candidate: Candidate, area: str) -> None:
        choice.picked.append((candidate, area))
        choice.used.add(candidate.key)
        choice.seconds[area] = choice.seconds.get(area, 0) + candidate.seconds

    for area in rated:  # every area rated 5 or more gets a step, tightest first
        if ratings[area] >= COVER_FROM and not choice.covers(area):
            first = pick(area, budget - choice.total)
            if first is not None:
                take(first, area)
    choice.covering = len(choice.picked)
    stuck: set[str] = set()  # areas with no more steps to give (or none that fit the time left)

    def ceiling(area: str) -> float:
        """The most time `area` may have once a tighter area has no more steps to give: a little
        less than that one has (the tighter an area, the larger its share; the fit then
        stretches what is chosen to the minutes, pauses not quite in proportion). A tighter area
        given no time at all (no step may work it) sets no ceiling: the reasons say so."""
        return min(
            (
                choice.seconds[other] * LOOSER_SHARE
                for other in stuck
                if ratings[other] > ratings[area] and choice.seconds[other] > 0
            ),
            default=math.inf,
        )

    weight = sum(ratings[a] for a in rated)
    while choice.total < budget and weight:
        room = budget - choice.total
        open_areas = [a for a in rated if a not in stuck]
        if not open_areas:
            break
        area = max(
            open_areas,
            key=lambda a: (budget * ratings[a] / weight - choice.seconds[a], -rated.index(a)),
        )
        more = pick(area, room)
        if more is None or more.seconds - room > room:  # none, or it overshoots more than it fills
            stuck.add(area)
            continue
        if choice.seconds[area] + more.seconds > ceiling(area):
            stuck.add(area)
            continue
        take(more, area)
    return choice


def shortest(pool: list[Candidate], ratings: Mapping[str, int]) -> list[tuple[Candidate, str]]:
    """When the choice found nothing that fits the minutes as written and the library has no
    calm step: the shortest step for the tightest area it may work, for the fit to shorten
    (else a library whose only step is long would be told it has none)."""
    rated = sorted((a for a, r in ratings.items() if r > 0), key=lambda a: (-ratings[a], a))
    for area in rated:
        usable = [c for c in pool if area in c.areas and not c.calm and allowed(c, ratings)]
        if usable:
            return [(min(usable, key=lambda c: (c.seconds, c.order)), area)]
    return []


def calm_ending(
    pool: list[Candidate],
    ratings: Mapping[str, int],
    used: set[str],
    lowest: int,
    rng: random.Random,
) -> Candidate | None:
    """A calm step that does not take the person back up (its rank at or below `lowest`), the
    same position as the last step preferred; None when the library has none."""
    options = [
        c for c in pool if c.calm and c.key not in used and c.rank >= lowest and allowed(c, ratings)
    ]
    if not options:
        return None
    jitter = {c.order: rng.random() for c in options}
    return max(options, key=lambda c: (c.rank == lowest, jitter[c.order], -c.order))

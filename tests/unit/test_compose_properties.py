"""The composer's promises, over random libraries, ratings and minutes (hypothesis).

Every composed routine reads back through the loader as written; it plans within 5 s of the
minutes; no step comes twice; once down, the positions never go back up (but for the final
get-up); every area rated 5 or more has a step (unless no step the library offers may work it, or
each that may has the name of a step already chosen: no step twice, and the reason says so);
and no step firmer than gentle works an area rated 8 or more. A library with no step at all for
the rated areas is refused with a ComposeError, never a crash.
"""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.compose import CheckIn, ComposeError, compose
from tui.core.compose_pick import GENTLE_ONLY_FROM, allowed, candidates
from tui.core.durations import Hold
from tui.core.loader import parse_routine
from tui.core.positions import POSITION_RANK
from tui.core.routine import AREAS, LEVELS, POSITIONS, Defaults, Routine, Step
from tui.core.writer import dumps


def usable(library: list[Routine], area: str, rated: dict[str, int]) -> bool:
    """Whether the library offers a step the composer may give `area` (not its calm close)."""
    return any(area in c.areas and allowed(c, rated) and not c.calm for c in candidates(library))


PROPERTIES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = ("Cat-cow", "Child's pose", "Twist", "Neck side bend", "Slow breaths", "Roll", "Reach")


@st.composite
def steps(draw: st.DrawFn) -> Step:
    manual = draw(st.integers(0, 4)) == 0
    name = draw(st.sampled_from(NAMES)) + draw(st.sampled_from(("", " 2", " deep")))
    position = draw(st.none() | st.sampled_from(POSITIONS))
    areas = tuple(draw(st.lists(st.sampled_from(AREAS), max_size=3, unique=True)))
    if manual:
        return Step(name=name, manual=True, position=position, areas=areas)
    breathe = None
    if draw(st.integers(0, 5)) == 0:
        breathe = (draw(st.integers(1, 8)), draw(st.integers(0, 4)), draw(st.integers(1, 10)))
        hold = Hold(*(2 * [sum(breathe) * draw(st.integers(1, 12))]))
    else:
        low = draw(st.integers(1, 400))
        high = draw(st.integers(low, low + 60) if draw(st.booleans()) else st.just(low))
        hold = Hold(low, high)
    return Step(
        name=name,
        hold=hold,
        sides=draw(st.sampled_from(((), ("left", "right"), ("right",)))),
        reps=draw(st.integers(1, 4)),
        rest=draw(st.none() | st.integers(0, 40)),
        prep=draw(st.none() | st.integers(0, 30)),
        switch=draw(st.none() | st.integers(0, 30)),
        breathe=breathe,
        position=position,
        areas=areas,
    )


@st.composite
def routines(draw: st.DrawFn, number: int) -> Routine:
    return Routine(
        id=f"r{number}",
        name=f"Routine {number}",
        summary="Random.",
        areas=tuple(draw(st.lists(st.sampled_from(AREAS), min_size=1, max_size=4, unique=True))),
        steps=tuple(draw(st.lists(steps(), min_size=1, max_size=6))),
        level=draw(st.sampled_from(LEVELS)),
        caution=draw(st.sampled_from(("", "Go gently.", "Never into pain."))),
        defaults=Defaults(
            prep=draw(st.integers(0, 20)),
            rest=draw(st.integers(0, 30)),
            switch=draw(st.integers(0, 20)),
        ),
    )


@st.composite
def libraries(draw: st.DrawFn) -> list[Routine]:
    count = draw(st.integers(1, 6))
    return [draw(routines(number)) for number in range(count)]


ratings = st.dictionaries(
    st.sampled_from(AREAS), st.integers(0, 10), min_size=1, max_size=5
).filter(lambda r: any(v > 0 for v in r.values()))


@PROPERTIES
@given(
    library=libraries(),
    rated=ratings,
    minutes=st.integers(5, 60),
    day=st.integers(0, 400),
    variant=st.integers(0, 3),
)
def test_every_composed_routine_keeps_the_promises(
    library: list[Routine], rated: dict[str, int], minutes: int, day: int, variant: int
) -> None:
    checkin = CheckIn.of(rated, minutes, date(2026, 1, 1) + timedelta(days=day), variant)
    pool = candidates(library)
    try:
        composed = compose(library, checkin)
    except ComposeError as exc:
        # Refused only when the library offers no step at all for the areas rated.
        assert "no step" in str(exc), exc
        usable = [
            c for c in pool if allowed(c, rated) and any(rated.get(a, 0) > 0 for a in c.areas)
        ]
        assert not usable
        return
    routine = composed.routine

    loaded = parse_routine(dumps(routine).encode("utf-8"), Path(f"{routine.id}.toml"))
    assert loaded.ok, loaded.problems
    assert loaded.routine == routine

    assert abs(composed.planned - minutes * 60) <= 5

    names = [" ".join(s.step.name.casefold().split()) for s in composed.steps]
    assert len(names) == len(set(names)), names

    placed = list(composed.steps)
    if placed[-1].kind == "get-up":
        placed = placed[:-1]
    ranks = [POSITION_RANK[s.step.position or ""] for s in placed]
    assert ranks == sorted(ranks), [s.step.position for s in placed]
    last_timed = [s for s in composed.steps if not s.step.manual][-1]
    assert last_timed.kind == "calm"

    for step in routine.steps:
        assert isinstance(step, Step)
        if step.hold is not None:
            assert step.hold.low >= 5 or step.hold.high == step.hold.low >= 5

    worked = {area for s in composed.steps if s.kind in ("area", "calm") for area in s.step.areas}
    for area, rating in rated.items():
        if rating >= 5 and area not in worked:
            # none may work it, or (no step twice) each has the name of a step already chosen,
            # and the reason says which
            chosen = {" ".join(s.step.name.casefold().split()) for s in composed.steps}
            usable = [c for c in pool if area in c.areas and allowed(c, rated) and not c.calm]
            assert all(c.key in chosen for c in usable)
            reason = next(r for r in composed.reasons if r.area == area)
            assert reason.missing and reason.named_twice == bool(usable)

    for item in composed.steps:
        if any(rated.get(area, 0) >= GENTLE_ONLY_FROM for area in item.step.areas):
            assert item.level == "gentle", (item.step.name, item.level)


@PROPERTIES
@given(library=libraries(), rated=ratings, minutes=st.integers(5, 30))
def test_the_same_check_in_on_the_same_day_gives_the_same_routine(
    library: list[Routine], rated: dict[str, int], minutes: int
) -> None:
    checkin = CheckIn.of(rated, minutes, date(2026, 12, 4))
    try:
        first = compose(library, checkin)
    except ComposeError:
        return
    assert compose(list(reversed(library)), checkin).routine == first.routine


@PROPERTIES
@given(
    library=libraries(),
    rated=ratings,
    minutes=st.integers(5, 60),
    day=st.integers(0, 400),
)
def test_an_area_rated_higher_never_gets_less_time_unless_the_reasons_say_why(
    library: list[Routine], rated: dict[str, int], minutes: int, day: int
) -> None:
    """The tighter an area, the larger its share: an area rated strictly higher never has less
    time than one rated lower (equal ratings are free). The honest exceptions, each in the
    reasons: no step may work the tighter area (`missing`), its time is in another area's step
    (`also`), or the looser area's steps are longer than the tighter one's share even held 5 s
    (`outweighed_by`)."""
    checkin = CheckIn.of(rated, minutes, date(2026, 1, 1) + timedelta(days=day))
    try:
        composed = compose(library, checkin)
    except ComposeError:
        return
    by_area = {reason.area: reason for reason in composed.reasons}
    for tight, loose in itertools.permutations(by_area.values(), 2):
        if tight.rating <= loose.rating or tight.seconds >= loose.seconds:
            continue
        if tight.seconds == 0:
            assert tight.missing or tight.also or not usable(library, tight.area, rated), (
                tight,
                loose,
            )
            continue
        assert loose.area in tight.outweighed_by, (tight, loose)
        assert "a little more" in tight.text(minutes)

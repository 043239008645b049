"""Today's routine from the bundled library: the composer's rules on real steps."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import pytest

from tui.core.compose import CheckIn, ComposeError, compose
from tui.core.library import Library
from tui.core.loader import parse_routine
from tui.core.paths import bundled_routines
from tui.core.positions import POSITION_RANK, position_change
from tui.core.routine import AREAS, Step
from tui.core.writer import dumps

DAY = date(2026, 12, 4)


@pytest.fixture(scope="module")
def library() -> Library:
    return Library.load(bundled_routines(), None)


def composed(library: Library, ratings: dict[str, int], minutes: float = 10, variant: int = 0):
    return compose(library.routines.values(), CheckIn.of(ratings, minutes, DAY, variant))


def test_the_brief_example_plays_ten_minutes_and_says_why(library: Library) -> None:
    result = composed(library, {"lower-back": 7, "neck": 4})
    assert abs(result.planned - 600) <= 5
    lower, neck = result.reasons
    assert lower.area == "lower-back" and lower.seconds > neck.seconds > 0
    assert lower.text(10).startswith("lower back 7/10: ")
    assert lower.text(10).endswith(" of 10 minutes")
    loaded = parse_routine(dumps(result.routine).encode(), Path("today.toml"))
    assert loaded.ok, loaded.problems
    assert loaded.routine == result.routine


@pytest.mark.parametrize(
    ("tighter", "looser", "minutes"),
    [
        (("neck", 7), ("lower-back", 4), 30),
        (("neck", 8), ("lower-back", 5), 15),
        (("chest", 9), ("mid-back", 5), 30),
        (("glutes", 10), ("chest", 3), 30),
        (("mid-back", 9), ("lower-back", 6), 20),
        (("glutes", 8), ("mid-back", 6), 120),
    ],
)
def test_a_tighter_area_that_runs_out_of_steps_keeps_the_larger_share(
    library: Library, tighter: tuple[str, int], looser: tuple[str, int], minutes: int
) -> None:
    """The bundled library has few steps for some areas (and fewer gentle ones): once the
    tighter area has no more to give, the looser one must not fill the rest of the minutes
    (neck 7/10 once had 4 of 30 minutes, lower back 4/10 the other 24)."""
    result = composed(library, dict([tighter, looser]), minutes)
    seconds = {reason.area: reason.seconds for reason in result.reasons}
    assert abs(result.planned - minutes * 60) <= 5
    assert seconds[tighter[0]] >= seconds[looser[0]] > 0 or seconds[looser[0]] == 0


def test_the_same_check_in_gives_the_same_routine_and_a_variant_another(library: Library) -> None:
    first = composed(library, {"lower-back": 7, "neck": 4})
    again = composed(library, {"lower-back": 7, "neck": 4})
    other = composed(library, {"lower-back": 7, "neck": 4}, variant=1)
    assert first.routine == again.routine
    assert other.routine != first.routine


def test_positions_go_down_once_with_a_manual_step_at_each_change(library: Library) -> None:
    result = composed(library, {"lower-back": 6, "neck": 6, "upper-back": 5}, minutes=20)
    steps = [s.step for s in result.steps]
    timed = [s for s in steps if not s.manual]
    ranks = [POSITION_RANK[s.position or ""] for s in timed]
    assert ranks == sorted(ranks)
    for before, after in itertools.pairwise(steps):
        if before.position != after.position:
            assert after.manual, (before.name, after.name)
    assert result.steps[-1].kind in ("calm", "get-up")
    calm = [s for s in result.steps if s.kind == "calm"]
    assert len(calm) == 1 and not calm[0].step.manual


def test_a_flare_gets_gentle_steps_and_the_cold_advice(library: Library) -> None:
    result = composed(library, {"lower-back": 9, "hips": 3})
    for item in result.steps:
        if "lower-back" in item.step.areas:
            assert item.level == "gentle", item.step.name
    advice = " ".join(result.advice)
    assert "cold helps more than heat" in advice
    assert result.reasons[0].gentle_only


def test_no_step_twice_and_cautions_of_every_source(library: Library) -> None:
    result = composed(library, {a: 7 for a in ("neck", "lower-back", "mid-back")}, minutes=30)
    names = [s.step.name.casefold() for s in result.steps]
    assert len(names) == len(set(names))
    sources = {s.source for s in result.steps if s.source}
    assert {c.routine_id for c in result.cautions} <= sources
    for source in sources:
        caution = library.routines[source].caution
        assert not caution or any(" ".join(caution.split()) == c.text for c in result.cautions)


def test_treatments_in_bed_and_in_water_are_not_borrowed(library: Library) -> None:
    result = composed(library, {a: 6 for a in ("neck", "lower-back", "glutes")}, minutes=30)
    assert all(s.step.position not in ("in-bed", "in-water") for s in result.steps)
    assert not {s.source for s in result.steps} & {"heat-chronic-tension", "warm-soak"}


def test_a_check_in_is_checked() -> None:
    with pytest.raises(ComposeError):
        CheckIn.of({"elbow": 5}, 10, DAY)
    with pytest.raises(ComposeError):
        CheckIn.of({"neck": 11}, 10, DAY)
    with pytest.raises(ComposeError):
        CheckIn.of({"neck": 0}, 10, DAY)
    with pytest.raises(ComposeError):
        CheckIn.of({"neck": 5}, 2, DAY)


def test_position_change_words() -> None:
    assert position_change("standing", "hands-and-knees") == "onto hands and knees"
    assert position_change("lying", "lying") is None
    assert position_change(None, "lying") is None


def test_steps_are_steps(library: Library) -> None:
    result = composed(library, {"upper-back": 5})
    assert all(isinstance(s, Step) for s in result.routine.steps)


def test_an_unrated_area_is_composed_as_if_5_and_kept_out_of_the_ratings(
    library: Library,
) -> None:
    checkin = CheckIn.of({"lower-back": 7}, 10, DAY, unrated=["shoulders"])
    assert checkin.ratings == (("lower-back", 7),)
    assert checkin.rating == {"lower-back": 7, "shoulders": 5}
    result = compose(library.routines.values(), checkin)
    shoulders = next(r for r in result.reasons if r.area == "shoulders")
    assert not shoulders.rated
    assert shoulders.text(10).startswith("shoulders, not rated: ")
    assert any("shoulders" in s.step.areas for s in result.steps if s.kind == "area")
    data = result.as_json()
    assert data["ratings"] == {"lower-back": 7} and data["unrated"] == ["shoulders"]
    assert next(r for r in data["reasons"] if r["area"] == "shoulders")["rating"] is None
    assert "shoulders not rated" in result.routine.description
    assert compose(library.routines.values(), checkin).routine == result.routine
    with pytest.raises(ComposeError):
        CheckIn.of({"neck": 5}, 10, DAY, unrated=["neck"])


@pytest.mark.parametrize("minutes", [5, 10, 15, 20, 30])
def test_every_pair_of_areas_gives_the_tighter_one_at_least_the_looser_ones_time(
    library: Library, minutes: int
) -> None:
    """Issue 15 point 3 on the bundled library: for every pair of areas, rated 7 and 4, 8 and 5,
    6 and 5, the tighter one never has less time (at 5 minutes, one whole step each once gave
    the looser area more in 23 of 157 check-ins). The one exception the library forces: no
    gentle step works the hips, so hips rated 8 gets none, and its reason says so."""
    broken = []
    for tight, loose in itertools.permutations(AREAS, 2):
        for high, low in ((7, 4), (8, 5), (6, 5)):
            result = composed(library, {tight: high, loose: low}, minutes)
            assert abs(result.planned - minutes * 60) <= 5
            reasons = {reason.area: reason for reason in result.reasons}
            if reasons[tight].missing:
                assert "no gentle step in your library works it" in reasons[tight].text(minutes)
                continue
            if reasons[tight].seconds < reasons[loose].seconds:
                broken.append((tight, high, loose, low, reasons[tight].text(minutes)))
    assert not broken

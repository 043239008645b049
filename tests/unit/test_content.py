"""The bundled routines read as content (issue 13): what a person lying on the floor can follow.

Each check here is one a reader made by hand: a hold cue short enough to take in at a glance,
cautions that say when to see a health professional, names that fit the sidebar, a reset that
goes down to the floor once, and the routines people look for. The library is read as it ships.
"""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from tui.core.library import Library
from tui.core.paths import bundled_routines
from tui.core.routine import AREAS, POSITIONS, Routine, Step
from tui.core.timeline import PlayedStep, Timeline

LIBRARY = Library.load(bundled_routines(), None)
IDS = sorted(LIBRARY.routines)
MAX_CUE_WORDS = 25
MAX_NAME_CHARS = 22  # what the player's sidebar shows of a name
HIDDEN = "cannot see the screen"
# Poses in which the face is to the mat (or the body in the water or in bed): the screen is out
# of sight, so their set-up says so and the routine speaks the step names.
FACE_DOWN = {"Child's pose", "Thread the needle", "Downward-facing dog", "Pigeon pose"}


def said(text: str) -> str:
    return " ".join(text.lower().split())


def timeline(routine_id: str) -> Timeline:
    return LIBRARY.timeline(LIBRARY.routines[routine_id])


def played(routine_id: str) -> list[PlayedStep]:
    return list(timeline(routine_id).steps)


def steps(routine_id: str) -> list[Step]:
    return [p.step for p in played(routine_id)]


def test_the_library_loads_with_the_six_routines_people_look_for() -> None:
    assert LIBRARY.broken == []
    for routine_id in (
        "neck-release",
        "back-reset-5",
        "bed-wind-down",
        "desk-break-no-equipment",
        "standing-release",
        "ball-glutes-lower-back",
    ):
        assert routine_id in LIBRARY.routines, routine_id


# ---- every step ------------------------------------------------------------------------------


@pytest.mark.parametrize("routine_id", IDS)
def test_every_hold_cue_can_be_read_at_a_glance(routine_id: str) -> None:
    for step in steps(routine_id):
        if not step.manual:
            words = len(step.instructions.split())
            assert 0 < words <= MAX_CUE_WORDS, (step.name, words)


@pytest.mark.parametrize("routine_id", IDS)
def test_every_step_says_how_to_get_into_it_where_the_body_is_and_what_it_works(
    routine_id: str,
) -> None:
    for item in played(routine_id):
        step = item.step
        assert step.setup.strip(), step.name
        assert step.position in POSITIONS, step.name
        assert step.areas and set(step.areas) <= set(AREAS), step.name
        assert set(step.areas) <= set(item.source.areas), step.name


@pytest.mark.parametrize("routine_id", IDS)
def test_step_names_fit_the_sidebar_and_none_comes_twice(routine_id: str) -> None:
    names = [step.name for step in steps(routine_id)]
    assert all(len(name) <= MAX_NAME_CHARS for name in names), names
    assert len(set(names)) == len(names), names


# The other spellings of a pose name that the library once mixed, and must not any more.
VARIANTS = (
    "knee-to-chest",
    "thread-the-needle",
    "downward dog",
    "downward-dog",
    "childs pose",
    "cat cow",
    "figure four",
    "figure 4",
)


def test_each_pose_name_is_spelt_one_way() -> None:
    """The same pose carries the same name wherever it appears, in names and in the text."""
    by_key: dict[str, set[str]] = {}
    for routine_id in IDS:
        for step in steps(routine_id):
            key = re.sub(r"[^a-z0-9]", "", step.name.lower())
            by_key.setdefault(key, set()).add(step.name)
    assert {key: names for key, names in by_key.items() if len(names) > 1} == {}
    for routine_id in IDS:
        raw = (bundled_routines() / f"{routine_id}.toml").read_text(encoding="utf-8")
        # A step's `figure = "knee-to-chest"` is an identifier, not words a person reads.
        text = said(re.sub(r'(?m)^figure = "[a-z0-9-]+"$', "", raw))
        assert [v for v in VARIANTS if v in text] == [], routine_id


# ---- cautions --------------------------------------------------------------------------------


@pytest.mark.parametrize("routine_id", IDS)
def test_every_caution_says_when_to_see_a_health_professional(routine_id: str) -> None:
    caution = said(LIBRARY.routines[routine_id].caution)
    assert re.search(
        r"numbness or tingling,.{0,40} stop and have it checked by a health professional", caution
    ), caution
    assert re.search(
        r"pain lasts beyond two weeks of self-care, or limits your daily life, "
        r"see a health professional",
        caution,
    ), caution


def test_heat_is_laid_on_never_lain_on_and_stops_at_damaged_skin() -> None:
    for routine_id in ("heat-chronic-tension", "contrast-heat-cold"):
        caution = said(LIBRARY.routines[routine_id].caution)
        assert "never lie or lean on" in caution, routine_id
        assert "never sleep on a heating pad or with one switched on" in caution, routine_id
        assert "blotchy, blisters or hurts" in caution, routine_id
        assert "turns red" not in caution, routine_id  # a little pinkness is warmth, not harm
        for step in steps(routine_id):
            assert "lean back onto" not in said(step.setup + step.instructions), step.name


def test_cold_never_goes_on_bare_skin() -> None:
    for routine_id in ("cold-acute-flare", "contrast-heat-cold"):
        caution = said(LIBRARY.routines[routine_id].caution)
        assert "never put ice straight on bare skin" in caution or "never bare ice" in caution


def test_the_soak_keeps_the_computer_away_and_needs_no_key_with_wet_hands() -> None:
    routine = LIBRARY.routines["warm-soak"]
    assert "keep the computer away from the water" in said(routine.caution)
    soak = steps("warm-soak")
    in_water = [n for n, step in enumerate(soak) if step.position == "in-water"]
    assert in_water, "the soak has a step in the water"
    # Every step from the first one in the water on runs by its timer: no key press needed.
    assert not any(step.manual for step in soak[in_water[0] :])
    text = said(routine.description + " ".join(s.setup for s in soak))
    assert "epsom salt (magnesium sulfate)" in text
    assert "magnesium bath salt" not in text


def test_the_bed_wind_down_warns_against_a_heating_pad_in_bed() -> None:
    caution = said(LIBRARY.routines["bed-wind-down"].caution)
    assert "never sleep on a heating pad" in caution
    assert all(step.position == "in-bed" for step in steps("bed-wind-down"))


# ---- a screen out of sight -------------------------------------------------------------------


@pytest.mark.parametrize("routine_id", IDS)
def test_a_routine_that_hides_the_screen_says_so_and_speaks_its_step_names(
    routine_id: str,
) -> None:
    routine: Routine = LIBRARY.routines[routine_id]
    setups = said(" ".join(s.setup for s in steps(routine_id)))
    for step in steps(routine_id):
        if step.name in FACE_DOWN:  # said at the pose itself: its set-up is read just before
            assert HIDDEN in said(step.setup), (routine_id, step.name)
        if step.position in ("in-water", "in-bed"):  # said once, before the routine lies down
            assert HIDDEN in setups, (routine_id, step.name)
        if HIDDEN in said(step.setup) or step.name in FACE_DOWN:
            assert routine.cues.voice, routine_id


# Where the hands cannot reach the keyboard or the eyes the screen: on the back, facing the mat on
# hands and knees, in bed, in the water.
OUT_OF_REACH = {"hands-and-knees", "lying", "in-bed", "in-water"}


@pytest.mark.parametrize("routine_id", IDS)
def test_a_manual_step_takes_its_key_before_the_body_goes_out_of_reach_of_the_screen(
    routine_id: str,
) -> None:
    """A manual step waits for a key. One that ends on the back or facing the mat asks for the key
    first and leaves the move itself to the get-ready that follows (issue 13: "go on when you are
    lying on the roller" asked for a key nobody lying there could press)."""
    segments = list(timeline(routine_id).segments)
    for here, after in zip(segments, [*segments[1:], None], strict=True):
        step = here.played.step
        if here.kind != "manual" or step.position not in OUT_OF_REACH:
            continue
        cue = said(step.instructions)
        assert "go on when you are" not in cue, (routine_id, step.name)
        assert "during the get-ready" in cue, (routine_id, step.name)
        # ... and there is one: a countdown to get down in, not straight into a hold.
        assert after is not None and after.kind == "prep" and after.length >= 5, step.name


# ---- the resets ------------------------------------------------------------------------------


def test_the_resets_plan_exactly_the_length_they_promise() -> None:
    assert timeline("back-reset-15").planned_seconds == 15 * 60
    assert timeline("back-reset-5").planned_seconds == 5 * 60


@pytest.mark.parametrize("routine_id", ["back-reset-15", "back-reset-5"])
def test_a_reset_goes_down_once_with_a_manual_step_at_every_change_of_position(
    routine_id: str,
) -> None:
    order = ["standing", "seated", "wall", "hands-and-knees", "lying"]
    reset = steps(routine_id)
    ranks = [order.index(step.position or "") for step in reset]
    assert ranks == sorted(ranks), [step.position for step in reset]  # down, never back up
    for before, after in pairwise(reset):
        if before.position != after.position:
            assert after.manual, f"no pause to move from {before.name} to {after.name}"


@pytest.mark.parametrize("routine_id", ["back-reset-15", "back-reset-5"])
def test_a_reset_warms_up_first_and_ends_with_a_breathing_cool_down(routine_id: str) -> None:
    names = [step.name for step in steps(routine_id)]
    timed = [step for step in steps(routine_id) if not step.manual]
    assert timed[-1].breathe is not None
    if "Slow roll" in names:  # release work comes after the warm-up
        assert names.index("Cat-cow") < names.index("Slow roll")


def test_the_15_minute_reset_ends_its_backbend_with_a_counter_pose_and_warns_for_the_knee() -> None:
    reset = steps("back-reset-15")
    names = [step.name for step in reset]
    sphinx = names.index("Sphinx pose")
    assert names[sphinx + 1] == "Knee to chest"  # it rounds the back the arch bent
    assert names.index("Doorway stretch") < names.index("Cat-cow")  # standing work first
    caution = said(LIBRARY.routines["back-reset-15"].caution)
    assert "knee" in caution and "figure-four" in caution
    pigeon = next(step for step in reset if step.name == "Pigeon pose")
    assert "figure-four on your back" in said(pigeon.instructions)


def test_the_yoga_flow_ends_its_backbend_with_child_s_pose() -> None:
    names = [step.name for step in steps("yoga-flow")]
    assert names[names.index("Sphinx pose") + 1] == "Child's pose"
    assert "knee" in said(LIBRARY.routines["yoga-flow"].caution)


def test_the_upper_back_and_neck_stretches_stretch_the_neck() -> None:
    assert any("neck" in step.areas for step in steps("upper-back-neck-stretches"))


def test_the_neck_routine_has_the_side_bend_the_chin_tucks_and_the_doorway() -> None:
    names = {step.name for step in steps("neck-release")}
    assert {"Neck side bend", "Chin tucks", "Doorway stretch"} <= names


def test_ball_work_stays_off_the_spine() -> None:
    for routine_id in ("ball-glutes-lower-back", "standing-release", "tennis-ball-spine"):
        assert "never on the spine itself" in said(LIBRARY.routines[routine_id].caution)


# ---- equipment, as the filters read it -------------------------------------------------------


def test_the_equipment_lists_are_honest_for_the_filters() -> None:
    none_needed = {rid for rid, r in LIBRARY.routines.items() if not r.equipment}
    assert "desk-break-no-equipment" in none_needed
    assert all(step.position in ("standing", "seated") for step in steps("desk-break-no-equipment"))
    standing = LIBRARY.routines["standing-release"]
    assert {"wall", "doorway"} <= set(standing.equipment)
    assert "mat" not in standing.equipment
    assert all(step.position in ("standing", "wall") for step in steps("standing-release"))
    assert "massage-ball" in LIBRARY.routines["ball-glutes-lower-back"].equipment
    assert "bed" in LIBRARY.routines["bed-wind-down"].equipment
    assert "doorway" in LIBRARY.routines["neck-release"].equipment


# ---- British spelling ------------------------------------------------------------------------

AMERICAN = re.compile(
    r"\b(center|color|favor|behavior|mobiliz\w*|realiz\w*|minimiz\w*|organiz\w*|"
    r"recogniz\w*|prioritiz\w*|relaxes? the fibers|fibers?|neighbor\w*|"
    r"meters?|centimeters?|gray|program)\b"
)


@pytest.mark.parametrize("routine_id", IDS)
def test_routines_are_written_in_british_spelling(routine_id: str) -> None:
    routine = LIBRARY.routines[routine_id]
    own = [s for s in routine.steps if isinstance(s, Step)]
    text = " ".join(
        [routine.name, routine.summary, routine.description, routine.caution]
        + [f"{s.name} {s.setup} {s.instructions}" for s in own]
    )
    assert AMERICAN.findall(text.lower()) == []

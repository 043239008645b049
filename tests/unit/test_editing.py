"""The builder's core: drafts edited field by field, checked by the loader with key paths,
undo, ids from names, comment detection and saving that never loses or breaks a file."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import tomlkit
import tomlkit.items
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.core.draft import Draft, draft_text, free_id, id_from_name, starter_draft, thaw
from tui.core.draft_check import check_draft, problems_at
from tui.core.draft_fields import text_from_value, value_from_text
from tui.core.library import Library
from tui.core.loader import read_routine_file
from tui.core.paths import bundled_routines
from tui.core.saving import (
    RoutineExists,
    SaveRefused,
    has_comments,
    save_user_routine,
    text_has_comments,
)
from tui.core.schema import ID_RE
from tui.core.undo import UndoStack
from tui.core.writer import dumps

REPO = Path(__file__).resolve().parents[2]
BUNDLED = Library.load(REPO / "routines", None)


def keys(problems) -> list[str]:
    return [p.key for p in problems]


# ---- drafts and the writer ---------------------------------------------------------------


@pytest.mark.parametrize("routine_id", sorted(BUNDLED.routines))
def test_a_routine_as_a_draft_is_the_writers_text_and_checks_back_to_itself(
    routine_id: str, tmp_path: Path
) -> None:
    routine = BUNDLED.routines[routine_id]
    draft = Draft.from_routine(routine)
    assert draft_text(draft) == dumps(routine)
    checked = check_draft(draft, BUNDLED, folder=tmp_path)
    assert checked.ok and checked.problems == []
    assert checked.routine == routine
    assert checked.timeline is not None
    assert checked.timeline.planned_seconds == BUNDLED.timeline(routine).planned_seconds


def test_the_starter_draft_already_loads() -> None:
    draft = starter_draft("My neck, please")
    routine, problems, timeline = check_draft(draft, BUNDLED)
    assert problems == []
    assert routine is not None and routine.id == "my-neck-please"
    assert routine.name == "My neck, please"
    assert timeline is not None and timeline.planned_seconds == 5 + 30


def test_a_field_edit_changes_the_routine_and_its_planned_length() -> None:
    draft = starter_draft("Mine").set(("steps", 1, "hold"), "1m30s")
    draft = draft.set(("steps", 1, "sides"), ("left", "right"))
    routine, problems, timeline = check_draft(draft, BUNDLED)
    assert problems == [] and routine is not None and timeline is not None
    assert timeline.planned_seconds == 5 + 90 + 5 + 90


def test_a_problem_comes_back_at_its_key_path_and_beside_its_field() -> None:
    draft = starter_draft("Mine").add_step({"name": "Roll", "hold": "abc"})
    routine, problems, timeline = check_draft(draft, BUNDLED)
    assert routine is None and timeline is None
    assert keys(problems) == ["steps[2].hold"]
    assert problems[0].line == draft_text(draft).splitlines().index('hold = "abc"') + 1
    assert problems_at(problems, ("steps", 2, "hold")) == problems
    assert problems_at(problems, ("steps", 2)) == problems
    assert problems_at(problems, ("steps", 1)) == []
    assert problems_at(problems, ("routine",)) == []


def test_every_problem_is_reported_at_once() -> None:
    draft = (
        starter_draft("Mine")
        .set(("routine", "areas"), ("backk",))
        .set(("steps", 1, "hodl"), 30)
        .set(("steps", 1, "reps"), 0)
        .set(("cues", "countdown"), 11)
    )
    _, problems, _ = check_draft(draft, BUNDLED)
    assert sorted(keys(problems)) == [
        "cues.countdown",
        "routine.areas[1]",
        "steps[1].hodl",
        "steps[1].reps",
    ]
    (typo,) = problems_at(problems, ("steps", 1, "hodl"))
    assert "'hold'" in typo.hint


def test_includes_are_checked_against_the_library_and_the_draft_itself() -> None:
    draft = starter_draft("Mine").add_include("nowhere")
    assert keys(check_draft(draft, BUNDLED).problems) == ["steps[2].include"]
    itself = starter_draft("Mine").add_include("mine")
    (cycle,) = check_draft(itself, BUNDLED).problems
    assert "cycle" in cycle.message and "mine → mine" in cycle.message
    good = starter_draft("Mine").add_include("desk-break", rounds=2)
    checked = check_draft(good, BUNDLED)
    assert checked.ok and checked.timeline is not None
    desk = BUNDLED.timeline(BUNDLED.routines["desk-break"]).planned_seconds
    # The first round's last step rests (desk-break's 5 s) because the second round follows.
    assert checked.timeline.planned_seconds == 35 + 2 * desk + 5


def test_a_resolver_will_do_instead_of_a_library() -> None:
    draft = starter_draft("Mine").add_include("desk-break")
    assert check_draft(draft, BUNDLED.get).ok
    assert not check_draft(draft, lambda _id: None).ok


def test_a_hand_written_file_becomes_a_draft_problems_and_all(tmp_path: Path) -> None:
    text = (REPO / "routines" / "desk-break.toml").read_text().replace("hold = 30", "hold = -3")
    draft = Draft.from_toml(text, "desk-break")
    assert keys(check_draft(draft, BUNDLED, folder=tmp_path).problems) == ["steps[1].hold"]
    fixed = draft.set(("steps", 1, "hold"), 30)
    assert check_draft(fixed, BUNDLED, folder=tmp_path).routine == BUNDLED.routines["desk-break"]
    with pytest.raises(ValueError, match="not valid TOML"):
        Draft.from_toml("name = ", "broken")


# ---- editing field by field and step by step -----------------------------------------------


def test_drafts_never_change_under_their_holder() -> None:
    draft = starter_draft("Mine")
    edited = draft.set(("routine", "name"), "Yours")
    assert draft.name == "Mine" and edited.name == "Yours"
    with pytest.raises(TypeError):
        draft.document["format"] = 2  # type: ignore[index]


def test_unsetting_a_value_lets_the_default_apply_and_drops_empty_tables() -> None:
    draft = starter_draft("Mine").set(("defaults", "prep"), 0).set(("cues", "sounds", "end"), "x")
    assert "[defaults]" in draft.text() and "[cues.sounds]" in draft.text()
    plain = draft.unset(("defaults", "prep")).unset(("cues", "sounds", "end"))
    assert plain == starter_draft("Mine")
    assert plain.unset(("defaults", "prep")) is plain


def test_an_item_is_unset_by_its_number_counted_from_1() -> None:
    draft = starter_draft("Mine").add_step({"name": "B", "hold": 10})
    assert [s["name"] for s in draft.unset(("steps", 1)).steps] == ["B"]
    areas = draft.set(("routine", "areas"), ("neck", "chest")).unset(("routine", "areas", 1))
    assert areas.get(("routine", "areas")) == ("chest",)
    assert areas.get(("routine", "areas", 1)) == "chest"


def test_unsetting_a_required_key_is_reported_where_it_is_missing() -> None:
    draft = starter_draft("Mine").set(("routine", "name"), None)
    assert "[routine]" in draft.text()
    (problem,) = check_draft(draft, BUNDLED).problems
    assert problem.key == "routine" and "'name'" in problem.message


def test_a_step_cue_is_set_inside_the_step() -> None:
    draft = starter_draft("Mine").set(("steps", 1, "cues", "halfway"), False)
    assert "cues = { halfway = false }" in draft.text()
    routine = check_draft(draft, BUNDLED).routine
    assert routine is not None and routine.steps[0].cues.halfway is False
    assert draft.unset(("steps", 1, "cues", "halfway")) == starter_draft("Mine")


def test_a_step_that_does_not_exist_cannot_be_edited() -> None:
    with pytest.raises(KeyError):
        starter_draft("Mine").set(("steps", 2, "hold"), 30)
    with pytest.raises(KeyError):
        starter_draft("Mine").remove_step(0)


def test_steps_are_added_removed_duplicated_and_moved() -> None:
    draft = starter_draft("Mine").add_step({"name": "B", "hold": 10})
    draft = draft.add_step({"name": "Z", "manual": True}, at=1)
    names = lambda d: [s.get("name", s.get("include")) for s in d.steps]  # noqa: E731
    assert names(draft) == ["Z", "First step", "B"]
    assert names(draft.move_step(1, +1)) == ["First step", "Z", "B"]
    assert names(draft.move_step(3, -1)) == ["Z", "B", "First step"]
    assert names(draft.move_step(1, -1)) == names(draft)  # the top stays the top
    assert names(draft.duplicate_step(3)) == ["Z", "First step", "B", "B"]
    assert names(draft.remove_step(2)) == ["Z", "B"]
    included = draft.add_include("desk-break", rounds=3, at=2)
    assert names(included) == ["Z", "desk-break", "First step", "B"]
    assert included.is_include(2) and not included.is_include(1)
    assert included.get(("steps", 2, "rounds")) == 3
    assert names(draft.replace_step(1, {"name": "Y", "hold": 5})) == ["Y", "First step", "B"]


def test_removing_every_step_is_a_problem_not_a_crash() -> None:
    draft = starter_draft("Mine").remove_step(1)
    assert keys(check_draft(draft, BUNDLED).problems) == ["steps"]


@pytest.mark.parametrize(
    ("path", "typed", "value"),
    [
        (("steps", 1, "hold"), "60", 60),
        (("steps", 1, "hold"), " 60-90s ", "60-90s"),
        (("steps", 1, "hold"), "[60, 90]", (60, 90)),
        (("steps", 1, "rest"), "1:30", "1:30"),
        (("steps", 1, "reps"), "3", 3),
        (("steps", 1, "reps"), "three", "three"),
        (("steps", 1, "sides"), "right, left", ("right", "left")),
        (("routine", "areas"), "neck shoulders", ("neck", "shoulders")),
        (("steps", 1, "manual"), "yes", True),
        (("steps", 1, "cues", "halfway"), "false", False),
        (("cues", "volume"), "0.5", 0.5),
        (("steps", 1, "breathe"), "4, 0, 6", (4, 0, 6)),
        (("cues", "sounds", "start"), "sounds/gong.wav", "sounds/gong.wav"),
        (("routine", "name"), "  Neck  ", "Neck"),
        (("steps", 1, "prep"), "   ", None),
    ],
)
def test_typed_text_becomes_the_value_the_format_expects(path, typed: str, value) -> None:
    assert value_from_text(path, typed) == value


def test_a_value_shows_in_its_field_as_it_would_be_typed() -> None:
    for value in [60, "60-90s", ("left", "right"), True, 0.5, (4, 0, 6)]:
        path = ("steps", 1, "breathe" if value == (4, 0, 6) else "hold")
        if isinstance(value, bool):
            path = ("steps", 1, "manual")
        if value == ("left", "right"):
            path = ("steps", 1, "sides")
        if value == 0.5:
            path = ("cues", "volume")
        assert value_from_text(path, text_from_value(value)) == value
    assert text_from_value(None) == ""


# ---- any edits at all ----------------------------------------------------------------------

PROPERTIES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
field_paths = st.sampled_from(
    [
        ("routine", "name"),
        ("routine", "summary"),
        ("routine", "areas"),
        ("routine", "level"),
        ("routine", "tgas"),
        ("defaults", "rest"),
        ("cues", "countdown"),
        ("cues", "sounds", "start"),
        ("steps", 1, "hold"),
        ("steps", 1, "sides"),
        ("steps", 1, "reps"),
        ("steps", 1, "cues", "voice"),
        ("steps", 1, "include"),
        ("steps", 1, "my key"),
    ]
)
typed = st.text(st.characters(exclude_categories=("Cs",)), max_size=12) | st.sampled_from(
    ["60", "60-90s", "left, right", "neck", "true", "-1", '"""', "a#b", "x = 1\n[y]"]
)


@PROPERTIES
@given(edits=st.lists(st.tuples(field_paths, typed), max_size=8))
def test_any_edits_give_toml_that_reads_back_as_the_draft_and_a_verdict(edits) -> None:
    draft = starter_draft("Mine")
    for path, text in edits:
        draft = draft.set(path, value_from_text(path, text))
    assert tomllib.loads(draft_text(draft)) == thaw(draft.document)
    routine, problems, timeline = check_draft(draft, BUNDLED)
    assert (routine is None) == bool(problems) == (timeline is None)
    assert not text_has_comments(draft_text(draft))


# ---- ids -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "routine_id"),
    [
        ("15-minute back reset", "15-minute-back-reset"),
        ("Child's pose, 10 min", "childs-pose-10-min"),
        ("Épaules détendues", "epaules-detendues"),
        ("  --Neck__release--  ", "neck-release"),
        ("!!!", "my-routine"),
        ("", "my-routine"),
    ],
)
def test_the_id_comes_from_the_name(name: str, routine_id: str) -> None:
    assert id_from_name(name) == routine_id


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_any_name_gives_a_valid_id_of_60_characters_at_most(name: str) -> None:
    routine_id = id_from_name(name)
    assert ID_RE.match(routine_id) and len(routine_id) <= 60


def test_a_long_name_is_cut_at_a_hyphen() -> None:
    routine_id = id_from_name("stretch " * 20)
    assert routine_id == "-".join(["stretch"] * 7)


def test_a_clash_is_offered_a_free_id() -> None:
    assert free_id("neck", {"back"}) == "neck"
    assert free_id("neck", {"neck", "neck-2"}) == "neck-3"


# ---- undo --------------------------------------------------------------------------------------


def test_undo_and_redo_walk_the_drafts() -> None:
    first = starter_draft("A")
    second = first.set(("routine", "name"), "B")
    third = second.add_step()
    stack = UndoStack.start(first).push(second).push(third)
    assert stack.undo().present == second
    assert stack.undo().undo().present == first
    assert not stack.undo().undo().can_undo
    assert stack.undo().undo().undo().present == first  # nothing more to undo: no change
    assert stack.undo().redo().present == third
    assert not stack.can_redo
    branched = stack.undo().push(first.add_step({"name": "C", "hold": 5}))
    assert not branched.can_redo


def test_typing_into_one_field_is_undone_in_one_step() -> None:
    draft = starter_draft("A")
    stack = UndoStack.start(draft)
    for text in ("N", "Ne", "Nec", "Neck"):
        stack = stack.push(draft.set(("routine", "name"), text), group=("routine", "name"))
    stack = stack.push(stack.present.set(("steps", 1, "hold"), 45), group=("steps", 1, "hold"))
    assert stack.undo().present.name == "Neck"
    assert stack.undo().undo().present == draft


def test_an_edit_that_changes_nothing_is_no_step() -> None:
    stack = UndoStack.start(starter_draft("A"))
    assert stack.push(starter_draft("A")) is stack


def test_unsaved_changes_are_known_until_saved_or_undone() -> None:
    stack = UndoStack.start(starter_draft("A"))
    assert not stack.dirty
    edited = stack.push(stack.present.set(("routine", "name"), "B"))
    assert edited.dirty
    assert not edited.undo().dirty
    assert not edited.mark_saved().dirty
    assert UndoStack.start(starter_draft("A"), saved=False).dirty


def test_the_stack_keeps_a_bounded_past() -> None:
    stack = UndoStack.start(starter_draft("A"), saved=True)
    stack = UndoStack(stack.present, limit=3)
    for number in range(10):
        stack = stack.push(stack.present.set(("steps", 1, "hold"), number + 1))
    assert len(stack.past) == 3


# ---- comments ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("# a comment\nformat = 1\n", True),
        ("format = 1 # trailing\n", True),
        ('name = "no # comment"\n', False),
        ("name = 'no # comment'\n", False),
        ('name = "escaped \\" # still a string"\n', False),
        ('d = """\n# inside\n"""\n', False),
        ('d = """a "" # b"""\n', False),
        ('d = """a""""  # after\n', True),
        ("d = '''\n# inside\n'''\n# after\n", True),
        ('d = "a\\\\" # after\n', True),
    ],
)
def test_a_comment_is_a_hash_outside_strings(text: str, found: bool) -> None:
    assert comments_by_tomlkit(text) is found  # the expectation itself is TOML's reading
    assert text_has_comments(text) is found


def comments_by_tomlkit(text: str) -> bool:
    """Whether a full TOML parser that keeps comments found one: a comment line or a comment
    after a value, at the top level (where every sample above puts it)."""
    return any(
        isinstance(item, tomlkit.items.Comment) or bool(item.trivia.comment)
        for _, item in tomlkit.parse(text).body
    )


def test_hand_written_files_with_comments_are_recognised(tmp_path: Path) -> None:
    assert has_comments(REPO / "routines" / "back-reset-15.toml")
    assert not has_comments(REPO / "routines" / "desk-break.toml")
    assert not has_comments(tmp_path / "missing.toml")


# ---- saving ----------------------------------------------------------------------------------


def test_a_saved_routine_loads_equal_to_what_was_built(user_routines: Path) -> None:
    draft = starter_draft("My neck").set(("steps", 1, "hold"), "60-90s")
    routine = check_draft(draft, BUNDLED).routine
    assert routine is not None
    path = save_user_routine(routine, user_routines, replace=False)
    assert path == user_routines / "my-neck.toml"
    loaded = read_routine_file(path)
    assert loaded.ok and loaded.routine == routine
    assert list(user_routines.iterdir()) == [path]  # no temporary file left


def test_saving_never_replaces_a_file_unless_told(user_routines: Path) -> None:
    original = user_routines / "my-neck.toml"
    original.write_text("# mine, by hand\n")
    routine = check_draft(starter_draft("My neck"), BUNDLED).routine
    assert routine is not None
    with pytest.raises(RoutineExists) as refused:
        save_user_routine(routine, user_routines, replace=False)
    assert refused.value.path == original
    assert original.read_text() == "# mine, by hand\n"
    save_user_routine(routine, user_routines, replace=True)
    assert read_routine_file(original).routine == routine


def test_a_bundled_file_is_never_written() -> None:
    folder = bundled_routines()
    routine = BUNDLED.routines["desk-break"]
    before = (folder / "desk-break.toml").read_bytes()
    with pytest.raises(SaveRefused, match="bundled"):
        save_user_routine(routine, folder, replace=True)
    assert (folder / "desk-break.toml").read_bytes() == before


def test_a_routine_that_would_not_load_is_not_saved(user_routines: Path) -> None:
    routine = BUNDLED.routines["desk-break"]
    import dataclasses

    with pytest.raises(SaveRefused, match="not a routine id"):
        save_user_routine(dataclasses.replace(routine, id="Bad Id"), user_routines)
    with pytest.raises(SaveRefused, match="summary"):
        save_user_routine(dataclasses.replace(routine, summary="two\nlines"), user_routines)
    assert list(user_routines.iterdir()) == []


# ---- the builder's field table -------------------------------------------------------------


def test_the_builder_has_a_field_for_every_key_of_the_format() -> None:
    from tui.core.builder_fields import (
        INCLUDE_SECTIONS,
        ROUTINE_SECTIONS,
        STEP_SECTIONS,
        all_fields,
    )
    from tui.core.routine import CUE_EVENTS
    from tui.core.schema import (
        CUE_KEYS,
        DEFAULT_KEYS,
        INCLUDE_KEYS,
        ROUTINE_KEYS,
        STEP_CUE_KEYS,
        STEP_KEYS,
    )

    routine = {spec.key for spec in all_fields(ROUTINE_SECTIONS)}
    expected = {("routine", key) for key in ROUTINE_KEYS}
    expected |= {("defaults", key) for key in DEFAULT_KEYS}
    expected |= {("cues", key) for key in CUE_KEYS if key != "sounds"}
    expected |= {("cues", "sounds", event) for event in CUE_EVENTS}
    assert routine == expected
    step = {spec.key for spec in all_fields(STEP_SECTIONS)}
    assert step == {(key,) for key in STEP_KEYS if key != "cues"} | {
        ("cues", key) for key in STEP_CUE_KEYS
    }
    assert {spec.key for spec in all_fields(INCLUDE_SECTIONS)} == {(k,) for k in INCLUDE_KEYS}


def test_a_field_turns_what_is_typed_into_the_value_the_format_expects() -> None:
    from tui.core.builder_fields import STEP_SECTIONS, all_fields

    fields = {spec.key: spec for spec in all_fields(STEP_SECTIONS)}
    assert fields[("hold",)].value_of("[60, 90]") == (60, 90)
    assert fields[("hold",)].text_of((60, 90)) == "[60, 90]"
    assert fields[("hold",)].value_of("1m30s") == "1m30s"
    assert fields[("sides",)].value_of("right, left") == ("right", "left")
    assert fields[("manual",)].value_of_check(False) is None  # the default: the key goes
    assert fields[("manual",)].value_of_check(True) is True
    assert fields[("reps",)].value_of("") is None


@pytest.mark.parametrize("typed", ["¹", "²⁰", "½"])
def test_a_digit_int_cannot_read_stays_text_for_the_checker_to_name(typed: str) -> None:
    # str.isdigit() says yes to superscripts, which int() refuses: the field kept crashing.
    assert value_from_text(("steps", 0, "hold"), typed) == typed

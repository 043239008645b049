"""Every kind of problem ROUTINE_FORMAT.md lists is reported with its file, line, key path, what is
wrong and what would be right, and all the problems of a file come at once.

The texts are small and their line numbers are counted in the comments beside them: `HEAD` is lines
1–5, so whatever a test adds starts on line 6.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sound_files import write_wav

from tui.core.library import Library
from tui.core.library_checks import check_with_library
from tui.core.loader import parse_routine, read_routine_file
from tui.core.problems import Problem
from tui.core.routine_file import LoadedFile

HEAD = (
    "format = 1\n"  # 1
    "[routine]\n"  # 2
    'name = "Test routine"\n'  # 3
    'summary = "A routine for tests."\n'  # 4
    'areas = ["upper-back", "neck"]\n'  # 5
)
STEP = (
    "[[steps]]\n"  # 6
    'name = "First"\n'  # 7
    "hold = 30\n"  # 8
)


def write(folder: Path, text: str, name: str = "test-routine") -> Path:
    path = folder / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def load(folder: Path, text: str, name: str = "test-routine") -> LoadedFile:
    loaded = read_routine_file(write(folder, text, name))
    for problem in loaded.problems:
        assert problem.file == folder / f"{name}.toml"
        assert problem.message
        assert problem.hint
    return loaded


def problems(folder: Path, text: str) -> dict[str, Problem]:
    """The file's problems by key path (each test's keys are distinct)."""
    loaded = load(folder, text)
    assert loaded.routine is None
    found = {problem.key: problem for problem in loaded.problems}
    assert len(found) == len(loaded.problems)
    return found


def only_problem(folder: Path, text: str) -> Problem:
    loaded = load(folder, text)
    assert loaded.routine is None
    assert len(loaded.problems) == 1, loaded.problems
    return loaded.problems[0]


def where(problem: Problem) -> tuple[int | None, str]:
    return (problem.line, problem.key)


# ---- a sound file ---------------------------------------------------------------------------


def test_a_sound_routine_loads_with_no_problems(tmp_path: Path) -> None:
    loaded = load(tmp_path, HEAD + STEP)
    assert loaded.ok
    assert loaded.routine is not None
    assert loaded.routine.id == "test-routine"
    assert loaded.routine.areas == ("upper-back", "neck")


def test_a_problem_reads_file_line_key_message_and_hint(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, HEAD + STEP + "reps = 0\n")
    assert str(problem) == (
        f"{tmp_path / 'test-routine.toml'}:9: steps[1].reps: 0 is out of range"
        " (a whole number from 1 to 50)"
    )


# ---- TOML syntax ----------------------------------------------------------------------------


def test_a_toml_syntax_error_is_reported_on_its_line(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, HEAD + '[[steps]]\nname = "First\nhold = 30\n')
    assert where(problem) == (7, "(file)")
    assert "not valid TOML" in problem.message


def test_a_toml_error_at_the_end_of_the_document_is_on_its_last_line(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, HEAD + 'description = """never closed')
    assert where(problem) == (6, "(file)")


def test_a_key_defined_twice_is_a_toml_error_on_the_second(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, HEAD + STEP + "hold = 40\n")
    assert where(problem) == (9, "(file)")


# ---- format ---------------------------------------------------------------------------------


def test_a_missing_format_is_reported_on_line_one(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, HEAD.replace("format = 1\n", "\n") + STEP)
    assert where(problem) == (1, "(file)")
    assert "'format'" in problem.message
    assert "format = 1" in problem.hint


@pytest.mark.parametrize(("value", "message"), [("2", "not one"), ('"1"', "is a string")])
def test_an_unknown_or_mistyped_format_is_reported_where_it_stands(
    tmp_path: Path, value: str, message: str
) -> None:
    problem = only_problem(tmp_path, HEAD.replace("format = 1", f"format = {value}") + STEP)
    assert where(problem) == (1, "format")
    assert message in problem.message
    assert "format = 1" in problem.hint


# ---- missing keys ---------------------------------------------------------------------------


def test_a_missing_routine_table_and_missing_steps_are_reported_on_line_one(
    tmp_path: Path,
) -> None:
    loaded = load(tmp_path, "format = 1\n")
    assert [where(p) for p in loaded.problems] == [(1, "(file)"), (1, "(file)")]
    assert "[routine]" in loaded.problems[0].message
    assert "no steps" in loaded.problems[1].message


@pytest.mark.parametrize(
    ("dropped", "key"), [("name", "name"), ("summary", "summary"), ("areas", "areas")]
)
def test_a_missing_required_routine_key_is_reported_at_the_routine_table(
    tmp_path: Path, dropped: str, key: str
) -> None:
    text = "".join(line for line in HEAD.splitlines(True) if not line.startswith(dropped))
    problem = only_problem(tmp_path, text + STEP)
    assert where(problem) == (2, "routine")
    assert f"'{key}'" in problem.message
    assert key in problem.hint


def test_a_step_without_a_name_is_reported_at_its_header(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, HEAD + STEP + "[[steps]]\nhold = 30\n")
    assert where(problem) == (9, "steps[2]")
    assert "'name'" in problem.message


def test_a_step_without_a_hold_says_it_may_be_manual(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, HEAD + '[[steps]]\nname = "First"\n')
    assert where(problem) == (6, "steps[1]")
    assert "'hold'" in problem.message
    assert "manual = true" in problem.hint


def test_a_manual_step_needs_no_hold_and_may_not_have_one(tmp_path: Path) -> None:
    assert load(tmp_path, HEAD + '[[steps]]\nname = "Set up"\nmanual = true\n').ok
    problem = only_problem(tmp_path, HEAD + STEP + "manual = true\n")
    assert where(problem) == (8, "steps[1].hold")


# ---- unknown keys ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "key", "suggestion"),
    [
        (HEAD + STEP + "hodl = 40\n", 9, "steps[1].hodl", "'hold'"),
        (HEAD + 'sumary = "x"\n' + STEP, 6, "routine.sumary", "'summary'"),
        (HEAD + STEP + "cues = { halfwy = false }\n", 9, "steps[1].cues.halfwy", "'halfway'"),
        (HEAD + "[default]\nprep = 5\n" + STEP, 6, "default", "'defaults'"),
        (HEAD + "[cues]\ncountdwn = 5\n" + STEP, 7, "cues.countdwn", "'countdown'"),
        (HEAD + "[defaults]\nswich = 5\n" + STEP, 7, "defaults.swich", "'switch'"),
    ],
)
def test_an_unknown_key_is_reported_with_the_nearest_known_key(
    tmp_path: Path, text: str, line: int, key: str, suggestion: str
) -> None:
    problem = only_problem(tmp_path, text)
    assert where(problem) == (line, key)
    assert "not a key the format knows" in problem.message
    assert problem.hint == f"did you mean {suggestion}?"


def test_a_misspelt_hold_is_reported_and_so_is_the_missing_hold(tmp_path: Path) -> None:
    found = problems(tmp_path, HEAD + '[[steps]]\nname = "First"\nhodl = 30\n')
    assert where(found["steps[1].hodl"]) == (8, "steps[1].hodl")
    assert where(found["steps[1]"]) == (6, "steps[1]")


def test_an_unknown_key_far_from_any_known_key_lists_the_known_ones(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, HEAD + STEP + "xyzzy = 1\n")
    assert where(problem) == (9, "steps[1].xyzzy")
    assert "instructions" in problem.hint


# ---- wrong types, ranges, vocabularies (one line added to the step, on line 9) ---------------


@pytest.mark.parametrize(
    ("added", "key", "message"),
    [
        ('reps = "2"', "steps[1].reps", "is a string, not a whole number"),
        ("reps = 2.0", "steps[1].reps", "is a float, not a whole number"),
        ('sides = "left"', "steps[1].sides", "is a string, not an array"),
        ("sides = [1]", "steps[1].sides[1]", "is an integer, not a word"),
        ('manual = "yes"', "steps[1].manual", "not true or false"),
        ("repeatable = 1", "steps[1].repeatable", "not true or false"),
        ("instructions = 5", "steps[1].instructions", "is an integer, not a string"),
        ("cues = 5", "steps[1].cues", "not a table"),
        ('breathe = "4-0-6"', "steps[1].breathe", "not three whole numbers"),
        ("breathe = [4, 6]", "steps[1].breathe", "not three whole numbers"),
        ("prep = true", "steps[1].prep", "true/false"),
        ("rest = [10]", "steps[1].rest", "is an array, not a duration"),
        ('cues = { halfway = "no" }', "steps[1].cues.halfway", "not true or false"),
    ],
)
def test_a_value_of_the_wrong_type_is_reported_at_its_key(
    tmp_path: Path, added: str, key: str, message: str
) -> None:
    problem = only_problem(tmp_path, HEAD + STEP + added + "\n")
    assert where(problem) == (9, key)
    assert message in problem.message


@pytest.mark.parametrize(
    ("added", "key", "message", "hint"),
    [
        ("reps = 0", "steps[1].reps", "0 is out of range", "from 1 to 50"),
        ("reps = 51", "steps[1].reps", "51 is out of range", "from 1 to 50"),
        ('sides = ["left", "up"]', "steps[1].sides[2]", "'up' is not one of", "left, right"),
        ('sides = ["left", "left"]', "steps[1].sides[2]", "given twice", "once"),
        ("prep = 601", "steps[1].prep", "longer than 600 s", "0 s to 600 s"),
        ('rest = "11m"', "steps[1].rest", "longer than 600 s", "0 s to 600 s"),
        ("switch = -1", "steps[1].switch", "negative", "0 s to 600 s"),
        ("breathe = [0, 0, 6]", "steps[1].breathe", "out of range", "in 1–20"),
        ("breathe = [4, 21, 6]", "steps[1].breathe", "out of range", "hold 0–20"),
        ("cues = { countdown = 11 }", "steps[1].cues.countdown", "out of range", "0 to 10"),
    ],
)
def test_a_value_out_of_its_range_or_vocabulary_is_reported_at_its_key(
    tmp_path: Path, added: str, key: str, message: str, hint: str
) -> None:
    problem = only_problem(tmp_path, HEAD + STEP + added + "\n")
    assert where(problem) == (9, key)
    assert message in problem.message
    assert hint in problem.hint


def test_an_unknown_area_word_is_reported_at_its_place_in_the_array(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, HEAD.replace('"neck"', '"backk"') + STEP)
    assert where(problem) == (5, "routine.areas[2]")
    assert "'backk'" in problem.message
    assert "lower-back" in problem.hint


def with_routine_line(line: str) -> str:
    """HEAD with `line` in place of the key it sets (name, summary, areas), else added at line 6."""
    key = line.split(" = ", 1)[0]
    lines = HEAD.splitlines(True)
    for number, old in enumerate(lines):
        if old.startswith(key + " = "):
            lines[number] = line + "\n"
            return "".join(lines)
    return HEAD + line + "\n"


@pytest.mark.parametrize(
    ("line", "number", "key", "message"),
    [
        ('level = "hard"', 6, "routine.level", "not a level"),
        ('level = ""', 6, "routine.level", "not a level"),
        ('equipment = ["Foam Roller"]', 6, "routine.equipment[1]", "not a kebab-case word"),
        ('tags = ["desk-break", "desk-break"]', 6, "routine.tags[2]", "given twice"),
        ("areas = []", 5, "routine.areas", "is empty"),
        ('areas = "neck"', 5, "routine.areas", "is a string, not an array"),
        ('name = "' + "x" * 81 + '"', 3, "routine.name", "81 characters long"),
        ('name = " "', 3, "routine.name", "is empty"),
        ('summary = "one\\ntwo"', 4, "routine.summary", "more than one line"),
        ('summary = "' + "x" * 121 + '"', 4, "routine.summary", "121 characters long"),
    ],
)
def test_a_bad_routine_value_is_reported_at_its_key(
    tmp_path: Path, line: str, number: int, key: str, message: str
) -> None:
    problem = only_problem(tmp_path, with_routine_line(line) + STEP)
    assert where(problem) == (number, key)
    assert message in problem.message


def test_a_long_step_name_is_reported(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, HEAD + STEP.replace("First", "y" * 61))
    assert where(problem) == (7, "steps[1].name")
    assert "60 characters at most" in problem.hint


@pytest.mark.parametrize(
    ("added", "key", "message"),
    [
        ("countdown = 11", "cues.countdown", "out of range"),
        ("volume = 1.5", "cues.volume", "out of range"),
        ("volume = nan", "cues.volume", "out of range"),
        ('volume = "loud"', "cues.volume", "is a string, not a number"),
        ("voice = 1", "cues.voice", "not true or false"),
    ],
)
def test_a_bad_cue_setting_is_reported_at_its_key(
    tmp_path: Path, added: str, key: str, message: str
) -> None:
    problem = only_problem(tmp_path, HEAD + "[cues]\n" + added + "\n" + STEP)
    assert where(problem) == (7, key)
    assert message in problem.message


# ---- durations and holds --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hold", "message", "hint"),
    [
        ('"abc"', "'abc' is not a duration", "1m30s"),
        ('"1:75"', "not a duration", "1m30s"),
        ("1.5", "not a whole number", "1m30s"),
        ("0", "0 s is out of range", "1 s to 3600 s"),
        ("3601", "3601 s is out of range", "1 s to 3600 s"),
        ('"61m"', "3660 s is out of range", "1 s to 3600 s"),
        ('"90-60s"', "minimum 90 s is not below its maximum 60 s", "60-90s"),
        ("[60, 60]", "not below its maximum", "60-90s"),
        ("[60, 90, 120]", "needs two values", "60-90s"),
        ('"0-30s"', "0-30 s is out of range", "1 s to 3600 s"),
    ],
)
def test_a_bad_hold_is_reported_at_its_key(
    tmp_path: Path, hold: str, message: str, hint: str
) -> None:
    problem = only_problem(tmp_path, HEAD + STEP.replace("hold = 30", f"hold = {hold}"))
    assert where(problem) == (8, "steps[1].hold")
    assert message in problem.message
    assert hint in problem.hint


def test_a_bad_default_duration_is_reported_at_its_key(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, HEAD + '[defaults]\nprep = 5\nrest = "5x"\n' + STEP)
    assert where(problem) == (8, "defaults.rest")
    assert "'5x' is not a duration" in problem.message


def test_every_duration_form_of_the_spec_is_accepted_in_a_file(tmp_path: Path) -> None:
    text = HEAD + '[defaults]\nprep = "0:05"\nrest = "45s"\nswitch = "2m"\n'
    text += STEP.replace("hold = 30", 'hold = "1m30s"') + "\n"
    text += STEP.replace("hold = 30", 'hold = "60-90s"') + "\n"
    text += STEP.replace("hold = 30", "hold = [60, 90]")
    loaded = load(tmp_path, text)
    assert loaded.ok, loaded.problems


# ---- breathing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("hold", "breathe", "fits"),
    [
        (65, "[4, 0, 6]", ("hold = 60", "hold = 70")),
        (5, "[4, 0, 6]", ("hold = 10", "hold = 20")),
        (50, "[4, 7, 8]", ("hold = 38", "hold = 57")),
        (3599, "[3, 0, 4]", ("hold = 3591", "hold = 3598")),  # 3605 would be too long a hold
    ],
)
def test_a_breathing_hold_must_be_a_whole_number_of_breaths(
    tmp_path: Path, hold: int, breathe: str, fits: tuple[str, str]
) -> None:
    text = HEAD + STEP.replace("hold = 30", f"hold = {hold}") + f"breathe = {breathe}\n"
    problem = only_problem(tmp_path, text)
    assert where(problem) == (8, "steps[1].hold")
    assert "not a whole number of" in problem.message
    assert problem.hint == f"{fits[0]} or {fits[1]}"


def test_a_breathing_hold_of_whole_breaths_is_accepted(tmp_path: Path) -> None:
    loaded = load(tmp_path, HEAD + STEP.replace("30", "60") + "breathe = [4, 0, 6]\n")
    assert loaded.ok
    assert loaded.routine is not None
    assert loaded.routine.steps[0].breathe == (4, 0, 6)


def test_a_range_hold_cannot_have_breathe(tmp_path: Path) -> None:
    text = HEAD + STEP.replace("hold = 30", 'hold = "60-90s"') + "breathe = [4, 0, 6]\n"
    problem = only_problem(tmp_path, text)
    assert where(problem) == (9, "steps[1].breathe")
    assert "range hold cannot have breathe" in problem.message


# ---- key paths count steps from 1 as the file reads ------------------------------------------


def test_steps_are_counted_from_one_as_the_file_reads_includes_too(tmp_path: Path) -> None:
    text = (
        HEAD
        + STEP  # 6–8
        + "\n"  # 9
        + "[[steps]]\n"  # 10
        + 'include = "other"\n'  # 11
        + "\n"  # 12
        + "[[steps]]\n"  # 13
        + 'name = "Third"\n'  # 14
        + 'hold = "abc"\n'  # 15
    )
    problem = only_problem(tmp_path, text)
    assert where(problem) == (15, "steps[3].hold")


def test_a_step_cue_override_is_named_by_its_full_path(tmp_path: Path) -> None:
    text = (
        HEAD
        + STEP  # 6–8
        + "[[steps]]\n"  # 9
        + 'name = "Second"\n'  # 10
        + "hold = 30\n"  # 11
        + "[steps.cues]\n"  # 12
        + "countdown = 3\n"  # 13
        + 'halfway = "no"\n'  # 14
    )
    problem = only_problem(tmp_path, text)
    assert where(problem) == (14, "steps[2].cues.halfway")


# ---- includes -------------------------------------------------------------------------------

INCLUDE = "[[steps]]\ninclude = {!r}\n"  # lines 9 and 10 after HEAD + STEP


def include_text(*targets: str) -> str:
    text = HEAD + STEP
    for target in targets:
        text += INCLUDE.format(target).replace("'", '"')
    return text


def test_an_include_of_an_unknown_id_is_reported_at_the_include(tmp_path: Path) -> None:
    loaded = load(tmp_path, include_text("nowhere"))
    assert loaded.ok  # on its own the file is sound; the library pass finds the missing id
    check_with_library([loaded], lambda _id: None)
    assert [where(p) for p in loaded.problems] == [(10, "steps[2].include")]
    assert "'nowhere'" in loaded.problems[0].message
    assert loaded.routine is None


def test_an_include_is_found_among_the_files_checked_together_then_the_fallback(
    tmp_path: Path,
) -> None:
    main = load(tmp_path, include_text("together", "elsewhere"), "main")
    together = load(tmp_path, HEAD + STEP, "together")
    elsewhere = parse_routine((HEAD + STEP).encode(), tmp_path / "elsewhere.toml")
    asked: list[str] = []

    def fallback(routine_id: str):
        asked.append(routine_id)
        return elsewhere.routine if routine_id == "elsewhere" else None

    check_with_library([main, together], fallback)
    assert main.ok, main.problems
    assert "together" not in asked


def test_an_include_id_must_look_like_an_id(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, include_text("Not An Id"))
    assert where(problem) == (10, "steps[2].include")


def test_an_include_cycle_is_reported_with_its_chain(tmp_path: Path) -> None:
    a = load(tmp_path, include_text("b"), "a")
    b = load(tmp_path, include_text("c"), "b")
    c = load(tmp_path, include_text("a"), "c")
    check_with_library([a, b, c], lambda _id: None)
    for loaded, chain in ((a, "a → b → c → a"), (b, "b → c → a → b"), (c, "c → a → b → c")):
        assert [where(p) for p in loaded.problems] == [(10, "steps[2].include")]
        assert chain in loaded.problems[0].message


def test_a_routine_that_includes_itself_is_a_cycle(tmp_path: Path) -> None:
    loaded = load(tmp_path, include_text("self"), "self")
    check_with_library([loaded], lambda _id: None)
    assert [where(p) for p in loaded.problems] == [(10, "steps[2].include")]
    assert "self → self" in loaded.problems[0].message


def test_a_routine_that_includes_a_broken_one_cannot_be_played_either(tmp_path: Path) -> None:
    main = load(tmp_path, include_text("broken"), "main")
    broken = load(tmp_path, HEAD + STEP + "reps = 0\n", "broken")
    check_with_library([main, broken], lambda _id: None)
    assert [where(p) for p in main.problems] == [(10, "steps[2].include")]
    assert "problems of its own" in main.problems[0].message
    assert "broken.toml" in main.problems[0].hint


@pytest.mark.parametrize("order", ["abc", "cba", "bca"])
def test_a_broken_include_breaks_every_routine_up_the_chain_at_its_include(
    tmp_path: Path, order: str
) -> None:
    files = {
        "a": load(tmp_path, include_text("b"), "a"),
        "b": load(tmp_path, include_text("c"), "b"),
        "c": load(tmp_path, include_text("missing"), "c"),
    }
    check_with_library([files[name] for name in order], lambda _id: None)
    for name, message in (
        ("a", "includes 'b', which has problems of its own"),
        ("b", "includes 'c', which has problems of its own"),
        ("c", "no routine has the id 'missing'"),
    ):
        assert [(where(p), p.message) for p in files[name].problems] == [
            ((10, "steps[2].include"), message)
        ]


def test_only_rounds_may_stand_beside_include(tmp_path: Path) -> None:
    text = (
        HEAD
        + STEP  # 6–8
        + "[[steps]]\n"  # 9
        + 'include = "other"\n'  # 10
        + 'name = "Beside"\n'  # 11
        + "rounds = 2\n"  # 12
        + "hold = 30\n"  # 13
        + "colour = 1\n"  # 14
    )
    found = problems(tmp_path, text)
    assert sorted(where(p) for p in found.values()) == [
        (11, "steps[2].name"),
        (13, "steps[2].hold"),
        (14, "steps[2].colour"),
    ]
    assert "only rounds" in found["steps[2].name"].message
    assert "move it into the included routine" in found["steps[2].hold"].hint


def test_rounds_are_one_to_twenty(tmp_path: Path) -> None:
    problem = only_problem(tmp_path, include_text("other") + "rounds = 21\n")
    assert where(problem) == (11, "steps[2].rounds")


# ---- the 4-hour limit -----------------------------------------------------------------------


def test_a_routine_of_exactly_four_hours_is_allowed(tmp_path: Path) -> None:
    text = HEAD + "[defaults]\nprep = 0\n" + STEP.replace("30", "3600") + "reps = 4\n"
    loaded = load(tmp_path, text)
    check_with_library([loaded], lambda _id: None)
    assert loaded.ok, loaded.problems


def test_a_routine_longer_than_four_hours_is_reported_at_its_steps(tmp_path: Path) -> None:
    text = HEAD + STEP.replace("30", "3600") + "reps = 4\n"  # 4 × (1 h) + 5 s of prep
    loaded = load(tmp_path, text)
    assert loaded.ok
    check_with_library([loaded], lambda _id: None)
    assert [where(p) for p in loaded.problems] == [(6, "steps")]
    assert "4 hours" in loaded.problems[0].hint


def test_the_four_hour_limit_counts_included_rounds(tmp_path: Path) -> None:
    hour = load(tmp_path, HEAD + "[defaults]\nprep = 0\n" + STEP.replace("30", "3600"), "hour")
    main = load(tmp_path, include_text("hour") + "rounds = 5\n", "main")
    check_with_library([main, hour], lambda _id: None)
    assert hour.ok
    assert [where(p) for p in main.problems] == [(6, "steps")]


# ---- sounds ---------------------------------------------------------------------------------


@pytest.fixture
def sound_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "routines"
    (folder / "sounds").mkdir(parents=True)
    write_wav(folder / "sounds" / "gong.wav")
    write_wav(tmp_path / "outside.wav")
    return folder


def sound_text(path: str) -> str:
    return HEAD + "[cues.sounds]\n" + f"start = {path!r}\n".replace("'", '"') + STEP


def test_a_sound_inside_the_routine_folder_is_accepted(sound_folder: Path) -> None:
    loaded = load(sound_folder, sound_text("sounds/gong.wav"))
    assert loaded.ok
    assert loaded.routine is not None
    assert loaded.routine.cues.sound_for("start") == "sounds/gong.wav"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/etc/passwd", "is an absolute path"),
        ("C:/sounds/gong.wav", "is an absolute path"),
        ("../outside.wav", "leaves the routine's folder"),
        ("sounds/../../outside.wav", "leaves the routine's folder"),
        ("sounds/missing.wav", "does not exist"),
        ("sounds", "is a folder, not a sound file"),
    ],
)
def test_a_sound_path_must_stay_in_the_folder_and_exist(
    sound_folder: Path, path: str, message: str
) -> None:
    problem = only_problem(sound_folder, sound_text(path))
    assert where(problem) == (7, "cues.sounds.start")
    assert message in problem.message


def test_a_sound_for_an_unknown_event_is_reported(sound_folder: Path) -> None:
    text = HEAD + '[cues.sounds]\nbang = "sounds/gong.wav"\n' + STEP
    problem = only_problem(sound_folder, text)
    assert where(problem) == (7, "cues.sounds.bang")
    assert "not a cue event" in problem.message


# ---- all at once ----------------------------------------------------------------------------


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    text = (
        "format = 2\n"  # 1
        "[routine]\n"  # 2
        'name = "Test routine"\n'  # 3
        'summary = "A routine for tests."\n'  # 4
        'areas = ["backk"]\n'  # 5
        "[cues]\n"  # 6
        "volume = 2\n"  # 7
        "[[steps]]\n"  # 8
        'name = "First"\n'  # 9
        'hold = "abc"\n'  # 10
        "reps = 0\n"  # 11
        "[[steps]]\n"  # 12
        'name = "Second"\n'  # 13
        "hold = 30\n"  # 14
        "hodl = 30\n"  # 15
    )
    found = problems(tmp_path, text)
    assert sorted(where(p) for p in found.values()) == [
        (1, "format"),
        (5, "routine.areas[1]"),
        (7, "cues.volume"),
        (10, "steps[1].hold"),
        (11, "steps[1].reps"),
        (15, "steps[2].hodl"),
    ]


def test_a_file_name_that_is_not_an_id_is_a_problem_of_the_file(tmp_path: Path) -> None:
    loaded = load(tmp_path, HEAD + STEP, "Bad Name")
    assert [where(p) for p in loaded.problems] == [(None, "(file)")]
    assert "rename" in loaded.problems[0].hint


def test_a_file_that_cannot_be_read_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    loaded = read_routine_file(tmp_path / "missing.toml")
    assert loaded.routine is None
    assert [where(p) for p in loaded.problems] == [(None, "(file)")]
    assert "cannot be read" in loaded.problems[0].message


# ---- the library ----------------------------------------------------------------------------


def routine_text(name: str, *extra: str) -> str:
    return HEAD.replace("Test routine", name) + STEP + "".join(extra)


def test_a_user_routine_shadows_a_bundled_one_of_the_same_id(tmp_path: Path) -> None:
    bundled, user = tmp_path / "bundled", tmp_path / "user"
    bundled.mkdir()
    user.mkdir()
    write(bundled, routine_text("Bundled A"), "a")
    write(bundled, routine_text("Bundled B"), "b")
    write(user, routine_text("My A"), "a")
    library = Library.load(bundled, user)
    assert list(library.routines) == ["a", "b"]
    assert library.routines["a"].name == "My A"
    assert not library.routines["a"].bundled
    assert library.routines["b"].bundled
    assert list(library.shadowed) == ["a"]
    assert library.shadowed["a"].name == "Bundled A"
    assert library.broken == []


def test_shadowing_works_on_loaded_files_too(tmp_path: Path) -> None:
    bundled = parse_routine(routine_text("Bundled").encode(), tmp_path / "a.toml", bundled=True)
    user = parse_routine(routine_text("Mine").encode(), tmp_path / "u" / "a.toml")
    library = Library.from_files([bundled], [user])
    assert library.routines["a"].name == "Mine"
    assert library.shadowed["a"].name == "Bundled"


def test_an_include_finds_the_user_routine_that_shadows_a_bundled_one(tmp_path: Path) -> None:
    bundled = [
        parse_routine(routine_text("Bundled A").encode(), tmp_path / "a.toml", bundled=True),
        parse_routine(include_text("a").encode(), tmp_path / "b.toml", bundled=True),
    ]
    mine = HEAD + '[[steps]]\nname = "Mine"\nhold = 45\n'
    user = [parse_routine(mine.encode(), tmp_path / "u" / "a.toml")]
    library = Library.from_files(bundled, user)
    timeline = library.timeline(library.routines["b"])
    assert [played.name for played in timeline.steps] == ["First", "Mine"]


def test_a_broken_file_never_stops_the_rest_of_the_library(tmp_path: Path) -> None:
    bundled, user = tmp_path / "bundled", tmp_path / "user"
    bundled.mkdir()
    user.mkdir()
    write(bundled, routine_text("Good"), "good")
    write(bundled, routine_text("Bad TOML") + "hold = \n", "bad-toml")
    (bundled / "not-utf8.toml").write_bytes(b"format = 1\n\xff\xfe\n")
    (bundled / "empty.toml").write_bytes(b"")
    (bundled / "folder.toml").mkdir()
    write(bundled, routine_text("Bad name"), "Bad Name")
    write(bundled, include_text("bad-toml"), "includes-broken")
    write(user, routine_text("Mine", "reps = 0\n"), "mine-broken")
    write(user, routine_text("Mine too"), "mine")
    (user / ".hidden.toml").write_text("not even toml [", encoding="utf-8")
    (user / "notes.txt").write_text("not a routine", encoding="utf-8")
    library = Library.load(bundled, user)
    assert list(library.routines) == ["good", "mine"]
    assert sorted(f.path.name for f in library.broken) == [
        "Bad Name.toml",
        "bad-toml.toml",
        "empty.toml",
        "folder.toml",
        "includes-broken.toml",
        "mine-broken.toml",
        "not-utf8.toml",
    ]
    assert all(f.problems for f in library.broken)


def test_a_missing_folder_is_an_empty_library(tmp_path: Path) -> None:
    library = Library.load(tmp_path / "nowhere", None)
    assert library.routines == {}
    assert library.broken == []

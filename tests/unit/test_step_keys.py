"""A step's `setup`, `position` and `areas` (issue 13): read, checked with located problems and
the nearest word as a hint, written back in the spec's order, and shown by `unknot show`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.cli.main import main
from tui.core.loader import parse_routine
from tui.core.routine import Step
from tui.core.writer import dumps

HEAD = (
    "format = 1\n"  # 1
    "[routine]\n"  # 2
    'name = "Test routine"\n'  # 3
    'summary = "A routine for tests."\n'  # 4
    'areas = ["upper-back", "neck"]\n'  # 5
    "[[steps]]\n"  # 6
    'name = "First"\n'  # 7
    "hold = 30\n"  # 8
)
GOOD = (
    'setup = "Lie on the roller, knees bent."\n'  # 9
    'position = "lying"\n'  # 10
    'areas = ["upper-back"]\n'  # 11
)


def load(text: str):
    return parse_routine(text.encode("utf-8"), Path("/nowhere/test-routine.toml"))


def test_the_three_keys_are_read_into_the_step() -> None:
    loaded = load(HEAD + GOOD)
    assert loaded.problems == []
    assert loaded.routine is not None
    step = loaded.routine.steps[0]
    assert isinstance(step, Step)
    assert (step.setup, step.position, step.areas) == (
        "Lie on the roller, knees bent.",
        "lying",
        ("upper-back",),
    )


def test_a_file_without_them_means_what_it_meant() -> None:
    loaded = load(HEAD)
    assert loaded.routine is not None
    step = loaded.routine.steps[0]
    assert isinstance(step, Step)
    assert (step.setup, step.position, step.areas) == ("", None, ())


@pytest.mark.parametrize(
    ("added", "key", "message", "hint"),
    [
        ('position = "lyin"', "steps[1].position", "'lyin' is not a position word", "'lying'"),
        ('position = "upside-down"', "steps[1].position", "not a position word", "in-water"),
        ("position = 3", "steps[1].position", "not a word", 'position = "standing"'),
        ('areas = ["lower-bak"]', "steps[1].areas[1]", "not one of the words", "'lower-back'"),
        ("areas = 'neck'", "steps[1].areas", "not an array", "areas = ["),
        ("setup = 4", "steps[1].setup", "not a string", "quotes"),
        (f'setup = "{"x" * 401}"', "steps[1].setup", "401 characters long", "400 characters"),
    ],
)
def test_a_bad_value_is_reported_at_its_line_with_what_would_be_right(
    added: str, key: str, message: str, hint: str
) -> None:
    loaded = load(HEAD + added + "\n")
    assert loaded.routine is None
    [problem] = loaded.problems
    assert (problem.line, problem.key) == (9, key)
    assert message in problem.message
    assert hint in problem.hint


def test_a_misspelt_key_is_pointed_at_the_new_one() -> None:
    [problem] = load(HEAD + 'posiiton = "lying"\n').problems
    assert problem.key == "steps[1].posiiton" and problem.hint == "did you mean 'position'?"


def test_they_are_written_after_breathe_and_read_back_equal() -> None:
    routine = load(HEAD + "breathe = [4, 0, 6]\n" + GOOD).routine
    assert routine is not None
    text = dumps(routine)
    step_keys = [
        line.split(" = ")[0] for line in text.split("[[steps]]\n")[1].splitlines() if " = " in line
    ]
    assert step_keys == ["name", "hold", "breathe", "setup", "position", "areas"]
    assert load(text).routine == routine


def test_show_prints_each_step_s_position_set_up_and_cue(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "test-routine.toml"
    path.write_text(HEAD + 'instructions = "Breathe out slowly."\n' + GOOD, encoding="utf-8")
    assert main(["show", str(path)]) == 0
    out = capsys.readouterr().out
    steps = out.split("\nSteps\n", 1)[1].split("\nTimeline", 1)[0]
    assert steps.splitlines() == [
        "  1. First · lying · upper-back",
        "      Set-up: Lie on the roller, knees bent.",
        "      Hold: Breathe out slowly.",
    ]

"""A step's `figure` key: read and checked by the loader (a located problem with the nearest name
as its hint), written back by the writer, printed by `unknot show ID --figures`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.cli.common import EXIT_OK
from tui.cli.main import main
from tui.core import figures
from tui.core.loader import read_routine_file
from tui.core.routine import Step
from tui.core.writer import dumps

ROUTINE = """\
format = 1
[routine]
name = "Figure test"
summary = "Two steps with pictures."
areas = ["lower-back"]

[[steps]]
name = "Hug a knee"
hold = 20
sides = ["right", "left"]
figure = {figure}

[[steps]]
name = "Rest"
hold = 10
"""


def load(tmp_path: Path, figure: str):
    path = tmp_path / "figure-test.toml"
    path.write_text(ROUTINE.format(figure=figure), encoding="utf-8")
    return read_routine_file(path)


def test_a_step_names_a_bundled_figure(tmp_path: Path) -> None:
    loaded = load(tmp_path, '"knee-to-chest"')
    assert loaded.ok, loaded.problems
    first, second = loaded.routine.steps
    assert isinstance(first, Step) and first.figure == "knee-to-chest"
    assert isinstance(second, Step) and second.figure == ""


def test_the_writer_keeps_the_figure_and_reads_back_equal(tmp_path: Path) -> None:
    loaded = load(tmp_path, '"knee-to-chest"')
    text = dumps(loaded.routine)
    assert 'figure = "knee-to-chest"' in text
    again = tmp_path / "again.toml"
    again.write_text(text, encoding="utf-8")
    reread = read_routine_file(again)
    assert reread.ok and reread.routine.steps == loaded.routine.steps
    assert "figure" not in dumps(loaded.routine).split("[[steps]]")[2]  # none: no key written


def test_an_unknown_figure_is_located_and_the_nearest_name_is_the_hint(tmp_path: Path) -> None:
    loaded = load(tmp_path, '"knee-to-chets"')
    assert not loaded.ok
    (problem,) = loaded.problems
    assert problem.line == 11
    assert problem.key == "steps[1].figure"
    assert problem.message == "'knee-to-chets' is not one of the figures unknot ships"
    assert problem.hint.startswith("did you mean 'knee-to-chest'?")
    assert "unknot figure --list" in problem.hint


@pytest.mark.parametrize(("value", "words"), [("3", "not a string"), ('""', "is not one of")])
def test_a_figure_that_is_not_a_name_is_a_problem(tmp_path: Path, value: str, words: str) -> None:
    loaded = load(tmp_path, value)
    (problem,) = loaded.problems
    assert problem.key == "steps[1].figure" and words in problem.message


def test_show_prints_each_steps_figure_for_its_first_side(capsys, tmp_path: Path) -> None:
    path = tmp_path / "figure-test.toml"
    path.write_text(ROUTINE.format(figure='"knee-to-chest"'), encoding="utf-8")
    assert main(["show", str(path), "--figures"]) == EXIT_OK
    out = capsys.readouterr().out
    after = out.split("\nFigures\n", 1)[1]
    lines = after.strip("\n").splitlines()
    assert lines[0] == "1. Hug a knee (knee-to-chest, right side)"
    drawn = figures.draw("knee-to-chest", 40, 10, "right")
    assert lines[1:] == drawn[-len(lines[1:]) :]
    assert "Rest" not in after  # a step without a figure prints none


def test_show_prints_figures_only_when_asked_and_says_when_no_step_has_one(
    capsys, tmp_path: Path
) -> None:
    path = tmp_path / "plain.toml"
    path.write_text(ROUTINE.replace("figure = {figure}\n", ""), encoding="utf-8")
    assert main(["show", str(path)]) == EXIT_OK
    assert "Figures" not in capsys.readouterr().out
    assert main(["show", str(path), "--figures"]) == EXIT_OK
    assert "\nFigures\n  none of its steps names a figure\n" in capsys.readouterr().out


def test_every_bundled_step_with_a_body_position_names_a_bundled_figure() -> None:
    """Issue 17, point 4: each bundled step with a position shows its pose (heat, cold, soak and
    breathing steps show the position only), and a step with sides uses a figure for one side."""
    from tui.core.library import Library
    from tui.core.paths import bundled_routines

    library = Library.load(bundled_routines(), None)
    assert not library.broken
    used: set[str] = set()
    for routine in library.routines.values():
        for step in routine.steps:
            if not isinstance(step, Step):
                continue
            assert step.position is None or step.figure, (routine.id, step.name)
            if step.figure:
                figure = figures.get(step.figure)
                used.add(step.figure)
                if step.sides:
                    assert figure.side in ("left", "right"), (routine.id, step.name)
    must = {"foam-roller-upper-back", "tennis-balls-floor", "wall-ball", "doorway-stretch"}
    must |= {"thread-the-needle", "child-pose", "cat-cow", "knee-to-chest", "downward-dog"}
    must |= {"pigeon", "sphinx", "seated-twist", "neck-side-bend", "chin-tuck"}
    assert must <= used


def test_the_json_schema_offers_the_figure_names_to_an_editor() -> None:
    import json
    import tomllib

    from jsonschema import Draft7Validator

    from tui.core.json_schema import SCHEMA_FILE

    validator = Draft7Validator(json.loads(SCHEMA_FILE.read_text(encoding="utf-8")))
    good = tomllib.loads(ROUTINE.format(figure='"knee-to-chest"'))
    assert list(validator.iter_errors(good)) == []
    wrong = tomllib.loads(ROUTINE.format(figure='"knee-to-chets"'))
    assert [e.message for e in validator.iter_errors(wrong)]

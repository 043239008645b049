"""`unknot figure`: one figure printed in braille, or the list of them all."""

from __future__ import annotations

import pytest

from tui.cli.common import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from tui.cli.main import main
from tui.core import figures


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_figure_prints_as_braille_under_its_title(capsys) -> None:
    code, out, _ = run(capsys, "figure", "child-pose", "--width", "30", "--height", "10")
    assert code == EXIT_OK
    title, *lines = out.splitlines()
    assert title == "child-pose: Child's pose"
    assert 1 <= len(lines) <= 10
    assert all(len(line) == 30 for line in lines)
    assert all(0x2800 <= ord(c) <= 0x28FF for line in lines for c in line)
    assert lines[0] != chr(0x2800) * 30  # blank lines above the figure are left out
    assert lines == figures.draw("child-pose", 30, 10)[-len(lines) :]


def test_a_side_mirrors_a_figure_drawn_for_the_other_side(capsys) -> None:
    _, left, _ = run(capsys, "figure", "knee-to-chest", "--side", "left")
    _, right, _ = run(capsys, "figure", "knee-to-chest", "--side", "right")
    assert left.splitlines()[0] == "knee-to-chest: Knee to chest (left side)"
    assert right.splitlines()[0] == "knee-to-chest: Knee to chest (right side)"
    assert left.splitlines()[1:] != right.splitlines()[1:]


def test_the_list_names_every_figure_with_what_it_shows(capsys) -> None:
    code, out, _ = run(capsys, "figure", "--list")
    assert code == EXIT_OK
    lines = out.splitlines()
    assert lines[0].split() == ["NAME", "VIEW", "SIDE", "WHAT", "IT", "SHOWS"]
    assert [line.split()[0] for line in lines[1:]] == figures.names()
    assert any(
        line.startswith("thread-the-needle") and "Thread the needle" in line for line in lines
    )


def test_an_unknown_figure_names_the_nearest_one(capsys) -> None:
    code, out, err = run(capsys, "figure", "thread-the-needel")
    assert code == EXIT_PROBLEMS
    assert out == ""
    assert "no figure is called 'thread-the-needel'; did you mean 'thread-the-needle'?" in err


def test_no_name_and_no_list_is_one_clear_line(capsys) -> None:
    code, _, err = run(capsys, "figure")
    assert code == EXIT_PROBLEMS
    assert err.startswith("unknot: name a figure")


def test_a_size_out_of_range_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["figure", "sphinx", "--width", "0"])
    assert caught.value.code == EXIT_USAGE

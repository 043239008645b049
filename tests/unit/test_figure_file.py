"""The figure file format and the braille canvas under it."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core import figures
from tui.core.figures.braille import BLANK, Canvas, dots_of
from tui.core.figures.draw import render
from tui.core.figures.fileformat import FigureFileError, dump, parse
from tui.core.figures.model import Figure, joint_names

GOOD = """\
# a comment line
figure test-pose   # a comment after a fact
title A pose for tests
view side
side left
head 0 17
shoulders 0 15
elbows 0 12
hands 0.5 9 -0.5 9
hips 0 9
knees 0 4.5 0.5   0 4.5 -0.5
feet 0 0
floor
chair -1 4.7 left
"""


def test_a_figure_reads_with_pairs_depth_and_props() -> None:
    (figure,) = parse(GOOD)
    assert figure.name == "test-pose"
    assert figure.title == "A pose for tests"
    assert figure.side == "left"
    assert figure.line == 2
    assert figure.joints["left-hand"] == (0.5, 9.0, 0.0)
    assert figure.joints["right-hand"] == (-0.5, 9.0, 0.0)
    assert figure.joints["left-knee"] == (0.0, 4.5, 0.5)
    assert figure.joints["left-elbow"] == figure.joints["right-elbow"]
    assert [(p.kind, p.values, p.word) for p in figure.props] == [
        ("floor", (), ""),
        ("chair", (-1.0, 4.7), "left"),
    ]


def test_dump_reads_back_to_the_same_figures() -> None:
    bundled = list(figures.bundled().values())
    assert parse(dump(bundled)) == bundled
    assert parse(dump(parse(GOOD))) == parse(GOOD)


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (("view side", "view sideways"), 4, "view: one of side, front, above"),
        (("hips 0 9", "hips 0 nine"), 10, "'nine' is not a number"),
        (("hips 0 9", "hips 0 9 1 2 3"), 10, "hips: needs x y"),
        (("feet 0 0", "fet 0 0"), 12, "did you mean feet?"),
        (("chair -1 4.7 left", "chair -1 4.7 up"), 14, "chair: needs chair X SEAT"),
        (("floor", "floor 3"), 13, "floor: needs floor"),
        (("title A pose for tests", "title"), 3, "title: needs the words"),
        (("figure test-pose", "figure Test Pose"), 2, "one kebab-case name"),
    ],
)
def test_a_problem_names_its_line(change: tuple[str, str], line: int, words: str) -> None:
    with pytest.raises(FigureFileError) as caught:
        parse(GOOD.replace(*change, 1), "mine.figures")
    assert any(p.line == line and words in p.message for p in caught.value.problems), (
        caught.value.problems
    )
    assert "mine.figures: line" in str(caught.value)


def test_a_figure_missing_joints_is_reported_at_its_first_line_with_every_other_problem() -> None:
    text = GOOD.replace("elbows 0 12\n", "").replace("feet 0 0", "feet 0 x")
    with pytest.raises(FigureFileError) as caught:
        parse(text + GOOD)
    messages = {(p.line, p.message) for p in caught.value.problems}
    assert (2, "figure test-pose has no elbows") in messages  # feet: given, its line says why
    assert any("is given twice" in message for _, message in messages)
    assert any(line == 11 and "'x' is not a number" in m for line, m in messages)


def test_a_fact_before_any_figure_is_a_problem() -> None:
    with pytest.raises(FigureFileError, match="line 1: head before the first"):
        parse("head 0 1\n" + GOOD)


def test_a_canvas_sets_the_braille_dot_it_is_asked_for() -> None:
    canvas = Canvas(2, 1)
    canvas.plot(0, 0)
    canvas.plot(3, 3)
    canvas.plot(99, 99)  # off the canvas: ignored
    assert canvas.lines() == [chr(BLANK + 0x01) + chr(BLANK + 0x80)]
    assert dots_of(canvas.lines()) == canvas.dots() == {(0, 0), (3, 3)}


def test_a_line_joins_its_ends_and_a_circle_is_round() -> None:
    canvas = Canvas(10, 5)
    canvas.line(0, 0, 19, 7)
    dots = canvas.dots()
    assert (0, 0) in dots and (19, 7) in dots
    assert len(dots) == 20  # one dot per column of a shallow line
    ring = Canvas(10, 5)
    ring.circle(10, 10, 6)
    dots = ring.dots()
    assert {(16, 10), (4, 10), (10, 4), (10, 16)} <= dots
    assert dots == {(20 - x, y) for x, y in dots} == {(x, 20 - y) for x, y in dots}
    disc = Canvas(10, 5)
    disc.circle(10, 10, 3, fill=True)
    assert (10, 10) in disc.dots() and len(disc.dots()) > len(Canvas(10, 5).dots())


coordinate = st.floats(min_value=-50, max_value=50, allow_nan=False)
point = st.tuples(coordinate, coordinate, st.just(0.0))


@settings(max_examples=60, deadline=None)
@given(
    points=st.lists(point, min_size=len(joint_names()), max_size=len(joint_names())),
    width=st.integers(0, 60),
    height=st.integers(0, 30),
)
def test_any_figure_draws_in_braille_without_failing(
    points: list[tuple[float, float, float]], width: int, height: int
) -> None:
    figure = Figure("random", "Random", "side", dict(zip(joint_names(), points, strict=True)))
    lines = render(figure, width, height)
    assert len(lines) == height
    assert all(len(line) == width for line in lines)
    assert all(0x2800 <= ord(c) <= 0x28FF for line in lines for c in line)

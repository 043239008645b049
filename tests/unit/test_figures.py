"""The bundled figures: whole bodies of plausible proportions, each its own pose, drawn in braille
at any size, and mirrored for the other side."""

from __future__ import annotations

import re
from collections import deque
from itertools import combinations

import pytest

from tui.core import figures
from tui.core.figures.braille import BLANK, dots_of
from tui.core.figures.draw import render
from tui.core.figures.model import BONES, Figure, joint_names, length

NAMES = figures.names()
SIZES = [(40, 16), (23, 9), (70, 30), (100, 40)]


def body(name: str) -> Figure:
    return figures.get(name)


def near(a: set[tuple[int, int]], b: set[tuple[int, int]], reach: int = 2) -> bool:
    """Every dot of `a` has a dot of `b` within `reach` dots."""
    steps = range(-reach, reach + 1)
    return all(any((x + dx, y + dy) in b for dx in steps for dy in steps) for x, y in a)


def test_there_are_figures_and_their_names_are_kebab_case() -> None:
    assert len(NAMES) >= 30
    for name in NAMES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name), name


@pytest.mark.parametrize("name", NAMES)
def test_a_figures_joints_make_one_connected_body(name: str) -> None:
    figure = body(name)
    required = set(joint_names()) - {"back"}
    assert required <= set(figure.joints), required - set(figure.joints)
    assert set(figure.joints) <= set(joint_names())
    links: dict[str, set[str]] = {}
    for a, b in BONES:
        links.setdefault(a, set()).add(b)
        links.setdefault(b, set()).add(a)
    reached, todo = {"head"}, deque(["head"])
    while todo:
        for nxt in links[todo.popleft()] - reached:
            reached.add(nxt)
            todo.append(nxt)
    assert set(figure.joints) <= reached
    spine = length(figure, "neck", "pelvis")
    for a, b in BONES:
        bone = length(figure, a, b)
        # No limb of nothing, and no bone so long that a joint has come away from the body.
        # (Shoulders and hips meet at one point in a side view; a spine may bend anywhere.)
        girdle = a in ("neck", "pelvis", "back")
        assert girdle or bone > 0.3 * spine, (a, b, bone)
        assert bone < 1.1 * spine, (a, b, bone, spine)


@pytest.mark.parametrize("name", NAMES)
def test_a_figures_bones_have_plausible_length_ratios(name: str) -> None:
    figure = body(name)
    for side in ("left", "right"):
        upper = length(figure, f"{side}-shoulder", f"{side}-elbow")
        fore = length(figure, f"{side}-elbow", f"{side}-hand")
        thigh = length(figure, f"{side}-hip", f"{side}-knee")
        shin = length(figure, f"{side}-knee", f"{side}-foot")
        assert 0.8 <= upper / fore <= 1.25, (side, "arm", upper, fore)
        assert 0.8 <= thigh / shin <= 1.25, (side, "leg", thigh, shin)
    for a, b in (("shoulder", "elbow"), ("elbow", "hand"), ("hip", "knee"), ("knee", "foot")):
        left = length(figure, f"left-{a}", f"left-{b}")
        right = length(figure, f"right-{a}", f"right-{b}")
        assert 0.8 <= left / right <= 1.25, (a, b, left, right)
    spine = length(figure, "neck", "pelvis")
    leg = length(figure, "left-hip", "left-knee") + length(figure, "left-knee", "left-foot")
    assert 1.1 <= leg / spine <= 2.0
    assert 0.2 <= length(figure, "neck", "head") / spine <= 0.5


def drawing(figure: Figure, width: int = 40, height: int = 16) -> set[tuple[int, int]]:
    return dots_of(render(figure, width, height))


def test_every_bundled_figure_differs_from_every_other_and_its_mirror_image() -> None:
    drawn = {name: drawing(body(name)) for name in NAMES}
    mirrored = {name: drawing(body(name).mirrored()) for name in NAMES}
    for a, b in combinations(NAMES, 2):
        assert body(a).joints != body(b).joints, (a, b)
        for other in (drawn[b], mirrored[b]):
            shared = len(drawn[a] & other) / len(drawn[a] | other)
            assert shared < 0.9, (a, b, shared)


@pytest.mark.parametrize("size", [*SIZES, (1, 1), (3, 2), (0, 0), (5, 0)])
def test_a_drawing_is_braille_cells_of_exactly_the_size_asked(size: tuple[int, int]) -> None:
    width, height = size
    for name in NAMES:
        lines = figures.draw(name, width, height)
        assert len(lines) == height
        for line in lines:
            assert len(line) == width
            assert all(BLANK <= ord(char) <= 0x28FF for char in line)


@pytest.mark.parametrize("size", SIZES)
def test_a_figure_fills_the_room_it_is_given_in_one_direction(size: tuple[int, int]) -> None:
    width, height = size
    for name in NAMES:
        dots = drawing(body(name), width, height)
        xs = [x for x, _ in dots]
        ys = [y for _, y in dots]
        across = (max(xs) - min(xs) + 1) / (width * 2)
        down = (max(ys) - min(ys) + 1) / (height * 4)
        assert max(across, down) >= 0.9, (name, across, down)


def test_a_bigger_room_draws_a_bigger_figure() -> None:
    small = drawing(body("downward-dog"), 20, 8)
    large = drawing(body("downward-dog"), 80, 32)
    assert len(large) > 2 * len(small)


@pytest.mark.parametrize("name", NAMES)
def test_mirroring_twice_gives_the_figure_back(name: str) -> None:
    figure = body(name)
    assert figure.mirrored().mirrored() == figure
    if figure.side:  # a pose for one side is not its own mirror image
        assert figure.mirrored() != figure


@pytest.mark.parametrize("size", SIZES)
def test_a_mirrored_figure_is_drawn_as_the_mirror_image(size: tuple[int, int]) -> None:
    width, height = size
    for name in NAMES:
        plain = drawing(body(name), width, height)
        flipped = {(width * 2 - 1 - x, y) for x, y in plain}
        mirrored = drawing(body(name).mirrored(), width, height)
        # Within two dots: rounding and two-dot bones may land a dot either way.
        assert near(flipped, mirrored) and near(mirrored, flipped), name


def test_a_side_view_is_not_its_own_mirror_image() -> None:
    plain = drawing(body("knee-to-chest"))
    assert not near(plain, drawing(body("knee-to-chest").mirrored()), reach=1)


def test_a_step_side_mirrors_a_figure_drawn_for_the_other_side() -> None:
    figure = body("knee-to-chest")
    assert figure.side == "left"
    assert figure.for_side("left") == figure
    assert figure.for_side(None) == figure
    right = figure.for_side("right")
    assert right == figure.mirrored()
    assert right.side == "right"
    hugged = right.joints["right-knee"]  # the hugged knee is now the right one
    assert hugged[1] > right.joints["left-knee"][1]
    assert figures.draw("knee-to-chest", 30, 10, "right") == render(right, 30, 10)
    symmetric = body("child-pose")
    assert symmetric.side == ""
    assert symmetric.for_side("right") == symmetric


def test_the_nearest_name_helps_after_a_typo() -> None:
    assert figures.nearest("child-pse") == "child-pose"
    assert figures.nearest("thread-needle") == "thread-the-needle"
    assert figures.nearest("zzzzzzzzzz") is None
    with pytest.raises(KeyError):
        figures.get("no-such-figure")


def test_the_names_read_alone_are_the_names_of_the_figures_built() -> None:
    assert figures.bundled_names() == frozenset(figures.bundled())

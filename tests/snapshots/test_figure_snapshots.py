"""Snapshots of the player showing the figure of the pose, at 100×30 and 160×48, on a frozen
clock: under the countdown (a figure lying down), beside it (a standing one), during get-ready
(the coming hold's), after a switch (mirrored), and in a manual step's countdown place."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.snapshots.playing import AppMaker, player_app_maker, scenario

ROUTINE = """\
format = 1

[routine]
name = "Figure routine"
summary = "Poses with pictures."
areas = ["lower-back"]

[defaults]
prep = 3
rest = 5
switch = 4

[[steps]]
name = "Knee to chest"
instructions = "Hug the knee of the side shown toward your chest, the other foot on the floor."
hold = 20
sides = ["left", "right"]
figure = "knee-to-chest"

[[steps]]
name = "Come onto hands and knees"
instructions = "Hands under your shoulders, knees under your hips."
manual = true
figure = "hands-and-knees"

[[steps]]
name = "Standing side stretch"
instructions = "Reach one arm over your head and lean gently away from it."
hold = 30
figure = "standing-side-stretch"
"""

STATES: dict[str, tuple[str | float, ...]] = {
    "prep": ("enter", 1.0),
    "hold": ("enter", 3.0, 7.0),
    "switch": ("enter", 23.0, 1.0),
    "manual": ("enter", 52.0),
    "standing": ("enter", 52.0, "enter", 3.0, 5.0),
}
SIZES = [(100, 30), (160, 48)]


@pytest.fixture
def make_app(tmp_path: Path) -> AppMaker:
    return player_app_maker(tmp_path, "figure-routine", ROUTINE)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("state", list(STATES))
def test_player_with_a_figure(snap_compare, make_app, state: str, size: tuple[int, int]) -> None:
    app, clock = make_app()
    assert snap_compare(app, terminal_size=size, run_before=scenario(clock, *STATES[state]))

"""Snapshots of the player's states and the summary, at 100×30 and 80×24, on a frozen clock.

The routine is written here rather than taken from `routines/`, so editing a bundled routine never
changes a picture. The clock only moves when `run_before` moves it, and every flash of the
countdown is ended before the picture is taken, so the same code always draws the same frame.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.snapshots.playing import AppMaker, player_app_maker, scenario

ROUTINE = """\
format = 1

[routine]
name = "Snapshot routine"
summary = "Every kind of segment, briefly."
areas = ["neck", "upper-back"]
caution = "Stop if anything tingles or goes numb, and never press on the spine itself."

[defaults]
prep = 3
rest = 5
switch = 4

[[steps]]
name = "Neck tilt"
instructions = "Let your head tilt your ear towards your shoulder; keep both shoulders down."
hold = 20
sides = ["left", "right"]

[[steps]]
name = "Get the ball"
instructions = "Put a tennis ball between your upper back and the wall."
manual = true

[[steps]]
name = "Pressure point"
instructions = "Lean into the ball until you feel a dull ache, and breathe slowly."
hold = "10-30s"
repeatable = true
reps = 2
"""

SIZES = [(100, 30), (80, 24)]


STATES: dict[str, tuple[str | float, ...]] = {
    "caution": (),
    "prep": ("enter", 1.0),
    "hold": ("enter", 3.0, 7.0),
    "paused": ("enter", 3.0, 7.0, "space"),
    "switch": ("enter", 23.0, 1.0),
    "manual": ("enter", 52.0),
    # extend the left hold, go on from the manual step, add a spot, skip a hold, pause, finish
    "summary": ("enter", 3.0, "plus", 64.0, "enter", 3.0, "a", "n", "space", "space", 70.0),
}


@pytest.fixture
def app_for(tmp_path: Path) -> AppMaker:
    return player_app_maker(tmp_path, "snapshot-routine", ROUTINE)


@pytest.mark.parametrize("size", SIZES, ids=lambda size: f"{size[0]}x{size[1]}")
@pytest.mark.parametrize("state", list(STATES))
def test_player_snapshot(snap_compare, app_for, state: str, size: tuple[int, int]) -> None:
    app, clock = app_for()
    assert snap_compare(app, terminal_size=size, run_before=scenario(clock, *STATES[state]))


def test_player_snapshot_without_colour(
    snap_compare, app_for, monkeypatch: pytest.MonkeyPatch
) -> None:
    """NO_COLOR: the kind is in words and the pause is a banner, so nothing depends on colour."""
    monkeypatch.setenv("NO_COLOR", "1")
    app, clock = app_for()
    moves = ("enter", 3.0, 7.0, "space")
    assert snap_compare(app, terminal_size=(80, 24), run_before=scenario(clock, *moves))


@pytest.mark.parametrize("state", ["hold", "paused"])
def test_player_snapshot_in_a_light_theme(
    snap_compare, app_for, bell_only: Path, state: str
) -> None:
    """`theme = "textual-light"` in config.toml: every word of the player still reads, since
    its styles use the theme's variables and none of them a fixed colour."""
    bell_only.write_text('theme = "textual-light"\n' + bell_only.read_text(), encoding="utf-8")
    app, clock = app_for()
    assert snap_compare(app, terminal_size=(100, 30), run_before=scenario(clock, *STATES[state]))

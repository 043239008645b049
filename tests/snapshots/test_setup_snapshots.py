"""Snapshots of the player where issue 13 changed what it shows: a step's set-up while getting
ready, the hold's short cue once the person has settled, and a breathing step with its pacer.

The routine is written here, with a set-up as long as the bundled ones get, so a change to
`routines/` never changes a picture; the clock only moves when the scenario moves it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.snapshots.playing import AppMaker, player_app_maker, scenario

ROUTINE = """\
format = 1

[routine]
name = "Set-up snapshot"
summary = "A pose with a set-up, then slow breaths."
areas = ["upper-back", "mid-back"]

[defaults]
prep = 5
rest = 5

[[steps]]
name = "Thread the needle"
setup = \"\"\"
From hands and knees, slide the arm of the side shown, palm up, under your body toward the other \\
side, until that shoulder and the side of your head rest on the mat. You cannot see the screen \\
here: listen for the chimes and spoken step names.\"\"\"
instructions = \"\"\"
Keep your hips over your knees and breathe into your upper back as it turns. Come back up slowly \\
before the side changes.\"\"\"
hold = 30
sides = ["left", "right"]
position = "hands-and-knees"
areas = ["upper-back", "mid-back"]

[[steps]]
name = "Breathing cool-down"
setup = "Lie on your back with your knees bent and one hand on your belly."
instructions = "Breathe in for four as your belly rises and out for six as it falls."
hold = 60
breathe = [4, 0, 6]
position = "lying"
"""

# Playing seconds from the caution's Enter: the prep, then into the first hold, then the breaths.
STATES: dict[str, tuple[float, ...]] = {
    "setup-getting-ready": (2.0,),
    "cue-after-settling": (5.0, 12.0),
    "breathing": (5.0, 30.0, 5.0, 30.0, 5.0, 5.0, 12.0),
}


@pytest.fixture
def app_for(tmp_path: Path) -> AppMaker:
    return player_app_maker(tmp_path, "setup-snapshot", ROUTINE)


@pytest.mark.parametrize("size", [(100, 30), (80, 24)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("state", list(STATES))
def test_setup_snapshot(snap_compare, app_for, state: str, size: tuple[int, int]) -> None:
    app, clock = app_for()
    assert snap_compare(
        app, terminal_size=size, run_before=scenario(clock, "enter", *STATES[state], on_player=True)
    )

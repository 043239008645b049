"""A small library for the tests of today's routine: steps in five positions over five areas,
two cautions and a breathing step, written here so that editing a bundled routine never changes
what these tests compose (tests/app/test_today_screens.py, tests/snapshots)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tui.core.library import Library

DAY = date(2026, 12, 4)  # the check-in's day: the same day, the same routine

ROUTINES = {
    "desk-neck": """\
format = 1

[routine]
name = "Desk neck"
summary = "Neck and shoulders from a chair."
areas = ["neck", "shoulders"]
caution = "Move your neck slowly and only as far as is comfortable."

[[steps]]
name = "Neck side tilt"
hold = 30
sides = ["left", "right"]
position = "seated"
areas = ["neck"]
instructions = "Let your ear drop towards your shoulder."

[[steps]]
name = "Shoulder rolls"
hold = 30
position = "seated"
areas = ["shoulders"]
instructions = "Roll your shoulders slowly backwards."

[[steps]]
name = "Chin tuck"
hold = 20
reps = 2
position = "standing"
areas = ["neck"]
instructions = "Draw your chin straight back."
""",
    "floor-back": """\
format = 1

[routine]
name = "Floor back"
summary = "The lower back and hips on the mat."
areas = ["lower-back", "hips"]
caution = "Stop if you feel numbness or tingling."

[[steps]]
name = "Cat and cow"
hold = 40
position = "hands-and-knees"
areas = ["lower-back"]
instructions = "Round then arch your back with your breath."

[[steps]]
name = "Knee hug"
hold = 45
position = "lying"
areas = ["lower-back", "hips"]
instructions = "Hug both knees gently to your chest."

[[steps]]
name = "Figure four"
hold = 40
sides = ["left", "right"]
position = "lying"
areas = ["hips"]
instructions = "Cross one ankle over the other knee and draw the legs in."

[[steps]]
name = "Slow belly breathing"
hold = 60
breathe = [4, 0, 6]
position = "lying"
areas = ["lower-back"]
instructions = "Let your belly rise and fall."
""",
    "wall-ease": """\
format = 1

[routine]
name = "Wall ease"
summary = "Standing and wall work for the back."
areas = ["lower-back", "upper-back", "neck"]
level = "moderate"

[[steps]]
name = "Standing side bend"
hold = 30
sides = ["left", "right"]
position = "standing"
areas = ["lower-back"]
instructions = "Reach up and over to one side."

[[steps]]
name = "Wall angels"
hold = 40
position = "wall"
areas = ["upper-back", "neck"]
instructions = "Slide your arms up and down the wall."

[[steps]]
name = "Wall lean"
hold = 45
position = "wall"
areas = ["lower-back"]
instructions = "Lean back into the wall and let your lower back soften."
""",
}


def today_library(folder: Path) -> Library:
    """The library above, written into `folder` (a user folder: no bundled routines)."""
    folder.mkdir(parents=True, exist_ok=True)
    for routine_id, text in ROUTINES.items():
        (folder / f"{routine_id}.toml").write_text(text, encoding="utf-8")
    library = Library.load(None, folder)
    assert not library.broken, [p for f in library.broken for p in f.problems]
    return library

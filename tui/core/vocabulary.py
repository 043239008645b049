"""The words a routine file may use for its areas, sides, positions, levels and cue events.

Kept apart from the routine model (tui/core/routine.py, which names them too) so that a screen
needing only the words, the library's area filter, does not wait for the model's dataclasses.
"""

from __future__ import annotations

AREAS: tuple[str, ...] = (
    "neck",
    "shoulders",
    "upper-back",
    "mid-back",
    "lower-back",
    "hips",
    "glutes",
    "chest",
)
SIDES: tuple[str, ...] = ("left", "right")
# Where the body is during a step: lets a player say when the position changes, and tells which
# steps hide the screen (in water, in bed, face to the mat).
POSITIONS: tuple[str, ...] = (
    "standing",
    "seated",
    "wall",
    "hands-and-knees",
    "lying",
    "in-bed",
    "in-water",
)
LEVELS: tuple[str, ...] = ("gentle", "moderate", "firm")
CUE_EVENTS: tuple[str, ...] = (
    "prep",
    "start",
    "halfway",
    "tick",
    "switch",
    "rest",
    "end",
    "complete",
    "inhale",
    "exhale",
)

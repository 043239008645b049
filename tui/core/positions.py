"""Where the body is, in order: how far down to the floor each position is, and the words for
moving from one to the next.

The composer orders steps so a person goes down once and gets up once, and the players' "next:"
line says when the position changes ("next: onto hands and knees"), so the words live here once.
"""

from __future__ import annotations

# How far down a position is: a composed routine never goes back up (but for the final get-up).
# Standing and wall work are both upright; seated is a chair or the floor; then the mat.
# In bed and in water are places of their own, not on this ladder (see tui/core/compose.py).
POSITION_RANK: dict[str, int] = {
    "standing": 0,
    "wall": 0,
    "seated": 1,
    "hands-and-knees": 2,
    "lying": 3,
}

# "next: onto hands and knees": how a player says the move into a position.
MOVE_WORDS: dict[str, str] = {
    "standing": "up to standing",
    "wall": "to the wall",
    "seated": "to sitting",
    "hands-and-knees": "onto hands and knees",
    "lying": "down to lying",
    "in-bed": "into bed",
    "in-water": "into the water",
}


def position_change(before: str | None, after: str | None) -> str | None:
    """The words for moving from `before` to `after` ("onto hands and knees"), or None when the
    position stays the same or either is not known (a step without a position says nothing)."""
    if before is None or after is None or before == after:
        return None
    return MOVE_WORDS.get(after)

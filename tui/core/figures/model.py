"""A figure: a stick person as named joints, and the props the pose needs, all as data.

Coordinates are in body units with y up and the floor at y = 0 (a standing person is about 17
units tall: shin and thigh 4.5 each, spine 6, the head's centre 2 above the shoulders). Joints
come in pairs, the person's left and right; in a side view the two often coincide. A joint may
also have a depth z (towards the viewer), which the drawing ignores: a thigh seen end-on from
the front of a chair is short on screen but keeps its true length, so the skeleton's
proportions can be checked whatever the view. Drawing scales whatever box the figure fills to
the room it is given, so the units only need to agree within one figure.

Mirroring flips x and swaps left for right, so a figure drawn for the left side becomes the
same pose for the right side, and mirroring twice gives the figure back.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

Point = tuple[float, float, float]

PAIRED = ("shoulders", "elbows", "hands", "hips", "knees", "feet")
VIEWS = ("side", "front", "above")
SIDES = ("left", "right")

# A prop's numbers by name, and the words it may take after them (chair: where its back is).
PROPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "floor": ((), ()),
    "mat": (("x1", "x2"), ()),
    "wall": (("x",), ()),
    "doorway": (("x1", "x2", "top"), ()),
    "chair": (("x", "seat"), ("left", "right", "front")),
    "roller": (("x", "y", "r"), ()),
    "ball": (("x", "y", "r"), ()),
    "bed": (("x1", "x2", "top"), ("left", "right")),
    "bath": (("x1", "x2", "top"), ()),
}
# The head's radius in units (the spine is 6): what the drawing uses and the box must allow for.
HEAD_RADIUS = 1.2


def joint_names() -> tuple[str, ...]:
    """Every joint a figure has: the head, the optional mid-back, and each side of each pair."""
    return ("head", "back", *(f"{side}-{single(pair)}" for pair in PAIRED for side in SIDES))


def single(pair: str) -> str:
    """'shoulders' -> 'shoulder', 'feet' -> 'foot'."""
    return "foot" if pair == "feet" else pair[:-1]


@dataclass(frozen=True, slots=True)
class Prop:
    """One prop: its kind, its numbers (see PROPS) and its word, if the kind takes one."""

    kind: str
    values: tuple[float, ...] = ()
    word: str = ""

    def mirrored(self) -> Prop:
        v = self.values
        word = {"left": "right", "right": "left"}.get(self.word, self.word)
        if self.kind in ("mat", "doorway", "bed", "bath"):
            return replace(self, values=(-v[1], -v[0], *v[2:]), word=word)
        if v:
            return replace(self, values=(-v[0], *v[1:]), word=word)
        return self


@dataclass(frozen=True, slots=True)
class Figure:
    """A named pose. `joints` maps every name of joint_names() to a point ('back' is optional:
    without it the spine is straight); `side` is the side the pose shows working, if any."""

    name: str
    title: str
    view: str
    joints: dict[str, Point]
    props: tuple[Prop, ...] = ()
    side: str = ""
    line: int = field(default=0, compare=False)

    def point(self, name: str) -> Point:
        """A joint, or one of the points the skeleton derives: 'neck' (between the shoulders),
        'pelvis' (between the hips) and 'back' (halfway down the spine unless given)."""
        j = self.joints
        if name in j:
            return j[name]
        if name == "neck":
            return _mid(j["left-shoulder"], j["right-shoulder"])
        if name == "pelvis":
            return _mid(j["left-hip"], j["right-hip"])
        if name == "back":
            return _mid(self.point("neck"), self.point("pelvis"))
        raise KeyError(name)

    def mirrored(self) -> Figure:
        """The same pose for the other side: x flipped, left and right swapped."""
        swapped: dict[str, Point] = {}
        for name, (x, y, z) in self.joints.items():
            if name.startswith("left-"):
                name = "right-" + name[5:]
            elif name.startswith("right-"):
                name = "left-" + name[6:]
            swapped[name] = (-x if x else 0.0, y, z)
        side = {"left": "right", "right": "left"}.get(self.side, self.side)
        return replace(
            self,
            joints={k: swapped[k] for k in sorted(swapped, key=_JOINT_ORDER.index)},
            props=tuple(p.mirrored() for p in self.props),
            side=side,
        )

    def for_side(self, side: str | None) -> Figure:
        """The figure as a step's `side` should show it: mirrored when the figure shows the
        other side; unchanged for a figure without a side or a step without one."""
        if side in SIDES and self.side in SIDES and side != self.side:
            return self.mirrored()
        return self


_JOINT_ORDER = joint_names()


def _mid(a: Point, b: Point) -> Point:
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2)


def bones() -> tuple[tuple[str, str], ...]:
    """The skeleton: which points are joined by a line (neck and pelvis are derived points)."""
    limbs = []
    for side in SIDES:
        limbs += [
            ("neck", f"{side}-shoulder"),
            (f"{side}-shoulder", f"{side}-elbow"),
            (f"{side}-elbow", f"{side}-hand"),
            ("pelvis", f"{side}-hip"),
            (f"{side}-hip", f"{side}-knee"),
            (f"{side}-knee", f"{side}-foot"),
        ]
    return (("neck", "head"), ("neck", "back"), ("back", "pelvis"), *limbs)


BONES = bones()


def length(figure: Figure, a: str, b: str) -> float:
    """The true distance between two of a figure's points, depth included, in units."""
    return math.dist(figure.point(a), figure.point(b))

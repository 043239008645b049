"""A figure drawn in braille at the size it is given: the largest scale at which it fits.

The figure's box (its joints, head, and the props that have a size) is scaled alike in x and y
to fill `width` × `height` cells, centred across and standing on the bottom row; a floor and
walls run on to the canvas's edges. Props go down first, then the skeleton, then the head, so
the body reads on top. Bones are two dots thick once the figure is large enough for one-dot
lines to look faint (a 160×48 terminal), one dot otherwise.
"""

from __future__ import annotations

import math

from tui.core.figures.braille import Canvas
from tui.core.figures.model import BONES, HEAD_RADIUS, Figure, Prop

# Heights of props in units, where the file gives only where they stand.
CHAIR_HALF_SIDE = 1.8
CHAIR_HALF_FRONT = 2.4
CHAIR_BACK = 5.5
MAT_THICK = 0.35
BED_DEPTH = 1.4
BED_HEAD = 2.8
# Dots per unit from which bones are drawn two dots thick.
THICK_FROM = 4.5
PAD = 0.4


def _prop_box(prop: Prop) -> tuple[list[float], list[float]]:
    """The x and y values a prop needs inside the picture (a floor or wall only its line)."""
    v = prop.values
    kind = prop.kind
    if kind == "floor":
        return [], [0.0]
    if kind == "wall":
        return [v[0]], [0.0]
    if kind == "mat":
        return [v[0], v[1]], [0.0, MAT_THICK]
    if kind in ("doorway", "bath"):
        return [v[0], v[1]], [0.0, v[2]]
    if kind == "bed":
        return [v[0], v[1]], [0.0, v[2] + BED_HEAD]
    if kind == "chair":
        half = CHAIR_HALF_FRONT if prop.word == "front" else CHAIR_HALF_SIDE
        return [v[0] - half, v[0] + half], [0.0, v[1] + CHAIR_BACK]
    # roller, ball
    return [v[0] - v[2], v[0] + v[2]], [v[1] - v[2], v[1] + v[2]]


def box(figure: Figure) -> tuple[float, float, float, float]:
    """(min x, min y, max x, max y) of what must be seen, in units, padded a little."""
    xs = [p[0] for p in figure.joints.values()]
    ys = [p[1] for p in figure.joints.values()]
    hx, hy, _ = figure.joints["head"]
    xs += [hx - HEAD_RADIUS, hx + HEAD_RADIUS]
    ys += [hy - HEAD_RADIUS, hy + HEAD_RADIUS]
    for prop in figure.props:
        px, py = _prop_box(prop)
        xs += px
        ys += py
    return min(xs) - PAD, min(ys) - PAD, max(xs) + PAD, max(ys) + PAD


def fit(figure: Figure, width: int, height: int) -> float:
    """Dots per unit the figure is drawn at in `width` × `height` cells: how big it comes out,
    for choosing between two places to put it."""
    if width <= 0 or height <= 0:
        return 0.0
    x0, y0, x1, y1 = box(figure)
    return min(max(width * 2 - 1, 1) / (x1 - x0), max(height * 4 - 1, 1) / (y1 - y0))


class _Frame:
    """Units to dots: one scale for x and y, y flipped so up is up."""

    def __init__(self, figure: Figure, canvas: Canvas) -> None:
        x0, y0, x1, y1 = box(figure)
        room_w, room_h = max(canvas.dot_width - 1, 1), max(canvas.dot_height - 1, 1)
        self.scale = min(room_w / (x1 - x0), room_h / (y1 - y0))
        self.left = x0 - (room_w / self.scale - (x1 - x0)) / 2
        self.top = y0 + room_h / self.scale
        self.canvas = canvas

    def x(self, x: float) -> int:
        return round((x - self.left) * self.scale)

    def y(self, y: float) -> int:
        return round((self.top - y) * self.scale)

    def dots(self, units: float) -> int:
        return max(1, round(units * self.scale))


def _thick_line(canvas: Canvas, x0: int, y0: int, x1: int, y1: int, thick: bool) -> None:
    canvas.line(x0, y0, x1, y1)
    if thick:  # a second line beside the first, across its main direction
        if abs(x1 - x0) >= abs(y1 - y0):
            canvas.line(x0, y0 + 1, x1, y1 + 1)
        else:
            canvas.line(x0 + 1, y0, x1 + 1, y1)


def _draw_prop(prop: Prop, f: _Frame) -> None:
    c = f.canvas
    v = prop.values
    floor = f.y(0.0)
    kind = prop.kind
    if kind == "floor":
        c.line(0, floor, c.dot_width - 1, floor)
    elif kind == "wall":
        c.line(f.x(v[0]), 0, f.x(v[0]), floor)
    elif kind == "mat":
        top = min(f.y(MAT_THICK), floor - 1)
        c.line(f.x(v[0]), top, f.x(v[1]), top)
        c.line(f.x(v[0]), top, f.x(v[0]), floor)
        c.line(f.x(v[1]), top, f.x(v[1]), floor)
    elif kind == "doorway":
        left, right, top = f.x(v[0]), f.x(v[1]), f.y(v[2])
        c.line(left, top, left, floor)
        c.line(right, top, right, floor)
        c.line(left, top, right, top)
    elif kind == "chair":
        half = CHAIR_HALF_FRONT if prop.word == "front" else CHAIR_HALF_SIDE
        left, right, seat = f.x(v[0] - half), f.x(v[0] + half), f.y(v[1])
        back_top = f.y(v[1] + CHAIR_BACK)
        c.line(left, seat, right, seat)
        c.line(left, seat, left, floor)
        c.line(right, seat, right, floor)
        for word, x in (("left", left), ("right", right)):
            if prop.word in (word, "front"):
                c.line(x, seat, x, back_top)
    elif kind == "roller":
        c.circle(f.x(v[0]), f.y(v[1]), f.dots(v[2]))
    elif kind == "ball":
        c.circle(f.x(v[0]), f.y(v[1]), f.dots(v[2]), fill=True)
    elif kind == "bed":
        left, right, top = f.x(v[0]), f.x(v[1]), f.y(v[2])
        bottom = f.y(v[2] - BED_DEPTH)
        c.line(left, top, right, top)
        c.line(left, bottom, right, bottom)
        c.line(left, top, left, floor)
        c.line(right, top, right, floor)
        head = left if prop.word == "left" else right
        c.line(head, f.y(v[2] + BED_HEAD), head, top)
    elif kind == "bath":
        left, right, top = f.x(v[0]), f.x(v[1]), f.y(v[2])
        bottom = f.y(0.3)
        c.line(left, top, left, bottom)
        c.line(right, top, right, bottom)
        c.line(left, bottom, right, bottom)
        water = f.y(v[2] - 0.8)
        for x in range(left + 2, right - 1, 3):  # a dotted water line
            c.plot(x, water)


def render(figure: Figure, width: int, height: int) -> list[str]:
    """`figure` in `height` lines of `width` braille characters (U+2800 where nothing is)."""
    canvas = Canvas(width, height)
    if not canvas.width or not canvas.height:
        return ["" for _ in range(canvas.height)]
    frame = _Frame(figure, canvas)
    for prop in figure.props:
        _draw_prop(prop, frame)
    thick = frame.scale >= THICK_FROM
    points = {
        name: (frame.x(figure.point(name)[0]), frame.y(figure.point(name)[1]))
        for name in {n for bone in BONES for n in bone}
    }
    radius = frame.dots(HEAD_RADIUS)
    hx, hy = points["head"]
    for a, b in BONES:
        (x0, y0), (x1, y1) = points[a], points[b]
        if b == "head":  # the neck stops at the head's edge
            dx, dy = hx - x0, hy - y0
            span = math.hypot(dx, dy)
            if span <= radius:
                continue
            x1 = round(hx - dx * radius / span)
            y1 = round(hy - dy * radius / span)
        _thick_line(canvas, x0, y0, x1, y1, thick)
    canvas.circle(hx, hy, radius)
    if thick:
        canvas.circle(hx, hy, radius - 1)
    return canvas.lines()

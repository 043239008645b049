"""A canvas of braille dots: two columns by four rows of dots in every character cell.

Braille patterns (U+2800–U+28FF) are in every terminal font that matters and give eight dots a
cell, so a stick figure 30 cells wide has 60×(4 × its lines) points to be drawn with. Terminal
cells are about twice as tall as wide, so a braille dot is close to square and a circle stays
round. Pure Python with no dependency: drawing a figure is a few hundred dot sets (see
benchmarks/bench_figures.py for what it costs).
"""

from __future__ import annotations

BLANK = 0x2800
# The bit of each dot in a cell, by [row][column]: braille numbers its dots 1-2-3-7 down the left
# column and 4-5-6-8 down the right one.
_DOT_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))


class Canvas:
    """Dots in a grid of `width` × `height` cells; (0, 0) is the top-left dot, y grows down.

    Dots outside the grid are ignored, so a shape may run off the edge without care."""

    __slots__ = ("_cells", "dot_height", "dot_width", "height", "width")

    def __init__(self, width: int, height: int) -> None:
        self.width = max(0, width)
        self.height = max(0, height)
        self.dot_width = self.width * 2
        self.dot_height = self.height * 4
        self._cells = bytearray(self.width * self.height)

    def plot(self, x: int, y: int) -> None:
        if 0 <= x < self.dot_width and 0 <= y < self.dot_height:
            self._cells[(y >> 2) * self.width + (x >> 1)] |= _DOT_BITS[y & 3][x & 1]

    def is_set(self, x: int, y: int) -> bool:
        if 0 <= x < self.dot_width and 0 <= y < self.dot_height:
            return bool(self._cells[(y >> 2) * self.width + (x >> 1)] & _DOT_BITS[y & 3][x & 1])
        return False

    def line(self, x0: int, y0: int, x1: int, y1: int) -> None:
        """A one-dot line (Bresenham), both ends included."""
        dx, dy = abs(x1 - x0), -abs(y1 - y0)
        sx = 1 if x0 < x1 else -1
        sy = 1 if y0 < y1 else -1
        err = dx + dy
        put = self.plot
        while True:
            put(x0, y0)
            if x0 == x1 and y0 == y1:
                return
            e2 = 2 * err
            if e2 >= dy:
                err += dy
                x0 += sx
            if e2 <= dx:
                err += dx
                y0 += sy

    def circle(self, cx: int, cy: int, r: int, *, fill: bool = False) -> None:
        """A circle of radius `r` dots (midpoint algorithm); `fill` paints its inside too."""
        if r <= 0:
            self.plot(cx, cy)
            return
        x, y, err = r, 0, 1 - r
        put = self.plot
        while x >= y:
            if fill:
                for sx0, sx1, sy in (
                    (cx - x, cx + x, cy + y),
                    (cx - x, cx + x, cy - y),
                    (cx - y, cx + y, cy + x),
                    (cx - y, cx + y, cy - x),
                ):
                    for px in range(sx0, sx1 + 1):
                        put(px, sy)
            else:
                for px, py in (
                    (x, y),
                    (y, x),
                    (-y, x),
                    (-x, y),
                    (-x, -y),
                    (-y, -x),
                    (y, -x),
                    (x, -y),
                ):
                    put(cx + px, cy + py)
            y += 1
            if err < 0:
                err += 2 * y + 1
            else:
                x -= 1
                err += 2 * (y - x) + 1

    def lines(self) -> list[str]:
        """The grid as text, one string of `width` braille characters per cell row."""
        cells, width = self._cells, self.width
        return [
            "".join(chr(BLANK + b) for b in cells[row * width : (row + 1) * width])
            for row in range(self.height)
        ]

    def dots(self) -> set[tuple[int, int]]:
        """Every dot that is set, as (x, y): what tests compare."""
        return {
            (x, y)
            for y in range(self.dot_height)
            for x in range(self.dot_width)
            if self.is_set(x, y)
        }


def dots_of(lines: list[str]) -> set[tuple[int, int]]:
    """The dots drawn in braille text (the inverse of Canvas.lines), for tests and mirroring."""
    found: set[tuple[int, int]] = set()
    for row, text in enumerate(lines):
        for col, char in enumerate(text):
            bits = ord(char) - BLANK
            for dy, pair in enumerate(_DOT_BITS):
                for dx, bit in enumerate(pair):
                    if bits & bit:
                        found.add((col * 2 + dx, row * 4 + dy))
    return found
